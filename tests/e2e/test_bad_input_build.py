"""A build fed a broken submission stops before publishing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.data.content_hash import hash_tree

from .conftest import ROOT, Built, run_build

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("-3", "count_non_negative"),
        ("drie", "column_type"),
        ("1000000000000000", "count_range"),
        ("1e999", "not_finite"),
        ("１２", "non_ascii_digits"),
    ],
    ids=["negative-count", "text-in-number", "count-beyond-bound", "overflow", "full-width"],
)
def test_bad_submission_leaves_report_and_processed_untouched(
    built: Built, tmp_path: Path, value: str, rule: str
) -> None:
    out_dir, processed = tmp_path / "report", tmp_path / "processed"
    shutil.copytree(built.out_dir, out_dir)
    shutil.copytree(built.processed_dir, processed)
    data = tmp_path / "demo"
    shutil.copytree(ROOT / "data" / "demo", data)
    target = data / "kt_metrics" / str(built.year) / "vb_univ_a.csv"
    lines = target.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(
        i
        for i, line in enumerate(lines)
        if line.split(",")[header.index("indicator")] == "spinoffs"
    )
    cells = lines[row].split(",")
    cells[header.index("value")] = value
    lines[row] = ",".join(cells)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before_report, before_processed = hash_tree(out_dir / str(built.year)), hash_tree(processed)

    result = run_build(out_dir, processed, "--demonstratie", "--demo-data", str(data))

    assert result.returncode != 0
    message = result.stderr
    assert f"kt_metrics/{built.year}/vb_univ_a.csv" in message
    assert f"row {row + 1}" in message
    assert "column value" in message
    assert rule in message, message
    assert hash_tree(out_dir / str(built.year)) == before_report
    assert hash_tree(processed) == before_processed
    assert not [p for p in out_dir.iterdir() if p.name.startswith((".staging", ".old"))]
