"""Chapters 3 and 5 on the shipped reference tables and a small hand-made Dutch panel.

The Dutch side is made up here (three institutions, identical each year) so the
expected positions against the cited peer figures are known: licences far below
the top, spin-offs far above it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import reference
from analysis.data.sources import load_sources
from analysis.methods.peer_gaps import peers as peer_gaps_peers
from analysis.methods.peer_gaps import sensitivity
from analysis.publication.chapters.europe import comparability, tables, types
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.europe import sensitivity as europe_sensitivity
from analysis.publication.chapters.europe.tables import total_shown
from analysis.publication.chapters.europe.types import missing, type_table
from analysis.publication.chapters.scheme import catch_up, scenario_sensitivity
from analysis.publication.chapters.scheme import projection as scheme_projection
from analysis.publication.chapters.scheme.scenario_sensitivity import _alternatives_formats
from analysis.publication.chapters.sensitivity import price_basis
from editions import with_submissions_dir
from panels import steady_panel

#: A data folder with submissions (the scenario and its sources exist only there): data/raw
#: with test submissions beside the real institutions (tests/editions.py).
RAW = with_submissions_dir()


def panel(
    licences: float, spinoffs: float, patents: float = 10.0, years: range = range(2019, 2026)
) -> pd.DataFrame:
    """Three institutions with EUR 200M research each, the same outputs every year."""
    rows = []
    for inst in ("vb_univ_a", "vb_univ_b", "vb_umc_a"):
        for year in years:
            rows.append(
                {
                    "institution_id": inst,
                    "year": year,
                    "research_expenditure_eur": 2e8,
                    "kto_staff_fte": 10.0,
                    "invention_disclosures": 20.0,
                    "priority_patent_applications": patents,
                    "spinoffs": spinoffs,
                    "licence_agreements": licences,
                    "spinoff_capital_eur": 2e7,
                    "is_demonstration": False,
                }
            )
    return pd.DataFrame(rows)


def _cells(frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in frame.astype(str).to_numpy().ravel()]


def test_chapter_3_states_the_price_basis_and_counts_eth_once() -> None:
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    assert result.base_year == 2025
    assert result.price_basis.startswith("euro, prijspeil 2025")
    assert "januari–juni" in result.price_basis  # the 2025 index covers six months
    # The chapter says the price year in words; the conversion is in Bijlage B.
    assert "prijspeil van 2025" in comparability.intro_markdown(result)
    assert result.price_basis not in comparability.intro_markdown(result)
    assert result.price_basis in comparability.technical_markdown(result)
    # The chapter opens with its finding: the counts the intro gives, in the same numbers.
    below, above, total = tables.counts(tables.chart_frame(result))
    opening = comparability.opening_markdown(result)
    assert opening.startswith(f"Bij {below} van de {total} vergelijkingen met ETH Zürich")
    assert f"bij {above} voor" in opening
    assert f"Bij {below} van de {total} vergelijkingen ligt Nederland zo achter" in (
        comparability.intro_markdown(result)
    )
    top = result.comparisons[result.comparisons["level"] == "total"]
    assert not top.duplicated(["indicator", "denominator", "peer_group"]).any()
    assert "ethz" not in set(top["peer_group"]) and "eth" in set(top["peer_group"])
    lic = top[(top["indicator"] == "licence_agreements") & (top["denominator"] == "per_disclosure")]
    # 2 licences per 20 disclosures = 0.10 against ETH Zurich 87/205, a ratio of two yearly
    # counts with its exact interval.
    assert lic["nl_value"].iloc[0] == pytest.approx(0.1)
    # The ETH Domain's 341 count technology transfer agreements too: not comparable, so the
    # range is ETH Zurich's alone (no midpoint of two definitions).
    assert lic["peer_low"].iloc[0] == pytest.approx(peer_gaps_peers.rate_ratio_interval(87, 205)[0])
    assert lic["peer_high"].iloc[0] == pytest.approx(
        peer_gaps_peers.rate_ratio_interval(87, 205)[1]
    )
    assert int(lic["n_definitions"].iloc[0]) == 1
    assert lic["verdict"].iloc[0] == "behind"
    frame = tables.chart_frame(result)
    behind, _ahead, total = tables.established_counts(frame)
    assert total == len(top)
    assert f"{behind} van de {total} vergelijkingen vastgesteld" in tables.chart_title(frame)


def test_chapter_3_tables_show_no_codes_or_english_status_words() -> None:
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    for table in (
        total_shown(result),
        tables.spread_table(result).frame,
        missing(result),
        types.caveats(result),
        type_table(result).shown_frame,
    ):
        for cell in _cells(table):
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", cell), cell  # no snake_case codes
            assert not re.search(r"\b(secondary|inferred|behind|ahead|lower_bound)\b", cell), cell
    absent = missing(result)
    assert "per fte onderzoekspersoneel" in set(absent["Niet mogelijk"])


def test_price_table_shows_nominal_and_constant_prices_side_by_side() -> None:
    wide = panel(2.0, 10.0)
    sens = europe_sensitivity.price_sensitivity(wide, RAW, 2025, n_boot=30)
    ratios = sens.set_index(["basis", "indicator", "denominator", "peer_group"])["ratio"]
    key = ("spinoffs", "per_100m_research", "oxford")
    assert ratios[("prices:2015", *key)] == pytest.approx(ratios[("prices:2025", *key)])
    # Nominal sets Oxford's 2017 pounds against Dutch 2023–2025 euros at face value; at
    # constant prices Oxford's spend is worth more, so the Dutch ratio rises.
    assert ratios[("prices:2025", *key)] > ratios[("nominal", *key)]
    table = price_basis.price_table(sens).shown_frame
    assert list(table.columns) == ["Vergelijking", "nominaal", "prijspeil 2015", "prijspeil 2025"]


def test_scenario_above_the_top_everywhere_builds_no_path_and_says_so() -> None:
    wide = panel(200.0, 60.0, patents=20.0)  # far above every peer figure
    s = catch_up.compute_scenario(wide, RAW, 2025)
    assert set(s.targets["status"]) <= {"at_or_above", "not_demonstrable"}
    assert s.headline is None
    assert s.result.empty
    text = catch_up.scenario_markdown(s)
    assert "ligt Nederland al op of boven de top" in text
    assert "geen scenario" in text
    assert "geen opbrengst" in text
    projection = scheme_projection.projection_frame(wide, s)
    assert projection["target"].isna().all()  # a path equal to today's level is no path
    assert "geen doelpad" in scheme_projection.projection_title(projection)


def test_scenario_where_the_country_lags_leads_somewhere() -> None:
    wide = panel(2.0, 10.0)
    s = catch_up.compute_scenario(wide, RAW, 2025)
    assert s.headline == ("licence_agreements", "per_disclosure")
    projection = scheme_projection.projection_frame(wide, s)
    path = projection.dropna(subset=["target"]).set_index("year")["target"]
    assert path[2025] == pytest.approx(6.0)  # starts at today's national count (3 × 2)
    assert path[2029] > path[2025]  # and leads somewhere
    central = s.targets.set_index(["indicator", "denominator"]).loc[
        ("licence_agreements", "per_disclosure"), "target_central"
    ]
    assert path[2029] == pytest.approx(6.0 * central / 0.1)
    summary = catch_up.summary_table(s).shown_frame
    variants = summary[
        (summary["Indicator"] == "Licentie- en optieovereenkomsten")
        & (summary["Noemer"] == "per uitvindingsmelding")
    ]
    assert len(set(variants["Doel (intensiteit)"])) == 3  # ETH's two definitions: a real spread
    assert not any("opbrengst" in c.lower() for c in summary.columns)
    text = catch_up.scenario_markdown(s)
    assert "€\u00a04,20" in text and "geen opbrengst van deze regeling" in text
    assert "spin-offs" in text and "geen extra banen" in text


def test_sensitivity_of_the_scenario() -> None:
    wide = panel(2.0, 10.0)
    s = catch_up.compute_scenario(wide, RAW, 2025)
    sens = scenario_sensitivity.compute_scenario_sensitivity(wide, RAW, s)
    assert set(sens.peer_targets) >= {"all", "only:eth", "without:oxford"}
    assert set(sens.price_targets) == {"nominal", "prices:2015", "prices:2025"}
    lag = sens.lag[(sens.lag["indicator"] == "licence_agreements")].set_index(
        ["denominator", "lag"]
    )
    assert (
        lag.loc[("per_disclosure", 2), "extra_target_year"]
        < lag.loc[("per_disclosure", 0), "extra_target_year"]
    )
    table = scenario_sensitivity.scenario_alternatives_table(s, sens)
    assert "vertraging 2 jaar" in set(table.frame["Aanname"])
    money = "Kapitaal opgehaald door spin-offs per uitvindingsmelding"
    count = "Licentie- en optieovereenkomsten per uitvindingsmelding"
    formats = _alternatives_formats(pd.DataFrame(columns=["Aanname", money, count]))
    assert formats == {money: "money", count: "number"}
    assert all(table.formats[c] in ("money", "number") for c in table.frame.columns[1:])


def test_the_shipped_peer_table_declares_how_exact_each_figure_is() -> None:
    peers = reference.load_peers(RAW)
    peer_gaps_peers.check_value_types(peers)
    approx = peers[peers["value_type"] == "approximate"]
    assert ("oxford", "licence_agreements") in set(
        zip(approx["peer_id"], approx["indicator"], strict=True)
    )
    bounds = peers[peers["value_type"] == "lower_bound"]
    assert ("kuleuven", "spinoffs_cumulative") in set(
        zip(bounds["peer_id"], bounds["indicator"], strict=True)
    )


def test_the_summary_states_what_the_target_path_rests_on() -> None:
    wide = panel(2.0, 10.0)
    s = catch_up.compute_scenario(wide, RAW, 2025)
    text = scheme_projection.projection_summary(scheme_projection.projection_frame(wide, s), s)
    # 6 licences on 60 disclosures (0.1) against one named definition, ETH Zurich's 87/205
    # with its exact interval (the ETH Domain counts other agreements too and is not used):
    # 2029 at 6 · 0.3264 / 0.1 = 20 to 6 · 0.5479 / 0.1 = 33.
    low = 6 * peer_gaps_peers.rate_ratio_interval(87, 205)[0] / 0.1
    high = 6 * peer_gaps_peers.rate_ratio_interval(87, 205)[1] / 0.1
    assert (round(low), round(high)) == (20, 33)
    assert (
        "op de centrale waarde van één definitie van de top, ETH Zürich (over haar bandbreedte "
        "20 tot 33 in 2029)" in text
    )
    assert "met de uitvindingsmeldingen op het niveau van 2025" in text
    assert "een opbouw die het budget volgt (aannames van de monitor" in text
    assert text.startswith(
        scheme_projection.projection_title(scheme_projection.projection_frame(wide, s)) + ". "
    )
    above = panel(200.0, 60.0, patents=20.0)
    s_above = catch_up.compute_scenario(above, RAW, 2025)
    frame = scheme_projection.projection_frame(above, s_above)
    assert (
        scheme_projection.projection_summary(frame, s_above)
        == scheme_projection.projection_title(frame) + "."
    )


def test_the_summary_states_price_basis_counting_and_peer_range() -> None:
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, levels=("total",), n_boot=30)
    text = comparability.summary_message(result)
    assert text.startswith(tables.chart_title(tables.chart_frame(result)))
    assert "(bedragen in euro, prijspeil 2025, met de Nederlandse HICP;" in text
    assert "ETH één keer geteld" in text
    sens = sensitivity.peer_choice_sensitivity(europe_result.established_comparisons(result))
    sens = sens[(sens["choice"] != "all") & (sens["n_comparisons"] > 0)]
    share = sens["n_behind"] / sens["n_comparisons"]
    lo, hi = sens.loc[share.idxmin()], sens.loc[share.idxmax()]
    low = f"{lo['n_behind']} van de {lo['n_comparisons']}"
    high = f"{hi['n_behind']} van de {hi['n_comparisons']}"
    shown = low if low == high else f"{low} tot {high}"
    assert f"bij {shown} vergelijkingen vastgesteld achter" in text


def test_comparability_matrix_peer_by_indicator() -> None:
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    matrix = comparability.comparability_matrix(result)
    frame = matrix.frame.set_index("Indicator")
    assert list(frame.columns) == ["ETH", "Oxford", "KU Leuven"]  # KU Leuven, named by the plan
    # every comparison chapter 3 makes is a "ja" cell with its denominator ...
    top = result.comparisons[result.comparisons["level"] == "total"]
    assert sum(c.startswith("ja") for c in _cells(matrix.frame)) == len(
        top.drop_duplicates(["peer_group", "indicator"])
    )
    # Oxford's '~700 licences a year' counts something else: not comparable (g), no gap
    assert frame.loc["Licentie- en optieovereenkomsten", "Oxford"] == "nee (g)"
    assert frame.loc["Spin-offs", "Oxford"].startswith("ja, per € 100 mln onderzoek")
    assert frame.loc["Spin-offs", "ETH"].startswith("ja, per uitvindingsmelding")
    # ... and every other cell says "nee" with the reason letter, from the peer table:
    # Oxford publishes disclosures only for one quarter, KU Leuven its spin-offs only
    # cumulatively and its licence income without a denominator (2021, 2022).
    assert frame.loc["Uitvindingsmeldingen", "Oxford"] == "nee (d)"
    assert frame.loc["Spin-offs", "KU Leuven"] == "nee (c)"
    assert frame.loc["Licentie-inkomsten", "KU Leuven"] == "nee (b)"
    assert frame.loc["Ondersteunde startups", "ETH"] == "nee (a)"  # no figure at all
    assert matrix.comparable == {"eth": 4, "oxford": 1, "kuleuven": 0}
    # the footnotes explain each letter once, with the years behind b, and the definitions
    notes = matrix.footnotes
    for letter in ("a", "b", "c", "d", "e", "g"):
        assert f"{letter}: " in notes
    assert "KU Leuven 2012, 2021 en 2022" in notes
    assert "ETH-domein (zes instellingen), niet alleen ETH Zürich" in notes
    assert "per fte onderzoekspersoneel is nergens mogelijk" in notes
    # a reader sees no code, no English and no internal note
    text = " ".join(_cells(matrix.frame)) + " " + notes
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text)
    assert not re.search(r"te controleren|licence|more than|\bthe\b", text)
    sentence = comparability.matrix_markdown(matrix)
    assert "ETH bij 4, Oxford bij 1 en KU Leuven bij 0" in sentence
    assert "Voor KU Leuven is geen enkele indicator te vergelijken" in sentence


def test_matrix_counts_a_peer_figure_without_a_denominator(tmp_path: Path) -> None:
    """Oxford's spin-offs per EUR 100 mln rest on research spending within two years: with
    that spending removed the cell turns to "nee (b...)" and names the years; its licences
    stay "nee (g)", not comparable whatever the denominator."""
    import shutil

    data = tmp_path / "raw"
    shutil.copytree(RAW, data)
    path = data / "benchmark" / "peers.csv"
    peers = pd.read_csv(path, dtype=str, keep_default_na=False)
    keep = ~((peers["peer_id"] == "oxford") & (peers["indicator"] == "research_expenditure_eur"))
    peers[keep].to_csv(path, index=False)
    matrix = comparability.comparability_matrix(
        europe_result.compute(panel(2.0, 10.0), data, 2025, n_boot=10)
    )
    frame = matrix.frame.set_index("Indicator")
    # b for the spin-offs without spending; e because Oxford also counts all new companies
    assert frame.loc["Spin-offs", "Oxford"] == "nee (b, e)"
    assert frame.loc["Licentie- en optieovereenkomsten", "Oxford"] == "nee (g)"
    assert matrix.comparable["oxford"] == 0
    assert "Oxford 2018 en 2021" in matrix.footnotes


def test_type_comparison_only_for_types_with_enough_institutions() -> None:
    """The hand-made panel has 2 universities and 1 umc: neither is a type of at least
    five, so the type table keeps only the Netherlands and the text names them with n."""
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    table = type_table(result).shown_frame
    assert table["Groep (instellingen)"].tolist() == ["Nederland (3)"]
    text = types.type_markdown(result)
    assert "De universiteiten (2) en umc's (1) zijn te klein voor een eigen oordeel" in text
    assert "(minstens 5 instellingen)" in text


def test_type_comparison_with_five_universities() -> None:
    """Five universities: their row appears with n; its verdicts are those of the whole
    (every institution here is a university)."""
    panel = steady_panel(
        dict.fromkeys(("vb_univ_a", "vb_univ_b", "vb_univ_c", "vb_univ_d", "vb_univ_e"), 10.0)
    )
    result = europe_result.compute(panel, RAW, 2025, n_boot=30)
    table = type_table(result).shown_frame
    assert table["Groep (instellingen)"].tolist() == ["Nederland (5)", "Universiteiten (5)"]
    text = types.type_markdown(result)
    total = len(result.comparisons[result.comparisons["level"] == "total"])
    assert f"bij {total} van de {total} vergelijkingen geven de universiteiten (5)" in text
    assert "te klein" not in text


def test_the_plan_return_citation_is_literal_text(tmp_path: Path) -> None:
    """The return figure's footnote cites a source from sources.csv: by its number, escaped,
    so a title with Markdown syntax can neither end the footnote nor make a link."""
    import shutil

    from analysis.methods.scenario import parameters

    data = tmp_path / "raw"
    shutil.copytree(RAW, data)
    path = data / "sources.csv"
    sources = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = sources["source_id"] == parameters.PLAN_RETURN_SOURCE
    sources.loc[row, "title"] = "Titel ] [phish](https://evil.example/) ^[x]"
    sources.to_csv(path, index=False, lineterminator="\n")
    s = catch_up.compute_scenario(panel(2.0, 10.0), data, 2025)
    text = catch_up.scenario_markdown(s)
    # cited by its number in the reference list: the title (with its syntax) is not here
    assert "phish" not in text and "evil.example" not in text
    import pypandoc

    html = pypandoc.convert_text(text, "html", format="markdown")
    assert 'href="https://evil.example/"' not in html


def test_the_parameters_download_holds_each_value_as_a_number() -> None:
    """Row for row the CSV behind the parameter table has the scenario's own numbers where
    the page writes Dutch text ("€ 1,2 mln", "2029"); the other columns are the page's."""
    wide = panel(2.0, 10.0)
    s = catch_up.compute_scenario(wide, RAW, 2025)
    table = catch_up.parameters_table(s, RAW)
    shown, data = table.shown_frame, table.csv_frame
    assert len(data) == len(shown) > 5
    assert data["Waarde"].dtype == "float64"
    p = s.parameters
    listed = p[
        (p["parameter"] != "base_count")
        | p["indicator"].isin(set(p.loc[p["parameter"] == "target", "indicator"]))
    ]
    assert data["Waarde"].tolist() == listed["value"].astype("float64").tolist()
    pd.testing.assert_frame_equal(
        data.drop(columns="Waarde"), shown.drop(columns="Waarde"), check_dtype=False
    )
    target_year = data[data["Parameter"] == catch_up.PARAMETER_NL["target_year"]]
    assert (target_year["Waarde"] >= 2026).all()  # a year, not "2.029"


def test_the_position_download_holds_the_values_behind_the_text() -> None:
    wide = panel(2.0, 10.0)
    s = catch_up.compute_scenario(wide, RAW, 2025)
    table = catch_up.position_table(s)
    shown, data = table.shown_frame, table.csv_frame
    assert len(data) == len(shown) > 0
    t = s.targets
    assert data["Nederland"].tolist() == t["baseline"].astype("float64").tolist()
    assert data["Top: laag"].tolist() == t["target_low"].astype("float64").tolist()
    assert data["Top: hoog"].tolist() == t["target_high"].astype("float64").tolist()
    assert (data["Top: laag"] <= data["Top: centraal"]).all()
    assert (data["Top: centraal"] <= data["Top: hoog"]).all()
    assert data["In het scenario"].tolist() == shown["In het scenario"].tolist()


def test_figures_that_count_something_else_are_shown_as_not_comparable_with_the_reason() -> None:
    result = europe_result.compute(panel(2.0, 10.0), RAW, 2025, n_boot=30)
    table = comparability.not_comparable_table(result, load_sources(RAW)).shown_frame
    rows = {(r["Vergelijking"], r["Indicator"]): r for r in table.to_dict("records")}
    oxford = rows[("University of Oxford", "Licentie- en optieovereenkomsten")]
    assert oxford["Cijfer"] == "700 (bij benadering)"
    assert "beleggersnotitie" not in oxford["Waarom niet"]  # the data's own wording
    assert "belegger" in oxford["Waarom niet"]
    assert (
        "technologieoverdracht"
        in rows[("ETH-Domein", "Licentie- en optieovereenkomsten")]["Waarom niet"]
    )
    # no gap, ratio or verdict is made from them
    top = result.comparisons[result.comparisons["level"] == "total"]
    assert not ((top["peer_group"] == "oxford") & (top["indicator"] == "licence_agreements")).any()
    data = comparability.not_comparable_table(result, load_sources(RAW)).csv_frame
    assert data["Cijfer"].dtype == "float64" and 700.0 in set(data["Cijfer"])
    assert "niet vergelijkbaar" in comparability.not_comparable_markdown(result)
