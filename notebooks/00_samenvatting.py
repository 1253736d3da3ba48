# %% [markdown]
# # Samenvatting

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
from analysis.publication.chapters import appendix, europe, national, scheme, signals, summary
from analysis.publication.display import Report

wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
quality = appendix.load_quality(Path(processed_dir))
# Chapters 3 and 5 as they compute themselves: the messages and the signals read these results.
gaps = europe.compute(wide, Path(data_dir), year)
chapter5 = scheme.compute(wide, Path(data_dir), year)

# %%
rep.demo_notice()
rep.markdown(summary.intro_markdown(year, demo))

# %% [markdown]
# ## Kerncijfers

# %%
rep.keyfigures(summary.keyfigures(wide, year))
rep.markdown(summary.keyfigures_markdown(wide, Path(data_dir), year))

# %% [markdown]
# ## Belangrijkste bevindingen

# %%
rep.markdown(summary.messages_markdown(summary.messages(wide, Path(data_dir), year, gaps, chapter5)))

# %% [markdown]
# ## Signalen en aandachtspunten

# %%
rep.markdown(signals.markdown(signals.compute(wide, Path(data_dir), year, quality, gaps, chapter5)))
