"""The ``crawler`` command: operator tools around the Scrapy project.

Each subcommand lives in its own module under ``crawler/commands/`` and is listed in
:data:`COMMANDS`. Errors an operator can cause (a missing file, an unreachable URL, a bad
profile file, a malformed query, a damaged database) print one line starting ``Error:`` and exit
non-zero (2, or the error's own ``exit_code``); they never print a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from typing import Sequence

from crawler.commands import check, crawl, demo, export, extract, help_text, ingest, restore, search, stats
from crawler.errors import CrawlerError
from crawler.integrity import damaged, is_damage

logger = logging.getLogger(__name__)

# Subcommands, in the order ``crawler --help`` lists them. Each module has ``add_parser(subparsers)``.
COMMANDS = [crawl, stats, export, search, check, restore, extract, demo, ingest]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crawler", description=help_text(__doc__))
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CrawlerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except sqlite3.DatabaseError as exc:
        # A damaged file found by a query no command wrapped in crawler.integrity.reading:
        # still one line naming the file, not a traceback.
        if not is_damage(exc):
            raise
        print(f"Error: {damaged(getattr(args, 'db', None), exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `crawler export | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
