"""The pieces behind the fault outcomes, without a crawl: naming a failure, the retry wait,
the fetch_errors upsert, and the blocked-site verdict."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    NotConfigured,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from sqlite_utils import Database
from twisted.internet.error import ConnectionLost, TCPTimedOutError
from twisted.internet.error import TimeoutError as TxTimeoutError
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from crawler.fetch_errors import FetchError, errors_by_kind, record_fetch_error
from crawler.storage import migrate, open_database
from pipelines.errors import FetchErrorsExtension, FetchRefused, describe_failure, failure_message, never_answered
from pipelines.middlewares import HomeRedirectMiddleware, SchemeFallbackMiddleware
from pipelines.retry import backoff_seconds, retry_after_seconds

SITE = ["127.0.0.1:8000"]


def request(url="http://127.0.0.1:8000/news/2025/06/02/a-story", **meta) -> Request:
    return Request(url, meta=meta)


def http_error(status: int) -> HttpError:
    return HttpError(HtmlResponse("http://127.0.0.1:8000/x", status=status, body=b"<p>no</p>"))


@pytest.mark.parametrize("exception, kind, status", [
    (DownloadTimeoutError("took longer than 2 seconds"), "timeout", None),
    (CannotResolveHostError("no such host"), "dns", None),
    (DownloadConnectionRefusedError("refused"), "connection", None),
    (ResponseDataLossError(), "connection", None),
    (ConnectionLost(), "connection", None),
    (DownloadCancelledError("Expected to receive 41943040 bytes which is larger than download max size (1048576)"),
     "too_large", None),
    (DownloadCancelledError(), "too_large", None),
    (IgnoreRequest("Cancelled download: the decompressed body exceeded DOWNLOAD_MAXSIZE (1048576 B)"),
     "too_large", None),
    (http_error(403), "blocked", 403),
    (http_error(401), "blocked", 401),
    (http_error(404), "http_4xx", 404),
    (http_error(429), "http_4xx", 429),
    (http_error(503), "http_5xx", 503),
    (FetchRefused("private_address", "10.0.0.1 is private"), "private_address", None),
    (ValueError("something odd"), "other", None),
])
def test_each_final_failure_gets_its_kind(exception, kind, status):
    described = describe_failure(exception, request(), domains=SITE, max_redirects=3)
    assert described is not None and described[:2] == (kind, status)
    assert described[2]


def test_redirect_failures_are_named_from_the_request_meta():
    looped = request(redirect_times=3, redirect_urls=["http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b"])
    assert describe_failure(IgnoreRequest("max redirections reached"), looped, domains=SITE,
                            max_redirects=3)[0] == "redirect_loop"
    offsite = request("http://169.254.169.254/latest/", redirect_urls=["http://127.0.0.1:8000/a"])
    assert describe_failure(IgnoreRequest("off-site"), offsite, domains=SITE)[0] == "offsite_redirect"


def test_ignored_requests_that_are_not_failures_are_not_recorded():
    # robots.txt refusal, an already stored article, an off-site link that was never a redirect
    assert describe_failure(IgnoreRequest("Forbidden by robots.txt"), request(), domains=SITE) is None
    assert describe_failure(IgnoreRequest("already stored"), request(), domains=SITE) is None
    assert describe_failure(IgnoreRequest("off-site"), request("http://elsewhere.test/x"), domains=SITE) is None


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2025, 6, 2, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120", now) == 120
    assert retry_after_seconds("Mon, 02 Jun 2025 10:00:30 GMT", now) == 30
    assert retry_after_seconds("Mon, 02 Jun 2025 09:00:00 GMT", now) == 0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    assert retry_after_seconds(b"") is None


def test_backoff_doubles_up_to_its_cap():
    assert [backoff_seconds(n, 1.0, 5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]


def test_a_url_failing_again_updates_its_row_and_adds_attempts():
    db = Database(memory=True)
    migrate(db)
    record_fetch_error(db, FetchError("s", "http://x/a", "http_5xx", 503, "HTTP 503", attempts=3), "2025-06-01T00:00:00+00:00")
    record_fetch_error(db, FetchError("s", "http://x/a", "timeout", None, "slow", attempts=2), "2025-06-02T00:00:00+00:00")
    record_fetch_error(db, FetchError("other", "http://x/a", "dns", None, "\x00nul" + "m" * 900), "2025-06-02T00:00:00+00:00")
    row = next(db.query("SELECT * FROM fetch_errors WHERE site = 's'"))
    assert row["kind"] == "timeout" and row["status"] is None and row["attempts"] == 5
    assert row["first_seen"] == "2025-06-01T00:00:00+00:00" and row["last_seen"] == "2025-06-02T00:00:00+00:00"
    other = next(db.query("SELECT message FROM fetch_errors WHERE site = 'other'"))
    assert "\x00" not in other["message"] and len(other["message"]) == 500
    assert errors_by_kind(db, "s") == {"timeout": 1}


class _Spider:
    name = "demo"


def _extension(tmp_path, **settings) -> FetchErrorsExtension:
    crawler = get_crawler(settings_dict={"DATABASE": str(tmp_path / "news.db"), "FETCH_ERRORS_ENABLED": True,
                                         "FETCH_ERRORS_FLUSH_SIZE": 100, "BLOCKED_SITE_SHARE": 0.5,
                                         "BLOCKED_SITE_MIN_RESPONSES": 5, "STORAGE_BUSY_TIMEOUT": 1,
                                         **settings})
    crawler._apply_settings()
    return FetchErrorsExtension.from_crawler(crawler)


def test_a_site_that_blocks_most_requests_is_reported_blocked(tmp_path, caplog):
    extension = _extension(tmp_path)
    stats = extension.crawler.stats
    stats.set_value("downloader/response_count", 8)
    for n in range(6):
        stats.inc_value("errors/blocked")
        extension.error_recorded(f"http://x/{n}", "blocked", 403, "HTTP 403", spider=_Spider())
    extension.spider_closed(_Spider(), "finished")
    assert stats.get_value("blocked/site") == 1 and stats.get_value("blocked/share") == 0.75
    assert any("blocking the crawler" in r.getMessage() for r in caplog.records)
    db = open_database(tmp_path / "news.db")
    assert errors_by_kind(db, "demo") == {"blocked": 6}


def test_a_few_refusals_do_not_make_a_blocked_site(tmp_path):
    extension = _extension(tmp_path)
    stats = extension.crawler.stats
    stats.set_value("downloader/response_count", 40)
    stats.inc_value("errors/blocked")
    extension.error_recorded("http://x/1", "blocked", 403, "HTTP 403", spider=_Spider())
    extension.spider_closed(_Spider(), "finished")
    assert stats.get_value("blocked/site") is None and stats.get_value("blocked/share") == 0.025


def test_items_in_log_lines_are_one_short_line_naming_the_page():
    # Scrapy logs the items it drops or scrapes; a page's raw HTML filled KBs per line.
    from crawler.items import ArticleItem, PageItem

    page = PageItem(url="https://a.example/news/1", body=b"<html>" + b"<p>word</p>" * 5000, site="gulf")
    assert repr(page) == "<PageItem https://a.example/news/1 site=gulf status=200 body=55006 bytes>"
    article = ArticleItem(url="https://a.example/news/1", site="gulf", title="A very long headline " * 10,
                          body="word " * 5000, minhash=b"\x00" * 1024)
    assert repr(article) == ("<ArticleItem https://a.example/news/1 site=gulf "
                             f"title={('A very long headline ' * 3)[:59] + '…'!r} body=25000 chars>")


def _home_redirects(**settings) -> HomeRedirectMiddleware:
    crawler = get_crawler(settings_dict={"HOME_REDIRECT_ENABLED": True, **settings})
    crawler._apply_settings()
    return HomeRedirectMiddleware.from_crawler(crawler)


def _redirected(location: str, *, status: int = 301,
                url: str = "http://127.0.0.1:8000/news/2025/06/02/a-story", **meta) -> tuple[Request, Response]:
    asked = Request(url, meta={"article_candidate": True, **meta})
    return asked, Response(url, status=status, headers={"Location": location}, request=asked)


@pytest.mark.parametrize("location, status, target", [
    ("http://127.0.0.1:8000/", 301, "http://127.0.0.1:8000/"),
    ("/", 302, "http://127.0.0.1:8000/"),
    ("//127.0.0.1:8000/ar/", 302, "http://127.0.0.1:8000/ar/"),
    ("/index.php?msg=removed", 307, "http://127.0.0.1:8000/index.php?msg=removed"),
])
def test_an_article_redirected_to_the_home_page_is_refused_as_taken_down(location, status, target):
    with pytest.raises(FetchRefused) as refused:
        _home_redirects().process_response(*_redirected(location, status=status))
    assert (refused.value.kind, refused.value.status) == ("home_redirect", status)
    assert str(refused.value) == f"redirected to the home page: {target}"
    # the kind it is recorded as, by the spider's errback
    described = describe_failure(refused.value, request(), domains=SITE)
    assert described == ("home_redirect", status, str(refused.value))


def test_the_last_hop_of_a_chain_to_the_home_page_is_refused_too():
    # /news/a-story -> /news/a-story/ -> /: the story's address is the one the chain started from
    asked, answer = _redirected("/", url="http://127.0.0.1:8000/news/2025/06/02/a-story/",
                                redirect_urls=["http://127.0.0.1:8000/news/2025/06/02/a-story"])
    with pytest.raises(FetchRefused):
        _home_redirects().process_response(asked, answer)


@pytest.mark.parametrize("location, meta, url", [
    ("/news/2025/06/02/a-story-moved", {}, None),  # a story moved to a new address
    ("/news/2025/06/02/a-story/", {}, None),  # its trailing slash
    ("https://127.0.0.1:8000/news/2025/06/02/a-story", {}, None),  # http -> https
    ("/news/", {}, None),  # a section front: not taken for a removal (HomeRedirectMiddleware)
    ("/?p=4521", {}, None),  # WordPress's address of a post
    ("http://elsewhere.test/", {}, None),  # another site's home page: an offsite_redirect
    ("/", {"article_candidate": False}, None),  # a listing's redirect
    ("/en/", {}, "http://127.0.0.1:8000/"),  # the home page's own redirect to its edition
    ("/", {"redirect_urls": ["http://127.0.0.1:8000/index.php"]}, None),  # a chain from the home page
    ("/", {"dont_redirect": True}, None),
])
def test_other_redirects_are_left_to_the_redirect_middleware(location, meta, url):
    asked, answer = _redirected(location, **meta, **({"url": url} if url else {}))
    assert _home_redirects().process_response(asked, answer) is answer


def test_answers_that_are_no_redirect_are_left_alone():
    asked, _ = _redirected("/")
    for answer in (Response(asked.url, status=200, headers={"Location": "/"}, request=asked),
                   Response(asked.url, status=301, request=asked)):  # no Location: nowhere to go
        assert _home_redirects().process_response(asked, answer) is answer


def test_home_redirects_can_be_followed_as_any_redirect():
    with pytest.raises(NotConfigured):
        _home_redirects(HOME_REDIRECT_ENABLED=False)


# --- the other scheme's spelling (SchemeFallbackMiddleware) -------------------------------------

def _download_failed(cause: Exception) -> DownloadFailedError:
    """The exception Scrapy's HTTP handler raises from Twisted's (``wrap_twisted_exceptions``)."""
    try:
        raise DownloadFailedError(str(cause)) from cause
    except DownloadFailedError as exc:
        return exc


TLS_FAILED = _download_failed(ResponseNeverReceived([Failure(Exception("SSL routines: wrong version number"))]))


@pytest.mark.parametrize("exception, answered", [
    (DownloadConnectionRefusedError("refused"), False),
    (TCPTimedOutError(), False),  # a connect() the OS gave up on: nothing listens, or a firewall drops it
    (TLS_FAILED, False),  # a TLS handshake with a server that does not speak TLS there
    (_download_failed(ResponseNeverReceived([Failure(ConnectionLost())])), False),
    (_download_failed(ResponseFailed([Failure(ConnectionLost())])), True),  # an answer cut short
    (ResponseDataLossError(), True),
    (DownloadTimeoutError("took longer than 180 seconds"), True),  # a slow server is not a broken scheme
    (TxTimeoutError(), True),
    (CannotResolveHostError("no such host"), True),  # both spellings need the name
    (http_error(503), True),
])
def test_a_failure_before_any_answer_is_told_from_the_others(exception, answered):
    assert never_answered(exception) is not answered


def test_a_failure_twisted_wraps_is_named_in_one_readable_line():
    from OpenSSL import SSL

    tls = _download_failed(ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "wrong version number")]))]))
    assert failure_message(tls) == "no answer: TLS handshake failed: wrong version number"
    closed = _download_failed(ResponseNeverReceived([Failure(ConnectionLost()), Failure(ConnectionLost())]))
    assert failure_message(closed) == "no answer: Connection to the other side was lost in a non-clean fashion"
    cut = _download_failed(ResponseFailed([Failure(ConnectionLost())]))
    assert failure_message(cut) == "answer cut short: Connection to the other side was lost in a non-clean fashion"
    assert describe_failure(tls, Request("https://site.example/story")) == (
        "connection", None, "no answer: TLS handshake failed: wrong version number")
    # a failure that is its own text keeps it, on one line
    assert failure_message(DownloadConnectionRefusedError("Connection was refused\nby other side")) == (
        "Connection was refused by other side")


def _scheme_fallback(**settings) -> SchemeFallbackMiddleware:
    crawler = get_crawler(settings_dict={"SCHEME_FALLBACK_ENABLED": True, **settings})
    crawler._apply_settings()
    crawler.stats.open_spider()
    return SchemeFallbackMiddleware.from_crawler(crawler)


def _answered(middleware, url: str, status: int = 200) -> None:
    asked = Request(url)
    middleware.process_response(asked, Response(url, status=status, request=asked))


def test_a_url_whose_scheme_cannot_connect_is_asked_once_with_the_other_when_that_one_answers():
    middleware = _scheme_fallback()
    https = Request("https://127.0.0.1:8000/news/2025/06/02/a-story", priority=10,
                    meta={"article_candidate": True, "depth": 2, "retry_times": 2, "lastmod_recheck": True})
    assert middleware.process_exception(https, TLS_FAILED) is None  # nothing answered over http yet
    _answered(middleware, "http://127.0.0.1:8000/", status=301)  # a redirect is no answer
    assert middleware.process_exception(https, TLS_FAILED) is None
    _answered(middleware, "http://127.0.0.1:8000/news/")
    http = middleware.process_exception(https, TLS_FAILED)
    assert http.url == "http://127.0.0.1:8000/news/2025/06/02/a-story" and http.priority == 10
    assert http.meta["article_candidate"] and http.meta["depth"] == 2
    assert "retry_times" not in http.meta and "lastmod_recheck" not in http.meta  # its own retries, a fetch
    assert http.meta[SchemeFallbackMiddleware.FROM] == https.url
    assert http.meta[SchemeFallbackMiddleware.ASKED] == https.url
    assert "wrong version number" in http.meta[SchemeFallbackMiddleware.FIRST_ERROR]
    assert middleware.crawler.stats.get_value("scheme_fallback/requests") == 1
    # once only, and only for a failure before any answer
    assert middleware.process_exception(http, DownloadConnectionRefusedError("refused")) is None
    assert middleware.process_exception(https, DownloadTimeoutError("slow")) is None
    # another port or host answering over http says nothing of this one
    other_port = Request("https://127.0.0.1:8001/news/2025/06/02/a-story")
    assert middleware.process_exception(other_port, TLS_FAILED) is None


def test_an_http_url_that_cannot_connect_is_asked_over_https_when_the_site_serves_it():
    middleware = _scheme_fallback()
    _answered(middleware, "https://www.petra.example:443/ar/")
    asked = Request("http://www.petra.example/ar/news/2025/06/02/a-story",
                    meta={"redirect_urls": ["http://petra.example/ar/news/2025/06/02/a-story"]})
    retried = middleware.process_exception(asked, DownloadConnectionRefusedError("refused"))
    assert retried.url == "https://www.petra.example/ar/news/2025/06/02/a-story"
    assert retried.meta[SchemeFallbackMiddleware.ASKED] == "http://petra.example/ar/news/2025/06/02/a-story"


def test_the_other_scheme_is_never_tried_when_turned_off():
    with pytest.raises(NotConfigured):
        _scheme_fallback(SCHEME_FALLBACK_ENABLED=False)
