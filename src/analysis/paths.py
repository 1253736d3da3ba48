"""Where things live, so no module hard-codes the project layout."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: `VALORISATIEMONITOR_ROOT` if set, else the folder holding `_quarto.yml`.

    Searching upwards from the current directory first lets the command run from
    any subfolder of a checkout; the package location is the fallback for an
    editable install.
    """
    env = os.environ.get("VALORISATIEMONITOR_ROOT")
    if env:
        return Path(env).resolve()
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            if (folder / "_quarto.yml").is_file() and (folder / "src" / "analysis").is_dir():
                return folder
    return Path.cwd()


def default_data_dir() -> Path:
    return project_root() / "data" / "raw"


def default_processed_dir() -> Path:
    return project_root() / "data" / "processed"


def default_out_dir() -> Path:
    return project_root() / "report"


def shared_dir() -> Path | None:
    """`../shared` beside the checkout (reference material and real open test data), if present."""
    candidate = project_root().parent / "shared"
    return candidate if candidate.is_dir() else None
