"""Make the report's fallback fonts: subsets of Noto Sans CJK and Symbola (maintainer tool).

Why subsets: the full Noto Sans CJK collection is 19 MB and Symbola 3 MB; the report
needs the characters a name may plausibly hold, not every ideograph. The subsets keep
the repository small (about 2.5 MB together) and `validate` refuses, with file, row and
column, any character none of the vendored fonts can draw
(`analysis.glyphs.coverage`), so nothing is found missing at the end
of a build.

Not run by the build or the tests: run it once after a font update, with fontTools
(`pip install fonttools`) and Debian's `fonts-noto-cjk` and `fonts-symbola` installed:

    python tools/subset_fonts.py src/analysis/publication/render/fonts

The output is deterministic for the same input fonts and fontTools version.
"""

from __future__ import annotations

import sys
from pathlib import Path

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_CJK_SC = 2  # the collection's "Noto Sans CJK SC" face (simplified Chinese forms)
SYMBOLA = Path("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf")

#: Symbola's blocks kept: emoji and the symbols, arrows, dingbats and enclosed forms
#: around them, plus the joiners, variation selectors and keycap mark of emoji sequences.
SYMBOLA_RANGES = (
    "U+2000-206F,U+20A0-20CF,U+20D0-20FF,U+2100-214F,U+2190-21FF,U+2300-23FF,U+2460-24FF,"
    "U+25A0-27BF,U+2900-297F,U+2B00-2BFF,U+FE00-FE0F,U+1F000-1F02F,U+1F0A0-1F0FF,"
    "U+1F100-1F1FF,U+1F300-1F6FF,U+1F900-1F9FF"
)


def _two_byte(encoding: str, leads: range | list[int], trails: range | list[int]) -> set[str]:
    found: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                found.update(bytes([lead, trail]).decode(encoding))
            except UnicodeDecodeError:
                continue
    return found


def cjk_characters() -> str:
    """The common CJK set: GB2312 level 1 and its symbols (3,755 hanzi), JIS X 0208 level 1
    with kana and symbols (2,965 kanji), and KS X 1001's 2,350 Hangul syllables."""
    chars = _two_byte("gb2312", [*range(0xA1, 0xAA), *range(0xB0, 0xD8)], range(0xA1, 0xFF))
    chars |= _two_byte("euc_jp", [*range(0xA1, 0xA9), *range(0xB0, 0xD0)], range(0xA1, 0xFF))
    chars |= _two_byte("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    return "".join(sorted(c for c in chars if ord(c) > 0x2E7F))


def main(out: Path) -> None:
    from fontTools import subset

    text = out / "cjk-characters.txt"
    text.write_text(cjk_characters(), encoding="utf-8")
    common = ["--no-hinting", "--layout-features=", "--name-IDs=*", "--name-languages=*"]
    subset.main(
        [
            str(NOTO_CJK),
            f"--font-number={NOTO_CJK_SC}",
            f"--text-file={text}",
            f"--output-file={out / 'NotoSansCJKsc-Subset.otf'}",
            *common,
        ]
    )
    text.unlink()
    subset.main(
        [
            str(SYMBOLA),
            f"--unicodes={SYMBOLA_RANGES}",
            f"--output-file={out / 'Symbola-Subset.ttf'}",
            *common,
        ]
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
