"""`make quick`: the tests of what changed since the last commit, in seconds.

Why: the whole suite takes half an hour on two cores; a researcher who changed one
chapter module wants to know within a minute whether its own tests still pass. A test
file is picked when it was changed itself, or when it imports a changed module, a module
inside a changed package, or the package a changed module lives in (`code_graph` reads
the imports). The end-to-end tests are left to `make test`. `make quick` runs ruff and
the notebook-pair check first.

    python -m analysis.authoring.quick            # run them
    python -m analysis.authoring.quick --list     # only list them
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from analysis.pipeline import code_graph

__all__ = ["changed_files", "main", "tests_for"]


def changed_files(root: Path) -> list[str]:
    """Files changed since the last commit (staged, unstaged and new), relative to `root`."""

    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
        return [line for line in out.stdout.splitlines() if line]

    return sorted(
        set(git("diff", "--name-only", "HEAD"))
        | set(git("ls-files", "--others", "--exclude-standard"))
    )


def _module_of(path: str, root: Path) -> str | None:
    """`src/analysis/a/b.py` → `analysis.a.b`; a file beside modules (a template, a
    stylesheet in `assets/`) → the nearest package holding it; None outside
    `src/analysis`."""
    parts = Path(path).parts
    if parts[:2] != ("src", "analysis"):
        return None
    inner = list(parts[1:])
    if inner[-1].endswith(".py"):
        inner[-1] = inner[-1][: -len(".py")]
        if inner[-1] == "__init__":
            inner.pop()
        return ".".join(inner)
    inner.pop()
    while len(inner) > 1 and not (root / "src" / Path(*inner) / "__init__.py").is_file():
        inner.pop()
    return ".".join(inner)


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def tests_for(changed: Iterable[str], root: Path) -> list[Path]:
    """The unit test files (`tests/test_*.py`) for the `changed` files."""
    changed = list(changed)
    modules = {m for m in (_module_of(c, root) for c in changed) if m and m != code_graph.PACKAGE}
    picked: list[Path] = []
    for test in sorted((root / "tests").glob("test_*.py")):
        rel = test.relative_to(root).as_posix()
        if rel in changed:
            picked.append(test)
            continue
        _, imports = code_graph.imported_names(
            test.read_text(encoding="utf-8"), "tests", is_package=False
        )
        names = {f"{base}.{attr}" if attr else base for base, attr in imports}
        names -= {code_graph.PACKAGE}
        if any(_related(name, module) for name in names for module in modules):
            picked.append(test)
    return picked


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--list", action="store_true", help="list the test files, run nothing")
    args = parser.parse_args(argv)
    root = Path.cwd()
    tests = tests_for(changed_files(root), root)
    if not tests:
        print("quick: no unit tests for the files changed since the last commit")
        return 0
    shown = [t.relative_to(root).as_posix() for t in tests]
    print(f"quick: {len(tests)} test file(s): {' '.join(shown)}", flush=True)
    if args.list:
        return 0
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *shown], cwd=root).returncode


if __name__ == "__main__":
    raise SystemExit(main())
