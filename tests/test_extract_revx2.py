"""Review of audit 2's rules (``tests/test_extract_xaudit2.py``): the story's own text they took
for chrome. A teaser label's words opening a sentence that ends inside a bracket or a quotation
("(Also read Mahfouz's Cairo Trilogy, which she called his best.)"); a label's words behind an opening bracket or guillemet before no link ("(See also Appendix B)",
"« Ne manquez pas Marrakech en 2026 »"); a quiz's questions, or a story's paragraph beside two
radio buttons, taken for a poll; a press review's "À la une" / "أبرز العناوين" over the day's front
pages (plain text, no links) taken for a "top stories" box; a feature's rhetorical question
before "Follow …" / "Join …" and a platform taken for a channel prompt. Each beside the chrome the
rule was written for, which must still go. Full signed pages from review 2's page builder."""

from __future__ import annotations

import pytest

from crawler.boilerplate import NOT_A_PERSON, _is_prompt
from crawler.extract import extract_article
from tests.test_extract_rev2left import body_of, rest
from tests.test_extract_review2 import STORY, page, ps


def lines_of(body: str) -> list[str]:
    return body.split("\n\n")


def body_with(lang: str, html: str) -> str:
    """The body of the Courier's story with ``html`` between its second and third paragraphs."""
    return body_of(page(lang, "Budget", ps(lang, 2) + html + rest(lang, 2)), lang)


# --- 1. a teaser label's words opening a sentence of the story --------------------------------------

@pytest.mark.parametrize(("lang", "paragraph"), [
    # the sentence ends inside its bracket or quotation: no headline
    ("en", ("She recommended three novels to first-year students. (Also read Mahfouz's Cairo Trilogy, which she "
            "called his best.)")),
    ("en", ("She recommended three novels to first-year students. Also read Mahfouz's Cairo Trilogy, which she "
            "called “his best.”")),
    # behind an opening bracket or guillemet, no link after the label's words: an aside or a quotation
    ("en", "The figures are listed in the ministry's annual report. (See also Appendix B)"),
    ("fr", "Le slogan de la campagne n'a pas changé depuis dix ans. « Ne manquez pas Marrakech en 2026 »"),
    ("fr", "La campagne affiche un slogan sur tous les bus de la ville. « Lire aussi Camus, c'est comprendre Alger »"),
])
def test_a_label_opening_the_storys_own_sentence_stays(lang, paragraph):
    assert paragraph in lines_of(body_with(lang, f"<p>{paragraph}</p>"))


@pytest.mark.parametrize(("lang", "glued", "teased"), [
    # the chrome: behind a mark, the headline a link's text; or a headline with no closing full stop
    ("en", '(See also <a href="/x/1">Jordan raises fuel prices for third month</a>)', "Jordan raises fuel"),
    ("fr", '« Lire aussi <a href="/x/1">Le prix du carburant augmente</a> »', "Le prix du carburant"),
    ("en", "Also read How to renew your golden visa online in five steps", "How to renew"),
    # a headline may ask a question
    ("en", "Also Read Will fuel prices rise again in July?", "Will fuel prices"),
])
def test_a_labelled_headline_glued_to_a_paragraph_still_goes(lang, glued, teased):
    last = {"en": "The minister said the meeting would be held next week in Amman.",
            "fr": "Le ministre a indiqué que la réunion se tiendra la semaine prochaine à Alger."}[lang]
    body = body_with(lang, f"<p>{last} {glued}</p>")
    assert teased not in body and last in lines_of(body)


# --- 2. radio buttons that are not a poll ---------------------------------------------------------

QUIZ = [("Who elects the president of the European Commission?",
         ["The European Parliament", "The citizens directly", "The Council alone"]),
        ("How many seats does the new European Parliament have?", ["705", "720", "751"]),
        ("When are the first results of the vote announced?", ["On Sunday night", "On Monday", "A week later"])]


def test_a_quizs_questions_stay():
    """An explainer's quiz, several questions each with its own radio buttons (a script marks the
    answers): the story's; a poll asks one question."""
    quiz = "".join(f'<div class="q"><p>{question}</p>' + "".join(
        f'<label><input type="radio" name="q{i}"> {option}</label>' for option in options) + "</div>"
        for i, (question, options) in enumerate(QUIZ))
    lede = "Test your knowledge of the European elections before polls open on Sunday in 27 countries."
    body = body_of(page("en", "Quiz", f"<p>{lede}</p>" + quiz + rest("en", 1)), "en")
    assert all(question in body for question, _ in QUIZ)
    assert lede in body and STORY["en"][3] in body


def test_a_storys_paragraph_beside_two_radio_buttons_stays():
    """A map's year switch (two radio buttons) in one block with the story's paragraph: the block
    holds prose of over 25 words, as no poll's box does."""
    switch = (f'<div class="map"><p>{STORY["en"][2]}</p><label><input type="radio" name="y"> 2019</label>'
              '<label><input type="radio" name="y"> 2024</label></div>')
    body = body_of(page("en", "Budget", ps("en", 2) + switch + rest("en", 3)), "en")
    assert all(p in body for p in STORY["en"])


POLL = ('<div class="poll"><p>Should the voting age be lowered to 16?</p><label><input type="radio" name="v"> Yes'
        '</label><label><input type="radio" name="v"> No</label><button>Vote</button></div>')


def test_a_formless_poll_beside_the_story_still_goes():
    body = body_with("en", POLL)
    assert "voting age" not in body and all(p in body for p in STORY["en"])


def test_a_formless_poll_goes_beside_a_radio_switch_elsewhere_on_the_page():
    """A second group of radio buttons away from the poll (the page's text-size switch in its
    header) makes no quiz of it."""
    switch = ('<div class="text-size"><label><input type="radio" name="size"> A</label>'
              '<label><input type="radio" name="size"> A+</label></div>')
    html = page("en", "Budget", ps("en", 2) + POLL + rest("en", 2)).replace("<nav>", switch + "<nav>", 1)
    body = body_of(html, "en")
    assert "voting age" not in body and all(p in body for p in STORY["en"])


# --- 3. a press review's "À la une" over the day's front pages -------------------------------------

FRONT_PAGES = {
    "fr": ("À la une", ["El Watan consacre sa une à la hausse des prix du carburant décidée hier soir.",
                        "Liberté titre sur la grève des enseignants, entrée dans sa deuxième semaine.",
                        "Le Quotidien d'Oran revient longuement sur la visite du président à Oran."]),
    "ar": ("أبرز العناوين", ["صحيفة الرأي: الحكومة تقر نظام النقل الذكي في العاصمة عمان.",
                              "صحيفة الغد: ارتفاع أسعار المحروقات للشهر الثالث على التوالي.",
                              "صحيفة الدستور: الملك يستقبل وزير الخارجية الأمريكي في قصر الحسينية."]),
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("where", ["middle", "end"])
def test_a_press_reviews_front_pages_under_a_top_stories_heading_stay(lang, where):
    """A press review lists the day's front pages, plain text, under "À la une" / "أبرز العناوين":
    the story. The box of other stories under such a heading holds links."""
    heading, items = FRONT_PAGES[lang]
    review = f"<h2>{heading}</h2><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    html = ps(lang, 2) + review + rest(lang, 2) if where == "middle" else ps(lang) + review
    body = body_of(page(lang, "Revue de presse", html), lang)
    assert all(item in body for item in items)
    assert all(p in body for p in STORY[lang])


def test_a_top_stories_heading_over_one_paragraph_closing_the_story_stays():
    heading, line = "أهم الأخبار", "تصدرت صحف الصباح أخبار ارتفاع أسعار المحروقات للشهر الثالث على التوالي."
    body = body_of(page("ar", "Budget", ps("ar") + f"<h3>{heading}</h3><p>{line}</p>"), "ar")
    assert line in body


# --- 4. a rhetorical question before "Follow …" / "Join …" ------------------------------------------

@pytest.mark.parametrize("line", [
    "Is it worth it? Follow the example of Karim, who moved his shop's orders to WhatsApp in 2021 and doubled sales.",
    "Why now? Follow the money to Telegram, where the group raised $2 million in donations last year.",
    "Pourquoi maintenant ? Suivez l'argent jusqu'à Telegram, où le groupe a levé 2 millions de dollars l'an dernier.",
])
def test_a_features_question_before_a_platform_is_no_prompt(line):
    assert not _is_prompt(line)
    lang = "fr" if line.startswith("Pourquoi") else "en"
    assert line in lines_of(body_with(lang, f"<p>{line}</p>"))


@pytest.mark.parametrize("line", [
    "Want to stay ahead of the news? Join MWN on WhatsApp for breaking updates from Morocco.",
    "Vous voulez suivre l'actualité ? Rejoignez Médias Maroc sur WhatsApp pour ne rien manquer.",
    "Looking for the latest updates? Follow us on Telegram for breaking news from the Gulf.",
    "هل تريد متابعة آخر الأخبار؟ انضموا إلى قناتنا على واتساب",
])
def test_a_channel_prompt_after_a_question_about_the_news_still_goes(line):
    assert _is_prompt(line)


# --- 5. an outlet's newsroom or news centre as the byline -------------------------------------

@pytest.mark.parametrize("desk", ["Naharnet Newsroom", "Al Arabiya News Room", "ARN News Centre", "Kuwait News Center"])
def test_an_outlets_newsroom_names_no_one(desk):
    """The same label as "Naharnet Newsdesk" (audit 2), in the outlet's other words for its desk."""
    assert NOT_A_PERSON.match(desk)
    html = page("en", "Budget", ps("en"), byline=f'<span class="author">By {desk}</span>')
    result = extract_article(html.encode(), "https://courier.example/2025/06/budget/", languages=("en",))
    assert result.article is not None and result.article.authors == []


@pytest.mark.parametrize("name", ["Rania Newsom", "Tamer Teaman", "Hani Roomi", "Salma Centeno"])
def test_a_persons_name_is_no_newsroom(name):
    assert not NOT_A_PERSON.match(name)
    html = page("en", "Budget", ps("en"), byline=f'<span class="author">By {name}</span>')
    result = extract_article(html.encode(), "https://courier.example/2025/06/budget/", languages=("en",))
    assert result.article is not None and result.article.authors == [name]


# --- 6. a label and its separator before the story's own sentence, in lower case -------------------

@pytest.mark.parametrize(("lang", "paragraph"), [
    # a teased headline opens with a capital; a sentence going on after the label in lower case
    # is the writer's own recommendation or pointer, when its words are no link's text
    ("en", ("The museum reopens on Friday after two years of works. Don't miss: the new Islamic art gallery on "
            "the first floor.")),
    ("en", "The minister signed the decree on Sunday. See also: the annex to the decree, which lists 14 professions."),
    ("en", "The judges rejected the appeal on Monday. (Read more: the court's ruling)"),
])
def test_a_separated_label_before_a_lower_case_sentence_stays(lang, paragraph):
    assert paragraph in lines_of(body_with(lang, f"<p>{paragraph}</p>"))


@pytest.mark.parametrize("glued", [
    # the same words as a link's text: the teaser's headline, however written
    'See also: <a href="/x/2">the annex to the decree, which lists 14 professions</a>',
    "Read also: Ramadan 2026: Ministry of Islamic Affairs Announces Start Date",
])
def test_a_separated_label_before_a_linked_or_capitalised_headline_still_goes(glued):
    last = "The minister signed the decree on Sunday."
    body = body_with("en", f"<p>{last} {glued}</p>")
    assert "annex" not in body and "Ramadan" not in body and last in lines_of(body)
