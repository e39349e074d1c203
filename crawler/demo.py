"""``make demo`` / ``crawler demo``: serve the bundled sample site on 127.0.0.1 and crawl it.

The sample site (``crawler/demo_site/``) is a small fictional bilingual outlet written for the
project, with realistic chrome, robots.txt, sitemaps and a feed; nothing leaves the machine.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from crawler.fixture_server import FixtureServer
from crawler.runner import run_spider
from crawler.sites import adhoc_profile

DEMO_SITE = Path(__file__).with_name("demo_site")

# The demo talks to a loopback server: no need to wait politely between requests.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_START_DELAY": 0.01,
    "AUTOTHROTTLE_MAX_DELAY": 0.5,
    "LOG_LEVEL": "WARNING",
}


def demo_profile(base_url: str):
    return adhoc_profile(base_url + "/", name="demo")


def run_demo(database: str | Path = "output/demo.db", keep_serving: bool = False) -> int:
    database = Path(database)
    with FixtureServer(DEMO_SITE) as server:
        print(f"Serving the sample site at {server.base_url}/")
        started = time.monotonic()
        stats = run_spider(demo_profile(server.base_url), {**DEMO_SETTINGS, "DATABASE": str(database)})
        elapsed = time.monotonic() - started
        print_summary(database, stats, elapsed)
        if keep_serving:
            print("Still serving; Ctrl-C to stop.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
    return 0 if stats.get("articles/new", 0) + stats.get("articles/unchanged", 0) > 0 or \
        stats.get("dedup/skipped_stored", 0) > 0 else 1


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
    errors = {k: v for k, v in stats.items() if k.startswith(("errors/", "extract/failed", "spider_exceptions"))}
    errors.update({k: v for k, v in stats.items() if k.startswith("downloader/exception_type_count/")})
    print(f"  errors:             {', '.join(f'{v} {k}' for k, v in sorted(errors.items())) or 'none'}")
