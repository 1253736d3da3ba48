"""The explorer's lines and its data file: every institution and group, per indicator and measure.

How the numbers are made is told in the package's docstring (`analysis.publication.explorer`);
this module makes them, once, so the browser only selects and draws.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.data.indicators import catalogue
from analysis.methods.peer_gaps import definitions
from analysis.publication.chapters.national.totals import TYPE_LABELS
from analysis.publication.labels import INDICATOR_LABELS, PROFILE_LABELS, name_and_short
from analysis.publication.render.basis import BASIS_LABELS_NL
from analysis.publication.render.config import slug

#: Bumped when the data file's layout changes (the script checks it).
DATA_FORMAT = 1

MEASURES: dict[str, str] = {
    "abs": "absoluut",
    "per100m": "per € 100 mln onderzoeksuitgaven",
}
NATIONAL_KEY = "nl"
RESEARCH = "research_expenditure_eur"
_SCALE = 1e8  # EUR 100 million
_KEY = r"[a-z0-9][a-z0-9_-]*"


@dataclass(frozen=True)
class Entity:
    """A line the reader can choose: one institution or a group of them."""

    key: str
    #: Short label in the legend and the table header.
    label: str
    #: Label of the checkbox (the full name for an institution).
    long_label: str
    #: The section of the picker it is listed under.
    section: str
    members: tuple[str, ...]


def _key(text: str) -> str:
    key = slug(text)
    if not key[0].isalnum():
        key = "x" + key
    return key


def entities(institutions: pd.DataFrame) -> list[Entity]:
    """The country, every institution (by type), then every type, profile and ecosystem.

    Keys are URL-safe (`[a-z0-9_-]`): institution ids as they are when they fit, groups
    prefixed by their kind. A clash (two names giving one key) is an error, because a
    shared link would then open another line than the one it was made for.
    """
    type_order = {code: n for n, code in enumerate(TYPE_LABELS)}
    inst = institutions.assign(
        _order=[type_order.get(str(t), len(type_order)) for t in institutions["type"]],
        _name=institutions["name_nl"].astype(str).str.casefold(),
    ).sort_values(["_order", "_name"], kind="stable")
    ids = [str(i) for i in inst["institution_id"]]
    out: list[Entity] = [
        Entity(NATIONAL_KEY, "Nederland", "Nederland (alle instellingen)", "Nederland", tuple(ids))
    ]
    for rec in inst.itertuples():
        iid = str(rec.institution_id)
        key = iid if re.fullmatch(_KEY, iid) else f"i-{_key(iid)}"
        section = TYPE_LABELS.get(str(rec.type), str(rec.type))
        out.append(
            Entity(
                key,
                str(rec.short_name),
                name_and_short(str(rec.name_nl), str(rec.short_name)),
                section,
                (iid,),
            )
        )
    for code in dict.fromkeys(str(t) for t in inst["type"]):
        members = tuple(str(i) for i in inst.loc[inst["type"] == code, "institution_id"])
        label = TYPE_LABELS.get(code, code)
        out.append(
            Entity(f"type-{_key(code)}", label, f"{label} samen", "Type instelling", members)
        )
    for code in sorted(set(inst["profile"].astype(str)), key=lambda c: PROFILE_LABELS.get(c, c)):
        members = tuple(str(i) for i in inst.loc[inst["profile"] == code, "institution_id"])
        label = f"Profiel {PROFILE_LABELS.get(code, code)}"
        out.append(Entity(f"profiel-{_key(code)}", label, f"{label}, samen", "Profiel", members))
    for name in sorted(set(inst["ecosystem"].astype(str)), key=str.casefold):
        members = tuple(str(i) for i in inst.loc[inst["ecosystem"] == name, "institution_id"])
        out.append(
            Entity(
                f"ecosysteem-{_key(name)}",
                f"Ecosysteem {name}",
                f"{name}, samen",
                "Ecosysteem",
                members,
            )
        )
    seen: dict[str, str] = {}
    for e in out:
        if e.key in seen:
            raise ValueError(
                f"explorer: {e.long_label!r} and {seen[e.key]!r} share the key {e.key}"
            )
        seen[e.key] = e.long_label
    return out


def _round(value: float) -> float | None:
    """Ten significant digits (the file stays small; no figure is shown with more)."""
    if not math.isfinite(value):
        return None
    return float(f"{value:.10g}")


def _arrays(
    wide: pd.DataFrame, long: pd.DataFrame, ids: Sequence[str], years: Sequence[int], code: str
) -> tuple[np.ndarray, np.ndarray]:
    """(values, demonstration flags) of one indicator as institutions × years."""
    index = pd.MultiIndex.from_product([list(ids), list(years)], names=["institution_id", "year"])
    frame = wide.set_index(["institution_id", "year"])
    values = (
        frame[code].reindex(index).to_numpy(dtype="float64").reshape(len(ids), len(years))
        if code in frame.columns
        else np.full((len(ids), len(years)), np.nan)
    )
    flags_long = long[long["indicator"] == code].set_index(["institution_id", "year"])
    flags = (
        flags_long["is_demonstration"]
        .astype(bool)
        .reindex(index, fill_value=False)
        .to_numpy(dtype=bool)
        .reshape(len(ids), len(years))
    )
    return values, flags


def series(
    wide: pd.DataFrame,
    long: pd.DataFrame,
    groups: Sequence[Entity],
    indicators: Sequence[str],
    years: Sequence[int],
) -> list[tuple[str, str, str, list[float | None], list[int], list[bool]]]:
    """Every line: (entity, indicator, measure, values per year, reporters per year, demo per year).

    `wide` has money already at one price year. Absolute: the sum over the members that
    reported the indicator that year (None when none did). Per EUR 100 million: the sum
    of the indicator over the sum of research spending, both over the members that
    reported both that year with positive spending. Demonstration: any value behind
    the point is demonstration data.
    """
    ids = sorted({m for g in groups for m in g.members})
    position = {iid: n for n, iid in enumerate(ids)}
    research, research_demo = _arrays(wide, long, ids, years, RESEARCH)
    out: list[tuple[str, str, str, list[float | None], list[int], list[bool]]] = []
    for code in indicators:
        values, demo = _arrays(wide, long, ids, years, code)
        for group in groups:
            rows = [position[m] for m in group.members]
            v, d = values[rows], demo[rows]
            reported = np.isfinite(v)
            n = reported.sum(axis=0)
            total = np.where(reported, v, 0.0).sum(axis=0)
            out.append(
                (
                    group.key,
                    code,
                    "abs",
                    [_round(t) if k > 0 else None for t, k in zip(total, n, strict=True)],
                    [int(k) for k in n],
                    [bool(x) for x in (d & reported).any(axis=0)],
                )
            )
            if code == RESEARCH:
                continue
            r, rd = research[rows], research_demo[rows]
            pair = reported & np.isfinite(r) & (r > 0)
            num = np.where(pair, v, 0.0).sum(axis=0)
            den = np.where(pair, r, 0.0).sum(axis=0)
            k = pair.sum(axis=0)
            ratio = [
                _round(a / b * _SCALE) if m > 0 and b > 0 else None
                for a, b, m in zip(num, den, k, strict=True)
            ]
            out.append(
                (
                    group.key,
                    code,
                    "per100m",
                    ratio,
                    [int(m) for m in k],
                    [bool(x) for x in ((d | rd) & pair).any(axis=0)],
                )
            )
    return out


def peer_lines(ranges: pd.DataFrame) -> list[dict[str, Any]]:
    """The top's range per peer and indicator, per EUR 100 million research (chapter 3).

    `ranges` is `peer_gaps.peer_ranges(...)`; an unbounded upper end (a figure that is
    only a lower bound) is shipped as None and drawn as the central line only.
    """
    per = ranges[
        (ranges["denominator"] == "per_100m_research")
        & ranges["peer_group"].isin(list(definitions.TOP_GROUPS))
    ]
    short = {"eth": "ETH", "oxford": "Oxford", "kuleuven": "KU Leuven"}
    out = []
    for rec in per.sort_values(["indicator", "peer_group"]).to_dict("records"):
        y0, y1 = int(rec["year_min"]), int(rec["year_max"])
        out.append(
            {
                "indicator": str(rec["indicator"]),
                "label": short.get(str(rec["peer_group"]), str(rec["peer_group_name"])),
                "name": str(rec["peer_group_name"]),
                "low": _round(float(rec["peer_low"])),
                "value": _round(float(rec["peer_value"])),
                "high": _round(float(rec["peer_high"])),
                "years": f"{y0}–{y1}" if y1 > y0 else str(y0),
                "figures": int(rec["n_figures"]),
            }
        )
    return out


def explorer_data(
    wide: pd.DataFrame,
    long: pd.DataFrame,
    institutions: pd.DataFrame,
    units: Mapping[str, str],
    peers: pd.DataFrame,
    *,
    year: int,
    price_basis: str,
) -> dict[str, Any]:
    """The data file's content: years, indicators, entities, every line and the top's ranges.

    `wide` has money at `year` prices already; `units` maps indicator code → catalogue
    unit; `peers` is `peer_gaps.peer_ranges(...)` at the same prices.
    """
    wide = wide[wide["year"] <= year]
    long = long[long["year"] <= year]
    years = sorted(int(y) for y in set(wide["year"]))
    groups = entities(institutions)
    codes = [c for c in units if c in set(long["indicator"])]
    lines = series(wide, long, groups, codes, years)
    entity_index = {e.key: n for n, e in enumerate(groups)}
    code_index = {c: n for n, c in enumerate(codes)}
    measure_index = {m: n for n, m in enumerate(MEASURES)}
    peer_data = peer_lines(peers)
    with_peers = {p["indicator"] for p in peer_data}
    default_indicator = "spinoffs" if "spinoffs" in codes else codes[0]
    return {
        "format": DATA_FORMAT,
        "year": int(year),
        "years": years,
        "priceBasis": price_basis,
        "measures": [{"key": k, "label": v} for k, v in MEASURES.items()],
        "indicators": [
            {
                "key": c,
                "label": INDICATOR_LABELS.get(c, c),
                "unit": units[c],
                "decimals": catalogue().get(c).decimals,
                "per100m": c != RESEARCH,
                "peers": c in with_peers,
            }
            for c in codes
        ],
        "entities": [
            {
                "key": e.key,
                "label": e.label,
                "long": e.long_label,
                "section": e.section,
                "members": len(e.members),
            }
            for e in groups
        ],
        "series": [
            [entity_index[e], code_index[c], measure_index[m], v, n, [1 if x else 0 for x in d]]
            for e, c, m, v, n, d in lines
        ],
        "peers": peer_data,
        "basis": {
            "demonstration": BASIS_LABELS_NL["demonstration"],
            "real": BASIS_LABELS_NL["real"],
        },
        "defaults": {
            "entities": [NATIONAL_KEY],
            "indicator": default_indicator,
            "measure": "per100m",
            "from": years[0] if years else int(year),
            "to": years[-1] if years else int(year),
        },
    }


def data_script(data: Mapping[str, Any]) -> str:
    """The data file: one assignment, JSON with every non-ASCII character escaped."""
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False
    )
    return (
        "/* Valorisatiemonitor: the explorer's data (written at render time). */\n"
        f"window.VM_EXPLORER = {text};\n"
    )
