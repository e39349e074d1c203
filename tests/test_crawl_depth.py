"""Depth limit and discovery order: a URL first met as a link too deep to follow is still
fetched when a sitemap lists it later; breadth-first order; sitemap indexes newest first under a
budget; links requested as written; files, utility, print and reply links not fetched."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_site, crawl_stats, rows, run_scrapy
from tests.sitegen import SiteBuilder, Story, filler
from tests.test_resume import build_chain_site


def test_an_article_linked_beyond_the_depth_limit_is_still_fetched_from_the_sitemap(tmp_path):
    # / -> story 1 -> story 2 -> story 3, each linked only from the one before; the sitemap
    # lists story 3 but answers only once story 2 is stored, so the crawl meets story 3 first as
    # a link on story 2, one level beyond DEPTH_LIMIT=2 (robots.txt -> sitemap -> story 3 is
    # within it). Story 2's links are judged before its page goes to extraction, so its row
    # means they were.
    site = tmp_path / "site"
    stories = build_chain_site(site, 3)
    database = tmp_path / "news.db"

    def sitemap_after_story_2(ctx):
        deadline = time.monotonic() + 60  # only a broken crawl never stores story 2
        while not _stored(database, stories[1].title) and time.monotonic() < deadline:
            time.sleep(0.05)
        return ctx.default_response()

    with FixtureServer(site) as server:
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.base_url}{stories[2].path}</loc></url></urlset>", encoding="utf-8")
        (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {server.base_url}/sitemap.xml\n",
                                         encoding="utf-8")
        server.add_handler("/sitemap.xml", sitemap_after_story_2)
        result = crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=2, CRAWL_GUESS_SITEMAPS=False,
                            STORE_BATCH_SIZE=1, DOWNLOAD_TIMEOUT=120)  # the sitemap waits for story 2
        fetched = [r.path for r in server.requests]

    stats = crawl_stats(result)
    assert stats.get("discovery/depth_limit", 0) >= 1  # story 2's links were not followed
    assert fetched.index(stories[1].path) < fetched.index(stories[2].path)  # and story 3 came after
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}


def _stored(database, title: str) -> bool:
    """Whether the crawl writing ``database`` has stored the article titled ``title`` yet."""
    try:
        return bool(rows(database, "SELECT 1 FROM articles WHERE title = ?", [title]))
    except sqlite3.Error:  # not created, or its tables not yet
        return False


def _html(links: list[str], title: str = "Listing") -> Response:
    items = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return Response(headers={"Content-Type": "text/html; charset=utf-8"},
                    body=f"<!doctype html><html><head><title>{title}</title></head><body><ul>{items}</ul></body></html>")


def test_a_large_sitemap_index_listed_oldest_first_does_not_eat_the_article_budget(tmp_path):
    # 30 daily child sitemaps, oldest first, lastmod as bare dates; one story each. The request
    # budget (12) is less than the sitemaps: they count apart (CRAWL_MAX_SITEMAPS), and children
    # and entries are taken newest first, so the budget goes to the newest stories.
    today = datetime.now(UTC).date()
    site = tmp_path / "site"
    days = [today - timedelta(days=n) for n in range(29, -1, -1)]  # oldest first
    builder = SiteBuilder(site)
    stories = {day: builder.add(Story(path=f"/news/{day:%Y/%m/%d}/daily-story-about-water-{day:%Y%m%d}",
                                       title=f"Daily story of {day:%d %B %Y} about the water talks",
                                       paragraphs=filler(f"daily {day}"))) for day in days}
    for story in stories.values():  # each page links no other story: only the sitemaps find them
        target = site / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(site, stories=[story]).page(story), encoding="utf-8")
    (site / "index.html").write_text("<html><body><h1>Daily</h1></body></html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap-index.xml\n",
                                     encoding="utf-8")
    children = "".join(f"<sitemap><loc>__BASE_URL__/sitemaps/{day:%Y-%m-%d}.xml</loc>"
                       f"<lastmod>{day:%Y-%m-%d}</lastmod></sitemap>" for day in days)
    (site / "sitemap-index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{children}</sitemapindex>", encoding="utf-8")
    (site / "sitemaps").mkdir()
    for day, story in stories.items():
        (site / "sitemaps" / f"{day:%Y-%m-%d}.xml").write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>__BASE_URL__{story.path}</loc><lastmod>{day:%Y-%m-%d}T08:00:00Z</lastmod></url>"
            "</urlset>", encoding="utf-8")
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=12, CONCURRENT_REQUESTS=1,
                            CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    stats = crawl_stats(result)
    sitemaps_fetched = [path for path in fetched if path.startswith("/sitemaps/")]
    assert sitemaps_fetched[:3] == [f"/sitemaps/{day:%Y-%m-%d}.xml" for day in days[::-1][:3]]  # newest first
    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    # 12 requests: robots.txt, the home page and the 10 newest stories
    assert stored == {stories[day].title for day in days[-10:]}
    assert stats.get("discovery/budget_exhausted", 0) >= 1


def test_sitemaps_still_queued_when_the_budget_is_spent_are_not_fetched(tmp_path):
    # An index of 30 daily sitemaps of 20 stories each under a 10-request budget: the newest
    # sitemap's stories spend it. The 29 other sitemaps, queued before any story (priority 20
    # over 10), were all fetched and parsed, their entries refused one by one, before the
    # first story was asked for.
    today = datetime.now(UTC).date()
    site = tmp_path / "site"
    builder = SiteBuilder(site)
    days = [today - timedelta(days=n) for n in range(30)]
    stories = {day: [builder.add(Story(path=f"/news/{day:%Y/%m/%d}/story-{n}-of-the-day-{day:%Y%m%d}",
                                       title=f"Story {n} of {day:%d %B %Y} about the water talks",
                                       paragraphs=filler(f"day {day} {n}"))) for n in range(20)]
               for day in days[:1]}
    for story in stories[days[0]]:
        target = site / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(site, stories=[story]).page(story), encoding="utf-8")
    (site / "index.html").write_text("<html><body><h1>Daily</h1></body></html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap-index.xml\n",
                                     encoding="utf-8")
    children = "".join(f"<sitemap><loc>__BASE_URL__/sitemaps/{day:%Y-%m-%d}.xml</loc>"
                       f"<lastmod>{day:%Y-%m-%d}</lastmod></sitemap>" for day in days)
    (site / "sitemap-index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{children}</sitemapindex>", encoding="utf-8")
    (site / "sitemaps").mkdir()
    for day in days:
        entries = "".join(f"<url><loc>__BASE_URL__/news/{day:%Y/%m/%d}/story-{n}-of-the-day-{day:%Y%m%d}</loc>"
                          f"<lastmod>{day:%Y-%m-%d}T{n:02d}:00:00Z</lastmod></url>" for n in range(20))
        (site / "sitemaps" / f"{day:%Y-%m-%d}.xml").write_text(
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>", encoding="utf-8")
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=10, CONCURRENT_REQUESTS=1,
                            CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    stats = crawl_stats(result)
    sitemaps_fetched = [path for path in fetched if path.startswith("/sitemaps/")]
    assert sitemaps_fetched[0] == f"/sitemaps/{days[0]:%Y-%m-%d}.xml"
    # the newest, and at most the one or two already on their way when its stories spent the budget
    assert len(sitemaps_fetched) <= 3, sitemaps_fetched
    assert stats.get("discovery/sitemap_skipped/budget_exhausted", 0) >= 27
    # robots.txt, the home page and the 8 newest stories of the newest day
    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert stored == {story.title for story in stories[days[0]][-8:]}
    assert len([path for path in fetched if path.startswith("/news/")]) == 8


def test_a_wordpress_sitemap_index_spends_the_budget_on_posts_not_on_tag_and_author_pages(tmp_path):
    # Yoast's index lists its tag, category and author sitemaps beside the posts', all with the
    # latest post's lastmod: their 40 listings, scheduled first, spent a 12-request budget
    # before a single post was scheduled.
    site = tmp_path / "site"
    builder = SiteBuilder(site)
    stories = [builder.add(Story(path=f"/2025/06/02/wire-story-number-{n}/", title=f"Wire story number {n} on the grid",
                                 paragraphs=filler(f"wire {n}"))) for n in range(8)]
    for story in stories:
        target = site / story.path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(site, stories=[story]).page(story), encoding="utf-8")
    (site / "index.html").write_text("<html><body><h1>Wire</h1></body></html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap_index.xml\n",
                                     encoding="utf-8")

    def urlset(paths: list[str]) -> str:
        entries = "".join(f"<url><loc>__BASE_URL__{path}</loc><lastmod>2025-06-02T08:00:00Z</lastmod></url>"
                          for path in paths)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'

    children = {"post_tag-sitemap.xml": [f"/tag/topic-{n}/" for n in range(30)],
                "category-sitemap.xml": [f"/category/section-{n}/" for n in range(5)],
                "author-sitemap.xml": [f"/author/writer-{n}/" for n in range(5)],
                "post-sitemap.xml": [story.path for story in stories]}
    for name, paths in children.items():
        (site / name).write_text(urlset(paths), encoding="utf-8")
    (site / "sitemap_index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>__BASE_URL__/{name}</loc><lastmod>2025-06-02T08:00:00Z</lastmod></sitemap>"
                  for name in children) + "</sitemapindex>", encoding="utf-8")
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=12, CONCURRENT_REQUESTS=1,
                            CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert not [path for path in fetched if path.startswith(("/tag/", "/category/", "/author/"))
                or path in ("/post_tag-sitemap.xml", "/category-sitemap.xml", "/author-sitemap.xml")]
    assert crawl_stats(result).get("discovery/sitemap_taxonomy_skipped") == 3


def test_a_google_xml_sitemaps_index_spends_the_budget_on_posts_not_on_its_taxonomy_pages_and_archives(tmp_path):
    # The "XML Sitemap Generator for Google" plugin names its children sitemap-tax-<taxonomy>.xml,
    # sitemap-pt-<post type>-<month>.xml, sitemap-archives.xml and sitemap-authors.xml; a CMS
    # may keep them in a folder as sitemaps/tags.xml. Only sitemap-authors.xml was known: the
    # tag, category, static page and monthly archive listings, scheduled first, spent a
    # 12-request budget before the posts. The posts' monthly children are the control.
    site = tmp_path / "site"
    stories = [Story(path=f"/2025/06/02/wire-story-number-{n}/", title=f"Wire story number {n} on the grid",
                     paragraphs=filler(f"wire {n}")) for n in range(8)]
    for story in stories:
        target = site / story.path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(site, stories=[story]).page(story), encoding="utf-8")
    (site / "index.html").write_text("<html><body><h1>Wire</h1></body></html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap.xml\n", encoding="utf-8")

    def urlset(paths: list[str]) -> str:
        entries = "".join(f"<url><loc>__BASE_URL__{path}</loc><lastmod>2025-06-02T08:00:00Z</lastmod></url>"
                          for path in paths)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'

    listings = {"sitemap-tax-post_tag.xml": [f"/tag/topic-{n}/" for n in range(20)],
                "sitemap-tax-category.xml": [f"/category/section-{n}/" for n in range(5)],
                "sitemap-pt-page-2025-06.xml": [f"/about-page-{n}/" for n in range(3)],
                "sitemap-archives.xml": [f"/2025/{month:02d}/" for month in range(1, 7)],
                "sitemaps/tags.xml": [f"/tag/keyword-{n}/" for n in range(10)]}
    posts = {"sitemap-pt-post-2025-06.xml": [story.path for story in stories[:5]],
             "sitemap-pt-post-2025-05.xml": [story.path for story in stories[5:]]}
    (site / "sitemaps").mkdir()
    for name, paths in {**listings, **posts}.items():
        (site / name).write_text(urlset(paths), encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>__BASE_URL__/{name}</loc><lastmod>2025-06-02T08:00:00Z</lastmod></sitemap>"
                  for name in [*listings, *posts]) + "</sitemapindex>", encoding="utf-8")
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=12, CONCURRENT_REQUESTS=1,
                            CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert not {path.lstrip("/") for path in fetched} & set(listings)
    assert crawl_stats(result).get("discovery/sitemap_taxonomy_skipped") == len(listings)


def _sitemap_index_site(site, children: dict[str, list[str]], stories: list[Story],
                              lastmods: dict[str, str] | None = None) -> None:
    """A site whose sitemap index (the "XML Sitemap Generator for Google" plugin's, or another's)
    lists ``children`` (name: paths), each with its ``lastmods`` entry or 2025-06-02T08:00:00Z;
    ``stories`` served, the home page linking none of them."""
    for story in stories:
        target = site / story.path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(site, stories=[story]).page(story), encoding="utf-8")
    (site / "index.html").write_text("<html><body><h1>Town news</h1></body></html>", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/sitemap.xml\n", encoding="utf-8")
    for name, paths in children.items():
        entries = "".join(f"<url><loc>__BASE_URL__{path}</loc><lastmod>2025-06-02T08:00:00Z</lastmod></url>"
                          for path in paths)
        (site / name).write_text(
            f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>',
            encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<sitemap><loc>__BASE_URL__/{name}</loc>"
                  f"<lastmod>{(lastmods or {}).get(name, '2025-06-02T08:00:00Z')}</lastmod></sitemap>"
                  for name in children) + "</sitemapindex>", encoding="utf-8")


@pytest.mark.parametrize("with_posts", [False, True])
def test_a_google_xml_sitemaps_index_of_a_site_that_publishes_its_stories_as_pages_is_read(tmp_path, with_posts):
    # A small site that publishes its stories as WordPress pages: the plugin's index lists
    # sitemap-misc.xml (the home page, always there), the pages' monthly children and its
    # category listing, and no sitemap-pt-post-* child. sitemap-misc.xml counted as the "other
    # child" beside the taxonomy ones, so the pages' children were skipped and, the home page
    # linking none of them, no story was stored. Control (with_posts): beside a posts' child the
    # static pages are still skipped, as on a site whose news are posts.
    site = tmp_path / "site"
    pages = [Story(path=f"/council-approves-the-new-market-hall-budget-{n}/",
                   title=f"Council approves the new market hall budget, part {n}", paragraphs=filler(f"market {n}"))
             for n in range(4)]
    posts = [Story(path=f"/2025/06/02/harbour-reopens-after-the-storm-{n}/",
                   title=f"Harbour reopens after the storm, part {n}", paragraphs=filler(f"harbour {n}"))
             for n in range(3)] if with_posts else []
    children = {"sitemap-misc.xml": ["/"],
                "sitemap-tax-category.xml": ["/category/town/"],
                "sitemap-pt-page-2025-06.xml": [story.path for story in pages[:2]],
                "sitemap-pt-page-2025-05.xml": [story.path for story in pages[2:]]}
    if with_posts:
        children["sitemap-pt-post-2025-06.xml"] = [story.path for story in posts]
    _sitemap_index_site(site, children, pages + posts)
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = {r.path for r in server.requests}

    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert "/sitemap-misc.xml" in fetched
    if with_posts:
        assert stored == {s.title for s in posts}
        assert not fetched & {"/sitemap-tax-category.xml", "/sitemap-pt-page-2025-06.xml", "/sitemap-pt-page-2025-05.xml"}
        assert crawl_stats(result).get("discovery/sitemap_taxonomy_skipped") == 3
    else:
        assert stored == {s.title for s in pages}
        assert not crawl_stats(result).get("discovery/sitemap_taxonomy_skipped")


def test_static_page_sitemaps_newer_than_every_post_sitemap_are_read(tmp_path):
    # A small site that once wrote posts and now publishes its stories as WordPress pages: its
    # posts' children end in April, its pages' children run to June. The pages' children,
    # static pages by their name, were skipped beside the posts' and no June story was stored
    # (the home page links none). The tag listing (sitemap-tax-post_tag.xml) is the control:
    # still skipped beside the posts, as caudit's and Yoast's tests keep the static pages
    # skipped when they are no newer than the posts.
    site = tmp_path / "site"
    pages = [Story(path=f"/council-approves-the-new-market-hall-budget-{n}/",
                   title=f"Council approves the new market hall budget, part {n}", paragraphs=filler(f"market {n}"))
             for n in range(4)]
    posts = [Story(path=f"/2025/04/02/harbour-reopens-after-the-storm-{n}/",
                   title=f"Harbour reopens after the storm, part {n}", paragraphs=filler(f"harbour {n}"))
             for n in range(2)]
    children = {"sitemap-misc.xml": ["/"],
                "sitemap-tax-post_tag.xml": [f"/tag/topic-{n}/" for n in range(5)],
                "sitemap-pt-post-2025-04.xml": [story.path for story in posts],
                "sitemap-pt-page-2025-06.xml": [story.path for story in pages[:2]],
                "sitemap-pt-page-2025-05.xml": [story.path for story in pages[2:]]}
    lastmods = {"sitemap-pt-post-2025-04.xml": "2025-04-28T08:00:00Z", "sitemap-pt-page-2025-05.xml": "2025-05-30T08:00:00Z"}
    _sitemap_index_site(site, children, pages + posts, lastmods)
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = {r.path for r in server.requests}

    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in pages + posts}
    assert "/sitemap-tax-post_tag.xml" not in fetched and not [path for path in fetched if path.startswith("/tag/")]
    assert crawl_stats(result).get("discovery/sitemap_taxonomy_skipped") == 1


def test_an_archives_sitemap_of_another_generator_lists_old_articles_and_is_read(tmp_path):
    # Outside the "XML Sitemap Generator for Google" plugin, whose sitemap-archives.xml lists
    # monthly archive pages, a news CMS's sitemap-archives.xml lists its older articles beside
    # sitemap-news.xml's latest ones. It was skipped by its name, and the back catalogue (which
    # the home page no longer links) with it. Control: in caudit's test of the plugin's index
    # (sitemap-pt-post-*, sitemap-tax-*) sitemap-archives.xml is still skipped.
    site = tmp_path / "site"
    latest = [Story(path=f"/news/2025/06/02/harbour-reopens-after-the-storm-{n}/",
                    title=f"Harbour reopens after the storm, part {n}", paragraphs=filler(f"harbour {n}"))
              for n in range(2)]
    older = [Story(path=f"/news/2024/11/0{n + 1}/council-approves-the-market-hall-budget-{n}/",
                   title=f"Council approves the market hall budget, part {n}", paragraphs=filler(f"market {n}"))
             for n in range(3)]
    _sitemap_index_site(site, {"sitemap-news.xml": [story.path for story in latest],
                                     "sitemap-archives.xml": [story.path for story in older]},
                              latest + older, {"sitemap-archives.xml": "2024-11-30T08:00:00Z"})
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)

    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in latest + older}
    assert not crawl_stats(result).get("discovery/sitemap_taxonomy_skipped")


def test_a_crawl_goes_breadth_first_so_every_section_comes_before_the_tag_pages(tmp_path):
    # Scrapy's default LIFO queue went depth-first: the last section's tag pages, their tag
    # pages and so on, before the other sections were fetched (probe: the home page's section
    # links at request 3,088 of 3,111).
    site = tmp_path / "site"
    site.mkdir()
    sections = ["/news/", "/sport/", "/world/", "/economy/"]
    with FixtureServer(site) as server:
        server.add_handler("/", lambda ctx: _html(sections, "Home"))
        for section in sections:
            name = section.strip("/")
            server.add_handler(section, lambda ctx, name=name: _html(
                [f"/tag/{name}-{n}/" for n in range(5)] + [f"/{name}/page/2/"]))
            server.add_handler(f"/{name}/page/2/", lambda ctx: _html([]))
        server.add_handler("/tag/*", lambda ctx: _html(
            [f"{ctx.path.rstrip('/')}-{n}/" for n in range(3)]))
        (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_MAX_REQUESTS=40, CONCURRENT_REQUESTS=1,
                   CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    assert set(sections) <= set(fetched)
    first_tag = min(fetched.index(path) for path in fetched if path.startswith("/tag/"))
    assert max(fetched.index(section) for section in sections) < first_tag
    # every section's page 2 (depth 2) before any tag page's tag page (depth 3)
    second_pages = [fetched.index(f"/{s.strip('/')}/page/2/") for s in sections]
    deeper_tags = [i for i, path in enumerate(fetched) if path.startswith("/tag/") and path.count("-") >= 2]
    assert deeper_tags and max(second_pages) < min(deeper_tags)


def test_links_are_requested_as_written_with_their_trailing_slash(tmp_path):
    # A server that answers 404 to the slashless form (and WordPress, which answers 301):
    # /slug/ was requested as /slug, its canonical form, and the article was lost.
    site = tmp_path / "site"
    builder = SiteBuilder(site, homepage_links=["/2025/06/02/water-deal-signed-in-amman/#comments",
                                                "/2025/06/02/water-deal-signed-in-amman/?utm_source=x"])
    story = builder.add(Story(path="/2025/06/02/water-deal-signed-in-amman/",
                              title="Water deal signed in Amman after long talks",
                              paragraphs=filler("water deal"), lastmod=None))
    builder.write()

    def slash_only(ctx):
        if not ctx.path.endswith("/"):
            return Response(status=404, headers={"Content-Type": "text/html"}, body="<h1>Not found</h1>")
        return ctx.default_response()

    with FixtureServer(site) as server:
        server.add_handler("/2025/*", slash_only)
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests if r.path.startswith("/2025/")]

    assert fetched == [story.path]  # once, as linked: no fragment, no tracking parameter
    [article] = rows(database, "SELECT url, canonical_url FROM articles")
    assert article["url"].endswith(story.path)  # where it was fetched from
    assert article["canonical_url"].endswith(story.path.rstrip("/"))  # the canonical key, as before


def test_files_utility_print_share_and_reply_links_are_not_fetched_as_listings(tmp_path):
    site = tmp_path / "site"
    article = "/2025/06/02/water-deal-signed-in-amman/"
    traps = ["/files/report.pdf", "/uploads/photo.jpg", "/app/news.apk", "/about/", "/contact-us/",
             "/privacy-policy/", f"/wp-login.php?redirect_to={article}", f"/share?url={article}",
             f"{article}print/", "/news/"]
    builder = SiteBuilder(site, homepage_links=[*traps, article, f"{article}?replytocom=12",
                                                f"{article}?print=1"])
    builder.add(Story(path=article, title="Water deal signed in Amman after long talks",
                      paragraphs=filler("water deal"), lastmod=None))
    builder.write()
    (site / "news").mkdir(exist_ok=True)
    (site / "news" / "index.html").write_text("<html><body><h1>News</h1></body></html>", encoding="utf-8")
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False,
                            AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    assert fetched.count(article) == 1 and "/news/" in fetched  # the article and the real section
    assert not [path for path in fetched if path.split("?")[0] in [t.split("?")[0] for t in traps[:-1]]]
    assert not [path for path in fetched if "replytocom" in path or "print" in path]
    stats = crawl_stats(result)
    assert stats["discovery/link_skipped/media"] == 3 and stats["discovery/link_skipped/print"] == 1
    assert len(rows(database, "SELECT url FROM articles")) == 1


def test_articles_three_sitemap_indexes_down_are_fetched_within_the_depth_limit(tmp_path):
    # robots.txt -> index -> index -> index -> urlset -> article: sitemap hops counted as depth,
    # so with DEPTH_LIMIT=4 the urlset's entries were never requested.
    site = tmp_path / "site"
    builder = SiteBuilder(site)
    story = builder.add(Story(path="/news/2025/06/02/nested-sitemap-story-about-water",
                              title="Nested sitemap story about the water talks",
                              paragraphs=filler("nested sitemap"), lastmod=None))
    builder.write()
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: __BASE_URL__/index-1.xml\n",
                                     encoding="utf-8")
    for level in (1, 2, 3):
        child = f"index-{level + 1}.xml" if level < 3 else "urlset.xml"
        (site / f"index-{level}.xml").write_text(
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>__BASE_URL__/{child}</loc></sitemap></sitemapindex>", encoding="utf-8")
    (site / "urlset.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>__BASE_URL__{story.path}</loc></url></urlset>", encoding="utf-8")
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=4, CRAWL_GUESS_SITEMAPS=False,
                   AUTOTHROTTLE_ENABLED=False)
        fetched = [r.path for r in server.requests]

    assert "/urlset.xml" in fetched and story.path in fetched
    assert [r["title"] for r in rows(database, "SELECT title FROM articles")] == [story.title]


def test_a_language_edition_linked_only_from_the_head_is_crawled(tmp_path):
    # A trilingual site: the story's French edition is reachable only through the hreflang
    # alternate in the English page's <head>.
    from tests.sitegen import SiteBuilder, Story, filler
    from crawler.fixture_server import FixtureServer
    from tests.conftest import rows, run_scrapy

    french = Story("/fr/actualites/2025/06/02/accord-sur-l-eau-signe", "Accord sur l'eau signé",
                   ["Les deux pays ont signé lundi un accord sur le partage de l'eau du fleuve, a annoncé le "
                    "ministère, après des années de négociations difficiles entre les délégations.",
                    "Le texte prévoit un volume minimal garanti chaque été et la création d'une commission mixte "
                    "chargée de surveiller les débits et de régler les différends entre les deux capitales.",
                    "Les agriculteurs de la vallée, qui dépendent du fleuve pour l'irrigation, ont salué la "
                    "nouvelle tout en demandant des précisions sur le calendrier des premiers lâchers d'eau.",
                    "Selon des experts, l'accord pourrait servir de modèle à d'autres pays de la région confrontés "
                    "à la baisse des précipitations et à la hausse de la demande des villes."], lang="fr")
    site = SiteBuilder(tmp_path / "site")
    site.add(Story("/en/news/2025/06/02/water-deal-signed", "Water deal signed", filler("water deal"),
                   lastmod="2025-06-02T10:00:00+03:00",
                   extra_head=f'<link rel="alternate" hreflang="fr" href="{french.path}">'))
    site.write()
    target = site.root / french.path.lstrip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SiteBuilder(site.root, stories=[french]).page(french), encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        result = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"],
                            settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": "False"})
    assert result.returncode == 0, result.stderr[-3000:]
    stored = {r["title"]: r["language"] for r in rows(database, "SELECT title, language FROM articles")}
    assert stored == {"Water deal signed": "en", "Accord sur l'eau signé": "fr"}


def test_a_section_paged_only_by_next_links_is_read_to_its_last_page(tmp_path):
    # Home -> /news/ -> /news/page/2/ -> … -> /news/page/6/, each page listing two stories and
    # linking only the next page: under DEPTH_LIMIT 4 every "next" hop counted as one level
    # deeper, and the stories of pages 4 to 6 were never found.
    root = tmp_path / "site"
    stories = [Story(f"/news/2025/06/{i + 1:02d}/story-number-{i + 1}-of-the-section",
                     f"Story number {i + 1} of the section", filler(f"section story {i + 1}")) for i in range(12)]
    for story in stories:  # each page on its own: no "related" list linking the other stories
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
    for page in range(1, 7):
        own = stories[(page - 1) * 2:page * 2]
        links = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in own)
        more = f'<a class="next" href="/news/page/{page + 1}/">التالي</a>' if page < 6 else ""
        folder = root / ("news" if page == 1 else f"news/page/{page}")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(f"<html><body><h1>News</h1><ul>{links}</ul>{more}</body></html>",
                                           encoding="utf-8")
    (root / "index.html").write_text('<html><body><a href="/news/">News</a></body></html>', encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=4, CRAWL_GUESS_SITEMAPS=False)
    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert stored == {s.title for s in stories}


@pytest.mark.parametrize(("first", "pager"), [
    ("/Section.aspx?id=5", "/Section.aspx?id=5&PageIndex={n}"),
    ("/list.php?cat=3", "/list.php?cat=3&pn={n}"),
    ("/default.aspx?tabid=7", "/default.aspx?tabid=7&currentpage={n}"),
    ("/news/", "/news/page-{n}"),
])
def test_a_section_paged_by_an_aspnet_or_php_pager_is_read_to_its_last_page(tmp_path, first, pager):
    # ?PageIndex=, ?pn=, ?currentpage= and /page-N were not known as pagers: each page was a new
    # listing one level deeper, and DEPTH_LIMIT cut the section at its third page
    root = tmp_path / "site"
    stories = [Story(f"/news/2025/06/{i + 1:02d}/story-number-{i + 1}-of-the-section",
                     f"Story number {i + 1} of the section", filler(f"section story {i + 1}")) for i in range(7)]
    for story in stories:
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
    pages = {first.rstrip("/"): 1} | {pager.format(n=n): n for n in range(2, len(stories) + 1)}

    def answer(ctx):
        number = pages.get((ctx.path + (f"?{ctx.query}" if ctx.query else "")).rstrip("/"))
        if number is None:
            return Response(404, {"Content-Type": "text/html"}, b"not found")
        story = stories[number - 1]
        more = f'<a class="next" href="{pager.format(n=number + 1)}">Next</a>' if number < len(stories) else ""
        return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                        f'<html><body><h1>News</h1><ul><li><a href="{story.path}">{story.title}</a></li></ul>'
                        f"{more}</body></html>".encode())

    (root / "index.html").write_text(f'<html><body><a href="{first}">News</a></body></html>', encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        for url in pages:
            server.add_handler(urlsplit(url).path, answer)
            server.add_handler(urlsplit(url).path + "/", answer)
        crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=3, CRAWL_GUESS_SITEMAPS=False)
    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert stored == {s.title for s in stories}


def test_a_listings_later_pages_are_capped(tmp_path):
    # An endless pager (every page links the next, and shows a link no page showed before)
    # stops at CRAWL_MAX_LISTING_PAGES pages followed at the same depth, then DEPTH_LIMIT bounds
    # the rest.
    root = tmp_path / "site"
    (root / "news").mkdir(parents=True)
    (root / "index.html").write_text('<html><body><a href="/news/">News</a></body></html>', encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "news" / "index.html").write_text('<html><body><a href="/news?page=2">next</a></body></html>',
                                              encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        def pager(ctx):
            page = int(dict(parse_qsl(ctx.query)).get("page", "1"))
            return Response(status=200, headers={"Content-Type": "text/html"},
                            body=f'<html><body><a href="/topics/topic-{page}/">a topic</a>'
                                 f'<a href="/news?page={page + 1}">next</a></body></html>'.encode())
        server.add_handler("/news", pager)
        for page in range(1, 20):
            server.add_handler(f"/topics/topic-{page}/", lambda ctx: _html([], "A topic"))
        result = crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=3, CRAWL_GUESS_SITEMAPS=False,
                            CRAWL_MAX_LISTING_PAGES=5)
        pages = [r.path for r in server.requests if r.path.startswith("/news?page=")]
    assert crawl_stats(result).get("discovery/listing_pages_capped", 0) >= 1
    assert 5 <= len(pages) <= 5 + 3  # the capped pages, then at most DEPTH_LIMIT more levels


def test_a_link_taken_for_a_section_is_fetched_as_an_article_when_the_feed_names_it(tmp_path):
    # /fr/article/bank-deal on the home page has no article signal (two segments, a short slug)
    # and is scheduled as a listing; the feed, read after the home page, names it as an item.
    # One more request, as an article; a listing is never asked for again as a listing.
    site = SiteBuilder(tmp_path / "site", feed=True, homepage_links=["/fr/article/bank-deal"])
    story = site.add(Story("/fr/article/bank-deal", "La banque centrale relève son taux directeur",
                           filler("bank deal"), lang="fr", lastmod=None))
    site.write()
    # A page that does not declare itself an article (no article:published_time, og:type or
    # JSON-LD article): one that does is extracted when fetched as a listing already.
    page = site.root / story.path.lstrip("/") / "index.html"
    page.write_text(re.sub(r'<meta property="article:published_time"[^>]*>', "", page.read_text("utf-8")),
                    encoding="utf-8")
    with FixtureServer(site.root) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = [r.path.rstrip("/") for r in server.requests]

    assert fetched.count(story.path) == 2  # as a listing from the home page, then as the feed's article
    assert crawl_stats(result)["discovery/listing_upgraded"] == 1
    assert [r["title"] for r in rows(database, "SELECT title FROM articles")] == [story.title]


def test_short_slugs_with_an_id_and_entries_without_a_listing_marker_in_a_sitemap_are_articles(tmp_path):
    # A Drupal site's sitemap: /fr/article/bank-al-maghrib-908 (a short slug, a 3-digit id) and
    # /fr/economie/le-dirham-recule (two segments, no id) were taken for sections and sent to
    # parse_listing, and never stored. A tag page, a taxonomy term, a one-word section and a
    # video page listed there stay listings.
    site = SiteBuilder(tmp_path / "site")
    with_id = site.add(Story("/fr/article/bank-al-maghrib-908", "Bank Al-Maghrib maintient son taux",
                             filler("bank al maghrib"), lang="fr", lastmod="2025-06-02T10:00:00+01:00"))
    short = site.add(Story("/fr/economie/le-dirham-recule", "Le dirham recule face à l'euro",
                           filler("dirham euro"), lang="fr", lastmod="2025-06-02T09:00:00+01:00"))
    site.write()
    listings = ["/fr/tag/banques", "/fr/taxonomy/term/45", "/fr/economie", "/fr/video/bank-al-maghrib-explique-912"]
    for path in listings:
        (site.root / path.lstrip("/")).mkdir(parents=True, exist_ok=True)
        (site.root / path.lstrip("/") / "index.html").write_text(
            f'<html><body><h1>Banques</h1><a href="{with_id.path}">{with_id.title}</a></body></html>',
            encoding="utf-8")
    entries = "".join(f"<url><loc>__BASE_URL__{path}</loc><lastmod>2025-06-02T08:00:00+01:00</lastmod></url>"
                      for path in [with_id.path, short.path, *listings])
    (site.root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n', encoding="utf-8")
    with FixtureServer(site.root) as server:
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = [r.path.rstrip("/") for r in server.requests]

    stored = {r["url"].split("/", 3)[3].rstrip("/") for r in rows(database, "SELECT url FROM articles")}
    assert stored == {with_id.path.lstrip("/"), short.path.lstrip("/")}
    assert all(fetched.count(path) == 1 for path in listings)  # fetched, as listings, not stored


def test_an_article_linked_with_and_without_www_over_http_and_https_is_fetched_once(tmp_path):
    # Old stories hard-code http://, new ones https://; the sitemap names the bare host, the menu
    # www.: each spelling was scheduled on its own (the "already scheduled" key kept the scheme and
    # www.), so every article was fetched two or three times, its copies stored as unchanged.
    # The fixture server is the crawl's HTTP proxy, so every host name reaches it (no DNS, no
    # network: it answers on 127.0.0.1, and says which host was asked); it cannot tunnel https.
    host = "gulf-courier.test"
    site = SiteBuilder(tmp_path / "site")
    stories = [site.add(Story(f"/news/2025/06/0{n}/port-capacity-story-number-{n}", f"Port capacity story {n}",
                              filler(f"port capacity {n}"), lastmod=None)) for n in range(1, 5)]
    spellings = [f"http://www.{host}{{}}", f"http://{host}{{}}", f"HTTP://WWW.{host.upper()}{{}}",
                 f"https://www.{host}{{}}", f"//{host}{{}}", f"https://{host}{{}}/"]
    site.homepage_links = [spelling.format(story.path) for story in stories for spelling in spellings]
    root = site.write()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        proxy = {"http_proxy": server.base_url, "https_proxy": server.base_url, "no_proxy": "",
                 "HTTP_PROXY": server.base_url, "HTTPS_PROXY": server.base_url, "NO_PROXY": ""}
        result = run_scrapy(["crawl", "site", "-a", f"url=http://www.{host}/"], env=proxy,
                            settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": "False"})
        asked = [(r.host, urlsplit(r.path).path) for r in server.requests]
    assert result.returncode == 0, result.stderr[-3000:]
    assert {asked_host for asked_host, _ in asked} <= {host, f"www.{host}"}
    for story in stories:
        assert [path for _, path in asked].count(story.path) == 1, story.path
    # no https attempt either (the menu's /news/ and /sport/ are 404s of the fixture)
    assert rows(database, "SELECT url, kind FROM fetch_errors WHERE url LIKE '%port-capacity%'") == []
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}


def test_a_story_first_linked_over_a_broken_https_is_fetched_over_http(tmp_path):
    # The site answers http only: its https handshake fails (the fixture server does not speak TLS
    # on its port). The home page links two stories with https://, the section page with http://.
    # The https spelling was the one asked (http/https are one URL for the crawl), it failed after
    # its retries and the http links were skipped as already asked: both stories were lost. Now
    # the http spelling is asked once the https one failed before any answer; where that fails too
    # (the server closes the connection), the https URL's fetch error names both.
    site = SiteBuilder(tmp_path / "site")
    stories = [site.add(Story(f"/news/2025/06/0{n}/broken-https-story-number-{n}", f"Broken https story {n}",
                              filler(f"broken https {n}"), lastmod=None)) for n in (1, 2)]
    root = site.write()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "news" / "index.html").write_text(
        "<html><body>" + "".join(f'<a href="{s.path}">{s.title}</a>' for s in stories) + "</body></html>",
        encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        server.add_handler(stories[1].path, lambda ctx: ctx.connection.close())  # no answer over http either
        https = server.base_url.replace("http://", "https://")
        (root / "index.html").write_text(
            "<html><body>" + "".join(f'<a href="{https}{s.path}">{s.title}</a>' for s in stories)
            + '<a href="/news/">News</a></body></html>', encoding="utf-8")
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, RETRY_TIMES=1)
        asked = [r.path for r in server.requests]
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {stories[0].title}
    assert asked.count(stories[0].path) == 1  # the http spelling (the https attempts are no HTTP requests)
    errors = rows(database, "SELECT url, kind, message FROM fetch_errors WHERE url LIKE '%broken-https%'")
    assert [(e["url"], e["kind"]) for e in errors] == [(https + stories[1].path, "connection")]
    assert f"as {server.base_url}{stories[1].path}; as {https}{stories[1].path} first: " in errors[0]["message"]
    assert crawl_stats(result)["scheme_fallback/requests"] == 2


def test_print_comment_and_send_pages_before_the_id_in_any_language_are_not_fetched(tmp_path):
    # A Drupal site links /print/10271, /printmail/10271 and /comment/5011 from every story; a
    # French one /imprimer/305500, /envoyer-a-un-ami/305500, /commentaires/305500 and
    # /partager?url=…; an Arabic one /ar/طباعة/48100 and /ar/ارسل-لصديق/48100. Each answered
    # (200, the story again, or 404) and was fetched as an article for its id.
    site = tmp_path / "site"
    article = "/fr/actualites/le-wali-inaugure-un-nouveau-port-a-oran-305500.html"
    forms = ["/print/10271", "/print/node/10271", "/printmail/10271", "/comment/5011", "/fr/imprimer/305500",
             "/fr/envoyer-a-un-ami/305500", "/fr/commentaires/305500", f"/fr/partager?url={article}",
             "/ar/طباعة/48100", "/ar/ارسل-لصديق/48100"]
    builder = SiteBuilder(site, homepage_links=[article, *forms])
    builder.add(Story(path=article, title="Le wali inaugure un nouveau port à Oran",
                      paragraphs=filler("port oran"), lang="fr", lastmod=None))
    builder.write()
    with FixtureServer(site) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, AUTOTHROTTLE_ENABLED=False)
        fetched = [unquote(r.path) for r in server.requests]

    assert not set(fetched) & set(forms), fetched
    assert fetched.count(article) == 1
    stats = crawl_stats(result)
    assert stats["discovery/link_skipped/print"] == 4 and stats["discovery/link_skipped/utility"] >= 6
    assert len(rows(database, "SELECT url FROM articles")) == 1


def test_a_joomla_site_without_sef_urls_has_its_articles_stored_and_its_category_blogs_not(tmp_path):
    # Joomla links an article as index.php?option=com_content&view=article&id=2310:alias&catid=…,
    # a category blog (its articles' intro texts) as view=category&id=101, and gives every
    # article a print popup (&tmpl=component&print=1) and an "e-mail this" form (com_mailto).
    # The id:alias links were fetched as listings and never stored, the category blogs stored
    # as articles, the popups and forms fetched.
    root = tmp_path / "site"
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /administrator/\n", encoding="utf-8")
    stories = {2310 + n: Story(f"/index.php?option=com_content&view=article&id={2310 + n}", f"The minister receives "
                               f"delegation number {n}", filler(f"joomla delegation {n}")) for n in range(6)}
    home = "index.php?option=com_content"

    def article_link(article_id):
        return f"/{home}&amp;view=article&amp;id={article_id}:the-minister-receives-delegation-{article_id}&amp;catid=101&amp;Itemid=45"

    def page(ctx):
        query = dict(parse_qsl(ctx.query))
        if query.get("option") == "com_content" and query.get("view") == "article":
            article_id = int(query["id"].split(":")[0])
            story = stories[article_id]
            tools = (f'<a href="{article_link(article_id)}&amp;tmpl=component&amp;print=1&amp;layout=default&amp;page=">Print</a>'
                     f' <a href="/index.php?option=com_mailto&amp;tmpl=component&amp;link=x{article_id}">Email</a>')
            html = SiteBuilder(root, stories=[story]).page(story).replace("</article>", tools + "</article>")
            return Response(200, {"Content-Type": "text/html; charset=utf-8"}, html)
        if query.get("view") == "category":  # a blog: every article's title, intro text and "Read more"
            blog = "".join(f'<div class="item"><h2><a href="{article_link(i)}">{s.title}</a></h2><p>{s.paragraphs[0]}</p>'
                           f'<a href="{article_link(i)}">Read more</a></div>' for i, s in stories.items())
            return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                            f"<html><head><title>Politics</title></head><body><div class='blog'>{blog}</div></body></html>")
        if query.get("option"):
            return Response(200, {"Content-Type": "text/html; charset=utf-8"}, "<html><body><form>E-mail</form></body></html>")
        return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                        f'<html><body><a href="/{home}&amp;view=category&amp;id=101&amp;Itemid=46">Politics</a></body></html>')

    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        server.add_handler("/", page)
        server.add_handler("/index.php", page)
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = [r.path for r in server.requests]
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories.values()}
    assert not [path for path in asked if "tmpl=component" in path or "com_mailto" in path]
    assert crawl_stats(result)["discovery/link_skipped/print"] == len(stories)


def _write_stories(root, stories) -> None:
    for story in stories:  # each page on its own: no "related" list linking the other stories
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")


def test_a_pager_that_shows_nothing_new_is_not_followed_further_while_a_real_archive_is_walked(tmp_path):
    # Three pagers on one site, every page of each linking its next one:
    # - /news?page=N: a real archive of pages 1-4 with two new stories each; past its end, every
    #   page answers page 4's stories again (a CMS that clamps N to its last page);
    # - /sport/ and its "load more" endpoint /ajax/more?start=N, which answers the first items
    #   again whatever N (an infinite-scroll endpoint that ignores its parameter);
    # - /culture/page/N/: every page the same stories as the first.
    # Each was walked to CRAWL_MAX_LISTING_PAGES (or, for the "load more" endpoint, not taken for
    # a pager, to DEPTH_LIMIT); now a later page that shows no link met before ends its pager.
    root = tmp_path / "site"
    archive = [Story(f"/news/2025/05/{i + 1:02d}/archived-news-story-number-{i + 1}",
                     f"Archived news story number {i + 1}", filler(f"archived news {i + 1}")) for i in range(8)]
    sport = [Story(f"/sport/2025/05/{i + 1:02d}/sport-story-number-{i + 1}", f"Sport story number {i + 1}",
                   filler(f"sport story {i + 1}")) for i in range(2)]
    culture = [Story(f"/culture/2025/05/{i + 1:02d}/culture-story-number-{i + 1}", f"Culture story number {i + 1}",
                     filler(f"culture story {i + 1}")) for i in range(2)]
    _write_stories(root, archive + sport + culture)
    menu = '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport/">Sport</a></nav>'

    def listing(stories, more: str) -> Response:
        items = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in stories)
        return Response(headers={"Content-Type": "text/html; charset=utf-8"},
                        body=f"<html><body>{menu}<ul>{items}</ul>{more}</body></html>")

    def news(ctx):
        page = int(dict(parse_qsl(ctx.query)).get("page", "1"))
        shown = min(page, 4)  # past the last page, the last page again
        return listing(archive[(shown - 1) * 2:shown * 2], f'<a class="next" href="/news?page={page + 1}">Next</a>')

    def load_more(ctx):
        start = int(dict(parse_qsl(ctx.query)).get("start", "0"))
        return listing(sport, f'<a class="load-more" href="/ajax/more?start={start + 10}">Load more</a>')

    def culture_pages(ctx):
        parts = ctx.path.strip("/").split("/")
        page = int(parts[-1]) if len(parts) == 3 else 1
        return listing(culture, f'<a href="/culture/page/{page + 1}/">Older</a>')

    (root / "index.html").write_text(f'<html><body>{menu}<a href="/culture/">Culture</a></body></html>',
                                     encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        server.add_handler("/news", news)
        server.add_handler("/sport/", lambda ctx: listing(sport, '<a href="/ajax/more?start=10">Load more</a>'))
        server.add_handler("/ajax/more", load_more)
        server.add_handler("/culture/", culture_pages)
        for page in range(2, 40):
            server.add_handler(f"/culture/page/{page}/", culture_pages)
        result = crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=6, CRAWL_GUESS_SITEMAPS=False,
                            CRAWL_MAX_LISTING_PAGES=30)
        asked = [r.path for r in server.requests]

    stored = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert stored == {s.title for s in archive + sport + culture}
    # pages 2-4 of the archive showed new stories; page 5 (page 4 again) showed none: no page 6
    assert sorted(p for p in asked if p.startswith("/news?page=")) == [f"/news?page={n}" for n in (2, 3, 4, 5)]
    # the "load more" endpoint's first answer showed the section's stories again: not asked again
    assert [p for p in asked if p.startswith("/ajax/more")] == ["/ajax/more?start=10"]
    assert [p for p in asked if p.startswith("/culture/page/")] == ["/culture/page/2/"]
    assert crawl_stats(result).get("discovery/listing_pages_stale") == 3


def test_a_pager_page_whose_stories_were_met_only_in_articles_related_boxes_is_still_new(tmp_path):
    # A small archive, /news?page=1..3, two stories a page, page 4 and on its last page again.
    # The two stories of page 1 each carry a "Related stories" box that links the two stories of
    # page 2, and page 2 answers slowly, so those articles are parsed before it: page 2 then
    # shows no link the crawl had not met, but none that a listing had shown. Its next pages
    # are walked and page 3's stories are stored; the pager ends where it repeats itself.
    root = tmp_path / "site"
    stories = [Story(f"/news/2025/05/{i + 1:02d}/archive-story-number-{i + 1}",
                     f"Archive story number {i + 1}", filler(f"archive story {i + 1}")) for i in range(6)]
    related = SiteBuilder(root, stories=stories[:4])
    for story in stories[:2]:
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(related.page(story), encoding="utf-8")
    _write_stories(root, stories[2:])

    def news(ctx):
        page = int(dict(parse_qsl(ctx.query)).get("page", "1"))
        if page == 2:
            time.sleep(1.5)
        shown = stories[(min(page, 3) - 1) * 2:min(page, 3) * 2]
        items = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in shown)
        return Response(headers={"Content-Type": "text/html; charset=utf-8"},
                        body=f'<html><body><ul>{items}</ul><a class="next" href="/news?page={page + 1}">Next</a>'
                             "</body></html>")

    (root / "index.html").write_text('<html><body><a href="/news">News</a></body></html>', encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        server.add_handler("/news", news)
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = [r.path for r in server.requests]

    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert sorted(p for p in asked if p.startswith("/news?page=")) == [f"/news?page={n}" for n in (2, 3, 4)]
    assert crawl_stats(result).get("discovery/listing_pages_stale") == 1
