"""Chapter 2 (national figures) on a hand-made frame with known totals."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.assumptions import Levels
from analysis.methods.trends.counts import CountModels
from analysis.publication.chapters.national import counts
from analysis.publication.chapters.national import result as national_result
from analysis.publication.chapters.national import totals as national_totals
from analysis.publication.chapters.national import trend as national_trend
from editions import demo_data_dir
from panels import three_institutions

#: The shipped levels of the assumptions table: 95% intervals, tests at 5%.
SHIPPED = Levels(0.95, 0.05)


@pytest.fixture
def wide() -> pd.DataFrame:
    rows = [
        # institution, year, spinoffs, disclosures, licences, fte
        ("a", 2023, 4.0, 10.0, 2.0, 5.0),
        ("b", 2023, 6.0, 20.0, float("nan"), 3.0),
        ("a", 2024, 5.0, 12.0, 3.0, 6.0),
        ("b", 2024, 10.0, 18.0, 1.0, 3.5),
        ("c", 2024, float("nan"), 5.0, 0.0, 1.0),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "institution_id",
            "year",
            "spinoffs",
            "invention_disclosures",
            "licence_agreements",
            "kto_staff_fte",
        ],
    )
    frame["is_demonstration"] = True
    return frame


@pytest.fixture
def institutions() -> pd.DataFrame:
    return three_institutions()


def test_totals_sum_only_reported_values(wide: pd.DataFrame) -> None:
    totals = national_totals.national_totals(wide).set_index(["year", "indicator"])
    assert totals.loc[(2023, "licence_agreements"), "value"] == 2.0
    assert totals.loc[(2023, "licence_agreements"), "n_reporting"] == 1
    assert totals.loc[(2024, "spinoffs"), "value"] == 15.0
    assert totals.loc[(2024, "spinoffs"), "n_reporting"] == 2


def test_like_for_like_by_hand(wide: pd.DataFrame) -> None:
    lfl = national_totals.like_for_like(wide, 2024).set_index("indicator")
    # Disclosures: the 2024 total (12 + 18 + 5 = 35, three reporters) against 2023's
    # (10 + 20 = 30) would read +16,7%; over a and b only, 30 -> 30 is no change.
    assert lfl.loc["invention_disclosures", "total"] == 35.0
    assert lfl.loc["invention_disclosures", "n_reporting"] == 3
    assert lfl.loc["invention_disclosures", "change"] == pytest.approx(0.0)
    assert lfl.loc["invention_disclosures", "n_both"] == 2
    assert lfl.loc["invention_disclosures", "missing_before"] == ("c",)
    assert lfl.loc["invention_disclosures", "missing_now"] == ()
    # Licences: only a reported in both years (2 -> 3); b had none in 2023, c no row.
    assert lfl.loc["licence_agreements", "change"] == pytest.approx(0.5)
    assert lfl.loc["licence_agreements", "n_both"] == 1
    assert lfl.loc["licence_agreements", "missing_before"] == ("b", "c")
    # KTO staff: a and b, 5 + 3 = 8 -> 6 + 3,5 = 9,5.
    assert lfl.loc["kto_staff_fte", "change"] == pytest.approx(9.5 / 8 - 1)
    # Spin-offs: c has a 2024 row without spin-offs, and no 2023 row: out in both years.
    assert lfl.loc["spinoffs", "missing_before"] == ("c",)
    assert lfl.loc["spinoffs", "missing_now"] == ("c",)
    assert lfl.loc["spinoffs", "change"] == pytest.approx(0.5)  # 10 -> 15


def test_a_newcomer_and_a_leaver_do_not_move_the_change() -> None:
    """The +23,8% / +13,0% case in small: totals add whoever reported."""
    frame = pd.DataFrame(
        {
            "institution_id": ["a", "b", "e", "a", "b", "d"],
            "year": [2023, 2023, 2023, 2024, 2024, 2024],
            "spinoffs": [10.0, 20.0, 4.0, 11.0, 22.0, 10.0],
            "is_demonstration": False,
        }
    )
    row = national_totals.like_for_like(frame, 2024, ["spinoffs"]).iloc[0]
    assert row["total"] / row["total_before"] - 1 == pytest.approx(43 / 34 - 1)  # +26,5% naive
    assert row["change"] == pytest.approx(33 / 30 - 1)  # +10,0% on a and b
    assert (row["n_reporting"], row["n_reporting_before"], row["n_both"]) == (3, 3, 2)
    assert row["missing_before"] == ("d",) and row["missing_now"] == ("e",)
    names = {"a": "A", "b": "B", "d": "Nieuw", "e": "Weg"}
    change = national_totals.like_for_like_changes(frame, 2024, ["spinoffs"])["spinoffs"]
    assert (
        national_totals.not_in_both_text(change, 2024, names)
        == "geen opgave 2023: Nieuw; geen opgave 2024: Weg"
    )


def test_year_table_change_by_hand(wide: pd.DataFrame, institutions: pd.DataFrame) -> None:
    table = national_trend.year_table(wide, 2024, institutions).set_index("indicator")
    assert table.loc["spinoffs", "Verandering"] == pytest.approx(0.5)
    assert table.loc["invention_disclosures", "Verandering"] == pytest.approx(0.0)
    # one count per figure: the reporters of the 2024 total
    assert table.loc["invention_disclosures", "n_reporting"] == 3
    assert table.loc["spinoffs", "n_reporting"] == 2
    assert table.loc["licence_agreements", "not_in_both"] == "geen opgave 2023: Inst B en Inst C"
    totals = national_trend.totals_table(national_trend.year_table(wide, 2024, institutions), 2024)
    shown = totals.shown_frame
    spin = shown[shown["Indicator"] == "Spin-offs"].iloc[0]
    assert spin["Verandering t.o.v. 2023"] == "+50,0%"
    assert spin["Instellingen met opgave 2024"] == "2"
    assert spin["Instellingen in beide jaren"] == "2"
    # Inst C has a 2024 row without spin-offs and no 2023 row: out in both years
    assert spin["Niet in beide jaren"] == "geen opgave in beide jaren: Inst C"
    assert [totals.align(c) for c in shown.columns] == ["l", "r", "r", "r", "r", "l"]
    fte = shown[shown["Indicator"] == "KTO-personeel"].iloc[0]
    assert fte["2024"] == "10,5\u00a0fte"
    assert fte["Niet in beide jaren"] == "geen opgave 2023: Inst C"


def test_change_from_zero_is_missing_not_infinite(institutions: pd.DataFrame) -> None:
    frame = pd.DataFrame(
        {
            "institution_id": ["a", "a"],
            "year": [2023, 2024],
            "spinoffs": [0.0, 3.0],
            "is_demonstration": False,
        }
    )
    table = national_trend.year_table(frame, 2024, institutions)
    assert math.isnan(table.loc[0, "Verandering"])


def test_missing_in_one_year_or_in_both_is_said_once() -> None:
    row = national_totals.LikeForLike("x", 1.0, 1, 1.0, 1, 1.0, 1.0, 0.0, 1, ("a", "b"), ("b", "c"))
    names = {"a": "A", "b": "B", "c": "C"}
    assert national_totals.not_in_both_text(row, 2024, names) == (
        "geen opgave 2023: A; geen opgave 2024: C; geen opgave in beide jaren: B"
    )
    assert national_totals.label_in_sentence("kto_staff_fte") == "KTO-personeel"
    assert national_totals.label_in_sentence("spinoffs") == "spin-offs"


def test_long_lists_of_names_are_counted_not_spelled_out() -> None:
    ids = [f"i{k:02d}" for k in range(13)]
    row = national_totals.LikeForLike("spinoffs", 1.0, 1, 1.0, 1, 1.0, 1.0, 0.0, 1, tuple(ids), ())
    text = national_totals.not_in_both_text(row, 2024, {i: i.upper() for i in ids})
    assert text == "geen opgave 2023: " + ", ".join(i.upper() for i in ids[:10]) + " en 3 andere"


def test_chained_changes_ignore_institutions_entering() -> None:
    # a grows 10% a year; b enters in 2021 at ten times a's size and also grows 10%.
    frame = pd.DataFrame(
        {
            "institution_id": ["a", "a", "b", "a", "b"],
            "year": [2020, 2021, 2021, 2022, 2022],
            "spinoffs": [10.0, 11.0, 100.0, 12.1, 110.0],
            "is_demonstration": False,
        }
    )
    chain = national_trend.chained_changes(frame, "spinoffs").set_index("year")
    assert list(chain["n_both"]) == [0, 1, 2]
    assert chain.loc[2021, "change"] == pytest.approx(0.1)
    assert chain.loc[2022, "change"] == pytest.approx(122.1 / 111 - 1)  # = 0,1
    assert list(chain["index"]) == pytest.approx([100.0, 110.0, 121.0])
    trend = national_trend.trend_frame(frame, "spinoffs")
    assert list(trend["Spin-offs"]) == pytest.approx([10.0, 111.0, 122.1])  # totals stay totals
    assert list(trend["Instellingen met opgave"]) == [1, 2, 2]
    assert math.isnan(trend["Instellingen in beide jaren"].iloc[0])  # no year before 2020
    assert list(trend["Instellingen in beide jaren"].iloc[1:]) == [1, 2]


def test_trend_title_is_not_fooled_by_entrants() -> None:
    """Every institution is flat; a big one joins in 2016: the totals jump, the title must not."""
    rows = []
    for year in range(2010, 2021):
        rows.append(("a", year, 10.0))
        if year >= 2016:
            rows.append(("b", year, 50.0))
    frame = pd.DataFrame(rows, columns=["institution_id", "year", "spinoffs"])
    frame["is_demonstration"] = False
    totals = national_totals.national_totals(frame, ["spinoffs"]).set_index("year")["value"]
    assert totals[2016] == 6 * totals[2015]
    assert national_trend.trend_title(frame, "spinoffs") == (
        "Aantal spin-offs blijft sinds 2012 ongeveer gelijk (driejaarsgemiddelde, elk jaar over "
        "de instellingen met een opgave in dat jaar en het jaar ervoor)"
    )


def test_a_title_over_a_falling_last_year_cannot_say_stijgt() -> None:
    """Known answer: 10, 12, 14, 16, 13 at two institutions (2020–2024). The three-year
    average of the chain index (120, 140, 143,3 for 2022–2024) rises since 2022, but 2024
    fell 18,8% on 2023: the title says what it measures and the fall, never "stijgt"."""
    rows = [
        (inst, 2020 + k, float(v))
        for inst in ("a", "b")
        for k, v in enumerate([10, 12, 14, 16, 13])
    ]
    frame = pd.DataFrame(rows, columns=["institution_id", "year", "spinoffs"])
    frame["is_demonstration"] = False
    title = national_trend.trend_title(frame, "spinoffs")
    assert "stijgt" not in title
    assert title == (
        "Aantal spin-offs: driejaarsgemiddelde hoger dan in 2022, maar 2024 \u221218,8% op 2023 "
        "(elk jaar over de instellingen met een opgave in dat jaar en het jaar ervoor)"
    )
    assert "\u221218,8%" in title
    rising = frame.assign(spinoffs=frame["spinoffs"].where(frame["year"] < 2024, 20.0))
    assert "stijgt sinds" in national_trend.trend_title(rising, "spinoffs")


def test_by_type_and_ecosystem(wide: pd.DataFrame, institutions: pd.DataFrame) -> None:
    types = national_trend.by_type(wide, institutions, 2024).set_index("Type")
    assert types.loc["Universiteiten", "Spin-offs"] == 15.0
    assert types.loc["Universiteiten", "Instellingen (aantal)"] == 2
    assert "KTO-personeel (fte)" in types.columns  # the unit in the header
    assert types.loc["Umc's", "Uitvindingsmeldingen"] == 5.0
    eco = national_trend.by_ecosystem(wide, institutions, 2024)
    assert list(eco["Ecosysteem"]) == ["Twente", "Delft"]  # 10 spin-offs before 5
    assert eco.set_index("Ecosysteem").loc["Delft", "Uitvindingsmeldingen"] == 17.0


def test_summary_counts_per_figure_and_names_who_is_left_out(
    wide: pd.DataFrame, institutions: pd.DataFrame
) -> None:
    text = national_trend.summary_markdown(wide, 2024, institutions)
    assert text == (
        "In 2024 meldden 3 kennisinstellingen cijfers aan de monitor; samen 15 spin-offs "
        "(opgave van 2 instellingen), 35 uitvindingsmeldingen (opgave van 3 instellingen) en "
        "4 licentie- en optieovereenkomsten (opgave van 3 instellingen). Bij de instellingen met "
        "een opgave in zowel 2023 als 2024 was de verandering: spin-offs +50,0% (2 instellingen; "
        "geen opgave in beide jaren: Inst C), uitvindingsmeldingen 0,0% "
        "(2 instellingen; geen opgave 2023: Inst C) en licentie- en optieovereenkomsten +50,0% "
        "(1 instelling; geen opgave 2023: Inst B en Inst C)."
    )
    # the count beside each total is the table's count
    table = national_trend.year_table(wide, 2024, institutions).set_index("indicator")
    assert "(opgave van 3 instellingen) en 4 licentie" in text
    assert table.loc["licence_agreements", "n_reporting"] == 3


def test_demonstration_flag(wide: pd.DataFrame) -> None:
    assert national_trend.uses_demonstration_data(wide, 2024)
    real = wide.assign(is_demonstration=False)
    assert not national_trend.uses_demonstration_data(real)


def hand_models(dropped: str) -> CountModels:
    """A fitted-looking result written by hand: what the chapter shows must follow from it."""
    rows = []
    for model, selected in (("poisson", False), ("negbin", True)):
        for term, n_inst, est in (
            ("Intercept", 3, -12.0),
            ("type:umc", 1, 0.2),
            ("log_research_expenditure", 3, 1.25),
        ):
            rows.append(
                {
                    "outcome": "spinoffs",
                    "model": model,
                    "term": term,
                    "estimate": est + (0.5 if model == "poisson" else 0.0),
                    "std_error": 0.1,
                    "ci_low": est - 0.2,
                    "ci_high": est + 0.2,
                    "p_value": 0.0004 if term == "log_research_expenditure" else 0.3,
                    "n_obs": 30,
                    "n_institutions": n_inst,
                    "converged": True,
                    "selected": selected,
                }
            )
    over = pd.DataFrame(
        {
            "outcome": ["spinoffs"],
            "alpha": [0.2],
            "statistic": [4.0],
            "p_value": [0.0002],
            "pearson_dispersion": [2.46],
            "n_obs": [30],
            "selected_model": ["negbin"],
        }
    )
    col = pd.DataFrame(
        {
            "outcome": ["spinoffs"],
            "r_size_terms": [0.9825],
            "vif_research": [52.0],
            "vif_kto": [37.4],
            "dropped": [dropped],
            "n_obs": [30],
        }
    )
    return CountModels(pd.DataFrame(rows), over, col)


def test_count_model_table_shows_the_selected_model_and_estimable_terms() -> None:
    table = counts.count_model_table(hand_models("log_kto_staff_fte"), SHIPPED).shown_frame
    # negbin only (selected), no intercept, no contrast resting on one institution
    assert list(table["Model"]) == ["negatief-binomiaal"]
    row = table.iloc[0]
    assert row["Term"] == counts.SIZE_TERM_NL  # research now stands for size
    assert (row["Schatting"], row["95%-interval"], row["p-waarde"]) == (
        "1,25",
        "1,05 tot 1,45",
        "< 0,001",
    )
    assert row["Instellingen"] == "3"
    kept = counts.count_model_table(hand_models(""), SHIPPED).shown_frame
    assert kept.iloc[0]["Term"] == "log onderzoeksuitgaven (elasticiteit)"


def test_count_model_text_reports_choice_clustering_collinearity(
    institutions: pd.DataFrame,
) -> None:
    text = counts.count_model_markdown(hand_models("log_kto_staff_fte"), institutions)
    assert "spin-offs negatief-binomiaal (Pearson-dispersie 2,5, p < 0,001)" in text
    assert "geclusterd per instelling" in text
    assert "correlatie van de logaritmen 0,98" in text
    assert "variantie-inflatiefactor van het KTO-personeel 37" in text
    assert "Het KTO-personeel is daarom uit het model gelaten" in text
    # the umc contrast rests on Inst C alone (the only umc of the fixture)
    assert "Inst C (umc) is de enige van zijn type" in text
    kept = counts.count_model_markdown(hand_models(""), institutions)
    assert "uit het model gelaten" not in kept
    assert "beide elasticiteiten zijn apart te schatten" in kept


def test_names_in_the_opening_text_are_literal_text(
    wide: pd.DataFrame, institutions: pd.DataFrame
) -> None:
    """A short name with Markdown syntax reaches the prose escaped: pandoc reads it as text."""
    hostile = institutions.assign(
        short_name=["Inst A", "Inst B", "[klik](https://evil.example/) *C*"]
    )
    text = national_trend.summary_markdown(wide, 2024, hostile)
    assert "[klik](https://evil.example/)" not in text
    assert r"\[klik\](https://evil.example/) \*C\*" in text
    import pypandoc

    html = pypandoc.convert_text(text, "html", format="markdown")
    assert "<a " not in html and "<em>" not in html


def test_compute_fits_once_what_the_chapter_shows(tmp_path: Path) -> None:
    """`national.compute` holds the chapter's tables and fits, equal to the functions the
    notebook used to call one by one, and the year's totals equal sums over `wide`."""
    from analysis.data import ingest, process, reference, sources

    raw = demo_data_dir()
    long = process.to_long(ingest.load_submissions(raw / "kt_metrics"), sources.load_sources(raw))
    process.write_processed(long, process.to_wide(long), tmp_path)
    shipped = national_trend.until(process.load_wide(tmp_path), 2025)
    institutions = reference.load_institutions(raw)
    result = national_result.compute(shipped, raw, 2025)
    pd.testing.assert_frame_equal(
        result.totals, national_trend.year_table(shipped, 2025, institutions)
    )
    pd.testing.assert_frame_equal(result.growth, counts.growth(shipped, SHIPPED))
    pd.testing.assert_frame_equal(
        result.per_type, national_trend.by_type(shipped, institutions, 2025)
    )
    pd.testing.assert_frame_equal(
        result.per_ecosystem, national_trend.by_ecosystem(shipped, institutions, 2025)
    )
    spinoffs = result.totals.set_index("indicator").loc["spinoffs", "2025"]
    assert spinoffs == shipped.loc[shipped["year"] == 2025, "spinoffs"].sum()
    assert set(result.count_models.overdispersion["selected_model"]) <= {"poisson", "negbin"}
