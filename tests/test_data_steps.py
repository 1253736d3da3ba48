"""The build's data steps: one read of the submissions shared by validate and process.

The steps run in a worker process during a build; here they run in-process so the
read count can be observed. The build-level behaviour (bad input stops the build,
nothing published) is covered in tests/e2e/test_bad_input_build.py.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import ingest, process
from analysis.errors import InputError
from analysis.pipeline import data_steps
from analysis.pipeline.worker import serve
from editions import demo_data_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The demonstration edition's reference tables with two years of its submissions."""
    demo = demo_data_dir()
    data = tmp_path / "raw"
    shutil.copytree(demo, data, ignore=shutil.ignore_patterns("kt_metrics"))
    for year in ("2024", "2025"):
        shutil.copytree(demo / "kt_metrics" / year, data / "kt_metrics" / year)
    return data


@pytest.fixture(autouse=True)
def _fresh_memory() -> None:
    data_steps._ingested_by_folder.clear()


def _counting(monkeypatch: pytest.MonkeyPatch, *, background: bool = False) -> list[Path]:
    """Count reads of the submissions in this process (a child's reads are not seen)."""
    monkeypatch.setattr(data_steps, "BACKGROUND_READ_MIN_FILES", 0 if background else 10**9)
    calls: list[Path] = []
    real = ingest.load_submissions

    def counted(folder: Path) -> pd.DataFrame:
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(ingest, "load_submissions", counted)
    return calls


def test_process_then_validate_reads_the_submissions_once(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    out = tmp_path / "processed"
    written = data_steps.process(data_dir, out, 2026, "key-1")
    written += data_steps.validate(data_dir, out, 2026, "key-1")
    assert len(calls) == 1
    assert sorted(p.name for p in written) == sorted(data_steps.PROCESSED_FILES)
    # The same tables as reading the folder afresh.
    fresh = process.to_wide(
        process.to_long(
            ingest.load_submissions(data_dir / "kt_metrics"),
            pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False),
        )
    )
    pd.testing.assert_frame_equal(process.load_wide(out), fresh)


def test_a_changed_data_folder_is_read_again(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting(monkeypatch)
    out = tmp_path / "processed"
    data_steps.process(data_dir, out, 2026, "key-1")
    data_steps.process(data_dir, out, 2026, "key-2")
    assert len(calls) == 2
    # the old frame is dropped, not kept beside the new
    assert len(data_steps._ingested_by_folder) == 1


def test_the_background_read_gives_the_same_tables_without_reading_here(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the read in a child process, this process never reads the submissions,
    and the processed tables equal an in-process read's, byte for byte."""
    calls = _counting(monkeypatch, background=True)
    background = tmp_path / "background"
    data_steps.validate(data_dir, background, 2026, "key-1")
    written = data_steps.process(data_dir, background, 2026, "key-1")
    assert calls == []  # read in the child only
    monkeypatch.setattr(data_steps, "BACKGROUND_READ_MIN_FILES", 10**9)
    data_steps._ingested_by_folder.clear()
    here = tmp_path / "here"
    data_steps.validate(data_dir, here, 2026, "key-1")
    data_steps.process(data_dir, here, 2026, "key-1")
    assert len(calls) == 1
    for path in written:
        assert path.read_bytes() == (here / path.name).read_bytes(), path.name


@pytest.mark.parametrize("background", [True, False])
def test_an_unreadable_submission_is_reported_by_validation(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, background: bool
) -> None:
    monkeypatch.setattr(data_steps, "BACKGROUND_READ_MIN_FILES", 0 if background else 10**9)
    (data_dir / "kt_metrics" / "2025" / "vb_univ_a.csv").write_text("", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        data_steps.validate(data_dir, tmp_path / "processed", 2026, "key-1")
    assert (caught.value.finding.file, caught.value.finding.rule) == (
        "kt_metrics/2025/vb_univ_a.csv",
        "empty_file",
    )
    assert not (tmp_path / "processed" / "validation_results.parquet").exists()


def test_data_that_cannot_be_processed_are_explained_by_the_validation(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build processes before it validates; when processing fails, the error that
    stops the build is the validation's finding, and a processing failure on valid data
    is raised as it is."""

    def broken(*args: object, **kwargs: object) -> pd.DataFrame:
        raise KeyError("indicator")

    monkeypatch.setattr(process, "to_long", broken)
    out = tmp_path / "processed"
    with pytest.raises(KeyError, match="indicator"):  # the data are valid
        data_steps.process(data_dir, out, 2026, "key-1")
    submission = data_dir / "kt_metrics" / "2025" / "vb_univ_a.csv"
    lines = submission.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("year")] = "2031"  # a year after the current one
    submission.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    with pytest.raises(InputError) as caught:
        data_steps.process(data_dir, out, 2026, "key-2")
    finding = caught.value.finding
    assert (finding.file, finding.row, finding.column) == (
        "kt_metrics/2025/vb_univ_a.csv",
        2,
        "year",
    )


def test_the_worker_process_runs_steps_and_reports_bad_input(
    data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "processed"
    with data_steps.DataWorker() as worker:  # in the build's order
        written = worker.run(
            "process", data_dir=data_dir, processed_dir=out, current_year=2026, data_key="k1"
        )
        written += worker.run(
            "validate", data_dir=data_dir, processed_dir=out, current_year=2026, data_key="k1"
        )
        assert sorted(p.name for p in written) == sorted(data_steps.PROCESSED_FILES)
        assert all(p.is_file() for p in written)

        (data_dir / "kt_metrics" / "2025" / "vb_univ_a.csv").write_text("", encoding="utf-8")
        with pytest.raises(InputError) as caught:
            worker.run(
                "validate", data_dir=data_dir, processed_dir=out, current_year=2026, data_key="k2"
            )
    finding = caught.value.finding
    assert (finding.file, finding.row, finding.rule) == (
        "kt_metrics/2025/vb_univ_a.csv",
        None,
        "empty_file",
    )


def test_only_a_large_folder_is_read_in_the_background(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = data_steps._submission_files(data_dir)
    assert files == len(list((data_dir / "kt_metrics").glob("*/*")))
    for threshold, reads_here in ((files + 1, 1), (files, 0)):
        data_steps._ingested_by_folder.clear()
        calls = _counting(monkeypatch, background=True)
        monkeypatch.setattr(data_steps, "BACKGROUND_READ_MIN_FILES", threshold)
        data_steps.validate(data_dir, tmp_path / "processed", 2026, "key-1")
        assert len(calls) == reads_here, threshold
        monkeypatch.undo()


def test_the_worker_answers_every_request_with_one_line() -> None:
    requests = io.StringIO(json.dumps({"step": "compile", "args": {}}) + "\n\n")
    replies = io.StringIO()
    serve(data_steps._handle, requests, replies)
    assert [json.loads(line) for line in replies.getvalue().splitlines()] == [
        {"error": "unknown step 'compile'"}
    ]
