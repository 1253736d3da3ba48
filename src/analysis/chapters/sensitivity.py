"""Chapter 5, 'Gevoeligheid voor aannames': how the headline results move with the assumptions.

The report's headline results rest on choices: which institutions form the top, in
which prices money is compared, which reference point the typology uses, where the
break lies and whether the money arrives at once, how far and how fast the scenario
closes the gap, and how many jobs a new spin-off brings. This section shows them in
one place (issue 11, point 9), in chapter 5 because the last headline results (the
break and the scenario) are there and the reader has met every result before it;
chapters 3 and 4 point here.

Nothing is recomputed another way. Each headline quantity comes from the function its
chapter uses:

=========================================  ===================================  =========================================
headline quantity                          assumptions varied                    computed by
=========================================  ===================================  =========================================
comparisons behind the top (ch. 3)         peer choice; price basis              `benchmark.peer_choice_sensitivity`,
                                                                                 `benchmark.price_basis_sensitivity`
institutions per model, changed labels,    reference point                       `typology.reference_sensitivity`
consortia as the evaluation (ch. 4)
level change of spin-offs at the break     break year; step or budget ramp       `scheme.break_analysis` (`trends`)
extra output of the scenario, in the       top's spread, peer choice, price      `scenario.summary`, `target_sensitivity`,
target year and summed (ch. 5)             basis, lag, ramp shape                `ramp_sensitivity`, `lag_sensitivity`
extra jobs in young spin-offs (ch. 5)      jobs per new spin-off, lag            `scenario.jobs_sensitivity`
=========================================  ===================================  =========================================

The collectors turn those results into one long frame of *outcomes* (a quantity under
one alternative of one assumption, with the alternative the report uses marked), and
`tornado` reduces it to the report's value and the lowest and highest value per
quantity and assumption: the frame behind the chart and the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import benchmark, scenario, typology
from analysis import formatting as fmt
from analysis.chapters import europe, models, scheme
from analysis.labels import (
    INDICATOR_LABELS,
    MODEL_LABELS,
    REFERENCE_LABELS,
    SOURCE_STATUS_LABELS,
)
from analysis.sources import cite, load_sources, split_source_ids

#: One row per quantity × assumption × alternative; `used`: the alternative in the report.
OUTCOME_COLUMNS: list[str] = [
    "quantity",
    "quantity_label",
    "assumption",
    "alternative",
    "value",
    "text",
    "used",
    "source_ids",
]
TORNADO_COLUMNS: list[str] = [
    "quantity",
    "quantity_label",
    "assumption",
    "central",
    "low",
    "high",
    "central_text",
    "low_text",
    "high_text",
    "low_alternative",
    "high_alternative",
    "alternatives",
    "n_alternatives",
    "source_ids",
]

ASSUMPTION_NL: dict[str, str] = {
    "peers": "Keuze van de vergelijkingsinstellingen",
    "price": "Prijsgrondslag (nominaal of constant)",
    "reference": "Referentiepunt van de typologie",
    "break_year": "Breukjaar",
    "break_shape": "Vorm van de breuk (stap of oplopend)",
    "target": "Bandbreedte van de top (laag–hoog)",
    "lag": "Vertraging van de extra uitkomsten",
    "ramp": "Vorm van de opbouw naar de top",
    "jobs": "Banen per nieuwe spin-off",
}
#: Assumptions that are methodological choices of the monitor, with no source to cite.
MONITOR_CHOICE_NL = "Keuze van de monitor (methode)"
STATUS_NL: Mapping[str, str] = SOURCE_STATUS_LABELS
USED_NL = " (gebruikt)"
DEMO_CAVEAT = (
    "Dit zijn demonstratiegegevens: de uitkomsten zeggen niets over de werkelijke instellingen "
    "of de regeling; de gevoeligheid laat zien hoe de methode op de aannames reageert."
)

#: Sources behind the assumptions whose source is not in the scenario's parameters.
PEER_SOURCE = "kto_nl_plan_2021"  # the plan names ETH Zürich, Oxford and KU Leuven
PRICE_SOURCES = "fred_hicp_nl;ecb_eurofxref_hist"
BREAK_YEAR_SOURCES = "kto_nl_plan_2021;assumption_scheme_ramp"
RAMP_SOURCE = "assumption_scheme_ramp"


# --------------------------------------------------------------------------- the core


def tornado(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Per quantity and assumption: the report's value and the lowest and highest alternative.

    `outcomes` has `OUTCOME_COLUMNS`. Every (quantity, assumption) needs exactly one
    alternative marked `used`, and every used alternative of one quantity must give the
    same value: they all describe the one figure the report prints (a ValueError
    otherwise, since a tornado around two different centres would mislead). Order:
    quantities as they first appear, within a quantity the widest range first. Ties
    for the lowest or highest value name the first alternative that gives it.
    """
    missing = [c for c in OUTCOME_COLUMNS if c not in outcomes.columns]
    if missing:
        raise ValueError(f"outcomes lack columns: {', '.join(missing)}")
    rows: list[dict[str, object]] = []
    centres: dict[str, float] = {}
    for (quantity, assumption), g in outcomes.groupby(["quantity", "assumption"], sort=False):
        used = g[g["used"].astype(bool)]
        if len(used) != 1:
            raise ValueError(
                f"{quantity}/{assumption}: {len(used)} alternatives marked as used; expected 1"
            )
        central = float(used["value"].iloc[0])
        known = centres.setdefault(str(quantity), central)
        if not np.isclose(known, central, rtol=1e-9, atol=1e-9):
            raise ValueError(
                f"{quantity}: the report's value differs between assumptions "
                f"({known} and {central} under {assumption})"
            )
        values = g["value"].to_numpy(dtype="float64")
        texts = [str(x) for x in g["text"]]
        central_text = str(used["text"].iloc[0])
        flags = [bool(u) for u in g["used"]]
        lo = _pick(values, texts, flags, central_text, float(values.min()))
        hi = _pick(values, texts, flags, central_text, float(values.max()))
        alternatives = [
            str(a) + (USED_NL if bool(u) else "")
            for a, u in zip(g["alternative"], g["used"], strict=True)
        ]
        rows.append(
            {
                "quantity": quantity,
                "quantity_label": str(g["quantity_label"].iloc[0]),
                "assumption": assumption,
                "central": central,
                "low": float(values[lo]),
                "high": float(values[hi]),
                "central_text": str(used["text"].iloc[0]),
                "low_text": str(g["text"].iloc[lo]),
                "high_text": str(g["text"].iloc[hi]),
                "low_alternative": str(g["alternative"].iloc[lo]),
                "high_alternative": str(g["alternative"].iloc[hi]),
                "alternatives": "; ".join(alternatives),
                "n_alternatives": len(g),
                "source_ids": str(g["source_ids"].iloc[0]),
            }
        )
    frame = pd.DataFrame(rows, columns=TORNADO_COLUMNS)
    if frame.empty:
        return frame
    order = {q: i for i, q in enumerate(dict.fromkeys(frame["quantity"]))}
    frame = frame.assign(
        _q=frame["quantity"].map(order), _w=-(frame["high"] - frame["low"])
    ).sort_values(["_q", "_w"], kind="stable")
    return frame.drop(columns=["_q", "_w"]).reset_index(drop=True)


def _pick(
    values: np.ndarray, texts: list[str], used: list[bool], central_text: str, target: float
) -> int:
    """The alternative at `target` to name: one whose text differs from the report's, else
    the report's own choice, else the first.

    Two alternatives can tie on the value and still differ (the same share behind the
    top, but fewer comparisons ahead); naming the one that differs tells the reader more.
    Where nothing differs, the report's choice is the honest name for the extreme.
    """
    at = [i for i, v in enumerate(values) if np.isclose(v, target, rtol=1e-12, atol=1e-12)]
    differing = [i for i in at if texts[i] != central_text]
    own = [i for i in at if used[i]]
    return (differing or own or at)[0]


def _outcomes(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)


# --------------------------------------------------------------------------- chapter 3


def _verdict_text(behind: int, ahead: int, total: int) -> str:
    return f"{fmt.number(behind)} van de {fmt.number(total)} achter, {fmt.number(ahead)} voor"


def comparison_outcomes(
    peer_sens: pd.DataFrame, price_sens: pd.DataFrame, base_year: int
) -> pd.DataFrame:
    """Share of comparisons where the Netherlands is demonstrably behind the top (chapter 3).

    `peer_sens`: `benchmark.peer_choice_sensitivity` (each peer alone and left out; a
    choice without any comparison says nothing and is left out). `price_sens`:
    `benchmark.price_basis_sensitivity` (every comparison under each price basis). The
    value is the share behind in percent, since the number of comparisons changes
    with the peers; the text gives the counts.
    """
    quantity = "behind"
    label = "Vergelijkingen met de top waarin Nederland achterloopt (%)"
    rows: list[dict[str, object]] = []
    for rec in peer_sens.to_dict("records"):
        n = int(rec["n_comparisons"])
        if n == 0:
            continue
        rows.append(
            {
                "quantity": quantity,
                "quantity_label": label,
                "assumption": "peers",
                "alternative": europe._choice_nl(str(rec["choice"])),
                "value": 100.0 * int(rec["n_behind"]) / n,
                "text": _verdict_text(int(rec["n_behind"]), int(rec["n_ahead"]), n),
                "used": rec["choice"] == "all",
                "source_ids": PEER_SOURCE,
            }
        )
    for basis, g in price_sens.groupby("basis", sort=False):
        n = len(g)
        behind = int((g["verdict"] == "behind").sum())
        ahead = int((g["verdict"] == "ahead").sum())
        rows.append(
            {
                "quantity": quantity,
                "quantity_label": label,
                "assumption": "price",
                "alternative": _basis_nl(str(basis)),
                "value": 100.0 * behind / n if n else np.nan,
                "text": _verdict_text(behind, ahead, n),
                "used": basis == f"prices:{base_year}",
                "source_ids": PRICE_SOURCES,
            }
        )
    return _outcomes(rows)


def _basis_nl(basis: str) -> str:
    return "nominaal" if basis == "nominal" else f"prijspeil {basis.split(':', 1)[1]}"


# --------------------------------------------------------------------------- chapter 4


def typology_outcomes(ref_sens: pd.DataFrame) -> pd.DataFrame:
    """The typology's headline quantities under each reference point (chapter 4).

    From `typology.reference_sensitivity`: institutions in the model that is most
    common at the report's reference point (the summary's first finding on models),
    institutions with another model than there, and consortia typed as the evaluation
    did.
    """
    if ref_sens.empty:
        return _outcomes([])
    s = ref_sens.set_index("reference")
    top, _ = models.headline_model(ref_sens)
    n_inst = int(s["n_institutions"].max())
    n_cons = int(s["n_consortia"].max())
    rows: list[dict[str, object]] = []
    for ref, rec in s.iterrows():
        used = ref == typology.HEADLINE_REFERENCE
        common, n_common = models.modal_model(rec)
        in_top = int(rec[f"n_{top}"])
        top_text = fmt.number(in_top) + (
            "" if common == top else f" (het {MODEL_LABELS[common]}: {fmt.number(n_common)})"
        )
        for quantity, label, value, text in (
            (
                "typology_top",
                f"Instellingen in het {MODEL_LABELS[top]} (van de {fmt.number(n_inst)})",
                in_top,
                top_text,
            ),
            (
                "typology_changed",
                f"Instellingen met een ander model (van de {fmt.number(n_inst)})",
                int(rec["institutions_changed"]),
                fmt.number(int(rec["institutions_changed"])),
            ),
            (
                "typology_agreement",
                f"Consortia in hetzelfde model als de evaluatie (van de {fmt.number(n_cons)})",
                int(rec["agreement_n"]),
                f"{fmt.number(int(rec['agreement_n']))} (kappa {fmt.number(float(rec['kappa']), 2)})",
            ),
        ):
            rows.append(
                {
                    "quantity": quantity,
                    "quantity_label": label,
                    "assumption": "reference",
                    "alternative": REFERENCE_LABELS.get(str(ref), str(ref)).replace(" (kern)", ""),
                    "value": float(value),
                    "text": text,
                    "used": used,
                    "source_ids": "",
                }
            )
    return _outcomes(rows)


# --------------------------------------------------------------------------- chapter 5: break


def break_outcomes(analysis: scheme.BreakAnalysis) -> pd.DataFrame:
    """The headline indicator's level change at the break (chapter 5, the summary's second finding).

    From `BreakAnalysis.sensitivity`: the break at the plan year, the first funded year
    (the report's) and the first full-budget year; and a change that follows the
    budget's ramp instead of a step in the first funded year (its value: the change at
    the full budget).
    """
    sens = analysis.sensitivity
    if sens.empty:
        return _outcomes([])
    level = sens[sens["term"] == "level_change"]
    noun = INDICATOR_LABELS[scheme.HEADLINE_INDICATOR].lower()
    label = f"Niveausprong {noun} bij de start van de financiering (%)"
    b = analysis.start.first_funded_year
    ramp_years, _ = scheme._dose_text(analysis.dose)
    rows: list[dict[str, object]] = []
    for rec in level.to_dict("records"):
        key, year = str(rec["candidate"]), int(rec["break_year"])
        text = f"{fmt.change(float(rec['effect_pct']) / 100)} ({scheme._p_clause(rec['p_value'])})"
        entry = {
            "quantity": "break_level",
            "quantity_label": label,
            "value": float(rec["effect_pct"]),
            "text": text,
        }
        if key == "budget_dose":
            rows.append(
                {
                    **entry,
                    "assumption": "break_shape",
                    "alternative": f"oplopend met het budget ({ramp_years})",
                    "used": False,
                    "source_ids": RAMP_SOURCE,
                }
            )
            continue
        why = {
            "plan_year": "verkenningsjaar",
            "first_funded_year": "eerste jaar met budget",
            "full_year": "eerste jaar met het volle budget",
        }[key]
        rows.append(
            {
                **entry,
                "assumption": "break_year",
                "alternative": f"{fmt.year(year)} ({why})",
                "used": key == "first_funded_year",
                "source_ids": BREAK_YEAR_SOURCES,
            }
        )
        if key == "first_funded_year":
            rows.append(
                {
                    **entry,
                    "assumption": "break_shape",
                    "alternative": f"stap in {fmt.year(b)}",
                    "used": True,
                    "source_ids": RAMP_SOURCE,
                }
            )
    frame = _outcomes(rows)
    # The step row first within its assumption, as the reader meets it in the chapter.
    return frame.sort_values(["assumption", "used"], ascending=[True, False], kind="stable")


# --------------------------------------------------------------------------- chapter 5: scenario


def _param_sources(params: pd.DataFrame, parameter: str, **where: str) -> str:
    rows = params[params["parameter"] == parameter]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    ids: dict[str, None] = {}
    for cell in rows["source_id"]:
        ids.update(dict.fromkeys(split_source_ids(cell)))
    return ";".join(ids)


def scenario_outcomes(s: scheme.ScenarioResult, sens: scheme.ScenarioSensitivity) -> pd.DataFrame:
    """The scenario's extra output of the headline comparison (central variant), in the
    target year and summed to it, under each assumption.

    The alternatives are those of `scheme.compute_scenario_sensitivity` and the same
    rule as `scenario.tornado_frame`: an alternative (peer set, price basis) without the
    comparison is left out; one where it no longer lags gives 0. The ramp shape is left
    out of the target-year figure: every shape reaches the top in the target year by
    construction, so it could only show a bar of width 0 that the model guarantees.
    """
    if s.headline is None or s.result.empty:
        return _outcomes([])
    ind, den = s.headline
    p = s.parameters
    target_year = int(s.result["year"].max())
    noun = scheme._lower(ind)
    quantities = (
        (
            "extra_target_year",
            "scenario_target_year",
            f"Extra {noun} {scheme._den(den)} in {target_year}",
        ),
        (
            "extra_cumulative",
            "scenario_sum",
            f"Extra {noun} {scheme._den(den)} {s.base_year + 1}–{target_year} samen",
        ),
    )
    lag_used = int(p.loc[p["parameter"] == "lag_years", "value"].iloc[0])
    alternatives = scenario.target_sensitivity(
        s.parameters, s.budget, {**sens.peer_targets, **sens.price_targets}
    )
    alternatives = alternatives[
        (alternatives["indicator"] == ind) & (alternatives["denominator"] == den)
    ]
    summary = s.summary[(s.summary["indicator"] == ind) & (s.summary["denominator"] == den)]
    ramp = sens.ramp[(sens.ramp["indicator"] == ind) & (sens.ramp["denominator"] == den)]
    lag = sens.lag[(sens.lag["indicator"] == ind) & (sens.lag["denominator"] == den)]
    rows: list[dict[str, object]] = []
    target_sources = _param_sources(p, "target", indicator=ind, denominator=den)
    lag_sources = _param_sources(p, "lag_years")
    for column, quantity, label in quantities:
        found: list[tuple[str, str, float, bool, str]] = []
        for rec in summary.to_dict("records"):
            variant = str(rec["variant"])
            shown = scheme._intensity(float(rec["target_intensity"]), ind)
            found.append(
                (
                    "target",
                    f"{scheme.VARIANT_NL[variant]} ({shown})",
                    float(rec[column]),
                    variant == "central",
                    target_sources,
                )
            )
        for rec in alternatives.to_dict("records"):
            choice = str(rec["alternative"])
            is_price = choice == "nominal" or choice.startswith("prices:")
            found.append(
                (
                    "price" if is_price else "peers",
                    scheme._choice_nl(choice),
                    float(rec[column]),
                    choice == (f"prices:{s.base_year}" if is_price else "all"),
                    PRICE_SOURCES if is_price else PEER_SOURCE,
                )
            )
        for rec in lag.to_dict("records"):
            n = int(rec["lag"])
            found.append(
                ("lag", f"{fmt.number(n)} jaar", float(rec[column]), n == lag_used, lag_sources)
            )
        if column == "extra_cumulative":
            for rec in ramp.to_dict("records"):
                found.append(
                    (
                        "ramp",
                        scheme.SHAPE_NL[str(rec["shape"])],
                        float(rec[column]),
                        rec["shape"] == "budget",
                        RAMP_SOURCE,
                    )
                )
        rows += [
            {
                "quantity": quantity,
                "quantity_label": label,
                "assumption": assumption,
                "alternative": alternative,
                "value": value,
                "text": scheme._amount(value, ind),
                "used": used,
                "source_ids": sources,
            }
            for assumption, alternative, value, used, sources in found
        ]
    return _outcomes(rows)


def jobs_outcomes(s: scheme.ScenarioResult, sens: scheme.ScenarioSensitivity) -> pd.DataFrame:
    """Extra jobs in young spin-offs by the target year under each jobs-per-spin-off value and lag.

    Jobs follow only from extra spin-offs. Where the Netherlands does not lag on
    spin-offs there are none, and every alternative gives 0: computed, and shown, so
    that the reader sees the jobs assumption changes nothing here.
    """
    p = s.parameters
    jobs = p[(p["parameter"] == "jobs_per_spinoff_early")]
    if jobs.empty:
        return _outcomes([])
    per = {str(v): float(x) for v, x in zip(jobs["variant"], jobs["value"], strict=True)}
    target_year = int(s.result["year"].max()) if not s.result.empty else scenario.TARGET_YEAR
    label = f"Extra banen in jonge spin-offs tot {target_year}"
    lag_used = int(p.loc[p["parameter"] == "lag_years", "value"].iloc[0])
    den = s.headline[1] if s.headline is not None and s.headline[0] == "spinoffs" else None
    j = sens.jobs[sens.jobs["denominator"] == den] if den is not None else sens.jobs.iloc[0:0]
    if j.empty:
        # No extra spin-offs: 0 extra spin-offs × any number of jobs each.
        j = pd.DataFrame(
            [
                {"lag": lag, "jobs_per_spinoff": v, "extra_spinoffs_cumulative": 0.0}
                for lag in sorted(set(sens.lag["lag"]) | {lag_used})
                for v in per.values()
            ]
        )
        j["extra_jobs"] = j["extra_spinoffs_cumulative"] * j["jobs_per_spinoff"]
    central = per.get("central", float(np.median(list(per.values()))))
    jobs_sources = _param_sources(p, "jobs_per_spinoff_early")
    rows: list[dict[str, object]] = []
    for rec in j.to_dict("records"):
        lag, each = int(rec["lag"]), float(rec["jobs_per_spinoff"])
        text = fmt.number(float(rec["extra_jobs"]))
        if float(rec["extra_spinoffs_cumulative"]) == 0:
            text += " (geen extra spin-offs)"
        base = {"quantity": "jobs", "quantity_label": label, "value": float(rec["extra_jobs"])}
        if lag == lag_used:
            rows.append(
                {
                    **base,
                    "assumption": "jobs",
                    "alternative": f"{fmt.number(each, 1)} banen",
                    "text": text,
                    "used": bool(np.isclose(each, central)),
                    "source_ids": jobs_sources,
                }
            )
        if np.isclose(each, central):
            rows.append(
                {
                    **base,
                    "assumption": "lag",
                    "alternative": f"{fmt.number(lag)} jaar",
                    "text": text,
                    "used": lag == lag_used,
                    "source_ids": _param_sources(p, "lag_years"),
                }
            )
    return _outcomes(rows)


# --------------------------------------------------------------------------- the section


@dataclass(frozen=True)
class SensitivityResult:
    """Everything the section shows: the outcomes, their tornado, and the inputs it rests on."""

    outcomes: pd.DataFrame
    tornado: pd.DataFrame
    peer_sens: pd.DataFrame
    price_sens: pd.DataFrame
    reference_sens: pd.DataFrame
    demo: bool


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    *,
    plan: scheme.ScenarioResult,
    scenario_sens: scheme.ScenarioSensitivity,
    breaks: scheme.BreakAnalysis,
) -> SensitivityResult:
    """Gather every sensitivity of the report (the chapters' own functions) into one tornado."""
    peer_sens = benchmark.peer_choice_sensitivity(plan.comparisons, groups=europe.TOP_GROUPS)
    price_sens = europe.price_sensitivity(wide, data_dir, year)
    reference_sens = models.reference_sensitivity(wide, data_dir, year)
    outcomes = pd.concat(
        [
            frame
            for frame in (
                comparison_outcomes(peer_sens, price_sens, europe.price_base_year(year)),
                typology_outcomes(reference_sens),
                break_outcomes(breaks),
                scenario_outcomes(plan, scenario_sens),
                jobs_outcomes(plan, scenario_sens),
            )
            if not frame.empty
        ],
        ignore_index=True,
    )
    return SensitivityResult(
        outcomes=outcomes,
        tornado=tornado(outcomes),
        peer_sens=peer_sens,
        price_sens=price_sens,
        reference_sens=reference_sens,
        demo=bool(wide["is_demonstration"].any()) if "is_demonstration" in wide else False,
    )


def _status_text(ids: str, sources: pd.DataFrame) -> str:
    """'[12] (gelezen in de bron); [59] (aanname)': the reference number and how the source
    was read, per source; a method choice if none. Cited by number (the reference list has
    title and publisher), so no publisher's own name or language reaches the table."""
    register = sources.set_index("source_id")
    parts: list[str] = []
    for i in split_source_ids(ids):
        if i == "kt_metrics" or i not in register.index:
            continue
        status = str(register.loc[i, "status"])
        parts.append(f"{cite(i, sources)} ({STATUS_NL.get(status, status)})")
    return "; ".join(dict.fromkeys(parts)) or MONITOR_CHOICE_NL


def table(result: SensitivityResult, data_dir: Path) -> pd.DataFrame:
    """The table behind the chart: per quantity and assumption its source and status, the
    report's value, and the lowest and highest value with the choice that gives it."""
    t = result.tornado
    sources = load_sources(data_dir)
    same = (t["low_text"] == t["central_text"]) & (t["high_text"] == t["central_text"])
    everywhere = [f"{c} bij elke keuze" for c in t["central_text"]]
    return pd.DataFrame(
        {
            "Uitkomst": t["quantity_label"].map(_strip_unit),
            "Aanname": t["assumption"].map(ASSUMPTION_NL),
            "Bron en herkomst": [_status_text(str(i), sources) for i in t["source_ids"]],
            "In het rapport": t["central_text"],
            "Laagste": [
                e if s_ else f"{v} bij {a}"
                for v, a, s_, e in zip(
                    t["low_text"], t["low_alternative"], same, everywhere, strict=True
                )
            ],
            "Hoogste": [
                e if s_ else f"{v} bij {a}"
                for v, a, s_, e in zip(
                    t["high_text"], t["high_alternative"], same, everywhere, strict=True
                )
            ],
        }
    )


def table_data(result: SensitivityResult, data_dir: Path) -> pd.DataFrame:
    """The numbers behind `table` for the CSV download: per quantity and assumption the
    report's value and the lowest and highest value with the choice that gives them, in the
    unit the quantity's label names (the page shows Dutch text with p-values; machines get
    numbers). Same column names as the page where the content is the same."""
    t = result.tornado
    sources = load_sources(data_dir)
    return pd.DataFrame(
        {
            "Uitkomst": t["quantity_label"],
            "Aanname": t["assumption"].map(ASSUMPTION_NL),
            "Bron en herkomst": [_status_text(str(i), sources) for i in t["source_ids"]],
            "In het rapport": t["central"].astype("float64"),
            "Laagste": t["low"].astype("float64"),
            "Keuze bij laagste": t["low_alternative"].astype(str),
            "Hoogste": t["high"].astype("float64"),
            "Keuze bij hoogste": t["high_alternative"].astype(str),
        }
    )


def choices_table(result: SensitivityResult, data_dir: Path) -> pd.DataFrame:
    """One row per assumption: its source and status and every choice computed (the used one marked).

    An assumption that varies several quantities lists the choices of its first one;
    they are the same alternatives (the scenario's peer sets include only those with
    the headline comparison, and the text says so).
    """
    t = result.tornado.drop_duplicates("assumption", keep="first")
    order = [k for k in ASSUMPTION_NL if k in set(t["assumption"])]
    t = t.set_index("assumption").loc[order].reset_index()
    sources = load_sources(data_dir)
    return pd.DataFrame(
        {
            "Aanname": t["assumption"].map(ASSUMPTION_NL),
            "Bron en herkomst": [_status_text(str(i), sources) for i in t["source_ids"]],
            "Doorgerekende keuzes": t["alternatives"],
        }
    )


def chart_frame(result: SensitivityResult) -> pd.DataFrame:
    """The rows the chart draws: quantities that at least one assumption moves."""
    t = result.tornado
    moving = (t["high"] - t["low"]).groupby(t["quantity"]).transform("max") > 0
    keep = t[moving]
    return pd.DataFrame(
        {
            "quantity": keep["quantity_label"],
            "assumption": keep["assumption"].map(ASSUMPTION_NL),
            "low": keep["low"],
            "high": keep["high"],
            "central": keep["central"],
        }
    ).reset_index(drop=True)


def widest(result: SensitivityResult, quantity: str) -> str | None:
    """The assumption that moves one quantity most (None when none moves it)."""
    t = result.tornado[result.tornado["quantity"] == quantity]
    if t.empty:
        return None
    width = (t["high"] - t["low"]).to_numpy(dtype="float64")
    if float(width.max()) <= 0:
        return None
    return str(t["assumption"].iloc[int(np.argmax(width))])


#: How the chart's takeaway names each headline quantity.
TITLE_SUBJECT_NL: dict[str, str] = {
    "scenario_sum": "het inhaalscenario",
    "behind": "de achterstand op de top",
    "typology_top": "de indeling in modellen",
    "break_level": "de breuk bij de start van de financiering",
}


def chart_title(result: SensitivityResult) -> str:
    """Takeaway: per headline quantity, the assumption that moves it most."""
    parts = []
    for quantity, subject in TITLE_SUBJECT_NL.items():
        key = widest(result, quantity)
        if key is not None:
            parts.append(f"voor {subject} {_the(ASSUMPTION_NL[key].lower())}")
    if not parts:
        return "Geen van de aannames verandert de hoofduitkomsten"
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return "Het meest maakt uit: " + listed


def _the(name: str) -> str:
    """'de bandbreedte van de top', 'het referentiepunt van de typologie' (Dutch articles)."""
    het = ("referentiepunt", "breukjaar")
    return ("het " if name.startswith(het) else "de ") + name


def _strip_unit(label: str) -> str:
    return label.removesuffix(" (%)")


#: Width of the assumption labels: the same in every panel, so the bars line up.
AXIS_WIDTH = 230


def chart(result: SensitivityResult) -> object:
    """A tornado per headline quantity (own scale each): lowest to highest outcome per
    assumption, widest on top; the dashed line is the report's value."""
    import altair as alt

    from analysis import charts

    frame = chart_frame(result).assign(width=lambda f: f["high"] - f["low"])
    order = list(dict.fromkeys(frame["quantity"]))
    y = alt.Y(
        "assumption:N",
        sort=alt.EncodingSortField(field="width", order="descending"),
        title=None,
        axis=alt.Axis(labelLimit=AXIS_WIDTH, minExtent=AXIS_WIDTH, maxExtent=AXIS_WIDTH),
    )
    x_axis = alt.Axis(format=",.1~f", tickCount=5, title=None)
    number = ",.1~f"
    bars = (
        alt.Chart()
        .mark_bar(color=charts.PRIMARY_COLOR, height=12)
        .encode(
            x=alt.X("low:Q", axis=x_axis),
            x2="high:Q",
            y=y,
            tooltip=[
                alt.Tooltip("assumption:N", title="Aanname"),
                alt.Tooltip("low:Q", format=number, title="Laagste"),
                alt.Tooltip("central:Q", format=number, title="In het rapport"),
                alt.Tooltip("high:Q", format=number, title="Hoogste"),
            ],
        )
    )
    # Ticks at both ends, so an assumption that changes nothing still shows (as one tick).
    ends = (
        alt.Chart()
        .transform_fold(["low", "high"], as_=["end", "value"])
        .mark_tick(color=charts.PRIMARY_COLOR, thickness=2, size=14)
        .encode(x=alt.X("value:Q", axis=x_axis), y=y)
    )
    central = (
        alt.Chart()
        .mark_rule(color=charts.NL_COLOR, strokeDash=[4, 3])
        .encode(x=alt.X("central:Q", axis=x_axis))
    )
    panels = []
    for quantity in order:
        title = alt.TitleParams(
            quantity,
            anchor="start",
            frame="bounds",
            fontSize=11,
            fontWeight="bold",
            color=charts.TEXT_COLOR,
            limit=charts.WIDTH,
        )
        panels.append(
            alt.layer(bars, ends, central, data=frame[frame["quantity"] == quantity]).properties(
                width=charts.WIDTH - AXIS_WIDTH, height=alt.Step(20), title=title
            )
        )
    return alt.vconcat(*panels, spacing=14).properties(title=chart_title(result))


def alt_text(result: SensitivityResult) -> str:
    n = chart_frame(result)["quantity"].nunique()
    return (
        f"Staafdiagrammen voor {fmt.number(n)} hoofduitkomsten, elk op een eigen schaal: per aanname "
        "de laagste en hoogste uitkomst; de stippellijn is de uitkomst in het rapport."
    )


def _quantity_sentence(t: pd.DataFrame) -> str:
    """'Label: in het rapport C; aanname: laagst L bij a, hoogst H bij b; aanname 2: geen verschil.'"""
    first = t.iloc[0]
    central = str(first["central_text"])
    parts = []
    for rec in t.to_dict("records"):
        name = ASSUMPTION_NL[str(rec["assumption"])].lower()
        low, high = str(rec["low_text"]), str(rec["high_text"])
        if low == high == central:
            parts.append(f"{name}: geen verschil")
        elif np.isclose(float(rec["low"]), float(rec["high"])):
            other = low if low != central else high
            where = rec["low_alternative"] if low != central else rec["high_alternative"]
            parts.append(f"{name}: {other} bij {where}")
        else:
            parts.append(
                f"{name}: laagst {low} bij {rec['low_alternative']}, hoogst {high} bij "
                f"{rec['high_alternative']}"
            )
    return (
        f"*{_strip_unit(str(first['quantity_label']))}*: in het rapport {central}; "
        + "; ".join(parts)
        + "."
    )


def markdown(
    result: SensitivityResult, plan: scheme.ScenarioResult, breaks: scheme.BreakAnalysis
) -> str:
    """The section's text: what is varied, per quantity what moves, and what that means."""
    intro = (
        "De hoofduitkomsten van dit rapport rusten op keuzes en aannames. Hier staat op één plaats "
        "hoe ze veranderen als een aanname anders wordt gekozen, berekend met dezelfde functies als "
        "in de hoofdstukken. De figuur geeft per uitkomst (elk op een eigen schaal) de laagste en "
        "hoogste uitkomst over de keuzes van elke aanname; de stippellijn is de uitkomst in het "
        "rapport. De tabellen op de website noemen per aanname de bron, hoe die is gelezen en de "
        "keuzes die zijn doorgerekend; alle aannames van het inhaalscenario staan met hun bron in "
        "de parametertabel, ook op de website."
    )
    per_quantity = [
        _quantity_sentence(g) for _, g in result.tornado.groupby("quantity", sort=False)
    ]
    notes = [_constructed_note(plan), _break_note(breaks)]
    text = intro + "\n\n" + "\n".join(f"- {p}" for p in per_quantity)
    text += "\n\n" + " ".join(n for n in notes if n)
    if result.demo:
        text += " " + DEMO_CAVEAT
    return text


def _constructed_note(plan: scheme.ScenarioResult) -> str:
    if plan.headline is None or plan.result.empty:
        return (
            "Omdat Nederland op geen vergelijkbare indicator aantoonbaar achterloopt, is er geen "
            "inhaalscenario en dus ook geen gevoeligheid daarvan."
        )
    target_year = int(plan.result["year"].max())
    return (
        f"De vorm van de opbouw verandert de extra uitkomst in {target_year} niet: zo is het "
        f"scenario gebouwd (elk pad bereikt de top in {target_year}); wel de som over de jaren. Met "
        f"een vertraging haalt het scenario de top in {target_year} niet."
    )


def _break_note(breaks: scheme.BreakAnalysis) -> str:
    sens = breaks.sensitivity
    if sens.empty:
        return ""
    level = sens[sens["term"] == "level_change"]
    n_sig = int((level["p_value"] < scheme.LEVEL).sum())
    noun = INDICATOR_LABELS[scheme.HEADLINE_INDICATOR].lower()
    if n_sig == 0:
        return (
            f"De niveausprong in het aantal {noun} is bij geen van de {fmt.number(len(level))} "
            "breuken significant bij 5%, ook niet als de verandering het budget volgt: het oordeel "
            "'niet aantoonbaar' hangt niet af van het breukjaar of de vorm van de breuk."
        )
    return (
        f"De niveausprong in het aantal {noun} is bij {fmt.number(n_sig)} van de "
        f"{fmt.number(len(level))} breuken significant bij 5%: het oordeel over de breuk hangt af "
        "van het breukjaar of de vorm van de breuk."
    )
