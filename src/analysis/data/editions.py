"""The two editions of the monitor and the data each one is built from.

Why two: no Dutch KTO has submitted yearly figures yet, and a figure invented by the
demonstration generator must never stand beside the name of a real institution, not
even under a label (a quote travels without its label). So

- the **published edition** (`gepubliceerd`) is built from `data/raw/` exactly as it is:
  real institutions, the cited tables, and only real submissions;
- the **demonstration edition** (`demonstratie`, a proefeditie) shows the full monitor
  on fictitious institutions: `data/raw/` with the population (institutions, their
  consortia, their submissions) replaced by the generated one in `data/demo/`, and
  every real figure about a real institution left out.

Which files the demonstration edition replaces and leaves out is declared in
`_quarto.yml` (`valorisatiemonitor.editions`), not here. Its data folder is assembled
into the build's own cache (`assemble`), so both editions read one folder through the
same loaders and validation, and nothing under `data/` is ever written by a build.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.data.input_files import is_ignored
from analysis.errors import BuildError

PUBLISHED = "gepubliceerd"
DEMONSTRATION = "demonstratie"


@dataclass(frozen=True)
class Edition:
    """One edition: its name, where its data come from and where it is written."""

    name: str
    #: Files that replace those of the base data folder (the demonstration population).
    overlay: Path | None = None
    #: Paths (relative to the data folder) left out of the base: real figures about
    #: real institutions, and real submissions, which never mix with demonstration data.
    leave_out: tuple[str, ...] = ()
    #: The report root and processed folder when the command line names none.
    out_dir: Path | None = None
    processed_dir: Path | None = None

    @property
    def demonstration(self) -> bool:
        return self.name == DEMONSTRATION


#: The published edition: `data/raw` as it is.
PUBLISHED_EDITION = Edition(PUBLISHED)


def _config(project_dir: Path) -> dict[str, Any]:
    import yaml

    path = project_dir / "_quarto.yml"
    if not path.is_file():
        return {}
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    section = config.get("valorisatiemonitor") or {}
    if not isinstance(section, dict):
        raise BuildError(f"{path}: valorisatiemonitor is not a mapping")
    return section


def edition(project_dir: Path, name: str) -> Edition:
    """The edition `name` as `_quarto.yml` declares it (the published one needs no entry)."""
    if name == PUBLISHED:
        return PUBLISHED_EDITION
    declared = (_config(project_dir).get("editions") or {}).get(name)
    if not isinstance(declared, dict):
        raise BuildError(
            f"{project_dir / '_quarto.yml'}: valorisatiemonitor.editions.{name} is not declared"
        )

    def folder(key: str) -> Path | None:
        value = declared.get(key)
        return (project_dir / str(value)).resolve() if value else None

    leave_out = tuple(str(p).strip("/") for p in declared.get("leave_out") or ())
    return Edition(
        name,
        overlay=folder("data"),
        leave_out=leave_out,
        out_dir=folder("out"),
        processed_dir=folder("processed"),
    )


def default_year(project_dir: Path) -> int | None:
    """The edition year `_quarto.yml` names (`valorisatiemonitor.year`), if any.

    `--year latest` takes it when no submission names a later year: the published
    edition reports on the year even before any institution has submitted.
    """
    value = _config(project_dir).get("year")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BuildError(
            f"{project_dir / '_quarto.yml'}: valorisatiemonitor.year {value!r} is not a year"
        )
    return value


def _files(root: Path) -> dict[str, Path]:
    """Relative path → file for every input under `root` (hidden and lock files skipped)."""
    found: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d))
        for name in sorted(filenames):
            if not is_ignored(name):
                path = Path(dirpath) / name
                found[path.relative_to(root).as_posix()] = path
    return found


def _left_out(relative: str, leave_out: tuple[str, ...]) -> bool:
    return any(relative == p or relative.startswith(p + "/") for p in leave_out)


def assemble(spec: Edition, base_dir: Path, target: Path) -> Path:
    """Write the edition's data folder into `target` (the build's own) and return it.

    The base folder's files, less those left out, then the overlay's files on top. The
    copy keeps bytes and names only, so the same inputs give the same folder and the
    same cache keys. `target` is replaced as a whole: a file removed from the inputs
    disappears from it.
    """
    if spec.overlay is None:
        return base_dir
    if not spec.overlay.is_dir():
        raise BuildError(
            f"{spec.overlay}: the data of the {spec.name} edition are missing; write them with "
            "`valorisatiemonitor demo`"
        )
    files = {
        relative: path
        for relative, path in _files(base_dir).items()
        if not _left_out(relative, spec.leave_out)
    }
    files.update(_files(spec.overlay))
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    for relative, path in sorted(files.items()):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    (target / "kt_metrics").mkdir(parents=True, exist_ok=True)
    return target
