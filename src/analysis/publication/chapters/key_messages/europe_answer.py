"""Question 2: how far the Netherlands is from the European top, the real comparison first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.indicators import catalogue
from analysis.data.sources import cite
from analysis.methods import copublications as cp
from analysis.methods.peer_gaps import sensitivity
from analysis.publication.chapters.copublications import shared
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.europe import tables
from analysis.publication.chapters.key_messages.message import KeyMessage, maybe, md_text
from analysis.publication.messages import Concat, Join, Msg, Num, Param, Plain, Term, msg


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
    if not shared.available(data_dir):
        return None
    chapter = shared.compute(data_dir)
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


def demo_comparison(result: europe_result.EuropeResult, demo: bool) -> DemoComparison:
    """Chapter 3's count of comparisons established behind, ahead and not established, with
    the peer range (over the established verdicts too)."""
    sens = sensitivity.peer_choice_sensitivity(
        europe_result.established_comparisons(result), groups=europe_result.TOP_GROUPS
    )
    return count_comparisons(tables.chart_frame(result), sens, demo)


def count_comparisons(frame: pd.DataFrame, sens: pd.DataFrame, demo: bool) -> DemoComparison:
    """Count `europe.chart_frame` rows as chapter 3's check does (`europe.established_counts`)
    and take the range of the share behind over the peer choices of
    `benchmark.peer_choice_sensitivity`.

    Behind: established behind (the interval over both sides below 1, on both price bases
    and in the top's own years); the indicators behind are named by the chart label's
    first part ('Licenties per melding — ETH' -> 'licenties').
    """
    behind, ahead, total = tables.established_counts(frame)
    established = frame["established"].astype(str) == "behind"
    subjects = dict.fromkeys(
        str(label).split(" per ")[0] for label in frame.loc[established, "label"]
    )
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
                citation=md_text(real.citation),
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
            "europe.other_demo" if other.demo else "europe.other",
            behind=Num(other.behind),
            total=Num(other.total),
            subjects=maybe(bool(subjects), msg("europe.subjects", subjects=Join(subjects))),
            ahead=Num(other.ahead),
            rest=maybe(bool(rest), msg("europe.rest", rest=Num(rest))),
        )
    )
    if other.range_low is not None and other.range_high is not None:
        if other.range_low == other.range_high:
            parts.append(
                msg(
                    "europe.range_same",
                    behind=Num(other.range_low[0]),
                    total=Num(other.range_low[1]),
                )
            )
        else:
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
    return KeyMessage(
        Msg("europe.question"),
        Concat(tuple(parts)),
        tuple(dict.fromkeys(bases)),
        europe_headline(real, other),
        europe_brief(real, other),
    )


def _real_params(real: RealComparison) -> dict[str, Param | str | int]:
    return {
        "edition": real.edition,
        "period": real.period,
        "citation": md_text(real.citation),
        "higher": Num(real.higher),
        "n": Num(real.n_universities),
        "peers": Join(tuple(Plain(p) for p in real.peers)),
        "lower": Num(real.lower),
        "mixed": Num(real.mixed),
    }


def europe_headline(real: RealComparison | None, other: DemoComparison | None) -> Msg:
    """The answer in one sentence: the real co-publication comparison where there is one,
    and where knowledge transfer itself stands (not measured, fictitious, or measured).

    `other` None: no submissions, so the distance in knowledge transfer is not measured.
    """
    if real is None:
        if other is None:
            return Msg("europe.headline_none")
        return msg(
            "europe.headline_other_demo" if other.demo else "europe.headline_other",
            behind=Num(other.behind),
            total=Num(other.total),
        )
    if other is None:
        tail: Param = Msg("europe.tail_not_submitted")
    elif other.demo:
        tail = Msg("europe.tail_demo")
    else:
        tail = msg("europe.tail_measured", behind=Num(other.behind), total=Num(other.total))
    p = _real_params(real)
    return msg("europe.headline", higher=p["higher"], n=p["n"], lower=p["lower"], tail=tail)


def europe_brief(real: RealComparison | None, other: DemoComparison | None) -> Concat:
    """What the real comparison compares and why it is no measure of performance, then the
    knowledge transfer indicators: awaited, fictitious or measured."""
    parts: list[Param] = []
    if real is not None:
        p = _real_params(real)
        parts.append(
            msg(
                "europe.brief_real",
                peers=p["peers"],
                edition=p["edition"],
                period=p["period"],
                citation=p["citation"],
                mixed=p["mixed"],
            )
        )
    if other is None:
        parts.append(Msg("europe.brief_not_submitted"))
    elif real is None:
        rest = other.total - other.behind - other.ahead
        parts.append(msg("europe.brief_other", ahead=Num(other.ahead), rest=Num(rest)))
        parts.append(maybe(other.demo, Msg("europe.brief_fictitious")))
    else:
        counts = {"behind": Num(other.behind), "total": Num(other.total), "ahead": Num(other.ahead)}
        parts.append(msg("europe.brief_demo" if other.demo else "europe.brief_measured", **counts))
    return Concat(tuple(parts))
