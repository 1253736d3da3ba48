"""`valorisatiemonitor preview`: edit a chapter, save, and see the page change in the browser.

Why: a researcher who edits a chapter notebook otherwise runs the whole build and opens
a file by hand. The preview

- serves the site of one year on http://127.0.0.1:<port>/ (localhost only);
- watches `notebooks/`, `src/analysis/`, `data/raw/`, `_quarto.yml` and the root `.qmd`
  pages by polling (no file-watching dependency), and after a save rebuilds with the
  ordinary build, whose step cache reruns only what changed (one edited notebook: that
  notebook and the render);
- builds the site only, into `.build/preview/` (ignored by git): `report/` and
  `data/processed/` change only with `--publish`. The PDF is built with `--pdf`, or on
  request: opening the site's PDF link starts one build with the PDF;
- injects one small script into the HTML it serves (never into the built files) that
  waits for the next finished rebuild and reloads the page; a failed rebuild leaves the
  last good site in place and shows its one-line error on the page.

Each rebuild is the ordinary build (`analysis.build.pipeline`), run in a child process that keeps
the notebook runners warm (`analysis.build.preview_worker`) and is replaced when a file under
`src/analysis/` changes, so the code on disk is what runs. It takes the build's folder
locks, and a failure is the one line the command line would print. Ctrl-C stops the
preview, the running build and its kernels.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
import webbrowser
from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

from analysis.build.worker import Worker
from analysis.data.input_files import is_ignored
from analysis.errors import BuildError

__all__ = [
    "LIVE_SCRIPT",
    "Builder",
    "Preview",
    "PreviewOptions",
    "PreviewServer",
    "PreviewState",
    "WorkerBuilder",
    "inject_script",
    "run_preview",
    "scan",
]

#: Seconds between two scans of the watched folders (a scan of the default project is ~5 ms).
POLL_SECONDS = 0.2
#: A change counts once the files have stood still this long (an editor saves in steps;
#: JupyterLab writes the notebook and then its paired script).
SETTLE_SECONDS = 0.1
#: How long a page's status request is held open waiting for a change.
LONG_POLL_SECONDS = 20.0
#: The URL prefix of the preview's own resources (never a path in the site).
PREFIX = "/__preview__/"

Snapshot = dict[str, tuple[int, int]]


# --------------------------------------------------------------------------- options


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
            root / "_quarto.yml",
            *sorted(root.glob("*.qmd")),
        ]


# --------------------------------------------------------------------------- watching


def scan(paths: Sequence[Path]) -> Snapshot:
    """Modification time and size of every file under `paths` (files or folders).

    Hidden files and folders, Office lock files, `__pycache__` and byte code are not
    inputs of the build and are skipped, so Jupyter's checkpoints or an editor's swap
    file never start a rebuild.
    """
    found: Snapshot = {}
    for path in paths:
        if path.is_file():
            with contextlib.suppress(OSError):
                stat = path.stat()
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
            continue
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = [d for d in dirnames if not is_ignored(d) and d != "__pycache__"]
            for name in filenames:
                if is_ignored(name) or name.endswith((".pyc", ".swp", "~")):
                    continue
                full = os.path.join(dirpath, name)
                with contextlib.suppress(OSError):  # removed between listing and stat
                    stat = os.stat(full)
                    found[full] = (stat.st_mtime_ns, stat.st_size)
    return found


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, sorted."""
    keys = set(before) | set(after)
    return sorted(k for k in keys if before.get(k) != after.get(k))


# --------------------------------------------------------------------------- state


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


# --------------------------------------------------------------------------- serving

#: Served at `/__preview__/live.js`; the server adds it to every HTML page it sends.
LIVE_SCRIPT = r"""/* Valorisatiemonitor preview: reload after a rebuild, show a failed one. */
(function () {
  "use strict";
  var loaded = Number(document.currentScript.getAttribute("data-build"));
  var banner = null;
  var busy = null;
  var style = "position:fixed;z-index:2147483647;font:15px/1.45 'Liberation Sans',Arial," +
    "sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3);";
  function show(state) {
    if (state.error) {
      if (!banner) {
        banner = document.createElement("div");
        banner.id = "vm-preview-error";
        banner.setAttribute("role", "alert");
        banner.style.cssText = style + "left:0;right:0;bottom:0;background:#a4001d;" +
          "color:#fff;padding:.8rem 1.2rem;white-space:pre-wrap;";
        document.body.appendChild(banner);
      }
      banner.textContent = "Bijwerken mislukt; u ziet de laatste goede versie. / " +
        "Rebuild failed; this is the last good version.\n" + state.error;
    } else if (banner) {
      banner.remove();
      banner = null;
    }
    if (state.building && !busy) {
      busy = document.createElement("div");
      busy.id = "vm-preview-building";
      busy.setAttribute("role", "status");
      busy.style.cssText = style + "top:.6rem;left:50%;transform:translateX(-50%);" +
        "background:#154273;color:#fff;padding:.3rem .8rem;border-radius:1rem;";
      busy.textContent = "Bijwerken\u2026";
      document.body.appendChild(busy);
    } else if (!state.building && busy) {
      busy.remove();
      busy = null;
    }
  }
  function poll(after) {
    fetch("/__preview__/status?after=" + after, { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.build !== loaded) {
          location.reload();
          return;
        }
        show(state);
        poll(state.seq);
      })
      .catch(function () { setTimeout(function () { poll(-1); }, 1000); });
  }
  poll(-1);
})();
"""


def inject_script(html: str, build: int) -> str:
    """`html` with the live script before its last `</body>` (appended if there is none)."""
    tag = f'<script src="{PREFIX}live.js" data-build="{int(build)}"></script>'
    index = html.lower().rfind("</body>")
    if index < 0:
        return html + tag
    return html[:index] + tag + "\n" + html[index:]


def _waiting_page(title: str, text: str) -> str:
    """A page of the preview itself (no site yet, PDF being made): Dutch and English."""
    from analysis.publication.escape import html as escape

    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n"
        "<style>body{font-family:'Liberation Sans',Arial,sans-serif;max-width:40rem;"
        "margin:3rem auto;padding:0 1rem;color:#1a1a1a}h1{color:#154273}</style>\n"
        f"</head>\n<body>\n<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>\n</body>\n</html>\n"
    )


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one preview: the site from `options.out_dir`, plus the status."""

    daemon_threads = True

    def __init__(self, options: PreviewOptions, state: PreviewState) -> None:
        self.options = options
        self.state = state
        super().__init__((options.host, options.port), _Handler)

    @property
    def url(self) -> str:
        return f"http://{self.options.host}:{self.server_port}/"


class _Handler(SimpleHTTPRequestHandler):
    """Files under `<out-dir>/<year>/`, HTML with the live script, and `/__preview__/`."""

    server: PreviewServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        server = args[2]
        super().__init__(*args, directory=str(server.options.out_dir), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the build's lines, not every request."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_HEAD(self) -> None:
        self._route(head=True)

    def do_GET(self) -> None:
        self._route(head=False)

    # -- routing -----------------------------------------------------------
    def _route(self, *, head: bool) -> None:
        options, state = self.server.options, self.server.state
        url = urlsplit(self.path)
        path = url.path
        year = str(options.year)
        if path in ("/", "/index.html", f"/{year}", "/site", "/site/"):
            self._redirect(f"/{year}/site/index.html")
            return
        if path.startswith(PREFIX):
            self._preview_resource(path.removeprefix(PREFIX), parse_qs(url.query), head=head)
            return
        parts = [p for p in path.split("/") if p]
        if not parts or parts[0] != year or any(p.startswith(".") for p in parts):
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
            return
        if path.endswith("/"):  # a folder: its index page, with the script
            self._redirect(path + "index.html")
            return
        file = Path(self.translate_path(path))
        if path.endswith(".pdf") and len(parts) == 2 and not file.is_file():
            state.request_pdf()
            self._send_html(
                _waiting_page(
                    "De PDF wordt gemaakt",
                    "De preview bouwt nu het rapport met PDF; deze pagina toont de PDF zodra "
                    "die klaar is. / The preview is building the report with its PDF; this "
                    "page shows it when it is ready.",
                ),
                head,
            )
            return
        if path.endswith(".html") and not file.is_file():
            if not (options.year_dir / "site" / "index.html").is_file():
                self._send_html(
                    _waiting_page(
                        "De preview wordt gebouwd",
                        "Nog geen geslaagde build; deze pagina laadt opnieuw zodra er een "
                        "is. / No successful build yet; this page reloads when there is one.",
                    ),
                    head,
                )
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
            return
        if path.endswith(".html"):
            build = state.snapshot()["build"]  # before reading: a newer page reloads once more
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, ValueError):
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
                return
            self._send_html(inject_script(text, build), head, build=build)
            return
        if head:
            super().do_HEAD()
        else:
            super().do_GET()

    def _preview_resource(self, name: str, query: dict[str, list[str]], *, head: bool) -> None:
        state = self.server.state
        if name == "live.js":
            self._send(HTTPStatus.OK, "text/javascript; charset=utf-8", LIVE_SCRIPT.encode(), head)
        elif name == "status":
            try:
                after = int(query.get("after", ["-1"])[0])
            except ValueError:
                after = -1
            snapshot = state.wait(after, self.server.options.long_poll_seconds)
            body = json.dumps(snapshot, ensure_ascii=False).encode("utf-8")
            self._send(HTTPStatus.OK, "application/json; charset=utf-8", body, head)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)

    # -- responses ---------------------------------------------------------
    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_html(self, html: str, head: bool, *, build: int | None = None) -> None:
        if build is None:
            html = inject_script(html, self.server.state.snapshot()["build"])
        self._send(HTTPStatus.OK, "text/html; charset=utf-8", html.encode("utf-8"), head)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)


# --------------------------------------------------------------------------- building


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


class Builder(Protocol):
    """Runs one build of the preview's settings; returns None, or the failure's one line."""

    def __call__(self, options: PreviewOptions, *, pdf: bool) -> str | None: ...

    def code_changed(self) -> None:
        """Files under `src/analysis/` changed: the next build must import them afresh."""

    def close(self) -> None: ...


class WorkerBuilder:
    """Builds in `analysis.build.preview_worker`, a process that keeps the notebook runners warm.

    The process is replaced when the code changes, and started again if it died.
    """

    def __init__(self) -> None:
        self._worker: Worker | None = None

    def start(self) -> WorkerBuilder:
        if self._worker is None:
            self._worker = Worker("analysis.build.preview_worker").start()
        return self

    def __call__(self, options: PreviewOptions, *, pdf: bool) -> str | None:
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
        }
        try:
            reply = self._worker.request(request)
        except BuildError as exc:  # the process died (killed, out of memory)
            self._worker = None
            return f"Build mislukt / build failed: {exc}"
        error = reply.get("error")
        return str(error) if error is not None else None

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

    def rebuild(self, *, pdf: bool) -> BuildOutcome:
        options, state = self.options, self.state
        state.update(building=True)
        before = _folder_identity(options.year_dir)
        start = time.perf_counter()
        error = self.builder(options, pdf=pdf)
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
        outcome = BuildOutcome(error is None, published, error, seconds)
        self.builds.append(outcome)
        return outcome

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
                last = current
                shown = ", ".join(_shown(Path(p), options.project_dir) for p in changed[:3])
                more = f" (+{len(changed) - 3})" if len(changed) > 3 else ""
                print(f"{'changed':<7} {shown}{more}", flush=True)
                if any(p.startswith(code) for p in changed):
                    self.builder.code_changed()
                self.rebuild(pdf=options.pdf or state.pdf_wanted)
            elif state.pdf_wanted:
                print(f"{'pdf':<7} requested from the browser", flush=True)
                self.rebuild(pdf=True)


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
