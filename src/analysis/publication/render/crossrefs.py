"""Cross-references and citations on the site as links: "hoofdstuk 3", "bijlage B", "[12]".

The chapters write their cross-references as the PDF prints them ("zie hoofdstuk 5,
‘Gevoeligheid voor aannames’", "bijlage B", "[2, 38]"). On paper that is enough; on the
site each one should take the reader there. The sentences stay as they are: the
renderer finds the references in the text of every written page and wraps them in
links, so the chapters never write a file name and the PDF is untouched.

* "hoofdstuk N" and "bijlage X" link to the page the PDF numbers so
  (`site_plan.chapter_numbers`); "hoofdstukken 2 tot en met 5" links each number.
  With a quoted section after it ("hoofdstuk 5, ‘Gevoeligheid voor aannames’" or
  "… onder ‘…’") and a heading of that title on the page, the whole phrase links to
  that heading.
* "[n]", "[n, m]" and the source lines under tables ("Bron: 3." / "Bronnen: 1, 7.")
  link each number to its entry of the reference list (`bron-<n>`, one id per row
  of the list's table, `REFERENCE_TABLE`).

Only text is rewritten, never a tag or an attribute (alt texts and `aria-label`s keep
their words), and nothing inside a link, a script, a form control or code. A number
or a chapter the edition does not have stays plain text, so a reference to another
document's "bijlage 1" is never mistaken for one of ours.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from analysis.publication import escape
from analysis.publication.render.site_plan import ANNEX, CHAPTER, Page

#: The reference list's table (`analysis.publication.chapters.appendix.REFERENCE_TABLE`):
#: its first column holds the number each source is cited by.
REFERENCE_TABLE = "bronnen"
#: The id of a reference list entry: `bron-12`.
REFERENCE_PREFIX = "bron-"

_e = escape.html

#: Elements whose text is never linked: links themselves, scripts, form controls, code.
_SKIP = frozenset(
    {"a", "script", "style", "title", "option", "select", "textarea", "button", "code", "pre"}
)
_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")

_NUM = r"(?:[0-9]{1,2}|[A-Z])"
#: "hoofdstuk 5", "Bijlage B", with an optional quoted section: ", ‘…’" or " onder ‘…’".
_SINGLE = re.compile(
    r"\b(?P<word>[Hh]oofdstuk|[Bb]ijlage)(?P<space>\s+|\u00a0)(?P<n>" + _NUM + r")\b"
    r"(?P<section>(?:,\s+|\s+onder\s+)‘(?P<title>[^’<]{1,100})’)?"
)
#: "hoofdstukken 2 tot en met 5", "bijlagen A en B": each number is linked.
_PLURAL = re.compile(
    r"\b(?P<word>[Hh]oofdstukken|[Bb]ijlagen)\s+(?P<list>"
    + _NUM
    + r"(?:(?:,\s*|\s+en\s+|\s+tot en met\s+)"
    + _NUM
    + r")*)\b"
)
_LIST_ITEM = re.compile(_NUM)
#: "[3]", "[2, 38]" (`analysis.data.sources.cite`): a space after each comma, so a Dutch
#: decimal in brackets ("[1,2]") is never read as two citations.
_CITATION = re.compile(r"\[(?P<list>[0-9]{1,3}(?:,\s+[0-9]{1,3})*)\]")
#: "Bron: 3." / "Bronnen: 1, 7, 8." under a table or figure (`sources.source_line`).
_SOURCE_LINE = re.compile(
    r"\b(?P<word>Bronnen?):\s+(?P<list>[0-9]{1,3}(?:,\s+[0-9]{1,3})*)(?=[.;]|\s*$)"
)
_NUMBER = re.compile(r"[0-9]{1,3}")
_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def _plain(fragment: str) -> str:
    """The text of an HTML fragment, compared loosely: no tags, soft hyphens or case."""
    text = html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\u00ad", "")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class LinkTargets:
    """Where each reference leads on this site."""

    #: ("hoofdstuk", "3") -> "03_europese_top.html"; ("bijlage", "B") -> "07_bijlagen.html".
    chapters: Mapping[tuple[str, str], str] = field(default_factory=dict)
    #: page file -> heading text (as `_plain` gives it) -> the heading's id.
    sections: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: "12" -> "07_bijlagen.html#bron-12".
    references: Mapping[str, str] = field(default_factory=dict)


def reference_targets(pages: Iterable[Page]) -> dict[str, str]:
    """Every number of the reference list with the address of its entry."""
    from analysis.publication.render.notebook import TableBlock

    out: dict[str, str] = {}
    for page in pages:
        for block in page.blocks:
            if isinstance(block, TableBlock) and block.name == REFERENCE_TABLE:
                for row in block.rows:
                    number = row[0].strip() if row else ""
                    if number.isdigit():
                        out.setdefault(number, f"{page.file}#{REFERENCE_PREFIX}{number}")
    return out


def headings(body: str) -> dict[str, str]:
    """The headings of a page body with an id, by their text: the first of a title wins."""
    out: dict[str, str] = {}
    for _level, ident, inner in _HEADING.findall(body):
        out.setdefault(_plain(inner), ident)
    return out


def link_targets(
    numbers: Mapping[str, tuple[str, str]],
    bodies: Mapping[str, str],
    pages: Iterable[Page],
) -> LinkTargets:
    """The targets from the chapter numbering, the written bodies and the reference list."""
    return LinkTargets(
        chapters={number: file for file, number in numbers.items()},
        sections={file: headings(body) for file, body in bodies.items()},
        references=reference_targets(pages),
    )


def chapter_refs(targets: LinkTargets) -> str:
    """The chapters and annexes as JSON for page scripts ("hoofdstuk 3" -> its page).

    `site.js` (`VMRefs.link`) links the references in text a script writes, such as the
    explorer's notes, to the same pages this module links in the written text.
    """
    import json

    return json.dumps(
        {f"{kind} {n}": file for (kind, n), file in sorted(targets.chapters.items())},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def _link(href: str, text: str) -> str:
    return f'<a class="vm-xref" href="{_e(href)}">{text}</a>'


def _href(target: str, here: str, prefix: str) -> str:
    """A link to `target` (`file` or `file#id`) from page `here` (`prefix` for sub-folders)."""
    file, _, anchor = target.partition("#")
    if file == here and anchor:
        return f"#{anchor}"
    return prefix + target


class _Linker:
    def __init__(self, targets: LinkTargets, here: str, prefix: str) -> None:
        self.targets = targets
        self.here = here
        self.prefix = prefix

    def chapter(self, word: str, number: str) -> str | None:
        kind = CHAPTER if word.lower().startswith(CHAPTER) else ANNEX
        if kind == CHAPTER and not number.isdigit():
            return None
        if kind == ANNEX and number.isdigit():
            return None  # "bijlage 1" is another document's annex: ours are lettered
        return self.targets.chapters.get((kind, number))

    def single(self, m: re.Match[str]) -> str:
        file = self.chapter(m["word"], m["n"])
        if file is None:
            return m.group(0)
        if m["section"]:
            title = _plain(m["title"])
            ident = self.targets.sections.get(file, {}).get(title)
            if ident is not None:
                return _link(_href(f"{file}#{ident}", self.here, self.prefix), m.group(0))
        return (
            _link(_href(file, self.here, self.prefix), f"{m['word']}{m['space']}{m['n']}")
            + m.group(0)[m.end("n") - m.start() :]
        )

    def plural(self, m: re.Match[str]) -> str:
        word = m["word"][: -len("ken")] if m["word"].lower().endswith("ken") else m["word"][:-1]

        def one(item: re.Match[str]) -> str:
            file = self.chapter(word, item.group(0))
            if file is None:
                return item.group(0)
            return _link(_href(file, self.here, self.prefix), item.group(0))

        return m.group(0)[: m.start("list") - m.start()] + _LIST_ITEM.sub(one, m["list"])

    def numbers(self, m: re.Match[str]) -> str:
        def one(item: re.Match[str]) -> str:
            target = self.targets.references.get(item.group(0))
            if target is None:
                return item.group(0)
            return _link(_href(target, self.here, self.prefix), item.group(0))

        start = m.start("list") - m.start()
        end = m.end("list") - m.start()
        whole = m.group(0)
        return whole[:start] + _NUMBER.sub(one, m["list"]) + whole[end:]

    def text(self, text: str) -> str:
        if not any(ch.isdigit() for ch in text) and "ijlage" not in text:
            return text
        text = _apply(_PLURAL, self.plural, text)
        text = _apply(_SINGLE, self.single, text)
        text = _apply(_CITATION, self.numbers, text)
        return _apply(_SOURCE_LINE, self.numbers, text)


def _apply(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], text: str) -> str:
    """`pattern.sub` over the parts of `text` that are not already inside a link."""
    pieces = re.split(r"(<a\b[^>]*>.*?</a>)", text, flags=re.S)
    return "".join(
        piece if piece.startswith("<a") else pattern.sub(replace, piece) for piece in pieces
    )


def link_references(
    body: str, targets: LinkTargets, *, here: str, prefix: str = "", chapters: bool = True
) -> str:
    """`body` with every cross-reference and citation in its text made a link.

    `here` is the page's own file (a link to a section of the same page becomes `#id`);
    `prefix` is put before every address (`"../"` on a page in a sub-folder).
    `chapters=False` links the citations only (a page in another language).
    """
    linker = _Linker(targets, here, prefix)
    if not chapters:
        linker.targets = LinkTargets(references=targets.references)
    out: list[str] = []
    skipping: dict[str, int] = {}
    for token in _TOKENS.split(body):
        if not token:
            continue
        if token.startswith("<"):
            tag = _TAG.match(token)
            if tag is not None and tag.group(2).lower() in _SKIP and not token.endswith("/>"):
                name = tag.group(2).lower()
                skipping[name] = max(0, skipping.get(name, 0) + (-1 if tag.group(1) else 1))
            out.append(token)
        elif any(skipping.values()):
            out.append(token)
        else:
            out.append(linker.text(token))
    return "".join(out)
