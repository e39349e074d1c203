"""A published or modified date more than a day after the page's fetch is not trusted
(crawler.dates.later_than_fetch, applied in crawler.processing.analyse_page; cronqa finding 11)."""

from __future__ import annotations

import pytest

from crawler.dates import later_than_fetch
from crawler.extract import extract_article
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
    # (an address without a date: the page gives no other source of its dates)
    page = PageItem(url="https://courier.example/news/harbour-works-resume",
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
    # (an address without a date: nothing else dates the story)
    site.add(Story("/news/jordan-water-deal-signed", "Jordan signs water deal",
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


# --- audit F10 (datefix2): a later metadata date gives way to the next source ---------------------

def page_with_shown_dates(published: str, modified: str | None, shown: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in filler("harbour works"))
    modified_tag = f'<meta property="article:modified_time" content="{modified}">' if modified else ""
    return (f"""<html lang="en"><head><title>Harbour works resume</title>
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">{modified_tag}
</head><body><article><h1>Harbour works resume</h1><div class="post-date">{shown}</div>{paragraphs}</article>
</body></html>""").encode()


def test_a_published_date_years_after_the_fetch_gives_way_to_the_date_the_page_shows():
    page = PageItem(url="https://courier.example/news/harbour-works-resume", site="courier", fetched_at=FETCHED,
                    body=page_with_shown_dates("2031-12-06T09:00:00+00:00", None, "6 December 2026 10:00"))
    result = analyse_page(page, PageContext(domains=("courier.example",), timezone="Africa/Tunis"))
    assert result.article.published_at == "2026-12-06T09:00:00+00:00"
    assert result.article.published_at_raw == "6 December 2026 10:00"
    assert result.dates_after_fetch == ("published",)  # the metadata's date was still left out


def test_a_modified_date_years_after_the_fetch_gives_way_to_the_shown_update():
    page = PageItem(url="https://courier.example/news/harbour-works-resume", site="courier", fetched_at=FETCHED,
                    body=page_with_shown_dates("2026-12-06T09:00:00+00:00", "2031-01-01T00:00:00+00:00",
                                               "Updated: 6 December 2026 18:00"))
    result = analyse_page(page, PageContext(domains=("courier.example",), timezone="Africa/Tunis"))
    assert result.article.published_at == "2026-12-06T09:00:00+00:00"
    assert result.article.modified_at == "2026-12-06T17:00:00+00:00"
    assert result.dates_after_fetch == ("modified",)


def test_a_metadata_date_before_the_fetch_still_beats_the_shown_date():
    # the control: the metadata's date, when not later than the fetch, comes first as ever
    page = PageItem(url="https://courier.example/news/harbour-works-resume", site="courier", fetched_at=FETCHED,
                    body=page_with_shown_dates("2026-12-05T09:00:00+00:00", None, "6 December 2026 10:00"))
    result = analyse_page(page, PageContext(domains=("courier.example",), timezone="Africa/Tunis"))
    assert result.article.published_at == "2026-12-05T09:00:00+00:00"
    assert result.dates_after_fetch == ()


def test_extraction_without_a_fetch_time_keeps_the_metadata_date():
    # extract_article stays pure: the fetch time is a parameter, never the clock
    html = page_with_shown_dates("2031-12-06T09:00:00+00:00", None, "6 December 2026 10:00")
    url = "https://courier.example/news/harbour-works-resume"
    assert extract_article(html, url, default_tz="Africa/Tunis").article.published_at == "2031-12-06T09:00:00+00:00"
    given = extract_article(html, url, default_tz="Africa/Tunis", fetched_at=FETCHED)
    assert given.article.published_at == "2026-12-06T09:00:00+00:00"
    assert given.dates_after_fetch == ("published",)
