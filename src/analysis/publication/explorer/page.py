"""The explorer's page: native controls, the chart, the link to the view and the table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from analysis.publication import escape
from analysis.publication.explorer.chart import spec
from analysis.publication.render.extras import NUMBERS_ASSET, SitePage

PAGE_FILE = "verkenner.html"
PAGE_TITLE = "Verkenner"
DATA_ASSET = "verkenner-gegevens.js"
SCRIPT_ASSET = "verkenner.js"
STYLE_ASSET = "interactief.css"


def page(data: Mapping[str, Any]) -> SitePage:
    """The explorer's page: native controls, the chart, the link and the table of numbers."""
    e = escape.html
    entities_by_section: dict[str, list[Mapping[str, Any]]] = {}
    for ent in data["entities"]:
        entities_by_section.setdefault(str(ent["section"]), []).append(ent)
    choice_sets = []
    for n, (section, items) in enumerate(entities_by_section.items()):
        boxes = "".join(
            f'<li><input type="checkbox" id="vm-x-e-{e(ent["key"])}" name="kies" '
            f'value="{e(ent["key"])}"><label for="vm-x-e-{e(ent["key"])}">{e(ent["long"])}</label></li>'
            for ent in items
        )
        # One disclosure per section: the list of 60+ names stays folded until the reader
        # opens a section or types in the search box above it (`verkenner.js`).
        choice_sets.append(
            f'<details class="vm-x-set" id="vm-x-set-{n}"{" open" if n == 0 else ""}>'
            f'<summary>{e(section)} <span class="vm-x-count">({len(items)})</span></summary>'
            f'<ul class="vm-x-list" aria-label="{e(section)}">{boxes}</ul></details>'
        )
    indicators = "".join(
        f'<option value="{e(i["key"])}">{e(i["label"])}</option>' for i in data["indicators"]
    )
    measures = "".join(
        f'<label class="vm-x-radio"><input type="radio" name="maat" value="{e(m["key"])}" '
        f'id="vm-x-maat-{e(m["key"])}"> {e(m["label"])}</label>'
        for m in data["measures"]
    )
    years = "".join(f'<option value="{y}">{y}</option>' for y in data["years"])
    year = int(data["year"])
    body = f"""
<p class="vm-x-intro">Vergelijk instellingen en groepen van instellingen door de jaren heen.
Kies hieronder wat u wilt zien; de figuur, de tabel en de link naar deze weergave volgen uw keuze.
Bedragen zijn in euro’s met het prijspeil van {year} (toelichting onder de tabel).</p>
<noscript><p class="vm-x-noscript">De verkenner werkt met JavaScript. Alle cijfers staan ook in de
tabellen van hoofdstuk 2 en in de factsheets.</p></noscript>
<div class="vm-x-form" id="vm-x-form" role="group" aria-label="Keuzes van de verkenner">
<div class="vm-x-row">
<div class="vm-x-field"><label for="vm-x-indicator">Indicator</label>
<select id="vm-x-indicator" name="indicator">{indicators}</select></div>
<fieldset class="vm-x-field vm-x-measure"><legend>Maat</legend>{measures}</fieldset>
<div class="vm-x-field"><label for="vm-x-van">Van</label>
<select id="vm-x-van" name="van">{years}</select></div>
<div class="vm-x-field"><label for="vm-x-tot">Tot en met</label>
<select id="vm-x-tot" name="tot">{years}</select></div>
</div>
<div class="vm-x-grid">
<fieldset class="vm-x-choices"><legend>Instellingen en groepen</legend>
<div class="vm-x-find"><label for="vm-x-zoek">Zoek een instelling of groep</label>
<input type="search" id="vm-x-zoek" autocomplete="off" spellcheck="false"
aria-describedby="vm-x-zoek-status" aria-controls="vm-x-lijst">
<p class="vm-x-zoek-status" id="vm-x-zoek-status" aria-live="polite"></p></div>
<div class="vm-x-chosen" id="vm-x-chosen"></div>
<div class="vm-x-choices-scroll" id="vm-x-lijst">{"".join(choice_sets)}</div></fieldset>
<div class="vm-x-result">
<p class="vm-x-status" id="vm-x-status" aria-live="polite"></p>
<div class="vm-x-chart" id="vm-x-chart" role="img" aria-label="Lijndiagram van de gekozen instellingen en groepen"></div>
<p class="vm-x-notes" id="vm-x-notes"></p>
<div class="vm-x-share"><label for="vm-x-link">Link naar deze weergave</label>
<input type="text" id="vm-x-link" readonly>
<button type="button" id="vm-x-copy">Kopieer link</button>
<span id="vm-x-copied" class="vm-x-copied" aria-live="polite"></span></div>
</div>
</div>
</div>
<div class="vm-table-scroll" tabindex="0" role="region" aria-labelledby="vm-x-table-caption">
<table class="vm-x-table" id="vm-x-table"><caption id="vm-x-table-caption">Cijfers in de figuur</caption>
<thead></thead><tbody></tbody></table></div>
<p class="vm-x-notes">Prijzen: {e(data["priceBasis"])}.</p>
<script type="application/json" id="vm-x-spec">{_script_json(spec())}</script>
"""
    demo = any(1 in s[5] for s in data["series"])
    return SitePage(
        file=PAGE_FILE,
        title=PAGE_TITLE,
        body=body,
        scripts=("vega-embed.js", DATA_ASSET, NUMBERS_ASSET, SCRIPT_ASSET),
        styles=(STYLE_ASSET,),
        demo=demo,
    )


def _script_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
