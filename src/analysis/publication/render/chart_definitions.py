"""Indicator definitions under a chart, quoted from the appendix's definitions table.

The chart quotes exactly what the appendix prints, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analysis.publication.render.notebook import Document, TableBlock


@dataclass(frozen=True)
class Definition:
    """An indicator's entry in the appendix's definitions table, as a chart quotes it."""

    label: str
    text: str
    origin: str


#: The appendix table that defines the indicators (`chapters.appendix`), and its columns.
DEFINITIONS_TABLE = "indicatoren"
_DEF_COLUMNS = ("Indicator", "Definitie", "Herkomst van de definitie")


def definitions(docs: Sequence[Document]) -> dict[str, Definition]:
    """Indicator label (lower case) -> its definition, read from the appendix's table.

    The chart quotes exactly what the appendix prints, so the two cannot drift apart.
    No such table (a report without the appendix): no definitions under the charts.
    """
    for doc in docs:
        for blocks in (doc.blocks, *(sp.blocks for sp in doc.subpages)):
            for b in blocks:
                if isinstance(b, TableBlock) and b.name == DEFINITIONS_TABLE:
                    if not all(c in b.columns for c in _DEF_COLUMNS):
                        return {}
                    i, j, k = (b.columns.index(c) for c in _DEF_COLUMNS)
                    return {
                        row[i].strip().lower(): Definition(row[i], row[j], row[k])
                        for row in b.rows
                        if row[i].strip() and row[j].strip()
                    }
    return {}


def _encoded_names(spec: Any, out: set[str]) -> None:
    """Field names and titles a chart encodes (its data and theme left out)."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("datasets", "config", "data"):
                continue
            if key in ("field", "title") and isinstance(value, str):
                out.add(value)
            elif key == "title" and isinstance(value, list):
                out.update(v for v in value if isinstance(v, str))
            else:
                _encoded_names(value, out)
    elif isinstance(spec, list):
        for item in spec:
            _encoded_names(item, out)


def chart_definitions(spec: dict[str, Any], known: dict[str, Definition]) -> list[Definition]:
    """The indicators a chart shows: catalogue labels among its encoded fields and titles,
    or among the values of an encoded field named 'Indicator' (one line per indicator).

    Matching is by the exact Dutch label (case aside), the same label the catalogue
    gives the chart's column, or the label followed by ' per …' or ' (…)' (an axis
    'Licentie- en optieovereenkomsten per jaar'); so a chart of spin-offs per ecosystem
    is defined as spin-offs and a chart of co-publications (no catalogue indicator)
    gets nothing.
    """
    if not known:
        return []
    names: set[str] = set()
    _encoded_names(spec, names)
    shown = {n.strip().lower() for n in names}
    if "indicator" in shown:
        from analysis.publication.charts.export import spec_values

        for row in spec_values(spec) or []:
            for key, value in row.items():
                if str(key).lower() == "indicator" and isinstance(value, str):
                    shown.add(value.strip().lower())

    def shows(label: str) -> bool:
        # 'Licentie- en optieovereenkomsten per jaar' is the indicator per year.
        return any(
            name == label or name.startswith((f"{label} per ", f"{label} (")) for name in shown
        )

    return [d for label, d in known.items() if shows(label)]
