"""The two editions' data and wording (issue 21), on small hand-made folders and texts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import editions
from analysis.data.validation import validate_data_dir
from analysis.publication import formatting as fmt
from analysis.publication.chapters.models.profile import push_test
from editions import DEMO_OVERLAY, RAW, ROOT


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_assemble_lays_the_overlay_over_the_base_and_leaves_out_what_is_declared(
    tmp_path: Path,
) -> None:
    base, overlay = tmp_path / "base", tmp_path / "overlay"
    for folder, files in (
        (
            base,
            {
                "a.csv": "base a",
                "kt_metrics/2024/x.csv": "real",
                "accounts/f.csv": "f",
                "keep/k.csv": "k",
                ".hidden.csv": "h",
            },
        ),
        (overlay, {"a.csv": "overlay a", "kt_metrics/2025/y.csv": "demo"}),
    ):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    spec = editions.Edition("demonstratie", overlay=overlay, leave_out=("kt_metrics", "accounts"))
    target = tmp_path / "out"
    (target / "stale.csv").parent.mkdir(parents=True)
    (target / "stale.csv").write_text("from an earlier build")
    assert editions.assemble(spec, base, target) == target
    assert _tree(target) == {
        "a.csv": b"overlay a",
        "keep/k.csv": b"k",
        "kt_metrics/2025/y.csv": b"demo",
    }
    again = tmp_path / "again"
    editions.assemble(spec, base, again)
    assert _tree(again) == _tree(target)  # same inputs, same folder
    # The published edition reads its data folder as it is.
    assert editions.assemble(editions.PUBLISHED_EDITION, base, tmp_path / "x") == base


def test_the_declared_editions_and_year() -> None:
    demo = editions.edition(ROOT, editions.DEMONSTRATION)
    assert demo.overlay == DEMO_OVERLAY.resolve() and demo.demonstration
    assert "kt_metrics" in demo.leave_out and "benchmark/leiden_ranking.csv" in demo.leave_out
    assert demo.out_dir == (ROOT / "report" / "demonstratie").resolve()
    assert editions.edition(ROOT, editions.PUBLISHED).overlay is None
    assert editions.default_year(ROOT) == 2025


def _submission(folder: Path, institution: str, source: str) -> None:
    path = folder / "kt_metrics" / "2024" / f"{institution}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "institution_id,year,indicator,value,unit,source_id,note\n"
        f"{institution},2024,spinoffs,3,count,{source},\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("population", "institution", "source", "refused"),
    [
        ("real", "tud", "demonstration", True),
        ("real", "tud", "tud_jaarverslag_2023", False),
        ("fictitious", "vb_univ_a", "demonstration", False),
        ("fictitious", "vb_univ_a", "kto_nl_plan_2021", True),
    ],
)
def test_real_and_demonstration_submissions_never_mix(
    tmp_path: Path, population: str, institution: str, source: str, refused: bool
) -> None:
    data = tmp_path / "raw"
    shutil.copytree(RAW, data, ignore=shutil.ignore_patterns("kt_metrics"))
    if population == "fictitious":
        for name in ("institutions.csv", "consortia.csv", "consortium_members.csv"):
            shutil.copy(DEMO_OVERLAY / name, data / name)
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    if source not in set(sources["source_id"]):
        row = dict.fromkeys(sources.columns, "")
        row.update(
            source_id=source,
            title="Jaarverslag 2023",
            publisher="TU Delft",
            status="read",
            licence="onbekend",
        )
        pd.concat([sources, pd.DataFrame([row])]).to_csv(data / "sources.csv", index=False)
    _submission(data, institution, source)
    report = validate_data_dir(data, current_year=2026)
    rules = {f.rule for f in report.errors}
    assert ("edition_source" in rules) == refused, report.errors[:3]
    if refused:
        finding = next(f for f in report.errors if f.rule == "edition_source")
        assert (finding.file, finding.row, finding.column) == (
            f"kt_metrics/2024/{institution}.csv",
            2,
            "source_id",
        )


def test_push_test_known_answers() -> None:
    """Exact one-sided permutation p-values worked out by hand."""
    shares = pd.Series([5.0, 4.0, 3.0, 2.0, 1.0])
    top = push_test(shares, pd.Series([True, True, False, False, False]))
    # mean 4.5; of the C(5, 2) = 10 pairs only {5, 4} reaches it
    assert (top.at_least, top.ways, top.p_value) == (1, 10, 0.1)
    middle = push_test(shares, pd.Series([False, True, False, True, False]))
    # mean 3; pairs with mean >= 3: {5,4} {5,3} {5,2} {5,1} {4,3} {4,2} = 6
    assert (middle.at_least, middle.ways) == (6, 10)
    assert middle.observed_mean == 3.0 and middle.rest_mean == 3.0
    thirteen = pd.Series(range(13, 0, -1), dtype="float64")
    assert push_test(thirteen, pd.Series([True] * 4 + [False] * 9)).p_value == 1 / 715
    with pytest.raises(ValueError):
        push_test(shares, pd.Series([False] * 5))


def test_findings_of_the_proefeditie_say_so() -> None:
    assert fmt.in_trial("Het aantal spin-offs steeg.", True) == (
        "In deze proefeditie: het aantal spin-offs steeg."
    )
    assert fmt.in_trial("KTO-personeel groeide.", True).startswith("In deze proefeditie: KTO-")
    assert fmt.in_trial("Het aantal spin-offs steeg.", False) == "Het aantal spin-offs steeg."
    once = fmt.in_trial("Het aantal steeg.", True)
    assert fmt.in_trial(once, True) == once
