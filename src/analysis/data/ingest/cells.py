"""One number or year cell, read unambiguously or refused with the rule that names why.

A thousands separator, a decimal mark of the other convention, a digit outside 0-9 or
a number that overflows to infinity could each be read in two ways; the reader refuses
them instead of guessing.
"""

from __future__ import annotations

import math
import re

from analysis.errors import InputError

# ASCII digits only: Python's `\d` also matches full-width and other scripts' digits,
# which `float()` would silently accept (see `_non_ascii_digits`).
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_DUTCH_NUMBER = re.compile(r"-?[0-9]+(,[0-9]+)?")
INTEGER = re.compile(r"-?[0-9]+")
_GROUPED_DOT = re.compile(r"-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?")
_GROUPED_COMMA = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_GROUPED_SPACE = re.compile(r"-?[0-9]{1,3}([ \u00a0\u202f'][0-9]{3})+([.,][0-9]+)?")


def _non_ascii_digits(text: str, label: str, row: int, column: str) -> None:
    """Refuse digits other than 0-9 (full-width `１２３`, Arabic-Indic, ...) by name.

    `float()` and `int()` would read them, but a number typed in another script usually
    comes from a copy-paste or an input method, and the reader should see what was typed.
    """
    odd = next((ch for ch in text if not ch.isascii() and (ch.isdigit() or ch.isnumeric())), None)
    if odd is not None:
        raise InputError(
            label,
            row,
            column,
            "non_ascii_digits",
            f"{text!r} holds the character {odd!r} (U+{ord(odd):04X}), a digit outside 0-9; "
            "type the number with the digits 0-9",
        )


def parse_year(text: str, label: str, row: int) -> int:
    if not text:
        raise InputError(label, row, "year", "not_null", "year is empty")
    _non_ascii_digits(text, label, row, "year")
    if not INTEGER.fullmatch(text):
        raise InputError(label, row, "year", "column_type", f"year {text!r} is not an integer")
    return int(text)


def parse_value(text: str, label: str, row: int, dutch: bool) -> float:
    """One number cell; empty = not reported (NaN); anything ambiguous is refused."""
    if not text:
        return math.nan
    _non_ascii_digits(text, label, row, "value")
    if dutch:
        if _DUTCH_NUMBER.fullmatch(text):
            return _finite(float(text.replace(",", ".")), text, label, row)
        if _GROUPED_DOT.fullmatch(text) or _GROUPED_SPACE.fullmatch(text):
            raise InputError(
                label,
                row,
                "value",
                "thousands_separator",
                f"{text!r} uses a thousands separator; write the number without it (1234567,5)",
            )
        if PLAIN_NUMBER.fullmatch(text):
            raise InputError(
                label,
                row,
                "value",
                "decimal_separator",
                f"{text!r} has a decimal point in a ';'-separated (Dutch) file, where '.' "
                "is a thousands separator; use a decimal comma",
            )
    else:
        if PLAIN_NUMBER.fullmatch(text):
            return _finite(float(text), text, label, row)
        if (
            _GROUPED_COMMA.fullmatch(text)
            or _GROUPED_DOT.fullmatch(text)
            or _GROUPED_SPACE.fullmatch(text)
        ):
            raise InputError(
                label,
                row,
                "value",
                "thousands_separator",
                f"{text!r} uses a thousands separator, which is ambiguous; write 1234567.5",
            )
        if _DUTCH_NUMBER.fullmatch(text):
            raise InputError(
                label,
                row,
                "value",
                "decimal_separator",
                f"{text!r} has a decimal comma in a comma-separated file; use a point (1234.5) "
                "or export the Dutch ';' format",
            )
    raise InputError(label, row, "value", "column_type", f"{text!r} is not a number")


def _finite(number: float, text: str, label: str, row: int) -> float:
    """`number`, unless the text overflowed a float (`1e999` reads as infinity)."""
    if not math.isfinite(number):
        raise InputError(
            label,
            row,
            "value",
            "not_finite",
            f"{text!r} is too large to be a number (it overflows to infinity)",
        )
    return number
