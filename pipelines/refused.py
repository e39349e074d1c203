"""RefusedPagesExtension: remember the pages extraction refused, so later runs leave them alone.

``ExtractPipeline`` sends :data:`page_refused` for a candidate page it refuses for one of
``crawler.refused.REMEMBERED_REASONS`` and :data:`page_accepted` for one that became an article;
this extension writes the refusals to ``refused_pages`` (and drops the rows of pages accepted
since) in one transaction when the spider closes (SIGTERM's graceful shutdown included; a
killed run loses them, and its refused pages are fetched again next time, as before). When the
next runs may fetch such a page again: ``crawler.refused``; the check is
``pipelines.middlewares.StoredArticleCheck``. Off with ``REFUSED_RECHECK_AFTER = 0``. In
distributed mode (the crawler processes write no database) ``pipelines.redis_refused`` takes its
place and pushes the refusals to the writer.

Settings: ``REFUSED_RECHECK_AFTER``, ``REFUSED_RECHECK_SHORT_AFTER``, ``REFUSED_RECHECK_MAX``,
``DATABASE``, ``STORAGE_BUSY_TIMEOUT``.
Stats: ``refused/recorded`` (rows written), ``refused/write_failed``.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.errors import StorageError
from crawler.refused import REMEMBERED_REASONS, Refusal, forget_refusals, record_refusals, refusal_settings
from crawler.storage import open_database, write_transaction
from crawler.urls import url_key

logger = logging.getLogger(__name__)

# Sent by ExtractPipeline with keyword arguments url (the address asked for) and reason.
page_refused = object()
# Sent by ExtractPipeline with keyword argument url (the address asked for).
page_accepted = object()


class RefusedPagesExtension:
    def __init__(self, crawler):
        settings = crawler.settings
        if settings.getfloat("REFUSED_RECHECK_AFTER") <= 0:
            raise NotConfigured("REFUSED_RECHECK_AFTER is 0: refused pages are fetched in every run")
        self.crawler = crawler
        self.database = settings.get("DATABASE")
        self.busy_timeout = settings.getfloat("STORAGE_BUSY_TIMEOUT")
        self.first, self.short_first, self.cap = refusal_settings(settings)
        self.refused: dict[str, Refusal] = {}
        self.accepted: set[str] = set()
        crawler.signals.connect(self.refused_page, signal=page_refused)
        crawler.signals.connect(self.accepted_page, signal=page_accepted)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def refusal(self, url: str, reason: str, spider=None) -> Refusal | None:
        """The refusal to remember of a page refused for ``reason``; ``None`` if it is not one."""
        if reason not in REMEMBERED_REASONS:
            return None
        try:
            key = url_key(url)
        except ValueError:
            return None
        site = getattr(spider or self.crawler.spider, "name", "") or ""
        return Refusal(site, url, key, reason)

    def refused_page(self, url: str, reason: str, spider=None) -> None:
        if (refusal := self.refusal(url, reason, spider)) is not None:
            self.refused[refusal.key] = refusal

    def accepted_page(self, url: str, spider=None) -> None:
        try:
            key = url_key(url)
        except ValueError:
            return
        self.accepted.add(key)
        self.refused.pop(key, None)

    def spider_closed(self, spider, reason) -> None:
        if not self.refused and not self.accepted:
            return
        db = None
        try:
            db = open_database(self.database, busy_timeout=self.busy_timeout)
            with write_transaction(db):
                forget_refusals(db, self.accepted)
                written = record_refusals(db, self.refused.values(), datetime.now(UTC), first=self.first,
                                          short_first=self.short_first, cap=self.cap)
        except (sqlite3.Error, StorageError, OSError) as exc:
            # Not a failure of the run: its refused pages are fetched again next time, as before.
            self.crawler.stats.inc_value("refused/write_failed")
            logger.warning("cannot record %d refused page(s) in %s: %s; they are fetched again next run",
                           len(self.refused), self.database, exc)
            return
        finally:
            if db is not None:
                db.close()
        self.crawler.stats.set_value("refused/recorded", written)
