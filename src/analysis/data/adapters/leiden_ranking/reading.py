"""Leiden Ranking import, reading: a CWTS download (CSV or XLSX) streamed into rows of text, within limits.

Nothing is read whole: a CSV is read line by line (a line longer than a full row can
be is refused before it is held), a workbook is first scanned part by part for what it
unpacks to (`analysis.data.limits`) and then read row by row by openpyxl's streaming
reader. Every cell is held to the cell-length limit and the file to the row limit, so a
hostile download costs at most the limits in time and memory, whatever its size.
"""

from __future__ import annotations

import contextlib
import csv
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from analysis.data import limits
from analysis.data.adapters.leiden_ranking.layout import MAX_FILE_BYTES, SHEET, _Sheet
from analysis.errors import InputError

#: The longest physical line of a CSV: every column at the cell limit, quoted, in UTF-8.
MAX_LINE_BYTES = limits.MAX_COLUMNS * (limits.MAX_CELL_CHARS * 4 + 3)
#: Parts of a workbook read into memory whole by openpyxl (shared strings, styles, the
#: workbook's own description); a CWTS download's are well below a megabyte each.
MAX_WHOLE_PART_BYTES = 32 * 1024 * 1024
_CHUNK = 1024 * 1024


def _check_cells(label: str, number: int, header: list[str], cells: list[str]) -> None:
    """The row limit, the column limit and the cell-length limit, for one row."""
    if number > limits.MAX_SOURCE_ROWS + 1:
        raise InputError(
            label,
            number,
            None,
            "too_many_rows",
            f"more than {limits.MAX_SOURCE_ROWS} rows; a Leiden Ranking edition has about 220,000",
        )
    if len(cells) > limits.MAX_COLUMNS:  # checked first: it bounds the loop below
        raise InputError(
            label,
            number,
            None,
            "too_many_columns",
            f"{len(cells)} columns; a Leiden Ranking file has about 60 "
            f"(limit {limits.MAX_COLUMNS})",
        )
    if not cells or max(map(len, cells)) <= limits.MAX_CELL_CHARS:
        return
    for index, cell in enumerate(cells):
        if len(cell) > limits.MAX_CELL_CHARS:
            raise InputError(
                label,
                number,
                header[index] if index < len(header) else None,
                "cell_too_long",
                f"{len(cell)} characters; a cell holds at most {limits.MAX_CELL_CHARS}",
            )


def _csv_lines(handle: BinaryIO, label: str) -> Iterator[str]:
    """Decoded physical lines, each at most `MAX_LINE_BYTES`; a decoding error names its line."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise InputError(
                label,
                number,
                None,
                "line_too_long",
                f"line {number} runs over {MAX_LINE_BYTES} bytes, more than a row of "
                f"{limits.MAX_COLUMNS} full cells",
            )
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                label, number, None, "encoding", f"byte 0x{raw[exc.start]:02x} is not UTF-8"
            ) from exc


@contextlib.contextmanager
def _open_csv(path: Path, label: str) -> Iterator[_Sheet]:
    with path.open("rb") as handle:
        lines = _csv_lines(handle, label)
        first = next(lines, "")
        delimiter = ";" if first.count(";") > first.count(",") else ","

        def physical() -> Iterator[str]:
            yield first
            yield from lines

        reader = csv.reader(physical(), delimiter=delimiter, strict=True)
        try:
            header_cells = next(reader, [])
        except csv.Error as exc:
            raise InputError(label, 1, None, "csv_syntax", str(exc)) from exc
        if not any(cell.strip() for cell in header_cells):
            raise InputError(label, 1, None, "empty_file", "the file has no header row")
        header = [cell.strip() for cell in header_cells]
        _check_cells(label, 1, header, header_cells)

        def rows() -> Iterator[tuple[int, list[str]]]:
            while True:
                # The row number of a multi-line record is the line where it starts.
                number = reader.line_num + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise InputError(label, reader.line_num, None, "csv_syntax", str(exc)) from exc
                _check_cells(label, number, header, cells)
                if any(cells):
                    yield number, cells

        yield _Sheet(label, header, rows())


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


def scan_workbook(path: Path, label: str) -> None:
    """Refuse a workbook before openpyxl opens it when it would unpack beyond the limits.

    Every part is unpacked once, in chunks, counting the bytes produced (a zip's stated
    sizes can lie): the total is held to `limits.MAX_SOURCE_UNPACKED_BYTES`, each large
    part to `limits.MAX_UNPACK_RATIO` times its packed size, parts openpyxl reads whole
    (everything but the sheets) to `MAX_WHOLE_PART_BYTES`; DTDs and macros are refused.
    """

    def refuse(rule: str, message: str) -> InputError:
        return InputError(label, None, None, rule, message)

    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if any(e.filename.lower().endswith("vbaproject.bin") for e in entries):
                raise refuse("macro_workbook", "the workbook carries macros")
            if len(entries) > limits.MAX_COLUMNS:
                raise refuse("xlsx_too_complex", f"the workbook holds {len(entries)} parts")
            total = 0
            for entry in entries:
                name = entry.filename
                streamed = name.startswith("xl/worksheets/")
                cap = limits.MAX_SOURCE_UNPACKED_BYTES if streamed else MAX_WHOLE_PART_BYTES
                unpacked = 0
                tail = b""
                with archive.open(entry) as member:
                    while chunk := member.read(_CHUNK):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if (
                            unpacked > limits.RATIO_FREE_BYTES
                            and unpacked > limits.MAX_UNPACK_RATIO * max(entry.compress_size, 1)
                        ):
                            raise refuse(
                                "zip_bomb",
                                f"part {name} unpacks to over {limits.MAX_UNPACK_RATIO} times "
                                f"its packed size ({entry.compress_size} bytes); a workbook "
                                "packs 5 to 20 to 1",
                            )
                        if total > limits.MAX_SOURCE_UNPACKED_BYTES or unpacked > cap:
                            raise refuse(
                                "file_too_large",
                                f"part {name} unpacks to more than "
                                f"{min(cap, limits.MAX_SOURCE_UNPACKED_BYTES)} bytes",
                            )
                        window = tail + chunk[:4096]
                        if name.lower().endswith((".xml", ".rels")) and (
                            b"<!DOCTYPE" in window or b"<!ENTITY" in tail + chunk
                        ):
                            raise refuse("xlsx_entities", f"part {name} declares a DTD or entities")
                        tail = chunk[-16:]
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
        raise refuse("not_xlsx", f"the workbook cannot be unpacked: {exc}") from exc


@contextlib.contextmanager
def _open_xlsx(path: Path, label: str) -> Iterator[_Sheet]:
    """Sheet `Results` (or the first sheet with a `University` header); formulas refused."""
    import openpyxl

    scan_workbook(path, label)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged workbook
        raise InputError(label, None, None, "not_xlsx", f"cannot open workbook: {exc}") from exc
    try:
        names = list(book.sheetnames)
        order = [SHEET] if SHEET in names else []
        order += [n for n in names if n != SHEET]
        for name in order:
            sheet_label = f"{label} (sheet {name})"
            stream = book[name].iter_rows(max_col=limits.MAX_COLUMNS + 1)
            header: list[str] | None = None
            start = 0
            for number, values in _xlsx_rows(stream, sheet_label, None, 0):
                start = number
                if not any(v.strip() for v in values):
                    continue
                header = [v.strip() for v in values]
                _check_cells(sheet_label, number, header, values)
                break
            if header is None or "university" not in {h.lower() for h in header}:
                continue
            rows = (
                (number, values)
                for number, values in _xlsx_rows(stream, sheet_label, header, start)
                if any(v.strip() for v in values)
            )
            yield _Sheet(sheet_label, header, rows)
            return
    finally:
        book.close()
    raise InputError(
        label,
        None,
        "University",
        "missing_sheet",
        f"no sheet with a 'University' column (sheets: {', '.join(names)})",
    )


def _xlsx_rows(
    stream: Iterator[tuple[object, ...]], label: str, header: list[str] | None, start: int
) -> Iterator[tuple[int, list[str]]]:
    """The rows after row `start` as text (the row limit is checked on empty rows too)."""
    number = start
    for cells in stream:
        values: list[str] = []
        number += 1
        for index, cell in enumerate(cells):
            number = getattr(cell, "row", None) or number
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=")
            ):
                column = header[index] if header and index < len(header) else None
                raise InputError(
                    label,
                    number,
                    column,
                    "formula",
                    f"cell {getattr(cell, 'coordinate', '?')} holds a formula; "
                    "formulas are never evaluated",
                )
            values.append(_cell_text(value))
        while values and not values[-1]:
            values.pop()
        _check_cells(label, number, header or [], values)
        yield number, values


@contextlib.contextmanager
def open_sheet(path: Path) -> Iterator[_Sheet]:
    """The file's header and a stream of its data rows as text (CSV or XLSX), within limits."""
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise InputError(label, None, None, "missing_file", f"{path} does not exist")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(label, None, None, "file_size", f"over {MAX_FILE_BYTES} bytes")
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise InputError(label, None, None, "macro_workbook", ".xlsm workbooks are refused")
    if suffix == ".xlsx":
        with _open_xlsx(path, label) as sheet:
            yield sheet
        return
    if suffix in (".csv", ".txt"):
        with _open_csv(path, label) as sheet:
            yield sheet
        return
    raise InputError(label, None, None, "file_type", "expected a .csv or .xlsx file")
