"""Chapter 4: Valorisatiemodellen — push / exchange / serve per institution and consortium.

Institutions are classified on their indicator mix pooled over the last three
years (so one noisy year does not flip a label); the clustering is a data-driven
check on the rule, and the consortium comparison with the evaluation's typology is
reported as computed, never tuned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis import reference, typology
from analysis.labels import INDICATOR_LABELS, MODEL_LABELS, PROFILE_LABELS

POOLED_YEARS = 3
MODELS = ("push", "exchange", "serve")
PROGRAMME_YEARS = range(2010, 2019)


@dataclass(frozen=True)
class ModelsResult:
    classified: pd.DataFrame  # one row per institution, pooled years
    z: pd.DataFrame
    cluster: typology.ClusterCheck
    stability: pd.DataFrame  # bootstrap resamples
    per_year: pd.DataFrame  # year_stability
    yearly_labels: pd.DataFrame  # classify per institution-year
    comparison: typology.Comparison
    years: tuple[int, ...]


def _pooled(
    wide: pd.DataFrame, institutions: pd.DataFrame, year: int
) -> tuple[tuple[int, ...], pd.DataFrame, pd.DataFrame]:
    """Standardised pooled profiles and their classification over the last three years."""
    years = tuple(y for y in range(year - POOLED_YEARS + 1, year + 1) if y in set(wide["year"]))
    pooled = typology.pooled_profile(wide, "institution_id", years=years)
    profile = pooled.index.to_series().map(institutions.set_index("institution_id")["profile"])
    z = typology.standardise(pooled)
    classified = typology.score(z, profile)
    classified.index.name = "institution_id"
    return years, z, classified


def _comparison(
    wide: pd.DataFrame, data_dir: Path, institutions: pd.DataFrame
) -> typology.Comparison:
    consortia = typology.classify_consortia(
        wide,
        reference.load_consortium_members(data_dir),
        reference.load_consortia(data_dir),
        institutions,
        years=[y for y in PROGRAMME_YEARS if y in set(wide["year"])],
    )
    return typology.compare_with_evaluation(consortia, reference.load_consortia(data_dir))


def headline(wide: pd.DataFrame, data_dir: Path, year: int) -> str:
    """The chapter's two findings in one sentence pair, without the clustering checks (summary)."""
    institutions = reference.load_institutions(data_dir)
    _years, _z, classified = _pooled(wide, institutions, year)
    counts = classified["label"].value_counts()
    top = max(MODELS, key=lambda m: (counts.get(m, 0), -MODELS.index(m)))
    cmp = _comparison(wide, data_dir, institutions)
    return (
        f"Het {MODEL_LABELS[top]} komt het vaakst voor: {fmt.number(counts.get(top, 0))} van de "
        f"{fmt.number(len(classified))} instellingen. De regel deelt "
        f"{fmt.number(round(cmp.accuracy * cmp.n))} van de {fmt.number(cmp.n)} consortia in hetzelfde "
        f"model in als de evaluatie ({fmt.percent(cmp.accuracy)}, Cohens kappa {fmt.number(cmp.kappa, 2)})."
    )


def compute(wide: pd.DataFrame, data_dir: Path, year: int, n_boot: int = 100) -> ModelsResult:
    institutions = reference.load_institutions(data_dir)
    years, z, classified = _pooled(wide, institutions, year)
    cluster = typology.cluster_check(z, classified["label"])
    stability = typology.bootstrap_stability(z, n_boot=n_boot)
    comparison = _comparison(wide, data_dir, institutions)
    return ModelsResult(
        classified=classified.reset_index(),
        z=z,
        cluster=cluster,
        stability=stability,
        per_year=typology.year_stability(wide, institutions),
        yearly_labels=typology.classify(wide, institutions),
        comparison=comparison,
        years=years,
    )


def _drivers_nl(drivers: object) -> str:
    codes = [c.strip() for c in str(drivers or "").split(",") if c.strip()]
    return ", ".join(INDICATOR_LABELS.get(c, c) for c in codes)


def institution_table(result: ModelsResult, data_dir: Path) -> pd.DataFrame:
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    c = result.classified.sort_values(["label", "margin"], ascending=[True, False])
    return pd.DataFrame(
        {
            "Instelling": c["institution_id"].map(institutions["short_name"]),
            "Profiel": c["institution_id"].map(institutions["profile"]).map(PROFILE_LABELS),
            "Model": c["label"].map(MODEL_LABELS),
            "Tweede model": c["second"].map(MODEL_LABELS),
            "Marge": c["margin"],
            "Push": c["score_push"],
            "Exchange": c["score_exchange"],
            "Serve": c["score_serve"],
            "Doorslaggevende indicatoren": c["drivers"].map(_drivers_nl),
        }
    ).reset_index(drop=True)


INSTITUTION_FORMATS = {
    "Marge": "number:2",
    "Push": "number:2",
    "Exchange": "number:2",
    "Serve": "number:2",
}


def scatter_frame(result: ModelsResult, data_dir: Path) -> pd.DataFrame:
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    c = result.classified
    return pd.DataFrame(
        {
            "Instelling": c["institution_id"].map(institutions["short_name"]),
            "Push-score": c["score_push"],
            "Serve-score": c["score_serve"],
            "model": c["label"],
        }
    )


def scatter_title(result: ModelsResult) -> str:
    counts = result.classified["label"].value_counts()
    top = max(MODELS, key=lambda m: (counts.get(m, 0), -MODELS.index(m)))
    return (
        f"Het {MODEL_LABELS[top]} komt het vaakst voor: {fmt.number(counts.get(top, 0))} van de "
        f"{fmt.number(len(result.classified))} instellingen"
    )


def scatter_chart(result: ModelsResult, data_dir: Path) -> object:
    from analysis import charts

    return charts.typology_scatter(
        scatter_frame(result, data_dir),
        x="Push-score",
        y="Serve-score",
        color="model",
        label="Instelling",
        title=scatter_title(result),
        x_title="Push-score (IE en spin-offs)",
        y_title="Serve-score (contractonderzoek en diensten)",
        color_title="Model",
    )


def counts_by_profile(result: ModelsResult, data_dir: Path) -> pd.DataFrame:
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    profile = result.classified["institution_id"].map(institutions["profile"]).map(PROFILE_LABELS)
    table = pd.crosstab(profile, result.classified["label"]).reindex(
        columns=list(MODELS), fill_value=0
    )
    table.columns = [MODEL_LABELS[m] for m in table.columns]
    table.index.name = "Profiel"
    return table.reset_index()


def yearly_counts(result: ModelsResult) -> pd.DataFrame:
    counts = (
        result.yearly_labels.groupby(["year", "label"]).size().rename("Instellingen").reset_index()
    )
    counts["Model"] = counts["label"].map(MODEL_LABELS)
    return counts.rename(columns={"year": "Jaar"})[["Jaar", "Model", "Instellingen"]]


def yearly_chart(result: ModelsResult) -> object:
    from analysis import charts

    frame = yearly_counts(result)
    return charts.line_trend(
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


def stability_table(result: ModelsResult) -> pd.DataFrame:
    p = result.per_year
    return pd.DataFrame(
        {
            "Jaar": p["year"],
            "Instellingen": p["n"],
            "Zelfde model als vorig jaar": p["persistence"],
            "Overeenstemming met clustering": p["agreement"],
            "Cohens kappa": p["kappa"],
        }
    )


STABILITY_FORMATS = {
    "Zelfde model als vorig jaar": "percent",
    "Overeenstemming met clustering": "percent",
    "Cohens kappa": "number:2",
}


def check_markdown(result: ModelsResult) -> str:
    c = result.cluster
    boot = result.stability["agreement"].dropna()
    return (
        "Als controle is dezelfde informatie zonder regel ingedeeld: een Gaussian-mixturemodel op de "
        "gestandaardiseerde log-intensiteiten, met de drie clusters toegewezen aan het model waarvan "
        f"hun zwaartepunt het meest weg heeft. Clustering en regel komen voor {fmt.percent(c.agreement)} "
        f"van de instellingen overeen (Cohens kappa {fmt.number(c.kappa, 2)}). Over "
        f"{fmt.number(len(boot))} bootstrapsteekproeven krijgt gemiddeld {fmt.percent(boot.mean())} van "
        "de instellingen hetzelfde cluster als in de volledige steekproef."
    )


def confusion_table(result: ModelsResult) -> pd.DataFrame:
    conf = result.comparison.confusion.reindex(
        index=list(MODELS), columns=list(MODELS), fill_value=0
    )
    conf.index = [MODEL_LABELS[m] for m in conf.index]
    conf.columns = [f"Regel: {MODEL_LABELS[m]}" for m in conf.columns]
    conf.index.name = "Evaluatie (Dialogic)"
    return conf.reset_index()


def disagreement_table(result: ModelsResult, data_dir: Path) -> pd.DataFrame:
    consortia = reference.load_consortia(data_dir).set_index("consortium_id")
    d = result.comparison.disagreements
    return pd.DataFrame(
        {
            "Consortium": d["consortium_id"].map(consortia["region"]),
            "Evaluatie": d["evaluation_model"].map(MODEL_LABELS),
            "Regel": d["rule_label"].map(MODEL_LABELS),
            "Marge": d["margin"],
            "Reden": d["reason"],
        }
    ).reset_index(drop=True)


def comparison_markdown(result: ModelsResult, demo: bool) -> str:
    cmp = result.comparison
    text = (
        f"De regel deelt {fmt.number(round(cmp.accuracy * cmp.n))} van de {fmt.number(cmp.n)} consortia "
        f"in hetzelfde model in als de evaluatie ({fmt.percent(cmp.accuracy)}, Cohens kappa "
        f"{fmt.number(cmp.kappa, 2)}). Het profiel van een consortium is de som van de indicatoren "
        "van zijn kennisinstellingen over de programmajaren, met het profiel van de penvoerder als "
        "voorkennis. De overeenstemming is berekend, niet opgelegd: de tabel hieronder geeft voor elk "
        "verschil de indicatoren die de regel de andere kant op stuurden."
    )
    if demo:
        text += (
            " **Let op:** de indicatoren van de instellingen zijn demonstratiedata. Deze vergelijking "
            "laat zien hoe de toets werkt, niet hoe de werkelijke consortia zich verhielden."
        )
    return text
