"""Dutch number, money, percentage and date formatting for every figure a reader sees.

Parliament reads "62,7" and "1.234", not "62.7" and "1,234"; a report that mixes
the two invites misreading by a factor of a thousand. Every number that reaches
the site or the PDF therefore goes through this module, which uses babel's
``nl_NL`` locale data (CLDR) for separators, month names and the percent sign. The
English summary's numbers come from the same functions with ``locale="en"``.

Conventions, decided once here so chapters cannot drift apart:

* **Rounding is half-up (away from zero) on the decimal the reader sees**:
  ``62.65`` becomes ``"62,7"`` and ``-62.65`` becomes ``"−62,7"``. A float is
  first converted through its shortest ``repr`` (``Decimal("62.65")``), so the
  binary representation (62.6499999...) does not leak into the result. Babel
  and Python's ``round`` round half-to-even, which a reader checking a sum by
  hand (and the Dutch school rule "afronden") does not expect.
* **Negative zero does not exist**: a value that rounds to zero prints without
  sign (``"0,0"``, never ``"-0,0"`` or ``"+0,0%"``).
* **Missing values print as an en dash** ``"–"`` (`MISSING`). In HTML the
  display layer adds ``title="niet gerapporteerd"`` (`MISSING_TITLE`). ``None``,
  ``NaN``, ``pd.NA``, ``NaT`` and infinities are all "missing": an infinite ratio
  is a division by a zero denominator, not a figure to publish.
* **Percentages and changes take fractions**: ``percent(0.627, 1) == "62,7%"``
  and ``change(0.123) == "+12,3%"``, as babel, Excel and Python's ``%`` format do.
* **One minus sign**: a negative number is written with the minus sign U+2212
  (``"−13,7%"``), never the hyphen-minus: Typst turns a hyphen before a digit in prose
  into a minus but not in a table cell, and the charts' d3 formats write U+2212, so a
  hyphen here would print both signs in one report.
* **Amounts do not break**: the space after ``€`` and before ``mln``/``mld`` is a
  no-break space (`NBSP`): ``"€\u00a062,7\u00a0mln"``, so no line or table cell
  ends in "€" or starts with "mln". The HTML, the PDF and the CSV text cells all carry
  the same string. `typeset` applies the same two rules to text written by hand.
* **No ",0" on whole amounts**: ``"€ 450 mln"``, not ``"€ 450,0 mln"``; an fte figure
  is ``"608 fte"`` (`indicator_value`). Percentages and ratios keep their decimals,
  which state the precision.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from analysis.data.indicators import catalogue

LOCALE = "nl_NL"
MISSING = "–"  # en dash: a value that was not reported or cannot be computed
MISSING_TITLE = "niet gerapporteerd"
NBSP = "\u00a0"  # no-break space: inside "€ 62,7 mln" and before a unit ("608 fte")
MINUS = "\u2212"  # the minus sign of every negative number a reader sees

MoneyScale = Literal["auto", "eur", "mln", "mld"]

_SCALES: dict[str, Decimal] = {
    "eur": Decimal(1),
    "mln": Decimal(1_000_000),
    "mld": Decimal(1_000_000_000),
}
#: How an amount is written in a locale: the text before the number, the word of each scale after it.
_MONEY_WORDS: dict[str, tuple[str, dict[str, str]]] = {
    LOCALE: ("€" + NBSP, {"eur": "", "mln": NBSP + "mln", "mld": NBSP + "mld"}),
    "en": ("€", {"eur": "", "mln": NBSP + "million", "mld": NBSP + "billion"}),
}


def is_missing(x: object) -> bool:
    """True for every spelling of "no value": None, NaN, pd.NA, NaT and ±inf.

    One predicate, so a table cell and a key figure agree on what counts as missing.
    """
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return not math.isfinite(float(x))
    if isinstance(x, Decimal):
        return not x.is_finite()
    try:
        return bool(pd.isna(x))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _to_decimal(x: object) -> Decimal:
    """Exact decimal of what the reader would write: via ``repr`` for floats (62.65 stays 62.65)."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        raise TypeError(f"a boolean is not a number to format: {x!r}")
    if isinstance(x, numbers.Integral):
        return Decimal(int(x))
    if isinstance(x, numbers.Real):
        return Decimal(repr(float(x)))
    raise TypeError(f"not a number: {x!r}")


def _round(value: Decimal, decimals: int) -> Decimal:
    """Half-up rounding to `decimals` places; a result of zero loses its sign."""
    if decimals < 0:
        raise ValueError(f"decimals must be >= 0, got {decimals}")
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = abs(rounded)
    return rounded


@functools.cache
def _separators(locale: str) -> dict[int, int]:
    """Python's separators ("," thousands, "." decimal) to the locale's, from babel (CLDR)."""
    return str.maketrans(",.", get_group_symbol(locale) + get_decimal_symbol(locale))


def _format_rounded(value: Decimal, decimals: int, locale: str = LOCALE) -> str:
    """The locale's separators on an already rounded value (no second rounding).

    The locale's pattern (`#,##0.00`: groups of three; nl_NL "." for thousands, "," for
    decimals) applied with Python's own formatting, negatives with the minus sign
    (`MINUS`): babel's `format_decimal` gives the same string (with a hyphen-minus) but
    takes 0.1 ms a cell, which a thousand fact sheets notice. A test compares the two.
    """
    return f"{value:,.{decimals}f}".translate(_separators(locale)).replace("-", MINUS)


def _whole(rounded: Decimal, decimals: int) -> int:
    """The decimals to print for an amount: none when the rounded value is whole."""
    return 0 if rounded == rounded.to_integral_value() else decimals


def number(x: object, decimals: int = 0, *, trim: bool = False, locale: str = LOCALE) -> str:
    """A number in Dutch notation: ``number(1234) == "1.234"``, ``number(62.65, 1) == "62,7"``.

    `trim`: an amount that rounds to a whole number drops its decimals
    (``number(608.0, 1, trim=True) == "608"``), as a reader writes an amount; a
    measurement whose decimals state its precision keeps them (the default).
    Missing values give `MISSING`.
    """
    if is_missing(x):
        return MISSING
    rounded = _round(_to_decimal(x), decimals)
    places = _whole(rounded, decimals) if trim else decimals
    return _format_rounded(rounded, places, locale)


def year(x: object) -> str:
    """A calendar year without thousands separator (``"2026"``, not ``"2.026"``)."""
    if is_missing(x):
        return MISSING
    value = _to_decimal(x)
    if value != value.to_integral_value():
        raise ValueError(f"a year must be a whole number, got {x!r}")
    return str(int(value))


def money_eur(
    x: object, scale: MoneyScale = "auto", decimals: int | None = None, *, locale: str = LOCALE
) -> str:
    """An amount in euros: ``money_eur(62_700_000) == "€ 62,7 mln"`` (no-break spaces).

    `scale` ``"auto"`` picks ``mld`` from one billion, ``mln`` from one million and
    whole euros below that, by the size of the amount itself. `decimals` defaults
    to 1 for ``mln``/``mld`` (none when the amount is whole there: ``"€ 450 mln"``)
    and 0 for whole euros. Negative amounts follow CLDR Dutch order: ``"€ −1,5 mln"``.
    English (`locale` ``"en"``): ``"€62.7 million"``.
    """
    if is_missing(x):
        return MISSING
    value = _to_decimal(x)
    auto = scale == "auto"
    if scale == "auto":
        magnitude = abs(value)
        if magnitude >= _SCALES["mld"]:
            scale = "mld"
        elif magnitude >= _SCALES["mln"]:
            scale = "mln"
        else:
            scale = "eur"
    if scale not in _SCALES:
        raise ValueError(f"unknown money scale {scale!r}; use auto, eur, mln or mld")
    divisor = _SCALES[scale]
    places = decimals if decimals is not None else (0 if scale == "eur" else 1)
    rounded = _round(value / divisor, places)
    if auto and scale != "mld":
        # 999.960.000 would round to "1.000 mln": say "1 mld" as a reader would.
        bigger: MoneyScale = "mln" if scale == "eur" else "mld"
        if abs(rounded) * divisor >= _SCALES[bigger]:
            return money_eur(x, bigger, decimals, locale=locale)
    if decimals is None:
        places = _whole(rounded, places)
    prefix, words = _MONEY_WORDS[locale]
    return f"{prefix}{_format_rounded(rounded, places, locale)}{words[scale]}"


#: "€ 100", "€ −1,5": the space after the euro sign, before a number.
_EURO_SPACE = re.compile(r"€[ \t](?=[" + MINUS + r"+-]?\d)")
#: "62,7 mln", "608 fte": the space between a number and its unit word.
_UNIT_SPACE = re.compile(r"(?<=\d)[ \t](?=(?:mln|mld|fte)\b)")
#: A hyphen used as a minus: before a digit, after a space, bracket or the start, never
#: inside a range ("2015-2018"), a word ("COVID-19") or a number ("1.234-5").
_HYPHEN_MINUS = re.compile(r"(?<![\w.,/\-–" + MINUS + r"])-(?=\d)")
#: What `typeset` leaves alone: code spans and addresses (a hyphen there is a hyphen).
_LITERAL = re.compile(r"`[^`\n]*`|<?https?://[^\s)>\]]+>?|www\.[^\s)>\]]+")


_CANDIDATE = re.compile(r"[€-]|\d[ \t](?:mln|mld|fte)")


def _typeset_plain(text: str) -> str:
    text = _EURO_SPACE.sub("€" + NBSP, text)
    text = _UNIT_SPACE.sub(NBSP, text)
    return _HYPHEN_MINUS.sub(MINUS, text)


def typeset(text: str) -> str:
    """The typesetting rules of this module applied to text written by hand.

    A chapter's sentence may say "per € 100 mln" or "-2,3%" itself; the renderer
    passes every text it prints (prose, captions, cells, key figures) through here,
    so those get the no-break spaces and the minus sign of `money_eur` and `number`
    too. Code spans and web addresses are left as they are.
    """
    if not _CANDIDATE.search(text):
        return text  # the common case: nothing to do
    out: list[str] = []
    last = 0
    for m in _LITERAL.finditer(text):
        out.append(_typeset_plain(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_typeset_plain(text[last:]))
    return "".join(out)


def indicator_value(x: object, code: str, money: MoneyScale = "auto") -> str:
    """A value of indicator `code` as its catalogue says: money as money (at `money`'s
    scale), anything else as a number with the catalogue's decimals (counts 0); a
    staff figure carries its unit and no ",0" when whole (``"608 fte"``, ``"573,8 fte"``),
    so it cannot be read as a count of people."""
    indicator = catalogue().get(code)
    if indicator.is_money:
        return money_eur(x, money)
    if indicator.kind == "fte":
        shown = number(x, indicator.decimals, trim=True)
        return shown if shown == MISSING else f"{shown}{NBSP}fte"
    return number(x, indicator.decimals)


def percent(x: object, decimals: int = 0) -> str:
    """A fraction as a Dutch percentage: ``percent(0.627, 1) == "62,7%"``."""
    if is_missing(x):
        return MISSING
    return _format_rounded(_round(_to_decimal(x) * 100, decimals), decimals) + "%"


def level(x: object) -> str:
    """A probability as a percentage with the decimals it needs: ``level(0.95) == "95%"``,
    ``level(0.975) == "97,5%"`` (the level of an interval or a test, as the text names it)."""
    if is_missing(x):
        return MISSING
    return number(_to_decimal(x) * 100, 2).rstrip("0").rstrip(",") + "%"


def change(x: object, decimals: int = 1, *, locale: str = LOCALE) -> str:
    """A relative change (fraction) with explicit sign: ``change(0.123) == "+12,3%"``.

    Zero after rounding has no sign (``"0,0%"``): "+0,0%" would suggest growth.
    """
    if is_missing(x):
        return MISSING
    rounded = _round(_to_decimal(x) * 100, decimals)
    text = _format_rounded(rounded, decimals, locale) + "%"
    return "+" + text if rounded > 0 else text


def date_nl(d: object) -> str:
    """A date written out in Dutch: ``date_nl(date(2026, 11, 23)) == "23 november 2026"``.

    Accepts `datetime.date`, `datetime.datetime`, `pd.Timestamp` and ISO strings
    (``"2026-11-23"``); the time of day is ignored.
    """
    if is_missing(d):
        return MISSING
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    if isinstance(d, pd.Timestamp):
        d = d.date()
    if isinstance(d, dt.datetime):
        d = d.date()
    if not isinstance(d, dt.date):
        raise TypeError(f"not a date: {d!r}")
    return format_date(d, "d MMMM y", locale=LOCALE)


def text(x: object) -> str:
    """Free text as given; missing becomes `MISSING`, booleans become "ja"/"nee"."""
    if is_missing(x):
        return MISSING
    if isinstance(x, bool):
        return "ja" if x else "nee"
    return str(x)


# --- table formatting -------------------------------------------------------------------

_SPEC = re.compile(r"^(?P<kind>[a-z]+)(?::(?P<arg>[a-z0-9]+))?$")

#: Format kinds understood by `formatter`, and whether they right-align.
FORMAT_KINDS: Mapping[str, bool] = {
    "text": False,
    "number": True,
    "year": True,
    "money": True,
    "percent": True,
    "change": True,
    "date": True,
}


def formatter(spec: str) -> Callable[[object], str]:
    """The cell formatter for a format spec such as ``"number:1"`` or ``"money:mln"``.

    Specs are ``<kind>[:<arg>]``: ``text``, ``year``, ``date``, ``number[:decimals]``,
    ``percent[:decimals]``, ``change[:decimals]``, ``money[:auto|eur|mln|mld]``.
    A typo raises `ValueError` at once instead of printing a wrong table.
    """
    match = _SPEC.match(spec)
    if match is None or match["kind"] not in FORMAT_KINDS:
        raise ValueError(f"unknown format {spec!r}; kinds: {', '.join(FORMAT_KINDS)}")
    kind, arg = match["kind"], match["arg"]
    if kind in ("number", "percent", "change"):
        if arg is not None and not arg.isdigit():
            raise ValueError(f"format {spec!r}: the argument must be a number of decimals")
        default = 1 if kind == "change" else 0
        places = int(arg) if arg is not None else default
        fn = {"number": number, "percent": percent, "change": change}[kind]
        return lambda x: fn(x, places)
    if kind == "money":
        scales: dict[str, MoneyScale] = {"auto": "auto", "eur": "eur", "mln": "mln", "mld": "mld"}
        if (arg or "auto") not in scales:
            raise ValueError(f"format {spec!r}: scale must be auto, eur, mln or mld")
        money_scale = scales[arg or "auto"]
        return lambda x: money_eur(x, money_scale)
    if arg is not None:
        raise ValueError(f"format {spec!r}: {kind} takes no argument")
    return {"text": text, "year": year, "date": date_nl}[kind]


_YEAR_COLUMNS = frozenset({"year", "jaar"})


def default_format(series: pd.Series[Any]) -> str:
    """The format used for a table column that was given no format.

    Columns named ``year``/``jaar`` print as years; amounts in euros (a name ending in
    ``_eur`` or holding ``(EUR)`` / ``(€)``) as money, with ``€`` and without cents; dates
    as Dutch dates; other numbers with 0 decimals when every value is whole, else 1; the
    rest as text.
    """
    name = str(series.name).lower()
    if name in _YEAR_COLUMNS and pd.api.types.is_numeric_dtype(series):
        return "year"
    euros = name.endswith("_eur") or "(eur)" in name or "(€)" in name
    if euros and pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return "money"
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_numeric_dtype(series):
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        finite = values[np.isfinite(values)]
        whole = bool(np.all(finite == np.round(finite)))
        return "number" if whole else "number:1"
    return "text"


def alignment(spec: str) -> Literal["l", "r"]:
    """``"r"`` for numeric formats (so digits line up), ``"l"`` for text."""
    kind = spec.split(":", 1)[0]
    return "r" if FORMAT_KINDS.get(kind, False) else "l"


#: How a sentence computed from demonstration figures opens, so it reads as a statement
#: about the proefeditie, never as a fact about institutions.
TRIAL_LEAD = "In deze proefeditie: "


def in_trial(text: str, demo: bool) -> str:
    """`text` as a finding of the demonstration edition ('In deze proefeditie: het …')
    when `demo`, else unchanged. The first letter is lowered unless it starts an acronym."""
    if not demo or not text or text.startswith(TRIAL_LEAD):
        return text
    head = text[:1] if text[1:2].isupper() else text[:1].lower()
    return TRIAL_LEAD + head + text[1:]


# --- composed cells ---------------------------------------------------------------------


def p_value(x: object) -> str:
    """A p-value as a table writes it: ``"< 0,001"`` below 0.001, else three decimals."""
    if is_missing(x):
        return MISSING
    return "< 0,001" if float(_to_decimal(x)) < 0.001 else number(x, 3)


def value_range(low: object, high: object, fn: Callable[[object], str] = text) -> str:
    """Two bounds, each written by `fn`: ``"+1,0% tot +6,5%"``."""
    return f"{fn(low)} tot {fn(high)}"


def estimate_interval(
    estimate: object, low: object, high: object, fn: Callable[[object], str] = text
) -> str:
    """An estimate with its interval, each written by `fn`: ``"3,59 (2,92–4,48)"``; the
    estimate alone when the interval is a point or a bound is missing."""
    if is_missing(low) or is_missing(high) or low == high:
        return fn(estimate)
    return f"{fn(estimate)} ({fn(low)}–{fn(high)})"


def with_word(value: object, word: object, fn: Callable[[object], str] = text) -> str:
    """A value written by `fn` with a word in parentheses: ``"0,64 (achter)"``; the value
    alone without a word."""
    shown = fn(value)
    return f"{shown} ({word})" if isinstance(word, str) and word else shown


#: Formats of a cell composed of several values (`Column.reads` of a `Table`), each
#: applying an inner format (a spec of `formatter`) to every value it reads:
#: ``range:<spec>`` (low, high), ``estimate_interval:<spec>`` (estimate, low, high),
#: ``with_word:<spec>`` (value, word).
COMPOSITES: Mapping[str, Callable[..., str]] = {
    "range": value_range,
    "estimate_interval": estimate_interval,
    "with_word": with_word,
}


def cell_formatter(spec: str) -> Callable[..., str]:
    """The formatter of a composed cell: a composite spec (`COMPOSITES`: ``"range:change:1"``)
    takes the values it reads in order; ``"p_value"`` one p-value; any other spec is a
    `formatter` of one value."""
    name, _, inner = spec.partition(":")
    if name in COMPOSITES:
        composite, fn = COMPOSITES[name], formatter(inner or "text")
        return lambda *values: composite(*values, fn=fn)
    if spec == "p_value":
        return p_value
    return formatter(spec)
