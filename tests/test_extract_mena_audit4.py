"""Specifications from the fourth extraction audit of MENA page shapes (issue #3).

Each rule below was missing on a page written in the style of a regional outlet nobody here had
written yet; each has look-alike controls, story text spelled like the chrome, that must stay.
"""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_paragraphs

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
