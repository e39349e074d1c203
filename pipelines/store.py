"""StorePipeline: deduplicate and write articles to SQLite (crawler.storage.ArticleStore).

Settings: ``DATABASE``, ``STORAGE_BUSY_TIMEOUT``, ``STORAGE_LOCK_RETRIES``,
``DEDUP_NEAR_ENABLED``, ``DEDUP_NEAR_THRESHOLD``, ``DEDUP_NUM_PERM``.
Stats: ``articles/new``, ``articles/updated``, ``articles/unchanged``,
``articles/duplicate/<url|exact|near>``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import CloseSpider

from crawler.errors import StorageError
from crawler.items import ArticleItem
from crawler.storage import ArticleStore

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
        self.store: ArticleStore | None = None

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
        if self.store is not None:
            self.store.close()

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        outcome = self.store.save(item)
        stats = self.crawler.stats
        if outcome.status == "duplicate":
            stats.inc_value(f"articles/duplicate/{outcome.duplicate_kind}")
            logger.info("duplicate (%s, %.2f) of article %d: %s", outcome.duplicate_kind,
                        outcome.similarity, outcome.article_id, item.url)
        else:
            stats.inc_value(f"articles/{outcome.status}")
        return item
