"""What a column of a download means, in words: the codebook's description of each column.

The tables' CSV columns are named as the report labels them ("Jaar", "Marge", "2025",
"Top: laag"), so a description that repeats the label tells a reader nothing. The
description is derived, in this order, from what the project already knows:

1. `column_descriptions.csv` (beside `column_labels.csv`): the meaning of a column
   name, for every table or for one table (`tabel`, or a prefix ending in `*`);
2. the shapes of the names the chapters compose ("Per € 100 mln, 2023–2025",
   "Verandering t.o.v. 2024", "Spin-offs per uitvindingsmelding / ETH: oordeel"),
   read by `_PATTERNS`;
3. the indicator catalogue's definitions, as the appendix prints them
   (`chart_definitions.definitions`): a column that is an indicator gets its definition;
4. otherwise the table's caption: the label and where it is shown, never the name alone.

`describe` never returns the column's name or label by itself (a test holds both
editions to that).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from analysis.publication.render.chart_definitions import Definition

#: Column meanings by name (and, optionally, table): the editorial part of the codebook.
DESCRIPTIONS_FILE = Path(__file__).resolve().parents[1] / "column_descriptions.csv"

_BOUND = {"ondergrens": "ondergrens", "bovengrens": "bovengrens"}
_TOP = {
    "laag": "De laagste waarde in de bandbreedte van de top, in de eenheid van de vergelijking.",
    "centraal": "De centrale waarde van de top: het midden van zijn bandbreedte.",
    "hoog": "De hoogste waarde in de bandbreedte van de top, in de eenheid van de vergelijking.",
}


def _lower_first(text: str) -> str:
    """'Spin-offs' -> 'spin-offs', but 'KTO-personeel' and 'ETH' keep their capitals."""
    return text if len(text) > 1 and text[1].isupper() else text[:1].lower() + text[1:]


#: Where `column_descriptions.csv` (or a pattern) names the confidence level of an
#: interval whose column does not ('Ondergrens (%)'): `describe` fills in the level of the
#: edition's assumptions table, or leaves 'het interval' when it is not known.
LEVEL_PLACEHOLDER = "{niveau}"

#: The level an interval's column names ("95%", "97,5%": the assumptions table's
#: `confidence_level` as the chapters write it).
_LEVEL = r"(\d+(?:,\d+)?%)"

#: (pattern on the column name, the tables it applies to or None for all, description).
_PATTERNS: tuple[tuple[re.Pattern[str], str | None, Callable[[re.Match[str]], str]], ...] = (
    (
        re.compile(r"(\d{4})"),
        None,
        lambda m: (
            f"De waarde in {m[1]}, in de eenheid van de rij (de kolom Eenheid of de "
            "eenheid van de indicator)."
        ),
    ),
    (
        re.compile(r"Per € 100 mln, (\d{4})–(\d{4})"),
        None,
        lambda m: (
            f"De uitkomst per € 100 mln onderzoeksuitgaven over {m[1]}–{m[2]}: per jaar de "
            "uitkomst tegenover de onderzoeksuitgaven van dat jaar, over de jaren waarin "
            "beide zijn opgegeven."
        ),
    ),
    (
        re.compile(r"Instellingen met opgave (\d{4})"),
        None,
        lambda m: f"Het aantal instellingen dat het cijfer voor {m[1]} opgaf; de som is over hen.",
    ),
    (
        re.compile(r"Verandering t\.o\.v\. (\d{4})"),
        None,
        lambda m: (
            f"De verandering ten opzichte van {m[1]}, berekend over de instellingen met een "
            "opgave in beide jaren (een fractie: 0,05 is +5%)."
        ),
    ),
    (
        re.compile(r"Extra in (\d{4})"),
        None,
        lambda m: (
            f"Het extra landelijke aantal in {m[1]} bij aansluiting bij de top, boven het "
            "aantal zonder inhaalslag."
        ),
    ),
    (
        re.compile(r"Extra (\d{4})–(\d{4}) samen"),
        None,
        lambda m: f"De extra landelijke aantallen van {m[1]} tot en met {m[2]} samen.",
    ),
    (
        re.compile(r"Plaats van ([\d.]+)"),
        None,
        lambda m: (
            f"De plaats van de universiteit onder de {m[1]} universiteiten van de ranglijst "
            "(1 = het hoogste aandeel publicaties met bedrijven)."
        ),
    ),
    (
        re.compile(rf"(.+): (ondergrens|bovengrens) {_LEVEL}-interval"),
        None,
        lambda m: f"De {_BOUND[m[2]]} van het {m[3]}-interval van de kolom ‘{m[1]}’.",
    ),
    (
        re.compile(rf"{_LEVEL}-interval: (ondergrens|bovengrens)"),
        None,
        lambda m: f"De {_BOUND[m[2]]} van het {m[1]}-interval van de schatting in de rij.",
    ),
    (
        re.compile(rf"(Ondergrens|Bovengrens) {_LEVEL}-interval"),
        None,
        lambda m: (
            f"De {_BOUND[m[1].lower()]} van het {m[2]}-betrouwbaarheidsinterval van de "
            "schatting in de rij."
        ),
    ),
    (
        re.compile(r"Verhouding: (ondergrens|bovengrens)"),
        None,
        lambda m: (
            f"De {_BOUND[m[1]]} van het interval van de verhouding Nederland/top, met de "
            "onzekerheid aan beide kanten."
        ),
    ),
    (re.compile(r"Top: (laag|centraal|hoog)"), None, lambda m: _TOP[m[1]]),
    (
        re.compile(r"(.+) / (.+): verhouding NL/top"),
        None,
        lambda m: (
            f"De verhouding Nederland/top voor {_lower_first(m[1])} tegenover {m[2]}, voor de "
            "groep in de rij (1 = gelijk, onder 1 = de groep lager)."
        ),
    ),
    (
        re.compile(r"(.+) / (.+): oordeel"),
        None,
        lambda m: (
            f"Of de groep in de rij bij {_lower_first(m[1])} aantoonbaar achter of voor ligt "
            f"op {m[2]}, of niet te onderscheiden is."
        ),
    ),
    (
        re.compile(r"Verhouding NL/top, (.+)"),
        None,
        lambda m: (
            f"De verhouding Nederland/top met de bedragen ‘{m[1]}’ (nominaal: zonder "
            "prijscorrectie; prijspeil: omgerekend naar de prijzen van dat jaar)."
        ),
    ),
    (
        re.compile(r"Oordeel, (.+)"),
        None,
        lambda m: f"Het oordeel (achter, voor of niet te onderscheiden) met de bedragen ‘{m[1]}’.",
    ),
    (
        re.compile(r"(.+): verschil \(procentpunt\)"),
        None,
        lambda m: (
            "Het verschil in aandeel publicaties met bedrijven tussen de universiteit en "
            f"{m[1]}, in procentpunten."
        ),
    ),
    (
        re.compile(r"(.+): (ondergrens|bovengrens) \(procentpunt\)"),
        None,
        lambda m: (
            f"De {_BOUND[m[2]]} van het {LEVEL_PLACEHOLDER}-interval van het verschil met {m[1]}, "
            "in procentpunten."
        ),
    ),
    (
        re.compile(r"Regel: (.+)"),
        None,
        lambda m: (
            f"Het aantal consortia dat de regel van de monitor in het {m[1]} indeelt, bij het "
            "model van de evaluatie in de rij."
        ),
    ),
    (
        re.compile(r"(?i)(aanbodmodel|uitwisselingsmodel|dienstverleningsmodel)"),
        None,
        lambda m: f"Het aantal instellingen van de rij dat in het {m[0].lower()} valt.",
    ),
    (
        re.compile(r"(.+) (per € 100 mln onderzoek|per uitvindingsmelding|per fte KTO)"),
        "scenario_alternatieven",
        lambda m: (
            f"De extra {_lower_first(m[1])} tot en met het doeljaar samen (centrale variant), "
            f"in de vergelijking {m[2]}, bij de keuze in de rij."
        ),
    ),
)


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with DESCRIPTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            {k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)
        )


@cache
def _table(field: str = "omschrijving") -> dict[tuple[str, str], str]:
    return {(row["kolom"], row["tabel"]): row[field] for row in _rows() if row[field]}


def _with_level(text: str, confidence: str | None) -> str:
    """`text` with the interval's level filled in ('het 95%-interval'), or 'het interval'."""
    return text.replace(f"{LEVEL_PLACEHOLDER}-", f"{confidence}-" if confidence else "")


def _listed(key: str, table: str, field: str = "omschrijving") -> str | None:
    known = _table(field)
    if (key, table) in known:
        return known[(key, table)]
    for (name, where), text in known.items():
        if name == key and where.endswith("*") and table.startswith(where[:-1]):
            return text
    return known.get((key, ""))


def _definition(label: str, known: Mapping[str, Definition]) -> Definition | None:
    """The catalogue's definition of a column that is an indicator ('Spin-offs')."""
    return known.get(label.strip().lower())


def describe(
    name: str,
    label: str,
    *,
    table: str,
    caption: str,
    definitions: Mapping[str, Definition],
    confidence: str | None = None,
) -> str:
    """What the column `name` (shown as `label`) of `table` holds, in Dutch words;
    `confidence` ('95%') is the level of an interval whose column does not name it."""
    for key in dict.fromkeys((name, label)):
        listed = _listed(key, table)
        if listed is not None:
            return _with_level(listed, confidence)
    for key in dict.fromkeys((name, label)):
        for pattern, only, text in _PATTERNS:
            if only is not None and only != table:
                continue
            match = pattern.fullmatch(key)
            if match is not None:
                return _with_level(text(match), confidence)
    for key in dict.fromkeys((label, name)):
        found = _definition(key, definitions)
        if found is not None:
            return (
                f"De waarde van ‘{found.label}’ voor de rij (een jaar, een type instelling of "
                f"een ecosysteem). Definitie: {found.text}"
            )
    # The caption's short title (before a colon): the codebook shows the whole caption
    # above the table already, and a row repeating it grows a screen high on a phone.
    title = caption.split(": ", 1)[0].rstrip(".")
    where = f" in de tabel ‘{title}’" if title else ""
    return f"De kolom ‘{label or name}’{where}."


#: Units of the column names the chapters compose with a year or a count in them.
_UNIT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}|Mediaan eigen type"), "de eenheid van de indicator in de rij"),
    (re.compile(r"Per € 100 mln, \d{4}–\d{4}"), "aantal per € 100 mln onderzoeksuitgaven"),
    (re.compile(r"Plaats van [\d.]+"), "rangnummer (1 = hoogste aandeel)"),
    (re.compile(r"Regel: .+"), "aantal consortia"),
    (re.compile(r"Instellingen met opgave \d{4}"), "aantal instellingen"),
    (re.compile(r"(Spin-offs|Uitvindingsmeldingen) \d{4}"), "aantal"),
    (re.compile(r"Extra in \d{4}|Extra \d{4}–\d{4} samen"), "aantal (de indicator in de rij)"),
    (re.compile(r".+ per (uitvindingsmelding|€ 100 mln onderzoek|fte KTO)"), "aantal"),
)


def unit(name: str, label: str, *, table: str) -> str:
    """The unit `column_descriptions.csv` gives the column (its `eenheid`), or the unit
    of a composed name (`_UNIT_PATTERNS`), else "".

    Why here: the chapters give a unit where a format or a name says it (money, fractions,
    years, fte, "(%)"); what a count counts ("aantal consortia") or what a score measures
    is editorial, and lives beside the column's description.
    """
    for key in dict.fromkeys((name, label)):
        listed = _listed(key, table, "eenheid")
        if listed is not None:
            return listed
    for key in dict.fromkeys((name, label)):
        for pattern, text in _UNIT_PATTERNS:
            if pattern.fullmatch(key):
                return text
    return ""
