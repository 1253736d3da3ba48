"""Is a CSV download machine-readable? Every value cell a number, or text by the codebook
that is not a number formatted for people ("€ 62,7 mln", "0,64 (achter)", "+3,7%")."""

from __future__ import annotations

import csv
import re
from pathlib import Path

_NUMBER = re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][+-]?\d+)?")
#: A number as Dutch readers write it: thousands dots, a decimal comma, or plain digits.
_DUTCH = r"[+\-−]?\s*(\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d+|\d+)"
#: Numbers written for a reader, not for a machine: currency, percent, decimal comma,
#: thousands dots, intervals, verdicts in brackets, comparison signs.
_FORMATTED = (
    re.compile(r"'?[€$]?\s*" + _DUTCH + r"\s*(%|mln|mld)?(\s*\(.*\))?"),
    re.compile(r"'?" + _DUTCH + r"%?\s*(tot|–)\s*" + _DUTCH + r"%?"),
    re.compile(r"[<>≤≥]\s*" + _DUTCH + r"%?"),
)
#: What makes such a match a formatted number rather than a plain one ("2018") or a label
#: that starts with one ("2023 (start financiering)").
_MARKER = re.compile(r"[€%<>≤≥]|\d,\d|\d\.\d{3}(?!\d)|\bmln\b|\bmld\b|\d\s*(tot|–)\s*[+\-−]?\d")
_YEARS = re.compile(r"\d{4}\s*[–-]\s*\d{4}")  # a period such as 2010–2018 is a label


def is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell))


def looks_formatted(cell: str) -> bool:
    """Text that is really a number dressed up for a reader."""
    text = cell.strip()
    if _YEARS.fullmatch(text):
        return False
    head = text.split("(")[0]
    return any(p.fullmatch(text) for p in _FORMATTED) and bool(_MARKER.search(head))


def codebook_types(codebook: Path) -> dict[tuple[str, str], str]:
    with codebook.open(encoding="utf-8", newline="") as handle:
        return {(r["tabel"], r["kolom"]): r["type"] for r in csv.DictReader(handle)}


def problems(path: Path, types: dict[tuple[str, str], str]) -> list[str]:
    """Every cell of `path` that a machine would misread, as 'column row: cell (why)'."""
    found: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    for j, column in enumerate(header):
        kind = types.get((path.stem, column))
        if kind is None:
            found.append(f"{column}: not in the codebook")
            continue
        for i, row in enumerate(body, start=2):
            cell = row[j] if j < len(row) else ""
            if cell == "":
                continue
            if kind in ("getal", "geheel getal"):
                if not is_number(cell):
                    found.append(f"{column} row {i}: {cell!r} is not a number")
            elif kind == "ja/nee":
                if cell not in ("True", "False"):
                    found.append(f"{column} row {i}: {cell!r} is not True/False")
            elif looks_formatted(cell):
                found.append(f"{column} row {i}: {cell!r} is a number written as text")
    return found


def merely_repeats(description: str, *names: str) -> bool:
    """A codebook description that is a column's name again, or adds fewer than three
    words of its own to it: it does not say what the column means."""

    def words(text: str) -> list[str]:
        return re.findall(r"[0-9a-zà-ÿ€%]+", text.lower())

    own = words(description)
    for name in names:
        if own == words(name) or len([w for w in own if w not in set(words(name))]) < 3:
            return True
    return False
