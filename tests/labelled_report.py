"""A small report written through `analysis.publication.display.report.Report`, for tests of labelling,
placement and the colophon's count: it depends on no chapter's content.

Pages (in `project.render` order):

* ``00_kern`` (front matter in the PDF): prose only.
* ``01_echt``: only real figures (a table, a chart and a key-figure row, all cited).
* ``02_gemengd``: a demonstration table and chart, a real table, a mixed key-figure row,
  an assumption table and a long demonstration table shown on the site only.
* ``03_colofon``: the colophon, with the `basis_summary` placeholder.

`EXPECTED` is the count a reader can verify by hand from the calls below.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pandas as pd
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.publication.charts import builders
from analysis.publication.display.report import Report

YEAR = 2025
REAL_TABLE_CAPTION = "Aandeel co-publicaties met bedrijven per universiteit"
REAL_CHART_TITLE = "Eindhoven heeft het hoogste aandeel co-publicaties"
DEMO_TABLE_CAPTION = "Spin-offs per instelling"
DEMO_CHART_TITLE = "Het aantal spin-offs stijgt"
MIXED_REAL_CAPTION = "Budget van de regeling volgens de begroting"
ASSUMPTION_CAPTION = "Parameters van het scenario"
SITE_ONLY_CAPTION = "Alle opgaven per instelling en jaar"
SITE_ONLY_CELL = "Instelling-zonder-pdf-7"
FRONT_TEXT = "Wat de monitor vond staat op deze pagina voor de inhoudsopgave."

#: (tables and figures, key figures) per basis, over every page: counted from the calls.
EXPECTED = {
    "figures": {"real": 3, "demonstration": 3, "assumption": 1},
    "keyfigures": {"real": 3, "demonstration": 1, "assumption": 0},
}

QUARTO_YML = """\
project:
  type: website
  render:
    - notebooks/00_kern.ipynb
    - notebooks/01_echt.ipynb
    - notebooks/02_gemengd.ipynb
    - notebooks/03_colofon.ipynb
title: "Valorisatiemonitor"
subtitle: "Testrapport"
author: "KTO-Nederland"
website:
  navbar:
    left:
      - href: notebooks/00_kern.ipynb
        text: Kern
      - href: notebooks/01_echt.ipynb
        text: Echt
      - href: notebooks/02_gemengd.ipynb
        text: Gemengd
      - href: notebooks/03_colofon.ipynb
        text: Colofon
valorisatiemonitor:
  addressees: "Ministerie van Economische Zaken (EZ)"
  contact: "Valorisatiemonitor, test@example.org"
  colophon: notebooks/03_colofon.ipynb
  pdf:
    front:
      - notebooks/00_kern.ipynb
    appendix:
      - notebooks/03_colofon.ipynb
"""


def _share_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "universiteit": ["TU/e", "UT", "UvA"],
            "aandeel": [0.112, 0.095, 0.041],
        }
    )


def _kern(rep: Report) -> None:
    rep.markdown(FRONT_TEXT)


def _echt(rep: Report) -> None:
    rep.markdown("Deze pagina toont alleen cijfers uit geciteerde bronnen.")
    rep.keyfigures([("Co-publicaties TU/e", "11,2%"), ("Universiteiten", "13")], basis="real")
    frame = _share_frame()
    rep.chart(
        builders.bar(frame, "universiteit", "aandeel", title=REAL_CHART_TITLE),
        "copublicaties",
        alt="Staafdiagram van het aandeel co-publicaties per universiteit.",
        table="copublicaties",
        basis="real",
    )
    rep.table(
        frame, "copublicaties", REAL_TABLE_CAPTION, basis="real", units={"aandeel": "fractie"}
    )


def _gemengd(rep: Report) -> None:
    rep.demo_notice()
    frame = pd.DataFrame({"jaar": [2023, 2024, 2025], "spinoffs": [40, 44, 51]})
    rep.keyfigures(
        [
            {"label": "Co-publicaties TU/e", "value": "11,2%", "basis": "real"},
            ("Spin-offs", "51"),
        ]
    )
    rep.chart(
        builders.line_trend(frame, "jaar", "spinoffs", title=DEMO_CHART_TITLE, y_title="Aantal"),
        "spinoffs",
        alt="Lijndiagram van het aantal spin-offs per jaar.",
        table="spinoffs",
    )
    rep.table(frame, "spinoffs", DEMO_TABLE_CAPTION, units={"spinoffs": "aantal spin-offs"})
    rep.table(
        pd.DataFrame({"jaar": [2024, 2025], "budget_eur": [10_000_000.0, 12_500_000.0]}),
        "budget",
        MIXED_REAL_CAPTION,
        formats={"budget_eur": "money"},
        basis="real",
    )
    rep.table(
        pd.DataFrame({"parameter": ["banen per spin-off"], "waarde": [4.5]}),
        "parameters",
        ASSUMPTION_CAPTION,
        basis="assumption",
        units={"waarde": "banen per spin-off"},
    )
    rep.table(
        pd.DataFrame(
            {"instelling": [f"Instelling-zonder-pdf-{i}" for i in range(40)], "n": range(40)}
        ),
        "alle_opgaven",
        SITE_ONLY_CAPTION,
        pdf=False,
        units={"n": "aantal opgaven"},
    )


def _colofon(rep: Report) -> None:
    rep.markdown("## Colofon\n\nDit rapport is gemaakt met de Valorisatiemonitor.")
    rep.basis_summary()


PAGES: dict[str, tuple[str, bool, Callable[[Report], None]]] = {
    "00_kern": ("Kernboodschappen", False, _kern),
    "01_echt": ("Alleen echte cijfers", False, _echt),
    "02_gemengd": ("Echte en gegenereerde cijfers", True, _gemengd),
    "03_colofon": ("Verantwoording", False, _colofon),
}


def write_report(root: Path) -> tuple[Path, Path, Path]:
    """Project folder, executed-notebook folder and year folder of the test report."""
    project = root / "project"
    executed = root / "executed"
    out = root / "out" / str(YEAR)
    (project / "notebooks").mkdir(parents=True)
    (executed / "notebooks").mkdir(parents=True)
    out.mkdir(parents=True)
    (project / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    for stem, (title, demo, fill) in PAGES.items():
        rep = Report(out, YEAR, demo=demo)
        fill(rep)
        cells = [new_markdown_cell(f"# {title}")]
        cells += [
            new_code_cell(
                "rep.show(...)",
                outputs=[new_output("display_data", data=dict(b))],
                execution_count=i + 1,
            )
            for i, b in enumerate(rep.bundles)
        ]
        nbformat.write(new_notebook(cells=cells), executed / "notebooks" / f"{stem}.ipynb")
        nbformat.write(new_notebook(cells=[]), project / "notebooks" / f"{stem}.ipynb")
    return project, executed, out
