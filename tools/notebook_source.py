"""Write a notebook from a compact cell list (a development aid, not part of the build).

Researchers edit the `.ipynb` files in `notebooks/` directly; this helper only
creates new ones with the project's conventions: a markdown title, one cell
tagged `parameters`, no outputs, a stable kernelspec.

    python tools/notebook_source.py notebooks/NN_name.ipynb < cells.txt

`cells.txt` holds cells separated by lines `# %% [markdown]`, `# %% [parameters]`
or `# %%` (code), as in the "percent" format.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def build(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    kind, lines = None, []
    chunks: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            if kind is not None:
                chunks.append((kind, "\n".join(lines).strip("\n")))
            kind = "markdown" if "[markdown]" in line else "parameters" if "[parameters]" in line else "code"
            lines = []
        else:
            if kind == "markdown":
                line = line[2:] if line.startswith("# ") else ("" if line == "#" else line)
            lines.append(line)
    if kind is not None:
        chunks.append((kind, "\n".join(lines).strip("\n")))
    for i, (kind, source) in enumerate(chunks):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
        cell.id = f"cell-{i:02d}"
        nb.cells.append(cell)
    return nb


if __name__ == "__main__":
    target = Path(sys.argv[1])
    nbformat.write(build(sys.stdin.read()), target)
    print(target)
