"""Specifications of how the DOM stage reads a block's class names, its place among the story's
paragraphs and the blocks around the headline (generalisation audit 3, findings 1, 5, 6, 7, 12, 13).

Each test puts a class, a short story or a standfirst-like block in an innocent use, and checks
that the story stays whole while the real chrome beside it (comments, a related box, a share bar,
a tag list, a real standfirst) is still handled as before.
"""

from __future__ import annotations

import pytest

from crawler.extract import extract_article

URL = "https://news.example/2025/03/02/story-123"
HEAD = ('<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2025-03-02T10:00:00+00:00">')
STORY = [
    "The government announced on Sunday a new package of measures to support small businesses affected "
    "by the rise in energy prices across the country this year.",
    "According to the ministry of economy, the package includes reduced fees for licences, deferred tax "
    "payments and a fund of 200 million dinars for loans at low interest rates.",
    "Business owners in the capital welcomed the decision, although several associations said the fund "
    "was too small for the number of companies that had applied for help.",
    "The measures will take effect at the start of next month and will be reviewed by parliament before "
    "the summer recess, the minister told reporters in the capital.",
    "Opposition deputies said they would ask for the fund to be doubled and for the deferred payments to "
    "be extended to the end of next year for the smallest firms.",
    "The ministry said a first report on the number of firms helped would be published in the autumn, "
    "region by region, with the amounts lent to each sector.",
]
COMMENT = ("I completely agree with this decision, it was about time the government did something for small "
           "shops in our neighbourhood {}.")
TITLE = "Government unveils support package for small businesses"


def _page(inner: str, head: str = HEAD) -> str:
    return (f"<html><head><title>{TITLE}</title><meta property='og:title' content='{TITLE}'>{head}</head>"
            f"<body><header><nav><a href='/'>Home</a> <a href='/economy'>Economy</a></nav></header>"
            f"<main>{inner}</main><aside class='sidebar'><h3>Most read</h3><ul>"
            f"<li><a href='/2025/03/01/a'>Another headline about the weather today</a></li>"
            f"<li><a href='/2025/03/01/b'>Another headline about the football league</a></li></ul></aside>"
            f"<footer>Example News 2025 - All rights reserved</footer></body></html>")


def _extract(inner: str, head: str = HEAD, min_words: int = 5):
    result = extract_article(_page(inner, head), URL, min_words=min_words, raise_errors=True)
    assert result.article is not None, result.reason
    return result.article


def _paragraphs(n: int) -> str:
    return "".join(f"<p>{text}</p>" for text in STORY[:n])


def _comments(n: int) -> str:
    items = "".join(f'<li class="comment"><div class="comment-author">Reader {i}</div><p>{COMMENT.format(i)}</p></li>'
                    for i in range(n))
    return f'<div id="comments" class="comments-area"><h3>{n} Comments</h3><ol class="commentlist">{items}</ol></div>'


# -- finding 1: WordPress's taxonomy classes on the post's wrapper ------------------------------

@pytest.mark.parametrize("taxonomy", ["category-social", "tag-reactions", "tag-social-media", "tag-donations",
                                      "tag-navigation", "tag-salah-ad-din"])
def test_a_short_post_filed_under_a_chrome_sounding_category_or_tag_keeps_its_story(taxonomy):
    wrapper = (f'<div id="post-77" class="post-77 post type-post status-publish format-standard hentry {taxonomy}">'
               f'<h1>{TITLE}</h1><div class="entry">{_paragraphs(2)}</div></div>{_comments(8)}')
    body = _extract(wrapper).body
    assert STORY[0] in body and STORY[1] in body
    assert "Reader 3" not in body and "completely agree" not in body  # the comments still go


def test_a_tag_list_is_still_chrome_outside_a_post_wrapper():
    inner = (f'<article><h1>{TITLE}</h1><div class="entry">{_paragraphs(3)}</div>'
             f'<div class="tag-list">Economy, small businesses, energy prices and the fund of the ministry of '
             f'economy for loans at low interest rates across the regions</div></article>')
    body = _extract(inner).body
    assert STORY[2] in body and "across the regions" not in body


# -- finding 5: a brief under trafilatura's 250-character minimum -------------------------------

BRIEF_TITLE = "Storm: classes suspended in Al Hoceima"
BRIEF = ["The interior ministry on Monday suspended classes in all schools of the province because of the storm.",
         "Classes will resume on Wednesday if the weather allows it."]


def test_a_brief_shorter_than_250_characters_keeps_its_paragraphs_without_the_headline():
    inner = (f'<article><h1>{BRIEF_TITLE}</h1><div class="share-buttons"><a href="/s/fb">Facebook</a> '
             f'<a href="/s/x">X</a></div><div class="article-body"><p>{BRIEF[0]}</p><p>{BRIEF[1]}</p></div>'
             f'</article>')
    article = _extract(inner)
    assert article.body == "\n\n".join(BRIEF)
    assert article.word_count == len(" ".join(BRIEF).split())  # the headline's words are not counted


# -- finding 7: a box of the story whose class also names chrome --------------------------------

BOXED = ("The head of the federation of small firms told our newspaper that the fund would help about one "
         "company in ten, and that the rest would still wait for the banks to lend.")


@pytest.mark.parametrize("name", ["expert-comment", "box-commentaire", "commentary", "market-shares",
                                  "recommendations", "reactions", "promo-text", "support-text"])
def test_a_box_between_the_story_paragraphs_keeps_its_text_whatever_its_class_says(name):
    inner = (f'<article><h1>{TITLE}</h1><div class="entry-content">{_paragraphs(4)}'
             f'<div class="{name}"><p>{BOXED}</p></div><p>{STORY[4]}</p></div></article>')
    body = _extract(inner).body
    assert BOXED in body and STORY[3] in body and STORY[4] in body


@pytest.mark.parametrize("box", [
    # a share bar: buttons and links
    '<div class="share-buttons"><a href="/s/fb">Share on Facebook</a> <a href="/s/x">Share on X</a>'
    '<button>Copy link</button></div>',
    # another story recommended: its linked headline is the box's text
    '<div class="recommendations"><p><a href="/2025/03/01/other-story">Energy prices: the government extends '
    'the freeze on bread and fuel prices for six more months in every region</a></p></div>',
    # a promotion with its sign-up form
    '<div class="promo-box"><p>Get every morning the stories that matter for your business and your family, '
    'straight to your inbox, free of charge.</p><form><input name="email"><button>Sign up</button></form></div>',
    # a labelled teaser without links
    '<div class="social-box"><h4>Read also</h4><p>Energy prices: the government extends the freeze on bread '
    'and fuel prices for six more months in every region of the country</p></div>',
])
def test_chrome_between_the_story_paragraphs_still_goes(box):
    inner = (f'<article><h1>{TITLE}</h1><div class="entry-content">{_paragraphs(4)}{box}'
             f'<p>{STORY[4]}</p></div></article>')
    body = _extract(inner).body
    assert STORY[3] in body and STORY[4] in body
    for gone in ("Facebook", "Copy link", "freeze on bread", "inbox"):
        assert gone not in body


# -- findings 12 and 13: what is read as the standfirst -----------------------------------------

STANDFIRST = ("The fund of 200 million dinars will lend to firms hit by energy prices, at rates below the "
              "market's, for five years.")


@pytest.mark.parametrize("block", [
    '<div class="intro-auteur">By Karim Alaoui, our permanent correspondent in Tangier since 2010</div>',
    '<div class="lead-time">Reading time: 3 minutes - Updated on 2 March 2025 at 10:00</div>',
    '<div class="intro-meta">Filed in Economy, small businesses and energy prices on Sunday</div>',
])
def test_a_block_classed_with_a_standfirst_word_and_another_part_of_the_lead_is_no_standfirst(block):
    inner = f'<article><h1>{TITLE}</h1>{block}<div class="entry-content">{_paragraphs(3)}</div></article>'
    body = _extract(inner).body
    assert body.startswith(STORY[0])
    assert "Tangier" not in body and "Reading time" not in body and "Filed in" not in body


@pytest.mark.parametrize("name", ["article-lead", "lead", "post-intro", "lead-text", "chapo"])
def test_a_block_classed_as_the_standfirst_opens_the_body(name):
    inner = (f'<article><h1>{TITLE}</h1><div class="{name}">{STANDFIRST}</div>'
             f'<div class="entry-content">{_paragraphs(3)}</div></article>')
    assert _extract(inner).body.startswith(STANDFIRST + "\n\n" + STORY[0])


TAGLINE = ("Example News: all the news of Morocco and the world, politics, economy, society, sport and culture, "
           "around the clock.")


def test_a_site_wide_description_shown_in_the_page_bottom_does_not_open_the_body():
    head = HEAD + f'<meta property="og:description" content="{TAGLINE}"><meta name="description" content="{TAGLINE}">'
    inner = (f'<article><h1>{TITLE}</h1><div class="entry-content">{_paragraphs(3)}</div></article>'
             f'<div class="site-bottom"><div class="about"><p>{TAGLINE}</p></div></div>')
    body = _extract(inner, head=head).body
    assert body.startswith(STORY[0]) and "around the clock" not in body


def test_the_description_shown_under_the_headline_still_opens_the_body():
    head = HEAD + f'<meta property="og:description" content="{STANDFIRST}">'
    inner = (f'<article><h1>{TITLE}</h1><h2>{STANDFIRST}</h2>'
             f'<div class="entry-content">{_paragraphs(3)}</div></article>')
    assert _extract(inner, head=head).body.startswith(STANDFIRST + "\n\n" + STORY[0])


# -- finding 6: a story split over page-builder sections ---------------------------------------

SIDEBAR_TEXT = ("Example News is an independent newsroom based in Rabat that covers the economy of the region "
                "every day of the week.")


def _widget(kind: str, content: str) -> str:
    return (f'<div class="elementor-element elementor-widget elementor-widget-{kind}">'
            f'<div class="elementor-widget-container">{content}</div></div>')


def _section(*widgets: str, column: str = "elementor-col-100") -> str:
    return (f'<div class="elementor-column {column}"><div class="elementor-widget-wrap elementor-element-populated">'
            f'{"".join(widgets)}</div></div>')


@pytest.mark.parametrize("split", [2, 3])
def test_a_story_split_over_two_page_builder_sections_keeps_its_lede(split):
    sections = [
        _section(_widget("theme-post-title", f"<h1>{TITLE}</h1>"), _widget("text-editor", _paragraphs(split)),
                 column="elementor-col-66"),
        _section(_widget("text-editor", f"<p>{SIDEBAR_TEXT}</p>"), column="elementor-col-33 sidebar-column"),
        _section(_widget("image", '<img src="/i/1.jpg" alt="">')),
        _section(_widget("text-editor", "".join(f"<p>{text}</p>" for text in STORY[split:]))),
    ]
    inner = ('<div data-elementor-type="single-post" class="elementor elementor-123">'
             + "".join(f'<section class="elementor-section elementor-top-section"><div class="elementor-container">'
                       f'{section}</div></section>' for section in sections) + "</div>")
    body = _extract(inner).body
    assert body.split("\n\n") == STORY
    assert "independent newsroom" not in body  # the sidebar's widget beside the lede still goes
