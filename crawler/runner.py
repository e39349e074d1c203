"""Run spiders in this process (the ``crawler`` CLI and tests), with the project's settings.

:func:`run_sites` crawls several sites in one process — one after another, or all at once
through one ``CrawlerProcess`` with several crawlers — and returns each site's outcome as
recorded by ``pipelines/runs.py`` (status, failure, degradation) together with its stats.
SIGTERM or Ctrl-C stops the running crawls gracefully (pending article batches are written,
the crawl_runs rows completed) and starts no further site; a second signal stops at once
(:func:`exit_soon_after_second_signal`: within ``FORCED_STOP_GRACE`` seconds whatever holds the
process). Once the crawls are over, the signals do again what they did before
(:func:`_signal_handlers_kept`).

Crawls run in a :class:`GuardedCrawler`, as ``scrapy crawl`` runs them
(``crawler/scrapy_commands/crawl.py``): a crawl whose set-up raises — the spider cannot be
built, a pipeline's ``open_spider`` or the scheduler's ``open`` fails — is a failed site with
the error in one line, not a crawl Scrapy closes as "shutdown" (read as interrupted) or a
traceback.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from dataclasses import dataclass, field

# Scrapy's HTTP download handler before anything else of Scrapy's engine or of the project: every
# crawl loads it (for http:// as for https://: DOWNLOAD_HANDLERS_BASE), and its module imports
# Scrapy's TLS modules, which build their deprecated aliases with inspect.stack(). That reads
# every frame's source and walks every loaded module, for each frame: 0.15-0.2 s of CPU when the
# engine imported it, deep in the reactor's call stack with ~1,000 modules loaded; a third of
# that here. No Scrapy setting avoids the import.
import scrapy.core.downloader.handlers.http11  # noqa: F401 - imported first, see above
from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.signals import spider_opened
from twisted.internet.defer import inlineCallbacks

from crawler.distributed_runs import RUN_ID_STAT as DISTRIBUTED_RUN_STAT
from crawler.project import check_override_types, project_settings  # noqa: F401 - also taken from here
from crawler.runs import (
    PAGES_OK_STAT,
    RUN_ID_STAT,
    SETUP_ERROR_STAT,
    SETUP_FAILED_REASON,
    exception_line,
    failure_reason,
    run_status,
    setup_failure,
)
from crawler.sites import SiteProfile
from pipelines.gctuning import tune_start_up

logger = logging.getLogger(__name__)


FORCED_STOP_GRACE = 5.0
"""Seconds a process may take to stop after a second SIGTERM/Ctrl-C before it exits without
finishing (:func:`exit_soon_after_second_signal`)."""

EXIT_FORCED = 1
"""Exit status of a process that did not stop within ``FORCED_STOP_GRACE``: it was interrupted."""


def exit_soon_after_second_signal(process) -> None:
    """Make Scrapy's forced stop (the second SIGTERM/Ctrl-C) end the process within
    :data:`FORCED_STOP_GRACE` seconds.

    Scrapy's second signal only schedules the reactor's stop in the reactor's thread; whatever
    holds that thread holds the stop (a Redis call to a hung server, ``REDIS_SOCKET_TIMEOUT``
    each), and whatever holds a thread the interpreter joins at exit holds the exit (the Twisted
    pool's threads, waiting for a database another process locks). The signal handler itself runs
    in the main thread as soon as the call it interrupts returns. So it also starts a timer in a
    daemon thread that ends the process with :data:`EXIT_FORCED` once the grace is over, as a
    SIGKILL would: the crawl_runs row stays ``running`` (the next run marks it ``killed``), the
    resume journal brings its requests back. A process that stops in time never meets the timer.
    """
    for name in ("_signal_kill", "_signal_kill_reactorless"):  # with a reactor, without one
        scrapy_handler = getattr(process, name, None)
        if scrapy_handler is not None:
            setattr(process, name, _with_forced_exit(scrapy_handler))


def _with_forced_exit(scrapy_handler):
    def handler(signum, frame):
        scrapy_handler(signum, frame)
        timer = threading.Timer(FORCED_STOP_GRACE, _exit_now, args=(signum,))
        timer.daemon = True
        timer.start()

    return handler


def _exit_now(signum: int) -> None:
    # No logging: the main thread, stuck somewhere, may hold the handlers' locks.
    line = (f"Error: still running {FORCED_STOP_GRACE:g} s after the second {signal.Signals(signum).name}; "
            f"exiting without finishing\n")
    with contextlib.suppress(OSError):
        os.write(2, line.encode())
    os._exit(EXIT_FORCED)


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


class _SetUpGuardedEngine(ExecutionEngine):
    """Scrapy's engine; an exception out of opening the spider closes it as ``setup_failed``."""

    async def open_spider_async(self, *, close_if_idle: bool = True) -> None:
        try:
            await super().open_spider_async(close_if_idle=close_if_idle)
        except CloseSpider:
            raise
        except Exception as exc:
            # Scrapy closed the spider with its default reason, "shutdown", as if the operator had
            # stopped it: the run was recorded "interrupted" (CHANGELOG: the near-duplicate
            # layout race, whose KeyError came out of the store's open_spider).
            self.crawler.set_up_failed(exc)
            if self._slot is None:  # the scheduler could not even be built: nothing to close
                raise
            # As Scrapy does when a component raises CloseSpider while opening: the spider is
            # opened for the components that wait for it (CoreStats and SpiderState assert they
            # saw spider_opened when spider_closed comes; the run's crawl_runs row starts there),
            # then closed with the reason.
            self.crawler.stats.open_spider()
            await self.signals.send_catch_log_async(spider_opened, spider=self.crawler.spider,
                                                    dont_log=CloseSpider)
            raise CloseSpider(SETUP_FAILED_REASON) from exc


class GuardedCrawler(Crawler):
    """Scrapy's crawler; a crawl whose set-up raises ends without letting the exception out, the
    site failed with the error in one line (:attr:`failure`; one ERROR line in the log, the
    traceback at DEBUG).

    An error opening the spider (an item pipeline's ``open_spider``, the scheduler's ``open``, a
    spider middleware's start) closes it as ``setup_failed`` with the error in the stat
    ``runs/setup_error``, so its ``crawl_runs`` row says ``failed`` and why. One raised before
    there is a spider to close (building the spider from its ``-a`` arguments and settings, the
    extensions, the downloader, the pipelines) leaves no row: the caller reports :attr:`failure`
    (``SiteRun``). Scrapy let both out: the first closed the spider as "shutdown" (an
    interrupted run), the second was a traceback ("Task exception was never retrieved" under
    ``scrapy crawl``, "crawl crashed" and "interrupted before finishing" under ``crawler crawl``).
    Only set-up errors come out of Scrapy's ``crawl``: the engine catches a running crawl's.
    """

    failure: str | None = None
    """Why the crawl failed, when its set-up raised: ``crawl set-up failed: ValueError: …``."""

    def _create_engine(self) -> ExecutionEngine:
        return _SetUpGuardedEngine(self, lambda _: self.stop_async())

    def set_up_failed(self, exc: Exception) -> None:
        if self.failure is not None:  # the engine saw it first; Scrapy's close raised again
            return
        error = exception_line(exc)
        self.failure = setup_failure(error)
        site = self.spider.name if self.spider is not None else self.spidercls.name
        logger.error("%s: %s", site, self.failure)
        logger.debug("%s: the set-up error's traceback", site, exc_info=exc)
        with contextlib.suppress(RuntimeError):  # before Scrapy made the stats collector
            self.stats.set_value(SETUP_ERROR_STAT, error)

    @inlineCallbacks
    def crawl(self, *args, **kwargs):
        try:
            yield super().crawl(*args, **kwargs)
        except Exception as exc:
            self.set_up_failed(exc)

    async def crawl_async(self, *args, **kwargs) -> None:
        try:
            await super().crawl_async(*args, **kwargs)
        except Exception as exc:
            self.set_up_failed(exc)


def crawl_stats(crawler: Crawler) -> dict:
    """The crawl's stats; none when it failed before Scrapy made its stats collector."""
    try:
        return dict(crawler.stats.get_stats())
    except RuntimeError:  # Crawler.stats is not set yet: the spider could not be built
        return {}


def spider_class_for(profile: SiteProfile):
    """A NewsSpider subclass bound to ``profile`` (named after it)."""
    from spiders.news import NewsSpider

    return type(f"{profile.name.title().replace('_', '')}Spider", (NewsSpider,),
                {"name": profile.name, "profile": profile})


def _crawler_process(settings):
    """A ``CrawlerProcess`` for ``settings``, its reactor installed (before anything imports
    ``twisted.internet.reactor``, which would install the default one)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.reactor import install_reactor, is_reactor_installed

    # The crawls' spider classes are made here from their profiles (spider_class_for): Scrapy's
    # spider loader, which imports spiders.sites, is not needed, and that module refuses a whole
    # sites file (CRAWLER_SITES_FILE) for one invalid profile, which `crawler crawl` leaves out.
    settings.set("SPIDER_LOADER_CLASS", "scrapy.spiderloader.DummySpiderLoader", priority="cmdline")
    tune_start_up(settings)
    # The extraction workers' forkserver imports the extractor on the other core while Scrapy
    # builds the process, the crawlers and their components (as `scrapy crawl` does: issue 7)
    from pipelines.extract import warm_up_extraction

    try:
        warm_up_extraction(settings)
    except (TypeError, ValueError):  # a setting that does not read: the crawl's set-up reports it
        pass
    process = CrawlerProcess(settings)
    exit_soon_after_second_signal(process)
    if not is_reactor_installed():
        install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
    return process


def _guarded_crawler(process, profile: SiteProfile) -> GuardedCrawler:
    return GuardedCrawler(spider_class_for(profile), process.settings)


def run_spider(profile: SiteProfile, overrides: dict | None = None) -> dict:
    """Crawl one site to completion in this process; return the crawl's stats."""
    process = _crawler_process(project_settings(overrides))
    crawler = _guarded_crawler(process, profile)
    process.crawl(crawler)
    with _signal_handlers_kept():
        process.start()
    return crawl_stats(crawler)


@dataclass
class SiteRun:
    """How one site's crawl ended: from the stats ``pipelines/runs.py`` sets, or, when it set
    none (``RUNS_ENABLED`` off, or the database could not be opened to write ``crawl_runs``),
    judged from the crawl's own stats by the same rules (``crawler.runs.failure_reason``); a
    crawl that raised (``crash``: ``GuardedCrawler.failure``) failed."""

    site: str
    stats: dict = field(default_factory=dict)
    crash: str | None = None

    @property
    def started(self) -> bool:
        return "start_time" in self.stats

    @property
    def closed(self) -> bool:
        """Whether the spider was closed: not when a second SIGTERM/Ctrl-C stopped the process at
        once (its crawl_runs row stays ``running`` until the next run marks it ``killed``)."""
        return "finish_reason" in self.stats or "runs/status" in self.stats

    @property
    def status(self) -> str:
        if self.crash:
            return "failed"
        if not self.started:
            return "not run"
        if not self.closed:
            return "interrupted"
        return self.stats.get("runs/status") or run_status(self.stats.get("finish_reason"), self.failure)

    @property
    def failure(self) -> str | None:
        if self.crash:
            return self.crash
        if not self.closed:
            return None
        if "runs/status" in self.stats:
            return self.stats.get("runs/failure")
        stats = self.stats
        if (stats.get(DISTRIBUTED_RUN_STAT) is not None and not stats.get("downloader/request_count")
                and stats.get("finish_reason") == "finished"):
            # A process of a distributed run that found the shared queue drained by the others
            # (it joined late) sent nothing: not a failure; the writer judges the run as a whole.
            return None
        if PAGES_OK_STAT not in stats:  # not counted (the runs extension is off): every 2xx counts
            ok = sum(count for key, count in stats.items()
                     if key.startswith("downloader/response_status_count/2"))
            stats = {**stats, PAGES_OK_STAT: ok}
        return failure_reason(stats, stats.get("finish_reason"))

    @property
    def run_id(self) -> int | None:
        """Id of the ``crawl_runs`` row this crawl opened (``runs/id``), ``None`` when it opened none."""
        return self.stats.get(RUN_ID_STAT)

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


def concurrent_workers(sites: int) -> int:
    """Extraction workers per site when ``sites`` are crawled at once and ``EXTRACT_WORKERS`` is
    not set: the CPUs shared among them, at least one each. Each site has a pool of its own, and
    one per CPU each made 30 processes for 15 sites on 2 CPUs (memory for nothing: extraction is
    CPU-bound, and one worker extracts some 50 pages a second, far above what a site's politeness
    lets one crawl fetch)."""
    from crawler.workers import default_workers

    return max(1, -(-default_workers() // sites))


def run_sites(profiles: list[SiteProfile], overrides: dict | None = None, *,
              concurrent: bool = False) -> list[SiteRun]:
    """Crawl ``profiles`` in this process (sequentially unless ``concurrent``); one result each."""
    from twisted.internet import defer

    settings = project_settings(overrides)
    if concurrent and len(profiles) > 1 and settings.get("EXTRACT_WORKERS") in (None, ""):
        settings.set("EXTRACT_WORKERS", concurrent_workers(len(profiles)), priority="cmdline")
    process = _crawler_process(settings)
    crawlers = [_guarded_crawler(process, profile) for profile in profiles]
    results = [SiteRun(profile.name) for profile in profiles]

    def collect(_, index):
        results[index].stats = crawl_stats(crawlers[index])
        results[index].crash = crawlers[index].failure
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
    for index, result in enumerate(results):
        if not result.stats:  # its crawl never ended: a second signal stopped the reactor at once
            collect(None, index)  # (a site not started yet has no stats: "not run")
    return results
