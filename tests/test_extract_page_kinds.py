"""Page kinds and their metadata (probe 8): a columnist's note under the column, a translator's
credit, a press release's contact box, and the later pages of a paginated article.

Each rule is tested both ways: the chrome goes, and a look-alike line of a story stays. The golden
pages of the same kinds are in ``tests/golden/extraction`` (``en_opinion_writer_note_asterisk_long_disclaimer``,
``ar_opinion_writer_note_unstarred_title_line``, ``en_press_release_media_contact_box_source_kept``,
``en_translator_credit_line_atop_story``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.items import PageItem
from crawler.processing import PageContext, analyse_page
from crawler.storage import ArticleStore
from crawler.urls import choose_canonical, is_later_page_of
from tests.conftest import rows
from tests.sitegen import COURIER_STORY, courier_page

STORY = COURIER_STORY


def page(lang: str, *, before: str = "", after: str = "", byline: str = "") -> str:
    """A signed WordPress-like article page: ``before`` and ``after`` are HTML set in the story's
    container around its paragraphs."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY[lang])
    return courier_page(lang, "Municipal bonds", before + paragraphs + after, byline=byline, og_article=False)


def body_of(html: str, lang: str, url: str = "https://courier.example/2025/06/02/municipal-bonds/") -> str:
    result = extract_article(html, url, languages=[lang],
                             raise_errors=True)
    assert result.article is not None, result.reason
    return result.article.body


EN_BYLINE = 'By <a href="/author/hani-khoury/">Hani Khoury</a>'
AR_BYLINE = '<a class="writer-name" href="/writer/12">سامر العبادي</a>'


# --- the writer's note under a column ------------------------------------------------------------

def test_a_long_starred_note_presenting_the_writer_goes():
    note = ("* The writer is a professor of water policy at the University of Jordan and a former adviser to the "
            "Ministry of Water and Irrigation.")
    body = body_of(page("en", after=f"<p><em>{note}</em></p>", byline=EN_BYLINE), "en")
    assert "The writer is a professor" not in body
    assert STORY["en"][-1] in body


def test_a_long_starred_footnote_that_presents_no_writer_stays():
    footnote = ("* Prices quoted in this report were collected by our correspondents in the markets of Amman, Irbid "
                "and Zarqa on the morning of Sunday, before the new tariff took effect.")
    body = body_of(page("en", after=f"<p>{footnote}</p>", byline=EN_BYLINE), "en")
    assert "Prices quoted in this report" in body


@pytest.mark.parametrize("url", ["https://courier.example/opinion/2025/06/02/municipal-bonds/",
                                 "https://courier.example/%D8%B1%D8%A3%D9%8A/2025/06/02/municipal-bonds/"])
def test_an_unstarred_arabic_writer_note_under_a_signed_column_goes(url):
    note = "كاتب وباحث في شؤون المياه والبيئة، وأستاذ سابق في الجامعة الأردنية."
    body = body_of(page("ar", after=f"<p>{note}</p>", byline=AR_BYLINE), "ar", url)
    assert "كاتب وباحث" not in body
    assert STORY["ar"][-1] in body


def test_an_unstarred_title_line_under_a_signed_news_story_stays():
    # (review 2: an obituary's, an appointee's bio closing a news story; opinion pages only)
    note = "كاتب وباحث في شؤون المياه والبيئة، وأستاذ سابق في الجامعة الأردنية."
    body = body_of(page("ar", after=f"<p>{note}</p>", byline=AR_BYLINE), "ar")
    assert note in body


def test_only_one_unstarred_writer_note_goes_on_an_opinion_page():
    notes = ("أستاذ في كلية الهندسة بجامعة العلوم والتكنولوجيا، وشغل منصب عميد البحث العلمي.",
             "باحث في هندسة المواد، ونشر عشرات الأبحاث المحكمة في مجلات دولية.")
    body = body_of(page("ar", after="".join(f"<p>{n}</p>" for n in notes), byline=AR_BYLINE), "ar",
                   "https://courier.example/opinion/2025/06/02/municipal-bonds/")
    assert notes[0] in body and notes[1] not in body


@pytest.mark.parametrize("last", [
    # a sentence about someone named in it, opening with his title
    "أستاذ العلوم السياسية في جامعة اليرموك محمد الخطيب يرى أن الانتخابات المقبلة ستكون مختلفة.",
    # a reporter who says something
    "صحفي في جريدة محلية قال إن الحكومة تراجعت عن القرار بعد احتجاجات التجار.",
    # a title line with a figure: the story's fact
    "باحث في الجامعة الأردنية أحصى 40 بلدية تطلب الاقتراض منذ عام 2020.",
])
def test_a_story_s_last_paragraph_opening_with_a_title_stays(last):
    body = body_of(page("ar", after=f"<p>{last}</p>", byline=AR_BYLINE), "ar")
    assert last in body


def test_an_unstarred_title_line_on_a_page_without_an_author_stays():
    note = "كاتب وباحث في شؤون المياه والبيئة، وأستاذ سابق في الجامعة الأردنية."
    body = body_of(page("ar", after=f"<p>{note}</p>"), "ar")
    assert note in body


# --- a translator's credit -----------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "credit"), [
    ("en", "<em>Translated from Arabic by Mona Farid</em>"),
    ("en", "<em>Translated from the French by Mona Farid.</em>"),
    ("en", "Translation: Mona Farid"),
    ("ar", "<em>ترجمة: منى فريد</em>"),
    ("ar", "ترجمة وتحرير: منى فريد"),
])
def test_a_translator_s_credit_alone_on_its_line_goes_and_is_no_author(lang, credit):
    byline = EN_BYLINE if lang == "en" else AR_BYLINE
    html = page(lang, before=f"<p>{credit}</p>", byline=byline)
    result = extract_article(html, "https://courier.example/2025/06/02/municipal-bonds/", languages=[lang],
                             raise_errors=True)
    assert result.article.body.startswith(STORY[lang][0])
    assert "Mona Farid" not in result.article.authors and "منى فريد" not in result.article.authors


@pytest.mark.parametrize("line", [
    "Translated by Mona Farid, the novel won the Naguib Mahfouz prize in 2019 and sold widely.",
    "Translation: the ministry said the talks had failed.",
    "ترجمة: صدر الكتاب في بيروت عام 2010 عن دار الساقي.",
])
def test_a_sentence_opening_like_a_translator_s_credit_stays(line):
    lang = "en" if line.isascii() else "ar"
    body = body_of(page(lang, after=f"<p>{line}</p>", byline=EN_BYLINE if lang == "en" else AR_BYLINE), lang)
    assert line in body


# --- a press release's contact box ---------------------------------------------------------------

def test_a_press_release_s_media_contact_box_goes_and_its_about_paragraph_stays():
    after = ("<p><strong>About Aqaba Green Energy</strong></p><p>Aqaba Green Energy develops, finances and operates "
             "solar and wind projects in Jordan and Iraq.</p><p><strong>Media Contact:</strong><br>Dana Abu "
             "Ghazaleh<br>Communications Manager<br>+962 6 555 0123<br>media@aqabagreen.example</p>"
             "<p>SOURCE Aqaba Green Energy</p>")
    body = body_of(page("en", after=after), "en")
    assert "develops, finances and operates" in body and "SOURCE Aqaba Green Energy" in body
    for chrome in ("Media Contact", "Dana Abu Ghazaleh", "Communications Manager", "555 0123", "media@"):
        assert chrome not in body


def test_a_contact_box_on_one_line_goes():
    body = body_of(page("en", after="<p>Press contact: Salma Idrissi, +212 6 61 23 45 67</p>"), "en")
    assert "Press contact" not in body and "Salma Idrissi" not in body


@pytest.mark.parametrize("lines", [
    # the label opening a sentence
    ["Media contact: the ministry declined to answer questions about the delay."],
    # a contact box without a phone number or an address is the story's words
    ["Press relations", "Dana Abu Ghazaleh"],
    # a span of years is no phone number
    ["Media relations", "2019 - 2025"],
])
def test_lines_that_look_like_a_contact_box_stay(lines):
    body = body_of(page("en", after="".join(f"<p>{line}</p>" for line in lines)), "en")
    for line in lines:
        assert line in body


def test_a_hotline_in_the_story_stays():
    line = "Residents can report leaks to the water authority's hotline on 117 117 or +962 6 566 6111."
    body = body_of(page("en", after=f"<p>{line}</p>"), "en")
    assert line in body


# --- the later pages of a paginated article ------------------------------------------------------

@pytest.mark.parametrize(("later", "first"), [
    ("https://levantpost.example/2025/06/02/dead-sea-race/2", "https://levantpost.example/2025/06/02/dead-sea-race"),
    ("https://alghad.example/article/88231/3", "https://alghad.example/article/88231"),
    ("https://q.example/societe/le-maroc-face-a-la-secheresse?page=1", "https://q.example/societe/le-maroc-face-a-la-secheresse"),
    ("https://q.example/news.php?id=4521&page=2", "https://q.example/news.php?id=4521"),
])
def test_a_later_page_of_an_article_keeps_its_own_address_as_canonical(later, first):
    assert is_later_page_of(later, first)
    assert choose_canonical(later, first, None, []) == later


@pytest.mark.parametrize(("page_url", "canonical"), [
    # an AMP copy, a year at the end, an id that is the article's: the declared canonical is the story
    ("https://q.example/2025/06/02/story-slug/amp/", "https://q.example/2025/06/02/story-slug"),
    ("https://q.example/news/story-slug/2025", "https://q.example/news/story-slug"),
    ("https://q.example/article/88231/1", "https://q.example/article/88231"),
    ("https://q.example/2025/06/02/other-story/2", "https://q.example/2025/06/02/story-slug"),
])
def test_a_canonical_that_is_no_first_page_of_the_page_is_still_taken(page_url, canonical):
    assert choose_canonical(page_url, canonical, None, []) == canonical


def paginated_page(number: int, paragraphs: list[str]) -> bytes:
    first = "https://courier.example/2025/06/02/dead-sea-race/"
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Inside the race to save the Dead Sea - The Courier</title><link rel="canonical" href="{first}">
<meta property="article:published_time" content="2025-06-02T09:15:00+03:00"></head><body>
<main><article><h1>Inside the race to save the Dead Sea</h1><div class="entry-content">{text}
<div class="page-links">Pages: <a href="{first}">1</a> <a href="{first}2/">2</a> <a href="{first}3/">3</a></div>
<p><a href="{first}{number + 1}/">Next page</a></p></div></article></main></body></html>""".encode()


def test_page_two_of_an_article_declaring_page_one_canonical_does_not_replace_page_one(tmp_path: Path):
    # page 2 declares page 1 as its canonical: it was stored as a new version of page 1, whose
    # text was then left only in article_revisions
    one = ["The shoreline at Suwayma has retreated more than a kilometre since the hotel opened in the 1990s, and "
           "the staff now drive guests to the water in a golf cart that leaves every fifteen minutes.",
           "The Dead Sea is falling by more than a metre a year, according to the Jordan Valley Authority, and the "
           "sinkholes that open along its shores have swallowed roads, date groves and a campsite."]
    two = ["At the Arab Potash Company's evaporation ponds south of the lake, managers say the company pumps less "
           "brine than it did a decade ago, and that its ponds return part of the water to the southern basin.",
           "Environmental groups dispute that account. A report published last year estimated that the mineral "
           "industry on both shores accounts for about a third of the annual decline."]
    context = PageContext(domains=("courier.example",))
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    outcomes = []
    for number, url, paragraphs in ((1, "https://courier.example/2025/06/02/dead-sea-race/", one),
                                    (2, "https://courier.example/2025/06/02/dead-sea-race/2/", two)):
        result = analyse_page(PageItem(url=url, body=paginated_page(number, paragraphs), site="courier",
                                       fetched_at="2025-06-02T12:00:00+00:00"), context)
        assert result.article is not None and "Next page" not in result.article.body
        outcomes.append(store.save(result.article).status)
    store.close()
    assert outcomes == ["new", "new"]
    stored = rows(database, "SELECT url, canonical_url, body, version FROM articles ORDER BY id")
    assert [r["canonical_url"] for r in stored] == ["https://courier.example/2025/06/02/dead-sea-race",
                                                    "https://courier.example/2025/06/02/dead-sea-race/2"]
    assert stored[0]["body"].startswith("The shoreline at Suwayma") and stored[0]["version"] == 1
    assert stored[1]["body"].startswith("At the Arab Potash Company")
    # page 1's address still leads to page 1 (it led to page 2, the last article that named it as
    # its canonical: the next crawl's "already stored" and "gone" checks read this table)
    seen = rows(database, "SELECT url_key, article_id FROM seen_urls ORDER BY url_key")
    assert {r["article_id"] for r in seen if not r["url_key"].endswith("/2")} == {1}
