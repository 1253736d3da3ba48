"""Fallback renderings of a bundle (HTML, Markdown) for Quarto, pandoc and Jupyter.

The build's renderer reads the JSON payload; these fallbacks make an executed notebook
readable anywhere else. Every value goes through `escape` (one escaping path).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from analysis.publication import escape, formatting
from analysis.publication.render.basis import BASIS_LABELS_NL

_esc = escape.html
_md = escape.markdown


def table_html(payload: Mapping[str, Any]) -> str:
    """A plain accessible HTML table; missing cells carry ``title="niet gerapporteerd"``."""
    name = payload["name"]
    align = payload["align"]
    out = [f'<div class="vm-table" id="table-{name}">', "<table>"]
    out.append(f"<caption>{_esc(payload['caption'])}</caption>")
    out.append("<thead><tr>")
    for column, a in zip(payload["columns"], align, strict=True):
        cls = ' class="vm-num"' if a == "r" else ""
        out.append(f'<th scope="col"{cls}>{_esc(column)}</th>')
    out.append("</tr></thead>")
    out.append("<tbody>")
    for row in payload["rows"]:
        cells = []
        for value, a in zip(row, align, strict=True):
            attrs = ' class="vm-num"' if a == "r" else ""
            if value == formatting.MISSING:
                attrs += f' title="{formatting.MISSING_TITLE}"'
            cells.append(f"<td{attrs}>{_esc(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    if payload["source_note"]:
        out.append(f'<p class="vm-source">{_esc(payload["source_note"])}</p>')
    out.append(
        f'<p class="vm-download"><a href="../{payload["csv"]}">Download de gegevens (CSV)</a></p>'
    )
    out.append(basis_mark(payload["basis"]))
    out.append("</div>")
    return "\n".join(out)


def basis_mark(basis: str) -> str:
    """The fallback label of a table or chart's basis (``vm-demo-mark`` for demonstration)."""
    cls = "vm-demo-mark" if basis == "demonstration" else f"vm-basis-mark vm-basis-{basis}"
    return f'<p class="{cls}">{BASIS_LABELS_NL[basis]}</p>'


def table_markdown(payload: Mapping[str, Any]) -> str:
    """A pandoc pipe table with its caption (``: caption``) and source line."""
    columns = [_md(c) for c in payload["columns"]]
    rule = ["---:" if a == "r" else ":---" for a in payload["align"]]
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in payload["rows"]]
    caption = f"{_md(payload['caption'])} ({BASIS_LABELS_NL[payload['basis']].lower()})"
    lines += ["", f": {caption}"]
    if payload["source_note"]:
        lines += ["", _md(payload["source_note"])]
    return "\n".join(lines)


def chart_html(payload: Mapping[str, Any], spec_text: str) -> str:
    """The figure the site's chart script fills: a target div plus the spec as JSON.

    ``</`` is written as ``<\\/`` inside the script element (valid JSON), so no
    string in the data can close the element early.
    """
    name = payload["name"]
    spec = spec_text.replace("</", "<\\/")
    return "\n".join(
        [
            f'<figure class="vm-figure" id="figure-{name}">',
            f'<div class="vm-chart" id="chart-{name}" role="img" aria-label="{_esc(payload["alt"])}"></div>',
            f'<script type="application/json" data-for="chart-{name}">{spec}</script>',
            f"<figcaption>{_esc(payload['title'])}</figcaption>",
            basis_mark(payload["basis"]),
            "</figure>",
        ]
    )


def keyfigures_html(items: Sequence[Mapping[str, str]]) -> str:
    out = ['<dl class="vm-keyfigures">']
    for item in items:
        out.append('<div class="vm-keyfigure">')
        out.append(f"<dt>{_esc(item['label'])}</dt>")
        attrs = (
            f' title="{formatting.MISSING_TITLE}"' if item["value"] == formatting.MISSING else ""
        )
        out.append(f'<dd class="vm-keyfigure-value"{attrs}>{_esc(item["value"])}</dd>')
        if item["note"]:
            out.append(f'<dd class="vm-keyfigure-note">{_esc(item["note"])}</dd>')
        out.append(f'<dd class="vm-keyfigure-basis">{BASIS_LABELS_NL[item["basis"]]}</dd>')
        out.append("</div>")
    out.append("</dl>")
    return "\n".join(out)


def keyfigures_markdown(items: Sequence[Mapping[str, str]]) -> str:
    lines = []
    for item in items:
        note = f" ({_md(item['note'])})" if item["note"] else ""
        basis = BASIS_LABELS_NL[item["basis"]].lower()
        lines.append(f"- **{_md(item['value'])}** {_md(item['label'])}{note} [{basis}]")
    return "\n".join(lines)
