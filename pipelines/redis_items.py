"""RedisItemsPipeline: in distributed mode, articles go to a Redis list instead of SQLite.

It takes ``StorePipeline``'s place (order 500, after extraction and validation) when
``REDIS_URL`` is set (``crawler.distributed.DistributedMode``). Each article is ``LPUSH``-ed
to ``REDIS_ITEMS_KEY`` as JSON (``crawler.distributed.encode_article``); ``crawler ingest``
stores it with the same deduplication as a local crawl. The article's URL keys are marked in
the stored-URL hash at the same time, so a later run does not fetch it again even before the
writer has caught up. The push and the mark are one ``MULTI`` transaction.

Not scrapy-redis' ``RedisPipeline``: it uses the removed ``process_item(item, spider)``
signature and a JSON encoder that cannot hold the MinHash bytes.

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``, ``REDIS_STORED_URLS_KEY``.
Stats: ``distributed/items_pushed``; an article whose push failed (Redis down, full or
restarting) counts in ``articles/failed/storage`` like a local write that failed, so the run
fails (exit 1) instead of finishing with the article silently missing. Neither the push nor
the mark happened (one transaction): the next run fetches it again.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import CloseSpider, NotConfigured

from crawler.distributed import DistributedError, encode_article, redacted, redis_client, stored_marker
from crawler.items import ArticleItem
from crawler.runs import STORAGE_LOST_STAT
from crawler.urls import url_key

logger = logging.getLogger(__name__)


class RedisItemsPipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.crawler = crawler
        self.redis_url = settings.get("REDIS_URL")
        self.items_key = settings.get("REDIS_ITEMS_KEY")
        self.stored_urls_key = settings.get("REDIS_STORED_URLS_KEY")
        self.server = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        try:
            self.server = redis_client(self.redis_url)
        except DistributedError as exc:
            logger.error("%s", exc)
            raise CloseSpider("storage_unavailable") from exc

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        marker = stored_marker(item.sitemap_lastmod, item.fetched_at)
        keys = {url_key(url) for url in (item.url, item.canonical_url) if url}
        import redis

        try:
            with self.server.pipeline(transaction=True) as pipe:
                pipe.lpush(self.items_key, encode_article(item))
                pipe.hset(self.stored_urls_key, mapping=dict.fromkeys(keys, marker))
                pipe.execute()
        except redis.RedisError as exc:
            self.crawler.stats.inc_value(STORAGE_LOST_STAT)
            logger.error("cannot push %s to Redis at %s: %s", item.url, redacted(self.redis_url), exc)
            return item
        self.crawler.stats.inc_value("distributed/items_pushed")
        return item
