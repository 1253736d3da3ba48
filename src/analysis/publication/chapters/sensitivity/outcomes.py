"""Sensitivity to assumptions, the outcomes: one long frame (a quantity under one alternative of one assumption), the tornado, and the collectors of chapters 3 and 4."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.methods.typology import reference_point
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe import sensitivity
from analysis.publication.chapters.models import presentation, result
from analysis.publication.labels import (
    MODEL_LABELS,
    REFERENCE_LABELS,
)

#: One row per quantity × assumption × alternative; `used`: the alternative in the report.
OUTCOME_COLUMNS: list[str] = [
    "quantity",
    "quantity_label",
    "assumption",
    "alternative",
    "value",
    "text",
    "used",
    "source_ids",
]


TORNADO_COLUMNS: list[str] = [
    "quantity",
    "quantity_label",
    "assumption",
    "central",
    "low",
    "high",
    "central_text",
    "low_text",
    "high_text",
    "low_alternative",
    "high_alternative",
    "alternatives",
    "n_alternatives",
    "source_ids",
]


ASSUMPTION_NL: dict[str, str] = {
    "peers": "Keuze van de vergelijkingsinstellingen",
    "price": "Prijsgrondslag (nominaal of constant)",
    "reference": "Referentiepunt van de typologie",
    "break_year": "Breukjaar",
    "break_shape": "Vorm van de breuk (stap of oplopend)",
    "target": "Bandbreedte van de top (laag–hoog)",
    "lag": "Vertraging van de extra uitkomsten",
    "ramp": "Vorm van de opbouw naar de top",
    "jobs": "Banen per nieuwe spin-off",
}


#: Assumptions that are methodological choices of the monitor, with no source to cite.
MONITOR_CHOICE_NL = "Keuze van de monitor (methode)"


USED_NL = " (gebruikt)"


DEMO_CAVEAT = (
    "Dit zijn demonstratiegegevens: de uitkomsten zeggen niets over de werkelijke instellingen "
    "of de regeling; de gevoeligheid laat zien hoe de methode op de aannames reageert."
)


#: Sources behind the assumptions whose source is not in the scenario's parameters.
PEER_SOURCE = "kto_nl_plan_2021"  # the plan names ETH Zürich, Oxford and KU Leuven


PRICE_SOURCES = "fred_hicp_nl;ecb_eurofxref_hist"


BREAK_YEAR_SOURCES = "kto_nl_plan_2021;assumption_scheme_ramp"


RAMP_SOURCE = "assumption_scheme_ramp"


def tornado(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per quantity and assumption: the report's value and the lowest and highest alternative.

    `outcomes` has `OUTCOME_COLUMNS`. Every (quantity, assumption) needs exactly one
    alternative marked `used`, and every used alternative of one quantity must give the
    same value: they all describe the one figure the report prints (a ValueError
    otherwise, since a tornado around two different centres would mislead). Order:
    quantities as they first appear, within a quantity the widest range first. Ties
    for the lowest or highest value name the first alternative that gives it.
    """
    missing = [c for c in OUTCOME_COLUMNS if c not in outcomes.columns]
    if missing:
        raise ValueError(f"outcomes lack columns: {', '.join(missing)}")
    rows: list[dict[str, object]] = []
    centres: dict[str, float] = {}
    for (quantity, assumption), g in outcomes.groupby(["quantity", "assumption"], sort=False):
        used = g[g["used"].astype(bool)]
        if len(used) != 1:
            raise ValueError(
                f"{quantity}/{assumption}: {len(used)} alternatives marked as used; expected 1"
            )
        central = float(used["value"].iloc[0])
        known = centres.setdefault(str(quantity), central)
        if not np.isclose(known, central, rtol=1e-9, atol=1e-9):
            raise ValueError(
                f"{quantity}: the report's value differs between assumptions "
                f"({known} and {central} under {assumption})"
            )
        values = g["value"].to_numpy(dtype="float64")
        texts = [str(x) for x in g["text"]]
        central_text = str(used["text"].iloc[0])
        flags = [bool(u) for u in g["used"]]
        lo = _pick(values, texts, flags, central_text, float(values.min()))
        hi = _pick(values, texts, flags, central_text, float(values.max()))
        alternatives = [
            str(a) + (USED_NL if bool(u) else "")
            for a, u in zip(g["alternative"], g["used"], strict=True)
        ]
        rows.append(
            {
                "quantity": quantity,
                "quantity_label": str(g["quantity_label"].iloc[0]),
                "assumption": assumption,
                "central": central,
                "low": float(values[lo]),
                "high": float(values[hi]),
                "central_text": str(used["text"].iloc[0]),
                "low_text": str(g["text"].iloc[lo]),
                "high_text": str(g["text"].iloc[hi]),
                "low_alternative": str(g["alternative"].iloc[lo]),
                "high_alternative": str(g["alternative"].iloc[hi]),
                "alternatives": "; ".join(alternatives),
                "n_alternatives": len(g),
                "source_ids": str(g["source_ids"].iloc[0]),
            }
        )
    frame = pd.DataFrame(rows, columns=TORNADO_COLUMNS)
    if frame.empty:
        return frame
    order = {q: i for i, q in enumerate(dict.fromkeys(frame["quantity"]))}
    frame = frame.assign(
        _q=frame["quantity"].map(order), _w=-(frame["high"] - frame["low"])
    ).sort_values(["_q", "_w"], kind="stable")
    return frame.drop(columns=["_q", "_w"]).reset_index(drop=True)


def _pick(
    values: np.ndarray, texts: list[str], used: list[bool], central_text: str, target: float
) -> int:
    """The alternative at `target` to name: one whose text differs from the report's, else
    the report's own choice, else the first.

    Two alternatives can tie on the value and still differ (the same share behind the
    top, but fewer comparisons ahead); naming the one that differs tells the reader more.
    Where nothing differs, the report's choice is the honest name for the extreme.
    """
    at = [i for i, v in enumerate(values) if np.isclose(v, target, rtol=1e-12, atol=1e-12)]
    differing = [i for i in at if texts[i] != central_text]
    own = [i for i in at if used[i]]
    return (differing or own or at)[0]


def _outcomes(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


def _verdict_text(behind: int, ahead: int, total: int) -> str:
    return f"{fmt.number(behind)} van de {fmt.number(total)} achter, {fmt.number(ahead)} voor"


def comparison_outcomes(
    peer_sens: pd.DataFrame, price_sens: pd.DataFrame, base_year: int
) -> pd.DataFrame:
    """Share of comparisons where the Netherlands is demonstrably behind the top (chapter 3).

    `peer_sens`: `peer_gaps.peer_choice_sensitivity` (each peer alone and left out; a
    choice without any comparison says nothing and is left out). `price_sens`:
    `peer_gaps.price_basis_sensitivity` (every comparison under each price basis). The
    value is the share behind in percent, since the number of comparisons changes
    with the peers; the text gives the counts.
    """
    quantity = "behind"
    label = "Vergelijkingen met de top waarin Nederland achterloopt (%)"
    rows: list[dict[str, object]] = []
    for rec in peer_sens.to_dict("records"):
        n = int(rec["n_comparisons"])
        if n == 0:
            continue
        rows.append(
            {
                "quantity": quantity,
                "quantity_label": label,
                "assumption": "peers",
                "alternative": sensitivity.peer_choice_label(str(rec["choice"])),
                "value": 100.0 * int(rec["n_behind"]) / n,
                "text": _verdict_text(int(rec["n_behind"]), int(rec["n_ahead"]), n),
                "used": rec["choice"] == "all",
                "source_ids": PEER_SOURCE,
            }
        )
    for basis, g in price_sens.groupby("basis", sort=False):
        n = len(g)
        behind = int((g["verdict"] == "behind").sum())
        ahead = int((g["verdict"] == "ahead").sum())
        rows.append(
            {
                "quantity": quantity,
                "quantity_label": label,
                "assumption": "price",
                "alternative": _basis_nl(str(basis)),
                "value": 100.0 * behind / n if n else np.nan,
                "text": _verdict_text(behind, ahead, n),
                "used": basis == f"prices:{base_year}",
                "source_ids": PRICE_SOURCES,
            }
        )
    return _outcomes(rows)


def _basis_nl(basis: str) -> str:
    return "nominaal" if basis == "nominal" else f"prijspeil {basis.split(':', 1)[1]}"


def typology_outcomes(ref_sens: pd.DataFrame) -> pd.DataFrame:
    """The typology's headline quantities under each reference point (chapter 4).

    From `typology.reference_sensitivity`: institutions in the model that is most
    common at the report's reference point (the summary's first finding on models),
    institutions with another model than there, and consortia typed as the evaluation
    did.
    """
    if ref_sens.empty:
        return _outcomes([])
    s = ref_sens.set_index("reference")
    top, _ = result.headline_model(ref_sens)
    n_inst = int(s["n_institutions"].max())
    n_cons = int(s["n_consortia"].max())
    rows: list[dict[str, object]] = []
    for ref, rec in s.iterrows():
        used = ref == reference_point.HEADLINE_REFERENCE
        common, n_common = result.modal_model(rec)
        in_top = int(rec[f"n_{top}"])
        top_text = fmt.number(in_top) + (
            "" if common == top else f" (het {MODEL_LABELS[common]}: {fmt.number(n_common)})"
        )
        for quantity, label, value, text in (
            (
                "typology_top",
                f"Instellingen in het {MODEL_LABELS[top]} (van de {fmt.number(n_inst)})",
                in_top,
                top_text,
            ),
            (
                "typology_changed",
                f"Instellingen met een ander model (van de {fmt.number(n_inst)})",
                int(rec["institutions_changed"]),
                fmt.number(int(rec["institutions_changed"])),
            ),
            (
                "typology_agreement",
                f"Consortia in hetzelfde model als de evaluatie (van de {fmt.number(n_cons)})",
                int(rec["agreement_n"]),
                f"{fmt.number(int(rec['agreement_n']))} ({presentation.kappa_words(float(rec['kappa']))})",
            ),
        ):
            rows.append(
                {
                    "quantity": quantity,
                    "quantity_label": label,
                    "assumption": "reference",
                    "alternative": REFERENCE_LABELS.get(str(ref), str(ref)).replace(" (kern)", ""),
                    "value": float(value),
                    "text": text,
                    "used": used,
                    "source_ids": "",
                }
            )
    return _outcomes(rows)
