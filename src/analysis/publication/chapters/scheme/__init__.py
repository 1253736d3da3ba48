"""Chapter 5: Regeling KTO-Nederland 2022–2029 — budget ramp, effect since 2022, projection, scenario.

The budget comes from the plan (with the ramp's shape an explicit assumption); the
scenario's every parameter is listed with its source, so a reader can redo the sums.
One module per part of the chapter: `budget`, the break around the scheme's start
(`effect`: the analysis, `effect_tables`, `effect_text`), the catch-up scenario
(`catch_up`), the projection (`projection`), what the break's tests could have seen
(`detectable`: power and smallest detectable rise) and the scenario's sensitivities
(`scenario_sensitivity`); `result.compute` runs the chapter's analyses once, for the
notebook and for the summary, key messages and signals. The notebook calls them through
this package.
"""
