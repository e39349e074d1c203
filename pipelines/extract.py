"""ExtractPipeline: a fetched page (PageItem) in, an ArticleItem out — or a counted drop.

The per-page CPU work (``crawler.processing.analyse_page``: extraction, dates, canonical URL,
hash, MinHash) runs in a pool of worker processes (``crawler.workers.PagePool``) and
``process_item`` awaits it, so the reactor keeps downloading while pages are analysed on
every core. Pages leave the pipeline in the order they entered it (the fetch order), so
storage sees the same sequence whatever the pool size.

Back-pressure: no queue of our own. A response stays in Scrapy's scraper slot until the
items its callback yielded have been through the pipelines, and the engine stops starting
downloads while the slot holds more than ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` bytes (5 MB by
default: about 55 pages of 90 KB) — so pages waiting for extraction are bounded by that plus
``CONCURRENT_REQUESTS`` downloads in flight, whatever the site's speed.

Links (issue 7): the worker reads the page's links from the tree it parses
(``ExtractionResult.links``) and the pipeline hands them back to the spider callback that
yielded the page (:class:`PageLinks`, ``PageItem.links``), which yields their requests through the
spider middlewares like any callback output; the crawl process then neither decodes the page nor
scans it for links. An article goes on to be stored only once the callback has passed its
links on (so the resume journal holds them before the article is in the database); a page whose
links the worker could not give (a crash, a parser failure, a drop before this pipeline) is given
``None``, and the callback scans the page itself.

Failures: a page whose analysis raises, that kills its worker process, or that a worker
analyses for longer than ``EXTRACT_PAGE_TIMEOUT`` (the worker is killed; either way the pool is
rebuilt and the crawl goes on, see ``crawler.workers``), is counted as
``extract/failed/<kind>`` (the exception's class name, ``worker_crashed`` or ``page_timeout``),
reported through the spider's ``record_error(url, "extract_failed" | "worker_crashed" |
"extract_timeout", status, message)`` and dropped. A page refused because it is no page at all
(``not_html``: text without a tag of HTML, a storage bucket's XML error or a plain-text notice
served as text/html; ``parser_error``: nothing lxml can read) is recorded the same way
(``fetch_errors`` kind ``not_html``, its first words in the message): the other refusals are a
page's judgement (``refused_pages``), these were a story lost without a sign.

With ``EXTRACT_WORKERS = 0`` (inline, in the crawl's thread) there is no per-page time limit:
nothing can interrupt a page there (a regex inside ``re``, a C parser). A WARNING line at the
start says so whenever ``EXTRACT_PAGE_TIMEOUT`` is above 0.

Shutdown: once the crawl is told to stop (SIGTERM, Ctrl-C), the pages already fetched are still
analysed, and so are those whose download ends after the signal (Scrapy finishes the downloads
in flight), for up to ``EXTRACT_SHUTDOWN_TIMEOUT`` seconds from the signal in all; then the
workers are killed and the pages not done, or reaching the pool later, are dropped
(``extract/dropped_at_shutdown``; not errors: the next run fetches them again), so a slow page
cannot hold the crawl process past the signal. Articles already extracted go on to the store as
before.

Settings: ``EXTRACT_ENABLED``, ``EXTRACT_MIN_WORDS``, ``EXTRACT_ERRORS``,
``EXTRACT_WORKERS``, ``EXTRACT_START_METHOD``, ``EXTRACT_PAGE_FUNCTION``, ``EXTRACT_PAGE_TIMEOUT``,
``EXTRACT_SHUTDOWN_TIMEOUT``, ``DEDUP_NUM_PERM``, ``DEDUP_NEAR_ENABLED``.
Stats: ``extract/links_follow_timeout``, ``pages/extracted`` (of which ``pages/extracted/from_script``: bodies read from the data
scripts of script-rendered pages), ``pages/skipped/<reason>`` (not_article, too_short, empty_body,
consent_wall, binary, ...), ``extract/failed/<ExceptionName|worker_crashed|page_timeout>``,
``extract/pool_rebuilt``, ``extract/dropped_at_shutdown``, ``extract/date_after_fetch/<published|modified>``
(a date more than a day after the fetch, left out: ``crawler.processing``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object

from crawler.analysis import PageContext
from crawler.items import PageItem, asked_url
from crawler.workers import PagePool, PageTimedOut, PoolClosed, WorkerCrashed, default_workers
from pipelines.refused import page_accepted, page_refused

logger = logging.getLogger(__name__)

# Extraction refusals of a page that is no page (recorded in fetch_errors, as a PDF served as a
# PDF is), and how many characters of it the record quotes.
_NOT_A_PAGE = frozenset({"not_html", "parser_error"})
_NOT_A_PAGE_QUOTE = 120


def page_pool(settings) -> PagePool:
    """The extraction pool the settings describe (``EXTRACT_WORKERS``, ``EXTRACT_PAGE_FUNCTION``,
    ``EXTRACT_START_METHOD``, ``EXTRACT_PAGE_TIMEOUT``); no process is started yet. With worker
    processes, the page function is handed on by its path: the crawl process never imports the
    extractor (``crawler.analysis``)."""
    workers = settings.get("EXTRACT_WORKERS")
    workers = default_workers() if workers in (None, "") else int(workers)
    function = settings.get("EXTRACT_PAGE_FUNCTION")
    return PagePool(
        workers,
        function if workers and isinstance(function, str) else load_object(function),
        start_method=settings.get("EXTRACT_START_METHOD") or None,
        page_timeout=settings.getfloat("EXTRACT_PAGE_TIMEOUT") or None,
        # numpy and MinHash's permutations made once in the forkserver, not in each worker
        preload=("crawler.minhash_preload",) if settings.getbool("DEDUP_NEAR_ENABLED") else (),
    )


def warm_up_extraction(settings) -> bool:
    """Start the extraction workers' forkserver, and its import of the extractor (about 0.7 s
    of CPU, on another core), now, if these settings extract pages in a pool of worker
    processes started with ``forkserver``; whether it was started (or was running already).

    Called by ``scrapy crawl`` and ``crawler crawl`` as soon as their options are read, before
    Scrapy's own start-up (imports, the crawler, the engine, the middlewares and pipelines:
    ~0.2 s of the crawl process's CPU after this point), and by :class:`ExtractionWarmUp`
    for crawls started otherwise. The forkserver is one per process: the first call starts
    it, later ones find it running."""
    if not settings.getbool("EXTRACT_ENABLED"):
        return False
    pool = page_pool(settings)
    if pool.inline or pool.start_method != "forkserver":
        return False
    pool.warm_up()
    return True


async def _result_within(future: asyncio.Future, timeout: float, on_timeout) -> object:
    """``future``'s result, once it has one; ``on_timeout`` (which sets one) runs if it has none
    after ``timeout`` seconds. The future is shielded: a cancelled waiter leaves it pending."""
    if not future.done():
        timer = asyncio.get_running_loop().call_later(timeout, on_timeout)
        try:
            await asyncio.shield(future)
        finally:
            timer.cancel()
    return future.result()


class PageLinks:
    """One page's links on their way back from :class:`ExtractPipeline` to the spider callback
    that yielded the page (``PageItem.links``), and the callback's word that it passed them on.

    The callback yields the page, awaits :meth:`wait` and yields requests for the links it gets
    (or, given ``None``, for those it finds in the page itself), then calls :meth:`followed` as
    it ends, in the step in which the resume journal's middleware records the callback's requests
    (``pipelines/resume.py``). The pipeline calls :meth:`give` as soon as the worker answers, and
    awaits :meth:`wait_followed` before the article goes on: an article is never in the database
    before the requests for its links are in the journal, so a crawl killed in between still
    finds them (links were yielded before the page when the crawl process scanned it).

    Every path gives something: the pipeline gives ``None`` when it has no links, the spider
    does when the page leaves the item pipelines without them (dropped before this pipeline, or
    with no such pipeline), and each wait has a bound, so neither side can wait forever. Lives
    in the crawl process only: it pickles (and copies) as ``None``.
    """

    __slots__ = ("_links", "_followed", "timed_out", "shortlink")

    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self._links: asyncio.Future = loop.create_future()
        self._followed: asyncio.Future = loop.create_future()
        self.timed_out = False
        """:meth:`wait` gave up before any links came."""
        self.shortlink: str | None = None
        """The article's own short address (``ArticleItem.shortlink``), given with the links: the
        callback takes a link to it for the article it just fetched."""

    def __reduce__(self):
        return type(None), ()

    def give(self, links: list[str] | None, shortlink: str | None = None) -> None:
        """The page's links, or ``None`` (none to give), and the short address of the article it
        is, if any; only the first call counts."""
        if not self._links.done():
            self.shortlink = shortlink
            self._links.set_result(links)

    async def wait(self, timeout: float) -> list[str] | None:
        """The links given, or ``None`` when none come within ``timeout`` seconds."""
        return await _result_within(self._links, timeout, self._time_out)

    def _time_out(self) -> None:
        if not self._links.done():
            self.timed_out = True
            self._links.set_result(None)

    def followed(self) -> None:
        """The callback has passed its link requests on."""
        if not self._followed.done():
            self._followed.set_result(True)

    async def wait_followed(self, timeout: float) -> bool:
        """Whether the callback passed its links on within ``timeout`` seconds."""
        return await _result_within(self._followed, timeout, self._follow_timed_out)

    def _follow_timed_out(self) -> None:
        if not self._followed.done():
            self._followed.set_result(False)


class ExtractionWarmUp:
    """Extension: start the extraction workers' forkserver, and its import of the extractor
    (about half a second of CPU), as soon as the crawler is built.

    Scrapy builds extensions before the downloader and spider middlewares and the pipelines
    (a few tenths of a second of imports and set-up in the crawl process); the forkserver
    imports on another core meanwhile, and ``ExtractPipeline`` forks its workers from it at
    ``open_spider`` in milliseconds. Started from the pipeline, the import ran after the
    spider opened: the first pages waited for it and a core stood idle. The forkserver is
    one per process and shared by every crawler of it. Off with extraction, with
    ``EXTRACT_WORKERS = 0`` and for start methods other than ``forkserver``. ``scrapy crawl``
    and ``crawler crawl`` start it earlier still (:func:`warm_up_extraction`), where this
    finds it running.
    """

    def __init__(self, crawler):
        if not crawler.settings.getbool("EXTRACT_ENABLED"):
            raise NotConfigured("EXTRACT_ENABLED is off")
        if not warm_up_extraction(crawler.settings):
            raise NotConfigured("no forkserver to start")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class ExtractPipeline:
    #: Seconds an article waits, at most, for the spider callback to pass the page's links on
    #: (milliseconds, normally): the callback's output may have been abandoned by an exception.
    FOLLOW_WAIT = 10.0

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("EXTRACT_ENABLED"):
            raise NotConfigured("EXTRACT_ENABLED is off")
        self.crawler = crawler
        self.min_words = settings.getint("EXTRACT_MIN_WORDS")
        self.num_perm = settings.getint("DEDUP_NUM_PERM")
        self.with_minhash = settings.getbool("DEDUP_NEAR_ENABLED")
        self.raise_errors = settings.get("EXTRACT_ERRORS") == "raise"
        self.pool = page_pool(settings)
        self.workers = self.pool.workers
        if self.pool.inline and (limit := settings.getfloat("EXTRACT_PAGE_TIMEOUT")) > 0:
            # Inline, a page runs in the reactor's own thread: a regex stuck in C, or a C parser,
            # can be stopped by nothing short of killing the crawl. Said once, at the start,
            # rather than found out when a crawl hangs.
            logger.warning("EXTRACT_PAGE_TIMEOUT (%g s) is not enforced with EXTRACT_WORKERS = 0: pages are "
                           "extracted in the crawl's own thread, and a page that never ends stops the crawl; "
                           "use EXTRACT_WORKERS >= 1 for the limit, or set EXTRACT_PAGE_TIMEOUT = 0", limit)
        self.shutdown_timeout = settings.getfloat("EXTRACT_SHUTDOWN_TIMEOUT")
        self._analysing = 0  # pages given to the pool whose result has not come back
        self._shutdown_watch: asyncio.Task | None = None
        self.context: PageContext | None = None
        self._last_done: asyncio.Future | None = None
        self._ready: asyncio.Future | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _current_context(self) -> PageContext:
        """The context pages are extracted in, with the site's domains as they are now: an
        ad-hoc crawl's start page may have added the host it redirects to
        (``StartRedirectMiddleware``), and canonical URLs there are the site's own."""
        profile = getattr(self.crawler.spider, "profile", None)
        if profile is not None and self.context is not None and self.context.domains != profile.domains:
            self.context = dataclasses.replace(self.context, domains=profile.domains)
        return self.context

    async def open_spider(self):
        self.context = PageContext.for_profile(
            self.crawler.spider.profile,
            min_words=self.min_words,
            num_perm=self.num_perm,
            with_minhash=self.with_minhash,
        )
        # The workers start (the forkserver imports the extractor: about a second of CPU) in a
        # thread while the spider fetches robots.txt and sitemaps; the first page waits for
        # them. Awaiting the start here held the whole crawl back for that second.
        self._ready = asyncio.get_running_loop().run_in_executor(None, self.pool.start)
        self._ready.add_done_callback(self._pool_start_done)
        if not self.pool.inline:
            self._shutdown_watch = asyncio.get_running_loop().create_task(self._stop_pool_at_shutdown())

    #: Seconds between checks that the crawl is still running.
    SHUTDOWN_POLL = 0.5

    async def _stop_pool_at_shutdown(self) -> None:
        """Once the crawl is told to stop, give the pages in the pool, and those that reach it
        later, ``EXTRACT_SHUTDOWN_TIMEOUT`` seconds in all, then kill the workers: Scrapy's
        graceful shutdown waits for every item in the pipelines, and a page that never ends (a
        pathological regex: QA report, ReDoS) kept the process running after SIGTERM. The pool
        is stopped at the deadline even when it is idle then: the downloads still in flight
        finish after the signal, and a page among them that reached the pool later had no
        deadline at all (one that never ended kept the crawl running); now it is dropped at
        once. Scrapy has no signal for "stop asked"; it clears ``crawler.crawling`` (set before
        the spider opens), as ``pipelines/retry.py`` checks."""
        while self.crawler.crawling:
            await asyncio.sleep(self.SHUTDOWN_POLL)
        await asyncio.sleep(self.shutdown_timeout)
        if self._analysing:
            logger.warning("crawl stopping: %d page(s) not analysed within %g s (EXTRACT_SHUTDOWN_TIMEOUT); "
                           "extraction workers killed, the pages are left for the next run",
                           self._analysing, self.shutdown_timeout)
        self.pool.kill()  # also idle: a page that reaches the pool from now on is dropped at once

    def _pool_start_done(self, ready: asyncio.Future) -> None:
        if ready.cancelled():
            return
        if (exc := ready.exception()) is not None:
            logger.error("extraction worker processes could not start, stopping the crawl: %r", exc)
            # Not awaited: a callback; the engine closes the spider on its own time.
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="extract_pool_failed"))
            return
        logger.info("extraction: %s", "inline" if self.pool.inline else
                    f"{self.workers} worker process(es), {self.pool.start_method}")

    async def _pool_started(self) -> bool:
        try:
            await asyncio.shield(self._ready)
        except Exception:  # noqa: BLE001 - reported by _pool_start_done
            return False
        return True

    async def close_spider(self):
        if self._shutdown_watch is not None:
            self._shutdown_watch.cancel()
        if self._ready is not None and not await self._pool_started():
            return
        # Scrapy closes pipelines once no item is in flight; waiting costs nothing then.
        await self.pool.aclose()

    async def process_item(self, item):
        if not isinstance(item, PageItem):
            return item
        # Pages leave in the order they came, whatever order the workers finish them in:
        # which of two copies of a story becomes the article (and which the duplicate) then
        # depends on the fetch order only, as with inline extraction, not on the pool size.
        previous, self._last_done = self._last_done, asyncio.get_running_loop().create_future()
        done = self._last_done
        links = item.links
        try:
            if not await self._pool_started():
                raise DropItem("extraction workers did not start", log_level="DEBUG")
            try:
                self._analysing += 1
                try:
                    result = await self.pool.run(item, self._current_context())
                finally:
                    self._analysing -= 1
                if links is not None:
                    # at once, not in page order: the spider follows them while pages before it finish
                    links.give(getattr(result, "links", None),
                               shortlink=getattr(getattr(result, "article", None), "shortlink", None))
            finally:
                if previous is not None:
                    await asyncio.shield(previous)
            article = self._article_or_drop(item, result)
            if links is not None and not await links.wait_followed(self.FOLLOW_WAIT):
                self.crawler.stats.inc_value("extract/links_follow_timeout")
                logger.warning("the links of %s were not passed on within %d s; the article goes on",
                               item.url, self.FOLLOW_WAIT)
            return article
        except Exception as exc:  # a parser bug or a crash on one page must not stop the crawl
            if isinstance(exc, DropItem):
                raise
            if isinstance(exc, PoolClosed):  # the crawl is stopping: not the page's fault
                self.crawler.stats.inc_value("extract/dropped_at_shutdown")
                raise DropItem(f"crawl stopping: {item.url} not analysed", log_level="DEBUG") from None
            self._count_rebuilds()
            if self.raise_errors:
                raise
            self._record_failure(item, exc)
            # _record_failure logged the one ERROR line; Scrapy's "Dropped:" line would repeat it.
            raise DropItem(f"extraction failed: {type(exc).__name__}", log_level="DEBUG") from exc
        finally:
            if links is not None:
                links.give(None)  # none came: the spider scans the page itself
            # Later pages resume on the loop's next turn, after this one has gone through
            # the remaining (synchronous) pipelines.
            if not done.done():
                done.set_result(None)

    def _article_or_drop(self, item: PageItem, result):
        stats = self.crawler.stats
        self._count_rebuilds()
        # The address the crawl asked for, which the next run's check looks up (as for timeouts).
        asked = asked_url(item)
        if result.article is None:
            stats.inc_value(f"pages/skipped/{result.reason}")
            self.crawler.signals.send_catch_log(page_refused, url=asked, reason=result.reason,
                                                spider=self.crawler.spider)
            if result.reason in _NOT_A_PAGE:
                self._record_not_a_page(item, asked, result.reason)
            why = f"{result.reason}: {detail}" if (detail := getattr(result, "detail", None)) else result.reason
            raise DropItem(f"not an article ({why}): {item.url}", log_level="DEBUG")
        stats.inc_value("pages/extracted")
        self.crawler.signals.send_catch_log(page_accepted, url=asked, spider=self.crawler.spider)
        if result.body_from != "page":
            stats.inc_value(f"pages/extracted/from_{result.body_from}")
        for kind in result.dates_after_fetch:
            stats.inc_value(f"extract/date_after_fetch/{kind}")
            logger.debug("%s date left out, more than a day after the fetch (%s): %s",
                         kind, item.fetched_at, item.url)
        return result.article

    def _record_not_a_page(self, item: PageItem, asked: str, reason: str) -> None:
        """A ``fetch_errors`` row (kind ``not_html``) for a page that is no HTML page: one line
        naming its size and what it begins with (``<Error><Code>NoSuchKey</Code>…``)."""
        record_error = getattr(self.crawler.spider, "record_error", None)
        if record_error is None:
            return
        what = "no HTML markup" if reason == "not_html" else "no markup an HTML parser can read"
        try:
            text = item.body[:400].decode(item.encoding or "utf-8", "replace")
        except LookupError:  # a charset Python does not know
            text = item.body[:400].decode("utf-8", "replace")
        start = " ".join(text.split())[:_NOT_A_PAGE_QUOTE]
        message = f"not a page: {what} in its {len(item.body)} bytes, which begin {start!r}"
        if item.redirect_urls:
            message += f" (redirected to {item.url})"
        record_error(asked, "not_html", item.status, message)

    def _count_rebuilds(self) -> None:
        if self.pool.rebuilds:
            self.crawler.stats.set_value("extract/pool_rebuilt", self.pool.rebuilds)

    def _record_failure(self, item: PageItem, exc: Exception) -> None:
        """One ERROR line per failed page (its traceback at DEBUG only: a parser bug on a
        redesigned site fails every page the same way), a stat, and the spider's record."""
        if isinstance(exc, WorkerCrashed):
            kind, error_kind = "worker_crashed", "worker_crashed"
            logger.error("extraction failed for %s: worker_crashed: %s; page skipped, pool rebuilt", item.url, exc)
        elif isinstance(exc, PageTimedOut):
            kind, error_kind = "page_timeout", "extract_timeout"
            logger.error("extraction failed for %s: page_timeout: %s; page skipped, pool rebuilt", item.url, exc)
        else:
            kind, error_kind = type(exc).__name__, "extract_failed"
            logger.error("extraction failed for %s: %s: %s; page skipped", item.url, kind, exc)
            logger.debug("traceback of the extraction failure on %s", item.url, exc_info=exc)
        self.crawler.stats.inc_value(f"extract/failed/{kind}")
        record_error = getattr(self.crawler.spider, "record_error", None)
        if record_error is not None:
            url, message = item.url, f"{kind}: {exc}"
            if error_kind == "extract_timeout" and item.redirect_urls:
                # Under the address the crawl asks for (a sitemap's http:// URL answered by its
                # https:// page), which the next run's give-up check looks up
                # (EXTRACT_TIMEOUT_GIVE_UP_AFTER): under the final one it never matched.
                url, message = item.redirect_urls[0], f"{message} (redirected to {item.url})"
            record_error(url, error_kind, item.status, message, log_level=logging.DEBUG)
