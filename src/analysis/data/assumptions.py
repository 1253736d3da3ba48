"""The analysis assumptions (`data/raw/assumptions.csv`): one sourced row per assumption.

Why a table: an assumption kept as a constant or a keyword default in code (the target
year, the catch-up lag, the jobs range, the ramp shape) cannot be seen, sourced or
changed without editing code, and the report's notes then repeat it as fixed text
that drifts from the value used. Here each assumption has its value, its sensitivity
range (`low`/`high`, or `alternatives` for a choice), its horizon, a `source_id` in
`sources.csv` and a note; the code reads it through `load_assumptions`, and the notes
that state it are written from it. The rules are declared once (`SPECS`) and checked
by one function (`assumption_findings`) that both the build's validation and the
loader use, so a bad row gives the same file, row, column and rule everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final, Literal

import pandas as pd

from analysis.errors import Finding, InputError

__all__ = [
    "ASSUMPTIONS_FILE",
    "NOMINAL",
    "RAMP_SHAPES",
    "REPORT_YEAR",
    "SPECS",
    "Assumption",
    "AssumptionSpec",
    "Assumptions",
    "Levels",
    "assumption_findings",
    "load_assumptions",
    "load_levels",
]

#: The table's path under the data folder.
ASSUMPTIONS_FILE: Final[str] = "assumptions.csv"

#: The ramp shapes the scenario can compute (`analysis.methods.scenario.run.ramp_shares`):
#: what `scenario_ramp_shape` and its alternatives may name.
RAMP_SHAPES: Final[tuple[str, ...]] = ("budget", "linear", "front", "back")

#: A price basis names a calendar year, the report's own year, or (as an alternative for
#: the sensitivity only) nominal amounts without deflation.
REPORT_YEAR: Final[str] = "report_year"
NOMINAL: Final[str] = "nominal"

Kind = Literal["year", "integer", "number", "share", "choice", "price_year"]


@dataclass(frozen=True)
class AssumptionSpec:
    """What one assumption's row must hold; the values themselves are data.

    `kind` says how `value` reads (a calendar year, a whole number, a number, a share
    strictly between 0 and 1, one of `choices`, or a price year: a calendar year or
    `report_year`, with `nominal` allowed among its alternatives). `needs_range`: `low` and `high` must be given (the sensitivity runs over
    them). `minimum`: no value or bound below it. `fixed_value`: the value the row must
    carry because the range is stated relative to it (a factor of 1 = the figure itself).
    `without_submissions`: the analysis reads it in an edition without submissions too
    (the power of the break tests on an assumed panel, the co-publication intervals and
    the test of the profile); the scenario's assumptions are read
    only where there are submissions to compute a scenario from.
    """

    kind: Kind
    choices: tuple[str, ...] = ()
    needs_range: bool = False
    minimum: float | None = None
    fixed_value: float | None = None
    without_submissions: bool = False


#: Every assumption the analysis reads, by `assumption_id`. A row with another id is a
#: typo (the code would never read it); a missing row stops the build.
SPECS: Final[Mapping[str, AssumptionSpec]] = {
    "scenario_target_year": AssumptionSpec("year"),
    "scenario_lag_years": AssumptionSpec("integer", needs_range=True, minimum=0),
    "spinoff_jobs_early_factor": AssumptionSpec(
        "number", needs_range=True, minimum=0, fixed_value=1.0
    ),
    "scenario_ramp_shape": AssumptionSpec("choice", choices=RAMP_SHAPES),
    "projection_interval_level": AssumptionSpec("share"),
    "power_target": AssumptionSpec("share", without_submissions=True),
    "price_base_year": AssumptionSpec("price_year"),
    "confidence_level": AssumptionSpec("share", without_submissions=True),
    "test_level": AssumptionSpec("share", without_submissions=True),
}

#: The years a `year` assumption may name: the monitor's own period, with room to grow.
_YEARS: Final[tuple[int, int]] = (2000, 2100)


@dataclass(frozen=True)
class Assumption:
    """One row of the table, typed: `value` as text (a number or a choice), the range as floats."""

    assumption_id: str
    value: str
    low: float | None
    high: float | None
    alternatives: tuple[str, ...]
    unit: str
    horizon: str
    source_id: str
    note: str

    @property
    def number(self) -> float:
        return float(self.value)

    @property
    def integer(self) -> int:
        return int(float(self.value))

    @property
    def range(self) -> tuple[float, float]:
        """(low, high); only for assumptions whose spec needs a range (checked on load)."""
        if self.low is None or self.high is None:  # pragma: no cover - guarded by SPECS
            raise ValueError(f"{self.assumption_id} has no range")
        return (self.low, self.high)

    @property
    def integer_steps(self) -> tuple[int, ...]:
        """Every whole number from `low` to `high`: the values a sensitivity runs over."""
        low, high = self.range
        return tuple(range(int(low), int(high) + 1))

    @property
    def others(self) -> tuple[str, ...]:
        """The alternatives of a choice, or the whole-number steps other than the value."""
        if self.alternatives:
            return self.alternatives
        return tuple(str(n) for n in self.integer_steps if n != self.integer)


@dataclass(frozen=True)
class Levels:
    """The two levels every interval and every test of the report uses: `confidence` (the
    level of a confidence interval, 0.95) and `test` (the significance level, 0.05)."""

    confidence: float
    test: float

    @property
    def alpha(self) -> float:
        """1 − `confidence`, the tail an interval leaves out (0.05), computed in decimal so
        that 0.95 gives exactly 0.05 (the binary 1 − 0.95 is 0.050000000000000044)."""
        return float(1 - Decimal(repr(self.confidence)))


@dataclass(frozen=True)
class Assumptions:
    """The loaded table: one `Assumption` per id of `SPECS`."""

    rows: Mapping[str, Assumption]

    def __getitem__(self, assumption_id: str) -> Assumption:
        return self.rows[assumption_id]

    @property
    def target_year(self) -> int:
        return self["scenario_target_year"].integer

    @property
    def lag(self) -> Assumption:
        return self["scenario_lag_years"]

    @property
    def jobs_factor(self) -> Assumption:
        return self["spinoff_jobs_early_factor"]

    @property
    def ramp(self) -> Assumption:
        return self["scenario_ramp_shape"]

    @property
    def projection_level(self) -> float:
        """The trend projection's prediction interval, as a share (0.8: four years in five)."""
        return self["projection_interval_level"].number

    @property
    def power_target(self) -> float:
        """The share of simulated series in which a rise must be found to count as detectable."""
        return self["power_target"].number

    @property
    def confidence_level(self) -> float:
        """The level of every confidence interval the report prints (0.95: 95%)."""
        return self["confidence_level"].number

    @property
    def test_level(self) -> float:
        """The significance level of every test the report prints a verdict of (0.05: 5%)."""
        return self["test_level"].number

    @property
    def levels(self) -> Levels:
        return Levels(self.confidence_level, self.test_level)

    def price_year(self, report_year: int) -> int:
        """The price year of every money comparison in the edition for `report_year`."""
        return _price_year(self["price_base_year"].value, report_year)

    def price_years(self, report_year: int) -> tuple[int | None, ...]:
        """The price bases of the sensitivity: the alternatives, then the one used (None: nominal)."""
        row = self["price_base_year"]
        return tuple(
            None if alt == NOMINAL else _price_year(alt, report_year)
            for alt in (*row.alternatives, row.value)
        )


def _price_year(cell: str, report_year: int) -> int:
    return int(report_year) if cell == REPORT_YEAR else int(cell)


COLUMNS: Final[tuple[str, ...]] = (
    "assumption_id",
    "value",
    "low",
    "high",
    "alternatives",
    "unit",
    "horizon",
    "source_id",
    "note",
)

#: Columns that must be filled in every row.
_REQUIRED: Final[tuple[str, ...]] = ("assumption_id", "value", "horizon", "source_id", "note")


def _number(cell: object) -> float | None:
    """A cell as a finite number, None when empty; NaN when it is not a number."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or str(cell).strip() == "":
        return None
    try:
        number = float(str(cell).strip())
    except ValueError:
        return math.nan
    return number if math.isfinite(number) else math.nan


def _text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    return str(cell).strip()


def _alternatives(cell: object) -> tuple[str, ...]:
    return tuple(part.strip() for part in _text(cell).split(";") if part.strip())


def _row_findings(rec: Mapping[str, object], row: int, file: str) -> list[Finding]:
    """The findings of one row (at most one per rule and column, in column order)."""
    out: list[Finding] = []

    def bad(column: str, rule: str, message: str) -> None:
        out.append(Finding(file, row, column, rule, message))

    for column in _REQUIRED:
        if not _text(rec.get(column)):
            bad(column, "not_null", f"{column} is leeg")
    aid = _text(rec.get("assumption_id"))
    if not aid:
        return out
    spec = SPECS.get(aid)
    if spec is None:
        bad(
            "assumption_id",
            "known_assumption",
            f"{aid!r} is geen aanname die de analyse leest (bekend: {', '.join(SPECS)})",
        )
        return out
    value_text = _text(rec.get("value"))
    value: float | None = None
    if spec.kind == "choice":
        if value_text and value_text not in spec.choices:
            bad("value", "allowed_values", f"{value_text!r} is geen van {', '.join(spec.choices)}")
        for alt in _alternatives(rec.get("alternatives")):
            if alt not in spec.choices or alt == value_text:
                bad(
                    "alternatives",
                    "allowed_values",
                    f"{alt!r} is geen ander alternatief dan de waarde "
                    f"(toegestaan: {', '.join(spec.choices)})",
                )
                break
    elif spec.kind == "price_year":
        for column, cells, allowed in (
            ("value", (value_text,) if value_text else (), (REPORT_YEAR,)),
            ("alternatives", _alternatives(rec.get("alternatives")), (REPORT_YEAR, NOMINAL)),
        ):
            for cell in cells:
                year = _number(cell)
                known = cell in allowed or (
                    year is not None and year.is_integer() and _YEARS[0] <= year <= _YEARS[1]
                )
                if not known or (column == "alternatives" and cell == value_text):
                    bad(
                        column,
                        "allowed_values",
                        f"{cell!r} is geen ander jaar tussen {_YEARS[0]} en {_YEARS[1]} en "
                        f"geen van {', '.join(allowed)}",
                    )
                    break
    elif value_text:
        value = _number(value_text)
        if value is None or math.isnan(value):
            bad("value", "numeric", f"{value_text!r} is geen getal")
            value = None
        elif spec.kind in ("year", "integer") and value != round(value):
            bad("value", "integer", f"{value_text!r} is geen geheel getal")
        elif spec.kind == "year" and not _YEARS[0] <= value <= _YEARS[1]:
            bad(
                "value",
                "value_range",
                f"{value_text} is geen jaar tussen {_YEARS[0]} en {_YEARS[1]}",
            )
        elif spec.kind == "share" and not 0 < value < 1:
            bad("value", "value_range", f"{value_text} ligt niet tussen 0 en 1")
        elif spec.fixed_value is not None and value != spec.fixed_value:
            bad(
                "value",
                "fixed_value",
                f"{value_text} moet {spec.fixed_value:g} zijn: low en high zijn factoren op "
                "het centrale cijfer",
            )
    if spec.kind not in ("choice", "price_year") and _text(rec.get("alternatives")):
        bad("alternatives", "not_applicable", "alternatives geldt alleen voor een keuze")
    bounds: dict[str, float | None] = {}
    for column in ("low", "high"):
        number = _number(rec.get(column))
        if number is not None and math.isnan(number):
            bad(column, "numeric", f"{_text(rec.get(column))!r} is geen getal")
            number = None
        elif number is not None and spec.kind in ("choice", "price_year"):
            bad(column, "not_applicable", f"{column} geldt niet voor een keuze")
            number = None
        elif number is not None and spec.kind in ("year", "integer") and number != round(number):
            bad(column, "integer", f"{_text(rec.get(column))!r} is geen geheel getal")
        elif number is None and spec.needs_range:
            bad(column, "not_null", f"{column} is leeg: deze aanname heeft een bandbreedte nodig")
        if number is not None and spec.minimum is not None and number < spec.minimum:
            bad(column, "value_range", f"{column} {number:g} ligt onder {spec.minimum:g}")
        bounds[column] = number
    low, high = bounds.get("low"), bounds.get("high")
    if value is not None and spec.minimum is not None and value < spec.minimum:
        bad("value", "value_range", f"value {value:g} ligt onder {spec.minimum:g}")
    if low is not None and value is not None and low > value:
        bad("low", "range_order", f"low {low:g} ligt boven de waarde {value:g}")
    if high is not None and value is not None and high < value:
        bad("high", "range_order", f"high {high:g} ligt onder de waarde {value:g}")
    if low is not None and high is not None and low > high and value is None:
        bad("high", "range_order", f"high {high:g} ligt onder low {low:g}")
    return out


def assumption_findings(frame: pd.DataFrame, file: str = ASSUMPTIONS_FILE) -> list[Finding]:
    """Every problem of the table, each naming file, row, column and rule.

    Columns present; each row's id known, its value of the right kind, its range in
    order around the value; every id of `SPECS` exactly once. `frame` holds the cells
    as text (as `validation.reference.read_table` reads them).
    """
    findings: list[Finding] = []
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [
            Finding(file, 1, column, "required_column", f"verplichte kolom {column} ontbreekt")
            for column in missing
        ]
    seen: dict[str, int] = {}
    for position, record in enumerate(frame.to_dict("records")):
        rec = {str(k): v for k, v in record.items()}
        row = position + 2
        findings += _row_findings(rec, row, file)
        aid = _text(rec.get("assumption_id"))
        if aid in seen:
            findings.append(
                Finding(
                    file,
                    row,
                    "assumption_id",
                    "unique_key",
                    f"dubbele sleutel {aid} (ook in rij {seen[aid]})",
                )
            )
        seen.setdefault(aid, row)
    for aid in SPECS:
        if aid not in seen:
            findings.append(
                Finding(
                    file,
                    None,
                    "assumption_id",
                    "required_assumption",
                    f"de aanname {aid} ontbreekt",
                )
            )
    return findings


def load_assumptions(data_dir: Path) -> Assumptions:
    """The assumptions of `data_dir`, or an `InputError` for the first bad cell.

    Read as text (only an empty cell is missing), checked by `assumption_findings`,
    then typed. The build validates the same table with the same function first, so
    here a bad row only surfaces when a notebook runs outside the build.
    """
    path = Path(data_dir) / ASSUMPTIONS_FILE
    frame = pd.read_csv(
        path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8-sig"
    )
    findings = assumption_findings(frame, str(path))
    if findings:
        raise InputError.from_finding(findings[0])
    rows: dict[str, Assumption] = {}
    for rec in frame.to_dict("records"):
        aid = _text(rec["assumption_id"])
        rows[aid] = Assumption(
            assumption_id=aid,
            value=_text(rec["value"]),
            low=_number(rec["low"]),
            high=_number(rec["high"]),
            alternatives=_alternatives(rec["alternatives"]),
            unit=_text(rec["unit"]),
            horizon=_text(rec["horizon"]),
            source_id=_text(rec["source_id"]),
            note=_text(rec["note"]),
        )
    return Assumptions(rows)


def load_levels(data_dir: Path) -> Levels:
    """The confidence and test levels of `data_dir`'s assumptions table."""
    return load_assumptions(data_dir).levels
