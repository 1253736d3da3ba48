"""The yearly build: a small DAG of steps, a content-hash cache and an atomic publish.

Steps: validate raw data → process → execute notebooks (papermill) → render → publish.

Why it is shaped like this:
- A researcher edits one notebook and wants to see the result in seconds, so every
  step is skipped when the content hashes of its inputs (data files, notebook,
  `src/analysis` code, parameters, engine) are unchanged.
- A failing build must never leave a half-published report, so everything is
  assembled in a staging folder and swapped into `<out-dir>/<year>/` only at the end.
  The processed tables too: the data steps write them into the cache
  (`<out-dir>/.cache/<year>/processed/`), the notebooks read them there, and they are
  copied into `--processed-dir` only together with the publish, so a failed build
  leaves `data/processed/` exactly as it was.
- A build must never touch what it did not write and must stop cleanly: the out-dir
  and processed-dir are checked, locked and cleaned of a crashed build's leftovers
  before anything runs, and Ctrl-C stops every child (see `analysis.guard`).
- The same inputs must give the same bytes, so nothing here writes timestamps into
  outputs; timings go to `build.log` in the cache folder, never into the report.

Heavy libraries (pandas, papermill, great_expectations) are imported inside the steps
that need them, so a fully cached rebuild stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from analysis import guard
from analysis.data_files import is_ignored
from analysis.errors import BuildError, InputError, one_line

if TYPE_CHECKING:
    from analysis.data_steps import DataWorker
    from analysis.notebook_runner import NotebookRunners

StepStatus = Literal["ran", "cached", "failed"]

#: Packages whose versions go into the manifest (what the numbers were computed with).
MANIFEST_PACKAGES = (
    "valorisatiemonitor",
    "pandas",
    "numpy",
    "pyarrow",
    "great-expectations",
    "statsmodels",
    "scikit-learn",
    "altair",
    "vl-convert-python",
    "papermill",
    "pypandoc-binary",
    "typst",
)

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


# --------------------------------------------------------------------------- hashing


def hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hash_file(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def hash_tree(root: Path, suffixes: Sequence[str] | None = None) -> dict[str, str]:
    """Content hash of every file under `root`, keyed by POSIX path relative to `root`.

    Hidden files, Office lock files (`analysis.data_files`) and `__pycache__` are
    ignored: they are not inputs, and validation and ingest skip them too. Plain strings,
    not `Path` objects, per file: the data folder of a thousand institutions over 25
    years holds 25,000 files, hashed before every build.
    """
    result: dict[str, str] = {}
    if not root.exists():
        return result
    base = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not is_ignored(d) and d != "__pycache__")
        rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in sorted(filenames):
            if is_ignored(name):
                continue
            if suffixes is not None and not name.endswith(tuple(suffixes)):
                continue
            result[prefix + name] = hash_file(os.path.join(dirpath, name))
    return result


def digest(value: Any) -> str:
    """Stable hash of a JSON-serialisable value (keys sorted)."""
    return hash_bytes(json.dumps(value, sort_keys=True, default=str).encode())


# --------------------------------------------------------------------------- cache


@dataclass(frozen=True)
class StepCache:
    """Remembers, per step, the key of its inputs and the hashes of the files it produced.

    A step is fresh when its recorded key equals the key of its current inputs and
    every file it produced is still there with the same content.
    """

    root: Path

    def _record(self, name: str) -> Path:
        return self.root / "keys" / f"{name.replace(':', '__')}.json"

    def output_dir(self, name: str) -> Path:
        return self.root / "steps" / name.replace(":", "__")

    def _load(self, name: str) -> dict[str, Any] | None:
        """The record of step `name`, or None when it is missing or not a valid record.

        A damaged record (not UTF-8, not JSON, the wrong shape, a folder in its place) only
        means the step runs again: the cache is a speed-up, never a source of truth.
        """
        record = self._record(name)
        try:
            saved = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # ValueError: UnicodeDecodeError and JSONDecodeError
            return None
        if (
            not isinstance(saved, dict)
            or not isinstance(saved.get("key"), str)
            or not isinstance(saved.get("outputs", {}), dict)
            or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in saved["outputs"].items()
            )
        ):
            return None
        return saved

    def is_fresh(self, name: str, key: str) -> bool:
        saved = self._load(name)
        if saved is None or saved["key"] != key:
            return False
        for path, expected in saved.get("outputs", {}).items():
            file = Path(path)
            try:
                if not file.is_file() or hash_file(file) != expected:
                    return False
            except OSError:
                return False
        return True

    def damaged(self, name: str) -> bool:
        """Whether a record exists for `name` but cannot be read (worth a note in the log)."""
        record = self._record(name)
        return (record.exists() or record.is_symlink()) and self._load(name) is None

    def commit(self, name: str, key: str, outputs: Iterable[Path]) -> None:
        record = self._record(name)
        _make_folder(record.parent, self.root)
        payload = {
            "key": key,
            "outputs": {str(p): hash_file(p) for p in sorted(outputs) if p.is_file()},
        }
        tmp = record.with_suffix(".tmp")
        tmp.write_text(json.dumps(payload, sort_keys=True, indent=1))
        os.replace(tmp, record)

    def recorded_outputs(self, name: str) -> dict[str, str]:
        """The content hashes of the files step `name` produced, as recorded at its commit.

        Equal to hashing its output folder again (every output is recorded, and
        `is_fresh` checks the record against the files), without reading a thousand
        fact-sheet files a second time.
        """
        saved = self._load(name)
        outputs: dict[str, str] = saved.get("outputs", {}) if saved is not None else {}
        return outputs

    def invalidate(self, name: str) -> None:
        _clear(self._record(name))


@dataclass
class StepResult:
    name: str
    status: StepStatus
    seconds: float
    detail: str = ""


#: The console's status words, in the report's language (the log keeps the codes).
STATUS_WORDS: dict[str, str] = {
    "ran": "uitgevoerd",
    "cached": "uit cache",
    "failed": "mislukt",
    "note": "let op",
    "done": "klaar",
}
_WORD_WIDTH = max(len(w) for w in STATUS_WORDS.values())


def seconds_text(seconds: float) -> str:
    """A duration as the console prints it, Dutch style: ``  4,84 s``."""
    return f"{seconds:6.2f} s".replace(".", ",")


def console_line(word: str, name: str, seconds: float | None = None, detail: str = "") -> str:
    """One line of the console: status word, step, time; columns line up."""
    line = f"{STATUS_WORDS[word]:<{_WORD_WIDTH}}  {name:<42}"
    if seconds is not None:
        line += f" {seconds_text(seconds)}"
    if detail:
        line += f"  {detail}"
    return line.rstrip()


@dataclass
class Progress:
    """Prints one line per step (uitgevoerd / uit cache / mislukt, with its time), keeps a log.

    Steps finish in parallel lanes (notebooks, the PDF beside the site); every line is
    written whole, under a lock, in one write: two steps that finish together never
    share a line.
    """

    quiet: bool = False
    results: list[StepResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def _write(self, line: str, stream: TextIO) -> None:
        with self._lock:
            stream.write(line + "\n")
            stream.flush()

    def report(self, result: StepResult) -> None:
        with self._lock:
            self.results.append(result)
        if result.status == "failed" and guard.interrupted() is not None:
            return  # children stopped by Ctrl-C fail too; the one line says why
        if not self.quiet or result.status == "failed":
            line = console_line(result.status, result.name, result.seconds, result.detail)
            self._write(line, sys.stderr if result.status == "failed" else sys.stdout)

    def note(self, text: str) -> None:
        """Something the user should know that is not a failure (a damaged cache entry)."""
        with self._lock:
            self.notes.append(text)
        self._write(console_line("note", text), sys.stderr)

    def done(self, seconds: float, pdf: Path, site: Path) -> None:
        """The last line: the total time and the two files to open."""
        self._write(
            f"{STATUS_WORDS['done']:<{_WORD_WIDTH}}  {seconds_text(seconds).strip()}  "
            f"PDF: {pdf}  website: {site}",
            sys.stdout,
        )


def run_step(
    cache: StepCache,
    progress: Progress,
    name: str,
    key: str,
    action: Callable[[], Iterable[Path]],
    *,
    force: bool = False,
) -> StepStatus:
    """Run `action` unless the cache holds a fresh result for `key`; record its outputs."""
    start = time.perf_counter()
    if not force and cache.is_fresh(name, key):
        progress.report(StepResult(name, "cached", time.perf_counter() - start))
        return "cached"
    if cache.damaged(name):
        progress.note(f"cache van {name} was onleesbaar; de stap wordt opnieuw uitgevoerd")
    cache.invalidate(name)
    try:
        outputs = list(action())
    except KeyboardInterrupt:
        raise  # Ctrl-C: reported once, by the command line
    except BaseException as exc:
        progress.report(StepResult(name, "failed", time.perf_counter() - start, one_line(exc)))
        raise
    cache.commit(name, key, outputs)
    progress.report(StepResult(name, "ran", time.perf_counter() - start))
    return "ran"


# --------------------------------------------------------------------------- publish


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


# --------------------------------------------------------------------------- config


@dataclass(frozen=True)
class BuildConfig:
    year: int
    project_dir: Path
    data_dir: Path
    processed_dir: Path
    out_dir: Path
    engine: Literal["pandoc", "quarto"]
    force: bool = False
    quiet: bool = False
    jobs: int = 2
    #: False: the site only, no PDF (the preview's fast loop, `build --site-only`).
    pdf: bool = True

    @property
    def cache(self) -> StepCache:
        return StepCache(self.out_dir / ".cache" / str(self.year))


def resolve_engine(engine: str) -> Literal["pandoc", "quarto"]:
    """`auto` means quarto where it is installed, pandoc + Typst everywhere else."""
    if engine == "auto":
        return "quarto" if shutil.which("quarto") else "pandoc"
    if engine == "quarto":
        if not shutil.which("quarto"):
            raise BuildError(
                "engine 'quarto' requested but `quarto` is not on PATH; use --engine pandoc"
            )
        return "quarto"
    if engine == "pandoc":
        return "pandoc"
    raise BuildError(f"unknown engine {engine!r}: choose auto, pandoc or quarto")


def year_folders(data_dir: Path) -> dict[int, bool]:
    """Year folders under `<data-dir>/kt_metrics/`, each with whether it holds a submission.

    A submission is any file that is not ignored (`analysis.data_files`): an empty
    folder, or one holding only an Excel lock file, has none.
    """
    root = data_dir / "kt_metrics"
    if not root.is_dir():
        return {}
    folders: dict[int, bool] = {}
    for entry in root.iterdir():
        name = entry.name
        if entry.is_dir() and len(name) == 4 and name.isascii() and name.isdigit():
            folders[int(name)] = any(
                not is_ignored(f.name) and f.is_file() for f in entry.iterdir()
            )
    return dict(sorted(folders.items()))


def available_years(data_dir: Path) -> list[int]:
    """Years with at least one submission under `<data-dir>/kt_metrics/`."""
    return [year for year, filled in year_folders(data_dir).items() if filled]


def published_years(out_dir: Path) -> list[int]:
    if not out_dir.is_dir():
        return []
    return sorted(int(p.name) for p in out_dir.iterdir() if p.is_dir() and p.name.isdigit())


def slow_notebooks(project_dir: Path) -> list[str]:
    """Notebooks `_quarto.yml` marks as slow (`valorisatiemonitor.build.slow`)."""
    import yaml

    config = yaml.safe_load((project_dir / "_quarto.yml").read_text(encoding="utf-8"))
    build_config = (config.get("valorisatiemonitor") or {}).get("build") or {}
    return [str(p) for p in build_config.get("slow", [])]


def render_pages(project_dir: Path) -> list[str]:
    """The ordered page list (`project.render`) of `_quarto.yml`."""
    import yaml

    config = yaml.safe_load((project_dir / "_quarto.yml").read_text(encoding="utf-8"))
    pages = config.get("project", {}).get("render", [])
    if not pages:
        raise BuildError(f"{project_dir / '_quarto.yml'}: project.render lists no pages")
    return [str(p) for p in pages]


# --------------------------------------------------------------------------- steps


class Build:
    """One build of one year. `run()` executes the DAG and publishes on success."""

    def __init__(
        self,
        config: BuildConfig,
        progress: Progress | None = None,
        *,
        runners: NotebookRunners | None = None,
    ) -> None:
        """`runners`: notebook runners that outlive this build (the preview keeps them warm,
        papermill imported); the build uses them and leaves them running."""
        self.config = config
        self.cache = config.cache
        self.progress = progress or Progress(quiet=config.quiet)
        self._code_hash: str | None = None
        self._data_hashes: dict[str, str] | None = None
        self._data_key: str | None = None
        self._worker: DataWorker | None = None
        self._runners: NotebookRunners | None = runners
        self._own_runners = runners is None

    # -- inputs ------------------------------------------------------------
    @property
    def code_hash(self) -> str:
        if self._code_hash is None:
            package = Path(__file__).resolve().parent
            self._code_hash = digest(hash_tree(package, CODE_SUFFIXES))
        return self._code_hash

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
        """Where the data steps write the processed tables and the notebooks read them.

        Inside the cache, so a build that fails after the data steps leaves
        `--processed-dir` untouched; `_publish` copies the tables there.
        """
        return self.cache.root / "processed"

    def processed_files(self) -> list[Path]:
        """The processed tables in `processed_stage`, in the order the build hashes them."""
        from analysis.data_steps import PROCESSED_FILES

        return [self.processed_stage / name for name in PROCESSED_FILES]

    # -- the DAG -----------------------------------------------------------
    def run(self) -> Path:
        """Check the folders and the year, lock the folders, then build and publish.

        A disk that is full or read-only ends in one `BuildError` line naming the path.
        """
        from analysis.data_steps import PROCESSED_FILES

        cfg = self.config
        guard.check_folders(
            project_dir=cfg.project_dir,
            data_dir=cfg.data_dir,
            processed_dir=cfg.processed_dir,
            out_dir=cfg.out_dir,
            processed_files=PROCESSED_FILES,
        )
        self._check_year()
        try:
            with guard.out_dir_lock(cfg.out_dir), guard.processed_dir_lock(cfg.processed_dir):
                try:
                    guard.clean_stale(cfg.out_dir, cfg.processed_dir, self.progress.note)
                    self._prepare_cache()
                    return self._run()
                finally:
                    self._stop_data_worker()
                    self._stop_notebook_runners()
        except OSError as exc:
            raise BuildError(os_error_line(exc)) from exc

    def _check_year(self) -> None:
        """A year after the current one, or one without submissions, cannot be reported on."""
        cfg = self.config
        current = _current_year()
        folder = cfg.data_dir / "kt_metrics" / str(cfg.year)
        if cfg.year > current:
            where = f"{folder}: the year folder" if folder.exists() else "--year"
            raise BuildError(
                f"{where} {cfg.year} lies after the current year {current}: no data can "
                "exist for it yet"
            )
        if not year_folders(cfg.data_dir).get(cfg.year):
            raise BuildError(f"{folder}: no submissions for {cfg.year}")

    def _prepare_cache(self) -> None:
        """Make the cache folder usable: a file where a cache folder belongs is removed.

        The cache is the build's own (the out-dir passed `guard.check_folders`), and only
        a speed-up: whatever is damaged in it is dropped and rebuilt, with a note.
        """
        root = self.cache.root
        for folder in (root.parent, root, root / "keys", root / "steps"):
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                _clear(folder)
                self.progress.note(f"{folder} was geen map; de cache wordt opnieuw opgebouwd")

    def _run(self) -> Path:
        cfg = self.config
        start = time.perf_counter()
        target = cfg.out_dir / str(cfg.year)
        data_key = self.data_key
        env_key = {"code": self.code_hash, "year": cfg.year}

        stage = self.processed_stage
        validate_key = digest({"data": data_key, "out": str(stage), **env_key})
        if cfg.force or not self.cache.is_fresh("validate", validate_key):
            self._warm_up_notebooks()
        try:
            run_step(
                self.cache,
                self.progress,
                "validate",
                validate_key,
                self._validate,
                force=cfg.force,
            )
            run_step(
                self.cache,
                self.progress,
                "process",
                digest({"data": data_key, "out": str(stage), **env_key, "step": "process"}),
                self._process,
                force=cfg.force,
            )
        finally:
            # Gives the ingested frame and Great Expectations back before any kernel starts.
            self._stop_data_worker()
        processed_key = digest({str(p.name): hash_file(p) for p in self.processed_files()})

        pages = render_pages(cfg.project_dir)
        notebooks = [p for p in pages if p.endswith(".ipynb")]
        self._execute_notebooks(notebooks, data_key, processed_key, env_key)
        self._stop_notebook_runners()  # their memory goes before Typst needs it

        years = sorted(set(published_years(cfg.out_dir)) | {cfg.year})
        render_inputs = {
            "notebooks": {
                nb: digest(self.cache.recorded_outputs(f"notebook:{Path(nb).stem}"))
                for nb in notebooks
            },
            "sources": {
                p: hash_file(cfg.project_dir / p)
                for p in [*pages, "_quarto.yml"]
                if not p.endswith(".ipynb")
            },
            "engine": cfg.engine,
            "years": years,
            "pdf": cfg.pdf,
            # The pages computed from the data at render time (analysis.publication): the
            # processed tables, the reference tables and the previous published edition.
            "publication": {
                "processed": processed_key,
                "data": data_key,
                **publication_inputs_key(cfg.out_dir, cfg.year),
            },
            **env_key,
        }
        run_step(
            self.cache,
            self.progress,
            "render",
            digest(render_inputs),
            lambda: self._render(notebooks, years),
            force=cfg.force,
        )
        self._publish(notebooks, target)
        total = time.perf_counter() - start
        self._write_log(total)
        if not cfg.quiet:
            from analysis.render import pdf_name

            self.progress.done(total, target / pdf_name(cfg.year), target / "site" / "index.html")
        return target

    def _data_worker(self) -> DataWorker:
        """The worker process for the data steps (started on first use, see `data_steps`)."""
        from analysis.data_steps import DataWorker

        if self._worker is None:
            self._worker = DataWorker()
        return self._worker

    def _stop_data_worker(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None

    def _validate(self) -> list[Path]:
        cfg = self.config
        return self._data_worker().run(
            "validate",
            data_dir=cfg.data_dir,
            processed_dir=self.processed_stage,
            current_year=_current_year(),
            data_key=self.data_key,
        )

    def _process(self) -> list[Path]:
        cfg = self.config
        return self._data_worker().run(
            "process",
            data_dir=cfg.data_dir,
            processed_dir=self.processed_stage,
            data_key=self.data_key,
        )

    def _notebook_dir(self, notebook: str) -> Path:
        return self.cache.output_dir(f"notebook:{Path(notebook).stem}")

    def _execute_notebooks(
        self,
        notebooks: Sequence[str],
        data_key: str,
        processed_key: str,
        env_key: Mapping[str, Any],
    ) -> None:
        cfg = self.config

        def one(notebook: str) -> StepStatus:
            source = cfg.project_dir / notebook
            key = digest(
                {
                    "notebook": hash_file(source),
                    "data": data_key,
                    "processed": processed_key,
                    "params": self._parameters(notebook),
                    **env_key,
                }
            )
            return run_step(
                self.cache,
                self.progress,
                f"notebook:{Path(notebook).stem}",
                key,
                lambda: self._execute(notebook),
                force=cfg.force,
            )

        failures: list[BaseException] = []
        with ThreadPoolExecutor(max_workers=max(1, cfg.jobs)) as pool:
            futures = [pool.submit(one, nb) for nb in self.longest_first(notebooks)]
            for future in futures:
                exc = future.exception()
                if exc is not None:
                    failures.append(exc)
        if failures:
            raise failures[0]

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

    def _parameters(self, notebook: str) -> dict[str, Any]:
        cfg = self.config
        return {
            "year": cfg.year,
            "data_dir": str(cfg.data_dir),
            "processed_dir": str(self.processed_stage),
            "output_dir": str(self._notebook_dir(notebook) / "out"),
        }

    def _execute(self, notebook: str) -> list[Path]:
        """Run the notebook with papermill in a runner process (see `notebook_runner`)."""
        cfg = self.config
        folder = self._notebook_dir(notebook)
        _clear(folder)
        _make_folder(folder / "out", self.cache.root)
        executed = folder / Path(notebook).name
        try:
            self._notebook_runners().run(
                cfg.project_dir / notebook, executed, cfg.project_dir, self._parameters(notebook)
            )
        except RuntimeError as exc:
            raise BuildError(f"{notebook}: {exc}") from None
        return [p for p in folder.rglob("*") if p.is_file()]

    def _warm_up_notebooks(self) -> None:
        """New data: notebooks will run. Their runners import papermill now, on the core
        the data worker leaves idle, instead of before the first notebook."""
        self._notebook_runners().start()

    def _notebook_runners(self) -> NotebookRunners:
        if self._runners is None:
            from analysis.notebook_runner import NotebookRunners

            self._runners = NotebookRunners(self.config.jobs)
        return self._runners

    def _stop_notebook_runners(self) -> None:
        if self._runners is not None and self._own_runners:
            self._runners.close()
            self._runners = None

    def _render(self, notebooks: Sequence[str], years: Sequence[int]) -> list[Path]:
        from analysis.publication import site_extras
        from analysis.render import render_report

        cfg = self.config
        folder = self.cache.output_dir("render")
        _clear(folder)
        executed = folder / "executed"
        year_dir = folder / "year"
        _make_folder(year_dir, self.cache.root)
        for nb in notebooks:
            source = self._notebook_dir(nb)
            (executed / Path(nb).parent).mkdir(parents=True, exist_ok=True)
            link_or_copy(source / Path(nb).name, executed / nb)
            _merge_tree(source / "out", year_dir)
        render_report(
            cfg.project_dir,
            executed,
            year_dir,
            year=cfg.year,
            engine=cfg.engine,
            years_available=list(years),
            pdf=cfg.pdf,
            extras=functools.partial(
                site_extras,
                year=cfg.year,
                data_dir=cfg.data_dir,
                processed_dir=self.processed_stage,
                out_dir=cfg.out_dir,
            ),
        )
        return [p for p in year_dir.rglob("*") if p.is_file()]

    def _publish(self, notebooks: Sequence[str], target: Path) -> None:
        """Swap the report into `<out-dir>/<year>/` and the processed tables into place.

        Everything that can fail (copying the report, the tables and the root index to
        temporary names beside their targets) happens first; then the renames, which do
        not fail on one file system, run together with Ctrl-C held back. A failure before
        them removes the temporary copies and changes nothing.
        """
        cfg = self.config
        start = time.perf_counter()
        staging = cfg.out_dir / f".staging-{cfg.year}-{os.getpid()}"
        _clear(staging)
        pending: list[tuple[Path, Path]] = []
        created_processed = not cfg.processed_dir.exists()
        try:
            # Copies, not links: the published report must not share storage with the
            # cache, which later builds rewrite.
            shutil.copytree(self.cache.output_dir("render") / "year", staging)
            manifest = self.manifest(notebooks)
            (staging / "manifest.json").write_text(
                json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
            unchanged = tree_equal(staging, target)
            pending = self._stage_processed()
            if not unchanged:
                years = sorted({*published_years(cfg.out_dir), cfg.year})
                index = _stage_file(cfg.out_dir / "index.html", root_index_html(years))
                pending += [index] if index is not None else []
                sites = {y: cfg.out_dir / str(y) / "site" for y in years}
                sites[cfg.year] = staging / "site"
                switcher = _stage_file(cfg.out_dir / "years.js", years_js(sites))
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
                self.progress.report(
                    StepResult("publish", "failed", time.perf_counter() - start, one_line(exc))
                )
            raise
        status: StepStatus = "cached" if unchanged else "ran"
        self.progress.report(StepResult("publish", status, time.perf_counter() - start))

    def _stage_processed(self) -> list[tuple[Path, Path]]:
        """Copies of the staged processed tables beside their targets (only those that differ)."""
        out: list[tuple[Path, Path]] = []
        for source in self.processed_files():
            final = self.config.processed_dir / source.name
            if final.is_file() and hash_file(final) == hash_file(source):
                continue
            final.parent.mkdir(parents=True, exist_ok=True)
            temporary = final.with_name(f".{final.name}.tmp-{os.getpid()}")
            out.append((temporary, final))
            shutil.copyfile(source, temporary)
        return out

    def manifest(self, notebooks: Sequence[str]) -> dict[str, Any]:
        """What this report was built from: enough to rebuild it and to check it."""
        from importlib import metadata

        cfg = self.config
        versions: dict[str, str] = {}
        for package in MANIFEST_PACKAGES:
            try:
                versions[package] = metadata.version(package)
            except metadata.PackageNotFoundError:
                versions[package] = "not installed"
        versions["python"] = ".".join(str(v) for v in sys.version_info[:3])
        return {
            "year": cfg.year,
            "engine": cfg.engine,
            "git_commit": git_commit(cfg.project_dir),
            "inputs": {
                "data": {f"{cfg.data_dir.name}/{k}": v for k, v in self.data_hashes.items()},
                "notebooks": {nb: hash_file(cfg.project_dir / nb) for nb in notebooks},
                "quarto_config": hash_file(cfg.project_dir / "_quarto.yml"),
                "code": self.code_hash,
            },
            "packages": versions,
        }

    def _write_log(self, total: float) -> None:
        """Step times for the next build's schedule; the report is out already, so a disk
        that refuses this small file costs a note, not a failed build."""
        log = self.cache.root / "build.log"
        lines = [f"{r.status}\t{r.name}\t{r.seconds:.3f}" for r in self.progress.results]
        lines.append(f"total\t-\t{total:.3f}")
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            self.progress.note(f"buildlog niet geschreven: {os_error_line(exc)}")


# --------------------------------------------------------------------------- helpers


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
    staged = _stage_file(target, root_index_html(published_years(out_dir)))
    if staged is not None:
        os.replace(*staged)
    return target


def _stage_file(target: Path, text: str) -> tuple[Path, Path] | None:
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


def _clear(path: Path) -> None:
    """Remove `path` (folder, file or symbolic link; a link is removed, never followed)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    elif path.exists():  # a socket, fifo, ...
        path.unlink()


def _make_folder(path: Path, base: Path) -> None:
    """`mkdir -p path`; a file or link in the way below `base` (the build's own cache) is
    removed first. Nothing at or above `base` is ever removed."""
    below = [p for p in (*reversed(path.parents), path) if base in p.parents]
    for folder in below:
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            _clear(folder)
    path.mkdir(parents=True, exist_ok=True)


def publication_inputs_key(out_dir: Path, year: int) -> dict[str, object]:
    """What the render-time pages read from the out-dir (`analysis.publication.inputs_key`)."""
    from analysis.publication import inputs_key

    return inputs_key(out_dir, year)


def _current_year() -> int:
    """The calendar year for 'year in the future' checks (SOURCE_DATE_EPOCH wins, for reproducibility).

    Not the build year: a build for a future year is what the check must catch.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return time.gmtime(int(epoch)).tm_year
    return time.gmtime().tm_year


def _merge_tree(source: Path, dest: Path) -> None:
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


def git_commit(project_dir: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(project_dir), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def build(config: BuildConfig) -> Path:
    """Build one year; raises InputError (bad data) or BuildError (anything else)."""
    return Build(config).run()


__all__ = [
    "Build",
    "BuildConfig",
    "BuildError",
    "InputError",
    "Progress",
    "StepCache",
    "StepResult",
    "available_years",
    "build",
    "digest",
    "hash_file",
    "hash_tree",
    "publish",
    "resolve_engine",
    "run_step",
]
