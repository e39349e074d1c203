"""StorePipeline: deduplicate and write articles to SQLite (crawler.storage.ArticleStore), in
batches, from a writer thread of its own.

Articles are collected and written ``STORE_BATCH_SIZE`` at a time, each batch in one
transaction (``ArticleStore.save_batch``): one commit (one WAL fsync) per batch instead of per
article. A batch is written when it is full, when its first article has waited
``STORE_BATCH_MAX_DELAY`` seconds, and when the spider closes — at the end of the crawl and on
Scrapy's graceful shutdown (SIGTERM / Ctrl-C), which closes pipelines after the items in
flight are processed, and ``close_spider`` returns only once every batch is written. So an
article is "scraped" for Scrapy before it is on disk, but no article that reached this
pipeline is lost unless the process is killed outright.

The writes (and opening the database, which migrates it) run in one thread of their own, never
in the reactor's. A write waits for SQLite: for the disk, and, while another process holds the
database's write lock, for up to ``STORAGE_BUSY_TIMEOUT`` per attempt and
``STORAGE_LOCK_RETRIES`` attempts; in the reactor's thread that wait stopped every download
and starved the extraction workers. SQLite releases the GIL while it works. One thread, so
batches are written in the order they were made, one at a time. A daemon thread
(:class:`WriterThread`): a second SIGTERM/Ctrl-C stops the reactor at once, and the process must
then exit without waiting for a write that waits for a lock; the transaction it abandons is
rolled back by SQLite, as after a SIGKILL. Back-pressure: the article
that fills a batch waits in ``process_item`` until its batch is written, and Scrapy holds its
response meanwhile, so a database slower than the crawl slows the crawl instead of filling memory.
Outcomes are counted in the reactor's thread, when a batch is written.

Deduplication inside a batch works as across batches: ``save_batch`` saves the articles in
order inside its transaction, and each sees the rows the earlier ones wrote. A batch that
fails for a reason other than a lock is written again article by article, so one bad article
costs only itself. A batch that still found the write lock taken after ``ArticleStore``'s retries
(``StorageLocked``: ``STORAGE_LOCK_RETRIES`` attempts of up to ``STORAGE_BUSY_TIMEOUT`` s) is lost
whole, with one ERROR line, and not retried article by article: each article would wait as long
again (100 articles x 5 attempts x 30 s, four hours with the defaults, the crawl stalled behind
it); its articles count in ``articles/failed/storage``, so the run fails and keeps its resume
journal (``pipelines.resume``), and the next run fetches them again. Unless the database takes no
more writes at all (disk full, read-only, I/O error: ``StorageFailure``), which ends the crawl with reason
``storage_failed`` and one ERROR line; the failed batch's transaction is rolled back, so no
partial row is left, and the articles still to be written are counted as lost. Any article
counted in ``articles/failed/storage`` (a dead database, or a write lock another connection held
past the retries) fails the site's run, whatever its close reason (``crawler/runs.py``).

Settings: ``DATABASE``, ``STORAGE_BUSY_TIMEOUT``, ``STORAGE_LOCK_RETRIES``,
``STORE_BATCH_SIZE``, ``STORE_BATCH_MAX_DELAY``, ``STORAGE_WAL_CHECKPOINT_INTERVAL``,
``STORAGE_WAL_CHECKPOINT_WAIT``, ``DEDUP_NEAR_ENABLED``,
``DEDUP_NEAR_THRESHOLD``, ``DEDUP_NUM_PERM``, ``DEDUP_SHORTENED_MIN_SHARE``.
Stats: ``articles/new``, ``articles/updated``, ``articles/unchanged``,
``articles/duplicate/<url|exact|near|shortened>``, ``articles/walled`` (addresses that answered a
page the site serves for any story, ``crawler.storage.WALL_ADDRESSES``: each a ``blocked`` fetch
error; the articles and copies stored from it earlier in the run are removed and taken out of the
counts above), ``articles/failed/storage``, ``store/batches``,
``store/wal_checkpoints``, ``store/wal_checkpoints/incomplete``.

Every ``STORAGE_WAL_CHECKPOINT_INTERVAL`` seconds, after a batch is written, the writer thread
restarts the write-ahead log (``checkpoint_wal(mode="RESTART")``, waiting
``STORAGE_WAL_CHECKPOINT_WAIT`` for readers inside a read transaction). SQLite's own checkpoints
never wait: under short reads that overlap, one reader always held a point in the log, which then
never started again at its head and grew without limit (cronqa review, finding 2).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from concurrent.futures import Executor, Future
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler.errors import StorageError, StorageFailure, StorageLocked
from crawler.items import ArticleItem, asked_url
from crawler.storage import ArticleStore, SaveOutcome, checkpoint_wal

logger = logging.getLogger(__name__)


def store_from_settings(settings, *, check_same_thread: bool = True) -> ArticleStore:
    """The ArticleStore the settings describe (shared by the pipeline and the CLI)."""
    return ArticleStore(
        settings.get("DATABASE"),
        busy_timeout=settings.getfloat("STORAGE_BUSY_TIMEOUT"),
        lock_retries=settings.getint("STORAGE_LOCK_RETRIES"),
        near_enabled=settings.getbool("DEDUP_NEAR_ENABLED"),
        near_threshold=settings.getfloat("DEDUP_NEAR_THRESHOLD"),
        num_perm=settings.getint("DEDUP_NUM_PERM"),
        shortened_min_share=settings.getfloat("DEDUP_SHORTENED_MIN_SHARE"),
        check_same_thread=check_same_thread,
    )


class WriterThread(Executor):
    """One daemon thread that runs the calls submitted to it, one at a time, in order.

    Not a ``ThreadPoolExecutor``: the interpreter joins its threads when it exits, so a write
    waiting for another connection's lock (``STORAGE_LOCK_RETRIES`` x ``STORAGE_BUSY_TIMEOUT``)
    kept the process running for minutes after a second SIGTERM had stopped the reactor.
    """

    def __init__(self, name: str) -> None:
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self._shut_down = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn, /, *args, **kwargs) -> Future:
        if self._shut_down:
            raise RuntimeError("cannot schedule a call on a writer thread that was shut down")
        future: Future = Future()
        self._calls.put((future, fn, args, kwargs))
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._shut_down = True
        self._calls.put(None)
        if wait:
            self._thread.join()

    def _run(self) -> None:
        while (call := self._calls.get()) is not None:
            future, fn, args, kwargs = call
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, as an executor does
                future.set_exception(exc)
            del call, future, fn, args, kwargs  # no reference kept while waiting for the next call


# What the writer thread made of each article of a batch: its outcome, or the error that kept it out.
Written = list[tuple[ArticleItem, SaveOutcome | Exception]]


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.batch_size = max(1, settings.getint("STORE_BATCH_SIZE"))
        self.max_delay = settings.getfloat("STORE_BATCH_MAX_DELAY")
        self.lock_wait = (settings.getint("STORAGE_LOCK_RETRIES"), settings.getfloat("STORAGE_BUSY_TIMEOUT"))
        self.store: ArticleStore | None = None
        self.pending: list[ArticleItem] = []
        self._timer: CallLaterResult | None = None
        self._writer: WriterThread | None = None
        self._writes: set[asyncio.Future] = set()
        self._failed = False
        """The database took no more writes (``StorageFailure``): the crawl is closing."""
        self._broken: StorageFailure | None = None
        """The same, as the writer thread saw it (written and read in that thread only)."""
        self.checkpoint_interval = settings.getfloat("STORAGE_WAL_CHECKPOINT_INTERVAL")
        self.checkpoint_wait = settings.getfloat("STORAGE_WAL_CHECKPOINT_WAIT")
        self._last_checkpoint = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def open_spider(self):
        self._writer = WriterThread("store-writer")
        try:
            # The connection is made in the writer thread and used there only; tests may reach
            # it between writes, hence check_same_thread off.
            self.store = await self._in_writer(store_from_settings, self.crawler.settings,
                                               check_same_thread=False)
        except StorageError as exc:
            self._writer.shutdown(wait=False)
            self._writer = None
            logger.error("%s", exc)
            raise CloseSpider("storage_unavailable") from exc

    async def close_spider(self):
        if self.store is None:
            return
        try:
            await self.flush()
            # Batches a timer started: written before, being FIFO, but counted by their own tasks.
            await asyncio.gather(*self._writes)
        finally:
            store, self.store = self.store, None
            await self._in_writer(store.close)
            self._writer.shutdown(wait=True)  # its queue is empty: returns at once
            self._writer = None

    async def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        if self.store is None or self._failed:  # storage failed (see _stop); the crawl is closing
            self.crawler.stats.inc_value("articles/failed/storage")
            return item
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            await self.flush()
        elif self._timer is None:
            self._timer = call_later(self.max_delay, self._flush_on_timer)
        return item

    def _flush_on_timer(self) -> None:
        self._timer = None
        self._start_write()  # not awaited (a timer): close_spider waits for it

    async def flush(self) -> None:
        """Write the pending articles now, in one transaction; return once they are written
        and counted."""
        write = self._start_write()
        if write is not None:
            await asyncio.shield(write)  # a cancelled caller must not leave a batch uncounted

    def _start_write(self) -> asyncio.Future | None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return None
        if self.store is None or self._failed:
            self.crawler.stats.inc_value("articles/failed/storage", len(batch))
            return None
        write = asyncio.ensure_future(self._write(batch))
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)
        return write

    def _in_writer(self, function, *args, **kwargs) -> asyncio.Future:
        return asyncio.get_running_loop().run_in_executor(self._writer, lambda: function(*args, **kwargs))

    async def _write(self, batch: list[ArticleItem]) -> None:
        stats = self.crawler.stats
        try:
            whole, written = await self._in_writer(self._save, batch)
        except Exception as exc:  # the writer thread could not run it at all: lost, said, crawl goes on
            stats.inc_value("articles/failed/storage", len(batch))
            logger.error("batch of %d articles lost: %r", len(batch), exc, exc_info=exc)
            return
        if whole:
            stats.inc_value("store/batches")
        lost = 0
        failure = None
        locked: StorageLocked | None = None
        locked_out = 0
        for article, outcome in written:
            if isinstance(outcome, StorageFailure):
                lost += 1
                failure = outcome
            elif isinstance(outcome, StorageLocked):
                stats.inc_value("articles/failed/storage")
                locked = outcome
                locked_out += 1
                logger.debug("article lost to the database's write lock: %s", article.url)
            elif isinstance(outcome, Exception):
                stats.inc_value("articles/failed/storage")
                logger.error("article lost, cannot store %s: %s", article.url, outcome)
            else:
                self._count(article, outcome)
        if locked is not None:
            attempts, busy_timeout = self.lock_wait
            logger.error("%d article(s) lost: another connection held the database's write lock "
                         "through %d attempt(s) of STORAGE_BUSY_TIMEOUT=%gs (%s); the run fails and the "
                         "next one fetches them again", locked_out, attempts, busy_timeout, locked)
        if failure is not None:
            self._stop(lost, failure)
        elif self._checkpoint_due():
            await self._checkpoint()

    def _checkpoint_due(self) -> bool:
        if self.checkpoint_interval <= 0 or self.checkpoint_wait <= 0:
            return False
        return time.monotonic() - self._last_checkpoint >= self.checkpoint_interval

    async def _checkpoint(self) -> None:
        """Restart the write-ahead log, in the writer thread (between two batches: the wait for
        readers holds this crawl's writes back, at most ``STORAGE_WAL_CHECKPOINT_WAIT``)."""
        self._last_checkpoint = time.monotonic()  # first: batches written meanwhile start no other
        complete = await self._in_writer(checkpoint_wal, self.crawler.settings.get("DATABASE"),
                                         wait=self.checkpoint_wait, mode="RESTART")
        self.crawler.stats.inc_value("store/wal_checkpoints" if complete else "store/wal_checkpoints/incomplete")
        if not complete:
            logger.debug("write-ahead log checkpoint incomplete: a reader stayed inside a read "
                         "transaction for more than %.1f s (STORAGE_WAL_CHECKPOINT_WAIT)", self.checkpoint_wait)

    def _save(self, batch: list[ArticleItem]) -> tuple[bool, Written]:
        """In the writer thread: save ``batch`` in one transaction, or, when that fails for a
        reason other than a dead or locked database (a refused row, or an article the code fails
        on), article by article. Returns whether the batch went in whole, and what became of each
        article."""
        if self._broken is not None:
            return False, [(article, self._broken) for article in batch]
        try:
            return True, list(zip(batch, self.store.save_batch(batch)))
        except StorageFailure as exc:
            self._broken = exc
            return False, [(article, exc) for article in batch]
        except StorageLocked as exc:  # its retries are spent: per article, each would wait as long again
            return False, [(article, exc) for article in batch]
        except Exception as exc:  # noqa: BLE001 - StorageError, or an article the code cannot store
            if len(batch) == 1:
                return False, [(batch[0], exc)]
            logger.warning("batch of %d articles failed (%r); writing them one by one", len(batch), exc)
        written: Written = []
        for article in batch:
            if self._broken is not None:
                written.append((article, self._broken))
                continue
            try:
                written.append((article, self.store.save(article)))
            except StorageFailure as exc:
                self._broken = exc
                written.append((article, exc))
            except Exception as exc:  # noqa: BLE001 - only this article is lost
                written.append((article, exc))
        return False, written

    def _stop(self, lost: int, exc: StorageFailure) -> None:
        """The database takes no more writes: end the crawl now, with one clear line.

        The failed batch's transaction was rolled back, so no partial row is left.
        """
        self.crawler.stats.inc_value("articles/failed/storage", lost)
        if self._failed:  # said once
            return
        self._failed = True
        logger.error("storage failed, stopping the crawl: %s", exc)
        # Not awaited: this may run inside the engine's own close (the final flush), where it
        # changes nothing and the close reason stays "finished": the run is failed all the same,
        # by its articles/failed/storage count (crawler.runs.failure_reason).
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_failed"))

    def _count(self, article: ArticleItem, outcome: SaveOutcome) -> None:
        stats = self.crawler.stats
        if outcome.status == "wall":
            self._record_wall(article, outcome)
        elif outcome.status == "duplicate":
            stats.inc_value(f"articles/duplicate/{outcome.duplicate_kind}")
            logger.info("duplicate (%s, %.2f) of article %d: %s", outcome.duplicate_kind,
                        outcome.similarity, outcome.article_id, article.url)
        else:
            stats.inc_value(f"articles/{outcome.status}")


    def _record_wall(self, article: ArticleItem, outcome: SaveOutcome) -> None:
        """A page the site answers for any story's address (``crawler.storage.WALL_ADDRESSES``):
        each of those addresses gets a ``blocked`` fetch error, the articles and copies stored from
        it earlier in the run are taken out of the counts (the store removed them), and one
        WARNING line says it, once per such page."""
        stats = self.crawler.stats
        asked = [*outcome.walled, asked_url(article)]
        stats.inc_value("articles/walled", len(asked))
        if outcome.walled:
            stats.inc_value("articles/new", -outcome.walled_new)
            if copies := len(outcome.walled) - outcome.walled_new:
                stats.inc_value("articles/duplicate/exact", -copies)
            logger.warning("%s: the same page (%r, %d words) answered for %d addresses of different stories "
                           "(%s …): a wall or placeholder the site serves for any story, not a story; its "
                           "addresses are recorded as blocked, nothing of it stored (stat articles/walled)",
                           article.site, article.title, article.word_count, len(asked), asked[0])
        record_error = getattr(self.crawler.spider, "record_error", None)
        if record_error is None:
            return
        where = f"{len(asked) - 1} other addresses" if outcome.walled else "other addresses"
        message = (f"the same page ({article.title!r}, {article.word_count} words) as {where} of "
                   f"different stories: a wall or placeholder, not this story")
        for url in asked:
            record_error(url, "blocked", 200, message, log_level=logging.DEBUG)


class WalCheckpointExtension:
    """When the engine stops (after every pipeline and extension has written its last row),
    empty the database's write-ahead log into the file (``crawler.storage.checkpoint_wal``),
    so readers still connected do not keep the run's last writes out of ``news.db``.
    Settings: ``DATABASE``, ``STORAGE_WAL_CHECKPOINT_WAIT`` (seconds to wait for readers in a
    read transaction; ``0`` disables the checkpoint)."""

    def __init__(self, crawler):
        self.database = crawler.settings.get("DATABASE")
        self.wait = crawler.settings.getfloat("STORAGE_WAL_CHECKPOINT_WAIT")
        if not self.database or self.wait <= 0:
            raise NotConfigured("no WAL checkpoint at the end of the crawl")
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def engine_stopped(self) -> None:
        # A coroutine: a signal handler returning a Deferred is deprecated since Scrapy 2.14.
        if Path(f"{self.database}-wal").exists():
            # in a thread: crawls of other sites in this process (`crawler crawl --concurrent`)
            # go on while it waits for readers (the engine awaits this coroutine)
            await maybe_deferred_to_future(deferToThread(empty_wal_or_warn, self.database, wait=self.wait))


def empty_wal_or_warn(database: str | Path, *, wait: float) -> bool:
    """Empty the write-ahead log of ``database`` (``checkpoint_wal``); a WARNING when it cannot.
    The end checkpoint failed without a word: the log kept the run's last writes and its size
    (78 MB beside a 10 MB database, cronqa review). SQLite does not say which connection holds a
    read transaction open, so the line says what to do instead."""
    complete = checkpoint_wal(database, wait=wait)
    if not complete:
        logger.warning(
            "the write-ahead log %s-wal could not be emptied into %s: a reader stayed inside a read "
            "transaction for more than %.1f s (STORAGE_WAL_CHECKPOINT_WAIT). Nothing is lost: readers "
            "see the writes, and the log is emptied when the last connection closes. Keep read "
            "transactions short, or empty it once they end: PRAGMA wal_checkpoint(TRUNCATE) on %s, as the "
            "crawler's user", database, database, wait, database)
    return complete
