"""Scrapy's stats collector and log formatter without their per-call overheads (issue 7).

:class:`PlainStatsCollector`: Scrapy 2.13+ routes every attribute read of its stats collector
through a ``__getattribute__`` that warns about the deprecated ``spider`` argument: each
``stats.inc_value(...)`` builds a name, raises and catches an ``AttributeError`` (for the
collector's own ``_stats``) and calls through a wrapper, 10-20x the cost of the increment
itself, some twenty times per article page. The same collector (``MemoryStatsCollector``: the
same stats, kept at the close) without that wrapper.

:class:`QuietLogFormatter`: Scrapy logs a DEBUG "Crawled (200) ..." line per response and a
"Scraped from ..." line per item; at ``LOG_LEVEL`` INFO its handlers drop them, but only after
each record was built and offered to every handler (Scrapy leaves the root logger at NOTSET).
Here the two are not built when no handler of their logger would take a DEBUG record; with
``LOG_LEVEL=DEBUG`` (``crawler crawl -v``), or any handler that takes DEBUG (a test's log
capture), they are logged as before, word for word.

Settings: ``STATS_CLASS``, ``LOG_FORMATTER`` (``crawler/settings.py``).
"""

from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter
from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """``MemoryStatsCollector`` with plain attribute access."""

    __getattribute__ = object.__getattribute__


def _debug_taken(name: str) -> bool:
    """Would a DEBUG record of logger ``name`` reach a handler that takes it?"""
    logger = logging.getLogger(name)
    if not logger.isEnabledFor(logging.DEBUG):
        return False
    found = False
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            found = True
            if handler.level <= logging.DEBUG:
                return True
        if not current.propagate:
            break
        current = current.parent
    # No handler at all: logging's last resort, WARNING and above.
    return not found and logging.lastResort is not None and logging.lastResort.level <= logging.DEBUG


class QuietLogFormatter(LogFormatter):
    """Scrapy's log formatter; the per-response and per-item DEBUG lines are only built when a
    handler would take them."""

    def crawled(self, request, response, spider):
        if not _debug_taken("scrapy.core.engine"):
            return None
        return super().crawled(request, response, spider)

    def scraped(self, item, response, spider):
        if not _debug_taken("scrapy.core.scraper"):
            return None
        return super().scraped(item, response, spider)
