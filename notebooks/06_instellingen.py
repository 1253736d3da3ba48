# %% [markdown]
# # Instellingen

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
from analysis.publication.chapters.factsheets import assembly, baseline, text
from analysis.publication.chapters.national import trend
from analysis.publication.display.report import Report

data = Path(data_dir)
wide = trend.until(process.load_wide(Path(processed_dir)), year)
demo = trend.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
sheets = assembly.compute(wide, data, year)
waiting = baseline.baseline_sheets(wide, data, year)

# %%
if sheets:
    rep.markdown(text.intro_markdown())
    rep.demo_notice()
    rep.table(text.index_table(sheets))
if waiting:
    rep.markdown(baseline.baseline_intro_markdown())
    rep.table(baseline.baseline_index_table(waiting))

# %%
text.show_all(rep, sheets, year)
baseline.show_baseline(rep, waiting, year)
