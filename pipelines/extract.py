"""ExtractPipeline: a fetched page (PageItem) in, an ArticleItem out — or a counted drop.

Settings: ``EXTRACT_ENABLED``, ``EXTRACT_MIN_WORDS``, ``EXTRACT_ERRORS``, ``DEDUP_NUM_PERM``,
``DEDUP_NEAR_ENABLED``.
Stats: ``pages/extracted``, ``pages/skipped/<reason>`` (not_article, too_short, empty_body,
binary, ...), ``extract/failed/<ExceptionName>``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem, NotConfigured

from crawler.items import PageItem
from crawler.processing import PageContext, analyse_page

logger = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("EXTRACT_ENABLED"):
            raise NotConfigured("EXTRACT_ENABLED is off")
        self.crawler = crawler
        self.min_words = settings.getint("EXTRACT_MIN_WORDS")
        self.num_perm = settings.getint("DEDUP_NUM_PERM")
        self.with_minhash = settings.getbool("DEDUP_NEAR_ENABLED")
        self.raise_errors = settings.get("EXTRACT_ERRORS") == "raise"
        self.context: PageContext | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.context = PageContext.for_profile(
            self.crawler.spider.profile,
            min_words=self.min_words,
            num_perm=self.num_perm,
            with_minhash=self.with_minhash,
        )

    def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        stats = self.crawler.stats
        try:
            result = analyse_page(item, self.context)
        except Exception as exc:  # a parser bug on one page must not stop the crawl
            if self.raise_errors:
                raise
            stats.inc_value(f"extract/failed/{type(exc).__name__}")
            logger.error("extraction failed for %s: %r", item.url, exc, exc_info=True)
            raise DropItem(f"extraction failed: {exc!r}", log_level="ERROR") from exc
        if result.article is None:
            stats.inc_value(f"pages/skipped/{result.reason}")
            raise DropItem(f"not an article ({result.reason}): {item.url}", log_level="DEBUG")
        stats.inc_value("pages/extracted")
        return result.article
