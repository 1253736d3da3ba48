"""Benchmark of the yearly build: wall time, time per step and peak memory.

Run with `make bench`. Every scenario runs on a copy of the project in a temporary
folder (the checkout is never touched) as a subprocess `valorisatiemonitor build`,
while a sampler sums the resident set size of the whole process tree (build,
papermill kernels, pandoc, typst). Results go to `benchmarks/results/`:
`build_bench.md` (table + targets), `build_bench.csv`, `profile_cold_build.txt`.

Scenarios:
- cold: full build with an empty cache (site + PDF + every fact sheet);
- nochange: rebuild with nothing changed;
- notebook_edit: rebuild after editing one notebook;
- submission_edit: rebuild after changing one institution's submission;
- module_edit: rebuild after a sentence changed in a chapter module (chapter 1's, which
  the key messages and the summary import too: three notebooks and the render rerun);
  target a quarter of the cold build;
- preview_reload, preview_script, preview_module: `valorisatiemonitor preview` running
  (site only, its first build done, 20 s between saves); from saving an edit to the
  reloaded page, i.e. the status request the page's script holds open returns the next
  build and the page is fetched again with the edit in it (what the browser does, over
  HTTP). The edit is a markdown cell added to a notebook, the same cell added to its
  paired percent script (the preview syncs the notebook), or a sentence changed in the
  chapter module that notebook imports;
- naive: the report's notebooks one after another with papermill's command line (the
  same parameters, on the warm build's processed tables), beside which the cold build's
  wall and CPU time are stated (target: at most half the naive wall time);
- scale_<n>x<years>: cold build with the demonstration generator producing n
  institutions over `years` years.

`--only preview_reload,nochange` measures just those scenarios and merges them into the
existing results (the other rows stay as they were measured). The 1-minute load average
at the start of each scenario is recorded: timings on a shared machine are noisy.

Why a script and not timed tests: timings depend on the machine; tests assert
behaviour, this measures it.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import cProfile
import csv
import html
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent / "valorisatiemonitor"

#: Targets on a 2-core machine (issue 6).
TARGETS = {
    "cold": 60.0,
    "nochange": 2.0,
    "notebook_edit": 15.0,
    "preview_reload": 5.0,
    "preview_script": 5.0,
    "preview_module": 15.0,
}
MEMORY_TARGET_MB = 1536.0
#: Seconds between two saves in the preview scenario (a researcher reads the page; the
#: preview meanwhile starts the next notebook's kernel, `analysis.authoring.preview_runner`).
PREVIEW_PAUSE_SECONDS = 20.0
SCALE_FACTOR_TARGET = 3.0
#: A full build after a change to one chapter module, as a share of the cold build (issue 26).
MODULE_EDIT_SHARE_TARGET = 0.25
#: The cold build's wall time as a share of the naive papermill run's (issue 26).
NAIVE_SHARE_TARGET = 0.5


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    steps: dict[str, float] = field(default_factory=dict)
    #: CPU seconds of the whole process tree (user + system, of every waited-for child).
    cpu_seconds: float = 0.0


@dataclass
class Scenario:
    name: str
    runs: list[Run] = field(default_factory=list)
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    @property
    def median_seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max(r.peak_rss_mb for r in self.runs)

    @property
    def median_cpu_seconds(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)

    def median_steps(self) -> dict[str, float]:
        names = sorted({k for r in self.runs for k in r.steps})
        return {n: statistics.median(r.steps.get(n, 0.0) for r in self.runs) for n in names}


def copy_project(dest: Path) -> Path:
    """A clean copy of the tracked project files (what a fresh clone holds)."""
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        rel = Path(raw.decode())
        src = ROOT / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def tree_rss_mb(proc: psutil.Process) -> float:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 1e6


def project_env(project: Path) -> dict[str, str]:
    """The environment of every measured command.

    The venv holds an editable install of the checkout; PYTHONPATH makes the build (and
    its notebook kernels) import the copy's code instead, so edits to the checkout while
    the benchmark runs do not leak into it.
    """
    return dict(
        os.environ,
        VALORISATIEMONITOR_ROOT=str(project),
        GX_ANALYTICS_ENABLED="False",
        PYTHONPATH=str(project / "src"),
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(project: Path, args: list[str]) -> Run:
    """Run one build as a subprocess; sample the process tree's RSS every 50 ms."""
    run = timed_command(project, [str(BIN), "build", "--quiet", *args])
    run.steps = read_step_times(project, args)
    return run


def timed_command(project: Path, command: list[str]) -> Run:
    """Run `command` in `project`: wall and CPU time, and the tree's peak RSS every 50 ms."""
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=project,
        env=project_env(project),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    handle = psutil.Process(proc.pid)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_mb(handle))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{command[1]} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    return Run(seconds, peak, cpu_seconds=children_cpu() - cpu)


def naive_command(project: Path, warm: list[str], out: Path) -> list[str]:
    """The report's notebooks one after another with papermill's command line, as a
    researcher without the build would run them: the same parameters, reading the tables
    the warm build processed (so neither validation nor render nor PDF is in it)."""
    build_out = Path(warm[warm.index("--out-dir") + 1])
    year = sorted(p.name for p in build_out.iterdir() if p.name.isdigit())[-1]
    # A copy of the tables, away from the build's cache: nothing the build computed and
    # shares between its notebooks (`analysis.shared_results`) is at hand.
    processed = out / "processed"
    shutil.copytree(build_out / ".cache" / year / "processed", processed)
    papermill = Path(sys.executable).parent / "papermill"
    lines = ["set -e"]
    for page in subprocess.run(
        [
            sys.executable,
            "-c",
            "from analysis.pipeline.build_config import render_pages; "
            "from pathlib import Path; print('\\n'.join(render_pages(Path('.'))))",
        ],
        cwd=project,
        env=project_env(project),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split():
        if not page.endswith(".ipynb"):
            continue
        stem = Path(page).stem
        lines.append(
            f"{papermill} --no-progress-bar {page} {out / (stem + '.ipynb')} -p year {year} "
            f"-p data_dir {project / 'data' / 'raw'} -p processed_dir {processed} "
            f"-p output_dir {out / stem}"
        )
    return ["bash", "-c", "\n".join(lines)]


def read_step_times(project: Path, args: list[str]) -> dict[str, float]:
    out_dir = Path(args[args.index("--out-dir") + 1]) if "--out-dir" in args else project / "report"
    logs = sorted((out_dir / ".cache").glob("*/build.log"))
    steps: dict[str, float] = {}
    if logs:
        for line in logs[-1].read_text().splitlines():
            status, name, seconds = line.split("\t")
            steps[name if name != "-" else status] = float(seconds)
    return steps


def fresh_dirs(base: Path, label: str) -> list[str]:
    out = base / f"out-{label}"
    processed = base / f"processed-{label}"
    for d in (out, processed):
        if d.exists():
            shutil.rmtree(d)
    return ["--out-dir", str(out), "--processed-dir", str(processed)]


def edit_notebook(project: Path, n: int) -> None:
    """Append a markdown cell: a real edit that changes the rendered page."""
    path = sorted((project / "notebooks").glob("0[1-5]_*.ipynb"))[0]
    nb = json.loads(path.read_text())
    nb["cells"].append(
        {"cell_type": "markdown", "metadata": {}, "source": [f"Benchmarkwijziging {n}."]}
    )
    path.write_text(json.dumps(nb, indent=1))


def edit_script(project: Path, n: int) -> None:
    """Append the same markdown cell to the notebook's paired percent script."""
    script = edited_notebook(project).with_suffix(".py")
    text = script.read_text(encoding="utf-8")
    script.write_text(text + f"\n# %% [markdown]\n# Benchmarkwijziging {n}.\n", encoding="utf-8")


#: The chapter module `edited_notebook` imports (chapter 1's notebook).
EDITED_MODULE = Path("src/analysis/publication/chapters/programme.py")


def edit_module(project: Path, page: str, n: int) -> None:
    """Add a sentence to a string of the chapter module that the page prints verbatim:
    a code edit that changes the rendered page (the first such one-line literal)."""
    path = project / EDITED_MODULE
    source = path.read_text(encoding="utf-8")
    text = html.unescape(page)
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        segment = ast.get_source_segment(source, node) or ""
        plain = re.fullmatch(r'"[A-Za-z0-9 ,.;:()\-]{40,}"', segment)
        if plain and node.value.strip() in text and source.count(segment) == 1:
            edited = segment[:-1].rstrip() + f' Benchmarkwijziging {n}. "'
            path.write_text(source.replace(segment, edited), encoding="utf-8")
            return
    raise RuntimeError(f"no string of {EDITED_MODULE} is printed verbatim on the page")


def edit_submission(project: Path, data_dir: Path, n: int) -> None:
    files = sorted((data_dir / "kt_metrics").glob("*/*.csv"))
    if not files:
        raise RuntimeError(f"{data_dir}: no submissions to edit (the published edition has none)")
    target = files[len(files) // 2]
    lines = target.read_text().splitlines()
    header = lines[0].split(",")
    vi, ii = header.index("value"), header.index("indicator")
    for i, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[ii] == "spinoffs" and cells[vi] not in ("",):
            cells[vi] = str(int(float(cells[vi])) + n)
            lines[i] = ",".join(cells)
            break
    target.write_text("\n".join(lines) + "\n")


def scale_data_dir(project: Path, n: int, years: int) -> Path:
    """A demonstration overlay (as `data/demo`) with submissions for n fictitious
    institutions over `years` years; built with `--demonstratie --demo-data` (the
    published edition refuses fictitious institutions)."""
    sys.path.insert(0, str(project / "src"))
    import pandas as pd

    from analysis.data import demo

    overlay = project / f"demo-scale-{n}x{years}"
    shutil.copytree(project / "data" / "demo", overlay, ignore=shutil.ignore_patterns("kt_metrics"))
    known = pd.read_csv(overlay / "institutions.csv", dtype=str, keep_default_na=False)
    if n > len(known):
        extra = demo.synthetic_institutions(n - len(known), seed=7)
        everyone = pd.concat([known, extra.astype(str)], ignore_index=True)
        everyone.to_csv(overlay / "institutions.csv", index=False, lineterminator="\n")
    else:
        everyone = known
    chosen = everyone.iloc[:n].reset_index(drop=True)
    last = 2025
    frame = demo.generate(chosen, range(last - years + 1, last + 1), seed=2026)
    demo.write_submissions(frame, overlay / "kt_metrics")
    return overlay


def profile_cold_build(project: Path, base: Path) -> str:
    """Step times of a cold build, the build process's profile, and the heaviest step's own.

    The build process mostly waits for its workers, so its profile says little about
    where the time goes; the heaviest step (a notebook) is therefore profiled too, by
    running its code cells with the build's parameters under cProfile in a fresh
    interpreter (the notebooks are thin Python over `analysis`, runnable outside a kernel).
    """
    sys.path.insert(0, str(project / "src"))
    os.environ["VALORISATIEMONITOR_ROOT"] = str(project)
    from analysis import cli

    profiler = cProfile.Profile()
    dirs = fresh_dirs(base, "profile")
    args = ["build", "--quiet", *dirs]
    profiler.enable()
    cli.main(args)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(30)
    steps = read_step_times(project, args[2:])
    head = "Step times of the profiled cold build (s):\n" + "\n".join(
        f"  {k:<40} {v:8.2f}" for k, v in sorted(steps.items(), key=lambda kv: -kv[1])
    )
    notebooks = {k: v for k, v in steps.items() if k.startswith("notebook:")}
    heaviest = max(notebooks, key=lambda k: notebooks[k])
    processed_dir = Path(dirs[dirs.index("--processed-dir") + 1])
    inner = profile_notebook(project, heaviest.removeprefix("notebook:"), processed_dir, base)
    return (
        head
        + "\n\nTop functions in the build process (cumulative):\n"
        + text.getvalue()
        + f"\n\nTop functions inside the heaviest step, {heaviest} (cumulative):\n"
        + inner
    )


def profile_notebook(project: Path, stem: str, processed_dir: Path, base: Path) -> str:
    """cProfile of one notebook's code, run as a script with the build's parameters."""
    notebook = json.loads((project / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    logs = sorted((base / "out-profile" / ".cache").glob("*/build.log"))
    parameters = {
        "year": int(logs[-1].parent.name),  # the year the profiled build used
        "data_dir": str(project / "data" / "raw"),
        "processed_dir": str(processed_dir),
        "output_dir": str(base / f"profile-{stem}"),
    }
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        cells.append("".join(cell["source"]))
        if "parameters" in cell.get("metadata", {}).get("tags", []):  # as papermill injects
            cells.append("\n".join(f"{k} = {v!r}" for k, v in parameters.items()))
    script = base / f"profile-{stem}.py"
    script.write_text("\n\n".join(cells) + "\n", encoding="utf-8")
    stats_file = base / f"profile-{stem}.pstats"
    env = dict(os.environ, VALORISATIEMONITOR_ROOT=str(project), PYTHONPATH=str(project / "src"))
    subprocess.run(
        [str(BIN.parent / "python"), "-m", "cProfile", "-o", str(stats_file), str(script)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    text = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=text)
    stats.sort_stats("cumulative").print_stats(40)
    return text.getvalue()


def edited_notebook(project: Path) -> Path:
    """The notebook `edit_notebook` edits."""
    return sorted((project / "notebooks").glob("0[1-5]_*.ipynb"))[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def http_get(url: str, timeout: float = 60.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        text: str = response.read().decode("utf-8")
        return text


def preview_status(base: str, after: int = -1) -> dict[str, Any]:
    status: dict[str, Any] = json.loads(http_get(f"{base}/__preview__/status?after={after}"))
    return status


def measure_preview(project: Path, base_dir: Path, runs: int) -> list[Scenario]:
    """Save an edit while `valorisatiemonitor preview` runs; time the reload, for an edited
    notebook, its paired script and the chapter module it imports.

    The clock starts before the file is written and stops when the page has been
    fetched again with the edit in it, after the status request (held open by the
    server, as the page's script does) reported the new build.
    """
    scenarios = [Scenario(name) for name in PREVIEW_SCENARIOS]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out, processed = base_dir / "out-preview", base_dir / "processed-preview"
    env = dict(
        os.environ,
        VALORISATIEMONITOR_ROOT=str(project),
        GX_ANALYTICS_ENABLED="False",
        PYTHONPATH=str(project / "src"),
    )
    log = (base_dir / "preview.log").open("w")
    proc = subprocess.Popen(
        [
            str(BIN),
            "preview",
            "--port",
            str(port),
            "--no-browser",
            "--out-dir",
            str(out),
            "--processed-dir",
            str(processed),
        ],
        cwd=project,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    handle = psutil.Process(proc.pid)
    try:
        deadline = time.monotonic() + 900
        status: dict[str, Any] | None = None
        while time.monotonic() < deadline:  # the first (cold) build
            if proc.poll() is not None:
                raise RuntimeError(f"preview stopped: {(base_dir / 'preview.log').read_text()}")
            try:
                status = preview_status(base)
            except OSError:
                time.sleep(0.5)
                continue
            if status["build"] >= 1 and not status["building"]:
                break
            if status["error"]:
                raise RuntimeError(f"preview build failed: {status['error']}")
            time.sleep(0.5)
        else:
            raise RuntimeError("preview: no first build within 900 s")
        notebook = edited_notebook(project)
        year = int(sorted(p.name for p in out.iterdir() if p.name.isdigit())[-1])
        page = f"{base}/{year}/site/{notebook.stem}.html"
        for scenario, i in [(sc, i) for sc in scenarios for i in range(runs)]:
            scenario.load = os.getloadavg()[0] if i == 0 else scenario.load
            # As after reading the reloaded page: the preview has finished what followed the
            # page's own pass (the full build) and prepared its next kernel.
            before = preview_status(base)
            while before["building"]:
                before = preview_status(base, before["seq"])
            time.sleep(PREVIEW_PAUSE_SECONDS)
            before = preview_status(base)
            stop = threading.Event()
            peak = [0.0]

            def sample(stop: threading.Event = stop, peak: list[float] = peak) -> None:
                while not stop.is_set():
                    peak[0] = max(peak[0], tree_rss_mb(handle))
                    time.sleep(0.05)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            n = 100 * (PREVIEW_SCENARIOS.index(scenario.name) + 1) + i
            sentence = f"Benchmarkwijziging {n}."
            current_page = http_get(page) if scenario.name == "preview_module" else ""
            start = time.perf_counter()
            if scenario.name == "preview_reload":
                edit_notebook(project, n)
            elif scenario.name == "preview_script":
                edit_script(project, n)
            else:
                edit_module(project, current_page, n)
            seq = before["seq"]
            while True:
                state = preview_status(base, seq)
                seq = state["seq"]
                if state["error"]:
                    raise RuntimeError(f"preview rebuild failed: {state['error']}")
                if state["build"] != before["build"]:  # as the page's script: reload
                    break
            html = http_get(page)
            seconds = time.perf_counter() - start
            stop.set()
            sampler.join()
            if sentence not in html:
                raise RuntimeError(f"the reloaded page lacks the edit {sentence!r}")
            scenario.runs.append(
                Run(seconds, peak[0], read_step_times(project, ["--out-dir", str(out)]))
            )
            print(f"{scenario.name:<22} run {i + 1}: {seconds:7.2f} s", flush=True)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()
    return scenarios


def versions() -> dict[str, str]:
    out = {}
    for pkg in ("pandas", "great-expectations", "papermill", "altair", "statsmodels", "typst"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "-"
    return out


PREVIEW_SCENARIOS = ("preview_reload", "preview_script", "preview_module")
SCENARIOS = (
    "cold",
    "nochange",
    "notebook_edit",
    "submission_edit",
    "module_edit",
    "naive",
    *PREVIEW_SCENARIOS,
    "scale",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-scale", action="store_true", help="skip the scale scenarios")
    parser.add_argument(
        "--scales", default="24x16,200x16,1000x16,24x25,200x25,1000x25", help="n x years list"
    )
    parser.add_argument(
        "--only",
        default="",
        help=f"comma-separated scenarios to measure ({', '.join(SCENARIOS)}); merged into "
        "the existing results",
    )
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    unknown = only - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")

    def wanted(name: str) -> bool:
        return not only or name in only

    RESULTS.mkdir(parents=True, exist_ok=True)
    scenarios: list[Scenario] = []

    earlier = read_rows() if only else []

    def save() -> None:
        """The results so far, written after every scenario (a later failure keeps them)."""
        write_results(merge_rows(earlier, scenario_rows(scenarios)), quiet=True)

    with tempfile.TemporaryDirectory(prefix="vm-bench-") as tmp:
        base = Path(tmp)
        project = copy_project(base / "project")

        def measure(name: str, prepare: Callable[[int], list[str]]) -> Scenario:
            scenario = Scenario(name)
            for i in range(args.runs):
                build_args = prepare(i)
                scenario.runs.append(timed_build(project, build_args))
                print(f"{name:<22} run {i + 1}: {scenario.runs[-1].seconds:7.2f} s", flush=True)
            scenarios.append(scenario)
            save()
            return scenario

        if wanted("cold"):
            measure("cold", lambda i: fresh_dirs(base, f"cold{i}"))
        if any(
            wanted(n)
            for n in ("nochange", "notebook_edit", "submission_edit", "module_edit", "naive")
        ):
            warm = fresh_dirs(base, "warm")
            timed_build(project, warm)
        if wanted("nochange"):
            measure("nochange", lambda i: warm)

        def notebook_prepare(i: int) -> list[str]:
            edit_notebook(project, i)
            return warm

        if wanted("notebook_edit"):
            measure("notebook_edit", notebook_prepare)

        def submission_prepare(i: int) -> list[str]:
            edit_submission(project, project / "data" / "raw", i + 1)
            return warm

        if wanted("submission_edit"):
            measure("submission_edit", submission_prepare)

        def module_prepare(i: int) -> list[str]:
            out = Path(warm[warm.index("--out-dir") + 1])
            year = sorted(p.name for p in out.iterdir() if p.name.isdigit())[-1]
            page = out / year / "site" / f"{edited_notebook(project).stem}.html"
            edit_module(project, page.read_text(encoding="utf-8"), 900 + i)
            return warm

        if wanted("module_edit"):
            measure("module_edit", module_prepare)

        if wanted("naive"):
            scenario = Scenario("naive")
            for i in range(args.runs):
                out = base / f"naive{i}"
                out.mkdir()
                scenario.runs.append(timed_command(project, naive_command(project, warm, out)))
                print(f"{'naive':<22} run {i + 1}: {scenario.runs[-1].seconds:7.2f} s", flush=True)
            scenarios.append(scenario)
            save()

        if any(wanted(name) for name in PREVIEW_SCENARIOS):
            scenarios.extend(measure_preview(project, base, args.runs))
            save()

        if wanted("scale") and not args.no_scale:
            for spec in args.scales.split(","):
                n, years = (int(x) for x in spec.split("x"))
                data_dir = scale_data_dir(project, n, years)
                measure(
                    f"scale_{n}x{years}",
                    lambda i, d=data_dir, s=spec: [
                        "--demonstratie",
                        "--demo-data",
                        str(d),
                        *fresh_dirs(base, f"scale{s}-{i}"),
                    ],
                )

        if wanted("cold"):
            (RESULTS / "profile_cold_build.txt").write_text(profile_cold_build(project, base))

    write_results(merge_rows(earlier, scenario_rows(scenarios)))
    return 0


CSV_FIELDS = [
    "scenario",
    "runs",
    "median_s",
    "min_s",
    "max_s",
    "target_s",
    "peak_rss_mb",
    "cpu_s",
    "meets_targets",
    "load_1min",
    "steps",
]


def read_rows() -> list[dict[str, str]]:
    """The rows of the last full run (`build_bench.csv`), to merge a partial run into."""
    path = RESULTS / "build_bench.csv"
    if not path.is_file():
        return []
    with path.open(newline="") as handle:
        return [{k: row.get(k) or "" for k in CSV_FIELDS} for row in csv.DictReader(handle)]


def scenario_rows(scenarios: list[Scenario]) -> list[dict[str, str]]:
    return [
        {
            "scenario": s.name,
            "runs": str(len(s.runs)),
            "median_s": str(round(s.median_seconds, 2)),
            "min_s": str(round(min(r.seconds for r in s.runs), 2)),
            "max_s": str(round(max(r.seconds for r in s.runs), 2)),
            "target_s": "",
            "peak_rss_mb": str(round(s.peak_rss_mb, 1)),
            "cpu_s": str(round(s.median_cpu_seconds, 1)),
            "meets_targets": "",
            "load_1min": f"{s.load:.1f}",
            "steps": json.dumps({k: round(v, 2) for k, v in s.median_steps().items()}),
        }
        for s in scenarios
    ]


def merge_rows(old: list[dict[str, str]], new: list[dict[str, str]]) -> list[dict[str, str]]:
    """`old` with the rows of re-measured scenarios replaced (new scenarios go after the
    build scenarios, before the scale ones); targets are judged afresh over the result."""
    fresh = {row["scenario"]: row for row in new}
    rows = [fresh.pop(row["scenario"], row) for row in old]
    for row in fresh.values():
        at = next((i for i, r in enumerate(rows) if r["scenario"].startswith("scale_")), len(rows))
        if row["scenario"].startswith("scale_"):
            at = len(rows)
        rows.insert(at, row)
    cold = next((float(r["median_s"]) for r in rows if r["scenario"] == "cold"), None)
    for row in rows:
        target = TARGETS.get(row["scenario"])
        if row["scenario"].startswith("scale_") and cold is not None:
            target = SCALE_FACTOR_TARGET * cold
        if row["scenario"] == "module_edit" and cold is not None:
            target = MODULE_EDIT_SHARE_TARGET * cold
        ok_time = target is None or float(row["median_s"]) <= target
        ok_mem = float(row["peak_rss_mb"]) <= MEMORY_TARGET_MB
        row["target_s"] = "" if target is None else str(round(target, 1))
        row["meets_targets"] = "yes" if ok_time and ok_mem else "NO"
    return rows


def write_results(rows: list[dict[str, str]], *, quiet: bool = False) -> None:
    cores = os.cpu_count() or 1
    with (RESULTS / "build_bench.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    lines = [
        "# Build benchmark",
        "",
        f"Machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}; "
        + ", ".join(f"{k} {v}" for k, v in versions().items()),
        "",
        f"Targets: cold ≤ {TARGETS['cold']:.0f} s, no-change ≤ {TARGETS['nochange']:.0f} s, "
        f"one notebook ≤ {TARGETS['notebook_edit']:.0f} s, "
        f"preview save → reloaded page ≤ {TARGETS['preview_reload']:.0f} s (notebook or its "
        f"script), ≤ {TARGETS['preview_module']:.0f} s (chapter module), "
        f"a build after a chapter-module edit ≤ {MODULE_EDIT_SHARE_TARGET:.0%} of cold, "
        f"scale ≤ {SCALE_FACTOR_TARGET:.0f}× cold, "
        f"peak RSS ≤ {MEMORY_TARGET_MB:.0f} MB (whole process tree). Load: the 1-minute load "
        "average when the scenario started (the machine is shared; empty: not recorded).",
        "",
        "| scenario | runs | median s | min s | max s | target s | peak RSS MB | CPU s | load "
        "| meets targets |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scenario']} | {r['runs']} | {r['median_s']} | {r['min_s']} | {r['max_s']} "
            f"| {r['target_s']} | {r['peak_rss_mb']} | {r['cpu_s']} | {r['load_1min']} "
            f"| {r['meets_targets']} |"
        )
    by_name = {r["scenario"]: r for r in rows}
    if "cold" in by_name and "naive" in by_name and by_name["cold"]["cpu_s"]:
        cold, naive = by_name["cold"], by_name["naive"]
        wall = float(cold["median_s"]) / float(naive["median_s"])
        cpu = float(cold["cpu_s"]) / float(naive["cpu_s"])
        verdict = "yes" if wall <= NAIVE_SHARE_TARGET else "NO"
        lines += [
            "",
            f"Cold build against the naive run (the notebooks one after another with "
            f"papermill, without validation, render or PDF): wall {wall:.2f}, CPU {cpu:.2f} "
            f"(target ≤ {NAIVE_SHARE_TARGET} in wall time): {verdict}.",
        ]
    lines += ["", "## Median time per step (s)", ""]
    for r in rows:
        steps = ", ".join(f"{k} {v:.2f}" for k, v in json.loads(r["steps"] or "{}").items())
        lines.append(f"- **{r['scenario']}**: {steps}")
    lines += ["", "Profile of the cold build: `profile_cold_build.txt`.", ""]
    (RESULTS / "build_bench.md").write_text("\n".join(lines))
    if not quiet:
        print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
