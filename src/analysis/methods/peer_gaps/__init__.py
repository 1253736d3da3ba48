"""Peer gaps: Dutch knowledge-transfer intensities against the European top.

The KTO-Nederland plan compares Dutch KTOs with ETH Zurich, Oxford and KU Leuven and
with the ASTP averages. Raw counts are not comparable between institutions of very
different size, so every comparison here is of *intensities*: outputs per EUR 100
million research expenditure (the ASTP normaliser), per KTO FTE and per invention
disclosure. Group intensities are ratios of sums over the institutions that reported
both numerator and denominator, so an institution that did not report an indicator
neither counts as zero nor distorts the denominator.

Money in one currency and one price year. Every money figure that meets the top is
expressed in euros at the prices of one base year:

* Dutch amounts (nominal euros of their own year) are deflated with the Dutch HICP
  (`deflate_wide`): amount x HICP[base] / HICP[year].
* Peer amounts are first converted to euros at the ECB annual mean rate *of their own
  year* and then deflated with the same Dutch HICP (`convert_peers`). The alternative,
  deflating in CHF or GBP with the Swiss or British price index and converting at the
  base year's rate, needs two price indices the project does not hold, and would tie
  every comparison to one year's exchange rate (the franc rose some 25% against the
  euro between 2010 and 2025). With one deflator on both sides, the NL / peer ratios do
  not depend on the choice of base year; only the printed levels do.
* No purchasing-power parities (PPP / PPS) are used: market exchange rates only.

Peer-side uncertainty. A peer figure is not exact: definitions differ (ETH Domain vs
ETH Zurich), figures come from different years, and some are rounded ('~700') or only
a lower bound ('more than 150'; column `value_type`); a yearly count is moreover one
draw of the institution's rate, with an exact Poisson interval (24 spin-offs:
15,4–35,7). `peer_ranges` turns all figures of one peer (ETH Domain and ETH Zurich
count as one peer, ETH) into a range low-high beside a central value, and
`compare_ranges` says "behind" or "ahead" only when the Dutch bootstrap interval and
that range do not overlap. `established_verdicts` keeps a verdict only when it also
holds on the other price basis and with the Dutch side in the top's own years, and
never for one amount of money without any interval.

Peers often lack a denominator (no KTO FTE, no research FTE, or research expenditure
for another year): what can be computed is computed, the rest is listed in a `missing`
table, never imputed. Definitional differences are carried as a Dutch `note` column.

One module per concern: `definitions` (denominators, peer groups, intensities as ratios of
sums), `money` (currency and price year), `peers` (the top's figures, their exactness and
ranges, verdicts), `gaps` (the Dutch side, bootstrap intervals, the gap tables) and
`sensitivity` (peer choice, price basis).
"""
