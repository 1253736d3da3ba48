"""What surrounds a page's body on the site: the navigation menus, the proefeditie's
banner and the page's own contents list."""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.publication import escape
from analysis.publication.render.codebook import SITE_PAGE
from analysis.publication.render.config import ReportConfig
from analysis.publication.render.notebook import Block, ChartBlock, KeyFiguresBlock, TableBlock

#: The banner on a phone: one line; the figures carry their own labels.
SHORT_DEMO_TEXT = "Proefeditie: fictieve instellingen en cijfers."

#: Every data value on a page goes through this (see `analysis.publication.escape`).
_e = escape.html


#: Pages the renderer itself adds to every edition, listed among the tools.
DOWNLOADS_PAGE = "downloads.html"
BUILTIN_TOOLS: tuple[tuple[str, str], ...] = (
    (DOWNLOADS_PAGE, "Downloads"),
    (SITE_PAGE, "Gegevens en codeboek"),
)


def navigation(config: ReportConfig, current: str | None) -> str:
    """The navigation bar: the chapters in one menu, the tools in another.

    Twelve and more entries do not fit one line at 1366 px, let alone on a phone, so
    the bar holds two native disclosure menus (`<details>`/`<summary>`: keyboard
    operable and announced as expanded or collapsed without any script). Chapters are
    the navbar entries that are pages of the report (`project.render`); every other
    entry (the explorer, the scenario explorer, 'Wat is er veranderd') is a tool, and
    the downloads page and the codebook follow them. The menu holding the current page
    names it in its summary, so a reader sees where they are with the menus closed.
    """
    chapters: list[tuple[str, str, bool]] = []
    tools: list[tuple[str, str, bool]] = []
    for item in config.navbar:
        entry = (config.html_name(item.source), item.text, item.source == current)
        (chapters if item.source in config.pages else tools).append(entry)
    listed = {href for href, _, _ in tools}
    tools += [(href, text, href == current) for href, text in BUILTIN_TOOLS if href not in listed]

    def menu(key: str, label: str, entries: list[tuple[str, str, bool]]) -> str:
        here = next((text for _, text, is_current in entries if is_current), None)
        links = "".join(
            f'<li><a href="{_e(href)}"'
            + (' aria-current="page"' if is_current else "")
            + f">{_e(text)}</a></li>"
            for href, text, is_current in entries
        )
        where = f'<span class="vm-menu-here">: {_e(here)}</span>' if here else ""
        return (
            f'      <details class="vm-menu vm-menu-{key}">'
            f'<summary><span class="vm-menu-label">{_e(label)}{where}</span></summary>'
            f'<ul class="vm-menu-list">{links}</ul></details>'
        )

    parts = []
    if chapters:
        parts.append(menu("chapters", "Hoofdstukken", chapters))
    parts.append(menu("tools", "Hulpmiddelen", tools))
    return "\n".join(parts)


#: The demonstration edition's name, on every page, in the PDF and in every exported chart.
EDITION_LABEL = "Proefeditie — fictieve instellingen en cijfers"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def edition_banner(blocks: Sequence[Block]) -> str:
    """The demonstration edition's banner: the edition's name, and which parts of this page
    show fictitious figures and which real ones (each figure also carries its own label)."""
    counts = {"demonstration": 0, "real": 0, "assumption": 0}
    for block in blocks:
        if isinstance(block, TableBlock | ChartBlock):
            counts[block.basis] += 1
        elif isinstance(block, KeyFiguresBlock):
            for item in block.items:
                counts[item.basis] += 1
    shown = []
    if counts["demonstration"]:
        shown.append(
            _count(
                counts["demonstration"],
                "tabel, figuur of kerncijfer",
                "tabellen, figuren en kerncijfers",
            )
            + " met fictieve cijfers"
        )
    if counts["real"]:
        shown.append(
            _count(
                counts["real"], "tabel, figuur of kerncijfer", "tabellen, figuren en kerncijfers"
            )
            + " met echte, geciteerde gegevens"
        )
    if counts["assumption"]:
        shown.append(_count(counts["assumption"], "met een aanname", "met aannames"))
    page = " Op deze pagina: " + "; ".join(shown) + ". Elk heeft een eigen label." if shown else ""
    text = (
        "Deze editie laat zien hoe de monitor werkt, met fictieve instellingen en gegenereerde "
        "cijfers. Geen cijfer over een instelling is echt; echte gegevens (het "
        "Valorisatieprogramma, de Europese top, de begroting) staan er met hun bron bij." + page
    )
    return (
        '<div class="vm-demo-banner" role="note" aria-label="Proefeditie">'
        '<div class="vm-demo-banner-inner"><p class="vm-demo-banner-label">'
        f'{_e(EDITION_LABEL)}</p><div class="vm-demo-banner-text"><p>{_e(text)}</p></div>'
        f'<p class="vm-demo-banner-short">{_e(SHORT_DEMO_TEXT)}</p></div></div>'
    )


_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def toc(content: str) -> str:
    entries = [(i, re.sub(r"<[^>]+>", "", t)) for i, t in _H2.findall(content)]
    if len(entries) < 2:
        return ""
    items = "".join(f'<li><a href="#{_e(i)}">{t}</a></li>' for i, t in entries)
    return (
        '<nav class="vm-toc" aria-labelledby="vm-toc-title">'
        f'<p id="vm-toc-title" class="vm-toc-title">Op deze pagina</p><ul>{items}</ul></nav>'
    )
