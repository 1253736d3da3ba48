"""The benchmark's edits (benchmarks/build_bench.py) change what the page shows.

The timings themselves are measured by `make bench`, never in a test; these check that
each preview scenario's edit is a real one: the module edit finds a sentence the page
prints and changes it, the script edit adds the cell the preview then syncs.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from analysis.authoring import notebook_pairs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_bench", ROOT / "benchmarks" / "build_bench.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_the_three_preview_timings_are_scenarios_with_targets(bench: ModuleType) -> None:
    assert bench.PREVIEW_SCENARIOS == ("preview_reload", "preview_script", "preview_module")
    assert set(bench.PREVIEW_SCENARIOS) <= set(bench.SCENARIOS) | {"scale"}
    assert {name: bench.TARGETS[name] for name in bench.PREVIEW_SCENARIOS} == {
        "preview_reload": 5.0,
        "preview_script": 5.0,
        "preview_module": 15.0,
    }


def test_the_module_edit_changes_a_sentence_the_page_prints(
    bench: ModuleType, tmp_path: Path
) -> None:
    module = tmp_path / bench.EDITED_MODULE
    module.parent.mkdir(parents=True)
    module.write_text(
        'def f() -> str:\n    return "Kort." + "Dit is een zin die de pagina letterlijk afdrukt, lang genoeg."\n',
        encoding="utf-8",
    )
    page = "<p>Kort. Dit is een zin die de pagina letterlijk afdrukt, lang genoeg.</p>"
    bench.edit_module(tmp_path, page, 7)
    namespace: dict[str, object] = {}
    exec(module.read_text(encoding="utf-8"), namespace)  # the edit is still valid Python
    assert namespace["f"]() == (  # type: ignore[operator]
        "Kort.Dit is een zin die de pagina letterlijk afdrukt, lang genoeg. Benchmarkwijziging 7. "
    )
    with pytest.raises(RuntimeError, match="printed verbatim"):
        bench.edit_module(tmp_path, "<p>iets anders</p>", 8)


def test_the_script_edit_is_a_cell_the_pair_sync_carries_over(
    bench: ModuleType, tmp_path: Path
) -> None:
    notebooks = tmp_path / "notebooks"
    shutil.copytree(
        ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    notebook = bench.edited_notebook(tmp_path)
    bench.edit_script(tmp_path, 5)
    assert notebook_pairs.sync(notebooks, [notebook.with_suffix(".py")]) == [notebook]
    assert "Benchmarkwijziging 5." in notebook.read_text(encoding="utf-8")
