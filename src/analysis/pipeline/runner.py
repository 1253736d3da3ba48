"""The yearly build: its steps declared as data, run by one generic runner, then published.

Steps (`Build.steps`): process the raw data → execute the notebooks (papermill) while
the raw data are validated → render → publish; `analysis.pipeline.steps` runs them and
makes their cache keys. Nothing is rendered or published unless the validation passed.

Why it is shaped like this:
- A researcher edits one notebook and wants to see the result in seconds, so every
  step is skipped when the content hashes of its inputs (data files, notebook,
  parameters, engine, and the code the step imports: `analysis.pipeline.code_graph`) are
  unchanged; an edit in one chapter module reruns the notebooks that import it and the
  render, not validation or the other notebooks.
- A failing build must never leave a half-published report, so everything is
  assembled in a staging folder and swapped into `<out-dir>/<year>/` only at the end.
  The processed tables too: the data steps write them into the cache
  (`<out-dir>/.cache/<year>/processed/`), the notebooks read them there, and they are
  copied into `--processed-dir` only together with the publish, so a failed build
  leaves `data/processed/` exactly as it was.
- A build must never touch what it did not write and must stop cleanly: the out-dir
  and processed-dir are checked, locked and cleaned of a crashed build's leftovers
  before anything runs, and Ctrl-C stops every child (see `analysis.pipeline.guard`).
- The same inputs must give the same bytes, so nothing here writes timestamps into
  outputs; timings go to `build.log` in the cache folder, never into the report.

Heavy libraries (pandas, papermill, great_expectations) are imported inside the steps
that need them, so a fully cached rebuild stays fast. What the build is asked to do
(`BuildConfig`) and what it reads from the project first are in `build_config`.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import shared_results
from analysis.data.content_hash import digest, hash_file, hash_tree
from analysis.errors import BuildError, InputError
from analysis.pipeline import code_graph, guard
from analysis.pipeline.actions import BuildActions, StepActions
from analysis.pipeline.build_config import (
    BuildConfig,
    current_year,
    render_pages,
    slow_notebooks,
    validation_readers,
    year_folders,
)
from analysis.pipeline.cache import make_folder, remove_path
from analysis.pipeline.manifest import manifest_of
from analysis.pipeline.progress import Progress
from analysis.pipeline.publish import (
    link_or_copy,
    os_error_line,
    publish_year,
    published_years,
)
from analysis.pipeline.steps import Step, run_steps
from analysis.publication.edition_files import previous_edition_key

if TYPE_CHECKING:
    from analysis.pipeline.notebook_runner import NotebookRunners

#: Files under src/analysis that make up "the code" of a step's cache key.
CODE_SUFFIXES = (
    ".py",
    ".html",
    ".typ",
    ".css",
    ".js",
    ".lua",
    ".json",
    ".csv",
    ".yml",
    ".ttf",
    ".po",
)


#: The modules behind each kind of step, the roots of its code key (`Build.code_key`):
#: the data steps' worker, the process that runs a notebook, and the renderer with the
#: pages it computes from the data at render time.
DATA_STEPS_MODULE = "analysis.pipeline.data_steps"
#: The check, before any work, that the reference tables cover the report year, and the
#: name its passing is recorded under in the cache.
YEAR_CHECK_MODULE = "analysis.data.validation.context"
YEAR_CHECK = "check:year"
NOTEBOOK_RUNNER_MODULE = "analysis.pipeline.notebook_runner"
RENDER_MODULES = (
    "analysis.pipeline.actions",
    "analysis.publication.site_pages",
    "analysis.publication.render",
)

# --------------------------------------------------------------------------- steps


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _disk_full(exc: BaseException) -> bool:
    """Whether a failure is a disk (or file-size limit) that refused to grow.

    Directly (`OSError`), or as reported by a worker process (a notebook's or Typst's
    one-line `BuildError` quoting the system's reason).
    """
    if isinstance(exc, OSError):
        return exc.errno in _DISK_FULL
    return any(os.strerror(code) in str(exc) for code in _DISK_FULL)


class Build:
    """One build of one year: its steps declared as data (`steps`), run by the generic
    runner (`analysis.pipeline.steps.run_steps`), then published."""

    def __init__(
        self,
        config: BuildConfig,
        progress: Progress | None = None,
        *,
        runners: NotebookRunners | None = None,
        actions: StepActions | None = None,
        code_hash: str | None = None,
    ) -> None:
        """`actions`: the work behind the steps (default `BuildActions`, which takes the
        `runners` that outlive this build, as the preview keeps them warm); tests pass
        their own. `code_hash`: the hash of the code (default: of `src/analysis`)."""
        self.config = config
        self.cache = config.cache
        self.progress = progress or Progress(quiet=config.quiet)
        self.actions: StepActions = actions or BuildActions(config, runners=runners)
        self._code_hash = code_hash
        self._code_hashes: dict[str, str] | None = None
        self.import_graph = code_graph.ImportGraph(store=self.cache.root / "imports.json")
        self._data_hashes: dict[str, str] | None = None
        self._data_key: str | None = None
        #: The key of a year check that passed, recorded once the cache is ready.
        self._year_checked: str | None = None
        #: The notebook steps that kept an earlier output (`BuildConfig.page_first`).
        self.kept: list[str] = []

    # -- inputs ------------------------------------------------------------
    @property
    def code_hashes(self) -> dict[str, str]:
        """Every code file's content hash, relative to `src/analysis` (read once)."""
        if self._code_hashes is None:
            self._code_hashes = hash_tree(code_graph.PACKAGE_DIR, CODE_SUFFIXES)
        return self._code_hashes

    @property
    def code_hash(self) -> str:
        """One hash of all of `src/analysis`: the manifest's record of the code."""
        if self._code_hash is None:
            self._code_hash = digest(self.code_hashes)
        return self._code_hash

    def code_key(self, *roots: str | code_graph.Imported) -> Callable[[], object]:
        """A step's code input: the files the modules `roots` reach in the import graph
        (`code_graph`), so an edit reruns only the steps that run the edited code. With a
        `code_hash` given (tests), that one value stands for the code of every step."""

        def key() -> object:
            if self._code_hash is not None and self._code_hashes is None:
                return self._code_hash
            files = self.import_graph.code_files(roots, CODE_SUFFIXES)
            return code_graph.code_key(self.code_hashes, files)

        return key

    @property
    def data_hashes(self) -> dict[str, str]:
        if self._data_hashes is None:
            self._data_hashes = hash_tree(self.config.data_dir)
        return self._data_hashes

    @property
    def data_key(self) -> str:
        """One hash of the whole data folder: part of every step's cache key."""
        if self._data_key is None:
            self._data_key = digest(self.data_hashes)
        return self._data_key

    @property
    def processed_stage(self) -> Path:
        """Where the data steps write the processed tables and the notebooks read them."""
        return self.config.processed_stage

    def processed_files(self) -> list[Path]:
        """The processed tables in `processed_stage`, in the order the build hashes them."""
        from analysis.pipeline.data_steps import PROCESSED_FILES

        return [self.processed_stage / name for name in PROCESSED_FILES]

    # -- the steps ---------------------------------------------------------
    def steps(self, notebooks: Sequence[str], *, schedule: bool = True) -> list[Step]:
        """The build as data: process → validate beside one step per notebook → render → publish.

        Each step's own inputs are what it reads beyond its dependencies' outputs: the
        data folder's hash and the code's hash, the notebook's bytes and parameters, the
        pages and the engine. The notebooks are declared longest first (`longest_first`),
        which is the order the runner starts them in; `schedule=False` keeps the page
        order (the diagram in `docs/architecture.md`, which must not depend on a log).
        """
        cfg = self.config
        common = {"year": cfg.year}

        def own(**values: Any) -> Callable[[], dict[str, Any]]:
            def inputs() -> dict[str, Any]:
                resolved = {k: v() if callable(v) else v for k, v in values.items()}
                return {**resolved, **{k: v() if callable(v) else v for k, v in common.items()}}

            return inputs

        data = {
            "data": lambda: self.data_key,
            "out": str(self.processed_stage),
            "code": self.code_key(DATA_STEPS_MODULE),
        }
        names = {nb: f"notebook:{Path(nb).stem}" for nb in notebooks}
        readers = set(validation_readers(cfg.project_dir))

        def years() -> list[int]:
            return sorted(set(published_years(cfg.out_dir)) | {cfg.year})

        # The notebooks start once the tables are processed, while the validation runs
        # beside them (those that read its results, `validation_readers`, wait for it):
        # the render (and so the publish) waits for it, and its failure stops the build
        # (`gate`). A table that fails to process is explained by the validation's
        # finding (`data_steps.process`), which removes the previous validation results.
        steps = [
            Step(
                "process",
                own(**data),
                lambda: self.actions.process(self.data_key, current_year()),
                reads="data/raw/",
                writes="kt_metrics_long.parquet, kt_metrics_wide.parquet",
            ),
            Step(
                "validate",
                own(**data),
                lambda: self.actions.validate(self.data_key, current_year()),
                after=("process",),
                reads="data/raw/",
                writes="validation_results.parquet",
                gate=True,
            ),
        ]
        for nb in self.longest_first(notebooks) if schedule else notebooks:
            steps.append(
                Step(
                    names[nb],
                    own(
                        notebook=functools.partial(hash_file, cfg.project_dir / nb),
                        data=lambda: self.data_key,
                        params=self.parameters(nb),
                        code=self.notebook_code_key(nb),
                    ),
                    functools.partial(self.actions.notebook, nb, self.parameters(nb)),
                    after=("process", "validate") if nb in readers else ("process",),
                    reads=nb,
                    writes="executed notebook, data/*.csv, charts/*.svg",
                )
            )
        pages = render_pages(cfg.project_dir)
        steps.append(
            Step(
                "render",
                own(
                    sources=lambda: {
                        p: hash_file(cfg.project_dir / p)
                        for p in [*pages, "_quarto.yml"]
                        if not p.endswith(".ipynb")
                    },
                    engine=cfg.engine,
                    years=years,
                    pdf=cfg.pdf,
                    demonstration=cfg.demonstration,
                    # The pages computed from the data at render time (analysis.publication):
                    # the data folder and the previous published edition.
                    data=lambda: self.data_key,
                    edition=lambda: previous_edition_key(cfg.out_dir, cfg.year),
                    code=self.code_key(*RENDER_MODULES),
                ),
                lambda: self.actions.render(notebooks, years()),
                after=("process", "validate", *(names[nb] for nb in notebooks)),
                reads="_quarto.yml, the previous edition",
                writes="site/, the PDF",
            )
        )
        steps.append(
            Step(
                "publish",
                lambda: {},
                lambda: self._publish(notebooks, cfg.out_dir / str(cfg.year)),
                after=("render",),
                writes=f"{cfg.out_dir.name}/<year>/, --processed-dir",
                cached=False,
            )
        )
        return steps

    def run(self) -> Path:
        """Check the folders and the year, lock the folders, then build and publish.

        A disk that is full or read-only ends in one `BuildError` line naming the path.
        """
        from analysis.pipeline.data_steps import PROCESSED_FILES

        cfg = self.config
        guard.check_folders(
            project_dir=cfg.project_dir,
            data_dir=cfg.input_data_dir,
            processed_dir=cfg.processed_dir,
            out_dir=cfg.out_dir,
            processed_files=PROCESSED_FILES,
        )
        self._check_year()
        folders = [(cfg.out_dir, "--out-dir"), (cfg.processed_dir, "--processed-dir")]
        guard.check_room(folders)
        try:
            with guard.out_dir_lock(cfg.out_dir), guard.processed_dir_lock(cfg.processed_dir):
                try:
                    guard.clean_stale(cfg.out_dir, cfg.processed_dir, self.progress.note)
                    self._prepare_cache()
                    if self._year_checked is not None:
                        self.cache.commit(YEAR_CHECK, self._year_checked, [])
                    self._assemble_data()
                    self._check_population()
                    return self._run()
                except (OSError, BuildError) as exc:
                    if _disk_full(exc):
                        # A full disk leaves no half-written cache behind (it is only a
                        # speed-up, and its partial files would hold the space).
                        shutil.rmtree(self.cache.root, ignore_errors=True)
                    raise
                finally:
                    self.actions.close()
        except OSError as exc:
            raise BuildError(guard.disk_error_line(exc, [f for f, _ in folders])) from exc

    def _check_year(self) -> None:
        """A year after the current one cannot be reported on; a demonstration needs data.

        The published edition reports on its year before any institution has submitted
        (it then says what is not yet measured); the demonstration edition exists to show
        the figures, so a year without demonstration submissions is refused.
        """
        cfg = self.config
        current = current_year()
        folder = cfg.data_dir / "kt_metrics" / str(cfg.year)
        if cfg.year > current:
            where = f"{folder}: the year folder" if folder.exists() else "--year"
            raise BuildError(
                f"{where} {cfg.year} lies after the current year {current}: no data can "
                "exist for it yet"
            )
        if cfg.demonstration:
            overlay = cfg.edition.overlay
            if overlay is None or not year_folders(overlay).get(cfg.year):
                missing = (overlay or cfg.data_dir) / "kt_metrics" / str(cfg.year)
                raise BuildError(f"{missing}: no demonstration submissions for {cfg.year}")
        # The coverage check reads the data with pandas (most of a build with nothing to
        # do); one that passed on the same data, year and code is not run again.
        data = self.data_hashes if cfg.input_data_dir == cfg.data_dir else None
        key = digest(
            {
                "data": data if data is not None else hash_tree(cfg.input_data_dir),
                "year": cfg.year,
                "code": self.code_key(YEAR_CHECK_MODULE)(),
            }
        )
        if not cfg.force and self.cache.is_fresh(YEAR_CHECK, key):
            return
        from analysis.data.validation.context import year_coverage

        lacking = year_coverage(cfg.input_data_dir, cfg.year)
        if lacking:  # before the work: four notebooks used to fail on it after minutes
            raise InputError.from_finding(lacking[0])
        self._year_checked = key

    def _check_population(self) -> None:
        """The published edition shows real institutions only; fictitious ones are the
        proefeditie's, which says so on every page. A data folder holding the generated
        population is refused here, before any step, rather than published unmarked."""
        cfg = self.config
        path = cfg.data_dir / "institutions.csv"
        if cfg.demonstration or not path.is_file():
            return
        import csv

        with path.open(encoding="utf-8-sig", newline="") as handle:
            ids = [row.get("source_id", "") for row in csv.DictReader(handle)]
        if ids and all(i == "demonstration" for i in ids):
            raise BuildError(
                f"{path}: the institutions are the demonstration's fictitious ones; build them "
                "as the proefeditie with --demonstratie, never as the published edition"
            )

    def _assemble_data(self) -> None:
        """The demonstration edition's data folder, in the build's cache (`editions.assemble`)."""
        cfg = self.config
        if cfg.base_data_dir is None:
            return
        from analysis.data.editions import assemble

        assemble(cfg.edition, cfg.base_data_dir, cfg.data_dir)

    def _prepare_cache(self) -> None:
        """Make the cache folder usable: a file where a cache folder belongs is removed.

        The cache is the build's own (the out-dir passed `guard.check_folders`), and only
        a speed-up: whatever is damaged in it is dropped and rebuilt, with a note.
        """
        root = self.cache.root
        shared = root / shared_results.FOLDER_NAME
        for folder in (root.parent, root, root / "keys", root / "steps", shared):
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                remove_path(folder)
                self.progress.note(f"{folder} was geen map; de cache wordt opnieuw opgebouwd")
        make_folder(shared, self.config.out_dir)  # the notebooks' shared results

    def _run(self) -> Path:
        cfg = self.config
        start = time.perf_counter()
        target = cfg.out_dir / str(cfg.year)
        notebooks = [p for p in render_pages(cfg.project_dir) if p.endswith(".ipynb")]
        defer = [
            f"notebook:{Path(nb).stem}"
            for nb in notebooks
            if cfg.page_first in notebooks and nb != cfg.page_first
        ]
        try:
            status = run_steps(
                self.steps(notebooks),
                self.cache,
                self.progress,
                jobs=cfg.jobs,
                force=cfg.force,
                defer=defer,
            )
            self.kept = [name for name, outcome in status.items() if outcome == "kept"]
        except BaseException:
            # The log records the failure too: `release` must not take the older report
            # that is still published for the result of this build.
            self._write_log(time.perf_counter() - start, outcome="failed")
            raise
        finally:
            self.import_graph.save()
        total = time.perf_counter() - start
        self._write_log(total)
        if not cfg.quiet:
            from analysis.publication.render import pdf_name

            pdf = target / pdf_name(cfg.year) if cfg.pdf else None
            self.progress.done(total, pdf, target / "site" / "index.html")
        return target

    def longest_first(self, notebooks: Sequence[str]) -> list[str]:
        """Start the slowest notebooks first, so no long one runs alone at the end.

        Durations come from the previous build's log; without one, notebooks listed
        under `valorisatiemonitor.build.slow` in `_quarto.yml` go first. Ties keep the
        page order, so the schedule (not the output) is all this changes.
        """
        previous: dict[str, float] = {}
        log = self.cache.root / "build.log"
        try:
            lines = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
        except (OSError, ValueError):  # a damaged log only costs the schedule
            lines = []
        for line in lines:
            parts = line.split("\t")
            if len(parts) == 3 and parts[1].startswith("notebook:") and parts[0] == "ran":
                try:
                    previous[parts[1].removeprefix("notebook:")] = float(parts[2])
                except ValueError:
                    continue
        slow = set(slow_notebooks(self.config.project_dir))

        def weight(nb: str) -> tuple[float, int]:
            stem = Path(nb).stem
            if stem in previous:
                return (-previous[stem], notebooks.index(nb))
            return (-1e9 if nb in slow else 0.0, notebooks.index(nb))

        return sorted(notebooks, key=weight)

    def notebook_code_key(self, notebook: str) -> Callable[[], object]:
        """The code key of a notebook's step: what its cells import, and the runner.

        A notebook that cannot be read as one (broken JSON or Python) is keyed on all of
        the code; its step fails with the reason when it runs."""

        def key() -> object:
            try:
                imports = code_graph.notebook_imports(self.config.project_dir / notebook)
            except (OSError, ValueError, SyntaxError):
                return self.code_hash
            return self.code_key(NOTEBOOK_RUNNER_MODULE, *sorted(imports))()

        return key

    def parameters(self, notebook: str) -> dict[str, Any]:
        cfg = self.config
        return {
            "year": cfg.year,
            "data_dir": str(cfg.data_dir),
            "processed_dir": str(self.processed_stage),
            "output_dir": str(cfg.notebook_dir(notebook) / "out"),
        }

    def _publish(self, notebooks: Sequence[str], target: Path) -> list[Path]:
        """Swap the report into `<out-dir>/<year>/` and the processed tables into place."""
        return publish_year(
            self.config,
            self.cache.output_dir("render") / "year",
            target,
            manifest=lambda: self.manifest(notebooks),
            processed_files=self.processed_files(),
            progress=self.progress,
        )

    def manifest(self, notebooks: Sequence[str]) -> dict[str, Any]:
        """What this report was built from: enough to rebuild it and to check it."""
        return manifest_of(self.config, notebooks, self.data_hashes, self.code_hash)

    def _write_log(self, total: float, *, outcome: str = "total") -> None:
        """Step times for the next build's schedule, and how the build ended: the last line
        is `total` when it published, `failed` when it did not (`analysis.pipeline.release`
        reads it). The report is out already (or the build failed anyway), so a disk that
        refuses this small file costs a note."""
        log = self.cache.root / "build.log"
        lines = [f"{r.status}\t{r.name}\t{r.seconds:.3f}" for r in self.progress.results]
        lines.append(f"{outcome}\t-\t{total:.3f}")
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            self.progress.note(f"buildlog niet geschreven: {os_error_line(exc)}")


# --------------------------------------------------------------------------- helpers


def merge_tree(source: Path, dest: Path) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = dest / path.relative_to(source)
            if target.exists() and hash_file(target) != hash_file(path):
                raise BuildError(
                    f"two notebooks write different content to {path.relative_to(source)}"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            link_or_copy(path, target)


def build(config: BuildConfig) -> Path:
    """Build one year; raises InputError (bad data) or BuildError (anything else)."""
    return Build(config).run()


__all__ = [
    "Build",
    "BuildError",
    "InputError",
    "build",
]
