"""The live preview end to end: the real build behind it, and its script in a real browser.

- On a copy of the project, `valorisatiemonitor preview` (started on a free port) serves
  index.html; after a notebook edit it serves the changed page (checked over HTTP); a
  broken notebook shows its one line in the status while the last good page stays; Ctrl-C
  stops it and every process it started; `report/` and `data/processed/` are untouched.
- In headless Chromium (driven over the DevTools pipe, no extra package), the served
  script reloads the open page when a rebuild finishes and shows a failed rebuild's line.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from analysis.authoring.preview_server import PreviewServer
from analysis.authoring.preview_state import PreviewOptions, PreviewState

from .browser import chromium
from .conftest import ROOT, latest_year

pytestmark = pytest.mark.e2e


# --------------------------------------------------------------------------- helpers


def _copy_tracked(dest: Path) -> Path:
    """The tracked files of the checkout as they are now (what a fresh clone holds)."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in filter(None, files):
        source = ROOT / raw.decode()
        if source.is_file():
            target = dest / raw.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str, timeout: float = 30.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _until(check: Callable[[], Any], timeout: float, what: str, proc: Any = None) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the preview stopped while waiting for {what}")
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _add_cell(path: Path, cell: dict[str, Any]) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append(cell)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


class DevTools:
    """Headless Chromium driven over `--remote-debugging-pipe` (fds 3 and 4, JSON + NUL)."""

    def __init__(self) -> None:
        exe = chromium()
        assert exe is not None
        self.profile = tempfile.mkdtemp(prefix="vm-chromium-")
        to_child = os.pipe()
        from_child = os.pipe()

        def pipes_on_3_and_4() -> None:
            read, write = os.dup(to_child[0]), os.dup(from_child[1])
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.proc = subprocess.Popen(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--remote-debugging-pipe",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            preexec_fn=pipes_on_3_and_4,
            pass_fds=(3, 4),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child[0])
        os.close(from_child[1])
        self._write = to_child[1]
        self._read = from_child[0]
        self._buffer = b""
        self._id = 0
        targets = self.send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.send(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}
        )
        self.session = attached["sessionId"]

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = False) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._read, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, self._buffer = self._buffer.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url}, session=True)

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True
        )
        return result.get("result", {}).get("value")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()
        os.close(self._write)
        os.close(self._read)
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture
def browser() -> Iterator[DevTools]:
    if chromium() is None:
        pytest.skip("chromium not installed (.ci/run installs it)")
    tools = DevTools()
    yield tools
    tools.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[PreviewServer]:
    """A preview server over a one-page site, its state driven by the test."""
    out = tmp_path / "out"
    (out / "2025" / "site").mkdir(parents=True)
    (out / "2025" / "site" / "index.html").write_text(
        '<!DOCTYPE html><html lang="nl"><body><h1>Samenvatting</h1></body></html>'
    )
    options = PreviewOptions(
        year=2025,
        project_dir=tmp_path,
        data_dir=tmp_path,
        out_dir=out,
        processed_dir=tmp_path / "processed",
        port=0,
    )
    server = PreviewServer(options, PreviewState())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


# --------------------------------------------------------------------------- the script


def test_the_open_page_reloads_when_a_rebuild_finishes(
    browser: DevTools, site: PreviewServer
) -> None:
    browser.open(site.url)
    _until(lambda: browser.evaluate("document.readyState") == "complete", 30, "the page")
    assert browser.evaluate("document.querySelector('h1').textContent") == "Samenvatting"
    browser.evaluate("window.vmMarker = 1")
    time.sleep(0.5)  # the script's status request is now held open by the server
    assert browser.evaluate("window.vmMarker") == 1  # no reload without a rebuild
    site.state.update(build=1)
    _until(
        lambda: browser.evaluate(
            "window.vmMarker === undefined && "
            "document.querySelector('script[data-build]').getAttribute('data-build') === '1'"
        ),
        15,
        "the reload",
    )


def test_a_failed_rebuild_shows_its_line_on_the_page(
    browser: DevTools, site: PreviewServer
) -> None:
    browser.open(site.url)
    _until(lambda: browser.evaluate("document.readyState") == "complete", 30, "the page")
    site.state.update(building=True)
    _until(lambda: browser.evaluate("!!document.getElementById('vm-preview-building')"), 15, "pill")
    line = "Build mislukt / build failed: notebooks/03.ipynb: NameError: <b>x</b> is not defined"
    site.state.update(building=False, error=line)
    banner = _until(
        lambda: browser.evaluate("(document.getElementById('vm-preview-error') || {}).textContent"),
        15,
        "the error banner",
    )
    assert banner.endswith(line)  # as text: the markup in the message is not HTML
    assert banner.startswith("Bijwerken mislukt; u ziet de laatste goede versie.")
    assert browser.evaluate("document.querySelector('#vm-preview-error b')") is None
    assert browser.evaluate("document.getElementById('vm-preview-building')") is None
    assert browser.evaluate("document.querySelector('h1').textContent") == "Samenvatting"
    site.state.update(error=None)
    _until(lambda: browser.evaluate("!document.getElementById('vm-preview-error')"), 15, "clear")


# --------------------------------------------------------------------------- the real loop


def test_preview_rebuilds_after_a_notebook_edit_and_stops_cleanly(tmp_path: Path) -> None:
    project = _copy_tracked(tmp_path / "project")
    year = latest_year()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    chapter = "01_terugblik_valorisatieprogramma"
    env = {k: v for k, v in os.environ.items() if k != "VALORISATIEMONITOR_ROOT"}
    env.update(GX_ANALYTICS_ENABLED="False", PYTHONPATH=str(project / "src"))
    log = (tmp_path / "preview.out").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis", "preview", "--port", str(port), "--no-browser"],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        def page() -> str:
            code, body = _get(f"{base}/{year}/site/{chapter}.html")
            return body if code == 200 and "De preview wordt gebouwd" not in body else ""

        # Served before the first build finishes: a waiting page that reloads.
        index = _until(lambda: _get(f"{base}/")[1], 60, "the server", proc)
        assert "/__preview__/live.js" in index
        _until(page, 900, "the first build", proc)
        code, index = _get(f"{base}/{year}/site/index.html")
        assert code == 200 and "Valorisatiemonitor" in index and "__preview__/live.js" in index
        built = project / ".build" / "preview" / str(year) / "site" / f"{chapter}.html"
        assert "__preview__" not in built.read_text(encoding="utf-8")
        assert not list(built.parents[1].glob("*.pdf"))  # site only: the PDF on request

        sentence = "Deze zin komt uit de preview-test 8123."
        notebook = project / "notebooks" / f"{chapter}.ipynb"
        original = notebook.read_text(encoding="utf-8")
        _add_cell(notebook, {"cell_type": "markdown", "metadata": {}, "source": [sentence]})
        start = time.monotonic()
        _until(lambda: sentence in page(), 180, "the edited page", proc)
        print(f"save -> changed page served: {time.monotonic() - start:.1f} s")

        # The page is on disk a moment before the rebuild reports back (the status follows
        # when the builder returns): wait for the count, do not race it.
        def counted() -> dict[str, Any] | None:
            state = json.loads(_get(f"{base}/__preview__/status?after=-1")[1])
            return state if state["build"] >= 2 or state["error"] else None

        status = _until(counted, 60, "the rebuild's status", proc)
        good_build = status["build"]
        assert status["error"] is None and good_build >= 2
        _add_cell(
            notebook,
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": ["rep.markdown(bestaat_niet)"],
            },
        )

        def failed() -> dict[str, Any] | None:
            state = json.loads(_get(f"{base}/__preview__/status?after=-1")[1])
            return state if state["error"] else None

        state = _until(failed, 180, "the failed rebuild", proc)
        assert "NameError" in state["error"] and f"{chapter}.ipynb" in state["error"]
        assert "\n" not in state["error"]
        assert state["build"] == good_build  # pages do not reload into a broken site
        assert sentence in page()  # the last good version is still served

        notebook.write_text(original, encoding="utf-8")
        _until(
            lambda: (
                sentence not in page()
                and json.loads(_get(f"{base}/__preview__/status?after=-1")[1])["error"] is None
            ),
            180,
            "the repaired page",
            proc,
        )
        # Nothing published outside the preview's own folder.
        assert not (project / "report" / str(year)).exists()
        assert sorted(p.name for p in (project / "data" / "processed").iterdir()) == ["README.md"]
    finally:
        children = []
        if proc.poll() is None:
            children = psutil.Process(proc.pid).children(recursive=True)
            proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        log.close()
        # On a failure pytest shows this: the preview's own account of what it did.
        print((tmp_path / "preview.out").read_text(encoding="utf-8")[-4000:])
    output = (tmp_path / "preview.out").read_text(encoding="utf-8")
    assert code == 130, output[-3000:]
    assert "Afgebroken / interrupted: SIGINT" in output
    _, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, [p.pid for p in alive]
