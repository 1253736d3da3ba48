"""`valorisatiemonitor release`: the same bytes twice, checksums that verify, notes that say
what changed, and a refusal for a year whose build failed, is missing or has errors.

The report root is written here as the build leaves it (the year folders with their
manifest, PDF, archive, codebook and edition record; the cache's `build.log` and
validation results), with the two small editions of `test_edition_changes`, so every
line of the release notes is known by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.data.validation.report import ValidationReport, single_finding
from analysis.errors import BuildError, Finding
from analysis.pipeline import release
from analysis.publication import edition, edition_files
from test_build import make_config, make_fake_project, statuses
from test_edition_changes import NEW, OLD

# The 2024 edition printed the models under their former names ('push-model'); 2025 under
# today's: Beta's model is the same, Alfa's changed.
MODELS = {2024: {"Alfa": "push-model", "Beta": "serve-model"}}
MODELS[2025] = {"Alfa": "uitwisselingsmodel", "Beta": "dienstverleningsmodel"}


def write_edition(root: Path, year: int, long: pd.DataFrame, *, validation: str = "ok") -> None:
    """One published edition of `year` in `root`, and the record of its build in the cache."""
    year_dir = root / str(year)
    (year_dir / "site").mkdir(parents=True)
    (year_dir / "site" / "index.html").write_text(f"<p>{year}</p>\n", encoding="utf-8")
    (year_dir / "data").mkdir()
    (year_dir / f"valorisatiemonitor-{year}.pdf").write_bytes(b"%PDF-1.7 " + str(year).encode())
    (year_dir / f"valorisatiemonitor-{year}-tabellen.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (year_dir / "data" / "codebook.csv").write_text("tabel,kolom\nx,y\n", encoding="utf-8")
    models = pd.DataFrame({"Instelling": list(MODELS[year]), "Model": list(MODELS[year].values())})
    models.to_csv(year_dir / edition_files.MODELS_FILE, index=False)
    files = {
        (str(i), int(y)): f"kt_metrics/{y}/{i}.csv"
        for i, y in zip(long["institution_id"], long["year"], strict=True)
    }
    record = edition.record_files(edition.Edition(year, long, files, None))
    for name, data in record.items():
        (year_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (year_dir / name).write_bytes(data)
    manifest = {"year": year, "git_commit": "0123abc", "engine": "pandoc", "inputs": {}}
    (year_dir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    cache = root / ".cache" / str(year)
    (cache / "processed").mkdir(parents=True)
    (cache / "build.log").write_text("ran\tvalidate\t1.000\ntotal\t-\t9.000\n", encoding="utf-8")
    # A passed rule of severity error is no error; a warning never blocks a release.
    report = ValidationReport(
        findings=[
            Finding("kt_metrics/2025/aa.csv", 2, "value", "year_on_year_jump", "x", "warning")
        ]
    )
    if validation == "error":
        report = report.extend(
            single_finding("ingest", "kt_metrics/2025/bb.csv", "empty_file", "leeg")
        )
    checks = single_finding("ingest", "x.csv", "required_column", "in orde").checks
    checks["outcome"] = "passed"
    report = ValidationReport(report.findings, checks, report.origins)
    report.to_frame().to_parquet(cache / release.VALIDATION_RESULTS)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A report root with the editions 2024 and 2025, as two successful builds left it."""
    report = tmp_path / "report"
    write_edition(report, 2024, OLD[OLD["year"] <= 2024])
    write_edition(report, 2025, NEW)
    (report / "index.html").write_text("<ul></ul>\n", encoding="utf-8")
    (report / "years.js").write_text("window.VM_YEARS = {};\n", encoding="utf-8")
    (report / ".build.lock").write_text("1\n", encoding="utf-8")
    return report


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "institutions.csv").write_text(
        "institution_id,short_name\naa,Alfa\nbb,Beta\ncc,Gamma\n", encoding="utf-8"
    )
    return folder


def run(root: Path, data_dir: Path, out: Path, *extra: str) -> int:
    args = ["release", "--year", "2025", "--out", str(out), "--report-dir", str(root)]
    return main([*args, "--data-dir", str(data_dir), *extra])


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_releasing_twice_gives_the_same_bytes_and_the_checksums_verify(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(root, data_dir, first) == 0
    assert run(root, data_dir, second) == 0
    assert tree(first) == tree(second)
    assert sorted(tree(first)) == [
        "SHA256SUMS",
        "codebook.csv",
        "manifest.json",
        "release-notes.md",
        "valorisatiemonitor-2025-editie.zip",
        "valorisatiemonitor-2025-tabellen.zip",
        "valorisatiemonitor-2025.pdf",
    ]
    assert (first / "valorisatiemonitor-2025.pdf").read_bytes() == b"%PDF-1.7 2025"
    sums = (first / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in sums] == sorted(tree(first))[1:]
    if shutil.which("sha256sum"):
        done = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"], cwd=first, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.count(": OK") == 6
    # Again into the same folder: allowed (it holds only a release), same bytes.
    before = tree(first)
    assert run(root, data_dir, first) == 0
    assert tree(first) == before
    capsys.readouterr()


def test_the_release_notes_say_what_changed(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(root, data_dir, tmp_path / "rel") == 0
    notes = (tmp_path / "rel" / "release-notes.md").read_text(encoding="utf-8")
    assert notes.startswith("# Valorisatiemonitor 2025\n")
    assert "commit `0123abc`" in notes
    # Spin-offs 2024: 8 as published in 2024 (aa 5 + bb 3), 16 as known now (+ cc's late
    # 8), 8 in 2025 (aa 7 + bb 1).
    assert "| Spin-offs | 8 | 16 | 8 |" in notes
    assert (
        "Nieuw: 2 inzendingen over 2025; 1 nagekomen inzending; 1 inzending die de editie "
        "2024 had en deze niet." in notes
    )
    assert "- Nagekomen: Gamma (2024)" in notes
    assert "- Ontbreekt nu: Gamma (2023)" in notes
    # aa 2023 spin-offs 4 -> 6, aa 2024 licence income added, bb 2024 fte removed.
    assert "3 waarden herzien in 3 inzendingen (1 gewijzigd, 1 toegevoegd, 1 verwijderd)." in notes
    assert "| Alfa | 2023 | Spin-offs | 4 | 6 |" in notes
    assert "| Alfa | 2024 | Licentie-inkomsten | – | € 250.000 |" in notes
    assert "| Alfa | aanbodmodel | uitwisselingsmodel |" in notes
    assert "| Beta | dienstverleningsmodel" not in notes  # renamed, not changed
    assert "| Beta | 2024 | KTO-personeel | 1,5 | – |" in notes
    assert "Beta | serve" not in notes  # an unchanged model is not listed
    capsys.readouterr()


def test_the_first_edition_has_nothing_to_compare(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "only"
    write_edition(report, 2025, NEW)
    assert run(report, data_dir, tmp_path / "rel") == 0
    notes = (tmp_path / "rel" / "release-notes.md").read_text(encoding="utf-8")
    assert "er valt niets te vergelijken" in notes
    capsys.readouterr()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("missing", "no published edition of 2025"),
        ("failed", "the last build of 2025 failed (failed: notebook:02_x)"),
        ("no_log", "no record of the last build of 2025"),
        ("errors", "the validation of 2025 has 1 error(s)"),
        ("no_pdf", "valorisatiemonitor-2025.pdf: missing from the published edition 2025"),
    ],
)
def test_a_year_whose_build_failed_is_missing_or_has_errors_is_refused(
    tmp_path: Path,
    data_dir: Path,
    damage: str,
    expected: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "report"
    write_edition(report, 2024, OLD[OLD["year"] <= 2024])
    if damage != "missing":
        write_edition(report, 2025, NEW, validation="error" if damage == "errors" else "ok")
    log = report / ".cache" / "2025" / "build.log"
    if damage == "failed":
        log.write_text(
            "ran\tvalidate\t1.0\nfailed\tnotebook:02_x\t2.0\nfailed\t-\t3.0\n", encoding="utf-8"
        )
    if damage == "no_log":
        log.unlink()
    if damage == "no_pdf":
        (report / "2025" / "valorisatiemonitor-2025.pdf").unlink()
    out = tmp_path / "rel"
    out.mkdir()
    before = tree(report)
    assert run(report, data_dir, out) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and expected in err[0], err
    assert list(out.iterdir()) == []
    assert tree(report) == before


def test_a_failed_build_records_it_and_release_refuses_the_older_report(tmp_path: Path) -> None:
    """The build's own log: after a failed build the published report is the previous one."""
    project = make_fake_project(tmp_path)
    config = make_config(project)
    statuses(config)
    assert (config.cache.root / "build.log").read_text().splitlines()[-1].startswith("total\t")
    (project / "notebooks" / "02_b.ipynb").write_text('{"b": 2}')
    with pytest.raises(BuildError):
        statuses(config, fail_in="notebooks/02_b.ipynb")
    assert (config.out_dir / "2024" / "manifest.json").is_file()  # the older report stays
    lines = (config.cache.root / "build.log").read_text().splitlines()
    assert lines[-1].startswith("failed\t-\t")
    assert "failed\tnotebook:02_b\t" in "\n".join(lines)
    with pytest.raises(BuildError, match="the last build of 2024 failed"):
        release.plan_release(config.out_dir, 2024)


def test_an_out_folder_with_other_files_is_refused_and_left_alone(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rel"
    out.mkdir()
    (out / "mine.txt").write_text("keep\n", encoding="utf-8")
    assert run(root, data_dir, out) == 1
    assert "holds something the release did not write" in capsys.readouterr().err
    assert tree(out) == {"mine.txt": b"keep\n"}


def test_dry_run_lists_every_file_and_writes_nothing(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, site = tmp_path / "rel", tmp_path / "site"
    assert run(root, data_dir, out, "--dry-run", "--site-out", str(site)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"release 2025: {root} -> {out}"
    names = [line.split()[0] for line in lines[1:-1]]
    assert names == [
        "valorisatiemonitor-2025.pdf",
        "valorisatiemonitor-2025-tabellen.zip",
        "codebook.csv",
        "manifest.json",
        "valorisatiemonitor-2025-editie.zip",
        "release-notes.md",
        "SHA256SUMS",
    ]
    assert f"<- {root / '2025' / 'valorisatiemonitor-2025.pdf'} (13 bytes)" in lines[1]
    assert lines[-1].startswith(f"site: {root} -> {site} (")
    assert "index.html, years.js, 2024, 2025)" in lines[-1]
    assert not out.exists() and not site.exists()


def test_the_site_folder_holds_every_published_year_and_nothing_hidden(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert run(root, data_dir, tmp_path / "rel", "--site-out", str(site)) == 0
    copied = tree(site)
    assert "index.html" in copied and "years.js" in copied
    assert "2024/site/index.html" in copied and "2025/valorisatiemonitor-2025.pdf" in copied
    assert not any(name.startswith(".") or "/." in name for name in copied)
    assert {k: v for k, v in tree(root).items() if k in copied} == copied
    capsys.readouterr()


def test_the_edition_archive_restores_the_year_beside_a_new_one(
    root: Path, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh report root (the workflow's) gets the earlier edition back, byte for byte,
    with the root index and the year switcher; a year already there is kept."""
    assert run(root, data_dir, tmp_path / "rel") == 0
    archive = tmp_path / "rel" / "valorisatiemonitor-2025-editie.zip"
    with zipfile.ZipFile(archive) as handle:
        names = handle.namelist()
    assert names == sorted(names) and all(n.startswith("2025/") for n in names)
    assert "2025/editie/editie.json" in names and "2025/site/index.html" in names
    fresh = tmp_path / "fresh"
    (fresh / "2026" / "site").mkdir(parents=True)
    (fresh / "2026" / "site" / "index.html").write_text("<p>2026</p>\n", encoding="utf-8")
    assert main(["restore", str(tmp_path / "rel"), "--report-dir", str(fresh)]) == 0
    restored = tree(fresh / "2025")
    assert restored == {k: v for k, v in tree(root / "2025").items() if not k.startswith(".")}
    assert 'href="2025/site/index.html"' in (fresh / "index.html").read_text(encoding="utf-8")
    assert '"2025":["index.html"]' in (fresh / "years.js").read_text(encoding="utf-8")
    assert '"2026":["index.html"]' in (fresh / "years.js").read_text(encoding="utf-8")
    (fresh / "2025" / "site" / "index.html").write_text("mine\n", encoding="utf-8")
    assert main(["restore", str(archive), "--report-dir", str(fresh)]) == 0
    assert (fresh / "2025" / "site" / "index.html").read_text(encoding="utf-8") == "mine\n"
    assert "already in" in capsys.readouterr().out


@pytest.mark.parametrize(
    "member", ["../evil.txt", "/etc/evil", "2025/../../evil", "site/index.html", "20x5/a"]
)
def test_restore_refuses_an_archive_that_writes_outside_its_year(
    tmp_path: Path, member: str, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "valorisatiemonitor-2025-editie.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("2025/site/index.html", "<p></p>")
        handle.writestr(member, "x")
    fresh = tmp_path / "fresh"
    assert main(["restore", str(archive), "--report-dir", str(fresh)]) == 1
    assert "is not a file of an edition folder" in capsys.readouterr().err
    assert not (tmp_path / "evil.txt").exists()
    assert [p.name for p in fresh.iterdir()] in ([], [".build.lock"])
