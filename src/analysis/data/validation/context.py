"""Rules that depend on the report year: the price index and exchange rates cover what it needs.

Why before the build: every money comparison of a report puts euros of several years
at the report year's prices (`methods.peer_gaps.money`), and converts the peers'
francs and pounds at their own year's rate. A year the price index does not cover
used to fail four notebooks after minutes ("geen prijsindex (HICP) voor 2026"); a
peer figure without its rate was silently left out. Both are checked here, from the
two files, before any step runs, with the file and the year in the message.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.ingest.columns import YEAR_FOLDER
from analysis.errors import Finding

PRICE_INDEX = "context/price_index.csv"
FX_RATES = "context/fx_rates.csv"


def _years_with_submissions(data_dir: Path, last: int) -> list[int]:
    folder = data_dir / "kt_metrics"
    if not folder.is_dir():
        return []
    return sorted(
        int(entry.name)
        for entry in folder.iterdir()
        if entry.is_dir() and YEAR_FOLDER.fullmatch(entry.name) and int(entry.name) <= last
        if any(p.suffix.lower() in (".csv", ".xlsx") for p in entry.iterdir())
    )


def year_coverage(data_dir: Path, year: int) -> list[Finding]:
    """What the price index and the exchange rates lack for a report on `year` (errors).

    The price index must hold the report year (the price year of every comparison) and
    every earlier year with submissions (deflated to it); the exchange rates must hold
    every (currency, year) of a peer's money figure in `benchmark/peers.csv`.
    """
    findings: list[Finding] = []
    try:
        prices = reference.load_price_index(data_dir)
    except (OSError, ValueError, KeyError, pd.errors.ParserError):
        return findings  # the reference validation reports a broken table itself
    covered = {
        int(y)
        for y, v in zip(prices["year"], prices["hicp_2015_100"], strict=True)
        if pd.notna(y) and pd.notna(v)
    }
    needed = sorted({year, *_years_with_submissions(data_dir, year)})
    missing = [y for y in needed if y not in covered]
    if missing:
        latest = max(covered) if covered else None
        findings.append(
            Finding(
                PRICE_INDEX,
                None,
                "year",
                "price_index_covers_year",
                f"geen prijsindex (HICP) voor {', '.join(str(y) for y in missing)}, nodig voor "
                f"het rapport over {year} (prijspeil {year})"
                + f"; voeg de jaren toe aan {PRICE_INDEX}"
                + (f" (het laatste jaar erin is {latest})" if latest is not None else ""),
            )
        )
    try:
        fx = reference.load_fx_rates(data_dir)
        peers = reference.load_peers(data_dir)
    except (OSError, ValueError, KeyError, pd.errors.ParserError):
        return findings
    rates = {
        (str(c), int(y)) for c, y in zip(fx["currency"], fx["year"], strict=True) if pd.notna(y)
    }
    wanted = sorted(
        {
            (str(c), int(y))
            for c, y, u in zip(peers["currency"], peers["year"], peers["unit"], strict=True)
            if u == "money" and str(c) != "EUR" and pd.notna(y)
        }
    )
    lacking = [pair for pair in wanted if pair not in rates]
    if lacking:
        findings.append(
            Finding(
                FX_RATES,
                None,
                "year",
                "fx_rates_cover_peers",
                "geen wisselkoers voor "
                + ", ".join(f"{c} {y}" for c, y in lacking)
                + f"; benchmark/peers.csv rekent daarmee om: voeg de koersen toe aan {FX_RATES}",
            )
        )
    return findings
