"""``crawler stats``: per site, what the database holds and how its last crawls went."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import datetime, timedelta, timezone

from crawler.commands.table import format_table, percent


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("stats", help="per site: articles, newest article, last runs, error rate, health")
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.add_argument("--json", action="store_true", help="one JSON object per site, one per line")
    p.add_argument("--stale-hours", type=float, metavar="H", default=None,
                   help="health reads NOT CRAWLED for a site whose last run started H hours ago or more "
                        "(default: the site profile's stale_hours, else RUNS_HEALTH_STALE_HOURS, 48; 0: never)")
    p.add_argument("--sites", metavar="FILE", dest="sites_file",
                   help="site profiles file whose stale_hours are read (default: $CRAWLER_SITES_FILE, "
                        "else crawler/sites.toml)")
    p.set_defaults(func=stats_command)


def stats_command(args: argparse.Namespace) -> int:
    from crawler.integrity import reading
    from crawler.lock import crawl_lock_held
    from crawler.runs import site_overview
    from crawler.storage import open_database

    stale_hours, invalid = _profiles_read(args)
    with reading(args.db):  # a damaged file: one Error: line naming it (exit 1)
        db = open_database(args.db, readonly=True)
        try:
            overview = site_overview(db, stale_hours=stale_hours)
        finally:
            db.close()
    now = datetime.now(timezone.utc)
    # A local crawl holds the database's crawl lock while it runs: a row still "running" while
    # nobody holds it is a dead run whose pid is in use again (None: cannot be told here).
    lock_free = crawl_lock_held(args.db) is False
    if args.json:
        # "health" as the table's column: "ok", or the verdict a monitor alerts on (NOT CRAWLED FOR
        # N h, PROFILE INVALID, FAILED, KILLED, DEGRADED, GONE MARKS WITHHELD). Without it the JSON
        # had no sign of crawls that stopped altogether, nor of an invalid profile.
        for site in overview:
            health = _health(site, now=now, stale_hours=stale_hours(site.site), invalid=invalid.get(site.site),
                             lock_free=lock_free)
            print(json.dumps({**asdict(site), "health": health}, ensure_ascii=False))
        return 0
    if not overview:
        print(f"{args.db}: no articles and no crawl runs yet")
        return 0
    print(format_table(
        ["site", "articles", "newest article", "last run", "status", "last success", "errors/req", "health",
         "crawling since"],
        [(s.site, s.articles, s.newest_article, s.last_run, s.last_status, s.last_success,
          percent(s.error_rate), _health(s, now=now, stale_hours=stale_hours(s.site), invalid=invalid.get(s.site),
                  lock_free=lock_free),
          s.running_since)
         for s in overview],
    ))
    return 0


def _profiles_read(args: argparse.Namespace):
    """``(site -> hours, {site: problem})``: the window of the NOT CRAWLED check — ``--stale-hours``
    for every site, else the site profile's ``stale_hours``, else ``RUNS_HEALTH_STALE_HOURS`` —,
    and the sites whose profile does not validate (``crawler crawl`` does not crawl them). A sites
    file that does not load is one Warning: line, every site then judged by the setting; an
    invalid profile one Warning: line, its site judged by the setting (the report is still wanted)."""
    from crawler import settings as project_settings
    from crawler.errors import ProfileError
    from crawler.runs import HealthSettings
    from crawler.sites import SitesFile, read_sites_file

    default = HealthSettings(stale_hours=float(project_settings.RUNS_HEALTH_STALE_HOURS))
    try:
        sites = read_sites_file(args.sites_file)
    except ProfileError as exc:
        if args.stale_hours is None:
            print(f"Warning: {exc}; every site judged stale after RUNS_HEALTH_STALE_HOURS "
                  f"({default.stale_hours:g} h)", file=sys.stderr)
        sites = SitesFile({})
    for entry in sites.invalid:
        judged = "" if args.stale_hours is not None else (
            f"; its site judged stale after RUNS_HEALTH_STALE_HOURS ({default.stale_hours:g} h)")
        print(f"Warning: {entry.message}{judged}", file=sys.stderr)
    invalid = {entry.site: entry.problem for entry in sites.invalid if entry.site is not None}
    if args.stale_hours is not None:
        return (lambda site: args.stale_hours), invalid
    profiles = sites.profiles
    return (lambda site: default.for_site(getattr(profiles.get(site), "stale_hours", None)).stale_hours), invalid


def _health(site, *, now: datetime | None = None, stale_hours: float = 0, invalid: str | None = None,
            lock_free: bool = False) -> str:
    """Crawls that stopped altogether first: no run for ``stale_hours`` (a cron job gone, a
    timer disabled, every run refused for a typo in the sites file: the site's last verdict is
    old news, and read "ok" for as long as nothing ran), then the last run's verdict:
    a failed last run first (a site down reads "ok" by its extraction figures), then a killed
    one (it was called "ok"), then a degraded one, then one whose answers were mostly 404/410 or redirects home, which marked no
    article gone (``crawl_runs.gone_withheld``): the site looked down or broken, and its
    extraction figures, measured on the few pages that came back, say nothing of that.
    Before all of it, a profile that does not validate (``invalid``: its problem): ``crawler
    crawl`` crawls the site no more until it is fixed."""
    prefix = f"PROFILE INVALID, not crawled: {invalid}; " if invalid else ""
    verdict = _last_verdict(site)
    if (running := _hours_running(site, now, stale_hours)) is not None and lock_free:
        # Its row reads "running" and its pid is alive, but no crawl holds the lock: the run died
        # (SIGKILL, OOM, a reboot), its pid is in use again (a container's crawler is pid 1), and
        # no run started since (one would have marked it killed). Nothing is stuck: nothing runs.
        dead = (f"NOT CRAWLED FOR {running:.0f} h: the run started {site.running_since} died without closing "
                "its crawl_runs row (no crawl holds the lock), and no run started since; is its timer or "
                "cron job still running?")
        return f"{prefix}{dead}" + ("" if verdict == "ok" else f"; {verdict}")
    if running is not None:
        # A crawl that has held the lock that long (stuck, or a budget too large for the timer):
        # every run started meanwhile exited 75, which cron wrappers and systemd's
        # SuccessExitStatus=75 take for success, and "crawling since" alone read "ok".
        stuck = (f"RUNNING FOR {running:.0f} h: the crawl started {site.running_since} still runs, and every "
                 f"run started since exited 75; is it stuck?")
        return f"{prefix}{stuck}" + ("" if verdict == "ok" else f" Last finished run: {verdict}")
    idle = _hours_without_a_run(site, now, stale_hours)
    if idle is None:
        return prefix + verdict
    stopped = f"NOT CRAWLED FOR {idle:.0f} h"
    if verdict == "ok":
        if invalid:
            return f"{prefix}{stopped}: no run since {site.last_run}"
        return f"{stopped}: no run since {site.last_run}; is its timer or cron job still running?"
    return f"{prefix}{stopped}; {verdict}"


def _hours_since(stamp: str | None, now: datetime | None, stale_hours: float) -> float | None:
    """Hours from ``stamp`` (ISO 8601) to ``now``, when ``stale_hours`` or more."""
    if now is None or stale_hours <= 0 or not stamp:
        return None
    try:
        hours = (now - datetime.fromisoformat(stamp)) / timedelta(hours=1)
    except (TypeError, ValueError):
        return None
    return hours if hours >= stale_hours else None


def _hours_without_a_run(site, now: datetime | None, stale_hours: float) -> float | None:
    """Hours since the site's last run started, when ``stale_hours`` or more and none runs now."""
    return None if site.running_since else _hours_since(site.last_run, now, stale_hours)


def _hours_running(site, now: datetime | None, stale_hours: float) -> float | None:
    """Hours the site's crawl in progress has run, when ``stale_hours`` or more."""
    return _hours_since(site.running_since, now, stale_hours)


def _last_verdict(site) -> str:
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
