"""The English summary's page: `site/en/index.html`, in its own template (`lang="en"`).

The content comes from `analysis.publication.english` (the key messages and key
figures rendered in English through the message catalogue); this module only puts it
into `templates/english.html`, which links back to the Dutch site and loads the same
stylesheet from `../assets/`. Dutch pages link here from their header.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from analysis.publication import escape
from analysis.publication.render.config import ReportConfig
from analysis.publication.render.extras import SitePage

#: Where the page is written, relative to `site/` (the Dutch template links to it).
ENGLISH_PAGE = "en/index.html"

_HERE = Path(__file__).parent

DEMO_BANNER_EN = (
    "This edition shows how the monitor works, with fictitious institutions and generated "
    "figures. No figure about an institution is real; real data (the Valorisation "
    "Programme, the European top, the budget) are shown with their source."
)


def english_banner() -> str:
    """The demonstration edition's banner in English (the Dutch one's markup)."""
    return (
        '<div class="vm-demo-banner" role="note" aria-label="Trial edition">'
        '<div class="vm-demo-banner-inner"><p class="vm-demo-banner-label">'
        "Trial edition — fictitious institutions and figures</p>"
        f'<div class="vm-demo-banner-text"><p>{escape.html(DEMO_BANNER_EN)}</p></div>'
        '<p class="vm-demo-banner-short">Trial edition: fictitious institutions and figures.</p>'
        "</div></div>"
    )


def write_english(config: ReportConfig, page: SitePage, site_dir: Path, *, year: int) -> Path:
    """Fill the English template with `page.body` and write `site/en/index.html`."""
    template = Template((_HERE / "templates" / "english.html").read_text(encoding="utf-8"))
    text = template.substitute(
        site_title=escape.html(config.title),
        author=escape.html(config.author),
        year=str(year),
        pdf_href=f"../../valorisatiemonitor-{year}.pdf",
        banner=english_banner() if config.demonstration else "",
        content=page.body,
        body_class="vm-has-demo" if config.demonstration else "vm-no-demo",
    )
    target = site_dir / ENGLISH_PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    return target
