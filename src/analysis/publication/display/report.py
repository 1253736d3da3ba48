"""What a notebook shows: prose, tables (with their CSV), charts, notices, key figures, pages.

Notebooks never print or ``display`` anything themselves; they call a `Report`.
Each method builds one display bundle per the contract in ``docs/architecture.md``
("What a notebook emits"): the JSON payload under `MIME` that the renderer reads,
plus ``text/markdown`` / ``text/html`` / ``image/svg+xml`` fallbacks for Quarto and
pandoc. Tables and charts are also written to the year folder
(``data/<name>.csv``, ``charts/<name>.svg``, ``charts/<name>.vl.json``), so every
number a reader sees can be downloaded in raw, unformatted form.

Outside an IPython kernel nothing is displayed; the methods return the bundle
(a `Bundle`, a dict) so tests and scripts can inspect exactly what a kernel
would have sent. Inside a kernel the returned bundle shows nothing a second time
when it is the last expression of a cell.

Everything is deterministic: no timestamps, no random ids, CSV and JSON written
with fixed separators, line endings and key order.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from analysis.publication import escape
from analysis.publication.display.bundle import MIME, Bundle, BundlePair, check_name, in_kernel
from analysis.publication.display.csv_files import EXCEL_DIR, csv_bytes, value_type
from analysis.publication.display.fallbacks import (
    chart_html,
    keyfigures_html,
    keyfigures_markdown,
    table_html,
    table_markdown,
)
from analysis.publication.display.table import Table
from analysis.publication.render.basis import BASES, Basis

# `analysis.publication.charts` (Altair, vl-convert) is imported inside `Report.chart` only: the renderer
# imports this package for the one CSV writer and must not pay for the chart stack.

NoticeLevel = Literal["demo", "info", "warning"]
NOTICE_LEVELS: tuple[str, ...] = ("demo", "info", "warning")

# What a table, chart or key figure rests on: cited sources (`real`), the seeded
# demonstration generator (`demonstration`) or a stated assumption of the monitor
# (`assumption`: the budget ramp, scenario parameters). Every such item carries one
# (`analysis.publication.render.basis` holds the values and their Dutch labels).

#: The standard sentence for chapters that show generated figures.
DEMO_NOTICE_NL = (
    "Let op: de cijfers in dit onderdeel zijn demonstratiegegevens. Ze zijn gemaakt door een "
    "generator met een vaste startwaarde en zijn geen echte cijfers van KTO-Nederland of "
    "van de kennisinstellingen. Trek er geen conclusies uit."
)

_NOTICE_HEADINGS = {"demo": "Demonstratiegegevens", "info": "Toelichting", "warning": "Let op"}
_CALLOUTS = {"demo": "callout-important", "info": "callout-note", "warning": "callout-warning"}
_md = escape.markdown


def _strip_title(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec without its top-level title: the renderer prints the takeaway as caption."""
    return {k: v for k, v in spec.items() if k != "title"}


def _chart_title(spec: Mapping[str, Any]) -> str | None:
    title = spec.get("title")
    if isinstance(title, str):
        return title
    if isinstance(title, Mapping) and isinstance(title.get("text"), str):
        return str(title["text"])
    return None


#: What a chart title over fictitious figures starts with, so the sentence never reads as
#: a fact about real institutions, wherever it is quoted.
TRIAL_PREFIX = "Proefeditie: "


def trial_title(title: str, basis: str) -> str:
    """`title` as a chart over demonstration figures shows it ('Proefeditie: …')."""
    if basis != "demonstration" or title.startswith(TRIAL_PREFIX):
        return title
    return (
        TRIAL_PREFIX + title[:1].lower() + title[1:]
        if title[1:2].islower()
        else TRIAL_PREFIX + title
    )


def _write(path: Path, data: bytes) -> None:
    """Write only when the content differs, so reruns leave file times alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == data:
        return
    try:
        path.write_bytes(data)
    except OSError as exc:  # a full disk names no file by itself; the build's line must
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


class Report:
    """The display surface of one notebook, writing into one year folder.

    ``rep = Report(output_dir=output_dir, year=year)`` in the notebook's first code
    cell; `output_dir` is the notebook parameter (the year folder). Table and chart
    names are unique per kind within a report: a chart may share its name with the
    table behind it, but two tables (or two charts) may not share one, because the
    second file would silently replace the first. Page ids are unique too.

    `demo` is the edition-wide flag, given once here: whether this year's institution
    figures are demonstration data. It sets the default `basis` of every table, chart and
    key figure (``"demonstration"`` when true, else ``"real"``) and whether `demo_notice`
    shows; a call that shows something else says so with `basis=` (``"real"`` for a cited
    figure such as the Leiden Ranking, ``"assumption"`` for a scenario parameter table).
    """

    def __init__(
        self,
        output_dir: str | Path,
        year: int,
        *,
        demo: bool = False,
        emit: bool | None = None,
    ) -> None:
        self.output_dir = Path(output_dir)
        self.year = int(year)
        self.demo = bool(demo)
        self.emit = in_kernel() if emit is None else emit
        self.bundles: list[Bundle] = []
        self._names: dict[str, set[str]] = {"table": set(), "chart": set(), "page": set()}

    @property
    def default_basis(self) -> Basis:
        """The basis a call gets when it names none: the edition's demonstration flag."""
        return "demonstration" if self.demo else "real"

    def _basis(self, basis: str | None, what: str) -> Basis:
        """A call's `basis`, checked, or the edition default when it names none."""
        if basis is None:
            return self.default_basis
        if basis not in BASES:
            raise ValueError(f"{what}: basis must be one of {', '.join(BASES)}, got {basis!r}")
        return basis  # type: ignore[return-value]

    # -- plumbing ----------------------------------------------------------------------

    def _claim(self, kind: str, name: str) -> None:
        check_name(name, f"{kind} name")
        if name in self._names[kind]:
            raise ValueError(f"duplicate {kind} name {name!r} in this notebook")
        self._names[kind].add(name)

    def _show(self, payload: dict[str, Any], fallbacks: Mapping[str, Any]) -> Bundle:
        bundle = Bundle({MIME: payload, **fallbacks})
        self.bundles.append(bundle)
        if self.emit:
            from IPython.display import display

            display(dict(bundle), raw=True)  # type: ignore[no-untyped-call]
        return bundle

    # -- kinds -------------------------------------------------------------------------

    def finding(self, text: str) -> Bundle:
        """Prose that states what the figures show: in a demonstration edition it opens with
        'In deze proefeditie:' (`formatting.in_trial`), so a quoted sentence still says so."""
        from analysis.publication.formatting import in_trial

        return self.markdown(in_trial(textwrap.dedent(text).strip(), self.demo))

    def markdown(self, text: str, *, pdf: bool = True) -> Bundle:
        """Prose generated from data (pandoc Markdown). Common indentation is removed.

        `pdf=False`: on the site only (the machine record of the colophon: software
        versions); the PDF leaves it out without a word.
        """
        body = textwrap.dedent(text).strip("\n")
        payload: dict[str, Any] = {"kind": "markdown", "text": body}
        if not pdf:
            payload["pdf"] = False
        return self._show(payload, {"text/markdown": body})

    def table(self, table: Table) -> Bundle:
        """Show a `Table` Dutch-formatted and write its raw values to ``data/<name>.csv``.

        The CSV is for machines: numbers as numbers (the table's `frame`); the page
        shows the frame formatted per column, cells composed per `Column.reads` (see `Table`).
        Besides ``data/<name>.csv`` a Dutch Excel variant (``;``, decimal comma) is written
        to ``data/excel-nl/<name>.csv``; the payload's `fields` give the codebook each CSV
        column's label, unit and type. A table with an ``is_demonstration`` column holding
        any true value is demonstration whatever its `basis` says: demonstration figures
        must never look real.

        A table with `numbered_list` is set as a numbered list instead, in body size on
        the site and in the PDF (a reference list): the first column is the entry's
        number, the others its text; each entry gets the anchor
        ``<numbered_list>-<number>`` (site id, PDF label), so a citation can link to it.
        The CSV is written as for any table.
        """
        name = table.name
        self._claim("table", name)
        if table.numbered_list is not None:
            check_name(table.numbered_list, "numbered list anchor")
        resolved = self._basis(table.basis, f"table {name!r}")
        shown = table.shown_frame
        raw = table.csv_frame
        columns = [table.label(c) for c in shown.columns]
        alignment = [table.align(c) for c in shown.columns]
        if "is_demonstration" in raw.columns and bool(
            raw["is_demonstration"].fillna(False).astype(bool).any()
        ):
            resolved = "demonstration"
        rows = [[str(v) for v in row] for row in shown.itertuples(index=False, name=None)]
        csv_path = f"data/{name}.csv"
        _write(self.output_dir / csv_path, csv_bytes(raw))
        _write(self.output_dir / EXCEL_DIR / f"{name}.csv", csv_bytes(raw, dialect="excel-nl"))
        fields = [
            {"name": c, "label": table.label(c), "unit": table.unit(c), "type": value_type(raw[c])}
            for c in raw.columns
        ]
        payload = {
            "kind": "table",
            "name": name,
            "caption": table.caption,
            "columns": columns,
            "rows": rows,
            "align": alignment,
            "csv": csv_path,
            "source_note": table.source_note,
            "basis": resolved,
            "pdf": bool(table.pdf),
            "fields": fields,
        }
        if table.numbered_list is not None:
            payload["numbered_list"] = table.numbered_list
        if not table.pdf and not table.pointer:
            payload["pointer"] = False
        return self._show(
            payload,
            {
                "text/html": table_html(payload),
                "text/markdown": table_markdown(payload),
            },
        )

    def chart(
        self,
        chart: Any,
        name: str,
        *,
        title: str | None = None,
        alt: str,
        table: str | None = None,
        basis: Basis | None = None,
        pdf: bool = True,
        svg: str | None = None,
    ) -> Bundle:
        """Show an Altair chart; write ``charts/print/<name>.svg`` (for the PDF) and ``charts/<name>.vl.json``.

        `svg` skips the Vega renderer with a ready-drawn SVG of the same data: fact
        sheets for a thousand institutions cannot afford 0.3 s of vl-convert each.

        `title` is the takeaway sentence; it defaults to the chart's own title.
        The chart's title is removed from the spec and the SVG, because the site
        and the PDF print the takeaway as the figure caption (it would appear twice).
        `alt` is the one-sentence description for screen readers and the PDF's
        alt text; `table` names the table that holds the chart's numbers. `basis` and
        `pdf` work as for `table`.
        """
        from analysis.publication.charts import export

        self._claim("chart", name)
        resolved = self._basis(basis, f"chart {name!r}")
        if table is not None:
            check_name(table, "table name")
        spec = (
            export.spec_of(chart)
            if not isinstance(chart, Mapping)
            else export.normalise_spec(chart)
        )
        heading = title if title is not None else _chart_title(spec)
        if not heading:
            raise ValueError(f"chart {name!r} needs a title (the takeaway sentence)")
        heading = trial_title(heading, resolved)
        if not alt or not alt.strip():
            raise ValueError(f"chart {name!r} needs alt text (one sentence describing it)")
        spec = _strip_title(spec)
        if svg is None:
            svg = export.to_svg(spec)
        # The bare chart the PDF prints; the downloads (`charts/<name>.svg` and `.png`) are
        # the same chart framed with its context, written by the renderer.
        svg_path = f"charts/print/{name}.svg"
        _write(self.output_dir / svg_path, svg.encode("utf-8"))
        # Compact JSON, serialised once for the file and the page: the indented form goes
        # through Python's slow encoder (a third of the time of a thousand fact sheets).
        text = export.spec_json(spec, indent=None)
        _write(self.output_dir / f"charts/{name}.vl.json", (text + "\n").encode("utf-8"))
        payload = {
            "kind": "chart",
            "name": name,
            "title": heading,
            "alt": alt,
            # The spec as its JSON text, not as nested objects: the kernel's message layer
            # (ipykernel's json_clean, nbclient, nbformat) walks nested objects in Python,
            # which a thousand fact-sheet charts notice; a string passes in one step.
            "spec": text,
            "svg": svg_path,
            "table": table,
            "basis": resolved,
            "pdf": bool(pdf),
        }
        return self._show(payload, {"text/html": chart_html(payload, text), "image/svg+xml": svg})

    def chart_and_table(
        self,
        chart: Any,
        table: Table,
        *,
        title: str | None = None,
        alt: str,
        pdf: bool = True,
        svg: str | None = None,
    ) -> BundlePair:
        """A chart and the `Table` of its numbers under the table's name, in one call.

        Every chart should let a reader (and a screen reader) get at its numbers; this
        is the usual way to show one: the chart links to the table, both rest on the
        table's `basis`, and the table's CSV is the chart's download. `pdf` places the
        chart in the PDF, the table's own `pdf` the table (often site-only: the chart
        says it). `svg` is `chart`'s.
        """
        shown = self.chart(
            chart,
            table.name,
            title=title,
            alt=alt,
            table=table.name,
            basis=table.basis,
            pdf=pdf,
            svg=svg,
        )
        return BundlePair((shown, self.table(table)))

    def notice(self, text: str, level: NoticeLevel = "info") -> Bundle:
        """A boxed remark: ``demo`` (generated data), ``info`` or ``warning``."""
        if level not in NOTICE_LEVELS:
            raise ValueError(f"notice level must be one of {', '.join(NOTICE_LEVELS)}")
        body = textwrap.dedent(text).strip()
        markdown = (
            f"::: {{.{_CALLOUTS[level]} .vm-notice .vm-notice-{level}}}\n"
            f"**{_NOTICE_HEADINGS[level]}.** {body}\n:::"
        )
        return self._show(
            {"kind": "notice", "level": level, "text": body}, {"text/markdown": markdown}
        )

    def demo_notice(self) -> Bundle | None:
        """The standard notice that the figures shown are generated demonstration data,
        shown only in a demonstration edition (the flag given to `Report`); else nothing."""
        return self.notice(DEMO_NOTICE_NL, level="demo") if self.demo else None

    def basis_summary(self) -> Bundle:
        """Where the colophon states how many tables, figures and key figures rest on
        cited sources, on demonstration data and on assumptions.

        The numbers are not known here (other notebooks add to them): the renderer
        counts what it rendered and fills them in at this place.
        """
        return self._show(
            {"kind": "basis_summary"},
            {"text/markdown": "*(Telling van de bronnen van tabellen en figuren.)*"},
        )

    def keyfigures(
        self,
        items: Sequence[Mapping[str, str] | Sequence[str]],
        *,
        basis: Basis | None = None,
    ) -> Bundle:
        """Headline numbers: items as ``{"label", "value", "note"[, "basis"]}`` or
        (label, value[, note]).

        Values must already be formatted strings (use `analysis.publication.formatting`), so a
        raw float like 62.650000001 cannot reach the page. `basis`
        is the default for every item; an item's own ``"basis"`` overrides it, so one
        row may put a real figure beside a demonstration one, each labelled.
        """
        default = self._basis(basis, "keyfigures")
        normalised: list[dict[str, str]] = []
        for item in items:
            item_basis: str = default
            if isinstance(item, Mapping):
                label, value, note = item["label"], item["value"], item.get("note", "")
                if item.get("basis") is not None:
                    item_basis = self._basis(str(item["basis"]), f"key figure {label!r}")
            else:
                parts = list(item)
                if len(parts) not in (2, 3):
                    raise ValueError("a key figure is (label, value) or (label, value, note)")
                label, value = parts[0], parts[1]
                note = parts[2] if len(parts) == 3 else ""
            if not isinstance(value, str):
                raise TypeError(f"key figure {label!r}: value must be a formatted string")
            if item_basis == "demonstration":
                label = f"{label} (proefeditie)"
            normalised.append(
                {"label": str(label), "value": value, "note": str(note or ""), "basis": item_basis}
            )
        if not normalised:
            raise ValueError("keyfigures needs at least one item")
        payload = {
            "kind": "keyfigures",
            "items": normalised,
            "basis": default,
        }
        return self._show(
            payload,
            {
                "text/html": keyfigures_html(normalised),
                "text/markdown": keyfigures_markdown(normalised),
            },
        )

    def page(self, id: str, title: str) -> Bundle:
        """Start a sub-page (a fact sheet): everything after it up to the next page belongs to it."""
        self._claim("page", id)
        return self._show(
            {"kind": "page", "id": id, "title": title},
            {"text/markdown": f"## {_md(title)} {{#{id}}}"},
        )


# --- fallbacks ------------------------------------------------------------------------
