"""The one escaping path per output format for every value that comes from data.

Why one module: an institution name, a consortium region or a source title is
typed by someone outside the project and reaches a browser (HTML), pandoc (prose
in Markdown), a spreadsheet (CSV downloads) and Typst (the PDF). Each format has
its own way of turning text into code; each gets exactly one function here, and
every writer calls it, so no writer can forget a case:

- `html`: text and attribute values in the site and the fallback HTML bundles.
- `markdown`: a data value placed inside prose that pandoc reads (a name in a
  sentence, a citation inside a footnote). Every character Markdown could read as
  syntax is backslash-escaped, so the value renders as the same text, whole, and
  never as a link, an attribute, raw HTML or the end of a footnote.
- `csv_text` / `csv_frame`: text cells of a published CSV. A cell that starts with
  `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel and
  LibreOffice (`=HYPERLINK(...)`, DDE); it gets a leading `'`, as OWASP recommends.
  Numbers (numeric columns, and text cells that are a plain number such as `-12`)
  are left as they are.
- Typst keeps its own single path, `analysis.publication.render.typst_syntax.ts` (a Typst string
  literal), because only the PDF renderer writes Typst.
"""

from __future__ import annotations

import html as _html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CSV_FORMULA_TRIGGERS", "csv_frame", "csv_text", "html", "markdown"]


def html(value: object) -> str:
    """`value` as HTML text, safe in element content and in quoted attribute values."""
    return _html.escape(str(value), quote=True)


#: Characters pandoc's Markdown may read as syntax anywhere in a line: escapes, code,
#: emphasis, links and footnotes, spans with attributes, autolinks and raw HTML, math,
#: super- and subscript, strikeout, entities, citations, table pipes.
_INLINE_SPECIAL = frozenset("\\`*_{}[]<>$^~&@|")
#: Characters that are syntax only in runs: `--`/`---` (dashes), `...` (ellipsis).
_RUN_SPECIAL = frozenset("-.")
#: Characters that are syntax at the start of a line: headings, lists, block quotes,
#: definition lists and fenced divs, setext underlines, title blocks.
_LINE_START_SPECIAL = frozenset("#+-*:=>%")
#: The start of an ordered list item: `1.`, `2)`, `(3)`, `a.`, `B)`, `iv.`, `(c)`.
_ORDERED_LIST_START = re.compile(r"\(?(?:[0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def markdown(value: object) -> str:
    """`value` as literal text inside pandoc Markdown prose: one line, no syntax left.

    Every character that could be read as Markdown where it stands is backslash-escaped
    (pandoc accepts a backslash before any ASCII punctuation); the rest is left as it
    is, so `Kamerstuk 32 637 nr. 339` or `Arnhem-Nijmegen` read the same in the source.
    Quotes are left alone and become typographic, like the rest of the prose. Line
    breaks become spaces and leading/trailing spaces are dropped: a value must not
    start a new paragraph, list, heading or code block.
    """
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    out: list[str] = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if (
            ch in _INLINE_SPECIAL
            or (
                ch in _RUN_SPECIAL
                and ((i > 0 and text[i - 1] == ch) or (i < last and text[i + 1] == ch))
            )
            or (i == 0 and ch in _LINE_START_SPECIAL)
        ):
            out.append("\\")
        out.append(ch)
    escaped = "".join(out)
    ordered = _ORDERED_LIST_START.match(escaped)
    if ordered:  # "1. x", "2) x", "A. x" would start an ordered list
        end = ordered.end() - 1
        escaped = escaped[:end] + "\\" + escaped[end:]
    return escaped


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
CSV_FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
#: A plain number written as text (`-12`, `+3.5`, `-1,5`, `1e-3`): data, not a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")


def csv_text(value: str) -> str:
    """A text cell for a published CSV: formula triggers neutralised with a leading `'`."""
    if value.startswith(CSV_FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` whose text cells and column names are safe to open in a spreadsheet.

    Only text is touched: numeric, boolean and date columns keep their values, and
    so do numbers stored in text columns. The writer that turns this into bytes is
    `analysis.publication.display.csv_files.csv_bytes`, the one place the report's CSV files are written.
    """
    import pandas as pd

    out = df.copy()
    out.columns = pd.Index(
        [csv_text(c) if isinstance(c, str) else c for c in out.columns], dtype=object
    )
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            safe = column.map(
                lambda v: csv_text(v) if isinstance(v, str) else v, na_action="ignore"
            )
            out.isetitem(position, safe.astype(column.dtype).to_numpy(dtype=object))
    return out
