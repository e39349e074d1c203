"""``scrapy list``: Scrapy's command, refusing a ``-s SITES_FILE`` that does not load.

The spider loader adds the spiders of the ``SITES_FILE`` setting's file and silently skips a
file that does not load (``spiders/sites.py``), which ``scrapy crawl`` then reports. ``scrapy list
-s SITES_FILE=draft.toml``, an operator's check of a draft before crawling it, printed the shipped
spiders and exited 0 for a draft with an unknown field or a syntax error: now one
``scrapy: error: <file>: site '…': field '…': …`` line and exit 2, as ``scrapy crawl``.
"""

from __future__ import annotations

import argparse

from scrapy.commands.list import Command as ScrapyListCommand

from crawler.scrapy_commands import exit_with_usage_error


class Command(ScrapyListCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        sites_file = self.settings.get("SITES_FILE")
        if sites_file:
            from crawler.errors import ProfileError
            from crawler.sites import load_profiles

            try:
                load_profiles(sites_file)
            except ProfileError as exc:
                exit_with_usage_error(str(exc))
        super().run(args, opts)
