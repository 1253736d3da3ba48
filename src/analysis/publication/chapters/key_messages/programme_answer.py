"""Question 1: what the Valorisatieprogramma achieved, as far as the sources and the data tell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.sources import cite, load_sources
from analysis.publication.chapters import programme
from analysis.publication.chapters.key_messages.message import KeyMessage, maybe, md_text
from analysis.publication.chapters.national import trend
from analysis.publication.messages import Concat, Money, Msg, Num, msg


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


def programme_facts(
    wide: pd.DataFrame, data_dir: Path, chapter1: programme.ProgrammeResult | None = None
) -> ProgrammeFacts:
    """The programme's facts from chapter 1's result (`programme.compute`: `programme.csv`
    and the subsidy per consortium), read here when not given."""
    chapter1 = chapter1 if chapter1 is not None else programme.compute(data_dir)
    table = chapter1.facts
    sources = load_sources(data_dir)
    subsidy = programme.fact(table, "state_subsidy_total")
    cofunding = programme.fact(table, "regional_cofunding_total")
    supported = programme.fact(table, "startups_smes_supported")
    rows = [subsidy, cofunding, supported, programme.fact(table, "consortia_n")]
    per_consortium = chapter1.subsidy[programme.SUBSIDY]
    years = range(
        int(programme.fact(table, "programme_start_year")["value"]),
        int(programme.fact(table, "programme_end_year")["value"]) + 1,
    )
    in_programme = wide[wide["year"].isin(years)]
    measured = not in_programme.empty and not trend.uses_demonstration_data(in_programme)
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
        about_cofunding=maybe(f.cofunding_approx, about),
        cofunding=Money(f.cofunding_eur),
        about_supported=maybe(f.supported_approx, about),
        supported=Num(f.supported),
        facts_citation=md_text(f.facts_citation),
        findings_citation=md_text(f.findings_citation),
        known=Num(f.known_subsidies),
        known_eur=Money(f.known_subsidy_eur),
    )
    tail = Msg("programme.measured" if f.measured else "programme.not_measured")
    return KeyMessage(
        Msg("programme.question"),
        Concat((text, tail)),
        ("real",),
        programme_headline(f),
        programme_brief(f),
    )


def programme_headline(f: ProgrammeFacts) -> Msg:
    """The answer in one sentence: a firmer footing, and whether its yield is measured."""
    return Msg("programme.headline_measured" if f.measured else "programme.headline")


def programme_brief(f: ProgrammeFacts) -> Concat:
    """Money and reach, the evaluation's findings, and what is not measured: three sentences."""
    body = msg(
        "programme.brief",
        start=f.start,
        end=f.end,
        subsidy=Money(f.subsidy_eur),
        consortia=Num(f.consortia),
        about_supported=maybe(f.supported_approx, Msg("word.about")),
        supported=Num(f.supported),
        facts_citation=md_text(f.facts_citation),
        findings_citation=md_text(f.findings_citation),
    )
    return Concat(
        (body, Msg("programme.brief_measured" if f.measured else "programme.brief_not_measured"))
    )
