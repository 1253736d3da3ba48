"""The parts of `docs/architecture.md` that are generated, so they cannot drift from the code.

Two blocks: the package tree of `src/analysis/` (each module with the first line of its
docstring) and the build's step diagram, drawn from the steps `Build.steps` declares.
`python -m analysis.pipeline.architecture write` rewrites both blocks in place;
`tests/test_architecture.py` fails when the file differs from what this module makes.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from analysis import paths

__all__ = ["module_tree", "pipeline_diagram", "render_document"]

PACKAGE = Path(__file__).resolve().parents[1]


def _summary(path: Path) -> str:
    """The first line of a module's docstring (empty when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    return doc.strip().splitlines()[0] if doc else ""


def module_tree(package: Path = PACKAGE) -> str:
    """`src/analysis/` as an indented tree: packages first, each module with its summary."""
    lines = ["analysis/"]

    def walk(folder: Path, depth: int) -> None:
        indent = "    " * depth
        modules = sorted(p for p in folder.glob("*.py") if p.name != "__init__.py")
        for module in modules:
            lines.append(f"{indent}{module.name:<24} {_summary(module)}".rstrip())
        for sub in sorted(p for p in folder.iterdir() if (p / "__init__.py").is_file()):
            lines.append(f"{indent}{sub.name + '/':<24} {_summary(sub / '__init__.py')}".rstrip())
            walk(sub, depth + 1)

    walk(package, 1)
    return "\n".join(lines) + "\n"


def pipeline_diagram(project_dir: Path) -> str:
    """The yearly build's declared steps (for the project's own pages) as a Mermaid chart."""
    from analysis.pipeline.build_config import BuildConfig, render_pages
    from analysis.pipeline.runner import Build
    from analysis.pipeline.steps import diagram

    config = BuildConfig(
        year=2025,
        project_dir=project_dir,
        data_dir=project_dir / "data" / "raw",
        processed_dir=project_dir / "data" / "processed",
        out_dir=project_dir / "report",
        engine="pandoc",
    )
    notebooks = [p for p in render_pages(project_dir) if p.endswith(".ipynb")]
    return diagram(Build(config, code_hash="-").steps(notebooks, schedule=False))


def _replace(text: str, block: str, body: str, fence: str) -> str:
    begin, end = f"<!-- generated: {block} -->", f"<!-- end generated: {block} -->"
    head, found, rest = text.partition(begin)
    if not found or end not in rest:
        raise ValueError(f"docs/architecture.md: markers for the {block!r} block are missing")
    return f"{head}{begin}\n```{fence}\n{body}```\n{end}{rest.partition(end)[2]}"


def render_document(text: str, project_dir: Path) -> str:
    """`text` (docs/architecture.md) with both generated blocks made afresh."""
    text = _replace(text, "tree", module_tree(), "text")
    return _replace(text, "steps", pipeline_diagram(project_dir), "mermaid")


def main(argv: list[str]) -> int:
    root = paths.project_root()
    doc = root / "docs" / "architecture.md"
    fresh = render_document(doc.read_text(encoding="utf-8"), root)
    if argv[:1] == ["write"]:
        doc.write_text(fresh, encoding="utf-8")
        return 0
    if doc.read_text(encoding="utf-8") != fresh:
        print(f"{doc}: out of date; run `python -m analysis.pipeline.architecture write`")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
