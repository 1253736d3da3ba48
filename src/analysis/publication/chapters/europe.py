"""Chapter 3: Nederland en de Europese top — normalised gaps with intervals on both sides.

The Dutch side is pooled over the last three report years (ratio of sums), so one
noisy year does not decide the gap; the peers are the cited figures in
`data/raw/benchmark/peers.csv`. All money is in euros at the prices of the report
year (`peer_gaps.top_comparisons`): Dutch euros deflated with the Dutch HICP, peer
francs and pounds converted at their own year's ECB rate and then deflated the same
way; no PPP.

A comparison is one indicator with one denominator against one peer, each peer
counted once (the ETH Domain and ETH Zurich are two definitions of one peer, ETH).
Its peer side is a range over the peer's definitions, years and rounding, and the
verdict says "behind" or "ahead" only when the Dutch interval and that range do not
overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, split_source_ids
from analysis.methods import peer_gaps
from analysis.publication import formatting as fmt
from analysis.publication import labels
from analysis.publication.labels import INDICATOR_LABELS

#: The European top named in the KTO-Nederland plan (peer ids), and the same as peers
#: counted once (ETH Domain and ETH Zurich together are ETH).
TOP_PEERS: tuple[str, ...] = ("ethz", "eth_domain", "oxford", "kuleuven")
TOP_GROUPS: tuple[str, ...] = peer_gaps.TOP_GROUPS
POOLED_YEARS = 3

DENOMINATOR_NL = labels.DENOMINATOR_LABELS
#: The denominator as a noun, for "no ... published" sentences.
DENOMINATOR_NOUN_NL = {
    "per_100m_research": "onderzoeksuitgaven",
    "per_kto_fte": "KTO-personeel in fte",
    "per_disclosure": "uitvindingsmeldingen",
}
TYPE_NL = labels.INSTITUTION_TYPE_HEADINGS
#: Types inside a sentence ("de universiteiten (14)").
TYPE_IN_SENTENCE_NL = labels.INSTITUTION_TYPE_PLURAL
VERDICT_NL = labels.INTERVAL_VERDICT_LABELS
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
    #: The cited peer figures as read (`benchmark/peers.csv`), for the sources they rest on.
    peer_register: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)


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


def price_base_year(year: int) -> int:
    """The price year of every money comparison: the report year."""
    return int(year)


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    *,
    levels: tuple[str, ...] = ("total", "type"),
    n_boot: int = 200,
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
    base = price_base_year(year)
    peer_ids = [
        p for p in raw_peers["peer_id"].unique() if peer_gaps.PEER_GROUPS.get(str(p)) in peer_groups
    ]
    result = peer_gaps.top_comparisons(
        wide,
        reference.load_institutions(data_dir),
        raw_peers,
        reference.load_fx_rates(data_dir),
        years=years,
        price_index=price_index,
        base_year=base,
        peer_ids=peer_ids,
        levels=levels,
        n_boot=n_boot,
    )
    gaps = result.gaps.copy()
    gaps["note_nl"] = _dutch_notes(gaps, raw_peers)
    figures = result.peer_figures.copy()
    figures["note_nl"] = _dutch_notes(figures, raw_peers)
    return EuropeResult(
        gaps=gaps,
        missing=result.missing,
        years=years,
        comparisons=result.comparisons,
        peer_figures=figures,
        base_year=base,
        price_basis=peer_gaps.price_basis_text(price_index, base),
        peer_register=raw_peers,
    )


def period_text(result: EuropeResult) -> str:
    if not result.years:
        return "–"
    return (
        f"{result.years[0]}–{result.years[-1]}" if len(result.years) > 1 else str(result.years[0])
    )


def _is_money(indicator: str) -> bool:
    return indicator in peer_gaps.MONEY_INDICATORS


def _value(v: float, indicator: str) -> str:
    """An intensity as the reader sees it: euros for money outputs, else two decimals."""
    if not np.isfinite(v):
        return "onbegrensd" if v == np.inf else fmt.MISSING
    return fmt.money_eur(v, "eur") if _is_money(indicator) else fmt.number(v, 2)


def _range(low: float, high: float, indicator: str) -> str:
    if np.isfinite(low) and np.isfinite(high) and low == high:
        return _value(low, indicator)
    if not np.isfinite(high):
        return f"≥ {_value(low, indicator)}"
    return f"{_value(low, indicator)}–{_value(high, indicator)}"


def _top(result: EuropeResult, level: str = "total") -> pd.DataFrame:
    comp = result.comparisons
    comp = comp[(comp["level"] == level) & (comp["peer_group"].isin(TOP_GROUPS))]
    return comp.sort_values(["indicator", "denominator", "peer_group"]).reset_index(drop=True)


def _figures_text(result: EuropeResult, row: pd.Series) -> str:
    """The published figures behind one range, e.g. 'ETH-Domein 2018: 0,95; ETH Zürich 2018: 0,42'."""
    f = result.peer_figures
    f = f[
        (f["peer_group"] == row["peer_group"])
        & (f["indicator"] == row["indicator"])
        & (f["denominator"] == row["denominator"])
    ].sort_values(["peer_name", "peer_year"])
    parts = []
    for rec in f.to_dict("records"):
        ind = str(rec["indicator"])
        shown = _value(float(rec["peer_value"]), ind)
        if rec["value_type"] != "exact":
            shown += f" ({_range(float(rec['peer_low']), float(rec['peer_high']), ind)})"
        parts.append(f"{rec['peer_name']} {rec['peer_year']}: {shown}")
    return "; ".join(parts)


def _with_range(v: float, low: float, high: float, indicator: str) -> str:
    """'3,64 (2,84–4,63)'; a single exact figure without brackets."""
    if np.isfinite(low) and np.isfinite(high) and low == high == v:
        return _value(v, indicator)
    return f"{_value(v, indicator)} ({_range(low, high, indicator)})"


def total_table(result: EuropeResult) -> pd.DataFrame:
    """The Dutch total against each top peer (counted once): both sides' spread and the verdict."""
    comp = _top(result)
    ind = comp["indicator"].tolist()
    return pd.DataFrame(
        {
            "Indicator": comp["indicator"].map(INDICATOR_LABELS).fillna(comp["indicator"]),
            "Noemer": comp["denominator"].map(DENOMINATOR_NL).fillna(comp["denominator"]),
            "Top": comp["peer_group"].map(SHORT_PEER).fillna(comp["peer_group_name"]),
            "Nederland (95%-interval)": [
                _with_range(v, lo, hi, i)
                for v, lo, hi, i in zip(
                    comp["nl_value"], comp["nl_low"], comp["nl_high"], ind, strict=True
                )
            ],
            "Top (bandbreedte)": [
                _with_range(v, lo, hi, i)
                for v, lo, hi, i in zip(
                    comp["peer_value"], comp["peer_low"], comp["peer_high"], ind, strict=True
                )
            ],
            "Verhouding NL/top": [
                _with_range(r, lo, hi, "")
                for r, lo, hi in zip(
                    comp["ratio"], comp["ratio_low"], comp["ratio_high"], strict=True
                )
            ],
            "Oordeel": comp["verdict"].map(VERDICT_NL),
        }
    )


def spread_table(result: EuropeResult) -> pd.DataFrame:
    """Where each peer range comes from: the published figures, their years, what widens them."""
    comp = _top(result)
    return pd.DataFrame(
        {
            "Indicator": comp["indicator"].map(INDICATOR_LABELS).fillna(comp["indicator"]),
            "Noemer": comp["denominator"].map(DENOMINATOR_NL).fillna(comp["denominator"]),
            "Top": comp["peer_group"].map(SHORT_PEER).fillna(comp["peer_group_name"]),
            "Cijfers van de top": [_figures_text(result, row) for _, row in comp.iterrows()],
            "Spreiding door": [s or "één vast cijfer: geen spreiding" for s in comp["spread"]],
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
SHORT_PEER = labels.PEER_SHORT_NAMES


def chart_frame(result: EuropeResult) -> pd.DataFrame:
    """One row per comparison: ratio NL/top and the interval combining both sides' spread.

    An unbounded end (a peer figure that is only a lower bound) is left empty, so the
    chart draws what is known and the table says "onbegrensd".
    """
    comp = _top(result).dropna(subset=["ratio"])
    label = (
        comp["indicator"].map(SHORT_INDICATOR).fillna(comp["indicator"])
        + " "
        + comp["denominator"].map(SHORT_DENOMINATOR).fillna(comp["denominator"])
        + " — "
        + comp["peer_group"].map(SHORT_PEER).fillna(comp["peer_group_name"])
    )

    def finite(s: pd.Series) -> pd.Series:
        return s.where(np.isfinite(s.to_numpy(dtype="float64")))

    return (
        pd.DataFrame(
            {
                "label": label,
                "ratio": comp["ratio"],
                "low": finite(comp["ratio_low"]),
                "high": finite(comp["ratio_high"]),
                "verdict": comp["verdict"].map(VERDICT_NL),
            }
        )
        .sort_values("ratio")
        .reset_index(drop=True)
    )


def counts(frame: pd.DataFrame) -> tuple[int, int, int]:
    """(behind, ahead, total): behind when the whole combined interval lies below 1."""
    high = frame["high"].fillna(np.inf)
    low = frame["low"].fillna(0.0)
    return int((high < 1).sum()), int((low > 1).sum()), len(frame)


def chart_title(frame: pd.DataFrame) -> str:
    """Takeaway: on how many comparisons the Netherlands is demonstrably behind or ahead."""
    below, above, total = counts(frame)
    rest = total - below - above
    text = (
        f"Nederland blijft bij {fmt.number(below)} van de {fmt.number(total)} vergelijkingen "
        f"achter bij de Europese top en ligt er bij {fmt.number(above)} boven"
    )
    if rest:
        text += f"; bij {fmt.number(rest)} is het verschil niet te onderscheiden"
    return text


def gap_chart(frame: pd.DataFrame) -> object:
    from analysis.publication import charts

    return charts.gap_chart(
        frame,
        title=chart_title(frame),
        x_title="Nederland ten opzichte van de top (1 = gelijk; interval over beide kanten)",
    )


#: The fewest institutions a type needs for its own row in the type comparison: the same
#: rule as a fact sheet's type median (`factsheets.MIN_TYPE_MEMBERS`, five). A type of one
#: or two institutions is one or two institutions, not a type; they are named instead.
MIN_TYPE_MEMBERS = 5


def _type_rows(result: EuropeResult) -> pd.DataFrame:
    comp = result.comparisons
    return comp[comp["level"].isin(["total", "type"]) & comp["peer_group"].isin(TOP_GROUPS)].copy()


def _type_sizes(comp: pd.DataFrame) -> dict[str, int]:
    return {
        str(g): int(n) for g, n in comp.groupby("group", sort=False)["n_institutions"].max().items()
    }


def type_table(result: EuropeResult) -> pd.DataFrame:
    """Ratio to each top peer (counted once) with the verdict, one column per comparison,
    for the Netherlands and each type with at least `MIN_TYPE_MEMBERS` institutions (its
    number in the row label)."""
    comp = _type_rows(result)
    sizes = _type_sizes(comp)
    keep = [g == "total" or sizes.get(str(g), 0) >= MIN_TYPE_MEMBERS for g in comp["group"]]
    comp = comp[keep]
    comp["comparison"] = (
        comp["indicator"].map(INDICATOR_LABELS).fillna(comp["indicator"])
        + " "
        + comp["denominator"].map(DENOMINATOR_NL).fillna(comp["denominator"])
        + " / "
        + comp["peer_group"].map(SHORT_PEER).fillna(comp["peer_group_name"])
    )
    comp["cell"] = [
        f"{fmt.number(r, 2)} ({VERDICT_NL[str(v)]})" if np.isfinite(r) else fmt.MISSING
        for r, v in zip(comp["ratio"], comp["verdict"], strict=True)
    ]
    frame = comp.pivot_table(index="group", columns="comparison", values="cell", aggfunc="first")
    order = [g for g in TYPE_NL if g in frame.index]
    frame = frame.loc[order, sorted(frame.columns)].fillna(fmt.MISSING)
    frame.index = [f"{TYPE_NL[g]} ({fmt.number(sizes.get(g, 0))})" for g in frame.index]
    frame.index.name = "Groep (instellingen)"
    frame.columns.name = None
    return frame.reset_index()


def type_markdown(result: EuropeResult) -> str:
    """The type comparison in words (its table is on the site): how often every type with
    enough institutions reaches the national verdict, and which types are too small."""
    comp = _type_rows(result)
    sizes = _type_sizes(comp)
    big = [g for g in TYPE_NL if g != "total" and sizes.get(g, 0) >= MIN_TYPE_MEMBERS]
    small = [g for g in TYPE_NL if g != "total" and 0 < sizes.get(g, 0) < MIN_TYPE_MEMBERS]
    totals = comp[comp["group"] == "total"]
    types = comp[comp["group"].isin(big)]
    same = 0
    for ind, den, peer, verdict in zip(
        totals["indicator"],
        totals["denominator"],
        totals["peer_group"],
        totals["verdict"],
        strict=True,
    ):
        mine = types[
            (types["indicator"] == ind)
            & (types["denominator"] == den)
            & (types["peer_group"] == peer)
        ]
        same += bool((mine["verdict"] == verdict).all())
    names = [f"{TYPE_IN_SENTENCE_NL[g]} ({fmt.number(sizes[g])})" for g in big]
    if names:
        text = (
            "Naar type instelling (de tabel staat op de website): bij "
            f"{fmt.number(same)} van de {fmt.number(len(totals))} vergelijkingen geven de "
            f"{_join_nl(names)} elk hetzelfde oordeel als Nederland als geheel."
        )
    else:
        text = "Naar type instelling is er geen vergelijking met de top."
    if small:
        who = _join_nl([f"{TYPE_IN_SENTENCE_NL[g]} ({fmt.number(sizes[g])})" for g in small])
        text += (
            f" De {who} zijn te klein voor een eigen oordeel (minstens "
            f"{fmt.number(MIN_TYPE_MEMBERS)} instellingen); zij tellen wel mee in het totaal."
        )
    return text


def caveats(result: EuropeResult) -> pd.DataFrame:
    """Every definitional note attached to a peer figure used in this chapter, once."""
    figures = result.peer_figures[result.peer_figures["peer_group"].isin(TOP_GROUPS)]
    used = set(zip(_top(result)["indicator"], _top(result)["denominator"], strict=True))
    figures = figures[
        [(i, d) in used for i, d in zip(figures["indicator"], figures["denominator"], strict=True)]
    ]
    notes = figures[["peer_name", "indicator", "peer_year", "note_nl"]].drop_duplicates()
    notes = notes[notes["note_nl"].str.len() > 0].sort_values(
        ["peer_name", "indicator", "peer_year"]
    )
    return pd.DataFrame(
        {
            "Vergelijking": notes["peer_name"],
            "Indicator": notes["indicator"].map(INDICATOR_LABELS).fillna(notes["indicator"]),
            "Jaar": notes["peer_year"].astype(str),
            "Toelichting": notes["note_nl"],
        }
    ).reset_index(drop=True)


_NOEMER_MISSING = re.compile(r"noemer (\w+) ontbreekt voor (\d{4})")
_CODE_NOUN = {
    "research_expenditure_eur": "onderzoeksuitgaven",
    "kto_staff_fte": "KTO-personeel in fte",
    "invention_disclosures": "uitvindingsmeldingen",
}
NOT_ANNUAL_NL = (
    "geen jaarcijfer met de definitie van de monitor (cumulatief, één kwartaal of een ander begrip)"
)


def _reasons_nl(reasons: list[str]) -> str:
    """`peer_gaps.peer_intensities` reasons in words a reader understands, each said once.

    'noemer research_expenditure_eur ontbreekt voor 2018' and the same for kto_staff_fte
    become 'geen onderzoeksuitgaven of KTO-personeel in fte gepubliceerd voor 2018 (of
    binnen twee jaar daarvan)'.
    """
    nouns: dict[str, None] = {}
    years: dict[str, None] = {}
    other: dict[str, None] = {}
    for reason in reasons:
        found = _NOEMER_MISSING.fullmatch(reason)
        if found:
            nouns[_CODE_NOUN.get(found.group(1), found.group(1))] = None
            years[found.group(2)] = None
        elif reason == "geen jaarlijkse catalogus-indicator":
            other[NOT_ANNUAL_NL] = None
        else:
            other[reason] = None
    parts = list(other)
    if nouns:
        parts.insert(
            0,
            f"geen {' of '.join(nouns)} gepubliceerd voor {', '.join(sorted(years))} "
            "(of binnen twee jaar daarvan)",
        )
    return "; ".join(parts)


def missing_table(result: EuropeResult) -> pd.DataFrame:
    """What cannot be compared with the top, per peer (counted once) and indicator.

    Comparisons that were made for an indicator with another denominator are not
    repeated; figures that are no yearly indicator of the monitor (cumulative, one
    quarter, another concept) are listed together per peer; the normalisation per
    research FTE is listed because no peer publishes research staff in FTE and the
    Dutch submissions do not ask for it.
    """
    missing = result.missing.copy()
    missing["peer_group"] = missing["peer_id"].map(peer_gaps.PEER_GROUPS).fillna(missing["peer_id"])
    missing = missing[missing["peer_group"].isin(TOP_GROUPS)]
    top = _top(result)
    done = set(zip(top["peer_group"], top["indicator"], top["denominator"], strict=True))
    keep = [
        (str(g), str(i), str(d)) not in done
        for g, i, d in zip(
            missing["peer_group"], missing["indicator"], missing["denominator"], strict=True
        )
    ]
    missing = missing[keep]
    rows: list[dict[str, str]] = []
    for group, g in missing.groupby("peer_group", sort=True):
        name = peer_gaps.PEER_GROUP_NAMES.get(str(group), str(group))
        annual = g[g["denominator"] != ""]
        for ind, h in annual.groupby("indicator", sort=True):
            dens = list(dict.fromkeys(h["denominator"]))
            rows.append(
                {
                    "Vergelijking": name,
                    "Indicator": INDICATOR_LABELS.get(str(ind), str(ind)),
                    "Niet mogelijk": ", ".join(DENOMINATOR_NL.get(str(d), str(d)) for d in dens),
                    "Reden": _reasons_nl([str(r) for r in h["reason_missing"]]),
                }
            )
        other = g[g["denominator"] == ""]
        if not other.empty:
            labels = list(
                dict.fromkeys(INDICATOR_LABELS.get(str(i), str(i)) for i in other["indicator"])
            )
            rows.append(
                {
                    "Vergelijking": name,
                    "Indicator": "; ".join(labels),
                    "Niet mogelijk": "elke noemer",
                    "Reden": _reasons_nl([str(r) for r in other["reason_missing"]]),
                }
            )
    rows.append(
        {
            "Vergelijking": "alle",
            "Indicator": "alle",
            "Niet mogelijk": "per fte onderzoekspersoneel",
            "Reden": (
                "geen van de instellingen van de top publiceert onderzoekspersoneel in fte "
                "(alleen het ASTP-gemiddelde per transferkantoor is bekend), en de Nederlandse "
                "opgaven vragen er niet naar"
            ),
        }
    )
    return pd.DataFrame(rows, columns=["Vergelijking", "Indicator", "Niet mogelijk", "Reden"])


# --------------------------------------------------------------------------- comparability

#: Peer figures that are no yearly indicator of the monitor, by the indicator they come
#: closest to, so the matrix can say why that indicator cannot be compared. Codes not
#: listed here land in the row "Overige cijfers" (never dropped without a word).
RELATED_INDICATOR: dict[str, str] = {
    "software_notifications": "invention_disclosures",
    "invention_disclosures_quarter": "invention_disclosures",
    "patent_applications": "priority_patent_applications",
    "patent_applications_quarter": "priority_patent_applications",
    "patents_under_management": "patents_granted",
    "ip_income_returned": "licence_income_eur",
    "spinoffs_cumulative": "spinoffs",
    "spinoffs_per_year_avg": "spinoffs",
    "new_companies_total": "spinoffs",
    "research_agreements_private_n": "research_agreements_n",
    "research_agreements_public_n": "research_agreements_n",
    "contracts_signed": "research_agreements_n",
    "contract_research_ip_income_eur": "contract_research_eur",
    "contract_research_ip_share": "contract_research_eur",
}
#: Figures about the denominators themselves (a headcount, a total budget): they explain
#: reason b, they are not an output that could be compared.
DENOMINATOR_LIKE: frozenset[str] = frozenset(
    {"kto_staff_headcount", "total_budget", "kto_managed_income", "total_income_eur"}
)
OTHER_ROW = "Overige cijfers (geen indicator van de monitor)"
#: Row order of the matrix: the push indicators, then exchange and serve.
_MATRIX_ORDER: tuple[str, ...] = (
    "invention_disclosures",
    "priority_patent_applications",
    "patents_granted",
    "licence_agreements",
    "licence_income_eur",
    "spinoffs",
    "spinoff_capital_eur",
    "research_agreements_n",
    "research_agreements_eur",
    "contract_research_n",
    "contract_research_eur",
    "startups_supported",
)
#: The reasons a cell is not comparable, as the footnote letters of the matrix.
REASONS_NL: dict[str, str] = {
    "a": "geen cijfer gevonden in de geraadpleegde bronnen",
    "b": (
        "wel een jaarcijfer, maar geen noemer (onderzoeksuitgaven, KTO-personeel in fte of "
        "uitvindingsmeldingen) uit hetzelfde jaar of binnen twee jaar daarvan"
    ),
    "c": "alleen een cumulatief of meerjarig cijfer, geen jaarcijfer",
    "d": "alleen een cijfer over één kwartaal of over zestien maanden, geen jaarcijfer",
    "e": "alleen een ander begrip dan de indicator van de monitor",
    "f": "het cijfer is niet om te rekenen naar euro in het prijspeil van het rapport",
}
PEER_COLUMNS_NL = labels.PEER_SHORT_NAMES


def _category(code: str, reason: str) -> str:
    """Footnote letter of one entry of `EuropeResult.missing`."""
    if _NOEMER_MISSING.fullmatch(reason):
        return "b"
    if reason != "geen jaarlijkse catalogus-indicator":
        return "f"
    if "quarter" in code:
        return "d"
    if "cumulative" in code or "per_year_avg" in code:
        return "c"
    return "e"


@dataclass(frozen=True)
class Matrix:
    """The peer × indicator matrix: cells, footnotes, and the counts the text needs."""

    frame: pd.DataFrame
    footnotes: str
    comparable: dict[str, int]
    rows: int


def comparability_matrix(result: EuropeResult) -> Matrix:
    """Per indicator of the monitor and per peer of the top (counted once): comparable or
    not, with the denominators that work, numbered definition notes, or a reason letter.

    Why a matrix: the reader wants to see at a glance what can be compared with whom.
    The reasons are the same few everywhere (no figure; a figure without a denominator;
    only cumulative, one quarter or another concept), so each is a footnote letter; the
    definition notes of the figures that are compared are numbered footnotes. KU
    Leuven, named as a peer by the plan, is a column even where nothing is comparable.
    """
    top = _top(result)
    made: dict[tuple[str, str], list[str]] = {}
    for group, ind, den in zip(
        top["peer_group"], top["indicator"], top["denominator"], strict=True
    ):
        made.setdefault((str(group), str(ind)), []).append(str(den))
    missing = result.missing.copy()
    missing["peer_group"] = missing["peer_id"].map(peer_gaps.PEER_GROUPS).fillna(missing["peer_id"])
    missing = missing[missing["peer_group"].isin(TOP_GROUPS)]
    reasons: dict[tuple[str, str], set[str]] = {}
    b_years: dict[str, set[int]] = {}
    other_row = False
    for group, code, reason in zip(
        missing["peer_group"], missing["indicator"], missing["reason_missing"], strict=True
    ):
        group, code, reason = str(group), str(code), str(reason)
        if code in DENOMINATOR_LIKE:
            continue
        row = (
            code if code in peer_gaps.OUTPUT_INDICATORS else RELATED_INDICATOR.get(code, OTHER_ROW)
        )
        other_row = other_row or row == OTHER_ROW
        letter = _category(code, reason)
        reasons.setdefault((group, row), set()).add(letter)
        found = _NOEMER_MISSING.fullmatch(reason)
        if found:
            b_years.setdefault(group, set()).add(int(found.group(2)))
    # definition notes of the figures behind each comparison, numbered once each
    figures = result.peer_figures[result.peer_figures["peer_group"].isin(TOP_GROUPS)]
    notes: dict[str, int] = {}
    cell_notes: dict[tuple[str, str], list[int]] = {}
    for group, ind, den, note in zip(
        figures["peer_group"],
        figures["indicator"],
        figures["denominator"],
        figures["note_nl"],
        strict=True,
    ):
        if str(den) not in made.get((str(group), str(ind)), []):
            continue
        for part in [p.strip() for p in str(note).split(";")]:
            if not part or part == "nan" or _DENOMINATOR_YEAR.fullmatch(part):
                continue
            number = notes.setdefault(part, len(notes) + 1)
            numbers = cell_notes.setdefault((str(group), str(ind)), [])
            if number not in numbers:
                numbers.append(number)
    # in the order of the national chapter (push, then exchange and serve), the rest after
    order = [c for c in _MATRIX_ORDER if c in peer_gaps.OUTPUT_INDICATORS]
    rows = order + [c for c in peer_gaps.OUTPUT_INDICATORS if c not in order]
    if other_row:
        rows.append(OTHER_ROW)
    used_letters: set[str] = set()
    cells: dict[str, list[str]] = {g: [] for g in TOP_GROUPS}
    comparable = dict.fromkeys(TOP_GROUPS, 0)
    for row in rows:
        for group in TOP_GROUPS:
            dens = made.get((group, row))
            if dens:
                comparable[group] += 1
                text = "ja, " + " en ".join(DENOMINATOR_NL.get(d, d) for d in dict.fromkeys(dens))
                numbers = sorted(cell_notes.get((group, row), []))
                if numbers:
                    text += f" ({', '.join(str(n) for n in numbers)})"
                cells[group].append(text)
                continue
            letters = sorted(reasons.get((group, row), set()))
            if row == OTHER_ROW and not letters:
                cells[group].append(fmt.MISSING)  # no other figures: nothing to explain
                continue
            letters = letters or ["a"]
            used_letters.update(letters)
            cells[group].append(f"nee ({', '.join(letters)})")
    frame = pd.DataFrame(
        {
            "Indicator": [INDICATOR_LABELS.get(r, r) for r in rows],
            **{PEER_COLUMNS_NL[g]: cells[g] for g in TOP_GROUPS},
        }
    )
    parts = []
    for letter in sorted(used_letters):
        text = REASONS_NL[letter]
        if letter == "b" and b_years:
            years = "; ".join(
                f"{PEER_COLUMNS_NL[g]} {_years_nl(sorted(b_years[g]))}"
                for g in TOP_GROUPS
                if g in b_years
            )
            text += f" ({years})"
        parts.append(f"{letter}: {text}")
    parts += [f"{number}: {note}" for note, number in notes.items()]
    footnotes = (
        "Bij de tabel: ja is vergelijkbaar met de genoemde noemer, nee niet vergelijkbaar, met "
        "de reden als letter; een cijfer verwijst naar een kanttekening bij de definitie. "
        + ". ".join(parts)
        + ". Geen van de drie publiceert onderzoekspersoneel in fte, dus een vergelijking per "
        "fte onderzoekspersoneel is nergens mogelijk."
    )
    return Matrix(frame=frame, footnotes=footnotes, comparable=comparable, rows=len(rows))


def _years_nl(years: list[int]) -> str:
    shown = [str(y) for y in years]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " en " + shown[-1]


def matrix_notes_markdown(matrix: Matrix) -> str:
    """The footnotes under the matrix as a paragraph (definition notes come from data)."""
    from analysis.publication import escape

    return escape.markdown(matrix.footnotes)


def matrix_markdown(matrix: Matrix) -> str:
    """What the matrix shows, in two sentences with its counts."""
    total = matrix.rows
    per_peer = [f"{PEER_COLUMNS_NL[g]} bij {fmt.number(matrix.comparable[g])}" for g in TOP_GROUPS]
    nothing = [PEER_COLUMNS_NL[g] for g in TOP_GROUPS if matrix.comparable[g] == 0]
    text = (
        "Niet elke indicator van de monitor is met elke instelling van de top te vergelijken. "
        f"Van de {fmt.number(total)} regels in de tabel is een vergelijking mogelijk voor "
        f"{_join_nl(per_peer)}; de voetnoten geven per cel de reden of de kanttekening bij de "
        "definitie."
    )
    if nothing:
        text += (
            f" Voor {_join_nl(nothing)} is geen enkele indicator te vergelijken: de gevonden "
            "cijfers missen een noemer of zijn geen jaarcijfer met de definitie van de monitor."
        )
    return text


def _join_nl(items: list[str]) -> str:
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def _top_source_ids(frame: pd.DataFrame) -> list[str]:
    ids: dict[str, None] = {}
    for cell in frame["source_id"]:
        ids.update(dict.fromkeys(split_source_ids(cell)))
    return sorted(ids)


def short_price_basis(price_basis: str) -> str:
    """'euro, prijspeil 2025, met de Nederlandse HICP': the price basis without its method,
    for a source line under a table whose chapter spells the method out."""
    return f"{price_basis.split(':', 1)[0]}, met de Nederlandse HICP"


def total_source_note(result: EuropeResult, sources: pd.DataFrame) -> str:
    """The gap table's source line: how each side is measured, and the peers' sources."""
    cited = "; ".join(cite(i, sources) for i in _top_source_ids(_top(result)))
    return (
        "Bron: Nederland: som over de instellingen, 95%-bootstrapinterval over instellingen "
        "(demonstratiegegevens waar de instellingen dat zijn). Top: "
        + (f"{cited}; " if cited else "")
        + "bandbreedte over definities, jaren en afronding. Bedragen in "
        f"{short_price_basis(result.price_basis)} (de omrekening staat in de tekst). "
        f"{COUNT_UNIT_NL}"
    )


def matrix_source_note(result: EuropeResult, sources: pd.DataFrame) -> str:
    """Every source of a figure of the top: the matrix says what each of them allows."""
    raw = result.peer_register
    top = raw[raw["peer_id"].map(peer_gaps.PEER_GROUPS).isin(TOP_GROUPS)]
    cited = "; ".join(cite(i, sources) for i in _top_source_ids(top))
    return f"Bron: {cited}." if cited else ""


def intro_markdown(result: EuropeResult) -> str:
    frame = chart_frame(result)
    below, above, total = counts(frame)
    return (
        f"De monitor vergelijkt de Nederlandse kennisinstellingen, samen genomen over "
        f"{period_text(result)}, met de Europese kopgroep die het KTO-Nederland-plan noemt "
        "(ETH Zürich en het ETH-domein, Oxford en KU Leuven). Omdat de instellingen verschillen in "
        "omvang, gaat het om intensiteiten: uitkomsten per € 100 mln onderzoeksuitgaven of per "
        "uitvindingsmelding, afhankelijk van wat de cijfers van de top toelaten. Alle bedragen zijn in "
        f"{result.price_basis}.\n\n"
        "Onzekerheid zit aan beide kanten. Het Nederlandse interval komt uit een bootstrap over de "
        "instellingen. De top is geen vast getal: definities verschillen (het ETH-domein omvat meer "
        "dan ETH Zürich), cijfers komen uit verschillende jaren en sommige zijn afgerond of "
        "alleen een ondergrens ('meer dan'); een afgerond cijfer telt als plus of min een halve "
        "eenheid van het laatste cijfer ('~700' als 650–750). Per instelling van de top geeft de monitor daarom een "
        "bandbreedte over al haar cijfers. Nederland heet alleen 'achter' of 'voor' als het "
        "Nederlandse interval en die bandbreedte elkaar niet overlappen; anders is het verschil niet "
        f"te onderscheiden. {COUNT_UNIT_NL} Bij {fmt.number(below)} van de {fmt.number(total)} "
        f"vergelijkingen ligt Nederland aantoonbaar achter, bij {fmt.number(above)} aantoonbaar voor."
    )


def summary_message(result: EuropeResult) -> str:
    """The summary's finding on the top, with what it rests on beside it.

    The count depends on the price basis, on what counts as one comparison and on
    which peers form the top; the sentence names the first two and gives the range
    over the peer choices (each peer alone, each left out; the same recount as the
    sensitivity section).
    """
    frame = chart_frame(result)
    text = chart_title(frame) + (
        f" (bedragen in {short_price_basis(result.price_basis)}; "
        "een vergelijking is één indicator met één noemer tegenover één instelling van de top, "
        "ETH één keer geteld)."
    )
    sens = peer_gaps.peer_choice_sensitivity(result.comparisons, groups=TOP_GROUPS)
    sens = sens[(sens["choice"] != "all") & (sens["n_comparisons"] > 0)]
    if not sens.empty:
        share = (sens["n_behind"] / sens["n_comparisons"]).to_numpy(dtype="float64")
        lo, hi = sens.iloc[int(np.argmin(share))], sens.iloc[int(np.argmax(share))]
        text += (
            " Met één instelling van de top alleen of weggelaten ligt Nederland bij "
            f"{fmt.number(lo['n_behind'])} van de {fmt.number(lo['n_comparisons'])} tot "
            f"{fmt.number(hi['n_behind'])} van de {fmt.number(hi['n_comparisons'])} "
            "vergelijkingen achter (hoofdstuk 5, ‘Gevoeligheid voor aannames’); de "
            "definitieverschillen staan in hoofdstuk 3."
        )
    else:
        text += " De definitieverschillen staan in hoofdstuk 3."
    return text


# --------------------------------------------------------------------------- sensitivity

CHOICE_NL = {"all": "alle instellingen van de top"}


def _choice_nl(choice: str) -> str:
    if choice in CHOICE_NL:
        return CHOICE_NL[choice]
    kind, _, group = choice.partition(":")
    name = SHORT_PEER.get(group, group)
    return f"alleen {name}" if kind == "only" else f"zonder {name}"


#: Chapter 3's pointer to the one place where every sensitivity of the report is shown.
SENSITIVITY_POINTER = (
    "Hoe het aantal vergelijkingen waarin Nederland achterloopt verandert met de keuze van de "
    "vergelijkingsinstellingen en met het prijspeil, staat in hoofdstuk 5 onder ‘Gevoeligheid "
    "voor aannames’."
)


def peer_choice_table(sens: pd.DataFrame) -> pd.DataFrame:
    """How the headline count moves with the choice of peers (each alone, each left out).

    `sens`: `peer_gaps.peer_choice_sensitivity` of the chapter's comparisons.
    """
    return pd.DataFrame(
        {
            "Vergelijken met": sens["choice"].map(_choice_nl),
            "Vergelijkingen": sens["n_comparisons"],
            "Achter": sens["n_behind"],
            "Voor": sens["n_ahead"],
            "Niet te onderscheiden": sens["n_indistinguishable"],
            "Gemiddelde verhouding NL/top": sens["mean_ratio"],
        }
    )


PEER_CHOICE_FORMATS = {"Gemiddelde verhouding NL/top": "number:2"}


def price_sensitivity(
    wide: pd.DataFrame, data_dir: Path, year: int, *, n_boot: int = 200
) -> pd.DataFrame:
    """The Dutch total's comparisons in nominal euros, at 2015 prices and at report-year prices."""
    years = [y for y in range(year - POOLED_YEARS + 1, year + 1) if y in set(wide["year"])]
    return peer_gaps.price_basis_sensitivity(
        wide,
        reference.load_institutions(data_dir),
        reference.load_peers(data_dir),
        reference.load_fx_rates(data_dir),
        reference.load_price_index(data_dir),
        years=years,
        base_years=(None, 2015, price_base_year(year)),
        n_boot=n_boot,
    )


def price_table(sens: pd.DataFrame) -> pd.DataFrame:
    """Ratio NL/top and verdict per money comparison under each price basis, side by side."""
    money = sens[sens["per_euro"]].copy()
    money["basis_nl"] = [
        "nominaal" if b == "nominal" else f"prijspeil {b.split(':')[1]}" for b in money["basis"]
    ]
    money["cell"] = [
        f"{fmt.number(r, 2)} ({VERDICT_NL[str(v)]})"
        for r, v in zip(money["ratio"], money["verdict"], strict=True)
    ]
    money["comparison"] = (
        money["indicator"].map(INDICATOR_LABELS).fillna(money["indicator"])
        + " "
        + money["denominator"].map(DENOMINATOR_NL).fillna(money["denominator"])
        + " / "
        + money["peer_group"].map(SHORT_PEER).fillna(money["peer_group"])
    )
    order = list(dict.fromkeys(money["basis_nl"]))
    frame = money.pivot_table(
        index="comparison", columns="basis_nl", values="cell", aggfunc="first"
    )
    frame = frame[order]
    frame.index.name = "Vergelijking"
    frame.columns.name = None
    return frame.reset_index()
