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
    "regeling_budget",
    title=scheme.budget_title(data),
    alt="Gestapeld staafdiagram van het budget van de regeling per jaar, naar onderdeel.",
    caption="Budget van de regeling per jaar en onderdeel (de aanloop 2023–2025 is een aanname)",
    basis="assumption",
    formats={"Bedrag": "money"},
    table_pdf=False,
)

# %%
if chapter is None:
    rep.markdown("## Wat de monitor gaat meten\n\n" + awaiting.not_yet_markdown(year, data, "of de kennisoverdracht verandert sinds de regeling geld geeft, hoe dat zich verhoudt tot eerdere jaren en tot instellingen buiten de regeling, en wat aansluiting bij de top zou opleveren") + "\n\n" + scheme.measure_plan_markdown(data))
    rep.table(awaiting.awaiting_table(data), "indicatoren_per_instelling", "Wat elke instelling jaarlijks opgeeft: de indicatoren van de monitor", basis="real", pdf=False)
    detectable = scheme.assumed_detectable(data, scheme.assumed_years(year))
    rep.markdown(scheme.detectable_markdown(detectable))
    rep.table(scheme.detectable_table(detectable), "regeling_onderscheidingsvermogen", scheme.detectable_caption(detectable), basis="assumption", data=scheme.detectable_table_data(detectable), units=scheme.DETECTABLE_DATA_UNITS)

# %%
if chapter is not None:
    plan = chapter.plan
    breaks = chapter.breaks
    rep.markdown("## Verandering rond de start van de financiering")
    rep.demo_notice()
    rep.finding(scheme.its_markdown(breaks, chapter.detectable))
    rep.markdown(scheme.detectable_markdown(chapter.detectable))
    rep.table(scheme.detectable_table(chapter.detectable), "regeling_onderscheidingsvermogen", scheme.detectable_caption(chapter.detectable), data=scheme.detectable_table_data(chapter.detectable), units=scheme.DETECTABLE_DATA_UNITS)
    rep.markdown(scheme.BREAK_SENSITIVITY_POINTER)

# %%
if chapter is not None:
    rep.markdown("## Op weg naar de top in 2029")
    projection = chapter.projection
    rep.chart_and_table(
        scheme.projection_chart(projection),
        scheme.projection_table(projection),
        "regeling_projectie",
        title=scheme.projection_title(projection),
        alt=scheme.projection_alt(projection),
        caption=scheme.projection_caption(projection),
        formats=scheme.PROJECTION_FORMATS,
        table_pdf=False,
    )

# %%
if chapter is not None:
    rep.markdown("## Wat aansluiting bij de top oplevert")
    rep.finding(scheme.scenario_markdown(plan))
    rep.table(scheme.position_table(plan), "scenario_positie", "Waar Nederland achterloopt op de top, en waar niet (hoofdstuk 3)", source_note=f"Bedragen in {europe.short_price_basis(plan.price_basis)} (hoofdstuk 3).", data=scheme.position_table_data(plan))
    rep.table(scheme.summary_table(plan), "scenario_uitkomsten", "Extra uitkomsten bij aansluiting bij de top, per vergelijking en variant", source_note="Laag, centraal en hoog: de laagste grens, de mediaan en de hoogste grens van de bandbreedte van de top, met de bijbehorende banen per spin-off. Geen opbrengst in euro's: het plan geeft geen opbrengst van deze regeling.", pdf=False, data=scheme.summary_table_data(plan))
    rep.table(scheme.parameters_table(plan, data), "scenario_parameters", "Alle parameters van het inhaalscenario, met bron (volledige bronvermelding in bijlage B)", pdf=False, data=scheme.parameters_table_data(plan, data))

# %%
if chapter is not None:
    rep.markdown("## Gevoeligheid voor aannames")
    sensitivity = scheme.compute_scenario_sensitivity(wide, data, plan)
    section = assumptions.compute(wide, data, year, plan=plan, scenario_sens=sensitivity, breaks=breaks)
    rep.markdown(assumptions.markdown(section, plan, breaks))
    rep.chart_and_table(
        assumptions.chart(section),
        assumptions.table(section, data),
        "gevoeligheid_aannames",
        title=assumptions.chart_title(section),
        alt=assumptions.alt_text(section),
        caption="Hoofduitkomsten bij andere keuzes: per aanname de bron en hoe die gelezen is, de uitkomst in het rapport en de laagste en hoogste uitkomst met de keuze die haar geeft",
        table_pdf=False,
        data=assumptions.table_data(section, data),
    )
    rep.table(
        assumptions.choices_table(section, data),
        "gevoeligheid_keuzes",
        "De aannames: bron en hoe die gelezen is, en de doorgerekende keuzes (de keuze in het rapport gemarkeerd)",
        basis="assumption",
        pdf=False,
    )
    price_data = assumptions.price_table_data(section.price_sens)
    rep.table(
        europe.price_table(section.price_sens),
        "gevoeligheid_prijspeil",
        "Vergelijkingen met bedragen: verhouding Nederland/top zonder prijscorrectie en in constante prijzen",
        pdf=False,
        source_note="Met één prijsindex aan beide kanten hangt de verhouding niet af van het gekozen prijsjaar; zonder correctie worden bedragen uit verschillende jaren tegen elkaar gezet.",
        data=price_data,
        units=assumptions.price_table_units(price_data),
    )
    rep.table(
        europe.peer_choice_table(section.peer_sens),
        "gevoeligheid_vergelijkingsgroep",
        "Uitkomst van hoofdstuk 3 met elke instelling van de top alleen en met elke instelling weggelaten",
        formats=europe.PEER_CHOICE_FORMATS,
        pdf=False,
    )
    rep.markdown(models.sensitivity_markdown(section.reference_sens, demo))
    rep.table(models.sensitivity_table(section.reference_sens))
    rep.table(scheme.sensitivity_table(breaks), "regeling_breukjaar", scheme.BREAK_SENSITIVITY_CAPTION, pdf=False, data=scheme.sensitivity_table_data(breaks), units=scheme.SENSITIVITY_DATA_UNITS)
    if plan.headline is not None:
        alternatives = scheme.scenario_alternatives_table(plan, sensitivity)
        rep.table(alternatives, "scenario_alternatieven", "Extra uitkomsten tot 2029 samen (centrale variant) per vergelijking, bij andere keuzes", formats=scheme.scenario_alternatives_formats(alternatives), pdf=False, source_note="Leeg: de vergelijking bestaat niet bij die keuze. 0: Nederland ligt bij die keuze niet aantoonbaar achter.")
    if not sensitivity.jobs.empty:
        rep.table(scheme.scenario_jobs_table(sensitivity), "scenario_banen", "Extra banen in jonge spin-offs bij andere aannames over banen per spin-off en vertraging", formats=scheme.JOBS_SENSITIVITY_FORMATS, pdf=False)
