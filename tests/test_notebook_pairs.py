"""Chapter notebooks and their percent scripts stay in step (`analysis.authoring.notebook_pairs`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.authoring import notebook_pairs

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of `notebooks/` (notebooks, scripts, jupytext config)."""
    copy = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return copy


def _edit_notebook(path: Path, old: str, new: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["source"] = [line.replace(old, new) for line in cell["source"]]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def test_every_chapter_notebook_has_a_percent_script_beside_it() -> None:
    found = notebook_pairs.pairs(NOTEBOOKS)
    assert [p.notebook.name for p in found] == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    for pair in found:
        assert pair.script == pair.notebook.with_suffix(".py")
        assert pair.fmt["format_name"] == "percent"


def test_the_projects_pairs_are_in_step() -> None:
    assert notebook_pairs.check(NOTEBOOKS) == []


def test_scripts_read_as_code_with_the_parameters_tag_and_no_version_header() -> None:
    text = (NOTEBOOKS / "03_europese_top.py").read_text(encoding="utf-8")
    assert text.startswith("# %% [markdown]\n# # Nederland en de Europese top\n")
    assert '# %% tags=["parameters"]\nfrom analysis.pipeline.notebook_params import' in text
    assert "jupytext_version" not in text and "kernelspec" not in text


def test_a_notebook_edited_alone_is_out_of_step(folder: Path) -> None:
    _edit_notebook(folder / "03_europese_top.ipynb", "Nederland en de Europese top", "De afstand")
    problems = notebook_pairs.check(folder)
    assert len(problems) == 1
    assert "03_europese_top.py: differs from 03_europese_top.ipynb" in problems[0]
    assert "-# # Nederland en de Europese top" in problems[0]
    assert "+# # De afstand" in problems[0]


def test_a_script_edited_alone_is_out_of_step(folder: Path) -> None:
    script = folder / "07_bijlagen.py"
    script.write_text(script.read_text(encoding="utf-8") + "\n# %%\nprint(1)\n", encoding="utf-8")
    problems = notebook_pairs.check(folder)
    assert len(problems) == 1 and "07_bijlagen.py: differs" in problems[0]


def test_a_missing_or_orphaned_script_is_reported(folder: Path) -> None:
    (folder / "00_samenvatting.py").unlink()
    (folder / "99_weg.py").write_text("# %%\n1\n", encoding="utf-8")
    problems = notebook_pairs.check(folder)
    assert any("00_samenvatting.py: missing" in p for p in problems)
    assert any("99_weg.py: a script without its notebook" in p for p in problems)


def test_write_brings_the_scripts_in_step_and_only_touches_those_that_differ(
    folder: Path,
) -> None:
    _edit_notebook(folder / "05_regeling_kto_nederland.ipynb", "Regeling", "Regeling (bewerkt)")
    untouched = folder / "00_samenvatting.py"
    before = untouched.stat().st_mtime_ns
    assert notebook_pairs.write(folder) == [folder / "05_regeling_kto_nederland.py"]
    assert notebook_pairs.check(folder) == []
    assert "Regeling (bewerkt)" in (folder / "05_regeling_kto_nederland.py").read_text()
    assert untouched.stat().st_mtime_ns == before


def test_the_command_fails_when_a_pair_is_out_of_step(folder: Path) -> None:
    """What `make check` runs: exit 1 with the file and the fix, exit 0 once in step."""
    _edit_notebook(folder / "01_terugblik_valorisatieprogramma.ipynb", "Terugblik", "Blik terug")
    command = [sys.executable, "-m", "analysis.authoring.notebook_pairs", "check", str(folder)]
    failed = subprocess.run(command, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "01_terugblik_valorisatieprogramma.py: differs" in failed.stderr
    assert "make pairs" in failed.stderr
    notebook_pairs.write(folder)
    passed = subprocess.run(command, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stderr


def test_lab_preparation_gives_scripts_their_notebooks_time(folder: Path) -> None:
    """jupytext refuses to open a notebook newer than its script; after a check, align them."""
    import os

    notebook, script = folder / "04_valorisatiemodellen.ipynb", folder / "04_valorisatiemodellen.py"
    os.utime(script, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    os.utime(notebook, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert notebook_pairs.main(["lab", str(folder)]) == 0
    assert script.stat().st_mtime_ns == notebook.stat().st_mtime_ns
    _edit_notebook(notebook, "Valorisatiemodellen", "Modellen")
    assert notebook_pairs.main(["lab", str(folder)]) == 1  # out of step: nothing aligned


def test_the_check_agrees_with_what_jupyterlab_saves(folder: Path) -> None:
    """Save a notebook through jupytext's contents manager (what `make lab` runs): the script
    it writes is the one `check` expects, so a save in JupyterLab keeps the pair in step."""
    pytest.importorskip("jupyter_server", reason="the edit extra (JupyterLab) is not installed")
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext import build_sync_jupytext_contents_manager_class

    manager = build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(folder))
    model = manager.get("02_kennisoverdracht_nederland.ipynb")
    for cell in model["content"]["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = cell["source"].replace("Kennisoverdracht", "Kennistransfer")
    manager.save(model, "02_kennisoverdracht_nederland.ipynb")
    script = (folder / "02_kennisoverdracht_nederland.py").read_text(encoding="utf-8")
    assert "# # Kennistransfer in Nederland" in script
    assert notebook_pairs.check(folder) == []


def test_an_unchanged_script_gives_the_notebooks_own_bytes() -> None:
    """Sync from a script is deterministic and keeps ids and metadata: on the project's
    pairs, every notebook comes back byte for byte."""
    for pair in notebook_pairs.pairs(NOTEBOOKS):
        assert notebook_pairs.notebook_from_script(pair) == pair.notebook.read_text(
            encoding="utf-8"
        ), pair.notebook.name


def test_sync_brings_the_other_half_in_step(folder: Path) -> None:
    script = folder / "07_bijlagen.py"
    notebook = folder / "07_bijlagen.ipynb"
    ids = [c["id"] for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]]
    script.write_text(
        script.read_text(encoding="utf-8") + "\n# %% [markdown]\n# Een nieuwe alinea.\n",
        encoding="utf-8",
    )
    assert notebook_pairs.sync(folder, [script]) == [notebook]
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert [c["id"] for c in cells[:-1]] == ids  # the old cells keep their ids
    assert "".join(cells[-1]["source"]) == "Een nieuwe alinea." and cells[-1]["id"] not in ids
    assert notebook_pairs.check(folder) == []
    # The other way: a notebook saved alone rewrites its script.
    _edit_notebook(notebook, "Een nieuwe alinea.", "Een andere alinea.")
    assert notebook_pairs.sync(folder, [notebook]) == [script]
    assert "# Een andere alinea." in script.read_text(encoding="utf-8")
    # Both halves saved (JupyterLab with jupytext) or nothing to do: nothing written.
    assert notebook_pairs.sync(folder, [notebook, script]) == []
    assert notebook_pairs.sync(folder, [notebook]) == []
