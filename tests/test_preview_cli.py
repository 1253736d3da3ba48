"""`valorisatiemonitor preview` and `build --site-only` on the command line (`analysis.cli`)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import cli
from analysis.authoring import preview
from analysis.authoring.preview_state import PreviewOptions


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    for year in (2023, 2024):
        folder = root / "data" / "raw" / "kt_metrics" / str(year)
        folder.mkdir(parents=True)
        (folder / "uva.csv").write_text("institution_id\n")
    (root / "data" / "raw" / "kt_metrics" / "2025").mkdir()  # no submissions yet
    monkeypatch.setenv("VALORISATIEMONITOR_ROOT", str(root))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return root


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[PreviewOptions]:
    """The options `run_preview` would have been started with (nothing is served)."""
    seen: list[PreviewOptions] = []

    def fake(options: PreviewOptions) -> int:
        seen.append(options)
        return 0

    monkeypatch.setattr(preview, "run_preview", fake)
    return seen


def test_preview_defaults_build_the_latest_year_site_only_outside_report(
    project: Path, started: list[PreviewOptions]
) -> None:
    assert cli.main(["preview", "--renderer", "pandoc"]) == 0
    (options,) = started
    assert options.year == 2024  # the latest year holding a submission
    assert options.out_dir == project / ".build" / "preview"
    assert options.processed_dir == project / ".build" / "preview-processed"
    assert options.data_dir == project / "data" / "raw"
    assert options.pdf is False
    assert (options.host, options.port) == ("127.0.0.1", 8765)
    assert options.open_browser is False  # no display here


def test_publish_builds_into_report_with_the_pdf(
    project: Path, started: list[PreviewOptions]
) -> None:
    assert cli.main(["preview", "--publish", "--year", "2023", "--port", "9000"]) == 0
    (options,) = started
    assert options.year == 2023 and options.port == 9000
    assert options.out_dir == project / "report"
    assert options.processed_dir == project / "data" / "processed"
    assert options.pdf is True


def test_report_as_out_dir_always_gets_the_pdf(
    project: Path, started: list[PreviewOptions]
) -> None:
    """`report/` holds whole reports only, however it is named."""
    assert cli.main(["preview", "--out-dir", str(project / "report")]) == 0
    assert started[0].pdf is True
    assert cli.main(["preview", "--out-dir", str(project / "elders"), "--pdf"]) == 0
    assert started[1].pdf is True
    assert cli.main(["preview", "--out-dir", str(project / "elders")]) == 0
    assert started[2].pdf is False


def test_a_port_in_use_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["preview", "--port", str(port), "--no-browser"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    # one line for the fault (the lines before it are the year's notes), no traceback
    assert err[-1] == (
        f"Build mislukt / build failed: port {port} on 127.0.0.1 is in use; "
        "choose another with --port"
    )
    assert all(line.startswith("note ") for line in err[:-1])


def test_preview_refuses_a_missing_data_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["preview", "--data-dir", str(project / "nergens")]) == 1
    assert "--data-dir is not a folder" in capsys.readouterr().err


def test_build_site_only_flag() -> None:
    args = cli._parser().parse_args(["build", "--site-only"])
    assert args.site_only is True
    assert cli._parser().parse_args(["build"]).site_only is False


def test_preview_help_does_not_import_the_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from analysis import cli\n"
        "try:\n    cli.main(['preview', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'great_expectations', 'papermill', 'altair') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "127.0.0.1" in out.stdout or "localhost" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"
