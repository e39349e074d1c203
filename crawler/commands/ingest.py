"""``crawler ingest``: distributed mode's one writer, Redis items -> SQLite (issue 8)."""

from __future__ import annotations

import argparse
import logging


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("ingest", help="distributed mode: the one writer, Redis items -> SQLite")
    p.add_argument("--db", help="database file (default: the DATABASE setting)")
    p.add_argument("--redis", metavar="URL", help="Redis URL (default: the REDIS_URL setting)")
    p.add_argument("--idle-timeout", type=float, metavar="S",
                   help="stop when no item has arrived for S seconds (default: run until stopped)")
    p.add_argument("--batch-size", type=int, help="articles per transaction (default: INGEST_BATCH_SIZE)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE", dest="settings",
                   help="override a project setting (repeatable), e.g. -s REDIS_URL=redis://HOST:6379/0")
    p.set_defaults(func=ingest_command)


def ingest_command(args: argparse.Namespace) -> int:
    from crawler.commands.crawl import _overrides
    from crawler.distributed import run_ingest

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    report = run_ingest(database=args.db, redis_url=args.redis, idle_timeout=args.idle_timeout,
                        batch_size=args.batch_size, overrides=_overrides(args.settings))
    outcomes = ", ".join(f"{count} {status}" for status, count in sorted(report.stored.items()))
    line = (f"ingested {report.items} article(s) in {report.batches} batch(es)"
            f"{': ' + outcomes if outcomes else ''}; re-queued {report.requeued}, undecodable {report.failed}")
    if report.drained:
        line += f", drained from a full Redis {report.drained}"
    if report.fetch_errors or report.gone_marked:
        line += f"; fetch errors {report.fetch_errors}, marked gone {report.gone_marked}"
    if report.refusals:
        line += f"; refused pages {report.refusals}"
    if report.runs_completed:
        line += f"; runs recorded {report.runs_completed}"
    if report.outages:
        line += f"; rode out {report.outages} Redis outage(s)"
    print(line)
    return 0
