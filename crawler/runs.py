"""What one crawl of one site did, and whether the site's extraction has degraded.

A row of ``crawl_runs`` (docs/schema.md) is written when a site's crawl starts and completed
when it closes (``pipelines/runs.py::CrawlRunsExtension``). Its figures come from the crawl's
Scrapy stats, read by key prefix so that counters added later by other components (for
example ``errors/<kind>``) are picked up without a change here, and from a tally of the
articles the crawl stored (extraction health).

Degradation: layout changes break extraction silently — the pages still download, but dates,
bodies or whole articles stop being found. A run is compared with the same site's own recent
history (the median of its last ``history`` non-degraded runs that stored at least
``min_articles`` articles); it is flagged when a share falls below ``ratio`` times the usual
value, or when pages were fetched but none qualified as an article while they usually did.
Runs that were flagged are left out of the history, so a broken site stays flagged until it
is fixed instead of becoming its own new normal.

Everything here is plain Python over dicts and a ``sqlite_utils.Database``; no Scrapy imports.
Settings (read by the extension and passed in): ``RUNS_HEALTH_MIN_ARTICLES``,
``RUNS_HEALTH_MIN_PAGES``, ``RUNS_HEALTH_HISTORY``, ``RUNS_HEALTH_DROP_RATIO``.
"""

from __future__ import annotations

import json
import logging
import os
import statistics
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Callable, Mapping

from sqlite_utils import Database

from crawler.lock import process_alive
from crawler.storage import write_transaction

logger = logging.getLogger(__name__)

STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx")
# Stats keys whose suffix is an error kind; the prefix says where the error happened.
ERROR_PREFIXES = {
    "errors/": "",
    "extract/failed/": "extract/",
    "spider_exceptions/": "spider/",
    # articles/failed/storage: articles extracted but not stored (disk full, read-only, or a
    # write lock another connection held past STORAGE_LOCK_RETRIES): recorded as "storage".
    "articles/failed/": "",
}
# Scrapy's count of failed download attempts, every retry included: it explains a run where no
# page came back ("4 requests: 4 download/DNSLookupError"), but is no count of errors — each
# failure after its retries is counted once by its kind under errors/ (timeout, dns, ...).
ATTEMPT_ERROR_PREFIXES = {"downloader/exception_type_count/": "download/"}
# Not failures: robots.txt refusals, off-site links and stored-article skips are counted
# under their own stats (robotstxt/forbidden, offsite/filtered, dedup/skipped_stored). Our
# middlewares' refusals (FetchRefused: a private address, a host given up) are counted by kind
# (errors/private_address, errors/dns) where the spider records them, not as a download error.
IGNORED_ERROR_KINDS = {"IgnoreRequest", "FetchRefused"}
# A failed extraction is counted by its exception under extract/failed/ (extract/ValueError,
# extract/worker_crashed, extract/page_timeout); the spider also records it as
# errors/extract_failed, errors/worker_crashed or errors/extract_timeout (for its fetch_errors
# row), which must not count it a second time.
EXTRACTION_ERROR_KINDS = {"extract_failed", "worker_crashed", "extract_timeout"}
# Scrapy's total beside its per-exception counts (spider_exceptions/count = the sum of
# spider_exceptions/<Exception>): read as a kind, every callback failure counted twice.
TOTAL_STATS = {"spider_exceptions/count"}
# Stat the extension keeps: 2xx responses other than robots.txt, i.e. pages the site served.
PAGES_OK_STAT = "runs/pages_ok"
# Stat of the store pipeline: extracted articles that could not be written (pipelines/store.py).
STORAGE_LOST_STAT = "articles/failed/storage"
# Stats of FetchErrorsExtension (pipelines/errors.py): fetch_errors rows and gone marks it could
# not write when the spider closed (the database read-only, full, locked past the busy timeout).
FETCH_ERRORS_LOST_STAT = "fetch_errors/lost"
GONE_MARKS_LOST_STAT = "gone/lost"
# Stat of CrawlRunsExtension: the id of the crawl_runs row this crawl opened (the summary of
# `crawler crawl` reads that row, not the site's latest one of this pid).
RUN_ID_STAT = "runs/id"
# Stat of CrawlRunsExtension: 1 when the crawl's crawl_runs row could not be completed.
RUN_UNRECORDED_STAT = "runs/unrecorded"
# Stat of FetchErrorsExtension (pipelines/errors.py): the URLs whose answer said gone in a run
# that withheld its gone marks, its gone answers being most of its responses (GONE_STORM_SHARE).
# Set at spider_closed, before CrawlRunsExtension reads the stats (EXTENSIONS order).
GONE_WITHHELD_STAT = "gone/withheld"
# Close reason of a crawl whose set-up raised (a pipeline's open_spider, the scheduler's open...;
# crawler/runner.py::GuardedCrawler), and the stat that holds the error in one line. Scrapy
# closed such a crawl as "shutdown", which read as interrupted by the operator.
SETUP_FAILED_REASON = "setup_failed"
SETUP_ERROR_STAT = "runs/setup_error"
# Longest exception message kept in a failure (crawl_runs.failure, the Error: line).
_EXCEPTION_LINE_MAX = 300


# --- health --------------------------------------------------------------------------------
@dataclass(frozen=True)
class HealthFigures:
    """Extraction health of one run. Shares are 0..1; ``None`` when there was nothing to measure."""

    pages_fetched: int = 0
    """Article-candidate pages handed to extraction."""
    articles: int = 0
    """Of those, pages that became stored articles (new, updated, unchanged or duplicate)."""
    date_share: float | None = None
    author_share: float | None = None
    title_share: float | None = None
    median_words: float | None = None
    rejected_share: float | None = None
    """Share of ``pages_fetched`` rejected as not articles (or invalid)."""

    @property
    def article_share(self) -> float | None:
        return None if self.rejected_share is None else 1 - self.rejected_share


@dataclass
class HealthTally:
    """Running count of a crawl's article-candidate pages; :meth:`figures` summarises it."""

    pages_fetched: int = 0
    rejected: int = 0
    with_date: int = 0
    with_author: int = 0
    with_title: int = 0
    word_counts: list[int] = field(default_factory=list)

    def add_article(self, *, has_date: bool, has_author: bool, has_title: bool, words: int) -> None:
        self.pages_fetched += 1
        self.with_date += has_date
        self.with_author += has_author
        self.with_title += has_title
        self.word_counts.append(words)

    def add_rejected(self) -> None:
        self.pages_fetched += 1
        self.rejected += 1

    def figures(self) -> HealthFigures:
        articles = len(self.word_counts)

        def share(n: int, of: int) -> float | None:
            return round(n / of, 4) if of else None

        return HealthFigures(
            pages_fetched=self.pages_fetched,
            articles=articles,
            date_share=share(self.with_date, articles),
            author_share=share(self.with_author, articles),
            title_share=share(self.with_title, articles),
            median_words=float(statistics.median(self.word_counts)) if articles else None,
            rejected_share=share(self.rejected, self.pages_fetched),
        )


@dataclass(frozen=True)
class Verdict:
    degraded: bool
    reason: str | None = None


# Figures compared with history, and how they are named in a reason.
_COMPARED = (
    ("date_share", "share of articles with a date"),
    ("title_share", "share of articles with a title"),
    ("author_share", "share of articles with an author"),
    ("article_share", "share of fetched pages that are articles"),
    ("median_words", "median body length (words)"),
)


def _fmt(name: str, value: float) -> str:
    return f"{value:.0f}" if name == "median_words" else f"{value:.0%}"


# Skips that are not candidate pages (a listing, a PDF): not reasons a page was no article.
_NOT_CANDIDATES = {"listing", "not_html"}


def rejection_reasons(stats: Mapping[str, object]) -> dict[str, int]:
    """``{"too_short": 300}``: why fetched candidate pages were not articles (``pages/skipped/*``)."""
    prefix = "pages/skipped/"
    return {key[len(prefix):]: int(value) for key, value in stats.items()
            if key.startswith(prefix) and key[len(prefix):] not in _NOT_CANDIDATES}


def _rejections(rejected: Mapping[str, int] | None) -> str:
    """``: 300 too_short`` (the reasons pages were not articles, most first), or ``""``."""
    counts = sorted(((n, why) for why, n in (rejected or {}).items() if n), reverse=True)
    return (": " + ", ".join(f"{n} {why}" for n, why in counts)) if counts else ""


def assess_health(current: HealthFigures, history: list[HealthFigures], *, min_articles: int = 5,
                  min_pages: int = 5, ratio: float = 0.5,
                  rejected: Mapping[str, int] | None = None) -> Verdict:
    """Is ``current`` well below the site's usual figures (``history``, most recent first)?

    History entries with fewer than ``min_articles`` articles are ignored; with no usable
    history only a run in which no page qualified as an article is flagged. A run that fetched
    fewer than ``min_pages`` candidate pages (e.g. a rerun that found everything already stored)
    is not judged. ``rejected`` (reason -> pages, the ``pages/skipped/<reason>`` stats) is named
    in the reason of a run without articles.
    """
    usable = [h for h in history if h.articles >= min_articles]
    if current.pages_fetched < min_pages:
        return Verdict(False)
    # Pages a site's every run refuses (video and gallery pages, briefs under min_words: not
    # stored, so fetched again each run) are its usual chaff. A quiet run, whose only candidates
    # were these and a new story or none, read "no page qualified" or "share of fetched pages
    # that are articles 14% (usually 77%)", and exited 3 under --fail-on-degraded every time:
    # only refusals beyond the usual ones (RUNS_HEALTH_MIN_PAGES of them) say the extraction broke.
    usual_refused = statistics.median(max(0, h.pages_fetched - h.articles) for h in usable) if usable else 0
    refused_beyond_usual = current.pages_fetched - current.articles - usual_refused
    if current.articles == 0:
        if refused_beyond_usual < min_pages:
            return Verdict(False)
        # With no usable history too: a new profile whose every page is rejected (too short, no
        # body), or a site that never stored enough to have a history, was "ok" run after run,
        # for good, since a run without articles never becomes history.
        usual = (f"usually {statistics.median(h.articles for h in usable):.0f} articles" if usable
                 else f"no earlier run stored {min_articles} or more")
        return Verdict(True, f"no page qualified as an article ({current.pages_fetched} fetched; "
                             f"{usual}{_rejections(rejected)})")
    if not usable:
        return Verdict(False)
    reasons = []
    for name, label in _COMPARED:
        now = getattr(current, name)
        past = [v for h in usable if (v := getattr(h, name)) is not None]
        if now is None or not past:
            continue
        if name != "article_share" and current.articles < min_articles:
            continue  # too few articles for a share to mean anything
        if name == "article_share" and refused_beyond_usual < min_pages:
            continue  # no more pages refused than usual: fewer new stories, not a broken page
        usual = statistics.median(past)
        # A figure that is usually near zero (a site that never names authors) cannot drop.
        floor = 50 if name == "median_words" else 0.2
        if usual >= floor and now < usual * ratio:
            reasons.append(f"{label} {_fmt(name, now)} (usually {_fmt(name, usual)})")
    return Verdict(bool(reasons), "; ".join(reasons) or None)


# --- stats -> figures ------------------------------------------------------------------------
def responses_by_class(stats: Mapping[str, object]) -> dict[str, int]:
    """``{"2xx": n, "3xx": n, "4xx": n, "5xx": n}`` from ``downloader/response_status_count/*``."""
    counts = dict.fromkeys(STATUS_CLASSES, 0)
    prefix = "downloader/response_status_count/"
    for key, value in stats.items():
        if key.startswith(prefix):
            code = key[len(prefix):]
            bucket = f"{code[:1]}xx"
            if bucket in counts:
                counts[bucket] += int(value)
    return counts


def errors_by_kind(stats: Mapping[str, object], prefixes: Mapping[str, str] = ERROR_PREFIXES) -> dict[str, int]:
    """Error counts keyed ``<kind>``, ``extract/<Exception>``, ``spider/<Exception>`` (with
    :data:`ATTEMPT_ERROR_PREFIXES`: ``download/<Exception>`` per failed attempt)."""
    errors: dict[str, int] = {}
    for key, value in stats.items():
        if key in TOTAL_STATS:
            continue
        for prefix, label in prefixes.items():
            if key.startswith(prefix):
                kind = key[len(prefix):].rsplit(".", 1)[-1]  # twisted.internet.error.X -> X
                if kind in IGNORED_ERROR_KINDS or (prefix == "errors/" and kind in EXTRACTION_ERROR_KINDS):
                    break
                name = label + kind
                errors[name] = errors.get(name, 0) + int(value)
                break
    return dict(sorted(errors.items()))


def exception_line(exc: BaseException) -> str:
    """``RuntimeError: the model file is missing``: an exception's type and message on one line
    (whitespace folded, the message cut at 300 characters), as a failure reason shows it."""
    message = " ".join(str(exc).split())
    if len(message) > _EXCEPTION_LINE_MAX:
        message = message[:_EXCEPTION_LINE_MAX - 1] + "…"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def setup_failure(error: str | None) -> str:
    """The failure of a crawl whose set-up raised ``error`` (an :func:`exception_line`)."""
    return "crawl set-up failed" + (f": {error}" if error else "")


def failure_reason(stats: Mapping[str, object], finish_reason: str | None) -> str | None:
    """Why the site failed, or ``None`` when it did not.

    A site failed when its crawl's set-up raised (``setup_failed``: the error, from
    ``runs/setup_error``); when the crawl closed for a reason other than finishing, a shutdown
    request or a configured bound (``closespider_*`` but ``closespider_errorcount``, which
    stopped it for its errors); when articles it extracted could not be stored
    (``articles/failed/storage``: disk full, read-only, the database locked by another
    connection past its retries), or the run's ``fetch_errors`` rows or gone marks could not be
    (``fetch_errors/lost``, ``gone/lost``), whatever the close reason — the crawl's own close may
    already have begun (``finished``) when the last batch failed; or when not one page besides
    robots.txt came back with a 2xx response (DNS failure, connection refused, every request
    4xx/5xx...).
    """
    if finish_reason == SETUP_FAILED_REASON:
        return setup_failure(stats.get(SETUP_ERROR_STAT))
    lost = int(stats.get(STORAGE_LOST_STAT, 0) or 0)
    rows_lost = int(stats.get(FETCH_ERRORS_LOST_STAT, 0) or 0)
    marks_lost = int(stats.get(GONE_MARKS_LOST_STAT, 0) or 0)
    not_stored = "; ".join(
        ([f"{lost} article(s) could not be stored"] if lost else [])
        + ([f"{rows_lost} fetch_errors row(s) and {marks_lost} gone mark(s) could not be stored"]
           if rows_lost or marks_lost else [])) or None
    if finish_reason and finish_reason not in ("finished", "shutdown") \
            and not _is_configured_bound(finish_reason):
        return f"crawl closed: {finish_reason}" + (f" ({not_stored})" if not_stored else "")
    if not_stored:
        return not_stored
    if int(stats.get(PAGES_OK_STAT, 0) or 0) > 0:
        return None
    if finish_reason == "shutdown":
        return None  # stopped by the operator before anything came back: interrupted, not failed
    requests = int(stats.get("downloader/request_count", 0) or 0)
    errors = errors_by_kind(stats, {**ERROR_PREFIXES, **ATTEMPT_ERROR_PREFIXES})
    classes = {k: v for k, v in responses_by_class(stats).items() if v and k != "2xx"}
    details = [f"{n} {kind}" for kind, n in sorted(errors.items(), key=lambda kv: -kv[1])[:3]]
    details += [f"{n} {cls} responses" for cls, n in classes.items()]
    refused = int(stats.get("robotstxt/forbidden", 0) or 0)
    # A robots.txt that could not be fetched disallows every page (RFC 9309; pipelines/middlewares.py)
    unfetched = ", which could not be fetched" if stats.get("robotstxt/unavailable") else ""
    return f"no page could be fetched ({requests} requests" + \
        (f": {', '.join(details)}" if details else "") + \
        (f"; {refused} URL(s) refused by robots.txt{unfetched})" if refused else ")")


def _is_configured_bound(finish_reason: str) -> bool:
    """A close reason of Scrapy's CloseSpider extension that ends a healthy crawl (its time,
    page or item budget) — not ``closespider_errorcount``: that many callbacks raised."""
    return finish_reason.startswith("closespider_") and finish_reason != "closespider_errorcount"


def unrecorded_failure(failure: str | None, error: str) -> str:
    """The failure of a run whose own ``crawl_runs`` row could not be written (``error``), beside
    the run's ``failure`` if it had one: cron must not read success from a run that left no
    record of itself (it had exited 0, its summary all zeros, and the next run marked its row
    ``killed``: cron QA review, finding 3)."""
    unrecorded = f"its crawl_runs row could not be written: {error}"
    return f"{failure}; {unrecorded}" if failure else unrecorded


def run_status(finish_reason: str | None, failure: str | None) -> str:
    """``failed``, ``interrupted`` (SIGTERM/Ctrl-C) or ``finished``."""
    if failure:
        return "failed"
    return "interrupted" if finish_reason == "shutdown" else "finished"


@dataclass
class RunRecord:
    """One ``crawl_runs`` row (columns as in docs/schema.md)."""

    site: str
    started_at: str
    finished_at: str | None = None
    finish_reason: str | None = None
    status: str = "running"
    failure: str | None = None
    requests: int = 0
    responses_2xx: int = 0
    responses_3xx: int = 0
    responses_4xx: int = 0
    responses_5xx: int = 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    articles_duplicate: int = 0
    pages_fetched: int = 0
    pages_not_articles: int = 0
    error_count: int = 0
    errors: str = "{}"
    articles_checked: int = 0
    date_share: float | None = None
    author_share: float | None = None
    title_share: float | None = None
    median_words: float | None = None
    rejected_share: float | None = None
    degraded: int = 0
    degraded_reason: str | None = None
    gone_withheld: int = 0
    """URLs whose answer said gone when the run withheld its gone marks (a gone storm), else 0."""

    @property
    def health(self) -> HealthFigures:
        return HealthFigures(self.pages_fetched, self.articles_checked, self.date_share,
                             self.author_share, self.title_share, self.median_words,
                             self.rejected_share)


def run_record(site: str, stats: Mapping[str, object], health: HealthFigures, *, started_at: str,
               finished_at: str, finish_reason: str | None, verdict: Verdict) -> RunRecord:
    """The completed row for one site's crawl, from its stats and health tally."""
    failure = failure_reason(stats, finish_reason)
    errors = errors_by_kind(stats)
    classes = responses_by_class(stats)
    duplicates = sum(int(v) for k, v in stats.items() if k.startswith("articles/duplicate/"))
    return RunRecord(
        site=site,
        started_at=started_at,
        finished_at=finished_at,
        finish_reason=finish_reason,
        status=run_status(finish_reason, failure),
        failure=failure,
        requests=int(stats.get("downloader/request_count", 0) or 0),
        responses_2xx=classes["2xx"],
        responses_3xx=classes["3xx"],
        responses_4xx=classes["4xx"],
        responses_5xx=classes["5xx"],
        articles_new=int(stats.get("articles/new", 0) or 0),
        articles_updated=int(stats.get("articles/updated", 0) or 0),
        articles_unchanged=int(stats.get("articles/unchanged", 0) or 0),
        articles_duplicate=duplicates,
        pages_fetched=health.pages_fetched,
        pages_not_articles=health.pages_fetched - health.articles,
        error_count=sum(errors.values()),
        errors=json.dumps(errors),
        articles_checked=health.articles,
        date_share=health.date_share,
        author_share=health.author_share,
        title_share=health.title_share,
        median_words=health.median_words,
        rejected_share=health.rejected_share,
        degraded=int(verdict.degraded),
        degraded_reason=verdict.reason,
        gone_withheld=int(stats.get(GONE_WITHHELD_STAT, 0) or 0),
    )


# --- the crawl_runs table --------------------------------------------------------------------
def start_run(db: Database, site: str, started_at: str, pid: int | None = None, *,
              exclusive: bool = False) -> int:
    """Insert the ``running`` row of a starting crawl; return its id.

    Rows of earlier runs still ``running`` whose process is gone are marked ``killed`` first:
    their process died without closing (SIGKILL, OOM, power loss). With ``exclusive`` (this
    process holds the database's crawl lock, ``crawler/lock.py``, so no other process crawls
    into it) that is every ``running`` row, of any site, that this process did not open: a
    process id says nothing then, since a killed run's pid may be in use again (a container's
    crawler is always pid 1; after a reboot). The rows of the sites this process crawls at the
    same moment (``crawler crawl --concurrent``) are kept. Without it, only the site's rows
    whose pid is not this process's and is not alive are marked (a caller that holds no lock
    cannot know a live pid's process is not a crawl).
    """
    pid = os.getpid() if pid is None else pid
    database = _database_file(db)
    own = _OPENED_HERE.setdefault(database, set())
    with write_transaction(db):
        if exclusive:
            for (run_id,) in db.execute("SELECT id FROM crawl_runs WHERE status = 'running'").fetchall():
                if run_id not in own:
                    _mark_killed(db, run_id)
        else:
            for run_id, old_pid in db.execute(
                "SELECT id, pid FROM crawl_runs WHERE site = ? AND status = 'running'", [site]
            ).fetchall():
                if old_pid != pid and not process_alive(old_pid):
                    _mark_killed(db, run_id)
        cursor = db.execute(
            "INSERT INTO crawl_runs (site, started_at, status, pid) VALUES (?, ?, 'running', ?)",
            [site, started_at, pid],
        )
    own.add(cursor.lastrowid)
    return cursor.lastrowid


def _mark_killed(db: Database, run_id: int) -> None:
    """Mark the ``running`` row ``run_id``, whose process died without closing it, ``killed``;
    say so at WARNING (it was done without a word: a killed crawl is a cron job that needs a look),
    and fill in its ``articles_new`` from the articles of its site first seen while it ran.

    That count is exact: one crawl of a site writes at a time, an article's ``first_seen_at`` is
    the time its row was inserted, and the window ends where the site's next run started (if
    any; else now). The progress updates (``RUNS_PROGRESS_INTERVAL``) recorded 0 for a run killed
    inside its first interval. The larger of the two is kept. The count reads the site's
    articles through ``idx_articles_site_published``: once per killed run."""
    site, started_at, pid, recorded = db.execute(
        "SELECT site, started_at, pid, articles_new FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
    # The site's next run is the next row by id, not the earliest later start: after the clock
    # stepped back (an NTP correction, a VM restored) a later run can hold an earlier time.
    next_run = db.execute(
        "SELECT started_at FROM crawl_runs WHERE site = ? AND id > ? ORDER BY id LIMIT 1", [site, run_id]).fetchone()
    window_end = next_run[0] if next_run else None
    counted = db.execute(
        "SELECT COUNT(*) FROM articles WHERE site = ? AND first_seen_at >= ? AND (? IS NULL OR first_seen_at < ?)",
        [site, started_at, window_end, window_end]).fetchone()[0] if started_at else 0
    articles_new = max(recorded or 0, counted)
    db.execute("UPDATE crawl_runs SET status = 'killed', articles_new = ? WHERE id = ?", [articles_new, run_id])
    logger.warning("crawl run %d of %s (started %s, pid %s) was still 'running' but its process is gone "
                   "(SIGKILL, OOM, reboot): marked killed, with %d new article(s)",
                   run_id, site, started_at, pid, articles_new)


# Per database file, the ids of the crawl_runs rows this process opened and has not closed:
# the crawls running in this process now (several with `crawler crawl --concurrent`).
_OPENED_HERE: dict[str, set[int]] = {}


def _database_file(db: Database) -> str:
    """The main file of ``db`` (``""`` for an in-memory database)."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return os.path.realpath(file) if file else ""
    return ""


# Columns a running crawl keeps up to date; the rest are set when it closes.
_PROGRESS_COLUMNS = ("requests", "responses_2xx", "responses_3xx", "responses_4xx", "responses_5xx",
                     "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate",
                     "pages_fetched", "pages_not_articles", "error_count", "errors", "articles_checked",
                     "date_share", "author_share", "title_share", "median_words", "rejected_share")


def record_progress(db: Database, run_id: int, record: RunRecord) -> None:
    """Bring a ``running`` row's counts up to date (a row already closed is left alone), so
    that readers see a crawl's progress and a crawl that dies without closing (SIGKILL, OOM)
    keeps what it had done by its last update."""
    values = asdict(record)
    assignments = ", ".join(f"{name} = ?" for name in _PROGRESS_COLUMNS)
    with write_transaction(db):
        db.execute(f"UPDATE crawl_runs SET {assignments} WHERE id = ? AND status = 'running'",
                   [*(values[name] for name in _PROGRESS_COLUMNS), run_id])


def finish_run(db: Database, run_id: int, record: RunRecord) -> None:
    values = asdict(record)
    assignments = ", ".join(f"{name} = ?" for name in values)
    with write_transaction(db):
        db.execute(f"UPDATE crawl_runs SET {assignments} WHERE id = ?", [*values.values(), run_id])
    _OPENED_HERE.get(_database_file(db), set()).discard(run_id)


def health_history(db: Database, site: str, *, before_id: int | None = None, limit: int = 5,
                   min_articles: int = 5) -> list[HealthFigures]:
    """Health of the site's last ``limit`` completed, non-degraded runs that stored enough articles."""
    rows = db.execute(
        """
        SELECT pages_fetched, articles_checked, date_share, author_share, title_share,
               median_words, rejected_share
        FROM crawl_runs
        WHERE site = ? AND status IN ('finished', 'interrupted') AND degraded = 0
          AND articles_checked >= ? AND id < ?
        ORDER BY id DESC LIMIT ?
        """,
        [site, min_articles, before_id if before_id is not None else 2**62, limit],
    ).fetchall()
    return [HealthFigures(*row) for row in rows]


@dataclass(frozen=True)
class HealthSettings:
    """``RUNS_HEALTH_*`` (docs/settings.md): how a completed run is judged, locally or by the writer
    of a distributed crawl."""

    min_articles: int = 5
    min_pages: int = 5
    history: int = 5
    ratio: float = 0.5
    stale_hours: float = 48.0

    @classmethod
    def from_settings(cls, settings) -> "HealthSettings":
        return cls(min_articles=settings.getint("RUNS_HEALTH_MIN_ARTICLES"),
                   min_pages=settings.getint("RUNS_HEALTH_MIN_PAGES"),
                   history=settings.getint("RUNS_HEALTH_HISTORY"),
                   ratio=settings.getfloat("RUNS_HEALTH_DROP_RATIO"),
                   stale_hours=settings.getfloat("RUNS_HEALTH_STALE_HOURS"))

    def for_site(self, stale_hours: float | None) -> "HealthSettings":
        """These settings for one site: its profile's ``stale_hours`` (``None``: not set, this
        object's ``RUNS_HEALTH_STALE_HOURS`` holds). A site crawled weekly read "no new article"
        and "NOT CRAWLED" five days in seven under the one global window."""
        return self if stale_hours is None else replace(self, stale_hours=float(stale_hours))


def judge_health(db: Database, site: str, figures: HealthFigures, stats: dict, *, before_id: int | None,
                 health: HealthSettings) -> Verdict:
    """The run's extraction figures against the site's earlier runs (:func:`assess_health`)."""
    history = health_history(db, site, before_id=before_id, limit=health.history, min_articles=health.min_articles)
    return assess_health(figures, history, min_articles=health.min_articles, min_pages=health.min_pages,
                         ratio=health.ratio, rejected=rejection_reasons(stats))


def stale_verdict(db: Database, record: RunRecord, verdict: Verdict, *, before_id: int | None, now: str,
                  health: HealthSettings) -> Verdict | None:
    """A run neither degraded nor failed that found nothing new (no article, update or copy),
    judged by :func:`assess_staleness`: its degraded verdict, or ``None``."""
    found = record.articles_new + record.articles_updated + record.articles_duplicate
    if verdict.degraded or record.failure is not None or found:
        return None
    stale = assess_staleness(db, record.site, before_id=before_id, now=now, hours=health.stale_hours)
    return stale if stale.degraded else None


def assess_staleness(db: Database, site: str, *, before_id: int | None, now: str, hours: float) -> Verdict:
    """Has the site found no new article (nor an update, nor a copy of a stored one) for
    ``hours``, though it did before? A copy counts: the site publishes, and discovery finds it.

    For a run that found nothing: a site whose sitemap moved or whose pages turned into a
    script app yields no candidate page at all, which :func:`assess_health` cannot judge (a
    rerun that found everything stored looks the same), so its runs read "finished", "ok", for
    months. Measured from the end of the site's last run that found one
    (``crawl_runs``), so a site crawled rarely is judged by what it found the last time;
    ``hours`` <= 0: never flagged."""
    if hours <= 0:
        return Verdict(False)
    before = before_id if before_id is not None else 2**62
    row = db.execute(
        "SELECT id, COALESCE(finished_at, started_at) FROM crawl_runs WHERE site = ? AND id < ? "
        "AND (articles_new > 0 OR articles_updated > 0 OR articles_duplicate > 0) ORDER BY id DESC LIMIT 1", [site, before]).fetchone()
    if row is None:
        return _never_found(db, site, before=before, now=now, hours=hours)
    last_id, last_at = row
    try:
        age = datetime.fromisoformat(now) - datetime.fromisoformat(last_at)
    except (TypeError, ValueError):
        return Verdict(False)
    if age < timedelta(hours=hours):
        return Verdict(False)
    runs = db.execute("SELECT COUNT(*) FROM crawl_runs WHERE site = ? AND id > ? AND id < ?",
                      [site, last_id, before]).fetchone()[0] + 1
    return Verdict(True, f"no new article for {age / timedelta(hours=1):.0f} h ({runs} run(s) since the "
                         f"last that found one, which ended {last_at}): its sitemaps, feeds or "
                         "section pages may have moved")


def _never_found(db: Database, site: str, *, before: int, now: str, hours: float) -> Verdict:
    """No recorded run of the site found anything: flagged once its recorded runs span ``hours``.
    A new profile whose discovery yields no candidate page at all (its sitemap on another host,
    a home page the script app draws, links the crawl does not follow) fetches nothing
    :func:`assess_health` can judge, and read "finished", "ok" run after run, for good (a site whose
    pages are fetched and all refused is :func:`assess_health`'s case, from its first run). The
    same holds for a site whose last productive run a retention job deleted."""
    first = db.execute("SELECT MIN(id), COUNT(*) FROM crawl_runs WHERE site = ? AND id < ?", [site, before]).fetchone()
    if not first or first[0] is None:
        return Verdict(False)  # its first run: judged by its figures alone
    first_at = db.execute("SELECT started_at FROM crawl_runs WHERE id = ?", [first[0]]).fetchone()[0]
    try:
        age = datetime.fromisoformat(now) - datetime.fromisoformat(first_at)
    except (TypeError, ValueError):
        return Verdict(False)
    if age < timedelta(hours=hours):
        return Verdict(False)
    return Verdict(True, f"no article found in {age / timedelta(hours=1):.0f} h ({first[1] + 1} run(s) recorded "
                         f"since {first_at}, none of which found one): its sitemaps, feeds or section pages may "
                         "be elsewhere, or its article links unread")


@dataclass(frozen=True)
class SiteOverview:
    """One line of ``crawler stats``."""

    site: str
    articles: int
    newest_article: str | None
    last_run: str | None
    last_status: str | None
    last_success: str | None
    """Start of the site's last ``finished`` run (the last by id, whatever its timestamp)."""
    error_rate: float | None
    """Errors per request in the last completed run."""
    degraded: bool
    degraded_reason: str | None
    running_since: str | None = None
    """Start of the crawl of the site now in progress (a ``running`` row whose process is
    alive on this machine), else ``None``."""
    last_failure: str | None = None
    """Why the last completed run failed (``crawl_runs.failure``), else ``None``."""
    gone_withheld: int = 0
    """URLs whose answer said gone in the last completed run, when that run withheld its gone
    marks (``crawl_runs.gone_withheld``: the site looked down or broken), else 0."""


def _stale_hours() -> float:
    from crawler import settings as project_settings

    return float(project_settings.RUNS_HEALTH_STALE_HOURS)


def _hours_ago(hours: float) -> str | None:
    """``utc_now()``'s form of the time ``hours`` ago (``None`` for 0: no limit)."""
    if hours <= 0:
        return None
    return (datetime.now(timezone.utc) - timedelta(hours=hours)).isoformat(timespec="seconds")


def site_overview(db: Database, *, stale_hours: Callable[[str], float] | None = None) -> list[SiteOverview]:
    """Per site (every site with articles or runs): the figures ``crawler stats`` prints.

    :param stale_hours: ``site -> hours``, the site's staleness window (its profile's
        ``stale_hours``: ``HealthSettings.for_site``); if ``None``, ``RUNS_HEALTH_STALE_HOURS``
        for every site. An open distributed row older than it is not "crawling since".

    "Last" is by the order rows were written (``crawl_runs.id``), never by a timestamp: after
    the clock stepped back (an NTP correction, a VM restored from a snapshot) an older run can
    hold a later ``started_at``, and a "last success" taken as the latest time kept showing
    that run while every run since failed."""
    has_runs = db["crawl_runs"].exists()
    # A reader opens older files as they are: crawl_runs.gone_withheld is there since version 11.
    gone_withheld = "r.gone_withheld" if has_runs and "gone_withheld" in db["crawl_runs"].columns_dict else "0"
    articles = {
        site: (n, newest)
        for site, n, newest in db.execute(
            "SELECT site, COUNT(*), MAX(COALESCE(published_at, first_seen_at)) FROM articles GROUP BY site"
        )
    }
    runs: dict[str, tuple] = {}
    if has_runs:
        for row in db.execute(
            """
            WITH RECURSIVE sites(site) AS (
                SELECT MIN(site) FROM crawl_runs
                UNION ALL
                SELECT (SELECT MIN(x.site) FROM crawl_runs x WHERE x.site > sites.site) FROM sites
                WHERE sites.site IS NOT NULL
            )
            SELECT r.site, r.started_at, r.status, r.requests, r.error_count, r.degraded, r.degraded_reason,
                   (SELECT s.started_at FROM crawl_runs s WHERE s.site = r.site AND s.status = 'finished'
                    ORDER BY s.id DESC LIMIT 1),
                   r.failure, {gone_withheld}
            FROM sites
            JOIN crawl_runs r ON r.id = (SELECT x.id FROM crawl_runs x WHERE x.site = sites.site
                                         AND x.status != 'running' ORDER BY x.id DESC LIMIT 1)
            """.format(gone_withheld=gone_withheld)
            # Per site, its last completed row through idx_crawl_runs_site (site, id), read from
            # the newest: every row of the table, each with a look-up of its site's last one, took
            # 5 s for 200 sites with 2,000 runs each (cron every few hours for a year). The sites
            # themselves by one index seek each (the next name after the last), not by reading
            # every entry of the index as SELECT DISTINCT did.
        ):
            runs[row[0]] = row[1:]
    running: dict[str, str] = {}
    if has_runs:
        # A first crawl that has stored nothing yet is a site too; a row whose process died
        # (SIGKILL, power loss) stays 'running' until the site's next crawl marks it 'killed'.
        # A distributed run's row holds the writer's pid, alive as long as the writer runs: one
        # of its crawler processes killed, the row stays open until the site's next run, so it is
        # read as running only while it is recent (the site's own staleness window, as NOT
        # CRAWLED reads it: a weekly site's row of two days ago is still its crawl), or a site whose
        # crawls then stopped altogether showed "crawling since" for good and never NOT CRAWLED.
        # Through idx_crawl_runs_running (since version 18; a scan of the whole table before).
        distributed = "distributed_run" if "distributed_run" in db["crawl_runs"].columns_dict else "NULL"
        if stale_hours is None:
            default_hours = _stale_hours()
            stale_hours = lambda site: default_hours  # noqa: E731
        for site, started, pid, run in db.execute(
                f"SELECT site, started_at, pid, {distributed} FROM crawl_runs WHERE status = 'running' ORDER BY id"):
            recent = _hours_ago(stale_hours(site)) if run is not None else None
            if process_alive(pid) and (recent is None or (started or "") >= recent):
                running[site] = started
    overview = []
    for site in sorted(set(articles) | set(runs) | set(running), key=lambda s: s or ""):
        count, newest = articles.get(site, (0, None))
        started, status, requests, errors, degraded, reason, success, failure, withheld = runs.get(
            site, (None, None, None, None, 0, None, None, None, 0))
        overview.append(SiteOverview(
            site=site or "-", articles=count, newest_article=newest, last_run=started,
            last_status=status, last_success=success,
            error_rate=round(errors / requests, 4) if requests else None,
            degraded=bool(degraded), degraded_reason=reason, running_since=running.get(site),
            last_failure=failure, gone_withheld=withheld or 0,
        ))
    return overview
