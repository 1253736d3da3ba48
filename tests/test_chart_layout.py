"""No chart label is cut off in the PDF: words stay inside the chart's box as Typst draws it.

See `svg_layout`: each SVG is drawn by Typst with the PDF's font options inside a widened
view box, and `pdftotext -bbox` says where every word landed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.publication.charts import builders, export
from svg_layout import overflowing_words

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")

LONG_LABELS = [
    "Licentie- en optieovereenkomsten per € 100 mln onderzoek — Oxford",
    "Octrooiaanvragen per uitvindingsmelding — ETH",
    "Spin-off-kapitaal per uitvindingsmelding — ETH",
    "Onderzoeksovereenkomsten met bedrijven",
]


def _svg(x: float, text: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" viewBox="0 0 200 60">'
        '<rect width="200" height="60" fill="white"/>'
        f'<text x="{x}" y="30" font-family="Liberation Sans, Arial, sans-serif" '
        f'font-size="11">{text}</text></svg>'
    )


def test_detector_knows_inside_from_outside(tmp_path: Path) -> None:
    found = overflowing_words(
        {"binnen": _svg(10, "Octrooien"), "links": _svg(-30, "Octrooiaanvragen")}, tmp_path
    )
    assert [(f.chart, f.word, f.side) for f in found] == [("links", "Octrooiaanvragen", "left")]
    # 30 px outside is 22,5 pt; the glyph's side bearing takes a little off.
    assert 20 < found[0].by_pt <= 22.5


def test_detector_sees_a_label_measured_in_another_font(tmp_path: Path) -> None:
    """The failure this guards against: labels measured in one font and drawn in another."""
    frame = pd.DataFrame({"label": LONG_LABELS, "n": [3, 5, 8, 13]})
    svg = export.to_svg(builders.bar(frame, "n", "label", title="T"))
    assert overflowing_words({"eigen": svg}, tmp_path / "a") == []
    wider = svg.replace("Liberation Sans, Arial, Helvetica, sans-serif", "DejaVu Sans Mono")
    found = overflowing_words({"ander": wider}, tmp_path / "b")
    assert any(f.side == "left" for f in found)


def test_house_charts_keep_long_labels_inside(tmp_path: Path) -> None:
    years = list(range(2010, 2026))
    trend = pd.DataFrame(
        {
            "jaar": years * 2,
            "n": [1200 + 37 * i for i in range(16)] + [800 + 41 * i for i in range(16)],
            "model": ["push"] * 16 + ["serve"] * 16,
        }
    )
    bars = pd.DataFrame({"label": LONG_LABELS, "n": [1234, 56789, 12, 345678]})
    gap = pd.DataFrame(
        {
            "label": LONG_LABELS,
            "ratio": [0.05, 0.3, 0.7, 1.4],
            "low": [0.03, 0.2, 0.5, 1.1],
            "high": [0.08, 0.5, 0.9, 2.2],
        }
    )
    svgs = {
        "trend": export.to_svg(
            builders.line_trend(
                trend, "jaar", "n", "model", title="T", y_title="Uitvindingsmeldingen"
            )
        ),
        "bars": export.to_svg(builders.bar(bars, "n", "label", title="T", x_title="Aantal")),
        "gap": export.to_svg(builders.gap_chart(gap, title="T")),
    }
    assert overflowing_words(svgs, tmp_path) == []
