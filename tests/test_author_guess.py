"""The rewritten author XPaths give trafilatura's own byline guess (crawler/author_guess.py).

Every golden page, and pages built to hit each alternative of trafilatura's patterns (and the
near misses a regular expression and a contains() test could tell apart), are read both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import fromstring
from trafilatura.metadata import extract_author

from crawler import author_guess
from crawler.author_guess import trafilatura_author

GOLDEN = sorted((Path(__file__).parent / "golden").rglob("*.html"))

pytestmark = pytest.mark.skipif(not author_guess.REWRITE_APPLIES,
                                reason="another trafilatura version: its own extract_author is used")


@pytest.mark.parametrize("page", GOLDEN, ids=lambda p: p.stem)
def test_every_golden_page_gets_trafilaturas_own_guess(page: Path):
    tree = fromstring(page.read_bytes())
    assert trafilatura_author(tree) == extract_author(fromstring(page.read_bytes()))


BYLINES = [
    # each alternative of the first (specific) expression
    '<a rel="author">Rana Haddad</a>', '<span id="author">Rana Haddad</span>',
    '<div class="author">Rana Haddad</div>', '<p itemprop="author name">Rana Haddad</p>',
    '<span data-testid="AuthorCard">Rana Haddad</span>', '<div class="post-authorname">Rana Haddad</div>',
    '<span class="author-name x">Rana Haddad</span>', '<span class="c-AuthorName">Rana Haddad</span>',
    '<strong class="authorName">Rana Haddad</strong>', "<author>Rana Haddad</author>",
    # the second and third
    '<div class="byline">By Rana Haddad</div>', '<h4 class="BBL">Rana Haddad</h4>',
    '<span id="zuozhe">Rana Haddad</span>', '<p class="submitted-by">Rana Haddad</p>',
    '<p class="journalist-name">Rana Haddad</p>', '<li class="post-writer">Rana Haddad</li>',
    '<li class="Byline">Rana Haddad</li>', '<li id="storyAuthor">Rana Haddad</li>',
    '<li data-component="Byline">Rana Haddad</li>', '<li class="screenname">@rana</li>',
    # near misses, matched by neither: other case, other words
    '<div class="AUTHOR">Rana Haddad</div>', '<div class="autor">Rana Haddad</div>',
    '<section class="byline">Rana Haddad</section>',
]
DISCARDED = [
    # a byline inside each kind of pruned block, beside the story's own
    '<div class="comments"><span class="author">Reader One</span></div>',
    '<div id="comments-area"><span class="author">Reader One</span></div>',
    '<div class="Comments-box"><span class="author">Reader One</span></div>',
    '<div class="comments-area"><span class="author">Reader One</span></div>',
    '<div class="x-comment-list"><span class="author">Reader One</span></div>',
    '<div class="my-comments"><span class="author">Reader One</span></div>',  # not at the start: kept
    '<aside><div class="sidebar-x"><span class="author">Columnist Two</span></div></aside>',
    '<div class="article-support"><span class="author">Donor Three</span></div>',
    '<div class="blockquote"><span class="author">Quoted Four</span></div>',
    '<span class="author">Rana Haddad <time>12 May 2025</time></span>',
    '<figure><figcaption class="author">Photo Five</figcaption></figure>',
    '<div data-component="FigureCaption"><span class="author">Photo Six</span></div>',
]


@pytest.mark.parametrize("byline", BYLINES + DISCARDED)
def test_each_pattern_and_near_miss_reads_as_trafilatura_reads_it(byline: str):
    html = (f"<html><body><header><nav><a href='/'>Home</a></nav></header><article><h1>Headline</h1>"
            f"{byline}<p class='x'>Story text of the page, long enough to be a paragraph.</p>"
            f"<div class='author'>Rana Haddad</div></article></body></html>")
    assert trafilatura_author(fromstring(html)) == extract_author(fromstring(html))


def test_a_page_without_any_byline_element_has_no_guess_and_is_left_as_it_was():
    html = "<html><body><article><h1>Headline</h1><p>Story text.</p></article></body></html>"
    tree = fromstring(html)
    assert trafilatura_author(tree) is None and extract_author(fromstring(html)) is None
    assert len(list(tree.iter())) == len(list(fromstring(html).iter()))
