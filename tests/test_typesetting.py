"""PDF typesetting: tables fit without splitting words, captions stay with their tables,
key figures keep their numbers whole, and the edition date is one value everywhere."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import typst

import pdf_layout
from analysis.publication import formatting as fmt
from analysis.publication.render import typst_blocks, typst_layout
from analysis.publication.render.config import load_config
from analysis.publication.render.edition_date import EditionDate, edition_date
from analysis.publication.render.fonts import text_width, typst_font_options
from analysis.publication.render.notebook import TableBlock
from analysis.publication.render.typst_layout import TEXT_WIDTH_PT, table_shape
from pdf_layout import Line, Page, Word

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
    # Six columns of long compounds fit only a landscape page without splitting words
    # (twelve rows: too many to print the table transposed).
    wide = _table(["Onderzoeksovereenkomsten"] * 6, [["Uitvindingsmeldingen"] * 6] * 12)
    shape = table_shape(wide)
    assert (shape.size, shape.landscape, shape.hyphenate) == (7.5, True, False)
    # Twelve do not fit even there: only then may Typst hyphenate.
    widest = _table(["Onderzoeksovereenkomsten"] * 12, [["Uitvindingsmeldingen"] * 12] * 12)
    assert table_shape(widest).hyphenate
    # One row of them is printed transposed, on a portrait page.
    short = _table(["Instelling", *["Onderzoeksovereenkomsten"] * 5], [["A", *["1"] * 5]])
    assert table_shape(short).transposed and not table_shape(short).landscape


def _compile_pdf(tmp_path: Path, body: str) -> Path:
    """`body` as the first chapter of a report in the project's template, compiled."""
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
    return pdf


def _compile(tmp_path: Path, body: str) -> list[str]:
    pdf = _compile_pdf(tmp_path, body)
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
    rows = [[f"Hogeschool {i}", "1.234", "56.789", "€ 12,5 mln", "345", "6.789"] for i in range(12)]
    t = _table(WIDE_HEADER, rows, "lrrrrr")
    assert table_shape(t).landscape  # six long compounds do not fit a portrait page whole
    pages = _compile(tmp_path, _typst_table(t))
    words = " ".join(pages).split()
    for word in WIDE_HEADER[1:]:
        assert word in words, word  # whole, not "Onderzoeks-" + "overeenkomsten"
    assert "€ 12,5 mln" in " ".join(" ".join(pages).split())


@needs_pdftotext
def test_a_short_wide_table_is_printed_transposed_on_a_portrait_page(tmp_path: Path) -> None:
    """Five rows of six long compounds: a landscape page would leave two pages near-empty.

    Transposed, the header words are the first column's and the institutions the header;
    every value stays in its institution's column and its indicator's row.
    """
    rows = [[f"Hogeschool {i}", f"{i}1", f"{i}2", f"{i}3", f"{i}4", f"{i}5"] for i in range(5)]
    t = _table(WIDE_HEADER, rows, "lrrrrr")
    shape = table_shape(t)
    assert shape.transposed and not shape.landscape
    source = _typst_table(t)
    assert "flipped" not in source
    pages = [p for p in _compile(tmp_path, source) if "Hogeschool" in p]
    assert len(pages) == 1  # the whole table on one (portrait) page
    lines = [line.split() for line in pages[0].splitlines() if line.strip()]
    header = next(line for line in lines if line[:1] == ["Instelling"])
    assert header == ["Instelling", *[w for i in range(5) for w in ("Hogeschool", str(i))]]
    for j, word in enumerate(WIDE_HEADER[1:], start=1):
        row = next(line for line in lines if line[:1] == [word])
        assert row == [word, *[f"{i}{j}" for i in range(5)]]


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


# --------------------------------------------------------------------------- the rules of issue 23


def _page(*lines: list[tuple[str, float, float]], number: int = 1, height: float = 842.0) -> Page:
    """A page from lines of (word, x0, x1) at 14 pt intervals, 10 pt tall, from the top margin."""
    built = []
    for i, words in enumerate(lines):
        y0 = pdf_layout.MARGIN_PT + 14 * i
        built.append(Line(tuple(Word(t, x0, y0, x1, y0 + 9.4) for t, x0, x1 in words)))
    return Page(number, 595.0, height, tuple(built))


def test_the_euro_rule_finds_an_amount_broken_over_two_lines() -> None:
    broken = _page(
        [("gaf", 71, 85), ("€", 88, 94)],  # "€" ends the line
        [("62,7", 71, 90), ("mln", 93, 108), ("subsidie", 111, 150)],
    )
    assert [f.rule for f in pdf_layout.euro_split_faults([broken])] == ["€ aan regeleinde"]
    cell = _page([("€", 300, 306), ("450,0", 309, 330)], [("mln", 300, 315)])  # a cell wrap
    assert [f.rule for f in pdf_layout.euro_split_faults([cell])] == ["mln aan regelbegin"]
    whole = _page([("gaf", 71, 85), ("€", 88, 94), ("62,7", 97, 116), ("mln", 119, 134)])
    assert pdf_layout.euro_split_faults([whole]) == []


def test_the_minus_and_decimal_rules_on_known_text() -> None:
    page = _page(
        [("daling", 71, 100), ("-13,7%", 103, 130), ("en", 133, 140), ("−2,3%", 143, 170)],
        [("2015-2018", 71, 110), ("COVID-19", 113, 150), ("(-1)", 153, 170)],
        [("€", 71, 77), ("450,0", 80, 100), ("mln", 103, 118), ("608,0", 121, 140)],
        [("fte", 143, 155), ("€", 158, 164), ("62,0", 167, 185), ("60,5", 188, 205)],
    )
    assert [f.found for f in pdf_layout.minus_faults([page])] == ["-13,7%", "(-1)"]
    found = [f.found for f in pdf_layout.empty_decimal_faults([page])]
    assert found == ["€ 450,0 mln", "608,0 fte"]


def test_the_fill_rule_spares_chapter_ends_and_the_cover() -> None:
    text = [("tekst", 71, 100)]
    cover, short, full = _page(text), _page(text, number=2), _page(*[text] * 48, number=3)
    title = Line((Word("Hoofdstuk", 71, 71, 200, 90),))
    chapter = Page(4, 595.0, 842.0, (title, *full.lines[2:]))
    assert full.fill > 0.9 and short.fill < 0.05 and chapter.starts_chapter()
    faults = pdf_layout.page_fill_faults([cover, short, full, short, full])
    assert [f.page for f in faults] == [2, 2]  # the short page after the cover, twice listed
    # A chapter may end anywhere on its page: the page before a chapter title is spared.
    assert pdf_layout.page_fill_faults([cover, short, chapter, full]) == []


@needs_pdftotext
@pytest.mark.parametrize("words", range(0, 24, 3))
def test_an_amount_never_breaks_at_a_line_end(tmp_path: Path, words: int) -> None:
    """The words before the amount move it along the line; it never breaks, while the
    same text with ordinary spaces does somewhere in the range (the rule sees it)."""
    filler = " ".join(["tekst"] * (12 + words))
    amounts = " ".join(f"gaf {fmt.money_eur(62_700_000 + i * 1_000_000)} uit" for i in range(40))
    pdf = _compile_pdf(tmp_path, f"{filler} {amounts}\n")
    assert pdf_layout.euro_split_faults(pdf_layout.read_pages(pdf)) == []


@needs_pdftotext
def test_the_euro_rule_sees_a_break_in_a_real_pdf(tmp_path: Path) -> None:
    plain = " ".join(f"gaf € {i},7 mln uit" for i in range(60, 160))
    pdf = _compile_pdf(tmp_path, plain + "\n")
    assert pdf_layout.euro_split_faults(pdf_layout.read_pages(pdf)) != []


def _heading_body(space: int, sticky: str = "") -> str:
    intro = "Een inleidende zin van het hoofdstuk. " * 8 + "\n\n"
    rule = f"#show heading: set block(sticky: {sticky})\n" if sticky else ""
    tail = "Een regel tekst onder de kop. " * 40 + "\n"
    return rule + intro + f"#v({space}pt)\n\n== Een kop\n\n" + tail


@needs_pdftotext
@pytest.mark.parametrize("space", range(560, 700, 10))
def test_a_heading_never_ends_a_page(tmp_path: Path, space: int) -> None:
    """Wherever the heading falls, at least two lines of its section follow it on its page."""
    pages = pdf_layout.read_pages(_compile_pdf(tmp_path, _heading_body(space)))
    assert pdf_layout.heading_at_foot_faults(pages) == []


@needs_pdftotext
def test_the_heading_rule_sees_a_heading_at_the_foot(tmp_path: Path) -> None:
    """Without the template's sticky headings the heading of the test above is orphaned."""
    pages = pdf_layout.read_pages(_compile_pdf(tmp_path, _heading_body(590, sticky="false")))
    assert [f.found for f in pdf_layout.heading_at_foot_faults(pages)] == ["1.1 Een kop"]


def _svg(tmp_path: Path) -> None:
    (tmp_path / "f.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
        '<rect width="400" height="200" fill="#ddd"/>'
        '<text x="20" y="100" font-size="14">Figuurtekst</text></svg>',
        encoding="utf-8",
    )


@needs_pdftotext
@pytest.mark.parametrize("space", range(380, 520, 20))
def test_a_chart_caption_is_on_the_chart_page(tmp_path: Path, space: int) -> None:
    _svg(tmp_path)
    body = f'#v({space}pt)\n\n#vm-chart("f.svg", title: "De titel van de figuur")\n'
    pages = pdf_layout.read_pages(_compile_pdf(tmp_path, body))
    assert pdf_layout.caption_page_faults(pages) == []
    chart = next(p.number for p in pages if "Figuurtekst" in p.text)
    caption = next(p.number for p in pages if "De titel van de figuur" in p.text)
    assert chart == caption


@needs_pdftotext
def test_the_caption_rule_sees_a_caption_alone(tmp_path: Path) -> None:
    body = "#pagebreak()\nFiguur 3. Een onderschrift zonder figuur\n"
    pages = pdf_layout.read_pages(_compile_pdf(tmp_path, body))
    assert [f.rule for f in pdf_layout.caption_page_faults(pages)] == [
        "onderschrift los van figuur"
    ]


def _rows_body(space: int, rule: str = "") -> str:
    rows = "(" + "".join(f'("r{i}a r{i}b r{i}c r{i}d r{i}e", "{i}"), ' for i in range(30)) + ")"
    return (
        f"{rule}#v({space}pt)\n\n"
        f'#vm-table(caption: "Rijen", header: ("Naam", "n"), rows: {rows}, '
        "aligns: (left, right), columns: (22pt, 40pt))\n"
    )


def _split_rows(pages: list[Page]) -> list[int]:
    """The rows (of `_rows_body`) whose five lines are not all on one page."""
    split = []
    for i in range(30):
        words = {f"r{i}{c}" for c in "abcde"}
        if len({p.number for p in pages for w in p.text.split() if w in words}) != 1:
            split.append(i)
    return split


@needs_pdftotext
@pytest.mark.parametrize("space", range(560, 680, 15))
def test_a_table_row_is_never_split_over_pages(tmp_path: Path, space: int) -> None:
    """Rows of five lines each (a narrow column wraps): every row's words on one page."""
    pages = pdf_layout.read_pages(_compile_pdf(tmp_path, _rows_body(space)))
    assert _split_rows(pages) == []


@needs_pdftotext
def test_without_the_rule_a_row_would_split(tmp_path: Path) -> None:
    """Typst's default splits a row at the page foot: the rule above is what prevents it."""
    rule = "#set table.cell(breakable: true)\n"
    split = [
        _split_rows(pdf_layout.read_pages(_compile_pdf(tmp_path, _rows_body(space, rule))))
        for space in range(560, 680, 15)
    ]
    assert any(split)


def test_a_tall_chart_keeps_its_text_at_seven_points() -> None:
    """The tornado of many assumptions (571 × 708 px, 11 px labels) was limited to 310 pt
    high and printed its labels at 4,8 pt; it may now take more of the page instead."""
    tall = '<svg width="571" height="708"><text font-size="11px">a</text></svg>'
    assert typst_layout.chart_text_pt(tall) == pytest.approx(7.0, abs=0.01)
    assert typst_layout.chart_size(tall) == f"width: {571 * 0.75 * 7 / 8.25:.1f}pt"
    # An ordinary chart is full width, its labels well above 7 pt.
    wide = '<svg width="606" height="374"><text font-size="11px">a</text></svg>'
    assert typst_layout.chart_size(wide) == "width: 461.0pt"
    assert typst_layout.chart_text_pt(wide) == pytest.approx(11 * 0.75 * 461 / (606 * 0.75))
    # Taller than even the page allows: limited, and the test of the build sees it.
    tower = '<svg width="571" height="2000"><text font-size="11px">a</text></svg>'
    assert typst_layout.chart_text_pt(tower) < 7.0
