# %% [markdown]
# # Regeling KTO-Nederland 2022–2029

# %% tags=["parameters"]
from analysis.build.notebook_params import resolve_parameters

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
from analysis.publication.chapters import awaiting, europe, models, national, scheme
from analysis.publication.chapters import sensitivity as assumptions
from analysis.publication.display import Report

data = Path(data_dir)
wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
chapter = scheme.compute(wide, data, year) if awaiting.has_submissions(wide, year) else None

# %%
if chapter is not None:
    rep.finding(scheme.its_headline(chapter.breaks, chapter.detectable) + ".")
rep.markdown(scheme.intro_markdown(data))

# %% [markdown]
# ## Budget en aanloop

# %%
rep.chart_and_table(
    scheme.budget_chart(data),
    scheme.budget_table(data),
    title=scheme.budget_title(data),
    alt="Gestapeld staafdiagram van het budget van de regeling per jaar, naar onderdeel.",
)

# %%
if chapter is None:
    rep.markdown("## Wat de monitor gaat meten\n\n" + awaiting.not_yet_markdown(year, data, "of de kennisoverdracht verandert sinds de regeling geld geeft, hoe dat zich verhoudt tot eerdere jaren en tot instellingen buiten de regeling, en wat aansluiting bij de top zou opleveren") + "\n\n" + scheme.measure_plan_markdown(data))
    rep.table(awaiting.awaiting_table(data))
    detectable = scheme.assumed_detectable(data, scheme.assumed_years(year))
    rep.markdown(scheme.detectable_markdown(detectable))
    rep.table(scheme.detectable_table(detectable, basis="assumption"))

# %%
if chapter is not None:
    plan = chapter.plan
    breaks = chapter.breaks
    rep.markdown("## Verandering rond de start van de financiering")
    rep.demo_notice()
    rep.finding(scheme.its_markdown(breaks, chapter.detectable))
    rep.markdown(scheme.detectable_markdown(chapter.detectable))
    rep.table(scheme.detectable_table(chapter.detectable))
    rep.markdown(scheme.BREAK_SENSITIVITY_POINTER)

# %%
if chapter is not None:
    rep.markdown("## Op weg naar de top in 2029")
    projection = chapter.projection
    rep.chart_and_table(
        scheme.projection_chart(projection),
        scheme.projection_table(projection),
        title=scheme.projection_title(projection),
        alt=scheme.projection_alt(projection),
    )

# %%
if chapter is not None:
    rep.markdown("## Wat aansluiting bij de top oplevert")
    rep.finding(scheme.scenario_markdown(plan))
    rep.table(scheme.position_table(plan))
    rep.table(scheme.summary_table(plan))
    rep.table(scheme.parameters_table(plan, data))

# %%
if chapter is not None:
    rep.markdown("## Gevoeligheid voor aannames")
    sensitivity = scheme.compute_scenario_sensitivity(wide, data, plan)
    section = assumptions.compute(wide, data, year, plan=plan, scenario_sens=sensitivity, breaks=breaks)
    rep.markdown(assumptions.markdown(section, plan, breaks))
    rep.chart_and_table(
        assumptions.chart(section),
        assumptions.table(section, data),
        title=assumptions.chart_title(section),
        alt=assumptions.alt_text(section),
    )
    rep.table(assumptions.choices_table(section, data))
    rep.table(assumptions.price_table(section.price_sens))
    rep.table(europe.peer_choice_table(section.peer_sens))
    rep.markdown(models.sensitivity_markdown(section.reference_sens, demo))
    rep.table(models.sensitivity_table(section.reference_sens))
    rep.table(scheme.sensitivity_table(breaks))
    if plan.headline is not None:
        rep.table(scheme.scenario_alternatives_table(plan, sensitivity))
    if not sensitivity.jobs.empty:
        rep.table(scheme.scenario_jobs_table(sensitivity))
