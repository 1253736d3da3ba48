"""Escaping by construction: HTML, pandoc Markdown, Typst string literals and CSV cells.

Every value from data reaches the site, the PDF and the downloads through one function
per format (`analysis.publication.escape`, `analysis.publication.render.typst_syntax.ts`). These tests feed them
the payloads a hostile contributor would try and check what the real consumer (pandoc,
Typst, a CSV reader) makes of the result: the same text, never code.
"""

from __future__ import annotations

import csv
import html as stdlib_html
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.publication import escape
from analysis.publication.display.csv_files import csv_bytes
from analysis.publication.display.report import Report
from analysis.publication.render.pandoc import convert_many
from analysis.publication.render.typst_syntax import ts
from html_safety import unsafe_markup

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[klik](javascript:alert(3))",
    "<javascript:alert(4)>",
    "[x]{onclick=alert(5)}",
    "`<b>`{=html}",
    "![a](javascript:alert(6)){onload=alert(7)}",
    "Titel met ] haak en ^[voetnoot]",
    "*nadruk* __vet__ ~~door~~ ^sup^ ~sub~",
    "# Kop",
    "1. lijst",
    "- lijst",
    "::: {.callout-note}",
    "| a | b |",
    "Bits&amp;Chips &lt;b&gt;",
    "$x^2$ \\(y\\)",
    "@cite [@key]",
    "a\\",
    '=HYPERLINK("https://evil.example";"klik")',
    "Université Côte d’Azur — ‘quotes’ 漢字 😀",
]


# --------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("text", HOSTILE)
def test_html_escape_leaves_no_markup(text: str) -> None:
    out = escape.html(text)
    assert not re.search(r"[<>\"']", out)
    assert stdlib_html.unescape(out) == text


# --------------------------------------------------------------------------- Markdown


def _pandoc_text(fragments: list[str]) -> list[str]:
    """What pandoc's HTML writer makes of each fragment, with the paragraph tags removed."""
    out = []
    for piece in convert_many(fragments, "html"):
        assert piece.startswith("<p>") and piece.endswith("</p>"), piece
        out.append(piece[3:-4])
    return out


def _expected_html(text: str) -> str:
    """The fragment as pandoc should print plain text: escaped, whitespace collapsed."""
    collapsed = re.sub(r"[ \t\r\n]+", " ", text.strip())
    return stdlib_html.escape(collapsed, quote=False).replace('"', "&quot;")


def test_markdown_escape_renders_hostile_text_literally() -> None:
    texts = [t for t in HOSTILE if "'" not in t and "‘" not in t and '"' not in t]
    got = _pandoc_text([escape.markdown(t) for t in texts])
    for text, html in zip(texts, got, strict=True):
        assert html == _expected_html(text), text
        assert "<a " not in html and "<em>" not in html and "<img" not in html


def test_markdown_escape_joins_lines_and_keeps_quotes_typographic() -> None:
    assert escape.markdown("regel 1\nregel 2\r\n\n# 3") == "regel 1 regel 2 # 3"
    assert escape.markdown("# kop") == "\\# kop"
    assert escape.markdown("1. lijst") == "1\\. lijst"
    assert escape.markdown("(a) lijst") == "(a\\) lijst"
    assert (
        escape.markdown("Arnhem-Nijmegen, nr. 339 -- a...")
        == "Arnhem-Nijmegen, nr. 339 \\-\\- a\\.\\.\\."
    )
    (html,) = _pandoc_text([escape.markdown('\'t Gooi en "Delft"')])
    assert html == "’t Gooi en “Delft”"


def test_a_citation_inside_a_footnote_stays_whole() -> None:
    title = "Rapport [deel 2] over *valorisatie* ^[intern]"
    (typst,) = convert_many([f"Tekst.^[{escape.markdown(title)}] Verder."], "typst")
    assert "#footnote[Rapport \\[deel 2\\] over \\*valorisatie\\* ^\\[intern\\]]" in typst
    assert typst.rstrip().endswith("Verder.")


_PRINTABLE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
        blacklist_characters="'\"‘’“”",
    ),
    max_size=40,
)


@settings(max_examples=30, deadline=None)
@given(st.lists(_PRINTABLE, min_size=1, max_size=30))
def test_markdown_escape_round_trips_through_pandoc(texts: list[str]) -> None:
    """Whatever the text, pandoc prints it back as that text: no syntax survives escaping."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return
    # Alone (at the start of a line) and inside a sentence.
    fragments = [escape.markdown(t) for t in texts]
    fragments += [f"Tekst {escape.markdown(t)} einde." for t in texts]
    got = _pandoc_text(fragments)
    for text, html in zip(texts, got[: len(texts)], strict=True):
        assert html == _expected_html(text), text
    for text, html in zip(texts, got[len(texts) :], strict=True):
        assert html == f"Tekst {_expected_html(text)} einde.", text


def test_pandoc_sanitiser_removes_handlers_and_script_links() -> None:
    """Markdown that is not escaped (a chapter's own prose) still cannot carry a script."""
    fragments = [
        "[klik](javascript:alert(1)) [ok](https://example.org/x) [anker](#x)",
        "<img src=x onerror=alert(2)> <script>alert(3)</script>",
        "[x]{onclick=alert(4) style=color:red lang=en}",
        "![a](javascript:alert(5)){onload=alert(6)}",
        "::: {.callout-note onmouseover=alert(7)}\nTekst\n:::",
        "`<b>x</b>`{=html} [d](data:text/html;base64,PHNjcmlwdD4=) [v](VBScript:x)",
    ]
    html = "\n".join(convert_many(fragments, "html"))
    assert unsafe_markup(html) == []
    typst = "\n".join(convert_many(fragments, "typst")).lower()
    assert "javascript:" not in typst and "vbscript:" not in typst and "data:text" not in typst
    assert re.findall(r"#link\(([^)]*)\)", typst) == ['"https://example.org/x"', "<x>"]
    assert '<a href="https://example.org/x">ok</a>' in html
    assert '<a href="#x">anker</a>' in html
    assert '<span lang="en">x</span>' in html
    assert '<div class="callout-note">' in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # raw HTML is text, not markup
    assert "<b>" not in html
    # The checker itself sees what it must refuse.
    assert unsafe_markup('<a href=" JavaScript:x">a</a><p onclick="x">') != []
    assert len(unsafe_markup("<img src=x onerror=y><script>z</script>")) == 2


# --------------------------------------------------------------------------- Typst


@pytest.mark.parametrize("text", [*HOSTILE, '#set page(width: 1cm)"; #panic()', "a\tb\\"])
def test_typst_reads_every_string_literal_back_as_the_same_text(text: str, tmp_path: Path) -> None:
    """Typst itself parses the literal: the value it holds is the data text, nothing runs."""
    import typst

    source = tmp_path / "main.typ"
    source.write_text(f"#metadata({ts(text)}) <value>\n", encoding="utf-8")
    result = json.loads(typst.query(str(source), "<value>", field="value", one=True))
    assert result == text


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+31 20 1234", "'+31 20 1234"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),
        ("-1,5", "-1,5"),
        ("+3.25", "+3.25"),
        ("-1e-3", "-1e-3"),
        ("TU Delft", "TU Delft"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_text_neutralises_formula_triggers_only(cell: str, safe: str) -> None:
    assert escape.csv_text(cell) == safe


def test_csv_writer_keeps_numbers_and_neutralises_text(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "=naam": ["=1+1", "TU Delft", "-3", None, "@x"],
            "waarde": [-1.5, 2.0, -3.0, np.nan, 0.0],
            "aantal": pd.array([-1, 2, 3, None, 5], dtype="Int64"),
            "tekst": pd.array(["+a", "b", None, "-", "c"], dtype="str"),
        }
    )
    data = csv_bytes(frame)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == ["'=naam", "waarde", "aantal", "tekst"]
    assert rows[1] == ["'=1+1", "-1.5", "-1", "'+a"]
    assert rows[2] == ["TU Delft", "2", "2", "b"]
    assert rows[3] == ["-3", "-3", "3", ""]
    assert rows[4] == ["", "", "", "'-"]
    assert rows[5] == ["'@x", "0", "5", "c"]
    # The frame the notebook holds is not changed by writing it.
    assert frame.columns[0] == "=naam" and frame.iloc[0, 0] == "=1+1"


def test_report_table_csv_goes_through_the_writer(tmp_path: Path) -> None:
    rep = Report(output_dir=tmp_path, year=2024, emit=False)
    frame = pd.DataFrame({"instelling": ["=cmd|' /C calc'!A0", "UT"], "waarde": [-2.5, 3.0]})
    rep.table(frame, "t", "Tabel")
    text = (tmp_path / "data" / "t.csv").read_text(encoding="utf-8")
    assert text == "instelling,waarde\n'=cmd|' /C calc'!A0,-2.5\nUT,3\n"


@given(st.text(max_size=30))
def test_no_text_cell_starts_a_formula(text: str) -> None:
    out = escape.csv_text(text)
    if out.startswith(escape.CSV_FORMULA_TRIGGERS):
        assert re.fullmatch(r"[+-][0-9.,eE+-]+", out), out
