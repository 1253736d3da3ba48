"""What changed, as release notes: the comparisons of the page in Markdown for the release.

Why not the page's text: the release notes go with the files of a release (a GitHub
release's description, a mail to the ministry) where the site is not at hand. They are
computed from the same comparisons (`comparisons`) over the same two published records
(`analysis.publication.edition`), so they say what the page says, shorter: the key
figures, the new, late and missing submissions, the number of revised values with the
first of them, and the institutions whose model changed. Every value from data goes
through `escape.markdown`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.changes.comparisons import (
    PAGE_FILE,
    PAGE_TITLE,
    headline_figures,
    model_changes,
    revisions,
    submission_changes,
)
from analysis.publication.edition import Edition, PreviousEdition, read_models
from analysis.publication.labels import INDICATOR_LABELS

#: Revised values listed in the notes; the page and its CSV list every one.
NOTES_MAX_REVISIONS = 30


def _count(n: int, one: str, many: str) -> str:
    if n == 0:
        return f"geen {many}"
    return f"{fmt.number(n)} {one if n == 1 else many}"


def _value(value: object, unit: str) -> str:
    if unit == "EUR":
        return fmt.money_eur(value, "eur")
    return fmt.number(value, 1 if unit == "FTE" else 0)


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(escape.markdown(c) for c in cells) + " |"


def _units(long: pd.DataFrame) -> dict[str, str]:
    return {str(i): str(u) for i, u in zip(long["indicator"], long["unit"], strict=True)}


def changes_notes(
    current: Edition, previous: PreviousEdition | None, names: Mapping[str, str]
) -> list[str]:
    """The section 'Wat is er veranderd' of the release notes, as Markdown lines.

    `names` maps institution ids to the names the notes print (an id without a name is
    printed as it is).
    """
    year = current.year
    lines = [f"## {PAGE_TITLE}", ""]
    if previous is None:
        lines += [
            f"Er is geen eerdere editie gepubliceerd: de editie {year} is de eerste, er valt "
            "niets te vergelijken.",
            "",
        ]
        return lines
    old = previous.edition
    if old is None:
        lines += [
            f"De vorige editie ({previous.year}) publiceerde de ingezonden waarden nog niet in "
            "machineleesbare vorm: inzendingen, herziene waarden en kerncijfers kunnen niet "
            "met haar worden vergeleken.",
            "",
        ]
        lines += _models(previous, current)
        return lines
    lines += [
        f"De editie {year} tegenover de vorige gepubliceerde editie ({old.year}), uit de "
        f"gegevens die beide edities publiceerden. Alles staat ook op de pagina "
        f"`{PAGE_FILE}` van de website.",
        "",
    ]
    lines += _headline(old, current)
    lines += _submissions(old, current, names)
    lines += _revisions(old, current, names)
    lines += _models(previous, current)
    return lines


def _headline(old: Edition, new: Edition) -> list[str]:
    table = headline_figures(old, new)
    lines = ["### Kerncijfers", ""]
    if table.empty:
        return [*lines, "Geen van de kerncijfers is in een van beide edities opgegeven.", ""]
    units = _units(new.long) | _units(old.long)
    lines += [
        f"Landelijk totaal over de instellingen die het cijfer opgaven (euro's nominaal). "
        f"Voor {old.year} zoals de editie {old.year} het publiceerde en zoals deze editie het "
        "nu kent.",
        "",
        _row(
            [
                "kerncijfer",
                f"{old.year}, editie {old.year}",
                f"{old.year}, editie {new.year}",
                f"{new.year}, editie {new.year}",
            ]
        ),
        "|---|---:|---:|---:|",
    ]
    for record in table.to_dict("records"):
        code = str(record["indicator"])
        unit = units.get(code, "count")
        lines.append(
            _row(
                [
                    INDICATOR_LABELS.get(code, code),
                    _value(record["old_edition_value"], unit),
                    _value(record["new_edition_same_year"], unit),
                    _value(record["new_edition_value"], unit),
                ]
            )
        )
    return [*lines, ""]


def _submissions(old: Edition, new: Edition, names: Mapping[str, str]) -> list[str]:
    added, removed = submission_changes(old.long, new.long)
    fresh = added[added["year"] > old.year]
    late = added[added["year"] <= old.year]
    lines = ["### Inzendingen", ""]
    fresh_years = [int(y) for y in fresh["year"]]
    parts = [
        f"{_count(fresh_years.count(y), 'inzending', 'inzendingen')} over {y}"
        for y in sorted(set(fresh_years))
    ]
    lines.append(
        f"Nieuw: {', '.join(parts) if parts else 'geen inzendingen over een nieuw jaar'}; "
        f"{_count(len(late), 'nagekomen inzending', 'nagekomen inzendingen')}; "
        f"{_count(len(removed), 'inzending', 'inzendingen')} die de editie {old.year} had en "
        "deze niet."
    )
    lines.append("")
    for title, frame in (("Nagekomen", late), ("Ontbreekt nu", removed)):
        if frame.empty:
            continue
        items = [
            f"{names.get(str(i), str(i))} ({int(y)})"
            for i, y in zip(frame["institution_id"], frame["year"], strict=True)
        ]
        lines.append(f"- {title}: " + ", ".join(escape.markdown(x) for x in items))
    if len(late) or len(removed):
        lines.append("")
    return lines


def _revisions(old: Edition, new: Edition, names: Mapping[str, str]) -> list[str]:
    table = revisions(old.long, new.long)
    lines = ["### Herziene waarden", ""]
    if table.empty:
        return [
            *lines,
            f"Geen enkele waarde uit de inzendingen die beide edities hebben, is veranderd "
            f"sinds de editie {old.year}.",
            "",
        ]
    counts = table["change"].value_counts()
    kinds = [
        f"{fmt.number(int(counts[k]))} {k}"
        for k in ("gewijzigd", "toegevoegd", "verwijderd")
        if k in counts
    ]
    n_subs = len(table[["institution_id", "year"]].drop_duplicates())
    lines += [
        f"{_count(len(table), 'waarde', 'waarden')} herzien in "
        f"{_count(n_subs, 'inzending', 'inzendingen')} ({', '.join(kinds)}).",
        "",
        _row(["instelling", "jaar", "indicator", f"editie {old.year}", f"editie {new.year}"]),
        "|---|---:|---|---:|---:|",
    ]
    units = _units(new.long) | _units(old.long)
    for record in table.head(NOTES_MAX_REVISIONS).to_dict("records"):
        code = str(record["indicator"])
        unit = units.get(code, "count")
        lines.append(
            _row(
                [
                    names.get(str(record["institution_id"]), str(record["institution_id"])),
                    str(int(record["year"])),
                    INDICATOR_LABELS.get(code, code),
                    _value(record["old_value"], unit),
                    _value(record["new_value"], unit),
                ]
            )
        )
    if len(table) > NOTES_MAX_REVISIONS:
        lines += [
            "",
            f"En nog {_count(len(table) - NOTES_MAX_REVISIONS, 'waarde', 'waarden')}: de "
            "volledige lijst staat op de website en in `data/wijzigingen_waarden.csv`.",
        ]
    return [*lines, ""]


def _models(previous: PreviousEdition, new: Edition) -> list[str]:
    lines = ["### Valorisatiemodel per instelling", ""]
    old_models = previous.edition.models if previous.edition is not None else None
    if old_models is None:
        old_models = read_models(previous.folder)
    if old_models is None or new.models is None:
        return [*lines, "De modellen van de twee edities kunnen niet worden vergeleken.", ""]
    table = model_changes(old_models, new.models)
    if table.empty:
        return [
            *lines,
            f"Elke instelling heeft hetzelfde valorisatiemodel als in de editie {previous.year}.",
            "",
        ]
    lines += [
        _row(["instelling", f"editie {previous.year}", f"editie {new.year}"]),
        "|---|---|---|",
    ]
    for record in table.to_dict("records"):
        lines.append(
            _row(
                [
                    record["institution"],
                    record["old_model"] or fmt.MISSING,
                    record["new_model"] or fmt.MISSING,
                ]
            )
        )
    return [*lines, ""]
