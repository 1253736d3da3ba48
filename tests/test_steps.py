"""The generic step runner: dependency order, the cache key rule, failures, the diagram."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.pipeline.cache import StepCache
from analysis.pipeline.progress import Progress
from analysis.pipeline.steps import Step, diagram, run_steps


class Recorder:
    """Step actions that write one file each and remember the order they ran in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ran: list[str] = []
        self.content: dict[str, str] = {}
        self.fail: set[str] = set()

    def action(self, name: str):  # type: ignore[no-untyped-def]
        def run() -> list[Path]:
            if name in self.fail:
                raise RuntimeError(f"{name} broke")
            self.ran.append(name)
            out = self.root / f"{name}.txt"
            out.write_text(self.content.get(name, name))
            return [out]

        return run


def chain(rec: Recorder, inputs: dict[str, dict[str, object]]) -> list[Step]:
    """a → b, a → c, (b, c) → d."""

    def step(name: str, after: tuple[str, ...] = ()) -> Step:
        return Step(name, lambda: inputs.get(name, {}), rec.action(name), after=after)

    return [step("a"), step("b", ("a",)), step("c", ("a",)), step("d", ("b", "c"))]


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Recorder, StepCache, Progress]:
    (tmp_path / "out").mkdir()
    return Recorder(tmp_path / "out"), StepCache(tmp_path / "cache"), Progress(quiet=True)


def test_steps_run_in_dependency_order_and_then_come_from_the_cache(setup) -> None:  # type: ignore[no-untyped-def]
    rec, cache, progress = setup
    status = run_steps(chain(rec, {}), cache, progress, jobs=2)
    assert status == {"a": "ran", "b": "ran", "c": "ran", "d": "ran"}
    assert rec.ran.index("a") < rec.ran.index("b") < rec.ran.index("d")
    assert rec.ran.index("c") < rec.ran.index("d")
    rec.ran.clear()
    assert set(run_steps(chain(rec, {}), cache, progress).values()) == {"cached"}
    assert rec.ran == []


def test_a_changed_input_reruns_the_step_and_only_dependents_whose_inputs_changed(setup) -> None:  # type: ignore[no-untyped-def]
    rec, cache, progress = setup
    run_steps(chain(rec, {}), cache, progress)
    rec.ran.clear()
    # b's own input changes, but b writes the same bytes: d stays cached
    status = run_steps(chain(rec, {"b": {"x": 1}}), cache, progress)
    assert status == {"a": "cached", "b": "ran", "c": "cached", "d": "cached"}
    # b now writes other bytes: d, which reads b's outputs, runs again
    rec.content["b"] = "b, version 2"
    status = run_steps(chain(rec, {"b": {"x": 2}}), cache, progress)
    assert status == {"a": "cached", "b": "ran", "c": "cached", "d": "ran"}


def test_a_failure_skips_its_dependents_lets_the_others_run_and_is_raised(setup) -> None:  # type: ignore[no-untyped-def]
    rec, cache, progress = setup
    rec.fail = {"b"}
    with pytest.raises(RuntimeError, match="b broke"):
        run_steps(chain(rec, {}), cache, progress, jobs=2)
    assert sorted(rec.ran) == ["a", "c"]  # c does not need b; d does
    assert [r.name for r in progress.results if r.status == "failed"] == ["b"]


def test_after_a_failed_gate_nothing_new_starts(setup) -> None:  # type: ignore[no-untyped-def]
    """a → gate, a → b → c: the gate fails while b runs; b finishes, c never starts."""
    rec, cache, progress = setup
    rec.fail = {"gate"}
    steps = [
        Step("a", dict, rec.action("a")),
        Step("gate", dict, rec.action("gate"), after=("a",), gate=True),
        Step("b", dict, rec.action("b"), after=("a",)),
        Step("c", dict, rec.action("c"), after=("b",)),
    ]
    with pytest.raises(RuntimeError, match="gate broke"):
        run_steps(steps, cache, progress, jobs=2)
    assert rec.ran == ["a", "b"]
    rec.fail = set()
    rec.ran.clear()
    status = run_steps(steps, cache, progress, jobs=2)  # without the failure: all of them
    assert status == {"a": "cached", "gate": "ran", "b": "cached", "c": "ran"}


def test_a_deferred_step_keeps_its_earlier_output_until_a_full_run(setup) -> None:  # type: ignore[no-untyped-def]
    rec, cache, progress = setup
    run_steps(chain(rec, {}), cache, progress)
    rec.ran.clear()
    status = run_steps(chain(rec, {"b": {"x": 1}, "c": {"x": 1}}), cache, progress, defer={"c"})
    assert status == {"a": "cached", "b": "ran", "c": "kept", "d": "cached"}
    assert rec.ran == ["b"]
    status = run_steps(chain(rec, {"b": {"x": 1}, "c": {"x": 1}}), cache, progress)
    assert status == {"a": "cached", "b": "cached", "c": "ran", "d": "cached"}


def test_declaration_errors_and_the_diagram(setup) -> None:  # type: ignore[no-untyped-def]
    rec, cache, progress = setup
    steps = chain(rec, {})
    with pytest.raises(ValueError, match="not declared before it"):
        run_steps(list(reversed(steps)), cache, progress)
    with pytest.raises(ValueError, match="declared twice"):
        run_steps([*steps, steps[0]], cache, progress)
    text = diagram(steps)
    assert text.splitlines()[0] == "flowchart TD"
    assert {"    s0 --> s1", "    s0 --> s2", "    s1 --> s3", "    s2 --> s3"} <= set(
        text.splitlines()
    )
