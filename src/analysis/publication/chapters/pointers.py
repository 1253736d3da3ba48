"""Where a chapter sends its reader for the details: the sections of Bijlage B.

The chapters say what they find in plain Dutch; how it was computed (models, tests,
intervals) is in Bijlage B, 'Toelichting op de berekeningen', one section per chapter,
and the words a reader may not know are in 'Begrippen'. A chapter names the section it
points to with `see_annex`, and the annex takes its headings from `section_title`, so a
pointer and the heading it points to cannot drift apart.
"""

from __future__ import annotations

#: The annex that holds the methods (notebook 07).
ANNEX = "bijlage B"

#: The annex's section with the estimation details of the chapters.
CALCULATIONS_SECTION = "Toelichting op de berekeningen"

#: The annex's section that explains the words a reader may not know.
TERMS_SECTION = "Begrippen"

#: The chapters with estimation details in the annex.
CHAPTERS_WITH_DETAILS: tuple[int, ...] = (2, 3, 4, 5)


def section_title(chapter: int) -> str:
    """The annex heading of one chapter's details: 'Berekeningen bij hoofdstuk 4'."""
    if chapter not in CHAPTERS_WITH_DETAILS:
        raise ValueError(f"chapter {chapter} has no section in {ANNEX}")
    return f"Berekeningen bij hoofdstuk {chapter}"


def see_annex(chapter: int) -> str:
    """'zie de berekeningen bij hoofdstuk 4 in bijlage B': the pointer a chapter prints, the
    annex heading in the sentence's own words. No quotation marks: a closing quote right
    after the chapter's digit is set as a prime (4′) in the PDF."""
    title = section_title(chapter)
    return f"zie de {title[:1].lower()}{title[1:]} in {ANNEX}"
