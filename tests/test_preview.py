"""The live preview (`analysis.authoring.preview`): watching, serving, the reload protocol, the loop.

The loop and the server run here with a stand-in builder that writes a one-page site
from a watched file, so every behaviour is checked in a second; the real build behind
the preview is exercised in `tests/e2e/test_preview_e2e.py`.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.authoring.preview import Built, Preview
from analysis.authoring.preview_server import LIVE_SCRIPT, PreviewServer, inject_script
from analysis.authoring.preview_state import PreviewOptions, PreviewState
from analysis.authoring.preview_watch import changed_files, scan

YEAR = 2025
ROOT = Path(__file__).resolve().parents[1]


def _options(root: Path, **extra: object) -> PreviewOptions:
    for folder in ("notebooks", "src/analysis", "data/raw"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "_quarto.yml").write_text("project: {}\n")
    values: dict[str, object] = {
        "year": YEAR,
        "project_dir": root,
        "data_dir": root / "data" / "raw",
        "out_dir": root / ".build" / "preview",
        "processed_dir": root / ".build" / "preview-processed",
        "port": 0,
        "poll_seconds": 0.05,
        "long_poll_seconds": 5.0,
    }
    values.update(extra)
    return PreviewOptions(**values)  # type: ignore[arg-type]


def _publish(options: PreviewOptions, html: str) -> None:
    """Write a site the way the build publishes it: a new year folder swapped in."""
    staging = options.out_dir / f".staging-{time.monotonic_ns()}"
    (staging / "site").mkdir(parents=True)
    (staging / "site" / "index.html").write_text(html, encoding="utf-8")
    target = options.year_dir
    old = options.out_dir / f".old-{time.monotonic_ns()}"
    if target.exists():
        os.rename(target, old)
    os.rename(staging, target)
    if old.exists():
        import shutil

        shutil.rmtree(old)


class FakeBuilder:
    """Builds `notebooks/chapter.ipynb` (plain text here) into a one-page site.

    Text containing FOUT fails like a notebook error; unchanged text publishes nothing,
    as the real build's cached publish does.
    """

    def __init__(self) -> None:
        self.calls: list[bool] = []
        self.page_first: list[str | None] = []
        #: Whether a first pass for a page leaves other notebooks with an earlier output.
        self.others_out_of_date = True
        self.code_changes = 0
        self.closed = False

    def __call__(
        self, options: PreviewOptions, *, pdf: bool, page_first: str | None = None
    ) -> Built:
        self.calls.append(pdf)
        self.page_first.append(page_first)
        text = (options.project_dir / "notebooks" / "chapter.ipynb").read_text(encoding="utf-8")
        if "FOUT" in text:
            return Built("Build mislukt / build failed: notebooks/chapter.ipynb: NameError: FOUT")
        partial = page_first is not None and self.others_out_of_date
        html = f"<html><body><p>{text}</p></body></html>"
        current = options.year_dir / "site" / "index.html"
        if current.is_file() and current.read_text(encoding="utf-8") == html:
            return Built(partial=partial)
        _publish(options, html)
        if pdf:
            (options.year_dir / f"valorisatiemonitor-{YEAR}.pdf").write_bytes(b"%PDF-1.7\n")
        return Built(partial=partial)

    def code_changed(self) -> None:
        self.code_changes += 1

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, PreviewOptions]]:
    options = _options(tmp_path)
    server = PreviewServer(options, PreviewState())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, options
    server.shutdown()
    server.server_close()


def _get(server: PreviewServer, path: str) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(server.url.rstrip("/") + path)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


def _status(server: PreviewServer, after: int = -1) -> dict[str, object]:
    code, body, _ = _get(server, f"/__preview__/status?after={after}")
    assert code == 200
    result: dict[str, object] = json.loads(body)
    return result


# --------------------------------------------------------------------------- watching


def test_scan_sees_edits_additions_and_removals_but_not_checkpoints_or_caches(
    tmp_path: Path,
) -> None:
    notebooks = tmp_path / "notebooks"
    (notebooks / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "src" / "__pycache__").mkdir(parents=True)
    chapter = notebooks / "03.ipynb"
    chapter.write_text("{}")
    watched = [notebooks, tmp_path / "src", tmp_path / "_quarto.yml"]
    (tmp_path / "_quarto.yml").write_text("a")
    before = scan(watched)
    assert sorted(before) == sorted([str(notebooks / "03.ipynb"), str(tmp_path / "_quarto.yml")])

    (notebooks / ".ipynb_checkpoints" / "03-checkpoint.ipynb").write_text("{ }")
    (tmp_path / "src" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (notebooks / "~$lock.xlsx").write_text("x")
    (notebooks / ".03.ipynb.swp").write_text("x")
    assert scan(watched) == before  # none of these is an input

    chapter.write_text('{"cells": []}')  # another size: seen even within one mtime tick
    (tmp_path / "src" / "new.py").write_text("x = 1\n")
    (tmp_path / "_quarto.yml").unlink()
    after = scan(watched)
    assert changed_files(before, after) == sorted(
        [str(chapter), str(tmp_path / "src" / "new.py"), str(tmp_path / "_quarto.yml")]
    )


def test_watched_paths_are_the_notebooks_the_code_the_data_and_the_site_config(
    tmp_path: Path,
) -> None:
    options = _options(tmp_path)
    (tmp_path / "about.qmd").write_text("# Over\n")
    assert options.watched() == [
        tmp_path / "notebooks",
        tmp_path / "src" / "analysis",
        tmp_path / "data" / "raw",
        tmp_path / "_quarto.yml",
        tmp_path / "about.qmd",
    ]


# --------------------------------------------------------------------------- serving


def test_inject_script_goes_before_the_last_body_end() -> None:
    html = "<html><body><p>&lt;/body&gt; in text</p></BODY></html>"
    out = inject_script(html, 7)
    assert out == (
        '<html><body><p>&lt;/body&gt; in text</p><script src="/__preview__/live.js" '
        'data-build="7"></script>\n</BODY></html>'
    )
    assert inject_script("<p>no body</p>", 0).endswith('data-build="0"></script>')


def test_server_listens_on_localhost_only(served: tuple[PreviewServer, PreviewOptions]) -> None:
    server, _ = served
    assert server.server_address[0] == "127.0.0.1"
    assert server.url == f"http://127.0.0.1:{server.server_port}/"


def test_pages_get_the_live_script_the_files_on_disk_do_not(
    served: tuple[PreviewServer, PreviewOptions],
) -> None:
    server, options = served
    _publish(options, "<html><body><h1>Samenvatting</h1></body></html>")
    server.state.update(build=3)
    code, body, headers = _get(server, "/")  # redirected to the year's index page
    assert code == 200
    assert '<h1>Samenvatting</h1><script src="/__preview__/live.js" data-build="3">' in body
    assert headers["Cache-Control"] == "no-store"
    on_disk = (options.year_dir / "site" / "index.html").read_text(encoding="utf-8")
    assert "__preview__" not in on_disk
    assert server.state.viewing == "site/index.html"  # the page a browser opened last
    code, script, headers = _get(server, "/__preview__/live.js")
    assert code == 200 and script == LIVE_SCRIPT
    assert headers["Content-Type"].startswith("text/javascript")
    (options.year_dir / "data").mkdir()
    (options.year_dir / "data" / "t.csv").write_text("a,b\n1,2\n")
    assert _get(server, f"/{YEAR}/data/t.csv")[:2] == (200, "a,b\n1,2\n")


def test_only_the_years_folder_is_served(served: tuple[PreviewServer, PreviewOptions]) -> None:
    server, options = served
    _publish(options, "<html><body>x</body></html>")
    (options.out_dir / ".cache").mkdir()
    (options.out_dir / ".cache" / "build.log").write_text("secret-ish\n")
    (options.out_dir / "2024" / "site").mkdir(parents=True)
    (options.out_dir / "2024" / "site" / "index.html").write_text("old year")
    for path in ("/.cache/build.log", f"/{YEAR}/../.cache/build.log", "/2024/site/index.html"):
        code, body, _ = _get(server, path)
        assert code == 404, path
        assert "secret" not in body and "old year" not in body


def test_before_the_first_build_a_waiting_page_that_reloads(
    served: tuple[PreviewServer, PreviewOptions],
) -> None:
    server, _ = served
    code, body, _ = _get(server, f"/{YEAR}/site/index.html")
    assert code == 200
    assert "De preview wordt gebouwd" in body and "No successful build yet" in body
    assert 'data-build="0"' in body


def test_status_answers_at_once_then_waits_for_the_next_change(
    served: tuple[PreviewServer, PreviewOptions],
) -> None:
    server, _ = served
    first = _status(server)
    assert first == {"seq": 0, "build": 0, "building": False, "error": None, "pdf": False}

    def later() -> None:
        time.sleep(0.3)
        server.state.update(building=False, build=1)

    threading.Thread(target=later).start()
    start = time.perf_counter()
    second = _status(server, after=0)  # held open until the state changes
    waited = time.perf_counter() - start
    assert second["build"] == 1 and second["seq"] == 1
    assert 0.2 < waited < 4.0


def test_opening_a_missing_pdf_asks_for_one_build_with_the_pdf(
    served: tuple[PreviewServer, PreviewOptions],
) -> None:
    server, _ = served
    code, body, _ = _get(server, f"/{YEAR}/valorisatiemonitor-{YEAR}.pdf")
    assert code == 200 and "De PDF wordt gemaakt" in body and "/__preview__/live.js" in body
    assert server.state.pdf_wanted and server.state.wake.is_set()


# --------------------------------------------------------------------------- the loop


@pytest.fixture
def looping(tmp_path: Path) -> Iterator[tuple[Preview, FakeBuilder, PreviewOptions]]:
    options = _options(tmp_path)
    (tmp_path / "notebooks" / "chapter.ipynb").write_text("Eerste versie", encoding="utf-8")
    builder = FakeBuilder()
    preview = Preview(options, builder=builder)
    thread = threading.Thread(target=preview.run, daemon=True)
    thread.start()
    yield preview, builder, options
    preview.stop.set()
    preview.state.wake.set()
    thread.join(timeout=10)
    assert not thread.is_alive()


def _wait_for(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")


def _page(options: PreviewOptions) -> str:
    return (options.year_dir / "site" / "index.html").read_text(encoding="utf-8")


def test_a_save_rebuilds_and_moves_the_pages_to_the_next_build(
    looping: tuple[Preview, FakeBuilder, PreviewOptions],
) -> None:
    preview, builder, options = looping
    _wait_for(lambda: preview.state.build == 1)
    assert builder.calls == [False]  # site only: no PDF unless asked
    (options.project_dir / "notebooks" / "chapter.ipynb").write_text("Tweede versie")
    _wait_for(lambda: preview.state.build == 2)
    assert "Tweede versie" in _page(options)
    assert preview.state.error is None and not preview.state.building


def test_the_page_being_read_is_rebuilt_first_then_everything(
    looping: tuple[Preview, FakeBuilder, PreviewOptions],
) -> None:
    """A browser opened the chapter's page: after a save the first pass runs that page's
    notebook alone and publishes; as other notebooks kept their earlier output, the full
    build follows at once."""
    preview, builder, options = looping
    _wait_for(lambda: preview.state.build == 1)
    preview.state.viewing = "site/chapter.html"
    (options.project_dir / "notebooks" / "chapter.ipynb").write_text("Tweede versie")
    _wait_for(lambda: len(builder.calls) == 3 and not preview.state.building)
    assert builder.page_first == [None, "notebooks/chapter.ipynb", None]
    assert builder.calls == [False, False, False]
    assert preview.state.build == 2  # the full build published nothing new here
    assert "Tweede versie" in _page(options)
    builder.others_out_of_date = False  # that notebook alone was out of date: one pass
    (options.project_dir / "notebooks" / "chapter.ipynb").write_text("Derde versie")
    _wait_for(lambda: len(builder.calls) == 4 and not preview.state.building)
    time.sleep(0.3)
    assert builder.page_first[3:] == ["notebooks/chapter.ipynb"]
    preview.state.viewing = "site/index.html"  # a page without a notebook: one full build
    (options.project_dir / "notebooks" / "chapter.ipynb").write_text("Vierde versie")
    _wait_for(lambda: len(builder.calls) == 5 and not preview.state.building)
    time.sleep(0.3)
    assert builder.page_first[4:] == [None]


def test_a_failed_rebuild_keeps_the_last_good_site_and_reports_its_line(
    looping: tuple[Preview, FakeBuilder, PreviewOptions],
) -> None:
    preview, _, options = looping
    chapter = options.project_dir / "notebooks" / "chapter.ipynb"
    _wait_for(lambda: preview.state.build == 1)
    chapter.write_text("FOUT in de derde versie")
    _wait_for(lambda: preview.state.error is not None)
    assert preview.state.error == (
        "Build mislukt / build failed: notebooks/chapter.ipynb: NameError: FOUT"
    )
    assert preview.state.build == 1  # pages do not reload ...
    assert "Eerste versie" in _page(options)  # ... and the last good site stays
    chapter.write_text("Vierde versie")
    _wait_for(lambda: preview.state.error is None and preview.state.build == 2)
    assert "Vierde versie" in _page(options)


def test_a_rebuild_that_changes_nothing_does_not_reload_the_pages(
    looping: tuple[Preview, FakeBuilder, PreviewOptions],
) -> None:
    preview, builder, options = looping
    _wait_for(lambda: preview.state.build == 1)
    (options.project_dir / "notebooks" / "chapter.py").write_text("# paired script\n")
    _wait_for(lambda: len(builder.calls) == 2 and not preview.state.building)
    assert preview.state.build == 1


def test_a_saved_script_reaches_its_notebook_and_rebuilds_once(tmp_path: Path) -> None:
    """Saving the percent script of a pair updates the notebook the build runs; the
    preview's own write is not taken for a second edit."""
    options = _options(tmp_path)
    notebooks = tmp_path / "notebooks"
    for name in ("jupytext.toml", "07_bijlagen.ipynb", "07_bijlagen.py"):
        shutil.copy2(ROOT / "notebooks" / name, notebooks / name)
    (notebooks / "chapter.ipynb").write_text("Eerste versie", encoding="utf-8")
    builder = FakeBuilder()
    preview = Preview(options, builder=builder)
    thread = threading.Thread(target=preview.run, daemon=True)
    thread.start()
    try:
        _wait_for(lambda: preview.state.build == 1)
        script = notebooks / "07_bijlagen.py"
        script.write_text(script.read_text() + "\n# %% [markdown]\n# Nieuw.\n", encoding="utf-8")
        _wait_for(lambda: len(builder.calls) == 2 and not preview.state.building)
        assert '"Nieuw."' in (notebooks / "07_bijlagen.ipynb").read_text(encoding="utf-8")
        time.sleep(1.0)  # twenty polls: the synced notebook starts no build of its own
        assert len(builder.calls) == 2
    finally:
        preview.stop.set()
        preview.state.wake.set()
        thread.join(timeout=10)


def test_a_code_change_renews_the_build_process(
    looping: tuple[Preview, FakeBuilder, PreviewOptions],
) -> None:
    preview, builder, options = looping
    _wait_for(lambda: preview.state.build == 1)
    (options.project_dir / "data" / "raw" / "sources.csv").write_text("source_id\n")
    _wait_for(lambda: len(builder.calls) == 2)
    assert builder.code_changes == 0
    (options.project_dir / "src" / "analysis" / "national.py").write_text("X = 1\n")
    _wait_for(lambda: len(builder.calls) == 3)
    assert builder.code_changes == 1


def test_the_pdf_is_built_once_on_request(
    looping: tuple[Preview, FakeBuilder, PreviewOptions],
) -> None:
    preview, builder, options = looping
    _wait_for(lambda: preview.state.build == 1)
    (options.project_dir / "notebooks" / "chapter.ipynb").write_text("Met PDF")
    preview.state.request_pdf()
    _wait_for(lambda: (options.year_dir / f"valorisatiemonitor-{YEAR}.pdf").is_file())
    _wait_for(lambda: not preview.state.pdf_wanted and not preview.state.building)
    assert builder.calls[0] is False and builder.calls[1] is True
    (options.project_dir / "notebooks" / "chapter.ipynb").write_text("Weer zonder")
    _wait_for(lambda: preview.state.build == 3)
    assert builder.calls[-1] is False


# --------------------------------------------------------------------------- hostile requests


def _raw(server: PreviewServer, request: bytes) -> tuple[int, bytes]:
    """Send `request` as is on a socket; the status code and the body of the answer."""
    import socket

    with socket.create_connection(("127.0.0.1", server.server_port), timeout=20) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, answer.partition(b"\r\n\r\n")[2]


def _request(server: PreviewServer, path: str, **headers: str) -> tuple[int, bytes]:
    port = server.server_port
    lines = [f"GET {path} HTTP/1.1", f"Host: {headers.pop('Host', f'127.0.0.1:{port}')}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    lines += ["Connection: close", "", ""]
    return _raw(server, "\r\n".join(lines).encode("latin-1"))


@pytest.fixture
def secret_tree(
    served: tuple[PreviewServer, PreviewOptions], tmp_path: Path
) -> tuple[PreviewServer, PreviewOptions]:
    """A published site beside the build log and a file outside the out-dir, linked in."""
    server, options = served
    _publish(options, "<html><body>x</body></html>")
    log = options.out_dir / ".cache" / str(YEAR) / "build.log"
    log.parent.mkdir(parents=True)
    log.write_text("secret build log\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret outside\n")
    (options.year_dir / "site" / "link.txt").symlink_to(outside)
    (options.year_dir / "site" / "linked").symlink_to(tmp_path)
    return server, options


@pytest.mark.parametrize(
    "path",
    [
        f"/{YEAR}/%2e%2e/%2ecache/{YEAR}/build.log",
        f"/{YEAR}/%2E%2E/.cache/{YEAR}/build.log",
        f"/{YEAR}/site/..%2f..%2f.cache/{YEAR}/build.log",
        f"/{YEAR}/%2e%2e%2f%2e%2e%2f/outside.txt",
        f"/{YEAR}/site/link.txt",
        f"/{YEAR}/site/linked/outside.txt",
    ],
)
def test_encoded_traversal_and_links_out_of_the_site_are_not_served(
    secret_tree: tuple[PreviewServer, PreviewOptions], path: str
) -> None:
    server, _ = secret_tree
    status, body = _request(server, path)
    assert status == 404, (path, status)
    assert b"secret" not in body


def test_a_file_inside_the_site_is_still_served(
    secret_tree: tuple[PreviewServer, PreviewOptions],
) -> None:
    server, options = secret_tree
    (options.year_dir / "data").mkdir()
    (options.year_dir / "data" / "t%20x.csv").write_text("a\n1\n")
    assert _request(server, f"/{YEAR}/data/t%2520x.csv") == (200, b"a\n1\n")


@pytest.mark.parametrize(
    "host",
    ["evil.example:{port}", "127.0.0.1:1", "127.0.0.1.nip.io:{port}", "localhost.evil:{port}"],
)
def test_a_foreign_host_gets_nothing_and_starts_no_build(
    secret_tree: tuple[PreviewServer, PreviewOptions], host: str
) -> None:
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 names its own host."""
    server, _ = secret_tree
    for path in (f"/{YEAR}/site/index.html", f"/{YEAR}/valorisatiemonitor-{YEAR}.pdf"):
        status, body = _request(server, path, Host=host.format(port=server.server_port))
        assert status == 421 and b"<body>x" not in body
    assert not server.state.pdf_wanted


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "[::1]", "LOCALHOST"])
def test_the_loopback_names_with_the_port_are_served(
    secret_tree: tuple[PreviewServer, PreviewOptions], name: str
) -> None:
    server, _ = secret_tree
    status, body = _request(server, f"/{YEAR}/site/index.html", Host=f"{name}:{server.server_port}")
    assert status == 200 and b"<body>x<script" in body


@pytest.mark.parametrize(
    ("headers", "builds"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        ({"Referer": "https://evil.example/page.html"}, False),
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Sec-Fetch-Site": "none"}, True),
        ({"Referer": "http://127.0.0.1:{port}/2025/site/index.html"}, True),
    ],
)
def test_only_the_previews_own_pages_start_a_pdf_build(
    served: tuple[PreviewServer, PreviewOptions], headers: dict[str, str], builds: bool
) -> None:
    server, _ = served
    sent = {k.replace("-", "_"): v.format(port=server.server_port) for k, v in headers.items()}
    status, body = _request(server, f"/{YEAR}/valorisatiemonitor-{YEAR}.pdf", **sent)
    assert server.state.pdf_wanted is builds
    assert status == (200 if builds else 403)
    assert (b"De PDF wordt gemaakt" in body) is builds


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /2025/site/%00.html HTTP/1.1\r\nHost: {host}\r\n\r\n", 400),
        (b"GET /2025/site/%ff%fe.html HTTP/1.1\r\nHost: {host}\r\n\r\n", 400),
        (b"GET /2025/site/a%5c..%5cb HTTP/1.1\r\nHost: {host}\r\n\r\n", 400),
        (b"GET /2025/site/index.html HTTP/1.1\r\n\r\n", 400),
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: " + b"b" * 70000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/1.1\r\nHost: {host}\r\n" + b"X-A: 1\r\n" * 200 + b"\r\n", 431),
    ],
)
def test_a_malformed_request_gets_an_error_status_and_one_log_line(
    served: tuple[PreviewServer, PreviewOptions],
    capfd: pytest.CaptureFixture[str],
    request_bytes: bytes,
    status: int,
) -> None:
    server, _ = served
    host = f"127.0.0.1:{server.server_port}".encode()
    got, _ = _raw(server, request_bytes.replace(b"{host}", host))
    assert got == status
    time.sleep(0.2)  # the handler thread logs after answering
    err = capfd.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("preview: "), err
