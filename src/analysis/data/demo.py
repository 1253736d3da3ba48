"""The seeded demonstration generator: plausible, clearly labelled, never mistaken for data.

No per-institution yearly KT metrics of Dutch institutions are public, yet the
monitor must show how its report will look and must be load-tested at 1,000
institutions. This module invents submissions that behave like real ones (counts
are non-negative integers, patents are granted years after they are filed,
licence income follows licences, KTO staff grow with the 2022 scheme) and are
calibrated on the few cited figures in `data/raw/context/demo_calibration.csv`;
every constant without a published figure is marked `assumption` there. Every
generated row carries `source_id = "demonstration"` and the note
"demonstratiedata", so the report labels it wherever it appears.

Determinism: each draw comes from a numpy Generator seeded by (seed, a stable
hash of the institution id[, year]), so one more institution or one more year
never changes the numbers of the others, and a rebuild gives the same bytes.

The output mix is drawn, not derived: each institution gets a random factor per
valorisation model (push, exchange, serve), seeded by its id, with the spread
`mix_sigma` and mean 1. The research profile in institutions.csv (technical, broad,
business, applied, medical) is the basis of the evaluation's own typology, so it
must not shape the mix: a generator that gave technical institutions more push
would build agreement with the evaluation into the data. Neither profile nor type
enters the mix; the type sets only the size (research expenditure level), which
cancels out of every intensity. Swapping two institutions' profiles therefore
changes no generated value, and any agreement between the monitor's typology and
the evaluation on these data is chance: it says nothing about the real typology.
"""

from __future__ import annotations

import csv
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.data.indicators import INDICATOR_CODES
from analysis.data.ingest import catalogue_units
from analysis.data.ingest.columns import COLUMNS

SOURCE_ID = "demonstration"
NOTE = "demonstratiedata"
CALIBRATION_FILE = Path("context") / "demo_calibration.csv"
GROUPS = ("push", "exchange", "serve")
INSTITUTION_COLUMNS: tuple[str, ...] = (
    "institution_id",
    "name_nl",
    "short_name",
    "type",
    "profile",
    "region",
    "ecosystem",
    "kto_nl_partner",
    "source_id",
    "note",
)
#: Calibration year of the research expenditure levels.
_BASE_YEAR = 2010


def load_calibration(data_dir: Path | None = None) -> dict[str, float]:
    """parameter → value from `context/demo_calibration.csv` (the project's copy as fallback)."""
    folder = data_dir if data_dir is not None else paths.default_data_dir()
    path = folder / CALIBRATION_FILE
    if not path.is_file():
        path = paths.default_data_dir() / CALIBRATION_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["parameter"]: float(row["value"]) for row in csv.DictReader(handle)}


def stable_hash(text: str) -> int:
    """A 64-bit hash of `text` that, unlike `hash()`, is the same in every process."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")


def scheme_ramp(year: int, cal: Mapping[str, float]) -> float:
    """Share of the full scheme effect in `year`: 0 up to the anchor year, then a linear ramp."""
    anchor = cal["scheme_anchor_year"]
    ramp_years = cal["scheme_ramp_years"]
    return float(min(max((year - anchor) / ramp_years, 0.0), 1.0))


def _research_level(inst_type: str, cal: Mapping[str, float]) -> float:
    """The assumed 2010 research expenditure of an institution of `inst_type`.

    By type only: the profile is the evaluation's typology basis and stays out of
    the generator. A type without its own level gets the university level.
    """
    key = f"research_eur_{'uas' if inst_type == 'university of applied sciences' else inst_type}"
    return cal.get(key, cal["research_eur_university"])


def _mix(rng: np.random.Generator, cal: Mapping[str, float]) -> dict[str, float]:
    """An institution's factor per model group: lognormal with mean 1, spread `mix_sigma`.

    Drawn from the institution's own stream and from nothing else: not from its
    profile or type, so the mix carries no typology of its own.
    """
    sigma = cal["mix_sigma"]
    return {group: math.exp(rng.normal(-0.5 * sigma**2, sigma)) for group in GROUPS}


@dataclass(frozen=True)
class _Rates:
    """Expected yearly outputs per EUR 100 M research expenditure for a neutral mix (factor 1)."""

    disclosures: float
    spinoffs: float
    research_agreements_eur: float


def _rates(cal: Mapping[str, float]) -> _Rates:
    """Turn the cited anchors into rates per EUR 100 M, undoing growth, trend and mix.

    Disclosures: TU Delft's 103 in 2019 at TU Delft's assumed research level grown to
    2019, taken as a neutral mix (the generator gives no profile more push). Spin-offs:
    6.4 per average (university-level, neutral mix) university c. 2000. Research agreement value:
    EUR 2.2 bn / 519 KTOs per office, and an office serves 1,245 R&D FTE x the
    assumed cost per FTE.
    """
    g = cal["research_growth_per_year"]
    trend = cal["output_trend_per_year"]

    def per_100m(value: float, year: int, level: float, mix: float) -> float:
        research = level * (1 + g) ** (year - _BASE_YEAR)
        return value / (research / 1e8) / mix / (1 + trend) ** (year - _BASE_YEAR)

    disclosures = per_100m(
        cal["tud_invention_disclosures_2019"], 2019, cal["research_eur_tud_2010"], 1.0
    )
    spinoffs = per_100m(cal["nl_univ_spinoffs_per_year"], 2000, cal["research_eur_university"], 1.0)
    office_research = cal["astp_rd_fte_per_office"] * cal["cost_per_rd_fte_eur"]
    agreements = cal["astp_research_agreements_eur_total"] / cal["astp_ktos"]
    return _Rates(disclosures, spinoffs, agreements / (office_research / 1e8))


def _negbin(rng: np.random.Generator, mean: float, size: float) -> int:
    """A negative binomial count with the given mean (overdispersed Poisson)."""
    if mean <= 0:
        return 0
    return int(rng.negative_binomial(size, size / (size + mean)))


def _lognormal(rng: np.random.Generator, mean: float, sigma: float) -> float:
    """A lognormal draw whose expectation is `mean`."""
    if mean <= 0:
        return 0.0
    return float(mean * math.exp(rng.normal(-0.5 * sigma**2, sigma)))


class _Institution:
    """One institution's fixed effects and its year-by-year draws (memoised for the lags)."""

    def __init__(
        self, row: Mapping[str, object], seed: int, cal: Mapping[str, float], rates: _Rates
    ) -> None:
        self.id = str(row["institution_id"])
        self.cal = cal
        self.rates = rates
        self.key = stable_hash(self.id)
        self.seed = seed
        rng = np.random.default_rng([seed, self.key])
        level = _research_level(str(row["type"]), cal)
        self.research_level = level * math.exp(rng.normal(0.0, cal["institution_sigma"]))
        self.kto_effect = math.exp(rng.normal(0.0, cal["kto_sigma"]))
        self.mix = _mix(rng, cal)
        self._years: dict[int, dict[str, float]] = {}

    def year(self, year: int) -> dict[str, float]:
        if year not in self._years:
            self._years[year] = self._draw(year)
        return self._years[year]

    def _draw(self, year: int) -> dict[str, float]:
        cal, rates = self.cal, self.rates
        rng = np.random.default_rng([self.seed, self.key, year])
        size = cal["count_dispersion"]
        ramp = scheme_ramp(year, cal)
        research = self.research_level * (1 + cal["research_growth_per_year"]) ** (
            year - _BASE_YEAR
        )
        research *= math.exp(rng.normal(0.0, cal["year_sigma"]))
        scale = research / 1e8
        boost = (1 + cal["output_trend_per_year"]) ** (year - _BASE_YEAR) * (
            1 + cal["scheme_output_uplift"] * ramp
        )
        push = scale * self.mix["push"] * boost
        exchange = scale * self.mix["exchange"] * boost
        serve = scale * self.mix["serve"] * boost
        kto = (
            research
            / cal["cost_per_rd_fte_eur"]
            * cal["astp_kto_fte_per_office"]
            / cal["astp_rd_fte_per_office"]
            * self.kto_effect
            * (1 + cal["scheme_kto_fte_uplift"] * ramp)
            * math.exp(rng.normal(0.0, cal["year_sigma"]))
        )
        out: dict[str, float] = {
            "research_expenditure_eur": float(round(research)),
            "kto_staff_fte": round(max(kto, 0.1), 1),
        }
        out["research_agreements_n"] = _negbin(
            rng, cal["research_agreements_per_100m"] * exchange, size
        )
        mean_value = rates.research_agreements_eur / cal["research_agreements_per_100m"]
        out["research_agreements_eur"] = round(
            _lognormal(rng, mean_value, cal["money_sigma"]) * out["research_agreements_n"]
        )
        out["contract_research_n"] = _negbin(rng, cal["contract_research_per_100m"] * serve, size)
        out["contract_research_eur"] = round(
            _lognormal(rng, cal["contract_value_eur"], cal["money_sigma"])
            * out["contract_research_n"]
        )
        disclosures = _negbin(rng, rates.disclosures * push, size)
        out["invention_disclosures"] = disclosures
        out["priority_patent_applications"] = int(
            rng.binomial(disclosures, cal["patent_share_of_disclosures"])
        )
        out["licence_agreements"] = _negbin(rng, cal["licences_per_100m"] * push, size)
        out["spinoffs"] = _negbin(rng, rates.spinoffs * push, size)
        out["startups_supported"] = _negbin(rng, cal["startups_supported_per_100m"] * serve, size)
        return {key: float(value) for key, value in out.items()}

    def _dependent(self, year: int) -> dict[str, float]:
        """Draws that depend on earlier years, from their own stream.

        They read only the independent draws of earlier years, so there is no
        chain back in time and adding years never changes a value.
        """
        cal = self.cal
        rng = np.random.default_rng([self.seed, self.key, year, 2])
        now = self.year(year)
        lag = int(cal["patent_grant_lag_years"])
        filed = int(self.year(year - lag)["priority_patent_applications"])
        out: dict[str, float] = {
            "patents_granted": float(rng.binomial(filed, cal["patent_grant_rate"]))
        }
        previous_licences = self.year(year - 1)["licence_agreements"]
        royalty = cal["royalty_per_licence_eur"]
        income = _lognormal(rng, royalty, cal["money_sigma"]) * now["licence_agreements"]
        if previous_licences > 0 and rng.random() < cal["licence_income_carryover"]:
            income += _lognormal(rng, royalty, cal["money_sigma"]) * previous_licences
        out["licence_income_eur"] = float(round(income))
        recent_spinoffs = now["spinoffs"] + self.year(year - 1)["spinoffs"]
        out["spinoff_capital_eur"] = float(
            round(
                _lognormal(rng, cal["spinoff_capital_per_spinoff_eur"], 2 * cal["money_sigma"])
                * recent_spinoffs
            )
        )
        return out

    def values(self, year: int) -> dict[str, float]:
        """Every indicator's value for `year` (before removing the not-reported ones)."""
        return {**self.year(year), **self._dependent(year)}

    def missing(self, year: int) -> set[str]:
        """Indicators this institution did not report in `year` (its own stream, after the values)."""
        rng = np.random.default_rng([self.seed, self.key, year, 1])
        draws = rng.random(len(INDICATOR_CODES))
        missing = set()
        for code, u in zip(INDICATOR_CODES, draws, strict=True):
            share = (
                self.cal["missing_share_spinoff_capital"]
                if code == "spinoff_capital_eur"
                else self.cal["missing_share"]
            )
            if u < share:
                missing.add(code)
        return missing


def generate(
    institutions: pd.DataFrame,
    years: range,
    seed: int,
    *,
    calibration: Mapping[str, float] | None = None,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Long submission frame (the contract columns of docs/architecture.md) for every institution and year.

    Values not reported are NaN. Rows are sorted by institution_id, year and the
    catalogue order of the indicators.
    """
    cal = dict(calibration) if calibration is not None else load_calibration()
    units = units if units is not None else catalogue_units()
    rates = _rates(cal)
    ids: list[str] = []
    yrs: list[int] = []
    codes: list[str] = []
    values: list[float] = []
    records = institutions.sort_values("institution_id", kind="stable").to_dict("records")
    for raw in records:
        record = {str(key): value for key, value in raw.items()}
        inst = _Institution(record, seed, cal, rates)
        for year in years:
            drawn = inst.values(year)
            missing = inst.missing(year)
            for code in INDICATOR_CODES:
                ids.append(inst.id)
                yrs.append(year)
                codes.append(code)
                values.append(math.nan if code in missing else drawn[code])
    n = len(ids)
    return pd.DataFrame(
        {
            "institution_id": pd.Series(ids, dtype="str"),
            "year": pd.Series(np.asarray(yrs, dtype=np.int64), dtype="int64"),
            "indicator": pd.Series(codes, dtype="str"),
            "value": pd.Series(np.asarray(values, dtype=np.float64), dtype="float64"),
            "unit": pd.Series([units.get(c, "") for c in codes], dtype="str"),
            "source_id": pd.Series([SOURCE_ID] * n, dtype="str"),
            "note": pd.Series([NOTE] * n, dtype="str"),
        },
        columns=list(COLUMNS),
    )


def format_value(value: float) -> str:
    """A number as a submission writes it: empty when not reported, no exponent, point decimal."""
    if math.isnan(value):
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def write_submissions(frame: pd.DataFrame, kt_metrics_dir: Path) -> list[Path]:
    """Write one `<kt_metrics_dir>/<year>/<institution_id>.csv` per institution-year; return the paths.

    Written with the csv module (UTF-8, `,`, `\\n` line ends) so the bytes depend on
    the values only.
    """
    kt_metrics_dir = Path(kt_metrics_dir)
    ordered = frame.sort_values(["year", "institution_id"], kind="stable")
    ids = [str(v) for v in ordered["institution_id"]]
    years = [int(v) for v in ordered["year"]]
    cells = {
        "indicator": [str(v) for v in ordered["indicator"]],
        "value": [format_value(float(v)) for v in ordered["value"]],
        "unit": [str(v) for v in ordered["unit"]],
        "source_id": [str(v) for v in ordered["source_id"]],
        "note": ["" if pd.isna(v) else str(v) for v in ordered["note"]],
    }
    groups: dict[tuple[int, str], list[int]] = {}
    for position, key in enumerate(zip(years, ids, strict=True)):
        groups.setdefault(key, []).append(position)
    written: list[Path] = []
    for (year, institution_id), positions in groups.items():
        folder = kt_metrics_dir / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{institution_id}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for i in positions:
                writer.writerow(
                    [
                        institution_id,
                        year,
                        cells["indicator"][i],
                        cells["value"][i],
                        cells["unit"][i],
                        cells["source_id"][i],
                        cells["note"][i],
                    ]
                )
        written.append(path)
    return written


def synthetic_institutions(
    n: int, seed: int, *, template: pd.DataFrame | None = None
) -> pd.DataFrame:
    """`n` fake institutions (`demo_0001`, …) for scale benchmarks, with the columns of institutions.csv.

    Type, profile and region are drawn from the (type, profile) pairs and regions of
    the real institutions, so the proportions stay realistic (about 14 universities
    to 8 UMCs to 13 universities of applied sciences).
    """
    real = template if template is not None else load_institutions()
    pairs = sorted({(str(t), str(p)) for t, p in zip(real["type"], real["profile"], strict=True)})
    weights = np.array(
        [((real["type"] == t) & (real["profile"] == p)).sum() for t, p in pairs], dtype=float
    )
    regions = sorted({str(r) for r in real["region"]})
    rng = np.random.default_rng([seed, stable_hash("synthetic_institutions")])
    picks = rng.choice(len(pairs), size=n, p=weights / weights.sum())
    region_picks = rng.choice(len(regions), size=n)
    rows = []
    for i in range(n):
        number = f"{i + 1:04d}"
        inst_type, profile = pairs[int(picks[i])]
        rows.append(
            {
                "institution_id": f"demo_{number}",
                "name_nl": f"Demonstratie-instelling {number}",
                "short_name": f"Demo {number}",
                "type": inst_type,
                "profile": profile,
                "region": regions[int(region_picks[i])],
                "ecosystem": "demonstratie",
                "kto_nl_partner": "false",
                "source_id": SOURCE_ID,
                "note": "synthetische instelling voor schaaltests (demonstratie)",
            }
        )
    return pd.DataFrame(rows, columns=list(INSTITUTION_COLUMNS)).astype("str")


def load_institutions(data_dir: Path | None = None) -> pd.DataFrame:
    """institutions.csv as strings (empty cells as ""), read directly to stay independent of loaders."""
    folder = data_dir if data_dir is not None else paths.default_data_dir()
    frame = pd.read_csv(folder / "institutions.csv", dtype="str", keep_default_na=False)
    return frame


#: Names of the fictitious institutions per type: the Dutch name before the letter, the
#: short name before the letter and the id prefix. "Voorbeeld" in every name, so no
#: demonstration figure can be read as a figure of a real institution.
FICTITIOUS_NAMES: Mapping[str, tuple[str, str, str]] = {
    "university": ("Voorbeelduniversiteit", "Voorbeelduniv.", "vb_univ"),
    "umc": ("Voorbeeld-UMC", "Voorbeeld-UMC", "vb_umc"),
    "university of applied sciences": ("Voorbeeldhogeschool", "Voorbeeldhogeschool", "vb_hs"),
    "to2": ("Voorbeeld-TO2-instituut", "Voorbeeld-TO2", "vb_to2"),
    "institute": ("Voorbeeldinstituut", "Voorbeeldinstituut", "vb_inst"),
}
FICTITIOUS_NOTE = "fictieve instelling van de proefeditie"
CONSORTIUM_NAME = "Voorbeeldconsortium"


def letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the letter of the index-th fictitious name of a kind."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _shuffled(ids: list[str], seed: int, salt: str) -> list[str]:
    """`ids` in a seeded order that does not follow the real order (alphabet, file)."""
    return sorted(ids, key=lambda i: stable_hash(f"{seed}:{salt}:{i}"))


@dataclass(frozen=True)
class Population:
    """The demonstration edition's fictitious institutions and consortia (`data/demo/`)."""

    institutions: pd.DataFrame
    consortia: pd.DataFrame
    members: pd.DataFrame


def fictitious_population(
    register: pd.DataFrame, consortia: pd.DataFrame, members: pd.DataFrame, seed: int
) -> Population:
    """Fictitious institutions and consortia with the real population's make-up.

    Each real institution gets a stand-in of the same type, profile, region, ecosystem
    and partnership in KTO-Nederland, named by a letter in a seeded order (so the
    letters do not retrace the real alphabet); each consortium of the programme gets a
    stand-in made of its members' stand-ins, with the evaluation's model, so the
    typology chapter can be shown on a population that cannot be mistaken for the real
    one. Sizes come from the type alone (`generate`), as before.
    """
    register = register.astype("str")
    rows: list[dict[str, str]] = []
    stand_in: dict[str, str] = {}
    short: dict[str, str] = {}
    for inst_type in FICTITIOUS_NAMES:
        name, short_name, prefix = FICTITIOUS_NAMES[inst_type]
        ids = register.loc[register["type"] == inst_type, "institution_id"].tolist()
        for i, real_id in enumerate(_shuffled(ids, seed, inst_type)):
            real = register.set_index("institution_id").loc[real_id]
            new_id = f"{prefix}_{letter(i).lower()}"
            stand_in[real_id] = new_id
            short[new_id] = f"{short_name} {letter(i)}"
            rows.append(
                {
                    "institution_id": new_id,
                    "name_nl": f"{name} {letter(i)}",
                    "short_name": short[new_id],
                    "type": inst_type,
                    "profile": str(real["profile"]),
                    "region": str(real["region"]),
                    "ecosystem": str(real["ecosystem"]),
                    "kto_nl_partner": str(real["kto_nl_partner"]).lower(),
                    "source_id": SOURCE_ID,
                    "note": FICTITIOUS_NOTE,
                }
            )
    unknown = sorted(set(register["type"]) - set(FICTITIOUS_NAMES))
    if unknown:
        raise ValueError(f"no fictitious name for institution type(s) {', '.join(unknown)}")
    institutions = pd.DataFrame(rows, columns=list(INSTITUTION_COLUMNS)).sort_values(
        "institution_id", kind="stable"
    )
    consortium_ids = [str(c) for c in consortia["consortium_id"]]
    consortium_stand_in = {
        c: f"vb_consortium_{letter(i).lower()}"
        for i, c in enumerate(_shuffled(consortium_ids, seed, "consortium"))
    }
    fake_consortia = []
    for record in consortia.to_dict("records"):
        real_id = str(record["consortium_id"])
        lead = record.get("lead_institution_id")
        fake_id = consortium_stand_in[real_id]
        fake_consortia.append(
            {
                "consortium_id": fake_id,
                "region": f"{CONSORTIUM_NAME} {fake_id.rsplit('_', 1)[1].upper()}",
                "name": "",
                "lead_institution_id": stand_in.get(str(lead), "") if isinstance(lead, str) else "",
                "partners_text": "",
                "award_year": "",
                "award_year_status": "demonstration",
                "state_subsidy_eur": "",
                "state_subsidy_status": "demonstration",
                "cofunding_eur": "",
                "cofunding_status": "demonstration",
                "total_budget_eur": "",
                "total_budget_status": "demonstration",
                "reported_outputs": "",
                "evaluation_model": str(record["evaluation_model"]),
                "evaluation_model_source_id": SOURCE_ID,
                "source_id": SOURCE_ID,
                "note": "fictief consortium: de samenstelling en het model van een consortium "
                "van het programma, met fictieve instellingen",
            }
        )
    fake_members = [
        {
            "consortium_id": consortium_stand_in[str(r["consortium_id"])],
            "institution_id": stand_in[str(r["institution_id"])],
            "institution_name": short[stand_in[str(r["institution_id"])]],
            "role": str(r["role"]),
            "status": "demonstration",
            "source_id": SOURCE_ID,
            "note": "",
        }
        for r in members.to_dict("records")
    ]
    member_frame = pd.DataFrame(fake_members).sort_values(
        ["consortium_id", "institution_id"], kind="stable"
    )
    return Population(
        institutions.reset_index(drop=True),
        pd.DataFrame(fake_consortia)
        .sort_values("consortium_id", kind="stable")
        .reset_index(drop=True),
        member_frame.reset_index(drop=True),
    )


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n")


def run_demo(
    seed: int, years: range, out_dir: Path, n_institutions: int | None = None
) -> list[Path]:
    """Write the demonstration edition's data into `out_dir`; return the submission files.

    `out_dir` gets the fictitious population (`institutions.csv`, `consortia.csv`,
    `consortium_members.csv`, from the project's real register by
    `fictitious_population`) and its submissions in `kt_metrics/<year>/`. With
    `n_institutions`, the population is cut or padded with synthetic institutions to
    that total (scale benchmarks). The project's own data folder holds real data only
    and is refused.
    """
    out_dir = Path(out_dir)
    if out_dir.resolve() == paths.default_data_dir().resolve():
        raise ValueError(
            f"{out_dir}: the demonstration data never go into the real data folder; "
            "write them to data/demo (the default) or another folder"
        )
    register = load_institutions()
    from analysis.data import reference

    real_dir = paths.default_data_dir()
    population = fictitious_population(
        register,
        reference.load_consortia(real_dir),
        reference.load_programme_members(real_dir),
        seed,
    )
    institutions = population.institutions
    if n_institutions is not None:
        if n_institutions <= len(institutions):
            institutions = institutions.head(n_institutions).reset_index(drop=True)
        else:
            extra = synthetic_institutions(
                n_institutions - len(institutions), seed, template=register
            )
            institutions = pd.concat([institutions, extra], ignore_index=True)
    kept = set(institutions["institution_id"])
    members = population.members[population.members["institution_id"].isin(kept)]
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_csv(institutions, out_dir / "institutions.csv")
    _write_csv(population.consortia, out_dir / "consortia.csv")
    _write_csv(members, out_dir / "consortium_members.csv")
    cal = load_calibration(out_dir if (out_dir / CALIBRATION_FILE).is_file() else None)
    frame = generate(institutions, years, seed, calibration=cal)
    return write_submissions(frame, out_dir / "kt_metrics")
