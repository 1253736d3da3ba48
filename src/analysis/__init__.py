"""Valorisatiemonitor: the reproducible yearly monitor of knowledge transfer in the Netherlands."""

__version__ = "0.1.0"
