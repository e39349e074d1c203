"""RedisRunReportExtension: in distributed mode, each crawler process reports its run to the writer.

It takes ``CrawlRunsExtension``'s place (``crawler.distributed.DistributedMode``) when
``REDIS_URL`` is set and ``RUNS_ENABLED`` is not set on the command line: crawler machines have
no database to keep ``crawl_runs`` in, and only the writer knows which articles were new. It
pushes to the item list ``REDIS_ITEMS_KEY``, beside the articles, a ``start`` report when the
spider opens and an ``end`` report when it closes (its close reason, numeric stats and
extraction tally), under the distributed run id the shared frontier joined
(``crawler.distributed_runs.RUN_ID_STAT``); ``crawler ingest`` merges the processes' reports into
one ``crawl_runs`` row per site and run (``crawler.distributed_runs.record_runs``). A process
that could not join the frontier reports nothing (it has no run).

The ``end`` report is pushed after the process's last article (Scrapy closes the item
pipelines before it sends ``spider_closed``). A Redis that refuses it is tried again for up to
:data:`END_REPORT_WAIT` seconds; then it is lost, with one ERROR line, and the writer marks the
run ``killed`` when the site's next run opens.

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``.
Stats: ``runs/pages_ok`` (2xx responses other than robots.txt, as ``CrawlRunsExtension``),
``distributed/run_report_lost``.
"""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.distributed import crawler_redis_client, redacted
from crawler.distributed_runs import RUN_ID_STAT, WORKER_ID_STAT, RunReport, encode_run_report, numeric_stats, tally_fields
from crawler.runs import HealthTally
from crawler.storage import utc_now
from pipelines.redis_outage import describe
from pipelines.runs import RunTally, site_stale_hours

logger = logging.getLogger(__name__)

# Seconds between attempts to push a report Redis refused, and how long the end report is tried
# (the process is closing: its reactor has nothing else to do); at most REDIS_UNAVAILABLE_TIMEOUT,
# the time the process waits for a failing Redis.
RETRY_INTERVAL = 1.0
END_REPORT_WAIT = 10.0


class RedisRunReportExtension(RunTally):
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        self.crawler = crawler
        self.items_key = settings.get("REDIS_ITEMS_KEY")
        unavailable_timeout = settings.getfloat("REDIS_UNAVAILABLE_TIMEOUT", END_REPORT_WAIT)
        self.end_report_wait = min(END_REPORT_WAIT, max(0.0, unavailable_timeout))
        self.tally = HealthTally()
        self.started_at: str | None = None
        self.run_id: str | None = None
        self.worker: str | None = None
        self.server = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.connect_tally(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        self.started_at = utc_now()
        self.run_id = self.crawler.stats.get_value(RUN_ID_STAT)
        self.worker = self.crawler.stats.get_value(WORKER_ID_STAT)
        if self.run_id is not None:
            self.push(RunReport(spider.name, self.run_id, self.worker, "start", self.started_at), wait=0)

    def spider_closed(self, spider, reason):
        if self.run_id is None:
            return
        report = RunReport(spider.name, self.run_id, self.worker, "end", self.started_at or utc_now(),
                           finished_at=utc_now(), finish_reason=reason,
                           stats=numeric_stats(self.crawler.stats.get_stats()), tally=tally_fields(self.tally),
                           stale_hours=site_stale_hours(spider))
        if not self.push(report, wait=self.end_report_wait):
            self.crawler.stats.inc_value("distributed/run_report_lost")
        if self.server is not None:
            self.server.close()
            self.server = None

    def push(self, report: RunReport, *, wait: float) -> bool:
        """LPUSH ``report``; a refusal is retried for ``wait`` seconds (blocking: at most at close)."""
        deadline = time.monotonic() + wait
        while True:
            try:
                if self.server is None:
                    self.server = crawler_redis_client(self.crawler.settings)
                self.server.lpush(self.items_key, encode_run_report(report))
                return True
            except RedisError as exc:
                if time.monotonic() >= deadline:
                    logger.error("%s: the %s report of distributed run %s could not be pushed to Redis list %s at "
                                 "%s (%s): the writer %s", report.site, report.event, report.run, self.items_key,
                                 redacted(self.crawler.settings.get("REDIS_URL")), describe(exc),
                                 "records the run from the other processes' reports" if report.event == "start"
                                 else "marks the run killed when the site's next run opens")
                    return False
                time.sleep(max(0.0, min(RETRY_INTERVAL, deadline - time.monotonic())))
