"""Misuse and faults: wrong folders, two builds at once, crashes, damaged caches, full disks.

Every case ends in one `BuildError` line naming the path at fault (or a note, where
the build can repair its own cache), and the published report, the raw data and the
processed tables are byte-identical before and after. The DAG runs with the fake
steps of `test_build.FakeActions`, so these tests take seconds; the real build's
interrupt handling is tested end to end in `tests/e2e/test_faults_e2e.py`.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import cli
from analysis.data import ingest
from analysis.data.content_hash import hash_file, hash_tree
from analysis.data.editions import DEMONSTRATION, Edition
from analysis.data.validation import validate_data_dir
from analysis.errors import BuildError, InputError
from analysis.pipeline import guard
from analysis.pipeline import publish as publish_module
from analysis.pipeline.build_config import BuildConfig
from analysis.pipeline.runner import Build
from test_build import fake_build, make_config, make_fake_project, statuses

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_fake_project(tmp_path)


def snapshot(*folders: Path) -> list[dict[str, str]]:
    """Content hashes of every file under each folder, hidden files included."""
    out = []
    for folder in folders:
        files = {}
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files[path.relative_to(folder).as_posix()] = hash_file(path)
        out.append(files)
    return out


def run(config: BuildConfig) -> Build:
    b = fake_build(config)
    b.run()
    return b


# --------------------------------------------------------------------------- folders


@pytest.mark.parametrize(
    "where",
    [
        "data/raw/kt_metrics",
        "data/raw",
        "data/raw/kt_metrics/2024",
        "notebooks",
        "src/report",
        "data/templates",
    ],
)
def test_out_dir_inside_inputs_or_sources_is_refused(project: Path, where: str) -> None:
    (project / "src").mkdir(exist_ok=True)
    before = snapshot(project / "data" / "raw", project / "notebooks")
    with pytest.raises(BuildError) as raised:
        run(make_config(project, out_dir=project / where))
    message = str(raised.value)
    assert message.startswith(f"{(project / where).resolve()}: --out-dir lies inside")
    assert "\n" not in message
    assert snapshot(project / "data" / "raw", project / "notebooks") == before
    assert not (project / where / ".build.lock").exists()


def test_out_dir_through_a_symbolic_link_into_the_data_is_refused(project: Path) -> None:
    link = project / "shortcut"
    link.symlink_to(project / "data" / "raw" / "kt_metrics")
    with pytest.raises(BuildError, match="--out-dir lies inside"):
        run(make_config(project, out_dir=link))


def test_processed_dir_inside_the_data_is_refused(project: Path) -> None:
    with pytest.raises(BuildError, match="--processed-dir lies inside"):
        run(make_config(project, processed_dir=project / "data" / "raw" / "processed"))


def test_out_dir_and_processed_dir_must_not_nest(project: Path) -> None:
    with pytest.raises(BuildError, match="must not lie inside each other"):
        run(make_config(project, processed_dir=project / "report" / "processed"))


def test_a_folder_holding_other_files_is_refused(project: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "Documenten").mkdir(parents=True)
    (home / "notities.txt").write_text("van mij")
    before = snapshot(home)
    with pytest.raises(BuildError) as raised:
        run(make_config(project, out_dir=home))
    assert str(raised.value) == (
        f"{home}: --out-dir holds 'Documenten', which the build did not write; it writes "
        "only into an empty folder or one holding earlier reports"
    )
    assert snapshot(home) == before
    # A year folder that is not a report (no manifest.json) is not the build's either.
    other = tmp_path / "other"
    (other / "2024").mkdir(parents=True)
    (other / "2024" / "mijn-analyse.xlsx").write_text("x")
    with pytest.raises(BuildError, match="holds '2024'"):
        run(make_config(project, out_dir=other))
    assert (other / "2024" / "mijn-analyse.xlsx").read_text() == "x"


def test_empty_folder_and_folder_with_earlier_reports_are_accepted(
    project: Path,
    tmp_path: Path,
) -> None:
    empty = tmp_path / "leeg"
    empty.mkdir()
    run(make_config(project, out_dir=empty, processed_dir=tmp_path / "p"))
    assert (empty / "2024" / "manifest.json").is_file()
    run(make_config(project, out_dir=empty, processed_dir=tmp_path / "p"))  # holds a report now


def test_processed_dir_with_foreign_files_is_refused(project: Path, tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "resultaten.xlsx").write_text("eigen werk")
    with pytest.raises(BuildError, match=r"--processed-dir holds 'resultaten\.xlsx'"):
        run(make_config(project, processed_dir=processed))


@pytest.mark.parametrize("option", ["out_dir", "processed_dir"])
def test_a_folder_option_that_is_a_file_gives_one_line(
    project: Path,
    tmp_path: Path,
    option: str,
) -> None:
    file = tmp_path / "bestand"
    file.write_text("geen map")
    with pytest.raises(BuildError) as raised:
        run(make_config(project, **{option: file}))
    flag = "--" + option.replace("_", "-")
    assert str(raised.value) == f"{file}: {flag} is a file, not a folder; choose a folder"
    assert file.read_text() == "geen map"


def test_the_command_line_refuses_the_raw_data_as_out_dir(tmp_path: Path) -> None:
    """As a user would type it: one line, exit 1, the submissions untouched."""
    data = tmp_path / "raw"
    shutil.copytree(REPO / "data" / "raw", data)
    before = snapshot(data)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--data-dir",
            str(data),
            "--out-dir",
            str(data / "kt_metrics"),
            "--processed-dir",
            str(tmp_path / "processed"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"Build mislukt / build failed: {data / 'kt_metrics'}: --out-dir")
    assert snapshot(data) == before
    assert not (tmp_path / "processed").exists()


# --------------------------------------------------------------------------- lock, staging


def test_a_second_build_on_the_same_out_dir_refuses(project: Path) -> None:
    config = make_config(project)
    statuses(config)
    before = snapshot(config.out_dir / "2024", config.processed_dir)
    # Another build holds the folder:
    with guard.out_dir_lock(config.out_dir), pytest.raises(BuildError) as raised:
        run(config)
    assert str(raised.value) == (
        f"{config.out_dir.resolve()}: another build (process {os.getpid()}) is writing to this "
        "--out-dir; wait for it to finish or choose another folder"
    )
    assert snapshot(config.out_dir / "2024", config.processed_dir) == before
    statuses(config)  # free again once the other build ends


def test_a_second_build_on_the_same_processed_dir_refuses(
    project: Path,
    tmp_path: Path,
) -> None:
    config = make_config(project)
    with (
        guard.processed_dir_lock(config.processed_dir),
        pytest.raises(BuildError, match="is writing to this --processed-dir"),
    ):
        run(make_config(project, out_dir=tmp_path / "elders"))


def test_the_lock_of_a_killed_build_does_not_block(project: Path) -> None:
    config = make_config(project)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from analysis.pipeline import guard; "
            "guard.out_dir_lock(Path(sys.argv[1])).acquire(); print('ok', flush=True); "
            "time.sleep(60)",
            str(config.out_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
    with pytest.raises(BuildError, match=f"another build \\(process {holder.pid}\\)"):
        run(config)
    holder.kill()
    holder.wait()
    run(config)  # the kernel dropped the dead process's lock


def test_a_symlink_planted_at_the_out_dir_lock_is_refused_not_followed(
    project: Path, tmp_path: Path
) -> None:
    """`.build.lock` pointing at a victim file: one line naming it, the victim untouched."""
    config = make_config(project)
    statuses(config)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = config.out_dir / ".build.lock"
    lock.unlink()
    lock.symlink_to(victim)
    before = snapshot(config.out_dir / "2024", config.processed_dir)
    with pytest.raises(BuildError) as raised:
        run(config)
    message = str(raised.value)
    assert message.startswith(f"{lock}: a symbolic link") and "\n" not in message
    assert victim.read_text() == "precious\n"
    assert snapshot(config.out_dir / "2024", config.processed_dir) == before
    lock.unlink()
    statuses(config)  # the build makes its own lock file again


def test_the_processed_dir_lock_is_the_folder_whatever_the_temporary_folder(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds with different TMPDIR on one --processed-dir: the second refuses.

    The lock is the processed-dir itself, opened without following links: nothing is
    written in the temporary folder (where a planted link once had its target truncated).
    """
    config = make_config(project)
    config.processed_dir.mkdir(parents=True, exist_ok=True)
    (tmp_path / "one").mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from analysis.pipeline import guard; "
            "guard.processed_dir_lock(Path(sys.argv[1])).acquire(); print('ok', flush=True); "
            "time.sleep(60)",
            str(config.processed_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path / "one")},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        (tmp_path / "two").mkdir()
        monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "two"))
        with pytest.raises(BuildError, match=f"another build \\(process {holder.pid}\\)"):
            run(make_config(project, out_dir=tmp_path / "elders"))
    finally:
        holder.kill()
        holder.wait()
    assert list((tmp_path / "one").iterdir()) == [] and list((tmp_path / "two").iterdir()) == []
    assert sorted(p.name for p in config.processed_dir.iterdir()) == []
    run(config)


def test_a_symlink_in_place_of_the_processed_dir_is_not_locked_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "processed"
    link.symlink_to(target)
    with pytest.raises(BuildError, match="symbolic link or other file stands where"):
        guard.processed_dir_lock(link).acquire()


@pytest.mark.parametrize("which", ["out_dir", "processed_dir"])
def test_a_read_only_target_is_found_before_the_work(
    project: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """Root writes anywhere, so the read-only disk is simulated where the build probes it."""
    config = make_config(project)
    target = getattr(config, which)
    real_probe = guard._probe

    def probe(folder: Path) -> None:
        if folder == guard._existing(target):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder))
        real_probe(folder)

    monkeypatch.setattr(guard, "_probe", probe)
    b = fake_build(config)
    with pytest.raises(BuildError) as raised:
        b.run()
    option = "--out-dir" if which == "out_dir" else "--processed-dir"
    assert str(raised.value) == (
        f"{guard._existing(target)}: Read-only file system; the build cannot write to this "
        f"{option}, and found it before starting"
    )
    assert b.progress.results == []  # no step started
    assert not (config.out_dir / ".cache").exists()


def test_a_full_disk_is_found_before_the_work(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(project)
    monkeypatch.setattr(guard, "_free_bytes", lambda path: 5 * 1024 * 1024)
    b = fake_build(config)
    with pytest.raises(BuildError) as raised:
        b.run()
    assert str(raised.value).startswith(
        f"{guard._existing(config.out_dir)}: No space left on device (only 5 MB free"
    )
    assert b.progress.results == []


def test_a_full_disk_during_the_build_names_the_folder_and_leaves_no_partial_cache(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`write()` fails with ENOSPC and no file name: the message names the out-dir."""
    config = make_config(project)
    b = fake_build(config)
    real = b.actions.notebook  # type: ignore[attr-defined]

    def full(notebook: str, *args: object, **kwargs: object) -> object:
        if notebook.endswith("02_b.ipynb"):
            (config.cache.root / "partial.bin").write_bytes(bytes(1000))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(notebook, *args, **kwargs)

    monkeypatch.setattr(b.actions, "notebook", full)
    monkeypatch.setattr(
        guard, "_free_bytes", lambda path: (10 if path == config.out_dir else 99) * 2**30
    )
    with pytest.raises(BuildError) as raised:
        b.run()
    assert str(raised.value) == f"{config.out_dir}: No space left on device"
    assert not config.cache.root.exists()


def test_stale_staging_is_removed_and_a_moved_report_restored(project: Path) -> None:
    config = make_config(project)
    statuses(config)
    out = config.out_dir
    report = snapshot(out / "2024")
    # A build killed between the two renames of publish: the report sits in .old-2024-<pid>.
    os.rename(out / "2024", out / ".old-2024-4242")
    (out / ".staging-2024-4242" / "site").mkdir(parents=True)
    (out / ".staging-2023-77").mkdir()
    (out / ".index.html.tmp-77").write_text("half")
    (out / ".years.js.tmp-77").write_text("half")
    stale_processed = config.processed_dir / ".kt_metrics_long.parquet.tmp-4242"
    stale_processed.write_text("half")
    b = run(config)
    assert snapshot(out / "2024") == report
    assert sorted(p.name for p in out.iterdir()) == [
        ".build.lock",
        ".cache",
        "2024",
        "index.html",
        "years.js",
    ]
    assert not stale_processed.exists()
    assert any("restored the report" in n for n in b.progress.notes)
    assert sum("left by a build that did not finish" in n for n in b.progress.notes) == 5


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("failing", ["notebooks/02_b.ipynb", "render"])
def test_a_failed_build_leaves_processed_tables_as_they_were(project: Path, failing: str) -> None:
    config = make_config(project)
    statuses(config)
    before = snapshot(config.out_dir / "2024", config.processed_dir)
    (project / "data" / "raw" / "kt_metrics" / "2024" / "x.csv").write_text(
        "institution_id,year\nx,2024\ny,2024\n"
    )
    with pytest.raises(BuildError):
        statuses(config, fail_in=failing)
    assert snapshot(config.out_dir / "2024", config.processed_dir) == before
    # The staged tables of the new data are there, ready for the next good build.
    stage = config.cache.root / "processed" / "kt_metrics_long.parquet"
    assert "y,2024" not in stage.read_text() and stage.read_text() != ""
    statuses(config)
    assert snapshot(config.processed_dir) != before[1:]


def test_a_failed_first_build_creates_no_processed_dir(project: Path, tmp_path: Path) -> None:
    config = make_config(project, processed_dir=tmp_path / "nieuw", out_dir=tmp_path / "out")
    with pytest.raises(BuildError):
        statuses(config, fail_in="render")
    assert not (tmp_path / "nieuw").exists()


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
def test_a_full_or_read_only_disk_gives_one_line_naming_the_path(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    reason: str,
) -> None:
    config = make_config(project)
    statuses(config)
    (project / "notebooks" / "01_a.ipynb").write_text('{"a": 2}')  # something to publish
    before = snapshot(config.out_dir / "2024", config.processed_dir)
    real_copytree = shutil.copytree
    depth = [0]

    def full(source: Path, target: Path, *args: object, **kwargs: object) -> object:
        """Copies the report, then fails as a full disk would (copytree recurses through here)."""
        if depth[0]:
            return real_copytree(source, target, *args, **kwargs)  # type: ignore[arg-type]
        depth[0] += 1
        try:
            real_copytree(source, target, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            depth[0] -= 1
        raise OSError(code, os.strerror(code), str(Path(target) / "site" / "index.html"))

    monkeypatch.setattr(publish_module.shutil, "copytree", full)
    with pytest.raises(BuildError) as raised:
        statuses(config)
    assert str(raised.value).endswith(f"/site/index.html: {reason}")
    assert "\n" not in str(raised.value)
    assert snapshot(config.out_dir / "2024", config.processed_dir) == before
    assert not [p for p in config.out_dir.iterdir() if p.name.startswith(".staging")]


def test_os_errors_become_one_line_at_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    def fail(_args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", "/report/.cache")

    original = cli._validate
    cli._validate = fail  # type: ignore[assignment]
    try:
        assert cli.main(["validate"]) == 1
    finally:
        cli._validate = original
    assert capsys.readouterr().err == "Mislukt / failed: /report/.cache: Permission denied\n"


# --------------------------------------------------------------------------- damaged cache


def test_damaged_cache_entries_are_rebuilt_with_a_note(project: Path) -> None:
    config = make_config(project)
    statuses(config)
    report = snapshot(config.out_dir / "2024")
    keys = config.cache.root / "keys"
    (keys / "validate.json").write_bytes(b"\xff\xfe not utf-8 \x00")
    (keys / "process.json").write_text("[1, 2, 3]")
    (keys / "notebook__01_a.json").write_text('{"key": 3, "outputs": []}')
    (keys / "render.json").unlink()
    (keys / "render.json").mkdir()
    (config.cache.root / "build.log").write_bytes(b"ran\tnotebook:01_a\tnot-a-number\n\xff")
    b = run(config)
    status = {r.name: r.status for r in b.progress.results}
    assert status["validate"] == status["process"] == status["render"] == "ran"
    assert status["notebook:01_a"] == "ran"
    assert len([n for n in b.progress.notes if "was onleesbaar" in n]) == 4
    assert snapshot(config.out_dir / "2024") == report
    assert {r.status for r in run(config).progress.results} == {"cached"}


@pytest.mark.parametrize("where", [".cache", ".cache/2024", ".cache/2024/steps"])
def test_a_file_where_the_cache_folder_belongs_is_replaced(
    project: Path,
    where: str,
) -> None:
    config = make_config(project)
    statuses(config)
    report = snapshot(config.out_dir / "2024")
    target = config.out_dir / where
    shutil.rmtree(target)
    target.write_text("geen map")
    b = run(config)
    assert any("was geen map" in n for n in b.progress.notes)
    assert snapshot(config.out_dir / "2024") == report
    assert (config.out_dir / where).is_dir()


# --------------------------------------------------------------------------- years


def test_latest_skips_empty_year_folders_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A later folder holding only a lock file is no year with data: `latest` builds the
    edition year of `_quarto.yml` (2025), the latest of it and the years with submissions."""
    data = tmp_path / "raw"
    (data / "kt_metrics" / "2024").mkdir(parents=True)
    (data / "kt_metrics" / "2024" / "tud.csv").write_text("x")
    (data / "kt_metrics" / "2026").mkdir()
    (data / "kt_metrics" / "2026" / "~$tud.xlsx").write_text("lock")
    out = tmp_path / "bestand"
    out.write_text("")  # stops the build right after the year is chosen
    assert cli.main(["build", "--data-dir", str(data), "--out-dir", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0]
        == f"note    {data / 'kt_metrics' / '2026'} holds no submissions; --year latest builds 2025"
    )
    assert (
        err[1]
        == f"Build mislukt / build failed: {out}: --out-dir is a file, not a folder; choose a folder"
    )


def test_a_future_year_is_refused_naming_its_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782000000")  # 2026
    future = project / "data" / "raw" / "kt_metrics" / "2031"
    future.mkdir()
    (future / "x.csv").write_text("institution_id,year\nx,2031\n")
    with pytest.raises(BuildError) as raised:
        run(make_config(project, year=2031))
    assert str(raised.value) == (
        f"{future}: the year folder 2031 lies after the current year 2026: no data can exist "
        "for it yet"
    )
    assert not (project / "report" / "2031").exists()


def test_a_year_without_submissions_is_built_only_in_the_published_edition(
    project: Path,
) -> None:
    """The published edition reports on a year before anyone submitted (it says what is not
    yet measured); the demonstration edition exists to show figures and refuses one."""
    run(make_config(project, year=2019))
    assert (project / "report" / "2019").is_dir()
    demo = make_config(
        project,
        year=2019,
        edition=Edition(DEMONSTRATION, overlay=project / "data" / "demo"),
        base_data_dir=project / "data" / "raw",
        data_dir=project / "report" / ".cache" / "data",
    )
    (project / "data" / "demo" / "kt_metrics" / "2024").mkdir(parents=True)
    (project / "data" / "demo" / "kt_metrics" / "2024" / "x.csv").write_text("x\n")
    with pytest.raises(BuildError, match="2019: no demonstration submissions for 2019"):
        run(demo)


# --------------------------------------------------------------------------- ignored files


def test_hidden_and_lock_files_are_ignored_alike_everywhere(tmp_path: Path) -> None:
    """Validation, ingest and the cache key skip the same files (analysis.data.input_files)."""
    data = tmp_path / "raw"
    shutil.copytree(
        REPO / "tests" / "data" / "bad_inputs" / "_base" / "kt_metrics", data / "kt_metrics"
    )
    for table in (REPO / "data" / "raw").glob("*.csv"):
        shutil.copy(table, data / table.name)
    shutil.copy(REPO / "data" / "demo" / "institutions.csv", data / "institutions.csv")
    clean = validate_data_dir(data, current_year=2026)
    key = hash_tree(data)
    frame = ingest.load_submissions(data / "kt_metrics")
    # Broken files that are hidden or Office lock files:
    (data / ".kopie.csv").write_text("source_id,title\nx,\n")
    (data / ".git").mkdir()
    (data / ".git" / "config.csv").write_text("a\n\xff")
    (data / "kt_metrics" / "2024" / ".tud.csv").write_text("kapot")
    (data / "kt_metrics" / "2024" / "~$tud.xlsx").write_bytes(b"\x00lock")
    (data / "kt_metrics" / "2024" / ".~lock.tud.csv#").write_text("lock")
    again = validate_data_dir(data, current_year=2026)
    assert again.errors == [] and len(again.findings) == len(clean.findings)
    assert hash_tree(data) == key
    assert ingest.load_submissions(data / "kt_metrics").equals(frame)
    # A visible broken table, by contrast, is read by all three.
    (data / "kopie.csv").write_text("source_id,title\nx,\n")
    assert hash_tree(data) != key
    assert validate_data_dir(data, current_year=2026).errors


# --------------------------------------------------------------------------- signals


def test_a_signal_stops_the_children_and_raises_once(tmp_path: Path) -> None:
    """In-process check of `stop_on_signals`: children get SIGTERM, the build one exception."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with pytest.raises(guard.BuildInterrupted) as raised, guard.stop_on_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)  # the handler raises before this ends
        assert raised.value.signum == signal.SIGTERM
        assert child.wait(timeout=10) == -signal.SIGTERM
        assert guard.interrupted() is None  # reset once the build is over
    finally:
        child.kill()
        child.wait()


def test_a_signal_during_publish_waits_for_the_renames(tmp_path: Path) -> None:
    staging, target = tmp_path / "staging", tmp_path / "2024"
    staging.mkdir()
    (staging / "new").write_text("new")
    target.mkdir()
    (target / "old").write_text("old")
    with pytest.raises(guard.BuildInterrupted), guard.stop_on_signals():
        with guard.deferred_signals():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)  # delivered here, but held back
            os.rename(target, tmp_path / "old")
            os.rename(staging, target)
        pytest.fail("the held-back signal must be raised when the block ends")
    assert (target / "new").read_text() == "new"


# --------------------------------------------------------------------------- context tables


def test_a_year_the_price_index_does_not_cover_stops_before_the_work(project: Path) -> None:
    """`geen prijsindex (HICP) voor 2024` used to end four notebooks after minutes."""
    config = make_config(project)
    context = project / "data" / "raw" / "context"
    context.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "raw" / "context" / "price_index.csv", context)
    lines = (context / "price_index.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(("2024,", "2025,"))]
    (context / "price_index.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    b = fake_build(config)
    with pytest.raises(InputError) as raised:
        b.run()
    finding = raised.value.finding
    assert (finding.file, finding.column, finding.rule) == (
        "context/price_index.csv",
        "year",
        "price_index_covers_year",
    )
    assert "geen prijsindex (HICP) voor 2024" in finding.message
    assert "het laatste jaar erin is 2023" in finding.message
    assert b.progress.results == []  # no step started
    assert not config.out_dir.exists() or not any(config.out_dir.iterdir())


def test_a_year_check_that_passed_is_not_run_again_until_the_data_change(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check reads the data with pandas, most of a build with nothing to do; it is
    recorded once it passes, and a changed price index is checked again (and refused)."""
    from analysis.data.validation import context as context_module

    calls: list[int] = []
    real = context_module.year_coverage

    def counted(data_dir: Path, year: int) -> list[object]:
        calls.append(year)
        return real(data_dir, year)

    monkeypatch.setattr(context_module, "year_coverage", counted)
    config = make_config(project)
    context = project / "data" / "raw" / "context"
    context.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "data" / "raw" / "context" / "price_index.csv", context)
    statuses(config)
    assert set(statuses(config).values()) == {"cached"}
    assert calls == [2024]  # the second build read the record
    statuses(make_config(project, force=True))
    assert calls == [2024, 2024]  # --force checks again
    lines = (context / "price_index.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("2024,")]
    (context / "price_index.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        fake_build(config).run()
    assert raised.value.finding.rule == "price_index_covers_year"
    assert calls == [2024, 2024, 2024]


def test_peer_money_without_its_exchange_rate_is_named(tmp_path: Path) -> None:
    from analysis.data.validation.context import year_coverage

    data = tmp_path / "raw"
    for relative in ("context/price_index.csv", "context/fx_rates.csv", "benchmark/peers.csv"):
        (data / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "data" / "raw" / relative, data / relative)
    assert year_coverage(data, 2025) == []
    peers = (data / "benchmark" / "peers.csv").read_text(encoding="utf-8")
    needed = next(
        line.split(",")
        for line in peers.splitlines()[1:]
        if ",money," in line and (",CHF," in line or ",GBP," in line)
    )
    header = peers.splitlines()[0].split(",")
    currency, year = needed[header.index("currency")], needed[header.index("year")]
    fx = (data / "context" / "fx_rates.csv").read_text(encoding="utf-8").splitlines()
    (data / "context" / "fx_rates.csv").write_text(
        "\n".join(line for line in fx if not line.startswith(f"{year},{currency},")) + "\n",
        encoding="utf-8",
    )
    (finding,) = year_coverage(data, 2025)
    assert (finding.file, finding.rule) == ("context/fx_rates.csv", "fx_rates_cover_peers")
    assert f"geen wisselkoers voor {currency} {year}" in finding.message


def test_a_worker_reporting_a_full_disk_leaves_no_partial_cache(project: Path) -> None:
    """A notebook or Typst process reports the full disk in its one line (a BuildError)."""
    config = make_config(project)
    statuses(config)  # a complete cache first
    assert config.cache.root.is_dir()
    before = snapshot(config.out_dir / "2024", config.processed_dir)
    b = fake_build(config, code="code-v2")
    real = b.actions.notebook  # type: ignore[attr-defined]

    def full(notebook: str, *args: object, **kwargs: object) -> object:
        if notebook.endswith("02_b.ipynb"):
            raise BuildError(f"{notebook}: OSError: [Errno 27] {os.strerror(errno.EFBIG)}")
        return real(notebook, *args, **kwargs)

    b.actions.notebook = full  # type: ignore[attr-defined]
    with pytest.raises(BuildError):
        b.run()
    assert not config.cache.root.exists()
    assert snapshot(config.out_dir / "2024", config.processed_dir) == before
    statuses(config)  # the next build rebuilds the cache
