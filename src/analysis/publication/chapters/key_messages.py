"""Kernboodschappen: the four questions of the plan and the evaluation, answered for a non-specialist.

The page the PDF prints right after its cover (and the site's front page). Each answer
is computed from the data with the chapters' own functions and settings (nothing is
recomputed another way), says how certain it is in words ('waarschijnlijk', 'niet te
onderscheiden van toeval', a range), and says when it rests on demonstration data.
Technical terms (kappa, p-values, model names of the statistics) stay in the chapters
and the methods appendix; the answers speak of 'toeval', 'samenhang in de tijd' and
'rekenvoorbeeld', never of an effect of the scheme.

The module has two layers, so the wording can be tested on hand-made inputs:
`compute` gathers the chapters' results into small records (`ProgrammeFacts`,
`RealComparison`, `DemoComparison`, `ModelsFacts`, `SchemeFacts`), and the four
`*_message` functions turn one record each into a `KeyMessage`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources
from analysis.methods import copublications as cp
from analysis.methods import peer_gaps as benchmark
from analysis.methods import typology
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters import copublications as cp_chapter
from analysis.publication.chapters import europe, models, national, programme, scheme
from analysis.publication.labels import INDICATOR_LABELS, MODEL_LABELS

#: What a message rests on, in the words of the basis labels (`analysis.publication.render.basis`).
BASIS_NL: Mapping[str, str] = {
    "real": "geciteerde bronnen",
    "demonstration": "demonstratiegegevens",
    "assumption": "aannames van de monitor",
}


@dataclass(frozen=True)
class KeyMessage:
    """One question with its answer (pandoc Markdown) and what the answer rests on."""

    question: str
    answer: str
    bases: tuple[str, ...]

    def basis_text(self) -> str:
        """'Berust op geciteerde bronnen en demonstratiegegevens.'"""
        words = [BASIS_NL[b] for b in self.bases]
        joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]
        return f"Berust op {joined}."


def _join(items: Sequence[str], word: str = "en") -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _md(text: str) -> str:
    """A citation or a name from data, escaped for pandoc Markdown prose."""
    return escape.markdown(text)


# --------------------------------------------------------------------------- 1. the programme


@dataclass(frozen=True)
class ProgrammeFacts:
    """What the cited programme tables say, with the citations already numbered.

    `*_approx`: the source gives the figure as an approximation (status `inferred` or a
    note saying so), so the answer says 'ongeveer'. `measured`: whether the monitor has
    real per-institution figures over the programme years (False on demonstration data).
    """

    start: int
    end: int
    subsidy_eur: float
    consortia: int
    cofunding_eur: float
    cofunding_approx: bool
    supported: float
    supported_approx: bool
    facts_citation: str
    findings_citation: str
    known_subsidies: int
    known_subsidy_eur: float
    measured: bool


def _approximate(row: pd.Series) -> bool:
    note = str(row.get("note", "") or "").lower()
    return str(row.get("status", "")) == "inferred" or "approx" in note or "ca." in note


def programme_facts(wide: pd.DataFrame, data_dir: Path) -> ProgrammeFacts:
    """The programme's facts from `programme.csv` and `consortia.csv` (chapter 1's functions)."""
    table = programme.load_programme(data_dir)
    sources = load_sources(data_dir)
    subsidy = programme.fact(table, "state_subsidy_total")
    cofunding = programme.fact(table, "regional_cofunding_total")
    supported = programme.fact(table, "startups_smes_supported")
    rows = [subsidy, cofunding, supported, programme.fact(table, "consortia_n")]
    per_consortium = programme.subsidy_by_region(data_dir)[programme.SUBSIDY]
    years = range(
        int(programme.fact(table, "programme_start_year")["value"]),
        int(programme.fact(table, "programme_end_year")["value"]) + 1,
    )
    in_programme = wide[wide["year"].isin(years)]
    measured = not in_programme.empty and not national.uses_demonstration_data(in_programme)
    return ProgrammeFacts(
        start=years[0],
        end=years[-1],
        subsidy_eur=float(subsidy["value"]),
        consortia=int(programme.fact(table, "consortia_n")["value"]),
        cofunding_eur=float(cofunding["value"]),
        cofunding_approx=_approximate(cofunding),
        supported=float(supported["value"]),
        supported_approx=_approximate(supported),
        facts_citation=cite([str(r["source_id"]) for r in rows], sources),
        findings_citation=cite(
            [programme.POLICY_RESPONSE_SOURCE, programme.EVALUATION_SOURCE], sources
        ),
        known_subsidies=int(per_consortium.notna().sum()),
        known_subsidy_eur=float(per_consortium.sum()),
        measured=measured,
    )


def programme_message(f: ProgrammeFacts) -> KeyMessage:
    """What the Valorisatieprogramma achieved, as far as the sources and the data tell."""
    about = "ongeveer " if f.cofunding_approx else ""
    text = (
        f"Het Valorisatieprogramma ({f.start}–{f.end}) gaf {fmt.money_eur(f.subsidy_eur)} "
        f"Rijkssubsidie aan {fmt.number(f.consortia)} regionale consortia van "
        f"kennisinstellingen; de regionale partners legden er {about}"
        f"{fmt.money_eur(f.cofunding_eur)} bij. Volgens het kabinet zijn daarmee "
        f"{'ongeveer ' if f.supported_approx else ''}{fmt.number(f.supported)} startups en "
        f"mkb-bedrijven ondersteund {_md(f.facts_citation)}. De evaluatie zag dat "
        "kennisbenutting steviger op de kaart staat en dat de consortia hun organisatie voor "
        "valorisatie op orde brachten, maar ook dat de omslag in de cultuur niet af was en dat "
        f"de economische opbrengst in de regio's nog niet vast te stellen was {_md(f.findings_citation)}. "
        f"Hoeveel elk consortium kreeg, is maar deels openbaar: voor {fmt.number(f.known_subsidies)} "
        f"van de {fmt.number(f.consortia)} is een bedrag gevonden, samen "
        f"{fmt.money_eur(f.known_subsidy_eur)}."
    )
    if f.measured:
        text += (
            " De cijfers van de instellingen over de programmajaren staan in hoofdstuk 2; wat "
            "het programma daaraan heeft bijgedragen, is zonder vergelijkingsgroep niet te "
            "scheiden van andere ontwikkelingen."
        )
    else:
        text += (
            " Cijfers per instelling over de programmajaren zijn er niet (dit rapport gebruikt "
            "daar demonstratiegegevens), dus wat het programma aan kennisoverdracht heeft "
            "opgeleverd, kan de monitor niet meten."
        )
    return KeyMessage("Wat heeft het Valorisatieprogramma opgeleverd?", text, ("real",))


# --------------------------------------------------------------------------- 2. the European top


@dataclass(frozen=True)
class RealComparison:
    """The industry co-publication comparison (Leiden Ranking): real, measured alike."""

    edition: int
    period: str
    n_universities: int
    higher: int
    lower: int
    mixed: int
    peers: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class DemoComparison:
    """The other comparisons with the top (chapter 3), counted as the chapter counts them.

    `behind_subjects`: the indicators on which the Netherlands is demonstrably behind,
    in the chapter's short names. `range_low`/`range_high`: (behind, comparisons) with
    the fewest and the most behind when one peer is taken alone or left out (the
    sensitivity section's recount); None when no alternative exists.
    """

    behind: int
    ahead: int
    total: int
    behind_subjects: tuple[str, ...]
    range_low: tuple[int, int] | None
    range_high: tuple[int, int] | None
    demo: bool


def real_comparison(data_dir: Path) -> RealComparison | None:
    """Chapter 3's opening comparison (None when the data folder has no Leiden Ranking)."""
    if not cp_chapter.available(data_dir):
        return None
    chapter = cp_chapter.compute(data_dir)
    verdicts = cp.against_all_peers(chapter.comparison)
    table = chapter.comparison.table.set_index("unit_id")
    peers = tuple(chapter.short_names.get(p, p) for p in cp.PEERS if p in table.index)
    selection = chapter.comparison.selection
    return RealComparison(
        edition=int(selection.edition),
        period=str(selection.period),
        n_universities=len(verdicts),
        higher=int((verdicts == "higher").sum()),
        lower=int((verdicts == "lower").sum()),
        mixed=int((verdicts == "mixed").sum()),
        peers=peers,
        citation=cite(list(chapter.comparison.source_ids), chapter.sources),
    )


def demo_comparison(result: europe.EuropeResult, demo: bool) -> DemoComparison:
    """Chapter 3's count of comparisons behind, ahead and indistinguishable, with the peer range."""
    sens = benchmark.peer_choice_sensitivity(result.comparisons, groups=europe.TOP_GROUPS)
    return count_comparisons(europe.chart_frame(result), sens, demo)


def count_comparisons(frame: pd.DataFrame, sens: pd.DataFrame, demo: bool) -> DemoComparison:
    """Count `europe.chart_frame` rows as chapter 3 does (`europe.counts`) and take the range
    of the share behind over the peer choices of `benchmark.peer_choice_sensitivity`.

    Behind: the whole interval below 1 (`high` < 1); the indicators behind are named
    by the chart label's first part ('Licenties per melding — ETH' -> 'licenties').
    """
    behind, ahead, total = europe.counts(frame)
    high = frame["high"].fillna(np.inf)
    subjects = dict.fromkeys(str(label).split(" per ")[0] for label in frame.loc[high < 1, "label"])
    sens = sens[(sens["choice"] != "all") & (sens["n_comparisons"] > 0)]
    low_pair = high_pair = None
    if not sens.empty:
        share = (sens["n_behind"] / sens["n_comparisons"]).to_numpy(dtype="float64")
        lo, hi = sens.iloc[int(np.argmin(share))], sens.iloc[int(np.argmax(share))]
        low_pair = (int(lo["n_behind"]), int(lo["n_comparisons"]))
        high_pair = (int(hi["n_behind"]), int(hi["n_comparisons"]))
    return DemoComparison(
        behind=behind,
        ahead=ahead,
        total=total,
        behind_subjects=tuple(s if s[1:2].isupper() else s[:1].lower() + s[1:] for s in subjects),
        range_low=low_pair,
        range_high=high_pair,
        demo=demo,
    )


def europe_message(real: RealComparison | None, other: DemoComparison) -> KeyMessage:
    """The comparison with the European top: the real one first, then the others, labelled."""
    parts: list[str] = []
    bases: list[str] = []
    if real is not None:
        peers = _join(real.peers)
        parts.append(
            "Op de enige vergelijking met echte cijfers die voor elke universiteit op dezelfde "
            "manier zijn gemeten, het aandeel publicaties samen met het bedrijfsleven (Leiden "
            f"Ranking {real.edition}, publicaties {real.period}) {_md(real.citation)}, "
            f"publiceren {fmt.number(real.higher)} van de {fmt.number(real.n_universities)} "
            f"Nederlandse universiteiten aantoonbaar vaker met bedrijven dan {peers}, en "
            f"{fmt.number(real.lower)} aantoonbaar minder vaak; bij {fmt.number(real.mixed)} is "
            "het verschil met ten minste één van de drie niet te onderscheiden van toeval. Dat "
            "verschil volgt vooral de vakgebieden (technische universiteiten publiceren vaker "
            "met bedrijven) en is geen maat voor prestatie."
        )
        bases.append("real")
    rest = other.total - other.behind - other.ahead
    subject = f", vooral bij {_join(list(other.behind_subjects))}" if other.behind_subjects else ""
    sentence = (
        f"Op de overige kennisoverdrachtsindicatoren ligt Nederland bij "
        f"{fmt.number(other.behind)} van de {fmt.number(other.total)} vergelijkingen "
        f"aantoonbaar achter op de top{subject}, bij {fmt.number(other.ahead)} ervoor"
        + (f" en bij {fmt.number(rest)} is het verschil niet te onderscheiden" if rest else "")
        + "."
    )
    if other.range_low is not None and other.range_high is not None:
        sentence += (
            " Met één instelling van de top alleen of weggelaten wordt dat "
            f"{fmt.number(other.range_low[0])} van de {fmt.number(other.range_low[1])} tot "
            f"{fmt.number(other.range_high[0])} van de {fmt.number(other.range_high[1])}."
        )
    if other.demo:
        sentence += (
            " Die vergelijkingen rusten op demonstratiegegevens en zeggen dus nog niets over de "
            "werkelijke afstand tot de top."
        )
        bases.append("demonstration")
    else:
        bases.append("real")
    parts.append(sentence)
    return KeyMessage(
        "Hoe staat Nederland ervoor ten opzichte van de Europese top?",
        " ".join(parts),
        tuple(dict.fromkeys(bases)),
    )


# --------------------------------------------------------------------------- 3. the models


@dataclass(frozen=True)
class ModelsFacts:
    """The evaluation's typing of the regions (real) and the monitor's (chapter 4's settings).

    `evaluation`: model -> the regions the evaluation gave it. `counts`: model -> how
    many institutions the monitor gives it at the report's reference point; `depends`:
    whether another reference point makes another model at least as common.
    `agreement` / `n_consortia`: consortia typed as the evaluation did; `kappa_low` /
    `kappa_high`: the interval of the chance-corrected agreement (read here only as
    'beter dan toeval', 'niet te onderscheiden van toeval' or 'slechter dan toeval').
    """

    evaluation: Mapping[str, tuple[str, ...]]
    evaluation_citation: str
    counts: Mapping[str, int]
    n_institutions: int
    depends: bool
    agreement: int
    n_consortia: int
    kappa_low: float
    kappa_high: float
    demo: bool


def models_facts(wide: pd.DataFrame, data_dir: Path, year: int, demo: bool) -> ModelsFacts:
    """The evaluation's regions per model and chapter 4's reference-point table (its own call)."""
    consortia = reference.load_consortia(data_dir)
    evaluation = {
        m: tuple(str(r) for r in consortia.loc[consortia["evaluation_model"] == m, "region"])
        for m in models.MODELS
    }
    sensitivity = models.reference_sensitivity(wide, data_dir, year)
    row = sensitivity[sensitivity["reference"] == typology.HEADLINE_REFERENCE].iloc[0]
    top, _ = models.modal_model(row)
    others = sensitivity[sensitivity["reference"] != typology.HEADLINE_REFERENCE]
    depends = any(
        int(r[f"n_{m}"]) >= int(r[f"n_{top}"])
        for _, r in others.iterrows()
        for m in models.MODELS
        if m != top
    )
    return ModelsFacts(
        evaluation=evaluation,
        evaluation_citation=cite(programme.POLICY_RESPONSE_SOURCE, load_sources(data_dir)),
        counts={m: int(row[f"n_{m}"]) for m in models.MODELS},
        n_institutions=int(row["n_institutions"]),
        depends=depends,
        agreement=int(row["agreement_n"]),
        n_consortia=int(row["n_consortia"]),
        kappa_low=float(row["kappa_low"]),
        kappa_high=float(row["kappa_high"]),
        demo=demo,
    )


def chance_words(low: float, high: float) -> str:
    """How an agreement's interval reads against chance, in words."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "niet te beoordelen"
    if low > 0:
        return "beter dan toeval"
    if high < 0:
        return "slechter dan toeval"
    return "niet te onderscheiden van toeval"


def models_message(f: ModelsFacts) -> KeyMessage:
    """Which model each region and institution follows: the evaluation's answer, then the monitor's."""
    typed = [
        (
            fmt.number(len(f.evaluation[m])),
            MODEL_LABELS[m],
            _join([_md(r) for r in f.evaluation[m]]),
        )
        for m in models.MODELS
        if f.evaluation.get(m)
    ]
    regions = _join(
        [
            f"{n} regio's met het {label} ({names})" if i == 0 else f"{n} met het {label} ({names})"
            for i, (n, label, names) in enumerate(typed)
        ]
    )
    text = (
        f"Volgens de evaluatie werkten {regions} {_md(f.evaluation_citation)}. De monitor "
        "deelt elke instelling opnieuw in, op de mix van haar gemeten indicatoren: "
    )
    order = sorted(models.MODELS, key=lambda m: (-f.counts[m], models.MODELS.index(m)))
    text += _join(
        [f"{fmt.number(f.counts[m])} instellingen in het {MODEL_LABELS[m]}" for m in order]
    )
    text += f" (van de {fmt.number(f.n_institutions)}; per instelling in hoofdstuk 4 en bijlage A)."
    if f.depends:
        text += (
            f" Dat het {MODEL_LABELS[order[0]]} het vaakst voorkomt, hangt af van waarmee de "
            "instellingen worden vergeleken."
        )
    if f.n_consortia:
        text += (
            f" Per regio komt de indeling van de monitor bij {fmt.number(f.agreement)} van de "
            f"{fmt.number(f.n_consortia)} consortia overeen met die van de evaluatie; die "
            f"overeenstemming is {chance_words(f.kappa_low, f.kappa_high)}."
        )
    bases: tuple[str, ...] = ("real",)
    if f.demo:
        text += (
            " De indeling van de monitor rust op demonstratiegegevens: ze laat zien hoe de "
            "indeling werkt, en de overeenstemming met de evaluatie zegt niets over de "
            "werkelijke instellingen."
        )
        bases = ("real", "demonstration")
    return KeyMessage("Welk valorisatiemodel volgen de regio's en de instellingen?", text, bases)


# --------------------------------------------------------------------------- 4. the scheme


@dataclass(frozen=True)
class SchemeFacts:
    """Where the scheme stands: its start from the budget, chapter 5's verdict and projection.

    `verdict`: chapter 5's reading of the break in the headline indicator (spin-offs).
    `end_*`: the trend projection for the scenario's headline indicator in the target
    year (`end_low`/`end_high` its band), `target` the central target path and
    `target_low`/`target_high` the range the top's spread gives (None: no target).
    """

    plan_year: int | None
    first_year: int
    last_year: int
    ramp_assumed: bool
    budget_citation: str
    verdict: scheme.Verdict
    demo: bool
    indicator: str
    end_year: int
    end_projection: float
    end_low: float
    end_high: float
    target: float | None
    target_low: float | None
    target_high: float | None
    held: str = ""


def scheme_facts(wide: pd.DataFrame, data_dir: Path, year: int, demo: bool) -> SchemeFacts:
    """Chapter 5's start, break verdict (headline indicator, as the summary fits it) and projection."""
    start = scheme.scheme_start(data_dir)
    budget = reference.load_budget(data_dir)
    analysis = scheme.break_analysis(wide, data_dir, indicators=(scheme.HEADLINE_INDICATOR,))
    plan = scheme.compute_scenario(wide, data_dir, year)
    frame = scheme.projection_frame(wide, plan)
    end = frame[frame["year"] == frame["year"].max()].iloc[0]
    target = target_low = target_high = None
    held = ""
    if plan.headline is not None and pd.notna(end["target"]):
        ind, den = plan.headline
        count = scheme.base_count(plan, ind)
        summary = plan.summary[
            (plan.summary["indicator"] == ind) & (plan.summary["denominator"] == den)
        ]
        extra = dict(
            zip(
                summary["variant"].astype(str),
                summary["extra_target_year"].astype(float),
                strict=True,
            )
        )
        target = float(end["target"])
        target_low, target_high = count + extra["low"], count + extra["high"]
        if den in europe.DENOMINATOR_NOUN_NL:
            held = f"bij evenveel {europe.DENOMINATOR_NOUN_NL[den]} als in {plan.base_year}"
    return SchemeFacts(
        plan_year=start.plan_year,
        first_year=start.first_funded_year,
        last_year=int(budget["year"].max()),
        ramp_assumed=start.status == "assumption",
        budget_citation=cite(budget["source_id"].dropna().astype(str), load_sources(data_dir)),
        verdict=scheme.break_verdict(analysis),
        demo=demo,
        indicator=str(end["indicator"]),
        end_year=int(end["year"]),
        end_projection=float(end["projection"]),
        end_low=float(end["low"]),
        end_high=float(end["high"]),
        target=target,
        target_low=target_low,
        target_high=target_high,
        held=held,
    )


#: Chapter 5's verdict on the headline indicator, in plain words (never causal).
BREAK_WORDS: Mapping[str, str] = {
    "not_yet": "is een verandering in het aantal spin-offs nog niet te meten",
    "no_change": "is een verandering in het aantal spin-offs niet te onderscheiden van toeval",
    "matched": (
        "veranderde het aantal spin-offs, maar niet meer dan in eerdere jaren zonder regeling"
    ),
    "changed": "veranderde het aantal spin-offs meer dan in eerdere jaren zonder regeling",
}
PARTNER_WORDS: Mapping[str, str] = {
    "none": "een vergelijking met instellingen buiten de regeling is nog niet mogelijk",
    "pre_trends_differ": (
        "de partners van KTO-Nederland groeiden al vóór de regeling anders dan de overige "
        "instellingen, dus een vergelijking zegt niets"
    ),
    "alike": (
        "de partners van KTO-Nederland ontwikkelden zich niet aantoonbaar anders dan de "
        "overige instellingen"
    ),
    "matched": (
        "het verschil tussen de partners van KTO-Nederland en de overige instellingen is niet "
        "groter dan in eerdere jaren"
    ),
    "differ": (
        "de partners van KTO-Nederland ontwikkelden zich anders dan de overige instellingen; "
        "dat is een samenhang in de tijd met de start van de regeling, die andere verschillen "
        "tussen de groepen niet uitsluit"
    ),
}


def _count(value: float, indicator: str) -> str:
    return fmt.money_eur(value) if indicator.endswith("_eur") else fmt.number(value)


def scheme_message(f: SchemeFacts) -> KeyMessage:
    """Whether the KTO-Nederland scheme is on track: start, what changed since, where the trend leads."""
    first = (
        f"De regeling loopt van {f.plan_year} tot en met {f.last_year}; {f.plan_year} was het "
        f"jaar van de verkenning, het eerste geld voor de instellingen staat in de begroting voor "
        f"{f.first_year}"
        if f.plan_year is not None
        else f"De regeling loopt tot en met {f.last_year}; het eerste geld voor de instellingen "
        f"staat in de begroting voor {f.first_year}"
    )
    text = first + f" {_md(f.budget_citation)}"
    if f.ramp_assumed:
        text += (
            " (hoe het geld in de eerste jaren oploopt, is een aanname van de monitor; of het "
            "zo is besteed, weet de monitor niet)"
        )
    text += "."
    if f.verdict.its == "not_yet":
        text += f" Sinds {f.first_year} {BREAK_WORDS['not_yet']}."
    else:
        text += (
            f" Sinds {f.first_year} {BREAK_WORDS[f.verdict.its]}, en "
            f"{PARTNER_WORDS[f.verdict.did]}."
        )
    noun = INDICATOR_LABELS.get(f.indicator, f.indicator).lower()
    trend = (
        f" Bij de huidige trend komt Nederland in {f.end_year} waarschijnlijk uit tussen "
        f"{_count(f.end_low, f.indicator)} en {_count(f.end_high, f.indicator)} {noun}"
        if np.isfinite(f.end_low) and np.isfinite(f.end_high)
        else f" Bij de huidige trend komt Nederland in {f.end_year} uit op ongeveer "
        f"{_count(f.end_projection, f.indicator)} {noun}"
    )
    if f.target is None or f.target_low is None or f.target_high is None:
        text += trend + "; op geen vergelijkbare indicator ligt Nederland achter op de top."
    else:
        band = f"{_count(f.target_low, f.indicator)} tot {_count(f.target_high, f.indicator)}"
        if np.isfinite(f.end_high) and f.end_high < f.target_low:
            verdict = "Op deze trend ligt Nederland dus niet op koers naar de top."
        elif np.isfinite(f.end_low) and f.end_low > f.target_high:
            verdict = "Op deze trend ligt Nederland dus op koers naar de top."
        else:
            verdict = "Of Nederland op koers ligt naar de top, is daarmee niet te zeggen."
        held = f", {f.held}" if f.held else ""
        text += (
            trend + f"; aansluiten bij de top zou in dat jaar {band} {noun} vragen{held} (een "
            "rekenvoorbeeld van de monitor, geen doel uit het plan). " + verdict
        )
    bases: tuple[str, ...] = ("real", "assumption")
    if f.demo:
        text += (
            " Deze uitkomsten rusten op demonstratiegegevens: ze laten zien hoe de monitor de "
            "vraag zal beantwoorden, niet hoe de regeling ervoor staat."
        )
        bases = ("real", "assumption", "demonstration")
    return KeyMessage("Ligt de regeling KTO-Nederland op koers?", text, bases)


# --------------------------------------------------------------------------- the page


def compute(wide: pd.DataFrame, data_dir: Path, year: int) -> list[KeyMessage]:
    """The four messages, from the chapters' own functions and settings."""
    demo = national.uses_demonstration_data(wide)
    gaps = europe.compute(wide, data_dir, year, levels=("total",))
    return [
        programme_message(programme_facts(wide, data_dir)),
        europe_message(real_comparison(data_dir), demo_comparison(gaps, demo)),
        models_message(models_facts(wide, data_dir, year, demo)),
        scheme_message(scheme_facts(wide, data_dir, year, demo)),
    ]


def intro_markdown(year: int, demo: bool) -> str:
    """One paragraph above the messages: what they answer and what they rest on."""
    text = (
        f"De Valorisatiemonitor {year} beantwoordt de vier vragen die het plan KTO-Nederland "
        "en de evaluatie van het Valorisatieprogramma stellen. Elk antwoord is berekend uit de "
        "gegevens van dit rapport en zegt hoe zeker het is; de onderbouwing staat in de "
        "hoofdstukken."
    )
    if demo:
        text += (
            " Openbare jaarcijfers per kennisoverdrachtsbureau bestaan nog niet: de cijfers "
            "over afzonderlijke instellingen zijn in deze editie **demonstratiegegevens**, "
            "gemaakt om te laten zien hoe de monitor werkt. Waar een antwoord daarop rust, staat "
            "dat erbij."
        )
    return text


def markdown(messages: Sequence[KeyMessage]) -> str:
    """The messages as numbered questions, each answer followed by what it rests on."""
    blocks = [
        f"**{n}. {m.question}** {m.answer} *{m.basis_text()}*" for n, m in enumerate(messages, 1)
    ]
    return "\n\n".join(blocks)
