"""Discovery stops once the site's request budget is spent: a sitemap's remaining entries, an
index's remaining children, a page's remaining links are not read one by one to be refused,
and sitemap documents still queued are not fetched. A sitemap is read to 50,000 entries at most
(the sitemaps.org limit), the overflow counted and recorded."""

from __future__ import annotations

import re

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, XmlResponse

import crawler.settings as project_settings
from pipelines.middlewares import DiscoveryBudgetMiddleware
from tests.test_links import news_spider

BASE = "https://news.example"


def urlset(count: int) -> bytes:
    entries = "".join(f"<url><loc>{BASE}/news/2025/06/02/story-number-{n}</loc>"
                      f"<lastmod>2025-06-02T{n % 24:02d}:00:00Z</lastmod></url>" for n in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()


def sitemap_index(count: int) -> bytes:
    children = "".join(f"<sitemap><loc>{BASE}/sitemap-day-{n}.xml</loc><lastmod>2025-06-{30 - n:02d}</lastmod></sitemap>"
                       for n in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{children}</sitemapindex>").encode()


def xml_response(path: str, body: bytes) -> XmlResponse:
    url = BASE + path
    return XmlResponse(url=url, body=body, request=Request(url, meta={"depth": 0, "sitemap_depth": 0}))


def spider_with_budget(max_requests: int):
    spider = news_spider(CRAWL_MAX_REQUESTS=max_requests)
    spider.crawler.stats.open_spider()
    return spider


def test_a_sitemap_is_not_read_past_the_spent_budget():
    spider = spider_with_budget(5)
    requests = list(spider.parse_sitemap(xml_response("/sitemap.xml", urlset(100))))
    assert len(requests) == 5
    stats = spider.crawler.stats
    # The 95 entries after the budget are not looked at one by one to be refused.
    assert stats.get_value("discovery/unread_over_budget/sitemap_entries") == 95
    assert stats.get_value("discovery/sitemap_entries") == 5
    assert spider.budget_exhausted


def test_no_sitemap_is_scheduled_or_read_once_the_budget_is_spent():
    spider = spider_with_budget(3)
    assert len(list(spider.parse_sitemap(xml_response("/sitemap-day-0.xml", urlset(10))))) == 3
    # An index read after the budget was spent schedules none of its children (they have their
    # own cap, CRAWL_MAX_SITEMAPS, but none of their entries could be scheduled).
    assert list(spider.parse_sitemap(xml_response("/sitemap_index.xml", sitemap_index(60)))) == []
    # nor is a sitemap queued before, fetched after, read
    assert list(spider.parse_sitemap(xml_response("/sitemap-day-1.xml", urlset(10)))) == []
    stats = spider.crawler.stats
    assert stats.get_value("discovery/sitemap_skipped/budget_exhausted") == 2
    assert stats.get_value("discovery/sitemaps") == 1


def test_an_index_read_within_the_budget_schedules_its_children_newest_first():
    spider = spider_with_budget(3)
    children = list(spider.parse_sitemap(xml_response("/sitemap_index.xml", sitemap_index(60))))
    assert [r.url for r in children[:2]] == [f"{BASE}/sitemap-day-0.xml", f"{BASE}/sitemap-day-1.xml"]
    assert len(children) == 60 and all(r.meta["sitemap_document"] for r in children)


def test_a_listing_page_is_not_read_past_the_spent_budget():
    spider = spider_with_budget(10)
    links = "".join(f"<a href='/news/2025/06/02/story-number-{n}'>story {n}</a>" for n in range(1000))
    response = HtmlResponse(url=BASE + "/", body=f"<html><body>{links}</body></html>".encode(),
                            encoding="utf-8", request=Request(BASE + "/", meta={"depth": 0}))
    requests = list(spider.parse_listing(response))
    assert len(requests) == 10
    assert spider.crawler.stats.get_value("discovery/unread_over_budget/links") == 990


def test_a_queued_sitemap_is_not_fetched_once_the_budget_is_spent():
    spider = spider_with_budget(1)
    middleware = DiscoveryBudgetMiddleware.from_crawler(spider.crawler)
    sitemap = spider.follow_url(BASE + "/sitemap-day-7.xml", spider.parse_sitemap, meta={"sitemap_depth": 1})
    assert middleware.process_request(sitemap) is None  # budget left: fetched
    article = spider.follow_url(BASE + "/news/2025/06/02/story-number-1", spider.parse_article)
    assert spider.follow_url(BASE + "/news/2025/06/02/story-number-2", spider.parse_article) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(sitemap)
    assert middleware.process_request(article) is None  # scheduled within the budget: fetched
    assert spider.crawler.stats.get_value("discovery/sitemap_skipped/budget_exhausted") == 1


def test_the_budget_middleware_is_on():
    assert "pipelines.middlewares.DiscoveryBudgetMiddleware" in project_settings.DOWNLOADER_MIDDLEWARES


def test_a_sitemap_past_the_entry_limit_is_read_to_the_limit_and_recorded():
    spider = spider_with_budget(100)
    spider.SITEMAP_MAX_ENTRIES = 20
    recorded = []
    spider.record_error = lambda url, kind, status, message, **_: recorded.append((url, kind, message))
    requests = list(spider.parse_sitemap(xml_response("/sitemap.xml", urlset(50))))
    assert len(requests) == 20
    assert spider.crawler.stats.get_value("discovery/sitemap_entries_over_limit") == 30
    assert recorded == [(BASE + "/sitemap.xml", "bad_sitemap",
                         "30 entries past the first 20 (the sitemaps.org limit) not read")]


# --- end to end: only requests that go to the network spend the budget -------------------------------
def _crawl_twice(tmp_path, second_budget: int):
    """A site of 6 stories and 3 briefs (refused as too short) crawled once; then 3 new
    stories appear, linked after the old pages, and the site is crawled again with
    ``CRAWL_MAX_REQUESTS = second_budget``. Returns the second run's crawl_runs row and stats."""
    from crawler.fixture_server import FixtureServer
    from tests.conftest import rows
    from tests.sitegen import Story
    from tests.test_cli_crawl import crawler_cli
    from tests.test_health import stories, write_site

    briefs = [Story(path=f"/news/{n}-a-brief-from-the-capital", title=f"Brief {n}",
                    paragraphs=[f"Brief number {n}: the council met today."]) for n in range(3)]
    site, database = tmp_path / "site", tmp_path / "news.db"
    write_site(site, stories("june") + briefs)
    with FixtureServer(site) as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database),
                "-s", "AUTOTHROTTLE_START_DELAY=0.01", "-s", "CRAWL_GUESS_SITEMAPS=False"]
        first = crawler_cli(*args)
        assert first.returncode == 0, first.stderr[-3000:]
        write_site(site, stories("june") + briefs + stories("july", 3))
        second = crawler_cli(*args, "-s", f"CRAWL_MAX_REQUESTS={second_budget}")
    assert second.returncode == 0, second.stderr[-3000:]
    runs = rows(database, "SELECT articles_new, requests FROM crawl_runs ORDER BY id")
    assert runs[0]["articles_new"] == 6
    return runs[1], second.stderr


@pytest.mark.slow
def test_stored_and_refused_pages_skipped_before_download_do_not_spend_the_request_budget(tmp_path):
    # robots.txt + home page + 6 stored + 3 refused pages were 11 requests of a budget of 6: the 3
    # new stories, linked after them, were never scheduled. Only robots.txt, the home page and the
    # 3 new stories go to the network.
    run, log = _crawl_twice(tmp_path, second_budget=6)
    assert run["articles_new"] == 3, log[-3000:]
    assert "'dedup/skipped_stored': 6" in log and "'dedup/skipped_refused': 3" in log
    # the budget, plus Scrapy's own robots.txt request (not scheduled by the spider)
    assert int(re.search(r"'downloader/request_count': (\d+),", log).group(1)) <= 6 + 1, log[-3000:]


@pytest.mark.slow
def test_pages_that_go_to_the_network_still_spend_the_request_budget(tmp_path):
    # Control: the budget still bounds what is downloaded: robots.txt, home page + 2 new stories.
    run, log = _crawl_twice(tmp_path, second_budget=4)
    assert run["articles_new"] == 2, log[-3000:]
    assert int(re.search(r"'downloader/request_count': (\d+),", log).group(1)) <= 4 + 1, log[-3000:]
    assert "discovery/budget_exhausted" in log


def _article_page(url: str = BASE + "/news/2025/06/01/an-article") -> HtmlResponse:
    return HtmlResponse(url=url, body=b"<html><body><p>text</p></body></html>", encoding="utf-8",
                        request=Request(url, meta={"depth": 1}))


def _story(n: int) -> str:
    return f"{BASE}/news/2025/06/02/story-number-{n}"


def test_an_articles_links_stop_at_the_link_after_the_one_that_spent_the_budget():
    """Links already considered in this crawl are skipped without asking the budget, but the
    stop (and its count of unread links) is where asking at every link put it: at the first
    link after the request that spent the budget, seen before or not."""
    spider = spider_with_budget(3)
    seen = [_story(n) for n in range(10)]
    assert len(list(spider._link_requests(_article_page(), seen[:2]))) == 2  # one request left
    links = [seen[0], seen[1], _story(100), seen[0], _story(101), _story(102)]
    requests = list(spider._link_requests(_article_page(), links))
    assert [r.url for r in requests] == [_story(100)]
    stats = spider.crawler.stats
    assert stats.get_value("discovery/unread_over_budget/links") == 3  # from the link after story 100
    assert spider.budget_exhausted


def test_an_articles_links_met_before_are_skipped_without_asking_the_budget_each_time():
    spider = spider_with_budget(1000)
    menu = [_story(n) for n in range(150)]
    list(spider._link_requests(_article_page(), menu))
    asked = []
    original = spider._stop_reading
    spider._stop_reading = lambda unread, what: asked.append(unread) or original(unread, what)
    links = [*menu, _story(500), *menu, _story(501)]
    requests = list(spider._link_requests(_article_page(), links))
    assert [r.url for r in requests] == [_story(500), _story(501)]
    # once at the start, and again after each request yielded (the crawl ran meanwhile)
    assert asked == [len(links), len(links) - 151]


def test_an_articles_links_are_not_read_when_the_budget_was_spent_while_the_callback_waited():
    """The generator waits at each ``yield``: other callbacks may spend the budget meanwhile."""
    spider = spider_with_budget(2)
    links = [_story(1), _story(2), _story(3)]
    output = spider._link_requests(_article_page(), links)
    assert next(output).url == _story(1)
    assert spider.follow_url(_story(50), spider.parse_article) is not None  # another page's link
    assert list(output) == []
    assert spider.crawler.stats.get_value("discovery/unread_over_budget/links") == 2
