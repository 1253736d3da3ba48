"""The key messages open the report (issues 12 and 23) and agree with the chapters they sum up.

Read as the adviser who opens the PDF: right after the cover, one page with the four
questions, each answered in one bold sentence and at most three short ones, then the
contents; the site opens on the same page. The signals
section is in the summary. The numbers in the messages are looked up in the chapters'
own sentences, so the front can never say something the chapter does not.
"""

from __future__ import annotations

import re

import pytest

from analysis.publication.chapters.copublications import figure, shared

from .browser import pdftotext
from .conftest import ROOT, Built, needs

pytestmark = pytest.mark.e2e

QUESTIONS = (
    "Wat heeft het Valorisatieprogramma opgeleverd?",
    "Hoe staat Nederland ervoor ten opzichte van de Europese top?",
    "Welk valorisatiemodel volgen de regio’s en de instellingen?",
    "Ligt de regeling KTO-Nederland op koers?",
)


def flat(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def contents_page(page: str) -> bool:
    """The contents open the page, after the proefeditie's running header where there is one."""
    return page.removeprefix("Proefeditie — fictieve instellingen en cijfers ").startswith("Inhoud")


@needs("pdftotext")
def test_key_messages_follow_the_cover_on_one_page(built: Built) -> None:
    pages = [flat(pdftotext(built.pdf, n, n)) for n in range(1, 6)]
    assert "Kernboodschappen" in pages[1].split(".")[0]  # page 2 opens with them
    contents = next(i for i, page in enumerate(pages) if contents_page(page))
    assert contents == 2, "the key messages take more than one page"
    front = pages[1]
    for question in QUESTIONS:
        assert question.replace("’", "'") in front.replace("’", "'"), question
    assert "proefeditie" in front.lower()
    assert not re.search(r"(?i)kappa|p-waarde|cameron|trivedi|bootstrap", front)


@needs("pdftotext")
def test_the_published_key_messages_say_what_is_not_yet_measured(published: Built) -> None:
    pages = [flat(pdftotext(published.pdf, n, n)) for n in range(1, 5)]
    contents = next(i for i, page in enumerate(pages) if contents_page(page))
    assert contents == 2, "the key messages take more than one page"
    front = pages[1]
    for question in QUESTIONS:
        assert question.replace("’", "'") in front.replace("’", "'"), question
    assert "proefeditie" not in front.lower() and "demonstratie" not in front.lower()
    assert "zijn nog geen opgaven van de Nederlandse instellingen" in front
    assert "wat het aan kennisoverdracht opleverde, is niet gemeten" in front


def test_the_site_opens_on_the_key_messages(built: Built) -> None:
    index = (built.site / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="vm-page-title">Kernboodschappen</h1>' in index
    summary = (built.site / "00_samenvatting.html").read_text(encoding="utf-8")
    assert 'id="signalen-en-aandachtspunten"' in summary


@needs("pdftotext")
def test_the_messages_agree_with_the_chapters(built: Built) -> None:
    text = flat(pdftotext(built.pdf))
    front = text[: text.index("Inhoud")]
    # The chapters: everything after the summary's last section (its heading, not the
    # contents line, which comes first).
    signals = text.index("Signalen en aandachtspunten", text.index("Inhoud") + 1)
    text = text[text.index("Signalen en aandachtspunten", signals + 1) :]
    behind = re.search(
        r"bij (\d+) van de (\d+) vergelijkingen met de Europese top vastgesteld", front
    )
    assert behind is not None
    # Chapter 3's own opening counts the same comparisons and the same established verdicts.
    assert f"van de {behind.group(2)} vergelijkingen" in text
    assert f"Daarvan blijven {behind.group(1)} keer achter" in text
    # Chapter 4 counts the institutions per model as the key message does.
    counts = re.findall(r"(\d+) instellingen in het ([a-z]+model)", front)
    assert len(counts) == 3, counts
    for count, model in counts:
        assert re.search(rf"\b{count} (?:instellingen )?in het {model}\b", text), (count, model)


@needs("pdftotext")
def test_the_published_messages_agree_with_the_chapters(published: Built) -> None:
    text = flat(pdftotext(published.pdf))
    front = text[: text.index("Inhoud")]
    real = re.search(
        r"Met bedrijven publiceren (\d+) van de (\d+) universiteiten vaker dan de Europese top",
        front,
    )
    assert real is not None
    # Chapter 3's co-publication takeaway (its own function) counts the same universities.
    takeaway = figure.chart_title(shared.compute(ROOT / "data" / "raw"))
    assert takeaway.startswith(
        f"{real.group(1)} van de {real.group(2)} Nederlandse universiteiten publiceren vaker"
    )
