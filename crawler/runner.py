"""Run spiders in this process (the ``crawler`` CLI and tests), with the project's settings.

:func:`run_sites` crawls several sites in one process — one after another, or all at once
through one ``CrawlerProcess`` with several crawlers — and returns each site's outcome as
recorded by ``pipelines/runs.py`` (status, failure, degradation) together with its stats.
SIGTERM or Ctrl-C stops the running crawls gracefully (pending article batches are written,
the crawl_runs rows completed) and starts no further site; a second signal stops at once. Once
the crawls are over, the signals do again what they did before (:func:`_signal_handlers_kept`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
from dataclasses import dataclass, field

from crawler.errors import CrawlerError
from crawler.runs import PAGES_OK_STAT, failure_reason, run_status
from crawler.sites import SiteProfile

logger = logging.getLogger(__name__)


def project_settings(overrides: dict | None = None):
    """Scrapy settings of this project, wherever the command is run from, plus overrides."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


# Settings whose default (None) does not show the type of the values they take.
_TYPES_OF_UNSET = {"EXTRACT_WORKERS": int}


def check_override_types(overrides: dict[str, str], defaults) -> None:
    """Refuse, in one line, a ``-s NAME=VALUE`` the crawl would fail on once a component reads
    it (``-s CLOSESPIDER_TIMEOUT=1h`` gave a traceback from deep in Scrapy and a failed site): a
    value that is not a number, a boolean or JSON where the setting's default is one. Read as
    Scrapy reads it; whole numbers are not demanded where the default is one, because Scrapy
    reads some of those with ``getfloat``."""
    from scrapy.settings import BaseSettings

    for name, value in overrides.items():
        default = defaults.get(name)
        if default is None and value in ("", None):  # unset, as by default
            continue
        kind = _TYPES_OF_UNSET.get(name) or (dict if isinstance(default, (dict, BaseSettings)) else type(default))
        single = BaseSettings({name: value})
        try:
            if kind is bool:
                single.getbool(name)
            elif kind in (int, float):
                single.getfloat(name)
            elif kind is dict:
                single.getdict(name)
        except (ValueError, TypeError):
            expected = {bool: "True or False", int: "a number", float: "a number", dict: "a JSON object"}[kind]
            raise CrawlerError(f"-s {name}={value!r}: {name} takes {expected}") from None


@contextlib.contextmanager
def _signal_handlers_kept():
    """Put SIGINT's and SIGTERM's handlers back as they were once the block is over.

    ``CrawlerProcess.start()`` installs Scrapy's (a graceful stop, then a forced one, then
    ``SIG_IGN``) and leaves them installed when it returns; they only schedule calls on the
    stopped reactor, so whatever the process did after the crawl could not be stopped: ``crawler
    demo --serve`` kept serving through Ctrl-C, Ctrl-C and SIGTERM (QA report, item 2).
    """
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.getsignal(sig) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            if handler is not None:  # None: installed outside Python, cannot be put back
                signal.signal(sig, handler)


def spider_class_for(profile: SiteProfile):
    """A NewsSpider subclass bound to ``profile`` (named after it)."""
    from spiders.news import NewsSpider

    return type(f"{profile.name.title().replace('_', '')}Spider", (NewsSpider,),
                {"name": profile.name, "profile": profile})


def run_spider(profile: SiteProfile, overrides: dict | None = None) -> dict:
    """Crawl one site to completion in this process; return the crawl's stats."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(spider_class_for(profile))
    process.crawl(crawler)
    with _signal_handlers_kept():
        process.start()
    return dict(crawler.stats.get_stats())


@dataclass
class SiteRun:
    """How one site's crawl ended: from the stats ``pipelines/runs.py`` sets, or, when it set
    none (``RUNS_ENABLED`` off, or the database could not be opened to write ``crawl_runs``),
    judged from the crawl's own stats by the same rules (``crawler.runs.failure_reason``)."""

    site: str
    stats: dict = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return "start_time" in self.stats

    @property
    def status(self) -> str:
        if not self.started:
            return "not run"
        return self.stats.get("runs/status") or run_status(self.stats.get("finish_reason"), self.failure)

    @property
    def failure(self) -> str | None:
        if "runs/status" in self.stats:
            return self.stats.get("runs/failure")
        stats = self.stats
        if PAGES_OK_STAT not in stats:  # not counted (the runs extension is off): every 2xx counts
            ok = sum(count for key, count in stats.items()
                     if key.startswith("downloader/response_status_count/2"))
            stats = {**stats, PAGES_OK_STAT: ok}
        return failure_reason(stats, stats.get("finish_reason"))

    @property
    def degraded(self) -> bool:
        return bool(self.stats.get("runs/degraded"))

    @property
    def degraded_reason(self) -> str | None:
        return self.stats.get("runs/degraded_reason")

    @property
    def gone_withheld_reason(self) -> str | None:
        """Why no article was marked gone in this run (``pipelines.errors``: most of its answers
        said gone, a site-wide failure), or ``None``."""
        return self.stats.get("gone/withheld_reason")


def run_sites(profiles: list[SiteProfile], overrides: dict | None = None, *,
              concurrent: bool = False) -> list[SiteRun]:
    """Crawl ``profiles`` in this process (sequentially unless ``concurrent``); one result each."""
    from scrapy.crawler import CrawlerProcess
    from twisted.internet import defer

    from scrapy.utils.reactor import install_reactor, is_reactor_installed

    settings = project_settings(overrides)
    process = CrawlerProcess(settings)
    if not is_reactor_installed():
        # Before anything imports twisted.internet.reactor (which would install the default one).
        install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
    crawlers = [process.create_crawler(spider_class_for(profile)) for profile in profiles]
    results = [SiteRun(profile.name) for profile in profiles]

    def collect(_, index):
        results[index].stats = dict(crawlers[index].stats.get_stats())
        return _

    def log_failure(failure, site):
        logger.error("%s: crawl crashed: %s", site, failure.getErrorMessage(),
                     exc_info=(failure.type, failure.value, failure.getTracebackObject()))

    @defer.inlineCallbacks
    def crawl_all():
        if concurrent:
            deferreds = []
            for index, crawler in enumerate(crawlers):
                d = process.crawl(crawler)
                d.addBoth(collect, index).addErrback(log_failure, profiles[index].name)
                deferreds.append(d)
            yield defer.DeferredList(deferreds)
            return
        for index, crawler in enumerate(crawlers):
            d = process.crawl(crawler)
            d.addBoth(collect, index).addErrback(log_failure, profiles[index].name)
            yield d
            if results[index].stats.get("finish_reason") == "shutdown":
                logger.warning("shutdown requested: %d site(s) not crawled", len(crawlers) - index - 1)
                break

    from twisted.internet import reactor

    def stop_reactor(_):
        with contextlib.suppress(RuntimeError):  # already stopping after a second signal
            reactor.stop()

    reactor.callWhenRunning(lambda: crawl_all().addBoth(stop_reactor))
    with _signal_handlers_kept():
        process.start(stop_after_crawl=False)
    return results
