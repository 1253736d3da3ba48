"""What each cited reference table in `data/raw/` must hold: one `TableSpec` per table.

Types come from the loaders' schemas (`analysis.data.reference.SCHEMAS`); keys,
categories, patterns and cross-table references are declared here. The rules that
check them are in `validation.reference`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis.data.reference import LEIDEN_PEER_IDS
from analysis.data.sources import COPY_HOSTS, NOT_RECORDED
from analysis.data.validation.bounds import BOUND_COLUMNS
from analysis.data.validation.series import HISTORY_COLUMN
from analysis.data.validation.submission import KIND_UNIT, UNITS

#: Allowed values of a `status` / `*_status` column (how far a cited value can be trusted).
VALUE_STATUSES: tuple[str, ...] = (
    "read",
    "inferred",
    "secondary",
    "not found",
    "assumption",
    "demonstration",
)


#: Who published a figure of the top (`benchmark/peers.csv`, `reported_by`): the
#: institution itself, its transfer office or company, an investor, the press or a survey.
PEER_REPORTERS: tuple[str, ...] = ("institution", "transfer_office", "investor", "press", "survey")


NUMBER = r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$"


INTEGER = r"^-?\d+$"


@dataclass(frozen=True)
class TableSpec:
    """What one reference table must look like.

    `numeric`/`integers`/`booleans` come from `analysis.data.reference.SCHEMAS` (the
    loaders' dtypes); keys, categories and cross-table references are added here.
    `refs` maps a column to (table, key column) whose values it must use.
    """

    file: str
    required: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    not_null: tuple[str, ...] = ()
    categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    pairs: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    numeric: tuple[str, ...] = ()
    integers: tuple[str, ...] = ()
    booleans: tuple[str, ...] = ()
    refs: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: column → (regex, Dutch description): value ranges a type alone does not catch.
    patterns: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: A table of the programme's cited history: its institution ids name the real
    #: institutions, so against a fictitious population (the demonstration edition,
    #: whose institutions.csv is generated) they are not looked up there.
    history: bool = False


#: A share in percent, 0–100.
_PERCENT = r"^(?:100(?:\.0+)?|\d{1,2}(?:\.\d+)?)$"


#: Decimals of a catalogue value: 0 to 3 (`analysis.data.indicators.MAX_DECIMALS`).
_DECIMALS = r"^[0-3]$"


#: A factor above 1: how far a value may move against the institution's recent years.
_FACTOR = r"^(?:[2-9]|[1-9][0-9]+|1\.[0-9]*[1-9][0-9]*|[2-9]\.[0-9]+|[1-9][0-9]+\.[0-9]+)$"


#: A count or amount that cannot be negative (fractional counting gives decimals).
_NON_NEGATIVE = r"^\d+(?:\.\d+)?$"


_LEIDEN_SHARES = (
    "PP_collab",
    "PP_int_collab",
    "PP_industry_collab",
    "PP_industry_collab_LB",
    "PP_industry_collab_UB",
    "PP_short_dist_collab",
    "PP_long_dist_collab",
)


_LEIDEN_COUNTS = (
    "P",
    "P_collab",
    "P_int_collab",
    "P_industry_collab",
    "P_short_dist_collab",
    "P_long_dist_collab",
)


#: The date of a source: a day, month or year, an approximate year, or `z.j.` (none found).
_SOURCE_DATE = r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|c\. \d{4}|z\.j\.)$"


#: A title that says it was not recorded is no title (`sources.NOT_RECORDED`).
_RECORDED = rf"^(?!.*{re.escape(NOT_RECORDED)}).*$"


#: An address on a code-hosting, package or document-sharing site is a copy (`sources.COPY_HOSTS`).
_PRIMARY = r"^(?!.*(?:" + "|".join(re.escape(h) for h in COPY_HOSTS) + r")).*$"


#: Keys, categories and references of the known tables (relative path → extras).
_TABLE_EXTRAS: Mapping[str, dict[str, Any]] = {
    "sources.csv": {
        "required": (
            "source_id",
            "title",
            "publisher",
            "date",
            "locator",
            "status",
            "licence",
            "organisation",
            "provenance",
        ),
        "key": ("source_id",),
        "not_null": ("title", "licence"),
        "refs": {"licence": ("licences.csv", "licence")},
        "categories": {"listed_when": ("real_institutions", "submissions", "demonstration")},
        "patterns": {
            "date": (_SOURCE_DATE, "een datum JJJJ, JJJJ-MM, JJJJ-MM-DD, c. JJJJ of z.j."),
            "title": (_RECORDED, "een titel of een beschrijving (niet ‘niet vastgelegd’)"),
            "locator": (_PRIMARY, "een adres van de uitgever (een kopie hoort bij de herkomst)"),
        },
    },
    "licences.csv": {
        "required": ("licence", "name_nl", "url", "monitor_part"),
        "key": ("licence",),
        "not_null": ("name_nl",),
        "categories": {"monitor_part": ("gegevens", "code")},
    },
    "indicators.csv": {
        "required": (
            "indicator",
            "label_nl",
            "label_short_nl",
            "unit",
            "kind",
            "decimals",
            "model_group",
            "source_id",
            *BOUND_COLUMNS,
            HISTORY_COLUMN,
        ),
        "key": ("indicator",),
        "not_null": (
            "label_nl",
            "label_short_nl",
            "unit",
            "kind",
            "decimals",
            "model_group",
            *BOUND_COLUMNS,
        ),
        "numeric": (*BOUND_COLUMNS, HISTORY_COLUMN),
        "patterns": {
            "decimals": (_DECIMALS, "een heel aantal decimalen van 0 tot en met 3"),
            HISTORY_COLUMN: (_FACTOR, "een factor groter dan 1 (of leeg: geen regel)"),
        },
        "categories": {
            "unit": UNITS,
            "kind": tuple(KIND_UNIT),
            "model_group": ("input", "exchange", "serve", "push"),
        },
        "pairs": {("kind", "unit"): tuple(KIND_UNIT.items())},
    },
    "institutions.csv": {
        "key": ("institution_id",),
        "not_null": ("name_nl", "type", "profile"),
        "categories": {
            "type": ("university", "umc", "to2", "institute", "university of applied sciences"),
            "profile": ("technical", "broad", "business", "medical", "applied"),
        },
    },
    "valorisatieprogramma/consortium_members.csv": {
        "key": ("consortium_id", "institution_id"),
        "not_null": ("institution_name",),
        "categories": {"role": ("lead", "member")},
        "refs": {
            "institution_id": ("institutions.csv", "institution_id"),
            "consortium_id": ("valorisatieprogramma/consortia.csv", "consortium_id"),
        },
        "history": True,
    },
    "valorisatieprogramma/consortia.csv": {
        "key": ("consortium_id",),
        "categories": {"evaluation_model": ("push", "exchange", "serve")},
        "refs": {"lead_institution_id": ("institutions.csv", "institution_id")},
        "history": True,
    },
    # The population's own consortia (the demonstration edition's, data/demo/).
    "consortium_members.csv": {
        "key": ("consortium_id", "institution_id"),
        "not_null": ("institution_name",),
        "categories": {"role": ("lead", "member")},
        "refs": {
            "institution_id": ("institutions.csv", "institution_id"),
            "consortium_id": ("consortia.csv", "consortium_id"),
        },
    },
    "consortia.csv": {
        "key": ("consortium_id",),
        "not_null": ("region", "evaluation_model"),
        "categories": {"evaluation_model": ("push", "exchange", "serve")},
        "refs": {"lead_institution_id": ("institutions.csv", "institution_id")},
    },
    "valorisatieprogramma/programme.csv": {"key": ("fact_id",)},
    "benchmark/peers.csv": {
        "not_null": ("peer_id", "indicator", "year", "counted", "reported_by", "comparable"),
        "categories": {
            "reported_by": PEER_REPORTERS,
            "comparable": ("yes", "no"),
            "value_type": ("exact", "approximate", "lower_bound"),
        },
    },
    "context/fx_rates.csv": {
        "key": ("year", "currency"),
        "categories": {"currency": ("CHF", "GBP")},
    },
    "context/price_index.csv": {"key": ("year",)},
    "scheme/budget.csv": {"key": ("year", "line")},
    "benchmark/leiden_ranking.csv": {
        "key": ("edition", "period", "field", "counting", "university"),
        "not_null": ("P_industry_collab", "PP_industry_collab", "source_id", "status"),
        "categories": {
            "counting": ("full", "fractional"),
            "peer_id": LEIDEN_PEER_IDS,
            "period_status": ("read", "inferred"),
            "status": ("read", "secondary", "inferred"),
        },
        "refs": {"institution_id": ("institutions.csv", "institution_id")},
        "patterns": {
            "period": (r"^\d{4}[–-]\d{4}$", "een periode als 2015–2018"),
            **dict.fromkeys(_LEIDEN_SHARES, (_PERCENT, "een percentage tussen 0 en 100")),
            **dict.fromkeys(_LEIDEN_COUNTS, (_NON_NEGATIVE, "een aantal van 0 of meer")),
        },
    },
    "annual_accounts/institution_figures.csv": {
        "key": ("figure_id",),
        "not_null": (
            "institution_id",
            "year",
            "figure",
            "label_nl",
            "value",
            "unit",
            "quote",
            "locator",
            "source_id",
            "status",
        ),
        "categories": {"unit": ("EUR", "count"), "status": ("read", "secondary", "inferred")},
        "refs": {
            "institution_id": ("institutions.csv", "institution_id"),
            "related_indicator": ("indicators.csv", "indicator"),
        },
        "patterns": {"value": (_NON_NEGATIVE, "een bedrag of aantal van 0 of meer")},
    },
}


#: Tables with the columns of another: the population's consortia have the programme's.
_SAME_COLUMNS: Mapping[str, str] = {
    "consortia.csv": "valorisatieprogramma/consortia.csv",
    "consortium_members.csv": "valorisatieprogramma/consortium_members.csv",
}


def table_specs() -> dict[str, TableSpec]:
    """Specs of the known reference tables: dtypes from the loaders, the rest from here."""
    schemas: Mapping[str, Mapping[str, str]] = {}
    try:
        from analysis.data import reference

        schemas = reference.SCHEMAS
    except ImportError:  # pragma: no cover - reference.py is part of the package
        pass
    specs: dict[str, TableSpec] = {}
    for name in sorted({*schemas, *_TABLE_EXTRAS}):
        schema = schemas.get(_SAME_COLUMNS.get(name, name), {})
        extra = dict(_TABLE_EXTRAS.get(name, {}))
        numeric = tuple(c for c, t in schema.items() if t == "float64")
        specs[name] = TableSpec(
            file=name,
            required=tuple(extra.pop("required", tuple(schema))),
            numeric=tuple(dict.fromkeys((*numeric, *extra.pop("numeric", ())))),
            integers=tuple(c for c, t in schema.items() if t == "Int64"),
            booleans=tuple(c for c, t in schema.items() if t == "bool"),
            **extra,
        )
    return specs
