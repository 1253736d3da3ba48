"""Chapter 4, the checks: agreement with the evaluation, disagreements and sensitivity to the reference point."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.methods.typology import reference_point
from analysis.publication import formatting as fmt
from analysis.publication.chapters.models.presentation import _span
from analysis.publication.chapters.models.result import (
    DEMO_AGREEMENT_CAVEAT,
    MODELS,
    PROGRAMME_YEARS,
    ModelsResult,
    agreement_sentence,
    agreement_technical_sentence,
    modal_model_sentence,
)
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import (
    MODEL_LABELS,
    REFERENCE_LABELS,
    indicator_label,
    model_label,
)


def confusion_table(result: ModelsResult) -> Table:
    conf = result.comparison.confusion.reindex(
        index=list(MODELS), columns=list(MODELS), fill_value=0
    )
    conf.index = [MODEL_LABELS[m] for m in conf.index]
    conf.columns = [f"Regel: {MODEL_LABELS[m]}" for m in conf.columns]
    conf.index.name = "Evaluatie (Dialogic)"
    return Table(
        "consortia_typologie",
        "Evaluatie (rijen) tegenover de regel (kolommen): aantal consortia",
        conf.reset_index(),
    )


def _signed(value: float) -> str:
    """A Dutch number with two decimals and an explicit sign ('+0,05', '-0,09')."""
    return ("+" if value > 0 else "") + fmt.number(value, 2)


def disagreement_reason(row: pd.Series) -> str:
    """Why the rule and the evaluation disagree on one consortium, for a reader.

    From a row of `typology.compare_with_evaluation`'s disagreements: the indicators that
    drove the rule's label and both scores, and the strongest indicator of the evaluation's
    model; or that the consortium has no member data or no evaluation type.
    """
    ev, lab = row["evaluation_model"], row["rule_model"]
    if not isinstance(lab, str):
        return "geen indicatoren van de leden beschikbaar"
    if not isinstance(ev, str):
        return "geen typering in de evaluatie"
    names = ", ".join(indicator_label(d) for d in str(row["drivers"]).split(", ") if d)
    ev_inds = [i for i in str(row["evaluation_drivers"]).split(", ") if i]
    strongest = (
        f"; sterkste indicator voor het {model_label(ev)}: "
        f"{indicator_label(ev_inds[0])} ({_signed(float(row['evaluation_strongest_z']))})"
        if ev_inds
        else f"; geen indicatoren voor het {model_label(ev)} gerapporteerd"
    )
    return (
        f"{model_label(lab)} door {names}: score {fmt.number(row['score_rule'], 2)} "
        f"tegen {fmt.number(row['score_evaluation'], 2)} voor het {model_label(ev)}{strongest}"
    )


def disagreement_table(result: ModelsResult, data_dir: Path) -> Table:
    """The consortia where the rule and the evaluation disagree, with the reason (site only)."""
    consortia = reference.load_population_consortia(data_dir).set_index("consortium_id")
    d = result.comparison.disagreements
    frame = pd.DataFrame(
        {
            "Consortium": d["consortium_id"].map(consortia["region"]),
            "Evaluatie": d["evaluation_model"].map(MODEL_LABELS),
            "Regel": d["rule_model"].map(MODEL_LABELS),
            "Marge": d["margin"],
            "Reden": [disagreement_reason(row) for _, row in d.iterrows()],
        }
    ).reset_index(drop=True)
    return Table(
        "consortia_verschillen",
        "Consortia waar de regel afwijkt van de evaluatie, met de reden",
        frame,
        {"Marge": Column(format="number:2")},
        pdf=False,
    )


def sensitivity_table(sensitivity: pd.DataFrame) -> Table:
    """One row per choice of reference point (`reference_sensitivity`): labels that change,
    how many institutions each model gets, agreement with the evaluation."""
    s = sensitivity
    frame = pd.DataFrame(
        {
            "Referentiepunt": s["reference"].map(REFERENCE_LABELS),
            "Instellingen anders": s["institutions_changed"],
            **{MODEL_LABELS[m].capitalize(): s[f"n_{m}"] for m in MODELS},
            "Consortia anders": s["consortia_changed"],
            "Als evaluatie": s["agreement_n"],
            "Boven toeval": s["kappa"],
            "Ondergrens": s["kappa_low"],
            "Bovengrens": s["kappa_high"],
        }
    )
    two_decimals = Column(format="number:2")
    return Table(
        "modellen_gevoeligheid",
        sensitivity_caption(sensitivity),
        frame,
        dict.fromkeys(("Boven toeval", "Ondergrens", "Bovengrens"), two_decimals),
        pdf=False,
    )


def sensitivity_caption(sensitivity: pd.DataFrame) -> str:
    """The table's caption: what each column counts."""
    n_inst = int(sensitivity["n_institutions"].max()) if len(sensitivity) else 0
    n_cons = int(sensitivity["n_consortia"].max()) if len(sensitivity) else 0
    level = f"{fmt.level(sensitivity['kappa_level'].iloc[0])}-" if len(sensitivity) else ""
    return (
        "Indeling bij elk referentiepunt: instellingen (van de "
        f"{fmt.number(n_inst)}) met een ander model dan bij de mediane instelling, instellingen "
        f"per model ({', '.join(MODEL_LABELS[m] for m in MODELS)}), consortia (van de {fmt.number(n_cons)}) met een "
        "ander model, consortia in hetzelfde model als de evaluatie, en hun overeenstemming "
        "boven toeval (0 is niet meer dan bij toeval, 1 volledig; "
        f"{see_annex(4)}) met {level}interval"
    )


def sensitivity_markdown(sensitivity: pd.DataFrame, demo: bool) -> str:
    """What the choice of reference point does to the labels and to the agreement."""
    s = sensitivity
    others = s[s["reference"] != reference_point.HEADLINE_REFERENCE]
    n_inst = int(s["n_institutions"].max()) if len(s) else 0
    n_cons = int(s["n_consortia"].max()) if len(s) else 0
    text = (
        "Het referentiepunt van de valorisatiemodellen (hoofdstuk 4) is een keuze. De tabel "
        f"op de website zet de mediane instelling naast {fmt.number(len(others))} andere keuzes, alle "
        "afgeleid uit dezelfde gegevens: het meetkundig gemiddelde, een getrimd gemiddelde, een "
        "standaardisering op de spreiding, de mediaan per jaar en het landelijke totaal per "
        "€ 100 mln. "
    )
    if len(others):
        lo_i, hi_i = (
            int(others["institutions_changed"].min()),
            int(others["institutions_changed"].max()),
        )
        lo_c, hi_c = int(others["consortia_changed"].min()), int(others["consortia_changed"].max())
        lo_a, hi_a = int(s["agreement_n"].min()), int(s["agreement_n"].max())
        text += (
            f"Met een ander referentiepunt krijgen {_range(lo_i, hi_i)} van de "
            f"{fmt.number(n_inst)} instellingen en {_range(lo_c, hi_c)} van de "
            f"{fmt.number(n_cons)} consortia een ander model; de overeenstemming met de "
            f"evaluatie loopt van {_range(lo_a, hi_a)} van de {fmt.number(n_cons)} consortia "
            f"({see_annex(4)})."
        )
        text += " " + modal_model_sentence(s)
    if demo:
        text += " " + DEMO_AGREEMENT_CAVEAT
    return text


def sensitivity_pointer(sensitivity: pd.DataFrame) -> str:
    """Chapter 4's pointer to the section on assumptions, with what it means for the headline."""
    return (
        modal_model_sentence(sensitivity)
        + " Hoe de indeling en de overeenstemming met de evaluatie veranderen met het "
        "referentiepunt, staat in hoofdstuk 5 onder ‘Gevoeligheid voor aannames’."
    ).strip()


def _range(low: int, high: int) -> str:
    return fmt.number(low) if low == high else f"{fmt.number(low)} tot {fmt.number(high)}"


def comparison_markdown(result: ModelsResult, demo: bool) -> str:
    """The agreement with the evaluation in plain words, and what is compared with what
    (the interval and how it is computed: `comparison_technical_markdown`, Bijlage B)."""
    cmp = result.comparison
    text = agreement_sentence(cmp)[:-1] + f" ({see_annex(4)}). "
    text += (
        "De twee indelingen typeren niet hetzelfde. De evaluatie typeerde de aanpak van de "
        "consortia binnen het programma: hoe zij hun programma-activiteiten in "
        f"{_span(tuple(PROGRAMME_YEARS))} inrichtten. De monitor meet de kennisoverdracht van de "
        "hele instelling op de indicatoren van de ASTP (de Europese beroepsvereniging voor "
        "kennisoverdracht). De mix van een consortium is hier de som van de cijfers van zijn "
        f"kennisinstellingen over {_span(result.programme_years)}, vergeleken met de mediane "
        "instelling over dezelfde jaren. Het profiel van de instellingen of van de penvoerder "
        "telt niet mee: wisselen twee instellingen van profiel, dan blijft elke indeling gelijk. "
        "De tabel op de website geeft voor elk verschil de indicatoren die de regel de andere "
        "kant op stuurden."
    )
    if demo:
        text += (
            " **Let op:** de indicatoren van de instellingen zijn demonstratiedata. "
            + DEMO_AGREEMENT_CAVEAT
            + " Deze vergelijking laat alleen zien hoe de toets werkt."
        )
    return text


def comparison_technical_markdown(result: ModelsResult) -> str:
    """The agreement with the evaluation as computed (Bijlage B): Cohen's kappa, its
    bootstrap interval and how it was drawn."""
    cmp = result.comparison
    ki = cmp.kappa_interval
    text = "**De consortia en de evaluatie.** " + agreement_technical_sentence(cmp)
    if pd.notna(ki.low):
        how = (
            "precies berekend over alle mogelijke trekkingen, niet geschat met willekeurige "
            "trekkingen"
            if ki.method == "exact"
            else "geschat met willekeurige trekkingen"
        )
        text += (
            " Het interval is een bootstrapinterval: de consortia worden met teruglegging "
            f"opnieuw getrokken ({how}). "
            + (
                f"Het interval omvat 0: met {fmt.number(cmp.n)} consortia is de overeenstemming "
                "niet te onderscheiden van toeval."
                if ki.low <= 0
                else "Het interval ligt geheel boven 0: de overeenstemming is groter dan toeval."
            )
        )
    return text
