"""Render executed notebooks into the report: an offline website and a PDF.

Two engines produce the same report from the same sources:

* `pandoc` (default, always available): notebooks → typed blocks (`notebook.py`) →
  HTML pages from one template (`html.py`) and Typst → PDF/UA-1 (`typst_pdf.py`,
  compiled by `pdf_compilation.py`).
* `quarto` (only where the `quarto` binary is installed): Quarto renders the site
  from the executed notebooks with execution disabled (`quarto.py`); the PDF still
  comes from the Typst path so the letter to parliament is identical either way.

Entry point: `render_report`. See docs/architecture.md, "What a notebook emits".
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Literal

from analysis.errors import BuildError
from analysis.publication.render.config import ReportConfig, load_config
from analysis.publication.render.extras import Extras, ExtrasProvider
from analysis.publication.render.notebook import Document, read_source, with_basis_summary

__all__ = ["load_documents", "pdf_name", "render_report", "write_assets"]

_HERE = Path(__file__).parent


def pdf_name(year: int) -> str:
    """File name of the report PDF inside the year folder (the site links `../<this>`)."""
    return f"valorisatiemonitor-{year}.pdf"


def load_documents(config: ReportConfig, project_dir: Path, executed_dir: Path) -> list[Document]:
    """Read every page in `project.render` order: notebooks executed, `.qmd` from the sources.

    Notebooks are never read from `project_dir`: an unexecuted notebook has no outputs
    and would publish an empty chapter without anyone noticing. The colophon page
    (`valorisatiemonitor.colophon`) gets the count of bases at its end unless a page
    placed it itself.
    """
    docs: list[Document] = []
    for source in config.pages:
        base = executed_dir if source.endswith(".ipynb") else project_dir
        path = base / source
        if not path.is_file():
            raise BuildError(f"{source}: expected {path} (has the notebook been executed?)")
        fallback = config.nav_text(source) or Path(source).stem
        docs.append(read_source(path, source, fallback))
    return with_basis_summary(docs, config.colophon)


_VEGA_SNIPPET = "window.vegaEmbed = vegaEmbed;"


def _cache_dir() -> Path:
    """Where the generated vega bundle is kept between builds (not in the repository)."""
    override = os.environ.get("VALORISATIEMONITOR_CACHE")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "valorisatiemonitor"


@cache
def _vega_bundle() -> str:
    """vl-convert's self-contained vega-embed bundle, scoped so only `vegaEmbed` leaks out.

    The bundle declares top-level `const`s; loaded bare it would clash with other
    scripts, so it runs inside its own function. Its entry snippet exports only
    `window.vegaEmbed` (the default one would also publish `vega` and `vegaLite`).
    Bundling takes 6-10 s per process, so the result is cached on disk, keyed by the
    vl-convert version and the snippet; the bytes are the same either way. The cached
    file is used only when its SHA-256 matches the one stored beside it: a truncated or
    damaged copy is rebuilt (with a note), never published.
    """
    import vl_convert

    version = str(vl_convert.get_vega_embed_version())
    key = hashlib.sha256(
        f"{getattr(vl_convert, '__version__', '?')}|{version}|{_VEGA_SNIPPET}".encode()
    ).hexdigest()[:16]
    cached = _cache_dir() / f"vega-embed-{key}.js"
    check = cached.with_name(cached.name + ".sha256")
    try:
        data = cached.read_bytes()
        if hashlib.sha256(data).hexdigest() == check.read_text(encoding="ascii").strip():
            return data.decode("utf-8")
        logging.getLogger(__name__).warning(
            "%s does not match its checksum; the chart library is bundled again", cached
        )
    except (OSError, ValueError):  # missing, unreadable, not text: bundle again
        pass
    bundle = str(vl_convert.javascript_bundle(_VEGA_SNIPPET))
    text = (
        f"/* vega-embed {version}, bundled by vl-convert; offline, no network access. */\n"
        "(function () {\n"
        f"{bundle}\n"
        "}).call(window);\n"
    )
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for target, content in (
            (cached, text.encode("utf-8")),
            (check, hashlib.sha256(text.encode("utf-8")).hexdigest().encode("ascii") + b"\n"),
        ):
            partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            partial.write_bytes(content)
            partial.replace(target)
    except OSError:
        pass  # a read-only home only costs time, never correctness
    return text


def write_assets(site_dir: Path) -> list[Path]:
    """Write the stylesheet, the site script and the two chart scripts into `site/assets/`."""
    import json

    import vl_convert

    assets = site_dir / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    css = assets / "site.css"
    shutil.copyfile(_HERE / "assets" / "site.css", css)
    site_js = assets / "site.js"
    shutil.copyfile(_HERE / "assets" / "site.js", site_js)
    vega = assets / "vega-embed.js"
    vega.write_text(_vega_bundle(), encoding="utf-8", newline="\n")
    charts_src = (_HERE / "assets" / "charts.js").read_text(encoding="utf-8")
    number = json.dumps(vl_convert.get_format_locale("nl-NL"), sort_keys=True, ensure_ascii=False)
    time = json.dumps(
        vl_convert.get_time_format_locale("nl-NL"), sort_keys=True, ensure_ascii=False
    )
    charts_src = charts_src.replace("/*FORMAT_LOCALE*/null", number).replace(
        "/*TIME_FORMAT_LOCALE*/null", time
    )
    charts = assets / "charts.js"
    charts.write_text(charts_src, encoding="utf-8", newline="\n")
    return [css, site_js, vega, charts]


def _write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (relative POSIX path -> bytes) below `folder`; a path may not leave it."""
    written: list[Path] = []
    for name, data in sorted(files.items()):
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            raise BuildError(f"extra file {name!r} would be written outside {folder}")
        target = folder.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    return written


def _confidence(data_dir: Path) -> str | None:
    """The confidence level of the assumptions table in `data_dir` as the text names it
    ('95%'), or None where the folder has no such table (a render of notebooks only)."""
    from analysis.data.assumptions import ASSUMPTIONS_FILE, load_levels
    from analysis.publication.chapters import levels

    if not (data_dir / ASSUMPTIONS_FILE).is_file():
        return None
    return levels.confidence(load_levels(data_dir))


def render_report(
    project_dir: Path,
    executed_dir: Path,
    out_dir: Path,
    *,
    year: int,
    engine: Literal["pandoc", "quarto"] = "pandoc",
    years_available: Sequence[int] = (),
    report_date: date | None = None,
    pdf: bool = True,
    extras: ExtrasProvider | None = None,
    data_dir: Path | None = None,
    demonstration: bool = False,
) -> list[Path]:
    """Write `out_dir/site/` and `out_dir/valorisatiemonitor-<year>.pdf`; return the files.

    `pdf=False` writes the site only (the preview's fast loop; the PDF link stays dead).

    `out_dir` is the year folder (it already holds `data/` and `charts/` written by the
    notebooks). `years_available` feeds the year switcher; `report_date` overrides the
    edition's date, on the cover and in the PDF's metadata alike (default:
    `valorisatiemonitor.report_date`, else November of the year after `year`).
    `extras` adds pages computed from the edition's data (`analysis.publication.render.extras`):
    generated documents become site pages and PDF annexes, site-only pages get the
    site's template. `data_dir` holds the licences of the downloads page (`licences.csv`
    and the `licence` column of `sources.csv`); without it they are read from
    `<project_dir>/data/raw` where that folder has them. `demonstration` marks the
    demonstration edition (proefeditie) on every page, in the PDF and in every exported
    chart.
    """
    from analysis.publication.render.downloads import (
        LICENCES_FILE,
        load_licences,
        write_archive,
        write_chart_files,
    )
    from analysis.publication.render.edition_date import EditionDate, edition_date
    from analysis.publication.render.html import render_site
    from analysis.publication.render.pdf_compilation import PdfCompilation

    project_dir, executed_dir, out_dir = Path(project_dir), Path(executed_dir), Path(out_dir)
    config = dataclasses.replace(
        load_config(project_dir),
        demonstration=demonstration,
        confidence=_confidence(data_dir if data_dir is not None else project_dir / "data" / "raw"),
    )
    docs = load_documents(config, project_dir, executed_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    site_dir = out_dir / "site"
    extra = extras(docs, out_dir) if extras is not None else Extras()
    if extra.documents:
        # Generated documents are annexes of the PDF, after the notebooks' own.
        docs = [*docs, *extra.documents]
        config = dataclasses.replace(
            config, appendix=config.appendix | {d.source for d in extra.documents}
        )
    from analysis.publication.render.codebook import write_codebook

    written: list[Path] = write_codebook(docs, out_dir, config.confidence)
    written += _write_files(out_dir, extra.files)
    # The build always names its data folder, whose licences are then required; a
    # render of a project without a data folder (tests, a notebook-only report) gets a
    # downloads page that says the licences are not recorded.
    default_dir = project_dir / "data" / "raw"
    licences = (
        load_licences(data_dir)
        if data_dir is not None
        else load_licences(default_dir)
        if (default_dir / LICENCES_FILE).is_file()
        else None
    )
    from analysis.publication.render.chart_export import chart_contexts
    from analysis.publication.render.site_plan import plan_pages

    contexts = chart_contexts(
        plan_pages(config, docs),
        report_title=config.title,
        year=year,
        demonstration=demonstration,
        site_url=config.site_url,
    )
    written += write_chart_files(docs, out_dir, contexts)
    written.append(write_archive(docs, out_dir, year, licences))
    if engine not in ("pandoc", "quarto"):
        raise BuildError(f"unknown render engine {engine!r} (expected 'pandoc' or 'quarto')")
    # The PDF compiles in a worker process while the site is written here.
    edition = EditionDate(report_date, True) if report_date else edition_date(config, year)
    compilation = (
        PdfCompilation(
            config, docs, out_dir, out_dir / pdf_name(year), year=year, report_date=edition
        )
        if pdf
        else contextlib.nullcontext(None)
    )
    with compilation as pdf_job:
        compiled: list[Path] = []
        waited = False

        def pdf_done() -> None:
            """Wait for the PDF (once): pages that describe it are written after it exists."""
            nonlocal waited
            if pdf_job is not None and not waited:
                waited = True
                compiled.extend(path for path, _standard in pdf_job.wait())

        if engine == "quarto":
            from analysis.publication.render.quarto import render_site_with_quarto

            written += render_site_with_quarto(project_dir, executed_dir, config, site_dir)
            written += write_assets(site_dir)
        else:
            if site_dir.exists():
                shutil.rmtree(site_dir)
            site_dir.mkdir(parents=True)
            written += write_assets(site_dir)
            written += _write_files(
                site_dir / "assets",
                {name: text.encode("utf-8") for name, text in extra.assets.items()},
            )
            written += render_site(
                config,
                docs,
                site_dir,
                year=year,
                years_available=years_available,
                assets=("vega-embed.js", "charts.js"),
                extra_pages=extra.pages,
                licences=licences,
                outputs_ready=pdf_done,
            )
            from analysis.publication.render.search import write_search

            written += write_search(
                site_dir, _HERE / "assets", extra.search_aliases, extra.search_terms
            )
            if extra.english is not None:
                from analysis.publication.render.crossrefs import (
                    LinkTargets,
                    link_references,
                    reference_targets,
                )
                from analysis.publication.render.english import ENGLISH_PAGE, write_english

                # Its citations lead to the Dutch reference list, one folder up.
                references = LinkTargets(references=reference_targets(plan_pages(config, docs)))
                english = dataclasses.replace(
                    extra.english,
                    body=link_references(
                        extra.english.body,
                        references,
                        here=ENGLISH_PAGE,
                        prefix="../",
                        chapters=False,
                    ),
                )
                written.append(write_english(config, english, site_dir, year=year))
        pdf_done()
        written += compiled
    return written
