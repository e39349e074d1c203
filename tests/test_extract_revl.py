"""Review of xleft's "more from <section>" rule: the same words head a story's own section
("Plus de détails", "المزيد من الضحايا", "More in the audit"), and under them the story may cite
one linked source, as its own line or in a sentence. A section's box links several stories; one
link under the heading is the story's, and the story goes on. Full signed pages from review 2's
page builder."""

from __future__ import annotations

import pytest

from tests.test_extract_rev2left import body_of, rest
from tests.test_extract_review2 import STORY, page, ps
from tests.test_extract_xleft import HEADLINES, lines_of

SOURCE = {
    "en": ("More in the audit", "The National Audit Office's report on municipal debt"),
    "fr": ("Plus de détails", "Le rapport de la Cour des comptes sur la dette des communes"),
    "ar": ("المزيد من الضحايا", "تقرير منظمة الصحة العالمية عن ضحايا الفيضانات"),
}
CITING = {
    "en": 'According to <a href="https://audit.example/r.pdf">the National Audit Office\'s report published on '
          'Thursday</a>, most towns borrow.',
    "fr": 'Selon <a href="https://ccomptes.example/r.pdf">le rapport de la Cour des comptes publié jeudi</a>, '
          'la plupart des communes empruntent.',
    "ar": 'وبحسب <a href="https://who.example/r">تقرير منظمة الصحة العالمية الصادر يوم الخميس</a> فإن معظم '
          'البلديات تقترض.',
}


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_storys_subheading_over_one_linked_source_and_more_prose_keeps_the_story(lang):
    """The story's subheading, then its source's name as a line of its own (a link to the
    report), then the story's last two paragraphs: none of it is a section's box."""
    heading, source = SOURCE[lang]
    html = ps(lang, 2) + f'<h2>{heading}</h2><p><a href="https://source.example/r.pdf">{source}</a></p>' \
        + rest(lang, 2)
    lines = lines_of(body_of(page(lang, "Budget", html), lang))
    assert lines == STORY[lang][:2] + [heading, source] + STORY[lang][2:]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_storys_section_citing_one_linked_source_stays(lang):
    """The story's section, its heading opening it and one sentence most of whose words are a
    link to its source: no box of other stories."""
    heading = SOURCE[lang][0]
    html = ps(lang, 2) + f"<section><h3>{heading}</h3><p>{CITING[lang]}</p></section>" + rest(lang, 2)
    lines = lines_of(body_of(page(lang, "Budget", html), lang))
    assert heading in lines and any(line.startswith(("According", "Selon", "وبحسب")) for line in lines)
    assert lines[:2] == STORY[lang][:2] and lines[-2:] == STORY[lang][2:]


# --- controls: a section's box still goes ---------------------------------------------------------

@pytest.mark.parametrize(("lang", "heading"), [("en", "More in Business"), ("fr", "Plus de Économie"),
                                               ("ar", "المزيد من اقتصاد")])
def test_a_more_from_section_box_of_two_linked_headlines_in_a_list_still_goes(lang, heading):
    two = HEADLINES[lang][:2]
    box = f"<div><h3>{heading}</h3><ul>" + "".join(
        f'<li><a href="/x/{i}">{h}</a></li>' for i, h in enumerate(two)) + "</ul></div>"
    body = body_of(page(lang, "Budget", ps(lang) + box), lang)
    assert heading not in body and not any(h in body for h in two)
    assert lines_of(body) == STORY[lang]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_a_more_from_section_box_with_a_blurb_under_each_headline_still_goes(lang):
    """Linked headlines, each with a line of blurb under it, after the story: several links, so
    the blurbs are no story going on."""
    heading = {"en": "More in Business", "fr": "Plus de Économie", "ar": "المزيد من اقتصاد"}[lang]
    box = f"<p>{heading}</p>" + "".join(
        f'<p><a href="/x/{i}">{h}</a></p><p>{STORY[lang][i][:60]}</p>' for i, h in enumerate(HEADLINES[lang]))
    body = body_of(page(lang, "Budget", ps(lang) + box), lang)
    assert heading not in body and not any(h in body for h in HEADLINES[lang])
    assert lines_of(body) == STORY[lang]


# --- a lower-case label's word inside the story's sentence -----------------------------------------

@pytest.mark.parametrize(("lang", "sentence", "link"), [
    ("en", "The two inquiries are not related:", "the audit of the water utility"),
    ("en", "The commission named the one law it recommended:", "the Municipal Finance Act"),
    ("en", "Only one channel was worth the watch:", "the parliament feed"),
    ("fr", "Les habitants veulent en savoir plus :", "le rapport d'audit de la régie des eaux"),
])
@pytest.mark.parametrize("end", ["", "."])
def test_a_lower_case_label_word_inside_a_sentence_before_a_link_stays(lang, sentence, link, end):
    """xleft's lower-case "related:" cut read the word anywhere: here it is the sentence's own
    (no sentence's end before it), and the link after the colon its object."""
    para = f'{sentence} <a href="https://gov.example/r">{link}</a>{end}'
    body = body_of(page(lang, "Budget", ps(lang, 2) + f"<p>{para}</p>" + rest(lang, 2)), lang)
    assert f"{sentence} {link}{end}" in lines_of(body)


def test_a_lower_case_related_label_after_a_closing_quote_still_goes():
    """Control: the label after a sentence's end and its closing quote is the glued teaser."""
    glued = (f'The mayor said: “{STORY["en"][2]}” related: '
             f'<a href="/x/1">{HEADLINES["en"][0]}</a>')
    body = body_of(page("en", "Budget", ps("en", 2) + f"<p>{glued}</p>" + rest("en", 3)), "en")
    assert HEADLINES["en"][0] not in body and f'The mayor said: “{STORY["en"][2]}”' in lines_of(body)


# --- a columnist's lede in a "writer-box" ----------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", ["writer-box", "writerBox", "columnist-box"])
@pytest.mark.parametrize("with_name", [True, False])
def test_the_storys_lede_in_a_writer_box_stays(lang, name, with_name):
    """Some CMSs lay a column out in the writer's box: the writer's name (no photo, no links) and
    the story's first paragraph. The paragraph is the story's, no bio."""
    writer = '<span class="writer-name">Hani Khoury</span>' if with_name else ""
    html = f'<div class="{name}">{writer}<p>{STORY[lang][0]}</p></div>' + rest(lang, 1)
    assert lines_of(body_of(page(lang, "Budget", html), lang)) == STORY[lang]


def test_a_writer_box_with_the_writers_photo_and_bio_still_goes_without_links():
    """Control: the writer's card, photo, name and bio, no links: a bio box."""
    bio = ("Hani Khoury is the Courier's economics correspondent in Amman. He previously covered energy "
           "and the Gulf markets for a news agency.")
    box = f'<div class="writer-box"><img src="/img/hk.jpg" alt=""><h4>Hani Khoury</h4><p>{bio}</p></div>'
    body = body_of(page("en", "Budget", ps("en", 2) + box + rest("en", 2)), "en")
    assert "correspondent in Amman" not in body and lines_of(body) == STORY["en"]


# --- a reader's feedback survey of two questions ---------------------------------------------------

SURVEY = {
    "en": [("Was this article helpful?", ["Yes", "No"]), ("How would you rate it?", ["Excellent", "Good", "Poor"])],
    "fr": [("Cet article vous a-t-il été utile ?", ["Oui", "Non"]),
           ("Votre âge", ["Moins de 25 ans", "25 à 50 ans", "Plus de 50 ans"])],
    "ar": [("هل كان هذا المقال مفيدا؟", ["نعم", "لا"]), ("كم عمرك؟", ["أقل من 25", "من 25 إلى 50", "أكثر من 50"])],
}


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
@pytest.mark.parametrize("where", ["after", "inside"])
def test_a_readers_feedback_survey_of_two_questions_adds_no_lines(lang, where):
    """Radio buttons of two groups outside any form, under "Was this article helpful?": the
    page's feedback widget, not a quiz of the story's; its answers (and its second question) are
    no story lines."""
    survey = '<div class="rate-x">' + "".join(
        f"<p>{question}</p>" + "".join(f'<label><input type="radio" name="q{i}"> {option}</label>' for option in options)
        for i, (question, options) in enumerate(SURVEY[lang])) + "<button>OK</button></div>"
    html = ps(lang) + survey if where == "after" else ps(lang, 2) + survey + rest(lang, 2)
    assert lines_of(body_of(page(lang, "Budget", html), lang)) == STORY[lang]


def test_a_quiz_with_long_choices_keeps_them_as_lines():
    """Control: an explainer's quiz whose choices are whole sentences stays, each choice a line."""
    quiz = [("What does the draft law allow?", ["Municipalities may issue bonds to fund local projects.",
                                                 "The state may take over the debts of any municipality."]),
            ("Who sets the borrowing cap?", ["Parliament sets it each year in the budget law.",
                                             "Each mayor sets it for the municipality."])]
    html = ps("en", 1) + "".join(
        f'<div class="q"><p>{question}</p>' + "".join(
            f'<label><input type="radio" name="q{i}"> {option}</label>' for option in options) + "</div>"
        for i, (question, options) in enumerate(quiz)) + rest("en", 1)
    lines = lines_of(body_of(page("en", "Quiz", html), "en"))
    for question, options in quiz:
        assert question in lines and all(option in lines for option in options)
