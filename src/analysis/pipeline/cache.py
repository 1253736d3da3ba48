"""The build's content-hash cache: what a step's inputs hash to, and what it produced.

Why a module of its own: the cache key of every step, the record of its outputs and
the check that those outputs are still there are one concern, used by the runner
(`analysis.pipeline.steps`). The content hashes themselves are `analysis.data.content_hash`
(the appendix and the downloads hash the inputs too). It is only a speed-up: a damaged
record means "run again".
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.atomic import atomic_write
from analysis.data.content_hash import hash_file


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
        return saved is not None and saved["key"] == key and _intact(saved)

    def has_output(self, name: str) -> bool:
        """Whether step `name` ran before and every file it produced is still as recorded
        (whatever its key now): what a deferred step may keep (`run_steps`'s `defer`)."""
        saved = self._load(name)
        return saved is not None and _intact(saved)

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


def _intact(saved: dict[str, Any]) -> bool:
    """Every file of a step's record exists with the content hash recorded."""
    for path, expected in saved.get("outputs", {}).items():
        file = Path(path)
        try:
            if not file.is_file() or hash_file(file) != expected:
                return False
        except OSError:
            return False
    return True


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
