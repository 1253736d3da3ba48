"""Chapter 3: Nederland en de Europese top — normalised gaps with intervals and caveats.

The Dutch side is pooled over the last three report years (ratio of sums), so one
noisy year does not decide the gap; the peers are the cited figures in
`data/raw/benchmark/peers.csv`, converted to euros with the cited ECB rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import benchmark, reference
from analysis import formatting as fmt
from analysis.labels import INDICATOR_LABELS

#: The European top named in the KTO-Nederland plan, plus the ASTP average office.
TOP_PEERS: tuple[str, ...] = ("ethz", "eth_domain", "oxford", "kuleuven")
POOLED_YEARS = 3

DENOMINATOR_NL = {
    "per_100m_research": "per € 100 mln onderzoek",
    "per_kto_fte": "per fte KTO",
    "per_disclosure": "per uitvindingsmelding",
}
TYPE_NL = {
    "total": "Nederland",
    "university": "Universiteiten",
    "umc": "Umc's",
    "to2": "TO2-instellingen",
    "institute": "Instituten",
    "university of applied sciences": "Hogescholen",
}


@dataclass(frozen=True)
class EuropeResult:
    gaps: pd.DataFrame
    missing: pd.DataFrame
    years: tuple[int, ...]


_DENOMINATOR_YEAR = re.compile(r"noemer uit \d{4}")


def _dutch_notes(gaps: pd.DataFrame, peers: pd.DataFrame) -> pd.Series:
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


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    *,
    levels: tuple[str, ...] = ("total", "type"),
    n_boot: int = 200,
) -> EuropeResult:
    """Gaps of the Dutch total and each institution type against the peers.

    Institution-level gaps are not shown in this chapter (the fact sheets compare an
    institution with its own type), so they are not computed: at a thousand
    institutions their bootstrap would dominate the build.
    """
    years = tuple(y for y in range(year - POOLED_YEARS + 1, year + 1) if y in set(wide["year"]))
    raw_peers = reference.load_peers(data_dir)
    peers = benchmark.convert_peers(raw_peers, reference.load_fx_rates(data_dir))
    result = benchmark.benchmark_gaps(
        wide,
        reference.load_institutions(data_dir),
        peers,
        years=years,
        levels=levels,
        n_boot=n_boot,
    )
    gaps = result.gaps.copy()
    gaps["note_nl"] = _dutch_notes(gaps, raw_peers)
    return EuropeResult(gaps, result.missing, years)


def period_text(result: EuropeResult) -> str:
    if not result.years:
        return "–"
    return (
        f"{result.years[0]}–{result.years[-1]}" if len(result.years) > 1 else str(result.years[0])
    )


def total_table(result: EuropeResult) -> pd.DataFrame:
    """The Dutch total against each top peer: values, ratio with interval, and the caveat."""
    gaps = result.gaps[(result.gaps["level"] == "total") & (result.gaps["peer_id"].isin(TOP_PEERS))]
    gaps = gaps.sort_values(["indicator", "denominator", "peer_id"]).reset_index(drop=True)
    return pd.DataFrame(
        {
            "Indicator": gaps["indicator"].map(INDICATOR_LABELS).fillna(gaps["indicator"]),
            "Noemer": gaps["denominator"].map(DENOMINATOR_NL).fillna(gaps["denominator"]),
            "Vergelijking": gaps["peer_name"] + " (" + gaps["peer_year"].astype(str) + ")",
            "Nederland": gaps["nl_value"].map(lambda v: fmt.number(v, 2)),
            "Top": gaps["peer_value"].map(lambda v: fmt.number(v, 2)),
            "Verhouding NL/top": gaps["gap_ratio"].map(lambda v: fmt.number(v, 2)),
            "95%-interval": [
                f"{fmt.number(lo, 2)}–{fmt.number(hi, 2)}"
                for lo, hi in zip(gaps["gap_ratio_low"], gaps["gap_ratio_high"], strict=True)
            ],
            "Toelichting": gaps["note_nl"],
        }
    )


#: Short labels for the gap chart's axis (the table beside it has the full names).
SHORT_INDICATOR = {
    "licence_agreements": "Licenties",
    "licence_income_eur": "Licentie-inkomsten",
    "spinoffs": "Spin-offs",
    "spinoff_capital_eur": "Spin-off-kapitaal",
    "priority_patent_applications": "Octrooiaanvragen",
    "invention_disclosures": "Uitvindingsmeldingen",
    "research_agreements_n": "Onderzoeksovereenkomsten",
    "research_agreements_eur": "Onderzoeksovereenkomsten (€)",
    "contract_research_eur": "Contractonderzoek (€)",
}
SHORT_DENOMINATOR = {
    "per_100m_research": "per € 100 mln",
    "per_kto_fte": "per fte KTO",
    "per_disclosure": "per melding",
}


def chart_frame(result: EuropeResult) -> pd.DataFrame:
    gaps = result.gaps[
        (result.gaps["level"] == "total") & (result.gaps["peer_id"].isin(TOP_PEERS))
    ].dropna(subset=["gap_ratio"])
    label = (
        gaps["indicator"].map(SHORT_INDICATOR).fillna(gaps["indicator"])
        + " "
        + gaps["denominator"].map(SHORT_DENOMINATOR).fillna(gaps["denominator"])
        + " — "
        + gaps["peer_name"].str.replace("University of ", "", regex=False)
    )
    return (
        pd.DataFrame(
            {
                "label": label,
                "ratio": gaps["gap_ratio"],
                "low": gaps["gap_ratio_low"],
                "high": gaps["gap_ratio_high"],
            }
        )
        .sort_values("ratio")
        .reset_index(drop=True)
    )


def chart_title(frame: pd.DataFrame) -> str:
    """Takeaway: on how many comparisons the Netherlands is below the top (interval < 1)."""
    below = int((frame["high"] < 1).sum())
    above = int((frame["low"] > 1).sum())
    return (
        f"Nederland blijft bij {fmt.number(below)} van de {fmt.number(len(frame))} vergelijkingen "
        f"achter bij de Europese top en ligt er bij {fmt.number(above)} boven"
    )


def gap_chart(frame: pd.DataFrame) -> object:
    from analysis import charts

    return charts.gap_chart(frame, title=chart_title(frame))


def type_table(result: EuropeResult) -> pd.DataFrame:
    """Ratio to each top peer: one row per comparison, one column per institution type."""
    gaps = result.gaps[
        (result.gaps["level"].isin(["total", "type"])) & (result.gaps["peer_id"].isin(TOP_PEERS))
    ].copy()
    gaps["comparison"] = (
        gaps["indicator"].map(INDICATOR_LABELS).fillna(gaps["indicator"])
        + " "
        + gaps["denominator"].map(DENOMINATOR_NL).fillna(gaps["denominator"])
        + " / "
        + gaps["peer_name"]
    )
    frame = gaps.pivot_table(
        index="group", columns="comparison", values="gap_ratio", aggfunc="first"
    )
    order = [g for g in TYPE_NL if g in frame.index]
    frame = frame.loc[order, sorted(frame.columns)]
    frame.index = [TYPE_NL[g] for g in frame.index]
    frame.index.name = "Groep"
    frame.columns.name = None
    return frame.reset_index()


def caveats(result: EuropeResult) -> pd.DataFrame:
    """Every definitional note attached to a peer figure used in this chapter, once."""
    gaps = result.gaps[result.gaps["peer_id"].isin(TOP_PEERS)]
    notes = gaps[["peer_name", "indicator", "note_nl"]].drop_duplicates()
    notes = notes[notes["note_nl"].str.len() > 0].sort_values(["peer_name", "indicator"])
    return pd.DataFrame(
        {
            "Vergelijking": notes["peer_name"],
            "Indicator": notes["indicator"].map(INDICATOR_LABELS).fillna(notes["indicator"]),
            "Toelichting": notes["note_nl"],
        }
    ).reset_index(drop=True)


def missing_table(result: EuropeResult) -> pd.DataFrame:
    missing = result.missing
    return pd.DataFrame(
        {
            "Vergelijking": missing["peer_id"],
            "Indicator": missing["indicator"].map(INDICATOR_LABELS).fillna(missing["indicator"]),
            "Noemer": missing["denominator"].map(DENOMINATOR_NL).fillna(missing["denominator"]),
            "Reden": missing["reason_missing"],
        }
    ).reset_index(drop=True)


def intro_markdown(result: EuropeResult) -> str:
    frame = chart_frame(result)
    below = int((frame["high"] < 1).sum())
    return (
        f"De monitor vergelijkt de Nederlandse kennisinstellingen, samen genomen over "
        f"{period_text(result)}, met de Europese kopgroep die het KTO-Nederland-plan noemt "
        "(ETH Zürich en het ETH-domein, Oxford en KU Leuven). Omdat de instellingen verschillen in "
        "omvang, gaat het om intensiteiten: uitkomsten per € 100 mln onderzoeksuitgaven of per "
        "uitvindingsmelding, afhankelijk van wat de cijfers van de top toelaten. Een "
        "verhouding van 1 betekent gelijk met de top; het interval komt uit een bootstrap over de "
        f"Nederlandse instellingen. Bij {fmt.number(below)} van de {fmt.number(len(frame))} "
        "vergelijkingen ligt het hele interval onder 1."
    )
