"""The build's data steps (validate, process), run in a worker process that then exits.

Why a worker process: the two steps read every submission (350,000 rows for a
thousand institutions over 25 years) and import Great Expectations; a Python
process does not hand that memory back to the system, so in the build process it
would sit beside every notebook kernel and the PDF compiler until the end. In a
worker, it is returned the moment the worker exits.

Why a shared read: both steps start from the same ingested frame. Within one worker
the folder is read once (a large one in a child process, while Great Expectations is
imported and the reference tables are checked here) and kept, keyed by the content
hash of the data folder, so the second step reuses it and a changed folder is never
served from memory.

Each step reads as load / check / save; the functions return the files they wrote
(the build's cache records their hashes).

The worker is `python -m analysis.pipeline.data_steps`, spoken to by `DataWorker` with one
JSON line per request and per reply (see `analysis.pipeline.worker`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.atomic import atomic_write
from analysis.errors import BuildError, Finding, InputError
from analysis.pipeline.worker import Worker, serve

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PROCESSED_FILES", "TABLE_FILES", "VALIDATION_FILE", "DataWorker", "process", "validate"]

#: What the process step writes: the tables every notebook reads.
TABLE_FILES: tuple[str, ...] = ("kt_metrics_long.parquet", "kt_metrics_wide.parquet")
#: What the validate step writes, read by the notebooks `_quarto.yml` lists as waiting for it.
VALIDATION_FILE = "validation_results.parquet"
#: What the two steps leave in `data/processed/`, in the order the build hashes them.
PROCESSED_FILES: tuple[str, ...] = (*TABLE_FILES, VALIDATION_FILE)

#: From this many submission files on, the folder is read in a child process while this
#: one imports Great Expectations (see `_BackgroundRead`). Below it the child's start-up
#: (~1 s) costs more than the read it hides (~0.13 ms a file): the default monitor has
#: ~600 files, a thousand institutions over 25 years 25,000. Tests set 0 or a huge number.
BACKGROUND_READ_MIN_FILES = 5_000


def _submission_files(data_dir: Path) -> int:
    """How many files `kt_metrics/<year>/` holds (a directory listing, nothing read)."""
    folder = Path(data_dir) / "kt_metrics"
    if not folder.is_dir():
        return 0
    return sum(
        sum(1 for _ in os.scandir(year.path)) for year in os.scandir(folder) if year.is_dir()
    )


@dataclass
class IngestedData:
    """One read of a data folder: the ingested submissions and, when they could be
    built, the long and wide tables; or the finding that stopped the read."""

    frame: pd.DataFrame | None = None
    tables: tuple[pd.DataFrame, pd.DataFrame] | None = None
    error: Finding | None = None

    def submissions(self) -> pd.DataFrame:
        if self.error is not None:
            raise InputError.from_finding(self.error)
        assert self.frame is not None
        return self.frame


_ingested_by_folder: dict[tuple[str, str], IngestedData] = {}


def _read(data_dir: Path) -> IngestedData:
    """Read every submission and build the long and wide tables (in a child, see `validate`).

    The tables are built before the data are validated, but only written by `process`
    after validation passed; if invalid data keep them from being built, `process`
    never runs (validation stops the build first).
    """
    from analysis.data import ingest, sources
    from analysis.data import process as processing

    try:
        frame = ingest.load_submissions(Path(data_dir) / "kt_metrics")
    except InputError as exc:
        return IngestedData(error=exc.finding)
    try:
        long = processing.to_long(frame, sources.load_sources(data_dir))
        tables = (long, processing.to_wide(long))
    except Exception:  # invalid data: validation will say what is wrong
        tables = None
    return IngestedData(frame, tables)


def _key(data_dir: Path, data_key: str) -> tuple[str, str]:
    return (str(Path(data_dir).resolve()), data_key)


def _remember(key: tuple[str, str], read: IngestedData) -> IngestedData:
    _ingested_by_folder.clear()  # one data folder at a time: never hold two copies
    _ingested_by_folder[key] = read
    return read


def _loaded_read(data_dir: Path, data_key: str) -> IngestedData:
    """The read of `data_dir` for this content hash: from memory, else read now."""
    key = _key(data_dir, data_key)
    if key not in _ingested_by_folder:
        _remember(key, _read(data_dir))
    return _ingested_by_folder[key]


class _BackgroundRead:
    """`_read` in a child process; `result()` waits for it and remembers it.

    Why: at a thousand institutions the read takes ~4 s and importing Great
    Expectations ~4 s, both single-threaded; the child reads on the core the build
    would otherwise leave idle while the reference tables are validated here. The
    child is spawned (not forked): it starts clean, whatever this process imported.
    """

    def __init__(self, data_dir: Path, key: tuple[str, str]) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._key = key
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        self._future = self._pool.submit(_read, Path(data_dir))

    def result(self) -> IngestedData:
        try:
            return _remember(self._key, self._future.result())
        finally:
            self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def validate(data_dir: Path, processed_dir: Path, current_year: int, data_key: str) -> list[Path]:
    """Validate the raw data; raise `InputError` for the first error, else save the results.

    A large folder of submissions is read in a child process (see `_BackgroundRead`)
    while the reference tables are validated. A file that cannot even be parsed becomes a
    finding with the file, row, column and rule that ingest named.
    """
    from analysis.data import validation

    key = _key(data_dir, data_key)
    background = (
        _BackgroundRead(data_dir, key)
        if key not in _ingested_by_folder
        and _submission_files(data_dir) >= BACKGROUND_READ_MIN_FILES
        else None
    )
    try:

        def submissions() -> pd.DataFrame:
            read = (
                background.result() if background is not None else _loaded_read(data_dir, data_key)
            )
            return read.submissions()

        report = validation.validate_data_dir(
            data_dir, current_year=current_year, submissions=submissions
        )
    finally:
        if background is not None:
            background.close()
    report.raise_on_error()
    out = Path(processed_dir) / VALIDATION_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_parquet_atomic(report.to_frame(), out)
    return [out]


def process(data_dir: Path, processed_dir: Path, current_year: int, data_key: str) -> list[Path]:
    """The long and wide tables in `processed_dir` (written atomically).

    The build validates the same data beside the notebooks that read these tables, and
    publishes nothing unless that passes. When the data cannot even be processed, the
    validation runs here, so the error that stops the build is its finding (file, row,
    column, rule) rather than the processing's own.
    """
    from analysis.data import process as processing
    from analysis.data import sources

    # Results of an earlier validation are not these data's: a notebook that reads them
    # without waiting for the validation fails rather than reading another year's checks.
    (Path(processed_dir) / VALIDATION_FILE).unlink(missing_ok=True)
    try:
        read = _loaded_read(data_dir, data_key)
        if read.tables is not None:
            long, wide = read.tables
        else:  # not built by the read: build here, so a real error is raised here
            long = processing.to_long(read.submissions(), sources.load_sources(data_dir))
            wide = processing.to_wide(long)
    except InputError:
        raise
    except Exception:
        validate(data_dir, processed_dir, current_year, data_key)  # raises what explains it
        raise
    return list(processing.write_processed(long, wide, processed_dir))


def _write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    atomic_write(path, lambda sink: frame.to_parquet(sink, index=False))


# --------------------------------------------------------------------------- worker


def _handle(request: dict[str, Any]) -> dict[str, Any]:
    """Run one step for one request; the reply carries the files or the error."""
    args = request["args"]
    try:
        if request["step"] == "validate":
            paths = validate(
                Path(args["data_dir"]),
                Path(args["processed_dir"]),
                int(args["current_year"]),
                str(args["data_key"]),
            )
        elif request["step"] == "process":
            paths = process(
                Path(args["data_dir"]),
                Path(args["processed_dir"]),
                int(args["current_year"]),
                str(args["data_key"]),
            )
        else:
            return {"error": f"unknown step {request['step']!r}"}
    except InputError as exc:
        f = exc.finding
        return {"input_error": [f.file, f.row, f.column, f.rule, f.message]}
    except OSError as exc:  # a full or read-only disk: name the folder being written
        where = exc.filename if exc.filename is not None else args.get("processed_dir", "?")
        return {"error": f"{where}: {exc.strerror or exc}"}
    except Exception as exc:  # reported to the build, which names the step
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"paths": [str(p) for p in paths]}


class DataWorker:
    """The build's side of the data worker: started on first use, one step per request."""

    def __init__(self) -> None:
        self._worker = Worker("analysis.pipeline.data_steps")

    def run(self, step: str, **args: Any) -> list[Path]:
        reply = self._worker.request({"step": step, "args": {k: str(v) for k, v in args.items()}})
        if "input_error" in reply:
            raise InputError.from_finding(Finding(*reply["input_error"]))
        if "error" in reply:
            raise BuildError(f"{step}: {reply['error']}")
        return [Path(p) for p in reply["paths"]]

    def close(self) -> None:
        self._worker.close()

    def __enter__(self) -> DataWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    raise SystemExit(serve(_handle))
