"""Where an edition's record lies in its year folder, and which earlier edition a build compares with.

Why apart from `edition`, which reads the record: the build puts the previous
edition's record into its render key before it knows whether anything is to be done,
and this needs neither pandas nor the renderer (a build with nothing to do takes a
second, not three).
"""

from __future__ import annotations

from pathlib import Path

from analysis.data.content_hash import hash_file

RECORD_DIR = "editie"
LONG_FILE = f"{RECORD_DIR}/kt_metrics_long.csv"
SUBMISSIONS_FILE = f"{RECORD_DIR}/inzendingen.csv"
MANIFEST_FILE = f"{RECORD_DIR}/editie.json"
#: Chapter 4's table of models per institution, as every edition publishes it.
MODELS_FILE = "data/modellen_instellingen.csv"


def previous_year(out_dir: Path, year: int) -> int | None:
    """The latest edition published in `out_dir` before `year` (a year folder with a site)."""
    if not out_dir.is_dir():
        return None
    years = [
        int(p.name)
        for p in out_dir.iterdir()
        if p.is_dir() and len(p.name) == 4 and p.name.isdigit() and int(p.name) < year
    ]
    years = [y for y in years if (out_dir / str(y) / "site").is_dir()]
    return max(years) if years else None


def previous_edition_key(out_dir: Path, year: int) -> dict[str, object]:
    """What of the previous edition the comparison reads, hashed: part of the render key.

    Rebuilding or adding an earlier edition changes this page, so the render step must
    run again when any of these files changes.
    """
    prev = previous_year(out_dir, year)
    if prev is None:
        return {"previous": None}
    folder = out_dir / str(prev)
    hashes = {
        name: hash_file(folder / name)
        for name in (MANIFEST_FILE, LONG_FILE, SUBMISSIONS_FILE, MODELS_FILE)
        if (folder / name).is_file()
    }
    return {"previous": prev, "files": hashes}
