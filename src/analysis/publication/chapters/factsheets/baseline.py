"""Bijlage A for institutions that have not submitted yet: what is real about each of them.

A sheet names the institution, what kind it is and where, its part in the
Valorisatieprogramma, the real figures public sources give about it (co-publications
with industry, annual-accounts figures), and which of the monitor's indicators await its
first submission. No sheet shows a figure it does not have, and none is padded: a sheet
without a chart or a table is a few lines, so several fit a printed page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.data import reference
from analysis.methods import copublications as cp
from analysis.publication import escape
from analysis.publication.chapters.copublications import prose, shared
from analysis.publication.chapters.copublications.shared import ChapterTable
from analysis.publication.chapters.factsheets.assembly import membership_by_institution
from analysis.publication.labels import INSTITUTION_TYPE_FULL, PROFILE_LABELS


@dataclass(frozen=True)
class BaselineSheet:
    """One institution's sheet before its first submission."""

    institution_id: str
    name: str
    short: str
    type: str
    about: str
    real_keyfigures: list[dict[str, str]]
    accounts: ChapterTable | None
    awaiting: list[str]
    #: Share of publications with industry (CWTS Leiden Ranking), for the overview table.
    copublication_pct: float | None = None


def baseline_sheets(wide: pd.DataFrame, data_dir: Path, year: int) -> list[BaselineSheet]:
    """A sheet for every institution without a submission for `year`, in file order."""
    data_dir = Path(data_dir)
    institutions = reference.load_institutions(data_dir)
    submitted = set(wide.loc[wide["year"] == year, "institution_id"].astype(str))
    copub = shared.compute(data_dir) if shared.available(data_dir) else None
    accounts = prose.Accounts.load(data_dir)
    membership = membership_by_institution(data_dir)
    from analysis.publication.chapters.awaiting import indicator_labels

    awaiting = indicator_labels(data_dir)
    sheets = []
    for inst in institutions.astype({"type": "str", "profile": "str"}).to_dict("records"):
        institution_id = str(inst["institution_id"])
        if institution_id in submitted:
            continue
        consortium = membership.get(institution_id)
        kind, profile = str(inst["type"]), str(inst["profile"])
        about = (
            f"{escape.markdown(str(inst['name_nl']))} is een "
            f"{INSTITUTION_TYPE_FULL.get(kind, kind)} "
            f"met een {PROFILE_LABELS.get(profile, profile)} profiel in "
            f"{escape.markdown(str(inst['region']))} (ecosysteem "
            f"{escape.markdown(str(inst['ecosystem']))})"
            + (", partner van KTO-Nederland" if bool(inst["kto_nl_partner"]) else "")
            + (
                f", en nam deel aan het Valorisatieprogramma in het consortium {consortium}"
                if consortium
                else ""
            )
            + "."
        )
        sheets.append(
            BaselineSheet(
                institution_id=institution_id,
                name=str(inst["name_nl"]),
                short=str(inst["short_name"]),
                type=INSTITUTION_TYPE_FULL.get(kind, kind),
                about=about,
                real_keyfigures=(
                    prose.factsheet_keyfigures(copub, institution_id) if copub is not None else []
                ),
                accounts=prose.accounts_table(accounts, institution_id),
                awaiting=awaiting,
                copublication_pct=_copublication_pct(copub, institution_id),
            )
        )
    return sheets


def _copublication_pct(
    copub: shared.CopublicationChapter | None, institution_id: str
) -> float | None:
    if copub is None:
        return None
    figures = cp.institution_copublication(copub.comparison, institution_id)
    return None if figures is None else float(figures.share_pct)


def awaiting_sentence(sheet: BaselineSheet, year: int) -> str:
    """Which of the monitor's indicators await the institution's first submission."""
    return (
        f"Voor {year} heeft {escape.markdown(sheet.short)} nog geen cijfers bij de monitor "
        f"opgegeven; alle {len(sheet.awaiting)} indicatoren van de monitor wachten op de eerste "
        "opgave (hoofdstuk 5, ‘Wat de monitor gaat meten’)."
    )


def baseline_index_table(sheets: list[BaselineSheet]) -> pd.DataFrame:
    """One row per institution: what kind it is, its share of publications with industry
    (the real figure the universities have), and how many real figures its sheet shows."""
    return pd.DataFrame(
        {
            "Instelling": [s.name for s in sheets],
            "Type": [s.type for s in sheets],
            "Co-publicaties met bedrijven (%)": [s.copublication_pct for s in sheets],
            "Echte cijfers": [
                len(s.real_keyfigures) + (len(s.accounts.frame) if s.accounts is not None else 0)
                for s in sheets
            ],
            "Opgave aan de monitor": ["nog niet" for _ in sheets],
        }
    )


def show_baseline(rep: Any, sheets: list[BaselineSheet], year: int) -> None:
    """One short sub-page per institution: who it is, its real figures, what awaits."""
    for sheet in sheets:
        slug = sheet.institution_id.replace("_", "-")
        rep.page(slug, sheet.name)
        rep.markdown(sheet.about + " " + awaiting_sentence(sheet, year))
        if sheet.real_keyfigures:
            rep.keyfigures(sheet.real_keyfigures, basis="real")
        if sheet.accounts is not None:
            accounts = sheet.accounts
            rep.table(
                accounts.frame,
                accounts.name,
                accounts.caption,
                formats=accounts.formats,
                source_note=accounts.source_note,
                basis=accounts.basis,
            )


def baseline_intro_markdown() -> str:
    """The annex's opening where institutions have not yet submitted."""
    return (
        "Per instelling die de monitor volgt een korte factsheet: wat voor instelling het is, "
        "haar deelname aan het Valorisatieprogramma en de echte cijfers die openbare bronnen "
        "over haar geven, elk met het label ‘Geciteerde bron’: bij de universiteiten het aandeel "
        "publicaties met bedrijven uit de CWTS Leiden Ranking en, waar een jaarverslag of een "
        "andere bron ze geeft, cijfers uit die bron. "
        f"{prose.ACCOUNTS_MONEY_NOTE} De cijfers die de instellingen zelf aan de "
        "monitor opgeven, komen in deze factsheets zodra ze er zijn. De tabel hieronder zet alle "
        "instellingen naast elkaar."
    )
