"""``crawler export``: stored articles as JSON lines or CSV, streamed in constant memory."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from crawler.errors import CrawlerError

EXPORT_COLUMNS = (
    "id", "site", "url", "canonical_url", "title", "authors", "published_at", "published_at_raw",
    "modified_at", "language", "description", "site_name", "tags", "image", "body", "word_count",
    "content_hash", "version", "fetched_at", "first_seen_at", "updated_at",
)
JSON_COLUMNS = {"authors", "tags"}


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("export", help="stored articles as JSON lines or CSV (streamed)")
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.add_argument("--since", metavar="DATE",
                   help="only articles dated on or after DATE: published_at, or first_seen_at when the page gave no date (ISO 8601: 2025-06-01 or 2025-06-01T12:00:00+03:00)")
    p.add_argument("--site", action="append", help="only this site's articles (repeatable)")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="default: jsonl")
    p.add_argument("--output", "-o", metavar="FILE", help="write here instead of standard output")
    p.set_defaults(func=export_command)


def normalise_since(value: str) -> str:
    """An ISO date or datetime as the database writes it (UTC when a zone is given).

    :raises CrawlerError: when ``value`` is not ISO 8601.
    """
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CrawlerError(f"--since {value!r} is not an ISO 8601 date (e.g. 2025-06-01)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.isoformat()


def export_articles(db, out: TextIO, *, fmt: str = "jsonl", since: str | None = None,
                    sites: list[str] | None = None) -> int:
    """Write matching articles to ``out`` row by row (one cursor, nothing accumulated); return the count."""
    where, params = [], []
    if since:
        # ISO strings in one zone compare as text; a date-only bound compares as a prefix.
        where.append("COALESCE(published_at, first_seen_at) >= ?")
        params.append(since)
    if sites:
        where.append(f"site IN ({', '.join('?' for _ in sites)})")
        params += sites
    sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id"
    writer = csv.writer(out) if fmt == "csv" else None
    if writer:
        writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in db.execute(sql, params):
        if writer:
            writer.writerow(row)
        else:
            record = dict(zip(EXPORT_COLUMNS, row))
            for name in JSON_COLUMNS:
                record[name] = json.loads(record[name] or "[]")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def sites_without_articles(db, sites: list[str]) -> list[str]:
    """Those of ``sites`` no stored article belongs to (one index lookup each)."""
    return [site for site in dict.fromkeys(sites)
            if db.execute("SELECT 1 FROM articles WHERE site = ? LIMIT 1", [site]).fetchone() is None]


def _warn_of_sites_without_articles(db, sites: list[str], database: str) -> None:
    # An empty export can be legitimate (a site not crawled yet), so a warning, not an error;
    # but a misspelt --site must not pass for "nothing new".
    missing = sites_without_articles(db, sites)
    if missing:
        known = [row[0] for row in db.execute("SELECT DISTINCT site FROM articles ORDER BY site")]
        print(f"Warning: no article of site {', '.join(map(repr, missing))} in {database} "
              f"(sites with articles: {', '.join(known) or 'none'})", file=sys.stderr)


def _export_to_file(db, args: argparse.Namespace, since: str | None) -> int:
    """Export into ``args.output`` whole or not at all: the rows go to a ``.part`` file beside it,
    renamed over it once the last row is written. A damaged database, a full disk or Ctrl-C
    halfway left a file that a downstream job took for the whole export."""
    output = Path(args.output)
    partial = output.with_name(output.name + ".part")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as out:
            count = export_articles(db, out, fmt=args.format, since=since, sites=args.site)
        os.replace(partial, output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def export_command(args: argparse.Namespace) -> int:
    from crawler.integrity import reading
    from crawler.storage import open_database

    since = normalise_since(args.since) if args.since else None
    # A damaged file: one Error: line naming it (exit 1), after the rows read before the
    # damaged page, which a consumer must not take for the whole export.
    with reading(args.db):
        db = open_database(args.db, readonly=True)
        try:
            if args.site:
                _warn_of_sites_without_articles(db, args.site, args.db)
            if args.output:
                count = _export_to_file(db, args, since)
            else:
                count = export_articles(db, sys.stdout, fmt=args.format, since=since, sites=args.site)
        except BrokenPipeError:
            raise  # the reader of stdout left (`| head`): crawler.cli ends quietly
        except OSError as exc:
            raise CrawlerError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        finally:
            db.close()
    if args.output:
        print(f"{count} article(s) written to {args.output}", file=sys.stderr)
    return 0
