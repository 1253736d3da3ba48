"""Chapter 6: Instellingen — one fact sheet per institution, built in one pass.

Why it is built this way: the monitor must scale to a thousand institutions (the
ASTP survey covers 500–700 offices). One kernel serves every sheet; all figures are
computed for all institutions at once with vectorised pandas; each sheet's chart is
a Vega-Lite spec written as a plain dict (interactive on the site) and a small SVG
drawn directly (for the PDF), because rendering a thousand charts through the Vega
engine would take minutes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.methods import typology
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters import copublications
from analysis.publication.charts import SERIES_COLORS, theme_config
from analysis.publication.labels import (
    INDICATOR_LABELS,
    INSTITUTION_TYPE_FULL,
    INSTITUTION_TYPE_FULL_PLURAL,
    MODEL_LABELS,
    PROFILE_LABELS,
)
from analysis.publication.render.basis import BASIS_LABELS_NL

TYPE_NL = INSTITUTION_TYPE_FULL
TYPE_PLURAL_NL = INSTITUTION_TYPE_FULL_PLURAL
#: The fewest institutions of one type, each with a ratio for the indicator, for a sheet
#: to show "the median of its own type". Why five: with one member the "median" is the
#: institution itself, with two it is their mean, and with three or four a single
#: institution (often the sheet's own) moves it a whole step; from five on two members
#: may lie anywhere without taking the median outside the other three (its breakdown
#: point). On the shipped institutions this shows the medians of the 14 universities,
#: 8 umc's and 13 hogescholen and none for TNO and NKI, the only ones of their type.
MIN_TYPE_MEMBERS = 5
MEDIAN_COLUMN = "Mediaan eigen type"
SHEET_INDICATORS: tuple[str, ...] = (
    "invention_disclosures",
    "priority_patent_applications",
    "licence_agreements",
    "spinoffs",
    "research_agreements_n",
    "contract_research_n",
    "startups_supported",
)
#: The sheet's two lines, in series colours from `analysis.publication.charts` (never a model colour:
#: both are push indicators, and blue would read as "push" against "exchange").
CHART_SERIES: tuple[tuple[str, str], ...] = (
    ("invention_disclosures", SERIES_COLORS[0]),
    ("spinoffs", SERIES_COLORS[2]),
)
#: The sheet's demonstration key figures: one row with the real co-publication figure.
#: Disclosures and spin-offs are not among them: the table shows both years of each.
KEY_FIGURES: tuple[str, ...] = (
    "research_expenditure_eur",
    "kto_staff_fte",
    "licence_income_eur",
)
POOLED_YEARS = 3


@dataclass
class Sheet:
    institution_id: str
    name: str
    about: str
    keyfigures: list[dict[str, str]]
    spec: dict[str, Any]
    svg: str
    alt: str
    table: pd.DataFrame
    demo: bool
    model: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: Real, cited figures beside the demonstration series (basis "real").
    real_keyfigures: list[dict[str, str]] = field(default_factory=list)
    accounts: copublications.ChapterTable | None = None


@dataclass(frozen=True)
class Intensities:
    """Outputs per € 100 mln research per institution, and the years each ratio uses.

    `per100`: institution × indicator; `years`: the same shape, each cell the tuple of
    years in which both the output and the research expenditure were reported.
    """

    per100: pd.DataFrame
    years: pd.DataFrame


def intensity_table(wide: pd.DataFrame, years: Sequence[int]) -> Intensities:
    """Per institution: outputs per € 100 mln research over `years`, each year paired.

    Why paired: summing outputs and spending over the window separately lets a year
    without an output figure count as zero output against a full year of spending
    (TU Delft's startups per € 100 mln read 5,3 where the paired years give 8,0).
    Here each year's output meets that year's research expenditure: the ratio of
    sums over the years in which both are reported (and spending is positive). A
    year missing on either side drops out of numerator and denominator alike.
    """
    rows = wide[wide["year"].isin(list(years))]
    spend = rows["research_expenditure_eur"].astype("float64")
    has_spend = spend.notna() & (spend > 0)
    ids = rows["institution_id"]
    per100: dict[str, pd.Series] = {}
    used: dict[str, pd.Series] = {}
    for code in SHEET_INDICATORS:
        if code not in rows.columns:
            continue
        paired = has_spend & rows[code].notna()
        output = rows[code].astype("float64").where(paired).groupby(ids).sum(min_count=1)
        denominator = spend.where(paired).groupby(ids).sum(min_count=1)
        per100[code] = output / (denominator / 1e8)
        used[code] = (
            rows["year"]
            .where(paired)
            .groupby(ids)
            .agg(lambda ys: tuple(sorted(int(y) for y in ys.dropna())))
        )
    index = pd.Index(sorted(ids.astype(str).unique()), name="institution_id")
    frame = pd.DataFrame(per100).reindex(index).replace([np.inf, -np.inf], np.nan)
    years_used = pd.DataFrame(used).reindex(index)
    return Intensities(frame, years_used)


def years_text(years: Sequence[int]) -> str:
    """'2023–2025' for a run of years, '2023 en 2025' with a gap, '–' for none."""
    ys = sorted(int(y) for y in years)
    if not ys:
        return fmt.MISSING
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}–{ys[-1]}"
    return ", ".join(str(y) for y in ys[:-1]) + (" en " if len(ys) > 1 else "") + str(ys[-1])


def _models(wide: pd.DataFrame, institutions: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    pooled = typology.pooled_profile(wide, "institution_id", years=years)
    profile = pooled.index.to_series().map(institutions.set_index("institution_id")["profile"])
    scored = typology.score(typology.standardise(pooled), profile)
    return scored


def sparkline_svg(
    years: Sequence[int],
    series: Sequence[tuple[str, str, Sequence[float]]],
    *,
    width: int = 520,
    height: int = 120,
) -> str:
    """A small line chart as SVG text (no Vega engine): axes, year labels, one line per series.

    Missing values break the line. Deterministic: coordinates are rounded to 0.1 px.
    """
    left, right, top, bottom = 46, 12, 12, 38
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, _, vals in series for v in vals if v is not None and np.isfinite(v)]
    vmax = max(values) if values else 1.0
    vmax = vmax if vmax > 0 else 1.0
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def x(year: int) -> float:
        return round(left + (year - first) / span * plot_w, 1)

    def y(value: float) -> float:
        return round(top + plot_h - value / vmax * plot_h, 1)

    font = 'font-family="Liberation Sans, Arial, Helvetica, sans-serif"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for fraction in (0.0, 0.5, 1.0):
        gy = y(vmax * fraction)
        parts.append(
            f'<line x1="{left}" y1="{gy}" x2="{width - right}" y2="{gy}" stroke="#e0e0e0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{gy + 4}" text-anchor="end" font-size="10" fill="#595959" {font}>'
            f"{html.escape(fmt.number(vmax * fraction))}</text>"
        )
    step = max(1, round(span / 6))
    for year in range(first, last + 1, step):
        parts.append(
            f'<text x="{x(year)}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10" '
            f'fill="#595959" {font}>{year}</text>'
        )
    legend_x = left
    for label, color, vals in series:
        segments: list[list[str]] = [[]]
        for year, value in zip(years, vals, strict=True):
            if value is None or not np.isfinite(value):
                segments.append([])
                continue
            segments[-1].append(f"{x(year)},{y(value)}")
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" stroke-width="2"/>'
                )
            for point in points:
                px, py = point.split(",")
                parts.append(f'<circle cx="{px}" cy="{py}" r="2.2" fill="{color}"/>')
        ly = height - 10
        parts.append(f'<rect x="{legend_x}" y="{ly - 8}" width="10" height="10" fill="{color}"/>')
        parts.append(
            f'<text x="{legend_x + 14}" y="{ly}" font-size="11" fill="#1a1a1a" {font}>{html.escape(label)}</text>'
        )
        legend_x += 24 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def trend_spec(
    years: Sequence[int], series: Sequence[tuple[str, str, Sequence[float]]]
) -> dict[str, Any]:
    """The same chart as a Vega-Lite spec (interactive on the site, Dutch tooltips).

    A year without a figure is a row with a null count, so the site's line breaks there
    as the PDF's drawing does (`sparkline_svg`); a left-out row would be bridged.
    """
    values = [
        {
            "Jaar": int(year),
            "Indicator": label,
            "Aantal": float(v) if v is not None and np.isfinite(v) else None,
        }
        for label, _color, vals in series
        for year, v in zip(years, vals, strict=True)
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "config": theme_config(),
        "data": {"values": values},
        "width": 480,
        "height": 160,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "Jaar", "type": "ordinal", "title": "Jaar"},
            "y": {"field": "Aantal", "type": "quantitative", "title": "Aantal"},
            "color": {
                "field": "Indicator",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [label for label, _c, _v in series],
                    "range": [color for _l, color, _v in series],
                },
            },
            "tooltip": [
                {"field": "Jaar", "type": "ordinal"},
                {"field": "Indicator", "type": "nominal"},
                {"field": "Aantal", "type": "quantitative", "format": ",.0f"},
            ],
        },
    }


def _membership(data_dir: Path) -> dict[str, str]:
    members = reference.load_consortium_members(data_dir)
    consortia = reference.load_consortia(data_dir).set_index("consortium_id")["region"]
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


def compute_sheets(wide: pd.DataFrame, data_dir: Path, year: int) -> list[Sheet]:
    """Every institution with data up to `year`, in the order of institutions.csv."""
    institutions = reference.load_institutions(data_dir)
    wide = wide[wide["year"] <= year]
    pooled_years = [y for y in range(year - POOLED_YEARS + 1, year + 1)]
    intensities = intensity_table(wide, pooled_years)
    per100 = intensities.per100
    types = institutions.set_index("institution_id")["type"]
    # The type median is taken over the same paired-year ratios the sheet shows, and only
    # where the type has enough members with a ratio to make one (`MIN_TYPE_MEMBERS`).
    by_type = per100.groupby(per100.index.map(types.to_dict()))
    type_n = by_type.count()
    type_median = by_type.median().where(type_n >= MIN_TYPE_MEMBERS)
    copub = copublications.compute(data_dir) if copublications.available(data_dir) else None
    accounts = copublications.Accounts.load(data_dir)
    models = _models(wide, institutions, pooled_years)
    membership = _membership(data_dir)
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
            sheet.real_keyfigures = copublications.factsheet_keyfigures(copub, sheet.institution_id)
        sheet.accounts = copublications.accounts_table(accounts, sheet.institution_id)
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
        shown = (
            fmt.money_eur(value)
            if code.endswith("_eur")
            else fmt.number(value, 1 if code == "kto_staff_fte" else 0)
        )
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
            f"**{MODEL_LABELS[model_row['label']]}** (marge {fmt.number(model_row['margin'], 2)}; "
            f"daarna {MODEL_LABELS[model_row['second']]})."
        )
    consortium = lookups.membership.get(inst.institution_id)
    about = (
        # Names come from institutions.csv and consortia.csv: literal text in the Markdown.
        f"{escape.markdown(inst.name_nl)} is een {TYPE_NL.get(inst.type, inst.type)} met een "
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
        model=MODEL_LABELS.get(model_row["label"], "") if model_row is not None else "",
        extra={
            "type": TYPE_NL.get(inst.type, inst.type),
            "short": str(inst.short_name),
            "years_note": years_exceptions(own_years or {}, lookups.window_years),
            "median_note": median_text(inst.type, n_values),
        },
    )


def years_exceptions(years_used: dict[Any, Any], window: Sequence[int]) -> str:
    """The indicators whose ratio rests on fewer years than the window, and on which years.

    E.g. 'ondersteunde startups alleen 2023 en 2025', or 'alle indicatoren alleen 2023 en
    2025' when a year of research spending is missing. Indicators sharing their years
    are named together. Empty when every ratio uses the whole window. Said in the
    table's caption, so the table stays one page wide.
    """
    groups: dict[tuple[int, ...], list[str]] = {}
    for code in SHEET_INDICATORS:
        used = years_used.get(code)
        used = tuple(used) if isinstance(used, tuple) else ()
        if used == tuple(window):
            continue
        label = INDICATOR_LABELS[code]
        groups.setdefault(used, []).append(
            label if label[:2].isupper() else label[:1].lower() + label[1:]
        )
    out = []
    for used, labels in groups.items():
        who = "alle indicatoren" if len(labels) == len(SHEET_INDICATORS) else _join(labels)
        out.append(f"{who} alleen {years_text(used)}" if used else f"{who} geen enkel jaar")
    return "; ".join(out)


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def median_text(kind: str, n_values: Sequence[int]) -> str:
    """What the median column holds, with its n: 'naast de mediaan van de 14 universiteiten',
    or why it is empty: 'geen typemediaan: 1 TO2-instelling, een mediaan vraagt er minstens 5'.

    `n_values`: per indicator, the institutions of the type with a ratio. Where some
    indicators reach the minimum and others do not, the text says both.
    """
    plural = TYPE_PLURAL_NL.get(kind, kind)
    shown = sorted({n for n in n_values if n >= MIN_TYPE_MEMBERS})
    if not shown:
        most = max(n_values, default=0)
        noun = TYPE_NL.get(kind, kind) if most == 1 else plural
        return (
            f"geen typemediaan: {fmt.number(most)} {noun}, een mediaan vraagt er minstens "
            f"{fmt.number(MIN_TYPE_MEMBERS)}"
        )
    n_text = (
        fmt.number(shown[0])
        if len(shown) == 1
        else f"{fmt.number(shown[0])} tot {fmt.number(shown[-1])}"
    )
    text = f"naast de mediaan van {'de ' if len(shown) == 1 else ''}{n_text} {plural}"
    if min(n_values, default=0) < MIN_TYPE_MEMBERS:
        text += f" (niet waar minder dan {fmt.number(MIN_TYPE_MEMBERS)} er een cijfer hebben)"
    return text


def table_caption(sheet: Sheet, year: int) -> str:
    """The sheet table's caption: the years, the pairing, the type median's n and the
    ratios on fewer years.

    Kept to two lines: the window itself is in the ratio column's header.
    """
    note = sheet.extra.get("years_note", "")
    median = sheet.extra.get("median_note", "")
    return (
        f"{sheet.extra['short']}: {year - 1}, {year} en per € 100 mln onderzoek"
        + (f", {median}" if median.startswith("naast") else f"; {median}" if median else "")
        + (f"; {note}" if note else "")
    )


def intensity_column(first: int, last: int) -> str:
    """The ratio column's header names its window, e.g. 'Per € 100 mln, 2023–2025'."""
    return f"Per € 100 mln, {first}–{last}"


def table_formats(year: int) -> dict[str, str]:
    """Display formats of a sheet's table for the window ending in `year`."""
    return {
        intensity_column(year - POOLED_YEARS + 1, year): "number:1",
        MEDIAN_COLUMN: "number:1",
    }


def intro_markdown() -> str:
    """The annex's opening: what a sheet shows, the pairing, the type median's rule, real figures."""
    return (
        "Per instelling een factsheet: de kerncijfers van het jaar, de ontwikkeling van "
        "uitvindingsmeldingen en spin-offs, het valorisatiemodel en de positie per € 100 mln "
        "onderzoek. De intensiteit telt over de laatste drie jaar alleen de jaren waarin zowel de "
        "uitkomst als de onderzoeksuitgaven zijn opgegeven, elk jaar met de uitgaven van dat "
        "jaar; de tabel noemt die jaren. Daarnaast staat de mediaan van de instellingen van "
        "hetzelfde type, alleen waar dat type ten minste "
        f"{fmt.number(MIN_TYPE_MEMBERS)} instellingen met een cijfer telt: met minder bepaalt "
        "één instelling de mediaan. Het aantal staat bij de tabel. Bij de universiteiten staan "
        "ook echte, geciteerde cijfers: het aandeel publicaties met bedrijven uit de CWTS Leiden "
        "Ranking en, waar een jaarverslag of een andere bron ze geeft, cijfers over de "
        f"instelling zelf, met het label ‘{BASIS_LABELS_NL['real']}’; alle andere cijfers van "
        f"een factsheet zijn demonstratiegegevens. {copublications.ACCOUNTS_MONEY_NOTE}"
    )


def index_table(sheets: Sequence[Sheet]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Instelling": [s.name for s in sheets],
            "Afkorting": [s.extra["short"] for s in sheets],
            "Type": [s.extra["type"] for s in sheets],
            "Model": [s.model for s in sheets],
        }
    )


def show_all(rep: Any, sheets: Sequence[Sheet], year: int) -> None:
    """Emit one sub-page per institution: description, key figures, trend chart, table, and
    the real figures beside them (co-publications, annual accounts), each labelled.

    No notice per sheet: every figure carries its own label (demonstration or cited
    source), the page its demonstration footer or banner, and the annex opens with the
    notice once; a sheet must fit one page.
    """
    for sheet in sheets:
        slug = sheet.institution_id.replace("_", "-")
        basis = "demonstration" if sheet.demo else "real"
        rep.page(slug, sheet.name)
        rep.markdown(sheet.about)
        rep.keyfigures(
            [{**item, "basis": basis} for item in sheet.keyfigures] + sheet.real_keyfigures
        )
        rep.chart(
            sheet.spec,
            f"instelling-{slug}",
            title=f"Uitvindingsmeldingen en spin-offs van {sheet.extra['short']}",
            alt=sheet.alt,
            table=f"instelling-{slug}",
            basis=basis,
            svg=sheet.svg,
        )
        rep.table(
            sheet.table,
            f"instelling-{slug}",
            table_caption(sheet, year),
            formats=table_formats(year),
            basis=basis,
        )
        if sheet.accounts is not None:
            accounts = sheet.accounts
            rep.table(
                accounts.frame,
                accounts.name,
                accounts.caption,
                formats=accounts.formats,
                source_note=accounts.source_note,
                basis=accounts.basis,
            )
