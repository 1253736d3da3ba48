"""Peer gaps, the definitions: denominators, peer groups and intensities as ratios of sums over the institutions that reported both."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from analysis.data.indicators import INDICATOR_CODES, catalogue

#: Denominators: name → (indicator code, scale). Outputs per EUR 100 million research
#: expenditure (the ASTP convention) and per KTO FTE; and per invention disclosure, a
#: conversion ratio that needs no input figure, so it can be computed for peers that
#: publish their pipeline but not their research expenditure (ETH).
DENOMINATORS: dict[str, tuple[str, float]] = {
    "per_100m_research": ("research_expenditure_eur", 1e8),
    "per_kto_fte": ("kto_staff_fte", 1.0),
    "per_disclosure": ("invention_disclosures", 1.0),
}


INPUT_INDICATORS: tuple[str, ...] = ("research_expenditure_eur", "kto_staff_fte")


#: Output indicators of the catalogue (everything except the two inputs).
OUTPUT_INDICATORS: tuple[str, ...] = tuple(
    code for code in INDICATOR_CODES if code not in ("research_expenditure_eur", "kto_staff_fte")
)


#: Money indicators of the catalogue (all in nominal euros of their own year).
MONEY_INDICATORS: tuple[str, ...] = catalogue().money_codes


#: The plan's European top group and the ASTP reference values.
TOP_PEERS: tuple[str, ...] = ("eth_domain", "ethz", "oxford", "kuleuven")


ASTP_PEERS: tuple[str, ...] = ("astp_avg", "astp_total")


#: One peer, counted once: the ETH Domain (six institutions) and ETH Zurich are two
#: definitions of the same peer, ETH, so they form one range, not two comparisons.
PEER_GROUPS: dict[str, str] = {
    "eth_domain": "eth",
    "ethz": "eth",
    "oxford": "oxford",
    "kuleuven": "kuleuven",
    "astp_avg": "astp_avg",
    "astp_total": "astp_total",
}


PEER_GROUP_NAMES: dict[str, str] = {
    "eth": "ETH (ETH Zürich en ETH-domein)",
    "oxford": "University of Oxford",
    "kuleuven": "KU Leuven",
    "astp_avg": "ASTP-gemiddelde per KTO",
    "astp_total": "ASTP-enquête totaal",
}


TOP_GROUPS: tuple[str, ...] = ("eth", "oxford", "kuleuven")


#: How exact a peer figure is (`value_type` in peers.csv).
VALUE_TYPES: tuple[str, ...] = ("exact", "approximate", "lower_bound")


#: Verdicts of `compare_ranges`.
VERDICTS: tuple[str, ...] = ("behind", "ahead", "indistinguishable", "unknown")


#: Definitional caveats (Dutch, printed in the report) per peer and per indicator.
PEER_NOTES: dict[str, str] = {
    "eth_domain": "ETH-Domein (ETH Zürich, EPFL en vier onderzoeksinstituten), niet ETH Zürich alleen",
    "astp_avg": "gemiddelde per responderende instelling in de ASTP-enquête",
    "astp_total": "totaal over de responderende instellingen in de ASTP-enquête",
}


INDICATOR_NOTES: dict[str, str] = {
    "priority_patent_applications": (
        "Nederland telt alleen prioritaire aanvragen; het vergelijkingscijfer kan alle "
        "octrooiaanvragen (ook uitbreidingen) omvatten"
    ),
}


ID_COLUMNS: tuple[str, ...] = ("institution_id", "year")


FloatArray = npt.NDArray[np.float64]


def intensities(
    wide: pd.DataFrame,
    denominator: str = "per_100m_research",
    indicators: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Row-wise intensities: each output divided by the denominator, times its scale.

    A missing or non-positive denominator (or an absent denominator column) gives NaN:
    an intensity of nothing is not zero. Identifier columns present in `wide` are kept so the result joins back.
    """
    code, scale = DENOMINATORS[denominator]
    cols = [c for c in (indicators or OUTPUT_INDICATORS) if c in wide.columns]
    if code in wide.columns:
        den = wide[code].astype("float64")
        den = den.where(den > 0)
    else:  # the denominator was not reported at all: every intensity is unknown
        den = pd.Series(np.nan, index=wide.index, dtype="float64")
    out = wide[[c for c in ID_COLUMNS if c in wide.columns]].copy()
    for c in cols:
        out[c] = wide[c].astype("float64") / den * scale
    return out


def _pairwise_sums(
    frame: pd.DataFrame, indicators: Sequence[str], den_code: str
) -> tuple[FloatArray, FloatArray]:
    """Numerator and denominator arrays (rows × indicators) over pairs reported together.

    A row contributes to an indicator's ratio only when both the indicator and the
    denominator are reported, so non-reporting never masquerades as zero output.
    """
    den = frame[den_code].to_numpy(dtype="float64")
    num = frame[list(indicators)].to_numpy(dtype="float64")
    ok = np.isfinite(num) & np.isfinite(den)[:, None] & (den[:, None] > 0)
    nums = np.where(ok, num, 0.0)
    dens = np.where(ok, den[:, None], 0.0)
    return nums, dens


def gap(
    nl_value: FloatArray | float, peer_value: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """Gap as difference (NL − peer) and ratio (NL / peer; NaN when the peer value is 0)."""
    nl = np.asarray(nl_value, dtype="float64")
    peer = np.asarray(peer_value, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(peer != 0, nl / np.where(peer != 0, peer, 1.0), np.nan)
    return nl - peer, ratio
