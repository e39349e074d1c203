"""Specifications of stories that look like the pages and boxes the page-level decisions and the
DOM rules reject (generalisation audit, third batch).

A headline opening with a listing's word, a listicle of photos, a brief beside a prefetched
related story, a story section headed "Comments", a list of laureates under a short label, the
finalists' cards of a prize story: each has an innocent twin on sites nobody here has seen. Each
test checks both directions: the story stays, and the page or box the rule was written for still
goes.
"""

from __future__ import annotations

import html
import json

import pytest

from crawler.extract import extract_article

URL = "https://example-news.com/2025/03/02/story-123"
STORY = {
    "en": ["The government announced on Sunday a new package of measures to support small businesses affected "
           "by the rise in energy prices across the country this year.",
           "According to the ministry of economy, the package includes reduced fees for licences, deferred tax "
           "payments and a fund of 200 million dinars for loans at low interest rates.",
           "Business owners in the capital welcomed the decision, although several associations said the measures "
           "came late and did not cover the sectors hardest hit by the crisis.",
           "The measures will take effect at the start of next month and will be reviewed by parliament before the "
           "end of the year, officials said in a statement released on Sunday evening.",
           "Economists interviewed by the newspaper expect the package to cost the treasury about half a billion "
           "dinars over two years, depending on how many firms apply for the loans.",
           "The opposition called the plan an electoral gesture and demanded a full debate in parliament on the "
           "budget deficit and on the rising cost of living for households."],
    "fr": ["Le gouvernement a annoncé dimanche un nouveau paquet de mesures pour soutenir les petites entreprises "
           "touchées par la hausse des prix de l'énergie dans le pays cette année.",
           "Selon le ministère de l'Économie, le paquet comprend une réduction des frais de licence, des reports de "
           "paiement d'impôts et un fonds de 200 millions de dirhams pour des prêts à taux réduit.",
           "Les chefs d'entreprise de la capitale ont salué la décision, même si plusieurs associations estiment que "
           "les mesures arrivent tard et ne couvrent pas les secteurs les plus touchés.",
           "Les mesures entreront en vigueur au début du mois prochain et seront examinées par le parlement avant la "
           "fin de l'année, ont indiqué des responsables dans un communiqué publié dimanche soir.",
           "Les économistes interrogés par le journal estiment que le plan coûtera environ un demi-milliard de "
           "dirhams au Trésor sur deux ans, selon le nombre d'entreprises qui demanderont un prêt.",
           "L'opposition a qualifié le plan de geste électoral et a réclamé un débat complet au parlement sur le "
           "déficit budgétaire et sur la hausse du coût de la vie pour les ménages."],
    "ar": ["أعلنت الحكومة يوم الأحد حزمة جديدة من الإجراءات لدعم المقاولات الصغيرة المتضررة من ارتفاع أسعار الطاقة "
           "في مختلف أنحاء البلاد خلال هذا العام.",
           "وبحسب وزارة الاقتصاد، تشمل الحزمة تخفيض رسوم التراخيص وتأجيل دفع الضرائب وإحداث صندوق بقيمة 200 مليون "
           "درهم لتقديم قروض بفوائد منخفضة.",
           "ورحب أصحاب المقاولات في العاصمة بالقرار، رغم أن عددا من الجمعيات اعتبرت أن الإجراءات جاءت متأخرة ولا "
           "تشمل القطاعات الأكثر تضررا من الأزمة.",
           "وستدخل الإجراءات حيز التنفيذ مطلع الشهر المقبل، على أن يراجعها البرلمان قبل نهاية السنة، بحسب ما أفاد "
           "به مسؤولون في بلاغ صدر مساء الأحد.",
           "ويتوقع خبراء اقتصاديون أن تكلف الحزمة خزينة الدولة نحو نصف مليار درهم على مدى عامين، حسب عدد المقاولات "
           "التي ستطلب القروض.",
           "ووصفت المعارضة الخطة بأنها مناورة انتخابية، وطالبت بنقاش شامل في البرلمان حول عجز الميزانية وارتفاع "
           "تكاليف المعيشة بالنسبة للأسر."],
}
HEADLINE = {"en": "Government unveils support package for small businesses",
            "fr": "Le gouvernement dévoile un plan de soutien aux petites entreprises",
            "ar": "الحكومة تعلن حزمة دعم للمقاولات الصغيرة"}
DATED = ('<meta property="og:type" content="article">'
         '<meta property="article:published_time" content="2025-03-02T10:00:00+00:00">')
NEWS_ARTICLE = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
                '"headline": "x", "datePublished": "2025-03-02T10:00:00+00:00"}</script>')


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def _page(lang: str, inner: str, *, title: str | None = None, head: str = DATED, main: str | None = None) -> str:
    """A news page: a nav header, the story in <main><article> under its <h1>, a "Most read" aside, a footer."""
    title = title or HEADLINE[lang]
    main = main if main is not None else f"<main><article><h1>{html.escape(title)}</h1>{inner}</article></main>"
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)} | Example '
            f'News</title><meta property="og:title" content="{html.escape(title)}">{head}</head><body><header><nav>'
            f'<a href="/">Home</a> <a href="/economy">Economy</a></nav></header>{main}<aside class="sidebar"><h3>Most '
            f'read</h3><ul><li><a href="/2025/03/01/a">Another headline about the weather today</a></li></ul></aside>'
            f'<footer>Example News 2025 - All rights reserved</footer></body></html>')


def _extract(page: str, url: str = URL, **kwargs):
    return extract_article(page, url, raise_errors=True, **kwargs)


def _body(page: str, url: str = URL, **kwargs) -> str:
    result = _extract(page, url, **kwargs)
    assert result.article is not None, result.reason
    return result.article.body


# --- finding 2: a headline opening with a listing's word ------------------------------------------

@pytest.mark.parametrize(("lang", "headline"), [
    ("fr", "Recherche : un laboratoire marocain met au point un test rapide de la tuberculose"),
    ("fr", "Archives : quand Hassan II recevait le général de Gaulle à Rabat"),
    ("fr", "Tags - la ville de Casablanca efface les graffitis du centre historique"),
    ("fr", "Résultats pour les partis de gauche : la défaite est confirmée"),
    ("en", "404 migrants rescued off the coast of Libya in two days"),
    ("en", "Not found: the search for the missing fishermen goes on"),
])
@pytest.mark.parametrize("declared", [DATED, DATED + NEWS_ARTICLE])
def test_a_dated_story_whose_headline_opens_with_a_listing_word_stays_an_article(lang, headline, declared):
    page = _page(lang, "".join(map(_p, STORY[lang][:4])), title=headline, head=declared)
    assert STORY[lang][3] in _body(page)


@pytest.mark.parametrize("headline", ["Recherche : phosphates", "Résultats de recherche pour « port de Tanger »",
                                      "Tag : Maroc", "Tags - Casablanca", "Archives : mars 2025", "404",
                                      "404 - Page introuvable", "Page not found", "Search results for: port"])
@pytest.mark.parametrize("declared", [DATED, "", DATED + NEWS_ARTICLE])
def test_a_search_tag_archive_or_missing_page_stays_a_listing_whatever_it_declares(headline, declared):
    teasers = "".join(f"<div class='result'><h3><a href='/2025/02/{i}/story'>Story number {i}</a></h3>{_p(text)}</div>"
                      for i, text in enumerate(STORY["fr"]))
    page = _page("fr", "", title=headline, head=declared,
                 main=f"<main><h1>{html.escape(headline)}</h1>{teasers}</main>")
    result = _extract(page, "https://example-news.com/search?q=port")
    assert result.article is None and result.reason == "not_article"


# --- finding 3: a listicle or photo-led story declared by its meta tags alone ---------------------

PLACES = ["The old medina is the heart of the blue city, with narrow lanes painted in every shade of blue and small "
          "squares where artisans sell wool blankets and leather goods.",
          "The Ras El Maa spring, just outside the walls, is where local women still wash clothes and where visitors "
          "cool off after a long walk through the medina in the afternoon.",
          "The Spanish mosque stands on a hill east of the town and offers the best view of Chefchaouen at sunset, "
          "after a climb of about thirty minutes on a dirt path.",
          "The kasbah museum, in the centre of Uta el-Hammam square, houses a small collection of old weapons, musical "
          "instruments and photographs of the town in the last century.",
          "The Talassemtane national park starts a few kilometres away and is home to cedar and fir forests, Barbary "
          "macaques and the famous natural arch known as God's Bridge."]
LISTICLE_LEDE = ("Chefchaouen, in the Rif mountains of northern Morocco, drew a record number of visitors last year. "
                 "Here are five places not to miss.")


@pytest.mark.parametrize("numbered", [False, True])
def test_a_listicle_of_photos_and_paragraphs_declared_by_its_meta_tags_alone_is_an_article(numbered):
    # og:type "article" and article:published_time, no JSON-LD (WordPress without an SEO plugin)
    items = "".join(f'<div class="item"><img src="/i/{i}.jpg" alt="">{f"<h3>{i + 1}. Place {i + 1}</h3>" * numbered}'
                    f'{_p(text)}</div>' for i, text in enumerate(PLACES))
    page = _page("en", f'<div class="entry-content">{_p(LISTICLE_LEDE)}{items}</div>',
                 title="Five places to visit in Chefchaouen this spring")
    body = _body(page)
    assert all(place in body for place in PLACES)


@pytest.mark.parametrize("head", [DATED, '<meta property="og:type" content="article">'])
def test_a_photo_gallery_of_short_captions_declared_a_dated_article_is_still_a_gallery(head):
    captions = [f"Visitors walk through the blue lanes of the old medina of Chefchaouen on day {i} of the festival"
                for i in range(6)]
    figures = "".join(f'<figure><img src="/g/{i}.jpg"><figcaption>{text}</figcaption></figure>'
                      for i, text in enumerate(captions))
    result = _extract(_page("en", figures, title="In pictures: the blue city of Chefchaouen", head=head))
    assert result.article is None and result.reason == "not_article"


# --- finding 15: a short headline over a story, a column of linked headings beside it ------------

def _bare_page(headline: str, main: str) -> str:
    """An old custom CMS's page: no og:type, no JSON-LD, no publication time; the date is text."""
    return (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{headline} - جريدة المدينة</title></head>'
            f'<body><div class="top"><a href="/">الرئيسية</a> <a href="/politics">سياسة</a></div>'
            f'<div class="wrap">{main}</div><div class="foot">جميع الحقوق محفوظة</div></body></html>')


def _most_read(href: str = "/news/{i}") -> str:
    items = "".join(f'<div class="item"><h3><a href="{href.format(i=100 + i)}">عنوان خبر آخر رقم {i} عن الطقس والرياضة'
                    f'</a></h3></div>' for i in range(6))
    return f'<div class="col-side"><div class="block-title">الأكثر قراءة</div>{items}</div>'


def test_a_story_with_a_three_word_headline_and_a_most_read_column_of_linked_headings_is_an_article():
    story = (f'<div class="col-main"><h1>الملك يستقبل بوريطة</h1><div class="date">2025/03/02</div>'
             f'<div class="news-text">{"".join(map(_p, STORY["ar"][:4]))}</div></div>')
    body = _body(_bare_page("الملك يستقبل بوريطة", story + _most_read()), "https://example-news.com/news/4512")
    assert STORY["ar"][0] in body and STORY["ar"][3] in body


@pytest.mark.parametrize("teasers", [True, False])
def test_a_section_page_named_in_a_few_words_over_linked_headings_is_still_no_article(teasers):
    cards = "".join(f'<div class="card"><h3><a href="/news/{200 + i}">عنوان الخبر رقم {i} في قسم الاقتصاد</a></h3>'
                    f'{_p(text) if teasers else ""}</div>' for i, text in enumerate(STORY["ar"]))
    intro = _p("آخر أخبار الاقتصاد المغربي والعالمي، من الأسواق والمقاولات إلى الميزانية والأسعار.")
    section = f'<div class="col-main"><h1>اقتصاد وبورصة</h1>{intro}<div class="list">{cards}</div></div>'
    result = _extract(_bare_page("اقتصاد وبورصة", section + _most_read()), "https://example-news.com/economy")
    assert result.article is None and result.reason in {"not_article", "empty_body", "too_short"}


# --- finding 4: a brief whose page prefetches a related story in __NEXT_DATA__ ---------------------

BRIEF_HEADLINE = "تعليق الدراسة بإقليم الحسيمة بسبب الأحوال الجوية"
BRIEF = ("أعلنت وزارة الداخلية صباح اليوم الإثنين عن تعليق الدراسة في جميع المؤسسات التعليمية بإقليم الحسيمة يومي "
         "الثلاثاء والأربعاء بسبب التقلبات الجوية.")


def _next_page(headline: str, dom_body: str, page_props: dict) -> str:
    data = json.dumps({"props": {"pageProps": page_props}, "page": "/[slug]"}, ensure_ascii=False)
    ld = NEWS_ARTICLE.replace('"headline": "x"', f'"headline": "{headline}"')
    return _page("ar", "", title=headline, head=DATED + ld,
                 main=f'<main><div id="__next"><article><h1>{headline}</h1>{dom_body}</article></div></main>'
                      f'<script id="__NEXT_DATA__" type="application/json">{data}</script>')


def test_a_brief_is_not_replaced_by_a_related_story_titled_in_its_seo_record():
    related = {"slug": "hizma", "seo": {"title": HEADLINE["ar"]},
               "content": {"html": "".join(map(_p, STORY["ar"]))}}
    page = _next_page(BRIEF_HEADLINE, _p(BRIEF), {"article": {"title": BRIEF_HEADLINE, "body": _p(BRIEF)},
                                                  "related": [related]})
    result = _extract(page, min_words=15)
    assert result.article is not None, result.reason
    assert BRIEF in result.article.body and STORY["ar"][0] not in result.article.body
    assert result.body_from == "page"


def test_a_shell_page_s_own_story_titled_in_its_seo_record_is_still_read_from_the_script():
    own = {"slug": "hizma", "seo": {"title": HEADLINE["ar"]}, "content": {"html": "".join(map(_p, STORY["ar"]))}}
    other = {"seo": {"title": BRIEF_HEADLINE}, "content": {"html": _p(BRIEF) * 3}}
    page = _next_page(HEADLINE["ar"], "", {"article": own, "related": [other]})
    result = _extract(page)
    assert result.article is not None, result.reason
    assert result.body_from == "script" and STORY["ar"][5] in result.article.body and BRIEF not in result.article.body


# --- finding 10: a section of the story headed "Comments" ---------------------------------------

def _group(heading: str, texts) -> str:
    return f'<div class="wp-block-group"><h3>{heading}</h3>{"".join(map(_p, texts))}</div>'


@pytest.mark.parametrize(("lang", "headings"), [("ar", ("خلفيات القرار", "تعليقات", "الخطوات المقبلة")),
                                                ("fr", ("Le contexte", "Commentaires", "La suite"))])
def test_a_story_section_headed_comments_with_the_story_going_on_after_it_stays(lang, headings):
    texts = STORY[lang]
    inner = (f'<div class="entry-content">{_group(headings[0], texts[:3])}{_group(headings[1], texts[3:5])}'
             f'{_group(headings[2], texts[5:])}</div>')
    body = _body(_page(lang, inner))
    assert texts[3] in body and texts[4] in body and texts[5] in body


COMMENTS = ["Enfin une bonne nouvelle pour les artisans de notre quartier, j'espère que les banques suivront vraiment "
            "cette fois et que les dossiers ne resteront pas bloqués des mois.",
            "Encore des promesses avant les élections, on a déjà vu ce genre de plan il y a trois ans et rien n'a "
            "changé pour les petits commerçants de la médina de Fès."]


@pytest.mark.parametrize("comments", [
    # readers' comments under their label at the story's end, in plain paragraphs
    f'<div class="c-wrap"><h3>Commentaires</h3>{"".join(map(_p, COMMENTS))}</div>',
    # and as a list of items, with more of the page's prose (the next story's teaser) after them
    f'<div class="c-wrap"><h3>Commentaires</h3><ul>{"".join(f"<li>{_p(c)}</li>" for c in COMMENTS)}</ul></div>'
    f'<div class="next">{_p(STORY["fr"][5])}</div>',
])
def test_readers_comments_under_their_label_still_go(comments):
    inner = f'<div class="entry-content">{"".join(map(_p, STORY["fr"][:4]))}</div>{comments}'
    body = _body(_page("fr", inner))
    assert STORY["fr"][3] in body and not any(comment in body for comment in COMMENTS)


# --- finding 9: the story's own linked list under a short label ----------------------------------

@pytest.mark.parametrize(("lang", "label", "items"), [
    ("ar", "وفيما يلي لائحة الأعمال الفائزة:",
     ["رواية الحي الخطير لمحمد بنميلود", "ديوان أنا الموقع أدناه لمحمود درويش", "كتاب تاريخ المغرب الحديث لعبد الله العروي"]),
    ("en", "The list of the 2025 laureates:",
     ["Leila Benali, novelist from Fes", "Omar Bakri, poet from Tangier", "Samira Haddad, essayist from Tunis",
      "Karim Tazi, playwright from Rabat"]),
])
def test_a_story_s_linked_list_under_a_short_label_between_its_paragraphs_stays(lang, label, items):
    listing = "".join(f'<li><a href="/books/{i}">{html.escape(item)}</a></li>' for i, item in enumerate(items))
    inner = (f'<div class="entry-content">{"".join(map(_p, STORY[lang][:3]))}{_p(label)}<ul>{listing}</ul>'
             f'{"".join(map(_p, STORY[lang][3:]))}</div>')
    body = _body(_page(lang, inner))
    assert label.rstrip(":") in body and all(item in body for item in items) and STORY[lang][5] in body


@pytest.mark.parametrize(("lang", "label"), [("fr", "Lire aussi :"), ("en", "Read more:"), ("ar", "اقرأ أيضا:")])
def test_a_teaser_label_over_other_stories_headlines_between_the_story_s_paragraphs_still_goes(lang, label):
    headlines = ["Le Maroc signe un accord gazier avec le Nigeria à Abuja", "Inflation : les prix reculent en février",
                 "Tanger Med dépasse les dix millions de conteneurs en 2024"]
    listing = "".join(f'<li><a href="/2025/02/{i}/story">{text}</a></li>' for i, text in enumerate(headlines))
    inner = (f'<div class="entry-content">{"".join(map(_p, STORY[lang][:3]))}{_p(label)}<ul>{listing}</ul>'
             f'{"".join(map(_p, STORY[lang][3:]))}</div>')
    body = _body(_page(lang, inner))
    assert STORY[lang][5] in body and not any(text in body for text in headlines)


# --- finding 8: the story's closing block after its text block, in the headline's column ---------

RESULTS = ('<table><tr><th>Region</th><th>Firms</th><th>Loans (million dinars)</th></tr><tr><td>Capital</td>'
           '<td>1,240</td><td>86</td></tr><tr><td>North</td><td>610</td><td>41</td></tr></table>')
MEASURES = ["Reduced licence fees for firms with under 50 staff", "Tax deferral of six months for retailers",
            "Loans at 2 per cent over five years"]


def _column(after: str) -> str:
    texts = STORY["en"]
    return (f'<main><div class="col-main"><div class="kicker">Economy</div><h1>{HEADLINE["en"]}</h1>'
            f'<div class="meta">March 2, 2025</div><div class="col-8">{_p(texts[0])}{_p(texts[1])}<h2>Who qualifies'
            f'</h2>{_p(texts[2])}{_p(texts[3])}{_p(texts[4])}</div>{after}</div></main>')


@pytest.mark.parametrize(("after", "kept"), [
    (_p(STORY["en"][5]), STORY["en"][5]),
    (f'<div class="col-8-end">{_p(STORY["en"][5])}</div>', STORY["en"][5]),
    (RESULTS, "1,240"),
    (f'<ul>{"".join(f"<li>{m}</li>" for m in MEASURES)}</ul>', MEASURES[0]),
])
def test_the_story_s_closing_paragraph_table_or_list_after_its_text_block_stays(after, kept):
    body = _body(_page("en", "", main=_column(after)))
    assert STORY["en"][4] in body and kept in body


def test_what_follows_the_story_in_the_headline_s_column_still_goes():
    teasers = "".join(f'<li><a href="/2025/02/{i}/story">Another story about the economy number {i}</a></li>'
                      for i in range(4))
    after = (f'<ul class="facts"><li>Date 02.03.2025</li><li>Author Jane Doe</li><li>Topics Economy</li></ul>'
             f'<h3>Related</h3><ul>{teasers}</ul>')
    body = _body(_page("en", "", main=_column(after)))
    assert STORY["en"][4] in body
    assert "Jane Doe" not in body and "Another story about the economy" not in body


# --- finding 11: the story's own cards, linked to people's pages --------------------------------

FINALISTS = [("Leila Benali", "A 29-year-old engineer from Fes, she founded a start-up that turns olive waste into fuel "
                              "pellets sold to bakeries and public baths across the region."),
             ("Karim Tazi", "The Casablanca architect designed low-cost housing made of earth bricks, now used in three "
                            "villages rebuilt after the earthquake in the Al Haouz province."),
             ("Samira Haddad", "A teacher from Tunis, she created a free Arabic reading app used by more than 40,000 "
                               "primary pupils in Tunisia, Algeria and Morocco since 2023.")]


def _cards_among_paragraphs(href: str, cards) -> str:
    boxes = "".join(f'<div class="finalist"><a href="{href.format(i=i)}"><img src="/img/{i}.jpg" alt=""></a>'
                    f'<h3><a href="{href.format(i=i)}">{name}</a></h3>{_p(text)}</div>'
                    for i, (name, text) in enumerate(cards))
    return (f'<div class="entry-content">{"".join(map(_p, STORY["en"][:3]))}{boxes}'
            f'{"".join(map(_p, STORY["en"][3:]))}</div>')


@pytest.mark.parametrize("href", ["/people/{i}", "/finalists/leila-benali-{i}", "/tag/finalist-{i}"])
def test_the_story_s_own_cards_linked_to_people_s_pages_stay(href):
    body = _body(_page("en", _cards_among_paragraphs(href, FINALISTS)))
    assert all(name in body and text in body for name, text in FINALISTS) and STORY["en"][5] in body


@pytest.mark.parametrize("href", ["/2025/02/2{i}/emir-dissolves-parliament", "/news/98765{i}",
                                  "/kuwait/emir-dissolves-parliament-suspends-articles-{i}"])
def test_other_stories_cards_among_the_paragraphs_still_go(href):
    cards = [(f"Emir dissolves parliament, suspends some articles ({i})",
              "The Emir said the move was needed to protect the country from instability.") for i in range(2)]
    body = _body(_page("en", _cards_among_paragraphs(href, cards)))
    assert STORY["en"][5] in body and "Emir" not in body


# --- finding 14: a gallery of long captions after a short story ----------------------------------

CAPTION = ("Traders at the central market of the old city prepare their stalls early on Sunday morning, a few hours "
           "before the minister's visit to discuss the new support measures with local shop owners. Photo {i}: "
           "Youssef Amrani")


def _figures(count: int) -> str:
    return "".join(f'<figure><img src="/g/{i}.jpg"><figcaption>{CAPTION.format(i=i)}</figcaption></figure>'
                   for i in range(count))


def test_a_gallery_of_long_captions_after_a_short_story_is_not_appended_to_it():
    inner = f'<div class="entry-content">{"".join(map(_p, STORY["en"][:4]))}</div><div class="gallery">{_figures(5)}</div>'
    body = _body(_page("en", inner, head=DATED + NEWS_ARTICLE))
    assert body.split("\n\n") == STORY["en"][:4]


def test_a_photo_essay_with_an_introduction_still_tells_its_story_in_its_captions():
    inner = f'{_p(STORY["en"][0])}<p>Photos and text by our correspondent.</p>{_figures(6)}'
    body = _body(_page("en", inner, head=DATED + NEWS_ARTICLE))
    assert all(CAPTION.format(i=i).split(" Photo ")[0] in body for i in range(6))
