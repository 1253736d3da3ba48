"""Chapter 6: Instellingen — one fact sheet per institution, built in one pass.

Why it is built this way: the monitor must scale to a thousand institutions (the
ASTP survey covers 500–700 offices). One kernel serves every sheet; all figures are
computed for all institutions at once with vectorised pandas; each sheet's chart is
a Vega-Lite spec written as a plain dict (interactive on the site) and a small SVG
drawn directly (for the PDF), because rendering a thousand charts through the Vega
engine would take minutes.

Modules: `figures`, `assembly` (all sheets in one pass) and `text`.
"""
