"""Adapters that turn real open knowledge-transfer statistics into the submission frame.

No Dutch institution publishes yearly KT metrics, so the pipeline is also tested on
real data from abroad: each adapter maps one foreign survey onto the monitor's
indicator codes and units, and returns the same frame as `analysis.data.ingest`.
"""
