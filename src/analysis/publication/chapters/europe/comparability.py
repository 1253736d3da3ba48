"""Chapter 3, comparability: which peer figures meet which indicator of the monitor, and why the others cannot."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.sources import cite, split_source_ids
from analysis.methods.peer_gaps import definitions, peers, sensitivity
from analysis.publication import formatting as fmt
from analysis.publication import labels
from analysis.publication.chapters import levels as level_words
from analysis.publication.chapters.europe.result import (
    _DENOMINATOR_YEAR,
    _NOEMER_MISSING,
    COUNT_UNIT_NL,
    NOMINAL_NL,
    TOP_GROUPS,
    EuropeResult,
    _join_nl,
    established_comparisons,
    period_text,
)
from analysis.publication.chapters.europe.tables import (
    INDICATIVE_NL,
    _top,
    chart_frame,
    chart_title,
    counts,
    established_counts,
    total_columns,
    total_raw,
    total_shown,
)
from analysis.publication.chapters.pointers import see_annex
from analysis.publication.chapters.terms import explain
from analysis.publication.display.table import Column, Table
from analysis.publication.labels import INDICATOR_LABELS

#: Peer figures that are no yearly indicator of the monitor, by the indicator they come
#: closest to, so the matrix can say why that indicator cannot be compared. Codes not
#: listed here land in the row "Overige cijfers" (never dropped without a word).
RELATED_INDICATOR: dict[str, str] = {
    "software_notifications": "invention_disclosures",
    "invention_disclosures_quarter": "invention_disclosures",
    "patent_applications": "priority_patent_applications",
    "patent_applications_quarter": "priority_patent_applications",
    "patents_under_management": "patents_granted",
    "ip_income_returned": "licence_income_eur",
    "spinoffs_cumulative": "spinoffs",
    "spinoffs_per_year_avg": "spinoffs",
    "new_companies_total": "spinoffs",
    "research_agreements_private_n": "research_agreements_n",
    "research_agreements_public_n": "research_agreements_n",
    "contracts_signed": "research_agreements_n",
    "contract_research_ip_income_eur": "contract_research_eur",
    "contract_research_ip_share": "contract_research_eur",
}


#: Figures about the denominators themselves (a headcount, a total budget): they explain
#: reason b, they are not an output that could be compared.
DENOMINATOR_LIKE: frozenset[str] = frozenset(
    {"kto_staff_headcount", "total_budget", "kto_managed_income", "total_income_eur"}
)


OTHER_ROW = "Overige cijfers (geen indicator van de monitor)"


#: Row order of the matrix: the push indicators, then exchange and serve.
_MATRIX_ORDER: tuple[str, ...] = (
    "invention_disclosures",
    "priority_patent_applications",
    "patents_granted",
    "licence_agreements",
    "licence_income_eur",
    "spinoffs",
    "spinoff_capital_eur",
    "research_agreements_n",
    "research_agreements_eur",
    "contract_research_n",
    "contract_research_eur",
    "startups_supported",
)


#: The reasons a cell is not comparable, as the footnote letters of the matrix.
REASONS_NL: dict[str, str] = {
    "a": "geen cijfer gevonden in de geraadpleegde bronnen",
    "b": (
        "wel een jaarcijfer, maar geen noemer (onderzoeksuitgaven, KTO-personeel in fte of "
        "uitvindingsmeldingen) uit hetzelfde jaar of binnen twee jaar daarvan"
    ),
    "c": "alleen een cumulatief of meerjarig cijfer, geen jaarcijfer",
    "d": "alleen een cijfer over één kwartaal of over zestien maanden, geen jaarcijfer",
    "e": "alleen een ander begrip dan de indicator van de monitor",
    "f": "het cijfer is niet om te rekenen naar euro in het prijspeil van het rapport",
    "g": (
        "niet vergelijkbaar: het cijfer telt iets anders dan de indicator van de monitor (de reden "
        "staat in de tabel met niet-vergelijkbare cijfers)"
    ),
}


def _category(code: str, reason: str) -> str:
    """Footnote letter of one entry of `EuropeResult.missing`."""
    if _NOEMER_MISSING.fullmatch(reason):
        return "b"
    if reason.startswith(peers.NOT_COMPARABLE + ":"):
        return "g"
    if reason != "geen jaarlijkse catalogus-indicator":
        return "f"
    if "quarter" in code:
        return "d"
    if "cumulative" in code or "per_year_avg" in code:
        return "c"
    return "e"


@dataclass(frozen=True)
class Matrix:
    """The peer × indicator matrix: cells, footnotes, and the counts the text needs."""

    frame: pd.DataFrame
    footnotes: str
    comparable: dict[str, int]
    rows: int


def comparability_matrix(result: EuropeResult) -> Matrix:
    """Per indicator of the monitor and per peer of the top (counted once): comparable or
    not, with the denominators that work, numbered definition notes, or a reason letter.

    Why a matrix: the reader wants to see at a glance what can be compared with whom.
    The reasons are the same few everywhere (no figure; a figure without a denominator;
    only cumulative, one quarter or another concept), so each is a footnote letter; the
    definition notes of the figures that are compared are numbered footnotes. KU
    Leuven, named as a peer by the plan, is a column even where nothing is comparable.
    """
    top = _top(result)
    made: dict[tuple[str, str], list[str]] = {}
    for group, ind, den in zip(
        top["peer_group"], top["indicator"], top["denominator"], strict=True
    ):
        made.setdefault((str(group), str(ind)), []).append(str(den))
    missing = result.missing.copy()
    missing["peer_group"] = (
        missing["peer_id"].map(definitions.PEER_GROUPS).fillna(missing["peer_id"])
    )
    missing = missing[missing["peer_group"].isin(TOP_GROUPS)]
    reasons: dict[tuple[str, str], set[str]] = {}
    b_years: dict[str, set[int]] = {}
    other_row = False
    for group, code, reason in zip(
        missing["peer_group"], missing["indicator"], missing["reason_missing"], strict=True
    ):
        group, code, reason = str(group), str(code), str(reason)
        if code in DENOMINATOR_LIKE:
            continue
        row = (
            code
            if code in definitions.OUTPUT_INDICATORS
            else RELATED_INDICATOR.get(code, OTHER_ROW)
        )
        other_row = other_row or row == OTHER_ROW
        letter = _category(code, reason)
        reasons.setdefault((group, row), set()).add(letter)
        found = _NOEMER_MISSING.fullmatch(reason)
        if found:
            b_years.setdefault(group, set()).add(int(found.group(2)))
    # definition notes of the figures behind each comparison, numbered once each
    figures = result.peer_figures[result.peer_figures["peer_group"].isin(TOP_GROUPS)]
    notes: dict[str, int] = {}
    cell_notes: dict[tuple[str, str], list[int]] = {}
    for group, ind, den, note in zip(
        figures["peer_group"],
        figures["indicator"],
        figures["denominator"],
        figures["note_nl"],
        strict=True,
    ):
        if str(den) not in made.get((str(group), str(ind)), []):
            continue
        for part in [p.strip() for p in str(note).split(";")]:
            if not part or part == "nan" or _DENOMINATOR_YEAR.fullmatch(part):
                continue
            number = notes.setdefault(part, len(notes) + 1)
            numbers = cell_notes.setdefault((str(group), str(ind)), [])
            if number not in numbers:
                numbers.append(number)
    # in the order of the national chapter (push, then exchange and serve), the rest after
    order = [c for c in _MATRIX_ORDER if c in definitions.OUTPUT_INDICATORS]
    rows = order + [c for c in definitions.OUTPUT_INDICATORS if c not in order]
    if other_row:
        rows.append(OTHER_ROW)
    used_letters: set[str] = set()
    cells: dict[str, list[str]] = {g: [] for g in TOP_GROUPS}
    comparable = dict.fromkeys(TOP_GROUPS, 0)
    for row in rows:
        for group in TOP_GROUPS:
            dens = made.get((group, row))
            if dens:
                comparable[group] += 1
                text = "ja, " + " en ".join(
                    labels.DENOMINATOR_LABELS.get(d, d) for d in dict.fromkeys(dens)
                )
                numbers = sorted(cell_notes.get((group, row), []))
                if numbers:
                    text += f" ({', '.join(str(n) for n in numbers)})"
                cells[group].append(text)
                continue
            letters = sorted(reasons.get((group, row), set()))
            if row == OTHER_ROW and not letters:
                cells[group].append(fmt.MISSING)  # no other figures: nothing to explain
                continue
            letters = letters or ["a"]
            used_letters.update(letters)
            cells[group].append(f"nee ({', '.join(letters)})")
    frame = pd.DataFrame(
        {
            "Indicator": [INDICATOR_LABELS.get(r, r) for r in rows],
            **{labels.PEER_SHORT_NAMES[g]: cells[g] for g in TOP_GROUPS},
        }
    )
    parts = []
    for letter in sorted(used_letters):
        text = REASONS_NL[letter]
        if letter == "b" and b_years:
            years = "; ".join(
                f"{labels.PEER_SHORT_NAMES[g]} {_years_nl(sorted(b_years[g]))}"
                for g in TOP_GROUPS
                if g in b_years
            )
            text += f" ({years})"
        parts.append(f"{letter}: {text}")
    parts += [f"{number}: {note}" for note, number in notes.items()]
    footnotes = (
        "Bij de tabel: ja is vergelijkbaar met de genoemde noemer, nee niet vergelijkbaar, met "
        "de reden als letter; een cijfer verwijst naar een kanttekening bij de definitie. "
        + ". ".join(parts)
        + ". Geen van de drie publiceert onderzoekspersoneel in fte, dus een vergelijking per "
        "fte onderzoekspersoneel is nergens mogelijk."
    )
    return Matrix(frame=frame, footnotes=footnotes, comparable=comparable, rows=len(rows))


def _years_nl(years: list[int]) -> str:
    shown = [str(y) for y in years]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " en " + shown[-1]


def matrix_notes_markdown(matrix: Matrix) -> str:
    """The footnotes under the matrix as a paragraph (definition notes come from data)."""
    from analysis.publication import escape

    return escape.markdown(matrix.footnotes)


def matrix_markdown(matrix: Matrix) -> str:
    """What the matrix shows, in two sentences with its counts."""
    total = matrix.rows
    per_peer = [
        f"{labels.PEER_SHORT_NAMES[g]} bij {fmt.number(matrix.comparable[g])}" for g in TOP_GROUPS
    ]
    nothing = [labels.PEER_SHORT_NAMES[g] for g in TOP_GROUPS if matrix.comparable[g] == 0]
    text = (
        "Niet elke indicator van de monitor is met elke instelling van de top te vergelijken. "
        f"Van de {fmt.number(total)} regels in de tabel is een vergelijking mogelijk voor "
        f"{_join_nl(per_peer)}; de voetnoten geven per cel de reden of de kanttekening bij de "
        "definitie."
    )
    if nothing:
        text += (
            f" Voor {_join_nl(nothing)} is geen enkele indicator te vergelijken: de gevonden "
            "cijfers missen een noemer of zijn geen jaarcijfer met de definitie van de monitor."
        )
    return text


def _top_source_ids(frame: pd.DataFrame) -> list[str]:
    ids: dict[str, None] = {}
    for cell in frame["source_id"]:
        ids.update(dict.fromkeys(split_source_ids(cell)))
    return sorted(ids)


def short_price_basis(price_basis: str) -> str:
    """'euro, prijspeil 2025, met de Nederlandse HICP': the price basis without its method,
    for a source line under a table whose chapter spells the method out."""
    return f"{price_basis.split(':', 1)[0]}, met de Nederlandse HICP"


def total_source_note(result: EuropeResult, sources: pd.DataFrame) -> str:
    """The gap table's source line: how each side is measured, and the peers' sources."""
    cited = "; ".join(cite(i, sources) for i in _top_source_ids(_top(result)))
    return (
        "Bron: Nederland: som over de instellingen, met "
        f"{level_words.interval(result.levels)} "
        "(demonstratiegegevens waar de instellingen dat zijn). Top: "
        + (f"{cited}; " if cited else "")
        + "bandbreedte over definities, jaren, afronding en toeval. Bedragen in "
        f"{short_price_basis(result.price_basis)}. Berekening: {see_annex(3)}. "
        f"{COUNT_UNIT_NL}"
    )


def matrix_source_note(result: EuropeResult, sources: pd.DataFrame) -> str:
    """Every source of a figure of the top: the matrix says what each of them allows."""
    raw = result.peer_register
    top = raw[raw["peer_id"].map(definitions.PEER_GROUPS).isin(TOP_GROUPS)]
    cited = "; ".join(cite(i, sources) for i in _top_source_ids(top))
    return f"Bron: {cited}." if cited else ""


def opening_markdown(result: EuropeResult) -> str:
    """Chapter 3's first paragraph with submissions: how often the Netherlands lies behind
    or ahead of the top, and how many of those verdicts hold up, in plain words (the
    counts of `intro_markdown`, so the two cannot disagree)."""
    frame = chart_frame(result)
    below, above, total = counts(frame)
    e_below, e_above, _ = established_counts(frame)
    return (
        f"Bij {fmt.number(below)} van de {fmt.number(total)} vergelijkingen met ETH Zürich, "
        f"Oxford en KU Leuven ligt Nederland achter op de Europese top, bij {fmt.number(above)} "
        "voor; bij de andere is het verschil niet te onderscheiden van toeval. Daarvan blijven "
        f"{fmt.number(e_below)} keer achter en {fmt.number(e_above)} keer voor vastgesteld: die "
        "oordelen houden ook stand zonder prijscorrectie en met de Nederlandse cijfers uit "
        "dezelfde jaren als die van de top."
    )


def intro_markdown(result: EuropeResult) -> str:
    """Chapter 3's opening in plain words: what is compared with what, how sure each side
    is, and how many verdicts hold; how amounts are converted and intervals computed is in
    Bijlage B (`technical_markdown`)."""
    frame = chart_frame(result)
    below, above, total = counts(frame)
    e_below, e_above, _ = established_counts(frame)
    return (
        f"De monitor vergelijkt de Nederlandse kennisinstellingen, samen genomen over "
        f"{period_text(result)}, met de Europese top die het plan van KTO-Nederland noemt: ETH "
        "Zürich (met het ETH-domein), Oxford en KU Leuven. Omdat de instellingen verschillen in "
        f"omvang, vergelijkt de monitor {explain('intensiteit', 'intensiteiten')}: uitkomsten "
        "per € 100 mln onderzoeksuitgaven of per uitvindingsmelding, afhankelijk van wat de "
        f"cijfers van de top toelaten. Bedragen staan in euro's met het prijspeil van "
        f"{fmt.year(result.base_year)}: bedragen uit andere jaren en in andere munten zijn "
        "daarnaar omgerekend.\n\n"
        "Beide kanten zijn onzeker. De Nederlandse cijfers krijgen een "
        f"{level_words.interval(result.levels)}: het gebied waarin ze "
        f"{level_words.sure(result.levels)} liggen. De top is geen vast getal maar een bandbreedte, "
        "omdat haar cijfers verschillende definities volgen, uit verschillende jaren komen en "
        "soms afgerond zijn. Nederland heet alleen ‘achter’ of ‘voor’ als het interval en die "
        "bandbreedte elkaar niet overlappen; anders is het verschil niet te onderscheiden. "
        f"{COUNT_UNIT_NL} Bij {fmt.number(below)} van de {fmt.number(total)} vergelijkingen ligt "
        f"Nederland zo achter, bij {fmt.number(above)} voor.\n\n"
        "Een oordeel heet pas vastgesteld als het ook standhoudt zonder prijscorrectie en met "
        "de Nederlandse cijfers uit dezelfde jaren als die van de top; een vergelijking met één "
        "bedrag van de top, zonder onzekerheid, is nooit vastgesteld. Van de "
        f"{fmt.number(below)} keer achter en {fmt.number(above)} keer voor blijven er "
        f"{fmt.number(e_below)} en {fmt.number(e_above)} vastgesteld; de tabel noemt per "
        "vergelijking waarom een oordeel niet is vastgesteld. Hoe de bedragen zijn omgerekend, "
        f"de intervallen zijn berekend en de bandbreedte van de top is bepaald: {see_annex(3)}."
    )


def technical_markdown(result: EuropeResult) -> str:
    """How chapter 3's comparison with the top is computed (Bijlage B): the price basis, the
    Dutch bootstrap interval, the top's ranges and count intervals, and the checks behind
    'vastgesteld'."""
    return (
        f"**Vergelijking met de top.** Alle bedragen zijn in {result.price_basis}. De "
        "Nederlandse kant is de som over de instellingen; haar "
        f"{level_words.interval(result.levels)} komt uit een "
        "bootstrap over de instellingen. De top is geen vast getal: definities verschillen "
        "(het ETH-domein omvat meer dan ETH Zürich), cijfers komen uit verschillende jaren en "
        "sommige zijn afgerond of alleen een ondergrens (‘meer dan’); een afgerond cijfer telt "
        "als plus of min een halve eenheid van het laatste cijfer (‘~700’ als 650–750). "
        + _poisson_sentence(result)
        + " Per instelling van de top geeft de monitor daarom een bandbreedte over al haar "
        "cijfers; Nederland heet alleen ‘achter’ of ‘voor’ als het Nederlandse interval en die "
        "bandbreedte elkaar niet overlappen. " + established_markdown(result)
    )


def _poisson_sentence(result: EuropeResult) -> str:
    """How a count of the top gets its sampling interval, with the smallest count used as the example."""
    from analysis.publication import escape

    reg = result.peer_register
    used = result.peer_figures
    used = used[(used["peer_group"].isin(TOP_GROUPS)) & (used["interval"] == "poisson")]
    counts_used: list[tuple[float, str, int]] = []
    for rec in used.to_dict("records"):
        hit = reg[
            (reg["peer_id"] == rec["peer_id"])
            & (reg["indicator"] == rec["indicator"])
            & (reg["year"].astype(int) == int(rec["peer_year"]))
            & (reg["unit"] == "count")
        ]
        if not hit.empty:
            counts_used.append(
                (float(hit["value"].iloc[0]), str(rec["peer_name"]), int(rec["peer_year"]))
            )
    text = (
        "Een jaarcijfer van de top is bovendien één trekking uit wat de instelling in zo'n jaar "
        "voortbrengt: een telling krijgt daarom haar exacte "
        f"{level_words.interval(result.levels)} (Poisson, Garwood)"
    )
    if counts_used:
        value, name, year = min(counts_used)
        low, high = peers.poisson_interval(value, result.levels.confidence)
        text += (
            f", zo ligt {fmt.number(value)} ({escape.markdown(name)}, {year}) tussen "
            f"{fmt.number(low, 1)} en {fmt.number(high, 1)}"
        )
    return text + (
        ". Een bedrag heeft zo'n interval niet; een vergelijking die op één cijfer van de top "
        f"rust, heet '{INDICATIVE_NL.split(':')[0]}'."
    )


def established_markdown(result: EuropeResult) -> str:
    """What 'vastgesteld' means, and how many verdicts survive the check."""
    frame = chart_frame(result)
    below, above, total = counts(frame)
    e_below, e_above, _ = established_counts(frame)
    return (
        "Een oordeel heet pas vastgesteld als het ook standhoudt bij een andere keuze waarop het "
        f"rust: {NOMINAL_NL} (de andere prijsgrondslag) en met de Nederlandse cijfers uit dezelfde "
        "jaren als die van de top (of zo dicht mogelijk daarbij) in plaats van de laatste drie jaren (het referentiejaar); een "
        "vergelijking met één bedrag van de top zonder interval is nooit vastgesteld. Een deflator "
        "voor onderzoekskosten, zoals de bbp-deflator, heeft de monitor niet als gecontroleerde "
        "reeks met bron: daarom is de HICP, een prijsindex voor consumenten, de enige correctie, "
        "en telt de vergelijking zonder prijscorrectie als de tweede prijsgrondslag. Van de "
        f"{fmt.number(below)} keer achter en {fmt.number(above)} keer voor blijven er "
        f"{fmt.number(e_below)} en {fmt.number(e_above)} vastgesteld; de tabel noemt per "
        f"vergelijking waarom een oordeel niet is vastgesteld (van de {fmt.number(total)})."
    )


def summary_message(result: EuropeResult) -> str:
    """The summary's finding on the top, with what it rests on beside it.

    The count depends on the price basis, on what counts as one comparison and on
    which peers form the top; the sentence names the first two and gives the range
    over the peer choices (each peer alone, each left out; the same recount as the
    sensitivity section).
    """
    frame = chart_frame(result)
    text = chart_title(frame) + (
        f" (bedragen in {short_price_basis(result.price_basis)}; "
        "een vergelijking is één indicator met één noemer tegenover één instelling van de top, "
        "ETH één keer geteld; vastgesteld: het oordeel houdt stand met de onzekerheid van de top, "
        f"{NOMINAL_NL} en met Nederland in de jaren van de top)."
    )
    sens = sensitivity.peer_choice_sensitivity(established_comparisons(result), groups=TOP_GROUPS)
    sens = sens[(sens["choice"] != "all") & (sens["n_comparisons"] > 0)]
    if not sens.empty:
        share = (sens["n_behind"] / sens["n_comparisons"]).to_numpy(dtype="float64")
        lo, hi = sens.iloc[int(np.argmin(share))], sens.iloc[int(np.argmax(share))]
        low = f"{fmt.number(lo['n_behind'])} van de {fmt.number(lo['n_comparisons'])}"
        high = f"{fmt.number(hi['n_behind'])} van de {fmt.number(hi['n_comparisons'])}"
        text += (
            " Vergelijkt de monitor met de instellingen van de top één voor één, of laat hij er "
            "één weg, dan ligt Nederland bij "
            + (low if low == high else f"{low} tot {high}")
            + " vergelijkingen vastgesteld achter (hoofdstuk 5, ‘Gevoeligheid voor aannames’); de "
            "definitieverschillen staan in hoofdstuk 3."
        )
    else:
        text += " De definitieverschillen staan in hoofdstuk 3."
    return text


def total_table(result: EuropeResult, sources: pd.DataFrame) -> Table:
    """The Dutch total against each top peer: values, both sides' spread and the verdict.

    The page combines values in one cell ("3,59 (2,92–4,48)", "€ 599.567", "≥ 0,42",
    a verdict in words); the CSV holds each value in its own column (`total_raw`).
    """
    return Table(
        name="kloof_europese_top",
        caption=f"Nederland ({period_text(result)}) en de Europese top: intensiteiten, "
        "bandbreedte van de top en oordeel",
        frame=total_raw(result),
        columns=total_columns(result),
        source_note=total_source_note(result, sources),
        display=total_shown(result),
    )


def matrix_table(matrix: Matrix, result: EuropeResult, sources: pd.DataFrame) -> Table:
    """The comparability matrix as a table, with the sources of the figures it rests on."""
    return Table(
        "vergelijkbaarheid_top",
        "Wat met welke instelling van de top te vergelijken is",
        matrix.frame,
        source_note=matrix_source_note(result, sources),
        basis="real",
    )


def not_comparable_table(result: EuropeResult, sources: pd.DataFrame) -> Table:
    """Every figure of the top on an indicator of the monitor whose definition differs: shown
    as 'niet vergelijkbaar' with the reason, never as a gap (`peer_gaps.check_definitions`).
    The CSV holds the figure as a number and whether it is rounded; the page writes
    "1.234 (bij benadering)"."""
    return Table(
        "andere_definitie_top",
        "Cijfers van de top die iets anders tellen dan de monitor: niet vergelijkbaar, met de "
        "reden",
        not_comparable_raw(result),
        {"Cijfer": Column(format=_figure_cell, reads=("Cijfer", "Bij benadering"))},
        source_note=not_comparable_source_note(result, sources),
        basis="real",
        show=("Vergelijking", "Indicator", "Jaar", "Cijfer", "Waarom niet"),
    )


def _figure_cell(value: float, approximate: bool) -> str:
    return fmt.number(value) + (" (bij benadering)" if approximate else "")


def not_comparable_raw(result: EuropeResult) -> pd.DataFrame:
    """The top's figures that count something else, each as a number with whether it is
    rounded, and the reason in words."""
    columns = ["Vergelijking", "Indicator", "Jaar", "Cijfer", "Waarom niet", "Bij benadering"]
    reg = result.peer_register
    if "comparable" not in reg.columns:
        return pd.DataFrame(columns=columns)
    reg = reg[
        reg["peer_id"].map(definitions.PEER_GROUPS).isin(TOP_GROUPS)
        & reg["indicator"].isin(definitions.OUTPUT_INDICATORS)
        & (reg["comparable"] == "no")
    ].sort_values(["peer_id", "indicator", "year"])
    return pd.DataFrame(
        {
            "Vergelijking": reg["peer_name"].astype(str),
            "Indicator": reg["indicator"].map(INDICATOR_LABELS).fillna(reg["indicator"]),
            "Jaar": reg["year"].astype(str),
            "Cijfer": reg["value"].astype("float64"),
            "Waarom niet": reg["not_comparable_nl"].astype(str),
            "Bij benadering": reg["value_type"] == "approximate",
        },
        columns=columns,
    ).reset_index(drop=True)


def not_comparable_markdown(result: EuropeResult) -> str:
    """One sentence above the table: what is left out and that no gap is computed from it."""
    table = not_comparable_raw(result)
    if table.empty:
        return ""
    return (
        f"{fmt.number(len(table))} cijfers van de top gaan over een indicator van de monitor maar "
        "tellen iets anders, volgens hun eigen definitie of hun herkomst. Ze staan hieronder als "
        "niet vergelijkbaar, met de reden; de monitor maakt er geen kloof, oordeel of doelpad van."
    )


def not_comparable_source_note(result: EuropeResult, sources: pd.DataFrame) -> str:
    """The sources of the figures that are not comparable (and only those)."""
    reg = result.peer_register
    if "comparable" not in reg.columns:
        return ""
    reg = reg[
        reg["peer_id"].map(definitions.PEER_GROUPS).isin(TOP_GROUPS)
        & reg["indicator"].isin(definitions.OUTPUT_INDICATORS)
        & (reg["comparable"] == "no")
    ]
    cited = "; ".join(cite(i, sources) for i in _top_source_ids(reg))
    return f"Bron: {cited}." if cited else ""
