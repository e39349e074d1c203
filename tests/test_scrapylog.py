"""The crawl's stats collector and log formatter: Scrapy's, without their per-call overheads
(issue 7), with the same stats and, wherever a handler takes DEBUG lines, the same log lines."""

from __future__ import annotations

import contextlib
import logging

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.logformatter import LogFormatter
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from crawler.runner import project_settings
from tests.conftest import DEMO_SITE, FixtureServer, crawl_site, crawl_stats


def test_the_crawls_stats_collector_counts_without_scrapys_per_call_wrapper():
    crawler = get_crawler(settings_dict={"STATS_CLASS": project_settings().get("STATS_CLASS")})
    stats = load_object(crawler.settings.get("STATS_CLASS"))(crawler)
    assert isinstance(stats, MemoryStatsCollector)
    # Scrapy's own hands out a wrapper (its deprecation check of a "spider" argument) on every read
    assert stats.inc_value.__func__ is MemoryStatsCollector.inc_value
    stats.inc_value("pages/extracted")
    stats.inc_value("pages/extracted", 2)
    stats.max_value("memusage/max", 5)
    stats.set_value("articles/new", 1)
    assert stats.get_stats() == {"pages/extracted": 3, "memusage/max": 5, "articles/new": 1}


@pytest.fixture
def formatter_and_page():
    crawler = get_crawler(settings_dict={"LOG_FORMATTER": project_settings().get("LOG_FORMATTER")})
    formatter = load_object(crawler.settings.get("LOG_FORMATTER")).from_crawler(crawler)
    request = scrapy.Request("https://news.example/a", headers={"Referer": "https://news.example/"})
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    return formatter, request, response


@contextlib.contextmanager
def only_info_handlers():
    """The handlers of a crawl at LOG_LEVEL=INFO: Scrapy's on the root logger, nothing else (not
    pytest's log capture, which takes every level: it is added around the test's body)."""
    root = logging.getLogger()
    kept, kept_level, root.handlers = root.handlers, root.level, []
    root.setLevel(logging.NOTSET)  # as Scrapy leaves it (scrapy.utils.log.install_scrapy_root_handler)
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.handlers = kept
        root.setLevel(kept_level)


def test_at_level_info_the_per_response_and_per_item_debug_lines_are_not_built(formatter_and_page):
    formatter, request, response = formatter_and_page
    with only_info_handlers():
        assert formatter.crawled(request, response, None) is None
        assert formatter.scraped({"url": request.url}, response, None) is None
    # the lines at INFO and above are Scrapy's
    drop = scrapy.exceptions.DropItem("too short")
    drop.log_level = "INFO"
    dropped = formatter.dropped({"url": request.url}, drop, response, None)
    assert dropped == LogFormatter().dropped({"url": request.url}, drop, response, None)
    assert dropped["level"] == logging.INFO


def test_where_a_handler_takes_debug_lines_they_are_scrapys_word_for_word(formatter_and_page):
    # the look-alike: LOG_LEVEL=DEBUG (crawler crawl -v), or a log capture at DEBUG
    formatter, request, response = formatter_and_page
    scrapys = LogFormatter()
    with only_info_handlers() as handler:
        handler.setLevel(logging.DEBUG)
        assert formatter.crawled(request, response, None) == scrapys.crawled(request, response, None)
        assert formatter.scraped({"url": request.url}, response, None) == scrapys.scraped(
            {"url": request.url}, response, None)


def test_a_crawl_at_level_debug_still_logs_each_response_and_item(tmp_path):
    with FixtureServer(DEMO_SITE) as server:
        result = crawl_site(server.base_url + "/", tmp_path / "news.db", LOG_LEVEL="DEBUG")
    stats = crawl_stats(result)
    crawled = [line for line in result.stderr.splitlines() if "DEBUG: Crawled (200)" in line]
    scraped = [line for line in result.stderr.splitlines() if "DEBUG: Scraped from <200" in line]
    assert len(crawled) >= stats["downloader/response_status_count/200"] > 0  # robots.txt: once in the stats
    assert len(scraped) == stats["item_scraped_count"] > 0
