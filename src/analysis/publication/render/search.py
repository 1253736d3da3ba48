"""The site's search index: pages, headings, institutions, indicators, figures, tables and
names (peers, consortia, regions), as a script.

The search runs in the reader's browser from `file://`, where a page cannot `fetch` a
JSON file; the index is therefore a JavaScript file (`site/assets/zoekindex.js`,
`window.VM_SEARCH_INDEX = [...]`) that every page loads with a `<script>` tag, and
`assets/zoeken.js` searches it as the reader types.

The index is read back from the written pages, not from the documents, so every link
in it points at an element that exists: a page's `<h1>`, each `<h2>`/`<h3>` with an
id, each fact sheet (a page with a breadcrumb: one institution, titled with its name),
each row of the appendix's indicator catalogue (`tab-indicatoren`) and each figure and
table by its title. Names no page is titled by (the top's institutions, the programme's
consortia, regions and ecosystems: `Term`, given by `analysis.publication`) lead to
the table row or the pages that name them. Entries keep the pages' file order, then
the terms' order, so the same site gives the same bytes. `zoeken.js` matches every
word typed at the start of a word ("ETH" finds "ETH Zürich", never "Methode").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

#: The index file under `site/assets/`, and the script that searches it.
INDEX_ASSET = "zoekindex.js"
SEARCH_SCRIPT = "zoeken.js"
#: The appendix table whose rows are the indicators (`analysis.publication.chapters.appendix`).
INDICATOR_TABLE = "tab-indicatoren"

#: What an entry is, in the reader's words (shown beside each result).
KIND_PAGE = "Pagina"
KIND_HEADING = "Kop"
KIND_INSTITUTION = "Instelling"
KIND_INDICATOR = "Indicator"
KIND_FIGURE = "Figuur"
KIND_TABLE = "Tabel"
#: Names no page is titled by, found where the pages name them (`Term`).
KIND_PEER = "Europese top"
KIND_CONSORTIUM = "Consortium"
KIND_REGION = "Regio"
TERM_KINDS = frozenset({KIND_PEER, KIND_CONSORTIUM, KIND_REGION})
#: At most this many pages for a term that no table row names.
MAX_PLACES = 3


@dataclass(frozen=True)
class Term:
    """A name the search must find though no page or heading is titled by it.

    A peer of the top ("University of Oxford", also written "Oxford"), a consortium of
    the programme, a region or ecosystem ("Brainport Eindhoven"). `names` are the ways
    the pages write it; the first is what the result shows. Where it leads is read from
    the written pages (`term_entries`), never assumed.
    """

    kind: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One search result: the text matched, the page it is on, the link, the kind."""

    text: str
    page: str
    href: str
    kind: str
    #: Another name the entry is found by (an institution's short name), or "".
    alias: str = ""

    def as_json(self) -> dict[str, str]:
        out = {"t": self.text, "p": self.page, "u": self.href, "k": self.kind}
        if self.alias:
            out["a"] = self.alias
        if self.kind in TERM_KINDS:
            out["w"] = self.kind  # "consortium" finds every consortium
        return out


class _PageReader(HTMLParser):
    """Collects what a written page offers the search.

    The title (h1), headings with ids, the breadcrumb (a fact sheet), the title of every
    figure and table (`vm-figure-title`, without its basis badge), the row headers of
    every table in a figure (the indicator catalogue's are the indicators), and the
    text of the page body by the nearest element with an id before it, where a name the
    search knows (`Term`) can be found.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.headings: list[tuple[str, str]] = []  # (id, text)
        self.figures: list[tuple[str, str, str]] = []  # (id, kind, title)
        self.rows: list[tuple[str, str]] = []  # (figure id, row header)
        self.text: dict[str, list[str]] = {}  # nearest id before it -> text
        self.is_subpage = False
        self._capture: tuple[str, str, str] | None = None  # (what, id, tag)
        self._depth = 0
        self._text: list[str] = []
        self._figure = ""  # the id of the figure the parser is in
        self._figure_kind = ""
        self._figure_depth = 0
        self._row_cell = 0
        self._anchor = ""
        self._main = False
        self._skip = 0  # inside a script, a style or a basis badge
        self._skip_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "main":
            self._main = True
        if tag in ("script", "style") or "vm-badge" in classes:
            self._skip += 1
            self._skip_tag = tag
        if "vm-breadcrumb" in classes:
            self.is_subpage = True
        if self._capture is not None:
            if tag == self._capture[2]:
                self._depth += 1
            return
        if tag == "figure" and a.get("id") and not self._figure:
            self._figure, self._figure_depth = a["id"], 1
            table = "vm-figure-table" in classes or a["id"].startswith("tab-")
            self._figure_kind = KIND_TABLE if table else KIND_FIGURE
            self._anchor = a["id"]
        elif tag == "figure" and self._figure:
            self._figure_depth += 1
        if tag == "h1" and "vm-page-title" in classes:
            self._start("h1", "", tag)
        elif tag in ("h2", "h3") and a.get("id"):
            self._anchor = a["id"]
            self._start(tag, a["id"], tag)
        elif "vm-figure-title" in classes and self._figure:
            self._start("figure", self._figure, tag)
        elif self._figure:
            if tag == "tr":
                self._row_cell = 0
            elif tag in ("td", "th"):
                self._row_cell += 1
                if self._row_cell == 1 and a.get("scope") == "row":
                    self._start("row", self._figure, tag)

    def _start(self, what: str, ident: str, tag: str) -> None:
        self._capture, self._depth, self._text = (what, ident, tag), 1, []

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag == self._skip_tag:
            self._skip -= 1
        if tag == "main":
            self._main = False
        if tag == "figure" and self._figure:
            self._figure_depth -= 1
            if self._figure_depth == 0:
                self._figure = ""
        if self._capture is None or tag != self._capture[2]:
            return
        self._depth -= 1
        if self._depth:
            return
        what, ident, _ = self._capture
        self._capture = None
        text = " ".join("".join(self._text).replace("\u00ad", "").split())
        if not text:
            return
        if what == "h1":
            self.title = text
        elif what == "figure":
            self.figures.append((ident, self._figure_kind, text))
        elif what == "row":
            self.rows.append((ident, text))
        else:
            self.headings.append((ident, text))

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._capture is not None:
            self._text.append(data)
        if self._main:
            self.text.setdefault(self._anchor, []).append(data)

    @property
    def indicators(self) -> list[str]:
        return [text for ident, text in self.rows if ident == INDICATOR_TABLE]


def _read(html: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(html)
    reader.close()
    return reader


def _entries(file: str, reader: _PageReader, aliases: Mapping[str, str] | None) -> list[Entry]:
    title = reader.title or file
    kind = KIND_INSTITUTION if reader.is_subpage else KIND_PAGE
    entries = [Entry(title, title, file, kind, (aliases or {}).get(title, ""))]
    entries += [
        Entry(text, title, f"{file}#{ident}", KIND_HEADING) for ident, text in reader.headings
    ]
    entries += [
        Entry(text, title, f"{file}#{INDICATOR_TABLE}", KIND_INDICATOR)
        for text in dict.fromkeys(reader.indicators)
    ]
    entries += [Entry(text, title, f"{file}#{ident}", what) for ident, what, text in reader.figures]
    return entries


def _fold(text: str) -> str:
    """Text compared as the search compares it: no accents, no case, single spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.casefold().split())


def _count(names: Sequence[str], text: str) -> int:
    """How often any of `names` occurs in `text` as whole words."""
    return sum(
        len(re.findall(r"(?<![0-9a-z])" + re.escape(name) + r"(?![0-9a-z])", text))
        for name in names
    )


def term_entries(
    terms: Iterable[Term], pages: Sequence[tuple[str, _PageReader]], places: int = MAX_PLACES
) -> list[Entry]:
    """Where each term is found: its row in a table, else the pages that name it most.

    A table whose row is headed by one of the term's names (the consortia table's
    "Twente", the top's table's "KU Leuven") is where the term is described: one entry,
    to that table, the report's chapters before the fact sheets. Otherwise the term
    leads to at most `places` pages that name it (most mentions first, chapters before
    fact sheets), each at the element before its most mentions. A term no page names
    gets no entry: the search only leads to what is there.
    """
    ordered = sorted(enumerate(pages), key=lambda p: (p[1][1].is_subpage, p[0]))
    out: list[Entry] = []
    for term in terms:
        names = [n for n in dict.fromkeys(_fold(n) for n in term.names) if n]
        alias = ", ".join(term.names[1:])
        row = next(
            (
                (file, reader, ident)
                for _, (file, reader) in ordered
                for ident, text in reader.rows
                if _fold(text) in names
            ),
            None,
        )
        if row is not None:
            file, reader, ident = row
            out.append(
                Entry(term.names[0], reader.title or file, f"{file}#{ident}", term.kind, alias)
            )
            continue
        found: list[tuple[bool, int, int, str, _PageReader, str]] = []
        for n, (file, reader) in ordered:
            counts = {
                anchor: _count(names, _fold(" ".join(parts)))
                for anchor, parts in reader.text.items()
            }
            total = sum(counts.values())
            if total:
                best = max(counts, key=lambda a: (counts[a], -list(counts).index(a)))
                found.append((reader.is_subpage, -total, n, file, reader, best))
        for _, _, _, file, reader, anchor in sorted(found, key=lambda f: f[:3])[:places]:
            href = f"{file}#{anchor}" if anchor else file
            out.append(Entry(term.names[0], reader.title or file, href, term.kind, alias))
    return out


def build_index(
    pages: Iterable[Path],
    aliases: Mapping[str, str] | None = None,
    terms: Iterable[Term] = (),
) -> list[Entry]:
    """Entries of every page, in file-name order (`index.html` first: the front page), then
    the terms (`term_entries`) in the order given.

    A figure the front page repeats from a chapter is listed once, in its chapter.
    """
    ordered = sorted(pages, key=lambda p: (p.name != "index.html", p.name))
    read = [(path.name, _read(path.read_text(encoding="utf-8"))) for path in ordered]
    out: list[Entry] = []
    for file, reader in read:
        out += _entries(file, reader, aliases)
    elsewhere = {
        (e.kind, e.text)
        for e in out
        if e.kind in (KIND_FIGURE, KIND_TABLE) and not e.href.startswith("index.html")
    }
    out = [
        e
        for e in out
        if not (
            e.href.startswith("index.html#")
            and e.kind in (KIND_FIGURE, KIND_TABLE)
            and (e.kind, e.text) in elsewhere
        )
    ]
    return out + term_entries(terms, read)


def index_script(entries: Iterable[Entry]) -> str:
    """The index as JavaScript (safe inside a `<script src>`: no `</script>` can close it)."""
    data = json.dumps(
        [e.as_json() for e in entries], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    data = data.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"window.VM_SEARCH_INDEX = {data};\n"


def write_search(
    site_dir: Path,
    source_assets: Path,
    aliases: Mapping[str, str] | None = None,
    terms: Iterable[Term] = (),
) -> list[Path]:
    """Write `assets/zoekindex.js` from the pages in `site_dir` and copy `assets/zoeken.js`."""
    pages = list(site_dir.glob("*.html"))
    index = site_dir / "assets" / INDEX_ASSET
    index.write_text(
        index_script(build_index(pages, aliases, terms)), encoding="utf-8", newline="\n"
    )
    script = site_dir / "assets" / SEARCH_SCRIPT
    script.write_text(
        (source_assets / SEARCH_SCRIPT).read_text(encoding="utf-8"), encoding="utf-8", newline="\n"
    )
    return [index, script]
