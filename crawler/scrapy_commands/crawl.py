"""``scrapy crawl <site>``: Scrapy's command, with one usage-error line for an unknown site.

Scrapy's spider loader raises ``KeyError`` for a name it does not know, and ``scrapy crawl``
lets it out as a 20-line traceback; an operator who mistyped a site name needs the names
there are.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) == 1 and self.crawler_process is not None:
            known = self.crawler_process.spider_loader.list()
            if args[0] not in known:
                raise UsageError(f"no spider or site profile named {args[0]!r} (known: {', '.join(sorted(known))})",
                                 print_help=False)
        super().run(args, opts)
