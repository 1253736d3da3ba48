"""The codebook says what a column means, never just its name again."""

from __future__ import annotations

import csv

from analysis.publication.render.chart_definitions import Definition
from analysis.publication.render.column_meaning import DESCRIPTIONS_FILE, describe
from csv_check import merely_repeats

KNOWN = {
    "spin-offs": Definition(
        "Spin-offs", "Spin-offbedrijven opgericht in het jaar.", "eigen definitie van de monitor"
    )
}


def meaning(name: str, table: str = "t", caption: str = "Een tabel", label: str = "") -> str:
    return describe(name, label or name, table=table, caption=caption, definitions=KNOWN)


def test_a_listed_name_has_its_meaning_and_a_table_may_give_its_own() -> None:
    assert meaning("Jaar").startswith("Het kalenderjaar")
    assert "Poisson of negatief-binomiaal" in meaning("Model", table="telmodellen")
    assert "valorisatiemodel" in meaning("Model", table="modellen_instellingen")
    assert meaning("Push", table="modellen_gevoeligheid").startswith("Het aantal instellingen")
    assert meaning("Push", table="modellen_instellingen").startswith("De score")


def test_composed_names_are_read_by_their_shape() -> None:
    assert meaning("2024") == (
        "De waarde in 2024, in de eenheid van de rij (de kolom Eenheid of de eenheid van de "
        "indicator)."
    )
    assert "over 2023–2025" in meaning("Per € 100 mln, 2023–2025")
    assert "ten opzichte van 2024" in meaning("Verandering t.o.v. 2024")
    assert meaning("Spin-offs per uitvindingsmelding / ETH: oordeel").startswith(
        "Of de groep in de rij bij spin-offs per uitvindingsmelding aantoonbaar achter"
    )
    assert meaning("Nederland: ondergrens 95%-interval") == (
        "De ondergrens van het 95%-interval van de kolom ‘Nederland’."
    )
    assert "tegenover Oxford" in meaning(
        "Spin-offs per € 100 mln onderzoek / Oxford: verhouding NL/top"
    )


def test_an_indicator_column_gets_the_catalogues_definition() -> None:
    assert meaning("Spin-offs").endswith("Definitie: Spin-offbedrijven opgericht in het jaar.")


def test_an_unknown_column_is_described_by_its_table_not_by_its_name_alone() -> None:
    text = meaning("Zwaartepunt", caption="Zwaartepunten per regio.")
    assert text == "De kolom ‘Zwaartepunt’ in de tabel ‘Zwaartepunten per regio’."
    assert not merely_repeats(text, "Zwaartepunt")


def test_no_listed_description_merely_repeats_its_column_name() -> None:
    with DESCRIPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 100
    keys = [(r["kolom"], r["tabel"]) for r in rows]
    assert len(keys) == len(set(keys)), "a column is listed twice for the same table"
    for row in rows:
        assert set(row) == {"kolom", "tabel", "omschrijving"}, row
        assert row["omschrijving"].endswith("."), row
        assert not merely_repeats(row["omschrijving"], row["kolom"]), row


def test_the_merely_repeats_check_can_fail() -> None:
    assert merely_repeats("Jaar.", "Jaar")
    assert merely_repeats("Ondergrens (%)", "Ondergrens (%)")
    assert not merely_repeats(meaning("Jaar"), "Jaar")
