"""`make quick` picks the unit tests of what changed (`analysis.authoring.quick`)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from analysis.authoring import quick

ROOT = Path(__file__).resolve().parents[1]


def names(changed: list[str]) -> set[str]:
    return {p.name for p in quick.tests_for(changed, ROOT)}


def test_a_chapter_module_picks_the_tests_that_import_it() -> None:
    picked = names(["src/analysis/publication/chapters/programme.py"])
    assert "test_chapter_programme.py" in picked
    assert "test_chapter_models.py" not in picked and "test_validation.py" not in picked


def test_a_stylesheet_picks_the_tests_of_its_package_and_a_test_itself() -> None:
    picked = names(["src/analysis/publication/render/assets/site.css"])
    assert "test_render.py" in picked and "test_chapter_programme.py" not in picked
    assert names(["tests/test_quick.py", "README.md"]) == {"test_quick.py"}
    assert names(["README.md", "data/raw/sources.csv"]) == set()


def test_changed_files_are_those_git_sees_since_the_last_commit(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "a.py").write_text("1\n")
    (tmp_path / "b.py").write_text("1\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    (tmp_path / "a.py").write_text("2\n")
    (tmp_path / "c.py").write_text("new\n")
    assert quick.changed_files(tmp_path) == ["a.py", "c.py"]


def test_make_quick_runs_ruff_the_pairs_and_the_picked_tests() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    quick = re.search(r"^quick: (.*)\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert quick is not None
    assert quick.group(1).split() == ["lint", "pairs-check"]
    assert "-m analysis.authoring.quick" in quick.group(2)
