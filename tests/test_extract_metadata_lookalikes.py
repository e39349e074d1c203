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


# --- date, zone and language audit (branch datefix) ---------------------------------------------

def _ld(**dates: str) -> str:
    import json
    return ('<script type="application/ld+json">'
            + json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", **dates}) + "</script>")


@pytest.mark.parametrize("head", [
    _ld(datePublished="1970-01-01T00:00:00+00:00"),
    '<meta property="article:published_time" content="1970-01-01T03:00:00+03:00">',
    _ld(datePublished="1969-12-31T19:00:00-05:00"),
    _ld(datePublished="1970-01-01"),
])
def test_an_unset_timestamp_in_the_metadata_gives_way_to_the_shown_date(head):
    # a CMS's timestamp 0 rendered as a date is no publication date: the page's date line is read
    page = _page("وزير الخارجية يلتقي نظيره", AR, head=head,
                 after_h1='<div class="post-date">2 يونيو 2025 - 10:15 ص</div>')
    assert _extracted(page, default_tz="Asia/Riyadh").published_at == "2025-06-02T07:15:00+00:00"


def test_an_unset_modified_timestamp_is_no_modified_date_and_real_metadata_dates_still_count():
    head = _ld(datePublished="2025-06-02T10:15:00+03:00", dateModified="1970-01-01T00:00:00Z")
    article = _extracted(_page("وزير الخارجية يلتقي نظيره", AR, head=head), default_tz="Asia/Riyadh")
    assert (article.published_at, article.modified_at) == ("2025-06-02T07:15:00+00:00", None)
    head = _ld(datePublished="2025-06-02T10:15:00+03:00", dateModified="2025-06-03T09:00:00+03:00")
    article = _extracted(_page("وزير الخارجية يلتقي نظيره", AR, head=head), default_tz="Asia/Riyadh")
    assert (article.published_at, article.modified_at) == ("2025-06-02T07:15:00+00:00", "2025-06-03T06:00:00+00:00")


@pytest.mark.parametrize("line, lang, paragraphs", [
    ("Mise à jour le 03/06/2025 à 09h00 · Publié le 02/06/2025 à 10h15", "fr", FR),
    ("Dernière mise à jour : 03/06/2025 09:00 — Publié le 02/06/2025 10:15", "fr", FR),
    ("Dernière modification : 03/06/2025 09:00 | Publié le 02/06/2025 10:15", "fr", FR),
    ("تم تحديثه في 03/06/2025 09:00 | نشر في 02/06/2025 10:15", "ar", AR),
    ("التحديث: 03/06/2025 09:00 | النشر: 02/06/2025 10:15", "ar", AR),
    ("آخر تعديل: 03/06/2025 09:00 | تاريخ النشر: 02/06/2025 10:15", "ar", AR),
    ("Last modified: 03/06/2025 09:00 | Published: 02/06/2025 10:15", "en", FR),
    # the controls: the labels the rule knew
    ("Mis à jour le 03/06/2025 à 09h00 · Publié le 02/06/2025 à 10h15", "fr", FR),
    ("آخر تحديث: 03/06/2025 09:00 | نشر في 02/06/2025 10:15", "ar", AR),
])
def test_an_update_shown_first_under_any_update_label_is_not_the_published_date(line, lang, paragraphs):
    page = _page("Headline of the story", paragraphs, lang=lang, after_h1=f'<div class="meta">{line}</div>')
    article = _extracted(page, default_tz="Africa/Tunis")
    assert (article.published_at, article.modified_at) == ("2025-06-02T09:15:00+00:00", "2025-06-03T08:00:00+00:00")


def test_a_law_amended_on_a_date_in_the_lede_is_no_update_of_the_page():
    lede = ("أكد الوزير أن قانون الاستثمار الذي تم تعديله في 12 مارس 2024 يمنح المستثمرين الأجانب ضمانات إضافية، "
            "وأن الحكومة ستصدر اللوائح التنفيذية خلال الأسابيع المقبلة بعد التشاور مع غرف التجارة.")
    page = _page("Headline of the story", [lede, *AR], after_h1='<div class="post-date">2 يونيو 2025 - 10:15 ص</div>')
    article = _extracted(page, default_tz="Asia/Riyadh")
    assert (article.published_at, article.modified_at) == ("2025-06-02T07:15:00+00:00", None)


@pytest.mark.parametrize("figure, lang, paragraphs", [
    ('<figure><img src="/a.jpg" alt=""><figcaption>صورة أرشيفية بتاريخ 12 مارس 2019</figcaption></figure>', "ar", AR),
    ('<figure><img src="/a.jpg" alt=""><figcaption>Le président lors de sa visite à Alger, le 12 mars 2019.'
     '</figcaption></figure>', "fr", FR),
    ('<div class="wp-caption"><img src="/a.jpg" alt=""><p class="wp-caption-text">Photo prise le 12 mars 2019</p>'
     '</div>', "fr", FR),
    ('<div class="lead"><figure><img src="/a.jpg" alt=""><figcaption>صورة أرشيفية بتاريخ 12 مارس 2019</figcaption>'
     '</figure></div>', "ar", AR),
    # a caption known by its class, wrapped in the lead as a <figure> is: the same caption
    ('<div class="lead"><div class="wp-caption"><img src="/a.jpg" alt=""><p class="wp-caption-text">Photo '
     'archive 12 March 2019</p></div></div>', "fr", FR),
    ('<div class="chapo"><div class="legende-photo">Le président à Alger, le 12 mars 2019.</div></div>', "fr", FR),
])
def test_a_pictures_caption_under_the_headline_does_not_date_the_story(figure, lang, paragraphs):
    assert _extracted(_page("Headline of the story", paragraphs, lang=lang, after_h1=figure)).published_at is None


def test_a_byline_with_its_date_under_a_picture_still_dates_the_story():
    after = ('<figure><img src="/a.jpg" alt=""><figcaption>صورة أرشيفية بتاريخ 12 مارس 2019</figcaption></figure>'
             '<div>بقلم أحمد علي - 2 يونيو 2025</div>')
    assert _extracted(_page("Headline of the story", AR, after_h1=after)).published_at == "2025-06-02"

    wrapped = ('<div class="lead"><div class="wp-caption"><img src="/a.jpg" alt=""><p class="wp-caption-text">'
               'Photo prise le 12 mars 2019</p></div><p>Par Karim Benali - 2 juin 2025</p></div>')
    assert _extracted(_page("Headline of the story", FR, lang="fr", after_h1=wrapped)).published_at == "2025-06-02"


@pytest.mark.parametrize("text, declared, hints", [
    ("The ministry published the exam results today.", "ar", ()),  # an English brief on an Arabic template
    ("The ministry published the exam results today.", "ar-SA", ("ar",)),
    ("عاجل: انفجار في بيروت", "en", ()),  # an Arabic flash on an English template
    ("عاجل: انفجار في بيروت", "fr-FR", ()),
    ("Breaking: explosion at Beirut port", None, ("ar",)),  # the profile's one language, not the text's
])
def test_a_short_text_with_no_letter_of_the_declared_script_has_no_language(text, declared, hints):
    assert detect_language(text) is None  # too short to tell
    assert choose_language(text, declared, hints) is None


@pytest.mark.parametrize("text, declared, hints, expected", [
    ("iPhone 16: مراجعة سريعة", "ar", (), "ar"),  # an Arabic review naming a product
    ("عاجل: انفجار في بيروت", "ar", (), "ar"),
    ("Le bac démarre lundi.", "fr", (), "fr"),
    ("Le bac démarre lundi.", None, ("fr",), "fr"),
    ("Parlamentoya Herêmê civiya.", "ku", (), "ku"),  # Kurmanji, Kurdish in Latin letters
    ("12:45", "ar", (), "ar"),  # no letters to tell
])
def test_a_short_text_in_the_declared_script_keeps_its_declared_language(text, declared, hints, expected):
    assert choose_language(text, declared, hints) == expected


def test_a_short_english_brief_on_an_arabic_template_is_stored_without_a_language():
    page = _page("Results", ["The ministry published the exam results today."], lang="ar")
    result = extract_article(page, "https://news.example/news/story-123", min_words=0, raise_errors=True)
    assert result.article.language is None
    assert _extracted(_page("Headline of the story", AR, lang="ar")).language == "ar"


@pytest.mark.parametrize("declared, expected", [
    ("ara", "ar"), ("fra", "fr"), ("fre", "fr"), ("eng", "en"), ("Arabic", "ar"), ("french", "fr"),
    # the controls: ISO 639-1 with a region, and what names no language
    ("ar-SA", "ar"), ("fr_FR", "fr"), ("en-US", "en"), ("AR", "ar"), ("x-default", None), ("", None),
])
def test_a_language_declared_by_its_three_letter_code_or_english_name_is_read(declared, expected):
    from crawler.language import normalise_language_code
    assert normalise_language_code(declared) == expected


def test_a_short_french_brief_declared_fra_keeps_its_declared_language():
    assert choose_language("Le bac démarre lundi.", "fra") == "fr"
    assert choose_language("Le bac démarre lundi.", "fr-FR") == "fr"


# --- date audit, round 3 (branch datefix2): print-view and birth dates ----------------------------

@pytest.mark.parametrize("line, lang, paragraphs", [
    ('<div class="print-date">تاريخ الطباعة: 8 ديسمبر 2025</div>', "ar", AR),
    ('<div class="print-info">Date d\'impression : 08/12/2025</div>', "fr", FR),
    ('<div class="meta">Imprimé le 8 décembre 2025</div>', "fr", FR),
    ('<div class="meta">Printed on December 8, 2025</div>', "en", FR),
])
def test_a_print_views_printing_date_is_not_the_published_date(line, lang, paragraphs):
    # the day a print view was printed is the day of the visit, as a "today" strip
    assert _extracted(_page("Headline of the story", paragraphs, lang=lang, after_h1=line)).published_at is None


@pytest.mark.parametrize("line, lang, paragraphs", [
    ('<div class="meta">Printed on December 8, 2025 | Published on 2 June 2025</div>', "en", FR),
    ('<div class="meta">تاريخ الطباعة: 8 ديسمبر 2025 - تاريخ النشر: 2 يونيو 2025</div>', "ar", AR),
    # the control: a published date beside the print date is still read
    ('<div class="meta">Published on 2 June 2025 | Printed on December 8, 2025</div>', "en", FR),
])
def test_the_published_date_beside_a_printing_date_is_still_read(line, lang, paragraphs):
    assert _extracted(_page("Headline of the story", paragraphs, lang=lang, after_h1=line)).published_at == "2025-06-02"


@pytest.mark.parametrize("box, lang, paragraphs", [
    ('<div class="author-info">John Smith (born 4 March 1980) is a reporter.</div>', "en", FR),
    ('<div class="author-info">Jean Dupont, né le 4 mars 1980, est journaliste.</div>', "fr", FR),
    ('<div class="author-info">أحمد علي، من مواليد 4 مارس 1980، صحفي</div>', "ar", AR),
    ('<div class="author-info">أحمد علي وُلد في 4 مارس 1980، صحفي</div>', "ar", AR),
])
def test_a_birth_date_in_an_author_box_is_not_the_published_date(box, lang, paragraphs):
    assert _extracted(_page("Headline of the story", paragraphs, lang=lang, after_h1=box)).published_at is None


def test_an_author_box_with_the_storys_date_still_dates_it():
    # the control: the same box holding the byline and the story's date
    box = '<div class="author-info">بقلم أحمد علي - 2 يونيو 2025</div>'
    assert _extracted(_page("Headline of the story", AR, after_h1=box)).published_at == "2025-06-02"


def test_the_date_line_after_an_author_box_with_a_birth_date_dates_the_story():
    box = ('<div class="author-info">John Smith (born 4 March 1980) is a reporter.</div>'
           '<div class="post-date">2 June 2025</div>')
    assert _extracted(_page("Headline of the story", FR, lang="en", after_h1=box)).published_at == "2025-06-02"


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
