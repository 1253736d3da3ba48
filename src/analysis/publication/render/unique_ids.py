"""Unique, name-derived ids: HTML element ids within a page, Typst labels within the PDF.

Table and chart names repeat (across chapters, or twice on one page); an id must not,
so the second `tab-x` becomes `tab-x-2`. One rule for both outputs keeps a site anchor
and a PDF label for the same table derived the same way.
"""

from __future__ import annotations

from analysis.publication.render.config import slug


class UniqueIds:
    """Hands out `prefix-slug(name)`, numbered from 2 when that id is already taken."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, prefix: str, name: str) -> str:
        base = f"{prefix}-{slug(name)}"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate
