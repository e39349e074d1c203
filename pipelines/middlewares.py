"""Downloader middlewares of the project.

``SiteDomainsMiddleware``: no request leaves the site's domains (links, sitemap and feed
entries, redirects — a redirect is a new request and passes here again). Scrapy's own
offsite filtering compares ``allowed_domains`` without ports, which cannot describe a site
served on ``127.0.0.1:PORT``; this one uses ``crawler.urls.in_domains``.
Stats: ``offsite/filtered``.

``DiscoveryBudgetMiddleware``: a sitemap document still queued when the site's request budget
(``CRAWL_MAX_REQUESTS``) is spent is not fetched (none of its entries could be scheduled).
Stats: ``discovery/sitemap_skipped/budget_exhausted``, ``discovery/budget_exhausted``.

``SkipStoredArticlesMiddleware``: an article URL already in the database is not downloaded
again — across runs — unless its sitemap ``lastmod`` / feed ``updated`` date is newer than the stored
copy, or ``CRAWL_RECRAWL`` is on. The check reads SQLite through a primary key, so its cost
does not grow with the database. Sitemaps, feeds and section pages are always fetched. A URL
asked again because a later sitemap entry has a newer ``lastmod`` than its first request
(``lastmod_recheck``) is fetched only if it is stored, the entry is newer, and this middleware
has not already let a request for it through in this crawl: otherwise the first request decides.
A page that hung the extractor in ``EXTRACT_TIMEOUT_GIVE_UP_AFTER`` runs (``fetch_errors`` kind
``extract_timeout``, ``crawler.fetch_errors.given_up_pages``) is left alone the same way: not
downloaded again unless a sitemap ``lastmod`` newer than its last timeout asks for it, or
``CRAWL_RECRAWL`` is on (the distributed twin reads them from the writer's mirror in Redis,
``crawler.distributed.given_up_key``).
A page extraction refused in an earlier run (``refused_pages``, ``crawler.refused``) is left
alone until its row's ``next_look_at`` (a wait that doubles with each refusal), unless a sitemap
``lastmod`` newer than the refusal asks for it; a request let through for such a page carries
``crawler.refused.REFUSED_BEFORE_META``, so that the run's health tally leaves it out if it is
refused again (the distributed twin reads the writer's mirror of the rows in Redis,
``crawler.distributed.refused_key``).
Settings: ``DEDUP_SKIP_STORED``, ``CRAWL_RECRAWL``, ``EXTRACT_TIMEOUT_GIVE_UP_AFTER``,
``REFUSED_RECHECK_AFTER``, ``DATABASE``.
Stats: ``dedup/skipped_stored``, ``dedup/refetch_newer``, ``dedup/recheck_not_stored``,
``dedup/recheck_fetched``, ``dedup/skipped_given_up``, ``dedup/refetch_given_up``,
``dedup/skipped_refused``, ``dedup/refetch_refused_due``, ``dedup/refetch_refused_newer`` (requests: a
page linked before its sitemap entry with a newer lastmod is skipped once, then fetched).

``LoginRedirectMiddleware``: a redirect to the site's login, registration or subscription page
(a premium story's 302 to ``/user/login?destination=…``) is not followed: the login page is
never the page asked for, and fetching it as the article lost the story without a word. The
request is refused as a ``blocked`` fetch error of the URL first asked for, with the redirect's
status and the login page in its message (``crawler.discovery.is_login_url``).

``HomeRedirectMiddleware``: an article request (a sitemap or feed entry, an article link, a stored
article checked again) answered with a redirect to the site's home page (``/``, ``/index.php``,
the language root ``/ar/``, the same with a query that names no page:
``crawler.urls.is_front_page``) is a story taken down, the way many CMSs remove one. The crawl
followed it like any redirect: the home page, already scheduled as the start page, was dropped as
a duplicate request, or fetched as the article and rejected (or stored: a language root full of
lead paragraphs), and the story was lost without a word. The redirect is not followed: the URL
asked for gets a ``home_redirect`` fetch error (status: the redirect's; message: the home page),
which marks a stored article at that address ``gone_at`` as a 404/410 does
(``crawler.fetch_errors``). The home page's own redirects, listings', and redirects to any other
page — a story moved to a new address, http->https, a trailing slash, a section front — are
followed as before. A section front is not taken for a removal: a CMS sends there both stories
it removed and old addresses it cannot map to their story's new one, and a URL the crawl only
guessed to be an article from its shape (``/news/local-news-12``) may be the section's old
address; a false ``gone_at`` on a story that is online misleads its readers more than a removal
left unrecorded. A 200 page that only refreshes to the home page (``<meta http-equiv="refresh"
content="0;url=/">``, how many PHP CMSs answer for a removed story) is judged by the same rule
(:func:`sends_home`) in :class:`PrecheckedMetaRefreshMiddleware`. Settings:
``HOME_REDIRECT_ENABLED``. Stats: ``errors/home_redirect`` (counted by the spider).

``CookieCheckRedirectMiddleware``: Scrapy's ``RedirectMiddleware``, except that a redirect back to
the URL asked for (or to one of its redirect chain) that sets a cookie is followed once: a cookie
check (a session started, an anti-bot or consent cookie set), which a browser passes, sending the
cookie with its second request. The duplicate filter dropped that second request as a loop
(``redirect_loop``) and every article of such a site was lost. A second redirect back after it is a
loop, recorded as before, as is a redirect back that sets no cookie. Stat:
``redirect/cookie_check``.

``UnresolvableHostMiddleware``: a host whose name does not resolve is given up after
``DNS_GIVE_UP_AFTER`` of its requests failed DNS with their retries spent (and it never
answered in this crawl): its later requests fail at once as ``dns`` errors, without lookups,
retries or their waits. A site with a dead name, or a machine without DNS, used to fail every
start URL, robots.txt, sitemap and feed in turn, 24 s per site with backoff: six minutes for a
cron run over 15 sites during an outage. With ``ROBOTSTXT_OBEY`` on, a host whose robots.txt
fails DNS after its retries is disallowed at once (``UnavailableRobotsTxtMiddleware``), so this
counts for hosts asked again under another port or scheme, and for crawls that do not obey
robots.txt. Stats: ``dns/hosts_given_up``, ``dns/refused``.

``SchemeFallbackMiddleware``: a request whose connection failed before any answer (refused, a
failed TLS handshake), its retries spent, is sent once more with the other scheme (``https`` <->
``http``), when that scheme's origin (same host and port) answered a page in this crawl. The
crawl asks a URL once, in the spelling first met (``url_key`` makes ``http``/``https`` one URL):
on a site whose https is broken but which some pages link with ``https://``, a story first met
that way was lost with a ``connection`` error, its ``http://`` links skipped as already asked.
An origin that only redirects (``http`` -> ``https``) does not count as answering, so a site that
serves https only is not asked over http. The other spelling's failure is recorded as the URL
first asked, naming both. Settings: ``SCHEME_FALLBACK_ENABLED``. Stats: ``scheme_fallback/requests``.

``UnavailableRobotsTxtMiddleware``: a robots.txt that still answers 5xx (or 429), or still cannot
be fetched at all (a timeout, a refused or reset connection, a DNS failure: any download error),
once its retries are spent is read as "User-agent: * / Disallow: /": RFC 9309 (2.3.1.4) says a
robots.txt unreachable because of server or network errors means complete disallow, where Scrapy
parsed the error page and allowed everything, and took a download error for "no robots.txt"
(after an ERROR line with a traceback) and allowed everything too. A robots.txt that answers
once within its retries (a single slow answer) is read as usual, and a 4xx other than 429 (no
robots.txt) still allows everything. The run fetches nothing more from the site, logs one
WARNING line, and its ``crawl_runs`` row names the robots.txt refusals and counts the robots.txt
as an error of its kind (``http_5xx``, ``http_4xx`` for a 429, ``timeout``, ``connection``,
``dns``...), with its ``fetch_errors`` row; the next run asks again. A download error is
answered, for Scrapy's robots.txt parser, by a stand-in response flagged ``unreachable`` (no
download: not in ``downloader/response_count``; Scrapy's own ``robotstxt/response_count``
counts it, with status 200). Stats: ``robotstxt/unavailable``.

``SharedRobotsTxtMiddleware``: the spider reads robots.txt for its ``Sitemap:`` lines, and Scrapy's
``RobotsTxtMiddleware`` had already fetched the same file for its rules: every site's robots.txt
was downloaded twice, and a site whose robots.txt timed out spent its retries twice (284 s
instead of 142 s to fail a cron run). The answer Scrapy's request got (response or error, after
its retries) is handed to the spider's request, which is then not sent. With
``ROBOTSTXT_OBEY`` off, or before Scrapy fetched the file, the spider's request goes out as
before. Stats: ``robotstxt/shared``.

``RobotsTxtBodyMiddleware``: a robots.txt's first ``ROBOTSTXT_MAX_SIZE`` bytes (500 KiB, RFC 9309)
are its rules, to the last whole line; the rest is not downloaded (a 12 MB one was cancelled at
``DOWNLOAD_MAXSIZE`` and the site disallowed). An HTML page served as robots.txt (a soft 404)
has no rules. Settings: ``ROBOTSTXT_MAX_SIZE``. Stats: ``robotstxt/cut``, ``robotstxt/html``.

``PrecheckedMetaRefreshMiddleware``: Scrapy's ``MetaRefreshMiddleware`` (in its place, same
settings: ``METAREFRESH_ENABLED``, ``METAREFRESH_IGNORE_TAGS``, ``METAREFRESH_MAXDELAY``), which
first looks for the word "refresh" where Scrapy would scan (its first 4,096 characters), in
the bytes (the first 16 KB) without decoding the page. Almost no page has one,
and Scrapy's scan (the base URL, then w3lib's tag regexes) cost 0.08 ms of the crawl process's
CPU per page on the throughput benchmark (issue 7), decoding the page 0.16 ms more; the word check
costs a few microseconds.
A page that has the word gets Scrapy's own scan, so redirects are followed exactly as before —
except a refresh to the page's own address ("reload every 60 s"), which is not a redirect: Scrapy
followed it, the request was dropped as a loop and the article lost; and, with
``HOME_REDIRECT_ENABLED``, an article request's refresh to the site's home page: a story taken
down, as a 3xx there is (:class:`HomeRedirectMiddleware`, the same rule: :func:`sends_home`),
refused as a ``home_redirect`` of the URL asked for (status 200, the message names the home page). The crawl followed it: the home
page was dropped as a duplicate request (it is the start page), or fetched as the article, and a
stored story at that address was never marked ``gone_at``. A refresh Scrapy does not follow (a
delay of ``METAREFRESH_MAXDELAY`` or more) leaves the page to be read, as before.

``LongUrlMiddleware`` (spider middleware, in the place of Scrapy's ``UrlLengthMiddleware``): a
link, sitemap or feed entry whose URL is longer than ``URLLENGTH_LIMIT`` is not requested, as
before, but recorded: a ``url_too_long`` fetch error for that URL, and one WARNING line at the
close with their count. Scrapy's logged each at INFO and counted it in a stat, nothing else, and
its default limit (2,083 characters, an old Internet Explorer's) dropped real Arabic stories:
a slug of some 340 letters percent-encodes past it. The project's limit is 8,000 (RFC 9110 4.1:
senders and recipients should support URIs of at least 8,000 octets). Stats:
``urllength/request_ignored_count`` (as Scrapy's), ``errors/url_too_long``.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, NotConfigured, StopDownload
from scrapy.downloadermiddlewares.stats import DownloaderStats
from scrapy.spidermiddlewares.depth import DepthMiddleware
from scrapy.http import HtmlResponse, Response
from scrapy.utils.response import get_meta_refresh
from twisted.internet.error import DNSLookupError
from w3lib.encoding import http_content_type_encoding
from w3lib.url import safe_url_string

from crawler.discovery import JS_REDIRECT_MAX_BYTES, is_login_url, js_redirect_target, lastmod_datetime
from crawler.fetch_errors import given_up_pages
from crawler.netguard import host_of
from crawler.refused import REFUSED_BEFORE_META, refused_page
from crawler.storage import open_database
from crawler.urls import in_domains, is_front_page, origin_of, other_scheme_url, url_key
from pipelines.errors import FetchRefused, describe_failure, failure_message, never_answered

logger = logging.getLogger(__name__)


class SiteDomainsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        profile = getattr(self.crawler.spider, "profile", None)
        if profile is None or in_domains(request.url, profile.domains):
            return None
        self.crawler.stats.inc_value("offsite/filtered")
        logger.info("refused off-site request %s (allowed: %s)", request.url, ", ".join(profile.domains))
        raise IgnoreRequest(f"off-site: {request.url}")


class StartRedirectMiddleware:
    """A start page redirected to a host outside the site's domains: a domain move
    (``elwatan.com`` -> ``elwatan-dz.com``, ``site.com`` -> ``site.com.sa``). Above Scrapy's
    ``RedirectMiddleware`` (600), so it reads the 3xx before the redirected request reaches
    :class:`SiteDomainsMiddleware`. A start page that moves by ``<meta http-equiv="refresh">`` or
    by the script redirect the crawl follows (a parked old domain's page) is the same move:
    :class:`PrecheckedMetaRefreshMiddleware` calls :func:`start_page_leaves_domains` for it.

    For an ad-hoc profile (``--url``: its domains are the start URL's host only) the new host
    becomes one of the crawl's domains, with a WARNING: the operator named the site, and the site
    now lives there. Only a start page's own redirect chain does this; any other request's
    redirect off the domains is refused as before (``offsite_redirect``). For a configured
    profile nothing is fetched outside its domains: the redirect is refused and recorded as
    ``offsite_redirect``, the message naming the new host and the profile field to add it to.

    Each host of the chain must be a domain while the chain is followed (the hop's request and
    its robots.txt pass :class:`SiteDomainsMiddleware`), but only the host that answers the start
    page stays one: a hop through a tracker or a shortener (``old.com`` -> ``t.co`` ->
    ``new.com``) made the tracker one of the site's domains for the whole crawl, so its pages
    linked from the site were crawled as the site's. The answer ends the chain in
    :class:`StartRedirectEndMiddleware`, below the meta refresh: an answer that refreshes is one
    more hop, not the end."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        request.meta.pop(START_REDIRECT_UNANSWERED_META, None)  # answered: a retry's answer, or a hop's
        target = followed_redirect(request, response)
        if target is not None:
            # meta is copied into the redirected request: the chain's next answer sees what it added
            start_page_leaves_domains(self.crawler, request, target, response.status, request.meta)
        return response

    def process_exception(self, request, exception):
        """A chain that ends without an answer (the last host refuses the connection, times out,
        or its robots.txt refuses the page) ends there too: its last host stays (its retries
        may still come), the hosts only passed through are dropped. The chain's final failure
        (:func:`start_chain_failed`) keeps it too: the site's own redirect named it, and a front
        page that times out or that its robots.txt refuses is no reason to refuse its articles."""
        _start_chain_ended(self.crawler, request, request.url, answered=False)
        if request.meta.get(START_REDIRECT_ADDED_META):
            request.meta[START_REDIRECT_UNANSWERED_META] = request.url


class StartRedirectEndMiddleware:
    """Below :class:`PrecheckedMetaRefreshMiddleware` (580): the start page's answer that no
    redirect follows (no 3xx, no refresh, no script redirect) ends its redirect chain
    (:class:`StartRedirectMiddleware`). Ended above the meta refresh, a parked domain's page that
    refreshes to the next host counted as the chain's answer: its host stayed a domain and the
    move was logged twice."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        _start_chain_ended(self.crawler, request, response.url)
        return response


#: request meta: the hosts this start page's redirect chain added to the domains so far
START_REDIRECT_ADDED_META = "start_redirect_added"
#: request meta: the URL of the start page's redirect chain that failed without an answer (its
#: download failed, or a downloader middleware refused it before: robots.txt), whose host stays
#: one of the site's domains when no retry answers (:func:`start_chain_failed`)
START_REDIRECT_UNANSWERED_META = "start_redirect_unanswered"
#: Scrapy signal, sent with ``hosts``: an ad-hoc crawl's start page was answered on hosts outside
#: its first domains (a domain move), which are now the site's. The shared frontier of a
#: distributed crawl publishes them to the run's other processes
#: (``pipelines.redis_frontier.SharedFrontierScheduler``).
start_page_moved = object()


def adopt_moved_domains(spider, hosts) -> list[str]:
    """Add to an ad-hoc crawl's domains the ``hosts`` its start page moved to (followed by another
    process of the same distributed run); the hosts added. A configured profile takes none: its
    start page's move is refused (``offsite_redirect``), in every process."""
    profile = getattr(spider, "profile", None)
    if profile is None or not profile.adhoc:
        return []
    added = [host for host in dict.fromkeys(hosts) if host and host not in profile.domains]
    if added:
        spider.profile = dataclasses.replace(profile, domains=(*profile.domains, *added))
    return added


def start_page_leaves_domains(crawler, request, target: str, status: int, meta: dict,
                              how: str = "redirected") -> None:
    """``request``, if it is a start page, is sent to ``target`` (by a 3xx, a meta refresh or a
    script, ``how``): a host outside the site's domains becomes one of an ad-hoc crawl's
    (recorded in ``meta``, the redirected request's, for the chain's end), and is refused as
    ``offsite_redirect`` for a configured profile, naming the host to add."""
    spider = crawler.spider
    profile = getattr(spider, "profile", None)
    if profile is None or not request.meta.get("start_page") or in_domains(target, profile.domains):
        return
    new_host = _domain_of(target)
    if not new_host:
        return
    if not profile.adhoc:
        raise FetchRefused(
            "offsite_redirect",
            f"the start page {how} to another domain, {new_host} ({target}): if the site "
            f"moved, add \"{new_host}\" to the profile's domains (docs/adding-a-site.md)",
            status=status)
    spider.profile = dataclasses.replace(profile, domains=(*profile.domains, new_host))
    meta[START_REDIRECT_ADDED_META] = (*request.meta.get(START_REDIRECT_ADDED_META, ()), new_host)


def _start_chain_ended(crawler, request, last_url: str | None, *, answered: bool = True) -> None:
    """The start page's redirect chain has its answer, from ``last_url``: the hosts added
    that cover it stay domains (``new.com`` for ``new.com`` -> ``en.new.com``), the hosts
    only passed through are dropped again. The move is counted and logged once, at the first
    answer: the key leaves the meta before a retry of the last host (a 503) copies it; without
    an answer (``answered`` false) the key keeps the hosts that stay, for a retry's answer.
    ``last_url`` ``None``: the chain failed for good (:func:`start_chain_failed`), every host
    it added is dropped."""
    profile = getattr(crawler.spider, "profile", None)
    if profile is None or not request.meta.get("start_page"):
        return
    added = request.meta.pop(START_REDIRECT_ADDED_META, None)
    if not added:
        return
    kept = [host for host in added if last_url is not None and in_domains(last_url, (host,))]
    passed = [host for host in added if host not in kept]
    if not answered and kept:
        request.meta[START_REDIRECT_ADDED_META] = tuple(kept)
    if passed:
        crawler.spider.profile = dataclasses.replace(
            profile, domains=tuple(d for d in profile.domains if d not in passed))
        logger.info("%s: the start page's redirects only passed through %s: not one of the site's domains",
                    profile.name, ", ".join(passed))
    if kept and answered:
        crawler.signals.send_catch_log(start_page_moved, hosts=tuple(kept))
        crawler.stats.inc_value("discovery/start_redirect_domain")
        logger.warning("%s: the start page %s redirects to another domain, %s: crawling %s as the site's",
                       profile.name, (request.meta.get("redirect_urls") or [request.url])[0], last_url,
                       ", ".join(kept))


def start_chain_failed(crawler, request) -> None:
    """The start page's final failure (the spider's errback): a chain that still holds hosts it
    added was never answered, and no retry is coming. Its hosts are dropped, whatever layer ended
    it: a failure raised while an answer goes up the middlewares — a chain cut by
    ``REDIRECT_MAX_TIMES`` at a 3xx, a meta refresh or a script redirect, a login or home-page
    redirect refused — never reaches :meth:`StartRedirectMiddleware.process_exception` nor
    :class:`StartRedirectEndMiddleware`, and the hosts it had passed through stayed the site's
    domains for the rest of the crawl. A chain whose last host never answered (a timeout, a
    refused connection, its robots.txt refusing the start page: :class:`StartRedirectMiddleware`
    kept that host then) keeps it: the site sent its start page there, and its other pages, the
    old host's sitemap entries redirected there, are the site's."""
    if request.meta.get(START_REDIRECT_UNANSWERED_META) == request.url:
        if kept := request.meta.get(START_REDIRECT_ADDED_META):
            # the other crawler processes of a distributed run crawl it too
            crawler.signals.send_catch_log(start_page_moved, hosts=tuple(kept))
        return
    _start_chain_ended(crawler, request, None, answered=False)


def _domain_of(url: str) -> str:
    """A domain entry for ``url``'s host: lower case, no ``www.``, its port unless the default."""
    if (origin := origin_of(url)) is None:
        return ""
    scheme, host, port = origin
    host = host.removeprefix("www.")
    return host if port == {"http": 80, "https": 443}[scheme] else f"{host}:{port}"


class DiscoveryBudgetMiddleware:
    """A sitemap document still queued when the site's request budget is spent is not fetched:
    none of its entries could be scheduled. Sitemaps count against ``CRAWL_MAX_SITEMAPS``, not
    the request budget, and an index's 60 daily children, queued before any article, were all
    fetched and parsed after the first one had spent the budget (111 requests for 47 articles)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        if not request.meta.get("sitemap_document"):
            return None
        budget_spent = getattr(self.crawler.spider, "page_budget_spent", None)
        if budget_spent is None or not budget_spent():
            return None
        stats = self.crawler.stats
        stats.inc_value("discovery/budget_exhausted")
        stats.inc_value("discovery/sitemap_skipped/budget_exhausted")
        # A plain IgnoreRequest: not a fetch error (pipelines.errors.describe_failure)
        raise IgnoreRequest(f"request budget spent: sitemap {request.url} not fetched")


class LoginRedirectMiddleware:
    """Above Scrapy's ``RedirectMiddleware`` (600), as :class:`HomeRedirectMiddleware`: reads the
    3xx answer before it becomes a request for the login page. A paywall sends every premium story
    to the same "/login", and the scheduler's duplicate filter dropped each redirect after the
    first before a downloader middleware saw it: those stories were lost without a record."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        target = followed_redirect(request, response)
        if target is None or not is_login_url(target):
            return response
        raise FetchRefused("blocked", f"redirected to a login page: {target}", status=response.status)


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
"""The statuses Scrapy's ``RedirectMiddleware`` follows."""


class HomeRedirectMiddleware:
    """Above Scrapy's ``RedirectMiddleware`` (600), so ``process_response`` sees the 3xx answer
    before it becomes a request for the home page, which the scheduler's duplicate filter would
    drop without a trace (the start page is the home page)."""

    def __init__(self, crawler):
        if not crawler.settings.getbool("HOME_REDIRECT_ENABLED"):
            raise NotConfigured("HOME_REDIRECT_ENABLED is off")
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if (target := followed_redirect(request, response)) is None or not sends_home(self.crawler, request, target):
            return response
        raise FetchRefused("home_redirect", f"redirected to the home page: {target}",
                           status=response.status)


def sends_home(crawler, request, target: str) -> bool:
    """Whether a redirect of ``request`` to ``target`` is a story taken down: an article request
    sent to the site's own home page (a host outside its domains is an offsite_redirect, recorded
    when the redirect is followed) from an address that was not a home page itself. The one rule
    of :class:`HomeRedirectMiddleware` (3xx) and :class:`PrecheckedMetaRefreshMiddleware` (a 200
    page that only refreshes to the home page, as PHP CMSs answer for a removed story)."""
    if not request.meta.get("article_candidate") or not is_front_page(target):
        return False
    asked = (request.meta.get("redirect_urls") or [request.url])[0]
    if is_front_page(asked):
        return False
    profile = getattr(crawler.spider, "profile", None)
    # Without a profile (or one without domains): on the host asked.
    return in_domains(target, profile.domains if profile is not None and profile.domains
                      else [urlsplit(asked).netloc])


def followed_redirect(request, response) -> str | None:
    """Where Scrapy's ``RedirectMiddleware`` will send ``request`` on this ``response`` (a 3xx
    with a ``Location``, the request not marked ``dont_redirect``), or ``None``."""
    if response.status not in REDIRECT_STATUSES or request.meta.get("dont_redirect"):
        return None
    location = response.headers.get(b"Location")
    return redirect_target(request.url, location) if location else None


def redirect_target(request_url: str, location: bytes) -> str:
    """The URL a ``Location`` header sends ``request_url`` to, resolved as Scrapy's
    ``RedirectMiddleware`` resolves it (percent-encoded, a scheme-relative ``//host/x`` taking
    the request's scheme, a relative one joined to the request's URL)."""
    target = safe_url_string(location)
    if location.startswith(b"//"):
        target = urlsplit(request_url).scheme + "://" + target.lstrip("/")
    return urljoin(request_url, target)


class UnavailableRobotsTxtMiddleware:
    """Below ``BackoffRetryMiddleware`` (550) and Scrapy's ``RobotsTxtMiddleware`` (100): sees the
    final answer or error of a robots.txt request, once its retries are spent (a retry still to
    come stops the chains above this one)."""

    DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
    #: Flag of the stand-in response given for a robots.txt that could not be downloaded.
    UNREACHABLE_FLAG = "unreachable"

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if (response.status >= 500 or response.status == 429) and urlsplit(request.url).path == "/robots.txt":
            # The spider's request (robots_shared) is given the answer already counted and recorded
            # here for Scrapy's own request (SharedRobotsTxtMiddleware): one download, one error.
            if not request.meta.get("robots_shared"):
                kind = "http_5xx" if response.status >= 500 else "http_4xx"
                self._taken_as_disallowing(request, f"answered {response.status} after its retries", kind,
                                           response.status, f"HTTP {response.status}: robots.txt unavailable")
            return response.replace(body=self.DISALLOW_ALL)
        return response

    def process_exception(self, request, exception):
        # Scrapy's own request only: with ROBOTSTXT_OBEY off, nothing obeys robots.txt and the
        # spider's request failing only means no Sitemap: lines. An IgnoreRequest is a refusal
        # (off-site, a private address), which Scrapy's middleware already takes quietly.
        if (not request.meta.get("dont_obey_robotstxt") or urlsplit(request.url).path != "/robots.txt"
                or isinstance(exception, IgnoreRequest)):
            return None
        kind, status, message = describe_failure(exception, request)
        self._taken_as_disallowing(request, f"could not be fetched after its retries ({kind}: {message})", kind,
                                   status, f"{message}: robots.txt unreachable")
        # Scrapy's RobotsTxtMiddleware, given the error, logs it at ERROR with a traceback and
        # allows every page; given this answer, it parses "Disallow: /". The answer also goes to
        # the spider's robots.txt request (SharedRobotsTxtMiddleware, which sees it after the error).
        return Response(request.url, body=self.DISALLOW_ALL, request=request, flags=[self.UNREACHABLE_FLAG])

    def _taken_as_disallowing(self, request, what: str, kind: str, status: int | None, message: str) -> None:
        self.crawler.stats.inc_value("robotstxt/unavailable")
        logger.warning("%s %s: the site is taken as disallowing every page for this run (RFC 9309)",
                       request.url, what)
        # An error like any page's after its retries: counted in errors/<kind> (crawl_runs.errors)
        # and given its fetch_errors row, by the spider (a spider without record_error: not).
        record_error = getattr(self.crawler.spider, "record_error", None)
        if record_error is not None:
            record_error(request.url, kind, status, f"{message}, every page taken as disallowed",
                         attempts=request.meta.get("retry_times", 0) + 1, log_level=logging.DEBUG)


class SharedRobotsTxtMiddleware:
    """Between Scrapy's ``RobotsTxtMiddleware`` (100) and the retries: sees the final answer to
    Scrapy's own robots.txt request (marked ``dont_obey_robotstxt``), and gives it to the
    spider's request for the same file, which comes after (Scrapy's middleware holds every
    request of a host until its robots.txt is parsed)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.answers: dict[str, object] = {}  # robots.txt URL -> Response or exception

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("robots.txt is not fetched by Scrapy")
        return cls(crawler)

    @staticmethod
    def _is_robots(request) -> bool:
        return urlsplit(request.url).path == "/robots.txt"

    @staticmethod
    def _first_url(request) -> str:
        return (request.meta.get("redirect_urls") or [request.url])[0]

    def process_request(self, request):
        if request.meta.get("dont_obey_robotstxt") or not self._is_robots(request):
            return None
        answer = self.answers.pop(request.url, None)
        if answer is None:
            return None
        self.crawler.stats.inc_value("robotstxt/shared")
        request.meta["dont_retry"] = True  # the answer is after Scrapy's retries already
        request.meta["robots_shared"] = True
        if isinstance(answer, Exception):
            raise answer
        return answer.replace(request=request)

    def process_response(self, request, response):
        if request.meta.get("dont_obey_robotstxt") and self._is_robots(request):
            self.answers[self._first_url(request)] = response
        return response

    def process_exception(self, request, exception):
        if request.meta.get("dont_obey_robotstxt") and self._is_robots(request):
            self.answers[self._first_url(request)] = exception
        return None


class RobotsTxtBodyMiddleware:
    """Above ``SharedRobotsTxtMiddleware`` (101): what of a robots.txt's answer is read as its rules.

    * Its first ``ROBOTSTXT_MAX_SIZE`` bytes (500 KiB, the least RFC 9309 2.5 lets a crawler
      parse), to the last whole line: a robots.txt of many MB cost seconds of parsing and a
      match against every rule for each URL (3.5 MB: 9 s more per run), and one over
      ``DOWNLOAD_MAXSIZE`` was cancelled, taken as unreachable and the whole site disallowed.
      A robots.txt sent as it is (no ``Content-Encoding``) is downloaded to that size and no
      further, whatever length it announces (``StopDownload``); a compressed one keeps the size
      limit (cut, it would not decompress). Stat ``robotstxt/cut``, one WARNING line.
    * An HTML page (a soft 404: the home page served for any address) holds no rules: read as
      an empty robots.txt, everything allowed (RFC 9309 2.3.1.3 reads an unparsable file so),
      where a line of its text that happened to read ``Disallow: /`` was a rule. Stat
      ``robotstxt/html``.

    Settings: ``ROBOTSTXT_OBEY``, ``ROBOTSTXT_MAX_SIZE``.
    """

    COUNTED = "robotstxt_bytes"  # request meta: bytes of a robots.txt received so far
    _HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body")

    def __init__(self, crawler):
        self.crawler = crawler
        self.max_size = crawler.settings.getint("ROBOTSTXT_MAX_SIZE")
        crawler.signals.connect(self._headers_received, signal=signals.headers_received)
        crawler.signals.connect(self._bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("robots.txt is not obeyed")
        return cls(crawler)

    @staticmethod
    def _is_robots(request) -> bool:
        return urlsplit(request.url).path == "/robots.txt"

    def _headers_received(self, headers, body_length, request, spider=None):
        if self.max_size <= 0 or not self._is_robots(request):
            return
        if headers.get(b"Content-Encoding", b"identity").strip().lower() != b"identity":
            return
        # read before the size check (http11 reads the meta after this signal): an announced
        # 14 MB no longer cancels the download, _bytes_received stops it at max_size
        request.meta["download_maxsize"] = 0
        request.meta[self.COUNTED] = 0

    def _bytes_received(self, data, request, spider=None):
        if self.COUNTED not in request.meta:
            return
        request.meta[self.COUNTED] += len(data)
        if request.meta[self.COUNTED] > self.max_size:
            raise StopDownload(fail=False)  # the bytes so far become the response

    def process_response(self, request, response):
        if not self._is_robots(request) or request.meta.get("robots_shared"):
            return response  # the shared answer was read here already
        body = response.body
        if self.max_size > 0 and len(body) > self.max_size:
            kept = body[:self.max_size]
            kept = kept[:kept.rfind(b"\n") + 1]  # the last line may be cut
            self.crawler.stats.inc_value("robotstxt/cut")
            logger.warning("%s is larger than ROBOTSTXT_MAX_SIZE (%d bytes): its first %d bytes are read "
                           "as its rules (RFC 9309)", request.url, self.max_size, len(kept))
            response = response.replace(body=kept)
        head = response.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if head.startswith(self._HTML_START):
            self.crawler.stats.inc_value("robotstxt/html")
            logger.info("%s is an HTML page, not a robots.txt: no rules", request.url)
            response = response.replace(body=b"")
        return response


class DownloadedResponseStats(DownloaderStats):
    """Scrapy's ``DownloaderStats`` (``downloader/response_count`` and the status counts, which
    ``crawl_runs.responses`` and the run's failure checks read), without the spider's robots.txt
    request that :class:`SharedRobotsTxtMiddleware` answers with the copy Scrapy's own request
    downloaded and counted (a run failed by a 503 robots.txt counted two 503 responses for one),
    and without the stand-in answer :class:`UnavailableRobotsTxtMiddleware` gives for a robots.txt
    that could not be downloaded (no response came)."""

    def process_response(self, request, response):
        if request.meta.get("robots_shared") or UnavailableRobotsTxtMiddleware.UNREACHABLE_FLAG in response.flags:
            return response  # an answer given twice, or none at all (a robots.txt that could not be fetched)
        return super().process_response(request, response)

    def process_exception(self, request, exception):
        if request.meta.get("robots_shared"):
            return None
        return super().process_exception(request, exception)


# The url_key a request was let through for by the stored-article check, in its meta: the
# process that downloads it (another one, in a distributed crawl) does not decide, nor count, again.
STORED_CHECK_META = "stored_check_done"


class StoredArticleCheck:
    """The decision of :class:`SkipStoredArticlesMiddleware` and its distributed twin
    (``pipelines.redis_frontier.SharedSkipStoredMiddleware``), which differ only in where they
    read a URL's stored date (:meth:`stored`)."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("DEDUP_SKIP_STORED") or settings.getbool("CRAWL_RECRAWL"):
            raise NotConfigured("stored articles are fetched again")
        self.crawler = crawler
        # url_keys of the article requests let through in this crawl (at most the request
        # budget): a lastmod recheck of one of them would download the same page again, before
        # or after the first answer is stored.
        self.let_through: set[str] = set()
        self.give_up_after = settings.getint("EXTRACT_TIMEOUT_GIVE_UP_AFTER")
        self._given_up: dict[str, str] | None = None
        """The site's given-up pages and when each last failed (:meth:`read_given_up`), once read."""
        self.remember_refused = settings.getfloat("REFUSED_RECHECK_AFTER") > 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def stored(self, key: str) -> tuple[bool, str | None, str | None]:
        """Whether the URL of ``key`` is stored, and the lastmod and fetch time it was stored with."""
        raise NotImplementedError

    def refused(self, key: str) -> tuple[str, str, str, int] | None:
        """The ``refused_pages`` row of ``key`` (``crawler.refused.refused_page``), where the
        subclass can read it; ``None`` (fetched as before) where it cannot."""
        return None

    def read_given_up(self, site: str) -> dict[str, str] | None:
        """The site's given-up pages, URL -> when it last failed, read where the subclass reads
        stored URLs; ``None`` when they cannot be read now (tried again at the next request)."""
        raise NotImplementedError

    def given_up(self, url: str) -> str | None:
        """When the page at ``url`` last failed, if its failures leave it alone as a stored
        article is left (``EXTRACT_TIMEOUT_GIVE_UP_AFTER``: a page that hangs the extractor);
        ``None`` to fetch it. The site's given-up pages are read once, at the crawl's first
        unstored article request (:meth:`read_given_up`)."""
        if self._given_up is None:
            site = getattr(self.crawler.spider, "name", None)
            if not site or self.give_up_after <= 0:
                return None
            self._given_up = self.read_given_up(site)
            if self._given_up is None:
                return None
        return self._given_up.get(url)

    def process_request(self, request):
        if not request.meta.get("article_candidate"):
            return None
        key = url_key(request.url)
        if not request.meta.get("lastmod_recheck") and (
                key in self.let_through or request.meta.get(STORED_CHECK_META) == key):
            # decided already in this crawl: by the spider before it scheduled the request (so that
            # a skipped page spends no request budget: NewsSpider._skipped_before_download), or at
            # this request's first attempt (a retry). In a distributed crawl, the process that
            # scheduled the request is seldom the one that downloads it: the decision travels in
            # the request's meta (serialized with it), so it is taken, and counted in dedup/*, once
            # (review 1, finding 4). A redirect names another URL, whose key is decided anew.
            return None
        if request.meta.get("lastmod_recheck") and key in self.let_through:
            self.crawler.stats.inc_value("dedup/recheck_fetched")
            raise IgnoreRequest(f"already fetched in this crawl: {request.url}")
        is_stored, stored_lastmod, fetched_at = self.stored(key)
        if not is_stored and (failed_at := self.given_up(request.url)) is not None:
            # The same decision as for a stored article, against the time of its last failure: a
            # newer lastmod says the page changed, and it gets one more try.
            entry = request.meta.get("sitemap_entry") or {}
            if not _is_newer(entry.get("lastmod"), None, failed_at, now=datetime.now(UTC)):
                self.crawler.stats.inc_value("dedup/skipped_given_up")
                logger.info("not fetched: %s timed out in extraction in %d runs or more (last %s; "
                            "EXTRACT_TIMEOUT_GIVE_UP_AFTER); fetched again once its sitemap lastmod is newer",
                            request.url, self.give_up_after, failed_at)
                raise IgnoreRequest(f"given up after repeated extraction timeouts: {request.url}")
            self.crawler.stats.inc_value("dedup/refetch_given_up")
            self._let_through(request, key)
            return None
        if not is_stored and self.remember_refused and (row := self.refused(key)) is not None:
            # A page extraction refused: left alone until its next look (a delay that grows with
            # each refusal, crawler.refused), unless a newer lastmod says it changed since.
            reason, refused_at, next_look_at, refusals = row
            entry = request.meta.get("sitemap_entry") or {}
            now = datetime.now(UTC)
            if _is_newer(entry.get("lastmod"), None, refused_at, now=now):
                self.crawler.stats.inc_value("dedup/refetch_refused_newer")
            elif next_look_at > now.isoformat(timespec="seconds"):  # both ISO 8601 UTC
                if request.meta.get("lastmod_recheck"):
                    # the first request for this URL (a link, an older entry) was skipped: counted once
                    self.crawler.stats.inc_value("dedup/recheck_not_stored")
                    raise IgnoreRequest(f"refused by extraction, already requested: {request.url}")
                self.crawler.stats.inc_value("dedup/skipped_refused")
                logger.debug("not fetched: %s was refused as %s %d time(s) in a row (last %s); next look %s",
                             request.url, reason, refusals, refused_at, next_look_at)
                raise IgnoreRequest(f"refused by extraction ({reason}), next look {next_look_at}: {request.url}")
            else:
                self.crawler.stats.inc_value("dedup/refetch_refused_due")
            request.meta[REFUSED_BEFORE_META] = reason
            self._let_through(request, key)
            return None
        if not is_stored:
            if request.meta.get("lastmod_recheck"):
                # not stored (yet): the first request for this URL fetches it
                self.crawler.stats.inc_value("dedup/recheck_not_stored")
                raise IgnoreRequest(f"not stored, already requested: {request.url}")
            self._let_through(request, key)
            return None
        entry = request.meta.get("sitemap_entry") or {}
        if _is_newer(entry.get("lastmod"), stored_lastmod, fetched_at, now=datetime.now(UTC)):
            self.crawler.stats.inc_value("dedup/refetch_newer")
            self._let_through(request, key)
            return None
        self.crawler.stats.inc_value("dedup/skipped_stored")
        raise IgnoreRequest(f"already stored: {request.url}")

    def _let_through(self, request, key: str) -> None:
        """Remember that ``request`` (of url_key ``key``) was let through: in this process, and in
        the request itself, for the process that downloads it (:data:`STORED_CHECK_META`)."""
        self.let_through.add(key)
        request.meta[STORED_CHECK_META] = key


class SkipStoredArticlesMiddleware(StoredArticleCheck):
    def __init__(self, crawler):
        super().__init__(crawler)
        settings = crawler.settings
        self.database = settings.get("DATABASE")
        self.busy_timeout = settings.getfloat("STORAGE_BUSY_TIMEOUT")
        self.db = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self):
        if self.db is not None:
            self.db.close()

    def stored(self, key: str) -> tuple[bool, str | None, str | None]:
        if self.db is None:
            self.db = open_database(self.database, busy_timeout=self.busy_timeout)
        row = self.db.execute("SELECT lastmod, fetched_at FROM seen_urls WHERE url_key = ?", [key]).fetchone()
        if row is None:
            return False, None, None
        stored_lastmod, fetched_at = row
        return True, stored_lastmod, fetched_at

    def refused(self, key: str) -> tuple[str, str, str, int] | None:
        if self.db is None:
            self.db = open_database(self.database, busy_timeout=self.busy_timeout)
        return refused_page(self.db, key)

    def read_given_up(self, site: str) -> dict[str, str]:
        if self.db is None:
            self.db = open_database(self.database, busy_timeout=self.busy_timeout)
        return given_up_pages(self.db, site, self.give_up_after)


def _is_newer(lastmod: str | None, stored_lastmod: str | None, fetched_at: str | None, *,
              now: datetime) -> bool:
    """Whether a sitemap entry's ``lastmod`` says the page changed since it was stored with
    ``stored_lastmod`` (its sitemap lastmod then, if any) at ``fetched_at``. All are read as the
    spider reads lastmods (:func:`~crawler.discovery.lastmod_datetime`: UTC, a day alone as its
    end): a day alone ("2025-06-02", which sitemaps.org allows) was read naive and compared with a
    fetch time that has a zone, which raised ``TypeError`` on every later run, so the story's
    updates were never fetched. A lastmod of the day of the fetch thus fetches the story once
    more, after which its stored lastmod is that day.

    The stored lastmod is what a new one is compared with, unless it was later than the fetch (a
    date in the future, or a clock set back): no copy can be from after it was fetched, so the
    fetch time counts, and a lastmod other than that wrong one which is later than the fetch
    time, or which corrects it, fetches the page again. Compared with the wrong date itself, a
    lastmod of 2031 once stored kept the page at its first version until 2031, whatever the site
    corrected (cronqa review, finding 5). A lastmod the same as the stored one says nothing new.
    A fetch time later than ``now`` (the clock was set forward when it was stored) is no time to
    compare with either: any readable lastmod fetches the page again, once, after which its
    fetch time is right."""
    new = lastmod_datetime(lastmod)
    if new is None:
        return False
    old, fetched = lastmod_datetime(stored_lastmod), lastmod_datetime(fetched_at)
    if old is not None and old <= now and (fetched is None or old <= fetched):
        return new > old
    if old is not None and new == old:
        return False  # the same (wrong) date as before: nothing changed that the sitemap says
    if old is not None or fetched is None or fetched > now:
        return True  # a lastmod that corrects the wrong one, or no fetch time to compare with
    return new > fetched


class UnresolvableHostMiddleware:
    """Below ``BackoffRetryMiddleware`` (550), so ``process_exception`` sees final failures only:
    a retry still to come stops the chain there."""

    def __init__(self, crawler):
        self.give_up_after = crawler.settings.getint("DNS_GIVE_UP_AFTER")
        if self.give_up_after <= 0:
            raise NotConfigured("DNS_GIVE_UP_AFTER is 0")
        self.crawler = crawler
        self.failures: Counter[str] = Counter()
        self.answered: set[str] = set()
        self.given_up: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        host = host_of(request.url)
        if host not in self.given_up:
            return None
        self.crawler.stats.inc_value("dns/refused")
        raise FetchRefused("dns", f"{host} does not resolve (given up after {self.give_up_after} "
                                  f"requests failed DNS); not tried")

    def process_response(self, request, response):
        self.answered.add(host_of(request.url))
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            return None
        host = host_of(request.url)
        if host in self.answered or host in self.given_up:
            return None  # it resolved earlier in this crawl: a resolver hiccup, not a dead name
        self.failures[host] += 1
        if self.failures[host] >= self.give_up_after:
            self.given_up.add(host)
            self.crawler.stats.inc_value("dns/hosts_given_up")
            logger.warning("%s does not resolve (%d requests failed DNS after their retries): its other "
                           "requests in this crawl are not sent", host, self.failures[host])
        return None


class SchemeFallbackMiddleware:
    """Below ``BackoffRetryMiddleware`` (550), so ``process_exception`` sees a request's last
    failure, once its retries are spent; its ``process_response`` sees every answer, redirects
    included (above it, ``RedirectMiddleware`` (600) turns them into requests)."""

    #: Meta keys of the request sent with the other scheme: the spelling that failed, how it
    #: failed, and the URL the crawl first asked (before any redirect that led to that spelling).
    FROM = "scheme_fallback_from"
    FIRST_ERROR = "scheme_fallback_error"
    ASKED = "scheme_fallback_asked"

    def __init__(self, crawler):
        if not crawler.settings.getbool("SCHEME_FALLBACK_ENABLED"):
            raise NotConfigured("SCHEME_FALLBACK_ENABLED is off")
        self.crawler = crawler
        self.answering: set[tuple[str, str, int]] = set()
        """Origins (scheme, host, port) that answered a request of this crawl with a page (any
        status but a redirect)."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if (response.status not in REDIRECT_STATUSES
                and UnavailableRobotsTxtMiddleware.UNREACHABLE_FLAG not in response.flags
                and (origin := origin_of(request.url)) is not None):
            self.answering.add(origin)
        return response

    def process_exception(self, request, exception):
        if request.meta.get(self.FROM) or not never_answered(exception):
            return None
        other = other_scheme_url(request.url)
        if other is None or origin_of(other) not in self.answering:
            return None
        if other in request.meta.get("redirect_urls", ()):
            # the site sent that spelling here (http -> https on the same host): asked again,
            # it redirects here again, and the failure was recorded twice over in one message
            return None
        self.crawler.stats.inc_value("scheme_fallback/requests")
        first_error = failure_message(exception)
        logger.info("%s failed before any answer (%s); asking %s, whose scheme this site answers",
                    request.url, first_error, other)
        meta = {**request.meta, self.FROM: request.url, self.FIRST_ERROR: first_error,
                self.ASKED: (request.meta.get("redirect_urls") or [request.url])[0]}
        meta.pop("retry_times", None)  # the other spelling gets its own retries
        # a lastmod recheck of a URL the first spelling was let through for: not a second fetch
        meta.pop("lastmod_recheck", None)
        return request.replace(url=other, meta=meta)


class CookieCheckRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, plus one pass through a cookie check (module docstring)."""

    #: meta key: the request is the one retry of a cookie check; ``dont_filter`` it had before
    RETRIED = "cookie_check_dont_filter"

    def process_response(self, request, response, spider=None):
        outcome = super().process_response(request, response)
        if not isinstance(outcome, Request):
            return outcome
        if self.RETRIED in request.meta:
            # past the cookie check: the chain's own setting again, so a loop is dropped as before
            outcome.dont_filter = request.meta[self.RETRIED]
            return outcome
        if outcome.dont_filter or not response.headers.getlist(b"Set-Cookie"):
            return outcome
        target = urldefrag(outcome.url)[0]
        if target not in {urldefrag(url)[0] for url in outcome.meta.get("redirect_urls", ())}:
            return outcome
        outcome.meta[self.RETRIED] = request.dont_filter
        outcome.dont_filter = True
        self.crawler.stats.inc_value("redirect/cookie_check")
        return outcome


class PrecheckedMetaRefreshMiddleware(MetaRefreshMiddleware):
    # Scrapy reads this slice of the decoded text (scrapy.utils.response.get_meta_refresh).
    SCANNED_CHARACTERS = 4096
    # The bytes that hold those characters: at most four a character in the encodings pages are
    # written in (UTF-8, GB18030; one in windows-1256 or latin-1). More bytes only mean that the
    # word, met further on, sends a page to Scrapy's scan, which decides as it always did.
    SCANNED_BYTES = 4 * SCANNED_CHARACTERS

    def __init__(self, settings):
        super().__init__(settings)
        self.home_redirects = settings.getbool("HOME_REDIRECT_ENABLED")

    def process_response(self, request, response):
        if isinstance(response, HtmlResponse) and not self._may_refresh(response):
            return self._follow_js_redirect(request, response)
        if isinstance(response, HtmlResponse):
            try:
                _, target = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            except ValueError:
                # a refresh to "//[x" (urljoin: "Invalid IPv6 URL") leads nowhere: the page is
                # read as it is, where the error lost it (Scrapy's own scan below raises the same)
                self.crawler.stats.inc_value("discovery/meta_refresh_invalid_url")
                return response
            if target and urlsplit(target).scheme.lower() not in ("http", "https"):
                # a refresh to "javascript:…" or "data:…" leads to no page: Scrapy raised building
                # its request ("Missing scheme"), and the page was lost as an "other" error
                self.crawler.stats.inc_value("discovery/meta_refresh_invalid_url")
                return response
            if target and urldefrag(target)[0] == urldefrag(response.url)[0]:
                # "refresh every 60 s" to the page itself (live pages, old CMSs): a reload, not a
                # redirect; followed, it was dropped as a loop and the article lost
                return response
        outcome = super().process_response(request, response)
        if self.home_redirects and isinstance(outcome, Request) and sends_home(self.crawler, request, outcome.url):
            # Only a refresh Scrapy follows (under METAREFRESH_MAXDELAY) is a redirect at all.
            raise FetchRefused("home_redirect", f"meta refresh to the home page: {outcome.url}",
                               status=response.status)
        if isinstance(outcome, Request):
            # a start page moved by its page (a parked old domain) is a domain move, as by a 3xx
            start_page_leaves_domains(self.crawler, request, outcome.url, response.status, outcome.meta,
                                      "moved by meta refresh")
        if outcome is response and isinstance(response, HtmlResponse):
            return self._follow_js_redirect(request, response)
        return outcome

    def _follow_js_redirect(self, request, response):
        """A small page that only sends the reader elsewhere by script
        (:func:`~crawler.discovery.js_redirect_target`: ``location.replace("/new/path")``, read,
        not run) is followed as a refresh at 0 s is: the same limits (``REDIRECT_MAX_TIMES``), a
        target outside the site's domains refused by ``SiteDomainsMiddleware`` (recorded
        ``offsite_redirect``), an article's to the home page a ``home_redirect``. Stored, it was
        an empty page refused as no article (or a listing with no links), the story it named lost.
        Only a location statement that runs as the page loads counts (not one in a function, a
        callback or an ``if``), and never on a page that carries an article in its data (a
        script-rendered story's shell: JSON-LD ``articleBody``, ``__NEXT_DATA__``): extraction
        reads that page as the story (review 1, finding 2)."""
        if (not isinstance(response, HtmlResponse) or request.meta.get("dont_redirect")
                or len(response.body) > JS_REDIRECT_MAX_BYTES or b"location" not in response.body.lower()):
            return response
        target = js_redirect_target(response.text, response.url)
        if target is None or urldefrag(target)[0] == urldefrag(response.url)[0]:
            return response
        self.crawler.stats.inc_value("discovery/js_redirects")
        if self.home_redirects and sends_home(self.crawler, request, target):
            raise FetchRefused("home_redirect", f"javascript redirect to the home page: {target}",
                               status=response.status)
        redirected = self._redirect(self._redirect_request_using_get(request, response, target), request,
                                    "javascript redirect")
        start_page_leaves_domains(self.crawler, request, redirected.url, response.status, redirected.meta,
                                  "moved by script")
        return redirected

    def _may_refresh(self, response: HtmlResponse) -> bool:
        """Whether "refresh" (any case) may be in the characters Scrapy scans, judged on the
        bytes: the crawl process no longer decodes article pages (their links come from the
        extraction workers, issue 7), and decoding one just for this cost 0.16 ms. In an
        encoding that writes ASCII letters as ASCII bytes, the word's letters are its bytes; a
        page in UTF-16 or UTF-32 (NUL bytes beside ASCII letters) or declared in an encoding
        that writes them otherwise (EBCDIC, in the Content-Type) is checked on its text."""
        head = response.body[:self.SCANNED_BYTES]
        if b"refresh" in head.lower():
            return True
        if b"\x00" not in head and _writes_ascii_letters(response.headers.get(b"Content-Type")):
            return False
        return "refresh" in response.text[:self.SCANNED_CHARACTERS].lower()


@lru_cache(maxsize=64)
def _writes_ascii_letters(content_type: bytes | None) -> bool:
    """The charset a Content-Type declares, if any, writes "refresh" as its ASCII bytes."""
    encoding = http_content_type_encoding((content_type or b"").decode("latin-1"))
    return encoding is None or "refresh".encode(encoding, "replace") == b"refresh"


class PaginationDepthMiddleware(DepthMiddleware):
    """Scrapy's DepthMiddleware, where a request marked ``same_depth`` (the next page of a
    listing, ``NewsSpider._is_next_page``) keeps the depth of the page that links it instead of
    one more: a section paged by "next" links is one listing, and its fourth page is no deeper
    from the home page than its first. The spider bounds such pages per listing
    (``CRAWL_MAX_LISTING_PAGES``), and DEPTH_LIMIT everything else."""

    def get_processed_request(self, request, response):
        if response is not None and request.meta.pop("same_depth", False):
            request.meta["depth"] = response.meta.get("depth", 0)
            return request
        return super().get_processed_request(request, response)


class LongUrlMiddleware:
    """Scrapy's ``UrlLengthMiddleware``, with each URL it drops recorded (module docstring)."""

    def __init__(self, crawler):
        self.max_length = crawler.settings.getint("URLLENGTH_LIMIT")
        if not self.max_length:
            raise NotConfigured("URLLENGTH_LIMIT is 0: no limit")
        self.crawler = crawler
        self.dropped = 0
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result):
        for item in result:
            if not isinstance(item, Request) or len(item.url) <= self.max_length:
                yield item
            else:
                self._drop(item)

    async def process_spider_output_async(self, response, result):
        async for item in result:
            if not isinstance(item, Request) or len(item.url) <= self.max_length:
                yield item
            else:
                self._drop(item)

    async def process_start(self, start):
        async for item in start:
            if not isinstance(item, Request) or len(item.url) <= self.max_length:
                yield item
            else:
                self._drop(item)

    def _drop(self, request: Request) -> None:
        self.dropped += 1
        self.crawler.stats.inc_value("urllength/request_ignored_count")
        message = f"URL of {len(request.url)} characters, longer than URLLENGTH_LIMIT ({self.max_length}): not requested"
        spider = self.crawler.spider
        if hasattr(spider, "record_error"):
            # each is in fetch_errors; the log gets one WARNING line with their count at the close
            spider.record_error(request.url, "url_too_long", None, message, log_level=logging.DEBUG)
        else:
            logger.warning("%s: %s", request.url[:200], message)

    def spider_closed(self, spider, reason) -> None:
        if self.dropped:
            logger.warning("%s: %d link(s) longer than URLLENGTH_LIMIT (%d characters) not requested; "
                           "recorded in fetch_errors as url_too_long", spider.name, self.dropped, self.max_length,
                           extra={"spider": spider})
