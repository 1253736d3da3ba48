"""Stage 5 of the pipeline: what the reader sees (chapters, display, charts, render), and the pages added at render time.

The subpackages `chapters/` and `render/` and the modules `display`, `charts`,
`formatting`, `labels` and `escape` turn the methods' results into Dutch tables, charts
and text, and those into the site and the PDF; `site_pages` computes the pages over the
edition's data that the renderer adds (explorer, scenario explorer, what changed).

This file imports nothing, so a module of the package (`escape`, `edition_files`) is
imported without the renderer and pandas: the build computes its keys from such modules
before it knows whether anything is to be done.
"""
