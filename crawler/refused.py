"""The ``refused_pages`` table: pages the extractor refused, and when to look at them again.

A page fetched as an article candidate that extraction refuses (:data:`REMEMBERED_REASONS`: a
video page, a gallery, a listing taken for an article, a stub too short to be one) is not
stored, so every run used to fetch it again, out of the site's request budget and politeness,
for as long as the site links it. Each refusal now writes (or updates) the page's row, keyed by
its ``url_key`` as ``seen_urls`` is: ``refusals`` counts the refusals in a row, and
``next_look_at`` is when the crawl may fetch it again (:func:`recheck_delay`): a delay that
doubles with each refusal, from ``REFUSED_RECHECK_SHORT_AFTER`` for a page that may grow into an
article (:data:`GROWING_REASONS`: a breaking-news stub grows within hours) or
``REFUSED_RECHECK_AFTER`` for the others, up to ``REFUSED_RECHECK_MAX``. Before then the
stored-article check (``pipelines.middlewares.StoredArticleCheck``) leaves it alone, unless a
sitemap ``lastmod`` newer than its ``last_seen`` says it changed, or ``CRAWL_RECRAWL`` asks for
every page. A page later stored as an article loses its row. ``consent_wall`` is not remembered:
the wall stands in front of the page, it says nothing of the page.

In distributed mode (``REDIS_URL``) the crawler processes push their refusals to the writer
(``pipelines/redis_refused.py``), which records them with the same functions, and the check reads
the writer's mirror of the rows in Redis (``crawler.distributed.refused_key``).

Plain Python over a ``sqlite_utils.Database``; no Scrapy imports. The writer in a crawl is
``pipelines/refused.py::RefusedPagesExtension``. Schema: migration ``0017_refused_pages``
(docs/schema.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

REFUSED_BEFORE_META = "refused_before"
"""Request meta key the stored-article check sets (to the last reason) on a request for a page
refused before that it lets through; the run-health tally leaves out such a page refused again."""

REMEMBERED_REASONS = ("not_article", "too_short", "empty_body", "binary")
"""Extraction refusals (``pages/skipped/<reason>``) that leave a page alone for a while."""

GROWING_REASONS = ("too_short", "empty_body")
"""Refusals of a page that may become an article soon (a stub that the newsroom fills in):
looked at again after the shorter first delay."""


@dataclass(frozen=True)
class Refusal:
    """One page refused by extraction in a run."""

    site: str
    url: str
    """The address the crawl asked for (before redirects): what its next request is checked by."""
    key: str
    """:func:`crawler.urls.url_key` of ``url``."""
    reason: str
    seen_at: str | None = None
    """When it was refused (ISO 8601 UTC), for a refusal a crawler process of a distributed crawl
    reported to the writer; ``None``: now, when it is recorded."""


def recheck_delay(reason: str, refusals: int, *, first: float, short_first: float, cap: float) -> float:
    """Seconds a page refused ``refusals`` times in a row (the last for ``reason``) is left alone:
    the first delay (``short_first`` for :data:`GROWING_REASONS`, else ``first``) doubled for
    each earlier refusal, at most ``cap``."""
    base = short_first if reason in GROWING_REASONS else first
    return min(cap, base * 2 ** min(max(refusals, 1) - 1, 40))


def refusal_settings(settings) -> tuple[float, float, float]:
    """``(first, short_first, cap)`` delays in seconds, from the settings
    (``REFUSED_RECHECK_AFTER``, ``REFUSED_RECHECK_SHORT_AFTER``, ``REFUSED_RECHECK_MAX``): what a
    local crawl and the distributed writer give :func:`record_refusals`."""
    first = settings.getfloat("REFUSED_RECHECK_AFTER")
    short = settings.getfloat("REFUSED_RECHECK_SHORT_AFTER")
    return first, min(short, first) if short > 0 else first, max(first, settings.getfloat("REFUSED_RECHECK_MAX"))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def record_refusals(db: Database, refusals: Iterable[Refusal], now: datetime, *, first: float,
                    short_first: float, cap: float) -> int:
    """Write a row for each of ``refusals`` (a page refused again counts one more refusal in a
    row and waits twice as long); the number written. No transaction of its own.

    A refusal with its own :attr:`Refusal.seen_at` counts from then, and is skipped when the row
    was last seen at that time or later: the distributed writer records a batch again after a
    crash between its commit and its acknowledgement, and must not count the refusal twice."""
    written = 0
    for refusal in refusals:
        row = db.execute("SELECT refusals, last_seen FROM refused_pages WHERE url_key = ?",
                         [refusal.key]).fetchone()
        if refusal.seen_at is not None and row is not None and row[1] >= refusal.seen_at:
            continue  # recorded already (a replayed batch), or a later refusal is
        count = (row[0] if row else 0) + 1
        delay = recheck_delay(refusal.reason, count, first=first, short_first=short_first, cap=cap)
        seen_at = datetime.fromisoformat(refusal.seen_at) if refusal.seen_at is not None else now
        seen = _iso(seen_at)
        db.execute(
            """
            INSERT INTO refused_pages (url_key, site, url, reason, refusals, first_seen, last_seen, next_look_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (url_key) DO UPDATE SET
                site = excluded.site, url = excluded.url, reason = excluded.reason,
                refusals = excluded.refusals, last_seen = excluded.last_seen,
                next_look_at = excluded.next_look_at
            """,
            [refusal.key, refusal.site, refusal.url, refusal.reason, count, seen, seen,
             _iso(seen_at + timedelta(seconds=delay))],
        )
        written += 1
    return written


def forget_refusals(db: Database, keys: Iterable[str]) -> None:
    """Drop the rows of pages stored as articles since (their ``url_key``\\ s)."""
    db.conn.executemany("DELETE FROM refused_pages WHERE url_key = ?", [(key,) for key in keys])


# The columns of a row as the stored check and the distributed mirror read it.
_ROW = "reason, last_seen, next_look_at, refusals"


def refused_rows(db: Database, keys: Iterable[str] | None = None) -> Iterator[tuple[str, tuple[str, str, str, int]]]:
    """``(url_key, (reason, last_seen, next_look_at, refusals))`` of every row (``keys``
    ``None``), or of the rows of ``keys``: what the distributed writer mirrors into Redis."""
    if keys is None:
        cursor = db.execute(f"SELECT url_key, {_ROW} FROM refused_pages")
        for key, *row in cursor:
            yield key, tuple(row)
        return
    keys = sorted(set(keys))
    for start in range(0, len(keys), 500):  # SQLite's bound-parameter limit
        chunk = keys[start:start + 500]
        marks = ",".join("?" for _ in chunk)
        for key, *row in db.execute(f"SELECT url_key, {_ROW} FROM refused_pages "
                                    f"WHERE url_key IN ({marks})", chunk):
            yield key, tuple(row)


def refused_page(db: Database, key: str) -> tuple[str, str, str, int] | None:
    """The row of the page keyed ``key``: ``(reason, last_seen, next_look_at, refusals)``, or
    ``None`` when it was not refused (or was stored since)."""
    row = db.execute(f"SELECT {_ROW} FROM refused_pages WHERE url_key = ?",
                     [key]).fetchone()
    return None if row is None else tuple(row)
