"""The words a Member of Parliament may not know, explained once: at first use and in Bijlage B.

The report is an attachment to a letter to parliament, read by people who do not work
in knowledge transfer. A chapter either avoids a specialist word or explains it where a
reader first meets it (`explain`: 'spin-off (een nieuw bedrijf dat …)'); the annex lists
every explanation under 'Begrippen' (`glossary_table`), so a reader who starts in the
middle finds it too. One wording per word: the explanation at first use is the glossary's
own short form, never a second one written by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from analysis.data.assumptions import Levels
from analysis.publication import escape, labels
from analysis.publication import formatting as fmt


@dataclass(frozen=True)
class Term:
    """One word: how the report writes it, the short explanation that follows its first use
    in brackets, and the fuller meaning the glossary gives (the short one when empty)."""

    word: str
    short: str
    meaning: str = ""

    @property
    def full(self) -> str:
        return self.meaning or self.short


def _model(code: str, does: str) -> Term:
    return Term(
        labels.MODEL_LABELS[code],
        does,
        f"{does[:1].upper()}{does[1:]}. De evaluatie van het Valorisatieprogramma noemt dit "
        f"‘{labels.MODEL_EVALUATION_TERMS[code]}’.",
    )


#: Every explained word, by key. The keys are the report's own words in lower case.
TERMS: dict[str, Term] = {
    "valorisatie": Term(
        "valorisatie",
        "kennis uit onderzoek laten benutten buiten de wetenschap, door bedrijven, overheid of "
        "maatschappelijke organisaties",
    ),
    "kennisoverdracht": Term(
        "kennisoverdracht",
        "het doorgeven van kennis uit onderzoek aan bedrijven en organisaties, bijvoorbeeld met "
        "licenties, spin-offs en onderzoek in opdracht",
    ),
    "kto": Term(
        "KTO",
        "kennisoverdrachtsorganisatie: het bureau van een kennisinstelling dat onderzoekers helpt "
        "hun kennis te benutten",
        "Kennisoverdrachtsorganisatie: het bureau van "
        "een kennisinstelling dat onderzoekers helpt hun kennis te benutten, door octrooien aan "
        "te vragen, licenties af te sluiten en spin-offs op te zetten.",
    ),
    "kto-nederland": Term(
        "KTO-Nederland",
        "de samenwerkende KTO's van de 14 universiteiten, de 8 umc's en twee instituten voor "
        "onderzoek, die het plan voor de regeling schreven",
    ),
    "umc": Term(
        "umc",
        "universitair medisch centrum: een academisch ziekenhuis met onderzoek en onderwijs",
    ),
    "to2": Term(
        "TO2-instelling",
        "een instituut voor toegepast onderzoek dat met de overheid samenwerkt",
    ),
    "fte": Term(
        "fte",
        "voltijdbaan: 1 fte is één persoon die voltijds werkt, 0,5 fte een halve baan",
    ),
    "spin-off": Term(
        "spin-off",
        "een nieuw bedrijf dat is opgericht om kennis of een uitvinding van de instelling te benutten",
    ),
    "licentie": Term(
        "licentie",
        "toestemming, meestal tegen betaling, om een uitvinding, software of ander resultaat van "
        "de instelling te gebruiken",
        "Toestemming, meestal tegen betaling, om een uitvinding, software of ander resultaat van "
        "de instelling te gebruiken. Een optieovereenkomst geeft het recht om binnen een termijn "
        "een licentie te nemen; de monitor telt beide samen.",
    ),
    "octrooi": Term(
        "octrooi",
        "patent: het recht om anderen een uitvinding een aantal jaren niet zonder toestemming te "
        "laten gebruiken",
        "Patent: het recht om anderen een uitvinding een aantal jaren niet zonder toestemming te "
        "laten gebruiken. De monitor telt de eerste (prioritaire) aanvraag per uitvinding; latere "
        "aanvragen voor dezelfde uitvinding in andere landen tellen niet opnieuw.",
    ),
    "uitvindingsmelding": Term(
        "uitvindingsmelding",
        "de melding van een onderzoeker aan het KTO dat hij iets heeft gevonden dat te beschermen "
        "of te benutten is, vaak het begin van een octrooi, licentie of spin-off",
    ),
    "onderzoeksovereenkomst": Term(
        "onderzoeksovereenkomst",
        "een overeenkomst om samen met een bedrijf of organisatie onderzoek te doen",
    ),
    "contractonderzoek": Term(
        "contractonderzoek",
        "onderzoek of advies in opdracht van een bedrijf of organisatie, die ervoor betaalt",
    ),
    "intensiteit": Term(
        "intensiteit",
        "een aantal of bedrag in verhouding tot de omvang van de instelling, bijvoorbeeld per "
        "€ 100 mln onderzoeksuitgaven",
    ),
    "leiden ranking": Term(
        "Leiden Ranking",
        "de ranglijst van universiteiten die het CWTS, het Centrum voor Wetenschaps- en "
        "Technologiestudies in Leiden, publiceert",
        "De ranglijst van universiteiten van het Centrum voor Wetenschaps- en "
        "Technologiestudies (CWTS) in Leiden. Ze telt onder meer welk deel van "
        "de publicaties van een universiteit een co-auteur uit het bedrijfsleven heeft.",
    ),
    "mediaan": Term(
        "mediaan",
        "de middelste waarde: de helft van de waarden ligt erboven, de helft eronder",
    ),
    "toeval": Term(
        "niet te onderscheiden van toeval",
        "het verschil is zo klein dat het ook door toeval kan zijn ontstaan",
        "Het verschil is zo klein dat het ook door toeval kan zijn ontstaan: met de gegevens "
        "die er zijn, is niet uit te sluiten dat er geen verschil is. Het betekent niet dat er "
        "zeker geen verschil is.",
    ),
    "astp": Term(
        "ASTP",
        "de Europese beroepsvereniging voor kennisoverdracht, waarvan de jaarlijkse enquête de "
        "indicatoren van de monitor bepaalt",
    ),
    "consortium": Term(
        "consortium",
        "een regionaal samenwerkingsverband van kennisinstellingen, vaak met overheden en bedrijven",
    ),
    "cofinanciering": Term(
        "cofinanciering",
        "het geld dat de regionale partners naast de Rijkssubsidie bijdroegen",
    ),
    "penvoerder": Term(
        "penvoerder",
        "de instelling die namens het consortium de subsidie aanvroeg en verantwoordde",
    ),
    "ecosysteem": Term(
        "ecosysteem",
        "de regio of campus waarin een instelling met bedrijven samenwerkt, zoals Brainport "
        "Eindhoven",
    ),
    "valorisatiemodel": Term(
        "valorisatiemodel",
        "de manier waarop een instelling of consortium haar kennis laat benutten; de evaluatie van "
        "het Valorisatieprogramma onderscheidt er drie",
    ),
    "aanbodmodel": _model(
        "push",
        "kennis uit onderzoek aanbieden aan bedrijven, met octrooien, licenties en spin-offs",
    ),
    "uitwisselingsmodel": _model(
        "exchange",
        "kennis uitwisselen met bedrijven en organisaties door samen onderzoek te doen",
    ),
    "dienstverleningsmodel": _model(
        "serve",
        "diensten verlenen: onderzoek en advies in opdracht, en steun aan startups",
    ),
    "referentiepunt": Term(
        "referentiepunt",
        "de instelling waarmee de monitor elke instelling vergelijkt om haar valorisatiemodel "
        "te bepalen: de mediane instelling, of ter controle een andere keuze",
    ),
    "placebojaar": Term(
        "placebojaar",
        "een eerder jaar zonder regeling waarin de monitor dezelfde berekening maakt, om te zien "
        "hoe groot veranderingen zonder regeling zijn",
    ),
    "doelpad": Term(
        "doelpad",
        "de weg waarlangs Nederland in 2029 op het niveau van de Europese top zou uitkomen, als "
        "de opbouw de regeling volgt",
    ),
    "prijspeil": Term(
        "prijspeil",
        "bedragen uit verschillende jaren omgerekend naar de prijzen van één jaar, zodat "
        "inflatie ze niet groter laat lijken",
    ),
}


def interval_term(levels: Levels) -> Term:
    """The interval, at the assumptions table's confidence level ('95%-interval')."""
    level = fmt.level(levels.confidence)
    return Term(
        f"{level}-interval",
        f"het gebied waarin de werkelijke waarde met {level} zekerheid ligt",
        f"Het gebied waarin de werkelijke waarde met {level} zekerheid ligt, gegeven de gegevens "
        "en de berekening. Ligt een verschil van nul binnen het interval, dan is het verschil "
        "niet te onderscheiden van toeval.",
    )


def term(key: str) -> Term:
    """One explained word; an unknown key is a mistake in the text, named."""
    try:
        return TERMS[key]
    except KeyError:
        raise KeyError(f"no explanation for {key!r}; known: {', '.join(sorted(TERMS))}") from None


def explain(key: str, word: str | None = None, also: str = "") -> str:
    """The word at its first use with its explanation in brackets: 'spin-off (een nieuw
    bedrijf …)'. `word` is the form the sentence needs ('spin-offs'), default the term;
    `also` is what the sentence would have put in brackets anyway, after a semicolon."""
    entry = term(key)
    return f"{word or entry.word} ({entry.short}{'; ' + also if also else ''})"


def glossary_table(levels: Levels) -> pd.DataFrame:
    """Every explained word and its meaning, alphabetically: Bijlage B, 'Begrippen' (the
    interval at the assumptions table's confidence level)."""
    rows = sorted(
        (
            (t.word, t.full[:1].upper() + t.full[1:])
            for t in (*TERMS.values(), interval_term(levels))
        ),
        key=lambda r: r[0].lower(),
    )
    frame = pd.DataFrame(rows, columns=["Begrip", "Betekenis"])
    frame["Betekenis"] = [m if m.endswith(".") else m + "." for m in frame["Betekenis"]]
    return frame


def glossary_markdown(levels: Levels) -> str:
    """Bijlage B, 'Begrippen': every explained word in bold with its meaning, one per line
    (a list, not a table: the explanations are the monitor's own words, not figures)."""
    intro = (
        "De woorden die een lezer buiten de kennisoverdracht misschien niet kent, met hun "
        "betekenis in dit rapport. De hoofdstukken leggen ze ook uit waar ze voor het eerst "
        "voorkomen."
    )
    table = glossary_table(levels)
    lines = [
        f"- **{escape.markdown(word)}**: {escape.markdown(meaning)}"
        for word, meaning in zip(table["Begrip"], table["Betekenis"], strict=True)
    ]
    return intro + "\n\n" + "\n".join(lines)


def _is_abbreviation(short: str, name: str) -> bool:
    """Whether a short name needs its full name beside it: not when it is the name, or a
    whole word of it ('Fontys' in 'Fontys Hogescholen', 'HAS' in 'HAS Hogeschool')."""
    if short == name:
        return False
    words = name.replace("(", " ").replace(")", " ").split()
    return short not in words


def abbreviations(shown: Iterable[str], institutions: pd.DataFrame) -> str:
    """'TU/e: Technische Universiteit Eindhoven; UL: Universiteit Leiden' for every short
    name in `shown` that is an abbreviation (institutions.csv `short_name` → `name_nl`), in
    alphabetical order; '' when none is. Names from data: the caller escapes for its format."""
    full = dict(
        zip(
            institutions["short_name"].astype(str),
            institutions["name_nl"].astype(str),
            strict=True,
        )
    )
    pairs = sorted(
        {(s, full[s]) for s in shown if s in full and _is_abbreviation(s, full[s])},
        key=lambda p: p[0].lower(),
    )
    return "; ".join(f"{short}: {name}" for short, name in pairs)
