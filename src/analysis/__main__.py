"""`python -m analysis …` is the same as the `valorisatiemonitor` command."""

from analysis.cli import main

raise SystemExit(main())
