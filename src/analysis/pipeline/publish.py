"""Publishing a finished report: the atomic swap, the root index and the year switcher.

A failing build must never leave a half-published report, so the report is assembled in
a staging folder and swapped into `<out-dir>/<year>/` by renames; the files beside the
years (`index.html`, `years.js`) are staged under temporary names and renamed together.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.data.content_hash import hash_file, hash_tree
from analysis.errors import one_line
from analysis.pipeline import guard
from analysis.pipeline.cache import remove_path
from analysis.pipeline.progress import Progress, StepResult, StepStatus

if TYPE_CHECKING:
    from analysis.pipeline.build_config import BuildConfig


def publish(staging: Path, target: Path) -> None:
    """Swap a fully built `staging` folder into `target`.

    The old report is moved aside first and removed only after the new one is in
    place, so at no moment does a half-written report sit at `target`.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.parent / f".old-{target.name}-{os.getpid()}"
    with guard.deferred_signals():  # Ctrl-C between the renames would lose the report
        if target.exists():
            os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            if old.exists():
                os.rename(old, target)
            raise
    if old.exists():
        shutil.rmtree(old)


def tree_equal(a: Path, b: Path) -> bool:
    return a.is_dir() and b.is_dir() and hash_tree(a) == hash_tree(b)


def root_index_html(years: Iterable[int]) -> str:
    """`<out-dir>/index.html`: every published year, newest first, each linking to its site.

    Each year's own pages carry a year switcher too; this page is the stable entry
    point when the reports of several years sit side by side.
    """
    years = sorted(years, reverse=True)
    items = "\n".join(
        f'    <li><a href="{y}/site/index.html">Valorisatiemonitor {y}</a> '
        f'(<a href="{y}/valorisatiemonitor-{y}.pdf">PDF</a>)</li>'
        for y in years
    )
    html = (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Valorisatiemonitor: alle jaargangen</title>\n"
        "<style>body{font-family:'Liberation Sans',Arial,sans-serif;max-width:40rem;"
        "margin:3rem auto;padding:0 1rem;color:#1a1a1a}h1{color:#154273}a{color:#01689b}</style>\n"
        "</head>\n<body>\n<h1>Valorisatiemonitor</h1>\n<p>Alle jaargangen:</p>\n<ul>\n"
        f"{items}\n</ul>\n</body>\n</html>\n"
    )
    return html


def years_js(sites: Mapping[int, Path]) -> str:
    """`<out-dir>/years.js`: every published year and the pages of its site.

    Every year's pages load it (`../../years.js`) and their year switcher lists the years
    in it, each opening the same page where that year has it: publishing a new year
    updates the switcher of the earlier years without rebuilding them.
    """
    pages = {
        str(year): sorted(p.name for p in site.glob("*.html")) if site.is_dir() else []
        for year, site in sorted(sites.items())
    }
    data = json.dumps(pages, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return (
        "/* Valorisatiemonitor: the published years and their pages (written at publish). */\n"
        f"window.VM_YEARS = {data};\n"
    )


def write_root_index(out_dir: Path) -> Path:
    """Write `root_index_html` for the years published in `out_dir` (atomically)."""
    target = out_dir / "index.html"
    staged = stage_file(target, root_index_html(published_years(out_dir)))
    if staged is not None:
        os.replace(*staged)
    return target


def stage_file(target: Path, text: str) -> tuple[Path, Path] | None:
    """`text` written beside `target` under a temporary name, or None when `target` has it."""
    try:
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            return None
    except ValueError:  # not UTF-8: replace it
        pass
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    return temporary, target


def os_error_line(exc: OSError) -> str:
    """A failed file operation as one line that names the path: `<path>: <reason>`."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        # copytree collects (source, target, reason) per file: the first one says enough
        first = exc.args[0][0] if exc.args[0] else ("?", "?", "copy failed")
        return f"{first[1]}: {first[2]}"
    where = exc.filename if exc.filename is not None else "?"
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    return f"{where}: {reason}"


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """Hard-link `source` at `target` (a copy where links are not possible).

    Used inside the step cache only (notebook outputs into the render folder): a
    thousand fact sheets are ~8,000 files. Sharing them is safe because each step
    empties its folder and writes new files, and the cache re-hashes every output,
    so an edit made in place is seen and the step reruns. The published report is
    always a copy.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def published_years(out_dir: Path) -> list[int]:
    if not out_dir.is_dir():
        return []
    return sorted(int(p.name) for p in out_dir.iterdir() if p.is_dir() and p.name.isdigit())


def publish_year(
    cfg: BuildConfig,
    rendered: Path,
    target: Path,
    *,
    manifest: Callable[[], dict[str, Any]],
    processed_files: Sequence[Path],
    progress: Progress,
) -> list[Path]:
    """Swap the report into `<out-dir>/<year>/` and the processed tables into place.

    Everything that can fail (copying the report, the tables and the root index to
    temporary names beside their targets) happens first; then the renames, which do
    not fail on one file system, run together with Ctrl-C held back. A failure before
    them removes the temporary copies and changes nothing.
    """
    start = time.perf_counter()
    staging = cfg.out_dir / f".staging-{cfg.year}-{os.getpid()}"
    remove_path(staging)
    pending: list[tuple[Path, Path]] = []
    created_processed = not cfg.processed_dir.exists()
    try:
        # Copies, not links: the published report must not share storage with the
        # cache, which later builds rewrite.
        shutil.copytree(rendered, staging)
        record = manifest()
        (staging / "manifest.json").write_text(
            json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        unchanged = tree_equal(staging, target)
        pending = _stage_processed(processed_files, cfg.processed_dir)
        if not unchanged:
            years = sorted({*published_years(cfg.out_dir), cfg.year})
            index = stage_file(cfg.out_dir / "index.html", root_index_html(years))
            pending += [index] if index is not None else []
            sites = {y: cfg.out_dir / str(y) / "site" for y in years}
            sites[cfg.year] = staging / "site"
            switcher = stage_file(cfg.out_dir / "years.js", years_js(sites))
            pending += [switcher] if switcher is not None else []
        with guard.deferred_signals():
            if unchanged:
                shutil.rmtree(staging)
            else:
                publish(staging, target)
            for temporary, final in pending:
                os.replace(temporary, final)
            pending = []
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        for temporary, _ in pending:
            temporary.unlink(missing_ok=True)
        if created_processed:
            with contextlib.suppress(OSError):
                cfg.processed_dir.rmdir()
        if not isinstance(exc, KeyboardInterrupt):
            progress.report(
                StepResult("publish", "failed", time.perf_counter() - start, one_line(exc))
            )
        raise
    status: StepStatus = "cached" if unchanged else "ran"
    progress.report(StepResult("publish", status, time.perf_counter() - start))
    return [] if unchanged else [target]


def _stage_processed(sources: Sequence[Path], processed_dir: Path) -> list[tuple[Path, Path]]:
    """Copies of the staged processed tables beside their targets (only those that differ)."""
    out: list[tuple[Path, Path]] = []
    for source in sources:
        final = processed_dir / source.name
        if final.is_file() and hash_file(final) == hash_file(source):
            continue
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f".{final.name}.tmp-{os.getpid()}")
        out.append((temporary, final))
        shutil.copyfile(source, temporary)
    return out
