"""`python -m analysis …` is the same as the `valorisatiemonitor` command."""

from analysis.cli import main

# Guarded: the build's worker processes start by importing the main module.
if __name__ == "__main__":
    raise SystemExit(main())
