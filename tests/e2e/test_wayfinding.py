"""Finding one's way on the built site, in both editions: links and search.

* Every cross-reference ("hoofdstuk 3", "bijlage B", "hoofdstukken 2 tot en met 5") and
  every citation ("[12]", "Bronnen: 1, 7.") in the text of a page is a link, and each
  such link leads to a page and an element that exist.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import Built

#: Text that must be inside a link: our chapters are numbered, our annexes lettered.
REFERENCE = re.compile(
    r"\b(?:[Hh]oofdstuk(?:ken)?\s+[0-9]+|[Bb]ijlagen?\s+[A-Z]\b)"
    r"|\[[0-9]{1,3}(?:,\s+[0-9]{1,3})*\]"
    r"|\bBronnen?:\s+[0-9]{1,3}(?:,\s+[0-9]{1,3})*(?=[.;]|\s*$)"
)
#: Where no link can be: scripts, styles, the page title, form controls.
NO_LINK_HERE = {"script", "style", "title", "option", "select", "textarea", "button"}


class _Text(HTMLParser):
    """The page's text outside links (in runs), its cross-reference links and its ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unlinked: list[str] = []
        self.xrefs: list[str] = []
        self.ids: set[str] = set()
        self._inside: list[str] = []
        self._run: list[str] = []

    def _flush(self) -> None:
        if self._run:
            self.unlinked.append(" ".join("".join(self._run).split()))
            self._run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" or tag in NO_LINK_HERE:
            self._flush()
            self._inside.append(tag)
            if tag == "a" and "vm-xref" in (a.get("class") or "").split():
                self.xrefs.append(str(a.get("href") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self._inside and tag == self._inside[-1]:
            self._inside.pop()
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "figcaption", "div", "span"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._inside:
            self._run.append(data)


def _read(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    parser._flush()
    return parser


@pytest.fixture(params=["built", "published"])
def edition(request: pytest.FixtureRequest) -> Built:
    built: Built = request.getfixturevalue(request.param)
    return built


def test_every_cross_reference_and_citation_is_a_link_that_leads_somewhere(
    edition: Built,
) -> None:
    pages = [*sorted(edition.site.glob("*.html")), edition.site / "en" / "index.html"]
    read = {page: _read(page) for page in pages}
    unlinked = [
        f"{page.relative_to(edition.site)}: …{m.group(0)}… in {text[:120]!r}"
        for page, parsed in read.items()
        for text in parsed.unlinked
        for m in REFERENCE.finditer(text)
        # The English page cites the Dutch list; it has no Dutch chapter references.
        if not (page.parent.name == "en" and not m.group(0).startswith("["))
    ]
    assert not unlinked, "\n".join(unlinked[:20])
    linked = 0
    for page, parsed in read.items():
        for href in parsed.xrefs:
            linked += 1
            parts = urlsplit(href)
            target = (page.parent / parts.path).resolve() if parts.path else page
            assert target.is_file(), f"{page.name}: {href} leads to no page"
            if parts.fragment:
                ids = read[target].ids if target in read else _read(target).ids
                assert parts.fragment in ids, f"{page.name}: {href} leads to no element"
    # Both editions cite sources and refer to chapters: there is something to link.
    assert linked > 20
