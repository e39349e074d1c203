"""Per-site politeness: one download slot per site, and an AutoThrottle that keeps its delay.

A site profile's ``download_delay`` and ``concurrency`` are a download slot's ``delay`` and
``concurrency`` (Scrapy's ``DOWNLOAD_SLOTS``). Two things kept them from applying:

- Scrapy keys a request's slot by its bare host name (``www.albawaba.com``, ``127.0.0.1``), while
  a profile's domains have ``www.`` removed and may carry a port (``albawaba.com``,
  ``127.0.0.1:8801``): no ``DOWNLOAD_SLOTS`` entry keyed by them ever matched a request.
  :class:`SiteSlotMiddleware` puts every request of a site into one slot named after the site
  (``request.meta["download_slot"]``, Scrapy's own way to choose a request's slot), whatever
  host of the site it goes to, robots.txt, retries and redirects included. The spider declares
  that slot in ``DOWNLOAD_SLOTS`` with the profile's values (``NewsSpider.from_crawler``), so
  a site's limits hold across all its hosts (``www.`` or not, any port) together.
- Scrapy's ``AutoThrottle`` recomputes every slot's delay with the global ``DOWNLOAD_DELAY``
  (``0``) as its floor, so the first response of a 2-second site set its delay to a few
  milliseconds. :class:`SiteAutoThrottle` keeps a slot's ``DOWNLOAD_SLOTS`` delay as that slot's
  floor: AutoThrottle may slow a site down (latency), never below its profile's delay, even
  above ``AUTOTHROTTLE_MAX_DELAY``.

A site's robots.txt may ask for more: its ``Crawl-delay`` for this crawler (or for every crawler)
raises the slot's delay, and its floor, to that many seconds (at most
``ROBOTSTXT_CRAWL_DELAY_MAX``; :func:`raise_slot_delay`, called by the spider when it reads the
file). It was not read at all: a site asking for 10 s between requests got AutoThrottle's pace.

The connection-reusing downloader (``pipelines/downloader.py``) holds the site's slot to its
concurrency as it held a host's.

Settings: ``DOWNLOAD_SLOTS`` (written per site by the spider), ``AUTOTHROTTLE_*``,
``DOWNLOAD_DELAY``, ``ROBOTSTXT_CRAWL_DELAY_MAX``.
"""

from __future__ import annotations

from scrapy.core.downloader import Downloader
from scrapy.extensions.throttle import AutoThrottle

SLOT_META = Downloader.DOWNLOAD_SLOT  # "download_slot"


def site_slot(profile) -> str:
    """The download slot of every request of ``profile``'s site: the site's name."""
    return profile.name


def site_slot_settings(profile) -> dict:
    """The ``DOWNLOAD_SLOTS`` entry of a site's slot: its profile's delay and concurrency.

    A profile's delay is the least time between two requests to the site, so it gets no
    random jitter (Scrapy's default varies a delay by ±50%, which halves it half the time).
    """
    slot: dict = {}
    if profile.download_delay is not None:
        slot["delay"] = float(profile.download_delay)
        slot["jitter"] = 0.0
    if profile.concurrency is not None:
        slot["concurrency"] = profile.concurrency
    return slot


def raise_slot_delay(crawler, slot: str, delay: float) -> float:
    """Make ``delay`` seconds the least delay of download slot ``slot`` (a robots.txt's
    ``Crawl-delay``), without jitter: for the slot as it is now, for the slot Scrapy makes again
    after dropping it idle (its ``DOWNLOAD_SLOTS`` settings), and as :class:`SiteAutoThrottle`'s
    floor, which reads those settings. A larger delay already set (the profile's) stays.
    Returns the slot's least delay now."""
    downloader = crawler.engine.downloader
    settings = downloader.per_slot_settings.setdefault(slot, {})
    delay = max(float(settings.get("delay") or 0.0), delay)
    settings.update(delay=delay, jitter=0.0)
    if (current := downloader.slots.get(slot)) is not None:
        current.delay = max(current.delay, delay)
        current.jitter = 0.0
    return delay


class SiteSlotMiddleware:
    """Every request of the spider's site goes through the site's download slot.

    A request that already names a slot (``download_slot`` meta) keeps it.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        profile = getattr(self.crawler.spider, "profile", None)
        if profile is not None:
            request.meta.setdefault(SLOT_META, site_slot(profile))


class SiteAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle (same settings, same algorithm), which never sets a slot's delay
    below that slot's ``DOWNLOAD_SLOTS`` delay (a site profile's ``download_delay``), even when
    ``AUTOTHROTTLE_MAX_DELAY`` is smaller; nor, as Scrapy's, below ``DOWNLOAD_DELAY``."""

    def _spider_opened(self, spider) -> None:
        super()._spider_opened(spider)
        self._floor = self.mindelay

    def _response_downloaded(self, response, request, spider) -> None:
        # The floor of the slot whose delay Scrapy's method is about to adjust (it calls
        # _adjust_delay with the slot only, synchronously): its DOWNLOAD_SLOTS delay, as the
        # downloader holds it (raised by a robots.txt's Crawl-delay: raise_slot_delay).
        values = self.crawler.engine.downloader.per_slot_settings.get(request.meta.get(SLOT_META))
        delay = values.get("delay") if isinstance(values, dict) else None
        self._floor = float(delay) if delay is not None else self.mindelay
        super()._response_downloaded(response, request, spider)

    def _adjust_delay(self, slot, latency, response) -> None:
        super()._adjust_delay(slot, latency, response)
        # Scrapy clamped the delay to [DOWNLOAD_DELAY, AUTOTHROTTLE_MAX_DELAY]; the slot's own
        # floor wins over both: a site asked for 2 s between requests gets at least 2 s.
        slot.delay = max(slot.delay, self._floor)
