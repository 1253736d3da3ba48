"""The code a build step runs, read from the import graph of `src/analysis`.

Why: a step's cache key must change when the code it runs changes, and only then. Keyed
on all of `src/analysis`, a one-line edit in chapter 2 reran validation and every notebook
(minutes in the preview). Keyed on the modules a step imports, directly or through other
modules (imports inside functions included, since they run too), plus the package
parents Python executes on the way and the files (templates, styles, fonts, messages)
that live beside those modules, the edit reruns the notebooks that import chapter 2 and
the render, and nothing else.

The graph is read with `ast`, without importing anything. A dynamic import by name
(`importlib.import_module(name)`) is not seen; the project has none outside the
preview's warm-up, which imports modules a step already reaches. Parsing every module a
build reaches takes most of a second, so a build keeps what each file imports in its
cache (`ImportGraph(store=...)`), keyed by the file's content hash: a build after no
change, or after one edit, parses nothing or that one file.
"""

from __future__ import annotations

import ast
import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis.atomic import atomic_write

PACKAGE = "analysis"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/analysis

#: One `ast.parse` at a time. Why: the build computes step keys in its worker threads, and
#: CPython 3.11 keeps the AST builder's recursion count per interpreter, not per thread:
#: a garbage collection inside one thread's parse can let another thread's parse run, and
#: the first then fails with "SystemError: AST constructor recursion depth mismatch". It
#: failed a preview rebuild in CI; `tests/test_code_graph.py` provokes it.
_PARSE_LOCK = threading.Lock()


def _parse(source: str) -> ast.Module:
    with _PARSE_LOCK:
        return ast.parse(source)


def module_path(name: str, root: Path = PACKAGE_DIR) -> Path | None:
    """The file of module `name` ("analysis.a.b") under `root`, or None if it is none."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = root.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


#: An import as written: the module, and the name imported from it (`from a import b`),
#: which may be a submodule `a.b` or an attribute of `a`; None for `import a`.
Imported = tuple[str, str | None]


def imported_names(
    source: str, module: str, *, is_package: bool
) -> tuple[set[Imported], set[Imported]]:
    """The `analysis` imports in `source`, as (at import time, anywhere).

    Relative imports are resolved against `module`. "At import time" leaves out imports
    inside functions, which run only when the function is called; imports under
    `if TYPE_CHECKING:` never run and are left out of both.
    """
    top: set[Imported] = set()
    anywhere: set[Imported] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for branch in node.orelse:
                visit(branch, in_function)
            return
        found = _imports(node, module, is_package)
        anywhere.update(found)
        if not in_function:
            top.update(found)
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(_parse(source), False)
    keep = {i for i in anywhere if i[0] == PACKAGE or i[0].startswith(PACKAGE + ".")}
    return top & keep, keep


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST, module: str, is_package: bool) -> set[Imported]:
    if isinstance(node, ast.Import):
        return {(alias.name, None) for alias in node.names}
    if not isinstance(node, ast.ImportFrom):
        return set()
    if node.level:
        parts = module.split(".")
        keep = len(parts) - node.level + (1 if is_package else 0)
        base = ".".join(parts[:keep] + ([node.module] if node.module else []))
    else:
        base = node.module or ""
    return {(base, alias.name) for alias in node.names}


def notebook_imports(notebook: Path) -> set[Imported]:
    """The `analysis` imports of a notebook's code cells (magics and shell lines
    skipped, as the kernel would not hand them to Python)."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    found: set[Imported] = set()
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        found |= imported_names("\n".join(lines), "__main__", is_package=False)[1]
    return found


#: What one module imports: (at import time, anywhere), as `imported_names` gives it.
Parsed = tuple[set[Imported], set[Imported]]


class ImportGraph:
    """The import graph of the package under `root`, each file parsed once.

    With `store` (a JSON file in the build's cache), what each file imports is read from
    the last build's record when the file's content hash is unchanged, and `save`
    records the files parsed anew. The record is only a speed-up: a damaged one is
    ignored, and an entry whose hash differs from the file is parsed again.
    """

    def __init__(self, root: Path = PACKAGE_DIR, store: Path | None = None) -> None:
        self.root = root
        self.store = store
        self._parsed: dict[str, tuple[Path, set[Imported], set[Imported]] | None] = {}
        self._stored: dict[str, tuple[str, Parsed]] | None = None
        self._new: dict[str, tuple[str, Parsed]] = {}
        self._lock = threading.Lock()

    def _module(self, name: str) -> tuple[Path, set[Imported], set[Imported]] | None:
        if name not in self._parsed:
            path = module_path(name, self.root)
            if path is None:
                self._parsed[name] = None  # an attribute imported from a module
            else:
                top, anywhere = self._imports_of(name, path)
                self._parsed[name] = (path, top, anywhere)
        return self._parsed[name]

    def _imports_of(self, name: str, path: Path) -> Parsed:
        content = path.read_bytes()
        sha = hashlib.sha256(content).hexdigest()
        with self._lock:
            if self._stored is None:
                self._stored = _read_store(self.store)
            known = self._stored.get(name)
        if known is not None and known[0] == sha:
            return known[1]
        parsed = imported_names(
            content.decode("utf-8"), name, is_package=path.name == "__init__.py"
        )
        with self._lock:
            self._new[name] = (sha, parsed)
        return parsed

    def save(self) -> None:
        """Record the files parsed anew in `store` (kept entries stay), if any were."""
        with self._lock:
            if self.store is None or not self._new:
                return
            entries = {**(self._stored or {}), **self._new}
            self._stored, self._new = entries, {}
        payload = {
            name: {"sha256": sha, "top": _listed(parsed[0]), "anywhere": _listed(parsed[1])}
            for name, (sha, parsed) in sorted(entries.items())
        }
        atomic_write(self.store, json.dumps(payload, indent=0))

    def closure(self, roots: Iterable[str | Imported]) -> set[Path]:
        """The files of `roots` and of every module they import, transitively.

        A module whose names are used (`import a`, `from a import f`) runs whatever its
        functions import when they are called, so all its imports are followed. A
        package Python only passes through (its `__init__.py` runs first, on the way to
        `a.b` or for `from a import b` with `b` a submodule) adds what it imports at
        import time.
        """
        used: set[str] = set()
        passed: set[str] = set()
        todo: list[tuple[str, bool]] = []

        def add(imported: str | Imported) -> None:
            name, attribute = (imported, None) if isinstance(imported, str) else imported
            if attribute is not None and module_path(f"{name}.{attribute}", self.root):
                todo.append((f"{name}.{attribute}", True))
                todo.append((name, False))
            else:
                todo.append((name, True))

        for root in roots:
            add(root)
        while todo:
            name, is_used = todo.pop()
            if name in used or (not is_used and name in passed):
                continue
            (used if is_used else passed).add(name)
            parsed = self._module(name)
            if parsed is None:
                continue
            _, top, anywhere = parsed
            parts = name.split(".")
            todo.extend((".".join(parts[:i]), False) for i in range(1, len(parts)))
            for imported in anywhere if is_used else top:
                add(imported)
        parsed_files = (self._parsed[n] for n in used | passed)
        return {f[0] for f in parsed_files if f is not None}

    def code_files(self, roots: Iterable[str | Imported], suffixes: tuple[str, ...]) -> list[str]:
        """The files of `closure(roots)` and the non-Python files beside them (each
        module's folder and its non-package subfolders: templates, assets, fonts,
        messages), as POSIX paths relative to the package, sorted."""
        modules = self.closure(roots)
        found = set(modules)
        for folder in {p.parent for p in modules}:
            found |= _assets(folder, suffixes)
        return sorted(p.relative_to(self.root).as_posix() for p in found)


def _listed(imports: set[Imported]) -> list[Imported]:
    return sorted(imports, key=lambda i: (i[0], i[1] or ""))


def _read_store(store: Path | None) -> dict[str, tuple[str, Parsed]]:
    """The recorded imports per module; {} for no record or a damaged one."""
    if store is None:
        return {}
    try:
        saved: Any = json.loads(store.read_text(encoding="utf-8"))
        return {
            str(name): (
                str(entry["sha256"]),
                (_pairs(entry["top"]), _pairs(entry["anywhere"])),
            )
            for name, entry in saved.items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def _pairs(items: Any) -> set[Imported]:
    return {(str(module), None if name is None else str(name)) for module, name in items}


def _assets(folder: Path, suffixes: tuple[str, ...]) -> set[Path]:
    found = {
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix != ".py" and p.name.endswith(suffixes)
    }
    for sub in folder.iterdir():
        if sub.is_dir() and sub.name != "__pycache__" and not (sub / "__init__.py").exists():
            found |= _assets(sub, suffixes)
    return found


def code_key(hashes: Mapping[str, str], files: Iterable[str]) -> dict[str, str]:
    """The part of `hashes` (every code file's content hash) that `files` cover."""
    return {f: hashes[f] for f in files if f in hashes}
