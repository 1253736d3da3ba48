"""The KTO submission template (CSV and XLSX), generated from the indicator catalogue.

A knowledge transfer office fills in one file per year. Handing out a template
generated from `data/raw/indicators.csv` means the codes and units in the office's
file are exactly the ones the reader checks, and a new indicator reaches every
office by regenerating the template. The XLSX carries a Dutch `toelichting` sheet
with the definition of each indicator and whose it is (the monitor's own, aligned
with the ASTP survey's indicator name, unless a cited source contains it), so the
person filling it in does not need this repository.

The files are byte-for-byte reproducible (fixed workbook timestamps, fixed zip entry
dates), so the shipped copies in `data/templates/` only change when the catalogue does.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

from analysis import paths
from analysis.data.indicators import DEFINITION_ORIGIN_NL
from analysis.data.ingest.columns import COLUMNS
from analysis.data.ingest.workbooks import XLSX_SHEET
from analysis.data.names import shown, slug_problem
from analysis.errors import InputError

CSV_NAME = "kto_template.csv"
XLSX_NAME = "kto_template.xlsx"
EXPLANATION_SHEET = "toelichting"
#: Every timestamp in the workbook: a fixed moment, so the bytes do not depend on the clock.
FIXED_TIMESTAMP = "2026-01-01T00:00:00Z"
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)

COLUMN_HELP_NL: Mapping[str, str] = {
    "institution_id": (
        "Code van de instelling zoals in institutions.csv (bijvoorbeeld tud). Gelijk aan de "
        "bestandsnaam: kt_metrics/<jaar>/<institution_id>.csv of .xlsx."
    ),
    "year": (
        "Kalender- of boekjaar waarover gerapporteerd wordt, als geheel getal (bijvoorbeeld "
        "2024). Gelijk aan de jaarmap waarin het bestand staat."
    ),
    "indicator": "Code van de indicator (zie hieronder). Niet wijzigen.",
    "value": (
        "De waarde in de eenheid van de indicator. Leeg laten als de waarde niet bekend is: "
        "leeg betekent 'niet gerapporteerd', 0 betekent 'nul'. Geen duizendtalscheiding "
        "(1234567,5 of 1234567.5), geen formules, geen tekst."
    ),
    "unit": (
        "Eenheid: EUR (euro's, niet duizenden), FTE (voltijdequivalenten) of count (aantal). "
        "Niet wijzigen; moet gelijk zijn aan de catalogus."
    ),
    "source_id": (
        "Code van de bron van de waarde in sources.csv (bijvoorbeeld het jaarverslag van de "
        "instelling). Meld een nieuwe bron aan bij de redactie van de monitor."
    ),
    "note": "Vrije toelichting, bijvoorbeeld een afwijkende definitie of afbakening.",
}

GENERAL_HELP_NL: tuple[str, ...] = (
    "Lever één bestand per instelling per jaar aan, als .xlsx (zonder macro's; .xlsm wordt "
    "geweigerd) of als CSV in UTF-8. Een Nederlandse CSV-export met puntkomma en decimale "
    "komma wordt ook geaccepteerd.",
    "Alleen het blad 'gegevens' wordt gelezen. Formules worden nooit uitgerekend: een cel met "
    "een formule wordt geweigerd; plak de waarde.",
    "Voeg geen kolommen toe en wijzig de kolomnamen niet.",
)

MODEL_GROUP_NL: Mapping[str, str] = {
    "push": "push (octrooien, licenties, spin-offs)",
    "exchange": "exchange (samenwerking in onderzoek)",
    "serve": "serve (dienstverlening, contractonderzoek, startups)",
    "input": "invoer (noemer voor intensiteiten)",
}


def load_catalogue(data_dir: Path | None = None) -> list[dict[str, str]]:
    """The indicator catalogue rows, in file order (the order of the template rows)."""
    folder = data_dir if data_dir is not None else paths.default_data_dir()
    with (folder / "indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def template_rows(
    catalogue: list[dict[str, str]], institution_id: str = "", year: int | None = None
) -> list[list[str | int | None]]:
    """One row per indicator with code and unit filled in, value/source/note left empty."""
    return [
        [institution_id, year, row["indicator"], None, row["unit"], "", ""] for row in catalogue
    ]


def _current_year() -> int:
    """The calendar year (SOURCE_DATE_EPOCH wins), as validation's 'not in the future' uses it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return time.gmtime(int(epoch)).tm_year
    return time.gmtime().tm_year


def check_arguments(institution_id: str, year: int | None, data_dir: Path | None = None) -> None:
    """Refuse what the template would carry into every row and validation would refuse.

    The institution must be an id of `institutions.csv` (so `=HYPERLINK(...)` never
    reaches a cell as a live formula); the year must lie between 2000 and this year.
    """
    folder = data_dir if data_dir is not None else paths.default_data_dir()
    if institution_id:
        problem = slug_problem(institution_id)
        known: set[str] = set()
        if problem is None:
            with (folder / "institutions.csv").open(encoding="utf-8-sig", newline="") as handle:
                known = {(r.get("institution_id") or "").strip() for r in csv.DictReader(handle)}
            if institution_id not in known:
                problem = f"{shown(institution_id)} is not an institution of institutions.csv"
        if problem is not None:
            raise InputError("--institution", None, "institution_id", "institution_known", problem)
    if year is not None and not MIN_TEMPLATE_YEAR <= year <= _current_year():
        raise InputError(
            "--year",
            None,
            "year",
            "year_range",
            f"{year} is not a year a submission can be for ({MIN_TEMPLATE_YEAR} to "
            f"{_current_year()})",
        )


#: The first year a submission may be for (validation's `year_from_2000`).
MIN_TEMPLATE_YEAR = 2000


def write_template(
    out_dir: Path,
    institution_id: str = "",
    year: int | None = None,
    *,
    data_dir: Path | None = None,
) -> list[Path]:
    """Write `kto_template.csv` and `kto_template.xlsx` into `out_dir`; return both paths.

    The arguments are checked first (`check_arguments`): nothing is written for an
    unknown institution or an impossible year.
    """
    check_arguments(institution_id, year, data_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    catalogue = load_catalogue(data_dir)
    rows = template_rows(catalogue, institution_id, year)
    csv_path = out_dir / CSV_NAME
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    xlsx_path = out_dir / XLSX_NAME
    xlsx_path.write_bytes(_deterministic_zip(_workbook_bytes(catalogue, rows)))
    return [csv_path, xlsx_path]


def _workbook_bytes(catalogue: list[dict[str, str]], rows: list[list[str | int | None]]) -> bytes:
    import datetime as dt

    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    data = workbook.active
    assert data is not None
    data.title = XLSX_SHEET
    data.append(list(COLUMNS))
    for values in rows:
        data.append(values)
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (16, 8, 30, 16, 8, 22, 40), strict=True):
        data.column_dimensions[letter].width = width

    help_sheet = workbook.create_sheet(EXPLANATION_SHEET)
    help_sheet.append(["Toelichting bij het aanleverformat KTO-metrics (Valorisatiemonitor)"])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append([])
    for text in GENERAL_HELP_NL:
        help_sheet.append([text])
    help_sheet.append([])
    help_sheet.append(["Kolom", "Uitleg"])
    for column in COLUMNS:
        help_sheet.append([column, COLUMN_HELP_NL[column]])
    help_sheet.append([])
    help_sheet.append(
        ["Indicator", "Naam", "Eenheid", "Model", "Definitie (Engelstalig)", "Herkomst definitie"]
    )
    for entry in catalogue:
        help_sheet.append(
            [
                entry["indicator"],
                entry["label_nl"],
                entry["unit"],
                MODEL_GROUP_NL.get(entry["model_group"], entry["model_group"]),
                entry["astp_definition"],
                DEFINITION_ORIGIN_NL["monitor"]
                if entry["definition_origin"] == "monitor"
                else f"{DEFINITION_ORIGIN_NL['cited']} {entry['source_id']}",
            ]
        )
    for row_cells in help_sheet.iter_rows():
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.value in ("Kolom", "Indicator"):
                for header_cell in row_cells:
                    header_cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (30, 34, 10, 34, 70, 20), strict=True):
        help_sheet.column_dimensions[letter].width = width

    fixed = dt.datetime(2026, 1, 1, tzinfo=dt.UTC).replace(tzinfo=None)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "Valorisatiemonitor"
    workbook.properties.lastModifiedBy = "Valorisatiemonitor"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the XLSX container with fixed entry dates and fixed core-property timestamps."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: f"{m.group(1)}{FIXED_TIMESTAMP}{m.group(3)}",
                    text,
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
