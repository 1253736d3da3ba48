"""Property-based fuzzing of the submission reader.

Whatever a file holds (random bytes, any CSV dialect, any workbook cell type), reading
it ends in one of two ways: a clean `InputError` that names the file, or a valid
submission table. Never another exception, and never a hang: every read is bounded in
time (hypothesis' deadline).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.data import ingest
from analysis.data.ingest.columns import FRAME_COLUMNS
from analysis.errors import InputError

UNITS = {
    "spinoffs": "count",
    "licence_income_eur": "EUR",
    "kto_staff_fte": "FTE",
}
FUZZ = settings(
    max_examples=60,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _read(path: Path) -> None:
    """Read `path`; assert the outcome is an InputError naming it or a valid table."""
    label = f"kt_metrics/2024/{path.name}"
    try:
        frame = ingest.read_submission(path, label=label, units=UNITS)
    except InputError as exc:
        assert exc.finding.file == label
        assert exc.finding.rule and exc.finding.message
        assert str(exc).startswith(f"ERROR {label}, row ")
        return
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert len(frame) > 0
    assert frame["year"].dtype == np.int64
    assert frame["value"].dtype == np.float64
    values = frame["value"].to_numpy()
    assert not np.isinf(values).any()
    assert (frame["file"] == label).all()
    assert (frame["institution_id"] != "").all() and (frame["indicator"] != "").all()
    for column in ("institution_id", "indicator", "unit", "source_id", "note"):
        assert all(isinstance(v, str) for v in frame[column])


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "kt_metrics" / "2024"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- random bytes


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".csv", ".xlsx", ".xlsm", ".txt"]))
def test_random_bytes_are_refused_cleanly(tmp_path: Path, data: bytes, suffix: str) -> None:
    _read(_write(tmp_path, f"tud{suffix}", data))


@FUZZ
@given(data=st.binary(max_size=2048))
def test_random_bytes_behind_a_valid_header(tmp_path: Path, data: bytes) -> None:
    header = b"institution_id,year,indicator,value,unit,source_id,note\n"
    _read(_write(tmp_path, "tud.csv", header + data))


@FUZZ
@given(
    members=st.dictionaries(
        st.one_of(
            st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]),
            st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=30),
        ),
        st.binary(max_size=512),
        max_size=6,
    )
)
def test_random_zip_archives_are_refused_cleanly(tmp_path: Path, members: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    _read(_write(tmp_path, "tud.xlsx", buffer.getvalue()))


# --------------------------------------------------------------------------- CSV dialects

_NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda f: f"{f:,.3f}"),
    st.sampled_from(
        ["1e999", "-1e999", "1.234", "1,234", "1.234.567", "1 234", "１２", "٣", "NaN", "inf", ""]
    ),
)
_CELLS = st.one_of(
    _NUMBERS,
    st.sampled_from(["tud", "2024", "spinoffs", "count", "EUR", "demonstration", "FTE"]),
    st.text(max_size=20),
)
_COLUMNS = ["institution_id", "year", "indicator", "value", "unit", "source_id", "note"]


@st.composite
def _csv_files(draw: st.DrawFn) -> bytes:
    columns = draw(
        st.one_of(
            st.just(_COLUMNS),
            st.permutations(_COLUMNS),
            st.lists(st.sampled_from([*_COLUMNS, "extra", ""]), min_size=1, max_size=9),
        )
    )
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = []
        for column in columns:
            if column == "value":
                row.append(draw(_NUMBERS))
            elif column == "institution_id" and draw(st.booleans()):
                row.append("tud")
            elif column == "year" and draw(st.booleans()):
                row.append("2024")
            elif column == "indicator" and draw(st.booleans()):
                row.append(draw(st.sampled_from(sorted(UNITS))))
            else:
                row.append(draw(_CELLS))
        if draw(st.booleans()) and row:
            row = row[: draw(st.integers(0, len(row)))]  # short rows
        rows.append(row)
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]))
    terminator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=terminator)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row)
    text = out.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    return text.encode(encoding, errors="replace")


@FUZZ
@given(data=_csv_files())
def test_random_csv_dialects_give_a_table_or_a_clean_error(tmp_path: Path, data: bytes) -> None:
    _read(_write(tmp_path, "tud.csv", data))


@st.composite
def _valid_rows_with_odd_values(draw: st.DrawFn) -> bytes:
    """Well-formed files whose value cells are anything a number cell could hold."""
    dutch = draw(st.booleans())
    sep = ";" if dutch else ","
    lines = [sep.join(_COLUMNS)]
    for indicator in draw(st.lists(st.sampled_from(sorted(UNITS)), min_size=1, max_size=3)):
        value = draw(_NUMBERS).replace(sep, "")
        cells = ["tud", "2024", indicator, value, UNITS[indicator], "demonstration", ""]
        lines.append(sep.join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


@FUZZ
@given(data=_valid_rows_with_odd_values())
def test_any_value_cell_gives_a_number_or_a_clean_error(tmp_path: Path, data: bytes) -> None:
    _read(_write(tmp_path, "tud.csv", data))


# --------------------------------------------------------------------------- XLSX cell types

_XLSX_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30).filter(lambda t: not any(ord(c) < 32 for c in t)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.times(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-1e9, max_value=1e9),
    st.sampled_from(["=1+1", "=SUM(A1:A2)", "tud", "spinoffs", "count", "１２"]),
)


@st.composite
def _workbooks(draw: st.DrawFn) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = draw(st.sampled_from(["gegevens", "gegevens", "Blad1"]))
    header: list[object] = list(draw(st.one_of(st.just(_COLUMNS), st.permutations(_COLUMNS))))
    if draw(st.booleans()):
        sheet.append([None] * draw(st.integers(1, 3)))  # blank rows before the header
    sheet.append(header)
    for _ in range(draw(st.integers(0, 5))):
        row: list[object] = []
        for column in header:
            if column == "institution_id" and draw(st.booleans()):
                row.append("tud")
            elif column == "year" and draw(st.booleans()):
                row.append(draw(st.sampled_from([2024, 2024.0, "2024", 2023])))
            elif column == "indicator" and draw(st.booleans()):
                row.append(draw(st.sampled_from(sorted(UNITS))))
            elif column == "unit" and draw(st.booleans()):
                row.append(draw(st.sampled_from(["count", "EUR", "FTE"])))
            else:
                value = draw(_XLSX_VALUES)
                row.append(float(value) if isinstance(value, Decimal) else value)
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(data=_workbooks())
def test_random_workbook_cells_give_a_table_or_a_clean_error(tmp_path: Path, data: bytes) -> None:
    _read(_write(tmp_path, "tud.xlsx", data))


# --------------------------------------------------------------------------- known hostile files


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _template_parts() -> dict[str, bytes]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "gegevens"
    sheet.append(_COLUMNS)
    sheet.append(["tud", 2024, "spinoffs", 3, "count", "demonstration", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    """200 MB of zeros compress to about 200 kB: refused by size, quickly."""
    parts = _template_parts()
    parts["xl/media/bomb.bin"] = b"\0" * (200 * 1024 * 1024)
    path = _write(tmp_path, "tud.xlsx", _zip(parts))
    assert path.stat().st_size < ingest.MAX_FILE_BYTES
    with pytest.raises(InputError) as raised:
        ingest.read_submission(path, label="kt_metrics/2024/tud.xlsx", units=UNITS)
    assert raised.value.finding.rule == "file_too_large"
    assert "unpacks to more than" in raised.value.finding.message


def test_a_sheet_claiming_a_million_rows_is_refused(tmp_path: Path) -> None:
    parts = _template_parts()
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
    )
    path = _write(tmp_path, "tud.xlsx", _zip(parts))
    with pytest.raises(InputError) as raised:
        ingest.read_submission(path, label="kt_metrics/2024/tud.xlsx", units=UNITS)
    assert raised.value.finding.rule == "xlsx_too_complex"
    assert "1048576 rows" in raised.value.finding.message


def test_a_workbook_with_entities_is_refused(tmp_path: Path) -> None:
    parts = _template_parts()
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst/>'
    )
    path = _write(tmp_path, "tud.xlsx", _zip(parts))
    with pytest.raises(InputError) as raised:
        ingest.read_submission(path, label="kt_metrics/2024/tud.xlsx", units=UNITS)
    assert raised.value.finding.rule == "xlsx_entities"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("1e999", "not_finite"),
        ("-1e400", "not_finite"),
        ("１２", "non_ascii_digits"),
        ("1٢3", "non_ascii_digits"),
        ("NaN", "column_type"),
        ("inf", "column_type"),
    ],
)
def test_overflow_and_foreign_digits_are_named(tmp_path: Path, value: str, rule: str) -> None:
    text = "institution_id,year,indicator,value,unit,source_id,note\n"
    text += f"tud,2024,spinoffs,{value},count,demonstration,\n"
    path = _write(tmp_path, "tud.csv", text.encode("utf-8"))
    with pytest.raises(InputError) as raised:
        ingest.read_submission(path, label="kt_metrics/2024/tud.csv", units=UNITS)
    finding = raised.value.finding
    assert (finding.rule, finding.row, finding.column) == (rule, 2, "value")


def test_foreign_digits_in_the_year_are_named(tmp_path: Path) -> None:
    text = "institution_id,year,indicator,value,unit,source_id,note\n"
    text += "tud,２０２４,spinoffs,3,count,demonstration,\n"
    path = _write(tmp_path, "tud.csv", text.encode("utf-8"))
    with pytest.raises(InputError) as raised:
        ingest.read_submission(path, label="kt_metrics/2024/tud.csv", units=UNITS)
    finding = raised.value.finding
    assert (finding.rule, finding.row, finding.column) == ("non_ascii_digits", 2, "year")
    assert "U+FF12" in finding.message


def test_a_huge_but_finite_value_reads_as_a_number(tmp_path: Path) -> None:
    """Bounds are validation's business: ingest reads 1e308 as the number it is."""
    text = "institution_id,year,indicator,value,unit,source_id,note\n"
    text += "tud,2024,spinoffs,1e308,count,demonstration,\n"
    frame = ingest.read_submission(_write(tmp_path, "tud.csv", text.encode("utf-8")), units=UNITS)
    assert math.isclose(float(frame["value"].iloc[0]), 1e308)
    assert isinstance(frame, pd.DataFrame)
