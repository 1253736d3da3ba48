"""The message catalogue: every Dutch message has an English one, and both render the same record.

The key messages are message ids with parameters (`analysis.publication.messages`); the Dutch text
is pinned by `test_key_messages.py`, so these tests check the catalogue itself (complete,
the same parameters in both languages, labels for every code) and the English rendering
of known records (numbers in English format, the same numbers as the Dutch text).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from analysis.data.indicators import catalogue
from analysis.publication import messages as m
from analysis.publication.chapters import key_messages
from analysis.publication.chapters.europe import result
from analysis.publication.chapters.key_messages import europe_answer, record, scheme_answer
from analysis.publication.chapters.key_messages import message as key_messages_message
from analysis.publication.chapters.scheme import effect_text
from analysis.publication.labels import INDICATOR_LABELS, MODEL_LABELS


def test_every_dutch_message_has_an_english_translation_with_the_same_parameters() -> None:
    nl, en = m.catalogue("nl"), m.catalogue("en")
    assert len(nl) > 40  # the four messages, the intro, bases, verdicts, key figures
    missing = sorted(set(nl) - set(en))
    assert missing == [], f"no English translation for {missing}"
    for key, text in nl.items():
        assert m.placeholders(en[key]) == m.placeholders(text), key


def test_english_messages_beyond_dutch_are_labels_of_codes() -> None:
    """English-only ids are the labels whose Dutch lives in `analysis.publication.labels` and the chapters."""
    extra = set(m.catalogue("en")) - set(m.catalogue("nl"))
    assert extra, "the English file holds the labels"
    assert {k.split(".")[0] for k in extra} <= {"indicator", "model", "subject", "denominator"}
    codes = {
        "indicator": set(INDICATOR_LABELS),
        "model": set(MODEL_LABELS),
        "subject": set(catalogue().short_labels),
        "denominator": set(result.DENOMINATOR_NOUN_NL),
    }
    for kind, wanted in codes.items():
        have = {k.split(".", 1)[1] for k in extra if k.startswith(kind + ".")}
        assert have == wanted, kind


def test_every_verdict_the_chapters_can_give_is_in_the_catalogue() -> None:
    """`break.<its>` and `partner.<did>` for each value `scheme.Verdict` documents."""
    nl = m.catalogue("nl")
    for its in ("not_yet", "no_change", "matched", "changed"):
        assert f"break.{its}" in nl
    for did in ("none", "pre_trends_differ", "alike", "matched", "differ"):
        assert f"partner.{did}" in nl
    for key in ("better", "worse", "indistinguishable", "not_assessable"):
        assert f"chance.{key}" in nl
    for basis in key_messages_message.BASES:
        assert f"basis.{basis}" in nl


def test_catalogue_files_are_free_of_fuzzy_and_empty_entries() -> None:
    for lang in m.LOCALES:
        text = m.catalogue_path(lang).read_text(encoding="utf-8")
        assert "#, fuzzy" not in text
        assert all(value.strip() for value in m.catalogue(lang).values())


@pytest.mark.parametrize(
    ("param", "nl", "en"),
    [
        (m.Num(1234), "1.234", "1,234"),
        (m.Num(62.65, 1), "62,7", "62.7"),  # half-up rounding once, in formatting
        (m.Num(-0.04, 1), "0,0", "0.0"),
        # Amounts hold together with no-break spaces; a negative has the minus sign U+2212.
        (m.Money(62_700_000), "€\u00a062,7\u00a0mln", "€62.7\u00a0million"),
        (m.Money(2_400_000_000), "€\u00a02,4\u00a0mld", "€2.4\u00a0billion"),
        (m.Money(450_000_000), "€\u00a0450\u00a0mln", "€450\u00a0million"),
        (m.Money(1234), "€\u00a01.234", "€1,234"),
        (m.Money(-1_500_000), "€\u00a0−1,5\u00a0mln", "€−1.5\u00a0million"),
        (m.Change(0.123), "+12,3%", "+12.3%"),
        (m.Change(-0.137), "−13,7%", "−13.7%"),
        (m.Num(608.0, 1, "fte"), "608\u00a0fte", "608\u00a0FTE"),
        (m.Num(573.84, 1, "fte"), "573,8\u00a0fte", "573.8\u00a0FTE"),
        (m.Plain("Ateneo [3]"), "Ateneo [3]", "Ateneo [3]"),
        (m.Join((m.Plain("a"), m.Plain("b"), m.Plain("c"))), "a, b en c", "a, b and c"),
        (m.Term("model", "push"), "aanbodmodel", "push model"),
        (m.Term("indicator", "kto_staff_fte", lower=True), "kto-personeel", "KTO staff"),
    ],
)
def test_parameters_render_per_language(param: m.Param, nl: str, en: str) -> None:
    assert m.render(param, "nl") == nl
    assert m.render(param, "en") == en


def test_a_missing_parameter_or_id_is_an_error() -> None:
    with pytest.raises(KeyError, match="needs"):
        m.render(m.Msg("keyfigure.reporters"), "en")
    with pytest.raises(KeyError, match="not in the en catalogue"):
        m.render(m.Msg("no.such.message"), "en")


def _numbers_nl(text: str) -> list[float]:
    return sorted(
        float(n.replace(".", "").replace(",", "."))
        for n in re.findall(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?", text)
    )


def _numbers_en(text: str) -> list[float]:
    return sorted(
        float(n.replace(",", ""))
        for n in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text)
    )


def test_the_english_scheme_message_carries_the_dutch_numbers() -> None:
    facts = scheme_facts()
    message = scheme_answer.scheme_message(facts)
    nl = message.answer
    en = m.render(message.answer_msg, "en")
    assert "tussen 1.210 en 1.460 spin-offs" in nl
    assert "between 1,210 and 1,460 spin-offs" in en
    assert "with research expenditure held at the 2024 level" in en
    assert "On this trend, the Netherlands is therefore not on course for the top." in en
    # what a test that found nothing could have shown, in both languages
    assert "met 80% kans een stijging van +41% of meer bij het volle budget" in nl
    assert "een stijging van ongeveer +100% of meer bij alleen de partners" in nl
    assert "a rise of +41% or more at the full budget with 80% probability" in en
    assert "a rise of about +100% or more at the partners alone with 80% probability" in en
    assert _numbers_nl(nl) == _numbers_en(en)
    assert key_messages.markdown([message], "en").startswith(
        "**1. Is the KTO-Nederland scheme on track?** The scheme runs from 2022"
    )
    assert message.basis_text("en") == (
        "Rests on cited sources, assumptions of the monitor and demonstration data."
    )


def scheme_facts() -> scheme_answer.SchemeFacts:
    return scheme_answer.SchemeFacts(
        plan_year=2022,
        first_year=2023,
        last_year=2029,
        ramp_assumed=True,
        budget_citation="[2]",
        verdict=effect_text.Verdict("no_change", "alike", 0, 8, 12.2, 3, 8),
        demo=True,
        indicator="spinoffs",
        end_year=2029,
        end_projection=1333.0,
        end_low=1210.0,
        end_high=1460.0,
        target=2500.0,
        target_low=2100.0,
        target_high=2950.0,
        held=("per_100m_research", 2024),
        detectable={"step": (0.41, False), "partners": (1.0, True)},
    )


def test_europe_subjects_are_named_in_english_by_their_codes() -> None:
    other = europe_answer.DemoComparison(
        behind=2,
        ahead=1,
        total=4,
        behind_subjects=("licenties", "spin-off-kapitaal"),
        range_low=None,
        range_high=None,
        demo=False,
        behind_codes=("licence_agreements", "spinoff_capital_eur"),
    )
    message = europe_answer.europe_message(None, other)
    assert "vastgesteld achter op de top (bij licenties en spin-off-kapitaal)" in message.answer
    en = m.render(message.answer_msg, "en")
    assert (
        "established to be behind the top in 2 of the 4 comparisons (in licences and spin-off "
        "capital)" in en
    )
    assert "ahead in 1 and in 1 the difference is not established (it lies within" in en
    assert np.array_equal(_numbers_nl(message.answer), _numbers_en(en))


def test_parameter_trees_read_back_equal_from_json() -> None:
    import json

    message = scheme_answer.scheme_message(scheme_facts())
    for tree in (message.question_msg, message.answer_msg, m.Term("indicator", "spinoffs", True)):
        data = json.loads(json.dumps(m.to_json(tree)))
        assert m.from_json(data) == tree
    with pytest.raises(ValueError, match="not a message parameter"):
        m.from_json({"type": "script", "text": "x"})
    with pytest.raises(ValueError, match="bad num parameter"):
        m.from_json({"type": "num", "value": 1, "colour": "red"})


def test_the_notebooks_record_holds_the_messages_and_reads_back(tmp_path: Path) -> None:
    messages = [
        scheme_answer.scheme_message(scheme_facts()),
        key_messages_message.KeyMessage(
            m.Plain("V?"), m.Num(1234.5, 1), ("real",), m.Plain("K."), m.Num(0.5, 1)
        ),
    ]
    record.write_record(messages, 2025, True, tmp_path)
    first = (tmp_path / record.RECORD).read_bytes()
    back = record.read_record(tmp_path, 2025)
    assert back == messages
    assert back is not None and back[1].answer == "1.234,5"
    assert m.render(back[1].answer_msg, "en") == "1,234.5"
    assert back[1].headline == "K." and m.render(back[1].brief_msg, "en") == "0.5"
    record.write_record(back, 2025, True, tmp_path)
    assert (tmp_path / record.RECORD).read_bytes() == first  # same messages, same bytes
    assert record.read_record(tmp_path, 2024) is None  # another edition's record
    assert record.read_record(tmp_path / "elders", 2025) is None
