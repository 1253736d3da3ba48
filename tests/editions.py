"""The demonstration edition's data folder for tests: `data/raw` with `data/demo` laid over
it, assembled once per session exactly as the build assembles it (`analysis.data.editions`).

Tests that need the shipped demonstration submissions (a realistic panel of fictitious
institutions) read this folder; tests of the published edition read `data/raw` itself,
which holds real data only.
"""

from __future__ import annotations

import csv
import shutil
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


#: The source the fixture's test submissions cite (added to the fixture's own register).
FIXTURE_SOURCE = "testopgave"


def published_with_submissions(target: Path) -> Path:
    """A published-edition data folder that holds submissions, for tests of what the yearly
    build does once the KTOs submit: `data/raw` plus the demonstration panel relabelled as
    test submissions of test institutions (never real ones: a real name carries only real
    figures, in tests too). The institutions keep their "Voorbeeld…" names; they and their
    submissions cite a fixture source, so the folder is a real population to the build.
    """
    shutil.copytree(RAW, target)
    sources = target / "sources.csv"
    with sources.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    row = dict.fromkeys(columns, "")
    row.update(
        source_id=FIXTURE_SOURCE,
        title="Opgaven van testinstellingen (testgegevens)",
        publisher="Valorisatiemonitor",
        date="2026",
        locator="https://example.org/valorisatiemonitor/testopgaven",
        status="read",
        scope="report",
        licence=rows[0]["licence"],
        listed_when="submissions",
        organisation="Valorisatiemonitor",
    )
    with sources.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows([*rows, row])
    with (DEMO_OVERLAY / "institutions.csv").open(encoding="utf-8", newline="") as handle:
        tests = list(csv.DictReader(handle))
    with (target / "institutions.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(tests[0]), lineterminator="\n")
        for institution in tests:
            writer.writerow({**institution, "source_id": FIXTURE_SOURCE, "note": "testinstelling"})
    for path in sorted((DEMO_OVERLAY / "kt_metrics").glob("*/*.csv")):
        text = path.read_text(encoding="utf-8").replace(",demonstration,", f",{FIXTURE_SOURCE},")
        out = target / "kt_metrics" / path.parent.name / path.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return target


@cache
def with_submissions_dir() -> Path:
    """`published_with_submissions` once per test session: a data folder of real institutions
    (and test ones) holding submissions, for chapter tests on hand-made panels whose sources
    are listed only when there are submissions (`sources.csv` `listed_when`)."""
    return published_with_submissions(Path(tempfile.mkdtemp(prefix="vm-submitted-")) / "raw")
