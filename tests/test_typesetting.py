"""PDF typesetting: tables fit without splitting words, captions stay with their tables,
key figures keep their numbers whole, and the edition date is one value everywhere."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import typst

from analysis.publication.render import typst_blocks, typst_layout
from analysis.publication.render.config import load_config
from analysis.publication.render.edition_date import EditionDate, edition_date
from analysis.publication.render.fonts import text_width, typst_font_options
from analysis.publication.render.notebook import TableBlock
from analysis.publication.render.typst_layout import TEXT_WIDTH_PT, table_shape

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def _table(columns: list[str], rows: list[list[str]], align: str | None = None) -> TableBlock:
    return TableBlock(
        name="t",
        caption="T",
        columns=tuple(columns),
        rows=tuple(tuple(r) for r in rows),
        align=tuple(align or "l" * len(columns)),
        csv=None,
        source_note="",
    )


def test_text_width_reads_the_vendored_font() -> None:
    # Liberation Sans advances (units per em 2048): "i" 455, "m" 1706, digits 1139.
    assert text_width("i", 10) == pytest.approx(455 * 10 / 2048)
    assert text_width("m", 10) == pytest.approx(1706 * 10 / 2048)
    assert text_width("0123456789", 10) == pytest.approx(10 * 1139 * 10 / 2048)
    assert text_width("Octrooien", 10, bold=True) > text_width("Octrooien", 10)


def test_table_shape_prefers_portrait_and_whole_words() -> None:
    narrow = _table(["Instelling", "Spin-offs"], [["TU Delft", "12"]], "lr")
    assert table_shape(narrow) == typst_layout.TableShape(8.5, False, None, False, keep=True)
    # Wider than the page on one line at 8.5 pt, fits at 7.5 pt.
    cell = "x" * 55
    medium = _table(["a", "b"], [[cell, cell]])
    natural_85 = 2 * text_width(cell, 8.5) + 22
    natural_75 = 2 * text_width(cell, 7.5) + 22
    assert natural_75 * typst_layout._WIDTH_SAFETY <= TEXT_WIDTH_PT < natural_85
    assert (table_shape(medium).size, table_shape(medium).landscape) == (7.5, False)
    # Long prose cells wrap between words at 8.5 pt.
    prose = " ".join(["kennisoverdracht"] * 30)
    assert table_shape(_table(["Toelichting", "n"], [[prose, "1"]], "lr")).landscape is False
    # Six columns of long compounds fit only a landscape page without splitting words.
    wide = _table(["Onderzoeksovereenkomsten"] * 6, [["Uitvindingsmeldingen"] * 6])
    shape = table_shape(wide)
    assert (shape.size, shape.landscape, shape.hyphenate) == (7.5, True, False)
    # Twelve do not fit even there: only then may Typst hyphenate.
    widest = _table(["Onderzoeksovereenkomsten"] * 12, [["Uitvindingsmeldingen"] * 12])
    assert table_shape(widest).hyphenate


def _compile(tmp_path: Path, body: str) -> list[str]:
    shutil.copyfile(
        Path(typst_layout.__file__).parent / "templates" / "report.typ", tmp_path / "report.typ"
    )
    (tmp_path / "main.typ").write_text(
        '#import "report.typ": *\n#show: vm-report.with(title: "T", year: "2025")\n'
        '#vm-chapter("Een")\n' + body,
        encoding="utf-8",
    )
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(
        typst.compile(str(tmp_path / "main.typ"), root=str(tmp_path), **typst_font_options())
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


def _typst_table(t: TableBlock) -> str:
    """The Typst the renderer writes for `t` (on a landscape page where it chooses one)."""
    builder = typst_blocks.TypstWriter(Path("."), Path("."), {})
    builder.blocks([t])
    return "\n".join(builder.lines) + "\n"


WIDE_HEADER = [
    "Instelling",
    "Uitvindingsmeldingen",
    "Onderzoeksovereenkomsten",
    "Contractonderzoeksinkomsten",
    "Licentieovereenkomsten",
    "Octrooiaanvragen",
]


@needs_pdftotext
def test_a_wide_table_splits_no_word(tmp_path: Path) -> None:
    rows = [[f"Hogeschool {i}", "1.234", "56.789", "€ 12,5 mln", "345", "6.789"] for i in range(5)]
    t = _table(WIDE_HEADER, rows, "lrrrrr")
    assert table_shape(t).landscape  # six long compounds do not fit a portrait page whole
    pages = _compile(tmp_path, _typst_table(t))
    words = " ".join(pages).split()
    for word in WIDE_HEADER[1:]:
        assert word in words, word  # whole, not "Onderzoeks-" + "overeenkomsten"
    assert "€ 12,5 mln" in " ".join(" ".join(pages).split())


@needs_pdftotext
def test_a_table_that_wraps_breaks_between_words_only(tmp_path: Path) -> None:
    """Portrait, wrapped between words: header compounds and numbers stay whole."""
    header = ["Indicator", "Uitvindingsmeldingen", "Toelichting bij de opgave"]
    note = "opgave van de instelling zelf, niet gecontroleerd door de monitor " * 3
    rows = [[f"Indicator {i}", "1.234", note] for i in range(3)]
    t = _table(header, rows, "lrl")
    shape = table_shape(t)
    assert not shape.landscape and shape.columns is not None and not shape.hyphenate
    assert sum(shape.columns) == pytest.approx(TEXT_WIDTH_PT, abs=0.5)
    pages = _compile(tmp_path, _typst_table(t))
    text = " ".join(pages)
    assert "Uitvindingsmeldingen" in text.split()
    assert "\u00ad" not in text and "-\n" not in text  # no hyphenation anywhere


@needs_pdftotext
@pytest.mark.parametrize("space", range(560, 660, 6))
def test_caption_stays_with_its_table(tmp_path: Path, space: int) -> None:
    """Wherever the table starts, the caption is on the page of its first row.

    The space before it moves the caption down to the foot of the page in small steps;
    some steps leave room for the caption but not for a row after it.
    """
    rows = "(" + "".join(f'("rij {i}", "{i}"), ' for i in range(30)) + ")"
    pages = _compile(
        tmp_path,
        f"#v({space}pt)\n\n"
        f'#vm-table(caption: "Koptekst van de tabel", header: ("Naam", "n"), rows: {rows}, '
        "aligns: (left, right))\n",
    )
    caption_page = next(i for i, p in enumerate(pages) if "Koptekst van de tabel" in p)
    first_row_page = next(i for i, p in enumerate(pages) if "rij 0 " in p or "rij 0\n" in p)
    assert caption_page == first_row_page


@needs_pdftotext
def test_key_figures_keep_values_and_labels_whole(tmp_path: Path) -> None:
    from analysis.publication.render.notebook import KeyFigure, KeyFiguresBlock

    items = [
        ("Licentie-inkomsten", "€ 13,6 mln"),
        ("Onderzoeksovereenkomsten", "3.139"),
        ("Uitvindingsmeldingen", "2.001"),
        ("Contractonderzoeksinkomsten", "€ 1.234.567.890"),
    ]
    block = KeyFiguresBlock(
        tuple(KeyFigure(label, value, "", "demonstration") for label, value in items)
    )
    sizes = typst_layout.keyfigure_sizes(block)
    assert sizes[0] == (16.0, 9.0)  # fits as it is
    assert sizes[3][0] < 16.0  # the long amount is set smaller to stay on one line
    builder = typst_blocks.TypstWriter(Path("."), Path("."), {})
    builder.blocks([block])
    pages = _compile(tmp_path, "\n".join(builder.lines) + "\n")
    lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
    text = "\n".join(lines).replace("\u00a0", " ")
    for label, value in items:
        assert value in text, value
        assert label in text.split(), label


def test_edition_date_is_one_value_for_cover_and_metadata(tmp_path: Path) -> None:
    project = tmp_path
    (project / "_quarto.yml").write_text(
        "project:\n  render: [a.qmd]\nvalorisatiemonitor:\n  report_date: 2026-11-17\n",
        encoding="utf-8",
    )
    configured = edition_date(load_config(project), 2025)
    assert configured == EditionDate(date(2026, 11, 17), exact=True)
    assert configured.text == "17 november 2026"
    assert configured.timestamp == 1794873600  # calendar.timegm((2026, 11, 17, 0, 0, 0))
    (project / "_quarto.yml").write_text("project:\n  render: [a.qmd]\n", encoding="utf-8")
    default = edition_date(load_config(project), 2025)
    assert (default.text, default.day) == ("november 2026", date(2026, 11, 1))
    (project / "_quarto.yml").write_text(
        "project:\n  render: [a.qmd]\nvalorisatiemonitor:\n  report_date: najaar\n",
        encoding="utf-8",
    )
    from analysis.errors import BuildError

    with pytest.raises(BuildError, match="YYYY-MM-DD"):
        load_config(project)


@needs_pdftotext
@pytest.mark.parametrize("space", range(560, 660, 12))
def test_a_short_table_is_never_split(tmp_path: Path, space: int) -> None:
    """Eight rows are kept whole: on one page wherever they start."""
    t = _table(["Naam", "n"], [[f"rij {i}", str(i)] for i in range(8)], "lr")
    assert table_shape(t).keep
    pages = _compile(tmp_path, f"#v({space}pt)\n\n" + _typst_table(t))
    holding = {i for i, p in enumerate(pages) for r in range(8) if f"rij {r} " in p + " "}
    assert len(holding) == 1
