"""Results the notebooks of one build share: a costly, pure computation runs once.

Why: the key messages, the summary, chapter 5 and the annex each state what the break
tests will be able to detect, from the same simulation (about 5 s of CPU each on two
cores). Run side by side or one after another, they repeated it. Inside a build, the
first notebook that needs it now computes it and keeps the result in the build's cache;
the others read it (a notebook that asks meanwhile waits for it rather than computing
it twice), and so does the next build while nothing it depends on changed.

The result kept is the object the computation returned (pickled), under a key of
everything it depends on: the arguments, the code of the stages the function may
import (`tests/test_architecture.py`'s stage order: the stage-neutral modules, `data`,
`methods`) and the versions of the computing stack. The report's bytes therefore do
not depend on whether a result was computed or read.

Only inside a build: the build makes `<cache>/shared/` beside the processed tables it
hands the notebooks, and `resolve_parameters` switches sharing on when that folder
exists (`use_beside`). A notebook run by hand computes as before and writes nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from analysis.atomic import atomic_write

__all__ = ["FOLDER_NAME", "shared", "use_beside"]

#: The folder, beside the build's processed tables, that holds the shared results.
FOLDER_NAME = "shared"

#: The stages whose code a shared function may run (its own and the ones before).
_STAGES = ("data", "methods")

_PACKAGE_DIR = Path(__file__).resolve().parent

P = ParamSpec("P")
T = TypeVar("T")

_folder: Path | None = None


def use_beside(processed_dir: Path) -> Path | None:
    """Share results in `<processed_dir>/../shared/` when the build made that folder."""
    global _folder
    folder = processed_dir.parent / FOLDER_NAME
    _folder = folder if folder.is_dir() and not folder.is_symlink() else None
    return _folder


@functools.cache
def _code_and_stack() -> str:
    """The hash of every file of the stage-neutral modules, `data` and `methods`, and of
    the versions of the packages that compute."""
    from analysis.versions import package_versions

    digest = hashlib.sha256()
    files = sorted(_PACKAGE_DIR.glob("*.py"))
    for stage in _STAGES:
        files += sorted(
            p
            for p in (_PACKAGE_DIR / stage).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        )
    for path in files:
        digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(repr(sorted(package_versions().items())).encode())
    return digest.hexdigest()


def _key(func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    module = getattr(func, "__module__", "")
    if module.split(".")[:2] not in (["analysis", s] for s in _STAGES):
        raise ValueError(f"{module}.{func.__qualname__}: only data and methods results are shared")
    payload = pickle.dumps(
        (module, func.__qualname__, args, sorted(kwargs.items())), protocol=pickle.HIGHEST_PROTOCOL
    )
    return hashlib.sha256(_code_and_stack().encode() + payload).hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One notebook at a time computes a result; the others wait, then read it."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: at worst a result is computed twice
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read(path: Path) -> tuple[bool, Any]:
    try:
        return True, pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return False, None  # missing or damaged: computed again


def shared(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`func(*args, **kwargs)`, read from the build's shared results when computed before.

    `func` must be a pure function of its arguments in `data` or `methods`; outside a
    build it is simply called.
    """
    if _folder is None:
        return func(*args, **kwargs)
    path = _folder / f"{_key(func, args, kwargs)}.pickle"
    found, value = _read(path)
    if found:
        return value  # type: ignore[no-any-return]
    with _locked(_folder / f"{path.stem}.lock"):
        found, value = _read(path)
        if found:
            return value  # type: ignore[no-any-return]
        result = func(*args, **kwargs)
        with contextlib.suppress(OSError):  # a full disk costs the sharing, not the build
            atomic_write(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        return result
