"""The GitHub workflows: they pass the linters, pin every action, and ask for least privilege.

`make check` runs the same linters (`make workflows`); this test also says which rule a
workflow must keep, so a change that loosens one fails here with its reason.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
BIN = ROOT / ".venv" / "bin"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def load(name: str) -> dict[str, Any]:
    """A workflow as YAML reads it (`on` stays a string key: PyYAML would make it True)."""
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)  # strings only: no tags, no objects
    assert isinstance(data, dict)
    return data


def uses_lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in (WORKFLOWS / name).read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("uses:", "- uses:"))
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["check-jsonschema", "--builtin-schema", "vendor.github-workflows"],
        ["zizmor", "--offline"],
    ],
    ids=["schema", "zizmor"],
)
def test_the_workflows_pass_the_linters_offline(command: list[str]) -> None:
    tool = BIN / command[0]
    if not tool.is_file():
        pytest.skip(f"{command[0]} not installed (a development dependency: make setup)")
    files = [str(p) for p in sorted(WORKFLOWS.glob("*.yml"))]
    assert [Path(f).name for f in files] == ["intake.yml", "yearly.yml"]
    args = [str(tool), *command[1:], *(files if command[0] != "zizmor" else [str(WORKFLOWS)])]
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["intake.yml", "yearly.yml"])
def test_every_action_is_pinned_by_commit_with_its_version(name: str) -> None:
    lines = uses_lines(name)
    assert lines
    for line in lines:
        ref, _, comment = line.split("uses:", 1)[1].partition("#")
        assert PINNED.match(ref.strip()), line
        assert re.fullmatch(r"\s*v\d+(?:\.\d+)*\s*", comment), line


@pytest.mark.parametrize("name", ["intake.yml", "yearly.yml"])
def test_no_permission_by_default_and_each_job_names_its_own(name: str) -> None:
    workflow = load(name)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict) and permissions, job_name
        assert "write-all" not in permissions.values()
        writes = {k for k, v in permissions.items() if v == "write"}
        assert writes <= {"contents", "pages", "id-token"}, (job_name, writes)
    for step in (s for job in workflow["jobs"].values() for s in job["steps"]):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] == "false"


def test_intake_validates_only_the_changed_submissions_on_pull_requests() -> None:
    workflow = load("intake.yml")
    assert workflow["on"] == {"pull_request": {"paths": ["data/raw/**"]}}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = " ".join(s["run"] for s in job["steps"] if "run" in s)
    assert "make setup" in runs
    assert "valorisatiemonitor validate --format github --files-from" in " ".join(runs.split())


def test_yearly_runs_on_a_tag_by_hand_and_once_a_year() -> None:
    workflow = load("yearly.yml")
    on = workflow["on"]
    assert on["push"] == {"tags": ["editie-*"]}
    assert "workflow_dispatch" in on
    [schedule] = on["schedule"]
    # Once a year: a fixed minute, hour, day and month, any weekday.
    fields = schedule["cron"].split()
    assert all(f.isdigit() for f in fields[:4]) and fields[4] == "*", schedule
    jobs = workflow["jobs"]
    assert jobs["edition"]["permissions"] == {"contents": "read"}
    assert jobs["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["github-release"]["permissions"] == {"contents": "write"}
    runs = [s["run"] for s in jobs["edition"]["steps"] if "run" in s]
    assert "make test" in runs and "make setup" in runs
