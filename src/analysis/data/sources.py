"""The source register (`data/raw/sources.csv`), the numbered reference list, the demonstration flag.

Every number in the monitor carries a `source_id`. This module reads the register and
gives each source the report cites its number in the one reference list of the
appendix (Bijlage B, 'Bronnenlijst'); prose and tables cite by that number (`cite`:
'[3, 7]', `source_line`: 'Bronnen: 3, 7.'), so titles and addresses are printed once,
in the list (`citation`). It also recognises the one special id, `demonstration`, that
marks values made up by the seeded generator: those must never be mistaken for facts,
so the flag is computed in one place.

Numbering. A source is in the list when its `scope` is `report`; the number is its
position among those rows in file order, computed from the register alone, so every
notebook (each in its own kernel) numbers alike and a citation and the list can never
disagree. Sources used only by tests (`tests`) and sources kept in the register for
provenance but cited nowhere in the report (`register`) get no number, and citing
them is an error. That every listed source is cited somewhere is checked on the built
report (`tests/e2e/test_editorial.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import pandas as pd

from analysis.errors import InputError

DEMONSTRATION_SOURCE_ID: Final[str] = "demonstration"

SOURCES_FILE: Final[str] = "sources.csv"
SOURCE_COLUMNS: Final[tuple[str, ...]] = (
    "source_id",
    "title",
    "publisher",
    "date",
    "locator",
    "status",
)
#: Who wrote the source (the organisation the list names first); absent in an older
#: register, where the publisher stands in for it.
ORGANISATION_COLUMN: Final[str] = "organisation"
#: The technical trail behind a source: a copy that was read instead of the original, a
#: year inferred, a title recovered. Kept in the register and shown on the site's data
#: page, never printed in the reference list.
PROVENANCE_COLUMN: Final[str] = "provenance"
#: The date of a source whose publication year was not found (Dutch 'zonder jaar').
NO_YEAR: Final[str] = "z.j."

#: Where a source is used: cited in the report (numbered in its reference list), only
#: by the test suite (a real data set that tests the adapters, e.g. HE-BCI), or kept in
#: the register for provenance while the report cites it nowhere. Only `report` is listed.
SOURCE_SCOPES: Final[tuple[str, ...]] = ("report", "tests", "register")
SCOPE_COLUMN: Final[str] = "scope"
REPORT_SCOPE: Final[str] = "report"
#: Column added by `load_sources`: the source's number in the reference list (<NA> if none).
NUMBER_COLUMN: Final[str] = "number"

#: When a `report` source is listed (and can be cited): always (empty), or only when the
#: data folder holds what cites it. The two editions cite different sources (the published
#: one the real figures about real institutions, the demonstration the analyses of
#: submitted figures and the generator), and a reference list names exactly what its
#: edition cites; which one a folder is follows from its data, not from a flag.
LISTED_WHEN_COLUMN: Final[str] = "listed_when"
LISTED_WHEN: Final[tuple[str, ...]] = ("real_institutions", "submissions", "demonstration")

#: Separator when one cell cites several sources (e.g. `consortia.csv`).
SOURCE_ID_SEPARATOR: Final[str] = ";"

#: Dutch month names, January first (dates of sources, price bases, the PDF's date).
MONTHS_NL: Final[tuple[str, ...]] = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def load_sources(data_dir: Path) -> pd.DataFrame:
    """Read `sources.csv` with every column as string; ids must be unique.

    Duplicated ids would make a citation ambiguous, so they are an input error. The
    optional `scope` column (`SOURCE_SCOPES`) comes last; an empty or absent scope is
    `report`, any other value an input error naming the row.
    """
    path = Path(data_dir) / SOURCES_FILE
    columns = (*SOURCE_COLUMNS, SCOPE_COLUMN)
    frame = pd.read_csv(
        path,
        dtype=dict.fromkeys(columns, str),
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for column in SOURCE_COLUMNS:
        if column not in frame.columns:
            raise InputError(path, 1, column, "required_column", f"missing column {column!r}")
    if SCOPE_COLUMN not in frame.columns:
        frame[SCOPE_COLUMN] = SOURCE_SCOPES[0]
    frame[SCOPE_COLUMN] = frame[SCOPE_COLUMN].fillna(SOURCE_SCOPES[0])
    unknown = ~frame[SCOPE_COLUMN].isin(SOURCE_SCOPES)
    if unknown.any():
        position = int(unknown.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            position + 2,
            SCOPE_COLUMN,
            "allowed_scope",
            f"scope {frame[SCOPE_COLUMN].iloc[position]!r} is not one of {', '.join(SOURCE_SCOPES)}",
        )
    if LISTED_WHEN_COLUMN not in frame.columns:
        frame[LISTED_WHEN_COLUMN] = ""
    frame[LISTED_WHEN_COLUMN] = frame[LISTED_WHEN_COLUMN].fillna("")
    unknown = ~frame[LISTED_WHEN_COLUMN].isin(("", *LISTED_WHEN))
    if unknown.any():
        position = int(unknown.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            position + 2,
            LISTED_WHEN_COLUMN,
            "allowed_category",
            f"{LISTED_WHEN_COLUMN} {frame[LISTED_WHEN_COLUMN].iloc[position]!r} is not one of "
            f"{', '.join(LISTED_WHEN)} or empty",
        )
    if ORGANISATION_COLUMN not in frame.columns:
        frame[ORGANISATION_COLUMN] = frame["publisher"]
    if PROVENANCE_COLUMN not in frame.columns:
        frame[PROVENANCE_COLUMN] = ""
    frame[PROVENANCE_COLUMN] = frame[PROVENANCE_COLUMN].fillna("")
    columns = (*columns, LISTED_WHEN_COLUMN, ORGANISATION_COLUMN, PROVENANCE_COLUMN)
    frame = frame.loc[:, list(columns)].astype(dict.fromkeys(columns, "str"))
    duplicated = frame["source_id"].duplicated(keep="first")
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        raise InputError(
            path,
            position + 2,
            "source_id",
            "unique_source_id",
            f"source id {frame['source_id'].iloc[position]!r} occurs more than once",
        )
    return number_sources(frame, data_conditions(Path(data_dir)))


def data_conditions(data_dir: Path) -> frozenset[str]:
    """Which `LISTED_WHEN` conditions hold for a data folder: real institutions (its
    institutions.csv is not the generated one), submissions (a file under `kt_metrics/`),
    demonstration (the generated population)."""
    from analysis.data.input_files import is_ignored

    found: set[str] = set()
    register = data_dir / "institutions.csv"
    if register.is_file():
        institutions = pd.read_csv(register, dtype=str, keep_default_na=False)
        fictitious = fictitious_population(institutions)
        found.add("demonstration" if fictitious else "real_institutions")
    kt = data_dir / "kt_metrics"
    if kt.is_dir() and any(
        not is_ignored(f.name) and f.is_file()
        for year in kt.iterdir()
        if year.is_dir() and not is_ignored(year.name)
        for f in year.iterdir()
    ):
        found.add("submissions")
    return frozenset(found)


def number_sources(frame: pd.DataFrame, conditions: frozenset[str] | None = None) -> pd.DataFrame:
    """A copy of a register with `NUMBER_COLUMN`: 1, 2, … over the listed rows in order.

    Listed: scope `report`, and `listed_when` empty or among `conditions` (the data
    folder's, `data_conditions`; None: every condition holds). Computed from the register
    and the folder alone (not from what a notebook happens to cite), so the chapters, each
    in its own kernel, and the appendix's list agree on every number.
    """
    out = frame.copy()
    listed = out[SCOPE_COLUMN].fillna(REPORT_SCOPE) == REPORT_SCOPE
    if LISTED_WHEN_COLUMN in out.columns:
        when = out[LISTED_WHEN_COLUMN].fillna("")
        allowed = set(LISTED_WHEN) if conditions is None else set(conditions)
        listed &= (when == "") | when.isin(sorted(allowed))
    numbers = pd.Series(pd.NA, index=out.index, dtype="Int64")
    numbers[listed] = range(1, int(listed.sum()) + 1)
    out[NUMBER_COLUMN] = numbers
    return out


def split_source_ids(cell: object) -> list[str]:
    """The ids in one `source_id` cell (several may be `;`-separated); empty for a missing cell."""
    if cell is None or (isinstance(cell, float) and pd.isna(cell)) or cell is pd.NA:
        return []
    return [part.strip() for part in str(cell).split(SOURCE_ID_SEPARATOR) if part.strip()]


def is_demonstration(source_ids: pd.Series) -> pd.Series:
    """True where a value comes from the demonstration generator.

    A cell counts as demonstration if any of its `;`-separated ids is
    `demonstration`; a missing id is not demonstration (it is simply unsourced,
    which validation reports separately).
    """
    flags = [DEMONSTRATION_SOURCE_ID in split_source_ids(cell) for cell in source_ids]
    return pd.Series(flags, index=source_ids.index, dtype=bool, name="is_demonstration")


def fictitious_population(institutions: pd.DataFrame) -> bool:
    """Whether an institutions table is the demonstration edition's generated population.

    Every row then cites the demonstration generator; the real register cites sources.
    """
    if "source_id" not in institutions.columns or institutions.empty:
        return False
    return bool(is_demonstration(institutions["source_id"]).all())


def format_date_nl(value: str) -> str:
    """`2018-12-11` -> `11 december 2018`, `2010-12` -> `december 2010`; other text unchanged."""
    text = value.strip()
    full = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if full and 1 <= int(full.group(2)) <= 12:
        return f"{int(full.group(3))} {MONTHS_NL[int(full.group(2)) - 1]} {full.group(1)}"
    month = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{MONTHS_NL[int(month.group(2)) - 1]} {month.group(1)}"
    return text


def _row(source_id: str, sources: pd.DataFrame) -> pd.Series:
    match = sources.loc[sources["source_id"] == source_id]
    if match.empty:
        raise KeyError(f"unknown source id {source_id!r}; add it to {SOURCES_FILE}")
    return match.iloc[0]


def reference_number(source_id: str, sources: pd.DataFrame) -> int:
    """The number of one source in the report's reference list.

    A source outside the list (scope `tests` or `register`) cannot be cited: the
    reader would find no entry under the number. A register without numbers (a frame
    not read by `load_sources`) is numbered here the same way.
    """
    register = sources if NUMBER_COLUMN in sources.columns else number_sources(sources)
    row = _row(source_id, register)
    number = row[NUMBER_COLUMN]
    if pd.isna(number):
        when = row.get(LISTED_WHEN_COLUMN, "")
        raise KeyError(
            f"source {source_id!r} has scope {row[SCOPE_COLUMN]!r}"
            + (f" and is listed only when {when}" if when else "")
            + f" and is not in this edition's reference list; set its scope to {REPORT_SCOPE!r} "
            f"(and its {LISTED_WHEN_COLUMN}) in {SOURCES_FILE} to cite it"
        )
    return int(number)


def reference_numbers(source_ids: str | Iterable[str], sources: pd.DataFrame) -> list[int]:
    """The sorted, distinct numbers of one cell (`a;b`) or of several ids/cells.

    `kt_metrics`-style placeholders are not accepted: every id must be in the register.
    """
    cells = [source_ids] if isinstance(source_ids, str) else list(source_ids)
    ids = [one for cell in cells for one in split_source_ids(cell)]
    if not ids:
        raise KeyError("empty source id")
    return sorted({reference_number(one, sources) for one in ids})


def cite(source_id: str | Iterable[str], sources: pd.DataFrame) -> str:
    """The citation in prose or a table cell: the list numbers, '[3]' or '[3, 7]'.

    Several `;`-separated ids (or several cells) give one bracket with every number,
    sorted and once each. An unknown id, or one outside the reference list, raises
    KeyError: printing a value under a citation the reader cannot look up would be
    worse than failing the build.
    """
    return "[" + ", ".join(str(n) for n in reference_numbers(source_id, sources)) + "]"


def source_line(source_ids: str | Iterable[str], sources: pd.DataFrame) -> str:
    """The source line under a table or figure: 'Bron: 3.' or 'Bronnen: 3, 7.'."""
    numbers = reference_numbers(source_ids, sources)
    word = "Bron" if len(numbers) == 1 else "Bronnen"
    return f"{word}: " + ", ".join(str(n) for n in numbers) + "."


def _text(row: pd.Series, column: str) -> str:
    value = row.get(column, "")
    return value.strip() if isinstance(value, str) else ""


def entry_date(value: str) -> str:
    """The date as the list prints it after the organisation: '11 december 2018', '2018',
    'ca. 2019' for an approximate year (`c. YYYY` in the register), 'z.j.' for none."""
    text = value.strip()
    if not text or text == NO_YEAR:
        return NO_YEAR
    approximate = re.fullmatch(r"c\. (\d{4})", text)
    if approximate:
        return f"ca. {approximate.group(1)}"
    return format_date_nl(text)


def citation(source_id: str, sources: pd.DataFrame) -> str:
    """The full entry of one source in the reference list, as a government report cites:
    'Organisatie (jaar). Titel. Uitgever. Adres.'

    The publisher is left out where it is the organisation itself; the date is the most
    precise one recorded ('11 december 2018', 'ca. 2019', 'z.j.'); the address is the one
    stable locator (a web address, or a Kamerstuk number with its address). Printed only
    in the list (Bijlage B); everywhere else the report cites the number. The status is
    not part of it: the appendix adds it in words. A copy the monitor read instead of the
    original is the register's `provenance`, never printed here.
    """
    row = _row(source_id, sources)
    organisation = _text(row, ORGANISATION_COLUMN) or _text(row, "publisher")
    publisher = _text(row, "publisher")
    parts = [f"{organisation} ({entry_date(_text(row, 'date'))})"]
    title = _text(row, "title")
    if title:
        parts.append(title)
    if publisher and publisher != organisation:
        parts.append(publisher)
    locator = _text(row, "locator")
    if locator:
        parts.append(locator)
    return " ".join(p if p[-1] in ".?!" else f"{p}." for p in parts)


#: Where a listed source may not point: code hosting, package registries and document-
#: sharing sites hold copies, whose trail belongs in the register's `provenance`.
COPY_HOSTS: Final[tuple[str, ...]] = (
    "github.com",
    "githubusercontent.com",
    "gitlab.com",
    "cran.r-project.org",
    "r-universe.dev",
    "rdrr.io",
    "pypi.org",
    "scribd.com",
    "docplayer",
    "5dok",
    "adoc.pub",
    "docslib.org",
    "pdfslide",
    "vdocuments",
    "dokumen.tips",
    "fdocuments",
    "issuu.com",
    "qaasid.com",
)
#: A note that says something was not recorded is not a citation.
NOT_RECORDED: Final[str] = "niet vastgelegd"
_WEB_ADDRESS = re.compile(r"https?://[^\s;,]+")
_KAMERSTUK = re.compile(r"Kamerstuk(?:ken)?\b[^;]*\d+ \d{3}[^;]*nr\. \d+")
_YEAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?|c\. \d{4}")
#: The monitor's own entries (its assumptions, its generator) are found in the report
#: itself: their locator names the place, 'Dit rapport, hoofdstuk 5'.
OWN_STATUSES: Final[tuple[str, ...]] = ("assumption", "demonstration")
OWN_LOCATOR_PREFIX: Final[str] = "Dit rapport"


def entry_problems(row: pd.Series) -> list[tuple[str, str, str]]:
    """What keeps one register row from being a complete reference-list entry.

    (column, rule, message) per problem: an organisation, a year (or `z.j.` where none
    was found), a title, and one stable address (a web address, or a Kamerstuk number;
    for the monitor's own assumptions and generator the place in this report); no note
    that something was not recorded; no address on a code-hosting, package or
    document-sharing site (a copy: `provenance`).
    """
    problems: list[tuple[str, str, str]] = []
    for column in (ORGANISATION_COLUMN, "title"):
        if not _text(row, column):
            problems.append((column, "entry_complete", f"{column} is empty"))
    date = _text(row, "date")
    if not (date == NO_YEAR or _YEAR.fullmatch(date)):
        problems.append(
            (
                "date",
                "entry_year",
                f"date {date!r} is no year (YYYY, YYYY-MM[-DD], c. YYYY or z.j.)",
            )
        )
    for column in ("title", "publisher", ORGANISATION_COLUMN, "locator"):
        if NOT_RECORDED in _text(row, column).lower():
            problems.append(
                (
                    column,
                    "entry_recorded",
                    f"{column} says {NOT_RECORDED!r}: find it, describe it, or leave the source out",
                )
            )
    locator = _text(row, "locator")
    own = _text(row, "status") in OWN_STATUSES
    if own:
        if not locator.startswith(OWN_LOCATOR_PREFIX):
            problems.append(
                (
                    "locator",
                    "entry_address",
                    f"the monitor's own entry names its place: {OWN_LOCATOR_PREFIX}, …",
                )
            )
    elif not (_WEB_ADDRESS.search(locator) or _KAMERSTUK.search(locator)):
        problems.append(("locator", "entry_address", "no web address and no Kamerstuk number"))
    lowered = locator.lower()
    for host in COPY_HOSTS:
        if host in lowered:
            problems.append(
                (
                    "locator",
                    "entry_primary",
                    f"address on {host}: cite the original, keep the copy in {PROVENANCE_COLUMN}",
                )
            )
    return problems


def check_entries(sources: pd.DataFrame, path: Path) -> None:
    """Refuse a reference list with an incomplete entry (`entry_problems`).

    Checked for the sources this edition lists (a `number`); run when the appendix builds
    the list. The error names the file, the row (header = row 1), the column and the rule.
    """
    register = sources if NUMBER_COLUMN in sources.columns else number_sources(sources)
    for position, (_, row) in enumerate(register.iterrows()):
        if pd.isna(row[NUMBER_COLUMN]):
            continue
        problems = entry_problems(row)
        if problems:
            column, rule, message = problems[0]
            raise InputError(
                path, position + 2, column, rule, f"source {row['source_id']!r}: {message}"
            )


def reference_list(sources: pd.DataFrame) -> pd.DataFrame:
    """The report's reference list: number, source id, full citation and status code.

    Only sources with scope `report`, in number order. The status stays a code here;
    the appendix writes it in Dutch (`analysis.publication.labels.status_label`).
    """
    register = sources if NUMBER_COLUMN in sources.columns else number_sources(sources)
    listed = register[register[NUMBER_COLUMN].notna()].sort_values(NUMBER_COLUMN)
    return pd.DataFrame(
        {
            "number": listed[NUMBER_COLUMN].astype("int64").to_numpy(),
            "source_id": listed["source_id"].to_numpy(),
            "citation": [citation(s, register) for s in listed["source_id"]],
            "status": listed["status"].to_numpy(),
        }
    )
