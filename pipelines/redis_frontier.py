"""The shared frontier of distributed mode (``REDIS_URL``; see ``crawler/distributed.py``).

``SharedFrontierScheduler`` is scrapy-redis 0.9.1's ``Scheduler`` (priority queue and
``RFPDupeFilter`` in Redis, keys ``<spider>:requests`` and ``<spider>:dupefilter``), with
these changes for Scrapy 2.19 and for many processes:

- **stats without the spider argument**: scrapy-redis calls
  ``stats.inc_value(..., spider=...)``, deprecated since Scrapy 2.14 (a warning per request);
  ``enqueue_request``/``next_request`` are re-stated without it, and ``open`` without its
  deprecated ``Spider.log()`` call.
- **finishing**: a process whose own work is done stays open (``DontCloseSpider``) while
  other processes may still add requests: while the shared queue is not empty, and while
  another live worker is busy (it has requests in flight: its next page may add new ones;
  each worker marks itself in the hash ``<spider>:busy`` when it takes a request and clears
  the mark when its engine goes idle). It finishes once the queue has stayed empty, with no
  other worker busy, for ``REDIS_IDLE_TIMEOUT`` seconds. (scrapy-redis' own idle handling,
  ``MAX_IDLE_TIME_BEFORE_CLOSE``, lives in ``RedisSpider``, which reads start URLs from Redis
  through the removed ``start_requests()``; our spiders yield their own start requests.) An
  idle Scrapy engine re-checks every 5 s; an idle process also looks at the shared queue every
  ``IDLE_POLL_INTERVAL`` (1 s) and wakes its engine when a request was queued or its idle time
  has reached ``REDIS_IDLE_TIMEOUT``: it picks up new requests within 1 s, and finishes within
  ``REDIS_IDLE_TIMEOUT`` + 1 s of going idle with the queue empty and no other worker busy (a
  worker it waited for is looked at again at the engine's 5 s re-check).
- **run lifecycle instead of SCHEDULER_PERSIST**: scrapy-redis flushes queue and dupefilter
  when *a* process closes (``SCHEDULER_PERSIST = False``), which would wipe the frontier
  under the processes still running, or never (``True``), which would filter the start
  pages of every later run. Here each process registers in ``<spider>:workers`` (a sorted
  set of heartbeats); the first process of a new run — no live worker, empty queue — clears
  the dupefilter, atomically (one Lua script), and the last one out clears it too. A queue
  left non-empty by killed processes, with no live worker, is resumed by the next run as a new
  run: its requests stay queued and the dupefilter is rebuilt from them alone, so the new run
  fetches its start pages again (the killed run's dupefilter would filter them) and no queued
  URL twice. A new run (either kind) takes a new run id, ``<spider>:run``, in the same script;
  a process that joins takes the run's: each process reports its run to the writer under it
  (stats ``distributed/run``, ``distributed/worker``; ``pipelines.redis_runs``).
  A worker of this host whose process is gone (killed, then started again at once) is dead at
  once, not after ``REDIS_HEARTBEAT_TIMEOUT`` (:func:`dead_here`): removed from the worker set and the
  busy marks before joining, and ignored as busy. A worker whose heartbeat finds its own entry
  gone (Redis restarted without its data) says so once (``distributed/frontier_lost``).
- **a failing Redis is an outage, not a crash**: every Redis call here (queueing, taking,
  the idle checks, the heartbeat, leaving) catches ``RedisError`` and reports it to the
  crawler's ``pipelines.redis_outage.RedisOutage``, which closes the spider with reason
  ``redis_unavailable`` / ``redis_out_of_memory`` once Redis has failed for
  ``REDIS_UNAVAILABLE_TIMEOUT``. Meanwhile requests that could not be queued are held in memory
  and pushed, in order, once Redis takes writes again; the shared queue counts as not empty
  (the engine must not close the spider as "finished" on a queue it cannot see). A Redis that
  cannot be reached while joining closes the spider at once, with the same reasons.

- **a reliable queue**: a request is taken from the shared queue into this worker's lease set
  ``<spider>:inflight:<worker>`` in one Lua script (``_LEASE_SCRIPT``) and removed from it once
  Scrapy's engine is done with it (its download, callback and items through); the leases of a
  dead worker (no heartbeat for ``REDIS_HEARTBEAT_TIMEOUT``, or a process of this host that is gone)
  are put back into the queue by the live ones (``_RECLAIM_SCRIPT``), so a process killed
  mid-run loses none of the requests it took for the run; a process that closes puts back its
  own unfinished ones. The same with scrapy-redis' list queues (``SCHEDULER_QUEUE_CLASS``
  ``FifoQueue``, ``LifoQueue``: ``_LEASE_FROM_LIST_SCRIPT``, a lease list, put back at the head).
  A process that was only stalled past ``REDIS_HEARTBEAT_TIMEOUT`` finds, when it finishes such
  a request, its lease gone, and says so once (``distributed/leases_put_back_by_others``): the
  page may be fetched twice, the writer stores one copy.
  The timeout is the run's (:data:`RUN_HEARTBEAT_TIMEOUT_KEY`): the process that begins a run
  publishes its own in the join script, and every process that joins judges the others, and
  beats, by that one (one WARNING line when its own setting differs). The value outlives its run:
  whether the last run is alive is judged, before joining, by the shorter of it and the
  process's own (:meth:`SharedFrontierScheduler.joining_stale_after`).
- **a run whose Redis lost its data is re-seeded**: a worker whose heartbeat finds its
  registration and the run's id gone waits for the writer's rebuild of the stored-URL hash
  (``crawler.distributed.rebuilt_key``, at most ``RESEED_WAIT``), then schedules the spider's
  start requests again (the spider's ``forget_scheduled`` first), so the run still fetches what
  was queued, and no stored article.

- **the current profile's scope when taking a request**: a request popped from the shared
  queue that the spider's profile no longer covers (an ``exclude`` pattern added, or a domain
  removed, since it was queued) is dropped, not fetched (``pipelines.queued_scope``; one INFO
  line with the count when the spider closes), at most 1,000 per call to ``next_request``.

- **the start page's domain move, for the whole run**: an ad-hoc crawl's start page that moves
  to another domain (``pipelines.middlewares.StartRedirectMiddleware``) is followed, hops and
  retries, by the process that fetched it (:attr:`SharedFrontierScheduler.start_chain`, not the
  shared queue); once answered, its new host is published in :data:`MOVED_DOMAINS_KEY`, which
  every process reads when joining and before it drops a queued request outside its domains
  (stat ``distributed/start_redirect_domain_adopted``). Before, the others dropped the new
  domain's requests as off-site.

``SharedSkipStoredMiddleware`` is ``SkipStoredArticlesMiddleware`` with the lookup in the
Redis hash ``REDIS_STORED_URLS_KEY`` (mirrored from ``seen_urls`` by ``crawler ingest``, its
only writer, after each commit and rebuilt at its start): crawler machines have no
database file, and the frontier must still not refetch stored articles. The pages a local
crawl leaves alone after repeated extraction time-outs (``EXTRACT_TIMEOUT_GIVE_UP_AFTER``) it
reads, once per crawl, from ``<REDIS_STORED_URLS_KEY>:given_up``, mirrored by the writer from
``fetch_errors`` the same way (``crawler.distributed.given_up_key``). The pages extraction refused
(``refused_pages``, ``crawler.refused``) it looks up, per request, in ``<REDIS_STORED_URLS_KEY>:refused``,
the writer's mirror of those rows (``crawler.distributed.refused_key``), and leaves them alone until
their next look as a local crawl does.

Settings: ``REDIS_URL``, ``REDIS_IDLE_TIMEOUT``, ``REDIS_HEARTBEAT_TIMEOUT``, ``REDIS_UNAVAILABLE_TIMEOUT``,
``REDIS_STORED_URLS_KEY``, ``REDIS_SOCKET_TIMEOUT`` (also given to scrapy-redis' clients through ``REDIS_PARAMS``),
``DEDUP_SKIP_STORED``, ``CRAWL_RECRAWL``, and scrapy-redis' ``SCHEDULER_QUEUE_KEY``,
``SCHEDULER_QUEUE_CLASS``, ``SCHEDULER_DUPEFILTER_KEY``, ``SCHEDULER_SERIALIZER``.
Stats: ``scheduler/enqueued/redis``, ``scheduler/dequeued/redis``, ``scheduler/lost/redis``
(requests still held back when the spider closed), ``distributed/frontier_lost``,
``distributed/requests_reclaimed``, ``distributed/leases_put_back_by_others``,
``distributed/reseeded_after_data_loss``,
``discovery/dropped_from_queue/<reason>``, ``dedup/skipped_stored``,
``dedup/refetch_newer``, ``dedup/skipped_given_up``, ``dedup/refetch_given_up``.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections import deque

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Request
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy.utils.request import request_from_dict
from scrapy_redis.queue import FifoQueue, LifoQueue, PriorityQueue
from scrapy_redis.scheduler import Scheduler

from crawler.distributed import (
    crawler_redis_client,
    given_up_from_hash,
    given_up_key,
    rebuilt_key,
    refused_from_marker,
    refused_key,
)
from crawler.distributed_runs import RUN_ID_STAT, WORKER_ID_STAT
from crawler.lock import process_alive
from pipelines.middlewares import (
    START_REDIRECT_ADDED_META,
    StoredArticleCheck,
    adopt_moved_domains,
    start_page_moved,
)
from pipelines.queued_scope import QueuedScope, wake_engine
from pipelines.redis_outage import RedisOutage, close_reason, describe

logger = logging.getLogger(__name__)

WORKERS_KEY = "%(spider)s:workers"
# Hash worker id -> time it last took a request or beat while busy.
BUSY_KEY = "%(spider)s:busy"
# Seconds between heartbeats; a worker silent for REDIS_HEARTBEAT_TIMEOUT (WORKER_STALE_AFTER when
# unset or not above 0) is taken as dead (killed without closing), so it no longer keeps a finished
# run's dupefilter alive nor, busy, keeps the other workers waiting, and its leases are put back.
# A shorter timeout beats more often: at most a quarter of it between two beats.
HEARTBEAT_INTERVAL = 10
WORKER_STALE_AFTER = 120
# Seconds between an idle worker's looks at the shared queue.
IDLE_POLL_INTERVAL = 1.0
# Seconds a worker that found Redis's data lost waits for the writer to rebuild the stored-URL
# hash (crawler.distributed.rebuilt_key) before it re-seeds the run anyway (no writer running:
# stored articles the run finds again are then fetched again, stored "unchanged").
RESEED_WAIT = 120

# Queued requests read per ZRANGE, and fingerprints sent per SADD, when a killed run's
# dupefilter is rebuilt from its queue.
REBUILD_PAGE = 1000
# Seconds a half-built dupefilter of a process killed while rebuilding it stays in Redis.
REBUILD_KEY_TTL = 3600

# The number of requests in the queue KEYS[2], whichever scrapy-redis queue holds them (a sorted
# set, or a list for FifoQueue / LifoQueue).
_QUEUED = """
local function queued(key)
  local kind = redis.call('TYPE', key)['ok']
  if kind == 'list' then
    return redis.call('LLEN', key)
  elseif kind == 'none' then
    return 0
  end
  return redis.call('ZCARD', key)
end
"""
# KEYS: workers, queue, dupefilter, busy, rebuilt dupefilter (the fingerprints of the queued
# requests, built by the caller when it found no live worker; may not exist), run id, the run's
# heartbeat timeout, the domains the run's start page moved to (cleared by a new run on an empty
# queue; a killed run's resumption keeps them, with the requests it queued there). ARGV: now, stale_before (by the run's published timeout, if any), worker id, a
# new run id, this process's REDIS_HEARTBEAT_TIMEOUT. Returns {outcome, the run's id, the run's
# heartbeat timeout}: outcome JOINED, NEW_RUN (empty queue: dupefilter cleared) or
# RESUMED_KILLED_RUN (a queue with no live worker: left by killed processes; the rebuilt
# dupefilter, from the queue alone, renamed into place). A new run (either kind) takes the new
# run id and publishes this process's heartbeat timeout as the run's; a worker that joins takes
# the run's id and timeout (its own ones too, if the run has none: started before run ids or
# published timeouts, or Redis lost them). The rebuilt key is gone afterwards.
JOINED, NEW_RUN, RESUMED_KILLED_RUN = 0, 1, 2
RUN_KEY = "%(spider)s:run"
# The run's REDIS_HEARTBEAT_TIMEOUT, published by the process that began it: every process judges
# the others' heartbeats (and beats) by this one, whatever its own setting, so all of them agree on
# when a silent process is dead and its leases are put back.
RUN_HEARTBEAT_TIMEOUT_KEY = "%(spider)s:heartbeat_timeout"
# The hosts an ad-hoc run's start page moved to (a set: pipelines.middlewares.start_page_moved),
# published by the process that followed the redirect: every process of the run crawls them as
# the site's domains (read when joining, and again before a queued request outside its domains is
# dropped).
MOVED_DOMAINS_KEY = "%(spider)s:moved_domains"
_JOIN_SCRIPT = _QUEUED + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local outcome = 0
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[3], KEYS[4])
  if queued(KEYS[2]) == 0 then
    outcome = 1
    redis.call('DEL', KEYS[8])
  else
    outcome = 2
    if redis.call('EXISTS', KEYS[5]) == 1 then
      redis.call('RENAME', KEYS[5], KEYS[3])
      redis.call('PERSIST', KEYS[3])
    end
  end
end
redis.call('DEL', KEYS[5])
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
if outcome ~= 0 or redis.call('EXISTS', KEYS[6]) == 0 then
  redis.call('SET', KEYS[6], ARGV[4])
end
if outcome ~= 0 or redis.call('EXISTS', KEYS[7]) == 0 then
  redis.call('SET', KEYS[7], ARGV[5])
end
return {outcome, redis.call('GET', KEYS[6]), redis.call('GET', KEYS[7])}
"""
# KEYS: workers, queue, dupefilter. ARGV: worker id, stale_before.
# Returns 1 when this was the last live worker and the finished run's dupefilter was cleared.
_LEAVE_SCRIPT = _QUEUED + """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) == 0 and queued(KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
  return 1
end
return 0
"""
# The reliable queue: a request taken from the shared queue is moved, in the same script, into
# the taking worker's lease set <spider>:inflight:<worker> (a sorted set like the queue: the
# serialized request, its queue score), whose owner is listed in <spider>:inflight; the worker
# removes it once Scrapy is done with the request (downloaded, its callback run, its items
# through the pipelines: the article pushed to the writer's list). A worker that dies with
# requests taken leaves them there, and a live worker puts them back into the queue
# (_RECLAIM_SCRIPT) once the dead one's heartbeat is REDIS_HEARTBEAT_TIMEOUT old, or at once when it
# was a process of the same host that is gone (dead_here).
INFLIGHT_KEY = "%(spider)s:inflight"
# KEYS: queue, lease set of this worker, lease owners. ARGV: this worker's id.
# Returns {serialized request, score} or nil when the queue is empty. The lease is written before
# the request leaves the queue: a full Redis refuses a script at its first write that needs memory
# (ZADD) and does not undo the writes before it, so the request is never left out of both.
_LEASE_SCRIPT = """
local taken = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #taken == 0 then
  return nil
end
redis.call('ZADD', KEYS[2], taken[2], taken[1])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
return taken
"""
# The same for scrapy-redis' list queues (FifoQueue: taken with RPOP, its head at index -1;
# LifoQueue: LPOP, index 0), whose lease set is a list too (LPUSH, the newest lease first; a
# request queued twice, dont_filter, is leased twice). KEYS as above. ARGV: this worker's id, the
# head's index, the command that takes it. Returns {serialized request} or nil.
_LEASE_FROM_LIST_SCRIPT = """
local taken = redis.call('LINDEX', KEYS[1], ARGV[2])
if not taken then
  return nil
end
redis.call('LPUSH', KEYS[2], taken)
redis.call('SADD', KEYS[3], ARGV[1])
redis.call(ARGV[3], KEYS[1])
return {taken}
"""
# KEYS: queue, lease owners, workers. ARGV: stale_before, this worker's id, how a request is put
# back in front of a list queue ('RPUSH' for FifoQueue, 'LPUSH' for LifoQueue; '' for the priority
# queue, a sorted set: put back with its score), then the owners that are dead whatever their
# heartbeat says (this host's gone processes; this worker itself when it leaves). Puts back into
# the queue the leases of every owner that is not a live worker (no heartbeat since stale_before)
# and of those named, a list queue's oldest lease at its head; returns {number of requests put
# back, the owners whose requests were put back...}.
# (The lease sets' keys are <lease owners>:<owner>, built here: scrapy-redis' keys are not
# Redis Cluster keys either.)
_RECLAIM_SCRIPT = """
local put_back = {0}
local named = {}
for i = 4, #ARGV do
  named[ARGV[i]] = true
end
for _, owner in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local dead = named[owner]
  if not dead and owner ~= ARGV[2] then
    local seen = redis.call('ZSCORE', KEYS[3], owner)
    dead = (not seen) or tonumber(seen) <= tonumber(ARGV[1])
  end
  if dead then
    local leases = KEYS[2] .. ':' .. owner
    local n = 0
    if ARGV[3] == '' then
      n = redis.call('ZCARD', leases)
      if n > 0 then
        redis.call('ZUNIONSTORE', KEYS[1], 2, KEYS[1], leases, 'AGGREGATE', 'MIN')
      end
    else
      for _, raw in ipairs(redis.call('LRANGE', leases, 0, -1)) do
        redis.call(ARGV[3], KEYS[1], raw)
        n = n + 1
      end
    end
    if n > 0 then
      redis.call('DEL', leases)
      put_back[1] = put_back[1] + n
      table.insert(put_back, owner)
    end
    redis.call('SREM', KEYS[2], owner)
  end
end
return put_back
"""


def pid_namespace() -> str:
    """This process's pid namespace (the inode of ``/proc/self/ns/pid``), ``""`` where there is
    none to read. Containers on one host that share its name (``--network host``) but not its pid
    namespace cannot see each other's pids: a pid is only checked inside the same namespace."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return ""


def new_worker_id() -> str:
    """``<host>:<pid>:<token>.<pid namespace>`` (see :func:`dead_here`)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}.{pid_namespace()}"


def new_run_id() -> str:
    """``<UTC time>-<token>``: the id a new distributed run of a site takes (``<spider>:run``),
    which every process of the run reports its run and articles under (:data:`RUN_ID_STAT`)."""
    return f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:8]}"


def heartbeat_timeout(settings) -> float:
    """``REDIS_HEARTBEAT_TIMEOUT``: seconds without a heartbeat after which a crawler process is
    taken for dead by the others (:data:`WORKER_STALE_AFTER` when unset or not above 0)."""
    value = settings.getfloat("REDIS_HEARTBEAT_TIMEOUT", WORKER_STALE_AFTER)
    return value if value > 0 else float(WORKER_STALE_AFTER)


def parse_heartbeat_timeout(value) -> float | None:
    """A run's published heartbeat timeout (:data:`RUN_HEARTBEAT_TIMEOUT_KEY`, seconds as text),
    or ``None`` when there is none or it is no positive number."""
    try:
        timeout = float(value.decode() if isinstance(value, bytes) else value)
    except (TypeError, ValueError):
        return None
    return timeout if timeout > 0 and timeout != float("inf") else None


def dead_here(worker: str, host: str, namespace: str | None = None) -> bool:
    """Whether ``worker`` (an id of :func:`new_worker_id`) was a process of this machine (``host``)
    and of this process's pid namespace that no longer exists: killed (SIGKILL, the OOM killer)
    without leaving. Such a worker is dead now, not ``REDIS_HEARTBEAT_TIMEOUT`` seconds from now.
    A pid reused since counts as alive, and so does a worker whose namespace is unknown (the
    staleness limit still applies to both)."""
    namespace = pid_namespace() if namespace is None else namespace
    parts = worker.split(":")  # (a host name has no colon)
    if not namespace or len(parts) != 3 or parts[0] != host or parts[2].rpartition(".")[2] != namespace:
        return False
    try:
        pid = int(parts[1])
    except ValueError:
        return False
    return pid != os.getpid() and not process_alive(pid)


class SharedFrontierScheduler(Scheduler):
    @classmethod
    def from_crawler(cls, crawler):
        try:
            scheduler = super().from_crawler(crawler)
            scheduler.unreachable = None
        except RedisError as exc:
            # scrapy-redis pings Redis here, while Scrapy builds the scheduler: an error raised
            # now cannot close the spider with a reason (the crawl ends in a traceback and
            # "not run"). open() reports it instead.
            scheduler = cls(server=None)
            scheduler.stats = crawler.stats
            scheduler.unreachable = exc
        scheduler.crawler = crawler
        scheduler.idle_timeout = crawler.settings.getfloat("REDIS_IDLE_TIMEOUT")
        # This process's setting; the run's, published by the process that began the run, replaces
        # it when this one joins (use_run_heartbeat_timeout).
        scheduler.own_stale_after = scheduler.stale_after = heartbeat_timeout(crawler.settings)
        scheduler.heartbeat_interval = min(HEARTBEAT_INTERVAL, scheduler.stale_after / 4)
        scheduler.outage = RedisOutage.of(crawler)
        scheduler.worker_id = new_worker_id()
        scheduler.idle_since = None
        scheduler.idle_nudged = None  # the idle_since the idle poll last woke the engine for
        scheduler.busy = False
        scheduler.joined = False
        scheduler.run_id = None
        # Requests this process could not queue while Redis failed ([request, recorded by the
        # shared dupefilter]): pushed when Redis takes writes again, lost if it never does.
        scheduler.held_back = []
        scheduler.heartbeat = create_looping_call(scheduler.beat)
        scheduler.idle_poll = create_looping_call(scheduler.wake_when_queued)
        scheduler.join_failure = None
        scheduler.scope = QueuedScope(crawler, recheck_off_domain=scheduler.recheck_moved_domains)
        # A start page's redirect chain that added hosts to this process's domains
        # (START_REDIRECT_ADDED_META): followed here, not through the shared queue, where another
        # process would refuse its next hop as off-site, and this one keep the hosts it only
        # passed through (the chain ends where it is followed).
        scheduler.start_chain = deque()
        scheduler.moved_key = None
        scheduler.unpublished_moves = set()  # hosts the start page moved to that Redis refused
        crawler.signals.connect(scheduler.start_page_moved, signal=start_page_moved)
        # Requests taken from the shared queue and not finished yet -> their serialized form in
        # this worker's lease set (see _LEASE_SCRIPT); acknowledgements Redis refused, retried.
        scheduler.leases = {}
        scheduler.unacknowledged = []
        scheduler.reliable = False
        scheduler.put_back = ""  # how _RECLAIM_SCRIPT puts a lease back into this queue class
        # time.monotonic() since when this worker waits to re-seed a run whose Redis data was lost.
        scheduler.reseed_since = None
        scheduler.reseeding = None  # the Deferred of a re-seed begun
        scheduler.rebuilt_key = rebuilt_key(crawler.settings.get("REDIS_STORED_URLS_KEY") or "crawler:stored_urls")
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(scheduler.spider_opened, signal=signals.spider_opened)
        return scheduler

    def spider_opened(self):
        if self.join_failure is not None:
            raise self.join_failure

    def open(self, spider):
        self.spider = spider
        try:
            if self.unreachable is not None:
                raise self.unreachable
            # scrapy-redis' Scheduler.open, less its "Resuming crawl" Spider.log() call
            # (deprecated: a warning whenever a process starts on a non-empty queue).
            self.queue = load_object(self.queue_cls)(server=self.server, spider=spider,
                                                     key=self.queue_key % {"spider": spider.name},
                                                     serializer=self.serializer)
            if not self.df:
                self.df = load_object(self.dupefilter_cls).from_spider(spider)
            if self.flush_on_start:
                self.flush()
            self.workers_key = WORKERS_KEY % {"spider": spider.name}
            self.busy_key = BUSY_KEY % {"spider": spider.name}
            self.inflight_key = INFLIGHT_KEY % {"spider": spider.name}
            self.leases_key = f"{self.inflight_key}:{self.worker_id}"
            self.reliable = self.take_with_leases()
            self.timeout_key = RUN_HEARTBEAT_TIMEOUT_KEY % {"spider": spider.name}
            rebuilt_key = f"{self.df.key}:rebuilt:{self.worker_id}"
            self.forget_dead_workers_here()
            now = time.time()
            self.stale_after = self.joining_stale_after(now)
            stale_before = now - self.stale_after
            # Before the join decides between a new run and a killed run's resumption: the
            # requests dead workers had taken are queued requests again.
            self.reclaim()
            self.rebuild_dupefilter(rebuilt_key, stale_before)
            self.moved_key = MOVED_DOMAINS_KEY % {"spider": spider.name}
            outcome, run_id, run_timeout = self.server.eval(
                _JOIN_SCRIPT, 8, self.workers_key, self.queue.key, self.df.key, self.busy_key, rebuilt_key,
                RUN_KEY % {"spider": spider.name}, self.timeout_key, self.moved_key, now, stale_before,
                self.worker_id, new_run_id(), repr(self.own_stale_after))
            self.adopt_moved_domains()
        except RedisError as exc:
            # Before any work there is nothing to save by waiting: say why, and stop. Not by
            # raising CloseSpider here: Scrapy would then skip opening the item pipelines, and
            # closing them fails with a traceback. spider_opened raises it instead.
            logger.error("%s: cannot join the shared frontier: Redis at %s: %s", spider.name,
                         self.outage.url, describe(exc), extra={"spider": spider})
            self.join_failure = CloseSpider(close_reason(exc))
            return
        self.joined = True
        self.run_id = run_id.decode() if isinstance(run_id, bytes) else run_id
        self.stats.set_value(RUN_ID_STAT, self.run_id)
        self.stats.set_value(WORKER_ID_STAT, self.worker_id)
        if outcome == NEW_RUN:
            logger.info("%s: new distributed run (worker %s); shared dupefilter cleared",
                        spider.name, self.worker_id, extra={"spider": spider})
        elif outcome == RESUMED_KILLED_RUN:
            logger.warning("%s: new distributed run (worker %s) resuming %d request(s) a killed run left "
                           "queued; shared dupefilter rebuilt from them, so start pages are fetched again",
                           spider.name, self.worker_id, len(self.queue), extra={"spider": spider})
        else:
            logger.info("%s: joined a running distributed crawl as worker %s (%d request(s) queued)",
                        spider.name, self.worker_id, len(self.queue), extra={"spider": spider})
        self.use_run_heartbeat_timeout(parse_heartbeat_timeout(run_timeout) or self.own_stale_after)
        self.heartbeat.start(self.heartbeat_interval, now=False)

    def joining_stale_after(self, now: float) -> float:
        """The heartbeat timeout by which this process, before it joins, judges the workers of the
        running (or last) run, and so whether that run is alive: the run's published one
        (:data:`RUN_HEARTBEAT_TIMEOUT_KEY`), which its workers beat by; but this process's own
        ``REDIS_HEARTBEAT_TIMEOUT`` when that is shorter and no worker beat within it. The key
        outlives its run: a run begun with 3600 s and killed, restarted with 120 s, waited an
        hour before it resumed the killed run's queue (review C2, finding 2). A live worker
        beats every 10 s at most, so a run alive by its own timeout is alive by the shorter one
        too, unless all its workers are stalled; a run found alive is joined as before, its
        silent workers judged by its own timeout. Raises ``RedisError``."""
        run_timeout = parse_heartbeat_timeout(self.server.get(self.timeout_key)) or self.own_stale_after
        if (self.own_stale_after < run_timeout
                and not self.server.zcount(self.workers_key, f"({now - self.own_stale_after}", "+inf")):
            logger.info("%s: no worker beat within this process's REDIS_HEARTBEAT_TIMEOUT (%g s): the run that "
                        "published %g s (%s) is judged dead by the shorter one", self.spider.name,
                        self.own_stale_after, run_timeout, self.timeout_key, extra={"spider": self.spider})
            return self.own_stale_after
        return run_timeout

    def use_run_heartbeat_timeout(self, run_timeout: float) -> None:
        """Judge the other workers by the run's heartbeat timeout (:data:`RUN_HEARTBEAT_TIMEOUT_KEY`),
        and beat often enough for it: one WARNING line when this process's own
        ``REDIS_HEARTBEAT_TIMEOUT`` differs (two processes judging by their own disagreed on when a
        stalled one's requests are put back), one when ``REDIS_UNAVAILABLE_TIMEOUT`` is longer."""
        self.stale_after = run_timeout
        self.heartbeat_interval = min(HEARTBEAT_INTERVAL, run_timeout / 4)
        if run_timeout != self.own_stale_after:
            logger.warning("%s: REDIS_HEARTBEAT_TIMEOUT is %g s here but %g s in the run this worker joined (set by "
                           "the process that began it, %s): the run's is used, so every worker takes a silent one "
                           "for dead after the same time", self.spider.name, self.own_stale_after, run_timeout,
                           self.timeout_key, extra={"spider": self.spider})
        if self.outage.timeout > self.stale_after:
            logger.warning("REDIS_UNAVAILABLE_TIMEOUT (%g s) is longer than REDIS_HEARTBEAT_TIMEOUT (%g s): a "
                           "worker that cannot reach Redis while the other workers can sends no heartbeat, so "
                           "after %g s they take it for dead and put the requests it had taken back in the "
                           "shared queue, while it waits on for Redis: those pages may be fetched twice (the "
                           "writer stores one copy). Set REDIS_UNAVAILABLE_TIMEOUT at most REDIS_HEARTBEAT_TIMEOUT "
                           "to have it give up first", self.outage.timeout, self.stale_after, self.stale_after)

    def take_with_leases(self) -> bool:
        """Whether requests are taken from the shared queue with a lease (:data:`_LEASE_SCRIPT`,
        :data:`_LEASE_FROM_LIST_SCRIPT`), acknowledged when Scrapy's engine is done with them: with
        each of scrapy-redis' queue classes (``SCHEDULER_QUEUE_CLASS``: the default priority queue,
        ``FifoQueue``, ``LifoQueue`` and their subclasses; another class is popped as it pops,
        with one WARNING line), once the engine tells this scheduler when it is done with a
        request. No public signal of Scrapy 2.19 does in every case: none is sent for a request a
        downloader middleware ignores in ``process_request`` (``IgnoreRequest``: the stored-article
        check, robots.txt) or replaces with another (a redirect), and none once a callback's or
        errback's output is through (its items through the pipelines; ``item_scraped`` names the
        response of each item, but a page that yields no item sends none, and the end of the
        output is not signalled). So its slot's ``remove_request``, which the engine calls once
        the download, the callback or errback and the items' pipelines are through, in each of
        those cases, is wrapped. If a later Scrapy lacks it, leases are off (one WARNING line)
        rather than never acknowledged, which would put every request back when the process
        leaves."""
        if isinstance(self.queue, PriorityQueue):
            self.put_back = ""
        elif isinstance(self.queue, (FifoQueue, LifoQueue)):
            # Put back at the head, where the queue takes from: FIFO pops on the right, LIFO on the left.
            self.put_back = "RPUSH" if isinstance(self.queue, FifoQueue) else "LPUSH"
        else:
            logger.warning("%s: SCHEDULER_QUEUE_CLASS %s is none of scrapy-redis' queues: requests are taken "
                           "from the shared queue without a lease (a process killed loses the ones it had taken "
                           "for this run)", self.spider.name, self.queue_cls, extra={"spider": self.spider})
            return False
        try:
            engine = self.crawler.engine
        except RuntimeError:  # Scrapy 2.18+ before the crawl: a component test acknowledges by hand
            engine = None
        if engine is None:
            return True
        slot = getattr(engine, "_slot", None)
        remove = getattr(slot, "remove_request", None)
        if remove is None:
            logger.warning("%s: this Scrapy's engine has no slot.remove_request: requests are taken from the "
                           "shared queue without a lease (a process killed loses the ones it had taken for this "
                           "run)", self.spider.name, extra={"spider": self.spider})
            return False

        def remove_request(request):
            # Acknowledged first: removing the last request may close the spider, and close() puts
            # back every lease still held.
            self.acknowledge(request)
            remove(request)

        slot.remove_request = remove_request
        return True

    def take(self):
        """The first request of the shared queue, moved into this worker's lease set in the
        same step (:data:`_LEASE_SCRIPT`, :data:`_LEASE_FROM_LIST_SCRIPT`); ``None`` when the
        queue is empty."""
        if not self.put_back:
            taken = self.server.eval(_LEASE_SCRIPT, 3, self.queue.key, self.leases_key, self.inflight_key,
                                     self.worker_id)
        else:  # FifoQueue takes its head from the right (RPOP), LifoQueue from the left (LPOP)
            fifo = self.put_back == "RPUSH"
            taken = self.server.eval(_LEASE_FROM_LIST_SCRIPT, 3, self.queue.key, self.leases_key, self.inflight_key,
                                     self.worker_id, -1 if fifo else 0, "RPOP" if fifo else "LPOP")
        if not taken:
            return None
        raw = taken[0]
        try:
            request = self.queue._decode_request(raw)
        except Exception:
            # scrapy-redis' pop raises for an entry it cannot read back, and the entry is gone:
            # so here, rather than leave it in the lease set to be put back again and again.
            self.unlease([raw])
            raise
        self.leases[request] = raw
        return request

    def acknowledge(self, request) -> None:
        """Scrapy is done with ``request``: remove its lease (nothing for a request not taken
        from the shared queue: robots.txt). One Redis refuses is tried again at each heartbeat."""
        raw = self.leases.pop(request, None)
        if raw is None:
            return
        self.unacknowledged.append(raw)
        self.acknowledge_pending()

    def acknowledge_pending(self) -> None:
        if not self.unacknowledged:
            return
        try:
            gone = self.unlease(self.unacknowledged)
        except RedisError as exc:
            self.outage.failed(exc, "acknowledging a finished request")
            return
        # (no outage.wrote(): ZREM frees memory, so a full Redis takes it; it says nothing of writes)
        self.unacknowledged.clear()
        if gone > 0:
            self.leases_gone(gone)

    def leases_gone(self, gone: int) -> None:
        """Requests this worker finished were no longer in its lease set: another worker put them
        back into the queue, having taken this one for dead (no heartbeat for
        ``REDIS_HEARTBEAT_TIMEOUT``: the process stalled), or Redis lost them, or an
        acknowledgement was sent again after a failure whose first try had been applied (its
        reply lost: nothing went wrong). Their pages may be fetched a second time; the writer
        stores one copy. Said once, counted each time; the total is said when the spider closes."""
        first = not self.stats.get_value("distributed/leases_put_back_by_others")
        self.stats.inc_value("distributed/leases_put_back_by_others", gone)
        if first:
            logger.warning("%s: %d request(s) this worker finished were no longer in its lease set: put back "
                           "in the shared queue by another worker (this one was silent for more than %g s, "
                           "REDIS_HEARTBEAT_TIMEOUT: a stall?), lost by Redis, or already acknowledged (an "
                           "acknowledgement sent again after its first reply was lost: harmless); their pages "
                           "may be fetched twice, the writer stores one copy. Said once; the total is given at "
                           "the close (distributed/leases_put_back_by_others)",
                           self.spider.name, gone, self.stale_after, extra={"spider": self.spider})

    def unlease(self, raws: list) -> int:
        """Remove ``raws`` from this worker's lease set (one lease each); returns how many of them
        were not there. Raises ``RedisError``."""
        if not self.put_back:
            return len(set(raws)) - self.server.zrem(self.leases_key, *raws)
        pipe = self.server.pipeline(transaction=False)
        for raw in raws:
            pipe.lrem(self.leases_key, 1, raw)
        return len(raws) - sum(pipe.execute())

    def reclaim(self, *, leaving: bool = False) -> int:
        """Put back into the shared queue the requests that dead workers had taken and not
        finished (:data:`_RECLAIM_SCRIPT`): those of workers without a heartbeat for
        ``REDIS_HEARTBEAT_TIMEOUT`` seconds, and of this host's workers whose process is gone
        (:func:`dead_here`); with ``leaving``, this worker's own (the spider closes: whatever it
        took and did not finish goes to the others, or to the next run). Raises ``RedisError``."""
        host = self.worker_id.split(":")[0]
        owners = (o.decode() if isinstance(o, bytes) else o for o in self.server.smembers(self.inflight_key))
        dead = [o for o in owners if o != self.worker_id and dead_here(o, host)]
        if leaving:
            dead.append(self.worker_id)
        put_back, *from_owners = self.server.eval(
            _RECLAIM_SCRIPT, 3, self.queue.key, self.inflight_key, self.workers_key,
            time.time() - self.stale_after, self.worker_id, self.put_back, *dead)
        others = [o.decode() if isinstance(o, bytes) else o for o in from_owners]
        others = [o for o in others if o != self.worker_id]
        if put_back and others:
            self.stats.inc_value("distributed/requests_reclaimed", put_back)
            logger.warning("%s: %d request(s) taken by dead worker(s) %s and not finished put back in the shared "
                           "queue", self.spider.name, put_back, ", ".join(others), extra={"spider": self.spider})
        elif put_back:
            logger.info("%s: %d request(s) this worker had taken and not finished put back in the shared queue",
                        self.spider.name, put_back, extra={"spider": self.spider})
        return put_back

    def rebuild_dupefilter(self, key: str, stale_before: float) -> int:
        """Build in the set ``key`` the dupefilter fingerprints of the queued requests, when no
        live worker holds the run; returns the number of fingerprints (0 for a live run: nothing built).

        Such a queue was left by killed processes. Its run's dupefilter also holds the start
        pages (sitemaps, feeds, section pages) it fetched, maybe hours ago: kept, it would hide
        them from this run and with them every article published since. Cleared, it would let
        a queued URL be queued again when a start page links it, and be fetched twice. So the
        join script replaces it with this set, in one step.

        The queue may hold millions of requests: it is read :data:`REBUILD_PAGE` at a time and
        the fingerprints are added as many per ``SADD``. A queued request that cannot be read
        back (a callback renamed since, a foreign or damaged entry) is skipped and counted.
        """
        if self.server.zcount(self.workers_key, f"({stale_before}", "+inf"):
            return 0  # a live run: join it as it is
        self.server.delete(key)
        added = skipped = 0
        start = 0
        read = self.server.zrange if isinstance(self.queue, PriorityQueue) else self.server.lrange
        while raws := read(self.queue.key, start, start + REBUILD_PAGE - 1):
            start += len(raws)
            fingerprints = []
            for raw in raws:
                try:
                    request = request_from_dict(self.queue.serializer.loads(raw), spider=self.spider)
                    if not request.dont_filter:
                        fingerprints.append(self.df.request_fingerprint(request))
                except Exception:  # noqa: BLE001 - any entry that cannot be read back is skipped
                    skipped += 1
            if fingerprints:
                self.server.sadd(key, *fingerprints)
                self.server.expire(key, REBUILD_KEY_TTL)
                added += len(fingerprints)
        if skipped:
            logger.warning("%s: %d queued request(s) could not be read back (a callback renamed since, or a "
                           "damaged entry): not in the rebuilt dupefilter", self.spider.name, skipped,
                           extra={"spider": self.spider})
        return added

    def forget_dead_workers_here(self) -> int:
        """Remove from the worker set and the busy marks the workers of this host whose process
        is gone (:func:`dead_here`): a process killed and started again at once (systemd,
        a wrapper that retries) otherwise joined the dead run as a live one, its start pages
        filtered, and waited for the dead worker's busy mark to be ``REDIS_HEARTBEAT_TIMEOUT``
        seconds old before it could finish."""
        host = self.worker_id.split(":")[0]
        workers = {*self.server.zrangebyscore(self.workers_key, "-inf", "+inf"), *self.server.hkeys(self.busy_key)}
        workers = {w.decode() if isinstance(w, bytes) else w for w in workers}
        dead = sorted(w for w in workers if dead_here(w, host))
        if dead:
            self.server.zrem(self.workers_key, *dead)
            self.server.hdel(self.busy_key, *dead)
            logger.info("%s: %d worker(s) of this host whose process is gone removed from the shared frontier: %s",
                        self.spider.name, len(dead), ", ".join(dead), extra={"spider": self.spider})
        return len(dead)

    def beat(self):
        # Never raises: an exception would stop the looping call for good, and the other
        # workers would take this live one for dead two minutes later.
        now = time.time()
        try:
            added = self.server.zadd(self.workers_key, {self.worker_id: now})
            if self.busy:
                self.server.hset(self.busy_key, self.worker_id, now)
        except RedisError as exc:
            self.outage.failed(exc, "sending the worker heartbeat")
            return
        if added:
            self.registration_lost()
        self.outage.wrote()
        self.push_held_back()
        self.publish_moves()
        self.acknowledge_pending()
        self.maybe_reseed()
        if self.reliable:
            try:
                self.reclaim()
            except RedisError as exc:
                self.outage.failed(exc, "putting back the requests of dead workers")

    def registration_lost(self) -> None:
        """This worker's heartbeat found its entry gone from ``<spider>:workers``: Redis lost its
        data (restarted without persistence, or a failover to a replica behind it), or another
        worker took this one for dead (silent for ``REDIS_HEARTBEAT_TIMEOUT`` seconds). Either way
        the run's queue and dupefilter may be gone with it: the run goes on with what is found
        from here, stored articles may be fetched again until the writer rebuilds its hash, and
        pages queued before are fetched by the next run. Said once, with a stat, since nothing
        else tells the operator (the run still ends "finished")."""
        self.stats.inc_value("distributed/frontier_lost")
        try:
            # The run id key lives as long as the run's queue: gone, Redis lost its data (rather
            # than this worker being taken for dead). Set again, so the run keeps its id.
            lost = self.server.set(RUN_KEY % {"spider": self.spider.name}, self.run_id, nx=True)
            self.server.set(self.timeout_key, repr(self.stale_after), nx=True)  # the run's, as before
        except RedisError as exc:
            self.outage.failed(exc, "looking at the run's id")
            lost = False
        if lost and self.reseed_since is None:
            self.reseed_since = time.monotonic()
            self.stats.inc_value("distributed/reseeded_after_data_loss")
            logger.warning("%s: Redis lost the run's data (its id %s in %s was gone): once the writer has rebuilt "
                           "the stored-URL hash (%s), this worker fetches the site's start pages again and "
                           "discovers the rest anew; stored articles are not fetched again", self.spider.name,
                           self.run_id, RUN_KEY % {"spider": self.spider.name}, self.rebuilt_key,
                           extra={"spider": self.spider})
            return
        if self.stats.get_value("distributed/frontier_lost") == 1:
            logger.warning("%s: this worker's registration in %s was gone (Redis restarted without its data, or "
                           "this worker was silent for %d s): the run's shared queue and dupefilter may be lost; "
                           "pages queued before are fetched by the next run", self.spider.name, self.workers_key,
                           self.stale_after, extra={"spider": self.spider})

    def maybe_reseed(self) -> bool:
        """Re-seed a run whose Redis data was lost (:meth:`registration_lost`) once the writer has
        rebuilt the stored-URL hash, or after :data:`RESEED_WAIT` seconds without it; ``True``
        when it started."""
        if self.reseed_since is None:
            return False
        try:
            rebuilt = self.server.exists(self.rebuilt_key)
        except RedisError as exc:
            self.outage.failed(exc, "looking whether the writer rebuilt the stored-URL hash")
            return False
        waited = time.monotonic() - self.reseed_since
        if not rebuilt and waited < RESEED_WAIT:
            return False
        if not rebuilt:
            logger.warning("%s: the writer has not rebuilt the stored-URL hash %s within %d s (is it running?): "
                           "re-seeding the run now; stored articles it finds again are fetched again",
                           self.spider.name, self.rebuilt_key, RESEED_WAIT, extra={"spider": self.spider})
        self.reseed_since = None
        self.reseeding = deferred_from_coro(self.reseed())
        self.reseeding.addErrback(lambda failure: logger.error(
            "%s: re-seeding the run failed: %s", self.spider.name, failure.getErrorMessage(),
            extra={"spider": self.spider}))
        return True

    async def reseed(self) -> int:
        """Schedule the spider's start requests again, through its spider middlewares, after
        making it forget what it scheduled (``forget_scheduled``): the shared dupefilter that
        held those URLs is gone, and with the queue went every URL discovered and not yet
        fetched. The stored check (the writer's rebuilt hash) leaves the stored articles alone."""
        forget = getattr(self.spider, "forget_scheduled", None)
        if forget is not None:
            forget()
        engine = self.crawler.engine
        start = await engine.scraper.spidermw.process_start()
        scheduled = 0
        if start is not None:
            async for item in start:
                if isinstance(item, Request):
                    engine.crawl(item)
                    scheduled += 1
        logger.info("%s: run re-seeded after Redis lost its data: %d start request(s) scheduled",
                    self.spider.name, scheduled, extra={"spider": self.spider})
        return scheduled

    def mark_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        self.busy = busy
        # A mark that could not be set is set by the next heartbeat; one that could not be
        # cleared goes stale after REDIS_HEARTBEAT_TIMEOUT.
        try:
            if busy:
                self.server.hset(self.busy_key, self.worker_id, time.time())
            else:
                self.server.hdel(self.busy_key, self.worker_id)
        except RedisError as exc:
            self.outage.failed(exc, "marking this worker busy" if busy else "marking this worker idle")

    def other_workers_busy(self) -> bool:
        stale_before = time.time() - self.stale_after
        host = self.worker_id.split(":")[0]
        return any(worker.decode() != self.worker_id and float(seen) > stale_before
                   and not dead_here(worker.decode(), host)
                   for worker, seen in self.server.hgetall(self.busy_key).items())

    def wake_when_queued(self):
        """The idle poll: wake the engine when a request was queued, or when this worker's idle
        time has reached ``REDIS_IDLE_TIMEOUT`` (once per idle stretch: the engine then asks
        :meth:`spider_idle` again, which lets it close the spider or starts a new stretch)."""
        try:
            queued = len(self.queue)
        except RedisError as exc:
            self.outage.failed(exc, "polling the shared queue")
            return
        if queued:
            self.idle_poll.stop()
        elif (self.idle_since is None or self.idle_since == self.idle_nudged
              or time.monotonic() - self.idle_since < self.idle_timeout):
            return
        self.idle_nudged = self.idle_since
        # without it the request waits for the engine's 5 s heartbeat, and so does the close
        # of an idle worker
        wake_engine(self.crawler)

    def close(self, reason):
        for loop in (self.heartbeat, self.idle_poll):
            if loop.running:
                loop.stop()
        self.scope.log_dropped("the shared queue")
        if self.held_back:
            self.stats.inc_value("scheduler/lost/redis", len(self.held_back))
            logger.warning("%s: %d request(s) could not be queued in Redis and are not fetched in this run",
                           self.spider.name, len(self.held_back), extra={"spider": self.spider})
        if not self.joined:
            return
        self.mark_busy(False)
        if self.reliable:
            self.acknowledge_pending()
            if gone := self.stats.get_value("distributed/leases_put_back_by_others"):
                logger.warning("%s: %d request(s) in all that this worker finished were no longer in its lease "
                               "set (distributed/leases_put_back_by_others)", self.spider.name, gone,
                               extra={"spider": self.spider})
            try:
                self.reclaim(leaving=True)
            except RedisError as exc:  # put back by the others once this worker's heartbeat is stale
                logger.warning("%s: the requests worker %s had taken could not be put back: Redis at %s: %s",
                               self.spider.name, self.worker_id, self.outage.url, describe(exc),
                               extra={"spider": self.spider})
        try:
            last = self.server.eval(_LEAVE_SCRIPT, 3, self.workers_key, self.queue.key, self.df.key,
                                    self.worker_id, time.time() - self.stale_after)
        except RedisError as exc:
            # Its heartbeat stops: the others take it for gone after REDIS_HEARTBEAT_TIMEOUT.
            logger.warning("%s: worker %s left (%s) without deregistering: Redis at %s: %s",
                           self.spider.name, self.worker_id, reason, self.outage.url, describe(exc),
                           extra={"spider": self.spider})
            return
        logger.info("%s: worker %s left (%s)%s", self.spider.name, self.worker_id, reason,
                    "; last worker, shared dupefilter cleared" if last else "",
                    extra={"spider": self.spider})

    def start_page_moved(self, hosts) -> None:
        """The start page this process followed was answered on ``hosts`` outside the site's
        first domains: published for the run's other processes (:data:`MOVED_DOMAINS_KEY`), before
        the start page's links are queued. One Redis refuses is tried again at each heartbeat."""
        self.unpublished_moves.update(hosts)
        self.publish_moves()

    def publish_moves(self) -> None:
        if not self.unpublished_moves or self.moved_key is None:
            return
        try:
            self.server.sadd(self.moved_key, *sorted(self.unpublished_moves))
        except RedisError as exc:
            self.outage.failed(exc, "publishing the domain the start page moved to")
            return
        self.outage.wrote()
        self.unpublished_moves.clear()

    def adopt_moved_domains(self) -> bool:
        """Crawl the hosts another process of the run found the start page moved to as the site's
        domains (an ad-hoc crawl's only); whether any was new here. One INFO line per host."""
        members = self.server.smembers(self.moved_key)
        hosts = sorted(m.decode() if isinstance(m, bytes) else m for m in members)
        added = adopt_moved_domains(self.spider, hosts)
        if added:
            self.stats.inc_value("distributed/start_redirect_domain_adopted", len(added))
            logger.info("%s: the start page moved to another domain in this run (followed by another crawler "
                        "process): crawling %s as the site's", self.spider.name, ", ".join(added),
                        extra={"spider": self.spider})
        return bool(added)

    def recheck_moved_domains(self) -> bool:
        """Before a queued request outside the domains is dropped (:class:`QueuedScope`): the run's
        start page may have moved there since this process last looked. Only for an ad-hoc crawl:
        a configured profile's start page never moves it."""
        profile = getattr(self.spider, "profile", None)
        if profile is None or not profile.adhoc or self.moved_key is None:
            return False
        return self.adopt_moved_domains()

    def enqueue_request(self, request):
        if request.meta.get(START_REDIRECT_ADDED_META):
            return self._follow_start_chain_here(request)
        entry = [request, False]
        if self.held_back:  # nothing overtakes the requests already held back
            self.held_back.append(entry)
            self.push_held_back()
            return True
        try:
            queued = self._push(entry)
        except RedisError as exc:
            self.held_back.append(entry)
            self.outage.failed(exc, "queueing a request")
            return True
        self.outage.wrote()
        return queued

    def _follow_start_chain_here(self, request) -> bool:
        """The next hop (or a retry) of a start page's redirect chain: kept in this process
        (:attr:`start_chain`), still recorded in the shared dupefilter so no process fetches it
        again."""
        if not request.dont_filter:
            try:
                if self.df.request_seen(request):
                    self.df.log(request, self.spider)
                    return False
            except RedisError as exc:  # followed anyway: the chain is this process's
                self.outage.failed(exc, "recording a start page's redirect")
        self.start_chain.append(request)
        return True

    def _push(self, entry: list) -> bool:
        """Push ``entry``'s request (``[request, seen by the dupefilter already]``) to the
        shared queue; ``False`` if the dupefilter had seen it. A ``RedisError`` leaves
        ``entry`` saying whether the dupefilter recorded it, so a retry does not take it
        for a duplicate of itself."""
        request = entry[0]
        if not entry[1] and not request.dont_filter:
            if self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            entry[1] = True
        self.queue.push(request)
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def push_held_back(self) -> None:
        """Queue the requests held back while Redis failed, oldest first, until one fails."""
        while self.held_back and not self.outage.gave_up:
            try:
                self._push(self.held_back[0])
            except RedisError as exc:
                self.outage.failed(exc, "queueing a request")
                return
            self.held_back.pop(0)
            self.outage.wrote()

    def has_pending_requests(self):
        if self.held_back or self.start_chain:
            return True
        try:
            return len(self.queue) > 0
        except RedisError as exc:
            # Unknown: not idle, or the engine would close the spider as "finished" while the
            # shared queue may still hold the run's requests.
            self.outage.failed(exc, "looking at the shared queue")
            return True

    def next_request(self):
        self.push_held_back()
        if self.start_chain:
            request = self.start_chain.popleft()
            self.idle_since = None
            self.mark_busy(True)
            return request
        taken = []

        def take():
            request = self.take() if self.reliable else self.queue.pop()
            taken.append(request)
            return request

        try:
            # Queued under an older profile, maybe: the current one decides (pipelines.queued_scope).
            request = self.scope.first_kept(take)
        except RedisError as exc:
            self.outage.failed(exc, "taking a request from the shared queue")
            request = None
        for dropped in taken:
            if dropped is not None and dropped is not request:
                self.acknowledge(dropped)  # dropped by the current profile: done with
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
        if self.outage.gave_up:
            # The close with the outage's reason is scheduled, not begun: let through now, the
            # engine would close the spider as "finished" first.
            raise DontCloseSpider
        # A beat now, not in up to HEARTBEAT_INTERVAL seconds: it finds a registration Redis lost
        # (its data gone: the run is re-seeded, not finished) and puts back the requests of dead
        # workers, which are this run's to fetch.
        self.beat()
        if self.reseed_since is not None or (self.reseeding is not None and not self.reseeding.called):
            raise DontCloseSpider  # waiting for the writer's rebuild, or re-seeding: the run is not over
        try:
            waiting = (bool(self.held_back) or bool(self.start_chain) or bool(len(self.queue))
                       or self.other_workers_busy())
        except RedisError as exc:
            self.outage.failed(exc, "looking at the shared queue")
            raise DontCloseSpider from None
        if waiting:
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
        # Not pinged here: a Redis that is down at start is reported once, by the scheduler
        # (it closes the spider), not as a traceback from building the downloader.
        self.server = crawler_redis_client(settings)
        self.stored_urls_key = settings.get("REDIS_STORED_URLS_KEY")
        self.refused_key = refused_key(self.stored_urls_key)
        self.outage = RedisOutage.of(crawler)

    def read_given_up(self, site: str) -> dict[str, str] | None:
        """From the writer's mirror of the given-up pages."""
        try:
            entries = self.server.hgetall(given_up_key(self.stored_urls_key))
        except RedisError as exc:
            # Fetching the page costs one download (and perhaps an extraction timeout);
            # read again at the next request.
            self.outage.failed(exc, "reading the pages given up after repeated failures")
            return None
        return given_up_from_hash(entries, site, self.give_up_after)

    def refused(self, key: str) -> tuple[str, str, str, int] | None:
        """From the writer's mirror of ``refused_pages`` (``crawler.distributed.refused_key``)."""
        try:
            return refused_from_marker(self.server.hget(self.refused_key, key))
        except RedisError as exc:
            # Fetching the page costs one download; refusing it could lose an article it became.
            self.outage.failed(exc, "checking whether a page was refused by extraction")
            return None

    def stored(self, key: str) -> tuple[bool, str | None, str | None]:
        try:
            stored = self.server.hget(self.stored_urls_key, key)
        except RedisError as exc:
            # Fetching a stored article again costs one download; refusing it would lose it.
            self.outage.failed(exc, "checking whether an article is stored")
            return False, None, None
        if stored is None:
            return False, None, None
        # The hash keeps one date, the stored lastmod or else the fetch time: given as both, it is
        # compared as the lastmod, and a date later than now is taken as wrong (_is_newer).
        date = stored.decode("utf-8") or None
        return True, date, date
