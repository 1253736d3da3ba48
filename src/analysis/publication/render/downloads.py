"""The downloads of an edition: chart files, the one archive of all tables, the downloads page.

Stakeholders expect what they know from HESA's open data and Our World in Data: every
table and chart of an edition as a file, the whole set in one archive, the codebook, the
PDF(s) and the licences, on one page per edition. The renderer, which reads every
executed notebook, is the one place that knows all of them, so it writes

* beside every chart's SVG (`charts/<name>.svg`, written by the notebook) a PNG
  (`charts/<name>.png`, rasterised offline by vl-convert in the vendored fonts) and, for
  a chart without a table of its own, the rows behind it as `charts/<name>.csv`
  through the report's one CSV writer;
* the archive `valorisatiemonitor-<year>-tabellen.zip`: every table's CSV, its Dutch
  Excel variant, the codebook and a licence note, in sorted order with fixed
  timestamps and permissions, so two builds of the same inputs give the same bytes;
* the body of the site page `downloads.html`.

The licences are data (`data/raw/licences.csv` and the `licence` column of
`data/raw/sources.csv`), never code: the monitor's own data and code licences are the
rows marked `gegevens` and `code`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from analysis.errors import InputError
from analysis.publication import escape
from analysis.publication.render.basis import BASIS_LABELS_NL
from analysis.publication.render.chart_export import ChartContext, framed_svg
from analysis.publication.render.codebook import CODEBOOK, EXCEL_DIR, SITE_PAGE, entries
from analysis.publication.render.crossrefs import REFERENCE_PREFIX
from analysis.publication.render.notebook import ChartBlock, Document

LICENCES_FILE = "licences.csv"
LICENCE_COLUMNS = ("licence", "name_nl", "url", "monitor_part")
UNKNOWN_LICENCE = "onbekend"
MONITOR_PARTS = ("gegevens", "code")
#: The archive's fixed timestamp (the earliest a ZIP can hold): bytes never depend on
#: when or in which order the files were written.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
#: Pixels per SVG unit of the PNG: sharp on a high-density screen and in a slide.
PNG_SCALE = 2.0
README_NAME = "LEESMIJ.txt"


def archive_name(year: int) -> str:
    """File name of the edition's archive of all tables, in the year folder."""
    return f"valorisatiemonitor-{year}-tabellen.zip"


@dataclass(frozen=True)
class Licence:
    """One licence of `licences.csv`."""

    id: str
    name: str
    url: str
    monitor_part: str


@dataclass(frozen=True)
class Licences:
    """The monitor's own licences and those of the sources its report cites."""

    data: Licence
    code: Licence
    #: (reference-list number, licence) for every source the report lists, in list order.
    sources: tuple[tuple[int, Licence], ...]
    #: (reference-list number, provenance) for every listed source with a technical trail
    #: (a copy read instead of the original, a year inferred): the register's `provenance`,
    #: shown on the data page, never in the printed list.
    provenance: tuple[tuple[int, str], ...] = ()


def load_licences(data_dir: Path) -> Licences:
    """Read `licences.csv` and the `licence` column of `sources.csv`; refuse what is unclear.

    Every source must name a licence of the table (`onbekend` where it was not
    established: an empty cell would be read as 'no restriction'), and exactly one
    licence each must cover the monitor's data and its code. An error names the file,
    the row (header = row 1), the column and the rule.
    """
    from analysis.data.sources import SOURCES_FILE, load_sources

    path = Path(data_dir) / LICENCES_FILE
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, None, None, "missing_file", "licences.csv is missing") from None
    for column in LICENCE_COLUMNS:
        if column not in table.columns:
            raise InputError(path, 1, column, "required_column", f"missing column {column!r}")
    licences: dict[str, Licence] = {}
    for i, row in enumerate(table.itertuples(index=False), start=2):
        ident, name = str(row.licence).strip(), str(row.name_nl).strip()
        if not ident or ident in licences:
            raise InputError(
                path, i, "licence", "unique_licence", f"licence {ident!r} is empty or repeated"
            )
        if not name:
            raise InputError(path, i, "name_nl", "not_null", f"licence {ident!r} has no name")
        part = str(row.monitor_part).strip()
        if part and part not in MONITOR_PARTS:
            raise InputError(
                path,
                i,
                "monitor_part",
                "allowed_category",
                f"monitor_part {part!r} is not one of {', '.join(MONITOR_PARTS)} or empty",
            )
        url = str(row.url).strip()
        if url and not url.startswith("https://"):
            # The address becomes a link on the site: only a web address, never a script.
            raise InputError(
                path, i, "url", "https_url", f"licence {ident!r}: url must start with https://"
            )
        licences[ident] = Licence(ident, name, url, part)
    if UNKNOWN_LICENCE not in licences:
        raise InputError(
            path, None, "licence", "unknown_licence_row", f"no row {UNKNOWN_LICENCE!r}"
        )
    own: dict[str, Licence] = {}
    for part in MONITOR_PARTS:
        found = [lic for lic in licences.values() if lic.monitor_part == part]
        if len(found) != 1:
            raise InputError(
                path,
                None,
                "monitor_part",
                "one_monitor_licence",
                f"{len(found)} rows cover the monitor's {part}; exactly one must",
            )
        own[part] = found[0]

    sources_path = Path(data_dir) / SOURCES_FILE
    raw = pd.read_csv(sources_path, dtype=str, keep_default_na=False, encoding="utf-8")
    if "licence" not in raw.columns:
        raise InputError(sources_path, 1, "licence", "required_column", "missing column 'licence'")
    for i, (sid, lic) in enumerate(zip(raw["source_id"], raw["licence"], strict=True), start=2):
        if lic.strip() not in licences:
            raise InputError(
                sources_path,
                i,
                "licence",
                "known_licence",
                f"source {sid!r}: licence {lic!r} is not in {LICENCES_FILE} "
                f"(write {UNKNOWN_LICENCE!r} where it is not known)",
            )
    by_id = dict(zip(raw["source_id"], raw["licence"].str.strip(), strict=True))
    register = load_sources(data_dir)
    listed = register[register["number"].notna()]
    return Licences(
        data=own["gegevens"],
        code=own["code"],
        sources=tuple(
            (int(number), licences[by_id[sid]])
            for sid, number in zip(listed["source_id"], listed["number"], strict=True)
        ),
        provenance=tuple(
            (int(number), str(trail).strip())
            for number, trail in zip(listed["number"], listed["provenance"], strict=True)
            if str(trail).strip()
        ),
    )


def charts(docs: Sequence[Document]) -> list[ChartBlock]:
    """Every chart of the report with an SVG, once per file, in report order."""
    seen: set[str] = set()
    found: list[ChartBlock] = []
    for doc in docs:
        for blocks in (doc.blocks, *(sp.blocks for sp in doc.subpages)):
            for block in blocks:
                if isinstance(block, ChartBlock) and block.svg_path and block.svg_path not in seen:
                    seen.add(block.svg_path)
                    found.append(block)
    return found


def svg_export_path(chart: ChartBlock) -> str:
    """The downloadable SVG of a chart, framed with its context (relative to the year folder)."""
    return f"charts/{chart.name}.svg"


def png_path(chart: ChartBlock) -> str:
    """The downloadable PNG of a chart, framed like its SVG (relative to the year folder)."""
    return f"charts/{chart.name}.png"


def chart_csv_path(chart: ChartBlock) -> str:
    """Where the rows behind a chart without a table are written (relative to the year folder)."""
    return f"charts/{chart.name}.csv"


def write_chart_files(
    docs: Sequence[Document], year_dir: Path, contexts: Mapping[str, ChartContext]
) -> list[Path]:
    """Every chart's download as SVG and PNG with its context drawn in (`chart_export`);
    the rows behind a chart without a table as CSV.

    `contexts` maps a chart's print SVG (`svg_path`) to what its frame says. The PNG is
    rasterised from the framed SVG (vl-convert's resvg, with the vendored fonts
    registered); the rasteriser is deterministic, which the end-to-end test checks over
    two builds.
    """
    import vl_convert

    from analysis.publication.charts.export import spec_values
    from analysis.publication.display.csv_files import csv_bytes
    from analysis.publication.render.fonts import register_with_vl_convert

    register_with_vl_convert()
    written: list[Path] = []
    for chart in charts(docs):
        assert chart.svg_path is not None
        bare = year_dir / chart.svg_path
        if not bare.is_file():
            continue
        framed = framed_svg(bare.read_text(encoding="utf-8"), contexts[chart.svg_path])
        svg = year_dir / svg_export_path(chart)
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(framed, encoding="utf-8", newline="\n")
        png = year_dir / png_path(chart)
        png.write_bytes(vl_convert.svg_to_png(framed, scale=PNG_SCALE))
        written += [svg, png]
        if chart.table is None:
            rows = spec_values(chart.spec)
            if rows:
                target = year_dir / chart_csv_path(chart)
                target.write_bytes(csv_bytes(pd.DataFrame(rows)))
                written.append(target)
    return written


def _readme(year: int, licences: Licences | None) -> str:
    lines = [
        f"Valorisatiemonitor {year}: alle tabellen van deze editie",
        "",
        "tabellen/<naam>.csv: de getallen achter elke tabel (punt als decimaalteken, geen",
        "scheidingsteken voor duizendtallen, geen euroteken of procentteken in een cel).",
        "excel-nl/<naam>.csv: dezelfde getallen voor Nederlandse Excel (puntkomma, decimale",
        "komma, byte-order mark).",
        "codeboek.csv: elke kolom van elke tabel met omschrijving, eenheid en type.",
    ]
    if licences is not None:
        lines += [
            "",
            f"Licentie van de gegevens van de monitor: {licences.data.name}"
            + (f" ({licences.data.url})" if licences.data.url else "")
            + ".",
            "Cijfers uit geciteerde bronnen vallen onder de voorwaarden van die bronnen; de",
            "licentie per bron staat op de downloadpagina van de website.",
        ]
    return "\n".join(lines) + "\n"


def write_archive(
    docs: Sequence[Document], year_dir: Path, year: int, licences: Licences | None
) -> Path:
    """Write the edition's archive of all tables; same inputs, same bytes.

    Members are sorted by name, stamped `ZIP_TIMESTAMP`, with fixed permissions and
    compression level, and the archive is assembled in memory and written once.
    """
    members: dict[str, bytes] = {
        "codeboek.csv": (year_dir / CODEBOOK).read_bytes(),
        "excel-nl/codeboek.csv": (year_dir / EXCEL_DIR / "codebook.csv").read_bytes(),
        README_NAME: _readme(year, licences).encode("utf-8"),
    }
    for entry in entries(docs):
        csv_rel = entry.table.csv
        assert csv_rel is not None
        stem = PurePosixPath(csv_rel).stem
        standard = year_dir / csv_rel
        if standard.is_file():
            members[f"tabellen/{stem}.csv"] = standard.read_bytes()
        excel = year_dir / EXCEL_DIR / f"{stem}.csv"
        if excel.is_file():
            members[f"excel-nl/{stem}.csv"] = excel.read_bytes()
    target = year_dir / archive_name(year)
    target.write_bytes(zip_bytes(members))
    return target


def zip_bytes(members: Mapping[str, bytes]) -> bytes:
    """A zip archive of `members` (name → bytes) that is the same bytes for the same members:
    sorted by name, stamped `ZIP_TIMESTAMP`, fixed permissions and compression level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def _size(path: Path) -> str:
    from analysis.publication import formatting

    if not path.is_file():
        return ""
    size = path.stat().st_size
    if size >= 1_000_000:
        return f"{formatting.number(size / 1_000_000, 1)} MB"
    return f"{formatting.number(max(1, round(size / 1000)), 0)} kB"


#: A title longer than this is cut at a clause in the downloads' lists (in full on its page).
LISTED_TITLE = 110


def listed_title(title: str) -> str:
    """A table's or figure's title as the downloads list shows it: its first clauses.

    A fact sheet's caption can run to 370 characters; in a list of files on a phone that
    is a row of fifteen lines. Past `LISTED_TITLE` characters the title is cut after the
    last clause (at "; " or ", ") that fits, and ends in "…"; the link leads to the
    table or figure, whose caption is complete.
    """
    title = " ".join(title.split())
    if len(title) <= LISTED_TITLE:
        return title
    head = title[:LISTED_TITLE]
    cut = max(head.rfind("; "), head.rfind(", "))
    if cut < LISTED_TITLE // 2:
        cut = head.rfind(" ")
    return head[:cut].rstrip(" ,;:") + " …"


def page_body(
    docs: Sequence[Document],
    year_dir: Path,
    year: int,
    licences: Licences | None,
    *,
    pdfs: Sequence[tuple[str, str]],
    table_pages: dict[str, tuple[str, str]],
    chart_pages: dict[str, tuple[str, str]],
    appendix_list: str | None,
) -> str:
    """The downloads page: archive, PDF(s), codebook, every table and chart, the licences.

    `pdfs` are (file in the year folder, link text); `table_pages` and `chart_pages`
    map a table's CSV path or a chart's SVG path to (site page, anchor), so each row
    links to where the item is shown; `appendix_list` is the site page and anchor of
    the reference list, where a source number leads.
    """
    e = escape.html
    zip_path = year_dir / archive_name(year)
    parts: list[str] = [
        "<p>Alle tabellen en figuren van deze editie als bestand. Tabellen zijn CSV-bestanden "
        "met getallen als getallen; voor Nederlandse Excel staat naast elk bestand een variant "
        "met puntkomma’s en decimale komma’s. Het codeboek beschrijft elke kolom.</p>",
        '<h2 id="alles">Alles in één bestand</h2>',
        '<ul class="vm-download-list">'
        f'<li><a href="../{e(archive_name(year))}" download>Alle tabellen (ZIP)</a> '
        f'<span class="vm-download-size">{e(_size(zip_path))}</span>: elke tabel als CSV en '
        "in de Excel-variant, met het codeboek</li>"
        + "".join(
            f'<li><a href="../{e(file)}">{e(text)}</a> '
            f'<span class="vm-download-size">{e(_size(year_dir / file))}</span></li>'
            for file, text in pdfs
        )
        + f'<li><a href="../{CODEBOOK}" download>Codeboek (CSV)</a> · '
        f'<a href="../{EXCEL_DIR}/codebook.csv" download>Excel (NL)</a> · '
        f'<a href="{SITE_PAGE}">codeboek op de website</a></li></ul>',
    ]

    rows: list[str] = []
    chapter = None
    for entry in entries(docs):
        t = entry.table
        assert t.csv is not None
        stem = PurePosixPath(t.csv).stem
        if entry.chapter != chapter:
            chapter = entry.chapter
            rows.append(
                f'<tr class="vm-download-group"><th scope="rowgroup" colspan="3">{e(chapter)}</th></tr>'
            )
        where = table_pages.get(t.csv)
        title = e(listed_title(t.caption or t.name))
        if where is not None:
            title = f'<a href="{e(where[0])}#{e(where[1])}">{title}</a>'
        rows.append(
            f'<tr><th scope="row">{title}'
            + (
                f'<br><span class="vm-download-page">{e(entry.page)}</span>'
                if entry.page != chapter
                else ""
            )
            + f'</th><td>{e(BASIS_LABELS_NL[t.basis])}</td><td class="vm-download-links">'
            f'<a href="../{e(t.csv)}" download>CSV</a> · '
            f'<a href="../{EXCEL_DIR}/{e(stem)}.csv" download>Excel (NL)</a> · '
            f'<a href="{SITE_PAGE}#{e("data-" + stem)}">Codeboek</a></td></tr>'
        )
    parts.append('<h2 id="tabellen">Tabellen</h2>')
    parts.append(
        '<div class="vm-table-scroll" tabindex="0"><table class="vm-download-table">'
        '<thead><tr><th scope="col">Tabel</th><th scope="col">Basis</th>'
        f'<th scope="col">Bestanden</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )

    chart_rows: list[str] = []
    for chart in charts(docs):
        assert chart.svg_path is not None
        if not (year_dir / chart.svg_path).is_file():
            continue
        where = chart_pages.get(chart.svg_path)
        title = e(listed_title(chart.title))
        if where is not None:
            title = f'<a href="{e(where[0])}#{e(where[1])}">{title}</a>'
        links = [
            f'<a href="../{e(png_path(chart))}" download>PNG</a>',
            f'<a href="../{e(svg_export_path(chart))}" download>SVG</a>',
        ]
        csv_rel = chart_csv_path(chart)
        if (year_dir / csv_rel).is_file():
            links.append(f'<a href="../{e(csv_rel)}" download>CSV</a>')
        chart_rows.append(
            f'<tr><th scope="row">{title}</th><td>{e(BASIS_LABELS_NL[chart.basis])}</td>'
            f'<td class="vm-download-links">{" · ".join(links)}</td></tr>'
        )
    if chart_rows:
        parts.append('<h2 id="figuren">Figuren</h2>')
        parts.append(
            "<p>Elke figuur als afbeelding (PNG) en als vectorbestand (SVG). De cijfers achter "
            "een figuur staan in de tabel die bij de figuur hoort.</p>"
            '<div class="vm-table-scroll" tabindex="0"><table class="vm-download-table">'
            '<thead><tr><th scope="col">Figuur</th><th scope="col">Basis</th>'
            f'<th scope="col">Bestanden</th></tr></thead><tbody>{"".join(chart_rows)}'
            "</tbody></table></div>"
        )

    parts.append('<h2 id="licenties">Licenties</h2>')
    if licences is None:
        parts.append("<p>De licenties zijn voor deze editie niet vastgelegd.</p>")
    else:

        def named(lic: Licence) -> str:
            return f'<a href="{e(lic.url)}">{e(lic.name)}</a>' if lic.url else e(lic.name)

        parts.append(
            "<p>De tabellen, figuren, teksten en het codeboek van de monitor mogen worden "
            f"hergebruikt onder de {named(licences.data)}, met vermelding van de "
            f"Valorisatiemonitor {e(str(year))} als bron. De programmacode van de monitor "
            f"valt onder de {named(licences.code)}.</p>"
            "<p>Cijfers die de monitor uit andere bronnen overneemt, vallen onder de "
            "voorwaarden van die bronnen. Per bron uit de bronnenlijst:</p>"
        )
        groups: dict[str, tuple[Licence, list[int]]] = {}
        for number, lic in licences.sources:
            groups.setdefault(lic.id, (lic, []))[1].append(number)
        order = sorted(groups.values(), key=lambda g: (g[0].id == UNKNOWN_LICENCE, g[0].name))
        # Each number leads to its own entry of the list (`crossrefs.REFERENCE_PREFIX`).
        list_page = (appendix_list or "").partition("#")[0]
        licence_rows = "".join(
            f'<tr><th scope="row">{named(lic)}</th><td class="vm-col-l">'
            + ", ".join(
                f'<a href="{e(list_page)}#{REFERENCE_PREFIX}{n}">{n}</a>' if list_page else str(n)
                for n in numbers
            )
            + "</td></tr>"
            for lic, numbers in order
        )
        parts.append(
            '<div class="vm-table-scroll" tabindex="0"><table class="vm-licence-table">'
            '<thead><tr><th scope="col">Licentie</th><th scope="col">Bronnen (nummer in de '
            f"bronnenlijst)</th></tr></thead><tbody>{licence_rows}</tbody></table></div>"
        )
    return "\n".join(parts)
