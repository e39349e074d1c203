"""Failed fetches: name each failure, count it, and keep it in table ``fetch_errors``.

Every request the spider builds has an errback (``NewsSpider.request_failed``) that turns
the final failure — after Scrapy's retries and redirects — into a kind with
:func:`describe_failure`; the spider's callbacks name the failures they see in a response
(bad sitemap, bad feed, challenge page, binary body, empty body). Both go through
``NewsSpider.record_error``, which counts ``errors/<kind>`` and sends the :data:`fetch_error`
signal. :class:`FetchErrorsExtension` listens to it and writes the rows, buffered and in
one small transaction per flush, so the reactor never waits on SQLite for long.

Middlewares that refuse a request for a reason worth recording raise :class:`FetchRefused`
(an ``IgnoreRequest`` carrying the kind), which reaches the same errback.

Blocked sites: each crawl reports ``blocked/share`` (blocked answers / responses) and, when a
site refused most requests (share >= ``BLOCKED_SITE_SHARE`` with at least
``BLOCKED_SITE_MIN_RESPONSES`` responses), ``blocked/site = 1`` and a WARNING line.

Settings: ``FETCH_ERRORS_ENABLED``, ``FETCH_ERRORS_FLUSH_SIZE``, ``BLOCKED_SITE_SHARE``,
``BLOCKED_SITE_MIN_RESPONSES``, ``DATABASE``, ``STORAGE_BUSY_TIMEOUT``, ``REDIRECT_MAX_TIMES``.
Stats: ``errors/<kind>`` (counted by the spider), ``fetch_errors/written``,
``fetch_errors/write_failed``, ``blocked/share``, ``blocked/site``.
"""

from __future__ import annotations

import logging
import sqlite3

from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as txerror
from twisted.web.client import ResponseNeverReceived

from crawler.errors import StorageError
from crawler.fetch_errors import FetchError, record_fetch_error
from crawler.storage import open_database, utc_now, write_transaction
from crawler.urls import canonicalize_url, in_domains

logger = logging.getLogger(__name__)

# Sent by NewsSpider.record_error with keyword arguments: url, kind, status, message, attempts.
fetch_error = object()

_CONNECTION_ERRORS = (
    DownloadConnectionRefusedError, DownloadFailedError, ResponseDataLossError,
    txerror.ConnectError, txerror.ConnectionLost, txerror.ConnectionDone, ConnectionError,
)


def never_answered(exception: BaseException) -> bool:
    """Whether a download failed before any byte of an answer came: the connection was refused
    or could not be made (``ConnectError``: refused, no route), or it closed or failed before a
    response (a TLS handshake that failed: Scrapy's ``DownloadFailedError`` from Twisted's
    ``ResponseNeverReceived``). Not a DNS failure or a timeout, nor an answer cut short."""
    if isinstance(exception, txerror.TimeoutError):  # a ConnectError, but a timeout
        return False
    if isinstance(exception, (DownloadConnectionRefusedError, txerror.ConnectError, ResponseNeverReceived)):
        return True
    return isinstance(exception, DownloadFailedError) and isinstance(exception.__cause__, ResponseNeverReceived)


class FetchRefused(IgnoreRequest):
    """A request dropped by one of our middlewares for a reason recorded in ``fetch_errors``."""

    def __init__(self, kind: str, message: str, status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status


def describe_failure(exception: BaseException, request, *, domains=(),
                     max_redirects: int = 20) -> tuple[str, int | None, str] | None:
    """``(kind, status, message)`` for the final failure of ``request``, or ``None`` when it is
    not a fetch error (robots.txt refusal, an already-stored article, a plain off-site link).

    :param domains: the site's domains; a redirect that left them is ``offsite_redirect``.
    :param max_redirects: ``REDIRECT_MAX_TIMES``; a request that reached it is a redirect loop.
    """
    message = str(exception) or type(exception).__name__
    if isinstance(exception, FetchRefused):
        return exception.kind, exception.status, message
    if isinstance(exception, HttpError):
        status = exception.response.status
        if status in (401, 403):
            kind = "blocked"
        elif 500 <= status < 600:
            kind = "http_5xx"
        elif 400 <= status < 500:
            kind = "http_4xx"
        else:
            kind = "other"
        return kind, status, f"HTTP {status}"
    if isinstance(exception, IgnoreRequest):
        meta = request.meta
        if meta.get("redirect_times", 0) >= max_redirects or "max redirections" in message:
            return "redirect_loop", None, f"more than {max_redirects} redirects"
        if meta.get("redirect_urls") and domains and not in_domains(request.url, domains):
            return "offsite_redirect", None, f"redirected off-site to {request.url}"
        if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: body expands past the cap
            return "too_large", None, message
        return None
    if isinstance(exception, (DownloadTimeoutError, txerror.TimeoutError)):
        return "timeout", None, message
    if isinstance(exception, (CannotResolveHostError, txerror.DNSLookupError)):
        return "dns", None, message
    if isinstance(exception, DownloadCancelledError):
        # http11 cancels a body past DOWNLOAD_MAXSIZE: with "... larger than download max size"
        # when the length was announced, with no message when it was counted while reading.
        if "max size" in message or not str(exception):
            return "too_large", None, f"body larger than DOWNLOAD_MAXSIZE: {message}"
        return "other", None, message
    if isinstance(exception, _CONNECTION_ERRORS):
        return "connection", None, message
    return "other", None, f"{type(exception).__name__}: {message}"


class FetchErrorsExtension:
    """Write the :data:`fetch_error` signals of a crawl to ``fetch_errors``; judge blocking."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("FETCH_ERRORS_ENABLED"):
            raise NotConfigured("FETCH_ERRORS_ENABLED is off")
        self.crawler = crawler
        self.database = settings.get("DATABASE")
        # Short: the store pipeline may hold the write lock; an error row can wait for the next flush.
        self.busy_timeout = min(settings.getfloat("STORAGE_BUSY_TIMEOUT"), 2.0)
        self.flush_size = max(1, settings.getint("FETCH_ERRORS_FLUSH_SIZE"))
        self.blocked_share = settings.getfloat("BLOCKED_SITE_SHARE")
        self.blocked_min = settings.getint("BLOCKED_SITE_MIN_RESPONSES")
        self.pending: list[tuple[FetchError, str]] = []
        self.db = None
        crawler.signals.connect(self.error_recorded, signal=fetch_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def error_recorded(self, url: str, kind: str, status: int | None = None, message: str = "",
                       attempts: int = 1, spider=None) -> None:
        site = getattr(spider or self.crawler.spider, "name", "") or ""
        self.pending.append((FetchError(site, url, kind, status, message, attempts), utc_now()))
        if kind == "blocked":
            self._update_blocked_share()
        if len(self.pending) >= self.flush_size:
            self.flush()

    def request_dropped(self, request, spider) -> None:
        """A redirect back to a URL of its own chain is dropped by the duplicate filter: a loop
        that ``REDIRECT_MAX_TIMES`` never sees. Name it."""
        chain = request.meta.get("redirect_urls")
        record = getattr(spider, "record_error", None)
        if not chain or record is None:
            return
        if canonicalize_url(request.url) in {canonicalize_url(url) for url in chain}:
            record(chain[0], "redirect_loop", None,
                   f"redirect cycle back to {request.url} after {len(chain)} redirect(s)",
                   attempts=len(chain))

    def flush(self) -> None:
        """Write the pending rows in one transaction; on failure keep them for the next try."""
        if not self.pending:
            return
        try:
            if self.db is None:
                self.db = open_database(self.database, busy_timeout=self.busy_timeout)
            with write_transaction(self.db):
                for error, seen_at in self.pending:
                    record_fetch_error(self.db, error, seen_at)
        except (sqlite3.Error, StorageError) as exc:
            self.crawler.stats.inc_value("fetch_errors/write_failed")
            logger.warning("cannot write %d fetch_errors row(s) to %s yet: %s",
                           len(self.pending), self.database, exc)
            return
        self.crawler.stats.inc_value("fetch_errors/written", len(self.pending))
        self.pending.clear()

    def _update_blocked_share(self) -> tuple[int, int]:
        stats = self.crawler.stats
        blocked = int(stats.get_value("errors/blocked", 0) or 0)
        responses = int(stats.get_value("downloader/response_count", 0) or 0)
        stats.set_value("blocked/share", round(blocked / responses, 3) if responses else 0.0)
        return blocked, responses

    def spider_closed(self, spider, reason) -> None:
        blocked, responses = self._update_blocked_share()
        if responses >= self.blocked_min and blocked >= self.blocked_share * responses:
            self.crawler.stats.set_value("blocked/site", 1)
            logger.warning("%s: site is blocking the crawler: %d of %d responses were refusals "
                           "or challenge pages", spider.name, blocked, responses,
                           extra={"spider": spider})
        self.flush()
        if self.pending:
            logger.error("%d fetch_errors row(s) lost: %s is not writable", len(self.pending), self.database)
        if self.db is not None:
            self.db.close()
            self.db = None
