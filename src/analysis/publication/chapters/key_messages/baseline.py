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
from analysis.publication.chapters import copublications, models, programme, scheme
from analysis.publication.chapters.key_messages.europe_answer import real_comparison
from analysis.publication.chapters.key_messages.message import KeyMessage, md_text
from analysis.publication.chapters.key_messages.models_answer import regions_param
from analysis.publication.chapters.key_messages.programme_answer import (
    programme_facts,
    programme_message,
)
from analysis.publication.messages import Concat, Join, Msg, Num, Param, Plain, Term, msg


def programme_baseline(wide: pd.DataFrame, data_dir: Path) -> KeyMessage:
    """The programme's cited facts; its yield in knowledge transfer is not measured."""
    message = programme_message(programme_facts(wide, data_dir))
    body = message.answer_msg
    assert isinstance(body, Concat)
    return KeyMessage(
        message.question_msg, Concat((body.parts[0], Msg("programme.not_submitted"))), ("real",)
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
    return KeyMessage(Msg("europe.question"), Concat(tuple(parts)), ("real",))


def models_baseline(data_dir: Path) -> KeyMessage:
    """The evaluation's typing of the regions and the one measured indicator beside it."""
    consortia = reference.load_consortia(data_dir)
    evaluation = {
        m: tuple(str(r) for r in consortia.loc[consortia["evaluation_model"] == m, "region"])
        for m in models.MODELS
    }
    parts: list[Param] = [
        msg(
            "models.evaluation",
            regions=regions_param(evaluation),
            citation=md_text(cite(programme.POLICY_RESPONSE_SOURCE, load_sources(data_dir))),
        )
    ]
    if copublications.available(data_dir):
        profiles = models.university_profiles(data_dir)
        test = profiles.test
        push = profiles.table[profiles.table["evaluation_model"] == "push"]
        top = [int(r) for r in push["rank_nl"]] == list(range(1, test.k + 1))
        parts.append(
            msg(
                "models.profile_top" if top else "models.profile_places",
                k=Num(test.k),
                n=Num(test.n),
                model=Term("model", "push"),
                push_mean=Num(test.observed_mean, 1),
                rest_mean=Num(test.rest_mean, 1),
                at_least=Num(test.at_least),
                ways=Num(test.ways),
            )
        )
    parts.append(Msg("models.not_submitted"))
    return KeyMessage(Msg("models.question"), Concat(tuple(parts)), ("real",))


def scheme_baseline(data_dir: Path) -> KeyMessage:
    """The scheme's start from the budget, and why its course cannot be judged yet."""
    start = scheme.scheme_start(data_dir)
    budget = reference.load_budget(data_dir)
    citation = md_text(cite(budget["source_id"].dropna().astype(str), load_sources(data_dir)))
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
    return KeyMessage(Msg("scheme.question"), Concat(tuple(parts)), ("real", "assumption"))


def compute_baseline(wide: pd.DataFrame, data_dir: Path) -> list[KeyMessage]:
    """The four answers of an edition without submissions."""
    return [
        programme_baseline(wide, data_dir),
        europe_baseline(data_dir),
        models_baseline(data_dir),
        scheme_baseline(data_dir),
    ]
