"""Fact sheets, assembling every institution's sheet in one pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.copublications import prose, shared
from analysis.publication.chapters.factsheets.figures import (
    CHART_SERIES,
    KEY_FIGURES,
    MEDIAN_COLUMN,
    MIN_TYPE_MEMBERS,
    POOLED_YEARS,
    SHEET_INDICATORS,
    Sheet,
    _models,
    intensity_table,
    sparkline_svg,
    trend_spec,
)
from analysis.publication.chapters.factsheets.text import (
    intensity_column,
    median_text,
    years_exceptions,
)
from analysis.publication.labels import (
    INDICATOR_LABELS,
    INSTITUTION_TYPE_FULL,
    MODEL_LABELS,
    PROFILE_LABELS,
)


def membership_by_institution(data_dir: Path) -> dict[str, str]:
    members = reference.load_consortium_members(data_dir)
    consortia = reference.load_population_consortia(data_dir).set_index("consortium_id")["region"]
    out: dict[str, list[str]] = {}
    for row in members.itertuples(index=False):
        # The region is data from consortia.csv; the list is printed inside Markdown prose.
        region = escape.markdown(consortia.get(row.consortium_id, row.consortium_id))
        out.setdefault(str(row.institution_id), []).append(
            region
            + (" (penvoerder)" if row.role == "lead" else "")
            + ("*" if row.status == "inferred" else "")
        )
    return {k: ", ".join(v) for k, v in out.items()}


def compute(wide: pd.DataFrame, data_dir: Path, year: int) -> list[Sheet]:
    """Every institution with data up to `year`, in the order of institutions.csv."""
    institutions = reference.load_institutions(data_dir)
    wide = wide[wide["year"] <= year]
    if wide.empty:
        return []
    pooled_years = [y for y in range(year - POOLED_YEARS + 1, year + 1)]
    intensities = intensity_table(wide, pooled_years)
    per100 = intensities.per100
    types = institutions.set_index("institution_id")["type"]
    # The type median is taken over the same paired-year ratios the sheet shows, and only
    # where the type has enough members with a ratio to make one (`MIN_TYPE_MEMBERS`).
    by_type = per100.groupby(per100.index.map(types.to_dict()))
    type_n = by_type.count()
    type_median = by_type.median().where(type_n >= MIN_TYPE_MEMBERS)
    copub = shared.compute(data_dir) if shared.available(data_dir) else None
    accounts = prose.Accounts.load(data_dir)
    models = _models(wide, institutions, pooled_years)
    membership = membership_by_institution(data_dir)
    all_years = sorted(int(y) for y in wide["year"].unique())
    # Plain dicts, not per-sheet pandas lookups: a thousand sheets made 150,000 of those.
    codes = sorted({*KEY_FIGURES, *SHEET_INDICATORS, *(c for c, _ in CHART_SERIES)})
    by_inst: dict[str, dict[int, dict[Any, Any]]] = {}
    columns = ["institution_id", "year", "is_demonstration", *codes]
    for record in wide.reindex(columns=columns).to_dict("records"):
        by_inst.setdefault(str(record["institution_id"]), {})[int(record["year"])] = record
    lookups = _Lookups(
        per100=per100.to_dict("index"),
        years_used=intensities.years.to_dict("index"),
        window=(pooled_years[0], pooled_years[-1]),
        window_years=tuple(y for y in pooled_years if y in set(all_years)),
        type_median=type_median.to_dict("index"),
        type_n=type_n.to_dict("index"),
        models=models.to_dict("index"),
        membership=membership,
    )
    sheets: list[Sheet] = []
    for inst in institutions.itertuples(index=False):
        rows = by_inst.get(str(inst.institution_id))
        if rows is None or year not in rows:
            continue
        sheet = _sheet(inst, rows, year, all_years, lookups)
        if copub is not None:
            sheet.real_keyfigures = prose.factsheet_keyfigures(copub, sheet.institution_id)
        sheet.accounts = prose.accounts_table(accounts, sheet.institution_id)
        sheets.append(sheet)
    return sheets


@dataclass(frozen=True)
class _Lookups:
    """Per-institution and per-type figures, as dicts keyed by id."""

    per100: dict[Any, dict[Any, Any]]
    years_used: dict[Any, dict[Any, Any]]
    window: tuple[int, int]
    window_years: tuple[int, ...]
    type_median: dict[Any, dict[Any, Any]]
    type_n: dict[Any, dict[Any, Any]]
    models: dict[Any, dict[Any, Any]]
    membership: dict[str, str]


def _finite(value: Any) -> TypeGuard[float]:
    return value is not None and bool(np.isfinite(value))


def _sheet(
    inst: Any,
    rows: dict[int, dict[Any, Any]],
    year: int,
    all_years: list[int],
    lookups: _Lookups,
) -> Sheet:
    now, before = rows[year], rows.get(year - 1)
    keyfigures = []
    for code in KEY_FIGURES:
        value = now.get(code)
        shown = fmt.indicator_value(value, code)
        note = ""
        if before is not None:
            prev = before.get(code)
            if _finite(prev) and prev != 0 and _finite(value):
                note = f"{fmt.change(value / prev - 1)} t.o.v. {year - 1}"
        keyfigures.append({"label": INDICATOR_LABELS[code], "value": shown, "note": note})
    model_row = lookups.models.get(inst.institution_id)
    model_text = ""
    if model_row is not None:
        model_text = (
            f" Valorisatiemodel {year - POOLED_YEARS + 1}–{year}: het "
            f"**{MODEL_LABELS[model_row['model']]}** (marge {fmt.number(model_row['margin'], 2)}; "
            f"daarna {MODEL_LABELS[model_row['second']]})."
        )
    consortium = lookups.membership.get(inst.institution_id)
    about = (
        # Names come from institutions.csv and consortia.csv: literal text in the Markdown.
        f"{escape.markdown(inst.name_nl)} is een "
        f"{INSTITUTION_TYPE_FULL.get(inst.type, inst.type)} met een "
        f"{PROFILE_LABELS.get(inst.profile, inst.profile)} profiel in {escape.markdown(inst.region)} "
        f"(ecosysteem {escape.markdown(inst.ecosystem)})"
        + (", partner van KTO-Nederland" if bool(inst.kto_nl_partner) else "")
        + (
            f", en nam deel aan het Valorisatieprogramma in het consortium {consortium}"
            if consortium
            else ""
        )
        + "."
        + model_text
    )
    series = [
        (
            INDICATOR_LABELS[code],
            color,
            [float(rows[y][code]) if y in rows else np.nan for y in all_years],
        )
        for code, color in CHART_SERIES
    ]
    own = lookups.per100.get(inst.institution_id)
    own_years = lookups.years_used.get(inst.institution_id)
    peers = lookups.type_median.get(inst.type)
    per100_column = intensity_column(*lookups.window)
    table = pd.DataFrame(
        {
            "Indicator": [INDICATOR_LABELS[c] for c in SHEET_INDICATORS],
            str(year - 1): [
                before.get(c) if before is not None else np.nan for c in SHEET_INDICATORS
            ],
            str(year): [now.get(c) for c in SHEET_INDICATORS],
            per100_column: [own.get(c) if own is not None else np.nan for c in SHEET_INDICATORS],
            MEDIAN_COLUMN: [
                peers.get(c) if peers is not None else np.nan for c in SHEET_INDICATORS
            ],
        }
    )
    counts = lookups.type_n.get(inst.type) or {}
    n_values = [int(counts.get(c, 0) or 0) for c in SHEET_INDICATORS]
    return Sheet(
        institution_id=str(inst.institution_id),
        name=str(inst.name_nl),
        about=about,
        keyfigures=keyfigures,
        spec=trend_spec(all_years, series),
        svg=sparkline_svg(all_years, series),
        alt=f"Lijndiagram van de uitvindingsmeldingen en spin-offs van {inst.short_name} per jaar, "
        f"{all_years[0]}–{year}.",
        table=table,
        demo=any(bool(r["is_demonstration"]) for r in rows.values()),
        model=MODEL_LABELS.get(model_row["model"], "") if model_row is not None else "",
        extra={
            "type": INSTITUTION_TYPE_FULL.get(inst.type, inst.type),
            "short": str(inst.short_name),
            "years_note": years_exceptions(own_years or {}, lookups.window_years),
            "median_note": median_text(inst.type, n_values),
        },
    )
