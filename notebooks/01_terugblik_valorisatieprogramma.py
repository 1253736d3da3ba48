# %% [markdown]
# # Terugblik Valorisatieprogramma 2010–2018

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

from analysis.publication.chapters import programme
from analysis.publication.display.report import Report

rep = Report(output_dir=output_dir, year=year, demo=False)
data = Path(data_dir)

# %%
rep.markdown(programme.intro_markdown(data))

# %% [markdown]
# ## De twaalf consortia
#
# Elk consortium bundelde kennisinstellingen in een regio, vaak met regionale ontwikkelingsmaatschappijen, overheden en bedrijven. De tabel geeft per consortium wat openbare bronnen vermelden; wat niet gevonden is, staat als ontbrekend en is niet geschat.

# %%
rep.markdown(programme.members_key_markdown(data))
rep.table(programme.consortia_table(data))

# %%
subsidy = programme.compute(data).subsidy
rep.table(programme.subsidy_table(subsidy, data))
rep.chart(
    programme.subsidy_chart(subsidy),
    "subsidie_per_consortium",
    title=programme.subsidy_chart_title(subsidy),
    alt=programme.subsidy_coverage_text(data),
    table="subsidie_per_consortium",
)

# %%
rep.markdown(programme.reconcile_markdown(data))
rep.table(programme.by_model_table(data))

# %% [markdown]
# ## Drie valorisatiemodellen

# %%
rep.markdown(programme.models_intro_markdown(data))
rep.markdown(programme.models_count_markdown(data))

# %% [markdown]
# ## Bevindingen van de evaluatie

# %%
rep.markdown(programme.evaluation_markdown(data))

# %% [markdown]
# ## Wat niet bekend is
#
# Wat geen openbare bron per consortium geeft, staat hieronder. Het is niet geschat of afgeleid uit totalen.

# %%
rep.table(programme.missing_table(data))

# %% [markdown]
# ## Kerngegevens van het programma

# %%
rep.table(programme.programme_table(data))
