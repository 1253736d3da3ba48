"""Typology: the push / exchange / serve rule, its data-driven check and the consortia."""

from __future__ import annotations

import math
from typing import cast

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import typology as T
from analysis.benchmark import intensities

REF = T.REFERENCE_SCALES
LN_10_1 = math.log(10.1)  # ten times the reference: ln((10 + 0.1) / 1)
LN_1_1 = math.log(1.1)  # at the reference: ln((1 + 0.1) / 1)


def cell(frame: pd.DataFrame, row: str | int, col: str) -> float:
    """A numeric cell; pandas-stubs type `.loc[row, col]` as a wide union, so cast once here."""
    return float(cast(float, frame.loc[row, col]))


def text(frame: pd.DataFrame, row: str | int, col: str) -> str:
    """A text cell (see `cell`)."""
    return str(frame.loc[row, col])


def profile_row(strong: str | None, factor: float = 10.0) -> dict[str, float]:
    """Intensities per 100M: the `strong` model's indicators at factor × reference, others at it."""
    return {
        i: REF[i] * (factor if T.INDICATOR_MODEL[i] == strong else 1.0)
        for i in T.TYPOLOGY_INDICATORS
    }


def wide_from_intensities(rows: list[dict[str, float]], re: float = 2e8) -> pd.DataFrame:
    """A wide frame whose institutions have the given intensities (at research expenditure `re`)."""
    frame = pd.DataFrame(rows) * (re / 1e8)
    frame.insert(0, "research_expenditure_eur", re)
    frame.insert(0, "year", 2020)
    frame.insert(0, "institution_id", [f"i{k}" for k in range(len(rows))])
    return frame


@pytest.mark.parametrize("model", T.MODELS)
def test_hand_built_profile_gets_its_model_with_hand_computed_scores(model: str) -> None:
    res = T.classify(wide_from_intensities([profile_row(model)]))
    row = res.iloc[0]
    assert row["label"] == model
    assert row[f"score_{model}"] == pytest.approx(LN_10_1)
    for other in T.MODELS:
        if other != model:
            assert row[f"score_{other}"] == pytest.approx(LN_1_1)
    assert row["margin"] == pytest.approx(LN_10_1 - LN_1_1)
    assert row["drivers"].split(", ")[0] in T.MODEL_INDICATORS[model]
    assert row["n_indicators"] == len(T.TYPOLOGY_INDICATORS)


def test_profile_prior_decides_a_balanced_mix_and_says_so() -> None:
    w = wide_from_intensities([profile_row(None)] * 3)
    w["profile"] = ["technical", "business", "medical"]
    res = T.classify(w)
    assert res["label"].tolist()[:2] == ["push", "serve"]
    assert res["margin"].iloc[0] == pytest.approx(T.PRIOR_WEIGHT)
    assert "profiel:technical" in res["drivers"].iloc[0]
    assert res["prior"].iloc[2] is None  # medical carries no prior


def test_prior_does_not_overturn_a_clear_mix() -> None:
    w = wide_from_intensities([profile_row("serve")])
    w["profile"] = "technical"
    res = T.classify(w).iloc[0]
    assert res["label"] == "serve"
    assert res["margin"] == pytest.approx(LN_10_1 - LN_1_1 - T.PRIOR_WEIGHT)
    assert "profiel" not in res["drivers"]


def test_unreported_indicators_do_not_count_as_zero() -> None:
    row: dict[str, float] = dict.fromkeys(T.TYPOLOGY_INDICATORS, np.nan)
    row["spinoffs"] = REF["spinoffs"] * 10
    row["research_agreements_n"] = REF["research_agreements_n"]
    res = T.classify(wide_from_intensities([row])).iloc[0]
    assert res["score_push"] == pytest.approx(LN_10_1)  # mean over the one reported push indicator
    assert math.isnan(res["score_serve"])
    assert res["label"] == "push"
    assert res["n_indicators"] == 2


def test_zero_output_scores_the_floor() -> None:
    row = profile_row(None)
    row["spinoffs"] = 0.0
    z = T.standardise(pd.DataFrame([row]))
    assert z["spinoffs"].iloc[0] == pytest.approx(math.log(0.1))


@settings(max_examples=8, deadline=None)
@given(factor=st.floats(min_value=0.01, max_value=100.0), model=st.sampled_from(T.MODELS))
def test_label_is_invariant_to_institution_size(factor: float, model: str) -> None:
    a = T.classify(wide_from_intensities([profile_row(model, 5.0)], re=1e8))
    b = T.classify(wide_from_intensities([profile_row(model, 5.0)], re=1e8 * factor))
    assert a["label"].iloc[0] == b["label"].iloc[0] == model
    assert b["margin"].iloc[0] == pytest.approx(a["margin"].iloc[0])


def simulate(
    n_per_model: int, seed: int, shift: float = 1.0, noise: float = 0.6
) -> tuple[pd.DataFrame, list[str]]:
    """Institutions with a known model: its indicators e^shift above reference, with log-noise."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, float]] = []
    truth: list[str] = []
    for model in T.MODELS:
        for _ in range(n_per_model):
            rows.append(
                {
                    i: REF[i]
                    * math.exp(
                        (shift if T.INDICATOR_MODEL[i] == model else 0.0) + rng.normal(0, noise)
                    )
                    for i in T.TYPOLOGY_INDICATORS
                }
            )
            truth.append(model)
    return wide_from_intensities(rows), truth


def test_simulated_labels_are_recovered_with_at_least_90_percent_accuracy() -> None:
    w, truth = simulate(60, seed=11)
    res = T.classify(w)
    accuracy = float(np.mean(res["label"].to_numpy() == np.asarray(truth)))
    print(f"rule accuracy on 180 simulated profiles: {accuracy:.3f}")
    assert accuracy >= 0.90


def test_kappa_known_answer() -> None:
    # po = 0.75; pe = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = (0.75 - 0.5) / 0.5 = 0.5
    assert T._kappa(
        ["push", "push", "serve", "serve"], ["push", "serve", "serve", "serve"]
    ) == pytest.approx(0.5)
    assert T._kappa(["push"], ["push"]) == 1.0


def test_cross_section_standardisation_centres_each_indicator() -> None:
    w, _ = simulate(10, seed=3)
    z = T.standardise(
        intensities(w, "per_100m_research", T.TYPOLOGY_INDICATORS), reference="cross_section"
    )
    assert np.allclose(z.mean().to_numpy(), 0.0, atol=1e-12)
    assert np.allclose(z.std(ddof=0).to_numpy(), 1.0)


def test_cluster_check_recovers_separated_groups_and_maps_them_to_models() -> None:
    w, truth = simulate(20, seed=5, shift=2.0, noise=0.3)
    z = T.standardise(intensities(w, "per_100m_research", T.TYPOLOGY_INDICATORS))
    rule = T.classify(w)["label"]
    chk = T.cluster_check(z, rule, random_state=0)
    assert sorted(chk.mapping.values()) == sorted(T.MODELS)
    assert float(np.mean(chk.labels.to_numpy() == np.asarray(truth))) >= 0.95
    assert chk.kappa > 0.9
    assert chk.n_dropped == 0


def test_cluster_check_drops_incomplete_rows_instead_of_imputing() -> None:
    w, _ = simulate(10, seed=6, shift=2.0, noise=0.3)
    w.loc[0, "spinoffs"] = np.nan
    z = T.standardise(intensities(w, "per_100m_research", T.TYPOLOGY_INDICATORS))
    chk = T.cluster_check(z, T.classify(w)["label"])
    assert chk.n_dropped == 1
    assert 0 not in chk.labels.index


def test_bootstrap_stability_high_for_separated_low_for_noise() -> None:
    w, _ = simulate(15, seed=8, shift=2.5, noise=0.3)
    z = T.standardise(intensities(w, "per_100m_research", T.TYPOLOGY_INDICATORS))
    stab = T.bootstrap_stability(z, n_boot=25, seed=1)
    assert len(stab) == 25
    assert stab["agreement"].mean() > 0.9
    noise, _ = simulate(15, seed=9, shift=0.0, noise=0.5)
    zn = T.standardise(intensities(noise, "per_100m_research", T.TYPOLOGY_INDICATORS))
    assert (
        T.bootstrap_stability(zn, n_boot=25, seed=1)["agreement"].mean() < stab["agreement"].mean()
    )


def test_year_stability_persistence_is_one_for_constant_profiles() -> None:
    w, _ = simulate(6, seed=2, shift=2.0, noise=0.2)
    frames = [w.assign(year=y) for y in (2019, 2020, 2021)]
    ys = T.year_stability(pd.concat(frames, ignore_index=True))
    assert ys["year"].tolist() == [2019, 2020, 2021]
    assert math.isnan(ys["persistence"].iloc[0])
    assert ys["persistence"].iloc[1:].tolist() == [1.0, 1.0]


def test_classify_pooled_uses_ratio_of_sums_over_years() -> None:
    # Year 1: serve-heavy on EUR 1e8; year 2: push-heavy on EUR 9e8. Pooled: push.
    y1 = wide_from_intensities([profile_row("serve")], re=1e8)
    y2 = wide_from_intensities([profile_row("push")], re=9e8).assign(year=2021)
    res = T.classify_pooled(pd.concat([y1, y2], ignore_index=True))
    assert res["institution_id"].tolist() == ["i0"]
    # spin-offs: (2*1 + 2*10*9) / (1 + 9) = 18.2 per 100M, i.e. 9.1 x reference.
    assert cell(res, 0, "score_push") == pytest.approx(math.log(9.1 + 0.1))
    assert text(res, 0, "label") == "push"
    only_first = T.classify_pooled(pd.concat([y1, y2], ignore_index=True), years=[2020])
    assert text(only_first, 0, "label") == "serve"


# ------------------------------------------------------------------ consortia


def consortium_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    push = profile_row("push")
    serve = profile_row("serve")
    w = wide_from_intensities([push, push, serve, profile_row(None)])
    w["institution_id"] = ["tud", "fontys", "eur", "rug"]
    w.loc[3, T.TYPOLOGY_INDICATORS] = np.nan  # rug reports nothing
    members = pd.DataFrame(
        {
            "consortium_id": ["c_push", "c_push", "c_serve", "c_empty", "c_wrong"],
            "institution_id": ["tud", "fontys", "eur", "rug", "eur"],
            "role": ["lead", "member", "lead", "member", "member"],
        }
    )
    consortia = pd.DataFrame(
        {
            "consortium_id": ["c_push", "c_serve", "c_empty", "c_wrong"],
            "lead_institution_id": ["tud", "eur", np.nan, "tud"],
            "evaluation_model": ["push", "serve", "exchange", "push"],
        }
    )
    institutions = pd.DataFrame(
        {
            "institution_id": ["tud", "fontys", "eur", "rug"],
            "profile": ["technical", "applied", "business", "broad"],
            "type": ["university", "university of applied sciences", "university", "university"],
        }
    )
    return w, members, consortia, institutions


def test_consortium_profile_is_the_sum_of_its_members() -> None:
    w, members, consortia, inst = consortium_inputs()
    w.loc[1, "spinoffs"] = 0.0  # fontys: 0 spin-offs; tud: 2 * 10 * 2 = 40 on 2e8
    ci = T.consortium_intensities(w, members, consortia, inst).set_index("consortium_id")
    assert cell(ci, "c_push", "spinoffs") == pytest.approx(40 / 4e8 * 1e8)
    assert text(ci, "c_push", "profile") == "technical"
    assert cell(ci, "c_push", "n_members_with_data") == 2
    assert math.isnan(cell(ci, "c_empty", "spinoffs"))


def test_comparison_with_evaluation_confusion_and_reasons() -> None:
    w, members, consortia, inst = consortium_inputs()
    cls = T.classify_consortia(w, members, consortia, inst)
    assert cls.set_index("consortium_id")["label"].to_dict() == {
        "c_push": "push",
        "c_serve": "serve",
        "c_empty": None,
        "c_wrong": "serve",
    }
    cmp = T.compare_with_evaluation(cls, consortia)
    assert cmp.n == 3
    assert cell(cmp.confusion, "push", "push") == 1
    assert cell(cmp.confusion, "push", "serve") == 1
    assert cell(cmp.confusion, "serve", "serve") == 1
    assert int(cmp.confusion.to_numpy().sum()) == 3
    assert cmp.accuracy == pytest.approx(2 / 3)
    dis = cmp.disagreements.set_index("consortium_id")
    assert set(dis.index) == {"c_wrong", "c_empty"}
    assert text(dis, "c_wrong", "rule_label") == "serve"
    assert "serve-model" in text(dis, "c_wrong", "reason")
    assert text(dis, "c_wrong", "drivers").split(", ")[0] in T.MODEL_INDICATORS["serve"]
    assert "geen indicatoren" in text(dis, "c_empty", "reason")
    # c_wrong (eur only): push indicators sit at the reference, z = ln(1.1) each.
    assert set(text(dis, "c_wrong", "evaluation_drivers").split(", ")) == set(
        T.MODEL_INDICATORS["push"]
    )
    assert "sterkste indicator voor het push-model" in text(dis, "c_wrong", "reason")
    assert cell(cls.set_index("consortium_id"), "c_wrong", "z_spinoffs") == pytest.approx(LN_1_1)


def test_every_typology_column_has_a_dutch_label() -> None:
    from analysis.labels import model_label, unlabelled

    w, members, consortia, inst = consortium_inputs()
    cls = T.classify_consortia(w, members, consortia, inst)
    cmp = T.compare_with_evaluation(cls, consortia)
    assert unlabelled(T.classify(w)) == []
    assert unlabelled(cls) == []
    assert unlabelled(cmp.disagreements) == []
    assert [model_label(m) for m in T.MODELS] == ["push-model", "exchange-model", "serve-model"]
