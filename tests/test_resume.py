"""Resume after a crash: a crawl killed with SIGKILL and run again ends where an uninterrupted
crawl ends — same articles, none stored twice — including articles reachable only through a
link on an article the killed run had already stored (which the rerun does not download again).
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, rows
from tests.sitegen import SiteBuilder, Story, build_trap_site, filler
from tests.test_cli_crawl import crawl_args, crawler_cli, crawler_cmd, slow_down_articles

pytestmark = pytest.mark.slow


def stored_articles(database: Path) -> int:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def crawl_and_kill(args: list[str], database: Path, *, at_least: int, below: int) -> None:
    """Start ``crawler <args>``; SIGKILL it once ``at_least`` (and fewer than ``below``) articles are stored."""
    process = subprocess.Popen(crawler_cmd(*args), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while stored_articles(database) < at_least:
            assert process.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
    assert stored_articles(database) < below, "the crawl finished before it was killed; slow it down"


def article_snapshot(database: Path) -> list[tuple]:
    """The stored stories. A story published under two URLs is stored under the one fetched
    first, and a resumed crawl fetches in another order than an uninterrupted one: so a story
    is named by its body hash, with every URL it was seen under (article and duplicates)."""
    urls: dict[str, set[str]] = {}
    for r in rows(database, "SELECT a.content_hash, d.url FROM duplicates d JOIN articles a ON a.id = d.duplicate_of"):
        urls.setdefault(r["content_hash"], set()).add(r["url"])
    return sorted((r["content_hash"], r["title"], r["published_at"],
                   tuple(sorted(urls.get(r["content_hash"], set()) | {r["canonical_url"]})))
                  for r in rows(database, "SELECT canonical_url, title, content_hash, published_at FROM articles"))


def test_sigkill_then_rerun_equals_an_uninterrupted_crawl(demo_server, demo_expected, tmp_path):
    reference = tmp_path / "reference.db"
    result = crawler_cli(*crawl_args(demo_server, reference))
    assert result.returncode == 0, result.stderr[-3000:]

    database = tmp_path / "killed.db"
    slow_down_articles(demo_server, demo_expected, 0.25)
    args = crawl_args(demo_server, database, "-s", "CONCURRENT_REQUESTS=2", "-s", "STORE_BATCH_SIZE=1")
    crawl_and_kill(args, database, at_least=3, below=len(demo_expected["articles"]))
    assert (tmp_path / "killed.db.jobs").is_dir()  # the frontier survived the kill

    slow_down_articles(demo_server, demo_expected, 0)  # (slowed for the kill only)
    result = crawler_cli(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "resuming an interrupted crawl" in result.stderr
    assert article_snapshot(database) == article_snapshot(reference)
    assert len(article_snapshot(database)) == len(demo_expected["articles"])
    kinds = "SELECT kind FROM duplicates ORDER BY kind"  # which URLs: in the snapshot
    assert rows(database, kinds) == rows(reference, kinds)
    # The killed run's row is marked killed by the rerun; the rerun finished.
    assert [r["status"] for r in rows(database, "SELECT status FROM crawl_runs ORDER BY id")] == \
        ["killed", "finished"]
    assert not (tmp_path / "killed.db.jobs").exists()


def test_a_rerun_after_a_kill_does_not_download_the_articles_the_killed_run_stored(
        demo_server, demo_expected, tmp_path):
    # The killed run's journal holds the request of every article it stored (each was recorded
    # before Scrapy saw it). Those requests carry the stored-article check's decision of the
    # killed run ("not stored yet, fetch it"); the rerun must decide again against the database,
    # as the docs promise ("skipping what is already stored"), not download them all again.
    database = tmp_path / "killed.db"
    slow_down_articles(demo_server, demo_expected, 0.25)
    args = crawl_args(demo_server, database, "-s", "CONCURRENT_REQUESTS=2", "-s", "STORE_BATCH_SIZE=1")
    crawl_and_kill(args, database, at_least=3, below=len(demo_expected["articles"]))
    stored = {r["url"] for r in rows(database, "SELECT url FROM articles")}

    slow_down_articles(demo_server, demo_expected, 0)
    started = time.time()
    result = crawler_cli(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "resuming an interrupted crawl" in result.stderr
    asked_again = {f"{demo_server.base_url}{r.path}" for r in demo_server.requests if r.time >= started}
    assert not stored & asked_again, f"downloaded again: {sorted(stored & asked_again)}"
    rerun = rows(database, "SELECT articles_unchanged, articles_new FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert rerun["articles_unchanged"] == 0
    assert len(stored) + rerun["articles_new"] == len(demo_expected["articles"])


def build_sitemap_only_site(root: Path, stories: list[Story], lastmods: dict[str, str]) -> None:
    """A site found through its sitemap alone, as many news sites are: no story links another."""
    for story in stories:
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
    entries = "".join(f"<url><loc>__BASE_URL__{story.path}</loc><lastmod>{lastmods[story.path]}</lastmod></url>"
                      for story in stories)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>", encoding="utf-8")
    (root / "index.html").write_text("<html><body><h1>Sahel Wire</h1></body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap.xml\n",
                                     encoding="utf-8")


def test_a_rerun_after_a_kill_fetches_a_stored_article_listed_only_in_a_sitemap_whose_lastmod_is_newer(tmp_path):
    # The journal's request for an article the killed run stored is replayed first, and skipped as
    # stored (its entry's lastmod is the stored one); the rerun's sitemap, read after, says the story
    # was updated since. Its request must not be dropped as a duplicate of the replayed one: a site
    # found through its sitemap alone has no other way to the update in this run.
    from crawler.fixture_server import FixtureServer

    stories = [Story(path=f"/news/2025/06/{i + 1:02d}/sahel-story-{i + 1}",
                     title=f"Sahel story number {i + 1} about the grain corridor",
                     paragraphs=filler(f"sahel story {i + 1}")) for i in range(16)]
    lastmods = {story.path: "2025-06-02T10:15:00+00:00" for story in stories}
    root = tmp_path / "site"
    build_sitemap_only_site(root, stories, lastmods)
    with FixtureServer(root) as server:
        for story in stories:
            server.add_handler(story.path, lambda ctx: replace(ctx.default_response(), delay=0.4))
        database = tmp_path / "news.db"
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", "STORE_BATCH_SIZE=1", "-s", "CONCURRENT_REQUESTS=2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
        crawl_and_kill(args, database, at_least=2, below=len(stories) - 4)
        stored = {r["url"] for r in rows(database, "SELECT url FROM articles")}
        [updated] = [story for story in stories if f"{server.base_url}{story.path}" in stored][:1]
        correction = "Correction: an earlier version of this story misstated the corridor's tonnage."
        updated.paragraphs.append(correction)
        lastmods[updated.path] = "2025-06-09T08:00:00+00:00"
        build_sitemap_only_site(root, stories, lastmods)
        for story in stories:
            server.remove_handler(story.path)
        # the sitemap comes late: the replayed requests reach the downloader first
        server.add_handler("/sitemap.xml", lambda ctx: replace(ctx.default_response(), delay=1.5))
        result = crawler_cli(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "resuming an interrupted crawl" in result.stderr
    [body] = [r["body"] for r in rows(database, "SELECT body FROM articles WHERE url = ?",
                                      [f"{server.base_url}{updated.path}"])]
    assert correction in body
    # control: the stored articles whose lastmod did not change are not downloaded again
    assert rows(database, "SELECT articles_unchanged FROM crawl_runs ORDER BY id DESC LIMIT 1")[0][
        "articles_unchanged"] == 0


def running_row(database: Path) -> dict | None:
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM crawl_runs WHERE status = 'running'").fetchone()
    except sqlite3.Error:
        return None
    return dict(row) if row else None


def test_running_row_shows_progress_and_a_killed_run_keeps_its_counts(demo_server, demo_expected, tmp_path):
    # A dashboard reading crawl_runs while a crawl runs sees its counts grow; a crawl killed
    # without closing (SIGKILL, the OOM killer) keeps the counts of its last update instead
    # of a row of zeros.
    database = tmp_path / "news.db"
    slow_down_articles(demo_server, demo_expected, 0.25)
    args = crawl_args(demo_server, database, "-s", "CONCURRENT_REQUESTS=2", "-s", "STORE_BATCH_SIZE=1",
                      "-s", "RUNS_PROGRESS_INTERVAL=0.2")
    process = subprocess.Popen(crawler_cmd(*args), cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not ((row := running_row(database)) and row["articles_new"] >= 2):
            assert process.poll() is None, "the crawl ended before its running row showed progress"
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
    assert row["finished_at"] is None and row["requests"] > row["articles_new"]
    # (pages_fetched is not compared: it counts items once the pipelines are done with them,
    # articles_new when the store thread commits them, a moment before; a running row can be read
    # between the two)
    assert row["responses_2xx"] >= row["articles_new"]
    assert stored_articles(database) >= row["articles_new"]
    assert stored_articles(database) < len(demo_expected["articles"])

    slow_down_articles(demo_server, demo_expected, 0)  # (slowed for the kill only)
    result = crawler_cli(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    killed, rerun = rows(database, "SELECT * FROM crawl_runs ORDER BY id")
    assert killed["status"] == "killed" and killed["articles_new"] >= 2 and killed["requests"] > 0
    # the closed row is the run's own final count, not overwritten by a late progress update
    assert rerun["status"] == "finished" and rerun["finished_at"] is not None
    # (the killed run may have stored an article after its last update)
    assert killed["articles_new"] + rerun["articles_new"] <= stored_articles(database)


def build_chain_site(root: Path, length: int) -> list[Story]:
    """Home page -> story 1 -> story 2 -> ...: each story is linked only from the one before."""
    stories = [Story(path=f"/news/2025/06/{i + 1:02d}/chain-story-{i + 1}",
                     title=f"Chain story number {i + 1} about the water talks",
                     paragraphs=filler(f"chain story {i + 1}")) for i in range(length)]
    for i, story in enumerate(stories):
        # The builder's "related" list links every other story it holds: hold only the next one.
        builder = SiteBuilder(root, stories=[story, *stories[i + 1:i + 2]])
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(builder.page(story), encoding="utf-8")
    (root / "index.html").write_text(
        f'<html><body><h1>Chain</h1><a href="{stories[0].path}">first</a></body></html>', encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return stories


@pytest.mark.parametrize("resume", [True, False], ids=["resume", "control-without-resume"])
def test_article_reachable_only_from_a_stored_article_is_not_lost(tmp_path, resume):
    from crawler.fixture_server import FixtureServer

    length = 8
    stories = build_chain_site(tmp_path / "site", length)
    with FixtureServer(tmp_path / "site") as server:
        for story in stories:
            server.add_handler(story.path, lambda ctx: replace(ctx.default_response(), delay=0.4))
        database = tmp_path / "news.db"
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database),
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "STORE_BATCH_SIZE=1",
                "-s", "CRAWL_GUESS_SITEMAPS=False", "-s", f"RESUME_ENABLED={resume}",
                "-s", "DEPTH_LIMIT=0"]  # the chain is deeper than the default depth limit
        crawl_and_kill(args, database, at_least=2, below=length - 2)
        result = crawler_cli(*args)
        assert result.returncode == 0, result.stderr[-3000:]
    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    if resume:
        assert stored == {story.title for story in stories}
    else:
        # Without the frontier the rerun skips the stored articles and never sees their links:
        # the rest of the chain is lost. This is what the resume middleware exists for.
        assert len(stored) < length


# --- a journal that cannot be written (fix-ops) -----------------------------------------------------
class _EngineStub:
    def __init__(self):
        self.reasons: list[str] = []

    async def close_spider_async(self, *, reason: str) -> None:
        self.reasons.append(reason)


def test_a_journal_on_a_full_disk_stops_the_crawl_instead_of_dropping_requests_silently(tmp_path, caplog):
    """The journal fills (SQLITE_FULL through max_page_count, as on a full disk): the crawl is
    stopped with reason storage_failed and one ERROR line; the requests that could not be
    recorded are not passed on (they would be lost by the next kill), items are. It raised
    `database or disk is full` as a spider error: the page's requests were dropped, the run
    closed `finished`."""
    import asyncio

    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from pipelines.resume import ResumeFrontierMiddleware

    crawler = get_crawler(settings_dict={"DATABASE": str(tmp_path / "news.db"), "RESUME_ENABLED": True})
    crawler._apply_settings()
    crawler.spider = Spider(name="demo")
    crawler.engine = engine = _EngineStub()
    middleware = ResumeFrontierMiddleware.from_crawler(crawler)
    middleware._open()
    assert len(middleware._flush([Request("http://news.test/sitemap.xml")])) == 1
    pages = middleware.conn.execute("PRAGMA page_count").fetchone()[0]
    middleware.conn.execute(f"PRAGMA max_page_count = {pages}")
    item = {"url": "http://news.test/a-story"}
    requests = [Request(f"http://news.test/{'x' * 2000}/{n}") for n in range(50)]

    async def run():
        passed = middleware._flush([*requests, item])
        await asyncio.sleep(0)
        return passed

    assert asyncio.run(run()) == [item]
    assert engine.reasons == ["storage_failed"]
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "resume journal failed" in errors[0] and "full" in errors[0], errors
    assert middleware._flush([Request("http://news.test/later")]) == []  # the crawl is closing
    assert crawler.stats.get_value("resume/failed") == 51
    middleware.spider_closed(crawler.spider, "storage_failed")
    assert (tmp_path / "news.db.jobs" / "demo" / "frontier.sqlite").exists()  # kept for the next run


# --- the current profile's scope applies to the journal replayed (D12) -------------------------------
def test_a_resumed_crawl_drops_journal_requests_an_exclude_pattern_added_since_matches(tmp_path, caplog):
    """The operator stops a crawl caught in a trap (an endless calendar) and adds an ``exclude``
    pattern: the rerun replayed every calendar URL the journal held, and fetched them all."""
    import asyncio
    import dataclasses
    import logging
    import re

    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from crawler.sites import adhoc_profile
    from pipelines.resume import ResumeFrontierMiddleware

    def middleware_for(profile):
        crawler = get_crawler(settings_dict={"DATABASE": str(tmp_path / "news.db"), "RESUME_ENABLED": True})
        crawler._apply_settings()
        crawler.spider = Spider(name="demo")
        crawler.spider.profile = profile
        crawler.engine = _EngineStub()
        return crawler, ResumeFrontierMiddleware.from_crawler(crawler)

    before = adhoc_profile("http://news.test/", name="demo")
    _, stopped = middleware_for(before)
    stopped._open()
    urls = ["http://news.test/sitemap.xml", *(f"http://news.test/calendar/2019/{m:02d}" for m in range(1, 6)),
            "http://news.test/news/1"]
    assert len(stopped._flush([Request(url) for url in urls])) == len(urls)
    stopped.spider_closed(stopped.crawler.spider, "shutdown")  # stopped: the journal is kept

    after = dataclasses.replace(before, exclude=(re.compile(r"/calendar/\d{4}/"),))
    crawler, resumed = middleware_for(after)

    async def replayed():
        async def no_start_requests():
            return
            yield

        return [r.url async for r in resumed.process_start(no_start_requests())]

    with caplog.at_level(logging.INFO):
        urls_replayed = asyncio.run(replayed())
    assert urls_replayed == ["http://news.test/sitemap.xml", "http://news.test/news/1"]
    assert crawler.stats.get_value("discovery/dropped_from_queue/excluded") == 5
    assert crawler.stats.get_value("resume/replayed") == 2
    lines = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert lines == [("demo: 5 request(s) in the interrupted crawl's journal dropped: out of the site's current "
                      "scope (excluded: 5)")]
    resumed.spider_closed(crawler.spider, "finished")


def test_a_crawl_stopped_in_a_trap_and_resumed_with_an_exclude_pattern_fetches_none_of_it(tmp_path):
    """End to end: killed while its journal holds a trap's URLs (an endless calendar), rerun with
    the profile's new ``exclude`` pattern, the crawl fetched every one of them anyway."""
    import threading

    from crawler.fixture_server import FixtureServer

    root = tmp_path / "site"
    stories, calendar = build_trap_site(root)
    served, killed = [], threading.Event()

    def one_story_until_killed(ctx):
        # The killed run gets one story; the next story it asks for waits until it is killed
        # (then the connection is closed unanswered): it is stopped with the trap's URLs in its
        # journal and fewer than all stories stored, however slow the machine.
        if not served:
            served.append(ctx.path)
            return ctx.default_response()
        if not killed.is_set():
            killed.wait(120)  # only a crawl that never stores the first story waits this long
            return None
        return ctx.default_response()

    with FixtureServer(root) as server:
        for path in [s.path for s in stories]:
            server.add_handler(path, one_story_until_killed)
        sites = tmp_path / "sites.toml"
        profile = (f'[[site]]\nname = "trap"\nstart_urls = ["{server.base_url}/"]\n'
                   f'domains = ["127.0.0.1:{server.port}"]\nlanguage = "en"\n')
        sites.write_text(profile, encoding="utf-8")
        database = tmp_path / "news.db"
        args = ["crawl", "trap", "--sites", str(sites), "--db", str(database), "-s", "AUTOTHROTTLE_ENABLED=False",
                "-s", "STORE_BATCH_SIZE=1", "-s", "CRAWL_GUESS_SITEMAPS=False", "-s", "CONCURRENT_REQUESTS=1",
                "-s", "DOWNLOAD_TIMEOUT=150"]  # a story may wait for the kill
        crawl_and_kill(args, database, at_least=1, below=len(stories))
        killed.set()
        first_run = len(server.requests)
        sites.write_text(profile + "exclude = ['/calendar/']\n", encoding="utf-8")  # the operator's fix
        result = crawler_cli(*args)
        rerun = [r.path for r in server.requests[first_run:]]
    assert result.returncode == 0, result.stderr[-3000:]
    assert [path for path in rerun if path.startswith("/calendar/")] == []
    assert "request(s) in the interrupted crawl's journal dropped: out of the site's current scope (excluded: " \
        in result.stderr
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}


@pytest.mark.parametrize("lost", [0, 3], ids=["all_stored", "some_lost_to_storage"])
def test_a_finished_crawl_keeps_its_journal_when_articles_could_not_be_stored(tmp_path, lost):
    """A finished run deleted its journal even when articles were lost to the database (a write
    lock another connection held past the retries): their requests were in no other record, so
    the next run fetched them only if a listing led to them again. Kept, the next run replays it,
    skips what is stored and fetches them."""
    from scrapy import Request, Spider
    from scrapy.utils.test import get_crawler

    from pipelines.resume import ResumeFrontierMiddleware

    crawler = get_crawler(settings_dict={"DATABASE": str(tmp_path / "news.db"), "RESUME_ENABLED": True})
    crawler._apply_settings()
    crawler.spider = Spider(name="demo")
    middleware = ResumeFrontierMiddleware.from_crawler(crawler)
    middleware._open()
    assert middleware._record([Request("http://news.test/a-story")])
    if lost:
        crawler.stats.inc_value("articles/failed/storage", lost)
    middleware.spider_closed(crawler.spider, "finished")
    journal = tmp_path / "news.db.jobs" / "demo" / "frontier.sqlite"
    assert journal.exists() == bool(lost)


def test_a_rerun_after_a_kill_fetches_a_stored_article_whose_sitemap_lastmod_is_newer_since(
        demo_server, demo_expected, tmp_path):
    # The journal's request for an article the killed run stored carries the sitemap entry it was
    # found with. Replayed first, it is skipped as stored — and Scrapy's dupefilter took its URL:
    # the rerun's own sitemap entry, whose lastmod says the story was updated after the kill, was
    # dropped as a duplicate, and the update never fetched. It must be fetched, as a crawl that
    # was never killed fetches it.
    database = tmp_path / "killed.db"
    slow_down_articles(demo_server, demo_expected, 0.25)
    args = crawl_args(demo_server, database, "-s", "CONCURRENT_REQUESTS=2", "-s", "STORE_BATCH_SIZE=1")
    crawl_and_kill(args, database, at_least=3, below=len(demo_expected["articles"]))
    slow_down_articles(demo_server, demo_expected, 0)
    stored = {r["url"]: r["body"] for r in rows(database, "SELECT url, body FROM articles")}
    sitemap_en = (PROJECT_ROOT / "crawler" / "demo_site" / "sitemap-en.xml").read_text(encoding="utf-8")
    in_sitemap = [a["path"] for a in demo_expected["articles"] if f"__BASE_URL__{a['path']}</loc><lastmod>" in sitemap_en
                  and f"{demo_server.base_url}{a['path']}" in stored]
    assert in_sitemap, "no stored article is listed in the sitemap"
    updated = in_sitemap[0]
    # a sentence of its last paragraph: its first may be the page's description too
    first_sentence = stored[f"{demo_server.base_url}{updated}"].split("\n\n")[-1].split(".")[0]
    correction = "Correction: an earlier version of this story gave the wrong figure for the quota"

    def corrected_page(ctx):
        response = ctx.default_response()
        body = response.body if isinstance(response.body, str) else response.body.decode("utf-8")
        return replace(response, body=body.replace(first_sentence, f"{correction}. {first_sentence}"))

    def newer_lastmod(ctx):
        response = ctx.default_response()
        body = response.body if isinstance(response.body, str) else response.body.decode("utf-8")
        entry = f"<loc>{demo_server.base_url}{updated}</loc><lastmod>"
        start = body.find(entry)
        if start >= 0:
            start += len(entry)
            body = body[:start] + "2099-01-01T00:00:00+00:00" + body[body.index("</lastmod>", start):]
        # slow: the replayed requests reach the downloader before the sitemap is read again
        return replace(response, body=body, delay=1.5)

    demo_server.add_handler(updated, corrected_page)
    demo_server.add_handler("/sitemap-en.xml", newer_lastmod)
    result = crawler_cli(*args)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "resuming an interrupted crawl" in result.stderr
    [body] = [r["body"] for r in rows(database, "SELECT body FROM articles WHERE url = ?",
                                      [f"{demo_server.base_url}{updated}"])]
    assert correction in body, body[:300]
