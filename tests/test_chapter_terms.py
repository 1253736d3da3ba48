"""Plain chapters, technical annex (issue 23, item 2): the explained words, the pointers
to Bijlage B and the annex that holds the estimation details.

The published edition (data/raw, no submissions) is read as it is: the annex must say
which methods the chapters will use and give the computations that already exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, cast

import pandas as pd
import pytest

from analysis.data import reference
from analysis.data.assumptions import load_levels
from analysis.publication import escape, labels
from analysis.publication.chapters import pointers, technical, terms
from analysis.publication.chapters.copublications import shared
from analysis.publication.chapters.models import profile
from analysis.publication.chapters.scheme import detectable
from analysis.publication.display.table import Table

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


# --------------------------------------------------------------------------- pointers


def test_a_pointer_names_the_heading_the_annex_prints() -> None:
    for chapter in pointers.CHAPTERS_WITH_DETAILS:
        title = pointers.section_title(chapter)
        assert title == f"Berekeningen bij hoofdstuk {chapter}"
        assert (
            pointers.see_annex(chapter)
            == f"zie de berekeningen bij hoofdstuk {chapter} in bijlage B"
        )
        assert title.lower() in pointers.see_annex(chapter)
    with pytest.raises(ValueError, match="chapter 1 has no section"):
        pointers.section_title(1)


# --------------------------------------------------------------------------- terms


def test_a_word_is_explained_in_the_glossarys_own_short_form() -> None:
    short = terms.term("spin-off").short
    assert terms.explain("spin-off", "spin-offs") == f"spin-offs ({short})"
    assert terms.explain("mediaan", "mediane").startswith("mediane (")
    assert terms.explain("fte", also="afgerond") == f"fte ({terms.term('fte').short}; afgerond)"
    with pytest.raises(KeyError, match="no explanation for 'kwantiel'"):
        terms.explain("kwantiel")


def test_the_glossary_lists_every_word_once_alphabetically() -> None:
    table = terms.glossary_table(load_levels(RAW))
    assert list(table.columns) == ["Begrip", "Betekenis"]
    # Every word of TERMS, and the interval at the assumptions table's level.
    assert len(table) == len(terms.TERMS) + 1 == table["Begrip"].nunique()
    assert "95%-interval" in set(table["Begrip"])
    assert list(table["Begrip"]) == sorted(table["Begrip"], key=str.lower)
    assert all(m.endswith(".") and m[0].isupper() for m in table["Betekenis"])
    text = terms.glossary_markdown(load_levels(RAW))
    assert text.count("\n- **") == len(table)


def test_the_model_names_are_dutch_with_the_evaluations_term_in_the_glossary() -> None:
    meanings = dict(
        zip(
            *(terms.glossary_table(load_levels(RAW))[c] for c in ("Begrip", "Betekenis")),
            strict=True,
        )
    )
    for code, english in labels.MODEL_EVALUATION_TERMS.items():
        dutch = labels.MODEL_LABELS[code]
        assert dutch.endswith("model") and english not in dutch
        assert f"noemt dit ‘{english}’" in meanings[dutch]


def test_the_evaluations_english_model_names_are_given_in_chapter_1_only() -> None:
    """Chapter 1 gives 'push', 'exchange' and 'serve' beside the Dutch names; chapter 4 and
    Bijlage B use the Dutch names only."""
    from analysis.publication.chapters import appendix, programme

    chapter1 = programme.MODEL_DESCRIPTIONS
    for english in labels.MODEL_EVALUATION_TERMS.values():
        assert f"(in de evaluatie: {english})" in chapter1
    profiles = profile.university_profiles(RAW)
    others = [
        profile.profile_opening(profiles),
        profile.profile_markdown(profiles),
        appendix.methods_markdown(RAW, 2025),
    ]
    for text in others:
        assert "in de evaluatie:" not in text and "‘push’" not in text
        assert not re.search(r"(?<![\w-])(push|exchange|serve)(?![\w])", text), text[:200]
    assert labels.MODEL_LABELS["push"] in profile.profile_opening(profiles)


def test_only_real_abbreviations_get_their_full_name() -> None:
    institutions = pd.DataFrame(
        {
            "short_name": ["UL", "Fontys", "TNO", "TU/e"],
            "name_nl": [
                "Universiteit Leiden",
                "Fontys Hogescholen",
                "TNO",
                "Technische Universiteit Eindhoven",
            ],
        }
    )
    shown = ["UL", "TNO", "Fontys", "TU/e", "Onbekend", "UL"]
    assert terms.abbreviations(shown, institutions) == (
        "TU/e: Technische Universiteit Eindhoven; UL: Universiteit Leiden"
    )
    assert terms.abbreviations(["TNO", "Fontys"], institutions) == ""


def test_every_abbreviation_in_the_consortium_table_is_explained_before_it() -> None:
    from analysis.publication.chapters import programme

    key = programme.members_key_markdown(RAW)
    members = reference.load_programme_members(RAW)["institution_name"].astype(str)
    institutions = reference.load_institutions(RAW)
    full = dict(zip(institutions["short_name"], institutions["name_nl"], strict=True))
    abbreviated = {m for m in members if m in full and m not in full[m].split()}
    assert abbreviated, "the consortium table uses short names"
    for short in abbreviated:
        assert escape.markdown(f"{short}: {full[short]}") in key
    assert "penvoerder (" in key


# --------------------------------------------------------------------------- the annex


class _Recorder:
    """Stands in for `Report`: keeps the markdown and the table names the annex writes."""

    def __init__(self) -> None:
        self.markdowns: list[str] = []
        self.tables: list[str] = []

    def markdown(self, text: str) -> None:
        self.markdowns.append(text)

    def table(self, table: Table) -> None:
        self.tables.append(table.name)


@pytest.fixture(scope="module")
def published_annex() -> technical.Annex:
    """The published edition's annex: no submissions, the real co-publications."""
    copub = shared.compute(RAW)
    return technical.Annex(
        measured=False,
        copublications=copub,
        profiles=profile.university_profiles(RAW),
        national=None,
        europe=None,
        models=None,
        scheme=None,
        detectable=detectable.assumed_detectable(RAW, range(2010, 2026), n_sims=200),
        institutions=reference.load_institutions(RAW),
        assumptions=technical.assumptions_table(RAW, 2025, measured=False),
        levels=load_levels(RAW),
    )


def test_the_annex_has_a_section_for_every_pointer(published_annex: technical.Annex) -> None:
    rep = _Recorder()
    technical.show(cast(Any, rep), published_annex)
    headings = [m.split("\n", 1)[0] for m in rep.markdowns]
    assert headings[0] == f"## {pointers.CALCULATIONS_SECTION}"
    for chapter in pointers.CHAPTERS_WITH_DETAILS:
        assert f"### {pointers.section_title(chapter)}" in headings
    assert headings[-1] == f"## {pointers.TERMS_SECTION}"
    # No submissions: no estimation tables, only the assumptions the edition rests on.
    assert rep.tables == [technical.ASSUMPTIONS_TABLE]


def test_without_submissions_the_annex_names_the_methods_to_come(
    published_annex: technical.Annex,
) -> None:
    two = technical.chapter2_markdown(published_annex)
    assert "nog geen opgaven" in two and "Poisson" in two and "negatief-binomiaal" in two
    three = technical.chapter3_markdown(published_annex)
    assert "Wilson" in three and "Newcombe" in three and "(Holm)" in three
    assert "bootstrap" in three
    four = technical.chapter4_markdown(published_annex)
    test = published_annex.profiles.test if published_annex.profiles else None
    assert test is not None
    assert f"van alle {test.ways} manieren" in four.replace(".", "")
    assert "permutatietoets" in four
    five = technical.chapter5_markdown(published_annex)
    assert "placebo" in five and "verschil-in-verschillen" in five
    assert "gesimuleerde reeksen" in five and "aannames van de monitor" in five
