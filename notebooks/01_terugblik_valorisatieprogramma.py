# %% [markdown]
# # Terugblik Valorisatieprogramma 2010–2018

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

from analysis import charts
from analysis.chapters import programme
from analysis.display import Report

rep = Report(output_dir=output_dir, year=year)
data = Path(data_dir)

# %%
rep.markdown(programme.intro_markdown(data))

# %% [markdown]
# ## De twaalf consortia
#
# Elk consortium bundelde kennisinstellingen in een regio, vaak met regionale ontwikkelingsmaatschappijen, overheden en bedrijven. De tabel geeft per consortium wat openbare bronnen vermelden; wat niet gevonden is, staat als ontbrekend en is niet geschat.

# %%
rep.table(
    programme.consortia_table(data),
    "consortia",
    "De twaalf consortia van het Valorisatieprogramma",
    formats={"Rijkssubsidie (EUR)": "money", "Totaalbudget (EUR)": "money"},
    source_note=programme.consortia_source_note(data),
)

# %%
subsidy = programme.subsidy_by_region(data)
rep.table(
    subsidy,
    "subsidie_per_consortium",
    "Rijkssubsidie per consortium volgens openbare bronnen",
    formats={"subsidie_eur": "money", "subsidie_mln": "number:1"},
    source_note=programme.consortia_source_note(data),
)
rep.chart(
    programme.subsidy_chart(subsidy),
    "subsidie_per_consortium",
    title=programme.subsidy_chart_title(subsidy),
    alt=programme.subsidy_coverage_text(data),
    table="subsidie_per_consortium",
)

# %%
rep.markdown(programme.reconcile_markdown(data))
rep.table(
    programme.by_model_table(data),
    "subsidie_per_model",
    "Bekende subsidie en cofinanciering per model van de evaluatie",
    formats=programme.BY_MODEL_FORMATS,
)

# %% [markdown]
# ## Drie valorisatiemodellen
#
# De evaluatie (Dialogic, 2018) onderscheidt drie modellen waarin de consortia hun valorisatie inrichtten.^[Beleidsreactie op de evaluatie van het Valorisatieprogramma 2010–2018, Kamerstuk 32 637 nr. 339.]
#
# - **Push-model**: het verzilveren van kennis uit onderzoek die door bedrijven wordt benut; vooral rond universiteiten met een technisch profiel (Delft, Eindhoven, Twente, Wageningen).
# - **Exchange-model**: het organiseren van de uitwisseling van kennis en methoden tussen instellingen en bedrijven of maatschappelijke organisaties; vooral bij universiteiten met een breed profiel (Amsterdam, Groningen, Utrecht, Zuid-Limburg).
# - **Serve-model**: een dienstverlenend karakter, het beantwoorden van kennisvragen van bedrijven en maatschappelijke organisaties; bij universiteiten met een bedrijfskundig profiel (Rotterdam, Tilburg) en hogescholen (Arnhem-Nijmegen, Den Bosch).

# %%
rep.markdown(programme.models_count_markdown(data))

# %% [markdown]
# ## Bevindingen van de evaluatie
#
# Volgens de evaluatie staat kennisbenutting door het programma steviger op de kaart en hebben de consortia hun valorisatie-infrastructuur verder op orde gebracht; de economische effecten zijn vooral regionaal neergeslagen, maar het was bij de evaluatie nog te vroeg om die vast te stellen. De cultuuromslag was niet voltooid, de infrastructuur onvoldoende geborgd, en tussen de regionale consortia kwamen nauwelijks verbindingen tot stand. De evaluatie beval aan dat instellingen structureel middelen vrijmaken, dat KTO's een duidelijk mandaat en een onafhankelijke positie krijgen, een aanvullend impactprogramma en een onderzoek naar de financieringsketen in de vroege fase.^[Beleidsreactie op de evaluatie van het Valorisatieprogramma 2010–2018, Kamerstuk 32 637 nr. 339, met verwijzing naar Dialogic, Eindevaluatie Valorisatieprogramma (30 juni 2018).]

# %% [markdown]
# ## Wat niet bekend is
#
# Wat geen openbare bron per consortium geeft, staat hieronder. Het is niet geschat of afgeleid uit totalen.

# %%
rep.table(programme.missing_table(data), "consortia_ontbrekend", "Ontbrekende gegevens per consortium")

# %% [markdown]
# ## Kerngegevens van het programma

# %%
rep.table(
    programme.programme_table(data),
    "programma_kerngegevens",
    "Kerngegevens van het Valorisatieprogramma 2010–2018, met bron en status",
)
