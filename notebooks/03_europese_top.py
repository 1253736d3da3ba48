# %% [markdown]
# # Nederland en de Europese top

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
from analysis.publication.chapters.copublications import shared, prose, figure as copublications_figure, summary_tables
from analysis.publication.chapters.europe import result as europe_result, comparability, register, tables, types, sensitivity
from analysis.publication.chapters.national import trend
from analysis.publication.display.report import Report
from analysis.data.sources import load_sources

data = Path(data_dir)
wide = trend.until(process.load_wide(Path(processed_dir)), year)
demo = trend.uses_demonstration_data(wide)
rep = Report(output_dir=output_dir, year=year, demo=demo)
result = europe_result.compute(wide, data, year) if awaiting.has_submissions(wide, year) else None
sources = load_sources(data)
copub = shared.compute(data) if shared.available(data) else None

# %%
if copub is not None:
    if result is None:
        rep.markdown(prose.opening_markdown(copub))
    rep.markdown("## Samenwerking met bedrijven: echte cijfers\n\n" + prose.intro_markdown(copub))
    figure = copublications_figure.chart(copub)
    rep.chart(figure.chart, figure.name, title=figure.title, alt=figure.alt, table=figure.table, basis=figure.basis)
    rep.table(summary_tables.comparison_table(copub))
    rep.table(summary_tables.differences_table(copub))
    rep.table(summary_tables.distribution_table(copub))

# %%
if result is not None:
    rep.demo_notice()
    rep.finding(comparability.opening_markdown(result))
rep.markdown("## De kloof per indicator")
if result is None:
    rep.markdown(awaiting.not_yet_markdown(year, data, "de afstand tot de top per kennisoverdrachtsindicator") + "\n\n" + register.top_figures_markdown(data))
    rep.table(register.top_figures(data))

# %%
if result is not None:
    rep.markdown(comparability.intro_markdown(result))
    frame = tables.chart_frame(result)
    rep.chart_and_table(
        tables.gap_chart(frame),
        comparability.total_table(result, sources),
        title=tables.chart_title(frame),
        alt="Puntdiagram met per vergelijking de verhouding Nederland/top en een interval dat de onzekerheid aan beide kanten omvat; 1 betekent gelijk met de top.",
    )
    rep.table(tables.spread_table(result))
    rep.finding(types.type_markdown(result))
    rep.table(types.type_table(result))
    rep.markdown(sensitivity.SENSITIVITY_POINTER)

# %%
if result is not None:
    rep.markdown("## Wat niet te vergelijken is")
    matrix = comparability.comparability_matrix(result)
    rep.markdown(comparability.matrix_markdown(matrix))
    rep.table(comparability.matrix_table(matrix, result, sources))
    rep.markdown(comparability.matrix_notes_markdown(matrix))
    rep.markdown(comparability.not_comparable_markdown(result))
    rep.table(comparability.not_comparable_table(result, sources))
    rep.table(types.missing_table(result))
    rep.table(types.caveats_table(result))
