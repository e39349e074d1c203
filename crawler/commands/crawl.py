"""``crawler crawl``: crawl site profiles (or ad-hoc URLs) into one database, safely from cron.

One process, one lock: the database's lock file (``crawler/lock.py``) is taken before anything
is opened; a second run on the same database prints one line naming the holder and exits 75
(``EX_TEMPFAIL``) without writing. Each site gets a ``crawl_runs`` row; a summary table is
printed at the end.

Exit codes: 0 every site finished; 1 a site failed (named on stderr: nothing fetched, the crawl
closed abnormally or its set-up raised, articles, fetch_errors rows or its own crawl_runs row
could not be stored), the database or its ``-wal``/``-shm`` files cannot be written (one line
naming the file and its owner; nothing crawled), the database cannot be opened (its schema is
newer than this crawler, it is not an SQLite file, the disk is full: one line; nothing crawled),
or the run was interrupted; 2 usage error (another application's SQLite file as the
database included: left unchanged), and, at the end of the run, a profile asked for (with
``--all``: any) that does not validate: named in one ``Error:`` line at the start and at the end,
not crawled, the other sites crawled; 3 a site's extraction degraded (or it stored nothing new
for ``RUNS_HEALTH_STALE_HOURS``) and ``--fail-on-degraded``
was given;
75 another crawl holds the lock.
"""

from __future__ import annotations

import argparse
import errno
import logging
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from crawler.commands import help_text
from crawler.commands.table import format_table, percent
from crawler.errors import CrawlerError, os_error_reason
from crawler.lock import EXIT_LOCKED, LockHeld, database_lock

logger = logging.getLogger(__name__)

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_DEGRADED = 3
# Errors of a lock file that cannot be created for want of storage, not for a wrong --db: the run
# fails (exit 1), as a crawl that meets them later does; a usage error (2) would tell cron's
# reader to fix the command line.
STORAGE_UNAVAILABLE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS})


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "crawl", help="crawl sites into the database (cron-safe: locked, recorded, resumable)",
        description=help_text(__doc__))
    p.add_argument("site_names", nargs="*", metavar="SITE", help="site profile names (see `scrapy list`)")
    p.add_argument("--all", action="store_true", help="every profile of the sites file")
    p.add_argument("--url", action="append", default=[], metavar="URL",
                   help="also crawl this site ad hoc, with generic discovery (repeatable)")
    p.add_argument("--language", help="language of the --url sites (default: detected per page)")
    p.add_argument("--timezone", help="time zone of the --url sites' undated times, e.g. Asia/Amman")
    p.add_argument("--db", help="database file (default: the DATABASE setting, output/news.db)")
    p.add_argument("--sites", metavar="FILE", dest="sites_file", help="site profiles file (default: crawler/sites.toml)")
    p.add_argument("--concurrent", action="store_true",
                   help="crawl all sites at once instead of one after another")
    p.add_argument("--log-file", metavar="FILE", help="also write the log to FILE (appended)")
    p.add_argument("--fail-on-degraded", action="store_true",
                   help=f"exit {EXIT_DEGRADED} when a site's extraction health dropped, no page was an "
                        "article, or nothing new was stored for RUNS_HEALTH_STALE_HOURS")
    p.add_argument("--redis", metavar="URL",
                   help="distributed mode: share the frontier in Redis and send articles to `crawler ingest` "
                        "(this process writes no database; see docs/deployment.md)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", dest="settings",
                   help="override a Scrapy/project setting (repeatable)")
    p.set_defaults(func=crawl_command)


def _overrides(pairs: list[str]) -> dict[str, str]:
    overrides = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CrawlerError(f"-s {pair!r}: expected NAME=VALUE")
        overrides[name.strip()] = value
    return overrides


@dataclass
class _Sites:
    """What a run crawls: ``profiles``; ``invalid``, the profiles asked for (named, or every one
    with ``--all``) that do not validate, not crawled; ``invalid_elsewhere``, the file's other
    invalid profiles (not asked for: a warning)."""

    profiles: list
    invalid: tuple = ()
    invalid_elsewhere: tuple = ()


def _profiles(args: argparse.Namespace, sites_file: str | None) -> _Sites:
    """The profiles to crawl: named ones from ``sites_file`` (``--sites`` or ``-s SITES_FILE``,
    else the default file), ad-hoc ones for ``--url``.

    Each profile is validated on its own (``crawler.sites.read_sites_file``): one that does not
    validate is not crawled, the others are. A file that cannot be read or parsed, an unknown
    site name, and nothing valid left to crawl are usage errors (exit 2 at once)."""
    from crawler.sites import adhoc_profile, read_sites_file, site_name_for, sites_file_path

    chosen, invalid, elsewhere = [], (), ()
    if args.site_names or args.all:
        sites = read_sites_file(sites_file)
        names = list(sites.profiles) + [entry.site for entry in sites.invalid if entry.site is not None]
        unknown = [name for name in args.site_names if name not in names]
        if unknown:
            raise CrawlerError(f"no site profile named {', '.join(map(repr, unknown))} "
                               f"(known: {', '.join(dict.fromkeys(names)) or 'none'})")
        if args.all:
            chosen, invalid = list(sites.profiles.values()), sites.invalid
        else:
            wanted = dict.fromkeys(args.site_names)
            chosen = [sites.profiles[name] for name in wanted if name in sites.profiles]
            invalid = tuple(entry for entry in sites.invalid if entry.site in wanted)
            elsewhere = tuple(entry for entry in sites.invalid if entry.site not in wanted)
    for url in dict.fromkeys(args.url):
        try:
            name = site_name_for(url)
        except ValueError as exc:
            raise CrawlerError(f"--url: {exc}") from None
        chosen.append(adhoc_profile(url, name=name, language=args.language, timezone=args.timezone))
    if not chosen and args.all and not invalid:
        raise CrawlerError(f"--all: {sites_file_path(sites_file)} defines no site")
    if not chosen and not invalid:
        raise CrawlerError("name sites to crawl, or give --all or --url URL")
    return _Sites(chosen, invalid, elsewhere)


def _prepare_log_file(path: str) -> None:
    """Create ``--log-file``'s folder (as ``--db``'s is) and check the file can be appended to,
    before the lock is taken: a log that cannot be written stops the run before it leaves anything.

    :raises CrawlerError: naming the file and the reason.
    """
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise CrawlerError(f"cannot write log file {path}: {os_error_reason(exc)}") from None


def _add_log_file(path: str, level: str) -> logging.Handler:
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.setLevel(level)
    logging.getLogger().addHandler(handler)
    return handler


class _RunOutput:
    """The end of the run as printed — the summary table on stdout, ``Error:``/``Warning:`` lines
    on stderr — and, with ``--log-file``, appended to that file too, verbatim: the log file alone
    must say how each run ended, a refused one included, as a ``>> crawl.log 2>&1`` file does
    (it had only the crawl's log lines: QA report, item 5)."""

    def __init__(self, log_file: str | None) -> None:
        self.log_file = log_file

    def out(self, text: str) -> None:
        print(text)
        self.to_log_file(text)

    def err(self, text: str) -> None:
        print(text, file=sys.stderr)
        self.to_log_file(text)

    def to_log_file(self, text: str) -> None:
        if self.log_file is None:
            return
        try:
            with open(self.log_file, "a", encoding="utf-8") as log:
                log.write(text + "\n")
        except OSError as exc:  # it could be written at start: the terminal still has the line
            print(f"Warning: cannot write log file {self.log_file}: {os_error_reason(exc)}", file=sys.stderr)
            self.log_file = None


def crawl_command(args: argparse.Namespace) -> int:
    from crawler.project import check_override_types, project_settings
    from pipelines.gctuning import tune_start_up

    overrides = _overrides(args.settings)
    if args.db:
        overrides["DATABASE"] = args.db
    if args.sites_file:
        overrides["SITES_FILE"] = args.sites_file
    if args.verbose:
        overrides["LOG_LEVEL"] = "DEBUG"
    if args.redis:
        overrides["REDIS_URL"] = args.redis
    check_override_types(overrides, project_settings())
    settings = project_settings(overrides)
    # The crawl's collector thresholds before the imports of its start-up (pipelines/gctuning.py),
    # and crawler.runner's first of those (Scrapy's TLS modules: cheaper while few are loaded).
    tune_start_up(settings)
    import crawler.runner  # noqa: F401
    if settings.get("REDIS_URL"):
        from crawler.distributed import check_redis_url

        check_redis_url(settings.get("REDIS_URL"), "--redis" if args.redis else "REDIS_URL")
    sites = _profiles(args, settings.get("SITES_FILE"))
    if args.log_file:
        _prepare_log_file(args.log_file)
    output = _RunOutput(args.log_file)
    # Each profile asked for that does not validate: one line now (and again at the end); the
    # others are crawled. Nothing valid asked for: nothing to do, a usage error at once.
    for entry in sites.invalid:
        output.err(f"Error: {entry.message}")
    for entry in sites.invalid_elsewhere:
        output.err(f"Warning: {entry.message} (not asked for in this run; no run crawls it until it is fixed)")
    if not sites.profiles:
        return EXIT_USAGE
    try:
        if settings.get("REDIS_URL"):
            # A crawler process of a distributed crawl writes no database: `crawler ingest` does,
            # so there is nothing to lock, and any number of these may run at once.
            return _crawl_distributed(sites, overrides, args, output)
        return _crawl_locked(settings, sites, overrides, args, output)
    except CrawlerError as exc:
        output.to_log_file(f"Error: {exc}")  # `crawler.cli` prints it on stderr
        raise


def _report_invalid(sites: _Sites, output: _RunOutput) -> None:
    """At the end of the run, again, one ``Error:`` line per profile asked for that does not
    validate: a cron mail's reader reads the end first."""
    for entry in sites.invalid:
        output.err(f"Error: not crawled, its profile is invalid: {entry.message}")


def _crawl_locked(settings, sites: _Sites, overrides: dict, args: argparse.Namespace, output: _RunOutput) -> int:
    profiles = sites.profiles
    database = settings.get("DATABASE")
    try:
        lock = database_lock(database)
    except LockHeld as exc:
        output.err(f"Error: {exc}")
        return EXIT_LOCKED
    except OSError as exc:
        if exc.errno in STORAGE_UNAVAILABLE_ERRNOS:  # as a disk that fills during the run: exit 1
            output.err(f"Error: cannot use database {database}: {os_error_reason(exc)}; nothing crawled")
            return EXIT_FAILED
        # its folder cannot be created or written (a file in its place, no permission): usage
        raise CrawlerError(f"cannot use database {database}: {os_error_reason(exc)}") from None
    try:
        from crawler.errors import NotACrawlerDatabase, StorageError
        from crawler.storage import check_writable_database, database_write_problem, open_database

        # Checked once here, before any site starts: each site's storage would refuse the file
        # too, but only in the log, and the file cannot hold a crawl_runs row saying so.
        problem = database_write_problem(database)
        if problem is not None:
            output.err(f"Error: cannot write database {database}: {problem}; nothing crawled")
            return EXIT_FAILED
        check_writable_database(database)  # another application's file: one line, exit 2
        # Opened (created, migrated) once here too: a schema newer than this crawler, a file that
        # is not a database, a full disk... ended each site's crawl as `storage_unavailable`, the
        # cause only in the log, every site of --all trying again (cron QA review, finding 9).
        try:
            open_database(database, busy_timeout=settings.getfloat("STORAGE_BUSY_TIMEOUT")).close()
        except NotACrawlerDatabase:
            raise
        except StorageError as exc:
            output.err(f"Error: {exc}; nothing crawled")
            return EXIT_FAILED
        results = _run_logged(profiles, overrides, args, settings.get("LOG_LEVEL"))
    finally:
        lock.release()

    output.out("\n" + summary_table(database, results, invalid=sites.invalid))
    failed = [r for r in results if r.status == "failed"]
    interrupted = [r for r in results if r.status in ("interrupted", "not run")]
    degraded = [r for r in results if r.degraded]
    if failed:
        output.err("Error: failed: " + "; ".join(f"{r.site} ({r.failure})" for r in failed))
    if interrupted:
        output.err("Error: interrupted before finishing: " + ", ".join(r.site for r in interrupted))
    if degraded:
        output.err("Warning: extraction degraded: " + "; ".join(f"{r.site} ({r.degraded_reason})" for r in degraded))
    _warn_gone_withheld(results, output)
    _warn_bounded(results, output)
    _report_invalid(sites, output)
    if sites.invalid:  # a configuration error: a person must fix the file, whatever else happened
        return EXIT_USAGE
    if failed or interrupted:
        return EXIT_FAILED
    if degraded and args.fail_on_degraded:
        return EXIT_DEGRADED
    return 0


def _run_logged(profiles, overrides: dict, args: argparse.Namespace, level: str):
    """Run the sites' crawls, also logging to ``--log-file`` while they run."""
    from crawler.runner import run_sites

    handler = _add_log_file(args.log_file, level) if args.log_file else None
    try:
        return run_sites(profiles, overrides, concurrent=args.concurrent)
    finally:
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()


def _warn_bounded(results, output: _RunOutput) -> None:
    """One ``Warning:`` line naming the sites a bound stopped before their crawl was done
    (``CLOSESPIDER_TIMEOUT``, ``_PAGECOUNT``, ``_ITEMCOUNT``…: ``crawl_runs.finish_reason``): they
    read ``finished``, and a site that hits its bound every run never reaches the end of its
    frontier, which the next run goes on with (``news.db.jobs``)."""
    bounded = [(r.site, reason) for r in results
               if r.status == "finished" and (reason := str(r.stats.get("finish_reason") or "")).startswith("closespider_")
               and reason != "closespider_errorcount"]
    if bounded:
        output.err("Warning: stopped by a bound before the crawl was done (the next run goes on from "
                   "there): " + "; ".join(f"{site} ({reason})" for site, reason in bounded))


def _warn_gone_withheld(results, output: _RunOutput) -> None:
    """One ``Warning:`` line naming the sites whose run marked no article gone because most of its
    answers said gone (``GONE_STORM_SHARE``): the operator should look at the site, not at the
    stories (their fetch_errors rows are there)."""
    withheld = [r for r in results if r.gone_withheld_reason]
    if withheld:
        output.err("Warning: no article marked gone, the site looks down or broken rather than removing "
                   "stories: " + "; ".join(f"{r.site} ({r.gone_withheld_reason})" for r in withheld))


def _crawl_distributed(sites: _Sites, overrides: dict, args: argparse.Namespace, output: _RunOutput) -> int:
    results = _run_logged(sites.profiles, overrides, args, "INFO")
    for result in results:
        output.out(f"{result.site}: {result.status}")
    _warn_gone_withheld(results, output)
    failed = [r for r in results if r.status in ("failed", "interrupted", "not run")]
    if failed:
        # The reason too (e.g. "crawl closed: redis_out_of_memory"): cron mails only this.
        output.err("Error: not finished: " + ", ".join(r.site + (f" ({r.failure})" if r.failure else "")
                                                       for r in failed))
    _report_invalid(sites, output)
    if sites.invalid:
        return EXIT_USAGE
    return EXIT_FAILED if failed else 0


def summary_table(database: str, results, *, invalid=()) -> str:
    """One line per site: the figures of the ``crawl_runs`` row this run opened for it (its id,
    ``runs/id``) once completed, else those of the crawl's own stats, without health figures
    (the row could not be written: the database became read-only or full; or no row was opened).

    Looked up by site and process id, a run that wrote no row showed an earlier run's figures
    (a container's crawler is always pid 1); and a row left ``running`` showed zeros.
    """
    import os

    from crawler.storage import readonly_uri

    run_ids = [result.run_id for result in results if result.run_id is not None]
    rows: dict[int, dict] = {}
    if run_ids and os.path.exists(database):
        try:
            conn = sqlite3.connect(readonly_uri(database), uri=True, timeout=30)
            conn.row_factory = sqlite3.Row
            try:
                for row in conn.execute(
                    f"SELECT * FROM crawl_runs WHERE id IN ({', '.join('?' * len(run_ids))}) "
                    "AND status != 'running'", run_ids,
                ):
                    rows[row["id"]] = dict(row)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            logger.warning("cannot read crawl_runs for the summary: %s", exc)
    lines = []
    for result in results:
        row = rows.get(result.run_id) or _figures_from_stats(result)
        health = "-"
        if row.get("articles_checked"):
            health = (f"date {percent(row['date_share'])}, title {percent(row['title_share'])}, "
                      f"author {percent(row['author_share'])}, {row['median_words']:.0f} words")
        if result.degraded:
            health = f"DEGRADED: {result.degraded_reason}"
        responses = "/".join(str(row.get(f"responses_{c}xx", 0)) for c in "2345")
        lines.append((result.site, result.status, row.get("requests"), responses,
                      row.get("articles_new"), row.get("articles_updated"), row.get("articles_unchanged"),
                      row.get("articles_duplicate"), row.get("pages_not_articles"), row.get("error_count"), health))
    # a profile asked for that does not validate: not crawled, named with its problem
    lines += [(entry.site or "?", "invalid profile", *[None] * 8, entry.problem) for entry in invalid]
    return format_table(["site", "status", "requests", "2xx/3xx/4xx/5xx", "new", "updated", "unchanged", "dup",
                         "not articles", "errors", "health"], lines)


def _figures_from_stats(result) -> dict:
    """A site's summary figures from its crawl's stats (``{}`` when it has none: it never
    started); the pages rejected as not articles are not in the stats (``None``, shown ``-``)."""
    from dataclasses import asdict

    from crawler.runs import HealthFigures, Verdict, run_record

    if not result.stats:
        return {}
    figures = asdict(run_record(result.site, result.stats, HealthFigures(), started_at="", finished_at="",
                                finish_reason=result.stats.get("finish_reason"), verdict=Verdict(False)))
    figures["pages_not_articles"] = None
    return figures
