"""The codebook of the data downloads: every table's CSV and every column in it.

Notebooks run in separate kernels, so no single one can write a file that lists all
tables; the renderer, which reads every executed notebook, does. Each table bundle
carries its CSV columns (`fields`: name, Dutch label, unit, type); this module writes
them as `data/codebook.csv` (and its Dutch Excel variant) through the report's one CSV
writer, and as the readable site page `gegevens.html`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from analysis.errors import BuildError
from analysis.publication import escape
from analysis.publication.display.csv_files import NUMBER_TYPES
from analysis.publication.render.basis import BASIS_LABELS_NL
from analysis.publication.render.chart_definitions import Definition, definitions
from analysis.publication.render.column_meaning import DESCRIPTIONS_FILE, describe, unit
from analysis.publication.render.notebook import Document, Field, TableBlock

CODEBOOK = "data/codebook.csv"
EXCEL_DIR = "data/excel-nl"
SITE_PAGE = "gegevens.html"

#: The codebook's own columns: (name in the CSV, what it holds).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("tabel", "naam van de tabel; het bestand heet data/<tabel>.csv"),
    ("titel", "titel van de tabel in het rapport"),
    ("pagina", "hoofdstuk of factsheet waarin de tabel staat"),
    ("basis", "waarop de cijfers berusten: geciteerde bron, demonstratiegegevens of aanname"),
    ("kolom", "naam van de kolom in het CSV-bestand"),
    ("label", "kop van de kolom in het rapport"),
    ("omschrijving", "wat de kolom betekent, in woorden"),
    ("eenheid", "eenheid van de waarden (leeg bij tekst)"),
    ("type", "getal, geheel getal, tekst, ja/nee of datum"),
)


@dataclass(frozen=True)
class Entry:
    """One table of the report as the codebook lists it."""

    table: TableBlock
    chapter: str
    page: str  # the chapter, or "<chapter>: <fact sheet>"
    fields: tuple[Field, ...]


def entries(docs: Sequence[Document]) -> list[Entry]:
    """Every table with a CSV, once per file, in report order (the first of a name wins)."""
    seen: set[str] = set()
    found: list[Entry] = []
    for doc in docs:
        pages = [(doc.title, doc.blocks)] + [
            (f"{doc.title}: {sp.title}", sp.blocks) for sp in doc.subpages
        ]
        for title, blocks in pages:
            for block in blocks:
                if not isinstance(block, TableBlock) or not block.csv or block.csv in seen:
                    continue
                seen.add(block.csv)
                found.append(Entry(block, doc.title, title, _with_units(block.name, block.fields)))
    unitless = [(e.table.name, f.name) for e in found for f in e.fields if _needs_unit(f)]
    if unitless:  # a count of spin-offs and a sum in euros look alike in a CSV
        listed = "; ".join(f"{table}: {column}" for table, column in unitless[:5])
        more = f" (+{len(unitless) - 5})" if len(unitless) > 5 else ""
        raise BuildError(
            f"codebook: numeric columns without a unit: {listed}{more}; give each its unit "
            f"(eenheid) in {DESCRIPTIONS_FILE.name} or in the table's `units`"
        )
    return found


def _with_units(table: str, fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """Each field with its unit: the table's own, else `column_descriptions.csv`'s."""
    return tuple(
        f if f.unit else replace(f, unit=unit(f.name, f.label, table=table)) for f in fields
    )


def _needs_unit(field: Field) -> bool:
    return field.type in NUMBER_TYPES and not field.unit


def description(
    entry: Entry, field: Field, known: Mapping[str, Definition], confidence: str | None = None
) -> str:
    """What `field` of `entry`'s table means (`column_meaning.describe`); `confidence` the
    edition's interval level ('95%', `ReportConfig.confidence`)."""
    return describe(
        field.name,
        field.label,
        table=entry.table.name,
        caption=entry.table.caption,
        definitions=known,
        confidence=confidence,
    )


def write_codebook(
    docs: Sequence[Document], year_dir: Path, confidence: str | None = None
) -> list[Path]:
    """Write `data/codebook.csv` and its Excel variant; return the files written
    (`confidence`: the edition's interval level, '95%')."""
    import pandas as pd

    from analysis.publication.display.csv_files import csv_bytes

    known = definitions(docs)
    rows = [
        {
            "tabel": e.table.name,
            "titel": e.table.caption,
            "pagina": e.page,
            "basis": BASIS_LABELS_NL[e.table.basis],
            "kolom": f.name,
            "label": f.label,
            "omschrijving": description(e, f, known, confidence),
            "eenheid": f.unit,
            "type": f.type,
        }
        for e in entries(docs)
        for f in e.fields
    ]
    frame = pd.DataFrame(rows, columns=[name for name, _ in COLUMNS])
    written = []
    for rel, dialect in ((CODEBOOK, "standard"), (f"{EXCEL_DIR}/codebook.csv", "excel-nl")):
        path = year_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(csv_bytes(frame, dialect=dialect))  # type: ignore[arg-type]
        written.append(path)
    return written


def provenance_section(provenance: Sequence[tuple[int, str]], list_page: str | None = None) -> str:
    """Where the monitor read a source other than at the address the reference list gives
    (a copy of a data set, a package's copy, a repost), or inferred its year: per list
    number, the register's `provenance`. The printed list names the primary publisher
    and one stable address; this trail is shown here only. `list_page` (the appendix
    page) makes each number a link to its entry (`#bron-<n>`)."""
    if not provenance:
        return ""
    e = escape.html

    def number(n: int) -> str:
        return f'<a href="{e(list_page)}#bron-{n}">{n}</a>' if list_page else str(n)

    # A list, not a table: each trail is a few sentences, which a phone reads as a
    # paragraph (in a two-column table its rows grew to a screen high).
    items = "".join(
        f'<li><span class="vm-list-number">[{number(n)}]</span> {e(text)}</li>'
        for n, text in provenance
    )
    return (
        '<section class="vm-provenance" aria-labelledby="herkomst-bronnen">'
        '<h2 id="herkomst-bronnen">Herkomst van de bronnen</h2>'
        "<p>De bronnenlijst in bijlage B noemt per bron de organisatie, de uitgever en één vast "
        "adres. Waar de monitor een bron niet op dat adres heeft gelezen (een kopie van een "
        "gegevensbestand, een herplaatsing, een kopie van een document) of een jaar heeft "
        "afgeleid, staat dat hieronder, per nummer in de bronnenlijst.</p>"
        f'<ul class="vm-numbered-list vm-provenance-list">{items}</ul></section>'
    )


def site_page_body(
    docs: Sequence[Document],
    provenance: Sequence[tuple[int, str]] = (),
    list_page: str | None = None,
    confidence: str | None = None,
) -> str:
    """The readable codebook: per table its files, basis and columns (all text escaped),
    then the sources' provenance (`provenance_section`); `confidence` as `write_codebook`'s."""
    e = escape.html
    parts = [
        "<p>Elke tabel in dit rapport is te downloaden als CSV-bestand: getallen als getallen "
        "(punt als decimaalteken, geen scheidingsteken voor duizendtallen, geen € of % in een "
        "cel; de eenheid staat hieronder). Voor Nederlandse Excel staat naast elk bestand een "
        "variant met puntkomma’s en decimale komma’s. Dit codeboek staat ook als "
        f'<a href="../{CODEBOOK}" download>CSV-bestand</a>.</p>',
        '<div class="vm-table-scroll" tabindex="0"><table class="vm-codebook-columns">'
        '<thead><tr><th scope="col">Kolom van het codeboek</th><th scope="col">Betekenis'
        "</th></tr></thead><tbody>"
        + "".join(f"<tr><td>{e(n)}</td><td>{e(d)}</td></tr>" for n, d in COLUMNS)
        + "</tbody></table></div>",
    ]
    chapter = None
    known = definitions(docs)
    for entry in entries(docs):
        if entry.chapter != chapter:
            chapter = entry.chapter
            parts.append(f"<h2>{e(chapter)}</h2>")
        t = entry.table
        name = t.csv.removeprefix("data/").removesuffix(".csv") if t.csv else t.name
        rows = "".join(
            f'<tr><th scope="row">{e(f.name)}</th>'
            f'<td class="vm-col-xxl">{e(description(entry, f, known, confidence))}'
            + (
                f' <span class="vm-codebook-label">In het rapport: {e(f.label)}.</span>'
                if f.label != f.name
                else ""
            )
            + f"</td><td>{e(f.unit)}</td><td>{e(f.type)}</td></tr>"
            for f in entry.fields
        )
        parts.append(
            f'<section class="vm-codebook-table" id="{e("data-" + name)}">'
            f"<h3>{e(t.caption or t.name)}</h3>"
            f'<p class="vm-codebook-meta">{e(entry.page)} · '
            f'<span class="vm-badge vm-badge-{t.basis}">{e(BASIS_LABELS_NL[t.basis])}</span> · '
            f'<a href="../{e(t.csv or "")}" download>{e(t.csv or "")}</a> · '
            f'<a href="../{EXCEL_DIR}/{e(name)}.csv" download>Excel (NL)</a></p>'
            '<div class="vm-table-scroll" tabindex="0"><table><thead><tr>'
            '<th scope="col">Kolom</th><th scope="col">Omschrijving</th>'
            '<th scope="col">Eenheid</th><th scope="col">Type</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div></section>"
        )
    section = provenance_section(provenance, list_page)
    if section:
        parts.append(section)
    return "\n".join(parts)
