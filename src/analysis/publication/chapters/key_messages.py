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

A `KeyMessage` holds message ids with parameters, not text (`analysis.publication.messages`): the
words are in the gettext catalogues (`analysis/publication/locale/{nl,en}/LC_MESSAGES/messages.po`),
so the report's Dutch and the English summary (`analysis.publication.english`) render
one and the same computed record. The Dutch text is what this module printed before
the catalogue existed, to the byte (`tests/test_key_messages.py` pins it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.indicators import catalogue
from analysis.data.sources import cite, load_sources
from analysis.methods import copublications as cp
from analysis.methods import peer_gaps as benchmark
from analysis.methods import typology
from analysis.publication import escape
from analysis.publication.chapters import copublications as cp_chapter
from analysis.publication.chapters import europe, models, national, programme, scheme
from analysis.publication.messages import (
    Concat,
    Join,
    Lang,
    Money,
    Msg,
    Num,
    Param,
    Plain,
    Term,
    from_json,
    indicator_param,
    msg,
    render,
    to_json,
)

#: What a message rests on: `basis.<basis>` in the message catalogue (`analysis.publication.messages`).
BASES: tuple[str, ...] = ("real", "demonstration", "assumption")


@dataclass(frozen=True)
class KeyMessage:
    """One question with its answer and what the answer rests on, as catalogue messages.

    `question_msg` and `answer_msg` are message ids with parameters (`analysis.publication.messages`),
    rendered in Dutch for the report and in English for the English summary; the
    properties `question` and `answer` are the Dutch text (pandoc Markdown).
    """

    question_msg: Param
    answer_msg: Param
    bases: tuple[str, ...]

    @property
    def question(self) -> str:
        return render(self.question_msg, "nl")

    @property
    def answer(self) -> str:
        return render(self.answer_msg, "nl")

    def basis_param(self) -> Msg:
        """'Berust op ...' / 'Rests on ...' with the bases joined."""
        return msg("basis.rests_on", bases=Join(tuple(Msg(f"basis.{b}") for b in self.bases)))

    def basis_text(self, lang: Lang = "nl") -> str:
        """'Berust op geciteerde bronnen en demonstratiegegevens.'"""
        return render(self.basis_param(), lang)


def _md(text: str) -> str:
    """A citation or a name from data, escaped for pandoc Markdown prose."""
    return escape.markdown(text)


def _maybe(condition: bool, param: Param) -> Param:
    """`param` when `condition` holds, else nothing (an optional sentence or word)."""
    return param if condition else Plain("")


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
    about = Msg("word.about")
    text = msg(
        "programme.body",
        start=f.start,
        end=f.end,
        subsidy=Money(f.subsidy_eur),
        consortia=Num(f.consortia),
        about_cofunding=_maybe(f.cofunding_approx, about),
        cofunding=Money(f.cofunding_eur),
        about_supported=_maybe(f.supported_approx, about),
        supported=Num(f.supported),
        facts_citation=_md(f.facts_citation),
        findings_citation=_md(f.findings_citation),
        known=Num(f.known_subsidies),
        known_eur=Money(f.known_subsidy_eur),
    )
    tail = Msg("programme.measured" if f.measured else "programme.not_measured")
    return KeyMessage(Msg("programme.question"), Concat((text, tail)), ("real",))


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
    #: The indicator codes of `behind_subjects` (None where a label is not the chapter's),
    #: so the English summary can name them in English.
    behind_codes: tuple[str | None, ...] = ()


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
    code_of = {short: code for code, short in catalogue().short_labels.items()}
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
        behind_codes=tuple(code_of.get(s) for s in subjects),
    )


def europe_message(real: RealComparison | None, other: DemoComparison) -> KeyMessage:
    """The comparison with the European top: the real one first, then the others, labelled."""
    parts: list[Param] = []
    bases: list[str] = []
    if real is not None:
        parts.append(
            msg(
                "europe.real",
                edition=real.edition,
                period=real.period,
                citation=_md(real.citation),
                higher=Num(real.higher),
                n=Num(real.n_universities),
                peers=Join(tuple(Plain(p) for p in real.peers)),
                lower=Num(real.lower),
                mixed=Num(real.mixed),
            )
        )
        parts.append(Plain(" "))
        bases.append("real")
    rest = other.total - other.behind - other.ahead
    codes = other.behind_codes or (None,) * len(other.behind_subjects)
    subjects = tuple(
        Plain(s) if c is None else Term("subject", c, nl=s)
        for s, c in zip(other.behind_subjects, codes, strict=True)
    )
    parts.append(
        msg(
            "europe.other",
            behind=Num(other.behind),
            total=Num(other.total),
            subjects=_maybe(bool(subjects), msg("europe.subjects", subjects=Join(subjects))),
            ahead=Num(other.ahead),
            rest=_maybe(bool(rest), msg("europe.rest", rest=Num(rest))),
        )
    )
    if other.range_low is not None and other.range_high is not None:
        parts.append(
            msg(
                "europe.range",
                low_behind=Num(other.range_low[0]),
                low_total=Num(other.range_low[1]),
                high_behind=Num(other.range_high[0]),
                high_total=Num(other.range_high[1]),
            )
        )
    if other.demo:
        parts.append(Msg("europe.demo"))
        bases.append("demonstration")
    else:
        bases.append("real")
    return KeyMessage(Msg("europe.question"), Concat(tuple(parts)), tuple(dict.fromkeys(bases)))


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


def chance_key(low: float, high: float) -> str:
    """How an agreement's interval reads against chance: the `chance.<key>` message."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not_assessable"
    if low > 0:
        return "better"
    if high < 0:
        return "worse"
    return "indistinguishable"


def chance_words(low: float, high: float) -> str:
    """How an agreement's interval reads against chance, in Dutch words."""
    return render(Msg(f"chance.{chance_key(low, high)}"), "nl")


def models_message(f: ModelsFacts) -> KeyMessage:
    """Which model each region and institution follows: the evaluation's answer, then the monitor's."""
    typed = [
        msg(
            "models.region_first" if i == 0 else "models.region_next",
            n=Num(len(f.evaluation[m])),
            model=Term("model", m),
            names=Join(tuple(Plain(_md(r)) for r in f.evaluation[m])),
        )
        for i, m in enumerate(m for m in models.MODELS if f.evaluation.get(m))
    ]
    order = sorted(models.MODELS, key=lambda m: (-f.counts[m], models.MODELS.index(m)))
    parts: list[Param] = [
        msg(
            "models.body",
            regions=Join(tuple(typed)),
            citation=_md(f.evaluation_citation),
            counts=Join(
                tuple(
                    msg("models.count", n=Num(f.counts[m]), model=Term("model", m)) for m in order
                )
            ),
            n=Num(f.n_institutions),
        )
    ]
    if f.depends:
        parts.append(msg("models.depends", model=Term("model", order[0])))
    if f.n_consortia:
        parts.append(
            msg(
                "models.agreement",
                agreement=Num(f.agreement),
                n=Num(f.n_consortia),
                chance=Msg(f"chance.{chance_key(f.kappa_low, f.kappa_high)}"),
            )
        )
    bases: tuple[str, ...] = ("real",)
    if f.demo:
        parts.append(Msg("models.demo"))
        bases = ("real", "demonstration")
    return KeyMessage(Msg("models.question"), Concat(tuple(parts)), bases)


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
    #: The denominator held at its base-year level in the target ('bij evenveel
    #: onderzoeksuitgaven als in 2024'): (denominator code, base year), or None.
    held: tuple[str, int] | None = None


def scheme_facts(wide: pd.DataFrame, data_dir: Path, year: int, demo: bool) -> SchemeFacts:
    """Chapter 5's start, break verdict (headline indicator, as the summary fits it) and projection."""
    start = scheme.scheme_start(data_dir)
    budget = reference.load_budget(data_dir)
    analysis = scheme.break_analysis(wide, data_dir, indicators=(scheme.HEADLINE_INDICATOR,))
    plan = scheme.compute_scenario(wide, data_dir, year)
    frame = scheme.projection_frame(wide, plan)
    end = frame[frame["year"] == frame["year"].max()].iloc[0]
    target = target_low = target_high = None
    held: tuple[str, int] | None = None
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
            held = (den, int(plan.base_year))
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


def scheme_message(f: SchemeFacts) -> KeyMessage:
    """Whether the KTO-Nederland scheme is on track: start, what changed since, where the trend leads.

    Chapter 5's verdict on the headline indicator is read in plain words (`break.<its>`,
    `partner.<did>`), never causally.
    """
    parts: list[Param] = [
        msg(
            "scheme.start",
            plan_year=f.plan_year,
            last_year=f.last_year,
            first_year=f.first_year,
            citation=_md(f.budget_citation),
        )
        if f.plan_year is not None
        else msg(
            "scheme.start_unknown",
            last_year=f.last_year,
            first_year=f.first_year,
            citation=_md(f.budget_citation),
        )
    ]
    if f.ramp_assumed:
        parts.append(Msg("scheme.ramp_assumed"))
    parts.append(Plain("."))
    if f.verdict.its == "not_yet":
        parts.append(msg("scheme.since_not_yet", year=f.first_year, verdict=Msg("break.not_yet")))
    else:
        parts.append(
            msg(
                "scheme.since",
                year=f.first_year,
                verdict=Msg(f"break.{f.verdict.its}"),
                partners=Msg(f"partner.{f.verdict.did}"),
            )
        )
    noun = Term("indicator", f.indicator, lower=True)
    trend = (
        msg(
            "scheme.trend_range",
            year=f.end_year,
            low=indicator_param(f.end_low, f.indicator),
            high=indicator_param(f.end_high, f.indicator),
            noun=noun,
        )
        if np.isfinite(f.end_low) and np.isfinite(f.end_high)
        else msg(
            "scheme.trend_point",
            year=f.end_year,
            value=indicator_param(f.end_projection, f.indicator),
            noun=noun,
        )
    )
    parts.append(trend)
    if f.target is None or f.target_low is None or f.target_high is None:
        parts.append(Msg("scheme.no_target"))
    else:
        if np.isfinite(f.end_high) and f.end_high < f.target_low:
            verdict = "scheme.off_course"
        elif np.isfinite(f.end_low) and f.end_low > f.target_high:
            verdict = "scheme.on_course"
        else:
            verdict = "scheme.course_unknown"
        held: Param = Plain("")
        if f.held is not None:
            den, base_year = f.held
            held = msg(
                "scheme.held",
                noun=Term("denominator", den, nl=europe.DENOMINATOR_NOUN_NL.get(den, den)),
                year=base_year,
            )
        parts.append(
            msg(
                "scheme.target",
                low=indicator_param(f.target_low, f.indicator),
                high=indicator_param(f.target_high, f.indicator),
                noun=noun,
                held=held,
                verdict=Msg(verdict),
            )
        )
    bases: tuple[str, ...] = ("real", "assumption")
    if f.demo:
        parts.append(Msg("scheme.demo"))
        bases = ("real", "assumption", "demonstration")
    return KeyMessage(Msg("scheme.question"), Concat(tuple(parts)), bases)


# --------------------------------------------------------------------------- the page


def compute(wide: pd.DataFrame, data_dir: Path, year: int) -> list[KeyMessage]:
    """The four messages, from the chapters' own functions and settings."""
    demo = national.uses_demonstration_data(wide)
    gaps = europe.compute(wide, data_dir, year)
    return [
        programme_message(programme_facts(wide, data_dir)),
        europe_message(real_comparison(data_dir), demo_comparison(gaps, demo)),
        models_message(models_facts(wide, data_dir, year, demo)),
        scheme_message(scheme_facts(wide, data_dir, year, demo)),
    ]


def intro_param(year: int, demo: bool) -> Param:
    """One paragraph above the messages: what they answer and what they rest on."""
    return Concat((msg("intro.body", year=year), _maybe(demo, Msg("intro.demo"))))


def intro_markdown(year: int, demo: bool, lang: Lang = "nl") -> str:
    """The paragraph above the messages, in `lang` (pandoc Markdown)."""
    return render(intro_param(year, demo), lang)


def markdown(messages: Sequence[KeyMessage], lang: Lang = "nl") -> str:
    """The messages as numbered questions, each answer followed by what it rests on."""
    blocks = [
        f"**{n}. {render(m.question_msg, lang)}** {render(m.answer_msg, lang)} "
        f"*{m.basis_text(lang)}*"
        for n, m in enumerate(messages, 1)
    ]
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- the record

#: Where the notebook leaves the messages as data, relative to the year folder: the
#: English summary (`analysis.publication.english`) renders these very records, so the
#: render step does not compute them a second time.
RECORD = "editie/kernboodschappen.json"
RECORD_FORMAT = 1


def record_bytes(messages: Sequence[KeyMessage], year: int, demo: bool) -> bytes:
    """The messages as message ids with parameters (JSON, sorted keys: same messages, same bytes)."""
    data = {
        "format": RECORD_FORMAT,
        "year": year,
        "demo": demo,
        "messages": [
            {
                "question": to_json(m.question_msg),
                "answer": to_json(m.answer_msg),
                "bases": list(m.bases),
            }
            for m in messages
        ],
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def write_record(
    messages: Sequence[KeyMessage], year: int, demo: bool, output_dir: str | Path
) -> None:
    """Write `RECORD` into the notebook's output folder (the year folder).

    Returns nothing, so as a notebook cell's last line it adds no output to the page.
    """
    target = Path(output_dir) / RECORD
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(record_bytes(messages, year, demo))


def read_record(year_dir: Path, year: int) -> list[KeyMessage] | None:
    """The messages the notebook recorded for `year`, or None when there is no such record."""
    path = Path(year_dir) / RECORD
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != RECORD_FORMAT or data.get("year") != year:
        return None
    return [
        KeyMessage(from_json(m["question"]), from_json(m["answer"]), tuple(m["bases"]))
        for m in data["messages"]
    ]
