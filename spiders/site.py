"""``scrapy crawl site -a url=https://example.com/ [-a language=ar]``: any site, generic discovery."""

from spiders.news import NewsSpider


class SiteSpider(NewsSpider):
    """Ad-hoc crawl of the site of ``-a url=...`` (its host is the only allowed domain)."""

    name = "site"
