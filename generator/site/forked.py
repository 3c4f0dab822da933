"""Work done beside the build, in a forked copy of the process, on the machine's other processor.

MkDocs writes the pages one after the other in one process, so a build uses one processor
while Pagefind is not running. A job that needs only the model (the open-data files) can run
meanwhile in a copy of the process made by `fork`, which shares the model already in memory
instead of loading it again. Where `fork` is unavailable (Windows) or unsafe (other threads
are running: one of them could hold a lock the copy would wait for forever), the job runs in
the process itself when its result is asked for: the same work, one after the other.

A job can also be fed as the build goes (`FedJob`): the pages search indexes are handed to it
one by one as MkDocs writes them, then it finishes (runs Pagefind) while MkDocs writes the
other pages. Where the process cannot fork, it takes each item in this process and finishes on
a thread.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from multiprocessing.connection import Connection
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


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


class Worker(Protocol[T_co]):
    """What a FedJob runs: it takes the items one by one, then finishes with a result."""

    def take(self, item: Any) -> None: ...

    def finish(self) -> T_co: ...


class FedJob(Generic[T]):
    """`worker` fed with `send(item)` until `close()`, then `worker.finish()`; `result()` waits
    for what it returned.

    In a forked copy of this process, the items reach it through a pipe (they must pickle).
    Where the process cannot fork, `send` hands each item to the worker here and `close` starts
    `finish` on a thread; `result` then raises the worker's own exceptions."""

    def __init__(self, worker: Worker[T], *, fork: bool = True) -> None:
        self._worker = worker
        self._feed: Connection | None = None
        self._job: ForkedJob[T] | None = None
        self._finishing: Future[T] | None = None
        self._closed = False
        if fork and can_fork():
            context = multiprocessing.get_context("fork")
            receive, feed = context.Pipe(duplex=False)
            job = ForkedJob(partial(_fed, worker, receive, feed))
            receive.close()
            if job.forked:
                self._job, self._feed = job, feed
            else:  # could not fork after all: here, as below
                feed.close()

    @property
    def forked(self) -> bool:
        return self._job is not None and self._job.forked

    def send(self, item: Any) -> None:
        if self._closed:
            return
        if self._job is None:
            self._worker.take(item)
            return
        if self._feed is None:
            return  # the copy has stopped: `result` says why
        try:
            self._feed.send(item)
        except OSError:  # the copy has stopped: `result` says why
            self._end_feed()

    def close(self) -> None:
        """No more items: the worker finishes (in the copy, or on a thread here)."""
        if self._closed:
            return
        self._closed = True
        if self._job is not None:
            with contextlib.suppress(OSError):
                if self._feed is not None:
                    self._feed.send(None)
            self._end_feed()
        else:
            pool = ThreadPoolExecutor(1, thread_name_prefix="travail")
            self._finishing = pool.submit(self._worker.finish)
            pool.shutdown(wait=False)

    def result(self) -> T:
        self.close()
        if self._job is not None:
            return self._job.result()
        assert self._finishing is not None
        return self._finishing.result()

    def cancel(self) -> None:
        """Stop the work (the build failed) and wait until nothing runs any more."""
        if self._job is not None:
            self._closed = True
            self._end_feed()
            self._job.cancel()
        elif self._finishing is not None:
            with contextlib.suppress(BaseException):  # the build's own error is the one reported
                self._finishing.result()
        self._closed = True

    def _end_feed(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None


def _fed(worker: Worker[T], receive: Connection, feed: Connection) -> T:
    """In the copy: take the items until the parent's end mark (None), then finish."""
    feed.close()  # the parent's end: else the copy would never see the pipe close
    while True:
        item = receive.recv()  # EOFError when the parent is gone: the copy stops
        if item is None:
            break
        worker.take(item)
    receive.close()
    return worker.finish()


def _run(work: Callable[[], object], send: Connection) -> None:
    """In the copy: run the job and send (True, result) or (False, what went wrong)."""
    # `cancel` terminates the copy: it unwinds (a program it runs is stopped with it).
    signal.signal(signal.SIGTERM, _stop)
    try:
        answer: tuple[bool, object] = (True, work())
    except BaseException as exc:  # noqa: BLE001 (reported to the parent, which decides)
        answer = (False, _said(exc))
    send.send(answer)
    send.close()


def _said(exc: BaseException) -> str:
    """What an exception says (its message; its name when it has none)."""
    return str(exc) or type(exc).__name__


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
