"""The build's content-hash cache: what a step's inputs hash to, and what it produced.

Why a module of its own: the cache key of every step, the record of its outputs and
the check that those outputs are still there are one concern, used by the runner
(`analysis.build.steps`), the appendix (hashes of the inputs) and the notebooks' own
defaults (`notebook_params`). It is only a speed-up: a damaged record means "run again".
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.atomic import atomic_write
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


@dataclass(frozen=True)
class StepCache:
    """Remembers, per step, the key of its inputs and the hashes of the files it produced.

    A step is fresh when its recorded key equals the key of its current inputs and
    every file it produced is still there with the same content.
    """

    root: Path

    def _record(self, name: str) -> Path:
        return self.root / "keys" / f"{name.replace(':', '__')}.json"

    def output_dir(self, name: str) -> Path:
        return self.root / "steps" / name.replace(":", "__")

    def _load(self, name: str) -> dict[str, Any] | None:
        """The record of step `name`, or None when it is missing or not a valid record.

        A damaged record (not UTF-8, not JSON, the wrong shape, a folder in its place) only
        means the step runs again: the cache is a speed-up, never a source of truth.
        """
        record = self._record(name)
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # ValueError: UnicodeDecodeError and JSONDecodeError
            return None
        if (
            not isinstance(saved, dict)
            or not isinstance(saved.get("key"), str)
            or not isinstance(saved.get("outputs", {}), dict)
            or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in saved["outputs"].items()
            )
        ):
            return None
        return saved

    def is_fresh(self, name: str, key: str) -> bool:
        saved = self._load(name)
        if saved is None or saved["key"] != key:
            return False
        for path, expected in saved.get("outputs", {}).items():
            file = Path(path)
            try:
                if not file.is_file() or hash_file(file) != expected:
                    return False
            except OSError:
                return False
        return True

    def damaged(self, name: str) -> bool:
        """Whether a record exists for `name` but cannot be read (worth a note in the log)."""
        record = self._record(name)
        return (record.exists() or record.is_symlink()) and self._load(name) is None

    def commit(self, name: str, key: str, outputs: Iterable[Path]) -> None:
        record = self._record(name)
        make_folder(record.parent, self.root)
        payload = {
            "key": key,
            "outputs": {str(p): hash_file(p) for p in sorted(outputs) if p.is_file()},
        }
        atomic_write(record, json.dumps(payload, sort_keys=True, indent=1))

    def recorded_outputs(self, name: str) -> dict[str, str]:
        """The content hashes of the files step `name` produced, as recorded at its commit.

        Equal to hashing its output folder again (every output is recorded, and
        `is_fresh` checks the record against the files), without reading a thousand
        fact-sheet files a second time.
        """
        saved = self._load(name)
        outputs: dict[str, str] = saved.get("outputs", {}) if saved is not None else {}
        return outputs

    def invalidate(self, name: str) -> None:
        remove_path(self._record(name))


def remove_path(path: Path) -> None:
    """Remove `path` (folder, file or symbolic link; a link is removed, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    elif path.exists():  # a socket, fifo, ...
        path.unlink()


def make_folder(path: Path, base: Path) -> None:
    """`mkdir -p path`; a file or link in the way below `base` (the build's own cache) is
    removed first. Nothing at or above `base` is ever removed."""
    below = [p for p in (*reversed(path.parents), path) if base in p.parents]
    for folder in below:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            remove_path(folder)
    path.mkdir(parents=True, exist_ok=True)
