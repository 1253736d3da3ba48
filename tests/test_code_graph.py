"""The code a step runs, from the import graph: what a step's cache key holds.

A small package written to a temporary folder gives known answers; the last tests read
the project itself: an edit in one chapter module changes the keys of the notebooks that
import it and of the render, and no other key.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from analysis.pipeline import code_graph
from analysis.pipeline.build_config import BuildConfig
from analysis.pipeline.runner import CODE_SUFFIXES, DATA_STEPS_MODULE, RENDER_MODULES, Build

ROOT = Path(__file__).resolve().parents[1]


def write(root: Path, files: dict[str, str]) -> Path:
    package = root / "analysis"
    for rel, text in files.items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


@pytest.fixture()
def package(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        {
            "__init__.py": "",
            "a/__init__.py": (
                "from analysis.a import b\ndef later():\n    from analysis import heavy\n"
            ),
            "a/b.py": "from . import c\nfrom typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from analysis import typing_only\n",
            "a/c.py": "X = 1\n",
            "a/templates/page.html": "<p></p>",
            "a/sub/__init__.py": "",
            "a/sub/d.py": "",
            "heavy.py": "",
            "typing_only.py": "",
            "other.py": "def f():\n    from analysis.a import later\n",
        },
    )


def names(graph: code_graph.ImportGraph, *roots: str) -> list[str]:
    return graph.code_files(roots, CODE_SUFFIXES)


def test_a_submodule_runs_its_package_at_import_time_only(package: Path) -> None:
    """`analysis.a.b` runs `analysis/a/__init__.py` (which imports b) but calls none of
    its functions: the function-level import of `heavy` is not part of b's code; b's
    relative import of c is; the TYPE_CHECKING import never runs; the package folder's
    template goes with it, the sub-package's modules do not."""
    graph = code_graph.ImportGraph(package)
    assert names(graph, "analysis.a.b") == [
        "__init__.py",
        "a/__init__.py",
        "a/b.py",
        "a/c.py",
        "a/templates/page.html",
    ]


def test_a_used_module_brings_the_imports_of_its_functions(package: Path) -> None:
    """`from analysis.a import later` uses a's names, so calling `later` may import
    `heavy`: it is in other's code."""
    graph = code_graph.ImportGraph(package)
    assert "heavy.py" in names(graph, "analysis.other")
    assert "heavy.py" not in names(graph, "analysis.a.c")
    # `from analysis.a import b`, b a submodule: a is only passed through.
    assert "heavy.py" not in names(graph, ("analysis.a", "b"))
    assert "heavy.py" in names(graph, ("analysis.a", "later"))


def test_notebook_imports_skip_magics_and_other_packages(tmp_path: Path) -> None:
    notebook = tmp_path / "x.ipynb"
    cells = [
        {"cell_type": "markdown", "source": "import analysis.not_code"},
        {"cell_type": "code", "source": ["%matplotlib inline\n", "import pandas as pd\n"]},
        {"cell_type": "code", "source": "from analysis.a import b, later\n!ls\n"},
    ]
    notebook.write_text(json.dumps({"cells": cells}), encoding="utf-8")
    assert code_graph.notebook_imports(notebook) == {("analysis.a", "b"), ("analysis.a", "later")}


def project_build(tmp_path: Path) -> Build:
    config = BuildConfig(
        year=2025,
        project_dir=ROOT,
        data_dir=ROOT / "data" / "raw",
        processed_dir=tmp_path / "processed",
        out_dir=tmp_path / "report",
        engine="pandoc",
    )
    return Build(config)


def test_a_chapter_edit_reruns_only_what_runs_that_chapter(tmp_path: Path) -> None:
    """Chapter 1's module is imported by the retrospective's notebook and the render;
    chapter 4's notebook and the data steps keep their keys."""
    build = project_build(tmp_path)
    notebooks = [
        "notebooks/01_terugblik_valorisatieprogramma.ipynb",
        "notebooks/04_valorisatiemodellen.ipynb",
    ]

    def keys() -> dict[str, object]:
        found = {nb: build.notebook_code_key(nb)() for nb in notebooks}
        found["data"] = build.code_key(DATA_STEPS_MODULE)()
        found["render"] = build.code_key(*RENDER_MODULES)()
        return found

    before = keys()
    edited = "publication/chapters/programme.py"
    assert edited in build.code_hashes
    build.code_hashes[edited] = "edited"
    after = keys()
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"notebooks/01_terugblik_valorisatieprogramma.ipynb", "render"}


def test_a_data_rule_edit_reruns_the_data_steps(tmp_path: Path) -> None:
    build = project_build(tmp_path)
    before = build.code_key(DATA_STEPS_MODULE)()
    render = build.code_key(*RENDER_MODULES)()
    build.code_hashes["data/validation/bounds.py"] = "edited"
    assert build.code_key(DATA_STEPS_MODULE)() != before
    # The renderer formats validation findings, so it reads the rules' module too.
    assert build.code_key(*RENDER_MODULES)() != render


class _Cycle:
    """Cyclic garbage whose finaliser runs Python code: a collection during a parse lets
    another thread run, which is how the preview's rebuild met the race."""

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        sum(range(50))


def test_parsing_from_several_threads_at_different_depths_does_not_fail() -> None:
    # Without `_PARSE_LOCK` this failed about 45 of 320 parses on CPython 3.11 ("AST constructor
    # recursion depth mismatch"): the builder's count is per interpreter, and threads at
    # different stack depths interleave when a garbage collection runs a finaliser.
    source = (code_graph.PACKAGE_DIR / "pipeline" / "runner.py").read_text(encoding="utf-8")
    errors: list[BaseException] = []

    def at_depth(depth: int) -> None:
        if depth:
            at_depth(depth - 1)
            return
        for _ in range(40):
            garbage = [_Cycle() for _ in range(200)]
            del garbage
            try:
                code_graph.imported_names(source, "analysis.pipeline.runner", is_package=False)
            except SystemError as exc:
                errors.append(exc)

    threads = [threading.Thread(target=at_depth, args=(5 * i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_stored_parse_is_used_while_the_file_is_unchanged(tmp_path: Path) -> None:
    """The build's record of what each file imports spares the parse (most of a second
    per build), and is ignored for a file whose content changed or when damaged."""
    package = write(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from analysis import b\n",
            "b.py": "",
            "c.py": "",
        },
    )
    store = tmp_path / "imports.json"
    first = code_graph.ImportGraph(package, store=store)
    assert first.closure(["analysis.a"]) == {package / f for f in ("__init__.py", "a.py", "b.py")}
    first.save()
    saved = json.loads(store.read_text(encoding="utf-8"))
    assert saved["analysis.a"]["anywhere"] == [["analysis", "b"]]
    # A record claiming another import, for the same content: the record is believed.
    saved["analysis.a"]["anywhere"] = saved["analysis.a"]["top"] = [["analysis", "c"]]
    store.write_text(json.dumps(saved), encoding="utf-8")
    recorded = code_graph.ImportGraph(package, store=store)
    assert package / "c.py" in recorded.closure(["analysis.a"])
    # The file changed: parsed again, whatever the record says.
    (package / "a.py").write_text("from analysis import b  # edited\n", encoding="utf-8")
    edited = code_graph.ImportGraph(package, store=store)
    assert edited.closure(["analysis.a"]) == {package / f for f in ("__init__.py", "a.py", "b.py")}
    edited.save()
    assert json.loads(store.read_text(encoding="utf-8"))["analysis.a"]["anywhere"] == [
        ["analysis", "b"]
    ]
    # A damaged record is ignored.
    store.write_text("{not json", encoding="utf-8")
    damaged = code_graph.ImportGraph(package, store=store)
    assert package / "b.py" in damaged.closure(["analysis.a"])


def test_a_build_with_nothing_to_do_parses_no_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second build reads every module's imports from the first build's record."""
    package = write(tmp_path, {"__init__.py": "", "a.py": "from analysis import b\n", "b.py": ""})
    store = tmp_path / "imports.json"
    first = code_graph.ImportGraph(package, store=store)
    first.closure(["analysis.a"])
    first.save()
    before = store.stat().st_mtime_ns
    second = code_graph.ImportGraph(package, store=store)
    parses: list[str] = []
    real = code_graph.imported_names

    def counted(source: str, module: str, *, is_package: bool) -> code_graph.Parsed:
        parses.append(module)
        return real(source, module, is_package=is_package)

    monkeypatch.setattr(code_graph, "imported_names", counted)
    second.closure(["analysis.a"])
    second.save()
    assert parses == []
    assert store.stat().st_mtime_ns == before  # nothing new: the record is not rewritten
