"""Pages the renderer adds beside the notebooks' pages: the render side of `analysis.publication`.

Some pages are not chapters of the report but views over the edition's data: the
explorer, the scenario explorer, and the comparison with the previous edition. They
are computed at render time from the processed tables and the published editions
(`analysis.publication`), and handed to the renderer through one small contract:

* `documents`: generated pages made of the same blocks as a notebook (Markdown,
  tables written by `analysis.publication.display.report.Report`), rendered exactly like a chapter: a
  site page and a PDF annex, escaped on one path, counted in the colophon and listed
  in the codebook. Their `source` is the site file name (`wat-is-er-veranderd.html`),
  which is also how `_quarto.yml`'s navbar points at them.
* `pages`: site-only pages with their own HTML body (built from escaped values) and
  scripts, filled into the one site template (navigation, year switcher, banner).
* `assets`: text files for `site/assets/` (the data files the pages load, as
  JavaScript so they load from `file://`, and the pages' scripts).
* `files`: files for the year folder itself (the edition's machine-readable record,
  read by the next edition's comparison).

The renderer calls the provider once the notebooks' documents are read, because the
comparison needs what this edition publishes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.publication.render.notebook import Document
from analysis.publication.render.search import Term

#: The interactive pages' shared script for Dutch numbers (`render/assets/getallen.js`),
#: loaded before each page's own script.
NUMBERS_ASSET = "getallen.js"


@dataclass(frozen=True)
class SitePage:
    """A site-only page: its file, title, body HTML and the scripts it loads (in order)."""

    file: str
    title: str
    body: str
    #: File names under `site/assets/`, loaded at the end of the page in this order.
    scripts: tuple[str, ...] = ()
    #: Extra stylesheets under `site/assets/`, linked at the top of the body.
    styles: tuple[str, ...] = ()
    #: Whether the page shows demonstration data (the page gets the demonstration banner).
    demo: bool = False


@dataclass(frozen=True)
class Extras:
    """What `analysis.publication` adds to one edition's site, PDF and year folder."""

    documents: tuple[Document, ...] = ()
    pages: tuple[SitePage, ...] = ()
    assets: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, bytes] = field(default_factory=dict)
    #: The English summary (`site/en/index.html`, `analysis.publication.render.english`), or None.
    english: SitePage | None = None
    #: Other names a page is searched by, keyed by the page's title (an institution's
    #: full name -> its short name), for the site search (`analysis.publication.render.search`).
    search_aliases: Mapping[str, str] = field(default_factory=dict)
    #: Names no page is titled by (the top's institutions, consortia, regions), for the
    #: site search to find where the pages name them (`analysis.publication.render.search.Term`).
    search_terms: tuple[Term, ...] = ()


#: Called by `render_report` with the documents read from the notebooks and the year
#: folder being built; returns the pages to add.
ExtrasProvider = Callable[[Sequence[Document], Path], Extras]

__all__ = ["Extras", "ExtrasProvider", "SitePage"]
