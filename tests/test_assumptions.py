"""The assumptions table (`data/raw/assumptions.csv`): loading, refusing a bad row, and the
report following a changed row with no code edit.

The known answers of the scenario are computed by hand from the hand-made panel of
`test_chapter_europe_scenario` (three institutions: 6 licences a year on 60 disclosures,
so a baseline of 0.1 per disclosure) and the shipped budget (EUR 100 million a year in
2026–2029, so the budget ramp after the base year 2025 is 1/4, 2/4, 3/4, 1).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data import reference
from analysis.data.assumptions import ASSUMPTIONS_FILE, SPECS, Levels, load_assumptions
from analysis.data.sources import cite, load_sources
from analysis.data.validation.reference import validate_reference
from analysis.errors import InputError
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.scheme import (
    catch_up,
    detectable,
    effect,
    effect_tables,
    effect_text,
    projection,
    scenario_sensitivity,
)
from editions import RAW, with_submissions_dir
from test_chapter_europe_scenario import panel


def _edit(data_dir: Path, which: str, **cells: str) -> None:
    """Change cells of one row of the copy's assumptions table, as a researcher would."""
    path = data_dir / ASSUMPTIONS_FILE
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = frame["assumption_id"] == which
    assert row.sum() == 1, which
    for column, value in cells.items():
        frame.loc[row, column] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target, ignore=shutil.ignore_patterns(reference.KT_METRICS_DIR))
    return target


# --- loading ---------------------------------------------------------------------------------


def test_the_shipped_table_loads_with_its_values_sources_and_ranges() -> None:
    a = load_assumptions(RAW)
    assert set(a.rows) == set(SPECS)
    assert a.target_year == 2029
    assert a["scenario_target_year"].source_id == "kto_nl_plan_2021"
    assert (a.lag.integer, a.lag.range, a.lag.integer_steps) == (0, (0.0, 2.0), (0, 1, 2))
    assert a.lag.others == ("1", "2")
    assert a.lag.source_id == "assumption_catch_up_lag"
    assert (a.jobs_factor.number, a.jobs_factor.range) == (1.0, (0.5, 2.0))
    assert a.jobs_factor.source_id == "assumption_spinoff_jobs_range"
    assert a.ramp.value == "budget"
    assert a.ramp.others == ("linear", "front", "back")
    assert (a.projection_level, a.power_target) == (0.8, 0.8)
    assert (a.confidence_level, a.test_level) == (0.95, 0.05)
    assert a.levels == Levels(0.95, 0.05)
    assert a["confidence_level"].source_id == "assumption_confidence_level"
    assert a["test_level"].source_id == "assumption_test_level"
    assert a.price_year(2025) == 2025
    assert a.price_years(2025) == (None, 2015, 2025)
    assert all(row.horizon and row.note for row in a.rows.values())


def test_the_shipped_table_passes_the_builds_validation() -> None:
    report = validate_reference(RAW)
    assert [f for f in report.findings if f.file == ASSUMPTIONS_FILE] == []
    checks = report.checks[report.checks["suite"] == "reference_assumptions"]
    assert "assumption_rules" in set(checks["rule"])


# --- a bad row ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assumption_id", "cells", "row", "column", "rule"),
    [
        ("scenario_lag_years", {"value": "twee"}, 3, "value", "numeric"),
        ("scenario_lag_years", {"high": "1.5"}, 3, "high", "integer"),
        ("scenario_lag_years", {"low": ""}, 3, "low", "not_null"),
        ("scenario_lag_years", {"value": "-1", "low": "-1"}, 3, "low", "value_range"),
        ("spinoff_jobs_early_factor", {"low": "1.5"}, 4, "low", "range_order"),
        ("spinoff_jobs_early_factor", {"value": "1.2"}, 4, "value", "fixed_value"),
        ("scenario_target_year", {"value": "2029.5"}, 2, "value", "integer"),
        ("scenario_ramp_shape", {"value": "s-curve"}, 5, "value", "allowed_values"),
        (
            "scenario_ramp_shape",
            {"alternatives": "linear;budget"},
            5,
            "alternatives",
            "allowed_values",
        ),
        ("scenario_ramp_shape", {"source_id": ""}, 5, "source_id", "not_null"),
        ("projection_interval_level", {"value": "80"}, 6, "value", "value_range"),
        ("power_target", {"value": "1"}, 7, "value", "value_range"),
        ("power_target", {"low": "0.9"}, 7, "low", "range_order"),
        ("price_base_year", {"value": "vorig jaar"}, 8, "value", "allowed_values"),
        (
            "price_base_year",
            {"alternatives": "nominal;report_year"},
            8,
            "alternatives",
            "allowed_values",
        ),
        ("price_base_year", {"low": "2015"}, 8, "low", "not_applicable"),
        ("confidence_level", {"value": "1.5"}, 9, "value", "value_range"),
        ("confidence_level", {"value": "95%"}, 9, "value", "numeric"),
        ("test_level", {"value": "0"}, 10, "value", "value_range"),
        ("test_level", {"high": "0.01"}, 10, "high", "range_order"),
        (
            "scenario_target_year",
            {"assumption_id": "scenario_targetyear"},
            2,
            "assumption_id",
            "known_assumption",
        ),
    ],
)
def test_a_bad_row_names_file_row_column_and_rule(
    tmp_path: Path,
    assumption_id: str,
    cells: dict[str, str],
    row: int,
    column: str,
    rule: str,
) -> None:
    data_dir = tmp_path / "raw"
    data_dir.mkdir()
    shutil.copyfile(RAW / ASSUMPTIONS_FILE, data_dir / ASSUMPTIONS_FILE)
    _edit(data_dir, assumption_id, **cells)
    with pytest.raises(InputError) as caught:
        load_assumptions(data_dir)
    finding = caught.value.finding
    assert finding.file == str(data_dir / ASSUMPTIONS_FILE)
    assert (finding.row, finding.column, finding.rule) == (row, column, rule)
    assert f"row {row}" in str(caught.value) and f"column {column}" in str(caught.value)


def test_a_missing_assumption_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "raw"
    data_dir.mkdir()
    lines = (RAW / ASSUMPTIONS_FILE).read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("scenario_lag_years,")]
    (data_dir / ASSUMPTIONS_FILE).write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="scenario_lag_years") as caught:
        load_assumptions(data_dir)
    assert caught.value.finding.rule == "required_assumption"


def test_the_build_validation_reports_the_same_finding_as_the_loader(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _edit(data_dir, "spinoff_jobs_early_factor", low="1.5")
    _edit(data_dir, "scenario_lag_years", source_id="no_such_assumption")
    errors = [
        (f.file, f.row, f.column, f.rule)
        for f in validate_reference(data_dir).findings
        if f.severity == "error"
    ]
    assert errors == [
        (ASSUMPTIONS_FILE, 3, "source_id", "source_known"),
        (ASSUMPTIONS_FILE, 4, "low", "range_order"),
    ]


# --- the report follows a changed row ----------------------------------------------------------


def _licences(s: catch_up.ScenarioResult) -> pd.DataFrame:
    r = s.result
    return r[
        (r["indicator"] == "licence_agreements")
        & (r["denominator"] == "per_disclosure")
        & (r["variant"] == "central")
    ].set_index("year")


def _step(s: catch_up.ScenarioResult) -> float:
    """The central relative gap of licences per disclosure (baseline 0.1)."""
    t = s.targets.set_index(["indicator", "denominator"])
    return float(t.loc[("licence_agreements", "per_disclosure"), "target_central"]) / 0.1 - 1


def test_changing_lag_target_year_jobs_range_and_ramp_changes_the_scenario(
    tmp_path: Path,
) -> None:
    wide = panel(2.0, 10.0)
    shipped = catch_up.compute_scenario(wide, with_submissions_dir(), 2025)
    step = _step(shipped)
    base = _licences(shipped)
    # As shipped: no lag, budget ramp 1/4 … 1 to 2029: 6 licences × step × (1/4+2/4+3/4+1).
    assert base["extra"][2029] == pytest.approx(6 * step)
    assert base["extra_cumulative"][2029] == pytest.approx(6 * step * 2.5)

    data_dir = tmp_path / "raw"
    shutil.copytree(with_submissions_dir(), data_dir)
    _edit(data_dir, "scenario_lag_years", value="1", high="3")
    _edit(data_dir, "spinoff_jobs_early_factor", low="0.25", high="4")
    s = catch_up.compute_scenario(wide, data_dir, 2025)
    lagged = _licences(s)
    # One year of lag: shares 0, 0, 1/4, 2/4, 3/4 → 2029 reaches 3/4 of the gap.
    assert lagged["extra"][2029] == pytest.approx(6 * step * 0.75)
    assert lagged["extra_cumulative"][2029] == pytest.approx(6 * step * 1.5)
    p = s.parameters.set_index(["parameter", "variant"])
    assert p.loc[("lag_years", "all"), "value"] == 1.0
    assert p.loc[("lag_years", "all"), "note"].endswith("(gevoeligheid: 0, 2 en 3 jaar)")
    # Jobs: the one early figure (TNO, 128 jobs in 19 companies) times 1/4 and 4.
    early = 128 / 19
    assert p.loc[("jobs_per_spinoff_early", "low"), "value"] == pytest.approx(early / 4)
    assert p.loc[("jobs_per_spinoff_early", "high"), "value"] == pytest.approx(early * 4)
    assert p.loc[("jobs_per_spinoff_early", "low"), "note"] == (
        "aanname: een kwart tot het viervoudige van het centrale cijfer"
    )
    # The sensitivity runs over the new range, 0 to 3 years, and the page says so.
    sens = scenario_sensitivity.compute_scenario_sensitivity(wide, data_dir, s)
    lags = sens.lag[sens.lag["indicator"] == "licence_agreements"].set_index(["denominator", "lag"])
    assert sorted({lag for _, lag in lags.index}) == [0, 1, 2, 3]
    # Three years of lag: 2029 reaches share(2026) = 1/4.
    assert lags.loc[("per_disclosure", 3), "extra_target_year"] == pytest.approx(6 * step / 4)
    assert "vertraging 3 jaar" in set(
        scenario_sensitivity.scenario_alternatives_table(s, sens).frame["Aanname"]
    )

    _edit(data_dir, "scenario_lag_years", value="0", high="2")
    _edit(data_dir, "scenario_target_year", value="2027")
    _edit(data_dir, "scenario_ramp_shape", value="back", alternatives="budget;linear;front")
    s = catch_up.compute_scenario(wide, data_dir, 2025)
    back = _licences(s)
    # Target 2027, squared ramp: shares (1/2)², 1 → extra 6·step/4 in 2026, 6·step in 2027.
    assert list(back.index) == [2025, 2026, 2027]
    assert back["extra"][2027] == pytest.approx(6 * step)
    assert back["extra_cumulative"][2027] == pytest.approx(6 * step * 1.25)
    assert "in 2027" in catch_up.scenario_markdown(s)


def _noisy_panel() -> pd.DataFrame:
    """The hand-made panel with licences that vary around a trend (a band of some width);
    licences per disclosure stay the scenario's headline comparison."""
    wide = panel(2.0, 10.0)
    licences = dict(zip(range(2019, 2026), (1.6, 2.2, 1.8, 2.4, 2.0, 2.6, 2.2), strict=True))
    return wide.assign(licence_agreements=wide["year"].map(licences))


def test_changing_the_projection_level_changes_the_band_and_its_words(tmp_path: Path) -> None:
    from scipy import stats

    wide = _noisy_panel()
    data_dir = tmp_path / "raw"
    shutil.copytree(with_submissions_dir(), data_dir)
    frames = {}
    for level in ("0.8", "0.95"):
        _edit(data_dir, "projection_interval_level", value=level)
        s = catch_up.compute_scenario(wide, data_dir, 2025)
        frames[level] = projection.projection_frame(wide, s).set_index("year")
    eighty, ninety_five = frames["0.8"], frames["0.95"]
    # Same trend, wider band: on the log scale the prediction band's half-width is
    # t(df) × se, and the fit has 7 years and 2 parameters, so df = 5.
    assert set(eighty["indicator"]) == {"licence_agreements"}
    future = eighty["low"].notna()
    assert future.sum() == 4  # 2026–2029
    ratio = (
        np.log(ninety_five["high"] / ninety_five["projection"])[future]
        / np.log(eighty["high"] / eighty["projection"])[future]
    )
    expected = stats.t.ppf(0.975, 5) / stats.t.ppf(0.9, 5)
    assert np.allclose(ratio, expected)
    assert np.allclose(ninety_five["projection"][future], eighty["projection"][future])
    # The words follow the row, with the citation of the row's source.
    number = cite("assumption_projection_interval", load_sources(data_dir))
    caption = projection.projection_caption(ninety_five.reset_index())
    assert (
        f"95%-voorspelinterval (een jaar valt er met 95% kans binnen; aanname {number})" in caption
    )
    assert "80%" not in caption


def test_changing_the_power_target_changes_the_smallest_detectable_rise(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    years = range(2010, 2026)
    shipped = detectable.assumed_detectable(data_dir, years, n_sims=200)
    _edit(data_dir, "power_target", value="0.9")
    stricter = detectable.assumed_detectable(data_dir, years, n_sims=200)
    assert (shipped.analysis.target, stricter.analysis.target) == (0.8, 0.9)
    # The same simulated series: a rise found in 90% of them is at least as large as one
    # found in 80%, and strictly larger for a test whose power rises gradually.
    pairs = [
        (a.mde, b.mde)
        for a, b in zip(shipped.analysis.tests, stricter.analysis.tests, strict=True)
        if a.available and np.isfinite(a.mde) and np.isfinite(b.mde)
    ]
    assert pairs and all(b >= a for a, b in pairs) and any(b > a for a, b in pairs)
    text = detectable.detectable_technical_markdown(stricter)
    number = cite("assumption_power_target", load_sources(data_dir))
    assert f"in 90% van de reeksen wordt aangetoond {escape.markdown(number)}." in text


#: Spin-offs of the three institutions of `panel` over 2015–2025 (institution by
#: institution, a year each): counts that scatter around ten, so the break at the scheme's
#: first funded year (2023) has intervals of some width and p-values of 0.09 (level) and
#: 0.06 (slope): not significant at 5%, significant at 10%.
_SPINOFFS = (
    (9, 9, 11, 10, 9, 16, 13, 14, 14, 14, 14),
    (4, 13, 14, 11, 12, 7, 9, 14, 12, 6, 9),
    (5, 3, 8, 13, 6, 8, 19, 18, 13, 6, 8),
)


def _break_panel() -> pd.DataFrame:
    wide = panel(2.0, 10.0, years=range(2015, 2026))
    return wide.assign(spinoffs=[float(n) for row in _SPINOFFS for n in row])


def _break(data_dir: Path) -> effect.BreakAnalysis:
    return effect.break_analysis(_break_panel(), data_dir, indicators=(effect.HEADLINE_INDICATOR,))


def test_changing_the_confidence_level_narrows_the_intervals_and_their_words(
    tmp_path: Path,
) -> None:
    from scipy import stats

    data_dir = tmp_path / "raw"
    shutil.copytree(with_submissions_dir(), data_dir)
    shipped = _break(data_dir)
    _edit(data_dir, "confidence_level", value="0.90")
    narrower = _break(data_dir)
    assert (shipped.levels.confidence, narrower.levels.confidence) == (0.95, 0.90)
    # The same fit, a narrower interval: the clustered Poisson fit's interval is the estimate
    # ± z × se on the log scale, so its half-width shrinks by z(0.95) / z(0.975) = 0.8392.
    a, b = shipped.its.set_index("term"), narrower.its.set_index("term")
    assert np.allclose(a["estimate"], b["estimate"])
    ratio = (b["ci_high"] - b["estimate"]) / (a["ci_high"] - a["estimate"])
    assert np.allclose(ratio, stats.norm.ppf(0.95) / stats.norm.ppf(0.975))
    assert stats.norm.ppf(0.95) / stats.norm.ppf(0.975) == pytest.approx(0.8392, abs=1e-4)
    # The printed interval is the narrower one, and the words name the row's level.
    level = b.loc["level_change"]
    low, high = (fmt.change(level[c] / 100) for c in ("effect_pct_low", "effect_pct_high"))
    technical = effect_text.its_technical_markdown(narrower)
    assert f"(90%-interval {low} tot {high}, " in technical
    assert "95%" not in technical
    plain = effect_text.its_markdown(narrower)
    assert f"(met 90% zekerheid tussen {low} en {high})" in plain
    assert "95%" not in plain
    table = effect_tables.its_table(narrower)
    assert "90%-interval" in table.shown_frame.columns
    assert {"90%-interval: ondergrens", "90%-interval: bovengrens"} <= set(table.csv_frame.columns)


def test_changing_the_test_level_changes_the_verdict_and_its_words(tmp_path: Path) -> None:
    data_dir = tmp_path / "raw"
    shipped = _break(with_submissions_dir())
    shutil.copytree(with_submissions_dir(), data_dir)
    _edit(data_dir, "test_level", value="0.10")
    lenient = _break(data_dir)
    # Both changes at the break have a p-value between 0.05 and 0.10.
    p = shipped.its.set_index("term")["p_value"]
    assert 0.05 < p["level_change"] < 0.10 and 0.05 < p["slope_change"] < 0.10
    assert lenient.its["p_value"].tolist() == shipped.its["p_value"].tolist()
    # At 5% neither is beyond chance; at 10% both are.
    assert effect_text.break_verdict(shipped).its == "no_change"
    assert effect_text.break_verdict(lenient).its in ("changed", "matched")
    assert "niet te onderscheiden van toeval" in effect_text.its_markdown(shipped)
    assert "groter dan toeval" in effect_text.its_markdown(lenient)
    assert "significant bij 5%." in effect_text.its_technical_markdown(shipped)
    text = effect_text.its_technical_markdown(lenient)
    assert "significant bij 10%." in text and "bij 5%" not in text
    # The power of the tests is computed at the same level, and says so.
    years = range(2010, 2026)
    power = detectable.assumed_detectable(data_dir, years, n_sims=200)
    assert power.analysis is not None and power.analysis.level == 0.10
    assert "significant is bij 10%" in detectable.detectable_technical_markdown(power)


def test_the_levels_reach_the_published_editions_texts(tmp_path: Path) -> None:
    """Without submissions: the co-publication intervals, their comparison and the test of
    the profile follow the rows too."""
    from analysis.methods import copublications as cp
    from analysis.publication.chapters.copublications import prose, shared
    from analysis.publication.chapters.models import profile

    data_dir = _copy(tmp_path)
    shipped = shared.compute(data_dir)
    _edit(data_dir, "confidence_level", value="0.9")
    _edit(data_dir, "test_level", value="0.1")
    changed = shared.compute(data_dir)
    assert (changed.comparison.confidence, changed.comparison.family_level) == (0.9, 0.1)
    # Wilson's interval at z(0.95) instead of z(0.975): narrower for every university.
    a, b = (c.comparison.table.set_index("unit_id") for c in (shipped, changed))
    assert ((b["ci_high_pct"] - b["ci_low_pct"]) < (a["ci_high_pct"] - a["ci_low_pct"])).all()
    # The 90% Wilson interval (z = 1.645), widest over the publication count's range.
    assert cp.z_value(0.9) == pytest.approx(1.6449, abs=1e-4)
    k = float(b.loc["tue", "industry_count"])
    ends = [
        cp.wilson_interval(k, float(b.loc["tue", n]), cp.z_value(0.9)) for n in ("P_low", "P_high")
    ]
    assert b.loc["tue", "ci_low_pct"] == pytest.approx(100 * min(float(e[0]) for e in ends))
    assert b.loc["tue", "ci_high_pct"] == pytest.approx(100 * max(float(e[1]) for e in ends))
    text = prose.method_markdown(changed)
    assert "Het 90%-interval (Wilson)" in text and "significant is bij 10%" in text
    assert "95%" not in text and "5%" not in text.replace("10%", "")
    assert profile.university_profiles(data_dir).level == 0.1


def test_changing_the_price_base_year_changes_every_money_comparison(tmp_path: Path) -> None:
    from analysis.publication.chapters.europe import result as europe_result
    from analysis.publication.chapters.europe import sensitivity

    data_dir = _copy(tmp_path)
    _edit(data_dir, "price_base_year", value="2020", alternatives="nominal;report_year")
    assert europe_result.price_base_year(data_dir, 2025) == 2020
    result = europe_result.compute(panel(2.0, 10.0), data_dir, 2025, n_boot=30)
    assert result.base_year == 2020
    sens = sensitivity.price_sensitivity(panel(2.0, 10.0), data_dir, 2025, n_boot=30)
    assert list(dict.fromkeys(sens["basis"])) == ["nominal", "prices:2025", "prices:2020"]


def test_a_range_without_words_is_written_as_factors() -> None:
    from analysis.methods.scenario import parameters

    assert parameters.factor_range_nl(0.5, 2.0) == "de helft tot het dubbele"
    assert (
        parameters.factor_range_nl(0.4, 2.5, "het centrale cijfer")
        == "0,4 tot 2,5 keer het centrale cijfer"
    )


# --- Bijlage B's table ------------------------------------------------------------------------


def test_bijlage_b_lists_the_assumptions_its_edition_uses_with_value_range_and_source(
    tmp_path: Path,
) -> None:
    from analysis.publication.chapters import technical

    register = load_sources(with_submissions_dir())
    table = technical.assumptions_table(with_submissions_dir(), 2025, measured=True)
    rows = table.display.set_index("Aanname")
    assert len(rows) == len(SPECS)
    lag = rows.loc["Vertraging van de extra uitkomsten"]
    assert (lag["Waarde"], lag["Bandbreedte of alternatieven"], lag["Eenheid"]) == (
        "0",
        "0 tot 2",
        "jaar",
    )
    assert lag["Bron"] == cite("assumption_catch_up_lag", register)
    price = rows.loc["Prijsjaar van bedragen"]
    assert (price["Waarde"], price["Bandbreedte of alternatieven"]) == (
        "verslagjaar (2025)",
        "nominaal, 2015",
    )
    ramp = rows.loc["Opbouw naar de top"]
    assert ramp["Waarde"] == "volgens het budget"
    assert ramp["Bandbreedte of alternatieven"] == "gelijkmatig, snel begin, traag begin"
    assert rows.loc["Vereiste kans dat een toets een stijging vindt", "Waarde"] == "80%"
    # The CSV holds numbers as numbers: the value, the range, a price year as its year.
    csv = table.frame.set_index("Aanname")
    assert csv.loc["Vertraging van de extra uitkomsten", ["Waarde", "Laag", "Hoog"]].tolist() == [
        0.0,
        0.0,
        2.0,
    ]
    assert csv.loc["Prijsjaar van bedragen", ["Waarde", "Keuze"]].tolist() == [
        2025.0,
        "verslagjaar",
    ]
    assert csv.loc["Opbouw naar de top", "Keuze"] == "volgens het budget"
    assert np.isnan(csv.loc["Opbouw naar de top", "Waarde"])
    assert csv.loc["Vereiste kans dat een toets een stijging vindt", "Waarde"] == 0.8
    jobs = rows.loc["Banen per nieuwe spin-off in de eerste jaren"]
    assert (jobs["Waarde"], jobs["Bandbreedte of alternatieven"]) == (
        "1 (het centrale cijfer)",
        "0,5 tot 2",
    )
    # Without submissions the scenario's assumptions are neither used nor cited.
    published = technical.assumptions_table(RAW, 2025, measured=False).display
    assert list(published["Aanname"]) == [
        "Vereiste kans dat een toets een stijging vindt",
        "Betrouwbaarheid van de intervallen",
        "Significantieniveau van de toetsen",
    ]
    levels = published.set_index("Aanname")
    assert levels.loc["Betrouwbaarheid van de intervallen", "Waarde"] == "95%"
    assert levels.loc["Significantieniveau van de toetsen", "Waarde"] == "5%"
    assert levels.loc["Significantieniveau van de toetsen", "Bron"] == cite(
        "assumption_test_level", load_sources(RAW)
    )
    # A changed row is a changed table, with no code edit.
    data_dir = _copy(tmp_path)
    _edit(data_dir, "power_target", value="0.9")
    changed = technical.assumptions_table(data_dir, 2025, measured=False).display.set_index(
        "Aanname"
    )
    assert changed.loc["Vereiste kans dat een toets een stijging vindt", "Waarde"] == "90%"
