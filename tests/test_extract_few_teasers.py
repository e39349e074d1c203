"""A young tag, dossier, author, search or section page with two to four teaser cards is a listing,
whatever its address and og:type say; a short story that links to as many stories is an article.

Before: the extraction's card check needed five cards, so such a page, og:type "article" or
JSON-LD ``WebPage``, was stored as an article whose body was its teasers' summaries. The pages
are built in ``tests/few_teaser_pages.py`` (WordPress, Drupal and an in-house CMS; Arabic,
French and English).
"""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from crawler.extract import _body_in_few_cards, _site_path, extract_article
from tests.few_teaser_pages import (
    AR_BRIEF,
    AR_QUESTIONS,
    AR_STORY,
    EN_FEATURE_PARAGRAPH,
    EN_LIVE_ENTRIES,
    FR_MATCHES,
    ar_qa_explainer,
    ar_story_beside_one_pick,
    ar_story_split_by_an_ad,
    fr_results_roundup,
    live_blog_with_permalinks,
    sectioned_feature,
    AR_TAGGED_PARAGRAPHS,
    AR_TEASERS as AR,
    EN_BRIEF,
    EN_TEASERS as EN,
    FR_BRIEF,
    FR_TEASERS as FR,
    author_page,
    brief_with_related,
    brief_with_teaser_cards,
    custom_hub_page,
    drupal_dossier_page,
    list_story,
    media_index,
    search_page,
    section_front,
    tagged_story,
    tweet_story,
    wp_tag_page,
)

SITE = "https://courier.example"
INTRO = ("All our coverage of the negotiations over a ceasefire in Gaza, the release of hostages and the "
         "delivery of aid.")
LIST_INTRO = "The talks have moved fast this week. Here are four stories to catch up on before the next round."

# Each was stored as an article before the fix.
LISTINGS = {
    "en_wordpress_dossier_four_cards_and_a_description": (wp_tag_page("en", "Gaza truce", EN, intro=INTRO),
                                                          "/dossier/gaza-truce/"),
    "fr_drupal_dossier_three_cards": (drupal_dossier_page("fr", "Élections 2026", FR), "/dossier/elections-2026"),
    "fr_drupal_dossier_declared_webpage": (drupal_dossier_page("fr", "Élections 2026", FR, ld_type="WebPage"),
                                           "/dossier/elections-2026"),
    "ar_hashtag_page_three_cards_no_headings": (custom_hub_page("ar", "الانتخابات البلدية", AR),
                                                "/هاشتاغ/الانتخابات-البلدية"),
    "ar_hashtag_page_with_rel_next": (custom_hub_page("ar", "الانتخابات البلدية", AR,
                                                      next_page="/هاشتاغ/الانتخابات-البلدية?p=2"),
                                      "/هاشتاغ/الانتخابات-البلدية"),
    "en_live_hub_four_cards": (custom_hub_page("en", "Live", EN), "/live/"),
    "en_section_front_hero_and_three_cards": (section_front("en", "World", EN), "/world/"),
    "en_author_page_bio_and_three_posts": (author_page(
        "en", "Rana Haddad", "Rana Haddad covers diplomacy and the Gaza talks for The Courier from Cairo and Amman.",
        EN[:3]), "/people/rana-haddad"),
    "en_search_results_without_the_word": (search_page("en", "truce", EN[:3]), "/find/truce"),
    "en_photo_gallery_index": (media_index("en", "Photos", EN, duration=False), "/photos/"),
}

# Already refused before the fix (trafilatura found no body, or declared a CollectionPage): controls.
LISTING_CONTROLS = {
    "en_wordpress_dossier_two_cards": (wp_tag_page("en", "Gaza truce", EN[:2]), "/dossier/gaza-truce/"),
    "fr_drupal_dossier_declared_collection": (drupal_dossier_page("fr", "Élections 2026", FR,
                                                                  ld_type="CollectionPage"), "/dossier/elections-2026"),
    "ar_video_index": (media_index("ar", "فيديو", AR, duration=True), "/فيديو/"),
}

HEADLINE = {"en": "Central bank holds rate at 7.5%", "fr": "Aide au logement élargie",
            "ar": "المركزي يثبت سعر الفائدة"}

# Short stories that link to two to four others: stored before and after.
ARTICLES = {
    "en_brief_three_related_undated": (brief_with_related("en", HEADLINE["en"], EN_BRIEF, EN[:3], dated=False),
                                       "/economy/central-bank-holds-rate", EN_BRIEF),
    "fr_brief_lire_aussi_undated": (brief_with_related("fr", HEADLINE["fr"], FR_BRIEF, FR, dated=False,
                                                       label="Lire aussi"), "/societe/aide-au-logement", FR_BRIEF),
    "ar_brief_read_also_undated": (brief_with_related("ar", HEADLINE["ar"], AR_BRIEF, AR, dated=False,
                                                      label="اقرأ أيضا"), "/اقتصاد/المركزي-يثبت-سعر-الفائدة", AR_BRIEF),
    "en_brief_listing_like_cards_under_it_dated": (brief_with_teaser_cards("en", HEADLINE["en"], EN_BRIEF, EN[:3],
                                                                           dated=True), "/economy/central-bank", EN_BRIEF),
    "en_brief_listing_like_cards_under_it_undated": (brief_with_teaser_cards("en", HEADLINE["en"], EN_BRIEF, EN[:3],
                                                                             dated=False), "/economy/central-bank",
                                                     EN_BRIEF),
    "ar_brief_listing_like_cards_under_it_undated": (brief_with_teaser_cards("ar", HEADLINE["ar"], AR_BRIEF, AR,
                                                                             dated=False), "/اقتصاد/المركزي",
                                                     AR_BRIEF),
    "en_story_made_of_linked_items": (list_story("en", "Four reads on the Gaza truce", LIST_INTRO, EN),
                                      "/2025/06/02/four-reads/", EN[3].summary),
    "en_story_made_of_linked_items_undated": (list_story("en", "Four reads on the Gaza truce", LIST_INTRO, EN,
                                                         dated=False, ld=False), "/features/four-reads",
                                              EN[3].summary),
    "en_one_paragraph_and_a_tweet": (tweet_story("en", "Aid lorries move at crossing", EN_BRIEF, EN[:3]),
                                     "/2025/06/02/aid-lorries-move/", EN_BRIEF),
    "en_one_paragraph_and_a_tweet_undated": (tweet_story("en", "Aid lorries move at crossing", EN_BRIEF, EN[:3],
                                                         dated=False), "/news/aid-lorries-move", EN_BRIEF),
    # a tag's name linked in each paragraph: sibling blocks that each hold one link elsewhere
    "ar_story_linking_a_tag_in_each_paragraph": (tagged_story("p"), "/news/45123",
                                                 AR_TAGGED_PARAGRAPHS[2].split("</a>")[1].strip()),
    "ar_story_linking_a_tag_in_each_div": (tagged_story("div"), "/news/45123",
                                           AR_TAGGED_PARAGRAPHS[2].split("</a>")[1].strip()),
}


# Undated, unsigned stories whose boxes look like cards: each was refused as a listing by the first
# few-card rule, which counted only the words outside the boxes it took for cards.
LIVE = "/news/live/gaza-day-240"
BOXED_STORIES = {
    # 738 words in three sections, each closing on a "Read more:" link
    "en_feature_in_sections_each_closing_on_a_read_more_link": (sectioned_feature(4), "/features/rafah-crossing",
                                                               EN_FEATURE_PARAGRAPH),
    "en_short_feature_in_sections_each_closing_on_a_read_more_link": (sectioned_feature(1),
                                                                      "/features/rafah-crossing",
                                                                      EN_FEATURE_PARAGRAPH),
    # the same under a headline of a few words: the boxes' shape alone tells them from teasers
    "en_feature_in_sections_under_a_short_headline": (sectioned_feature(4, headline="Waiting at Rafah"),
                                                      "/features/rafah-crossing", EN_FEATURE_PARAGRAPH),
    "en_feature_in_sections_linking_one_story_under_a_short_headline": (
        sectioned_feature(1, headline="Waiting at Rafah", same_target=True), "/features/rafah-crossing",
        EN_FEATURE_PARAGRAPH),
    "ar_story_box_beside_one_pick_box": (ar_story_beside_one_pick(), "/news/55123", AR_STORY[3]),
    "ar_story_split_by_an_ad_read_also_in_each_part": (ar_story_split_by_an_ad(), "/news/55123", AR_STORY[2]),
    "fr_results_roundup_matches_boxed": (fr_results_roundup(), "/sport/botola-12e-journee-resultats",
                                         FR_MATCHES[2][2]),
    "ar_qa_explainer_boxed_questions": (ar_qa_explainer(), "/news/55200", AR_QUESTIONS[1][2]),
    "en_live_blog_entries_link_their_permalinks": (live_blog_with_permalinks(LIVE), LIVE, EN_LIVE_ENTRIES[4][1]),
    # four entries (this rule's number of cards) under a name-like headline: only the links to the
    # page itself tell them from cards
    "en_live_blog_of_four_entries_under_a_short_headline": (
        live_blog_with_permalinks(LIVE, 4, headline="Gaza: live"), LIVE, EN_LIVE_ENTRIES[3][1]),
}


@pytest.mark.parametrize("case", sorted(BOXED_STORIES))
def test_a_story_in_boxes_that_each_link_to_one_page_is_stored(case):
    html, path, text = BOXED_STORIES[case]
    result = extract_article(html, SITE + path, raise_errors=True)
    assert result.article is not None, result.reason
    assert text in result.article.body


@pytest.mark.parametrize("case", sorted(LISTINGS))
def test_a_page_of_a_few_teaser_cards_is_not_stored(case):
    html, path = LISTINGS[case]
    result = extract_article(html, SITE + path, raise_errors=True)
    assert result.article is None
    assert result.reason == "not_article"


@pytest.mark.parametrize("case", sorted(LISTING_CONTROLS))
def test_listings_refused_before_stay_refused(case):
    html, path = LISTING_CONTROLS[case]
    assert extract_article(html, SITE + path, raise_errors=True).article is None


@pytest.mark.parametrize("case", sorted(ARTICLES))
def test_a_short_story_that_links_to_a_few_others_is_stored(case):
    html, path, text = ARTICLES[case]
    result = extract_article(html, SITE + path, raise_errors=True)
    assert result.article is not None, result.reason
    assert text in result.article.body


def test_a_dossier_dated_as_an_article_is_left_to_extraction():
    # a CMS that stamps article:published_time on the dossier: the page declares a dated
    # article, which this rule does not overrule
    html = wp_tag_page("en", "Gaza truce", EN, intro=INTRO).replace(
        "</head>", '<meta property="article:published_time" content="2025-06-02T10:00:00+03:00"></head>')
    assert extract_article(html, SITE + "/dossier/gaza-truce/", raise_errors=True).article is not None


# --- the pure function ---------------------------------------------------------------------------

def _cards_page(cards: str, own: str = "", h1: str = "Elections") -> str:
    return (f"<html><body><main><h1>{h1}</h1>{own}<div class='list'>{cards}</div></main></body></html>")


def _card(n: int, tag: str = "div") -> str:
    return (f"<{tag} class='c'><a href='/news/story-{n}'><img src='/i.jpg'></a><h3><a href='/news/story-{n}'>"
            f"Headline number {n} of the list</a></h3><p>Summary {n}: the minister said the vote would be held in "
            f"the autumn, as planned.</p></{tag}>")


def _summaries(*numbers: int) -> list[str]:
    return [f"Summary {n}: the minister said the vote would be held in the autumn, as planned." for n in numbers]


def test_two_repeated_cards_holding_the_body_are_a_listing():
    tree = fromstring(_cards_page(_card(1) + _card(2)))
    assert _body_in_few_cards(tree, _summaries(1, 2), "Elections", SITE + "/dossier/elections", min_words=40)


def test_one_card_is_a_story_and_its_teaser():
    tree = fromstring(_cards_page(_card(1)))
    assert not _body_in_few_cards(tree, _summaries(1) * 2, "Elections", SITE + "/dossier/elections", min_words=40)


def test_cards_of_different_tags_are_no_repeated_template():
    tree = fromstring(_cards_page(_card(1, "div") + _card(2, "section")))
    assert not _body_in_few_cards(tree, _summaries(1, 2), "Elections", SITE + "/dossier/elections", min_words=40)


def test_text_of_a_story_outside_the_cards_makes_an_article():
    own = f"<p>{EN_BRIEF}</p>"
    tree = fromstring(_cards_page(_card(1) + _card(2) + _card(3) + _card(4), own=own))
    paragraphs = [EN_BRIEF, *_summaries(1, 2, 3, 4)]
    assert not _body_in_few_cards(tree, paragraphs, "Elections", SITE + "/news/rates", min_words=40)


def test_a_line_of_description_beside_the_cards_is_a_listing_s():
    own = "<p>Our coverage of the vote, the campaign and the results, region by region.</p>"
    tree = fromstring(_cards_page(_card(1) + _card(2) + _card(3), own=own))
    paragraphs = ["Our coverage of the vote, the campaign and the results, region by region.", *_summaries(1, 2, 3)]
    assert _body_in_few_cards(tree, paragraphs, "Elections", SITE + "/dossier/elections", min_words=40)


def test_cards_under_a_headline_are_a_story_s_items():
    # a results round-up, a Q&A: the page is titled with a sentence, a listing with a name
    tree = fromstring(_cards_page(_card(1) + _card(2), h1="Elections: the results of the vote, region by region"))
    assert not _body_in_few_cards(tree, _summaries(1, 2), "Elections", SITE + "/news/results", min_words=40)


def test_cards_under_a_name_of_five_words_are_a_listing():
    tree = fromstring(_cards_page(_card(1) + _card(2), h1="Municipal elections in the north"))
    assert _body_in_few_cards(tree, _summaries(1, 2), "Elections", SITE + "/dossier/elections", min_words=40)


def test_boxes_that_open_on_their_text_and_close_on_a_link_are_no_cards():
    parts = "".join(f"<div class='part'><p>{s}</p><p><a href='/news/story-{n}'>Read more: headline number {n} of "
                    f"the list</a></p></div>" for n, s in zip((1, 2, 3), _summaries(1, 2, 3)))
    tree = fromstring(_cards_page(parts))
    assert not _body_in_few_cards(tree, _summaries(1, 2, 3), "Elections", SITE + "/news/elections", min_words=40)


def test_a_label_and_a_date_ahead_of_the_headline_leave_a_card_a_teaser():
    cards = "".join(_card(n).replace("<h3>", "<span class='kicker'>Politics · 2 June 2025</span><h3>") for n in (1, 2))
    tree = fromstring(_cards_page(cards))
    assert _body_in_few_cards(tree, _summaries(1, 2), "Elections", SITE + "/dossier/elections", min_words=40)


def test_a_box_holding_more_than_a_summary_is_the_page_s_own_text():
    # a linked heading over a story's paragraphs: 2 x 56 words of text outside any card
    long = [f"{s} {s} {s} {s}" for s in _summaries(1, 2)]
    cards = "".join(_card(n).replace(s, t) for n, s, t in zip((1, 2), _summaries(1, 2), long))
    tree = fromstring(_cards_page(cards))
    assert not _body_in_few_cards(tree, long, "Elections", SITE + "/dossier/elections", min_words=40)


def test_five_cards_are_left_to_the_five_card_checks():
    tree = fromstring(_cards_page("".join(_card(n) for n in range(1, 6))))
    assert not _body_in_few_cards(tree, _summaries(1, 2, 3, 4, 5), "Elections", SITE + "/dossier/elections",
                                  min_words=40)
    tree = fromstring(_cards_page("".join(_card(n) for n in range(1, 5))))
    assert _body_in_few_cards(tree, _summaries(1, 2, 3, 4), "Elections", SITE + "/dossier/elections", min_words=40)


def test_cards_linking_twice_to_one_page_are_no_listing_s():
    cards = _card(1) + _card(2) + _card(3).replace("/news/story-3", "/news/story-2")
    tree = fromstring(_cards_page(cards))
    assert not _body_in_few_cards(tree, _summaries(1, 2, 3), "Elections", SITE + "/dossier/elections", min_words=40)


def test_cards_linking_to_the_page_itself_with_a_query_make_none():
    cards = "".join(_card(n).replace(f"/news/story-{n}", f"/dossier/elections?update={n}") for n in (1, 2, 3))
    tree = fromstring(_cards_page(cards))
    assert not _body_in_few_cards(tree, _summaries(1, 2, 3), "Elections", SITE + "/dossier/elections", min_words=40)


def test_cards_linking_to_the_page_itself_or_another_site_make_none():
    cards = _card(1).replace("/news/story-1", SITE + "/dossier/elections") + _card(2).replace(
        "/news/story-2", "https://other.example/news/story-2")
    tree = fromstring(_cards_page(cards))
    assert not _body_in_few_cards(tree, _summaries(1, 2), "Elections", SITE + "/dossier/elections", min_words=40)


@pytest.mark.parametrize(("href", "path"), [
    ("/news/story-1/", "/news/story-1"),
    ("https://courier.example/news/story-1#comments", "/news/story-1"),
    ("//courier.example/news/story-1", "/news/story-1"),
    ("/article.php?id=45", "/article.php?id=45"),  # a query names the story on old CMSs
    ("https://courier.example", None),  # the home page
    ("/", None),
    ("https://other.example/news/story-1", None),
    ("mailto:desk@courier.example", None),
    ("javascript:void(0)", None),
    ("#top", None),
])
def test_the_site_path_a_card_links_to(href, path):
    assert _site_path(href, "courier.example") == path
