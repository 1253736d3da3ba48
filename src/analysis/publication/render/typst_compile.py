"""One Typst compile in its own process: `python -m analysis.publication.render.typst_compile MAIN PDF STAMP`.

Why a process of its own: Typst holds the whole laid-out document in memory
(hundreds of MB for a long report); a process returns that memory the moment it
exits, and the build renders the website meanwhile (see `pdf_compilation.PdfCompilation`).
A plain command rather than `multiprocessing`, so nothing depends on how the
caller's main module is written.

Prints the PDF standard met on standard output; exits 2 with the reason on standard
error when the source does not compile, or when it cannot be made PDF/UA-1 (the
accessibility standard the letter to parliament needs): then the reason names the
offending text and the page it comes from, instead of a PDF that silently lost the
standard.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from analysis.errors import BuildError


def compile_pdf(main: Path, target: Path, timestamp: int) -> str:
    """Compile `main` (its folder is the Typst root) into `target` as PDF/UA-1; return the standard.

    A source that does not compile, or that cannot meet PDF/UA-1 (most often: a
    character the report's fonts cannot show, such as an emoji or a Chinese character
    in an institution's name), raises `BuildError` naming the text and where it comes
    from. The source is kept beside `target` (as `.typ`) for inspection.
    """
    import typst

    from analysis.publication.render.fonts import typst_font_options

    root = str(main.parent)
    try:
        pdf = typst.compile(
            str(main),
            root=root,
            pdf_standards="ua-1",
            timestamp=timestamp,
            **typst_font_options(),
        )
    except Exception as error:  # typst raises TypstError carrying the diagnostics
        debug = target.with_suffix(".typ")
        debug.parent.mkdir(parents=True, exist_ok=True)
        debug.write_text(main.read_text(encoding="utf-8"), encoding="utf-8")
        raise BuildError(explain_failure(main, target, error, debug)) from None
    if not isinstance(pdf, bytes | bytearray):
        raise BuildError(f"Typst returned no PDF bytes for {target.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(pdf))
    return "PDF/UA-1"


_UNSHOWN = re.compile(r"the text `\"(.+?)\"` could not be displayed with font `\"(.+?)\"`")
_ORIGIN = re.compile(r"^// vm-(source|page): (.*)$")


def explain_failure(main: Path, target: Path, error: BaseException, kept: Path) -> str:
    """One line on why `target` could not be made, with the offending text and its origin."""
    message = str(getattr(error, "message", "") or error).strip()
    diagnostic = str(getattr(error, "diagnostic", "") or message)
    first = (message.splitlines() or ["unknown reason"])[0]
    unshown = list(dict.fromkeys(m.group(1) for m in _UNSHOWN.finditer(diagnostic)))
    if not unshown:
        return f"Typst could not compile {target.name} (source kept in {kept}): {first}"
    fonts = sorted({m.group(2) for m in _UNSHOWN.finditer(diagnostic)})
    lines = main.read_text(encoding="utf-8").splitlines()
    places = list(dict.fromkeys(_where(lines, text) for text in unshown))
    shown = "; ".join(places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
    return (
        f"{target.name} cannot be made PDF/UA-1 (accessible PDF): the font "
        f"{', '.join(fonts)} cannot show {' '.join(unshown)} in {shown}. Replace or remove "
        f"these characters in the data they come from (source kept in {kept})"
    )


_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


def _where(lines: list[str], text: str) -> str:
    """The text around `text` in the source (its string literal, if in one) and its page."""
    origin: dict[str, str] = {}
    for line in lines:
        match = _ORIGIN.match(line)
        if match:
            origin[match.group(1)] = match.group(2)
            if match.group(1) == "source":
                origin.pop("page", None)
            continue
        if text not in line:
            continue
        literal = next((m.group(0) for m in _LITERAL.finditer(line) if text in m.group(0)), None)
        if literal is not None:
            excerpt = literal[1:-1]
        else:
            at = line.index(text)
            excerpt = line[max(0, at - 40) : at + len(text) + 40].strip()
        if len(excerpt) > 100:
            excerpt = excerpt[:97] + "..."
        where = origin.get("source", "?")
        if "page" in origin:
            where += f", page {origin['page']!r}"
        return f"{excerpt!r} ({where})"
    return "the generated source"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[2].isdigit():
        print(
            "usage: python -m analysis.publication.render.typst_compile MAIN.typ OUT.pdf TIMESTAMP",
            file=sys.stderr,
        )
        return 2
    try:
        print(compile_pdf(Path(argv[0]), Path(argv[1]), int(argv[2])))
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:  # a full or read-only disk: one line naming the file
        where = exc.filename if exc.filename is not None else argv[1]
        print(f"{where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
