"""Question 3: which valorisation model each region and institution follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import reference
from analysis.data.sources import cite, load_sources
from analysis.methods.typology import reference_point
from analysis.publication.chapters import programme
from analysis.publication.chapters.key_messages.message import KeyMessage, md_text
from analysis.publication.chapters.models import result
from analysis.publication.messages import Concat, Join, Msg, Num, Param, Plain, Term, msg, render


@dataclass(frozen=True)
class ModelsFacts:
    """The evaluation's typing of the regions (real) and the monitor's (chapter 4's settings).

    `evaluation`: model -> the regions the evaluation gave it. `counts`: model -> how
    many institutions the monitor gives it at the report's reference point; `depends`:
    whether another reference point makes another model at least as common.
    `agreement` / `n_consortia`: consortia typed as the evaluation did; `kappa_low` /
    `kappa_high`: the interval of the chance-corrected agreement (read here only as
    'beter dan toeval', 'niet te onderscheiden van toeval' or 'slechter dan toeval').
    """

    evaluation: Mapping[str, tuple[str, ...]]
    evaluation_citation: str
    counts: Mapping[str, int]
    n_institutions: int
    depends: bool
    agreement: int
    n_consortia: int
    kappa_low: float
    kappa_high: float
    demo: bool


def models_facts(wide: pd.DataFrame, data_dir: Path, year: int, demo: bool) -> ModelsFacts:
    """The evaluation's regions per model and chapter 4's reference-point table (its own call)."""
    consortia = reference.load_consortia(data_dir)
    evaluation = {
        m: tuple(str(r) for r in consortia.loc[consortia["evaluation_model"] == m, "region"])
        for m in result.MODELS
    }
    sensitivity = result.reference_sensitivity(wide, data_dir, year)
    row = sensitivity[sensitivity["reference"] == reference_point.HEADLINE_REFERENCE].iloc[0]
    top, _ = result.modal_model(row)
    others = sensitivity[sensitivity["reference"] != reference_point.HEADLINE_REFERENCE]
    depends = any(
        int(r[f"n_{m}"]) >= int(r[f"n_{top}"])
        for _, r in others.iterrows()
        for m in result.MODELS
        if m != top
    )
    return ModelsFacts(
        evaluation=evaluation,
        evaluation_citation=cite(programme.POLICY_RESPONSE_SOURCE, load_sources(data_dir)),
        counts={m: int(row[f"n_{m}"]) for m in result.MODELS},
        n_institutions=int(row["n_institutions"]),
        depends=depends,
        agreement=int(row["agreement_n"]),
        n_consortia=int(row["n_consortia"]),
        kappa_low=float(row["kappa_low"]),
        kappa_high=float(row["kappa_high"]),
        demo=demo,
    )


def chance_key(low: float, high: float) -> str:
    """How an agreement's interval reads against chance: the `chance.<key>` message."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not_assessable"
    if low > 0:
        return "better"
    if high < 0:
        return "worse"
    return "indistinguishable"


def chance_words(low: float, high: float) -> str:
    """How an agreement's interval reads against chance, in Dutch words."""
    return render(Msg(f"chance.{chance_key(low, high)}"), "nl")


def regions_param(evaluation: Mapping[str, tuple[str, ...]]) -> Join:
    """'4 regio's met het push-model (Delft, …), 4 met het exchange-model (…) en …'."""
    return Join(
        tuple(
            msg(
                "models.region_first" if i == 0 else "models.region_next",
                n=Num(len(evaluation[m])),
                model=Term("model", m),
                names=Join(tuple(Plain(md_text(r)) for r in evaluation[m])),
            )
            for i, m in enumerate(m for m in result.MODELS if evaluation.get(m))
        )
    )


def models_message(f: ModelsFacts) -> KeyMessage:
    """Which model each region and institution follows: the evaluation's answer, then the monitor's."""
    order = sorted(result.MODELS, key=lambda m: (-f.counts[m], result.MODELS.index(m)))
    parts: list[Param] = [
        msg(
            "models.body_demo" if f.demo else "models.body",
            regions=regions_param(f.evaluation),
            citation=md_text(f.evaluation_citation),
            counts=Join(
                tuple(
                    msg("models.count", n=Num(f.counts[m]), model=Term("model", m)) for m in order
                )
            ),
            n=Num(f.n_institutions),
        )
    ]
    if f.depends:
        parts.append(Msg("models.depends"))
    if f.n_consortia:
        parts.append(
            msg(
                "models.agreement",
                agreement=Num(f.agreement),
                n=Num(f.n_consortia),
                chance=Msg(f"chance.{chance_key(f.kappa_low, f.kappa_high)}"),
            )
        )
    bases: tuple[str, ...] = ("real",)
    if f.demo:
        parts.append(Msg("models.demo"))
        bases = ("real", "demonstration")
    top = order[0]
    trial = "_demo" if f.demo else ""
    headline = (
        Msg(f"models.headline_depends{trial}")
        if f.depends
        else msg(
            f"models.headline_counts{trial}",
            top_n=Num(f.counts[top]),
            n=Num(f.n_institutions),
            model=Term("model", top),
        )
    )
    brief: list[Param] = [
        evaluation_brief(f.evaluation, f.evaluation_citation),
        msg(
            "models.brief_counts",
            counts=Join(
                tuple(
                    msg("models.count", n=Num(f.counts[m]), model=Term("model", m)) for m in order
                )
            ),
        ),
    ]
    if f.demo:
        brief.append(Msg("models.brief_demo"))
    elif f.n_consortia:
        brief.append(
            msg(
                "models.brief_agreement",
                agreement=Num(f.agreement),
                n=Num(f.n_consortia),
                chance=Msg(f"chance.{chance_key(f.kappa_low, f.kappa_high)}"),
            )
        )
    return KeyMessage(
        Msg("models.question"), Concat(tuple(parts)), bases, headline, Concat(tuple(brief))
    )


def evaluation_brief(evaluation: Mapping[str, tuple[str, ...]], citation: str) -> Msg:
    """'De evaluatie deelde de 12 regio's in: 4 bij het push-model, … [1].'"""
    present = [m for m in result.MODELS if evaluation.get(m)]
    return msg(
        "models.brief_evaluation",
        n=Num(sum(len(evaluation[m]) for m in present)),
        counts=Join(
            tuple(
                msg("models.region_count", n=Num(len(evaluation[m])), model=Term("model", m))
                for m in present
            )
        ),
        citation=md_text(citation),
    )
