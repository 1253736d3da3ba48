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
        europe.total_table(result),
        "kloof_europese_top",
        title=europe.chart_title(frame),
        alt="Puntdiagram met per vergelijking de verhouding Nederland/top en een interval dat de onzekerheid aan beide kanten omvat; 1 betekent gelijk met de top.",
        caption=f"Nederland ({europe.period_text(result)}) en de Europese top: intensiteiten, bandbreedte van de top en oordeel",
        source_note=europe.total_source_note(result, sources),
        data=europe.total_table_data(result),
        units=europe.TOTAL_DATA_UNITS,
    )
    rep.table(europe.spread_table(result), "bandbreedte_top", "Per vergelijking: de cijfers van de top (instelling en jaar) en wat de bandbreedte veroorzaakt", basis="real", pdf=False)
    rep.finding(europe.type_markdown(result))
    type_data = europe.type_table_data(result)
    rep.table(europe.type_table(result), "kloof_per_type", "Verhouding tot de top per type instelling (1 = gelijk met de top), met het oordeel", formats=None, pdf=False, data=type_data, units=europe.type_table_units(type_data))
    rep.markdown(europe.SENSITIVITY_POINTER)

# %%
if result is not None:
    rep.markdown("## Wat niet te vergelijken is")
    matrix = europe.comparability_matrix(result)
    rep.markdown(europe.matrix_markdown(matrix))
    rep.table(matrix.frame, "vergelijkbaarheid_top", "Wat met welke instelling van de top te vergelijken is", source_note=europe.matrix_source_note(result, sources), basis="real")
    rep.markdown(europe.matrix_notes_markdown(matrix))
    rep.markdown(europe.not_comparable_markdown(result))
    rep.table(europe.not_comparable_table(result), "andere_definitie_top", "Cijfers van de top die iets anders tellen dan de monitor: niet vergelijkbaar, met de reden", source_note=europe.not_comparable_source_note(result, sources), basis="real", data=europe.not_comparable_table_data(result))
    rep.table(europe.missing_table(result), "niet_vergelijkbaar", "Vergelijkingen die de beschikbare cijfers niet toelaten, per noemer", basis="real", pdf=False)
    rep.table(europe.caveats(result), "definitieverschillen", "Definitieverschillen in de cijfers van de Europese top, per cijfer en jaar", basis="real", pdf=False)
