"""RedisRefusedPagesExtension: in distributed mode, the pages extraction refused go to the writer.

It takes ``RefusedPagesExtension``'s place (``crawler.distributed.DistributedMode``) when
``REDIS_URL`` is set. Crawler machines have no database file, so the extension was simply off
there, and the stored check had no ``refused_pages`` rows to read: every distributed run fetched
every video page, gallery and stub again. This one hears the same signals (``page_refused`` for
a page refused for one of ``crawler.refused.REMEMBERED_REASONS``, ``page_accepted`` for one that
became an article) and pushes each refusal as it comes, as a report
(``crawler.distributed.encode_refusal_report``), to the item list ``REDIS_ITEMS_KEY``: before the
page's request is done with, so before its lease in the shared queue is acknowledged
(``pipelines.redis_frontier``). The accepted pages, whose rows are only dropped (a stored page is
left alone as stored before its refusal is looked at), go with the next refusal,
:data:`ACCEPTED_BATCH` at a time, or when the spider closes. ``crawler ingest`` records the
reports with the local mode's functions (``crawler.refused.record_refusals``,
``forget_refusals``: the same delay policy, from the writer's ``REFUSED_RECHECK_*`` settings) in
the transaction of the batch they arrive in, and mirrors the rows into the Redis hash the crawler processes' stored check reads
(``crawler.distributed.refused_key``).

A report Redis refuses (down, full) stays pending and is pushed with the next one, or when the
spider closes; what is still pending then is lost, with one WARNING line (those pages are
fetched again by the next run, as before).

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``, ``REDIS_SOCKET_TIMEOUT``, ``REFUSED_RECHECK_AFTER`` (0:
off, as locally).
Stats: ``refused/reported`` (refusals pushed), ``refused/report_lost``.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

from redis.exceptions import RedisError
from scrapy.exceptions import NotConfigured

from crawler.distributed import crawler_redis_client, encode_refusal_report, redacted
from crawler.refused import Refusal
from pipelines.redis_outage import RedisOutage
from pipelines.refused import RefusedPagesExtension

logger = logging.getLogger(__name__)

# Addresses of pages that became articles sent in one report (their refusal rows are dropped).
ACCEPTED_BATCH = 100


class RedisRefusedPagesExtension(RefusedPagesExtension):
    def __init__(self, crawler):
        super().__init__(crawler)
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.items_key = crawler.settings.get("REDIS_ITEMS_KEY")
        self.outage = RedisOutage.of(crawler)
        self.server = None
        self.pending_refused: list[Refusal] = []
        self.pending_accepted: list[str] = []

    def refused_page(self, url: str, reason: str, spider=None) -> None:
        if (refusal := self.refusal(url, reason, spider)) is None:
            return
        seen_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.pending_refused.append(replace(refusal, seen_at=seen_at))
        self.push()

    def accepted_page(self, url: str, spider=None) -> None:
        # Housekeeping only (a stored page is left alone as stored before its refusal is read):
        # sent with the next refusal, ACCEPTED_BATCH at a time, or when the spider closes.
        self.pending_accepted.append(url)
        if len(self.pending_accepted) >= ACCEPTED_BATCH:
            self.push()

    def push(self) -> bool:
        """Push what is pending as one report; ``False`` if Redis refused it (kept pending)."""
        if not self.pending_refused and not self.pending_accepted:
            return True
        try:
            if self.server is None:
                self.server = crawler_redis_client(self.crawler.settings)
            self.server.lpush(self.items_key, encode_refusal_report(self.pending_refused, self.pending_accepted))
        except RedisError as exc:
            self.outage.failed(exc, "reporting a page extraction refused")
            return False
        self.outage.wrote()
        self.crawler.stats.inc_value("refused/reported", len(self.pending_refused))
        self.pending_refused.clear()
        self.pending_accepted.clear()
        return True

    def spider_closed(self, spider, reason) -> None:
        if not self.push():
            self.crawler.stats.inc_value("refused/report_lost", len(self.pending_refused))
            logger.warning("%d refused page(s) could not be reported to Redis list %s at %s: they are fetched "
                           "again next run", len(self.pending_refused), self.items_key,
                           redacted(self.crawler.settings.get("REDIS_URL")))
        if self.server is not None:
            self.server.close()
            self.server = None
