"""A pool of worker processes for per-page CPU work, awaitable from an asyncio loop.

Scrapy runs one thread; extracting a 90 KB news page costs several times the CPU of fetching
it, so extraction in that thread caps a crawl at one core and stalls downloads. ``PagePool``
runs a picklable function (by default :func:`crawler.processing.analyse_page`) in
``workers`` processes and hands back an awaitable result, so the event loop keeps
downloading while pages are analysed on every core.

Transport: each worker has a socket pair to the crawl process. The event loop writes the
pickled arguments and reads the pickled results itself (a page is written at once when the
socket has room for it, else by ``sock_sendall``; ``sock_recv_into``), with no thread in between; a worker holds two pages (the one it analyses, the next waiting in
its socket) and answers them in order. A page takes its place in the least busy worker's queue
as it is given to the pool, so pages given out together (those released when the pool has
started) are spread over the workers. ``concurrent.futures.ProcessPoolExecutor``,
used before, hands every task through a manager thread and a queue-feeder thread: 0.5 ms of
CPU per page in those threads on the throughput benchmark (issue 7), plus the GIL hand-offs
with the reactor thread, about a tenth of the crawl process's work.

Failure isolation: a worker analyses one page at a time, so a worker that dies (``os._exit``,
a segfault in a C parser, the OOM killer) was working on a known page: the first of its queue.
The worker is replaced (also when it dies idle: at the next page), and its pages are sent again: a page
that kills a worker a second time raises :class:`WorkerCrashed`; the page waiting behind it,
a page whose worker was killed from outside (the OOM killer choosing it), and a page given to a
worker that had already died (its send fails, or was not made) just get their result; a page the
worker answered before it died keeps that answer. Other workers are never affected. A dead
worker's process is reaped and its descriptors closed at once.

Workers are started with the ``forkserver`` method: the crawl process has threads (the
reactor's DNS pool, executors), and forking a threaded process can copy locks held by other
threads. The forkserver preloads the function's module once, so a new worker starts in
milliseconds. Workers ignore SIGINT: Ctrl-C in a terminal reaches the whole process group, and
Scrapy's graceful shutdown still needs the workers to finish the pages in flight. Workers end
themselves when the crawl process dies without closing the pool (SIGKILL, the OOM killer):
their socket reaches end-of-file, and a watchdog thread waits on the crawl process too, so a
cron job leaves no orphans behind.

``workers=0`` runs the function inline in the caller's thread (no processes; a page that
kills the process kills the crawl) — for debugging and for one-shot commands.

No Scrapy imports: this module is used by the extraction pipeline and the benchmarks.
Settings (through ``pipelines/extract.py``): ``EXTRACT_WORKERS``, ``EXTRACT_START_METHOD``.
"""

from __future__ import annotations

import asyncio
import collections
import importlib
import io
import logging
import multiprocessing
import os
import pickle
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from crawler.errors import ExtractionError

logger = logging.getLogger(__name__)


class WorkerCrashed(ExtractionError):
    """This page killed its worker process, and then a fresh one: it is the cause."""


class PageTimedOut(ExtractionError):
    """This page was analysed for longer than the pool's ``page_timeout``: its worker was killed."""


class PoolClosed(ExtractionError):
    """The pool was closed (or killed, at a crawl's shutdown) before this page's result came."""


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
    """End this worker when the crawl process is gone (SIGKILL, OOM killer), even if something
    still holds the other end of its socket. A worker's parent is the forkserver, not the crawl:
    a worker waiting for work forever would keep the forkserver alive with it."""
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


class _SchedStat:
    """How long a worker process (its main thread, which analyses the pages) has been ready to run
    but waiting for a CPU, from its ``/proc/<pid>/schedstat`` (Linux, ``CONFIG_SCHED_INFO``).

    The file is opened once and read again from its start for each look (``os.pread``: the
    kernel writes the figures anew at every read from offset 0): one system call instead of an
    open, a read and a close, 1.5 instead of 7 us of the crawl process's CPU, and the time-out
    looks twice per page (issue 7). The open file stands for the process, not its number: once the
    worker is gone a read fails rather than reading a process that took its number."""

    def __init__(self, pid: int) -> None:
        try:
            self.fd: int | None = os.open(f"/proc/{pid}/schedstat", os.O_RDONLY)
        except OSError:  # not Linux, or no CONFIG_SCHED_INFO: the limit is wall-clock time
            self.fd = None

    def runqueue_wait(self) -> float | None:
        """Seconds spent waiting for a CPU so far; ``None`` where it cannot be read (no such
        file, the process gone, or :meth:`close` d)."""
        if self.fd is None:
            return None
        try:
            return int(os.pread(self.fd, 128, 0).split()[1]) / 1e9
        except (OSError, ValueError, IndexError):
            return None

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)


_HEADER = struct.Struct("!Q")  # length of the pickle that follows
# Pages sent to a worker ahead of its results: the next one waits in the worker's socket, so
# the worker starts it at once instead of idling until the event loop, busy with downloads or
# a batch write, reads its result and sends another (one page per worker: 88% CPU utilisation
# on the throughput benchmark). Not more: pages queued behind a slow page wait for it while
# another worker may be free (2 and 4 measured the same).
_PAGES_PER_WORKER = 2


def _framed(obj: Any) -> memoryview:
    """``obj`` pickled behind its length header, in one buffer written once: a page's 90 KB body
    was copied into the pickle, then again into the header's concatenation with it (issue 7)."""
    buffer = io.BytesIO()
    buffer.write(bytes(_HEADER.size))
    pickle.dump(obj, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    message = buffer.getbuffer()
    _HEADER.pack_into(message, 0, len(message) - _HEADER.size)
    return message


def _recv_exactly(sock: socket.socket, size: int) -> bytearray | None:
    """``size`` bytes from a blocking socket, or ``None`` at end-of-file. The buffer itself
    (``pickle.loads`` reads it as it is): a copy of it as ``bytes`` copied each 90 KB page once
    more."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        count = sock.recv_into(view[received:])
        if count == 0:
            return None
        received += count
    return buffer


def resolve_function(function: Callable[..., Any] | str) -> Callable[..., Any]:
    """``function`` itself, or the module-level function a ``"package.module.name"`` path names
    (its module imported now)."""
    if not isinstance(function, str):
        return function
    module, _, name = function.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _module_of(function: Callable[..., Any] | str) -> str:
    return function.rpartition(".")[0] if isinstance(function, str) else function.__module__


def _worker_main(sock: socket.socket, function: Callable[..., Any] | str, crawl_pid: int) -> None:
    """A worker's life: read pickled arguments, run ``function``, write back the pickled
    ``(ok, result or exception)``, until the crawl process closes the socket."""
    _init_worker(crawl_pid)
    function = resolve_function(function)  # a path: its module is the forkserver's preload
    sock.setblocking(True)
    while (header := _recv_exactly(sock, _HEADER.size)) is not None:
        payload = _recv_exactly(sock, _HEADER.unpack(header)[0])
        if payload is None:
            break
        try:
            answer = (True, function(*pickle.loads(payload)))
        except Exception as exc:  # noqa: BLE001 - reaches the caller with its type, as from a local call
            answer = (False, exc)
        try:
            message = _framed(answer)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or exception
            message = _framed((False, RuntimeError(f"cannot send the result back: {exc!r}")))
        try:
            sock.sendall(message)
        except OSError:  # the crawl process closed the pool without waiting for this page
            break
    os._exit(0)


class _WorkerDied(Exception):
    """The worker's socket reached end-of-file (or broke): the process is gone.

    ``started`` is true for the page the worker was analysing (the first of its queue), false
    for pages still waiting in its socket: those are innocent."""

    def __init__(self, started: bool) -> None:
        super().__init__("worker process died")
        self.started = started


class _Worker:
    """One worker process, the crawl process's end of its socket, and the pages sent to it
    whose results have not come back yet (in order: the worker answers them in turn)."""

    def __init__(self, context, function: Callable[..., Any] | str,
                 page_timeout: float | None = None) -> None:
        parent_end, child_end = socket.socketpair()
        self.process = context.Process(target=_worker_main, args=(child_end, function, os.getpid()),
                                       name="page-worker", daemon=True)
        self.process.start()
        self.pid = self.process.pid
        self._schedstat = _SchedStat(self.pid) if page_timeout else None
        child_end.close()
        parent_end.setblocking(False)
        self.sock = parent_end
        self.in_flight: collections.deque[asyncio.Future] = collections.deque()
        self.dead = False
        self.on_death: Callable[[_Worker], None] = lambda worker: None
        self.page_timeout = page_timeout
        self.timed_out = False
        """Killed because its page ran over ``page_timeout``."""
        self.exitcode: int | None = None
        """The process's exit code, once :meth:`join` reaped it (the process object is closed then)."""
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_since: tuple[float, float | None] = (0.0, None)
        """When the page the worker is analysing was given to it (``time.monotonic()``), and the
        worker's wait for a CPU until then (:meth:`_SchedStat.runqueue_wait`)."""
        self._unsent: set[asyncio.Future] = set()
        """Pages given a place (:meth:`reserve`) whose message is not all written yet: the
        worker cannot have started them, so its death is never theirs."""
        self._sending: asyncio.Task | None = None
        self._send_lock: asyncio.Lock | None = None
        self._reader: asyncio.Task | None = None

    def reserve(self) -> asyncio.Future:
        """Take a place in this worker's queue for one page, at once (no await): a page given
        out in the same event-loop turn sees it taken. :meth:`submit` then sends the page, in
        the order the places were taken (the worker answers in that order). The future gets
        ``(ok, value)`` or :class:`_WorkerDied`."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.in_flight.append(future)
        self._unsent.add(future)
        if len(self.in_flight) == 1:  # the worker starts it as soon as it arrives
            self._watch_head()
        if self._reader is None:
            self._send_lock = asyncio.Lock()
            self._reader = loop.create_task(self._read_results())
        return future

    async def submit(self, future: asyncio.Future, message: memoryview) -> None:
        """Send the page whose place :meth:`reserve` gave as ``future`` (``message``: its
        arguments, :func:`_framed`)."""
        loop = asyncio.get_running_loop()
        try:
            async with self._send_lock:  # one message at a time on the socket, in place order
                if self.dead or future.done():  # died, killed or closed before this page was sent
                    raise OSError("worker gone")
                # Written at once when the socket has room for it, as the worker holds two pages
                # at most (``sock_sendall`` tries that too, but in a task of its own, created and
                # run per page: issue 7); the rest, if any, when the worker has read enough.
                try:
                    sent = self.sock.send(message)
                except BlockingIOError:
                    sent = 0
                if sent < len(message):
                    self._sending = loop.create_task(loop.sock_sendall(self.sock, message[sent:]))
                    try:
                        await self._sending
                    finally:
                        self._sending = None
                self._unsent.discard(future)
                if self.in_flight and self.in_flight[0] is future:
                    # its time starts now, not when it took its place: a busy crawl process may
                    # have sent it late, and the worker cannot start a page before it has it
                    self._start_head_clock()
        except asyncio.CancelledError:  # by detach(): the socket is closing
            self._died()
        except (BrokenPipeError, ConnectionResetError):  # the worker is gone: the page never reached it
            self._send_failed(future)
        except OSError:  # "worker gone" above, or any other failure of the socket
            self._died()

    def _send_failed(self, future: asyncio.Future) -> None:
        """The socket broke under this page's send (EPIPE): the worker is gone, and never had
        this page, which is failed now as innocent. The pages sent before it are left to the
        reader: it still gets the answers the worker wrote before it went (a worker that
        answered a page and died idle before the loop read the answer), then, at end-of-file,
        charges the page the worker died on, if any. Charging the first page of the queue here
        charged a page already answered, or one never sent."""
        if self.dead or self.sock.fileno() == -1:  # already handled, or detached: nobody reads any more
            self._died()
            return
        self._unsent.discard(future)
        if future in self.in_flight:
            self.in_flight.remove(future)
        if not future.done():
            future.set_exception(_WorkerDied(started=False))

    async def _read_results(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                header = await self._read(loop, _HEADER.size)
                answer = pickle.loads(await self._read(loop, _HEADER.unpack(header)[0]))
                future = self.in_flight.popleft()
                self._unsent.discard(future)  # answered before its sender task saw the send end
                if not future.done():
                    future.set_result(answer)
                self._watch_head()  # the next page, already in the worker's socket, starts now
        except (EOFError, OSError, IndexError):  # gone, or answered a page it was not sent
            self._died()

    async def _read(self, loop, size: int) -> bytearray:
        buffer = bytearray(size)
        view = memoryview(buffer)
        received = 0
        while received < size:
            count = await loop.sock_recv_into(self.sock, view[received:])
            if count == 0:
                raise EOFError("worker process gone")
            received += count
        return buffer

    def _watch_head(self) -> None:
        """Time the page the worker is analysing now (the first of its queue), if any: a page
        waiting behind a slow one is not charged for the wait."""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        if self.in_flight and self.page_timeout and not self.dead:
            self._start_head_clock()
            self._head_timer = asyncio.get_running_loop().call_later(
                self.page_timeout, self._time_out, self.in_flight[0])

    def _start_head_clock(self) -> None:
        if self.page_timeout:
            self._head_since = (time.monotonic(), self._runqueue_wait())

    def _runqueue_wait(self) -> float | None:
        return self._schedstat.runqueue_wait() if self._schedstat is not None else None

    def _time_left(self) -> float:
        """Seconds of ``page_timeout`` the page being analysed has left: the time since the
        worker had it, less the time the worker waited for a CPU meanwhile. On a loaded machine
        (other crawls, a test suite beside it) a page of 0.1 s of CPU could take more than the
        limit in wall-clock time, and an innocent page was killed, recorded as an extraction
        time-out and, after ``EXTRACT_TIMEOUT_GIVE_UP_AFTER`` runs, no longer fetched. A page that
        never ends (busy, or blocked: a sleeping worker is not waiting for a CPU) still reaches
        the limit. Where the wait cannot be read (not Linux), wall-clock time, as before."""
        started, waited = self._head_since
        spent = time.monotonic() - started
        if waited is not None and (now_waited := self._runqueue_wait()) is not None:
            spent -= max(0.0, now_waited - waited)
        return self.page_timeout - spent

    def _time_out(self, head: asyncio.Future) -> None:
        """The page ``head`` ran over the limit: kill the worker (``re`` cannot be interrupted
        inside a match, a C parser neither), fail that page with :class:`PageTimedOut`, and send
        the page waiting behind it again (through ``_died``: it is innocent). A page whose worker
        waited for a CPU meanwhile gets that time back (:meth:`_time_left`): timed again."""
        if self.dead or not self.in_flight or self.in_flight[0] is not head:
            return
        if (left := self._time_left()) > 0.01:
            self._head_timer = asyncio.get_running_loop().call_later(left, self._time_out, head)
            return
        self.timed_out = True
        self.process.kill()
        self.in_flight.popleft()
        self._unsent.discard(head)
        if not head.done():
            head.set_exception(PageTimedOut(
                f"page not analysed within {self.page_timeout:g} s; its worker was killed"))
        self._died(head_started=False)

    def _died(self, head_started: bool = True) -> None:
        first_notice = not self.dead  # the reader and a failed send may both notice
        self.dead = True
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        for position, future in enumerate(self.in_flight):
            if not future.done():
                started = position == 0 and first_notice and head_started and future not in self._unsent
                future.set_exception(_WorkerDied(started=started))
        self.in_flight.clear()
        self._unsent.clear()
        if first_notice:
            self.on_death(self)  # forgotten even when it died idle, or the pool would shrink

    def detach(self) -> None:
        """Stop reading and close the socket: the worker sees end-of-file, finishes its page, if
        any, and exits. In the event loop's thread (or once the loop is gone)."""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        reader = self._reader
        if reader is not None and not reader.done() and reader is not asyncio.current_task() \
                and not reader.get_loop().is_closed():
            reader.cancel()
        # A send blocked on a full socket (pages queued behind a page that never ends) would
        # wait forever once the socket is closed under it: the event loop forgets the closed
        # descriptor without failing the send.
        sending = self._sending
        if sending is not None and not sending.done() and not sending.get_loop().is_closed():
            sending.cancel()
        # The loop's own waits on the socket (the answer being read, the page being written) are
        # forgotten while its descriptor is still open: the cancelled waits' clean-up, run after
        # the close, failed on the closed descriptor ("Exception in callback ... Bad file
        # descriptor", a traceback at ERROR in the crawl's log) when both were waiting.
        if reader is not None and not reader.get_loop().is_closed() and self.sock.fileno() != -1:
            reader.get_loop().remove_reader(self.sock.fileno())
            reader.get_loop().remove_writer(self.sock.fileno())
        self.sock.close()
        if self._schedstat is not None:
            self._schedstat.close()

    def join(self, wait: bool) -> None:
        if self.exitcode is not None:  # reaped already, its process object closed
            return
        if wait:
            self.process.join(timeout=60)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.exitcode = self.process.exitcode
        if self.exitcode is not None:
            # Its pipes to the forkserver, now: left to the Process object's finalizer, they
            # waited for a full garbage collection, rare in a crawl (GC_THRESHOLDS), and a run
            # whose workers died often piled up descriptors (a hundred after 240 deaths).
            self.process.close()


def start_forkserver(function: Callable[..., Any] | str, preload: tuple[str, ...] = ()):
    """Start this process's forkserver now, told to import ``function``'s module (and the
    modules named in ``preload``, after it: what the function would otherwise load or make in
    each worker at its first call), and return
    the forkserver start context. Returns at once: the server imports the module (the
    extractor: about half a second of CPU) in its own process, and the first worker started
    from it waits for that. Called before a pool is needed, the import runs alongside the
    caller's own start-up instead of after it. The forkserver is one per process; a server
    already running is kept (with the modules it was started with)."""
    from multiprocessing import forkserver  # POSIX only, like the start method

    context = multiprocessing.get_context("forkserver")
    # crawler.exitgc: the server's exit skips the interpreter's collections of its large heap
    # (about a second of a crawl's end on a loaded machine, the crawl's stderr pipe held open)
    context.set_forkserver_preload([_module_of(function), *preload, "crawler.exitgc"])
    forkserver.ensure_running()
    return context


class PagePool:
    """Run ``function(*args)`` in worker processes; ``await pool.run(*args)`` from the event loop.

    :param workers: number of processes; ``0`` runs inline in the calling thread.
    :param function: a module-level (picklable) function, or its ``"package.module.name"`` path;
        its module is preloaded in workers. Given as a path, the function's module is imported
        by the workers (and their forkserver) only, not by the calling process (inline: at once).
    :param start_method: ``forkserver`` (default where available), ``spawn`` or ``fork``.
    :param preload: more modules for the forkserver to import after the function's (see
        :func:`start_forkserver`); ignored by the other start methods.
    :param page_timeout: seconds a worker may spend on one page (from the moment it has it,
        not from the moment the page was queued, and less the time the worker waited for a CPU
        on a loaded machine); over that, the worker is killed and replaced
        and the page's :meth:`run` raises :class:`PageTimedOut`. ``None`` or ``0``: no limit.
        Not enforced inline (``workers=0``): nothing can stop a function in the caller's thread.
    """

    def __init__(self, workers: int, function: Callable[..., Any] | str, *,
                 start_method: str | None = None, page_timeout: float | None = None,
                 preload: tuple[str, ...] = ()) -> None:
        if workers < 0:
            raise ValueError(f"workers must be >= 0, got {workers}")
        self.workers = workers
        self.function = resolve_function(function) if workers == 0 else function
        methods = multiprocessing.get_all_start_methods()
        self.start_method = start_method or ("forkserver" if "forkserver" in methods else "spawn")
        if self.start_method not in methods:
            raise ValueError(f"start method {self.start_method!r} is not available here ({methods})")
        self._context = None
        self._all: list[_Worker] = []
        self._waiting: collections.deque[asyncio.Future] = collections.deque()
        self.page_timeout = page_timeout or None
        self.preload = tuple(preload)
        self._killed: list[_Worker] = []
        self.stopped = False
        """:meth:`kill` or :meth:`close` was called: no page is analysed any more."""
        self.rebuilds = 0
        """How many times a dead worker was replaced."""

    @property
    def inline(self) -> bool:
        return self.workers == 0

    def _new_worker(self) -> _Worker:
        self.warm_up()  # forkserver: workers fork from a server that has imported the extractor
        if self._context is None:
            self._context = multiprocessing.get_context(self.start_method)
        worker = _Worker(self._context, self.function, self.page_timeout)
        worker.on_death = self._replace
        self._all.append(worker)
        return worker

    def warm_up(self) -> None:
        """Get ready to start workers, without starting any: with ``forkserver``, start the
        server and its import of the function's module now (see :func:`start_forkserver`).
        Nothing for the other methods or inline."""
        if not self.inline and self.start_method == "forkserver" and self._context is None:
            self._context = start_forkserver(self.function, self.preload)

    def start(self) -> None:
        """Start the workers now rather than on the first page (so start-up is not timed).
        Safe to call from another thread before the first :meth:`run`."""
        if self.inline or self._all:
            return
        for _ in range(self.workers):
            self._new_worker()

    async def run(self, *args: Any) -> Any:
        """The function's result for ``args``; re-raises what the function raised, or
        :class:`WorkerCrashed` when the page kills its worker twice."""
        if self.inline:
            return self.function(*args)
        message = _framed(args)
        deaths = 0
        while True:
            worker, reply = await self._acquire()
            try:
                # Shielded: a caller cancelled mid-send must not leave half a message on the
                # socket, nor its result unread where the next page would take it as its own.
                await asyncio.shield(asyncio.ensure_future(worker.submit(reply, message)))
                ok, value = await asyncio.shield(reply)
            except _WorkerDied as died:  # the worker is being replaced (on_death)
                deaths += died.started
                if deaths >= 2:
                    raise WorkerCrashed("worker process died twice while analysing this page") from None
                continue
            finally:
                self._wake()
            if ok:
                return value
            raise value

    async def _acquire(self) -> tuple[_Worker, asyncio.Future]:
        """The least busy live worker with room in its queue (waits for one), and the place
        taken in it for this page (:meth:`_Worker.reserve`). Dead workers are
        replaced here, when there is work: a worker that cannot even start (a broken install)
        then costs each page two attempts, instead of being respawned in a loop."""
        while True:
            if self.stopped:
                raise PoolClosed("the extraction workers were stopped before this page was analysed")
            for _ in range(self.workers - len(self._all)):
                self._new_worker()
            live = [worker for worker in self._all if not worker.dead]
            if live:
                worker = min(live, key=lambda w: len(w.in_flight))
                if len(worker.in_flight) < _PAGES_PER_WORKER:
                    # The place is taken here, not when the page is sent (a task that runs
                    # later): every page of a burst (those released together when the pool has
                    # started) chose the same worker, queued up to twenty-six pages on it and
                    # left the other idle (issue 7).
                    return worker, worker.reserve()
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                # Woken for a free place and cancelled before it could take it: the next page
                # waiting takes it, or the place stays free while pages wait (with none in
                # flight to wake them, for ever).
                if waiter.done() and not waiter.cancelled():
                    self._wake()
                raise

    def _wake(self, everyone: bool = False) -> None:
        """Let one page waiting in :meth:`_acquire` (or all of them) look for a worker again."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                if not everyone:
                    break

    def _replace(self, worker: _Worker) -> None:
        if worker not in self._all:  # the pool is closing
            return
        self._all.remove(worker)
        worker.detach()
        worker.join(wait=False)
        self.rebuilds += 1
        if worker.timed_out:
            logger.warning("an extraction worker process was killed: one page took over %g s; replaced "
                           "(%d so far)", self.page_timeout, self.rebuilds)
        else:
            logger.warning("an extraction worker process died (exit code %s); replaced (%d so far)",
                           worker.exitcode, self.rebuilds)
        self._wake(everyone=True)  # they start its replacement (in _acquire)

    def kill(self) -> int:
        """Stop at once (a crawl told to stop whose pages are not done): kill every worker
        process, fail the pages given to them and the pages waiting for one with
        :class:`PoolClosed`, and start no worker any more. Returns the number of pages given to
        workers that were abandoned. In the event loop's thread; :meth:`close` or
        :meth:`aclose` still reaps the processes."""
        self.stopped = True
        workers, self._all = self._all, []
        abandoned = 0
        for worker in workers:
            worker.dead = True  # its reader, cancelled below, must not replace it
            worker.process.kill()
            for future in worker.in_flight:
                if not future.done():
                    future.set_exception(PoolClosed("the extraction workers were stopped while this page "
                                                    "was being analysed"))
                    abandoned += 1
            worker.in_flight.clear()
            worker.detach()
        self._killed += workers
        self._wake(everyone=True)  # pages waiting for a worker find the pool stopped
        return abandoned

    def close(self, wait: bool = True) -> None:
        """Stop the workers; with ``wait``, after they finish the pages already given to them
        (whose results are not read any more: those pages, and pages still waiting for a worker
        or given later, raise :class:`PoolClosed`; no worker is started any more).
        In the event loop's thread, or after the loop; from a running loop prefer :meth:`aclose`."""
        for worker in self._detach_all():
            worker.join(wait)

    async def aclose(self) -> None:
        """:meth:`close` from the running event loop: the sockets are closed in the loop's
        thread, and the processes waited for in another, so the loop is not blocked."""
        workers = self._detach_all()
        await asyncio.get_running_loop().run_in_executor(None, lambda: [w.join(True) for w in workers])

    def _detach_all(self) -> list[_Worker]:
        # Stopped, as kill() does: a page still waiting for a worker, or sent again once its
        # worker's socket is closed here, started new workers that nothing closed.
        self.stopped = True
        workers, self._all = self._all, []
        for worker in workers:  # all told at once, then waited for
            worker.detach()
            for future in worker.in_flight:  # their results will not be read
                if not future.done() and not future.get_loop().is_closed():
                    future.set_exception(PoolClosed("the extraction workers were closed before this page's "
                                                    "result came"))
            worker.in_flight.clear()
        self._wake(everyone=True)  # pages waiting for a worker find the pool stopped
        killed, self._killed = self._killed, []  # already dead: join() only reaps them
        return workers + killed
