"""Run records in distributed mode: the writer merges the crawler processes' run reports into one
``crawl_runs`` row per site and distributed run (``crawler/distributed_runs.py``), so that
``crawler stats`` shows the last run, the last success and the health of a site crawled that way.
Before, distributed mode wrote no row at all: ``last run -``, and health "ok" for want of runs,
however broken the site (distributed-mode audit, finding 5)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from crawler.distributed_runs import RunReport, record_runs
from crawler.fixture_server import FixtureServer
from crawler.sites import site_name_for
from crawler.storage import open_database
from tests.conftest import PROJECT_ROOT, rows
from tests.sitegen import Story, filler
from tests.test_distributed import (  # noqa: F401 - fixtures
    ALONE,
    article_count,
    build_site,
    finish,
    redis_client,
    redis_server,
    serve_once_joined,
    start_crawler,
    start_writer,
)


def stats_of(database) -> dict:
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "stats", "--db", str(database), "--json"],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return {s["site"]: s for s in map(json.loads, result.stdout.splitlines())}


def stats_table(database) -> str:
    return subprocess.run([sys.executable, "-m", "crawler.cli", "stats", "--db", str(database)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60, check=True).stdout


@pytest.mark.redis
@pytest.mark.slow
def test_two_crawler_processes_and_the_writer_leave_one_run_row_with_the_writers_counts(tmp_path, redis_server,
                                                                                        redis_client):
    site = build_site(tmp_path / "site", articles=24)
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        # both processes in the run, however late one starts on a loaded machine
        serve_once_joined(server, site, 0.1, processes=2)
        crawlers = [start_crawler(server.base_url, redis_server.url, name, tmp_path / "none.db")
                    for name in ("crawler-a", "crawler-b")]
        writer = start_writer(database, redis_server.url, idle_timeout=30)
        for crawler in crawlers:
            _, log = crawler.communicate(timeout=120)
            if crawler.returncode != 0:
                (tmp_path.parent / "crawler-failure.log").write_text(log)
            assert crawler.returncode == 0, log[-3000:]
        writer.terminate()
        output, log = writer.communicate(timeout=60)
        assert writer.returncode == 0, log[-3000:]
    assert "runs recorded 1" in output
    name = site_name_for(server.base_url + "/")
    assert article_count(database) == 24
    [run] = rows(database, "SELECT * FROM crawl_runs")
    assert run["site"] == name and run["status"] == "finished" and run["failure"] is None
    assert run["distributed_run"] and len(json.loads(run["processes"])) == 2
    # The storage outcomes only the writer knows; the figures the processes summed.
    assert (run["articles_new"], run["articles_unchanged"], run["articles_duplicate"]) == (24, 0, 0)
    assert run["articles_checked"] == run["pages_fetched"] == 24 and run["date_share"] == 1.0
    assert run["requests"] >= 26 and run["responses_2xx"] >= 26 and run["finished_at"] >= run["started_at"]
    overview = stats_of(database)[name]
    assert overview["last_run"] == run["started_at"] and overview["last_status"] == "finished"
    assert overview["last_success"] == run["started_at"] and overview["degraded"] is False


@pytest.mark.redis
@pytest.mark.slow
def test_a_distributed_site_whose_new_pages_stop_being_articles_is_flagged_degraded(tmp_path, redis_server):
    # Extraction breaks (a redesign): the new pages still download but none qualifies as an
    # article. A local crawl flags this against the site's history; a distributed one said "ok".
    site = build_site(tmp_path / "site", articles=8)
    site.homepage_links = []
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        finish(start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "none.db", **ALONE))
        finish(start_writer(database, redis_server.url, idle_timeout=0.5))
        for n in range(8):  # the next day's stories, with next to no text where the body was
            site.add(Story(path=f"/news/2025/06/broken-{n:03d}/", title=f"Broken story {n}",
                           paragraphs=filler(f"broken {n}", n=1, words=3), lastmod="2025-06-03T10:00:00+00:00"))
        site.write()
        finish(start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "none.db", **ALONE))
        finish(start_writer(database, redis_server.url, idle_timeout=0.5))
    name = site_name_for(server.base_url + "/")
    first, second = rows(database, "SELECT * FROM crawl_runs ORDER BY id")
    assert first["status"] == "finished" and first["articles_new"] == 8 and first["degraded"] == 0
    assert second["distributed_run"] != first["distributed_run"]
    assert second["articles_new"] == 0 and second["pages_fetched"] >= 8 and second["degraded"] == 1
    assert second["degraded_reason"].startswith("no page qualified as an article")
    assert "DEGRADED: no page qualified as an article" in stats_table(database)
    assert stats_of(database)[name]["degraded"] is True


@pytest.mark.redis
@pytest.mark.slow
def test_a_distributed_crawl_of_a_site_that_is_down_is_recorded_failed(tmp_path, redis_server):
    import socket

    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    database = tmp_path / "news.db"
    base_url = f"http://127.0.0.1:{port}"
    crawler = start_crawler(base_url, redis_server.url, "crawler-a", tmp_path / "none.db", RETRY_TIMES="0", **ALONE)
    crawler.wait(timeout=120)
    assert crawler.returncode == 1  # the process says it failed, as before
    finish(start_writer(database, redis_server.url, idle_timeout=0.5))
    [run] = rows(database, "SELECT * FROM crawl_runs")
    assert run["status"] == "failed" and run["failure"].startswith("no page could be fetched")
    assert "FAILED: no page could be fetched" in stats_table(database)


@pytest.mark.redis
@pytest.mark.slow
def test_a_crawler_process_that_found_the_queue_drained_by_the_others_exits_0_and_joins_the_runs_row(
        tmp_path, redis_server, redis_client):
    # Cron starts N processes; one that starts late finds every request taken by the others. It
    # sent nothing, so its own verdict was "failed: no page could be fetched (0 requests)", exit 1,
    # an Error: line in cron's mail for a healthy run.
    site = build_site(tmp_path / "site", articles=1)
    # The first process's held page must be the last request of the run, or the late process,
    # which stays while another is busy, rightly takes what comes after (and fetches robots.txt
    # first): the story is found once, in the sitemap (a home-page link too, and the sitemap's
    # lastmod re-asks for it, a recheck queued as the story is fetched), and its template links
    # only the home page (template "a" links /news/ and /sport/, queued once the story is answered).
    site.homepage_links = []
    site.chrome = "b"
    site.write()
    database = tmp_path / "news.db"

    def processes_started() -> int:
        """The crawler processes whose "start" run report is in the writer's list."""
        return sum(b'"event": "start"' in item for item in redis_client.lrange("crawler:items", 0, -1))

    def answer_once_the_late_process_started(ctx):
        # The first process's last page is in flight until the late process has opened (and
        # joined the run): it finds the queue drained, however long it took to start.
        deadline = time.monotonic() + 240  # only a late process that never opens waits this long
        while processes_started() < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        return ctx.default_response()

    with FixtureServer(site.root) as server:
        for story in site.stories:  # handlers match exact paths: with and without the final slash
            server.add_handler(story.path, answer_once_the_late_process_started)
            server.add_handler(story.path.rstrip("/"), answer_once_the_late_process_started)
        first = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "none.db",
                              CRAWL_GUESS_SITEMAPS="False", DOWNLOAD_TIMEOUT="300")  # its page waits for the other
        deadline = time.monotonic() + 180  # only a crawl that never asks for its page waits this long
        while not any(r.path.startswith("/news/") for r in server.requests):  # its last page, in flight
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        late = start_crawler(server.base_url, redis_server.url, "crawler-b", tmp_path / "none.db",
                             CRAWL_GUESS_SITEMAPS="False")
        _, log = late.communicate(timeout=240)
        first.communicate(timeout=240)
        assert server.requests[-1].path == site.stories[0].path  # the held page was the run's last request
        assert not [r for r in server.requests if r.headers.get("User-Agent") == "crawler-b"]
        assert late.returncode == 0, log[-3000:]
        assert first.returncode == 0
        finish(start_writer(database, redis_server.url, idle_timeout=1))
    [run] = rows(database, "SELECT * FROM crawl_runs")
    assert run["status"] == "finished" and len(json.loads(run["processes"])) == 2 and run["articles_new"] == 1


# --- the merge, without Redis --------------------------------------------------------------------
def _end(worker: str, run: str = "r1", reason: str = "finished", **stats) -> RunReport:
    return RunReport("gulf", run, worker, "end", "2026-12-07T10:00:00+00:00", "2026-12-07T10:05:00+00:00",
                     reason, {"downloader/request_count": 10, "downloader/response_status_count/200": 10,
                              "runs/pages_ok": 9, **stats},
                     {"pages_fetched": 5, "rejected": 0, "with_date": 5, "with_author": 0, "with_title": 5,
                      "word_counts": [100, 120, 140, 160, 180]})


def _start(worker: str, run: str = "r1") -> RunReport:
    return RunReport("gulf", run, worker, "start", "2026-12-07T10:00:00+00:00")


def test_a_run_row_waits_for_every_process_that_started_and_counts_the_writers_outcomes(tmp_path):
    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), _start("b"), *[("gulf", "r1", "new")] * 3], pid=1)
    assert record_runs(db, [("gulf", "r1", "new"), ("gulf", "r1", "unchanged"), _end("a")], pid=1) == []
    [run] = rows(tmp_path / "news.db", "SELECT * FROM crawl_runs")
    assert run["status"] == "running" and run["articles_new"] == 4
    [completed] = record_runs(db, [_end("b")], pid=1)
    [run] = rows(tmp_path / "news.db", "SELECT * FROM crawl_runs")
    assert completed == run["id"] and run["status"] == "finished"
    assert (run["requests"], run["responses_2xx"], run["articles_new"], run["articles_unchanged"]) == (20, 20, 4, 1)
    assert (run["articles_checked"], run["median_words"], run["author_share"]) == (10, 140.0, 0.0)
    # replayed after a crash between the commit and the acknowledgement: nothing changes
    record_runs(db, [_start("a")], pid=1)
    assert rows(tmp_path / "news.db", "SELECT status FROM crawl_runs") == [{"status": "finished"}]
    db.close()


def test_a_run_one_of_whose_processes_was_killed_is_marked_killed_when_the_next_run_opens(tmp_path):
    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), _start("b"), _end("a")], pid=1)
    record_runs(db, [_start("c", run="r2")], pid=1)
    old, new = rows(tmp_path / "news.db", "SELECT status, requests, distributed_run FROM crawl_runs ORDER BY id")
    assert old == {"status": "killed", "requests": 10, "distributed_run": "r1"}
    assert new["status"] == "running"
    db.close()


def test_a_run_whose_every_process_fetched_nothing_failed_but_one_idle_process_beside_a_working_one_did_not(
        tmp_path):
    db = open_database(tmp_path / "news.db")
    nothing = {"runs/pages_ok": 0, "downloader/response_status_count/200": 0, "errors/connection": 10}
    record_runs(db, [_start("a"), _end("a", **nothing)], pid=1)
    # A process that joined when the queue was drained fetched nothing: normal, not a failure.
    idle = RunReport("gulf", "r2", "d", "end", "2026-12-07T11:00:00+00:00", "2026-12-07T11:00:05+00:00",
                     "finished", {}, {})
    record_runs(db, [_start("c", run="r2"), _start("d", run="r2"), _end("c", run="r2"), idle], pid=1)
    down, up = rows(tmp_path / "news.db", "SELECT status, failure FROM crawl_runs ORDER BY id")
    assert down["status"] == "failed" and down["failure"].startswith("no page could be fetched (10 requests")
    assert up == {"status": "finished", "failure": None}
    db.close()


def test_a_distributed_site_that_finds_nothing_new_for_two_days_is_flagged_as_a_local_one_is(tmp_path):
    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), ("gulf", "r1", "new"), _end("a")], pid=1)
    later = RunReport("gulf", "r2", "b", "end", "2026-12-09T12:00:00+00:00", "2026-12-09T12:05:00+00:00",
                      "finished", {"downloader/request_count": 3, "runs/pages_ok": 3}, {})
    record_runs(db, [later, ("gulf", "r2", "unchanged")], pid=1)
    first, second = rows(tmp_path / "news.db", "SELECT degraded, degraded_reason FROM crawl_runs ORDER BY id")
    assert first == {"degraded": 0, "degraded_reason": None}
    assert second["degraded"] == 1 and second["degraded_reason"].startswith("no new article for 50 h")
    db.close()


def test_a_distributed_site_crawled_weekly_is_judged_by_the_window_its_processes_report(tmp_path):
    """The crawler processes report their profile's stale_hours with their end: the writer, which
    may read no sites file at all, judges the site by it, and by RUNS_HEALTH_STALE_HOURS without."""
    from crawler.distributed_runs import encode_run_report, run_report_from_envelope

    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), ("gulf", "r1", "new"), _end("a")], pid=1)
    weekly = RunReport("gulf", "r2", "b", "end", "2026-12-09T12:00:00+00:00", "2026-12-09T12:05:00+00:00",
                       "finished", {"downloader/request_count": 3, "runs/pages_ok": 3}, {}, stale_hours=192)
    # through the item list as the writer reads it
    weekly = run_report_from_envelope(json.loads(encode_run_report(weekly)))
    record_runs(db, [weekly, ("gulf", "r2", "unchanged")], pid=1)
    unset = RunReport("gulf", "r3", "c", "end", "2026-12-09T13:00:00+00:00", "2026-12-09T13:05:00+00:00",
                      "finished", {"downloader/request_count": 3, "runs/pages_ok": 3}, {})
    record_runs(db, [unset], pid=1)
    _first, second, third = rows(tmp_path / "news.db", "SELECT degraded, degraded_reason FROM crawl_runs ORDER BY id")
    assert second == {"degraded": 0, "degraded_reason": None}
    assert third["degraded"] == 1 and third["degraded_reason"].startswith("no new article for 51 h")
    db.close()


@pytest.mark.parametrize("value", [-1, "192", True, float("inf")])
def test_a_run_report_with_a_bad_staleness_window_is_refused(value):
    from crawler.distributed_runs import run_report_from_envelope

    report = {"site": "gulf", "run": "r1", "worker": "a", "event": "end", "started_at": "2026-12-07T10:00:00+00:00",
              "stale_hours": value}
    with pytest.raises(ValueError, match="stale_hours is not a number of hours"):
        run_report_from_envelope({"run_report": report})


def test_a_run_whose_start_articles_and_end_came_in_one_batch_is_judged_with_its_articles(tmp_path):
    # a small site's whole run fits in one of the writer's batches: its articles are counted
    # before its end report completes the row, or it read "no new article for 72 h"
    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), ("gulf", "r1", "new"), _end("a")], pid=1)
    later = [RunReport("gulf", "r2", "b", "start", "2026-12-10T10:00:00+00:00"),
             *[("gulf", "r2", "new")] * 4,
             RunReport("gulf", "r2", "b", "end", "2026-12-10T10:00:00+00:00", "2026-12-10T10:05:00+00:00",
                       "finished", {"downloader/request_count": 4, "runs/pages_ok": 4}, {})]
    record_runs(db, later, pid=1)
    second = rows(tmp_path / "news.db", "SELECT articles_new, degraded, degraded_reason FROM crawl_runs ORDER BY id")[1]
    assert second == {"articles_new": 4, "degraded": 0, "degraded_reason": None}
    db.close()


def test_a_distributed_run_left_open_by_a_killed_process_is_not_crawling_for_good(tmp_path):
    # the row holds the writer's pid, alive while the writer runs: an old open row is not a crawl
    # in progress, and a site whose crawls then stopped reads NOT CRAWLED, not "crawling since"
    import os

    from crawler.runs import site_overview

    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), _start("b"), ("gulf", "r1", "new"), _end("a")], pid=os.getpid())
    db.execute("UPDATE crawl_runs SET started_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-3 days')")
    assert [site.running_since for site in site_overview(db)] == []
    db.execute("UPDATE crawl_runs SET started_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-1 hour')")
    [site] = site_overview(db)
    assert site.running_since is not None  # a recent open row of a live writer is a crawl in progress
    db.close()


def test_a_killed_run_none_of_whose_processes_reported_an_end_has_no_failure_text(tmp_path):
    db = open_database(tmp_path / "news.db")
    record_runs(db, [_start("a"), *[("gulf", "r1", "new")] * 3], pid=1)
    record_runs(db, [_start("c", run="r2")], pid=1)
    old = rows(tmp_path / "news.db", "SELECT status, failure FROM crawl_runs ORDER BY id")[0]
    assert old == {"status": "killed", "failure": None}  # not "no page could be fetched (0 requests)"
    db.close()
