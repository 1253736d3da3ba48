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
from analysis.publication.chapters.europe import comparability, sensitivity as europe_sensitivity
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
    "regeling_budget",
    title=budget.budget_title(data),
    alt="Gestapeld staafdiagram van het budget van de regeling per jaar, naar onderdeel.",
    caption="Budget van de regeling per jaar en onderdeel (de aanloop 2023–2025 is een aanname)",
    basis="assumption",
    formats={"Bedrag": "money"},
    table_pdf=False,
)

# %%
if chapter is None:
    rep.markdown("## Wat de monitor gaat meten\n\n" + awaiting.not_yet_markdown(year, data, "of de kennisoverdracht verandert sinds de regeling geld geeft, hoe dat zich verhoudt tot eerdere jaren en tot instellingen buiten de regeling, en wat aansluiting bij de top zou opleveren") + "\n\n" + budget.measure_plan_markdown(data))
    rep.table(awaiting.awaiting_table(data), "indicatoren_per_instelling", "Wat elke instelling jaarlijks opgeeft: de indicatoren van de monitor", basis="real", pdf=False)
    detectable = scheme_detectable.assumed_detectable(data, scheme_detectable.assumed_years(year))
    rep.markdown(scheme_detectable.detectable_markdown(detectable))
    rep.table(scheme_detectable.detectable_table(detectable), "regeling_onderscheidingsvermogen", scheme_detectable.detectable_caption(detectable), basis="assumption", data=scheme_detectable.detectable_table_data(detectable), units=scheme_detectable.DETECTABLE_DATA_UNITS)

# %%
if chapter is not None:
    plan = chapter.plan
    breaks = chapter.breaks
    rep.markdown("## Verandering rond de start van de financiering")
    rep.demo_notice()
    rep.finding(effect_text.its_markdown(breaks, chapter.detectable))
    rep.markdown(scheme_detectable.detectable_markdown(chapter.detectable))
    rep.table(scheme_detectable.detectable_table(chapter.detectable), "regeling_onderscheidingsvermogen", scheme_detectable.detectable_caption(chapter.detectable), data=scheme_detectable.detectable_table_data(chapter.detectable), units=scheme_detectable.DETECTABLE_DATA_UNITS)
    rep.markdown(effect_tables.BREAK_SENSITIVITY_POINTER)

# %%
if chapter is not None:
    rep.markdown("## Op weg naar de top in 2029")
    projection = chapter.projection
    rep.chart_and_table(
        scheme_projection.projection_chart(projection),
        scheme_projection.projection_table(projection),
        "regeling_projectie",
        title=scheme_projection.projection_title(projection),
        alt=scheme_projection.projection_alt(projection),
        caption=scheme_projection.projection_caption(projection),
        formats=scheme_projection.PROJECTION_FORMATS,
        table_pdf=False,
    )

# %%
if chapter is not None:
    rep.markdown("## Wat aansluiting bij de top oplevert")
    rep.finding(catch_up.scenario_markdown(plan))
    rep.table(catch_up.position_table(plan), "scenario_positie", "Waar Nederland achterloopt op de top, en waar niet (hoofdstuk 3)", source_note=f"Bedragen in {comparability.short_price_basis(plan.price_basis)} (hoofdstuk 3).", data=catch_up.position_table_data(plan))
    rep.table(catch_up.summary_table(plan), "scenario_uitkomsten", "Extra uitkomsten bij aansluiting bij de top, per vergelijking en variant", source_note="Laag, centraal en hoog: de laagste grens, de mediaan en de hoogste grens van de bandbreedte van de top, met de bijbehorende banen per spin-off. Geen opbrengst in euro's: het plan geeft geen opbrengst van deze regeling.", pdf=False, data=catch_up.summary_table_data(plan))
    rep.table(catch_up.parameters_table(plan, data), "scenario_parameters", "Alle parameters van het inhaalscenario, met bron (volledige bronvermelding in bijlage B)", pdf=False, data=catch_up.parameters_table_data(plan, data))

# %%
if chapter is not None:
    rep.markdown("## Gevoeligheid voor aannames")
    sensitivity = scenario_sensitivity.compute_scenario_sensitivity(wide, data, plan)
    section = assumptions_section.compute(wide, data, year, plan=plan, scenario_sens=sensitivity, breaks=breaks)
    rep.markdown(assumptions_section.markdown(section, plan, breaks))
    rep.chart_and_table(
        assumptions_section.chart(section),
        assumptions_section.table(section, data),
        "gevoeligheid_aannames",
        title=assumptions_section.chart_title(section),
        alt=assumptions_section.alt_text(section),
        caption="Hoofduitkomsten bij andere keuzes: per aanname de bron en hoe die gelezen is, de uitkomst in het rapport en de laagste en hoogste uitkomst met de keuze die haar geeft",
        table_pdf=False,
        data=assumptions_section.table_data(section, data),
    )
    rep.table(
        assumptions_section.choices_table(section, data),
        "gevoeligheid_keuzes",
        "De aannames: bron en hoe die gelezen is, en de doorgerekende keuzes (de keuze in het rapport gemarkeerd)",
        basis="assumption",
        pdf=False,
    )
    price_data = price_basis.price_table_data(section.price_sens)
    rep.table(
        europe_sensitivity.price_table(section.price_sens),
        "gevoeligheid_prijspeil",
        "Vergelijkingen met bedragen: verhouding Nederland/top zonder prijscorrectie en in constante prijzen",
        pdf=False,
        source_note="Met één prijsindex aan beide kanten hangt de verhouding niet af van het gekozen prijsjaar; zonder correctie worden bedragen uit verschillende jaren tegen elkaar gezet.",
        data=price_data,
        units=price_basis.price_table_units(price_data),
    )
    rep.table(
        europe_sensitivity.peer_choice_table(section.peer_sens),
        "gevoeligheid_vergelijkingsgroep",
        "Uitkomst van hoofdstuk 3 met elke instelling van de top alleen en met elke instelling weggelaten",
        formats=europe_sensitivity.PEER_CHOICE_FORMATS,
        pdf=False,
    )
    rep.markdown(checks.sensitivity_markdown(section.reference_sens, demo))
    rep.table(
        checks.sensitivity_table(section.reference_sens),
        "modellen_gevoeligheid",
        checks.sensitivity_caption(section.reference_sens),
        formats=checks.SENSITIVITY_FORMATS,
        pdf=False,
    )
    rep.table(effect_tables.sensitivity_table(breaks), "regeling_breukjaar", effect_tables.BREAK_SENSITIVITY_CAPTION, pdf=False, data=effect_tables.sensitivity_table_data(breaks), units=effect_tables.SENSITIVITY_DATA_UNITS)
    if plan.headline is not None:
        alternatives = scenario_sensitivity.scenario_alternatives_table(plan, sensitivity)
        rep.table(alternatives, "scenario_alternatieven", "Extra uitkomsten tot 2029 samen (centrale variant) per vergelijking, bij andere keuzes", formats=scenario_sensitivity.scenario_alternatives_formats(alternatives), pdf=False, source_note="Leeg: de vergelijking bestaat niet bij die keuze. 0: Nederland ligt bij die keuze niet aantoonbaar achter.")
    if not sensitivity.jobs.empty:
        rep.table(scenario_sensitivity.scenario_jobs_table(sensitivity), "scenario_banen", "Extra banen in jonge spin-offs bij andere aannames over banen per spin-off en vertraging", formats=scenario_sensitivity.JOBS_SENSITIVITY_FORMATS, pdf=False)
