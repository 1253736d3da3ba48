"""An XLSX submission: bounded before openpyxl reads it, then sheet `gegevens` cell by cell.

Formulas are refused, never evaluated; a workbook that would unpack to gigabytes,
carries macros or declares entities is refused before it is opened.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from analysis.errors import InputError

#: Limits on what a workbook may unpack to, checked before openpyxl reads it: a 5 MB
#: XLSX can hold a zip bomb of gigabytes, or a sheet whose stated size makes openpyxl
#: fill in millions of empty cells. A real submission workbook (the template) unpacks
#: to about 20 kB with a few hundred cells.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_XLSX_ENTRIES = 200
MAX_XLSX_CELLS = 50_000
MAX_XLSX_ROWS = 5_000
MAX_XLSX_COLUMNS = 50
#: The only sheet read from a workbook.
XLSX_SHEET = "gegevens"


def xlsx_records(path: Path, label: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Read sheet `gegevens` cell by cell; formulas are refused, never evaluated."""
    import openpyxl

    _check_workbook(path, label)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError(label, None, None, "not_xlsx", f"cannot open workbook: {exc}") from exc
    try:
        if XLSX_SHEET not in workbook.sheetnames:
            raise InputError(
                label,
                None,
                None,
                "missing_sheet",
                f"the workbook has no sheet {XLSX_SHEET!r} (found: {', '.join(workbook.sheetnames)})",
            )
        sheet = workbook[XLSX_SHEET]
        header: list[str] | None = None
        header_cols: list[str] = []
        records: list[tuple[int, list[str]]] = []
        # Bounded even if the sheet's stated size lies (`_check_workbook` checked the rest).
        for cells in sheet.iter_rows(max_row=MAX_XLSX_ROWS, max_col=MAX_XLSX_COLUMNS):
            values: list[str] = []
            row_number = 0
            for index, cell in enumerate(cells):
                row_number = getattr(cell, "row", row_number) or row_number
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    column = header_cols[index] if index < len(header_cols) else None
                    raise InputError(
                        label,
                        row_number,
                        column,
                        "formula",
                        f"cell {getattr(cell, 'coordinate', '?')} holds a formula; formulas are "
                        "never evaluated: paste the value instead",
                    )
                values.append(_cell_text(value))
            if header is None:
                if not any(v.strip() for v in values):
                    continue
                header = [v.strip() for v in values]
                while header and not header[-1]:
                    header.pop()
                header_cols = header
                continue
            records.append((row_number, values))
    finally:
        workbook.close()
    if header is None:
        raise InputError(label, None, None, "empty_file", f"sheet {XLSX_SHEET!r} is empty")
    return header, records


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_CELL_REF = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"([0-9]{1,7})\"")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref=\"([^\"]*)\"")
_AREA_REF = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def _check_workbook(path: Path, label: str) -> None:
    """Refuse a workbook that would take openpyxl unbounded time or memory, before it reads it.

    Unpacks every part once, counting the bytes actually produced (a zip's stated sizes
    can lie), up to `MAX_XLSX_UNPACKED_BYTES`; refuses DTDs (entity expansion), macros,
    more than `MAX_XLSX_CELLS` cells, and cells, rows or a stated sheet size beyond
    `MAX_XLSX_ROWS` x `MAX_XLSX_COLUMNS` (openpyxl fills gaps up to the stated size).
    """
    limit = MAX_XLSX_UNPACKED_BYTES

    def refuse(rule: str, message: str) -> InputError:
        return InputError(label, None, None, rule, message)

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if any(e.filename.lower().endswith("vbaproject.bin") for e in entries):
                raise refuse("macro_workbook", "the workbook carries macros; save it without")
            if len(entries) > MAX_XLSX_ENTRIES:
                raise refuse(
                    "xlsx_too_complex",
                    f"the workbook holds {len(entries)} parts; a submission needs a few dozen "
                    f"(limit {MAX_XLSX_ENTRIES})",
                )
            unpacked = cells = 0
            for entry in entries:
                if entry.file_size > limit - unpacked:
                    raise refuse(
                        "file_too_large",
                        f"the workbook unpacks to more than {limit} bytes; a submission "
                        "unpacks to a few kilobytes",
                    )
                with archive.open(entry) as member:
                    data = member.read(limit - unpacked + 1)
                unpacked += len(data)
                if unpacked > limit:
                    raise refuse(
                        "file_too_large",
                        f"the workbook unpacks to more than {limit} bytes; a submission "
                        "unpacks to a few kilobytes",
                    )
                if not entry.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                head = data[:4096]
                if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
                    raise refuse(
                        "xlsx_entities",
                        f"part {entry.filename} declares a DTD or entities, which no "
                        "spreadsheet program writes; save the workbook again as .xlsx",
                    )
                if not entry.filename.startswith("xl/worksheets/"):
                    continue
                cells += len(_CELL_TAG.findall(data))
                rows = [int(m) for m in _ROW_REF.findall(data)]
                refs = _CELL_REF.findall(data)
                dimension = _DIMENSION.search(data)
                if dimension is not None:
                    refs += _AREA_REF.findall(dimension.group(1))
                max_row = max([*rows, *(int(r) for _, r in refs), 0])
                max_col = max([_column_number(c) for c, _ in refs] or [0])
                if cells > MAX_XLSX_CELLS or max_row > MAX_XLSX_ROWS or max_col > MAX_XLSX_COLUMNS:
                    raise refuse(
                        "xlsx_too_complex",
                        f"sheet part {entry.filename} spans {max_row} rows and {max_col} "
                        f"columns with {cells} cells so far; a submission has about 20 rows "
                        f"of 7 columns (limits {MAX_XLSX_ROWS} rows, {MAX_XLSX_COLUMNS} "
                        f"columns, {MAX_XLSX_CELLS} cells)",
                    )
    except zipfile.BadZipFile as exc:
        raise refuse("not_xlsx", "the file is not an XLSX workbook") from exc
    except (
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        EOFError,
        ValueError,
        OSError,
        zlib.error,
    ) as exc:
        # Damaged or exotic archives: unsupported compression, encryption, a truncated
        # member, a bad checksum.
        raise refuse("not_xlsx", f"the workbook cannot be unpacked: {exc}") from exc


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold (numbers in the point-decimal convention)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)
