"""Engine `quarto`: let Quarto build the website from the already executed notebooks.

Used only where the `quarto` binary is on PATH (it cannot be installed from PyPI or
Debian here). Papermill is the only executor in this project, so Quarto gets a
build folder in which every notebook *is* the executed one, and runs with
`--no-execute` on top of `execute: enabled: false` in `_quarto.yml`; it is never
given `--execute`. The PDF still comes from the Typst path (`typst_pdf.py`), so the
document attached to the letter is the same whichever engine built the site.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from analysis.errors import BuildError
from analysis.publication.render.config import ReportConfig
from analysis.publication.render.pandoc import SANITIZER

_SKIP_DIRS = frozenset(
    {".git", ".venv", "_site", "report", "data", "tests", "src", "node_modules", ".quarto"}
)


def quarto_available() -> bool:
    """Whether the `quarto` engine can run on this machine."""
    return shutil.which("quarto") is not None


def quarto_command(build_dir: Path) -> list[str]:
    """The exact command run in `build_dir`: HTML only, execution explicitly off."""
    return ["quarto", "render", str(build_dir), "--to", "html", "--no-execute", "--quiet"]


# Quarto pages sit at different depths (notebooks/ vs the root); Quarto writes the page's
# offset to the site root into <meta name="quarto:offset">, so the loader reads it there.
CHART_LOADER = """<script>
(function () {
  var meta = document.querySelector('meta[name="quarto:offset"]');
  var base = meta ? meta.getAttribute("content") : "./";
  var first = document.createElement("script");
  first.src = base + "assets/vega-embed.js";
  first.onload = function () {
    var second = document.createElement("script");
    second.src = base + "assets/charts.js";
    document.body.appendChild(second);
  };
  document.body.appendChild(first);
})();
</script>"""


def _with_chart_loader(config_text: str) -> str:
    """The project's `_quarto.yml`, execution off, plus the offline chart loader per page."""
    raw = yaml.safe_load(config_text) or {}
    # Belt and braces: papermill is the only executor, whatever the project file says.
    execute = raw.get("execute")
    raw["execute"] = {**(execute if isinstance(execute, dict) else {}), "enabled": False}
    html = raw.setdefault("format", {}).setdefault("html", {}) or {}
    raw["format"]["html"] = html
    includes = html.get("include-after-body") or []
    if not isinstance(includes, list):
        includes = [includes]
    html["include-after-body"] = [*includes, {"text": CHART_LOADER}]
    # The same prose sanitiser as the pandoc engine (no handlers, no script links).
    filters = raw.get("filters") or []
    raw["filters"] = [*(filters if isinstance(filters, list) else [filters]), str(SANITIZER)]
    return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)


def prepare_build_dir(
    project_dir: Path, executed_dir: Path, config: ReportConfig, build_dir: Path
) -> list[Path]:
    """Copy the Quarto sources into `build_dir`, notebooks replaced by the executed ones.

    Returns the copied page files. A notebook missing from `executed_dir` is an error:
    Quarto would otherwise publish the unexecuted (empty) source notebook.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    config_text = (project_dir / "_quarto.yml").read_text(encoding="utf-8")
    (build_dir / "_quarto.yml").write_text(_with_chart_loader(config_text), encoding="utf-8")
    for extra in sorted(project_dir.iterdir()):
        # Styles, images and includes that pages may refer to; never data or code.
        if extra.is_dir() and extra.name not in _SKIP_DIRS and not extra.name.startswith("."):
            if extra.name == "notebooks":
                continue
            shutil.copytree(extra, build_dir / extra.name, dirs_exist_ok=True)
    copied: list[Path] = []
    for source in config.pages:
        origin = (executed_dir if source.endswith(".ipynb") else project_dir) / source
        if not origin.is_file():
            raise BuildError(f"{source}: expected {origin} for the quarto engine")
        target = build_dir / source
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
        copied.append(target)
    return copied


def render_site_with_quarto(
    project_dir: Path, executed_dir: Path, config: ReportConfig, site_dir: Path
) -> list[Path]:
    """Run Quarto in a scratch folder and move its `_site` to `site_dir`."""
    if not quarto_available():
        raise BuildError("engine 'quarto' needs the quarto binary on PATH; use --renderer pandoc")
    with tempfile.TemporaryDirectory(prefix="vm-quarto-") as tmp:
        build_dir = Path(tmp) / "project"
        prepare_build_dir(project_dir, executed_dir, config, build_dir)
        done = subprocess.run(
            quarto_command(build_dir), cwd=build_dir, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise BuildError(
                "quarto render failed:\n" + done.stderr.decode("utf-8", "replace")[-4000:]
            )
        produced = build_dir / "_site"
        if not produced.is_dir():
            raise BuildError("quarto render produced no _site folder")
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(produced), str(site_dir))
    return sorted(p for p in site_dir.rglob("*.html"))
