"""ResumeFrontierMiddleware: a crawl killed at any moment continues where it stopped, losing nothing.

Why not Scrapy's ``JOBDIR``: its disk queue records its read position only on a clean close,
and a request that was taken off the queue is already marked seen by the persisted
dupefilter. After a SIGKILL the requests in flight — and whatever their pages would have led
to — are never fetched again.

What this does instead. Every request the spider yields is committed to a small SQLite file
per site, ``<DATABASE>.jobs/<site>/frontier.sqlite`` (``RESUME_DIR`` overrides the folder),
*before* Scrapy receives it: the whole output of one callback is written in one transaction,
then passed on. A clean finish (``finish_reason == "finished"``) deletes the file, unless articles
of the run could not be stored (``articles/failed/storage``: a write lock another connection held
past the retries), whose requests the next run must send again. When a crawl
starts and finds the file, the previous run was interrupted (SIGTERM, SIGKILL, a crash, a
``closespider_*`` bound): every request recorded there is scheduled again, besides the
spider's own start requests. Nothing is persisted as "done": the articles database is the
record of what is stored, so each replayed article request whose article was committed is
not scheduled (the spider decides, ``NewsSpider.resumed``, with ``SkipStoredArticlesMiddleware``'s
check, before Scrapy's dupefilter takes its URL: a sitemap entry read later that says the story
changed since is still asked), and every other one is fetched again. Hence no article
is lost (the request that would have produced it was committed before it could be
downloaded, including those found only by following links from a stored article), and none
is stored twice (storage deduplicates by canonical URL). The price of a crash is re-fetching
the pages of the interrupted run that were not articles.

When the journal cannot be written (disk full, I/O error), the promise above cannot be kept: a
request Scrapy received unrecorded would be lost with the next kill. The crawl is then stopped
with reason ``storage_failed`` and one ERROR line, and the requests that could not be recorded
are not passed on (counted in ``resume/failed``): the journal still holds the requests that led
to them (the start requests first), so the next run, finding the journal of an interrupted
crawl, fetches those again and finds them again.

The requests replayed are those the site's *current* profile still covers: one that an
``exclude`` pattern added since the interrupted run matches (or outside the profile's domains
now) is dropped, with one INFO line giving the count (``pipelines.queued_scope``).

Settings: ``RESUME_ENABLED``, ``RESUME_DIR``, ``DATABASE``.
Stats: ``resume/recorded``, ``resume/replayed``, ``resume/unserialisable``, ``resume/failed``,
``discovery/dropped_from_queue/<reason>``.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import sqlite3
from pathlib import Path

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.request import request_from_dict

from crawler.errors import os_error_reason
from crawler.lock import beside_database
from crawler.runs import STORAGE_LOST_STAT
from pipelines.middlewares import STORED_CHECK_META
from pipelines.queued_scope import QueuedScope
from pipelines.queues import SpiderMethods

logger = logging.getLogger(__name__)


def frontier_dir(database: str | os.PathLike[str], site: str, resume_dir: str | None = None) -> Path:
    """Folder of one site's resume state: ``<database>.jobs/<site>/`` (beside the file a symlinked
    ``database`` names: :func:`crawler.lock.beside_database`) unless ``resume_dir`` is set."""
    root = Path(resume_dir) if resume_dir else beside_database(database, ".jobs")
    return root / site


class ResumeFrontierMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("RESUME_ENABLED"):
            raise NotConfigured("RESUME_ENABLED is off")
        self.crawler = crawler
        self.database = settings.get("DATABASE")
        self.resume_dir = settings.get("RESUME_DIR")
        self.conn: sqlite3.Connection | None = None
        self.folder: Path | None = None
        # Callback names looked up in a table, not by scanning the spider per request.
        self.spider_methods: SpiderMethods | None = None
        self.failed = False
        """The journal could not be written: the crawl is closing (see _stop)."""
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    # -- the frontier file ---------------------------------------------------------------------
    def _open(self) -> list[Request]:
        """Open (creating) the site's frontier; return the requests an interrupted run left."""
        spider = self.crawler.spider
        self.folder = frontier_dir(self.database, spider.name, self.resume_dir)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(self.folder / "frontier.sqlite", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")  # durable against a process kill
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS requests (fingerprint TEXT PRIMARY KEY, request BLOB NOT NULL)"
        )
        pending = []
        for (blob,) in self.conn.execute("SELECT request FROM requests ORDER BY rowid"):
            try:
                request = request_from_dict(pickle.loads(blob), spider=spider)
            except Exception as exc:  # noqa: BLE001 - a request of an older spider version: skip, don't crash
                logger.warning("%s: cannot restore a request of the interrupted run: %r", spider.name, exc)
                continue
            # The killed run's stored-article check let it through ("not stored yet"), and said
            # so in its meta; the article may have been stored since, so this run decides again.
            # Kept, the mark let every journalled article be downloaded again after a kill.
            request.meta.pop(STORED_CHECK_META, None)
            pending.append(request)
        return pending

    def _record(self, requests: list[Request]) -> bool:
        """Commit ``requests`` to the journal; ``False`` when they could not be (the crawl is
        then stopping, and they must not be passed on)."""
        if self.failed:
            self.crawler.stats.inc_value("resume/failed", len(requests))
            return False
        if not requests or self.conn is None:
            return True
        if self.spider_methods is None:
            self.spider_methods = SpiderMethods(self.crawler.spider)
        fingerprint = self.crawler.request_fingerprinter.fingerprint
        rows = []
        for request in requests:
            try:
                rows.append((fingerprint(request).hex(),
                             pickle.dumps(self.spider_methods.request_to_dict(request), protocol=4)))
            except (ValueError, TypeError, AttributeError, pickle.PicklingError):
                self.crawler.stats.inc_value("resume/unserialisable")
        # One transaction for the whole callback output, committed before Scrapy sees it.
        try:
            with self.conn:
                self.conn.execute("BEGIN")
                self.conn.executemany("INSERT OR IGNORE INTO requests VALUES (?, ?)", rows)
        except sqlite3.Error as exc:  # disk full, I/O error: the journal is private, never locked
            self._stop(f"cannot record {len(requests)} request(s) in {self.folder / 'frontier.sqlite'}: {exc}")
            self.crawler.stats.inc_value("resume/failed", len(requests))
            return False
        self.crawler.stats.inc_value("resume/recorded", len(rows))
        return True

    def _stop(self, why: str) -> None:
        """The journal takes no more writes: end the crawl, with one ERROR line, as the store
        pipeline does when the database does (``storage_failed``)."""
        if self.failed:
            return
        self.failed = True
        logger.error("resume journal failed, stopping the crawl: %s", why)
        # Not awaited: this runs inside the spider's output, which the close waits for.
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_failed"))

    def spider_closed(self, spider, reason):
        if self.conn is None:
            return
        self.conn.close()
        self.conn = None
        lost = self.crawler.stats.get_value(STORAGE_LOST_STAT, 0)
        if reason == "finished" and lost and self.folder is not None:
            # Their requests are in the journal: the next run replays it, skips what is stored
            # and fetches these again (the request of a lost article is in no other record).
            logger.info("%s: resume journal kept: %d article(s) could not be stored; the next run "
                        "fetches them again", spider.name, lost)
        elif reason == "finished" and self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            # Scrapy's on-disk queue of this run (scratch, see spiders.news.fresh_queue_dir): an ad-hoc
            # crawl keeps it under the spider class's name, "site", beside its host-named frontier
            queue = self.crawler.settings.get("JOBDIR")
            if queue and Path(queue).name == "queue" and Path(queue).parent.parent == beside_database(self.database, ".jobs"):
                shutil.rmtree(Path(queue).parent, ignore_errors=True)
            try:
                self.folder.parent.rmdir()  # the <db>.jobs folder, once no site has state left
            except OSError:
                pass

    # -- spider middleware hooks -------------------------------------------------------------------
    async def process_start(self, start):
        try:
            pending = self._open()
        except (sqlite3.Error, OSError) as exc:
            reason = os_error_reason(exc) if isinstance(exc, OSError) else str(exc)
            self._stop(f"cannot open {self.folder / 'frontier.sqlite'}: {reason}")
            return
        scope = QueuedScope(self.crawler)
        pending = [request for request in pending if scope.keep(request)]
        scope.log_dropped("the interrupted crawl's journal")
        # The spider decides each article request again, before Scrapy's dupefilter sees it (an
        # article the killed run stored is not scheduled, and a later sitemap entry saying it
        # changed since is not dropped as a duplicate of its replayed request): NewsSpider.resumed.
        if (resumed := getattr(self.crawler.spider, "resumed", None)) is not None:
            pending = [request for request in pending if resumed(request)]
        if pending:
            logger.info("%s: resuming an interrupted crawl: %d requests scheduled again",
                        self.crawler.spider.name, len(pending))
            self.crawler.stats.inc_value("resume/replayed", len(pending))
        for request in pending:
            yield request
        async for output in start:
            if isinstance(output, Request) and not self._record([output]):
                continue
            yield output

    # A sitemap callback yields up to 50,000 requests: they are recorded and passed on in
    # chunks, each committed before Scrapy sees it, so the whole output is never in memory. An
    # item is passed on at once (after the requests before it): an article page's callback
    # waits, after yielding its page, for the links extraction finds in it (NewsSpider.parse_article).
    CHUNK = 500

    def process_spider_output(self, response, result):
        chunk = []
        for output in result:
            chunk.append(output)
            if len(chunk) >= self.CHUNK or not isinstance(output, Request):
                yield from self._flush(chunk)
                chunk = []
        yield from self._flush(chunk)

    async def process_spider_output_async(self, response, result):
        chunk = []
        async for output in result:
            chunk.append(output)
            if len(chunk) >= self.CHUNK or not isinstance(output, Request):
                for recorded in self._flush(chunk):
                    yield recorded
                chunk = []
        for recorded in self._flush(chunk):
            yield recorded

    def _flush(self, outputs: list) -> list:
        if self._record([o for o in outputs if isinstance(o, Request)]):
            return outputs
        return [o for o in outputs if not isinstance(o, Request)]  # items go on to be stored
