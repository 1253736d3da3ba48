"""The report's font files (Liberation Sans, OFL), shared by the charts and the PDF.

vl-convert measures chart labels with the fonts it knows and Typst draws the chart's SVG
with the fonts it knows; when the two differ, labels overflow the chart and are cut off.
Both load this folder, so they measure and draw with the same font on any machine.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).parent
FAMILY = "Liberation Sans"


@cache
def register_with_vl_convert() -> None:
    """Make `FONT_DIR` known to vl-convert (process-wide; once per process)."""
    import vl_convert

    vl_convert.register_font_directory(str(FONT_DIR))


def typst_font_options() -> dict[str, Any]:
    """Keyword arguments for `typst.compile`: these fonts and Typst's own, never the system's.

    The same bytes on any machine, and chart labels drawn in the font vl-convert measured
    them with. Tests that lay charts out the way the PDF does use the same options.
    """
    return {"font_paths": [str(FONT_DIR)], "ignore_system_fonts": True}
