"""'Wat is er veranderd': this edition against the previous published one, from their data.

The comparison reads both editions as they were published (`publication.edition`):
nothing is recomputed for last year with this year's code, so a difference on this page
is a difference in the data, never in the method.

* Submissions (institution × year): new ones (the edition's own year, and late ones for
  earlier years) and ones the previous edition had that this one lacks.
* Revised values: for every submission in both editions, each indicator whose value
  changed, was added or was removed (old → new, with the file that holds the new
  submission and the sources on both sides). A value absent and a value reported empty
  are the same: not reported.
* Models: institutions whose valorisation model (chapter 4) differs between the two
  editions. The model of an edition is read from its pooled recent years, so a model
  can change without any revision, because the window moved.
* Key figures: the national totals of the summary's key figures
  (`chapters.summary.KEY_FIGURES`, each the sum over the institutions that reported it,
  nominal euros as in the summary), for the previous edition's year as it published
  it, the same year as this edition knows it, and this edition's year.

The page is a generated document (`analysis.publication.render.extras`): its tables go through
`analysis.publication.display.report.Report` like a notebook's, so they are escaped, written as CSV with an
Excel variant, listed in the codebook and labelled with what they rest on; the PDF
prints it as an annex.

Modules: `comparisons` (the differences between two editions, computed) and `page` (the page built from them).
"""
