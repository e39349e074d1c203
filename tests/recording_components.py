"""Crawl components that record what the product did, for tests that must not read it off a
clock on the other side of a socket.

Given to a crawl subprocess with ``-s DOWNLOADER=...``; what they record goes to the crawl's log.
"""

from __future__ import annotations

import logging
import time

from pipelines.downloader import SlotLimitedDownloader

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
