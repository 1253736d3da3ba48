"""Typology: the push / exchange / serve rule, its data-driven check and the consortia."""

from __future__ import annotations

import math
from typing import cast

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.methods import typology as T
from analysis.methods.peer_gaps.definitions import intensities
from analysis.methods.typology import agreement, reference_point, robustness
from analysis.methods.typology import rule as T_rule

#: Hand-set reference points (per EUR 100 mln) for tests that compute scores by hand.
REF: dict[str, float] = {
    "invention_disclosures": 20.0,
    "priority_patent_applications": 8.0,
    "licence_agreements": 6.0,
    "spinoffs": 2.0,
    "research_agreements_n": 60.0,
    "research_agreements_eur": 8_000_000.0,
    "contract_research_n": 80.0,
    "contract_research_eur": 6_000_000.0,
    "startups_supported": 10.0,
}
GIVEN = reference_point.Reference.from_points(REF)
LN_10 = math.log(10.1 / 1.1)  # ten times the reference: ln((10 + 0.1) / (1 + 0.1))


def cell(frame: pd.DataFrame, row: str | int, col: str) -> float:
    """A numeric cell; pandas-stubs type `.loc[row, col]` as a wide union, so cast once here."""
    return float(cast(float, frame.loc[row, col]))


def text(frame: pd.DataFrame, row: str | int, col: str) -> str:
    """A text cell (see `cell`)."""
    return str(frame.loc[row, col])


def profile_row(strong: str | None, factor: float = 10.0) -> dict[str, float]:
    """Intensities per 100M: the `strong` model's indicators at factor × reference, others at it."""
    return {
        i: REF[i] * (factor if reference_point.INDICATOR_MODEL[i] == strong else 1.0)
        for i in reference_point.TYPOLOGY_INDICATORS
    }


def wide_from_intensities(rows: list[dict[str, float]], re: float = 2e8) -> pd.DataFrame:
    """A wide frame whose institutions have the given intensities (at research expenditure `re`)."""
    frame = pd.DataFrame(rows) * (re / 1e8)
    frame.insert(0, "research_expenditure_eur", re)
    frame.insert(0, "year", 2020)
    frame.insert(0, "institution_id", [f"i{k}" for k in range(len(rows))])
    return frame


@pytest.mark.parametrize("model", reference_point.MODELS)
def test_hand_built_profile_gets_its_model_with_hand_computed_scores(model: str) -> None:
    res = T_rule.classify(wide_from_intensities([profile_row(model)]), reference=GIVEN)
    row = res.iloc[0]
    assert row["model"] == model
    assert row[f"score_{model}"] == pytest.approx(LN_10)
    for other in reference_point.MODELS:
        if other != model:
            assert row[f"score_{other}"] == pytest.approx(0.0, abs=1e-12)
    assert row["margin"] == pytest.approx(LN_10)
    assert row["drivers"].split(", ")[0] in reference_point.MODEL_INDICATORS[model]
    assert row["n_indicators"] == len(reference_point.TYPOLOGY_INDICATORS)
    assert "profile" not in res.columns and "prior" not in res.columns


def test_the_old_profile_prior_is_gone() -> None:
    assert not hasattr(T, "PROFILE_PRIOR")
    assert not hasattr(T, "PRIOR_WEIGHT")
    assert not hasattr(T, "REFERENCE_SCALES")


def test_profile_is_shown_beside_the_label_and_never_scored() -> None:
    """A balanced mix stays a tie whatever the profile; the profile only rides along."""
    w = wide_from_intensities([profile_row(None), profile_row(None), profile_row("serve", 1.2)])
    z = GIVEN.standardise(intensities(w, "per_100m_research", reference_point.TYPOLOGY_INDICATORS))
    bare = T_rule.score(z)
    technical = T_rule.score(z, pd.Series(["technical", "business", "technical"], index=z.index))
    business = T_rule.score(z, pd.Series(["business", "technical", "applied"], index=z.index))
    cols = [*reference_point.SCORE_COLUMNS, "model", "second", "margin", "drivers", "n_indicators"]
    pd.testing.assert_frame_equal(technical[cols], bare[cols])
    pd.testing.assert_frame_equal(business[cols], bare[cols])
    assert technical["profile"].tolist() == ["technical", "business", "technical"]
    # a balanced mix is a tie: margin 0, first model in order; no profile driver
    assert bare["margin"].iloc[0] == pytest.approx(0.0, abs=1e-12)
    assert not any("profiel" in d for d in technical["drivers"])
    # serve at 1.2x its reference: ln(1.3 / 1.1) for serve, 0 for the others
    assert bare["model"].iloc[2] == "serve"
    assert bare["score_serve"].iloc[2] == pytest.approx(math.log(1.3 / 1.1))


def test_unreported_indicators_do_not_count_as_zero() -> None:
    row: dict[str, float] = dict.fromkeys(reference_point.TYPOLOGY_INDICATORS, np.nan)
    row["spinoffs"] = REF["spinoffs"] * 10
    row["research_agreements_n"] = REF["research_agreements_n"]
    res = T_rule.classify(wide_from_intensities([row]), reference=GIVEN).iloc[0]
    assert res["score_push"] == pytest.approx(LN_10)  # mean over the one reported push indicator
    assert math.isnan(res["score_serve"])
    assert res["model"] == "push"
    assert res["n_indicators"] == 2


def test_zero_output_scores_the_floor() -> None:
    row = profile_row(None)
    row["spinoffs"] = 0.0
    z = reference_point.standardise(pd.DataFrame([row]), GIVEN)
    assert z["spinoffs"].iloc[0] == pytest.approx(math.log(0.1 / 1.1))


@settings(max_examples=8, deadline=None)
@given(
    factor=st.floats(min_value=0.01, max_value=100.0), model=st.sampled_from(reference_point.MODELS)
)
def test_label_is_invariant_to_institution_size(factor: float, model: str) -> None:
    a = T_rule.classify(wide_from_intensities([profile_row(model, 5.0)], re=1e8), reference=GIVEN)
    b = T_rule.classify(
        wide_from_intensities([profile_row(model, 5.0)], re=1e8 * factor), reference=GIVEN
    )
    assert a["model"].iloc[0] == b["model"].iloc[0] == model
    assert b["margin"].iloc[0] == pytest.approx(a["margin"].iloc[0])


# ------------------------------------------------------------------ reference points


def three_institutions() -> pd.DataFrame:
    """Spin-offs per EUR 100 mln of 1, 2 and 4 (research EUR 100, 200, 100 mln), rest at REF."""
    rows = [profile_row(None) for _ in range(3)]
    for row, spin in zip(rows, (1.0, 2.0, 4.0), strict=True):
        row["spinoffs"] = spin
    w = wide_from_intensities(rows, re=1e8)
    w.loc[1, [*reference_point.TYPOLOGY_INDICATORS, "research_expenditure_eur"]] *= (
        2  # same intensities
    )
    return w


def test_reference_points_are_derived_from_the_cross_section_by_hand() -> None:
    w = three_institutions()
    # median spin-off intensity 2, offset 0.1 x 2 = 0.2:
    # z = ln((x + 0.2) / (2 + 0.2)) = ln(1.2/2.2), ln(2.2/2.2), ln(4.2/2.2)
    ref = reference_point.derive_reference(w, method="cross_section_median")
    assert ref.points()["spinoffs"] == pytest.approx(2.0)
    assert ref.offset["spinoffs"] == pytest.approx(0.2)
    z = ref.standardise(reference_point.pooled_profile(w, "institution_id"))
    assert z["spinoffs"].tolist() == pytest.approx([math.log(1.2 / 2.2), 0.0, math.log(4.2 / 2.2)])
    # indicators where everyone sits at REF score 0
    assert z["licence_agreements"].tolist() == pytest.approx([0.0, 0.0, 0.0], abs=1e-12)
    # geometric mean: centre = mean(ln 1.2, ln 2.2, ln 4.2) = ln(11.088) / 3
    geo = reference_point.derive_reference(w, method="cross_section_geomean")
    centre = (math.log(1.2) + math.log(2.2) + math.log(4.2)) / 3
    assert geo.centre["spinoffs"] == pytest.approx(centre)
    assert geo.standardise(reference_point.pooled_profile(w, "institution_id"))["spinoffs"].iloc[
        0
    ] == pytest.approx(math.log(1.2) - centre)
    # z-score: the same centre, divided by the population sd of the three logs
    logs = np.log([1.2, 2.2, 4.2])
    zs = reference_point.derive_reference(w, method="cross_section_zscore")
    assert zs.scale["spinoffs"] == pytest.approx(float(np.std(logs)))
    # national ratio: (1 + 4 + 4) spin-offs over EUR 400 mln = 2.25 per 100 mln
    nat = reference_point.derive_reference(w, method="national_ratio")
    assert nat.points()["spinoffs"] == pytest.approx(9 / 4)
    assert nat.offset["spinoffs"] == pytest.approx(0.2)  # the offset stays the median's


def test_trimmed_and_yearly_reference_by_hand() -> None:
    assert reference_point.trimmed_mean([1.0, 2.0, 3.0, 4.0, 100.0]) == pytest.approx(
        3.0
    )  # drops 1 and 100
    assert reference_point.trimmed_mean([1.0, 2.0, 9.0]) == pytest.approx(
        4.0
    )  # 20% of 3 rounds down to 0
    w = three_institutions()
    later = w.assign(year=2021)
    later["spinoffs"] = later["spinoffs"] * 4  # intensities 4, 8, 16 in 2021
    both = pd.concat([w, later], ignore_index=True)
    yearly = reference_point.derive_reference(both, method="yearly_median")
    pooled = reference_point.derive_reference(both, method="cross_section_median")
    # pooled intensities 2.5, 5, 10: median 5, offset 0.5
    assert pooled.points()["spinoffs"] == pytest.approx(5.0)
    # yearly medians 2 and 8: centre = (ln 2.5 + ln 8.5) / 2 with the pooled offset 0.5
    assert yearly.centre["spinoffs"] == pytest.approx((math.log(2.5) + math.log(8.5)) / 2)


def test_median_reference_falls_back_to_the_mean_when_most_report_zero() -> None:
    rows = [profile_row(None) for _ in range(3)]
    for row, spin in zip(rows, (0.0, 0.0, 3.0), strict=True):
        row["spinoffs"] = spin
    ref = reference_point.derive_reference(wide_from_intensities(rows))
    assert ref.offset["spinoffs"] == pytest.approx(0.1 * 1.0)  # a tenth of the mean (1)
    assert ref.points()["spinoffs"] == pytest.approx(0.0, abs=1e-12)  # the median is 0
    rows[2]["spinoffs"] = 0.0
    nobody = reference_point.derive_reference(wide_from_intensities(rows))
    assert math.isnan(nobody.offset["spinoffs"])  # all zero: the indicator says nothing
    z = nobody.standardise(intensities(wide_from_intensities(rows), "per_100m_research"))
    assert z["spinoffs"].isna().all()


def test_unknown_reference_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="cross_section_median"):
        reference_point.derive_reference(three_institutions(), method="round_numbers")
    with pytest.raises(ValueError, match="derive_reference"):
        reference_point.standardise(pd.DataFrame([profile_row(None)]), "national_ratio")


def simulate(
    n_per_model: int, seed: int, shift: float = 1.0, noise: float = 0.6
) -> tuple[pd.DataFrame, list[str]]:
    """Institutions with a known model: its indicators e^shift above reference, with log-noise."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, float]] = []
    truth: list[str] = []
    for model in reference_point.MODELS:
        for _ in range(n_per_model):
            rows.append(
                {
                    i: REF[i]
                    * math.exp(
                        (shift if reference_point.INDICATOR_MODEL[i] == model else 0.0)
                        + rng.normal(0, noise)
                    )
                    for i in reference_point.TYPOLOGY_INDICATORS
                }
            )
            truth.append(model)
    return wide_from_intensities(rows), truth


def test_simulated_labels_are_recovered_with_at_least_90_percent_accuracy() -> None:
    w, truth = simulate(60, seed=11)
    res = T_rule.classify(w)
    accuracy = float(np.mean(res["model"].to_numpy() == np.asarray(truth)))
    print(f"rule accuracy on 180 simulated profiles: {accuracy:.3f}")
    assert accuracy >= 0.90


def test_kappa_known_answer() -> None:
    # po = 0.75; pe = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = (0.75 - 0.5) / 0.5 = 0.5
    assert agreement.cohen_kappa(
        ["push", "push", "serve", "serve"], ["push", "serve", "serve", "serve"]
    ) == pytest.approx(0.5)
    assert agreement.cohen_kappa(["push"], ["push"]) == 1.0


def test_cross_section_standardisation_centres_each_indicator() -> None:
    w, _ = simulate(10, seed=3)
    z = reference_point.standardise(
        intensities(w, "per_100m_research", reference_point.TYPOLOGY_INDICATORS),
        "cross_section_zscore",
    )
    assert np.allclose(z.mean().to_numpy(), 0.0, atol=1e-12)
    assert np.allclose(z.std(ddof=0).to_numpy(), 1.0)


def test_cluster_check_recovers_separated_groups_and_maps_them_to_models() -> None:
    w, truth = simulate(20, seed=5, shift=2.0, noise=0.3)
    z = reference_point.standardise(
        intensities(w, "per_100m_research", reference_point.TYPOLOGY_INDICATORS)
    )
    rule = T_rule.classify(w)["model"]
    chk = robustness.cluster_check(z, rule, random_state=0)
    assert sorted(chk.mapping.values()) == sorted(reference_point.MODELS)
    assert float(np.mean(chk.models.to_numpy() == np.asarray(truth))) >= 0.95
    assert chk.kappa > 0.9
    assert chk.n_dropped == 0


def test_cluster_check_drops_incomplete_rows_instead_of_imputing() -> None:
    w, _ = simulate(10, seed=6, shift=2.0, noise=0.3)
    w.loc[0, "spinoffs"] = np.nan
    z = reference_point.standardise(
        intensities(w, "per_100m_research", reference_point.TYPOLOGY_INDICATORS)
    )
    chk = robustness.cluster_check(z, T_rule.classify(w)["model"])
    assert chk.n_dropped == 1
    assert 0 not in chk.models.index


def test_bootstrap_stability_high_for_separated_low_for_noise() -> None:
    w, _ = simulate(15, seed=8, shift=2.5, noise=0.3)
    z = reference_point.standardise(
        intensities(w, "per_100m_research", reference_point.TYPOLOGY_INDICATORS)
    )
    stab = robustness.bootstrap_stability(z, n_boot=25, seed=1)
    assert len(stab) == 25
    assert stab["agreement"].mean() > 0.9
    noise, _ = simulate(15, seed=9, shift=0.0, noise=0.5)
    zn = reference_point.standardise(
        intensities(noise, "per_100m_research", reference_point.TYPOLOGY_INDICATORS)
    )
    assert (
        robustness.bootstrap_stability(zn, n_boot=25, seed=1)["agreement"].mean()
        < stab["agreement"].mean()
    )


def test_year_stability_persistence_is_one_for_constant_profiles() -> None:
    w, _ = simulate(6, seed=2, shift=2.0, noise=0.2)
    frames = [w.assign(year=y) for y in (2019, 2020, 2021)]
    ys = robustness.year_stability(pd.concat(frames, ignore_index=True))
    assert ys["year"].tolist() == [2019, 2020, 2021]
    assert math.isnan(ys["persistence"].iloc[0])
    assert ys["persistence"].iloc[1:].tolist() == [1.0, 1.0]


def test_classify_pooled_uses_ratio_of_sums_over_years() -> None:
    # Year 1: serve-heavy on EUR 1e8; year 2: push-heavy on EUR 9e8. Pooled: push.
    y1 = wide_from_intensities([profile_row("serve")], re=1e8)
    y2 = wide_from_intensities([profile_row("push")], re=9e8).assign(year=2021)
    res = T_rule.classify_pooled(pd.concat([y1, y2], ignore_index=True), reference=GIVEN)
    assert res["institution_id"].tolist() == ["i0"]
    # spin-offs: (2*1 + 2*10*9) / (1 + 9) = 18.2 per 100M, i.e. 9.1 x reference.
    assert cell(res, 0, "score_push") == pytest.approx(math.log((9.1 + 0.1) / 1.1))
    # serve: (10*1 + 1*9) / 10 = 1.9 x reference
    assert cell(res, 0, "score_serve") == pytest.approx(math.log((1.9 + 0.1) / 1.1))
    assert text(res, 0, "model") == "push"
    only_first = T_rule.classify_pooled(
        pd.concat([y1, y2], ignore_index=True), years=[2020], reference=GIVEN
    )
    assert text(only_first, 0, "model") == "serve"


# ------------------------------------------------------------------ consortia


def consortium_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    push = profile_row("push")
    serve = profile_row("serve")
    w = wide_from_intensities([push, push, serve, profile_row(None)])
    w["institution_id"] = ["tud", "fontys", "eur", "rug"]
    w.loc[3, reference_point.TYPOLOGY_INDICATORS] = np.nan  # rug reports nothing
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
    ci = T_rule.consortium_intensities(w, members, consortia, inst).set_index("consortium_id")
    assert cell(ci, "c_push", "spinoffs") == pytest.approx(40 / 4e8 * 1e8)
    assert text(ci, "c_push", "profile") == "technical"
    assert cell(ci, "c_push", "n_members_with_data") == 2
    assert math.isnan(cell(ci, "c_empty", "spinoffs"))


def test_comparison_with_evaluation_confusion_and_reasons() -> None:
    w, members, consortia, inst = consortium_inputs()
    cls = T_rule.classify_consortia(w, members, consortia, inst, reference=GIVEN)
    assert cls.set_index("consortium_id")["model"].to_dict() == {
        "c_push": "push",
        "c_serve": "serve",
        "c_empty": None,
        "c_wrong": "serve",
    }
    cmp = agreement.compare_with_evaluation(cls, consortia)
    assert cmp.n == 3
    assert cell(cmp.confusion, "push", "push") == 1
    assert cell(cmp.confusion, "push", "serve") == 1
    assert cell(cmp.confusion, "serve", "serve") == 1
    assert int(cmp.confusion.to_numpy().sum()) == 3
    assert cmp.accuracy == pytest.approx(2 / 3)
    dis = cmp.disagreements.set_index("consortium_id")
    assert set(dis.index) == {"c_wrong", "c_empty"}
    assert text(dis, "c_wrong", "rule_model") == "serve"
    # serve at 10x the reference: ln(10.1 / 1.1) = 2.217; push at the reference: 0
    assert cell(dis, "c_wrong", "score_rule") == pytest.approx(math.log(10.1 / 1.1))
    assert cell(dis, "c_wrong", "score_evaluation") == pytest.approx(0.0)
    assert (
        text(dis, "c_wrong", "drivers").split(", ")[0] in reference_point.MODEL_INDICATORS["serve"]
    )
    assert math.isnan(cell(dis, "c_empty", "score_rule"))
    # c_wrong (eur only): push indicators sit at the reference, z = 0 each.
    assert set(text(dis, "c_wrong", "evaluation_drivers").split(", ")) == set(
        reference_point.MODEL_INDICATORS["push"]
    )
    assert cell(dis, "c_wrong", "evaluation_strongest_z") == pytest.approx(0.0)
    # The reader's sentence is the chapter's (methods compute, publication words).
    from analysis.publication.chapters.models.checks import disagreement_reason

    wrong = disagreement_reason(dis.loc["c_wrong"])
    assert wrong.startswith("dienstverleningsmodel door ")
    assert "score 2,22 tegen 0,00 voor het aanbodmodel" in wrong
    assert "; sterkste indicator voor het aanbodmodel: " in wrong and wrong.endswith("(0,00)")
    assert disagreement_reason(dis.loc["c_empty"]) == "geen indicatoren van de leden beschikbaar"
    assert cell(cls.set_index("consortium_id"), "c_wrong", "z_spinoffs") == pytest.approx(0.0)
    # kappa on the three typed consortia (push/push, serve/serve, push/serve): 0.4
    assert cmp.kappa == pytest.approx(0.4)
    assert (cmp.kappa_interval.low, cmp.kappa_interval.high) == (0.0, 1.0)


def test_every_typology_column_has_a_dutch_label() -> None:
    from analysis.publication.labels import model_label, unlabelled

    w, members, consortia, inst = consortium_inputs()
    cls = T_rule.classify_consortia(w, members, consortia, inst)
    cmp = agreement.compare_with_evaluation(cls, consortia)
    assert unlabelled(T_rule.classify(w)) == []
    assert unlabelled(cls) == []
    assert unlabelled(cmp.disagreements) == []
    sens = robustness.reference_sensitivity(
        w, members, consortia, inst, years=None, consortium_years=None, methods=["yearly_median"]
    )
    assert unlabelled(sens) == []
    assert [model_label(m) for m in reference_point.MODELS] == [
        "aanbodmodel",
        "uitwisselingsmodel",
        "dienstverleningsmodel",
    ]


def test_consortia_are_placed_against_the_institutions_of_the_same_years() -> None:
    w, members, consortia, inst = consortium_inputs()
    default = T_rule.classify_consortia(w, members, consortia, inst)
    explicit = T_rule.classify_consortia(
        w, members, consortia, inst, reference=reference_point.derive_reference(w, None)
    )
    pd.testing.assert_frame_equal(default, explicit)
    # institutions tud, fontys (push at 10x), eur (at 1x): median push intensity 10 x REF,
    # so c_serve (eur alone) scores ln((1 + 1) / (10 + 1)) on every push indicator.
    c_serve = default.set_index("consortium_id").loc["c_serve"]
    assert float(c_serve["z_spinoffs"]) == pytest.approx(math.log(2 / 11))


# ------------------------------------------------------------------ profile-swap invariance


def swapped(institutions: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """`institutions` with the profiles of institutions `a` and `b` exchanged."""
    out = institutions.copy()
    ia = out.index[out["institution_id"] == a][0]
    ib = out.index[out["institution_id"] == b][0]
    out.loc[ia, "profile"], out.loc[ib, "profile"] = (
        institutions.loc[ib, "profile"],
        institutions.loc[ia, "profile"],
    )
    return out


def test_swapping_profiles_changes_no_institution_or_consortium_classification() -> None:
    w, _ = simulate(5, seed=4, shift=0.4, noise=0.8)  # close calls, where a prior would bite
    ids = [f"i{k}" for k in range(len(w))]
    profiles = ["technical", "broad", "business"] * 5
    inst = pd.DataFrame({"institution_id": ids, "profile": profiles})
    members = pd.DataFrame(
        {"consortium_id": [f"c{k // 3}" for k in range(15)], "institution_id": ids}
    )
    consortia = pd.DataFrame(
        {
            "consortium_id": [f"c{k}" for k in range(5)],
            "lead_institution_id": [f"i{3 * k}" for k in range(5)],
            "evaluation_model": ["push", "exchange", "serve", "push", "exchange"],
        }
    )
    # i0 (technical, lead of c0) <-> i1 (broad); i3 (technical, lead) <-> i5 (business)
    other = swapped(swapped(inst, "i0", "i1"), "i3", "i5")
    assert other["profile"].tolist()[:6] == [
        "broad",
        "technical",
        "business",
        "business",
        "broad",
        "technical",
    ]
    result_cols = [*reference_point.SCORE_COLUMNS, "model", "second", "margin", "drivers"]
    pooled = reference_point.pooled_profile(w, "institution_id")
    z = reference_point.standardise(pooled)
    before = T_rule.score(
        z, pooled.index.to_series().map(inst.set_index("institution_id")["profile"])
    )
    after = T_rule.score(
        z, pooled.index.to_series().map(other.set_index("institution_id")["profile"])
    )
    pd.testing.assert_frame_equal(before[result_cols], after[result_cols])
    # close calls: a bonus of half a log unit for the profile's model (the old prior)
    # would have flipped at least one of the swapped institutions
    assert float(before.loc[["i0", "i1", "i3", "i5"], "margin"].min()) < 0.5
    cons_before = T_rule.classify_consortia(w, members, consortia, inst)
    cons_after = T_rule.classify_consortia(w, members, consortia, other)
    assert cons_before["profile"].tolist() != cons_after["profile"].tolist()  # shown, swapped
    pd.testing.assert_frame_equal(
        cons_before.drop(columns="profile"), cons_after.drop(columns="profile")
    )
    cmp_before = agreement.compare_with_evaluation(cons_before, consortia)
    cmp_after = agreement.compare_with_evaluation(cons_after, consortia)
    assert cmp_before.kappa == cmp_after.kappa
    pd.testing.assert_frame_equal(cmp_before.disagreements, cmp_after.disagreements)


# ------------------------------------------------------------------ kappa interval


def kappa_distribution(
    a: list[str], b: list[str], *, max_tables: int = agreement.MAX_EXACT_TABLES, n_boot: int = 0
) -> pd.Series:
    """The bootstrap distribution `kappa_interval` reads: probability by distinct kappa."""
    values, weights, _method, _undefined = agreement._kappa_resamples(
        a, b, max_tables=max_tables, n_boot=n_boot, seed=3
    )
    return pd.Series(weights).groupby(values).sum()


def test_kappa_bootstrap_distribution_by_hand() -> None:
    """Pairs (push, push), (serve, serve), (push, serve): kappa 0.4.

    A resample holds (i, j, k) copies of the three pairs, with probability
    3! / (i! j! k!) / 27. By hand: (3,0,0) and (0,3,0) leave one category on both
    sides, kappa undefined (2/27); (2,1,0), (1,2,0) give 1 (6/27); (1,1,1) gives 0.4
    (6/27); (0,0,3), (2,0,1), (0,2,1), (1,0,2), (0,1,2) give 0 (13/27).
    """
    a, b = ["push", "serve", "push"], ["push", "serve", "serve"]
    dist = kappa_distribution(a, b)
    assert dist.index.tolist() == pytest.approx([0.0, 0.4, 1.0])
    assert dist.tolist() == pytest.approx([13 / 25, 6 / 25, 6 / 25])
    ki = agreement.kappa_interval(a, b)
    assert ki.kappa == pytest.approx(0.4)
    assert ki.method == "exact"
    assert ki.undefined_share == pytest.approx(2 / 27)
    assert (ki.low, ki.high) == (0.0, 1.0)
    # 50% interval: P(K <= 0) = 0.52 >= 0.25; P(K <= 0.4) = 0.76 >= 0.75
    half = agreement.kappa_interval(a, b, level=0.5)
    assert (half.low, half.high) == (0.0, pytest.approx(0.4))


def test_kappa_interval_monte_carlo_matches_the_exact_distribution() -> None:
    a, b = ["push", "serve", "push"], ["push", "serve", "serve"]
    mc = kappa_distribution(a, b, max_tables=1, n_boot=40_000)
    assert mc.index.tolist() == pytest.approx([0.0, 0.4, 1.0])
    assert mc.tolist() == pytest.approx([13 / 25, 6 / 25, 6 / 25], abs=0.01)
    assert agreement.kappa_interval(a, b, max_tables=1).method == "monte_carlo"


def test_kappa_interval_of_twelve_consortia_is_exact_and_contains_the_estimate() -> None:
    ev = ["push"] * 4 + ["exchange"] * 4 + ["serve"] * 4
    rule = ["push", "push", "push", "serve", "exchange", "exchange", "push", "exchange"]
    rule += ["serve", "serve", "exchange", "serve"]
    ki = agreement.kappa_interval(ev, rule)
    # po = 9/12; every marginal is 4/12 on both sides, pe = 1/3; kappa = (3/4 - 1/3) / (2/3)
    assert ki.kappa == pytest.approx(0.625)
    assert ki.method == "exact" and ki.n == 12
    assert -1.0 <= ki.low < ki.kappa < ki.high <= 1.0
    assert agreement.kappa_interval(ev, ev).low == 1.0  # perfect agreement in every resample


# ------------------------------------------------------------------ sensitivity


def test_reference_sensitivity_counts_changes_against_the_baseline() -> None:
    """Push indicators spread by a factor 100 between institutions, serve by a factor 2.

    i0: push 10x, serve 2x the median. Log-ratios: push ln(10.1/1.1) = 2.22 beats serve
    ln(2.1/1.1) = 0.65. Divided by each indicator's spread (z-score), the narrow serve
    spread makes serve win: i0 changes label under 'cross_section_zscore' only.
    """
    push = {"invention_disclosures", "priority_patent_applications", "licence_agreements"}
    push |= {"spinoffs"}
    factors = [(10.0, 2.0), (0.1, 1.0), (1.0, 0.5), (100.0, 1.0), (0.01, 1.0)]
    rows = []
    for p_f, s_f in factors:
        rows.append(
            {
                i: REF[i]
                * (
                    p_f
                    if i in push
                    else s_f
                    if reference_point.INDICATOR_MODEL[i] == "serve"
                    else 1.0
                )
                for i in reference_point.TYPOLOGY_INDICATORS
            }
        )
    w = wide_from_intensities(rows)
    log_ratio = T_rule.classify_pooled(w).set_index("institution_id")
    zscore = T_rule.classify_pooled(w, reference="cross_section_zscore").set_index("institution_id")
    assert text(log_ratio, "i0", "model") == "push"
    assert text(zscore, "i0", "model") == "serve"
    members = pd.DataFrame({"consortium_id": ["c0", "c1"], "institution_id": ["i0", "i1"]})
    consortia = pd.DataFrame(
        {
            "consortium_id": ["c0", "c1"],
            "lead_institution_id": ["i0", "i1"],
            "evaluation_model": ["serve", "push"],
        }
    )
    inst = pd.DataFrame({"institution_id": [f"i{k}" for k in range(5)], "profile": "broad"})
    sens = robustness.reference_sensitivity(
        w, members, consortia, inst, years=None, consortium_years=None
    ).set_index("reference")
    assert list(sens.index) == list(reference_point.REFERENCE_METHODS)
    assert cell(sens, "cross_section_median", "institutions_changed") == 0
    assert cell(sens, "cross_section_median", "consortia_changed") == 0
    changed = (log_ratio["model"] != zscore["model"]).sum()
    assert cell(sens, "cross_section_zscore", "institutions_changed") == changed >= 1
    assert cell(sens, "cross_section_zscore", "consortia_changed") >= 1  # c0 = i0 alone
    # agreement: c0 (evaluation serve) agrees under the z-score only
    assert cell(sens, "cross_section_median", "agreement_n") + 1 == cell(
        sens, "cross_section_zscore", "agreement_n"
    )
    # Models per reference point: i0 moves from push to serve under the z-score.
    assert cell(sens, "cross_section_median", "n_push") == (log_ratio["model"] == "push").sum()
    assert cell(sens, "cross_section_zscore", "n_serve") == (zscore["model"] == "serve").sum()
    assert cell(sens, "cross_section_zscore", "n_push") == (zscore["model"] == "push").sum()
    assert cell(sens, "cross_section_zscore", "n_push") < cell(
        sens, "cross_section_median", "n_push"
    )
    counts = sens[["n_push", "n_exchange", "n_serve"]].sum(axis=1)
    assert (counts == sens["n_institutions"]).all()
    for method in reference_point.REFERENCE_METHODS:
        cmp = agreement.compare_with_evaluation(
            T_rule.classify_consortia(w, members, consortia, inst, reference=method), consortia
        )
        assert cell(sens, method, "agreement") == pytest.approx(cmp.accuracy)
        assert cell(sens, method, "kappa_low") == cmp.kappa_interval.low or (
            math.isnan(cell(sens, method, "kappa_low")) and math.isnan(cmp.kappa_interval.low)
        )
