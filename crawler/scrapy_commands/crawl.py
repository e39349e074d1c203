"""``scrapy crawl <site>``: Scrapy's command, with the project's database lock and one-line errors.

- The database's crawl lock (``crawler.lock``) is held for the whole crawl, as ``crawler crawl``
  holds it: a ``scrapy crawl`` into a database another crawl is writing exits 75 with one
  line, having done nothing (it would otherwise empty that crawl's on-disk request queue when
  both crawl the same site). A crawler process of a distributed crawl (``REDIS_URL``) writes no
  database and takes no lock.
- Scrapy's spider loader raises ``KeyError`` for a name it does not know, and ``scrapy crawl``
  lets it out as a 20-line traceback; an operator who mistyped a site name needs the names
  there are. Likewise unusable ``-a url=``/``language=``/``timezone=`` arguments and a ``-s
  SITES_FILE`` that does not load or lacks the site (checked with the spider's own
  ``profile_for``, which the crawl then uses) are one usage-error line, ``scrapy: error: …``,
  exit 2. They are checked with the options, before Scrapy sets up logging (which prints its
  version banner) and without argparse's usage block.
- A site that failed (judged as ``crawler crawl`` judges it: ``crawler.runner.SiteRun``; no page
  fetched, articles that could not be stored, a crawler process that gave up on Redis, a crawl
  whose set-up raised) prints ``Error: <site> failed: <reason>`` (the crawl's name: an ad-hoc
  ``site -a url=…`` crawl's is its host's, ``site_127_0_0_1_8080``) and exits 1, as ``crawler
  crawl`` does; Scrapy's own command exits 0 whenever the crawl started. A crawl stopped by
  SIGTERM/Ctrl-C exits 0, as in Scrapy.
- The crawl runs in a ``crawler.runner.GuardedCrawler``: an error raised while Scrapy builds the
  spider (``-a download_delay=abc``, a setting the spider cannot read) or opens it (a pipeline's
  ``open_spider``) is that ``Error:`` line and one ERROR log line, not "Task exception was never
  retrieved" and a traceback.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

from crawler.commands.crawl import EXIT_FAILED
from crawler.errors import ProfileError, os_error_reason
from crawler.lock import EXIT_LOCKED, LockHeld, database_lock
from crawler.scrapy_commands import exit_with_usage_error
from crawler.sites import load_profiles

# The -a arguments the project's spiders read (``NewsSpider.profile_for``).
SPIDER_ARGUMENTS = ("url", "language", "timezone")
# Site profile fields (docs/adding-a-site.md) an operator may try as -a arguments, which Scrapy
# would set as spider attributes that nothing reads: the setting each takes its default from.
_PROFILE_FIELD_SETTINGS = {
    "max_requests": "CRAWL_MAX_REQUESTS",
    "max_depth": "DEPTH_LIMIT",
    "concurrency": "CONCURRENT_REQUESTS_PER_DOMAIN",
    "min_words": "EXTRACT_MIN_WORDS",
    "stale_hours": "RUNS_HEALTH_STALE_HOURS",
}
_PROFILE_FIELD_ARGUMENTS = {"languages": "-a language=CODE", "start_url": "-a url=URL", "start_urls": "-a url=URL"}
_DRAFT_PROFILE_FIELDS = ("domains", "sitemaps", "feeds", "include", "exclude", "headers", "extraction")


def check_spider_arguments(spargs: dict) -> None:
    """Refuse, in one line, a ``-a NAME=VALUE`` that looks meant for this crawl but that no part
    of it reads: a misspelling of ``url``, ``language`` or ``timezone`` (``-a lang=ar``,
    ``-a timzone=Asia/Amman``), or a site profile field (``-a max_requests=50``): Scrapy makes
    any ``-a`` a spider attribute, and the crawl ran without it, exit 0. Other names pass: Scrapy
    and add-ons read spider attributes of their own (``-a download_delay=2``, ``-a user_agent=…``).

    :raises ProfileError: naming the argument and what to give instead."""
    import difflib

    field = "a site profile field, not a spider argument (the crawl would run without it)"
    draft = "a draft profile, -s SITES_FILE=draft.toml (docs/adding-a-site.md)"
    for name in spargs:
        if name in SPIDER_ARGUMENTS:
            continue
        if setting := _PROFILE_FIELD_SETTINGS.get(name):
            raise ProfileError(f"-a {name}: {field}; for this run give -s {setting}=N (a profile that sets "
                               f"{name} itself keeps it: change it in {draft})")
        if instead := _PROFILE_FIELD_ARGUMENTS.get(name):
            raise ProfileError(f"-a {name}: {field}; give {instead}")
        if name in _DRAFT_PROFILE_FIELDS:
            raise ProfileError(f"-a {name}: {field}; set it in {draft}")
        meant = difflib.get_close_matches(name.lower(), SPIDER_ARGUMENTS, n=1, cutoff=0.6)
        if meant or name.lower() in ("lang", "tz"):
            meant = meant[0] if meant else {"lang": "language", "tz": "timezone"}[name.lower()]
            raise ProfileError(f"-a {name}: no such spider argument (the crawl would run without it); "
                               f"did you mean -a {meant}=…? (this spider takes {', '.join(SPIDER_ARGUMENTS)})")


class Command(ScrapyCrawlCommand):
    _crawler = None
    # The crawl's name, from the profile the spider crawls with: an ad-hoc `site -a url=…` crawl
    # is named after its host (site_127_0_0_1_18110), as in crawl_runs and the README.
    _site_name: str | None = None

    def _create_crawler(self, spidercls):
        from crawler.runner import GuardedCrawler

        if isinstance(spidercls, str):
            spidercls = self.crawler_process.spider_loader.load(spidercls)
        self._crawler = super()._create_crawler(GuardedCrawler(spidercls, self.crawler_process.settings))
        return self._crawler

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        from scrapy.settings import SETTINGS_PRIORITIES

        from crawler.errors import CrawlerError
        from crawler.project import check_log_level
        from pipelines.gctuning import tune_start_up

        # before Scrapy's log set-up, which fails on it with a traceback (the spider's
        # update_settings checks the other -s values, too late for this one)
        if self.settings.getpriority("LOG_LEVEL") == SETTINGS_PRIORITIES["cmdline"]:
            try:
                check_log_level(self.settings.get("LOG_LEVEL"))
            except CrawlerError as exc:
                exit_with_usage_error(str(exc))

        tune_start_up(self.settings)  # before the imports of start-up (see there)
        import crawler.runner  # noqa: F401 - before the spiders: Scrapy's TLS modules, cheaper (see there)

        if len(args) == 1:
            self._check_site(args[0], opts.spargs)
        # The extraction workers' forkserver imports the extractor (~0.7 s of CPU) on the other
        # core while Scrapy builds the crawler process, the crawler and its components (~0.2 s
        # here): started by the crawler's extensions, most of its import came after "Spider
        # opened", the first pages waiting for it (issue 7). After the checks: a usage error
        # starts nothing.
        from pipelines.extract import warm_up_extraction

        try:
            warm_up_extraction(self.settings)
        except (TypeError, ValueError):  # -s EXTRACT_WORKERS=abc: the spider's checks say so, as usage
            pass

    def _check_site(self, name: str, spargs: dict) -> None:
        """Exit with one usage-error line unless ``name`` is a spider that can crawl with these
        settings and ``-a`` arguments. Here, with the options, the crawler process (which sets
        up logging and prints Scrapy's banner) does not exist yet; it builds its own spider
        loader from the same settings."""
        loader = get_spider_loader(self.settings)
        known = loader.list()
        sites_file = self.settings.get("SITES_FILE")
        try:
            if name not in known:
                if sites_file:
                    load_profiles(sites_file)  # a draft that does not load: its reason, not "unknown"
                exit_with_usage_error(f"no spider or site profile named {name!r} "
                                      f"(known: {', '.join(sorted(known))})")
            # -a url=notaurl, -a timezone=Mars/X, a -s SITES_FILE that does not load or lacks
            # the site: one line now, not a traceback from inside the crawl.
            profile_for = getattr(loader.load(name), "profile_for", None)
            if profile_for is not None:
                check_spider_arguments(spargs)
                self._site_name = profile_for(self.settings, **spargs).name
        except ProfileError as exc:
            exit_with_usage_error(str(exc))

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from crawler.runner import exit_soon_after_second_signal

        exit_soon_after_second_signal(self.crawler_process)
        self._run(args, opts)
        if self._crawler is not None:  # None: refused before crawling (the database is locked)
            from crawler.runner import SiteRun, crawl_stats

            run = SiteRun(self._site_name or args[0], crawl_stats(self._crawler), crash=self._crawler.failure)
            if run.status == "failed":
                print(f"Error: {run.site} failed: {run.failure}", file=sys.stderr)
                self.exitcode = EXIT_FAILED

    def _run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.settings.get("REDIS_URL"):
            super().run(args, opts)
            return
        database = self.settings.get("DATABASE")
        try:
            lock = database_lock(database)
        except LockHeld as exc:
            print(f"Error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        except OSError as exc:  # its folder cannot be created or written: nothing could be stored
            exit_with_usage_error(f"cannot use DATABASE {database}: {os_error_reason(exc)}")
        try:
            from crawler.errors import NotACrawlerDatabase
            from crawler.storage import check_writable_database

            try:  # another application's file: one line, exit 2, as `crawler crawl`
                check_writable_database(database)
            except NotACrawlerDatabase as exc:
                exit_with_usage_error(str(exc))
            super().run(args, opts)
        finally:
            lock.release()
