"""RedisFetchErrorsExtension: in distributed mode, fetch errors and gone marks go to the writer.

It takes ``FetchErrorsExtension``'s place (``crawler.distributed.DistributedMode``) when
``REDIS_URL`` is set. Crawler machines have no database file, so the extension was simply off
there: no ``fetch_errors`` row was written for a distributed crawl, and no stored article was
ever marked ``gone_at`` however many of its addresses answered 404 or redirected home. This one
keeps everything its parent decides — the rows buffered ``FETCH_ERRORS_FLUSH_SIZE`` at a time,
the run's marks decided when the spider closes and withheld in a storm (``GONE_STORM_SHARE``,
judged on this process's own requests), the blocked-site verdict — and pushes each write, rows
and marks together, as one report (``crawler.distributed.encode_fetch_report``) to the item list
``REDIS_ITEMS_KEY``. ``crawler ingest`` records a report in the transaction of the batch it
arrives in, after the batch's articles (``crawler.distributed.Ingester.store_batch``); the marks
come after every article this process pushed.

A report Redis refuses (down, full) stays pending and is pushed with the next flush; what is
still pending when the spider closes is lost, with one ERROR line (the next run that asks for
those addresses records them again).

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``, ``REDIS_SOCKET_TIMEOUT``, and those of ``FetchErrorsExtension``.
Stats: those of ``FetchErrorsExtension`` (``gone/marked`` is the writer's to count: not set here).
"""

from __future__ import annotations

from redis.exceptions import RedisError
from scrapy.exceptions import NotConfigured

from crawler.distributed import crawler_redis_client, encode_fetch_report, redacted
from crawler.fetch_errors import FetchError
from pipelines.errors import FetchErrorsExtension


class RedisFetchErrorsExtension(FetchErrorsExtension):
    WRITE_ERRORS = (RedisError,)

    def __init__(self, crawler):
        super().__init__(crawler)
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.redis_url = crawler.settings.get("REDIS_URL")
        self.items_key = crawler.settings.get("REDIS_ITEMS_KEY")
        self.server = None

    @property
    def target(self) -> str:
        return f"Redis list {self.items_key} at {redacted(self.redis_url)}"

    def write(self, errors: list[tuple[FetchError, str]], gone: list[tuple[str, str]]) -> None:
        if self.server is None:
            self.server = crawler_redis_client(self.crawler.settings)
        self.server.lpush(self.items_key, encode_fetch_report(errors, gone))
        return None  # marked by the writer

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
