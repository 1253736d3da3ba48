"""Programme retrospective: the Valorisatieprogramma 2010–2018 in figures.

Subsidy per consortium and per valorisation model, and co-funding leverage where the
data exist. The published sources leave many
per-consortium amounts unknown; every unknown stays NaN, is excluded from sums with the
number of reporting consortia shown next to the sum, and is listed in `missing_table`.
Co-funding is never derived as total budget minus subsidy: where a source gives only a
total, it does not say the remainder is co-funding.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: The per-consortium facts the retrospective uses; each may be missing.
CONSORTIUM_FIELDS: tuple[str, ...] = (
    "name",
    "lead_institution_id",
    "award_year",
    "state_subsidy_eur",
    "cofunding_eur",
    "total_budget_eur",
    "evaluation_model",
)


def _num(frame: pd.DataFrame, col: str) -> pd.Series:
    if col not in frame:
        return pd.Series(np.nan, index=frame.index, dtype="float64")
    return pd.to_numeric(frame[col], errors="coerce").astype("float64")


def by_consortium(consortia: pd.DataFrame) -> pd.DataFrame:
    """Subsidy, co-funding and leverage (co-funding per euro subsidy) per consortium."""
    out = consortia[["consortium_id", "region", "evaluation_model"]].copy()
    out["state_subsidy_eur"] = _num(consortia, "state_subsidy_eur")
    out["cofunding_eur"] = _num(consortia, "cofunding_eur")
    out["total_budget_eur"] = _num(consortia, "total_budget_eur")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["leverage"] = out["cofunding_eur"] / out["state_subsidy_eur"].where(
            out["state_subsidy_eur"] > 0
        )
    return out


def by_model(consortia: pd.DataFrame, model_column: str = "evaluation_model") -> pd.DataFrame:
    """Subsidy and leverage per valorisation model, over the consortia that report them.

    `state_subsidy_eur` sums the consortia with a known subsidy (`n_subsidy_known` of
    `n_consortia`); `leverage` is summed co-funding over summed subsidy for the
    consortia that report both, so an unknown co-funding does not count as zero.
    """
    c = by_consortium(consortia)
    if model_column != "evaluation_model":
        c[model_column] = consortia[model_column].to_numpy()
    rows: list[dict[str, object]] = []
    known_total = float(c["state_subsidy_eur"].sum(min_count=1))
    for model, g in c.groupby(model_column, sort=True):
        both = g["state_subsidy_eur"].notna() & g["cofunding_eur"].notna()
        sub = float(g["state_subsidy_eur"].sum(min_count=1))
        cof_both = float(g.loc[both, "cofunding_eur"].sum())
        sub_both = float(g.loc[both, "state_subsidy_eur"].sum())
        rows.append(
            {
                "model": str(model),
                "n_consortia": len(g),
                "n_subsidy_known": int(g["state_subsidy_eur"].notna().sum()),
                "state_subsidy_eur": sub,
                "share_of_known_subsidy": sub / known_total if known_total > 0 else np.nan,
                "n_leverage_known": int(both.sum()),
                "leverage": cof_both / sub_both if sub_both > 0 else np.nan,
            }
        )
    return pd.DataFrame(rows)


def missing_table(
    consortia: pd.DataFrame, fields: Sequence[str] = CONSORTIUM_FIELDS
) -> pd.DataFrame:
    """One row per consortium × field that is empty, with the `<field>_status` if recorded."""
    rows: list[dict[str, object]] = []
    for rec in consortia.to_dict("records"):
        for f in fields:
            value = rec.get(f)
            if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
                status = rec.get(f"{f}_status")
                rows.append(
                    {
                        "consortium_id": rec["consortium_id"],
                        "column": f,
                        "status": status if isinstance(status, str) else "not found",
                    }
                )
    return pd.DataFrame(rows, columns=["consortium_id", "column", "status"])


def programme_fact(programme: pd.DataFrame, fact_id: str) -> tuple[float, str]:
    """A cited programme-level figure (value, source_id) from programme.csv."""
    hit = programme[programme["fact_id"] == fact_id]
    if hit.empty:
        return float("nan"), ""
    return float(hit["value"].iloc[0]), str(hit["source_id"].iloc[0])


def reconcile(consortia: pd.DataFrame, programme: pd.DataFrame) -> pd.DataFrame:
    """Cited programme totals against the sum of the known per-consortium amounts.

    `unexplained_eur` is what the cited total leaves for consortia whose amount is not
    known; it is shown, not distributed over them.
    """
    c = by_consortium(consortia)
    rows: list[dict[str, object]] = []
    for fact_id, col in (
        ("state_subsidy_total", "state_subsidy_eur"),
        ("regional_cofunding_total", "cofunding_eur"),
    ):
        cited, src = programme_fact(programme, fact_id)
        known = float(c[col].sum(min_count=1))
        rows.append(
            {
                "fact_id": fact_id,
                "cited_eur": cited,
                "source_id": src,
                "sum_known_eur": known,
                "n_known": int(c[col].notna().sum()),
                "n_consortia": len(c),
                "unexplained_eur": cited - (known if np.isfinite(known) else 0.0),
            }
        )
    return pd.DataFrame(rows)
