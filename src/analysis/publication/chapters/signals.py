"""Signalen en aandachtspunten: what in this year's data deserves attention, computed, not advised.

The plan asks the monitor to advise on adjustments. The monitor does not set policy;
this section lists, from the data, where a reader should look: the comparisons with
the European top where the gap is largest, institutions that did not report (by
name), warnings of the data checks, and the assumptions that move the catch-up
scenario most (the ranking of the sensitivity section). Each item says what it rests
on; none says what should be done.

Every function takes the chapters' results (frames), not files, so the wording is
tested on hand-made inputs with known answers; `compute` wires them to the data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite
from analysis.methods import copublications as cp
from analysis.publication import escape
from analysis.publication import formatting as fmt
from analysis.publication.chapters import appendix
from analysis.publication.chapters.copublications import shared
from analysis.publication.chapters.europe import result, tables
from analysis.publication.chapters.national import totals, trend
from analysis.publication.chapters.scheme import result as scheme_result
from analysis.publication.chapters.scheme import scenario_sensitivity
from analysis.publication.chapters.sensitivity import outcomes as assumptions_outcomes
from analysis.publication.chapters.sensitivity import scheme_outcomes
from analysis.publication.labels import rule_label

#: Key figures whose missing reporters are named (the summary's key figures).
REPORTED_INDICATORS: tuple[str, ...] = (
    "spinoffs",
    "invention_disclosures",
    "licence_agreements",
    "licence_income_eur",
    "research_agreements_n",
    "kto_staff_fte",
)
#: How many comparisons with the top are named as the largest gaps.
LARGEST_GAPS = 3
#: How many assumptions are named per scenario quantity.
TOP_ASSUMPTIONS = 2


@dataclass(frozen=True)
class Signal:
    """One item of the section: a short Dutch heading and its text (pandoc Markdown)."""

    heading: str
    text: str


def _join(items: Sequence[str], word: str = "en") -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _in_sentence(label: str) -> str:
    """A label inside a sentence: first letter lower case unless it starts an acronym."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _pct(value: float) -> str:
    return f"{fmt.number(100 * value)}%"


# --------------------------------------------------------------------------- the top


def gap_signal(frame: pd.DataFrame, demo: bool, n: int = LARGEST_GAPS) -> Signal | None:
    """The comparisons where the Netherlands is furthest behind the top.

    `frame` is chapter 3's `europe.chart_frame`: one row per comparison with `label`,
    `ratio` (Dutch intensity / the top's), `low`/`high` (the interval over both sides),
    `verdict` and `established`. Only comparisons established behind count (the interval
    below 1 with the top's own uncertainty, on both price bases and in the top's own
    years); the smallest ratio is the largest gap. None when none is established.
    """
    established = frame["established"].astype(str) == "behind"
    behind = frame[established].sort_values("ratio", kind="stable").head(n)
    if behind.empty:
        return None
    items = [
        f"{escape.markdown(_in_sentence(str(r['label'])))}: {_pct(float(r['ratio']))} van de top "
        f"(tussen {_pct(float(r['low']))} en {_pct(float(r['high']))})"
        for _, r in behind.iterrows()
        if np.isfinite(float(r["low"]))
    ]
    if not items:
        return None
    total = int(established.sum())
    text = (
        f"Nederland ligt bij {fmt.number(total)} van de {fmt.number(len(frame))} vergelijkingen "
        "vastgesteld achter op de Europese top (ook in nominale euro's en met Nederland in de "
        "jaren van de top); het verst bij " + _join(items, "en bij") + " (hoofdstuk 3)."
    )
    if demo:
        text += " Deze vergelijkingen rusten op demonstratiegegevens."
    return Signal("Grootste achterstand op de Europese top", text)


def copublication_signal(
    below: Sequence[str], n_universities: int, peers: Sequence[str], citation: str
) -> Signal | None:
    """Universities whose industry co-publication share is below all three peers (real data).

    The share follows the fields a university works in, so the signal says so: it
    points at a profile, not at a shortfall.
    """
    if not below:
        return None
    return Signal(
        "Publicaties met het bedrijfsleven",
        f"{fmt.number(len(below))} van de {fmt.number(n_universities)} Nederlandse "
        "universiteiten publiceren aantoonbaar minder vaak met bedrijven dan "
        f"{_join([escape.markdown(p) for p in peers])}: "
        f"{_join([escape.markdown(b) for b in below])} {escape.markdown(citation)} (gecorrigeerd "
        "voor het aantal vergelijkingen). Dat komt mede door hun vakgebieden; hoeveel, is "
        "zonder cijfers per vakgebied niet na te gaan (hoofdstuk 3).",
    )


# --------------------------------------------------------------------------- reporting


def reporting_signal(
    wide: pd.DataFrame,
    year: int,
    names: Mapping[str, str],
    expected: Sequence[str],
    indicators: Sequence[str] = REPORTED_INDICATORS,
) -> Signal:
    """Institutions without a submission for `year`, and per key figure who left it empty.

    `expected`: the institutions the monitor follows (`institutions.csv`). An
    institution that sent a submission but no figure for an indicator is named under
    that indicator; the key figures count only what was reported.
    """
    present = set(wide.loc[wide["year"] == year, "institution_id"].astype(str))
    absent = [names.get(i, i) for i in expected if i not in present]
    if not present:
        return Signal(
            "Opgaven van de instellingen",
            f"Geen van de {fmt.number(len(expected))} instellingen die de monitor volgt, heeft "
            f"voor {year} cijfers opgegeven. Zonder die opgaven blijven de landelijke cijfers, "
            "de afstand tot de top en de voortgang van de regeling ongemeten; de jaren vóór de "
            "start van de regeling zijn nodig om een verandering aan de regeling te koppelen "
            "(hoofdstuk 5).",
        )
    if absent:
        verb = "leverde" if len(absent) == 1 else "leverden"
        text = (
            f"{fmt.number(len(absent))} van de {fmt.number(len(expected))} instellingen {verb} "
            f"voor {year} geen opgave in: {_join([escape.markdown(a) for a in absent])}."
        )
    else:
        text = f"Alle {fmt.number(len(expected))} instellingen leverden voor {year} een opgave in."
    rows = wide[(wide["year"] == year) & wide["institution_id"].astype(str).isin(present)]
    empty = []
    for code in indicators:
        if code not in rows.columns:
            continue
        missing = sorted(rows.loc[rows[code].isna(), "institution_id"].astype(str))
        if missing:
            who = _join([escape.markdown(names.get(i, i)) for i in missing])
            empty.append(f"{totals.label_in_sentence(code)} ({who})")
    if empty:
        text += " Zonder cijfer in hun opgave: " + "; ".join(empty) + "."
    return Signal("Opgaven van de instellingen", text)


# --------------------------------------------------------------------------- data quality

_FILE_YEAR = re.compile(r"(?:^|/)(\d{4})/")


def quality_signal(results: pd.DataFrame, year: int, names: Mapping[str, str]) -> Signal:
    """Warnings of the data checks: how many in all, and each one in the last two years.

    `results` is the validation table (`validation_results.parquet`); a warning
    belongs to the year of its submission folder (`kt_metrics/<year>/...`). The
    messages are shown in Dutch (`appendix.dutch_message`).
    """
    warnings = results[results["outcome"] == "warning"]
    failed = int((results["outcome"] == "failed").sum())
    if warnings.empty and not failed:
        return Signal(
            "Datakwaliteit",
            f"De controles op de invoer gaven geen waarschuwingen ({fmt.number(len(results))} "
            "controles; bijlage B).",
        )
    by_rule = warnings["rule"].astype(str).value_counts()
    counted = _join([f"{rule_label(str(r))} ({fmt.number(n)})" for r, n in by_rule.items()])
    text = (
        f"De controles op de invoer gaven {fmt.number(len(warnings))} "
        f"{'waarschuwing' if len(warnings) == 1 else 'waarschuwingen'} over alle jaren: "
        f"{counted} (bijlage B)."
    )
    years = warnings["file"].astype(str).str.extract(_FILE_YEAR)[0]
    recent = warnings[years.isin([str(year - 1), str(year)])]
    if recent.empty:
        text += f" In de opgaven over {year - 1} en {year} was er geen."
    else:
        items = [
            escape.markdown(appendix.dutch_message(str(m), dict(names))) for m in recent["message"]
        ]
        text += f" In de opgaven over {year - 1} en {year}: " + "; ".join(items) + "."
    return Signal("Datakwaliteit", text)


# --------------------------------------------------------------------------- assumptions


def _assumption_name(labels: Mapping[str, str], key: str) -> str:
    """'Bandbreedte van de top (laag–hoog)' -> 'bandbreedte van de top' (the range follows)."""
    return re.sub(r"\s*\([^)]*\)$", "", labels.get(key, key)).lower()


def assumption_signal(
    tornado: pd.DataFrame, quantity: str, labels: Mapping[str, str], n: int = TOP_ASSUMPTIONS
) -> Signal | None:
    """The assumptions that move one scenario quantity most, with the range each gives.

    `tornado` is the sensitivity section's frame (`sensitivity.tornado`): per quantity
    and assumption the report's value (`central_text`) and the lowest and highest
    (`low`, `high`, `low_text`, `high_text`). The widest range ranks first, as in the
    section; assumptions that move nothing are left out. `labels` names assumptions.
    """
    rows = tornado[tornado["quantity"] == quantity]
    rows = rows.assign(width=rows["high"] - rows["low"])
    rows = rows[rows["width"] > 0].sort_values("width", ascending=False, kind="stable").head(n)
    if rows.empty:
        return None
    subject = str(rows["quantity_label"].iloc[0])
    items = [
        f"de {_assumption_name(labels, str(r['assumption']))} "
        f"({escape.markdown(str(r['low_text']))} tot {escape.markdown(str(r['high_text']))})"
        for _, r in rows.iterrows()
    ]
    return Signal(
        "Aannames die het inhaalscenario bepalen",
        f"{escape.markdown(subject)}: in het rapport "
        f"{escape.markdown(str(rows['central_text'].iloc[0]))}. Het meest hangt dat af van "
        + _join(items)
        + " (hoofdstuk 5, ‘Gevoeligheid voor aannames’).",
    )


# --------------------------------------------------------------------------- the section


def compute(
    wide: pd.DataFrame,
    data_dir: Path,
    year: int,
    quality: pd.DataFrame,
    gaps: result.EuropeResult | None,
    chapter5: scheme_result.SchemeResult | None,
) -> list[Signal]:
    """Every signal, from the chapters' own results (`gaps`: `europe.compute`, `chapter5`:
    `scheme.compute`; None in an edition without submissions) and functions."""
    demo = trend.uses_demonstration_data(wide)
    institutions = reference.load_institutions(data_dir)
    names = totals.short_names(institutions)
    out: list[Signal] = []
    if gaps is not None:
        gap = gap_signal(tables.chart_frame(gaps), demo)
        if gap is not None:
            out.append(gap)
    if shared.available(data_dir):
        chapter = shared.compute(data_dir)
        verdicts = cp.against_all_peers(chapter.comparison)
        table = chapter.comparison.table.set_index("unit_id")
        lower = [str(table.loc[u, "name"]) for u in verdicts.index[verdicts == "lower"]]
        peers = [chapter.short_names.get(p, p) for p in cp.PEERS if p in table.index]
        signal = copublication_signal(
            lower, len(verdicts), peers, cite(list(chapter.comparison.source_ids), chapter.sources)
        )
        if signal is not None:
            out.append(signal)
    out.append(
        reporting_signal(wide, year, names, list(institutions["institution_id"].astype(str)))
    )
    out.append(quality_signal(quality, year, names))
    if chapter5 is None:
        return out
    plan = chapter5.plan
    if plan.headline is not None:
        sens = scenario_sensitivity.compute_scenario_sensitivity(wide, data_dir, plan)
        outcomes = pd.concat(
            [
                scheme_outcomes.scenario_outcomes(plan, sens),
                scheme_outcomes.jobs_outcomes(plan, sens),
            ],
            ignore_index=True,
        )
        if not outcomes.empty:
            signal = assumption_signal(
                assumptions_outcomes.tornado(outcomes),
                "scenario_sum",
                assumptions_outcomes.ASSUMPTION_NL,
            )
            if signal is not None:
                out.append(signal)
    return out


INTRO = (
    "Wat in de gegevens van dit jaar aandacht verdient, berekend uit dezelfde cijfers als de "
    "hoofdstukken. Het zijn signalen voor wie de monitor leest, geen adviezen: de monitor "
    "zegt waar het verschil of de onzekerheid het grootst is, niet wat eraan moet gebeuren."
)


def markdown(signals: Sequence[Signal]) -> str:
    """The section: its intro and one bullet per signal with a bold heading."""
    return INTRO + "\n\n" + "\n".join(f"- **{s.heading}.** {s.text}" for s in signals)
