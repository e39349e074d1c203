"""Specifications of headlines, dates and texts that look like what a metadata rule removes or reads
(generalisation audit of the metadata rules: titles, dates, languages).

A site-name rule meets a headline opening with the country the outlet is named after; a photos
label is also a city; a date in a headline or a story's first sentence is an event's; a
"local time" names a place the zone table lacks; a story quotes another script. Each test checks
both directions: the innocent twin is left alone, the case the rule was written for still works.
"""

from __future__ import annotations

import html

import pytest

from crawler.boilerplate import clean_title
from crawler.dates import DateOnly, find_date_in_text
from crawler.extract import extract_article
from crawler.language import choose_language, detect_language

AR = [
    "قال المتحدث باسم الوزارة إن الطرفين اتفقا على تبادل ألف أسير من كل جانب في أكبر عملية تبادل منذ بداية "
    "الحرب، على أن تبدأ المرحلة الأولى خلال الأيام المقبلة بإشراف اللجنة الدولية للصليب الأحمر.",
    "وأضاف أن الاجتماع الذي استمر أقل من ساعتين ركز على الملفات الإنسانية وعلى ترتيبات وقف إطلاق النار، "
    "مشيرا إلى أن الوسطاء سيعقدون جولة جديدة من المحادثات في الأسبوع المقبل لاستكمال التفاصيل.",
    "ورحبت عائلات الأسرى بالاتفاق، وطالبت الحكومة بالإسراع في تنفيذه وإطلاع الرأي العام على أسماء "
    "المفرج عنهم، فيما دعت منظمات حقوقية إلى ضمان معاملة إنسانية لجميع المحتجزين.",
]
FR = [
    "Le ministère a annoncé lundi que les exportations de phosphates ont augmenté de dix pour cent au premier "
    "trimestre, portées par la demande des pays d'Asie du Sud et par la hausse des cours mondiaux.",
    "Les syndicats ont salué ces chiffres tout en rappelant que les salaires des mineurs n'avaient pas suivi "
    "la hausse des prix depuis trois ans, et réclament l'ouverture de négociations avant l'été.",
    "Selon les analystes, la tendance devrait se poursuivre au deuxième trimestre si les nouvelles capacités "
    "de production entrent en service comme prévu dans les usines de la région.",
]


def _page(title: str, paragraphs: list[str], *, lang: str = "ar", site_name: str | None = None,
          after_h1: str = "", head: str = "", og_type: str = "article", extra: str = "") -> str:
    meta = f'<meta property="og:title" content="{html.escape(title)}"><meta property="og:type" content="{og_type}">'
    if site_name:
        meta += f'<meta property="og:site_name" content="{html.escape(site_name)}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'{meta}{head}</head><body><header><nav><a href="/">Home</a></nav></header><main><article>'
            f'<h1>{html.escape(title)}</h1>{after_h1}<div class="article-body">{body}</div>{extra}</article></main>'
            f'<footer>© 2025</footer></body></html>')


def _extracted(page: str, url: str = "https://news.example/news/story-123", **kwargs):
    result = extract_article(page, url, min_words=5, raise_errors=True, **kwargs)
    assert result.article is not None, result.reason
    return result.article


# --- the site's name in a headline (finding 1: "Country - …"; finding 2: "Country : …") -----------

@pytest.mark.parametrize("title, site, host", [
    ("Tunisie - Libye : les échanges commerciaux reprennent au poste de Ras Jedir", "La Presse de Tunisie",
     "lapresse.tn"),
    ("Maroc - Espagne : Rabat et Madrid signent un accord sur l'eau", "Le Matin du Maroc", "lematin.ma"),
    ("الأردن - سوريا: إعادة فتح معبر جابر أمام الشاحنات", "الأردن 24", "jo24.net"),
    ("مصر - السودان: اتفاق جديد لتقاسم مياه النيل", "مصراوي", "www.masrawy.com"),
    ("اليمن | الحوثيون يعلنون استهداف سفينة في البحر الأحمر", "المشهد اليمني", "www.almashhad-alyemeni.com"),
    ("Gaza - Israel ceasefire talks resume in Cairo", "Gaza Post", "gazapost.com"),
    ("Iraq - Turkey agree on new water-sharing plan", "Iraqi News", "www.iraqinews.com"),
    ("Oran - Le wali inspecte les chantiers du tramway", "Le Quotidien d'Oran", "www.lequotidien-oran.com"),
])
def test_a_kicker_naming_the_place_the_outlet_is_named_after_stays_in_the_headline(title, site, host):
    assert clean_title(title, site_name=site, host=host) == title
    assert clean_title(title, host=host) == title


@pytest.mark.parametrize("title, site, host", [
    ("Tunisie : le taux de chômage recule à 15,3 % au quatrième trimestre", "Tunisie Numérique",
     "www.tunisienumerique.com"),
    ("Morocco: Inflation slows to 0.7% in January, says HCP", "Morocco World News", "www.moroccoworldnews.com"),
    ("Libya: Central bank governor meets IMF delegation in Tripoli", "Libya Observer", "libyaobserver.ly"),
    ("Oman: New rules for expat visas take effect", "Oman Observer", "www.omanobserver.om"),
    ("Sanaa: Houthis say they hit a ship in the Red Sea", None, "sana.sy"),
])
def test_a_country_kicker_before_a_colon_stays_when_the_host_only_starts_with_it(title, site, host):
    assert clean_title(title, site_name=site, host=host) == title


@pytest.mark.parametrize("title, site, host, expected", [
    # the site's whole name, or the host's whole label, alone or with the words outlets add to it
    ("Gaza Post - Israel ceasefire talks resume in Cairo", "Gaza Post", "gazapost.com",
     "Israel ceasefire talks resume in Cairo"),
    ("La Presse de Tunisie - Libye : les échanges reprennent", "La Presse de Tunisie", "lapresse.tn",
     "Libye : les échanges reprennent"),
    ("Tunisie Numérique : le taux de chômage recule", "Tunisie Numérique", "www.tunisienumerique.com",
     "le taux de chômage recule"),
    ("Hespress FR - Le roi reçoit le président", None, "fr.hespress.com", "Le roi reçoit le président"),
    ("Al Arabiya.net : Talks resume in Doha", None, "www.alarabiya.net", "Talks resume in Doha"),
    ("Ammon News : Jordan, Iraq sign energy deal", None, "en.ammonnews.net", "Jordan, Iraq sign energy deal"),
    # a trailing part still goes on a piece of the site's name ("| Qatar" after its kicker stays)
    ("Qatar: Doha hosts Gulf summit | Qatar Tribune", "Qatar Tribune", "qatar-tribune.com",
     "Qatar: Doha hosts Gulf summit"),
    ("Queen Rania visits schools in Irbid - Jordan News", "Jordan News Agency", "petra.gov.jo",
     "Queen Rania visits schools in Irbid"),
])
def test_the_sites_own_name_before_or_after_the_headline_still_goes(title, site, host, expected):
    assert clean_title(title, site_name=site, host=host) == expected


def test_a_country_kicker_stays_in_the_extracted_title():
    title = "Tunisie - Libye : les échanges commerciaux reprennent au poste de Ras Jedir"
    page = _page(title, FR, lang="fr", site_name="La Presse de Tunisie")
    assert _extracted(page, "https://lapresse.tn/2025/03/02/story-123").title == title
    framed = page.replace(f"<title>{html.escape(title)}</title>", f"<title>{html.escape(title)} | La Presse de "
                                                                  "Tunisie</title>")
    assert _extracted(framed, "https://lapresse.tn/2025/03/02/story-123").title == title


# --- "<Name> writes:" with no byline (residual of the first audit's finding 15) -----------------

@pytest.mark.parametrize("title, paragraphs, lang", [
    ("Emmanuel Macron écrit : « La France restera aux côtés du Maroc »", FR, "fr"),
    ("عبد المجيد تبون يكتب: الجزائر لن تتراجع عن مواقفها", AR, "ar"),
])
def test_a_writes_prefix_stays_in_the_headline_of_a_page_that_names_no_writer(title, paragraphs, lang):
    assert _extracted(_page(title, paragraphs, lang=lang, site_name="Le360" if lang == "fr" else "الشروق")).title \
        == title


@pytest.mark.parametrize("name, headline, paragraphs, lang", [
    ("Sanaa El Aji", "Le corps des femmes, encore", FR, "fr"),
    ("حسين الرواشدة", "من يدفع كلفة الإصلاح الإداري؟", AR, "ar"),
])
def test_a_writes_prefix_naming_the_pages_byline_is_still_the_column_s_byline(name, headline, paragraphs, lang):
    title = f"{name} {'écrit :' if lang == 'fr' else 'يكتب:'} {headline}"
    signed = _page(title, paragraphs, lang=lang, site_name="Le360" if lang == "fr" else "الغد",
                   head=f'<meta name="author" content="{name}">')
    assert _extracted(signed).title == headline


# --- "صور:" (photos) is also the city of Tyre (finding 9) ------------------------------------------

def test_tyre_before_a_headline_stays_and_the_photos_label_of_a_photo_story_goes():
    title = "صور: غارة إسرائيلية على بلدة في الجنوب اللبناني"
    assert _extracted(_page(title, AR)).title == title
    # a photo report: more pictures than paragraphs of prose
    pictures = "".join(f'<figure><img src="/img/{n}.jpg"><figcaption>من موقع الغارة</figcaption></figure>'
                       for n in range(4))
    assert _extracted(_page(title, AR[:2], extra=pictures)).title == "غارة إسرائيلية على بلدة في الجنوب اللبناني"
    # or declared a gallery
    assert _extracted(_page(title, AR, og_type="gallery")).title == "غارة إسرائيلية على بلدة في الجنوب اللبناني"
    # "بالصور" is never a place
    assert _extracted(_page("بالصور: " + title[5:], AR)).title == title[5:]


# --- a date in the headline (finding 4) ---------------------------------------------------------

@pytest.mark.parametrize("title, date_line, lang, expected", [
    ("امتحانات البكالوريا تنطلق يوم 12 يونيو 2025", "نشر في: الأحد 2 مارس 2025 - 10:30", "ar", "2025-03-02T10:30:00"),
    ("Le bac démarre le 12 juin 2025 dans tout le pays", "Publié le 2 mars 2025", "fr", "2025-03-02"),
    ("Remembering the earthquake of 8 September 2023 in Al Haouz", "March 2, 2025", "en", "2025-03-02"),
])
def test_the_pages_date_line_beats_an_event_date_in_its_headline(title, date_line, lang, expected):
    paragraphs = AR if lang == "ar" else FR
    page = _page(title, paragraphs, lang=lang, after_h1=f'<div class="post-date">{date_line}</div>')
    assert _extracted(page).published_at == expected


def test_a_headline_date_still_counts_without_a_date_line_and_gives_way_to_the_same_days_time():
    title = "أسعار الذهب اليوم الأحد 2 مارس 2025"
    assert _extracted(_page(title, AR)).published_at == "2025-03-02"
    shown = _page(title, AR, after_h1='<div class="post-date">نشر في: الأحد 2 مارس 2025 - 10:30</div>')
    assert _extracted(shown).published_at == "2025-03-02T10:30:00"


# --- a date in the story's first sentence (finding 10) ------------------------------------------

@pytest.mark.parametrize("lede, paragraphs", [
    ("قضت محكمة الاستئناف بتأييد الحكم الصادر في 12 يناير 2019 بحق المتهمين في قضية الفساد المالي التي شغلت "
     "الرأي العام لسنوات، وأمرت بمصادرة الأموال المحجوزة لصالح الخزينة العامة.", AR),
    ("Les élections législatives auront lieu le 17 septembre 2026, a annoncé dimanche le ministre de "
     "l'Intérieur lors d'une conférence de presse consacrée au calendrier électoral du pays.", FR),
])
def test_a_date_inside_the_storys_first_sentence_is_not_its_publication_date(lede, paragraphs):
    lang = "ar" if paragraphs is AR else "fr"
    assert _extracted(_page("Headline of the story", [lede, *paragraphs], lang=lang)).published_at is None


@pytest.mark.parametrize("lede, expected", [
    ("ABU DHABI, 3rd June, 2025 (WAM) -- The President received a delegation from Kenya on a working visit "
     "to the country, and the two sides discussed trade and investment.", "2025-06-03"),
    ("April 21, 2024 (KHARTOUM) – At least twelve civilians were killed on Saturday when shells hit "
     "residential areas of El Fasher, residents and medics said.", "2024-04-21"),
    ("المكلا - سبأ: افتتح محافظ حضرموت، اليوم الأحد 8 ذو الحجة 1446هـ الموافق 4 مايو 2025م، مشروعاً لتحلية "
     "مياه البحر في مدينة المكلا بطاقة إنتاجية تبلغ خمسة آلاف متر مكعب يومياً.", "2025-05-04"),
])
def test_a_dateline_opening_the_story_is_still_its_date(lede, expected):
    assert _extracted(_page("Headline of the story", [lede, *FR[1:]], lang="en")).published_at == expected


# --- "بتوقيت <place>" (finding 14) -------------------------------------------------------------

@pytest.mark.parametrize("text, zone", [
    ("الأحد 2 مارس 2025 - 10:30 بتوقيت أنقرة", "Europe/Istanbul"),
    ("الأحد 2 مارس 2025 - 10:30 بتوقيت فلسطين", "Asia/Hebron"),
    ("الأحد 2 مارس 2025 - 10:30 بتوقيت رام الله", "Asia/Hebron"),
    ("2 mars 2025 à 10h30 (heure d'Alger)", "Africa/Algiers"),
    ("2 mars 2025 à 10h30 heure de Nouakchott", "Africa/Nouakchott"),
    ("March 2, 2025 10:30 Tehran time", "Asia/Tehran"),
    # the controls: a listed place, and the site's own zone for "local" and for عمان (Amman or Oman)
    ("الأحد 2 مارس 2025 - 10:30 بتوقيت القاهرة", "Africa/Cairo"),
    ("2 mars 2025 à 10h30 heure locale", "Africa/Casablanca"),
    ("الأحد 2 مارس 2025 - 10:30 بتوقيت عمان", "Africa/Casablanca"),
])
def test_a_local_time_marker_is_read_in_the_zone_of_the_place_it_names(text, zone):
    moment, _ = find_date_in_text(text, languages=["ar", "fr", "en"], default_tz="Africa/Casablanca")
    assert (moment.hour, moment.minute, str(moment.tzinfo)) == (10, 30, zone)


@pytest.mark.parametrize("text", ["الأحد 2 مارس 2025 - 10:30 بتوقيت نيودلهي", "2 mars 2025 à 10h30 heure de Dakar",
                                  "March 2, 2025 10:30 Mumbai time"])
def test_a_local_time_marker_naming_an_unlisted_place_gives_the_day_not_the_sites_zone(text):
    moment, _ = find_date_in_text(text, languages=["ar", "fr", "en"], default_tz="Africa/Casablanca")
    assert isinstance(moment, DateOnly) and moment.date().isoformat() == "2025-03-02"


# --- languages (findings 11 and 15) -------------------------------------------------------------

KURDISH_NAMES = ("وشارك في الاجتماع ممثلون عن حركة «گۆڕان» والاتحاد الوطني الكردستاني «یەکێتی» والحزب "
                 "الديمقراطي، وعقد في مدينة هەولێر.")
SORANI = ("سەرۆکی هەرێمی کوردستان لە کۆبوونەوەیەکدا لەگەڵ نوێنەرانی پارتە سیاسییەکان باسی لە ڕێکارەکانی "
          "هەڵبژاردنی داهاتوو کرد و داوای لە لایەنەکان کرد هاوکاری کۆمیسیۆن بکەن.")


def test_kurdish_spelled_names_leave_an_arabic_story_arabic_and_sorani_is_still_kurdish():
    text = "\n\n".join([*AR, KURDISH_NAMES])
    assert detect_language(text) == "ar"
    assert choose_language(text, "ar") == "ar"
    assert detect_language(SORANI) == "ku"


COMMUNIQUE = ("وجاء في بلاغ الوزارة: «تعلن وزارة التربية الوطنية والتعليم الأولي والرياضة أن امتحانات الباكالوريا "
              "ستجرى في موعدها المحدد، وتدعو جميع المترشحين والمترشحات إلى الاطلاع على الجدولة الزمنية المنشورة "
              "على البوابة الرسمية للوزارة، والالتزام بالتعليمات التنظيمية الخاصة بهذه الدورة».")


def test_a_short_french_story_quoting_an_arabic_communique_stays_french():
    text = "\n\n".join([*FR[:2], COMMUNIQUE])
    assert detect_language(text) == "ar"  # the letters alone
    assert choose_language(text, "fr") == "fr"
    # a wrong lang="en" on an Arabic story with a name or two in Latin letters is still overruled
    assert choose_language("\n\n".join([*AR, "Reuters, AFP"]), "en") == "ar"
    # and a French declaration over an Arabic story whose Latin part is a line of French
    assert choose_language("\n\n".join([*AR, COMMUNIQUE, "Lire aussi la suite."]), "fr") == "ar"


# --- the site's name in the other script (probe of regional templates: Hespress) -------------------

def _titled_page(headline: str, html_title: str, site_name: str, byline: str, ld_author: str) -> str:
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
          f'"headline":"{headline}","datePublished":"2025-02-09T21:30:00+00:00",'
          f'"author":{{"@type":"Person","name":"{ld_author}"}}}}</script>')
    return _page(headline, AR, site_name=site_name, head=ld,
                 after_h1=f'<div class="author">{html.escape(byline)}</div>').replace(
        f"<title>{html.escape(headline)}</title>", f"<title>{html.escape(html_title)}</title>")


@pytest.mark.parametrize("site_name, suffix", [("Hespress", "هسبريس"), ("Al Jazeera Net", "الجزيرة نت"),
                                               ("Echorouk", "الشروق")])
def test_a_byline_naming_the_site_as_its_title_spells_it_in_arabic_is_the_publisher(site_name, suffix):
    headline = "الحكومة تطلق برنامجا لدعم السكن في المناطق الجبلية"
    page = _titled_page(headline, f"{headline} - {suffix}", site_name, f"{suffix} من الرباط", f"{suffix} من الرباط")
    assert _extracted(page).authors == []


@pytest.mark.parametrize("suffix", ["فهد الأحمد", "هبة بريس"])
def test_a_writer_or_another_outlet_after_the_headline_in_the_title_is_not_the_site(suffix):
    # a column's <title> ends with its writer's name; a name in the other script that is not the
    # site's spelled in Arabic (another outlet's) names no publisher either
    headline = "الحكومة تطلق برنامجا لدعم السكن في المناطق الجبلية"
    page = _titled_page(headline, f"{headline} - {suffix}", "Hespress", suffix, suffix)
    assert _extracted(page).authors == [suffix]
