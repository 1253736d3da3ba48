"""What keeps a build from harming files it did not write, and from outliving Ctrl-C.

A build deletes and replaces folders (`<out-dir>/<year>/`, its cache, the processed
tables). Pointed at the wrong folder (`--out-dir data/raw/kt_metrics`) it would replace
the raw submissions with a report; run twice at once, two builds would swap each other's
folders; killed half-way, it would leave staging folders behind; interrupted, its
worker processes would run on. This module holds the guards, so `runner.py` can stay the
step DAG:

- `check_folders`: refuses an out-dir or processed-dir inside the data folder or the
  project's source folders, one that is a file, or an existing folder that holds
  anything the build did not write (it must be empty, or hold earlier reports /
  processed tables only).
- `FolderLock`: one build per out-dir (and per processed-dir) at a time; the second
  refuses at once with a message naming the folder and the other build's process.
  The lock is an `flock` where the data are (never in the temporary folder), opened
  without following symbolic links, so a killed build never leaves a stale lock behind
  and a planted link is refused.
- `check_room`: a read-only target or a full disk is found before the work starts.
- `clean_stale`: staging folders of a crashed build are removed at the next build; a
  report that a crash left moved aside (between the two renames of a publish) is put
  back first.
- `stop_on_signals`: Ctrl-C (SIGINT) and SIGTERM stop every child process of the build
  (workers, kernels, Typst, pandoc) and end the build with `BuildInterrupted`;
  `deferred_signals` keeps a signal from landing between the renames of a publish.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType

from analysis.data.editions import DEMONSTRATION
from analysis.errors import BuildError

__all__ = [
    "PROJECT_SOURCE_FOLDERS",
    "BuildInterrupted",
    "FolderLock",
    "check_folders",
    "check_room",
    "clean_stale",
    "deferred_signals",
    "disk_error_line",
    "interrupted",
    "reap_children",
    "stop_on_signals",
]

#: Folders of the project the build never writes into (besides the data folder).
PROJECT_SOURCE_FOLDERS: tuple[str, ...] = (
    "src",
    "notebooks",
    "tests",
    "docs",
    "benchmarks",
    "tools",
    "data/raw",
    "data/demo",
    "data/templates",
    ".git",
)
#: What the build itself leaves in an out-dir, besides the year folders.
_OUT_DIR_OWN = re.compile(
    r"(index\.html|years\.js|\.cache|\.build\.lock|\.gitkeep|README\.md|\.staging-.+|\.old-.+"
    r"|\.index\.html\.tmp-[0-9]+|\.years\.js\.tmp-[0-9]+|\.probe-.+\.tmp)"
)
#: What the build leaves in a processed-dir besides its tables: their temporary files.
_PROCESSED_OWN = re.compile(
    r"(\.gitkeep|README\.md|\..+\.parquet\.(tmp-[0-9]+|.+\.tmp)|\.probe-.+\.tmp)"
)
_YEAR = re.compile(r"[0-9]{4}")


# --------------------------------------------------------------------------- folders


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _not_a_folder(path: Path, option: str) -> None:
    if path.exists() and not path.is_dir():
        raise BuildError(f"{path}: {option} is a file, not a folder; choose a folder")


def _protected(project_dir: Path, data_dir: Path) -> list[Path]:
    return [data_dir, *(project_dir / name for name in PROJECT_SOURCE_FOLDERS)]


def check_folders(
    *,
    project_dir: Path,
    data_dir: Path,
    processed_dir: Path,
    out_dir: Path,
    processed_files: Sequence[str],
) -> None:
    """Refuse output folders the build could damage; raise `BuildError` naming the path.

    All paths are resolved (symlinks followed), so a link into the data folder is seen
    for what it is.
    """
    project_dir, data_dir = project_dir.resolve(), data_dir.resolve()
    out_dir, processed_dir = out_dir.resolve(), processed_dir.resolve()
    _not_a_folder(out_dir, "--out-dir")
    _not_a_folder(processed_dir, "--processed-dir")
    for root in _protected(project_dir, data_dir):
        if _inside(out_dir, root):
            raise BuildError(
                f"{out_dir}: --out-dir lies inside {root}, which holds the project's inputs "
                "or sources; the build would replace files there. Choose a folder outside it"
            )
    for root in _protected(project_dir, data_dir):
        if _inside(processed_dir, root):
            raise BuildError(
                f"{processed_dir}: --processed-dir lies inside {root}, which holds the "
                "project's inputs or sources; choose a folder outside it"
            )
    for a, b in ((out_dir, processed_dir), (processed_dir, out_dir)):
        if _inside(a, b):
            raise BuildError(
                f"{processed_dir}: --processed-dir and --out-dir ({out_dir}) must not lie "
                "inside each other"
            )
    for folder, option in ((out_dir, "--out-dir"), (processed_dir, "--processed-dir")):
        if _inside(data_dir, folder) or _inside(project_dir, folder):
            raise BuildError(
                f"{folder}: {option} contains the data folder or the project; choose a "
                "folder of its own"
            )
    foreign = _foreign_out_entries(out_dir)
    if foreign:
        raise BuildError(
            f"{out_dir}: --out-dir holds {foreign[0]!r}, which the build did not write; "
            "it writes only into an empty folder or one holding earlier reports"
        )
    foreign = _foreign_processed_entries(processed_dir, processed_files)
    if foreign:
        raise BuildError(
            f"{processed_dir}: --processed-dir holds {foreign[0]!r}, which the build did "
            "not write; it writes only into an empty folder or one holding processed tables"
        )


def _foreign_out_entries(out_dir: Path) -> list[str]:
    """Entries of `out_dir` that are neither a published report nor the build's own files."""
    if not out_dir.is_dir():
        return []
    foreign: list[str] = []
    for entry in sorted(os.scandir(out_dir), key=lambda e: e.name):
        name = entry.name
        if _OUT_DIR_OWN.fullmatch(name):
            continue
        if (
            _YEAR.fullmatch(name)
            and entry.is_dir(follow_symlinks=False)
            and os.path.isfile(os.path.join(entry.path, "manifest.json"))
        ):
            continue
        if _edition_folder(entry) and not _foreign_out_entries(Path(entry.path)):
            continue
        foreign.append(name)
    return foreign


def _edition_folder(entry: os.DirEntry[str]) -> bool:
    """The demonstration edition's own report root or processed folder beside the published one."""
    return entry.name == DEMONSTRATION and entry.is_dir(follow_symlinks=False)


def _foreign_processed_entries(processed_dir: Path, processed_files: Sequence[str]) -> list[str]:
    if not processed_dir.is_dir():
        return []
    own = set(processed_files)
    return sorted(
        entry.name
        for entry in os.scandir(processed_dir)
        if not (entry.name in own and entry.is_file())
        and not _PROCESSED_OWN.fullmatch(entry.name)
        and not (
            _edition_folder(entry)
            and not _foreign_processed_entries(Path(entry.path), processed_files)
        )
    )


# --------------------------------------------------------------------------- lock


class FolderLock:
    """An exclusive, non-blocking `flock` for one folder, released when the build ends.

    The lock lives where the data are, never in the system's temporary folder (whose
    name a user can predict and whose location changes with `TMPDIR`): the out-dir's
    lock is the file `<out-dir>/.build.lock`, the processed-dir's is the folder itself
    (a file inside it would be a change the build did not otherwise make). Either is
    opened with `O_NOFOLLOW`, so a symbolic link planted at the lock's place is refused,
    never followed and never truncated. The kernel drops an `flock` when its process
    dies, so a killed build never leaves a stale lock. The holder's process id comes
    from the lock file, or from `/proc/locks`, for the message the next build prints.
    """

    def __init__(self, lock_path: Path, folder: Path, option: str, *, directory: bool) -> None:
        self.lock_path = lock_path
        self.folder = folder
        self.option = option
        self.directory = directory
        self._fd: int | None = None
        self._created = False

    def _open(self) -> int:
        path = self.lock_path
        flags = os.O_NOFOLLOW | os.O_CLOEXEC
        if self.directory:
            if not path.exists() and not path.is_symlink():
                path.mkdir(parents=True)
                self._created = True
            flags |= os.O_RDONLY | os.O_DIRECTORY
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            flags |= os.O_RDWR | os.O_CREAT | os.O_NONBLOCK
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise BuildError(
                    f"{path}: a symbolic link or other file stands where the build keeps the "
                    f"lock of this {self.option}; the build never follows it: remove it"
                ) from None
            raise
        if not self.directory and not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise BuildError(
                f"{path}: not a regular file where the build keeps the lock of this "
                f"{self.option}; remove it"
            )
        return fd

    def acquire(self) -> FolderLock:
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _lock_holder(fd, read_pid=not self.directory)
            os.close(fd)
            raise BuildError(
                f"{self.folder}: another build (process {owner}) is writing to this "
                f"{self.option}; wait for it to finish or choose another folder"
            ) from None
        if not self.directory:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; a lock file stays (harmless)
            self._fd = None
            if self._created:  # a folder made only to hold the lock goes again, if empty
                with contextlib.suppress(OSError):
                    self.lock_path.rmdir()
                self._created = False

    def __enter__(self) -> FolderLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock_holder(fd: int, *, read_pid: bool) -> str:
    """The process id holding the flock on `fd`: from the lock file, else `/proc/locks`."""
    if read_pid:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text:
            return text
    info = os.fstat(fd)
    with contextlib.suppress(OSError), open("/proc/locks", encoding="ascii") as locks:
        for line in locks:
            fields = line.split()
            # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"
            if len(fields) >= 6 and fields[1] == "FLOCK":
                device, _, inode = fields[5].rpartition(":")
                if inode.isdigit() and int(inode) == info.st_ino:
                    major, _, minor = device.partition(":")
                    with contextlib.suppress(ValueError):
                        if os.makedev(int(major, 16), int(minor, 16)) == info.st_dev:
                            return fields[4]
    return "?"


def out_dir_lock(out_dir: Path) -> FolderLock:
    """The out-dir's lock: `<out-dir>/.build.lock` (the out-dir holds the build's own files)."""
    return FolderLock(out_dir / ".build.lock", out_dir, "--out-dir", directory=False)


def processed_dir_lock(processed_dir: Path) -> FolderLock:
    """The processed-dir's lock: the folder itself, so it holds no file the build did not
    write otherwise. A folder made for the lock is removed again if the build leaves it
    empty (a failed first build creates no processed-dir)."""
    return FolderLock(processed_dir, processed_dir, "--processed-dir", directory=True)


# --------------------------------------------------------------------------- room to write


#: Free space a build needs on the out-dir's and the processed-dir's disks before it
#: starts: a report with its step cache takes about 60 MB; the rest is margin.
MIN_FREE_BYTES = 200 * 1024 * 1024


def _existing(path: Path) -> Path:
    """`path`, or the nearest of its parents that exists (where it would be created)."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _free_bytes(path: Path) -> int:
    info = os.statvfs(path)
    return info.f_bavail * info.f_frsize


def _probe(folder: Path) -> None:
    """Create and remove a file in `folder`: what a read-only disk or folder refuses."""
    handle, name = tempfile.mkstemp(prefix=".probe-", suffix=".tmp", dir=folder)
    os.close(handle)
    os.unlink(name)


def check_room(folders: Sequence[tuple[Path, str]]) -> None:
    """Refuse, before any work, a target folder that is read-only or on a disk that is full.

    Each folder (or the parent it would be created in) must take a file, and its disk
    must have `MIN_FREE_BYTES` free; a failure is one `BuildError` naming the path.
    """
    for folder, option in folders:
        where = _existing(folder)
        try:
            _probe(where)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise BuildError(
                f"{where}: {reason}; the build cannot write to this {option}, and found it "
                "before starting"
            ) from None
        free = _free_bytes(where)
        if free < MIN_FREE_BYTES:
            raise BuildError(
                f"{where}: No space left on device (only {free // (1024 * 1024)} MB free; "
                f"a build needs {MIN_FREE_BYTES // (1024 * 1024)} MB for this {option})"
            )


def disk_error_line(exc: OSError, folders: Sequence[Path]) -> str:
    """`os_error_line`, but a full or read-only disk without a file name names its folder.

    A `write()` that fails for lack of space carries no file name ("?: No space left on
    device"); the folder whose disk has the least room is the one to name.
    """
    from analysis.pipeline.publish import os_error_line

    if exc.filename is None and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        candidates = []
        for folder in folders:
            with contextlib.suppress(OSError):
                candidates.append((_free_bytes(_existing(folder)), str(folder)))
        if candidates:
            return f"{min(candidates)[1]}: {exc.strerror or os.strerror(exc.errno)}"
    return os_error_line(exc)


# --------------------------------------------------------------------------- stale files


def clean_stale(out_dir: Path, processed_dir: Path, note: Callable[[str], None]) -> None:
    """Remove what a crashed build left (call with both locks held: nobody else writes).

    A `.old-<year>-<pid>` folder whose `<year>` is missing is the previous report that a
    crash caught between the two renames of `publish`: it is moved back, not deleted.
    """
    if out_dir.is_dir():
        for entry in sorted(out_dir.iterdir()):
            name = entry.name
            if name.startswith(".old-"):
                year = name.removeprefix(".old-").rsplit("-", 1)[0]
                target = out_dir / year
                if _YEAR.fullmatch(year) and not target.exists():
                    os.rename(entry, target)
                    note(f"{target}: restored the report a crashed build had moved aside")
                    continue
            if name.startswith(
                (".staging-", ".old-", ".index.html.tmp-", ".years.js.tmp-", ".probe-")
            ):
                _remove(entry)
                note(f"{entry}: removed, left by a build that did not finish")
    if processed_dir.is_dir():
        for entry in sorted(processed_dir.iterdir()):
            if entry.name.startswith(".") and _PROCESSED_OWN.fullmatch(entry.name):
                _remove(entry)
                note(f"{entry}: removed, left by a build that did not finish")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


# --------------------------------------------------------------------------- signals


class BuildInterrupted(KeyboardInterrupt):
    """The build was stopped by SIGINT (Ctrl-C) or SIGTERM; `signum` says which.

    A `KeyboardInterrupt`, so no `except Exception` on the way up can swallow it.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


_state_lock = threading.Lock()
_interrupted: int | None = None
_deferring = 0
_pending: int | None = None


def interrupted() -> int | None:
    """The signal that stopped this build, if any (progress lines keep quiet after it)."""
    return _interrupted


def _children(pid: int) -> list[int]:
    """Every descendant of `pid`, from `/proc` (Linux); direct children are found first."""
    parents: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat.rpartition(b")")[2].split()  # state, parent id, ...
        if len(fields) > 1 and fields[0] != b"Z":  # a zombie has exited already
            parents.setdefault(int(fields[1]), []).append(int(entry))
    found: list[int] = []
    queue = [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found


def _signal_children(sig: int) -> list[int]:
    targets = _children(os.getpid())
    for child in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(child, sig)
    return targets


def reap_children(timeout: float = 5.0) -> None:
    """After an interrupt: give children `timeout` seconds to exit, then kill the rest."""
    deadline = time.monotonic() + timeout
    while _children(os.getpid()) and time.monotonic() < deadline:
        _signal_children(signal.SIGTERM)
        time.sleep(0.1)
    _signal_children(signal.SIGKILL)


def _interrupt(signum: int) -> None:
    global _interrupted, _pending
    with _state_lock:
        first = _interrupted is None
        if first:
            _interrupted = signum
        if _deferring:
            _pending = signum
    _signal_children(signal.SIGTERM if first else signal.SIGKILL)
    if first and not _deferring:
        raise BuildInterrupted(signum)


def _handler(signum: int, _frame: FrameType | None) -> None:
    _interrupt(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within this block SIGINT and SIGTERM stop the children and raise `BuildInterrupted`.

    Only the main thread may install handlers; elsewhere this does nothing.
    """
    global _interrupted, _pending
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _interrupted, _pending = None, None
    previous = {sig: signal.signal(sig, _handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _interrupted, _pending = None, None


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """A stop signal arriving inside the block takes effect when it ends (publish renames)."""
    global _deferring, _pending
    with _state_lock:
        _deferring += 1
    try:
        yield
    finally:
        with _state_lock:
            _deferring -= 1
            pending = _pending if _deferring == 0 else None
            if pending is not None:
                _pending = None
        if pending is not None:
            raise BuildInterrupted(pending)
