"""GarbageCollectorTuning: Python's cyclic garbage collector, sized for a crawl process.

With Python's default thresholds (700, 10, 10) the crawl process spent 7-9% of its CPU in the
collector on the throughput benchmark (0.9-1.4 s of 13-16 s for 2,000 articles; issue 7):
every response, request and item allocates container objects, a young collection runs every
700 of them, and every full collection walks everything alive, including the objects Scrapy,
Twisted, lxml and trafilatura made at start-up, which live until the end. Reference counting
frees almost all of a crawl's objects; the collector is needed for cycles only (Twisted's
Failures and their tracebacks, mostly).

When the spider opens, after start-up: one full collection, then ``gc.freeze()`` (the objects
alive then are left out of every later collection; the collection before leaves no garbage
among them), then the thresholds of ``GC_THRESHOLDS``. The crawl commands set the thresholds
already at their start (:func:`tune_start_up`: start-up's imports, with Python's, cost 0.08-0.1 s
in the collector). When it closes, the frozen objects are
given back and the previous thresholds restored, so the next site of ``crawler crawl`` (one
process, one site after another) starts as this one did; spiders that run at once in one
process (``--concurrent``) share one tuning, from the first opened to the last closed.
Measured on the throughput benchmark: 0.23-0.27 s in the collector for the whole process
(most of it at start-up) instead of 0.93-1.03 s; the crawl process's CPU per article 5-6%
lower relative to the workers'. Only the crawl process: timed from disk, extraction costs the
same with either setting.

When the first spider opens it also imports ``crawler.exitgc``: at interpreter exit everything
alive is frozen again, so the shutdown's full collections over the whole heap (0.5-5 s of a
crawl process's exit) are skipped.

Settings: ``GC_THRESHOLDS`` (empty: Python's defaults, nothing frozen).
Stats: none.
"""

from __future__ import annotations

import gc
import logging

from scrapy import signals
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


def valid_thresholds(values: list) -> tuple[int, ...]:
    """``GC_THRESHOLDS`` as ``gc.set_threshold`` takes them; ``()`` when empty or invalid."""
    try:
        thresholds = tuple(int(value) for value in values)
    except ValueError:
        return ()
    return thresholds if 1 <= len(thresholds) <= 3 and min(thresholds) >= 0 else ()


def tune_start_up(settings) -> None:
    """``GC_THRESHOLDS`` from a crawl command's start, not only from the spider's opening.

    Start-up imports some 1,100 modules and builds the crawler: with Python's thresholds that is
    ~230 young collections and two or three full ones over a growing heap (0.08-0.1 s of CPU in
    the collector before the spider opens). Called by the crawl commands (``scrapy crawl``,
    ``crawler crawl``, ``crawler demo``) with their settings; an empty or invalid setting changes
    nothing here (the extension names an invalid one)."""
    thresholds = valid_thresholds(settings.getlist("GC_THRESHOLDS"))
    if thresholds:
        gc.set_threshold(*thresholds)


class GarbageCollectorTuning:
    def __init__(self, crawler):
        thresholds = crawler.settings.getlist("GC_THRESHOLDS")
        if not thresholds:
            raise NotConfigured("GC_THRESHOLDS is empty")
        self.thresholds = valid_thresholds(thresholds)
        if not self.thresholds:
            logger.warning("GC_THRESHOLDS takes one to three non-negative integers, not %r: "
                           "Python's defaults are kept", thresholds)
            raise NotConfigured("GC_THRESHOLDS is invalid")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self) -> None:
        _Tuning.begin(self.thresholds)

    def spider_closed(self) -> None:
        _Tuning.end()


class _Tuning:
    """The process's collector tuning; the spiders of a process share it (all signals arrive in
    the reactor's thread)."""

    spiders = 0
    previous: tuple[int, ...] = ()

    @classmethod
    def begin(cls, thresholds: tuple[int, ...]) -> None:
        cls.spiders += 1
        if cls.spiders > 1:
            return
        import crawler.exitgc  # noqa: F401 - registers the freeze at exit (once per process)

        cls.previous = gc.get_threshold()
        gc.collect()
        gc.freeze()
        gc.set_threshold(*thresholds)
        logger.debug("garbage collector: %d start-up objects frozen, thresholds %s",
                     gc.get_freeze_count(), thresholds)

    @classmethod
    def end(cls) -> None:
        if cls.spiders == 0:
            return
        cls.spiders -= 1
        if cls.spiders == 0:
            gc.unfreeze()
            gc.set_threshold(*cls.previous)
