"""Real crawls of fixture sites with inputs that used to lose articles: links written with a bare
"&" before a parameter that starts like an old HTML entity, a news sitemap larger than the page
size limit, and an article that refreshes itself every minute."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, rows
from tests.sitegen import SiteBuilder, Story, filler


def _stored_titles(database) -> set[str]:
    return {r["title"] for r in rows(database, "SELECT title FROM articles")}


def test_links_with_a_bare_ampersand_before_entity_like_parameters_are_followed_as_written(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/article.php", "Gulf grid link approved", filler("gulf grid")))
    site.homepage_links = ["/article.php?id=1234&region=gulf", "/article.php?id=1234&section=world&copy=2"]
    root = site.write()
    with FixtureServer(root) as server:
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = {r.path for r in server.requests}
    queries = {frozenset(parse_qsl(urlsplit(path).query)) for path in asked if path.startswith("/article.php")}
    assert queries == {frozenset({("id", "1234"), ("region", "gulf")}),
                       frozenset({("id", "1234"), ("section", "world"), ("copy", "2")})}
    assert story.title in _stored_titles(database)


def test_a_news_sitemap_larger_than_the_page_size_limit_is_read(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    stories = [site.add(Story(f"/news/2025/06/0{i}/story-{i}", f"Story number {i} of the sitemap",
                              filler(f"sitemap story {i}"), lastmod="2025-06-02")) for i in range(1, 4)]
    root = site.write()
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    # 60 KB of comments: over the 20 KB page limit set below, well under CRAWL_SITEMAP_MAX_SIZE
    (root / "sitemap.xml").write_text(sitemap.replace("<urlset", "<!--" + "x" * 60_000 + "-->\n<urlset", 1),
                                      encoding="utf-8")
    with FixtureServer(root) as server:
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, DOWNLOAD_MAXSIZE=20_000)
    assert _stored_titles(database) == {s.title for s in stories}
    assert rows(database, "SELECT url FROM fetch_errors WHERE url LIKE '%sitemap%'") == []


def test_an_article_that_refreshes_itself_every_minute_is_stored(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    live = site.add(Story("/news/2025/06/02/live-election-results", "Live election results",
                          filler("election results")))
    live.extra_head = '<meta http-equiv="refresh" content="60; url=__BASE_URL__/news/2025/06/02/live-election-results">'
    site.homepage_links = [live.path]
    root = site.write()
    with FixtureServer(root) as server:
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    assert _stored_titles(database) == {live.title}
    assert rows(database, "SELECT kind FROM fetch_errors WHERE url LIKE '%live-election%'") == []
