"""The site's search index: page titles, headings, institutions and indicators, as a script.

The search runs in the reader's browser from `file://`, where a page cannot `fetch` a
JSON file; the index is therefore a JavaScript file (`site/assets/zoekindex.js`,
`window.VM_SEARCH_INDEX = [...]`) that every page loads with a `<script>` tag, and
`assets/zoeken.js` searches it as the reader types.

The index is read back from the written pages, not from the documents, so every link
in it points at an element that exists: a page's `<h1>`, each `<h2>`/`<h3>` with an
id, each fact sheet (a page with a breadcrumb: one institution, titled with its name)
and each row of the appendix's indicator catalogue (`tab-indicatoren`). Entries keep
the pages' file order, so the same site gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
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
        return out


class _PageReader(HTMLParser):
    """Collects the page title (h1), headings with ids, the breadcrumb and indicator rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.headings: list[tuple[str, str]] = []  # (id, text)
        self.indicators: list[str] = []
        self.is_subpage = False
        self._capture: str | None = None  # "h1", "h2", "h3" or "indicator"
        self._capture_id = ""
        self._text: list[str] = []
        self._in_indicator_table = False
        self._depth_table = 0
        self._row_cell = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if "vm-breadcrumb" in classes:
            self.is_subpage = True
        if tag == "h1" and "vm-page-title" in classes:
            self._start("h1", "")
        elif tag in ("h2", "h3") and a.get("id") and self._capture is None:
            self._start(tag, a["id"])
        elif a.get("id") == INDICATOR_TABLE:
            self._in_indicator_table = True
        if self._in_indicator_table:
            if tag == "table":
                self._depth_table += 1
            elif tag == "tr":
                self._row_cell = 0
            elif tag in ("td", "th"):
                self._row_cell += 1
                if self._row_cell == 1 and a.get("scope") == "row":
                    self._start("indicator", "")

    def _start(self, kind: str, ident: str) -> None:
        self._capture, self._capture_id, self._text = kind, ident, []

    def handle_endtag(self, tag: str) -> None:
        if self._in_indicator_table and tag == "table":
            self._depth_table -= 1
            if self._depth_table == 0:
                self._in_indicator_table = False
        if self._capture is None:
            return
        done = {"h1": "h1", "h2": "h2", "h3": "h3", "indicator": "th"}[self._capture]
        if tag != done:
            return
        text = " ".join("".join(self._text).replace("\u00ad", "").split())
        if self._capture == "h1":
            self.title = text
        elif self._capture == "indicator":
            if text:
                self.indicators.append(text)
        elif text:
            self.headings.append((self._capture_id, text))
        self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._text.append(data)


def page_entries(file: str, html: str, aliases: Mapping[str, str] | None = None) -> list[Entry]:
    """The entries of one written page; `aliases` maps a page title to another name for it."""
    reader = _PageReader()
    reader.feed(html)
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
    return entries


def build_index(pages: Iterable[Path], aliases: Mapping[str, str] | None = None) -> list[Entry]:
    """Entries of every page, in file-name order (`index.html` first: the front page)."""
    ordered = sorted(pages, key=lambda p: (p.name != "index.html", p.name))
    out: list[Entry] = []
    for path in ordered:
        out += page_entries(path.name, path.read_text(encoding="utf-8"), aliases)
    return out


def index_script(entries: Iterable[Entry]) -> str:
    """The index as JavaScript (safe inside a `<script src>`: no `</script>` can close it)."""
    data = json.dumps(
        [e.as_json() for e in entries], ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    data = data.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"window.VM_SEARCH_INDEX = {data};\n"


def write_search(
    site_dir: Path, source_assets: Path, aliases: Mapping[str, str] | None = None
) -> list[Path]:
    """Write `assets/zoekindex.js` from the pages in `site_dir` and copy `assets/zoeken.js`."""
    pages = list(site_dir.glob("*.html"))
    index = site_dir / "assets" / INDEX_ASSET
    index.write_text(index_script(build_index(pages, aliases)), encoding="utf-8", newline="\n")
    script = site_dir / "assets" / SEARCH_SCRIPT
    script.write_text(
        (source_assets / SEARCH_SCRIPT).read_text(encoding="utf-8"), encoding="utf-8", newline="\n"
    )
    return [index, script]
