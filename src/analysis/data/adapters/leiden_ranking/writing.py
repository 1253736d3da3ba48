"""Leiden Ranking import, writing: the project table merged with what is there, written once (`analysis.atomic`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from analysis.atomic import atomic_write
from analysis.data import limits
from analysis.data.adapters.leiden_ranking.layout import (
    COLUMNS,
    DEFAULT_FIELD,
    DUTCH_COUNTRY_NAMES,
    OUTPUT_FILE,
    Counting,
    ImportResult,
    ShareUnit,
)
from analysis.data.adapters.leiden_ranking.parsing import parse, period_years
from analysis.errors import InputError


def _source_status(data_dir: Path, source_id: str) -> str:
    path = data_dir / "sources.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("source_id", "").strip() == source_id:
                status = row.get("status", "").strip()
                if status not in ("read", "secondary", "inferred"):
                    raise InputError(
                        "sources.csv",
                        None,
                        "status",
                        "source_status",
                        f"source {source_id!r} has status {status!r}; a ranking row needs a "
                        "read, secondary or inferred source",
                    )
                return status
    raise InputError(
        "sources.csv",
        None,
        "source_id",
        "source_known",
        f"no source {source_id!r}: add a row for this Leiden Ranking edition to sources.csv "
        "before importing (or name one with --source-id)",
    )


def _read_existing(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    size = path.stat().st_size
    if size > limits.MAX_TABLE_BYTES:
        raise InputError(
            OUTPUT_FILE,
            None,
            None,
            "file_too_large",
            f"the existing table holds {size} bytes, over validate's limit of "
            f"{limits.MAX_TABLE_BYTES}; it is not a table this importer wrote",
        )
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise InputError(
                OUTPUT_FILE,
                1,
                None,
                "header",
                f"the existing table's header differs from {', '.join(COLUMNS)}",
            )
        return [dict(row) for row in reader]


def _sort_key(record: Mapping[str, str]) -> tuple[int, int, int, str, str, str]:
    first, last = period_years(record["period"])
    return (
        int(record["edition"]),
        last,
        first,
        record["field"],
        record["counting"],
        record["university"],
    )


def write_table(
    records: Sequence[Mapping[str, str]], path: Path, *, mode_like: Path | None = None
) -> None:
    """Write the table atomically: UTF-8, `\\n` line ends, sorted, same bytes for same rows.

    A table `validate` would refuse as too large is refused here instead, before it is
    written; the file keeps its mode (a new one takes `mode_like`'s).
    """
    ordered = sorted(records, key=_sort_key)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in ordered:
        writer.writerow({name: record.get(name, "") for name in COLUMNS})
    content = buffer.getvalue().encode("utf-8")
    if len(ordered) > limits.MAX_TABLE_ROWS or len(content) > limits.MAX_TABLE_BYTES:
        raise InputError(
            OUTPUT_FILE,
            None,
            None,
            "table_too_large",
            f"the merged table would hold {len(ordered)} rows in {len(content)} bytes, over "
            f"validate's limits ({limits.MAX_TABLE_ROWS} rows, {limits.MAX_TABLE_BYTES} bytes)",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, content, mode_like=mode_like)


def import_file(
    path: Path,
    data_dir: Path,
    *,
    edition: int | None = None,
    period: str | None = None,
    field: str = DEFAULT_FIELD,
    counting: Counting = "full",
    source_id: str | None = None,
    share_unit: ShareUnit | None = None,
) -> ImportResult:
    """Import one Leiden Ranking file into `<data_dir>/benchmark/leiden_ranking.csv`.

    `source_id` defaults to `cwts_leiden_ranking_<edition>` per edition; every id
    must already be in sources.csv, whose status becomes the rows' status. Rows of
    the imported (edition, field, counting) are replaced; all other rows are kept.
    `share_unit` declares how the file writes shares where no publication count
    proves it (`parse`).
    """
    data_dir = Path(data_dir)
    records = parse(
        path,
        edition=edition,
        period=period,
        field=field,
        counting=counting,
        share_unit=share_unit,
    )
    statuses: dict[str, str] = {}
    for record in records:
        sid = source_id or f"cwts_leiden_ranking_{record['edition']}"
        if sid not in statuses:
            statuses[sid] = _source_status(data_dir, sid)
        record["source_id"] = sid
        record["status"] = statuses[sid]
    target = data_dir / OUTPUT_FILE
    replaced = {(r["edition"], r["field"].lower(), r["counting"]) for r in records}
    kept = [
        row
        for row in _read_existing(target)
        if (row["edition"], row["field"].lower(), row["counting"]) not in replaced
    ]
    write_table([*kept, *records], target, mode_like=data_dir / "sources.csv")
    editions = tuple(sorted({int(r["edition"]) for r in records}))
    periods = tuple(sorted({r["period"] for r in records}, key=period_years))
    mapped = tuple(sorted({r["institution_id"] or r["peer_id"] for r in records} - {""}))
    unmapped = tuple(
        sorted(
            {
                r["university"]
                for r in records
                if r["country"].strip().lower() in DUTCH_COUNTRY_NAMES and not r["institution_id"]
            }
        )
    )
    return ImportResult(
        target, len(records), len(kept) + len(records), editions, periods, mapped, unmapped
    )
