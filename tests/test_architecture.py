"""The generated parts of docs/architecture.md match the code, and the README names the stages."""

from __future__ import annotations

from pathlib import Path

from analysis.build import architecture

ROOT = Path(__file__).resolve().parents[1]


def test_architecture_doc_matches_the_tree_and_the_declared_steps() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert doc == architecture.render_document(doc, ROOT), (
        "docs/architecture.md is out of date: `python -m analysis.build.architecture write`"
    )


def test_the_diagram_is_drawn_from_the_steps_and_the_tree_from_the_files() -> None:
    diagram = architecture.pipeline_diagram(ROOT)
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    for name in ["validate", "process", "render", "publish"]:
        assert f'["{name}' in diagram
    for nb in notebooks:
        assert f"notebook:{Path(nb).stem}" in diagram
    tree = architecture.module_tree()
    stages = [
        line.split()[0]
        for line in tree.splitlines()
        if line.startswith("    ") and not line.startswith("        ")
    ]
    assert [s for s in stages if s.endswith("/")] == ["build/", "data/", "methods/", "publication/"]


def test_readme_architecture_section_names_every_stage_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    for package in ("data/", "methods/", "publication/", "build/", "cli.py"):
        assert package in section
        assert (ROOT / "src" / "analysis" / package.rstrip("/")).exists() or package == "cli.py"
