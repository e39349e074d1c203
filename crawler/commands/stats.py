"""``crawler stats``: per site, what the database holds and how its last crawls went."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from crawler.commands.table import format_table, percent


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("stats", help="per site: articles, newest article, last runs, error rate, health")
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.add_argument("--json", action="store_true", help="one JSON object per site, one per line")
    p.set_defaults(func=stats_command)


def stats_command(args: argparse.Namespace) -> int:
    from crawler.runs import site_overview
    from crawler.integrity import reading
    from crawler.storage import open_database

    with reading(args.db):  # a damaged file: one Error: line naming it (exit 1)
        db = open_database(args.db, readonly=True)
        try:
            overview = site_overview(db)
        finally:
            db.close()
    if args.json:
        for site in overview:
            print(json.dumps(asdict(site), ensure_ascii=False))
        return 0
    if not overview:
        print(f"{args.db}: no articles and no crawl runs yet")
        return 0
    print(format_table(
        ["site", "articles", "newest article", "last run", "status", "last success", "errors/req", "health",
         "crawling since"],
        [(s.site, s.articles, s.newest_article, s.last_run, s.last_status, s.last_success,
          percent(s.error_rate), _health(s), s.running_since)
         for s in overview],
    ))
    return 0


def _health(site) -> str:
    """A failed last run first (a site down reads "ok" by its extraction figures), then a killed
    one (it was called "ok"), then a degraded one, then one whose answers were mostly 404/410 or redirects home, which marked no
    article gone (``crawl_runs.gone_withheld``): the site looked down or broken, and its
    extraction figures, measured on the few pages that came back, say nothing of that."""
    if site.last_status == "failed":
        return f"FAILED: {site.last_failure or 'see crawl_runs'}"
    if site.last_status == "killed":
        # its process died (SIGKILL, OOM, reboot) before it could say how the run went: its
        # figures are partial, and a site whose runs keep being killed never succeeds
        return "KILLED: the last run's process died before it finished; see the crawl's own log"
    if site.degraded:
        return f"DEGRADED: {site.degraded_reason}"
    if site.gone_withheld:
        return (f"GONE MARKS WITHHELD: {site.gone_withheld} answers said gone (404/410, home redirects); "
                "site down or broken?")
    return "ok"
