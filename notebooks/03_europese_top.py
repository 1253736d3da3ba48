# %% [markdown]
# # Nederland en de Europese top

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
from analysis.publication.chapters import awaiting, copublications, europe, national
from analysis.publication.display import Report
from analysis.data.sources import load_sources

data = Path(data_dir)
wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
result = europe.compute(wide, data, year) if awaiting.has_submissions(wide, year) else None
sources = load_sources(data)
copub = copublications.compute(data) if copublications.available(data) else None

# %%
if copub is not None:
    if result is None:
        rep.markdown(copublications.opening_markdown(copub))
    rep.markdown("## Samenwerking met bedrijven: echte cijfers\n\n" + copublications.intro_markdown(copub))
    figure = copublications.chart(copub)
    rep.chart(figure.chart, figure.name, title=figure.title, alt=figure.alt, table=figure.table, basis=figure.basis)
    rep.table(copublications.comparison_table(copub))
    rep.table(copublications.differences_table(copub))
    rep.table(copublications.distribution_table(copub))

# %%
if result is not None:
    rep.demo_notice()
    rep.finding(europe.opening_markdown(result))
rep.markdown("## De kloof per indicator")
if result is None:
    rep.markdown(awaiting.not_yet_markdown(year, data, "de afstand tot de top per kennisoverdrachtsindicator") + "\n\n" + europe.top_figures_markdown(data))
    rep.table(europe.top_figures(data))

# %%
if result is not None:
    rep.markdown(europe.intro_markdown(result))
    frame = europe.chart_frame(result)
    rep.chart_and_table(
        europe.gap_chart(frame),
        europe.total_table(result, sources),
        title=europe.chart_title(frame),
        alt="Puntdiagram met per vergelijking de verhouding Nederland/top en een interval dat de onzekerheid aan beide kanten omvat; 1 betekent gelijk met de top.",
    )
    rep.table(europe.spread_table(result))
    rep.finding(europe.type_markdown(result))
    rep.table(europe.type_table(result))
    rep.markdown(europe.SENSITIVITY_POINTER)

# %%
if result is not None:
    rep.markdown("## Wat niet te vergelijken is")
    matrix = europe.comparability_matrix(result)
    rep.markdown(europe.matrix_markdown(matrix))
    rep.table(europe.matrix_table(matrix, result, sources))
    rep.markdown(europe.matrix_notes_markdown(matrix))
    rep.markdown(europe.not_comparable_markdown(result))
    rep.table(europe.not_comparable_table(result, sources))
    rep.table(europe.missing_table(result))
    rep.table(europe.caveats_table(result))
