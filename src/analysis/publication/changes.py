"""'Wat is er veranderd': this edition against the previous published one, from their data.

The comparison reads both editions as they were published (`publication.edition`):
nothing is recomputed for last year with this year's code, so a difference on this page
is a difference in the data, never in the method.

* Submissions (institution × year): new ones (the edition's own year, and late ones for
  earlier years) and ones the previous edition had that this one lacks.
* Revised values: for every submission in both editions, each indicator whose value
  changed, was added or was removed (old → new, with the file that holds the new
  submission and the sources on both sides). A value absent and a value reported empty
  are the same: not reported.
* Models: institutions whose valorisation model (chapter 4) differs between the two
  editions. The model of an edition is read from its pooled recent years, so a model
  can change without any revision, because the window moved.
* Key figures: the national totals of the summary's key figures
  (`chapters.summary.KEY_FIGURES`, each the sum over the institutions that reported it,
  nominal euros as in the summary), for the previous edition's year as it published
  it, the same year as this edition knows it, and this edition's year.

The page is a generated document (`analysis.publication.render.extras`): its tables go through
`analysis.publication.display.Report` like a notebook's, so they are escaped, written as CSV with an
Excel variant, listed in the codebook and labelled with what they rest on; the PDF
prints it as an annex.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.display import Bundle, Report
from analysis.publication.edition import MODELS_FILE, RECORD_DIR, Edition, PreviousEdition
from analysis.publication.labels import INDICATOR_LABELS
from analysis.publication.render.notebook import Block, Document, _block_from_bundle

#: The page's file on the site, and its source name for the renderer and the navbar.
PAGE_FILE = "wat-is-er-veranderd.html"
PAGE_TITLE = "Wat is er veranderd"
#: Tables longer than this are printed on the site only; the PDF points at them.
PDF_MAX_ROWS = 25
UNITS_NL = labels.UNIT_LABELS

SUBMISSION_COLUMNS = ["institution_id", "year", "n_values"]
REVISION_COLUMNS = [
    "institution_id",
    "year",
    "indicator",
    "old_value",
    "new_value",
    "old_source",
    "new_source",
    "change",
]
MODEL_COLUMNS = ["institution", "old_model", "new_model"]
HEADLINE_COLUMNS = [
    "indicator",
    "old_edition_value",
    "old_edition_reporters",
    "new_edition_same_year",
    "new_edition_same_year_reporters",
    "new_edition_value",
    "new_edition_reporters",
]


# --------------------------------------------------------------------------- comparisons


def submissions(long: pd.DataFrame) -> pd.DataFrame:
    """One row per submission (institution × year) with its number of reported values."""
    if long.empty:
        return pd.DataFrame(columns=SUBMISSION_COLUMNS)
    counted = (
        long.assign(_reported=long["value"].notna())
        .groupby(["institution_id", "year"], sort=True)["_reported"]
        .sum()
        .astype("int64")
        .rename("n_values")
        .reset_index()
    )
    return counted[SUBMISSION_COLUMNS]


def submission_changes(old: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(added, removed): submissions only in the new edition, and only in the old one."""
    old_subs, new_subs = submissions(old), submissions(new)
    old_keys = set(zip(old_subs["institution_id"], old_subs["year"], strict=True))
    new_keys = set(zip(new_subs["institution_id"], new_subs["year"], strict=True))
    added = new_subs[
        [k not in old_keys for k in zip(new_subs["institution_id"], new_subs["year"], strict=True)]
    ]
    removed = old_subs[
        [k not in new_keys for k in zip(old_subs["institution_id"], old_subs["year"], strict=True)]
    ]
    return added.reset_index(drop=True), removed.reset_index(drop=True)


def revisions(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Every value that differs between two editions, in submissions both editions hold.

    `change` is "gewijzigd" (a value on both sides, different), "toegevoegd" (now
    reported, not before) or "verwijderd" (reported before, not now). Values are
    compared exactly: the record stores floats in shortest round-trip form, so an
    unchanged figure reads back bit for bit.
    """
    keys = ["institution_id", "year", "indicator"]
    both = set(zip(old["institution_id"], old["year"], strict=True)) & set(
        zip(new["institution_id"], new["year"], strict=True)
    )
    left = old[[k in both for k in zip(old["institution_id"], old["year"], strict=True)]]
    right = new[[k in both for k in zip(new["institution_id"], new["year"], strict=True)]]
    merged = left[[*keys, "value", "source_id"]].merge(
        right[[*keys, "value", "source_id"]],
        on=keys,
        how="outer",
        suffixes=("_old", "_new"),
    )
    old_v = merged["value_old"].to_numpy(dtype="float64")
    new_v = merged["value_new"].to_numpy(dtype="float64")
    old_in, new_in = np.isfinite(old_v), np.isfinite(new_v)
    changed = (old_in & new_in & (old_v != new_v)) | (old_in != new_in)
    out = merged[changed].copy()
    out["change"] = np.where(
        np.isfinite(out["value_old"]) & np.isfinite(out["value_new"]),
        "gewijzigd",
        np.where(np.isfinite(out["value_new"]), "toegevoegd", "verwijderd"),
    )
    out = out.rename(
        columns={
            "value_old": "old_value",
            "value_new": "new_value",
            "source_id_old": "old_source",
            "source_id_new": "new_source",
        }
    )
    for column in ("old_source", "new_source"):
        out[column] = out[column].fillna("").astype(str)
    out["year"] = out["year"].astype("int64")
    ordered: pd.DataFrame = out.sort_values(keys, kind="stable").reset_index(drop=True)
    return ordered[REVISION_COLUMNS]


def model_changes(old: Mapping[str, str], new: Mapping[str, str]) -> pd.DataFrame:
    """Institutions (by the short name both tables print) whose model differs; '' = not classified."""
    rows = [
        {"institution": name, "old_model": old.get(name, ""), "new_model": new.get(name, "")}
        for name in sorted({*old, *new}, key=str.casefold)
        if old.get(name, "") != new.get(name, "")
    ]
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


def headline_figures(old: Edition, new: Edition) -> pd.DataFrame:
    """The summary's key figures: previous edition's year as published and as known now, and this year.

    Each total is `national.like_for_like_changes(...).total`, the very number the
    summary prints as a key figure (the sum over the institutions that reported it).
    """
    from analysis.data import process
    from analysis.publication.chapters import national
    from analysis.publication.chapters.summary import KEY_FIGURES

    def totals(edition: Edition, year: int) -> dict[str, tuple[float, int]]:
        long = edition.long[edition.long["year"] <= year]
        if long.empty or year not in set(long["year"]):
            return {}
        wide = process.to_wide(long)
        return {
            code: (row.total, row.n_reporting)
            for code, row in national.like_for_like_changes(wide, year, KEY_FIGURES).items()
        }

    before = totals(old, old.year)
    again = totals(new, old.year)
    now = totals(new, new.year)
    rows = []
    for code in KEY_FIGURES:
        cells = [
            before.get(code, (np.nan, 0)),
            again.get(code, (np.nan, 0)),
            now.get(code, (np.nan, 0)),
        ]
        if all(n == 0 for _, n in cells):
            continue
        rows.append(
            {
                "indicator": code,
                "old_edition_value": cells[0][0],
                "old_edition_reporters": cells[0][1],
                "new_edition_same_year": cells[1][0],
                "new_edition_same_year_reporters": cells[1][1],
                "new_edition_value": cells[2][0],
                "new_edition_reporters": cells[2][1],
            }
        )
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)


# --------------------------------------------------------------------------- the page


def _value(value: object, unit: str) -> str:
    """A submitted value as the reader sees it: euros whole, fte with one decimal, counts whole."""
    if unit == "EUR":
        return fmt.money_eur(value, "eur")
    return fmt.number(value, 1 if unit == "FTE" else 0)


def _key_value(value: object, code: str) -> str:
    """A key figure the way the summary prints it."""
    if code.endswith("_eur"):
        return fmt.money_eur(value)
    return fmt.number(value, 1 if code == "kto_staff_fte" else 0)


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
        df: pd.DataFrame,
        name: str,
        caption: str,
        *,
        data: pd.DataFrame,
        formats: Mapping[str, str] | None = None,
        align: list[str] | None = None,
        units: Mapping[str, str] | None = None,
    ) -> None:
        """A table; a long one is on the site only (the PDF points at it)."""
        self.add(
            self.report.table(
                df,
                name,
                caption,
                formats=formats,
                align=align,
                data=data,
                units=units,
                pdf=len(df) <= PDF_MAX_ROWS,
            )
        )


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
    shown = pd.DataFrame(
        {
            "Kerncijfer": labels,
            f"Editie {old.year}: {old.year}": [
                _key_value(v, c)
                for v, c in zip(table["old_edition_value"], table["indicator"], strict=True)
            ],
            f"Editie {new.year}: {old.year}": [
                _key_value(v, c)
                for v, c in zip(table["new_edition_same_year"], table["indicator"], strict=True)
            ],
            f"Editie {new.year}: {new.year}": [
                _key_value(v, c)
                for v, c in zip(table["new_edition_value"], table["indicator"], strict=True)
            ],
            f"Instellingen ({old.year}, {old.year} nu, {new.year})": [
                f"{a} / {b} / {c}"
                for a, b, c in zip(
                    table["old_edition_reporters"],
                    table["new_edition_same_year_reporters"],
                    table["new_edition_reporters"],
                    strict=True,
                )
            ],
        }
    )
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
    page.table(
        shown,
        "wijzigingen_kerncijfers",
        f"Kerncijfers: de editie {old.year} en deze editie",
        align=["l", "r", "r", "r", "r"],
        data=data,
        units={
            c: "EUR of aantal (zie indicator)"
            for c in (
                "vorige_editie_waarde",
                "deze_editie_zelfde_jaar_waarde",
                "deze_editie_waarde",
            )
        },
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
    shown = pd.DataFrame(
        {
            "Inzending": frame["status"],
            "Instelling": _names(frame["institution_id"], names),
            "Jaar": frame["year"],
            "Opgegeven waarden": frame["n_values"],
            "Bestand": frame["file"],
        }
    )
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
        shown,
        "wijzigingen_inzendingen",
        f"Nagekomen en ontbrekende inzendingen over {_span(frame['year'])}",
        formats={"Jaar": "year"},
        data=data,
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
    cited = [
        source_label(o, sources)
        if o == n
        else f"{source_label(o, sources)} → {source_label(n, sources)}"
        for o, n in zip(table["old_source"], table["new_source"], strict=True)
    ]
    files = [
        new.files.get((str(i), int(y)), "")
        for i, y in zip(table["institution_id"], table["year"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            "Instelling": _names(table["institution_id"], names),
            "Jaar": table["year"],
            "Indicator": [INDICATOR_LABELS.get(str(i), str(i)) for i in table["indicator"]],
            f"Editie {old.year}": [
                _value(v, u) for v, u in zip(table["old_value"], unit, strict=True)
            ],
            f"Editie {new.year}": [
                _value(v, u) for v, u in zip(table["new_value"], unit, strict=True)
            ],
            "Inzending": files,
            "Bron": cited,
        }
    )
    data = pd.DataFrame(
        {
            "instelling_id": table["institution_id"],
            "instelling": _names(table["institution_id"], names),
            "jaar": table["year"],
            "indicator": table["indicator"],
            "eenheid": [UNITS_NL.get(u, u) for u in unit],
            "oude_waarde": table["old_value"],
            "nieuwe_waarde": table["new_value"],
            "wijziging": table["change"],
            "inzending": files,
            "bron_oud": table["old_source"],
            "bron_nieuw": table["new_source"],
        }
    )
    page.table(
        shown,
        "wijzigingen_waarden",
        f"Herziene waarden sinds de editie {old.year}",
        formats={"Jaar": "year"},
        align=["l", "r", "l", "r", "r", "l", "l"],
        data=data,
        units={"oude_waarde": "zie eenheid", "nieuwe_waarde": "zie eenheid"},
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
    shown = pd.DataFrame(
        {
            "Instelling": table["institution"],
            f"Editie {previous.year}": table["old_model"].replace("", fmt.MISSING),
            f"Editie {year}": table["new_model"].replace("", fmt.MISSING),
        }
    )
    data = pd.DataFrame(
        {
            "instelling": table["institution"],
            "model_vorige_editie": table["old_model"],
            "model_deze_editie": table["new_model"],
        }
    )
    page.table(
        shown,
        "wijzigingen_modellen",
        f"Instellingen met een ander model dan in de editie {previous.year}",
        data=data,
    )
