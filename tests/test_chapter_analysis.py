"""Chapters 3–5 and the summary: titles and sentences computed from known inputs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data.assumptions import Levels
from analysis.publication.chapters import summary
from analysis.publication.chapters.europe import result as europe_result
from analysis.publication.chapters.europe import tables
from analysis.publication.chapters.national import trend
from analysis.publication.chapters.scheme import (
    budget,
    effect,
    effect_tables,
    effect_text,
    projection,
)
from analysis.publication.chapters.scheme import result as scheme_result
from editions import demo_data_dir
from panels import no_break_panel

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_gap_title_counts_intervals_below_and_above_one() -> None:
    frame = pd.DataFrame(
        {
            "label": list("abcd"),
            "ratio": [0.5, 0.9, 1.5, 1.0],
            "low": [0.4, 0.8, 1.2, 0.7],
            "high": [0.6, 0.95, 1.9, 1.3],
            # b is below 1 by its interval but does not hold on the other price basis
            "established": ["behind", "not_established", "ahead", "not_established"],
        }
    )
    assert tables.counts(frame) == (2, 1, 4)  # by the intervals
    assert tables.chart_title(frame) == (
        "Nederland ligt bij 1 van de 4 vergelijkingen vastgesteld achter op de Europese top en "
        "bij 1 ervoor; bij 2 is het verschil niet vastgesteld"
    )


def test_dutch_notes_join_the_peer_row_and_keep_the_denominator_year() -> None:
    gaps = pd.DataFrame(
        {
            "peer_id": ["oxford"],
            "indicator": ["spinoffs"],
            "peer_year": [2018],
            "note": ["created; noemer uit 2017"],
        }
    )
    peers = pd.DataFrame(
        {
            "peer_id": ["oxford"],
            "indicator": ["spinoffs"],
            "year": [2018],
            "definition_note": ["x"],
            "definition_note_nl": ["opgerichte spin-outs"],
        }
    )
    assert list(europe_result.dutch_notes(gaps, peers)) == ["opgerichte spin-outs; noemer uit 2017"]


def test_budget_title_from_the_plan_table() -> None:
    # budget.csv: total 100 M a year from 2025 (after the assumed ramp 2023–2024).
    # A whole amount has no ",0"; "€ 100 mln" holds together (no-break spaces).
    assert budget.budget_title(RAW) == "Budget loopt op tot €\u00a0100\u00a0mln per jaar vanaf 2025"


def test_projection_title_compares_with_the_target() -> None:
    frame = pd.DataFrame(
        {"year": [2028, 2029], "projection": [90.0, 100.0], "target": [120.0, 130.0]}
    )
    assert projection.projection_title(frame).endswith("100 spin-offs, onder het doelpad van 130")
    frame["target"] = [99.0, 99.5]
    assert "rond het doelpad" in projection.projection_title(frame)
    frame["target"] = np.nan
    assert projection.projection_title(frame) == (
        "Trend (gelijke instellingen, geketend) wijst op 100 spin-offs in 2029"
    )


def test_summary_keyfigures_by_hand() -> None:
    wide = pd.DataFrame(
        {
            "institution_id": ["a", "b", "a", "b", "tud"],
            "year": [2024, 2024, 2025, 2025, 2025],
            "spinoffs": [4.0, 6.0, 5.0, 7.0, 8.0],
            "licence_income_eur": [1e6, 1e6, 3e6, 1e6, np.nan],
            "is_demonstration": [True] * 5,
        }
    )
    items = {k["label"]: k for k in summary.keyfigures(wide, RAW, 2025)}
    # 2025 total over three reporters (5 + 7 + 8 = 20); the change over a and b only
    # (10 -> 12 = +20%), not 10 -> 20 = +100% with the newcomer counted as growth.
    assert items["Spin-offs"] == {
        "label": "Spin-offs",
        "value": "20",
        "note": "totaal van 3 instellingen; +20,0% t.o.v. 2024 bij dezelfde instellingen (2 in "
        "beide jaren)",
    }
    assert items["Licentie-inkomsten"]["value"] == "€\u00a04\u00a0mln"
    assert (
        items["Licentie-inkomsten"]["note"]
        == "totaal van 2 instellingen; +100,0% t.o.v. 2024 bij dezelfde instellingen (2 in beide "
        "jaren)"
    )
    text = summary.keyfigures_markdown(wide, RAW, 2025)
    assert text.endswith(
        " Niet in beide jaren: spin-offs (geen opgave 2024: TU Delft); "
        "licentie-inkomsten (geen opgave in beide jaren: TU Delft)."
    )
    assert "demonstratiedata" in summary.intro_markdown(2025, demo=True)
    assert "demonstratiedata" not in summary.intro_markdown(2025, demo=False)


def test_europe_computes_only_the_levels_it_shows() -> None:
    """Institution-level gaps would dominate the build at a thousand institutions."""
    rows = []
    for inst in ("tud", "uu", "umcu"):
        for year in (2024, 2025):
            rows.append(
                {
                    "institution_id": inst,
                    "year": year,
                    "research_expenditure_eur": 2e8,
                    "kto_staff_fte": 10.0,
                    "invention_disclosures": 20.0,
                    "spinoffs": 3.0,
                    "licence_agreements": 4.0,
                    "is_demonstration": True,
                }
            )
    result = europe_result.compute(pd.DataFrame(rows), RAW, 2025, n_boot=20)
    assert set(result.gaps["level"]) == {"total", "type"}
    assert result.years == (2024, 2025)


# --------------------------------------------------------------------------- the break at the scheme's start

BUDGET_HEADER = "year,line,amount_eur,status,source_id,note\n"


def budget_dir(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "scheme").mkdir(parents=True, exist_ok=True)
    (tmp_path / "scheme" / "budget.csv").write_text(BUDGET_HEADER + rows, encoding="utf-8")
    shutil.copy(RAW / "institutions.csv", tmp_path / "institutions.csv")
    return tmp_path


def test_the_break_is_the_first_funded_year_of_the_budget() -> None:
    start = effect.scheme_start(RAW)
    # budget.csv: 2022 only the exploration (no amount), 2023 the first ramp year
    # (an assumption), the full EUR 100 mln from 2025.
    assert start == effect.SchemeStart(
        plan_year=2022, first_funded_year=2023, status="assumption", full_year=2025
    )


def test_a_later_first_funded_year_moves_the_break(tmp_path: Path) -> None:
    data = budget_dir(
        tmp_path,
        "2022,exploration,500000,read,x,\n"
        "2023,capacity,0,read,x,\n"
        "2024,universities_umcs,10000000,read,x,\n"
        "2024,total,10000000,read,x,\n"
        "2025,universities_umcs,20000000,read,x,\n"
        "2025,total,20000000,read,x,\n",
    )
    start = effect.scheme_start(data)
    assert (start.plan_year, start.first_funded_year, start.status, start.full_year) == (
        2022,
        2024,
        "read",
        2025,
    )


def test_a_budget_without_funding_is_a_clear_error(tmp_path: Path) -> None:
    from analysis.errors import InputError

    data = budget_dir(tmp_path, "2022,exploration,500000,read,x,\n2022,total,500000,read,x,\n")
    with pytest.raises(InputError) as caught:
        effect.scheme_start(data)
    assert caught.value.finding.file.endswith("budget.csv")
    assert caught.value.finding.column == "amount_eur"
    assert caught.value.finding.rule == "first_funded_year"


#: Causal wording the break analysis must never use ("vaste effecten" is the model's name).
CAUSAL = re.compile(
    r"\beffect(en)? (van|op)\b|\bheeft .* effect|veroorzaak|dankzij|leidt tot|leidde tot|"
    r"heeft geleid|als gevolg|\bwerkt\b|\bwerking\b|\bresultaat van de regeling",
    re.I,
)


def test_no_break_reads_as_not_demonstrable_and_names_the_break_year() -> None:
    analysis = effect.break_analysis(no_break_panel(), RAW)
    verdict = effect_text.break_verdict(analysis)
    assert verdict.its == "no_change"
    assert verdict.did in {"alike", "matched"}
    text = effect_text.its_markdown(analysis)
    assert "De breuk ligt daarom bij 2023" in text
    assert "Een samenhang met de regeling is daarmee niet aantoonbaar." in text
    assert "demonstratiegegevens" not in text  # real-looking data: no demo caveat
    assert not CAUSAL.search(text)
    headline = effect_text.its_headline(analysis)
    assert headline.startswith("Rond de start van de financiering van de regeling (2023)")
    assert "niet aantoonbaar" in headline and not CAUSAL.search(headline)
    table = effect_tables.its_table(analysis).shown_frame
    assert list(table.loc[table["Indicator"] == "Spin-offs", "Term"]) == [
        "trend vóór 2023",
        "niveausprong in 2023",
        "trendbreuk vanaf 2023 (per jaar)",
    ]
    placebo = effect_tables.placebo_table(analysis).shown_frame
    assert list(placebo["Breukjaar"])[:2] == ["2023 (start financiering)", "2013 (placebo)"]
    # three years from 2023 on (2023–2025): the last placebo, 2020, covers 2020–2022
    assert list(placebo["Breukjaar"])[-1] == "2020 (placebo)"
    did = effect_tables.did_table(analysis).shown_frame.iloc[0]
    assert (did["Partners"], did["Overige"]) == ("25", "12")


def hand_analysis(
    its_p: float, n_as_large: int, did_p: float, pre_p: float, did_large: int, demo: bool = False
) -> effect.BreakAnalysis:
    """A break analysis written by hand, to check what each combination lets the text say."""
    its = pd.DataFrame(
        {
            "indicator": "spinoffs",
            "term": ["trend", "level_change", "slope_change"],
            "estimate": [0.03, 0.2, 0.01],
            "p_value": [0.001, its_p, 0.5],
            "effect_pct": [3.0, 22.1, 1.0],
            "effect_pct_low": [1.0, 5.0, -2.0],
            "effect_pct_high": [5.0, 40.0, 4.0],
            "n_post_years": 3,
        }
    )
    summary = pd.DataFrame(
        {
            "indicator": "spinoffs",
            "term": ["level_change", "slope_change"],
            "n_placebos": 8,
            "n_as_large": [n_as_large, 0],
            "n_significant": [0, 0],
        }
    )
    did = pd.DataFrame(
        {
            "indicator": "spinoffs",
            "term": ["did", "pre_trend"],
            "estimate": [0.3, 0.0],
            "p_value": [did_p, pre_p],
            "effect_pct": [35.0, 0.1],
            "effect_pct_low": [10.0, -2.0],
            "effect_pct_high": [60.0, 2.0],
            "n_treated": 25,
            "n_control": 12,
        }
    )
    did_summary = pd.DataFrame(
        {"indicator": ["spinoffs"], "term": ["did"], "n_placebos": [8], "n_as_large": [did_large]}
    )
    placebos = pd.DataFrame({"indicator": "spinoffs", "placebo_year": [2013, 2020]})
    return effect.BreakAnalysis(
        start=effect.SchemeStart(2022, 2023, "assumption", 2025),
        its=its,
        placebos=placebos,
        placebo_summary=summary,
        did=did,
        did_placebos=pd.DataFrame(),
        did_placebo_summary=did_summary,
        sensitivity=pd.DataFrame(),
        control_types=("university of applied sciences",),
        control_per_year={"spinoffs": 3.4},
        demo=demo,
        levels=Levels(0.95, 0.05),
    )


@pytest.mark.parametrize(
    ("args", "its", "did"),
    [
        ((0.5, 0, 0.5, 0.5, 0), "no_change", "alike"),
        ((0.01, 3, 0.5, 0.5, 0), "matched", "alike"),
        ((0.01, 0, 0.01, 0.01, 0), "changed", "pre_trends_differ"),
        ((0.01, 0, 0.01, 0.5, 2), "changed", "matched"),
        ((0.01, 0, 0.01, 0.5, 0), "changed", "differ"),
    ],
)
def test_verdicts_and_their_wording(
    args: tuple[float, int, float, float, int], its: str, did: str
) -> None:
    analysis = hand_analysis(*args)
    verdict = effect_text.break_verdict(analysis)
    assert (verdict.its, verdict.did) == (its, did)
    text = effect_text.its_markdown(analysis)
    headline = effect_text.its_headline(analysis)
    assert not CAUSAL.search(text) and not CAUSAL.search(headline)
    if did == "differ":
        # the strongest reading the design allows: an association in time, with its limits
        assert "samenhang in de tijd" in text and "niet uitsluiten" in text
        assert "samenhang in de tijd" in headline and "+35,0%" in headline
    else:
        assert "Een samenhang met de regeling is daarmee niet aantoonbaar." in text
        assert headline.endswith("een samenhang met de regeling is niet aantoonbaar")
    if its == "matched":
        assert "3 van de 8 eerdere jaren" in headline


def test_on_demonstration_data_the_text_says_it_tells_nothing_about_the_scheme() -> None:
    analysis = hand_analysis(0.01, 0, 0.01, 0.5, 0, demo=True)
    assert effect_text.its_markdown(analysis).endswith(
        "Dit zijn demonstratiegegevens: de uitkomst zegt niets over de werkelijke regeling."
    )
    assert effect_text.its_headline(analysis).endswith(
        "(demonstratiegegevens: dit zegt niets over de werkelijke regeling)"
    )


def test_the_summary_message_follows_the_chapter_verdict() -> None:
    wide = no_break_panel()
    chapter = effect.break_analysis(wide, RAW)
    light = effect.break_analysis(wide, RAW, indicators=(effect.HEADLINE_INDICATOR,))
    # the summary's lighter fit reaches the chapter's verdict and sentence
    assert effect_text.break_verdict(light) == effect_text.break_verdict(chapter)
    message = summary.scheme_message(wide, light)
    robustness = effect_text.break_robustness(chapter)
    assert message.endswith(effect_text.its_headline(chapter) + ". " + robustness)
    assert message.startswith("Aantal spin-offs")
    # The break year rests on the budget's assumed ramp: the summary says what the other
    # candidates give. No break in these data: none of them is significant either.
    assert robustness == (
        "Het breukjaar 2023 is het eerste jaar met budget in de begroting (de aanloop is een "
        "aanname van de monitor); met 2022 of 2025 als breukjaar of een verandering die het "
        "budget volgt is een sprong of een andere groei evenmin groter dan toeval."
    )
    level = chapter.sensitivity[chapter.sensitivity["term"] == "level_change"]
    assert set(level["candidate"]) == {"plan_year", "first_funded_year", "full_year", "budget_dose"}
    assert (level["p_value"] >= chapter.levels.test).all()


def test_the_summary_says_when_another_break_year_reads_differently() -> None:
    """The same analysis with the 2025 break made significant (p = 0.01): the sentence names it."""
    import dataclasses

    analysis = effect.break_analysis(no_break_panel(), RAW, indicators=(effect.HEADLINE_INDICATOR,))
    sens = analysis.sensitivity.copy()
    full = (sens["candidate"] == "full_year") & (sens["term"] == "level_change")
    sens.loc[full, "p_value"] = 0.01
    changed = dataclasses.replace(analysis, sensitivity=sens)
    assert effect_text.break_verdict(changed).its == "no_change"
    assert effect_text.break_robustness(changed).endswith(
        "; met 2025 als breukjaar is een verandering wel groter dan toeval: het oordeel hangt van die "
        "keuze af (hoofdstuk 5, ‘Gevoeligheid voor aannames’)."
    )


def test_before_the_first_funded_year_nothing_is_measured_yet() -> None:
    wide = no_break_panel()
    analysis = effect.break_analysis(wide[wide["year"] <= 2022], RAW)
    assert effect_text.break_verdict(analysis).its == "not_yet"
    assert effect_tables.its_table(analysis).shown_frame.empty
    assert "een verandering is nog niet te meten" in effect_text.its_markdown(analysis)
    assert effect_text.its_headline(analysis) == (
        "De financiering van de regeling begint volgens de begroting in 2023: een verandering "
        "in het aantal spin-offs is nog niet te meten"
    )


def test_chapter_five_computes_once_with_the_chapters_settings(tmp_path: Path) -> None:
    """`scheme.compute` is what the notebook shows and the summary reads: the break fitted
    for every indicator of the chapter, the scenario and its projection."""
    from analysis.data import ingest, process, sources

    demo = demo_data_dir()
    long = process.to_long(ingest.load_submissions(demo / "kt_metrics"), sources.load_sources(demo))
    process.write_processed(long, process.to_wide(long), tmp_path)
    wide = trend.until(process.load_wide(tmp_path), 2025)
    result = scheme_result.compute(wide, demo, 2025)
    chapter = effect.break_analysis(wide, demo)
    pd.testing.assert_frame_equal(result.breaks.its, chapter.its)
    assert set(result.breaks.its["indicator"]) == set(budget.ITS_INDICATORS)
    pd.testing.assert_frame_equal(result.projection, projection.projection_frame(wide, result.plan))
    message = summary.scheme_message(wide, result.breaks)
    assert message.endswith(
        effect_text.its_headline(chapter) + ". " + effect_text.break_robustness(chapter)
    )


def test_a_failed_pre_trend_of_another_indicator_is_reported() -> None:
    """The partner comparison's pre-trend test failing for disclosures (hand-set p = 0,018)
    is said in the text, not left to the table; one that holds is not mentioned."""
    import dataclasses

    analysis = effect.break_analysis(no_break_panel(), RAW)
    extra = pd.DataFrame(
        [
            {
                "indicator": "invention_disclosures",
                "term": "pre_trend",
                "estimate": 0.0286,
                "std_error": 0.01,
                "ci_low": 0.01,
                "ci_high": 0.05,
                "p_value": 0.018,
                "effect_pct": 2.9,
            },
            {
                "indicator": "licence_agreements",
                "term": "pre_trend",
                "estimate": 0.01,
                "std_error": 0.02,
                "ci_low": -0.03,
                "ci_high": 0.05,
                "p_value": 0.53,
                "effect_pct": 1.2,
            },
        ]
    )
    changed = dataclasses.replace(analysis, did=pd.concat([analysis.did, extra], ignore_index=True))
    # the chapter says it in words; Bijlage B gives the p-value
    text = effect_text.its_markdown(changed)
    assert (
        "Bij uitvindingsmeldingen (+2,9% per jaar) groeiden de partners al vóór 2023 "
        "aantoonbaar anders dan de overige instellingen: voor die indicator zegt de vergelijking "
        "niets over de regeling."
    ) in text
    assert "p = " not in text
    technical = effect_text.its_technical_markdown(changed)
    assert "Bij uitvindingsmeldingen (+2,9% per jaar, p = 0,018) groeiden" in technical
    assert "licentie" not in technical.split("Verschil-in-verschillen")[1].split("\n\n")[0].lower()
    assert (
        "licentie"
        not in text.split("partners van KTO-Nederland krijgen")[1].split("\n\n")[0].lower()
    )
    assert "groeiden de partners al vóór" not in effect_text.its_markdown(analysis)
