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


def _router_site(root):
    """An old PHP news site whose router names every page by ``index.php?page=<name>``: an
    article at ``page=article&id=N`` and another at ``page=news&id=N``, each with its print view
    (``page=print&id=N``: the same text, no canonical), its "send to a friend" and comment forms,
    all linked from the home page before the articles themselves."""
    root.mkdir()
    routes = {}
    stories = [Story("/index.php?page=article&id=812345", "Parliament passes the new water law", filler("water law")),
               Story("/index.php?page=news&id=812346", "Phosphate exports rise sharply in May", filler("phosphate"))]
    for n, story in enumerate(stories):
        (root / f"_story{n}.html").write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
        routes[story.path] = f"_story{n}.html"
    views = ["/index.php?page=print&id=812345", "/index.php?action=print&id=812346",
             "/index.php?page=sendfriend&id=812345", "/index.php?do=comment&id=812346"]
    for n, view in enumerate(views):
        routes[view] = f"_story{n % 2}.html"  # a bare template of the same text, as the forms quote the story
    links = "".join(f'<a href="{href}">{href}</a>' for href in views + [s.path for s in stories])
    (root / "index.html").write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return routes, stories, views


def test_print_views_and_forms_a_php_router_names_are_not_requested_and_the_articles_are_stored(tmp_path):
    # Before: /index.php?page=print&id=812345, linked first, looked like an article (an id
    # beside a router's page name) and was stored in the article's place; the send and comment
    # forms were fetched too. The articles themselves, named by the same router key
    # (page=article, page=news), are the control: stored under their own addresses.
    routes, stories, views = _router_site(tmp_path / "site")
    database = tmp_path / "news.db"
    with FixtureServer(tmp_path / "site", routes=routes) as server:
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = server.requested_paths()
    stored = sorted("/" + r["url"].split("/", 3)[3] for r in rows(database, "SELECT url FROM articles"))
    assert stored == sorted(s.path for s in stories)
    assert not set(views) & set(fetched)
    stats = crawl_stats(result)
    assert stats["discovery/link_skipped/print"] == 2
    assert stats["discovery/link_skipped/utility"] == 2


@pytest.mark.parametrize("url, reason", [
    ("/index.php?page=print&id=812345", "print"), ("/index.php?id=812345&page=Print", "print"),
    ("/news.php?action=print&id=4521", "print"), ("/index.php?mod=news&act=printnews&id=4521", "print"),
    ("/Details.aspx?id=4521&mode=print", "print"), ("/article.php?id=4521&format=printable", "print"),
    ("/index.php?page=sendfriend&id=4521", "utility"), ("/index.php?page=send&id=4521", "utility"),
    ("/index.php?do=comment&id=4521", "utility"), ("/index.php?page=comments&id=4521", "utility"),
    ("/index.php?page=contact", "utility"), ("/index.php?op=login", "utility"),
])
def test_a_router_key_naming_a_print_view_or_a_form_makes_that_page(url, reason):
    assert link_skip_reason("https://site.example" + url) == reason


@pytest.mark.parametrize("url", [
    "/index.php?page=article&id=812345", "/index.php?page=news&id=4521", "/index.php?action=view&id=4521",
    "/index.php?page=printing-costs-rise&id=4521", "/index.php?page=sprint&id=4521",
    "/news.php?id=4521&type=print",  # "type" is no router key: a story's own parameter
    "/search.php?q=print", "/index.php?page=2",
])
def test_router_keys_naming_other_pages_and_print_words_elsewhere_are_pages(url):
    assert link_skip_reason("https://site.example" + url) is None


@pytest.mark.parametrize("url", [
    # router values that name an article, a section or a full view, not a print view or a form
    "/index.php?page=printemps-arabe&id=4521", "/index.php?view=article&id=4521", "/index.php?do=news&id=4521",
    "/index.php?action=read&id=4521", "/story.php?id=4521&mode=full", "/2025/06/02/water-law-passes/?format=amp",
    "/index.php?op=view&id=4521", "/index.php?task=show&id=4521", "/index.php?page=send-off-for-the-champions&id=4521",
    # Arabic values, percent-encoded: "book printing", "the print edition's prices"
    "/index.php?page=%D8%B7%D8%A8%D8%A7%D8%B9%D8%A9-%D8%A7%D9%84%D9%83%D8%AA%D8%A8&id=4521",
    "/index.php?page=%D8%A7%D8%B3%D8%B9%D8%A7%D8%B1-%D8%A7%D9%84%D8%B7%D8%A8%D8%A7%D8%B9%D8%A9&id=4521",
    "/index.php?page=imprimerie-nationale&id=4521", "/index.php?mode=emailing-campaigns-rise&id=4521",
])
def test_router_values_that_only_resemble_print_and_form_words_are_pages(url):
    # Review (revd) of the router rule: only a whole value that is a print, form or utility
    # word makes a print view or a form.
    assert link_skip_reason("https://site.example" + url) is None
