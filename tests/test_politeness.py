"""A site gets no more parallel requests than its limit (pipelines/downloader.py).

The sample site on a loopback server whose every page takes a while to answer; the server
counts the requests it is answering at once. Without the project's downloader, Scrapy 2.19
on the asyncio reactor starts a site's whole download queue at once.
"""

from __future__ import annotations

import threading
import time

import pytest

from crawler.fixture_server import FixtureServer
from tests.conftest import DEMO_SITE, crawl_site, crawl_stats


class ConcurrencyProbe:
    """A handler for every path: answers as the server would, after ``delay`` seconds, and
    remembers the most requests it was answering at the same time."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0

    def __call__(self, context):
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            time.sleep(self.delay)
            return context.default_response()
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.mark.parametrize("limit", [1, 2])
def test_a_site_never_gets_more_parallel_requests_than_its_limit(demo_expected, tmp_path, limit):
    probe = ConcurrencyProbe(delay=0.15)
    with FixtureServer(DEMO_SITE) as server:
        for article in demo_expected["articles"]:
            server.add_handler(article["path"].split("?")[0], probe)
        result = crawl_site(f"{server.base_url}/", tmp_path / "news.db",
                            AUTOTHROTTLE_ENABLED="False",  # no delay: the downloader alone decides
                            CONCURRENT_REQUESTS="16", CONCURRENT_REQUESTS_PER_DOMAIN=str(limit))
    assert crawl_stats(result)["articles/new"] > 10
    assert probe.most == limit
