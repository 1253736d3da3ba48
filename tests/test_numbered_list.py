"""A table set as a numbered list (the reference list): anchors, links, site and PDF.

The reference list is no longer a small landscape table: each entry is a list item in body
size, anchored `bron-<n>` on the site and labelled `<bron-n>` in the PDF, so a citation
can link to it, and its web address is a link. Known answers by hand on a small list.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.publication.display.report import Report
from analysis.publication.display.table import Column, Table
from analysis.publication.render.html_blocks import _list_html
from analysis.publication.render.notebook import TableBlock, _block_from_bundle
from analysis.publication.render.numbered_list import address_segments, entries
from analysis.publication.render.typst_blocks import TypstWriter

TEMPLATE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "analysis"
    / "publication"
    / "render"
    / "templates"
    / "report.typ"
)

ROWS = (
    (
        "1",
        "Eurostat (2025). HICP – monthly data (index). https://ec.europa.eu/eurostat/x.",
        "https://ec.europa.eu/eurostat/x",
    ),
    ("2", "KTO Nederland (november 2021). Plan. Status: uit secundaire bron.", ""),
    (
        "10",
        "Ministerie (11 december 2018). Brief. Kamerstukken II 2018/19, 32 637, nr. 339; "
        "https://zoek.officielebekendmakingen.nl/kst-32637-339.html.",
        "Kamerstukken II 2018/19, 32 637, nr. 339; "
        "https://zoek.officielebekendmakingen.nl/kst-32637-339.html",
    ),
)


def _list_block() -> TableBlock:
    return TableBlock(
        name="bronnen",
        caption="Bronnenlijst",
        columns=("Nr.", "Bron", "Adres"),
        rows=ROWS,
        align=("r", "l", "l"),
        csv="data/bronnen.csv",
        source_note="",
        numbered_list="bron",
    )


def test_addresses_are_split_off_without_the_sentence_point() -> None:
    assert address_segments("A. https://x.example/a/b.html. Status: afgeleid.") == [
        ("A. ", False),
        ("https://x.example/a/b.html", True),
        (". Status: afgeleid.", False),
    ]
    assert address_segments("nr. 339; https://z.example/kst.html.") == [
        ("nr. 339; ", False),
        ("https://z.example/kst.html", True),
        (".", False),
    ]
    assert address_segments("geen adres") == [("geen adres", False)]
    assert address_segments("‘https://x.example/q’.") == [
        ("‘", False),
        ("https://x.example/q", True),
        ("’.", False),
    ]
    assert "".join(p for p, _ in address_segments(ROWS[2][1])) == ROWS[2][1]


def test_entries_carry_number_anchor_and_text() -> None:
    listed = entries(_list_block())
    assert [(e.number, e.anchor) for e in listed] == [
        ("1", "bron-1"),
        ("2", "bron-2"),
        ("10", "bron-10"),
    ]
    assert listed[1].text == ROWS[1][1]


def test_the_site_sets_an_ordered_list_with_anchors_and_links() -> None:
    html = _list_html(_list_block())
    assert html.startswith('<ol class="vm-numbered-list">')
    assert "<table" not in html
    assert re.findall(r'<li id="([^"]+)">', html) == ["bron-1", "bron-2", "bron-10"]
    assert '<span class="vm-list-number">[10]</span>' in html
    assert (
        '<a href="https://zoek.officielebekendmakingen.nl/kst-32637-339.html">'
        "https://zoek.officielebekendmakingen.nl/kst-32637-339.html</a>." in html
    )
    # Text is escaped, never markup: '&' and '<' from data stay text.
    hostile = TableBlock(
        name="b",
        caption="",
        columns=("Nr.", "Bron"),
        rows=(("1", "A & <b>B</b>"),),
        align=("r", "l"),
        csv=None,
        source_note="",
        numbered_list="bron",
    )
    assert "A &amp; &lt;b&gt;B&lt;/b&gt;" in _list_html(hostile)
    # An address that data put into the text is no link: only the entry's own address is.
    planted = TableBlock(
        name="b",
        caption="",
        columns=("Nr.", "Bron", "Adres"),
        rows=(
            ("1", "Titel [x](https://evil.example/) https://ok.example/a.", "https://ok.example/a"),
        ),
        align=("r", "l", "l"),
        csv=None,
        source_note="",
        numbered_list="bron",
    )
    linked = _list_html(planted)
    assert re.findall(r'href="([^"]+)"', linked) == ["https://ok.example/a"]
    assert "https://evil.example/" in linked  # shown, as text


def test_the_pdf_labels_each_entry_and_links_its_address(tmp_path: Path) -> None:
    writer = TypstWriter(tmp_path, tmp_path, {})
    block = _list_block()
    writer.blocks([block])
    source = "\n".join(writer.lines)
    assert "#vm-table(" not in source and "flipped" not in source  # no landscape table
    assert source.count("#vm-list-entry(") == 3
    assert "<bron-1>" in source and "<bron-10>" in source
    assert 'link("https://zoek.officielebekendmakingen.nl/kst-32637-339.html")' in source


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext not installed")
def test_the_pdf_list_compiles_in_body_size_and_its_labels_resolve(tmp_path: Path) -> None:
    import typst

    writer = TypstWriter(tmp_path, tmp_path, {})
    writer.blocks([_list_block()])
    document = (
        TEMPLATE.read_text(encoding="utf-8")
        + '\n#set text(font: vm-fonts, size: 10pt, lang: "nl")\n'
        + "\n".join(writer.lines)
        + "\nZie bron #link(<bron-10>)[10].\n"
    )
    (tmp_path / "list.typ").write_text(document, encoding="utf-8")
    typst.compile(str(tmp_path / "list.typ"), output=str(tmp_path / "list.pdf"))
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "list.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert re.search(r"(?m)^\[1\] Eurostat \(2025\)\. HICP", text)
    assert re.search(r"(?m)^\[10\] Ministerie", text)
    assert "Status: uit secundaire bron." in text


def test_report_table_marks_a_numbered_list_in_its_bundle(tmp_path: Path) -> None:
    import pandas as pd

    rep = Report(output_dir=tmp_path, year=2025, emit=False)
    shown = pd.DataFrame({"Nr.": [1, 2], "Bron": ["A (2020). T.", "B (z.j.). U."]})
    data = shown.assign(Organisatie=["A", "B"])
    bundle = rep.table(
        Table(
            "bronnen",
            "Bronnenlijst",
            data,
            {"Nr.": Column(unit="volgnummer")},
            basis="real",
            numbered_list="bron",
            show=("Nr.", "Bron"),
        )
    )
    payload = bundle["application/vnd.valorisatiemonitor+json"]
    assert payload["numbered_list"] == "bron"
    block = _block_from_bundle(payload, "test")
    assert isinstance(block, TableBlock) and block.numbered_list == "bron"
    # The CSV is the table's, with every part in its own column.
    written = pd.read_csv(tmp_path / "data" / "bronnen.csv")
    assert list(written.columns) == ["Nr.", "Bron", "Organisatie"]
    with pytest.raises(ValueError, match="not a slug"):
        rep.table(
            Table(
                "andere", "X", shown, {"Nr.": Column(unit="volgnummer")}, numbered_list="Bron lijst"
            )
        )
