"""`make lab` saves notebooks the way the repository keeps them (`analysis.authoring.lab`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from analysis.authoring import notebook_pairs
from analysis.authoring.lab import strip_notebook, strip_outputs

ROOT = Path(__file__).resolve().parents[1]


def _executed() -> dict[str, Any]:
    return {
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Titel"},
            {
                "cell_type": "code",
                "execution_count": 7,
                "id": "b",
                "metadata": {"tags": ["parameters"], "scrolled": True},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": "1\n"}],
                "source": "year = None",
            },
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.7", "pygments_lexer": "ipython3"},
            "jupytext": {"notebook_metadata_filter": "-all", "formats": "ipynb,md"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_strip_removes_outputs_counts_and_kernel_details_only() -> None:
    nb = _executed()
    strip_notebook(nb)
    code = nb["cells"][1]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert code["metadata"] == {"tags": ["parameters"], "scrolled": True}
    assert code["source"] == "year = None"
    assert nb["cells"][0] == _executed()["cells"][0]
    assert nb["metadata"]["language_info"] == {"name": "python"}
    assert nb["metadata"]["kernelspec"] == _executed()["metadata"]["kernelspec"]
    assert nb["metadata"]["jupytext"] == {"formats": "ipynb,md"}  # a pairing by hand stays


def test_the_hook_leaves_other_files_alone() -> None:
    model: dict[str, Any] = {"type": "file", "format": "text", "content": "x"}
    strip_outputs(model, path="notes.txt", contents_manager=None)
    assert model == {"type": "file", "format": "text", "content": "x"}


def test_the_makefile_starts_lab_with_the_hook_at_the_root_with_notebooks_open() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^lab: setup\n((?:\t.*\n|\t.*\\\n)+)", makefile, re.MULTILINE)
    assert lab is not None
    recipe = lab.group(1)
    assert "--extra edit" in recipe and "import jupyterlab, jupytext" in recipe
    assert '--ServerApp.root_dir="$(CURDIR)"' in recipe
    assert "--LabApp.default_url=/lab/tree/notebooks" in recipe
    assert "--ContentsManager.pre_save_hook=analysis.authoring.lab.strip_outputs" in recipe
    assert "analysis.authoring.notebook_pairs lab" in recipe


def test_a_save_in_lab_writes_no_outputs_and_keeps_the_pair_in_step(tmp_path: Path) -> None:
    """The contents manager `make lab` runs: jupytext's, with the pre-save hook."""
    pytest.importorskip("jupyter_server", reason="the edit extra (JupyterLab) is not installed")
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext import build_sync_jupytext_contents_manager_class

    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    manager = build_sync_jupytext_contents_manager_class(LargeFileManager)(
        root_dir=str(folder), pre_save_hook="analysis.authoring.lab.strip_outputs"
    )
    model = manager.get("07_bijlagen.ipynb")
    for cell in model["content"]["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "uit\n"}]
            cell["execution_count"] = 3
    model["content"]["metadata"]["language_info"] = {"name": "python", "version": "3.11.7"}
    model["content"]["cells"][0]["source"] = "# Verantwoording (bewerkt)"
    manager.save(model, "07_bijlagen.ipynb")
    saved = json.loads((folder / "07_bijlagen.ipynb").read_text(encoding="utf-8"))
    assert all(c.get("outputs", []) == [] for c in saved["cells"])
    assert all(c.get("execution_count") is None for c in saved["cells"])
    assert saved["metadata"]["language_info"] == {"name": "python"}
    assert "".join(saved["cells"][0]["source"]) == "# Verantwoording (bewerkt)"
    assert (
        saved["metadata"]
        == json.loads((ROOT / "notebooks" / "07_bijlagen.ipynb").read_text(encoding="utf-8"))[
            "metadata"
        ]
    )  # no metadata diff from a save in lab
    script = (folder / "07_bijlagen.py").read_text(encoding="utf-8")
    assert script.startswith("# %% [markdown]\n# # Verantwoording (bewerkt)\n")
    assert notebook_pairs.check(folder) == []
