"""Samenvatting: the year's key figures and main messages, all computed from the data.

Every sentence here is assembled from the same functions the chapters use, so the
summary can never disagree with the chapter it summarises.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe import comparability, result
from analysis.publication.chapters.models import profile
from analysis.publication.chapters.models import result as models_result
from analysis.publication.chapters.national import totals, trend
from analysis.publication.chapters.scheme import detectable as scheme_detectable
from analysis.publication.chapters.scheme import effect, effect_text, projection
from analysis.publication.chapters.scheme import result as scheme_result
from analysis.publication.labels import INDICATOR_LABELS
from analysis.publication.messages import (
    Change,
    Concat,
    Money,
    Msg,
    Num,
    Param,
    Term,
    indicator_param,
    msg,
    render,
)

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


def keyfigure_params(wide: pd.DataFrame, year: int) -> list[dict[str, Param]]:
    """The year's totals, each with its reporters, and the like-for-like change on the year before.

    The change is over the institutions that reported the figure in both years
    (`national.like_for_like_changes`), so a newcomer's figures never count as growth.
    As catalogue messages (`analysis.publication.messages`): the Dutch summary and the English
    summary render the same items.
    """
    lfl = totals.like_for_like_changes(wide, year, KEY_FIGURES)
    items: list[dict[str, Param]] = []
    for code in KEY_FIGURES:
        row = lfl.get(code)
        if row is None or row.n_reporting == 0:
            continue
        shown: Param = indicator_param(row.total, code)
        note: list[Param] = [msg("keyfigure.reporters", n=Num(row.n_reporting))]
        if np.isfinite(row.change):
            note.append(
                msg(
                    "keyfigure.change",
                    change=Change(row.change),
                    previous=year - 1,
                    both=Num(row.n_both),
                )
            )
        label = Term("indicator", code, nl=SHORT_LABELS.get(code, INDICATOR_LABELS[code]))
        items.append({"label": label, "value": shown, "note": Concat(tuple(note))})
    return items


def baseline_keyfigure_params(data_dir: Path, year: int) -> list[dict[str, Param]]:
    """The key figures of an edition without submissions, all from cited sources.

    The programme's subsidy, the scheme's yearly budget, the Dutch universities' median
    share of publications with industry beside the top's, and how many institutions have
    submitted (none): what a reader can hold on to before the monitor's own figures exist.
    """
    from analysis.publication.chapters import awaiting, programme
    from analysis.publication.chapters.copublications import shared

    facts = programme.compute(data_dir).facts
    subsidy = programme.fact(facts, "state_subsidy_total")
    items: list[dict[str, Param]] = [
        {
            "label": Msg("keyfigure.programme_subsidy"),
            "value": Money(float(subsidy["value"])),
            "note": msg(
                "keyfigure.programme_note",
                consortia=Num(float(programme.fact(facts, "consortia_n")["value"])),
                start=int(programme.fact(facts, "programme_start_year")["value"]),
                end=int(programme.fact(facts, "programme_end_year")["value"]),
            ),
        }
    ]
    budget = reference.load_budget(data_dir)
    full = budget[(budget["line"] == "universities_umcs") & (budget["status"] != "assumption")]
    other = budget[(budget["line"] == "to2_uas") & (budget["status"] != "assumption")]
    if not full.empty:
        items.append(
            {
                "label": Msg("keyfigure.scheme_budget"),
                "value": Money(float(full["amount_eur"].max())),
                "note": msg(
                    "keyfigure.scheme_note",
                    other=Money(float(other["amount_eur"].max()) if not other.empty else 0.0),
                ),
            }
        )
    if shared.available(data_dir):
        chapter = shared.compute(data_dir)
        table = chapter.comparison.table
        dutch = table[table["group"] == "nl"]["share_pct"].astype("float64")
        peers = table[table["group"] == "peer"].set_index("unit_id")["share_pct"]
        items.append(
            {
                "label": msg(
                    "keyfigure.copublications", edition=int(chapter.comparison.selection.edition)
                ),
                "value": msg("keyfigure.percent", value=Num(float(dutch.median()), 1)),
                "note": msg(
                    "keyfigure.copublications_note",
                    n=Num(len(dutch)),
                    eth=Num(float(peers.get("ethz", float("nan"))), 1),
                    oxford=Num(float(peers.get("oxford", float("nan"))), 1),
                    leuven=Num(float(peers.get("kuleuven", float("nan"))), 1),
                ),
            }
        )
    items.append(
        {
            "label": Msg("keyfigure.submissions"),
            "value": msg("keyfigure.n_of", n=Num(0), total=Num(awaiting.monitored(data_dir))),
            "note": msg("keyfigure.submissions_note", year=year),
        }
    )
    return items


def keyfigure_items(wide: pd.DataFrame, data_dir: Path, year: int) -> list[dict[str, Param]]:
    """The edition's key figures as catalogue messages: the year's totals, or before any
    submission the cited ones (`baseline_keyfigure_params`)."""
    if wide[wide["year"] <= year].empty:
        return baseline_keyfigure_params(data_dir, year)
    return keyfigure_params(wide, year)


def keyfigures(wide: pd.DataFrame, data_dir: Path, year: int) -> list[dict[str, str]]:
    """The key figures in Dutch (`keyfigure_items` rendered for the report)."""
    return [
        {key: render(value, "nl") for key, value in item.items()}
        for item in keyfigure_items(wide, data_dir, year)
    ]


def baseline_messages(data_dir: Path, year: int) -> list[str]:
    """The main findings of an edition without submissions, one per chapter, all real."""
    from analysis.publication.chapters import awaiting, programme
    from analysis.publication.chapters.key_messages import europe_answer

    out = [
        programme.summary_sentence(data_dir),
    ]
    real = europe_answer.real_comparison(data_dir)
    if real is not None:
        out.append(
            f"Van de {fmt.number(real.n_universities)} Nederlandse universiteiten publiceren er "
            f"{fmt.number(real.higher)} aantoonbaar vaker met een co-auteur uit het bedrijfsleven "
            f"dan {totals.join_nl(list(real.peers))} en {fmt.number(real.lower)} aantoonbaar "
            f"minder vaak (CWTS Leiden Ranking {real.edition}, publicaties {real.period}) "
            f"{escape.markdown(real.citation)} (hoofdstuk 3)."
        )
        out.append(
            profile.profile_summary(profile.university_profiles(data_dir)) + " (hoofdstuk 4)."
        )
    out.append(
        f"{awaiting.AWAITING[:-1]} over {year}: de landelijke totalen, de afstand tot de top op "
        "de kennisoverdrachtsindicatoren, de indeling per instelling en het effect van de "
        "regeling volgen zodra de instellingen hun cijfers opgeven (hoofdstukken 2 tot en met 5)."
    )
    return out


def keyfigures_markdown(wide: pd.DataFrame, data_dir: Path, year: int) -> str:
    """Below the key figures: how the changes are computed and who is left out of each.

    The key-figure boxes have room for counts, not names; this paragraph names the
    institutions without a figure in one of the two years, per key figure.
    """
    # Names from data enter Markdown prose: escaped once, here (`analysis.publication.escape`).
    names = {
        k: escape.markdown(v)
        for k, v in totals.short_names(reference.load_institutions(data_dir)).items()
    }
    left_out = [
        f"{totals.label_in_sentence(code)} ({totals.not_in_both_text(row, year, names)})"
        for code, row in totals.like_for_like_changes(wide, year, KEY_FIGURES).items()
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


def messages(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    gaps: result.EuropeResult,
    chapter5: scheme_result.SchemeResult,
) -> list[str]:
    """The main messages, one per chapter, in reading order.

    `gaps` and `chapter5` are chapter 3's and chapter 5's own results (`europe.compute`,
    `scheme.compute`), computed once by the notebook for the messages and the signals.
    """
    institutions = reference.load_institutions(data_dir)
    out = [trend.summary_markdown(wide, year, institutions)]
    out.append(scheme_message(wide, chapter5.breaks, year, chapter5.detectable))
    out.append(comparability.summary_message(gaps))
    out.append(models_message(wide, data_dir, year))
    out.append(projection.projection_summary(chapter5.projection, chapter5.plan))
    return out


def trend_and_change(wide: pd.DataFrame, indicator: str, year: int) -> str:
    """The indicator's trend and its last change, each with its basis, in one sentence.

    The trend is chapter 2's: the three-year average of the like-for-like chain index
    (`national.trend_title`); the change is the key figure's: the same institutions in
    `year - 1` and `year`. The two can point different ways (a rising average after a
    falling last year), so the sentence names both and what each is measured on,
    instead of setting a trend word beside an unexplained percentage.
    """
    text = trend.trend_title(wide, indicator, last_year=False)
    row = totals.like_for_like_changes(wide, year, [indicator]).get(indicator)
    if row is not None and np.isfinite(row.change):
        change, n_both = row.change, row.n_both
        if abs(change) < 0.0005:  # 0,0% after rounding: no direction to name
            verb, size = "bleef", " gelijk"
        else:
            verb = "steeg" if change > 0 else "daalde"
            size = f" met {fmt.percent(abs(change), 1)}"
        noun = "instelling" if n_both == 1 else "instellingen"
        text += (
            f"; van {year - 1} op {year} {verb} het aantal{size} bij de {fmt.number(n_both)} "
            f"{noun} met een opgave in beide jaren (het kerncijfer)"
        )
    return text + "."


def scheme_message(
    wide: pd.DataFrame,
    analysis: effect.BreakAnalysis,
    year: int | None = None,
    detectable: scheme_detectable.Detectable | None = None,
) -> str:
    """The spin-off trend and last change (like for like) and what chapter 5's break analysis supports.

    The second sentence is chapter 5's own verdict (`scheme.its_headline`), so the
    summary can never read the scheme more strongly than the chapter does; the third
    says whether that verdict holds with the other break years and a change that
    follows the budget (the break year rests on the budget's assumed ramp). `year`
    (default: the latest in `wide`) is the year of the last change; `detectable` (chapter
    5's power of the tests) makes a 'niet aantoonbaar' say what could have been seen.
    """
    robustness = effect_text.break_robustness(analysis)
    year = int(wide["year"].max()) if year is None else year
    return (
        trend_and_change(wide, effect.HEADLINE_INDICATOR, year)
        + " "
        + effect_text.its_headline(analysis, detectable)
        + "."
        + (" " + robustness if robustness else "")
    )


def models_message(wide: pd.DataFrame, data_dir: Path, year: int) -> str:
    """Chapter 4's findings without its statistics: the most common model and the agreement.

    Computed from chapter 4's reference-point table (`models.reference_sensitivity`,
    the chapter's own windows); the agreement with the evaluation is read against
    chance in words, the kappa itself stays in chapter 4.
    """
    from analysis.methods.typology import reference_point
    from analysis.publication.chapters.key_messages import models_answer

    sensitivity = models_result.reference_sensitivity(wide, data_dir, year)
    row = sensitivity[sensitivity["reference"] == reference_point.HEADLINE_REFERENCE].iloc[0]
    text = f"{models_result.modal_model_text(sensitivity)} {models_result.modal_model_sentence(sensitivity)}"
    n = int(row["n_consortia"])
    if n:
        text += (
            f" De indeling van de monitor komt bij {fmt.number(int(row['agreement_n']))} van de "
            f"{fmt.number(n)} consortia overeen met die van de evaluatie; die overeenstemming is "
            + models_answer.chance_words(float(row["kappa_low"]), float(row["kappa_high"]))
            + " (hoofdstuk 4)."
        )
    if trend.uses_demonstration_data(wide):
        text += " " + models_result.DEMO_AGREEMENT_CAVEAT
    return text


def messages_markdown(items: list[str], demo: bool = False) -> str:
    """One bullet per finding; in a demonstration edition each opens 'In deze proefeditie:'."""
    return "\n".join(f"- {fmt.in_trial(item, demo)}" for item in items)


def intro_markdown(year: int, demo: bool, measured: bool = True) -> str:
    text = (
        f"De Valorisatiemonitor {year} brengt jaarlijks de kennisoverdracht van de Nederlandse "
        "kennisinstellingen in beeld, op de Europese kennisoverdrachtsindicatoren van de ASTP-enquête: "
        "een terugblik op het Valorisatieprogramma 2010–2018, de landelijke cijfers, de afstand tot de "
        "Europese top, de valorisatiemodellen en de voortgang van de regeling KTO-Nederland 2022–2029."
    )
    if not measured:
        return text + (
            " Dit is de eerste editie. De instellingen hebben hun cijfers nog niet opgegeven; "
            "deze editie toont wat openbare bronnen al geven en zegt per hoofdstuk wat nog niet "
            "gemeten is."
        )
    if demo:
        text += (
            " **Deze editie toont demonstratiedata**: openbare jaarcijfers per Nederlandse KTO bestaan "
            "(nog) niet. De cijfers over instellingen komen uit een generator die is gekalibreerd op "
            "geciteerde cijfers; de gegevens over het programma, de Europese top en de regeling zijn echt "
            "en met bron vermeld."
        )
    return text
