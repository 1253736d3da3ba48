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


def build_dir() -> Path:
    """`.build/` at the project root: scratch output of runs by hand (ignored by git).

    Notebooks run by hand and the preview write here, never into `notebooks/`, `report/`
    or any tracked folder, so opening and running a chapter leaves `git status` clean.
    """
    return project_root() / ".build"


def notebook_output_dir(year: int) -> Path:
    """Where a notebook run by hand writes its tables and charts (the build passes its own)."""
    return build_dir() / "notebooks" / str(year)


def preview_out_dir() -> Path:
    """The preview's report root: a folder of its own, so `report/` changes only on request."""
    return build_dir() / "preview"


def preview_processed_dir() -> Path:
    """The preview's processed tables (beside, not inside, its report root)."""
    return build_dir() / "preview-processed"


def from_root(path: str | Path) -> Path:
    """`path` as an absolute path: a relative one is taken from the project root.

    Why: a notebook's kernel starts in the notebook's folder (JupyterLab, VS Code) or
    wherever `jupyter execute` was run; `data/raw` must mean the project's folder in
    every one of them, not `notebooks/data/raw`.
    """
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else project_root() / candidate
