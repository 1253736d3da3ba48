"""Chapter 3 opening, chapter 2 and the fact sheets: industry co-publications, real and cited.

The chapter on the European top starts with the one comparison that rests on real
figures measured the same way for every university: the share of publications
co-authored with industry in the CWTS Leiden Ranking. This module turns
`analysis.methods.copublications` into what a notebook shows: tables with Dutch column
names (raw numbers, with display formats), one chart in the house style, the
Dutch texts and, per institution, the fact-sheet figures and the annual-accounts
figures. Every table, chart and key figure carries ``basis="real"`` and the source
ids behind it, so the report labels it as resting on a cited source and never as
demonstration data. Citations go through `analysis.data.sources.cite`, the one place
that decides how the report cites a source.

Modules: `shared` (the comparison and its wording), `summary_tables`, `figure` and `prose` (chapter text and fact sheets).
"""
