"""The importers' bad-input corpus: every hostile file ends in one line, and nothing is written.

Each case of `tests/data/bad_inputs/importer_cases.csv` names an importer, a source
file (made here by a generator, so nothing large is committed), the command's extra
arguments and the expected rule, row and column. The command must exit 1 with exactly
one line on standard error naming the file, row, column and rule, and leave the data
folder byte-identical (no table, no temporary file, no mode changed). The heavy cases
also run in a child process under a memory limit (`resource.setrlimit`) and a time
limit, and a slow import is stopped by SIGTERM.
"""

from __future__ import annotations

import codecs
import csv
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from analysis import cli
from analysis.data import limits
from analysis.data.adapters import kt_figures
from analysis.data.adapters.leiden_ranking import layout, writing
from analysis.data.content_hash import hash_file

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "data" / "bad_inputs"
FIXTURE = Path(__file__).parent / "data" / "leiden_ranking" / "official_layout.csv"


def _cases() -> list[dict[str, str]]:
    with (CORPUS / "importer_cases.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CASES = _cases()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The reference tables (no submissions), a source for edition 2099, files mode 0644."""
    target = tmp_path / "raw"
    shutil.copytree(REPO / "data" / "raw", target, ignore=shutil.ignore_patterns("kt_metrics"))
    with (target / "sources.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(
            ["cwts_leiden_ranking_2099", "Fixture", "tests", "", "tests", "read", "", "onbekend"]
        )
    for path in target.rglob("*"):
        if path.is_file():
            path.chmod(0o644)
    return target


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder` (hidden ones too): content hash and mode."""
    return {
        p.relative_to(folder).as_posix(): (hash_file(p), stat.S_IMODE(p.stat().st_mode))
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- generators


def _fixture() -> tuple[list[str], list[list[str]]]:
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.reader(handle))
    return lines[0], lines[1:]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _value(text: str) -> str:
    """`x*5000` repeats; `\\x00`, `\\n`, `\\u202e` are escapes (the case table is plain text)."""
    if "*" in text:
        char, count = text.split("*")
        return char * int(count)
    return codecs.decode(text, "unicode_escape")


def _lr_cell(folder: Path, row: str, column: str, value: str) -> Path:
    header, rows = _fixture()
    rows[int(row) - 2][header.index(column)] = _value(value)
    return _write_csv(folder / "bad.csv", header, rows)


def _lr_percent_row(folder: Path, row: str) -> Path:
    header, rows = _fixture()
    cells = rows[int(row) - 2]
    for index, name in enumerate(header):
        if name.startswith("PP_") and name in layout.INDICATORS:
            cells[index] = f"{float(cells[index]) * 100:g}"
    return _write_csv(folder / "bad.csv", header, rows)


def _lr_fixture(folder: Path) -> Path:
    return Path(shutil.copy(FIXTURE, folder / "bad.csv"))


def _lr_wide_small_shares(folder: Path) -> Path:
    header = ["university", "P_collab", "PP_collab", "P_industry_collab", "PP_industry_collab"]
    rows = [
        ["Example University A", "800", "0.8", "90", "0.09"],
        ["Example University B", "500", "0.5", "90", "0.09"],
        ["Example University C", "900", "0.9", "90", "0.09"],
    ]
    return _write_csv(folder / "bad.csv", header, rows)


def _lr_long_line(folder: Path) -> Path:
    header, _ = _fixture()
    path = folder / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        handle.write("All sciences," + "x" * (5 * 1024 * 1024))
    return path


def _lr_many_rows(folder: Path) -> Path:
    """One row over the limit of rows a reference table may have, all of the selected field."""
    header, rows = _fixture()
    template = rows[0]
    at = header.index("University")
    path = folder / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        for number in range(limits.MAX_TABLE_ROWS + 1):
            cells = list(template)
            cells[at] = f"U{number}"
            handle.write(",".join(cells) + "\n")
    return path


def _workbook(path: Path) -> None:
    header, rows = _fixture()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Results"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _lr_zip_bomb(folder: Path) -> Path:
    """A valid workbook plus a sheet part of 400 MB of zeros, about 400 kB packed (in chunks)."""
    path = folder / "bad.xlsx"
    _workbook(path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet9.xml", "w", force_zip64=True) as member,
    ):
        chunk = bytes(4 * 1024 * 1024)
        for _ in range(100):
            member.write(chunk)
    return path


def _lr_xlsx_entities(folder: Path) -> Path:
    path = folder / "bad.xlsx"
    _workbook(path)
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    laughs = f'<?xml version="1.0"?><!DOCTYPE s [{entities}]><s>&l9;</s>'.encode()
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/sharedStrings.xml"] = laughs
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def _kt_cell(folder: Path, reference_id: str, column: str, value: str) -> Path:
    """A small reference file holding the selected rows (invented values), one cell broken."""
    rows = []
    for item in kt_figures.SELECTION:
        unit = "EUR million" if item.unit == "EUR" else "count"
        row = {
            "id": item.reference_id,
            "institution": item.institution_id,
            "indicator": item.figure,
            "period": "2020",
            "value": "1.5" if unit == "EUR million" else "3",
            "unit": unit,
            "status": "read",
            "url": "https://example.org",
            "quote": "a quote",
        }
        if item.reference_id == reference_id:
            row[column] = _value(value)
            rows.insert(0, row)  # row 2 of the file
        else:
            rows.append(row)
    path = folder / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(kt_figures.REFERENCE_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


GENERATORS: dict[str, Callable[..., Path]] = {
    "lr_cell": _lr_cell,
    "lr_percent_row": _lr_percent_row,
    "lr_fixture": _lr_fixture,
    "lr_wide_small_shares": _lr_wide_small_shares,
    "lr_long_line": _lr_long_line,
    "lr_many_rows": _lr_many_rows,
    "lr_zip_bomb": _lr_zip_bomb,
    "lr_xlsx_entities": _lr_xlsx_entities,
    "kt_cell": _kt_cell,
}


def make_source(case: dict[str, str], folder: Path) -> Path:
    name, *parts = case["source"].split(":", 3)
    return GENERATORS[name](folder, *parts)


def argv(case: dict[str, str], source: Path, data_dir: Path) -> list[str]:
    extra = case["args"].split() if case["args"] else []
    return ["import", case["importer"], str(source), "--data-dir", str(data_dir), *extra]


# --------------------------------------------------------------------------- the corpus


def test_importer_corpus_is_complete() -> None:
    names = [c["case"] for c in CASES]
    assert len(names) == len(set(names)) >= 20
    assert {c["source"].split(":")[0] for c in CASES} == set(GENERATORS)
    assert {c["importer"] for c in CASES} == {"leiden-ranking", "kt-figures"}


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_hostile_source_is_refused_in_one_line_and_nothing_is_written(
    case: dict[str, str],
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = make_source(case, tmp_path)
    before = snapshot(data_dir)
    started = time.monotonic()
    assert cli.main(argv(case, source, data_dir)) == 1
    assert time.monotonic() - started < 60  # bounded: seconds, not minutes
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err[:500]
    row = case["expected_row"] or "-"
    column = case["expected_column"] or "-"
    assert f"ERROR {source.name}" in err, err
    assert f"row {row}, column {column}: [{case['expected_rule']}]" in err, err
    assert snapshot(data_dir) == before


# --------------------------------------------------------------------------- child processes


def _limited(memory_bytes: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def _run_child(
    command: list[str], memory_bytes: int, timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *command],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=timeout,
        preexec_fn=_limited(memory_bytes),
        check=False,
    )


MEMORY = 1024 * 1024 * 1024


@pytest.mark.parametrize("name", ["lr_zip_bomb", "lr_too_many_rows", "lr_huge_exponent"])
def test_heavy_sources_end_in_one_line_under_a_memory_and_time_limit(
    name: str, data_dir: Path, tmp_path: Path
) -> None:
    """1 GiB of address space, 60 s: a 400 MB bomb, 100,001 rows, a billion-digit number."""
    case = next(c for c in CASES if c["case"] == name)
    source = make_source(case, tmp_path)
    before = snapshot(data_dir)
    done = _run_child(argv(case, source, data_dir), MEMORY, 60)
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.count("\n") == 1, done.stderr[-2000:]
    assert f"[{case['expected_rule']}]" in done.stderr
    assert snapshot(data_dir) == before


def test_a_valid_import_fits_the_same_memory_limit(data_dir: Path) -> None:
    """The limit above is not what refuses: the fixture imports under it."""
    command = ["import", "leiden-ranking", str(FIXTURE), "--data-dir", str(data_dir)]
    done = _run_child([*command, "--edition", "2099"], MEMORY, 60)
    assert done.returncode == 0, done.stderr


def test_sigterm_stops_a_slow_import_at_once_and_writes_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    """A million rows of another field take seconds to stream; SIGTERM ends it within 5 s."""
    header, rows = _fixture()
    path = tmp_path / "slow.csv"
    line = ",".join(["Other field", *rows[0][1:]]) + "\n"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(header) + "\n")
        handle.write(line * (limits.MAX_SOURCE_ROWS - 1))
    before = snapshot(data_dir)
    command = ["import", "leiden-ranking", str(path), "--data-dir", str(data_dir)]
    child = subprocess.Popen(
        [sys.executable, "-m", "analysis", *command, "--edition", "2099"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(2.0)
    assert child.poll() is None, "the import finished before the signal: make the file larger"
    sent = time.monotonic()
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=30)
    assert time.monotonic() - sent < 5
    assert child.returncode == 128 + signal.SIGTERM, err
    assert err.count("\n") == 1 and "SIGTERM" in err
    assert snapshot(data_dir) == before


# --------------------------------------------------------------------------- modes


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_an_import_keeps_the_mode_of_the_table_it_replaces(data_dir: Path, mode: int) -> None:
    target = data_dir / layout.OUTPUT_FILE
    target.chmod(mode)
    assert writing.import_file(FIXTURE, data_dir, edition=2099).rows_written == 6
    assert stat.S_IMODE(target.stat().st_mode) == mode
    figures = data_dir / kt_figures.OUTPUT_FILE
    figures.chmod(mode)
    source = _kt_cell(data_dir.parent, "F036", "quote", "a quote")
    kt_figures.import_file(source, data_dir)
    assert stat.S_IMODE(figures.stat().st_mode) == mode


def test_a_new_table_takes_the_mode_of_the_folders_files(data_dir: Path) -> None:
    (data_dir / layout.OUTPUT_FILE).unlink()
    (data_dir / "sources.csv").chmod(0o664)
    writing.import_file(FIXTURE, data_dir, edition=2099)
    assert stat.S_IMODE((data_dir / layout.OUTPUT_FILE).stat().st_mode) == 0o664
    assert not [p for p in (data_dir / "benchmark").iterdir() if p.name.startswith(".")]
