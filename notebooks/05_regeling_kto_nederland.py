# %% [markdown]
# # Regeling KTO-Nederland 2022–2029

# %% tags=["parameters"]
from analysis.pipeline.notebook_params import resolve_parameters

# The build injects its own values after this cell. Run by hand, None means the default:
# the latest year with data, data/raw, data/processed (made if missing), .build/notebooks/.
year = None
data_dir = None
processed_dir = None
output_dir = None

# %%
year, data_dir, processed_dir, output_dir = resolve_parameters(year, data_dir, processed_dir, output_dir)
from pathlib import Path

from analysis.data import process
from analysis.publication.chapters import awaiting
from analysis.publication.chapters.europe import sensitivity as europe_sensitivity
from analysis.publication.chapters.models import checks
from analysis.publication.chapters.national import trend
from analysis.publication.chapters.scheme import result, effect_text, budget, detectable as scheme_detectable, effect_tables, projection as scheme_projection, catch_up, scenario_sensitivity
from analysis.publication.chapters.sensitivity import section as assumptions_section, price_basis
from analysis.publication.display.report import Report

data = Path(data_dir)
wide = trend.until(process.load_wide(Path(processed_dir)), year)
demo = trend.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
chapter = result.compute(wide, data, year) if awaiting.has_submissions(wide, year) else None

# %%
if chapter is not None:
    rep.finding(effect_text.its_headline(chapter.breaks, chapter.detectable) + ".")
rep.markdown(budget.intro_markdown(data))

# %% [markdown]
# ## Budget en aanloop

# %%
rep.chart_and_table(
    budget.budget_chart(data),
    budget.budget_table(data),
    title=budget.budget_title(data),
    alt="Gestapeld staafdiagram van het budget van de regeling per jaar, naar onderdeel.",
)

# %%
if chapter is None:
    rep.markdown("## Wat de monitor gaat meten\n\n" + awaiting.not_yet_markdown(year, data, "of de kennisoverdracht verandert sinds de regeling geld geeft, hoe dat zich verhoudt tot eerdere jaren en tot instellingen buiten de regeling, en wat aansluiting bij de top zou opleveren") + "\n\n" + budget.measure_plan_markdown(data))
    rep.table(awaiting.awaiting_table(data))
    detectable = scheme_detectable.assumed_detectable(data, scheme_detectable.assumed_years(year))
    rep.markdown(scheme_detectable.detectable_markdown(detectable))
    rep.table(scheme_detectable.detectable_table(detectable, basis="assumption"))

# %%
if chapter is not None:
    plan = chapter.plan
    breaks = chapter.breaks
    rep.markdown("## Verandering rond de start van de financiering")
    rep.demo_notice()
    rep.finding(effect_text.its_markdown(breaks, chapter.detectable))
    rep.markdown(scheme_detectable.detectable_markdown(chapter.detectable))
    rep.table(scheme_detectable.detectable_table(chapter.detectable))
    rep.markdown(effect_tables.BREAK_SENSITIVITY_POINTER)

# %%
if chapter is not None:
    rep.markdown("## Op weg naar de top in 2029")
    projection = chapter.projection
    rep.chart_and_table(
        scheme_projection.projection_chart(projection),
        scheme_projection.projection_table(projection),
        title=scheme_projection.projection_title(projection),
        alt=scheme_projection.projection_alt(projection),
    )

# %%
if chapter is not None:
    rep.markdown("## Wat aansluiting bij de top oplevert")
    rep.finding(catch_up.scenario_markdown(plan))
    rep.table(catch_up.position_table(plan))
    rep.table(catch_up.summary_table(plan))
    rep.table(catch_up.parameters_table(plan, data))

# %%
if chapter is not None:
    rep.markdown("## Gevoeligheid voor aannames")
    sensitivity = scenario_sensitivity.compute_scenario_sensitivity(wide, data, plan)
    section = assumptions_section.compute(wide, data, year, plan=plan, scenario_sens=sensitivity, breaks=breaks)
    rep.markdown(assumptions_section.markdown(section, plan, breaks))
    rep.chart_and_table(
        assumptions_section.chart(section),
        assumptions_section.table(section, data),
        title=assumptions_section.chart_title(section),
        alt=assumptions_section.alt_text(section),
    )
    rep.table(assumptions_section.choices_table(section, data))
    rep.table(price_basis.price_table(section.price_sens))
    rep.table(europe_sensitivity.peer_choice_table(section.peer_sens))
    rep.markdown(checks.sensitivity_markdown(section.reference_sens, demo))
    rep.table(checks.sensitivity_table(section.reference_sens))
    rep.table(effect_tables.sensitivity_table(breaks))
    if plan.headline is not None:
        rep.table(scenario_sensitivity.scenario_alternatives_table(plan, sensitivity))
    if not sensitivity.jobs.empty:
        rep.table(scenario_sensitivity.scenario_jobs_table(sensitivity))
