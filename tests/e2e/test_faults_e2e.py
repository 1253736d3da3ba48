"""The real build under faults: Ctrl-C, SIGTERM and a disk that refuses to grow.

Each run starts from a copy of a published report and its processed tables, rebuilds
with `--force` (so the notebooks really run) and is stopped or starved half-way. The
build must exit non-zero with exactly one line on standard error, leave no process
behind, and leave the report and the processed tables byte-identical.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from .conftest import ROOT, Built

pytestmark = pytest.mark.e2e


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _marked(marker: str) -> list[int]:
    """Processes whose environment carries `marker` (the build and everything it started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if marker.encode() in handle.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def _copy(built: Built, tmp_path: Path) -> tuple[Path, Path]:
    out, processed = tmp_path / "report", tmp_path / "processed"
    shutil.copytree(built.out_dir, out)
    shutil.copytree(built.processed_dir, processed)
    return out, processed


def _start(out: Path, processed: Path, marker: str, **popen: object) -> subprocess.Popen[str]:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", VM_FAULT_TEST=marker)
    command = [
        sys.executable,
        "-m",
        "analysis",
        "build",
        "--out-dir",
        str(out),
        "--processed-dir",
        str(processed),
        "--renderer",
        "pandoc",
        "--force",
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,  # type: ignore[call-overload]
    )


def _gone(marker: str, timeout: float = 15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _marked(marker)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_during_the_notebooks_stops_every_process(
    built: Built, tmp_path: Path, sig: signal.Signals
) -> None:
    out, processed = _copy(built, tmp_path)
    report, tables = _files(out / str(built.year)), _files(processed)
    marker = uuid.uuid4().hex
    # A session of its own, so the test can signal it the way a terminal does.
    proc = _start(out, processed, marker, start_new_session=True)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("uitgevoerd  process"):
                break
        time.sleep(2.0)  # notebooks are running: runner processes and their kernels
        assert len(_marked(marker)) >= 3, "the notebooks should be running by now"
        if sig == signal.SIGINT:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C goes to the terminal's process group
        else:
            os.kill(proc.pid, signal.SIGTERM)
        _rest, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + sig, err
    assert err.strip().splitlines() == [
        f"Afgebroken / interrupted: {sig.name}; every child process of the build is stopped"
    ]
    assert _gone(marker) == []
    assert _files(out / str(built.year)) == report
    assert _files(processed) == tables
    assert not [p for p in out.iterdir() if p.name.startswith((".staging", ".old"))]


def _limit_file_size() -> None:
    """In the child: files may not grow beyond 256 kB; writing more fails with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def test_a_disk_that_refuses_to_grow_gives_one_line_and_changes_nothing(
    built: Built, tmp_path: Path
) -> None:
    out, processed = _copy(built, tmp_path)
    report, tables = _files(out / str(built.year)), _files(processed)
    marker = uuid.uuid4().hex
    proc = _start(out, processed, marker, preexec_fn=_limit_file_size)
    _stdout, err = proc.communicate(timeout=600)
    assert proc.returncode == 1, err
    lines = err.strip().splitlines()
    assert lines[-1].startswith("Build mislukt / build failed: "), err
    assert "File too large" in lines[-1]
    assert f"{out}/" in lines[-1]  # the file (or the render's folder) that could not be written
    failed = [line for line in lines[:-1] if not line.startswith("mislukt ")]
    assert failed == [], err  # besides the failed step's own line, nothing else
    assert _gone(marker) == []
    assert _files(out / str(built.year)) == report
    assert _files(processed) == tables
