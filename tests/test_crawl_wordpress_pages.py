"""WordPress's pages around an article, end to end: its paged comments
(``/slug/comment-page-2/``, linked by the "Older comments" navigation and by the recent comments
widget as ``/slug/comment-page-2/#comment-17``) show the whole article again under a canonical of
their own, and its attachment pages (``/slug/attachment/photo-1/``, the page an image in the post
links to) show one uploaded file. Neither is requested: an article linked first by its comment
page is stored under its own address. Stories whose slugs carry those words are stored."""

from __future__ import annotations

import re

import pytest

from crawler.discovery import link_skip_reason
from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler


def _wordpress_site(root):
    """Four posts with three pages of comments and an image linked to its attachment page each,
    two of them with slugs that name comments and attachments; the home page's "Recent comments"
    widget links the first post's second comment page before any post."""
    root.mkdir()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    slugs = ["parliament-passes-the-new-water-law", "phosphate-exports-rise-sharply-in-may",
             "the-comment-page-of-a-newspaper-is-its-letters-column",
             "attachment-parenting-debate-reaches-parliament"]
    stories = [Story(f"/{slug}/", slug.replace("-", " ").capitalize(), filler(slug)) for slug in slugs]

    def page(story: Story, comment_page: int | None = None) -> str:
        # WordPress's rel=canonical names the comment page itself
        own = Story(story.path, story.title, story.paragraphs,
                    canonical=story.path + (f"comment-page-{comment_page}/" if comment_page else ""))
        comments = "".join(f"<li>Reader {comment_page or 1}-{k}: the tariffs should fall.</li>" for k in range(3))
        navigation = "".join(f'<a href="{story.path}comment-page-{n}/#comments">{n}</a>' for n in range(1, 4))
        image = f'<a href="{story.path}attachment/photo-1/"><img src="/wp-content/uploads/photo-1.jpg"></a>'
        return SiteBuilder(root, stories=[own]).page(own).replace(
            "</article>", f"{image}<ol class='commentlist'>{comments}</ol><nav>{navigation}</nav></article>")

    def handler(ctx):
        for story in stories:
            html = None
            if ctx.path == story.path:
                html = page(story)
            elif ctx.path.startswith(story.path + "comment-page-"):
                html = page(story, int(ctx.path.rstrip("/").rsplit("-", 1)[1]))
            elif ctx.path.startswith(story.path + "attachment/"):
                html = ('<html><head><meta property="og:type" content="article"><title>photo-1</title></head>'
                        '<body><h1>photo-1</h1><img src="/wp-content/uploads/photo-1.jpg"></body></html>')
            if html is not None:
                return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                                html.replace("__BASE_URL__", ctx.base_url))
        return ctx.default_response()

    widget = f'<ul class="recent-comments"><li><a href="{stories[0].path}comment-page-2/#comment-17">Reader</a></li></ul>'
    links = "".join(f'<a href="{s.path}">{s.title}</a>' for s in stories)
    (root / "index.html").write_text(f"<html><body>{widget}{links}</body></html>", encoding="utf-8")
    return stories, handler


def test_wordpress_comment_and_attachment_pages_are_not_requested_and_each_post_is_stored_under_its_address(tmp_path):
    # Before: the widget's /slug/comment-page-2/ was fetched first and the post stored under
    # that canonical (its own page then an exact copy of it); every post's comment pages and
    # attachment page were fetched too.
    stories, handler = _wordpress_site(tmp_path / "site")
    database = tmp_path / "news.db"
    with FixtureServer(tmp_path / "site") as server:
        server.add_handler("/*", handler)
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = server.requested_paths()
    stored = sorted("/" + r["canonical_url"].split("/", 3)[3] + "/" for r in rows(database, "SELECT canonical_url FROM articles"))
    assert stored == sorted(s.path for s in stories)  # the look-alike slugs included
    assert not [path for path in fetched if re.search(r"/comment-page-\d|/attachment/", path)]
    stats = crawl_stats(result)
    assert stats["discovery/link_skipped/utility"] == 3 * len(stories) + 1  # each post's three, the widget's
    assert stats["discovery/link_skipped/media"] == len(stories)


@pytest.mark.parametrize("url, reason", [
    ("/parliament-passes-the-new-water-law/comment-page-2/", "utility"),
    ("/2025/06/02/water-law/comment-page-12/#comment-1703", "utility"),
    ("/ar/%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9-%D8%AA%D8%B5%D8%A7%D8%AF%D9%82/comment-page-3/", "utility"),
    ("/parliament-passes-the-new-water-law/attachment/photo-1/", "media"),
    ("/?attachment_id=77", "media"),
])
def test_wordpress_comment_pages_and_attachment_pages_are_skipped(url, reason):
    assert link_skip_reason("https://site.example" + url) == reason


@pytest.mark.parametrize("url", [
    "/the-comment-page-of-a-newspaper-is-its-letters-column/", "/opinion/comment-page-design-matters/",
    "/attachment-parenting-debate-reaches-parliament/", "/attachment/", "/attachment/2025/06/02/x-y-z",
    "/parliament-passes-the-new-water-law/2/",  # a post's own second page (<!--nextpage-->)
])
def test_slugs_and_sections_with_those_words_and_a_posts_second_page_are_pages(url):
    assert link_skip_reason("https://site.example" + url) is None


@pytest.mark.parametrize("url", [
    # opinion sections named "Comment" (The Guardian's, Arabic تعليق) before a dated story
    "/opinion/comment/2025/06/02/the-budget-and-the-poor", "/comment/2025/06/02/the-budget-and-the-poor",
    "/ar/%D8%AA%D8%B9%D9%84%D9%8A%D9%82/2025/06/02/%D8%A7%D9%84%D9%85%D9%88%D8%A7%D8%B2%D9%86%D8%A9",
    "/comments/the-readers-have-their-say-on-tariffs/",
    # story slugs carrying the words
    "/2025/06/02/court-orders-attachment-of-the-ministers-assets/", "/2025/06/02/attachment/",
    "/2025/06/02/comment-page-design-wins-award/",
])
def test_comment_sections_and_attachment_slugs_under_a_date_are_pages(url):
    # Review (revd) of the WordPress rules: a comment page is a last segment comment-page-N, an
    # attachment page one file's slug under /attachment/, neither a section nor a slug's word.
    assert link_skip_reason("https://site.example" + url) is None
