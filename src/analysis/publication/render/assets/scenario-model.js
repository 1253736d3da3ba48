/* The catch-up scenario's arithmetic in JavaScript: the one place it lives in this language.

   It is `analysis.scenario` (Python) line for line, with the same operations in the same
   order, so both give the same doubles (tests/test_scenario_explorer.py compares them over
   a grid of parameter values in headless Chromium):

     VMScenario.rampShares  <->  scenario.ramp_shares(budget, base_year, target_year,
                                                      shape=..., lag=..., line="total")
     VMScenario.path        <->  scenario.run_scenario(params, budget, shape=..., lag=...)
                                 for one comparison and variant; `jobsPerSpinoff` is the
                                 `jobs_per_spinoff_early` value of that variant (or any value,
                                 as in scenario.jobs_sensitivity)

   Per year t from the base year to the target year:
     step          = max(target / baseline - 1, 0)     (NaN unless baseline > 0 and target finite)
     share(t)      = ramp share, 0 in the base year, 1 in the target year (shifted by the lag)
     extra(t)      = baseCount * share(t) * step
     count(t)      = baseCount + extra(t)
     intensity(t)  = baseline * (1 + share(t) * step)
     cumulative(t) = extra summed from the base year to t
     jobs(t)       = cumulative(t) * jobsPerSpinoff   (spin-offs only) */
(function (root) {
  "use strict";

  var SHAPES = ["budget", "linear", "front", "back"];

  /* budget: {years: [...], amounts: [...]} of the scheme's total line (null = no amount). */
  function rampShares(budget, baseYear, targetYear, shape, lag) {
    if (SHAPES.indexOf(shape) < 0) {
      throw new Error("unknown ramp shape " + shape);
    }
    if (targetYear <= baseYear) {
      return { years: [baseYear], share: [0.0] };
    }
    var years = [];
    var linear = [];
    var y;
    for (y = baseYear; y <= targetYear; y += 1) {
      years.push(y);
      linear.push((y - baseYear) / (targetYear - baseYear));
    }
    var n = years.length;
    var share = [];
    var i;
    if (shape === "budget") {
      var byYear = {};
      for (i = 0; i < budget.years.length; i += 1) {
        var amount = budget.amounts[i];
        byYear[budget.years[i]] = amount === null || amount === undefined ? NaN : amount;
      }
      var cum = [];
      var running = 0.0;
      for (i = 0; i < n; i += 1) {
        var a = byYear.hasOwnProperty(years[i]) ? byYear[years[i]] : NaN;
        if (a !== a) { a = 0.0; }  // reindex(...).fillna(0.0)
        if (i === 0) { a = 0.0; }  // money spent up to the base year is in the baseline
        running += a;
        cum.push(running);
      }
      var last = cum[n - 1];
      for (i = 0; i < n; i += 1) {
        share.push(last > 0 ? cum[i] / last : linear[i]);
      }
    } else if (shape === "linear") {
      share = linear.slice();
    } else if (shape === "front") {
      share = linear.map(Math.sqrt);
    } else {
      share = linear.map(function (x) { return x * x; });
    }
    var shift = Math.max(0, lag | 0);
    var shifted = [];
    for (i = 0; i < Math.min(shift, n); i += 1) { shifted.push(0.0); }
    for (i = 0; i < n - shift; i += 1) { shifted.push(share[i]); }
    return { years: years, share: shifted };
  }

  /* p: {budget, baseYear, targetYear, shape, lag, indicator, baseline, target, baseCount,
         jobsPerSpinoff}; returns one row per year with the columns of run_scenario. */
  function path(p) {
    var ramp = rampShares(p.budget, p.baseYear, p.targetYear, p.shape, p.lag);
    var base = p.baseline;
    var target = p.target === null || p.target === undefined ? NaN : p.target;
    var count = p.baseCount === null || p.baseCount === undefined ? NaN : p.baseCount;
    var step = base > 0 && isFinite(target) ? Math.max(target / base - 1.0, 0.0) : NaN;
    var jobs = p.indicator === "spinoffs" && p.jobsPerSpinoff !== null &&
      p.jobsPerSpinoff !== undefined ? p.jobsPerSpinoff : NaN;
    var rows = [];
    var cumulative = 0.0;
    for (var i = 0; i < ramp.years.length; i += 1) {
      var share = ramp.share[i];
      var extra = count * share * step;
      cumulative += extra;
      rows.push({
        year: ramp.years[i],
        ramp_share: share,
        baseline_intensity: base,
        target_intensity: target,
        scenario_intensity: base * (1 + share * step),
        count_baseline: count,
        count_scenario: count + extra,
        extra: extra,
        extra_cumulative: cumulative,
        extra_jobs: cumulative * jobs
      });
    }
    return rows;
  }

  root.VMScenario = { rampShares: rampShares, path: path, SHAPES: SHAPES };
})(window);
