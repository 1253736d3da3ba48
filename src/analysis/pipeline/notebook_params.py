"""Defaults for a chapter notebook's parameters, so it runs wherever it is opened.

Why: the build runs every notebook with papermill and injects absolute paths and a
year. A researcher opens the same notebook in JupyterLab or VS Code, where the kernel
starts in `notebooks/`, or runs `jupyter execute` / `papermill` from any folder, with no
parameters at all. The parameters cell therefore holds `None` for each value, and the
notebook's first code cell calls `resolve_parameters`, which

- takes relative paths from the project root (`analysis.paths`), never the working
  directory;
- picks the latest year with submissions when no year is given;
- produces the processed tables in the default folder (`data/processed/`) when they are
  missing or older than the raw data, by the build's own validate and process steps,
  with one line saying so; elsewhere it names the command to run;
- sends the notebook's tables and charts to `.build/notebooks/<year>/`, which git
  ignores, so running a chapter by hand never writes into `notebooks/` or a tracked
  folder.

With the build's values (absolute paths, a year) it changes nothing and writes nothing;
it switches on the sharing of costly results between the build's notebooks
(`analysis.shared_results`).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal, NamedTuple

from analysis import paths, shared_results
from analysis.data.input_files import is_ignored
from analysis.errors import BuildError

__all__ = [
    "NotebookParameters",
    "NotebookSetupError",
    "latest_year",
    "processed_state",
    "produce_processed",
    "resolve_parameters",
]

ProcessedState = Literal["fresh", "missing", "stale"]


class NotebookSetupError(RuntimeError):
    """A notebook cannot start: one line in Dutch and English, naming the command to run."""


class NotebookParameters(NamedTuple):
    """The four papermill parameters, resolved: an int year and absolute paths as text."""

    year: int
    data_dir: str
    processed_dir: str
    output_dir: str


def latest_year(data_dir: Path) -> int:
    """The latest year whose folder under `<data_dir>/kt_metrics/` holds a submission, or
    the edition year of `_quarto.yml` when that is later.

    The same rule as `valorisatiemonitor build --year latest`: a year folder without
    submissions (only a lock file, or empty) does not count.
    """
    from analysis.data.editions import default_year
    from analysis.pipeline.build_config import available_years

    years = available_years(data_dir)
    configured = default_year(paths.project_root())
    if configured is not None:
        # The published edition reports on its year before any institution has submitted.
        years = sorted({*years, configured})
    if not years:
        raise NotebookSetupError(
            f"Geen jaar met inzendingen in {data_dir / 'kt_metrics'}; voeg inzendingen toe of "
            f"draai `valorisatiemonitor demo --out {data_dir}` / no year with submissions in "
            f"{data_dir / 'kt_metrics'}: add submissions or run "
            f"`valorisatiemonitor demo --out {data_dir}`"
        )
    return years[-1]


def _newest_input(data_dir: Path) -> int:
    """The newest modification time (ns) of any input file in the data folder."""
    newest = 0
    for dirpath, dirnames, filenames in os.walk(data_dir):
        dirnames[:] = [d for d in dirnames if not is_ignored(d)]
        for name in filenames:
            if not is_ignored(name):
                newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime_ns)
    return newest


def _tables(processed_dir: Path, *, validated: bool = True) -> list[Path]:
    """The processed files; `validated=False`: only the tables a build hands its notebooks
    before the validation has finished."""
    from analysis.pipeline.data_steps import PROCESSED_FILES, TABLE_FILES

    return [processed_dir / name for name in (PROCESSED_FILES if validated else TABLE_FILES)]


def processed_state(data_dir: Path, processed_dir: Path) -> ProcessedState:
    """Whether the processed tables are there and at least as new as every raw input.

    A modification time, not a content hash: the tables carry no record of the data they
    came from, and a file beside them would be one the build refuses (`analysis.pipeline.guard`).
    Every writer (the build's publish, `produce_processed`) gives them a fresh time, so
    "older than a raw file" means a raw file changed since.
    """
    tables = _tables(processed_dir)
    if not all(table.is_file() for table in tables):
        return "missing"
    oldest_table = min(table.stat().st_mtime_ns for table in tables)
    return "stale" if _newest_input(data_dir) > oldest_table else "fresh"


def produce_processed(data_dir: Path, processed_dir: Path) -> list[Path]:
    """Run the build's validate and process steps for `data_dir` into `processed_dir`.

    The same worker process as the build (`analysis.pipeline.data_steps`), under the same lock on
    the folder, so a build that runs meanwhile is never overwritten half-way. The tables
    are made in a scratch folder under `.build/` first and moved in together at the end:
    invalid data (an `InputError` naming file, row, column and rule) leave the folder as
    it was.
    """
    from analysis.data.content_hash import digest, hash_tree
    from analysis.pipeline import guard
    from analysis.pipeline.build_config import current_year
    from analysis.pipeline.data_steps import PROCESSED_FILES, DataWorker

    foreign = guard._foreign_processed_entries(processed_dir, PROCESSED_FILES)
    if foreign:
        raise NotebookSetupError(
            f"{processed_dir} bevat {foreign[0]!r}, dat de build niet schreef; ruim het op / "
            f"{processed_dir} holds {foreign[0]!r}, which the build did not write: move it away"
        )
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    scratch_root = paths.build_dir()
    scratch_root.mkdir(parents=True, exist_ok=True)
    try:
        lock = guard.processed_dir_lock(processed_dir).acquire()
    except BuildError:
        raise NotebookSetupError(
            f"Een build schrijft nu naar {processed_dir}; wacht tot die klaar is en voer de "
            f"cel opnieuw uit / a build is writing to {processed_dir}: wait for it to finish "
            "and run the cell again"
        ) from None
    try:
        with tempfile.TemporaryDirectory(prefix="processed-", dir=scratch_root) as scratch:
            stage = Path(scratch)
            key = digest(hash_tree(data_dir))
            with DataWorker() as worker:
                for step in ("process", "validate"):  # the build's order and its checks
                    worker.run(
                        step,
                        data_dir=data_dir,
                        processed_dir=stage,
                        current_year=current_year(),
                        data_key=key,
                    )
            processed_dir.mkdir(parents=True, exist_ok=True)
            moves: list[tuple[Path, Path]] = []
            try:
                for name in PROCESSED_FILES:
                    final = processed_dir / name
                    temporary = processed_dir / f".{name}.tmp-{os.getpid()}"
                    shutil.copyfile(stage / name, temporary)
                    moves.append((temporary, final))
                for temporary, final in moves:
                    os.replace(temporary, final)
            finally:
                for temporary, _ in moves:
                    temporary.unlink(missing_ok=True)
    finally:
        lock.release()
    return [processed_dir / name for name in PROCESSED_FILES]


def _shown(path: Path) -> str:
    """`path` relative to the project root when it lies inside it (shorter to read)."""
    try:
        return path.resolve().relative_to(paths.project_root().resolve()).as_posix()
    except ValueError:
        return str(path)


def _ensure_processed(data_dir: Path, processed_dir: Path) -> None:
    """Make the default processed folder usable, saying so in one line when it had to."""
    state = processed_state(data_dir, processed_dir)
    if state == "fresh":
        return
    start = time.perf_counter()
    produce_processed(data_dir, processed_dir)
    seconds = f"{time.perf_counter() - start:.1f}"
    data, target = _shown(data_dir), _shown(processed_dir)
    why_nl = "ontbraken" if state == "missing" else f"waren ouder dan {data}"
    why_en = "were missing" if state == "missing" else f"were older than {data}"
    print(
        f"Verwerkte gegevens {why_nl}; gemaakt in {target} ({seconds.replace('.', ',')} s)"
        f" / processed data {why_en}; produced in {target} ({seconds} s)",
        file=sys.stdout,
        flush=True,
    )


def resolve_parameters(
    year: int | str | None = None,
    data_dir: str | Path | None = None,
    processed_dir: str | Path | None = None,
    output_dir: str | Path | None = None,
) -> NotebookParameters:
    """The notebook's parameters with every `None` replaced by its default (see module doc).

    Only the default processed folder is ever written to (when its tables are missing or
    older than the raw data); for a folder given explicitly, missing tables raise a
    `NotebookSetupError` that names the command to run.
    """
    data = paths.from_root(data_dir) if data_dir is not None else paths.default_data_dir()
    if not data.is_dir():
        raise NotebookSetupError(
            f"Gegevensmap {data} bestaat niet / data folder {data} does not exist: "
            "set data_dir, or leave it None for data/raw"
        )
    report_year = int(year) if year is not None else latest_year(data)
    default_processed = paths.default_processed_dir()
    processed = paths.from_root(processed_dir) if processed_dir is not None else default_processed
    if processed.resolve() == default_processed.resolve():
        _ensure_processed(data, processed)
    elif not all(table.is_file() for table in _tables(processed, validated=False)):
        raise NotebookSetupError(
            f"Geen verwerkte gegevens in {processed}; draai `valorisatiemonitor build "
            f"--processed-dir {processed}` of laat processed_dir None / no processed data in "
            f"{processed}: run `valorisatiemonitor build --processed-dir {processed}`, or leave "
            "processed_dir None"
        )
    output = (
        paths.from_root(output_dir)
        if output_dir is not None
        else paths.notebook_output_dir(report_year)
    )
    shared_results.use_beside(processed)  # a build's notebooks share costly results
    return NotebookParameters(report_year, str(data), str(processed), str(output))
