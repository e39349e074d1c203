"""Requests waiting in a queue are checked against the site's *current* profile when taken out.

A site profile's scope (its ``domains``, its ``exclude`` patterns) is applied when the spider
schedules a request (``NewsSpider.follow_url``). Requests already waiting when the operator
changes the profile — in the shared Redis frontier of a distributed crawl, or in the resume
journal of a local crawl stopped and started again — were scheduled under the old profile, and
were fetched anyway: an ``exclude`` pattern added to stop a crawl trap (a calendar, an endless
search) did not stop the thousands of its URLs already queued.

:class:`QueuedScope` decides, for a request taken out of such a queue, whether the spider's
profile still covers it; one that it does not is dropped and counted in
``discovery/dropped_from_queue/<reason>`` (``crawler.sites.SiteProfile.out_of_scope_reason``: ``excluded``, an ``exclude``
pattern matches; ``off_domain``, outside the profile's ``domains``). Who asks, and when the one INFO line with
the count is written:

- ``pipelines.redis_frontier.SharedFrontierScheduler`` asks for every request it pops from the
  shared queue, and says how many it dropped when the spider closes (a process started with the
  new profile applies it to whatever it pops, also requests that processes still running with
  the old profile push);
- ``pipelines.resume.ResumeFrontierMiddleware`` asks for every request of the journal it
  replays, and says how many it dropped before the crawl starts;
- ``pipelines.queues.JobDirScheduler`` (a local crawl's scheduler) asks for every request it
  takes out, and says how many it dropped when the spider closes: that covers Scrapy's on-disk
  queue of a crawl paused and resumed with a ``JOBDIR`` given by hand (the queue of a
  ``crawler crawl`` run is emptied at each start; the journal is what resumes it).

A redirect (a request with ``redirect_urls``) is not dropped: its target was not a discovery
decision, and a local crawl follows it too (``SiteDomainsMiddleware`` still keeps it on the
site's domains).

Before a request outside the profile's domains is dropped (or a redirect there let through), the
shared frontier may widen the domains (``recheck_off_domain``): the hosts an ad-hoc run's start
page moved to, published in Redis by the process that followed the move.

A scheduler drops at most :data:`MAX_DROPS_PER_CALL` requests in one call to its
``next_request``: with a million excluded requests queued, dropping them all in one call held the
reactor for minutes (no download, no heartbeat: the other workers took the process for dead).
It then returns ``None`` and has the engine ask again at the reactor's next turn
(:meth:`QueuedScope.ask_again_soon`); its queue is not empty, so the engine does not take it for
finished.

No settings. Stats: ``discovery/dropped_from_queue/excluded``,
``discovery/dropped_from_queue/off_domain``.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)

DROPPED_STAT = "discovery/dropped_from_queue/%s"
# Out-of-scope requests one call to a scheduler's next_request drops at most.
MAX_DROPS_PER_CALL = 1000


def wake_engine(crawler) -> None:
    """Have the crawler's engine look at its scheduler at the reactor's next turn, instead of at
    its 5 s heartbeat: Scrapy's engine has no public call for it. Nothing when not crawling."""
    try:
        engine = crawler.engine
    except (AttributeError, RuntimeError):  # not crawling (Scrapy 2.18+ raises before the crawl)
        return
    nextcall = getattr(getattr(engine, "_slot", None), "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


class QueuedScope:
    """The crawler's check of queued requests against its spider's profile.

    :param crawler: its spider's ``profile`` is read at each check (a spider without one, such
        as a bare ``scrapy.Spider``, keeps every request).
    """

    def __init__(self, crawler, recheck_off_domain: Callable[[], bool] | None = None) -> None:
        self.crawler = crawler
        self.recheck_off_domain = recheck_off_domain
        """Asked before a request outside the profile's domains is dropped (or, a redirect, let
        through to ``SiteDomainsMiddleware``): ``True`` when it widened the profile's domains
        since (the shared frontier reads the domains the run's start page moved to)."""
        self.dropped: Counter[str] = Counter()
        self.max_drops = MAX_DROPS_PER_CALL
        """Requests one ``next_request`` call drops at most before it returns ``None``."""

    def ask_again_soon(self) -> None:
        """Have the engine ask its scheduler for a request again at the reactor's next turn: a
        ``next_request`` call stopped after dropping :attr:`max_drops` requests, and more may be
        queued behind them (the engine's own next look would be its 5 s heartbeat)."""
        wake_engine(self.crawler)

    def first_kept(self, take: Callable[[], Request | None]) -> Request | None:
        """The first request ``take()`` gives that is still in scope, or ``None`` when the queue
        is empty; after :attr:`max_drops` dropped requests, ``None`` too, and the engine asks
        again at the reactor's next turn (the reactor runs between). What ``take`` raises
        propagates."""
        for _ in range(self.max_drops):
            request = take()
            if request is None or self.keep(request):
                return request
        self.ask_again_soon()
        return None

    def keep(self, request) -> bool:
        """Whether ``request``, taken out of a queue, is still in scope; counts it if not."""
        profile = getattr(self.crawler.spider, "profile", None)
        if profile is None:
            return True
        reason = profile.out_of_scope_reason(request.url)
        if reason == "off_domain" and self.recheck_off_domain is not None and self.recheck_off_domain():
            reason = self.crawler.spider.profile.out_of_scope_reason(request.url)
        if reason is None or request.meta.get("redirect_urls"):
            return True
        self.dropped[reason] += 1
        self.crawler.stats.inc_value(DROPPED_STAT % reason)
        logger.debug("dropped queued request %s: %s by the site's current profile", request.url,
                     "excluded" if reason == "excluded" else "outside the domains")
        return False

    def log_dropped(self, queue: str) -> None:
        """One INFO line with the count of requests dropped from ``queue``, if any."""
        total = sum(self.dropped.values())
        if not total:
            return
        spider = self.crawler.spider
        logger.info("%s: %d request(s) in %s dropped: out of the site's current scope (%s)",
                    spider.name, total, queue,
                    ", ".join(f"{reason}: {n}" for reason, n in sorted(self.dropped.items())),
                    extra={"spider": spider})
