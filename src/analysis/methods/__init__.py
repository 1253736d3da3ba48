"""Stage 4 of the pipeline: the analysis methods, pure functions over the processed tables.

Typology (push / exchange / serve), peer gaps to the European top, trends, the catch-up
scenario, the programme retrospective and industry co-publications. They take frames
and return frames; they neither read files of the build nor format text for readers.
"""
