"""Specifications: a story's sentence that shares its words with chrome stays, and the chrome goes.

Arabic spells most imperatives like the past tense ("تبرع": donate / donated, "سجل": sign up /
recorded, "شارك": share / took part, "انضم": join / joined, "حمل": download / bore), and English and
French news sentences use "follow", "download", "essayez", "all rights reserved" or "Images de …"
as a prompt or a notice does. A line is a prompt when it is addressed to the reader ("our" channel,
"us", "click here", a platform ending the line), a notice or a credit when it is set apart as one.
Each rule is checked both ways, in each language it covers.
"""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_paragraphs
from crawler.extract import extract_article

AR_LEDE = "أعلنت الحكومة يوم الأحد حزمة جديدة من الإجراءات لدعم المقاولات الصغيرة المتضررة من ارتفاع أسعار الطاقة."
AR_NEXT = "ورحب أصحاب المقاولات في العاصمة بالقرار، رغم أن عددا من الجمعيات اعتبرت أن الإجراءات جاءت متأخرة."
LEDE = ("The government announced on Sunday a new package of measures to support small businesses affected by "
        "the rise in energy prices.")
NEXT = ("Business owners in the capital welcomed the decision, although several associations said the measures "
        "came late.")
FR_LEDE = ("Le gouvernement a annoncé dimanche un nouveau paquet de mesures pour soutenir les petites entreprises "
           "touchées par la hausse des prix.")
FR_NEXT = ("Les chefs d'entreprise de la capitale ont salué la décision, même si plusieurs associations estiment "
           "que les mesures arrivent tard.")


def _kept_in_the_middle_and_at_the_end(lede: str, line: str, last: str) -> None:
    assert clean_paragraphs([lede, line, last]) == [lede, line, last]
    assert clean_paragraphs([lede, last, line]) == [lede, last, line]


# Finding 2: Arabic past tenses spelled like the prompts' imperatives


@pytest.mark.parametrize("sentence", [
    "تبرع رجل أعمال محلي بمبلغ مليون درهم لفائدة الأسر المتضررة من الفيضانات في الإقليم.",  # donated
    "سجل قطاع البريد السريع نموا بنسبة 12 في المئة خلال العام الماضي مدفوعا بالتجارة الإلكترونية.",  # recorded
    "سجل إقليم إفران أعلى كمية من الأمطار خلال الأسبوع الماضي، وهو ما توقعته النشرة الإنذارية للأرصاد الجوية.",
    "شارك هذا العام أكثر من ثلاثة آلاف عداء في ماراثون مراكش الدولي.",  # took part this year
    "تابعنا خلال الأيام الماضية النقاش الدائر حول مشروع قانون المالية داخل البرلمان وخارجه.",  # we followed
    "انضم إلى المبادرة أكثر من خمسمئة متطوع عبر فيسبوك خلال الأسبوع الأول من إطلاقها.",  # joined
    "اشترك في الحملة آلاف الشباب عبر تطبيق واتساب وصفحات فيسبوك في مختلف المدن.",  # took part
    "لمتابعة تنفيذ المشروع، أنشأت الوزارة صفحة على فيسبوك يتم تحديثها يوميا بصور الأشغال.",
    "حمل التطبيق الجديد اسم «سند» وسيتيح للمواطنين حجز المواعيد دون التنقل إلى الإدارات.",  # bore the name
    "نزل التطبيق إلى المتاجر يوم الاثنين بعد أشهر من التجارب في ثلاث جهات.",  # came out
    "تابعوا سيرهم نحو الحدود قبل أن يعترضهم حرس الحدود على الطريق الصحراوي.",  # they went on
])
def test_an_arabic_story_sentence_opening_with_a_past_tense_spelled_like_an_imperative_stays(sentence):
    _kept_in_the_middle_and_at_the_end(AR_LEDE, sentence, AR_NEXT)


@pytest.mark.parametrize("prompt", [
    "ادعم الصحافة المستقلة",
    "تبرعوا الآن",
    "ادعموا موقعنا",
    "سجل في النشرة البريدية لتصلك آخر الأخبار",
    "اشترك الآن في نشرتنا",
    "سجل بريدك الإلكتروني ليصلك كل جديد",
    "شارك هذا الخبر",
    "شاركوا هذا المقال عبر واتساب",
    "تابعنا على فيسبوك",
    "تابعوا آخر الأخبار عبر قناتنا على تلغرام",
    "تابعونا",
    "انضموا إلى قناة عمون على تلغرام",
    "اشترك في قناتنا على واتساب لمتابعة آخر الأخبار",
    "انضم إلى مجموعتنا على تلغرام من هنا",
    "لمتابعة آخر الأخبار اشترك في النشرة البريدية",
    "حمّل تطبيق عمون للأخبار",
    "حمل التطبيق من هنا",
    "نزل تطبيقنا",
])
def test_an_arabic_prompt_addressed_to_the_reader_still_goes(prompt):
    assert clean_paragraphs([AR_LEDE, prompt, AR_NEXT]) == [AR_LEDE, AR_NEXT]


# Finding 6: English and French news sentences that use a prompt's words


@pytest.mark.parametrize(("lede", "sentence", "last"), [
    (LEDE, "Following the leak, the ministry shut down dozens of Telegram channels used to sell exam answers.", NEXT),
    (LEDE, "To stay safe, residents should follow the civil defence instructions published on its WhatsApp channel.",
     NEXT),
    (LEDE, "To get the new ID card, citizens must download the Tawakkalna application and book an appointment "
           "online.", NEXT),
    (LEDE, "For the latest figures, traders follow the central bank's official app, which publishes rates daily.",
     NEXT),
    (FR_LEDE, "Essayez de boire au moins deux litres d'eau par jour pendant les fortes chaleurs.", FR_NEXT),
    (FR_LEDE, "Pour suivre la progression des travaux, suivez la page Facebook de la commune, conseille le maire.",
     FR_NEXT),
    # a culture page's sentences about the author (a comma, then a clause)
    (AR_LEDE, "المؤلف، الذي رحل العام الماضي، ترك عشرات الكتب غير المنشورة.", AR_NEXT),
    (AR_LEDE, "الكاتب، وهو من مواليد طنجة، نشر روايته الأولى سنة 1998.", AR_NEXT),
])
def test_an_english_french_or_arabic_news_sentence_with_a_prompts_words_stays(lede, sentence, last):
    _kept_in_the_middle_and_at_the_end(lede, sentence, last)


@pytest.mark.parametrize(("lede", "prompt", "last"), [
    (LEDE, "Stay updated with the latest news by joining the Port News WhatsApp channel here.", NEXT),
    (LEDE, "Follow our Telegram channel for the latest news", NEXT),
    (LEDE, "To get the latest news, join our WhatsApp channel", NEXT),
    (LEDE, "To stay informed, follow us on Facebook", NEXT),
    (FR_LEDE, "Pour suivre toute l’actualité, abonnez-vous à notre chaîne Telegram", FR_NEXT),
    (FR_LEDE, "Pour ne rien rater de l’actualité, abonnez-vous à la newsletter de TelQuel ici.", FR_NEXT),
    (FR_LEDE, "Essayez notre nouvelle application", FR_NEXT),
    (LEDE, "Author, Jane Doe", NEXT),
    (AR_LEDE, "الكاتب: محمد العلي", AR_NEXT),
])
def test_an_english_french_or_arabic_prompt_or_byline_label_still_goes(lede, prompt, last):
    assert clean_paragraphs([lede, prompt, last]) == [lede, last]


# Finding 13: "all rights reserved" inside a sentence


@pytest.mark.parametrize(("lede", "sentence", "last"), [
    (AR_LEDE, "وأكدت الشركة أن جميع الحقوق محفوظة للمؤلف وورثته ولن تسمح بأي نسخ غير مرخص.", AR_NEXT),
    (LEDE, "The broadcaster said all rights reserved for the tournament would be enforced against pirate channels.",
     NEXT),
    (FR_LEDE, "L'éditeur rappelle que tous droits réservés signifie qu'aucune copie n'est permise sans accord.",
     FR_NEXT),
])
def test_a_story_sentence_about_reserved_rights_stays(lede, sentence, last):
    _kept_in_the_middle_and_at_the_end(lede, sentence, last)


@pytest.mark.parametrize(("lede", "notice", "last"), [
    (LEDE, "© 2024 Al-Ahram. All rights reserved.", NEXT),
    (LEDE, "All rights reserved", NEXT),
    (FR_LEDE, "Le360 - Tous droits réservés", FR_NEXT),
    (AR_LEDE, "جميع الحقوق محفوظة لموقع الخبر 2024", AR_NEXT),
    (AR_LEDE, "2024 جميع الحقوق محفوظة", AR_NEXT),
    (AR_LEDE, "الخبر | حقوق النشر محفوظة", AR_NEXT),
])
def test_a_copyright_notice_still_goes(lede, notice, last):
    assert clean_paragraphs([lede, notice, last]) == [lede, last]


# Finding 14: "Images de …" after a sentence


def test_a_sentence_about_images_after_a_story_sentence_stays():
    line = "Le roi a inauguré le nouveau port. Images de l'inauguration diffusées par la télévision."
    _kept_in_the_middle_and_at_the_end(FR_LEDE, line, FR_NEXT)
    line = "The king opened the new port. Images by the state broadcaster were shown on every channel."
    _kept_in_the_middle_and_at_the_end(LEDE, line, NEXT)


@pytest.mark.parametrize(("lede", "caption", "last"), [
    (FR_LEDE, "Le roi a inauguré le nouveau port. Images de Mohamed Alaoui", FR_NEXT),
    (FR_LEDE, "Le roi inaugure le port (Photo par la MAP)", FR_NEXT),
    (LEDE, "The king opened the new port. Photo by Jane Doe/Getty Images", NEXT),
])
def test_a_caption_credited_after_its_sentence_still_goes(lede, caption, last):
    assert clean_paragraphs([lede, caption, last]) == [lede, last]


# Finding 7: the story's closing "label: date" line


@pytest.mark.parametrize(("lede", "line"), [
    (FR_LEDE, "Prochaine audience : 12 mai 2025"),
    (LEDE, "Deadline for applications: 30 June 2025"),
    (AR_LEDE, "موعد الجلسة المقبلة: 12 مايو 2025"),
])
def test_a_labelled_date_closing_the_story_is_its_information(lede, line):
    assert clean_paragraphs([lede, NEXT, line]) == [lede, NEXT, line]


@pytest.mark.parametrize("line", [
    "Updated: 21 April 2024, 10:02", "Publié le : 12 mai 2025", "Mise en ligne : 12/05/2025",
    "Dernière modification : 12 mai 2025", "آخر تحديث: 12 مايو 2025", "تاريخ النشر: 2025-05-12",
    "Date : 12/05/2025", "Source : MAP, 12/05/2025", "12 mai 2025", "الأحد 12-05-2024 10:30",
])
def test_a_template_date_line_closing_the_story_still_goes(line):
    assert clean_paragraphs([LEDE, NEXT, line]) == [LEDE, NEXT]


# Finding 8: a starred footnote that holds a byline's job word


@pytest.mark.parametrize("footnote", [
    "* Les noms des témoins ont été modifiés à la demande de la rédaction.",
    "*Prices are in Omani rials and exclude the service charge.",
    "* Photos fournies par la famille de la victime.",
    "* Video filmed by residents was verified by our team before publication.",
    "* المعلومات الواردة خاصة بالعام الدراسي الحالي فقط.",
])
def test_a_starred_footnote_with_a_bylines_job_word_stays(footnote):
    assert clean_paragraphs([LEDE, NEXT, footnote]) == [LEDE, NEXT, footnote]


@pytest.mark.parametrize("note", [
    "* Senior correspondent in Amman.",
    "* Jane Doe, journalist based in Tunis.",
    "* Journaliste et chroniqueur, auteur de plusieurs essais.",
    "* كاتب وصحفي أردني",
    "* رئيس تحرير سابق",
])
def test_a_columnists_note_naming_the_writers_trade_first_still_goes(note):
    assert clean_paragraphs([LEDE, NEXT, note]) == [LEDE, NEXT]


# Finding 1: a story whose paragraphs end in "المزيد"/"التفاصيل" is no listing


_AR_ENDINGS = [
    "أعلنت وزارة الداخلية عن إجراءات جديدة لتنظيم حركة السير خلال فصل الصيف في المدن الكبرى وإليكم التفاصيل",
    "وقال مصدر مسؤول إن اللجنة ستعقد اجتماعا طارئا الأسبوع المقبل دون أن يكشف عن المزيد",
    "وتشمل الإجراءات تشديد المراقبة على الطرق السريعة وتخفيض السرعة داخل المدن",
    "وأوضح المصدر أن الوزارة ستعلن لاحقا عن مزيد من التفاصيل",
    "ويأتي هذا القرار بعد ارتفاع عدد حوادث السير خلال الصيف الماضي بنسبة ملحوظة مقارنة بالعام الذي سبقه",
]


def _ar_page(body: str, head: str = "", nav: str = "") -> str:
    return (f"<html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>إجراءات جديدة لتنظيم السير</title>"
            f"<meta property='og:type' content='article'>{head}</head><body><header><nav><a href='/'>الرئيسية</a>"
            f"{nav}</nav></header><main><article><h1>إجراءات جديدة لتنظيم السير</h1>{body}</article></main>"
            f"</body></html>")


@pytest.mark.parametrize("head", ["", '<script type="application/ld+json">{"@context": "https://schema.org", '
                                      '"@type": "NewsArticle", "headline": "إجراءات جديدة لتنظيم السير"}</script>'])
def test_an_arabic_story_whose_paragraphs_end_in_more_or_the_details_is_an_article(head):
    body = "".join(f"<p>{text}</p>" for text in _AR_ENDINGS)
    # a menu's "more" link is no read-more link of each paragraph
    page = _ar_page(body, head, nav="<a href='/more'>المزيد</a>")
    result = extract_article(page, "https://news.example/2025/03/02/story-123", raise_errors=True)
    assert result.article is not None, result.reason
    assert result.article.body.split("\n\n") == _AR_ENDINGS


def test_an_arabic_dossier_of_excerpts_each_ending_with_its_details_link_is_not_an_article():
    cards = "".join(f"<div class='card'><h2><a href='/a{i}'>عنوان الخبر رقم {i} عن حركة السير</a></h2>"
                    f"<p>{text} <a href='/a{i}'>التفاصيل »</a></p></div>" for i, text in enumerate(_AR_ENDINGS[2:]))
    page = _ar_page(f"<p>{_AR_ENDINGS[4]}</p>{cards}")
    result = extract_article(page, "https://news.example/dossier/traffic", raise_errors=True)
    assert result.article is None and result.reason == "not_article"
