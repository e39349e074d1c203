"""Crawl components that fail on purpose, for the tests of how a crawl that crashes ends.

Given to a crawl subprocess with ``-s ITEM_PIPELINES=...``; which site's crawl to fail is read
from the environment, so that one site of a ``crawler crawl`` fails and the next does not.
"""

from __future__ import annotations

import os

FAIL_OPEN_ENV = "CRAWLER_TEST_FAIL_OPEN_FOR"


class OpenFailsPipeline:
    """An item pipeline whose ``open_spider`` raises ``RuntimeError`` for the site named in
    ``$CRAWLER_TEST_FAIL_OPEN_FOR`` (every site when it is ``*``), as a pipeline whose model
    file or service is missing would."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        if os.environ.get(FAIL_OPEN_ENV) in ("*", self.crawler.spider.name):
            raise RuntimeError("the classifier's model file is missing")

    def process_item(self, item):
        return item


def pipelines_with(component: str) -> str:
    """The project's ``ITEM_PIPELINES`` plus ``component`` first, as a ``-s`` value."""
    import json

    from crawler.settings import ITEM_PIPELINES

    return json.dumps({f"tests.faulty_components.{component}": 50, **ITEM_PIPELINES})
