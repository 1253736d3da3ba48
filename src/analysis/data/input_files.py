"""Which files in a data folder are inputs: one rule for validation, ingest and the cache key.

Hidden files (`.name`, including LibreOffice's `.~lock.name#`) and Excel's lock files
(`~$name.xlsx`, present while a workbook is open) are not submissions and not
reference tables. They are skipped everywhere alike: if validation checked a file that
ingest skips, or the cache key ignored a file validation reads, a build could publish
data nobody validated, or reuse a result for data that changed.
"""

from __future__ import annotations

__all__ = ["is_ignored", "is_ignored_path", "name_problem", "printable"]


def is_ignored(name: str) -> bool:
    """True for a file or folder name that is never an input (hidden or an Office lock file)."""
    return name.startswith((".", "~$"))


def is_ignored_path(relative: str) -> bool:
    """True when any part of a `/`-separated path relative to the data folder is ignored."""
    return any(is_ignored(part) for part in relative.split("/") if part)


def printable(name: str) -> str:
    """`name` as it can be printed: a byte that is not UTF-8 (kept by the OS as a lone
    surrogate) is written `\\xff`, so no message about it fails to print."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be an input, or None.

    A name that is not UTF-8 (`tud\\xff.csv`, saved by an old tool in Latin-1) reaches
    Python as a lone surrogate that no table, Parquet file or terminal can hold; it is
    refused here, with the name shown escaped, instead of failing later in a traceback.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as exc:
        byte = printable(name[exc.start : exc.end])
        return f"the name holds {byte}, which is not UTF-8; rename it (e.g. tud.csv)"
    return None
