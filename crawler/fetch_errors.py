"""The ``fetch_errors`` table: one row per URL of a site that could not be turned into a page.

A row names the failure ``kind`` (see :data:`KINDS`), the last HTTP status (when there was a
response), a one-line message, how many fetch attempts failed in total (retries included,
summed over crawls) and when the failure was first and last seen. Recording the same URL
again updates its row (upsert on ``(site, url)``); a URL that later succeeds keeps its row as
history. A failure that says the page is no longer there (a 404/410, a redirect to the home
page: :data:`GONE_STATUSES`, :data:`GONE_KINDS`) marks the stored article at that address
``gone_at`` (:func:`mark_gone`). Schema: migration ``0005_fetch_errors`` (docs/schema.md).

Plain Python over a ``sqlite_utils.Database``; no Scrapy imports. The writer in a crawl is
``pipelines/errors.py::FetchErrorsExtension``. No settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from crawler.urls import canonicalize_url, url_as_written, url_key

# Kinds in use, for readers and docs. A new kind needs no schema change.
KINDS = {
    "timeout": "the download took longer than DOWNLOAD_TIMEOUT (a stall or a slow drip)",
    "connection": "connection refused, reset or closed early (incl. a body shorter than announced)",
    "dns": "the host name could not be resolved",
    "http_4xx": "a 4xx answer other than 401/403 (after retries for 429)",
    "http_5xx": "a 5xx answer after the retries",
    "too_large": "the body (or its decompressed form) is larger than DOWNLOAD_MAXSIZE",
    "truncated": "a gzip body that stops before its end",
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


def record_fetch_error(db: Database, error: FetchError, seen_at: str) -> None:
    """Insert the row for ``error`` or, when the URL already has one, update it.

    ``attempts`` is added to the stored count; kind, status, message and ``last_seen`` take
    the new values; ``first_seen`` is kept.
    """
    message = (error.message or "").replace("\x00", "")[:MAX_MESSAGE_CHARS]
    db.execute(
        """
        INSERT INTO fetch_errors (site, url, kind, status, message, attempts, first_seen, last_seen)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (site, url) DO UPDATE SET
            kind = excluded.kind, status = excluded.status, message = excluded.message,
            attempts = fetch_errors.attempts + excluded.attempts, last_seen = excluded.last_seen
        """,
        [error.site, error.url, error.kind, error.status, message, max(1, error.attempts),
         seen_at, seen_at],
    )
    if error.status in GONE_STATUSES or error.kind in GONE_KINDS:
        mark_gone(db, error.url, seen_at)


GONE_STATUSES = (404, 410)
"""Answers that say a page is no longer there (a stored article taken down)."""

GONE_KINDS = ("home_redirect",)
"""Failures that say the same without such a status: the story's address now sends readers to
the home page (its status is the redirect's, 301 or 302)."""


def mark_gone(db: Database, url: str, seen_at: str) -> None:
    """Mark the stored article whose own address is ``url`` (its stored URL or canonical URL, as
    written: a 404 on another variant, an AMP copy dropped by the site, says nothing of it) as
    gone since ``seen_at``. A later fetch that stores it again clears the mark (``ArticleStore``).

    The article is found through ``seen_urls``; an article stored before schema version 2 (which
    had no ``seen_urls``) and not fetched since has no key there, and is found by its
    ``canonical_url`` instead (the UNIQUE index: no scan)."""
    try:
        key = url_key(url)
        canonical = canonicalize_url(url)
    except ValueError:
        return
    row = db.execute("SELECT a.id, a.url, a.canonical_url FROM seen_urls s JOIN articles a ON a.id = s.article_id"
                     " WHERE s.url_key = ?", [key]).fetchone()
    if row is None:
        row = db.execute("SELECT id, url, canonical_url FROM articles WHERE canonical_url IN (?, ?, ?)"
                         " ORDER BY id LIMIT 1", [canonical, url, url_as_written(url)]).fetchone()
    if row is None or url_as_written(url) not in {url_as_written(row[1]), url_as_written(row[2])}:
        return
    db.execute("UPDATE articles SET gone_at = ?, updated_at = ? WHERE id = ? AND gone_at IS NULL",
               [seen_at, seen_at, row[0]])


def errors_by_kind(db: Database, site: str) -> dict[str, int]:
    """Number of failed URLs of ``site`` per kind."""
    rows = db.execute(
        "SELECT kind, COUNT(*) FROM fetch_errors WHERE site = ? GROUP BY kind ORDER BY kind", [site]
    ).fetchall()
    return dict(rows)
