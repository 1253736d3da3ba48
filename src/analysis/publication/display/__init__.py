"""What a notebook shows: prose, tables (with their CSV), charts, notices, key figures, pages.

Notebooks never print or ``display`` anything themselves; they call a `Report`
(`report.py`). Each call builds one display bundle (`bundle.py`): the JSON payload under
`MIME` that the renderer reads, plus HTML and Markdown fallbacks (`fallbacks.py`) for
Quarto, pandoc and Jupyter. Tables are also written as CSV through the one writer
(`csv_files.py`) that every CSV of the monitor goes through.
"""
