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


class CallbackFailsMiddleware:
    """A spider middleware that raises ``ValueError`` on the output of the spider's callbacks (a
    spider error, as a callback that raised would be), for ``CLOSESPIDER_ERRORCOUNT``."""

    async def process_spider_output(self, response, result):
        raise ValueError(f"cannot parse {response.url}")
        yield  # an async generator, as Scrapy wants the output of a spider middleware


def components_with(setting: str, component: str) -> str:
    """The project's ``setting`` (``ITEM_PIPELINES``, ``SPIDER_MIDDLEWARES``) plus ``component``
    of this module first, as a ``-s`` value."""
    import json

    from crawler import settings

    return json.dumps({f"tests.faulty_components.{component}": 5, **getattr(settings, setting)})
