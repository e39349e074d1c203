"""A crawl of a site whose young dossier, hashtag and section pages show two to four teaser cards
under addresses with no listing word: those pages are read for their links (the stories they alone
link to are stored) and not stored; a short brief with three related cards and a story made of
linked items are stored. Before: each such listing was stored as an article of its teasers."""

from __future__ import annotations

from urllib.parse import quote, unquote

from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, rows
from tests.few_teaser_pages import (
    AR_TEASERS,
    EN_BRIEF,
    EN_TEASERS,
    FR_TEASERS,
    brief_with_related,
    custom_hub_page,
    drupal_dossier_page,
    list_story,
    section_front,
    wp_tag_page,
)
from tests.sitegen import SiteBuilder, Story, filler

LISTINGS = {
    "/dossier/gaza-truce/": wp_tag_page("en", "Gaza truce", EN_TEASERS, intro="All our coverage of the talks "
                                        "over a ceasefire in Gaza, the release of hostages and the delivery of aid."),
    "/dossier/elections-2026": drupal_dossier_page("fr", "Élections 2026", FR_TEASERS, ld_type="WebPage"),
    "/هاشتاغ/الانتخابات-البلدية": custom_hub_page("ar", "الانتخابات البلدية", AR_TEASERS),
    "/world/": section_front("en", "World", EN_TEASERS),
}
BRIEF = "/economy/central-bank-holds-rate"
LIST_STORY = "/features/four-reads-on-the-gaza-truce"


def _write(root, path: str, html: str) -> None:
    target = root / unquote(path).lstrip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def _site(root) -> set[str]:
    """Writes the site; returns the paths of the pages that are articles."""
    stories = [Story(t.path, t.title, filler(t.path), lang=lang)
               for lang, teasers in (("en", EN_TEASERS), ("fr", FR_TEASERS), ("ar", AR_TEASERS)) for t in teasers]
    builder = SiteBuilder(root)
    for story in stories:
        _write(root, story.path, builder.page(story))
    for path, html in LISTINGS.items():
        _write(root, path, html)
    _write(root, BRIEF, brief_with_related("en", "Central bank holds rate at 7.5%", EN_BRIEF, EN_TEASERS[:3],
                                           dated=False))
    _write(root, LIST_STORY, list_story("en", "Four reads on the Gaza truce", "The talks have moved fast this week. "
                                        "Here are four stories to catch up on.", EN_TEASERS, dated=False, ld=False))
    # the home page links to the listings and the two short stories only: the other stories are
    # reached through the listings' cards
    (root / "index.html").write_text(
        "<html><body>" + "".join(f'<a href="{quote(p)}">{p}</a>' for p in [*LISTINGS, BRIEF, LIST_STORY])
        + "</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return {s.path for s in stories} | {BRIEF, LIST_STORY}


def test_few_teaser_listings_are_followed_not_stored_and_short_stories_are_stored(tmp_path):
    root = tmp_path / "site"
    articles = _site(root)
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = {unquote(p) for p in server.requested_paths()}
    stored = {unquote("/" + r["url"].split("/", 3)[3]) for r in rows(database, "SELECT url FROM articles")}
    assert stored == articles
    assert set(LISTINGS) <= fetched  # read for their links
    refused = {unquote("/" + r["url"].split("/", 3)[3]): r["reason"]
               for r in rows(database, "SELECT url, reason FROM refused_pages")}
    assert {path: refused.get(path) for path in LISTINGS} == {path: "not_article" for path in LISTINGS}
