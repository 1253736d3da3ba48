"""Chapter 5, the break around the scheme's start: the verdict and the Dutch text.

No causal words without the design to support them: the text says "effect" only when the
placebo years and the comparison group allow it (`break_verdict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.publication import formatting as fmt
from analysis.publication import labels
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.chapters.scheme.catch_up import _join
from analysis.publication.chapters.scheme.effect import HEADLINE_INDICATOR, BreakAnalysis
from analysis.publication.chapters.scheme.effect_tables import _interval, _num, p_clause
from analysis.publication.labels import INDICATOR_LABELS

if TYPE_CHECKING:
    from analysis.publication.chapters.scheme.detectable import Detectable


@dataclass(frozen=True)
class Verdict:
    """What the break analysis of one indicator supports, and the numbers behind it.

    `its`: 'not_yet' (no year with data from the break on), 'no_change' (neither the
    level nor the slope changes significantly at the
    break), 'matched' (it does, but an earlier placebo break without the scheme is at
    least as large for a significant term) or 'changed' (larger than every placebo).
    `did`: 'none' (partners and others cannot be compared), 'pre_trends_differ' (the
    groups already grew apart before), 'alike' (no significant difference), 'matched'
    (significant, but placebo comparisons in earlier years are as large) or 'differ'
    (significant, parallel before, larger than every placebo). No value is read as
    the scheme causing a change: 'differ' is at most an association in time.
    """

    its: str
    did: str
    n_as_large: int
    n_placebos: int
    did_pct: float
    did_as_large: int
    did_placebos: int

    @property
    def association(self) -> bool:
        """True only when partners and others differ beyond every placebo, with parallel pre-trends."""
        return self.did == "differ"


def _rows(frame: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return frame[frame["indicator"] == indicator] if not frame.empty else frame


def break_verdict(analysis: BreakAnalysis, indicator: str = HEADLINE_INDICATOR) -> Verdict:
    """Classify the evidence for one indicator (see `Verdict`)."""
    its = _rows(analysis.its, indicator)
    level = analysis.levels.test
    changes = its[its["term"].isin(["level_change", "slope_change"])] if not its.empty else its
    significant = (
        set(changes.loc[changes["p_value"] < level, "term"]) if not changes.empty else set()
    )
    summary = _rows(analysis.placebo_summary, indicator)
    matched = summary[summary["term"].isin(significant)] if not summary.empty else summary
    n_as_large = int(matched["n_as_large"].max()) if len(matched) else 0
    n_placebos = int(summary["n_placebos"].max()) if len(summary) else 0
    its_kind = (
        "not_yet"
        if changes.empty
        else "no_change"
        if not significant
        else "matched"
        if n_as_large > 0
        else "changed"
    )
    did = _rows(analysis.did, indicator)
    by_term = did.set_index("term") if not did.empty else did
    did_pct = _num(by_term.loc["did", "effect_pct"]) if "did" in by_term.index else np.nan
    did_p = _num(by_term.loc["did", "p_value"]) if "did" in by_term.index else np.nan
    pre_p = _num(by_term.loc["pre_trend", "p_value"]) if "pre_trend" in by_term.index else np.nan
    dsum = _rows(analysis.did_placebo_summary, indicator)
    did_as_large = int(dsum["n_as_large"].max()) if len(dsum) else 0
    did_placebos = int(dsum["n_placebos"].max()) if len(dsum) else 0
    if not np.isfinite(did_p):
        did_kind = "none"
    elif np.isfinite(pre_p) and pre_p < level:
        did_kind = "pre_trends_differ"
    elif did_p >= level:
        did_kind = "alike"
    elif did_as_large > 0:
        did_kind = "matched"
    else:
        did_kind = "differ"
    return Verdict(its_kind, did_kind, n_as_large, n_placebos, did_pct, did_as_large, did_placebos)


DEMO_CAVEAT = "Dit zijn demonstratiegegevens: de uitkomst zegt niets over de werkelijke regeling."


def _break_year_sentence(analysis: BreakAnalysis) -> str:
    """Where the break lies and why (the plan's budget), one sentence or two."""
    start = analysis.start
    b = start.first_funded_year
    if start.plan_year is None:
        return (
            f"De breuk ligt bij {b}, het eerste jaar met budget volgens de begroting van het plan."
        )
    return (
        f"In {start.plan_year} staat in de begroting van het plan alleen de verkenning; de eerste "
        f"middelen voor de instellingen staan er voor {b}"
        + (
            " (de hoogte daarvan is een aanname van de monitor over de aanloop)"
            if start.status == "assumption"
            else ""
        )
        + f". De breuk ligt daarom bij {b}, het eerste jaar met budget."
    )


def its_markdown(analysis: BreakAnalysis, detectable: Detectable | None = None) -> str:
    """The section's text in plain words: where the break lies and why, what changes and how
    sure that is, and what that supports; the models and tests behind it are in Bijlage B
    (`its_technical_markdown`).

    Never causal: the strongest reading is a 'samenhang' in time; otherwise an
    association with the scheme is 'niet aantoonbaar', and with `detectable` (the
    tests' power) each 'niet aantoonbaar' says what the test could have shown.
    """
    b = analysis.start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    its = _rows(analysis.its, HEADLINE_INDICATOR)
    if its.empty:
        return _with_demo(
            _break_year_sentence(analysis)
            + f" Vanaf {b} zijn er nog geen jaren met gegevens: een verandering is nog niet te "
            "meten.",
            analysis.demo,
        )
    paragraphs = [
        _break_year_sentence(analysis),
        _its_plain(its, b, noun, analysis) + " " + _placebo_plain(analysis, b),
        _did_plain(analysis),
        _with_demo(
            _conclusion(analysis, detectable) + f" Hoe dit is berekend: {see_annex(5)}.",
            analysis.demo,
        ),
    ]
    return "\n\n".join(paragraphs)


def its_technical_markdown(analysis: BreakAnalysis) -> str:
    """The break as computed (Bijlage B): the interrupted time series, its placebo years and
    the partner comparison, with their models, intervals and p-values."""
    b = analysis.start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    its = _rows(analysis.its, HEADLINE_INDICATOR)
    if its.empty:
        return (
            f"**De breuk rond {b}.** Vanaf {b} zijn er nog geen jaren met gegevens: de "
            "onderbroken tijdreeks en de vergelijking van partners met de overige instellingen "
            "zijn nog niet geschat."
        )
    return (
        f"**De breuk rond {b}.** "
        + _its_sentence(its, b, noun, analysis)
        + " "
        + _placebo_sentence(analysis, b)
        + "\n\n"
        + _did_sentence(analysis)
    )


def _beyond_chance(p_value: object, analysis: BreakAnalysis) -> str:
    """'groter dan toeval' when significant at the test level, else 'niet te onderscheiden
    van toeval'."""
    significant = _num(p_value) < analysis.levels.test
    return "groter dan toeval" if significant else "niet te onderscheiden van toeval"


def _off(pct: object, up: str, down: str) -> str:
    """'8,2% boven' or '3,1% onder': a change in percent as a size and a direction."""
    value = _num(pct) / 100
    return f"{fmt.percent(abs(value), 1)} {up if value >= 0 else down}"


def _its_plain(its: pd.DataFrame, b: int, noun: str, analysis: BreakAnalysis) -> str:
    by_term = its.set_index("term")
    level = by_term.loc["level_change"]
    text = (
        f"De monitor zet het aantal {noun} vanaf {b} naast wat de ontwikkeling van de jaren "
        f"ervoor liet verwachten. In {b} lag het aantal {_off(level['effect_pct'], 'boven', 'onder')} "
        f"die verwachting ({level_words.sure(analysis.levels)} tussen "
        f"{_interval(level['effect_pct_low'], level['effect_pct_high']).replace(' tot ', ' en ')}): "
        f"{_beyond_chance(level['p_value'], analysis)}."
    )
    if "slope_change" not in by_term.index:
        return text + " Met één jaar na de breuk is een verandering in de groei nog niet te zien."
    slope = by_term.loc["slope_change"]
    return text + (
        f" Daarna groeide het aantal {_off(slope['effect_pct'], 'sneller', 'langzamer')} per "
        f"jaar dan verwacht (tussen {_interval(slope['effect_pct_low'], slope['effect_pct_high']).replace(' tot ', ' en ')}): "
        f"{_beyond_chance(slope['p_value'], analysis)}."
    )


def _placebo_plain(analysis: BreakAnalysis, b: int) -> str:
    summary = _rows(analysis.placebo_summary, HEADLINE_INDICATOR)
    if summary.empty or int(summary["n_placebos"].max()) == 0:
        return f"Voor een vergelijking met eerdere jaren zijn er te weinig jaren vóór {b}."
    summary = summary.set_index("term")
    placebos = _rows(analysis.placebos, HEADLINE_INDICATOR)
    years = sorted(int(y) for y in placebos["placebo_year"].unique())
    m = int(summary["n_placebos"].max())
    counts = [
        f"{label} in {fmt.number(summary.loc[term, 'n_as_large'])}"
        for term, label in (
            ("level_change", "de sprong"),
            ("slope_change", "de verandering in groei"),
        )
        if term in summary.index
    ]
    return (
        f"Dezelfde berekening in de {fmt.number(m)} eerdere jaren zonder regeling "
        f"({years[0]}–{years[-1]}) geeft minstens zo grote veranderingen: "
        + " en ".join(counts)
        + f" van de {fmt.number(m)} jaren."
    )


def _did_plain(analysis: BreakAnalysis) -> str:
    b = analysis.start.first_funded_year
    did = _rows(analysis.did, HEADLINE_INDICATOR)
    if did.empty:
        return (
            "Een vergelijking tussen partners van KTO-Nederland en andere instellingen is met deze "
            "gegevens niet mogelijk: een van beide groepen telt te weinig instellingen met gegevens "
            f"vóór en na {b}."
        )
    by_term = did.set_index("term")
    main = by_term.loc["did"]
    kinds = [labels.INSTITUTION_TYPE_PLURAL.get(t, t) for t in analysis.control_types]
    per_year = analysis.control_per_year.get(HEADLINE_INDICATOR, np.nan)
    about = [f"allemaal {kinds[0]}"] if len(kinds) == 1 else []
    if np.isfinite(per_year):
        about.append(
            f"samen gemiddeld {fmt.number(per_year)} "
            f"{INDICATOR_LABELS[HEADLINE_INDICATOR].lower()} per jaar"
        )
    who = f" ({', '.join(about)})" if about else ""
    text = (
        f"De {fmt.number(main['n_treated'])} partners van KTO-Nederland krijgen geld uit de "
        f"regeling, de {fmt.number(main['n_control'])} overige instellingen{who} niet. Vanaf {b} "
        f"veranderde het aantal bij de partners {fmt.change(_num(main['effect_pct']) / 100)} ten "
        f"opzichte van de overige instellingen ({level_words.sure(analysis.levels)} tussen "
        f"{_interval(main['effect_pct_low'], main['effect_pct_high']).replace(' tot ', ' en ')}): "
        f"{_beyond_chance(main['p_value'], analysis)}."
    )
    if "pre_trend" in by_term.index:
        pre = by_term.loc["pre_trend"]
        text += (
            f" Vóór {b} verschilde hun groei {fmt.change(_num(pre['effect_pct']) / 100)} per jaar "
            f"({_beyond_chance(pre['p_value'], analysis)}); de vergelijking veronderstelt dat beide groepen "
            "zonder regeling gelijk zouden zijn opgelopen"
            + (
                ", terwijl de instellingen buiten de regeling van een ander type zijn"
                if len(kinds) == 1
                else ""
            )
            + "."
        )
    v = break_verdict(analysis)
    if v.did_placebos:
        text += (
            f" In eerdere jaren zonder regeling is het verschil in {fmt.number(v.did_as_large)} "
            f"van de {fmt.number(v.did_placebos)} jaren minstens zo groot."
        )
    return text + _failed_pre_trends(analysis, plain=True)


def _its_sentence(its: pd.DataFrame, b: int, noun: str, analysis: BreakAnalysis) -> str:
    by_term = its.set_index("term")
    level = by_term.loc["level_change"]
    n_post = int(_num(level["n_post_years"]))
    text = (
        "Een onderbroken tijdreeks (Poisson, vast effect per instelling, fouten geclusterd per "
        f"instelling) over {fmt.number(n_post)} {'jaar' if n_post == 1 else 'jaren'} vanaf {b} geeft "
        f"voor het aantal {noun} een niveausprong van {fmt.change(_num(level['effect_pct']) / 100)} "
        f"({level_words.interval(analysis.levels)} "
        f"{_interval(level['effect_pct_low'], level['effect_pct_high'])}, "
        f"{p_clause(level['p_value'])})"
    )
    if "slope_change" not in by_term.index:
        return text + "; met één jaar na de breuk is een trendbreuk nog niet te schatten."
    slope = by_term.loc["slope_change"]
    return text + (
        f" en een trendbreuk van {fmt.change(_num(slope['effect_pct']) / 100)} per jaar (interval "
        f"{_interval(slope['effect_pct_low'], slope['effect_pct_high'])}, "
        f"{p_clause(slope['p_value'])})."
    )


def _placebo_sentence(analysis: BreakAnalysis, b: int) -> str:
    summary = _rows(analysis.placebo_summary, HEADLINE_INDICATOR)
    if summary.empty or int(summary["n_placebos"].max()) == 0:
        return f"Voor placebojaren zijn er te weinig jaren vóór {b}."
    summary = summary.set_index("term")
    placebos = _rows(analysis.placebos, HEADLINE_INDICATOR)
    years = sorted(int(y) for y in placebos["placebo_year"].unique())
    m = int(summary["n_placebos"].max())
    counts = [
        f"de {label} in {fmt.number(summary.loc[term, 'n_as_large'])} van de {fmt.number(m)}"
        for term, label in (("level_change", "niveausprong"), ("slope_change", "trendbreuk"))
        if term in summary.index
    ]
    n_sig = int(summary["n_significant"].sum())
    n_fits = int(summary["n_placebos"].sum())
    return (
        f"Dezelfde schatting met de breuk in elk eerder jaar ({years[0]}–{years[-1]}, placebo's, "
        f"alleen met jaren vóór {b}): minstens zo groot als bij {b} is "
        + " en ".join(counts)
        + f" placebojaren; {fmt.number(n_sig)} van de {fmt.number(n_fits)} placeboschattingen "
        f"zijn significant bij {level_words.test(analysis.levels)}."
    )


def _did_sentence(analysis: BreakAnalysis) -> str:
    b = analysis.start.first_funded_year
    did = _rows(analysis.did, HEADLINE_INDICATOR)
    if did.empty:
        return (
            "Een vergelijking tussen partners van KTO-Nederland en andere instellingen is met deze "
            "gegevens niet mogelijk: een van beide groepen telt te weinig instellingen met gegevens "
            f"vóór en na {b}."
        )
    by_term = did.set_index("term")
    main = by_term.loc["did"]
    kinds = [labels.INSTITUTION_TYPE_PLURAL.get(t, t) for t in analysis.control_types]
    per_year = analysis.control_per_year.get(HEADLINE_INDICATOR, np.nan)
    about = [f"allemaal {kinds[0]}"] if len(kinds) == 1 else []
    if np.isfinite(per_year):
        about.append(
            f"samen gemiddeld {fmt.number(per_year)} "
            f"{INDICATOR_LABELS[HEADLINE_INDICATOR].lower()} per jaar"
        )
    who = f" ({', '.join(about)})" if about else ""
    other_type = len(kinds) == 1
    text = (
        "Verschil-in-verschillen (vaste effecten per instelling en per jaar, fouten geclusterd per "
        f"instelling, t-verdeling naar de kleinste groep) tussen {fmt.number(main['n_treated'])} partners van KTO-Nederland en "
        f"{fmt.number(main['n_control'])} overige instellingen{who}: vanaf {b} veranderde het aantal "
        f"bij de partners {fmt.change(_num(main['effect_pct']) / 100)} ten opzichte van de overige "
        f"instellingen ({level_words.interval(analysis.levels)} "
        f"{_interval(main['effect_pct_low'], main['effect_pct_high'])}, "
        f"{p_clause(main['p_value'])})."
    )
    if "pre_trend" in by_term.index:
        pre = by_term.loc["pre_trend"]
        text += (
            f" Vóór {b} verschilde hun groei {fmt.change(_num(pre['effect_pct']) / 100)} per jaar "
            f"({p_clause(pre['p_value'])}); de vergelijking veronderstelt dat beide groepen zonder "
            "regeling gelijk zouden zijn opgelopen"
            + (
                ", terwijl de instellingen buiten de regeling van een ander type zijn"
                if other_type
                else ""
            )
            + "."
        )
    v = break_verdict(analysis)
    if v.did_placebos:
        text += (
            f" Met dezelfde vergelijking in eerdere jaren is het verschil in "
            f"{fmt.number(v.did_as_large)} van de {fmt.number(v.did_placebos)} placebojaren "
            "minstens zo groot."
        )
    return text + _failed_pre_trends(analysis)


def _failed_pre_trends(analysis: BreakAnalysis, *, plain: bool = False) -> str:
    """The other indicators whose partners already grew differently before the break.

    The partner comparison assumes both groups would have moved alike without the
    scheme; where the test of that assumption fails at the test level (`pre_trend`), the comparison
    says nothing about the scheme for that indicator, and the text says so rather than
    leaving it to the table.
    """
    did = analysis.did
    if did.empty:
        return ""
    b = analysis.start.first_funded_year
    failed = did[
        (did["term"] == "pre_trend")
        & (did["p_value"] < analysis.levels.test)
        & (did["indicator"] != HEADLINE_INDICATOR)
    ]
    if failed.empty:
        return ""
    items = [
        f"{INDICATOR_LABELS[str(r['indicator'])].lower()} ({fmt.change(_num(r['effect_pct']) / 100)} "
        f"per jaar{'' if plain else ', ' + p_clause(r['p_value'])})"
        for _, r in failed.iterrows()
    ]
    many = len(items) > 1
    return (
        f" Bij {_join(items)} groeiden de partners al vóór {b} aantoonbaar anders dan de overige "
        f"instellingen: voor {'die indicatoren' if many else 'die indicator'} zegt de vergelijking "
        "niets over de regeling."
    )


ITS_CONCLUSION = {
    "no_change": "Landelijk is een verandering in het aantal {noun} rond {b} niet aantoonbaar.",
    "matched": (
        "Landelijk verandert het aantal {noun} rond {b}, maar even grote veranderingen komen ook "
        "in jaren zonder regeling voor."
    ),
    "changed": "Landelijk verandert het aantal {noun} rond {b} meer dan in elk eerder jaar zonder regeling.",
}


DID_CONCLUSION = {
    "none": "Een vergelijking met instellingen buiten de regeling is niet mogelijk.",
    "pre_trends_differ": (
        "De partners groeiden al vóór {b} anders dan de overige instellingen, dus de vergelijking "
        "zegt niets over de regeling."
    ),
    "alike": "De partners veranderen niet aantoonbaar anders dan de overige instellingen.",
    "matched": (
        "Het verschil tussen partners en overige instellingen is niet groter dan in eerdere jaren "
        "zonder regeling."
    ),
    "differ": (
        "De partners veranderen anders dan de overige instellingen, meer dan in elk eerder jaar zonder regeling."
    ),
}


def _could_have(detectable: Detectable | None, test: str) -> str:
    """' (met deze gegevens had de monitor … kunnen aantonen)' for a test that found nothing."""
    if detectable is None:
        return ""
    from analysis.publication.chapters.scheme.detectable import detectable_clause

    clause = detectable_clause(detectable, test)
    return f" (met deze gegevens had de monitor {clause} kunnen aantonen)" if clause else ""


def _with_clause(sentence: str, clause: str) -> str:
    """`sentence` with `clause` before its final period."""
    return sentence[:-1] + clause + "." if clause and sentence.endswith(".") else sentence


def _conclusion(analysis: BreakAnalysis, detectable: Detectable | None = None) -> str:
    v = break_verdict(analysis)
    b = analysis.start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    national = ITS_CONCLUSION[v.its].format(noun=noun, b=b)
    partners = DID_CONCLUSION[v.did].format(b=b)
    if v.its == "no_change":
        national = _with_clause(national, _could_have(detectable, "step"))
    if v.did == "alike":
        partners = _with_clause(partners, _could_have(detectable, "partners"))
    text = national + " " + partners
    if v.association:
        return text + (
            f" Dat is een samenhang in de tijd met de start van de regeling; het ontwerp kan andere "
            f"verschillen tussen de groepen en andere ontwikkelingen vanaf {b} niet uitsluiten."
        )
    return text + " Een samenhang met de regeling is daarmee niet aantoonbaar."


def _with_demo(text: str, demo: bool) -> str:
    return text + (" " + DEMO_CAVEAT if demo else "")


def its_headline(analysis: BreakAnalysis, detectable: Detectable | None = None) -> str:
    """One sentence for the summary, following the same verdict as the chapter (no final period).

    With `detectable`, a change that is not demonstrable says what the test could have shown.
    """
    v = break_verdict(analysis)
    b = analysis.start.first_funded_year
    noun = INDICATOR_LABELS[HEADLINE_INDICATOR].lower()
    if v.its == "not_yet":
        text = (
            f"De financiering van de regeling begint volgens de begroting in {b}: een verandering "
            f"in het aantal {noun} is nog niet te meten"
        )
    elif v.association:
        text = (
            f"Bij de partners van KTO-Nederland veranderde het aantal {noun} vanaf de start van de "
            f"financiering van de regeling ({b}) {fmt.change(v.did_pct / 100)} ten opzichte van de "
            "overige instellingen: een samenhang in de tijd, die andere verschillen tussen de groepen "
            "niet uitsluit"
        )
    else:
        national_part = {
            "no_change": f"is een verandering in het aantal {noun} niet aantoonbaar"
            + _could_have(detectable, "step"),
            "matched": (
                f"verandert het aantal {noun}, maar even grote veranderingen komen voor in "
                f"{v.n_as_large} van de {v.n_placebos} eerdere jaren zonder regeling"
            ),
            "changed": f"verandert het aantal {noun} meer dan in eerdere jaren",
        }[v.its]
        comparison = {
            "none": "een vergelijking met instellingen buiten de regeling is niet mogelijk",
            "pre_trends_differ": (
                "de partners van KTO-Nederland groeiden al vóór de regeling anders dan de overige "
                "instellingen"
            ),
            "alike": (
                "bij de partners van KTO-Nederland niet aantoonbaar anders dan bij de overige "
                "instellingen" + _could_have(detectable, "partners")
            ),
            "matched": (
                "het verschil tussen partners van KTO-Nederland en overige instellingen is niet "
                "groter dan in eerdere jaren"
            ),
            "differ": "",
        }[v.did]
        text = (
            f"Rond de start van de financiering van de regeling ({b}) {national_part}; "
            f"{comparison}: een samenhang met de regeling is niet aantoonbaar"
        )
    if analysis.demo:
        text += " (demonstratiegegevens: dit zegt niets over de werkelijke regeling)"
    return text


def break_robustness(analysis: BreakAnalysis) -> str:
    """Whether the break's reading holds with the other break years and the budget-ramp shape.

    One sentence for the summary, beside `its_headline`: the break year comes from the
    budget (whose ramp is an assumption), so the summary says what the other
    candidates give. A candidate reads the same when it agrees with the report's break
    on whether any change (level or slope) is significant at the test level.
    """
    sens = analysis.sensitivity
    b = analysis.start.first_funded_year
    verdict = break_verdict(analysis)
    if sens.empty or verdict.its == "not_yet":
        return ""
    terms = sens[sens["term"].isin(["level_change", "slope_change"])]
    others = terms[terms["candidate"] != "first_funded_year"]
    if others.empty:
        return ""
    significant = others.groupby("candidate", sort=False)["p_value"].min() < analysis.levels.test
    years = others.groupby("candidate", sort=False)["break_year"].first()

    def named(keys: list[str]) -> str:
        parts = []
        listed = [fmt.year(int(years[k])) for k in keys if k != "budget_dose"]
        if listed:
            parts.append(f"{_join(listed, 'of')} als breukjaar")
        if "budget_dose" in keys:
            parts.append("een verandering die het budget volgt")
        return _join(parts, "of")

    at_break = verdict.its in ("changed", "matched")
    text = (
        f"Het breukjaar {fmt.year(b)} is het eerste jaar met budget in de begroting"
        + (
            " (de aanloop is een aanname van de monitor)"
            if analysis.start.status == "assumption"
            else ""
        )
        + "; met "
    )
    same = [str(k) for k, sig in significant.items() if bool(sig) == at_break]
    differ = [str(k) for k, sig in significant.items() if bool(sig) != at_break]
    if not differ:
        return (
            text
            + named(same)
            + (
                " is een verandering eveneens groter dan toeval."
                if at_break
                else " is een sprong of een andere groei evenmin groter dan toeval."
            )
        )
    return (
        text
        + named(differ)
        + (
            " is een sprong of een andere groei niet groter dan toeval"
            if at_break
            else " is een verandering wel groter dan toeval"
        )
        + (": het oordeel hangt van die keuze af (hoofdstuk 5, ‘Gevoeligheid voor aannames’).")
    )
