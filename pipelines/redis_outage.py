"""How a crawler process of a distributed crawl rides out a failing Redis, then gives up.

Every Redis call of a crawler process (the shared frontier, the heartbeat, the stored check,
the item push) reports its outcome to the crawler's one :class:`RedisOutage`. The first
failure logs one WARNING line that says what failed and how long the process will wait; the
process keeps crawling what it can (requests it could not queue are held in memory, articles
it could not push wait in the item pipeline). When Redis takes writes again, one line says so
and the outage is over. When it has not for ``REDIS_UNAVAILABLE_TIMEOUT`` seconds, one ERROR
line says so and the spider is closed with reason ``redis_unavailable`` (down, restarting,
refusing connections) or ``redis_out_of_memory`` (``maxmemory`` reached under
``noeviction``): a failed run (``crawler.runs.failure_reason``), exit 1 from
``crawler crawl --redis``.

Only a write ends an outage: a Redis out of memory still answers plain reads (the queue length
``ZCARD``, the stored check ``HGET``, the busy marks ``HGETALL``), and a process that counted those
as recovery would never give up. It refuses taking a request: scrapy-redis' ``PriorityQueue.pop``
reads and removes in one ``MULTI``, and a full Redis refuses every ``MULTI``.

Settings: ``REDIS_URL`` (named in messages with its password hidden), ``REDIS_UNAVAILABLE_TIMEOUT``.
Stats: ``distributed/redis_errors/<close reason>`` (failed Redis calls),
``distributed/redis_outages`` (outages begun).
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError
from scrapy.utils.asyncio import call_later

from crawler.distributed import redacted, redis_full
from pipelines.queued_scope import wake_engine

logger = logging.getLogger(__name__)

UNAVAILABLE_REASON = "redis_unavailable"
OUT_OF_MEMORY_REASON = "redis_out_of_memory"


def close_reason(exc: RedisError) -> str:
    """The spider's close reason for a Redis that keeps failing with ``exc``."""
    return OUT_OF_MEMORY_REASON if redis_full(exc) else UNAVAILABLE_REASON


def describe(exc: RedisError) -> str:
    if close_reason(exc) == OUT_OF_MEMORY_REASON:
        return f"out of memory (maxmemory reached): {exc}"
    return str(exc) or type(exc).__name__


class RedisOutage:
    """The crawler's record of failing Redis calls; :meth:`of` gives the crawler's one instance.

    :param crawler: the crawler whose spider is closed on giving up.
    :param timeout: seconds of failure before giving up; if ``None``, read from
        ``REDIS_UNAVAILABLE_TIMEOUT``.
    """

    def __init__(self, crawler, timeout: float | None = None) -> None:
        self.crawler = crawler
        self.url = redacted(crawler.settings.get("REDIS_URL") or "")
        self.timeout = crawler.settings.getfloat("REDIS_UNAVAILABLE_TIMEOUT") if timeout is None else timeout
        self.failing_since: float | None = None
        self.gave_up_reason: str | None = None

    @classmethod
    def of(cls, crawler) -> RedisOutage:
        outage = getattr(crawler, "_redis_outage", None)
        if outage is None:
            outage = crawler._redis_outage = cls(crawler)
        return outage

    @property
    def gave_up(self) -> bool:
        return self.gave_up_reason is not None

    def failed(self, exc: RedisError, doing: str) -> bool:
        """Record a failed Redis call made while ``doing`` something; ``True`` once the
        process has given up (the spider is closing), ``False`` while it still waits."""
        reason = close_reason(exc)
        self.crawler.stats.inc_value(f"distributed/redis_errors/{reason}")
        now = time.monotonic()
        if self.failing_since is None:
            self.failing_since = now
            self.crawler.stats.inc_value("distributed/redis_outages")
            logger.warning("Redis at %s failed while %s (%s); waiting up to %.0f s for it "
                           "(REDIS_UNAVAILABLE_TIMEOUT)", self.url, doing, describe(exc), self.timeout)
            self._wake_engine_at_the_deadline()
        if not self.gave_up and now - self.failing_since >= self.timeout:
            self._give_up(exc, reason, now - self.failing_since)
        return self.gave_up

    def _engine(self):
        try:
            return self.crawler.engine
        except RuntimeError:  # not crawling yet (Scrapy 2.18+ raises before the crawl starts)
            return None

    def _wake_engine_at_the_deadline(self) -> None:
        """Have the engine look at its scheduler again when the outage reaches the timeout: its
        next Redis call then fails past the deadline and gives up. Without it the process gave up
        only at its next Redis call, up to the engine's 5 s heartbeat later."""
        engine = self._engine()
        if engine is None or not getattr(engine, "running", False):
            return  # no reactor runs the crawl (a unit test): nothing to wake
        call_later(self.timeout, self._deadline, self.failing_since)

    def _deadline(self, since: float) -> None:
        if self.gave_up or self.failing_since != since:  # given up already, or over since
            return
        wake_engine(self.crawler)

    def wrote(self) -> None:
        """A write went through: an outage, if there was one, is over."""
        if self.failing_since is not None and not self.gave_up:
            logger.warning("Redis at %s takes writes again after %.0f s", self.url,
                           time.monotonic() - self.failing_since)
            self.failing_since = None

    def _give_up(self, exc: RedisError, reason: str, failing_for: float) -> None:
        self.gave_up_reason = reason
        logger.error("Redis at %s has failed for %.0f s (%s); closing the spider (%s)",
                     self.url, failing_for, describe(exc), reason)
        engine = self._engine()
        if engine is not None and engine.spider is not None:
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=reason))
