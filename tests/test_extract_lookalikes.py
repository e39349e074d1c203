"""Specifications of story text that looks like chrome (generalisation audit, second batch).

Each rule that drops a teaser, cuts at a heading or reads a byline has an innocent twin on sites
nobody here has seen: a story sentence opening with a teaser's words, a subheading spelled like a
"related" heading, an event's name before a city, a first name that is also a city. Each test
checks both directions: the twin stays, the chrome the rule was written for still goes.
"""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_authors, clean_paragraphs, clean_title
from crawler.extract import extract_article

LEDE = ("The port authority said on Monday that container traffic rose by a fifth in the first half of the "
        "year, helped by new shipping lines to East Africa and lower handling fees.")
LAST = ("Unions welcomed the figures but warned that dock workers' wages had not kept pace with prices, and "
        "said they would press for a new agreement before the end of the year.")
FR_LEDE = ("Le ministère a annoncé lundi que les exportations de phosphates ont augmenté de dix pour cent au "
           "premier trimestre, portées par la demande des pays d'Asie du Sud.")
FR_LAST = ("Les syndicats ont salué ces chiffres tout en rappelant que les salaires des mineurs n'avaient pas "
           "suivi la hausse des prix depuis trois ans.")
AR_LEDE = "قال المتحدث باسم الوزارة إن الطرفين اتفقا على تبادل ألف أسير من كل جانب في أكبر عملية تبادل منذ بداية الحرب."
AR_LAST = "وأضاف أن الاجتماع الذي استمر أقل من ساعتين ركز على الملفات الإنسانية وعلى ترتيبات وقف إطلاق النار."


# --- teaser labels without a separator ------------------------------------------------------------

@pytest.mark.parametrize("lede, label, headline, last", [
    (LEDE, "Also Read", "Ukraine launches new offensive in the east", LAST),
    (LEDE, "See Also", "Dockers vote on the new deal today", LAST),
    (FR_LEDE, "Lire aussi", "Le Maroc signe un accord gazier avec le Nigeria", FR_LAST),
    (AR_LEDE, "اقرأ أيضا", "وزير الخارجية يلتقي نظيره التركي في أنقرة", AR_LAST),
    (AR_LEDE, "شاهد أيضا", "وزير الخارجية يلتقي نظيره التركي في أنقرة", AR_LAST),
])
def test_a_teaser_label_before_another_story_s_headline_with_only_a_space_between_goes(lede, label, headline, last):
    # "Also Read <a>Ukraine launches …</a>": no colon, the headline's capital (or its link) tells it
    paragraphs = [lede, f"{label} {headline}", last]
    assert clean_paragraphs(paragraphs, link_texts=[headline]) == [lede, last]
    # glued to the paragraph's end too
    assert clean_paragraphs([f"{lede} {label} {headline}", last], link_texts=[headline]) == [lede, last]


def test_a_latin_teaser_label_before_an_unlinked_headline_still_goes():
    # no link to go by: the capital after the label and no closing full stop make the headline
    headline = "Ukraine launches new offensive in the east"
    assert clean_paragraphs([LEDE, f"Also Read {headline}", LAST]) == [LEDE, LAST]
    assert clean_paragraphs([f"{LEDE} Also Read {headline}", LAST]) == [LEDE, LAST]


@pytest.mark.parametrize("lede, sentence", [
    (FR_LEDE, "Ne manquez pas l'exposition qui ouvre ses portes samedi au musée de la ville."),
    (FR_LEDE, "Voir aussi la carte des zones concernées publiée par la préfecture."),
    (FR_LEDE, "En savoir plus sur les aides prévues par le décret demande une visite en préfecture."),
    (LEDE, "See more than 40 exhibitors at the fair this weekend."),
    (LEDE, "Do not miss the chance to see the exhibition before it closes on May 3."),
    (LEDE, "Do not miss The Crown, whose last season comes out on Friday."),
    (AR_LEDE, "تابع أيضا المجلس أشغال تهيئة الطريق الرابط بين الحي والسوق."),
    (AR_LEDE, "طالع أيضا الوفد مشاريع الري في المنطقة قبل مغادرتها مساء الأحد."),
])
def test_a_story_sentence_opening_with_a_teaser_s_words_stays_glued_or_alone(lede, sentence):
    # the label's words opening a sentence of the story ("the council also followed up …"): a
    # lower-case word after them, a closing full stop, no link with that text
    assert clean_paragraphs([f"{lede} {sentence}", LAST]) == [f"{lede} {sentence}", LAST]
    assert clean_paragraphs([lede, sentence, LAST]) == [lede, sentence, LAST]


@pytest.mark.parametrize("paragraph", [
    "تابع أيضا المجلس الجماعي أشغال تهيئة الطريق الرابط بين الحي والسوق الأسبوعي.",
    "شاهد أيضا الحضور عرضا فنيا قدمته فرقة محلية في ساحة المدينة.",
])
def test_an_arabic_paragraph_opening_with_a_past_tense_teaser_verb_stays(paragraph):
    # تابع/شاهد/طالع are also "he followed/saw/reviewed": without a separator, only a link's text
    # after them is a teased headline
    assert clean_paragraphs([AR_LEDE, paragraph, AR_LAST]) == [AR_LEDE, paragraph, AR_LAST]
    assert clean_paragraphs([AR_LEDE, "شاهد أيضا: فيديو اللقاء", AR_LAST]) == [AR_LEDE, AR_LAST]


# --- terminal headings ----------------------------------------------------------------------------

MIDDLE = ("Officials expect the new terminal, built with a loan from a regional development bank, to open to "
          "ships in the spring after two years of delays caused by disputes over land.")
FR_MIDDLE = ("Selon le ministère, la nouvelle usine de Jorf Lasfar, financée par un prêt bancaire, entrera en "
             "service au printemps après deux années de retard dues à des litiges fonciers.")
AR_MIDDLE = ("وأوضح المسؤول أن المحطة الجديدة التي مولها بنك إقليمي للتنمية ستفتح أبوابها في الربيع بعد عامين "
             "من التأخير بسبب نزاعات عقارية.")


@pytest.mark.parametrize("lede, heading, middle, last", [
    (LEDE, "More from the interview", MIDDLE, LAST),
    (LEDE, "About the author", MIDDLE, LAST),   # a book review's section on the book's author
    (LEDE, "Recommended", MIDDLE, LAST),
    (FR_LEDE, "Commentaires", FR_MIDDLE, FR_LAST),
    (AR_LEDE, "المزيد من قصص النجاح", AR_MIDDLE, AR_LAST),
])
def test_a_subheading_spelled_like_a_terminal_heading_keeps_the_story_under_it(lede, heading, middle, last):
    paragraphs = [lede, middle, heading, last, f"{last.rstrip('.')} again."]
    assert clean_paragraphs(paragraphs) == paragraphs


@pytest.mark.parametrize("lede, heading, middle, last", [
    (LEDE, "More from the interview", MIDDLE, LAST),
    (LEDE, "Related articles", MIDDLE, LAST),
    (FR_LEDE, "Commentaires", FR_MIDDLE, FR_LAST),
    (AR_LEDE, "مقالات ذات صلة", AR_MIDDLE, AR_LAST),
])
def test_a_terminal_heading_over_linked_headlines_or_a_bio_still_ends_the_story(lede, heading, middle, last):
    headline = "Dockers vote on the new deal today in the capital"
    # over other stories' headlines (a link's text), even with a summary that reads like prose
    assert clean_paragraphs([lede, last, heading, headline, middle], link_texts=[headline]) == [lede, last]
    # over one paragraph and the page's end (a writer's bio, a reader's comment)
    assert clean_paragraphs([lede, last, heading, middle]) == [lede, last]
    # over short lines: readers' names, dates, "No comments yet"
    assert clean_paragraphs([lede, last, heading, "Karim B.", "12 mars 2025", middle]) == [lede, last]


# --- "Name - City" first lines --------------------------------------------------------------------

def _extracted(body_html: str, head: str = ""):
    title = "اتفاق على تبادل الأسرى" if "\u0627" in body_html else "Port traffic rises"
    language = "ar" if title[0] == "ا" else "en"
    page = (f"<html lang='{language}'><head><title>{title}</title>{head}</head><body><header><nav>"
            f"<a href='/'>Home</a>"
            f"</nav></header><article><h1>{title}</h1>{body_html}</article><footer>Contact</footer>"
            f"</body></html>")
    result = extract_article(page, "https://news.example/2025/03/02/port-traffic", min_words=5, raise_errors=True)
    assert result.article is not None, result.reason
    return result.article


STORY = "".join(f"<p>{p}</p>" for p in (LEDE, MIDDLE, LAST))
AR_STORY = "".join(f"<p>{p}</p>" for p in (AR_LEDE, AR_MIDDLE, AR_LAST))


@pytest.mark.parametrize("kicker, story", [
    ("Climate Summit - Dubai", STORY),
    ("Donors Conference (Brussels)", STORY),
    ("قمة عربية طارئة - القاهرة", AR_STORY),
    ("مؤتمر المانحين - بروكسل", AR_STORY),
])
def test_an_event_over_its_city_opening_the_story_is_its_kicker_not_its_author(kicker, story):
    # capitals and word counts cannot tell "Climate Summit" from a reporter's name: with nothing on
    # the page setting the line apart as the byline, it is the story's text
    article = _extracted(f"<div class='article-body'><p>{kicker}</p>{story}</div>")
    assert article.authors == []
    assert article.body.split("\n\n")[0] == kicker


@pytest.mark.parametrize("byline, name, story", [
    ("Salem Al Dosari - Dammam", "Salem Al Dosari", STORY),
    ("سالم الدوسري - الدمام", "سالم الدوسري", AR_STORY),
    ("هالة سعيد (أبوظبي)", "هالة سعيد", AR_STORY),
])
def test_a_reporter_over_their_city_set_apart_as_the_byline_is_the_author(byline, name, story):
    # in the page's writer element, above or inside the story's container
    article = _extracted(f"<div class='writer'><b>{byline}</b></div><div class='article-body'>{story}</div>")
    assert article.authors == [name] and byline not in article.body
    article = _extracted(f"<div class='article-body'><p class='post-byline'>{byline}</p>{story}</div>")
    assert article.authors == [name] and byline not in article.body
    # or named by the page's author metadata
    article = _extracted(f"<div class='article-body'><p>{byline}</p>{story}</div>",
                         head=f"<meta name='author' content='{name}'>")
    assert article.authors == [name] and byline not in article.body


# --- a bold line closing the story ----------------------------------------------------------------

@pytest.mark.parametrize("closing", ["Eid Mubarak", "Ramadan Kareem", "Aïd Moubarak Saïd", "Vive le Roi",
                                     "Long Live the King", "Happy New Year"])
def test_a_wish_in_bold_closing_the_story_is_text_not_its_signature(closing):
    article = _extracted(f"<div class='entry-content'>{STORY}<p><strong>{closing}</strong></p></div>")
    assert article.authors == []
    assert article.body.split("\n\n")[-1] == closing


@pytest.mark.parametrize("name", ["Kamel Benelkadi", "Karim Ramadan", "Saïd Mubarak", "Eid Al Harbi"])
def test_a_writer_s_name_in_bold_closing_the_story_is_still_its_signature(name):
    # the words of a feast's greeting are given names and surnames too: only the greeting as a
    # whole is no name
    article = _extracted(f"<div class='entry-content'>{STORY}<p><strong>{name}</strong></p></div>")
    assert article.authors == [name]
    assert article.body.split("\n\n") == [LEDE, MIDDLE, LAST]


# --- a first name that is also a city -------------------------------------------------------------

@pytest.mark.parametrize("name", ["Sanaa El Aji", "Doha Mohamed Salem", "Amman Ali Hassan", "Aden Omar Farah"])
def test_a_latin_first_name_spelled_like_a_city_is_part_of_the_name(name):
    assert clean_authors([name]) == [name]
    article = _extracted(f"<div class='article-body'>{STORY}</div>", head=f"<meta name='author' content='{name}'>")
    assert article.authors == [name]


@pytest.mark.parametrize("byline, name", [("الرياض سارة العتيبي", "سارة العتيبي"),
                                          ("دبي محمد إبراهيم", "محمد إبراهيم")])
def test_an_arabic_city_run_into_the_reporter_s_name_still_goes(byline, name):
    # the colon after the city lost upstream ("الرياض: سارة العتيبي"): Arabic cities are no given names
    assert clean_authors([byline]) == [name]


# --- "<Name> writes:" before a headline -----------------------------------------------------------

@pytest.mark.parametrize("title", [
    "Macron écrit : « La France restera aux côtés du Maroc »",     # a statesman's letter: the news
    "Le président Macron écrit : « Nous tiendrons parole »",
    "الرئيس تبون يكتب: الجزائر لن تتراجع",                       # an office, then the name
    "الملك عبدالله الثاني يكتب: الأردن باق على موقفه",
])
def test_a_headline_about_a_statesman_s_letter_keeps_its_writes_prefix(title):
    assert clean_title(title) == title


@pytest.mark.parametrize("title, expected", [
    ("حسين الرواشدة يكتب: من يدفع كلفة الإصلاح الإداري؟", "من يدفع كلفة الإصلاح الإداري؟"),
    ("Rami Khouri writes: The region waits for a plan", "The region waits for a plan"),
    ("Sanaa El Aji écrit : Le corps des femmes, encore", "Le corps des femmes, encore"),
    ("د. أحمد الشريف يكتب: من يدفع فاتورة الديون؟", "من يدفع فاتورة الديون؟"),
])
def test_a_columnist_s_full_name_before_writes_is_still_the_byline_not_the_headline(title, expected):
    assert clean_title(title) == expected


def test_a_full_name_before_writes_that_the_byline_does_not_name_stays_in_the_headline():
    # a statesman's letter, reported and signed by the site's reporter
    headline = "Emmanuel Macron écrit : « La France restera aux côtés du Maroc »"
    head = f"<meta property='og:title' content='{headline}'><meta name='author' content='Jane Doe'>"
    assert _extracted(f"<div class='article-body'>{STORY}</div>", head=head).title == headline
    # the columnist the byline names, as the page spells them, in any script
    for writer in ("Rami Khouri", "Rami G. Khouri", "رامي خوري"):
        head = (f"<meta property='og:title' content='Rami Khouri writes: The region waits for a plan'>"
                f"<meta name='author' content='{writer}'>")
        assert _extracted(f"<div class='article-body'>{STORY}</div>", head=head).title == "The region waits for a plan"
