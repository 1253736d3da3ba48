"""Typology, the rule: scores per model from the standardised intensities, and the classification of institutions and consortia."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.methods.peer_gaps.definitions import intensities
from analysis.methods.typology.reference_point import (
    HEADLINE_REFERENCE,
    MODEL_INDICATORS,
    MODELS,
    TYPOLOGY_INDICATORS,
    Reference,
    derive_reference,
    pooled_profile,
)


def score(z: pd.DataFrame, profile: pd.Series | None = None, *, n_drivers: int = 2) -> pd.DataFrame:
    """Model scores, model, second-best, margin and drivers for each row of `z`.

    The scores read the measured indicators only. `profile` (aligned with z's index),
    when given, is carried into a `profile` column so a table can show it beside the
    model; it never changes a score, a model or a driver. Ties go to the first model in
    the order push, exchange, serve; the margin 0 shows them.
    """
    scores = pd.DataFrame(
        {f"score_{m}": z[list(MODEL_INDICATORS[m])].mean(axis=1, skipna=True) for m in MODELS},
        index=z.index,
    )
    arr = scores.to_numpy(dtype="float64")
    finite = np.isfinite(arr)
    n_finite = finite.sum(axis=1)
    order = np.argsort(np.where(finite, -arr, np.inf), axis=1, kind="stable")
    rows = np.arange(len(arr))
    best_val = arr[rows, order[:, 0]]
    second_val = arr[rows, order[:, 1]]
    margins = np.where(n_finite > 1, best_val - second_val, np.nan)
    models = np.asarray(MODELS, dtype="object")
    winners = np.asarray(
        [models[o] if n > 0 else None for o, n in zip(order[:, 0], n_finite, strict=True)],
        dtype="object",
    )
    seconds = np.asarray(
        [models[o] if n > 1 else None for o, n in zip(order[:, 1], n_finite, strict=True)],
        dtype="object",
    )
    # Drivers: the winning group's indicators ranked by z (vectorised per model).
    zarr = z[list(TYPOLOGY_INDICATORS)].to_numpy(dtype="float64")
    drivers: list[str] = [""] * len(z)
    for m in MODELS:
        cols = [TYPOLOGY_INDICATORS.index(i) for i in MODEL_INDICATORS[m]]
        sub = zarr[:, cols]
        rank = np.argsort(np.where(np.isfinite(sub), -sub, np.inf), axis=1, kind="stable")
        names = np.asarray(MODEL_INDICATORS[m], dtype="object")
        for i in np.flatnonzero(winners == m):
            k = min(n_drivers, int(np.isfinite(sub[i]).sum()))
            drivers[i] = ", ".join(str(v) for v in names[rank[i, :k]])
    out = scores
    out["n_indicators"] = z[list(TYPOLOGY_INDICATORS)].notna().sum(axis=1).astype("int64")
    out["model"] = pd.Series(winners, index=z.index, dtype="object")
    out["second"] = pd.Series(seconds, index=z.index, dtype="object")
    out["margin"] = np.asarray(margins, dtype="float64")
    out["drivers"] = drivers
    if profile is not None:
        out["profile"] = profile.reindex(z.index).astype("object")
    return out


def classify(
    wide: pd.DataFrame,
    *,
    reference: str | Reference = HEADLINE_REFERENCE,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """Classify each institution-year of the wide frame.

    A method name derives one reference from all institutions pooled over all years of
    `wide`, so a label that changes from year to year reflects the institution's own
    change, not a moving yardstick.
    """
    ref = reference if isinstance(reference, Reference) else derive_reference(wide, None, reference)
    intens = intensities(wide, "per_100m_research", TYPOLOGY_INDICATORS)
    res = score(ref.standardise(intens), n_drivers=n_drivers)
    ids = wide[[c for c in ("institution_id", "year") if c in wide.columns]]
    return pd.concat([ids, res], axis=1).reset_index(drop=True)


def classify_pooled(
    wide: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    reference: str | Reference = HEADLINE_REFERENCE,
    n_drivers: int = 2,
) -> pd.DataFrame:
    """One label per institution over a window of years (pooled ratio-of-sums intensities).

    Small institutions have few spin-offs or licences in any one year; pooling a few
    years gives the steadier label the report needs. A method name derives the
    reference from the same institutions over the same years.
    """
    years = None if years is None else list(years)
    prof = pooled_profile(wide, "institution_id", years)
    ref = (
        reference if isinstance(reference, Reference) else derive_reference(wide, years, reference)
    )
    res = score(ref.standardise(prof), n_drivers=n_drivers)
    return pd.concat([prof.index.to_frame(index=False), res.reset_index(drop=True)], axis=1)


def consortium_intensities(
    wide: pd.DataFrame,
    members: pd.DataFrame,
    consortia: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """A consortium's indicator mix: its member institutions' indicators summed.

    The lead institution's profile is kept as `profile` for display only. Members
    without data (companies, regional development agencies) add nothing;
    `n_members_with_data` says how many did.
    """
    m = members[["consortium_id", "institution_id"]].drop_duplicates()
    joined = wide.merge(m, on="institution_id", how="inner")
    prof = pooled_profile(joined, "consortium_id", years)
    frame = consortia[["consortium_id", "lead_institution_id"]].copy()
    frame["profile"] = frame["lead_institution_id"].map(
        institutions.set_index("institution_id")["profile"]
    )
    n_data = joined.groupby("consortium_id")["institution_id"].nunique()
    frame["n_members_with_data"] = frame["consortium_id"].map(n_data).fillna(0).astype("int64")
    return frame.merge(prof.reset_index(), on="consortium_id", how="left")


def classify_consortia(
    wide: pd.DataFrame,
    members: pd.DataFrame,
    consortia: pd.DataFrame,
    institutions: pd.DataFrame,
    *,
    years: Iterable[int] | None = None,
    reference: str | Reference = HEADLINE_REFERENCE,
) -> pd.DataFrame:
    """Classify the consortia on their summed member indicators.

    A method name derives the reference from all institutions over the same years, so a
    consortium is placed against the typical institution of those years, just as an
    institution is. The standardised log-intensities are kept as `z_<indicator>`
    columns so that a disagreement with the evaluation can be explained indicator by
    indicator. The lead's profile is carried along for display; it decides nothing.
    """
    years = None if years is None else list(years)
    frame = consortium_intensities(wide, members, consortia, institutions, years=years)
    ref = (
        reference if isinstance(reference, Reference) else derive_reference(wide, years, reference)
    )
    z = ref.standardise(frame)
    res = score(z)
    keep = ["consortium_id", "lead_institution_id", "profile", "n_members_with_data"]
    return pd.concat([frame[keep], res, z.add_prefix("z_")], axis=1)
