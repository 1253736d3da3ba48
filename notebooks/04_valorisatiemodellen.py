# %% [markdown]
# # Valorisatiemodellen

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
from analysis.publication.chapters import awaiting
from analysis.publication.chapters.copublications import shared
from analysis.publication.chapters.models import result as models_result, profile, presentation, checks
from analysis.publication.chapters.national import trend
from analysis.publication.display.report import Report

data = Path(data_dir)
wide = trend.until(process.load_wide(Path(processed_dir)), year)
demo = trend.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
result = models_result.compute(wide, data, year) if awaiting.has_submissions(wide, year) else None
profiles = profile.university_profiles(data) if shared.available(data) else None

# %%
if profiles is not None:
    if result is None:
        rep.markdown(profile.profile_opening(profiles))
    rep.markdown("## Profiel uit gemeten cijfers\n\n" + profile.profile_markdown(profiles))
    rep.table(profile.profile_table(profiles))

# %%
if result is None:
    rep.markdown("## Indeling van de instellingen\n\n" + awaiting.not_yet_markdown(year, data, "per instelling en per consortium het valorisatiemodel dat bij de mix van haar kennisoverdrachtscijfers past, en hoe die indeling zich verhoudt tot die van de evaluatie"))
else:
    rep.demo_notice()
    rep.finding(models_result.opening_markdown(result))
    rep.markdown(presentation.intro_markdown(result))
    rep.markdown("## Indeling van de instellingen")
    rep.chart(
        presentation.scatter_chart(result, data),
        "modellen_spreiding",
        title=presentation.scatter_title(result),
        alt=presentation.scatter_alt(),
        table="modellen_instellingen",
    )
    rep.table(presentation.institution_table(result, data))
    rep.markdown(presentation.model_lists_markdown(result, data))
    rep.table(presentation.reference_table(result))
    rep.table(presentation.counts_by_profile(result, data))
    rep.markdown(checks.sensitivity_pointer(result.sensitivity))

# %%
if result is not None:
    rep.markdown("## Verandering in de tijd")
    rep.chart_and_table(
        presentation.yearly_chart(result),
        presentation.yearly_table(result),
        title=presentation.stability_title(result),
        alt="Lijndiagram van het aantal instellingen per model per jaar.",
    )
    rep.finding(presentation.stability_markdown(result))
    rep.markdown("## Controle zonder vaste regel\n\n" + presentation.check_markdown(result))

# %%
if result is not None:
    rep.markdown("## De consortia en de typologie van de evaluatie\n\n" + checks.comparison_markdown(result, demo))
    rep.table(checks.confusion_table(result))
    rep.table(checks.disagreement_table(result, data))
