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
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["atomic_write"]


def atomic_write(
    path: Path,
    content: bytes | str | Callable[[BinaryIO], None],
    *,
    durable: bool = False,
) -> Path:
    """Replace `path` by `content` in one rename; returns `path`.

    `content`: the bytes, a text (written as UTF-8, line ends untouched) or a function
    that writes into the open binary file (a Parquet writer). The temporary file is
    `.<name>.<random>.tmp` beside `path`, which `analysis.build.guard` recognises as a
    crashed write's leftover. `durable`: fsync the file and its folder, for files that
    outlive the build (the processed tables).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
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
