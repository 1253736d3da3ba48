"""The generated parts of docs/architecture.md match the code, and the README names the stages."""

from __future__ import annotations

import ast
from pathlib import Path

from analysis.pipeline import architecture

ROOT = Path(__file__).resolve().parents[1]


def test_architecture_doc_matches_the_tree_and_the_declared_steps() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert doc == architecture.render_document(doc, ROOT), (
        "docs/architecture.md is out of date: `python -m analysis.pipeline.architecture write`"
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
    assert [s for s in stages if s.endswith("/")] == [
        "authoring/",
        "data/",
        "methods/",
        "pipeline/",
        "publication/",
    ]


def test_readme_architecture_section_names_every_stage_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    for package in ("data/", "methods/", "publication/", "pipeline/", "authoring/", "cli.py"):
        assert package in section
        assert (ROOT / "src" / "analysis" / package.rstrip("/")).exists() or package == "cli.py"


#: The pipeline's stages in order; a module may import its own stage and the ones before.
#: Stage-neutral helpers (`paths`, `errors`, `atomic`, `versions`) come before all of them,
#: the command line after.
STAGE_ORDER = ("", "data", "methods", "publication", "pipeline", "authoring", "cli")


def _stage(module: str) -> str:
    """`analysis.methods.typology.rules` -> "methods"; `analysis.paths` -> ""."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "analysis":
        raise ValueError(module)
    if parts[1] in STAGE_ORDER:
        return parts[1]
    if parts[1] in ("__main__",):
        return "cli"
    return ""


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every `analysis.*` module imported anywhere in `path` (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found += [(node.lineno, n) for n in names if n.split(".")[0] == "analysis"]
    return found


def test_no_module_imports_a_later_stage() -> None:
    """ingest -> validate -> process -> analyse -> render -> publish, readable from imports:
    data never imports methods, methods never publication, publication never pipeline,
    pipeline never authoring."""
    src = ROOT / "src"
    against = []
    for path in sorted((src / "analysis").rglob("*.py")):
        module = ".".join(path.relative_to(src).with_suffix("").parts)
        own = STAGE_ORDER.index(_stage(module))
        for line, imported in _imports(path):
            if imported == "analysis":
                continue
            if STAGE_ORDER.index(_stage(imported)) > own:
                against.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert against == []


def test_the_stage_check_sees_a_late_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from analysis.pipeline.cache import StepCache\n    import analysis.paths\n",
        encoding="utf-8",
    )
    assert _imports(module) == [(2, "analysis.pipeline.cache"), (3, "analysis.paths")]
    assert [_stage(m) for m in ("analysis.pipeline.cache", "analysis.paths", "analysis.cli")] == [
        "pipeline",
        "",
        "cli",
    ]
