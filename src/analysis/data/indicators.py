"""The indicator catalogue: one place that says what each indicator code means.

Submissions, validation, the processed tables and every chart speak in indicator
codes (`spinoffs`, `licence_income_eur`, ...). The Dutch label, the unit and the
valorisation model group of a code live in `data/raw/indicators.csv`, so that a
new indicator is added by editing one table rather than code scattered over the
analysis. The table is read once into a typed `Catalogue` (`catalogue()`); every
module takes codes, labels, units and groups from it, and no constant repeats it
(`INDICATOR_CODES` is the catalogue's codes, read from the file).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import pandas as pd

from analysis.errors import InputError
from analysis.paths import default_data_dir

#: Units used in the catalogue: euros (not thousands), full-time equivalents, counts.
UNITS: Final[tuple[str, ...]] = ("EUR", "FTE", "count")

CATALOGUE_FILE: Final[str] = "indicators.csv"
#: The most decimals a catalogue value is shown with.
MAX_DECIMALS: Final[int] = 3
CATALOGUE_COLUMNS: Final[dict[str, str]] = {
    "indicator": "str",
    "label_nl": "str",
    "label_short_nl": "str",
    "unit": "str",
    "kind": "str",
    "decimals": "str",
    "model_group": "str",
    "astp_definition": "str",
    "definition_nl": "str",
    "source_id": "str",
    "definition_origin": "str",
}

#: Whose definition an indicator follows: `cited` (the cited source contains it) or
#: `monitor` (this monitor's own, aligned with the ASTP survey's indicator name).
DEFINITION_ORIGINS: Final[tuple[str, ...]] = ("cited", "monitor")
#: Whose definition it is, in the words the report and the template use.
DEFINITION_ORIGIN_NL: Final[dict[str, str]] = {
    "monitor": "eigen definitie van de monitor, afgestemd op de ASTP-indicatornaam",
    "cited": "uit de bron",
}
#: The source row every `monitor` definition cites (status `assumption`).
MONITOR_DEFINITIONS_SOURCE: Final[str] = "assumption_monitor_definitions"
#: What a source's title must say before a definition may be attributed to it: that it
#: holds definitions (a definitions document, questionnaire, manual or glossary). A news
#: item or a results page does not, however well it names the indicators.
DEFINING_TITLE: Final[re.Pattern[str]] = re.compile(
    r"definiti|questionnaire|vragenlijst|manual|handleiding|handbook|glossar", re.IGNORECASE
)


def load_indicators(data_dir: Path) -> pd.DataFrame:
    """Read the indicator catalogue with string dtypes, indexed by nothing (plain rows).

    A missing column is an input error rather than a KeyError later on, because
    the catalogue is hand-edited and the editor needs to know which column broke.
    """
    path = Path(data_dir) / CATALOGUE_FILE
    frame = pd.read_csv(
        path,
        dtype=dict.fromkeys(CATALOGUE_COLUMNS, str),
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    missing = [c for c in CATALOGUE_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(path, 1, missing[0], "required_column", f"missing column {missing[0]!r}")
    return frame.loc[:, list(CATALOGUE_COLUMNS)].astype(CATALOGUE_COLUMNS)


@dataclass(frozen=True)
class Indicator:
    """One row of the catalogue: a code, its Dutch labels, unit, kind and model group.

    `short_label` is for a chart axis (the table beside it has `label`); `decimals` is how
    many a value shown as a number gets (a count 0, fte 1); money is shown as money
    (`kind == "money"`), in whole euros or in millions with one decimal.
    """

    code: str
    label: str
    unit: str
    kind: str
    model_group: str
    short_label: str
    decimals: int

    @property
    def is_money(self) -> bool:
        return self.kind == "money"


@dataclass(frozen=True)
class Catalogue:
    """The indicator catalogue, in file order."""

    indicators: tuple[Indicator, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    @property
    def labels(self) -> dict[str, str]:
        """code -> Dutch label, in catalogue order."""
        return {i.code: i.label for i in self.indicators}

    @property
    def short_labels(self) -> dict[str, str]:
        """code -> short Dutch label for a chart axis, in catalogue order."""
        return {i.code: i.short_label for i in self.indicators}

    @property
    def money_codes(self) -> tuple[str, ...]:
        """The codes of the money indicators (euros of their own year), in catalogue order."""
        return tuple(i.code for i in self.indicators if i.is_money)

    def get(self, code: str) -> Indicator:
        """The indicator of `code`; an unknown code names the catalogue file."""
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(f"unknown indicator code {code!r}; see {CATALOGUE_FILE}")

    def by_label(self, label: str) -> Indicator:
        """The indicator a table names by its Dutch label (or its code)."""
        for indicator in self.indicators:
            if label in (indicator.label, indicator.code):
                return indicator
        raise KeyError(f"no indicator labelled {label!r}; see {CATALOGUE_FILE}")


@cache
def catalogue(data_dir: Path | None = None) -> Catalogue:
    """The catalogue of `data_dir` (default: the project's `data/raw`), read once.

    `decimals` must be a whole number from 0 to 3; anything else is an input error naming
    the row (validation says the same under the rule `value_range` before a build).
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    frame = load_indicators(folder)
    indicators = []
    for number, row in enumerate(frame.itertuples(index=False), start=2):
        decimals = str(row.decimals).strip()
        if not decimals.isdigit() or int(decimals) > MAX_DECIMALS:
            raise InputError(
                folder / CATALOGUE_FILE,
                number,
                "decimals",
                "value_range",
                f"decimals must be a whole number from 0 to {MAX_DECIMALS}, got {decimals!r}",
            )
        indicators.append(
            Indicator(
                str(row.indicator),
                str(row.label_nl),
                str(row.unit),
                str(row.kind),
                str(row.model_group),
                str(row.label_short_nl),
                int(decimals),
            )
        )
    return Catalogue(tuple(indicators))


#: Every indicator code, in catalogue order: read from `indicators.csv`, not repeated here.
INDICATOR_CODES: Final[tuple[str, ...]] = catalogue().codes


def check_definition_sources(catalogue: pd.DataFrame, sources: pd.DataFrame, path: Path) -> None:
    """Every definition cites a source that contains it, or says it is the monitor's own.

    Rules, per catalogue row (the first breach is an InputError naming file, row, column
    and rule): `definition_origin` is `cited` or `monitor`; the `source_id` is in
    `sources.csv`; a `monitor` definition cites `MONITOR_DEFINITIONS_SOURCE`, an
    assumption; a `cited` definition cites a source read or seen second-hand whose title
    says it holds definitions (`DEFINING_TITLE`), never an assumption or a news item.
    """
    register = sources.set_index("source_id")
    for position, row in enumerate(catalogue.itertuples(index=False)):
        line = position + 2
        status, source = str(row.definition_origin), str(row.source_id)
        if status not in DEFINITION_ORIGINS:
            raise InputError(
                path,
                line,
                "definition_origin",
                "definition_origin_allowed",
                f"{status!r} is not one of {', '.join(DEFINITION_ORIGINS)}",
            )
        if source not in register.index:
            raise InputError(
                path, line, "source_id", "source_known", f"source {source!r} not in sources.csv"
            )
        entry = register.loc[source]
        if status == "monitor" and (
            source != MONITOR_DEFINITIONS_SOURCE or str(entry["status"]) != "assumption"
        ):
            raise InputError(
                path,
                line,
                "source_id",
                "monitor_definition_source",
                f"a definition of the monitor's own cites {MONITOR_DEFINITIONS_SOURCE!r} "
                f"(an assumption), not {source!r}",
            )
        if status == "cited" and (
            str(entry["status"]) not in ("read", "secondary")
            or not DEFINING_TITLE.search(str(entry["title"]))
        ):
            raise InputError(
                path,
                line,
                "source_id",
                "cited_definition_source",
                f"source {source!r} is not recorded as holding definitions (its title in "
                "sources.csv names no definitions, questionnaire or manual); mark the "
                "definition 'monitor' or cite the document that contains it",
            )
