"""The computing stack a build ran on: the packages whose versions shape the numbers.

Stage-neutral (like `paths` and `errors`): the build's manifest records these versions,
and the colophon of the report lists them, so both read one list.
"""

from __future__ import annotations

import sys

#: Packages whose versions go into the manifest (what the numbers were computed with).
MANIFEST_PACKAGES = (
    "valorisatiemonitor",
    "pandas",
    "numpy",
    "pyarrow",
    "great-expectations",
    "statsmodels",
    "scikit-learn",
    "altair",
    "vl-convert-python",
    "papermill",
    "pypandoc-binary",
    "typst",
)


def package_versions() -> dict[str, str]:
    """The installed version of each of `MANIFEST_PACKAGES`, and Python's."""
    from importlib import metadata

    versions: dict[str, str] = {}
    for package in MANIFEST_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["python"] = ".".join(str(v) for v in sys.version_info[:3])
    return versions
