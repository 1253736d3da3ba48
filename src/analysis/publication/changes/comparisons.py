"""What changed, the comparisons: revisions of submitted values, new and missing submissions, models and key figures between two editions."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.publication.edition import Edition

#: The page's file on the site, and its source name for the renderer and the navbar.
PAGE_FILE = "wat-is-er-veranderd.html"


PAGE_TITLE = "Wat is er veranderd"


#: Tables longer than this are printed on the site only; the PDF points at them.
PDF_MAX_ROWS = 25


SUBMISSION_COLUMNS = ["institution_id", "year", "n_values"]


REVISION_COLUMNS = [
    "institution_id",
    "year",
    "indicator",
    "old_value",
    "new_value",
    "old_source",
    "new_source",
    "change",
]


MODEL_COLUMNS = ["institution", "old_model", "new_model"]


HEADLINE_COLUMNS = [
    "indicator",
    "old_edition_value",
    "old_edition_reporters",
    "new_edition_same_year",
    "new_edition_same_year_reporters",
    "new_edition_value",
    "new_edition_reporters",
]


def submissions(long: pd.DataFrame) -> pd.DataFrame:
    """One row per submission (institution × year) with its number of reported values."""
    if long.empty:
        return pd.DataFrame(columns=SUBMISSION_COLUMNS)
    counted = (
        long.assign(_reported=long["value"].notna())
        .groupby(["institution_id", "year"], sort=True)["_reported"]
        .sum()
        .astype("int64")
        .rename("n_values")
        .reset_index()
    )
    return counted[SUBMISSION_COLUMNS]


def submission_changes(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(added, removed): submissions only in the new edition, and only in the old one."""
    old_subs, new_subs = submissions(old), submissions(new)
    old_keys = set(zip(old_subs["institution_id"], old_subs["year"], strict=True))
    new_keys = set(zip(new_subs["institution_id"], new_subs["year"], strict=True))
    added = new_subs[
        [k not in old_keys for k in zip(new_subs["institution_id"], new_subs["year"], strict=True)]
    ]
    removed = old_subs[
        [k not in new_keys for k in zip(old_subs["institution_id"], old_subs["year"], strict=True)]
    ]
    return added.reset_index(drop=True), removed.reset_index(drop=True)


def revisions(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Every value that differs between two editions, in submissions both editions hold.

    `change` is "gewijzigd" (a value on both sides, different), "toegevoegd" (now
    reported, not before) or "verwijderd" (reported before, not now). Values are
    compared exactly: the record stores floats in shortest round-trip form, so an
    unchanged figure reads back bit for bit.
    """
    keys = ["institution_id", "year", "indicator"]
    both = set(zip(old["institution_id"], old["year"], strict=True)) & set(
        zip(new["institution_id"], new["year"], strict=True)
    )
    left = old[[k in both for k in zip(old["institution_id"], old["year"], strict=True)]]
    right = new[[k in both for k in zip(new["institution_id"], new["year"], strict=True)]]
    merged = left[[*keys, "value", "source_id"]].merge(
        right[[*keys, "value", "source_id"]],
        on=keys,
        how="outer",
        suffixes=("_old", "_new"),
    )
    old_v = merged["value_old"].to_numpy(dtype="float64")
    new_v = merged["value_new"].to_numpy(dtype="float64")
    old_in, new_in = np.isfinite(old_v), np.isfinite(new_v)
    changed = (old_in & new_in & (old_v != new_v)) | (old_in != new_in)
    out = merged[changed].copy()
    out["change"] = np.where(
        np.isfinite(out["value_old"]) & np.isfinite(out["value_new"]),
        "gewijzigd",
        np.where(np.isfinite(out["value_new"]), "toegevoegd", "verwijderd"),
    )
    out = out.rename(
        columns={
            "value_old": "old_value",
            "value_new": "new_value",
            "source_id_old": "old_source",
            "source_id_new": "new_source",
        }
    )
    for column in ("old_source", "new_source"):
        out[column] = out[column].fillna("").astype(str)
    out["year"] = out["year"].astype("int64")
    ordered: pd.DataFrame = out.sort_values(keys, kind="stable").reset_index(drop=True)
    return ordered[REVISION_COLUMNS]


def model_changes(old: Mapping[str, str], new: Mapping[str, str]) -> pd.DataFrame:
    """Institutions (by the short name both tables print) whose model differs; '' = not classified."""
    rows = [
        {"institution": name, "old_model": old.get(name, ""), "new_model": new.get(name, "")}
        for name in sorted({*old, *new}, key=str.casefold)
        if old.get(name, "") != new.get(name, "")
    ]
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


def headline_figures(old: Edition, new: Edition) -> pd.DataFrame:
    """The summary's key figures: previous edition's year as published and as known now, and this year.

    Each total is `national.like_for_like_changes(...).total`, the very number the
    summary prints as a key figure (the sum over the institutions that reported it).
    """
    from analysis.data import process
    from analysis.publication.chapters.national import totals as national_totals
    from analysis.publication.chapters.summary import KEY_FIGURES

    def totals(edition: Edition, year: int) -> dict[str, tuple[float, int]]:
        long = edition.long[edition.long["year"] <= year]
        if long.empty or year not in set(long["year"]):
            return {}
        wide = process.to_wide(long)
        return {
            code: (row.total, row.n_reporting)
            for code, row in national_totals.like_for_like_changes(wide, year, KEY_FIGURES).items()
        }

    before = totals(old, old.year)
    again = totals(new, old.year)
    now = totals(new, new.year)
    rows = []
    for code in KEY_FIGURES:
        cells = [
            before.get(code, (np.nan, 0)),
            again.get(code, (np.nan, 0)),
            now.get(code, (np.nan, 0)),
        ]
        if all(n == 0 for _, n in cells):
            continue
        rows.append(
            {
                "indicator": code,
                "old_edition_value": cells[0][0],
                "old_edition_reporters": cells[0][1],
                "new_edition_same_year": cells[1][0],
                "new_edition_same_year_reporters": cells[1][1],
                "new_edition_value": cells[2][0],
                "new_edition_reporters": cells[2][1],
            }
        )
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)
