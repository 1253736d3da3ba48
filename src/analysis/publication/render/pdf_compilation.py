"""The report PDF and its fact-sheet volumes, compiled in background processes.

The Typst sources are written here (`typst_pdf`), each compile runs as its own
process (`typst_compile`), and the caller renders the website meanwhile.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path

from analysis.errors import BuildError
from analysis.publication.render.config import ReportConfig
from analysis.publication.render.edition_date import EditionDate, edition_date
from analysis.publication.render.notebook import Document
from analysis.publication.render.site_plan import site_links
from analysis.publication.render.typst_pdf import build_typst, build_volume_typst
from analysis.publication.render.typst_plan import plan_volumes

_HERE = Path(__file__).parent


def _compile_jobs(
    config: ReportConfig,
    docs: Sequence[Document],
    out_dir: Path,
    pdf_path: Path,
    work: Path,
    *,
    year: int,
    report_date: str,
) -> Iterator[tuple[Path, Path]]:
    """Write the Typst sources (report first, then each volume), yielding (main.typ, PDF)
    as each is ready so its compile can start while the next is written."""
    template = _HERE / "templates" / "report.typ"
    volumes = plan_volumes(config, docs, year)
    links = site_links(config, docs, year)  # the same block objects the sources print
    report = partial(
        build_typst,
        config,
        docs,
        out_dir,
        year=year,
        report_date=report_date,
        volumes=volumes,
        links=links,
    )
    targets: list[tuple[Path, Callable[[Path], str]]] = [(pdf_path, report)]
    targets += [
        (
            pdf_path.with_name(v.file),
            partial(
                build_volume_typst,
                config,
                v,
                out_dir,
                year=year,
                report_date=report_date,
                links=links,
            ),
        )
        for v in volumes
    ]
    for i, (target, make) in enumerate(targets):
        folder = work / f"doc-{i}"
        folder.mkdir(parents=True)
        shutil.copyfile(template, folder / "report.typ")
        main = folder / "main.typ"
        main.write_text(make(folder), encoding="utf-8")
        yield main, target


#: Typst compiles running at once. Two keep both cores of the build machine busy; the
#: report and one 100-sheet volume together stay well under the 1.5 GB memory budget.
COMPILE_LANES = 2


class PdfCompilation:
    """The report PDF and its fact-sheet volumes, compiled in the background.

    Why: Typst holds the whole laid-out document in memory (hundreds of MB for a long
    report). Each compile runs as its own process (`typst_compile`), so that memory is
    returned when it ends and two documents never share it; the caller renders the
    website meanwhile. Sources are written here; at most `COMPILE_LANES` compiles run at
    the same time.

    Use as a context manager; `wait()` returns (PDF path, PDF standard met) per file.
    """

    def __init__(
        self,
        config: ReportConfig,
        docs: Sequence[Document],
        out_dir: Path,
        pdf_path: Path,
        *,
        year: int,
        report_date: EditionDate | None = None,
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor

        edition = report_date or edition_date(config, year)
        self._tmp = tempfile.TemporaryDirectory(prefix="vm-typst-")
        self._pool: ThreadPoolExecutor | None = None
        try:
            self._pool = ThreadPoolExecutor(max_workers=COMPILE_LANES)
            stamp = edition.timestamp
            self._jobs = [
                (target, self._pool.submit(_compile_in_process, main, target, stamp))
                for main, target in _compile_jobs(
                    config,
                    docs,
                    out_dir,
                    pdf_path,
                    Path(self._tmp.name),
                    year=year,
                    report_date=edition.text,
                )
            ]
        except BaseException:
            self.close()
            raise

    def wait(self) -> list[tuple[Path, str]]:
        try:
            results = [(target, future.result()) for target, future in self._jobs]
        finally:
            self.close()
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._tmp.cleanup()

    def __enter__(self) -> PdfCompilation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _compile_in_process(main: Path, target: Path, stamp: int) -> str:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis.publication.render.typst_compile",
            str(main),
            str(target),
            str(stamp),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BuildError(done.stderr.strip() or f"Typst compile of {target.name} failed")
    return done.stdout.strip()
