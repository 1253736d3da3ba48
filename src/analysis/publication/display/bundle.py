"""The display bundle a notebook sends: its MIME type, the bundle class and name checks.

A `Report` method builds one bundle per the contract in ``docs/architecture.md`` ("What a
notebook emits"): the JSON payload under `MIME` that the renderer reads, plus fallbacks.
"""

from __future__ import annotations

import re
from typing import Any

MIME = "application/vnd.valorisatiemonitor+json"
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class Bundle(dict[str, Any]):
    """A display bundle (MIME type → data) that IPython does not show a second time.

    Report methods display the bundle themselves and return it for inspection; as
    the last expression of a cell the return value would otherwise be echoed as an
    ``execute_result``. `_ipython_display_` doing nothing suppresses that echo.
    """

    def _ipython_display_(self) -> None:
        return None

    @property
    def payload(self) -> dict[str, Any]:
        """The contract JSON (the value under `MIME`)."""
        value: dict[str, Any] = self[MIME]
        return value


class BundlePair(tuple[Bundle, Bundle]):
    """A chart's bundle and its table's (`Report.chart_and_table`), both displayed
    already: as the last expression of a cell the pair is not echoed as text either."""

    def _ipython_display_(self) -> None:
        return None


def in_kernel() -> bool:
    """True when an IPython shell is running (a notebook kernel or IPython itself)."""
    try:
        from IPython.core.interactiveshell import InteractiveShell
    except ImportError:  # pragma: no cover - IPython is a dependency via ipykernel
        return False
    return bool(InteractiveShell.initialized())


def check_name(name: str, what: str = "name") -> str:
    """`name` if it is a slug (lowercase letters and digits, joined by ``-`` or ``_``).

    Names become file names and HTML ids; anything else would need escaping
    somewhere downstream, so it is refused here, with the offending name in the message.
    """
    if not isinstance(name, str) or not _SLUG.match(name):
        raise ValueError(
            f"{what} {name!r} is not a slug: use lowercase letters and digits, "
            "joined by '-' or '_' (for example 'spinoffs_per_jaar')"
        )
    return name
