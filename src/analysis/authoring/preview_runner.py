"""The preview's notebook runner: every notebook gets a kernel that was started beforehand.

Why: once the build process and papermill stay warm (`analysis.authoring.preview_worker`), most of
a one-notebook rebuild is the kernel: starting IPython and importing pandas, Altair,
statsmodels and the chapter modules, 1.5 s on an idle two-core machine and 3-5 s on a
busy one. While the researcher reads the reloaded page, this runner starts the next
kernel and imports those modules into it (in the background: a notebook that comes
before its kernel is ready runs in a kernel of its own, as in the build), so the next
save only runs the cells.

Each kernel runs one notebook and is shut down after it, as in the build: no variable
of one run is seen by the next. The only thing done ahead is importing modules, which a
notebook would import anyway; the preview replaces this process (and its kernel) when
a file under `src/analysis/` changes, so no old code is imported. A kernel that is not
ready, could not be prepared, or was prepared in another folder is not used.

`python -m analysis.authoring.preview_runner` speaks the protocol of `analysis.pipeline.notebook_runner`.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path
from typing import IO, Any

from analysis.pipeline.notebook_runner import NotebookRunners, error_line
from analysis.pipeline.worker import Worker

__all__ = ["Preparation", "WarmKernel", "WarmNotebookRunners", "serve_warm", "warm_up_code"]

#: Arguments every kernel of the build starts with (as `notebook_runner` gives papermill).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def warm_up_code() -> str:
    """Code that imports what the chapter notebooks import, leaving no name behind."""
    import pkgutil

    import analysis.publication.chapters
    import analysis.publication.charts
    import analysis.publication.display

    # The packages hold no re-exports: the notebooks import their modules, so those are
    # what is imported here (every module below the three packages).
    packages = (
        analysis.publication.display,
        analysis.publication.charts,
        analysis.publication.chapters,
    )
    modules = [
        "analysis.publication.display",
        "analysis.publication.charts",
        "analysis.data.process",
        "analysis.data.reference",
        "analysis.pipeline.notebook_params",
        *(
            m.name
            for package in packages
            for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
        ),
    ]
    return (
        "def _vm_warm_up():\n"
        "    import importlib\n"
        f"    for name in {modules!r}:\n"
        "        importlib.import_module(name)\n"
        "_vm_warm_up()\n"
        "del _vm_warm_up\n"
    )


class WarmKernel:
    """A python3 kernel started in `cwd` with the chapter modules imported, for one notebook."""

    def __init__(self, cwd: Path) -> None:
        from jupyter_client.manager import KernelManager

        self.cwd = cwd
        self.manager: Any = KernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
        try:
            client = self.manager.client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=120)
                msg_id = client.execute(warm_up_code(), silent=True, store_history=False)
                while True:
                    reply = client.get_shell_msg(timeout=300)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                if reply["content"].get("status") != "ok":
                    raise RuntimeError(f"warm-up failed: {reply['content'].get('evalue')}")
            finally:
                client.stop_channels()
        except BaseException:
            self.shutdown()
            raise

    def usable_in(self, cwd: Path) -> bool:
        return self.cwd == cwd and bool(self.manager.is_alive())

    def shutdown(self) -> None:
        try:
            if self.manager.has_kernel:
                self.manager.shutdown_kernel(now=True)
        except RuntimeError:
            pass  # already gone


def execute(
    source: Path, executed: Path, cwd: Path, parameters: dict[str, Any], kernel: WarmKernel | None
) -> None:
    """`notebook_runner.execute`, in the prepared kernel when there is one."""
    from analysis.pipeline import notebook_runner

    notebook_runner.execute(
        source,
        executed,
        cwd,
        parameters,
        kernel_manager=kernel.manager if kernel is not None else None,
    )


class Preparation:
    """A `WarmKernel` being made in a background thread, so a request never waits for it.

    Why: on a busy machine preparing takes longer than a cold start (15-20 s measured at a
    load average of 8 on two cores). A notebook that arrives before its kernel is ready
    therefore runs as in the build, in a kernel papermill starts, and this one is shut
    down once it is ready.
    """

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.kernel: WarmKernel | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._make, name="prepare-kernel", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        try:
            self.kernel = WarmKernel(self.cwd)
        except Exception as exc:  # the notebooks then start their own kernels
            print(f"note    preview: no kernel prepared ({error_line(exc)})", file=sys.stderr)
        finally:
            self._ready.set()

    def take(self, cwd: Path) -> WarmKernel | None:
        """The kernel if it is ready now, alive, and started in `cwd`; else None."""
        if not self._ready.is_set() or self.kernel is None or not self.kernel.usable_in(cwd):
            return None
        kernel, self.kernel = self.kernel, None
        return kernel

    def discard(self, *, wait: bool = False) -> None:
        """Shut the kernel down once it is ready (in the background unless `wait`)."""

        def finish() -> None:
            self._thread.join()
            if self.kernel is not None:
                self.kernel.shutdown()
                self.kernel = None

        if wait:
            finish()
        else:
            threading.Thread(target=finish, name="discard-kernel", daemon=True).start()


def serve_warm(requests: IO[str], replies: IO[str], cwd: Path) -> int:
    """Answer notebook requests; a kernel for the next one is prepared in the background."""
    env_path = os.path.dirname(sys.executable)  # `python3` kernels of this environment
    if env_path not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = env_path + os.pathsep + os.environ.get("PATH", "")
    preparation = Preparation(cwd)
    try:
        for line in requests:
            if not line.strip():
                continue
            request = json.loads(line)
            where = Path(request["cwd"])
            kernel = preparation.take(where)
            if kernel is None:
                preparation.discard()
            try:
                execute(
                    Path(request["source"]),
                    Path(request["executed"]),
                    where,
                    dict(request["parameters"]),
                    kernel,
                )
                reply: dict[str, Any] = {"ok": True}
            except Exception as exc:  # one line; the executed notebook shows the rest
                reply = {"error": error_line(exc)}
            finally:
                if kernel is not None:
                    kernel.shutdown()
            replies.write(json.dumps(reply) + "\n")
            replies.flush()
            preparation = Preparation(where)
    finally:
        preparation.discard(wait=True)
    return 0


class WarmNotebookRunners(NotebookRunners):
    """`NotebookRunners` whose lanes are `analysis.authoring.preview_runner` processes."""

    def __init__(self, lanes: int) -> None:
        super().__init__(lanes)
        self._all = [Worker("analysis.authoring.preview_runner") for _ in range(max(1, lanes))]
        while not self._idle.empty():
            self._idle.get()
        for worker in self._all:
            self._idle.put(worker)


if __name__ == "__main__":
    from analysis import paths

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr  # libraries that print must not corrupt the replies
    raise SystemExit(serve_warm(sys.stdin, answers, paths.project_root()))
