"""Chapter 4, tables, charts and text of the typology and its stability."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.indicators import catalogue
from analysis.methods.typology import reference_point
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters.models.result import MODELS, ModelsResult
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import (
    INDICATOR_LABELS,
    MODEL_LABELS,
    MODEL_SHORT_LABELS,
    PROFILE_LABELS,
)

#: The institution table's score columns: 'Score aanbodmodel', … (the model's own name).
SCORE_COLUMNS: dict[str, str] = {m: f"Score {MODEL_LABELS[m]}" for m in MODELS}


def _span(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")


def intro_markdown(result: ModelsResult) -> str:
    """How an institution gets its model, in plain words; the scores' arithmetic is in
    Bijlage B (`scoring_markdown`)."""
    return (
        "De evaluatie van het Valorisatieprogramma onderscheidde drie valorisatiemodellen: "
        f"het {MODEL_LABELS['push']}, het {MODEL_LABELS['exchange']} en het "
        f"{MODEL_LABELS['serve']}; hoofdstuk 1 beschrijft ze, met de Engelse namen die de "
        "evaluatie gebruikt. De monitor deelt elke "
        "instelling bij een van de drie in op grond van haar eigen cijfers over "
        f"{_span(result.years)}, in verhouding tot haar onderzoeksuitgaven: welke soort "
        "kennisoverdracht is bij haar het sterkst, vergeleken met de "
        "mediane instelling? Uitvindingsmeldingen, octrooiaanvragen, "
        f"licenties en spin-offs tellen voor het {MODEL_LABELS['push']}; onderzoek samen met "
        f"partners voor het {MODEL_LABELS['exchange']}; contractonderzoek, advies en steun aan "
        f"startups voor het {MODEL_LABELS['serve']}. Per model krijgt de instelling een score: "
        "0 is even intensief als de mediane instelling, hoe hoger hoe intensiever. Ze krijgt het "
        "model met de hoogste score; de marge, het verschil met de op één na hoogste score, zegt "
        "hoe uitgesproken dat is. Het profiel van de instelling (technisch, breed, "
        "bedrijfskundig, medisch of toegepast) telt niet mee: de evaluatie typeerde juist op "
        "profiel, en de vergelijking daarmee zou anders vooraf vastliggen. Hoe de scores "
        f"precies zijn berekend: {see_annex(4)}."
    )


def scoring_markdown(result: ModelsResult) -> str:
    """The arithmetic of the scores (Bijlage B): intensities against the median, logarithm
    with a tenth of the median added, model score as a mean, label and margin."""
    return (
        "**De scores.** Elke indicator is een intensiteit per € 100 mln onderzoeksuitgaven, "
        f"samen genomen over {_span(result.years)}, en wordt vergeleken met de mediane "
        "instelling over dezelfde jaren (het referentiepunt; de tabel met referentiepunten "
        "staat in hoofdstuk 4) op een logaritmische schaal: een score 0 betekent even intensief "
        "als de mediane instelling, een score 1 ongeveer drie keer zo intensief en −1 ongeveer "
        "een derde. Omdat de logaritme van nul niet bestaat, telt de monitor bij elke "
        "intensiteit een tiende van de mediaan op (een vaste keuze van de monitor); een nul "
        "scoort daardoor ongeveer −2,4. De score van een model is het gemiddelde over zijn "
        "indicatoren; de instelling krijgt het model met de hoogste score. De marge is het "
        "verschil tussen de hoogste en de op één na hoogste score."
    )


def _drivers_nl(drivers: object) -> str:
    codes = [c.strip() for c in str(drivers or "").split(",") if c.strip()]
    return ", ".join(INDICATOR_LABELS.get(c, c) for c in codes)


def institution_table(result: ModelsResult, data_dir: Path) -> Table:
    """Per institution its model, the runner-up, the margin, the scores and the drivers
    (site only: the PDF lists the institutions per model, `model_lists_markdown`)."""
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    c = result.classified.sort_values(["model", "margin"], ascending=[True, False])
    frame = pd.DataFrame(
        {
            "Instelling": c["institution_id"].map(institutions["short_name"]),
            "Profiel (telt niet mee)": c["institution_id"]
            .map(institutions["profile"])
            .map(PROFILE_LABELS),
            "Model": c["model"].map(MODEL_LABELS),
            "Tweede model": c["second"].map(MODEL_LABELS),
            "Marge": c["margin"],
            **{SCORE_COLUMNS[m]: c[f"score_{m}"] for m in MODELS},
            "Doorslaggevende indicatoren": c["drivers"].map(_drivers_nl),
        }
    ).reset_index(drop=True)
    two_decimals = Column(format="number:2")
    return Table(
        "modellen_instellingen",
        "Valorisatiemodel per instelling, met scores, marge en doorslaggevende indicatoren",
        frame,
        {"Marge": two_decimals, **dict.fromkeys(SCORE_COLUMNS.values(), two_decimals)},
        pdf=False,
    )


def model_lists_markdown(result: ModelsResult, data_dir: Path) -> str:
    """Per model the institutions it holds, clearest first: the PDF's compact form of the
    institution table (which stays whole on the site, with scores and drivers)."""
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    c = result.classified.sort_values(["margin"], ascending=False, kind="stable")
    lines = []
    for model in MODELS:
        members = c[c["model"] == model]
        if members.empty:
            continue
        names = [
            escape.markdown(institutions["short_name"].get(i, i)) for i in members["institution_id"]
        ]
        label = MODEL_LABELS[model]
        lines.append(
            f"- **{label[:1].upper() + label[1:]}** ({fmt.number(len(names))}): {', '.join(names)}."
        )
    return (
        "Per model de instellingen, van de duidelijkste (grootste marge) naar de minst "
        "uitgesproken; de scores, de marge en de indicatoren die de doorslag gaven staan per "
        "instelling in de tabel op de website.\n\n" + "\n".join(lines)
    )


def reference_table(result: ModelsResult) -> Table:
    """The reference point of every indicator: the median institution over the pooled years.

    Money indicators are shown in € mln per € 100 mln research expenditure, counts as
    numbers per € 100 mln; the unit column says which.
    """
    points = result.reference.points()
    rows = []
    for ind in reference_point.TYPOLOGY_INDICATORS:
        money = catalogue().get(ind).is_money
        value = points[ind] / 1e6 if money else points[ind]
        rows.append(
            {
                "Indicator": INDICATOR_LABELS[ind],
                "Model": MODEL_LABELS[reference_point.INDICATOR_MODEL[ind]],
                "Referentiepunt": value,
                "Eenheid": "€ mln per € 100 mln" if money else "aantal per € 100 mln",
            }
        )
    return Table(
        "modellen_referentiepunten",
        reference_caption(result),
        pd.DataFrame(rows),
        {"Referentiepunt": Column(format="number:1")},
    )


def reference_caption(result: ModelsResult) -> str:
    return (
        "Referentiepunten: de mediane instelling per indicator, per € 100 mln "
        f"onderzoeksuitgaven, {_span(result.years)}"
    )


#: The scatter's axes: the scores of the two models the chart spreads out.
SCATTER_X = f"Score {MODEL_LABELS['push']}"
SCATTER_Y = f"Score {MODEL_LABELS['serve']}"


def scatter_frame(result: ModelsResult, data_dir: Path) -> pd.DataFrame:
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    c = result.classified
    return pd.DataFrame(
        {
            "Instelling": c["institution_id"].map(institutions["short_name"]),
            SCATTER_X: c["score_push"],
            SCATTER_Y: c["score_serve"],
            "model": c["model"],
        }
    )


def scatter_title(result: ModelsResult) -> str:
    counts = result.classified["model"].value_counts()
    # What the chart shows, at its own reference point; whether the most common model is the
    # same at every reference point is the text's to say (`modal_model_sentence`).
    shown = ", ".join(
        f"{fmt.number(counts.get(m, 0))} {MODEL_SHORT_LABELS[m]}"
        for m in sorted(MODELS, key=lambda m: (-counts.get(m, 0), MODELS.index(m)))
    )
    return (
        f"Indeling van de {fmt.number(len(result.classified))} instellingen, vergeleken met de "
        f"mediane instelling: {shown}"
    )


def scatter_alt() -> str:
    """The scatter's text alternative, with the axes as the chart names them."""
    return (
        f"Spreidingsdiagram van de instellingen naar {SCATTER_X.lower()} en "
        f"{SCATTER_Y.lower()}, gekleurd naar model."
    )


def scatter_chart(result: ModelsResult, data_dir: Path) -> object:
    from analysis.publication.charts import builders

    return builders.typology_scatter(
        scatter_frame(result, data_dir),
        x=SCATTER_X,
        y=SCATTER_Y,
        color="model",
        label="Instelling",
        title=scatter_title(result),
        x_title=f"{SCATTER_X} (uitvindingen, octrooien, licenties, spin-offs)",
        y_title=f"{SCATTER_Y} (contractonderzoek en diensten)",
        color_title="Model",
    )


def counts_by_profile(result: ModelsResult, data_dir: Path) -> Table:
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    profile = result.classified["institution_id"].map(institutions["profile"]).map(PROFILE_LABELS)
    table = pd.crosstab(profile, result.classified["model"]).reindex(
        columns=list(MODELS), fill_value=0
    )
    table.columns = [MODEL_LABELS[m] for m in table.columns]
    table.index.name = "Profiel"
    return Table(
        "modellen_per_profiel",
        "Aantal instellingen per profiel en model (het profiel telt niet mee in de indeling)",
        table.reset_index(),
    )


def yearly_table(result: ModelsResult) -> Table:
    """`yearly_counts` as the table beside the chart (site only)."""
    return Table(
        "modellen_per_jaar",
        "Aantal instellingen per model per jaar",
        yearly_counts(result),
        pdf=False,
    )


def yearly_counts(result: ModelsResult) -> pd.DataFrame:
    """Institutions per model per year; a model no institution had in a year counts 0.

    The zero is a count, not a missing value: without its row the chart's line would
    join the years around it as if the model had been there.
    """
    models = result.yearly_models
    years = sorted(int(y) for y in models["year"].unique())
    index = pd.MultiIndex.from_product([years, list(MODELS)], names=["year", "model"])
    counts = (
        models.groupby(["year", "model"])
        .size()
        .reindex(index, fill_value=0)
        .rename("Instellingen")
        .reset_index()
    )
    counts["Model"] = counts["model"].map(MODEL_LABELS)
    return counts.rename(columns={"year": "Jaar"})[["Jaar", "Model", "Instellingen"]]


def yearly_chart(result: ModelsResult) -> object:
    from analysis.publication.charts import builders as charts_builders

    frame = yearly_counts(result)
    return charts_builders.line_trend(
        frame,
        x="Jaar",
        y="Instellingen",
        color="Model",
        title=stability_title(result),
        y_title="Aantal instellingen",
    )


def stability_title(result: ModelsResult) -> str:
    persistence = result.per_year["persistence"].dropna()
    mean = float(persistence.mean()) if len(persistence) else float("nan")
    return (
        f"Gemiddeld houdt {fmt.percent(mean)} van de instellingen van jaar op jaar hetzelfde model"
    )


def stability_table(result: ModelsResult) -> Table:
    """Per year: institutions, persistence of the model, agreement with the clustering
    (Bijlage B, site only)."""
    p = result.per_year
    frame = pd.DataFrame(
        {
            "Jaar": p["year"],
            "Instellingen": p["n"],
            "Zelfde model als vorig jaar": p["persistence"],
            "Overeenstemming met clustering": p["agreement"],
            "Cohens kappa": p["kappa"],
        }
    )
    return Table(
        "modellen_stabiliteit",
        "Stabiliteit van de indeling per jaar",
        frame,
        {
            "Zelfde model als vorig jaar": Column(format="percent"),
            "Overeenstemming met clustering": Column(format="percent"),
            "Cohens kappa": Column(format="number:2"),
        },
        pdf=False,
    )


def stability_markdown(result: ModelsResult) -> str:
    """The yearly stability in plain words (the table and the agreement beyond chance are
    in Bijlage B, `stability_technical_markdown`)."""
    p = result.per_year
    persistence = p["persistence"].dropna()
    agreement = p["agreement"].dropna()
    if persistence.empty or agreement.empty:
        return ""
    years = p["year"].astype(int)
    return (
        f"Over {fmt.year(int(years.min()))}–{fmt.year(int(years.max()))} houdt van jaar op jaar "
        f"{fmt.percent(float(persistence.min()))} tot {fmt.percent(float(persistence.max()))} "
        "van de instellingen hetzelfde model. Een indeling zonder vaste regel (een groepering "
        "van dezelfde cijfers, zie ‘Controle zonder vaste regel’) komt per jaar voor "
        f"{fmt.percent(float(agreement.min()))} tot {fmt.percent(float(agreement.max()))} van de "
        f"instellingen op hetzelfde model uit ({see_annex(4)})."
    )


def stability_technical_markdown(result: ModelsResult) -> str:
    """The yearly agreement with the clustering beyond chance (Cohen's kappa), Bijlage B."""
    p = result.per_year
    kappa = p["kappa"].dropna()
    if kappa.empty:
        return ""
    years = p["year"].astype(int)
    return (
        f"**Stabiliteit per jaar.** Per jaar van {fmt.year(int(years.min()))}–"
        f"{fmt.year(int(years.max()))} is de regel ook vergeleken met een clustering van dat "
        "jaar; de overeenstemming boven toeval (Cohens kappa) loopt van "
        f"{fmt.number(float(kappa.min()), 2)} tot {fmt.number(float(kappa.max()), 2)}. De "
        "tabel hieronder geeft per jaar het aandeel instellingen met hetzelfde model als het "
        "jaar ervoor, de overeenstemming met de clustering en kappa."
    )


def check_markdown(result: ModelsResult) -> str:
    """The clustering check in plain words: how often rule and clustering agree, and how
    far that is beyond chance (`kappa_words`); the method is in Bijlage B."""
    c = result.cluster
    return (
        "Als controle heeft de monitor dezelfde cijfers ook zonder regel in drie groepen "
        "verdeeld, en elke groep het model gegeven waar ze het meest op lijkt. Groepering en "
        f"regel komen voor {fmt.percent(c.agreement)} van de instellingen op hetzelfde model "
        f"uit: {kappa_words(c.kappa)} ({see_annex(4)})."
    )


def check_technical_markdown(result: ModelsResult) -> str:
    """The clustering check as computed (Bijlage B): the mixture model, kappa, the bootstrap."""
    c = result.cluster
    boot = result.stability["agreement"].dropna()
    return (
        "**Controle zonder vaste regel.** Dezelfde informatie is zonder regel ingedeeld: een "
        "mengmodel van normale verdelingen op de gestandaardiseerde log-intensiteiten, met de "
        "drie clusters toegewezen aan het model waarvan hun zwaartepunt het meest weg heeft. "
        f"Clustering en regel komen voor {fmt.percent(c.agreement)} van de instellingen overeen "
        f"(Cohens kappa {fmt.number(c.kappa, 2)}). Over {fmt.number(len(boot))} "
        f"bootstrapsteekproeven krijgt gemiddeld {_stable_share(boot)} van de instellingen "
        "hetzelfde cluster als in de volledige steekproef."
    )


#: Cohen's kappa in words (the bands of Landis and Koch, 1977), upper bound exclusive.
KAPPA_WORDS: tuple[tuple[float, str], ...] = (
    (0.0, "niet meer dan bij toeval"),
    (0.2, "nauwelijks meer dan bij toeval"),
    (0.4, "iets meer dan bij toeval"),
    (0.6, "duidelijk meer dan bij toeval"),
    (0.8, "veel meer dan bij toeval"),
    (float("inf"), "bijna volledig"),
)


def kappa_words(kappa: float) -> str:
    """How far an agreement lies beyond chance, in words: kappa 0,27 is 'iets meer dan bij
    toeval' (Landis and Koch's bands: up to 0 none, 0–0,2 slight, 0,2–0,4 fair, …)."""
    if not np.isfinite(kappa):
        return "niet te bepalen"
    return next(words for upper, words in KAPPA_WORDS if kappa <= upper)


def _stable_share(draws: pd.Series) -> str:
    """The mean share over the resamples, in the digits its Monte Carlo error allows."""
    from analysis.methods import montecarlo

    se = float(draws.std(ddof=1)) / max(len(draws), 1) ** 0.5 if len(draws) > 1 else float("nan")
    unit = montecarlo.printed_unit(se)
    text = fmt.percent(montecarlo.round_to(float(draws.mean()), unit))
    return text if unit <= 0.01 else f"ongeveer {text}"
