"""RedisItemsPipeline: in distributed mode, articles go to a Redis list instead of SQLite.

It takes ``StorePipeline``'s place (order 500, after extraction and validation) when
``REDIS_URL`` is set (``crawler.distributed.DistributedMode``). Each article is ``LPUSH``-ed
to ``REDIS_ITEMS_KEY`` as JSON (``crawler.distributed.encode_article``); ``crawler ingest``
stores it with the same deduplication as a local crawl, and only then marks its URL keys in the
stored-URL hash: a mark set here, at push time, would outlive an article the writer never
stored (set aside as undecodable, lost with Redis, a database restored from a backup) and hide
it from every later crawl.

Not scrapy-redis' ``RedisPipeline``: it uses the removed ``process_item(item, spider)``
signature and a JSON encoder that cannot hold the MinHash bytes.

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``.
Stats: ``distributed/items_pushed``; an article whose push failed (Redis down, full or
restarting) counts in ``articles/failed/storage`` like a local write that failed, so the run
fails (exit 1) instead of finishing with the article silently missing; it is not marked
stored, so the next run fetches it again.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import CloseSpider, NotConfigured

from crawler.distributed import DistributedError, encode_article, redacted, redis_client
from crawler.items import ArticleItem
from crawler.runs import STORAGE_LOST_STAT

logger = logging.getLogger(__name__)


class RedisItemsPipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.crawler = crawler
        self.redis_url = settings.get("REDIS_URL")
        self.items_key = settings.get("REDIS_ITEMS_KEY")
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
        import redis

        try:
            self.server.lpush(self.items_key, encode_article(item))
        except redis.RedisError as exc:
            self.crawler.stats.inc_value(STORAGE_LOST_STAT)
            logger.error("cannot push %s to Redis at %s: %s", item.url, redacted(self.redis_url), exc)
            return item
        self.crawler.stats.inc_value("distributed/items_pushed")
        return item
