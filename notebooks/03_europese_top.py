# %% [markdown]
# # Nederland en de Europese top

# %% tags=["parameters"]
from analysis.notebook_params import resolve_parameters

# The build injects its own values after this cell. Run by hand, None means the default:
# the latest year with data, data/raw, data/processed (made if missing), .build/notebooks/.
year = None
data_dir = None
processed_dir = None
output_dir = None

# %%
year, data_dir, processed_dir, output_dir = resolve_parameters(year, data_dir, processed_dir, output_dir)
from pathlib import Path

from analysis import process
from analysis.chapters import europe, national
from analysis.display import Report

rep = Report(output_dir=output_dir, year=year)
wide = national.until(process.load_wide(Path(processed_dir)), year)
demo = national.uses_demonstration_data(wide)
result = europe.compute(wide, Path(data_dir), year)

# %%
rep.demo_notice() if demo else None
rep.markdown(europe.intro_markdown(result))

# %% [markdown]
# ## De kloof per indicator

# %%
frame = europe.chart_frame(result)
rep.chart(
    europe.gap_chart(frame),
    "kloof_europese_top",
    title=europe.chart_title(frame),
    alt="Puntdiagram met per vergelijking de verhouding Nederland/top en een interval dat de onzekerheid aan beide kanten omvat; 1 betekent gelijk met de top.",
    table="kloof_europese_top",
    demo=demo,
)
rep.table(
    europe.total_table(result),
    "kloof_europese_top",
    f"Nederland ({europe.period_text(result)}) en de Europese top: intensiteiten, bandbreedte van de top en oordeel",
    demo=demo,
    source_note=f"Nederland: som over de instellingen, 95%-bootstrapinterval over instellingen. Top: geciteerde cijfers, bandbreedte over definities, jaren en afronding. Bedragen in {result.price_basis}. {europe.COUNT_UNIT_NL}",
)
rep.markdown(europe.SENSITIVITY_POINTER)

# %% [markdown]
# ## Waar de bandbreedte van de top vandaan komt

# %%
rep.table(europe.spread_table(result), "bandbreedte_top", "Per vergelijking: de cijfers van de top (instelling en jaar) en wat de bandbreedte veroorzaakt")

# %% [markdown]
# ## Naar type instelling

# %%
rep.table(
    europe.type_table(result),
    "kloof_per_type",
    "Verhouding tot de top per type instelling (1 = gelijk met de top), met het oordeel",
    formats=None,
    demo=demo,
)

# %% [markdown]
# ## Definities verschillen
#
# De cijfers van de top zijn niet overal gemeten zoals de Nederlandse opgaven. Het ETH-domein omvat naast ETH Zürich ook de EPFL en vier onderzoeksinstituten; sommige bronnen tellen alle octrooiaanvragen in plaats van alleen prioritaire aanvragen, of personen in plaats van fte. De tabel noemt elk verschil dat in deze vergelijking meetelt.

# %%
rep.table(europe.caveats(result), "definitieverschillen", "Definitieverschillen in de cijfers van de Europese top")

# %% [markdown]
# ## Wat (nog) niet te vergelijken is

# %%
rep.table(europe.missing_table(result), "niet_vergelijkbaar", "Vergelijkingen die de beschikbare cijfers niet toelaten")
