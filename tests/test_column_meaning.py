"""The codebook says what a column means, never just its name again."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.errors import BuildError
from analysis.publication.render import codebook
from analysis.publication.render.chart_definitions import Definition
from analysis.publication.render.column_meaning import DESCRIPTIONS_FILE, describe, unit
from analysis.publication.render.notebook import Document, Field, TableBlock
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


def test_an_intervals_description_names_the_editions_confidence_level() -> None:
    """The level comes from the column's name where it has one, else from the edition's
    assumptions table (`confidence`); unknown, the description says 'het interval'."""
    assert meaning("Ondergrens 90%-interval") == (
        "De ondergrens van het 90%-betrouwbaarheidsinterval van de schatting in de rij."
    )
    assert meaning("97,5%-interval: bovengrens") == (
        "De bovengrens van het 97,5%-interval van de schatting in de rij."
    )
    assert meaning("Nederland: ondergrens 90%-interval") == (
        "De ondergrens van het 90%-interval van de kolom ‘Nederland’."
    )
    shares = {"table": "copublicaties-universiteiten", "caption": "Aandeel"}
    with_level = describe(
        "Ondergrens (%)", "Ondergrens (%)", **shares, definitions=KNOWN, confidence="90%"
    )
    assert with_level == (
        "De ondergrens van het 90%-interval van het aandeel publicaties met bedrijven (procent)."
    )
    assert meaning("Ondergrens (%)", **shares) == (
        "De ondergrens van het interval van het aandeel publicaties met bedrijven (procent)."
    )
    assert "het 90%-interval van het verschil met Oxford" in describe(
        "Oxford: bovengrens (procentpunt)",
        "Oxford: bovengrens (procentpunt)",
        **shares,
        definitions=KNOWN,
        confidence="90%",
    )


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
        assert set(row) == {"kolom", "tabel", "omschrijving", "eenheid"}, row
        assert row["omschrijving"] or row["eenheid"], row  # a row says something
        if row["omschrijving"]:
            assert row["omschrijving"].endswith("."), row
            assert not merely_repeats(row["omschrijving"], row["kolom"]), row


def test_the_merely_repeats_check_can_fail() -> None:
    assert merely_repeats("Jaar.", "Jaar")
    assert merely_repeats("Ondergrens (%)", "Ondergrens (%)")
    assert not merely_repeats(meaning("Jaar"), "Jaar")


# --- units: every number in a download says what it counts -------------------------------


def test_a_column_gets_its_unit_from_the_list_or_the_shape_of_its_name() -> None:
    assert unit("Consortia", "Consortia", table="subsidie_per_model") == "aantal consortia"
    assert unit("p-waarde", "p-waarde", table="regeling_breuk") == "kans (0 tot 1)"
    assert unit("Plaats van 1.176", "Plaats van 1.176", table="t") == (
        "rangnummer (1 = hoogste aandeel)"
    )
    assert unit("Extra 2026–2029 samen", "Extra 2026–2029 samen", table="t").startswith("aantal")
    assert unit("Zwaartepunt", "Zwaartepunt", table="t") == ""  # nothing invented


def _doc(*fields: Field) -> Document:
    table = TableBlock(
        name="zwaartepunten",
        caption="Zwaartepunten",
        columns=tuple(f.label for f in fields),
        rows=(),
        align=tuple("r" for _ in fields),
        csv="data/zwaartepunten.csv",
        source_note="",
        fields=fields,
    )
    return Document("a.ipynb", "Hoofdstuk A", (table,))


def test_the_codebook_refuses_a_number_without_a_unit(tmp_path: Path) -> None:
    unitless = _doc(Field("regio", "Regio", "", "tekst"), Field("gewicht", "Gewicht", "", "getal"))
    with pytest.raises(BuildError, match=r"without a unit: zwaartepunten: gewicht;.*eenheid"):
        codebook.write_codebook([unitless], tmp_path)
    assert not (tmp_path / codebook.CODEBOOK).exists()
    # A unit from the table itself, or from the list by the column's name, satisfies it.
    given = _doc(Field("gewicht", "Gewicht", "kilogram", "getal"))
    counted = _doc(Field("Instellingen", "Instellingen", "", "geheel getal"))
    codebook.write_codebook([given], tmp_path / "a")
    codebook.write_codebook([counted], tmp_path / "b")
    rows = (tmp_path / "b" / codebook.CODEBOOK).read_text(encoding="utf-8").splitlines()
    assert rows[1].endswith(",aantal instellingen,geheel getal")
