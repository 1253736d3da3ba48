"""A table set as a numbered list (the reference list): its entries, anchors and links.

`Table(..., numbered_list="bron")` marks a table whose first column is an
entry's number, whose second column is its text and whose third, if any, is the entry's
address (the source's locator). Both renderers set it as a list in body size, each entry
anchored `<prefix>-<number>` (a site id, a PDF label), so a citation '[3]' can link to
entry 3. A web address in the text becomes a link only when it is the entry's own
address: an address that data put into a title or a name stays text. The text is split
here once, so the site and the PDF link the same addresses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.publication.render.notebook import TableBlock

#: A web address inside an entry: up to a space, ';' or ','. A final '.', ')' or '’'
#: belongs to the sentence, not to the address.
_ADDRESS = re.compile(r"https?://[^\s;,]+")
_TRAILING = ".)’'\""


@dataclass(frozen=True)
class Entry:
    """One entry of a numbered list: its number (as shown), anchor and text."""

    number: str
    anchor: str
    text: str
    #: The web addresses of the entry's own address column: the only ones linked.
    links: frozenset[str] = frozenset()

    def segments(self) -> list[tuple[str, bool]]:
        """The text as (piece, is_link) pieces, in order; joined they are the text."""
        return [
            (piece, address and piece in self.links)
            for piece, address in address_segments(self.text)
        ]


def address_segments(text: str) -> list[tuple[str, bool]]:
    """`text` split into plain pieces and web addresses (True), in order."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _ADDRESS.finditer(text):
        address = match.group(0).rstrip(_TRAILING)
        if not address.partition("://")[2]:
            continue
        start, end = match.start(), match.start() + len(address)
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((address, True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def entry_anchor(prefix: str, number: str) -> str:
    """The anchor of entry `number`: 'bron-3'."""
    return f"{prefix}-{number.strip()}"


def entries(table: TableBlock) -> list[Entry]:
    """The list's entries: number from the first column, text from the second, the
    addresses that may be linked from the third."""
    out: list[Entry] = []
    for row in table.rows:
        cells: Sequence[str] = row
        number = cells[0].strip() if cells else ""
        text = cells[1].strip() if len(cells) > 1 else ""
        own = cells[2] if len(cells) > 2 else ""
        links = frozenset(piece for piece, address in address_segments(own) if address)
        out.append(Entry(number, entry_anchor(table.numbered_list, number), text, links))
    return out
