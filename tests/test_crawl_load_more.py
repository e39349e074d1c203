"""A section's "load more" button that names its endpoint in a data attribute
(``<button data-url="/ajax/more?start=10">``, ``data-href``, ``data-next``), end to end: real crawls
of a fixture site with no sitemap and no feed into a real SQLite file.

Only ``<a href>`` links were read, so the stories beyond a listing's first page, reachable only
through such a button (its endpoint answers an HTML fragment or JSON), were never discovered.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler

pytestmark = pytest.mark.slow

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _html(body: str) -> Response:
    return Response(200, HTML, body.encode("utf-8"))


def _sites(tmp_path):
    """The section's first page of stories, and the stories only its "load more" endpoint lists
    (their pages link each other, never the first ones)."""
    site = SiteBuilder(tmp_path / "site")
    front = [site.add(Story(f"/news/2025/06/0{i}/story-{i}-on-the-first-page", f"Story {i} on the first page",
                            filler(f"first page {i}"))) for i in (1, 2)]
    hidden = SiteBuilder(tmp_path / "hidden")
    more = [hidden.add(Story(f"/news/2025/05/2{i}/story-{i}-behind-load-more", f"Story {i} behind load more",
                             filler(f"load more {i}"))) for i in range(4)]
    root = site.write()
    hidden.write()
    (root / "robots.txt").write_text("User-agent: *\nDisallow:\n", encoding="utf-8")  # no sitemap
    return root, site, front, hidden, more


def _cards(stories) -> str:
    return "".join(f'<article class="card"><h3><a href="{s.path}">{s.title}</a></h3></article>' for s in stories)


def _serve_hidden(server: FixtureServer, hidden: SiteBuilder, more) -> None:
    for story in more:
        server.add_handler(story.path, lambda ctx, story=story: _html(hidden.page(story)))


@pytest.mark.parametrize("endpoint", ["html fragment by data-url", "json by data-next", "next page by data-href"])
def test_stories_reachable_only_through_a_load_more_buttons_data_endpoint_are_found(tmp_path, endpoint):
    root, site, front, hidden, more = _sites(tmp_path)
    (tmp_path / "other").mkdir()
    database = tmp_path / "news.db"
    with FixtureServer(root) as server, FixtureServer(tmp_path / "other") as other:
        if endpoint == "html fragment by data-url":
            button = '<button class="load-more" data-url="/ajax/more?start=2">Load more</button>'

            def more_page(ctx):  # two cards a call, then its own button; nothing past the end
                start = int(dict(parse_qsl(ctx.query))["start"])
                cards = more[start - 2:start]
                if not cards:
                    return Response(200, HTML, b"")
                return _html(_cards(cards) + f'<button class="load-more" data-url="/ajax/more?start={start + 2}">'
                                              "Load more</button>")

            server.add_handler("/ajax/more", more_page)
        elif endpoint == "json by data-next":
            button = '<div class="pager" data-next="/api/section/news?page=2"><span>المزيد</span></div>'

            def more_page(ctx):
                page = int(dict(parse_qsl(ctx.query))["page"])
                items = more[(page - 2) * 2:(page - 1) * 2]
                return Response(200, {"Content-Type": "application/json"}, json.dumps(
                    {"items": [{"title": s.title, "url": s.path} for s in items]}).encode())

            server.add_handler("/api/section/news", more_page)
        else:
            button = '<a href="#" class="btn-more" data-href="/news/page/2/">Voir plus</a>'
            server.add_handler("/news/page/2/", lambda ctx: _html(
                f"<html><body><h1>News, page 2</h1>{_cards(more)}</body></html>"))
        home = (f"<html><head><title>{site.name}</title></head><body><h1>News</h1>{_cards(front)}{button}"
                # not load-more endpoints: a poll's vote (with and without a page number), a share
                # button naming a story, another site's "load more"
                '<div class="poll" data-url="/poll/vote?id=7"><button class="vote" '
                'data-url="/poll/vote?id=7&page=1">Vote</button></div>'
                f'<button class="share" data-url="{server.url(front[0].path)}">Share</button>'
                f'<button class="load-more" data-url="{other.url("/ajax/more?start=2")}">More elsewhere</button>'
                "</body></html>")
        server.add_handler("/", lambda ctx: _html(home))
        # a story's own "load more comments" is not a listing's: not read on article pages
        story_page = site.page(front[1]).replace(
            "</article>", '<button class="load-more" data-url="/comments/more?story=2&page=2">More comments</button>'
                          "</article>")
        server.add_handler(front[1].path, lambda ctx: _html(story_page))
        _serve_hidden(server, hidden, more)
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = [r.path for r in server.requests]
        asked_other = list(other.requests)
    titles = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert titles == {s.title for s in front + more}
    assert not [p for p in asked if p.startswith(("/poll/", "/comments/"))], asked
    assert asked_other == []
    assert crawl_stats(result).get("discovery/load_more_endpoints", 0) >= 1
    assert rows(database, "SELECT url, kind FROM fetch_errors WHERE kind != 'http_4xx'") == []


def test_a_story_fetched_as_a_listing_does_not_have_its_load_more_buttons_followed(tmp_path):
    # /sports/raja-wins-the-derby looks like a section, and the page declares itself an article
    # (stored as one, its links followed as a listing's): its "more from this section" and "more
    # related" buttons are a story's, not a section's pager, and were fetched as listing pages
    root, site, front, _hidden, _more = _sites(tmp_path)
    story = site.add(Story("/sports/raja-wins-the-derby", "Raja wins the derby after a late goal",
                           filler("column")))
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        page = site.page(story).replace(
            "</article>", '<button class="load-more" data-url="/ajax/related?story=9&page=2">More</button>'
                          '<div data-next="/sports/page/2/"></div></article>')
        server.add_handler(story.path, lambda ctx: _html(page))
        home = (f"<html><head><title>{site.name}</title></head><body><h1>News</h1>{_cards(front)}"
                f'<a href="{story.path}">{story.title}</a></body></html>')
        server.add_handler("/", lambda ctx: _html(home))
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = [r.path for r in server.requests]
    assert story.title in {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert crawl_stats(result).get("discovery/listing_declares_article") == 1
    assert not [p for p in asked if p.startswith(("/ajax/related", "/sports/page/"))], asked
