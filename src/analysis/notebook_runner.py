"""Execute one notebook with papermill, in its own process.

`python -m analysis.notebook_runner SOURCE EXECUTED CWD PARAMETERS_JSON`

Why a process per notebook: papermill holds every output of the notebook it runs
(tens of MB for a thousand fact sheets) and validates the result; in the build
process that memory would stay until the build ends, and the message handling of
two notebooks running side by side would share one interpreter. Here each run has
its own, returned when it exits.

Exit 0: `EXECUTED` is written, with papermill's timestamps and durations removed so
the same inputs give the same bytes. Exit 1: the last line of standard error is the
failing cell's error (``Name: message``), for the build's one-line report.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def normalise_notebook(path: Path) -> None:
    """Drop papermill's timestamps and durations so executed notebooks hash the same each run."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("papermill", None)
    for cell in nb.get("cells", []):
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    path.write_text(
        json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def error_line(exc: BaseException) -> str:
    """The cell's own error (``ZeroDivisionError: division by zero``) rather than papermill's wrapper."""
    ename = getattr(exc, "ename", None)
    if ename:
        return f"{ename}: {getattr(exc, 'evalue', '')}"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


def execute(source: Path, executed: Path, cwd: Path, parameters: dict[str, Any]) -> None:
    import papermill

    env_path = os.path.dirname(sys.executable)
    if env_path not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = env_path + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    papermill.execute_notebook(
        str(source),
        str(executed),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(cwd),
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        # The kernel's own log (e.g. ipykernel's notice about local TCP transport) is
        # noise in the build's one-line-per-step progress.
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    normalise_notebook(executed)


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(
            "usage: python -m analysis.notebook_runner SOURCE EXECUTED CWD PARAMETERS_JSON",
            file=sys.stderr,
        )
        return 2
    source, executed, cwd = (Path(a) for a in argv[:3])
    try:
        execute(source, executed, cwd, json.loads(argv[3]))
    except Exception as exc:  # reported as one line; the executed notebook shows the rest
        print(error_line(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
