"""Scrapy commands of the project (``COMMANDS_MODULE``): Scrapy's own, with operator-facing errors."""

from __future__ import annotations

import sys
from typing import NoReturn


def exit_with_usage_error(message: str) -> NoReturn:
    """``scrapy: error: <message>`` on stderr, and exit 2, as argparse ends a usage error.

    Not a ``UsageError``: Scrapy hands its message to argparse, whose ``error()`` prints the
    command's usage block first ("Usage", "=====", "scrapy crawl [options] <spider>"), so an
    operator's mistyped site name came out as four lines (sixteen with the version banner).
    """
    print(f"scrapy: error: {message}", file=sys.stderr)
    raise SystemExit(2)
