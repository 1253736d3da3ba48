"""The build as data: each step declares its name, inputs, dependencies and run function.

Why: a step's cache key must change exactly when something it reads changes. Written by
hand per step, keys drift (a step forgets an input, two steps share a tag). Declared as
data, one rule makes every key: the hash of the step's own inputs plus the recorded
output hashes of the steps it depends on, so a step reruns when a dependency produced
different files and stays cached when a dependency reran but wrote the same bytes.
One generic runner (`run_steps`) executes any such list in dependency order, with as
many steps side by side as the build's parallelism allows; the diagram in
`docs/architecture.md` is drawn from the same declarations (`diagram`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.data.content_hash import digest
from analysis.errors import one_line
from analysis.pipeline.cache import StepCache
from analysis.pipeline.progress import Progress, StepResult, StepStatus

__all__ = ["Step", "diagram", "run_step", "run_steps", "step_key"]


@dataclass(frozen=True)
class Step:
    """One step of a build.

    `inputs` returns the step's own inputs as JSON-serialisable values (content hashes,
    parameters); it is called just before the step's key is needed, so declaring steps
    reads no file. `after` names the steps whose outputs this one reads. `reads` and
    `writes` say in words what the step consumes and produces (for the diagram only).
    """

    name: str
    inputs: Callable[[], Mapping[str, Any]]
    run: Callable[[], Iterable[Path]]
    after: tuple[str, ...] = ()
    reads: str = ""
    writes: str = ""
    #: False: the step runs every time and reports itself (the publish, whose "cache" is
    #: the comparison with what is published).
    cached: bool = True
    #: True: when this step fails, no further step starts (the validation: the notebooks
    #: running beside it finish, nothing else is begun on data it refused).
    gate: bool = False


def step_key(step: Step, cache: StepCache) -> str:
    """The hash of the step's own inputs plus its dependencies' recorded output hashes."""
    return digest(
        {
            "inputs": dict(step.inputs()),
            "after": {name: cache.recorded_outputs(name) for name in step.after},
        }
    )


def run_step(
    cache: StepCache,
    progress: Progress,
    name: str,
    key: str,
    action: Callable[[], Iterable[Path]],
    *,
    force: bool = False,
    defer: bool = False,
) -> StepStatus:
    """Run `action` unless the cache holds a fresh result for `key`; record its outputs.

    `defer`: an out-of-date step that has an intact earlier output keeps it for now
    ("kept"), without running and without a new record, so the next build runs it.
    """
    start = time.perf_counter()
    if not force and cache.is_fresh(name, key):
        progress.report(StepResult(name, "cached", time.perf_counter() - start))
        return "cached"
    if defer and not force and cache.has_output(name):
        progress.report(StepResult(name, "kept", time.perf_counter() - start))
        return "kept"
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


def _check_order(steps: Sequence[Step]) -> None:
    """Names are unique and every dependency is declared before the step that needs it."""
    seen: set[str] = set()
    for step in steps:
        if step.name in seen:
            raise ValueError(f"step {step.name!r} is declared twice")
        missing = [name for name in step.after if name not in seen]
        if missing:
            raise ValueError(f"step {step.name!r} depends on {missing}, not declared before it")
        seen.add(step.name)


def run_steps(
    steps: Sequence[Step],
    cache: StepCache,
    progress: Progress,
    *,
    jobs: int = 1,
    force: bool = False,
    defer: Collection[str] = (),
) -> dict[str, StepStatus]:
    """Run `steps` in dependency order, up to `jobs` at a time; the first failure is raised.

    The steps named in `defer` keep their earlier output when they are out of date
    (`run_step`): the preview's first pass, which shows the page being read before the
    other pages are brought up to date by the full build that follows it.

    Ready steps start in declaration order (so the declaration decides the schedule, e.g.
    the longest notebook first). A step runs on the calling thread when it is the only
    one that can run (the data steps, the render), so its Ctrl-C and its memory behave as
    in a plain call. When a step fails, the steps that do not depend on it still run (a
    researcher sees every failing notebook at once); those that do are skipped, and after
    a failed `gate` step nothing new starts.
    """
    _check_order(steps)
    status: dict[str, StepStatus] = {}
    failures: dict[str, BaseException] = {}
    blocked: set[str] = set()
    pending = list(steps)

    def start(step: Step) -> StepStatus:
        if not step.cached:
            list(step.run())
            return "ran"
        return run_step(
            cache,
            progress,
            step.name,
            step_key(step, cache),
            step.run,
            force=force,
            defer=step.name in defer,
        )

    def settle(step: Step, outcome: StepStatus | BaseException) -> None:
        if isinstance(outcome, BaseException):
            failures[step.name] = outcome
            status[step.name] = "failed"
        else:
            status[step.name] = outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        running: dict[Future[StepStatus], Step] = {}
        gates = {step.name for step in steps if step.gate}
        while pending or running:
            for step in list(pending):
                if gates & failures.keys() or any(
                    name in failures or name in blocked for name in step.after
                ):
                    blocked.add(step.name)
                    pending.remove(step)
            ready = [
                s
                for s in pending
                if all(status.get(n) in ("ran", "cached", "kept") for n in s.after)
            ]
            if len(ready) == 1 and not running and len(pending) >= 1:
                step = ready[0]
                pending.remove(step)
                try:
                    settle(step, start(step))
                except KeyboardInterrupt:
                    raise
                except BaseException as exc:
                    settle(step, exc)
                continue
            for step in ready:
                pending.remove(step)
                running[pool.submit(start, step)] = step
            if not running:
                break  # nothing can start: every pending step waits on a failed one
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                step = running.pop(future)
                error = future.exception()
                settle(step, error if error is not None else future.result())
    for step in steps:  # the first failure in declaration order
        if step.name in failures:
            raise failures[step.name]
    return status


def diagram(steps: Sequence[Step]) -> str:
    """The steps as a Mermaid flowchart: one node per step (what it reads and writes), one
    edge per dependency. `docs/architecture.md` holds this text; a test keeps it equal."""
    _check_order(steps)
    ids = {step.name: f"s{i}" for i, step in enumerate(steps)}
    lines = ["flowchart TD"]
    for step in steps:
        label = step.name
        if step.reads:
            label += f"<br/><i>reads</i> {step.reads}"
        if step.writes:
            label += f"<br/><i>writes</i> {step.writes}"
        lines.append(f'    {ids[step.name]}["{label}"]')
    for step in steps:
        lines.extend(f"    {ids[name]} --> {ids[step.name]}" for name in step.after)
    return "\n".join(lines) + "\n"
