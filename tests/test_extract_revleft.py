"""The last extraction review's four leftovers (issue #3), as full signed pages in Arabic, French
and English: a service box named by its topic, not a widget's word; a "Most viewed" box of
unlinked headlines; a writer's column named by a compound class; a breaking badge over a
paragraph. Each fix has its look-alike control (the page builder and the story's paragraphs are
review 2's, ``tests/test_extract_review2.py``)."""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_paragraphs
from crawler.extract import extract_article
from tests.test_extract_rev2left import NOTE, OBIT, in_grid
from tests.test_extract_review2 import STORY, page, ps

URL = "https://courier.example/2025/06/02/story-slug/"


def body_of(html: str, lang: str, url: str = URL) -> str:
    result = extract_article(html.encode(), url, languages=(lang,), raise_errors=True)
    assert result.article is not None, result.reason
    return result.article.body


def paragraphs(html: str, lang: str) -> list[str]:
    return body_of(html, lang).split("\n\n")


# --- 1. a service box in the story: a widget by a whole word of its name, not by a word inside one ---

RESULTS = ["Jordan Phosphate Mines said on Sunday its first-half net profit doubled to 212 million dinars, helped by "
           "higher fertiliser prices and record export volumes to India and Indonesia.",
           "Revenue rose 38 percent to 640 million dinars, the company said in a filing, and output of phosphate "
           "rock reached 5.6 million tonnes, the highest for the period in a decade.",
           "The board will propose an interim dividend at its meeting next month, chief executive Abdelwahab "
           "Rawad told reporters, adding that a new fertiliser plant in Aqaba would start work in 2026."]
RATES_EN = ("<table{cls}><caption>Exchange rates</caption><tr><td>US dollar</td><td>0.708</td></tr>"
            "<tr><td>Euro</td><td>0.764</td></tr><tr><td>Sterling</td><td>0.901</td></tr></table>")


def results_page(box: str, headline: str = "Jordan Phosphate profit doubles in first half") -> str:
    return page("en", headline, f"<p>{RESULTS[0]}</p><p>{RESULTS[1]}</p>{box}<p>{RESULTS[2]}</p>")


@pytest.mark.parametrize("box", [
    # "exchange" after "stock": the bourse, not a currency exchange's widget
    '<div class="stock-exchange">' + RATES_EN.format(cls="") + "</div>",
    RATES_EN.format(cls=' class="stock-exchange-data"'),
    # "gold" inside a word
    '<div class="golden-box">' + RATES_EN.format(cls="") + "</div>",
])
def test_a_table_in_the_story_named_by_a_word_holding_a_widget_word_stays(box):
    body = body_of(results_page(box), "en")
    assert "0.708" in body and "0.901" in body and RESULTS[2] in body


def elementor(*blocks: str) -> str:
    """The story's column of an Elementor page: each block its own "elementor-widget-…"."""
    return '<div class="elementor-column elementor-widget-wrap">' + "".join(
        f'<div class="elementor-element elementor-widget elementor-widget-{kind}">'
        f'<div class="elementor-widget-container">{html}</div></div>' for kind, html in blocks) + "</div>"


def test_a_table_block_of_a_story_built_with_elementor_stays():
    # "elementor-widget-html" names every block of such a page, the story's own table's among them
    html = page("en", "Jordan Phosphate profit doubles in first half",
                elementor(("text-editor", f"<p>{RESULTS[0]}</p><p>{RESULTS[1]}</p>"),
                          ("html", RATES_EN.format(cls="")), ("text-editor", f"<p>{RESULTS[2]}</p>")))
    body = body_of(html, "en")
    assert "0.708" in body and RESULTS[2] in body


@pytest.mark.parametrize("names", ["currency-rates", "widget_prayer_times currency", "goldPrice", "exchangeRates",
                                   "elementor-widget elementor-widget-html currency-box"])
def test_a_rates_widget_named_by_its_service_in_a_story_still_goes(names):
    body = body_of(results_page(f'<div class="{names}">' + RATES_EN.format(cls="") + "</div>"), "en")
    assert "Exchange rates" not in body and "0.708" not in body
    assert RESULTS[1] in body and RESULTS[2] in body


MARKETS = {
    "en": ("Amman stocks close the week higher on foreign buying",
           ["Shares on the Amman bourse closed the week higher on Thursday, led by banks and mining companies, as "
            "foreign buying returned after two weeks of selling, brokers said.",
            "The main index rose 1.2 percent to 2,480 points, its highest close since March, on turnover of 9.4 "
            "million dinars.",
            "Brokers expect trading to stay brisk next week ahead of the first-half results of the listed banks."],
           RATES_EN.format(cls=' class="currency-rates"'), "0.708"),
    "ar": ("بورصة عمان تغلق تعاملات الأسبوع على ارتفاع",
           ["أغلقت بورصة عمان تعاملات الأسبوع على ارتفاع بنسبة 1.2 بالمئة، مدفوعة بأداء قطاعي البنوك والتعدين، وسط "
            "عودة المستثمرين الأجانب إلى الشراء بعد أسبوعين من البيع.",
            "وبلغ حجم التداول الإجمالي نحو 9.4 مليون دينار، فيما ارتفعت أسعار أسهم 61 شركة وانخفضت أسعار أسهم 38 "
            "شركة أخرى.",
            "ويتوقع وسطاء أن يحافظ السوق على نشاطه الأسبوع المقبل مع اقتراب إعلان البنوك المدرجة نتائجها نصف السنوية."],
           '<div class="gold-prices"><h4>أسعار الذهب</h4><ul><li>عيار 24: 72.10 دينار</li><li>عيار 21: 63.10 دينار'
           '</li><li>عيار 18: 54.10 دينار</li></ul></div>', "63.10"),
    "fr": ("La Bourse de Casablanca termine la semaine en hausse",
           ["La Bourse de Casablanca a terminé la semaine en hausse de 1,8 %, portée par les valeurs bancaires et "
            "immobilières, dans un marché animé par le retour des investisseurs étrangers.",
            "Le volume global des échanges a atteint 1,2 milliard de dirhams, dont l'essentiel sur le marché central, "
            "selon les données de la place.",
            "Les opérateurs anticipent une semaine plus calme, dans l'attente des résultats semestriels des banques."],
           '<table class="currency-rates"><caption>Taux de change</caption><tr><td>Euro</td><td>10,85</td></tr>'
           "<tr><td>Dollar</td><td>9,98</td></tr><tr><td>Livre sterling</td><td>12,71</td></tr></table>", "10,85"),
}


@pytest.mark.parametrize("lang", sorted(MARKETS))
def test_a_markets_story_keeps_its_rates_or_gold_box(lang):
    headline, story, box, figure = MARKETS[lang]
    body = body_of(page(lang, headline, f"<p>{story[0]}</p><p>{story[1]}</p>{box}<p>{story[2]}</p>"), lang)
    assert figure in body and story[2] in body


def test_a_rates_widget_in_a_story_about_stockpiles_still_goes():
    # the market's words are read whole: "stockpiles" is no "stocks"
    body = body_of(results_page(RATES_EN.format(cls=' class="currency-rates"'),
                                "Water stockpiles fall to a twenty-year low"), "en")
    assert "0.708" not in body and RESULTS[2] in body


# --- 2. a "Most viewed" box of unlinked headlines at the story's end -------------------------------

UNLINKED = {
    "en": [("Most viewed", "Most shared"),
           ["Fuel prices rise for third month", "Tawjihi results out on Thursday", "Heatwave to peak on Sunday"]],
    "fr": [("Les plus consultés", "Les plus partagés"),
           ["Le prix du carburant augmente pour le troisième mois", "Les résultats du bac jeudi",
            "La canicule culminera dimanche"]],
    "ar": [("الأكثر تداولا", "الأكثر شعبية"),
           ["ارتفاع أسعار المحروقات للشهر الثالث", "نتائج التوجيهي الخميس المقبل", "موجة الحر تبلغ ذروتها الأحد"]],
}


@pytest.mark.parametrize("form", ["ul", "p"])
@pytest.mark.parametrize(("lang", "which"), [(lang, i) for lang in sorted(UNLINKED) for i in (0, 1)])
def test_a_most_viewed_box_of_unlinked_headlines_goes(lang, which, form):
    heading, items = UNLINKED[lang][0][which], UNLINKED[lang][1]
    if form == "ul":
        box = f"<h3>{heading}</h3><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    else:
        box = f"<h3>{heading}</h3>" + "".join(f"<p>{item}</p>" for item in items)
    body = body_of(page(lang, "Budget", ps(lang) + box), lang)
    assert heading not in body and not any(item in body for item in items)
    assert STORY[lang][3] in body


@pytest.mark.parametrize("lang", sorted(UNLINKED))
def test_a_most_viewed_label_over_the_story_next_paragraph_goes_alone(lang):
    # the label of a box that went, the story going on under it
    heading = UNLINKED[lang][0][0]
    html = page(lang, "Budget", ps(lang, 2) + f"<h3>{heading}</h3>" + "".join(f"<p>{p}</p>" for p in STORY[lang][2:]))
    body = paragraphs(html, lang)
    assert heading not in body and body[-2:] == STORY[lang][2:]


def test_a_most_shared_subheading_over_the_story_list_and_its_text_stays():
    lines = [STORY["en"][0], STORY["en"][1], "Most shared", "Water cuts in Zarqa", "Tawjihi results",
             "Heatwave warning", "The three stories drew more than two million views between them on the "
             "ministry's pages, according to its own figures."]
    assert clean_paragraphs(lines) == lines


# --- 3. a writer's column named by a compound class ----------------------------------------------

@pytest.mark.parametrize("box", ["writer-column", "author_column", "column-writer", "kateb-column", "writerColumn"])
def test_a_writer_column_class_marks_an_opinion_page(box):
    html = page("ar", "المياه ليست سلعة", ps("ar") + f"<p>{NOTE}</p>").replace(
        '<article class="post">', f'<article class="post {box}">')
    body = body_of(html, "ar")
    assert NOTE not in body and STORY["ar"][3] in body


def test_a_writer_column_in_a_grid_still_marks_an_opinion_page():
    html = in_grid(page("ar", "المياه ليست سلعة", ps("ar") + f"<p>{NOTE}</p>"), "columns", "column is-8").replace(
        '<article class="post">', '<article class="post writer-column">')
    assert NOTE not in body_of(html, "ar")


@pytest.mark.parametrize(("outer", "inner"), [("columns", "main-column is-8"), ("row", "content-column col-md-8"),
                                              ("two-columns", "column-left"), ("layout", "columns-wrapper")])
def test_a_news_obituary_in_a_layout_column_keeps_its_closing_bio(outer, inner):
    html = in_grid(page("ar", "رحيل المؤرخ سليمان الموسى", "".join(f"<p>{p}</p>" for p in OBIT)), outer, inner)
    assert OBIT[2] in body_of(html, "ar")


# --- 4. a breaking badge over a paragraph of the story --------------------------------------------

FLASH = {"en": "The finance minister resigned on Monday evening, state television said.",
         "ar": "أعلن وزير المالية استقالته مساء الاثنين، بحسب التلفزيون الرسمي.",
         "fr": "Le ministre des Finances a démissionné lundi soir, selon la télévision publique."}


@pytest.mark.parametrize(("lang", "badge"), [("en", "Breaking news"), ("en", "BREAKING NEWS"), ("en", "Breaking:"),
                                             ("ar", "أخبار عاجلة"), ("ar", "عاجل:"), ("ar", "خبر عاجل"),
                                             ("fr", "Urgent"), ("fr", "Urgent :"), ("fr", "Alerte info")])
def test_a_breaking_badge_over_the_story_last_short_paragraph_goes_and_the_paragraph_stays(lang, badge):
    html = page(lang, "Budget", ps(lang, 3) + f"<h3>{badge}</h3><p>{FLASH[lang]}</p>")
    body = paragraphs(html, lang)
    assert badge not in body and body[-2:] == [STORY[lang][2], FLASH[lang]]


@pytest.mark.parametrize(("lang", "badge"), [("en", "Breaking:"), ("ar", "عاجل:"), ("fr", "Urgent"),
                                             ("fr", "Flash info")])
def test_a_breaking_badge_inside_the_story_goes_and_the_story_goes_on(lang, badge):
    html = page(lang, "Budget", ps(lang, 2) + f"<h3>{badge}</h3><p>{FLASH[lang]}</p>" + "".join(
        f"<p>{p}</p>" for p in STORY[lang][2:]))
    assert paragraphs(html, lang) == [*STORY[lang][:2], FLASH[lang], *STORY[lang][2:]]


@pytest.mark.parametrize(("lang", "badge"), [("en", "Breaking news"), ("fr", "Urgent"), ("ar", "عاجل")])
def test_a_breaking_box_of_unlinked_headlines_at_the_end_still_goes(lang, badge):
    items = UNLINKED[lang][1]
    body = body_of(page(lang, "Budget", ps(lang) + f"<h3>{badge}</h3><ul>"
                        + "".join(f"<li>{item}</li>" for item in items) + "</ul>"), lang)
    assert badge not in body.split("\n\n") and not any(item in body for item in items)
    assert STORY[lang][3] in body


@pytest.mark.parametrize("line", [
    "Urgent repairs to the main water line will begin on Sunday, the ministry said.",
    "Urgent : la commune rappelle que les coupures d'eau reprendront dimanche dans trois quartiers.",
    "عاجل جدا أن تتحرك الحكومة قبل الصيف، قال النائب في الجلسة.",
])
def test_a_story_line_opening_with_a_breaking_word_stays(line):
    lines = [STORY["en"][0], STORY["en"][1], line, STORY["en"][2]]
    assert clean_paragraphs(lines) == lines


# --- the review of the four fixes above (issue #3's follow-up) -----------------------------------

# a list box's heading used as the story's own subheading, over a short sentence of the story
SUBHEADED = {
    "en": ("Trending", "Arab Bank was the most traded stock by value this week."),
    "fr": ("Les plus consultés", "Le site du ministère a reçu deux millions de visites en trois jours."),
    "ar": ("الأكثر تداولا", "تصدر سهم البنك العربي قائمة الأسهم الأكثر تداولا من حيث القيمة خلال الأسبوع."),
}


@pytest.mark.parametrize("heading", [None, "Most viewed"])
@pytest.mark.parametrize("lang", sorted(SUBHEADED))
def test_a_list_heading_over_a_short_sentence_of_the_story_goes_alone(lang, heading):
    label, sentence = SUBHEADED[lang]
    label = heading if heading and lang == "en" else label
    html = page(lang, "Budget", ps(lang, 2) + f"<h3>{label}</h3><p>{sentence}</p>"
                + "".join(f"<p>{p}</p>" for p in STORY[lang][2:]))
    assert paragraphs(html, lang) == [*STORY[lang][:2], sentence, *STORY[lang][2:]]


@pytest.mark.parametrize("lang", sorted(SUBHEADED))
def test_a_list_heading_over_a_linked_headline_sentence_still_ends_the_story(lang):
    # the box's headlines are links, full stop or not: the box, not the story
    label, sentence = SUBHEADED[lang]
    items = [sentence, *UNLINKED[lang][1]]
    box = f"<h3>{label}</h3><ul>" + "".join(f'<li><a href="/news/{i}">{item}</a></li>' for i, item in enumerate(items))
    body = body_of(page(lang, "Budget", ps(lang) + box + "</ul>"), lang)
    assert label not in body.split("\n\n") and not any(item in body for item in items)
    assert STORY[lang][3] in body


# a "Breaking news" box of unlinked headlines, each a short sentence
TICKER = {
    "en": ("Breaking news", ["Fuel prices will rise by four percent from Friday, the energy ministry said.",
                             "Schools in Zarqa will close early on Thursday because of the heatwave.",
                             "The central bank kept its main interest rate unchanged at 7.5 percent."]),
    "fr": ("Urgent", ["Les prix du carburant augmenteront de 4 % dès vendredi, selon le ministère.",
                      "Les écoles de Zarqa fermeront plus tôt jeudi en raison de la canicule.",
                      "La banque centrale maintient son taux directeur à 7,5 %."]),
    "ar": ("عاجل", ["الحكومة ترفع أسعار المحروقات بنسبة أربعة بالمئة اعتبارا من الجمعة.",
                    "تعطيل المدارس في الزرقاء يوم الخميس بسبب موجة الحر.",
                    "البنك المركزي يبقي سعر الفائدة الرئيسي دون تغيير عند 7.5 بالمئة."]),
}
# the story's own short sentences after a badge: each goes on from the one before it
FOLLOW_UP = {
    "en": ["The finance minister resigned on Monday evening, state television said.",
           "He had been in office for less than two years, after a career at the central bank.",
           "His deputy will run the ministry until the king appoints a successor."],
    "fr": ["Le ministre des Finances a démissionné lundi soir, selon la télévision publique.",
           "Il était en poste depuis moins de deux ans, après une carrière à la banque centrale.",
           "Son adjoint assurera l'intérim jusqu'à la nomination d'un successeur."],
    "ar": ["أعلن وزير المالية استقالته مساء الاثنين، بحسب التلفزيون الرسمي.",
           "وكان الوزير قد تولى منصبه قبل أقل من عامين بعد مسيرة طويلة في البنك المركزي.",
           "وقال مصدر حكومي إن نائبه سيتولى إدارة الوزارة إلى حين تعيين خلف له."],
}


@pytest.mark.parametrize("after", ["", '<h3>Most read</h3><ul><li><a href="/news/9">Water cuts in Zarqa '
                                       'extended to Friday</a></li></ul>'])
@pytest.mark.parametrize("form", ["ul", "p"])
@pytest.mark.parametrize("lang", sorted(TICKER))
def test_a_breaking_box_of_headline_sentences_goes(lang, form, after):
    badge, items = TICKER[lang]
    if form == "ul":
        box = f"<h3>{badge}</h3><ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    else:
        box = f"<h3>{badge}</h3>" + "".join(f"<p>{item}</p>" for item in items)
    body = body_of(page(lang, "Budget", ps(lang) + box + after), lang)
    assert badge not in body.split("\n\n") and not any(item in body for item in items)
    assert STORY[lang][3] in body


@pytest.mark.parametrize("lang", sorted(FOLLOW_UP))
def test_a_breaking_badge_over_the_story_short_sentences_keeps_them(lang):
    # one story told in short sentences, each going on from the one before it
    html = page(lang, "Budget", ps(lang, 3) + f"<h3>{TICKER[lang][0]}</h3>"
                + "".join(f"<p>{p}</p>" for p in FOLLOW_UP[lang]))
    assert paragraphs(html, lang) == [*STORY[lang][:3], *FOLLOW_UP[lang]]


@pytest.mark.parametrize("lang", sorted(TICKER))
def test_a_breaking_badge_over_short_sentences_then_more_story_keeps_them(lang):
    # short sentences with more of the story after them: the story's, not a box
    badge, items = TICKER[lang]
    html = page(lang, "Budget", ps(lang, 2) + f"<h3>{badge}</h3>" + "".join(f"<p>{p}</p>" for p in items)
                + "".join(f"<p>{p}</p>" for p in STORY[lang][2:]))
    assert paragraphs(html, lang) == [*STORY[lang][:2], *items, *STORY[lang][2:]]


# a headline that holds a market's word in another sense: the rates or gold box goes
def market_word_page(lang: str, headline: str) -> str:
    box = MARKETS[lang][2]
    return page(lang, headline, ps(lang, 2) + box + "".join(f"<p>{p}</p>" for p in STORY[lang][2:]))


@pytest.mark.parametrize(("lang", "headline"), [
    ("en", "Minister shares plan to cut water losses by half"),
    ("en", "Stockholders of the water company meet on Sunday"),
    ("ar", "أمطار الأسبوع أسهمت في رفع مخزون السدود إلى 48 بالمئة"),
    ("fr", "Les candidatures aux bourses d'études sont ouvertes"),
    ("fr", "Une bourse pour trois cents étudiants des régions"),
])
def test_a_service_box_in_a_story_whose_headline_uses_a_market_word_otherwise_goes(lang, headline):
    body = body_of(market_word_page(lang, headline), lang)
    assert MARKETS[lang][3] not in body and STORY[lang][3] in body


@pytest.mark.parametrize(("lang", "headline"), [
    ("en", "Shares of Arab Bank rose after its first-half results"),
    ("en", "Share prices on the Amman market hit a two-year high"),
    ("en", "Saudi stocks edge higher on bank earnings"),
    ("ar", "ارتفاع الأسهم السعودية مع نتائج البنوك"),
    ("ar", "تراجع مؤشر البورصة المصرية في ختام تعاملات الأسبوع"),
    ("fr", "Introduction en bourse de la compagnie des phosphates"),
    ("fr", "La Bourse de Tunis recule pour la troisième séance"),
])
def test_a_markets_story_keeps_its_box_however_its_market_is_named(lang, headline):
    body = body_of(market_word_page(lang, headline), lang)
    assert MARKETS[lang][3] in body and STORY[lang][3] in body


# a service widget's name run together: the service's word, what it lists, the box's word, a number
@pytest.mark.parametrize("names", ["currencyratesbox", "prayertimesbox", "goldpricestable", "exchangeratestable",
                                   "forexratesbox", "exchangeratebox", "goldprice2", "goldrate24",
                                   "currencyRatesBox", "gold_prices_widget2"])
def test_a_rates_widget_named_by_run_together_words_goes(names):
    body = body_of(results_page(f'<div class="{names}">' + RATES_EN.format(cls="") + "</div>"), "en")
    assert "0.708" not in body and RESULTS[2] in body


@pytest.mark.parametrize("names", ["goldenbox", "stock-exchangetable", "exchangeable", "goldsmiths2"])
def test_a_table_named_by_a_word_only_starting_like_a_widget_stays(names):
    body = body_of(results_page(f'<div class="{names}">' + RATES_EN.format(cls="") + "</div>"), "en")
    assert "0.708" in body and RESULTS[2] in body
