"""What the yearly build's steps do: validate, process, execute a notebook, render.

Why apart from the step declarations (`analysis.pipeline.runner`): the declarations say
what a step reads and what it depends on; these say how it is done (worker processes,
papermill, pandoc and Typst). Tests of the build's logic pass their own `StepActions`
that write small files, instead of subclassing the build.
"""

from __future__ import annotations

import errno
import functools
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from analysis.errors import BuildError
from analysis.pipeline.cache import make_folder, remove_path
from analysis.pipeline.publish import link_or_copy

if TYPE_CHECKING:
    from analysis.pipeline.build_config import BuildConfig
    from analysis.pipeline.data_steps import DataWorker
    from analysis.pipeline.notebook_runner import NotebookRunners


class StepActions(Protocol):
    """The work behind the build's steps; each returns the files it wrote."""

    def process(self, data_key: str, current_year: int) -> list[Path]: ...

    def validate(self, data_key: str, current_year: int) -> list[Path]: ...

    def notebook(self, notebook: str, parameters: dict[str, Any]) -> list[Path]: ...

    def render(self, notebooks: Sequence[str], years: Sequence[int]) -> list[Path]: ...

    def close(self) -> None:
        """Stop whatever the actions started (worker processes); called once, at the end."""


class BuildActions:
    """The real work: the data worker, the notebook runners, the renderer.

    The data worker processes the tables, then validates beside the first notebooks; it
    is stopped when the validation ends (at the latest before the render), and the
    notebook runners before the render (before Typst needs it). New data means notebooks will run: processing warms the runners up (papermill
    imported) on the core the data worker leaves idle.
    """

    def __init__(self, config: BuildConfig, *, runners: NotebookRunners | None = None) -> None:
        """`runners`: notebook runners that outlive this build (the preview keeps them warm,
        papermill imported); the build uses them and leaves them running."""
        self.config = config
        self._worker: DataWorker | None = None
        self._runners: NotebookRunners | None = runners
        self._own_runners = runners is None
        self._lock = threading.Lock()

    def _data_step(self, step: str, data_key: str, current_year: int) -> list[Path]:
        cfg = self.config
        return self._data_worker().run(
            step,
            data_dir=cfg.data_dir,
            processed_dir=cfg.processed_stage,
            current_year=current_year,
            data_key=data_key,
        )

    def process(self, data_key: str, current_year: int) -> list[Path]:
        self._notebook_runners().start()
        return self._data_step("process", data_key, current_year)

    def validate(self, data_key: str, current_year: int) -> list[Path]:
        try:
            return self._data_step("validate", data_key, current_year)
        finally:
            self.stop_data_worker()  # its ingested frame and GX go before the render

    def notebook(self, notebook: str, parameters: dict[str, Any]) -> list[Path]:
        """Run the notebook with papermill in a runner process (see `notebook_runner`)."""
        cfg = self.config
        folder = cfg.notebook_dir(notebook)
        remove_path(folder)
        make_folder(folder / "out", cfg.cache.root)
        executed = folder / Path(notebook).name
        try:
            self._notebook_runners().run(
                cfg.project_dir / notebook, executed, cfg.project_dir, parameters
            )
        except RuntimeError as exc:
            raise BuildError(f"{notebook}: {exc}") from None
        return [p for p in folder.rglob("*") if p.is_file()]

    def render(self, notebooks: Sequence[str], years: Sequence[int]) -> list[Path]:
        from analysis.pipeline.runner import merge_tree

        self.stop_data_worker()
        self.stop_notebook_runners()  # their memory goes before Typst needs it
        cfg = self.config
        folder = cfg.cache.output_dir("render")
        remove_path(folder)
        executed = folder / "executed"
        year_dir = folder / "year"
        make_folder(year_dir, cfg.cache.root)
        for nb in notebooks:
            source = cfg.notebook_dir(nb)
            (executed / Path(nb).parent).mkdir(parents=True, exist_ok=True)
            link_or_copy(source / Path(nb).name, executed / nb)
            merge_tree(source / "out", year_dir)
        try:
            self._render(notebooks, years, executed, year_dir)
        except OSError as exc:
            # A write() beyond the file-size limit names no file; the render writes into
            # `year_dir`, so the one line names that folder. (A full disk names the folder
            # with the least room: `guard.disk_error_line`.)
            if exc.filename is None and exc.errno == errno.EFBIG:
                exc.filename = str(year_dir)
            raise
        return [p for p in year_dir.rglob("*") if p.is_file()]

    def _render(
        self, notebooks: Sequence[str], years: Sequence[int], executed: Path, year_dir: Path
    ) -> None:
        from analysis.publication.render import render_report
        from analysis.publication.site_pages import site_extras

        cfg = self.config
        render_report(
            cfg.project_dir,
            executed,
            year_dir,
            year=cfg.year,
            engine=cfg.engine,
            years_available=list(years),
            pdf=cfg.pdf,
            data_dir=cfg.data_dir,
            demonstration=cfg.demonstration,
            extras=functools.partial(
                site_extras,
                year=cfg.year,
                data_dir=cfg.data_dir,
                processed_dir=cfg.processed_stage,
                out_dir=cfg.out_dir,
            ),
        )

    def close(self) -> None:
        self.stop_data_worker()
        self.stop_notebook_runners()

    def _data_worker(self) -> DataWorker:
        """The worker process for the data steps (started on first use, see `data_steps`)."""
        from analysis.pipeline.data_steps import DataWorker

        with self._lock:
            if self._worker is None:
                self._worker = DataWorker()
            return self._worker

    def stop_data_worker(self) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()

    def _notebook_runners(self) -> NotebookRunners:
        with self._lock:
            if self._runners is None:
                from analysis.pipeline.notebook_runner import NotebookRunners

                self._runners = NotebookRunners(self.config.jobs)
            return self._runners

    def stop_notebook_runners(self) -> None:
        with self._lock:
            runners = self._runners if self._own_runners else None
            if runners is not None:
                self._runners = None
        if runners is not None:
            runners.close()
