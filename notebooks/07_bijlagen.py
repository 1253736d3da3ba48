# %% [markdown]
# # Verantwoording

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
from analysis.publication.chapters import appendix, technical
from analysis.publication.chapters.national import trend, totals
from analysis.publication.display.report import Report

data = Path(data_dir)
long = process.load_long(Path(processed_dir))
wide = trend.until(process.load_wide(Path(processed_dir)), year)
# The data-quality tables describe the submissions: demonstration data in a proefeditie.
rep = Report(output_dir=output_dir, year=year, demo=bool(long["is_demonstration"].any()))
quality = appendix.load_quality(Path(processed_dir))
names = totals.short_names(reference.load_institutions(data))

# %% [markdown]
# ## Methode en definities

# %%
rep.markdown(appendix.methods_markdown(data, year))
rep.table(appendix.methods_table(data))

# %%
technical.show(rep, technical.compute(wide, data, year))

# %% [markdown]
# ## Bronnenlijst

# %%
rep.markdown(appendix.REFERENCE_INTRO)
rep.table(appendix.reference_table(data))

# %% [markdown]
# ## Datakwaliteit

# %%
rep.markdown(appendix.quality_markdown(quality))
rep.table(appendix.quality_summary(quality))
rep.table(appendix.quality_by_rule(quality))
rep.table(appendix.quality_warnings(quality, names))

# %% [markdown]
# ## Colofon

# %%
rep.markdown(appendix.demonstration_statement(long, data))
rep.basis_summary()
# The machine record (software, input hashes) is on the site and in manifest.json, not in print.
rep.markdown(appendix.versions_markdown(appendix.colophon_versions()), pdf=False)
rep.table(appendix.colophon_inputs(data))
