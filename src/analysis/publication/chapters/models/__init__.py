"""Chapter 4: Valorisatiemodellen — push / exchange / serve per institution and consortium.

Institutions are classified on their measured indicator mix pooled over the last
three years (so one noisy year does not flip a label), against reference points
derived from the same data (the median institution). The profile is shown beside a
label, never used for it. The clustering is a data-driven check on the rule, the
sensitivity table shows how the labels move with the choice of reference point, and
the consortium comparison with the evaluation's typology is reported with its
bootstrap interval, and with the warning that on demonstration data it means nothing.

Modules: `result`, `presentation` and `checks`.
"""

from __future__ import annotations

from analysis.publication.chapters.models.checks import (
    SENSITIVITY_FORMATS,
    comparison_markdown,
    confusion_table,
    disagreement_table,
    sensitivity_caption,
    sensitivity_markdown,
    sensitivity_pointer,
    sensitivity_table,
)
from analysis.publication.chapters.models.presentation import (
    INSTITUTION_FORMATS,
    REFERENCE_FORMATS,
    STABILITY_FORMATS,
    check_markdown,
    counts_by_profile,
    institution_table,
    intro_markdown,
    model_lists_markdown,
    reference_caption,
    reference_table,
    scatter_alt,
    scatter_chart,
    scatter_frame,
    scatter_title,
    stability_markdown,
    stability_table,
    stability_title,
    yearly_chart,
    yearly_counts,
)
from analysis.publication.chapters.models.profile import (
    UniversityProfiles,
    profile_markdown,
    profile_summary,
    profile_table,
    university_profiles,
)
from analysis.publication.chapters.models.result import (
    DEMO_AGREEMENT_CAVEAT,
    MODELS,
    POOLED_YEARS,
    PROGRAMME_YEARS,
    ModelsResult,
    agreement_sentence,
    compute,
    headline,
    headline_model,
    modal_model,
    modal_model_holds,
    modal_model_sentence,
    modal_model_text,
    reference_sensitivity,
)

__all__ = [
    "DEMO_AGREEMENT_CAVEAT",
    "INSTITUTION_FORMATS",
    "MODELS",
    "POOLED_YEARS",
    "PROGRAMME_YEARS",
    "REFERENCE_FORMATS",
    "SENSITIVITY_FORMATS",
    "STABILITY_FORMATS",
    "ModelsResult",
    "UniversityProfiles",
    "agreement_sentence",
    "check_markdown",
    "comparison_markdown",
    "compute",
    "confusion_table",
    "counts_by_profile",
    "disagreement_table",
    "headline",
    "headline_model",
    "institution_table",
    "intro_markdown",
    "modal_model",
    "modal_model_holds",
    "modal_model_sentence",
    "modal_model_text",
    "model_lists_markdown",
    "profile_markdown",
    "profile_summary",
    "profile_table",
    "reference_caption",
    "reference_sensitivity",
    "reference_table",
    "scatter_alt",
    "scatter_chart",
    "scatter_frame",
    "scatter_title",
    "sensitivity_caption",
    "sensitivity_markdown",
    "sensitivity_pointer",
    "sensitivity_table",
    "stability_markdown",
    "stability_table",
    "stability_title",
    "university_profiles",
    "yearly_chart",
    "yearly_counts",
]
