"""Extraction health per run and the degradation rule (crawler/runs.py), and the end-to-end
case the rule exists for: a site's templates change between two runs so that dates (or whole
articles) are no longer found, and the second run flags the site.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.runs import (
    HealthFigures,
    HealthTally,
    Verdict,
    assess_health,
    errors_by_kind,
    exception_line,
    failure_reason,
    responses_by_class,
    run_record,
)
from tests.conftest import rows
from tests.sitegen import SiteBuilder, Story, filler
from tests.test_cli_crawl import crawler_cli

USUAL = HealthFigures(pages_fetched=20, articles=20, date_share=0.95, author_share=0.9,
                      title_share=1.0, median_words=400, rejected_share=0.0)


def figures(**changes) -> HealthFigures:
    return HealthFigures(**{**USUAL.__dict__, **changes})


# --- the tally ---------------------------------------------------------------------------------
def test_tally_gives_shares_median_and_rejected_share():
    tally = HealthTally()
    tally.add_article(has_date=True, has_author=False, has_title=True, words=100)
    tally.add_article(has_date=False, has_author=True, has_title=True, words=300)
    tally.add_article(has_date=True, has_author=True, has_title=False, words=200)
    tally.add_rejected()
    assert tally.figures() == HealthFigures(pages_fetched=4, articles=3, date_share=0.6667,
                                            author_share=0.6667, title_share=0.6667,
                                            median_words=200.0, rejected_share=0.25)


def test_empty_tally_has_no_shares():
    assert HealthTally().figures() == HealthFigures()


# --- the rule ----------------------------------------------------------------------------------
def test_date_share_collapse_is_flagged_with_the_figures():
    verdict = assess_health(figures(date_share=0.1), [USUAL] * 5)
    assert verdict.degraded
    assert verdict.reason == "share of articles with a date 10% (usually 95%)"


def test_no_page_qualifying_as_an_article_is_flagged():
    verdict = assess_health(figures(articles=0, date_share=None, author_share=None, title_share=None,
                                    median_words=None, rejected_share=1.0), [USUAL] * 3)
    assert verdict == Verdict(True, "no page qualified as an article (20 fetched; usually 20 articles)")


def test_shorter_bodies_and_fewer_articles_are_flagged_together():
    verdict = assess_health(figures(median_words=60, rejected_share=0.8, articles=5), [USUAL])
    assert verdict.degraded
    assert "median body length (words) 60 (usually 400)" in verdict.reason
    assert "share of fetched pages that are articles 20% (usually 100%)" in verdict.reason


def test_a_site_without_history_whose_every_page_is_rejected_is_flagged_with_the_reasons():
    """A new profile whose pages are all too short (a body selector that misses, a paywall) was
    "ok" run after run: without history nothing was judged, and a run without articles never
    becomes history."""
    current = figures(pages_fetched=300, articles=0, date_share=None, author_share=None, title_share=None,
                      median_words=None, rejected_share=1.0)
    for history in ([], [figures(articles=2)] * 5):
        verdict = assess_health(current, history, rejected={"too_short": 290, "empty_body": 10})
        assert verdict == Verdict(True, "no page qualified as an article (300 fetched; no earlier run "
                                        "stored 5 or more: 290 too_short, 10 empty_body)")


CHAFF = figures(pages_fetched=26, articles=20, rejected_share=0.2308)  # 6 video pages refused every run


@pytest.mark.parametrize("current", [
    figures(pages_fetched=6, articles=0, date_share=None, author_share=None, title_share=None,
            median_words=None, rejected_share=1.0),                                # nothing new: the videos again
    figures(pages_fetched=7, articles=1, rejected_share=0.8571),                  # one new story
    figures(pages_fetched=10, articles=0, date_share=None, rejected_share=1.0),   # and a few new videos
])
def test_a_quiet_run_refusing_only_the_sites_usual_pages_is_not_flagged(current):
    """Video or gallery pages a site links from every page are refused in every run (not stored,
    so fetched again): a quiet run, whose only candidates were these, read "no page qualified" or
    "share of fetched pages that are articles 14% (usually 77%)", and exited 3 under
    --fail-on-degraded every time."""
    assert assess_health(current, [CHAFF] * 5) == Verdict(False)


def test_refusals_beyond_the_sites_usual_ones_are_still_flagged():
    broken = figures(pages_fetched=16, articles=0, date_share=None, author_share=None, title_share=None,
                     median_words=None, rejected_share=1.0)
    assert assess_health(broken, [CHAFF] * 5).reason == (
        "no page qualified as an article (16 fetched; usually 20 articles)")
    fewer = figures(pages_fetched=46, articles=10, rejected_share=0.7826)  # 30 new pages refused
    assert assess_health(fewer, [CHAFF] * 5).reason == (
        "share of fetched pages that are articles 22% (usually 77%)")


def test_a_first_run_with_articles_or_too_few_pages_is_not_flagged():
    assert assess_health(figures(pages_fetched=20, articles=3, rejected_share=0.85), []) == Verdict(False)
    assert assess_health(figures(pages_fetched=4, articles=0), []) == Verdict(False)


@pytest.mark.parametrize("current, history", [
    (USUAL, [USUAL] * 5),                                          # healthy
    (figures(date_share=0.6), [USUAL] * 5),                        # lower, not "well below"
    (figures(date_share=0.0), []),                                  # no history: cannot judge
    (figures(date_share=0.0), [figures(articles=2)] * 5),           # history too thin
    (figures(pages_fetched=2, articles=0), [USUAL] * 5),            # nothing new fetched (rerun)
    (figures(author_share=0.0), [figures(author_share=0.05)] * 5),  # the site never names authors
])
def test_not_flagged(current, history):
    assert assess_health(current, history) == Verdict(False)


def test_the_usual_value_is_the_median_of_history():
    history = [USUAL, USUAL, figures(date_share=0.0), USUAL, figures(date_share=0.1)]
    assert assess_health(figures(date_share=0.3), history).degraded  # median 0.95
    assert not assess_health(figures(date_share=0.3), history[2:]).degraded  # median 0.1


# --- stats -> run record ---------------------------------------------------------------------------
STATS = {
    "downloader/request_count": 30,
    "downloader/response_status_count/200": 20,
    "downloader/response_status_count/301": 2,
    "downloader/response_status_count/404": 3,
    "downloader/response_status_count/503": 4,
    "downloader/exception_type_count/twisted.internet.error.TimeoutError": 1,
    "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 9,
    "errors/bad_feed": 2,
    "extract/failed/ValueError": 1,
    "errors/extract_failed": 1,  # the same failure, as the spider records it for fetch_errors
    "articles/new": 7,
    "articles/updated": 1,
    "articles/duplicate/exact": 2,
    "articles/duplicate/near": 1,
    "runs/pages_ok": 19,
}


def test_stats_are_read_by_prefix():
    assert responses_by_class(STATS) == {"2xx": 20, "3xx": 2, "4xx": 3, "5xx": 4}
    # IgnoreRequest (robots.txt, off-site, already stored) is not an error; new kinds appear by themselves.
    # Scrapy's failed download attempts count every retry: each failure is counted once, by its
    # kind under errors/ (the spider records it after the retries); a failed extraction once,
    # by its exception.
    assert errors_by_kind(STATS) == {"bad_feed": 2, "extract/ValueError": 1}


def test_each_spider_exception_is_counted_once():
    # Scrapy counts a callback's exception by its class and in a total: the total is no kind
    # ({"spider/ValueError": 2, "spider/count": 2}, error_count 4 for 2 failures)
    stats = {**STATS, "spider_exceptions/ValueError": 2, "spider_exceptions/count": 2}
    assert errors_by_kind(stats) == {"bad_feed": 2, "extract/ValueError": 1, "spider/ValueError": 2}
    record = run_record("gulf", stats, figures(), started_at="2025-06-02T07:00:00+00:00",
                        finished_at="2025-06-02T07:05:00+00:00", finish_reason="finished", verdict=Verdict(False))
    assert record.error_count == 5


def test_run_record_from_stats():
    record = run_record("gulf", STATS, figures(), started_at="2025-06-02T07:00:00+00:00",
                        finished_at="2025-06-02T07:05:00+00:00", finish_reason="finished",
                        verdict=Verdict(False))
    assert (record.status, record.failure, record.requests) == ("finished", None, 30)
    assert (record.articles_new, record.articles_updated, record.articles_duplicate) == (7, 1, 3)
    assert record.error_count == 3 and json.loads(record.errors)["bad_feed"] == 2
    assert record.health == figures()
    assert record.gone_withheld == 0


def test_a_run_that_withheld_its_gone_marks_records_how_many_answers_said_gone():
    # FetchErrorsExtension sets gone/withheld before CrawlRunsExtension reads the stats.
    stats = {**STATS, "gone/withheld": 12, "gone/withheld_reason": "12 of 15 responses were 404/410 or ..."}
    record = run_record("gulf", stats, figures(), started_at="2025-06-02T07:00:00+00:00",
                        finished_at="2025-06-02T07:05:00+00:00", finish_reason="finished", verdict=Verdict(False))
    assert record.gone_withheld == 12 and record.status == "finished"


@pytest.mark.parametrize("stats, reason, expected", [
    ({"runs/pages_ok": 3}, "finished", None),
    ({"runs/pages_ok": 3}, "closespider_timeout", None),
    ({}, "shutdown", None),
    ({"runs/pages_ok": 3}, "storage_unavailable", "crawl closed: storage_unavailable"),
    ({"downloader/request_count": 4,
      "downloader/exception_type_count/twisted.internet.error.DNSLookupError": 4}, "finished",
     "no page could be fetched (4 requests: 4 download/DNSLookupError)"),
    ({"downloader/request_count": 5, "downloader/response_status_count/503": 5}, "finished",
     "no page could be fetched (5 requests: 5 5xx responses)"),
    # robots.txt (fetched, not a page) forbids the whole site: the refusals are the reason.
    ({"downloader/request_count": 1, "downloader/response_status_count/200": 1, "robotstxt/forbidden": 3},
     "finished", "no page could be fetched (1 requests; 3 URL(s) refused by robots.txt)"),
    # Articles that could not be stored fail the run whatever the close reason: the disk may
    # fill during the final batch, when the crawl is already closing as "finished".
    ({"runs/pages_ok": 70, "articles/failed/storage": 70}, "finished", "70 article(s) could not be stored"),
    ({"runs/pages_ok": 9, "articles/failed/storage": 2}, "shutdown", "2 article(s) could not be stored"),
    ({"runs/pages_ok": 9, "articles/failed/storage": 5}, "storage_failed",
     "crawl closed: storage_failed (5 article(s) could not be stored)"),
    # A crawl whose set-up raised (crawler.runner.GuardedCrawler): the error, from its stat.
    ({"runs/setup_error": "RuntimeError: the model file is missing"}, "setup_failed",
     "crawl set-up failed: RuntimeError: the model file is missing"),
    ({}, "setup_failed", "crawl set-up failed"),
    # The CloseSpider extension's budgets end a healthy crawl; its error count stops a broken one.
    ({"runs/pages_ok": 3}, "closespider_pagecount", None),
    ({"runs/pages_ok": 3}, "closespider_errorcount", "crawl closed: closespider_errorcount"),
])
def test_failure_reason(stats, reason, expected):
    assert failure_reason(stats, reason) == expected


def test_an_exception_is_one_line_with_its_type():
    assert exception_line(RuntimeError("the model file\n  is missing")) == "RuntimeError: the model file is missing"
    assert exception_line(KeyError("bands")) == "KeyError: 'bands'"
    assert exception_line(ValueError()) == "ValueError"
    long = exception_line(OSError("x" * 1000))
    assert long.startswith("OSError: xxx") and len(long) == len("OSError: ") + 300 and long.endswith("…")


@pytest.mark.parametrize("stats, crash, status, failure", [
    ({}, None, "not run", None),
    # the spider could not be built: no stats at all
    ({}, "crawl set-up failed: ValueError: x", "failed", "crawl set-up failed: ValueError: x"),
    # started, never closed: a second Ctrl-C stopped the process at once
    ({"start_time": 1, "runs/pages_ok": 0}, None, "interrupted", None),
    ({"start_time": 1, "finish_reason": "shutdown"}, None, "interrupted", None),
    ({"start_time": 1, "finish_reason": "finished", "runs/pages_ok": 2}, None, "finished", None),
    ({"start_time": 1, "finish_reason": "setup_failed", "runs/setup_error": "KeyError: 'bands'"}, None,
     "failed", "crawl set-up failed: KeyError: 'bands'"),
])
def test_a_site_run_s_status_and_failure(stats, crash, status, failure):
    from crawler.runner import SiteRun

    run = SiteRun("gulf", stats, crash=crash)
    assert (run.status, run.failure) == (status, failure)


# --- end to end: templates change between two runs ------------------------------------------------------
def write_site(root: Path, stories: list[Story], *, drop_dates: bool = False, drop_bodies: bool = False) -> None:
    builder = SiteBuilder(root, stories=stories)
    for story in stories:
        page = builder.page(story)
        if drop_dates:  # the new template has no date anywhere: meta gone, no dateline
            page = re.sub(r'<meta property="article:published_time"[^>]*>', "", page)
        if drop_bodies:  # the new template loads the text by script: nothing left to extract
            page = re.sub(r'<div class="article-body">.*?</div>', '<div class="article-body"></div>', page, flags=re.S)
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    links = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in stories)
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


def stories(batch: str, n: int = 6) -> list[Story]:
    topics = ["water talks", "port expansion", "power grid", "olive harvest", "border crossing",
              "tourism season", "railway link", "solar farm"]
    return [Story(path=f"/news/{batch}-{topic.replace(' ', '-')}-report-from-the-capital",
                  title=f"{topic.title()} report ({batch})", paragraphs=filler(f"{batch} {topic}"))
            for topic in topics[:n]]


@pytest.mark.slow
@pytest.mark.parametrize("change, expected_reason", [
    ({"drop_dates": True}, "share of articles with a date 0% (usually 100%)"),
    ({"drop_bodies": True}, "no page qualified as an article"),
])
def test_template_change_between_runs_flags_the_site(tmp_path, change, expected_reason):
    from crawler.fixture_server import FixtureServer

    site = tmp_path / "site"
    write_site(site, stories("june"))
    database = tmp_path / "news.db"
    with FixtureServer(site) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "--fail-on-degraded",
                "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "CRAWL_GUESS_SITEMAPS=False"]
        first = crawler_cli(*args)
        assert first.returncode == 0, first.stderr[-3000:]
        # The site redesigns: the home page now lists new stories in the new template.
        write_site(site, stories("july"), **change)
        second = crawler_cli(*args)
        stats = crawler_cli("stats", "--db", str(database))
    runs = rows(database, "SELECT status, articles_checked, date_share, degraded, degraded_reason FROM crawl_runs ORDER BY id")
    assert [(r["status"], r["degraded"]) for r in runs] == [("finished", 0), ("finished", 1)]
    assert runs[0]["articles_checked"] == 6 and runs[0]["date_share"] == 1.0
    assert runs[1]["degraded_reason"].startswith(expected_reason)
    # Flagged in the summary, on stderr, by the exit code, and in `crawler stats`.
    assert second.returncode == 3, second.stderr[-3000:]
    assert "DEGRADED: " + expected_reason in second.stdout
    assert "Warning: extraction degraded:" in second.stderr
    assert stats.returncode == 0 and "DEGRADED: " + expected_reason in stats.stdout


def _runs_db(tmp_path, runs):
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    for site, finished_at, new, *copies in runs:
        db.execute("INSERT INTO crawl_runs (site, started_at, finished_at, status, articles_new, articles_duplicate) "
                   "VALUES (?, ?, ?, 'finished', ?, ?)", [site, finished_at, finished_at, new, sum(copies)])
    return db


def test_a_site_that_stored_nothing_for_two_days_is_stale(tmp_path):
    from crawler.runs import assess_staleness

    db = _runs_db(tmp_path, [("gulf", "2025-06-01T08:00:00+00:00", 40), ("gulf", "2025-06-02T08:00:00+00:00", 12),
                             ("gulf", "2025-06-03T08:00:00+00:00", 0), ("petra", "2025-06-04T07:00:00+00:00", 9)])
    verdict = assess_staleness(db, "gulf", before_id=None, now="2025-06-04T09:00:00+00:00", hours=48)
    assert verdict == Verdict(True, "no new article for 49 h (2 run(s) since the last that found one, which "
                                    "ended 2025-06-02T08:00:00+00:00): its sitemaps, feeds or section pages "
                                    "may have moved")
    # A quiet rerun within the window, another site's runs, a site that never stored anything, or off:
    assert not assess_staleness(db, "gulf", before_id=None, now="2025-06-04T07:00:00+00:00", hours=48).degraded
    assert not assess_staleness(db, "petra", before_id=None, now="2025-06-06T09:00:00+00:00", hours=72).degraded
    assert not assess_staleness(db, "ammon", before_id=None, now="2025-06-09T09:00:00+00:00", hours=48).degraded
    assert not assess_staleness(db, "gulf", before_id=None, now="2025-06-09T09:00:00+00:00", hours=0).degraded
    db.close()


def test_a_site_none_of_whose_runs_ever_found_an_article_is_stale_once_they_span_the_window(tmp_path):
    """A new profile whose discovery yields no candidate page at all (its sitemap lists another
    host, its home page is drawn by a script) fetches nothing the health figures can judge: its
    runs read "finished", "ok" for good, as no run "that found one" existed to measure from."""
    from crawler.runs import assess_staleness

    db = _runs_db(tmp_path, [("sahel", "2025-06-01T08:00:00+00:00", 0), ("sahel", "2025-06-02T08:00:00+00:00", 0),
                             ("gulf", "2025-06-01T08:00:00+00:00", 40)])
    db.execute("UPDATE crawl_runs SET started_at = '2025-06-01T07:55:00+00:00' WHERE id = 1")
    verdict = assess_staleness(db, "sahel", before_id=None, now="2025-06-03T09:00:00+00:00", hours=48)
    assert verdict == Verdict(True, "no article found in 49 h (3 run(s) recorded since 2025-06-01T07:55:00+00:00, "
                                    "none of which found one): its sitemaps, feeds or section pages may be "
                                    "elsewhere, or its article links unread")
    # controls: within the window; the site's first run (nothing earlier to measure from); off
    assert not assess_staleness(db, "sahel", before_id=None, now="2025-06-03T07:00:00+00:00", hours=48).degraded
    assert not assess_staleness(db, "sahel", before_id=1, now="2025-06-09T09:00:00+00:00", hours=48).degraded
    assert not assess_staleness(db, "sahel", before_id=None, now="2025-06-09T09:00:00+00:00", hours=0).degraded
    db.close()


def test_a_site_whose_runs_find_only_copies_is_not_stale(tmp_path):
    """A wire-heavy site whose last days brought only copies of stored stories: it publishes, and
    discovery finds its pages."""
    from crawler.runs import assess_staleness

    db = _runs_db(tmp_path, [("gulf", "2025-06-01T08:00:00+00:00", 40), ("gulf", "2025-06-03T08:00:00+00:00", 0, 3),
                             ("gulf", "2025-06-04T08:00:00+00:00", 0)])
    assert not assess_staleness(db, "gulf", before_id=None, now="2025-06-04T09:00:00+00:00", hours=48).degraded
    db.close()


@pytest.mark.slow
def test_a_new_site_whose_every_page_is_too_short_is_flagged_from_its_first_run(tmp_path):
    from crawler.fixture_server import FixtureServer

    site = tmp_path / "site"
    briefs = [Story(path=f"/news/{n}-a-brief-from-the-capital", title=f"Brief {n}",
                    paragraphs=[f"Brief number {n}: the council met today."]) for n in range(6)]
    write_site(site, briefs)
    database = tmp_path / "news.db"
    with FixtureServer(site) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "--fail-on-degraded",
                "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "CRAWL_GUESS_SITEMAPS=False"]
        first = crawler_cli(*args)
        stats = crawler_cli("stats", "--db", str(database))
    reason = "no page qualified as an article (6 fetched; no earlier run stored 5 or more: 6 too_short)"
    assert first.returncode == 3, first.stderr[-3000:]
    assert "Warning: extraction degraded:" in first.stderr and reason in first.stderr
    assert "DEGRADED: " + reason in stats.stdout
    assert rows(database, "SELECT degraded_reason FROM crawl_runs")[0]["degraded_reason"] == reason


@pytest.mark.slow
def test_quiet_runs_of_a_site_with_video_pages_pass_and_a_redesign_is_flagged(tmp_path):
    from crawler.fixture_server import FixtureServer

    videos = [Story(path=f"/video/{n}-watch-the-minister-speak", title=f"Video {n}",
                    paragraphs=["Watch the video."]) for n in range(6)]
    site = tmp_path / "site"
    write_site(site, stories("june") + videos)
    database = tmp_path / "news.db"
    with FixtureServer(site) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "--fail-on-degraded",
                "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "CRAWL_GUESS_SITEMAPS=False"]
        first = crawler_cli(*args)
        quiet = crawler_cli(*args)                            # nothing new: the videos again
        write_site(site, stories("june") + stories("july", 1) + videos)
        one_new = crawler_cli(*args)                          # one new story
        write_site(site, stories("june") + stories("july", 1) + stories("august") + videos, drop_bodies=True)
        redesign = crawler_cli(*args)                         # the new template hides the bodies
    assert [r.returncode for r in (first, quiet, one_new)] == [0, 0, 0], (quiet.stdout, one_new.stdout)
    runs = rows(database, "SELECT articles_new, pages_not_articles, degraded, degraded_reason FROM crawl_runs ORDER BY id")
    assert [(r["articles_new"], r["pages_not_articles"], r["degraded"]) for r in runs[:3]] == [
        (6, 6, 0), (0, 6, 0), (1, 6, 0)]
    assert redesign.returncode == 3, redesign.stdout
    assert runs[3]["degraded_reason"].startswith("no page qualified as an article (12 fetched; usually 6 articles")


@pytest.mark.slow
def test_a_site_whose_links_vanish_is_flagged_once_it_stored_nothing_for_two_days(tmp_path):
    """The site turns its home page into a script app and drops its sitemap: every run since
    fetches no candidate page, which the health figures cannot judge, and read "finished", "ok"."""
    from crawler.fixture_server import FixtureServer

    site = tmp_path / "site"
    write_site(site, stories("june"))
    database = tmp_path / "news.db"
    with FixtureServer(site) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "--fail-on-degraded",
                "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "CRAWL_GUESS_SITEMAPS=False"]
        assert crawler_cli(*args).returncode == 0
        quiet = crawler_cli(*args)  # nothing new an hour later is not a finding
        (site / "index.html").write_text('<html><body><div id="app"></div><script src="/app.js"></script>'
                                         "</body></html>", encoding="utf-8")
        # Two days pass (the runs' clock moved back rather than this test waiting for it).
        with sqlite3.connect(database) as conn:
            conn.execute("UPDATE crawl_runs SET started_at = '2025-06-01T08:00:00+00:00', "
                         "finished_at = '2025-06-01T08:01:00+00:00' WHERE id = 1")
        stale = crawler_cli(*args)
        stats = crawler_cli("stats", "--db", str(database))
    assert quiet.returncode == 0 and "DEGRADED" not in quiet.stdout, quiet.stderr[-3000:]
    assert stale.returncode == 3, stale.stderr[-3000:]
    runs = rows(database, "SELECT articles_new, degraded, degraded_reason FROM crawl_runs ORDER BY id")
    assert [(r["articles_new"], r["degraded"]) for r in runs] == [(6, 0), (0, 0), (0, 1)]
    assert re.fullmatch(r"no new article for \d+ h \(2 run\(s\) since the last that found one, which ended "
                        r"2025-06-01T08:01:00\+00:00\): its sitemaps, feeds or section pages may have moved",
                        runs[2]["degraded_reason"])
    assert "Warning: extraction degraded:" in stale.stderr
    assert "DEGRADED: no new article for" in stats.stdout


def test_articles_lost_to_storage_are_errors_of_a_failed_run():
    stats = {**STATS, "articles/failed/storage": 3}
    assert errors_by_kind(stats) == {"bad_feed": 2, "extract/ValueError": 1, "storage": 3}
    record = run_record("gulf", stats, figures(), started_at="2025-06-02T07:00:00+00:00",
                        finished_at="2025-06-02T07:05:00+00:00", finish_reason="finished",
                        verdict=Verdict(False))
    assert (record.status, record.failure, record.error_count) == ("failed", "3 article(s) could not be stored", 6)


# --- dead runs: start_run ----------------------------------------------------------------------------
def _statuses(db) -> dict[int, str]:
    return dict(db.execute("SELECT id, status FROM crawl_runs").fetchall())


def test_holding_the_lock_every_running_row_not_opened_here_is_killed_whatever_its_pid(tmp_path):
    """A killed run's pid may be alive again (pid 1 in a container, a reboot): with the database's
    lock held, a pid says nothing. The rows this process opened and has not closed (sites crawled
    at the same time, `crawler crawl --concurrent`) are kept."""
    import os

    from crawler.runs import start_run
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    here = os.getpid()
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-06-01', 'running', ?), ('ammon', '2025-06-01', 'running', ?)", [here, here])
    dead_gulf, dead_ammon = (row[0] for row in db.execute("SELECT id FROM crawl_runs ORDER BY id"))
    sibling = start_run(db, "petra", "2025-06-02", exclusive=True)  # a concurrent site of this process
    assert _statuses(db) == {dead_gulf: "killed", dead_ammon: "killed", sibling: "running"}
    current = start_run(db, "gulf", "2025-06-02", exclusive=True)
    assert _statuses(db)[sibling] == _statuses(db)[current] == "running"
    db.close()


def test_without_the_lock_only_a_dead_process_of_another_pid_is_killed(tmp_path):
    import os

    from crawler.runs import start_run
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-06-01', 'running', ?), ('gulf', '2025-06-01', 'running', 999999999)",
               [os.getpid()])
    start_run(db, "gulf", "2025-06-02")
    assert sorted(_statuses(db).values()) == ["killed", "running", "running"]
    db.close()


def test_the_crawl_lock_tells_whether_this_process_holds_it(tmp_path):
    from crawler.lock import database_lock, held_here

    database = tmp_path / "news.db"
    assert not held_here(database)
    lock = database_lock(database)
    assert held_here(database) and held_here(str(database))
    lock.release()
    assert not held_here(database)


def _article(db, site: str, n: int, first_seen_at: str) -> None:
    db.execute("INSERT INTO articles (url, canonical_url, site, body, content_hash, fetched_at, first_seen_at, "
               "updated_at) VALUES (?, ?, ?, 'text', ?, ?, ?, ?)",
               [f"https://{site}.example/{n}", f"https://{site}.example/{n}", site, f"h{site}{n}",
                first_seen_at, first_seen_at, first_seen_at])


def test_a_dead_run_marked_killed_is_a_warning_and_counts_the_articles_it_stored(tmp_path, caplog):
    """A run killed inside its first progress interval recorded articles_new 0, and the next run
    marked it killed without a word (cronqa review, finding 7)."""
    import logging

    from crawler.runs import start_run
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    _article(db, "gulf", 1, "2025-05-31T23:00:00+00:00")  # an earlier run's
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid, articles_new) VALUES "
               "('gulf', '2025-06-01T00:00:00+00:00', 'running', 999999999, 0)")
    _article(db, "gulf", 2, "2025-06-01T00:00:10+00:00")
    _article(db, "gulf", 3, "2025-06-01T00:00:40+00:00")
    _article(db, "ammon", 1, "2025-06-01T00:00:20+00:00")  # another site's
    with caplog.at_level(logging.WARNING, logger="crawler.runs"):
        start_run(db, "gulf", "2025-06-02T00:00:00+00:00")
    [killed] = rows(tmp_path / "news.db", "SELECT status, articles_new FROM crawl_runs WHERE pid = 999999999")
    assert killed == {"status": "killed", "articles_new": 2}
    [line] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "gulf" in line and "marked killed" in line and "2 new article(s)" in line
    db.close()


def test_a_killed_run_counts_no_article_of_the_sites_next_run(tmp_path):
    from crawler.runs import start_run
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-06-01T00:00:00+00:00', 'running', 999999999), "
               "('gulf', '2025-06-01T01:00:00+00:00', 'finished', 999999998)")
    _article(db, "gulf", 1, "2025-06-01T00:10:00+00:00")
    _article(db, "gulf", 2, "2025-06-01T01:10:00+00:00")  # the next run's
    start_run(db, "gulf", "2025-06-02T00:00:00+00:00")
    assert rows(tmp_path / "news.db", "SELECT articles_new FROM crawl_runs WHERE pid = 999999999") == [
        {"articles_new": 1}]
    db.close()


def test_a_site_whose_last_run_was_killed_is_not_called_ok(tmp_path):
    from crawler.commands.stats import _health
    from crawler.runs import site_overview
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-06-01T00:00:00+00:00', 'finished', 1), ('gulf', '2025-06-02T00:00:00+00:00', 'killed', 1)")
    [site] = site_overview(db)
    assert _health(site).startswith("KILLED")
    db.close()


# --- "last" is the run order (crawl_runs.id), not the clock ----------------------------------------
def test_last_success_is_the_last_finished_run_written_even_when_the_clock_stepped_back(tmp_path):
    """A VM whose clock ran a month ahead stamped one successful run 2025-07-01; NTP corrected it,
    one more run succeeded (2025-06-02) and the two since failed. "Last success" must be the run of
    2025-06-02: the latest timestamp (2025-07-01) would keep the site looking fresh until July."""
    from crawler.runs import site_overview
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-07-01T00:00:00+00:00', 'finished', 1), "  # the clock a month ahead
               "('gulf', '2025-06-02T00:00:00+00:00', 'finished', 1), "  # corrected
               "('gulf', '2025-06-03T00:00:00+00:00', 'failed', 1), "
               "('gulf', '2025-06-04T00:00:00+00:00', 'failed', 1)")
    [site] = site_overview(db)
    assert (site.last_run, site.last_status) == ("2025-06-04T00:00:00+00:00", "failed")
    assert site.last_success == "2025-06-02T00:00:00+00:00"
    db.close()


def test_crawling_since_is_the_last_running_row_written_even_when_the_clock_stepped_back(tmp_path):
    import os

    from crawler.runs import site_overview
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-07-01T00:00:00+00:00', 'running', ?), "
               "('gulf', '2025-06-02T00:00:00+00:00', 'running', ?)", [os.getpid(), os.getpid()])
    [site] = site_overview(db)
    assert site.running_since == "2025-06-02T00:00:00+00:00"
    db.close()


def test_a_killed_runs_window_ends_at_the_sites_next_run_even_when_a_later_one_has_an_earlier_time(tmp_path):
    """The window of a killed run ends where the site's next run (the next row) started; a run
    after that one, stamped earlier by a clock stepped back, does not cut it short."""
    from crawler.runs import start_run
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
               "('gulf', '2025-06-01T00:00:00+00:00', 'running', 999999999), "
               "('gulf', '2025-06-01T02:00:00+00:00', 'finished', 999999998), "
               "('gulf', '2025-06-01T00:30:00+00:00', 'finished', 999999997)")  # the clock stepped back
    _article(db, "gulf", 1, "2025-06-01T00:10:00+00:00")
    _article(db, "gulf", 2, "2025-06-01T00:50:00+00:00")
    start_run(db, "gulf", "2025-06-02T00:00:00+00:00")
    assert rows(tmp_path / "news.db", "SELECT articles_new FROM crawl_runs WHERE pid = 999999999") == [
        {"articles_new": 2}]
    db.close()


@pytest.mark.slow
def test_a_site_crawled_weekly_is_judged_by_its_own_staleness_window(tmp_path):
    """Two sites whose runs found nothing new for three days: the one whose profile says it is
    crawled weekly (``stale_hours = 192``) is not stale, the other (RUNS_HEALTH_STALE_HOURS, 48)
    is; `crawler stats` reads NOT CRAWLED by the same windows. With one global window a weekly
    site read stale and NOT CRAWLED five days in seven."""
    from crawler.fixture_server import FixtureServer

    weekly_site, daily_site = tmp_path / "weekly", tmp_path / "daily"
    write_site(weekly_site, stories("june"))
    write_site(daily_site, stories("june"))
    database, sites = tmp_path / "news.db", tmp_path / "sites.toml"
    when = (datetime.now(timezone.utc) - timedelta(days=3)).isoformat(timespec="seconds")
    three_days_ago = f"UPDATE crawl_runs SET started_at = '{when}', finished_at = '{when}'"
    with FixtureServer(weekly_site) as weekly, FixtureServer(daily_site) as daily:
        sites.write_text(f'[[site]]\nname = "weekly_review"\nstart_url = "{weekly.base_url}/"\nlanguage = "en"\n'
                         f'stale_hours = 192\n\n[[site]]\nname = "daily_news"\nstart_url = "{daily.base_url}/"\n'
                         f'language = "en"\n', encoding="utf-8")
        args = ["crawl", "weekly_review", "daily_news", "--sites", str(sites), "--db", str(database),
                "--fail-on-degraded", "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "CRAWL_GUESS_SITEMAPS=False"]
        first = crawler_cli(*args)
        assert first.returncode == 0, first.stderr[-3000:]
        with sqlite3.connect(database) as conn:
            conn.execute(three_days_ago)
        quiet = crawler_cli(*args)  # three days later: nothing new on either site
    with sqlite3.connect(database) as conn:
        conn.execute(three_days_ago)  # ... and no run since, for three days
    stats = crawler_cli("stats", "--db", str(database), "--sites", str(sites))
    stats_one_window = crawler_cli("stats", "--db", str(database), "--sites", str(sites), "--stale-hours", "24")
    runs = {(r["site"], r["id"]): r for r in rows(database, "SELECT id, site, articles_new, degraded, degraded_reason "
                                                             "FROM crawl_runs ORDER BY id")}
    second = {site: r for (site, run_id), r in runs.items() if run_id > 2}
    assert second["weekly_review"]["articles_new"] == 0 and second["weekly_review"]["degraded"] == 0, second["weekly_review"]["degraded_reason"]
    assert second["daily_news"]["degraded"] == 1
    assert second["daily_news"]["degraded_reason"].startswith("no new article for ")
    assert quiet.returncode == 3, quiet.stderr[-3000:]
    lines = {line.split()[0]: line for line in stats.stdout.splitlines()[2:] if line.strip()}
    assert "NOT CRAWLED" not in lines["weekly_review"], stats.stdout
    assert "NOT CRAWLED FOR" in lines["daily_news"], stats.stdout
    # --stale-hours is still one window for every site
    assert stats_one_window.stdout.count("NOT CRAWLED FOR") == 2, stats_one_window.stdout


def test_a_broken_sites_file_leaves_crawler_stats_on_the_global_window(tmp_path):
    db = _runs_db(tmp_path, [("gulf", "2025-06-01T08:00:00+00:00", 40)])
    db.close()
    broken = tmp_path / "sites.toml"
    broken.write_text('[[site]]\nname = "gulf"\nstart_url = "https://gulf.example/"\nlanguage = "en"\n'
                      'stale_hours = -1\n', encoding="utf-8")
    stats = crawler_cli("stats", "--db", str(tmp_path / "news.db"), "--sites", str(broken))
    assert stats.returncode == 0
    assert "NOT CRAWLED FOR" in stats.stdout
    assert stats.stderr.startswith("Warning: sites.toml: site 'gulf': field 'stale_hours': must be a number")


def test_the_overview_of_200_sites_with_long_histories_reads_each_sites_last_rows_through_the_index(tmp_path):
    """`crawler stats` on a database of 200 sites crawled for months: the overview read every
    crawl_runs row, each with a look-up of its site's last completed one (5 s for 400,000 rows,
    growing with every run). SQLite's own count of the work it did (a progress handler called
    every 100 virtual-machine steps) is the measure: deterministic, not a wall clock."""
    from crawler.runs import site_overview
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    with db.conn:
        db.conn.executemany(
            "INSERT INTO crawl_runs (site, started_at, finished_at, status, requests, error_count, failure) "
            "VALUES (?, ?, ?, ?, 10, ?, ?)",
            ((f"site_{s:03d}", f"2026-06-01T{n % 24:02d}:00:00+00:00", f"2026-06-01T{n % 24:02d}:10:00+00:00",
              "failed" if n == 99 and s % 2 else "finished", n == 99, "no page could be fetched" if n == 99 else None)
             for n in range(100) for s in range(200)))
        # a crawl of site_000 now running (a pid that is not alive: not "crawling since")
        db.conn.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
                        "('site_000', '2026-06-02T00:00:00+00:00', 'running', 999999999)")
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 100)
    overview = {s.site: s for s in site_overview(db)}
    db.close()
    assert len(overview) == 200
    # the last completed row by id, the running one after it left out
    assert overview["site_000"].last_status == "finished" and overview["site_000"].last_run == "2026-06-01T03:00:00+00:00"
    assert overview["site_001"].last_status == "failed" and overview["site_001"].last_failure == "no page could be fetched"
    assert overview["site_001"].last_success == "2026-06-01T02:00:00+00:00"
    assert overview["site_001"].error_rate == 0.1
    assert steps[0] < 2500, steps[0]  # row by row: about 5,000


def _steps_of(db, work) -> int:
    """SQLite's virtual-machine steps (in hundreds) that ``work`` made on ``db``: deterministic,
    not a wall clock."""
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    db.conn.set_progress_handler(count, 100)
    try:
        work()
    finally:
        db.conn.set_progress_handler(None, 0)
    return steps[0]


def test_the_running_rows_are_read_through_their_index_not_by_a_scan_of_every_run(tmp_path):
    """`crawler stats` ("crawling since") and every crawl's start (marking the rows of dead runs
    killed) read the `running` rows of crawl_runs: a handful among every run ever recorded, which
    they read one by one (0.46 s at 400,000 rows). Through the partial index of version 18 the
    work no longer grows with the table; nor does the overview's list of sites."""
    import os

    from crawler.runs import site_overview, start_run
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    with db.conn:
        db.conn.executemany(
            "INSERT INTO crawl_runs (site, started_at, finished_at, status, requests, error_count) "
            "VALUES (?, '2026-06-01T00:00:00+00:00', '2026-06-01T00:10:00+00:00', 'finished', 10, 0)",
            ((f"site_{s}",) for _ in range(6000) for s in range(10)))
        db.conn.execute("INSERT INTO crawl_runs (site, started_at, status, pid) VALUES "
                        "('site_3', '2026-06-02T00:00:00+00:00', 'running', ?), "
                        "('site_4', '2026-06-02T00:00:00+00:00', 'running', 999999999)", [os.getpid()])
    overview_steps = _steps_of(db, lambda: site_overview(db))
    overview = {s.site: s for s in site_overview(db)}
    assert overview["site_3"].running_since == "2026-06-02T00:00:00+00:00"  # this process: alive
    assert overview["site_4"].running_since is None
    start_steps = _steps_of(db, lambda: start_run(db, "site_5", "2026-06-03T00:00:00+00:00", exclusive=True))
    statuses = {r["site"]: r["status"] for r in rows(tmp_path / "news.db", "SELECT site, status FROM crawl_runs "
                                                                           "WHERE id > 60000")}
    db.close()
    assert statuses == {"site_3": "killed", "site_4": "killed", "site_5": "running"}
    # a scan of the 60,000 rows: about 1,800 steps each (and 1,800 more for the overview's
    # SELECT DISTINCT site, now one index seek per site: 25 steps in all)
    assert overview_steps < 200, overview_steps
    assert start_steps < 100, start_steps


def test_an_open_distributed_row_is_a_crawl_in_progress_within_its_sites_own_staleness_window(tmp_path):
    """A distributed run's open row holds the writer's pid, alive while `crawler ingest` runs: it
    reads "crawling since" only while recent. Recent was RUNS_HEALTH_STALE_HOURS (48 h) for every
    site: a weekly site (`stale_hours = 192`) crawling for three days was not "crawling since",
    and its NOT CRAWLED window had not run out either; a site of a short window (12 h) read
    "crawling since" for a day after its crawls stopped."""
    import os

    from crawler.runs import site_overview
    from crawler.storage import open_database

    db = open_database(tmp_path / "news.db")
    ago = "strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', ?)"
    for site, hours in (("weekly_review", 72), ("hourly_wire", 20), ("daily_news", 20)):
        db.execute(f"INSERT INTO crawl_runs (site, started_at, status, pid, distributed_run) "
                   f"VALUES (?, {ago}, 'running', ?, 'run-1')", [site, f"-{hours} hours", os.getpid()])
    windows = {"weekly_review": 192.0, "hourly_wire": 12.0}
    overview = {s.site: s.running_since for s in site_overview(db, stale_hours=lambda site: windows.get(site, 48.0))}
    assert overview["weekly_review"] is not None  # 72 h into a 192 h window: still its crawl
    assert overview.get("hourly_wire") is None  # 20 h past a 12 h window: a row left open
    assert overview["daily_news"] is not None  # control: the default window, as before
    default = {s.site: s.running_since for s in site_overview(db)}  # no windows given: the setting's
    assert default.get("weekly_review") is None and default["daily_news"] is not None
    db.close()


def test_crawler_stats_reads_an_open_distributed_row_by_the_sites_own_window(tmp_path):
    import os

    db = _runs_db(tmp_path, [])
    db.execute("INSERT INTO crawl_runs (site, started_at, status, pid, distributed_run) VALUES "
               "('weekly_review', strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '-72 hours'), 'running', ?, 'run-1')",
               [os.getpid()])
    db.close()
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "weekly_review"\nstart_url = "https://weekly.example/"\nlanguage = "en"\n'
                     'stale_hours = 192\n', encoding="utf-8")
    stats = crawler_cli("stats", "--db", str(tmp_path / "news.db"), "--sites", str(sites))
    assert stats.returncode == 0, stats.stderr
    [line] = [line for line in stats.stdout.splitlines() if line.startswith("weekly_review")]
    assert line.rstrip().endswith("+00:00") and "NOT CRAWLED" not in line, stats.stdout  # crawling since
