"""Widgets set in or beside MENA stories (probe of 2026-12): reader-service boxes (prayer times,
exchange rates, gold prices), paywall lines, ad-slot lines, an app-store prompt, a Facebook
post's credit line, and a story's closing list of names. Each rule has its look-alike twin: the
same words in the story stay."""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_paragraphs
from crawler.extract import extract_article

P1 = ("أعلنت وزارة المياه والري، اليوم الثلاثاء، عن خطة طارئة لمواجهة تراجع مخزون السدود في المملكة بعد موسم مطري "
      "وصف بأنه الأضعف منذ عقدين، وتتضمن الخطة إعادة توزيع الحصص المائية بين المحافظات.")
P2 = ("وقال الناطق الإعلامي باسم الوزارة إن نسبة تخزين السدود الرئيسية لم تتجاوز 27 بالمئة من سعتها الإجمالية، مشيرا "
      "إلى أن الوزارة ستعتمد على الآبار الجوفية والمياه المحلاة لتغطية العجز خلال أشهر الصيف.")
P3 = ("ومن المقرر أن تعرض الوزارة تفاصيل الخطة على مجلس الوزراء الأسبوع المقبل، إلى جانب طلب مخصصات إضافية لتمويل "
      "مشاريع الحصاد المائي في المناطق الشرقية والجنوبية.")
PRAYER = ('<div class="box"><h3>مواقيت الصلاة</h3><ul><li>الفجر <span>04:12</span></li><li>الظهر <span>12:31</span></li>'
          '<li>العصر <span>16:08</span></li><li>المغرب <span>19:41</span></li><li>العشاء <span>21:13</span></li></ul></div>')
RATES = ('<table class="tbl"><caption>أسعار العملات</caption><tr><td>الدولار الأمريكي</td><td>0.708</td></tr>'
         '<tr><td>اليورو</td><td>0.764</td></tr><tr><td>الجنيه الإسترليني</td><td>0.901</td></tr></table>')


def _page(headline: str, body: str, *, holder: str = '<div class="entry-content">') -> bytes:
    return (f'<html lang="ar"><head><meta charset="utf-8"><title>{headline}</title>'
            '<meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2025-06-10T09:30:00+03:00"></head><body>'
            '<nav><a href="/">الرئيسية</a> <a href="/local">محليات</a></nav>'
            f'<article><h1>{headline}</h1>{holder}{body}</div></article>'
            '<footer>جميع الحقوق محفوظة</footer></body></html>').encode()


def _body(headline: str, body: str, **kwargs) -> str:
    result = extract_article(_page(headline, body, **kwargs), "https://news.example/2025/06/10/a", languages=("ar",),
                             raise_errors=True)
    assert result.article is not None, result.reason
    return result.article.body


@pytest.mark.parametrize("box", [PRAYER.replace('class="box"', 'class="widget prayer-times"'),
                                 RATES.replace('class="tbl"', 'class="currency-rates"')])
def test_a_service_box_named_a_widget_in_a_story_goes(box):
    body = _body("خطة طارئة لمواجهة تراجع مخزون السدود", f"<p>{P1}</p><p>{P2}</p>{box}<p>{P3}</p>")
    assert P1 in body and P2 in body and P3 in body
    for chrome in ("مواقيت الصلاة", "04:12", "أسعار العملات", "0.708"):
        assert chrome not in body


@pytest.mark.parametrize("box", [PRAYER, RATES])
def test_a_service_box_beside_the_story_goes(box):
    # outside the container of the story's paragraphs, whatever its class
    page = (_page("خطة طارئة لمواجهة تراجع مخزون السدود", f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>")
            .replace(b"</article>", f"</article><div class=\"col-side\">{box}</div>".encode()))
    result = extract_article(page, "https://news.example/2025/06/10/a", languages=("ar",), raise_errors=True)
    assert result.article is not None
    body = result.article.body
    assert P1 in body and P3 in body
    for chrome in ("مواقيت الصلاة", "04:12", "أسعار العملات", "0.708"):
        assert chrome not in body


@pytest.mark.parametrize("box", [PRAYER, RATES])
def test_an_unnamed_service_box_inside_the_story_stays(box):
    # (review 2: a story's own table or fact box looks the same; losing its figures is worse
    # than keeping a widget)
    body = _body("خطة طارئة لمواجهة تراجع مخزون السدود", f"<p>{P1}</p><p>{P2}</p>{box}<p>{P3}</p>")
    assert P3 in body
    assert "04:12" in body or "0.708" in body


@pytest.mark.parametrize(("headline", "box", "kept"), [
    ("مواقيت الصلاة في عمّان لأول أيام شهر رمضان", PRAYER, "04:12"),
    ("استقرار أسعار صرف الدولار واليورو أمام الدينار", RATES, "0.708"),
])
def test_a_service_box_the_story_is_about_stays(headline, box, kept):
    body = _body(headline, f"<p>{P1}</p><p>{P2}</p>{box}<p>{P3}</p>")
    assert kept in body and P3 in body


def test_a_table_under_a_service_title_written_into_the_story_stays():
    # no box of its own sets it apart: the story's subheading and its data
    table = ('<h3>أسعار العملات</h3><table><tr><td>الدولار الأمريكي</td><td>0.708</td></tr>'
             '<tr><td>اليورو</td><td>0.764</td></tr></table>')
    body = _body("خطة طارئة لمواجهة تراجع مخزون السدود", f"<p>{P1}</p><p>{P2}</p>{table}<p>{P3}</p>")
    assert "0.708" in body and "0.764" in body


def test_a_sentence_naming_prayer_times_stays():
    line = "وأوضحت الوزارة أن مواقيت الصلاة في المساجد لن تتأثر بانقطاع المياه، وأن الوضوء سيكون متاحا عبر الخزانات 24 ساعة."
    body = _body("خطة طارئة لمواجهة تراجع مخزون السدود", f"<p>{P1}</p><p>{P2}</p><p>{line}</p><p>{P3}</p>")
    assert line in body


@pytest.mark.parametrize("label", ["والضحايا هم:", "The victims were named as:", "Les victimes sont :"])
def test_a_list_a_label_announces_after_the_last_paragraph_stays_in_an_unknown_container(label):
    names = "<ul><li>أحمد محمود العلي (34 عاما)</li><li>سامر خالد يوسف (27 عاما)</li><li>منى عبد الله حسن (41 عاما)</li></ul>"
    page = (f'<html lang="ar"><head><meta charset="utf-8"><title>حادث</title></head><body>'
            f'<div class="col"><h1>حادث سير مروع على الطريق الصحراوي</h1><div class="details-text">'
            f'<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{label}</p>{names}</div></div>'
            '<div class="col"><h3>الأكثر قراءة</h3><ul><li><a href="/n/1">وفاة شاب غرقا في سد الملك طلال</a></li>'
            '<li><a href="/n/2">الحكومة تقر نظاما جديدا للخدمة المدنية</a></li></ul></div></body></html>')
    result = extract_article(page.encode(), "https://news.example/news/details/88213", languages=("ar",),
                             raise_errors=True)
    body = result.article.body
    assert "أحمد محمود العلي (34 عاما)" in body and "منى عبد الله حسن (41 عاما)" in body
    assert "وفاة شاب غرقا" not in body


@pytest.mark.parametrize("line", [
    "This article is for subscribers only. Subscribe now for unlimited access.",
    "This story is available to paying subscribers only.",
    "Subscribe Already a subscriber? Log in",
    "Il vous reste 80% de cet article à lire. La suite est réservée aux abonnés.",
    "La suite est réservée aux abonnés.",
    "لديك اشتراك؟ تسجيل الدخول",
    "هل أنت مشترك بالفعل؟ سجل الدخول",
    "هذا الخبر متاح فقط للمشتركين",
    "- إعلان -",
    "— Advertisement —",
    "Article à suivre après cette publicité",
    "لمتابعة آخر الأخبار حمّل تطبيق الموقع على أندرويد و iOS",
    "للمزيد من الأخبار نزل تطبيق الجريدة من متجري جوجل بلاي وآب ستور",
    "Posted by Public Security Directorate on Tuesday, June 10, 2025",
    "تم النشر بواسطة ‏مديرية الأمن العام‏ في الثلاثاء، 10 يونيو 2025",
])
def test_paywall_ad_slot_app_store_and_facebook_credit_lines_go(line):
    assert clean_paragraphs([P1, line, P3]) == [P1, P3]


@pytest.mark.parametrize("line", [
    "The service is for subscribers only, the company said, and will cost 5 dinars a month from January.",
    "Ce service est réservé aux abonnés de l'opérateur historique, a précisé le ministère.",
    "Il reste 80 % des travaux à achever avant la livraison de l'autoroute, selon le ministère.",
    "وأصدرت الوزارة إعلانا رسميا حول مواعيد ضخ المياه في المناطق المتضررة.",
    "لمتابعة حالة الطقس حُمّل تطبيق الأرصاد الجوية أكثر من مليون مرة على أندرويد خلال الشهر الماضي.",
    "لمعرفة مواعيد الحافلات نزل تطبيق الهيئة الجديد إلى المتاجر يوم الاثنين.",
    "Posted by the ministry on its Facebook page on Tuesday, June 10, the statement drew thousands of comments.",
    "La suite après la publication du rapport sera décisive pour le gouvernement.",
])
def test_story_sentences_with_those_words_stay(line):
    assert clean_paragraphs([P1, line, P3]) == [P1, line, P3]


@pytest.mark.parametrize("line", [
    # reading time, tools, ratings, error reports
    "Lecture : 4 min", "قراءة 3 دقيقة", "⏱ 4 min", "🕒 3 دقائق",
    "حجم الخط", "تكبير الخط - تصغير الخط",
    "Email this article", "Imprimer l'article", "طباعة الخبر", "إرسال لصديق", "Envoyer par e-mail",
    "رابط مختصر", "Show comments", "Réagir",
    "أبلغ عن خطأ", "Signaler une erreur", "Report a correction", "Spotted an error? Let us know.",
    "Vous avez repéré une faute ? Signalez-la", "وجدت خطأ في الخبر؟ أبلغنا",
    "Rate this article:", "Notez cet article", "قيم هذا الخبر",
    # registration walls, ad slots, apps, video fallbacks
    "Register for free to continue reading", "Create a free account to keep reading", "Sign in to continue reading",
    "Connectez-vous pour lire la suite", "Abonnez-vous pour lire l'intégralité de cet article",
    "Inscrivez-vous gratuitement pour continuer la lecture", "سجل الدخول لمتابعة القراءة",
    "للاطلاع على المقال كاملا يرجى الاشتراك",
    "ADVERTISEMENT - CONTINUE READING BELOW", "Publicité - Suite de l'article ci-dessous", "Ad", "Sponsorisé",
    "Contenu sponsorisé", "محتوى مدعوم", "Scroll down to continue reading",
    "Get the app", "Téléchargez l'application", "للمزيد تابعونا على تيك توك",
    "شاهد الفيديو على يوتيوب", "This video can not be played",
    # box headings left alone, hashtag lines
    "Most Read", "Trending Now", "Les plus partagés", "الأكثر مشاهدة", "Breaking News", "Dernière minute",
    "#الأردن #المياه #السدود", "#Maroc #Autoroute #Dakhla",
    # an audio player's label and the recording's length
    "Listen | 3:12", "استمع | 3:12", "Écouter | 3:12", "Écoutez · 04:05", "استمع الآن | ٣:١٢", "Listen now 12 min",
    "▶ Listen | 1:02:45",
])
def test_widget_lines_alone_in_the_body_go(line):
    assert clean_paragraphs([P1, line, P3]) == [P1, P3]


@pytest.mark.parametrize("line", [
    "Register online to continue receiving the benefit, the ministry said on Monday.",
    "Inscrivez-vous pour continuer à bénéficier de l'aide, rappelle la caisse de retraite.",
    "Sign in to the portal with your national number, the ministry said.",
    "Found an error? The ministry insists its figures are correct and were audited twice.",
    "Auditors found an error in the figures published by the statistics office last year.",
    "Vous avez repéré une erreur ? Le ministère assure que ses chiffres ont été vérifiés deux fois.",
    "هل وجدت خطأ؟ تقول الوزارة إن أرقامها دقيقة وقد تمت مراجعتها مرتين من قبل ديوان المحاسبة.",
    "Print and online advertising revenue fell by a third, the publishers' association said.",
    "طباعة الكتب المدرسية ستبدأ الشهر المقبل في مطابع وزارة التربية والتعليم.",
    "The most read newspaper in the kingdom will stop its print edition next year.",
    "Breaking news rules, the regulator said, apply to television channels too.",
    "45 minutes",
    "Rate this article's claims against the ministry's own figures, the opposition said.",
    "قيم الوزير هذا الخبر بأنه غير دقيق، مؤكدا أن الوزارة ستصدر بيانا توضيحيا.",
    "#MeToo became a rallying cry in the region after the trial, activists said.",
    "Listen to the minister's 3:12 speech and the contradictions are plain, the opposition said.",
    "Listen 20 minutes to any taxi driver in Amman and the wage debate comes up.",
    "Écouter : trois raisons pour lesquelles le ministère a revu sa copie, selon les élus.",
    "استمع الحضور إلى كلمة الوزير التي استمرت 12 دقيقة في افتتاح المؤتمر.",
])
def test_story_lines_near_those_widget_lines_stay(line):
    assert clean_paragraphs([P1, line, P3]) == [P1, line, P3]


# A box of other stories' linked headlines written into the story's own, unknown container (no
# body class trafilatura knows), under its heading: trafilatura dropped the heading and kept the
# first headline as the story's last line.
_ARTICLE_P = {
    "ar": (P1, P2, P3),
    "en": ("Jordan's cabinet on Tuesday approved a draft law that would raise the minimum wage for the first time in "
           "four years, lifting it to 290 dinars a month from January, the government spokesman said.",
           "The increase follows months of talks between the labour ministry, employers' associations and the General "
           "Federation of Trade Unions, which had demanded a rise to at least 300 dinars.",
           "The draft law now goes to parliament, where the lower house is expected to debate it during its "
           "extraordinary session next month before sending it to the senate."),
    "fr": ("Le ministère de l'Équipement a annoncé mardi le lancement des travaux de la nouvelle autoroute reliant "
           "Tiznit à Dakhla, un chantier de plus de mille kilomètres.",
           "Selon le communiqué du ministère, le coût global du projet est estimé à 10 milliards de dirhams, financés "
           "en grande partie par le budget de l'État.",
           "Les élus locaux ont salué une décision attendue depuis plusieurs années, tout en réclamant que les "
           "entreprises de la région soient associées aux travaux."),
}


def _custom_body(lang: str, headline: str, inner: str) -> str:
    page = (f'<html lang="{lang}"><head><meta charset="utf-8"><title>{headline}</title>'
            '<meta property="og:type" content="article"></head><body>'
            '<nav><a href="/">Home</a> <a href="/local">Local</a></nav>'
            f'<div class="container"><div class="row"><div class="col-md-8"><div class="news-details">'
            f'<h1 class="news-title">{headline}</h1><div class="news-info"><span class="writer">Staff</span> '
            '<span class="date">2025-06-10 09:30</span></div>'
            f'<div class="details-text" id="newsBody">{inner}</div></div></div><div class="col-md-4"></div></div></div>'
            '<footer>© 2025</footer></body></html>')
    result = extract_article(page.encode(), "https://news.example/news/details/4521", languages=(lang,),
                             raise_errors=True)
    assert result.article is not None, result.reason
    return result.article.body


@pytest.mark.parametrize(("lang", "heading", "headlines"), [
    ("ar", "الأكثر قراءة", ("وفاة شاب غرقا في سد الملك طلال", "الحكومة تقر نظاما جديدا للخدمة المدنية",
                           "توقعات بانخفاض أسعار المحروقات الشهر المقبل")),
    ("en", "Most read", ("Young man drowns at King Talal Dam", "Government approves new civil service bylaw",
                         "Fuel prices expected to fall next month")),
    ("fr", "Les plus lus", ("Canicule : alerte orange dans six provinces", "Botola : le calendrier dévoilé",
                            "Les prix des carburants en baisse le mois prochain")),
    ("ar", "اقرأ أيضا", ("وفاة شاب غرقا في سد الملك طلال", "الحكومة تقر نظاما جديدا للخدمة المدنية",
                        "توقعات بانخفاض أسعار المحروقات الشهر المقبل")),
])
def test_a_headed_run_of_linked_headlines_closing_an_unknown_container_goes(lang, heading, headlines):
    story = "".join(f"<p>{p}</p>" for p in _ARTICLE_P[lang])
    links = "".join(f'<p><a href="/news/details/{40 + i}">{h}</a></p>' for i, h in enumerate(headlines))
    body = _custom_body(lang, "Headline of the story", f"{story}<h4>{heading}</h4>{links}")
    assert all(p in body for p in _ARTICLE_P[lang])
    assert heading not in body and not any(h in body for h in headlines)


def test_story_sentences_with_links_under_a_most_read_subheading_stay():
    more = ("<p>The most borrowed title was <a href='https://library.example/c/8812'>Season of Migration to the North"
            "</a>, the Sudanese classic the municipality put on its school reading list in September.</p>"
            "<p>It was followed by <a href='https://library.example/c/9120'>a prize-winning debut</a> and a crime "
            "story set in downtown Amman, each borrowed more than 3,000 times.</p>")
    story = "".join(f"<p>{p}</p>" for p in _ARTICLE_P["en"])
    body = _custom_body("en", "Amman's libraries lent 410,000 books", f"{story}<h4>Most read</h4>{more}")
    assert "The most borrowed title was Season of Migration to the North" in body
    assert "each borrowed more than 3,000 times." in body


def test_a_story_box_between_paragraphs_of_an_unknown_container_stays():
    # the story is about prayer times: its box stays (clean_dom's service rule), and the container
    # holding it is marked the body so that trafilatura keeps the box's list
    inner = f"<p>{P1}</p><p>{P2}</p>{PRAYER}<p>{P3}</p>"
    body = _custom_body("ar", "مواقيت الصلاة في عمّان لأول أيام شهر رمضان", inner)
    assert "الفجر 04:12" in body and "العشاء 21:13" in body and P3 in body


def test_a_box_of_linked_headlines_between_paragraphs_of_an_unknown_container_stays_out():
    box = ('<div class="box"><h3>ملفات</h3><ul><li><a href="/n/1">السدود تفقد نصف مخزونها في عامين</a></li>'
           '<li><a href="/n/2">خطة وطنية لتحلية مياه العقبة</a></li></ul></div>')
    body = _custom_body("ar", "خطة طارئة لمواجهة تراجع مخزون السدود", f"<p>{P1}</p><p>{P2}</p>{box}<p>{P3}</p>")
    assert P1 in body and P2 in body and P3 in body
    assert "السدود تفقد نصف مخزونها" not in body
