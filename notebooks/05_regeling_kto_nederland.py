# %% [markdown]
# # Regeling KTO-Nederland 2022–2029

# %% tags=["parameters"]
from analysis.notebook_params import resolve_parameters

# The build injects its own values after this cell. Run by hand, None means the default:
# the latest year with data, data/raw, data/processed (made if missing), .build/notebooks/.
year = None
data_dir = None
processed_dir = None
output_dir = None

# %%
year, data_dir, processed_dir, output_dir = resolve_parameters(year, data_dir, processed_dir, output_dir)
from pathlib import Path

from analysis import process
from analysis.chapters import national, scheme
from analysis.display import Report

rep = Report(output_dir=output_dir, year=year)
data = Path(data_dir)
wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
plan = scheme.compute_scenario(wide, data, year)

# %%
rep.markdown(scheme.intro_markdown(data))

# %% [markdown]
# ## Budget en aanloop

# %%
rep.chart(
    scheme.budget_chart(data),
    "regeling_budget",
    title=scheme.budget_title(data),
    alt="Gestapeld staafdiagram van het budget van de regeling per jaar, naar onderdeel.",
    table="regeling_budget",
)
rep.table(
    scheme.budget_table(data),
    "regeling_budget",
    "Budget van de regeling per jaar en onderdeel (de aanloop 2023–2025 is een aanname)",
    formats={"Bedrag": "money"},
)

# %% [markdown]
# ## Verandering rond de start van de financiering

# %%
rep.demo_notice() if demo else None
breaks = scheme.break_analysis(wide, data)
rep.markdown(scheme.its_markdown(breaks))
rep.table(scheme.its_table(breaks), "regeling_breuk", f"Onderbroken tijdreeks rond {breaks.start.first_funded_year}, het eerste jaar met budget: trend, niveausprong en trendbreuk", demo=demo)
rep.table(scheme.placebo_table(breaks), "regeling_placebo", "Dezelfde schatting met de breuk in eerdere jaren zonder regeling (placebo's)", demo=demo)
rep.table(scheme.did_table(breaks), "regeling_partners", "Partners van KTO-Nederland tegenover de overige instellingen (verschil-in-verschillen)", demo=demo)
rep.table(scheme.sensitivity_table(breaks), "regeling_breukjaar", "Spin-offs: niveausprong en trendbreuk bij elk breukjaar dat de begroting aanreikt", demo=demo)

# %% [markdown]
# ## Op weg naar de top in 2029

# %%
projection = scheme.projection_frame(wide, plan)
rep.chart(
    scheme.projection_chart(projection),
    "regeling_projectie",
    title=scheme.projection_title(projection),
    alt=scheme.projection_alt(projection),
    table="regeling_projectie",
    demo=demo,
)
rep.table(scheme.projection_table(projection), "regeling_projectie", scheme.projection_caption(projection), formats=scheme.PROJECTION_FORMATS, demo=demo)

# %% [markdown]
# ## Wat aansluiting bij de top oplevert

# %%
rep.markdown(scheme.scenario_markdown(plan))
rep.table(scheme.position_table(plan), "scenario_positie", "Waar Nederland achterloopt op de top, en waar niet (hoofdstuk 3)", demo=demo, source_note=f"Bedragen in {plan.price_basis}.")
rep.table(scheme.summary_table(plan), "scenario_uitkomsten", "Extra uitkomsten bij aansluiting bij de top, per vergelijking en variant", demo=demo, source_note="Laag, centraal en hoog: de laagste grens, de mediaan en de hoogste grens van de bandbreedte van de top, met de bijbehorende banen per spin-off. Geen opbrengst in euro's: het plan geeft geen opbrengst van deze regeling.")
rep.table(scheme.parameters_table(plan, data), "scenario_parameters", "Alle parameters van het inhaalscenario, met bron (volledige bronvermelding in bijlage B)", demo=demo)

# %% [markdown]
# ## Gevoeligheid van het scenario

# %%
sensitivity = scheme.compute_scenario_sensitivity(wide, data, plan)
rep.markdown(scheme.scenario_sensitivity_markdown(plan, sensitivity))
if plan.headline is not None:
    rep.chart(
        scheme.tornado_chart(plan, sensitivity),
        "scenario_gevoeligheid",
        title=scheme.tornado_title(plan, sensitivity),
        alt="Staafdiagram met per aanname de laagste en hoogste uitkomst van het scenario; de stippellijn is de centrale uitkomst.",
        table="scenario_gevoeligheid",
        demo=demo,
    )
    rep.table(scheme.tornado_table(sensitivity), "scenario_gevoeligheid", "Uitkomst van het scenario bij de laagste en hoogste keuze per aanname", formats=scheme.TORNADO_FORMATS, demo=demo)
    alternatives = scheme.scenario_alternatives_table(plan, sensitivity)
    rep.table(alternatives, "scenario_alternatieven", "Extra uitkomsten tot 2029 samen (centrale variant) per vergelijking, bij andere keuzes", formats=scheme.scenario_alternatives_formats(alternatives), demo=demo, source_note="Leeg: de vergelijking bestaat niet bij die keuze. 0: Nederland ligt bij die keuze niet aantoonbaar achter.")
if not sensitivity.jobs.empty:
    rep.table(scheme.scenario_jobs_table(sensitivity), "scenario_banen", "Extra banen in jonge spin-offs bij andere aannames over banen per spin-off en vertraging", formats=scheme.JOBS_SENSITIVITY_FORMATS, demo=demo)
