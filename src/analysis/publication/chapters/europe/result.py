"""Chapter 3, the comparisons: the Dutch side pooled over three years against the top's ranges, computed once (`compute`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import Levels, load_assumptions, load_levels
from analysis.methods.peer_gaps import definitions, money
from analysis.methods.peer_gaps import gaps as peer_gaps_gaps
from analysis.methods.peer_gaps import peers as peer_gaps_peers

#: The European top named in the KTO-Nederland plan (peer ids), and the same as peers
#: counted once (ETH Domain and ETH Zurich together are ETH).
TOP_PEERS: tuple[str, ...] = ("ethz", "eth_domain", "oxford", "kuleuven")


TOP_GROUPS: tuple[str, ...] = definitions.TOP_GROUPS


POOLED_YEARS = 3


#: The denominator as a noun, for "no ... published" sentences.
DENOMINATOR_NOUN_NL = {
    "per_100m_research": "onderzoeksuitgaven",
    "per_kto_fte": "KTO-personeel in fte",
    "per_disclosure": "uitvindingsmeldingen",
}


#: What a comparison unit is, printed wherever comparisons are counted.
COUNT_UNIT_NL = (
    "Een vergelijking is één indicator met één noemer tegenover één instelling van de top; "
    "het ETH-domein en ETH Zürich tellen samen als één instelling (ETH)."
)


@dataclass(frozen=True)
class EuropeResult:
    gaps: pd.DataFrame
    missing: pd.DataFrame
    years: tuple[int, ...]
    comparisons: pd.DataFrame
    peer_figures: pd.DataFrame
    base_year: int
    price_basis: str
    #: The confidence level of the intervals and the test level (assumptions table).
    levels: Levels
    #: The cited peer figures as read (`benchmark/peers.csv`), for the sources they rest on.
    peer_register: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


_DENOMINATOR_YEAR = re.compile(r"noemer uit \d{4}")


def dutch_notes(gaps: pd.DataFrame, peers: pd.DataFrame) -> pd.Series:
    """The Dutch definition note of the peer figure behind each gap (plus the denominator year)."""
    column = "definition_note_nl" if "definition_note_nl" in peers.columns else "definition_note"
    lookup: dict[tuple[str, str, int], str] = {}
    for peer_id, indicator, year, note in zip(
        peers["peer_id"], peers["indicator"], peers["year"], peers[column], strict=True
    ):
        if pd.notna(year):
            lookup[(str(peer_id), str(indicator), int(year))] = "" if pd.isna(note) else str(note)
    notes = []
    for peer_id, indicator, peer_year, gap_note in zip(
        gaps["peer_id"], gaps["indicator"], gaps["peer_year"], gaps["note"], strict=True
    ):
        parts = [lookup.get((str(peer_id), str(indicator), int(peer_year)), "")]
        found = _DENOMINATOR_YEAR.search("" if pd.isna(gap_note) else str(gap_note))
        if found:
            parts.append(found.group(0))
        notes.append("; ".join(p for p in parts if p and p != "nan"))
    return pd.Series(notes, index=gaps.index, dtype="str")


def price_base_year(data_dir: Path, year: int) -> int:
    """The price year of every money comparison (`price_base_year` in the assumptions table)."""
    return load_assumptions(data_dir).price_year(year)


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    *,
    levels: tuple[str, ...] = ("total", "type"),
    n_boot: int = peer_gaps_gaps.N_BOOT,
    peer_groups: tuple[str, ...] = TOP_GROUPS,
) -> EuropeResult:
    """Gaps of the Dutch total and each institution type against the peers, in one price year.

    Institution-level gaps are not shown in this chapter (the fact sheets compare an
    institution with its own type), so they are not computed: at a thousand
    institutions their bootstrap would dominate the build. `peer_groups` narrows the
    top (the peer-choice sensitivity).
    """
    years = tuple(y for y in range(year - POOLED_YEARS + 1, year + 1) if y in set(wide["year"]))
    raw_peers = reference.load_peers(data_dir)
    price_index = reference.load_price_index(data_dir)
    base = price_base_year(data_dir, year)
    chapter_levels = load_levels(data_dir)
    peer_ids = [
        p
        for p in raw_peers["peer_id"].unique()
        if definitions.PEER_GROUPS.get(str(p)) in peer_groups
    ]
    institutions = reference.load_institutions(data_dir)
    fx = reference.load_fx_rates(data_dir)
    result = peer_gaps_gaps.top_comparisons(
        wide,
        institutions,
        raw_peers,
        fx,
        years=years,
        price_index=price_index,
        base_year=base,
        peer_ids=peer_ids,
        levels=levels,
        n_boot=n_boot,
        ci=chapter_levels.confidence,
    )
    alternatives = [
        peer_gaps_gaps.top_comparisons(
            wide,
            institutions,
            raw_peers,
            fx,
            years=years,
            price_index=None,
            base_year=None,
            peer_ids=peer_ids,
            levels=levels,
            n_boot=n_boot,
            ci=chapter_levels.confidence,
        ).comparisons.assign(alternative=NOMINAL_NL),
        _in_the_tops_years(
            wide,
            institutions,
            raw_peers,
            fx,
            price_index,
            base,
            peer_ids,
            levels,
            n_boot,
            result.comparisons,
            chapter_levels.confidence,
        ),
    ]
    comparisons = peer_gaps_peers.established_verdicts(result.comparisons, alternatives)
    gaps = result.gaps.copy()
    gaps["note_nl"] = dutch_notes(gaps, raw_peers)
    figures = result.peer_figures.copy()
    figures["note_nl"] = dutch_notes(figures, raw_peers)
    return EuropeResult(
        gaps=gaps,
        missing=result.missing,
        years=years,
        comparisons=comparisons,
        peer_figures=figures,
        base_year=base,
        price_basis=money.price_basis_text(price_index, base),
        levels=chapter_levels,
        peer_register=raw_peers,
    )


#: The alternatives a verdict must survive, as the reasons name them.
NOMINAL_NL = "in euro's zonder prijscorrectie"


def _in_the_tops_years(
    wide: pd.DataFrame,
    institutions: pd.DataFrame,
    peers: pd.DataFrame,
    fx: pd.DataFrame,
    price_index: pd.DataFrame,
    base: int,
    peer_ids: list[str],
    levels: tuple[str, ...],
    n_boot: int,
    comparisons: pd.DataFrame,
    ci: float,
) -> pd.DataFrame:
    """The comparisons with the Dutch side pooled over the top's own years.

    The chapter sets the Netherlands of the last three report years against figures of
    the top from years before; here each comparison is made again with the three Dutch
    years closest to the latest year of the top's figures (the reference-year choice:
    the three years ending in it when the Dutch series reaches back that far, else its
    earliest years).
    """
    frames: list[pd.DataFrame] = []
    available = sorted({int(y) for y in wide["year"]})
    for last in sorted({int(y) for y in comparisons["year_max"].dropna()}):
        closest = sorted(available, key=lambda y: (abs(y - last), y))
        window = tuple(sorted(closest[:POOLED_YEARS]))
        if not window:
            continue
        comp = peer_gaps_gaps.top_comparisons(
            wide,
            institutions,
            peers,
            fx,
            years=window,
            price_index=price_index,
            base_year=base,
            peer_ids=peer_ids,
            levels=levels,
            n_boot=n_boot,
            ci=ci,
        ).comparisons
        comp = comp[comp["year_max"] == last]
        span = f"{window[0]}–{window[-1]}" if len(window) > 1 else str(window[0])
        frames.append(
            comp.assign(alternative=f"met Nederland in {span} (dicht bij het jaar van de top)")
        )
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def established_comparisons(result: EuropeResult) -> pd.DataFrame:
    """The comparisons with `verdict` replaced by the established one ("not established"
    counted as indistinguishable), for the recounts over peer choices that the key
    messages and the summary print beside the established count."""
    comp = result.comparisons
    if "established" not in comp.columns:
        return comp
    return comp.assign(
        verdict=comp["established"].replace({"not_established": "indistinguishable"})
    )


def period_text(result: EuropeResult) -> str:
    if not result.years:
        return "–"
    return (
        f"{result.years[0]}–{result.years[-1]}" if len(result.years) > 1 else str(result.years[0])
    )


_NOEMER_MISSING = re.compile(r"noemer (\w+) ontbreekt voor (\d{4})")


def _join_nl(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
