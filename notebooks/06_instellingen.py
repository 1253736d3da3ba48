# %% [markdown]
# # Instellingen

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
from analysis.publication.chapters import factsheets, national
from analysis.publication.display import Report

wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
sheets = factsheets.compute(wide, Path(data_dir), year)

# %%
rep.markdown(factsheets.intro_markdown())

# %%
rep.demo_notice()
rep.table(factsheets.index_table(sheets), "instellingen_overzicht", "Factsheets per instelling")

# %%
factsheets.show_all(rep, sheets, year)
