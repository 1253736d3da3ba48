"""Tests for `analysis.publication.render`: the offline site and the Typst PDF from executed notebooks.

The fixture project is built by hand with nbformat (no kernel): notebooks whose code
cells carry outputs exactly as `analysis.publication.display` emits them under the display
contract, plus the things that must never be published (code, injected parameters,
prints, bare reprs).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import nbformat
import pytest
import vl_convert
import yaml
from hypothesis import given
from hypothesis import strategies as st
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.errors import BuildError
from analysis.publication.render import render_report
from analysis.publication.render.config import load_config
from analysis.publication.render.notebook import ChartBlock, TableBlock, read_notebook
from analysis.publication.render.pandoc import convert_many
from analysis.publication.render.quarto import prepare_build_dir, quarto_command
from analysis.publication.render.typst_pdf import build_typst
from analysis.publication.render.typst_syntax import ts

MIME = "application/vnd.valorisatiemonitor+json"
YEAR = 2024
SECRET = "GEHEIME_PARAMETER_WAARDE"
CODE_MARKER = "CODE_SOURCE_MARKER"
STREAM_MARKER = "STREAM_OUTPUT_MARKER"
PLAIN_MARKER = "PLAIN_REPR_MARKER"

# Text that would be markup (or an injection) if it reached Typst or HTML unescaped.
NASTY = '#panic("boem") [x] $y$ \\ "z" <b>vet</b> @ref'

QUARTO_YML = """\
project:
  type: website
  render:
    - notebooks/00_samenvatting.ipynb
    - notebooks/01_nederland.ipynb
    - over.qmd
    - notebooks/06_instellingen.ipynb
title: "Valorisatiemonitor"
subtitle: "Kennisoverdracht door Nederlandse kennisinstellingen"
author: "KTO-Nederland"
website:
  navbar:
    left:
      - href: notebooks/00_samenvatting.ipynb
        text: Samenvatting
      - href: notebooks/01_nederland.ipynb
        text: Nederland
      - href: over.qmd
        text: Over
      - href: notebooks/06_instellingen.ipynb
        text: Instellingen
valorisatiemonitor:
  addressees: "Ministerie van Economische Zaken (EZK) en Ministerie van OCW"
  pdf:
    unnumbered:
      - notebooks/00_samenvatting.ipynb
    appendix:
      - notebooks/06_instellingen.ipynb
"""

SPEC: dict[str, Any] = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {
        "values": [
            {"instelling": "TU/e", "octrooien": 1234.5},
            {"instelling": "UvA", "octrooien": 812.0},
        ]
    },
    "mark": "bar",
    "encoding": {
        "x": {"field": "octrooien", "type": "quantitative", "title": "Octrooien"},
        "y": {"field": "instelling", "type": "nominal", "title": None},
    },
    "width": 400,
}


def bundle(payload: dict[str, Any], **fallbacks: str) -> Any:
    """A display_data output as `analysis.publication.display` emits it."""
    return new_output("display_data", data={MIME: payload, **fallbacks})


def table_payload(name: str, *, demo: bool, caption: str) -> dict[str, Any]:
    return {
        "kind": "table",
        "name": name,
        "caption": caption,
        "columns": ["Instelling", "Octrooien", "Omzet (€)"],
        "rows": [["TU/e", "1.234,5", "€ 12.000"], ["UvA", "812,0", "€ 9.500"]],
        "align": ["l", "r", "r"],
        "csv": f"data/{name}.csv",
        "source_note": "KTO-Nederland, uitvraag 2024",
        "basis": "demonstration" if demo else "real",
    }


def code_cell(source: str, *outputs: Any, tags: list[str] | None = None) -> Any:
    cell = new_code_cell(source, outputs=list(outputs), execution_count=1)
    if tags:
        cell.metadata["tags"] = tags
    return cell


def make_project(root: Path) -> tuple[Path, Path, Path]:
    """Fixture project: `_quarto.yml`, a `.qmd` page, three executed notebooks, year folder."""
    project = root / "project"
    executed = root / "executed"
    out = root / "out" / str(YEAR)
    (project / "notebooks").mkdir(parents=True)
    (executed / "notebooks").mkdir(parents=True)
    (out / "charts").mkdir(parents=True)
    (out / "data").mkdir(parents=True)
    (project / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    (project / "over.qmd").write_text(
        "---\ntitle: Over deze monitor\n---\n\nDe monitor beschrijft *kennisoverdracht*.\n\n"
        "## Werkwijze\n\nGegevens komen van de instellingen zelf.\n",
        encoding="utf-8",
    )
    svg = vl_convert.vegalite_to_svg(SPEC, format_locale="nl-NL")
    (out / "charts" / "octrooien.svg").write_text(svg, encoding="utf-8")

    injected = code_cell(
        f'year = {YEAR}\ntoken = "{SECRET}"',
        new_output("stream", name="stdout", text=f"{SECRET}\n"),
        tags=["injected-parameters"],
    )
    summary = new_notebook(
        cells=[
            code_cell("year = 2023", tags=["parameters"]),
            injected,
            new_markdown_cell(
                "# Samenvatting\n\nIn 2024 droegen kennisinstellingen kennis over.\n\n"
                "## Belangrijkste bevindingen\n\nDe omzet groeide."
            ),
            code_cell(
                f"print('{CODE_MARKER}')",
                new_output("stream", name="stdout", text=f"{STREAM_MARKER}\n"),
                new_output("execute_result", data={"text/plain": PLAIN_MARKER}),
                bundle(
                    {
                        "kind": "keyfigures",
                        "items": [
                            {"label": "Octrooien", "value": "2.046", "note": "alle instellingen"},
                            {"label": "Spin-offs", "value": "57", "note": ""},
                        ],
                        "basis": "real",
                    },
                    **{"text/markdown": "Octrooien: 2.046"},
                ),
            ),
            code_cell(
                "display.markdown(...)",
                bundle(
                    {"kind": "markdown", "text": "## Vervolg\n\nDe monitor loopt door."},
                    **{"text/markdown": "## Vervolg"},
                ),
            ),
        ]
    )
    nederland = new_notebook(
        cells=[
            injected,
            new_markdown_cell(
                "# Kennisoverdracht in Nederland\n\nDit hoofdstuk toont cijfers.[^1]\n\n"
                "[^1]: Bron: Centraal Bureau voor de Statistiek."
            ),
            code_cell(
                "display.notice(...)",
                bundle(
                    {
                        "kind": "notice",
                        "level": "demo",
                        "text": "Dit hoofdstuk toont **demonstratiegegevens**.",
                    }
                ),
            ),
            code_cell(
                "display.chart(...)",
                bundle(
                    {
                        "kind": "chart",
                        "name": "octrooien",
                        "title": "TU/e vraagt de meeste octrooien aan",
                        "alt": "Staafdiagram van het aantal octrooien per instelling.",
                        "spec": json.dumps(SPEC),
                        "svg": "charts/octrooien.svg",
                        "table": "octrooien",
                        "basis": "demonstration",
                    },
                    **{"image/svg+xml": svg, "text/html": "<div></div>"},
                ),
            ),
            code_cell(
                "display.table(...)",
                bundle(
                    table_payload("octrooien", demo=True, caption="Octrooien per instelling"),
                    **{"text/html": "<table></table>", "text/markdown": "| a |"},
                ),
            ),
            code_cell(
                "display.notice(...)",
                bundle(
                    {"kind": "notice", "level": "warning", "text": "Twee instellingen ontbreken."}
                ),
            ),
            code_cell(
                "display.markdown(...)",
                bundle(
                    {
                        "kind": "markdown",
                        "text": "Een tweede bron.[^1]\n\n[^1]: Bron: Rathenau Instituut.",
                    }
                ),
            ),
        ]
    )
    instellingen = new_notebook(
        cells=[
            injected,
            new_markdown_cell("# Instellingen\n\nPer instelling een factsheet."),
            code_cell(
                "display.page('tue')",
                bundle({"kind": "page", "id": "tue", "title": "Technische Universiteit Eindhoven"}),
            ),
            code_cell(
                "display.table(...)",
                bundle(table_payload("tue_kerncijfers", demo=True, caption="Kerncijfers TU/e")),
            ),
            code_cell(
                "display.page('uva')",
                bundle({"kind": "page", "id": "uva", "title": "Universiteit van Amsterdam"}),
            ),
            code_cell(
                "display.markdown(...)",
                bundle(
                    {
                        "kind": "markdown",
                        "text": "## Profiel\n\nDe UvA is een *brede* universiteit.",
                    }
                ),
            ),
            code_cell(
                "display.chart(...)",
                bundle(
                    {
                        "kind": "chart",
                        "name": "uva_octrooien",
                        "title": "De UvA groeit",
                        "alt": "Staafdiagram voor de UvA.",
                        "spec": json.dumps(SPEC),
                        "svg": "charts/bestaat-niet.svg",
                        "table": None,
                        "basis": "real",
                    },
                    **{"image/svg+xml": svg},
                ),
            ),
            code_cell(
                "display.table(...)",
                bundle(
                    {
                        **table_payload("uva_kerncijfers", demo=False, caption="Kerncijfers UvA"),
                        "rows": [["UvA", NASTY, "€ 9.500"]],
                    }
                ),
            ),
        ]
    )
    for name, nb in (
        ("00_samenvatting", summary),
        ("01_nederland", nederland),
        ("06_instellingen", instellingen),
    ):
        nbformat.write(nb, executed / "notebooks" / f"{name}.ipynb")
        # The unexecuted source notebook must never be what gets rendered.
        nbformat.write(new_notebook(cells=[]), project / "notebooks" / f"{name}.ipynb")
    return project, executed, out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("render")
    project, executed, out = make_project(root)
    files = render_report(
        project, executed, out, year=YEAR, years_available=[2023, 2024], demonstration=True
    )
    return out, files


def site_pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "site").glob("*.html"))}


# --- config and notebook reading -------------------------------------------------------


def test_config_reads_order_navbar_and_pdf_lists(tmp_path: Path) -> None:
    project, _, _ = make_project(tmp_path)
    config = load_config(project)
    assert config.pages[0] == "notebooks/00_samenvatting.ipynb"
    assert config.html_name("notebooks/00_samenvatting.ipynb") == "index.html"
    assert config.html_name("notebooks/01_nederland.ipynb") == "01_nederland.html"
    assert [n.text for n in config.navbar] == ["Samenvatting", "Nederland", "Over", "Instellingen"]
    assert config.appendix == {"notebooks/06_instellingen.ipynb"}
    assert config.unnumbered == {"notebooks/00_samenvatting.ipynb"}
    assert "EZK" in config.addressees


def test_notebook_blocks_hide_code_params_streams_and_plain(tmp_path: Path) -> None:
    _, executed, _ = make_project(tmp_path)
    doc = read_notebook(executed / "notebooks/01_nederland.ipynb", "nb", "fallback")
    assert doc.title == "Kennisoverdracht in Nederland"
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == [
        "MarkdownBlock",
        "NoticeBlock",
        "ChartBlock",
        "TableBlock",
        "NoticeBlock",
        "MarkdownBlock",
    ]
    chart = doc.blocks[2]
    assert isinstance(chart, ChartBlock) and chart.svg_inline and chart.demo
    summary = read_notebook(executed / "notebooks/00_samenvatting.ipynb", "nb", "x")
    text = repr(summary)
    for marker in (SECRET, CODE_MARKER, STREAM_MARKER, PLAIN_MARKER):
        assert marker not in text


def test_extra_level_one_headings_are_demoted() -> None:
    from analysis.publication.render.notebook import demote_level_one

    text = "# Extra\n\nTekst #1\n\n```\n# code comment\n```\n## Blijft"
    assert demote_level_one(text) == "## Extra\n\nTekst #1\n\n```\n# code comment\n```\n## Blijft"


def test_page_bundles_split_into_subpages(tmp_path: Path) -> None:
    _, executed, _ = make_project(tmp_path)
    doc = read_notebook(executed / "notebooks/06_instellingen.ipynb", "nb", "x")
    assert [(s.id, s.title) for s in doc.subpages] == [
        ("tue", "Technische Universiteit Eindhoven"),
        ("uva", "Universiteit van Amsterdam"),
    ]
    assert isinstance(doc.subpages[0].blocks[0], TableBlock)
    assert all(not isinstance(b, TableBlock) for b in doc.blocks)


def test_error_output_raises_build_error(tmp_path: Path) -> None:
    nb = new_notebook(
        cells=[
            code_cell(
                "1/0",
                new_output(
                    "error", ename="ZeroDivisionError", evalue="division by zero", traceback=[]
                ),
            )
        ]
    )
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(BuildError, match="ZeroDivisionError"):
        read_notebook(path, "notebooks/broken.ipynb", "x")


def test_unknown_kind_raises(tmp_path: Path) -> None:
    nb = new_notebook(cells=[code_cell("x", bundle({"kind": "hologram"}))])
    path = tmp_path / "odd.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(BuildError, match="hologram"):
        read_notebook(path, "odd", "x")


def test_missing_executed_notebook_is_an_error(tmp_path: Path) -> None:
    project, executed, out = make_project(tmp_path)
    (executed / "notebooks" / "01_nederland.ipynb").unlink()
    with pytest.raises(BuildError, match="01_nederland"):
        render_report(project, executed, out, year=YEAR)


# --- pandoc batching and Typst escaping ------------------------------------------------


def test_convert_many_keeps_order_and_blocks_raw_typst() -> None:
    fragments = ["# Kop\n\nEen *tekst*.", "", "```{=typst}\n#panic()\n```\n\n@label $x$ #y"]
    out = convert_many(fragments, "typst")
    assert out[0].startswith("= Kop") and "#emph[tekst]" in out[0]
    assert out[1] == ""
    assert "#panic()" not in out[2].replace("`", "") or "#panic()`" in out[2]
    assert "\\#y" in out[2] and "#cite" not in out[2]
    html = convert_many(["*a*", "b"], "html")
    assert html == ["<p><em>a</em></p>", "<p>b</p>"]


def test_typst_string_literal_escapes() -> None:
    assert ts('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    assert ts("#set page(width: 1cm)") == '"#set page(width: 1cm)"'
    assert ts("a\tb\r\x01\x7f") == '"a\\tb\\u{1}\\u{7f}"'


@given(st.text())
def test_typst_string_literal_round_trips(text: str) -> None:
    """Whatever the text, the literal holds exactly it (carriage returns dropped)."""
    literal = ts(text)
    assert literal.startswith('"') and literal.endswith('"')
    unescaped = re.sub(
        r"\\(u\{([0-9a-f]+)\}|.)",
        lambda m: (
            chr(int(m.group(2), 16))
            if m.group(2)
            else {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1))
        ),
        literal[1:-1],
    )
    assert unescaped == text.replace("\r", "")
    body = re.sub(r"\\(u\{[0-9a-f]+\}|.)", "", literal[1:-1])
    assert '"' not in body and not re.search(r"[\x00-\x1f\x7f]", body)


# --- the site --------------------------------------------------------------------------


def test_site_pages_exist_with_nav_pdf_link_and_lang(rendered: tuple[Path, list[Path]]) -> None:
    out, files = rendered
    pages = site_pages(out)
    assert set(pages) == {
        "index.html",
        "01_nederland.html",
        "over.html",
        "06_instellingen.html",
        "06_instellingen-tue.html",
        "06_instellingen-uva.html",
        "gegevens.html",  # the codebook of the downloads, added by the renderer
        "downloads.html",  # every file of the edition and the licences, likewise
    }
    for name, text in pages.items():
        assert '<html lang="nl">' in text, name
        assert f'href="../valorisatiemonitor-{YEAR}.pdf"' in text, name
        for href in ("index.html", "01_nederland.html", "over.html", "06_instellingen.html"):
            assert f'href="{href}"' in text, (name, href)
        assert 'href="../../2023/site/index.html"' in text
        assert f'href="../../2024/site/{name}" aria-current="true"' in text
    assert (
        '<a href="01_nederland.html" aria-current="page">Nederland</a>'
        in pages["01_nederland.html"]
    )
    # Fact sheets highlight their chapter and link back to it.
    assert 'href="06_instellingen.html" aria-current="page"' in pages["06_instellingen-tue.html"]
    assert out / "site" / "index.html" in files
    assert out / f"valorisatiemonitor-{YEAR}.pdf" in files


def test_site_hides_code_and_parameters(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    for name, text in site_pages(out).items():
        for marker in (SECRET, CODE_MARKER, STREAM_MARKER, PLAIN_MARKER, "display."):
            assert marker not in text, (name, marker)


def test_site_has_no_external_resources(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    pattern = re.compile(r"<(script|link|img|iframe|source)\b[^>]*(src|href)=\"(https?:)?//", re.I)
    for name, text in site_pages(out).items():
        assert not pattern.search(text), name
        assert "@import" not in text and "url(http" not in text
    css = (out / "site" / "assets" / "site.css").read_text(encoding="utf-8")
    assert "http" not in css and "@font-face" not in css
    assert "@media print" in css


def test_the_proefeditie_banner_is_on_every_page_and_says_what_is_fictitious(
    rendered: tuple[Path, list[Path]],
) -> None:
    """In the demonstration edition every page carries the edition's banner; it counts the
    fictitious and the real figures of its own page (each figure also has its label)."""
    out, _ = rendered
    pages = site_pages(out)
    for name, text in pages.items():
        assert 'class="vm-demo-banner"' in text, name
        assert "Proefeditie — fictieve instellingen en cijfers" in text, name
    assert "met fictieve cijfers" in pages["01_nederland.html"]
    assert "met fictieve cijfers" in pages["06_instellingen-tue.html"]
    assert "met fictieve cijfers" not in pages["over.html"]


def test_tables_link_their_csv(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    page = site_pages(out)["01_nederland.html"]
    assert '<a class="vm-download" href="../data/octrooien.csv" download>Download CSV</a>' in page
    assert '<td class="vm-num">1.234,5</td>' in page
    assert 'id="tab-octrooien"' in page


def test_chart_figure_has_container_caption_alt_and_table(
    rendered: tuple[Path, list[Path]],
) -> None:
    out, _ = rendered
    page = site_pages(out)["01_nederland.html"]
    figure = re.search(r'<figure class="vm-figure vm-figure-chart".*?</figure>', page, re.S)
    assert figure is not None
    fig = figure.group(0)
    assert '<div class="vm-chart"' in fig and "<figcaption>" in fig
    assert "TU/e vraagt de meeste octrooien aan" in fig
    assert "Staafdiagram van het aantal octrooien per instelling." in fig
    assert 'href="#tab-octrooien"' in fig
    spec = re.search(r'<script type="application/json" id="(spec-[^"]+)">(.*?)</script>', fig, re.S)
    assert spec is not None and json.loads(spec.group(2))["mark"] == "bar"
    assert f'data-spec="{spec.group(1)}"' in fig
    assert '<script src="assets/vega-embed.js"></script>' in page
    assert "vega-embed.js" not in site_pages(out)["over.html"]


def test_vega_bundle_is_scoped_and_charts_js_uses_dutch_locale(
    rendered: tuple[Path, list[Path]],
) -> None:
    out, _ = rendered
    vega = (out / "site" / "assets" / "vega-embed.js").read_text(encoding="utf-8")
    assert vega.lstrip().startswith("/*") and "(function () {" in vega[:300]
    assert vega.rstrip().endswith("}).call(window);")
    charts = (out / "site" / "assets" / "charts.js").read_text(encoding="utf-8")
    assert '"decimal": ","' in charts and '"thousands": "."' in charts
    assert "november" in charts and 'renderer: "svg"' in charts


def test_parent_lists_subpages_and_qmd_renders(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    pages = site_pages(out)
    parent = pages["06_instellingen.html"]
    assert '<a href="06_instellingen-tue.html">Technische Universiteit Eindhoven</a>' in parent
    assert '<a href="06_instellingen-uva.html">Universiteit van Amsterdam</a>' in parent
    assert "Kerncijfers UvA" in pages["06_instellingen-uva.html"]
    assert "Kerncijfers UvA" not in parent
    assert '<h1 class="vm-page-title">Over deze monitor</h1>' in pages["over.html"]
    assert "<em>kennisoverdracht</em>" in pages["over.html"]
    assert pages["index.html"].count("<h1") == 1
    assert '<h1 class="vm-page-title">Samenvatting</h1>' in pages["index.html"]


def test_footnotes_per_page_numbered_and_kept(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    pages = site_pages(out)
    page = pages["01_nederland.html"]
    notes = re.search(r'<section id="footnotes".*?</section>', page, re.S)
    assert notes is not None
    items = re.findall(r'<li id="(fn\d+)"><p>(.*?)<a', notes.group(0))
    assert items == [
        ("fn1", "Bron: Centraal Bureau voor de Statistiek."),
        ("fn2", "Bron: Rathenau Instituut."),
    ]
    assert page.index('id="fnref1"') < page.index('id="fnref2"') < page.index("footnotes")
    assert "footnotes" not in pages["index.html"]


def test_chart_without_named_table_gets_its_data_inline(
    rendered: tuple[Path, list[Path]],
) -> None:
    out, _ = rendered
    page = site_pages(out)["06_instellingen-uva.html"]
    details = re.search(r'<details class="vm-chart-data">.*?</details>', page, re.S)
    assert details is not None
    assert "Cijfers achter deze figuur" in details.group(0)
    assert '<th scope="row">TU/e</th>' in details.group(0) and "1234.5" in details.group(0)


def test_markup_in_data_is_escaped(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    page = site_pages(out)["06_instellingen-uva.html"]
    assert "<b>vet</b>" not in page
    assert "&lt;b&gt;vet&lt;/b&gt;" in page


def test_qmd_code_chunks_are_not_shown(tmp_path: Path) -> None:
    from analysis.publication.render.notebook import MarkdownBlock, read_qmd

    path = tmp_path / "p.qmd"
    path.write_text(
        "---\ntitle: Pagina\n---\n\nTekst.\n\n```{python}\nimport os\n```\n\nMeer.\n",
        encoding="utf-8",
    )
    doc = read_qmd(path, "p.qmd", "x")
    assert doc.title == "Pagina"
    text = "".join(b.text for b in doc.blocks if isinstance(b, MarkdownBlock))
    assert "Tekst." in text and "Meer." in text and "import os" not in text


# --- the PDF ---------------------------------------------------------------------------


def test_typst_source_structure(tmp_path: Path) -> None:
    project, executed, out = make_project(tmp_path)
    from analysis.publication.render import load_documents

    config = load_config(project)
    docs = load_documents(config, project, executed)
    work = tmp_path / "work"
    work.mkdir()
    src = build_typst(config, docs, out, work, year=YEAR, report_date="november 2025")
    assert '#vm-chapter("Samenvatting", numbered: false)' in src
    assert '#vm-chapter("Kennisoverdracht in Nederland", numbered: true)' in src
    # Appendix notebook after the annex switch, fact sheets as its sections.
    annex = src.index("#show: vm-annex")
    assert src.index('#vm-chapter("Instellingen"') > annex
    assert src.index('#heading(level: 2, outlined: true, "Universiteit van Amsterdam")') > annex
    assert "<tab-octrooien>" in src and "@tab-octrooien" in src
    assert (work / "charts" / "fig-octrooien.svg").is_file()
    assert "#vm-demo-start()" in src and "#vm-demo-end()" in src
    for marker in (SECRET, CODE_MARKER, STREAM_MARKER, PLAIN_MARKER):
        assert marker not in src


def test_same_table_name_in_two_chapters_compiles(tmp_path: Path) -> None:
    """Table names are unique per notebook only; the PDF must still get distinct labels."""
    project, executed, out = make_project(tmp_path)
    path = executed / "notebooks" / "00_samenvatting.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(
        code_cell(
            "display.table(...)",
            bundle(table_payload("octrooien", demo=False, caption="Octrooien (samenvatting)")),
        )
    )
    nbformat.write(nb, path)
    render_report(project, executed, out, year=YEAR)
    assert (out / f"valorisatiemonitor-{YEAR}.pdf").read_bytes().startswith(b"%PDF")
    from analysis.publication.render import load_documents

    config = load_config(project)
    work = tmp_path / "work"
    work.mkdir()
    src = build_typst(
        config, load_documents(config, project, executed), out, work, year=YEAR, report_date="x"
    )
    # Two labels, and the chart in chapter 1 points at the table of its own chapter.
    assert "<tab-octrooien>" in src and "<tab-octrooien-2>" in src
    assert "@tab-octrooien-2" in src
    site = (out / "site" / "01_nederland.html").read_text(encoding="utf-8")
    assert 'href="#tab-octrooien"' in site  # the site links the table on the same page


def test_pdf_exists(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    pdf = (out / f"valorisatiemonitor-{YEAR}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"pdfuaid" in pdf  # PDF/UA-1 identification in the XMP metadata


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_pdf_text(rendered: tuple[Path, list[Path]]) -> None:
    out, _ = rendered
    pdf = out / f"valorisatiemonitor-{YEAR}.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert f"Valorisatiemonitor {YEAR}" in flat
    assert "november 2025" in flat
    assert "Ministerie van Economische Zaken" in flat
    for chapter in ("Samenvatting", "Kennisoverdracht in Nederland", "Over deze monitor"):
        assert chapter in flat
    assert "Bijlage A" in flat and "Universiteit van Amsterdam" in flat
    assert "Demonstratiegegevens" in flat
    assert "1.234,5" in flat  # table cell as text, from a real table
    assert "Bron: Centraal Bureau voor de Statistiek." in flat  # footnotes survive
    assert "Bron: Rathenau Instituut." in flat
    assert '#panic("boem") [x] $y$ \\ "z" <b>vet</b> @ref' in flat  # data text, verbatim
    for marker in (SECRET, CODE_MARKER, STREAM_MARKER, PLAIN_MARKER):
        assert marker not in flat
    pages = text.split("\f")
    demo_footer = "Op deze pagina: fictieve cijfers uit de proefeditie"
    nederland = next(p for p in pages if "Octrooien per instelling" in p)
    assert demo_footer in " ".join(nederland.split())
    over = next(p for p in pages if "Gegevens komen van de instellingen zelf" in p)
    assert demo_footer not in " ".join(over.split())


def test_two_renders_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        project, executed, out = make_project(tmp_path / run)
        render_report(project, executed, out, year=YEAR, years_available=[2024])
        outputs.append(out)
    first, second = outputs
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


# --- quarto engine (command only: quarto is not installed here) ------------------------


def test_quarto_command_never_executes(tmp_path: Path) -> None:
    cmd = quarto_command(tmp_path)
    assert cmd[:3] == ["quarto", "render", str(tmp_path)]
    assert "--no-execute" in cmd and "--execute" not in cmd


def test_quarto_build_dir_uses_executed_notebooks(tmp_path: Path) -> None:
    project, executed, _ = make_project(tmp_path)
    config = load_config(project)
    build = tmp_path / "build"
    copied = prepare_build_dir(project, executed, config, build)
    assert (build / "_quarto.yml").is_file()
    filters = yaml.safe_load((build / "_quarto.yml").read_text(encoding="utf-8"))["filters"]
    assert filters[-1].endswith("filters/sanitize.lua") and Path(filters[-1]).is_file()
    assert len(copied) == 4
    nb = json.loads((build / "notebooks/01_nederland.ipynb").read_text(encoding="utf-8"))
    assert len(nb["cells"]) > 0  # the executed one, not the empty source
    assert (build / "over.qmd").is_file()
    built = yaml.safe_load((build / "_quarto.yml").read_text(encoding="utf-8"))
    assert tuple(built["project"]["render"]) == load_config(project).pages
    assert built["execute"]["enabled"] is False
    loader = built["format"]["html"]["include-after-body"][-1]["text"]
    assert "assets/vega-embed.js" in loader and "http" not in loader


# --- what a browser shows --------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM after scripts ran, from headless Chromium with every network feature off."""
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")
def test_charts_draw_in_headless_chromium(
    rendered: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    out, _ = rendered
    dom = dump_dom(out / "site" / "01_nederland.html", tmp_path / "profile")
    containers = re.findall(r'<div class="vm-chart[^"]*"[^>]*>(.*?)</div>\s*<script', dom, re.S)
    assert containers, dom[:2000]
    for inner in containers:
        assert "<svg" in inner or "<canvas" in inner
    assert "vm-chart-failed" not in dom
    # The chart keeps its own text alternative after vega-embed has drawn it.
    assert 'aria-label="Staafdiagram van het aantal octrooien per instelling."' in dom
    assert "Vega visualization" not in dom
    # Dutch number format in the axis labels (1.200 rather than 1,200).
    assert re.search(r">1\.[0-9]{3}<", dom)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium not installed")
def test_charts_js_draws_display_html_fallback(
    rendered: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    """What Quarto shows: the notebook's own `text/html` (spec in `data-for`), same scripts."""
    out, _ = rendered
    page = out / "site" / "fallback-test.html"
    spec = json.dumps(SPEC).replace("</", "<\\/")
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><body>'
        '<figure><div class="vm-chart" id="chart-x" role="img" aria-label="Alt."></div>'
        f'<script type="application/json" data-for="chart-x">{spec}</script></figure>'
        '<script src="assets/vega-embed.js"></script><script src="assets/charts.js"></script>'
        "</body></html>",
        encoding="utf-8",
    )
    try:
        dom = dump_dom(page, tmp_path / "profile")
    finally:
        page.unlink()
    inner = re.search(r'<div class="vm-chart[^"]*"[^>]*>(.*?)</div>', dom, re.S)
    assert inner is not None and "<svg" in inner.group(1)


def test_quarto_engine_without_quarto_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, executed, out = make_project(tmp_path)
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(BuildError, match="quarto binary"):
        render_report(project, executed, out, year=YEAR, engine="quarto")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_demo_footer_marks_exactly_the_pages_a_demo_block_spans(tmp_path: Path) -> None:
    """Start on page 3, spill over pages 4 and 5, end on 5; page 6 holds no demo data."""
    import typst

    from analysis.publication.render import typst_pdf

    shutil.copyfile(
        Path(typst_pdf.__file__).parent / "templates" / "report.typ", tmp_path / "report.typ"
    )
    filler = "#lorem(400)\n\n"
    (tmp_path / "main.typ").write_text(
        '#import "report.typ": *\n#show: vm-report.with(title: "T", year: "2025")\n'
        '#vm-chapter("Een")\n#vm-demo-start()\n' + filler * 3 + "#vm-demo-end()\n"
        "#pagebreak()\nGeen demo hier.\n",
        encoding="utf-8",
    )
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(typst.compile(str(tmp_path / "main.typ"), root=str(tmp_path)))
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout.split("\f")
    flagged = [i + 1 for i, text in enumerate(pages) if "Op deze pagina: fictieve cijfers" in text]
    chapter_start = next(i + 1 for i, text in enumerate(pages) if "Een" in text and "Lorem" in text)
    last = len([p for p in pages if p.strip()])
    assert flagged == list(range(chapter_start, last))
    assert last not in flagged


# --- fact-sheet volumes (many institutions) ---------------------------------------------


def _pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_volume_settings_must_be_positive_whole_numbers(tmp_path: Path) -> None:
    project, _executed, _out = make_project(tmp_path)
    path = project / "_quarto.yml"
    path.write_text(
        QUARTO_YML.replace("  pdf:\n", "  pdf:\n    factsheets_per_volume: 0\n"), encoding="utf-8"
    )
    with pytest.raises(BuildError, match=r"valorisatiemonitor\.pdf\.factsheets_per_volume"):
        load_config(project)


def test_plan_volumes_splits_in_order_and_keeps_small_chapters_inline(tmp_path: Path) -> None:
    from analysis.publication.render import load_documents
    from analysis.publication.render.typst_plan import plan_volumes

    project, executed, _out = make_project(tmp_path)
    docs = load_documents(load_config(project), project, executed)
    assert plan_volumes(load_config(project), docs, YEAR) == []  # 2 sheets, 60 inline
    (project / "_quarto.yml").write_text(
        QUARTO_YML.replace(
            "  pdf:\n", "  pdf:\n    factsheets_inline_max: 1\n    factsheets_per_volume: 1\n"
        ),
        encoding="utf-8",
    )
    volumes = plan_volumes(load_config(project), docs, YEAR)
    assert [(v.number, v.total, v.file, v.span) for v in volumes] == [
        (1, 2, f"valorisatiemonitor-{YEAR}-factsheets-1.pdf", "Technische Universiteit Eindhoven"),
        (2, 2, f"valorisatiemonitor-{YEAR}-factsheets-2.pdf", "Universiteit van Amsterdam"),
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_fact_sheets_above_the_inline_limit_go_into_volumes(tmp_path: Path) -> None:
    project, executed, out = make_project(tmp_path)
    (project / "_quarto.yml").write_text(
        QUARTO_YML.replace(
            "  pdf:\n", "  pdf:\n    factsheets_inline_max: 1\n    factsheets_per_volume: 1\n"
        ),
        encoding="utf-8",
    )
    files = render_report(project, executed, out, year=YEAR)
    report = out / f"valorisatiemonitor-{YEAR}.pdf"
    volumes = [out / f"valorisatiemonitor-{YEAR}-factsheets-{n}.pdf" for n in (1, 2)]
    assert {report, *volumes} <= set(files)
    assert not (out / f"valorisatiemonitor-{YEAR}-factsheets-3.pdf").exists()

    main = _pdf_text(report)
    assert "De factsheets van alle 2 instellingen staan in afzonderlijke PDF-bestanden" in main
    assert volumes[0].name in main and volumes[1].name in main
    assert "De UvA is een brede universiteit" not in main  # the sheet itself is not inline

    first, second = (_pdf_text(v) for v in volumes)
    assert "deel 1 van 2: Technische Universiteit Eindhoven" in first
    assert "Kerncijfers TU/e" in first and "Universiteit van Amsterdam" not in first
    assert "De UvA is een brede universiteit" in second
    # Demonstration figures are labelled in a volume as in the report: title page + footer.
    assert "Demonstratiegegevens" in first
    for pdf in (report, *volumes):
        assert b"pdfuaid" in pdf.read_bytes()

    page = (out / "site" / "06_instellingen.html").read_text(encoding="utf-8")
    assert f'<a href="../{volumes[1].name}">Deel 2 van 2</a>: Universiteit van Amsterdam' in page


def test_a_volume_lists_every_sheet_in_its_contents(tmp_path: Path) -> None:
    """The report's contents stop listing sheets above 60; a volume's always lists them."""
    from analysis.publication.render.notebook import MarkdownBlock
    from analysis.publication.render.typst_pdf import MAX_OUTLINED_SECTIONS, build_volume_typst
    from analysis.publication.render.typst_plan import Volume

    project, _executed, out = make_project(tmp_path)
    n = MAX_OUTLINED_SECTIONS + 1
    sections = tuple((f"Instelling {i}", (MarkdownBlock(f"Tekst {i}."),)) for i in range(n))
    volume = Volume("notebooks/06_instellingen.ipynb", "Instellingen", 1, 1, "v.pdf", sections)
    work = tmp_path / "work"
    work.mkdir()
    src = build_volume_typst(load_config(project), volume, out, work, year=YEAR, report_date="x")
    assert src.count("#heading(level: 2, outlined: true,") == n
    assert "deel 1 van 1: Instelling 0 – Instelling 60" in src


# --- PDF/UA-1 is kept or the build fails ---------------------------------------------


def _fact_sheet_source(tmp_path: Path, name: str) -> Path:
    """The report's Typst source for a summary and one fact sheet titled `name`."""
    from analysis.publication.render.notebook import Document, MarkdownBlock, SubPage
    from analysis.publication.render.pdf_compilation import _HERE as TYPST_HERE

    project, _executed, out = make_project(tmp_path)
    config = load_config(project)
    sheet = SubPage("x", name, (MarkdownBlock(f"{name} is een universiteit."),))
    docs = [
        Document("notebooks/00_samenvatting.ipynb", "Samenvatting", (MarkdownBlock("Tekst."),)),
        Document("notebooks/06_instellingen.ipynb", "Instellingen", (), (sheet,)),
    ]
    work = tmp_path / "work"
    work.mkdir()
    shutil.copyfile(TYPST_HERE / "templates" / "report.typ", work / "report.typ")
    main = work / "main.typ"
    main.write_text(
        build_typst(config, docs, out, work, year=YEAR, report_date="november 2025"),
        encoding="utf-8",
    )
    return main


def test_text_the_fonts_cannot_show_fails_with_the_text_and_its_page(tmp_path: Path) -> None:
    """No silent degradation: a PDF without PDF/UA-1 is never written.

    Thai is outside the vendored fonts (`validate` refuses it in a name, rule
    `font_coverage`); should it reach Typst anyway, the build names text and page.
    """
    from analysis.publication.render import typst_compile

    main = _fact_sheet_source(tmp_path, "Universiteit กข")
    target = tmp_path / "pdf" / "rapport.pdf"
    with pytest.raises(BuildError) as raised:
        typst_compile.compile_pdf(main, target, 1_700_000_000)
    message = str(raised.value)
    assert "\n" not in message
    assert "rapport.pdf cannot be made PDF/UA-1" in message
    assert re.search(
        r"the font [A-Za-z ,]+ cannot show ก ข in 'Universiteit กข' "
        r"\(notebooks/06_instellingen\.ipynb, page 'Universiteit กข'\)",
        message,
    ), message
    assert not target.exists()
    # The same document without the characters compiles to PDF/UA-1.
    main.write_text(main.read_text(encoding="utf-8").replace("กข", "Utrecht"), encoding="utf-8")
    assert typst_compile.compile_pdf(main, target, 1_700_000_000) == "PDF/UA-1"
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
@pytest.mark.parametrize(
    "name",
    ["Ecosysteem 🚀 Zuid-Holland", "東京大学", "서울대학교 ❤️", "Universiteit 漢字 1️⃣"],
)
def test_emoji_and_cjk_names_are_drawn_in_a_pdf_ua_1_edition(tmp_path: Path, name: str) -> None:
    """Names `validate` accepts are drawn by the vendored fallback fonts, in PDF/UA-1.

    Every character of the name is one `glyphs.coverage` promises (so validate lets it
    through), and the PDF's text layer gives the name back: the glyphs are there, not
    boxes, and the document keeps the accessibility standard.
    """
    from analysis.glyphs import undrawable
    from analysis.publication.render import typst_compile

    assert undrawable(name) is None
    main = _fact_sheet_source(tmp_path, name)
    target = tmp_path / "pdf" / "rapport.pdf"
    assert typst_compile.compile_pdf(main, target, 1_700_000_000) == "PDF/UA-1"
    data = target.read_bytes()
    assert b"pdfuaid" in data
    text = _pdf_text(target)
    visible = "".join(ch for ch in name if ch not in "\ufe0f\u20e3")
    assert visible in text.replace("\ufe0f", "").replace("\u20e3", ""), text[-500:]
    if shutil.which("pdffonts"):
        used = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True).stdout
        cjk = any(0x3000 <= ord(ch) <= 0xDFFF for ch in name)
        assert ("NotoSansCJK" in used) == cjk, used
        emoji = any(ord(ch) >= 0x2000 and not 0x3000 <= ord(ch) <= 0xDFFF for ch in name)
        assert ("Symbola" in used) == emoji, used


def test_a_damaged_chart_library_cache_is_rebuilt_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import analysis.publication.render as render_package

    calls: list[str] = []

    def bundle(snippet: str) -> str:
        calls.append(snippet)
        return "var vegaEmbed = function () {};"

    monkeypatch.setattr(vl_convert, "javascript_bundle", bundle)
    monkeypatch.setenv("VALORISATIEMONITOR_CACHE", str(tmp_path / "cache"))
    render_package._vega_bundle.cache_clear()
    try:
        first = render_package._vega_bundle()
        (cached,) = (tmp_path / "cache").glob("vega-embed-*.js")
        render_package._vega_bundle.cache_clear()
        assert render_package._vega_bundle() == first and len(calls) == 1  # from the cache
        cached.write_text(first[: len(first) // 2])  # a build killed while writing it
        render_package._vega_bundle.cache_clear()
        assert render_package._vega_bundle() == first and len(calls) == 2
        assert "does not match its checksum" in caplog.text
        cached.write_bytes(b"\xff\xfe\x00")  # not even text
        render_package._vega_bundle.cache_clear()
        assert render_package._vega_bundle() == first and len(calls) == 3
        shutil.rmtree(tmp_path / "cache")
        (tmp_path / "cache").write_text("a file where the cache folder belongs")
        render_package._vega_bundle.cache_clear()
        assert render_package._vega_bundle() == first and len(calls) == 4
    finally:
        render_package._vega_bundle.cache_clear()


def test_the_downloads_page_is_written_after_the_pdf_it_describes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF that finishes last (a slow compile) still has its size on the downloads page."""
    import time

    from analysis.publication.render import pdf_compilation

    real = pdf_compilation._compile_in_process

    def slow(main: Path, target: Path, stamp: int) -> str:
        time.sleep(3.0)
        return real(main, target, stamp)

    monkeypatch.setattr(pdf_compilation, "_compile_in_process", slow)
    project, executed, out = make_project(tmp_path)
    render_report(project, executed, out, year=YEAR)
    pdf = out / f"valorisatiemonitor-{YEAR}.pdf"
    page = (out / "site" / "downloads.html").read_text(encoding="utf-8")
    size = re.search(
        rf'{pdf.name}">[^<]*</a>[^<]*<span class="vm-download-size">([^<]*)</span>', page
    )
    assert size is not None and size.group(1) != ""
    kb = max(1, round(pdf.stat().st_size / 1000))
    assert size.group(1) in (f"{kb} kB", f"{kb:,} kB".replace(",", "."))


# --- fact sheets fit for paper (issue 23, item 3) --------------------------------------------


def test_printed_fact_sheets_share_pages_and_leave_their_charts_on_the_site(
    tmp_path: Path,
) -> None:
    """Eight demonstration-sized sheets (text, three key figures, a chart, a seven-row
    table): at least two a page, none split over two pages, no chart in print."""
    import typst

    from analysis.publication.render.fonts import typst_font_options
    from analysis.publication.render.notebook import (
        ChartBlock,
        Document,
        KeyFigure,
        KeyFiguresBlock,
        MarkdownBlock,
        SubPage,
        TableBlock,
    )
    from analysis.publication.render.pdf_compilation import _HERE as TYPST_HERE

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="560" height="160">'
        '<text x="10" y="80">Grafiektekst</text></svg>'
    )

    def sheet(k: int) -> SubPage:
        figures = KeyFiguresBlock(
            tuple(
                KeyFigure(f"Kerncijfer {i}", f"€\u00a0{k},{i}\u00a0mln", "", "demonstration")
                for i in range(3)
            )
        )
        table = TableBlock(
            name=f"instelling-{k}",
            caption=f"Instelling {k}: 2024, 2025 en per € 100 mln onderzoek",
            columns=("Indicator", "2024", "2025"),
            rows=tuple((f"s{k}r{j}", str(j), str(j + 1)) for j in range(7)),
            align=("l", "r", "r"),
            csv=f"data/instelling-{k}.csv",
            source_note="",
            basis="demonstration",
        )
        chart = ChartBlock(f"c{k}", "Trend", "Lijn", {}, None, svg, None, "demonstration")
        about = MarkdownBlock(f"Instelling {k} is een hogeschool. " * 12)
        return SubPage(f"i{k}", f"Instelling {k}", (about, figures, chart, table))

    project, _executed, out = make_project(tmp_path)
    config = load_config(project)
    docs = [
        Document("notebooks/00_samenvatting.ipynb", "Samenvatting", (MarkdownBlock("Tekst."),)),
        Document(
            "notebooks/06_instellingen.ipynb",
            "Instellingen",
            (MarkdownBlock("Inleiding."),),
            tuple(sheet(k) for k in range(8)),
        ),
    ]
    work = tmp_path / "work"
    work.mkdir()
    shutil.copyfile(TYPST_HERE / "templates" / "report.typ", work / "report.typ")
    source = build_typst(config, docs, out, work, year=YEAR, report_date="november 2025")
    assert "#pagebreak" not in source.split("Instelling 0", 1)[1]
    assert source.count("#vm-sheet(breakable: false)[") == 8  # each kept whole
    (work / "main.typ").write_text(source, encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(typst.compile(str(work / "main.typ"), root=str(work), **typst_font_options()))
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert not any("Grafiektekst" in p for p in pages)  # the chart is on the site only
    holding = {
        k: {n for n, p in enumerate(pages) for j in range(7) if f"s{k}r{j} " in p} for k in range(8)
    }
    assert all(len(on) == 1 for on in holding.values()), holding  # a sheet is never split
    per_page = Counter(next(iter(on)) for on in holding.values())
    last = max(per_page)
    assert all(count >= 2 for page, count in per_page.items() if page != last), per_page


# --- nothing from the workshop in print (issue 23, item 5) -------------------------------------


def test_the_printed_colophon_names_edition_date_contact_and_address_only(tmp_path: Path) -> None:
    """The colophon's software sentence and input hashes are on the site only: the PDF's
    source has the colophon block instead and no trace of the machine record."""
    from analysis.publication.render.notebook import (
        BasisSummaryBlock,
        Document,
        MarkdownBlock,
        TableBlock,
    )

    project, _executed, out = make_project(tmp_path)
    config = load_config(project)
    versions = MarkdownBlock("Berekend met pandas versie 3.1.1 en numpy versie 2.4.6.", pdf=False)
    hashes = TableBlock(
        name="colofon_invoer",
        caption="Invoerbestanden en hun inhoudshash",
        columns=("Invoer", "SHA-256 (eerste 16 tekens)"),
        rows=(("sources.csv", "5aa0a89cfe5b632f"),),
        align=("l", "l"),
        csv="data/colofon_invoer.csv",
        source_note="",
        pdf=False,
        pointer=False,
    )
    listed = TableBlock(
        name="lang",
        caption="Een lange tabel",
        columns=("a",),
        rows=(("1",),),
        align=("l",),
        csv="data/lang.csv",
        source_note="",
        pdf=False,
    )
    docs = [
        Document("notebooks/00_samenvatting.ipynb", "Samenvatting", (MarkdownBlock("Tekst."),)),
        Document(
            "notebooks/07_bijlagen.ipynb",
            "Verantwoording",
            (MarkdownBlock("## Colofon"), BasisSummaryBlock(), versions, hashes, listed),
        ),
    ]
    work = tmp_path / "work"
    work.mkdir()
    source = build_typst(config, docs, out, work, year=YEAR, report_date="17 november 2026")
    assert "#vm-colophon(edition: " in source and '"17 november 2026"' in source
    for machine in ("pandas", "versie 3.1.1", "5aa0a89cfe5b632f", "inhoudshash", "SHA-256"):
        assert machine not in source, machine
    assert 'vm-site-only(kind: "table", "Een lange tabel"' in source  # other site-only tables
    # The site keeps the machine record.
    from analysis.publication.render.html import render_site

    site = tmp_path / "site"
    site.mkdir()
    render_site(config, docs, site, year=YEAR, years_available=(YEAR,), assets=())
    page = (site / "07_bijlagen.html").read_text(encoding="utf-8")
    assert "pandas versie 3.1.1" in page and "5aa0a89cfe5b632f" in page


def test_a_fact_sheet_longer_than_a_page_may_break() -> None:
    """The renderer's estimate decides (Typst measures nothing): 80 table rows do not fit
    a page, so that sheet may break; a short one is kept whole."""
    from analysis.publication.render.notebook import MarkdownBlock, TableBlock
    from analysis.publication.render.typst_layout import SHEET_MAX_WHOLE_PT, sheet_height_pt

    def table(rows: int) -> TableBlock:
        return TableBlock(
            name="t",
            caption="Jaarrekening",
            columns=("Jaar", "Gegeven", "Bedrag"),
            rows=tuple(
                ("2021", "Contractonderzoek voor bedrijven (baten)", "€ 1 mln"),
            )
            * rows,
            align=("l", "l", "r"),
            csv=None,
            source_note="",
        )

    about = MarkdownBlock("Een universiteit met een breed profiel. " * 6)
    assert sheet_height_pt((about, table(8))) < SHEET_MAX_WHOLE_PT
    assert sheet_height_pt((about, table(80))) > SHEET_MAX_WHOLE_PT
