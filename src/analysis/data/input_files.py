"""Which files in a data folder are inputs: one rule for validation, ingest and the cache key.

Hidden files (`.name`, including LibreOffice's `.~lock.name#`) and Excel's lock files
(`~$name.xlsx`, present while a workbook is open) are not submissions and not
reference tables. They are skipped everywhere alike: if validation checked a file that
ingest skips, or the cache key ignored a file validation reads, a build could publish
data nobody validated, or reuse a result for data that changed.
"""

from __future__ import annotations

__all__ = ["is_ignored", "is_ignored_path"]


def is_ignored(name: str) -> bool:
    """True for a file or folder name that is never an input (hidden or an Office lock file)."""
    return name.startswith((".", "~$"))


def is_ignored_path(relative: str) -> bool:
    """True when any part of a `/`-separated path relative to the data folder is ignored."""
    return any(is_ignored(part) for part in relative.split("/") if part)
