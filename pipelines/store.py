"""StorePipeline: deduplicate and write articles to SQLite (crawler.storage.ArticleStore), in batches.

Articles are collected and written ``STORE_BATCH_SIZE`` at a time, each batch in one
transaction (``ArticleStore.save_batch``): one commit (one WAL fsync) per batch instead of per
article. A batch is written when it is full, when its first article has waited
``STORE_BATCH_MAX_DELAY`` seconds, and when the spider closes — at the end of the crawl and on
Scrapy's graceful shutdown (SIGTERM / Ctrl-C), which closes pipelines after the items in
flight are processed. So an article is "scraped" for Scrapy before it is on disk, but no
article that reached this pipeline is lost unless the process is killed outright.

Deduplication inside a batch works as across batches: ``save_batch`` saves the articles in
order inside its transaction, and each sees the rows the earlier ones wrote. The outcome of
each article is counted when its batch is written. A batch that fails for a reason other
than a lock (which ``ArticleStore`` retries) is written again article by article, so one bad
article costs only itself — unless the database takes no more writes at all (disk full,
read-only, I/O error: ``StorageFailure``), which ends the crawl with reason ``storage_failed``
and one ERROR line; the failed batch's transaction is rolled back, so no partial row is left.

Settings: ``DATABASE``, ``STORAGE_BUSY_TIMEOUT``, ``STORAGE_LOCK_RETRIES``,
``STORE_BATCH_SIZE``, ``STORE_BATCH_MAX_DELAY``, ``DEDUP_NEAR_ENABLED``,
``DEDUP_NEAR_THRESHOLD``, ``DEDUP_NUM_PERM``.
Stats: ``articles/new``, ``articles/updated``, ``articles/unchanged``,
``articles/duplicate/<url|exact|near>``, ``articles/failed/storage``, ``store/batches``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import CloseSpider
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro

from crawler.errors import StorageError, StorageFailure
from crawler.items import ArticleItem
from crawler.storage import ArticleStore, SaveOutcome

logger = logging.getLogger(__name__)


def store_from_settings(settings) -> ArticleStore:
    """The ArticleStore the settings describe (shared by the pipeline and the CLI)."""
    return ArticleStore(
        settings.get("DATABASE"),
        busy_timeout=settings.getfloat("STORAGE_BUSY_TIMEOUT"),
        lock_retries=settings.getint("STORAGE_LOCK_RETRIES"),
        near_enabled=settings.getbool("DEDUP_NEAR_ENABLED"),
        near_threshold=settings.getfloat("DEDUP_NEAR_THRESHOLD"),
        num_perm=settings.getint("DEDUP_NUM_PERM"),
    )


class StorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.batch_size = max(1, settings.getint("STORE_BATCH_SIZE"))
        self.max_delay = settings.getfloat("STORE_BATCH_MAX_DELAY")
        self.store: ArticleStore | None = None
        self.pending: list[ArticleItem] = []
        self._timer: CallLaterResult | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self.store = store_from_settings(self.crawler.settings)
        except StorageError as exc:
            logger.error("%s", exc)
            raise CloseSpider("storage_unavailable") from exc

    def close_spider(self):
        if self.store is None:
            return
        try:
            self.flush()
        finally:
            self.store.close()
            self.store = None

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        if self.store is None:  # storage failed (see _write); the crawl is closing
            self.crawler.stats.inc_value("articles/failed/storage")
            return item
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        elif self._timer is None:
            self._timer = call_later(self.max_delay, self._flush_on_timer)
        return item

    def _flush_on_timer(self) -> None:
        self._timer = None
        self.flush()

    def flush(self) -> None:
        """Write the pending articles now, in one transaction, and count their outcomes."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self.pending = self.pending, []
        if batch and self.store is not None:
            self._write(batch)

    def _write(self, batch: list[ArticleItem]) -> None:
        stats = self.crawler.stats
        try:
            outcomes = self.store.save_batch(batch)
        except StorageFailure as exc:
            self._stop(batch, exc)
            return
        except StorageError as exc:
            if len(batch) == 1:
                stats.inc_value("articles/failed/storage")
                logger.error("article lost, cannot store %s: %s", batch[0].url, exc)
                return
            logger.warning("batch of %d articles failed (%s); writing them one by one", len(batch), exc)
            for article in batch:
                self._write([article])
            return
        stats.inc_value("store/batches")
        for article, outcome in zip(batch, outcomes):
            self._count(article, outcome)

    def _stop(self, batch: list[ArticleItem], exc: StorageFailure) -> None:
        """The database takes no more writes: end the crawl now, with one clear line.

        The batch's transaction was rolled back, so no partial row is left.
        """
        self.crawler.stats.inc_value("articles/failed/storage", len(batch))
        logger.error("storage failed, stopping the crawl: %s", exc)
        self.store.close()
        self.store = None
        # Not awaited: this may run inside the engine's own close (the final flush).
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_failed"))

    def _count(self, article: ArticleItem, outcome: SaveOutcome) -> None:
        stats = self.crawler.stats
        if outcome.status == "duplicate":
            stats.inc_value(f"articles/duplicate/{outcome.duplicate_kind}")
            logger.info("duplicate (%s, %.2f) of article %d: %s", outcome.duplicate_kind,
                        outcome.similarity, outcome.article_id, article.url)
        else:
            stats.inc_value(f"articles/{outcome.status}")
