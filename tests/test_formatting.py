"""Dutch formatting: every expected string below was written by hand, not computed."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal

from analysis.publication import formatting as fmt

NB = "\u00a0"  # the no-break space inside an amount


def nb(text: str) -> str:
    """`text` as written by hand, with its spaces as the no-break spaces of an amount."""
    return text.replace(" ", NB)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234, 0, "1.234"),
        (1234567, 0, "1.234.567"),
        (62.7, 1, "62,7"),
        (0, 0, "0"),
        (0, 1, "0,0"),
        (-1234.5, 1, "−1.234,5"),
        (999.96, 1, "1.000,0"),
        (np.int64(42), 0, "42"),
        (np.float64(3.14159), 2, "3,14"),
        (Decimal("2.5"), 0, "3"),
        (12, 2, "12,00"),
    ],
)
def test_number(value: object, decimals: int, expected: str) -> None:
    assert fmt.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        # Half-up on the decimal the reader sees (documented choice), not half-even:
        (62.65, 1, "62,7"),  # the float is 62.6499999..., still rounds up: repr is "62.65"
        (62.25, 1, "62,3"),  # half-even would give 62,2
        (0.5, 0, "1"),
        (1.5, 0, "2"),
        (2.5, 0, "3"),  # Python's round(2.5) == 2
        (-62.65, 1, "−62,7"),  # away from zero for negatives
        (-0.5, 0, "−1"),
        (62.64, 1, "62,6"),
    ],
)
def test_rounding_is_half_up(value: float, decimals: int, expected: str) -> None:
    assert fmt.number(value, decimals) == expected


def test_negative_zero_has_no_sign() -> None:
    assert fmt.number(-0.04, 1) == "0,0"
    assert fmt.number(-0.4) == "0"
    assert fmt.number(-0.0) == "0"
    assert fmt.change(-0.00001) == "0,0%"
    assert fmt.percent(-0.0001) == "0%"


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, pd.NA, pd.NaT, math.inf, -math.inf])
def test_missing_values_are_an_en_dash(missing: object) -> None:
    assert fmt.number(missing) == "–"
    assert fmt.money_eur(missing) == "–"
    assert fmt.percent(missing) == "–"
    assert fmt.change(missing) == "–"
    assert fmt.MISSING == "\u2013"
    assert fmt.MISSING_TITLE == "niet gerapporteerd"


def test_date_missing() -> None:
    assert fmt.date_nl(None) == "–"
    assert fmt.date_nl(pd.NaT) == "–"


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        (62_700_000, "auto", "€ 62,7 mln"),
        (62_650_000, "auto", "€ 62,7 mln"),
        (1_234, "auto", "€ 1.234"),
        (999_400, "auto", "€ 999.400"),
        (999_999.6, "auto", "€ 1 mln"),  # would round to "€ 1.000.000": say it in millions
        (999_960_000, "auto", "€ 1 mld"),  # not "€ 1.000 mln"
        (2_350_000_000, "auto", "€ 2,4 mld"),  # 2,35 half-up
        (-1_500_000, "auto", "€ −1,5 mln"),  # CLDR Dutch order: sign after the symbol
        (0, "auto", "€ 0"),
        (950_000, "mln", "€ 1 mln"),
        (450_000_000, "auto", "€ 450 mln"),  # a whole amount has no ",0"
        (450_040_000, "auto", "€ 450 mln"),  # nor one that rounds to whole
        (62_700_000, "mld", "€ 0,1 mld"),
        (62_700_000, "eur", "€ 62.700.000"),
    ],
)
def test_money_eur(value: float, scale: fmt.MoneyScale, expected: str) -> None:
    # The spaces are no-break spaces: "€" never ends a line, "mln" never starts one.
    assert fmt.money_eur(value, scale) == nb(expected)


def test_an_amount_has_no_breakable_space_and_one_minus_sign() -> None:
    shown = fmt.money_eur(-62_700_000)
    assert " " not in shown and "-" not in shown
    assert shown == "€\u00a0\u2212" + "62,7\u00a0mln"


def test_money_eur_decimals_and_bad_scale() -> None:
    assert fmt.money_eur(62_700_000, "mln", decimals=2) == nb("€ 62,70 mln")
    assert fmt.money_eur(5_000_000, "mln", decimals=1) == nb("€ 5,0 mln")  # asked for
    with pytest.raises(ValueError, match="unknown money scale"):
        fmt.money_eur(1, "k")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.627, 1, "62,7%"),
        (0.5, 0, "50%"),
        (1.0, 0, "100%"),
        (-0.125, 1, "−12,5%"),
        (12.34, 0, "1.234%"),
    ],
)
def test_percent_takes_fractions(value: float, decimals: int, expected: str) -> None:
    assert fmt.percent(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.123, "+12,3%"), (-0.04, "−4,0%"), (0, "0,0%"), (1.5, "+150,0%"), (0.00049, "0,0%")],
)
def test_change_is_signed(value: float, expected: str) -> None:
    assert fmt.change(value) == expected


def test_change_decimals() -> None:
    assert fmt.change(0.1234, 0) == "+12%"
    assert fmt.change(0.12345, 2) == "+12,35%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 11, 23), "23 november 2026"),
        (dt.date(2026, 3, 1), "1 maart 2026"),
        (dt.datetime(2025, 5, 9, 23, 59), "9 mei 2025"),
        (pd.Timestamp("2024-07-04"), "4 juli 2024"),
        ("2026-01-15", "15 januari 2026"),
    ],
)
def test_date_nl(value: object, expected: str) -> None:
    assert fmt.date_nl(value) == expected


def test_year_has_no_thousands_separator() -> None:
    assert fmt.year(2026) == "2026"
    assert fmt.year(2026.0) == "2026"
    assert fmt.number(2026) == "2.026"  # why `year` exists
    with pytest.raises(ValueError, match="whole number"):
        fmt.year(2025.5)


def test_booleans_are_not_numbers() -> None:
    with pytest.raises(TypeError):
        fmt.number(True)
    assert fmt.text(True) == "ja"
    assert fmt.text(False) == "nee"


def test_formatter_specs() -> None:
    assert fmt.formatter("number:2")(1234.567) == "1.234,57"
    assert fmt.formatter("money:mln")(5_000_000) == nb("€ 5 mln")
    assert fmt.formatter("money:mln")(5_500_000) == nb("€ 5,5 mln")
    assert fmt.formatter("percent:1")(0.05) == "5,0%"
    assert fmt.formatter("change")(0.05) == "+5,0%"
    assert fmt.formatter("year")(2025) == "2025"
    assert fmt.formatter("date")("2026-11-23") == "23 november 2026"
    assert fmt.formatter("text")("TU Delft") == "TU Delft"
    for bad in ("numbr", "number:x", "money:k", "year:2", "number:1:2", ""):
        with pytest.raises(ValueError):
            fmt.formatter(bad)


def _formatted(df: pd.DataFrame, formats: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Each column as a table shows it: its given format, else its default format."""
    specs = {c: (formats or {}).get(c) or fmt.default_format(df[c]) for c in df.columns}
    return {c: [fmt.formatter(specs[c])(v) for v in df[c].tolist()] for c in df.columns}


def test_given_and_default_formats() -> None:
    df = pd.DataFrame(
        {
            "instelling": ["TU Delft", None],
            "jaar": [2024, 2025],
            "spinoffs": [12, 1234],
            "ratio": [0.5, np.nan],
            "licentie_eur": [62_650_000.0, 1_234.0],
            "aandeel": [0.627, 0.1],
        },
        index=[10, 11],
    )
    out = _formatted(df, {"licentie_eur": "money", "aandeel": "percent:1"})
    assert out == {
        "instelling": ["TU Delft", "–"],
        "jaar": ["2024", "2025"],  # a year column by name: no thousands dot
        "spinoffs": ["12", "1.234"],  # whole numbers: no decimals
        "ratio": ["0,5", "–"],  # fractional: one decimal
        "licentie_eur": [nb("€ 62,7 mln"), nb("€ 1.234")],
        "aandeel": ["62,7%", "10,0%"],
    }


def test_alignment() -> None:
    assert fmt.alignment("money:mln") == "r"
    assert fmt.alignment("number") == "r"
    assert fmt.alignment("text") == "l"


def test_default_format_for_dates_and_bools() -> None:
    df = pd.DataFrame({"d": pd.to_datetime(["2026-11-23"]), "b": [True]})
    assert _formatted(df) == {"d": ["23 november 2026"], "b": ["ja"]}


@pytest.mark.parametrize("locale", [fmt.LOCALE, "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2])
@pytest.mark.parametrize(
    "value",
    ["0", "1", "-1", "999", "1000", "-1234.5", "62.65", "1234567.891", "-0.04", "1000000000.05"],
)
def test_fast_separators_equal_babel(value: str, decimals: int, locale: str) -> None:
    """Babel's `format_decimal`; its hyphen-minus is the one difference (the report's is U+2212)."""
    rounded = fmt._round(Decimal(value), decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    babel = format_decimal(rounded, pattern, locale=locale, decimal_quantization=True)
    assert fmt._format_rounded(rounded, decimals, locale) == babel.replace("-", "−")


def test_english_numbers_and_amounts() -> None:
    assert fmt.number(1234.5, 1, locale="en") == "1,234.5"
    assert fmt.change(-0.137, locale="en") == "−13.7%"
    assert fmt.money_eur(62_700_000, locale="en") == nb("€62.7 million")
    assert fmt.money_eur(-2.4e9, locale="en") == nb("€−2.4 billion")
    assert fmt.money_eur(1234, locale="en") == "€1,234"
    assert fmt.money_eur(math.nan, locale="en") == "–"


def test_an_fte_figure_carries_its_unit_and_no_empty_decimal() -> None:
    assert fmt.indicator_value(608.0, "kto_staff_fte") == nb("608 fte")
    assert fmt.indicator_value(573.84, "kto_staff_fte") == nb("573,8 fte")
    assert fmt.indicator_value(math.nan, "kto_staff_fte") == "–"
    assert fmt.indicator_value(12.0, "spinoffs") == "12"
    assert fmt.indicator_value(450e6, "research_expenditure_eur") == nb("€ 450 mln")
    assert fmt.number(608.0, 1) == "608,0"  # a measurement keeps its stated precision
    assert fmt.number(608.0, 1, trim=True) == "608"


@pytest.mark.parametrize(
    ("written", "typeset"),
    [
        ("per € 100 mln onderzoek", "per €\u00a0100\u00a0mln onderzoek"),
        ("gaf € 62,7 mln", "gaf €\u00a062,7\u00a0mln"),
        ("daling -2,3% (-1)", "daling −2,3% (−1)"),
        ("3 fte en € -5", "3\u00a0fte en €\u00a0−5"),
        # Not a minus: ranges, words with digits, code and addresses stay as written.
        ("2015-2018, COVID-19, 1.234-5", "2015-2018, COVID-19, 1.234-5"),
        ("zie `data/x-1.csv` of https://a.nl/p?x=-1", "zie `data/x-1.csv` of https://a.nl/p?x=-1"),
        ("een mln en een fte", "een mln en een fte"),
    ],
)
def test_typeset_applies_the_rules_to_text_written_by_hand(written: str, typeset: str) -> None:
    assert fmt.typeset(written) == typeset


# --- composed cells ------------------------------------------------------------------


def test_an_estimate_with_its_interval_by_hand() -> None:
    cell = fmt.cell_formatter("estimate_interval:number:2")
    assert cell(3.594, 2.918, 4.481) == "3,59 (2,92–4,48)"
    # a point interval (one figure of the top) leaves the estimate alone, as the scenario
    # table wrote it; so does a missing bound
    assert cell(3.594, 3.594, 3.594) == "3,59"
    assert cell(3.594, float("nan"), 4.481) == "3,59"
    assert fmt.estimate_interval(599_567, 500_000, 700_000, fmt.money_eur) == (
        "€\u00a0599.567 (€\u00a0500.000–€\u00a0700.000)"
    )
    assert cell(float("nan"), 1.0, 2.0) == "– (1,00–2,00)"


def test_a_range_a_value_with_a_word_and_a_p_value_by_hand() -> None:
    assert fmt.cell_formatter("range:change")(0.05, 0.4) == "+5,0% tot +40,0%"
    assert fmt.cell_formatter("range:change")(float("nan"), -0.1) == "– tot −10,0%"
    word = fmt.cell_formatter("with_word:number:2")
    assert word(0.6412, "achter") == "0,64 (achter)"
    assert word(float("nan"), None) == "–"  # no figure on this basis: an empty cell
    assert fmt.cell_formatter("with_word:year")(2019, "placebo") == "2019 (placebo)"
    p = fmt.cell_formatter("p_value")
    assert (p(0.0004), p(0.001), p(0.0304), p(float("nan"))) == ("< 0,001", "0,001", "0,030", "–")
    assert fmt.cell_formatter("money:mln")(62_650_000) == "€\u00a062,7\u00a0mln"
    with pytest.raises(ValueError, match="unknown format"):
        fmt.cell_formatter("range:procent")
