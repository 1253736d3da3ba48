"""Every chapter notebook runs as a researcher opens it: kernel in `notebooks/`, no parameters.

On a clean clone after a build (`make report`: the default folders), each notebook is
executed by papermill in a subprocess whose working directory is `notebooks/`, with no
parameters. It must succeed, leave `git status` clean and write nothing into
`notebooks/` (nor into the report the build made). The clone's own code is imported
(`PYTHONPATH`), and its root is found from the working directory, as in JupyterLab.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.data.content_hash import hash_file, hash_tree

from .conftest import ROOT, latest_year

pytestmark = pytest.mark.e2e

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@localhost"]


def _env(clone: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "VALORISATIEMONITOR_ROOT"}
    env.update(GX_ANALYTICS_ENABLED="False", PYTHONPATH=str(clone / "src"))
    return env


def _clean_clone(dest: Path) -> Path:
    """The tracked files of the checkout as they are now, committed in a fresh repository."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in filter(None, files):
        source = ROOT / raw.decode()
        if source.is_file():
            target = dest / raw.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    subprocess.run([*GIT, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "clone"], cwd=dest, check=True)
    return dest


def _git_status(clone: Path) -> str:
    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout


def _listing(folder: Path) -> dict[str, str]:
    """Every file under `folder`, hidden and ignored ones included, with its content hash."""
    return {str(p.relative_to(folder)): hash_file(p) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean clone after `make report`'s build (default report and processed folders)."""
    root = _clean_clone(tmp_path_factory.mktemp("clone") / "valorisatiemonitor")
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "build", "--quiet", "--renderer", "pandoc"],
        cwd=root,
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(f"build in the clone failed:\n{result.stdout}\n{result.stderr}")
    assert (root / "data" / "processed" / "kt_metrics_wide.parquet").is_file()
    assert _git_status(root) == ""
    return root


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_in_its_folder_without_parameters(
    clone: Path, notebook: str, tmp_path: Path
) -> None:
    notebooks = clone / "notebooks"
    before = _listing(notebooks)
    report_before = hash_tree(clone / "report")
    executed = tmp_path / notebook
    result = subprocess.run(
        [sys.executable, "-m", "papermill", notebook, str(executed), "--no-progress-bar"],
        cwd=notebooks,
        env=_env(clone),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    nb = json.loads(executed.read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    printed = "".join("".join(o.get("text", "")) for o in outputs if o["output_type"] == "stream")
    assert "Verwerkte gegevens" not in printed  # the build's tables were found fresh
    shown = [o for o in outputs if o["output_type"] == "display_data"]
    assert shown, "the chapter showed nothing"
    # Tables and charts, if the chapter writes any, went to the ignored build folder,
    # under the latest year with data.
    written = clone / ".build" / "notebooks"
    assert {p.name for p in written.iterdir()} <= {str(latest_year())} if written.is_dir() else True
    assert _git_status(clone) == ""
    assert _listing(notebooks) == before
    assert hash_tree(clone / "report") == report_before


def test_jupyter_execute_from_another_folder_of_the_project(clone: Path) -> None:
    """`jupyter execute` with the kernel started in `src/` (anywhere inside the project)."""
    before = _listing(clone / "notebooks")
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "execute", "../notebooks/07_bijlagen.ipynb"],
        cwd=clone / "src",
        env=_env(clone),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert _git_status(clone) == ""
    assert _listing(clone / "notebooks") == before
