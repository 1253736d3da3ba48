"""Industry co-publications: each Dutch university against ETH Zürich, Oxford and KU Leuven.

The share of a university's publications with at least one co-author from industry
(CWTS Leiden Ranking, `PP_industry_collab`) is the one knowledge-exchange indicator
that exists for every Dutch university and the European top on one definition.
This module compares them on real, cited rows of `benchmark/leiden_ranking.csv`,
never on demonstration data, and states what the comparison can and cannot carry:

* **One edition, one window, one counting method.** Editions change methods (the
  TU/e shares across editions in the reference material are not one series), so a
  comparison or a series over time stays inside one edition: its periods are
  computed with one method. The default is the latest edition and its latest
  period, all sciences, full counting.
* **Sampling uncertainty only.** The 95% Wilson score interval treats a
  university's publications as draws from what it could have published in those
  years; it does not cover definitions (what CWTS counts as industry), the
  assignment of publications to universities, the publication window or the
  rounding of the published share. Differences between two universities get the
  Newcombe hybrid score interval from the two Wilson intervals, and a p value from
  inverting it; the 39 comparisons of the Dutch universities with the three peers are
  one family, so a difference counts only when its Holm-adjusted p value is below 5%.
* **P where the file has none.** The copy of the 2020 edition that the monitor
  ships has no publication count. The Leiden Ranking defines every collaboration
  share as PP_x = 100 · P_x / P over one P, so the published counts and their
  shares rounded to one decimal bound P (`adapters.leiden_ranking.
  publication_bounds`, to within a few publications for most universities); the
  interval uses the bound that makes it widest and the P column says "inferred".
* **Position.** A university's percentile is the share of the *other* ranked
  universities with a lower share (ties count half), rank 1 the highest share.
  The same function applied to the interval's bounds gives the range of
  positions that sampling uncertainty allows.

Everything returned carries the rows' `source_id` and `status`, so a chapter can
label the figure "real, cited" with its source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any, Final

import numpy as np
import pandas as pd

from analysis.data.adapters.leiden_ranking.parsing import publication_bounds


def z_value(confidence: float) -> float:
    """The two-sided normal quantile of an interval at `confidence` (0.95: 1.96)."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


#: Two-sided 95%: the normal quantile the Wilson interval uses by default.
Z95: Final[float] = z_value(0.95)
DEFAULT_FIELD: Final[str] = "All sciences"
DEFAULT_COUNTING: Final[str] = "full"
#: The European top named in the KTO-Nederland plan, in the order the report names them.
PEERS: Final[tuple[str, ...]] = ("ethz", "oxford", "kuleuven")

#: Known disagreements about a source's publication window (source id → Dutch clause), in
#: a reader's words: which copy or package says what belongs in the source's record
#: (`sources.csv`: the help text of the R package nda that distributes the copy says
#: 2016–2019), not in the printed sentence.
WINDOW_CAVEATS: Final[Mapping[str, str]] = {
    "cwts_leiden_ranking_2020_nda": (
        "zo geeft CWTS het venster van de editie 2020; een andere beschrijving van dezelfde "
        "gegevens noemt 2016–2019"
    ),
}


@dataclass(frozen=True)
class Selection:
    """Which rows form one comparison: one edition, one window, one field, one counting."""

    edition: int
    period: str
    field: str = DEFAULT_FIELD
    counting: str = DEFAULT_COUNTING


@dataclass(frozen=True)
class Comparison:
    """The comparison of one selection: per-university rows plus the whole distribution;
    `confidence` the level of its intervals, `family_level` the familywise level of its
    pairwise comparisons (the report passes both from its assumptions table)."""

    selection: Selection
    table: pd.DataFrame
    n_ranked: int
    median_pct: float
    quartiles_pct: tuple[float, float]
    period_status: str
    source_ids: tuple[str, ...]
    statuses: tuple[str, ...]
    p_inferred: bool = field(default=False)
    confidence: float = field(default=0.95)
    family_level: float = field(default=0.05)


# --------------------------------------------------------------------------- statistics


def wilson_interval(
    successes: np.ndarray | float, trials: np.ndarray | float, z: float = Z95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (as fractions), elementwise.

    Wilson (1927): centre (k + z²/2) / (n + z²), half-width
    z·sqrt(k(n−k)/n + z²/4) / (n + z²). Unlike the Wald interval it stays inside
    [0, 1] and keeps its coverage for small shares such as 2.5%. NaN where n ≤ 0.
    """
    k = np.asarray(successes, dtype="float64")
    n = np.asarray(trials, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        valid = n > 0
        z2 = z * z
        centre = (k + z2 / 2) / (n + z2)
        half = z * np.sqrt(np.clip(k * (n - k) / np.where(valid, n, np.nan), 0, None) + z2 / 4)
        half = half / (n + z2)
        low = np.where(valid, np.clip(centre - half, 0.0, 1.0), np.nan)
        high = np.where(valid, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def newcombe_difference(
    p1: float, low1: float, high1: float, p2: float, low2: float, high2: float
) -> tuple[float, float]:
    """Newcombe's (1998, method 10) interval for p1 − p2 from two Wilson intervals."""
    diff = p1 - p2
    low = diff - math.sqrt((p1 - low1) ** 2 + (high2 - p2) ** 2)
    high = diff + math.sqrt((high1 - p1) ** 2 + (p2 - low2) ** 2)
    return low, high


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm's (1979) step-down adjusted p values, in the input order (NaN stays NaN).

    Sorted ascending, the i-th smallest of m gets (m − i + 1) · p, made non-decreasing
    along the order and capped at 1. A comparison is significant at familywise level α
    when its adjusted p is at most α: every one of m tests at once keeps the chance of
    any false "aantoonbaar" at α, without Bonferroni's loss of power.
    """
    p = np.asarray(p_values, dtype="float64")
    out = np.full(p.shape, np.nan)
    valid = np.flatnonzero(np.isfinite(p))
    m = valid.size
    if m == 0:
        return out
    order = valid[np.argsort(p[valid], kind="stable")]
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out[order] = adjusted
    return out


def newcombe_p_value(k1: float, n1: float, k2: float, n2: float) -> float:
    """Two-sided p value of the difference of two shares, by inverting Newcombe's interval.

    The smallest coverage 1 − p at which the Newcombe hybrid interval (from two Wilson
    intervals at the same z) still excludes zero: the p value that belongs to the
    interval the chapter prints, so "aantoonbaar" and p < α say the same thing.
    """
    if min(n1, n2) <= 0:
        return math.nan
    p1, p2 = k1 / n1, k2 / n2
    if p1 == p2:
        return 1.0

    def excludes_zero(z: float) -> bool:
        low1, high1 = (float(v) for v in wilson_interval(k1, n1, z))
        low2, high2 = (float(v) for v in wilson_interval(k2, n2, z))
        low, high = newcombe_difference(p1, low1, high1, p2, low2, high2)
        return low > 0 or high < 0

    lo, hi = 0.0, 40.0
    if not excludes_zero(lo + 1e-9):
        return 1.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if excludes_zero(mid):
            lo = mid
        else:
            hi = mid
    return 2.0 * (1.0 - NormalDist().cdf(lo))


def position(values: Sequence[float] | np.ndarray, value: float) -> tuple[int, float]:
    """(rank, percentile) of `value` among `values` (the *other* universities).

    Rank 1 is the highest share: 1 + the number of others above. The percentile is
    100 × (others below + ½ others equal) / number of others.
    """
    others = np.asarray(values, dtype="float64")
    others = others[~np.isnan(others)]
    if not len(others) or math.isnan(value):
        return 0, math.nan
    above = int((others > value).sum())
    below = int((others < value).sum())
    equal = int((others == value).sum())
    return above + 1, 100.0 * (below + 0.5 * equal) / len(others)


# --------------------------------------------------------------------------- selection


def _period_end(period: str) -> tuple[int, int]:
    from analysis.data.adapters.leiden_ranking.parsing import period_years

    first, last = period_years(period)
    return last, first


def latest_selection(
    table: pd.DataFrame, *, field: str = DEFAULT_FIELD, counting: str = DEFAULT_COUNTING
) -> Selection:
    """The latest edition with rows for `field` and `counting`, and its latest period."""
    rows = table[(table["field"].str.lower() == field.lower()) & (table["counting"] == counting)]
    if rows.empty:
        raise ValueError(f"no Leiden Ranking rows for field {field!r} with {counting} counting")
    edition = int(rows["edition"].max())
    periods = rows.loc[rows["edition"] == edition, "period"].unique()
    period = max((str(p) for p in periods), key=_period_end)
    actual_field = str(rows["field"].iloc[0])
    return Selection(edition, period, actual_field, counting)


def selected_rows(table: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """The rows of one selection, in file order (index reset)."""
    mask = (
        (table["edition"] == selection.edition)
        & (table["period"] == selection.period)
        & (table["field"].str.lower() == selection.field.lower())
        & (table["counting"] == selection.counting)
    )
    return table.loc[mask].reset_index(drop=True)


def publication_range(rows: pd.DataFrame) -> pd.DataFrame:
    """Per row (P_low, P_high, P_inferred): P from the file, or bounded from the shares."""
    lows: list[float] = []
    highs: list[float] = []
    inferred: list[bool] = []
    columns = [c for c in rows.columns if c.startswith(("P_", "PP_"))]
    for record in rows[["P", *columns]].to_dict("records"):
        total = float(record["P"]) if pd.notna(record["P"]) else math.nan
        if not math.isnan(total):
            lows.append(total)
            highs.append(total)
            inferred.append(False)
            continue
        values = {str(k): float(v) if pd.notna(v) else math.nan for k, v in record.items()}
        low, high = publication_bounds(values)
        lows.append(float(low))
        highs.append(float(high))
        inferred.append(True)
    return pd.DataFrame({"P_low": lows, "P_high": highs, "P_inferred": inferred}, index=rows.index)


def share_intervals(rows: pd.DataFrame, z: float = Z95) -> pd.DataFrame:
    """Wilson interval (in %, at the quantile `z`) of each row's industry share, widest over
    P's range."""
    publications = publication_range(rows)
    count = rows["P_industry_collab"].to_numpy(dtype="float64")
    low_a, high_a = wilson_interval(count, publications["P_low"].to_numpy(), z)
    low_b, high_b = wilson_interval(count, publications["P_high"].to_numpy(), z)
    return publications.assign(
        ci_low_pct=100.0 * np.fmin(low_a, low_b),
        ci_high_pct=100.0 * np.fmax(high_a, high_b),
    )


# --------------------------------------------------------------------------- comparison


def compare(
    table: pd.DataFrame,
    *,
    selection: Selection | None = None,
    names: Mapping[str, str] | None = None,
    peers: Sequence[str] = PEERS,
    confidence: float = 0.95,
    family_level: float = 0.05,
) -> Comparison:
    """Every Dutch university and the peers of one selection, against each other and all.

    `confidence`: the level of the Wilson and Newcombe intervals; `family_level`: the
    familywise level (Holm) at which a difference counts (`verdict`).

    Columns of `Comparison.table` (one row per mapped university, highest share
    first): `unit_id` (institution or peer id), `group` (`nl` / `peer`),
    `university` (name in the file), `name` (from `names`, else the file's),
    `share_pct`, `industry_count`, `P_low`, `P_high`, `P_inferred`, `ci_low_pct`,
    `ci_high_pct`, `stability_low_pct`, `stability_high_pct` (CWTS's own
    interval, where the file has one), `rank`, `percentile`, `percentile_low`,
    `percentile_high`, and per peer `diff_<peer>`, `diff_<peer>_low`,
    `diff_<peer>_high` (percentage points), plus `source_id` and `status`.
    """
    chosen = selection or latest_selection(table)
    rows = selected_rows(table, chosen)
    if rows.empty:
        raise ValueError(f"no Leiden Ranking rows for {chosen}")
    intervals = share_intervals(rows, z_value(confidence))
    shares = rows["PP_industry_collab"].to_numpy(dtype="float64")
    mapped = rows["institution_id"].notna() | rows["peer_id"].isin(list(peers))
    names = names or {}
    records: list[dict[str, Any]] = []
    for index in np.flatnonzero(mapped.to_numpy()):
        row = rows.iloc[index]
        others = np.delete(shares, index)
        is_nl = pd.notna(row["institution_id"])
        unit_id = str(row["institution_id"] if is_nl else row["peer_id"])
        share = float(row["PP_industry_collab"])
        low, high = (
            float(intervals["ci_low_pct"].iloc[index]),
            float(intervals["ci_high_pct"].iloc[index]),
        )
        rank, percentile = position(others, share)
        _, percentile_low = position(others, low)
        _, percentile_high = position(others, high)
        records.append(
            {
                "unit_id": unit_id,
                "group": "nl" if is_nl else "peer",
                "university": str(row["university"]),
                "name": names.get(unit_id, str(row["university"])),
                "share_pct": share,
                "industry_count": float(row["P_industry_collab"]),
                "P_low": float(intervals["P_low"].iloc[index]),
                "P_high": float(intervals["P_high"].iloc[index]),
                "P_inferred": bool(intervals["P_inferred"].iloc[index]),
                "ci_low_pct": low,
                "ci_high_pct": high,
                "stability_low_pct": float(row["PP_industry_collab_LB"]),
                "stability_high_pct": float(row["PP_industry_collab_UB"]),
                "rank": rank,
                "percentile": percentile,
                "percentile_low": percentile_low,
                "percentile_high": percentile_high,
                "source_id": str(row["source_id"]),
                "status": str(row["status"]),
            }
        )
    frame = pd.DataFrame.from_records(records)
    by_id = {str(record["unit_id"]): record for record in records}
    for peer in peers:
        diffs: list[tuple[float, float, float]] = []
        for record in records:
            if peer not in by_id or record["unit_id"] == peer:
                diffs.append((math.nan, math.nan, math.nan))
                continue
            other = by_id[peer]
            p1, p2 = float(record["share_pct"]) / 100, float(other["share_pct"]) / 100
            low, high = newcombe_difference(
                p1,
                float(record["ci_low_pct"]) / 100,
                float(record["ci_high_pct"]) / 100,
                p2,
                float(other["ci_low_pct"]) / 100,
                float(other["ci_high_pct"]) / 100,
            )
            diffs.append((100 * (p1 - p2), 100 * low, 100 * high))
        frame[f"diff_{peer}"] = [d[0] for d in diffs]
        frame[f"diff_{peer}_low"] = [d[1] for d in diffs]
        frame[f"diff_{peer}_high"] = [d[2] for d in diffs]
        frame[f"p_{peer}"] = [
            newcombe_p_value(
                float(record["industry_count"]),
                float(record["P_low"]),
                float(by_id[peer]["industry_count"]),
                float(by_id[peer]["P_low"]),
            )
            if peer in by_id and record["unit_id"] != peer and record["group"] == "nl"
            else math.nan
            for record in records
        ]
    # One family: every Dutch university against every peer (13 × 3 = 39 comparisons).
    p_columns = [f"p_{peer}" for peer in peers if f"p_{peer}" in frame.columns]
    if p_columns:
        flat = frame[p_columns].to_numpy(dtype="float64").ravel()
        adjusted = holm(flat).reshape(len(frame), len(p_columns))
        for j, column in enumerate(p_columns):
            frame[f"{column}_holm"] = adjusted[:, j]
    ordered = [c for c in frame.columns if c not in ("source_id", "status")]
    frame = frame[[*ordered, "source_id", "status"]]
    frame = frame.sort_values(["share_pct", "name"], ascending=[False, True], kind="stable")
    frame = frame.reset_index(drop=True)
    quartiles = np.nanpercentile(shares, [25, 50, 75])
    return Comparison(
        selection=chosen,
        table=frame,
        n_ranked=int((~np.isnan(shares)).sum()),
        median_pct=float(quartiles[1]),
        quartiles_pct=(float(quartiles[0]), float(quartiles[2])),
        period_status=str(rows["period_status"].iloc[0]),
        source_ids=tuple(sorted(set(rows["source_id"]))),
        statuses=tuple(sorted(set(rows["status"]))),
        p_inferred=bool(intervals["P_inferred"].any()),
        confidence=confidence,
        family_level=family_level,
    )


def row_dicts(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts with string keys (typed access for texts and lookups)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def verdict(row: Mapping[str, Any], peer: str, family_level: float) -> str:
    """'higher', 'lower' or 'similar': whether the difference holds for the whole family.

    A Dutch university's difference with a peer counts when its interval excludes
    zero and, where the comparison carries Holm-adjusted p values (`compare`: the 39
    comparisons of 13 universities with three peers as one family), when that adjusted
    p is below `family_level`: with 39 tests at 5% about two would look different by
    chance alone.
    """
    low = float(row[f"diff_{peer}_low"])
    high = float(row[f"diff_{peer}_high"])
    if math.isnan(low) or math.isnan(high):
        return "n/a"
    adjusted = row.get(f"p_{peer}_holm", math.nan)
    holds = adjusted is None or (isinstance(adjusted, float) and math.isnan(adjusted))
    holds = holds or float(adjusted) < family_level
    if low > 0 and holds:
        return "higher"
    if high < 0 and holds:
        return "lower"
    return "similar"


def against_all_peers(comparison: Comparison, peers: Sequence[str] = PEERS) -> pd.Series:
    """Per Dutch university: 'higher' / 'lower' than every peer, else 'mixed' (also when
    no difference with any peer holds: then too it is not above or below all three)."""
    dutch = comparison.table[comparison.table["group"] == "nl"]
    out: dict[str, str] = {}
    for record in row_dicts(dutch):
        verdicts = {verdict(record, peer, comparison.family_level) for peer in peers}
        single = verdicts.pop() if len(verdicts) == 1 else "mixed"
        out[str(record["unit_id"])] = single if single in ("higher", "lower") else "mixed"
    return pd.Series(out, dtype="str")


# --------------------------------------------------------------------------- texts


def window_text(comparison: Comparison, *, caveat: bool = True) -> str:
    """'CWTS Leiden Ranking 2020, publicaties 2015–2018', with the window caveat if known."""
    selection = comparison.selection
    text = f"CWTS Leiden Ranking {selection.edition}, publicaties {selection.period}"
    if not caveat:
        return text
    caveats = [WINDOW_CAVEATS[s] for s in comparison.source_ids if s in WINDOW_CAVEATS]
    if caveats:
        text += f" ({'; '.join(caveats)})"
    elif comparison.period_status != "read":
        text += " (het bestand noemt zelf geen publicatievenster; het venster is bij de invoer opgegeven)"
    return text


def uncertainty_text(comparison: Comparison, confidence: str) -> str:
    """What the interval covers and what it does not, in Dutch; `confidence` its level as
    the text names it ('95%')."""
    text = (
        f"Het {confidence}-interval (Wilson) geeft alleen de steekproefonzekerheid van een aandeel bij "
        "dit aantal publicaties, alsof de publicaties een steekproef zijn uit wat de "
        "universiteit in die jaren had kunnen publiceren. Het dekt niet de onzekerheid over "
        "definities (wat CWTS als bedrijf telt), over de toewijzing van publicaties aan "
        "universiteiten en over het publicatievenster, en ook niet de afronding van het "
        "gepubliceerde aandeel op één decimaal."
    )
    if comparison.p_inferred:
        text += (
            " Het totale aantal publicaties staat niet in de gebruikte kopie; het is afgeleid "
            "uit de gepubliceerde aantallen en hun afgeronde aandelen (het ligt per universiteit "
            "op enkele tientallen publicaties na vast) en het interval neemt de ruimste waarde."
        )
    return text


# --------------------------------------------------------------------------- fact sheets


@dataclass(frozen=True)
class InstitutionCopublication:
    """One Dutch university's co-publication figures, for a fact sheet."""

    institution_id: str
    name: str
    share_pct: float
    count: float
    ci_low_pct: float
    ci_high_pct: float
    rank: int
    n_ranked: int
    percentile: float
    window: str
    source_id: str
    status: str
    peers: tuple[tuple[str, str, float], ...]


def institution_copublication(
    comparison: Comparison, institution_id: str, peers: Sequence[str] = PEERS
) -> InstitutionCopublication | None:
    """The figures of one institution, or None when the ranking does not list it."""
    by_id = {str(record["unit_id"]): record for record in row_dicts(comparison.table)}
    row = by_id.get(institution_id)
    if row is None or row["group"] != "nl":
        return None
    peer_rows = tuple(
        (peer, str(by_id[peer]["name"]), float(by_id[peer]["share_pct"]))
        for peer in peers
        if peer in by_id
    )
    return InstitutionCopublication(
        institution_id=institution_id,
        name=str(row["name"]),
        share_pct=float(row["share_pct"]),
        count=float(row["industry_count"]),
        ci_low_pct=float(row["ci_low_pct"]),
        ci_high_pct=float(row["ci_high_pct"]),
        rank=int(row["rank"]),
        n_ranked=comparison.n_ranked,
        percentile=float(row["percentile"]),
        window=window_text(comparison),
        source_id=str(row["source_id"]),
        status=str(row["status"]),
        peers=peer_rows,
    )


def institution_figures(figures: pd.DataFrame, institution_id: str) -> pd.DataFrame:
    """One institution's annual-accounts figures (real, cited), by figure and year."""
    mine = figures[figures["institution_id"] == institution_id]
    return mine.sort_values(["figure", "year"], kind="stable").reset_index(drop=True)
