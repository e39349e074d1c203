"""Meta refresh redirects: a page that moved with ``<meta http-equiv="refresh">`` (old CMS
addresses, AMP stubs) leads to the story, whatever the case of the markup; a page that only
mentions the word "refresh" is stored as it is. ``PrecheckedMetaRefreshMiddleware`` skips
Scrapy's scan on pages without the word, so both sides are specified here."""

from __future__ import annotations

from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler

MOVED = "/news/2025/06/01/old-address-of-the-desalination-story"
MOVED_UPPER = "/news/2025/06/01/old-address-of-the-grid-story"


def _stub(target: str, *, upper: bool = False) -> str:
    meta = (f'<META HTTP-EQUIV="REFRESH" CONTENT="0; URL={target}">' if upper
            else f'<meta http-equiv="refresh" content="0;url={target}">')
    return (f"<!doctype html><html><head><title>Moved</title>{meta}</head>"
            "<body><p>This story has moved.</p></body></html>")


def test_meta_refresh_pages_lead_to_their_stories_and_the_word_alone_does_not_redirect(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    desalination = site.add(Story("/news/2025/06/02/desalination-plant-opens", "Desalination plant opens",
                                  filler("desalination plant")))
    grid = site.add(Story("/news/2025/06/02/grid-link-approved", "Grid link approved", filler("grid link")))
    # The word is in the story (and in its first 4,096 characters), but it declares no refresh.
    # Built on its own, so that its related list does not link to the two stories above.
    alone = SiteBuilder(tmp_path / "site")
    mentions = alone.add(Story("/news/2025/06/02/ministry-to-refresh-school-buses",
                               "Ministry to refresh school bus fleet",
                               [("The ministry will refresh the school bus fleet before the new term, "
                                 "officials said on Monday."), *filler("school buses")]))
    site.homepage_links = [MOVED, MOVED_UPPER, mentions.path]
    root = site.write()
    (root / mentions.path.lstrip("/")).mkdir(parents=True)
    (root / mentions.path.lstrip("/") / "index.html").write_text(alone.page(mentions), encoding="utf-8")
    for path, target, upper in ((MOVED, desalination.path, False), (MOVED_UPPER, grid.path, True)):
        (root / path.lstrip("/")).mkdir(parents=True)
        (root / path.lstrip("/") / "index.html").write_text(_stub(target, upper=upper), encoding="utf-8")

    with FixtureServer(root) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = [r.path for r in server.requests]

    stored = {r["title"]: r["url"] for r in rows(database, "SELECT title, url FROM articles")}
    assert stored == {
        "Desalination plant opens": f"{server.base_url}{desalination.path}",
        "Grid link approved": f"{server.base_url}{grid.path}",
        "Ministry to refresh school bus fleet": f"{server.base_url}{mentions.path}",
    }
    # The stories were reached through the refresh pages only: nothing else links to them.
    assert fetched.index(MOVED) < fetched.index(desalination.path)
    assert fetched.index(MOVED_UPPER) < fetched.index(grid.path)
    assert crawl_stats(result).get("pages/extracted") == 3
