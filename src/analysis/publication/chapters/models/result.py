"""Chapter 4, the result: the typology of institutions and consortia, computed once (`compute`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import load_levels
from analysis.methods.typology import agreement, robustness, rule
from analysis.methods.typology import reference_point as typology_reference_point
from analysis.publication import formatting as fmt
from analysis.publication.chapters.terms import explain
from analysis.publication.labels import (
    MODEL_LABELS,
)

POOLED_YEARS = 3


MODELS = ("push", "exchange", "serve")


PROGRAMME_YEARS = range(2010, 2019)


@dataclass(frozen=True)
class ModelsResult:
    classified: pd.DataFrame  # one row per institution, pooled years
    z: pd.DataFrame
    reference: typology_reference_point.Reference  # the headline reference points (pooled years)
    cluster: robustness.ClusterCheck
    stability: pd.DataFrame  # bootstrap resamples
    per_year: pd.DataFrame  # year_stability
    yearly_models: pd.DataFrame  # classify per institution-year
    comparison: agreement.Comparison
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
) -> tuple[tuple[int, ...], typology_reference_point.Reference, pd.DataFrame, pd.DataFrame]:
    """Reference, standardised pooled profiles and their classification, last three years.

    The profile rides along in the result for the tables; `typology.score` never reads it.
    """
    years = _window(wide, year)
    pooled = typology_reference_point.pooled_profile(wide, "institution_id", years=years)
    ref = typology_reference_point.reference_from_cross_section(
        pooled, typology_reference_point.HEADLINE_REFERENCE
    )
    profile = pooled.index.to_series().map(institutions.set_index("institution_id")["profile"])
    z = ref.standardise(pooled)
    classified = rule.score(z, profile)
    classified.index.name = "institution_id"
    return years, ref, z, classified


def _comparison(
    wide: pd.DataFrame, data_dir: Path, institutions: pd.DataFrame
) -> agreement.Comparison:
    consortia = rule.classify_consortia(
        wide,
        reference.load_consortium_members(data_dir),
        reference.load_population_consortia(data_dir),
        institutions,
        years=_programme_years(wide),
    )
    return agreement.compare_with_evaluation(
        consortia,
        reference.load_population_consortia(data_dir),
        level=load_levels(data_dir).confidence,
    )


def _kappa_text(cmp: agreement.Comparison) -> str:
    """'Cohens kappa 0,13; 95%-interval −0,25 tot 0,51' (the interval when it exists)."""
    ki = cmp.kappa_interval
    text = f"Cohens kappa {fmt.number(cmp.kappa, 2)}"
    if pd.notna(ki.low) and pd.notna(ki.high):
        text += (
            f"; {fmt.level(ki.level)}-interval {fmt.number(ki.low, 2)} tot {fmt.number(ki.high, 2)}"
        )
    return text


def agreement_sentence(cmp: agreement.Comparison) -> str:
    """The agreement with the evaluation in one plain sentence (chapter and summary): the
    count, and whether it is beyond chance (the kappa interval, named in Bijlage B by
    `agreement_technical_sentence`)."""
    if cmp.n == 0:
        return (
            "Voor geen van de consortia zijn indicatoren van de leden over de programmajaren "
            "beschikbaar, dus de indeling kan niet met de evaluatie worden vergeleken."
        )
    text = (
        f"De regel deelt {fmt.number(round(cmp.accuracy * cmp.n))} van de {fmt.number(cmp.n)} "
        f"consortia in hetzelfde model in als de evaluatie ({fmt.percent(cmp.accuracy)})"
    )
    ki = cmp.kappa_interval
    if pd.notna(ki.low) and pd.notna(ki.high):
        text += (
            f"; met {fmt.number(cmp.n)} consortia is die overeenstemming niet te onderscheiden "
            "van toeval"
            if ki.low <= 0
            else "; die overeenstemming is groter dan bij toeval"
        )
    return text + "."


def agreement_technical_sentence(cmp: agreement.Comparison) -> str:
    """The agreement with the evaluation as computed (Bijlage B): share and Cohen's kappa
    with its interval."""
    if cmp.n == 0:
        return agreement_sentence(cmp)
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
    cmp = _comparison(wide, data_dir, institutions)
    sensitivity = reference_sensitivity(wide, data_dir, year)
    text = (
        f"{modal_model_text(sensitivity)} {modal_model_sentence(sensitivity)} "
        + agreement_sentence(cmp)
    )
    if "is_demonstration" in wide.columns and bool(wide["is_demonstration"].any()):
        text += " " + DEMO_AGREEMENT_CAVEAT
    return text


def opening_markdown(result: ModelsResult) -> str:
    """Chapter 4's first paragraph: how the institutions divide over the models (as far as
    the reference point allows) and whether the consortia agree with the evaluation; the
    reference point and the median are explained where the chapter first names them."""
    sensitivity = result.sensitivity
    division = re.sub(
        r"\bmediane\b",
        lambda m: explain("mediaan", m.group(0)),
        modal_model_text(sensitivity),
        count=1,
    )
    reference_point = re.sub(
        r"\breferentiepunt\b",
        lambda m: explain("referentiepunt", m.group(0)),
        modal_model_sentence(sensitivity),
        count=1,
    )
    return (f"{division} {reference_point} " + agreement_sentence(result.comparison)).strip()


def reference_sensitivity(wide: pd.DataFrame, data_dir: Path, year: int) -> pd.DataFrame:
    """`typology.reference_sensitivity` over the chapter's own windows (pooled years, programme).

    Shown in chapter 5's section on assumptions, beside the other sensitivities.
    """
    return robustness.reference_sensitivity(
        wide,
        reference.load_consortium_members(data_dir),
        reference.load_population_consortia(data_dir),
        reference.load_institutions(data_dir),
        years=_window(wide, year),
        consortium_years=_programme_years(wide),
        level=load_levels(data_dir).confidence,
    )


def compute(wide: pd.DataFrame, data_dir: Path, year: int, n_boot: int = 100) -> ModelsResult:
    institutions = reference.load_institutions(data_dir)
    years, ref, z, classified = _pooled(wide, institutions, year)
    cluster = robustness.cluster_check(z, classified["model"])
    stability = robustness.bootstrap_stability(z, n_boot=n_boot)
    comparison = _comparison(wide, data_dir, institutions)
    sensitivity = reference_sensitivity(wide, data_dir, year)
    return ModelsResult(
        classified=classified.reset_index(),
        z=z,
        reference=ref,
        cluster=cluster,
        stability=stability,
        per_year=robustness.year_stability(wide),
        yearly_models=rule.classify(wide),
        comparison=comparison,
        sensitivity=sensitivity,
        years=years,
        programme_years=_programme_years(wide),
    )


def modal_model(row: pd.Series) -> tuple[str, int]:
    """The most common model in one row of `reference_sensitivity` (ties: push, exchange, serve)."""
    top = max(MODELS, key=lambda m: (int(row[f"n_{m}"]), -MODELS.index(m)))
    return top, int(row[f"n_{top}"])


def headline_model(sensitivity: pd.DataFrame) -> tuple[str, int]:
    """The most common model at the report's reference point, and its number of institutions."""
    rows = sensitivity[sensitivity["reference"] == typology_reference_point.HEADLINE_REFERENCE]
    return modal_model(rows.iloc[0])


def modal_model_sentence(sensitivity: pd.DataFrame) -> str:
    """Whether the most common model (the summary's first finding) depends on the reference point.

    It does where, at another reference point, another model is at least as common.
    """
    if typology_reference_point.HEADLINE_REFERENCE not in set(sensitivity["reference"]):
        return ""
    top, _ = headline_model(sensitivity)
    others = sensitivity[sensitivity["reference"] != typology_reference_point.HEADLINE_REFERENCE]
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
        f"Welk model het vaakst voorkomt, hangt af van het referentiepunt: bij {share} andere "
        f"referentiepunten komt het {_join_nl(names, 'of')} even vaak of vaker voor dan het "
        f"{MODEL_LABELS[top]}."
    )


def modal_model_holds(sensitivity: pd.DataFrame) -> bool:
    """True when the most common model at the report's reference point is the most common at
    every other reference point too: only then may a sentence say it is "het vaakst"."""
    if typology_reference_point.HEADLINE_REFERENCE not in set(sensitivity["reference"]):
        return False
    top, _ = headline_model(sensitivity)
    others = sensitivity[sensitivity["reference"] != typology_reference_point.HEADLINE_REFERENCE]
    return not any(
        int(row[f"n_{m}"]) >= int(row[f"n_{top}"])
        for _, row in others.iterrows()
        for m in MODELS
        if m != top
    )


def modal_model_text(sensitivity: pd.DataFrame) -> str:
    """The summary's first finding on the models, worded as far as the reference points allow.

    "Het X komt het vaakst voor" only when X is the most common model at every reference
    point (`modal_model_holds`); otherwise the counts at the median institution, with
    "het vaakst" left to the sentence that says it depends on the reference point.
    """
    row = sensitivity[sensitivity["reference"] == typology_reference_point.HEADLINE_REFERENCE].iloc[
        0
    ]
    top, n_top = modal_model(row)
    n = fmt.number(int(row["n_institutions"]))
    if modal_model_holds(sensitivity):
        return (
            f"Het {MODEL_LABELS[top]} komt het vaakst voor: {fmt.number(n_top)} van de {n} "
            "instellingen, vergeleken met de mediane instelling."
        )
    counts = _join_nl(
        [
            f"{fmt.number(int(row[f'n_{m}']))} in het {MODEL_LABELS[m]}"
            for m in sorted(MODELS, key=lambda m: (-int(row[f"n_{m}"]), MODELS.index(m)))
        ]
    )
    return f"Vergeleken met de mediane instelling vallen van de {n} instellingen er {counts}."


def _join_nl(items: list[str], word: str = "en") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]
