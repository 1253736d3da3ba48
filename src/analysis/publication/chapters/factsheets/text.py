"""Fact sheets, the text: captions, years used, the index and showing every sheet."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from analysis.publication import formatting as fmt
from analysis.publication.chapters.copublications import prose
from analysis.publication.chapters.factsheets.figures import (
    MEDIAN_COLUMN,
    MIN_TYPE_MEMBERS,
    POOLED_YEARS,
    SHEET_INDICATORS,
    Sheet,
    years_text,
)
from analysis.publication.labels import (
    INDICATOR_LABELS,
    INSTITUTION_TYPE_FULL,
    INSTITUTION_TYPE_FULL_PLURAL,
)
from analysis.publication.render.basis import BASIS_LABELS_NL


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
    plural = INSTITUTION_TYPE_FULL_PLURAL.get(kind, kind)
    shown = sorted({n for n in n_values if n >= MIN_TYPE_MEMBERS})
    if not shown:
        most = max(n_values, default=0)
        noun = INSTITUTION_TYPE_FULL.get(kind, kind) if most == 1 else plural
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
        f"een factsheet zijn demonstratiegegevens. {prose.ACCOUNTS_MONEY_NOTE} "
        f"{PRINTED_SHEETS_NOTE}"
    )


#: Said once where the sheets start: the printed sheets are short, the site has them whole.
PRINTED_SHEETS_NOTE = (
    "De tabel hieronder zet alle instellingen naast elkaar. De gedrukte factsheets zijn "
    "beknopt; de figuur met de ontwikkeling door de jaren staat bij elke factsheet op de "
    "website."
)


#: The outputs the overview table shows for every institution, from its sheet's table.
OVERVIEW_INDICATORS: tuple[str, ...] = ("invention_disclosures", "spinoffs")


def index_table(sheets: Sequence[Sheet]) -> pd.DataFrame:
    """The annex's overview of every institution: its type and model, and the year's
    invention disclosures and spin-offs (numbers, from each sheet's own table).

    The printed annex shows this table and short sheets; a reader compares the
    institutions here without leafing through every sheet. No column of short names: with
    it the table no longer fit a portrait page (each sheet gives its institution's).
    """
    frame = pd.DataFrame(
        {
            "Instelling": [s.name for s in sheets],
            "Type": [s.extra["type"] for s in sheets],
            "Model": [s.model for s in sheets],
        }
    )
    if not sheets:
        return frame
    year = str(sheets[0].table.columns[2])  # Indicator, year before, year, ...
    for code in OVERVIEW_INDICATORS:
        label = INDICATOR_LABELS[code]
        frame[f"{label} {year}"] = [s.table.set_index("Indicator")[year].get(label) for s in sheets]
    return frame


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
        rep.chart_and_table(
            sheet.spec,
            sheet.table,
            f"instelling-{slug}",
            title=f"Uitvindingsmeldingen en spin-offs van {sheet.extra['short']}",
            alt=sheet.alt,
            caption=table_caption(sheet, year),
            formats=table_formats(year),
            basis=basis,
            svg=sheet.svg,
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
