"""Programme retrospective: subsidy, leverage, start-ups per euro and what is missing."""

from __future__ import annotations

import math
from typing import cast

import numpy as np
import pandas as pd
import pytest

from analysis.methods import retrospective as R

CONSORTIA = pd.DataFrame(
    {
        "consortium_id": ["a", "b", "c", "d"],
        "region": ["A", "B", "C", "D"],
        "name": ["Alpha", np.nan, "Gamma", "Delta"],
        "lead_institution_id": ["tud", "uu", np.nan, "eur"],
        "award_year": [2010, 2011, 2012, np.nan],
        "state_subsidy_eur": [5e6, 4e6, np.nan, 5e6],
        "state_subsidy_status": ["read", "read", "not found", "read"],
        "cofunding_eur": [10e6, np.nan, 3e6, 5e6],
        "cofunding_status": ["read", "not found", "read", "secondary"],
        "total_budget_eur": [15e6, 12e6, np.nan, 10e6],
        "evaluation_model": ["push", "exchange", "exchange", "push"],
    }
)
PROGRAMME = pd.DataFrame(
    {
        "fact_id": ["state_subsidy_total", "regional_cofunding_total", "startups_smes_supported"],
        "value": [62.7e6, 62.7e6, 2000.0],
        "source_id": ["kamerstuk_32637_339"] * 3,
    }
)


def cell(frame: pd.DataFrame, row: str | int, col: str) -> float:
    """A numeric cell; pandas-stubs type `.loc[row, col]` as a wide union, so cast once here."""
    return float(cast(float, frame.loc[row, col]))


def text(frame: pd.DataFrame, row: str | int, col: str) -> str:
    """A text cell (see `cell`)."""
    return str(frame.loc[row, col])


def test_leverage_per_consortium() -> None:
    c = R.by_consortium(CONSORTIA).set_index("consortium_id")
    assert cell(c, "a", "leverage") == pytest.approx(2.0)
    assert cell(c, "d", "leverage") == pytest.approx(1.0)
    assert math.isnan(cell(c, "b", "leverage"))  # co-funding unknown: not total − subsidy
    assert math.isnan(cell(c, "c", "leverage"))


def test_by_model_sums_only_known_amounts() -> None:
    m = R.by_model(CONSORTIA).set_index("model")
    assert cell(m, "push", "state_subsidy_eur") == 10e6
    assert cell(m, "push", "leverage") == pytest.approx(15e6 / 10e6)
    assert cell(m, "exchange", "state_subsidy_eur") == 4e6
    assert cell(m, "exchange", "n_subsidy_known") == 1
    assert cell(m, "exchange", "n_consortia") == 2
    assert math.isnan(cell(m, "exchange", "leverage"))
    assert cell(m, "push", "share_of_known_subsidy") == pytest.approx(10 / 14)
    assert m["share_of_known_subsidy"].sum() == pytest.approx(1.0)


def test_missing_table_lists_every_empty_field_with_status() -> None:
    miss = R.missing_table(CONSORTIA)
    pairs = set(zip(miss["consortium_id"], miss["column"], strict=True))
    assert pairs == {
        ("b", "name"),
        ("b", "cofunding_eur"),
        ("c", "lead_institution_id"),
        ("c", "state_subsidy_eur"),
        ("c", "total_budget_eur"),
        ("d", "award_year"),
    }
    status = miss.set_index(["consortium_id", "column"])["status"]
    assert status[("c", "state_subsidy_eur")] == "not found"


def test_reconcile_against_cited_programme_total() -> None:
    r = R.reconcile(CONSORTIA, PROGRAMME).set_index("fact_id")
    assert cell(r, "state_subsidy_total", "sum_known_eur") == 14e6
    assert cell(r, "state_subsidy_total", "n_known") == 3
    assert cell(r, "state_subsidy_total", "unexplained_eur") == pytest.approx(62.7e6 - 14e6)
    assert cell(r, "regional_cofunding_total", "unexplained_eur") == pytest.approx(62.7e6 - 18e6)


def test_every_result_column_has_a_dutch_label() -> None:
    from analysis.publication.labels import unlabelled

    for frame in (
        R.by_consortium(CONSORTIA),
        R.by_model(CONSORTIA),
        R.missing_table(CONSORTIA),
        R.reconcile(CONSORTIA, PROGRAMME),
    ):
        assert unlabelled(frame) == []


def test_by_model_can_group_by_the_monitor_label() -> None:
    labelled = CONSORTIA.assign(rule_label=["serve", "serve", "push", "push"])
    m = R.by_model(labelled, model_column="rule_label").set_index("model")
    assert cell(m, "serve", "state_subsidy_eur") == 9e6
    assert cell(m, "push", "state_subsidy_eur") == 5e6
    assert cell(m, "push", "leverage") == pytest.approx(1.0)  # only d reports both
