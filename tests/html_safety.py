"""What a browser would execute in a page: the check the escaping tests share.

Parses HTML the way a browser tokenizer does (the standard library's `HTMLParser`)
and lists every place that could run code: an event-handler attribute, a script
URL in a link or source attribute, a `style` attribute, or a `<script>` element
other than the site's own (external `assets/*.js` files, the build's `../../years.js`
beside the year folders, and JSON data blocks).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
_SAFE_SCHEME = re.compile(r"^(?:https?|mailto):", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and tag != "svg":
                self.problems.append(f"<{tag} style={value!r}>")
            if name in _URL_ATTRIBUTES:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                if _SCHEME.match(cleaned) and not _SAFE_SCHEME.match(cleaned):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = values.get("type", "")
            src = values.get("src", "")
            own = src.startswith("assets/") or src == "../../years.js"
            if kind != "application/json" and not own:
                self.problems.append(f"<script {values!r}>")
        if tag in {"iframe", "object", "embed", "base", "form", "meta"} and tag != "meta":
            self.problems.append(f"<{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")

    handle_startendtag = handle_starttag


def unsafe_markup(page: str) -> list[str]:
    """Every spot in `page` where markup could run code or load a script (empty = safe)."""
    scanner = _Scanner()
    scanner.feed(page)
    scanner.close()
    return scanner.problems


def links_to(page: str, host: str) -> list[str]:
    """Every `href`/`src` in `page` that points at `host`."""
    found: list[str] = []

    class _Links(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name in _URL_ATTRIBUTES and value and host in value:
                    found.append(f"<{tag} {name}={value!r}>")

    parser = _Links(convert_charrefs=True)
    parser.feed(page)
    parser.close()
    return found
