"""Stage 6 of the pipeline: the build that runs the other stages and publishes the report.

The yearly build (`pipeline`), what keeps it harmless (`guard`), the worker processes it
hands the data steps and the notebooks to (`data_steps`, `notebook_runner`, `worker`),
the live preview (`preview*`) and the notebook tooling (`notebook_params`,
`notebook_pairs`, `lab`). The command line (`analysis.cli`) sits on top of it.
"""
