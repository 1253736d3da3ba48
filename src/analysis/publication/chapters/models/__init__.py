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
