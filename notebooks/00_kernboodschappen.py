# %% [markdown]
# # Kernboodschappen

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
from analysis.publication.chapters.key_messages import record
from analysis.publication.chapters import key_messages
from analysis.publication.chapters.national import trend
from analysis.publication.display.report import Report

wide = trend.until(process.load_wide(Path(processed_dir)), year)
demo = trend.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)

# %%
messages = key_messages.compute(wide, Path(data_dir), year)
rep.markdown(key_messages.page_markdown(messages, year, demo))
# The same messages as data, for the English summary (analysis.publication.english).
record.write_record(messages, year, demo, output_dir)
