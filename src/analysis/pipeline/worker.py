"""Long-lived worker processes spoken to with one JSON line per request and per reply.

Why: the build hands heavy work (the data steps, papermill) to child processes so
their memory is returned when they exit, and so two notebooks running side by side
do not share one interpreter. A plain `python -m <module>` child rather than
`multiprocessing`, so nothing depends on how the caller's main module is written.

A worker module calls `serve(handle)` in its `__main__` block; the build holds a
`Worker` per child. Libraries that print would corrupt the reply stream, so `serve`
answers on a duplicate of standard output and points `sys.stdout` at standard error.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any

from analysis.errors import BuildError

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def serve(handle: Handler, requests: IO[str] | None = None, replies: IO[str] | None = None) -> int:
    """Answer each JSON request line with `handle`'s reply, one line, until input ends."""
    if replies is None:
        replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
        sys.stdout = sys.stderr
    for line in requests if requests is not None else sys.stdin:
        if line.strip():
            replies.write(json.dumps(handle(json.loads(line))) + "\n")
            replies.flush()
    return 0


class Worker:
    """One `python -m <module>` child; `request` sends a dict and returns the reply dict."""

    def __init__(self, module: str) -> None:
        self.module = module
        self._proc: subprocess.Popen[str] | None = None

    def start(self) -> Worker:
        """Start the child now (it may import its libraries while the caller does other work)."""
        if self._proc is None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", self.module],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                # Its own session: Ctrl-C at the terminal reaches only the build, which
                # stops its children itself (`analysis.pipeline.guard`) and prints one line,
                # instead of every child printing a traceback.
                start_new_session=True,
            )
        return self

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.start()
        proc = self._proc
        assert proc is not None and proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(payload) + "\n")
            proc.stdin.flush()
        except BrokenPipeError:
            pass  # the child died; reading its reply says so
        line = proc.stdout.readline()
        if not line:
            code = proc.wait()
            self._proc = None
            raise BuildError(f"worker {self.module} stopped (exit code {code})")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self, timeout: float = 60.0) -> None:
        """End the child: close its input (it exits when input ends), then wait for it.

        A child that has not exited after `timeout` seconds (it cannot finish a request
        nobody waits for any more) is killed.
        """
        if self._proc is not None:
            assert self._proc.stdin is not None
            with contextlib.suppress(OSError):  # it died with input unread
                self._proc.stdin.close()
            try:
                self._proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None
