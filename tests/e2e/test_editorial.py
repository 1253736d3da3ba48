"""Editorial gate (issue 12, item 3): what a reader sees is Dutch, clean and cites by number.

The gate reads the end-to-end build as a reader meets it: the PDF through `pdftotext`
(one unit per page) and every site page (its visible text, the `aria-label`, `alt`,
`title` and `placeholder` attributes, the axis, legend and tooltip titles of each chart
spec and the text of the chart drawings the page shows). Each rule below fails on any
hit and prints the page and the offending text with some context, so the fix is found
without opening the build.

The numbered reference list (section "Bronnenlijst" of the appendix) holds the original
titles of the sources, which may be English; it is excluded from the language and
identifier rules by a stable marker: on the site the section from
``<h2 id="bronnenlijst">`` to the next ``<h2``, in the PDF the lines from the section
heading ``<letter>.<n> Bronnenlijst`` to the next section heading. The list itself has
its own checks (numbered 1..N, every entry cited, no internal notes, no test-only
source).

The rule functions at the top are plain functions of text; the tests at the bottom
of this file that do not need the build check them on known inputs, so no rule can
pass by being unable to fail.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from .conftest import ROOT, Built, needs

# --------------------------------------------------------------------------- word lists

#: English words a Dutch report cannot contain. Each entry is an English word that is
#: not also a Dutch word, so a hit is always a leak (a status code, a note, a column
#: title or a sentence in English). Matched as whole words, case-insensitive.
ENGLISH_WORDS: dict[str, str] = {
    "the": "article; Dutch 'de'/'het'",
    "and": "conjunction; Dutch 'en'",
    "with": "preposition; Dutch 'met'",
    "without": "preposition; Dutch 'zonder'",
    "for": "preposition; Dutch 'voor'",
    "from": "preposition; Dutch 'uit'/'van'",
    "not": "negation, also in the status 'not found'; Dutch 'niet'",
    "found": "status 'not found'; Dutch 'gevonden'",
    "recorded": "internal note 'not recorded in the reference material'",
    "reference": "internal note / column title; Dutch 'referentie'",
    "material": "internal note 'reference material'",
    "secondary": "status code; Dutch 'uit secundaire bron'",
    "inferred": "status code; Dutch 'afgeleid'",
    "assumption": "status code; Dutch 'aanname'",
    "assumptions": "plural of a status code",
    "demonstration": "status code / source id; Dutch 'demonstratiegegevens'",
    "seed": "generator jargon and internal note; Dutch 'startwaarde'",
    "seeded": "generator jargon; Dutch 'met vaste startwaarde'",
    "calibrated": "generator jargon; Dutch 'gekalibreerd'",
    "verify": "internal note; Dutch 'controleren'",
    "page": "Dutch 'pagina'",
    "address": "internal note 'exact page address'; Dutch 'adres'",
    "approximate": "value type; Dutch 'benaderd'/'ongeveer'",
    "approximately": "Dutch 'ongeveer'",
    "lower": "value type 'lower bound'; Dutch 'ondergrens'",
    "upper": "value type 'upper bound'; Dutch 'bovengrens'",
    "bound": "value type 'lower/upper bound'; Dutch 'grens'",
    "read": "status code; Dutch 'gelezen in de bron'",
    "figures": "Dutch 'cijfers'",
    "source": "Dutch 'bron'",
    "sources": "Dutch 'bronnen'",
    "report": "Dutch 'rapport'",
    "rule": "validation column title; Dutch 'regel'",
    "warning": "validation outcome; Dutch 'waarschuwing'",
    "passed": "validation outcome; Dutch 'geslaagd'",
    "failed": "validation outcome; Dutch 'fout'",
    "skipped": "validation outcome; Dutch 'overgeslagen'",
    "share": "column title; Dutch 'aandeel'",
    "value": "column title; Dutch 'waarde'",
    "year": "column title; Dutch 'jaar'",
    "total": "column title; Dutch 'totaal'",
    "level": "column title; Dutch 'niveau'",
    "central": "scenario variant; Dutch 'centraal'",
    "low": "scenario variant; Dutch 'laag'",
    "high": "scenario variant; Dutch 'hoog'",
    "nan": "a missing float printed raw; Dutch text shows '–'",
    "none": "Python's None printed raw",
    "null": "JSON null printed raw",
    "true": "a boolean printed raw; Dutch 'ja'",
    "false": "a boolean printed raw; Dutch 'nee'",
    "todo": "internal note",
    "fixme": "internal note",
}

#: Words deliberately NOT in the list, because they are Dutch as well (a hit would be a
#: false alarm): 'of' (Dutch 'or'), 'model' ('push-model'), 'status' (a Dutch noun;
#: status *codes* are caught as codes), 'exact' ('geen exact getal'), 'data'
#: ('demonstratiedata'), 'indicator', 'scenario', 'is', 'in', 'per', 'type', 'net',
#: 'top', 'ranking' (the Leiden Ranking is a proper name), 'spin-off', 'startup'.

#: Internal working notes that must never reach a reader (case-insensitive substrings,
#: except the last two, which are matched as written).
INTERNAL_NOTES: tuple[str, ...] = (
    "te controleren",
    "nog controleren",
    "verify",
    "not recorded",
    "reference material",
    "seed",
    "todo",
    "fixme",
    "xxx",
)
INTERNAL_NOTES_EXACT: tuple[str, ...] = ("NB:", "N.B.:")

#: Notes from the workshop that reached print in the 2025 edition (issue 23, item 5):
#: how a figure was read, which package a copy came from, which command made the data,
#: which program checked it. Case-insensitive substrings, on the PDF (reference list
#: included) and on every site page.
WORKSHOP_NOTES: tuple[str, ...] = (
    "beschadigde PDF-tekst",
    "niet nagekeken",
    "helptekst van het R-pakket",
    "opdracht 'valorisatiemonitor demo'",
    "valorisatiemonitor demo",
    "Great Expectations",
)

#: The machine record (software and versions, input hashes) belongs in manifest.json and on
#: the site's pages; the PDF's colophon names the edition, the date, the contact and one
#: address. Matched in the PDF outside the reference list, as whole words.
PDF_TOOL_NAMES: tuple[str, ...] = (
    "Python",
    "pandas",
    "numpy",
    "statsmodels",
    "scikit-learn",
    "altair",
    "papermill",
    "vl-convert",
    "vl-convert-python",
    "pypandoc",
    "pypandoc-binary",
    "Typst",
    "typst",
    "great-expectations",
    "SHA-256",
    "inhoudshash",
)
_VERSION = re.compile(r"\bversie \d+(?:\.\d+)+")
_HASH = re.compile(r"(?<![\w/.-])[0-9a-f]{16,64}(?![\w/.-])")

#: The source status codes of `data/raw/sources.csv` and the tables (data/raw/README.md).
STATUS_CODES: tuple[str, ...] = (
    "read",
    "inferred",
    "secondary",
    "not found",
    "assumption",
    "demonstration",
)

#: How a source's status is written for a reader (editorial rules), exactly.
DUTCH_STATUSES: frozenset[str] = frozenset(
    {
        "gelezen in de bron",
        "uit secundaire bron",
        "afgeleid",
        "aanname",
        "niet gevonden",
        "demonstratiegegevens",
    }
)

#: The reference list's stable markers (appendix section heading and its id).
LIST_ID = "bronnenlijst"
LIST_HEADING = "Bronnenlijst"

# --------------------------------------------------------------------------- text units


@dataclass(frozen=True)
class Unit:
    """One piece of reader-visible text and where a reader meets it."""

    where: str
    text: str


@dataclass(frozen=True)
class Hit:
    rule: str
    where: str
    found: str
    context: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.found!r} in …{self.context}…"


def _normalise(text: str) -> str:
    """Soft hyphens joined (a word broken over two lines is one word again), spaces collapsed."""
    text = text.replace("\u00ad\n", "").replace("\u00ad", "")
    return re.sub(r"[ \t\u00a0\u202f]+", " ", text)


_PDF_HEADING = re.compile(r"^\s*[A-Z]\.\d+\s+\S")
_PDF_LIST_HEADING = re.compile(rf"^\s*[A-Z]\.\d+\s+{LIST_HEADING}\s*$")


def split_pdf_reference_list(pages: list[str]) -> tuple[list[str], str]:
    """The PDF pages without the reference list, and the list's own text.

    The list runs from its section heading ('B.3 Bronnenlijst') to the next section
    heading of the annex (a line starting with '<letter>.<n> '); contents lines carry
    dot leaders and page numbers, so they never match the bare heading.
    """
    kept: list[str] = []
    listed: list[str] = []
    inside = False
    for page in pages:
        lines_kept: list[str] = []
        for line in page.split("\n"):
            if _PDF_LIST_HEADING.match(line):
                inside = True
                listed.append(line)
                continue
            if inside and _PDF_HEADING.match(line) and "Bronnenlijst" not in line:
                inside = False
            (listed if inside else lines_kept).append(line)
        kept.append("\n".join(lines_kept))
    return kept, "\n".join(listed)


def pdf_pages(pdf: Path) -> list[str]:
    """The PDF's text per page in content order (`pdftotext -raw`: a hyphen at a line end is kept,
    so "spin-\noffs" never reads as the code "spinoffs")."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.split("\f")


def pdf_units(pdf: Path) -> tuple[list[Unit], str]:
    pages, listed = split_pdf_reference_list(pdf_pages(pdf))
    units = [
        Unit(f"PDF pagina {n}", _normalise(text)) for n, text in enumerate(pages, 1) if text.strip()
    ]
    return units, _normalise(listed)


class _Visible(HTMLParser):
    """Collects what a browser shows of a page: text outside scripts and styles, and the
    attributes read aloud or shown on hover."""

    SKIP = frozenset({"script", "style", "template", "noscript"})
    ATTRS = ("aria-label", "alt", "title", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.specs: list[str] = []
        self._skip = 0
        self._heading = 0
        self._spec = False
        self._heading_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in self.ATTRS:
            value = values.get(name)
            if value:
                self.attrs.append((name, value))
        if tag == "script" and values.get("type") == "application/json":
            self._spec = True
        if tag in self.SKIP:
            self._skip += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "nav"):
            self._heading += 1
        if tag in ("p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "figcaption", "br"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag == "script":
            self._spec = False
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "nav") and self._heading:
            self._heading -= 1
            if not self._heading:
                self.headings.append("".join(self._heading_text))
                self._heading_text = []
        if tag in ("td", "th"):
            self.text.append(" | ")

    def handle_data(self, data: str) -> None:
        if self._spec:
            self.specs.append(data)
        if self._skip:
            return
        self.text.append(data)
        if self._heading:
            self._heading_text.append(data)


_AXIS_CHANNELS = frozenset({"x", "y"})
_LEGEND_CHANNELS = frozenset({"color", "fill", "stroke", "size", "shape", "opacity", "strokeDash"})
_HEADER_CHANNELS = frozenset({"row", "column", "facet"})


def _shown_title(channel: str, item: dict[str, object]) -> str | None:
    """The title a reader sees for one encoding: the guide's title, the encoding's, else the field."""
    guide_key = (
        "axis"
        if channel in _AXIS_CHANNELS
        else "legend"
        if channel in _LEGEND_CHANNELS
        else "header"
        if channel in _HEADER_CHANNELS
        else None
    )
    if channel != "tooltip" and guide_key is None:
        return None
    guide = item.get(guide_key, {}) if guide_key else {}
    if guide is None:
        return None  # no axis, legend or header drawn
    for holder in (guide, item):
        if isinstance(holder, dict) and "title" in holder:
            title = holder["title"]
            if title is None:
                return None
            return " ".join(map(str, title)) if isinstance(title, list) else str(title)
    field = item.get("field")
    return str(field) if field is not None else None


def _spec_titles(spec: object) -> Iterator[str]:
    """What a chart shows as axis, legend, header and tooltip titles (also in layers)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("datasets", "config", "data", "$schema"):
                continue
            if key == "encoding" and isinstance(value, dict):
                for channel, encoded in value.items():
                    for item in encoded if isinstance(encoded, list) else [encoded]:
                        if isinstance(item, dict):
                            shown = _shown_title(str(channel), item)
                            if shown:
                                yield shown
            else:
                yield from _spec_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _spec_titles(item)


def _svg_text(svg: str) -> str:
    return " ".join(
        html.unescape(t) for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.S)
    )


def split_site_reference_list(page: str) -> tuple[str, str]:
    """A page's HTML without the reference list section, and the section's own HTML."""
    start = page.find(f'<h2 id="{LIST_ID}"')
    if start < 0:
        return page, ""
    end = page.find("<h2", start + 4)
    if end < 0:
        end = page.find("</article>", start)
    if end < 0:
        end = len(page)
    return page[:start] + page[end:], page[start:end]


@dataclass(frozen=True)
class SitePage:
    name: str
    units: list[Unit]
    headings: list[str]
    reference_list: str  # the list section's HTML ('' on other pages)
    html: str  # the page without the list


PROVENANCE = re.compile(
    r'<section class="vm-provenance" aria-labelledby="herkomst-bronnen">.*?</section>', re.S
)


def site_page(path: Path, charts: Path) -> SitePage:
    raw = path.read_text(encoding="utf-8")
    body, listed = split_site_reference_list(raw)
    parser = _Visible()
    # The data page's provenance of the sources is the machine record (how each copy was
    # read, what is still to be checked), kept on the site on purpose (issue 23, items 4
    # and 5); the reader's text is the rest.
    parser.feed(PROVENANCE.sub(" ", body))
    name = path.name
    units = [Unit(name, _normalise("".join(parser.text)))]
    units += [Unit(f"{name} [{attr}]", _normalise(value)) for attr, value in parser.attrs]
    for text in parser.specs:
        try:
            spec = json.loads(text)
        except json.JSONDecodeError:
            continue
        titles = [t for t in _spec_titles(spec) if t]
        if titles:
            units.append(Unit(f"{name} [titels in figuur]", " | ".join(titles)))
    for chart in re.findall(r'data-for="chart-([a-z0-9_-]+)"', body):
        svg = charts / f"{chart}.svg"
        if svg.exists():
            units.append(
                Unit(f"{name} [figuur {chart}]", _normalise(_svg_text(svg.read_text("utf-8"))))
            )
    return SitePage(name, units, parser.headings, listed, body)


def site_pages(built_site: Path, charts: Path) -> list[SitePage]:
    return [site_page(p, charts) for p in sorted(built_site.glob("*.html"))]


# --------------------------------------------------------------------------- rules

_URL = re.compile(r"(?:https?://|www\.)\S+")
#: Download links and input files a reader may need to open: `data/x.csv`,
#: `charts/x.svg`, `kt_metrics/2025/tud.csv`, `valorisatiemonitor-2025.pdf`.
_PATH = re.compile(
    r"(?<![\w/])[\w.-]+(?:/[\w.-]+)*\.(?:csv|svg|json|pdf|parquet|xlsx)\b|\b[\w-]+/(?:\d{4}/)?(?=\s|\)|$)"
)


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    return text[max(0, start - width) : end + width].replace("\n", " ")


def _without_links(text: str) -> str:
    """URLs and file paths blanked (same length, so offsets stay valid)."""
    text = _URL.sub(lambda m: " " * len(m.group(0)), text)
    return _PATH.sub(lambda m: " " * len(m.group(0)), text)


def english_hits(unit: Unit) -> list[Hit]:
    text = _without_links(unit.text)
    hits = []
    for m in re.finditer(r"[A-Za-z]+(?:'[a-z]+)?", text):
        word = m.group(0).lower()
        if word in ENGLISH_WORDS:
            # A word glued to a hyphen is part of a Dutch compound ('open-data-portaal').
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if before == "-" or after == "-":
                continue
            hits.append(Hit("Engels", unit.where, m.group(0), _context(text, m.start(), m.end())))
    return hits


def internal_note_hits(unit: Unit) -> list[Hit]:
    hits = []
    lower = unit.text.lower()
    for note in INTERNAL_NOTES:
        for m in re.finditer(re.escape(note), lower):
            if note == "xxx" and re.search(r"\d", unit.text[m.start() - 1 : m.end() + 1]):
                continue
            hits.append(
                Hit(
                    "werknotitie",
                    unit.where,
                    unit.text[m.start() : m.end()],
                    _context(unit.text, m.start(), m.end()),
                )
            )
    for note in INTERNAL_NOTES_EXACT:
        for m in re.finditer(re.escape(note), unit.text):
            hits.append(
                Hit("werknotitie", unit.where, note, _context(unit.text, m.start(), m.end()))
            )
    return hits


def workshop_hits(unit: Unit) -> list[Hit]:
    """The workshop notes of `WORKSHOP_NOTES` in one unit of text."""
    lower = unit.text.lower()
    return [
        Hit(
            "werkplaats",
            unit.where,
            unit.text[m.start() : m.end()],
            _context(unit.text, m.start(), m.end()),
        )
        for note in WORKSHOP_NOTES
        for m in re.finditer(re.escape(note.lower()), lower)
    ]


def machine_record_hits(unit: Unit) -> list[Hit]:
    """Tool names, package versions and hashes in printed text (`PDF_TOOL_NAMES`)."""
    text = unit.text
    hits = [
        Hit("programma", unit.where, m.group(0), _context(text, m.start(), m.end()))
        for name in PDF_TOOL_NAMES
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
    ]
    hits += [
        Hit(rule, unit.where, m.group(0), _context(text, m.start(), m.end()))
        for rule, pattern in (("versie", _VERSION), ("hash", _HASH))
        for m in pattern.finditer(text)
    ]
    return hits


def load_indicator_codes() -> list[str]:
    with (ROOT / "data" / "raw" / "indicators.csv").open(encoding="utf-8") as handle:
        return [row["indicator"] for row in csv.DictReader(handle)]


_SNAKE = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")


def identifier_hits(
    unit: Unit, indicator_codes: Iterable[str], rule_ids: Iterable[str]
) -> list[Hit]:
    """Indicator codes, status and rule codes, `profiel:<x>` and any snake_case token."""
    text = _without_links(unit.text)
    hits = []
    for m in _SNAKE.finditer(text):
        hits.append(Hit("code", unit.where, m.group(0), _context(text, m.start(), m.end())))
    single = [c for c in (*indicator_codes, *rule_ids) if "_" not in c]
    for code in single:
        for m in re.finditer(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text):
            hits.append(Hit("code", unit.where, m.group(0), _context(text, m.start(), m.end())))
    for m in re.finditer(r"\bprofiel:\w+", text):
        hits.append(Hit("code", unit.where, m.group(0), _context(text, m.start(), m.end())))
    for m in re.finditer(r"(?i)(?<![\w-])not found(?![\w-])", text):
        hits.append(Hit("statuscode", unit.where, m.group(0), _context(text, m.start(), m.end())))
    return hits


#: A number with a point between digits ('0.15', '1.234', '4.4', '2.0.1').
_POINTED = re.compile(r"(?<![\w.,])\d+(?:\.\d+)+(?:,\d+)?(?![\w]|\.\d)")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_SECTION_WORDS = re.compile(
    r"(?i)(?:hoofdstuk|hoofdstukken|paragraaf|paragrafen|par\.|sectie|secties|§|bijlage|onderdeel)\s*(?:\d+(?:\.\d+)*\s*(?:,|en|of|tot|–|-)\s*)*$"
)


def decimal_point_hits(unit: Unit, headings: Iterable[str] = ()) -> list[Hit]:
    """Decimal points in numbers: '0.15' must be '0,15'.

    Allowed: thousands separators ('1.234', '12.345.678', '1.234,5': groups of exactly
    three digits after a first group without a leading zero); section numbers in
    headings and in the contents (a line starting with '4.4 ' followed by a word, or any
    number in a heading of a site page); section numbers in cross-references (after
    'hoofdstuk', 'paragraaf', '§', 'bijlage', also in enumerations 'paragraaf 4.2 en
    4.4'); version numbers with three or more parts ('2.2.3'); numbers in URLs and
    file names; software versions after the word 'versie' ('versie 1.17').
    """
    text = _without_links(unit.text)
    heading_numbers = {m.group(0) for h in headings for m in re.finditer(r"\d+(?:\.\d+)+", h)}
    hits = []
    for m in _POINTED.finditer(text):
        token = m.group(0)
        if _THOUSANDS.fullmatch(token):
            continue
        if token.count(".") >= 2 and "," not in token and not _THOUSANDS.fullmatch(token):
            continue  # a version number: 2.2.3
        if token in heading_numbers:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before_on_line = text[line_start : m.start()]
        after = text[m.end() : m.end() + 3]
        if not before_on_line.strip() and re.match(r"\s+[A-ZÀ-Ý‘'\"(]", after):
            continue  # a numbered heading or a contents line: '4.4 De consortia'
        if _SECTION_WORDS.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        if re.search(r"(?i)\bversie\s*$", text[max(0, m.start() - 12) : m.start()]):
            continue  # a software version: 'pypandoc-binary versie 1.17
        hits.append(Hit("decimaalpunt", unit.where, token, _context(text, m.start(), m.end())))
    return hits


_CITATION = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")
_SOURCE_LINE = re.compile(r"\bBron(?:nen)?:\s*(\d+(?:\s*(?:,|en)\s*\d+)*)")


def cited_numbers(text: str) -> set[int]:
    """Every reference number cited as '[3]', '[3, 7]' or 'Bron: 3' / 'Bronnen: 3, 7'."""
    numbers: set[int] = set()
    for m in _CITATION.finditer(text):
        for part in re.split(r"\s*,\s*", m.group(1)):
            if re.fullmatch(r"\d+\s*[–-]\s*\d+", part):
                a, b = (int(x) for x in re.split(r"\s*[–-]\s*", part))
                numbers.update(range(a, b + 1))
            else:
                numbers.add(int(part))
    for m in _SOURCE_LINE.finditer(text):
        numbers.update(int(x) for x in re.findall(r"\d+", m.group(1)))
    return numbers


#: An entry of the site's list; its number links to itself (a permalink to the entry).
_LIST_ITEM = re.compile(
    r'<li id="bron-(\d+)"><span class="vm-list-number">\[(?:<a [^>]*>)?(\d+)(?:</a>)?\]</span>'
    r"(.*?)</li>",
    re.S,
)


def reference_entries(list_html: str) -> dict[int, str]:
    """Number -> entry text of the site's reference list (its numbered list items, each
    anchored `bron-<n>` so a citation can link to it). An item whose anchor and shown
    number differ is not an entry."""
    entries: dict[int, str] = {}
    for anchor, shown, body in _LIST_ITEM.findall(list_html):
        if anchor == shown:
            entries[int(shown)] = html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
    return entries


#: Where a printed entry may not point: the hosts of copies (code, packages, documents).
COPY_HOSTS: tuple[str, ...] = (
    "github.com",
    "cran.r-project.org",
    "pypi.org",
    "scribd",
    "docplayer",
    "5dok",
    "adoc.pub",
    "docslib",
    "qaasid.com",
)
#: 'Organisatie (jaar). ' at the start of an entry: a day, month or year, 'ca. 2019' or 'z.j.'.
_ENTRY_START = re.compile(r"^\S.*? \((?:(?:(?:\d{1,2} )?[a-z]+ )?\d{4}|ca\. \d{4}|z\.j\.)\)\. \S")
_ENTRY_ADDRESS = re.compile(
    r"https?://\S+|Kamerstukken II \d{4}/\d{2}, \d+ \d{3}, nr\. \d+|Dit rapport\b"
)
_ENTRY_STATUS = re.compile(r" Status: ([^.]+)\.$")


def entry_hits(number: int, entry: str, where: str) -> list[Hit]:
    """What keeps one printed entry from reading as a government report's: 'Organisatie
    (jaar). Titel. … Adres.', no 'niet vastgelegd', no address on a copy's host, a status
    (where given) in Dutch words."""
    hits: list[Hit] = []
    label = f"{where} [{number}]"
    if "niet vastgelegd" in entry.lower():
        hits.append(Hit("niet vastgelegd", label, "niet vastgelegd", entry[:120]))
    if not _ENTRY_START.match(entry):
        hits.append(Hit("organisatie (jaar)", label, entry[:40], entry[:120]))
    if not _ENTRY_ADDRESS.search(entry):
        hits.append(Hit("adres", label, "geen adres", entry[:120]))
    for host in COPY_HOSTS:
        if host in entry.lower():
            hits.append(Hit("kopie", label, host, entry[:120]))
    status = _ENTRY_STATUS.search(entry)
    if status and status.group(1) not in DUTCH_STATUSES - {"gelezen in de bron"}:
        hits.append(Hit("status", label, status.group(1), entry[-80:]))
    return hits


_STATUS_STEMS = re.compile(r"(?i)gelezen|secundair|afgeleid|aanname|demonstratie|niet gevonden")


def status_cells(page_html: str) -> list[tuple[str, str]]:
    """(column title, status) for every status a table shows.

    A column titled 'Status…' holds one status per cell, which is returned whole. A
    column that only mentions a status ('Bron en status') holds it in parentheses after
    the source ('KTO Nederland, 2021 (gelezen)'): every parenthesised part with a status
    word in it is returned, so it too must be one of the Dutch statuses exactly.
    """
    found: list[tuple[str, str]] = []
    for table in re.findall(r"<table>(.*?)</table>", page_html, flags=re.S):
        heads = [
            html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table, flags=re.S)
        ]
        whole = [i for i, h in enumerate(heads) if re.match(r"(?i)status\b", h)]
        inside = [
            i for i, h in enumerate(heads) if re.search(r"(?i)\bstatus\b", h) and i not in whole
        ]
        if not whole and not inside:
            continue
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S):
            cells = [
                html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", row, flags=re.S)
            ]
            if len(cells) != len(heads) or cells == heads:
                continue
            found += [(heads[i], cells[i]) for i in whole]
            found += [
                (heads[i], part)
                for i in inside
                for part in re.findall(r"\(([^()]*)\)", cells[i])
                if _STATUS_STEMS.search(part)
            ]
    return found


#: Estimation details that belong in Bijlage B ('Toelichting op de berekeningen'), not in the
#: text a Member of Parliament reads (issue 23, item 2): the names of models, tests and
#: intervals, and the summary sentence the issue quotes. Regular expressions, matched
#: case-insensitively as whole words.
TECHNICAL_PHRASES: dict[str, str] = {
    r"negatief-binomia\w*": "count model; say what the numbers show",
    r"poisson\w*": "count model or count interval",
    r"cameron": "dispersion test",
    r"trivedi": "dispersion test",
    r"pearson\w*": "Pearson dispersion",
    r"overdispersie\w*": "dispersion of counts",
    r"variantie-inflatie\w*": "variance inflation factor",
    r"mengmodel\w*": "mixture model of the clustering check",
    r"kappa": "Cohen's kappa; chapters say 'iets meer dan bij toeval'",
    r"verschil-in-verschillen": "difference in differences",
    r"placebo\w*": "placebo design; chapters say 'eerdere jaren zonder regeling'",
    r"t-verdeling": "t distribution",
    r"holm": "multiple-testing correction",
    r"newcombe": "interval of a difference",
    r"wilson\w*": "interval of a share",
    r"bootstrap\w*": "resampling interval",
    r"p-waarde\w*": "p-value; chapters say 'niet te onderscheiden van toeval'",
    r"p\s*[=<]\s*0": "p-value printed",
    r"significant\w*": "test jargon; chapters say 'groter dan toeval'",
    r"niveausprong of trendbreuk evenmin significant": "the summary sentence issue 23 quotes",
}

_TECHNICAL = re.compile(
    "|".join(rf"(?<![\w-])(?:{p})(?![\w])" for p in TECHNICAL_PHRASES), re.IGNORECASE
)


def technical_hits(unit: Unit) -> list[Hit]:
    """Estimation jargon in text meant for the reader of the chapters (`TECHNICAL_PHRASES`)."""
    text = _without_links(unit.text)
    return [
        Hit("vakjargon", unit.where, m.group(0), _context(text, m.start(), m.end()))
        for m in _TECHNICAL.finditer(text)
    ]


#: The evaluation's English terms for the three models; the report writes them in Dutch
#: (aanbodmodel, uitwisselingsmodel, dienstverleningsmodel) and gives the English term
#: only inside '(in de evaluatie: push)' or '(in de evaluatie ‘push’, ‘exchange’ en ‘serve’)'.
_MODEL_ENGLISH = re.compile(r"(?<![\w-])(?:push|exchange|serve)(?![\w])", re.IGNORECASE)
_EVALUATION_BRACKET = re.compile(r"\(in de evaluatie:?\s[^()]*$", re.IGNORECASE)


def english_model_hits(unit: Unit) -> list[Hit]:
    """An English model name ('push-model', 'serve') outside the bracket that names the
    evaluation's term beside the Dutch one."""
    text = _without_links(unit.text)
    hits = []
    for m in _MODEL_ENGLISH.finditer(text):
        if _EVALUATION_BRACKET.search(text[max(0, m.start() - 80) : m.start()]):
            continue
        hits.append(Hit("modelnaam", unit.where, m.group(0), _context(text, m.start(), m.end())))
    return hits


_PDF_ANNEX_B = re.compile(r"^\s*Bijlage B\s+[^.\n]+$", re.MULTILINE)
#: Site pages a Member of Parliament reads as chapters: the front page, the summary,
#: chapters 1-5 and the fact sheets (not Bijlage B, the data pages or the change log).
_CHAPTER_PAGE = re.compile(r"^(?:index|0[0-6]_[\w-]+)\.html$")


def chapter_units(reading: Reading) -> list[Unit]:
    """What the reader of the chapters meets: the PDF up to Bijlage B (its heading, not the
    contents line with dot leaders) and the site's chapter pages."""
    units: list[Unit] = []
    for unit in reading.pdf:
        if _PDF_ANNEX_B.search(unit.text):
            break
        units.append(unit)
    else:
        pytest.fail("no 'Bijlage B' heading in the PDF: the chapters cannot be told apart")
    for page in reading.site:
        if _CHAPTER_PAGE.match(page.name):
            units += page.units
    return units


# --------------------------------------------------------------------------- the build's units


@dataclass(frozen=True)
class Reading:
    pdf: list[Unit]
    pdf_list: str
    site: list[SitePage]


@pytest.fixture(scope="module", params=["built", "published"])
def edition(request: pytest.FixtureRequest) -> Built:
    """Both editions pass the gate: the demonstration's and the published one."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def reading(edition: Built) -> Reading:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed (.ci/run installs it)")
    pdf, listed = pdf_units(edition.pdf)
    return Reading(pdf, listed, site_pages(edition.site, edition.year_dir / "charts"))


def rule_ids(built: Built) -> list[str]:
    """Every rule id the validation used on this build (passed, warned or failed)."""
    results = pd.read_parquet(built.processed_dir / "validation_results.parquet")
    return sorted(set(results["rule"].astype(str)))


def _all_units(reading: Reading) -> list[tuple[Unit, list[str]]]:
    units: list[tuple[Unit, list[str]]] = [(u, []) for u in reading.pdf]
    for page in reading.site:
        units += [(u, page.headings) for u in page.units]
    return units


def _report(hits: list[Hit], what: str) -> None:
    if hits:
        shown = "\n".join(str(h) for h in hits[:80])
        more = f"\n… and {len(hits) - 80} more" if len(hits) > 80 else ""
        pytest.fail(f"{len(hits)} {what}:\n{shown}{more}")


# --------------------------------------------------------------------------- e2e tests


@needs("pdftotext")
@pytest.mark.e2e
def test_no_english_words(reading: Reading) -> None:
    _report([h for u, _ in _all_units(reading) for h in english_hits(u)], "English words")


@needs("pdftotext")
@pytest.mark.e2e
def test_chapters_leave_estimation_details_to_the_annex(reading: Reading) -> None:
    """Issue 23, item 2: model, test and interval names are in Bijlage B, not in the
    chapters, the summary or the fact sheets, in either edition."""
    _report([h for u in chapter_units(reading) for h in technical_hits(u)], "technical phrases")


@needs("pdftotext")
@pytest.mark.e2e
def test_model_names_are_dutch_outside_the_evaluations_term(reading: Reading) -> None:
    units = chapter_units(reading)
    _report([h for u in units for h in english_model_hits(u)], "English model names")
    # the evaluation's terms are given in one place: beside the Dutch names in chapter 1
    given = "(in de evaluatie: push)"
    assert sum(u.text.count(given) for u in units if u.where.startswith("PDF")) == 1
    pages = sorted({u.where.split(" ")[0] for u in units if given in u.text and u.where[0] != "P"})
    assert pages == ["01_terugblik_valorisatieprogramma.html"]


@needs("pdftotext")
@pytest.mark.e2e
def test_no_internal_notes(reading: Reading) -> None:
    hits = [h for u, _ in _all_units(reading) for h in internal_note_hits(u)]
    hits += internal_note_hits(Unit("PDF bronnenlijst", reading.pdf_list))
    hits += [
        h
        for page in reading.site
        if page.reference_list
        for h in internal_note_hits(Unit(f"{page.name} bronnenlijst", page.reference_list))
    ]
    _report(hits, "internal notes")


@needs("pdftotext")
@pytest.mark.e2e
def test_no_workshop_notes(reading: Reading) -> None:
    """How a figure was read, which command or program made it: not for the reader."""
    hits = [h for u, _ in _all_units(reading) for h in workshop_hits(u)]
    hits += workshop_hits(Unit("PDF bronnenlijst", reading.pdf_list))
    hits += [
        h
        for page in reading.site
        if page.reference_list
        for h in workshop_hits(Unit(f"{page.name} bronnenlijst", page.reference_list))
    ]
    _report(hits, "workshop notes")


@needs("pdftotext")
@pytest.mark.e2e
def test_no_machine_record_in_the_pdf(reading: Reading) -> None:
    """No tool names, package versions or hashes in print: the colophon names the edition,
    the date, the contact and one address (the record is in manifest.json and on the site)."""
    _report([h for u in reading.pdf for h in machine_record_hits(u)], "machine record in the PDF")


@needs("pdftotext")
@pytest.mark.e2e
def test_no_raw_identifiers(reading: Reading, edition: Built) -> None:
    codes = load_indicator_codes()
    rules = rule_ids(edition)
    assert "source_known" in rules  # the rule list is the validation's own
    hits = [h for u, _ in _all_units(reading) for h in identifier_hits(u, codes, rules)]
    _report(hits, "raw identifiers")


@needs("pdftotext")
@pytest.mark.e2e
def test_no_decimal_points_in_numbers(reading: Reading) -> None:
    hits = [h for u, heads in _all_units(reading) for h in decimal_point_hits(u, heads)]
    _report(hits, "decimal points")


@pytest.mark.e2e
def test_source_statuses_are_dutch_words(reading: Reading) -> None:
    wrong = [
        Hit("status", page.name, cell, column)
        for page in reading.site
        for column, cell in status_cells(page.html + page.reference_list)
        if cell not in DUTCH_STATUSES and cell != "–"
    ]
    _report(wrong, "status cells that are not one of the Dutch status words")


def _own_site() -> str:
    """The site's address without its scheme (`valorisatiemonitor.site_url` in _quarto.yml)."""
    from analysis.publication.render.config import load_config

    url = load_config(ROOT).site_url
    return url.removeprefix("https://").removeprefix("http://").rstrip("/")


@needs("pdftotext")
@pytest.mark.e2e
def test_sources_are_cited_by_number_from_one_list(reading: Reading) -> None:
    lists = [page for page in reading.site if page.reference_list]
    assert len(lists) == 1, f"one reference list expected, found on {[p.name for p in lists]}"
    entries = reference_entries(lists[0].reference_list)
    assert entries, "the reference list has no numbered entries"
    assert sorted(entries) == list(range(1, len(entries) + 1)), "numbers are not 1..N"
    assert LIST_HEADING in reading.pdf_list, "the PDF has no reference list section"
    for number in (1, len(entries)):
        assert re.search(rf"(?m)^\s*\[{number}\]\s+\S", reading.pdf_list), number

    site_cited: set[int] = set()
    unknown: list[Hit] = []
    for page in reading.site:
        for unit in page.units:
            numbers = cited_numbers(unit.text)
            site_cited |= numbers
            unknown += [Hit("verwijzing", unit.where, str(n), "") for n in numbers - set(entries)]
    for unit in reading.pdf:
        unknown += [
            Hit("verwijzing", unit.where, str(n), "")
            for n in cited_numbers(unit.text) - set(entries)
        ]
    _report(unknown, "citations of numbers that are not in the reference list")
    uncited = sorted(set(entries) - site_cited)
    assert not uncited, "listed but cited nowhere: " + "; ".join(
        f"{n}. {entries[n][:80]}" for n in uncited
    )
    # The monitor's own site is no source: the PDF prints the address of each table that is
    # on the website only, and the colophon the site's address (issue 23, item 5).
    own = _own_site()
    urls = [
        Hit("URL buiten de bronnenlijst", u.where, m.group(0), _context(u.text, m.start(), m.end()))
        for u, _ in _all_units(reading)
        for m in _URL.finditer(u.text)
        if not (own and m.group(0).removeprefix("https://").removeprefix("http://").startswith(own))
    ]
    _report(urls, "URLs outside the reference list (cite by number)")
    _report(
        title_hits([u for u, _ in _all_units(reading)]),
        "source titles repeated outside the reference list (cite by number)",
    )


def listed_titles() -> list[str]:
    """The first 40 characters of every listed source's title (long enough to be its own).

    Titles shorter than 25 characters are too generic ('Kennis goud waard') to look for.
    """
    sources = pd.read_csv(ROOT / "data" / "raw" / "sources.csv", dtype=str, keep_default_na=False)
    titles = sources.loc[sources["scope"].isin(["report", ""]), "title"]
    stripped = (t.strip()[:40] for t in titles)
    return [t for t in stripped if len(t) >= 25]


def title_hits(units: Iterable[Unit]) -> list[Hit]:
    titles = listed_titles()
    return [
        Hit("titel buiten de bronnenlijst", u.where, t, _context(u.text, i, i + len(t)))
        for u in units
        for t in titles
        if (i := u.text.find(t)) >= 0
    ]


@needs("pdftotext")
@pytest.mark.e2e
def test_the_reference_list_reads_as_a_government_reports(reading: Reading) -> None:
    """Every entry, on the site and in the PDF: 'Organisatie (jaar). Titel. … Adres.' in
    body text (a list, not a table), never 'niet vastgelegd', never a copy's address (a
    GitHub repository, an R or Python package, a document-sharing site: that trail is on
    the data page), the status in Dutch words where it is not 'gelezen in de bron'."""
    page = next(p for p in reading.site if p.reference_list)
    entries = reference_entries(page.reference_list)
    assert "<table" not in page.reference_list, "the reference list is a table"
    hits = [h for n, text in entries.items() for h in entry_hits(n, text, page.name)]
    _report(hits, "reference-list entries that do not read as a government report's")
    pdf = _normalise(reading.pdf_list)
    assert "niet vastgelegd" not in pdf.lower()
    for host in COPY_HOSTS:
        assert host not in pdf.lower(), host
    assert not re.search(r"Tabel [A-Z]\.\d+", pdf), "the PDF sets the list as a table"
    # The data page names the copies, by list number and linked to the entry.
    data_page = next((p for p in reading.site if p.name == "gegevens.html"), None)
    assert data_page is not None
    assert 'id="herkomst-bronnen"' in data_page.html
    linked = {int(n) for n in re.findall(r'href="[^"#]*#bron-(\d+)"', data_page.html)}
    assert linked and linked <= set(entries)


@pytest.mark.e2e
def test_no_test_only_source_reaches_the_reader(reading: Reading) -> None:
    sources = pd.read_csv(ROOT / "data" / "raw" / "sources.csv", dtype=str, keep_default_na=False)
    test_only = sources[sources["scope"] == "tests"]
    assert not test_only.empty  # HE-BCI is shipped as a test-only source
    everything = " ".join(
        [u.text for page in reading.site for u in page.units]
        + [page.reference_list for page in reading.site]
        + [u.text for u in reading.pdf]
        + [reading.pdf_list]
    )
    for _, row in test_only.iterrows():
        assert row["title"][:40] not in everything, row["source_id"]
        assert row["source_id"] not in everything, row["source_id"]


# --------------------------------------------------------------------------- the rules on known inputs


def _u(text: str) -> Unit:
    return Unit("test", text)


def test_rule_english_words_on_known_text() -> None:
    found = [h.found for h in english_hits(_u("Status: not found; de waarde of het model is read"))]
    assert found == ["not", "found", "read"]
    assert english_hits(_u("Het push-model of exchange-model; geen exact getal.")) == []
    assert english_hits(_u("zie https://example.org/the-report.html")) == []


def test_rule_technical_phrases_on_known_text() -> None:
    found = {
        h.found.lower()
        for h in technical_hits(
            _u(
                "Telmodellen (Poisson of negatief-binomiaal, Cameron en Trivedi, Pearson-dispersie, "
                "variantie-inflatiefactor); een mengmodel van normale verdelingen en Cohens kappa; "
                "verschil-in-verschillen met placebo's en de t-verdeling; Holm, Newcombe, "
                "Wilson-intervallen en een bootstrapinterval; p = 0,018; een niveausprong of "
                "trendbreuk evenmin significant."
            )
        )
    }
    assert found == {
        "poisson",
        "negatief-binomiaal",
        "cameron",
        "trivedi",
        "pearson",
        "variantie-inflatiefactor",
        "mengmodel",
        "kappa",
        "verschil-in-verschillen",
        "placebo",
        "t-verdeling",
        "holm",
        "newcombe",
        "wilson",
        "bootstrapinterval",
        "p = 0",
        "niveausprong of trendbreuk evenmin significant",
    }
    # plain words, and names that only contain a phrase, pass
    plain = _u(
        "Bij 10% meer onderzoeksuitgaven horen gemiddeld +7,9% spin-offs (met 95% zekerheid "
        "tussen +2,0% en +14,1%): groter dan toeval. In eerdere jaren zonder regeling "
        "(Stockholm, Holmes) niet te onderscheiden van toeval."
    )
    assert technical_hits(plain) == []


def test_rule_english_model_names_on_known_text() -> None:
    allowed = _u(
        "Het aanbodmodel (in de evaluatie: push) en het uitwisselingsmodel (in de evaluatie "
        "‘push’, ‘exchange’ en ‘serve’); elders alleen Nederlandse namen."
    )
    assert english_model_hits(allowed) == []
    found = [h.found for h in english_model_hits(_u("Het push-model; exchange en Serve."))]
    assert found == ["push", "exchange", "Serve"]


def test_rule_internal_notes_on_known_text() -> None:
    assert [h.found for h in internal_note_hits(_u("bedrag (te controleren) NB: seed"))] == [
        "te controleren",
        "seed",
        "NB:",
    ]
    assert internal_note_hits(_u("Een nette Nederlandse zin.")) == []


def test_rule_workshop_notes_on_known_text() -> None:
    note = "alleen ETH Zürich; overgenomen uit een beschadigde PDF-tekst, niet nagekeken in de PDF"
    assert [h.found for h in workshop_hits(_u(note))] == ["beschadigde PDF-tekst", "niet nagekeken"]
    assert [h.found for h in workshop_hits(_u("met Great Expectations gecontroleerd"))] == [
        "Great Expectations"
    ]
    assert workshop_hits(_u("De controles van de monitor slaagden.")) == []


def test_rule_machine_record_on_known_text() -> None:
    colophon = (
        "berekend met Python en de pakketten pandas versie 3.1.1; sources.csv 5aa0a89cfe5b632f"
    )
    found = [h.found for h in machine_record_hits(_u(colophon))]
    assert found == ["Python", "pandas", "versie 3.1.1", "5aa0a89cfe5b632f"]
    assert machine_record_hits(_u("Uitgave Valorisatiemonitor 2025, november 2026")) == []
    assert machine_record_hits(_u("zie data/fig-1234567890abcdef0.csv")) == []


def test_rule_identifiers_on_known_text() -> None:
    found = [
        h.found
        for h in identifier_hits(
            _u("kolom subsidie_eur, profiel:broad, spinoffs en not found"),
            ["spinoffs", "licence_agreements"],
            ["year_on_year_jump"],
        )
    ]
    assert found == ["subsidie_eur", "spinoffs", "profiel:broad", "not found"]
    assert (
        identifier_hits(
            _u("Spin-offs; Gegevens: data/subsidie_per_consortium.csv"), ["spinoffs"], []
        )
        == []
    )


def test_rule_decimal_points_on_known_text() -> None:
    found = [h.found for h in decimal_point_hits(_u("ratio 0.15 en 62.7% en 1.234 en 1.234,5"))]
    assert found == ["0.15", "62.7"]
    assert decimal_point_hits(_u("zie hoofdstuk 5.5 en paragraaf 4.2 en 4.4")) == []
    assert decimal_point_hits(_u("4.4 De consortia\n5.1 Budget")) == []
    assert decimal_point_hits(_u("versie 2.2.3 en 12.345.678 en typst versie 1.17")) == []
    assert [h.found for h in decimal_point_hits(_u("pakket 1.17"))] == ["1.17"]
    assert [h.found for h in decimal_point_hits(_u("Tabel 3.4 toont 0.5"), ["3.4 Iets"])] == ["0.5"]


def test_citations_are_read_in_every_form() -> None:
    assert cited_numbers("zoals het plan vraagt [3] en [4, 7]; Bronnen: 12, 13. Bron: 2") == {
        2,
        3,
        4,
        7,
        12,
        13,
    }
    assert cited_numbers("[2–4]") == {2, 3, 4}
    assert cited_numbers("geen verwijzing 2025") == set()


def test_reference_list_markers_split_pdf_and_site() -> None:
    pages = [
        "B.2 Datakwaliteit\ntekst",
        "B.3 Bronnenlijst\n1 Eerste bron, The Title\n2 Tweede",
        "3 Derde\nB.4 Colofon\nna de lijst",
    ]
    kept, listed = split_pdf_reference_list(pages)
    assert "The Title" in listed and "3 Derde" in listed
    assert "The Title" not in " ".join(kept) and "na de lijst" in kept[2]
    page = '<h2 id="x">A</h2><p>a</p><h2 id="bronnenlijst">Bronnenlijst</h2><p>The list</p><h2 id="c">C</h2>'
    body, listed_html = split_site_reference_list(page)
    assert "The list" in listed_html and "The list" not in body and "C</h2>" in body


def test_status_cells_are_found_in_status_columns() -> None:
    table = (
        '<table><thead><tr><th scope="col">Gegeven</th><th scope="col">Status</th></tr></thead>'
        '<tbody><tr><th scope="row">A</th><td>gelezen in bron</td></tr></tbody></table>'
    )
    assert status_cells(table) == [("Status", "gelezen in bron")]
    mentioned = (
        '<table><thead><tr><th scope="col">Aanname</th><th scope="col">Bron en status</th></tr>'
        '</thead><tbody><tr><th scope="row">A</th><td>KTO Nederland, 2021 (gelezen); [3] '
        "(uit secundaire bron); Valorisatiemonitor (methode)</td></tr></tbody></table>"
    )
    assert status_cells(mentioned) == [
        ("Bron en status", "gelezen"),
        ("Bron en status", "uit secundaire bron"),
    ]


def test_reference_entries_are_the_anchored_list_items() -> None:
    listed = (
        '<ol class="vm-numbered-list"><li id="bron-1"><span class="vm-list-number">[1]</span> '
        'A (2020). T. <a href="https://x.example/a">https://x.example/a</a>.</li>'
        '<li id="bron-2"><span class="vm-list-number">[2]</span> B &amp; C (z.j.). U.</li>'
        '<li id="bron-9"><span class="vm-list-number">[3]</span> wrong anchor</li></ol>'
    )
    assert reference_entries(listed) == {
        1: "A (2020). T. https://x.example/a.",
        2: "B & C (z.j.). U.",
    }


def test_entry_hits_find_unrecorded_titles_copies_and_missing_parts() -> None:
    good = (
        "Eurostat (2025). HICP – monthly data (index). "
        "https://ec.europa.eu/eurostat/databrowser/view/prc_hicp_midx/default/table. "
        "Status: afgeleid."
    )
    assert entry_hits(1, good, "p") == []
    assert (
        entry_hits(
            2,
            "Ministerie (11 december 2018). Brief. Kamerstukken II 2018/19, "
            "32 637, nr. 339; https://zoek.example/kst.html.",
            "p",
        )
        == []
    )
    assert entry_hits(3, "Valorisatiemonitor (2026). Aanname. Dit rapport, hoofdstuk 5.", "p") == []
    assert entry_hits(4, "Veto (ca. 2016). Opbrengsten. https://www.veto.be/x.", "p") == []
    rules = {
        "(titel niet vastgelegd) bericht, X, 2025, https://x.example/": {
            "niet vastgelegd",
            "organisatie (jaar)",
        },
        "FRED (2025). HICP. GitHub python-dev-bg; https://github.com/x/y.": {"kopie"},
        "KTO Nederland (2021). Plan. (vindplaats niet vastgelegd)": {"niet vastgelegd", "adres"},
        "CWTS (2020). Ranking. https://x.example/r. Status: secondary.": {"status"},
        "CWTS. Ranking. https://x.example/r.": {"organisatie (jaar)"},
    }
    for entry, expected in rules.items():
        assert {h.rule for h in entry_hits(5, entry, "p")} == expected, entry
