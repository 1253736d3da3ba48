"""Rules over an institution's series across years (pandas; GX cannot express them).

Recorded in the same `checks` table as the GX rules, with expectation name
`pandas:<rule>`.

Decisions (documented here because they shape what a researcher sees):

* Patents granted more than the priority applications of the last
  `PATENT_WINDOW_YEARS` years is a *warning*, not an error: one priority application
  can lead to grants in several countries, and grants can stem from applications
  older than the window or from acquired patents. Implausible often enough to ask
  about, never impossible.
* Licence income with zero licence agreements is a *warning* only when no licence
  agreement was reported in the same year nor in the preceding
  `LICENCE_WINDOW_YEARS - 1` years: income from licences signed years ago is normal,
  income with no licence at all in the recent series is suspicious.
* A missing year in the middle of an institution's series and a jump of more than
  `JUMP_FACTOR` times (and more than a per-kind absolute change) are warnings: both
  happen in real data (a late submission, a merger), but the reader must be told.
* A value that moves by more than its indicator's `history_factor` (a column of
  `indicators.csv`; empty: no rule) against the median of the institution's own
  reported values in the `HISTORY_YEARS` years before it, and by more than the
  per-kind absolute change, is an *error* (`history_jump`): research spending falling
  from 347.541.785 to 100.000 is a typo until someone says otherwise, and it would put
  7.000 spin-offs per € 100 mln in the explorer. Saying otherwise is the submission's
  `note` on that row (a note on no other row of the file: one repeated on every row
  says where the figures come from, not why one moved): then it is a *warning*
  (`history_jump_explained`), shown with the note in the data-quality table. The median of up to three years, not the year
  before, so one wrong year is flagged once and the years after it are not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.validation.gx import Check, check_row, expectation_name, locate_rows, lookup
from analysis.data.validation.messages import dutch_value
from analysis.data.validation.report import CHECK_COLUMNS, ValidationReport
from analysis.errors import Finding

PATENT_WINDOW_YEARS = 5


LICENCE_WINDOW_YEARS = 5


JUMP_FACTOR = 5.0


#: The absolute change a year-on-year jump must also exceed, per kind: a jump
#: from 1 to 6 spin-offs is noise, from 10 to 60 is worth a question.
JUMP_MIN_CHANGE: Mapping[str, float] = {"count": 20.0, "fte": 5.0, "money": 1_000_000.0}


#: The catalogue column with each indicator's factor for `history_jump`.
HISTORY_COLUMN = "history_factor"


#: The institution's own years a value is compared with: the median of those reported.
HISTORY_YEARS = 3


def series_findings(
    prepared: pd.DataFrame, catalogue: pd.DataFrame, *, skip: str | None
) -> ValidationReport:
    """Rules over several rows (windows, series): computed in pandas, recorded like GX checks."""
    suite = "submission_consistency"
    rules: list[tuple[Check, Callable[[pd.DataFrame, pd.DataFrame], list[Finding]]]] = [
        (
            Check(
                "patents_within_priority_window",
                "value",
                "warning",
                f"verleende octrooien ≤ prioritaire aanvragen over {PATENT_WINDOW_YEARS} jaar",
            ),
            _patents_vs_priority,
        ),
        (
            Check(
                "licence_income_without_licences",
                "value",
                "warning",
                f"licentie-inkomsten alleen met licenties in de laatste {LICENCE_WINDOW_YEARS} jaar",
            ),
            _licence_income_without_licences,
        ),
        (
            Check(
                "year_coverage_gap",
                "year",
                "warning",
                "geen ontbrekende jaren midden in de reeks van een instelling",
            ),
            _coverage_gaps,
        ),
        (
            Check(
                "history_jump",
                "value",
                "error",
                "geen sprong groter dan de factor van de indicator ten opzichte van de eigen "
                f"reeks (mediaan van de {HISTORY_YEARS} jaren ervoor), tenzij toegelicht",
            ),
            lambda data, catalogue: _history_jumps(data, catalogue, explained=False),
        ),
        (
            Check(
                "history_jump_explained",
                "value",
                "warning",
                "een toegelichte sprong ten opzichte van de eigen reeks",
            ),
            lambda data, catalogue: _history_jumps(data, catalogue, explained=True),
        ),
        (
            Check(
                "year_on_year_jump",
                "value",
                "warning",
                f"geen sprong van meer dan ×{dutch_value(JUMP_FACTOR)} tussen opeenvolgende jaren",
            ),
            _jumps,
        ),
    ]
    rows: list[dict[str, Any]] = []
    findings: list[Finding] = []
    origins: list[tuple[str, str]] = []
    needed = {"institution_id", "year", "indicator", "value"}
    series: pd.DataFrame | None = None
    for check, fn in rules:
        name = expectation_name(check)
        reason = skip
        if reason is None and not needed.issubset(prepared.columns):
            reason = "niet uitgevoerd: kolommen ontbreken"
        if reason is not None:
            rows.append(check_row(suite, name, check, "skipped", 0, reason))
            continue
        if series is None:
            series = _series_frame(prepared)
        found = fn(series, catalogue)
        found = [
            Finding(f.file, f.row, check.column, check.rule, f.message, check.severity)
            for f in found
        ]
        findings.extend(found)
        origins.extend([(suite, name)] * len(found))
        if found:
            rows.append(
                check_row(
                    suite,
                    name,
                    check,
                    "warning" if check.severity == "warning" else "failed",
                    len(found),
                    f"{check.description}: {len(found)} keer niet",
                )
            )
        else:
            rows.append(check_row(suite, name, check, "passed", 0, f"in orde: {check.description}"))
    return ValidationReport(
        findings=findings,
        checks=pd.DataFrame.from_records(rows, columns=list(CHECK_COLUMNS)),
        origins=origins,
    )


def _series_frame(prepared: pd.DataFrame) -> pd.DataFrame:
    """Rows usable for series rules: keys present, year numeric, first copy of each key.

    Institutions and indicators are also given integer codes (`inst_code`,
    `ind_code`) so the series rules sort and group on numbers, not strings.
    """
    files, rows = locate_rows(prepared, "kt_metrics")
    data = pd.DataFrame(
        {
            "institution_id": prepared["institution_id"],
            "year": pd.to_numeric(prepared["year"], errors="coerce"),
            "indicator": prepared["indicator"],
            "value": pd.to_numeric(prepared["value"], errors="coerce").astype("float64"),
            "file": files,
            "row": rows,
            "note": (
                prepared["note"].fillna("").astype(str)
                if "note" in prepared.columns
                else pd.Series("", index=prepared.index)
            ),
        }
    )
    data["inst_code"] = pd.factorize(data["institution_id"])[0]
    data["ind_code"] = pd.factorize(data["indicator"])[0]
    data = data[(data["inst_code"] >= 0) & (data["ind_code"] >= 0) & data["year"].notna()].copy()
    data["year"] = data["year"].astype("int64")
    return data.drop_duplicates(subset=["inst_code", "year", "ind_code"], keep="first")


def _indicator_series(data: pd.DataFrame, indicator: str) -> pd.Series:
    sub = data[data["indicator"] == indicator]
    return pd.Series(
        sub["value"].to_numpy(),
        index=pd.MultiIndex.from_arrays([sub["institution_id"], sub["year"]]),
    )


def _window(series: pd.Series, keys: pd.MultiIndex, offsets: Iterable[int]) -> pd.DataFrame:
    """Values of `series` at (institution, year - k) for each offset k, aligned with `keys`."""
    columns: dict[int, np.ndarray[Any, Any]] = {}
    inst = keys.get_level_values(0)
    year = keys.get_level_values(1)
    for k in offsets:
        shifted = pd.MultiIndex.from_arrays([inst, year - k])
        columns[k] = series.reindex(shifted).to_numpy(dtype="float64")
    return pd.DataFrame(columns)


def _patents_vs_priority(data: pd.DataFrame, catalogue_frame: pd.DataFrame) -> list[Finding]:
    """Patents granted in year y versus priority applications in y-4..y (same institution)."""
    granted = data[(data["indicator"] == "patents_granted") & data["value"].notna()]
    if granted.empty:
        return []
    priority = _indicator_series(data, "priority_patent_applications").dropna()
    keys = pd.MultiIndex.from_arrays([granted["institution_id"], granted["year"]])
    window = _window(priority, keys, range(PATENT_WINDOW_YEARS))
    reported = window.notna().sum(axis=1).to_numpy()
    total = window.sum(axis=1, min_count=1).to_numpy(dtype="float64")
    values = granted["value"].to_numpy(dtype="float64")
    # Only where the whole window is reported: at the start of a series the
    # applications behind this year's grants lie before the first year.
    hit = (reported == PATENT_WINDOW_YEARS) & (values > np.nan_to_num(total, nan=0.0))
    out: list[Finding] = []
    for file, row, year, v, s, n in zip(
        granted["file"].to_numpy()[hit],
        granted["row"].to_numpy()[hit],
        granted["year"].to_numpy()[hit],
        values[hit],
        total[hit],
        reported[hit],
        strict=True,
    ):
        first = int(year) - PATENT_WINDOW_YEARS + 1
        out.append(
            Finding(
                str(file),
                int(row),
                "value",
                "patents_within_priority_window",
                f"{dutch_value(v)} verleende octrooien in {int(year)}, maar {dutch_value(s)} prioritaire "
                f"aanvragen in {first}–{int(year)} ({int(n)} jaar gerapporteerd)",
                "warning",
            )
        )
    return out


def _licence_income_without_licences(
    data: pd.DataFrame, catalogue_frame: pd.DataFrame
) -> list[Finding]:
    """Licence income while the same and the previous years report zero licence agreements."""
    income = data[(data["indicator"] == "licence_income_eur") & (data["value"] > 0)]
    if income.empty:
        return []
    licences = _indicator_series(data, "licence_agreements").dropna()
    keys = pd.MultiIndex.from_arrays([income["institution_id"], income["year"]])
    window = _window(licences, keys, range(LICENCE_WINDOW_YEARS))
    same_year_zero = (window[0] == 0).to_numpy()
    any_licence = (window.fillna(0) > 0).any(axis=1).to_numpy()
    hit = same_year_zero & ~any_licence
    out: list[Finding] = []
    for file, row, year, v in zip(
        income["file"].to_numpy()[hit],
        income["row"].to_numpy()[hit],
        income["year"].to_numpy()[hit],
        income["value"].to_numpy(dtype="float64")[hit],
        strict=True,
    ):
        first = int(year) - LICENCE_WINDOW_YEARS + 1
        out.append(
            Finding(
                str(file),
                int(row),
                "value",
                "licence_income_without_licences",
                f"licentie-inkomsten EUR {dutch_value(v)} in {int(year)}, maar geen "
                f"licentieovereenkomsten in {first}–{int(year)}",
                "warning",
            )
        )
    return out


def _coverage_gaps(data: pd.DataFrame, catalogue_frame: pd.DataFrame) -> list[Finding]:
    """Years missing between an institution's first and last reported year."""
    spans = data.groupby("inst_code")["year"].agg(["min", "max", "nunique"])
    gappy = spans[spans["max"] - spans["min"] + 1 > spans["nunique"]]
    out: list[Finding] = []
    for code in gappy.index:
        group = data[data["inst_code"] == code]
        inst = str(group["institution_id"].iloc[0])
        years = sorted(set(group["year"].tolist()))
        present = set(years)
        sample = Path(str(group["file"].iloc[0]))
        for y in range(years[0], years[-1] + 1):
            if y in present:
                continue
            if sample.parent.name.isdigit():
                expected = str(sample.parent.parent / str(y) / f"{inst}{sample.suffix or '.csv'}")
            else:
                expected = f"kt_metrics/{y}/{inst}.csv"
            out.append(
                Finding(
                    expected,
                    None,
                    "year",
                    "year_coverage_gap",
                    f"{inst} heeft gegevens voor {years[0]}–{years[-1]}, maar niet voor {y}",
                    "warning",
                )
            )
    out.sort(key=lambda f: f.file)
    return out


def _jumps(data: pd.DataFrame, catalogue: pd.DataFrame) -> list[Finding]:
    """Consecutive-year changes of more than `JUMP_FACTOR` times and a per-kind minimum."""
    kinds = dict(zip(catalogue["indicator"], catalogue["kind"], strict=True))
    min_by_indicator = {i: JUMP_MIN_CHANGE.get(str(k), 20.0) for i, k in kinds.items()}
    reported = data[data["value"].notna()]
    order = np.lexsort(
        (
            reported["year"].to_numpy(),
            reported["ind_code"].to_numpy(),
            reported["inst_code"].to_numpy(),
        )
    )
    ordered = reported.iloc[order]
    inst = ordered["inst_code"].to_numpy()
    ind = ordered["ind_code"].to_numpy()
    cur = ordered["value"].to_numpy(dtype="float64")
    year = ordered["year"].to_numpy(dtype="float64")
    prev = np.concatenate(([np.nan], cur[:-1]))
    prev_year = np.concatenate(([np.nan], year[:-1]))
    same = np.concatenate(([False], (inst[1:] == inst[:-1]) & (ind[1:] == ind[:-1])))
    consecutive = same & ((year - prev_year) == 1)
    high = np.fmax(cur, prev)
    low = np.fmin(cur, prev)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(low > 0, high / low, np.where(high > 0, np.inf, 1.0))
    min_change = lookup(ordered["indicator"], min_by_indicator, "float64").fillna(20.0).to_numpy()
    change = np.abs(cur - prev)
    hit = consecutive & (ratio > JUMP_FACTOR) & (change > min_change)
    out: list[Finding] = []
    for file, row, inst, indicator, y, before, after in zip(
        ordered["file"].to_numpy()[hit],
        ordered["row"].to_numpy()[hit],
        ordered["institution_id"].to_numpy()[hit],
        ordered["indicator"].to_numpy()[hit],
        year[hit],
        prev[hit],
        cur[hit],
        strict=True,
    ):
        out.append(
            Finding(
                str(file),
                int(row),
                "value",
                "year_on_year_jump",
                f"{indicator} van {inst} springt van {dutch_value(before)} ({int(y) - 1}) naar "
                f"{dutch_value(after)} ({int(y)})",
                "warning",
            )
        )
    return out


def _explains(data: pd.DataFrame) -> pd.Series:
    """Whether each row's `note` explains that row: filled in, and on no other row of its file.

    A note repeated on every row of a submission ("demonstratiedata", "cijfers uit het
    jaarverslag") says where the figures come from, not why one of them moved.
    """
    note = data["note"].astype(str).str.strip()
    repeats = note.groupby([data["file"], note]).transform("size")
    return (note != "") & (repeats == 1)


def _history_jumps(
    data: pd.DataFrame, catalogue: pd.DataFrame, *, explained: bool
) -> list[Finding]:
    """Values beyond their indicator's factor against the institution's recent median.

    `explained`: the rows whose submission gives a `note` (a warning, the note quoted);
    otherwise the rows without one (an error).
    """
    if HISTORY_COLUMN not in catalogue.columns:
        return []
    factors = dict(zip(catalogue["indicator"], catalogue[HISTORY_COLUMN], strict=True))
    kinds = dict(zip(catalogue["indicator"], catalogue["kind"], strict=True))
    reported = data[data["value"].notna()]
    explanations = _explains(reported)
    out: list[Finding] = []
    for indicator, sub in reported.groupby("indicator", sort=True):
        factor = factors.get(indicator)
        if factor is None or not np.isfinite(factor) or factor <= 1:
            continue
        keys = pd.MultiIndex.from_arrays([sub["institution_id"], sub["year"]])
        series = pd.Series(sub["value"].to_numpy(), index=keys)
        before = _window(series, keys, range(1, HISTORY_YEARS + 1)).to_numpy()
        counted = np.sum(~np.isnan(before), axis=1)
        with np.errstate(all="ignore"):
            median = np.where(
                counted > 0,
                np.nanmedian(np.where(counted[:, None] > 0, before, 0.0), axis=1),
                np.nan,
            )
        value = sub["value"].to_numpy(dtype="float64")
        high, low = np.fmax(value, median), np.fmin(value, median)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(low > 0, high / low, np.where(high > 0, np.inf, 1.0))
        minimum = JUMP_MIN_CHANGE.get(str(kinds.get(indicator)), 20.0)
        notes = sub["note"].to_numpy()
        has_note = explanations.loc[sub.index].to_numpy()
        # A negative value is another rule's fault (one fault, one rule name).
        hit = (counted > 0) & (value >= 0) & (ratio > factor) & (np.abs(value - median) > minimum)
        hit &= has_note if explained else ~has_note
        for at in np.flatnonzero(hit):
            row = sub.iloc[int(at)]
            text = (
                f"{indicator} van {row['institution_id']} is {dutch_value(value[at])} in "
                f"{int(row['year'])}, meer dan ×{dutch_value(factor)} verschil met de eigen "
                f"reeks (mediaan {dutch_value(median[at])} over de {HISTORY_YEARS} jaren "
                "ervoor)"
            )
            if explained:
                text += f"; toegelicht: {str(notes[at]).strip()}"
            else:
                text += "; controleer de waarde, of licht haar toe in de kolom note"
            out.append(Finding(str(row["file"]), int(row["row"]), "value", "history_jump", text))
    return out
