"""One real build of each edition, shared by the end-to-end tests.

`built` is the demonstration edition (proefeditie: the full machinery on fictitious
institutions, `build --demonstratie`); `published` is the published edition (real
institutions, real figures only, no submissions yet). The builds run as a user would
run them (the `valorisatiemonitor` command), into temporary folders, so the checkout's
`report/` and `data/processed/` are untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Built:
    out_dir: Path
    processed_dir: Path
    year: int
    stdout: str
    edition: str = "demonstratie"

    @property
    def data_dir(self) -> Path:
        """The data folder the build read (the demonstration's is assembled in its cache)."""
        if self.edition == "demonstratie":
            return self.out_dir / ".cache" / "data"
        return ROOT / "data" / "raw"

    @property
    def year_dir(self) -> Path:
        return self.out_dir / str(self.year)

    @property
    def site(self) -> Path:
        return self.year_dir / "site"

    @property
    def pdf(self) -> Path:
        return self.year_dir / f"valorisatiemonitor-{self.year}.pdf"


def latest_year() -> int:
    """The year both editions build: the demonstration's latest year with submissions."""
    return max(
        int(p.name) for p in (ROOT / "data" / "demo" / "kt_metrics").iterdir() if p.name.isdigit()
    )


def run_build(
    out_dir: Path, processed_dir: Path, *extra: str, env_extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", **(env_extra or {}))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--out-dir",
            str(out_dir),
            "--processed-dir",
            str(processed_dir),
            "--renderer",
            "pandoc",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The demonstration edition, built once for the session."""
    base = tmp_path_factory.mktemp("e2e")
    result = run_build(base / "report", base / "processed", "--demonstratie")
    if result.returncode != 0:
        pytest.fail(f"build failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return Built(base / "report", base / "processed", latest_year(), result.stdout)


#: Loaded at start-up by every Python process of a build (`sitecustomize` on PYTHONPATH):
#: the Typst compile process sleeps first, so the PDF is finished last, long after the
#: website, which a page describing it (sizes on the downloads page) must wait for.
SLOW_PDF = """import os, sys, time
if "analysis.publication.render.typst_compile" in getattr(sys, "orig_argv", ()):
    time.sleep(float(os.environ.get("VM_TEST_PDF_DELAY", "0")))
"""


def slow_pdf_env(folder: Path, seconds: float) -> dict[str, str]:
    """Environment for a build whose PDF compiles take `seconds` longer."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(SLOW_PDF, encoding="utf-8")
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "VM_TEST_PDF_DELAY": str(seconds)}


@pytest.fixture(scope="session")
def built_twice(tmp_path_factory: pytest.TempPathFactory, built: Built) -> Built:
    """A second, independent build of the same inputs (fresh cache), its PDF made slow.

    The PDF compile sleeps 20 s before it starts, so everything else of the render is
    done long before it: the two builds still have to be byte-identical.
    """
    base = tmp_path_factory.mktemp("e2e-second")
    env = slow_pdf_env(base / "slow-pdf", 20.0)
    result = run_build(base / "report", base / "processed", "--demonstratie", env_extra=env)
    if result.returncode != 0:
        pytest.fail(f"second build failed:\n{result.stdout}\n{result.stderr}")
    return Built(base / "report", base / "processed", built.year, result.stdout)


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The published edition (real institutions, real figures), built once for the session."""
    base = tmp_path_factory.mktemp("e2e-published")
    result = run_build(base / "report", base / "processed")
    if result.returncode != 0:
        pytest.fail(f"published build failed:\n{result.stdout}\n{result.stderr}")
    return Built(base / "report", base / "processed", latest_year(), result.stdout, "gepubliceerd")


def needs(tool: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        shutil.which(tool) is None, reason=f"{tool} not installed (.ci/run installs it)"
    )
