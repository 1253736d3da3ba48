"""Stage 1-3 of the pipeline: ingest, validate and process the raw data.

Everything that reads `data/raw/` lives here: the submission readers (`ingest`), the
checks (`validation`), the tidy tables in `data/processed/` (`process`), the cited
reference tables (`reference`, `sources`, `indicators`), the seeded demonstration
generator (`demo`), the submission template (`template`) and the importers of outside
files (`adapters`). Nothing here knows about charts, pages or the build.
"""
