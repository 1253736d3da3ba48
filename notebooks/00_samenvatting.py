# %% [markdown]
# # Samenvatting

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
from analysis.publication.chapters import appendix, awaiting, key_messages, signals, summary
from analysis.publication.chapters.europe import result
from analysis.publication.chapters.national import trend
from analysis.publication.chapters.scheme import result as scheme_result
from analysis.publication.display.report import Report

data = Path(data_dir)
wide = trend.until(process.load_wide(Path(processed_dir)), year)
demo = trend.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
quality = appendix.load_quality(Path(processed_dir))
measured = awaiting.has_submissions(wide, year)
# Chapters 3 and 5 as they compute themselves: the messages and the signals read these results.
gaps = result.compute(wide, data, year) if measured else None
chapter5 = scheme_result.compute(wide, data, year) if measured else None

# %%
rep.demo_notice()
rep.markdown(summary.intro_markdown(year, demo, measured))

# %% [markdown]
# ## Kerncijfers

# %%
rep.keyfigures(summary.keyfigures(wide, data, year))
if measured:
    rep.markdown(summary.keyfigures_markdown(wide, data, year))

# %% [markdown]
# ## Belangrijkste bevindingen

# %%
if measured:
    rep.markdown(summary.messages_markdown(summary.messages(wide, data, year, gaps, chapter5), demo))
else:
    rep.markdown(summary.messages_markdown(summary.baseline_messages(data, year)))

# %%
# The key messages at full length, with their ranges and caveats (the Kernboodschappen page
# gives the short answers). Before any submission the short answers are the whole answer.
if measured:
    rep.markdown("## De vier vragen toegelicht")
    rep.markdown(key_messages.intro_markdown(year, demo))
    rep.markdown(key_messages.markdown(key_messages.compute(wide, data, year, gaps, chapter5)))

# %% [markdown]
# ## Signalen en aandachtspunten

# %%
rep.markdown(signals.markdown(signals.compute(wide, data, year, quality, gaps, chapter5)))
