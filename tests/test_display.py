"""The display → render contract: bundle shapes, files written, determinism, kernel behaviour."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analysis.publication.charts import builders, export
from analysis.publication.display.bundle import MIME
from analysis.publication.display.report import Report
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import indicator_label

COUNT = Column(unit="aantal")

CONTRACT_FIELDS = {
    "markdown": {"kind", "text"},
    "table": {
        "kind",
        "name",
        "caption",
        "columns",
        "rows",
        "align",
        "csv",
        "source_note",
        "basis",
        "pdf",
        "fields",
    },
    "chart": {"kind", "name", "title", "alt", "spec", "svg", "table", "basis", "pdf"},
    "notice": {"kind", "level", "text"},
    "keyfigures": {"kind", "items", "basis"},
    "page": {"kind", "id", "title"},
    "basis_summary": {"kind"},
}
#: Fields written only when they differ from their default (older bundles lack them):
#: site-only prose, and a site-only table the PDF does not point to (the machine record).
CONTRACT_OPTIONAL = {"markdown": {"pdf"}, "table": {"pointer"}}
CONTRACT_FALLBACKS = {
    "markdown": {"text/markdown"},
    "table": {"text/html", "text/markdown"},
    "chart": {"text/html", "image/svg+xml"},
    "notice": {"text/markdown"},
    "keyfigures": {"text/html", "text/markdown"},
    "page": {"text/markdown"},
    "basis_summary": {"text/markdown"},
}


def assert_contract(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle has exactly the contract's JSON fields and fallbacks, and is JSON-clean."""
    payload = bundle[MIME]
    kind = payload["kind"]
    optional = CONTRACT_OPTIONAL.get(kind, set())
    assert CONTRACT_FIELDS[kind] <= set(payload) <= CONTRACT_FIELDS[kind] | optional
    assert set(bundle) == {MIME} | CONTRACT_FALLBACKS[kind]
    assert json.loads(json.dumps(bundle, allow_nan=False)) == bundle
    return dict(payload)


@pytest.fixture
def spinoffs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "jaar": [2023, 2024, 2025],
            "spinoffs": [12, 15, 1234],
            "licentie_eur": [62_650_000.0, np.nan, 0.1],
            "instelling": ["TU Delft", "Universiteit | Leiden", None],
        }
    )


def test_table_bundle_and_csv(tmp_path: Path, spinoffs: pd.DataFrame) -> None:
    rep = Report(output_dir=tmp_path, year=2025)
    bundle = rep.table(
        Table(
            "spinoffs_per_jaar",
            "Spin-offs per jaar",
            spinoffs,
            {"spinoffs": COUNT, "licentie_eur": Column(format="money")},
            source_note="Bron: KTO-uitvraag 2025",
        )
    )
    payload = assert_contract(bundle)
    assert payload == {
        "kind": "table",
        "name": "spinoffs_per_jaar",
        "caption": "Spin-offs per jaar",
        "columns": ["jaar", "spinoffs", "licentie_eur", "instelling"],
        "rows": [
            ["2023", "12", "€\u00a062,7\u00a0mln", "TU Delft"],
            ["2024", "15", "–", "Universiteit | Leiden"],
            ["2025", "1.234", "€\u00a00", "–"],
        ],
        "align": ["r", "r", "r", "l"],
        "csv": "data/spinoffs_per_jaar.csv",
        "source_note": "Bron: KTO-uitvraag 2025",
        "basis": "real",
        "pdf": True,
        "fields": [
            {"name": "jaar", "label": "jaar", "unit": "jaar", "type": "geheel getal"},
            {"name": "spinoffs", "label": "spinoffs", "unit": "aantal", "type": "geheel getal"},
            {"name": "licentie_eur", "label": "licentie_eur", "unit": "EUR", "type": "getal"},
            {"name": "instelling", "label": "instelling", "unit": "", "type": "tekst"},
        ],
    }
    # Raw values, not the Dutch strings; empty for missing; \n line ends; float repr.
    assert (tmp_path / "data" / "spinoffs_per_jaar.csv").read_bytes() == (
        b"jaar,spinoffs,licentie_eur,instelling\n"
        b"2023,12,62650000,TU Delft\n"
        b"2024,15,,Universiteit | Leiden\n"
        b"2025,1234,0.1,\n"
    )
    html = bundle["text/html"]
    assert "<caption>Spin-offs per jaar</caption>" in html
    assert '<td class="vm-num" title="niet gerapporteerd">–</td>' in html
    assert '<td title="niet gerapporteerd">–</td>' in html
    assert '<a href="../data/spinoffs_per_jaar.csv">' in html
    markdown = bundle["text/markdown"]
    assert markdown.splitlines()[:3] == [
        "| jaar | spinoffs | licentie\\_eur | instelling |",
        "| ---: | ---: | ---: | :--- |",
        "| 2023 | 12 | €\u00a062,7\u00a0mln | TU Delft |",
    ]
    assert "Universiteit \\| Leiden" in markdown
    assert ": Spin-offs per jaar (geciteerde bron)" in markdown


def test_table_csv_is_utf8_and_rounds_last_bit_noise(tmp_path: Path) -> None:
    # 12 significant digits: 0.1 + 0.2 (0.30000000000000004) and 0.3 give the same bytes.
    df = pd.DataFrame({"naam": ["Hogeschool Zuyd – Heerlen"], "v": [0.1 + 0.2], "w": [1 / 3]})
    ratio = Column(unit="fractie")
    Report(tmp_path, 2025).table(Table("t", "T", df, {"v": ratio, "w": ratio}))
    assert (tmp_path / "data" / "t.csv").read_bytes() == (
        "naam,v,w\nHogeschool Zuyd – Heerlen,0.3,0.333333333333\n".encode()
    )


def test_table_labels_align_index_and_demo(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {"v": [1.5, 2.0], "is_demonstration": [False, True]},
        index=pd.Index(["a", "b"], name="instelling"),
    )
    rep = Report(tmp_path, 2025)
    spec = {"v": Column(label="Waarde", unit="EUR"), "instelling": Column(align="l")}
    payload = rep.table(
        Table("demo_tabel", "D", df, {**spec, "is_demonstration": Column(align="l")})
    ).payload
    assert payload["columns"] == ["instelling", "Waarde", "is_demonstration"]
    assert payload["rows"] == [["a", "1,5", "nee"], ["b", "2,0", "ja"]]
    assert payload["align"] == ["l", "r", "l"]
    assert payload["basis"] == "demonstration"  # an is_demonstration value marks the table
    assert (tmp_path / "data" / "demo_tabel.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "instelling,v,is_demonstration"  # the CSV keeps machine names
    )
    with pytest.raises(ValueError, match="align must be 'l' or 'r'"):
        Table("x", "X", df, {**spec, "v": Column(unit="EUR", align="m")})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="table 'y': spec for unknown columns: nope"):
        Table("y", "Y", df, {**spec, "nope": Column(label="N")})


@pytest.mark.parametrize("bad", ["Spinoffs", "spin offs", "../x", "", "a--b", "-a", "é"])
def test_names_must_be_slugs(tmp_path: Path, bad: str) -> None:
    rep = Report(tmp_path, 2025)
    with pytest.raises(ValueError, match="slug"):
        rep.table(Table(bad, "T", pd.DataFrame({"a": [1]}), {"a": COUNT}))


def test_duplicate_names_rejected_per_kind(tmp_path: Path) -> None:
    rep = Report(tmp_path, 2025)
    df = pd.DataFrame({"year": [2024, 2025], "n": [1, 2]})
    rep.table(Table("n_per_jaar", "T", df, {"n": COUNT}))
    with pytest.raises(ValueError, match="duplicate table name 'n_per_jaar'"):
        rep.table(Table("n_per_jaar", "T", df, {"n": COUNT}))
    chart = builders.line_trend(df, "year", "n", title="N stijgt", y_title="Aantal")
    rep.chart(chart, "n_per_jaar", alt="Lijn.", table="n_per_jaar")  # the table behind it: fine
    with pytest.raises(ValueError, match="duplicate chart name"):
        rep.chart(chart, "n_per_jaar", alt="Lijn.")
    rep.page("tud", "TU Delft")
    with pytest.raises(ValueError, match="duplicate page name"):
        rep.page("tud", "TU Delft")


def test_chart_bundle_and_files(tmp_path: Path) -> None:
    df = pd.DataFrame({"year": [2023, 2024, 2025], "n": [10, 12, 1500]})
    chart = builders.line_trend(df, "year", "n", title="Wordt vervangen", y_title="Aantal")
    rep = Report(tmp_path, 2025)
    bundle = rep.chart(
        chart,
        "spinoffs",
        title="Aantal spin-offs stijgt sinds 2023",
        alt="Lijndiagram van het aantal spin-offs per jaar, 2023–2025.",
        table="spinoffs",
    )
    payload = assert_contract(bundle)
    assert payload["name"] == "spinoffs"
    assert payload["title"] == "Aantal spin-offs stijgt sinds 2023"
    assert payload["svg"] == "charts/print/spinoffs.svg"  # the bare chart the PDF prints
    assert payload["table"] == "spinoffs"
    assert payload["basis"] == "real"
    assert isinstance(payload["spec"], str)  # JSON text: cheap for the kernel's messages
    spec = json.loads(payload["spec"])
    assert "title" not in spec  # the takeaway is the caption, not printed twice
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    svg = (tmp_path / "charts" / "print" / "spinoffs.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg == bundle["image/svg+xml"]
    assert "Wordt vervangen" not in svg and "1.500" in svg
    on_disk = (tmp_path / "charts" / "spinoffs.vl.json").read_text(encoding="utf-8")
    assert json.loads(on_disk) == spec
    assert on_disk == export.spec_json(spec, indent=None) + "\n"
    html = bundle["text/html"]
    assert html.startswith('<figure class="vm-figure" id="figure-spinoffs">')
    assert '<div class="vm-chart" id="chart-spinoffs" role="img"' in html
    start = html.index('<script type="application/json" data-for="chart-spinoffs">')
    body = html[start:].split(">", 1)[1].split("</script>", 1)[0]
    assert json.loads(body) == spec
    assert "<figcaption>Aantal spin-offs stijgt sinds 2023</figcaption>" in html


def test_chart_title_defaults_to_the_charts_own(tmp_path: Path) -> None:
    df = pd.DataFrame({"year": [2024, 2025], "n": [1, 2]})
    chart = builders.line_trend(df, "year", "n", title="N stijgt sinds 2024", y_title="A")
    payload = Report(tmp_path, 2025).chart(chart, "n", alt="Lijn.").payload
    assert payload["title"] == "N stijgt sinds 2024"
    assert payload["table"] is None


def test_chart_requires_title_and_alt(tmp_path: Path) -> None:
    import altair as alt

    df = pd.DataFrame({"x": [1], "y": [2]})
    untitled = alt.Chart(df).mark_point().encode(x="x:Q", y="y:Q")
    rep = Report(tmp_path, 2025)
    with pytest.raises(ValueError, match="needs a title"):
        rep.chart(untitled, "a", alt="Punt.")
    with pytest.raises(ValueError, match="needs alt text"):
        rep.chart(untitled, "b", title="T", alt=" ")


def test_script_element_cannot_be_closed_by_data(tmp_path: Path) -> None:
    df = pd.DataFrame({"label": ["</script><b>x</b>"], "n": [1]})
    chart = builders.bar(df, "label", "n", title="T")
    bundle_html = Report(tmp_path, 2025).chart(chart, "evil", alt="A & B")["text/html"]
    assert bundle_html.count("</script>") == 1
    assert 'aria-label="A &amp; B"' in bundle_html


def test_markdown_notice_page_keyfigures(tmp_path: Path) -> None:
    rep = Report(tmp_path, 2025)
    md = rep.markdown(
        """
        ## Kern

        Het aantal spin-offs is 1.234.
        """
    )
    assert assert_contract(md) == {
        "kind": "markdown",
        "text": "## Kern\n\nHet aantal spin-offs is 1.234.",
    }
    assert md["text/markdown"] == md.payload["text"]

    notice = rep.notice("Cijfers over 2025 zijn voorlopig.", level="warning")
    assert assert_contract(notice) == {
        "kind": "notice",
        "level": "warning",
        "text": "Cijfers over 2025 zijn voorlopig.",
    }
    assert notice["text/markdown"].startswith("::: {.callout-warning")
    with pytest.raises(ValueError, match="notice level"):
        rep.notice("x", level="fout")  # type: ignore[arg-type]

    shown = Report(tmp_path / "demo", 2025, demo=True).demo_notice()
    assert shown is not None
    demo = assert_contract(shown)
    assert demo["level"] == "demo"
    assert "demonstratiegegevens" in demo["text"]
    assert "vaste startwaarde" in demo["text"] and "geen echte cijfers" in demo["text"]
    assert "seed" not in demo["text"]  # no English in what readers see

    page = rep.page("tu-delft", "TU Delft")
    assert assert_contract(page) == {"kind": "page", "id": "tu-delft", "title": "TU Delft"}
    assert page["text/markdown"] == "## TU Delft {#tu-delft}"

    figures = rep.keyfigures(
        [
            {"label": "Spin-offs", "value": "1.234", "note": "2025"},
            ("Licentie-inkomsten", "€ 62,7 mln"),
            ("Octrooien", "–", "niet alle instellingen"),
        ]
    )
    # A demo notice was shown on this part (before the page started): the sub-page's own
    # key figures are not covered by it, so without an edition flag they are real.
    assert assert_contract(figures)["items"] == [
        {"label": "Spin-offs", "value": "1.234", "note": "2025", "basis": "real"},
        {"label": "Licentie-inkomsten", "value": "€ 62,7 mln", "note": "", "basis": "real"},
        {
            "label": "Octrooien",
            "value": "–",
            "note": "niet alle instellingen",
            "basis": "real",
        },
    ]
    assert (
        '<dd class="vm-keyfigure-value" title="niet gerapporteerd">–</dd>' in figures["text/html"]
    )
    assert figures["text/markdown"].splitlines()[1] == (
        "- **€ 62,7 mln** Licentie-inkomsten [geciteerde bron]"
    )
    with pytest.raises(TypeError, match="formatted string"):
        rep.keyfigures([("Spin-offs", 1234)])  # type: ignore[list-item]

    assert [b.payload["kind"] for b in rep.bundles] == [
        "markdown",
        "notice",
        "page",
        "keyfigures",
    ]


def _run_everything(out: Path) -> list[dict[str, Any]]:
    df = pd.DataFrame(
        {
            "year": [2022, 2023, 2024, 2022, 2023, 2024],
            "n": [1.5, 2.25, 3.0, 4, 5, 6],
            "model": ["push"] * 3 + ["serve"] * 3,
        }
    )
    rep = Report(out, 2025, demo=True)
    rep.demo_notice()
    rep.table(Table("n", "N", df, {"n": Column(unit="aantal", format="number:2")}))
    rep.chart(
        builders.line_trend(df, "year", "n", "model", title="T", y_title="A"),
        "n",
        alt="Lijn.",
        table="n",
    )
    rep.keyfigures([("N", "3")])
    return [dict(b) for b in rep.bundles]


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    first = _run_everything(tmp_path / "a")
    second = _run_everything(tmp_path / "b")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert [str(p) for p in files_a] == [
        "charts/n.vl.json",
        "charts/print/n.svg",
        "data/excel-nl/n.csv",
        "data/n.csv",
    ]
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_outside_a_kernel_nothing_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rep = Report(tmp_path, 2025)
    assert rep.emit is False
    rep.markdown("Tekst")
    assert capsys.readouterr().out == ""


def test_emit_sends_raw_bundles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: sent.append((obj, kw)))
    rep = Report(tmp_path, 2025, emit=True)
    bundle = rep.markdown("Tekst")
    assert sent == [(dict(bundle), {"raw": True})]
    assert type(sent[0][0]) is dict  # a plain dict for IPython, not the Bundle subclass


def test_in_a_kernel_bundles_are_display_data_only(tmp_path: Path) -> None:
    """Run a real notebook: one display_data per call, no echoed execute_result."""
    nbformat = pytest.importorskip("nbformat")
    papermill = pytest.importorskip("papermill")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import pandas as pd\n"
            "from analysis.publication.display.report import Report\n"
            f"rep = Report(output_dir={str(tmp_path / 'out')!r}, year=2025)"
        ),
        nbformat.v4.new_code_cell("rep.markdown('Het aantal is 1.234.')"),
        nbformat.v4.new_code_cell(
            "from analysis.publication.display.table import Column, Table\n"
            "n = {'n': Column(unit='aantal')}\n"
            "rep.table(Table('n', 'N', pd.DataFrame({'n': [1234]}), n))\n"
            "rep.notice('Let op.', level='info')"
        ),
        nbformat.v4.new_code_cell(
            "from analysis.publication.charts import builders\n"
            "frame = pd.DataFrame({'year': [2024, 2025], 'n': [1, 2]})\n"
            "rep.chart_and_table(builders.line_trend(frame, 'year', 'n', title='N', y_title='A'),"
            " Table('n_per_jaar', 'N per jaar', frame, n), alt='Lijn.')"
        ),
    ]
    source = tmp_path / "in.ipynb"
    nbformat.write(nb, source)
    target = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(source), str(target), kernel_name="python3", cwd=str(tmp_path), progress_bar=False
    )
    executed = json.loads(target.read_text(encoding="utf-8"))
    outputs = [cell["outputs"] for cell in executed["cells"]]
    assert outputs[0] == []
    assert [o["output_type"] for o in outputs[1]] == ["display_data"]
    assert outputs[1][0]["data"][MIME] == {"kind": "markdown", "text": "Het aantal is 1.234."}
    assert [o["output_type"] for o in outputs[2]] == ["display_data", "display_data"]
    assert outputs[2][0]["data"][MIME]["rows"] == [["1.234"]]
    assert outputs[2][1]["data"][MIME]["kind"] == "notice"
    # A chart with its table: the two displays, not the pair echoed as text.
    assert [o["output_type"] for o in outputs[3]] == ["display_data", "display_data"]
    assert [o["data"][MIME]["kind"] for o in outputs[3]] == ["chart", "table"]
    assert (tmp_path / "out" / "data" / "n.csv").read_bytes() == b"n\n1234\n"


# --- basis (real / demonstration / assumption) and PDF placement -------------------------


def test_basis_defaults_to_the_editions_demonstration_flag(tmp_path: Path) -> None:
    df = pd.DataFrame({"n": [1, 2]})
    demo_edition = Report(tmp_path / "a", 2025, demo=True)
    n = {"n": COUNT}
    assert demo_edition.table(Table("t", "T", df, n)).payload["basis"] == "demonstration"
    assert demo_edition.table(Table("r", "R", df, n, basis="real")).payload["basis"] == "real"
    assumed = demo_edition.table(Table("s", "S", df, n, basis="assumption")).payload
    assert assumed["basis"] == "assumption"
    real_edition = Report(tmp_path / "b", 2025, demo=False)
    payload = real_edition.table(Table("t", "T", df, n)).payload
    assert payload["basis"] == "real"
    chart = builders.line_trend(
        pd.DataFrame({"year": [2024, 2025], "n": [1, 2]}), "year", "n", title="N", y_title="A"
    )
    assert demo_edition.chart(chart, "c", alt="Lijn.").payload["basis"] == "demonstration"
    real_chart = demo_edition.chart(chart, "leiden", alt="Lijn.", basis="real").payload
    assert real_chart["basis"] == "real"
    assert demo_edition.keyfigures([("N", "3")]).payload["items"][0]["basis"] == "demonstration"


def test_basis_is_checked_and_the_flag_is_given_once(tmp_path: Path) -> None:
    df = pd.DataFrame({"n": [1]})
    rep = Report(tmp_path, 2025, demo=True)
    n = {"n": COUNT}
    with pytest.raises(ValueError, match="basis must be one of"):
        rep.table(Table("e", "E", df, n, basis="echt"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Table("d", "D", df, n, demo=True)  # type: ignore[call-arg]
    assert Report(tmp_path, 2025).table(Table("f", "F", df, n)).payload["basis"] == "real"


def test_demonstration_rows_override_a_real_basis(tmp_path: Path) -> None:
    df = pd.DataFrame({"n": [1, 2], "is_demonstration": [False, True]})
    table = Table("t", "T", df, {"n": COUNT}, basis="real")
    payload = Report(tmp_path, 2025, demo=False).table(table).payload
    assert payload["basis"] == "demonstration"


def test_keyfigures_mix_bases_per_item(tmp_path: Path) -> None:
    rep = Report(tmp_path, 2025, demo=True)
    payload = rep.keyfigures(
        [
            {"label": "Co-publicaties", "value": "9,1%", "basis": "real"},
            ("Spin-offs", "57"),
        ]
    ).payload
    assert [i["basis"] for i in payload["items"]] == ["real", "demonstration"]
    assert payload["basis"] == "demonstration"
    real_only = rep.keyfigures([("Budget", "€ 12 mln")], basis="assumption").payload
    assert real_only["items"][0]["basis"] == "assumption"
    with pytest.raises(ValueError, match="basis must be one of"):
        rep.keyfigures([{"label": "X", "value": "1", "basis": "gok"}])


def test_demo_notice_shows_only_in_a_demonstration_edition(tmp_path: Path) -> None:
    assert Report(tmp_path / "a", 2025, demo=False).demo_notice() is None
    rep = Report(tmp_path / "b", 2025, demo=True)
    notice = rep.demo_notice()
    assert notice is not None and notice.payload["level"] == "demo"
    assert [b.payload["kind"] for b in rep.bundles] == ["notice"]


def test_chart_and_table_share_name_basis_and_link(tmp_path: Path) -> None:
    rep = Report(tmp_path, 2025, demo=True)
    frame = pd.DataFrame({"year": [2024, 2025], "n": [1, 2]})
    chart = builders.line_trend(frame, "year", "n", title="N", y_title="A")
    table = Table("n_per_jaar", "N per jaar", frame, {"n": COUNT}, basis="real", pdf=False)
    shown, listed = rep.chart_and_table(chart, table, alt="Lijn.")
    assert shown.payload["table"] == listed.payload["name"] == "n_per_jaar"
    assert (shown.payload["basis"], listed.payload["basis"]) == ("real", "real")
    assert (shown.payload["pdf"], listed.payload["pdf"]) == (True, False)
    assert (tmp_path / "data" / "n_per_jaar.csv").read_text(
        encoding="utf-8"
    ) == "year,n\n2024,1\n2025,2\n"
    assert (tmp_path / "charts" / "print" / "n_per_jaar.svg").is_file()


def test_pdf_placement_flag(tmp_path: Path) -> None:
    rep = Report(tmp_path, 2025)
    df = pd.DataFrame({"n": [1]})
    assert rep.table(Table("kort", "K", df, {"n": COUNT})).payload["pdf"] is True
    long_table = rep.table(Table("lang", "L", df, {"n": COUNT}, pdf=False))
    assert long_table.payload["pdf"] is False
    assert (tmp_path / "data" / "lang.csv").is_file()  # the CSV is written all the same
    chart = builders.line_trend(
        pd.DataFrame({"year": [2024, 2025], "n": [1, 2]}), "year", "n", title="N", y_title="A"
    )
    assert rep.chart(chart, "c", alt="Lijn.", pdf=False).payload["pdf"] is False


def test_basis_summary_placeholder(tmp_path: Path) -> None:
    bundle = Report(tmp_path, 2025).basis_summary()
    assert assert_contract(bundle) == {"kind": "basis_summary"}


# --- machine-readable downloads ---------------------------------------------------------


def test_data_gives_the_csv_its_numbers_while_the_page_shows_text(tmp_path: Path) -> None:
    raw = pd.DataFrame(
        {
            "indicator": ["spinoffs"],
            "verhouding": [0.6412],
            "ondergrens": [0.52],
            "bovengrens": [0.77],
            "oordeel": ["achter"],
        }
    )
    ratio = Column(label="Verhouding Nederland/top", unit="verhouding (1 = gelijk)")
    bound = Column(unit="verhouding (1 = gelijk)")
    spec = {
        "verhouding": ratio,
        "ondergrens": bound,
        "bovengrens": bound,
        "Indicator": Column(format=indicator_label, reads=("indicator",)),
        "Verhouding NL/top": Column(format="with_word:number:2", reads=("verhouding", "oordeel")),
    }
    shown = ("Indicator", "Verhouding NL/top")
    payload = Report(tmp_path, 2025).table(Table("kloof", "Kloof", raw, spec, show=shown)).payload
    assert payload["rows"] == [["Spin-offs", "0,64 (achter)"]]
    assert (tmp_path / "data" / "kloof.csv").read_text(encoding="utf-8") == (
        "indicator,verhouding,ondergrens,bovengrens,oordeel\nspinoffs,0.6412,0.52,0.77,achter\n"
    )
    assert payload["fields"][1] == {
        "name": "verhouding",
        "label": "Verhouding Nederland/top",
        "unit": "verhouding (1 = gelijk)",
        "type": "getal",
    }
    with pytest.raises(ValueError, match="units given for unknown CSV columns: Indicator"):
        Table(
            "k2",
            "K",
            raw,
            {**spec, "Indicator": Column(unit="EUR", reads=("indicator",))},
            show=shown,
        )
    with pytest.raises(ValueError, match="table 'k3': numeric column without a unit: bovengrens"):
        Table("k3", "K", raw, {"verhouding": ratio, "ondergrens": bound})


def test_excel_variant_has_semicolons_decimal_commas_and_a_bom(tmp_path: Path) -> None:
    frame = pd.DataFrame({"naam": ["=SOM(A1)", "Delft; Zuid"], "bedrag": [1234.5, None]})
    Report(tmp_path, 2025).table(Table("t", "T", frame, {"bedrag": Column(unit="EUR")}))
    standard = (tmp_path / "data" / "t.csv").read_bytes()
    excel = (tmp_path / "data" / "excel-nl" / "t.csv").read_bytes()
    assert standard == b"naam,bedrag\n'=SOM(A1),1234.5\nDelft; Zuid,\n"
    assert excel == '\ufeffnaam;bedrag\r\n\'=SOM(A1);1234,5\r\n"Delft; Zuid";\r\n'.encode()


def test_units_come_from_formats_and_names(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"jaar": [2025], "budget": [1.0e6], "aandeel": [0.25], "kto_fte": [3.5], "n": [4]}
    )
    spec = {"budget": Column(format="money"), "aandeel": Column(format="percent"), "n": COUNT}
    fields = Report(tmp_path, 2025).table(Table("u", "U", frame, spec)).payload["fields"]
    assert {f["name"]: f["unit"] for f in fields} == {
        "jaar": "jaar",
        "budget": "EUR",
        "aandeel": "fractie (0,123 = 12,3%)",
        "kto_fte": "fte",
        "n": "aantal",
    }


def test_the_machine_record_is_marked_for_the_site_only(tmp_path: Path) -> None:
    """Prose and a table the PDF leaves out without a pointer (the colophon's versions and
    input hashes), read back by the renderer as such."""
    from analysis.publication.render.notebook import _block_from_bundle

    rep = Report(output_dir=tmp_path, year=2025)
    prose = assert_contract(rep.markdown("Berekend met pandas versie 3.1.1.", pdf=False))
    assert prose["pdf"] is False
    assert _block_from_bundle(prose, "t").pdf is False  # type: ignore[union-attr]
    assert "pdf" not in assert_contract(rep.markdown("Gewone tekst."))
    frame = pd.DataFrame({"Invoer": ["sources.csv"], "SHA-256": ["5aa0a89cfe5b632f"]})
    table = assert_contract(rep.table(Table("invoer", "Invoer", frame, pdf=False, pointer=False)))
    block = _block_from_bundle(table, "t")
    assert (block.pdf, block.pointer) == (False, False)  # type: ignore[union-attr]
    other = assert_contract(rep.table(Table("lang", "Lang", frame, pdf=False)))
    assert "pointer" not in other and _block_from_bundle(other, "t").pointer  # type: ignore[union-attr]
