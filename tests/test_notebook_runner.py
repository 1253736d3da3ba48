"""Notebook runners: a process per lane, a normalised result or a one-line error.

These start a real Jupyter kernel (a few seconds each).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis.pipeline.notebook_runner import NotebookRunners


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


def test_parameters_reach_the_notebook_and_timestamps_are_dropped(tmp_path: Path) -> None:
    source = _notebook(tmp_path / "nb.ipynb", "print(x * 7)")
    executed = tmp_path / "out.ipynb"
    runners = NotebookRunners(1)
    try:
        runners.run(source, executed, tmp_path, {"x": 6})
    finally:
        runners.close()
    nb = json.loads(executed.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert any("42" in "".join(o.get("text", "")) for o in outputs)
    assert "papermill" not in nb["metadata"]
    assert all("execution" not in c["metadata"] for c in nb["cells"])


def test_a_failing_cell_is_reported_in_one_line_and_the_runner_goes_on(tmp_path: Path) -> None:
    bad = _notebook(tmp_path / "bad.ipynb", "x / 0")
    good = _notebook(tmp_path / "good.ipynb", "print(x)")
    runners = NotebookRunners(1).start()
    try:
        with pytest.raises(RuntimeError) as caught:
            runners.run(bad, tmp_path / "bad-out.ipynb", tmp_path, {"x": 1})
        runners.run(good, tmp_path / "good-out.ipynb", tmp_path, {"x": 2})
    finally:
        runners.close()
    assert str(caught.value) == "ZeroDivisionError: division by zero"
    assert (tmp_path / "good-out.ipynb").is_file()


def test_each_lane_has_its_own_runner(tmp_path: Path) -> None:
    """Two notebooks at once run in two processes (each prints its runner's pid)."""
    from concurrent.futures import ThreadPoolExecutor

    sources = [
        _notebook(tmp_path / f"nb{i}.ipynb", "import os, time; time.sleep(1); print(os.getppid())")
        for i in range(2)
    ]
    runners = NotebookRunners(2).start()
    try:
        with ThreadPoolExecutor(2) as pool:
            list(
                pool.map(
                    lambda s: runners.run(s, s.with_suffix(".out.ipynb"), tmp_path, {}), sources
                )
            )
    finally:
        runners.close()
    parents = set()
    for s in sources:
        nb = json.loads(s.with_suffix(".out.ipynb").read_text(encoding="utf-8"))
        parents.add("".join(nb["cells"][-1]["outputs"][0]["text"]).strip())
    assert len(parents) == 2


def test_the_executed_notebook_is_valid_compact_and_the_same_each_run(tmp_path: Path) -> None:
    """Written by `write_executed`, not papermill's writer: still a valid notebook
    (nbformat validates it on reading), one JSON line, byte-identical across runs."""
    source = _notebook(
        tmp_path / "nb.ipynb",
        "from IPython.display import display\n"
        "display({'text/plain': 'ä', 'application/json': {'b': [1, 2], 'a': 'x'}}, raw=True)\n"
        "print(x)",
    )
    runners = NotebookRunners(1).start()
    try:
        runners.run(source, tmp_path / "one.ipynb", tmp_path, {"x": 3})
        runners.run(source, tmp_path / "two.ipynb", tmp_path, {"x": 3})
    finally:
        runners.close()
    first = (tmp_path / "one.ipynb").read_bytes()
    assert first == (tmp_path / "two.ipynb").read_bytes()
    assert first.count(b"\n") == 1 and "ä".encode() in first
    nb = nbformat.read(tmp_path / "one.ipynb", as_version=4)
    nbformat.validate(nb)
    outputs = nb.cells[-1].outputs
    assert outputs[0]["data"]["application/json"] == {"a": "x", "b": [1, 2]}
