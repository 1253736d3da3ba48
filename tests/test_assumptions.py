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

import pandas as pd
import pytest

from analysis.data import reference
from analysis.data.assumptions import ASSUMPTIONS_FILE, SPECS, load_assumptions
from analysis.data.validation.reference import validate_reference
from analysis.errors import InputError
from analysis.publication.chapters.scheme import catch_up, scenario_sensitivity
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


def test_a_range_without_words_is_written_as_factors() -> None:
    from analysis.methods.scenario import parameters

    assert parameters.factor_range_nl(0.5, 2.0) == "de helft tot het dubbele"
    assert (
        parameters.factor_range_nl(0.4, 2.5, "het centrale cijfer")
        == "0,4 tot 2,5 keer het centrale cijfer"
    )
