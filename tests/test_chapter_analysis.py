"""Chapters 3–5 and the summary: titles and sentences computed from known inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.chapters import europe, scheme, summary

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_gap_title_counts_intervals_below_and_above_one() -> None:
    frame = pd.DataFrame(
        {
            "label": list("abcd"),
            "ratio": [0.5, 0.9, 1.5, 1.0],
            "low": [0.4, 0.8, 1.2, 0.7],
            "high": [0.6, 0.95, 1.9, 1.3],
        }
    )
    assert europe.chart_title(frame) == (
        "Nederland blijft bij 2 van de 4 vergelijkingen achter bij de Europese top en ligt er "
        "bij 1 boven; bij 1 is het verschil niet te onderscheiden"
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
    assert list(europe._dutch_notes(gaps, peers)) == ["opgerichte spin-outs; noemer uit 2017"]


def test_budget_title_from_the_plan_table() -> None:
    # budget.csv: total 100 M a year from 2025 (after the assumed ramp 2023–2024).
    assert scheme.budget_title(RAW) == "Budget loopt op tot € 100,0 mln per jaar vanaf 2025"


def test_projection_title_compares_with_the_target() -> None:
    frame = pd.DataFrame(
        {"year": [2028, 2029], "projection": [90.0, 100.0], "target": [120.0, 130.0]}
    )
    assert scheme.projection_title(frame).endswith("100 spin-offs, onder het doelpad van 130")
    frame["target"] = [99.0, 99.5]
    assert "rond het doelpad" in scheme.projection_title(frame)
    frame["target"] = np.nan
    assert scheme.projection_title(frame) == "Trend wijst op 100 spin-offs in 2029"


def test_summary_keyfigures_by_hand() -> None:
    wide = pd.DataFrame(
        {
            "institution_id": ["a", "b", "a", "b"],
            "year": [2024, 2024, 2025, 2025],
            "spinoffs": [4.0, 6.0, 5.0, 7.0],
            "licence_income_eur": [1e6, 1e6, 3e6, 1e6],
            "is_demonstration": [True] * 4,
        }
    )
    items = {k["label"]: k for k in summary.keyfigures(wide, 2025)}
    assert items["Spin-offs"] == {"label": "Spin-offs", "value": "12", "note": "+20,0% t.o.v. 2024"}
    assert items["Licentie-inkomsten"]["value"] == "€ 4,0 mln"
    assert items["Licentie-inkomsten"]["note"] == "+100,0% t.o.v. 2024"
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
    result = europe.compute(pd.DataFrame(rows), RAW, 2025, n_boot=20)
    assert set(result.gaps["level"]) == {"total", "type"}
    assert result.years == (2024, 2025)


def test_models_headline_equals_the_chapter_findings(tmp_path: Path) -> None:
    """The summary's lighter path must say what the chapter says."""
    from analysis import ingest, process, sources
    from analysis.chapters import models, national

    long = process.to_long(ingest.load_submissions(RAW / "kt_metrics"), sources.load_sources(RAW))
    process.write_processed(long, process.to_wide(long), tmp_path)
    wide = national.until(process.load_wide(tmp_path), 2025)
    full = models.compute(wide, RAW, 2025, n_boot=5)
    chapter = (
        models.scatter_title(full)
        + ". "
        + models.comparison_markdown(full, demo=False).split(". ")[0]
        + "."
    )
    assert models.headline(wide, RAW, 2025) == chapter
