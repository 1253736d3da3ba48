"""What one build is asked to do, and what it reads from the project before any step runs.

`BuildConfig` holds the command line's choices; the functions read the years with data,
the engine available here, and `_quarto.yml`'s page list and slow notebooks.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from analysis.data.editions import PUBLISHED_EDITION, Edition
from analysis.data.input_files import is_ignored
from analysis.errors import BuildError
from analysis.pipeline.cache import StepCache


@dataclass(frozen=True)
class BuildConfig:
    year: int
    project_dir: Path
    data_dir: Path
    processed_dir: Path
    out_dir: Path
    engine: Literal["pandoc", "quarto"]
    force: bool = False
    quiet: bool = False
    jobs: int = 2
    #: False: the site only, no PDF (the preview's fast loop, `build --site-only`).
    pdf: bool = True
    #: Which edition (`analysis.data.editions`): the published one or the demonstration,
    #: with the data the demonstration lays over `base_data_dir`.
    edition: Edition = PUBLISHED_EDITION
    #: The data folder an edition's own is assembled from (the demonstration edition's
    #: `data_dir` lies in the build's cache); None when `data_dir` is read as it is.
    base_data_dir: Path | None = None
    #: The notebook of the page a preview is showing: the other notebooks that are out of
    #: date keep their last output in this build, so that page is rebuilt first; the
    #: preview then runs the full build (`analysis.authoring.preview`). None: every step.
    page_first: str | None = None

    @property
    def demonstration(self) -> bool:
        return self.edition.demonstration

    @property
    def input_data_dir(self) -> Path:
        """The data folder the person named: the one the build must never write into."""
        return self.base_data_dir or self.data_dir

    @property
    def cache(self) -> StepCache:
        return StepCache(self.out_dir / ".cache" / str(self.year))

    @property
    def processed_stage(self) -> Path:
        """Where the data steps write the processed tables and the notebooks read them.

        Inside the cache, so a build that fails after the data steps leaves
        `--processed-dir` untouched; the publish copies the tables there.
        """
        return self.cache.root / "processed"

    def notebook_dir(self, notebook: str) -> Path:
        """The cache folder of one notebook's step: the executed notebook and `out/`."""
        return self.cache.output_dir(f"notebook:{Path(notebook).stem}")


def resolve_engine(engine: str) -> Literal["pandoc", "quarto"]:
    """`auto` means quarto where it is installed, pandoc + Typst everywhere else."""
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "pandoc"
    if engine == "quarto":
        if not shutil.which("quarto"):
            raise BuildError(
                "engine 'quarto' requested but `quarto` is not on PATH; use --renderer pandoc"
            )
        return "quarto"
    if engine == "pandoc":
        return "pandoc"
    raise BuildError(f"unknown engine {engine!r}: choose auto, pandoc or quarto")


def year_folders(data_dir: Path) -> dict[int, bool]:
    """Year folders under `<data-dir>/kt_metrics/`, each with whether it holds a submission.

    A submission is any file that is not ignored (`analysis.data.input_files`): an empty
    folder, or one holding only an Excel lock file, has none.
    """
    root = data_dir / "kt_metrics"
    if not root.is_dir():
        return {}
    folders: dict[int, bool] = {}
    for entry in root.iterdir():
        name = entry.name
        if entry.is_dir() and len(name) == 4 and name.isascii() and name.isdigit():
            folders[int(name)] = any(
                not is_ignored(f.name) and f.is_file() for f in entry.iterdir()
            )
    return dict(sorted(folders.items()))


def available_years(data_dir: Path) -> list[int]:
    """Years with at least one submission under `<data-dir>/kt_metrics/`."""
    return [year for year, filled in year_folders(data_dir).items() if filled]


def _build_list(project_dir: Path, key: str) -> list[str]:
    import yaml

    config = yaml.safe_load((project_dir / "_quarto.yml").read_text(encoding="utf-8"))
    build_config = (config.get("valorisatiemonitor") or {}).get("build") or {}
    return [str(p) for p in build_config.get(key, [])]


def slow_notebooks(project_dir: Path) -> list[str]:
    """Notebooks `_quarto.yml` marks as slow (`valorisatiemonitor.build.slow`)."""
    return _build_list(project_dir, "slow")


def validation_readers(project_dir: Path) -> list[str]:
    """Notebooks that read the validation's results and so wait for it
    (`valorisatiemonitor.build.after_validation`)."""
    return _build_list(project_dir, "after_validation")


def render_pages(project_dir: Path) -> list[str]:
    """The ordered page list (`project.render`) of `_quarto.yml`."""
    import yaml

    config = yaml.safe_load((project_dir / "_quarto.yml").read_text(encoding="utf-8"))
    pages = config.get("project", {}).get("render", [])
    if not pages:
        raise BuildError(f"{project_dir / '_quarto.yml'}: project.render lists no pages")
    return [str(p) for p in pages]


def current_year() -> int:
    """The calendar year for 'year in the future' checks (SOURCE_DATE_EPOCH wins, for reproducibility).

    Not the build year: a build for a future year is what the check must catch.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return time.gmtime(int(epoch)).tm_year
    return time.gmtime().tm_year
