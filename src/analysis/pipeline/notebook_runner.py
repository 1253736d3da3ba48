"""Execute notebooks with papermill in runner processes, one per parallel lane.

Why runner processes: papermill holds every output of the notebook it runs (tens of
MB for a thousand fact sheets) and validates the result; in the build process that
memory would stay until the build ends, and the message handling of two notebooks
running side by side would share one interpreter. A runner serves one lane: it
imports papermill once (the build starts it while the data are validated, so that
costs nothing on the critical path) and exits when the notebooks are done.

`python -m analysis.pipeline.notebook_runner` serves JSON lines (see `analysis.pipeline.worker`):
request ``{"source", "executed", "cwd", "parameters"}``, reply ``{"ok": true}`` or
``{"error": "Name: message"}`` (the failing cell's error, for the build's one-line
report). The executed notebook is written as compact JSON with papermill's timestamps
and durations removed, so the same inputs give the same bytes (`write_executed`).
"""

from __future__ import annotations

import json
import os
import queue
import sys
from pathlib import Path
from typing import Any

from analysis.atomic import atomic_write
from analysis.errors import one_line
from analysis.pipeline.worker import Worker, serve


def normalise_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    """Drop what differs between runs of the same notebook on the same inputs.

    That is papermill's timestamps and durations, and the random id nbformat gives the
    cell papermill injects with the parameters.
    """
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb.get("cells", []):
        metadata = cell.get("metadata", {})
        metadata.pop("papermill", None)
        metadata.pop("execution", None)
        if "injected-parameters" in metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return nb


def write_executed(nb: Any, path: str | Path) -> None:
    """Write an executed notebook as compact, canonical JSON, without papermill's times.

    Why not papermill's writer: it validates, deep-copies, splits lines and indents the
    whole notebook with Python's pure-Python JSON encoder (indented output cannot use
    the C one), and we used to read and rewrite the result once more to drop the
    timestamps: 5 s of the 33 MB notebook that holds a thousand fact sheets, after its
    kernel is done. This is one pass of the C encoder. Same inputs give the same bytes
    (sorted keys); every ipynb reader (Jupyter, nbformat, Quarto, our renderer) reads it.
    The transient keys nbformat strips on save are stripped here too.
    """
    from nbformat.v4.rwbase import strip_transient

    text = json.dumps(
        normalise_notebook(strip_transient(nb)),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    target = Path(path)
    try:
        atomic_write(target, text + "\n")
    except OSError as exc:  # a full disk names no file by itself; the build's line must
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from exc


def _use_fast_writer() -> None:
    """Make papermill save executed notebooks with `write_executed` (see there for why).

    papermill writes through `papermill.execute.write_ipynb`, both after a run and when
    a cell fails; if a papermill release renames it, this fails loudly instead of
    silently going back to the slow writer.
    """
    import papermill.execute

    if not callable(getattr(papermill.execute, "write_ipynb", None)):
        raise RuntimeError("papermill.execute.write_ipynb is gone: update notebook_runner")
    papermill.execute.write_ipynb = write_executed  # type: ignore[attr-defined]


def error_line(exc: BaseException) -> str:
    """The cell's own error (``ZeroDivisionError: division by zero``) rather than papermill's wrapper."""
    ename = getattr(exc, "ename", None)
    if ename:
        return f"{ename}: {getattr(exc, 'evalue', '')}"
    return one_line(exc)


def execute(
    source: Path,
    executed: Path,
    cwd: Path,
    parameters: dict[str, Any],
    *,
    kernel_manager: Any | None = None,
) -> None:
    """Run `source` with papermill into `executed`, in a kernel papermill starts, or in
    `kernel_manager`'s running kernel (the preview's warm kernel, which papermill neither
    starts nor stops)."""
    import papermill

    _use_fast_writer()
    env_path = os.path.dirname(sys.executable)
    if env_path not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = env_path + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    kernel: dict[str, Any] = (
        {"km": kernel_manager}
        if kernel_manager is not None
        else {
            # Every output has arrived when the last cell's reply has; a graceful shutdown
            # then only waits for the kernel to exit, which now and then stalls for 2.6 s
            # (measured: 2 of 14 runs) while the lane's core sits idle.
            "shutdown_kernel": "immediate",
            # The kernel's own log (e.g. ipykernel's notice about local TCP transport) is
            # noise in the build's one-line-per-step progress.
            "extra_arguments": ["--IPKernelApp.log_level=CRITICAL"],
        }
    )
    papermill.execute_notebook(
        str(source),
        str(executed),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        **kernel,
    )


def _handle(request: dict[str, Any]) -> dict[str, Any]:
    try:
        execute(
            Path(request["source"]),
            Path(request["executed"]),
            Path(request["cwd"]),
            dict(request["parameters"]),
        )
    except Exception as exc:  # reported as one line; the executed notebook shows the rest
        return {"error": error_line(exc)}
    return {"ok": True}


class NotebookRunners:
    """A pool of runner processes: `run` takes an idle one, so each lane has its own."""

    def __init__(self, lanes: int) -> None:
        self._idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()
        self._all = [Worker("analysis.pipeline.notebook_runner") for _ in range(max(1, lanes))]
        for worker in self._all:
            self._idle.put(worker)

    def start(self) -> NotebookRunners:
        """Start every runner now, so papermill is imported before the first notebook."""
        for worker in self._all:
            worker.start()
        return self

    def run(self, source: Path, executed: Path, cwd: Path, parameters: dict[str, Any]) -> None:
        """Execute one notebook; raise `RuntimeError` with the cell's error line if it fails."""
        worker = self._idle.get()
        try:
            reply = worker.request(
                {
                    "source": str(source),
                    "executed": str(executed),
                    "cwd": str(cwd),
                    "parameters": parameters,
                }
            )
        finally:
            self._idle.put(worker)
        if "error" in reply:
            raise RuntimeError(reply["error"])

    def close(self) -> None:
        for worker in self._all:
            worker.close()


if __name__ == "__main__":
    import papermill  # noqa: F401  (imported up front: the first notebook starts sooner)

    raise SystemExit(serve(_handle))
