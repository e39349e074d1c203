"""``crawler demo``: serve the bundled sample site on 127.0.0.1 and crawl it."""

from __future__ import annotations

import argparse


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("demo", help="serve the bundled sample site on 127.0.0.1 and crawl it")
    p.add_argument("--db", default="output/demo.db", help="database file (default: output/demo.db)")
    p.add_argument("--serve", action="store_true", help="keep serving the sample site after the crawl")
    p.add_argument("--port", type=int, default=8765, help="port of the sample site on 127.0.0.1 (default 8765)")
    p.set_defaults(func=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from crawler.demo import run_demo

    return run_demo(database=args.db, keep_serving=args.serve, port=args.port)
