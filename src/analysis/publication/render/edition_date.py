"""The edition's date: one value for the PDF's cover and its metadata, never the wall clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from analysis.data.sources import MONTHS_NL
from analysis.publication.render.config import ReportConfig


@dataclass(frozen=True)
class EditionDate:
    """The edition's publication date: one value for the cover and the PDF's metadata.

    Never the wall clock, so two builds of the same inputs stay byte-identical. `exact`
    says whether the day is known (configured) or only the month (the default).
    """

    day: date
    exact: bool

    @property
    def text(self) -> str:
        """As the cover prints it: "15 november 2026", or "november 2026" without a day."""
        month = f"{MONTHS_NL[self.day.month - 1]} {self.day.year}"
        return f"{self.day.day} {month}" if self.exact else month

    @property
    def timestamp(self) -> int:
        """The PDF's creation and modification time: that day, 00:00 UTC."""
        return int(datetime(self.day.year, self.day.month, self.day.day, tzinfo=UTC).timestamp())


def edition_date(config: ReportConfig, year: int) -> EditionDate:
    """`valorisatiemonitor.report_date` when configured, else November of the next year.

    The monitor over year N appears in the autumn of year N+1; without a configured day
    the cover names the month and the metadata its first day.
    """
    if config.report_date is not None:
        return EditionDate(config.report_date, exact=True)
    return EditionDate(date(year + 1, 11, 1), exact=False)
