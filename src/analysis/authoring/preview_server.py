"""The preview's HTTP server: the built site, with a live script that reloads after a rebuild.

The script is injected into the HTML as it is sent, never into the built files; the
preview's own resources live under `PREFIX`.

It serves the year's folder and nothing else, to nobody else:

* the path is decoded and normalised before any check (`/2025/%2e%2e/.cache` is the
  same path as `/2025/../.cache`), hidden and `..` parts are refused, and the file is
  resolved and must lie inside `<out-dir>/<year>/` (no symbolic link out of it);
* the `Host` header must name the loopback address and the preview's port
  (`127.0.0.1`, `localhost`, `[::1]`): a page on another site that rebinds its DNS
  name to 127.0.0.1 gets 421, never the unpublished preview;
* a PDF build is started only by a request from the preview's own pages or typed by
  hand (`Sec-Fetch-Site` / `Referer`), never by a link or image on another site;
* a malformed request gets 400 (or the status `http.server` chooses) and one log line
  on standard error, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from analysis.authoring.preview_state import PreviewOptions, PreviewState

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

    def allowed_hosts(self) -> frozenset[str]:
        """`Host` values of this server: the loopback names with its port."""
        port = self.server_port
        names = ("127.0.0.1", "localhost", "[::1]", self.options.host)
        hosts = {f"{name}:{port}" for name in names}
        if port == 80:
            hosts |= set(names)
        return frozenset(h.lower() for h in hosts)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line on standard error instead of `socketserver`'s traceback."""
        error = sys.exc_info()[1]
        print(
            f"preview: request from {client_address[0]} failed: "
            f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}",
            file=sys.stderr,
        )


class BadRequest(Exception):
    """A request path that cannot name a file of the site (answered with 400)."""


def site_parts(raw_path: str) -> list[str] | None:
    """The URL path as decoded parts; None when it leaves the site; `BadRequest` if malformed.

    Decoded first (`%2e%2e` is `..`, `%2ecache` is `.cache`), so every later check sees
    the path the file system would see: a NUL, a backslash or bytes that are not UTF-8
    are malformed (400); a `..` or `.` part, or a part that starts with a dot (hidden
    files, `.cache`), is outside the site (404, like any file that is not there).
    """
    try:
        decoded = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        raise BadRequest("the path is not UTF-8") from None
    if "\x00" in decoded or "\\" in decoded:
        raise BadRequest("the path holds a NUL or a backslash")
    parts = [p for p in decoded.split("/") if p]
    if any(p.startswith(".") for p in parts):  # also "." and ".."
        return None
    return parts


class _Handler(SimpleHTTPRequestHandler):
    """Files under `<out-dir>/<year>/`, HTML with the live script, and `/__preview__/`."""

    server: PreviewServer
    #: A request too broken to name its version is answered with a status line anyway.
    default_request_version = "HTTP/1.0"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        server = args[2]
        super().__init__(*args, directory=str(server.options.out_dir), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the build's lines, not every request."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_error(self, format: str, *args: Any) -> None:
        """A refused or malformed request: one line on standard error."""
        client = self.client_address[0] if self.client_address else "?"
        print(f"preview: {client}: {format % args}", file=sys.stderr)

    def do_HEAD(self) -> None:
        self._checked(head=True)

    def do_GET(self) -> None:
        self._checked(head=False)

    def _checked(self, *, head: bool) -> None:
        """The `Host` check and the path check before any routing; 400 on a bad request."""
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            self.send_error(HTTPStatus.BAD_REQUEST, "no Host header")
            return
        if host not in self.server.allowed_hosts():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, f"not this preview's host: {host!r}")
            return
        try:
            self._route(head=head)
        except BadRequest as error:
            self.send_error(HTTPStatus.BAD_REQUEST, str(error))

    def _same_origin(self) -> bool:
        """Whether the request comes from the preview's own pages or was typed by hand.

        Browsers send `Sec-Fetch-Site` (same-origin, none for a typed address,
        cross-site for a link or an image on another site); older ones a `Referer`.
        A request with neither is not from a browser page (curl, a test).
        """
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if site:
            return site in ("same-origin", "none")
        referer = self.headers.get("Referer")
        if referer:
            return urlsplit(referer).netloc.lower() in self.server.allowed_hosts()
        return True

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
        parts = site_parts(path)
        if not parts or parts[0] != year:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
            return
        if path.endswith("/"):  # a folder: its index page, with the script
            self._redirect("/" + "/".join(parts) + "/index.html")
            return
        root = options.year_dir
        file = self._confined(root, parts[1:])
        name = parts[-1]
        if name.endswith(".pdf") and len(parts) == 2 and file is None:
            if not self._same_origin():
                self._send_html(
                    _waiting_page(
                        "Geen PDF gemaakt",
                        "Een andere website vroeg om de PDF; de preview maakt die alleen op "
                        "verzoek van haar eigen pagina's. Open de link op de preview. / "
                        "Another site asked for the PDF; the preview builds it only when its "
                        "own pages ask.",
                    ),
                    head,
                    status=HTTPStatus.FORBIDDEN,
                )
                return
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
        if name.endswith(".html") and file is None:
            if not (root / "site" / "index.html").is_file():
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
        if file is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
            return
        if name.endswith(".html"):
            state.viewing = "/".join(parts[1:])
            build = state.snapshot()["build"]  # before reading: a newer page reloads once more
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, ValueError):
                self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
                return
            self._send_html(inject_script(text, build), head, build=build)
            return
        self._send_file(file, head)

    @staticmethod
    def _confined(root: Path, parts: list[str]) -> Path | None:
        """The regular file `root/parts`, if it lies inside `root` once links are resolved."""
        try:
            real_root = root.resolve(strict=True)
            file = root.joinpath(*parts).resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real_root not in file.parents or not file.is_file():
            return None
        return file

    def _send_file(self, file: Path, head: bool) -> None:
        """A static file, streamed (opened without following a link swapped in meanwhile)."""
        try:
            fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", head)
            return
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if not head:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    shutil.copyfileobj(handle, self.wfile)

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

    def _send_html(
        self,
        html: str,
        head: bool,
        *,
        build: int | None = None,
        status: HTTPStatus = HTTPStatus.OK,
    ) -> None:
        if build is None:
            html = inject_script(html, self.server.state.snapshot()["build"])
        self._send(status, "text/html; charset=utf-8", html.encode("utf-8"), head)

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)
