"""Chapter 3, the top's own figures as published: what ETH Zürich, Oxford and KU Leuven report.

Before the Dutch institutions submit their figures, the gap to the top cannot be
computed, but what the top itself publishes can be shown: each figure with its year,
what it counts, how exact it is and where it was read. The money stays in the currency
it was published in (converting it would suggest a comparison that is not made here).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources
from analysis.publication import formatting as fmt
from analysis.publication.chapters.europe.result import TOP_PEERS
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS, SOURCE_STATUS_LABELS

#: How exact a published figure is, for the reader (`value_type` of `benchmark/peers.csv`).
EXACTNESS_NL = {"exact": "exact", "approximate": "ongeveer", "lower_bound": "ten minste"}

#: How a currency is written before an amount.
CURRENCY_NL = {"EUR": "€", "GBP": "£", "CHF": "CHF"}

NAME = "cijfers_europese_top"


#: The download's unit of a figure that is not money (money: its currency code).
_UNIT_WORDS = {"count": "aantal", "percent": "procent"}


def _value_text(value: float, unit: str) -> str:
    """A figure in its own unit ("CHF 12,3 mln", "4,5 fte"), by the download's unit column."""
    if unit in CURRENCY_NL:
        symbol = CURRENCY_NL[unit]
        if abs(value) >= 1e6:
            return f"{symbol} {fmt.number(value / 1e6, 1)} mln"
        return f"{symbol} {fmt.number(value, 0)}"
    if unit == "procent":
        return f"{fmt.number(value, 0)}%"
    if unit == "FTE":
        return f"{fmt.number(value, 1)} fte"
    return fmt.number(value, 0)


def _peer_name(name: str) -> str:
    """'University of Oxford' as chapter 3 names it: 'Oxford'."""
    return str(name).replace("University of ", "").strip()


def top_figures(data_dir: Path) -> Table:
    """Every figure the top publishes in `benchmark/peers.csv`, as read, with its source.

    The CSV holds the value as a number with its unit in a column; the page shows it as
    text in its own unit ("CHF 12,3 mln", "4,5 fte"), which differs per row.
    """
    peers = reference.load_peers(Path(data_dir))
    sources = load_sources(Path(data_dir))
    top = peers[peers["peer_id"].isin(TOP_PEERS)].sort_values(
        ["peer_id", "indicator", "year"], kind="stable"
    )
    unit = top["unit"].astype(str)
    data = pd.DataFrame(
        {
            "instelling": [_peer_name(n) for n in top["peer_name"]],
            "gegeven": top["indicator"].map(INDICATOR_LABELS).fillna(top["indicator"]).to_numpy(),
            "waarde": top["value"].astype("float64").to_numpy(),
            "eenheid": [
                str(c) if u == "money" else _UNIT_WORDS.get(u, u)
                for u, c in zip(unit, top["currency"], strict=True)
            ],
            "jaar": top["year"].astype("int64").to_numpy(),
            "nauwkeurigheid": top["value_type"]
            .map(EXACTNESS_NL)
            .fillna(top["value_type"])
            .to_numpy(),
            "definitie": top["definition_note_nl"].fillna("").to_numpy(),
            "herkomst": top["status"].map(SOURCE_STATUS_LABELS).fillna(top["status"]).to_numpy(),
            "bron": [cite(s, sources) for s in top["source_id"]],
        }
    )
    # The page's headers are Dutch words; the CSV keeps its own column names.
    shown = {
        "Instelling": "instelling",
        "Gegeven": "gegeven",
        "Jaar": "jaar",
        "Nauwkeurigheid": "nauwkeurigheid",
        "Wat is geteld": "definitie",
        "Herkomst": "herkomst",
        "Bron": "bron",
    }
    return Table(
        name=NAME,
        caption="Wat de Europese top zelf publiceert over kennisoverdracht, per cijfer en jaar",
        frame=data,
        columns={
            **{page: Column(reads=(column,)) for page, column in shown.items()},
            "Jaar": Column(format="year", reads=("jaar",)),
            "waarde": Column(unit="zie kolom eenheid"),
            "Waarde": Column(format=_value_text, reads=("waarde", "eenheid")),
        },
        source_note=(
            "Bedragen in de munt en het jaar van publicatie. Elke instelling telt op haar eigen "
            "manier (kolom Wat is geteld); de cijfers zijn daarom niet bij elkaar opgeteld."
        ),
        basis="real",
        pdf=False,
        show=(*list(shown)[:2], "Waarde", *list(shown)[2:]),
    )


def top_figures_markdown(data_dir: Path) -> str:
    """Chapter 3's paragraph where the Dutch side is not yet measured."""
    peers = reference.load_peers(Path(data_dir))
    top = peers[peers["peer_id"].isin(TOP_PEERS)]
    first, last = int(top["year"].min()), int(top["year"].max())
    return (
        "Om de afstand tot de top per kennisoverdrachtsindicator te meten, zijn cijfers van de "
        "Nederlandse instellingen nodig die op dezelfde manier zijn geteld: uitvindingsmeldingen, "
        "octrooiaanvragen, licenties, spin-offs en onderzoeksovereenkomsten, in verhouding tot de "
        "onderzoeksuitgaven. De tabel hieronder toont wat "
        f"ETH Zürich, Oxford en KU Leuven zelf over de jaren {first} tot en met {last} publiceren; "
        "zodra de Nederlandse opgaven er zijn, zet de monitor ze daarnaast."
    )
