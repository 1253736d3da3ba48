"""Chapter 5, 'Gevoeligheid voor aannames': how the headline results move with the assumptions.

The report's headline results rest on choices: which institutions form the top, in
which prices money is compared, which reference point the typology uses, where the
break lies and whether the money arrives at once, how far and how fast the scenario
closes the gap, and how many jobs a new spin-off brings. This section shows them in
one place (issue 11, point 9), in chapter 5 because the last headline results (the
break and the scenario) are there and the reader has met every result before it;
chapters 3 and 4 point here.

Nothing is recomputed another way. Each headline quantity comes from the function its
chapter uses:

=========================================  ===================================  =========================================
headline quantity                          assumptions varied                    computed by
=========================================  ===================================  =========================================
comparisons behind the top (ch. 3)         peer choice; price basis              `peer_gaps.peer_choice_sensitivity`,
                                                                                 `peer_gaps.price_basis_sensitivity`
institutions per model, changed labels,    reference point                       `typology.reference_sensitivity`
consortia as the evaluation (ch. 4)
level change of spin-offs at the break     break year; step or budget ramp       `scheme.break_analysis` (`trends`)
extra output of the scenario, in the       top's spread, peer choice, price      `scenario.summary`, `target_sensitivity`,
target year and summed (ch. 5)             basis, lag, ramp shape                `ramp_sensitivity`, `lag_sensitivity`
extra jobs in young spin-offs (ch. 5)      jobs per new spin-off, lag            `scenario.jobs_sensitivity`
=========================================  ===================================  =========================================

The collectors turn those results into one long frame of *outcomes* (a quantity under
one alternative of one assumption, with the alternative the report uses marked), and
`tornado` reduces it to the report's value and the lowest and highest value per
quantity and assumption: the frame behind the chart and the table.

Modules: `outcomes` (the outcome frame, the tornado and the collectors of chapters 3 and
4), `scheme_outcomes` (the collectors of chapter 5: the break, the scenario, the jobs) and
`section` (the section itself: compute, table, chart and text), `price_basis` (chapter
3's price-basis table).
"""
