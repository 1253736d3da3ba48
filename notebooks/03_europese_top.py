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
    table = summary_tables.comparison_table(copub)
    rep.table(table.frame, table.name, table.caption, formats=table.formats, source_note=table.source_note, basis=table.basis)
    table = summary_tables.differences_table(copub)
    rep.table(table.frame, table.name, table.caption, formats=table.formats, source_note=table.source_note, basis=table.basis, pdf=table.pdf, labels=table.labels, units=table.units)
    table = summary_tables.distribution_table(copub)
    rep.table(table.frame, table.name, table.caption, formats=table.formats, source_note=table.source_note, basis=table.basis, pdf=table.pdf)

# %%
if result is not None:
    rep.demo_notice()
    rep.finding(comparability.opening_markdown(result))
rep.markdown("## De kloof per indicator")
if result is None:
    rep.markdown(awaiting.not_yet_markdown(year, data, "de afstand tot de top per kennisoverdrachtsindicator") + "\n\n" + register.top_figures_markdown(data))
    top, top_data = register.top_figures(data)
    rep.table(top.frame, top.name, top.caption, formats=top.formats, source_note=top.source_note, basis="real", pdf=top.pdf, data=top_data, units=top.units)

# %%
if result is not None:
    rep.markdown(comparability.intro_markdown(result))
    frame = tables.chart_frame(result)
    rep.chart_and_table(
        tables.gap_chart(frame),
        tables.total_table(result),
        "kloof_europese_top",
        title=tables.chart_title(frame),
        alt="Puntdiagram met per vergelijking de verhouding Nederland/top en een interval dat de onzekerheid aan beide kanten omvat; 1 betekent gelijk met de top.",
        caption=f"Nederland ({europe_result.period_text(result)}) en de Europese top: intensiteiten, bandbreedte van de top en oordeel",
        source_note=comparability.total_source_note(result, sources),
        data=tables.total_table_data(result),
        units=tables.TOTAL_DATA_UNITS,
    )
    rep.table(tables.spread_table(result), "bandbreedte_top", "Per vergelijking: de cijfers van de top (instelling en jaar) en wat de bandbreedte veroorzaakt", basis="real", pdf=False)
    rep.finding(types.type_markdown(result))
    type_data = types.type_table_data(result)
    rep.table(types.type_table(result), "kloof_per_type", "Verhouding tot de top per type instelling (1 = gelijk met de top), met het oordeel", formats=None, pdf=False, data=type_data, units=types.type_table_units(type_data))
    rep.markdown(sensitivity.SENSITIVITY_POINTER)

# %%
if result is not None:
    rep.markdown("## Wat niet te vergelijken is")
    matrix = comparability.comparability_matrix(result)
    rep.markdown(comparability.matrix_markdown(matrix))
    rep.table(matrix.frame, "vergelijkbaarheid_top", "Wat met welke instelling van de top te vergelijken is", source_note=comparability.matrix_source_note(result, sources), basis="real")
    rep.markdown(comparability.matrix_notes_markdown(matrix))
    rep.markdown(comparability.not_comparable_markdown(result))
    rep.table(comparability.not_comparable_table(result), "andere_definitie_top", "Cijfers van de top die iets anders tellen dan de monitor: niet vergelijkbaar, met de reden", source_note=comparability.not_comparable_source_note(result, sources), basis="real", data=comparability.not_comparable_table_data(result))
    rep.table(types.missing_table(result), "niet_vergelijkbaar", "Vergelijkingen die de beschikbare cijfers niet toelaten, per noemer", basis="real", pdf=False)
    rep.table(types.caveats(result), "definitieverschillen", "Definitieverschillen in de cijfers van de Europese top, per cijfer en jaar", basis="real", pdf=False)
