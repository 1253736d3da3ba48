"""UK HESA HE-BCI extract (five North-East England universities) → submission frame.

The Higher Education – Business and Community Interaction survey is the one open,
yearly, per-institution KT data set close to the ASTP metrics. The extract in
`../shared/external/hebci_northeast_kt_metrics_derived.csv` holds 2014/15–2023/24;
this adapter maps it onto the monitor's indicator codes so the whole pipeline
(processing, analysis, charts) can be exercised on real numbers.

Conventions (stated here because they change numbers):

* Year: HE-BCI reports UK academic years (1 August – 31 July). "2014/15" becomes
  year 2014, the calendar year in which the academic year starts.
* Money: HE-BCI reports GBP thousands. Amounts are multiplied by 1,000 and by the
  EUR-per-GBP rate of that same year (2014 for "2014/15"), the annual mean of the
  ECB daily reference rates from `data/raw/context/fx_rates.csv`. Using one
  calendar year's rate for an academic year is an approximation, noted on every row.
* Patent applications: HE-BCI counts all applications filed, not only first
  (priority) filings, so `priority_patent_applications` over-counts relative to the
  ASTP definition; each such row carries that note.
* Spin-offs: only formal spin-outs (`new_spinouts_formal`) count; staff and
  student start-ups are a different concept.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.data.ingest import catalogue_units
from analysis.data.ingest.columns import FRAME_COLUMNS

SOURCE_ID = "hesa_hebci"
FILE_NAME = "hebci_northeast_kt_metrics_derived.csv"
FX_FILE = Path("context") / "fx_rates.csv"
#: indicator code ← HE-BCI column, and whether the column is GBP thousands.
MAPPING: tuple[tuple[str, str, bool], ...] = (
    ("invention_disclosures", "invention_disclosures", False),
    ("priority_patent_applications", "patent_applications", False),
    ("patents_granted", "patents_granted", False),
    ("licence_agreements", "licences_granted", False),
    ("licence_income_eur", "ip_income_excl_share_sales_gbp_k", True),
    ("spinoffs", "new_spinouts_formal", False),
    ("contract_research_n", "contract_research_number", False),
    ("contract_research_eur", "contract_research_income_gbp_k", True),
)
NOTE_PATENTS = (
    "HE-BCI telt alle octrooiaanvragen, niet alleen prioritaire aanvragen (overschatting "
    "ten opzichte van de ASTP-definitie)"
)
_ACADEMIC_YEAR = re.compile(r"(\d{4})/(\d{2})")


def default_path() -> Path | None:
    """The shared extract beside the checkout, or None when `../shared` is absent."""
    shared = paths.shared_dir()
    if shared is None:
        return None
    path = shared / "external" / FILE_NAME
    return path if path.is_file() else None


def academic_year_start(label: str) -> int:
    """'2014/15' → 2014 (the calendar year in which the UK academic year begins)."""
    match = _ACADEMIC_YEAR.fullmatch(label.strip())
    if not match:
        raise ValueError(f"not an academic year like '2014/15': {label!r}")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(f"academic year {label!r} does not span two consecutive years")
    return start


def eur_per_gbp(data_dir: Path | None = None) -> dict[int, float]:
    """Year → EUR per GBP (annual mean of ECB reference rates) from `context/fx_rates.csv`."""
    folder = data_dir if data_dir is not None else paths.default_data_dir()
    path = folder / FX_FILE
    if not path.is_file():
        path = paths.default_data_dir() / FX_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            int(row["year"]): float(row["eur_per_unit"])
            for row in csv.DictReader(handle)
            if row["currency"].strip() == "GBP"
        }


def read_hebci(
    path: Path | None = None, *, data_dir: Path | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(submissions, institutions) from the HE-BCI extract.

    `submissions` has the columns of `analysis.data.ingest` (institution_id, year,
    indicator, value, unit, source_id, note, file, row), with ids `uk_<ukprn>` and
    source_id `hesa_hebci`; `row` is the extract's row (header = 1). `institutions`
    has the columns of institutions.csv. A year without an exchange rate is an error
    rather than a silent gap.
    """
    source = path if path is not None else default_path()
    if source is None:
        raise FileNotFoundError(f"{FILE_NAME} not found: ../shared/external is absent")
    units = catalogue_units(data_dir)
    rates = eur_per_gbp(data_dir)
    records: dict[str, list[object]] = {name: [] for name in FRAME_COLUMNS}
    names: dict[str, str] = {}
    label = f"external/{FILE_NAME}"
    with Path(source).open(encoding="utf-8-sig", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            institution_id = f"uk_{row['ukprn'].strip()}"
            names.setdefault(institution_id, row["institution"].strip())
            year = academic_year_start(row["academic_year"])
            for code, column, is_gbp_k in MAPPING:
                text = (row.get(column) or "").strip()
                value = float(text) if text else math.nan
                note = ""
                if is_gbp_k:
                    if year not in rates:
                        raise KeyError(f"no EUR/GBP rate for {year} in {FX_FILE}")
                    rate = rates[year]
                    value = value * 1000.0 * rate
                    note = (
                        f"omgerekend uit GBP duizenden met de ECB-jaarkoers {year} "
                        f"({rate} EUR per GBP); academisch jaar {row['academic_year']}"
                    )
                elif code == "priority_patent_applications":
                    note = NOTE_PATENTS
                records["institution_id"].append(institution_id)
                records["year"].append(year)
                records["indicator"].append(code)
                records["value"].append(value)
                records["unit"].append(units.get(code, ""))
                records["source_id"].append(SOURCE_ID)
                records["note"].append(note)
                records["file"].append(label)
                records["row"].append(row_number)
    submissions = pd.DataFrame(
        {
            "institution_id": pd.Series(records["institution_id"], dtype="str"),
            "year": pd.Series(np.asarray(records["year"], dtype=np.int64), dtype="int64"),
            "indicator": pd.Series(records["indicator"], dtype="str"),
            "value": pd.Series(np.asarray(records["value"], dtype=np.float64), dtype="float64"),
            "unit": pd.Series(records["unit"], dtype="str"),
            "source_id": pd.Series(records["source_id"], dtype="str"),
            "note": pd.Series(records["note"], dtype="str"),
            "file": pd.Series(records["file"], dtype="str"),
            "row": pd.Series(np.asarray(records["row"], dtype=np.int64), dtype="int64"),
        },
        columns=list(FRAME_COLUMNS),
    )
    institutions = pd.DataFrame(
        [
            {
                "institution_id": institution_id,
                "name_nl": name,
                "short_name": name,
                "type": "university",
                "profile": "",
                "region": "North East England",
                "ecosystem": "North East England",
                "kto_nl_partner": "false",
                "source_id": SOURCE_ID,
                "note": "Britse testinstelling (HE-BCI); profiel niet ingedeeld",
            }
            for institution_id, name in sorted(names.items())
        ]
    ).astype("str")
    return submissions, institutions
