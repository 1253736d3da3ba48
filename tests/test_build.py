"""The build's step cache and atomic publish, on a tiny fake project.

The real steps (GX validation, papermill, pandoc, Typst) are replaced by small
functions that write files, so these tests check the DAG logic itself: which
steps run for which change, and that a failure publishes nothing.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from analysis.data.content_hash import hash_file, hash_tree
from analysis.errors import BuildError, Finding, InputError
from analysis.pipeline import publish as publish_module
from analysis.pipeline.build_config import BuildConfig
from analysis.pipeline.cache import StepCache
from analysis.pipeline.progress import Progress
from analysis.pipeline.publish import publish
from analysis.pipeline.runner import Build, merge_tree
from analysis.pipeline.steps import run_step

QUARTO = """project:
  type: website
  render:
    - notebooks/01_a.ipynb
    - notebooks/02_b.ipynb
website:
  title: T
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_fake_project(tmp_path)


def make_fake_project(tmp_path: Path) -> Path:
    """Two fake notebooks and one submission; the steps' work is `FakeActions`'."""
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    (root / "_quarto.yml").write_text(QUARTO)
    (root / "notebooks" / "01_a.ipynb").write_text('{"a": 1}')
    (root / "notebooks" / "02_b.ipynb").write_text('{"b": 1}')
    data = root / "data" / "raw" / "kt_metrics" / "2024"
    data.mkdir(parents=True)
    (data / "x.csv").write_text("institution_id,year\nx,2024\n")
    return root


class FakeActions:
    """Fake step actions that write small files and record what ran (no GX, papermill,
    pandoc or Typst); injected into the real `Build`, which runs its declared steps."""

    def __init__(self, config: BuildConfig, fail_in: str | None = None) -> None:
        self.config = config
        self.fail_in = fail_in
        self.data_hashes = hash_tree(config.data_dir)

    def validate(self, data_key: str, current_year: int) -> list[Path]:
        if self.fail_in == "validate":
            raise InputError.from_finding(
                Finding("kt_metrics/2024/x.csv", 2, "value", "non_negative", "negatief", "error")
            )
        out = self.config.processed_stage / "validation_results.parquet"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("checks:" + ",".join(sorted(self.data_hashes.values())))
        return [out]

    def process(self, data_key: str, current_year: int) -> list[Path]:
        paths = []
        self.config.processed_stage.mkdir(parents=True, exist_ok=True)
        for name in ("kt_metrics_long.parquet", "kt_metrics_wide.parquet"):
            out = self.config.processed_stage / name
            out.write_text(name + ":" + ",".join(sorted(self.data_hashes.values())))
            paths.append(out)
        return paths

    def notebook(self, notebook: str, parameters: dict[str, Any]) -> list[Path]:
        if self.fail_in == notebook:
            raise BuildError(f"{notebook}: ZeroDivisionError")
        folder = self.config.notebook_dir(notebook)
        (folder / "out" / "data").mkdir(parents=True, exist_ok=True)
        source = (self.config.project_dir / notebook).read_text()
        executed = folder / Path(notebook).name
        processed = (self.config.processed_stage / "kt_metrics_long.parquet").read_text()
        executed.write_text(source + " executed on " + processed)
        table = folder / "out" / "data" / f"{Path(notebook).stem}.csv"
        table.write_text(f"value\n{len(source)}\n")
        return [executed, table]

    def render(self, notebooks: Sequence[str], years: Sequence[int]) -> list[Path]:
        if self.fail_in == "render":
            raise BuildError("render: pandoc exited with 1")
        year_dir = self.config.cache.output_dir("render") / "year"
        (year_dir / "site").mkdir(parents=True, exist_ok=True)
        for nb in notebooks:
            merge_tree(self.config.notebook_dir(nb) / "out", year_dir)
            text = (self.config.notebook_dir(nb) / Path(nb).name).read_text()
            (year_dir / "site" / f"{Path(nb).stem}.html").write_text(
                f"<p>{text} {self.config.engine}</p>"
            )
        pdf = year_dir / f"valorisatiemonitor-{self.config.year}.pdf"
        pdf.write_text("%PDF fake " + self.config.engine)
        return [p for p in year_dir.rglob("*") if p.is_file()]

    def close(self) -> None:
        pass


def fake_build(config: BuildConfig, code: str = "code-v1", fail_in: str | None = None) -> Build:
    """The real build (its declared steps, cache and publish) with `FakeActions`."""
    return Build(
        config,
        Progress(quiet=True),
        actions=FakeActions(config, fail_in),
        code_hash=code,
    )


def make_config(project: Path, **overrides: object) -> BuildConfig:
    values: dict[str, object] = {
        "year": 2024,
        "project_dir": project,
        "data_dir": project / "data" / "raw",
        "processed_dir": project / "data" / "processed",
        "out_dir": project / "report",
        "engine": "pandoc",
        "jobs": 2,
    }
    values.update(overrides)
    return BuildConfig(**values)  # type: ignore[arg-type]


def statuses(
    config: BuildConfig, code: str = "code-v1", fail_in: str | None = None
) -> dict[str, str]:
    b = fake_build(config, code, fail_in)
    b.run()
    return {r.name: r.status for r in b.progress.results}


ALL_RAN = {
    "validate": "ran",
    "process": "ran",
    "notebook:01_a": "ran",
    "notebook:02_b": "ran",
    "render": "ran",
    "publish": "ran",
}


def test_first_build_runs_every_step_and_publishes(project: Path) -> None:
    assert statuses(make_config(project)) == ALL_RAN
    report = project / "report" / "2024"
    assert (report / "site" / "01_a.html").is_file()
    assert (report / "data" / "02_b.csv").read_text() == "value\n8\n"
    assert (report / "manifest.json").is_file()
    # The notebooks' shared results live in the cache, beside the processed tables.
    assert (project / "report" / ".cache" / "2024" / "shared").is_dir()


def test_no_change_rebuild_is_fully_cached(project: Path) -> None:
    statuses(make_config(project))
    assert set(statuses(make_config(project)).values()) == {"cached"}


def test_editing_one_notebook_reruns_only_it_and_render(project: Path) -> None:
    statuses(make_config(project))
    (project / "notebooks" / "02_b.ipynb").write_text('{"b": 2}')
    result = statuses(make_config(project))
    assert result == {
        "validate": "cached",
        "process": "cached",
        "notebook:01_a": "cached",
        "notebook:02_b": "ran",
        "render": "ran",
        "publish": "ran",
    }


def test_the_page_first_pass_runs_that_notebook_and_the_next_build_the_rest(
    project: Path,
) -> None:
    """The preview's first pass (`page_first`): with both notebooks out of date, only the
    page's notebook runs, the other keeps its earlier output (its old page is published),
    and it is not recorded as fresh, so the next full build runs it."""
    statuses(make_config(project))
    statuses(make_config(project), code="code-v2")  # the full build brings both up to date
    first = make_config(project, page_first="notebooks/02_b.ipynb")
    build = fake_build(first, code="code-v3")
    build.run()
    result = {r.name: r.status for r in build.progress.results}
    assert result["notebook:01_a"] == "kept"
    assert result["notebook:02_b"] == "ran"
    assert result["render"] == "ran"
    assert build.kept == ["notebook:01_a"]
    result = statuses(make_config(project), code="code-v3")
    assert result["notebook:01_a"] == "ran"
    assert result["notebook:02_b"] == "cached"
    # A page without a notebook of its own (the index) defers nothing.
    build = fake_build(make_config(project, page_first="index.qmd"), code="code-v4")
    build.run()
    assert build.kept == []
    assert {r.status for r in build.progress.results if r.name.startswith("notebook:")} == {"ran"}


def test_a_deferred_notebook_without_earlier_output_runs(project: Path) -> None:
    build = fake_build(make_config(project, page_first="notebooks/02_b.ipynb"))
    build.run()
    assert build.kept == []
    assert {r.name: r.status for r in build.progress.results} == ALL_RAN


def test_notebooks_run_beside_the_validation_and_a_refusal_publishes_nothing(
    project: Path,
) -> None:
    """The notebooks wait for the processed tables, not for the validation, except those
    `_quarto.yml` lists as reading its results; a refusal stops the build: the notebook
    that waits for it never runs and nothing is rendered or published."""
    quarto = project / "_quarto.yml"
    quarto.write_text(
        QUARTO + "valorisatiemonitor:\n  build:\n    after_validation:\n"
        "      - notebooks/02_b.ipynb\n"
    )
    config = make_config(project)
    after = {
        s.name: s.after
        for s in fake_build(config).steps(["notebooks/01_a.ipynb", "notebooks/02_b.ipynb"])
    }
    assert after["validate"] == ("process",)
    assert after["notebook:01_a"] == ("process",)
    assert after["notebook:02_b"] == ("process", "validate")
    assert {"process", "validate"} <= set(after["render"])
    build = fake_build(config, fail_in="validate")
    with pytest.raises(InputError, match="negatief"):
        build.run()
    result = {r.name: r.status for r in build.progress.results}
    assert result["process"] == "ran" and result["validate"] == "failed"
    assert "notebook:02_b" not in result and "render" not in result
    assert not (project / "report" / "2024").exists()


def test_changing_a_data_file_reruns_everything(project: Path) -> None:
    statuses(make_config(project))
    (project / "data" / "raw" / "kt_metrics" / "2024" / "x.csv").write_text("changed\n")
    assert statuses(make_config(project)) == ALL_RAN


def test_adding_a_data_file_reruns_everything(project: Path) -> None:
    statuses(make_config(project))
    (project / "data" / "raw" / "sources.csv").write_text("source_id\n")
    assert statuses(make_config(project)) == ALL_RAN


def test_changing_one_assumption_reruns_everything(project: Path) -> None:
    """`data/raw/assumptions.csv` is part of the data folder's hash: a changed lag reruns
    the validation (which checks the table), the notebooks that read it and the render."""
    table = project / "data" / "raw" / "assumptions.csv"
    table.write_text("assumption_id,value\nscenario_lag_years,0\n")
    statuses(make_config(project))
    table.write_text("assumption_id,value\nscenario_lag_years,1\n")
    assert statuses(make_config(project)) == ALL_RAN


def test_changing_code_reruns_everything(project: Path) -> None:
    statuses(make_config(project))
    assert statuses(make_config(project), code="code-v2") == ALL_RAN


def test_changing_the_engine_reruns_only_render(project: Path) -> None:
    statuses(make_config(project))
    result = statuses(make_config(project, engine="quarto"))
    assert result["render"] == "ran"
    assert result["publish"] == "ran"
    assert all(
        result[s] == "cached" for s in ("validate", "process", "notebook:01_a", "notebook:02_b")
    )


def test_changing_a_parameter_reruns_the_notebooks(project: Path) -> None:
    statuses(make_config(project))
    shutil.copytree(project / "data" / "raw", project / "data" / "raw2")
    other = make_config(project, data_dir=project / "data" / "raw2")
    result = statuses(other)
    assert result["notebook:01_a"] == "ran"
    assert result["notebook:02_b"] == "ran"


def test_another_processed_dir_gets_the_tables_without_rerunning(project: Path) -> None:
    """Notebooks read the staged tables, so where they are published changes no result."""
    statuses(make_config(project))
    other = make_config(project, processed_dir=project / "data" / "processed2")
    result = statuses(other)
    assert {result[k] for k in result if k != "publish"} == {"cached"}
    assert hash_tree(project / "data" / "processed2") == hash_tree(project / "data" / "processed")


def test_deleted_processed_output_is_restored(project: Path) -> None:
    statuses(make_config(project))
    wide = project / "data" / "processed" / "kt_metrics_wide.parquet"
    before = wide.read_bytes()
    wide.unlink()
    result = statuses(make_config(project))
    assert result["process"] == "cached"  # the staged copy in the cache is intact
    assert wide.read_bytes() == before
    # A damaged staged copy is noticed and rebuilt.
    config = make_config(project)
    stage = config.cache.root / "processed" / "kt_metrics_wide.parquet"
    stage.write_text("damaged")
    assert statuses(config)["process"] == "ran"
    assert wide.read_bytes() == before


def test_force_reruns_every_step(project: Path) -> None:
    statuses(make_config(project))
    result = statuses(make_config(project, force=True))
    assert {k: v for k, v in result.items() if k != "publish"} == {
        k: v for k, v in ALL_RAN.items() if k != "publish"
    }


@pytest.mark.parametrize("failing", ["notebooks/02_b.ipynb", "render"])
def test_failing_step_leaves_previous_report_byte_identical(project: Path, failing: str) -> None:
    statuses(make_config(project))
    report = project / "report" / "2024"
    before = hash_tree(report)
    (project / "notebooks" / "02_b.ipynb").write_text('{"b": "new content"}')
    with pytest.raises(BuildError):
        statuses(make_config(project), fail_in=failing)
    assert hash_tree(report) == before
    leftovers = [
        p.name for p in (project / "report").iterdir() if p.name.startswith((".staging", ".old"))
    ]
    assert leftovers == []


def test_failed_step_is_not_cached(project: Path) -> None:
    statuses(make_config(project))
    (project / "notebooks" / "01_a.ipynb").write_text('{"a": 2}')
    with pytest.raises(BuildError):
        statuses(make_config(project), fail_in="notebooks/01_a.ipynb")
    result = statuses(make_config(project))
    assert result["notebook:01_a"] == "ran"


def test_run_step_cache_hit_miss_and_force(tmp_path: Path) -> None:
    cache = StepCache(tmp_path / "cache")
    progress = Progress(quiet=True)
    out = tmp_path / "out.txt"
    calls: list[str] = []

    def action() -> Iterator[Path]:
        calls.append("x")
        out.write_text(f"run {len(calls)}")
        yield out

    assert run_step(cache, progress, "s", "k1", action) == "ran"
    assert run_step(cache, progress, "s", "k1", action) == "cached"
    assert run_step(cache, progress, "s", "k2", action) == "ran"
    assert run_step(cache, progress, "s", "k2", action, force=True) == "ran"
    out.write_text("tampered")
    assert run_step(cache, progress, "s", "k2", action) == "ran"
    assert len(calls) == 4


def test_publish_replaces_target_and_removes_old(tmp_path: Path) -> None:
    target = tmp_path / "report" / "2024"
    target.mkdir(parents=True)
    (target / "old.txt").write_text("old")
    staging = tmp_path / "report" / ".staging"
    staging.mkdir()
    (staging / "new.txt").write_text("new")
    publish(staging, target)
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == ["2024"]


def test_manifest_lists_inputs_engine_and_versions(project: Path) -> None:
    statuses(make_config(project))
    import json

    manifest = json.loads((project / "report" / "2024" / "manifest.json").read_text())
    assert manifest["engine"] == "pandoc"
    assert manifest["year"] == 2024
    assert "raw/kt_metrics/2024/x.csv" in manifest["inputs"]["data"]
    assert manifest["packages"]["pandas"] != "not installed"
    assert set(manifest["inputs"]["notebooks"]) == {"notebooks/01_a.ipynb", "notebooks/02_b.ipynb"}


def test_two_builds_give_identical_reports(project: Path, tmp_path: Path) -> None:
    statuses(make_config(project))
    first = hash_tree(project / "report" / "2024")
    statuses(make_config(project, force=True))
    assert hash_tree(project / "report" / "2024") == first


def test_root_index_lists_every_published_year(project: Path) -> None:
    statuses(make_config(project))
    earlier = project / "data" / "raw" / "kt_metrics" / "2023"
    earlier.mkdir()
    (earlier / "x.csv").write_text("institution_id,year\nx,2023\n")
    statuses(make_config(project, year=2023))
    index = (project / "report" / "index.html").read_text()
    assert index.index('href="2024/site/index.html"') < index.index('href="2023/site/index.html"')
    assert 'lang="nl"' in index
    assert "http" not in index


def test_notebooks_start_longest_first(project: Path) -> None:
    config = make_config(project)
    build = fake_build(config)
    notebooks = ["notebooks/01_a.ipynb", "notebooks/02_b.ipynb"]
    assert build.longest_first(notebooks) == notebooks  # no log, no hint: page order
    (project / "_quarto.yml").write_text(
        QUARTO + "valorisatiemonitor:\n  build:\n    slow:\n      - notebooks/02_b.ipynb\n"
    )
    assert build.longest_first(notebooks) == notebooks[::-1]  # the hint
    build.cache.root.mkdir(parents=True, exist_ok=True)
    (build.cache.root / "build.log").write_text(
        "ran\tnotebook:01_a\t9.5\nran\tnotebook:02_b\t1.0\ncached\trender\t0.0\n"
    )
    assert build.longest_first(notebooks) == notebooks  # measured durations win


def test_the_published_report_shares_no_storage_with_the_cache(project: Path) -> None:
    """Writing into a published file leaves the cache alone (the report is a copy, not
    links), and the next build puts the right content back without rerunning a step."""
    config = make_config(project)
    statuses(config)
    published = project / "report" / "2024" / "data" / "01_a.csv"
    original = published.read_bytes()
    with published.open("w") as handle:  # in place, not a new file
        handle.write("value\n999\n")
    again = statuses(config)
    assert again["notebook:01_a"] == "cached" and again["render"] == "cached"
    assert again["publish"] == "ran"
    assert published.read_bytes() == original


def test_link_or_copy_links_and_falls_back_to_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "a.txt"
    source.write_text("x")
    publish_module.link_or_copy(source, tmp_path / "linked.txt")
    assert (tmp_path / "linked.txt").stat().st_ino == source.stat().st_ino

    def no_links(*_: object) -> None:
        raise OSError("cross-device link")

    monkeypatch.setattr(publish_module.os, "link", no_links)
    publish_module.link_or_copy(source, tmp_path / "copied.txt")
    assert (tmp_path / "copied.txt").read_text() == "x"
    assert (tmp_path / "copied.txt").stat().st_ino != source.stat().st_ino


def test_recorded_outputs_are_the_hashes_of_the_files(tmp_path: Path) -> None:
    cache = StepCache(tmp_path / "cache")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("a")
    b.write_text("b")
    cache.commit("s", "k", [a, b])
    assert cache.recorded_outputs("s") == {
        str(a): hash_file(a),
        str(b): hash_file(b),
    }
    assert cache.recorded_outputs("never-ran") == {}


# --------------------------------------------------------------------------- console


class _SlowStream(io.StringIO):
    """Writes character by character, yielding between them, like a busy terminal."""

    def write(self, text: str) -> int:
        for ch in text:
            super().write(ch)
            time.sleep(0)
        return len(text)


def test_steps_finishing_together_print_whole_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis.pipeline.progress import Progress, StepResult

    stream = _SlowStream()
    monkeypatch.setattr(sys, "stdout", stream)
    progress = Progress()

    def lane(n: int) -> None:
        for i in range(40):
            progress.report(StepResult(f"notebook:{n:02d}_{i:02d}", "ran", 1.5))

    threads = [threading.Thread(target=lane, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 6 * 40
    pattern = re.compile(r"uitgevoerd  notebook:\d\d_\d\d +1,50 s")
    assert all(pattern.fullmatch(line) for line in lines), [
        line for line in lines if not pattern.fullmatch(line)
    ][:3]


def test_console_words_are_dutch_and_the_last_line_names_what_to_open(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from analysis.pipeline.progress import Progress, StepResult

    year = tmp_path / "r" / "2025"
    (year / "site").mkdir(parents=True)
    (year / "valorisatiemonitor-2025.pdf").write_bytes(b"%PDF")
    (year / "site" / "index.html").write_text("<html></html>")
    progress = Progress()
    progress.report(StepResult("validate", "ran", 4.836))
    progress.report(StepResult("render", "cached", 0.01))
    progress.report(StepResult("publish", "failed", 0.2, "schijf vol"))
    progress.note("cache van render was onleesbaar")
    progress.done(23.456, year / "valorisatiemonitor-2025.pdf", year / "site" / "index.html")
    progress.done(1.0, None, year / "site" / "index.html")  # --site-only: no PDF named
    progress.done(1.0, year / "valorisatiemonitor-2024.pdf", year / "site" / "index.html")
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "uitgevoerd  " + "validate".ljust(42) + "   4,84 s",
        "uit cache   " + "render".ljust(42) + "   0,01 s",
        f"klaar       23,46 s  PDF: {year}/valorisatiemonitor-2025.pdf  "
        f"website: {year}/site/index.html",
        f"klaar       1,00 s  website: {year}/site/index.html",
        f"klaar       1,00 s  website: {year}/site/index.html",  # a PDF that is not there
    ]
    assert err.splitlines() == [
        "mislukt     " + "publish".ljust(42) + "   0,20 s  schijf vol",
        "let op      cache van render was onleesbaar",
    ]
