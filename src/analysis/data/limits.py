"""What a file from outside may hold: one set of limits for `validate` and the importers.

Why one place: an importer that writes what `validate` then refuses (a 419 MB table, a
cell of a megabyte, a name with a NUL) has only moved the failure to a later and more
confusing moment. The importers check these limits while they read, so a hostile file
is refused after reading at most the limit, in bounded memory, and `validate` checks the
same limits on what lies in the data folder.

Numbers are bounded before any arithmetic: `Decimal('1e999999999')` is cheap, but
rounding or printing it builds a billion digits inside one C call that no signal can
interrupt. `bounded_decimal` refuses such a text from its syntax alone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from analysis.errors import InputError

#: The largest reference table `validate` reads (the biggest real one is under 200 kB).
MAX_TABLE_BYTES: Final[int] = 20 * 1024 * 1024
#: The most data rows of one reference table: a Leiden Ranking row is about 170 bytes,
#: so at this many rows the table is near the byte limit too (one edition of all
#: universities, periods of one field and counting method is about 20,000 rows).
MAX_TABLE_ROWS: Final[int] = 100_000
#: The most columns of a table or a source file (the CWTS workbook has about 60).
MAX_COLUMNS: Final[int] = 200
#: The longest cell: the longest real one (a source's title) is about 300 characters.
MAX_CELL_CHARS: Final[int] = 1_000
#: The most rows read from a downloaded source file before the selection (the CWTS
#: workbook of one edition holds about 220,000: fields x periods x counting methods).
MAX_SOURCE_ROWS: Final[int] = 1_000_000
#: What a downloaded workbook may unpack to in total.
MAX_SOURCE_UNPACKED_BYTES: Final[int] = 512 * 1024 * 1024
#: How much larger than its packed size one part of a workbook may unpack to. Sheet XML
#: packs about 5-20 to 1; a zip bomb packs 1,000 to 1 and more. Parts below
#: `RATIO_FREE_BYTES` unpacked are not held to it (a tiny part can pack very well).
MAX_UNPACK_RATIO: Final[int] = 100
RATIO_FREE_BYTES: Final[int] = 1024 * 1024

#: A number cell's text: plain decimal notation, optionally with an exponent.
#: `NaN`, `Infinity`, `1_000` and full-width digits are not numbers here.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?([0-9]+))?")
#: Magnitudes a number cell may have: 10^-12 up to (not including) 10^15. The largest
#: amount the monitor knows is a few billion euros; a publication count is below 10^7.
MIN_EXPONENT: Final[int] = -12
MAX_EXPONENT: Final[int] = 14


def bounded_decimal(text: str, file: str, row: int | None, column: str | None) -> Decimal:
    """The exact value of a number cell, or an `InputError` before any costly arithmetic.

    Accepts `12`, `-3.5`, `1.2e6`; refuses words (`NaN`, `Infinity`), other digits and
    magnitudes outside 10^-12 .. 10^15 (rule `number_range`), so every later rounding,
    comparison or conversion works on a number of at most a few dozen digits.
    """
    cleaned = text.strip()
    if len(cleaned) > MAX_CELL_CHARS:
        raise InputError(
            file, row, column, "cell_too_long", f"{len(cleaned)} characters is not a number"
        )
    shown = cleaned if len(cleaned) <= 40 else cleaned[:40] + "…"
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise InputError(file, row, column, "numeric", f"{shown!r} is not a number")
    exponent = match.group(1)
    mantissa = cleaned[: match.start(1)] if exponent is not None else cleaned
    if not any(ch in "123456789" for ch in mantissa):
        return Decimal(0)  # zero, whatever its exponent (`0e99999`)
    # An exponent of five digits or more is out of range whatever the at most
    # MAX_CELL_CHARS digits before it: decided from the text, before Decimal sees it.
    too_far = exponent is not None and len(exponent.lstrip("0")) > 4
    if too_far or not MIN_EXPONENT <= Decimal(cleaned).adjusted() <= MAX_EXPONENT:
        raise InputError(
            file,
            row,
            column,
            "number_range",
            f"{shown!r} is out of range: a value here lies between 10^{MIN_EXPONENT} and "
            f"10^{MAX_EXPONENT + 1}",
        )
    return Decimal(cleaned)
