"""The edition's machine-readable record, and finding the previous published edition.

Why a record: "what changed since last year" must compare two editions as they were
published, not as today's data and code would recompute last year. So each edition
writes, beside its site and PDF, the long table of every submitted value it rests on
(`editie/kt_metrics_long.csv`: institution, year, indicator, value, unit, source,
demonstration flag, up to the edition's year) and which file each submission came
from (`editie/inzendingen.csv`). The next edition reads them from the out-dir. An
edition published before this record existed cannot be compared value by value; the
comparison says so instead of guessing.

The institutions' valorisation models are read from what chapter 4 published
(`data/modellen_instellingen.csv`, columns `Instelling` and `Model`), in both editions.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.input_files import is_ignored
from analysis.data.process import LONG_COLUMNS
from analysis.publication.display.csv_files import csv_bytes
from analysis.publication.edition_files import (
    LONG_FILE,
    MANIFEST_FILE,
    MODELS_FILE,
    SUBMISSIONS_FILE,
    previous_year,
)
from analysis.publication.labels import current_model_label

#: Bumped when the record's layout changes; a reader refuses a format it does not know.
RECORD_FORMAT = 1

SUBMISSION_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")
_LONG_DTYPES: dict[str, str] = {
    "institution_id": "str",
    "indicator": "str",
    "unit": "str",
    "source_id": "str",
    "year": "int64",
    "value": "float64",
}
_SUBMISSION_DTYPES: dict[str, str] = {"institution_id": "str", "file": "str", "year": "int64"}


@dataclass(frozen=True)
class Edition:
    """One edition's data as it was published."""

    year: int
    #: The long table (`LONG_COLUMNS`), years up to `year`.
    long: pd.DataFrame
    #: (institution_id, year) → submission file relative to the data folder.
    files: Mapping[tuple[str, int], str]
    #: Short institution name → model label as chapter 4 printed it; None when the
    #: edition did not publish the table.
    models: Mapping[str, str] | None


@dataclass(frozen=True)
class PreviousEdition:
    """The edition before this one in the out-dir, and whether it can be compared."""

    year: int
    folder: Path
    #: None when the edition lacks the record (published before it existed).
    edition: Edition | None


def submission_files(data_dir: Path, years: Iterable[int]) -> dict[tuple[str, int], str]:
    """(institution_id, year) → `kt_metrics/<year>/<file>` for every submission file.

    Ingest names a submission by its file's stem (`analysis.data.ingest.load_submissions`);
    ignored files (`analysis.data.input_files`) are skipped alike.
    """
    out: dict[tuple[str, int], str] = {}
    for year in sorted(set(years)):
        folder = data_dir / "kt_metrics" / str(year)
        if not folder.is_dir():
            continue
        for name in sorted(os.listdir(folder)):
            stem, suffix = os.path.splitext(name)
            if is_ignored(name) or suffix.lower() not in SUBMISSION_SUFFIXES:
                continue
            out[(stem, int(year))] = f"kt_metrics/{year}/{name}"
    return out


#: Significant digits of a float in the report's CSV files (`display.csv_bytes`).
PUBLISHED_DIGITS = 12


def published_value(value: float) -> float:
    """A value as the record stores it: at the CSV writer's precision, so it reads back exactly.

    Submitted figures have far fewer digits (a count, euros, fte with a decimal); a
    difference beyond the twelfth significant digit is invisible in every published
    file, so it is not a revision either.
    """
    return float(f"{value:.{PUBLISHED_DIGITS}g}")


def edition_long(long: pd.DataFrame, year: int) -> pd.DataFrame:
    """The long table as an edition of `year` publishes it: its columns, years up to `year`,
    values at the published precision (`published_value`)."""
    frame = long.loc[long["year"] <= year, list(LONG_COLUMNS)].copy()
    frame["institution_id"] = frame["institution_id"].astype(str)
    frame["indicator"] = frame["indicator"].astype(str)
    frame["unit"] = frame["unit"].astype(str)
    frame["source_id"] = frame["source_id"].astype(str)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = [published_value(v) for v in frame["value"].astype("float64")]
    frame["value"] = frame["value"].astype("float64")
    frame["is_demonstration"] = frame["is_demonstration"].astype(bool)
    return frame.sort_values(["institution_id", "year", "indicator"], kind="stable").reset_index(
        drop=True
    )


def record_files(edition: Edition) -> dict[str, bytes]:
    """The files of the edition's record, relative to its year folder.

    Written through the report's one CSV writer (`display.csv_bytes`): floats in
    shortest round-trip form, so the next edition reads back exactly these values.
    """
    submissions = pd.DataFrame(
        [
            {"institution_id": inst, "year": year, "file": file}
            for (inst, year), file in sorted(edition.files.items())
        ],
        columns=["institution_id", "year", "file"],
    )
    manifest = {
        "format": RECORD_FORMAT,
        "year": edition.year,
        "files": [LONG_FILE, SUBMISSIONS_FILE],
        "about": (
            "Gegevens waarop deze editie van de Valorisatiemonitor rust, voor de vergelijking "
            "met de volgende editie (pagina 'Wat is er veranderd')."
        ),
    }
    return {
        LONG_FILE: csv_bytes(edition.long),
        SUBMISSIONS_FILE: csv_bytes(submissions),
        MANIFEST_FILE: (
            json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        ).encode("utf-8"),
    }


def read_models(year_dir: Path) -> dict[str, str] | None:
    """Short name → model label from an edition's `data/modellen_instellingen.csv`, if any."""
    path = year_dir / MODELS_FILE
    if not path.is_file():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if not {"Instelling", "Model"} <= set(frame.columns):
        return None
    # An earlier edition may name a model differently ('push-model'): read in today's words,
    # so a renamed model is not reported as a changed one.
    return {
        str(i): current_model_label(str(m))
        for i, m in zip(frame["Instelling"], frame["Model"], strict=True)
    }


def read_edition(year_dir: Path, year: int) -> Edition | None:
    """The record an edition published, or None when it has none (or one of another format)."""
    manifest = year_dir / MANIFEST_FILE
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != RECORD_FORMAT:
        return None
    long = pd.read_csv(
        io.BytesIO((year_dir / LONG_FILE).read_bytes()),
        dtype=_LONG_DTYPES,
        keep_default_na=False,
        na_values={"value": [""]},
    )
    long["is_demonstration"] = long["is_demonstration"].map(
        lambda v: str(v).strip().lower() == "true"
    )
    subs = pd.read_csv(year_dir / SUBMISSIONS_FILE, dtype=_SUBMISSION_DTYPES)
    files = {
        (str(i), int(y)): str(f)
        for i, y, f in zip(subs["institution_id"], subs["year"], subs["file"], strict=True)
    }
    return Edition(year, edition_long(long, year), files, read_models(year_dir))


def previous_edition(out_dir: Path, year: int) -> PreviousEdition | None:
    """The previous published edition under `out_dir`, read from its folder; None if none."""
    prev = previous_year(out_dir, year)
    if prev is None:
        return None
    folder = out_dir / str(prev)
    return PreviousEdition(prev, folder, read_edition(folder, prev))


__all__ = [
    "Edition",
    "PreviousEdition",
    "edition_long",
    "previous_edition",
    "read_edition",
    "read_models",
    "record_files",
    "submission_files",
]
