"""What one preview serves, watches and builds, and the state its pages learn.

`PreviewOptions` is fixed for the preview's life; `PreviewState` is shared by the
rebuild loop (`preview.Preview`) and the HTTP server (`preview_server`), which hands it
to the pages over `/__preview__/status`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Seconds between two scans of the watched folders (a scan of the default project is ~5 ms).
POLL_SECONDS = 0.2
#: How long a page's status request is held open waiting for a change.
LONG_POLL_SECONDS = 20.0


@dataclass(frozen=True)
class PreviewOptions:
    """What one preview serves, watches and builds."""

    year: int
    project_dir: Path
    data_dir: Path
    out_dir: Path
    processed_dir: Path
    port: int = 8765
    host: str = "127.0.0.1"
    pdf: bool = False
    engine: str = "auto"
    open_browser: bool = False
    poll_seconds: float = POLL_SECONDS
    long_poll_seconds: float = LONG_POLL_SECONDS
    #: The demonstration data laid over `data_dir` (`build --demonstratie`); None: the
    #: published edition.
    demo_data: Path | None = None

    @property
    def year_dir(self) -> Path:
        return self.out_dir / str(self.year)

    def watched(self) -> list[Path]:
        """The folders and files whose change starts a rebuild."""
        root = self.project_dir
        return [
            root / "notebooks",
            root / "src" / "analysis",
            self.data_dir,
            *([self.demo_data] if self.demo_data is not None else []),
            root / "_quarto.yml",
            *sorted(root.glob("*.qmd")),
        ]


@dataclass
class PreviewState:
    """What the pages learn over `/__preview__/status`, shared by the server and the loop.

    `build` counts the rebuilds that published a changed site (a page reloads when it
    differs from the one it was served with); `seq` counts every change of the state
    (a page's status request waits for it).
    """

    seq: int = 0
    build: int = 0
    building: bool = False
    error: str | None = None
    pdf_wanted: bool = False
    #: The site page a browser opened last (relative to the year folder, e.g.
    #: `site/01_x.html`): its notebook is rebuilt first after a save.
    viewing: str | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)
    wake: threading.Event = field(default_factory=threading.Event)

    def snapshot(self) -> dict[str, Any]:
        with self.changed:
            return {
                "seq": self.seq,
                "build": self.build,
                "building": self.building,
                "error": self.error,
                "pdf": self.pdf_wanted,
            }

    def update(self, **values: Any) -> None:
        with self.changed:
            for name, value in values.items():
                setattr(self, name, value)
            self.seq += 1
            self.changed.notify_all()

    def wait(self, after: int, timeout: float) -> dict[str, Any]:
        """The state once `seq` differs from `after` (or after `timeout` seconds)."""
        with self.changed:
            self.changed.wait_for(lambda: self.seq != after, timeout=timeout)
        return self.snapshot()

    def request_pdf(self) -> None:
        if not self.pdf_wanted:
            self.update(pdf_wanted=True)
        self.wake.set()
