"""The notebook runner: one notebook, one process, a normalised result or a one-line error.

These start a real Jupyter kernel (a few seconds each).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def _notebook(path: Path, body: str) -> Path:
    params = new_code_cell("x = 1")
    params.metadata["tags"] = ["parameters"]
    nb = new_notebook(cells=[params, new_code_cell(body)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _run(
    source: Path, executed: Path, parameters: dict[str, object]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis.notebook_runner",
            str(source),
            str(executed),
            str(source.parent),
            json.dumps(parameters),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_parameters_reach_the_notebook_and_timestamps_are_dropped(tmp_path: Path) -> None:
    source = _notebook(tmp_path / "nb.ipynb", "print(x * 7)")
    executed = tmp_path / "out.ipynb"
    done = _run(source, executed, {"x": 6})
    assert done.returncode == 0, done.stderr
    nb = json.loads(executed.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert any("42" in "".join(o.get("text", "")) for o in outputs)
    assert "papermill" not in nb["metadata"]
    assert all("execution" not in c["metadata"] for c in nb["cells"])


def test_a_failing_cell_is_reported_in_one_line(tmp_path: Path) -> None:
    source = _notebook(tmp_path / "nb.ipynb", "x / 0")
    done = _run(source, tmp_path / "out.ipynb", {"x": 1})
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "ZeroDivisionError: division by zero"
