"""Chapter 4: Valorisatiemodellen — push / exchange / serve per institution and consortium.

Institutions are classified on their measured indicator mix pooled over the last
three years (so one noisy year does not flip a label), against reference points
derived from the same data (the median institution). The profile is shown beside a
label, never used for it. The clustering is a data-driven check on the rule, the
sensitivity table shows how the labels move with the choice of reference point, and
the consortium comparison with the evaluation's typology is reported with its
bootstrap interval, and with the warning that on demonstration data it means nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.methods import typology
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.labels import (
    INDICATOR_LABELS,
    MODEL_LABELS,
    PROFILE_LABELS,
    REFERENCE_LABELS,
)

POOLED_YEARS = 3
MODELS = ("push", "exchange", "serve")
PROGRAMME_YEARS = range(2010, 2019)


@dataclass(frozen=True)
class ModelsResult:
    classified: pd.DataFrame  # one row per institution, pooled years
    z: pd.DataFrame
    reference: typology.Reference  # the headline reference points (pooled years)
    cluster: typology.ClusterCheck
    stability: pd.DataFrame  # bootstrap resamples
    per_year: pd.DataFrame  # year_stability
    yearly_labels: pd.DataFrame  # classify per institution-year
    comparison: typology.Comparison
    sensitivity: pd.DataFrame  # typology.reference_sensitivity
    years: tuple[int, ...]
    programme_years: tuple[int, ...]


def _window(wide: pd.DataFrame, year: int) -> tuple[int, ...]:
    present = set(wide["year"])
    return tuple(y for y in range(year - POOLED_YEARS + 1, year + 1) if y in present)


def _programme_years(wide: pd.DataFrame) -> tuple[int, ...]:
    present = set(wide["year"])
    return tuple(y for y in PROGRAMME_YEARS if y in present)


def _pooled(
    wide: pd.DataFrame, institutions: pd.DataFrame, year: int
) -> tuple[tuple[int, ...], typology.Reference, pd.DataFrame, pd.DataFrame]:
    """Reference, standardised pooled profiles and their classification, last three years.

    The profile rides along in the result for the tables; `typology.score` never reads it.
    """
    years = _window(wide, year)
    pooled = typology.pooled_profile(wide, "institution_id", years=years)
    ref = typology.reference_from_cross_section(pooled, typology.HEADLINE_REFERENCE)
    profile = pooled.index.to_series().map(institutions.set_index("institution_id")["profile"])
    z = ref.standardise(pooled)
    classified = typology.score(z, profile)
    classified.index.name = "institution_id"
    return years, ref, z, classified


def _comparison(
    wide: pd.DataFrame, data_dir: Path, institutions: pd.DataFrame
) -> typology.Comparison:
    consortia = typology.classify_consortia(
        wide,
        reference.load_consortium_members(data_dir),
        reference.load_consortia(data_dir),
        institutions,
        years=_programme_years(wide),
    )
    return typology.compare_with_evaluation(consortia, reference.load_consortia(data_dir))


def _kappa_text(cmp: typology.Comparison) -> str:
    """'Cohens kappa 0,13; 95%-interval −0,25 tot 0,51' (the interval when it exists)."""
    ki = cmp.kappa_interval
    text = f"Cohens kappa {fmt.number(cmp.kappa, 2)}"
    if pd.notna(ki.low) and pd.notna(ki.high):
        text += f"; {fmt.percent(ki.level)}-interval {fmt.number(ki.low, 2)} tot {fmt.number(ki.high, 2)}"
    return text


def agreement_sentence(cmp: typology.Comparison) -> str:
    """The agreement with the evaluation in one sentence (chapter and summary)."""
    if cmp.n == 0:
        return (
            "Voor geen van de consortia zijn indicatoren van de leden over de programmajaren "
            "beschikbaar, dus de indeling kan niet met de evaluatie worden vergeleken."
        )
    return (
        f"De regel deelt {fmt.number(round(cmp.accuracy * cmp.n))} van de {fmt.number(cmp.n)} "
        f"consortia in hetzelfde model in als de evaluatie ({fmt.percent(cmp.accuracy)}, "
        f"{_kappa_text(cmp)})."
    )


#: Said wherever the agreement with the evaluation is shown on demonstration data.
DEMO_AGREEMENT_CAVEAT = (
    "Op demonstratiedata zegt deze overeenstemming niets over de werkelijke typologie: de "
    "generator trekt de mix van elke instelling los van haar profiel, dus elke overeenstemming "
    "met de evaluatie is toeval."
)


def headline(wide: pd.DataFrame, data_dir: Path, year: int) -> str:
    """The chapter's two findings in one sentence pair, without the clustering checks (summary)."""
    institutions = reference.load_institutions(data_dir)
    _years, _ref, _z, classified = _pooled(wide, institutions, year)
    counts = classified["label"].value_counts()
    top = max(MODELS, key=lambda m: (counts.get(m, 0), -MODELS.index(m)))
    cmp = _comparison(wide, data_dir, institutions)
    text = (
        f"Het {MODEL_LABELS[top]} komt het vaakst voor: {fmt.number(counts.get(top, 0))} van de "
        f"{fmt.number(len(classified))} instellingen, met de mediane instelling als "
        f"referentiepunt. {modal_model_sentence(reference_sensitivity(wide, data_dir, year))} "
        + agreement_sentence(cmp)
    )
    if "is_demonstration" in wide.columns and bool(wide["is_demonstration"].any()):
        text += " " + DEMO_AGREEMENT_CAVEAT
    return text


def reference_sensitivity(wide: pd.DataFrame, data_dir: Path, year: int) -> pd.DataFrame:
    """`typology.reference_sensitivity` over the chapter's own windows (pooled years, programme).

    Shown in chapter 5's section on assumptions, beside the other sensitivities.
    """
    return typology.reference_sensitivity(
        wide,
        reference.load_consortium_members(data_dir),
        reference.load_consortia(data_dir),
        reference.load_institutions(data_dir),
        years=_window(wide, year),
        consortium_years=_programme_years(wide),
    )


def compute(wide: pd.DataFrame, data_dir: Path, year: int, n_boot: int = 100) -> ModelsResult:
    institutions = reference.load_institutions(data_dir)
    years, ref, z, classified = _pooled(wide, institutions, year)
    cluster = typology.cluster_check(z, classified["label"])
    stability = typology.bootstrap_stability(z, n_boot=n_boot)
    comparison = _comparison(wide, data_dir, institutions)
    sensitivity = reference_sensitivity(wide, data_dir, year)
    return ModelsResult(
        classified=classified.reset_index(),
        z=z,
        reference=ref,
        cluster=cluster,
        stability=stability,
        per_year=typology.year_stability(wide),
        yearly_labels=typology.classify(wide),
        comparison=comparison,
        sensitivity=sensitivity,
        years=years,
        programme_years=_programme_years(wide),
    )


def _span(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")


def intro_markdown(result: ModelsResult) -> str:
    """How an institution gets its model: measured indicators, data-derived reference points."""
    return (
        "De evaluatie van het Valorisatieprogramma onderscheidde drie modellen. De monitor deelt "
        "elke instelling in op de mix van haar gemeten indicatoren, per € 100 mln "
        f"onderzoeksuitgaven en samen genomen over {_span(result.years)}: **push** weegt "
        "uitvindingsmeldingen, octrooiaanvragen, licenties en spin-offs; **exchange** weegt "
        "onderzoeksovereenkomsten met partners; **serve** weegt contractonderzoek, advies en "
        "ondersteunde startups. Elke indicator wordt vergeleken met de mediane instelling over "
        "dezelfde jaren (het referentiepunt, tabel hieronder): een score 0 betekent even "
        "intensief als de mediane instelling, een score 1 ongeveer drie keer zo intensief en −1 "
        "ongeveer een derde. Omdat de logaritme van nul niet bestaat, telt de monitor bij elke "
        "intensiteit een tiende van de mediaan op (een vaste keuze van de monitor); een nul "
        "scoort daardoor ongeveer −2,4. De score van een model is het gemiddelde over zijn indicatoren; de instelling krijgt het "
        "model met de hoogste score. Het profiel van de instelling (technisch, breed, "
        "bedrijfskundig, medisch of toegepast) telt niet "
        "mee (het staat ter informatie in de tabel op de website): het profiel is de grondslag van de typering in de evaluatie, en zou de "
        "overeenstemming daarmee anders vooraf vastleggen. De marge is het verschil tussen de "
        "hoogste en de op één na hoogste score: hoe kleiner, hoe minder uitgesproken het model."
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
            "Profiel (telt niet mee)": c["institution_id"]
            .map(institutions["profile"])
            .map(PROFILE_LABELS),
            "Model": c["label"].map(MODEL_LABELS),
            "Tweede model": c["second"].map(MODEL_LABELS),
            "Marge": c["margin"],
            "Push": c["score_push"],
            "Exchange": c["score_exchange"],
            "Serve": c["score_serve"],
            "Doorslaggevende indicatoren": c["drivers"].map(_drivers_nl),
        }
    ).reset_index(drop=True)


def model_lists_markdown(result: ModelsResult, data_dir: Path) -> str:
    """Per model the institutions it holds, clearest first: the PDF's compact form of the
    institution table (which stays whole on the site, with scores and drivers)."""
    institutions = reference.load_institutions(data_dir).set_index("institution_id")
    c = result.classified.sort_values(["margin"], ascending=False, kind="stable")
    lines = []
    for model in MODELS:
        members = c[c["label"] == model]
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


INSTITUTION_FORMATS = {
    "Marge": "number:2",
    "Push": "number:2",
    "Exchange": "number:2",
    "Serve": "number:2",
}


def reference_table(result: ModelsResult) -> pd.DataFrame:
    """The reference point of every indicator: the median institution over the pooled years.

    Money indicators are shown in € mln per € 100 mln research expenditure, counts as
    numbers per € 100 mln; the unit column says which.
    """
    points = result.reference.points()
    rows = []
    for ind in typology.TYPOLOGY_INDICATORS:
        money = ind.endswith("_eur")
        value = points[ind] / 1e6 if money else points[ind]
        rows.append(
            {
                "Indicator": INDICATOR_LABELS[ind],
                "Model": MODEL_LABELS[typology.INDICATOR_MODEL[ind]],
                "Referentiepunt": value,
                "Eenheid": "€ mln per € 100 mln" if money else "aantal per € 100 mln",
            }
        )
    return pd.DataFrame(rows)


REFERENCE_FORMATS = {"Referentiepunt": "number:1"}


def reference_caption(result: ModelsResult) -> str:
    return (
        "Referentiepunten: de mediane instelling per indicator, per € 100 mln "
        f"onderzoeksuitgaven, {_span(result.years)}"
    )


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
    from analysis.publication import charts

    return charts.typology_scatter(
        scatter_frame(result, data_dir),
        x="Push-score",
        y="Serve-score",
        color="model",
        label="Instelling",
        title=scatter_title(result),
        x_title="Push-score (uitvindingen, octrooien, licenties, spin-offs)",
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
    """Institutions per model per year; a model no institution had in a year counts 0.

    The zero is a count, not a missing value: without its row the chart's line would
    join the years around it as if the model had been there.
    """
    labels = result.yearly_labels
    years = sorted(int(y) for y in labels["year"].unique())
    index = pd.MultiIndex.from_product([years, list(MODELS)], names=["year", "label"])
    counts = (
        labels.groupby(["year", "label"])
        .size()
        .reindex(index, fill_value=0)
        .rename("Instellingen")
        .reset_index()
    )
    counts["Model"] = counts["label"].map(MODEL_LABELS)
    return counts.rename(columns={"year": "Jaar"})[["Jaar", "Model", "Instellingen"]]


def yearly_chart(result: ModelsResult) -> object:
    from analysis.publication import charts

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


def stability_markdown(result: ModelsResult) -> str:
    """The yearly stability table in one sentence (the table is on the site)."""
    p = result.per_year
    persistence = p["persistence"].dropna()
    agreement = p["agreement"].dropna()
    kappa = p["kappa"].dropna()
    if persistence.empty or agreement.empty:
        return ""
    years = p["year"].astype(int)
    return (
        f"Over {fmt.year(int(years.min()))}–{fmt.year(int(years.max()))} houdt van jaar op jaar "
        f"{fmt.percent(float(persistence.min()))} tot {fmt.percent(float(persistence.max()))} "
        "van de instellingen hetzelfde model. De indeling per jaar komt voor "
        f"{fmt.percent(float(agreement.min()))} tot {fmt.percent(float(agreement.max()))} van de "
        "instellingen overeen met een clustering zonder regel (Cohens kappa "
        f"{fmt.number(float(kappa.min()), 2)} tot {fmt.number(float(kappa.max()), 2)}); de "
        "cijfers per jaar staan op de website."
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
        "Als controle is dezelfde informatie zonder regel ingedeeld: een mengmodel van normale verdelingen op de "
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


def sensitivity_table(sensitivity: pd.DataFrame) -> pd.DataFrame:
    """One row per choice of reference point (`reference_sensitivity`): labels that change,
    how many institutions each model gets, agreement with the evaluation."""
    s = sensitivity
    return pd.DataFrame(
        {
            "Referentiepunt": s["reference"].map(REFERENCE_LABELS),
            "Instellingen anders": s["institutions_changed"],
            **{f"{m.capitalize()}": s[f"n_{m}"] for m in MODELS},
            "Consortia anders": s["consortia_changed"],
            "Als evaluatie": s["agreement_n"],
            "Kappa": s["kappa"],
            "Ondergrens": s["kappa_low"],
            "Bovengrens": s["kappa_high"],
        }
    )


SENSITIVITY_FORMATS = {"Kappa": "number:2", "Ondergrens": "number:2", "Bovengrens": "number:2"}


def sensitivity_caption(sensitivity: pd.DataFrame) -> str:
    """The table's caption: what each column counts."""
    n_inst = int(sensitivity["n_institutions"].max()) if len(sensitivity) else 0
    n_cons = int(sensitivity["n_consortia"].max()) if len(sensitivity) else 0
    return (
        "Indeling bij elk referentiepunt: instellingen (van de "
        f"{fmt.number(n_inst)}) met een ander model dan bij de mediane instelling, instellingen "
        f"per model (push, exchange, serve), consortia (van de {fmt.number(n_cons)}) met een "
        "ander model, consortia in hetzelfde model als de evaluatie, en Cohens kappa met "
        "95%-bootstrapinterval"
    )


def sensitivity_markdown(sensitivity: pd.DataFrame, demo: bool) -> str:
    """What the choice of reference point does to the labels and to the agreement."""
    s = sensitivity
    others = s[s["reference"] != typology.HEADLINE_REFERENCE]
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
            f"(Cohens kappa {fmt.number(float(s['kappa'].min()), 2)} tot "
            f"{fmt.number(float(s['kappa'].max()), 2)})."
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


def modal_model(row: pd.Series) -> tuple[str, int]:
    """The most common model in one row of `reference_sensitivity` (ties: push, exchange, serve)."""
    top = max(MODELS, key=lambda m: (int(row[f"n_{m}"]), -MODELS.index(m)))
    return top, int(row[f"n_{top}"])


def headline_model(sensitivity: pd.DataFrame) -> tuple[str, int]:
    """The most common model at the report's reference point, and its number of institutions."""
    rows = sensitivity[sensitivity["reference"] == typology.HEADLINE_REFERENCE]
    return modal_model(rows.iloc[0])


def modal_model_sentence(sensitivity: pd.DataFrame) -> str:
    """Whether the most common model (the summary's first finding) depends on the reference point.

    It does where, at another reference point, another model is at least as common.
    """
    if typology.HEADLINE_REFERENCE not in set(sensitivity["reference"]):
        return ""
    top, _ = headline_model(sensitivity)
    others = sensitivity[sensitivity["reference"] != typology.HEADLINE_REFERENCE]
    rivals: dict[str, None] = {}
    n_differ = 0
    for _, row in others.iterrows():
        beaten = [m for m in MODELS if m != top and int(row[f"n_{m}"]) >= int(row[f"n_{top}"])]
        if beaten:
            n_differ += 1
            rivals.update(dict.fromkeys(beaten))
    if not n_differ:
        return f"Bij elk referentiepunt komt het {MODEL_LABELS[top]} het vaakst voor."
    names = [MODEL_LABELS[m] for m in MODELS if m in rivals]
    share = (
        f"alle {fmt.number(n_differ)}"
        if n_differ == len(others)
        else f"{fmt.number(n_differ)} van de {fmt.number(len(others))}"
    )
    return (
        f"Dat het {MODEL_LABELS[top]} het vaakst voorkomt, hangt af van het referentiepunt: bij "
        f"{share} andere referentiepunten komt het {_join_nl(names, 'of')} even vaak of vaker "
        "voor."
    )


def _join_nl(items: list[str], word: str = "en") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _range(low: int, high: int) -> str:
    return fmt.number(low) if low == high else f"{fmt.number(low)} tot {fmt.number(high)}"


def comparison_markdown(result: ModelsResult, demo: bool) -> str:
    """The agreement with the evaluation, its interval, and what is compared with what."""
    cmp = result.comparison
    ki = cmp.kappa_interval
    how = (
        "precies berekend over alle mogelijke trekkingen, niet geschat met willekeurige trekkingen"
        if ki.method == "exact"
        else "geschat met willekeurige trekkingen"
    )
    text = agreement_sentence(cmp) + " "
    if pd.notna(ki.low):
        text += (
            "Het interval is een bootstrapinterval: de consortia worden met teruglegging "
            f"opnieuw getrokken ({how}). "
        )
        text += (
            f"Het interval omvat 0: met {fmt.number(cmp.n)} consortia is de overeenstemming "
            "niet te onderscheiden van toeval. "
            if ki.low <= 0
            else "Het interval ligt geheel boven 0: de overeenstemming is groter dan toeval. "
        )
    text += (
        "De twee indelingen typeren niet hetzelfde. De evaluatie typeerde de aanpak van de "
        "consortia binnen het programma: hoe zij hun programma-activiteiten in "
        f"{_span(tuple(PROGRAMME_YEARS))} inrichtten. De monitor meet de kennisoverdracht van de "
        "hele instelling op de ASTP-indicatoren. De indicatormix van een consortium is hier de "
        "som van de indicatoren van zijn kennisinstellingen over "
        f"{_span(result.programme_years)}, vergeleken met de mediane instelling over dezelfde "
        "jaren. Het profiel van de instellingen of van de penvoerder telt niet mee: wisselen "
        "twee instellingen van profiel, dan blijft elke indeling gelijk. De tabel op de website "
        "geeft voor elk verschil de indicatoren die de regel de andere kant op stuurden."
    )
    if demo:
        text += (
            " **Let op:** de indicatoren van de instellingen zijn demonstratiedata. "
            + DEMO_AGREEMENT_CAVEAT
            + " Deze vergelijking laat alleen zien hoe de toets werkt."
        )
    return text
