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

An article Redis refuses (down, restarting, full under ``maxmemory``) is pushed again every
``PUSH_RETRY_INTERVAL`` seconds while the outage lasts (``pipelines.redis_outage``); it stays in
the scraper meanwhile, so downloads slow down behind it instead of piling up articles in memory.
Once the process gives up (``REDIS_UNAVAILABLE_TIMEOUT``), or when the crawl is shutting down,
the article counts in ``articles/failed/storage`` like a local write that failed (one WARNING
line at close gives their number; each URL is logged at DEBUG), so the run
fails (exit 1) instead of finishing with the article silently missing; it is not marked stored,
so the next run fetches it again.

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``, ``REDIS_UNAVAILABLE_TIMEOUT``, ``REDIS_SOCKET_TIMEOUT``.
Stats: ``distributed/items_pushed``, ``articles/failed/storage``.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import sleep

from crawler.distributed import crawler_redis_client, encode_article
from crawler.distributed_runs import RUN_ID_STAT
from crawler.items import ArticleItem
from crawler.runs import STORAGE_LOST_STAT
from pipelines.redis_outage import RedisOutage, describe

logger = logging.getLogger(__name__)

# Seconds between attempts to push an article Redis refused.
PUSH_RETRY_INTERVAL = 1.0


class RedisItemsPipeline:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.crawler = crawler
        self.items_key = settings.get("REDIS_ITEMS_KEY")
        self.outage = RedisOutage.of(crawler)
        self.server = None
        self.lost = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        # Not pinged: the shared frontier has just joined through Redis, or reported why it
        # could not and closes the spider. A Redis that fails later is an outage.
        self.server = crawler_redis_client(self.crawler.settings)

    async def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        payload = encode_article(item, self.crawler.stats.get_value(RUN_ID_STAT))
        while True:
            try:
                self.server.lpush(self.items_key, payload)
            except RedisError as exc:
                # Wait for Redis (the item holds its place in the scraper, so downloads slow
                # down behind it) until the outage outlasts REDIS_UNAVAILABLE_TIMEOUT.
                if self.outage.failed(exc, "pushing an article") or self._stopping():
                    # One line per article would repeat for every download still in flight
                    # while the spider closes; close_spider sums them up.
                    self.crawler.stats.inc_value(STORAGE_LOST_STAT)
                    self.lost += 1
                    logger.debug("article not pushed to Redis: %s (%s)", item.url, describe(exc))
                    return item
                await sleep(PUSH_RETRY_INTERVAL)
                continue
            self.outage.wrote()
            self.crawler.stats.inc_value("distributed/items_pushed")
            return item

    def close_spider(self):
        if self.lost:
            logger.warning("%d article(s) could not be pushed to Redis at %s and are not stored; "
                           "the next run fetches them again", self.lost, self.outage.url)

    def _stopping(self) -> bool:
        """The crawl is shutting down (SIGTERM/Ctrl-C): an article is not waited for."""
        try:
            engine = self.crawler.engine
        except RuntimeError:
            return False
        return engine is not None and not engine.running
