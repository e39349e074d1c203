"""The generic, profile-driven news spider.

Discovery order for a site: robots.txt ``Sitemap:`` lines (or guessed ``/sitemap.xml``) ->
sitemap indexes -> sitemaps and Google News sitemaps (their ``news:*`` fields kept) -> RSS/Atom
feeds (declared, or autodiscovered on the start pages) -> start pages and the section pages
they link to, to a bounded depth, breadth-first (FIFO queues). Every request stays inside the
profile's domains, asks for the URL as linked minus fragment and tracking parameters (its
stored key, :func:`~crawler.urls.url_key`, is the "already scheduled" key: ``http``/``https``
and ``www.``/bare spellings are one URL; ``SchemeFallbackMiddleware`` asks the other scheme's
spelling of one whose connection failed), and counts against the site's request budget, so
calendars and endless pagination cannot run away; sitemap documents have a budget of their own
and add no depth, and a sitemap's children and entries are taken newest first. Links to files, utility pages
(login, share, about, privacy, user pages), print versions, comment and "send to a friend"
forms are not fetched. A sitemap entry is a listing only when its URL says so
(:func:`~crawler.discovery.entry_is_listing`); a feed or sitemap entry upgrades a URL scheduled as a
listing to one article request, and asks again for an article whose entry has a newer ``lastmod``.
Once the request budget is spent nothing more is read for links (:meth:`NewsSpider.page_budget_spent`):
not the rest of a sitemap, index, feed or page, nor a sitemap still queued; a sitemap is read to
``SITEMAP_MAX_ENTRIES`` (50,000, the sitemaps.org limit) entries, a feed to ``FEED_MAX_ENTRIES``
(10,000) items.

Pages that may be articles are yielded as :class:`~crawler.items.PageItem` for the
extraction pipeline; this module does no extraction itself. So is a page fetched as a listing
that declares itself an article in its head (:func:`~crawler.discovery.page_declares_article`;
not a start page nor a pager's page), its links followed as a listing's.

Settings: ``CRAWL_MAX_REQUESTS``, ``CRAWL_MAX_SITEMAPS``, ``CRAWL_SITEMAP_MAX_DEPTH``,
``CRAWL_SITEMAP_MAX_SIZE``, ``CRAWL_SITEMAP_MAX_AGE_DAYS``, ``CRAWL_GUESS_SITEMAPS``,
``CRAWL_DISK_QUEUE``, ``DEPTH_LIMIT``, ``SITES_FILE``. Writes ``DOWNLOAD_SLOTS`` (the site's slot) and ``DEFAULT_REQUEST_HEADERS`` from
the profile.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.blocked import (
    cut_short_message,
    html_cut_short,
    looks_like_binary,
    looks_like_challenge,
    server_error_at_end,
    server_error_message,
)
from crawler.discovery import (
    MAX_FEED_ENTRIES,
    MAX_SITEMAP_ENTRIES,
    DiscoveryError,
    crawl_delay_from_robots,
    entry_is_listing,
    feed_urls_from_html,
    folder_relative_links,
    has_listing_marker,
    is_next_listing_page,
    json_links,
    lastmod_datetime,
    link_skip_reason,
    listing_page,
    load_more_links,
    looks_like_article_url,
    newest_first,
    page_declares_article,
    page_links,
    parse_sitemap,
    read_feed,
    sitemap_urls_from_robots,
    taxonomy_children_to_skip,
    url_period_end,
    wp_core_posts_page,
)
from crawler.errors import CrawlerError, ProfileError, os_error_reason
from crawler.items import PageItem
from crawler.sites import SiteProfile, adhoc_profile, load_profiles
from crawler.storage import utc_now
from crawler.urls import request_url, split_url, url_key
from pipelines.errors import describe_failure, fetch_error
from pipelines.extract import PageLinks
from pipelines.middlewares import SchemeFallbackMiddleware, StoredArticleCheck, start_chain_failed
from pipelines.politeness import raise_slot_delay, site_slot, site_slot_settings
from pipelines.resume import frontier_dir

logger = logging.getLogger(__name__)


def fresh_queue_dir(database: str, site: str) -> Path:
    """An empty ``<database>.jobs/<site>/queue`` folder for Scrapy's on-disk request queue.

    Pending requests wait on disk, not in memory: a sitemap of 50,000 entries would otherwise
    hold 50,000 Request objects in RAM. The folder is emptied at every start because it is not
    the resume mechanism (``pipelines/resume.py`` is: Scrapy's JOBDIR marks requests taken off
    the queue as seen, so after a SIGKILL those in flight would never be fetched again).
    """
    folder = frontier_dir(database, site) / "queue"  # beside the resume journal, removed with it
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


GUESSED_SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")


def _folder(url: str) -> str:
    """``url`` up to the last ``/`` of its path: the folder its relative links resolve in."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path[:parts.path.rfind('/') + 1] or '/'}"


class NewsSpider(scrapy.Spider):
    """Crawl one site described by a :class:`~crawler.sites.SiteProfile`.

    Subclasses set ``profile`` (one per entry of ``sites.toml``, see ``spiders/sites.py``);
    the ad-hoc ``site`` spider builds it from ``-a url=...``.
    """

    profile: SiteProfile | None = None
    #: Whether the class's profile was read from the sites file (the classes of
    #: ``spiders/sites.py``): a ``SITES_FILE`` setting then names the file to read it from
    #: again. A class given its profile directly (``crawler crawl``) keeps it.
    profile_from_sites_file = False
    # Most distinct links remembered as "already considered" before the memo is cleared.
    LINKS_SEEN_MAX = 200_000
    # Seconds an article page's callback waits, at most, for its links from extraction before it
    # scans the page itself: extraction takes milliseconds to seconds; a page lost on its way to
    # the item pipelines (a spider middleware that keeps it) must not hold its links for ever.
    LINKS_WAIT = 60.0
    # Entries read from one sitemap at most (the sitemaps.org limit); the others are counted
    # and recorded as a ``bad_sitemap`` error.
    SITEMAP_MAX_ENTRIES = MAX_SITEMAP_ENTRIES
    # Items read from one feed at most (a feed lists the latest stories; its archive is the
    # sitemaps'); the others are counted and recorded as a ``bad_feed`` error.
    FEED_MAX_ENTRIES = MAX_FEED_ENTRIES

    def __init__(self, *args, url: str | None = None, language: str | None = None,
                 timezone: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Without the crawler's settings here; from_crawler resolves it again with them.
        self.profile = self.profile_for(url=url, language=language, timezone=timezone)
        # Keys (url_key: canonical, without scheme and www.) of the URLs scheduled in this crawl,
        # with what they were scheduled as ("article", "listing" or "other"): a feed or sitemap
        # entry may upgrade a listing.
        self._scheduled: dict[str, str] = {}
        # The newest lastmod each scheduled article URL was asked with (None: none, as from a
        # page link or a feed item without <updated>), for the entries that come later and say
        # it changed since (see article_request).
        self._article_lastmod: dict[str, datetime | None] = {}
        self._links_seen: set[str] = set()  # raw links already considered (see follow_links)
        self._listing_links_shown: set[str] = set()  # raw links shown by listing pages (ditto)
        self._echo_reported = False  # the WARNING about copies of a listing (follow_links) given
        self._listing_pages: Counter[str] = Counter()  # later pages followed per listing
        self._page_requests = 0  # scheduled requests counted against CRAWL_MAX_REQUESTS
        self._stored_check_found: StoredArticleCheck | bool | None = None  # see _stored_check
        self._sitemap_requests = 0  # scheduled sitemap documents, against CRAWL_MAX_SITEMAPS
        self.budget_exhausted = False
        self.sitemap_budget_exhausted = False

    def resumed(self, request: scrapy.Request) -> bool:
        """Whether ``request``, of the interrupted run's journal (``pipelines.resume``), is to be
        scheduled again. An article request is decided now, as one found by this run is
        (:meth:`_schedule`): the page stored since (by the killed run), refused or given up is not
        scheduled. And its URL counts as scheduled, with the entry's lastmod: a sitemap entry
        read later that says the story changed since is asked again (:meth:`article_request`'s
        ``lastmod_recheck``). Scheduled and skipped at download instead, the replayed request
        took the URL's place in Scrapy's dupefilter, and that entry's request was dropped as its
        duplicate: the update was not fetched."""
        if not request.meta.get("article_candidate") or request.meta.get("lastmod_recheck"):
            return True  # (a recheck is decided at download, as in the run that asked it)
        key = url_key(request.url)
        if self._scheduled.get(key) != "article":
            self._scheduled[key] = "article"
            self._article_lastmod[key] = lastmod_datetime((request.meta.get("sitemap_entry") or {}).get("lastmod"))
        return not self._skipped_before_download(request)

    def forget_scheduled(self) -> None:
        """Forget which URLs this crawl scheduled, so that they can be scheduled again: the
        distributed crawl's shared queue and dupefilter were lost with Redis's data, and the run
        discovers the site again from its start requests (``pipelines.redis_frontier``). The
        request budgets already spent stay spent."""
        self._scheduled.clear()
        self._article_lastmod.clear()
        self._links_seen.clear()
        self._listing_links_shown.clear()
        self._listing_pages.clear()
        # the stored-article check's "already decided in this crawl" too: those decisions were
        # taken against the lost hashes, and a URL it let through would now skip the rebuilt
        # stored-URL hash and fetch a stored article again
        if (check := self._stored_check()) is not None:
            check.let_through.clear()

    @classmethod
    def profile_for(cls, settings=None, /, *, url: str | None = None, language: str | None = None,
                    timezone: str | None = None, **_other) -> SiteProfile:
        """The profile a spider of this class crawls with these settings and ``-a`` arguments.

        The one place a crawl's profile comes from, in this order: ``-a url=...`` (an ad-hoc
        profile); the ``SITES_FILE`` setting's file, for a class whose profile was read from a
        sites file (``profile_from_sites_file``) — the site must be in that file; the class's
        own profile.

        :raises ProfileError: on an unusable ``url``, ``language`` or ``timezone``, a
            ``SITES_FILE`` that does not load or lacks the site, or when the class has no profile
            and no ``url`` is given (``scrapy crawl`` checks this before the crawl starts).
        """
        if url is not None:
            # scrapy crawl <any spider> -a url=... [-a language=ar] [-a timezone=Asia/Amman]
            # crawls that URL's site with generic discovery.
            return adhoc_profile(url, name=cls.name, language=language, timezone=timezone)
        sites_file = settings.get("SITES_FILE") if settings is not None else None
        if sites_file and cls.profile_from_sites_file:
            # -s SITES_FILE=...: this site's profile, all of it, from that file.
            profiles = load_profiles(sites_file)
            if cls.name not in profiles:
                raise ProfileError(f"{sites_file}: no site profile named {cls.name!r} "
                                   f"(known there: {', '.join(profiles) or 'none'})")
            return profiles[cls.name]
        if cls.profile is None:
            raise ProfileError(f"spider {cls.name!r} needs a site profile or -a url=...")
        return cls.profile

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.profile = profile = cls.profile_for(settings, **kwargs)
        spider.apply_profile_settings(settings)
        spider.max_requests = profile.max_requests or settings.getint("CRAWL_MAX_REQUESTS")
        spider.max_sitemaps = settings.getint("CRAWL_MAX_SITEMAPS")
        spider.sitemap_max_depth = settings.getint("CRAWL_SITEMAP_MAX_DEPTH")
        spider.sitemap_max_size = settings.getint("CRAWL_SITEMAP_MAX_SIZE")
        max_age = settings.getint("CRAWL_SITEMAP_MAX_AGE_DAYS")
        spider.sitemap_min_date = datetime.now(UTC) - timedelta(days=max_age) if max_age else None
        spider.guess_sitemaps = settings.getbool("CRAWL_GUESS_SITEMAPS")
        spider.depth_limit = settings.getint("DEPTH_LIMIT")
        spider.max_listing_pages = settings.getint("CRAWL_MAX_LISTING_PAGES")
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._page_left_pipelines, signal=signal)
        return spider

    def apply_profile_settings(self, settings) -> None:
        """The profile's politeness and headers, as settings of this crawl.

        Here, not in ``update_settings``: that runs before the spider's arguments and the
        ``SITES_FILE`` profile are known, and applied the class's profile (the shipped file's)
        instead. Scrapy reads these settings after ``from_crawler``, when it builds the
        downloader and its middlewares.

        Every request of the site goes through one download slot named after it
        (``pipelines/politeness.py``); the profile's ``download_delay`` and ``concurrency`` are
        that slot's ``DOWNLOAD_SLOTS`` entry. An entry for the slot given with ``-s
        DOWNLOAD_SLOTS=...`` wins, key by key.
        """
        profile = self.profile
        slot = site_slot_settings(profile)
        if slot:
            slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
            name = site_slot(profile)
            slots[name] = {**slot, **slots.get(name, {})}
            priority = max(settings.getpriority("DOWNLOAD_SLOTS") or 0, SETTINGS_PRIORITIES["spider"])
            settings.set("DOWNLOAD_SLOTS", slots, priority=priority)
        if profile.headers:
            headers = dict(settings.getdict("DEFAULT_REQUEST_HEADERS"))
            headers.update(profile.headers)
            settings.set("DEFAULT_REQUEST_HEADERS", headers, priority="spider")

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        # `scrapy crawl -s NAME=VALUE`: a value of the wrong type, or a REDIS_URL redis-py cannot
        # read, is a usage error now, not a traceback once a component reads it (`crawler crawl`
        # checks the same before starting).
        from crawler.distributed import check_redis_url
        from crawler.runner import check_override_types, project_settings

        cmdline = SETTINGS_PRIORITIES["cmdline"]
        try:
            check_override_types({name: settings[name] for name in settings
                                  if settings.getpriority(name) == cmdline}, project_settings())
            if settings.get("REDIS_URL"):
                check_redis_url(settings.get("REDIS_URL"), "REDIS_URL")
        except CrawlerError as exc:
            raise UsageError(str(exc)) from None
        if (settings.getbool("CRAWL_DISK_QUEUE") and not settings.get("JOBDIR")
                and not settings.get("REDIS_URL")):
            try:
                queue = fresh_queue_dir(settings.get("DATABASE"), cls.name)
            except OSError as exc:  # a DATABASE in a folder that cannot be created or written
                raise UsageError(f"cannot use DATABASE {settings.get('DATABASE')}: "
                                 f"{os_error_reason(exc)}") from None
            settings.set("JOBDIR", str(queue), priority="spider")
        if not settings.get("REDIS_URL"):
            # Scrapy's scheduler, quiet about a full disk at the close (pipelines/queues.py). Just
            # above Scrapy's default priority: a SCHEDULER set anywhere else (-s, an addon such
            # as distributed mode's) wins, but not the default that CrawlerProcess merges in again.
            settings.set("SCHEDULER", "pipelines.queues.JobDirScheduler",
                         priority=SETTINGS_PRIORITIES["default"] + 1)

    # -- request helpers ---------------------------------------------------------------------
    def in_scope(self, url: str) -> bool:
        """Inside the site's domains and not excluded by the profile."""
        return self.profile.out_of_scope_reason(url) is None

    def is_article_url(self, url: str) -> bool:
        return looks_like_article_url(url, include=self.profile.include)

    def follow_url(self, url: str, callback, *, priority: int = 0, meta: dict | None = None,
                   errback=None, dont_filter: bool = False) -> scrapy.Request | None:
        """A request for ``url`` if it is in scope, new in this crawl and within budget.

        The request asks for the URL as linked (:func:`~crawler.urls.request_url`: no fragment,
        no tracking parameters, trailing slash kept); its stored key (:func:`~crawler.urls.url_key`:
        the canonical form without scheme and ``www.``) is only the key of "already scheduled",
        so a link written ``http://site/x`` after ``https://www.site/x`` is not asked again. Sitemap documents count against ``CRAWL_MAX_SITEMAPS``, every
        other request against the site's request budget (``CRAWL_MAX_REQUESTS``).
        """
        if not self.in_scope(url):
            self.crawler.stats.inc_value("discovery/out_of_scope")
            return None
        return self._schedule(url, url_key(url), callback, priority=priority, meta=meta,
                              errback=errback, dont_filter=dont_filter)

    def _schedule(self, url: str, key: str, callback, *, priority: int = 0, meta: dict | None = None,
                  errback=None, dont_filter: bool = False) -> scrapy.Request | None:
        """:meth:`follow_url` for an in-scope ``url`` whose :func:`~crawler.urls.url_key` is ``key``."""
        url = request_url(url)
        new = key not in self._scheduled
        if not new and not dont_filter:
            return None
        meta = meta or {}
        if callback == self.parse_sitemap:
            # A sitemap is not a page hop: an article listed three sitemap indexes down is one
            # link from the site, not five (DepthMiddleware's depth_reset: depth 0, so its
            # entries are at depth 1 and DEPTH_LIMIT bounds links followed from pages only).
            # "sitemap_document": DiscoveryBudgetMiddleware does not fetch it once the site's
            # request budget is spent, as none of its entries could be scheduled.
            meta = {"depth_reset": True, "sitemap_document": True, **meta}
        if callback in (self.parse_sitemap, self.parse_feed):
            # A news sitemap of 50,000 entries is 20 MB: CRAWL_SITEMAP_MAX_SIZE bounds these,
            # not DOWNLOAD_MAXSIZE (10 MB, sized for pages), which refused them as too large.
            meta = {"download_maxsize": self.sitemap_max_size, "download_warnsize": self.sitemap_max_size, **meta}
        request = scrapy.Request(url, callback=callback, errback=errback or self.request_failed,
                                 priority=priority, meta=meta, dont_filter=dont_filter)
        if new:
            is_sitemap = callback == self.parse_sitemap
            if not is_sitemap and not self.page_budget_spent() and self._skipped_before_download(request):
                self._scheduled[key] = "article"
                return None
            if not self._within_budget(is_sitemap=is_sitemap):
                return None
            self._scheduled[key] = ("article" if callback == self.parse_article
                                    else "listing" if callback == self.parse_listing else "other")
        return request

    def _skipped_before_download(self, request: scrapy.Request) -> bool:
        """Whether ``request`` (an article candidate) would not go to the network: its page is
        stored, a refused page waiting for its next look, or given up after repeated extraction
        timeouts (``SkipStoredArticlesMiddleware`` or its distributed twin decides, here, with its
        stats and log lines, and lets the request through at download without deciding again).
        Such a request is not scheduled and spends no request budget: on a big site whose pages
        are mostly stored, ``CRAWL_MAX_REQUESTS`` was spent on them, and the new stories linked
        after them were never scheduled."""
        check = self._stored_check()
        if check is None or not request.meta.get("article_candidate") or request.meta.get("lastmod_recheck"):
            return False
        try:
            check.process_request(request)
        except IgnoreRequest:
            return True
        except Exception:  # noqa: BLE001 - the middleware meets it again at download, where it is reported
            return False
        return False

    def _stored_check(self) -> StoredArticleCheck | None:
        """The crawl's stored-article check among its downloader middlewares (``None``: off,
        ``DEDUP_SKIP_STORED = False`` or ``CRAWL_RECRAWL``), found once the engine runs."""
        if self._stored_check_found is None:
            try:
                middlewares = self.crawler.engine.downloader.middleware.middlewares
            except (AttributeError, RuntimeError):  # no engine yet (a spider built in a test)
                return None
            self._stored_check_found = next(
                (mw for mw in middlewares if isinstance(mw, StoredArticleCheck)), False)
        return self._stored_check_found or None

    def _within_budget(self, *, is_sitemap: bool) -> bool:
        """Count one more request of its kind, or say (once, then in stats) that the kind's
        budget is spent. Sitemap documents have their own: a sitemap index of 2,000 daily
        children spent a 2,000-request budget on sitemaps before reaching this week's articles."""
        stats = self.crawler.stats
        if is_sitemap:
            if self.max_sitemaps and self._sitemap_requests >= self.max_sitemaps:
                if not self.sitemap_budget_exhausted:
                    logger.warning("%s: CRAWL_MAX_SITEMAPS of %d sitemap documents reached; older "
                                   "sitemaps are not fetched", self.name, self.max_sitemaps,
                                   extra={"spider": self})
                    self.sitemap_budget_exhausted = True
                stats.inc_value("discovery/sitemap_budget_exhausted")
                return False
            self._sitemap_requests += 1
            return True
        if self.page_budget_spent():
            stats.inc_value("discovery/budget_exhausted")
            return False
        self._page_requests += 1
        return True

    def page_budget_spent(self) -> bool:
        """Whether the site's request budget (``CRAWL_MAX_REQUESTS``) is spent: no page can be
        scheduled any more, so sitemaps, feeds and pages are not read further for links (a
        sitemap's 200,000 entries or a listing's 250,000 links, each refused in turn, held the
        reactor for 20-30 s). Says so once."""
        if self._page_requests < self.max_requests:
            return False
        if not self.budget_exhausted:
            logger.warning("%s: request budget of %d exhausted; discovery stops here",
                           self.name, self.max_requests, extra={"spider": self})
            self.budget_exhausted = True
        return True

    def _stop_reading(self, unread: int, what: str) -> bool:
        """True, counting ``unread`` items of ``what`` in ``discovery/unread_over_budget/<what>``,
        when the request budget is spent; False otherwise."""
        if not self.page_budget_spent():
            return False
        stats = self.crawler.stats
        stats.inc_value("discovery/budget_exhausted")
        stats.inc_value(f"discovery/unread_over_budget/{what}", unread)
        return True

    @cached_property
    def _skips_stored(self) -> bool:
        """Stored articles are skipped before download (``SkipStoredArticlesMiddleware`` or its
        shared twin): only then can a later sitemap entry change that decision."""
        settings = self.crawler.settings
        return settings.getbool("DEDUP_SKIP_STORED") and not settings.getbool("CRAWL_RECRAWL")

    def _entry_is_listing(self, url: str) -> bool:
        """A sitemap or feed entry that is a listing by its URL's own shape, and that the
        profile's ``include`` does not make an article."""
        return entry_is_listing(url) and not self.is_article_url(url)

    def article_request(self, url: str, entry: dict | None = None) -> scrapy.Request | None:
        """A request for a page that may be an article; ``entry`` holds the fields of the sitemap
        or feed entry that names it (``None`` for a link on a page). Its ``lastmod`` must be a
        modification date: a feed item's publication date is not one.

        A URL already scheduled is asked again, once, in two cases. Scheduled as a listing (a
        short link on the home page), it is requested as an article when a feed or sitemap
        entry names it; never the other way round. Scheduled as an article, it is asked again
        (``lastmod_recheck``) when the entry's ``lastmod`` is newer than the one it was asked
        with: ``SkipStoredArticlesMiddleware`` fetches it only if it is stored, older, and not
        fetched already in this crawl, so a new story is still fetched once.
        """
        meta = {"article_candidate": True}
        lastmod = (entry or {}).get("lastmod")
        if entry:
            meta["sitemap_entry"] = entry
        if not self.in_scope(url):
            self.crawler.stats.inc_value("discovery/out_of_scope")
            return None
        key = url_key(url)
        # Articles before more listings: a bounded crawl should spend its budget on articles.
        asked_before = key in self._scheduled
        request = self._schedule(url, key, self.parse_article, priority=10, meta=meta)
        if request is not None or (not asked_before and self._scheduled.get(key) == "article"):
            # scheduled, or decided against before download (stored, refused: _skipped_before_download)
            # with this lastmod, which a later entry's recheck compares with
            self._article_lastmod[key] = lastmod_datetime(lastmod)
            return request
        scheduled_as = self._scheduled.get(key)
        if scheduled_as == "listing" and entry is not None:
            # /fr/article/bank-deal linked from the home page looked like a section; the
            # sitemap (or feed) that lists it says it is an article: one more request. Not a
            # URL that is a listing by its own shape (/business/, a video page), whoever names it.
            if self._entry_is_listing(url):
                return None
            request = self._schedule(url, key, self.parse_article, priority=10, dont_filter=True, meta=meta)
            skipped = not self.page_budget_spent() and self._skipped_before_download(request)
            if not skipped and not self._within_budget(is_sitemap=False):
                return None
            self._scheduled[key] = "article"
            self._article_lastmod[key] = lastmod_datetime(lastmod)
            self.crawler.stats.inc_value("discovery/listing_upgraded")
            return None if skipped else request
        if scheduled_as != "article" or not lastmod or not self._skips_stored:
            return None
        newer = lastmod_datetime(lastmod)
        if newer is None or ((asked := self._article_lastmod.get(key)) is not None and newer <= asked):
            return None
        # A stored story came first from a home-page link or a feed item (no lastmod, or only
        # its publication date) or an older entry, and SkipStoredArticlesMiddleware skipped it;
        # this entry says it changed since. Asked again with the entry: the middleware decides.
        self._article_lastmod[key] = newer
        self.crawler.stats.inc_value("discovery/lastmod_recheck")
        return self._schedule(url, key, self.parse_article, priority=10, dont_filter=True,
                              meta={**meta, "lastmod_recheck": True})

    # -- start -----------------------------------------------------------------------------------
    async def start(self):
        profile = self.profile
        for url in profile.sitemaps:
            if req := self.follow_url(url, self.parse_sitemap, priority=20, meta={"sitemap_depth": 0}):
                yield req
        for url in profile.feeds:
            if req := self.follow_url(url, self.parse_feed, priority=20):
                yield req
        for origin in dict.fromkeys(self._origin(u) for u in profile.start_urls):
            if req := self.follow_url(origin + "/robots.txt", self.parse_robots, priority=30,
                                      errback=self.robots_failed, meta={"origin": origin,
                                                                        "dont_record_error": True}):
                yield req
        for url in profile.start_urls:
            if req := self.follow_url(url, self.parse_listing, priority=5, meta={"start_page": True}):
                yield req

    @staticmethod
    def _origin(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def links_too_deep(self, response: Response) -> bool:
        """Whether requests found on ``response`` would exceed DEPTH_LIMIT. Such requests are
        not made at all: DepthMiddleware would drop them after ``follow_url`` had marked their
        URL as scheduled, and the same URL found later at a shallower depth (in a sitemap)
        would then be skipped and lost."""
        if self.depth_limit and response.meta.get("depth", 0) >= self.depth_limit:
            self.crawler.stats.inc_value("discovery/depth_limit")
            return True
        return False

    # -- callbacks -------------------------------------------------------------------------------
    def parse(self, response: Response, **kwargs):
        """Scrapy's default callback, for a request made without one: ``scrapy parse --spider
        <site> URL`` without ``-c`` (it failed with ``NotImplementedError``). The page is read as
        the crawl would read a link to it: :meth:`parse_article` when its URL looks like an
        article's (the profile's ``include`` counts), :meth:`parse_listing` otherwise."""
        if self.is_article_url(response.url):
            return self.parse_article(response)
        return self.parse_listing(response)

    def parse_robots(self, response: Response):
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        self._obey_crawl_delay(text, response.url)
        sitemaps = sitemap_urls_from_robots(text, response.url)
        if not sitemaps and not self.profile.sitemaps:
            yield from self._guess_sitemaps(response.meta["origin"])
        for url in sitemaps:
            if req := self.follow_url(url, self.parse_sitemap, priority=20, meta={"sitemap_depth": 0}):
                yield req

    def _obey_crawl_delay(self, robots_txt: str, url: str) -> None:
        """The ``Crawl-delay`` robots.txt asks of this crawler becomes the site's least delay
        between requests (:func:`~pipelines.politeness.raise_slot_delay`), at most
        ``ROBOTSTXT_CRAWL_DELAY_MAX`` seconds (0: not read), while robots.txt is obeyed; one INFO
        line, stat ``robotstxt/crawl_delay`` (the delay applied)."""
        settings = self.crawler.settings
        limit = settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX")
        if limit <= 0 or not settings.getbool("ROBOTSTXT_OBEY"):
            return
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        if (asked := crawl_delay_from_robots(robots_txt, agent)) is None:
            return
        applied = raise_slot_delay(self.crawler, site_slot(self.profile), min(asked, limit))
        self.crawler.stats.max_value("robotstxt/crawl_delay", applied)
        capped = f"; waits {limit:g} s (ROBOTSTXT_CRAWL_DELAY_MAX)" if asked > limit else ""
        logger.info("%s: %s asks for %g s between requests (Crawl-delay)%s; the site's requests "
                    "are %g s apart", self.name, url, asked, capped, applied, extra={"spider": self})

    def robots_failed(self, failure):
        origin = failure.request.meta["origin"]
        logger.info("%s: no robots.txt at %s (%s)", self.name, origin, failure.value,
                    extra={"spider": self})
        if not self.profile.sitemaps:
            yield from self._guess_sitemaps(origin)

    def _guess_sitemaps(self, origin: str):
        if not self.guess_sitemaps:
            return
        for path in GUESSED_SITEMAP_PATHS:
            req = self.follow_url(origin + path, self.parse_sitemap, priority=20,
                                  errback=self.guess_failed,
                                  meta={"sitemap_depth": 0, "guessed": True, "dont_record_error": True})
            if req:
                yield req

    def guess_failed(self, failure):
        self.crawler.stats.inc_value("discovery/sitemap_guess_missed")

    def parse_sitemap(self, response: Response):
        stats = self.crawler.stats
        if self.page_budget_spent():
            # Scheduled before the budget was spent, fetched after (DiscoveryBudgetMiddleware
            # lets those already sent through): none of its entries could be scheduled.
            stats.inc_value("discovery/budget_exhausted")
            stats.inc_value("discovery/sitemap_skipped/budget_exhausted")
            return
        try:
            sitemap = parse_sitemap(response.body, base_url=response.url, max_size=self.sitemap_max_size,
                                    encoding=self._header_charset(response),
                                    max_entries=self.SITEMAP_MAX_ENTRIES)
        except DiscoveryError as exc:
            if not response.meta.get("guessed"):
                logger.warning("%s: bad sitemap %s: %s", self.name, response.url, exc, extra={"spider": self})
                stats.inc_value("discovery/sitemap_invalid")
                self.record_error(response.url, "bad_sitemap", response.status, str(exc))
            return
        stats.inc_value("discovery/sitemaps")
        if sitemap.without_loc:
            # counted, not recorded: the sitemap is usable, these entries name no page to crawl
            stats.inc_value("discovery/sitemap_entries_without_loc", sitemap.without_loc)
            logger.info("%s: sitemap %s: %d entries without a usable <loc> skipped", self.name, response.url,
                        sitemap.without_loc, extra={"spider": self})
        if sitemap.leading_junk:
            stats.inc_value("discovery/sitemap_leading_junk")  # e.g. a PHP notice before <?xml
        if sitemap.recovered_from:
            # The recovered entries are crawled; the damage is recorded, not only logged.
            self.record_error(response.url, "bad_sitemap", response.status,
                              f"malformed, {len(sitemap.entries)} entries recovered: {sitemap.recovered_from}")
        if sitemap.entries_over_limit:
            # Beyond the sitemaps.org limit: the first SITEMAP_MAX_ENTRIES are crawled, newest
            # first; the others are counted and recorded, never read.
            stats.inc_value("discovery/sitemap_entries_over_limit", sitemap.entries_over_limit)
            self.record_error(response.url, "bad_sitemap", response.status,
                              f"{sitemap.entries_over_limit} entries past the first {self.SITEMAP_MAX_ENTRIES} "
                              f"(the sitemaps.org limit) not read", log_level=logging.WARNING)
        if self.links_too_deep(response):
            return
        depth = response.meta.get("sitemap_depth", 0)
        if sitemap.kind == "index":
            if depth >= self.sitemap_max_depth:
                stats.inc_value("discovery/sitemap_too_deep")
                return
            # Newest first: children are fetched in this order (FIFO queue), and their
            # articles scheduled, and counted against the budget, in that order.
            children = newest_first(sitemap.entries)
            # Tag, category and author sitemaps only when the index has nothing else: they
            # list listings, which the site's article sitemaps make redundant.
            skipped = taxonomy_children_to_skip([entry.loc for entry in children], [entry.lastmod for entry in children])
            for position, (entry, is_skipped) in enumerate(zip(children, skipped)):
                if self._stop_reading(len(children) - position, "sitemaps"):
                    break
                if is_skipped:
                    stats.inc_value("discovery/sitemap_taxonomy_skipped")
                    continue
                if self._too_old(entry.lastmod, entry.loc):
                    stats.inc_value("discovery/sitemap_too_old")
                    continue
                req = self.follow_url(entry.loc, self.parse_sitemap, priority=20,
                                      meta={"sitemap_depth": depth + 1})
                if req:
                    yield req
            return
        entries = newest_first(sitemap.entries, listed_oldest_first=wp_core_posts_page(response.url) is not None)
        for position, entry in enumerate(entries):
            if self._stop_reading(len(entries) - position, "sitemap_entries"):
                break
            if self._too_old(entry.news_publication_date or entry.lastmod, entry.loc):
                stats.inc_value("discovery/sitemap_entry_too_old")
                continue
            fields = {
                "lastmod": entry.lastmod,
                "news_title": entry.news_title,
                "news_publication_date": entry.news_publication_date,
            }
            stats.inc_value("discovery/sitemap_entries")
            # A listing only when the URL says so (a tag, category, page or date archive, the
            # home page, a one-word section such as /business/, a video page): a sitemap lists
            # articles, and /fr/article/bank-deal is not a section for having two segments.
            if self._entry_is_listing(entry.loc):
                req = self.follow_url(entry.loc, self.parse_listing)
            else:
                req = self.article_request(entry.loc, fields)
            if req:
                yield req

    def _too_old(self, value: str | None, url: str | None = None) -> bool:
        """Older than ``CRAWL_SITEMAP_MAX_AGE_DAYS``, read leniently: a bare date counts as the
        end of that day, ``YYYY-MM`` as the end of that month (:func:`lastmod_datetime`). Without
        a date, the period ``url`` is named after counts the same way (``sitemap-2019-01.xml``,
        ``/2019/01/05/slug``: :func:`url_period_end`); an unreadable date is never too old."""
        if self.sitemap_min_date is None:
            return False
        if value:
            date = lastmod_datetime(value)
        else:
            date = url_period_end(url) if url else None
        return date is not None and date < self.sitemap_min_date

    def parse_feed(self, response: Response):
        try:
            feed = read_feed(response.body, base_url=response.url, max_size=self.sitemap_max_size,
                             encoding=self._header_charset(response), max_entries=self.FEED_MAX_ENTRIES)
        except DiscoveryError as exc:
            logger.warning("%s: bad feed %s: %s", self.name, response.url, exc, extra={"spider": self})
            self.crawler.stats.inc_value("discovery/feed_invalid")
            self.record_error(response.url, "bad_feed", response.status, str(exc))
            return
        self.crawler.stats.inc_value("discovery/feeds")
        if feed.leading_junk:
            self.crawler.stats.inc_value("discovery/feed_leading_junk")  # e.g. a PHP notice before <?xml
        if feed.recovered_from:
            self.record_error(response.url, "bad_feed", response.status,
                              f"malformed, {len(feed.entries)} items recovered: {feed.recovered_from}")
        if feed.entries_over_limit:
            # the first FEED_MAX_ENTRIES are crawled, in the feed's order (newest first); the
            # others are counted and recorded, their links never read
            self.crawler.stats.inc_value("discovery/feed_items_over_limit", feed.entries_over_limit)
            self.record_error(response.url, "bad_feed", response.status,
                              f"{feed.entries_over_limit} items past the first {self.FEED_MAX_ENTRIES} not read",
                              log_level=logging.WARNING)
        if feed.without_link:
            # counted, not recorded: the feed is usable, its link-less items (a podcast's episodes,
            # guid isPermaLink="false" without <link>) name no page to crawl
            self.crawler.stats.inc_value("discovery/feed_items_without_link", feed.without_link)
            logger.info("%s: %d item(s) of %s have no usable link", self.name, feed.without_link, response.url,
                        extra={"spider": self})
        if self.links_too_deep(response):
            return
        for position, entry in enumerate(feed.entries):
            if self._stop_reading(len(feed.entries) - position, "feed_items"):
                break
            # "lastmod" is a modification date: a story first met in the feed by its pubDate must
            # still be asked again when the sitemap's lastmod says it was edited since.
            fields = {"lastmod": entry.updated, "news_title": entry.title,
                      "news_publication_date": entry.published}
            if req := self.article_request(entry.link, fields):
                yield req

    def parse_listing(self, response: Response):
        """A start or section page: follow its links; it is not stored, unless it declares itself
        an article (:meth:`_listing_declares_article`): then it goes to extraction too. One that is no page (not
        HTML, empty, binary, a challenge) is recorded as an article's would be: a start page
        that answered with nothing left no record of why the crawl found no articles."""
        if not isinstance(response, TextResponse):
            self._record_not_html(response)
            return
        if not response.body.strip() and listing_page(response.url) is not None:
            # a "load more" endpoint past its end (/ajax/more?start=60) answers with nothing:
            # the end of that pager, not a failure worth retries and a fetch_errors row
            self.crawler.stats.inc_value("discovery/listing_pages_empty")
            return
        if unusable := self._unusable_page(response):
            if isinstance(unusable, scrapy.Request):
                yield unusable
            return
        if (links := json_links(response.text, response.url)) is not None:
            yield from self._json_listing(response, links)
            return
        if self._listing_declares_article(response):
            # Judged a listing by its URL (/writers/name/slug, /news/452, ?page=article&id=45),
            # it says it is an article: extraction decides, as for any article page, and its
            # links are followed as a listing's.
            self.crawler.stats.inc_value("discovery/listing_declares_article")
            if unusable := self._unusable_page(response, article=True):
                # cut by a server error: asked again, or recorded; its links are still read
                if isinstance(unusable, scrapy.Request):
                    yield unusable
                    return
                yield from self.follow_links(response, load_more=False)
                return
            try:
                self._scheduled[url_key(response.url)] = "article"
            except ValueError:
                pass
            # an article's load-more buttons (related stories, comments) are not a section's pager
            yield from self.follow_links(response, load_more=False)
            yield self._page_item(response)
            return
        self.crawler.stats.inc_value("pages/skipped/listing")
        if response.meta.get("start_page"):
            for url in feed_urls_from_html(response.text, response.url):
                if req := self.follow_url(url, self.parse_feed, priority=20):
                    yield req
        yield from self.follow_links(response)

    def _json_listing(self, response: TextResponse, links: list[str]):
        """A listing that answered JSON (a "load more" endpoint linked by an ``<a href>``,
        ``/api/articles?page=2``): its links are the addresses it lists
        (:func:`~crawler.discovery.json_links`), followed as a listing's (stat
        ``discovery/json_listings``); HTML's links were looked for in it, and stories reachable
        only through it were lost without a sign. One that lists no address is recorded
        ``not_html`` (``JSON without links to pages``), unless it is a later page of a pager
        (``?page=9``), whose end it is (stat ``discovery/json_listings_without_links``)."""
        stats = self.crawler.stats
        stats.inc_value("discovery/json_listings")
        if not links:
            stats.inc_value("discovery/json_listings_without_links")
            if listing_page(response.url) is None:
                self.record_error(response.url, "not_html", response.status,
                                  f"JSON without links to pages ({len(response.body)} bytes)")
            return
        if self.follows_links_of(response):
            yield from self._link_requests(response, links, listing=True)

    def _listing_declares_article(self, response: TextResponse) -> bool:
        """A page fetched as a listing that declares itself an article (:func:`page_declares_article`):
        not a start page, nor a page of a pager (``?page=2``, ``/page/3``); on a URL that says it
        is a listing (a tag, category, author or section segment, :func:`has_listing_marker`), only
        a dated declaration (a JSON-LD article, ``article:published_time``) counts, as many CMSs
        put ``og:type`` "article" on every page."""
        if response.meta.get("start_page") or listing_page(response.url) is not None:
            return False
        return page_declares_article(response.text, dated_only=has_listing_marker(response.url))

    async def parse_article(self, response: Response):
        """A page that may be an article: hand it to extraction, and follow its links.

        The extraction worker that parses the page reads its links too (issue 7): the callback
        yields the page first, then awaits them from ``ExtractPipeline`` (:class:`PageLinks`)
        and yields their requests, which go through the spider middlewares as before. Without
        them (the worker crashed, the page was not parsed, no extraction pipeline), it scans
        the page itself, as for a listing.
        """
        if not isinstance(response, TextResponse):
            self._record_not_html(response)
            return
        if unusable := self._unusable_page(response, article=True):
            if isinstance(unusable, scrapy.Request):
                yield unusable
            return
        follow = self.follows_links_of(response)
        links = PageLinks() if follow and self._links_from_extraction else None
        if follow and links is None:
            # Links first: the item then waits for the extraction pool without holding them back.
            for request in self._link_requests(response, page_links(response.text, response.url)):
                yield request
        yield self._page_item(response, links)
        if links is None:
            return
        try:
            found = await links.wait(self.LINKS_WAIT)
            if links.shortlink:
                # before its links: the article's own "short link" box links it
                self._article_also_at(links.shortlink)
            if found is None:
                self._links_not_given(response, links)
                found = page_links(response.text, response.url)
            else:
                self.crawler.stats.inc_value("discovery/article_links/extraction")
            for request in self._link_requests(response, found):
                yield request
        finally:
            links.followed()

    def _page_item(self, response: TextResponse, links: PageLinks | None = None) -> PageItem:
        return PageItem(
            url=response.url,
            body=response.body,
            site=self.name,
            encoding=self._header_charset(response),
            status=response.status,
            fetched_at=utc_now(),
            sitemap_entry=response.meta.get("sitemap_entry"),
            # a 301 from a stored article's address: the store follows the article there
            redirect_urls=list(response.meta.get("redirect_urls") or ()),
            links=links,
        )

    def _article_also_at(self, shortlink: str) -> None:
        """The article just fetched declares ``shortlink`` (``/?p=4521``) as its own short
        address: a link to it met later in this crawl is that article, and is not scheduled
        (:meth:`follow_url`); each cost a request (a redirect to the article, or the article
        again). A request for it scheduled before is left to ``SkipStoredArticlesMiddleware``,
        which finds it in ``seen_urls`` once the article's batch is written."""
        try:
            key = url_key(shortlink)
        except ValueError:
            return
        if key not in self._scheduled:
            self._scheduled[key] = "article"
            self.crawler.stats.inc_value("discovery/shortlinks")

    @cached_property
    def _links_from_extraction(self) -> bool:
        """Article pages' links come from the extraction workers (:meth:`parse_article`): with the
        extraction pipeline on, ``EXTRACT_LINKS`` (``scrapy parse`` turns it off), and at least two of a callback's outputs handled at once
        (``CONCURRENT_ITEMS``), as the page waits in one handler for the links the others pass on."""
        settings = self.crawler.settings
        return (settings.getbool("EXTRACT_ENABLED") and settings.getbool("EXTRACT_LINKS")
                and settings.getint("CONCURRENT_ITEMS") >= 2)

    def _links_not_given(self, response: Response, links: PageLinks) -> None:
        stats = self.crawler.stats
        stats.inc_value("discovery/article_links/scanned")
        if links.timed_out:
            stats.inc_value("discovery/article_links/wait_timeout")
            logger.warning("%s: no links from extraction for %s within %d s; the page is scanned for them",
                           self.name, response.url, self.LINKS_WAIT, extra={"spider": self})

    def _page_left_pipelines(self, item, **_) -> None:
        """``item_scraped``, ``item_dropped``, ``item_error``: a page that leaves the item pipelines
        without its links (dropped before the extraction pipeline, or with none) is given ``None``,
        so its callback scans it rather than wait."""
        if isinstance(item, PageItem) and item.links is not None:
            item.links.give(None)

    @staticmethod
    def _header_charset(response: Response) -> str | None:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key == "charset" and value:
                return value.strip("\"' ")
        return None

    def _record_not_html(self, response: Response) -> None:
        self.crawler.stats.inc_value("pages/skipped/not_html")
        self.record_error(response.url, "not_html", response.status,
                          f"not a page: {response.headers.get(b'Content-Type', b'?').decode('latin-1')}")

    def _unusable_page(self, response: TextResponse, *, article: bool = False) -> scrapy.Request | str | None:
        """Why a 200 answer is not a page to extract (recorded), a retry of it, or ``None``.
        ``article``: the page goes to extraction, and one that a server error cut short
        (:func:`~crawler.blocked.server_error_at_end`) is not a page either; a listing's links
        before the error are still followed."""
        body = response.body
        if not body or body.isspace():  # (as ``not body.strip()``, without a copy of the page)
            # An empty 200 is often a server hiccup: retried once or twice, then recorded.
            retry = get_retry_request(response.request, spider=self, reason="empty_body")
            if retry is not None:
                retry.meta.pop("download_latency", None)  # the failed attempt's, not the retry's
                return retry
            self.record_error(response.url, "empty", response.status, "empty body",
                              attempts=response.meta.get("retry_times", 0) + 1)
            return "empty"
        if looks_like_binary(body):
            self.record_error(response.url, "binary", response.status,
                              f"binary body ({len(body)} bytes) served as "
                              f"{response.headers.get(b'Content-Type', b'?').decode('latin-1')}")
            return "binary"
        if reason := looks_like_challenge(body, response.status, response.headers):
            self.record_error(response.url, "blocked", response.status, f"challenge page ({reason})")
            return "blocked"
        if article and (error := server_error_at_end(body)):
            # The server died while writing the page (PHP's "Fatal error: Allowed memory size …"
            # where the story was cut), or the page is nothing but its error page (WordPress's
            # "Error establishing a database connection", ASP.NET's "Server Error in '/'
            # Application."): a 5xx sent as 200. Stored, the cut story and the error text were
            # kept as the article, never fetched again. Often transient: retried.
            retry = get_retry_request(response.request, spider=self, reason="server_error_page")
            if retry is not None:
                retry.meta.pop("download_latency", None)
                return retry
            self.record_error(response.url, "http_5xx", response.status, server_error_message(error),
                              attempts=response.meta.get("retry_times", 0) + 1)
            return "http_5xx"
        if article and (where := html_cut_short(body)):
            # The page stops in the middle (a Content-Length smaller than the page, counted in
            # characters; a connection closed mid-way on a page sent without a length): the HTTP
            # client took it as whole, and the story was stored cut without a sign. A dropped
            # connection may not recur: retried, then recorded.
            retry = get_retry_request(response.request, spider=self, reason="page_cut_short")
            if retry is not None:
                retry.meta.pop("download_latency", None)
                return retry
            self.record_error(response.url, "truncated", response.status, cut_short_message(body, where),
                              attempts=response.meta.get("retry_times", 0) + 1)
            return "truncated"
        return None

    #: request meta: the folder of the listing that linked the request, and a digest of the links
    #: it wrote relative to that folder (:meth:`follow_links`)
    LINKED_FROM_FOLDER = "linked_from_folder"

    def follow_links(self, response: TextResponse, load_more: bool = True):
        """Requests for the links :func:`page_links` finds in ``response``, unless the page is too
        deep for its links to be followed.

        A listing in a folder below the one of the listing that linked it, whose links written
        relative to its folder (``news/``, ``sport/``) are those of that listing, is a copy of it
        served at another address: a site that answers any address with its home page (or a
        section's), and whose menu is written relative to the folder, made ``/news/``,
        ``/news/sport/``, ``/news/sport/news/``… without end, each a request, and the request
        budget went to them (menu³ pages at DEPTH_LIMIT 4). Those links of such a copy are not
        followed (they lead one folder deeper again, or, on a site without the catch-all, to
        addresses that do not exist); its other links are (stat ``discovery/echo_listings``, one
        WARNING line per crawl). ``load_more`` false: the endpoints of its "load more" buttons
        (:func:`load_more_links`) are not read (a page that declares itself an article)."""
        if not self.follows_links_of(response):
            return
        links = page_links(response.text, response.url)
        if load_more and (load_more := load_more_links(response.text, response.url)):
            # a "load more" button's endpoint in a data attribute (data-url, data-href, data-next):
            # the listing's next stories, followed as its pager's pages are
            self.crawler.stats.inc_value("discovery/load_more_endpoints", len(load_more))
            links = [*links, *load_more]
        written, resolved = folder_relative_links(response.text, response.url)
        folder = _folder(response.url)
        signature = hashlib.blake2b("\n".join(sorted(written)).encode(), digest_size=8).hexdigest() if written else None
        linked_from = response.meta.get(self.LINKED_FROM_FOLDER)
        if (signature is not None and linked_from and linked_from[1] == signature
                and folder != linked_from[0] and folder.startswith(linked_from[0])):
            links = [url for url in links if url not in resolved]
            self.crawler.stats.inc_value("discovery/echo_listings")
            if not self._echo_reported:
                self._echo_reported = True
                logger.warning("%s: %s repeats the links of %s written relative to its folder (%d): a copy of "
                               "that page at another address (a site that answers any address with a page); "
                               "those links of such copies are not followed (stat discovery/echo_listings)",
                               self.name, response.url, linked_from[0], len(written), extra={"spider": self})
        for request in self._link_requests(response, links, listing=True):
            if signature is not None:
                request.meta[self.LINKED_FROM_FOLDER] = (folder, signature)
            yield request

    def follows_links_of(self, response: Response) -> bool:
        """Whether the links of ``response`` are followed: not beyond DEPTH_LIMIT or the profile's
        ``max_depth`` (counted in stats when they are not)."""
        if self.links_too_deep(response):
            return False
        max_depth = self.profile.max_depth
        if max_depth is not None and response.meta.get("depth", 0) >= max_depth:
            # The profile's own bound, tighter than DEPTH_LIMIT.
            self.crawler.stats.inc_value("discovery/max_depth")
            return False
        return True

    def _link_requests(self, response: Response, links: list[str], listing: bool = False):
        stats = self.crawler.stats
        # A later page of a pager (/news/page/7/, ?page=7, /ajax/more?start=70) is followed to
        # its next page only if it showed a link no listing page of this crawl showed before: a
        # "load more" endpoint or pager that answers every N past its end with the same or older
        # items was walked to CRAWL_MAX_LISTING_PAGES (50) pages per listing, and DEPTH_LIMIT
        # more. Links met only on article pages do not count: a small archive's page 2 whose
        # stories all appeared in its articles' "latest" and "related" boxes is still new.
        later_page = listing_page(response.url) is not None
        next_pages: list[str] = []
        shows_new_links = False
        links_seen = self._links_seen
        # The budget can be spent only by a request scheduled here or elsewhere while this
        # generator waits at a ``yield``: it is asked again at the first link after either, and
        # not for each link already considered (an article's 100-200 links are almost all
        # menus and "most read" boxes met before: the two calls per link were a fifth of this
        # loop, issue 7). Each stop happens at the same link as when it was asked at every one.
        ask_budget = True
        for position, url in enumerate(links):
            if ask_budget:
                if self._stop_reading(len(links) - position, "links"):
                    return
                ask_budget = False
            if not listing and url in links_seen:
                continue
            first_on_a_listing = listing and url not in self._listing_links_shown
            if first_on_a_listing:
                if len(self._listing_links_shown) >= self.LINKS_SEEN_MAX:
                    self._listing_links_shown.clear()  # as _links_seen: a cache
                self._listing_links_shown.add(url)
            # Menus, footers and "most read" lists repeat the same few hundred links on every
            # page; scope, canonical and pattern checks of a link already considered in this
            # crawl would decide the same again (issue 7: they cost more than the download).
            if url in links_seen:
                if first_on_a_listing and not shows_new_links:
                    kind = self._link_kind(url, count_skipped=False)
                    shows_new_links = kind is not None and kind[0] != "pager"
                continue
            if len(links_seen) >= self.LINKS_SEEN_MAX:
                links_seen.clear()  # a cache, not a record: clearing only costs time
            links_seen.add(url)
            kind = self._link_kind(url)
            if kind is None:
                continue
            kind, url = kind
            shows_new_links = shows_new_links or first_on_a_listing and kind != "pager"
            if kind == "article":
                req = self.article_request(url)
            elif kind == "pager" and later_page and is_next_listing_page(url, response.url):
                next_pages.append(url)
                continue
            else:
                req = self._listing_request(url, response)
            ask_budget = True  # a request was scheduled (or refused by the budget) here
            if req:
                yield req
        if not next_pages:
            return
        if not shows_new_links:
            stats.inc_value("discovery/listing_pages_stale")
            logger.debug("%s: %s shows no link not met before; its next pages are not followed",
                         self.name, response.url, extra={"spider": self})
            return
        for url in next_pages:
            if req := self._listing_request(url, response):
                yield req

    def _link_kind(self, url: str, count_skipped: bool = True) -> tuple[str, str] | None:
        """``("article" | "pager" | "listing", request URL)`` for a link of a page, ``None`` for
        one not followed (out of scope, a file, a utility or print page)."""
        if not self.in_scope(url):
            if count_skipped and split_url(url) is None:
                # "//[bad", "http://[x/": an unbalanced "[" in the host, kept by page_links
                self.crawler.stats.inc_value("discovery/link_skipped/invalid_url")
            return None
        if "\ufffd" in url:
            # A replacement character is no address a site wrote: the page's bytes were not in
            # the charset its server declared (a windows-1256 page served as UTF-8), and the
            # link, garbled in decoding, answers 404. Not fetched, whatever the profile says.
            if count_skipped:
                self.crawler.stats.inc_value("discovery/link_skipped/undecodable")
            return None
        # Judged in its request form: /story/?replytocom=12 and /story/?print=1 are /story/.
        url = request_url(url)
        is_article = self.is_article_url(url)
        # A PDF, an image, a login or share page, a print version (/story/print/ looks like
        # an article): neither an article nor a page of links to articles, and each was a
        # full download. A profile's ``include`` pattern has the last word.
        if (not is_article or not self.profile.include) and (reason := link_skip_reason(url)):
            if count_skipped:
                self.crawler.stats.inc_value(f"discovery/link_skipped/{reason}")
            return None
        if is_article:
            return "article", url
        # A page of a pager, new on every page of one (its numbered links, its "next", its other
        # language's page N): not what tells a pager that shows nothing new.
        return ("pager" if listing_page(url) is not None else "listing"), url

    def _listing_request(self, url: str, response: Response) -> scrapy.Request | None:
        if self._is_next_page(url, response.url):
            # A section's "next" page is the same listing, one page on: at the depth of the
            # page that links it, or a section paged only by "next" links lost its fourth
            # page under DEPTH_LIMIT 4 (PaginationDepthMiddleware; CRAWL_MAX_LISTING_PAGES).
            return self.follow_url(url, self.parse_listing, meta={"same_depth": True})
        return self.follow_url(url, self.parse_listing)

    def _is_next_page(self, url: str, listing_url: str) -> bool:
        if not self.max_listing_pages or not is_next_listing_page(url, listing_url):
            return False
        listing = listing_page(url)[0]
        if self._listing_pages[listing] >= self.max_listing_pages:
            self.crawler.stats.inc_value("discovery/listing_pages_capped")
            return False
        self._listing_pages[listing] += 1
        return True

    # -- errors --------------------------------------------------------------------------------
    def record_error(self, url: str, kind: str, status: int | None, message: str,
                     attempts: int = 1, log_level: int = logging.INFO) -> None:
        """Count ``errors/<kind>``, log it at ``log_level`` (a caller that logged the failure
        itself gives ``DEBUG``) and send :data:`pipelines.errors.fetch_error` (the
        ``fetch_errors`` row is written by ``FetchErrorsExtension``)."""
        self.crawler.stats.inc_value(f"errors/{kind}")
        logger.log(log_level, "%s: %s %s (%s)", self.name, kind, url, message, extra={"spider": self})
        self.crawler.signals.send_catch_log(fetch_error, url=url, kind=kind, status=status,
                                            message=message, attempts=attempts, spider=self)

    def request_failed(self, failure):
        """Errback of every request: name the final failure (after retries) and record it."""
        request = failure.request
        start_chain_failed(self.crawler, request)
        if request.meta.get("dont_record_error"):
            return
        described = describe_failure(
            failure.value, request, domains=self.profile.domains,
            max_redirects=self.crawler.settings.getint("REDIRECT_MAX_TIMES"))
        if described is None:
            return
        kind, status, message = described
        # The URL the crawl asked for, not where its redirects led (named in the message), nor
        # its other scheme's spelling, asked after the first failed (SchemeFallbackMiddleware).
        meta = request.meta
        url = meta.get(SchemeFallbackMiddleware.ASKED) or (meta.get("redirect_urls") or [request.url])[0]
        if failed_first := meta.get(SchemeFallbackMiddleware.FROM):
            message = (f"{message} (as {request.url}; as {failed_first} first: "
                       f"{meta.get(SchemeFallbackMiddleware.FIRST_ERROR)})")
        elif kind in ("connection", "timeout", "dns") and request.url != url:
            # the failure is the redirect target's (an http site sending its pages to a broken https)
            message = f"{message} (redirected to {request.url})"
        self.record_error(url, kind, status, message,
                          attempts=request.meta.get("retry_times", 0) + 1)
