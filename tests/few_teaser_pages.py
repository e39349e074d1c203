"""Pages that list a few other stories, and short stories that link to a few: the fixtures of
``tests/test_extract_few_teasers.py`` and ``tests/test_crawl_few_teasers.py``.

A young tag, dossier, author or section page shows two to four teaser cards (a heading that links
to the story, often a picture, a line or two of summary, a date) under its name; many CMSs stamp
og:type "article" on it all the same. A short story (a 60-word brief, a one-paragraph post with an
embedded tweet, a story told as a list of linked items) links to as many stories at its end or in
its text. Each builder returns a whole page as the site serves it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Teaser:
    path: str
    title: str
    summary: str
    date: str = "02/06/2025"


EN_TEASERS = [
    Teaser("/2025/06/02/truce-talks-resume-in-cairo/", "Truce talks resume in Cairo as mediators press both sides",
           "Negotiators returned to the Egyptian capital on Monday with a revised proposal that would extend the "
           "pause in fighting by six weeks and allow more aid lorries through the crossings."),
    Teaser("/2025/06/01/aid-convoys-cross-at-kerem-shalom/", "Aid convoys cross at Kerem Shalom after three-day halt",
           "Forty lorries carrying flour, fuel and medical supplies crossed on Sunday, the UN relief agency said, "
           "after the crossing had been closed since Thursday."),
    Teaser("/2025/05/30/hostage-families-rally-in-tel-aviv/", "Families of hostages rally in Tel Aviv for a deal",
           "Thousands gathered outside the defence ministry on Saturday night, urging the government to accept "
           "the terms that mediators put forward last week."),
    Teaser("/2025/05/29/un-envoy-briefs-security-council/", "UN envoy briefs Security Council on ceasefire terms",
           "The envoy told members that the first phase of the truce had largely held, while warning that "
           "disputes over the second phase could unravel it within days."),
]

FR_TEASERS = [
    Teaser("/politique/2025/06/02/le-calendrier-electoral-devoile", "Le calendrier électoral dévoilé par le ministère",
           "Le ministère de l'Intérieur a fixé au mois de septembre 2026 la date des élections législatives, "
           "communales et régionales, qui se tiendront le même jour pour la deuxième fois."),
    Teaser("/politique/2025/05/28/les-partis-reclament-un-nouveau-decoupage", "Les partis réclament un nouveau découpage",
           "Réunis à Rabat, les chefs de six formations de l'opposition ont demandé la révision des "
           "circonscriptions, qu'ils jugent favorables aux grandes villes."),
    Teaser("/politique/2025/05/20/listes-electorales-les-inscriptions-ouvertes",
           "Listes électorales : les inscriptions ouvertes jusqu'au 31 décembre",
           "Les citoyens non inscrits peuvent déposer leur demande en ligne ou auprès de leur commune, a "
           "rappelé le ministère dans un communiqué publié lundi."),
]

AR_TEASERS = [
    Teaser("/news/2025/06/02/الحكومة-تعلن-موعد-الانتخابات-البلدية", "الحكومة تعلن موعد الانتخابات البلدية المقبلة",
           "أعلنت الحكومة اليوم الاثنين أن الانتخابات البلدية ستجري في الخريف المقبل، على أن تفتح الهيئة "
           "المستقلة باب الترشح مطلع الشهر القادم وفق الجدول الزمني المعتمد."),
    Teaser("/news/2025/05/30/الهيئة-المستقلة-تبدأ-تحديث-جداول-الناخبين", "الهيئة المستقلة تبدأ تحديث جداول الناخبين",
           "بدأت الهيئة المستقلة للانتخاب تحديث جداول الناخبين في جميع المحافظات، ودعت المواطنين إلى التحقق "
           "من بياناتهم عبر الموقع الإلكتروني أو مكاتب الأحوال المدنية."),
    Teaser("/news/2025/05/27/أحزاب-تطالب-بتعديل-قانون-الانتخاب", "أحزاب تطالب بتعديل قانون الانتخاب قبل الاستحقاق",
           "طالبت أحزاب معارضة بتعديل قانون الانتخاب قبل موعد الاستحقاق، معتبرة أن النظام الحالي لا يضمن "
           "تمثيلا عادلا للمحافظات الأقل سكانا في المجالس المنتخبة."),
]


def _head(title: str, lang: str, *, og_type: str | None = "article", ld: dict | None = None, extra: str = "") -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    og = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    script = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>' if ld else ""
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{title}</title>{og}{script}{extra}</head>")


_NAV = {"en": '<nav><a href="/">Home</a> <a href="/politics/">Politics</a> <a href="/world/">World</a></nav>',
        "fr": '<nav><a href="/">Accueil</a> <a href="/politique/">Politique</a> <a href="/monde/">Monde</a></nav>',
        "ar": '<nav><a href="/">الرئيسية</a> <a href="/news/">أخبار</a> <a href="/opinion/">رأي</a></nav>'}
_FOOT = {"en": "<footer><p>© 2025 The Courier. All rights reserved.</p></footer>",
         "fr": "<footer><p>© 2025 Le Courrier. Tous droits réservés.</p></footer>",
         "ar": "<footer><p>جميع الحقوق محفوظة © 2025</p></footer>"}


def wp_card(t: Teaser, *, image: bool = True) -> str:
    """A WordPress theme's card: ``<article class="post">`` with its picture, title and excerpt."""
    img = f'<a href="{quote(t.path)}"><img src="/img/{len(t.path)}.jpg" alt=""></a>' if image else ""
    return (f'<article class="post type-post status-publish">{img}<h2 class="entry-title">'
            f'<a href="{quote(t.path)}">{t.title}</a></h2><div class="entry-meta"><span class="posted-on">{t.date}'
            f'</span></div><div class="entry-summary"><p>{t.summary}</p></div></article>')


def drupal_card(t: Teaser) -> str:
    return (f'<div class="views-row"><div class="field-image"><img src="/sites/default/files/x.jpg" alt=""></div>'
            f'<h3 class="field-title"><a href="{quote(t.path)}">{t.title}</a></h3>'
            f'<div class="field-summary"><p>{t.summary}</p></div><span class="date">{t.date}</span></div>')


def custom_card(t: Teaser) -> str:
    """An in-house CMS's card: no heading tag, a linked picture and a bold linked title."""
    return (f'<li class="item"><a class="thumb" href="{quote(t.path)}"><img src="/u/x.jpg" alt=""></a>'
            f'<div class="txt"><a class="ttl" href="{quote(t.path)}"><b>{t.title}</b></a><p>{t.summary}</p>'
            f"</div></li>")


# --- listings ----------------------------------------------------------------------------------

def wp_tag_page(lang: str, name: str, teasers: list[Teaser], *, intro: str = "") -> str:
    """A WordPress tag or dossier page under a custom base (``/dossier/…``, ``/ملف/…``): og:type
    "article" from the theme, no date of its own, the term's name and a few cards."""
    return (_head(f"{name} - The Courier", lang)
            + f"<body>{_NAV[lang]}<main id='primary'><header class='page-header'><h1 class='page-title'>{name}</h1>"
            + (f"<div class='archive-description'><p>{intro}</p></div>" if intro else "")
            + "</header>" + "".join(wp_card(t) for t in teasers)
            + f"</main><aside class='widget-area'><h2>Newsletter</h2><p>Sign up.</p></aside>{_FOOT[lang]}</body></html>")


def drupal_dossier_page(lang: str, name: str, teasers: list[Teaser], *, ld_type: str | None = None) -> str:
    ld = {"@context": "https://schema.org", "@type": ld_type, "name": name} if ld_type else None
    return (_head(name, lang, ld=ld)
            + f"<body>{_NAV[lang]}<div class='region-content'><h1 class='page-title'>{name}</h1>"
            + "<div class='view view-taxonomy-term'><div class='view-content'>"
            + "".join(drupal_card(t) for t in teasers)
            + f"</div></div></div>{_FOOT[lang]}</body></html>")


def custom_hub_page(lang: str, name: str, teasers: list[Teaser], *, next_page: str | None = None,
                    og_type: str | None = "article") -> str:
    pager = f'<link rel="next" href="{next_page}">' if next_page else ""
    more = f'<div class="pager"><a href="{next_page}">2</a></div>' if next_page else ""
    return (_head(name, lang, og_type=og_type, extra=pager)
            + f"<body>{_NAV[lang]}<div class='wrap'><div class='box-title'><h1>{name}</h1></div>"
            + "<ul class='list'>" + "".join(custom_card(t) for t in teasers) + "</ul>" + more
            + f"</div>{_FOOT[lang]}</body></html>")


def section_front(lang: str, name: str, teasers: list[Teaser]) -> str:
    """A section's front: a hero story (big picture, headline, a longer summary) over three cards."""
    hero, *rest = teasers
    return (_head(f"{name} | The Courier", lang)
            + f"<body>{_NAV[lang]}<main><h1 class='section-title'>{name}</h1>"
            + f"<section class='hero'><a href='{quote(hero.path)}'><img src='/h.jpg' alt=''></a>"
            + f"<h2 class='hero-title'><a href='{quote(hero.path)}'>{hero.title}</a></h2><p class='lede'>{hero.summary}</p>"
            + "</section><section class='grid'>"
            + "".join(f"<div class='card'><a href='{quote(t.path)}'><img src='/c.jpg' alt=''></a><h3>"
                      f"<a href='{quote(t.path)}'>{t.title}</a></h3><p>{t.summary}</p></div>" for t in rest)
            + f"</section></main>{_FOOT[lang]}</body></html>")


def author_page(lang: str, name: str, bio: str, teasers: list[Teaser]) -> str:
    return (_head(f"{name} - The Courier", lang)
            + f"<body>{_NAV[lang]}<main><div class='author-box'><img src='/a.jpg' alt=''><h1>{name}</h1>"
            + f"<p class='bio'>{bio}</p></div><div class='author-posts'>"
            + "".join(wp_card(t, image=False) for t in teasers)
            + f"</div></main>{_FOOT[lang]}</body></html>")


def search_page(lang: str, query: str, teasers: list[Teaser]) -> str:
    return (_head(f"{query} | The Courier", lang, og_type="website")
            + f"<body>{_NAV[lang]}<main><h1>{query}</h1><p>{len(teasers)} results</p>"
            + "".join(wp_card(t, image=False) for t in teasers)
            + f"</main>{_FOOT[lang]}</body></html>")


def media_index(lang: str, name: str, teasers: list[Teaser], *, duration: bool) -> str:
    """A photo-gallery or video index: a picture, the album's or clip's title, a line of text."""
    cards = "".join(
        f"<div class='media-item'><a href='{quote(t.path)}'><img src='/m.jpg' alt=''>"
        + ("<span class='duration'>03:12</span>" if duration else "<span class='count'>12 photos</span>")
        + f"</a><h3><a href='{quote(t.path)}'>{t.title}</a></h3><p>{t.summary}</p></div>" for t in teasers)
    return (_head(name, lang) + f"<body>{_NAV[lang]}<main><h1>{name}</h1><div class='media-grid'>{cards}</div>"
            f"</main>{_FOOT[lang]}</body></html>")


# --- articles ----------------------------------------------------------------------------------

EN_BRIEF = ("The central bank kept its main interest rate at 7.5 percent on Monday, citing inflation that eased to "
            "2.1 percent in May and steady growth in bank lending. The governor said the committee would review "
            "the rate again in August, once second-quarter figures are in, and that it saw no need to change the "
            "currency peg.")
FR_BRIEF = ("Le Conseil de gouvernement a adopté jeudi un projet de décret fixant les modalités de versement de "
            "l'aide directe au logement, qui sera élargie aux primo-accédants des villes moyennes à partir de "
            "janvier. Le ministre de l'Habitat a indiqué que près de 40 000 dossiers avaient déjà été déposés "
            "depuis le lancement du programme.")
AR_BRIEF = ("قرر البنك المركزي اليوم الاثنين الإبقاء على سعر الفائدة الرئيسي دون تغيير عند 7.5 في المئة، مستندا إلى "
            "تراجع التضخم إلى 2.1 في المئة خلال أيار وإلى نمو مستقر في التسهيلات المصرفية. وقال المحافظ إن لجنة "
            "السياسة النقدية ستراجع السعر مجددا في آب بعد صدور أرقام الربع الثاني، وإنه لا يرى حاجة إلى تعديل "
            "ربط العملة.")


def _article_meta(headline: str, *, dated: bool, ld: bool) -> tuple[str, dict | None]:
    extra = '<meta property="article:published_time" content="2025-06-02T10:00:00+03:00">' if dated else ""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline,
            "datePublished": "2025-06-02T10:00:00+03:00"} if ld else None
    return extra, data


def brief_with_related(lang: str, headline: str, brief: str, related: list[Teaser], *, dated: bool = True,
                       ld: bool = False, byline: str = "", label: str = "Related") -> str:
    """A brief of about 60 words, its related stories as cards under it."""
    extra, data = _article_meta(headline, dated=dated, ld=ld)
    cards = "".join(f"<li><a href='{quote(t.path)}'><img src='/r.jpg' alt=''></a><h3><a href='{quote(t.path)}'>"
                    f"{t.title}</a></h3></li>" for t in related)
    return (_head(headline, lang, ld=data, extra=extra)
            + f"<body>{_NAV[lang]}<main><article><h1>{headline}</h1>"
            + (f"<div class='byline'>{byline}</div>" if byline else "")
            + f"<div class='content'><p>{brief}</p></div></article>"
            + f"<section class='related'><h2>{label}</h2><ul>{cards}</ul></section></main>{_FOOT[lang]}</body></html>")


def brief_with_teaser_cards(lang: str, headline: str, brief: str, related: list[Teaser], *, dated: bool) -> str:
    """A brief followed by the same cards a listing shows (picture, linked title, summary), with no
    label: a theme that appends "more from this section" under each story."""
    extra, data = _article_meta(headline, dated=dated, ld=False)
    return (_head(headline, lang, extra=extra)
            + f"<body>{_NAV[lang]}<main><div class='single'><h1 class='entry-title'>{headline}</h1>"
            + f"<div class='entry-content'><p>{brief}</p></div></div>"
            + "<div class='more-posts'>" + "".join(wp_card(t) for t in related) + "</div>"
            + f"</main>{_FOOT[lang]}</body></html>")


def list_story(lang: str, headline: str, intro: str, items: list[Teaser], *, dated: bool = True,
               ld: bool = True) -> str:
    """A story that is mostly a list of linked items ("Five reads for the weekend"): an intro, then
    each item's linked title and a paragraph on it."""
    extra, data = _article_meta(headline, dated=dated, ld=ld)
    body = "".join(f"<h2><a href='{quote(t.path)}'>{t.title}</a></h2><p>{t.summary}</p>" for t in items)
    return (_head(headline, lang, ld=data, extra=extra)
            + f"<body>{_NAV[lang]}<main><article class='post'><h1>{headline}</h1>"
            + f"<div class='byline'>By Rana Haddad</div><div class='entry-content'><p>{intro}</p>{body}</div>"
            + f"</article></main>{_FOOT[lang]}</body></html>")


def tweet_story(lang: str, headline: str, paragraph: str, related: list[Teaser], *, dated: bool = True) -> str:
    """One paragraph and an embedded tweet, a "most read" box of cards beside it."""
    extra, data = _article_meta(headline, dated=dated, ld=False)
    tweet = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">We are at the crossing now, the first lorries '
             'are moving. <a href="https://t.co/abc">pic.twitter.com/abc</a></p>&mdash; UNRWA (@UNRWA) '
             '<a href="https://twitter.com/UNRWA/status/1">June 2, 2025</a></blockquote>')
    cards = "".join(f"<div class='mr-item'><h4><a href='{quote(t.path)}'>{t.title}</a></h4><p>{t.summary}</p></div>"
                    for t in related)
    return (_head(headline, lang, extra=extra)
            + f"<body>{_NAV[lang]}<div class='layout'><main><article><h1>{headline}</h1>"
            + f"<div class='story-body'><p>{paragraph}</p>{tweet}</div></article></main>"
            + f"<aside class='most-read'><h3>Most read</h3>{cards}</aside></div>{_FOOT[lang]}</body></html>")


AR_TAGGED_PARAGRAPHS = [
    "أكد <a href='/tag/وزير-الخارجية-أيمن-الصفدي'>وزير الخارجية أيمن الصفدي</a> اليوم أن المملكة ماضية في جهودها "
    "لوقف الحرب وإيصال المساعدات الإنسانية إلى القطاع دون قيود.",
    "وقال خلال لقائه <a href='/tag/المفوض-العام-للأونروا'>المفوض العام للأونروا</a> في عمان إن الوكالة تؤدي دورا لا "
    "يمكن الاستغناء عنه في خدمة اللاجئين.",
    "وبحث الجانبان سبل دعم <a href='/tag/وكالة-غوث-وتشغيل-اللاجئين'>وكالة غوث وتشغيل اللاجئين</a> في ظل العجز المالي "
    "الذي تعانيه منذ أشهر.",
]


def tagged_story(block: str = "p") -> str:
    """An undated story of an old Arabic CMS that links a tag's name in each paragraph (each
    paragraph a ``<p>``, or a ``<div>``: sibling blocks that each hold one link to another page),
    its headline above the text's box."""
    paragraphs = "".join(f"<{block} class='para'>{p}</{block}>" for p in AR_TAGGED_PARAGRAPHS)
    return (_head("الصفدي يلتقي المفوض العام", "ar")
            + f"<body>{_NAV['ar']}<div class='page-head'><h1>الصفدي يلتقي المفوض العام للأونروا</h1></div>"
            + f"<div class='news-text'>{paragraphs}</div>{_FOOT['ar']}</body></html>")


# --- stories whose boxes look like cards (review of the few-card rule) ---------------------------
# Undated, unsigned stories (no JSON-LD article, no article:published_time, no author meta) whose
# text sits in sibling boxes that each hold one link to another page, or whose items are boxed
# under linked headings: each was refused as a listing by the first few-card rule.

EN_FEATURE_PARAGRAPH = (
    "Trucks have queued for days at the Rafah crossing, drivers said on Sunday, as inspections slowed to a crawl "
    "and the number of lorries allowed through each day fell below fifty for the first time since March, while "
    "aid groups said perishable food was spoiling in the heat of the Sinai desert.")

AR_STORY = [
    "أعلنت وزارة المياه والري اليوم الأحد عن بدء تنفيذ المرحلة الثانية من مشروع الناقل الوطني للمياه، والذي يهدف "
    "إلى نقل المياه المحلاة من خليج العقبة إلى عمان والمحافظات الشمالية بطاقة تصل إلى ثلاثمئة مليون متر مكعب سنويا.",
    "وقال الوزير في مؤتمر صحفي إن الأعمال ستبدأ مطلع الشهر المقبل بعد استكمال إجراءات التمويل مع الجهات المانحة، "
    "مشيرا إلى أن المشروع سيوفر آلاف فرص العمل خلال مرحلة الإنشاء.",
    "وأضاف أن الحكومة تعمل بالتوازي على تقليل الفاقد في شبكات التوزيع، إذ تبلغ نسبة المياه غير المحسوبة نحو خمسين "
    "في المئة في بعض المناطق، وهو ما يتطلب استثمارات كبيرة في إعادة تأهيل الشبكات.",
    "ومن المتوقع أن يدخل المشروع حيز التشغيل الكامل عام ألفين وتسعة وعشرين، وفق الجدول الزمني الذي أعلنته الوزارة.",
]
AR_STORY_HEADLINE = "بدء المرحلة الثانية من مشروع الناقل الوطني للمياه"


def sectioned_feature(paragraphs_per_section: int, *, headline: str = "At Rafah, a long wait for aid and for a deal",
                      same_target: bool = False) -> str:
    """A long-form feature in three ``<section>``s, each of a subheading, its paragraphs and a
    closing "Read more:" link to another story."""
    sections = "".join(
        f"<section class='chapter'><h2>Part {i + 1}</h2>"
        + "".join(f"<p>{EN_FEATURE_PARAGRAPH} Witness {i}-{k} said the queue had grown again overnight.</p>"
                  for k in range(paragraphs_per_section))
        + f"<p><a href='/news/related-{0 if same_target else i}'>Read more: related coverage of the crossing talks</a>"
        "</p></section>" for i in range(3))
    return (_head("At Rafah, a long wait", "en") + f"<body>{_NAV['en']}<header class='story-header'><h1>{headline}</h1>"
            f"</header><div class='story'>{sections}</div>{_FOOT['en']}</body></html>")


def ar_story_beside_one_pick() -> str:
    """An Arabic story in its box with one "اقرأ أيضا" link in its text, and beside it (a sibling
    box) one editor's pick: a linked headline and a summary."""
    return (_head(AR_STORY_HEADLINE, "ar") + f"<body>{_NAV['ar']}<div class='main-col'><div class='page-head'>"
            f"<h1>{AR_STORY_HEADLINE}</h1></div><div class='news-body'>"
            + "".join(f"<p>{p}</p>" for p in AR_STORY[:2])
            + "<p><strong>اقرأ أيضا: </strong><a href='/news/55001'>الحكومة توقع اتفاقية تمويل الناقل الوطني</a></p>"
            + "".join(f"<p>{p}</p>" for p in AR_STORY[2:]) + "</div>"
            "<div class='pick'><h3><a href='/news/54990'>مجلس الوزراء يقر خطة المياه الوطنية حتى عام 2040</a></h3>"
            "<p>أقر مجلس الوزراء في جلسته اليوم الخطة الوطنية للمياه التي تتضمن مشاريع للتحلية والحصاد المائي وإعادة "
            f"استخدام المياه المعالجة.</p></div></div>{_FOOT['ar']}</body></html>")


def ar_story_split_by_an_ad() -> str:
    """An Arabic story split into two sibling boxes by an ad slot, each part closing on an
    "اقرأ أيضا" link."""
    return (_head(AR_STORY_HEADLINE, "ar") + f"<body>{_NAV['ar']}<div class='page-head'><h1>{AR_STORY_HEADLINE}</h1>"
            "<span class='date'>الأحد 01 حزيران 2025</span></div><div class='news-body'>"
            f"<div class='text-part'><p>{AR_STORY[0]}</p><p>{AR_STORY[1]}</p><p><strong>اقرأ أيضا: </strong>"
            "<a href='/news/55001'>الحكومة توقع اتفاقية تمويل الناقل الوطني</a></p></div>"
            "<div class='ad-slot'><script>googletag.display('x')</script></div>"
            f"<div class='text-part'><p>{AR_STORY[2]}</p><p>{AR_STORY[3]}</p><p><strong>اقرأ أيضا: </strong>"
            f"<a href='/news/54980'>ارتفاع الطلب على المياه مع موجة الحر</a></p></div></div>{_FOOT['ar']}</body></html>")


FR_MATCHES = [
    ("/sport/botola/match-1201", "Wydad 2-1 Raja", "Les Rouges ont renversé le derby grâce à un doublé de leur "
     "attaquant en seconde période, devant un stade comble."),
    ("/sport/botola/match-1202", "FUS Rabat 0-0 AS FAR", "Un match fermé, sans occasion franche, qui laisse les "
     "militaires à deux points du leader."),
    ("/sport/botola/match-1203", "RS Berkane 3-0 Hassania Agadir", "Berkane a déroulé dès la première demi-heure et "
     "conforte sa place en tête du classement."),
]


def fr_results_roundup() -> str:
    """A round's results: each match boxed, its score a heading linking to the match report."""
    headline = "Botola Pro : les résultats de la 12e journée"
    matches = "".join(f"<div class='match'><h3><a href='{u}'>{h}</a></h3><p>{t}</p></div>" for u, h, t in FR_MATCHES)
    return (_head(headline, "fr") + f"<body>{_NAV['fr']}<main><h1>{headline}</h1>"
            "<p class='chapo'>Retour sur les rencontres du week-end en Botola Pro.</p>"
            f"<div class='matches'>{matches}</div></main>{_FOOT['fr']}</body></html>")


EN_LIVE_ENTRIES = [
    ("Aid convoy reaches northern Gaza", "A convoy of twenty lorries reached Gaza City on Monday morning, the UN "
     "said, the first to arrive in the north in a week."),
    ("Mediators meet in Doha", "Qatari and Egyptian officials met the Hamas delegation for three hours; a statement "
     "is expected later today."),
    ("Hospital generators run dry", "The director of al-Shifa hospital said its last generator stopped at noon, "
     "forcing staff to ventilate patients by hand."),
    ("Foreign ministers call for a pause", "The foreign ministers of Jordan, Egypt and Saudi Arabia called for an "
     "immediate pause in fighting in a joint statement."),
    ("Crossing reopens for the wounded", "The Rafah crossing reopened for forty wounded people and their "
     "companions, Egyptian border officials said."),
]


def live_blog_with_permalinks(path: str, entries: int = 5, *, headline: str = "Live: aid reaches northern Gaza "
                              "as talks resume") -> str:
    """A live blog whose entries' headings link to their own permalinks: the page's address with
    ``?update=N``."""
    items = "".join(f"<div class='lb-entry' id='u{i}'><span class='time'>1{i}:05</span><h3><a href='{path}?update="
                    f"{900 + i}'>{h}</a></h3><p>{t}</p></div>" for i, (h, t) in enumerate(EN_LIVE_ENTRIES[:entries]))
    return (_head("Live: Gaza, day 240", "en") + f"<body>{_NAV['en']}<main><h1>{headline}</h1>"
            f"<div class='liveblog'>{items}</div></main>{_FOOT['en']}</body></html>")


AR_QUESTIONS = [
    ("/explainers/visa-1", "من يحق له التقدم بطلب التأشيرة الجديدة؟", "يحق لمواطني الدول المدرجة في القائمة التقدم "
     "بالطلب إلكترونيا، على أن يكون جواز السفر ساريا لستة أشهر على الأقل."),
    ("/explainers/visa-2", "ما هي الرسوم المطلوبة للحصول عليها؟", "حددت الوزارة الرسوم بأربعين دينارا للتأشيرة "
     "الفردية، وتسعين دينارا للتأشيرة متعددة السفرات."),
    ("/explainers/visa-3", "كم تستغرق مدة معالجة الطلب عادة؟", "تقول الوزارة إن معالجة الطلبات ستستغرق ثلاثة أيام "
     "عمل في الحالات العادية، ويوما واحدا للطلبات المستعجلة."),
]


def ar_qa_explainer() -> str:
    """A questions-and-answers explainer: each question a heading linking to a longer explainer,
    boxed with its answer."""
    boxes = "".join(f"<div class='qa-box'><h3><a href='{quote(u)}'>{q}</a></h3><p>{a}</p></div>"
                    for u, q, a in AR_QUESTIONS)
    return (_head("أسئلة وأجوبة حول التأشيرة الإلكترونية", "ar") + f"<body>{_NAV['ar']}<div class='article'>"
            "<h1>أسئلة وأجوبة: كل ما تريد معرفته عن التأشيرة الإلكترونية</h1>"
            "<p>بدأ العمل اليوم بنظام التأشيرة الإلكترونية الجديد.</p>"
            f"<div class='qa'>{boxes}</div></div>{_FOOT['ar']}</body></html>")
