"""One Typst compile in its own process: `python -m analysis.render.typst_compile MAIN PDF STAMP`.

Why a process of its own: Typst holds the whole laid-out document in memory
(hundreds of MB for a long report); a process returns that memory the moment it
exits, and the build renders the website meanwhile (see `typst_pdf.PdfCompilation`).
A plain command rather than `multiprocessing`, so nothing depends on how the
caller's main module is written.

Prints the PDF standard met on standard output; exits 2 with the reason on standard
error when the source does not compile.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analysis.errors import BuildError


def compile_pdf(main: Path, target: Path, timestamp: int) -> str:
    """Compile `main` (its folder is the Typst root) into `target`; return the standard met.

    PDF/UA-1 first; if Typst refuses it, the PDF is written without the standard and
    the label says why. A source that does not compile at all is kept beside `target`
    (as `.typ`) for inspection, and the error names it.
    """
    import typst

    root = str(main.parent)
    standard = "PDF/UA-1"
    try:
        pdf = typst.compile(str(main), root=root, pdf_standards="ua-1", timestamp=timestamp)
    except Exception as ua_error:  # typst raises TypstError carrying the diagnostics
        try:
            pdf = typst.compile(str(main), root=root, timestamp=timestamp)
        except Exception as exc:
            debug = target.with_suffix(".typ")
            debug.parent.mkdir(parents=True, exist_ok=True)
            debug.write_text(main.read_text(encoding="utf-8"), encoding="utf-8")
            raise BuildError(
                f"Typst could not compile {target.name} (source kept in {debug}): {exc}"
            ) from None
        first = (str(ua_error).strip().splitlines() or ["unknown reason"])[0]
        standard = f"none (PDF/UA-1 refused: {first})"
    if not isinstance(pdf, bytes | bytearray):
        raise BuildError(f"Typst returned no PDF bytes for {target.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(pdf))
    return standard


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[2].isdigit():
        print(
            "usage: python -m analysis.render.typst_compile MAIN.typ OUT.pdf TIMESTAMP",
            file=sys.stderr,
        )
        return 2
    try:
        print(compile_pdf(Path(argv[0]), Path(argv[1]), int(argv[2])))
    except BuildError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
