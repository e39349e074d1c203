"""``make demo`` / ``crawler demo``: serve the bundled sample site on 127.0.0.1 and crawl it.

The sample site (``crawler/demo_site/``) is a small fictional bilingual outlet written for the
project, with realistic chrome, robots.txt, sitemaps and a feed; nothing leaves the machine.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from crawler.errors import CrawlerError, os_error_reason
from crawler.fixture_server import FixtureServer, wait_for_stop_signal
from crawler.lock import EXIT_LOCKED, LockHeld, database_lock
from crawler.runner import run_spider
from crawler.sites import adhoc_profile

DEMO_SITE = Path(__file__).with_name("demo_site")
DEMO_TIMEZONE = "Asia/Amman"
# A fixed port keeps the sample site's URLs stable, so a second demo run finds them stored.
DEMO_PORT = 8765

# The demo talks to a loopback server: no need to wait politely between requests.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_START_DELAY": 0.01,
    "AUTOTHROTTLE_MAX_DELAY": 0.5,
    "LOG_LEVEL": "WARNING",
}


def demo_profile(base_url: str):
    # The sample outlet is in Amman: its datelines without a zone are Amman time.
    return adhoc_profile(base_url + "/", name="demo", timezone=DEMO_TIMEZONE)


def _demo_server(port: int) -> FixtureServer:
    """The sample site on ``port`` (stable URLs across demo runs), or any free port."""
    try:
        return FixtureServer(DEMO_SITE, port=port).start()
    except OSError:
        print(f"Port {port} is busy; serving on a free port (URLs differ from earlier runs).")
        return FixtureServer(DEMO_SITE, port=0).start()


def run_demo(database: str | Path = "output/demo.db", keep_serving: bool = False,
             port: int = DEMO_PORT) -> int:
    database = Path(database)
    try:
        lock = database_lock(database)  # as `crawler crawl`: one crawl per database
    except LockHeld as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:
        raise CrawlerError(f"cannot use database {database}: {os_error_reason(exc)}") from None
    try:
        from crawler.storage import check_writable_database

        check_writable_database(database)  # another application's file: one line, exit 2
        return _serve_and_crawl(database, keep_serving, port)
    finally:
        lock.release()


def _serve_and_crawl(database: Path, keep_serving: bool, port: int) -> int:
    server = _demo_server(port)
    try:
        print(f"Serving the sample site at {server.base_url}/")
        started = time.monotonic()
        stats = run_spider(demo_profile(server.base_url), {**DEMO_SETTINGS, "DATABASE": str(database)})
        elapsed = time.monotonic() - started
        print_summary(database, stats, elapsed)
        # A crawl stopped by Ctrl-C or SIGTERM was a request to stop: no serving after it.
        if keep_serving and stats.get("finish_reason") != "shutdown":
            stopped_by = wait_for_stop_signal(ready_message="Still serving; Ctrl-C to stop.")
            # The crawl's verdict stands: stopping the server is how --serve is meant to end
            # (as `crawler ingest` exits 0 when SIGTERM/Ctrl-C stops it).
            print(f"Stopped serving ({stopped_by}).")
    finally:
        server.stop()
    # Success: the crawl finished and the database holds the sample site's articles.
    with sqlite3.connect(database) as conn:
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return 0 if stats.get("finish_reason") == "finished" and stored > 0 else 1


def print_summary(database: Path, stats: dict, elapsed: float) -> None:
    with sqlite3.connect(database) as conn:
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        by_language = conn.execute(
            "SELECT COALESCE(language, '?'), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        duplicates = conn.execute("SELECT kind, COUNT(*) FROM duplicates GROUP BY kind").fetchall()
    print()
    print(f"Crawl finished in {elapsed:.1f}s: {stats.get('finish_reason', '?')}")
    print(f"  database:           {database}")
    print(f"  articles stored:    {articles} ({', '.join(f'{n} {lang}' for lang, n in by_language)})")
    print(f"  new this run:       {stats.get('articles/new', 0)}")
    print(f"  already stored:     {stats.get('dedup/skipped_stored', 0)} skipped before download")
    print(f"  duplicates:         {', '.join(f'{n} {kind}' for kind, n in duplicates) or 'none'}")
    skipped = {k.split('/', 2)[2]: v for k, v in stats.items() if k.startswith("pages/skipped/")}
    print(f"  pages not stored:   {', '.join(f'{v} {k}' for k, v in sorted(skipped.items())) or 'none'}")
    print(f"  robots.txt refused: {stats.get('robotstxt/forbidden', 0)}")
    print(f"  requests:           {stats.get('downloader/request_count', 0)}, "
          f"responses: {stats.get('downloader/response_count', 0)}")
    errors = {k: v for k, v in stats.items()
              if k.startswith(("errors/", "extract/failed", "spider_exceptions", "downloader/exception_type_count/"))
              and not k.endswith("IgnoreRequest")}  # robots.txt, off-site and stored-article skips are counted above
    print(f"  errors:             {', '.join(f'{v} {k}' for k, v in sorted(errors.items())) or 'none'}")
