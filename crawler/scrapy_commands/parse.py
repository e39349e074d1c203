"""``scrapy parse``: Scrapy's command, for debugging one page without touching the operator's data.

- Article pages are scanned for their links in the crawl process (``EXTRACT_LINKS`` off). The
  spider's article callback yields the page and then awaits its links from the extraction
  pipeline. ``scrapy parse`` collects a callback's whole output before any item reaches a
  pipeline, so the callback waited its full ``LINKS_WAIT`` (60 s) on every article page.
- ``DATABASE`` is a throwaway file in a temporary folder, removed when the command ends, and
  ``REDIS_URL`` is unset. With the operator's database, every ``scrapy parse`` wrote a
  ``crawl_runs`` row (``finished``, no article), which ``crawler stats`` then showed as the
  site's last run and last success; it also wrote ``fetch_errors`` rows, used the site's resume
  journal (an interrupted crawl's is replayed by any run that finds it, and deleted at a clean
  finish), emptied the on-disk queue folder beside it (which the site's running crawl uses),
  and, with ``--pipelines``, stored articles. With ``REDIS_URL`` it would have pushed to the distributed crawl.
  An explicit ``-s DATABASE`` or ``-s REDIS_URL`` is overridden too: a debugging run writes
  nowhere an operator reads.
- Without ``-c``, Scrapy calls the spider's ``parse``, which reads the page as the crawl would
  (``NewsSpider.parse``: the article callback for an article URL, the listing one otherwise).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path

from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.settings import SETTINGS_PRIORITIES

logger = logging.getLogger(__name__)


class Command(ScrapyParseCommand):
    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        # Above the project's settings module (a command's default_settings rank below it);
        # an explicit -s on the command line still wins.
        if self.settings.getpriority("EXTRACT_LINKS") < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("EXTRACT_LINKS", False, priority="cmdline")
        # Whatever -s says (set after the -s options, at their priority): see the module's docstring.
        # The folder is removed at exit (TemporaryDirectory's finalizer), however the command ends.
        self._scratch = tempfile.TemporaryDirectory(prefix="scrapy-parse-")
        self.settings.set("DATABASE", str(Path(self._scratch.name) / "parse.db"), priority="cmdline")
        self.settings.set("REDIS_URL", None, priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        logger.info("scrapy parse writes nothing to the crawl's database: its DATABASE is %s, removed at exit",
                    self.settings.get("DATABASE"))
        super().run(args, opts)
