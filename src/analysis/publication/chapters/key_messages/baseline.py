"""The four answers before any institution has submitted: what real sources show, and what
is not yet measured.

The published edition's first years are a baseline. Each answer keeps what the cited
sources give (the programme's facts, the Leiden Ranking comparison, the evaluation's
typing with the one indicator measured for every university, the scheme's budget) and
says in one sentence what awaits the institutions' figures, never as if they existed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources
from analysis.publication.chapters import programme
from analysis.publication.chapters.copublications import shared
from analysis.publication.chapters.key_messages.europe_answer import (
    europe_brief,
    europe_headline,
    real_comparison,
)
from analysis.publication.chapters.key_messages.message import KeyMessage, md_text
from analysis.publication.chapters.key_messages.models_answer import (
    evaluation_brief,
    regions_param,
)
from analysis.publication.chapters.key_messages.programme_answer import (
    programme_facts,
    programme_message,
)
from analysis.publication.chapters.key_messages.scheme_answer import (
    detectable_param,
    start_brief,
)
from analysis.publication.chapters.models import profile, result
from analysis.publication.chapters.scheme import detectable as scheme_detectable
from analysis.publication.chapters.scheme import effect
from analysis.publication.messages import Concat, Join, Msg, Num, Param, Plain, Term, msg


def programme_baseline(wide: pd.DataFrame, data_dir: Path) -> KeyMessage:
    """The programme's cited facts; its yield in knowledge transfer is not measured."""
    message = programme_message(programme_facts(wide, data_dir))
    body = message.answer_msg
    assert isinstance(body, Concat)
    return KeyMessage(
        message.question_msg,
        Concat((body.parts[0], Msg("programme.not_submitted"))),
        ("real",),
        message.headline_msg,
        message.brief_msg,
    )


def europe_baseline(data_dir: Path) -> KeyMessage:
    """The real co-publication comparison, then what awaits the institutions' figures."""
    real = real_comparison(data_dir)
    parts: list[Param] = []
    if real is not None:
        parts.append(
            msg(
                "europe.real",
                edition=real.edition,
                period=real.period,
                citation=md_text(real.citation),
                higher=Num(real.higher),
                n=Num(real.n_universities),
                peers=Join(tuple(Plain(p) for p in real.peers)),
                lower=Num(real.lower),
                mixed=Num(real.mixed),
            )
        )
        parts.append(Plain(" "))
    parts.append(Msg("europe.not_submitted"))
    return KeyMessage(
        Msg("europe.question"),
        Concat(tuple(parts)),
        ("real",),
        europe_headline(real, None),
        europe_brief(real, None),
    )


def models_baseline(data_dir: Path) -> KeyMessage:
    """The evaluation's typing of the regions and the one measured indicator beside it."""
    consortia = reference.load_consortia(data_dir)
    evaluation = {
        m: tuple(str(r) for r in consortia.loc[consortia["evaluation_model"] == m, "region"])
        for m in result.MODELS
    }
    citation = cite(programme.POLICY_RESPONSE_SOURCE, load_sources(data_dir))
    parts: list[Param] = [
        msg("models.evaluation", regions=regions_param(evaluation), citation=md_text(citation))
    ]
    brief: list[Param] = [evaluation_brief(evaluation, citation)]
    headline: Msg = Msg("models.headline_evaluation")
    if shared.available(data_dir):
        profiles = profile.university_profiles(data_dir)
        test = profiles.test
        push = profiles.table[profiles.table["evaluation_model"] == "push"]
        top = [int(r) for r in push["rank_nl"]] == list(range(1, test.k + 1))
        figures: dict[str, Param | str | int] = {
            "k": Num(test.k),
            "n": Num(test.n),
            "model": Term("model", "push"),
            "push_mean": Num(test.observed_mean, 1),
            "rest_mean": Num(test.rest_mean, 1),
            "at_least": Num(test.at_least),
            "ways": Num(test.ways),
        }
        place = "top" if top else "places"
        parts.append(msg(f"models.profile_{place}", **figures))
        brief.append(msg(f"models.brief_profile_{place}", **figures))
        headline = msg(f"models.headline_profile_{place}", model=Term("model", "push"))
    parts.append(Msg("models.not_submitted"))
    brief.append(Msg("models.brief_not_submitted"))
    return KeyMessage(
        Msg("models.question"), Concat(tuple(parts)), ("real",), headline, Concat(tuple(brief))
    )


def scheme_baseline(data_dir: Path, year: int) -> KeyMessage:
    """The scheme's start from the budget, why its course cannot be judged yet, and what the
    monitor will be able to see once institutions report (chapter 5's assumed power)."""
    start = effect.scheme_start(data_dir)
    budget = reference.load_budget(data_dir)
    cited = cite(budget["source_id"].dropna().astype(str), load_sources(data_dir))
    citation = md_text(cited)
    last_year = int(budget["year"].max())
    parts: list[Param] = [
        msg(
            "scheme.start",
            plan_year=start.plan_year,
            last_year=last_year,
            first_year=start.first_funded_year,
            citation=citation,
        )
        if start.plan_year is not None
        else msg(
            "scheme.start_unknown",
            last_year=last_year,
            first_year=start.first_funded_year,
            citation=citation,
        )
    ]
    if start.status == "assumption":
        parts.append(Msg("scheme.ramp_assumed"))
    parts.append(Plain("."))
    parts.append(msg("scheme.not_submitted", first_year=start.first_funded_year))
    brief: list[Param] = [
        start_brief(start.plan_year, last_year, start.first_funded_year, cited),
        msg("scheme.brief_before", first_year=start.first_funded_year),
    ]
    detectable = scheme_detectable.assumed_detectable(
        data_dir, scheme_detectable.assumed_years(year)
    ).analysis
    rounded = (
        scheme_detectable.rounded_mde(detectable.get("step")) if detectable is not None else None
    )
    if detectable is not None and rounded is not None:
        brief.append(
            msg("scheme.brief_detectable", **detectable_param(*rounded, detectable.target))
        )
    return KeyMessage(
        Msg("scheme.question"),
        Concat(tuple(parts)),
        ("real", "assumption"),
        Msg("scheme.headline_not_yet"),
        Concat(tuple(brief)),
    )


def compute_baseline(wide: pd.DataFrame, data_dir: Path, year: int) -> list[KeyMessage]:
    """The four answers of an edition without submissions."""
    return [
        programme_baseline(wide, data_dir),
        europe_baseline(data_dir),
        models_baseline(data_dir),
        scheme_baseline(data_dir, year),
    ]
