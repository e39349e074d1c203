"""``crawler restore-copy``: store a copy the deduplicator merged by mistake as an article of its own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "restore-copy",
        help="store duplicates rows (copies merged by mistake: another day's bulletin, another brief) as articles")
    p.add_argument("ids", metavar="ID", type=int, nargs="+", help="duplicates.id of each copy to restore")
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.set_defaults(func=restore_command)


def restore_command(args: argparse.Namespace) -> int:
    from crawler.errors import CopyNotRestorable, StorageError
    from crawler.project import project_settings
    from pipelines.store import store_from_settings

    if not Path(args.db).is_file():
        # ArticleStore would create an empty database: a mistyped --db is an error here.
        raise StorageError(f"no database at {args.db}")
    store = store_from_settings(project_settings({"DATABASE": args.db}))
    failed = 0
    try:
        for copy_id in args.ids:
            try:
                restored = store.restore_copy(copy_id)
            except CopyNotRestorable as exc:
                # the other IDs are still restored, each in its own transaction
                print(f"Error: {exc}", file=sys.stderr)
                failed += 1
                continue
            print(f"copy {copy_id} restored as article {restored.article_id}: {restored.url}"
                  f" (had been recorded as a {restored.kind} copy of article {restored.was_copy_of})")
    finally:
        store.close()
    return 1 if failed else 0
