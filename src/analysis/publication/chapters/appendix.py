"""Bijlagen: methods and indicator definitions, the numbered reference list, data quality, colophon.

The colophon states plainly which figures are demonstration data; it is computed
from the `source_id` of every processed value, never written by hand. The reference
list ('Bronnenlijst') is the one place where sources are cited in full: the rest of
the report cites them by the number they have here (`analysis.data.sources`). Nothing in
these tables shows a code: indicators by their Dutch label, statuses and validation
rules in Dutch words, institutions by their short name.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.data import reference
from analysis.data.assumptions import load_levels
from analysis.data.content_hash import digest, hash_file, hash_tree
from analysis.data.indicators import (
    CATALOGUE_FILE,
    DEFINITION_ORIGIN_NL,
    MONITOR_DEFINITIONS_SOURCE,
    catalogue,
    check_definition_sources,
    load_indicators,
)
from analysis.data.sources import (
    DEMONSTRATION_SOURCE_ID,
    ORGANISATION_COLUMN,
    SOURCES_FILE,
    check_entries,
    cite,
    entry_date,
    load_sources,
    reference_list,
    split_source_ids,
)
from analysis.publication import escape, labels
from analysis.publication import formatting as fmt
from analysis.publication.chapters import levels as level_words
from analysis.publication.display.table import Table
from analysis.publication.labels import INDICATOR_LABELS, column_label, rule_label, status_label
from analysis.versions import MANIFEST_PACKAGES

#: The reference list's table name (`data/bronnen.csv`, site id `tab-bronnen`) and the
#: heading of its section: the stable marker by which the editorial test leaves the
#: list's original titles out of its language checks.
REFERENCE_TABLE = "bronnen"


#: Packages named in the colophon (what the figures were computed and typeset with).
COLOPHON_PACKAGES: tuple[str, ...] = tuple(
    p for p in MANIFEST_PACKAGES if p not in ("valorisatiemonitor", "pyarrow")
)


def _methods_table_frame(data_dir: Path) -> pd.DataFrame:
    """The indicator catalogue with each definition and whose it is.

    The catalogue's definitions are checked first (`indicators.check_definition_sources`):
    a definition is attributed to a source only where the register records that the
    source holds definitions; the others are the monitor's own, and the table says so.
    """
    catalogue = load_indicators(data_dir)
    sources = load_sources(data_dir)
    check_definition_sources(catalogue, sources, data_dir / CATALOGUE_FILE)
    origin = [
        DEFINITION_ORIGIN_NL["monitor"]
        if status == "monitor"
        else f"{DEFINITION_ORIGIN_NL['cited']} {cite(source, sources)}"
        for status, source in zip(
            catalogue["definition_origin"], catalogue["source_id"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            "Indicator": catalogue["label_nl"],
            "Eenheid": catalogue["unit"].map(labels.UNIT_LABELS).fillna(catalogue["unit"]),
            "Groep": catalogue["model_group"]
            .map(labels.MODEL_GROUP_LABELS)
            .fillna(catalogue["model_group"]),
            "Definitie": catalogue["definition_nl"],
            "Herkomst van de definitie": origin,
        }
    )


def methods_markdown(data_dir: Path, year: int) -> str:
    """Bijlage B's method text, with the facts that depend on the data computed.

    States whose the indicator definitions are (counted from the catalogue), the price
    basis of every comparison with the top (from the price index: the report year's
    prices, Dutch HICP, peers at their own year's ECB rate, no PPP), the peer ranges and
    the counting of ETH once, and where the sensitivity to the assumptions is shown.
    """
    from analysis.data import reference
    from analysis.methods.peer_gaps import money as peer_gaps_money
    from analysis.publication.chapters.europe import result

    catalogue = load_indicators(data_dir)
    sources = load_sources(data_dir)
    n_monitor = int((catalogue["definition_origin"] == "monitor").sum())
    n_total = len(catalogue)
    if n_monitor == n_total:
        whose = (
            "Alle definities in de tabel hieronder zijn eigen definities van de monitor, "
            "afgestemd op de namen van de ASTP-indicatoren: een bron die de definities van de "
            "ASTP-enquête zelf bevat, is niet ingezien "
            f"{escape.markdown(cite(MONITOR_DEFINITIONS_SOURCE, sources))}."
        )
    else:
        whose = (
            f"Van de {fmt.number(n_total)} indicatoren volgen er {fmt.number(n_total - n_monitor)} "
            f"de definitie van de geciteerde bron; de andere {fmt.number(n_monitor)} zijn eigen "
            "definities van de monitor, afgestemd op de namen van de ASTP-indicatoren (de kolom "
            "'Herkomst van de definitie' zegt welke)."
        )
    base = result.price_base_year(data_dir, year)
    basis = peer_gaps_money.price_basis_text(reference.load_price_index(data_dir), base)
    return "\n\n".join(
        [
            "De monitor volgt de indicatoren van de jaarlijkse enquête van de Europese "
            "beroepsvereniging ASTP (de Europese kennisoverdrachtsindicatoren), zoals het plan "
            f"KTO-Nederland vraagt {escape.markdown(cite('kto_nl_plan_2021', sources))}. "
            f"{institutions_sentence(data_dir)} {whose} Omdat "
            "instellingen sterk verschillen in omvang, vergelijkt de monitor intensiteiten: een "
            "indicator per € 100 mln onderzoeksuitgaven, per fte KTO-personeel of per "
            "uitvindingsmelding; een jaar van een instelling telt alleen mee als de uitkomst en de "
            "noemer van dat jaar allebei zijn opgegeven.",
            "Vergelijkingen met de Europese top (ETH Zürich en het ETH-domein, Oxford, KU Leuven) "
            f"zijn in {basis}. De Nederlandse kant is de som over de instellingen over de laatste "
            f"drie jaar, met een {level_words.confidence(load_levels(data_dir))}-bootstrapinterval "
            "over de instellingen. De top is geen exact "
            "getal maar per instelling een bandbreedte over al haar cijfers: definities, jaren en "
            "afronding (een afgerond cijfer telt als plus of min een halve eenheid van het laatste "
            "cijfer, een ondergrens is naar boven open). Nederland heet alleen ‘achter’ of ‘voor’ "
            "als het Nederlandse interval en die bandbreedte elkaar niet overlappen. "
            f"{result.COUNT_UNIT_NL} Waar de cijfers van de top een andere definitie volgen "
            "(bijvoorbeeld het ETH-domein in plaats van ETH Zürich, of alle octrooiaanvragen in "
            "plaats van prioritaire aanvragen), staat dat als toelichting bij elke tabel die ze "
            "gebruikt.",
            f"De indeling in valorisatiemodellen ({labels.MODEL_LABELS['push']}, "
            f"{labels.MODEL_LABELS['exchange']} en {labels.MODEL_LABELS['serve']}) is een "
            "transparante regel "
            "over de gemeten mix van indicatoren per instelling, vergeleken met de mediane "
            "instelling; het profiel van de instelling telt niet mee; een clustering van dezelfde "
            "gegevens dient als controle. Veranderingen ten opzichte van het vorige jaar zijn "
            "berekend over de instellingen met een opgave in beide jaren. Trends zijn geschat met "
            "een Poisson-model met een vast effect per instelling; de telmodellen (Poisson of "
            "negatief-binomiaal, gekozen met de toets op overdispersie) hebben fouten geclusterd "
            "per instelling. Rond het eerste jaar met budget van de regeling (uit de begroting "
            "van het plan) is een onderbroken tijdreeks geschat, met placebobreuken in eerdere "
            "jaren en een vergelijking van de partners van KTO-Nederland met de overige "
            "instellingen; zo'n ontwerp toont hooguit een samenhang in de tijd. Hoe de "
            "hoofduitkomsten veranderen met de keuze van de vergelijkingsinstellingen, het "
            "prijspeil, het referentiepunt van de modellen, het breukjaar en de vorm van de "
            "breuk, en met de aannames van het inhaalscenario, staat in hoofdstuk 5 onder "
            "‘Gevoeligheid voor aannames’.",
        ]
    )


def institutions_sentence(data_dir: Path) -> str:
    """Which institutions the monitor follows and where that list comes from (cited)."""
    institutions = reference.load_institutions(data_dir)
    partner = institutions["kto_nl_partner"].astype(bool)
    members = set(reference.load_consortium_members(data_dir)["institution_id"].astype(str))
    others = institutions.loc[~partner, "institution_id"].astype(str)
    in_consortia = int(others.isin(members).sum())
    rest = len(others) - in_consortia
    cited = cite(institutions["source_id"].dropna().astype(str), load_sources(data_dir))
    parts = [f"{fmt.number(int(partner.sum()))} partners van het plan KTO-Nederland"]
    if in_consortia:
        parts.append(
            f"{fmt.number(in_consortia)} andere deelnemers aan de consortia van het "
            "Valorisatieprogramma"
        )
    if rest:
        parts.append(f"{fmt.number(rest)} andere instellingen")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
    return (
        f"De monitor volgt {fmt.number(len(institutions))} kennisinstellingen: {listed}; "
        f"hun type, profiel en regio komen uit de bronnen {escape.markdown(cited)}."
    )


#: How the list's entries are anchored on the site (`bron-<n>`), so a citation links to one.
REFERENCE_ANCHOR = "bron"
#: The status a list entry does not repeat: most sources were read where the list says.
READ_STATUS = "read"


def reference_entry(citation: str, status: str) -> str:
    """One entry as printed: the citation, then its status in words where it is not
    'gelezen in de bron' ('… Status: uit secundaire bron.')."""
    if status == READ_STATUS:
        return citation
    return f"{citation} Status: {status_label(status)}."


def _reference_frame(data_dir: Path) -> pd.DataFrame:
    """The numbered reference list: number and entry ('Organisatie (jaar). Titel. Uitgever.
    Adres.', status in words where it is not read), and each part of the entry in its own
    column. Every listed entry is checked first
    (`sources.check_entries`): organisation, year, title and one stable address, no copy
    on a code or document site, no 'niet vastgelegd'. Sources used only by the tests and
    sources kept in the register but cited nowhere are not in it. The numbers are those
    every chapter cites (`analysis.data.sources.cite`).
    """
    register = load_sources(data_dir)
    check_entries(register, Path(data_dir) / SOURCES_FILE)
    listed = reference_list(register)
    rows = register.set_index("source_id").loc[listed["source_id"]]
    return pd.DataFrame(
        {
            "Nr.": listed["number"].to_numpy(),
            "Bron": [
                reference_entry(c, s)
                for c, s in zip(listed["citation"], listed["status"], strict=True)
            ],
            "Organisatie": rows[ORGANISATION_COLUMN].to_numpy(),
            "Datum": [entry_date(str(d)) for d in rows["date"].fillna("")],
            "Titel": rows["title"].to_numpy(),
            "Uitgever": rows["publisher"].fillna("").to_numpy(),
            "Adres": rows["locator"].fillna("").to_numpy(),
            "Status": listed["status"].map(status_label).to_numpy(),
        }
    )


#: Above the list: how the report refers to it (no example numbers, so the list's
#: section holds no citation of its own).
REFERENCE_INTRO = (
    "De tekst en de tabellen van dit rapport verwijzen naar de bronnen hieronder met hun "
    "nummer: tussen haken in de tekst, na 'Bron' of 'Bronnen' onder een tabel of figuur. De "
    "lijst bevat alleen bronnen die het rapport aanhaalt: per bron de organisatie, het jaar, "
    "de oorspronkelijke titel (of, waar die niet bekend is, een beschrijving van het "
    "document), de uitgever en één vast adres. Een onbekend jaar staat er als z.j. (zonder "
    "jaar), een afgeleid jaar met ca. ervoor. Een status staat erbij waar de monitor de bron niet zelf "
    "heeft gelezen op het genoemde adres: uit secundaire bron (overgenomen uit een andere "
    "publicatie of een kopie), afgeleid (berekend uit gelezen cijfers), aanname (een keuze "
    "van de monitor) of demonstratiegegevens. Welke kopie de monitor waar gebruikte, staat "
    "op de gegevenspagina van de website."
)


#: The demonstration generator's calibration table (`analysis.data.demo.CALIBRATION_FILE`).
CALIBRATION_TABLE = "context/demo_calibration.csv"


def calibration_citation(data_dir: Path) -> str:
    """The list numbers of the figures the demonstration generator is calibrated on."""
    table = pd.read_csv(Path(data_dir) / CALIBRATION_TABLE, dtype=str, keep_default_na=False)
    ids = [
        one
        for cell in table["source_id"]
        for one in split_source_ids(cell)
        if one != DEMONSTRATION_SOURCE_ID
    ]
    return cite(ids, load_sources(data_dir)) if ids else ""


def demonstration_statement(long: pd.DataFrame, data_dir: Path | None = None) -> str:
    """Which processed values are demonstration data, counted from their source ids.

    With `data_dir`, the generator and the figures it is calibrated on are cited by
    their numbers in the reference list.
    """
    total = len(long)
    demo = long[long["source_id"] == DEMONSTRATION_SOURCE_ID]
    if total == 0:
        return (
            "De instellingen hebben nog geen cijfers aan de monitor opgegeven. Alle cijfers in "
            "deze editie komen uit de geciteerde bronnen van de bronnenlijst, of zijn als "
            "aanname van de monitor gemarkeerd."
        )
    if demo.empty:
        return (
            f"Alle {fmt.number(total)} waarden in de instellingsopgaven komen uit opgegeven bronnen; "
            "er zijn geen demonstratiedata gebruikt."
        )
    years = sorted(demo["year"].unique())
    institutions = demo["institution_id"].nunique()
    share = len(demo) / total if total else 0.0
    generator = "de demonstratiegenerator van de Valorisatiemonitor"
    calibrated = "gekalibreerd op geciteerde cijfers"
    if data_dir is not None:
        sources = load_sources(data_dir)
        generator += " " + escape.markdown(cite(DEMONSTRATION_SOURCE_ID, sources))
        figures = calibration_citation(data_dir)
        if figures:
            calibrated += " " + escape.markdown(figures)
    return (
        f"**Demonstratiedata.** {fmt.number(len(demo))} van de {fmt.number(total)} waarden "
        f"({fmt.percent(share)}) in de instellingsopgaven, voor {fmt.number(institutions)} "
        f"instellingen over {fmt.year(years[0])}–{fmt.year(years[-1])}, zijn gemaakt door "
        f"{generator}: een generator met een vaste startwaarde, {calibrated}, die het "
        "ontbreken van openbare jaarcijfers per Nederlandse KTO opvangt. Het zijn geen echte "
        "cijfers van instellingen. Alle tabellen en figuren die daarop rusten zijn als "
        "demonstratiegegevens gemarkeerd. Echt en geciteerd zijn: de gegevens over het "
        "Valorisatieprogramma en de consortia, de cijfers van de Europese top en de "
        "ASTP-enquête, de copublicaties met het bedrijfsleven, de wisselkoersen, de prijsindex "
        "en de begroting van de regeling (met de aanloop als aanname)."
    )


def _colophon_inputs_frame(data_dir: Path) -> pd.DataFrame:
    """Content hashes of the inputs: one per reference table, one per year of submissions."""
    rows = []
    for path in sorted(data_dir.rglob("*.csv")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] == "kt_metrics":
            continue
        rows.append((relative.as_posix(), hash_file(path)[:16]))
    submissions = data_dir / "kt_metrics"
    if submissions.is_dir():
        for year_dir in sorted(p for p in submissions.iterdir() if p.is_dir()):
            files = hash_tree(year_dir)
            rows.append(
                (
                    f"kt_metrics/{year_dir.name}/ ({fmt.number(len(files))} bestanden)",
                    digest(files)[:16],
                )
            )
    return pd.DataFrame(rows, columns=["Invoer", "SHA-256 (eerste 16 tekens)"])


def versions_markdown(versions: pd.DataFrame) -> str:
    """The software of the colophon as a sentence: 'altair versie 5.5.0, …'.

    A version number keeps its points ('1.17' is not a decimal number); the word
    'versie' before it tells the reader (and the editorial check) what it is.
    """
    items = [
        f"{escape.markdown(str(p))} versie {escape.markdown(str(v))}"
        if v[:1].isdigit()
        else f"{escape.markdown(str(p))} ({escape.markdown(str(v))})"
        for p, v in zip(versions["Pakket"], versions["Versie"], strict=True)
    ]
    listed = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
    return f"Dit rapport is berekend en opgemaakt met Python en de pakketten {listed}."


def colophon_versions() -> pd.DataFrame:
    rows = []
    for package in COLOPHON_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "niet geïnstalleerd"
        rows.append((package, version))
    return pd.DataFrame(rows, columns=["Pakket", "Versie"])


def suite_nl(suite: str) -> str:
    """The Dutch name of a validation suite; a table added later is named by its file.

    A reader never sees a suite code: an unknown `reference_<folder>_<file>` becomes
    'Referentietabel <folder> <file>' (the words of the file a user would open), anything
    else 'Overige controles'. Every table shipped today has its own name (tested).
    """
    if suite in labels.CHECK_SUITE_LABELS:
        return labels.CHECK_SUITE_LABELS[suite]
    if suite.startswith("reference_"):
        return f"Referentietabel {suite.removeprefix('reference_').replace('_', ' ')}"
    return "Overige controles"


def _quality_summary_frame(results: pd.DataFrame) -> pd.DataFrame:
    """Per suite: how many rules were checked and how many passed, warned or failed."""
    checks = results.assign(
        outcome_nl=results["outcome"].map(labels.CHECK_OUTCOME_LABELS).fillna(results["outcome"])
    )
    counts = checks.pivot_table(
        index="suite", columns="outcome_nl", values="rule", aggfunc="count", fill_value=0
    )
    for column in ("geslaagd", "waarschuwing", "fout"):
        if column not in counts.columns:
            counts[column] = 0
    counts = counts[["geslaagd", "waarschuwing", "fout"]].astype("int64")
    order = [s for s in labels.CHECK_SUITE_LABELS if s in counts.index] + sorted(
        set(counts.index) - set(labels.CHECK_SUITE_LABELS)
    )
    counts = counts.loc[order]
    counts.index = [suite_nl(str(s)) for s in counts.index]
    counts.index.name = "Controle"
    return counts.reset_index()


_INDICATOR_CODE = re.compile(
    r"(?<![\w-])("
    + "|".join(map(re.escape, sorted(INDICATOR_LABELS, key=len, reverse=True)))
    + r")(?![\w-])"
)


def dutch_message(message: str, names: dict[str, str]) -> str:
    """A validation message as a reader reads it: codes replaced by Dutch words.

    The validation writes its messages for the researchers who fix the files, with the
    indicator's code and the institution's id ('spinoff_capital_eur van artez springt
    van ...'). Here an indicator code becomes its Dutch label, an institution id its
    short name (`names`, matched case-sensitively as a whole word: ids are lower case),
    the amounts of a money indicator get '€' and 'EUR 1.234' becomes '€ 1.234'. Other
    text is left as it is.
    """

    money = any(code in catalogue().money_codes for code in _INDICATOR_CODE.findall(message))
    text = _INDICATOR_CODE.sub(lambda m: INDICATOR_LABELS[m.group(1)].lower(), message)
    if money:  # 'springt van 0 (2023) naar 2.612.974 (2024)': the amounts are euros
        text = re.sub(r"\b(van|naar) (-?\d[\d.,]*) \(", r"\1 € \2 (", text)
    if names:
        ids = sorted(names, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
        text = pattern.sub(lambda m: names[m.group(1)], text)
    return str(re.sub(r"\bEUR (?=[-\d])", "€ ", text))


def _quality_warnings_frame(
    results: pd.DataFrame, names: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every warning with file, row, column and check, in Dutch, as a researcher would look it up.

    `names` maps institution ids to short names for the messages (`dutch_message`).
    """
    warnings = results[results["outcome"] == "warning"]

    def text(values: list[str]) -> pd.Series[str]:  # text also when empty (no warning)
        return pd.Series(values, index=warnings.index, dtype="object")

    return pd.DataFrame(
        {
            "Bestand": warnings["file"].fillna("–"),
            "Rij": warnings["row"],
            "Kolom": text(
                [
                    column_label(str(c)) if isinstance(c, str) and c else "–"
                    for c in warnings["column"]
                ]
            ),
            "Controle": text([rule_label(str(r)) for r in warnings["rule"]]),
            "Melding": text([dutch_message(str(m), names or {}) for m in warnings["message"]]),
        }
    ).reset_index(drop=True)


def _quality_by_rule_frame(results: pd.DataFrame) -> pd.DataFrame:
    """Per check that warned: how many warnings, in how many files (the table in the PDF)."""
    warnings = results[results["outcome"] == "warning"]
    rows = [
        (rule_label(str(rule)), len(group), int(group["file"].nunique()))
        for rule, group in warnings.groupby("rule", sort=False)
    ]
    frame = pd.DataFrame(rows, columns=["Controle", "Waarschuwingen", "Bestanden"])
    return frame.sort_values("Waarschuwingen", ascending=False, kind="stable").reset_index(
        drop=True
    )


def quality_markdown(results: pd.DataFrame) -> str:
    passed = int((results["outcome"] == "passed").sum())
    warned = int((results["outcome"] == "warning").sum())
    failed = int((results["outcome"] == "failed").sum())
    rules = results.loc[results["outcome"] == "warning", "rule"].value_counts()
    top = ", ".join(
        f"{rule_label(str(rule))} ({fmt.number(n)})" for rule, n in rules.head(3).items()
    )
    text = (
        "Voor dit rapport zijn de invoerbestanden gecontroleerd met de vaste controles van de "
        f"monitor: {fmt.number(passed)} controles slaagden, "
        f"{fmt.number(warned)} meldingen zijn waarschuwingen en {fmt.number(failed)} fouten. "
        "Fouten houden de publicatie tegen; waarschuwingen worden hieronder per controle geteld "
        "en staan elk met bestand, rij en kolom op de website en in het CSV-bestand."
    )
    if top:
        text += f" De meeste waarschuwingen betreffen: {top}."
    return text


def load_quality(processed_dir: Path) -> pd.DataFrame:
    """The validation results the build stored beside the processed data.

    In a build they exist only once the validation has run: a notebook that reads them
    is listed under `valorisatiemonitor.build.after_validation` in `_quarto.yml`."""
    path = processed_dir / "validation_results.parquet"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no validation results yet; a notebook that reads them must be listed "
            "under valorisatiemonitor.build.after_validation in _quarto.yml"
        )
    return pd.read_parquet(path)


def methods_table(data_dir: Path) -> Table:
    """`_methods_table_frame` as the annex shows it."""
    return Table(
        "indicatoren",
        "De indicatoren van de monitor en hun definitie",
        _methods_table_frame(data_dir),
        basis="real",
    )


def reference_table(data_dir: Path) -> Table:
    """The numbered reference list (`_reference_frame`): shown as a numbered list (anchors
    `REFERENCE_ANCHOR`) with entry and address beside it, so only the source's own address
    becomes a link; the CSV holds each part of an entry in its own column."""
    return Table(
        REFERENCE_TABLE,
        "Bronnenlijst: de geciteerde bronnen, genummerd",
        _reference_frame(data_dir),
        basis="real",
        numbered_list=REFERENCE_ANCHOR,
        show=("Nr.", "Bron", "Adres"),
    )


def quality_summary(results: pd.DataFrame) -> Table:
    """The outcome of the checks per part of the input."""
    return Table(
        "datakwaliteit_samenvatting",
        "Uitkomst van de controles per onderdeel",
        _quality_summary_frame(results),
    )


def quality_by_rule(results: pd.DataFrame) -> Table:
    """The warnings per check."""
    return Table(
        "datakwaliteit_per_controle", "Waarschuwingen per controle", _quality_by_rule_frame(results)
    )


def quality_warnings(results: pd.DataFrame, names: dict[str, str] | None = None) -> Table:
    """Every warning on the input (site only)."""
    return Table(
        "datakwaliteit_waarschuwingen",
        "Waarschuwingen bij de invoer: bestand, rij, kolom en controle",
        _quality_warnings_frame(results, names),
        pdf=False,
    )


def colophon_inputs(data_dir: Path) -> Table:
    """The input files and their content hash: the machine record, on the site only and
    not pointed to from the PDF."""
    return Table(
        "colofon_invoer",
        "Invoerbestanden en hun inhoudshash",
        _colophon_inputs_frame(data_dir),
        basis="real",
        pdf=False,
        pointer=False,
    )
