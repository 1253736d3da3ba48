"""Dutch labels for the analysis results.

The analysis modules keep English identifiers (column names, model codes, regression
terms) so that code and CSVs stay stable across years; the report is Dutch. This module
is the one place where an identifier becomes a Dutch label (`column_label` for a result
column), so a chapter does not spell labels itself.
Unknown identifiers are returned unchanged: a missing label shows up visibly in the
report rather than failing the build.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.data.indicators import catalogue

#: Long label tables kept as data beside this module (column -> Dutch label).
COLUMN_LABELS_FILE = Path(__file__).with_name("column_labels.csv")


def read_label_table(path: Path) -> dict[str, str]:
    """A two-column label table (code, Dutch label) in file order; a code listed twice or
    a row without a label is a mistake in the table, named with its line."""
    labels: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for line, row in enumerate(rows, start=2):
            if len(row) != 2 or not row[1].strip():
                raise ValueError(f"{path.name}:{line}: expected a code and its Dutch label")
            if row[0] in labels:
                raise ValueError(f"{path.name}:{line}: {row[0]!r} is listed twice")
            labels[row[0]] = row[1]
    return labels


#: The evaluation's three valorisation models (Kamerstuk 32 637 nr. 339) as the report
#: names them: in Dutch, because a reader of a letter to parliament should not have to
#: translate 'push', 'exchange' and 'serve'. The names say what each model does: kennis
#: uit onderzoek aanbieden (technology push: octrooien, licenties, spin-offs), kennis
#: uitwisselen (samenwerking in onderzoek), diensten verlenen (contractonderzoek, advies,
#: ondersteuning van startups). This mapping is the one place a model gets its name: every
#: table, chart legend, fact sheet and message (`Term("model", …)`) reads it.
MODEL_LABELS: Mapping[str, str] = {
    "push": "aanbodmodel",
    "exchange": "uitwisselingsmodel",
    "serve": "dienstverleningsmodel",
}

#: The evaluation's own names (English), given once in the report beside the Dutch name
#: (`model_first_use`, chapter 1 only) so a reader can find them in the evaluation.
MODEL_EVALUATION_TERMS: Mapping[str, str] = {
    "push": "push",
    "exchange": "exchange",
    "serve": "serve",
}

#: The labels earlier editions printed ('push-model'): read back when this edition is
#: compared with a previous one, so a renamed model is not reported as a changed one.
MODEL_FORMER_LABELS: Mapping[str, str] = {
    "push": "push-model",
    "exchange": "exchange-model",
    "serve": "serve-model",
}

#: Institution profiles (institutions.csv `profile`), as an adjective in a Dutch sentence.
PROFILE_LABELS: Mapping[str, str] = {
    "technical": "technisch",
    "broad": "breed",
    "business": "bedrijfskundig",
    "medical": "medisch",
    "applied": "toegepast",
}

#: Reference-point choices of the typology (`typology.REFERENCE_METHODS`).
REFERENCE_LABELS: Mapping[str, str] = {
    "cross_section_median": "mediane instelling (kern)",
    "cross_section_geomean": "meetkundig gemiddelde",
    "cross_section_trimmed_geomean": "getrimd meetkundig gemiddelde",
    "cross_section_zscore": "z-score (gemiddelde en spreiding)",
    "yearly_median": "mediane instelling per jaar",
    "national_ratio": "landelijk totaal",
}

#: The status of a source or a value (`sources.csv`, reference tables), as the reader reads
#: it (the editorial rules' Dutch words); codes in both spellings of the data.
SOURCE_STATUS_LABELS: Mapping[str, str] = {
    "read": "gelezen in de bron",
    "secondary": "uit secundaire bron",
    "inferred": "afgeleid",
    "derived": "afgeleid",
    "assumption": "aanname",
    "not found": "niet gevonden",
    "not_found": "niet gevonden",
    "demonstration": "demonstratiegegevens",
}

#: Indicator codes: the catalogue's labels (`data/raw/indicators.csv`, read once by
#: `analysis.data.indicators.catalogue`), then codes that are not catalogue indicators.
INDICATOR_LABELS: Mapping[str, str] = {
    **catalogue().labels,
    "spinoffs_cumulative": "Spin-offs (cumulatief)",
    "spinoff_jobs_cumulative": "Banen bij spin-offs (cumulatief)",
    # Peer-only codes of benchmark/peers.csv (no yearly catalogue indicator).
    "software_notifications": "Softwaremeldingen",
    "research_agreements_private_n": "Samenwerkingsovereenkomsten met private partners",
    "research_agreements_public_n": "Samenwerkingsovereenkomsten met publieke partners",
    "spinoffs_per_year_avg": "Spin-offs per jaar (meerjarig gemiddelde)",
    "patent_applications": "Octrooiaanvragen (alle)",
    "total_budget": "Totaal budget",
    "kto_staff_headcount": "KTO-medewerkers (personen)",
    "kto_total_revenue": "Totale inkomsten transferbedrijf",
    "kto_turnover": "Omzet transferbedrijf",
    "kto_university_funding": "Bijdrage universiteit aan transferbedrijf",
    "ip_income_returned": "Afgedragen IP-inkomsten",
    "new_companies_total": "Nieuwe bedrijven (ook zonder IP)",
    "patents_under_management": "Octrooien in beheer",
    "invention_disclosures_quarter": "Uitvindingsmeldingen (één kwartaal)",
    "patent_applications_quarter": "Octrooiaanvragen (één kwartaal)",
    "contracts_signed": "Ondertekende contracten",
    "kto_managed_income": "Door het transferkantoor beheerde inkomsten",
    "contract_research_ip_share": "Aandeel contractonderzoek en IP in onderzoeksfinanciering",
    "contract_research_ip_income_eur": "Contractonderzoek en IP-inkomsten",
    "total_income_eur": "Totale inkomsten",
    "pros_reporting": "Rapporterende onderzoeksorganisaties",
    "offices_reporting": "Rapporterende transferkantoren",
    "organisations_reporting": "Rapporterende organisaties",
    "countries_reporting": "Landen van de respondenten",
    "rd_fte_served": "Onderzoekspersoneel bediend per kantoor (fte)",
}

#: Result columns of typology, benchmark, scenario, trends and retrospective: a table
#: (`column_labels.csv`, column -> Dutch label), not code, because it is long and grows
#: with every result frame; `column_label` and `unlabelled` read it.
COLUMN_LABELS: Mapping[str, str] = {
    **read_label_table(COLUMN_LABELS_FILE),
    # The columns that name a model take its name from MODEL_LABELS, the one place.
    **{f"score_{code}": f"score {label}" for code, label in MODEL_LABELS.items()},
    **{f"n_{code}": f"instellingen in het {label}" for code, label in MODEL_LABELS.items()},
}


#: How a source's status (`data/raw/README.md`, status vocabulary) is written for a reader.
#: One wording everywhere: the reference list, the status columns of chapter 1 and the
#: sensitivity tables use these words, never the code.
STATUS_LABELS: Mapping[str, str] = {
    "read": "gelezen in de bron",
    "secondary": "uit secundaire bron",
    "inferred": "afgeleid",
    "assumption": "aanname",
    "not found": "niet gevonden",
    "demonstration": "demonstratiegegevens",
}

#: Dutch names of the validation rules (`analysis.data.validation`), for the data-quality
#: appendix and the signals: a reader sees what was checked, never the rule's code.
RULE_LABELS: Mapping[str, str] = {
    "allowed_category": "toegestane waarde",
    "column_type": "type van de kolom",
    "consistent_pair": "samenhang tussen twee waarden",
    "count_fraction": "aantal zonder decimalen",
    "count_integer": "aantal zonder decimalen",
    "count_non_negative": "aantal niet negatief",
    "count_range": "bereik van een aantal",
    "file_too_large": "bestand te groot",
    "fte_range": "bereik van fte",
    "indicator_known": "bekende indicator",
    "infinite_value": "eindige waarde",
    "institution_known": "bekende instelling",
    "institution_matches_file": "instelling gelijk aan de bestandsnaam",
    "licence_income_without_licences": "licentie-inkomsten zonder licenties",
    "missing_file": "bestand aanwezig",
    "money_range": "bereik van een bedrag",
    "money_thousands_separator": "bedrag met drie decimalen (scheidingsteken voor duizendtallen?)",
    "money_three_decimals": "bedrag met drie decimalen (scheidingsteken voor duizendtallen?)",
    "not_finite": "eindige waarde",
    "not_null": "verplichte waarde",
    "patents_within_priority_window": "verleende octrooien passend bij eerdere aanvragen",
    "plausible_bounds": "plausibele grenzen van de indicator",
    "raised_exception": "controle kon niet worden uitgevoerd",
    "reference_known": "bekende verwijzing",
    "required_column": "verplichte kolom",
    "source_known": "bekende bron",
    "edition_source": "echte en demonstratiegegevens gescheiden",
    "unique_key": "unieke sleutel",
    "unit_matches_catalogue": "eenheid volgens de indicatorcatalogus",
    "unknown_column": "geen onbekende kolommen",
    "value_range": "bereik van een waarde",
    "year_coverage_gap": "ontbrekend jaar in een reeks",
    "year_from_2000": "jaar vanaf 2000",
    "year_matches_folder": "jaar gelijk aan de map",
    "year_not_in_future": "jaar niet in de toekomst",
    "year_on_year_jump": "grote sprong ten opzichte van het vorige jaar",
    "history_jump": "sprong ten opzichte van de eigen reeks van de instelling",
    "history_jump_explained": "toegelichte sprong ten opzichte van de eigen reeks",
    "text_characters": "geen stuurtekens of richtingstekens in tekst",
    "font_coverage": "elk teken is in de PDF te tonen",
    "id_slug": "id volgens de vorm van een id",
    "cell_too_long": "lengte van een cel",
    "too_many_rows": "aantal rijen van een tabel",
    "too_many_columns": "aantal kolommen van een tabel",
}

#: What a rule without its own Dutch name is called (a rule added later): never its code.
RULE_FALLBACK: str = "overige controle"


def name_and_short(name: str, short: str) -> str:
    """An institution's name with its short name in brackets, only where that adds something.

    "Technische Universiteit Delft (TU Delft)", but "TNO" and "Erasmus MC", never
    "TNO (TNO)": a short name equal to the name (ignoring case and spaces) or missing
    is left out.
    """
    name, short = " ".join(str(name).split()), " ".join(str(short or "").split())
    if not short or short.casefold() == name.casefold():
        return name
    return f"{name} ({short})"


def status_label(code: str) -> str:
    """The Dutch wording of a source status ('secondary' → 'uit secundaire bron').

    An unknown status raises KeyError: a status word a reader cannot understand must
    fail the build rather than appear in a table.
    """
    try:
        return STATUS_LABELS[code]
    except KeyError:
        raise KeyError(
            f"unknown source status {code!r}; known: {', '.join(STATUS_LABELS)}"
        ) from None


def rule_label(rule: str) -> str:
    """The Dutch name of a validation rule; a rule without one gets `RULE_FALLBACK`."""
    return RULE_LABELS.get(rule, RULE_FALLBACK)


def model_label(code: str) -> str:
    """Dutch name of a valorisation model ('push' → 'aanbodmodel')."""
    return MODEL_LABELS.get(code, code)


def model_first_use(code: str) -> str:
    """The model's Dutch name with the evaluation's term, for its first use in a chapter:
    'aanbodmodel (in de evaluatie: push)'."""
    return f"{MODEL_LABELS[code]} (in de evaluatie: {MODEL_EVALUATION_TERMS[code]})"


def current_model_label(text: str) -> str:
    """A model as an edition printed it, in this edition's words: a former label
    ('push-model', 'Push-model') or a code becomes today's label; anything else is
    returned unchanged."""
    key = text.strip().lower()
    for code, label in MODEL_LABELS.items():
        if key in (code, label.lower(), MODEL_FORMER_LABELS[code]):
            return label
    return text


def indicator_label(code: str) -> str:
    """Dutch label of an indicator code."""
    return INDICATOR_LABELS.get(code, code)


def column_label(column: str) -> str:
    """Dutch label of a result column (indicator codes get their catalogue label).

    `z_<indicator>` columns (standardised log-intensities of the typology) are labelled
    'z <indicator label>'.
    """
    if column.startswith("z_") and column[2:] in INDICATOR_LABELS:
        return f"z {INDICATOR_LABELS[column[2:]]}"
    return COLUMN_LABELS.get(column, INDICATOR_LABELS.get(column, column))


def unlabelled(frame: pd.DataFrame) -> list[str]:
    """Columns of `frame` without a Dutch label (tests use this to keep labels complete)."""
    known = {*COLUMN_LABELS, *INDICATOR_LABELS, *(f"z_{i}" for i in INDICATOR_LABELS)}
    return [str(c) for c in frame.columns if str(c) not in known]


# --------------------------------------------------------------------------- enumerations
# Codes of the raw tables and of the methods' results, each with its Dutch label (a test
# checks that every value the raw tables hold has one).

#: Institution types (institutions.csv `type`), singular, in a sentence.
INSTITUTION_TYPE_SINGULAR: Mapping[str, str] = {
    "umc": "umc",
    "to2": "TO2-instelling",
    "institute": "instituut",
    "university of applied sciences": "hogeschool",
    "university": "universiteit",
}

#: Institution types, plural, in a sentence.
INSTITUTION_TYPE_PLURAL: Mapping[str, str] = {
    "university": "universiteiten",
    "umc": "umc's",
    "to2": "TO2-instellingen",
    "institute": "instituten",
    "university of applied sciences": "hogescholen",
}

#: Institution types as row headings (plural, capitalised), with the national total.
INSTITUTION_TYPE_HEADINGS: Mapping[str, str] = {
    "total": "Nederland",
    "university": "Universiteiten",
    "umc": "Umc's",
    "to2": "TO2-instellingen",
    "institute": "Instituten",
    "university of applied sciences": "Hogescholen",
}

#: Institution types in a chart legend (singular, capitalised).
INSTITUTION_TYPE_LEGEND: Mapping[str, str] = {
    "university": "Universiteit",
    "university of applied sciences": "Hogeschool",
    "umc": "UMC",
    "to2": "TO2-instituut",
    "institute": "Onderzoeksinstituut",
}

#: Institution types written out in full (the fact sheets), singular.
INSTITUTION_TYPE_FULL: Mapping[str, str] = {
    "university": "universiteit",
    "umc": "universitair medisch centrum",
    "to2": "TO2-instelling",
    "institute": "onderzoeksinstituut",
    "university of applied sciences": "hogeschool",
}

#: Institution types written out in full (the fact sheets), plural.
INSTITUTION_TYPE_FULL_PLURAL: Mapping[str, str] = {
    "university": "universiteiten",
    "umc": "umc's",
    "to2": "TO2-instellingen",
    "institute": "onderzoeksinstituten",
    "university of applied sciences": "hogescholen",
}

#: Where the Netherlands stands against the top, from the two intervals.
INTERVAL_VERDICT_LABELS: Mapping[str, str] = {
    "behind": "achter",
    "ahead": "voor",
    "indistinguishable": "niet te onderscheiden",
    "unknown": "geen interval",
}

#: A university's industry co-publication share against all three of the top.
COPUBLICATION_VERDICT_LABELS: Mapping[str, str] = {
    "higher": "hoger dan alle drie",
    "lower": "lager dan alle drie",
    "mixed": "niet eenduidig",
}

#: Variants of a scenario parameter (scheme/spinoff_jobs.csv `variant`).
SCENARIO_VARIANT_LABELS: Mapping[str, str] = {"low": "laag", "central": "centraal", "high": "hoog"}

#: Shapes of the scheme's ramp-up in the catch-up scenario.
RAMP_SHAPE_LABELS: Mapping[str, str] = {
    "budget": "volgens het budget",
    "linear": "gelijkmatig",
    "front": "snel begin",
    "back": "traag begin",
}

#: Denominators of the intensities compared with the top.
DENOMINATOR_LABELS: Mapping[str, str] = {
    "per_100m_research": "per € 100 mln onderzoek",
    "per_kto_fte": "per fte KTO",
    "per_disclosure": "per uitvindingsmelding",
}

#: Short names of the European top (benchmark/peers.csv `peer_id`).
PEER_SHORT_NAMES: Mapping[str, str] = {"eth": "ETH", "oxford": "Oxford", "kuleuven": "KU Leuven"}

#: Whether the catch-up scenario has a path for a comparison.
SCENARIO_STATUS_LABELS: Mapping[str, str] = {
    "lagging": "Nederland ligt achter",
    "not_demonstrable": "niet aantoonbaar achter: geen pad",
    "at_or_above": "Nederland op of boven de top: geen pad",
}

#: Units of the catalogue (indicators.csv `unit`).
UNIT_LABELS: Mapping[str, str] = {"EUR": "euro", "FTE": "fte", "count": "aantal"}

#: Model groups of the catalogue (indicators.csv `model_group`).
MODEL_GROUP_LABELS: Mapping[str, str] = {
    "input": "invoer (noemer)",
    "push": f"{MODEL_LABELS['push']} (octrooien, licenties en spin-offs)",
    "exchange": f"{MODEL_LABELS['exchange']} (samenwerking in onderzoek)",
    "serve": f"{MODEL_LABELS['serve']} (diensten en contractonderzoek)",
}

#: Outcomes of a validation check.
CHECK_OUTCOME_LABELS: Mapping[str, str] = {
    "passed": "geslaagd",
    "warning": "waarschuwing",
    "failed": "fout",
    "skipped": "overgeslagen",
}

#: The validation suites, as the data-quality appendix names them.
CHECK_SUITE_LABELS: Mapping[str, str] = {
    "submission_columns": "Opgaven: kolommen en typen",
    "submission_keys": "Opgaven: sleutels en uniciteit",
    "submission_categories": "Opgaven: toegestane waarden",
    "submission_values": "Opgaven: bereik van waarden",
    "submission_consistency": "Opgaven: onderlinge samenhang en sprongen",
    "reference_sources": "Bronnenregister",
    "reference_licences": "Licenties",
    "reference_institutions": "Instellingen",
    "reference_indicators": "Indicatorcatalogus",
    "reference_valorisatieprogramma_consortium_members": "Valorisatieprogramma: consortiumleden",
    "reference_consortium_members": "Consortia van de instellingen: leden",
    "reference_consortia": "Consortia van de instellingen",
    "reference_valorisatieprogramma_programme": "Valorisatieprogramma: kerngegevens",
    "reference_valorisatieprogramma_consortia": "Valorisatieprogramma: consortia",
    "reference_benchmark_peers": "Europese top: cijfers van de vergelijkingsinstellingen",
    "reference_benchmark_leiden_ranking": "Leiden Ranking: copublicaties met bedrijven",
    "reference_annual_accounts_institution_figures": "Jaarverslagen: cijfers van instellingen",
    "reference_context_fx_rates": "Wisselkoersen (ECB)",
    "reference_context_price_index": "Prijsindex (HICP)",
    "reference_context_calibration_figures": "Kalibratiecijfers",
    "reference_context_demo_calibration": "Demonstratiegenerator: parameters",
    "reference_scheme_budget": "Regeling: begroting",
    "reference_scheme_spinoff_jobs": "Regeling: banen per spin-off",
    "reference_assumptions": "Aannames van de analyse",
}

#: Count models of the national trends (statsmodels).
COUNT_MODEL_LABELS: Mapping[str, str] = {"poisson": "Poisson", "negbin": "negatief-binomiaal"}

#: The three valorisation models without the word 'model', for a count in a chart title
#: ('14 aanbod, 12 uitwisseling, 11 dienstverlening').
MODEL_SHORT_LABELS: Mapping[str, str] = {
    "push": "aanbod",
    "exchange": "uitwisseling",
    "serve": "dienstverlening",
}

#: Lines of the scheme's budget (scheme/budget.csv `line`).
BUDGET_LINE_LABELS: Mapping[str, str] = {
    "universities_umcs": "Universiteiten en umc's",
    "to2_uas": "TO2-instellingen en hogescholen",
    "capacity": "waarvan capaciteit",
    "exploration": "Verkenning",
    "total": "Totaal",
}

#: The analysis assumptions (`data/raw/assumptions.csv`), as Bijlage B's table names them.
ASSUMPTION_LABELS: Mapping[str, str] = {
    "scenario_target_year": "Doeljaar van het inhaalscenario",
    "scenario_lag_years": "Vertraging van de extra uitkomsten",
    "spinoff_jobs_early_factor": "Banen per nieuwe spin-off in de eerste jaren",
    "scenario_ramp_shape": "Opbouw naar de top",
    "projection_interval_level": "Voorspelinterval van de projectie",
    "power_target": "Vereiste kans dat een toets een stijging vindt",
    "price_base_year": "Prijsjaar van bedragen",
    "confidence_level": "Betrouwbaarheid van de intervallen",
    "test_level": "Significantieniveau van de toetsen",
}
