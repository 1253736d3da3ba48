"""The preview's HTTP server: the built site, with a live script that reloads after a rebuild.

The script is injected into the HTML as it is sent, never into the built files; the
preview's own resources live under `PREFIX`.
"""

from __future__ import annotations

import contextlib
import json
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from analysis.build.preview_state import PreviewOptions, PreviewState

#: The URL prefix of the preview's own resources (never a path in the site).
PREFIX = "/__preview__/"


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
