"""One way to replace a file so that a reader never sees it half-written.

Why: the build, the data steps and the importers all rewrite files that others read
(processed tables, cache records, executed notebooks, reference tables). Each used to
hand-code "write a temporary file beside it, then rename"; this is that recipe once:
the temporary file sits in the same folder (a rename within one file system is atomic),
is flushed to disk before the rename when `durable`, and is removed when anything fails.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write", "file_mode"]


def _umask() -> int:
    """The process's umask, read without changing it where the OS tells (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:  # elsewhere: set and restore, never seen by another thread of ours
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


_UMASK_LOCK = threading.Lock()


def file_mode(path: Path, like: Path | None = None) -> int:
    """The permissions `path` keeps when replaced: its own, else `like`'s, else the umask's.

    A rename installs the temporary file's mode, which `mkstemp` makes 0600; without
    this, every rewrite of a table would take its readers' access away.
    """
    for candidate in (path, like):
        if candidate is not None:
            try:
                return stat.S_IMODE(os.stat(candidate).st_mode)
            except OSError:
                continue
    return 0o666 & ~_umask()


def atomic_write(
    path: Path,
    content: bytes | str | Callable[[BinaryIO], None],
    *,
    durable: bool = False,
    mode_like: Path | None = None,
) -> Path:
    """Replace `path` by `content` in one rename; returns `path`.

    `content`: the bytes, a text (written as UTF-8, line ends untouched) or a function
    that writes into the open binary file (a Parquet writer). The temporary file is
    `.<name>.<random>.tmp` beside `path`, which `analysis.pipeline.guard` recognises as a
    crashed write's leftover. `durable`: fsync the file and its folder, for files that
    outlive the build (the processed tables). The new file keeps the mode of the file
    it replaces; a new file takes `mode_like`'s (a sibling), else the umask's default.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = file_mode(path, mode_like)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as sink:
            if isinstance(content, str):
                sink.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                sink.write(content)
            else:
                content(sink)
            if durable:
                sink.flush()
                os.fsync(sink.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        with contextlib.suppress(OSError):  # the rename itself, where the OS allows
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
    return path
