"""Figures read in Dutch institutions' annual accounts → `annual_accounts/institution_figures.csv`.

The reference file `../shared/reference/kt_figures_nl_institutions_2.csv` holds
figures read in annual accounts, annual-report news items and press, each with the
line it was read in (`quote`). The fact sheets show the ones that belong to one
institution, one year and an indicator of the monitor's catalogue, as real figures
next to the demonstration series. This module selects those rows (`SELECTION`: the
reference id and what the monitor calls the figure), converts money to full euros
and writes the table, so that no value is typed by hand: value, period, quote,
locator and status are copied from the reference row.

Conventions (stated here because they change numbers or their reading):

* Money: the reference gives EUR millions with a point decimal (`25.790` is
  25,790 thousand euros as printed "25.790" in a table "x € 1.000"); the table
  stores full euros, computed exactly in decimal arithmetic.
* Year: the first four-digit year in the reference's period; the period text is
  kept beside it (e.g. "c. 2015 (year implied, not stated in sentence)").
* Definitions differ from the monitor's catalogue: the annual accounts report
  *income recognised in the year* from contract research, while the catalogue's
  `contract_research_eur` is the *value of agreements signed* in the year. Each row
  says so in `definition_note_nl`; a fact sheet shows the figure beside the
  series, never inside it.

Not selected (and why): the Leiden Ranking rows (the full table comes from the
Leiden Ranking importer), TU/e's shares across Leiden Ranking editions (methods
changed between editions: not one series), third-stream income totals from press
items of 2009/2011 and shares of total income (no indicator of the catalogue),
1994 staff shares, the "Kennisvalorisatie, etc." line (content not defined), the
ScienceWorks per-researcher figure and NARCIS repository records (not filings).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

from analysis import paths
from analysis.atomic import atomic_write
from analysis.data import limits
from analysis.data.names import shown, text_problem
from analysis.errors import InputError

FILE_NAME: Final[str] = "kt_figures_nl_institutions_2.csv"
OUTPUT_FILE: Final[str] = "annual_accounts/institution_figures.csv"
COLUMNS: Final[tuple[str, ...]] = (
    "figure_id",
    "institution_id",
    "year",
    "period",
    "figure",
    "label_nl",
    "value",
    "unit",
    "related_indicator",
    "definition_note_nl",
    "quote",
    "locator",
    "source_id",
    "status",
    "reference_id",
)
REFERENCE_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "institution",
    "indicator",
    "period",
    "value",
    "unit",
    "status",
    "url",
    "quote",
)

NOTE_COMPANIES = (
    "baten uit contractonderzoek voor bedrijven in het boekjaar volgens de jaarrekening; de "
    "indicator contractonderzoek van de monitor telt de waarde van de in het jaar getekende "
    "overeenkomsten, dus niet dezelfde grootheid"
)
NOTE_TOTAL = (
    "alle baten uit contractonderzoek (bedrijven, overheden, EU, goede doelen en overige) in "
    "het boekjaar volgens de jaarrekening; ruimer dan contractonderzoek voor bedrijven"
)
NOTE_VU_COMPANIES = (
    "baten uit de derde geldstroom van bedrijven in het boekjaar volgens het jaarverslag; de "
    "indicator contractonderzoek van de monitor telt de waarde van getekende overeenkomsten"
)
NOTE_VU_TOTAL = (
    "subtotaal onderzoek derde geldstroom in het boekjaar volgens het jaarverslag; ruimer dan "
    "contractonderzoek voor bedrijven"
)
NOTE_EUR = (
    "bedrag uit een artikel van Erasmus Magazine (secundaire bron); het jaar staat niet in de "
    "zin en is afgeleid (ongeveer 2015)"
)
NOTE_SPINOFFS = "aantal spin-offs uit wetenschappelijk onderzoek volgens het jaarverslag"
NOTE_PATENTS = (
    "aangevraagde octrooien volgens de Twente Index (secundaire bron); niet vermeld of het "
    "alleen om prioritaire aanvragen gaat"
)


@dataclass(frozen=True)
class Selected:
    """One reference row the monitor uses, and what the monitor calls it."""

    reference_id: str
    institution_id: str
    figure: str
    label_nl: str
    unit: str
    related_indicator: str
    source_id: str
    note: str


#: The reference rows shown in the fact sheets (money in EUR after conversion).
SELECTION: Final[tuple[Selected, ...]] = (
    Selected("F036", "ut", "contract_research_companies_eur",
             "Contractonderzoek voor bedrijven (baten)", "EUR", "contract_research_eur",
             "ut_jaarverslag_2022", NOTE_COMPANIES),
    Selected("F037", "ut", "contract_research_companies_eur",
             "Contractonderzoek voor bedrijven (baten)", "EUR", "contract_research_eur",
             "ut_jaarverslag_2022", NOTE_COMPANIES),
    Selected("F038", "ut", "contract_research_total_eur",
             "Contractonderzoek totaal (baten)", "EUR", "contract_research_eur",
             "ut_jaarverslag_2022", NOTE_TOTAL),
    Selected("F039", "ut", "contract_research_total_eur",
             "Contractonderzoek totaal (baten)", "EUR", "contract_research_eur",
             "ut_jaarverslag_2022", NOTE_TOTAL),
    Selected("F042", "ru", "contract_research_companies_eur",
             "Contractonderzoek voor bedrijven (baten)", "EUR", "contract_research_eur",
             "ru_jaarverslag_2021", NOTE_COMPANIES),
    Selected("F043", "ru", "contract_research_companies_eur",
             "Contractonderzoek voor bedrijven (baten)", "EUR", "contract_research_eur",
             "ru_jaarverslag_2021", NOTE_COMPANIES),
    Selected("F044", "ru", "contract_research_total_eur",
             "Contractonderzoek totaal (baten)", "EUR", "contract_research_eur",
             "ru_jaarverslag_2021", NOTE_TOTAL),
    Selected("F045", "ru", "contract_research_total_eur",
             "Contractonderzoek totaal (baten)", "EUR", "contract_research_eur",
             "ru_jaarverslag_2021", NOTE_TOTAL),
    Selected("F046", "vu", "contract_research_companies_eur",
             "Derde geldstroom van bedrijven (baten)", "EUR", "contract_research_eur",
             "vu_jaarverslag_2020", NOTE_VU_COMPANIES),
    Selected("F047", "vu", "contract_research_companies_eur",
             "Derde geldstroom van bedrijven (baten)", "EUR", "contract_research_eur",
             "vu_jaarverslag_2020", NOTE_VU_COMPANIES),
    Selected("F048", "vu", "third_stream_research_total_eur",
             "Onderzoek derde geldstroom, subtotaal (baten)", "EUR", "contract_research_eur",
             "vu_jaarverslag_2020", NOTE_VU_TOTAL),
    Selected("F049", "vu", "third_stream_research_total_eur",
             "Onderzoek derde geldstroom, subtotaal (baten)", "EUR", "contract_research_eur",
             "vu_jaarverslag_2020", NOTE_VU_TOTAL),
    Selected("F050", "eur", "contract_research_companies_eur",
             "Contractonderzoek voor het bedrijfsleven (inkomsten)", "EUR",
             "contract_research_eur", "erasmusmagazine_2017", NOTE_EUR),
    Selected("F069", "ut", "spinoffs", "Spin-offs uit wetenschappelijk onderzoek", "count",
             "spinoffs", "ut_jaarverslag_2023_nieuws", NOTE_SPINOFFS),
    Selected("F071", "ut", "patent_applications", "Aangevraagde octrooien", "count",
             "priority_patent_applications", "twenteindex_onderwijs", NOTE_PATENTS),
)  # fmt: skip

#: Reference units → (monitor unit, factor to that unit).
UNITS: Final[Mapping[str, tuple[str, Decimal]]] = {
    "EUR million": ("EUR", Decimal(1_000_000)),
    "count": ("count", Decimal(1)),
}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def default_path() -> Path | None:
    """The shared reference file beside the checkout, or None when `../shared` is absent."""
    shared = paths.shared_dir()
    if shared is None:
        return None
    path = shared / "reference" / FILE_NAME
    return path if path.is_file() else None


def _plain(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def read_reference(path: Path) -> dict[str, tuple[int, dict[str, str]]]:
    """Reference id → (row number, row); a missing column or repeated id is an InputError.

    The file is held to the limits `validate` applies to a table (`analysis.data.limits`):
    its size before it is read, then every row's cells while it is read.
    """
    label = Path(path).name
    try:
        size = Path(path).stat().st_size
    except OSError as exc:
        raise InputError(label, None, None, "missing_file", f"{path} cannot be read") from exc
    if size > limits.MAX_TABLE_BYTES:
        raise InputError(
            label,
            None,
            None,
            "file_too_large",
            f"{size} bytes is over the limit of {limits.MAX_TABLE_BYTES} bytes for a table",
        )
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    with Path(path).open(encoding="utf-8-sig", newline="", errors="strict") as handle:
        reader = csv.DictReader(handle)
        try:
            missing = [c for c in REFERENCE_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(
                    label, 1, missing[0], "required_column", f"missing column {missing[0]!r}"
                )
            for number, row in enumerate(reader, start=2):
                if number > limits.MAX_TABLE_ROWS + 1:
                    raise InputError(
                        label, number, None, "too_many_rows", f"over {limits.MAX_TABLE_ROWS} rows"
                    )
                for column, cell in row.items():
                    if isinstance(cell, str) and len(cell) > limits.MAX_CELL_CHARS:
                        raise InputError(
                            label,
                            number,
                            column,
                            "cell_too_long",
                            f"{len(cell)} characters; a cell holds at most {limits.MAX_CELL_CHARS}",
                        )
                key = (row.get("id") or "").strip()
                if key in rows:
                    raise InputError(label, number, "id", "unique_id", f"id {key!r} occurs twice")
                rows[key] = (number, row)
        except UnicodeDecodeError as exc:
            raise InputError(
                label, None, None, "encoding", f"byte 0x{exc.object[exc.start]:02x} is not UTF-8"
            ) from exc
        except csv.Error as exc:
            raise InputError(label, reader.line_num, None, "csv_syntax", str(exc)) from exc
    return rows


def _copied(label: str, number: int, row: Mapping[str, str | None], column: str) -> str:
    """A text cell copied into the table: stripped, refused if a name could not hold it."""
    text = row.get(column) or ""
    problem = text_problem(text)
    if problem is not None:
        raise InputError(label, number, column, "text_characters", f"{shown(text)} {problem}")
    return text.strip()


def transcribe(path: Path) -> list[dict[str, str]]:
    """The selected reference rows as records of the monitor's table (text cells)."""
    label = Path(path).name
    reference = read_reference(path)
    records: list[dict[str, str]] = []
    for item in SELECTION:
        if item.reference_id not in reference:
            raise InputError(
                label, None, "id", "reference_row", f"no row {item.reference_id!r} in {label}"
            )
        number, row = reference[item.reference_id]
        unit_text = _copied(label, number, row, "unit")
        if unit_text not in UNITS or UNITS[unit_text][0] != item.unit:
            raise InputError(
                label,
                number,
                "unit",
                "unit",
                f"unit {unit_text!r} is not {item.unit} for the monitor",
            )
        factor = UNITS[unit_text][1]
        text = (row["value"] or "").strip()
        value = limits.bounded_decimal(text, label, number, "value") * factor
        if value < 0:
            raise InputError(label, number, "value", "non_negative", f"{text} is below zero")
        if item.unit == "count" and value != value.to_integral_value():
            raise InputError(label, number, "value", "whole_count", f"{text} is not a whole count")
        period = _copied(label, number, row, "period")
        year = _YEAR.search(period)
        if year is None:
            raise InputError(label, number, "period", "year", f"no year in {shown(period)}")
        status = _copied(label, number, row, "status")
        if status not in ("read", "secondary", "inferred"):
            raise InputError(label, number, "status", "status", f"status {status!r} is not usable")
        records.append(
            {
                "figure_id": f"{item.institution_id}_{year.group(1)}_{item.figure}",
                "institution_id": item.institution_id,
                "year": year.group(1),
                "period": period,
                "figure": item.figure,
                "label_nl": item.label_nl,
                "value": _plain(value),
                "unit": item.unit,
                "related_indicator": item.related_indicator,
                "definition_note_nl": item.note,
                "quote": _copied(label, number, row, "quote"),
                "locator": _copied(label, number, row, "url"),
                "source_id": item.source_id,
                "status": status,
                "reference_id": item.reference_id,
            }
        )
    return records


def write_table(
    records: list[dict[str, str]], target: Path, *, mode_like: Path | None = None
) -> None:
    """Atomically write the table sorted by institution, figure and year.

    The file keeps its mode (a new one takes `mode_like`'s, a file of the same folder).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    ordered = sorted(records, key=lambda r: (r["institution_id"], r["figure"], int(r["year"])))
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(ordered)
    atomic_write(target, buffer.getvalue(), mode_like=mode_like)


def import_file(path: Path, data_dir: Path) -> tuple[Path, int]:
    """Transcribe the selection from `path` into `<data_dir>/annual_accounts/institution_figures.csv`.

    Every cited source id must be in sources.csv first (an InputError otherwise).
    """
    data_dir = Path(data_dir)
    records = transcribe(path)
    with (data_dir / "sources.csv").open(encoding="utf-8-sig", newline="") as handle:
        known = {row["source_id"].strip() for row in csv.DictReader(handle)}
    for record in records:
        if record["source_id"] not in known:
            raise InputError(
                "sources.csv",
                None,
                "source_id",
                "source_known",
                f"no source {record['source_id']!r}: add it to sources.csv before importing",
            )
    target = data_dir / OUTPUT_FILE
    write_table(records, target, mode_like=data_dir / "sources.csv")
    return target, len(records)
