"""Bijlagen: methods, sources and colophon are complete and computed from the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import indicators, sources
from analysis.data.sources import load_sources, split_source_ids
from analysis.errors import InputError
from analysis.publication import labels
from analysis.publication.chapters import appendix
from editions import demo_data_dir

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
#: The proefeditie's data folder: the only one that cites the generator.
DEMO = demo_data_dir()


def test_methods_cover_every_indicator_in_dutch() -> None:
    table = appendix.methods_table(RAW).frame
    catalogue = pd.read_csv(RAW / "indicators.csv")
    assert list(table["Indicator"]) == list(catalogue["label_nl"])
    # Readers never see a code: no column holds an indicator code.
    assert not table.isin(list(catalogue["indicator"])).to_numpy().any()
    assert "Code" not in table.columns
    assert table["Definitie"].str.len().min() > 20
    assert set(table["Eenheid"]) <= {"euro", "fte", "aantal"}


def test_methods_say_whose_definition_each_indicator_follows() -> None:
    """No reachable source holds the ASTP definitions: every one is the monitor's own."""
    table = appendix.methods_table(RAW).frame
    assert set(table["Herkomst van de definitie"]) == {indicators.DEFINITION_ORIGIN_NL["monitor"]}
    text = appendix.methods_markdown(RAW, 2025)
    assert "eigen definities van de monitor" in text
    assert "afgestemd op de namen van de ASTP-indicatoren" in text
    number = sources.reference_number(indicators.MONITOR_DEFINITIONS_SOURCE, load_sources(RAW))
    assert f"is niet ingezien \\[{number}\\]" in text  # cited by its number in the list


def _catalogue_with(status: str, source: str) -> pd.DataFrame:
    catalogue = indicators.load_indicators(RAW)
    catalogue.loc[2, ["definition_origin", "source_id"]] = [status, source]
    return catalogue


@pytest.mark.parametrize(
    ("status", "source", "rule", "column"),
    [
        # The ASTP news item names the survey's indicators; it does not define them.
        ("cited", "astp_survey_fy2019", "cited_definition_source", "source_id"),
        ("cited", indicators.MONITOR_DEFINITIONS_SOURCE, "cited_definition_source", "source_id"),
        ("monitor", "astp_survey_fy2019", "monitor_definition_source", "source_id"),
        ("monitor", "no_such_source", "source_known", "source_id"),
        (
            "astp",
            indicators.MONITOR_DEFINITIONS_SOURCE,
            "definition_origin_allowed",
            "definition_origin",
        ),
    ],
)
def test_a_definition_cites_only_a_source_that_holds_it(
    status: str, source: str, rule: str, column: str
) -> None:
    sources = load_sources(RAW)
    with pytest.raises(InputError) as caught:
        indicators.check_definition_sources(
            _catalogue_with(status, source), sources, RAW / "indicators.csv"
        )
    assert (caught.value.finding.row, caught.value.finding.column, caught.value.finding.rule) == (
        4,
        column,
        rule,
    )


def test_a_definitions_document_may_be_cited() -> None:
    sources = pd.concat(
        [
            load_sources(RAW),
            pd.DataFrame(
                [
                    {
                        "source_id": "astp_definitions",
                        "title": "ASTP survey questionnaire with definitions of the indicators",
                        "publisher": "ASTP",
                        "date": "",
                        "locator": "",
                        "status": "read",
                        "scope": "report",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    catalogue = _catalogue_with("cited", "astp_definitions")
    indicators.check_definition_sources(catalogue, sources, RAW / "indicators.csv")


def test_the_shipped_catalogue_cites_resolvable_sources() -> None:
    catalogue = indicators.load_indicators(RAW)
    known = set(load_sources(RAW)["source_id"])
    assert set(catalogue["source_id"]) <= known
    assert set(catalogue["definition_origin"]) <= set(indicators.DEFINITION_ORIGINS)
    indicators.check_definition_sources(catalogue, load_sources(RAW), RAW / "indicators.csv")


def _cited_by_tables() -> set[str]:
    """Every id in a `source_id` / `*_source_id` cell of a reference table (not sources.csv)."""
    ids: set[str] = set()
    for path in RAW.rglob("*.csv"):
        if path.name == "sources.csv" or "kt_metrics" in path.parts:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in (c for c in frame.columns if c == "source_id" or c.endswith("_source_id")):
            for cell in frame[column]:
                ids.update(split_source_ids(cell))
    return ids


def _tables_citing(ids: set[str]) -> set[str]:
    """The reference tables (relative paths) with a source cell naming one of `ids`."""
    found: set[str] = set()
    for path in RAW.rglob("*.csv"):
        if path.name == "sources.csv" or "kt_metrics" in path.parts:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in (c for c in frame.columns if c == "source_id" or c.endswith("_source_id")):
            if any(set(split_source_ids(cell)) & ids for cell in frame[column]):
                found.add(path.relative_to(RAW).as_posix())
    return found


def test_the_reference_list_is_numbered_and_leaves_out_test_only_sources() -> None:
    listed = appendix.reference_table(RAW)
    table, data = listed.shown_frame, listed.csv_frame
    raw = load_sources(RAW)
    tests_only = set(raw.loc[raw["scope"] == "tests", "source_id"])
    assert tests_only == {"hesa_hebci"}  # the HE-BCI extract tests the adapter only
    # data/raw holds real institutions and no submissions: the list leaves out what is
    # cited only once KTOs submit or only in the proefeditie (column listed_when)
    listed = raw[(raw["scope"] == "report") & raw["listed_when"].isin(["", "real_institutions"])]
    assert len(listed) < (raw["scope"] == "report").sum()
    assert list(table["Nr."]) == [str(n) for n in range(1, len(listed) + 1)]
    assert list(table.columns) == ["Nr.", "Bron", "Adres"]  # a numbered list; only "Adres" links
    assert list(data.columns) == [
        "Nr.",
        "Bron",
        "Organisatie",
        "Datum",
        "Titel",
        "Uitgever",
        "Adres",
        "Status",
    ]
    assert list(data["Bron"]) == list(table["Bron"])
    assert set(data["Status"]) <= {
        "gelezen in de bron",
        "uit secundaire bron",
        "afgeleid",
        "aanname",
        "demonstratiegegevens",
    }
    assert not any("HE-BCI" in text for text in table["Bron"])
    # The rule behind the flag: no table of the report cites a test-only source, and every
    # source a table cites is in the list.
    cited = _cited_by_tables()
    assert not cited & tests_only
    # A source a table cites is in the list, unless it is kept in the register only: then
    # the only table citing it is one the report never shows (the calibration figures).
    register = set(raw.loc[raw["scope"] == "register", "source_id"])
    assert cited <= set(raw.loc[raw["scope"] == "report", "source_id"]) | register
    assert _tables_citing(register) <= {
        "context/calibration_figures.csv",
        "benchmark/peers.csv",
    }
    # In the peer register only the survey's response counts rest on register sources:
    # figures about the survey itself, which no comparison or table of the report uses.
    peers = pd.read_csv(RAW / "benchmark" / "peers.csv", dtype=str)
    on_register = peers[peers["source_id"].isin(register)]
    assert set(on_register["indicator"]) <= {
        "pros_reporting",
        "offices_reporting",
        "organisations_reporting",
    }
    number = sources.reference_number("kamerstuk_32637_339", raw)
    assert "Kamerstukken II 2018/19, 32 637, nr. 339" in data.set_index("Nr.").loc[number, "Bron"]


def test_each_entry_reads_as_a_government_reports_with_its_status_in_words() -> None:
    """'Organisatie (jaar). Titel. Uitgever. Adres.', the status only where it is not read."""
    listed = appendix.reference_table(RAW)
    table, data = listed.shown_frame, listed.csv_frame
    raw = load_sources(RAW)
    by_number = table.set_index(table["Nr."].astype(int))["Bron"]
    status = raw.dropna(subset=["number"]).set_index("number")["status"]
    for number, entry in by_number.items():
        assert "niet vastgelegd" not in entry
        assert entry.endswith("."), entry
        if status[number] == "read":
            assert "Status:" not in entry, entry
        else:
            assert entry.endswith(f" Status: {labels.status_label(status[number])}."), entry
    ecb = by_number[sources.reference_number("cwts_leiden_ranking_2020_nda", raw)]
    assert ecb == (
        "Centre for Science and Technology Studies (CWTS), Universiteit Leiden (2020). CWTS "
        "Leiden Ranking 2020 (alle wetenschapsgebieden, volledige telling). CWTS. "
        "https://www.leidenranking.com/ranking/2020/list. Status: uit secundaire bron."
    )
    # The copy the figures were read from is not in the printed entry.
    assert "pakket" not in ecb and "GitHub" not in ecb and "cran" not in ecb.lower()
    assert set(data["Datum"]) >= {"2020", "z.j."}


def test_an_incomplete_entry_stops_the_appendix(tmp_path: Path) -> None:
    data = tmp_path / "raw"
    shutil.copytree(RAW, data)
    path = data / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["source_id"] == "unl_umcs", "title"] = "(titel niet vastgelegd) pagina"
    frame.to_csv(path, index=False)
    with pytest.raises(InputError) as caught:
        appendix.reference_table(data)
    assert (caught.value.finding.column, caught.value.finding.rule) == ("title", "entry_recorded")


def test_reference_entry_adds_the_status_in_words() -> None:
    assert appendix.reference_entry("A (2020). T. https://x.example.", "read") == (
        "A (2020). T. https://x.example."
    )
    assert appendix.reference_entry("A (2020). T.", "secondary") == (
        "A (2020). T. Status: uit secundaire bron."
    )
    assert appendix.reference_entry("A (2020). T.", "inferred") == "A (2020). T. Status: afgeleid."


def test_the_scope_of_a_source_is_report_tests_or_register(tmp_path: Path) -> None:
    data = tmp_path / "raw"
    data.mkdir()
    header = "source_id,title,publisher,date,locator,status"
    (data / "sources.csv").write_text(f"{header}\na,T,P,,L,read\n")
    assert list(load_sources(data)["scope"]) == ["report"]  # no column: every source is cited
    (data / "sources.csv").write_text(f"{header},scope\na,T,P,,L,read,\nb,T,P,,L,read,demo\n")
    with pytest.raises(InputError) as caught:
        load_sources(data)
    assert (caught.value.finding.row, caught.value.finding.column, caught.value.finding.rule) == (
        3,
        "scope",
        "allowed_scope",
    )


def test_the_methods_state_price_basis_peer_ranges_and_eth_once() -> None:
    text = appendix.methods_markdown(RAW, 2025)
    assert "euro, prijspeil 2025: Nederlandse bedragen gedefleerd met de Nederlandse HICP" in text
    assert "ECB-koers van hun eigen jaar" in text
    assert "geen koopkrachtpariteit (PPP)" in text
    assert "bandbreedte over al haar cijfers: definities, jaren en afronding" in text
    assert "het ETH-domein en ETH Zürich tellen samen als één instelling (ETH)" in text
    assert "Gevoeligheid voor aannames" in text
    assert "euro, prijspeil 2024:" in appendix.methods_markdown(RAW, 2024)


def test_every_validation_suite_has_a_dutch_name() -> None:
    """Every table under data/raw gets a suite named after it; each has a Dutch name."""
    tables = [
        p.relative_to(RAW).as_posix()
        for p in RAW.rglob("*.csv")
        if p.relative_to(RAW).parts[0] != "kt_metrics"
    ]
    suites = {f"reference_{t.removesuffix('.csv').replace('/', '_')}" for t in tables}
    assert suites <= set(labels.CHECK_SUITE_LABELS), sorted(suites - set(labels.CHECK_SUITE_LABELS))
    assert appendix.suite_nl("reference_context_new_table") == "Referentietabel context new table"
    assert appendix.suite_nl("something_else") == "Overige controles"


def test_demonstration_statement_cites_the_generator_and_its_calibration() -> None:
    # The generator is listed in the demonstration edition only (`listed_when`).
    long = pd.DataFrame({"institution_id": ["a"], "year": [2020], "source_id": ["demonstration"]})
    text = appendix.demonstration_statement(long, DEMO)
    register = load_sources(DEMO)
    generator = sources.reference_number("demonstration", register)
    assert f"Valorisatiemonitor \\[{generator}\\]" in text
    calibration = pd.read_csv(DEMO / "context" / "demo_calibration.csv", dtype=str)
    ids = [i for i in calibration["source_id"] if i != "demonstration"]
    cited = ", ".join(map(str, sources.reference_numbers(ids, register)))
    assert f"gekalibreerd op geciteerde cijfers \\[{cited}\\]" in text
    assert "`" not in text and "seed" not in text


def test_institutions_sentence_counts_partners_and_consortium_members() -> None:
    # By hand from institutions.csv: 37 institutions, 25 KTO-Nederland partners, and the
    # 12 others are all hogescholen listed in consortium_members.csv.
    text = appendix.institutions_sentence(RAW)
    assert text.startswith(
        "De monitor volgt 37 kennisinstellingen: 25 partners van het plan KTO-Nederland en "
        "12 andere deelnemers aan de consortia van het Valorisatieprogramma;"
    )


def test_demonstration_statement_counts_by_source() -> None:
    long = pd.DataFrame(
        {
            "institution_id": ["a", "a", "b", "b"],
            "year": [2020, 2021, 2020, 2021],
            "source_id": ["demonstration", "demonstration", "demonstration", "annual_report"],
        }
    )
    text = appendix.demonstration_statement(long)
    assert "3 van de 4 waarden (75%)" in text
    assert "voor 2 instellingen over 2020–2021" in text
    real = long.assign(source_id="annual_report")
    assert "geen demonstratiedata" in appendix.demonstration_statement(real)


def test_colophon_inputs_change_when_a_file_changes(tmp_path: Path) -> None:
    data = tmp_path / "raw"
    (data / "kt_metrics" / "2024").mkdir(parents=True)
    (data / "sources.csv").write_text("a\n")
    (data / "kt_metrics" / "2024" / "x.csv").write_text("1\n")
    before = appendix.colophon_inputs(data).frame
    assert list(before["Invoer"]) == ["sources.csv", "kt_metrics/2024/ (1 bestanden)"]
    (data / "kt_metrics" / "2024" / "x.csv").write_text("2\n")
    after = appendix.colophon_inputs(data).frame
    assert before.iloc[1, 1] != after.iloc[1, 1]
    assert before.iloc[0, 1] == after.iloc[0, 1]


def test_colophon_versions_name_the_engines() -> None:
    versions = appendix.colophon_versions().set_index("Pakket")["Versie"]
    assert versions["typst"][0].isdigit()
    assert versions["pypandoc-binary"][0].isdigit()


def test_versions_sentence_names_each_package_with_its_version() -> None:
    versions = pd.DataFrame(
        {"Pakket": ["typst", "pandas", "x"], "Versie": ["0.15.2", "3.1", "niet geïnstalleerd"]}
    )
    assert appendix.versions_markdown(versions) == (
        "Dit rapport is berekend en opgemaakt met Python en de pakketten typst versie 0\\.15.2, "
        "pandas versie 3\\.1 en x (niet geïnstalleerd)."
    )


def quality_results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "suite": [
                "submission_keys",
                "submission_keys",
                "submission_consistency",
                "reference_sources",
            ],
            "expectation": ["e1", "e2", "e3", "e4"],
            "file": [None, None, "kt_metrics/2024/tud.csv", None],
            "row": [None, None, 7, None],
            "column": ["institution_id", "year", "value", "source_id"],
            "rule": ["not_null", "unique_key", "year_on_year_jump", "unique_key"],
            "severity": ["error", "error", "warning", "error"],
            "outcome": ["passed", "passed", "warning", "passed"],
            "message": ["ok", "ok", "spin-offs ×6 ten opzichte van 2023", "ok"],
        }
    )


def test_quality_summary_counts_per_suite() -> None:
    summary = appendix.quality_summary(quality_results()).frame.set_index("Controle")
    assert summary.loc["Opgaven: sleutels en uniciteit", "geslaagd"] == 2
    assert summary.loc["Opgaven: onderlinge samenhang en sprongen", "waarschuwing"] == 1
    assert summary["fout"].sum() == 0


def test_quality_warnings_name_file_row_column_rule_in_dutch() -> None:
    results = quality_results()
    results.loc[2, "message"] = "spinoffs van tud springt van 4 (2023) naar 24 (2024)"
    warnings = appendix.quality_warnings(results, {"tud": "TU Delft"}).frame
    assert warnings.to_dict("records") == [
        {
            "Bestand": "kt_metrics/2024/tud.csv",
            "Rij": 7,
            "Kolom": "waarde",
            "Controle": "grote sprong ten opzichte van het vorige jaar",
            "Melding": "spin-offs van TU Delft springt van 4 (2023) naar 24 (2024)",
        }
    ]
    # Without a warning the columns stay text (the codebook types them, and the page
    # aligns numbers right): an empty column would otherwise read as numbers.
    none = appendix.quality_warnings(results[results["outcome"] == "passed"]).frame
    assert none.empty
    assert [str(t) for t in none.dtypes[["Kolom", "Controle", "Melding"]]] == ["object"] * 3
    text = appendix.quality_markdown(quality_results())
    assert "3 controles slaagden, 1 meldingen zijn waarschuwingen en 0 fouten" in text
    assert "grote sprong ten opzichte van het vorige jaar (1)" in text
    assert "year_on_year_jump" not in text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "spinoff_capital_eur van artez springt van 680.022 (2010) naar 4.755.219 (2011)",
            "kapitaal opgehaald door spin-offs van ArtEZ springt van € 680.022 (2010) naar "
            "€ 4.755.219 (2011)",
        ),
        (
            "licentie-inkomsten EUR 21.956 in 2010, maar geen licentieovereenkomsten in 2006–2010",
            "licentie-inkomsten € 21.956 in 2010, maar geen licentieovereenkomsten in 2006–2010",
        ),
        # An id inside a word or a code that is not an indicator is left alone.
        ("hanze en han_x blijven", "hanze en han_x blijven"),
    ],
)
def test_dutch_message_replaces_codes_and_ids(message: str, expected: str) -> None:
    assert appendix.dutch_message(message, {"artez": "ArtEZ", "han": "HAN"}) == expected


def test_quality_by_rule_counts_warnings_and_files() -> None:
    results = pd.concat([quality_results()] * 2, ignore_index=True)
    results.loc[6, "file"] = "kt_metrics/2024/tue.csv"
    table = appendix.quality_by_rule(results).frame
    assert table.to_dict("records") == [
        {
            "Controle": "grote sprong ten opzichte van het vorige jaar",
            "Waarschuwingen": 2,
            "Bestanden": 2,
        }
    ]
