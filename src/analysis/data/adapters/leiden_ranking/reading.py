"""Leiden Ranking import, reading: a CWTS download (CSV or XLSX, checked before it is read) into rows of text."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from analysis.data.adapters.leiden_ranking.layout import MAX_FILE_BYTES, SHEET, _Sheet
from analysis.errors import InputError


def _read_csv(path: Path, label: str) -> _Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            label, line, None, "encoding", f"byte 0x{raw[exc.start]:02x} is not UTF-8"
        ) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise InputError(label, reader.line_num, None, "csv_syntax", str(exc)) from exc
    if not lines or not any(cell.strip() for cell in lines[0]):
        raise InputError(label, 1, None, "empty_file", "the file has no header row")
    header = [cell.strip() for cell in lines[0]]
    rows = [(number, cells) for number, cells in enumerate(lines[1:], start=2) if any(cells)]
    return _Sheet(label, header, rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(path: Path, label: str) -> _Sheet:
    """Sheet `Results` (or the first sheet with a `University` header); formulas refused."""
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputError(label, None, None, "not_xlsx", "the file is not an XLSX workbook") from exc
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise InputError(label, None, None, "macro_workbook", "the workbook carries macros")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError(label, None, None, "not_xlsx", f"cannot open workbook: {exc}") from exc
    try:
        names = list(book.sheetnames)
        order = [SHEET] if SHEET in names else []
        order += [n for n in names if n != SHEET]
        for name in order:
            sheet = book[name]
            header: list[str] | None = None
            rows: list[tuple[int, list[str]]] = []
            for cells in sheet.iter_rows():
                values: list[str] = []
                number = 0
                for index, cell in enumerate(cells):
                    number = getattr(cell, "row", number) or number
                    value = getattr(cell, "value", None)
                    if getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")
                    ):
                        column = header[index] if header and index < len(header) else None
                        raise InputError(
                            f"{label} (sheet {name})",
                            number,
                            column,
                            "formula",
                            f"cell {getattr(cell, 'coordinate', '?')} holds a formula; "
                            "formulas are never evaluated",
                        )
                    values.append(_cell_text(value))
                if header is None:
                    if not any(v.strip() for v in values):
                        continue
                    header = [v.strip() for v in values]
                    if "university" not in {h.lower() for h in header}:
                        break
                    continue
                if any(v.strip() for v in values):
                    rows.append((number, values))
            if header is not None and "university" in {h.lower() for h in header}:
                return _Sheet(f"{label} (sheet {name})", header, rows)
    finally:
        book.close()
    raise InputError(
        label,
        None,
        "University",
        "missing_sheet",
        f"no sheet with a 'University' column (sheets: {', '.join(names)})",
    )


def read_sheet(path: Path) -> _Sheet:
    """The file's header and data rows as text, whatever the format (CSV or XLSX)."""
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise InputError(label, None, None, "missing_file", f"{path} does not exist")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(label, None, None, "file_size", f"over {MAX_FILE_BYTES} bytes")
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise InputError(label, None, None, "macro_workbook", ".xlsm workbooks are refused")
    if suffix in (".xlsx",):
        return _read_xlsx(path, label)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, label)
    raise InputError(label, None, None, "file_type", "expected a .csv or .xlsx file")
