"""Chapter 2: Kennisoverdracht in Nederland — national totals, trends, types and regions.

Totals are sums over the institutions that reported a value; how many did is shown
beside every total, because a sum over fewer reporters is not a fall in activity.
Changes are always like for like: a year-on-year change is computed over the
institutions that reported the indicator in both years, and those left out are named
(`like_for_like_changes`); trend titles follow the chain of those changes.

Modules: `totals` (totals, like for like), `trend` (tables, charts, text), `counts` (growth
and count models) and `result` (`compute`: the chapter's tables and fits, once).
"""
