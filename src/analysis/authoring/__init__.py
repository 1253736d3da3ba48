"""Tools for writing the monitor, on top of the build: the live preview, JupyterLab, notebook pairs.

The live preview (`preview*`) rebuilds on every save with the ordinary build
(`analysis.pipeline`); `lab` and `notebook_pairs` keep the chapter notebooks and their
percent scripts the way the repository keeps them; `quick` runs the unit tests of the
files changed since the last commit. Nothing in the build imports these modules.
"""
