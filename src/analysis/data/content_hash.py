"""Content hashes of files, folders and values: what "the same input" means.

One definition for every place that asks whether an input changed or names an input by
its content: the build's step cache (`analysis.pipeline.cache`), the manifest, the
colophon's table of inputs and the downloads' checksums. It lives with the data stage
because what it hashes, and what it skips (`input_files.is_ignored`), are inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.data.input_files import is_ignored


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def hash_tree(root: Path, suffixes: Sequence[str] | None = None) -> dict[str, str]:
    """Content hash of every file under `root`, keyed by POSIX path relative to `root`.

    Hidden files, Office lock files (`analysis.data.input_files`) and `__pycache__` are
    ignored: they are not inputs, and validation and ingest skip them too. Plain strings,
    not `Path` objects, per file: the data folder of a thousand institutions over 25
    years holds 25,000 files, hashed before every build.
    """
    result: dict[str, str] = {}
    if not root.exists():
        return result
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d) and d != "__pycache__")
        rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(filenames):
            if is_ignored(name):
                continue
            if suffixes is not None and not name.endswith(tuple(suffixes)):
                continue
            result[prefix + name] = hash_file(os.path.join(dirpath, name))
    return result


def digest(value: Any) -> str:
    """Stable hash of a JSON-serialisable value (keys sorted)."""
    return hash_bytes(json.dumps(value, sort_keys=True, default=str).encode())
