"""The ``fetch_errors`` table: one row per URL of a site that could not be turned into a page.

A row names the failure ``kind`` (see :data:`KINDS`), the last HTTP status (when there was a
response), a one-line message, how many fetch attempts failed in total (retries included,
summed over crawls) and when the failure was first and last seen. Recording the same URL
again updates its row (upsert on ``(site, url)``), unless the failure is not later than the one
the row last saw (a report recorded twice: :func:`record_fetch_error`); a URL that later succeeds keeps its row as
history. A failure that says the page is no longer there (a 404/410, a redirect to the home
page: :data:`GONE_STATUSES`, :data:`GONE_KINDS`, :func:`says_gone`) marks the stored article at
that address ``gone_at`` (:func:`mark_gone`). A crawl writes its rows as the failures come and
its marks at its end (:func:`write_fetch_errors`), unless the run's answers were mostly such
failures (:func:`takedown_storm`): a site answering every request with 404, or sending every
request home, is down or broken, not removing its stories. A page that hung the extractor in
several runs (:data:`GIVEN_UP_KINDS`) is left alone by the crawl's stored-article check until it
changes (:func:`given_up_pages`). Schema: migration
``0005_fetch_errors`` (docs/schema.md).

Plain Python over a ``sqlite_utils.Database``; no Scrapy imports. The writer in a crawl is
``pipelines/errors.py::FetchErrorsExtension``; in distributed mode ``crawler ingest``
(``crawler.distributed.Ingester``), from the reports crawler processes push to Redis. No
settings (``GONE_STORM_SHARE`` and ``GONE_STORM_MIN_ANSWERS`` reach :func:`takedown_storm`
through its callers, ``EXTRACT_TIMEOUT_GIVE_UP_AFTER`` reaches :func:`given_up_pages`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from crawler.storage import utc_now
from crawler.urls import canonicalize_url, url_as_written, url_key

# Kinds in use, for readers and docs. A new kind needs no schema change.
KINDS = {
    "timeout": "the download took longer than DOWNLOAD_TIMEOUT (a stall or a slow drip)",
    "connection": "connection refused, reset or closed early (incl. a body shorter than announced)",
    "dns": "the host name could not be resolved",
    "http_4xx": "a 4xx answer other than 401/403 (after retries for 429)",
    "http_5xx": "a 5xx answer after the retries",
    "too_large": "the body (or its decompressed form) is larger than DOWNLOAD_MAXSIZE",
    "truncated": "a compressed body (or an HTML page) that stops before its end",
    "redirect_loop": "more than REDIRECT_MAX_TIMES redirects",
    "offsite_redirect": "a redirect to a host outside the site's domains",
    "home_redirect": "an article's address redirected to the site's home page (a story taken down)",
    "private_address": "a request or DNS answer pointing at a loopback/private/link-local address",
    "blocked": "a 401/403 refusal or an anti-bot challenge page",
    "binary": "a file or binary data served as text/html",
    "not_html": "an article candidate answered with a non-text type (PDF, image...)",
    "empty": "an empty 200 answer (after a retry)",
    "bad_sitemap": "a sitemap that is malformed, too large or declares entities",
    "bad_feed": "a feed that is not RSS/Atom (e.g. an HTML page) or is malformed",
    "url_too_long": "a link longer than URLLENGTH_LIMIT (8,000 characters), not requested",
    "bad_encoding": "a body that is not the gzip, deflate, br or zstd its Content-Encoding declares",
    "other": "any other download failure (the message names it)",
}

# Messages are capped: a server's error text is not worth more than a line.
MAX_MESSAGE_CHARS = 500


@dataclass(frozen=True)
class FetchError:
    """One failed URL, as the crawl saw it."""

    site: str
    url: str
    kind: str
    status: int | None = None
    """Last HTTP status received, ``None`` when no response came back."""
    message: str = ""
    attempts: int = 1
    """Fetch attempts this failure cost (``1 + retries``)."""


def record_fetch_error(db: Database, error: FetchError, seen_at: str, *, mark: bool = True) -> None:
    """Insert the row for ``error`` or, when the URL already has one, update it.

    ``attempts`` is added to the stored count; kind, status, message and ``last_seen`` take
    the new values; ``first_seen`` is kept. A failure seen no later than the row's
    ``last_seen`` changes nothing: it is one already counted, recorded again (``crawler
    ingest`` replays a batch it committed but was killed before acknowledging; a crawler
    process pushes a report again after a push that timed out but reached Redis), and adding
    its attempts again doubled them. Failures are dated to the second (:func:`utc_now`), and a
    URL is fetched once per crawl, so two different failures of one URL are never that close.

    :param mark: also mark the stored article at that address gone when the failure says it is
        (:func:`says_gone`). A crawl passes ``False`` and decides its marks at its end
        (:func:`write_fetch_errors`, :func:`takedown_storm`).
    """
    message = (error.message or "").replace("\x00", "")[:MAX_MESSAGE_CHARS]
    db.execute(
        """
        INSERT INTO fetch_errors (site, url, kind, status, message, attempts, first_seen, last_seen)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (site, url) DO UPDATE SET
            kind = excluded.kind, status = excluded.status, message = excluded.message,
            attempts = fetch_errors.attempts + excluded.attempts, last_seen = excluded.last_seen
        WHERE excluded.last_seen > fetch_errors.last_seen
        """,
        [error.site, error.url, error.kind, error.status, message, max(1, error.attempts),
         seen_at, seen_at],
    )
    if mark and says_gone(error):
        mark_gone(db, error.url, seen_at)


GONE_STATUSES = (404, 410)
"""Answers that say a page is no longer there (a stored article taken down)."""

GONE_KINDS = ("home_redirect",)
"""Failures that say the same without such a status: the story's address now sends readers to
the home page (its status is the redirect's, 301 or 302)."""


def says_gone(error: FetchError) -> bool:
    """The failure says the page is no longer there: what marks a stored article at its address
    gone (:func:`mark_gone`), and what :func:`takedown_storm` counts."""
    return error.status in GONE_STATUSES or error.kind in GONE_KINDS


def mark_gone(db: Database, url: str, seen_at: str) -> bool:
    """Mark the stored article whose own address is ``url`` (its stored URL or canonical URL, as
    written: a 404 on another variant, an AMP copy dropped by the site, says nothing of it) as
    gone since ``seen_at``; whether it was marked now. A later fetch that stores it again clears
    the mark (``ArticleStore``); so does not marking an article whose address was fetched after
    ``seen_at`` (a crawl marks at its end: the same URL asked first as a listing that answered
    404, then as an article that answered 200, is online).

    The article is found through ``seen_urls``; an article stored before schema version 2 (which
    had no ``seen_urls``) and not fetched since has no key there, and is found by its
    ``canonical_url`` instead (the UNIQUE index: no scan)."""
    try:
        key = url_key(url)
        canonical = canonicalize_url(url)
    except ValueError:
        return False
    row = db.execute("SELECT a.id, a.url, a.canonical_url, s.fetched_at FROM seen_urls s"
                     " JOIN articles a ON a.id = s.article_id WHERE s.url_key = ?", [key]).fetchone()
    if row is None:
        row = db.execute("SELECT id, url, canonical_url, fetched_at FROM articles WHERE canonical_url IN (?, ?, ?)"
                         " ORDER BY id LIMIT 1", [canonical, url, url_as_written(url)]).fetchone()
    if row is None or url_as_written(url) not in {url_as_written(row[1]), url_as_written(row[2])}:
        return False
    if row[3] is not None and row[3] > seen_at:  # both ISO 8601 UTC, as utc_now() writes them
        return False
    # updated_at is when the change is written, not when the failure was seen: a crawl writes its
    # marks at its end, and a reader that polls "updated_at >= the last value it read" missed
    # every mark dated before its last poll.
    cursor = db.execute("UPDATE articles SET gone_at = ?, updated_at = ? WHERE id = ? AND gone_at IS NULL",
                        [seen_at, utc_now(), row[0]])
    return cursor.rowcount > 0


GIVEN_UP_KINDS = ("extract_timeout",)
# The SQL test of a fetch_errors row's kind against GIVEN_UP_KINDS (their values as parameters).
GIVEN_UP_KIND_IS = f"kind IN ({', '.join('?' for _ in GIVEN_UP_KINDS)})"
"""Failures that, repeated, leave a page alone (:func:`given_up_pages`): each costs a worker killed
after ``EXTRACT_PAGE_TIMEOUT`` seconds, and a page that hangs the extractor hangs it again."""


def given_up_pages(db: Database, site: str, after: int) -> dict[str, str]:
    """``site``'s pages (as the crawl asked for them) whose row has a :data:`GIVEN_UP_KINDS`
    kind and failed ``after`` times or more (its ``attempts``: every failed attempt at the URL
    while its row had any kind, since a row keeps adding up), each with when it last failed;
    none when ``after`` is 0. The crawl treats such a page as it treats a stored article: not
    fetched again unless a sitemap ``lastmod`` newer than that time, or ``CRAWL_RECRAWL``, asks
    for it (``pipelines.middlewares.StoredArticleCheck``). One read of the site's rows, once per
    crawl, not one per request: such pages are a handful, the requests thousands."""
    if after <= 0:
        return {}
    return dict(db.execute(f"SELECT url, last_seen FROM fetch_errors WHERE site = ? AND {GIVEN_UP_KIND_IS} "
                           "AND attempts >= ?", [site, *GIVEN_UP_KINDS, after]).fetchall())


def write_fetch_errors(db: Database, errors: Iterable[tuple[FetchError, str]],
                       gone: Iterable[tuple[str, str]] = ()) -> int:
    """Record ``errors`` (``(error, seen_at)``) without marking anything, then mark gone the
    stored articles at the addresses of ``gone`` (``(url, seen_at)``: the failures a run took
    for takedowns); the number of articles marked. No transaction of its own: the caller's
    holds rows and marks together, so none is half written."""
    for error, seen_at in errors:
        record_fetch_error(db, error, seen_at, mark=False)
    return sum(mark_gone(db, url, seen_at) for url, seen_at in gone)


def takedown_storm(gone_answers: int, responses: int, *, share: float, min_answers: int) -> bool:
    """Whether a run's failures that say a page is gone (:func:`says_gone`: 404/410 answers,
    redirects to the home page) are a site-wide failure — maintenance mode, a broken deploy, a
    CDN answering 404 for everything — rather than stories taken down: at least ``min_answers``
    of them (``GONE_STORM_MIN_ANSWERS``; 0: never) and at least ``share`` of the run's responses
    (``GONE_STORM_SHARE``). A run with a few removed stories among its pages is no storm.

    :param gone_answers: URLs of the run whose final failure says gone.
    :param responses: answers the run downloaded (``downloader/response_count``: every status,
        the 404s and redirects themselves included).
    """
    if min_answers <= 0 or gone_answers < min_answers:
        return False
    return gone_answers >= share * max(responses, gone_answers)


def errors_by_kind(db: Database, site: str) -> dict[str, int]:
    """Number of failed URLs of ``site`` per kind."""
    rows = db.execute(
        "SELECT kind, COUNT(*) FROM fetch_errors WHERE site = ? GROUP BY kind ORDER BY kind", [site]
    ).fetchall()
    return dict(rows)
