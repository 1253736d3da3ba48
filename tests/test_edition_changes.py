"""'Wat is er veranderd': the edition record and the comparison of two editions.

Every expected row below is written out by hand from the two small editions defined
here: what was revised, added or removed is known, so the comparison must list exactly
that, and nothing the editions share.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.publication import edition, edition_files
from analysis.publication.changes import comparisons, page
from analysis.publication.render.notebook import MarkdownBlock, TableBlock

INSTITUTIONS = pd.DataFrame(
    {
        "institution_id": ["aa", "bb", "cc"],
        "short_name": ["Alfa", "Beta", "Gamma"],
    }
)
UNITS = {"spinoffs": "count", "licence_income_eur": "EUR", "kto_staff_fte": "FTE"}
SOURCES = pd.DataFrame(
    {
        "source_id": ["demonstration", "kto_aa_2024"],
        "title": ["generator", "jaarverslag"],
        "publisher": ["Valorisatiemonitor", "Alfa"],
        "date": ["2026", "2025-03"],
        "locator": ["", ""],
        "status": ["demonstration", "read"],
        "scope": ["report", "report"],
    }
)


def long(rows: list[tuple[str, int, str, float, str]]) -> pd.DataFrame:
    """A long table from (institution, year, indicator, value, source) rows."""
    return edition.edition_long(
        pd.DataFrame(
            {
                "institution_id": [r[0] for r in rows],
                "year": [r[1] for r in rows],
                "indicator": [r[2] for r in rows],
                "value": [r[3] for r in rows],
                "unit": [UNITS[r[2]] for r in rows],
                "source_id": [r[4] for r in rows],
                "is_demonstration": [r[4] == "demonstration" for r in rows],
            }
        ),
        9999,
    )


NAN = float("nan")
#: The 2024 edition: aa and bb for 2023 and 2024, cc for 2023 only.
OLD = long(
    [
        ("aa", 2023, "spinoffs", 4.0, "demonstration"),
        ("aa", 2023, "licence_income_eur", 100000.0, "demonstration"),
        ("aa", 2024, "spinoffs", 5.0, "demonstration"),
        ("aa", 2024, "licence_income_eur", NAN, "demonstration"),
        ("bb", 2023, "spinoffs", 2.0, "demonstration"),
        ("bb", 2024, "spinoffs", 3.0, "demonstration"),
        ("bb", 2024, "kto_staff_fte", 1.5, "demonstration"),
        ("cc", 2023, "spinoffs", 1.0, "demonstration"),
    ]
)
#: The 2025 edition: aa 2023 spin-offs revised 4 -> 6 with a new source; aa 2024 licence
#: income now reported; bb 2024 FTE withdrawn (row gone); cc 2023 withdrawn entirely;
#: cc 2024 submitted late; 2025 new for aa and bb.
NEW = long(
    [
        ("aa", 2023, "spinoffs", 6.0, "kto_aa_2024"),
        ("aa", 2023, "licence_income_eur", 100000.0, "demonstration"),
        ("aa", 2024, "spinoffs", 5.0, "demonstration"),
        ("aa", 2024, "licence_income_eur", 250000.0, "demonstration"),
        ("aa", 2025, "spinoffs", 7.0, "demonstration"),
        ("bb", 2023, "spinoffs", 2.0, "demonstration"),
        ("bb", 2024, "spinoffs", 3.0, "demonstration"),
        ("bb", 2025, "spinoffs", 1.0, "demonstration"),
        ("cc", 2024, "spinoffs", 8.0, "demonstration"),
    ]
)


def test_submissions_count_reported_values_only() -> None:
    subs = comparisons.submissions(OLD)
    counted = {(r.institution_id, r.year): r.n_values for r in subs.itertuples()}
    # aa 2024 has a row for licence income but no value: 1 reported value, not 2.
    assert counted == {
        ("aa", 2023): 2,
        ("aa", 2024): 1,
        ("bb", 2023): 1,
        ("bb", 2024): 2,
        ("cc", 2023): 1,
    }


def test_new_and_missing_submissions() -> None:
    added, removed = comparisons.submission_changes(OLD, NEW)
    assert sorted(zip(added["institution_id"], added["year"], strict=True)) == [
        ("aa", 2025),
        ("bb", 2025),
        ("cc", 2024),
    ]
    assert list(zip(removed["institution_id"], removed["year"], strict=True)) == [("cc", 2023)]


def test_revisions_are_exactly_the_changed_values() -> None:
    table = comparisons.revisions(OLD, NEW)
    got = [
        (r.institution_id, r.year, r.indicator, r.old_value, r.new_value, r.change)
        for r in table.itertuples()
    ]
    expected = [
        ("aa", 2023, "spinoffs", 4.0, 6.0, "gewijzigd"),
        ("aa", 2024, "licence_income_eur", NAN, 250000.0, "toegevoegd"),
        ("bb", 2024, "kto_staff_fte", 1.5, NAN, "verwijderd"),
    ]
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g[:3] == e[:3] and g[5] == e[5]
        for a, b in zip(g[3:5], e[3:5], strict=True):
            assert (np.isnan(a) and np.isnan(b)) or a == b
    # The new source is carried for the revised value; cc (only in one edition per year)
    # and the untouched values are not revisions.
    assert table.loc[0, ["old_source", "new_source"]].tolist() == ["demonstration", "kto_aa_2024"]


def test_a_value_absent_and_a_value_reported_empty_are_the_same() -> None:
    old = long([("aa", 2023, "spinoffs", 1.0, "demonstration")])
    new = long(
        [
            ("aa", 2023, "spinoffs", 1.0, "demonstration"),
            ("aa", 2023, "licence_income_eur", NAN, "demonstration"),
        ]
    )
    assert comparisons.revisions(old, new).empty


def test_model_changes_by_name() -> None:
    table = comparisons.model_changes(
        {"Alfa": "push-model", "Beta": "serve-model", "Gamma": "exchange-model"},
        {"Alfa": "push-model", "Beta": "exchange-model", "Delta": "serve-model"},
    )
    assert table.to_dict("records") == [
        {"institution": "Beta", "old_model": "serve-model", "new_model": "exchange-model"},
        {"institution": "Delta", "old_model": "", "new_model": "serve-model"},
        {"institution": "Gamma", "old_model": "exchange-model", "new_model": ""},
    ]


def test_headline_figures_old_and_revised_and_new() -> None:
    old = edition.Edition(2024, OLD, {}, None)
    new = edition.Edition(2025, NEW, {}, None)
    table = comparisons.headline_figures(old, new).set_index("indicator")
    # Spin-offs 2024 as published: aa 5 + bb 3 = 8 (2 reporters); as known now: aa 5 +
    # bb 3 + cc 8 (late) = 16 (3); 2025: aa 7 + bb 1 = 8 (2).
    row = table.loc["spinoffs"]
    assert (row["old_edition_value"], row["old_edition_reporters"]) == (8.0, 2)
    assert (row["new_edition_same_year"], row["new_edition_same_year_reporters"]) == (16.0, 3)
    assert (row["new_edition_value"], row["new_edition_reporters"]) == (8.0, 2)
    # Licence income 2024: not reported before (no figure), 250.000 now (1 reporter).
    row = table.loc["licence_income_eur"]
    assert np.isnan(row["old_edition_value"]) and row["old_edition_reporters"] == 0
    assert row["new_edition_same_year"] == 250000.0


def test_record_round_trip_is_exact(tmp_path: Path) -> None:
    values = [0.1 + 0.2, 62650000.0, 1 / 3, 1e-7, NAN]
    frame = long([("aa", 2020 + n, "spinoffs", v, "demonstration") for n, v in enumerate(values)])
    files = {("aa", 2020): "kt_metrics/2020/aa.csv", ("aa", 2021): "kt_metrics/2021/aa.xlsx"}
    record = edition.record_files(edition.Edition(2024, frame, files, None))
    for name, data in record.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    back = edition.read_edition(tmp_path, 2024)
    assert back is not None
    pd.testing.assert_frame_equal(back.long, frame)
    assert back.files == files
    assert comparisons.revisions(frame, back.long).empty


def test_a_record_of_another_format_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "editie").mkdir()
    (tmp_path / edition_files.MANIFEST_FILE).write_text('{"format": 99}', encoding="utf-8")
    assert edition.read_edition(tmp_path, 2024) is None
    assert edition.read_edition(tmp_path / "missing", 2024) is None


def test_previous_edition_is_the_latest_published_year_before(tmp_path: Path) -> None:
    for year, site in ((2022, True), (2023, True), (2024, False), (2026, True)):
        (tmp_path / str(year)).mkdir()
        if site:
            (tmp_path / str(year) / "site").mkdir()
    (tmp_path / ".staging-2025-1").mkdir()
    # 2024 has no site (not a published edition); 2026 lies after the edition.
    assert edition_files.previous_year(tmp_path, 2025) == 2023
    assert edition_files.previous_year(tmp_path, 2022) is None
    prev = edition.previous_edition(tmp_path, 2025)
    assert prev is not None and prev.year == 2023 and prev.edition is None
    assert edition_files.previous_edition_key(tmp_path, 2022) == {"previous": None}


def test_submission_files_by_stem(tmp_path: Path) -> None:
    folder = tmp_path / "kt_metrics" / "2024"
    folder.mkdir(parents=True)
    for name in ("aa.csv", "bb.xlsx", "~$bb.xlsx", ".hidden.csv", "notes.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    assert edition.submission_files(tmp_path, [2024, 2025]) == {
        ("aa", 2024): "kt_metrics/2024/aa.csv",
        ("bb", 2024): "kt_metrics/2024/bb.xlsx",
    }


def test_source_label_names_publisher_year_and_status() -> None:
    assert page.source_label("kto_aa_2024", SOURCES) == "Alfa, 2025"
    assert (
        page.source_label("demonstration", SOURCES)
        == "Valorisatiemonitor, 2026 (demonstratiegegevens)"
    )
    assert page.source_label("gone_2019", SOURCES) == "bron niet meer in het bronnenregister"


# --------------------------------------------------------------------------- the page


def _texts(doc: object) -> str:
    return "\n".join(b.text for b in doc.blocks if isinstance(b, MarkdownBlock))  # type: ignore[attr-defined]


def _tables(doc: object) -> dict[str, TableBlock]:
    return {b.name: b for b in doc.blocks if isinstance(b, TableBlock)}  # type: ignore[attr-defined]


def test_page_without_a_previous_edition_says_so(tmp_path: Path) -> None:
    current = edition.Edition(2025, NEW, {}, None)
    doc = page.changes_document(current, None, INSTITUTIONS, tmp_path, UNITS, SOURCES)
    assert doc.source == comparisons.PAGE_FILE and doc.title == "Wat is er veranderd"
    assert "Er is geen eerdere editie gepubliceerd" in _texts(doc)
    assert not _tables(doc)


def test_page_when_the_previous_edition_has_no_record(tmp_path: Path) -> None:
    folder = tmp_path / "2024"
    (folder / "data").mkdir(parents=True)
    (folder / edition_files.MODELS_FILE).write_text(
        "Instelling,Model\nAlfa,push-model\nBeta,serve-model\n", encoding="utf-8"
    )
    previous = edition.PreviousEdition(2024, folder, None)
    current = edition.Edition(2025, NEW, {}, {"Alfa": "aanbodmodel", "Beta": "aanbodmodel"})
    out = tmp_path / "2025"
    doc = page.changes_document(current, previous, INSTITUTIONS, out, UNITS, SOURCES)
    text = _texts(doc)
    assert "publiceerde de ingezonden waarden nog niet in machineleesbare vorm" in text
    # Models are still compared: the previous edition published chapter 4's table, under
    # the models' former names, which are read in today's ('push-model' is 'aanbodmodel').
    models = _tables(doc)["wijzigingen_modellen"]
    assert models.rows == (("Beta", "dienstverleningsmodel", "aanbodmodel"),)


def test_page_lists_exactly_the_changes(tmp_path: Path) -> None:
    files_old = {("aa", 2023): "kt_metrics/2023/aa.csv", ("cc", 2023): "kt_metrics/2023/cc.csv"}
    files_new = {
        ("aa", 2023): "kt_metrics/2023/aa.csv",
        ("aa", 2024): "kt_metrics/2024/aa.csv",
        ("bb", 2024): "kt_metrics/2024/bb.csv",
        ("cc", 2024): "kt_metrics/2024/cc.csv",
    }
    previous = edition.PreviousEdition(
        2024, tmp_path / "2024", edition.Edition(2024, OLD, files_old, {"Alfa": "push-model"})
    )
    current = edition.Edition(2025, NEW, files_new, {"Alfa": "push-model"})
    out = tmp_path / "2025"
    doc = page.changes_document(current, previous, INSTITUTIONS, out, UNITS, SOURCES)
    tables = _tables(doc)
    assert tables["wijzigingen_waarden"].rows == (
        (
            "Alfa",
            "2023",
            "Spin-offs",
            "4",
            "6",
            "kt_metrics/2023/aa.csv",
            "Valorisatiemonitor, 2026 (demonstratiegegevens) → Alfa, 2025",
        ),
        (
            "Alfa",
            "2024",
            "Licentie-inkomsten",
            "–",
            "€\u00a0250.000",
            "kt_metrics/2024/aa.csv",
            "Valorisatiemonitor, 2026 (demonstratiegegevens)",
        ),
        (
            "Beta",
            "2024",
            "KTO-personeel",
            "1,5",
            "–",
            "kt_metrics/2024/bb.csv",
            # The row is gone from the new submission: no source on the new side.
            "Valorisatiemonitor, 2026 (demonstratiegegevens) → –",
        ),
    )
    assert tables["wijzigingen_inzendingen"].rows == (
        ("nieuw (nagekomen)", "Gamma", "2024", "1", "kt_metrics/2024/cc.csv"),
        ("ontbreekt nu", "Gamma", "2023", "1", "kt_metrics/2023/cc.csv"),
    )
    text = _texts(doc)
    assert "2 inzendingen over 2025" in text
    assert "1 nagekomen inzending" in text
    # Revised submissions: aa 2023, aa 2024 and bb 2024.
    assert (
        "in 3 inzendingen waarden herzien: 1 waarde gewijzigd, 1 waarde toegevoegd en 1 waarde verwijderd"
        in text
    )
    assert "Elke instelling heeft in deze editie hetzelfde valorisatiemodel" in text
    # Machine-readable: the revisions' CSV holds numbers and codes, the Excel variant too.
    csv = pd.read_csv(out / "data" / "wijzigingen_waarden.csv")
    assert csv["oude_waarde"].tolist()[0] == 4.0 and csv["nieuwe_waarde"].tolist()[0] == 6.0
    assert (out / "data" / "excel-nl" / "wijzigingen_waarden.csv").is_file()
    assert all(t.basis == "demonstration" for t in tables.values())


@pytest.mark.parametrize("rows", [25, 26])
def test_long_tables_stay_on_the_site(tmp_path: Path, rows: int) -> None:
    """Above PDF_MAX_ROWS rows a table is site-only; the PDF prints a pointer instead."""
    old = long([("aa", 2000 + n, "spinoffs", 1.0, "demonstration") for n in range(rows)])
    new = long([("aa", 2000 + n, "spinoffs", 2.0, "demonstration") for n in range(rows)])
    previous = edition.PreviousEdition(2030, tmp_path, edition.Edition(2030, old, {}, None))
    doc = page.changes_document(
        edition.Edition(2031, new, {}, None), previous, INSTITUTIONS, tmp_path, UNITS, SOURCES
    )
    assert _tables(doc)["wijzigingen_waarden"].pdf is (rows <= comparisons.PDF_MAX_ROWS)
