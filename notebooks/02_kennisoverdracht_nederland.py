# %% [markdown]
# # Kennisoverdracht in Nederland

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

from analysis.data import process, reference
from analysis.publication.chapters import awaiting
from analysis.publication.chapters.copublications import shared, prose, summary_tables
from analysis.publication.chapters.national import trend, result as national_result, public_figures, counts
from analysis.publication.display.report import Report

data = Path(data_dir)
wide = trend.until(process.load_wide(Path(processed_dir)), year)
institutions = reference.load_institutions(data)
demo = trend.uses_demonstration_data(wide, year)
rep = Report(output_dir=output_dir, year=year, demo=demo)
measured = awaiting.has_submissions(wide, year)
result = national_result.compute(wide, data, year) if measured else None
copub = shared.compute(data) if shared.available(data) else None
public = public_figures.public_figures_table(data)

# %%
rep.demo_notice()
if result is None:
    rep.markdown(prose.national_opening_markdown(copub, 0 if public is None else public.frame["Instelling"].nunique()))
    rep.markdown(awaiting.not_yet_markdown(year, data, "de landelijke totalen, de ontwikkeling sinds 2010, de groei binnen instellingen en de uitsplitsing naar type instelling en regio"))
else:
    rep.finding(trend.summary_markdown(wide, year, institutions))

# %%
if result is not None:
    rep.markdown("## Landelijke totalen\n\nDe tabel telt per indicator op wat de instellingen opgaven, met het aantal instellingen dat een waarde opgaf. De verandering ten opzichte van het jaar ervoor is alleen berekend over de instellingen met een opgave in beide jaren; wie in een van beide jaren geen opgave deed, staat in de laatste kolom. Bedragen staan in miljoenen euro.")
    rep.table(trend.totals_table(result.totals, year))

# %%
if result is not None:
    rep.markdown("## Ontwikkeling sinds 2010\n\nDe lijnen tonen het landelijke totaal; een jaar zonder opgave is een onderbreking in de lijn. De titel volgt de verandering bij dezelfde instellingen (elk jaar vergeleken met het jaar ervoor over de instellingen met een opgave in beide jaren, over drie jaar gemiddeld), zodat een instelling die gaat of stopt met rapporteren de richting niet bepaalt. De cijfers per jaar staan op de website.")
    trend.show_trend_charts(rep, wide)

# %%
if result is not None:
    rep.markdown("## Groei binnen instellingen\n\n" + counts.growth_markdown(result.growth, result.levels))
    rep.table(counts.growth_table(result.growth, result.levels))
    rep.markdown("## Wat de aantallen verklaart")
    rep.finding(counts.count_model_plain_markdown(result.count_models, result.levels))

# %%
if result is not None:
    rep.markdown("## Naar type instelling")
    rep.table(trend.type_table(result.per_type, year))
    rep.markdown("## Naar regio en ecosysteem")
    rep.chart(
        trend.ecosystem_chart(result.per_ecosystem, year),
        "spin-offs-per-ecosysteem",
        title=trend.ecosystem_chart_title(result.per_ecosystem, year),
        alt=f"Staafdiagram van het aantal spin-offs per ecosysteem in {year}.",
        table="per_ecosysteem",
    )
    rep.table(trend.ecosystem_table(result.per_ecosystem, year))

# %%
if copub is not None:
    rep.markdown("## Samenwerking met bedrijven in publicaties\n\n" + prose.national_markdown(copub))
    rep.table(summary_tables.universities_table(copub))

# %%
if public is not None:
    rep.markdown("## Cijfers uit jaarverslagen en andere openbare bronnen\n\n" + public_figures.public_figures_markdown(public))
    rep.table(public)
