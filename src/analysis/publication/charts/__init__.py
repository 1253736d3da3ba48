"""The one chart theme, the chart builders the chapters use, and spec/SVG export.

A chart is drawn twice from one Vega-Lite spec: live in the site (vega-embed,
offline bundle) and as SVG in the PDF (vl-convert). Both must look the same and
speak Dutch, so everything that decides the look lives in the spec itself:

* the theme (`THEME_NAME`) is registered and enabled when this module is
  imported, and `spec_of` applies it explicitly, so a notebook that switched
  themes still produces house-style specs;
* the Dutch number and time locales travel inside the spec (``config.locale``),
  so the site needs no extra locale setup and axis labels read "1.234" and
  "62,7" in both outputs; `to_svg` passes the same locale to vl-convert;
* one palette, defined here and nowhere else: the Okabe–Ito colours
  (distinguishable with the common forms of colour blindness). Blue, orange and
  bluish green belong to the valorisation models (push / exchange / serve) and to
  nothing else, so "serve" is green in every chapter and a green line never means
  something other than serve; the Netherlands against its peers is vermillion; any
  other series takes `SERIES_COLORS` (the theme's category range), which holds none
  of the model colours. `palette_problems` checks a spec against these rules.
* missing years break a line: a series is passed with null values for the years
  it lacks (never with those rows left out, which Vega-Lite would join), so the
  site draws the same gaps as the PDF.

Determinism: `spec_of` returns plain JSON types with sorted keys; Altair names
inline datasets by a hash of their content. `to_svg` renumbers any ids Vega
generates from process-wide counters (clip paths, gradients), so the SVG of a
chart does not depend on which charts were rendered before it.

One module per concern: `theme` (colours, the theme, the palette check), `export` (spec
and SVG, deterministic), `encodings` (axes, colours, tooltips), `builders` (the chart
types the chapters use) and `titles` (the takeaway titles).
"""
