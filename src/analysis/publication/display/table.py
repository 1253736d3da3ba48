"""One table: a frame of raw values plus a column specification (`Table`, `Column`).

A chapter returns a `Table`; `Report.table` makes everything from it: the page and the
PDF (the frame formatted per column), ``data/<name>.csv`` and its Excel variant (the
raw frame: numbers as numbers) and the codebook's fields (each CSV column's label, unit
and type). Data and formatting stay apart, as in great_tables: the frame never holds
formatted text for a number.

Constructing a `Table` checks the specification: every column it names exists, and
every numeric CSV column has a unit (from its `Column`, its format or name, or
``column_descriptions.csv``), so a table cannot reach the codebook with a count that
could as well be a sum in euros.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from analysis.publication import formatting
from analysis.publication.display.bundle import check_name
from analysis.publication.display.csv_files import NUMBER_TYPES, column_unit, value_type
from analysis.publication.render.basis import Basis
from analysis.publication.render.column_meaning import unit as listed_unit


@dataclass(frozen=True)
class Column:
    """How one column is shown and described; every field optional.

    `label` is the column's header on the page and in the PDF and its label in the
    codebook (the CSV keeps the column's own name). `unit` is the codebook's unit of a
    CSV column where its format or name does not say it (money is EUR, percentages and
    changes fractions, years "jaar"). `format` is a spec for
    `analysis.publication.formatting.cell_formatter` (default: by dtype); `align` is
    ``"l"`` or ``"r"`` (default: numbers right, text left).

    With `reads` the page's column is composed (the CSV keeps the frame's column of that
    name, if any): each cell is `format` applied to these frame columns' values in the
    row, a composite spec
    (``Column(format="estimate_interval:number:2", reads=("ratio", "low", "high"))`` gives
    "3,59 (2,92–4,48)") or a function of those values that returns the cell's text.
    """

    label: str | None = None
    unit: str | None = None
    format: str | Callable[..., str] | None = None
    align: Literal["l", "r"] | None = None
    reads: tuple[str, ...] = ()


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Named or multi-level indexes become columns; a plain 0..n-1 index is dropped."""
    if isinstance(df.index, pd.MultiIndex) or df.index.name is not None:
        out = df.reset_index()
    else:
        out = df.reset_index(drop=True)
    out.columns = [str(c) for c in out.columns]
    return out


def _check(where: str, problem: str, names: set[str]) -> None:
    if names:
        raise ValueError(f"{where}: {problem}: {', '.join(sorted(names))}")


def _reads(composed: Mapping[str, Column]) -> set[str]:
    return {r for spec in composed.values() for r in spec.reads}


def _only_read(where: str, name: str, reads: tuple[str, ...]) -> str:
    """The one column a composed column without a format shows (by its dtype's format)."""
    if len(reads) != 1:
        raise ValueError(f"{where}: composed column {name!r} reads several columns: give a format")
    return reads[0]


@dataclass(frozen=True)
class Table:
    """A table as a chapter hands it to `Report.table`.

    `frame` holds the raw values, one column per value (numbers as numbers): it is what
    ``data/<name>.csv`` holds and, formatted per `columns`, what the page shows.
    `columns` maps a column name to its `Column`; unlisted columns get the defaults.
    `basis` says what the numbers rest on (default: the edition's). `pdf` False keeps a
    long table out of the PDF body (site and CSV only; the PDF prints a one-line
    pointer); with `pointer` False the PDF does not mention it at all. `numbered_list`
    sets the table as a numbered list with that anchor (see `Report.table`). `show`
    names the page's columns in order, frame columns and composed ones (`Column.reads`);
    by default the frame's columns.

    `display` is the frame the page shows when a cell's text rests on values the CSV does
    not hold (a Monte Carlo error that decides the digits, an assumption's kind, an
    outcome's text with its p-value); the CSV then holds `frame` and the page `display`
    (formatted per `columns` as well). A cell that combines values of the frame
    ("3,59 (2,92–4,48)", "0,64 (achter)") is a composed column (`Column.reads`) instead.
    """

    name: str
    caption: str
    frame: pd.DataFrame
    columns: Mapping[str, Column] = field(default_factory=dict)
    source_note: str = ""
    basis: Basis | None = None
    pdf: bool = True
    pointer: bool = True
    numbered_list: str | None = None
    show: tuple[str, ...] | None = None
    display: pd.DataFrame | None = None
    _raw: pd.DataFrame = field(init=False, repr=False, compare=False)
    _shown: pd.DataFrame = field(init=False, repr=False, compare=False)
    _formats: dict[str, str | Callable[..., str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_name(self.name, "table name")
        raw = _flat(self.frame)
        where = f"table {self.name!r}"
        composed = {c: s for c, s in self.columns.items() if s.reads}
        if self.display is not None and (composed or self.show is not None):
            raise ValueError(f"{where}: a display frame takes no composed or chosen columns")
        base = raw if self.display is None else _flat(self.display)
        names = list(base.columns) if self.show is None else list(self.show)
        if base.columns.duplicated().any() or len(set(names)) < len(names):
            raise ValueError(f"{where} has duplicate column names")
        if raw.columns.duplicated().any():
            raise ValueError(f"{where}: data has duplicate column names")
        _check(where, "spec for unknown columns", set(self.columns) - set(names) - set(raw.columns))
        _check(where, "composed columns read unknown columns", _reads(composed) - set(raw.columns))
        _check(where, "shows unknown columns", set(names) - set(base.columns) - set(composed))
        formats = {c: s.format for c, s in self.columns.items() if s.format}
        _check(where, "formats given for unknown columns", set(formats) - set(names))
        unit_only = {c for c, s in self.columns.items() if s.unit and c not in raw.columns}
        _check(where, "units given for unknown CSV columns", unit_only)
        bad_align = sorted(c for c, s in self.columns.items() if s.align not in (None, "l", "r"))
        if bad_align:
            raise ValueError(f"{where}: align must be 'l' or 'r' (columns {', '.join(bad_align)})")
        specs: dict[str, str | Callable[..., str]] = {}
        cells: dict[str, list[str]] = {}
        for c in names:  # a shown frame column reads itself; a composed one its `reads`
            reads = composed[c].reads if c in composed else ()
            spec = specs[c] = formats.get(c) or formatting.default_format(
                raw[_only_read(where, c, reads)] if reads else base[c]
            )
            fn = formatting.cell_formatter(spec) if isinstance(spec, str) else spec
            values = [raw[r].tolist() for r in reads] if reads else [base[c].tolist()]
            cells[c] = [fn(*row) for row in zip(*values, strict=True)]
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_shown", pd.DataFrame(cells, columns=names, dtype=object))
        object.__setattr__(self, "_formats", specs)
        unitless = [
            c
            for c in raw.columns
            if value_type(raw[c]) in NUMBER_TYPES
            and not self.unit(c)
            and not listed_unit(c, self.label(c), table=self.name)
        ]
        if unitless:
            raise ValueError(
                f"{where}: numeric column without a unit: {', '.join(unitless)}; give it "
                "Column(unit=...) or its `eenheid` in column_descriptions.csv"
            )

    @property
    def csv_frame(self) -> pd.DataFrame:
        """What ``data/<name>.csv`` holds: the raw values, indexes as columns."""
        return self._raw

    @property
    def shown_frame(self) -> pd.DataFrame:
        """What the page shows: one text per cell, a column per shown column (by name)."""
        return self._shown

    @property
    def formats(self) -> dict[str, str | Callable[..., str]]:
        """The format of every shown column: the specified ones, defaults for the rest."""
        return self._formats

    def label(self, column: str) -> str:
        """The column's header (and codebook label): its `Column.label`, else its name."""
        spec = self.columns.get(column)
        return spec.label if spec is not None and spec.label else column

    def align(self, column: str) -> Literal["l", "r"]:
        """The shown column's alignment: its `Column.align`, else by its format."""
        spec = self.columns.get(column)
        if spec is not None and spec.align is not None:
            return spec.align
        shown = self._formats[column]
        return formatting.alignment(shown) if isinstance(shown, str) else "l"

    def unit(self, column: str) -> str:
        """The CSV column's unit as the table states it: its `Column.unit`, else what its
        format (when the page shows the raw frame) or its name says; "" if neither does.

        The codebook adds the units of ``column_descriptions.csv`` to these.
        """
        spec = self.columns.get(column)
        if spec is not None and spec.unit:
            return spec.unit
        composed = spec is not None and spec.reads
        shown = self._formats.get(column) if self.display is None and not composed else None
        return column_unit(column, shown if isinstance(shown, str) else None)
