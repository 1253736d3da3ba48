"""Chapter 4 (valorisation models): the chapter's text, tables and summary headline on the
shipped data, and the profile-swap invariance end to end (institutions.csv in a copy)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data import reference
from analysis.publication import formatting as fmt
from analysis.publication.chapters.models import checks, presentation
from analysis.publication.chapters.models import result as models_result2
from analysis.publication.labels import MODEL_LABELS
from editions import demo_data_dir

#: The demonstration edition's data (the shipped fictitious panel): `data/raw` + `data/demo`.
RAW = demo_data_dir()


@pytest.fixture(scope="module")
def shipped_wide(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The shipped submissions, processed as the build does, up to 2025."""
    from analysis.data import ingest, process, sources
    from analysis.publication.chapters.national import trend

    folder = tmp_path_factory.mktemp("processed")
    long = process.to_long(ingest.load_submissions(RAW / "kt_metrics"), sources.load_sources(RAW))
    process.write_processed(long, process.to_wide(long), folder)
    return trend.until(process.load_wide(folder), 2025)


@pytest.fixture(scope="module")
def models_result(shipped_wide: pd.DataFrame) -> models_result2.ModelsResult:
    return models_result2.compute(shipped_wide, RAW, 2025, n_boot=5)


def test_models_headline_equals_the_chapter_findings(
    shipped_wide: pd.DataFrame, models_result: models_result2.ModelsResult
) -> None:
    """The summary's lighter path must say what the chapter says, demonstration caveat included,
    and that the most common model rests on the reference point (it does on these data)."""
    agreement = models_result2.agreement_sentence(models_result.comparison)
    reference = models_result2.modal_model_sentence(models_result.sensitivity)
    assert reference.startswith("Welk model het vaakst voorkomt, hangt af van")
    # "het vaakst" is not asserted of a model that is not the most common everywhere
    assert not models_result2.modal_model_holds(models_result.sensitivity)
    assert "vaakst" not in presentation.scatter_title(models_result)
    chapter = (
        models_result2.modal_model_text(models_result.sensitivity)
        + " "
        + reference
        + " "
        + agreement
    )
    assert (
        models_result2.headline(shipped_wide, RAW, 2025)
        == chapter + " " + models_result2.DEMO_AGREEMENT_CAVEAT
    )
    # The chapter says it in words and points to Bijlage B before the sentence ends.
    assert checks.comparison_markdown(models_result, demo=True).startswith(
        agreement[:-1] + " (zie de berekeningen bij hoofdstuk 4 in bijlage B)."
    )
    assert "niet te onderscheiden van toeval" in agreement and "kappa" not in agreement
    real = shipped_wide.assign(is_demonstration=False)
    assert models_result2.headline(real, RAW, 2025) == chapter


def test_models_chapter_states_interval_scope_and_the_demonstration_caveat(
    models_result: models_result2.ModelsResult,
) -> None:
    cmp = models_result.comparison
    ki = cmp.kappa_interval
    assert ki.method == "exact" and ki.n == cmp.n == 12
    assert ki.low <= cmp.kappa <= ki.high
    text = checks.comparison_markdown(models_result, demo=True)
    # The interval and how it is drawn are in Bijlage B; the chapter says what it means.
    technical = checks.comparison_technical_markdown(models_result)
    assert f"95%-interval {fmt.number(ki.low, 2)} tot {fmt.number(ki.high, 2)}" in technical
    assert "bootstrapinterval" in technical and "alle mogelijke trekkingen" in technical
    assert "Cohens kappa" in technical and "kappa" not in text.lower()
    assert "met 12 consortia is die overeenstemming niet te onderscheiden van toeval" in text
    assert "programma-activiteiten in 2010–2018" in text
    assert "kennisoverdracht van de hele instelling" in text
    assert "niet opgelegd" not in text
    assert models_result2.DEMO_AGREEMENT_CAVEAT in text
    assert models_result2.DEMO_AGREEMENT_CAVEAT not in checks.comparison_markdown(
        models_result, False
    )
    assert models_result2.DEMO_AGREEMENT_CAVEAT in checks.sensitivity_markdown(
        models_result.sensitivity, True
    )
    intro = presentation.intro_markdown(models_result)
    assert "voorkennis" not in intro and "telt niet mee" in intro
    drivers = presentation.institution_table(models_result, RAW).frame[
        "Doorslaggevende indicatoren"
    ]
    assert not drivers.str.contains("profiel").any()


def test_models_reference_table_shows_the_median_institution(
    shipped_wide: pd.DataFrame, models_result: models_result2.ModelsResult
) -> None:
    """Reference point = the median of the institutions' pooled intensities, computed here directly."""
    window = shipped_wide[shipped_wide["year"].isin([2023, 2024, 2025])]
    rows = window[["institution_id", "spinoffs", "research_expenditure_eur"]].dropna()
    sums = rows.groupby("institution_id")[["spinoffs", "research_expenditure_eur"]].sum()
    median = float((sums["spinoffs"] / sums["research_expenditure_eur"] * 1e8).median())
    table = presentation.reference_table(models_result).frame.set_index("Indicator")
    assert float(table.loc["Spin-offs", "Referentiepunt"]) == pytest.approx(median)
    assert presentation.reference_caption(models_result).endswith("2023–2025")


def test_models_sensitivity_table_has_every_reference_and_a_zero_baseline(
    models_result: models_result2.ModelsResult,
) -> None:
    from analysis.methods.typology import reference_point

    table = checks.sensitivity_table(models_result.sensitivity).frame
    assert len(table) == len(reference_point.REFERENCE_METHODS)
    assert table["Referentiepunt"].notna().all()
    base = table.iloc[0]
    assert base["Referentiepunt"] == "mediane instelling (kern)"
    assert base["Instellingen anders"] == 0 and base["Consortia anders"] == 0
    assert base["Als evaluatie"] == round(
        models_result.comparison.accuracy * models_result.comparison.n
    )
    # The models per reference point: at the median institution the chapter's own counts.
    counts = models_result.classified["model"].value_counts()
    per_model = ["Aanbodmodel", "Uitwisselingsmodel", "Dienstverleningsmodel"]
    assert [base[c] for c in per_model] == [counts.get(m, 0) for m in ("push", "exchange", "serve")]
    assert (table[per_model].sum(axis=1) == 37).all()
    assert checks.sensitivity_caption(models_result.sensitivity).startswith(
        "Indeling bij elk referentiepunt: instellingen (van de 37) met een ander model"
    )
    # The pointer in chapter 4 says whether the most common model depends on the choice.
    pointer = checks.sensitivity_pointer(models_result.sensitivity)
    assert pointer.endswith("staat in hoofdstuk 5 onder ‘Gevoeligheid voor aannames’.")
    assert pointer.startswith(models_result2.modal_model_sentence(models_result.sensitivity))


def test_swapping_profiles_in_institutions_csv_changes_no_model(
    tmp_path: Path, shipped_wide: pd.DataFrame, models_result: models_result2.ModelsResult
) -> None:
    """A technical university <-> a business one, a broad university <-> an applied hogeschool
    (the first of each profile among the fictitious institutions)."""
    data = tmp_path / "raw"
    shutil.copytree(RAW, data, ignore=shutil.ignore_patterns("kt_metrics"))
    inst = pd.read_csv(data / "institutions.csv", dtype="str", keep_default_na=False)
    profile = inst.set_index("institution_id")["profile"]
    first = {
        p: profile.index[profile == p][0] for p in ("technical", "business", "broad", "applied")
    }
    swap = {
        first["technical"]: first["business"],
        first["business"]: first["technical"],
        first["broad"]: first["applied"],
        first["applied"]: first["broad"],
    }
    inst["profile"] = [
        profile[swap[i]] if i in swap else p
        for i, p in zip(inst["institution_id"], inst["profile"], strict=True)
    ]
    inst.to_csv(data / "institutions.csv", index=False, lineterminator="\n")
    other = models_result2.compute(shipped_wide, data, 2025, n_boot=5)
    cols = ["institution_id", "model", "second", "margin", "drivers"]
    pd.testing.assert_frame_equal(other.classified[cols], models_result.classified[cols])
    assert other.classified["profile"].tolist() != models_result.classified["profile"].tolist()
    pd.testing.assert_frame_equal(
        other.comparison.disagreements, models_result.comparison.disagreements
    )
    assert other.comparison.kappa_interval == models_result.comparison.kappa_interval
    pd.testing.assert_frame_equal(other.sensitivity, models_result.sensitivity)
    assert models_result2.headline(shipped_wide, data, 2025) == models_result2.headline(
        shipped_wide, RAW, 2025
    )


def test_yearly_counts_put_a_zero_where_no_institution_had_a_model(
    models_result: models_result2.ModelsResult,
) -> None:
    """A model nobody had in a year is a count of 0, not a missing row that the line would
    bridge: every year has all three models, and the counts add up to the year's labels."""
    import dataclasses

    models = models_result.yearly_models
    without_push = models[~((models["year"] == 2015) & (models["model"] == "push"))]
    result = dataclasses.replace(models_result, yearly_models=without_push)
    counts = presentation.yearly_counts(result)
    years = sorted(models["year"].unique())
    assert len(counts) == 3 * len(years)
    row = counts[(counts["Jaar"] == 2015) & (counts["Model"] == "aanbodmodel")]
    assert row["Instellingen"].tolist() == [0]
    per_year = counts.groupby("Jaar")["Instellingen"].sum()
    labelled = without_push.dropna(subset=["model"])  # an institution-year without a label
    assert per_year.to_dict() == labelled.groupby("year").size().to_dict()
    from analysis.publication.charts import export, theme

    spec = export.spec_of(presentation.yearly_chart(result))
    assert theme.palette_problems(spec) == []  # push blue, exchange orange, serve green
    scale = spec["encoding"]["color"]["scale"]
    assert scale == {
        "domain": ["aanbodmodel", "uitwisselingsmodel", "dienstverleningsmodel"],
        "range": ["#004F8F", "#E69F00", "#009E73"],
    }


def test_scatter_and_yearly_chart_give_each_model_the_same_colour(
    models_result: models_result2.ModelsResult,
) -> None:
    from analysis.publication.charts import export as charts_export
    from analysis.publication.charts import theme as charts_theme

    scatter = charts_export.spec_of(presentation.scatter_chart(models_result, RAW))
    yearly = charts_export.spec_of(presentation.yearly_chart(models_result))
    assert charts_theme.palette_problems(scatter) == charts_theme.palette_problems(yearly) == []


def test_model_lists_replace_the_long_table_in_the_pdf(
    models_result: models_result2.ModelsResult,
) -> None:
    text = presentation.model_lists_markdown(models_result, RAW)
    counts = models_result.classified["model"].value_counts()
    for model in models_result2.MODELS:
        label = MODEL_LABELS[model]
        assert f"**{label[:1].upper() + label[1:]}** ({counts[model]}):" in text
    # every institution named once, clearest first within its model
    names = presentation.institution_table(models_result, RAW).frame["Instelling"]
    assert sum(text.count(f" {n},") + text.count(f" {n}.") for n in names) >= len(names)
    exchange = models_result.classified[models_result.classified["model"] == "exchange"]
    clearest = exchange.sort_values("margin", ascending=False)["institution_id"].iloc[0]
    short = dict(
        zip(
            *[reference.load_institutions(RAW)[c] for c in ("institution_id", "short_name")],
            strict=True,
        )
    )
    assert f"({counts['exchange']}): {short[clearest]}," in text


def test_stability_sentence_matches_the_table(models_result: models_result2.ModelsResult) -> None:
    text = presentation.stability_markdown(models_result)
    p = models_result.per_year
    low, high = p["persistence"].dropna().min(), p["persistence"].dropna().max()
    assert f"{fmt.percent(low)} tot {fmt.percent(high)}" in text
    assert "zie de berekeningen bij hoofdstuk 4 in bijlage B" in text and "kappa" not in text
    kappa = p["kappa"].dropna()
    technical = presentation.stability_technical_markdown(models_result)
    assert f"{fmt.number(kappa.min(), 2)} tot {fmt.number(kappa.max(), 2)}" in technical


def test_the_chapter_opens_with_its_finding_and_explains_the_reference_point(
    models_result: models_result2.ModelsResult,
) -> None:
    """Chapter 4 opens with how the institutions divide and whether the consortia agree,
    in words; the reference point is explained at its first use, the agreement carries no
    kappa."""
    opening = models_result2.opening_markdown(models_result)
    division = models_result2.modal_model_text(models_result.sensitivity)
    assert "mediane instelling" in division
    assert opening.startswith(division.split("mediane")[0] + "mediane (de middelste waarde")
    assert "mediane (" not in presentation.intro_markdown(models_result)
    assert opening.count("referentiepunt (de instelling waarmee de monitor") == 1
    assert opening.endswith(models_result2.agreement_sentence(models_result.comparison))
    assert "kappa" not in opening.lower()
