# %% [markdown]
# # Kennisoverdracht in Nederland

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

from analysis.data import process, reference
from analysis.publication.chapters import copublications, national
from analysis.publication.display import Report

wide = national.until(process.load_wide(Path(processed_dir)), year)
institutions = reference.load_institutions(Path(data_dir))
demo = national.uses_demonstration_data(wide, year)
rep = Report(output_dir=output_dir, year=year, demo=demo)
result = national.compute(wide, Path(data_dir), year)
copub = copublications.compute(Path(data_dir)) if copublications.available(Path(data_dir)) else None

# %%
rep.demo_notice()
rep.markdown(national.summary_markdown(wide, year, institutions))

# %% [markdown]
# ## Landelijke totalen
#
# De tabel telt per indicator op wat de instellingen opgaven, met het aantal instellingen dat een waarde opgaf. De verandering ten opzichte van het jaar ervoor is alleen berekend over de instellingen met een opgave in beide jaren; wie in een van beide jaren geen opgave deed, staat in de laatste kolom. Bedragen staan in miljoenen euro.

# %%
rep.table(
    national.format_year_table(result.totals, year),
    "landelijke_totalen",
    f"Landelijke totalen per indicator in {year} en de verandering bij dezelfde instellingen",
    align=national.YEAR_TABLE_ALIGN,
    source_note="Som over de instellingen met een opgave; verandering over de instellingen met een opgave in beide jaren.",
    data=national.year_table_data(result.totals, year),
    units=national.year_table_units(year),
)

# %% [markdown]
# ## Ontwikkeling sinds 2010
#
# De lijnen tonen het landelijke totaal; een jaar zonder opgave is een onderbreking in de lijn. De titel volgt de verandering bij dezelfde instellingen (elk jaar vergeleken met het jaar ervoor over de instellingen met een opgave in beide jaren, over drie jaar gemiddeld), zodat een instelling die gaat of stopt met rapporteren de richting niet bepaalt. De cijfers per jaar staan op de website.

# %%
rep.chart_and_table(
    national.trend_chart(wide, "spinoffs"),
    national.trend_frame(wide, "spinoffs"),
    "trend-spin-offs",
    title=national.trend_title(wide, "spinoffs"),
    alt="Lijndiagram van het landelijke aantal spin-offs per jaar.",
    caption="Spin-offs per jaar: landelijk totaal en verandering bij dezelfde instellingen",
    formats=national.TREND_FORMATS,
    table_pdf=False,
)

# %%
rep.chart_and_table(
    national.trend_chart(wide, "invention_disclosures"),
    national.trend_frame(wide, "invention_disclosures"),
    "trend_uitvindingsmeldingen",
    title=national.trend_title(wide, "invention_disclosures"),
    alt="Lijndiagram van het landelijke aantal uitvindingsmeldingen per jaar.",
    caption="Uitvindingsmeldingen per jaar: landelijk totaal en verandering bij dezelfde instellingen",
    formats=national.TREND_FORMATS,
    table_pdf=False,
)

# %%
rep.chart_and_table(
    national.trend_chart(wide, "research_agreements_n"),
    national.trend_frame(wide, "research_agreements_n"),
    "trend_onderzoeksovereenkomsten",
    title=national.trend_title(wide, "research_agreements_n"),
    alt="Lijndiagram van het landelijke aantal onderzoeksovereenkomsten per jaar.",
    caption="Onderzoeksovereenkomsten per jaar: landelijk totaal en verandering bij dezelfde instellingen",
    formats=national.TREND_FORMATS,
    table_pdf=False,
)

# %% [markdown]
# ## Groei binnen instellingen
#
# De groei per jaar is geschat met een Poisson-model met een vast effect per instelling, zodat instellingen die later gaan rapporteren de trend niet vertekenen. Het interval is het 95%-betrouwbaarheidsinterval.

# %%
rep.table(national.trend_table(result.growth), "groei_per_indicator", "Geschatte groei per jaar binnen instellingen, met 95%-interval", data=national.trend_table_data(result.growth), units=national.GROWTH_UNITS)

# %% [markdown]
# ## Wat de aantallen verklaart

# %%
rep.markdown(national.count_model_markdown(result.count_models, institutions))
rep.table(national.count_model_table(result.count_models), "telmodellen", "Telmodellen: het model dat de overdispersietoets kiest, met per instelling geclusterde 95%-intervallen", pdf=False, data=national.count_model_table_data(result.count_models), units=national.COUNT_MODEL_UNITS)

# %% [markdown]
# ## Naar type instelling

# %%
rep.table(result.per_type, "per_type", f"Kennisoverdracht per type instelling, {year}")

# %% [markdown]
# ## Naar regio en ecosysteem

# %%
rep.chart(
    national.ecosystem_chart(result.per_ecosystem, year),
    "spin-offs-per-ecosysteem",
    title=national.ecosystem_chart_title(result.per_ecosystem, year),
    alt=f"Staafdiagram van het aantal spin-offs per ecosysteem in {year}.",
    table="per_ecosysteem",
)
rep.table(result.per_ecosystem, "per_ecosysteem", f"Kennisoverdracht per ecosysteem, {year}", pdf=False)

# %%
if copub is not None:
    rep.markdown("## Samenwerking met bedrijven in publicaties\n\n" + copublications.national_markdown(copub))
    universities = copublications.universities_table(copub)
    rep.table(universities.frame, universities.name, universities.caption, formats=universities.formats, source_note=universities.source_note, basis=universities.basis)
