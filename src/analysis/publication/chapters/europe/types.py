"""Chapter 3, per institution type (only types with enough members), the caveats and what could not be compared."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.methods.peer_gaps import definitions
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe.result import (
    _NOEMER_MISSING,
    TOP_GROUPS,
    EuropeResult,
    _join_nl,
)
from analysis.publication.chapters.europe.tables import RATIO_UNIT, _top
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import (
    DENOMINATOR_LABELS,
    INDICATOR_LABELS,
    INSTITUTION_TYPE_HEADINGS,
    INSTITUTION_TYPE_PLURAL,
    INTERVAL_VERDICT_LABELS,
    PEER_SHORT_NAMES,
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


def _type_comparisons(result: EuropeResult) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows of the type table (the Netherlands and every type with at least
    `MIN_TYPE_MEMBERS` institutions), each with its comparison's column label."""
    comp = _type_rows(result)
    sizes = _type_sizes(comp)
    keep = [g == "total" or sizes.get(str(g), 0) >= MIN_TYPE_MEMBERS for g in comp["group"]]
    comp = comp[keep]
    comp["comparison"] = (
        comp["indicator"].map(INDICATOR_LABELS).fillna(comp["indicator"])
        + " "
        + comp["denominator"].map(DENOMINATOR_LABELS).fillna(comp["denominator"])
        + " / "
        + comp["peer_group"].map(PEER_SHORT_NAMES).fillna(comp["peer_group_name"])
    )
    return comp, sizes


def _type_pivot(comp: pd.DataFrame, values: str) -> pd.DataFrame:
    """One row per group (in `INSTITUTION_TYPE_HEADINGS`'s order), one column per comparison
    (sorted)."""
    frame = comp.pivot_table(
        index="group", columns="comparison", values=values, aggfunc="first", dropna=False
    )
    order = [g for g in INSTITUTION_TYPE_HEADINGS if g in set(comp["group"])]
    return frame.reindex(index=order, columns=sorted(set(comp["comparison"])))


def type_table(result: EuropeResult) -> Table:
    """Ratio to each top peer (counted once) with the verdict, one column per comparison,
    for the Netherlands and each type with at least `MIN_TYPE_MEMBERS` institutions (site
    only). The page writes "0,64 (achter)" and the group with its number of institutions
    in one cell; the CSV holds them in columns of their own (`type_raw`)."""
    raw = type_raw(result)
    comparisons = [
        str(c).removesuffix(TYPE_RATIO_SUFFIX)
        for c in raw.columns
        if str(c).endswith(TYPE_RATIO_SUFFIX)
    ]
    group = "Groep (instellingen)"
    return Table(
        "kloof_per_type",
        "Verhouding tot de top per type instelling (1 = gelijk met de top), met het oordeel",
        raw,
        {
            group: Column(format=_group_cell, reads=("Groep", "Instellingen")),
            **{f"{c}{TYPE_RATIO_SUFFIX}": Column(unit=RATIO_UNIT) for c in comparisons},
            **{
                c: Column(
                    format="with_word:number:2",
                    reads=(f"{c}{TYPE_RATIO_SUFFIX}", f"{c}{TYPE_VERDICT_SUFFIX}"),
                )
                for c in comparisons
            },
        },
        pdf=False,
        show=(group, *comparisons),
    )


def _group_cell(group: str, members: int) -> str:
    return f"{group} ({fmt.number(members)})"


#: The suffixes of `type_raw`'s two columns per comparison.
TYPE_RATIO_SUFFIX = ": verhouding NL/top"
TYPE_VERDICT_SUFFIX = ": oordeel"


def type_raw(result: EuropeResult) -> pd.DataFrame:
    """`type_table`'s rows: the group and its number of institutions in two columns, and
    per comparison the ratio as a number and the verdict as text in two columns. A
    comparison without a finite ratio has an empty ratio and verdict (the page: "–")."""
    comp, sizes = _type_comparisons(result)
    finite = np.isfinite(comp["ratio"].astype("float64").to_numpy())
    comp["value"] = comp["ratio"].astype("float64").where(finite)
    comp["verdict_nl"] = [
        INTERVAL_VERDICT_LABELS[str(v)] if ok else ""
        for v, ok in zip(comp["verdict"], finite, strict=True)
    ]
    ratios = _type_pivot(comp, "value")
    verdicts = _type_pivot(comp, "verdict_nl").fillna("")
    data: dict[str, object] = {
        "Groep": [INSTITUTION_TYPE_HEADINGS[g] for g in ratios.index],
        "Instellingen": pd.array([sizes.get(g, 0) for g in ratios.index], dtype="int64"),
    }
    for comparison in ratios.columns:
        data[f"{comparison}{TYPE_RATIO_SUFFIX}"] = ratios[comparison].astype("float64").to_numpy()
        data[f"{comparison}{TYPE_VERDICT_SUFFIX}"] = verdicts[comparison].astype(str).to_numpy()
    return pd.DataFrame(data)


def type_markdown(result: EuropeResult) -> str:
    """The type comparison in words (its table is on the site): how often every type with
    enough institutions reaches the national verdict, and which types are too small."""
    comp = _type_rows(result)
    sizes = _type_sizes(comp)
    big = [
        g for g in INSTITUTION_TYPE_HEADINGS if g != "total" and sizes.get(g, 0) >= MIN_TYPE_MEMBERS
    ]
    small = [
        g
        for g in INSTITUTION_TYPE_HEADINGS
        if g != "total" and 0 < sizes.get(g, 0) < MIN_TYPE_MEMBERS
    ]
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
    names = [f"{INSTITUTION_TYPE_PLURAL[g]} ({fmt.number(sizes[g])})" for g in big]
    if names:
        text = (
            "Naar type instelling (de tabel staat op de website): bij "
            f"{fmt.number(same)} van de {fmt.number(len(totals))} vergelijkingen geven de "
            f"{_join_nl(names)} elk hetzelfde oordeel als Nederland als geheel."
        )
    else:
        text = "Naar type instelling is er geen vergelijking met de top."
    if small:
        who = _join_nl([f"{INSTITUTION_TYPE_PLURAL[g]} ({fmt.number(sizes[g])})" for g in small])
        text += (
            f" De {who} zijn te klein voor een eigen oordeel (minstens "
            f"{fmt.number(MIN_TYPE_MEMBERS)} instellingen); zij tellen wel mee in het totaal."
        )
    return text


def caveats_table(result: EuropeResult) -> Table:
    """`caveats` as a table (site only)."""
    return Table(
        "definitieverschillen",
        "Definitieverschillen in de cijfers van de Europese top, per cijfer en jaar",
        caveats(result),
        basis="real",
        pdf=False,
    )


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


def missing_table(result: EuropeResult) -> Table:
    """`missing` as a table (site only)."""
    return Table(
        "niet_vergelijkbaar",
        "Vergelijkingen die de beschikbare cijfers niet toelaten, per noemer",
        missing(result),
        basis="real",
        pdf=False,
    )


def missing(result: EuropeResult) -> pd.DataFrame:
    """What cannot be compared with the top, per peer (counted once) and indicator.

    Comparisons that were made for an indicator with another denominator are not
    repeated; figures that are no yearly indicator of the monitor (cumulative, one
    quarter, another concept) are listed together per peer; the normalisation per
    research FTE is listed because no peer publishes research staff in FTE and the
    Dutch submissions do not ask for it.
    """
    missing = result.missing.copy()
    missing["peer_group"] = (
        missing["peer_id"].map(definitions.PEER_GROUPS).fillna(missing["peer_id"])
    )
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
        name = definitions.PEER_GROUP_NAMES.get(str(group), str(group))
        annual = g[g["denominator"] != ""]
        for ind, h in annual.groupby("indicator", sort=True):
            dens = list(dict.fromkeys(h["denominator"]))
            rows.append(
                {
                    "Vergelijking": name,
                    "Indicator": INDICATOR_LABELS.get(str(ind), str(ind)),
                    "Niet mogelijk": ", ".join(
                        DENOMINATOR_LABELS.get(str(d), str(d)) for d in dens
                    ),
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
