"""The build's data steps (validate, process), run in a worker process that then exits.

Why a worker process: the two steps read every submission (350,000 rows for a
thousand institutions over 25 years) and import Great Expectations; a Python
process does not hand that memory back to the system, so in the build process it
would sit beside every notebook kernel and the PDF compiler until the end. In a
worker, it is returned the moment the worker exits.

Why a shared read: both steps start from the same ingested frame. Within one worker
the frame is read once and kept, keyed by the content hash of the data folder, so
the second step reuses it and a changed folder is never served from memory.

Each step reads as load / check / save; the functions return the files they wrote
(the build's cache records their hashes).

The worker is `python -m analysis.data_steps`, spoken to by `DataWorker` with one
JSON line per request and per reply (see `analysis.worker`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import BuildError, Finding, InputError
from analysis.worker import Worker, serve

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PROCESSED_FILES", "DataWorker", "process", "validate"]

#: What the two steps leave in `data/processed/`, in the order the build hashes them.
PROCESSED_FILES: tuple[str, ...] = (
    "kt_metrics_long.parquet",
    "kt_metrics_wide.parquet",
    "validation_results.parquet",
)

_loaded: dict[tuple[str, str], pd.DataFrame] = {}


def _submissions(data_dir: Path, data_key: str) -> pd.DataFrame:
    """The ingested submissions of `data_dir`, read once per worker and content hash."""
    from analysis import ingest

    key = (str(Path(data_dir).resolve()), data_key)
    if key not in _loaded:
        _loaded.clear()  # one data folder at a time: never hold two copies
        _loaded[key] = ingest.load_submissions(Path(data_dir) / "kt_metrics")
    return _loaded[key]


def validate(data_dir: Path, processed_dir: Path, current_year: int, data_key: str) -> list[Path]:
    """Validate the raw data; raise `InputError` for the first error, else save the results.

    A file that cannot even be parsed is left to `validate_data_dir`, which reports
    it as a finding with the file, row, column and rule that ingest named.
    """
    from analysis import validation

    try:
        frame = _submissions(data_dir, data_key)
    except InputError:
        frame = None
    report = validation.validate_data_dir(data_dir, current_year=current_year, submissions=frame)
    report.raise_on_error()
    out = Path(processed_dir) / "validation_results.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_parquet_atomic(report.to_frame(), out)
    return [out]


def process(data_dir: Path, processed_dir: Path, data_key: str) -> list[Path]:
    """The long and wide tables in `processed_dir` (written atomically), from validated data."""
    from analysis import process as processing
    from analysis import sources

    submissions = _submissions(data_dir, data_key)
    long = processing.to_long(submissions, sources.load_sources(data_dir))
    wide = processing.to_wide(long)
    return list(processing.write_processed(long, wide, processed_dir))


def _write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


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
                Path(args["data_dir"]), Path(args["processed_dir"]), str(args["data_key"])
            )
        else:
            return {"error": f"unknown step {request['step']!r}"}
    except InputError as exc:
        f = exc.finding
        return {"input_error": [f.file, f.row, f.column, f.rule, f.message]}
    except Exception as exc:  # reported to the build, which names the step
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"paths": [str(p) for p in paths]}


class DataWorker:
    """The build's side of the data worker: started on first use, one step per request."""

    def __init__(self) -> None:
        self._worker = Worker("analysis.data_steps")

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
