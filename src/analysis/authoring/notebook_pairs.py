"""Chapter notebooks paired with percent scripts (jupytext), and the check that keeps them in step.

Why pairs: a notebook is JSON, so a review of a one-word change shows escaped strings and
cell ids. Each `notebooks/NN_topic.ipynb` therefore has a percent script beside it
(`NN_topic.py`, pairing set in `notebooks/jupytext.toml`) that reads as code. JupyterLab
with jupytext (`make lab`) writes both files on every save; the `.ipynb` stays what the
build executes.

Why a check: a pair edited on one side only (a notebook merged from a branch, a script
edited in an editor) would show reviewers one text and run another. `check` renders each
notebook with the same jupytext call and configuration the JupyterLab extension uses and
compares it with the script, byte for byte; `make check` fails on any difference, and
`make pairs` rewrites the scripts from the notebooks.

    python -m analysis.authoring.notebook_pairs check [NOTEBOOKS_DIR]
    python -m analysis.authoring.notebook_pairs write [NOTEBOOKS_DIR]
    python -m analysis.authoring.notebook_pairs lab [NOTEBOOKS_DIR]   # check, then align timestamps

jupytext is a development dependency (and part of the `edit` extra); it is imported only
here, never by the build.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import paths

__all__ = [
    "Pair",
    "check",
    "main",
    "notebook_from_script",
    "pairs",
    "render_script",
    "sync",
    "write",
]


@dataclass(frozen=True)
class Pair:
    """One notebook and the script it is paired with, in the script's jupytext format."""

    notebook: Path
    script: Path
    fmt: dict[str, Any]


def _config(notebooks_dir: Path) -> Any:
    """The jupytext configuration that applies to `notebooks_dir` (None if there is none)."""
    from jupytext.config import (
        find_jupytext_configuration_file,
        load_jupytext_configuration_file,
    )

    found = find_jupytext_configuration_file(str(notebooks_dir))
    return load_jupytext_configuration_file(found) if found else None


def pairs(notebooks_dir: Path) -> list[Pair]:
    """Every `*.ipynb` in `notebooks_dir` with its paired script, from the jupytext config.

    A folder without a configuration, or whose configuration pairs no text format, has
    no pairs.
    """
    from jupytext.formats import long_form_multiple_formats
    from jupytext.paired_paths import paired_paths

    config = _config(notebooks_dir)
    found: list[Pair] = []
    for notebook in sorted(notebooks_dir.glob("*.ipynb")):
        formats = config.default_formats(str(notebook)) if config is not None else None
        if not formats:
            continue
        for alt_path, alt_fmt in paired_paths(
            str(notebook), "ipynb", long_form_multiple_formats(formats)
        ):
            if alt_fmt["extension"] != ".ipynb":
                found.append(Pair(notebook, Path(alt_path), dict(alt_fmt)))
    return found


def render_script(pair: Pair) -> str:
    """The script text jupytext writes for `pair.notebook` (what JupyterLab saves)."""
    import jupytext

    notebook = jupytext.read(str(pair.notebook))
    text: str = jupytext.writes(notebook, fmt=pair.fmt, config=_config(pair.notebook.parent))
    return text


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(paths.project_root().resolve()).as_posix()
    except ValueError:
        return str(path)


def check(notebooks_dir: Path) -> list[str]:
    """One message per pair out of step (and per script without a notebook); [] if all agree."""
    problems: list[str] = []
    found = pairs(notebooks_dir)
    for pair in found:
        expected = render_script(pair)
        if not pair.script.is_file():
            problems.append(f"{_shown(pair.script)}: missing (paired with {pair.notebook.name})")
            continue
        actual = pair.script.read_text(encoding="utf-8")
        if actual != expected:
            diff = list(
                difflib.unified_diff(
                    actual.splitlines(),
                    expected.splitlines(),
                    f"{_shown(pair.script)} (script)",
                    f"{_shown(pair.notebook)} (notebook)",
                    n=0,
                    lineterm="",
                )
            )
            shown = "\n".join(f"    {line}" for line in diff[2:12])
            more = f"\n    … {len(diff) - 12} more diff lines" if len(diff) > 12 else ""
            problems.append(
                f"{_shown(pair.script)}: differs from {pair.notebook.name}\n{shown}{more}"
            )
    paired = {pair.script.resolve() for pair in found}
    extensions = {pair.fmt["extension"] for pair in found}
    for extension in sorted(extensions):
        for script in sorted(notebooks_dir.glob(f"*{extension}")):
            if script.resolve() not in paired:
                problems.append(f"{_shown(script)}: a script without its notebook")
    return problems


def write(notebooks_dir: Path) -> list[Path]:
    """Rewrite every script that differs from its notebook; return the scripts written."""
    written: list[Path] = []
    for pair in pairs(notebooks_dir):
        expected = render_script(pair)
        current = pair.script.read_text(encoding="utf-8") if pair.script.is_file() else None
        if current != expected:
            pair.script.parent.mkdir(parents=True, exist_ok=True)
            pair.script.write_text(expected, encoding="utf-8", newline="")
            written.append(pair.script)
    return written


def notebook_from_script(pair: Pair) -> str:
    """The notebook text after an edit of its script: the script's cells, each keeping the
    id of the notebook cell it came from (same source, else same place), saved the way the
    repository keeps notebooks (`analysis.authoring.lab.strip_notebook`). Deterministic: an
    unchanged script gives the notebook's own bytes."""
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs

    from analysis.authoring.lab import strip_notebook

    old = jupytext.read(str(pair.notebook))
    new = jupytext.reads(pair.script.read_text(encoding="utf-8"), fmt=pair.fmt)
    combine_inputs_with_outputs(new, old, fmt=pair.fmt)
    new.metadata = old.metadata  # the scripts carry no notebook metadata (jupytext.toml)
    old_ids = [str(cell.get("id", "")) for cell in old.cells]
    by_source: dict[str, list[str]] = {}
    for cell in old.cells:
        by_source.setdefault(cell.source, []).append(str(cell.get("id", "")))
    used: set[str] = set()
    for index, cell in enumerate(new.cells):
        same = [i for i in by_source.get(cell.source, []) if i and i not in used]
        here = old_ids[index] if index < len(old_ids) else ""
        chosen = same[0] if same else here if here and here not in used else ""
        number = index
        while not chosen or chosen in used or chosen in old_ids[index + 1 :]:
            chosen, number = f"cell-{number:02d}", number + 1
        cell["id"] = chosen
        used.add(chosen)
    strip_notebook(new)
    text: str = jupytext.writes(new, fmt="ipynb")
    return text + "\n"  # as Jupyter saves a notebook


def sync(notebooks_dir: Path, changed: Sequence[Path]) -> list[Path]:
    """Bring the other half of each pair in step after one half was saved; return what
    was written. A saved script rewrites its notebook (`notebook_from_script`), a saved
    notebook its script (`render_script`); a pair with both halves saved is left alone
    (JupyterLab with jupytext saved both)."""
    saved = {path.resolve() for path in changed}
    written: list[Path] = []
    for pair in pairs(notebooks_dir):
        notebook_saved = pair.notebook.resolve() in saved
        script_saved = pair.script.resolve() in saved
        if script_saved and not notebook_saved and pair.script.is_file():
            target, text = pair.notebook, notebook_from_script(pair)
        elif notebook_saved and not script_saved:
            target, text = pair.script, render_script(pair)
        else:
            continue
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8", newline="")
            written.append(target)
    return written


def align_timestamps(notebooks_dir: Path) -> list[Path]:
    """Give each script at least its notebook's modification time; return those touched.

    Why: jupytext in JupyterLab refuses to open a notebook that is newer than its script
    (it cannot know the script is current), which happens after a checkout or merge that
    rewrote only the notebook's timestamp. Call only after `check` found every pair equal.
    """
    touched: list[Path] = []
    for pair in pairs(notebooks_dir):
        notebook_time = pair.notebook.stat().st_mtime_ns
        if pair.script.is_file() and pair.script.stat().st_mtime_ns < notebook_time:
            os.utime(pair.script, ns=(notebook_time, notebook_time))
            touched.append(pair.script)
    return touched


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m analysis.authoring.notebook_pairs",
        description="Keep the chapter notebooks and their percent scripts in step.",
    )
    parser.add_argument("action", choices=("check", "write", "lab"))
    parser.add_argument("notebooks_dir", nargs="?", type=Path, default=None)
    args = parser.parse_args(argv)
    folder: Path = args.notebooks_dir or paths.project_root() / "notebooks"
    if args.action == "write":
        for script in write(folder):
            print(f"geschreven / written: {_shown(script)}")
        return 0
    problems = check(folder)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"{len(problems)} notebook-paar/pairs out of step. Scripts from the notebooks: "
            "`make pairs`; notebooks from edited scripts: `.venv/bin/jupytext --sync "
            "notebooks/*.ipynb`",
            file=sys.stderr,
        )
        return 1
    if args.action == "lab":
        align_timestamps(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
