"""`valorisatiemonitor preview`: edit a chapter, save, and see the page change in the browser.

Why: a researcher who edits a chapter notebook otherwise runs the whole build and opens
a file by hand. The preview

- serves the site of one year on http://127.0.0.1:<port>/ (localhost only);
- watches `notebooks/`, `src/analysis/`, `data/raw/`, `_quarto.yml` and the root `.qmd`
  pages by polling (no file-watching dependency), and after a save rebuilds with the
  ordinary build, whose step cache reruns only what changed (one edited notebook: that
  notebook and the render); the page being read comes first: when a save puts several
  notebooks out of date (a chapter module that the summary imports too), a first pass
  runs that page's notebook alone and reloads it, and the full build follows at once
  (`Preview.rebuild_page_first`);
- builds the site only, into `.build/preview/` (ignored by git): `report/` and
  `data/processed/` change only with `--publish`. The PDF is built with `--pdf`, or on
  request: opening the site's PDF link starts one build with the PDF;
- injects one small script into the HTML it serves (never into the built files) that
  waits for the next finished rebuild and reloads the page; a failed rebuild leaves the
  last good site in place and shows its one-line error on the page.

Each rebuild is the ordinary build (`analysis.pipeline.runner`), run in a child process that keeps
the notebook runners warm (`analysis.authoring.preview_worker`) and is replaced when a file under
`src/analysis/` changes, so the code on disk is what runs. It takes the build's folder
locks, and a failure is the one line the command line would print. Ctrl-C stops the
preview, the running build and its kernels.

This module runs the rebuild loop; `preview_state` holds the options and the state the
pages learn, `preview_watch` the polling, and `preview_server` the HTTP side.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from analysis.authoring.preview_server import PreviewServer
from analysis.authoring.preview_state import PreviewOptions, PreviewState
from analysis.authoring.preview_watch import SETTLE_SECONDS, changed_files, scan
from analysis.errors import BuildError, one_line
from analysis.pipeline.worker import Worker

__all__ = [
    "BuildOutcome",
    "Builder",
    "Built",
    "Preview",
    "WorkerBuilder",
    "run_preview",
]


def _folder_identity(path: Path) -> tuple[int, int] | None:
    """Identity of the published year folder: a publish swaps in a new folder."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns)


@dataclass
class BuildOutcome:
    ok: bool
    published: bool
    error: str | None
    seconds: float
    #: Some notebooks kept their earlier output (a first pass for the page being read).
    partial: bool = False


@dataclass(frozen=True)
class Built:
    """What one build reports: its failure's one line, or None; and whether it was a
    first pass in which other notebooks kept their earlier output."""

    error: str | None = None
    partial: bool = False


class Builder(Protocol):
    """Runs one build of the preview's settings.

    `page_first`: the notebook of the page being read; the other out-of-date notebooks
    keep their earlier output in this build (`BuildConfig.page_first`)."""

    def __call__(
        self, options: PreviewOptions, *, pdf: bool, page_first: str | None = None
    ) -> Built: ...

    def code_changed(self) -> None:
        """Files under `src/analysis/` changed: the next build must import them afresh."""

    def close(self) -> None: ...


class WorkerBuilder:
    """Builds in `analysis.authoring.preview_worker`, a process that keeps the notebook runners warm.

    The process is replaced when the code changes, and started again if it died.
    """

    def __init__(self) -> None:
        self._worker: Worker | None = None

    def start(self) -> WorkerBuilder:
        if self._worker is None:
            self._worker = Worker("analysis.authoring.preview_worker").start()
        return self

    def __call__(
        self, options: PreviewOptions, *, pdf: bool, page_first: str | None = None
    ) -> Built:
        self.start()
        assert self._worker is not None
        request = {
            "year": options.year,
            "project_dir": str(options.project_dir),
            "data_dir": str(options.data_dir),
            "out_dir": str(options.out_dir),
            "processed_dir": str(options.processed_dir),
            "engine": options.engine,
            "pdf": pdf,
            "demo_data": str(options.demo_data) if options.demo_data is not None else None,
            "page_first": page_first,
        }
        try:
            reply = self._worker.request(request)
        except BuildError as exc:  # the process died (killed, out of memory)
            self._worker = None
            return Built(f"Build mislukt / build failed: {exc}")
        error = reply.get("error")
        return Built(str(error) if error is not None else None, bool(reply.get("partial")))

    def code_changed(self) -> None:
        self.close()
        self.start()  # imports and warms up while the files settle

    def close(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None


class Preview:
    """The loop: scan, rebuild on change or PDF request, tell the pages."""

    def __init__(
        self,
        options: PreviewOptions,
        *,
        builder: Builder | None = None,
        state: PreviewState | None = None,
    ) -> None:
        self.options = options
        self.state = state or PreviewState()
        self.builder: Builder = builder or WorkerBuilder()
        self.stop = threading.Event()
        self.builds: list[BuildOutcome] = []

    def rebuild(self, *, pdf: bool, page_first: str | None = None) -> BuildOutcome:
        options, state = self.options, self.state
        state.update(building=True)
        before = _folder_identity(options.year_dir)
        start = time.perf_counter()
        built = self.builder(options, pdf=pdf, page_first=page_first)
        error = built.error
        seconds = time.perf_counter() - start
        published = _folder_identity(options.year_dir) != before
        values: dict[str, Any] = {"building": False, "error": error}
        if error is None:
            if pdf:
                values["pdf_wanted"] = False
            if published:
                values["build"] = state.build + 1
        else:
            values["pdf_wanted"] = False  # asked again by opening the link again
            print(error, file=sys.stderr, flush=True)
        state.update(**values)
        outcome = BuildOutcome(error is None, published, error, seconds, built.partial)
        self.builds.append(outcome)
        return outcome

    def page_notebook(self) -> str | None:
        """The notebook behind the site page a browser opened last, if it has one."""
        viewing = self.state.viewing or ""
        folder, _, name = viewing.rpartition("/")
        if folder != "site" or not name.endswith(".html"):
            return None
        notebook = f"notebooks/{name.removesuffix('.html')}.ipynb"
        return notebook if (self.options.project_dir / notebook).is_file() else None

    def rebuild_page_first(self, *, pdf: bool) -> None:
        """After a save: the page being read first, then everything.

        A first pass runs only the notebook of the page a browser opened last (the other
        out-of-date notebooks keep their earlier output) and publishes, so that page
        reloads within seconds; when something was kept, or a PDF is wanted, the full
        build follows at once and the pages reload again. Without a notebook page open,
        or when that notebook alone was out of date, one build does it all.
        """
        page = self.page_notebook()
        first = self.rebuild(pdf=pdf and page is None, page_first=page)
        if first.ok and page is not None and (first.partial or pdf):
            self.rebuild(pdf=pdf)

    def run(self) -> None:
        """Build once, then rebuild after every change until `stop` is set."""
        options, state = self.options, self.state
        watched = options.watched()
        code = str(options.project_dir / "src" / "analysis") + os.sep
        last = scan(watched)
        self.rebuild(pdf=options.pdf)
        while not self.stop.is_set():
            state.wake.wait(options.poll_seconds)
            state.wake.clear()
            if self.stop.is_set():
                break
            current = scan(watched)
            if current != last:
                while True:  # wait until the files stand still
                    time.sleep(SETTLE_SECONDS)
                    again = scan(watched)
                    if again == current:
                        break
                    current = again
                changed = changed_files(last, current)
                shown = ", ".join(_shown(Path(p), options.project_dir) for p in changed[:3])
                more = f" (+{len(changed) - 3})" if len(changed) > 3 else ""
                print(f"{'changed':<7} {shown}{more}", flush=True)
                synced = self.sync_pairs(changed)
                last = scan(watched) if synced else current  # our own writes are no edit
                if any(p.startswith(code) for p in changed):
                    self.builder.code_changed()
                self.rebuild_page_first(pdf=options.pdf or state.pdf_wanted)
            elif state.pdf_wanted:
                print(f"{'pdf':<7} requested from the browser", flush=True)
                self.rebuild(pdf=True)

    def sync_pairs(self, changed: list[str]) -> list[Path]:
        """Bring each notebook pair in step with the half just saved (`notebook_pairs.sync`):
        an edited script reaches the notebook the build runs. Without jupytext (an
        install without the `edit` extra) or with a script jupytext cannot read, it says
        so and the build runs the notebook as it is."""
        try:
            from analysis.authoring import notebook_pairs

            written = notebook_pairs.sync(
                self.options.project_dir / "notebooks", [Path(p) for p in changed]
            )
        except ImportError:
            print(f"{'pairs':<7} not synced: jupytext is not installed", flush=True)
            return []
        except Exception as exc:  # jupytext's own errors on a script it cannot read
            print(f"{'pairs':<7} not synced: {one_line(exc)}", file=sys.stderr, flush=True)
            return []
        for path in written:
            print(f"{'synced':<7} {_shown(path, self.options.project_dir)}", flush=True)
        return written


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def run_preview(options: PreviewOptions) -> int:
    """Serve and rebuild until interrupted (Ctrl-C: the command line prints the one line)."""
    state = PreviewState()
    server = PreviewServer(options, state)  # first: a port in use ends here, nothing started
    os.environ["VALORISATIEMONITOR_ROOT"] = str(options.project_dir)  # for its processes
    preview = Preview(options, builder=WorkerBuilder().start(), state=state)
    thread = threading.Thread(target=server.serve_forever, name="preview-http", daemon=True)
    thread.start()
    print(
        f"preview {server.url} (jaar {options.year}; "
        f"{'met' if options.pdf else 'zonder'} PDF; {options.out_dir}); Ctrl-C stopt",
        flush=True,
    )
    if options.open_browser:
        webbrowser.open(server.url)
    try:
        preview.run()
    finally:
        preview.stop.set()
        server.shutdown()
        server.server_close()
        preview.builder.close()
    return 0
