"""No request leaves the site's domains: ``SiteDomainsMiddleware`` is the filter, Scrapy's own
``OffsiteMiddleware`` is off (issue 7: with no ``allowed_domains`` it let everything through, at
the cost of a URL parse and a regex per request, twice). The crawl-level proof, an off-site
link and off-site redirects never fetched, is ``tests/test_faults.py::test_no_request_reached_a_host_other_than_the_site``."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.test import get_crawler

import crawler.settings as project_settings
from pipelines.middlewares import SiteDomainsMiddleware

SCRAPY_OFFSITE = "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware"


def _project_crawler(spider_class=None, **settings):
    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(spider_class, {**base, "CRAWL_DISK_QUEUE": False, **settings})
    crawler._apply_settings()
    return crawler


def test_the_site_domains_filter_replaces_scrapys_and_comes_first():
    crawler = _project_crawler()
    middlewares = crawler.settings.getwithbase("DOWNLOADER_MIDDLEWARES")
    enabled = {name: order for name, order in middlewares.items() if order is not None}
    assert SCRAPY_OFFSITE not in enabled
    assert enabled["pipelines.middlewares.SiteDomainsMiddleware"] == min(enabled.values())


def test_no_spider_sets_allowed_domains():
    """Scrapy's filter, off, only ever acted on ``allowed_domains``: a spider that sets them
    would be relying on it (and SiteDomainsMiddleware reads the profile instead)."""
    from spiders.site import SiteSpider

    loader = SpiderLoader.from_settings(_project_crawler().settings)
    assert loader.list()
    for name in loader.list():
        assert not getattr(loader.load(name), "allowed_domains", None), name
    crawler = _project_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
    assert not getattr(spider, "allowed_domains", None)


def _site_domains_middleware():
    from spiders.site import SiteSpider

    crawler = _project_crawler(SiteSpider)
    crawler.spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
    return crawler, SiteDomainsMiddleware.from_crawler(crawler)


@pytest.mark.parametrize("url", [
    "https://elsewhere.example/news/2025/06/02/a-story",  # a link to another site
    "https://news.example.evil.test/news/2025/06/02/a-story",  # the site's name inside another's
    "http://169.254.169.254/latest/meta-data/",  # a redirect to the cloud metadata address
])
def test_an_off_site_request_is_refused_however_it_was_made(url):
    crawler, middleware = _site_domains_middleware()
    for request in (Request(url), Request(url, dont_filter=True), Request(url, meta={"allow_offsite": True}),
                    # a redirect: Scrapy's RedirectMiddleware copies the request to the new address
                    Request("https://news.example/old").replace(url=url, meta={"redirect_urls": ["https://news.example/old"]})):
        with pytest.raises(IgnoreRequest):
            middleware.process_request(request)
    assert crawler.stats.get_value("offsite/filtered") == 4


@pytest.mark.parametrize("url", [
    "https://news.example/news/2025/06/02/a-story",
    "http://www.news.example/news/2025/06/02/a-story",  # www. and the other scheme: the same site
    "https://cdn.news.example/news/2025/06/02/a-story",  # a subdomain
])
def test_a_request_inside_the_site_goes_on(url):
    crawler, middleware = _site_domains_middleware()
    assert middleware.process_request(Request(url)) is None
    assert crawler.stats.get_value("offsite/filtered") is None
