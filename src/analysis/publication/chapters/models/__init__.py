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
    comparison_markdown,
    comparison_technical_markdown,
    confusion_table,
    disagreement_table,
    sensitivity_caption,
    sensitivity_markdown,
    sensitivity_pointer,
    sensitivity_table,
)
from analysis.publication.chapters.models.presentation import (
    KAPPA_WORDS,
    check_markdown,
    check_technical_markdown,
    counts_by_profile,
    institution_table,
    intro_markdown,
    kappa_words,
    model_lists_markdown,
    reference_caption,
    reference_table,
    scatter_alt,
    scatter_chart,
    scatter_frame,
    scatter_title,
    scoring_markdown,
    stability_markdown,
    stability_table,
    stability_technical_markdown,
    stability_title,
    yearly_chart,
    yearly_counts,
    yearly_table,
)
from analysis.publication.chapters.models.profile import (
    UniversityProfiles,
    profile_markdown,
    profile_method_markdown,
    profile_opening,
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
    agreement_technical_sentence,
    compute,
    headline,
    headline_model,
    modal_model,
    modal_model_holds,
    modal_model_sentence,
    modal_model_text,
    opening_markdown,
    reference_sensitivity,
)

__all__ = [
    "DEMO_AGREEMENT_CAVEAT",
    "KAPPA_WORDS",
    "MODELS",
    "POOLED_YEARS",
    "PROGRAMME_YEARS",
    "ModelsResult",
    "UniversityProfiles",
    "agreement_sentence",
    "agreement_technical_sentence",
    "check_markdown",
    "check_technical_markdown",
    "comparison_markdown",
    "comparison_technical_markdown",
    "compute",
    "confusion_table",
    "counts_by_profile",
    "disagreement_table",
    "headline",
    "headline_model",
    "institution_table",
    "intro_markdown",
    "kappa_words",
    "modal_model",
    "modal_model_holds",
    "modal_model_sentence",
    "modal_model_text",
    "model_lists_markdown",
    "opening_markdown",
    "profile_markdown",
    "profile_method_markdown",
    "profile_opening",
    "profile_summary",
    "profile_table",
    "reference_caption",
    "reference_sensitivity",
    "reference_table",
    "scatter_alt",
    "scatter_chart",
    "scatter_frame",
    "scatter_title",
    "scoring_markdown",
    "sensitivity_caption",
    "sensitivity_markdown",
    "sensitivity_pointer",
    "sensitivity_table",
    "stability_markdown",
    "stability_table",
    "stability_technical_markdown",
    "stability_title",
    "university_profiles",
    "yearly_chart",
    "yearly_counts",
    "yearly_table",
]
