"""The key messages as data, left by the notebook for the English summary to render."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from analysis.publication.chapters.key_messages.message import KeyMessage
from analysis.publication.messages import from_json, to_json

#: Where the notebook leaves the messages as data, relative to the year folder: the
#: English summary (`analysis.publication.english`) renders these very records, so the
#: render step does not compute them a second time.
RECORD = "editie/kernboodschappen.json"
RECORD_FORMAT = 2


def record_bytes(messages: Sequence[KeyMessage], year: int, demo: bool) -> bytes:
    """The messages as message ids with parameters (JSON, sorted keys: same messages, same bytes)."""
    data = {
        "format": RECORD_FORMAT,
        "year": year,
        "demo": demo,
        "messages": [
            {
                "question": to_json(m.question_msg),
                "answer": to_json(m.answer_msg),
                "bases": list(m.bases),
                "headline": to_json(m.headline_msg),
                "brief": to_json(m.brief_msg),
            }
            for m in messages
        ],
    }
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def write_record(
    messages: Sequence[KeyMessage], year: int, demo: bool, output_dir: str | Path
) -> None:
    """Write `RECORD` into the notebook's output folder (the year folder).

    Returns nothing, so as a notebook cell's last line it adds no output to the page.
    """
    target = Path(output_dir) / RECORD
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(record_bytes(messages, year, demo))


def read_record(year_dir: Path, year: int) -> list[KeyMessage] | None:
    """The messages the notebook recorded for `year`, or None when there is no such record."""
    path = Path(year_dir) / RECORD
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != RECORD_FORMAT or data.get("year") != year:
        return None
    return [
        KeyMessage(
            from_json(m["question"]),
            from_json(m["answer"]),
            tuple(m["bases"]),
            from_json(m["headline"]),
            from_json(m["brief"]),
        )
        for m in data["messages"]
    ]
