"""Pages extraction refused (crawler/refused.py, table refused_pages): left alone by the next
runs for a delay that grows with each refusal, fetched sooner when their sitemap lastmod is
newer, always with CRAWL_RECRAWL; the health verdict still sees a redesign. Real crawls of a
fixture site on 127.0.0.1 into a real SQLite file."""

from __future__ import annotations

import re
import sqlite3

import pytest

from crawler.refused import recheck_delay
from tests.conftest import rows
from tests.sitegen import SiteBuilder, Story, filler
from tests.test_cli_crawl import crawler_cli

DAY = 86400.0


def test_the_delay_doubles_with_each_refusal_up_to_the_cap_and_a_stub_starts_sooner():
    delays = [recheck_delay("not_article", n, first=DAY, short_first=3 * 3600, cap=30 * DAY) for n in range(1, 8)]
    assert delays == [DAY, 2 * DAY, 4 * DAY, 8 * DAY, 16 * DAY, 30 * DAY, 30 * DAY]
    assert recheck_delay("too_short", 1, first=DAY, short_first=3 * 3600, cap=30 * DAY) == 3 * 3600
    assert recheck_delay("too_short", 4, first=DAY, short_first=3 * 3600, cap=30 * DAY) == 24 * 3600
    assert recheck_delay("too_short", 500, first=DAY, short_first=3 * 3600, cap=30 * DAY) == 30 * DAY


def _site(root, *, grown: bool = False, fresh: int = 0, short_fresh: bool = False, batches: int = 0,
          videos: int = 4) -> SiteBuilder:
    site = SiteBuilder(root)
    for i in range(6):
        site.add(Story(path=f"/news/2025/06/0{i + 1}/long-story-{i}", title=f"Long story {i}",
                       paragraphs=filler(f"long {i}"), lastmod="2025-06-02T10:00:00+00:00"))
    for i in range(videos):
        # a video page and stubs at article addresses: too short to be articles
        grows = grown and i == 0
        site.add(Story(path=f"/news/2025/06/{i + 1:02d}/video-clip-{i}", title=f"Video {i}",
                       paragraphs=filler(f"grown {i}") if grows else ["Watch the video."],
                       lastmod="2099-01-01T00:00:00+00:00" if grows else "2025-06-02T10:00:00+00:00"))
    for i in range(fresh):
        site.add(Story(path=f"/news/2025/07/0{i + 1}/fresh-story-{i}", title=f"Fresh story {i}",
                       paragraphs=["Read more soon."] if short_fresh else filler(f"fresh {i}"),
                       lastmod="2025-07-02T10:00:00+00:00"))
    for batch in range(batches):
        for i in range(6):
            site.add(Story(path=f"/news/2025/08/{batch + 10}/day-{batch}-story-{i}", title=f"Day {batch} story {i}",
                           paragraphs=filler(f"day {batch} {i} {'x' * batch}"), lastmod="2025-08-02T10:00:00+00:00"))
    site.homepage_links = [s.path for s in site.stories]
    site.write()
    return site


def _skipped(result) -> int:
    found = re.search(r"'dedup/skipped_refused': (\d+)", result.stderr)
    return int(found.group(1)) if found else 0


def _refused(database) -> dict[str, tuple[str, int]]:
    return {r["url"].rsplit("/", 1)[1]: (r["reason"], r["refusals"])
            for r in rows(database, "SELECT url, reason, refusals FROM refused_pages")}


def _make_due(database) -> None:
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("UPDATE refused_pages SET next_look_at = '2000-01-01T00:00:00+00:00'")
    conn.close()


@pytest.mark.slow
def test_refused_pages_wait_for_their_next_look_and_come_back_when_due_newer_or_recrawled(tmp_path):
    from crawler.fixture_server import FixtureServer

    root = tmp_path / "site"
    _site(root)
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "--fail-on-degraded",
                "-s", "AUTOTHROTTLE_START_DELAY=0.01"]
        first = crawler_cli(*args)
        assert first.returncode == 0, first.stdout + first.stderr[-3000:]
        videos = {f"video-clip-{i}": ("too_short", 1) for i in range(4)}
        assert _refused(database) == videos
        # Nothing new: the refused pages are not fetched again (the old code fetched all 4 again).
        quiet = crawler_cli(*args)
        assert quiet.returncode == 0, quiet.stdout  # not degraded: fewer refusals than usual is no alarm
        assert _skipped(quiet) == 4
        assert _refused(database) == videos
        # Their next look has come: fetched, refused again, the next wait is twice as long.
        _make_due(database)
        due = crawler_cli(*args)
        assert due.returncode == 0, due.stdout
        assert _skipped(due) == 0 and _refused(database) == {k: ("too_short", 2) for k in videos}
        looks = rows(database, "SELECT last_seen, next_look_at FROM refused_pages")
        assert all(r["next_look_at"] > r["last_seen"] for r in looks)
        # A stub grew into an article and its sitemap lastmod says so: fetched before its next
        # look, stored, and its row dropped.
        _site(root, grown=True)
        grown = crawler_cli(*args)
        assert grown.returncode == 0, grown.stdout
        # 3 skipped, plus the grown page's home-page link when it is met before its sitemap entry
        # (skipped, then fetched by the entry's newer lastmod): requests, in crawl order
        assert _skipped(grown) in (3, 4)
        assert "video-clip-0" not in _refused(database)
        assert rows(database, "SELECT COUNT(*) AS n FROM articles WHERE url LIKE '%video-clip-0'")[0]["n"] == 1
        # CRAWL_RECRAWL fetches every page, refused ones included.
        recrawl = crawler_cli(*args, "-s", "CRAWL_RECRAWL=True")
        assert recrawl.returncode == 0, recrawl.stdout
        assert _skipped(recrawl) == 0
        assert _refused(database) == {f"video-clip-{i}": ("too_short", 3) for i in range(1, 4)}
        # A redesign makes the site's NEW pages refused: they are fetched, and flagged.
        _site(root, fresh=9, short_fresh=True)
        redesign = crawler_cli(*args)
    assert redesign.returncode == 3, redesign.stdout
    assert "DEGRADED: no page qualified as an article" in redesign.stdout
    assert _skipped(redesign) == 3


@pytest.mark.slow
def test_with_refused_recheck_after_0_refused_pages_are_fetched_in_every_run(tmp_path):
    from crawler.fixture_server import FixtureServer

    root = tmp_path / "site"
    _site(root)
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database),
                "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "REFUSED_RECHECK_AFTER=0"]
        assert crawler_cli(*args).returncode == 0
        again = crawler_cli(*args)
    assert again.returncode == 0 and _skipped(again) == 0
    assert rows(database, "SELECT COUNT(*) AS n FROM refused_pages")[0]["n"] == 0
    assert "pages/skipped/too_short': 4" in again.stderr


@pytest.mark.slow
def test_refused_pages_coming_due_together_do_not_make_a_healthy_run_degraded(tmp_path):
    """The refused pages first met in one run come due in one later run. Against a history of
    runs that skipped them (few refusals each), counted as this run's refusals they read as
    "no page qualified as an article": exit 3 on a healthy site whenever a batch came due."""
    from crawler.fixture_server import FixtureServer

    root = tmp_path / "site"
    _site(root, videos=8)
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "--fail-on-degraded",
                "-s", "AUTOTHROTTLE_START_DELAY=0.01"]
        assert crawler_cli(*args).returncode == 0
        for batches in (1, 2):  # two days of new stories; the refused pages wait
            _site(root, videos=8, batches=batches)
            assert crawler_cli(*args).returncode == 0
        _make_due(database)
        due = crawler_cli(*args)  # nothing new; the 8 refused pages looked at again, refused again
    assert due.returncode == 0, due.stdout
    assert "'runs/refused_again': 8" in due.stderr
    runs = rows(database, "SELECT articles_new, pages_not_articles, degraded FROM crawl_runs ORDER BY id")
    assert [(r["articles_new"], r["pages_not_articles"], r["degraded"]) for r in runs] == [
        (6, 8, 0), (6, 0, 0), (6, 0, 0), (0, 0, 0)]
    assert _refused(database) == {f"video-clip-{i}": ("too_short", 2) for i in range(8)}
