"""Failed fetches: name each failure, count it, and keep it in table ``fetch_errors``.

Every request the spider builds has an errback (``NewsSpider.request_failed``) that turns
the final failure — after Scrapy's retries and redirects — into a kind with
:func:`describe_failure`; the spider's callbacks name the failures they see in a response
(bad sitemap, bad feed, challenge page, binary body, empty body). Both go through
``NewsSpider.record_error``, which counts ``errors/<kind>`` and sends the :data:`fetch_error`
signal. :class:`FetchErrorsExtension` listens to it and writes the rows, buffered and in
one small transaction per flush, so the reactor never waits on SQLite for long.

Stories taken down: a failure that says a page is gone (a 404/410 answer, a ``home_redirect``:
``crawler.fetch_errors.says_gone``) marks the stored article at that address ``gone_at``. The
marks are not written as the failures come, but when the spider closes (SIGTERM's graceful
shutdown included), with the last rows, in one transaction: all of them or none. A run whose
gone answers are at least ``GONE_STORM_SHARE`` of its responses, and at least
``GONE_STORM_MIN_ANSWERS`` of them (``crawler.fetch_errors.takedown_storm``), marks none: a
site that answers every request with 404 or sends every request home (maintenance mode, a
broken deploy, a CDN misconfiguration) is not taking its stories down, and marking each stored
article it was asked for misled every reader of ``gone_at``. Its ``fetch_errors`` rows are
written as usual, a WARNING line says so, and ``crawler crawl`` adds a ``Warning:`` line to its
summary (stats ``gone/withheld``, ``gone/withheld_reason``; ``CrawlRunsExtension``, after this one,
records the first in ``crawl_runs.gone_withheld``). The next run that asks for those
addresses decides again. In distributed mode the Redis variant
(``pipelines.redis_errors.RedisFetchErrorsExtension``) pushes the same rows and marks to the
writer instead.

Middlewares that refuse a request for a reason worth recording raise :class:`FetchRefused`
(an ``IgnoreRequest`` carrying the kind), which reaches the same errback.

Blocked sites: each crawl reports ``blocked/share`` (blocked answers / responses) and, when a
site refused most requests (share >= ``BLOCKED_SITE_SHARE`` with at least
``BLOCKED_SITE_MIN_RESPONSES`` responses), ``blocked/site = 1`` and a WARNING line.

Settings: ``FETCH_ERRORS_ENABLED``, ``FETCH_ERRORS_FLUSH_SIZE``, ``GONE_STORM_SHARE``,
``GONE_STORM_MIN_ANSWERS``, ``BLOCKED_SITE_SHARE``, ``BLOCKED_SITE_MIN_RESPONSES``, ``DATABASE``,
``STORAGE_BUSY_TIMEOUT``, ``REDIRECT_MAX_TIMES``.
Stats: ``errors/<kind>`` (counted by the spider), ``fetch_errors/written``,
``fetch_errors/write_failed``, ``fetch_errors/lost`` and ``gone/lost`` (rows and marks still
unwritten when the spider closed: the site failed, ``crawler.runs.failure_reason``), ``gone/answers`` (URLs whose failure says gone), ``gone/marked``
(articles newly marked), ``gone/withheld`` and ``gone/withheld_reason`` (a storm: none marked),
``blocked/share``, ``blocked/site``.
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
from crawler.fetch_errors import FetchError, says_gone, takedown_storm, write_fetch_errors
from crawler.runs import FETCH_ERRORS_LOST_STAT, GONE_MARKS_LOST_STAT
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


def failure_message(exception: BaseException) -> str:
    """One readable line for a download failure. Twisted's failures that wrap others (no answer:
    ``ResponseNeverReceived``; an answer cut: ``ResponseFailed``), which Scrapy turns into a
    ``DownloadFailedError`` by their ``str()``, read as a list of ``Failure`` reprs —
    ``[<twisted.python.failure.Failure OpenSSL.SSL.Error: [('SSL routines', '', 'wrong version
    number')]>]`` for an http site redirected to an https that does not work. They are named by
    what happened and each wrapped reason's own text: ``no answer: TLS handshake failed: wrong
    version number``. An answer cut mid-body (``ResponseDataLossError``, whose own text is empty)
    says how: ``body shorter than its Content-Length (connection closed mid-body)``, or, for a
    chunked body, ``body cut short: malformed chunked encoding (Chunk-size must be an integer)`` /
    ``body cut short: connection closed before the last chunk``. Any other failure is its own
    text on one line (its class name when it has none)."""
    if isinstance(exception, ResponseDataLossError):
        return _data_loss_message(exception)
    wrapped = exception
    if getattr(exception, "reasons", None) is None and exception.__cause__ is not None:
        wrapped = exception.__cause__
    reasons = getattr(wrapped, "reasons", None)
    if isinstance(reasons, list) and reasons:
        before_answer = isinstance(wrapped, ResponseNeverReceived)
        texts = dict.fromkeys(_reason_text(getattr(reason, "value", reason), before_answer) for reason in reasons)
        return f"{'no answer' if before_answer else 'answer cut short'}: {'; '.join(texts)}"
    return " ".join(str(exception).split()) or type(exception).__name__


def _data_loss_message(exception: BaseException) -> str:
    values = [getattr(reason, "value", reason) for reason in getattr(exception.__cause__, "reasons", None) or ()]
    for value in values:
        if type(value).__name__ == "_MalformedChunkedDataError":
            return f"body cut short: malformed chunked encoding ({_reason_text(value, False)})"
    if any("chunked" in str(value).lower() for value in values):
        return "body cut short: connection closed before the last chunk"
    return "body shorter than its Content-Length (connection closed mid-body)"


def _reason_text(value: object, before_answer: bool) -> str:
    # pyOpenSSL's SSL.Error holds the OpenSSL error queue: [(library, function, reason), ...]
    if type(value).__module__.startswith("OpenSSL") and isinstance(value, Exception):
        queue = value.args[0] if value.args and isinstance(value.args[0], list) else []
        reasons = [str(entry[-1]) for entry in queue if isinstance(entry, tuple) and entry and entry[-1]]
        what = "TLS handshake failed" if before_answer else "TLS error"
        return f"{what}: {', '.join(dict.fromkeys(reasons))}" if reasons else what
    text = " ".join(str(value).split()).rstrip(".")
    return text or type(value).__name__


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
    message = failure_message(exception)
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
            # where the chain was cut: the URL whose answer would have been one redirect too many
            # (a parked page's refresh, a tracker's 302), when it is not the URL asked for
            cut = "" if request.url == (meta.get("redirect_urls") or [request.url])[0] else f" (cut at {request.url})"
            return "redirect_loop", None, f"more than {max_redirects} redirects{cut}"
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
    if isinstance(exception, ResponseDataLossError):
        # Scrapy's message is empty: the kind alone did not say the page came cut
        return "connection", None, message
    if isinstance(exception, _CONNECTION_ERRORS):
        return "connection", None, message
    return "other", None, f"{type(exception).__name__}: {message}"


class FetchErrorsExtension:
    """Write the :data:`fetch_error` signals of a crawl to ``fetch_errors``, and the gone marks
    the run decides at its end; judge blocking."""

    #: What a failed write raises: the rows wait for the next flush.
    WRITE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, StorageError)

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("FETCH_ERRORS_ENABLED"):
            raise NotConfigured("FETCH_ERRORS_ENABLED is off")
        self.crawler = crawler
        self.database = settings.get("DATABASE")
        # Short: the store pipeline may hold the write lock; an error row can wait for the next flush.
        self.busy_timeout = min(settings.getfloat("STORAGE_BUSY_TIMEOUT"), 2.0)
        # The last flush, at the close, has no next one: it waits as long as the store's batches.
        self.close_busy_timeout = settings.getfloat("STORAGE_BUSY_TIMEOUT")
        self.write_error: Exception | None = None
        self.flush_size = max(1, settings.getint("FETCH_ERRORS_FLUSH_SIZE"))
        self.blocked_share = settings.getfloat("BLOCKED_SITE_SHARE")
        self.blocked_min = settings.getint("BLOCKED_SITE_MIN_RESPONSES")
        self.storm_share = settings.getfloat("GONE_STORM_SHARE")
        self.storm_min = settings.getint("GONE_STORM_MIN_ANSWERS")
        self.pending: list[tuple[FetchError, str]] = []
        # URL -> when it first said gone in this run: the marks decided when the spider closes
        # (at most one per URL the run asked for, within its request budget).
        self.gone: dict[str, str] = {}
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
        error = FetchError(site, url, kind, status, message, attempts)
        seen_at = utc_now()
        self.pending.append((error, seen_at))
        if says_gone(error) and url not in self.gone:
            self.gone[url] = seen_at
            self.crawler.stats.inc_value("gone/answers")
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

    def flush(self, gone: list[tuple[str, str]] | None = None) -> bool:
        """Write the pending rows, and the gone marks ``gone`` (``(url, seen_at)``; only when the
        spider closes), in one go; whether they were written. On failure the rows are kept for
        the next try."""
        if not self.pending and not gone:
            return True
        try:
            marked = self.write(self.pending, gone or [])
        except self.WRITE_ERRORS as exc:
            self.write_error = exc
            self.crawler.stats.inc_value("fetch_errors/write_failed")
            logger.warning("cannot write %d fetch_errors row(s) to %s yet: %s",
                           len(self.pending), self.target, exc)
            return False
        self.crawler.stats.inc_value("fetch_errors/written", len(self.pending))
        if marked:
            self.crawler.stats.inc_value("gone/marked", marked)
        self.pending.clear()
        return True

    @property
    def target(self) -> str:
        """Where the rows go, for messages."""
        return self.database

    def write(self, errors: list[tuple[FetchError, str]], gone: list[tuple[str, str]]) -> int | None:
        """Write ``errors`` and the marks ``gone`` in one transaction; the number of articles
        marked (``None`` where another process marks them)."""
        if self.db is None:
            self.db = open_database(self.database, busy_timeout=self.busy_timeout)
        with write_transaction(self.db):
            return write_fetch_errors(self.db, errors, gone)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def gone_marks(self, spider) -> list[tuple[str, str]]:
        """The marks of this run: every URL that said gone, unless they were most of what the run
        fetched (:func:`~crawler.fetch_errors.takedown_storm`), then none, with one WARNING line."""
        stats = self.crawler.stats
        answers = len(self.gone)
        responses = int(stats.get_value("downloader/response_count", 0) or 0)
        if not takedown_storm(answers, responses, share=self.storm_share, min_answers=self.storm_min):
            return list(self.gone.items())
        reason = f"{answers} of {responses} responses were 404/410 or redirects to the home page"
        stats.set_value("gone/withheld", answers)
        stats.set_value("gone/withheld_reason", reason)
        logger.warning("%s: %s: taken for a site-wide failure (maintenance, a broken deploy), not stories "
                       "taken down; no article is marked gone in this run (GONE_STORM_SHARE %s, "
                       "GONE_STORM_MIN_ANSWERS %d); their fetch_errors rows are kept",
                       spider.name, reason, self.storm_share, self.storm_min, extra={"spider": spider})
        return []

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
        gone = self.gone_marks(spider)
        # The last rows and every mark in one write: a mark is never half written, nor written
        # while its row is lost. With no later flush to wait for, it waits for another writer
        # (another site's batch or end-of-crawl checkpoint, a retention job) as the store does:
        # 2 s lost the rows and marks, and failed the run.
        self.busy_timeout = self.close_busy_timeout
        if self.db is not None:
            self.db.execute(f"PRAGMA busy_timeout = {int(self.close_busy_timeout * 1000)}")
        if not self.flush(gone):
            # the cause, as the store's own line gives it: "is not writable" read as a permissions
            # problem when another connection held the write lock, or the disk was full
            logger.error("%d fetch_errors row(s) and %d gone mark(s) lost: cannot write %s: %s",
                         len(self.pending), len(gone), self.target, self.write_error)
            # Counted for crawler.runs.failure_reason: a run that lost its error rows failed.
            self.crawler.stats.set_value(FETCH_ERRORS_LOST_STAT, len(self.pending))
            self.crawler.stats.set_value(GONE_MARKS_LOST_STAT, len(gone))
        self.close()
