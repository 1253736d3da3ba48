"""Sensitivity to assumptions, the collectors of chapter 5: the break, the catch-up scenario and the jobs in young spin-offs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.sources import split_source_ids
from analysis.methods.scenario import sensitivity
from analysis.publication import formatting as fmt
from analysis.publication.chapters.scheme import (
    budget,
    catch_up,
    effect,
    effect_tables,
    scenario_sensitivity,
)
from analysis.publication.chapters.sensitivity.outcomes import (
    BREAK_YEAR_SOURCES,
    PEER_SOURCE,
    PRICE_SOURCES,
    RAMP_SOURCE,
    _outcomes,
)
from analysis.publication.labels import (
    INDICATOR_LABELS,
    RAMP_SHAPE_LABELS,
)


def break_outcomes(analysis: effect.BreakAnalysis) -> pd.DataFrame:
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
    noun = INDICATOR_LABELS[effect.HEADLINE_INDICATOR].lower()
    label = f"Niveausprong {noun} bij de start van de financiering (%)"
    b = analysis.start.first_funded_year
    ramp_years, _ = effect_tables.dose_text(analysis.dose)
    rows: list[dict[str, object]] = []
    for rec in level.to_dict("records"):
        key, year = str(rec["candidate"]), int(rec["break_year"])
        beyond = float(rec["p_value"]) < analysis.levels.test
        text = (
            f"{fmt.change(float(rec['effect_pct']) / 100)} "
            f"({'groter dan toeval' if beyond else 'niet te onderscheiden van toeval'})"
        )
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


def _param_sources(params: pd.DataFrame, parameter: str, **where: str) -> str:
    rows = params[params["parameter"] == parameter]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    ids: dict[str, None] = {}
    for cell in rows["source_id"]:
        ids.update(dict.fromkeys(split_source_ids(cell)))
    return ";".join(ids)


def scenario_outcomes(
    s: catch_up.ScenarioResult, sens: scenario_sensitivity.ScenarioSensitivity
) -> pd.DataFrame:
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
    noun = catch_up.lower_label(ind)
    quantities = (
        (
            "extra_target_year",
            "scenario_target_year",
            f"Extra {noun} {catch_up.denominator_text(den)} in {target_year}",
        ),
        (
            "extra_cumulative",
            "scenario_sum",
            f"Extra {noun} {catch_up.denominator_text(den)} {s.base_year + 1}–{target_year} samen",
        ),
    )
    lag_used = int(p.loc[p["parameter"] == "lag_years", "value"].iloc[0])
    alternatives = sensitivity.target_sensitivity(
        s.parameters,
        s.budget,
        {**sens.peer_targets, **sens.price_targets, **sens.definition_targets},
        shape=s.assumptions.ramp.value,
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
            shown = catch_up.intensity_text(float(rec["target_intensity"]), ind)
            found.append(
                (
                    "target",
                    f"{budget.VARIANT_NL[variant]} ({shown})",
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
                    scenario_sensitivity.peer_choice_label(choice),
                    float(rec[column]),
                    choice
                    == (f"prices:{s.assumptions.price_year(s.base_year)}" if is_price else "all"),
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
                        RAMP_SHAPE_LABELS[str(rec["shape"])],
                        float(rec[column]),
                        rec["shape"] == s.assumptions.ramp.value,
                        s.assumptions.ramp.source_id,
                    )
                )
        rows += [
            {
                "quantity": quantity,
                "quantity_label": label,
                "assumption": assumption,
                "alternative": alternative,
                "value": value,
                "text": catch_up.amount_text(value, ind),
                "used": used,
                "source_ids": sources,
            }
            for assumption, alternative, value, used, sources in found
        ]
    return _outcomes(rows)


def jobs_outcomes(
    s: catch_up.ScenarioResult, sens: scenario_sensitivity.ScenarioSensitivity
) -> pd.DataFrame:
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
    target_year = int(s.result["year"].max()) if not s.result.empty else s.assumptions.target_year
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
