"""Measure a site page as headless Chromium lays it out at a given window width.

A copy of the page (beside it, so its relative assets load) gets a script that waits for
the charts and writes the measurements into a `<pre id="vm-probe">` element as JSON;
`--dump-dom` returns it. Measured: every table's scroll box (content wider than the box
means a column is cut off), every drawn chart (its SVG's drawn width against its own
width: the scale its labels are shown at, and the smallest label), the demo banner.
"""

from __future__ import annotations

import html as html_module
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

PROBE = """
<script>
setTimeout(function () {
  var out = {tables: [], charts: [], banner: null, width: document.documentElement.clientWidth};
  document.querySelectorAll(".vm-table-scroll").forEach(function (box) {
    var fig = box.closest("figure, section");
    var cap = fig ? (fig.querySelector("figcaption, h3") || {}).textContent || "" : "";
    out.tables.push({caption: cap.trim().slice(0, 80), scroll: box.scrollWidth,
                     client: box.clientWidth});
  });
  document.querySelectorAll(".vm-chart").forEach(function (node) {
    var svg = node.querySelector("svg");
    if (!svg) { out.charts.push({drawn: false}); return; }
    var own = parseFloat(svg.getAttribute("width")) || svg.getBoundingClientRect().width;
    var scale = svg.getBoundingClientRect().width / own;
    var smallest = 1000;
    svg.querySelectorAll("text").forEach(function (t) {
      var size = parseFloat(window.getComputedStyle(t).fontSize) || parseFloat(t.getAttribute("font-size"));
      if (size && t.textContent.trim()) { smallest = Math.min(smallest, size * scale); }
    });
    out.charts.push({drawn: true, scale: scale, smallest: smallest,
                     width: svg.getBoundingClientRect().width, container: node.clientWidth});
  });
  out.pageScroll = document.documentElement.scrollWidth;
  out.wider = [];
  document.querySelectorAll("body *").forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.right > out.width + 1 && !el.closest(".vm-table-scroll") && out.wider.length < 5) {
      out.wider.push(el.tagName + "." + el.className + " " + Math.round(r.right));
    }
  });
  var banner = document.querySelector(".vm-demo-banner");
  if (banner) { out.banner = banner.getBoundingClientRect().height; }
  var pre = document.createElement("pre");
  pre.id = "vm-probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
  if (window.parent !== window) { window.parent.postMessage(JSON.stringify(out), "*"); }
}, 2500);
</script>
"""

#: Headless Chromium will not open a window narrower than about 500 px; a phone's width is
#: given to the page as an iframe of that width (media queries follow the iframe).
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>
window.addEventListener("message", function (event) {{
  var pre = document.createElement("pre");
  pre.id = "vm-probe";
  pre.textContent = event.data;
  document.body.appendChild(pre);
}});
</script></body></html>
"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def probe_copy(page: Path, width: int) -> Path:
    """Where `probe` writes the measured copy of `page` (beside it, so assets load); a page
    that links to itself (a permalink) sees this address."""
    return page.with_name(f".probe-{width}-{page.name}")


def probe(page: Path, width: int, height: int = 900, *, script: str = PROBE) -> dict[str, Any]:
    """Run `script` (default `PROBE`) on a copy of `page` laid out `width` px wide and
    return the JSON it writes into ``<pre id="vm-probe">`` (or posts to the phone frame).

    The window is exactly `width` wide from 800 px up; below that the page goes into an
    iframe of `width` (`FRAME`) inside a window Chromium will open.
    """
    exe = chromium()
    assert exe is not None, "chromium not installed"
    html = page.read_text(encoding="utf-8").replace("</body>", script + "</body>")
    copy = probe_copy(page, width)
    copy.write_text(html, encoding="utf-8")
    frame = page.with_name(f".frame-{width}-{page.name}")
    frame.write_text(FRAME.format(src=copy.name, width=width, height=height), encoding="utf-8")
    window = width if width >= 800 else 840
    try:
        with tempfile.TemporaryDirectory() as profile:
            dom = subprocess.run(
                [
                    exe,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    f"--user-data-dir={profile}",
                    f"--window-size={window},{height + 40}",
                    "--virtual-time-budget=6000",
                    "--dump-dom",
                    (frame if width < 800 else copy).resolve().as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=180,
            ).stdout
    finally:
        copy.unlink(missing_ok=True)
        frame.unlink(missing_ok=True)
    found = re.search(r'<pre id="vm-probe">(.*?)</pre>', dom, re.S)
    assert found is not None, f"{page.name}: the probe did not run"
    result: dict[str, Any] = json.loads(html_module.unescape(found.group(1)))
    return result
