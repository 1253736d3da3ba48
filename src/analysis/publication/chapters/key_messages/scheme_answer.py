"""Question 4: whether the KTO-Nederland scheme is on track (never read causally)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources
from analysis.publication.chapters.europe import result
from analysis.publication.chapters.key_messages.message import KeyMessage, md_text
from analysis.publication.chapters.scheme import catch_up, effect, effect_text
from analysis.publication.chapters.scheme import detectable as scheme_detectable
from analysis.publication.chapters.scheme import result as scheme_result
from analysis.publication.messages import (
    Change,
    Concat,
    Msg,
    Num,
    Param,
    Plain,
    Term,
    indicator_param,
    msg,
)


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
    verdict: effect_text.Verdict
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
    #: What a test that found nothing could have shown: test ("step", "partners") →
    #: (smallest detectable rise at full budget, rounded as printed; whether 'ongeveer').
    detectable: dict[str, tuple[float, bool]] | None = None
    #: The power at which `detectable` is stated (0.8: found in 80 % of simulated panels).
    power_target: float = 0.8


def scheme_facts(data_dir: Path, demo: bool, chapter5: scheme_result.SchemeResult) -> SchemeFacts:
    """Chapter 5's start, break verdict and projection, from the chapter's own result."""
    start = effect.scheme_start(data_dir)
    budget = reference.load_budget(data_dir)
    analysis, plan, frame = chapter5.breaks, chapter5.plan, chapter5.projection
    end = frame[frame["year"] == frame["year"].max()].iloc[0]
    target = target_low = target_high = None
    held: tuple[str, int] | None = None
    detectable: dict[str, tuple[float, bool]] = {}
    if chapter5.detectable.analysis is not None:
        for test in ("step", "partners"):
            rounded = scheme_detectable.rounded_mde(chapter5.detectable.analysis.get(test))
            if rounded is not None:
                detectable[test] = rounded
    if plan.headline is not None and pd.notna(end["target"]):
        ind, den = plan.headline
        count = catch_up.base_count(plan, ind)
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
        if den in result.DENOMINATOR_NOUN_NL:
            held = (den, int(plan.base_year))
    return SchemeFacts(
        plan_year=start.plan_year,
        first_year=start.first_funded_year,
        last_year=int(budget["year"].max()),
        ramp_assumed=start.status == "assumption",
        budget_citation=cite(budget["source_id"].dropna().astype(str), load_sources(data_dir)),
        verdict=effect_text.break_verdict(analysis),
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
        detectable=detectable or None,
        power_target=(
            chapter5.detectable.analysis.target if chapter5.detectable.analysis is not None else 0.8
        ),
    )


def _could_have(f: SchemeFacts, test: str, message: str) -> Param:
    """' (met deze gegevens had de monitor … kunnen aantonen)', or nothing when not simulated."""
    if f.detectable is None or test not in f.detectable:
        return Plain("")
    return msg(message, **detectable_param(*f.detectable[test], f.power_target))


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
            citation=md_text(f.budget_citation),
        )
        if f.plan_year is not None
        else msg(
            "scheme.start_unknown",
            last_year=f.last_year,
            first_year=f.first_year,
            citation=md_text(f.budget_citation),
        )
    ]
    if f.ramp_assumed:
        parts.append(Msg("scheme.ramp_assumed"))
    parts.append(Plain("."))
    trial = "_demo" if f.demo else ""
    if f.verdict.its == "not_yet":
        parts.append(
            msg(f"scheme.since_not_yet{trial}", year=f.first_year, verdict=Msg("break.not_yet"))
        )
    else:
        since: Param = Msg(f"break.{f.verdict.its}")
        partners: Param = Msg(f"partner.{f.verdict.did}")
        if f.verdict.its == "no_change":
            since = Concat((since, _could_have(f, "step", "break.could_have")))
        if f.verdict.did == "alike":
            partners = Concat((partners, _could_have(f, "partners", "partner.could_have")))
        parts.append(
            msg(f"scheme.since{trial}", year=f.first_year, verdict=since, partners=partners)
        )
    noun = Term("indicator", f.indicator, lower=True)
    trend = (
        msg(
            f"scheme.trend_range{trial}",
            year=f.end_year,
            low=indicator_param(f.end_low, f.indicator),
            high=indicator_param(f.end_high, f.indicator),
            noun=noun,
        )
        if np.isfinite(f.end_low) and np.isfinite(f.end_high)
        else msg(
            f"scheme.trend_point{trial}",
            year=f.end_year,
            value=indicator_param(f.end_projection, f.indicator),
            noun=noun,
        )
    )
    parts.append(trend)
    if f.target is None or f.target_low is None or f.target_high is None:
        parts.append(Msg("scheme.no_target"))
    else:
        verdict = f"scheme.{course(f)}"
        held: Param = Plain("")
        if f.held is not None:
            den, base_year = f.held
            held = msg(
                "scheme.held",
                noun=Term("denominator", den, nl=result.DENOMINATOR_NOUN_NL.get(den, den)),
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
    return KeyMessage(
        Msg("scheme.question"), Concat(tuple(parts)), bases, scheme_headline(f), scheme_brief(f)
    )


def course(f: SchemeFacts) -> str | None:
    """Where the trend band ends against the top's range in the target year: `off_course`
    (wholly below), `on_course` (wholly above), `course_unknown` (overlapping); None
    without a target."""
    if f.target is None or f.target_low is None or f.target_high is None:
        return None
    if np.isfinite(f.end_high) and f.end_high < f.target_low:
        return "off_course"
    if np.isfinite(f.end_low) and f.end_low > f.target_high:
        return "on_course"
    return "course_unknown"


def scheme_headline(f: SchemeFacts) -> Msg:
    """The answer in one sentence: the trend against the top's level in the target year."""
    trial = "_demo" if f.demo else ""
    return msg(f"scheme.headline_{course(f) or 'no_target'}{trial}", year=f.end_year)


def start_brief(plan_year: int | None, last_year: int, first_year: int, citation: str) -> Msg:
    """'De regeling loopt van 2022 tot en met 2029; het eerste geld … voor 2023 [2, 38].'"""
    if plan_year is None:
        return msg(
            "scheme.brief_start_unknown",
            last_year=last_year,
            first_year=first_year,
            citation=md_text(citation),
        )
    return msg(
        "scheme.brief_start",
        plan_year=plan_year,
        last_year=last_year,
        first_year=first_year,
        citation=md_text(citation),
    )


def detectable_param(rise: float, about: bool, power_target: float) -> dict[str, Param]:
    """The parameters of a smallest detectable rise as the text prints it."""
    return {
        "power": Num(round(power_target * 100)),
        "about": Msg("word.about") if about else Plain(""),
        "rise": Change(rise, 0),
    }


def scheme_brief(f: SchemeFacts) -> Concat:
    """Start, what changed since (with what the test could have seen), and the trend
    against the top: three sentences."""
    trial = "_demo" if f.demo else ""
    could_have: Param = Plain("")
    if f.verdict.its == "no_change":
        could_have = _could_have(f, "step", "scheme.brief_could_have")
    since = msg(
        f"scheme.brief_since{trial}",
        year=f.first_year,
        verdict=Msg(f"break.{f.verdict.its}"),
        could_have=could_have,
    )
    noun = Term("indicator", f.indicator, lower=True)
    target: Param = Plain("")
    if course(f) is not None:
        assert f.target_low is not None and f.target_high is not None
        target = msg(
            "scheme.brief_target",
            low=indicator_param(f.target_low, f.indicator),
            high=indicator_param(f.target_high, f.indicator),
        )
    trend = (
        msg(
            "scheme.brief_trend",
            year=f.end_year,
            low=indicator_param(f.end_low, f.indicator),
            high=indicator_param(f.end_high, f.indicator),
            noun=noun,
            target=target,
        )
        if np.isfinite(f.end_low) and np.isfinite(f.end_high)
        else msg(
            "scheme.brief_trend_point",
            year=f.end_year,
            value=indicator_param(f.end_projection, f.indicator),
            noun=noun,
            target=target,
        )
    )
    start = start_brief(f.plan_year, f.last_year, f.first_year, f.budget_citation)
    return Concat((start, since, trend))
