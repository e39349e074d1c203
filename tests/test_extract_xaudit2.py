"""Audit 2 of regional layouts (Gulf, Levant, Maghreb outlets' page shapes): the chrome they still
let through, each beside a look-alike of the story's own text that must not change. A teaser label
in sentence case glued to a paragraph's end ("… 15 years. Also read How to …"), a messaging
channel's prompt in two sentences ("Get the latest news updates on your WhatsApp. Follow …", "Want
to stay ahead of the news? Join … on WhatsApp …"), a poll whose radio buttons sit in no form, a
"top stories" box in Arabic or French ("أهم الأخبار", "À la une") closing the story, and an
outlet's "Newsdesk" as the byline. Full signed pages from review 2's page builder
(``tests/test_extract_review2.py``), or the rule's own function."""

from __future__ import annotations

import pytest

from crawler.boilerplate import NOT_A_PERSON, _is_prompt
from crawler.extract import extract_article
from tests.test_extract_rev2left import body_of, rest
from tests.test_extract_review2 import STORY, page, ps

S = STORY["en"]


def lines_of(body: str) -> list[str]:
    return body.split("\n\n")


# --- 1. a teaser label in sentence case glued to a paragraph's end -----------------------------------

LAST = "Previously the income threshold stood at Dh20,000 a month, and applicants needed 15 years of work."


@pytest.mark.parametrize(("glued", "teased"), [
    # the label in bold, the teased headline its link
    ('<strong>Also read</strong> <a href="/uae/visa-renewal/">How to renew your golden visa online in five steps</a>',
     "How to renew your golden visa"),
    # the label's colon, the headline plain text (and a colon of its own)
    ("Read also: Ramadan 2026: Ministry of Islamic Affairs Announces Start Date", "Ministry of Islamic Affairs"),
    ('See also: <a href="/uae/rents/">Dubai rents rise for seventh consecutive quarter</a>', "Dubai rents rise"),
    ('Must read <a href="/uae/salik/">Salik toll gates to charge variable rates from January</a>', "Salik toll gates"),
])
def test_a_sentence_case_teaser_glued_to_a_paragraph_goes(glued, teased):
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{LAST} {glued}</p>" + rest("en", 2)), "en")
    assert teased not in body and "lso read" not in body and "ead also" not in body
    assert LAST in lines_of(body) and S[1] in body and S[2] in body


@pytest.mark.parametrize("sentence", [
    # the words after the label are the story's: lower case, or a sentence with its full stop
    "Also read the full text of the decree on the ministry's website.",
    "Read also the annex, which lists the 14 exempted professions.",
    "Must read Hamlet, the students were told by their teacher.",
])
def test_the_label_words_opening_a_story_sentence_stay(sentence):
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{LAST} {sentence}</p>" + rest("en", 2)), "en")
    assert f"{LAST} {sentence}" in lines_of(body)


# --- 2. a messaging channel's prompt in two sentences ---------------------------------------------

@pytest.mark.parametrize("line", [
    "Get the latest news updates on your WhatsApp. Follow Gulf News channel",
    "Get the latest news alerts on WhatsApp. Follow our channel.",
    "Want to stay ahead of the news? Join MWN on WhatsApp for breaking updates from Morocco.",
    "Vous voulez suivre l'actualité ? Rejoignez Médias Maroc sur WhatsApp pour ne rien manquer.",
])
def test_a_two_sentence_channel_prompt_goes(line):
    assert _is_prompt(line)
    lang = "fr" if line.startswith("Vous") else "en"
    body = body_of(page(lang, "Budget", ps(lang, 3) + f"<p>{line}</p>"), lang)
    assert line not in body and STORY[lang][2] in body


@pytest.mark.parametrize("line", [
    "Residents get the latest news updates on WhatsApp from the municipality, which set up the service in May.",
    "What happens next? Follow-up talks on the WhatsApp outage are set for Monday, officials said.",
    "Why did the service fail? Officials on Monday said the WhatsApp outage lasted six hours.",
])
def test_a_story_sentence_about_a_platform_stays(line):
    assert not _is_prompt(line)
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{line}</p>" + rest("en", 2)), "en")
    assert line in lines_of(body)


# --- 3. a poll whose radio buttons sit in no form --------------------------------------------------

POLL = ('<div class="sondage"><h4>Sondage</h4><p>Utilisez-vous le tramway au quotidien ?</p>'
        '<label><input type="radio" name="v"> Oui</label><label><input type="radio" name="v"> Non</label>'
        "<button>Voter</button></div>")
POLL_AR = ('<div class="vote-box"><h3>استطلاع رأي</h3><p>هل تؤيد القرار الجديد؟</p><ul>'
           '<li><input type="radio" name="q"> نعم</li><li><input type="radio" name="q"> لا</li></ul></div>')


@pytest.mark.parametrize(("lang", "poll", "question"), [
    ("fr", POLL, "Utilisez-vous le tramway"),
    ("ar", POLL_AR, "هل تؤيد القرار"),
])
def test_a_formless_poll_in_the_story_goes(lang, poll, question):
    body = body_of(page(lang, "Budget", ps(lang, 2) + poll + rest(lang, 2)), lang)
    assert question not in body
    assert all(p in body for p in STORY[lang][:4])


def test_a_story_reporting_a_poll_question_keeps_it():
    """The story's own sentences about a survey stay, beside the poll box that goes."""
    told = ("« Utilisez-vous le tramway au quotidien ? », ont demandé les enquêteurs à 2 000 habitants "
            "d'Alger, dont 61 % ont répondu oui.")
    body = body_of(page("fr", "Budget", ps("fr", 2) + f"<p>{told}</p>" + POLL + rest("fr", 2)), "fr")
    assert told in lines_of(body) and "Sondage" not in lines_of(body)


def test_a_single_radio_outside_a_form_is_no_poll():
    """One radio button (a consent toggle, a player's switch) beside the story's text takes nothing."""
    toggle = f'<div class="player"><p>{STORY["fr"][2]}</p><label><input type="radio"> HD</label></div>'
    body = body_of(page("fr", "Budget", ps("fr", 2) + toggle + rest("fr", 3)), "fr")
    assert STORY["fr"][2] in body


# --- 4. a "top stories" box in Arabic or French closing the story ---------------------------------

@pytest.mark.parametrize(("lang", "heading"), [("ar", "أهم الأخبار"), ("ar", "أبرز العناوين"), ("fr", "À la une")])
def test_a_top_stories_box_closing_the_story_goes(lang, heading):
    other = {"ar": ("مقتل 12 شخصاً في غارات على مدينة رفح", "قالت مصادر طبية إن الغارات استهدفت منازل في حي الجنينة."),
             "fr": ("Le gouvernement adopte le projet de loi de finances", "Le texte prévoit une hausse de 8 % du budget.")}
    headline, summary = other[lang]
    box = (f'<section><h2>{heading}</h2><ul><li><a href="/other/1">{headline}</a><p>{summary}</p></li>'
           '</ul></section>')
    body = body_of(page(lang, "Budget", ps(lang) + box), lang)
    assert headline not in body and summary not in body and heading not in body
    assert STORY[lang][-1] in body


def test_a_la_une_subheading_over_the_story_prose_stays():
    """"À la une" over prose (a press review's section) is the story's subheading."""
    prose = ("Les quotidiens du matin consacrent tous leur première page à la hausse des prix du carburant, "
             "décidée hier soir par le gouvernement après trois mois de gel.")
    body = body_of(page("fr", "Revue de presse", ps("fr", 2) + f"<h2>À la une</h2><p>{prose}</p>" + rest("fr", 2)), "fr")
    assert prose in body and STORY["fr"][3] in body


# --- 5. an outlet's newsdesk as the byline -------------------------------------------------------

@pytest.mark.parametrize("desk", ["Naharnet Newsdesk", "Kuwait Times News Desk", "The Peninsula Web Desk", "Newsdesk"])
def test_an_outlets_newsdesk_names_no_one(desk):
    assert NOT_A_PERSON.match(desk)
    html = page("en", "Budget", ps("en"), byline=f'<span class="author">By {desk}</span>')
    result = extract_article(html.encode(), "https://courier.example/2025/06/budget/", languages=("en",))
    assert result.article is not None and result.article.authors == []


@pytest.mark.parametrize("name", ["Deskin Farah", "Rania Newsom", "Hani Khoury"])
def test_a_persons_name_is_no_desk(name):
    assert not NOT_A_PERSON.match(name)
    html = page("en", "Budget", ps("en"), byline=f'<span class="author">By {name}</span>')
    result = extract_article(html.encode(), "https://courier.example/2025/06/budget/", languages=("en",))
    assert result.article is not None and result.article.authors == [name]


# --- 6. a standfirst the lede restates in other spellings --------------------------------------------

def _page_with_standfirst(standfirst: str, lede: str) -> str:
    head = f'<meta property="og:description" content="{standfirst}"><meta name="description" content="{standfirst}">'
    body = f"<p>{lede}</p>" + rest("en", 1)
    return page("en", "Dubai Metro Blue Line: tunnelling begins", body,
                head=head, byline=f'<p class="article-desc">{standfirst}</p>{BYLINE_EN}')


BYLINE_EN = 'By <a href="/author/hani-khoury/">Hani Khoury</a>'


@pytest.mark.parametrize(("standfirst", "lede"), [
    ("The 30km line will connect 14 stations and is due to open in 2029",
     "The 30-kilometre line will connect 14 stations and is due to open in 2029."),
    ("Five-year visa open to retirees with savings of Dh1 million or a monthly income of Dh15,000",
     "The five-year visa is open to retirees with savings of Dh1 million, or a monthly income of Dh15,000."),
])
def test_a_standfirst_the_lede_restates_is_not_put_over_it(standfirst, lede):
    body = body_of(_page_with_standfirst(standfirst, lede), "en")
    assert lines_of(body)[0] == lede and standfirst not in body
    assert S[1] in body


@pytest.mark.parametrize("lede", [
    # the lede goes on past the standfirst's words
    ("Fleet of 120 buses will serve 40 routes by next summer, as Saudi Arabia launched its first electric bus "
     "network in Riyadh on Sunday, officials said at the opening ceremony."),
    # the same news in the lede's own words
    "Tunnel boring machines started digging on Friday the underground stretch of the new line near Mirdif.",
])
def test_a_standfirst_over_a_lede_of_its_own_words_stays(lede):
    standfirst = "The 30km line will connect 14 stations and is due to open in 2029"
    body = body_of(_page_with_standfirst(standfirst, lede), "en")
    assert lines_of(body)[:2] == [standfirst, lede]


# --- 7. a teaser label behind an opening mark, or after no sentence end --------------------------------

MEETING = {"en": "The minister said the meeting would be held next week in Amman with Arab foreign ministers",
           "fr": "Le ministre a indiqué que la réunion se tiendra la semaine prochaine à Alger",
           "ar": "وأشار إلى أن الاجتماع سيعقد في العاصمة عمان الأسبوع المقبل بمشاركة وزراء الخارجية العرب"}
TEASED = {"en": "Jordan raises fuel prices for third month", "fr": "Le prix du carburant augmente",
          "ar": "الحكومة تقر نظام النقل الذكي"}


@pytest.mark.parametrize(("lang", "end", "glued"), [
    ("en", ".", '(Read also: <a href="/x/1">{t}</a>)'),
    ("en", ".", '[Also read: <a href="/x/1">{t}</a>]'),
    ("en", ".", '&gt;&gt; Read also: <a href="/x/1">{t}</a>'),
    ("en", ".", '► Read more: <a href="/x/1">{t}</a>'),
    ("en", ".", "(Read also: {t})"),
    ("fr", ".", '&gt;&gt; Lire aussi : <a href="/x/1">{t}</a>'),
    ("fr", ".", '(Lire aussi : <a href="/x/1">{t}</a>)'),
    # no sentence end before the label: the headline must be a link's text
    ("ar", "", 'اقرأ أيضاً: <a href="/x/1">{t}</a>'),
    ("en", "", 'READ ALSO: <a href="/x/1">{t}</a>'),
])
def test_a_glued_teaser_behind_a_mark_or_after_no_sentence_end_goes(lang, end, glued):
    paragraph = f"{MEETING[lang]}{end} " + glued.format(t=TEASED[lang])
    body = body_of(page(lang, "Budget", ps(lang, 2) + f"<p>{paragraph}</p>" + rest(lang, 2)), lang)
    assert TEASED[lang] not in body
    assert f"{MEETING[lang]}{end}" in lines_of(body) and STORY[lang][2] in body


@pytest.mark.parametrize(("lang", "paragraph"), [
    # a label's words and a colon after no sentence end, but no link's text after them: the story's
    ("ar", "وأطلقت وزارة الثقافة حملة وطنية للقراءة تحت شعار اقرأ أيضاً: مكتبة صغيرة في كل بيت أردني"),
    ("en", "The festival opens a new section for first films under the banner Watch: young Arab directors"),
    # a bracket after a sentence, the label's word in lower case: the story's aside
    ("en", "The minister said the meeting would be held next week. (See also the annex, which lists the delegations.)"),
])
def test_a_label_without_a_linked_headline_after_no_sentence_end_stays(lang, paragraph):
    body = body_of(page(lang, "Budget", ps(lang, 2) + f"<p>{paragraph}</p>" + rest(lang, 2)), lang)
    assert paragraph in lines_of(body)
