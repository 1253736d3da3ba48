"""The demonstration generator: deterministic, labelled, plausible, with an output mix drawn
independently of profile and the scheme effect it claims to model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import paths
from analysis.data import demo, ingest

YEARS = range(2016, 2026)
COUNT_CODES = [
    "research_agreements_n",
    "contract_research_n",
    "invention_disclosures",
    "priority_patent_applications",
    "patents_granted",
    "licence_agreements",
    "spinoffs",
    "startups_supported",
]
PUSH = ["invention_disclosures", "priority_patent_applications", "licence_agreements", "spinoffs"]


@pytest.fixture(scope="module")
def institutions() -> pd.DataFrame:
    return demo.load_institutions()


@pytest.fixture(scope="module")
def frame(institutions: pd.DataFrame) -> pd.DataFrame:
    return demo.generate(institutions, range(2010, 2026), 2026)


@pytest.fixture(scope="module")
def wide(frame: pd.DataFrame, institutions: pd.DataFrame) -> pd.DataFrame:
    table = frame.pivot(index=["institution_id", "year"], columns="indicator", values="value")
    table = table.reset_index()
    return table.merge(institutions[["institution_id", "type", "profile"]], on="institution_id")


def test_deterministic_per_seed_and_seeds_differ(institutions: pd.DataFrame) -> None:
    a = demo.generate(institutions, YEARS, 7)
    b = demo.generate(institutions, YEARS, 7)
    pd.testing.assert_frame_equal(a, b)
    c = demo.generate(institutions, YEARS, 8)
    assert not a["value"].equals(c["value"])
    both = a["value"].notna() & c["value"].notna()
    assert (a.loc[both, "value"] != c.loc[both, "value"]).mean() > 0.5


def test_adding_institutions_or_years_changes_nothing_else(institutions: pd.DataFrame) -> None:
    few = demo.generate(institutions.iloc[:3], YEARS, 7)
    many = demo.generate(institutions, range(2012, 2026), 7)
    ids = set(few["institution_id"])
    subset = many.loc[many["institution_id"].isin(ids) & many["year"].isin(list(YEARS))]
    pd.testing.assert_frame_equal(few, subset.reset_index(drop=True))


def test_labelled_as_demonstration_with_catalogue_units(frame: pd.DataFrame) -> None:
    assert set(frame["source_id"]) == {"demonstration"}
    assert set(frame["note"]) == {"demonstratiedata"}
    units = ingest.catalogue_units()
    assert (frame["unit"] == frame["indicator"].map(units)).all()
    # every institution-year carries the whole catalogue
    assert (frame.groupby(["institution_id", "year"]).size() == len(units)).all()


def test_counts_are_non_negative_integers(frame: pd.DataFrame) -> None:
    counts = frame.loc[frame["indicator"].isin(COUNT_CODES), "value"].dropna()
    assert len(counts) > 0
    assert (counts >= 0).all()
    assert (counts == np.floor(counts)).all()
    money = frame.loc[frame["indicator"].str.endswith("_eur"), "value"].dropna()
    assert (money >= 0).all()


def test_some_values_are_not_reported_but_few(frame: pd.DataFrame) -> None:
    share = frame["value"].isna().mean()
    assert 0.005 < share < 0.10


def test_swapping_profiles_changes_no_generated_value(
    institutions: pd.DataFrame, frame: pd.DataFrame
) -> None:
    """The profiles are the evaluation's typology basis: they must not shape any output."""
    shuffled = institutions.copy()
    # technical TU Delft <-> business Erasmus, broad UvA <-> applied TNO, and the rest reversed
    shuffled["profile"] = list(reversed(institutions["profile"].tolist()))
    for a, b in (("tud", "eur"), ("uva", "tno")):
        ia = shuffled.index[shuffled["institution_id"] == a][0]
        ib = shuffled.index[shuffled["institution_id"] == b][0]
        shuffled.loc[ia, "profile"], shuffled.loc[ib, "profile"] = (
            institutions.loc[ib, "profile"],
            institutions.loc[ia, "profile"],
        )
    assert (shuffled["profile"] != institutions["profile"]).sum() > 20
    pd.testing.assert_frame_equal(demo.generate(shuffled, range(2010, 2026), 2026), frame)


def test_mix_is_drawn_per_institution_with_mean_one_and_the_stated_spread() -> None:
    cal = demo.load_calibration()
    synthetic = demo.synthetic_institutions(2000, 5)
    rates = demo._rates(cal)
    mixes = pd.DataFrame(
        [demo._Institution(row, 5, cal, rates).mix for row in synthetic.to_dict("records")]
    )
    assert list(mixes.columns) == list(demo.GROUPS)
    logs = np.log(mixes)
    # lognormal(-sigma^2 / 2, sigma): sd of the log is sigma, the factor averages 1
    assert logs.std().to_numpy() == pytest.approx([cal["mix_sigma"]] * 3, abs=0.03)
    assert mixes.mean().to_numpy() == pytest.approx([1.0, 1.0, 1.0], abs=0.04)
    # the three factors are independent draws, not one shared level
    assert np.abs(np.corrcoef(logs.to_numpy().T)[np.triu_indices(3, 1)]).max() < 0.08
    # and the same per profile: no profile leans on any model (each group mean of the log
    # within 4 standard errors of -sigma^2 / 2)
    sigma = cal["mix_sigma"]
    grouped = logs.groupby(synthetic["profile"].to_numpy())
    deviation = (grouped.mean() + sigma**2 / 2).abs()
    bound = 4 * sigma / np.sqrt(grouped.size())
    assert (deviation.lt(bound, axis=0)).all().all()


def test_scheme_ramp_raises_kto_staff(wide: pd.DataFrame) -> None:
    ratio = wide["kto_staff_fte"] / wide["research_expenditure_eur"] * 1e8
    per_year = ratio.groupby(wide["year"]).mean()
    before = per_year.loc[2019:2022].mean()
    # calibration: +50 % KTO FTE at the full scheme (2025); allow for noise
    assert per_year.loc[2025] / before == pytest.approx(1.5, abs=0.15)
    assert per_year.loc[2023] < per_year.loc[2024] < per_year.loc[2025]
    cal = demo.load_calibration()
    assert [demo.scheme_ramp(y, cal) for y in (2021, 2022, 2023, 2024, 2025, 2030)] == [
        0.0,
        0.0,
        pytest.approx(1 / 3),
        pytest.approx(2 / 3),
        1.0,
        1.0,
    ]


def test_patents_granted_lag_applications(wide: pd.DataFrame) -> None:
    filed = wide[["institution_id", "year", "priority_patent_applications"]].copy()
    filed["year"] = filed["year"] + 3  # applications of year t-3, aligned with year t
    joined = wide[["institution_id", "year", "patents_granted"]].merge(
        filed, on=["institution_id", "year"]
    )
    joined = joined.dropna()
    assert len(joined) > 100
    assert (joined["patents_granted"] <= joined["priority_patent_applications"]).all()


def test_licence_income_is_mostly_zero_without_licences(wide: pd.DataFrame) -> None:
    none = wide.loc[wide["licence_agreements"] == 0, "licence_income_eur"].dropna()
    assert len(none) > 20
    assert (none == 0).mean() > 0.5
    some = wide.loc[wide["licence_agreements"] > 0, "licence_income_eur"].dropna()
    assert (some > 0).all()


def test_disclosure_rate_undoes_growth_and_trend() -> None:
    cal = demo.load_calibration()
    # by hand: 103 / (EUR 450 M x 1.02^9 / EUR 100 M) / 1.01^9, TU Delft taken as a neutral mix
    expected = 103 / (4.5 * 1.02**9) / 1.01**9
    assert demo._rates(cal).disclosures == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(17.51, abs=0.01)


def test_university_patent_filings_are_of_the_cited_magnitude(wide: pd.DataFrame) -> None:
    # KNAW 2014: about 30 filings per Dutch university per year in 2000-2010. The
    # generator is calibrated on disclosures (TU Delft) and the Delft filing share,
    # not on this figure, so only the order of magnitude is checked.
    universities = wide.loc[(wide["type"] == "university") & (wide["year"] == 2010)]
    mean = universities["priority_patent_applications"].mean()
    assert 30 / 3 < mean < 30 * 3


def test_synthetic_institutions(institutions: pd.DataFrame) -> None:
    extra = demo.synthetic_institutions(1000, 3)
    assert list(extra.columns) == list(institutions.columns)
    assert extra["institution_id"].iloc[0] == "demo_0001"
    assert extra["institution_id"].iloc[-1] == "demo_1000"
    assert extra["name_nl"].iloc[41] == "Demonstratie-instelling 0042"
    pd.testing.assert_frame_equal(extra, demo.synthetic_institutions(1000, 3))
    real_share = (institutions["type"] == "university").mean()
    assert (extra["type"] == "university").mean() == pytest.approx(real_share, abs=0.06)
    pairs = set(zip(institutions["type"], institutions["profile"], strict=True))
    assert set(zip(extra["type"], extra["profile"], strict=True)) <= pairs


def test_run_demo_writes_readable_submissions(tmp_path: Path) -> None:
    written = demo.run_demo(11, range(2024, 2026), tmp_path, n_institutions=40)
    assert len(written) == 40 * 2
    institutions = pd.read_csv(tmp_path / "institutions.csv", dtype="str", keep_default_na=False)
    assert len(institutions) == 40
    assert institutions["institution_id"].str.startswith("demo_").sum() == 40 - 37
    read = ingest.load_submissions(tmp_path / "kt_metrics")
    generated = demo.generate(institutions, range(2024, 2026), 11)
    expected = generated.sort_values(["year", "institution_id"], kind="stable")
    pd.testing.assert_frame_equal(
        read.drop(columns=["file", "row"]), expected.reset_index(drop=True)
    )


def test_run_demo_refuses_the_real_data_folder() -> None:
    """Demonstration data never go into data/raw, which holds real data only."""
    with pytest.raises(ValueError, match=r"never go into the real data folder"):
        demo.run_demo(1, range(2024, 2025), paths.default_data_dir())


def test_shipped_demonstration_data_are_the_generator_output(tmp_path: Path) -> None:
    """`data/demo` is exactly what `valorisatiemonitor demo` writes (seed 2026, 2010–2025)."""
    shipped = paths.project_root() / "data" / "demo"
    demo.run_demo(2026, range(2010, 2026), tmp_path)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    there = sorted(
        p.relative_to(shipped)
        for p in shipped.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name != "README.md"
    )
    assert made == there
    for relative in made:
        assert (tmp_path / relative).read_bytes() == (shipped / relative).read_bytes(), relative


def test_the_fictitious_population_mirrors_the_real_one_without_its_names() -> None:
    """Same types, profiles, regions and partnerships; every name says 'Voorbeeld'; no real
    name or id; the consortia keep their composition and the evaluation's model."""
    from analysis.data import reference

    raw = paths.default_data_dir()
    register = demo.load_institutions(raw)
    population = demo.fictitious_population(
        register, reference.load_consortia(raw), reference.load_programme_members(raw), 2026
    )
    fake = population.institutions
    assert len(fake) == len(register)
    for column in ("type", "profile", "region", "ecosystem"):
        assert sorted(fake[column]) == sorted(register[column].astype(str)), column
    assert fake["name_nl"].str.startswith("Voorbeeld").all()
    assert fake["short_name"].str.startswith("Voorbeeld").all()
    assert (fake["source_id"] == demo.SOURCE_ID).all()
    real_words = (
        set(register["name_nl"]) | set(register["short_name"]) | set(register["institution_id"])
    )
    assert not real_words & (
        set(fake["name_nl"]) | set(fake["short_name"]) | set(fake["institution_id"])
    )
    # Letters per type in a seeded order: the universities are A..N, not the real alphabet.
    universities = fake[fake["type"] == "university"].sort_values("institution_id")
    assert list(universities["name_nl"].str[-1]) == [chr(ord("A") + i) for i in range(14)]
    consortia = population.consortia
    assert sorted(consortia["evaluation_model"]) == sorted(
        reference.load_consortia(raw)["evaluation_model"]
    )
    assert consortia["region"].str.startswith("Voorbeeldconsortium ").all()
    sizes = population.members.groupby("consortium_id").size().sort_values().tolist()
    assert (
        sizes
        == reference.load_programme_members(raw)
        .groupby("consortium_id")
        .size()
        .sort_values()
        .tolist()
    )
    assert demo.letter(0) == "A" and demo.letter(25) == "Z" and demo.letter(26) == "AA"
