"""Headless Chromium and poppler helpers for the end-to-end tests."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",
]

#: Tags that load a resource, with the attribute that names it.
RESOURCE_ATTRS = re.compile(
    r"<(script|img|source|iframe|video|audio|embed|object)\b[^>]*?\s(?:src|data)\s*=\s*[\"']?\s*(https?:)?//",
    re.IGNORECASE,
)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*[\"']?\s*(https?:)?//", re.IGNORECASE)
IMPORT_URL = re.compile(r"@import\s+[\"']?(https?:)?//", re.IGNORECASE)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(page: Path) -> tuple[str, str]:
    """The DOM after scripts ran (stdout) and Chromium's log (stderr, console messages)."""
    exe = chromium()
    assert exe is not None
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                exe,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    return result.stdout, result.stderr


def dump_doms(pages: list[Path], workers: int = 3) -> dict[Path, tuple[str, str]]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(pages, pool.map(dump_dom, pages), strict=True))


def external_references(html: str) -> list[str]:
    """Every script, stylesheet, font or image the page would fetch from the network."""
    found = [m.group(0)[:120] for m in RESOURCE_ATTRS.finditer(html)]
    for tag in LINK_TAG.findall(html):
        if re.search(r"href\s*=\s*[\"']?\s*(https?:)?//", tag, re.IGNORECASE):
            found.append(tag[:120])
    found += [m.group(0) for m in CSS_URL.finditer(html)]
    found += [m.group(0) for m in IMPORT_URL.finditer(html)]
    return found


def pdftotext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


class _ChartFinder:
    """Walks a DOM and reports, per `.vm-chart` container, whether it holds an svg or canvas."""

    VOID: frozenset[str] = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        finder = self
        self.containers: list[bool] = []
        self._stack: list[tuple[str, int | None]] = []

        class Parser(HTMLParser):
            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                classes = (dict(attrs).get("class") or "").split()
                if tag in ("svg", "canvas"):
                    for _, index in finder._stack:
                        if index is not None:
                            finder.containers[index] = True
                if tag in finder.VOID:
                    return
                index = None
                if "vm-chart" in classes:
                    finder.containers.append(False)
                    index = len(finder.containers) - 1
                finder._stack.append((tag, index))

            def handle_endtag(self, tag: str) -> None:
                for i in range(len(finder._stack) - 1, -1, -1):
                    if finder._stack[i][0] == tag:
                        del finder._stack[i:]
                        break

        Parser().feed(html)


def chart_containers(html: str) -> list[bool]:
    """One entry per `.vm-chart` element: True when an svg or canvas was drawn inside it."""
    return _ChartFinder(html).containers
