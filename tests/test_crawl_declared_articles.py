"""A page fetched as a listing (its URL did not look like an article's) that declares itself an
article in its markup is extracted as one, and its links are still followed: a URL rule that
misjudges a site's article addresses then costs nothing. Real listings stay listings."""

from __future__ import annotations

from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler


def _page(path: str, head: str, links: list[str], title: str) -> str:
    items = "".join(f'<li><a href="{href}"><h3>{href}</h3></a></li>' for href in links)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><h1>{title}</h1><ul>{items}</ul></body></html>")


def test_a_page_fetched_as_a_listing_that_declares_an_article_is_stored_and_its_links_followed(tmp_path):
    # Two short-slug stories under a section (/sports/raja-wins-derby, /fr/economie/inflation-en-hausse)
    # look like sections to the URL rules: fetched by parse_listing, they were never stored. One
    # declares itself by article:published_time, the other by a NewsArticle JSON-LD only. A third
    # story is linked only from the first one's page: its links are followed as before.
    site = SiteBuilder(tmp_path / "site")
    short = site.add(Story("/sports/raja-wins-derby", "Raja wins the Casablanca derby after a late goal",
                           filler("raja derby")))
    linked = site.add(Story("/news/2025/06/02/water-deal-signed-in-amman", "Water deal signed in Amman",
                            filler("water deal")))
    site.write()
    jsonld_only = Story("/fr/economie/inflation-en-hausse", "L'inflation repart à la hausse au Maroc",
                        filler("inflation maroc"), lang="fr")
    target = site.root / jsonld_only.path.lstrip("/") / "index.html"
    target.parent.mkdir(parents=True)
    target.write_text(SiteBuilder(site.root, chrome="b", stories=[jsonld_only]).page(jsonld_only), encoding="utf-8")
    # Real listings: a section front (og:type website), a tag page with the og:type "article" some
    # CMSs stamp on every page (no date, no JSON-LD article), a pager page of the section that
    # carries the section's JSON-LD article type.
    listings = {
        "/sports/": _page("/sports/", '<meta property="og:type" content="website">',
                          [short.path, "/sports/page/2/"], "Sports"),
        "/tag/maroc/": _page("/tag/maroc/", '<meta property="og:type" content="article">',
                             [short.path, jsonld_only.path], "Maroc"),
        "/sports/page/2/": _page("/sports/page/2/", '<meta property="article:published_time" content="2025-06-02">',
                                 [short.path], "Sports - page 2"),
    }
    for path, html in listings.items():
        (site.root / path.strip("/")).mkdir(parents=True, exist_ok=True)
        (site.root / path.strip("/") / "index.html").write_text(html, encoding="utf-8")
    (site.root / "index.html").write_text(
        _page("/", '<meta property="og:type" content="article">',
              [short.path, jsonld_only.path, "/sports/", "/tag/maroc/"], "Gulf Courier"), encoding="utf-8")
    with FixtureServer(site.root) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = [r.path for r in server.requests]

    stored = {"/" + r["url"].split("/", 3)[3] for r in rows(database, "SELECT url FROM articles")}
    assert stored == {short.path, jsonld_only.path, linked.path}
    assert fetched.count(short.path) == 1 and fetched.count(jsonld_only.path) == 1
    assert all(path in fetched for path in listings)  # fetched, read for links, not stored
    stats = crawl_stats(result)
    assert stats["discovery/listing_declares_article"] == 2
