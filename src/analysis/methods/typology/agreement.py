"""Typology, agreement with the evaluation: Cohen's kappa with a bootstrap interval, and the comparison table."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.methods.typology.reference_point import MODEL_INDICATORS, MODELS, FloatArray

#: Above this many distinct resampled confusion tables the bootstrap is drawn at random.
MAX_EXACT_TABLES: int = 2_000_000


@dataclass(frozen=True)
class KappaInterval:
    """Cohen's kappa with a percentile bootstrap interval over the paired units.

    `method` is 'exact' when every possible resample was enumerated (weighted by its
    multinomial probability, so no random draws and no Monte Carlo error), else
    'monte_carlo'. Resamples in which kappa is undefined (every resampled pair in one
    and the same category) are left out; `undefined_share` is their probability.
    """

    kappa: float
    low: float
    high: float
    level: float
    method: str
    n: int
    undefined_share: float


def _kappa_resamples(
    a: Sequence[object], b: Sequence[object], *, max_tables: int, n_boot: int, seed: int
) -> tuple[FloatArray, FloatArray, str, float]:
    """Kappa of every bootstrap resample of the pairs (a_i, b_i) and its probability.

    Kappa depends on a resample only through how many copies of each distinct pair it
    holds, which is multinomial(n, observed pair shares): enumerate those tables when
    there are at most `max_tables`, else draw `n_boot` of them with a fixed seed.
    Returns the defined kappas, their probabilities (summing to 1), the method and the
    probability of an undefined kappa.
    """
    pairs = [(str(x), str(y)) for x, y in zip(a, b, strict=True)]
    n = len(pairs)
    cells = sorted(set(pairs))
    counts = np.asarray([pairs.count(c) for c in cells], dtype="float64")
    p = counts / n
    k = len(cells)
    if math.comb(n + k - 1, k - 1) <= max_tables:
        bars = np.asarray(list(itertools.combinations(range(n + k - 1), k - 1)), dtype=np.int64)
        bars = bars.reshape(-1, k - 1)
        edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + k - 1)])
        tables = np.diff(edges, axis=1) - 1
        log_fact = np.asarray([math.lgamma(i + 1) for i in range(n + 1)])
        logp = log_fact[n] - log_fact[tables].sum(axis=1) + (tables * np.log(p)).sum(axis=1)
        weights = np.exp(logp)
        method = "exact"
    else:
        rng = np.random.default_rng(seed)
        tables = rng.multinomial(n, p, size=n_boot)
        weights = np.full(n_boot, 1.0 / n_boot)
        method = "monte_carlo"
    cats = sorted({c for pair in cells for c in pair})
    in_a = np.asarray([[pair[0] == c for c in cats] for pair in cells], dtype="float64")
    in_b = np.asarray([[pair[1] == c for c in cats] for pair in cells], dtype="float64")
    same = np.asarray([pair[0] == pair[1] for pair in cells], dtype="float64")
    m = tables.astype("float64")
    po = m @ same / n
    pe = ((m @ in_a / n) * (m @ in_b / n)).sum(axis=1)
    defined = pe < 1.0 - 1e-12
    total = float(weights.sum())
    undefined = float(weights[~defined].sum()) / total
    values = np.round((po[defined] - pe[defined]) / (1.0 - pe[defined]), 12) + 0.0  # no -0.0
    w = weights[defined]
    return values, w / w.sum() if len(w) else w, method, undefined


def kappa_interval(
    a: Sequence[object],
    b: Sequence[object],
    *,
    level: float = 0.95,
    max_tables: int = MAX_EXACT_TABLES,
    n_boot: int = 20_000,
    seed: int = 0,
) -> KappaInterval:
    """Cohen's kappa and its percentile bootstrap interval, resampling the units.

    The bounds are the smallest kappas whose cumulative bootstrap probability reaches
    (1 − level) / 2 and (1 + level) / 2. With 12 consortia the interval is wide; that
    is the point of showing it.
    """
    n = len(a)
    point = cohen_kappa(a, b)
    if n == 0:
        return KappaInterval(point, math.nan, math.nan, level, "exact", 0, math.nan)
    values, weights, method, undefined = _kappa_resamples(
        a, b, max_tables=max_tables, n_boot=n_boot, seed=seed
    )
    if not len(values):
        return KappaInterval(point, math.nan, math.nan, level, method, n, undefined)
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])

    def quantile(q: float) -> float:
        return float(values[order][int(np.argmax(cum >= q - 1e-12))])

    alpha = 1.0 - level
    return KappaInterval(
        point, quantile(alpha / 2), quantile(1 - alpha / 2), level, method, n, undefined
    )


@dataclass(frozen=True)
class Comparison:
    """Rule versus the evaluation's typology: confusion table, reasons, agreement."""

    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    accuracy: float
    kappa: float
    n: int
    kappa_interval: KappaInterval


def compare_with_evaluation(
    classified: pd.DataFrame, consortia: pd.DataFrame, *, level: float = 0.95
) -> Comparison:
    """Confusion table (rows: evaluation, columns: rule) and the reason for every disagreement.

    A disagreement carries what explains it: the indicators that drove the rule's label
    (`drivers`), the rule's score for its own label and for the evaluation's model
    (`score_rule`, `score_evaluation`), and the evaluation model's indicators ranked by
    standardised log-intensity (`evaluation_drivers`, with the first one's value in
    `evaluation_strongest_z`; needs the `z_*` columns of `classify_consortia`). Consortia
    without a rule label (no member data) or without an evaluation type are listed too,
    with those fields empty, not dropped silently. The reader's sentence is written in
    `analysis.publication.chapters.models` (methods compute, publication words).
    Kappa carries a bootstrap interval over the consortia (`kappa_interval`).
    """
    df = classified.merge(
        consortia[["consortium_id", "evaluation_model"]], on="consortium_id", how="left"
    )
    both = df[df["model"].notna() & df["evaluation_model"].notna()]
    confusion = pd.crosstab(
        pd.Categorical(both["evaluation_model"], categories=list(MODELS)),
        pd.Categorical(both["model"], categories=list(MODELS)),
        dropna=False,
    )
    confusion.index = pd.Index(list(MODELS), name="evaluation_model")
    confusion.columns = pd.Index(list(MODELS), name="rule_model")
    n = len(both)
    accuracy = float((both["model"] == both["evaluation_model"]).mean()) if n else np.nan
    interval = kappa_interval(
        both["evaluation_model"].tolist(), both["model"].tolist(), level=level
    )
    rows: list[dict[str, object]] = []
    for rec in df.to_dict("records"):
        ev, lab = rec["evaluation_model"], rec["model"]
        if isinstance(ev, str) and isinstance(lab, str) and ev == lab:
            continue
        ev_drv = ""
        score_rule = score_evaluation = strongest_z = np.nan
        if isinstance(ev, str) and isinstance(lab, str):
            ev_z = {
                i: float(rec[f"z_{i}"]) for i in MODEL_INDICATORS[ev] if pd.notna(rec.get(f"z_{i}"))
            }
            ev_inds = sorted(ev_z, key=lambda i: -ev_z[i])
            ev_drv = ", ".join(ev_inds)
            score_rule = float(rec[f"score_{lab}"])
            score_evaluation = float(rec[f"score_{ev}"])
            strongest_z = ev_z[ev_inds[0]] if ev_inds else np.nan
        rows.append(
            {
                "consortium_id": rec["consortium_id"],
                "evaluation_model": ev,
                "rule_model": lab,
                "margin": rec["margin"],
                "drivers": rec["drivers"],
                "evaluation_drivers": ev_drv,
                "score_rule": score_rule,
                "score_evaluation": score_evaluation,
                "evaluation_strongest_z": strongest_z,
            }
        )
    cols = [
        "consortium_id",
        "evaluation_model",
        "rule_model",
        "margin",
        "drivers",
        "evaluation_drivers",
        "score_rule",
        "score_evaluation",
        "evaluation_strongest_z",
    ]
    return Comparison(
        confusion, pd.DataFrame(rows, columns=cols), accuracy, interval.kappa, n, interval
    )


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float:
    """Cohen's kappa (observed vs chance agreement); NaN when empty.

    Computed directly (not through sklearn) because the bootstrap calls it hundreds of
    times; two identical sequences give 1 even when chance agreement is 1.
    """
    n = len(a)
    if n == 0:
        return float("nan")
    sa, sb = [str(x) for x in a], [str(x) for x in b]
    po = sum(x == y for x, y in zip(sa, sb, strict=True)) / n
    cats = set(sa) | set(sb)
    pe = sum((sa.count(c) / n) * (sb.count(c) / n) for c in cats)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else float("nan")
    return float((po - pe) / (1 - pe))
