"""Run spiders in this process (the ``crawler`` CLI and tests), with the project's settings."""

from __future__ import annotations

import os

from crawler.sites import SiteProfile


def project_settings(overrides: dict | None = None):
    """Scrapy settings of this project, wherever the command is run from, plus overrides."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_class_for(profile: SiteProfile):
    """A NewsSpider subclass bound to ``profile`` (named after it)."""
    from spiders.news import NewsSpider

    return type(f"{profile.name.title().replace('_', '')}Spider", (NewsSpider,),
                {"name": profile.name, "profile": profile})


def run_spider(profile: SiteProfile, overrides: dict | None = None) -> dict:
    """Crawl one site to completion in this process; return the crawl's stats."""
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(spider_class_for(profile))
    process.crawl(crawler)
    process.start()
    return dict(crawler.stats.get_stats())
