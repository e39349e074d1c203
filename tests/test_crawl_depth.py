"""Depth limit and discovery order: a URL first met as a link too deep to follow is still
fetched when a sitemap lists it later."""

from __future__ import annotations

from dataclasses import replace

from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, crawl_stats, rows
from tests.test_resume import build_chain_site


def test_an_article_linked_beyond_the_depth_limit_is_still_fetched_from_the_sitemap(tmp_path):
    # / -> story 1 -> story 2 -> story 3, each linked only from the one before; the sitemap
    # lists story 3 but answers slowly, so the crawl meets story 3 first as a link on story 2,
    # one level beyond DEPTH_LIMIT=2 (robots.txt -> sitemap -> story 3 is within it).
    site = tmp_path / "site"
    stories = build_chain_site(site, 3)
    with FixtureServer(site) as server:
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{server.base_url}{stories[2].path}</loc></url></urlset>", encoding="utf-8")
        (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {server.base_url}/sitemap.xml\n",
                                         encoding="utf-8")
        server.add_handler("/sitemap.xml", lambda ctx: replace(ctx.default_response(), delay=2.0))
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, DEPTH_LIMIT=2, CRAWL_GUESS_SITEMAPS=False)
        fetched = [r.path for r in server.requests]

    stats = crawl_stats(result)
    assert stats.get("discovery/depth_limit", 0) >= 1  # story 2's links were not followed
    assert fetched.index(stories[1].path) < fetched.index(stories[2].path)  # and story 3 came after
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
