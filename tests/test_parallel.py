"""Throughput machinery, specified by behaviour (issue 7; nothing here is timed).

- Extraction runs in worker processes (``crawler.workers.PagePool``): results are the same as
  inline; a page that kills its worker is the only page reported, the pool is rebuilt and the
  crawl goes on; a page that makes the parser raise is recorded the same way.
- A crawl with a pool of one worker and with two stores the same database.
- Articles are written in batches (``pipelines/store.py``): two copies of one story in the
  same batch are still one article and one duplicate; batches are written when full, after
  ``STORE_BATCH_MAX_DELAY``, and on close — including Scrapy's graceful shutdown on SIGTERM,
  which loses no article that was extracted.
- Every statement storage runs per article is an index lookup, never a table scan.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

import pytest
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.utils.test import get_crawler

import crawler.settings as project_settings
from crawler.fetch_errors import FetchError, record_fetch_error
from crawler.fixture_server import FixtureServer, Response
from crawler.items import ArticleItem, PageItem
from crawler.processing import PageContext, analyse_page
from crawler.sites import adhoc_profile
from crawler.storage import ArticleStore, open_database
from crawler.workers import PagePool, PageTimedOut, PoolClosed, WorkerCrashed
from pipelines.extract import ExtractPipeline
from pipelines.middlewares import SkipStoredArticlesMiddleware
from pipelines.store import StorePipeline
from tests.conftest import DEMO_SITE, FAST_CRAWL, PROJECT_ROOT, crawl_stats, rows, run_scrapy, start_scrapy
from tests.sitegen import SiteBuilder, Story, filler
from tests.test_shortened_copies import CUT_COPY, WIRE_STORY
from tests.faulty_analysers import (
    CRASH_ENV,
    HANG_ENV,
    HANG_MARK_ENV,
    RAISE_ENV,
    UnloadableInWorkers,
    WORKER_LOG_ENV,
    answer_then_exit,
    double_or_fail,
    double_or_hang,
    pid_after_a_moment,
    slow_pid,
    work_or_hang,
    worker_pid,
)

# Articles of the sample site that are in no duplicate pair (their fate is order-independent).
CRASH_PAGE = "/en/culture/2025/06/05/petra-night-festival-returns"
RAISE_PAGE = "/en/sport/2025/"


# -- the worker pool -----------------------------------------------------------------------------

def run_all(pool: PagePool, values):
    async def main():
        try:
            return await asyncio.gather(*(pool.run(v) for v in values), return_exceptions=True)
        finally:
            pool.close()
    return asyncio.run(main())


def test_pool_runs_the_function_in_other_processes_and_inline_when_zero():
    in_pool = run_all(PagePool(2, worker_pid), ["a", "b", "c", "d"])
    assert os.getpid() not in in_pool
    assert run_all(PagePool(0, worker_pid), ["a"]) == [os.getpid()]


def test_pool_results_are_the_inline_results():
    values = [f"v{i}" for i in range(20)]
    assert run_all(PagePool(2, double_or_fail), values) == [v * 2 for v in values]


def test_a_value_that_kills_its_worker_is_the_only_failure_and_the_pool_recovers():
    pool = PagePool(2, double_or_fail)
    values = [f"v{i}" for i in range(12)]
    values.insert(5, "crash")

    async def main():
        try:
            first = await asyncio.gather(*(pool.run(v) for v in values), return_exceptions=True)
            after = await pool.run("ok")  # the replaced pool serves new work
            return first, after
        finally:
            pool.close()

    results, after = asyncio.run(main())
    assert isinstance(results[5], WorkerCrashed)
    others = results[:5] + results[6:]
    assert others == [v * 2 for v in values if v != "crash"]
    assert after == "okok"
    assert pool.rebuilds >= 1


def test_a_page_over_the_time_limit_fails_alone_its_worker_is_killed_and_replaced():
    """The page waiting behind the slow one in its worker's socket is not charged for the wait:
    it is sent again to the new worker and gets its result."""
    pool = PagePool(1, double_or_hang, page_timeout=1.0)
    values = ["a", "hang", "b", "c"]

    async def main():
        try:
            pool.start()
            hung_worker = pool._all[0].process.pid  # the process object is closed once reaped
            results = await asyncio.wait_for(
                asyncio.gather(*(pool.run(v) for v in values), return_exceptions=True), timeout=60)
            return hung_worker, results, await pool.run("d")
        finally:
            pool.close()

    hung_worker, results, after = asyncio.run(main())
    assert results[0] == "aa" and results[2:] == ["bb", "cc"] and after == "dd"
    assert isinstance(results[1], PageTimedOut)
    assert not _alive(hung_worker) and pool.rebuilds == 1


@pytest.mark.slow
def test_a_page_slowed_by_a_busy_machine_is_not_timed_out_and_one_that_never_ends_still_is():
    """The time limit charges a page the time its worker ran or slept, not the time it waited for
    a CPU: on a loaded machine a page of a few tenths of a second of work took more than a 1 s
    limit and was killed as a page that hangs (a crawl test failed so at load 15 to 25; in
    production, an innocent article recorded as an extraction time-out, then given up). Here the
    worker shares one CPU with three busy processes: a quarter of it. Controls: a page that never
    ends, busy on that CPU or blocked, is still killed."""
    if not Path("/proc/self/schedstat").exists():
        pytest.skip("no /proc/<pid>/schedstat here: the limit is wall-clock time")
    cpu = min(os.sched_getaffinity(0))
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    pool = PagePool(1, work_or_hang, page_timeout=1.0)

    async def timed(value: str):
        started = time.monotonic()
        try:
            result = await asyncio.wait_for(pool.run(value), timeout=60)
        except PageTimedOut as exc:
            result = exc
        return result, time.monotonic() - started

    async def main():
        try:
            pool.start()
            for pid in (*(b.pid for b in burners), pool._all[0].process.pid):
                os.sched_setaffinity(pid, {cpu})
            return [await timed(value) for value in ("0.3", "hang", "sleep")]
        finally:
            pool.close()

    try:
        (slowed, slowed_took), (hung, _), (blocked, blocked_took) = asyncio.run(main())
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert slowed_took > 1.0  # over the limit in wall-clock time: the load is real
    assert slowed == "0.3"
    assert isinstance(hung, PageTimedOut) and isinstance(blocked, PageTimedOut)
    assert blocked_took < 10  # asleep, it waits for no CPU: charged its time as it passes


def _open_schedstat_files() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed since
            continue
        if target.endswith("/schedstat"):
            found.append(target)
    return found


def test_each_worker_keeps_its_schedstat_open_until_it_is_replaced_or_the_pool_closes():
    """The time limit reads each worker's wait for a CPU twice per page from one file kept open
    (issue 7: one system call a read instead of three): one per live worker, the one of a
    worker killed over the limit closed with its socket, none left once the pool is closed."""
    if not Path("/proc/self/schedstat").exists():
        pytest.skip("no /proc/<pid>/schedstat here: the limit is wall-clock time")
    pool = PagePool(2, double_or_hang, page_timeout=1.0)

    async def main():
        try:
            pool.start()
            first = {f"/proc/{worker.pid}/schedstat" for worker in pool._all}
            open_at_start = sorted(_open_schedstat_files())
            results = await asyncio.wait_for(
                asyncio.gather(*(pool.run(v) for v in ["a", "hang", "b", "c"]), return_exceptions=True),
                timeout=60)
            now = {f"/proc/{worker.pid}/schedstat" for worker in pool._all}
            return first, open_at_start, results, now, sorted(_open_schedstat_files())
        finally:
            await pool.aclose()

    first, open_at_start, results, now, open_after_the_kill = asyncio.run(main())
    assert open_at_start == sorted(first)
    assert isinstance(results[1], PageTimedOut) and [results[0], *results[2:]] == ["aa", "bb", "cc"]
    assert pool.rebuilds == 1 and len(now - first) == 1  # the killed worker's replacement
    assert open_after_the_kill == sorted(now)
    assert _open_schedstat_files() == []


def test_pages_whose_sending_waits_behind_a_page_over_the_limit_are_sent_to_the_new_worker():
    """Pages queued to a worker whose page never ends fill its socket, and their sends wait:
    once the worker is killed, they go to its replacement (a send left waiting on the closed
    socket never ended: the crawl hung until its own timeout)."""
    pool = PagePool(1, double_or_hang, page_timeout=1.0)
    big = [str(i) * 2_000_000 for i in range(4)]  # 2 MB each: more than a socket's buffer

    async def main():
        try:
            pool.start()
            return await asyncio.wait_for(
                asyncio.gather(*(pool.run(v) for v in ["hang", *big]), return_exceptions=True), timeout=120)
        finally:
            pool.close()

    results = asyncio.run(main())
    assert isinstance(results[0], PageTimedOut)
    assert results[1:] == [v * 2 for v in big]


@pytest.mark.parametrize("stop", ["time_limit", "kill", "close"])
def test_a_worker_dropped_while_a_page_is_being_written_to_it_leaves_no_event_loop_error(stop):
    """A worker's socket closed while a page's send waits on it (its socket full, behind a page
    that never ends) and its answer is being read: the event loop's clean-up of both waits, on
    the closed descriptor, failed ("Exception in callback ... _sock_read_done ... Bad file
    descriptor", a traceback at ERROR in the crawl's log) at each page over the limit, and when a
    crawl stopped or closed its pool meanwhile. Control: the pages behind go to the new worker."""
    pool = PagePool(1, double_or_hang, page_timeout=1.0 if stop == "time_limit" else None)
    big = [str(i) * 2_000_000 for i in range(3)]  # 2 MB each: more than a socket's buffer
    loop_errors = []

    async def main():
        asyncio.get_running_loop().set_exception_handler(lambda loop, context: loop_errors.append(context))
        try:
            pool.start()
            pages = asyncio.gather(*(pool.run(v) for v in ["hang", *big]), return_exceptions=True)
            if stop == "kill":
                await asyncio.sleep(0.5)
                pool.kill()
            elif stop == "close":
                await asyncio.sleep(0.5)
                pool.close(wait=False)  # not waiting for the page that never ends
            results = await asyncio.wait_for(pages, timeout=120)
            await asyncio.sleep(0.1)  # the loop's callbacks of the cancelled waits run
            return results
        finally:
            pool.close()

    results = asyncio.run(main())
    assert [context.get("message") for context in loop_errors] == []
    if stop == "time_limit":
        assert isinstance(results[0], PageTimedOut) and results[1:] == [v * 2 for v in big]
    else:
        assert all(isinstance(r, PoolClosed) for r in results)


def test_killing_the_pool_fails_every_page_in_it_or_waiting_for_it_and_starts_no_worker():
    pool = PagePool(1, double_or_hang)  # no time limit: only kill() ends the page

    async def main():
        try:
            pool.start()
            worker = pool._all[0].process.pid  # the process object is closed once reaped
            pages = []
            for value in ("hang", "b", "c"):  # "hang" analysed, "b" in the worker's socket, "c" waiting
                pages.append(asyncio.ensure_future(pool.run(value)))
                await asyncio.sleep(0.2)
            abandoned = pool.kill()
            results = await asyncio.wait_for(asyncio.gather(*pages, return_exceptions=True), timeout=30)
            try:
                await pool.run("d")
            except PoolClosed as exc:
                later = exc
            return worker, abandoned, results, later
        finally:
            pool.close()

    worker, abandoned, results, later = asyncio.run(main())
    assert abandoned == 2
    assert all(isinstance(result, PoolClosed) for result in results)
    assert isinstance(later, PoolClosed) and pool._all == []
    assert not _alive(worker)


def test_a_worker_killed_from_outside_mid_page_or_idle_is_replaced_and_no_page_is_lost():
    """The OOM killer may pick a worker: the page it was analysing is innocent (it gets its
    result from the new worker), and a worker that dies idle is replaced too (else the pool
    would shrink, and hang when none is left)."""
    pool = PagePool(1, slow_pid)

    async def main():
        try:
            pool.start()
            first_worker = pool._all[0].process.pid
            page = asyncio.ensure_future(pool.run("a"))
            await asyncio.sleep(0.3)  # the worker is analysing the page
            os.kill(first_worker, signal.SIGKILL)
            mid_page = await asyncio.wait_for(page, timeout=30)
            second_worker = pool._all[0].process.pid
            os.kill(second_worker, signal.SIGKILL)  # idle
            await asyncio.sleep(0.3)
            after_idle_death = await asyncio.wait_for(pool.run("b"), timeout=30)
            return first_worker, mid_page, second_worker, after_idle_death
        finally:
            pool.close()

    first_worker, mid_page, second_worker, after_idle_death = asyncio.run(main())
    assert mid_page == second_worker != first_worker
    assert after_idle_death not in (first_worker, second_worker)
    assert pool.rebuilds == 2


def test_workers_that_die_as_they_start_fail_each_page_twice_and_are_not_respawned_in_a_loop():
    pool = PagePool(2, UnloadableInWorkers())

    async def main():
        try:
            pages = asyncio.gather(*(pool.run(value) for value in "abc"), return_exceptions=True)
            results = await asyncio.wait_for(pages, timeout=60)
            rebuilds = pool.rebuilds
            await asyncio.sleep(1)  # no page: nothing is started any more
            return results, rebuilds, pool.rebuilds
        finally:
            pool.close()

    results, rebuilds, rebuilds_later = asyncio.run(main())
    assert [type(result) for result in results] == [WorkerCrashed] * 3
    assert rebuilds <= 8 and rebuilds_later == rebuilds


def test_pages_given_out_in_one_event_loop_turn_are_spread_over_the_workers():
    """A worker's place is taken as the page is given to it, not when the page is sent (a task
    that runs later): pages released together, as those waiting for the pool to start are, all
    went to one worker, queued far past its two places, while the other stood idle (issue 7)."""
    pool = PagePool(2, pid_after_a_moment)

    async def main():
        try:
            pool.start()
            pages = [asyncio.ensure_future(pool.run(str(n))) for n in range(8)]
            await asyncio.sleep(0.1)  # every page has asked for a worker; none is answered yet
            queued = sorted(len(worker.in_flight) for worker in pool._all)
            return queued, await asyncio.wait_for(asyncio.gather(*pages), timeout=60)
        finally:
            pool.close()

    queued, pids = asyncio.run(main())
    assert queued == [2, 2]  # two places each; the other four pages wait for one
    pages_per_worker = sorted(pids.count(pid) for pid in set(pids))
    assert len(pages_per_worker) == 2 and pages_per_worker[0] >= 2, pages_per_worker


def test_a_page_woken_for_a_free_place_and_cancelled_before_taking_it_passes_the_place_on():
    """A page waiting for a worker can be cancelled just after it was woken (its crawl stopping,
    say): the place it was woken for goes to the next page waiting. It was lost, and after two
    such cancellations the last page waited for ever, with nothing in flight to wake it."""
    pool = PagePool(1, slow_pid)  # one worker, two places
    waiting: dict[str, asyncio.Task] = {}

    async def run_then_cancel(value: str, victim: str):
        try:
            return await pool.run(value)
        finally:  # in the step in which the page's end woke the victim, before the victim runs
            waiting[victim].cancel()

    async def main():
        try:
            pool.start()
            holders = [asyncio.ensure_future(run_then_cancel("a", "c")),
                       asyncio.ensure_future(run_then_cancel("b", "d"))]
            await asyncio.sleep(0.3)  # "a" and "b" hold the worker's places
            for value in "cde":
                waiting[value] = asyncio.ensure_future(pool.run(value))
            last = await asyncio.wait_for(waiting["e"], timeout=20)
            await asyncio.gather(*holders, waiting["c"], waiting["d"], return_exceptions=True)
            return last
        finally:
            pool.close()

    assert asyncio.run(main()) != os.getpid()  # "e" was analysed, by a worker
    assert waiting["c"].cancelled() and waiting["d"].cancelled()


@pytest.mark.parametrize("answer", ["read", "unread"])
def test_a_worker_that_dies_idle_charges_no_page_with_its_death(tmp_path, answer):
    """A worker answers a page and dies idle (the OOM killer) while the event loop is busy, and
    the next page is given to it before the death is seen. That page never reached the worker:
    it is not charged (it was, and one death of its own more, here the next worker it kills
    once, failed it as a page that kills its worker twice). The page answered keeps its answer,
    even when the loop had not read it yet (it was charged and analysed again)."""
    pool = PagePool(1, answer_then_exit)
    calls = str(tmp_path)

    async def main():
        try:
            await pool.run("warm", calls)
            answered = asyncio.ensure_future(pool.run("exit-after-answer", calls))
            if answer == "read":
                await answered
            else:  # the page reached the worker; the loop is blocked before it reads the answer
                while not (tmp_path / "exit-after-answer").exists():
                    await asyncio.sleep(0)
            given_late = asyncio.ensure_future(pool.run("crash-once", calls))
            # busy (a batch write) as the page is given: the worker exits meanwhile
            asyncio.get_running_loop().call_soon(time.sleep, 0.5)
            return await asyncio.wait_for(asyncio.gather(answered, given_late, return_exceptions=True),
                                          timeout=30)
        finally:
            pool.close()

    assert asyncio.run(main()) == ["exit-after-answer" * 2, "crash-once" * 2]
    assert len((tmp_path / "exit-after-answer").read_text().split()) == 1  # analysed once
    assert len((tmp_path / "crash-once").read_text().split()) == 2  # its own death, then its answer


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_a_dead_workers_descriptors_are_closed_without_waiting_for_a_garbage_collection():
    """A crawl raises GC_THRESHOLDS, so full collections are rare: a dead worker's pipes, left to
    its process object's finalizer, piled up (a hundred descriptors after 240 deaths)."""
    import gc

    def descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    pool = PagePool(1, double_or_fail)

    async def main():
        try:
            await pool.run("warm")
            before = descriptors()
            for _ in range(10):  # each kills two workers
                with pytest.raises(WorkerCrashed):
                    await pool.run("crash")
            return before, descriptors(), pool.rebuilds
        finally:
            pool.close()

    gc.collect()
    gc.disable()
    try:
        before, after, rebuilds = asyncio.run(main())
    finally:
        gc.enable()
    assert rebuilds == 20
    assert after <= before, (before, after)


def test_closing_the_pool_fails_the_pages_in_it_or_waiting_for_it_and_starts_no_worker():
    """Pages still in the pool when it is closed (a send blocked behind a page that never ends,
    pages waiting for a place) raise PoolClosed. They were sent again, to new workers that
    nothing closed any more."""
    pool = PagePool(1, double_or_hang)  # no time limit
    big = [str(i) * 2_000_000 for i in range(4)]  # 2 MB each: more than a socket's buffer

    async def main():
        try:
            pool.start()
            pages = [asyncio.ensure_future(pool.run(value)) for value in ["hang", *big]]
            await asyncio.sleep(0.5)  # "hang" analysed, the next page's send blocked, the rest waiting
            pool.close(wait=False)
            results = await asyncio.wait_for(asyncio.gather(*pages, return_exceptions=True), timeout=20)
            try:
                await pool.run("later")
            except PoolClosed as exc:
                later = exc
            return results, later, list(pool._all)
        finally:
            pool.close()

    results, later, workers_after = asyncio.run(main())
    assert [type(result) for result in results] == [PoolClosed] * 5
    assert isinstance(later, PoolClosed) and pool.stopped
    assert workers_after == []


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_workers_and_their_forkserver_exit_when_the_crawl_process_is_killed():
    # A crawl killed with SIGKILL (or by the OOM killer) cannot close its pool.
    script = ("import time\nfrom crawler.workers import PagePool\nfrom tests.faulty_analysers import worker_pid\n"
              "pool = PagePool(2, worker_pid)\npool.start()\nprint('ready', flush=True)\ntime.sleep(120)\n")
    crawl = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert crawl.stdout.readline().strip() == "ready"
        pool_processes = _descendants(crawl.pid)
        assert len(pool_processes) >= 3  # the forkserver and two workers
    finally:
        crawl.kill()
        crawl.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in pool_processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in pool_processes if _alive(pid)] == []


def test_an_exception_raised_in_a_worker_reaches_the_caller_with_its_type():
    pool = PagePool(1, double_or_fail)
    results = run_all(pool, ["x", "raise", "y"])
    assert results[0] == "xx" and results[2] == "yy"
    assert isinstance(results[1], ValueError) and "asked to raise" in str(results[1])
    assert pool.rebuilds == 0


def test_analyse_page_in_a_worker_equals_analyse_page_inline():
    path = DEMO_SITE / "en/culture/2025/06/05/petra-night-festival-returns/index.html"
    body = path.read_bytes().replace(b"__BASE_URL__", b"http://127.0.0.1:8000")
    page = PageItem(url="http://127.0.0.1:8000" + CRASH_PAGE, body=body, site="demo",
                    fetched_at="2025-06-06T00:00:00+00:00")
    context = PageContext.for_profile(adhoc_profile("http://127.0.0.1:8000/", name="demo"))
    inline = analyse_page(page, context)
    pool = PagePool(1, analyse_page)
    [in_worker] = _run_pages(pool, page, context)
    assert inline.article is not None and inline.article.minhash
    assert in_worker == inline


def _run_pages(pool: PagePool, page, context):
    async def main():
        try:
            return [await pool.run(page, context)]
        finally:
            pool.close()
    return asyncio.run(main())


# -- end-to-end crawls of the sample site --------------------------------------------------------

def crawl_demo(server, database: Path, *, env: dict | None = None, **settings):
    result = run_scrapy(
        ["crawl", "site", "-a", f"url={server.base_url}/", "-a", "timezone=Asia/Amman"],
        settings={"DATABASE": str(database), **settings}, env=env,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result


# Ids and times differ between any two crawls. published_at_raw is the date string of the
# first source that gave one: the page, or — for a page with only a visible date — the feed
# entry that led to it when the feed was read before a link to the page was followed; that
# race between discovery paths is the same with any number of workers.
RUN_DEPENDENT_COLUMNS = {"id", "fetched_at", "first_seen_at", "updated_at", "published_at_raw"}


def stored_content(database: Path) -> dict:
    """What a crawl stored, independent of the order pages were processed in.

    Each story is keyed by its content hash with every article column but the run-dependent
    ones. When a story was
    reached by two URLs, which copy became the article depends on which was fetched first —
    with any number of workers — so for those the URLs that led to it (its own, its
    duplicates', the seen_urls keys) are compared instead.
    """
    stories = {}
    duplicates = rows(database, "SELECT url, duplicate_of, kind FROM duplicates")
    seen = rows(database, "SELECT url_key, article_id FROM seen_urls")
    for row in rows(database, "SELECT * FROM articles"):
        copies = sorted(d["url"] for d in duplicates if d["duplicate_of"] == row["id"])
        urls = sorted([row["url"], *copies])
        keys = sorted(s["url_key"] for s in seen if s["article_id"] == row["id"])
        columns = {k: v for k, v in row.items() if k not in RUN_DEPENDENT_COLUMNS}
        stories[row["content_hash"]] = (
            {"urls": urls, "seen": keys, "duplicate_kinds": sorted(d["kind"] for d in duplicates
                                                                    if d["duplicate_of"] == row["id"])}
            if copies else columns
        )
    return stories


@pytest.mark.slow
def test_pool_of_one_and_of_two_workers_store_the_same_database(demo_server, tmp_path):
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    recording = {"STATS_CLASS": "tests.recording_components.ImportRecordingStats"}
    stats_one = crawl_stats(crawl_demo(demo_server, one, EXTRACT_WORKERS=1, **recording))
    stats = crawl_stats(crawl_demo(demo_server, two, EXTRACT_WORKERS=2, **recording))
    assert stats["articles/new"] == 24
    # The workers extract: the crawl process never imports the extractor (half a second of CPU
    # at every crawl's start, when it did).
    for imported in (stats_one, stats):
        assert imported["test/imported/crawler.items"] is True  # what the crawl uses is seen
        assert {name: imported[f"test/imported/{name}"] for name in ("crawler.extract", "crawler.boilerplate",
                                                                    "trafilatura")} == dict.fromkeys(
            ("crawler.extract", "crawler.boilerplate", "trafilatura"), False)
    first, second = stored_content(one), stored_content(two)
    assert len(first) == 24
    assert first == second
    near_counts = [rows(db, "SELECT COUNT(*) AS n FROM minhash_signatures")[0]["n"] for db in (one, two)]
    assert near_counts == [24, 24]


@pytest.mark.slow
def test_a_crawl_with_two_workers_spreads_its_pages_over_both(demo_server, tmp_path):
    """The pages fetched while the workers start reach the pool together, when they are ready:
    they all went to one worker (26 pages on one, none on the other: concurrency review), the
    crawl extracting on one core. Each worker notes the pages it analyses."""
    log = tmp_path / "pages-per-worker"
    crawl_demo(demo_server, tmp_path / "news.db", EXTRACT_WORKERS=2,
               EXTRACT_PAGE_FUNCTION="tests.faulty_analysers.analyse_noting_worker",
               env={WORKER_LOG_ENV: str(log)})
    pids = log.read_text().split()
    pages_per_worker = sorted(pids.count(pid) for pid in set(pids))
    assert len(pages_per_worker) == 2 and pages_per_worker[0] >= len(pids) // 4, pages_per_worker
    assert len(set(pids[:4])) == 2, pids[:4]  # from the first pages on


@pytest.mark.slow
def test_a_page_that_kills_its_worker_or_makes_the_parser_raise_is_recorded_and_the_crawl_goes_on(
        demo_server, tmp_path):
    database = tmp_path / "news.db"
    result = crawl_demo(
        demo_server, database, EXTRACT_WORKERS=2,
        EXTRACT_PAGE_FUNCTION="tests.faulty_analysers.analyse_or_fail",
        env={CRASH_ENV: CRASH_PAGE, RAISE_ENV: RAISE_PAGE},
    )
    stats = crawl_stats(result)
    assert stats["finish_reason"] == "finished"
    assert stats["extract/failed/worker_crashed"] == 1
    assert stats["errors/worker_crashed"] == 1
    assert stats["extract/pool_rebuilt"] >= 1
    raised = stats["extract/failed/ValueError"]
    assert raised >= 1 and stats["errors/extract_failed"] == raised
    stored = [r["url"] for r in rows(database, "SELECT url FROM articles")]
    assert not any(CRASH_PAGE in url or RAISE_PAGE in url for url in stored)
    # Every other article is stored: the pool was rebuilt and the crawl went on.
    assert stats["articles/new"] == 24 - 1 - raised == len(stored)
    assert "worker_crashed" in result.stderr and CRASH_PAGE in result.stderr


@pytest.mark.slow
def test_a_page_whose_extraction_never_ends_is_recorded_and_the_crawl_goes_on(demo_server, tmp_path):
    """A page over EXTRACT_PAGE_TIMEOUT (a regex that backtracks for hours: QA report) is an
    extraction failure for that page, like a crash; its worker is killed and replaced."""
    database = tmp_path / "news.db"
    mark = tmp_path / "hung-workers"
    result = crawl_demo(
        demo_server, database, EXTRACT_WORKERS=2, EXTRACT_PAGE_TIMEOUT=2,
        EXTRACT_PAGE_FUNCTION="tests.faulty_analysers.analyse_or_fail",
        env={HANG_ENV: CRASH_PAGE, HANG_MARK_ENV: str(mark)},
    )
    stats = crawl_stats(result)
    assert stats["finish_reason"] == "finished"
    assert stats["extract/failed/page_timeout"] == 1 == stats["errors/extract_timeout"]
    assert stats["extract/pool_rebuilt"] >= 1
    [error] = rows(database, "SELECT url, kind, message FROM fetch_errors WHERE kind LIKE 'extract%'")
    assert CRASH_PAGE in error["url"] and error["kind"] == "extract_timeout"
    assert "not analysed within 2 s" in error["message"]
    [run] = rows(database, "SELECT errors FROM crawl_runs")
    assert json.loads(run["errors"]).get("extract/page_timeout") == 1
    stored = [r["url"] for r in rows(database, "SELECT url FROM articles")]
    assert not any(CRASH_PAGE in url for url in stored)
    assert stats["articles/new"] == 24 - 1 == len(stored)
    [hung_pid] = map(int, mark.read_text().split())
    assert not _pid_alive(hung_pid)


HANGING_STORY = "/news/2025/06/02/story-that-hangs-the-parser"


@pytest.mark.slow
def test_a_page_that_hangs_the_extractor_run_after_run_is_left_alone_until_its_lastmod_is_newer(tmp_path):
    """A page that hangs the extractor costs a worker killed after EXTRACT_PAGE_TIMEOUT in every
    run, and resume or the sitemap queued it again each time: it is tried in
    EXTRACT_TIMEOUT_GIVE_UP_AFTER runs, then left alone as a stored article is, until its sitemap
    lastmod is newer than its last timeout."""
    site = SiteBuilder(tmp_path / "site")
    for n in range(2):
        site.add(Story(f"/news/2025/06/02/calm-story-number-{n}", f"Calm story number {n}",
                       filler(f"calm story {n}"), lastmod=f"2025-06-02T10:0{n}:00+03:00"))
    hanging = site.add(Story(HANGING_STORY, "The story that hangs the parser", filler("hanging story"),
                             lastmod="2025-06-02T11:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    settings = {**FAST_CRAWL, "DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": False, "EXTRACT_WORKERS": 1,
                "EXTRACT_PAGE_TIMEOUT": 1, "EXTRACT_TIMEOUT_GIVE_UP_AFTER": 2,
                "EXTRACT_PAGE_FUNCTION": "tests.faulty_analysers.analyse_or_fail"}

    def crawl(server):
        result = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"], settings=settings,
                            env={HANG_ENV: HANGING_STORY})
        assert result.returncode == 0, result.stderr[-4000:]
        return result, crawl_stats(result)

    def attempts():
        return [(r["kind"], r["attempts"]) for r in rows(database, "SELECT kind, attempts FROM fetch_errors WHERE url LIKE ?", ["%hangs-the-parser"])]

    with FixtureServer(site.root) as server:
        for run in (1, 2):
            _result, stats = crawl(server)
            assert stats["extract/failed/page_timeout"] == 1, run
            assert attempts() == [("extract_timeout", run)]
        fetched = sum(1 for r in server.requests if r.path == HANGING_STORY)
        assert fetched >= 2  # once a run so far (a retry may add one)
        result, stats = crawl(server)  # the third: left alone
        assert "extract/failed/page_timeout" not in stats and "errors/extract_timeout" not in stats
        assert stats["dedup/skipped_given_up"] == 1
        assert attempts() == [("extract_timeout", 2)]
        assert f"not fetched: {server.url(HANGING_STORY)} timed out in extraction in 2 runs or more" in result.stderr
        assert sum(1 for r in server.requests if r.path == HANGING_STORY) == fetched  # not even downloaded

        # The site changed the page: its sitemap lastmod is newer than the last timeout. One more try.
        hanging.lastmod = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat(timespec="seconds")
        site.write()
        _result, stats = crawl(server)
        assert stats["dedup/refetch_given_up"] == 1 and stats["extract/failed/page_timeout"] == 1
        assert attempts() == [("extract_timeout", 3)]
    assert len(rows(database, "SELECT id FROM articles")) == 2


@pytest.mark.slow
def test_a_hanging_page_the_sitemap_lists_under_an_address_that_redirects_is_given_up_too(tmp_path):
    """The sitemap lists http:// or an old path, the site answers with a 301 to the page: the
    timeout is recorded under the address the crawl asks for, which the next run's check looks
    up (recorded under the final address, it never matched, and the page hung every run)."""
    listed = "/news/2025/06/02/old-address-of-the-story"
    site = SiteBuilder(tmp_path / "site")
    site.add(Story("/news/2025/06/02/calm-story-number-0", "Calm story number 0", filler("calm story 0"),
                   lastmod="2025-06-02T10:00:00+03:00"))
    site.add(Story(listed, "The story that hangs the parser", filler("hanging story"),
                   lastmod="2025-06-02T11:00:00+03:00"))
    site.write()
    (site.root / HANGING_STORY.lstrip("/")).mkdir(parents=True)
    (site.root / listed.lstrip("/") / "index.html").rename(site.root / HANGING_STORY.lstrip("/") / "index.html")
    database = tmp_path / "news.db"
    settings = {**FAST_CRAWL, "DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": False, "EXTRACT_WORKERS": 1,
                "EXTRACT_PAGE_TIMEOUT": 1, "EXTRACT_TIMEOUT_GIVE_UP_AFTER": 1,
                "EXTRACT_PAGE_FUNCTION": "tests.faulty_analysers.analyse_or_fail"}
    with FixtureServer(site.root) as server:
        for path in (listed, listed + "/"):
            server.add_handler(path, lambda ctx: Response(status=301, headers={"Location": server.url(HANGING_STORY)}))
        first = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"], settings=settings,
                           env={HANG_ENV: HANGING_STORY})
        assert crawl_stats(first)["extract/failed/page_timeout"] == 1, first.stderr[-4000:]
        [(url, message)] = [(r["url"], r["message"]) for r in rows(database, "SELECT url, message FROM fetch_errors WHERE kind = ?", ["extract_timeout"])]
        assert url == server.url(listed) and f"(redirected to {server.url(HANGING_STORY)})" in message
        second = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"], settings=settings,
                            env={HANG_ENV: HANGING_STORY})
        stats = crawl_stats(second)
        assert stats["dedup/skipped_given_up"] == 1 and "extract/failed/page_timeout" not in stats, second.stderr[-4000:]


def _skip_middleware(database, **settings):
    crawler = get_crawler(settings_dict={"DEDUP_SKIP_STORED": True, "CRAWL_RECRAWL": False, "DATABASE": str(database),
                                         "STORAGE_BUSY_TIMEOUT": 5, "EXTRACT_TIMEOUT_GIVE_UP_AFTER": 2, **settings})
    middleware = SkipStoredArticlesMiddleware.from_crawler(crawler)
    crawler._apply_settings()
    crawler.spider = type("Spider", (), {"name": "gulf"})()
    return crawler, middleware


@pytest.mark.parametrize(("kind", "timeouts", "lastmod", "fetched"), [
    ("extract_timeout", 1, None, True),                          # one timeout: tried again
    ("extract_timeout", 2, None, False),                         # as many as allowed: left alone
    ("extract_timeout", 2, "2025-06-03", False),                 # an entry no newer than the last timeout
    ("extract_timeout", 2, "2025-06-05T00:00:00+00:00", True),   # newer: the page changed
    ("worker_crashed", 5, None, True),                           # other failures: fetched as before
])
def test_the_stored_article_check_leaves_a_page_alone_after_repeated_extraction_timeouts(
        tmp_path, kind, timeouts, lastmod, fetched):
    database = tmp_path / "news.db"
    db = open_database(database)
    url = "https://gulf.example/news/hangs"
    for run in range(timeouts):  # one failure per run, each later than the last (a replay adds none)
        record_fetch_error(db, FetchError("gulf", url, kind, 200, "page_timeout: ..."), f"2025-06-04T00:00:0{run}+00:00")
    db.close()
    crawler, middleware = _skip_middleware(database)
    meta = {"article_candidate": True, "sitemap_entry": {"lastmod": lastmod} if lastmod else {}}
    if fetched:
        assert middleware.process_request(Request(url, meta=meta)) is None
    else:
        with pytest.raises(IgnoreRequest, match="given up after repeated extraction timeouts"):
            middleware.process_request(Request(url, meta=meta))
        assert crawler.stats.get_value("dedup/skipped_given_up") == 1
    # Another site's page at that address, or the page with the check off, is fetched.
    other_crawler, other = _skip_middleware(database)
    other_crawler.spider = type("Spider", (), {"name": "levant"})()
    assert other.process_request(Request(url, meta=meta)) is None
    assert _skip_middleware(database, EXTRACT_TIMEOUT_GIVE_UP_AFTER=0)[1].process_request(Request(url, meta=meta)) is None
    for middleware in (middleware, other):
        if middleware.db is not None:
            middleware.db.close()


def test_recrawl_fetches_a_page_left_alone_after_extraction_timeouts(tmp_path):
    # CRAWL_RECRAWL turns the whole check off, the left-alone pages with the stored articles.
    with pytest.raises(NotConfigured):
        _skip_middleware(tmp_path / "news.db", CRAWL_RECRAWL=True)


@pytest.mark.parametrize(("workers", "limit", "warned"), [(0, 5, True), (0, 0, False), (1, 5, False)])
def test_inline_extraction_warns_at_start_that_the_page_time_limit_does_not_hold(caplog, workers, limit, warned):
    # Inline, a page runs in the crawl's own thread: nothing can stop one that never ends, so
    # EXTRACT_PAGE_TIMEOUT cannot hold; the operator is told at the start, not when a crawl hangs.
    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(settings_dict={**base, "EXTRACT_WORKERS": workers, "EXTRACT_PAGE_TIMEOUT": limit})
    with caplog.at_level(logging.WARNING, logger="pipelines.extract"):
        pipeline = ExtractPipeline.from_crawler(crawler)
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and r.name == "pipelines.extract"]
    if warned:
        assert messages == ["EXTRACT_PAGE_TIMEOUT (5 s) is not enforced with EXTRACT_WORKERS = 0: pages are "
                            "extracted in the crawl's own thread, and a page that never ends stops the crawl; "
                            "use EXTRACT_WORKERS >= 1 for the limit, or set EXTRACT_PAGE_TIMEOUT = 0"]
    else:
        assert messages == []
    assert pipeline.pool.inline is (workers == 0)


# The shutdown tests' pool: two workers running tests.faulty_analysers, no page time limit, the
# pages still in the workers given 1 s after the signal.
_NO_PAGE_LIMIT_SHUTDOWN_IN_1_S = {"EXTRACT_WORKERS": "2", "EXTRACT_PAGE_TIMEOUT": "0", "EXTRACT_SHUTDOWN_TIMEOUT": "1",
                                  "EXTRACT_PAGE_FUNCTION": "tests.faulty_analysers.analyse_or_fail"}


@pytest.mark.slow
def test_sigterm_while_a_page_never_ends_stops_the_crawl_and_kills_the_workers(demo_server, tmp_path):
    """Scrapy's graceful shutdown waits for every item in the pipelines: a page whose analysis
    never ends (no page time limit here) kept the crawl running after SIGTERM. The pool is
    killed EXTRACT_SHUTDOWN_TIMEOUT after the signal; the page is left for the next run, and
    what was stored is whole."""
    database = tmp_path / "news.db"
    mark = tmp_path / "hung-workers"
    process = start_scrapy(["crawl", "site", "-a", f"url={demo_server.base_url}/"],
                           settings={"DATABASE": str(database), **_NO_PAGE_LIMIT_SHUTDOWN_IN_1_S},
                           env={HANG_ENV: CRASH_PAGE, HANG_MARK_ENV: str(mark)})
    try:
        deadline = time.monotonic() + 120
        while not mark.exists() and time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read()[-3000:]
            time.sleep(0.05)
        assert mark.exists(), "the crawl did not reach the page that hangs"
        process.send_signal(signal.SIGTERM)
        _stdout, stderr = process.communicate(timeout=90)  # generous: seconds are expected
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr[-3000:]
    stats = crawl_stats(subprocess.CompletedProcess(process.args, 0, "", stderr))
    assert stats["finish_reason"] == "shutdown"
    assert stats["extract/dropped_at_shutdown"] >= 1
    assert "extraction workers killed" in stderr
    [hung_pid] = map(int, mark.read_text().split())
    assert not _pid_alive(hung_pid)
    # not an error of the page (the next run fetches it again), and nothing half-written
    assert rows(database, "SELECT url FROM fetch_errors WHERE kind LIKE 'extract%'") == []
    stored = [r["url"] for r in rows(database, "SELECT url FROM articles")]
    assert not any(CRASH_PAGE in url for url in stored)
    assert stats.get("articles/new", 0) == len(stored)
    assert rows(database, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a running process (a zombie waiting to be reaped is not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.slow
def test_sigterm_mid_crawl_loses_no_extracted_article(demo_expected, tmp_path):
    """Batches wait for a timer that does not fire before the signal (60 s; size 10,000 is never
    reached); SIGTERM arrives while extracted articles are pending; Scrapy's graceful shutdown
    closes the pipelines, which write them."""
    from crawler.fixture_server import FixtureServer

    database = tmp_path / "news.db"
    article_paths = {unquote(article["path"]).split("?")[0] for article in demo_expected["articles"]}
    fast = 8
    asked: list[str] = []

    def article(ctx):
        # The first articles are answered at once, the rest after 5 s: the crawl is still
        # running when the signal comes, however late a loaded machine lets the test send it
        # (with every article at 0.5 s, a loaded machine saw all 24 stored before the signal).
        asked.append(ctx.path)
        return replace(ctx.default_response(), delay=0.2 if len(asked) <= fast else 5.0)

    with FixtureServer(DEMO_SITE) as server:
        for path in article_paths:
            server.add_handler(path, article)
        settings = {"DATABASE": str(database), "EXTRACT_WORKERS": "2",
                    # two requests in the downloader at a time: the requests it holds when the
                    # signal comes are still answered (16 by default, which let every article in)
                    "CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2",
                    "STORE_BATCH_SIZE": "10000", "STORE_BATCH_MAX_DELAY": "60"}
        process = start_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"], settings=settings)
        try:
            deadline = time.monotonic() + 60
            # a slow article asked for: every fast one but the last is answered (two at a time)
            while len(asked) <= fast and time.monotonic() < deadline:
                assert process.poll() is None, process.stderr.read()[-3000:]
                time.sleep(0.05)
            assert len(asked) > fast, "the crawl did not reach its slow articles"
            time.sleep(1.5)  # the last fast answer, and the extraction of the answered pages
            stored_before = _stored_count(database)
            process.send_signal(signal.SIGTERM)
            _stdout, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, stderr[-3000:]
    stats = crawl_stats(subprocess.CompletedProcess(process.args, 0, "", stderr))
    assert stats["finish_reason"] == "shutdown"
    stored = rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"]
    duplicates = rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"]
    # the pending batch was written at shutdown; the slow articles were never answered
    assert stored_before < stored < len(demo_expected["articles"])
    outcomes = {k: v for k, v in stats.items() if k.startswith("articles/")}
    assert stats["pages/extracted"] == sum(outcomes.values()) == stats["item_scraped_count"]
    assert stats["articles/new"] == stored
    assert sum(v for k, v in outcomes.items() if k.startswith("articles/duplicate/")) == duplicates


@pytest.mark.slow
def test_a_page_whose_download_ends_after_sigterm_is_held_to_the_same_shutdown_deadline(tmp_path):
    """Scrapy's graceful stop still finishes the downloads in flight: a page that reached the pool
    after the pool went idle had no deadline (one that never ends kept the crawl running, with no
    page time limit; with the default one, 30 s more and recorded as an extraction timeout). It
    shares the EXTRACT_SHUTDOWN_TIMEOUT counted from the signal: past it, it is dropped unread."""
    from crawler.fixture_server import FixtureServer

    database = tmp_path / "news.db"
    mark = tmp_path / "hung-workers"
    asked: list[float] = []
    workers_gone = threading.Event()

    def slow_page(ctx):
        # answered once the deadline has passed (the pool's workers killed): its download ends
        # after the signal and after the deadline (a fixed 15 s delay did the same, 15 s long)
        asked.append(time.monotonic())
        workers_gone.wait(60)
        return ctx.default_response()

    with FixtureServer(DEMO_SITE) as server:
        server.add_handler(CRASH_PAGE, slow_page)
        process = start_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"],
                               settings={"DATABASE": str(database), **_NO_PAGE_LIMIT_SHUTDOWN_IN_1_S},
                               env={HANG_ENV: CRASH_PAGE, HANG_MARK_ENV: str(mark)})
        try:
            deadline = time.monotonic() + 60
            while not asked and time.monotonic() < deadline:
                assert process.poll() is None, process.stderr.read()[-3000:]
                time.sleep(0.05)
            assert asked, "the crawl did not ask for the slow page"
            # the rest of the site fetched and analysed: the pool is idle when the signal comes
            seen = -1
            while len(server.requests) != seen and time.monotonic() < asked[0] + 8:
                seen = len(server.requests)
                time.sleep(1.5)
            workers = _extraction_workers(process.pid)
            process.send_signal(signal.SIGTERM)
            if workers is None:  # no /proc children list: wait past the deadline instead
                time.sleep(10)
            else:
                assert workers, "no extraction worker running"
                stop_by = time.monotonic() + 30
                while any(_pid_alive(pid) for pid in workers) and time.monotonic() < stop_by:
                    time.sleep(0.05)
                assert not any(_pid_alive(pid) for pid in workers), "the workers outlived the deadline"
            workers_gone.set()
            _stdout, stderr = process.communicate(timeout=60)
        finally:
            workers_gone.set()
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 0, stderr[-3000:]
    stats = crawl_stats(subprocess.CompletedProcess(process.args, 0, "", stderr))
    assert stats["finish_reason"] == "shutdown"
    assert stats["extract/dropped_at_shutdown"] >= 1
    assert not mark.exists()  # the page never reached a worker
    # not an error of the page (the next run fetches it again)
    assert rows(database, "SELECT url FROM fetch_errors WHERE kind LIKE 'extract%'") == []
    assert not any(CRASH_PAGE in row["url"] for row in rows(database, "SELECT url FROM articles"))


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _extraction_workers(crawl_pid: int) -> list[int] | None:
    """The extraction workers of a running crawl: the children of its forkserver (``None`` where
    /proc lists no process's children)."""
    if not Path(f"/proc/{crawl_pid}/task/{crawl_pid}/children").exists():
        return None
    servers = [pid for pid in _children(crawl_pid)
               if b"forkserver import main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    return [worker for server in servers for worker in _children(server)]


def _stored_count(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        with sqlite3.connect(database, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


# -- batched writes ------------------------------------------------------------------------------

async def store_pipeline(database: Path, **settings) -> StorePipeline:
    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(settings_dict={**base, "DATABASE": str(database), **settings})
    crawler._apply_settings()
    pipeline = StorePipeline.from_crawler(crawler)
    await pipeline.open_spider()
    return pipeline


def article(url: str, body: str, **fields) -> ArticleItem:
    return ArticleItem(url=url, canonical_url=url, site="demo", title="A story", body=body,
                       fetched_at="2025-06-02T10:00:00+00:00", **fields)


STORY = " ".join(f"word{i} of the water agreement signed in Amman on Monday" for i in range(30))


def other_story(n: int) -> str:
    """A body sharing no 5-word shingle with STORY or with other_story(m), m != n."""
    return " ".join(f"s{n}w{i}" for i in range(150))


def in_event_loop(test):
    """Run an async test body in an asyncio loop, as the pipeline runs under Scrapy's reactor."""
    return asyncio.run(test())


def test_two_copies_of_one_story_in_the_same_batch_are_one_article_and_one_duplicate(tmp_path):
    database = tmp_path / "news.db"

    async def body():
        pipeline = await store_pipeline(database, STORE_BATCH_SIZE=10)
        await pipeline.process_item(article("http://news.test/a/story", STORY))
        await pipeline.process_item(article("http://news.test/b/same-story", STORY))
        assert rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 0  # still pending
        await pipeline.close_spider()
        return pipeline.crawler.stats.get_stats()

    stats = in_event_loop(body)
    assert stats["articles/new"] == 1 and stats["articles/duplicate/exact"] == 1
    assert [r["url"] for r in rows(database, "SELECT url FROM articles")] == ["http://news.test/a/story"]
    assert rows(database, "SELECT url, kind FROM duplicates") == [
        {"url": "http://news.test/b/same-story", "kind": "exact"}]


def test_a_story_stored_and_changed_in_the_same_batch_is_indexed_with_its_new_text(tmp_path):
    """New articles join the full-text index at the end of their batch (schema 6); the update
    trigger removes the old text from the index, so an article changed before that point must
    be indexed first (FTS5 reported "database disk image is malformed" and the crawl stopped)."""
    store = ArticleStore(tmp_path / "news.db")
    first = ArticleItem(url="http://news.test/a/story", canonical_url="http://news.test/a/story",
                        site="news", title="Water deal", body="zebra crossing " * 40)
    changed = ArticleItem(url="http://news.test/a/story?amp=1", canonical_url="http://news.test/a/story",
                          site="news", title="Water deal", body="giraffe crossing " * 40)
    assert [o.status for o in store.save_batch([first, changed])] == ["new", "updated"]
    match = "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?"
    assert store.db.execute(match, ["giraffe"]).fetchone()[0] == 1
    assert store.db.execute(match, ["zebra"]).fetchone()[0] == 0
    store.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    store.close()


def test_a_full_batch_is_written_at_once_and_the_rest_on_close(tmp_path):
    database = tmp_path / "news.db"

    async def body():
        pipeline = await store_pipeline(database, STORE_BATCH_SIZE=3)
        for n in range(4):
            await pipeline.process_item(article(f"http://news.test/story-{n}", other_story(n)))
        assert rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 3
        assert len(pipeline.pending) == 1
        await pipeline.close_spider()
        return pipeline.crawler.stats.get_stats()

    stats = in_event_loop(body)
    assert stats["store/batches"] == 2 and stats["articles/new"] == 4
    assert rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 4


def test_a_batch_that_is_not_full_is_written_after_the_max_delay(tmp_path):
    database = tmp_path / "news.db"

    async def body():
        pipeline = await store_pipeline(database, STORE_BATCH_SIZE=100, STORE_BATCH_MAX_DELAY=0.2)
        await pipeline.process_item(article("http://news.test/story", STORY))
        await asyncio.sleep(0.05)
        before = rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"]
        await asyncio.sleep(0.4)
        after = rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"]
        await pipeline.close_spider()
        return before, after

    assert in_event_loop(body) == (0, 1)


def test_a_batch_waiting_for_another_writers_lock_leaves_the_event_loop_running(tmp_path):
    """Another process holds the database's write lock (a second crawl, a tool's long
    transaction): the batch waits for it in the writer thread, and the event loop — downloads,
    the extraction workers' pages — goes on meanwhile; once the lock is free the batch is written."""
    database = tmp_path / "news.db"

    async def body():
        pipeline = await store_pipeline(database, STORE_BATCH_SIZE=1, STORAGE_BUSY_TIMEOUT=5,
                                        STORAGE_LOCK_RETRIES=1)
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # holds the write lock
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.ensure_future(ticker())
        write = asyncio.ensure_future(pipeline.process_item(article("http://news.test/story", STORY)))
        await asyncio.sleep(0.3)
        waited = not write.done()
        other.execute("COMMIT")
        other.close()
        await write
        ticking.cancel()
        await pipeline.close_spider()
        return waited, ticks, pipeline.crawler.stats.get_stats()

    waited, ticks, stats = in_event_loop(body)
    assert waited, "the batch should have waited for the lock"
    assert ticks >= 10  # the loop ran while the batch waited (about 30 ticks in 0.3 s)
    assert stats["articles/new"] == 1 and "articles/failed/storage" not in stats
    assert rows(database, "SELECT url FROM articles") == [{"url": "http://news.test/story"}]


def _refused_row(pipeline: StorePipeline) -> ArticleItem:
    # A trigger stands in for a row the database refuses (disk full, constraint...).
    pipeline.store.db.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN NEW.url LIKE '%bad%' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END")
    return article("http://news.test/bad", other_story(1))


def _unstorable_article(pipeline: StorePipeline) -> ArticleItem:
    # Not a database error: storing it raises in our code (a tag that is not text).
    return article("http://news.test/bad", other_story(1), tags=[object()])


@pytest.mark.parametrize("bad_article", [_refused_row, _unstorable_article], ids=["refused_row", "exception"])
def test_a_batch_that_fails_is_written_article_by_article(tmp_path, caplog, bad_article):
    """Only the article that cannot be stored is lost, not its batch."""
    database = tmp_path / "news.db"

    async def body():
        pipeline = await store_pipeline(database, STORE_BATCH_SIZE=3)
        for item in (article("http://news.test/good-1", other_story(0)), bad_article(pipeline),
                     article("http://news.test/good-2", other_story(2))):
            await pipeline.process_item(item)
        await pipeline.close_spider()
        return pipeline.crawler.stats.get_stats()

    stats = in_event_loop(body)
    assert stats["articles/new"] == 2 and stats["articles/failed/storage"] == 1
    assert sorted(r["url"] for r in rows(database, "SELECT url FROM articles")) == [
        "http://news.test/good-1", "http://news.test/good-2"]
    assert any("article lost" in r.getMessage() and "/bad" in r.getMessage() for r in caplog.records)


# -- no per-article cost that grows with the database ----------------------------------------------

# Tables whose size does not grow with the crawl (scanning them is constant work).
FIXED_SIZE_TABLES = {"minhash_params", "articles_high_water"}  # a handful of rows; one (a CHECK)


def test_every_statement_storage_runs_per_article_uses_an_index(tmp_path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    for n in range(30):  # enough rows for the planner to prefer indexes for real
        store.save(article(f"http://news.test/filler-{n}", other_story(n)))
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    near_copy = STORY.replace("word3 ", "term3 ")
    store.save_batch([
        article("http://news.test/new", "a fresh story " + STORY),                    # new
        article("http://news.test/new?utm_source=x", "a fresh story " + STORY),       # url duplicate
        article("http://news.test/other", "a fresh story " + STORY),                   # exact duplicate
        article("http://news.test/near", "a fresh story " + near_copy),                # near duplicate
        article("http://news.test/new", "a fresh story, updated " + STORY),           # updated
        article("http://news.test/filler-1", other_story(1)),                          # unchanged
        article("http://news.test/wire", "\n\n".join(WIRE_STORY)),                      # new, lead keys
        article("http://news.test/cut", "\n\n".join(CUT_COPY)),                         # shortened copy
    ])
    store.stored_url("http://news.test/new")
    assert rows(database, "SELECT kind FROM duplicates WHERE url = 'http://news.test/cut'") == [{"kind": "shortened"}]

    crawler = get_crawler(settings_dict={"DEDUP_SKIP_STORED": True, "CRAWL_RECRAWL": False,
                                         "DATABASE": str(database), "STORAGE_BUSY_TIMEOUT": 5})
    middleware = SkipStoredArticlesMiddleware.from_crawler(crawler)
    middleware.db = open_database(database)
    middleware.db.conn.set_trace_callback(statements.append)
    crawler._apply_settings()
    with pytest.raises(Exception, match="already stored"):
        middleware.process_request(Request("http://news.test/new", meta={"article_candidate": True}))
    middleware.db.conn.set_trace_callback(None)
    store.db.conn.set_trace_callback(None)

    queries = [s for s in statements if s.lstrip().split()[0].upper() in {"SELECT", "UPDATE", "DELETE", "INSERT"}]
    assert len(queries) > 20
    assert any("FROM lead_keys WHERE key" in s for s in queries)
    scans = {}
    conn = sqlite3.connect(database)
    for statement in queries:
        for _id, _parent, _unused, detail in conn.execute("EXPLAIN QUERY PLAN " + statement):
            table = detail.split()[1] if detail.startswith("SCAN ") else None
            if table and table not in FIXED_SIZE_TABLES and "CONSTANT ROW" not in detail:
                scans[statement[:120]] = detail
    conn.close()
    store.close()
    middleware.db.close()
    assert not scans, json.dumps(scans, indent=1, ensure_ascii=False)


_WARM_UP_SCRIPT = """
import json, os, sys, time
from pathlib import Path
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler
import crawler.settings as project_settings
from pipelines.extract import ExtractionWarmUp

settings = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
settings.update(json.loads(sys.argv[1]))
try:
    ExtractionWarmUp.from_crawler(get_crawler(settings_dict=settings))
    started = True
except NotConfigured:
    started = False
time.sleep(0.5)
children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
commands = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\\0", b" ").decode() for pid in children]
print(json.dumps({"started": started, "commands": commands}))
"""


def _warm_up(settings: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", _WARM_UP_SCRIPT, json.dumps(settings)], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


_PAGE_POOL_SCRIPT = """
import json, sys
import crawler.settings as project_settings
from pipelines.extract import page_pool

settings = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
settings.update(json.loads(sys.argv[1]))
from scrapy.settings import Settings
pool = page_pool(Settings(settings))
print(json.dumps({"function": pool.function if isinstance(pool.function, str) else pool.function.__qualname__,
                  "imported": [name for name in ("crawler.processing", "crawler.extract") if name in sys.modules]}))
"""


@pytest.mark.parametrize(("workers", "function", "imported"), [
    (2, "crawler.processing.analyse_page", []),  # the workers import it, from its path
    (0, "analyse_page", ["crawler.processing", "crawler.extract"]),  # inline: the crawl's own thread runs it
])
def test_the_page_function_is_imported_where_pages_are_extracted(workers, function, imported):
    done = subprocess.run([sys.executable, "-c", _PAGE_POOL_SCRIPT, json.dumps({"EXTRACT_WORKERS": workers})],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {"function": function, "imported": imported}


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                    reason="reads the process's children from /proc")
def test_the_warm_up_extension_starts_the_forkserver_with_the_extractor_before_any_page():
    # Built with the crawler's extensions, before the spider opens: the forkserver, told to
    # import the page function's module, runs before any worker was asked for.
    warmed = _warm_up({"EXTRACT_WORKERS": 2})
    assert warmed["started"]
    forkservers = [command for command in warmed["commands"] if "forkserver import main" in command]
    assert len(forkservers) == 1 and "crawler.processing" in forkservers[0]

    # No pool, no forkserver: inline extraction, extraction off, another start method.
    for settings in ({"EXTRACT_WORKERS": 0}, {"EXTRACT_ENABLED": False}, {"EXTRACT_START_METHOD": "spawn"}):
        idle = _warm_up(settings)
        assert not idle["started"], settings
        assert not any("forkserver" in command for command in idle["commands"]), settings


_PRELOADED_SCRIPT = """
import asyncio, json, sys
import crawler.settings as project_settings
from scrapy.settings import Settings
from pipelines.extract import page_pool

settings = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
settings.update(json.loads(sys.argv[1]), EXTRACT_WORKERS=1,
                EXTRACT_PAGE_FUNCTION="tests.faulty_analysers.preloaded")
pool = page_pool(Settings(settings))

async def first_page():
    try:
        return await pool.run("page")
    finally:
        await pool.aclose()

print(json.dumps(asyncio.run(first_page())))
"""


@pytest.mark.parametrize(("near_duplicates", "preloaded"), [
    (True, {"numpy": True, "permutations": 1}),  # made once, in the forkserver
    (False, {"numpy": False, "permutations": 0}),  # no MinHash: nothing to make
])
def test_a_worker_finds_numpy_and_the_minhash_permutations_made_before_its_first_page(
        near_duplicates, preloaded):
    # Each worker imported numpy and made the permutations at its first page (~80 ms of CPU per
    # worker, after the spider opened); the forkserver now does it once, for every worker.
    settings = json.dumps({"DEDUP_NEAR_ENABLED": near_duplicates})
    done = subprocess.run([sys.executable, "-c", _PRELOADED_SCRIPT, settings], check=False,
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1]) == preloaded


_CRAWL_START_SCRIPT = """
import json, os, sys, time
from pathlib import Path

def children():
    # A child forked but not yet exec'd (the forkserver, on a loaded machine) still shows this
    # script's command line, and none while it execs: wait for it to become itself.
    own, deadline = Path("/proc/self/cmdline").read_bytes(), time.monotonic() + 20
    while True:
        commands = []
        for pid in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split():
            try:
                commands.append(Path(f"/proc/{pid}/cmdline").read_bytes())
            except OSError:  # gone meanwhile
                pass
        if all(command and command != own for command in commands) or time.monotonic() > deadline:
            return [command.replace(b"\\0", b" ").decode() for command in commands]
        time.sleep(0.05)

def built(*args, **kwargs):  # Scrapy builds its crawler process: what runs already?
    print(json.dumps({"when the crawler process is built": children()}), flush=True)
    os._exit(0)

if sys.argv[1] == "scrapy":
    import scrapy.cmdline as cmdline

    cmdline.AsyncCrawlerProcess = cmdline.CrawlerProcess = built
    try:
        cmdline.execute(["scrapy", "crawl", *sys.argv[2:]])
    except SystemExit as exit:
        print(json.dumps({f"exit {exit.code}": children()}), flush=True)
else:
    import scrapy.crawler
    from crawler.runner import _crawler_process, project_settings

    scrapy.crawler.CrawlerProcess = built
    _crawler_process(project_settings(json.loads(sys.argv[2])))
"""


def _crawl_start(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _CRAWL_START_SCRIPT, *args], check=False,
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 2), done.stderr[-3000:]
    (moment, commands), = json.loads(done.stdout.splitlines()[-1]).items()
    print(moment, commands)  # shown when the test fails
    return {moment: [command for command in commands if "forkserver import main" in command]}


@pytest.mark.skipif(not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists(),
                    reason="reads the process's children from /proc")
def test_the_crawl_commands_start_the_forkserver_before_scrapy_builds_the_crawler_process(tmp_path):
    # Its import of the extractor (~0.7 s of CPU) runs on the other core during Scrapy's start-up;
    # started with the crawler's extensions, most of it came after "Spider opened".
    database = str(tmp_path / "news.db")
    site = ("site", "-a", "url=http://127.0.0.1:9/")
    started = _crawl_start("scrapy", *site, "-s", f"DATABASE={database}")
    (forkserver,), = started.values()
    assert list(started) == ["when the crawler process is built"]
    assert "crawler.processing" in forkserver and "crawler.minhash_preload" in forkserver
    (forkserver,), = _crawl_start("crawler", json.dumps({"DATABASE": database})).values()
    assert "crawler.processing" in forkserver

    # Nothing started for a crawl that extracts inline, nor for one refused by its options.
    assert _crawl_start("scrapy", *site, "-s", "EXTRACT_WORKERS=0", "-s", f"DATABASE={database}") == {
        "when the crawler process is built": []}
    assert _crawl_start("crawler", json.dumps({"DATABASE": database, "EXTRACT_WORKERS": 0})) == {
        "when the crawler process is built": []}
    assert _crawl_start("scrapy", "no-such-site", "-s", f"DATABASE={database}") == {"exit 2": []}
    # A setting that does not read is left to the checks that report it (a usage error), not a
    # traceback here.
    for setting in ("EXTRACT_WORKERS=abc", "EXTRACT_ENABLED=maybe", "EXTRACT_START_METHOD=bogus"):
        assert _crawl_start("scrapy", *site, "-s", setting, "-s", f"DATABASE={database}") == {
            "when the crawler process is built": []}, setting
    assert _crawl_start("crawler", json.dumps({"DATABASE": database, "EXTRACT_START_METHOD": "bogus"})) == {
        "when the crawler process is built": []}


def test_a_batch_the_write_lock_outlasts_is_lost_once_not_retried_article_by_article(tmp_path, caplog):
    """Another connection holds the write lock past the retries: the batch is lost once, counted,
    with one ERROR line. It was written again "one by one", each article waiting through the
    retries again (100 articles x 5 x 30 s: four hours with the defaults, the crawl stalled)."""
    database = tmp_path / "news.db"
    attempts = []

    async def body():
        pipeline = await store_pipeline(database, STORE_BATCH_SIZE=4, STORAGE_BUSY_TIMEOUT=0.3,
                                        STORAGE_LOCK_RETRIES=2)
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # holds the write lock throughout
        pipeline.store.db.conn.set_trace_callback(
            lambda statement: attempts.append(statement) if statement == "BEGIN IMMEDIATE" else None)
        try:
            for n in range(4):
                await pipeline.process_item(article(f"http://news.test/story-{n}", other_story(n)))
        finally:
            other.execute("ROLLBACK")
            other.close()
        await pipeline.close_spider()
        return pipeline.crawler.stats.get_stats()

    with caplog.at_level(logging.INFO):
        stats = in_event_loop(body)
    assert len(attempts) == 2  # the batch's two attempts, and no article's own
    assert stats["articles/failed/storage"] == 4 and "articles/new" not in stats
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, errors
    assert errors[0].startswith("4 article(s) lost: another connection held the database's write lock "
                                "through 2 attempt(s) of STORAGE_BUSY_TIMEOUT=0.3s")
    assert "database is locked" in errors[0]
    assert not any("one by one" in r.getMessage() for r in caplog.records)
    assert rows(database, "SELECT COUNT(*) AS n FROM articles") == [{"n": 0}]


def test_the_store_writer_thread_does_not_keep_the_process_alive_at_exit():
    """A second SIGTERM stops the reactor at once; the interpreter then joined the writer (a
    ThreadPoolExecutor thread) and waited out its lock retries. Its thread is a daemon."""
    from pipelines.store import WriterThread

    writer = WriterThread("store-writer")
    try:
        assert writer.submit(lambda: 42).result(timeout=5) == 42
        assert writer._thread.daemon
        with pytest.raises(ValueError, match="refused"):
            writer.submit(lambda: (_ for _ in ()).throw(ValueError("refused"))).result(timeout=5)
    finally:
        writer.shutdown(wait=True)
    with pytest.raises(RuntimeError):
        writer.submit(lambda: 1)


def test_a_message_to_a_worker_is_its_length_then_its_pickle_written_once():
    """``_framed``: the pickle of a page's arguments behind its length, built in one buffer (the
    90 KB body is not copied again to put the header in front); read back as the worker reads it."""
    import pickle

    from crawler.workers import _HEADER, _framed

    page = PageItem(url="https://news.example/a", body="<html><p>نص المقال</p></html>".encode() * 3000, site="s")
    message = _framed((page, {"min_words": 40}))
    data = pickle.dumps((page, {"min_words": 40}), protocol=pickle.HIGHEST_PROTOCOL)
    assert bytes(message) == _HEADER.pack(len(data)) + data
    (length,) = _HEADER.unpack(message[:_HEADER.size])
    assert length == len(message) - _HEADER.size
    back, context = pickle.loads(message[_HEADER.size:])
    assert back.body == page.body and context == {"min_words": 40}
