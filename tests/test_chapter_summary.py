"""Samenvatting: the trend and the last change read together, each with its basis (issue 12)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.publication.chapters import summary
from editions import demo_data_dir

#: The demonstration edition's data (the shipped fictitious panel): `data/raw` + `data/demo`.
RAW = demo_data_dir()
PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "raw"


def panel(values: dict[str, list[float]]) -> pd.DataFrame:
    years = list(range(2021, 2026))
    rows = [
        {"institution_id": inst, "year": y, "spinoffs": v, "is_demonstration": True}
        for inst, series in values.items()
        for y, v in zip(years, series, strict=True)
    ]
    return pd.DataFrame(rows)


def test_a_rising_average_beside_a_falling_last_year_names_both() -> None:
    # Two institutions, each 10, 12, 14, 16, 13: the chain index runs 100, 120, 140, 160,
    # 130, so its three-year average (120, 140, 143.3 for 2023–2025) rises since 2023,
    # while 2024 -> 2025 is 26 / 32 - 1 = -18.75 % over both institutions.
    wide = panel({"a": [10, 12, 14, 16, 13], "b": [10, 12, 14, 16, 13]})
    # The average may not be called rising over a falling last year: "hoger dan in 2023".
    text = summary.trend_and_change(wide, "spinoffs", 2025)
    assert "stijgt" not in text
    assert text == (
        "Aantal spin-offs: driejaarsgemiddelde hoger dan in 2023 (elk jaar over de instellingen "
        "met een opgave in dat jaar en het jaar ervoor); van 2024 op 2025 daalde het aantal met "
        "18,8% bij de 2 instellingen met een opgave in beide jaren (het kerncijfer)."
    )


def test_the_change_counts_only_institutions_in_both_years() -> None:
    # c has no 2024 figure: the change is over a and b only (10 -> 11, +10,0 %).
    wide = panel({"a": [5, 5, 5, 5, 6], "b": [5, 5, 5, 5, 5], "c": [1, 1, 1, np.nan, 40]})
    text = summary.trend_and_change(wide, "spinoffs", 2025)
    assert text.endswith(
        "van 2024 op 2025 steeg het aantal met 10,0% bij de 2 instellingen met een opgave in "
        "beide jaren (het kerncijfer)."
    )


def test_no_change_is_said_as_such() -> None:
    wide = panel({"a": [5, 6, 7, 8, 8]})
    assert "van 2024 op 2025 bleef het aantal gelijk bij de 1 instelling" in (
        summary.trend_and_change(wide, "spinoffs", 2025)
    )


def test_the_models_finding_has_no_statistics_in_it(tmp_path: Path) -> None:
    from analysis.data import ingest, process, sources
    from analysis.publication.chapters.national import trend

    long = process.to_long(ingest.load_submissions(RAW / "kt_metrics"), sources.load_sources(RAW))
    process.write_processed(long, process.to_wide(long), tmp_path)
    wide = trend.until(process.load_wide(tmp_path), 2025)
    text = summary.models_message(wide, RAW, 2025)
    assert "kappa" not in text.lower()
    from analysis.methods.typology import reference_point
    from analysis.publication.chapters.key_messages import models_answer
    from analysis.publication.chapters.models import result

    sens = result.reference_sensitivity(wide, RAW, 2025)
    row = sens[sens["reference"] == reference_point.HEADLINE_REFERENCE].iloc[0]
    assert f"komt bij {int(row['agreement_n'])} van de 12 consortia overeen" in text
    chance = models_answer.chance_words(float(row["kappa_low"]), float(row["kappa_high"]))
    assert f"die overeenstemming is {chance} (hoofdstuk 4)" in text


def test_names_in_the_key_figure_note_are_escaped(tmp_path: Path) -> None:
    """A short name from data is printed as typed, never as a link (one escaping path)."""
    import shutil

    data = tmp_path / "raw"
    shutil.copytree(PUBLISHED, data, ignore=shutil.ignore_patterns("kt_metrics"))
    institutions = pd.read_csv(data / "institutions.csv", dtype=str, keep_default_na=False)
    institutions.loc[institutions["institution_id"] == "tue", "short_name"] = (
        "[klik](https://evil.example/)"
    )
    institutions.to_csv(data / "institutions.csv", index=False, lineterminator="\n")
    wide = pd.DataFrame(
        {
            "institution_id": ["tud", "tue", "tud", "tue"],
            "year": [2024, 2024, 2025, 2025],
            "kto_staff_fte": [10.0, np.nan, 11.0, 5.0],
            "is_demonstration": [True] * 4,
        }
    )
    text = summary.keyfigures_markdown(wide, data, 2025)
    assert "geen opgave 2024: \\[klik\\](https://evil.example/)" in text
    assert "[klik](" not in text
