"""The extraction audits' leftover misses that a generic rule can fix: a "more from <section>" box
of linked headlines after the story ("المزيد من اقتصاد", "Plus de Économie", "Plus d'articles",
"More in Business"); a writer's bio box named "writer-box" / "author-card"; a story's sentence
about a platform's channels taken for the outlet's channel prompt ("Follow counts on WhatsApp
channels have grown …", "Follow the steps below to join a channel."); lower-case "related:" and a
linked headline glued to a paragraph's end; a quiz's answer choices, which trafilatura dropped with
their ``<label>``. Each beside the story's own text that looks like it, which
must stay. Full signed pages from review 2's page builder."""

from __future__ import annotations

import pytest

from crawler.boilerplate import _is_prompt
from tests.test_extract_rev2left import body_of, rest
from tests.test_extract_review2 import STORY, page, ps

HEADLINES = {
    "en": ["Jordan raises fuel prices for third month", "Central bank holds rates steady",
           "Exports to Iraq climb 12 percent"],
    "ar": ["الأردن يرفع أسعار المحروقات للشهر الثالث", "البنك المركزي يثبت أسعار الفائدة",
           "ارتفاع الصادرات إلى العراق"],
    "fr": ["Le prix du carburant augmente encore", "La banque centrale maintient ses taux",
           "Les exportations vers l'Irak progressent"],
}


def lines_of(body: str) -> list[str]:
    return body.split("\n\n")


# --- 1. a "more from <section>" box after the story ------------------------------------------------

@pytest.mark.parametrize(("lang", "heading"), [
    ("ar", "المزيد من اقتصاد"), ("ar", "المزيد من سياسة"), ("fr", "Plus de Économie"),
    ("fr", "Plus d'articles"), ("fr", "Plus d’actualités"), ("en", "More in Business"),
])
@pytest.mark.parametrize("tag", ["h2", "p"])
def test_a_more_from_section_box_of_linked_headlines_after_the_story_goes(lang, heading, tag):
    """The box's headlines, each a link of its own line (a theme's plain paragraphs, no card
    classes): the heading ends the story, whatever section it names."""
    box = "".join(f'<p><a href="/x/{i}">{h}</a></p>' for i, h in enumerate(HEADLINES[lang]))
    body = body_of(page(lang, "Budget", ps(lang) + f"<{tag}>{heading}</{tag}>" + box), lang)
    assert heading not in body and not any(h in body for h in HEADLINES[lang])
    assert lines_of(body) == STORY[lang]


@pytest.mark.parametrize(("lang", "heading"), [
    ("ar", "المزيد من التفاصيل"), ("fr", "Plus de 300 blessés"), ("fr", "Plus de moyens pour les communes"),
    ("en", "More in the minister's speech"),
])
@pytest.mark.parametrize("under", [1, 2])
def test_a_storys_subheading_spelled_like_one_stays_over_its_prose(lang, heading, under):
    """The story's own subheading, over one paragraph closing the story or two (no link's text
    under it): the story goes on under it."""
    body = body_of(page(lang, "Budget", ps(lang, 4 - under) + f"<h2>{heading}</h2>" + rest(lang, 4 - under)), lang)
    assert lines_of(body) == STORY[lang][:4 - under] + [heading] + STORY[lang][4 - under:]


# --- 2. a writer's bio box ------------------------------------------------------------------------

BIO = ("Hani Khoury is the Courier's economics correspondent in Amman. He previously covered energy and "
       "the Gulf markets for a news agency.")


@pytest.mark.parametrize("name", ["writer-box", "author-card", "writerBox"])
@pytest.mark.parametrize("where", ["after", "inside"])
def test_a_writers_bio_box_goes(name, where):
    box = (f'<div class="{name}"><img src="/img/hk.jpg" alt=""><h4>Hani Khoury</h4><p>{BIO}</p>'
           '<a href="https://twitter.com/hkhoury">Twitter</a></div>')
    html = ps("en") + box if where == "after" else ps("en", 2) + box + rest("en", 2)
    body = body_of(page("en", "Budget", html), "en")
    assert "correspondent in Amman" not in body and lines_of(body) == STORY["en"]


def test_a_storys_paragraph_about_a_person_stays():
    """The story's own paragraph describing someone, in a box named neither as a writer's nor as a
    bio ("profile-box" of a feature)."""
    person = ("Rania Haddad is the mayor of Irbid. She previously ran the city's water utility and has long "
              "asked for the power to borrow directly.")
    html = ps("en", 2) + f'<div class="profile-box"><p>{person}</p></div>' + rest("en", 2)
    assert person in lines_of(body_of(page("en", "Budget", html), "en"))


# --- 5. a story's sentence about a platform's channels ---------------------------------------------

@pytest.mark.parametrize("line", [
    "Follow counts on WhatsApp channels have grown to hundreds of millions since Meta launched them in 2023.",
    "Users can get the latest news updates on WhatsApp. Follow the steps below to join a channel.",
    "Many outlets now publish on Telegram. Follow the money to see who funds these channels.",
])
def test_a_storys_sentence_about_a_platforms_channels_is_no_prompt(line):
    assert not _is_prompt(line)
    body = body_of(page("en", "WhatsApp", ps("en", 2) + f"<p>{line}</p>" + rest("en", 2)), "en")
    assert line in lines_of(body)


@pytest.mark.parametrize("line", [
    "Follow us on Telegram for breaking news from the Gulf.",
    "Follow The National on WhatsApp.",
    "Follow her on X @janedoe.",
    "Stay up to date with the latest news. Follow Gulf News on WhatsApp Channels.",
    "Stay informed. Follow the latest news on our WhatsApp channel.",
    "Stay informed. Join our WhatsApp channel.",
])
def test_the_outlets_channel_prompt_still_goes(line):
    assert _is_prompt(line)


# --- 4. lower-case "related:" glued to a paragraph's end -------------------------------------------

def test_a_lower_case_related_label_and_its_linked_headline_glued_to_a_paragraph_go():
    glued = f'{STORY["en"][2]} related: <a href="/x/1">{HEADLINES["en"][0]}</a>'
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{glued}</p>" + rest("en", 3)), "en")
    assert lines_of(body) == STORY["en"]


def test_a_storys_sentence_with_related_before_a_link_stays():
    sentence = (f'{STORY["en"][2]} The ministry published two related: <a href="/x/1">decrees on the '
                'borrowing caps</a> and the audit rules.')
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{sentence}</p>" + rest("en", 3)), "en")
    assert any("decrees on the borrowing caps and the audit rules." in line for line in lines_of(body))


# --- 6. a quiz's answer choices -------------------------------------------------------------------

QUIZ = [("Who elects the president of the European Commission?",
         ["The European Parliament", "The citizens directly", "The Council alone"]),
        ("How many seats does the new European Parliament have?", ["705 seats", "720 seats", "751 seats"])]
LEDE = "Test your knowledge of the European elections before polls open on Sunday in 27 countries."


@pytest.mark.parametrize("form", ["inside", "for", "list"])
def test_a_quizs_answer_choices_stay(form):
    """An explainer's quiz, several questions each with its own radio buttons: the choices, in
    their labels (trafilatura drops every ``<label>``), are the story's as its questions are."""
    def choice(i, j, option):
        if form == "inside":
            return f'<label><input type="radio" name="q{i}"> {option}</label>'
        if form == "for":
            return f'<input type="radio" name="q{i}" id="q{i}o{j}"><label for="q{i}o{j}">{option}</label>'
        return f'<li><label><input type="radio" name="q{i}"> {option}</label></li>'
    quiz = "".join(f'<div class="q"><p>{question}</p>' + ("<ul>" if form == "list" else "")
                   + "".join(choice(i, j, option) for j, option in enumerate(options))
                   + ("</ul>" if form == "list" else "") + "</div>" for i, (question, options) in enumerate(QUIZ))
    body = body_of(page("en", "Quiz", f"<p>{LEDE}</p>" + quiz + rest("en", 1)), "en")
    lines = lines_of(body)
    for question, options in QUIZ:
        assert question in body and all(option in body for option in options)
    assert lines[0] == LEDE and lines[-3:] == STORY["en"][1:]


def test_a_single_radio_switch_beside_the_story_adds_no_lines():
    """One group of radio buttons (a map's year switch) is no quiz: its labels stay out."""
    switch = ('<div class="map"><label><input type="radio" name="y"> 2019</label>'
              '<label><input type="radio" name="y"> 2024</label></div>')
    body = body_of(page("en", "Budget", ps("en", 2) + switch + rest("en", 2)), "en")
    assert lines_of(body) == STORY["en"]


def test_a_formless_poll_with_its_choices_in_a_list_still_goes():
    poll = ('<div class="poll"><p>Should the voting age be lowered to 16?</p><ul>'
            '<li><label><input type="radio" name="v"> Yes</label></li>'
            '<li><label><input type="radio" name="v"> No</label></li></ul><button>Vote</button></div>')
    body = body_of(page("en", "Budget", ps("en", 2) + poll + rest("en", 2)), "en")
    assert lines_of(body) == STORY["en"]
