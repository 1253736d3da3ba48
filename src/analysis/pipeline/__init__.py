"""Stage 6 of the pipeline: the build that runs the other stages and publishes the report.

The yearly build (`runner`), its steps and their cache (`steps`, `cache`, `code_graph`),
what keeps it harmless (`guard`), the worker processes it hands the data steps and the
notebooks to (`data_steps`, `notebook_runner`, `worker`), the parameters a notebook gets
(`notebook_params`), and publishing and releasing an edition (`publish`, `release`,
`manifest`). The authoring tools (`analysis.authoring`) and the command line
(`analysis.cli`) sit on top of it.
"""
