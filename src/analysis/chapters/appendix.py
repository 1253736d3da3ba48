"""Bijlagen: methods and indicator definitions, sources, data quality and colophon.

The colophon states plainly which figures are demonstration data; it is computed
from the `source_id` of every processed value, never written by hand.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis import formatting as fmt
from analysis.build import MANIFEST_PACKAGES, digest, hash_file, hash_tree
from analysis.indicators import load_indicators
from analysis.sources import DEMONSTRATION_SOURCE_ID, cite, load_sources

GROUP_NL = {
    "input": "invoer (noemer)",
    "push": "push (IE en spin-offs)",
    "exchange": "exchange (samenwerking)",
    "serve": "serve (dienstverlening)",
}
STATUS_NL = {
    "read": "gelezen in bron",
    "inferred": "afgeleid",
    "secondary": "secundaire bron",
    "assumption": "aanname",
    "demonstration": "demonstratiedata",
}
UNIT_NL = {"EUR": "euro", "FTE": "fte", "count": "aantal"}

#: Packages named in the colophon (what the figures were computed and typeset with).
COLOPHON_PACKAGES: tuple[str, ...] = tuple(
    p for p in MANIFEST_PACKAGES if p not in ("valorisatiemonitor", "pyarrow")
)


def methods_table(data_dir: Path) -> pd.DataFrame:
    catalogue = load_indicators(data_dir)
    return pd.DataFrame(
        {
            "Indicator": catalogue["label_nl"],
            "Code": catalogue["indicator"],
            "Eenheid": catalogue["unit"].map(UNIT_NL).fillna(catalogue["unit"]),
            "Groep": catalogue["model_group"].map(GROUP_NL).fillna(catalogue["model_group"]),
            "Definitie": catalogue["definition_nl"],
        }
    )


def sources_table(data_dir: Path) -> pd.DataFrame:
    """Every entry of sources.csv, cited in full, in the order of the file."""
    sources = load_sources(data_dir)
    return pd.DataFrame(
        {
            "Bron-id": sources["source_id"],
            "Bronvermelding": [cite(s, sources) for s in sources["source_id"]],
            "Status": sources["status"].map(STATUS_NL).fillna(sources["status"]),
        }
    )


def demonstration_statement(long: pd.DataFrame) -> str:
    """Which processed values are demonstration data, counted from their source ids."""
    total = len(long)
    demo = long[long["source_id"] == DEMONSTRATION_SOURCE_ID]
    if demo.empty:
        return (
            f"Alle {fmt.number(total)} waarden in de instellingsopgaven komen uit opgegeven bronnen; "
            "er zijn geen demonstratiedata gebruikt."
        )
    years = sorted(demo["year"].unique())
    institutions = demo["institution_id"].nunique()
    share = len(demo) / total if total else 0.0
    return (
        f"**Demonstratiedata.** {fmt.number(len(demo))} van de {fmt.number(total)} waarden "
        f"({fmt.percent(share)}) in de instellingsopgaven, voor {fmt.number(institutions)} "
        f"instellingen over {fmt.year(years[0])}–{fmt.year(years[-1])}, zijn gemaakt door de "
        "demonstratiegenerator van de Valorisatiemonitor (bron-id `demonstration`): een geseede "
        "generator, gekalibreerd op geciteerde cijfers, die het ontbreken van openbare jaarcijfers "
        "per Nederlandse KTO opvangt. Het zijn geen echte cijfers van instellingen. Alle tabellen en "
        "figuren die daarop rusten zijn als demonstratiedata gemarkeerd. Echt en geciteerd zijn: de "
        "gegevens over het Valorisatieprogramma en de consortia, de cijfers van de Europese top en "
        "de ASTP-enquête, de wisselkoersen, de prijsindex en de begroting van de regeling "
        "(met de aanloop als aanname)."
    )


def colophon_inputs(data_dir: Path) -> pd.DataFrame:
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


def colophon_versions() -> pd.DataFrame:
    rows = []
    for package in COLOPHON_PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "niet geïnstalleerd"
        rows.append((package, version))
    return pd.DataFrame(rows, columns=["Pakket", "Versie"])


OUTCOME_NL = {
    "passed": "geslaagd",
    "warning": "waarschuwing",
    "failed": "fout",
    "skipped": "overgeslagen",
}
SUITE_NL = {
    "submission_columns": "Opgaven: kolommen en typen",
    "submission_keys": "Opgaven: sleutels en uniciteit",
    "submission_categories": "Opgaven: toegestane waarden",
    "submission_values": "Opgaven: bereik van waarden",
    "submission_consistency": "Opgaven: onderlinge samenhang en sprongen",
    "reference_sources": "Bronnenlijst",
    "reference_institutions": "Instellingen",
    "reference_indicators": "Indicatorcatalogus",
    "reference_consortium_members": "Consortiumleden",
}


def quality_summary(results: pd.DataFrame) -> pd.DataFrame:
    """Per suite: how many rules were checked and how many passed, warned or failed."""
    checks = results.assign(
        outcome_nl=results["outcome"].map(OUTCOME_NL).fillna(results["outcome"])
    )
    counts = checks.pivot_table(
        index="suite", columns="outcome_nl", values="rule", aggfunc="count", fill_value=0
    )
    for column in ("geslaagd", "waarschuwing", "fout"):
        if column not in counts.columns:
            counts[column] = 0
    counts = counts[["geslaagd", "waarschuwing", "fout"]].astype("int64")
    order = [s for s in SUITE_NL if s in counts.index] + sorted(set(counts.index) - set(SUITE_NL))
    counts = counts.loc[order]
    counts.index = [SUITE_NL.get(s, s) for s in counts.index]
    counts.index.name = "Controle"
    return counts.reset_index()


def quality_warnings(results: pd.DataFrame) -> pd.DataFrame:
    """Every warning with file, row, column and rule, as a researcher would look it up."""
    warnings = results[results["outcome"] == "warning"]
    return pd.DataFrame(
        {
            "Bestand": warnings["file"].fillna("–"),
            "Rij": warnings["row"],
            "Kolom": warnings["column"].fillna("–"),
            "Regel": warnings["rule"],
            "Melding": warnings["message"],
        }
    ).reset_index(drop=True)


def quality_markdown(results: pd.DataFrame) -> str:
    passed = int((results["outcome"] == "passed").sum())
    warned = int((results["outcome"] == "warning").sum())
    failed = int((results["outcome"] == "failed").sum())
    rules = results.loc[results["outcome"] == "warning", "rule"].value_counts()
    top = ", ".join(f"{rule} ({fmt.number(n)})" for rule, n in rules.head(3).items())
    text = (
        f"Voor dit rapport zijn de invoerbestanden gecontroleerd met Great Expectations en "
        f"aanvullende regels: {fmt.number(passed)} controles slaagden, {fmt.number(warned)} "
        f"meldingen zijn waarschuwingen en {fmt.number(failed)} fouten. Fouten houden de publicatie "
        "tegen; waarschuwingen worden hieronder getoond en staan volledig in het CSV-bestand."
    )
    if top:
        text += f" De meeste waarschuwingen betreffen: {top}."
    return text


def load_quality(processed_dir: Path) -> pd.DataFrame:
    """The validation results the build stored beside the processed data."""
    return pd.read_parquet(processed_dir / "validation_results.parquet")
