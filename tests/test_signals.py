"""Signalen en aandachtspunten: each signal computed from hand-made inputs with known answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.publication.chapters import signals
from editions import demo_data_dir

#: The demonstration edition's data (the shipped fictitious panel): `data/raw` + `data/demo`.
RAW = demo_data_dir()
PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "raw"


def gap_frame() -> pd.DataFrame:
    """Five comparisons: E (10%) and A (20%) and B (50%) wholly below the top, C straddles, D above."""
    return pd.DataFrame(
        {
            "label": [
                "Licenties per melding — ETH",
                "Octrooiaanvragen per melding — ETH",
                "Spin-offs per melding — ETH",
                "Spin-offs per € 100 mln — Oxford",
                "Licenties per € 100 mln — Oxford",
            ],
            "ratio": [0.2, 0.5, 0.8, 1.5, 0.1],
            "low": [0.1, 0.4, 0.6, 1.2, 0.05],
            "high": [0.3, 0.9, 1.2, 1.8, 0.15],
            "verdict": ["achter", "achter", "niet te onderscheiden", "voor", "achter"],
            "established": ["behind", "behind", "not_established", "ahead", "behind"],
        }
    )


def test_largest_gaps_come_first() -> None:
    signal = signals.gap_signal(gap_frame(), demo=True, n=2)
    assert signal is not None
    assert signal.text == (
        "Nederland ligt bij 3 van de 5 vergelijkingen vastgesteld achter op de Europese top (ook "
        "in nominale euro's en met Nederland in de jaren van de top); het verst bij licenties per € 100 mln — Oxford: 10% van de top (tussen 5% en 15%) en "
        "bij licenties per melding — ETH: 20% van de top (tussen 10% en 30%) (hoofdstuk 3). "
        "Deze vergelijkingen rusten op demonstratiegegevens."
    )
    real = signals.gap_signal(gap_frame(), demo=False)
    assert real is not None and "demonstratiegegevens" not in real.text
    assert "octrooiaanvragen per melding — ETH: 50% van de top" in real.text


def test_no_gap_signal_when_nowhere_behind() -> None:
    frame = gap_frame().assign(
        high=[1.1, 1.2, 1.3, 1.8, 1.05], established=["not_established"] * 3 + ["ahead", "x"]
    )
    assert signals.gap_signal(frame, demo=True) is None


def test_a_gap_that_is_not_established_is_no_signal() -> None:
    """Behind by the intervals, but not on the other price basis or in the top's years: the
    signal leaves it out (and says nothing at all when none is left)."""
    frame = gap_frame().assign(
        established=["not_established", "behind", "not_established", "ahead", "not_established"]
    )
    signal = signals.gap_signal(frame, demo=False)
    assert signal is not None
    assert signal.text.startswith("Nederland ligt bij 1 van de 5 vergelijkingen vastgesteld")
    assert "licenties" not in signal.text.lower()
    nothing = gap_frame().assign(established="not_established")
    assert signals.gap_signal(nothing, demo=False) is None


def test_copublication_signal_names_the_universities_and_says_it_is_real() -> None:
    signal = signals.copublication_signal(
        ["Vrije Universiteit Amsterdam", "Tilburg University"],
        13,
        ["ETH Zürich", "Oxford", "KU Leuven"],
        "[54]",
    )
    assert signal is not None
    assert signal.text.startswith(
        "2 van de 13 Nederlandse universiteiten publiceren aantoonbaar minder vaak met bedrijven "
        "dan ETH Zürich, Oxford en KU Leuven: Vrije Universiteit Amsterdam en Tilburg University "
        "\\[54\\] (gecorrigeerd voor het aantal vergelijkingen). Dat komt mede door hun "
        "vakgebieden"
    )
    assert signal.text.endswith("zonder cijfers per vakgebied niet na te gaan (hoofdstuk 3).")
    assert "vooral" not in signal.text
    assert signals.copublication_signal([], 13, ["ETH Zürich"], "[54]") is None


def reporting_wide() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "institution_id": ["a", "b", "a", "b", "c"],
            "year": [2025, 2025, 2024, 2024, 2024],
            "spinoffs": [np.nan, 3.0, 1.0, 2.0, 4.0],
            "kto_staff_fte": [np.nan, np.nan, 1.0, 1.0, 1.0],
            "is_demonstration": [True] * 5,
        }
    )


def test_reporting_signal_names_who_did_not_report() -> None:
    names = {"a": "Inst A", "b": "Inst B", "c": "Inst C"}
    signal = signals.reporting_signal(reporting_wide(), 2025, names, ["a", "b", "c"])
    assert signal.text == (
        "1 van de 3 instellingen leverde voor 2025 geen opgave in: Inst C. Zonder cijfer in hun "
        "opgave: spin-offs (Inst A); KTO-personeel (Inst A en Inst B)."
    )
    complete = signals.reporting_signal(reporting_wide(), 2024, names, ["a", "b", "c"])
    assert complete.text == "Alle 3 instellingen leverden voor 2024 een opgave in."


def quality_results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": [
                "kt_metrics/2025/a.csv",
                "kt_metrics/2010/b.csv",
                "kt_metrics/2024/b.csv",
                None,
            ],
            "rule": [
                "year_on_year_jump",
                "licence_income_without_licences",
                "year_on_year_jump",
                "unique_key",
            ],
            "outcome": ["warning", "warning", "warning", "passed"],
            "message": [
                "spinoffs van a springt van 2 (2024) naar 20 (2025)",
                "licentie-inkomsten EUR 1.000 in 2010, maar geen licentieovereenkomsten in 2006–2010",
                "spinoff_capital_eur van b springt van 0 (2023) naar 5 (2024)",
                "in orde",
            ],
        }
    )


def test_quality_signal_counts_by_check_and_shows_recent_warnings_in_dutch() -> None:
    signal = signals.quality_signal(quality_results(), 2025, {"a": "Inst A", "b": "Inst B"})
    assert signal.text == (
        "De controles op de invoer gaven 3 waarschuwingen over alle jaren: grote sprong ten "
        "opzichte van het vorige jaar (2) en licentie-inkomsten zonder licenties (1) (bijlage B). "
        "In de opgaven over 2024 en 2025: spin-offs van Inst A springt van 2 (2024) naar 20 "
        "(2025); kapitaal opgehaald door spin-offs van Inst B springt van € 0 (2023) naar € 5 "
        "(2024)."
    )
    old = signals.quality_signal(quality_results(), 2030, {})
    assert old.text.endswith("In de opgaven over 2029 en 2030 was er geen.")
    clean = signals.quality_signal(quality_results().iloc[[3]], 2025, {})
    assert "geen waarschuwingen" in clean.text


def tornado() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quantity": ["scenario_sum"] * 3 + ["other"],
            "quantity_label": ["Extra licenties 2026–2029 samen"] * 3 + ["x"],
            "assumption": ["lag", "target", "ramp", "peers"],
            "central": [100.0, 100.0, 100.0, 5.0],
            "low": [90.0, 50.0, 100.0, 0.0],
            "high": [100.0, 130.0, 100.0, 50.0],
            "central_text": ["100", "100", "100", "5"],
            "low_text": ["90", "50", "100", "0"],
            "high_text": ["100", "130", "100", "50"],
        }
    )


def test_assumptions_ranked_by_the_width_of_their_range() -> None:
    labels = {
        "lag": "Vertraging van de extra uitkomsten",
        "target": "Bandbreedte van de top (laag–hoog)",
    }
    signal = signals.assumption_signal(tornado(), "scenario_sum", labels)
    assert signal is not None
    assert signal.text == (
        "Extra licenties 2026–2029 samen: in het rapport 100. Het meest hangt dat af van de "
        "bandbreedte van de top (50 tot 130) en de vertraging van de extra uitkomsten (90 tot "
        "100) (hoofdstuk 5, ‘Gevoeligheid voor aannames’)."
    )
    flat = tornado().assign(low=100.0, high=100.0)
    assert signals.assumption_signal(flat, "scenario_sum", labels) is None


def test_markdown_is_a_list_of_signals_not_advice() -> None:
    text = signals.markdown([signals.Signal("Kop", "Tekst."), signals.Signal("Twee", "Meer.")])
    assert text.endswith("- **Kop.** Tekst.\n- **Twee.** Meer.")
    assert "geen adviezen" in text


def test_signals_on_the_shipped_data(tmp_path: Path) -> None:
    """The demonstration edition: no Leiden Ranking (real names stay out of it), every other
    signal from the chapters' results."""
    from analysis.data import ingest, process, sources
    from analysis.publication.chapters.europe import result
    from analysis.publication.chapters.national import trend
    from analysis.publication.chapters.scheme import result as scheme_result

    long = process.to_long(ingest.load_submissions(RAW / "kt_metrics"), sources.load_sources(RAW))
    process.write_processed(long, process.to_wide(long), tmp_path)
    wide = trend.until(process.load_wide(tmp_path), 2025)
    quality = quality_results()
    gaps, chapter5 = result.compute(wide, RAW, 2025), scheme_result.compute(wide, RAW, 2025)
    found = signals.compute(wide, RAW, 2025, quality, gaps, chapter5)
    headings = [s.heading for s in found]
    assert headings == [
        "Grootste achterstand op de Europese top",
        "Opgaven van de instellingen",
        "Datakwaliteit",
        "Aannames die het inhaalscenario bepalen",
    ]
    assert "Alle 37 instellingen leverden voor 2025 een opgave in" in found[1].text
    text = signals.markdown(found)
    assert "_" not in text.replace("\\_", "")  # no code reaches the reader


def test_signals_before_any_submission() -> None:
    """The published edition without submissions: the real co-publication signal, no
    submissions (said once, without a list of 37 names), and the data checks."""
    empty = pd.DataFrame({"institution_id": [], "year": [], "is_demonstration": []})
    found = signals.compute(empty, PUBLISHED, 2025, quality_results(), None, None)
    assert [s.heading for s in found] == [
        "Publicaties met het bedrijfsleven",
        "Opgaven van de instellingen",
        "Datakwaliteit",
    ]
    # The co-publication signal names the four universities below all three peers (by hand
    # from the Leiden Ranking 2020 rows: VU, UvA, RU, TiU).
    for name in ("Vrije Universiteit Amsterdam", "Tilburg University"):
        assert name in found[0].text
    assert found[1].text.startswith(
        "Geen van de 37 instellingen die de monitor volgt, heeft voor 2025 cijfers opgegeven."
    )
    assert "Technische Universiteit Delft" not in found[1].text
