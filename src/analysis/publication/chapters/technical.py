"""Bijlage B, 'Toelichting op de berekeningen' and 'Begrippen': the technical annex.

The chapters speak to a Member of Parliament: what they find, and how sure it is, in
words ('niet te onderscheiden van toeval', 'met 95% zekerheid tussen … en …', at the levels
of the assumptions table). The
models, tests and intervals behind those words are here, one section per chapter
(`pointers.section_title`, the heading the chapters' `see_annex` names), with the tables
that only a methodologist reads (the count models, the break and its placebo years, the
partner comparison, the stability of the typology). Everything is computed by the
chapters' own functions from the same data, so a sentence in a chapter and the estimate
here cannot disagree; nothing a chapter computed is dropped, only moved.

Without submissions (the published edition before the first opgaven) a section says
which methods the chapter will use, and gives what already exists: the co-publication
intervals, the exact test of the profile and the power of the break tests on stated
assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import (
    NOMINAL,
    REPORT_YEAR,
    SPECS,
    Assumption,
    Levels,
    load_assumptions,
    load_levels,
)
from analysis.data.sources import cite, load_sources
from analysis.publication import formatting as fmt
from analysis.publication.chapters import awaiting
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.copublications import prose, shared
from analysis.publication.chapters.europe import comparability
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.models import checks, presentation, profile
from analysis.publication.chapters.models import result as models_result
from analysis.publication.chapters.national import counts
from analysis.publication.chapters.national import result as national_result
from analysis.publication.chapters.pointers import (
    CALCULATIONS_SECTION,
    TERMS_SECTION,
    section_title,
)
from analysis.publication.chapters.scheme import detectable as scheme_chapter_detectable
from analysis.publication.chapters.scheme import effect_tables, effect_text
from analysis.publication.chapters.scheme import result as scheme_chapter_result
from analysis.publication.chapters.terms import glossary_markdown
from analysis.publication.display.table import Table
from analysis.publication.labels import ASSUMPTION_LABELS, RAMP_SHAPE_LABELS

if TYPE_CHECKING:
    from analysis.publication.display.report import Report

#: The annex section's opening: what it holds and why it is apart from the chapters.
INTRO = (
    "De hoofdstukken zeggen in woorden wat de cijfers laten zien en hoe zeker dat is. Hier "
    "staat per hoofdstuk hoe dat is berekend: de modellen, de toetsen en de intervallen, "
    "berekend met dezelfde functies en dezelfde gegevens als de hoofdstukken."
)

#: What the assumptions table is, before it.
ASSUMPTIONS_INTRO = (
    "**Aannames van de analyse.** De berekeningen rusten op een paar aannames van de monitor. "
    "Ze staan hieronder bij elkaar, met de waarde die de berekeningen gebruiken, de bandbreedte "
    "of de alternatieven waarmee de gevoeligheid rekent, waar ze voor gelden en hun bron."
)

#: Kappa in words, as the chapters write it (`models.kappa_words`).
KAPPA_SCALE = (
    "Kappa (Cohens kappa) is de overeenstemming tussen twee indelingen boven wat bij toeval "
    "te verwachten is: 0 is niet meer dan bij toeval, 1 volledig. De hoofdstukken zeggen het "
    "in woorden: tot 0,2 nauwelijks, van 0,2 tot 0,4 iets, van 0,4 tot 0,6 duidelijk en van "
    "0,6 tot 0,8 veel meer dan bij toeval, daarboven bijna volledig."
)


@dataclass(frozen=True)
class Annex:
    """What the technical annex shows, computed once: each chapter's result where the
    edition has submissions (None otherwise), and what exists without them."""

    measured: bool
    copublications: shared.CopublicationChapter | None
    profiles: profile.UniversityProfiles | None
    national: national_result.NationalResult | None
    europe: europe_result.EuropeResult | None
    models: models_result.ModelsResult | None
    scheme: scheme_chapter_result.SchemeResult | None
    detectable: scheme_chapter_detectable.Detectable
    institutions: pd.DataFrame
    assumptions: Table
    levels: Levels


def compute(wide: pd.DataFrame, data_dir: Path, year: int) -> Annex:
    """The chapters' results the annex describes, for `year` over `wide` (data up to `year`)."""
    measured = awaiting.has_submissions(wide, year)
    copub = shared.compute(data_dir) if shared.available(data_dir) else None
    chapter5 = scheme_chapter_result.compute(wide, data_dir, year) if measured else None
    return Annex(
        measured=measured,
        copublications=copub,
        profiles=profile.university_profiles(data_dir) if copub is not None else None,
        national=national_result.compute(wide, data_dir, year) if measured else None,
        europe=europe_result.compute(wide, data_dir, year) if measured else None,
        models=models_result.compute(wide, data_dir, year) if measured else None,
        scheme=chapter5,
        detectable=chapter5.detectable
        if chapter5 is not None
        else scheme_chapter_detectable.assumed_detectable(data_dir, range(2010, year + 1)),
        institutions=reference.load_institutions(data_dir),
        assumptions=assumptions_table(data_dir, year, measured=measured),
        levels=load_levels(data_dir),
    )


def _heading(chapter: int) -> str:
    return f"### {section_title(chapter)}"


def chapter2_markdown(annex: Annex) -> str:
    """Growth within institutions and the count models (or, before submissions, the plan)."""
    if annex.national is None:
        return (
            "Hoofdstuk 2 schat nog niets: er zijn nog geen opgaven van de instellingen. Met "
            "opgaven schat het de groei per jaar binnen instellingen met een Poisson-model met een "
            "vast effect per instelling, en de samenhang van de aantallen met de omvang van "
            "onderzoek en KTO met telmodellen (Poisson of negatief-binomiaal, gekozen met een "
            "toets op overdispersie, fouten geclusterd per instelling)."
        )
    return (
        f"**Groei binnen instellingen.** {counts.growth_method(annex.national.levels)}\n\n"
        "**Wat de aantallen verklaart.** "
        + counts.count_model_markdown(annex.national.count_models, annex.institutions)
    )


def chapter3_markdown(annex: Annex) -> str:
    """The co-publication intervals and, with submissions, the comparison with the top."""
    parts = []
    if annex.copublications is not None:
        parts.append(prose.method_markdown(annex.copublications))
    if annex.europe is not None:
        parts.append(comparability.technical_markdown(annex.europe))
    else:
        parts.append(
            "De afstand tot de top per kennisoverdrachtsindicator is nog niet berekend: er zijn "
            "nog geen opgaven. Met opgaven krijgt de Nederlandse kant een "
            f"{level_words.interval(annex.levels)} uit een "
            "bootstrap over de instellingen, en de top een bandbreedte over definities, jaren, "
            "afronding en het toevalsinterval van een telling."
        )
    return "\n\n".join(parts)


def chapter4_markdown(annex: Annex) -> str:
    """The exact test of the profile and, with submissions, the typology's arithmetic and checks."""
    parts = []
    if annex.profiles is not None:
        parts.append(profile.profile_method_markdown(annex.profiles))
    if annex.models is not None:
        result = annex.models
        parts += [
            presentation.scoring_markdown(result),
            presentation.check_technical_markdown(result),
            checks.comparison_technical_markdown(result),
            KAPPA_SCALE,
        ]
        stability = presentation.stability_technical_markdown(result)
        if stability:
            parts.append(stability)
    else:
        parts.append(
            "De indeling per instelling is nog niet berekend: er zijn nog geen opgaven. Met "
            "opgaven volgt ze de regel die hoofdstuk 4 beschrijft, met een clustering van "
            "dezelfde cijfers als controle."
        )
    return "\n\n".join(parts)


def chapter5_markdown(annex: Annex) -> str:
    """The break around the scheme's start and the power of its tests."""
    parts = []
    if annex.scheme is not None:
        parts.append(effect_text.its_technical_markdown(annex.scheme.breaks))
    else:
        parts.append(
            "De breuk rond de start van de regeling is nog niet geschat: er zijn nog geen "
            "opgaven. Met opgaven schat de monitor een onderbroken tijdreeks (Poisson, vast "
            "effect per instelling, fouten geclusterd per instelling) met dezelfde schatting in "
            "eerdere jaren zonder regeling als placebo, en vergelijkt hij de partners van "
            "KTO-Nederland met de overige instellingen (verschil-in-verschillen)."
        )
    power = scheme_chapter_detectable.detectable_technical_markdown(annex.detectable)
    if power:
        parts.append(power)
    return "\n\n".join(parts)


def show(rep: Report, annex: Annex) -> None:
    """Bijlage B's sections 'Toelichting op de berekeningen' (with the tables that moved
    there from the chapters) and 'Begrippen'."""
    rep.markdown(f"## {CALCULATIONS_SECTION}\n\n{INTRO}")
    rep.markdown(f"{_heading(2)}\n\n{chapter2_markdown(annex)}")
    if annex.national is not None:
        rep.table(counts.count_model_table(annex.national.count_models, annex.national.levels))
    rep.markdown(f"{_heading(3)}\n\n{chapter3_markdown(annex)}")
    rep.markdown(f"{_heading(4)}\n\n{chapter4_markdown(annex)}")
    if annex.models is not None:
        rep.table(presentation.stability_table(annex.models))
    rep.markdown(f"{_heading(5)}\n\n{chapter5_markdown(annex)}")
    if annex.scheme is not None:
        _break_tables(rep, annex.scheme.breaks)
    rep.markdown(ASSUMPTIONS_INTRO)
    rep.table(annex.assumptions)
    rep.markdown(f"## {TERMS_SECTION}\n\n{glossary_markdown(annex.levels)}")


def _break_tables(rep: Report, breaks: Any) -> None:
    """The break, its placebo years and the partner comparison: the tables chapter 5 speaks of."""
    rep.table(effect_tables.its_table(breaks))
    rep.table(effect_tables.placebo_table(breaks))
    rep.table(effect_tables.did_table(breaks))


#: Bijlage B's table of the analysis assumptions.
ASSUMPTIONS_TABLE = "aannames"

#: A choice of the assumptions table in words: a ramp shape, a price basis.
_CHOICE_WORDS = {**RAMP_SHAPE_LABELS, NOMINAL: "nominaal", REPORT_YEAR: "verslagjaar"}


def _assumption_value(a: Assumption, year: int) -> str:
    """A row's value as the table prints it: a share as a percentage, a price year with
    the year it stands for, a ramp shape in words, a number in Dutch."""
    kind = SPECS[a.assumption_id].kind
    if kind == "share":
        return fmt.level(a.number)
    if kind == "price_year":
        return f"verslagjaar ({year})" if a.value == REPORT_YEAR else a.value
    if kind == "choice":
        return RAMP_SHAPE_LABELS.get(a.value, a.value)
    if kind == "year":
        return fmt.year(a.integer)
    if SPECS[a.assumption_id].fixed_value is not None:
        return f"{_plain(a.number)} (het centrale cijfer)"
    return _plain(a.number)


def _plain(x: float) -> str:
    """A number with at most two decimals and no trailing zeros: '0,5', '2', '1.000'."""
    text = fmt.number(x, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _assumption_range(a: Assumption) -> str:
    """The sensitivity range ('0 tot 2') or the alternatives ('gelijkmatig, snel begin')."""
    if a.low is not None and a.high is not None:
        return f"{_plain(a.low)} tot {_plain(a.high)}"
    return ", ".join(_CHOICE_WORDS.get(alt, alt) for alt in a.alternatives) or "–"


def assumptions_table(data_dir: Path, year: int, *, measured: bool) -> Table:
    """Every assumption of `data/raw/assumptions.csv` this edition uses, with its value,
    range, horizon and source: the one place a reader finds them together.

    The CSV holds the numbers as numbers (value, low, high; a price year as the year it
    stands for) and a choice in words; the page writes them for a reader. Without
    submissions (`measured` False) only the assumptions read without them are listed
    (`AssumptionSpec.without_submissions`): the scenario is not computed there.
    """
    sources = load_sources(data_dir)
    raw, shown = [], []
    for a in load_assumptions(data_dir).rows.values():
        spec = SPECS[a.assumption_id]
        if not measured and not spec.without_submissions:
            continue
        label = ASSUMPTION_LABELS.get(a.assumption_id, a.assumption_id)
        citation = cite(a.source_id, sources)
        unit = a.unit or "–"
        number: float | None = (
            a.number if spec.kind != "choice" and a.value != REPORT_YEAR else None
        )
        if a.value == REPORT_YEAR:
            number = float(year)
        raw.append(
            {
                "Aanname": label,
                "Waarde": number,
                "Keuze": _CHOICE_WORDS.get(a.value, ""),
                "Laag": a.low,
                "Hoog": a.high,
                "Alternatieven": ", ".join(_CHOICE_WORDS.get(alt, alt) for alt in a.alternatives),
                "Eenheid": unit,
                "Geldt voor": a.horizon,
                "Toelichting": a.note,
                "Bron": citation,
            }
        )
        shown.append(
            {
                "Aanname": label,
                "Waarde": _assumption_value(a, year),
                "Bandbreedte of alternatieven": _assumption_range(a),
                "Eenheid": unit,
                "Geldt voor": a.horizon,
                "Toelichting": a.note,
                "Bron": citation,
            }
        )
    frame = pd.DataFrame(raw, columns=list(raw[0]) if raw else None)
    for column in ("Waarde", "Laag", "Hoog"):
        frame[column] = pd.to_numeric(frame[column], errors="raise").astype("float64")
    return Table(
        name=ASSUMPTIONS_TABLE,
        caption="Aannames van de analyse: waarde, bandbreedte, wat ze betreffen en bron",
        frame=frame,
        basis="assumption",
        display=pd.DataFrame(shown, dtype="str"),
    )
