"""Samenvatting: the year's key figures and main messages, all computed from the data.

Every sentence here is assembled from the same functions the chapters use, so the
summary can never disagree with the chapter it summarises.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import formatting as fmt
from analysis import reference
from analysis.chapters import europe, models, national, scheme
from analysis.labels import INDICATOR_LABELS

KEY_FIGURES: tuple[str, ...] = (
    "spinoffs",
    "invention_disclosures",
    "licence_agreements",
    "licence_income_eur",
    "research_agreements_n",
    "kto_staff_fte",
)


#: Long compound words get a soft hyphen (U+00AD) so they break inside a narrow key-figure box.
SHORT_LABELS: dict[str, str] = {
    "research_agreements_n": "Onderzoeks\u00adovereenkomsten",
    "licence_agreements": "Licentie- en optie\u00adovereenkomsten",
    "invention_disclosures": "Uitvindings\u00admeldingen",
}


def keyfigures(wide: pd.DataFrame, year: int) -> list[dict[str, str]]:
    """The year's totals, each with its reporters, and the like-for-like change on the year before.

    The change is over the institutions that reported the figure in both years
    (`national.like_for_like_changes`), so a newcomer's figures never count as growth.
    """
    lfl = national.like_for_like_changes(wide, year, KEY_FIGURES)
    items = []
    for code in KEY_FIGURES:
        row = lfl.get(code)
        if row is None or row.n_reporting == 0:
            continue
        shown = (
            fmt.money_eur(row.total)
            if code.endswith("_eur")
            else fmt.number(row.total, 1 if code == "kto_staff_fte" else 0)
        )
        note = f"{fmt.number(row.n_reporting)} instellingen"
        if np.isfinite(row.change):
            note += (
                f"; {fmt.change(row.change)} t.o.v. {year - 1} "
                f"({fmt.number(row.n_both)} in beide jaren)"
            )
        label = SHORT_LABELS.get(code, INDICATOR_LABELS[code])
        items.append({"label": label, "value": shown, "note": note})
    return items


def keyfigures_markdown(wide: pd.DataFrame, data_dir: Path, year: int) -> str:
    """Below the key figures: how the changes are computed and who is left out of each.

    The key-figure boxes have room for counts, not names; this paragraph names the
    institutions without a figure in one of the two years, per key figure.
    """
    names = national.short_names(reference.load_institutions(data_dir))
    left_out = [
        f"{national.label_in_sentence(code)} ({national.not_in_both_text(row, year, names)})"
        for code, row in national.like_for_like_changes(wide, year, KEY_FIGURES).items()
        if row.n_reporting > 0 and (row.missing_before or row.missing_now)
    ]
    text = (
        f"Elk kerncijfer is de som over de instellingen die het voor {year} opgaven (hun aantal "
        f"staat eronder). De verandering ten opzichte van {year - 1} is berekend over de "
        "instellingen met een opgave in beide jaren, zodat een instelling die een jaar ontbreekt "
        "niet als groei of daling meetelt."
    )
    if left_out:
        text += " Niet in beide jaren: " + "; ".join(left_out) + "."
    return text


def messages(wide: pd.DataFrame, data_dir: Path, year: int) -> list[str]:
    """The main messages, one per chapter, in reading order."""
    institutions = reference.load_institutions(data_dir)
    out = [national.summary_markdown(wide, year, institutions)]
    # The summary needs only the headline indicator's verdict (the same fit as chapter 5's).
    headline = scheme.break_analysis(wide, data_dir, indicators=(scheme.HEADLINE_INDICATOR,))
    out.append(scheme_message(wide, headline))
    gaps = europe.compute(wide, data_dir, year, levels=("total",))
    out.append(europe.summary_message(gaps))
    out.append(models.headline(wide, data_dir, year))
    plan = scheme.compute_scenario(wide, data_dir, year)
    projection = scheme.projection_frame(wide, plan)
    out.append(scheme.projection_summary(projection, plan))
    return out


def scheme_message(wide: pd.DataFrame, analysis: scheme.BreakAnalysis) -> str:
    """The spin-off trend (like for like) and what the break analysis of chapter 5 supports.

    The second sentence is chapter 5's own verdict (`scheme.its_headline`), so the
    summary can never read the scheme more strongly than the chapter does; the third
    says whether that verdict holds with the other break years and a change that
    follows the budget (the break year rests on the budget's assumed ramp).
    """
    robustness = scheme.break_robustness(analysis)
    return (
        national.trend_title(wide, "spinoffs")
        + " (verandering bij dezelfde instellingen, driejaarsgemiddelde). "
        + scheme.its_headline(analysis)
        + "."
        + (" " + robustness if robustness else "")
    )


def messages_markdown(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def intro_markdown(year: int, demo: bool) -> str:
    text = (
        f"De Valorisatiemonitor {year} brengt jaarlijks de kennisoverdracht van de Nederlandse "
        "kennisinstellingen in beeld, op de Europese kennisoverdrachtsindicatoren van de ASTP-enquête: "
        "een terugblik op het Valorisatieprogramma 2010–2018, de landelijke cijfers, de afstand tot de "
        "Europese top, de valorisatiemodellen en de voortgang van de regeling KTO-Nederland 2022–2029."
    )
    if demo:
        text += (
            " **Deze editie toont demonstratiedata**: openbare jaarcijfers per Nederlandse KTO bestaan "
            "(nog) niet. De cijfers over instellingen komen uit een generator die is gekalibreerd op "
            "geciteerde cijfers; de gegevens over het programma, de Europese top en de regeling zijn echt "
            "en met bron vermeld."
        )
    return text
