"""A sitemap index without ``lastmod`` whose children are named by month (``sitemap-2025-06.xml``,
one a month, oldest first: a common layout of MENA outlets' CMSs) is read newest month first,
by the period each child's name gives, so a crawl under a request budget stores this month's
articles before 2023's. Children with a ``lastmod`` keep being ordered by it; an article id is
never read as a date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.discovery import SitemapEntry, newest_first, url_period_end
from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, rows
from tests.sitegen import SiteBuilder, Story, filler

MONTHS = [(year, month) for year in (2023, 2024) for month in range(1, 13)] + [(2025, m) for m in range(1, 7)]


def _monthly_site(root) -> dict[tuple[int, int], list[str]]:
    """Five stories a month from January 2023 to June 2025, each month in its own sitemap, the
    index listing them oldest first with no ``lastmod`` anywhere; the home page links nothing."""
    by_month: dict[tuple[int, int], list[str]] = {}
    children = []
    for year, month in MONTHS:
        paths = [f"/{year}/{month:02d}/{day:02d}/harbour-report-{year}-{month}-{day}" for day in range(1, 6)]
        for path in paths:
            story = Story(path, f"Harbour report {path[1:11]}", filler(f"harbour {path}"))
            target = root / path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
        name = f"sitemap-{year}-{month:02d}.xml"
        (root / name).write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>__BASE_URL__{p}</loc></url>" for p in paths) + "</urlset>", encoding="utf-8")
        children.append(name)
        by_month[(year, month)] = paths
    (root / "sitemap_index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>__BASE_URL__/{c}</loc></sitemap>" for c in children) + "</sitemapindex>",
        encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap_index.xml\n",
                                     encoding="utf-8")
    (root / "index.html").write_text("<html><body><h1>Harbour News</h1></body></html>", encoding="utf-8")
    return by_month


def test_an_index_of_undated_monthly_sitemaps_is_read_newest_month_first_under_a_budget(tmp_path):
    # Before: children without lastmod were read in document order, 2023-01 first; a budget of
    # 12 requests stored ten 2023 stories and none of June 2025's.
    root = tmp_path / "site"
    root.mkdir()
    by_month = _monthly_site(root)
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=12, CONCURRENT_REQUESTS=1)
        fetched = server.requested_paths()
    stored = {"/" + row["url"].split("/", 3)[3] for row in rows(database, "SELECT url FROM articles")}
    assert set(by_month[(2025, 6)]) <= stored
    assert not any(path.startswith("/2023/") for path in stored)
    assert not any(path.startswith("/2023/") for path in fetched)


def test_children_named_by_months_older_than_the_age_limit_are_not_fetched(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    by_month = _monthly_site(root)
    database = tmp_path / "news.db"
    days = (datetime.now(UTC) - datetime(2025, 5, 1, tzinfo=UTC)).days  # May and June 2025 are recent enough
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_SITEMAP_MAX_AGE_DAYS=days)
        fetched = server.requested_paths()
    assert {p for p in fetched if p.startswith("/sitemap-")} == {"/sitemap-2025-05.xml", "/sitemap-2025-06.xml"}
    stored = {"/" + row["url"].split("/", 3)[3] for row in rows(database, "SELECT url FROM articles")}
    assert stored == set(by_month[(2025, 5)] + by_month[(2025, 6)])


@pytest.mark.parametrize(("url", "expected"), [
    ("https://s/sitemap-2025-06.xml", "2025-06-30"),
    ("https://s/sitemap_2025_06_02.xml.gz", "2025-06-02"),
    ("https://s/sitemap-202506.xml", "2025-06-30"),
    ("https://s/post-sitemap-2024.xml", "2024-12-31"),
    ("https://s/sitemaps/2025/06.xml", "2025-06-30"),
    ("https://s/news/2025/06/02/water-deal", "2025-06-02"),
    ("https://s/News/2025/6/2/%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9", "2025-06-02"),  # Youm7's unpadded dates
    ("https://s/archive/2019/sitemap-2025-06.xml", "2025-06-30"),  # the last date named
])
def test_a_url_named_after_a_month_or_a_day_has_that_periods_end(url, expected):
    assert url_period_end(url).date().isoformat() == expected


@pytest.mark.parametrize("url", [
    "https://s/news/20250612345",  # an article id that starts like a date
    "https://s/article/202506",
    "https://s/details/2025061",
    "https://s/wp-sitemap-posts-post-2.xml",
    "https://s/sitemap-posts-1.xml",
    "https://s/news/2024",  # a year alone outside a sitemap's file name
    "https://s/sitemap-2025-13.xml.txt",
])
def test_an_id_or_a_number_that_is_no_month_names_no_period(url):
    assert url_period_end(url) is None


def test_a_lastmod_still_orders_before_the_name_and_undated_unnamed_entries_stay_last():
    entries = [SitemapEntry("https://s/sitemap-2025-06.xml", "2024-01-01"),  # lastmod wins over its name
               SitemapEntry("https://s/sitemap-posts-1.xml"),
               SitemapEntry("https://s/sitemap-2024-11.xml"),
               SitemapEntry("https://s/sitemap-posts-2.xml"),
               SitemapEntry("https://s/sitemap-2025-03.xml")]
    assert [e.loc.rsplit("/", 1)[1] for e in newest_first(entries)] == [
        "sitemap-2025-03.xml", "sitemap-2024-11.xml", "sitemap-2025-06.xml", "sitemap-posts-1.xml", "sitemap-posts-2.xml"]


def _wp_core_site(root, pages: int = 3, per_page: int = 5) -> list[list[str]]:
    """WordPress core sitemaps (5.5+) as WordPress writes them: an index of
    ``wp-sitemap-posts-post-<N>.xml`` pages and taxonomy/user pages, no ``lastmod`` anywhere, each
    page listing its posts by id ascending (page 1: the oldest)."""
    listed, number = [], 0
    for page in range(1, pages + 1):
        paths = []
        for _ in range(per_page):
            number += 1
            path = f"/port-expansion-update-number-{number}/"
            story = Story(path.rstrip("/"), f"Port expansion update number {number}", filler(f"port update {number}"))
            target = root / path.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
            paths.append(path)
        (root / f"wp-sitemap-posts-post-{page}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>__BASE_URL__{p}</loc></url>" for p in paths) + "</urlset>", encoding="utf-8")
        listed.append(paths)
    children = [f"wp-sitemap-posts-post-{page}.xml" for page in range(1, pages + 1)]
    children += ["wp-sitemap-taxonomies-category-1.xml", "wp-sitemap-users-1.xml"]
    (root / "wp-sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>__BASE_URL__/{c}</loc></sitemap>" for c in children) + "</sitemapindex>",
        encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /wp-admin/\n\nSitemap: __BASE_URL__/wp-sitemap.xml\n",
                                     encoding="utf-8")
    (root / "index.html").write_text("<html><body><h1>Port News</h1></body></html>", encoding="utf-8")
    return listed


def test_wordpress_core_sitemaps_are_read_from_the_newest_posts_under_a_budget(tmp_path):
    # Before: page 1 first and its entries in order: a budget of 8 requests stored posts 1-6, the
    # six oldest of the site, and none of the last page's.
    root = tmp_path / "site"
    root.mkdir()
    listed = _wp_core_site(root)
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=8, CONCURRENT_REQUESTS=1)
    stored = {"/" + row["url"].split("/", 3)[3] for row in rows(database, "SELECT url FROM articles")}
    assert set(listed[-1]) <= stored
    assert not stored & set(listed[0])


def test_wp_core_posts_pages_are_named_and_other_numbered_sitemaps_are_not():
    from crawler.discovery import wp_core_posts_page

    assert wp_core_posts_page("https://s/wp-sitemap-posts-post-3.xml") == ("post", 3)
    assert wp_core_posts_page("https://s/ar/wp-sitemap-posts-news-item-12.xml") == ("news-item", 12)
    for url in ("https://s/post-sitemap3.xml", "https://s/wp-sitemap-taxonomies-category-1.xml",
                "https://s/wp-sitemap.xml", "https://s/sitemap-posts-post-3.xml"):
        assert wp_core_posts_page(url) is None


def test_undated_wp_core_pages_come_highest_first_per_type_and_other_undated_entries_keep_their_order():
    index = [SitemapEntry(f"https://s/wp-sitemap-posts-{kind}-{n}.xml") for kind, n in
             (("post", 1), ("page", 1), ("post", 2), ("post", 3), ("news", 1), ("news", 2))]
    index.append(SitemapEntry("https://s/wp-sitemap-taxonomies-category-1.xml"))
    assert [e.loc.rsplit("/", 1)[1] for e in newest_first(index)] == [
        "wp-sitemap-posts-post-3.xml", "wp-sitemap-posts-page-1.xml", "wp-sitemap-posts-post-2.xml",
        "wp-sitemap-posts-post-1.xml", "wp-sitemap-posts-news-2.xml", "wp-sitemap-posts-news-1.xml",
        "wp-sitemap-taxonomies-category-1.xml"]
    # Controls: Yoast's numbered pages and a plain urlset's undated entries keep document order;
    # dated entries of a WordPress core page still go by date.
    yoast = [SitemapEntry(f"https://s/post-sitemap{n}.xml") for n in ("", "2", "3")]
    assert newest_first(yoast) == yoast
    plain = [SitemapEntry(f"https://s/story-about-the-port-{n}") for n in range(3)]
    assert newest_first(plain) == plain
    assert newest_first(plain, listed_oldest_first=True) == plain[::-1]
    dated = [SitemapEntry("https://s/a", "2025-06-01"), SitemapEntry("https://s/b"), SitemapEntry("https://s/c", "2025-06-03")]
    assert [e.loc[-1] for e in newest_first(dated, listed_oldest_first=True)] == ["c", "a", "b"]
