"""Chapter 5, 'Gevoeligheid voor aannames': the tornado by hand, and on the shipped data the
same numbers as the functions each chapter uses (they are the oracle: nothing is recomputed
another way)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.data.sources import load_sources, reference_number
from analysis.methods.peer_gaps import sensitivity
from analysis.methods.scenario import sensitivity as scenario_sensitivity
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.europe import tables
from analysis.publication.chapters.models import result as models_result
from analysis.publication.chapters.national import trend
from analysis.publication.chapters.scheme import catch_up, effect
from analysis.publication.chapters.scheme import scenario_sensitivity as scheme_scenario_sensitivity
from analysis.publication.chapters.sensitivity import outcomes, scheme_outcomes
from analysis.publication.chapters.sensitivity import section as S_section
from analysis.publication.charts import export
from editions import demo_data_dir

#: The demonstration edition's data (the shipped fictitious panel): `data/raw` + `data/demo`.
RAW = demo_data_dir()


def outcome(q: str, a: str, alt: str, v: float, used: bool = False, text: str = "") -> dict:
    return {
        "quantity": q,
        "quantity_label": q.upper(),
        "assumption": a,
        "alternative": alt,
        "value": v,
        "text": text or str(v),
        "used": used,
        "source_ids": "",
    }


def hand_outcomes() -> pd.DataFrame:
    """A scenario figure of 20 under three assumptions, and a count of 4 under two."""
    return pd.DataFrame(
        [
            outcome("extra", "lag", "0 jaar", 20.0, True),
            outcome("extra", "lag", "1 jaar", 12.0),
            outcome("extra", "lag", "2 jaar", 5.0),
            outcome("extra", "target", "laag", 10.0),
            outcome("extra", "target", "centraal", 20.0, True),
            outcome("extra", "target", "hoog", 35.0),
            outcome("extra", "price", "nominaal", 20.0),
            outcome("extra", "price", "prijspeil", 20.0, True),
            outcome("behind", "peers", "alle", 4.0, True, "4 achter, 1 voor"),
            outcome("behind", "peers", "zonder A", 4.0, False, "4 achter, 0 voor"),
            outcome("behind", "peers", "alleen B", 2.0, False, "2 achter, 0 voor"),
        ]
    )


def test_tornado_by_hand() -> None:
    t = outcomes.tornado(hand_outcomes())
    # Quantities in order of appearance; within one, the widest range first.
    assert list(zip(t["quantity"], t["assumption"], strict=True)) == [
        ("extra", "target"),
        ("extra", "lag"),
        ("extra", "price"),
        ("behind", "peers"),
    ]
    rows = t.set_index(["quantity", "assumption"])
    assert rows.loc[("extra", "target"), ["low", "central", "high"]].tolist() == [10, 20, 35]
    assert rows.loc[("extra", "lag"), ["low", "central", "high"]].tolist() == [5, 20, 20]
    assert rows.loc[("extra", "lag"), "low_alternative"] == "2 jaar"
    assert rows.loc[("extra", "price"), ["low", "high"]].tolist() == [20, 20]
    # A tie where nothing differs names the report's own choice.
    assert rows.loc[("extra", "price"), "low_alternative"] == "prijspeil"
    assert rows.loc[("extra", "target"), "alternatives"] == "laag; centraal (gebruikt); hoog"
    assert rows.loc[("extra", "target"), "n_alternatives"] == 3
    # A tie with the report's value names the alternative whose text differs.
    assert rows.loc[("behind", "peers"), "high_alternative"] == "zonder A"
    assert rows.loc[("behind", "peers"), "high_text"] == "4 achter, 0 voor"
    assert rows.loc[("behind", "peers"), "low_text"] == "2 achter, 0 voor"


def test_tornado_refuses_an_ambiguous_centre() -> None:
    two = hand_outcomes()
    two.loc[two["alternative"] == "1 jaar", "used"] = True
    with pytest.raises(ValueError, match="2 alternatives marked as used"):
        outcomes.tornado(two)
    moved = hand_outcomes()
    moved.loc[moved["alternative"] == "prijspeil", "value"] = 21.0
    with pytest.raises(ValueError, match="differs between assumptions"):
        outcomes.tornado(moved)


def test_comparison_outcomes_count_behind_per_choice_by_hand() -> None:
    peer = pd.DataFrame(
        {
            "choice": ["all", "only:eth", "only:kuleuven"],
            "n_comparisons": [6, 4, 0],
            "n_behind": [4, 3, 0],
            "n_ahead": [1, 0, 0],
        }
    )
    price = pd.DataFrame(
        {
            "basis": ["nominal", "nominal", "prices:2025", "prices:2025"],
            "verdict": ["behind", "indistinguishable", "behind", "ahead"],
        }
    )
    out = outcomes.comparison_outcomes(peer, price, 2025)
    # KU Leuven alone has no comparison: it says nothing and is left out.
    assert list(out["alternative"]) == [
        "alle instellingen van de top",
        "alleen ETH",
        "nominaal",
        "prijspeil 2025",
    ]
    assert out["value"].tolist() == pytest.approx([400 / 6, 75.0, 50.0, 50.0])
    assert out["text"].tolist() == [
        "4 van de 6 achter, 1 voor",
        "3 van de 4 achter, 0 voor",
        "1 van de 2 achter, 0 voor",
        "1 van de 2 achter, 1 voor",
    ]
    assert out["used"].tolist() == [True, False, False, True]


def test_typology_outcomes_follow_the_model_of_the_report() -> None:
    sens = pd.DataFrame(
        {
            "reference": ["cross_section_median", "cross_section_geomean", "yearly_median"],
            "n_institutions": [10, 10, 10],
            "institutions_changed": [0, 3, 1],
            "n_push": [2, 5, 3],
            "n_exchange": [5, 2, 4],
            "n_serve": [3, 3, 3],
            "n_consortia": [12, 12, 12],
            "agreement_n": [5, 6, 5],
            "kappa": [0.13, 0.25, 0.13],
        }
    )
    t = outcomes.tornado(outcomes.typology_outcomes(sens)).set_index("quantity")
    assert (
        t.loc["typology_top", "quantity_label"]
        == "Instellingen in het uitwisselingsmodel (van de 10)"
    )
    assert t.loc["typology_top", ["low", "central", "high"]].tolist() == [2, 5, 5]
    assert t.loc["typology_top", "low_text"] == "2 (het aanbodmodel: 5)"
    assert t.loc["typology_changed", ["low", "high"]].tolist() == [0, 3]
    # kappa 0,25 in words (bands of 0,2: 'iets meer dan bij toeval' from 0,2 to 0,4)
    assert t.loc["typology_agreement", "high_text"] == "6 (iets meer dan bij toeval)"
    assert models_result.modal_model_sentence(sens) == (
        "Welk model het vaakst voorkomt, hangt af van het referentiepunt: bij 1 van de 2 andere "
        "referentiepunten komt het aanbodmodel of dienstverleningsmodel even vaak of vaker voor dan het "
        "uitwisselingsmodel."
    )
    # "komt het vaakst voor" only when it holds at every reference point; here it does not
    assert not models_result.modal_model_holds(sens)
    assert "vaakst" not in models_result.modal_model_text(sens)
    assert " en " in models_result.modal_model_text(sens)


# ------------------------------------------------------------------ on the shipped data


@pytest.fixture(scope="module")
def shipped_wide(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    from analysis.data import ingest, process, sources

    folder = tmp_path_factory.mktemp("processed")
    long = process.to_long(ingest.load_submissions(RAW / "kt_metrics"), sources.load_sources(RAW))
    process.write_processed(long, process.to_wide(long), folder)
    return trend.until(process.load_wide(folder), 2025)


@pytest.fixture(scope="module")
def section(
    shipped_wide: pd.DataFrame,
) -> tuple[
    S_section.SensitivityResult,
    catch_up.ScenarioResult,
    scheme_scenario_sensitivity.ScenarioSensitivity,
    effect.BreakAnalysis,
]:
    plan = catch_up.compute_scenario(shipped_wide, RAW, 2025)
    sens = scheme_scenario_sensitivity.compute_scenario_sensitivity(shipped_wide, RAW, plan)
    breaks = effect.break_analysis(shipped_wide, RAW)
    result = S_section.compute(
        shipped_wide, RAW, 2025, plan=plan, scenario_sens=sens, breaks=breaks
    )
    return result, plan, sens, breaks


def test_the_scenario_rows_equal_the_scenario_modules_tornado(section) -> None:  # type: ignore[no-untyped-def]
    """scenario.tornado_frame is the oracle: same low, high and centre for both measures."""
    result, plan, sens, _ = section
    assert plan.headline is not None
    ind, den = plan.headline
    for measure, quantity in (
        ("extra_cumulative", "scenario_sum"),
        ("extra", "scenario_target_year"),
    ):
        oracle = scenario_sensitivity.tornado_frame(
            plan.parameters,
            plan.budget,
            ind,
            den,
            shapes=(plan.assumptions.ramp.value, *plan.assumptions.ramp.others),
            lags=plan.assumptions.lag.integer_steps,
            alternative_targets={
                "peers": list(sens.peer_targets.values()),
                "price": list(sens.price_targets.values()),
            },
            measure=measure,
        ).set_index("assumption")
        mine = result.tornado[result.tornado["quantity"] == quantity].set_index("assumption")
        expected = set(oracle.index) - ({"ramp"} if measure == "extra" else set())
        assert set(mine.index) == expected
        for key in expected:
            assert mine.loc[key, "low"] == pytest.approx(oracle.loc[key, "low"])
            assert mine.loc[key, "high"] == pytest.approx(oracle.loc[key, "high"])
            assert mine.loc[key, "central"] == pytest.approx(oracle.loc[key, "central"])
    # The report's value is the central variant of the scenario table.
    row = plan.summary[
        (plan.summary["indicator"] == ind)
        & (plan.summary["denominator"] == den)
        & (plan.summary["variant"] == "central")
    ].iloc[0]
    t = result.tornado.set_index(["quantity", "assumption"])
    assert t.loc[("scenario_target_year", "target"), "central"] == pytest.approx(
        row["extra_target_year"]
    )


def test_the_other_rows_equal_the_chapters(section, shipped_wide: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    result, plan, _, breaks = section
    t = result.tornado.set_index(["quantity", "assumption"])
    # Chapter 3: the count behind in the report, the same with every price year.
    eu = europe_result.compute(shipped_wide, RAW, 2025, levels=("total",))
    behind, _ahead, total = tables.counts(tables.chart_frame(eu))
    assert t.loc[("behind", "peers"), "central"] == pytest.approx(100 * behind / total)
    peer = sensitivity.peer_choice_sensitivity(plan.comparisons).set_index("choice")
    only_eth = peer.loc["only:eth"]
    assert f"{only_eth['n_behind']} van de {only_eth['n_comparisons']} achter" in " ".join(
        result.outcomes["text"]
    )
    # Chapter 4: the most common model and its count, from the chapter's own classification.
    m = models_result.compute(shipped_wide, RAW, 2025, n_boot=2)
    counts = m.classified["model"].value_counts()
    top, n_top = models_result.headline_model(result.reference_sens)
    assert counts.idxmax() == top and counts.max() == n_top
    assert t.loc[("typology_top", "reference"), "central"] == n_top
    # Chapter 5: the break's level change in the report is the ITS at the first funded year.
    its = breaks.its[
        (breaks.its["indicator"] == "spinoffs") & (breaks.its["term"] == "level_change")
    ]
    assert t.loc[("break_level", "break_year"), "central"] == pytest.approx(
        float(its["effect_pct"].iloc[0])
    )
    assert t.loc[("break_level", "break_shape"), "n_alternatives"] == 2


def test_the_section_reads_as_a_reader_needs_it(section) -> None:  # type: ignore[no-untyped-def]
    result, plan, _, breaks = section
    table = S_section.table(result, RAW).shown_frame
    choices = S_section.choices_table(result, RAW).frame
    for frame in (table, choices):
        for cell in frame.astype(str).to_numpy().ravel():
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", cell), cell  # no codes
            assert not re.search(r"\b(read|secondary|assumption|inferred|nominal)\b", cell), cell
    assert set(choices["Aanname"]) == {
        outcomes.ASSUMPTION_NL[k] for k in set(result.tornado["assumption"])
    }
    assert (choices["Doorgerekende keuzes"].str.count(r"\(gebruikt\)") == 1).all()
    statuses = dict(zip(choices["Aanname"], choices["Bron en herkomst"], strict=True))
    lag_number = reference_number("assumption_catch_up_lag", load_sources(RAW))
    assert statuses[outcomes.ASSUMPTION_NL["lag"]] == f"[{lag_number}] (aanname)"
    assert statuses[outcomes.ASSUMPTION_NL["reference"]] == outcomes.MONITOR_CHOICE_NL
    jobs_rows = table[table["Uitkomst"] == "Extra banen in jonge spin-offs tot 2029"]
    assert set(jobs_rows["Laagste"]) == {"0 (geen extra spin-offs) bij elke keuze"}
    # The chart leaves out the jobs: no extra spin-offs, so every choice gives 0.
    jobs = result.tornado[result.tornado["quantity"] == "jobs"]
    assert not jobs.empty and (jobs[["low", "high"]] == 0).all().all()
    frame = S_section.chart_frame(result)
    assert "Extra banen in jonge spin-offs tot 2029" not in set(frame["quantity"])
    assert frame["quantity"].nunique() == result.tornado["quantity"].nunique() - 1
    spec = export.spec_of(S_section.chart(result))
    assert "<svg" in export.to_svg(spec)
    text = S_section.markdown(result, plan, breaks)
    assert re.search(r"bij (geen|[1-4]) van de 4 breuken groter dan toeval", text)
    assert outcomes.DEMO_CAVEAT in text
    assert S_section.chart_title(result).startswith("Het meest maakt uit: voor het inhaalscenario")


def test_jobs_follow_the_extra_spinoffs_when_the_country_lags_on_them() -> None:
    """Three institutions far below the top on spin-offs: the jobs rows are the scenario's jobs."""
    wide = pd.DataFrame(
        [
            {
                "institution_id": inst,
                "year": year,
                "research_expenditure_eur": 2e8,
                "kto_staff_fte": 10.0,
                "invention_disclosures": 20.0,
                "priority_patent_applications": 10.0,
                "spinoffs": 0.2,
                "licence_agreements": 2.0,
                "spinoff_capital_eur": 2e7,
                "is_demonstration": True,
            }
            for inst in ("tud", "uu", "umcu")
            for year in range(2019, 2026)
        ]
    )
    plan = catch_up.compute_scenario(wide, RAW, 2025)
    assert plan.headline is not None and plan.headline[0] == "spinoffs"
    sens = scheme_scenario_sensitivity.compute_scenario_sensitivity(wide, RAW, plan)
    rows = outcomes.tornado(scheme_outcomes.jobs_outcomes(plan, sens)).set_index("assumption")
    central = plan.summary[
        (plan.summary["indicator"] == "spinoffs")
        & (plan.summary["denominator"] == plan.headline[1])
        & (plan.summary["variant"] == "central")
    ]["extra_jobs"].iloc[0]
    assert rows.loc["jobs", "central"] == pytest.approx(central) and central > 0
    per = plan.parameters.set_index(["parameter", "variant"])["value"]
    # Half and double the one early figure: the jobs scale with it (0 years of lag).
    assert rows.loc["jobs", "low"] == pytest.approx(
        central
        * per[("jobs_per_spinoff_early", "low")]
        / per[("jobs_per_spinoff_early", "central")]
    )
    assert rows.loc["lag", "low"] < central == pytest.approx(rows.loc["lag", "high"])


def test_the_download_holds_the_numbers_behind_the_text(section) -> None:  # type: ignore[no-untyped-def]
    """Row for row the table's CSV holds the tornado's numbers, not the Dutch text."""
    result = section[0]
    table = S_section.table(result, RAW)
    shown, data = table.shown_frame, table.csv_frame
    assert len(data) == len(shown)
    t = result.tornado
    for column, source in (("In het rapport", "central"), ("Laagste", "low"), ("Hoogste", "high")):
        assert data[column].dtype == "float64"
        assert data[column].tolist() == t[source].astype("float64").tolist()
    for same in ("Aanname", "Bron en herkomst"):
        assert data[same].tolist() == shown[same].tolist()
    assert data["Keuze bij laagste"].tolist() == t["low_alternative"].astype(str).tolist()
