"""The preview's notebook runner prepares kernels ahead, one per notebook (`analysis.authoring.preview_runner`).

Real kernels and papermill, so slow on a busy machine: with the end-to-end tests.
"""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from analysis.authoring.preview_runner import serve_warm, warm_up_code

pytestmark = pytest.mark.e2e


def test_warm_up_imports_every_chapter_module_and_leaves_no_name() -> None:
    code = warm_up_code()
    chapters = sorted(
        p.stem
        for p in (Path(__file__).resolve().parents[2] / "src/analysis/publication/chapters").glob(
            "*.py"
        )
        if p.stem != "__init__"
    )
    for name in [
        "analysis.publication.display",
        *(f"analysis.publication.chapters.{c}" for c in chapters),
    ]:
        assert repr(name) in code
    namespace: dict[str, object] = {}
    exec(compile(code, "<warm-up>", "exec"), namespace)
    assert set(namespace) == {"__builtins__"}


def _notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("marker = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell(
            "import sys\n"
            "print('warm' if 'analysis.publication.chapters.national' in sys.modules else 'cold')\n"
            "print('seen' if 'left_behind' in globals() else 'fresh')\n"
            "left_behind = marker"
        ),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _printed(executed: Path) -> list[str]:
    nb = json.loads(executed.read_text(encoding="utf-8"))
    return [
        "".join(o["text"]).strip()
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
        if o.get("output_type") == "stream"
    ]


def test_each_notebook_runs_in_its_own_prepared_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modules come imported; variables of the previous notebook never do; a failing
    notebook is one line and the next one still runs; a request that comes before its
    kernel is ready, or from another folder, runs in a kernel of its own (cold)."""
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")
    source = _notebook(tmp_path / "chapter.ipynb")
    broken_nb = nbformat.v4.new_notebook()
    broken_nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    broken_nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    broken = tmp_path / "broken.ipynb"
    nbformat.write(broken_nb, broken)
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()

    def request(n: int, cwd: Path, notebook: Path = source) -> str:
        return json.dumps(
            {
                "source": str(notebook),
                "executed": str(tmp_path / f"run{n}.ipynb"),
                "cwd": str(cwd),
                "parameters": {"marker": n},
            }
        )

    def prepared() -> bool:
        return not any(t.name == "prepare-kernel" and t.is_alive() for t in threading.enumerate())

    def feed() -> Iterator[str]:
        yield request(0, tmp_path) + "\n"  # at once: its kernel is not ready yet
        for line in (request(1, tmp_path, broken), request(2, tmp_path), request(3, elsewhere)):
            deadline = time.monotonic() + 300
            while not prepared() and time.monotonic() < deadline:
                time.sleep(0.1)
            yield line + "\n"

    replies = io.StringIO()
    assert serve_warm(feed(), replies, tmp_path) == 0  # type: ignore[arg-type]
    assert [json.loads(line) for line in replies.getvalue().splitlines()] == [
        {"ok": True},
        {"error": "ZeroDivisionError: division by zero"},
        {"ok": True},
        {"ok": True},
    ]
    assert _printed(tmp_path / "run0.ipynb") == ["cold\nfresh"]  # ran in its own kernel
    assert _printed(tmp_path / "run2.ipynb") == ["warm\nfresh"]  # after a failure: fresh
    assert _printed(tmp_path / "run3.ipynb") == ["cold\nfresh"]  # another folder
    assert prepared()  # nothing left running
