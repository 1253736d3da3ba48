"""The command-line surface: help, argument errors, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli
from analysis.errors import BuildError
from analysis.pipeline.build_config import available_years, resolve_engine

ROOT = Path(__file__).resolve().parents[1]


def test_python_dash_m_shows_every_command() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("build", "validate", "demo", "template"):
        assert command in out


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from analysis import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'great_expectations', 'papermill', 'altair') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="


def test_years_argument_parses_ranges() -> None:
    assert cli._years("2010-2012") == range(2010, 2013)
    assert cli._years("2020") == range(2020, 2021)


@pytest.mark.parametrize("bad", ["2012-2010", "twenty", "2010-x"])
def test_years_argument_rejects_nonsense(bad: str) -> None:
    import argparse

    with pytest.raises(argparse.ArgumentTypeError):
        cli._years(bad)


def test_unknown_year_text_fails_with_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", "--year", "last-year"]) == 1
    assert "--year must be a year" in capsys.readouterr().err


def test_missing_data_dir_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", "--data-dir", str(tmp_path / "nowhere")]) == 1
    assert "nowhere: --data-dir is not a folder" in capsys.readouterr().err
    (tmp_path / "raw" / "kt_metrics" / "2024").mkdir(parents=True)
    out = tmp_path / "report"
    assert cli.main(["build", "--data-dir", str(tmp_path / "raw"), "--out-dir", str(out)]) == 1
    assert "indicators.csv, row -, column -: [missing_file] bestand ontbreekt" in (
        capsys.readouterr().err
    )
    assert not (out / "2025").exists()


def test_engine_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert resolve_engine("auto") == "pandoc"
    assert resolve_engine("pandoc") == "pandoc"
    with pytest.raises(BuildError, match="not on PATH"):
        resolve_engine("quarto")
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/quarto")
    assert resolve_engine("auto") == "quarto"


def test_available_years_reads_year_folders(tmp_path: Path) -> None:
    for name in ("2019", "2021", "notes", "2020", "2022", "2023", "２０２４"):
        (tmp_path / "kt_metrics" / name).mkdir(parents=True)
        if name != "2022":
            (tmp_path / "kt_metrics" / name / "tud.csv").write_text("x")
    (tmp_path / "kt_metrics" / "2023" / "tud.csv").unlink()
    (tmp_path / "kt_metrics" / "2023" / "~$tud.xlsx").write_text("lock")  # ignored
    # Empty folders (2022) and folders holding only ignored files (2023) hold no year.
    assert available_years(tmp_path) == [2019, 2020, 2021]


@pytest.mark.parametrize("command", ["build", "preview"])
def test_the_renderer_option_and_its_older_name_select_the_same(command: str) -> None:
    from analysis.cli import _parser

    parser = _parser()
    assert parser.parse_args([command, "--renderer", "pandoc"]).renderer == "pandoc"
    assert parser.parse_args([command, "--engine", "quarto"]).renderer == "quarto"
    assert parser.parse_args([command]).renderer == "auto"
    with pytest.raises(SystemExit):
        parser.parse_args([command, "--renderer", "latex"])
