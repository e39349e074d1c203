"""Specifications from the fourth extraction audit of MENA page shapes (issue #3).

Each rule below was missing on a page written in the style of a regional outlet nobody here had
written yet; each has look-alike controls, story text spelled like the chrome, that must stay.
"""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_paragraphs
from crawler.extract import extract_article

AR_LEDE = "قال المتحدث باسم الوزارة إن الطرفين اتفقا على تبادل ألف أسير من كل جانب في أكبر عملية تبادل منذ بداية الحرب."
AR_LAST = "وأضاف أن الاجتماع الذي استمر أقل من ساعتين ركز على الملفات الإنسانية وعلى ترتيبات وقف إطلاق النار."


# --- a follow prompt naming the platform X in Latin letters ---------------------------------------

@pytest.mark.parametrize("prompt", [
    "تابعوا آخر أخبار الاقتصاد عبر حساب العربية أسواق على منصة X",
    "تابعونا على منصة X",
    "تابع آخر الأخبار عبر حسابنا على منصة X",
])
def test_a_follow_prompt_that_names_the_x_platform_in_latin_letters_goes(prompt):
    assert clean_paragraphs([AR_LEDE, prompt, AR_LAST]) == [AR_LEDE, AR_LAST]
    # glued to the end of a story's paragraph after its full stop
    assert clean_paragraphs([f"{AR_LEDE} {prompt}", AR_LAST]) == [AR_LEDE, AR_LAST]


@pytest.mark.parametrize("sentence", [
    # the past tense, the platform in the middle of the story's sentence
    "تابعوا النقاش على منصة X طوال ليلة الانتخابات قبل أن تعلن اللجنة النتائج الأولية صباح الاثنين.",
    "وكتب الوزير على منصة X أن المفاوضات ستستأنف الأسبوع المقبل في الدوحة.",
    "وتداول مستخدمون على منصة X مقطعاً مصوراً يظهر لحظة انهيار المبنى.",
])
def test_lookalikes_story_sentences_about_the_x_platform_stay(sentence):
    assert clean_paragraphs([AR_LEDE, sentence, AR_LAST]) == [AR_LEDE, sentence, AR_LAST]
    assert clean_paragraphs([f"{AR_LEDE} {sentence}", AR_LAST]) == [f"{AR_LEDE} {sentence}", AR_LAST]


# --- "subscribe so the news reaches you" ----------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "اشترك لتصلك أهم الأخبار",
    "اشترك الآن ليصلك كل جديد",
    "اشتركوا لتصلكم آخر الأخبار لحظة بلحظة",
    "سجل بريدك الإلكتروني لتصلك أهم الأخبار",
])
def test_a_subscribe_prompt_that_promises_the_news_goes(prompt):
    assert clean_paragraphs([AR_LEDE, AR_LAST, prompt]) == [AR_LEDE, AR_LAST]


@pytest.mark.parametrize("sentence", [
    # the past tense "took part", and the news reaching someone in the story
    "اشترك لتصلك الرسالة في وقتها كان شرط الشركة الوحيد، بحسب ما رواه أحد العملاء للمحكمة.",
    "اشترك نحو ألفي طالب في المسابقة التي نظمتها الوزارة لتصلهم النتائج عبر البريد.",
    "اشترك لاعبو المنتخب في حصة تدريبية مغلقة مساء أمس.",
])
def test_lookalikes_sentences_opening_with_the_same_verb_stay(sentence):
    assert clean_paragraphs([AR_LEDE, AR_LAST, sentence]) == [AR_LEDE, AR_LAST, sentence]


# --- a header's line of two labelled dates, each with its weekday and clock -----------------------

@pytest.mark.parametrize("line", [
    "نشر في: الأربعاء ١٤ مايو ٢٠٢٥ - ٢:١٥ م | آخر تحديث: الأربعاء ١٤ مايو ٢٠٢٥ - ٣:٤٠ م",
    "نشر في: الأربعاء 14 مايو 2025 - 2:15 م | آخر تحديث: الأربعاء 14 مايو 2025 - 3:40 م",
])
def test_a_long_line_of_published_and_updated_dates_atop_the_story_goes(line):
    assert clean_paragraphs([line, AR_LEDE, AR_LAST]) == [AR_LEDE, AR_LAST]


@pytest.mark.parametrize("sentence", [
    # two dates in a sentence of the story, as long as the date line
    "وكانت اللجنة قد اجتمعت في 14 مايو 2025 ثم عادت للاجتماع في 20 مايو 2025 لمناقشة التعديلات المقترحة على القانون.",
    "Le tribunal a fixé l'audience au 14 mai 2025, puis l'a reportée au 3 juin 2025 à la demande de la défense.",
])
def test_lookalikes_a_sentence_holding_two_dates_stays(sentence):
    assert clean_paragraphs([sentence, AR_LEDE, AR_LAST]) == [sentence, AR_LEDE, AR_LAST]


# --- a caption ending with the bare "- أرشيفية" ----------------------------------------------------

def test_a_short_caption_closed_by_dash_archive_goes():
    assert clean_paragraphs(["وزير التعليم العالي - أرشيفية", AR_LEDE, AR_LAST]) == [AR_LEDE, AR_LAST]


@pytest.mark.parametrize("line", [
    # a sentence that ends with the word, and a line with a year
    "وعرضت الهيئة صوراً نادرة للميناء، وصفتها بأنها أرشيفية.",
    "معرض الصور في دار الكتب عام 1950 - أرشيفية",
])
def test_lookalikes_archive_word_in_story_lines_stays(line):
    assert clean_paragraphs([AR_LEDE, line, AR_LAST]) == [AR_LEDE, line, AR_LAST]


# --- the writer's handle in a link beside the byline's name ---------------------------------------

def _byline_page(byline_html: str) -> bytes:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>الأمانة تغلق 14 منشأة غذائية مخالفة</title></head><body>
<header><a href="/">الصحيفة</a></header><main><article><h1>الأمانة تغلق 14 منشأة غذائية مخالفة</h1>
<div class="article-author">{byline_html}</div>
<div class="article-body"><p>{AR_LEDE}</p><p>{AR_LAST}</p>
<p>وأوضحت الأمانة أن الجولات شملت 1320 منشأة، ورصدت 212 مخالفة تنوعت بين انتهاء صلاحية الشهادات الصحية.</p>
</div></article></main></body></html>""".encode()


@pytest.mark.parametrize("handle", ["fahad_okaz@", "@fahad_okaz"])
def test_a_handle_in_a_link_beside_the_bylines_name_is_no_part_of_the_name(handle):
    page = _byline_page(f'<span class="name">فهد البقمي (جدة)</span> '
                        f'<a class="twitter" href="https://twitter.com/fahad_okaz" dir="ltr">{handle}</a>')
    article = extract_article(page, "https://example.com/news/1", languages=["ar"]).article
    assert article.authors == ["فهد البقمي"]


@pytest.mark.parametrize("byline_html, expected", [
    # no handle: the name as before; a handle-like word that is a name's part with no "@" stays
    ('<span class="name">فهد البقمي (جدة)</span>', ["فهد البقمي"]),
    ('<span class="name">سارة العتيبي</span> <span class="role">مراسلة الصحيفة في جدة</span>', ["سارة العتيبي"]),
])
def test_lookalikes_a_byline_without_a_handle_keeps_its_name(byline_html, expected):
    article = extract_article(_byline_page(byline_html), "https://example.com/news/1", languages=["ar"]).article
    assert article.authors == expected


# --- a byline's line with its date and its comment count, at the body's top ----------------------

FR_PARAS = [
    ("Le conseil d'administration de la Banque centrale de Tunisie, réuni mardi, a décidé de maintenir "
     "inchangé son taux directeur à 7,5%, a annoncé l'institut d'émission dans un communiqué."),
    ("Le conseil a relevé la poursuite du ralentissement de l'inflation, revenue à 5,6% en avril contre "
     "5,9% en mars, tout en mettant en garde contre les pressions sur les prix."),
    ("Il a également noté une amélioration des avoirs nets en devises, qui se sont établis à 22,4 milliards "
     "de dinars, soit l'équivalent de 99 jours d'importation."),
]


def _layout_table_page(first_line: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in FR_PARAS)
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="author" content="Nadya Jennene"><title>La BCT maintient son taux directeur</title></head><body>
<table><tr><td class="colonne"><h1>La BCT maintient son taux directeur</h1>
<div class="ArticleInfos">{first_line}</div>
<div class="ArticleDetail">{paragraphs}</div></td></tr></table></body></html>""".encode()


@pytest.mark.parametrize("line", [
    'Par Nadya Jennene - Publié le 14/05/2025 à 10h15 | <a href="#comments">Commentaires (3)</a>',
    'Par Nadya Jennene | <a href="#comments">12 commentaires</a>',
])
def test_the_authors_byline_with_its_date_and_comment_count_leaves_the_body(line):
    article = extract_article(_layout_table_page(line), "https://example.com/a,520,1,3", languages=["fr"]).article
    assert article.authors == ["Nadya Jennene"]
    assert article.body == "\n\n".join(FR_PARAS)


def test_lookalike_another_persons_line_with_a_comment_count_stays():
    # not the page's author: the line is not the byline the authors came from
    line = 'Par Sami Ben Ali - Publié le 14/05/2025 à 10h15 | <a href="#comments">Commentaires (3)</a>'
    article = extract_article(_layout_table_page(line), "https://example.com/a,520,1,3", languages=["fr"]).article
    assert article.body.startswith("Par Sami Ben Ali")


# --- review of audit 4: look-alikes the rules above took, and the leftovers it named -----------

@pytest.mark.parametrize("sentence", [
    # they followed (past tense), the platform inside the sentence: no prompt, which would end with it
    "تابعوا النقاش على فيسبوك طوال الليل قبل إعلان النتائج.",
    "تابع الوزير التعليقات على فيسبوك قبل أن يرد عليها في مؤتمر صحفي.",
    "تابعنا خلال الأيام الماضية النقاش على تويتر حول القانون الجديد وما أثاره من جدل.",
    "تابع آلاف المشاهدين البث المباشر عبر يوتيوب حتى ساعة متأخرة من الليل.",
])
def test_a_past_tense_follow_sentence_that_goes_on_after_the_platform_stays(sentence):
    assert clean_paragraphs([AR_LEDE, sentence, AR_LAST]) == [AR_LEDE, sentence, AR_LAST]


@pytest.mark.parametrize("prompt", [
    # the platform (with "here", "now" or more platforms) ends the line, or "our" channel
    "تابعوا آخر الأخبار على فيسبوك",
    "تابع آخر الأخبار عبر تطبيق واتساب الآن",
    "تابعوا آخر الأخبار عبر فيسبوك لحظة بلحظة",
    "تابعوا العربية على فيسبوك وتويتر ويوتيوب",
    "تابعوا آخر الأخبار عبر قناتنا على تلغرام اضغط هنا",
    "تابع آخر الأخبار العاجلة عبر حساب سبق على منصة إكس وقناتها على واتساب",
])
def test_a_follow_prompt_that_ends_with_its_platform_still_goes(prompt):
    assert clean_paragraphs([AR_LEDE, AR_LAST, prompt]) == [AR_LEDE, AR_LAST]


@pytest.mark.parametrize("line", [
    # a service's explainer: subscribe or register with a third party's service, not the site
    "سجل في نسك لتصلك جميع تحديثات الحج",
    "اشترك في الخدمة لتصلك آخر التحديثات",
    "سجل عبر توكلنا ليصلك أحدث إشعار بموعد اللقاح",
    "اشتركوا في الباقة لتصلكم أحدث العروض",
])
def test_lookalikes_a_services_subscription_step_stays(line):
    assert clean_paragraphs([AR_LEDE, AR_LAST, line]) == [AR_LEDE, AR_LAST, line]


@pytest.mark.parametrize("line", [
    # an event's schedule opening the story, two dates with their weekdays and clocks, no page's label
    "Match aller : samedi 17 mai 2025 à 21h00 | Match retour : samedi 24 mai 2025 à 21h00",
    "مباراة الذهاب: السبت 17 مايو 2025 - 9:00 مساء | مباراة الإياب: السبت 24 مايو 2025 - 9:00 مساء",
    "بدء التسجيل: الأحد 1 يونيو 2025 - 8:00 ص | آخر موعد: الخميس 12 يونيو 2025 - 2:00 م",
    "Registration opens: Monday 2 June 2025 - 8:00 am | Deadline: Friday 13 June 2025 - 4:00 pm",
    "Ouverture des inscriptions : lundi 2 juin 2025 - 8h | Clôture : vendredi 13 juin 2025 - 16h",
])
def test_lookalikes_a_long_schedule_of_two_dates_atop_the_story_stays(line):
    assert clean_paragraphs([line, AR_LEDE, AR_LAST]) == [line, AR_LEDE, AR_LAST]


@pytest.mark.parametrize("line", [
    "Publié le mercredi 14 mai 2025 à 10h15 | Mis à jour le mercredi 14 mai 2025 à 12h30",
    "Published: Wednesday 14 May 2025 - 10:15 am | Updated: Wednesday 14 May 2025 - 12:30 pm",
])
def test_a_long_line_of_the_pages_two_labelled_dates_goes_in_french_and_english(line):
    assert clean_paragraphs([line, AR_LEDE, AR_LAST]) == [AR_LEDE, AR_LAST]


@pytest.mark.parametrize("line", [
    # a slash between two adjectives reads "or": a fact-check's verdict
    "صورة قديمة / أرشيفية",
    "تصنيف الصور المتداولة: قديمة / أرشيفية",
])
def test_lookalikes_archive_after_a_slash_stays(line):
    assert clean_paragraphs([AR_LEDE, line, AR_LAST]) == [AR_LEDE, line, AR_LAST]


def test_a_name_and_its_link_repeating_it_give_the_name_once():
    page = _byline_page('<span class="name">سارة العتيبي</span> <a href="/author/sara">سارة العتيبي</a>')
    assert extract_article(page, "https://example.com/news/1", languages=["ar"]).article.authors == ["سارة العتيبي"]


def test_a_mail_links_label_after_the_name_is_no_part_of_it():
    page = _byline_page('<span class="name">سارة العتيبي</span> <a href="mailto:sara@example.com">راسلي الكاتبة</a>')
    assert extract_article(page, "https://example.com/news/1", languages=["ar"]).article.authors == ["سارة العتيبي"]


@pytest.mark.parametrize("byline_html, expected", [
    # a name whose halves are the same words, in one element, is a name
    ('<span class="name">Abdullah Abdullah</span>', ["Abdullah Abdullah"]),
    ('<span class="name">محمد علي محمد علي</span>', ["محمد علي محمد علي"]),
    # a co-author's name in the mail link
    ('<span>بقلم سارة العتيبي و<a href="mailto:f@example.com">فهد البقمي</a></span>', ["سارة العتيبي", "فهد البقمي"]),
    ('<a href="mailto:sara@example.com">سارة العتيبي</a>', ["سارة العتيبي"]),
])
def test_lookalikes_repeated_words_and_mail_links_that_are_names_stay(byline_html, expected):
    article = extract_article(_byline_page(byline_html), "https://example.com/news/1", languages=["ar"]).article
    assert article.authors == expected
