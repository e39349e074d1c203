"""Crawl components that record what the product did, for tests that must not read it off a
clock on the other side of a socket.

Given to a crawl subprocess with ``-s DOWNLOADER=...`` or ``-s STATS_CLASS=...``; what they record
goes to the crawl's log.
"""

from __future__ import annotations

import logging
import sys
import time

from pipelines.downloader import SlotLimitedDownloader
from pipelines.scrapylog import PlainStatsCollector

logger = logging.getLogger(__name__)


class DispatchLoggingDownloader(SlotLimitedDownloader):
    """The project's downloader, which logs ``dispatched <monotonic seconds> <slot> <url>`` as
    it takes each request off its slot's queue to download it: the moment Scrapy's slot delay
    is counted from (``Slot.lastseen``), before connecting, writing or any server's clock."""

    def _wait_for_download(self, slot, request, queue_dfd):
        logger.info("dispatched %.6f %s %s", time.monotonic(), request.meta.get(self.DOWNLOAD_SLOT), request.url)
        return super()._wait_for_download(slot, request, queue_dfd)


def dispatches(log: str) -> list[tuple[float, str, str]]:
    """``(monotonic seconds, slot, url)`` of every request a crawl's log says was dispatched."""
    found = []
    for line in log.splitlines():
        _, marker, rest = line.partition("] INFO: dispatched ")  # "... [tests.recording_components] INFO: ..."
        if marker:
            when, slot, url = rest.split(" ", 2)
            found.append((float(when), slot, url))
    return found


class ImportRecordingStats(PlainStatsCollector):
    """The project's stats collector, which records as the spider closes whether the crawl
    process has imported each module of :data:`WATCHED_MODULES`: stats
    ``test/imported/<module>`` (True/False), in the crawl's "Dumping Scrapy stats" dict."""

    def close_spider(self, *args, **kwargs):
        for name in WATCHED_MODULES:
            self.set_value(f"test/imported/{name}", name in sys.modules)
        return super().close_spider(*args, **kwargs)


#: The extractor (which only the extraction workers need), and a module every crawl imports.
WATCHED_MODULES = ("crawler.extract", "crawler.boilerplate", "trafilatura", "crawler.items")


class StartUpRecordingStats(PlainStatsCollector):
    """The project's stats collector, which records how the crawl process started, in the
    crawl's "Dumping Scrapy stats" dict:

    - ``test/start_up/gc_threshold0``: the collector's young threshold when the crawler was built
      (before the engine, the downloader and the spider's components);
    - ``test/start_up/tls_before/<module>``: whether Scrapy's TLS modules were imported before
      ``<module>`` (``sys.modules`` keeps the order modules were first imported in);
    - ``test/start_up/imported/<module>``: whether the process imported it at all."""

    TLS_MODULES = ("scrapy.core.downloader.contextfactory", "scrapy.core.downloader.tls")

    def __init__(self, crawler):
        import gc

        super().__init__(crawler)
        self._gc_threshold0 = gc.get_threshold()[0]

    def close_spider(self, *args, **kwargs):
        self.set_value("test/start_up/gc_threshold0", self._gc_threshold0)
        order = {name: index for index, name in enumerate(sys.modules)}
        for later in ("spiders.news", "pipelines.store", "crawler.storage"):
            self.set_value(f"test/start_up/tls_before/{later}",
                           all(order.get(tls, len(order)) < order.get(later, -1) for tls in self.TLS_MODULES))
        for name in ("trafilatura", "datasketch", "redis"):
            self.set_value(f"test/start_up/imported/{name}", name in sys.modules)
        return super().close_spider(*args, **kwargs)
