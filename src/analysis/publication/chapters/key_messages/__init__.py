"""Kernboodschappen: the four questions of the plan and the evaluation, answered for a non-specialist.

The page the PDF prints right after its cover (and the site's front page). Each answer
is computed from the data with the chapters' own functions and settings (nothing is
recomputed another way), says how certain it is in words ('waarschijnlijk', 'niet te
onderscheiden van toeval', a range), and says when it rests on demonstration data.
Technical terms (kappa, p-values, model names of the statistics) stay in the chapters
and the methods appendix; the answers speak of 'toeval', 'samenhang in de tijd' and
'rekenvoorbeeld', never of an effect of the scheme.

The package has two layers, so the wording can be tested on hand-made inputs:
`compute` gathers the chapters' results into small records (`ProgrammeFacts`,
`RealComparison`, `DemoComparison`, `ModelsFacts`, `SchemeFacts`), and the four
`*_message` functions turn one record each into a `KeyMessage`; one module per
question (`programme_answer`, `europe_answer`, `models_answer`, `scheme_answer`), the
message type in `message` and the notebook's record in `record`.

A `KeyMessage` holds message ids with parameters, not text (`analysis.publication.messages`): the
words are in the gettext catalogues (`analysis/publication/locale/{nl,en}/LC_MESSAGES/messages.po`),
so the report's Dutch and the English summary (`analysis.publication.english`) render
one and the same computed record. The Dutch text is what this module printed before
the catalogue existed, to the byte (`tests/test_key_messages.py` pins it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.publication.chapters.europe import result
from analysis.publication.chapters.key_messages.baseline import compute_baseline
from analysis.publication.chapters.key_messages.europe_answer import (
    demo_comparison,
    europe_message,
    real_comparison,
)
from analysis.publication.chapters.key_messages.message import KeyMessage, maybe
from analysis.publication.chapters.key_messages.models_answer import models_facts, models_message
from analysis.publication.chapters.key_messages.programme_answer import (
    programme_facts,
    programme_message,
)
from analysis.publication.chapters.key_messages.scheme_answer import scheme_facts, scheme_message
from analysis.publication.chapters.national import trend
from analysis.publication.chapters.scheme import result as scheme_result
from analysis.publication.messages import Concat, Lang, Msg, Param, msg, render

__all__ = [
    "brief_intro_param",
    "compute",
    "intro_markdown",
    "intro_param",
    "markdown",
    "page_markdown",
]


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    gaps: result.EuropeResult | None = None,
    chapter5: scheme_result.SchemeResult | None = None,
) -> list[KeyMessage]:
    """The four messages, from the chapters' own functions and settings (before any
    submission: what the real sources show and what is not yet measured). A notebook that
    has computed chapters 3 and 5 already passes their results (`gaps`, `chapter5`)."""
    if wide[wide["year"] <= year].empty:
        return compute_baseline(wide, data_dir, year)
    demo = trend.uses_demonstration_data(wide)
    gaps = gaps if gaps is not None else result.compute(wide, data_dir, year)
    chapter5 = chapter5 if chapter5 is not None else scheme_result.compute(wide, data_dir, year)
    return [
        programme_message(programme_facts(wide, data_dir)),
        europe_message(real_comparison(data_dir), demo_comparison(gaps, demo)),
        models_message(models_facts(wide, data_dir, year, demo)),
        scheme_message(scheme_facts(data_dir, demo, chapter5)),
    ]


def intro_param(year: int, demo: bool) -> Param:
    """One paragraph above the full answers (the summary): what they answer and rest on."""
    return Concat((msg("intro.body", year=year), maybe(demo, Msg("intro.demo"))))


def brief_intro_param(year: int, demo: bool) -> Param:
    """Two sentences above the Kernboodschappen: what they answer, where the rest is."""
    return Concat((msg("intro.brief", year=year), maybe(demo, Msg("intro.brief_demo"))))


def intro_markdown(year: int, demo: bool, lang: Lang = "nl") -> str:
    """The paragraph above the messages, in `lang` (pandoc Markdown)."""
    return render(intro_param(year, demo), lang)


def page_markdown(messages: Sequence[KeyMessage], year: int, demo: bool, lang: Lang = "nl") -> str:
    """The Kernboodschappen page: per question the question in italics, the answer in bold,
    then its short sentences and what they rest on; the page fits one page in the PDF
    (tests/e2e/test_front_matter.py)."""
    blocks = [render(brief_intro_param(year, demo), lang)]
    for n, m in enumerate(messages, 1):
        blocks.append(
            f"*{n}. {render(m.question_msg, lang)}*\\\n"
            f"**{render(m.headline_msg, lang)}**\\\n"
            f"{render(m.brief_msg, lang).strip()} *{m.basis_text(lang)}*"
        )
    return "\n\n".join(blocks)


def markdown(messages: Sequence[KeyMessage], lang: Lang = "nl") -> str:
    """The full answers (the summary's 'De vier vragen'): numbered questions, each answer
    followed by what it rests on."""
    blocks = [
        f"**{n}. {render(m.question_msg, lang)}** {render(m.answer_msg, lang)} "
        f"*{m.basis_text(lang)}*"
        for n, m in enumerate(messages, 1)
    ]
    return "\n\n".join(blocks)
