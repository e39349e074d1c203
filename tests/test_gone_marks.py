"""When stored articles are marked ``gone_at``: at the end of a run, and not in a run whose answers
were mostly 404/410 or redirects to the home page (a site in maintenance mode, a broken deploy, a
CDN answering 404 for everything), which marked every stored article it re-checked as taken down.

Component tests of ``FetchErrorsExtension`` on a real SQLite file, and real crawls of fixture
sites: a storm, a run with many stories really taken down among its pages, SIGTERM mid-run.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest
from scrapy.utils.test import get_crawler

from crawler.fetch_errors import mark_gone, takedown_storm
from crawler.fixture_server import FixtureServer, Response
from crawler.items import ArticleItem
from crawler.storage import ArticleStore, open_database, utc_now
from pipelines.errors import FetchErrorsExtension
from tests.conftest import FAST_CRAWL, PROJECT_ROOT, StreamLines, crawl_site, crawl_stats, rows, start_scrapy
from tests.sitegen import SiteBuilder, Story, filler

SITE = "https://gulf.example"


# -- the rule --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("answers", "responses", "storm"), [
    (12, 15, True),     # every re-checked story 404s; robots.txt, sitemap and home page answered
    (10, 20, True),     # at the threshold: half the run, and the minimum count
    (12, 30, False),    # many stories taken down, among as many pages that answered
    (9, 9, False),      # a few: taken at their word, whatever else the run fetched
    (500, 2000, False),  # a recrawl over a big archive with a quarter of it removed
    (0, 0, False),
])
def test_a_storm_is_most_of_the_runs_answers_and_at_least_the_minimum(answers, responses, storm):
    assert takedown_storm(answers, responses, share=0.5, min_answers=10) is storm


def test_a_minimum_of_zero_turns_the_guard_off():
    assert not takedown_storm(100, 100, share=0.5, min_answers=0)


# -- the extension, on a real file -----------------------------------------------------------------

class _Spider:
    name = "gulf"


def _stored(tmp_path, count: int) -> list[str]:
    """``count`` stored articles of site ``gulf``, fetched on 2025-06-02; their URLs."""
    store = ArticleStore(tmp_path / "news.db")
    urls = [f"{SITE}/news/2025/06/02/story-{n}" for n in range(count)]
    for n, url in enumerate(urls):
        store.save(ArticleItem(url=url, canonical_url=url, site="gulf", title=f"Story {n}",
                               body="\n\n".join(filler(f"story {n}", 3)), fetched_at="2025-06-02T10:00:00+00:00"))
    store.close()
    return urls


def _extension(tmp_path, **settings) -> FetchErrorsExtension:
    crawler = get_crawler(settings_dict={"DATABASE": str(tmp_path / "news.db"), "FETCH_ERRORS_ENABLED": True,
                                         "FETCH_ERRORS_FLUSH_SIZE": 1, "BLOCKED_SITE_SHARE": 0.5,
                                         "BLOCKED_SITE_MIN_RESPONSES": 5, "STORAGE_BUSY_TIMEOUT": 1,
                                         "GONE_STORM_SHARE": 0.5, "GONE_STORM_MIN_ANSWERS": 10, **settings})
    crawler._apply_settings()
    return FetchErrorsExtension.from_crawler(crawler)


def _gone(tmp_path) -> dict[str, str | None]:
    return {r["url"]: r["gone_at"] for r in rows(tmp_path / "news.db", "SELECT url, gone_at FROM articles")}


def test_marks_are_written_when_the_run_ends_with_its_last_rows(tmp_path):
    removed, moved, kept = _stored(tmp_path, 3)
    extension = _extension(tmp_path)
    stats = extension.crawler.stats
    stats.set_value("downloader/response_count", 40)
    extension.error_recorded(removed, "http_4xx", 404, "HTTP 404", spider=_Spider())
    extension.error_recorded(moved, "home_redirect", 301, f"redirected to the home page: {SITE}/", spider=_Spider())
    extension.error_recorded(kept, "timeout", None, "took longer than 30 s", spider=_Spider())
    # the rows are written as they come (FETCH_ERRORS_FLUSH_SIZE 1), the marks not yet
    assert len(rows(tmp_path / "news.db", "SELECT url FROM fetch_errors")) == 3
    assert set(_gone(tmp_path).values()) == {None}

    extension.spider_closed(_Spider(), "finished")
    gone = _gone(tmp_path)
    assert gone[removed] and gone[moved] and gone[kept] is None
    assert stats.get_value("gone/answers") == 2 and stats.get_value("gone/marked") == 2
    assert stats.get_value("gone/withheld") is None


def test_a_run_whose_answers_were_mostly_gone_marks_nothing_and_says_why(tmp_path, caplog):
    urls = _stored(tmp_path, 12)
    extension = _extension(tmp_path, FETCH_ERRORS_FLUSH_SIZE=100)
    stats = extension.crawler.stats
    stats.set_value("downloader/response_count", 15)  # robots.txt, home page, sitemap, 12 stories
    for n, url in enumerate(urls):
        if n % 2:
            extension.error_recorded(url, "http_4xx", 404, "HTTP 404", spider=_Spider())
        else:
            extension.error_recorded(url, "home_redirect", 302, f"redirected to the home page: {SITE}/",
                                     spider=_Spider())
    extension.spider_closed(_Spider(), "finished")

    assert set(_gone(tmp_path).values()) == {None}
    assert len(rows(tmp_path / "news.db", "SELECT url FROM fetch_errors")) == 12  # recorded as usual
    assert stats.get_value("gone/withheld") == 12
    assert stats.get_value("gone/withheld_reason") == "12 of 15 responses were 404/410 or redirects to the home page"
    [warning] = [r.getMessage() for r in caplog.records if "no article is marked gone" in r.getMessage()]
    assert warning.startswith("gulf: 12 of 15 responses were 404/410 or redirects to the home page: taken for a "
                              "site-wide failure")


def test_many_stories_taken_down_among_as_many_pages_that_answered_are_all_marked(tmp_path):
    urls = _stored(tmp_path, 12)
    extension = _extension(tmp_path)
    extension.crawler.stats.set_value("downloader/response_count", 30)
    for url in urls:
        extension.error_recorded(url, "http_4xx", 410, "HTTP 410", spider=_Spider())
    extension.spider_closed(_Spider(), "finished")
    assert None not in set(_gone(tmp_path).values())
    assert extension.crawler.stats.get_value("gone/marked") == 12


def test_marks_that_cannot_be_written_are_kept_out_with_their_rows_and_reported(tmp_path, caplog):
    [url] = _stored(tmp_path, 1)
    extension = _extension(tmp_path, FETCH_ERRORS_FLUSH_SIZE=100)
    extension.crawler.stats.set_value("downloader/response_count", 10)
    extension.error_recorded(url, "http_4xx", 404, "HTTP 404", spider=_Spider())
    blocker = open_database(tmp_path / "news.db")
    blocker.execute("BEGIN IMMEDIATE")  # another connection holds the write lock past the timeout
    try:
        extension.spider_closed(_Spider(), "finished")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert _gone(tmp_path) == {url: None}
    assert rows(tmp_path / "news.db", "SELECT url FROM fetch_errors") == []
    # the line names the cause (it said "news.db is not writable", read as a permissions problem)
    assert f"1 fetch_errors row(s) and 1 gone mark(s) lost: cannot write {tmp_path / 'news.db'}: database is locked" \
        in [r.getMessage() for r in caplog.records]


def test_the_last_rows_and_the_marks_wait_as_long_as_the_store_does_for_another_writer(tmp_path):
    """During the run a flush waits 2 s at most for the write lock (a row can wait for the next
    flush); the last one, at the close, has no next: it waited 2 s all the same, and another
    writer holding the lock a little longer — another site's batch or its end-of-crawl checkpoint
    under `crawler crawl --concurrent`, a retention job — lost the run's last rows and every gone
    mark, and failed the run. It now waits STORAGE_BUSY_TIMEOUT, as the store's batches do."""
    [url] = _stored(tmp_path, 1)
    extension = _extension(tmp_path, FETCH_ERRORS_FLUSH_SIZE=100, STORAGE_BUSY_TIMEOUT=15)
    extension.crawler.stats.set_value("downloader/response_count", 10)
    extension.error_recorded(url, "http_4xx", 404, "HTTP 404", spider=_Spider())
    locked = threading.Event()

    def hold_the_write_lock(seconds: float) -> None:
        blocker = open_database(tmp_path / "news.db")
        blocker.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(seconds)
        blocker.execute("ROLLBACK")
        blocker.close()

    holder = threading.Thread(target=hold_the_write_lock, args=(3.5,))
    holder.start()
    locked.wait(10)
    try:
        extension.spider_closed(_Spider(), "finished")
    finally:
        holder.join()
    assert _gone(tmp_path)[url] is not None
    assert [r["url"] for r in rows(tmp_path / "news.db", "SELECT url FROM fetch_errors")] == [url]
    assert extension.crawler.stats.get_value("fetch_errors/lost") is None


def test_an_address_fetched_again_after_it_said_gone_is_not_marked(tmp_path):
    # Marks are written at the end of the run: a URL first asked as a listing that answered 404,
    # then as an article that answered 200 and was stored, is online.
    [url] = _stored(tmp_path, 1)
    db = open_database(tmp_path / "news.db")
    assert mark_gone(db, url, "2025-06-01T00:00:00+00:00") is False  # stored (fetched) after it
    assert mark_gone(db, url, "2025-06-03T00:00:00+00:00") is True
    assert mark_gone(db, url, "2025-06-04T00:00:00+00:00") is False  # already gone: the first date stays
    db.close()
    assert _gone(tmp_path) == {url: "2025-06-03T00:00:00+00:00"}


def test_a_mark_is_dated_when_it_was_seen_and_updated_when_it_is_written(tmp_path):
    # A reader that polls "updated_at >= the last value it read" sees a mark the crawl writes at
    # its end, minutes after the 404 it records: updated_at was the failure's time, before the
    # reader's last poll, and the mark was never read.
    [url] = _stored(tmp_path, 1)
    db = open_database(tmp_path / "news.db")
    before = utc_now()
    assert mark_gone(db, url, "2025-06-03T00:00:00+00:00") is True
    db.close()
    [row] = rows(tmp_path / "news.db", "SELECT gone_at, updated_at FROM articles")
    assert row["gone_at"] == "2025-06-03T00:00:00+00:00"
    assert row["updated_at"] >= before


# -- real crawls -----------------------------------------------------------------------------------

def _site(tmp_path, count: int) -> SiteBuilder:
    site = SiteBuilder(tmp_path / "site")
    for n in range(count):
        site.add(Story(f"/news/2025/06/02/story-number-{n}-of-the-courier", f"Story number {n} of the courier",
                       filler(f"courier story {n}"), lastmod=f"2025-06-02T10:{n:02d}:00+03:00"))
    site.write()
    return site


def _answer(server: FixtureServer, path: str, handler) -> None:
    for variant in (path, path.rstrip("/") + "/"):
        server.add_handler(variant, handler)


@pytest.mark.slow
def test_a_site_answering_every_story_with_404_or_a_redirect_home_marks_nothing_and_the_summary_says_so(tmp_path):
    # A broken deploy: the sitemap, regenerated with fresh lastmods, asks the crawl to check every
    # stored story again, and each address answers 404 or 302 to the home page. Every stored story
    # was marked taken down.
    site = _site(tmp_path, 12)
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        assert len(rows(database, "SELECT id FROM articles")) == 12
        for n, story in enumerate(site.stories):
            story.lastmod = "2025-06-05T08:00:00+03:00"
            _answer(server, story.path, (lambda ctx: Response(status=404, body=b"Not found")) if n % 2 else
                    (lambda ctx: Response(status=302, headers={"Location": server.url("/")})))
        site.write()
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--url", f"{server.base_url}/", "--db", str(database),
             "-s", "CRAWL_GUESS_SITEMAPS=False", *(a for k, v in FAST_CRAWL.items() for a in ("-s", f"{k}={v}"))],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stderr[-3000:]
        marked_in_the_storm = rows(database, "SELECT COUNT(*) AS n FROM articles WHERE gone_at IS NOT NULL")

        # The site is back: the next run that asks for the stories finds them, none ever marked.
        for story in site.stories:
            story.lastmod = "2025-06-06T08:00:00+03:00"
            for variant in (story.path, story.path + "/"):
                server.remove_handler(variant)
        site.write()
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)

    site_name = f"site_127_0_0_1_{server.port}"
    errors = rows(database, "SELECT kind, status FROM fetch_errors WHERE url LIKE '%story-number%'")
    assert sorted((e["kind"], e["status"]) for e in errors) == [("home_redirect", 302)] * 6 + [("http_4xx", 404)] * 6
    assert marked_in_the_storm == [{"n": 0}]  # all 12 before
    assert rows(database, "SELECT COUNT(*) AS n FROM articles WHERE gone_at IS NOT NULL") == [{"n": 0}]
    warning = next(line for line in result.stderr.splitlines() if line.startswith("Warning: no article marked gone"))
    assert warning == ("Warning: no article marked gone, the site looks down or broken rather than removing "
                       f"stories: {site_name} (12 of 15 responses were 404/410 or redirects to the home page)")
    assert f"{site_name}: 12 of 15 responses were 404/410 or redirects to the home page: taken for a site-wide " \
           "failure" in result.stderr  # the log line
    # Recorded for readers of crawl_runs (a dashboard), not only in the log: the storm run's row.
    assert [r["gone_withheld"] for r in rows(database, "SELECT gone_withheld FROM crawl_runs ORDER BY id")] == [0, 12, 0]


@pytest.mark.slow
def test_many_stories_taken_down_in_a_run_that_fetched_more_are_marked(tmp_path):
    # Ten removed stories (at the default minimum of a storm) among 24 checked again: a publisher's
    # clean-up, not an outage. Each is marked, at the end of the run.
    site = _site(tmp_path, 24)
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        removed = site.stories[:10]
        for story in removed:
            _answer(server, story.path, lambda ctx: Response(status=410, body=b"Gone"))
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, CRAWL_RECRAWL=True)

    gone = {r["title"] for r in rows(database, "SELECT title FROM articles WHERE gone_at IS NOT NULL")}
    assert gone == {s.title for s in removed}
    stats = crawl_stats(result)
    assert stats["gone/marked"] == 10 and "gone/withheld" not in stats


@pytest.mark.slow
def test_sigterm_mid_run_writes_the_marks_of_what_the_run_saw(tmp_path):
    # Marks wait for the end of the run: Scrapy's graceful shutdown on SIGTERM is one, and writes
    # them with the last fetch_errors rows; none is lost, none written without its row.
    site = _site(tmp_path, 8)
    database = tmp_path / "news.db"
    removed = site.stories[-3:]  # the newest: asked first (a sitemap's entries, newest first)
    asked: list[str] = []
    stopping = threading.Event()

    def slow(ctx):
        # answered once the crawl is stopping: still in flight when the signal comes, and the
        # graceful shutdown waits for it (a fixed 30 s delay did the same, 30 s long)
        asked.append(ctx.path)
        stopping.wait(60)
        return ctx.default_response()

    def taken_down(ctx):
        asked.append(ctx.path)
        return Response(status=404, body=b"Not found")

    with FixtureServer(site.root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        for story in site.stories:
            _answer(server, story.path, taken_down if story in removed else slow)
        process = start_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"],
                               settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": "False",
                                         "CRAWL_RECRAWL": "True", "CONCURRENT_REQUESTS": "2",
                                         "CONCURRENT_REQUESTS_PER_DOMAIN": "2"})
        log = StreamLines(process.stderr)
        try:
            slow_paths = {s.path for s in site.stories} - {s.path for s in removed}
            # the 404s handled (each logged as the spider records it) and a slow story asked
            reached = log.wait_for(lambda text: bool(slow_paths & set(asked)) and all(
                f"http_4xx {server.url(s.path)}" in text for s in removed), timeout=60)
            assert reached, "the crawl did not reach its slow stories: " + "".join(log.lines)[-3000:]
            process.send_signal(signal.SIGTERM)
            assert log.wait_for(lambda text: "Received SIGTERM, shutting down gracefully" in text, timeout=60)
            stopping.set()
            process.wait(timeout=60)
            stderr = log.text()
        finally:
            stopping.set()
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, stderr[-3000:]
    stats = crawl_stats(subprocess.CompletedProcess(process.args, 0, "", stderr))
    assert stats["finish_reason"] == "shutdown"
    gone = {r["title"] for r in rows(database, "SELECT title FROM articles WHERE gone_at IS NOT NULL")}
    assert gone == {s.title for s in removed}
    recorded = {r["url"].removeprefix(server.base_url)
                for r in rows(database, "SELECT url FROM fetch_errors WHERE status = 404")}
    assert {s.path for s in removed} <= recorded
