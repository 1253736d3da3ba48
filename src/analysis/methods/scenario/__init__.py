"""Catch-up scenario: the KTO-Nederland plan's "toekomstvisie", made hand-computable.

Question: where the Netherlands lags the European top on an intensity, how much
extra output would closing that gap by the target year mean (the end of the scheme,
`scenario_target_year` in `data/raw/assumptions.csv`), along the build-up of the scheme?
Where the Netherlands is already at or above the top, there is no path to build, and
the scenario says so instead of drawing a "target path" equal to today's level.

Arithmetic, per comparison (indicator × denominator, chapter 3), per variant v and per
year t from the base year (the last year with data) to the target year T:

    step_v        = max(target_v / baseline − 1, 0)            relative gap to the top
    share(t)      = ramp share of the remaining build-up, 0 in the base year, 1 in T
                    (shifted by `lag` years: share(t − lag))
    count(t)      = base count · (1 + share(t) · step_v)
    extra(t)      = count(t) − base count
    cumulative(t) = Σ extra over the years after the base year

`baseline` is the Dutch intensity of chapter 3 (pooled over three years, in base-year
prices), `base count` the national total of the indicator in the base year; the
denominator (research spending, disclosures) is held at its base-year level. The
targets come from the spread of the top: low = the lowest end of any peer's range,
central = the median of the peers' central values, high = the highest end (each peer
counted once; a single exact figure gives three equal targets, and the report says so).

Jobs only follow from extra spin-offs, and only with a figure whose horizon matches:
the jobs of companies in their first years (`horizon = early` in
`scheme/spinoff_jobs.csv`) for the jobs by the target year, with a stated sensitivity range;
stocks after decades (KU Leuven, Dealroom) are kept apart as a long-run range, per
surviving company, never as jobs per new spin-off.

No return is computed. The plan's EUR 4.20 per euro is a second-hand figure for
public R&D in general (Rabobank 2019, quoted in the plan), not the return of this
scheme; it is carried only as a quotation (`PLAN_RETURN_PER_EURO`) and never
multiplied by the budget. A variant without extra output therefore shows no gain.

The assumptions (target year, lag and its sensitivity range, jobs-per-spin-off range,
ramp shape and its alternatives) are rows of `data/raw/assumptions.csv`
(`analysis.data.assumptions`), passed in by the caller: no value here is a default.

Modules: `parameters` (targets from the top's spread, jobs per spin-off, the parameter
table), `run` (the ramp and the scenario's arithmetic: with
`render/assets/scenario-model.js` the only place it lives) and `sensitivity` (ramp,
lag, jobs and target sensitivities, the tornado frame).
"""
