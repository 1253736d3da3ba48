"""What a name or an id from outside may hold, so that no cell can break the edition.

A name travels into HTML, Typst, CSV, Vega-Lite and the PDF's outline. Escaping keeps
it from executing anywhere, but some characters still break a page or mislead a
reader: a NUL or a line break splits a CSV row or a Typst line, U+2028 ends a line in
JavaScript and Typst, and the bidirectional overrides (U+202E and kin) make a name
display as something else than it is ("Trojan Source"). They are refused where the
text enters the project (the importers) and where it lies (`validate`), with the
file, row and column, never discovered minutes later by the renderer.

Ids are slugs, because they become file names, HTML ids, Typst labels and URL parts.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: An id: lower-case ASCII letters and digits, words joined by `_` or `-` (`tud`, `umc_utrecht`).
SLUG: Final[re.Pattern[str]] = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")

#: Bidirectional formatting characters: embeddings, overrides and isolates. They reorder
#: how the text around them is displayed without being visible themselves.
BIDI_CONTROLS: Final[frozenset[str]] = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)
)
#: Every character `text_problem` refuses, for a fast first look at a cell.
_REFUSED = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + "".join(sorted(BIDI_CONTROLS))
    + _NONCHARACTERS
    + "]"
)


#: (English, Dutch) wording of what a refused character is.
_WHAT: dict[str, tuple[str, str]] = {
    "nul": ("NUL", "een NUL-teken"),
    "tab": ("a tab", "een tab"),
    "newline": ("a line break", "een regeleinde"),
    "return": ("a carriage return", "een regelterugloop"),
    "control": ("a control character", "een stuurteken"),
    "separator": ("a line or paragraph separator", "een regel- of alineascheiding"),
    "bidi": (
        "a bidirectional override, which reorders how the text is displayed",
        "een richtingsteken, dat de weergave van de tekst omkeert",
    ),
    "surrogate": ("an unpaired surrogate (not a character)", "een los surrogaat (geen teken)"),
    "noncharacter": ("a noncharacter", "een niet-teken"),
}


def text_problem(text: str, lang: str = "en") -> str | None:
    """Why `text` cannot be a name or a cell the reader sees, or None when it can.

    Refused: control characters (C0, DEL, C1: NUL, tab, line breaks, ...), the line
    and paragraph separators U+2028 / U+2029, bidirectional controls, unpaired
    surrogates and noncharacters. Ordinary Unicode letters, CJK and emoji pass; that the
    PDF's fonts can draw them is `analysis.glyphs`' concern. `lang`: `en` or `nl`.
    """
    found = _REFUSED.search(text)
    if found is None:
        return None
    char = text[found.start()]
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cc":
        kind = {0: "nul", 9: "tab", 10: "newline", 13: "return"}.get(code, "control")
    elif char in "\u2028\u2029":
        kind = "separator"
    elif char in BIDI_CONTROLS:
        kind = "bidi"
    elif category == "Cs":
        kind = "surrogate"
    else:
        kind = "noncharacter"
    english, dutch = _WHAT[kind]
    if lang == "nl":
        return f"bevat {dutch} (U+{code:04X})"
    return f"holds {english} (U+{code:04X})"


def slug_problem(text: str) -> str | None:
    """Why `text` cannot be an id, or None when it is a slug."""
    if SLUG.fullmatch(text):
        return None
    return (
        f"{shown(text)} is not an id: use lower-case letters a-z, digits and '_' or '-' "
        "between them (e.g. 'tud', 'umc_utrecht')"
    )


def shown(text: str, limit: int = 40) -> str:
    """`text` as it can be quoted in a one-line message: escaped, cut at `limit` characters."""
    cut = text if len(text) <= limit else text[:limit] + "…"
    return ascii(cut) if not cut.isprintable() else repr(cut)
