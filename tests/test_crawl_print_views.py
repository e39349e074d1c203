"""A print view named by its script or path word (``PrintNews.aspx?id=``, ``/printarticle/N``,
``NewsPrint.aspx?id=``, ``/article-print/N``) is never requested, so it can never be stored in the
article's place when it is linked first; words that only contain "print" stay pages."""

from __future__ import annotations

import pytest

from crawler.discovery import link_skip_reason
from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler


def test_print_views_linked_before_their_articles_are_not_requested_and_the_articles_are_stored(tmp_path):
    # Before: /PrintNews.aspx?id=4521, linked first, was fetched and stored as the article (the
    # same text without a canonical); the article's own page then became its exact copy.
    root = tmp_path / "site"
    root.mkdir()
    routes = {}
    stories = [Story("/News/Details.aspx?id=4521", "Parliament passes the new water law", filler("water law")),
               Story("/article/98765", "Phosphate exports rise sharply in May", filler("phosphate"))]
    prints = ["/PrintNews.aspx?id=4521", "/printarticle/98765", "/NewsPrint.aspx?id=4521", "/article-print/98765"]
    for n, story in enumerate(stories):
        html = SiteBuilder(root, stories=[story]).page(story)
        (root / f"_story{n}.html").write_text(html, encoding="utf-8")
        routes[story.path] = f"_story{n}.html"
        for view in prints[n::2]:
            routes[view] = f"_story{n}.html"  # the same text, no canonical: a bare print template
    links = "".join(f'<a href="{href}">{href}</a>' for href in prints + [s.path for s in stories])
    (root / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root, routes=routes) as server:
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = server.requested_paths()
    stored = sorted("/" + r["url"].split("/", 3)[3] for r in rows(database, "SELECT url FROM articles"))
    assert stored == sorted(s.path for s in stories)
    assert not set(prints) & set(fetched)
    assert crawl_stats(result)["discovery/link_skipped/print"] == len(prints)


@pytest.mark.parametrize("path", ["/PrintNews.aspx?id=4521", "/NewsPrint.aspx?id=4521", "/printarticle/98765",
                                  "/article-print/98765", "/print_article.php?id=12", "/ar/news/print-page/4521",
                                  "/printfriendly/98765"])
def test_print_scripts_and_words_are_print_views(path):
    assert link_skip_reason("https://site.example" + path) == "print"


@pytest.mark.parametrize("path", ["/news/2025/06/02/blueprint-for-the-new-port", "/fingerprint/98765",
                                  "/sprint/98765", "/tech/printer-prices-rise-in-amman", "/printing-press-law/98765",
                                  "/newsprint-shortage-hits-papers/98765", "/printarticle/a-story-about-printing-costs"])
def test_words_that_contain_print_or_print_views_followed_by_a_slug_are_pages(path):
    assert link_skip_reason("https://site.example" + path) is None
