"""BackoffRetryMiddleware: Scrapy's RetryMiddleware, with a wait before each retry.

Scrapy 2.19's ``RetryMiddleware`` reschedules a failed request at once and ignores
``Retry-After``; hammering a server that answered 503 or 429 is what gets a crawler banned.
This subclass keeps its rules (``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``,
``max_retry_times`` / ``dont_retry`` meta, ``retry/*`` stats) and adds the wait:

* an answer with ``Retry-After`` (seconds or an HTTP date) is retried after that long —
  unless it asks for more than ``RETRY_AFTER_MAX`` seconds, in which case the answer is
  final (stat ``retry/retry_after_too_long``);
* otherwise the n-th retry waits ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds, at most
  ``RETRY_BACKOFF_MAX``.

The wait happens in ``process_request`` of the retried request (``await`` on the reactor's
event loop, nothing blocks); the waiting request keeps its place among the downloader's
``CONCURRENT_REQUESTS``, which slows a struggling site down as intended. A crawl told to stop
(SIGTERM) ends the wait within half a second and drops the retry (stat
``retry/dropped_at_shutdown``): the resume frontier keeps the request for the next run.

Its "Retrying …" and "Gave up retrying …" lines name a failure in one line, as its
``fetch_errors`` row does (:class:`OneLineRetryLog`).

Settings: ``RETRY_BACKOFF_BASE``, ``RETRY_BACKOFF_MAX``, ``RETRY_AFTER_MAX`` and Scrapy's
``RETRY_*``. Stats: Scrapy's ``retry/*``, plus ``retry/delayed``, ``retry/retry_after_too_long`` and
``retry/dropped_at_shutdown``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

from pipelines.errors import failure_message

logger = logging.getLogger(__name__)


class OneLineRetryLog(logging.LoggerAdapter):
    """Scrapy's retry logger (``scrapy.downloadermiddlewares.retry``: its "Retrying …" and "Gave
    up retrying …" lines, as they were), with a failure's reason written as the crawl's own error
    lines write it (:func:`pipelines.errors.failure_message`): one readable line, where Scrapy
    printed the ``str()`` of the exception, a list of Twisted ``Failure`` reprs
    (``[<twisted.python.failure.Failure twisted.internet.error.ConnectionDone: …>]``), or
    nothing at all for a body cut short."""

    def log(self, level, msg, *args, **kwargs):
        if args and isinstance(args[0], dict) and isinstance(args[0].get("reason"), BaseException):
            args = ({**args[0], "reason": failure_message(args[0]["reason"])}, *args[1:])
        self.logger.log(level, msg, *args, **kwargs)


RETRY_LOG = OneLineRetryLog(logging.getLogger("scrapy.downloadermiddlewares.retry"), {})

DELAY_META = "retry_delay"


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header value asks to wait (>= 0), or ``None`` when absent/invalid."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(retry_number: int, base: float, maximum: float) -> float:
    """Wait before the ``retry_number``-th retry (1-based): exponential from ``base``, capped."""
    return min(maximum, base * 2 ** max(0, retry_number - 1))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")

    async def process_request(self, request):
        delay = request.meta.pop(DELAY_META, None)
        if delay:
            self.crawler.stats.inc_value("retry/delayed")
            # In steps: a crawl told to stop (SIGTERM) must not wait out a Retry-After of two
            # minutes, nor send the retry once it has. The resume frontier still holds the
            # request, so the next run sends it.
            waited = 0.0
            while waited < delay and not self._stopping():
                step = min(self.WAIT_STEP, delay - waited)
                await sleep(step)
                waited += step
            if self._stopping():
                self.crawler.stats.inc_value("retry/dropped_at_shutdown")
                raise IgnoreRequest(f"crawl stopping: retry of {request.url} not sent")
        return None

    WAIT_STEP = 0.5  # seconds between checks that the crawl is still running

    def _stopping(self) -> bool:
        engine = self.crawler.engine
        return not self.crawler.crawling or engine is None or not engine.running

    def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wanted = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wanted is not None and wanted > self.retry_after_max:
            self.crawler.stats.inc_value("retry/retry_after_too_long")
            logger.warning("not retrying %s: Retry-After %.0f s is longer than RETRY_AFTER_MAX (%.0f s)",
                           request.url, wanted, self.retry_after_max)
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        return self._delayed(retry, wanted)

    def process_exception(self, request, exception):
        retry = super().process_exception(request, exception)
        return self._delayed(retry, None) if isinstance(retry, Request) else retry

    def _retry(self, request, reason):
        # Scrapy's own _retry, with the one-line log (get_retry_request's documented ``logger``).
        return get_retry_request(
            request, reason=reason, spider=self.crawler.spider,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
            logger=RETRY_LOG)

    def _delayed(self, retry: Request, wanted: float | None) -> Request:
        delay = wanted if wanted is not None else backoff_seconds(
            retry.meta.get("retry_times", 1), self.backoff_base, self.backoff_max)
        retry.meta[DELAY_META] = delay
        return retry
