"""``scrapy parse``: Scrapy's command, with article pages scanned for their links in the crawl process.

The spider's article callback yields the page and then awaits its links from the extraction
pipeline (``EXTRACT_LINKS``). ``scrapy parse`` collects a callback's whole output before any item
reaches a pipeline, so the callback waited its full ``LINKS_WAIT`` (60 s) on every article page.
"""

from __future__ import annotations

import argparse

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.settings import SETTINGS_PRIORITIES


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Above the project's settings module (a command's default_settings rank below it);
        # an explicit -s on the command line still wins.
        if self.settings.getpriority("EXTRACT_LINKS") < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("EXTRACT_LINKS", False, priority="cmdline")
