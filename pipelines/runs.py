"""Run records and progress: two Scrapy extensions around ``crawler/runs.py``.

``CrawlRunsExtension`` inserts a ``crawl_runs`` row (status ``running``) when the spider opens,
tallies extraction health from item signals while it runs (every article that reaches the end
of the item pipelines, every page candidate that is dropped), and at ``spider_closed`` — after
the item pipelines have flushed — completes the row from the crawl's stats, judges the site's
health against its own history and records the verdict. Every ``RUNS_PROGRESS_INTERVAL``
seconds it brings the running row's counts up to date, in a thread (a write waiting for the
database's lock must not stop the crawl), so readers see a crawl's progress and a crawl killed
without closing (SIGKILL, OOM) keeps the counts of its last update. It also sets the stats
``runs/status``, ``runs/failure``, ``runs/degraded`` and ``runs/degraded_reason`` for the caller
(``crawler/runner.py``), and ``runs/id``, the id of the row it opened. A failure to write the
row is logged as an error; it never stops the crawl, but the run is then ``failed``
(``runs/unrecorded``), judged from its stats, its failure saying the row could not be written.

``CrawlProgressExtension`` logs, every ``RUNS_PROGRESS_INTERVAL`` seconds, pages fetched and
articles stored, in total and per minute, for the site.

Settings: ``RUNS_ENABLED``, ``RUNS_PROGRESS_INTERVAL``, ``RUNS_HEALTH_MIN_ARTICLES``,
``RUNS_HEALTH_MIN_PAGES``, ``RUNS_HEALTH_HISTORY``, ``RUNS_HEALTH_DROP_RATIO``,
``RUNS_HEALTH_STALE_HOURS`` (or the profile's ``stale_hours``), ``DATABASE``,
``STORAGE_BUSY_TIMEOUT``.
Stats: ``runs/pages_ok`` (2xx responses other than robots.txt) and the four above;
``runs/refused_again``: pages refused in an earlier run (``refused_pages``), looked at again and
refused again, which the health figures (and ``crawl_runs.pages_not_articles``) leave out.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call
from twisted.internet.threads import deferToThread

from crawler.errors import StorageError
from crawler.lock import held_here
from crawler.items import ArticleItem, PageItem
from crawler.refused import REFUSED_BEFORE_META
from crawler.runs import (
    PAGES_OK_STAT,
    RUN_ID_STAT,
    RUN_UNRECORDED_STAT,
    HealthSettings,
    HealthTally,
    Verdict,
    finish_run,
    judge_health,
    record_progress,
    run_record,
    stale_verdict,
    start_run,
    unrecorded_failure,
)
from crawler.storage import open_database, utc_now

logger = logging.getLogger(__name__)


def site_stale_hours(spider) -> float | None:
    """The crawled profile's ``stale_hours`` (``None``: not set, or a spider without a profile)."""
    return getattr(getattr(spider, "profile", None), "stale_hours", None)


class RunTally:
    """The signal handlers that count a run's health figures in ``self.tally`` (a
    :class:`~crawler.runs.HealthTally`) and its pages answered 2xx (``PAGES_OK_STAT``): shared by
    the local run records and a distributed crawler process's run report
    (``pipelines.redis_runs.RedisRunReportExtension``)."""

    crawler: object
    tally: HealthTally

    def connect_tally(self, crawler) -> None:
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_error)

    def response_received(self, response, request, spider):
        if 200 <= response.status < 300 and urlsplit(response.url).path != "/robots.txt":
            self.crawler.stats.inc_value(PAGES_OK_STAT)

    def item_scraped(self, item, response, spider):
        if isinstance(item, ArticleItem):
            self.tally.add_article(
                has_date=bool(item.published_at), has_author=bool(item.authors),
                has_title=bool(item.title), words=item.word_count or len(item.body.split()),
            )

    def item_dropped(self, item, response, spider, **kwargs):
        # Dropped by extraction (not an article, parser failure) or by validation: either way
        # a fetched candidate page that did not become an article.
        if isinstance(item, (PageItem, ArticleItem)):
            if response is not None and response.meta.get(REFUSED_BEFORE_META):
                # A page refused in an earlier run, looked at again (its wait over, or a newer
                # lastmod) and refused again: the site's usual chaff, not this run's news. The
                # refused pages first met in one run come due together (crawler.refused), and a
                # burst of them against a history of runs that skipped them read as a broken
                # extraction: not counted in the health figures.
                self.crawler.stats.inc_value("runs/refused_again")
                return
            self.tally.add_rejected()


class CrawlRunsExtension(RunTally):
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("RUNS_ENABLED"):
            raise NotConfigured("RUNS_ENABLED is off")
        self.crawler = crawler
        self.database = settings.get("DATABASE")
        self.busy_timeout = settings.getfloat("STORAGE_BUSY_TIMEOUT")
        self.health = HealthSettings.from_settings(settings)
        self.progress_interval = settings.getfloat("RUNS_PROGRESS_INTERVAL")
        self.tally = HealthTally()
        self.run_id: int | None = None
        self.started_at: str | None = None
        self.progress_task = None
        self.progress_writing = False
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.connect_tally(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def site(self) -> str:
        return self.crawler.spider.name

    def spider_opened(self, spider):
        self.started_at = utc_now()
        try:
            db = open_database(self.database, busy_timeout=self.busy_timeout)
            try:
                # Holding the database's lock (crawler crawl, scrapy crawl, crawler demo), every
                # other running row not of this process is a dead run, whatever its pid.
                self.run_id = start_run(db, self.site, self.started_at, exclusive=held_here(self.database))
                self.crawler.stats.set_value(RUN_ID_STAT, self.run_id)
            finally:
                db.close()
        except (StorageError, sqlite3.Error) as exc:
            logger.error("cannot record the start of %s's crawl in crawl_runs: %s", self.site, exc)
        if self.run_id is not None and self.progress_interval > 0:
            self.progress_task = create_looping_call(self.record_progress)
            self.progress_task.start(self.progress_interval, now=False)

    def _record(self, *, finished_at: str | None, reason: str | None, verdict=None, health=None):
        figures = health if health is not None else self.tally.figures()
        return run_record(self.site, self.crawler.stats.get_stats(), figures,
                          started_at=self.started_at or utc_now(), finished_at=finished_at,
                          finish_reason=reason, verdict=verdict or Verdict(False))

    def record_progress(self) -> None:
        if self.progress_writing:  # the last update still waits for the database
            return
        record = self._record(finished_at=None, reason=None)  # read in the reactor's thread
        self.progress_writing = True
        deferred = deferToThread(self._write_progress, self.run_id, record)
        deferred.addBoth(self._progress_written)

    def _write_progress(self, run_id: int, record) -> None:
        db = open_database(self.database, busy_timeout=self.busy_timeout)
        try:
            record_progress(db, run_id, record)
        finally:
            db.close()

    def _progress_written(self, result):
        self.progress_writing = False
        if hasattr(result, "value"):  # a Failure: logged, the crawl goes on
            logger.warning("cannot update %s's running crawl_runs row: %s", self.site, result.value)

    def spider_closed(self, spider, reason):
        if self.progress_task is not None and self.progress_task.running:
            self.progress_task.stop()
        stats = self.crawler.stats
        health = self.tally.figures()
        # the site's own staleness window (profile stale_hours), else RUNS_HEALTH_STALE_HOURS
        settings = self.health.for_site(site_stale_hours(spider))
        verdict = Verdict(False)
        record = None
        try:
            db = open_database(self.database, busy_timeout=self.busy_timeout)
            try:
                verdict = judge_health(db, self.site, health, stats.get_stats(), before_id=self.run_id,
                                       health=settings)
                finished_at = utc_now()
                record = self._record(finished_at=finished_at, reason=reason, verdict=verdict, health=health)
                if stale := stale_verdict(db, record, verdict, before_id=self.run_id, now=finished_at,
                                          health=settings):
                    verdict = stale
                    record = self._record(finished_at=finished_at, reason=reason, verdict=verdict, health=health)
                if self.run_id is None:
                    self.run_id = start_run(db, self.site, record.started_at, exclusive=held_here(self.database))
                    stats.set_value(RUN_ID_STAT, self.run_id)
                finish_run(db, self.run_id, record)
            finally:
                db.close()
        except (StorageError, sqlite3.Error) as exc:
            logger.error("cannot record %s's crawl in crawl_runs: %s", self.site, exc)
            # The run is judged all the same, from its stats, and fails: it left no record of
            # itself, and `crawler crawl` must say so (exit 1) rather than print zeros and exit 0.
            if record is None:
                record = self._record(finished_at=utc_now(), reason=reason, verdict=verdict, health=health)
            record.status = "failed"
            record.failure = unrecorded_failure(record.failure, str(exc))
            stats.set_value(RUN_UNRECORDED_STAT, 1)
        stats.set_value("runs/status", record.status)
        if record.failure:
            stats.set_value("runs/failure", record.failure)
            logger.error("%s failed: %s", self.site, record.failure)
        if verdict.degraded:
            stats.set_value("runs/degraded", 1)
            stats.set_value("runs/degraded_reason", verdict.reason)
            logger.warning("%s: looks degraded: %s", self.site, verdict.reason)


class CrawlProgressExtension:
    def __init__(self, crawler):
        settings = crawler.settings
        self.interval = settings.getfloat("RUNS_PROGRESS_INTERVAL")
        if not settings.getbool("RUNS_ENABLED") or self.interval <= 0:
            raise NotConfigured("no progress logging")
        self.crawler = crawler
        self.task = None
        self.started = 0.0
        self.previous = (0, 0, 0.0)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def counts(self) -> tuple[int, int]:
        stats = self.crawler.stats
        stored = sum(stats.get_value(f"articles/{kind}", 0) for kind in ("new", "updated"))
        return stats.get_value("response_received_count", 0), stored

    def spider_opened(self, spider):
        self.started = time.monotonic()
        self.previous = (0, 0, self.started)
        self.task = create_looping_call(self.log)
        self.task.start(self.interval, now=False)

    def log(self):
        pages, articles = self.counts()
        now = time.monotonic()
        last_pages, last_articles, last_time = self.previous
        minutes = max(now - last_time, 1e-6) / 60
        logger.info(
            "%s: %d pages (%.0f/min), %d articles stored (%.0f/min), %.0fs elapsed",
            self.crawler.spider.name, pages, (pages - last_pages) / minutes, articles,
            (articles - last_articles) / minutes, now - self.started,
            extra={"spider": self.crawler.spider},
        )
        self.previous = (pages, articles, now)

    def spider_closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()
