"""The pages over the edition's data, added at render time: explorer, scenario explorer, what changed.

The chapters are notebooks; these three pages are not, because they are views over the
data rather than text: an explorer of every institution and group over time
(`explorer`), the catch-up scenario with its assumptions as sliders (`scenario_explorer`),
and the comparison of this edition with the previous published one (`changes`, which
needs the edition's record, `edition`). `site_extras` computes all of them for the
renderer (`analysis.publication.render.extras`), from the processed tables of the build, the raw
reference tables and what earlier editions published in the out-dir.

The build calls it from its render step; that step's cache key holds the processed
tables, the data folder and the previous edition's record
(`analysis.publication.edition_files.previous_edition_key`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from analysis.publication.render.extras import NUMBERS_ASSET, Extras, SitePage
from analysis.publication.render.notebook import Document
from analysis.publication.render.search import Term

__all__ = ["site_extras"]


def site_extras(
    docs: Sequence[Document],
    year_dir: Path,
    *,
    year: int,
    data_dir: Path,
    processed_dir: Path,
    out_dir: Path,
) -> Extras:
    """The three pages and their assets for edition `year`, and the edition's record.

    `year_dir` is the year folder being built (it holds the notebooks' `data/` already);
    `processed_dir` the build's processed tables; `out_dir` the folder of the published
    editions. `docs` are the notebooks' documents (unused today: everything is read from
    the data; kept so a page can quote what a chapter printed).
    """
    del docs  # the pages are computed from the data, not from the chapters' text
    from analysis.data import process, reference
    from analysis.data.assumptions import load_assumptions
    from analysis.data.indicators import load_indicators
    from analysis.data.sources import load_sources
    from analysis.methods.peer_gaps import definitions, money, sensitivity
    from analysis.methods.peer_gaps import peers as peer_gaps_peers
    from analysis.methods.scenario import parameters
    from analysis.publication import edition, scenario_explorer
    from analysis.publication.changes import page
    from analysis.publication.chapters.national import trend
    from analysis.publication.chapters.scheme import catch_up
    from analysis.publication.explorer import lines
    from analysis.publication.explorer import page as explorer_page

    long = process.load_long(processed_dir)
    long = long[long["year"] <= year]
    wide = trend.until(process.load_wide(processed_dir), year)
    institutions = reference.load_institutions(data_dir)
    catalogue = load_indicators(data_dir)
    units = {str(c): str(u) for c, u in zip(catalogue["indicator"], catalogue["unit"], strict=True)}
    demo = bool(long["is_demonstration"].any())

    if wide.empty:
        # No submissions yet: the two pages say what they will show (the navbar keeps them).
        pages: tuple[SitePage, ...] = (
            awaiting_page(explorer_page.PAGE_FILE, explorer_page.PAGE_TITLE, EXPLORER_AWAITING),
            awaiting_page(
                scenario_explorer.PAGE_FILE, scenario_explorer.PAGE_TITLE, SCENARIO_AWAITING
            ),
        )
        data_assets: dict[str, str] = {}
    else:
        # Explorer: money at the report year's prices; the top's ranges per EUR 100 mln.
        price_index = reference.load_price_index(data_dir)
        deflated = money.deflate_wide(wide, price_index, year)
        raw_peers = reference.load_peers(data_dir)
        peers_std = peer_gaps_peers.convert_peers(
            raw_peers, reference.load_fx_rates(data_dir), price_index=price_index, base_year=year
        )
        top_ids = [
            p
            for p in raw_peers["peer_id"].unique()
            if definitions.PEER_GROUPS.get(str(p)) in definitions.TOP_GROUPS
        ]
        peer_tab, _ = peer_gaps_peers.peer_intensities(
            peers_std, peer_ids=top_ids, level=load_assumptions(data_dir).confidence_level
        )
        explorer_data = lines.explorer_data(
            deflated,
            long,
            institutions,
            units,
            peer_gaps_peers.peer_ranges(peer_tab),
            year=year,
            price_basis=money.price_basis_text(price_index, year),
        )

        # Scenario explorer: chapter 5's scenario and its peer sets.
        plan = catch_up.compute_scenario(wide, data_dir, year)
        scenario_data = scenario_explorer.scenario_data(
            plan.parameters,
            plan.budget,
            {
                choice: parameters.catch_up_targets(
                    plan.comparisons, figures=plan.figures, peer_groups=members
                )
                for choice, members in sensitivity.peer_choices()
            },
            headline=plan.headline,
            demo=demo,
            price_basis=plan.price_basis,
        )
        pages = (explorer_page.page(explorer_data), scenario_explorer.page(scenario_data))
        data_assets = {
            explorer_page.DATA_ASSET: lines.data_script(explorer_data),
            scenario_explorer.DATA_ASSET: scenario_explorer.data_script(scenario_data),
        }

    # What changed: this edition's record, and the comparison with the previous one.
    current = edition.Edition(
        year,
        edition.edition_long(long, year),
        edition.submission_files(data_dir, sorted(set(long["year"]))),
        edition.read_models(year_dir),
    )
    previous = edition.previous_edition(out_dir, year)
    document = page.changes_document(
        current, previous, institutions, year_dir, units, load_sources(data_dir)
    )

    # The English summary: the front page's messages and the key figures, in English.
    from analysis.publication.english import english_page

    english = english_page(wide, data_dir, year, year_dir)

    return Extras(
        english=english,
        search_aliases={
            str(name): str(short)
            for name, short in zip(institutions["name_nl"], institutions["short_name"], strict=True)
            if isinstance(short, str) and short.strip() and short != name
        },
        search_terms=search_terms(data_dir, institutions),
        documents=(document,),
        pages=pages,
        assets={**data_assets, **_static_assets()},
        files=edition.record_files(current),
    )


#: What the two interactive pages say before any institution has submitted.
EXPLORER_AWAITING = (
    "De verkenner zet de cijfers van instellingen en groepen van instellingen door de jaren "
    "heen naast elkaar, absoluut of per € 100 mln onderzoeksuitgaven, met de Europese top "
    "erbij. Hiervoor zijn nog geen opgaven van de instellingen: de verkenner vult zich zodra "
    "de instellingen hun cijfers hebben opgegeven. De echte cijfers die er al zijn, staan in "
    "hoofdstuk 2 en in de factsheets."
)
SCENARIO_AWAITING = (
    "Het scenario rekent uit wat aansluiting bij de Europese top tot 2029 zou opleveren, met "
    "de aannames als schuifregelaars. Het vertrekt van de Nederlandse cijfers per indicator; "
    "hiervoor zijn nog geen opgaven van de instellingen. Het scenario volgt zodra die er zijn "
    "(hoofdstuk 5)."
)


def awaiting_page(file: str, title: str, text: str) -> SitePage:
    """A site page that says what it will show once the institutions have submitted."""
    from analysis.publication import escape

    return SitePage(file=file, title=title, body=f'<p class="vm-x-intro">{escape.html(text)}</p>')


def search_terms(data_dir: Path, institutions: pd.DataFrame) -> tuple[Term, ...]:
    """The names the site search finds though no page is titled by them.

    The top's institutions (the peers of chapter 3, by their name in the data and the
    short name the text uses), the programme's consortia (by name and region; in the
    demonstration edition also the fictitious consortia of the population), and the
    regions and ecosystems of the monitored institutions ("Brainport Eindhoven").
    """
    from analysis.data import reference
    from analysis.methods.peer_gaps import definitions as peer_gaps_definitions
    from analysis.publication.labels import PEER_SHORT_NAMES
    from analysis.publication.render.search import (
        KIND_CONSORTIUM,
        KIND_PEER,
        KIND_REGION,
    )

    terms: list[Term] = []
    peers = reference.load_peers(data_dir)
    for peer_id, name in dict(zip(peers["peer_id"], peers["peer_name"], strict=True)).items():
        group = peer_gaps_definitions.PEER_GROUPS.get(str(peer_id))
        if group not in peer_gaps_definitions.TOP_GROUPS:
            continue
        short = PEER_SHORT_NAMES.get(str(group), "")
        terms.append(Term(KIND_PEER, tuple(dict.fromkeys(n for n in (str(name), short) if n))))
    consortia = [reference.load_consortia(data_dir)]
    population = reference.load_population_consortia(data_dir)
    if not population["consortium_id"].equals(consortia[0]["consortium_id"]):
        consortia.append(population)
    for table in consortia:
        for region, name in zip(table["region"], table["name"], strict=True):
            region = str(region).strip() if isinstance(region, str) else ""
            name = str(name).strip() if isinstance(name, str) else ""
            if not region:
                continue
            shown = name or (region if "consortium" in region.lower() else f"Consortium {region}")
            terms.append(Term(KIND_CONSORTIUM, tuple(dict.fromkeys((shown, region)))))
    for column in ("ecosystem", "region"):
        values = sorted({str(v).strip() for v in institutions[column] if isinstance(v, str)})
        terms += [Term(KIND_REGION, (v,)) for v in values if v]
    # A region that is also an ecosystem or a consortium's region is one term.
    seen: set[tuple[str, str]] = set()
    unique = []
    for term in terms:
        key = (term.kind, term.names[0])
        if key not in seen:
            seen.add(key)
            unique.append(term)
    return tuple(unique)


def _static_assets() -> dict[str, str]:
    """The pages' own scripts and stylesheet, from `analysis/publication/render/assets/`."""
    folder = Path(__file__).resolve().parent / "render" / "assets"
    names = (
        NUMBERS_ASSET,
        "verkenner.js",
        "scenario-model.js",
        "scenarioverkenner.js",
        "interactief.css",
    )
    return {name: (folder / name).read_text(encoding="utf-8") for name in names}
