"""Watching by polling: which files changed between two scans (no file-watching dependency)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from analysis.data.input_files import is_ignored

#: A change counts once the files have stood still this long (an editor saves in steps;
#: JupyterLab writes the notebook and then its paired script).
SETTLE_SECONDS = 0.1

Snapshot = dict[str, tuple[int, int]]


def scan(paths: Sequence[Path]) -> Snapshot:
    """Modification time and size of every file under `paths` (files or folders).

    Hidden files and folders, Office lock files, `__pycache__` and byte code are not
    inputs of the build and are skipped, so Jupyter's checkpoints or an editor's swap
    file never start a rebuild.
    """
    found: Snapshot = {}
    for path in paths:
        if path.is_file():
            with contextlib.suppress(OSError):
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not is_ignored(d) and d != "__pycache__"]
            for name in filenames:
                if is_ignored(name) or name.endswith((".pyc", ".swp", "~")):
                    continue
                full = os.path.join(dirpath, name)
                with contextlib.suppress(OSError):  # removed between listing and stat
                    stat = os.stat(full)
                    found[full] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    keys = set(before) | set(after)
    return sorted(k for k in keys if before.get(k) != after.get(k))
