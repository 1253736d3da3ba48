# %% [markdown]
# # Valorisatiemodellen

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
from analysis.publication.chapters import awaiting, copublications, models, national
from analysis.publication.display import Report

data = Path(data_dir)
wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
result = models.compute(wide, data, year) if awaiting.has_submissions(wide, year) else None
profiles = models.university_profiles(data) if copublications.available(data) else None

# %%
if profiles is not None:
    if result is None:
        rep.markdown(models.profile_opening(profiles))
    rep.markdown("## Profiel uit gemeten cijfers\n\n" + models.profile_markdown(profiles))
    rep.table(models.profile_table(profiles))

# %%
if result is None:
    rep.markdown("## Indeling van de instellingen\n\n" + awaiting.not_yet_markdown(year, data, "per instelling en per consortium het valorisatiemodel dat bij de mix van haar kennisoverdrachtscijfers past, en hoe die indeling zich verhoudt tot die van de evaluatie"))
else:
    rep.demo_notice()
    rep.finding(models.opening_markdown(result))
    rep.markdown(models.intro_markdown(result))
    rep.markdown("## Indeling van de instellingen")
    rep.chart(
        models.scatter_chart(result, data),
        "modellen_spreiding",
        title=models.scatter_title(result),
        alt=models.scatter_alt(),
        table="modellen_instellingen",
    )
    rep.table(models.institution_table(result, data))
    rep.markdown(models.model_lists_markdown(result, data))
    rep.table(models.reference_table(result))
    rep.table(models.counts_by_profile(result, data))
    rep.markdown(models.sensitivity_pointer(result.sensitivity))

# %%
if result is not None:
    rep.markdown("## Verandering in de tijd")
    rep.chart_and_table(
        models.yearly_chart(result),
        models.yearly_table(result),
        title=models.stability_title(result),
        alt="Lijndiagram van het aantal instellingen per model per jaar.",
    )
    rep.finding(models.stability_markdown(result))
    rep.markdown("## Controle zonder vaste regel\n\n" + models.check_markdown(result))

# %%
if result is not None:
    rep.markdown("## De consortia en de typologie van de evaluatie\n\n" + models.comparison_markdown(result, demo))
    rep.table(models.confusion_table(result))
    rep.table(models.disagreement_table(result, data))
