"""Batch Markdown → HTML / Typst conversion through one pandoc process per target.

A pandoc start costs 0.1-0.3 s and the report has a few hundred prose fragments
(chapters, fact sheets, notices, captions), so converting them one by one would
dominate the build. All fragments of one target go through a single call,
separated by marker paragraphs that no prose contains, and are split afterwards.

User text is Pandoc Markdown without raw passthrough (`raw_html`, `raw_attribute`,
`raw_tex`) and without citations, so prose can never inject HTML or Typst markup: the
writers escape everything they do not understand as Markdown. On top of that every
conversion runs `filters/sanitize.lua`, which drops event-handler and other attributes
and script links (`javascript:` and the like) from whatever the Markdown holds. Data
values inside prose are escaped where they are put in (`analysis.publication.escape.markdown`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from analysis.errors import BuildError

_MARKER = "VMFRAGMENTSEPARATOR"
_READER = (
    "markdown-raw_html-raw_attribute-raw_tex-citations-tex_math_dollars-tex_math_single_backslash"
)
#: The sanitiser every conversion runs (see the module docstring).
SANITIZER = Path(__file__).parent / "filters" / "sanitize.lua"


@cache
def pandoc_path() -> str:
    """The pandoc binary bundled by pypandoc-binary (not on PATH by default)."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:  # pragma: no cover - environment problem
        raise BuildError(f"pandoc is not available: {exc}") from exc


_NOTE_KEY = re.compile(r"\[\^([^\]\s]+)\]")


def _unique_note_keys(text: str, index: int) -> str:
    """Prefix the footnote keys a fragment defines, so fragments sharing a page cannot clash."""
    defined = set(re.findall(r"^\[\^([^\]\s]+)\]:", text, re.M))
    if not defined:
        return text

    def rename(match: re.Match[str]) -> str:
        key = match.group(1)
        return f"[^vmf{index}-{key}]" if key in defined else match.group(0)

    return _NOTE_KEY.sub(rename, text)


def has_footnotes(text: str) -> bool:
    """Whether a fragment holds footnotes (they need a per-page conversion on the site)."""
    return "[^" in text or "^[" in text


def convert_many(fragments: Sequence[str], to: str) -> list[str]:
    """Convert Markdown fragments to `to` ("html" or "typst") in one pandoc run.

    Order is preserved; an empty fragment converts to an empty string. In HTML, notes
    would land after the last fragment and be lost: use `convert_page` for fragments
    with footnotes. In Typst notes are inline (`#footnote[...]`), so batching is safe.
    """
    pieces, _ = convert_page(fragments, to)
    return pieces


def convert_page(fragments: Sequence[str], to: str) -> tuple[list[str], str]:
    """Like `convert_many`, plus what pandoc writes after the last fragment.

    For one HTML page that is the footnote section: numbered 1..n for the page,
    to be appended to the page body. Footnote keys are made unique per fragment
    first, because two cells may both define `[^1]`.
    """
    if not fragments:
        return [], ""
    if to not in ("html", "typst"):
        raise ValueError(f"unsupported target {to!r}")
    reader = _READER + "-auto_identifiers" if to == "typst" else _READER
    parts: list[str] = []
    for index, text in enumerate(fragments):
        parts.append(f"\n\n{_MARKER}{index:06d}\n\n")
        parts.append(_unique_note_keys(text, index))
    parts.append(f"\n\n{_MARKER}END\n\n")
    args = [
        pandoc_path(),
        "--from",
        reader,
        "--to",
        to,
        "--wrap=none",
        "--lua-filter",
        str(SANITIZER),
    ]
    try:
        done = subprocess.run(
            args, input="".join(parts).encode("utf-8"), capture_output=True, check=False
        )
    except OSError as exc:
        raise BuildError(f"cannot run pandoc: {exc}") from exc
    if done.returncode != 0:
        raise BuildError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace')}")
    out = done.stdout.decode("utf-8")
    if to == "html":
        pattern = re.compile(rf"<p>{_MARKER}(\d{{6}}|END)</p>\n?")
    else:
        pattern = re.compile(rf"^{_MARKER}(\d{{6}}|END)\n?", re.M)
    pieces = pattern.split(out)
    # split() gives [before, id0, text0, id1, text1, ..., "END", after]
    result: dict[int, str] = {}
    trailing = ""
    for key, body in zip(pieces[1::2], pieces[2::2], strict=True):
        if key == "END":
            trailing = body.strip("\n")
        else:
            result[int(key)] = body.strip("\n")
    if len(result) != len(fragments):
        raise BuildError("pandoc output could not be split back into fragments")
    return [result[i] for i in range(len(fragments))], trailing
