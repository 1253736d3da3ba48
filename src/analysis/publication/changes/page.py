"""What changed, the page: the comparisons as the document the renderer adds beside the chapters."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.changes.comparisons import (
    PAGE_FILE,
    PAGE_TITLE,
    PDF_MAX_ROWS,
    headline_figures,
    model_changes,
    revisions,
    submission_changes,
)
from analysis.publication.display.bundle import Bundle
from analysis.publication.display.report import Report
from analysis.publication.display.table import Column, Table
from analysis.publication.edition import Edition, PreviousEdition
from analysis.publication.edition_files import MODELS_FILE, RECORD_DIR
from analysis.publication.labels import INDICATOR_LABELS, UNIT_LABELS, indicator_label
from analysis.publication.render.notebook import Block, Document, _block_from_bundle


def _value(value: object, unit: str) -> str:
    """A submitted value as the reader sees it, by its unit in words (`UNIT_LABELS`): euros
    whole, fte with one decimal, counts whole."""
    if unit == UNIT_LABELS["EUR"]:
        return fmt.money_eur(value, "eur")
    return fmt.number(value, 1 if unit == UNIT_LABELS["FTE"] else 0)


def _views(columns: Mapping[str, str]) -> dict[str, Column]:
    """Page columns that each show one data column under a Dutch header (page → data)."""
    return {page: Column(reads=(data,)) for page, data in columns.items()}


def _reporters(old: object, same_year: object, new: object) -> str:
    return f"{old} / {same_year} / {new}"


def _or_missing(text: object) -> str:
    return fmt.MISSING if text == "" else fmt.text(text)


def _count(n: int, one: str, many: str) -> str:
    """'1 inzending', '3 inzendingen', 'geen inzendingen'."""
    if n == 0:
        return f"geen {many}"
    return f"{fmt.number(n)} {one if n == 1 else many}"


_STATUS_QUALIFIER = {
    "secondary": "secundaire bron",
    "assumption": "aanname",
    "demonstration": "demonstratiegegevens",
    "inferred": "afgeleid",
}


def source_label(ids: str, sources: pd.DataFrame) -> str:
    """Publisher and year of each source (as chapter 5's parameter table cites them).

    The full citations are in the sources annex. An id the register no longer holds (a
    source of the previous edition since removed) is named as such, never as its code.
    """
    register = sources.set_index("source_id")
    parts = []
    for one in (x.strip() for x in str(ids or "").split(";") if x.strip()):
        if one not in register.index:
            parts.append("bron niet meer in het bronnenregister")
            continue
        row = register.loc[one]
        date = str(row["date"]) if pd.notna(row["date"]) else ""
        text = str(row["publisher"]) + (f", {date[:4]}" if date[:4].isdigit() else "")
        qualifier = _STATUS_QUALIFIER.get(str(row["status"]), "")
        parts.append(text + (f" ({qualifier})" if qualifier else ""))
    return "; ".join(parts) or fmt.MISSING


def _span(years: pd.Series) -> str:
    low, high = int(years.min()), int(years.max())
    return f"{low}–{high}" if high > low else str(low)


def _names(ids: pd.Series, names: Mapping[str, str]) -> list[str]:
    return [names.get(str(i), str(i)) for i in ids]


class _Page:
    """Collects the blocks of the generated document through a `Report` (no kernel)."""

    def __init__(self, year_dir: Path, year: int, demo: bool) -> None:
        self.report = Report(output_dir=year_dir, year=year, demo=demo, emit=False)
        self.blocks: list[Block] = []

    def add(self, bundle: Bundle) -> None:
        """The bundle as the renderer reads it from an executed notebook."""
        block = _block_from_bundle(bundle.payload, PAGE_FILE)
        if isinstance(block, tuple):  # a `page` bundle: the comparison has no sub-pages
            raise ValueError("the comparison page has no sub-pages")
        self.blocks.append(block)

    def markdown(self, text: str) -> None:
        self.add(self.report.markdown(text))

    def table(
        self,
        name: str,
        caption: str,
        frame: pd.DataFrame,
        columns: Mapping[str, Column],
        *,
        show: tuple[str, ...],
    ) -> None:
        """A table (`Table`: `frame` for the CSV, the columns `show` on the page); a long
        one is on the site only (the PDF points at it)."""
        pdf = len(frame) <= PDF_MAX_ROWS
        self.add(self.report.table(Table(name, caption, frame, columns, pdf=pdf, show=show)))


def changes_document(
    current: Edition,
    previous: PreviousEdition | None,
    institutions: pd.DataFrame,
    year_dir: Path,
    units: Mapping[str, str],
    sources: pd.DataFrame,
) -> Document:
    """The 'Wat is er veranderd' page of edition `current.year`, as a renderable document.

    `units` maps indicator codes to their catalogue unit (`EUR`, `FTE`, `count`);
    `sources` is the source register (`sources.load_sources`), for the revisions' sources.
    Writes the tables' CSVs into `year_dir/data/` (through `Report`).
    """
    demo = bool(current.long["is_demonstration"].any())
    page = _Page(year_dir, current.year, demo)
    names = {
        str(i): str(s)
        for i, s in zip(institutions["institution_id"], institutions["short_name"], strict=True)
    }
    year = current.year
    if previous is None:
        page.markdown(
            f"Deze editie ({year}) wordt vergeleken met de vorige gepubliceerde editie, als die "
            "in dezelfde publicatiemap staat. Er is geen eerdere editie gepubliceerd: er valt "
            "niets te vergelijken. De volgende editie vergelijkt zich met deze."
        )
        return Document(PAGE_FILE, PAGE_TITLE, tuple(page.blocks))
    old = previous.edition
    if old is None:
        page.markdown(
            f"Deze editie ({year}) wordt vergeleken met de vorige gepubliceerde editie "
            f"({previous.year}). Die editie publiceerde de ingezonden waarden nog niet in "
            f"machineleesbare vorm (de map `{RECORD_DIR}/` ontbreekt), dus inzendingen, "
            "herziene waarden en kerncijfers kunnen niet met haar worden vergeleken. Deze "
            "editie publiceert ze wel; de volgende editie vergelijkt zich daarom volledig met "
            "deze."
        )
        _models_section(page, previous, current, year)
        return Document(PAGE_FILE, PAGE_TITLE, tuple(page.blocks))
    page.markdown(
        f"Deze pagina vergelijkt de editie {year} met de vorige gepubliceerde editie "
        f"({previous.year}), op grond van de gegevens die beide edities publiceerden (de map "
        f"`{RECORD_DIR}/` naast de website). Alles hieronder volgt uit die twee gegevenssets."
    )
    _headline_section(page, old, current)
    _submissions_section(page, old, current, names)
    _revisions_section(page, old, current, names, units, sources)
    _models_section(page, previous, current, year)
    return Document(PAGE_FILE, PAGE_TITLE, tuple(page.blocks))


def _headline_section(page: _Page, old: Edition, new: Edition) -> None:
    table = headline_figures(old, new)
    page.markdown("## Kerncijfers in beide edities")
    if table.empty:
        page.markdown("Geen van de kerncijfers is in een van beide edities opgegeven.")
        return
    revised = table[
        ~np.isclose(
            table["old_edition_value"].to_numpy(dtype="float64"),
            table["new_edition_same_year"].to_numpy(dtype="float64"),
            rtol=0,
            atol=0,
            equal_nan=True,
        )
    ]
    labels = [INDICATOR_LABELS.get(c, c) for c in table["indicator"]]
    sentence = (
        f"De kerncijfers van de samenvatting: het landelijk totaal over de instellingen die het "
        f"cijfer opgaven (euro's nominaal, zoals in de samenvatting). Voor {old.year} staan de "
        f"cijfers zoals de editie {old.year} ze publiceerde en zoals deze editie ze nu kent. "
    )
    if revised.empty:
        sentence += f"Geen kerncijfer over {old.year} is sindsdien herzien."
    else:
        changed = [INDICATOR_LABELS.get(c, c).lower() for c in revised["indicator"]]
        sentence += (
            f"Herzien voor {old.year}: {escape.markdown(_join(changed))} (zie de herziene "
            "waarden hieronder)."
        )
    page.markdown(sentence)
    data = pd.DataFrame(
        {
            "indicator": table["indicator"],
            "kerncijfer": labels,
            "vorige_editie_jaar": old.year,
            "vorige_editie_waarde": table["old_edition_value"],
            "vorige_editie_instellingen": table["old_edition_reporters"],
            "deze_editie_zelfde_jaar_waarde": table["new_edition_same_year"],
            "deze_editie_zelfde_jaar_instellingen": table["new_edition_same_year_reporters"],
            "deze_editie_jaar": new.year,
            "deze_editie_waarde": table["new_edition_value"],
            "deze_editie_instellingen": table["new_edition_reporters"],
        }
    )
    values = {
        f"Editie {old.year}: {old.year}": "vorige_editie_waarde",
        f"Editie {new.year}: {old.year}": "deze_editie_zelfde_jaar_waarde",
        f"Editie {new.year}: {new.year}": "deze_editie_waarde",
    }
    reporters = f"Instellingen ({old.year}, {old.year} nu, {new.year})"
    page.table(
        "wijzigingen_kerncijfers",
        f"Kerncijfers: de editie {old.year} en deze editie",
        data,
        {
            "Kerncijfer": Column(reads=("kerncijfer",), align="l"),
            **{
                page_column: Column(
                    format=fmt.indicator_value, align="r", reads=(column, "indicator")
                )
                for page_column, column in values.items()
            },
            reporters: Column(
                format=_reporters,
                align="r",
                reads=(
                    "vorige_editie_instellingen",
                    "deze_editie_zelfde_jaar_instellingen",
                    "deze_editie_instellingen",
                ),
            ),
            **dict.fromkeys(
                ("vorige_editie_waarde", "deze_editie_zelfde_jaar_waarde", "deze_editie_waarde"),
                Column(unit="EUR of aantal (zie indicator)"),
            ),
            **dict.fromkeys(
                (
                    "vorige_editie_instellingen",
                    "deze_editie_zelfde_jaar_instellingen",
                    "deze_editie_instellingen",
                ),
                Column(unit="aantal instellingen"),
            ),
            **dict.fromkeys(("vorige_editie_jaar", "deze_editie_jaar"), Column(unit="jaar")),
        },
        show=("Kerncijfer", *values, reporters),
    )


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _submissions_section(page: _Page, old: Edition, new: Edition, names: Mapping[str, str]) -> None:
    added, removed = submission_changes(old.long, new.long)
    page.markdown("## Inzendingen")
    fresh = added[added["year"] > old.year]
    late = added[added["year"] <= old.year]
    fresh_years = [int(y) for y in fresh["year"]]
    parts = [
        f"{_count(fresh_years.count(y), 'inzending', 'inzendingen')} over {y}"
        for y in sorted(set(fresh_years))
    ]
    text = (
        f"Nieuw in deze editie: {_join(parts) if parts else 'geen inzendingen over een nieuw jaar'}"
        f"; {_count(len(late), 'nagekomen inzending', 'nagekomen inzendingen')} over een jaar dat "
        f"de editie {old.year} al besloeg; "
        f"{_count(len(removed), 'inzending', 'inzendingen')} die de editie {old.year} had en "
        "deze niet."
    )
    page.markdown(text)
    rows = [
        {
            "status": status,
            "institution_id": str(inst),
            "year": int(y),
            "n_values": int(n),
            "file": files.get((str(inst), int(y)), ""),
        }
        for status, frame, files in (
            ("nieuw (nagekomen)", late, new.files),
            ("ontbreekt nu", removed, old.files),
        )
        for inst, y, n in zip(
            frame["institution_id"], frame["year"], frame["n_values"], strict=True
        )
    ]
    if not rows:
        return
    frame = pd.DataFrame(rows)
    data = pd.DataFrame(
        {
            "status": frame["status"],
            "instelling_id": frame["institution_id"],
            "instelling": _names(frame["institution_id"], names),
            "jaar": frame["year"],
            "opgegeven_waarden": frame["n_values"],
            "bestand": frame["file"],
        }
    )
    page.table(
        "wijzigingen_inzendingen",
        f"Nagekomen en ontbrekende inzendingen over {_span(frame['year'])}",
        data,
        {
            **_views(
                {
                    "Inzending": "status",
                    "Instelling": "instelling",
                    "Opgegeven waarden": "opgegeven_waarden",
                    "Bestand": "bestand",
                }
            ),
            "Jaar": Column(format="year", reads=("jaar",)),
            "opgegeven_waarden": Column(unit="aantal waarden"),
        },
        show=("Inzending", "Instelling", "Jaar", "Opgegeven waarden", "Bestand"),
    )


def _revisions_section(
    page: _Page,
    old: Edition,
    new: Edition,
    names: Mapping[str, str],
    units: Mapping[str, str],
    sources: pd.DataFrame,
) -> None:
    table = revisions(old.long, new.long)
    page.markdown("## Herziene waarden")
    if table.empty:
        page.markdown(
            f"Geen enkele waarde uit de inzendingen die beide edities hebben, is veranderd "
            f"sinds de editie {old.year}."
        )
        return
    n_subs = len(table[["institution_id", "year"]].drop_duplicates())
    counts = table["change"].value_counts()
    kinds = [
        _count(int(counts[k]), word_one, word_many)
        for k, word_one, word_many in (
            ("gewijzigd", "waarde gewijzigd", "waarden gewijzigd"),
            ("toegevoegd", "waarde toegevoegd", "waarden toegevoegd"),
            ("verwijderd", "waarde verwijderd", "waarden verwijderd"),
        )
        if k in counts
    ]
    page.markdown(
        f"Sinds de editie {old.year} zijn in {_count(n_subs, 'inzending', 'inzendingen')} "
        f"waarden herzien: {_join(kinds)}. De tabel noemt per waarde de oude en de nieuwe "
        "waarde, het bestand van de inzending die de nieuwe waarde bevat en de bron aan beide "
        "kanten. Een waarde die niet is opgegeven staat als –."
    )
    unit = [units.get(str(i), "count") for i in table["indicator"]]
    files = [
        new.files.get((str(i), int(y)), "")
        for i, y in zip(table["institution_id"], table["year"], strict=True)
    ]
    data = pd.DataFrame(
        {
            "instelling_id": table["institution_id"],
            "instelling": _names(table["institution_id"], names),
            "jaar": table["year"],
            "indicator": table["indicator"],
            "eenheid": [UNIT_LABELS.get(u, u) for u in unit],
            "oude_waarde": table["old_value"],
            "nieuwe_waarde": table["new_value"],
            "wijziging": table["change"],
            "inzending": files,
            "bron_oud": table["old_source"],
            "bron_nieuw": table["new_source"],
        }
    )

    def cited(old_source: object, new_source: object) -> str:
        first = source_label(str(old_source), sources)
        return (
            first
            if old_source == new_source
            else f"{first} → {source_label(str(new_source), sources)}"
        )

    values = {f"Editie {old.year}": "oude_waarde", f"Editie {new.year}": "nieuwe_waarde"}
    page.table(
        "wijzigingen_waarden",
        f"Herziene waarden sinds de editie {old.year}",
        data,
        {
            **_views({"Instelling": "instelling", "Inzending": "inzending"}),
            "Jaar": Column(format="year", align="r", reads=("jaar",)),
            "Indicator": Column(format=indicator_label, reads=("indicator",)),
            **{
                page_column: Column(format=_value, align="r", reads=(column, "eenheid"))
                for page_column, column in values.items()
            },
            "Bron": Column(format=cited, reads=("bron_oud", "bron_nieuw")),
            **dict.fromkeys(("oude_waarde", "nieuwe_waarde"), Column(unit="zie eenheid")),
        },
        show=("Instelling", "Jaar", "Indicator", *values, "Inzending", "Bron"),
    )


def _models_section(page: _Page, previous: PreviousEdition, new: Edition, year: int) -> None:
    page.markdown("## Valorisatiemodel per instelling")
    old_models = previous.edition.models if previous.edition is not None else None
    if old_models is None:
        from analysis.publication.edition import read_models

        old_models = read_models(previous.folder)
    if old_models is None or new.models is None:
        which = f"de editie {previous.year}" if old_models is None else "deze editie"
        page.markdown(
            f"De modellen kunnen niet worden vergeleken: {which} publiceerde de tabel met het "
            f"model per instelling (`{MODELS_FILE}`) niet."
        )
        return
    table = model_changes(old_models, new.models)
    if table.empty:
        page.markdown(
            f"Elke instelling heeft in deze editie hetzelfde valorisatiemodel als in de editie "
            f"{previous.year} ({_count(len(new.models), 'instelling', 'instellingen')})."
        )
        return
    page.markdown(
        f"{_count(len(table), 'instelling heeft', 'instellingen hebben')} in deze editie een ander "
        f"valorisatiemodel dan in de editie {previous.year}. Het model volgt uit de gepoolde "
        "recente jaren van elke editie (hoofdstuk 4): het kan dus ook veranderen doordat er een "
        "jaar bij komt, zonder herziene waarden."
    )
    data = pd.DataFrame(
        {
            "instelling": table["institution"],
            "model_vorige_editie": table["old_model"],
            "model_deze_editie": table["new_model"],
        }
    )
    models = {
        f"Editie {previous.year}": "model_vorige_editie",
        f"Editie {year}": "model_deze_editie",
    }
    page.table(
        "wijzigingen_modellen",
        f"Instellingen met een ander model dan in de editie {previous.year}",
        data,
        {
            "Instelling": Column(reads=("instelling",)),
            **{c: Column(format=_or_missing, reads=(m,)) for c, m in models.items()},
        },
        show=("Instelling", *models),
    )
