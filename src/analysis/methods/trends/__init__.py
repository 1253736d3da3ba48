"""Trend statistics (statsmodels): count models, national trends, break in 2022, projection.

Every function returns a tidy DataFrame (term, estimate, std_error, ci_low, ci_high,
p_value, plus context columns), each column with its Dutch label in `labels.column_label`.

- `count_models`: spin-offs, disclosures and licences as counts, on log research
  expenditure and log KTO FTE with institution-type effects; Poisson and negative
  binomial (NB2), with the Cameron–Trivedi overdispersion test to say which to trust.
  Both models' standard errors are clustered by institution (repeated years of the
  same institution are not independent). When the two size terms are collinear the
  KTO-staff term is left out (its elasticity is not identified), and that is reported.
- `national_trends`: yearly growth per indicator from a Poisson pseudo-likelihood
  model with institution fixed effects. Fixed effects make the trend robust to
  institutions entering or leaving the reporting, which a trend in national totals
  would confuse with growth; PPML handles zeros and money values alike.
- `interrupted_time_series`: the same model with a level and a slope change from a
  break year the caller reads from the scheme's budget (its first funded year);
  `placebo_breaks` moves the break to earlier years, `difference_in_differences`
  compares the scheme's partners with the other institutions, `dose_break` lets the
  change follow the budget's ramp instead of a step. None of these alone
  supports a causal reading; the chapter text says what they do support.
- `projection`: a log-linear trend of the national total projected to 2029 with
  prediction intervals, next to the target path.

Modules: `counts` (tidy results, the Poisson / negative-binomial choice with its
diagnostics), `fixed_effects` (fixed-effects Poisson with errors clustered per
institution, the national trends), `breaks` (interrupted time series, dose, placebo
years and windows, difference-in-differences) and `forecast` (the projection).
"""
