"""The yearly workflow's commands, run here as GitHub would run them on the tag `editie-<year>`.

The command sequence is read from `.github/workflows/yearly.yml` (job `edition`), so the
workflow and this test cannot drift: every `run:` step runs, in order, with the job's
environment (the folders pointed at temporary ones), `$GITHUB_ENV` carried from step to
step, except the few steps named in `NOT_HERE` with the reason. Before they run, the
earlier edition's release archive is put where the workflow downloads it: an edition of
the previous year whose record differs from the data in one value and lacks one
submission, so the release notes must name exactly that revision and that late
submission. One build, on a copy of the data folder.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from analysis.data import ingest, process
from analysis.data.sources import load_sources
from analysis.pipeline.release import edition_archive, institution_names
from analysis.publication import edition
from analysis.publication import formatting as fmt
from editions import published_with_submissions

from .conftest import ROOT, latest_year

pytestmark = pytest.mark.e2e

WORKFLOW = ROOT / ".github" / "workflows" / "yearly.yml"

#: Steps of the `edition` job this test does not run, and why.
NOT_HERE: dict[str, str] = {
    "System packages for the tests": "installs Debian packages with sudo (.ci/run does it here)",
    "Set up (the README's setup)": "this test runs in the environment that step makes",
    "Run the tests": "the test suite this test is part of",
    "Download the earlier editions": "asks GitHub's release API; the test puts the archive there",
}

#: GitHub's own actions in the job: they move files, they run no project command.
ACTIONS = (
    "actions/checkout@",
    "actions/setup-python@",
    "actions/upload-artifact@",
    "actions/upload-pages-artifact@",
)


def edition_job() -> dict[str, Any]:
    workflow = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    job: dict[str, Any] = workflow["jobs"]["edition"]
    return job


def previous_archive(data: Path, year: int, target: Path) -> tuple[str, int, float, float]:
    """The release archive of a `year` edition built from `data`, with one value changed since
    and one submission missing: (institution, year, the old value, the value now) of the
    revision; the missing submission is tue's of `year - 1`."""
    frame = ingest.load_submissions(data / "kt_metrics")
    long = process.to_long(frame, load_sources(data))
    long = edition.edition_long(long, year)
    revised = (long["institution_id"] == "vb_univ_a") & (long["year"] == year)
    revised &= long["indicator"] == "spinoffs"
    [now] = long.loc[revised, "value"].tolist()
    long.loc[revised, "value"] = now + 1
    late = (long["institution_id"] == "vb_univ_b") & (long["year"] == year - 1)
    assert late.any()
    long = long[~late].reset_index(drop=True)
    files = edition.submission_files(data, range(2000, year + 1))
    files = {k: v for k, v in files.items() if k != ("vb_univ_b", year - 1)}
    folder = target.parent / "previous" / str(year)
    for name, content in edition.record_files(edition.Edition(year, long, files, None)).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    (folder / "site").mkdir()
    (folder / "site" / "index.html").write_text(f"<p>editie {year}</p>\n", encoding="utf-8")
    manifest = {"year": year, "git_commit": "earlier", "engine": "pandoc"}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    target.mkdir(parents=True, exist_ok=True)
    archive = target / f"valorisatiemonitor-{year}-editie.zip"
    archive.write_bytes(edition_archive(folder, year))
    return "vb_univ_a", year, now + 1, now


@pytest.fixture(scope="module")
def yearly(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The `edition` job's run steps, on a copy of the data, as for the tag of the latest year."""
    base = tmp_path_factory.mktemp("yearly")
    year = latest_year()
    # A published edition once the KTOs submit: test institutions with test submissions.
    data = published_with_submissions(base / "raw")
    folders = {
        "DATA_DIR": data,
        "REPORT_DIR": base / "report",
        "PROCESSED_DIR": base / "processed",
        "EDITIONS_DIR": base / "editions",
        "RELEASE_DIR": base / "release",
        "SITE_DIR": base / "site",
    }
    revision = previous_archive(data, year - 1, folders["EDITIONS_DIR"])
    job = edition_job()
    env = dict(os.environ)
    for key, value in job["env"].items():
        env[key] = str(folders.get(key, value))
    env["EDITION_TAG"] = f"editie-{year}"  # what `github.ref_name` is on the tag
    env["EDITION_INPUT"] = ""  # no dispatch input on a tag
    unresolved = [k for k in job["env"] if "${{" in env[k]]
    assert not unresolved, f"give these a value as GitHub would: {unresolved}"
    github_env = base / "github_env"
    github_env.touch()
    env["GITHUB_ENV"] = str(github_env)

    ran: list[str] = []
    skipped: list[str] = []
    for step in job["steps"]:
        name = step.get("name", "")
        if "uses" in step:
            assert str(step["uses"]).startswith(ACTIONS), step["uses"]
            continue
        if name in NOT_HERE:
            skipped.append(name)
            continue
        step_env = {k: str(v) for k, v in (step.get("env") or {}).items()}
        assert not any("${{" in v for v in step_env.values()), name
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=ROOT,
            env={**env, **step_env},
            capture_output=True,
            text=True,
            timeout=1500,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"step {name!r} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        for line in github_env.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        ran.append(name)
    assert sorted(skipped) == sorted(NOT_HERE), "a step named in NOT_HERE is gone"
    return {"year": year, "env": env, "ran": ran, "revision": revision, **folders}


def test_the_workflow_commands_run_in_order(yearly: dict[str, Any]) -> None:
    assert yearly["ran"] == [
        "Which edition",
        "Restore the earlier editions",
        "Build the published edition",
        "Assemble the release",
        "Verify the checksums",
    ]
    assert yearly["env"]["EDITION_YEAR"] == str(yearly["year"])


def test_the_release_folder_verifies_and_its_notes_say_what_changed(
    yearly: dict[str, Any],
) -> None:
    year = yearly["year"]
    release = yearly["RELEASE_DIR"]
    # With more than 60 institutions (the real ones and the test ones) the fact sheets are
    # printed in volumes of their own, which the release carries beside the report.
    volumes = sorted(
        p.name
        for p in (yearly["REPORT_DIR"] / str(year)).glob(
            f"valorisatiemonitor-{year}-factsheets-*.pdf"
        )
    )
    expected = [
        "SHA256SUMS",
        "codebook.csv",
        "manifest.json",
        "release-notes.md",
        f"valorisatiemonitor-{year}-editie.zip",
        f"valorisatiemonitor-{year}-tabellen.zip",
        f"valorisatiemonitor-{year}.pdf",
        *volumes,
    ]
    assert sorted(p.name for p in release.iterdir()) == sorted(expected)
    done = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=release, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.count(": OK") == len(expected) - 1, done.stdout
    notes = (release / "release-notes.md").read_text(encoding="utf-8")
    names = institution_names(yearly["DATA_DIR"])
    inst, revised_year, old, new = yearly["revision"]
    assert "1 waarde herzien in 1 inzending (1 gewijzigd)." in notes
    assert (
        f"| {names[inst]} | {revised_year} | Spin-offs | {fmt.number(old)} | {fmt.number(new)} |"
        in notes
    )
    assert f"- Nagekomen: {names['vb_univ_b']} ({revised_year - 1})" in notes
    assert "1 nagekomen inzending" in notes


def test_the_site_holds_both_editions_and_the_comparison(yearly: dict[str, Any]) -> None:
    year, site = yearly["year"], yearly["SITE_DIR"]
    assert (site / "index.html").is_file() and (site / "years.js").is_file()
    assert (site / str(year - 1) / "site" / "index.html").is_file()
    page = (site / str(year) / "site" / "wat-is-er-veranderd.html").read_text(encoding="utf-8")
    assert f"vorige gepubliceerde editie ({year - 1})" in page
    years = (site / "years.js").read_text(encoding="utf-8")
    assert f'"{year - 1}":' in years and f'"{year}":' in years
    assert not any(p.name.startswith(".") for p in site.rglob("*"))
