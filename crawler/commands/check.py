"""``crawler check``: whether the database file is damaged (SQLite's quick_check or integrity_check)."""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "check", help="check the database file for damage (PRAGMA quick_check); exit 1 when damaged")
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.add_argument("--full", action="store_true",
                   help="PRAGMA integrity_check: also compare every index with its table (slower)")
    p.set_defaults(func=check_command)


def check_command(args: argparse.Namespace) -> int:
    from crawler.integrity import MAX_PROBLEMS, check_database, damaged

    problems = check_database(args.db, full=args.full)
    if not problems:
        print(f"{args.db}: ok")
        return 0
    for problem in problems:
        print(f"{args.db}: {problem}")
    listed = f"{len(problems)}{'+' if len(problems) >= MAX_PROBLEMS else ''} problem(s) listed on stdout"
    raise damaged(args.db, listed)  # one Error: line on stderr and exit 1 (crawler.cli.main)
