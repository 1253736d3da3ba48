"""What each figure, table and key figure rests on, and the count the colophon prints.

A report that mixes cited figures with generated demonstration data must say, item by
item, which is which (issue 13): `real` (cited sources), `demonstration` (the seeded
generator) or `assumption` (a stated assumption of the monitor, such as the budget ramp
or a scenario parameter). This module holds the three values, their Dutch labels (one
place, for the site, the PDF and the notebook fallbacks alike) and the count over what
was rendered, which the colophon states. It imports nothing heavy: `analysis.publication.display`
runs in every notebook kernel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Basis = Literal["real", "demonstration", "assumption"]
BASES: tuple[Basis, ...] = ("real", "demonstration", "assumption")

#: The label a reader sees beside a figure, table or key figure.
BASIS_LABELS_NL: dict[str, str] = {
    "real": "Geciteerde bron",
    "demonstration": "Demonstratiegegevens",
    "assumption": "Aanname",
}

#: The same in a running sentence ("rust op ...").
BASIS_PHRASES_NL: dict[str, str] = {
    "real": "echte, geciteerde bronnen",
    "demonstration": "demonstratiegegevens uit de generator",
    "assumption": "aannames van de monitor",
}


def basis_of(payload_basis: object) -> Basis:
    """The `basis` of a bundle, checked: one of `BASES`, else a `ValueError`."""
    if payload_basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, got {payload_basis!r}")
    return payload_basis  # type: ignore[return-value]


@dataclass(frozen=True)
class BasisCounts:
    """How many items of one sort (tables and figures, or key figures) rest on each basis."""

    real: int = 0
    demonstration: int = 0
    assumption: int = 0

    @property
    def total(self) -> int:
        return self.real + self.demonstration + self.assumption

    @classmethod
    def of(cls, bases: Iterable[str]) -> BasisCounts:
        counts: dict[str, int] = dict.fromkeys(BASES, 0)
        for basis in bases:
            counts[basis] += 1
        return cls(**counts)


def summary_text(figures: BasisCounts, keyfigures: BasisCounts) -> str:
    """The colophon's sentences: what the report's tables, figures and key figures rest on.

    Plain text (the renderers escape it). The numbers are counts over everything the
    renderer laid out, so they cannot drift from the report itself.
    """
    from analysis.publication import formatting

    def n(value: int) -> str:
        return formatting.number(value)

    def parts(counts: BasisCounts) -> str:
        verb = "berust" if counts.real == 1 else "berusten"
        return (
            f"{verb} er {n(counts.real)} op {BASIS_PHRASES_NL['real']}, "
            f"{n(counts.demonstration)} op {BASIS_PHRASES_NL['demonstration']} en "
            f"{n(counts.assumption)} op {BASIS_PHRASES_NL['assumption']}"
        )

    if figures.total == 0:
        text = "Dit rapport toont geen tabellen of figuren."
    else:
        share = formatting.percent(figures.real / figures.total, 0)
        text = (
            f"Van de {n(figures.total)} tabellen en figuren in dit rapport (website en PDF "
            f"samen, met de factsheets) {parts(figures)}. Het aandeel op echte bronnen is "
            f"{share}."
        )
    if keyfigures.total:
        text += f" Van de {n(keyfigures.total)} kerncijfers {parts(keyfigures)}."
    return text
