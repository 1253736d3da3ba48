"""Notebooks run where they are opened: defaults for their parameters (`analysis.pipeline.notebook_params`)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.errors import InputError
from analysis.pipeline import guard
from analysis.pipeline.data_steps import PROCESSED_FILES
from analysis.pipeline.notebook_params import (
    NotebookSetupError,
    latest_year,
    processed_state,
    resolve_parameters,
)
from editions import demo_data_dir

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project root (what `paths.project_root()` returns) in a temporary folder."""
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("VALORISATIEMONITOR_ROOT", str(root))
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")
    return root


def _submission(data_dir: Path, year: int, name: str = "uva.csv") -> Path:
    path = data_dir / "kt_metrics" / str(year) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("institution_id,year,indicator,value,unit,source_id,note\n")
    return path


def _tables(folder: Path, mtime_ns: int | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in PROCESSED_FILES:
        table = folder / name
        table.write_bytes(b"not really parquet")
        if mtime_ns is not None:
            os.utime(table, ns=(mtime_ns, mtime_ns))
        written.append(table)
    return written


def test_relative_paths_are_taken_from_the_project_root_not_the_working_directory(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebooks = project / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)  # where JupyterLab and VS Code start the kernel
    assert paths.from_root("data/raw") == project / "data" / "raw"
    assert paths.from_root("/elsewhere/data") == Path("/elsewhere/data")
    assert paths.notebook_output_dir(2024) == project / ".build" / "notebooks" / "2024"


def test_latest_year_is_the_last_folder_holding_a_submission(project: Path) -> None:
    data = project / "data" / "raw"
    _submission(data, 2022)
    _submission(data, 2023)
    (data / "kt_metrics" / "2024").mkdir()  # empty: not a year with data
    (data / "kt_metrics" / "2025").mkdir()
    (data / "kt_metrics" / "2025" / "~$uva.xlsx").write_text("lock")  # Office lock file only
    assert latest_year(data) == 2023


def test_no_year_with_data_names_the_command_in_dutch_and_english(project: Path) -> None:
    data = project / "data" / "raw"
    (data / "kt_metrics" / "2024").mkdir(parents=True)
    with pytest.raises(NotebookSetupError) as caught:
        latest_year(data)
    message = str(caught.value)
    assert "Geen jaar met inzendingen" in message and "no year with submissions" in message
    assert "valorisatiemonitor demo --out" in message
    assert "\n" not in message


def test_processed_state_compares_the_tables_with_the_newest_raw_file(project: Path) -> None:
    data, processed = project / "data" / "raw", project / "data" / "processed"
    raw = _submission(data, 2023)
    os.utime(raw, ns=(2_000_000_000_000_000_000, 2_000_000_000_000_000_000))
    assert processed_state(data, processed) == "missing"
    _tables(processed, mtime_ns=2_000_000_000_000_000_000)
    assert processed_state(data, processed) == "fresh"  # as new as the newest input
    os.utime(raw, ns=(2_000_000_000_000_000_001, 2_000_000_000_000_000_001))
    assert processed_state(data, processed) == "stale"
    # Files that are never inputs (hidden, Office lock files) do not make the tables stale.
    os.utime(raw, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    (data / "kt_metrics" / "2023" / "~$uva.xlsx").write_text("lock")
    (data / ".DS_Store").write_text("x")
    assert processed_state(data, processed) == "fresh"
    (processed / PROCESSED_FILES[0]).unlink()
    assert processed_state(data, processed) == "missing"


def test_the_builds_values_pass_through_unchanged_and_nothing_is_written(
    project: Path, tmp_path: Path
) -> None:
    """What papermill injects in the build: an int year and absolute folders."""
    data = project / "data" / "raw"
    _submission(data, 2023)
    stage = tmp_path / "cache" / "processed"
    tables = _tables(stage)
    before = {t: t.stat().st_mtime_ns for t in tables}
    out = tmp_path / "cache" / "out"
    resolved = resolve_parameters(2023, str(data), str(stage), str(out))
    assert resolved == (2023, str(data), str(stage), str(out))
    assert {t: t.stat().st_mtime_ns for t in tables} == before
    assert not (project / ".build").exists()
    assert not (project / "data" / "processed").exists()


def test_defaults_resolve_from_the_root_with_the_latest_year(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = project / "data" / "raw"
    _submission(data, 2021)
    _submission(data, 2024)
    _tables(project / "data" / "processed")  # newer than the submissions: fresh
    monkeypatch.chdir(project / "data")
    year, data_dir, processed_dir, output_dir = resolve_parameters(None, None, None, None)
    assert year == 2024
    assert data_dir == str(data)
    assert processed_dir == str(project / "data" / "processed")
    assert output_dir == str(project / ".build" / "notebooks" / "2024")
    # The values the notebooks used to carry, relative to the root, mean the same folders.
    assert resolve_parameters("2021", "data/raw", "data/processed", None) == (
        2021,
        data_dir,
        processed_dir,
        str(project / ".build" / "notebooks" / "2021"),
    )


def test_a_missing_data_folder_is_one_clear_line(project: Path) -> None:
    with pytest.raises(NotebookSetupError, match="does not exist") as caught:
        resolve_parameters(2024, "data/elders", None, None)
    assert str(project / "data" / "elders") in str(caught.value)


def test_missing_tables_in_a_folder_given_explicitly_name_the_command(project: Path) -> None:
    _submission(project / "data" / "raw", 2023)
    elsewhere = project / "elsewhere"
    with pytest.raises(NotebookSetupError) as caught:
        resolve_parameters(None, None, str(elsewhere), None)
    message = str(caught.value)
    assert f"valorisatiemonitor build --processed-dir {elsewhere}" in message
    assert "Geen verwerkte gegevens" in message and "no processed data" in message
    assert not elsewhere.exists()  # only the default folder is ever produced


def test_a_running_build_holding_the_processed_folder_is_not_overwritten(project: Path) -> None:
    _submission(project / "data" / "raw", 2023)
    processed = project / "data" / "processed"
    with guard.processed_dir_lock(processed), pytest.raises(NotebookSetupError) as caught:
        resolve_parameters()
    assert "a build is writing to" in str(caught.value)
    assert "Een build schrijft nu naar" in str(caught.value)
    assert not any(processed.glob("*.parquet"))


def test_foreign_files_in_the_processed_folder_stop_the_production(project: Path) -> None:
    _submission(project / "data" / "raw", 2023)
    processed = project / "data" / "processed"
    processed.mkdir(parents=True)
    (processed / "notes.txt").write_text("mine")
    with pytest.raises(NotebookSetupError, match=r"notes\.txt"):
        resolve_parameters()
    assert sorted(p.name for p in processed.iterdir()) == ["notes.txt"]


def test_missing_processed_data_are_produced_by_the_builds_steps(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real data steps on the project's data: invalid data change nothing, valid data
    give the three tables and one line; a second call finds them fresh and is silent."""
    data = project / "data" / "raw"
    shutil.rmtree(data)
    shutil.copytree(demo_data_dir(), data)  # a data folder with submissions: the demonstration's
    processed = project / "data" / "processed"
    bad = sorted((data / "kt_metrics" / "2024").glob("*.csv"))[0]
    good_text = bad.read_text(encoding="utf-8")
    header, first, *rest = good_text.splitlines()
    cells = first.split(",")
    cells[header.split(",").index("value")] = "veel"
    bad.write_text("\n".join([header, ",".join(cells), *rest]) + "\n", encoding="utf-8")

    with pytest.raises(InputError) as caught:
        resolve_parameters()
    assert bad.name in str(caught.value) and "row 2" in str(caught.value)
    assert not processed.exists() or not any(processed.iterdir())

    bad.write_text(good_text, encoding="utf-8")
    capsys.readouterr()
    year, _, processed_dir, _ = resolve_parameters()
    line = capsys.readouterr().out.strip()
    assert year == 2025
    assert processed_dir == str(processed)
    assert sorted(p.name for p in processed.iterdir()) == sorted(PROCESSED_FILES)
    assert line.startswith("Verwerkte gegevens ontbraken; gemaakt in data/processed (")
    assert "/ processed data were missing; produced in data/processed (" in line
    assert "\n" not in line
    assert not list((project / ".build").glob("processed-*"))  # scratch folder removed

    resolve_parameters()
    assert capsys.readouterr().out == ""


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
RESOLVE_LINE = (
    "year, data_dir, processed_dir, output_dir = "
    "resolve_parameters(year, data_dir, processed_dir, output_dir)"
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_resolves_its_parameters_before_using_them(path: Path) -> None:
    """A new chapter copied from an old one would otherwise read `data/raw` from `notebooks/`."""
    import ast
    import json

    cells = [
        c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"
    ]
    index = next(
        i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])
    )
    tree = ast.parse("".join(cells[index]["source"]))
    defaults = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and isinstance(node.value, ast.Constant)
    }
    assert defaults == dict.fromkeys(("year", "data_dir", "processed_dir", "output_dir"))
    assert any(
        isinstance(node, ast.ImportFrom)
        and node.module == "analysis.pipeline.notebook_params"
        and [a.name for a in node.names] == ["resolve_parameters"]
        for node in tree.body
    )
    first_line = "".join(cells[index + 1]["source"]).splitlines()[0]
    assert first_line == RESOLVE_LINE
