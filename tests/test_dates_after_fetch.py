"""A published or modified date more than a day after the page's fetch is not trusted
(crawler.dates.later_than_fetch, applied in crawler.processing.analyse_page; cronqa finding 11)."""

from __future__ import annotations

import pytest

from crawler.dates import later_than_fetch
from crawler.fixture_server import FixtureServer
from crawler.items import PageItem
from crawler.processing import PageContext, analyse_page
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler

FETCHED = "2026-12-07T05:00:00+00:00"


@pytest.mark.parametrize(("value", "later"), [
    ("2030-01-01T08:00:00+00:00", True),
    ("2026-12-08T05:00:01+00:00", True),   # a day and a second after the fetch
    ("2026-12-07T18:59:00+00:00", False),  # 14 h ahead: a zone error, kept
    ("2026-12-08T04:59:00+00:00", False),  # within the day's tolerance
    ("2026-12-09", True),                  # a day alone counts from its start
    ("2026-12-08", False),
    ("2026-12-08T07:00:00+03:00", False),  # 2026-12-08T04:00 UTC: 23 h ahead
    ("2026-12-06T10:00:00+00:00", False),
    ("2030-01-01T08:00:00", True),         # no zone: UTC
    (None, False), ("", False), ("not a date", False),
])
def test_a_date_more_than_a_day_after_the_fetch_is_later_than_it(value, later):
    assert later_than_fetch(value, FETCHED) is later


def test_no_fetch_time_trusts_the_date():
    assert later_than_fetch("2030-01-01T08:00:00+00:00", None) is False


def page_dated(published: str, modified: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in filler("harbour works"))
    return (f"""<html lang="en"><head><title>Harbour works resume</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{modified}">
</head><body><article><h1>Harbour works resume</h1>{paragraphs}</article></body></html>""").encode()


def test_dates_after_the_fetch_are_left_out_and_named():
    page = PageItem(url="https://courier.example/news/2026/12/06/harbour-works-resume",
                    body=page_dated("2030-06-01T09:00:00+00:00", "2031-01-01T09:00:00+00:00"),
                    site="courier", fetched_at=FETCHED)
    result = analyse_page(page, PageContext(domains=("courier.example",)))
    assert result.article is not None
    assert result.article.published_at is None and result.article.modified_at is None
    assert result.article.published_at_raw  # what the page said is kept
    assert result.dates_after_fetch == ("published", "modified")


def test_dates_before_the_fetch_are_kept():
    page = PageItem(url="https://courier.example/news/2026/12/06/harbour-works-resume",
                    body=page_dated("2026-12-06T09:00:00+00:00", "2026-12-07T18:00:00+00:00"),
                    site="courier", fetched_at=FETCHED)
    result = analyse_page(page, PageContext(domains=("courier.example",)))
    assert result.article.published_at.startswith("2026-12-06T09:00")
    assert result.article.modified_at.startswith("2026-12-07T18:00")
    assert result.dates_after_fetch == ()


def test_a_crawled_story_dated_years_ahead_is_stored_without_a_published_date(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                   filler("water deal"), published="2030-06-02T10:15:00+03:00"))
    site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                   filler("port expansion")))
    site.homepage_links = [s.path for s in site.stories]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS="False")
    stored = {r["url"].rsplit("/", 1)[1]: r["published_at"]
              for r in rows(database, "SELECT url, published_at FROM articles")}
    assert stored["jordan-water-deal-signed"] is None
    assert stored["port-expansion-approved-by-cabinet"].startswith("2025-06-02")
    assert crawl_stats(result)["extract/date_after_fetch/published"] == 1
