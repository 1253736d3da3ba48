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

data = Path(data_dir)
wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
sheets = factsheets.compute(wide, data, year)
waiting = factsheets.baseline_sheets(wide, data, year)

# %%
if sheets:
    rep.markdown(factsheets.intro_markdown())
    rep.demo_notice()
    rep.table(factsheets.index_table(sheets))
if waiting:
    rep.markdown(factsheets.baseline_intro_markdown())
    rep.table(factsheets.baseline_index_table(waiting))

# %%
factsheets.show_all(rep, sheets, year)
factsheets.show_baseline(rep, waiting, year)
