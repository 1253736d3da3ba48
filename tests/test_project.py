"""Project hygiene: notebooks are thin and committed without outputs; pins stay in step."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PARAMETERS = {"year", "data_dir", "processed_dir", "output_dir"}
#: Notebooks import the project's modules and `pathlib` for paths; nothing else.
ALLOWED_IMPORTS = {"analysis", "pathlib"}


def code_cells(path: Path) -> list[dict[str, object]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell: dict[str, object]) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else str(src)


def test_every_rendered_notebook_exists() -> None:
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    for page in config["project"]["render"]:
        assert (ROOT / page).is_file(), page


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path: Path) -> None:
    for cell in code_cells(path):
        assert cell.get("outputs") in ([], None), f"{path.name}: outputs committed"
        assert cell.get("execution_count") is None, f"{path.name}: execution count committed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_a_parameters_cell(path: Path) -> None:
    cells = code_cells(path)
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]  # type: ignore[union-attr]
    assert len(tagged) == 1, f"{path.name}: one cell tagged 'parameters' expected"
    tree = ast.parse(source(tagged[0]))
    names = {
        t.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(t, ast.Name)
    }
    assert names >= PARAMETERS, f"{path.name}: parameters {PARAMETERS - names} missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin(path: Path) -> None:
    """No analysis logic in notebooks: no functions, classes, loops; imports from `analysis` only."""
    for cell in code_cells(path):
        tree = ast.parse(source(cell))
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef), (
                path.name
            )
            assert not isinstance(node, ast.For | ast.While), f"{path.name}: loop in notebook"
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] in ALLOWED_IMPORTS, (
                    f"{path.name}: {node.module}"
                )
            if isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] in ALLOWED_IMPORTS for a in node.names), path.name


def test_requirements_lock_matches_uv_lock() -> None:
    uv = shutil.which("uv")
    command = [uv] if uv else [sys.executable, "-m", "uv"]
    probe = subprocess.run([*command, "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("uv not available to export the lock")
    exported = subprocess.run(
        [
            *command,
            "export",
            "--frozen",
            "--no-dev",
            "--no-hashes",
            "--no-emit-project",
            "--format",
            "requirements-txt",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert exported == (ROOT / "requirements.lock.txt").read_text()


def test_readme_opens_with_the_two_commands() -> None:
    lines = [line.strip() for line in (ROOT / "README.md").read_text().splitlines()]
    commands = [line for line in lines if line.startswith("make ")][:2]
    assert commands == ["make report", "make test"]


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (ROOT / ".ci" / "run").read_text()
