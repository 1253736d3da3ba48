"""The demonstration edition's data folder for tests: `data/raw` with `data/demo` laid over
it, assembled once per session exactly as the build assembles it (`analysis.data.editions`).

Tests that need the shipped demonstration submissions (a realistic panel of fictitious
institutions) read this folder; tests of the published edition read `data/raw` itself,
which holds real data only.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from analysis.data import editions

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DEMO_OVERLAY = ROOT / "data" / "demo"


@cache
def demo_data_dir() -> Path:
    """The assembled demonstration data folder (one per test session, in a temporary folder)."""
    spec = editions.edition(ROOT, editions.DEMONSTRATION)
    target = Path(tempfile.mkdtemp(prefix="vm-demo-data-")) / "data"
    return editions.assemble(spec, RAW, target)
