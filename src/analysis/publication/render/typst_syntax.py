"""Typst source text: string and array literals, and the origin comments.

`ts` is the only way text from data enters the generated Typst source (a string
literal, never markup); `origin_comment` marks where the content after it comes from,
so that `typst_compile` can name the page when Typst refuses a piece of text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def ts(text: str) -> str:
    """A Typst string literal: the only way data text enters the generated Typst source."""
    if not _NEEDS_ESCAPE.search(text):
        return f'"{text}"'  # the common case, 90,000 times for a thousand fact sheets
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            continue
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def typst_array(items: Sequence[str]) -> str:
    """A Typst array literal; the trailing comma keeps one-element arrays arrays."""
    return "(" + "".join(f"{i}, " for i in items) + ")"


def origin_comment(kind: str, text: str) -> str:
    """A Typst comment saying where the content after it comes from (`// vm-source: ...`).

    Comments leave the PDF as it is; when Typst refuses the PDF/UA-1 standard for a
    piece of text, `typst_compile` reads the nearest comments to say where that text
    came from. Line breaks are flattened: a comment ends at the end of its line.
    """
    flat = " ".join(text.split())
    return f"// vm-{kind}: {flat}"
