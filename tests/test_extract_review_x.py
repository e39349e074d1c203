"""Review X of rev2left's rules: the story's own text those rules took along (a list under a
prompt, a paragraph under a widget's label), the chrome they still let through (paywall variants,
an unambiguous ad label among a list's items, a contact box's tail lines, a tools row), each
beside a look-alike that must not change. Full signed pages from review 2's page builder
(``tests/test_extract_review2.py``), or the paragraph cleaner where the rule lives there."""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_paragraphs, drop_media_contact_box
from tests.test_extract_rev2left import RELEASE, body_of, rest
from tests.test_extract_review2 import STORY, page, ps

S = STORY["en"]


def lines_of(body: str) -> list[str]:
    return body.split("\n\n")


# --- 1. a story's own list after a dropped prompt stays; a letter's perks still go ------------------

@pytest.mark.parametrize(("lang", "prompt", "items"), [
    ("en", "Sign up for our daily newsletter:", ["12 municipalities", "300 million dinars", "First issues in 2026"]),
    ("fr", "Rejoignez notre chaîne WhatsApp :", ["12 communes", "300 millions de dirhams", "Premières émissions en 2026"]),
    ("en", "Follow us on Telegram:", ["12 municipalities", "300 million dinars", "Vote in September"]),
])
def test_a_story_list_after_a_dropped_prompt_stays(lang, prompt, items):
    listing = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    body = body_of(page(lang, "Budget", ps(lang, 2) + f"<p>{prompt}</p>{listing}" + rest(lang, 2)), lang)
    assert prompt not in body
    assert all(item in lines_of(body) for item in items) and STORY[lang][3] in body


def test_a_list_without_perks_after_a_newsletter_prompt_stays():
    """A list in no perk's words and linking nothing is the story's, even under a letter's prompt."""
    items = ["Tender notices", "Job openings", "Water cut schedules"]
    lines = [S[0], S[1], "Sign up for our daily newsletter:", *items, S[2]]
    assert clean_paragraphs(lines) == [S[0], S[1], *items, S[2]]


@pytest.mark.parametrize(("prompt", "perks", "linked"), [
    ("Sign up for our daily newsletter:", ["Daily briefing", "Exclusive analysis", "Weekend long reads"], False),
    # items that link the signup's letters, and an app's stores
    ("Sign up for our newsletters:", ["Morning Edition", "The Gulf Weekly", "Cabinet Watch"], True),
    ("Download our app:", ["App Store", "Google Play"], True),
])
def test_a_letter_or_app_prompt_still_goes_with_its_perks(prompt, perks, linked):
    items = "".join(f'<li><a href="/newsletters/{n}/">{perk}</a></li>' if linked else f"<li>{perk}</li>"
                    for n, perk in enumerate(perks))
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{prompt}</p><ul>{items}</ul>" + rest("en", 2)), "en")
    assert prompt not in body and not any(perk in lines_of(body) for perk in perks)
    assert S[1] in body and S[2] in body and S[3] in body


# --- 2. paywall variants: the call as a verbal noun, "this article", a price, two adjectives --------

@pytest.mark.parametrize(("lang", "line"), [
    ("ar", "لمتابعة القراءة يرجى الاشتراك"),
    ("ar", "لمتابعة القراءة، يرجى تسجيل الدخول"),
    ("ar", "يرجى الاشتراك لمتابعة القراءة"),
    ("en", "To continue reading this article, please log in or register."),
    ("en", "Please log in to continue reading."),
    ("fr", "Pour lire la suite de cet article, abonnez-vous à partir de 1 € le premier mois."),
    ("fr", "Abonnez-vous pour lire la suite, dès 4,99 € par mois."),
    ("en", "Subscribe to continue reading — get unlimited digital access for just $1."),
    ("en", "Subscribe to continue reading for just $1.99 a month."),
])
def test_a_paywall_variant_goes(lang, line):
    body = body_of(page(lang, "Budget", ps(lang, 2) + f"<p>{line}</p>" + rest(lang, 2)), lang)
    assert line not in body
    assert STORY[lang][1] in body and STORY[lang][2] in body and STORY[lang][3] in body


@pytest.mark.parametrize("line", [
    "Subscribers can continue reading for just $1 a month, the company said.",
    "To continue reading the report, subscribers must pay 5 dinars to the ministry.",
    "To continue reading, sign in with the UAE Pass app from 1 January.",
    "Please register to read the full list of winners at the ministry before Friday, officials said.",
    "Pour lire la suite du rapport, abonnez-vous au portail du ministère pour 10 dirhams par an, a indiqué le ministère.",
    "لمتابعة القراءة في المكتبات العامة يرجى الاشتراك في بطاقة المكتبة مقابل 5 دنانير سنويا ومراجعة الفرع.",
])
def test_a_story_line_with_a_price_or_a_call_to_read_stays(line):
    assert clean_paragraphs([S[0], line, S[1]]) == [S[0], line, S[1]]


# --- 3. an unambiguous ad label among a list's short items goes -----------------------------------

@pytest.mark.parametrize(("lang", "items", "label"), [
    ("en", ["Wydad 2-1 Raja", "FUS 0-0 AS FAR"], "Advertisement"),
    ("fr", ["Les appels d'offres", "Les offres d'emploi"], "Publicité"),
    ("ar", ["الوحدات 2-1 الفيصلي", "الرمثا 0-0 الحسين"], "إعلان تجاري"),
])
def test_an_unambiguous_ad_label_inside_a_short_list_goes(lang, items, label):
    listing = "".join(f"<li>{item}</li>" for item in items) + f"<li>{label}</li><li>Berkane 3-0 HUSA</li>"
    body = body_of(page(lang, "Budget", ps(lang, 2) + f"<ul>{listing}</ul>" + rest(lang, 2)), lang)
    assert label not in lines_of(body)
    assert all(item in lines_of(body) for item in items) and "Berkane 3-0 HUSA" in body


@pytest.mark.parametrize(("items", "word"), [
    (["Ab", "Ac"], "Ad"),
    (["شهادة عدم محكومية", "صورة الهوية"], "إعلان"),
])
def test_an_ambiguous_ad_word_as_a_list_item_stays(items, word):
    lines = [S[0], *items, word, "Ae", S[1]]
    assert clean_paragraphs(lines) == lines


# --- 4. a media contact box's job and body lines before a long paragraph go -----------------------

NOTE = ("This press release contains forward-looking statements about the project's timetable and costs, which "
        "are subject to risks and uncertainties that could cause actual results to differ materially.")
BACKGROUND = ("Aqaba has attracted more than 20 billion dollars of investment since the special economic zone was "
              "set up in 2001, according to the corporation.")


@pytest.mark.parametrize("tail", [
    ["Communications manager", "Aqaba Development Corporation"],
    ["Chargée des relations presse", "Groupe Aqaba Développement"],
    ["مدير الاتصال", "شركة تطوير العقبة"],
])
def test_a_contact_box_tail_before_a_long_paragraph_goes(tail):
    box = ["Media contact:", "Dana Abu Ghazaleh", "+962 3 209 1000", *tail]
    assert drop_media_contact_box(RELEASE * 2 + box + [NOTE]) == RELEASE * 2 + [NOTE]


def test_a_heading_after_a_contact_box_tail_stays_alone():
    box = ["Media contact:", "Dana Abu Ghazaleh", "+962 3 209 1000", "Communications manager", "Background"]
    assert drop_media_contact_box(RELEASE * 2 + box + [BACKGROUND]) == RELEASE * 2 + ["Background", BACKGROUND]


# --- 5. a widget's label over a story paragraph: the label goes, the paragraph stays --------------

@pytest.mark.parametrize(("lang", "label"), [
    ("fr", "Les plus lus"), ("ar", "الأكثر قراءة"), ("en", "Most read"), ("en", "Trending now"), ("en", "Most viewed"),
])
@pytest.mark.parametrize("after", [1, 2])
def test_a_widget_label_in_mid_story_goes_alone(lang, label, after):
    """As "Most viewed" always did: the label goes, the story's paragraph(s) under it stay."""
    lines = [*STORY[lang][:2], label, *STORY[lang][2:2 + after]]
    assert clean_paragraphs(lines) == [*STORY[lang][:2], *STORY[lang][2:2 + after]]


@pytest.mark.parametrize(("lang", "label"), [("fr", "Les plus lus"), ("ar", "الأكثر قراءة")])
def test_a_widget_label_over_its_linked_headlines_still_ends_the_story(lang, label):
    headlines = {"fr": ["Les prix du carburant augmentent pour le troisième mois",
                        "Les résultats du baccalauréat publiés jeudi"],
                 "ar": ["ارتفاع أسعار المحروقات للشهر الثالث على التوالي", "نتائج التوجيهي تصدر يوم الخميس المقبل"]}[lang]
    box = f"<h3>{label}</h3><ul>" + "".join(f'<li><a href="/2025/06/0{n}/story-{n}/">{h}</a></li>'
                                            for n, h in enumerate(headlines, 1)) + "</ul>"
    body = body_of(page(lang, "Budget", ps(lang) + box), lang)
    assert label not in body and not any(h in body for h in headlines) and STORY[lang][3] in body


# --- 6. a tools row of verbs with their objects -------------------------------------------------

@pytest.mark.parametrize("row", ["Agrandir le texte | Réduire le texte | Imprimer",
                                 "Augmenter la police - Diminuer la police", "تكبير النص | تصغير النص | طباعة"])
def test_a_tools_row_of_verbs_with_objects_goes(row):
    assert clean_paragraphs([S[0], S[1], row, S[2]]) == [S[0], S[1], S[2]]


@pytest.mark.parametrize("line", ["Réduire le texte à l'essentiel", "Agrandir le texte du projet de loi"])
def test_a_line_opening_with_a_tool_verb_stays(line):
    assert clean_paragraphs([S[0], line, S[1]]) == [S[0], line, S[1]]
