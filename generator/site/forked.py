"""Work done beside the build, in a forked copy of the process, on the machine's other processor.

MkDocs writes the pages one after the other in one process, so a build uses one processor
while Pagefind is not running. A job that needs only the model (the open-data files) can run
meanwhile in a copy of the process made by `fork`, which shares the model already in memory
instead of loading it again. Where `fork` is unavailable (Windows) or unsafe (other threads
are running: one of them could hold a lock the copy would wait for forever), the job runs in
the process itself when its result is asked for: the same work, one after the other.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class ForkedJobError(Exception):
    """The job failed in the copy of the process (the message says how, in its own words)."""


def can_fork() -> bool:
    """Whether a job can run in a forked copy of this process now."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class ForkedJob(Generic[T]):
    """`work()` run in a forked copy of this process; `result()` waits for what it returned.

    The result is sent back pickled: it must be small (sizes, counts), not the work itself.
    With `fork=False`, or when the process cannot fork (see `can_fork`), `work()` runs in this
    process when `result()` is first called."""

    def __init__(self, work: Callable[[], T], *, fork: bool = True) -> None:
        self._work: Callable[[], T] | None = work
        self._result: tuple[bool, T | str] | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._receive: Connection | None = None
        if not (fork and can_fork()):
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        for stream in (sys.stdout, sys.stderr):  # else the copy would print it a second time
            stream.flush()
        # What exists now is left alone by the copy's garbage collector: its pages of memory
        # stay shared with this process instead of being copied as the collector marks them.
        frozen = gc.get_freeze_count() > 0  # by the caller: left as it is
        gc.freeze()
        try:
            self._process = context.Process(target=_run, args=(work, send), daemon=True)
            self._process.start()
        finally:
            if not frozen:
                gc.unfreeze()
        send.close()
        self._work = None  # the copy has it

    @property
    def forked(self) -> bool:
        return self._process is not None

    def result(self) -> T:
        """What `work()` returned; ForkedJobError if it raised or the copy died."""
        if self._result is None:
            self._result = self._wait() if self._process is not None else self._run_here()
        ok, value = self._result
        if not ok:
            raise ForkedJobError(str(value))
        return value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the copy (the build failed): what it wrote is the caller's to remove."""
        if self._process is not None and self._result is None:
            self._process.terminate()
            self._process.join()
            self._result = (False, "interrompu")
        self._work = None

    def _run_here(self) -> tuple[bool, T | str]:
        work, self._work = self._work, None
        if work is None:
            return (False, "interrompu")
        try:
            return (True, work())
        except Exception as exc:  # noqa: BLE001 (the same answer as from the copy)
            return (False, _said(exc))

    def _wait(self) -> tuple[bool, T | str]:
        assert self._process is not None and self._receive is not None
        try:
            answer = self._receive.recv()
        except EOFError:
            answer = (False, f"le processus s'est arrêté (code {self._process.exitcode})")
        finally:
            self._receive.close()
        self._process.join()
        return answer


def _run(work: Callable[[], object], send: Connection) -> None:
    """In the copy: run the job and send (True, result) or (False, what went wrong)."""
    try:
        answer: tuple[bool, object] = (True, work())
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which decides)
        answer = (False, _said(exc))
    send.send(answer)
    send.close()


def _said(exc: BaseException) -> str:
    """What an exception says (its message; its name when it has none)."""
    return str(exc) or type(exc).__name__
