"""Rules on the submissions (`kt_metrics/<year>/<institution>.csv|xlsx`), one rule name per fault.

Each rule is a `Check` declared here with its name, column, severity and Dutch message,
so "which rule rejects a negative count, and what does it say?" is answered in one place
(rule `negative_count`, below). Ingest (`analysis.data.ingest`) only reads the files;
where it must refuse a file early it uses the name the rule has here.

Decisions:

* Plausible bounds live in the catalogue (`indicators.csv`, `plausible_min` and
  `plausible_max`), per indicator (`bounds`): a value outside them is an *error*, because
  no real institution reaches it (10^15 disclosures, EUR 1e308) and the analysis would
  otherwise crash or publish it. Amounts are in euros, not thousands; the lower bound on
  research expenditure (EUR 0.1 M) catches a submission in thousands or millions.
  Infinite values are an error too.
* Money with exactly three decimals (`1.234`) is a *warning*: cents have two, so the
  separator was most likely meant for thousands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.ingest import columns as contract
from analysis.data.sources import DEMONSTRATION_SOURCE_ID, fictitious_population
from analysis.data.validation.bounds import BOUND_COLUMNS, range_check, range_groups
from analysis.data.validation.gx import Check, GXHandle, gx_context, lookup, run_suites
from analysis.data.validation.messages import (
    dutch_value,
    fixed_message,
    observed_message,
    row_message,
)
from analysis.data.validation.report import ValidationReport, in_reading_order
from analysis.data.validation.series import HISTORY_COLUMN, series_findings
from analysis.data.validation.text import text_rules
from analysis.errors import InputError

#: Columns a submission frame must have: the submission contract's, less the optional ones.
REQUIRED_COLUMNS: tuple[str, ...] = tuple(
    c for c in contract.COLUMNS if c not in contract.OPTIONAL_COLUMNS
)


#: Columns a submission frame may have besides the required ones.
OPTIONAL_COLUMNS: tuple[str, ...] = ("note", "file", "row")


#: Columns that identify one value; each must be non-null.
KEY_COLUMNS: tuple[str, ...] = ("institution_id", "year", "indicator", "unit", "source_id")


UNIQUE_KEY: tuple[str, ...] = ("institution_id", "year", "indicator")


MIN_YEAR = 2000


UNITS: tuple[str, ...] = ("EUR", "FTE", "count")


KIND_UNIT: Mapping[str, str] = {"money": "EUR", "fte": "FTE", "count": "count"}


def catalogue_frame(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator catalogue: indicator, unit, kind and the plausible bounds as floats.

    (`code` is accepted for `indicator`.) A bound that is not a number becomes NaN
    here (no bound); the reference validation reports the cell itself.
    """
    cat = indicators.copy()
    if "indicator" not in cat.columns and "code" in cat.columns:
        cat = cat.rename(columns={"code": "indicator"})
    for col in ("indicator", "unit", "kind", *BOUND_COLUMNS):
        if col not in cat.columns:
            raise InputError(
                "indicators.csv", None, col, "required_column", f"kolom {col} ontbreekt"
            )
    out = cat[["indicator", "unit", "kind"]].astype("object")
    for col in BOUND_COLUMNS:
        out[col] = pd.to_numeric(cat[col], errors="coerce").astype("float64")
    # No factor (an older catalogue, or an empty cell): no history rule for the indicator.
    factor = cat[HISTORY_COLUMN] if HISTORY_COLUMN in cat.columns else pd.Series(index=cat.index)
    out[HISTORY_COLUMN] = pd.to_numeric(factor, errors="coerce").astype("float64")
    return out


def prepare_submissions(frame: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The frame GX sees: positional index plus catalogue and file-name columns.

    `catalogue_unit`, `kind`, `count_value`, `count_fraction`, `infinite_value`,
    `money_three_decimals`, `range_*`, `file_institution_id` and `file_year` let GX
    express unit, integer, finiteness, range and file-name rules as plain column
    expectations on one batch.
    """
    prepared = frame.reset_index(drop=True).copy()
    for name in KEY_COLUMNS:
        # Readers keep an empty cell as "" (text columns); for the rules it is missing.
        if name in prepared.columns and pd.api.types.is_string_dtype(prepared[name]):
            blank = prepared[name].astype("str").str.strip().eq("").fillna(False)
            if blank.any():
                prepared[name] = prepared[name].where(~blank.to_numpy(dtype=bool), None)
    if "indicator" in prepared.columns:
        units = dict(zip(catalogue["indicator"], catalogue["unit"], strict=True))
        kinds = dict(zip(catalogue["indicator"], catalogue["kind"], strict=True))
        prepared["catalogue_unit"] = lookup(prepared["indicator"], units, "str")
        prepared["kind"] = lookup(prepared["indicator"], kinds, "str")
    if (
        "value" in prepared.columns
        and "indicator" in prepared.columns
        and pd.api.types.is_numeric_dtype(prepared["value"])
    ):
        # Derived columns instead of GX row conditions: a row condition copies the
        # whole frame per expectation, a column that is null outside its group
        # costs nothing (GX skips nulls in column-map expectations).
        values = prepared["value"].astype("float64")
        is_count = (prepared["kind"] == "count").fillna(False).to_numpy(dtype=bool)
        prepared["count_value"] = values.where(is_count)
        finite = np.isfinite(values.to_numpy())
        with np.errstate(invalid="ignore"):
            fraction = (values - np.floor(values)).round(9) % 1
        prepared["count_fraction"] = fraction.where(is_count & finite)
        prepared["infinite_value"] = values.where(np.isinf(values.to_numpy()))
        is_money = (prepared["kind"] == "money").fillna(False).to_numpy(dtype=bool)
        with np.errstate(invalid="ignore", over="ignore"):
            thousandths = values * 1000
            cents = values * 100
            three_decimals = (
                finite
                & (np.abs(thousandths - np.round(thousandths)) < 1e-6)
                & (np.abs(cents - np.round(cents)) > 1e-6)
            )
        prepared["money_three_decimals"] = values.where(is_money & three_decimals)
        for group in range_groups(catalogue):
            members = dict.fromkeys(group.indicators, True)
            member = lookup(prepared["indicator"], members, "boolean").fillna(False)
            prepared[group.column] = values.where(member.to_numpy(dtype=bool) & finite)
    if "file" in prepared.columns:
        # Parse each distinct path once: 350,000 rows come from ~25,000 files.
        stems: dict[Any, Any] = {}
        years: dict[Any, Any] = {}
        for value in pd.unique(prepared["file"].dropna()):
            path = Path(str(value))
            folder = path.parent.name
            if folder.isdigit() and len(folder) == 4:
                stems[value] = path.stem
                years[value] = int(folder)
        prepared["file_institution_id"] = lookup(prepared["file"], stems, "str")
        prepared["file_year"] = lookup(prepared["file"], years, "Int64")
    return prepared


def submission_suites(
    gxs: GXHandle,
    *,
    institution_ids: list[str],
    source_ids: list[str],
    catalogue: pd.DataFrame,
    current_year: int,
    derived: Sequence[str],
    columns_present: Sequence[str],
    demonstration: bool = False,
) -> list[tuple[str, list[Check]]]:
    """The declarative rules for a submission frame, grouped into suites.

    `derived` are the helper columns `prepare_submissions` added; they are not
    unknown columns. `demonstration`: the institutions are the demonstration edition's
    fictitious ones, whose submissions must all cite the generator; real institutions'
    submissions may never cite it (`edition_source`: the two never mix).
    """
    expect = gxs.gx.expectations
    allowed_columns = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
    present = set(columns_present)

    columns: list[Check] = []
    for name in REQUIRED_COLUMNS:
        columns.append(
            Check(
                rule="required_column",
                column=name,
                severity="error",
                description=f"kolom {name} is aanwezig",
                expectation=expect.ExpectColumnToExist(column=name),
                explain_table=fixed_message(f"verplichte kolom {name} ontbreekt"),
            )
        )
    columns.append(
        Check(
            rule="unknown_column",
            column=None,
            severity="error",
            description="geen onbekende kolommen",
            # GX's exact_match=False only asks that the listed columns exist, so
            # the set is the known columns the frame has (a missing required
            # column is `required_column`'s finding) and the match is exact.
            expectation=expect.ExpectTableColumnsToMatchSet(
                column_set=[c for c in (*allowed_columns, *derived) if c in present],
                exact_match=True,
            ),
            explain_table=lambda info: (
                "onbekende kolom(men): "
                + ", ".join(
                    str(c)
                    for c in (info.get("details") or {}).get("mismatched", {}).get("unexpected", [])
                )
            ),
        )
    )
    for name in ("institution_id", "indicator", "unit", "source_id"):
        columns.append(
            Check(
                rule="column_type",
                column=name,
                severity="error",
                description=f"kolom {name} is tekst",
                # Column-level for a string dtype, cell by cell for object columns.
                expectation=expect.ExpectColumnValuesToBeOfType(column=name, type_="str"),
                needs=(name,),
                explain=row_message(f"{name} {{{name}}} is geen tekst"),
                explain_table=observed_message(f"kolom {name} is geen tekst"),
            )
        )
    numeric_types: list[tuple[str, list[str], str]] = [
        ("year", ["int64", "Int64", "int32", "Int32", "int16"], "geheel getal"),
        ("value", ["float64", "Float64", "int64", "Int64", "float32"], "getal"),
    ]
    for name, types, label in numeric_types:
        columns.append(
            Check(
                rule="column_type",
                column=name,
                severity="error",
                description=f"kolom {name} is {label}",
                expectation=expect.ExpectColumnValuesToBeInTypeList(column=name, type_list=types),
                needs=(name,),
                explain=row_message(f"{name} {{{name}}} is geen {label}"),
                explain_table=observed_message(f"kolom {name} is geen {label}"),
            )
        )

    keys: list[Check] = []
    for name in KEY_COLUMNS:
        keys.append(
            Check(
                rule="not_null",
                column=name,
                severity="error",
                description=f"{name} is ingevuld",
                expectation=expect.ExpectColumnValuesToNotBeNull(column=name),
                needs=(name,),
                explain=fixed_message(f"{name} is leeg; elke rij moet een {name} hebben"),
            )
        )
    keys.append(
        Check(
            rule="unique_key",
            column="indicator",
            severity="error",
            description="één rij per instelling, jaar en indicator",
            expectation=expect.ExpectCompoundColumnsToBeUnique(column_list=list(UNIQUE_KEY)),
            needs=UNIQUE_KEY,
            explain=lambda rec: (
                f"dubbele rij: {rec.get('institution_id')}, {dutch_value(rec.get('year'))}, "
                f"{rec.get('indicator')} komt eerder al voor"
            ),
        )
    )

    categories: list[Check] = [
        Check(
            rule="indicator_known",
            column="indicator",
            severity="error",
            description="indicatorcode staat in de catalogus (indicators.csv)",
            expectation=expect.ExpectColumnValuesToBeInSet(
                column="indicator", value_set=sorted(map(str, catalogue["indicator"]))
            ),
            needs=("indicator",),
            explain=lambda rec: f"onbekende indicatorcode {dutch_value(rec.get('indicator'))}",
        ),
        Check(
            rule="unit_matches_catalogue",
            column="unit",
            severity="error",
            description="eenheid is die van de catalogus",
            expectation=expect.ExpectColumnPairValuesToBeEqual(
                column_A="unit", column_B="catalogue_unit", ignore_row_if="either_value_is_missing"
            ),
            needs=("unit", "catalogue_unit"),
            explain=lambda rec: (
                f"eenheid {dutch_value(rec.get('unit'))} hoort {dutch_value(rec.get('catalogue_unit'))} "
                f"te zijn voor {rec.get('indicator')}"
            ),
        ),
        Check(
            rule="institution_known",
            column="institution_id",
            severity="error",
            description="instelling staat in institutions.csv",
            expectation=expect.ExpectColumnValuesToBeInSet(
                column="institution_id", value_set=sorted(institution_ids)
            ),
            needs=("institution_id",),
            explain=lambda rec: (
                f"onbekende instelling {dutch_value(rec.get('institution_id'))} (niet in institutions.csv)"
            ),
        ),
        Check(
            rule="source_known",
            column="source_id",
            severity="error",
            description="bron staat in sources.csv",
            expectation=expect.ExpectColumnValuesToBeInSet(
                column="source_id", value_set=sorted(source_ids)
            ),
            needs=("source_id",),
            explain=lambda rec: (
                f"onbekende bron {dutch_value(rec.get('source_id'))} (niet in sources.csv)"
            ),
        ),
        (
            Check(
                rule="edition_source",
                column="source_id",
                severity="error",
                description="de opgaven van fictieve instellingen citeren de demonstratiegenerator",
                expectation=expect.ExpectColumnValuesToBeInSet(
                    column="source_id", value_set=[DEMONSTRATION_SOURCE_ID]
                ),
                needs=("source_id",),
                explain=lambda rec: (
                    f"bron {dutch_value(rec.get('source_id'))} bij een fictieve instelling: de "
                    "proefeditie mengt geen echte opgaven met demonstratiegegevens"
                ),
            )
            if demonstration
            else Check(
                rule="edition_source",
                column="source_id",
                severity="error",
                description="geen demonstratiegegevens tussen de echte opgaven",
                expectation=expect.ExpectColumnValuesToNotBeInSet(
                    column="source_id", value_set=[DEMONSTRATION_SOURCE_ID]
                ),
                needs=("source_id",),
                explain=lambda rec: (
                    "demonstratiegegevens horen niet bij de echte opgaven: die staan in data/demo "
                    "en alleen de proefeditie leest ze"
                ),
            )
        ),
        Check(
            rule="year_not_in_future",
            column="year",
            severity="error",
            description=f"jaar ligt niet na {current_year}",
            expectation=expect.ExpectColumnValuesToBeBetween(column="year", max_value=current_year),
            needs=("year",),
            explain=lambda rec: (
                f"jaar {dutch_value(rec.get('year'))} ligt in de toekomst (na {current_year})"
            ),
        ),
        Check(
            rule="year_from_2000",
            column="year",
            severity="error",
            description=f"jaar is {MIN_YEAR} of later",
            expectation=expect.ExpectColumnValuesToBeBetween(column="year", min_value=MIN_YEAR),
            needs=("year",),
            explain=lambda rec: f"jaar {dutch_value(rec.get('year'))} ligt voor {MIN_YEAR}",
        ),
        Check(
            rule="institution_matches_file",
            column="institution_id",
            severity="error",
            description="institution_id is gelijk aan de bestandsnaam",
            expectation=expect.ExpectColumnPairValuesToBeEqual(
                column_A="institution_id",
                column_B="file_institution_id",
                ignore_row_if="either_value_is_missing",
            ),
            needs=("institution_id", "file_institution_id"),
            explain=lambda rec: (
                f"institution_id {dutch_value(rec.get('institution_id'))} past niet bij bestandsnaam "
                f"{dutch_value(rec.get('file_institution_id'))}"
            ),
        ),
        Check(
            rule="year_matches_folder",
            column="year",
            severity="error",
            description="jaar is gelijk aan de jaarmap van het bestand",
            expectation=expect.ExpectColumnPairValuesToBeEqual(
                column_A="year", column_B="file_year", ignore_row_if="either_value_is_missing"
            ),
            needs=("year", "file_year"),
            explain=lambda rec: (
                f"jaar {dutch_value(rec.get('year'))} past niet bij jaarmap {dutch_value(rec.get('file_year'))}"
            ),
        ),
    ]

    values: list[Check] = [
        Check(
            rule="not_finite",
            column="value",
            severity="error",
            description="waarden zijn eindig (geen oneindig grote getallen)",
            expectation=expect.ExpectColumnValuesToBeNull(column="infinite_value"),
            needs=("infinite_value",),
            explain=lambda rec: (
                f"waarde voor {rec.get('indicator')} is oneindig groot; vul het echte getal in"
            ),
        ),
        Check(
            rule="count_non_negative",
            column="value",
            severity="error",
            description="aantallen zijn niet negatief",
            expectation=expect.ExpectColumnValuesToBeBetween(column="count_value", min_value=0),
            needs=("count_value",),
            explain=lambda rec: (
                f"aantal {dutch_value(rec.get('value'))} voor {rec.get('indicator')} is negatief"
            ),
        ),
        Check(
            rule="count_integer",
            column="value",
            severity="error",
            description="aantallen zijn gehele getallen",
            expectation=expect.ExpectColumnValuesToBeBetween(
                column="count_fraction", min_value=0, max_value=0
            ),
            needs=("count_fraction",),
            explain=lambda rec: (
                f"aantal {dutch_value(rec.get('value'))} voor {rec.get('indicator')} is geen geheel getal"
            ),
        ),
    ]
    for group in range_groups(catalogue):
        values.append(range_check(expect, group))
    values.append(
        Check(
            rule="money_thousands_separator",
            column="value",
            severity="warning",
            description="bedragen hebben hoogstens twee decimalen",
            expectation=expect.ExpectColumnValuesToBeNull(column="money_three_decimals"),
            needs=("money_three_decimals",),
            explain=lambda rec: (
                f"bedrag {dutch_value(rec.get('value'))} voor {rec.get('indicator')} heeft drie "
                "decimalen; waarschijnlijk is het scheidingsteken bedoeld voor duizendtallen "
                f"(dan is het {dutch_value(float(rec.get('value') or 0) * 1000)} euro). Schrijf "
                "bedragen in hele euro's, zonder scheidingsteken voor duizendtallen"
            ),
        )
    )

    return [
        ("submission_columns", columns),
        ("submission_keys", keys),
        ("submission_categories", categories),
        ("submission_values", values),
    ]


def validate_submissions(
    frame: pd.DataFrame,
    *,
    institutions: pd.DataFrame,
    sources: pd.DataFrame,
    indicators: pd.DataFrame,
    current_year: int,
) -> ValidationReport:
    """Run every submission rule on the ingested frame (all files in one batch per suite).

    `frame` has the columns of `analysis.data.ingest.load_submissions` (file and row
    are used to point at the spreadsheet cell; without them rows count from 2).
    Row-level suites are skipped when the frame lacks required columns or has
    columns of the wrong type, because their results would be noise.
    """
    catalogue = catalogue_frame(indicators)
    institution_ids = sorted({str(v) for v in institutions["institution_id"].dropna()})
    source_ids = sorted({str(v) for v in sources["source_id"].dropna()})
    prepared = prepare_submissions(frame, catalogue)
    gxs = gx_context()
    suites = submission_suites(
        gxs,
        institution_ids=institution_ids,
        source_ids=source_ids,
        catalogue=catalogue,
        current_year=current_year,
        derived=[c for c in prepared.columns if c not in frame.columns],
        columns_present=[str(c) for c in prepared.columns],
        demonstration=fictitious_population(institutions),
    )
    default_file = "kt_metrics"
    blocked = (
        "niet uitgevoerd: kolommen of kolomtypen kloppen niet"
        if structure_broken(prepared)
        else None
    )
    plan = [
        (name, checks, blocked if name != "submission_columns" else None) for name, checks in suites
    ]
    report = run_suites(plan, prepared, default_file=default_file)
    report = report.extend(text_rules(prepared, default_file, "submission_text", columns=["note"]))
    report = report.extend(series_findings(prepared, catalogue, skip=blocked))
    return in_reading_order(report)


def structure_broken(prepared: pd.DataFrame) -> bool:
    """True when row-level rules cannot run: a required column is missing or not numeric.

    A single cell of the wrong type in a text column is reported by row and does
    not stop the other rules; a missing column or a text `year`/`value` column does.
    """
    if any(name not in prepared.columns for name in REQUIRED_COLUMNS):
        return True
    return not all(pd.api.types.is_numeric_dtype(prepared[name]) for name in ("year", "value"))
