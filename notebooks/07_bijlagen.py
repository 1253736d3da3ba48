# %% [markdown]
# # Verantwoording

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
from analysis.chapters import appendix
from analysis.display import Report

rep = Report(output_dir=output_dir, year=year)
data = Path(data_dir)
long = process.load_long(Path(processed_dir))
quality = appendix.load_quality(Path(processed_dir))

# %% [markdown]
# ## Methode en definities
#
# De monitor volgt de Europese kennisoverdrachtsindicatoren (European Knowledge Transfer Metrics), de indicatoren van de jaarlijkse enquête van de Europese beroepsvereniging ASTP. Omdat instellingen sterk verschillen in omvang, vergelijkt de monitor intensiteiten: een indicator per 100 miljoen euro onderzoeksuitgaven en per fte KTO-personeel. Bedragen in Zwitserse franken en Britse ponden zijn omgerekend met de jaargemiddelde ECB-referentiekoers van het betreffende jaar. Waar de gegevens van de Europese top een andere definitie volgen (bijvoorbeeld het ETH-domein in plaats van ETH Zürich, of alle octrooiaanvragen in plaats van prioritaire aanvragen), staat dat als toelichting bij elke tabel die ze gebruikt.
#
# De indeling in valorisatiemodellen (push, exchange, serve) is een transparante regel over de gemeten mix van indicatoren per instelling, vergeleken met de mediane instelling; het profiel van de instelling telt niet mee; een clustering van dezelfde gegevens dient als controle. Veranderingen ten opzichte van het vorige jaar zijn berekend over de instellingen met een opgave in beide jaren. Trends zijn geschat met een Poisson-model met een vast effect per instelling; de telmodellen (Poisson of negatief-binomiaal, gekozen met de toets op overdispersie) hebben fouten geclusterd per instelling. Rond het eerste jaar met budget van de regeling (uit de begroting van het plan) is een onderbroken tijdreeks geschat, met placebobreuken in eerdere jaren en een vergelijking van de partners van KTO-Nederland met de overige instellingen; zo'n ontwerp toont hooguit een samenhang in de tijd.

# %%
rep.table(appendix.methods_table(data), "indicatoren", "De indicatoren van de monitor en hun definitie")

# %% [markdown]
# ## Bronnen

# %%
rep.table(appendix.sources_table(data), "bronnen", "Alle bronnen van de monitor, met status")

# %% [markdown]
# ## Datakwaliteit

# %%
rep.markdown(appendix.quality_markdown(quality))
rep.table(appendix.quality_summary(quality), "datakwaliteit_samenvatting", "Uitkomst van de controles per onderdeel")
rep.table(appendix.quality_warnings(quality), "datakwaliteit_waarschuwingen", "Waarschuwingen bij de invoer: bestand, rij, kolom en regel")

# %% [markdown]
# ## Colofon

# %%
rep.markdown(appendix.demonstration_statement(long))
rep.table(appendix.colophon_versions(), "colofon_versies", "Softwareversies waarmee dit rapport is gemaakt")
rep.table(appendix.colophon_inputs(data), "colofon_invoer", "Invoerbestanden en hun inhoudshash")
