"""Kernboodschappen: each answer follows from its inputs, says how certain it is, names its basis.

The wording is checked on hand-made inputs with known answers; the last tests run the
four messages on the shipped data and check what a non-specialist must (not) read.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.data import sources
from analysis.publication.chapters import key_messages as km
from analysis.publication.chapters.key_messages import (
    europe_answer,
    models_answer,
    programme_answer,
    scheme_answer,
)
from analysis.publication.chapters.key_messages import message as km_message
from analysis.publication.chapters.national import trend
from analysis.publication.chapters.scheme import effect_text
from analysis.publication.messages import Plain
from editions import demo_data_dir

#: The demonstration edition's data (the shipped fictitious panel): `data/raw` + `data/demo`.
RAW = demo_data_dir()
#: The published edition's data: real sources only, no submissions yet.
PUBLISHED = Path(__file__).resolve().parents[1] / "data" / "raw"

#: Words that claim cause; the messages may only speak of association in time.
CAUSAL = ("effect", "oorzaak", "veroorzaak", "dankzij", "leidde tot", "door de regeling")
#: Technical terms that stay in the chapters and the methods appendix.
TECHNICAL = ("kappa", "p-waarde", "cameron", "trivedi", "significant", "poisson", "bootstrap")


def programme_facts(**changes: object) -> programme_answer.ProgrammeFacts:
    base = {
        "start": 2010,
        "end": 2018,
        "subsidy_eur": 62_700_000.0,
        "consortia": 12,
        "cofunding_eur": 62_700_000.0,
        "cofunding_approx": True,
        "supported": 2000.0,
        "supported_approx": True,
        "facts_citation": "[1]",
        "findings_citation": "[1, 7]",
        "known_subsidies": 8,
        "known_subsidy_eur": 39_500_000.0,
        "measured": False,
    }
    base.update(changes)
    return programme_answer.ProgrammeFacts(**base)  # type: ignore[arg-type]


def test_programme_message_from_known_facts() -> None:
    message = programme_answer.programme_message(programme_facts())
    assert message.question == "Wat heeft het Valorisatieprogramma opgeleverd?"
    # Amounts hold together with no-break spaces (test_formatting); read as plain text here.
    text = message.answer.replace("\u00a0", " ")
    assert "gaf € 62,7 mln Rijkssubsidie aan 12 regionale consortia" in text
    assert "legden er ongeveer € 62,7 mln bij" in text
    assert "ongeveer 2.000 startups en mkb-bedrijven ondersteund \\[1\\]" in text
    assert "\\[1, 7\\]" in text
    assert "voor 8 van de 12 is een bedrag gevonden, samen € 39,5 mln" in text
    assert "kan de monitor niet meten" in text  # demonstration data in the programme years
    assert message.bases == ("real",)
    exact = programme_answer.programme_message(
        programme_facts(cofunding_approx=False, measured=True)
    ).answer.replace("\u00a0", " ")
    assert "legden er € 62,7 mln bij" in exact
    assert "zonder vergelijkingsgroep niet te scheiden" in exact


def test_programme_facts_from_the_cited_tables() -> None:
    wide = pd.DataFrame(
        {"institution_id": ["a"], "year": [2012], "spinoffs": [1.0], "is_demonstration": [True]}
    )
    facts = programme_answer.programme_facts(wide, RAW)
    register = sources.load_sources(RAW)
    policy = sources.reference_number("kamerstuk_32637_339", register)
    # By hand from programme.csv: EUR 62.7 M to 12 consortia, the co-funding 'inferred' and
    # the 2,000 supported firms 'approximate'; all four facts from the policy response.
    assert (facts.subsidy_eur, facts.consortia, facts.supported) == (62_700_000, 12, 2000)
    assert facts.cofunding_approx and facts.supported_approx
    assert facts.facts_citation == f"[{policy}]"
    # consortia.csv: 8 consortia with an amount, 7 x 5.0 M + 4.5 M = 39.5 M.
    assert (facts.known_subsidies, facts.known_subsidy_eur) == (8, 39_500_000)
    assert facts.measured is False
    real = wide.assign(is_demonstration=False)
    assert programme_answer.programme_facts(real, RAW).measured is True


REAL = europe_answer.RealComparison(
    edition=2020,
    period="2015–2018",
    n_universities=13,
    higher=4,
    lower=4,
    mixed=5,
    peers=("ETH Zürich", "Oxford", "KU Leuven"),
    citation="[54]",
)
DEMO = europe_answer.DemoComparison(
    behind=4,
    ahead=1,
    total=6,
    behind_subjects=("licenties", "octrooiaanvragen"),
    range_low=(1, 2),
    range_high=(3, 4),
    demo=True,
)


def test_europe_message_leads_with_the_real_comparison() -> None:
    message = europe_answer.europe_message(REAL, DEMO)
    text = message.answer
    real_at = text.index("publiceren 4 van de 13 Nederlandse universiteiten aantoonbaar vaker")
    demo_at = text.index("bij 4 van de 6 vergelijkingen vastgesteld achter")
    assert real_at < demo_at
    assert "(Leiden Ranking 2020, publicaties 2015–2018) \\[54\\]" in text
    assert "dan ETH Zürich, Oxford en KU Leuven, en 4 aantoonbaar minder vaak" in text
    assert "bij 5 is het verschil met ten minste één van de drie niet te onderscheiden" in text
    assert (
        "(bij licenties en octrooiaanvragen), bij 1 ervoor en bij 1 is het verschil niet " in text
    )
    assert "vooral" not in text.split("op de overige")[1]  # no word the numbers do not test
    assert "wordt dat 1 van de 2 tot 3 van de 4" in text
    same = europe_answer.europe_message(
        REAL, dataclasses.replace(DEMO, range_high=DEMO.range_low)
    ).answer
    assert "één voor één, of laat hij er één weg, dan blijft dat 1 van de 2." in same
    # The demonstration label follows the demonstration comparisons, not the real one.
    assert text.index("rusten op demonstratiegegevens") > demo_at
    assert message.bases == ("real", "demonstration")


def test_europe_message_without_the_ranking_or_on_real_data() -> None:
    only_demo = europe_answer.europe_message(None, DEMO)
    assert "Leiden" not in only_demo.answer and only_demo.bases == ("demonstration",)
    real = europe_answer.DemoComparison(2, 0, 2, (), None, None, demo=False)
    text = europe_answer.europe_message(REAL, real).answer
    assert "demonstratiegegevens" not in text
    assert "bij 2 van de 2 vergelijkingen vastgesteld achter op de top, bij 0 ervoor." in text
    assert europe_answer.europe_message(REAL, real).bases == ("real",)


def test_comparisons_are_counted_as_chapter_3_counts_them() -> None:
    # Hand-made: A and E wholly below 1 (behind), D wholly above (ahead), C and B straddle;
    # E's verdict does not survive the other price basis: not established, not counted.
    frame = pd.DataFrame(
        {
            "label": [
                "Licenties per melding — ETH",
                "Spin-offs per € 100 mln — Oxford",
                "Octrooiaanvragen per melding — ETH",
                "Spin-offs per melding — ETH",
                "Licenties per € 100 mln — Oxford",
            ],
            "ratio": [0.2, 0.9, 0.8, 1.5, 0.1],
            "low": [0.1, 0.5, 0.6, 1.2, 0.05],
            "high": [0.3, np.nan, 1.2, 1.8, 0.15],
            "established": ["behind", "not_established", "not_established", "ahead", "x"],
        }
    )
    sens = pd.DataFrame(
        {
            "choice": ["all", "only:eth", "without:eth"],
            "n_comparisons": [5, 3, 2],
            "n_behind": [2, 2, 0],
        }
    )
    counted = europe_answer.count_comparisons(frame, sens, demo=True)
    assert (counted.behind, counted.ahead, counted.total) == (1, 1, 5)
    assert counted.behind_subjects == ("licenties",)
    assert (counted.range_low, counted.range_high) == ((0, 2), (2, 3))


def models_facts(**changes: object) -> models_answer.ModelsFacts:
    base = {
        "evaluation": {
            "push": ("Delft", "Twente"),
            "exchange": ("Utrecht",),
            "serve": ("Tilburg",),
        },
        "evaluation_citation": "[1]",
        "counts": {"push": 3, "exchange": 5, "serve": 2},
        "n_institutions": 10,
        "depends": True,
        "agreement": 2,
        "n_consortia": 4,
        "kappa_low": -0.2,
        "kappa_high": 0.5,
        "demo": True,
    }
    base.update(changes)
    return models_answer.ModelsFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (-0.25, 0.51, "niet te onderscheiden van toeval"),
        (0.1, 0.6, "beter dan toeval"),
        (-0.6, -0.1, "slechter dan toeval"),
        (np.nan, 0.5, "niet te beoordelen"),
    ],
)
def test_chance_words(low: float, high: float, words: str) -> None:
    assert models_answer.chance_words(low, high) == words


def test_models_message_from_known_facts() -> None:
    message = models_answer.models_message(models_facts())
    text = message.answer
    assert text.startswith(
        "Volgens de evaluatie werkten 2 regio's met het aanbodmodel (Delft en Twente), 1 met "
        "het uitwisselingsmodel (Utrecht) en 1 met het dienstverleningsmodel (Tilburg) \\[1\\]."
    )
    # Most common first; ties keep push, exchange, serve order.
    assert (
        "5 instellingen in het uitwisselingsmodel, 3 instellingen in het aanbodmodel en 2 "
        "instellingen in het dienstverleningsmodel (van de 10;" in text
    )
    assert "hangt af van waarmee de instellingen worden vergeleken" in text
    assert "bij 2 van de 4 consortia overeen" in text
    assert "die overeenstemming is niet te onderscheiden van toeval" in text
    assert "zegt niets over de werkelijke instellingen" in text
    assert message.bases == ("real", "demonstration")
    steady = models_answer.models_message(models_facts(depends=False, demo=False)).answer
    assert "hangt af" not in steady and "demonstratiegegevens" not in steady


def scheme_facts(**changes: object) -> scheme_answer.SchemeFacts:
    base = {
        "plan_year": 2022,
        "first_year": 2023,
        "last_year": 2029,
        "ramp_assumed": True,
        "budget_citation": "[2, 53]",
        "verdict": effect_text.Verdict("no_change", "alike", 0, 8, 12.2, 3, 8),
        "demo": True,
        "indicator": "licence_agreements",
        "end_year": 2029,
        "end_projection": 409.0,
        "end_low": 341.0,
        "end_high": 489.0,
        "target": 1336.0,
        "target_low": 824.0,
        "target_high": 1849.0,
        "held": ("per_disclosure", 2025),
    }
    base.update(changes)
    return scheme_answer.SchemeFacts(**base)  # type: ignore[arg-type]


def test_scheme_message_from_known_facts() -> None:
    message = scheme_answer.scheme_message(scheme_facts())
    text = message.answer
    assert text.startswith(
        "De regeling loopt van 2022 tot en met 2029; 2022 was het jaar van de verkenning, het "
        "eerste geld voor de instellingen staat in de begroting voor 2023 \\[2, 53\\] (hoe het "
        "geld in de eerste jaren oploopt, is een aanname van de monitor"
    )
    assert (
        "In deze proefeditie is een verandering in het aantal spin-offs niet te onderscheiden"
        in text
    )
    assert "niet aantoonbaar anders dan de overige instellingen" in text
    assert "kunnen aantonen" not in text  # no power computed: nothing claimed about it
    powered = scheme_answer.scheme_message(
        scheme_facts(detectable={"step": (0.41, False), "partners": (1.0, True)})
    ).answer
    assert (
        "niet te onderscheiden van toeval (met deze gegevens had de monitor met 80% kans een "
        "stijging van +41% of meer bij het volle budget kunnen aantonen)"
    ) in powered
    assert (
        "niet aantoonbaar anders dan de overige instellingen (een stijging van ongeveer +100% of "
        "meer bij alleen de partners had de monitor met 80% kans kunnen aantonen)"
    ) in powered
    assert "in 2029 met 80% kans uit tussen 341 en 489 licentie- en optieovereenkomsten" in text
    assert "824 tot 1.849 licentie- en optieovereenkomsten vragen, bij evenveel" in text
    assert "ligt Nederland dus niet op koers naar de top" in text  # 489 < 824
    assert message.bases == ("real", "assumption", "demonstration")


@pytest.mark.parametrize(
    ("low", "high", "verdict"),
    [
        (900.0, 2000.0, "Of Nederland op koers ligt naar de top, is daarmee niet te zeggen."),
        (1900.0, 2100.0, "Op deze trend ligt Nederland dus op koers naar de top."),
        (100.0, 823.0, "Op deze trend ligt Nederland dus niet op koers naar de top."),
    ],
)
def test_on_track_compares_the_trend_band_with_the_target_range(
    low: float, high: float, verdict: str
) -> None:
    text = scheme_answer.scheme_message(scheme_facts(end_low=low, end_high=high)).answer
    assert verdict in text


def test_scheme_message_reads_association_never_cause() -> None:
    differ = effect_text.Verdict("changed", "differ", 0, 8, 30.0, 0, 8)
    text = scheme_answer.scheme_message(scheme_facts(verdict=differ)).answer
    assert "samenhang in de tijd met de start van de regeling" in text
    assert "meer dan in eerdere jaren zonder regeling" in text
    assert not any(word in text.lower() for word in CAUSAL)
    not_yet = effect_text.Verdict("not_yet", "none", 0, 0, np.nan, 0, 0)
    assert "nog niet te meten" in scheme_answer.scheme_message(scheme_facts(verdict=not_yet)).answer
    no_target = scheme_answer.scheme_message(
        scheme_facts(target=None, target_low=None, target_high=None)
    )
    assert "op geen vergelijkbare indicator ligt Nederland achter" in no_target.answer


def test_basis_text_and_markdown() -> None:
    message = km_message.KeyMessage(
        Plain("Vraag?"),
        Plain("Antwoord."),
        ("real", "demonstration"),
        Plain("Kort antwoord."),
        Plain(" Twee zinnen. Meer niet."),
    )
    other = km_message.KeyMessage(
        Plain("Twee?"), Plain("Ja."), ("assumption",), Plain("Ja."), Plain("Zo.")
    )
    assert message.basis_text() == "Berust op geciteerde bronnen en demonstratiegegevens."
    text = km.markdown([message, other])
    assert text == (
        "**1. Vraag?** Antwoord. *Berust op geciteerde bronnen en demonstratiegegevens.*\n\n"
        "**2. Twee?** Ja. *Berust op aannames van de monitor.*"
    )
    assert "proefeditie" in km.intro_markdown(2025, True)
    assert "proefeditie" not in km.intro_markdown(2025, False)
    # The page: the question, the bold answer on its own line, then the short sentences (leading space
    # of a sentence that follows another dropped) and the basis.
    page = km.page_markdown([message, other], 2025, False).split("\n\n")
    assert page[0].startswith("De Valorisatiemonitor 2025 beantwoordt vier vragen")
    assert page[1:] == [
        "*1. Vraag?*\\\n**Kort antwoord.**\\\nTwee zinnen. Meer niet. "
        "*Berust op geciteerde bronnen en demonstratiegegevens.*",
        "*2. Twee?*\\\n**Ja.**\\\nZo. *Berust op aannames van de monitor.*",
    ]
    assert "proefeditie" in km.page_markdown([message], 2025, True)


# ------------------------------------------------------------------ on the shipped data


@pytest.fixture(scope="module")
def shipped_wide(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    from analysis.data import ingest, process

    folder = tmp_path_factory.mktemp("processed")
    long = process.to_long(ingest.load_submissions(RAW / "kt_metrics"), sources.load_sources(RAW))
    process.write_processed(long, process.to_wide(long), folder)
    return trend.until(process.load_wide(folder), 2025)


def test_four_plain_messages_on_the_shipped_data(shipped_wide: pd.DataFrame) -> None:
    """The demonstration edition: every answer that rests on fictitious figures says so
    ('in deze proefeditie'), and every citation is in the reference list."""
    messages = km.compute(shipped_wide, RAW, 2025)
    assert [m.question for m in messages] == QUESTIONS
    listed = set(sources.reference_list(sources.load_sources(RAW))["number"])
    for message in messages:
        lower = message.answer.lower()
        assert not any(term in lower for term in TECHNICAL), message.question
        assert not any(word in lower for word in CAUSAL), message.question
        cited = _cited(message.answer)
        assert cited <= listed, message.question
        assert bool(cited) == ("real" in message.bases), message.question
    for message in messages[1:]:
        assert "demonstration" in message.bases
        assert "in deze proefeditie" in message.answer.lower(), message.question
    for message in messages:
        assert len(_sentences(message.headline)) == 1, message.headline
        assert 1 <= len(_sentences(message.brief)) <= 3, message.brief
        assert _cited(message.brief) <= listed
    for message in messages[1:]:
        assert "in deze proefeditie" in (message.headline + message.brief).lower()
    # Each "not demonstrable" on the scheme says what the monitor could have shown (chapter 5's
    # simulated power on these data, the same figures as the chapter prints).
    assert messages[3].answer.count("kunnen aantonen") == 2
    # The first funded year is read from the budget: 2023 after the 2022 exploration.
    assert (
        "het eerste geld voor de instellingen staat in de begroting voor 2023" in messages[3].answer
    )


QUESTIONS = [
    "Wat heeft het Valorisatieprogramma opgeleverd?",
    "Hoe staat Nederland ervoor ten opzichte van de Europese top?",
    "Welk valorisatiemodel volgen de regio's en de instellingen?",
    "Ligt de regeling KTO-Nederland op koers?",
]


def _cited(text: str) -> set[int]:
    return {int(n) for group in re.findall(r"\\\[([\d, ]+)\\\]", text) for n in group.split(",")}


def test_four_answers_before_any_submission() -> None:
    """The published edition without submissions: the real sources answer what they can,
    each answer says what is not yet measured, and none rests on demonstration data."""
    empty = pd.DataFrame({"institution_id": [], "year": [], "is_demonstration": []})
    messages = km.compute(empty, PUBLISHED, 2025)
    assert [m.question for m in messages] == QUESTIONS
    listed = set(sources.reference_list(sources.load_sources(PUBLISHED))["number"])
    for message in messages:
        assert "demonstration" not in message.bases
        assert "demonstratie" not in message.answer and "proefeditie" not in message.answer
        assert _cited(message.answer) and _cited(message.answer) <= listed, message.question
    assert "kan hij niet meten" in messages[0].answer
    # The real comparison of chapter 3, by hand from the 2020 rows (test_copublications):
    # TU/e, TU Delft, WUR and UT above all three peers; VU, UvA, RU and TiU below.
    assert (
        "publiceren 4 van de 13 Nederlandse universiteiten aantoonbaar vaker" in messages[1].answer
    )
    assert "daarvoor zijn nog geen opgaven van de Nederlandse instellingen" in messages[1].answer
    # The four push universities have the four highest shares: by chance 1 in C(13, 4) = 715.
    assert "staan de 4 universiteiten die de evaluatie bij het aanbodmodel indeelt bovenaan" in (
        messages[2].answer
    )
    assert "een kans van 1 op de 715" in messages[2].answer
    assert "ook niet over de jaren vóór 2023" in messages[3].answer
    # The Kernboodschappen page: one sentence in bold, at most three short ones after it,
    # every citation in the list, nothing from the proefeditie.
    for message in messages:
        assert len(_sentences(message.headline)) == 1, message.headline
        assert 1 <= len(_sentences(message.brief)) <= 3, message.brief
        assert len(message.headline.split()) <= 30 and len(message.brief.split()) <= 90
        assert _cited(message.brief) <= listed
        assert "proefeditie" not in message.headline + message.brief
    assert messages[0].headline.endswith("wat het aan kennisoverdracht opleverde, is niet gemeten.")
    assert messages[1].headline == (
        "Met bedrijven publiceren 4 van de 13 universiteiten vaker dan de Europese top en 4 minder "
        "vaak; de afstand in kennisoverdracht is nog niet gemeten."
    )
    assert messages[2].headline.startswith(
        "De universiteiten die de evaluatie bij het aanbodmodel indeelt, publiceren het vaakst"
    )
    assert "1 op de 715" in messages[2].brief
    assert messages[3].headline.startswith(
        "Of de regeling KTO-Nederland op koers ligt, is nog niet"
    )
    # What the tests will see, from chapter 5's assumed panel (test_power checks its figures).
    assert re.search(
        r"een stijging van het aantal spin-offs van \+\d+% of meer bij het volle budget met 80% "
        r"kans kunnen aantonen",
        messages[3].brief,
    )


# ------------------------------------------------------------------ the Kernboodschappen page


def _sentences(text: str) -> list[str]:
    """A short answer split into sentences (a full stop, then a capital, a digit or a quote)."""
    return re.split(r"(?<=[.?!])\s+(?=[A-Z0-9‘(])", text.strip())


def test_short_scheme_answer_from_known_facts() -> None:
    message = scheme_answer.scheme_message(scheme_facts(detectable={"step": (0.41, False)}))
    # The band's top (489) is below the top's range's bottom (824): off course.
    assert message.headline == (
        "In deze proefeditie haalt Nederland op de huidige trend in 2029 het niveau van de "
        "Europese top niet."
    )
    assert _sentences(message.brief) == [
        "De regeling loopt van 2022 tot en met 2029; het eerste geld voor de instellingen staat "
        "in de begroting voor 2023 \\[2, 53\\].",
        "In deze proefeditie is een verandering in het aantal spin-offs niet te onderscheiden "
        "van toeval sinds 2023; een stijging van +41% of meer had de monitor met 80% kans gezien.",
        "Op de huidige trend komt Nederland in 2029 uit op 341 tot 489 licentie- en "
        "optieovereenkomsten (80% kans); aansluiten bij de top vraagt er 824 tot 1.849.",
    ]
    unknown = scheme_answer.scheme_message(scheme_facts(demo=False, end_low=900.0, end_high=2000.0))
    assert unknown.headline == (
        "Of Nederland in 2029 het niveau van de Europese top haalt, is nog niet te zeggen."
    )
    assert "proefeditie" not in unknown.brief and "gezien" not in unknown.brief  # no power
    on = scheme_answer.scheme_message(scheme_facts(demo=False, end_low=1900.0, end_high=2100.0))
    assert (
        on.headline == "Op de huidige trend haalt Nederland in 2029 het niveau van de Europese top."
    )
    none = scheme_answer.scheme_message(
        scheme_facts(demo=False, target=None, target_low=None, target_high=None)
    )
    assert (
        none.headline == "Nederland ligt op geen vergelijkbare indicator achter op de Europese top."
    )
    assert "aansluiten" not in none.brief


def test_short_europe_answer_leads_with_the_real_comparison() -> None:
    demo = europe_answer.europe_message(REAL, DEMO)
    assert demo.headline == (
        "Met bedrijven publiceren 4 van de 13 universiteiten vaker dan de Europese top en 4 minder "
        "vaak; de afstand in kennisoverdracht laat deze proefeditie alleen op fictieve cijfers zien."
    )
    sentences = _sentences(demo.brief)
    assert len(sentences) == 3
    assert (
        "(Leiden Ranking 2020, publicaties 2015–2018) \\[54\\]; bij 5 universiteiten"
        in (sentences[0])
    )
    assert sentences[2] == (
        "In deze proefeditie ligt Nederland daarop bij 4 van de 6 vergelijkingen vastgesteld "
        "achter en bij 1 ervoor; die cijfers zijn fictief."
    )
    measured = europe_answer.DemoComparison(2, 0, 2, (), None, None, demo=False)
    real = europe_answer.europe_message(REAL, measured)
    assert real.headline.endswith(
        "; in kennisoverdracht ligt Nederland bij 2 van de 2 vergelijkingen vastgesteld achter."
    )
    assert "fictie" not in real.brief and "proefeditie" not in real.brief
    only_demo = europe_answer.europe_message(None, DEMO)
    assert only_demo.headline.startswith("In deze proefeditie ligt Nederland in kennisoverdracht")
    assert _sentences(only_demo.brief)[-1] == "Die cijfers zijn fictief."


def test_short_models_answer_from_known_facts() -> None:
    message = models_answer.models_message(models_facts())
    assert message.headline == (
        "In deze proefeditie verdelen de instellingen zich op hun cijfers over de drie "
        "valorisatiemodellen; welk het vaakst voorkomt, hangt af van de vergelijking."
    )
    assert _sentences(message.brief) == [
        "De evaluatie deelde de 4 regio's in: 2 bij het aanbodmodel, 1 bij het uitwisselingsmodel en "
        "1 bij het dienstverleningsmodel \\[1\\].",
        "De monitor deelt elke instelling in op de mix van haar cijfers: 5 instellingen in het "
        "uitwisselingsmodel, 3 instellingen in het aanbodmodel en 2 instellingen in het dienstverleningsmodel "
        "(hoofdstuk 4).",
        "Of dat overeenkomt met de evaluatie, zegt in deze proefeditie niets: de instellingen "
        "zijn fictief.",
    ]
    steady = models_answer.models_message(models_facts(depends=False, demo=False))
    assert steady.headline == (
        "Op hun eigen cijfers volgen de meeste instellingen (5 van de 10) het uitwisselingsmodel."
    )
    assert _sentences(steady.brief)[-1] == (
        "Per regio komt dat bij 2 van de 4 samenwerkingsverbanden overeen met de evaluatie; die "
        "overeenstemming is niet te onderscheiden van toeval."
    )
