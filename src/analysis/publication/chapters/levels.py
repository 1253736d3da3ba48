"""The words for the two levels of the assumptions table (`confidence_level`, `test_level`).

Every interval the report prints is a confidence interval at the table's
`confidence_level`, and every verdict 'groter dan toeval' a test at its `test_level`; the
text names them from the row ('95%-interval', 'met 95% zekerheid', 'significant bij 5%'),
so a changed row changes the words with the numbers.
"""

from __future__ import annotations

from analysis.data.assumptions import Levels
from analysis.publication import formatting as fmt


def confidence(levels: Levels) -> str:
    """'95%': the confidence level as the text names it."""
    return fmt.level(levels.confidence)


def test(levels: Levels) -> str:
    """'5%': the significance level as the text names it."""
    return fmt.level(levels.test)


def interval(levels: Levels) -> str:
    """'95%-interval': an interval's name in the text and a table's column."""
    return f"{confidence(levels)}-interval"


def sure(levels: Levels) -> str:
    """'met 95% zekerheid'."""
    return f"met {confidence(levels)} zekerheid"


def bounds(levels: Levels) -> tuple[str, str]:
    """The download's two columns for a page's interval column: ('95%-interval: ondergrens', …)."""
    name = interval(levels)
    return f"{name}: ondergrens", f"{name}: bovengrens"
