"""The English summary: the key messages and key figures, rendered in English.

Nothing here computes a figure: `key_messages.compute` and `summary.keyfigure_params`
are the functions the Dutch front page and summary use, and they return message ids
with parameters (`analysis.publication.messages`). This module renders those same records with
the English catalogue (numbers in English format) and lays them out as the body of
`site/en/index.html` (`analysis.publication.render.english` puts it into its template).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.publication import escape
from analysis.publication.chapters import key_messages, summary
from analysis.publication.chapters.key_messages import record
from analysis.publication.chapters.national import trend
from analysis.publication.messages import Param, render
from analysis.publication.render.english import ENGLISH_PAGE
from analysis.publication.render.extras import SitePage
from analysis.publication.render.pandoc import convert_many

#: The basis labels of `analysis.publication.render.basis`, in English.
BASIS_LABELS_EN: Mapping[str, str] = {
    "real": "Cited source",
    "demonstration": "Demonstration data",
    "assumption": "Assumption",
}


def _badge(basis: str) -> str:
    return f'<span class="vm-badge vm-badge-{basis}">{escape.html(BASIS_LABELS_EN[basis])}</span> '


def keyfigures_html(items: Sequence[Mapping[str, Param]], basis: str) -> str:
    """The key-figure boxes (the Dutch page's markup), values and notes in English."""
    boxes = "".join(
        f'<div class="vm-keyfigure" data-basis="{basis}">'
        f'<p class="vm-keyfigure-value">{escape.html(render(item["value"], "en"))}</p>'
        f'<p class="vm-keyfigure-label">{escape.html(render(item["label"], "en"))}</p>'
        f'<p class="vm-keyfigure-note">{escape.html(render(item["note"], "en"))}</p>'
        "</div>"
        for item in items
    )
    return (
        '<section class="vm-keyfigures-block" aria-label="Key figures">'
        f'<p class="vm-keyfigures-basis">{_badge(basis)}</p>'
        f'<div class="vm-keyfigures">{boxes}</div></section>'
    )


def english_page(wide: pd.DataFrame, data_dir: Path, year: int, year_dir: Path) -> SitePage:
    """The English summary of edition `year` from the edition's wide table (as the notebooks read it).

    The key messages are the ones the Kernboodschappen notebook computed and recorded in
    the year folder (`key_messages.RECORD`); without that record (a notebook executed
    before it existed) they are computed here with the same function.
    """
    demo = trend.uses_demonstration_data(wide)
    messages = record.read_record(year_dir, year)
    if messages is None:
        messages = key_messages.compute(wide, data_dir, year)
    (body,) = convert_many([key_messages.page_markdown(messages, year, demo, "en")], "html")
    items = summary.keyfigure_items(wide, data_dir, year)
    figures = keyfigures_html(items, "demonstration" if demo else "real")
    prev = year - 1
    content = (
        '<h2 id="key-messages">Key messages</h2>\n'
        f"{body}\n"
        f'<h2 id="key-figures">Key figures {year}</h2>\n'
        f"{figures}\n"
        f"<p>Each key figure is the sum over the institutions that reported it for {year} "
        f"(their number is given below it). The change compared with {prev} is computed over "
        f"the institutions that reported in both years, so an institution missing in one "
        "year does not count as growth or decline.</p>\n"
        "<p>Numbers in square brackets refer to the list of sources in annex B of the "
        '<a href="../../valorisatiemonitor-' + str(year) + '.pdf">Dutch report</a>.</p>'
    )
    return SitePage(file=ENGLISH_PAGE, title="Summary in English", body=content, demo=demo)
