"""ValidatePipeline: only articles with a URL and a real body reach storage.

Settings: ``VALIDATE_MAX_BODY_CHARS``.
Stats: ``articles/invalid/<reason>``.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem


class ValidatePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.max_body_chars = crawler.settings.getint("VALIDATE_MAX_BODY_CHARS")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        reason = None
        if not item.url:
            reason = "no_url"
        elif not item.body or not item.body.strip():
            reason = "empty_body"
        elif len(item.body) > self.max_body_chars:
            reason = "body_too_large"
        if reason:
            self.crawler.stats.inc_value(f"articles/invalid/{reason}")
            raise DropItem(f"invalid article ({reason}): {item.url}", log_level="WARNING")
        return item
