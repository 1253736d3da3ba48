"""The explorer page: institutions and groups over time, offline, state in the URL.

A reader picks institutions and groups (a type, a profile, an ecosystem, or the whole
country), an indicator, absolute or per EUR 100 million research spending, and a span of
years; the page draws their lines with Vega-Lite and lists the numbers in a table below.
Everything happens in the browser over one data file shipped with the site
(`assets/verkenner-gegevens.js`, JavaScript so it loads from `file://`): no server.

How the numbers are made (here, once; the browser only selects and draws):

* Money is in euros at the report year's prices (Dutch HICP, `peer_gaps.deflate_wide`),
  the price basis of chapter 3, so a line over fifteen years does not grow with inflation
  and the reference lines of the top are in the same euros.
* Per EUR 100 million: each year's output over the same year's research spending of the
  same institutions (pairs where both are reported; `peer_gaps._pairwise_sums` logic).
  A group's figure is the ratio of the sums over its members with both figures that
  year, not a mean of ratios.
* A group's absolute figure is the sum over the members that reported that year; how
  many did is shipped with every point (tooltip and table), because a total over a
  changing set of reporters is not like for like.
* Every point says what it rests on: demonstration data when any value behind it is
  (`is_demonstration`), else the cited submissions.
* Reference lines of the European top (chapter 3's peer ranges: each peer's range over
  its definitions and years, in the same price year) are drawn only per EUR 100 million
  research spending, the one comparison the top's published figures allow; for an
  absolute figure (which depends on size) or an indicator no peer publishes, the page
  says so instead of drawing a line.

The controls are native form elements (checkboxes, selects, radio buttons) wired to the
chart's Vega-Lite parameters by `assets/verkenner.js`; the state lives in the URL's
fragment (`#kies=tud,uu&indicator=spinoffs&maat=per100m&van=2015&tot=2025`), so a view
can be shared as a link.

`lines` makes the data file, `chart` the Vega-Lite spec and `page` the page around them.
"""
