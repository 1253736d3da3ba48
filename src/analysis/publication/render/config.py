"""The report's shape, read from `_quarto.yml`.

`_quarto.yml` is the single description of the report (page order, navigation,
which chapters are unnumbered or annexes, who it is addressed to), so the pandoc
engine and Quarto itself build the same report. Nothing here is hard-coded twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from analysis.errors import BuildError


@dataclass(frozen=True)
class NavItem:
    """One navbar entry: the source page it points at and its label."""

    source: str
    text: str


@dataclass(frozen=True)
class ReportConfig:
    """Everything the renderers need from `_quarto.yml`."""

    title: str
    subtitle: str
    author: str
    addressees: str
    pages: tuple[str, ...]
    navbar: tuple[NavItem, ...]
    unnumbered: frozenset[str]
    appendix: frozenset[str]
    #: The publication date (`valorisatiemonitor.report_date`, YYYY-MM-DD); None: the
    #: default, November of the year after the report year.
    report_date: date | None
    #: Pages typeset right after the PDF's cover, before the table of contents (the
    #: key messages); on the site they are ordinary pages.
    front: tuple[str, ...] = ()
    #: The page whose colophon gets the count of bases when no page has a
    #: `basis_summary` bundle of its own (appended at its end).
    colophon: str | None = None
    #: Who to contact about the report, printed in the colophon.
    contact: str = ""
    #: Fact sheets per chapter up to which they are printed inside the report PDF.
    pdf_inline_sections: int = 60
    #: Above that, fact sheets go into separate PDF volumes of at most this many.
    pdf_sections_per_volume: int = 100
    #: Where the published site lives (`valorisatiemonitor.site_url`), for the addresses
    #: drawn into exported charts and printed under the PDF's tables; empty: none set.
    site_url: str = ""
    #: The site's front page (`valorisatiemonitor.front_page`): the names of the charts it
    #: may show as headline charts, in order of preference (the first two the edition has).
    front_charts: tuple[str, ...] = ()
    #: The front page's entry cards: one line under each, by the page it leads to (a
    #: navbar `href`, or a page the renderer adds such as `downloads.html`).
    front_cards: tuple[tuple[str, str], ...] = ()
    #: The demonstration edition (proefeditie): set by the build, never in `_quarto.yml`.
    demonstration: bool = False
    #: The confidence level of the edition's intervals as the text names it ('95%'), from
    #: the assumptions table: the codebook names it where a column's name does not. Set
    #: by the render from the data folder, never in `_quarto.yml`; None: not known.
    confidence: str | None = None

    def html_name(self, source: str) -> str:
        """Site file name of a source page: the first page is the landing page."""
        if self.pages and _norm(source) == self.pages[0]:
            return "index.html"
        return f"{PurePosixPath(source).stem}.html"

    def nav_text(self, source: str) -> str | None:
        for item in self.navbar:
            if item.source == _norm(source):
                return item.text
        return None


def _norm(path: str) -> str:
    """Compare page paths as written in `_quarto.yml`, whatever `./` prefixes they carry."""
    return str(PurePosixPath(path.strip()))


def _get(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    raise BuildError(f"_quarto.yml: expected a list of paths, got {value!r}")


def load_config(project_dir: Path) -> ReportConfig:
    """Parse `<project_dir>/_quarto.yml` into a `ReportConfig`; missing optional keys default."""
    path = project_dir / "_quarto.yml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"cannot read {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise BuildError(f"{path}: expected a mapping at the top level")
    pages = tuple(_norm(p) for p in _str_list(_get(raw, "project", "render")))
    if not pages:
        raise BuildError(f"{path}: project.render lists no pages")
    navbar: list[NavItem] = []
    for entry in _get(raw, "website", "navbar", "left") or []:
        if isinstance(entry, dict) and entry.get("href"):
            href = _norm(str(entry["href"]))
            navbar.append(NavItem(href, str(entry.get("text") or PurePosixPath(href).stem)))
        elif isinstance(entry, str):
            navbar.append(NavItem(_norm(entry), PurePosixPath(entry).stem))
    vm = raw.get("valorisatiemonitor") or {}
    title = str(raw.get("title") or _get(raw, "website", "title") or "Valorisatiemonitor")
    front = tuple(_norm(p) for p in _str_list(_get(vm, "pdf", "front")))
    appendix = frozenset(_norm(p) for p in _str_list(_get(vm, "pdf", "appendix")))
    for page in front:
        if page not in pages:
            raise BuildError(
                f"{path}: valorisatiemonitor.pdf.front lists {page}, which is not in project.render"
            )
        if page in appendix:
            raise BuildError(
                f"{path}: {page} is listed both as front matter and as an annex "
                "(valorisatiemonitor.pdf.front and .appendix)"
            )
    colophon = _get(vm, "colophon")
    if colophon is not None and _norm(str(colophon)) not in pages:
        raise BuildError(
            f"{path}: valorisatiemonitor.colophon names {colophon}, which is not in project.render"
        )
    return ReportConfig(
        title=title,
        subtitle=str(raw.get("subtitle") or ""),
        author=str(raw.get("author") or ""),
        addressees=str(_get(vm, "addressees") or ""),
        pages=pages,
        navbar=tuple(navbar),
        unnumbered=frozenset(_norm(p) for p in _str_list(_get(vm, "pdf", "unnumbered"))),
        appendix=appendix,
        report_date=_date(vm.get("report_date"), path),
        front=front,
        colophon=_norm(str(colophon)) if colophon is not None else None,
        contact=str(_get(vm, "contact") or ""),
        pdf_inline_sections=_positive(vm, "factsheets_inline_max", 60, path),
        pdf_sections_per_volume=_positive(vm, "factsheets_per_volume", 100, path),
        site_url=str(_get(vm, "site_url") or "").strip(),
        front_charts=tuple(_str_list(_get(vm, "front_page", "charts"))),
        front_cards=_cards(_get(vm, "front_page", "cards"), path),
    )


def _cards(value: Any, path: Path) -> tuple[tuple[str, str], ...]:
    """`front_page.cards`: page -> one line, in the order written."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(
        isinstance(v, str) and v.strip() for v in value.values()
    ):
        raise BuildError(
            f"{path}: valorisatiemonitor.front_page.cards must map each page to one line of "
            f"text, got {value!r}"
        )
    return tuple((_norm(str(k)), str(v).strip()) for k, v in value.items())


def _date(value: Any, path: Path) -> date | None:
    """`report_date` as a date: YAML reads 2026-11-15 as one; a quoted one is parsed too."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BuildError(
            f"{path}: valorisatiemonitor.report_date must be a date as YYYY-MM-DD "
            f"(the cover and the PDF's metadata both use it), got {value!r}"
        ) from None


def _positive(vm: Any, key: str, default: int, path: Path) -> int:
    value = _get(vm, "pdf", key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BuildError(
            f"{path}: valorisatiemonitor.pdf.{key} must be a positive whole number, got {value!r}"
        )
    return value


def slug(text: str) -> str:
    """A stable id fragment from a name: ids must come from names, never from randomness."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned or "x"
