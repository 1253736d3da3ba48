"""One module per report chapter: the tables, charts and Dutch text a chapter shows.

Notebooks stay thin wiring (parameters → these functions → `analysis.publication.display`), so
everything a reader sees is computed here, in tested code, from the data files.
"""
