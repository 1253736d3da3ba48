"""A CSV submission as text: decoding, the separator (',' or the Dutch ';'), the rows."""

from __future__ import annotations

import csv
import io

from analysis.data.ingest.columns import COLUMNS
from analysis.errors import InputError


def csv_records(raw: bytes, label: str) -> tuple[list[str], list[tuple[int, list[str]]], bool]:
    """Decode, detect the separator, split; returns header, (row number, cells), is_dutch."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            label,
            line,
            None,
            "encoding",
            f"byte 0x{raw[exc.start]:02x} at position {exc.start} is not UTF-8; "
            "save the file as 'CSV UTF-8' (Latin-1/Windows-1252 exports are refused)",
        ) from exc
    if not text.strip():
        raise InputError(label, None, None, "empty_file", "the file holds no text")
    first_line = text.lstrip("\r\n").split("\n", 1)[0].rstrip("\r")
    known = set(COLUMNS)
    candidates = {sep: [c.strip().strip('"') for c in first_line.split(sep)] for sep in ",;"}
    scores = {sep: sum(c in known for c in cols) for sep, cols in candidates.items()}
    sep = max(scores, key=lambda s: (scores[s], s == ","))
    if scores[sep] < 2:
        found = next((s for s in ("\t", "|") if s in first_line), None)
        what = {"\t": "tab", "|": "'|'"}.get(found or "", "an unknown separator")
        raise InputError(
            label,
            1,
            None,
            "separator",
            f"the header is not split by ',' or ';' (it looks like {what}); "
            "use a comma-separated CSV (or ';' with decimal comma)",
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        lines = list(reader)
    except csv.Error as exc:
        raise InputError(label, reader.line_num, None, "csv_syntax", str(exc)) from exc
    header_index = next((i for i, cells in enumerate(lines) if any(c.strip() for c in cells)), 0)
    header = [c.strip() for c in lines[header_index]]
    records = [(i + 1, cells) for i, cells in enumerate(lines) if i > header_index]
    return header, records, sep == ";"
