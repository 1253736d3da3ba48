"""Valorisation models: push, exchange and serve (the evaluation's typology).

The evaluation of the Valorisatieprogramma (Kamerstuk 32 637 nr. 339) typed the
*consortia's approach to valorisation in the programme* by hand: *push* (cashing in
research knowledge: IP and ventures), *exchange* (organising the exchange of knowledge
with companies and societal partners), *serve* (answering knowledge questions: a service
character). It observed push around technical universities, exchange around broad ones
and serve around business-profile universities and universities of applied sciences.

This module makes a typology of the same three models reproducible from *measured,
institution-wide* indicators only:

1. Intensities per EUR 100 million research expenditure (size-free).
2. Each indicator's log-intensity relative to a reference point derived from the data
   (`Reference`; the headline uses the cross-section median of the institutions over
   the same years, so a score of 0 means "as the median institution"). The reference
   choice is a parameter; `reference_sensitivity` shows how the labels move with it.
3. A score per model: the mean of its indicators' standardised log-intensities (a mean,
   not a sum, because the groups have different numbers of indicators and an
   unreported indicator must not count as zero).
4. Label = highest score, margin = best − second, drivers = the indicators that lifted
   the winning score most.

The institution's research profile never enters a score. The profile is the basis of
the evaluation's own typing (technical → push, broad → exchange, ...); letting it
decide a label would build agreement with the evaluation into the method. A profile
may be carried beside a result (`score(..., profile=...)`) so a table can show it.

A Gaussian mixture on the same standardised log-intensities is the data-driven check.
Agreement with the evaluation is Cohen's kappa with a bootstrap interval over the
consortia (`kappa_interval`), computed exactly by enumerating every resample.

Modules: `reference_point` (the reference the intensities are standardised against),
`rule` (scores and the classification, also for consortia), `agreement` (kappa with the
evaluation, with its interval) and `robustness` (sensitivity to the reference point,
clustering check, bootstrap and year stability).
"""
