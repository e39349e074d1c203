"""The shared frontier of distributed mode (``REDIS_URL``; see ``crawler/distributed.py``).

``SharedFrontierScheduler`` is scrapy-redis 0.9.1's ``Scheduler`` (priority queue and
``RFPDupeFilter`` in Redis, keys ``<spider>:requests`` and ``<spider>:dupefilter``), with
three changes for Scrapy 2.19 and for many processes:

- **stats without the spider argument**: scrapy-redis calls
  ``stats.inc_value(..., spider=...)``, deprecated since Scrapy 2.14 (a warning per request);
  ``enqueue_request``/``next_request`` are re-stated without it.
- **finishing**: a process whose own work is done stays open (``DontCloseSpider``) while
  other processes may still add requests: while the shared queue is not empty, and while
  another live worker is busy (it has requests in flight: its next page may add new ones;
  each worker marks itself in the hash ``<spider>:busy`` when it takes a request and clears
  the mark when its engine goes idle). It finishes once the queue has stayed empty, with no
  other worker busy, for ``REDIS_IDLE_TIMEOUT`` seconds. (scrapy-redis' own idle handling,
  ``MAX_IDLE_TIME_BEFORE_CLOSE``, lives in ``RedisSpider``, which reads start URLs from Redis
  through the removed ``start_requests()``; our spiders yield their own start requests.) An
  idle Scrapy engine re-checks every 5 s, so a process finishes within
  ``REDIS_IDLE_TIMEOUT`` + 5 s and an idle process picks up new requests within 5 s.
- **run lifecycle instead of SCHEDULER_PERSIST**: scrapy-redis flushes queue and dupefilter
  when *a* process closes (``SCHEDULER_PERSIST = False``), which would wipe the frontier
  under the processes still running, or never (``True``), which would filter the start
  pages of every later run. Here each process registers in ``<spider>:workers`` (a sorted
  set of heartbeats); the first process of a new run — no live worker, empty queue — clears
  the dupefilter, atomically (one Lua script), and the last one out clears it too. A queue
  left non-empty by killed processes is resumed by the next run.

``SharedSkipStoredMiddleware`` is ``SkipStoredArticlesMiddleware`` with the lookup in the
Redis hash ``REDIS_STORED_URLS_KEY`` (mirrored from ``seen_urls`` by ``crawler ingest``, its
only writer, after each commit and rebuilt at its start): crawler machines have no
database file, and the frontier must still not refetch stored articles.

Settings: ``REDIS_URL``, ``REDIS_IDLE_TIMEOUT``, ``REDIS_STORED_URLS_KEY``,
``DEDUP_SKIP_STORED``, ``CRAWL_RECRAWL``, and scrapy-redis' ``SCHEDULER_QUEUE_KEY``,
``SCHEDULER_QUEUE_CLASS``, ``SCHEDULER_DUPEFILTER_KEY``, ``SCHEDULER_SERIALIZER``.
Stats: ``scheduler/enqueued/redis``, ``scheduler/dequeued/redis``, ``dedup/skipped_stored``,
``dedup/refetch_newer``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy_redis.scheduler import Scheduler

from crawler.distributed import redis_client
from pipelines.middlewares import StoredArticleCheck

logger = logging.getLogger(__name__)

WORKERS_KEY = "%(spider)s:workers"
# Hash worker id -> time it last took a request or beat while busy.
BUSY_KEY = "%(spider)s:busy"
# Seconds between heartbeats; a worker silent for WORKER_STALE_AFTER is taken as dead
# (killed without closing), so it no longer keeps a finished run's dupefilter alive nor,
# busy, keeps the other workers waiting.
HEARTBEAT_INTERVAL = 10
WORKER_STALE_AFTER = 120
# Seconds between an idle worker's looks at the shared queue.
IDLE_POLL_INTERVAL = 1.0

# KEYS: workers, queue, dupefilter, busy. ARGV: now, stale_before, worker id.
# Returns 1 when this worker starts a new run (and the dupefilter was cleared).
_JOIN_SCRIPT = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local new_run = 0
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4])
  new_run = 1
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
return new_run
"""
# KEYS: workers, queue, dupefilter. ARGV: worker id, stale_before.
# Returns 1 when this was the last live worker and the finished run's dupefilter was cleared.
_LEAVE_SCRIPT = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""


class SharedFrontierScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        scheduler.idle_timeout = crawler.settings.getfloat("REDIS_IDLE_TIMEOUT")
        scheduler.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        scheduler.idle_since = None
        scheduler.busy = False
        scheduler.heartbeat = create_looping_call(scheduler.beat)
        scheduler.idle_poll = create_looping_call(scheduler.wake_when_queued)
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider):
        super().open(spider)
        self.workers_key = WORKERS_KEY % {"spider": spider.name}
        self.busy_key = BUSY_KEY % {"spider": spider.name}
        now = time.time()
        new_run = self.server.eval(_JOIN_SCRIPT, 4, self.workers_key, self.queue.key, self.df.key,
                                   self.busy_key, now, now - WORKER_STALE_AFTER, self.worker_id)
        if new_run:
            logger.info("%s: new distributed run (worker %s); shared dupefilter cleared",
                        spider.name, self.worker_id, extra={"spider": spider})
        else:
            logger.info("%s: joined a running distributed crawl as worker %s (%d request(s) queued)",
                        spider.name, self.worker_id, len(self.queue), extra={"spider": spider})
        self.heartbeat.start(HEARTBEAT_INTERVAL, now=False)

    def beat(self):
        now = time.time()
        self.server.zadd(self.workers_key, {self.worker_id: now})
        if self.busy:
            self.server.hset(self.busy_key, self.worker_id, now)

    def mark_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        self.busy = busy
        if busy:
            self.server.hset(self.busy_key, self.worker_id, time.time())
        else:
            self.server.hdel(self.busy_key, self.worker_id)

    def other_workers_busy(self) -> bool:
        stale_before = time.time() - WORKER_STALE_AFTER
        return any(worker.decode() != self.worker_id and float(seen) > stale_before
                   for worker, seen in self.server.hgetall(self.busy_key).items())

    def wake_when_queued(self):
        if not len(self.queue):
            return
        self.idle_poll.stop()
        # Scrapy's engine has no public "look at the scheduler now"; without it the request
        # waits for the engine's 5 s heartbeat.
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def close(self, reason):
        for loop in (self.heartbeat, self.idle_poll):
            if loop.running:
                loop.stop()
        self.mark_busy(False)
        last = self.server.eval(_LEAVE_SCRIPT, 3, self.workers_key, self.queue.key, self.df.key,
                                self.worker_id, time.time() - WORKER_STALE_AFTER)
        logger.info("%s: worker %s left (%s)%s", self.spider.name, self.worker_id, reason,
                    "; last worker, shared dupefilter cleared" if last else "",
                    extra={"spider": self.spider})

    def enqueue_request(self, request):
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        request = self.queue.pop()
        if request is not None:
            self.idle_since = None
            self.mark_busy(True)
            if self.idle_poll.running:
                self.idle_poll.stop()
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def spider_idle(self):
        """Keep this process open until the shared queue has been empty, and no other worker
        busy, long enough."""
        self.mark_busy(False)  # the engine is idle: nothing of ours in flight
        if not self.idle_poll.running:
            self.idle_poll.start(IDLE_POLL_INTERVAL, now=False)
        if len(self.queue) or self.other_workers_busy():
            self.idle_since = None
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_timeout:
            raise DontCloseSpider


class SharedSkipStoredMiddleware(StoredArticleCheck):
    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.server = redis_client(settings.get("REDIS_URL"))
        self.stored_urls_key = settings.get("REDIS_STORED_URLS_KEY")

    def stored(self, key: str) -> tuple[bool, str | None]:
        stored = self.server.hget(self.stored_urls_key, key)
        if stored is None:
            return False, None
        return True, stored.decode("utf-8") or None
