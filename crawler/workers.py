"""A pool of worker processes for per-page CPU work, awaitable from an asyncio loop.

Scrapy runs one thread; extracting a 90 KB news page costs several times the CPU of fetching
it, so extraction in that thread caps a crawl at one core and stalls downloads. ``PagePool``
runs a picklable function (by default :func:`crawler.processing.analyse_page`) in
``workers`` processes and hands back an awaitable result, so the event loop keeps
downloading while pages are analysed on every core.

Failure isolation: a worker that dies (``os._exit``, a segfault in a C parser, the OOM
killer) breaks a :class:`concurrent.futures.ProcessPoolExecutor` and fails *every* page in
flight with ``BrokenProcessPool``, so the culprit is unknown. The pool is replaced at once
for new pages, and each page caught in the breakage is run again alone in a one-worker
"isolation" pool: an innocent page gets its result, the page that kills its worker a second
time raises :class:`WorkerCrashed` and is the only one reported.

Workers are started with the ``forkserver`` method: the crawl process has threads (the
reactor's DNS pool, the executor's manager thread), and forking a threaded process can copy
locks held by other threads. The forkserver preloads the function's module once, so a new
worker starts in milliseconds. Workers ignore SIGINT: Ctrl-C in a terminal reaches the
whole process group, and Scrapy's graceful shutdown still needs the workers to finish the
pages in flight. Workers end themselves when the crawl process dies without closing the pool
(SIGKILL, the OOM killer): nothing else would stop them, and a cron job would leave a pool
of orphans behind at every such death.

``workers=0`` runs the function inline in the caller's thread (no processes; a page that
kills the process kills the crawl) — for debugging and for one-shot commands.

No Scrapy imports: this module is used by the extraction pipeline and the benchmarks.
Settings (through ``pipelines/extract.py``): ``EXTRACT_WORKERS``, ``EXTRACT_START_METHOD``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from crawler.errors import ExtractionError

logger = logging.getLogger(__name__)


class WorkerCrashed(ExtractionError):
    """A worker process died while analysing this page (it was run alone, so it is the cause)."""


def default_workers() -> int:
    """One worker per CPU the process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def _init_worker(crawl_pid: int) -> None:
    # Ctrl-C goes to the whole process group; the parent decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(crawl_pid,), name="exit-with-crawl", daemon=True).start()


def _exit_with(crawl_pid: int) -> None:
    """End this worker when the crawl process is gone (SIGKILL, OOM killer). A worker's parent
    is the forkserver, not the crawl, and it holds both ends of its task queue, so it would
    otherwise wait for work forever — and keep the forkserver alive with it."""
    try:
        pidfd = os.pidfd_open(crawl_pid)
    except (AttributeError, OSError):  # not Linux >= 5.3: poll instead
        while _is_running(crawl_pid):
            time.sleep(2)
    else:
        select.select([pidfd], [], [])  # readable once the process has exited
    os._exit(1)


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:  # gone, or the pid was reused by another user's process
        return False
    return True


class PagePool:
    """Run ``function(*args)`` in worker processes; ``await pool.run(*args)`` from the event loop.

    :param workers: number of processes; ``0`` runs inline in the calling thread.
    :param function: a module-level (picklable) function; its module is preloaded in workers.
    :param start_method: ``forkserver`` (default where available), ``spawn`` or ``fork``.
    """

    def __init__(self, workers: int, function: Callable[..., Any], *,
                 start_method: str | None = None) -> None:
        if workers < 0:
            raise ValueError(f"workers must be >= 0, got {workers}")
        self.workers = workers
        self.function = function
        methods = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        if self.start_method not in methods:
            raise ValueError(f"start method {self.start_method!r} is not available here ({methods})")
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0
        self._isolation: ProcessPoolExecutor | None = None
        self._isolation_lock: asyncio.Lock | None = None
        self.rebuilds = 0
        """How many times a broken pool was replaced."""

    @property
    def inline(self) -> bool:
        return self.workers == 0

    def _new_executor(self, workers: int) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(self.start_method)
        if self.start_method == "forkserver":
            # Workers fork from a server that has already imported the extractor.
            context.set_forkserver_preload([self.function.__module__])
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                   initargs=(os.getpid(),))

    def start(self) -> None:
        """Start the workers now rather than on the first page (so start-up is not timed)."""
        if self.inline or self._executor is not None:
            return
        self._executor = self._new_executor(self.workers)
        # ProcessPoolExecutor starts processes on demand; submitting no-ops warms all of them.
        for future in [self._executor.submit(os.getpid) for _ in range(self.workers)]:
            future.result()

    async def run(self, *args: Any) -> Any:
        """The function's result for ``args``; re-raises what the function raised, or
        :class:`WorkerCrashed` when the page kills its worker even when run alone."""
        if self.inline:
            return self.function(*args)
        if self._executor is None:
            self._executor = self._new_executor(self.workers)
        generation = self._generation
        try:
            future: Future = self._executor.submit(self.function, *args)
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            self._replace_broken(generation)
        return await self._run_isolated(*args)

    def _replace_broken(self, generation: int) -> None:
        # Every page in flight sees the same breakage; only the first one replaces the pool.
        if generation != self._generation:
            return
        self._generation += 1
        self.rebuilds += 1
        broken, self._executor = self._executor, self._new_executor(self.workers)
        logger.warning("a worker process died; extraction pool of %d replaced (%d so far)",
                       self.workers, self.rebuilds)
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)

    async def _run_isolated(self, *args: Any) -> Any:
        if self._isolation_lock is None:
            self._isolation_lock = asyncio.Lock()
        async with self._isolation_lock:
            if self._isolation is None:
                self._isolation = self._new_executor(1)
            try:
                return await asyncio.wrap_future(self._isolation.submit(self.function, *args))
            except BrokenProcessPool as exc:
                self._isolation.shutdown(wait=False, cancel_futures=True)
                self._isolation = None
                raise WorkerCrashed("worker process died while analysing this page") from exc

    def close(self, wait: bool = True) -> None:
        """Stop the workers; with ``wait``, after they finish the pages already submitted."""
        for executor in (self._executor, self._isolation):
            if executor is not None:
                executor.shutdown(wait=wait, cancel_futures=not wait)
        self._executor = self._isolation = None
