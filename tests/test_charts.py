"""The chart theme, the builders, SVG/spec export and the computed takeaway titles."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest

from analysis.publication.charts import builders, encodings, export, theme
from analysis.publication.charts import titles as charts_titles


def _texts(svg: str) -> list[str]:
    """The visible text labels of an SVG, in document order."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


@pytest.fixture
def trend() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2020, 2021, 2022],
            "waarde": [1000.0, 1500.0, 3250.5, 10.0, 20.0, 30.0],
            "model": ["push", "push", "push", "serve", "serve", "serve"],
        }
    )


def test_theme_is_registered_and_enabled() -> None:
    assert theme.THEME_NAME in alt.theme.names()
    assert alt.theme.active == theme.THEME_NAME


def test_spec_applies_theme_even_when_another_is_active(trend: pd.DataFrame) -> None:
    chart = builders.line_trend(trend, "year", "waarde", title="T", y_title="Aantal")
    with alt.theme.enable("dark"):
        spec = export.spec_of(chart)
    assert spec["config"]["font"] == theme.FONT
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["config"]["locale"]["time"]["months"][2] == "maart"
    # The default range holds no model colour: a series that is not a model never looks like one.
    assert spec["config"]["range"]["category"][:3] == ["#154273", "#56B4E9", "#CC79A7"]
    assert not set(spec["config"]["range"]["category"]) & {"#004F8F", "#E69F00", "#009E73"}


def test_spec_inlines_data_and_round_trips(trend: pd.DataFrame) -> None:
    spec = export.spec_of(builders.line_trend(trend, "year", "waarde", title="T", y_title="A"))
    (name,) = spec["datasets"]
    assert spec["data"] == {"name": name}
    assert name.startswith("data-")  # content hash, not a random id
    assert spec["datasets"][name][0] == {"year": 2020, "waarde": 1000.0, "model": "push"}
    text = export.spec_json(spec)
    assert json.loads(text) == spec
    assert text.endswith("\n")
    assert list(json.loads(text)) == sorted(spec)  # keys sorted
    compact = export.spec_json(spec, indent=None)
    assert "\n" not in compact and json.loads(compact) == spec


def test_spec_values_resolves_named_datasets(trend: pd.DataFrame) -> None:
    spec = export.spec_of(builders.line_trend(trend, "year", "waarde", title="T", y_title="A"))
    assert "values" not in spec["data"]
    rows = export.spec_values(spec)
    assert rows is not None and len(rows) == 6
    assert rows[0] == {"year": 2020, "waarde": 1000.0, "model": "push"}
    assert export.spec_values({"data": {"values": [{"a": 1}]}}) == [{"a": 1}]
    gap = pd.DataFrame({"label": ["A"], "ratio": [1.2], "low": [1.0], "high": [1.4]})
    gap_spec = export.spec_of(builders.gap_chart(gap, title="G"))
    assert export.spec_values(gap_spec) == [{"label": "A", "ratio": 1.2, "low": 1.0, "high": 1.4}]
    assert export.spec_values({"datasets": {"a": [], "b": []}}) is None  # ambiguous


def test_spec_is_deterministic(trend: pd.DataFrame) -> None:
    def build() -> str:
        chart = builders.line_trend(trend.copy(), "year", "waarde", "model", title="T", y_title="A")
        return str(export.spec_json(export.spec_of(chart)))

    assert build() == build()


def test_spec_writes_missing_as_null() -> None:
    df = pd.DataFrame({"year": [2020, 2021], "v": [1.0, np.nan]})
    spec = export.spec_of(builders.line_trend(df, "year", "v", title="T", y_title="A"))
    (rows,) = spec["datasets"].values()
    assert rows[1]["v"] is None


def test_svg_is_dutch_and_deterministic(trend: pd.DataFrame) -> None:
    chart = builders.line_trend(trend, "year", "waarde", "model", title="T", y_title="Aantal")
    svg = export.to_svg(chart)
    assert svg.startswith("<svg")
    labels = _texts(svg)
    assert "1.000" in labels and "3.000" in labels  # Dutch thousands separator on the y axis
    assert "1,000" not in labels
    assert [t for t in labels if t.startswith("20")] == ["2020", "2021", "2022"]  # one tick a year
    assert (
        "Aanbodmodel" in labels and "Dienstverleningsmodel" in labels
    )  # Dutch legend labels for codes
    assert export.to_svg(chart) == svg
    assert export.to_svg(export.spec_of(chart)) == svg


def test_svg_does_not_depend_on_render_order(trend: pd.DataFrame) -> None:
    """Vega numbers clip paths from a process-wide counter; `to_svg` renumbers them."""
    band = pd.DataFrame(
        {
            "year": [2024, 2025, 2026],
            "observed": [5.0, np.nan, np.nan],
            "projection": [5.0, 6.0, 7.0],
            "low": [5.0, 5.5, 6.0],
            "high": [5.0, 6.5, 8.0],
            "target": [5.0, 6.5, 8.0],
        }
    )
    clipped = (
        alt.Chart(trend).mark_line(clip=True).encode(x="year:Q", y="waarde:Q").properties(title="C")
    )
    first = export.to_svg(clipped)
    export.to_svg(builders.scenario_fan(band, title="S", y_title="A"))
    export.to_svg(clipped.properties(title="D"))
    assert export.to_svg(clipped) == first


def test_normalise_ids_renumbers_in_order_of_appearance() -> None:
    svg = '<svg><clipPath id="clip17"/><g clip-path="url(#clip17)"/><clipPath id="clip9"/><g clip-path="url(#clip9)"/></svg>'
    assert export.normalise_svg_ids(svg) == (
        '<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/>'
        '<clipPath id="clip2"/><g clip-path="url(#clip2)"/></svg>'
    )


def test_fixed_colors_for_models_and_institution_types() -> None:
    assert encodings.fixed_colors(["serve", "push", "serve"]) == (
        ["push", "serve"],
        ["#004F8F", "#009E73"],
        {"push": "Aanbodmodel", "serve": "Dienstverleningsmodel"},
    )
    domain, colors, _ = encodings.fixed_colors(["Uitwisselingsmodel"]) or ([], [], {})
    assert (domain, colors) == (["Uitwisselingsmodel"], ["#E69F00"])
    # the tables' spelling ("aanbodmodel") is the same category in the same colour
    domain, colors, _ = encodings.fixed_colors(["dienstverleningsmodel", "aanbodmodel"]) or (
        [],
        [],
        {},
    )
    assert (domain, colors) == (["aanbodmodel", "dienstverleningsmodel"], ["#004F8F", "#009E73"])
    domain, colors, labels = encodings.fixed_colors(["umc", "university", None]) or ([], [], {})
    assert domain == ["university", "umc"]
    assert colors == ["#154273", "#CC79A7"]  # types are not models: no model colour
    assert labels == {"university": "Universiteit", "umc": "UMC"}
    assert encodings.fixed_colors(["TU Delft", "push"]) is None
    assert encodings.fixed_colors([]) is None


def test_color_encoding_keeps_colours_fixed(trend: pd.DataFrame) -> None:
    only_serve = trend[trend["model"] == "serve"]
    spec = export.spec_of(
        builders.line_trend(only_serve, "year", "waarde", "model", title="T", y_title="A")
    )
    scale = spec["encoding"]["color"]["scale"]
    assert scale == {"domain": ["serve"], "range": ["#009E73"]}


def test_year_ticks() -> None:
    assert encodings.year_ticks([2022, 2020, 2021]) == [2020, 2021, 2022]
    assert encodings.year_ticks([2010, 2030]) == list(range(2010, 2031, 2))
    assert encodings.year_ticks(list(range(2010, 2026))) == list(
        range(2011, 2026, 2)
    )  # ends at 2025
    assert encodings.year_ticks([None, np.nan]) == []


def test_bar_with_year_categories_and_horizontal_labels() -> None:
    df = pd.DataFrame({"year": [2023, 2024], "n": [1234, 56]})
    spec = export.spec_of(builders.bar(df, "year", "n", title="B", y_title="Aantal"))
    assert spec["encoding"]["x"]["type"] == "ordinal"
    assert spec["encoding"]["y"]["axis"]["format"] == ",.0f"
    horizontal = pd.DataFrame({"instelling": ["TU Delft", "UvA"], "n": [1234, 56]})
    spec = export.spec_of(builders.bar(horizontal, "n", "instelling", title="B"))
    assert spec["encoding"]["y"]["type"] == "nominal"
    assert spec["encoding"]["y"]["sort"] is None  # data order, as given
    svg = export.to_svg(builders.bar(horizontal, "n", "instelling", title="B"))
    assert {"TU Delft", "UvA", "1.200"} <= set(_texts(svg))


def test_bar_tilts_long_category_labels() -> None:
    short = pd.DataFrame({"regio": ["Delft", "Twente"], "n": [1, 2]})
    long = pd.DataFrame({"regio": ["Arnhem-Nijmegen", "Twente"], "n": [1, 2]})
    assert (
        export.spec_of(builders.bar(short, "regio", "n", title="B"))["encoding"]["x"]["axis"][
            "labelAngle"
        ]
        == 0
    )
    axis = export.spec_of(builders.bar(long, "regio", "n", title="B"))["encoding"]["x"]["axis"]
    assert (axis["labelAngle"], axis["labelAlign"]) == (-40, "right")


def test_bar_rejects_unknown_columns() -> None:
    with pytest.raises(KeyError, match="no column"):
        builders.bar(pd.DataFrame({"a": [1]}), "a", "b", title="B")


def test_gap_chart_log_scale_and_reference_line() -> None:
    df = pd.DataFrame(
        {
            "label": ["Licenties", "Spin-offs"],
            "ratio": [0.5, 1.3],
            "low": [0.3, 1.1],
            "high": [0.8, 1.6],
        }
    )
    spec = export.spec_of(builders.gap_chart(df, title="G"))
    reference, interval, _point = spec["layer"]
    assert reference["mark"]["type"] == "rule"
    assert interval["encoding"]["x"]["scale"] == {"type": "log"}
    assert interval["encoding"]["x"]["axis"]["values"] == [0.25, 0.5, 1.0, 2.0]
    labels = _texts(export.to_svg(spec))
    # Halvings as a reader says them: "1/4", not "0,25".
    assert {"1/4", "1/2", "1", "2", "Licenties", "Spin-offs"} <= set(labels)


def test_a_wide_log_axis_has_few_readable_ticks() -> None:
    """From 1/32 to 1.2: every second power of two, with 1 among them; no '0,031'."""
    assert builders.log_ticks(0.03, 1.2) == [1 / 64, 1 / 16, 1 / 4, 1.0, 4.0]
    assert builders.log_ticks(0.5, 2.0) == [0.5, 1.0, 2.0]
    assert builders.log_ticks(0.2, 3.0) == [1 / 8, 1 / 4, 1 / 2, 1.0, 2.0, 4.0]
    df = pd.DataFrame(
        {"label": ["A", "B"], "ratio": [0.04, 1.1], "low": [0.03, 1.0], "high": [0.05, 1.2]}
    )
    labels = _texts(export.to_svg(builders.gap_chart(df, title="G")))
    assert {"1/64", "1/16", "1/4", "1", "4"} <= set(labels)
    assert not any(label.startswith("0,0") for label in labels)


def test_gap_chart_linear_when_a_bound_is_not_positive() -> None:
    df = pd.DataFrame({"label": ["A"], "ratio": [0.2], "low": [-0.1], "high": [0.5]})
    spec = export.spec_of(builders.gap_chart(df, title="G"))
    assert spec["layer"][1]["encoding"]["x"]["scale"] == {"zero": False}


def test_scenario_fan_series_and_band() -> None:
    df = pd.DataFrame(
        {
            "year": [2023, 2024, 2025, 2026],
            "observed": [4.0, 5.0, np.nan, np.nan],
            "projection": [np.nan, 5.0, 6.0, 7.0],
            "low": [np.nan, 5.0, 5.5, 6.0],
            "high": [np.nan, 5.0, 6.5, 8.0],
            "target": [np.nan, 5.0, 6.5, 8.0],
        }
    )
    spec = export.spec_of(builders.scenario_fan(df, title="S", y_title="Aantal"))
    area, lines, _points = spec["layer"]
    assert area["mark"]["type"] == "area"
    assert lines["encoding"]["color"]["scale"]["domain"] == [
        "Gerealiseerd",
        "Projectie",
        "Doelpad",  # the text's word (one word per concept)
    ]
    band_rows = spec["datasets"][area["data"]["name"]]
    assert [r["year"] for r in band_rows] == [2024, 2025, 2026]
    line_rows = spec["datasets"][lines["data"]["name"]]
    assert len(line_rows) == 2 + 3 + 3  # cells outside each series' own span left out
    labels = _texts(export.to_svg(spec))
    assert {"Voorspelinterval (80%)", "Gerealiseerd", "Projectie", "Doelpad"} <= set(labels)
    assert "Streefpad" not in labels


def test_typology_scatter_and_budget_ramp_render() -> None:
    inst = pd.DataFrame(
        {"x": [0.1, 0.5], "y": [0.2, 0.3], "type": ["umc", "to2"], "naam": ["Erasmus MC", "TNO"]}
    )
    chart = builders.typology_scatter(
        inst, x="x", y="y", color="type", label="naam", title="T", x_title="X", y_title="Y"
    )
    labels = _texts(export.to_svg(chart))
    assert {"Erasmus MC", "TNO", "UMC", "TO2-instituut", "0,1"} <= set(labels)
    budget = pd.DataFrame({"year": [2022, 2023], "amount_eur": [2_500_000.0, 10_000_000.0]})
    spec = export.spec_of(builders.budget_ramp(budget, title="B"))
    assert spec["transform"] == [{"calculate": 'datum["amount_eur"] / 1000000', "as": "bedrag_mln"}]
    labels = _texts(export.to_svg(spec))
    assert {"2022", "2023", "Budget (€ mln)", "10"} <= set(labels)


# --- takeaway titles ---------------------------------------------------------------------


def _series(values: list[float], start: int = 2020) -> pd.Series[float]:
    return pd.Series(values, index=range(start, start + len(values)), dtype="float64")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([10, 12, 15, 18], "Aantal spin-offs stijgt sinds 2020"),
        ([20, 15, 12, 14, 17], "Aantal spin-offs stijgt sinds 2022"),  # the dip year starts the run
        ([20, 18, 16, 15], "Aantal spin-offs daalt sinds 2020"),
        ([10, 20, 30, 25], "Aantal spin-offs daalt sinds 2022"),
        ([10, 10, 12, 12, 14], "Aantal spin-offs stijgt sinds 2021"),  # plateau inside kept
        ([100, 101, 100, 102], "Aantal spin-offs blijft sinds 2020 ongeveer gelijk"),
        ([50, 100, 99], "Aantal spin-offs blijft sinds 2021 ongeveer gelijk"),  # -1% < 5%
        ([7, 7, 7], "Aantal spin-offs blijft sinds 2020 ongeveer gelijk"),
        ([100, 104.9], "Aantal spin-offs blijft sinds 2020 ongeveer gelijk"),  # +4,9%
        ([100, 105], "Aantal spin-offs stijgt sinds 2020"),  # exactly the 5% threshold
        ([0, 0, 3], "Aantal spin-offs stijgt sinds 2021"),  # from zero: any rise counts
    ],
)
def test_takeaway_trend(values: list[float], expected: str) -> None:
    assert charts_titles.takeaway_trend(_series(values), "aantal spin-offs") == expected


def test_takeaway_trend_ignores_missing_and_sorts_years() -> None:
    series = pd.Series([18.0, np.nan, 10.0, 12.0], index=[2023, 2022, 2020, 2021])
    assert charts_titles.takeaway_trend(series, "Licenties") == "Licenties stijgt sinds 2020"


def test_takeaway_trend_threshold_and_too_few_years() -> None:
    assert (
        charts_titles.takeaway_trend(_series([100, 103]), "X", threshold=0.02)
        == "X stijgt sinds 2020"
    )
    assert charts_titles.takeaway_trend(_series([5]), "X") == "X: te weinig jaren voor een trend"
    assert (
        charts_titles.takeaway_trend(_series([np.nan, 3]), "X")
        == "X: te weinig jaren voor een trend"
    )


def test_normalise_spec_rounds_last_bit_noise() -> None:
    a = export.normalise_spec({"data": {"values": [{"v": 0.1 + 0.2}]}})
    b = export.normalise_spec({"data": {"values": [{"v": 0.3}]}})
    assert a == b == {"data": {"values": [{"v": 0.3}]}}


def test_long_legend_labels_are_drawn_whole() -> None:
    """Vega's default cuts legend labels at 160 px ("TO2-instellingen en hogeschol…")."""
    from analysis.publication.chapters.scheme import budget as scheme_budget

    data_dir = Path(__file__).resolve().parents[1] / "data" / "raw"
    svg = export.to_svg(export.spec_of(scheme_budget.budget_chart(data_dir)))
    assert "TO2-instellingen en hogescholen" in svg
    assert "…" not in svg


def test_model_color_knows_every_spelling() -> None:
    for name in ("push", "Aanbodmodel", "aanbodmodel", " AANBODMODEL "):
        assert theme.model_color(name) == "#004F8F"
    assert theme.model_color("dienstverleningsmodel") == "#009E73"
    assert theme.model_color("Spin-offs") is None


def test_complete_years_puts_missing_years_back_as_nulls() -> None:
    df = pd.DataFrame(
        {"Jaar": [2020, 2023, 2021, 2022], "v": [1.0, 4.0, 2.0, 3.0], "g": ["a", "a", "b", "b"]}
    )
    out = builders.complete_years(df, "Jaar", "g")
    assert out.columns.tolist() == ["Jaar", "v", "g"]
    assert list(zip(out["g"], out["Jaar"], strict=True)) == [
        ("a", y) for y in range(2020, 2024)
    ] + [("b", y) for y in range(2021, 2023)]
    assert out["v"].isna().tolist() == [False, True, True, False, False, False]
    assert builders.complete_years(df[df["g"] == "b"], "Jaar").shape == (2, 3)


def test_line_breaks_at_a_missing_year_on_the_site_as_in_the_pdf() -> None:
    """A year left out of the data must be a null row: Vega-Lite joins the points around a
    missing row (a straight segment over the gap) but breaks the line at a null."""
    df = pd.DataFrame({"year": [2020, 2021, 2023, 2024], "v": [1.0, 2.0, 3.0, 4.0]})
    spec = export.spec_of(builders.line_trend(df, "year", "v", title="T", y_title="A"))
    (rows,) = spec["datasets"].values()
    assert [r["year"] for r in rows] == [2020, 2021, 2022, 2023, 2024]
    assert rows[2]["v"] is None
    svg = export.to_svg(spec)
    # the line is drawn as two pieces: two "M" moves in the line's path
    paths = re.findall(r'<path[^>]*aria-roledescription="line mark"[^>]*d="([^"]+)"', svg)
    if not paths:
        paths = [d for d in re.findall(r'd="(M[^"]+)"', svg) if d.count("L") >= 1]
    assert any(d.count("M") == 2 for d in paths), paths


def test_scenario_fan_breaks_at_a_missing_realised_year() -> None:
    df = pd.DataFrame(
        {
            "year": [2021, 2022, 2023, 2024, 2025],
            "observed": [3.0, np.nan, 4.0, 5.0, np.nan],
            "projection": [np.nan, np.nan, np.nan, 5.0, 6.0],
            "low": [np.nan, np.nan, np.nan, 5.0, 5.5],
            "high": [np.nan, np.nan, np.nan, 5.0, 6.5],
            "target": [np.nan, np.nan, np.nan, 5.0, 6.5],
        }
    )
    spec = export.spec_of(builders.scenario_fan(df, title="S", y_title="Aantal"))
    _area, lines, points = spec["layer"]
    rows = [r for r in spec["datasets"][lines["data"]["name"]] if r["reeks"] == "Gerealiseerd"]
    assert [(r["year"], r["waarde"]) for r in rows] == [
        (2021, 3.0),
        (2022, None),
        (2023, 4.0),
        (2024, 5.0),
    ]
    assert all(r["waarde"] is not None for r in spec["datasets"][points["data"]["name"]])


def test_palette_problems_finds_each_kind_of_break() -> None:
    models = pd.DataFrame(
        {
            "year": [2020, 2021] * 2,
            "n": [1, 2, 3, 4],
            "m": ["aanbodmodel"] * 2 + ["dienstverleningsmodel"] * 2,
        }
    )
    good = export.spec_of(builders.line_trend(models, "year", "n", "m", title="T", y_title="A"))
    assert theme.palette_problems(good) == []
    # the same names coloured by a hand-made scale in the wrong colours
    wrong = (
        alt.Chart(models)
        .mark_line()
        .encode(
            x="year:Q",
            y="n:Q",
            color=alt.Color(
                "m:N",
                scale=alt.Scale(
                    domain=["aanbodmodel", "dienstverleningsmodel"], range=["#E69F00", "#009E73"]
                ),
            ),
        )
    )
    assert theme.palette_problems(export.spec_of(wrong)) == [
        "'aanbodmodel' drawn in #E69F00, not #004F8F"
    ]
    # model names left to the default range
    default = alt.Chart(models).mark_line().encode(x="year:Q", y="n:Q", color="m:N")
    assert theme.palette_problems(export.spec_of(default)) == [
        "models ['aanbodmodel', 'dienstverleningsmodel'] coloured by the default range"
    ]
    # a model colour on something that is not a model
    other = alt.Chart(models).mark_bar(color="#009E73").encode(x="year:O", y="n:Q")
    assert theme.palette_problems(export.spec_of(other)) == [
        "model colour #009E73 as the color of a bar mark"
    ]


def _tooltip_titles(spec: object) -> list[str]:
    """Every tooltip entry's title anywhere in a spec (a tooltip without one shows its field)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            tip = node.get("tooltip")
            entries = tip if isinstance(tip, list) else [tip] if isinstance(tip, dict) else []
            for entry in entries:
                if isinstance(entry, dict) and "field" in entry:
                    found.append(str(entry.get("title", entry["field"])))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def test_tooltips_show_dutch_titles_not_field_names() -> None:
    frame = pd.DataFrame(
        {"year": [2023, 2024, 2025], "spinoffs": [10.0, 12.0, 11.0], "label": ["a", "b", "c"]}
    )
    line = export.spec_of(
        builders.line_trend(frame, "year", "spinoffs", title="t", y_title="Aantal spin-offs")
    )
    assert _tooltip_titles(line) == ["Jaar", "Aantal spin-offs"]
    fan = pd.DataFrame(
        {
            "year": [2024, 2025, 2026],
            "observed": [1.0, 2.0, None],
            "projection": [None, 2.0, 3.0],
            "low": [None, 2.0, 2.5],
            "high": [None, 2.0, 3.5],
            "target": [None, 2.0, 4.0],
        }
    )
    titles = _tooltip_titles(
        export.spec_of(builders.scenario_fan(fan, title="t", y_title="Aantal"))
    )
    assert titles and not {"year", "low", "high", "label", "ratio"} & set(titles)


# --- legible in grey and in print (issue 23, item 6) -----------------------------------------


#: The least difference in grey level (0–255) between two model colours.
MIN_GREY_STEP = 40.0


def grey_level(colour: str) -> float:
    """The grey (0–255) a colour prints as: Rec. 601 luma, what a grey printer or a
    greyscale conversion makes of it."""
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_the_model_colours_stay_apart_in_grey() -> None:
    """Rec. 601 grey levels by hand: #004F8F 0.587·79 + 0.114·143 = 62,7; #009E73
    0.587·158 + 0.114·115 = 105,9; #E69F00 0.299·230 + 0.587·159 = 162,1. Okabe & Ito's
    blue (#0072B2, 87,2) was 18,7 from the green: push and serve printed as one grey."""
    from analysis.publication.charts.theme import MODEL_GROUP_COLORS

    assert grey_level("#004F8F") == pytest.approx(62.675, abs=0.01)
    assert grey_level("#009E73") == pytest.approx(105.856, abs=0.01)
    assert grey_level("#E69F00") == pytest.approx(162.103, abs=0.01)
    assert abs(grey_level("#0072B2") - grey_level("#009E73")) < MIN_GREY_STEP  # the old pair
    greys = sorted(grey_level(c) for c in MODEL_GROUP_COLORS.values())
    assert min(b - a for a, b in itertools.pairwise(greys)) >= MIN_GREY_STEP


def test_each_model_has_its_own_mark_in_points_and_lines() -> None:
    from analysis.publication.charts.theme import MODEL_DASHES, MODEL_SHAPES

    assert len(set(MODEL_SHAPES.values())) == 3
    assert len({tuple(d) for d in MODEL_DASHES.values()}) == 3
    per_year = pd.DataFrame(
        {
            "jaar": [2024, 2025] * 3,
            "n": [1, 2, 3, 4, 5, 6],
            "model": ["aanbodmodel"] * 2
            + ["uitwisselingsmodel"] * 2
            + ["dienstverleningsmodel"] * 2,
        }
    )
    spec = export.spec_of(
        builders.line_trend(per_year, "jaar", "n", "model", title="T", y_title="Aantal")
    )
    encoding = spec["encoding"]
    assert encoding["strokeDash"]["scale"]["range"] == [[1, 0], [8, 4], [2, 3]]
    assert encoding["shape"]["scale"]["range"] == ["circle", "square", "triangle-up"]
    assert encoding["shape"]["scale"]["domain"] == [
        "aanbodmodel",
        "uitwisselingsmodel",
        "dienstverleningsmodel",
    ]
    scatter = pd.DataFrame({"x": [0.1, 0.5], "y": [0.2, 0.3], "model": ["serve", "push"]})
    points = export.spec_of(
        builders.typology_scatter(
            scatter, x="x", y="y", color="model", title="T", x_title="X", y_title="Y"
        )
    )
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", "triangle-up"]
    # Something that is not a model gets neither.
    types = per_year.assign(model=["a", "a", "b", "b", "c", "c"])
    plain = export.spec_of(builders.line_trend(types, "jaar", "n", "model", title="T", y_title="A"))
    assert "strokeDash" not in plain["encoding"] and "shape" not in plain["encoding"]


def test_names_beside_points_never_overlap_and_crowded_ones_are_left_out() -> None:
    from analysis.publication.charts.builders import place_labels

    # Two points far apart keep their names to the right; a third on top of the first
    # finds another side; ten in one spot cannot all be named.
    placed = dict(place_labels([(50, 50, "Aa"), (300, 200, "Bb"), (52, 50, "Cc")], 560, 280))
    assert placed[0] in {"rechts", "links"} and placed[1] == "rechts" and 2 in placed
    crowd = [(280 + i * 0.5, 140, f"Instelling {i}") for i in range(10)]
    assert 0 < len(place_labels(crowd, 560, 280)) < 10


def test_the_scatter_names_print_without_overlap(tmp_path: Path) -> None:
    """Thirty names in a crowded cloud: drawn with the report's fonts, none overlap."""
    from svg_layout import overlapping_words

    rng = np.random.default_rng(7)
    cloud = pd.DataFrame(
        {
            "x": rng.normal(0, 0.3, 30),
            "y": rng.normal(0, 0.3, 30),
            "model": ["push", "exchange", "serve"] * 10,
            "naam": [f"Voorbeelduniv. {chr(65 + i)}" for i in range(30)],
        }
    )
    chart = builders.typology_scatter(
        cloud, x="x", y="y", color="model", label="naam", title="T", x_title="X", y_title="Y"
    )
    svg = export.to_svg(chart)
    assert overlapping_words({"scatter": svg}, tmp_path) == []
    shown = set(_texts(svg))
    assert 0 < sum(name in shown for name in cloud["naam"]) < 30  # the crowd loses some
