"""Chapter 4 before any submission: a profile of each university from the real indicator that
exists, set against the evaluation's typology where the two can be compared.

The evaluation placed the technical universities in the push model (commercialising
research output with firms). The one real indicator measured the same way for every
Dutch university is the share of its publications with a co-author from industry
(CWTS Leiden Ranking). If the universities the evaluation calls push also publish more
often with firms, that is agreement between a measured indicator and the evaluation's
label; the label is never an input of the profile (the profile is the share alone).

The test is exact: of all ways to pick as many universities as the evaluation puts in
the push model, how many have a mean share at least as high as the push universities'
own? With 13 universities and 4 push universities there are 715 ways; if the four have
the four highest shares, only one way does, p = 1/715. The share says nothing about
spin-offs or licences, and technical fields co-publish with industry more often in
every country, so the agreement rests partly on the fields ("mede door de vakgebieden");
the Leiden Ranking file used gives no field breakdown to separate the two.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import load_levels
from analysis.publication import formatting as fmt
from analysis.publication.chapters.copublications.shared import compute as compute_copub
from analysis.publication.chapters.copublications.shared import source_note
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import MODEL_LABELS

NAME = "profiel_universiteiten"


@dataclass(frozen=True)
class PushTest:
    """The exact one-sided permutation test of the push universities' mean share."""

    n: int
    k: int
    observed_mean: float
    rest_mean: float
    at_least: int
    ways: int

    @property
    def p_value(self) -> float:
        return self.at_least / self.ways


def push_test(shares: pd.Series, push: pd.Series) -> PushTest:
    """Exact p-value: the share of all k-subsets whose mean share is at least the push mean.

    `shares` and `push` share an index (one row per university); ties count as 'at least'
    (a conservative p-value).
    """
    values = shares.astype("float64").to_list()
    chosen = [bool(x) for x in push]
    k = sum(chosen)
    n = len(values)
    if k == 0 or k == n:
        raise ValueError("the test needs push universities and others")
    observed = sum(v for v, c in zip(values, chosen, strict=True) if c) / k
    rest = sum(v for v, c in zip(values, chosen, strict=True) if not c) / (n - k)
    at_least = sum(1 for subset in combinations(values, k) if sum(subset) / k >= observed - 1e-12)
    return PushTest(n, k, observed, rest, at_least, math.comb(n, k))


@dataclass(frozen=True)
class UniversityProfiles:
    """Each ranked Dutch university's share, its rank, and the evaluation's model for it;
    `level`: the significance level at which the test's verdict is read (assumptions table)."""

    table: pd.DataFrame
    test: PushTest
    edition: int
    period: str
    table_source_note: str
    level: float


def evaluation_models(data_dir: Path) -> pd.Series:
    """institution_id → the evaluation's model of the consortium it took part in.

    From the programme's cited membership (`valorisatieprogramma/`); an institution in no
    consortium has none. Membership the sources only suggest (status inferred) counts, as
    chapter 1 shows it (marked there).
    """
    members = reference.load_programme_members(Path(data_dir))
    consortia = reference.load_consortia(Path(data_dir)).set_index("consortium_id")
    model = members["consortium_id"].map(consortia["evaluation_model"])
    return pd.Series(model.to_numpy(), index=members["institution_id"]).groupby(level=0).first()


def consortium_regions(data_dir: Path) -> pd.Series:
    """institution_id → the region of the consortium it took part in (chapter 1's names)."""
    members = reference.load_programme_members(Path(data_dir))
    regions = reference.load_consortia(Path(data_dir)).set_index("consortium_id")["region"]
    region = members["consortium_id"].map(regions)
    return pd.Series(region.to_numpy(), index=members["institution_id"]).groupby(level=0).first()


def university_profiles(data_dir: Path) -> UniversityProfiles:
    """The profiles of the Dutch universities in the latest Leiden Ranking edition."""
    chapter = compute_copub(Path(data_dir))
    comparison = chapter.comparison
    dutch = comparison.table[comparison.table["group"] == "nl"].copy()
    dutch = dutch.sort_values("share_pct", ascending=False, kind="stable").reset_index(drop=True)
    models = evaluation_models(data_dir)
    dutch["evaluation_model"] = dutch["unit_id"].map(models)
    dutch["consortium"] = dutch["unit_id"].map(consortium_regions(data_dir))
    dutch["rank_nl"] = range(1, len(dutch) + 1)
    test = push_test(dutch["share_pct"], dutch["evaluation_model"] == "push")
    return UniversityProfiles(
        table=dutch,
        test=test,
        edition=int(comparison.selection.edition),
        period=str(comparison.selection.period),
        table_source_note=source_note(chapter),
        level=load_levels(Path(data_dir)).test,
    )


def profile_table(profiles: UniversityProfiles) -> Table:
    """Per university: share with interval, its place among the Dutch universities, and the
    model the evaluation gave its consortium (empty: in no consortium of the programme)."""
    t = profiles.table
    frame = pd.DataFrame(
        {
            "Universiteit": t["name"],
            "Plaats in Nederland": t["rank_nl"].astype("int64"),
            "Aandeel met bedrijven (%)": t["share_pct"],
            "Ondergrens (%)": t["ci_low_pct"],
            "Bovengrens (%)": t["ci_high_pct"],
            "Consortium": t["consortium"].fillna("geen"),
            "Model volgens de evaluatie": t["evaluation_model"].map(MODEL_LABELS).fillna("–"),
        }
    )
    return Table(
        name=NAME,
        caption=(
            "Profiel per universiteit: aandeel publicaties met een co-auteur uit het "
            f"bedrijfsleven (CWTS Leiden Ranking {profiles.edition}, publicaties "
            f"{profiles.period}) en het model van de evaluatie"
        ),
        frame=frame,
        columns={
            "Plaats in Nederland": Column(format="number:0"),
            "Aandeel met bedrijven (%)": Column(format="number:1"),
            "Ondergrens (%)": Column(format="number:1"),
            "Bovengrens (%)": Column(format="number:1"),
        },
        source_note=profiles.table_source_note
        + " Consortium en model: het consortium van het Valorisatieprogramma waaraan de "
        "universiteit deelnam en het model dat de evaluatie daaraan gaf (hoofdstuk 1); de "
        f"evaluatie rekende Arnhem-Nijmegen tot het {MODEL_LABELS['serve']} om de hogescholen "
        "in dat consortium.",
        basis="real",
    )


def _probability_words(test: PushTest) -> str:
    """'1 op de 715': the exact p-value as a reader says it."""
    return f"{fmt.number(test.at_least)} op de {fmt.number(test.ways)}"


def _places(ranks: list[int]) -> str:
    """'de eerste vier plaatsen' when the ranks are 1..k, else 'de plaatsen 1, 3 en 6'."""
    if ranks == list(range(1, len(ranks) + 1)):
        return f"de eerste {_WORDS.get(len(ranks), fmt.number(len(ranks)))} plaatsen"
    listed = [str(r) for r in ranks]
    return "de plaatsen " + (
        ", ".join(listed[:-1]) + " en " + listed[-1] if len(listed) > 1 else listed[0]
    )


_WORDS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes"}


def profile_markdown(profiles: UniversityProfiles) -> str:
    """What the profile shows, the comparison with the evaluation, and its limits."""
    t = profiles.table
    test = profiles.test
    push = t[t["evaluation_model"] == "push"]
    places = _places([int(r) for r in push["rank_nl"]])
    names = [str(n) for n in push["name"]]
    names_text = ", ".join(names[:-1]) + " en " + names[-1] if len(names) > 1 else names[0]
    agree = test.p_value < profiles.level
    finding = (
        f"De {fmt.number(test.k)} universiteiten die de evaluatie bij het "
        f"{MODEL_LABELS['push']} indeelt ({names_text}), staan op {places} van de "
        f"{fmt.number(test.n)}: gemiddeld {fmt.number(test.observed_mean, 1)}% tegen "
        f"{fmt.number(test.rest_mean, 1)}% bij de andere universiteiten. Dat deze "
        f"{fmt.number(test.k)} bij toeval zo hoog of hoger uitkomen, heeft een kans van "
        f"{_probability_words(test)} ({see_annex(4)})."
    )
    meaning = (
        " De indeling van de evaluatie en dit gemeten cijfer wijzen dus dezelfde kant op."
        if agree
        else " Dit gemeten cijfer bevestigt de indeling van de evaluatie dus niet."
    )
    return (
        "Welk valorisatiemodel een instelling volgt, leest de monitor af uit de mix van haar "
        "eigen kennisoverdrachtscijfers, zodra die zijn ingediend (zie hieronder). Eén gemeten "
        "cijfer is er al voor elke universiteit: het aandeel publicaties met een co-auteur uit "
        f"het bedrijfsleven (CWTS Leiden Ranking {profiles.edition}, publicaties "
        f"{profiles.period}). De tabel zet het naast het model dat de evaluatie van het "
        "Valorisatieprogramma aan het consortium van de universiteit gaf; het model zelf telt "
        f"in het cijfer niet mee.\n\n{finding}{meaning}\n\n"
        "Wat dit niet zegt: het cijfer meet samenwerking in onderzoek, geen spin-offs, licenties "
        "of contractonderzoek. Technische vakgebieden publiceren overal vaker met bedrijven, dus "
        "de overeenkomst komt mede door de vakgebieden van deze universiteiten; de gebruikte "
        "ranglijst geeft geen cijfers per vakgebied om dat te scheiden. Tussen het "
        f"{MODEL_LABELS['exchange']} en het {MODEL_LABELS['serve']} maakt "
        "dit cijfer geen onderscheid: de evaluatie onderscheidt die op "
        "dienstverlening aan bedrijven, en daarvoor is nog geen cijfer per universiteit."
    )


def profile_opening(profiles: UniversityProfiles) -> str:
    """Chapter 4's first paragraph before any submission: the one finding there is, in plain
    words (the model's Dutch name; chapter 1 gives the evaluation's term), and what is not
    measured yet."""
    test = profiles.test
    return (
        f"De {fmt.number(test.k)} universiteiten die de evaluatie van het Valorisatieprogramma "
        f"bij het {MODEL_LABELS['push']} indeelt, publiceren het vaakst samen met het "
        f"bedrijfsleven: gemiddeld {fmt.number(test.observed_mean, 1)}% van hun publicaties, "
        f"tegen {fmt.number(test.rest_mean, 1)}% bij de andere universiteiten. Dat is groter "
        f"dan toeval (bij toeval een kans van {_probability_words(test)}), en komt mede door hun "
        "technische vakgebieden. Welk model elke instelling zelf volgt, leest de monitor af uit "
        "haar kennisoverdrachtscijfers zodra de instellingen die opgeven."
        if test.p_value < profiles.level
        else f"De {fmt.number(test.k)} universiteiten die de evaluatie van het "
        f"Valorisatieprogramma bij het {MODEL_LABELS['push']} indeelt, publiceren "
        f"gemiddeld {fmt.number(test.observed_mean, 1)}% van hun publicaties samen met het "
        f"bedrijfsleven, tegen {fmt.number(test.rest_mean, 1)}% bij de andere universiteiten: "
        f"niet te onderscheiden van toeval (een kans van {_probability_words(test)}). Welk model "
        "elke instelling zelf volgt, leest de monitor af uit haar kennisoverdrachtscijfers zodra "
        "de instellingen die opgeven."
    )


def profile_method_markdown(profiles: UniversityProfiles) -> str:
    """How chapter 4's chance of '1 op de 715' is computed (Bijlage B): the exact
    permutation test over every way to pick as many universities as the evaluation puts
    in the aanbodmodel."""
    test = profiles.test
    return (
        "**Profiel uit gemeten cijfers.** De kans dat de universiteiten die de evaluatie bij "
        f"het {MODEL_LABELS['push']} indeelt bij toeval zo hoog of hoger uitkomen, is een exacte "
        f"permutatietoets: van alle {fmt.number(test.ways)} manieren om {fmt.number(test.k)} van "
        f"de {fmt.number(test.n)} universiteiten te kiezen, geven er {fmt.number(test.at_least)} "
        "een gemiddeld aandeel publicaties met bedrijven dat minstens zo hoog is als dat van "
        f"deze {fmt.number(test.k)} (eenzijdige p-waarde {fmt.number(test.p_value, 4)}; gelijke "
        "gemiddelden tellen mee, zodat de kans niet te klein uitvalt). Het model van de evaluatie "
        "telt in het aandeel zelf niet mee."
    )


def profile_summary(profiles: UniversityProfiles) -> str:
    """Chapter 4's finding in one sentence for the summary (the test in words, no p-value)."""
    test = profiles.test
    return (
        f"De {fmt.number(test.k)} universiteiten die de evaluatie bij het {MODEL_LABELS['push']} "
        "indeelt, "
        "publiceren het vaakst met een co-auteur uit het bedrijfsleven (gemiddeld "
        f"{fmt.number(test.observed_mean, 1)}% tegen {fmt.number(test.rest_mean, 1)}%; bij "
        f"toeval een kans van {_probability_words(test)}), mede door hun technische vakgebieden"
    )
