"""What the build tells the person who runs it: one line per step, and a log.

The console speaks Dutch (the report's language); the log keeps the English codes so
the next build can read the steps' times back (`longest_first`).
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from analysis.pipeline import guard

StepStatus = Literal["ran", "cached", "kept", "failed"]


@dataclass
class StepResult:
    name: str
    status: StepStatus
    seconds: float
    detail: str = ""


#: The console's status words, in the report's language (the log keeps the codes).
STATUS_WORDS: dict[str, str] = {
    "ran": "uitgevoerd",
    "cached": "uit cache",
    "kept": "later",
    "failed": "mislukt",
    "note": "let op",
    "done": "klaar",
}
_WORD_WIDTH = max(len(w) for w in STATUS_WORDS.values())


def seconds_text(seconds: float) -> str:
    """A duration as the console prints it, Dutch style: ``  4,84 s``."""
    return f"{seconds:6.2f} s".replace(".", ",")


def console_line(word: str, name: str, seconds: float | None = None, detail: str = "") -> str:
    """One line of the console: status word, step, time; columns line up."""
    line = f"{STATUS_WORDS[word]:<{_WORD_WIDTH}}  {name:<42}"
    if seconds is not None:
        line += f" {seconds_text(seconds)}"
    if detail:
        line += f"  {detail}"
    return line.rstrip()


@dataclass
class Progress:
    """Prints one line per step (uitgevoerd / uit cache / later / mislukt, with its time), keeps a log.

    Steps finish in parallel lanes (notebooks, the PDF beside the site); every line is
    written whole, under a lock, in one write: two steps that finish together never
    share a line.
    """

    quiet: bool = False
    results: list[StepResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def _write(self, line: str, stream: TextIO) -> None:
        with self._lock:
            stream.write(line + "\n")
            stream.flush()

    def report(self, result: StepResult) -> None:
        with self._lock:
            self.results.append(result)
        if result.status == "failed" and guard.interrupted() is not None:
            return  # children stopped by Ctrl-C fail too; the one line says why
        if not self.quiet or result.status == "failed":
            line = console_line(result.status, result.name, result.seconds, result.detail)
            self._write(line, sys.stderr if result.status == "failed" else sys.stdout)

    def note(self, text: str) -> None:
        """Something the user should know that is not a failure (a damaged cache entry)."""
        with self._lock:
            self.notes.append(text)
        self._write(console_line("note", text), sys.stderr)

    def done(self, seconds: float, pdf: Path | None, site: Path | None) -> None:
        """The last line: the total time and the files to open, only those that exist.

        A `--site-only` or preview build makes no PDF; an old PDF left in the year
        folder by an earlier build is not this build's, so the caller passes None.
        """
        opened = [
            f"{label}: {path}"
            for label, path in (("PDF", pdf), ("website", site))
            if path is not None and path.is_file()
        ]
        self._write(
            f"{STATUS_WORDS['done']:<{_WORD_WIDTH}}  {seconds_text(seconds).strip()}"
            + "".join(f"  {item}" for item in opened),
            sys.stdout,
        )
