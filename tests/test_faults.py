"""End to end: one crawl of a hostile, broken site (tests/faults.py) on 127.0.0.1.

Specification: every fault ends in a recorded outcome — a retried success, a ``fetch_errors``
row of the right kind with its status and attempts, or a counted skip — never a crash or a
stall; the good articles are stored all the same; traps are cut by the request budget and the
depth limit; no request reaches a host other than the site's.

The site is crawled once per module (a real ``scrapy crawl`` subprocess with small timeouts
and caps, so the faults resolve in seconds); each test checks one fault.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.fixture_server import FixtureServer
from tests.conftest import DEMO_SITE, crawl_stats, rows, run_scrapy
from tests.faulty_analysers import RAISE_ENV
from tests.faults import (
    CP1256_PARAGRAPHS,
    CP1256_PATH,
    CP1256_TITLE,
    FAULTS,
    FLAKY_503,
    GOOD_STORIES,
    MIXED_PARAGRAPHS,
    MIXED_PATH,
    MIXED_TITLE,
    RATE_LIMITED,
    SCRIPT_RENDERED_PATH,
    FaultLog,
    build_fault_site,
    install_faults,
)

pytestmark = pytest.mark.slow

DOWNLOAD_TIMEOUT = 2
RETRY_TIMES = 2
BACKOFF_BASE = 0.3
MAX_REQUESTS = 80
DEPTH_LIMIT = 4
CRAWL_SETTINGS = {
    "DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT,
    "DOWNLOAD_MAXSIZE": 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 512 * 1024,
    "RETRY_TIMES": RETRY_TIMES,
    "RETRY_BACKOFF_BASE": BACKOFF_BASE,
    "REDIRECT_MAX_TIMES": 3,
    "CRAWL_MAX_REQUESTS": MAX_REQUESTS,
    "CRAWL_SITEMAP_MAX_SIZE": 1024 * 1024,
    "DEPTH_LIMIT": DEPTH_LIMIT,
    "EXTRACT_WORKERS": 0,
    "FETCH_ERRORS_FLUSH_SIZE": 3,
}


@dataclass
class FaultCrawl:
    server: FixtureServer
    log: FaultLog
    database: Path
    stats: dict
    stderr: str
    seconds: float

    def errors(self) -> dict[str, dict]:
        """fetch_errors rows by URL path."""
        prefix = self.server.base_url
        return {r["url"].removeprefix(prefix): r for r in rows(self.database, "SELECT * FROM fetch_errors")}

    def stored_paths(self) -> set[str]:
        prefix = self.server.base_url
        return {r["url"].removeprefix(prefix) for r in rows(self.database, "SELECT url FROM articles")}

    def article(self, path: str) -> dict | None:
        found = rows(self.database, "SELECT * FROM articles WHERE url = ?", [self.server.url(path)])
        return found[0] if found else None


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> FaultCrawl:
    root = build_fault_site(tmp_path_factory.mktemp("fault_site"))
    database = tmp_path_factory.mktemp("db") / "news.db"
    with FixtureServer(root) as server:
        log = install_faults(server)
        started = time.monotonic()
        result = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"],
                            settings={"DATABASE": str(database), **CRAWL_SETTINGS}, timeout=120)
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stderr[-4000:]
        yield FaultCrawl(server, log, database, crawl_stats(result), result.stderr, seconds)


def _assert_error(crawl: FaultCrawl, path: str, kind: str, *, status=None, attempts=None) -> dict:
    row = crawl.errors().get(path)
    assert row is not None, f"no fetch_errors row for {path}; rows: {sorted(crawl.errors())}"
    assert row["kind"] == kind, f"{row['kind']}: {row['message']}"
    assert row["site"] and row["first_seen"] and row["last_seen"] and row["message"], row
    if status is not None:
        assert row["status"] == status, row
    if attempts is not None:
        assert row["attempts"] == attempts, row
    assert path not in crawl.stored_paths()
    return row


# -- the rest of the site ---------------------------------------------------------------------
def test_the_good_articles_are_stored_despite_every_fault(crawl):
    expected = {s.path for s in GOOD_STORIES} | {FLAKY_503.path, RATE_LIMITED.path, CP1256_PATH, MIXED_PATH,
                                                  SCRIPT_RENDERED_PATH}
    assert crawl.stored_paths() == expected
    assert crawl.stats["finish_reason"] == "finished"


def test_every_failed_url_has_one_row_of_its_kind_and_nothing_else_does(crawl):
    expected = {path: kind for path, kind in FAULTS.items() if kind}
    assert {path: row["kind"] for path, row in crawl.errors().items()} == expected
    for kind in set(expected.values()):
        assert crawl.stats.get(f"errors/{kind}") == list(expected.values()).count(kind), kind
    assert crawl.stats["fetch_errors/written"] == len(expected)


def test_no_request_reached_a_host_other_than_the_site(crawl):
    hosts = {record.host for record in crawl.server.requests}
    assert hosts == {f"127.0.0.1:{crawl.server.port}"}
    requested = crawl.server.requested_paths()
    assert not any("offsite-link-on-homepage" in p or "landed-elsewhere" in p for p in requested)
    assert crawl.stats.get("offsite/filtered", 0) >= 2  # the two off-site redirects
    assert crawl.stats.get("discovery/out_of_scope", 0) >= 1  # the sitemap's off-site entry


# -- transient faults: retried with backoff, then stored -------------------------------------
def test_503_twice_then_200_is_retried_with_backoff_and_stored(crawl):
    times = crawl.log.hit_times[FLAKY_503.path]
    assert len(times) == 3
    first_wait, second_wait = times[1] - times[0], times[2] - times[1]
    assert first_wait >= BACKOFF_BASE * 0.9 and second_wait >= 2 * BACKOFF_BASE * 0.9, times
    assert crawl.article(FLAKY_503.path)["title"] == FLAKY_503.title
    assert FLAKY_503.path not in crawl.errors()


def test_429_with_retry_after_is_honoured_then_stored(crawl):
    times = crawl.log.hit_times[RATE_LIMITED.path]
    assert len(times) == 2
    assert times[1] - times[0] >= 0.95, "Retry-After: 1 was not honoured"
    assert crawl.article(RATE_LIMITED.path)["title"] == RATE_LIMITED.title
    assert crawl.stats["retry/delayed"] >= 3


# -- stalls: cut by DOWNLOAD_TIMEOUT, retried a bounded number of times ------------------------
def test_a_response_that_never_finishes_times_out(crawl):
    path = "/news/2025/06/02/never-finishing-response-story"
    _assert_error(crawl, path, "timeout", status=None, attempts=RETRY_TIMES + 1)
    assert crawl.log.hits[path] == RETRY_TIMES + 1
    assert crawl.log.held_open[path] < DOWNLOAD_TIMEOUT + 2


def test_a_slow_drip_is_cut_by_the_download_timeout(crawl):
    path = "/news/2025/06/02/slow-drip-response-story"
    _assert_error(crawl, path, "timeout", attempts=RETRY_TIMES + 1)
    assert crawl.log.held_open[path] < DOWNLOAD_TIMEOUT + 2
    assert crawl.seconds < 60


def test_a_connection_reset_is_retried_then_recorded(crawl):
    path = "/news/2025/06/02/connection-reset-by-server-story"
    _assert_error(crawl, path, "connection", status=None, attempts=RETRY_TIMES + 1)
    # Twisted's HTTP client itself resends once when a reused keep-alive connection was reset.
    assert RETRY_TIMES + 1 <= crawl.log.hits[path] <= 2 * (RETRY_TIMES + 1)


# -- redirects ---------------------------------------------------------------------------------
def test_an_endless_redirect_chain_stops_at_redirect_max_times(crawl):
    row = _assert_error(crawl, "/news/2025/06/02/redirect-chain-that-never-ends", "redirect_loop")
    assert crawl.log.hits["/redirect-chain"] == 3 + 1, crawl.log.hits  # the first answer and 3 followed redirects
    assert "3" in row["message"]


def test_a_redirect_cycle_is_recorded_as_a_loop(crawl):
    _assert_error(crawl, "/news/2025/06/02/redirect-cycle-between-two-pages", "redirect_loop")
    assert crawl.log.hits["/redirect-cycle-b"] == 1


def test_a_redirect_to_another_host_is_refused_and_recorded(crawl):
    row = _assert_error(crawl, "/news/2025/06/02/moved-to-another-host-story", "offsite_redirect")
    assert f"localhost:{crawl.server.port}" in row["message"]


def test_a_redirect_to_the_cloud_metadata_address_is_refused(crawl):
    row = _assert_error(crawl, "/news/2025/06/02/redirect-to-cloud-metadata-story", "offsite_redirect")
    assert "169.254.169.254" in row["message"]


# -- bodies ------------------------------------------------------------------------------------
def test_a_40_mb_body_is_cancelled_at_download_maxsize(crawl):
    path = "/news/2025/06/02/forty-megabyte-body-story"
    _assert_error(crawl, path, "too_large", attempts=1)
    assert crawl.log.held_open[path] < 5  # cancelled on the announced length, not read to the end


def test_a_body_without_length_is_cut_at_download_maxsize(crawl):
    path = "/news/2025/06/02/endless-body-without-length-story"
    _assert_error(crawl, path, "too_large", attempts=1)
    assert crawl.log.held_open[path] < 5


def test_binary_served_as_html_is_recorded_not_extracted(crawl):
    row = _assert_error(crawl, "/news/2025/06/02/binary-served-as-html-story", "binary", status=200)
    assert "text/html" in row["message"]


def test_a_truncated_gzip_body_is_retried_then_recorded_not_stored_cut(crawl):
    path = "/news/2025/06/02/truncated-gzip-body-story"
    _assert_error(crawl, path, "truncated", status=200, attempts=RETRY_TIMES + 1)
    assert crawl.log.hits[path] == RETRY_TIMES + 1


def test_a_plain_body_declared_gzip_is_recorded_as_such_once_not_as_truncated(crawl):
    path = "/news/2025/06/02/plain-body-declared-gzip-story"
    row = _assert_error(crawl, path, "bad_encoding", status=200, attempts=1)
    assert "not gzip" in row["message"] and crawl.log.hits[path] == 1


def test_a_windows_1256_page_without_charset_is_stored_as_correct_arabic(crawl):
    article = crawl.article(CP1256_PATH)
    assert article is not None, sorted(crawl.errors())
    assert article["title"] == CP1256_TITLE
    assert article["language"] == "ar"
    for paragraph in CP1256_PARAGRAPHS:
        assert paragraph in article["body"]
    assert "\ufffd" not in article["body"]


def test_a_utf8_story_with_a_windows_1256_most_read_list_is_stored_as_utf8(crawl):
    # the whole page read as windows-1256 stored mojibake ("ط¨ط¯ط£طھ") under language "ur"
    article = crawl.article(MIXED_PATH)
    assert article is not None, sorted(crawl.errors())
    assert article["title"] == MIXED_TITLE
    assert article["language"] == "ar"
    for paragraph in MIXED_PARAGRAPHS:
        assert paragraph in article["body"]
    assert "\ufffd" not in article["body"]


def test_a_script_rendered_page_is_stored_from_its_data_and_counted(crawl):
    article = crawl.article(SCRIPT_RENDERED_PATH)
    assert article is not None, sorted(crawl.errors())
    assert article["body"].startswith("بدأت أمانة عمّان الكبرى تشغيل المرحلة الثانية")
    assert "اقرأ أيضاً" not in article["body"] and "ARTICLEAD" not in article["body"]
    assert crawl.stats["pages/extracted/from_script"] == 1


def test_an_empty_200_is_retried_then_recorded(crawl):
    path = "/news/2025/06/02/empty-ok-response-story"
    _assert_error(crawl, path, "empty", status=200, attempts=RETRY_TIMES + 1)
    # the spider's own retry is no copied-meta mistake for Scrapy to warn about
    assert "internal meta keys" not in crawl.stderr
    assert crawl.log.hits[path] == RETRY_TIMES + 1


# -- refusals and error answers ----------------------------------------------------------------
def test_a_403_is_recorded_as_blocked(crawl):
    _assert_error(crawl, "/news/2025/06/02/forbidden-by-the-server-story", "blocked", status=403)


def test_a_challenge_page_served_with_200_is_recorded_as_blocked_not_stored(crawl):
    row = _assert_error(crawl, "/news/2025/06/02/challenge-page-instead-of-story", "blocked", status=200)
    assert "cloudflare" in row["message"]
    assert 0 < crawl.stats["blocked/share"] < 0.5
    assert "blocked/site" not in crawl.stats  # two refusals among dozens of pages: not a blocked site


def test_a_404_and_a_persistent_500_are_recorded_with_their_status(crawl):
    _assert_error(crawl, "/news/2025/06/02/missing-page-story-not-found", "http_4xx", status=404, attempts=1)
    _assert_error(crawl, "/news/2025/06/02/server-always-failing-story", "http_5xx", status=500,
                  attempts=RETRY_TIMES + 1)
    assert crawl.log.hits["/news/2025/06/02/server-always-failing-story"] == RETRY_TIMES + 1


# -- sitemaps and feeds ------------------------------------------------------------------------
def test_a_truncated_sitemap_gives_its_complete_entries_only_and_is_recorded(crawl):
    requested = crawl.server.requested_paths()
    assert not any("never-listed" in p for p in requested)
    row = _assert_error(crawl, "/sitemap-broken.xml", "bad_sitemap", status=200)
    assert "malformed, 1 entries recovered" in row["message"]


def test_a_sitemap_that_is_not_xml_is_recorded_as_bad_sitemap(crawl):
    row = _assert_error(crawl, "/sitemap-not-xml.xml", "bad_sitemap", status=200)
    assert "not xml" in row["message"].lower()


def test_an_entity_expansion_bomb_sitemap_is_refused_unexpanded(crawl):
    row = _assert_error(crawl, "/sitemap-entity-bomb.xml", "bad_sitemap", status=200)
    assert "entit" in row["message"].lower()
    assert "lollol" not in crawl.stderr


def test_a_gzip_sitemap_expanding_beyond_the_cap_is_refused(crawl):
    row = _assert_error(crawl, "/sitemap-huge.xml.gz", "bad_sitemap", status=200)
    assert not any("padding-entry" in p for p in crawl.server.requested_paths())
    assert row["message"]


def test_the_good_sitemap_is_still_used(crawl):
    assert crawl.stats["discovery/sitemaps"] >= 1
    assert crawl.stats["discovery/sitemap_entries"] >= 3


def test_a_feed_that_is_html_is_recorded_as_bad_feed(crawl):
    _assert_error(crawl, "/feed.xml", "bad_feed", status=200)


def test_a_truncated_feed_gives_its_complete_items_only_and_is_recorded(crawl):
    assert not any("never-in-a-feed" in p for p in crawl.server.requested_paths())
    row = _assert_error(crawl, "/feed-truncated.xml", "bad_feed", status=200)
    assert "malformed, 1 items recovered" in row["message"]


# -- traps -------------------------------------------------------------------------------------
def test_calendar_and_session_traps_are_cut_by_budget_and_depth(crawl):
    assert crawl.stats["discovery/budget_exhausted"] > 0
    assert crawl.stats["request_depth_max"] <= DEPTH_LIMIT
    # Every request the server saw was scheduled within the budget, plus retries and redirect hops.
    extra = sum(n - 1 for n in crawl.log.hits.values() if n > 1) + 8
    assert len(crawl.server.requests) <= MAX_REQUESTS + extra
    assert 0 < crawl.log.hits["/calendar"] <= 40  # at most 1 + 3 + 9 + 27 pages within the depth limit
    assert crawl.log.hits["/sid"] > 0


# -- a page the parser chokes on (its own crawl of the sample site) -----------------------------
FAILING_PAGE = "/en/business/2025/06/03/aqaba-port-expansion-contract"


def test_a_page_whose_extraction_fails_is_one_short_log_line_and_one_counted_error(tmp_path):
    database = tmp_path / "news.db"
    with FixtureServer(DEMO_SITE) as server:
        result = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"],
                            settings={"DATABASE": str(database), "EXTRACT_WORKERS": 0,
                                      "EXTRACT_PAGE_FUNCTION": "tests.faulty_analysers.analyse_or_fail"},
                            env={RAISE_ENV: FAILING_PAGE})
        url = server.url(FAILING_PAGE)
    assert result.returncode == 0, result.stderr[-4000:]
    # One line says what failed, on which page and why; no traceback (DEBUG only), and no
    # "Dropped:" line dumping the page's HTML.
    lines = result.stderr.splitlines()
    [failure] = [line for line in lines if url in line and (" ERROR: " in line or " WARNING: " in line)]
    assert failure.endswith(f"ERROR: extraction failed for {url}: ValueError: parser choked on {url}; page skipped")
    assert result.stderr.count("parser choked") == 1
    assert max(map(len, lines)) < 1000
    # Counted once in the run's errors (the sample site's 404s are counted as http_4xx), and
    # recorded once in fetch_errors.
    [run] = rows(database, "SELECT errors, error_count FROM crawl_runs")
    errors = json.loads(run["errors"])
    assert errors.pop("extract/ValueError") == 1 and set(errors) == {"http_4xx"}
    assert run["error_count"] == 1 + errors["http_4xx"]
    assert [r["url"] for r in rows(database, "SELECT url FROM fetch_errors WHERE kind = 'extract_failed'")] == [url]
