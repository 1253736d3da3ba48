"""Typed loaders for the cited reference tables in `data/raw/`.

Each table is transcribed by hand from public sources, with a `source_id` beside
every value and an explicit status (read / inferred / secondary / not found /
assumption). The loaders only read and fix dtypes (ids as str, money float64,
years Int64) so that every analysis sees the same types, and an empty cell stays
missing instead of turning into 0. Checking content, cross-table references
included, belongs to `analysis.data.validation` (its `reference` rule family): one
checker, the one the build runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pandas as pd

from analysis.errors import InputError

#: Directory (under data_dir) of the yearly submissions, which are not reference tables.
KT_METRICS_DIR: Final[str] = "kt_metrics"

#: CWTS Leiden Ranking rows (industry co-publications and the other collaboration
#: indicators), one row per edition x period x field x counting x university. Written
#: by `valorisatiemonitor import leiden-ranking` (`analysis.data.adapters.leiden_ranking`).
LEIDEN_RANKING_FILE: Final[str] = "benchmark/leiden_ranking.csv"

#: Peer ids a Leiden Ranking row may carry (the European top of the KTO-Nederland plan).
LEIDEN_PEER_IDS: Final[tuple[str, ...]] = ("ethz", "oxford", "kuleuven")

#: The programme's cited membership: which institution took part in which consortium.
PROGRAMME_MEMBERS_FILE: Final[str] = "valorisatieprogramma/consortium_members.csv"

#: The programme's consortia with their money and the evaluation's model.
PROGRAMME_CONSORTIA_FILE: Final[str] = "valorisatieprogramma/consortia.csv"

#: Consortia of the monitored population, when they are not the programme's own: the
#: demonstration edition's fictitious consortia (`data/demo/`). Same columns as the
#: programme's files; absent in the published edition's data.
POPULATION_CONSORTIA_FILE: Final[str] = "consortia.csv"
POPULATION_MEMBERS_FILE: Final[str] = "consortium_members.csv"

#: Figures read in annual accounts and news items of single institutions, with the
#: line they were read in. Written by `valorisatiemonitor import kt-figures`.
INSTITUTION_FIGURES_FILE: Final[str] = "annual_accounts/institution_figures.csv"

_S = "str"
_F = "float64"
_I = "Int64"
_B = "bool"

#: Relative path -> ordered {column: dtype}. The README data dictionary documents
#: the same columns; tests keep the three (CSV, schema, README) in step.
SCHEMAS: Final[dict[str, dict[str, str]]] = {
    "institutions.csv": {
        "institution_id": _S,
        "name_nl": _S,
        "short_name": _S,
        "type": _S,
        "profile": _S,
        "region": _S,
        "ecosystem": _S,
        "kto_nl_partner": _B,
        "source_id": _S,
        "note": _S,
    },
    PROGRAMME_MEMBERS_FILE: {
        "consortium_id": _S,
        "institution_id": _S,
        "institution_name": _S,
        "role": _S,
        "status": _S,
        "source_id": _S,
        "note": _S,
    },
    "valorisatieprogramma/programme.csv": {
        "fact_id": _S,
        "fact": _S,
        "value": _F,
        "unit": _S,
        "period": _S,
        "source_id": _S,
        "status": _S,
        "note": _S,
    },
    PROGRAMME_CONSORTIA_FILE: {
        "consortium_id": _S,
        "region": _S,
        "name": _S,
        "lead_institution_id": _S,
        "partners_text": _S,
        "award_year": _I,
        "award_year_status": _S,
        "state_subsidy_eur": _F,
        "state_subsidy_status": _S,
        "cofunding_eur": _F,
        "cofunding_status": _S,
        "total_budget_eur": _F,
        "total_budget_status": _S,
        "reported_outputs": _S,
        "evaluation_model": _S,
        "evaluation_model_source_id": _S,
        "source_id": _S,
        "note": _S,
    },
    "benchmark/peers.csv": {
        "peer_id": _S,
        "peer_name": _S,
        "scope": _S,
        "indicator": _S,
        "value": _F,
        "value_type": _S,
        "unit": _S,
        "currency": _S,
        "year": _I,
        "period": _S,
        "definition_note": _S,
        "definition_note_nl": _S,
        "counted": _S,
        "reported_by": _S,
        "comparable": _S,
        "not_comparable_nl": _S,
        "source_id": _S,
        "status": _S,
        # How a value was read and what is unchecked: the provenance, kept out of the
        # definition notes that the report prints.
        "note": _S,
    },
    "context/calibration_figures.csv": {
        "figure_id": _S,
        "scope": _S,
        "indicator": _S,
        "value": _F,
        "unit": _S,
        "year": _I,
        "period": _S,
        "source_id": _S,
        "status": _S,
        "note": _S,
    },
    "context/fx_rates.csv": {
        "year": _I,
        "currency": _S,
        "eur_per_unit": _F,
        "unit_per_eur": _F,
        "source_id": _S,
        "status": _S,
    },
    "context/price_index.csv": {
        "year": _I,
        "hicp_2015_100": _F,
        "months": _I,
        "source_id": _S,
        "status": _S,
        "note": _S,
    },
    "scheme/budget.csv": {
        "year": _I,
        "line": _S,
        "amount_eur": _F,
        "status": _S,
        "source_id": _S,
        "note": _S,
    },
    LEIDEN_RANKING_FILE: {
        "edition": _I,
        "period": _S,
        "period_status": _S,
        "field": _S,
        "counting": _S,
        "university": _S,
        "country": _S,
        "institution_id": _S,
        "peer_id": _S,
        "P": _F,
        "P_collab": _F,
        "PP_collab": _F,
        "P_int_collab": _F,
        "PP_int_collab": _F,
        "P_industry_collab": _F,
        "PP_industry_collab": _F,
        "PP_industry_collab_LB": _F,
        "PP_industry_collab_UB": _F,
        "P_short_dist_collab": _F,
        "PP_short_dist_collab": _F,
        "P_long_dist_collab": _F,
        "PP_long_dist_collab": _F,
        "source_id": _S,
        "status": _S,
    },
    INSTITUTION_FIGURES_FILE: {
        "figure_id": _S,
        "institution_id": _S,
        "year": _I,
        "period": _S,
        "figure": _S,
        "label_nl": _S,
        "value": _F,
        "unit": _S,
        "related_indicator": _S,
        "definition_note_nl": _S,
        "quote": _S,
        "locator": _S,
        "source_id": _S,
        "status": _S,
        "reference_id": _S,
    },
    "scheme/spinoff_jobs.csv": {
        "figure_id": _S,
        "scope": _S,
        "scope_nl": _S,
        "jobs": _F,
        "jobs_value_type": _S,
        "companies": _F,
        "companies_value_type": _S,
        "period": _S,
        "years_since_founding": _S,
        "horizon": _S,
        "source_id": _S,
        "status": _S,
        "note": _S,
    },
}


def read_table(data_dir: Path, relative_path: str, schema_of: str | None = None) -> pd.DataFrame:
    """Read one reference table with the dtypes of `SCHEMAS[schema_of or relative_path]`.

    Only an empty cell counts as missing (`keep_default_na=False`), so that text
    such as "NA" in a note is kept as text. A missing column, or a value that does
    not fit its dtype, is reported as an `InputError` naming file, row and column.
    """
    schema = SCHEMAS[schema_of or relative_path]
    path = Path(data_dir) / relative_path
    raw = pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for column in schema:
        if column not in raw.columns:
            raise InputError(path, 1, column, "required_column", f"missing column {column!r}")
    frame = raw.loc[:, list(schema)]
    out: dict[str, pd.Series] = {}
    for column, dtype in schema.items():
        series = frame[column]
        if dtype == _S:
            out[column] = series.astype("str")
        elif dtype in (_F, _I):
            numbers = pd.to_numeric(series, errors="coerce")
            bad = series.notna() & numbers.isna()
            if bad.any():
                position = int(bad.to_numpy().nonzero()[0][0])
                raise InputError(
                    path,
                    position + 2,
                    column,
                    "numeric",
                    f"{series.iloc[position]!r} is not a number",
                )
            if dtype == _I:
                whole = numbers.dropna()
                if not (whole == whole.round()).all():
                    raise InputError(path, None, column, "integer", "expected whole numbers")
            out[column] = numbers.astype("Int64") if dtype == _I else numbers.astype("float64")
        elif dtype == _B:
            lowered = series.str.strip().str.lower()
            valid = lowered.isin(["true", "false"])
            if not valid.all():
                position = int((~valid).to_numpy().nonzero()[0][0])
                raise InputError(
                    path,
                    position + 2,
                    column,
                    "boolean",
                    f"{series.iloc[position]!r} is not true/false",
                )
            out[column] = (lowered == "true").astype(bool)
        else:  # pragma: no cover - guarded by SCHEMAS
            raise ValueError(f"unsupported dtype {dtype!r}")
    return pd.DataFrame(out, index=frame.index)


def load_institutions(data_dir: Path) -> pd.DataFrame:
    """Knowledge institutions (universities, UMCs, TNO, NKI, hogescholen) and their ids."""
    return read_table(data_dir, "institutions.csv")


def load_programme_members(data_dir: Path) -> pd.DataFrame:
    """Which institution took part in which Valorisatieprogramma consortium (the cited history)."""
    return read_table(data_dir, PROGRAMME_MEMBERS_FILE)


def load_consortium_members(data_dir: Path) -> pd.DataFrame:
    """The consortia the monitored institutions belong to, as lead or member.

    The programme's own membership, unless the data hold the population's own
    (`consortium_members.csv` at the top: the demonstration edition's fictitious
    consortia), so the typology and the fact sheets never pair a fictitious institution
    with a real consortium while chapter 1 keeps the real history.
    """
    if (Path(data_dir) / POPULATION_MEMBERS_FILE).is_file():
        return read_table(data_dir, POPULATION_MEMBERS_FILE, PROGRAMME_MEMBERS_FILE)
    return load_programme_members(data_dir)


def load_programme(data_dir: Path) -> pd.DataFrame:
    """Programme-level facts of the Valorisatieprogramma 2010–2018 (money in full euros)."""
    return read_table(data_dir, "valorisatieprogramma/programme.csv")


def load_consortia(data_dir: Path) -> pd.DataFrame:
    """The twelve consortia: names, lead, money with per-value status, evaluation model."""
    return read_table(data_dir, PROGRAMME_CONSORTIA_FILE)


def load_population_consortia(data_dir: Path) -> pd.DataFrame:
    """The consortia of the monitored institutions (see `load_consortium_members`)."""
    if (Path(data_dir) / POPULATION_CONSORTIA_FILE).is_file():
        return read_table(data_dir, POPULATION_CONSORTIA_FILE, PROGRAMME_CONSORTIA_FILE)
    return load_consortia(data_dir)


def load_peers(data_dir: Path) -> pd.DataFrame:
    """European benchmark values, one number per row, in the currency given per row."""
    return read_table(data_dir, "benchmark/peers.csv")


def load_fx_rates(data_dir: Path) -> pd.DataFrame:
    """Annual mean ECB rates for CHF and GBP, both directions."""
    return read_table(data_dir, "context/fx_rates.csv")


def load_price_index(data_dir: Path) -> pd.DataFrame:
    """Dutch HICP, annual mean, 2015 = 100; `months` says how many months a mean covers (2025: 6)."""
    return read_table(data_dir, "context/price_index.csv")


def load_budget(data_dir: Path) -> pd.DataFrame:
    """The KTO-Nederland scheme budget 2022–2029 per line (ramp years are an assumption)."""
    return read_table(data_dir, "scheme/budget.csv")


def load_leiden_ranking(data_dir: Path) -> pd.DataFrame:
    """CWTS Leiden Ranking collaboration indicators per university (shares in %, counts).

    `P` is empty where the distributed file has no publication count (the 2020 copy
    in the R package nda); `analysis.methods.copublications` then bounds it from the
    rounded shares and says so.
    """
    return read_table(data_dir, LEIDEN_RANKING_FILE)


def load_institution_figures(data_dir: Path) -> pd.DataFrame:
    """Per-institution figures from annual accounts and news items (money in full euros)."""
    return read_table(data_dir, INSTITUTION_FIGURES_FILE)


def load_spinoff_jobs(data_dir: Path) -> pd.DataFrame:
    """Cited jobs-per-company figures with their horizon, for the catch-up scenario's jobs."""
    return read_table(data_dir, "scheme/spinoff_jobs.csv")
