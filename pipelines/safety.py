"""Network safety of the crawl: no connection to loopback/private/link-local/metadata addresses
for a public site, and no truncated gzip page taken for a whole one.

``GuardedResolver`` (``TWISTED_DNS_RESOLVER``): Scrapy's caching resolver, but an answer that
is not a global address for a name that is not itself local (``localhost``, a literal IP) is
refused, so a site's host, a subdomain or a redirect target that resolves to 127.0.0.1,
10.x, 169.254.169.254... is never connected to (DNS rebinding included: every answer is
checked, cached or not). The resolver is process-wide and knows no site, so it judges names
only; refused names are remembered in :data:`REFUSED_NAMES` for the middleware below.

``PrivateAddressMiddleware`` (downloader, 560): refuses a request whose URL host is a literal
local/private address unless the site's own profile is local and names that host, and turns
the resolver's refusal into a ``private_address`` fetch error (not retried). Off-site hosts
are refused earlier by ``SiteDomainsMiddleware`` (50).

``TruncatedGzipMiddleware`` (downloader, 595 — before ``HttpCompressionMiddleware`` at 590
decompresses "as much as possible"): a ``Content-Encoding: gzip`` body that stops before its
end is retried, then recorded as ``truncated`` instead of being extracted as a cut page; one
that is not gzip at all is recorded ``bad_encoding``. The same for ``deflate``, ``br`` and
``zstd`` (``crawler.blocked.encoded_body_problem``): a body that is no zstd was recorded
``other`` (``ZstdError``), or ``empty`` when Scrapy's decoder made nothing of it. It is
inflated no further than ``DOWNLOAD_MAXSIZE`` (or the request's ``download_maxsize``): a gzip
bomb is left to ``HttpCompressionMiddleware``'s size limit (``too_large``), not expanded here.

Settings: ``NETGUARD_ENABLED``, ``NETGUARD_ALLOWED_HOSTS``, ``DNSCACHE_ENABLED``,
``DNSCACHE_SIZE``, ``DNS_TIMEOUT``, ``RETRY_TIMES``, ``DOWNLOAD_MAXSIZE``.
Stats: ``netguard/refused``, ``retry/reason_count/truncated_gzip``.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import CannotResolveHostError, NotConfigured
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.blocked import encoded_body_problem
from crawler.netguard import host_of, refused_answer_reason, refused_host_reason
from pipelines.errors import FetchRefused

logger = logging.getLogger(__name__)

# Names the resolver refused in this process -> why. Read by PrivateAddressMiddleware to
# name the failure (Twisted reports any resolver refusal as a plain DNS lookup error).
REFUSED_NAMES: dict[str, str] = {}


class GuardedResolver(CachingThreadedResolver):
    """A :class:`scrapy.resolver.CachingThreadedResolver` that refuses non-global answers."""

    def __init__(self, reactor, cache_size: int, timeout: float, *, enabled: bool = True,
                 allowed_hosts=()):
        super().__init__(reactor, cache_size, timeout)
        self.enabled = enabled
        self.allowed_hosts = tuple(allowed_hosts)

    @classmethod
    def from_crawler(cls, crawler, reactor):
        # ``crawler`` is the CrawlerProcess here (Scrapy installs the resolver once per process).
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"),
                   enabled=settings.getbool("NETGUARD_ENABLED"),
                   allowed_hosts=settings.getlist("NETGUARD_ALLOWED_HOSTS"))

    def getHostByName(self, name, timeout=()):
        if self.enabled and host_of(name) in REFUSED_NAMES:
            return defer.fail(DNSLookupError(REFUSED_NAMES[host_of(name)]))
        deferred = super().getHostByName(name, timeout)
        if self.enabled:
            deferred.addCallback(self._check_answer, name)
        return deferred

    def _check_answer(self, address: str, name: str) -> str:
        reason = refused_answer_reason(name, address, self.allowed_hosts)
        if reason is None:
            return address
        REFUSED_NAMES[host_of(name)] = reason
        logger.warning("refused to connect: %s", reason)
        # A DNSLookupError, so that Twisted ends the connection attempt quietly.
        raise DNSLookupError(reason)


class PrivateAddressMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("NETGUARD_ENABLED"):
            raise NotConfigured("NETGUARD_ENABLED is off")
        self.crawler = crawler
        self.allowed_hosts = settings.getlist("NETGUARD_ALLOWED_HOSTS")
        self._verdicts: dict[str, str | None] = {}  # URL netloc -> refusal reason, or None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request):
        # The verdict depends on the URL's host alone, and a crawl meets a handful of hosts:
        # judged once per host, not per request (the judgement costs more than a dict lookup).
        netloc = urlparse_cached(request).netloc
        if netloc in self._verdicts:
            reason = self._verdicts[netloc]
        else:
            profile = getattr(self.crawler.spider, "profile", None)
            domains = profile.domains if profile is not None else ()
            reason = self._verdicts[netloc] = refused_host_reason(request.url, domains, self.allowed_hosts)
        if reason is None:
            return None
        self.crawler.stats.inc_value("netguard/refused")
        logger.warning("refused request %s: %s", request.url, reason)
        raise FetchRefused("private_address", reason)

    def process_exception(self, request, exception):
        if isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            reason = REFUSED_NAMES.get(host_of(request.url))
            if reason is not None:
                self.crawler.stats.inc_value("netguard/refused")
                # Raised here, above RetryMiddleware (550): a refusal is not retried.
                raise FetchRefused("private_address", reason)
        return None


class TruncatedGzipMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        # What HttpCompressionMiddleware decompresses at most (a request's download_maxsize
        # wins, as there): a body that expands further is refused by it as too_large, so it
        # is not inflated here past that.
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        # inflated only up to the size limit: a gzip bomb is left to it (too_large)
        max_size = request.meta.get("download_maxsize", self.max_size)
        problem = encoded_body_problem(response.headers.getlist(b"Content-Encoding"), response.body, max_size)
        if problem is None:
            return response
        kind, message = problem
        if kind == "truncated":  # a cut stream may come whole the next time
            # the reason keeps its name from when only gzip was checked: one stat for all codings
            retry = get_retry_request(request, spider=self.crawler.spider, reason="truncated_gzip")
            if retry is not None:
                return retry
        raise FetchRefused(kind, message, status=response.status)
