"""The open reference series, refreshed from their publishers: ECB exchange rates, Eurostat HICP.

Why: the monitor compares money across years and currencies with two cited series,
`context/fx_rates.csv` (annual average ECB euro reference rates for CHF and GBP) and
`context/price_index.csv` (the Dutch HICP, annual means, 2015 = 100). Each edition should
use their newest vintage, read from the publisher, not typed over or copied from a mirror.

* ECB Data Portal, SDMX 2.1 REST (`https://data-api.ecb.europa.eu/service/`): resource
  `data`, dataflow `EXR`, series key `A.CHF+GBP.EUR.SP00.A` (annual, CHF and GBP against
  the euro, spot, average of the period), `format=csvdata` (one row per observation with
  the columns `KEY`, `FREQ`, `CURRENCY`, `CURRENCY_DENOM`, `EXR_TYPE`, `EXR_SUFFIX`,
  `TIME_PERIOD`, `OBS_VALUE` and the attributes). `OBS_VALUE` is units of the currency per
  euro (`unit_per_eur`); `eur_per_unit` is its inverse.
* Eurostat dissemination API, Statistics 1.0 (`https://ec.europa.eu/eurostat/api/
  dissemination/statistics/1.0/data/{dataset}`, JSON-stat 2.0): dataset `prc_hicp_midx`
  (monthly index) filtered to `geo=NL`, `coicop=CP00` (all items), `unit=I15` (2015 =
  100). The annual value is the mean of a year's monthly values, and `months` says how
  many there were, as the table has always been made: a year still running has fewer
  than 12 and its note says so.

What the command does with them: every response is checked before anything is written
(the columns and codes the request asked for, a year, a positive number; anything else is
refused with one `InputError` naming the address, row and rule); the new rows replace
those years in the tables (years the publisher does not return stay as they were) and
cite a new source row (`sources.csv`: publisher, retrieval date, address); the three
tables are validated with the reference suites in a staging copy of the data folder, and
only then written (`analysis.atomic`, `sources.csv` first, so no table ever cites a source
that is not there). Unreachable addresses (offline) stop it with one line before any file
is touched. The base addresses can be pointed elsewhere (`--ecb-url`, `--eurostat-url`, or
the environment), which is how the tests serve the publishers' formats from a local server.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.atomic import atomic_write
from analysis.errors import BuildError, InputError

ECB_URL = "https://data-api.ecb.europa.eu/service"
EUROSTAT_URL = "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0"
ECB_ENV = "VALORISATIEMONITOR_ECB_URL"
EUROSTAT_ENV = "VALORISATIEMONITOR_EUROSTAT_URL"

FX_FILE = "context/fx_rates.csv"
PRICE_FILE = "context/price_index.csv"
SOURCES_FILE = "sources.csv"
FX_COLUMNS = ("year", "currency", "eur_per_unit", "unit_per_eur", "source_id", "status")
PRICE_COLUMNS = ("year", "hicp_2015_100", "months", "source_id", "status", "note")

CURRENCIES: tuple[str, ...] = ("CHF", "GBP")
#: The first year the monitor needs, when a table is empty.
FIRST_YEAR = 2010
#: A response larger than this is not the series asked for.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30.0

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Fetched:
    """One response: the address it came from and its bytes."""

    url: str
    body: bytes


def ecb_address(base: str, first_year: int) -> str:
    return (
        f"{base.rstrip('/')}/data/EXR/A.{'+'.join(CURRENCIES)}.EUR.SP00.A"
        f"?format=csvdata&startPeriod={first_year}"
    )


def eurostat_address(base: str, first_year: int) -> str:
    return (
        f"{base.rstrip('/')}/data/prc_hicp_midx?format=JSON&lang=EN&geo=NL&coicop=CP00"
        f"&unit=I15&sinceTimePeriod={first_year}-01"
    )


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS) -> Fetched:
    """GET `url`; a publisher that cannot be reached is one `BuildError` line (offline)."""
    request = urllib.request.Request(url, headers={"User-Agent": "valorisatiemonitor"})
    try:
        with urllib.request.urlopen(
            request, timeout=timeout
        ) as response:  # http(s) only: _check_scheme
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise BuildError(
            f"{url}: the publisher answered HTTP {exc.code}; nothing changed"
        ) from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise BuildError(f"{url}: not reachable ({reason}); offline? Nothing changed") from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise InputError(url, None, None, "response_too_large", "the response is too large")
    return Fetched(url, body)


def _check_scheme(url: str) -> None:
    if not url.startswith(("https://", "http://")):
        raise BuildError(f"{url}: only http(s) addresses are fetched")


# --------------------------------------------------------------------------- ECB


def parse_ecb(fetched: Fetched) -> dict[tuple[int, str], float]:
    """(year, currency) → units per euro from an ECB `csvdata` response for EXR."""
    url = fetched.url
    try:
        text = fetched.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(url, None, None, "encoding", "the response is not UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    needed = (
        "FREQ",
        "CURRENCY",
        "CURRENCY_DENOM",
        "EXR_TYPE",
        "EXR_SUFFIX",
        "TIME_PERIOD",
        "OBS_VALUE",
    )
    missing = [c for c in needed if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            url,
            1,
            missing[0],
            "required_column",
            f"not an ECB csvdata response: column {missing[0]} is missing",
        )
    out: dict[tuple[int, str], float] = {}
    for number, row in enumerate(reader, start=2):
        expected = {
            "FREQ": "A",
            "CURRENCY_DENOM": "EUR",
            "EXR_TYPE": "SP00",
            "EXR_SUFFIX": "A",
        }
        for column, code in expected.items():
            if row[column] != code:
                raise InputError(
                    url, number, column, "series_key", f"{column} is {row[column]!r}, not {code}"
                )
        currency = row["CURRENCY"]
        if currency not in CURRENCIES:
            raise InputError(
                url, number, "CURRENCY", "series_key", f"currency {currency!r} was not asked for"
            )
        year = _year(row["TIME_PERIOD"], url, number, "TIME_PERIOD")
        value = _positive(row["OBS_VALUE"], url, number, "OBS_VALUE")
        if (year, currency) in out:
            raise InputError(
                url, number, "TIME_PERIOD", "unique_key", f"{currency} {year} appears twice"
            )
        out[(year, currency)] = value
    if not out:
        raise InputError(url, None, None, "empty_response", "the response holds no observation")
    return out


# --------------------------------------------------------------------------- Eurostat


def parse_eurostat(fetched: Fetched) -> dict[str, float]:
    """`YYYY-MM` → index (2015 = 100) from a JSON-stat 2.0 response for prc_hicp_midx."""
    url = fetched.url
    try:
        data = json.loads(fetched.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputError(url, None, None, "json", "the response is not JSON") from None
    if not isinstance(data, dict) or data.get("class") != "dataset":
        raise InputError(url, None, "class", "jsonstat", "not a JSON-stat dataset")
    ids, sizes, dims = data.get("id"), data.get("size"), data.get("dimension")
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or not isinstance(dims, dict)
        or len(ids) != len(sizes)
        or "time" not in ids
    ):
        raise InputError(
            url, None, "id", "jsonstat", "the dataset's id, size or dimension is wrong"
        )
    wanted = {"geo": "NL", "coicop": "CP00", "unit": "I15", "freq": "M"}
    codes: list[list[str]] = []
    for dim, size in zip(ids, sizes, strict=True):
        index = (dims.get(dim) or {}).get("category", {}).get("index")
        if isinstance(index, list):
            index = {code: i for i, code in enumerate(index)}
        if not isinstance(index, dict) or not isinstance(size, int) or len(index) != size:
            raise InputError(url, None, dim, "jsonstat", f"dimension {dim} is malformed")
        ordered = sorted(index, key=lambda code: index[code])
        if dim in wanted and ordered != [wanted[dim]]:
            raise InputError(
                url, None, dim, "series_key", f"{dim} is {ordered}, not only {wanted[dim]}"
            )
        codes.append([str(c) for c in ordered])
    if any(dim not in ids for dim in ("geo", "unit", "coicop")):
        raise InputError(url, None, "id", "series_key", "geo, unit or coicop is missing")
    values = data.get("value")
    if isinstance(values, list):
        cells = {i: v for i, v in enumerate(values) if v is not None}
    elif isinstance(values, dict):
        try:
            cells = {int(k): v for k, v in values.items()}
        except ValueError:
            raise InputError(
                url, None, "value", "jsonstat", "a value key is not a number"
            ) from None
    else:
        raise InputError(url, None, "value", "jsonstat", "the dataset has no values")
    time_axis = ids.index("time")
    stride = math.prod(sizes[time_axis + 1 :])
    out: dict[str, float] = {}
    total = math.prod(sizes)
    for cell, raw in sorted(cells.items()):
        if not 0 <= cell < total:
            raise InputError(url, None, "value", "jsonstat", f"value {cell} lies outside the cube")
        period = codes[time_axis][(cell // stride) % sizes[time_axis]]
        month = _month(period, url)
        out[month] = _positive(raw, url, None, f"value[{cell}]")
    if not out:
        raise InputError(url, None, "value", "empty_response", "the response holds no value")
    return out


# --------------------------------------------------------------------------- cells


def _year(text: str, url: str, row: int | None, column: str) -> int:
    if len(text) != 4 or not text.isdigit():
        raise InputError(url, row, column, "year", f"{text!r} is not a year")
    return int(text)


def _month(period: str, url: str) -> str:
    """`2025-06` or Eurostat's older `2025M06` → `2025-06`."""
    normal = period.replace("M", "-", 1) if len(period) == 7 and period[4] == "M" else period
    year, _, month = normal.partition("-")
    if len(year) != 4 or not year.isdigit() or not month.isdigit() or not 1 <= int(month) <= 12:
        raise InputError(url, None, "time", "period", f"{period!r} is not a month")
    return f"{year}-{int(month):02d}"


def _positive(raw: object, url: str, row: int | None, column: str) -> float:
    try:
        value = float(str(raw))
    except ValueError:
        raise InputError(url, row, column, "number", f"{raw!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise InputError(url, row, column, "positive", f"{raw!r} is not a positive number")
    return value


# --------------------------------------------------------------------------- tables


def _read_rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise InputError(
                path.name, 1, None, "header", f"the header differs from {', '.join(columns)}"
            )
        return [dict(row) for row in reader]


def _csv_text(columns: Sequence[str], rows: Sequence[Mapping[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def fx_rows(
    old: Sequence[Mapping[str, str]], rates: Mapping[tuple[int, str], float], source_id: str
) -> list[dict[str, str]]:
    """The fx table with the fetched years replaced (5 decimals, as the table holds them)."""
    kept = {
        (int(r["year"]), r["currency"]): dict(r)
        for r in old
        if (int(r["year"]), r["currency"]) not in rates
    }
    for (year, currency), per_euro in rates.items():
        kept[(year, currency)] = {
            "year": str(year),
            "currency": currency,
            "eur_per_unit": f"{1 / per_euro:.5f}",
            "unit_per_eur": f"{per_euro:.5f}",
            "source_id": source_id,
            "status": "read",
        }
    return [kept[k] for k in sorted(kept)]


def price_rows(
    old: Sequence[Mapping[str, str]], months: Mapping[str, float], source_id: str
) -> list[dict[str, str]]:
    """The HICP table with each fetched year's mean of its monthly values (2 decimals)."""
    by_year: dict[int, dict[int, float]] = {}
    for period, value in months.items():
        by_year.setdefault(int(period[:4]), {})[int(period[5:])] = value
    kept = {int(r["year"]): dict(r) for r in old if int(r["year"]) not in by_year}
    for year, values in by_year.items():
        present = sorted(values)
        mean = sum(values[m] for m in present) / len(present)
        if len(present) == 12:
            note = "mean of 12 monthly index values"
        elif present == list(range(1, len(present) + 1)):
            note = (
                f"{_MONTHS_EN[0]}–{_MONTHS_EN[present[-1] - 1]} {year} only (mean of "
                f"{len(present)} monthly values); not an annual average"
            )
        else:
            names = ", ".join(_MONTHS_EN[m - 1] for m in present)
            note = f"{names} {year} only (mean of {len(present)} monthly values); not an annual average"
        kept[year] = {
            "year": str(year),
            "hicp_2015_100": f"{mean:.2f}",
            "months": str(len(present)),
            "source_id": source_id,
            "status": "read",
            "note": note,
        }
    return [kept[k] for k in sorted(kept)]


def source_row(source_id: str, which: str, url: str, retrieved: str) -> dict[str, str]:
    """The source register's row for one retrieval: organisation and publisher, retrieval
    date and address (the publisher's own: no copy, so the provenance only says when)."""
    if which == "ecb":
        return {
            "source_id": source_id,
            "title": (
                "Euro foreign exchange reference rates, annual averages (EXR, "
                f"A.{'+'.join(CURRENCIES)}.EUR.SP00.A), ECB Data Portal; opgehaald op {retrieved}"
            ),
            "publisher": "European Central Bank",
            "date": retrieved,
            "locator": url,
            "status": "read",
            "scope": "report",
            "licence": "ECB-bronvermelding",
            "organisation": "European Central Bank",
            "provenance": f"Rechtstreeks bij de uitgever opgehaald op {retrieved}.",
        }
    return {
        "source_id": source_id,
        "title": (
            "HICP - monthly data (index), prc_hicp_midx: Netherlands, all items (CP00), "
            f"2015=100 (I15); jaargemiddelden berekend uit de maandwaarden; opgehaald op {retrieved}"
        ),
        "publisher": "Eurostat",
        "date": retrieved,
        "locator": url,
        "status": "read",
        "scope": "report",
        "licence": "CC-BY-4.0",
        "organisation": "Eurostat",
        "provenance": f"Rechtstreeks bij de uitgever opgehaald op {retrieved}.",
    }


def _sources_text(path: Path, rows: Sequence[Mapping[str, str]]) -> str:
    """`sources.csv` with `rows` added, or replacing rows of the same id; other lines verbatim."""
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    ids = {row["source_id"] for row in rows}
    keep = [lines[0]]
    for record, line in zip(csv.reader(lines[1:]), lines[1:], strict=True):
        if record and record[0] in ids:
            continue
        keep.append(line if line.endswith("\n") else line + "\n")
    buffer = io.StringIO()
    # A register without the newer columns (organisation, provenance) keeps its own.
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writerows(rows)
    return "".join(keep) + buffer.getvalue()


# --------------------------------------------------------------------------- the command


@dataclass(frozen=True)
class Update:
    """What `update_reference` found: the new texts and one line per change."""

    texts: dict[str, str]
    changes: list[str]


def retrieval_date() -> str:
    """Today (UTC), or the day of `SOURCE_DATE_EPOCH` when set (reproducible runs)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = int(epoch) if epoch and epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%d", time.gmtime(moment))


def _differences(
    name: str,
    key: Sequence[str],
    old: Sequence[Mapping[str, str]],
    new: Sequence[Mapping[str, str]],
) -> list[str]:
    def index(rows: Sequence[Mapping[str, str]]) -> dict[tuple[str, ...], Mapping[str, str]]:
        return {tuple(r[k] for k in key): r for r in rows}

    before, after = index(old), index(new)
    lines: list[str] = []
    for k in sorted(after, key=lambda x: (int(x[0]), *x[1:])):
        label = " ".join(k)
        if k not in before:
            values = ", ".join(f"{c} {after[k][c]}" for c in after[k] if c not in key)
            lines.append(f"{name}: {label} added ({values})")
        elif dict(before[k]) != dict(after[k]):
            diffs = [
                f"{c} {before[k].get(c, '')} -> {after[k][c]}"
                for c in after[k]
                if before[k].get(c, "") != after[k][c]
            ]
            lines.append(f"{name}: {label} changed ({', '.join(diffs)})")
    return lines


def plan_update(data_dir: Path, *, ecb_base: str, eurostat_base: str, retrieved: str) -> Update:
    """Fetch both series and make the new tables; raises before anything is written."""
    fx_path, price_path = data_dir / FX_FILE, data_dir / PRICE_FILE
    old_fx = _read_rows(fx_path, FX_COLUMNS)
    old_price = _read_rows(price_path, PRICE_COLUMNS)
    first = min(
        [int(r["year"]) for r in [*old_fx, *old_price] if r["year"].isdigit()] or [FIRST_YEAR]
    )
    ecb_url = ecb_address(ecb_base, first)
    eurostat_url = eurostat_address(eurostat_base, first)
    for url in (ecb_url, eurostat_url):
        _check_scheme(url)
    ecb = fetch(ecb_url)
    eurostat = fetch(eurostat_url)
    rates = parse_ecb(ecb)
    months = parse_eurostat(eurostat)
    stamp = retrieved.replace("-", "")
    ecb_id, eurostat_id = f"ecb_exr_annual_{stamp}", f"eurostat_hicp_nl_{stamp}"
    new_fx = fx_rows(old_fx, rates, ecb_id)
    new_price = price_rows(old_price, months, eurostat_id)
    changes = _differences(FX_FILE, ("year", "currency"), old_fx, new_fx)
    changes += _differences(PRICE_FILE, ("year",), old_price, new_price)
    sources = [
        source_row(ecb_id, "ecb", ecb_url, retrieved),
        source_row(eurostat_id, "eurostat", eurostat_url, retrieved),
    ]
    texts = {
        SOURCES_FILE: _sources_text(data_dir / SOURCES_FILE, sources),
        FX_FILE: _csv_text(FX_COLUMNS, new_fx),
        PRICE_FILE: _csv_text(PRICE_COLUMNS, new_price),
    }
    return Update(texts, changes)


def validate_update(data_dir: Path, texts: Mapping[str, str]) -> None:
    """The new tables pass the reference suites, in a staging copy of the reference tables."""
    from analysis.data.validation.reference import validate_reference

    with tempfile.TemporaryDirectory(prefix="valorisatiemonitor-reference-") as folder:
        staged = Path(folder)
        for path in sorted(data_dir.rglob("*.csv")):
            relative = path.relative_to(data_dir)
            if relative.parts[0] == "kt_metrics":
                continue
            (staged / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staged / relative)
        for name, text in texts.items():
            (staged / name).parent.mkdir(parents=True, exist_ok=True)
            (staged / name).write_text(text, encoding="utf-8")
        report = validate_reference(staged)
    ours = [f for f in report.errors if f.file in texts]
    if ours:
        raise InputError.from_finding(ours[0])


def update_reference(
    data_dir: Path,
    *,
    ecb_base: str | None = None,
    eurostat_base: str | None = None,
    retrieved: str | None = None,
) -> list[str]:
    """Refresh both series in `data_dir`; returns the lines to print (what changed).

    Nothing is written when a publisher cannot be reached, a response is malformed, the
    new tables fail validation, or nothing changed.
    """
    update = plan_update(
        data_dir,
        ecb_base=ecb_base or os.environ.get(ECB_ENV) or ECB_URL,
        eurostat_base=eurostat_base or os.environ.get(EUROSTAT_ENV) or EUROSTAT_URL,
        retrieved=retrieved or retrieval_date(),
    )
    if not update.changes:
        return ["reference series unchanged: the publishers' newest vintage is the one in use"]
    validate_update(data_dir, update.texts)
    for name in (SOURCES_FILE, FX_FILE, PRICE_FILE):  # the sources first: never a dangling id
        atomic_write(data_dir / name, update.texts[name])
    return [*update.changes, f"{len(update.changes)} change(s) written in {data_dir}"]


__all__ = [
    "ECB_URL",
    "EUROSTAT_URL",
    "Fetched",
    "fetch",
    "parse_ecb",
    "parse_eurostat",
    "update_reference",
]
