"""Batch Markdown → HTML / Typst conversion through one pandoc process per target.

A pandoc start costs 0.1-0.3 s and the report has a few hundred prose fragments
(chapters, fact sheets, notices, captions), so converting them one by one would
dominate the build. All fragments of one target go through a single call,
separated by marker paragraphs that no prose contains, and are split afterwards.

User text is Pandoc Markdown without raw passthrough (`raw_attribute`, `raw_tex`)
and without citations, so prose can never inject Typst markup: the Typst writer
escapes everything it does not understand as Markdown.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from functools import cache

from analysis.errors import BuildError

_MARKER = "VMFRAGMENTSEPARATOR"
_READER = "markdown-raw_attribute-raw_tex-citations-tex_math_dollars-tex_math_single_backslash"


@cache
def pandoc_path() -> str:
    """The pandoc binary bundled by pypandoc-binary (not on PATH by default)."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:  # pragma: no cover - environment problem
        raise BuildError(f"pandoc is not available: {exc}") from exc


def convert_many(fragments: Sequence[str], to: str) -> list[str]:
    """Convert Markdown fragments to `to` ("html" or "typst") in one pandoc run.

    Order is preserved; an empty fragment converts to an empty string.
    """
    if not fragments:
        return []
    if to not in ("html", "typst"):
        raise ValueError(f"unsupported target {to!r}")
    reader = _READER if to == "typst" else _READER.replace("-raw_attribute", "")
    if to == "typst":
        reader += "-auto_identifiers"
    parts: list[str] = []
    for index, text in enumerate(fragments):
        parts.append(f"\n\n{_MARKER}{index:06d}\n\n")
        parts.append(text)
    parts.append(f"\n\n{_MARKER}END\n\n")
    args = [pandoc_path(), "--from", reader, "--to", to, "--wrap=none"]
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
    for key, body in zip(pieces[1::2], pieces[2::2], strict=True):
        if key != "END":
            result[int(key)] = body.strip("\n")
    if len(result) != len(fragments):
        raise BuildError("pandoc output could not be split back into fragments")
    return [result[i] for i in range(len(fragments))]
