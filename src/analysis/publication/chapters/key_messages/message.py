"""A key message: its question, its answer and what the answer rests on, as catalogue messages."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.publication import escape
from analysis.publication.messages import Join, Lang, Msg, Param, Plain, msg, render

#: What a message rests on: `basis.<basis>` in the message catalogue (`analysis.publication.messages`).
BASES: tuple[str, ...] = ("real", "demonstration", "assumption")


@dataclass(frozen=True)
class KeyMessage:
    """One question with its answer and what the answer rests on, as catalogue messages.

    Two lengths of one answer, from the same facts: `headline_msg` (one sentence, printed
    in bold) and `brief_msg` (at most three short sentences: what real sources show, what
    is not yet measured or only illustrative) make the Kernboodschappen page, which a
    reader takes in at a glance; `answer_msg` is the full answer with its ranges and
    caveats, in the summary. All are message ids with parameters
    (`analysis.publication.messages`), rendered in Dutch for the report and in English for
    the English summary; the properties `question`, `headline`, `brief` and `answer` are
    the Dutch text (pandoc Markdown).
    """

    question_msg: Param
    answer_msg: Param
    bases: tuple[str, ...]
    headline_msg: Param
    brief_msg: Param

    @property
    def headline(self) -> str:
        return render(self.headline_msg, "nl")

    @property
    def brief(self) -> str:
        return render(self.brief_msg, "nl")

    @property
    def question(self) -> str:
        return render(self.question_msg, "nl")

    @property
    def answer(self) -> str:
        return render(self.answer_msg, "nl")

    def basis_param(self) -> Msg:
        """'Berust op ...' / 'Rests on ...' with the bases joined."""
        return msg("basis.rests_on", bases=Join(tuple(Msg(f"basis.{b}") for b in self.bases)))

    def basis_text(self, lang: Lang = "nl") -> str:
        """'Berust op geciteerde bronnen en demonstratiegegevens.'"""
        return render(self.basis_param(), lang)


def md_text(text: str) -> str:
    """A citation or a name from data, escaped for pandoc Markdown prose."""
    return escape.markdown(text)


def maybe(condition: bool, param: Param) -> Param:
    """`param` when `condition` holds, else nothing (an optional sentence or word)."""
    return param if condition else Plain("")
