"""Generate the offline demo news site ("Levant Ledger" / "ليفانت ليدجر") and expected.json.

Run from anywhere: ``python crawler/demo_site/_build.py``. It rewrites every generated file
under this directory (pages, sitemaps, feed, robots.txt, ``_routes.json``, ``expected.json``)
from the stories in ``_content_en.py`` / ``_content_ar.py`` and fails if a story breaks a
rule the tests rely on (word count, snippets present, feed-only stories linked).

Served by :mod:`crawler.fixture_server`: ``__BASE_URL__`` is replaced at serve time, pages
live at ``<url path>/index.html``, and pages that differ only by query string
(``?page=2``) are mapped in ``_routes.json``.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _content_ar import STORIES_AR
from _content_en import STORIES_EN

SITE_EN = "Levant Ledger"
SITE_AR = "ليفانت ليدجر"
SITE_TZ = "Asia/Amman"  # all visible times are Amman time (UTC+03:00 all year since 2022)
BASE = "__BASE_URL__"
GENERATED = ["en", "ar", "private", "static", "_pages", "index.html", "robots.txt",
             "sitemap_index.xml", "sitemap-en.xml", "sitemap-ar.xml.gz", "news-sitemap.xml",
             "feed.xml", "_routes.json", "expected.json"]

SECTIONS_EN = {"news": "News", "business": "Business", "culture": "Culture", "sport": "Sport",
               "tech": "Technology", "health": "Health", "education": "Education",
               "environment": "Environment", "regional": "Regional"}
SECTIONS_AR = {"politics": "سياسة", "economy": "اقتصاد", "society": "مجتمع", "sport": "رياضة",
               "culture": "ثقافة", "health": "صحة", "tech": "تكنولوجيا", "environment": "بيئة",
               "news": "أخبار"}
AR_DAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
AR_MONTHS_EGYPT = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                   "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                    "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
NO_CANONICAL = {"en-heatwave", "ar-olive"}  # most articles declare one; these do not
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

COPYRIGHT_EN = "© 2025 Levant Ledger Media Ltd. All rights reserved."
COPYRIGHT_AR = "جميع الحقوق محفوظة © 2025 ليفانت ليدجر"
NEWSLETTER_EN = "The day's most important stories from across the region, in your inbox before 7am."
NEWSLETTER_AR = "اشترك ليصلك ملخص أهم الأخبار كل صباح قبل السابعة."
COOKIE_EN = "We use cookies to improve your experience and to show you personalised advertising."
COOKIE_AR = "يستخدم هذا الموقع ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك."
FOLLOW_EN = "Follow us on Facebook, X and Instagram"
FOLLOW_AR = "تابعونا على فيسبوك وإكس وإنستغرام ويوتيوب"

e = html.escape


def encoded(path: str) -> str:
    """The path as it goes over the wire: UTF-8 percent-encoded, upper-case hex."""
    return quote(path, safe="/?=&")


def when(story: dict) -> datetime:
    return datetime.fromisoformat(story["published"])


def utc_iso(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def linkable(story: dict) -> bool:
    """Feed-only stories must never be linked from a page, or they stop being feed-only."""
    return "sections" in story["reach"]


ALL = STORIES_EN + STORIES_AR
BY_KEY = {story["key"]: story for story in ALL}


def href(story: dict, raw: bool = False) -> str:
    # Arabic links alternate between raw UTF-8 and percent-encoded hrefs, as CMSs differ.
    return story["path"] if raw else encoded(story["path"])


def related_for(story: dict, count: int = 3) -> list[dict]:
    pool = [s for s in (STORIES_EN if story["path"].startswith("/en/") else STORIES_AR)
            if s["key"] != story["key"] and linkable(s)]
    start = next((i for i, s in enumerate(ALL) if s["key"] == story["key"]), len(story["title"]))
    return [pool[(start + i) % len(pool)] for i in range(count)]


def ticker_for(story: dict | None, lang: str) -> list[dict]:
    pool = [s for s in (STORIES_EN if lang == "en" else STORIES_AR) if linkable(s)]
    pool = sorted(pool, key=when, reverse=True)
    return [s for s in pool if story is None or s["key"] != story["key"]][:3]


# -- English template ---------------------------------------------------------------------

def en_nav() -> str:
    items = "".join(f'<li><a href="/en/{slug}/">{name}</a></li>'
                    for slug, name in SECTIONS_EN.items() if slug != "regional")
    return f"""<header class="site-header">
  <div class="masthead"><a class="logo" href="/">{SITE_EN}</a>
    <span class="edition">Amman · Beirut · Damascus</span>
    <a class="edition-switch" href="/ar/" lang="ar">العربية</a></div>
  <nav class="main-nav" aria-label="Sections"><ul>{items}<li><a href="/en/about/">About</a></li></ul></nav>
  <form class="site-search" action="/search" method="get"><input type="search" name="q" placeholder="Search the Ledger"><button>Search</button></form>
</header>"""


def en_ticker(story: dict | None) -> str:
    items = "".join(f'<li><a href="{href(s)}">{e(s["title"])}</a></li>' for s in ticker_for(story, "en"))
    return f'<div class="breaking-ticker" role="marquee"><span class="ticker-label">Breaking</span><ul>{items}</ul></div>'


def en_footer() -> str:
    return f"""<footer class="site-footer">
  <ul class="footer-links"><li><a href="/en/about/">About us</a></li><li><a href="/en/about/#contact">Contact</a></li><li><a href="/en/about/#privacy">Privacy policy</a></li><li><a href="/en/about/#terms">Terms of use</a></li></ul>
  <p class="follow">{FOLLOW_EN}: <a href="https://www.facebook.com/levantledger">Facebook</a> · <a href="https://x.com/levantledger">X</a> · <a href="https://www.instagram.com/levantledger">Instagram</a></p>
  <p class="copyright">{COPYRIGHT_EN}</p>
</footer>
<div id="cookie-consent" class="cookie-banner"><p>{COOKIE_EN} <a href="/en/about/#privacy">Manage preferences</a></p><button type="button">Accept all</button></div>"""


def en_head(title: str, description: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<meta name="description" content="{e(description)}">
<link rel="stylesheet" href="/static/site.css">
<link rel="alternate" type="application/rss+xml" title="{SITE_EN}" href="/feed.xml">
{extra}</head>"""


def render_body(story: dict, lang: str) -> tuple[str, list[str]]:
    """Body HTML and the teaser texts placed inside it."""
    teasers: list[str] = []
    blocks: list[str] = []
    teaser = story.get("teaser")
    for index, para in enumerate(story["paragraphs"]):
        if isinstance(para, tuple) and para[0] == "ul":
            blocks.append("<ul>" + "".join(f"<li>{e(item, quote=False)}</li>" for item in para[1]) + "</ul>")
        elif isinstance(para, tuple) and para[0] == "tweet":
            tweet = para[1]
            blocks.append(
                '<blockquote class="twitter-tweet" data-lang="en"><p lang="en" dir="ltr">'
                f'{e(tweet["text"], quote=False)}</p>&mdash; {e(tweet["name"])} (@{tweet["handle"]}) '
                f'<a href="https://twitter.com/{tweet["handle"]}/status/1930668012345678901">{tweet["date"]}</a>'
                '</blockquote>\n<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
            )
        else:
            text = e(para, quote=False)
            if teaser and teaser[0] == "glued" and teaser[1] == index:
                target = BY_KEY[teaser[2]]
                label = "Also Read:" if lang == "en" else "اقرأ المزيد:"
                text += f' <a href="{href(target, raw=index % 2 == 0)}">{label} {e(target["title"])}</a>'
                teasers.append(target["title"])
            blocks.append(f"<p>{text}</p>")
        if teaser and teaser[0] == "own" and teaser[1] == index:
            target = BY_KEY[teaser[2]]
            label = "Also Read:" if lang == "en" else "اقرأ أيضاً:"
            blocks.append(f'<p><strong>{label}</strong> <a href="{href(target)}">{e(target["title"])}</a></p>')
            teasers.append(target["title"])
    return "\n".join(blocks), teasers


def jsonld(story: dict, site: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story["title"],
        "description": story["standfirst"],
        "datePublished": story["published"],
        "dateModified": story.get("modified", story["published"]),
        "author": {"@type": "Person", "name": story["author"][0], "jobTitle": story["author"][1]},
        "publisher": {"@type": "Organization", "name": site},
        "mainEntityOfPage": f"{BASE}{encoded(story['path'])}",
        "inLanguage": story["lang"],
    }
    return ('<script type="application/ld+json">'
            + json.dumps(data, ensure_ascii=False, indent=1) + "</script>\n")


def en_byline_date(story: dict) -> str:
    if story["date_style"] != "jsonld":
        return ""  # meta-only pages give the time nowhere else
    moment = when(story)
    return (f' <time class="published" datetime="{story["published"]}">'
            f'{moment.strftime("%B")} {moment.day}, {moment.year}, {moment.strftime("%H:%M")}</time>')


def author_slug(name: str) -> str:
    return name.lower().replace(" ", "-").replace(".", "")


def render_en_article(story: dict, *, path: str | None = None, canonical: bool = True,
                      variant: str = "main") -> tuple[str, dict]:
    path = path or story["path"]
    body, teasers = render_body(story, "en")
    related = related_for(story) if variant == "main" else []
    extra = ""
    if canonical:
        extra += f'<link rel="canonical" href="{BASE}{encoded(path)}">\n'
    extra += (f'<meta property="og:type" content="article">\n'
              f'<meta property="og:site_name" content="{SITE_EN}">\n'
              f'<meta property="og:title" content="{e(story["title"])}">\n'
              f'<meta property="og:description" content="{e(story["standfirst"])}">\n'
              f'<meta property="og:url" content="{BASE}{encoded(path)}">\n'
              f'<meta name="twitter:card" content="summary_large_image">\n')
    if story["date_style"] == "meta":
        extra += f'<meta property="article:published_time" content="{story["published"]}">\n'
        extra += f'<meta property="article:section" content="{SECTIONS_EN[story["section"]]}">\n'
    if story["date_style"] == "jsonld":
        extra += jsonld(story, SITE_EN)
    name, role = story["author"]
    section = "regional" if variant == "republished" else story["section"]
    related_html = "".join(
        f'<li><a href="{href(s)}"><h3>{e(s["title"])}</h3></a><p>{e(s["standfirst"])}</p></li>' for s in related
    )
    tags = " ".join(f'<a href="/en/tag/{t}/" rel="tag">{t}</a>' for t in story["tags"])
    comments = story["comments"] if variant == "main" else []
    comments_html = "".join(
        f'<li class="comment"><span class="comment-author">{e(who)}</span> <span class="comment-age">{n + 2} hours ago</span><p>{e(text)}</p></li>'
        for n, (who, text) in enumerate(comments)
    )
    share_url = quote(f"{BASE}{encoded(path)}", safe="")
    page = f"""{en_head(f'{story["title"]} | {SITE_EN}', story["standfirst"], extra)}
<body class="article-page section-{section}">
{en_nav()}
{en_ticker(story)}
<main id="main">
<article class="story">
  <nav class="breadcrumbs"><a href="/">Home</a> › <a href="/en/{section}/">{SECTIONS_EN[section]}</a></nav>
  <h1 class="headline">{e(story["title"])}</h1>
  <p class="standfirst">{e(story["standfirst"])}</p>
  <div class="byline">By <a rel="author" href="/en/author/{author_slug(name)}/">{e(name)}</a>, {e(role)}{en_byline_date(story)}</div>
  <div class="share-bar"><span>Share this article</span>
    <a class="share-fb" href="https://www.facebook.com/sharer/sharer.php?u={share_url}">Facebook</a>
    <a class="share-x" href="https://x.com/intent/tweet?url={share_url}">X</a>
    <a class="share-wa" href="https://wa.me/?text={share_url}">WhatsApp</a>
    <button class="copy-link" type="button">Copy link</button></div>
  <div class="article-body">
{body}
  </div>
  <div class="story-tags">Topics: {tags}</div>
  {"<aside class='related-articles'><h2>Related articles</h2><ul>" + related_html + "</ul></aside>" if related else ""}
</article>
<section class="newsletter-signup"><h2>Get the Morning Ledger</h2><p>{NEWSLETTER_EN}</p>
<form action="/newsletter" method="post"><input type="email" name="email" placeholder="Your email address"><button>Sign up</button></form></section>
{"<section id='comments' class='comments'><h2>Comments (" + str(len(comments)) + ")</h2><ol>" + comments_html + "</ol><p class='comment-policy'>Comments are moderated and may take a few minutes to appear.</p></section>" if comments else "<section class='more-from'><h2>More from Regional</h2><p><a href='/en/regional/'>All regional coverage</a></p></section>"}
</main>
{en_footer()}
</body>
</html>
"""
    chrome = {"teasers": teasers, "related": [s["standfirst"] for s in related],
              "comments": [text for _, text in comments], "copyright": COPYRIGHT_EN,
              "boilerplate": [NEWSLETTER_EN, COOKIE_EN]}
    return page, chrome


# -- Arabic template (a WordPress-style theme) --------------------------------------------

def ar_nav() -> str:
    items = "".join(f'<li class="menu-item menu-item-type-taxonomy"><a href="/ar/{slug}/">{name}</a></li>'
                    for slug, name in SECTIONS_AR.items())
    return f"""<header id="masthead" class="site-header">
<div class="top-bar"><span class="today">عمّان</span> <a href="/" lang="en">English</a></div>
<div class="site-branding"><p class="site-title"><a href="/ar/" rel="home">{SITE_AR}</a></p><p class="site-description">أخبار الأردن والمشرق</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu"><li class="menu-item menu-item-home"><a href="/ar/">الرئيسية</a></li>{items}<li class="menu-item"><a href="/ar/about/">من نحن</a></li></ul></nav>
</header>"""


def ar_ticker(story: dict | None) -> str:
    items = "".join(f'<li><a href="{href(s, raw=True)}">{e(s["title"])}</a></li>' for s in ticker_for(story, "ar"))
    return f'<div class="breaking-news-bar"><span class="breaking-title">عاجل</span><ul class="news-ticker">{items}</ul></div>'


def ar_footer() -> str:
    return f"""<footer id="colophon" class="site-footer">
<div class="footer-widgets"><ul class="menu"><li><a href="/ar/about/">من نحن</a></li><li><a href="/ar/about/#contact">اتصل بنا</a></li><li><a href="/ar/about/#privacy">سياسة الخصوصية</a></li></ul></div>
<div class="footer-social">{FOLLOW_AR}: <a href="https://www.facebook.com/levantledger.ar">فيسبوك</a> <a href="https://x.com/levantledger_ar">إكس</a> <a href="https://www.instagram.com/levantledger">إنستغرام</a> <a href="https://www.youtube.com/@levantledger">يوتيوب</a></div>
<div class="site-info">{COPYRIGHT_AR}</div>
</footer>
<div class="gdpr-cookie-notice" id="cookie-notice"><span>{COOKIE_AR}</span> <a href="#" class="cn-accept">موافق</a> <a href="/ar/about/#privacy">المزيد</a></div>"""


def ar_visible_date(story: dict) -> str:
    moment = when(story)
    style = story["date_style"]
    if style == "byline":
        return f"{AR_DAYS[moment.weekday()]} {moment.day} {AR_MONTHS_EGYPT[moment.month - 1]} {moment.year} - {moment:%H:%M}"
    if style == "byline_indic":
        return f"{moment.day} {AR_MONTHS_LEVANT[moment.month - 1]} {moment.year} - {moment:%H:%M}".translate(INDIC)
    if style == "jsonld":
        return f"{AR_DAYS[moment.weekday()]} {moment.day} {AR_MONTHS_EGYPT[moment.month - 1]} {moment.year}"
    return ""


def render_ar_article(story: dict, post_id: int) -> tuple[str, dict]:
    body, teasers = render_body(story, "ar")
    related = related_for(story)
    path = story["path"]
    extra = ""
    if story.get("canonical", True):
        extra += f'<link rel="canonical" href="{BASE}{encoded(path)}" />\n'
    extra += (f'<meta property="og:locale" content="ar_AR" />\n<meta property="og:type" content="article" />\n'
              f'<meta property="og:title" content="{e(story["title"])}" />\n'
              f'<meta property="og:description" content="{e(story["standfirst"])}" />\n'
              f'<meta property="og:url" content="{BASE}{encoded(path)}" />\n'
              f'<meta property="og:site_name" content="{SITE_AR}" />\n')
    if story["date_style"] == "meta":
        extra += f'<meta property="article:published_time" content="{story["published"]}" />\n'
    if story["date_style"] == "jsonld":
        extra += jsonld(story, SITE_AR)
    name, role = story["author"]
    visible = ar_visible_date(story)
    date_html = f'<span class="posted-on"><span class="entry-date">{visible}</span></span>' if visible else ""
    related_html = "".join(
        f'<li><a href="{href(s, raw=True)}" rel="bookmark"><h4>{e(s["title"])}</h4></a><p class="yarpp-excerpt">{e(s["standfirst"])}</p></li>'
        for s in related
    )
    comments_html = "".join(
        f'<li id="comment-{post_id * 10 + n}" class="comment"><article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">{e(who)}</b> <span class="says">قال:</span></div></footer><div class="comment-content"><p>{e(text)}</p></div></article></li>'
        for n, (who, text) in enumerate(story["comments"])
    )
    tags = " ".join(f'<a href="/ar/tag/{quote(t.replace(" ", "-"))}/" rel="tag">{e(t)}</a>' for t in story["tags"])
    share_url = quote(f"{BASE}{encoded(path)}", safe="")
    page = f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{e(story["title"])} | {SITE_AR}</title>
<meta name="description" content="{e(story["standfirst"])}" />
{extra}<link rel="alternate" type="application/rss+xml" title="{SITE_AR} &raquo; الخلاصة" href="/feed.xml" />
<link rel='stylesheet' id='ledger-style-css' href='/static/site.css' type='text/css' media='all' />
</head>
<body class="post-template-default single single-post postid-{post_id} single-format-standard rtl">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">تخطى إلى المحتوى</a>
{ar_nav()}
{ar_ticker(story)}
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish format-standard category-{story["section"]}">
<header class="entry-header">
<span class="cat-links"><a href="/ar/{story["section"]}/" rel="category tag">{SECTIONS_AR[story["section"]]}</a></span>
<h1 class="entry-title">{e(story["title"])}</h1>
<div class="entry-meta"><span class="byline">بقلم: <span class="author vcard"><a class="url fn n" href="/ar/author/{post_id % 97}/">{e(name)}</a></span> - {e(role)}</span> {date_html}</div>
</header>
<div class="entry-excerpt"><p>{e(story["standfirst"])}</p></div>
<div class="social-share"><span class="share-title">شارك:</span> <a class="share-facebook" href="https://www.facebook.com/sharer.php?u={share_url}">فيسبوك</a> <a class="share-twitter" href="https://twitter.com/intent/tweet?url={share_url}">تويتر</a> <a class="share-whatsapp" href="https://api.whatsapp.com/send?text={share_url}">واتساب</a> <a class="share-telegram" href="https://t.me/share/url?url={share_url}">تيليغرام</a></div>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="tags-links">الوسوم: {tags}</span></footer>
<div class="yarpp yarpp-related"><h3>مقالات ذات صلة</h3><ol>{related_html}</ol></div>
</article>
<div class="newsletter-box widget"><h3>النشرة البريدية</h3><p>{NEWSLETTER_AR}</p><form action="/newsletter" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني" /><button>اشترك</button></form></div>
<div id="comments" class="comments-area"><h2 class="comments-title">{len(story["comments"])} تعليقات على «{e(story["title"])}»</h2>
<ol class="comment-list">{comments_html}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">أضف تعليقاً</h3><p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني.</p></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">الأكثر قراءة</h2><ul>{"".join(f'<li><a href="{href(s)}">{e(s["title"])}</a></li>' for s in ticker_for(None, "ar"))}</ul></section></aside>
</div>
{ar_footer()}
</div>
</body>
</html>
"""
    chrome = {"teasers": teasers, "related": [s["standfirst"] for s in related],
              "comments": [text for _, text in story["comments"]], "copyright": COPYRIGHT_AR,
              "boilerplate": [NEWSLETTER_AR, COOKIE_AR]}
    return page, chrome


# -- listing pages --------------------------------------------------------------------------

def listing_page(lang: str, title: str, heading: str, stories: list[dict], intro: str = "",
                 pager: str = "", canonical_path: str | None = None) -> str:
    items = "".join(
        f'<li class="teaser"><a href="{href(s, raw=lang == "ar")}"><h3>{e(s["title"])}</h3></a>'
        f'<p>{e(s["standfirst"])}</p><span class="teaser-meta">{e(s["author"][0])}</span></li>'
        for s in stories
    )
    canonical = f'<link rel="canonical" href="{BASE}{encoded(canonical_path)}">\n' if canonical_path else ""
    if lang == "en":
        return f"""{en_head(f"{title} | {SITE_EN}", heading, canonical)}
<body class="listing-page">
{en_nav()}
{en_ticker(None)}
<main id="main"><h1>{e(heading)}</h1>{intro}
<ul class="story-list">{items}</ul>{pager}</main>
{en_footer()}
</body>
</html>
"""
    return f"""<!DOCTYPE html>
<html dir="rtl" lang="ar">
<head><meta charset="UTF-8" /><title>{e(title)} | {SITE_AR}</title>
{canonical}<link rel="alternate" type="application/rss+xml" href="/feed.xml" />
<link rel='stylesheet' href='/static/site.css' type='text/css' media='all' /></head>
<body class="archive category rtl">
<div id="page" class="site">
{ar_nav()}
{ar_ticker(None)}
<div id="content" class="site-content"><main id="main" class="site-main"><header class="page-header"><h1 class="page-title">{e(heading)}</h1>{intro}</header>
<ul class="archive-list">{items}</ul>{pager}</main></div>
{ar_footer()}
</div>
</body>
</html>
"""


def pager_html(base_path: str, page: int, pages: int, lang: str) -> str:
    if pages <= 1:
        return ""
    older, newer = ("Older stories", "Newer stories") if lang == "en" else ("الأقدم", "الأحدث")
    links = []
    if page > 1:
        links.append(f'<a class="prev" href="{base_path}{"" if page == 2 else f"?page={page - 1}"}">{newer}</a>')
    links += [f'<a class="page-numbers" href="{base_path}{"" if n == 1 else f"?page={n}"}">{n}</a>'
              for n in range(1, pages + 1)]
    if page < pages:
        links.append(f'<a class="next" rel="next" href="{base_path}?page={page + 1}">{older}</a>')
    return '<nav class="pagination">' + " ".join(links) + "</nav>"


# -- build ----------------------------------------------------------------------------------

def write(relative: str, text: str) -> None:
    target = HERE / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def page_file(url_path: str) -> str:
    return url_path.strip("/") + "/index.html" if url_path != "/" else "index.html"


def snippet(text: str, where: str, size: int = 70) -> str:
    """A contiguous run of whole words from the start or end of ``text``."""
    words = text.split()
    picked: list[str] = []
    source = words if where == "start" else list(reversed(words))
    for word in source:
        if len(" ".join(picked + [word])) > size and picked:
            break
        picked.append(word)
    return " ".join(picked if where == "start" else list(reversed(picked)))


def body_text(story: dict) -> list[str]:
    texts = []
    for para in story["paragraphs"]:
        if isinstance(para, str):
            texts.append(para)
        elif para[0] == "ul":
            texts.extend(para[1])
    return texts


def build() -> dict:
    for name in GENERATED:
        target = HERE / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    routes: dict[str, str] = {}
    expected_articles = []
    non_articles: list[str] = []

    for story in STORIES_EN:
        story["lang"] = "en"
    for story in STORIES_AR:
        story["lang"] = "ar"
    for key in NO_CANONICAL:
        BY_KEY[key]["canonical"] = False
    for story in ALL:
        for other in ALL:
            teaser = other.get("teaser")
            if not linkable(story) and teaser and teaser[2] == story["key"]:
                raise SystemExit(f"{other['key']} links to {story['key']}, which must stay unlinked")

    for number, story in enumerate(ALL):
        if story["lang"] == "en":
            page, chrome = render_en_article(story, canonical=story.get("canonical", True))
        else:
            page, chrome = render_ar_article(story, int(story["path"].split("/")[3]) if story["path"].split("/")[3].isdigit() else 20000 + number)
        write(page_file(story["path"]), page)
        texts = body_text(story)
        words = sum(len(t.split()) for t in texts)
        if not 150 <= words <= 600:
            raise SystemExit(f"{story['key']}: body has {words} words, want 150-600")
        string_paras = [p for p in story["paragraphs"] if isinstance(p, str)]
        must_contain = [snippet(string_paras[0], "start"), snippet(string_paras[-1], "end"),
                        snippet(string_paras[len(string_paras) // 2], "start")]
        for para in story["paragraphs"]:
            if isinstance(para, tuple) and para[0] == "ul":
                must_contain.append(para[1][-1])
        teaser = story.get("teaser")
        if teaser and teaser[0] == "glued":
            # the sentence the teaser link is glued to belongs to the story
            must_contain.append(snippet(story["paragraphs"][teaser[1]], "end", 50))
        must_contain += [t for t in texts if "also read" in t.lower()]
        must_not_contain = chrome["teasers"] + chrome["related"] + chrome["comments"] + [chrome["copyright"]] + chrome["boilerplate"]
        for para in story["paragraphs"]:
            if isinstance(para, tuple) and para[0] == "tweet":
                tweet = para[1]
                must_not_contain.append(f"(@{tweet['handle']}) {tweet['date']}")
        joined = "\n".join(texts)
        for bad in must_not_contain:
            if bad in joined:
                raise SystemExit(f"{story['key']}: must_not_contain {bad!r} is in the body")
        published_raw = {"jsonld": story["published"], "meta": story["published"]}.get(
            story["date_style"]) or ar_visible_date(story)
        expected_articles.append({
            "path": encoded(story["path"]),
            "path_decoded": story["path"],
            "language": story["lang"],
            "title": story["title"],
            "description": story["standfirst"],
            "published_at": utc_iso(story["published"]),
            "published_at_raw": published_raw,
            "date_source": {"jsonld": "json-ld", "meta": "meta article:published_time",
                            "byline": "visible byline (site timezone)",
                            "byline_indic": "visible byline, Arabic-Indic digits (site timezone)"}[story["date_style"]],
            "modified_at": utc_iso(story["modified"]) if story["date_style"] == "jsonld" and "modified" in story else None,
            "authors": [story["author"][0]],
            "section": story["section"],
            "tags": story["tags"],
            "discovered_via": sorted(story["reach"]),
            "has_canonical": story.get("canonical", True),
            "body_word_count": words,
            "must_contain": must_contain,
            "must_not_contain": must_not_contain,
        })

    # The same story republished in another section: same body, different chrome, no canonical.
    original = BY_KEY["en-water"]
    republished_path = "/en/regional/2025/06/03/yarmouk-basin-water-sharing-agreement"
    page, _ = render_en_article(original, path=republished_path, canonical=False, variant="republished")
    write(page_file(republished_path), page)
    tracked = BY_KEY["en-border"]["path"] + "?utm_source=twitter&utm_medium=social"
    duplicates = [
        {"path": republished_path, "duplicate_of": original["path"], "kind": "same_body_other_url",
         "note": "republished in another section, no canonical pointing back"},
        {"path": tracked, "duplicate_of": BY_KEY["en-border"]["path"], "kind": "tracking_parameters",
         "note": "linked from the homepage; the page's canonical is the clean URL"},
    ]

    # Private page: article-looking, linked from the homepage, disallowed by robots.txt.
    private_story = dict(BY_KEY["en-tawjihi"], key="private", title="Embargoed: draft of the cabinet reshuffle story",
                         standfirst="Do not publish before the official announcement.",
                         path="/private/drafts/cabinet-reshuffle-embargoed", comments=[], teaser=None,
                         section="news", tags=["draft"], paragraphs=[
                             ("DRAFT - NOT FOR PUBLICATION. The prime minister is expected to replace four "
                              "ministers in a reshuffle to be announced on Tuesday, according to two officials."),
                             ("The transport, tourism, youth and digital economy portfolios are affected. Names "
                              "to be confirmed with the royal court before the embargo lifts."),
                         ])
    page, _ = render_en_article(private_story, variant="main")
    write(page_file(private_story["path"]), page)
    disallowed = [private_story["path"]]

    # Listing pages.
    def add_listing(lang: str, base_path: str, title: str, heading: str, stories: list[dict], per_page: int = 0,
                    intro: str = "") -> None:
        stories = sorted(stories, key=when, reverse=True)
        per_page = per_page or max(len(stories), 1)
        pages = max(1, -(-len(stories) // per_page))
        for number in range(1, pages + 1):
            chunk = stories[(number - 1) * per_page: number * per_page]
            page = listing_page(lang, title if number == 1 else f"{title} – page {number}", heading, chunk, intro,
                                pager_html(encoded(base_path), number, pages, lang),
                                base_path if number == 1 else None)
            if number == 1:
                write(page_file(base_path), page)
                non_articles.append(encoded(base_path))
            else:
                routed = f"_pages/{base_path.strip('/').replace('/', '-')}-page-{number}.html"
                write(routed, page)
                routes[f"{base_path}?page={number}"] = routed
                non_articles.append(f"{encoded(base_path)}?page={number}")

    en_linked = [s for s in STORIES_EN if linkable(s)]
    ar_linked = [s for s in STORIES_AR if linkable(s)]
    add_listing("en", "/en/news/", "Latest news", "Latest news", en_linked, per_page=4)
    for slug, name in SECTIONS_EN.items():
        if slug in ("news", "regional"):
            continue
        members = [s for s in en_linked if s["section"] == slug]
        if members:
            add_listing("en", f"/en/{slug}/", name, name, members)
    write(page_file("/en/regional/"), listing_page(
        "en", "Regional", "Regional", [], '<ul class="story-list"><li class="teaser">'
        f'<a href="{republished_path}"><h3>{e(original["title"])}</h3></a></li></ul>', "", "/en/regional/"))
    non_articles.append("/en/regional/")
    add_listing("ar", "/ar/politics/", "سياسة", "أخبار سياسية", [s for s in ar_linked if s["section"] == "politics"], per_page=2)
    for slug, name in SECTIONS_AR.items():
        if slug == "politics":
            continue
        members = [s for s in ar_linked if s["section"] == slug]
        if members:
            add_listing("ar", f"/ar/{slug}/", name, name, members)
    for lang, pool in (("en", en_linked), ("ar", ar_linked)):
        for tag in sorted({t for s in pool for t in s["tags"]}):
            tag_path = f"/{lang}/tag/{tag.replace(' ', '-')}/"
            heading = f"Stories tagged “{tag}”" if lang == "en" else f"الوسم: {tag}"
            add_listing(lang, tag_path, tag, heading, [s for s in pool if tag in s["tags"]])
    for name in sorted({s["author"][0] for s in en_linked}):
        add_listing("en", f"/en/author/{author_slug(name)}/", name, f"Articles by {name}",
                    [s for s in en_linked if s["author"][0] == name],
                    intro=f'<p class="author-bio">{e(name)} writes for the {SITE_EN}.</p>')
    for story in ar_linked:
        post_id = int(story["path"].split("/")[3]) if story["path"].split("/")[3].isdigit() else 20000 + ALL.index(story)
        author_path = f"/ar/author/{post_id % 97}/"
        if encoded(author_path) not in non_articles:
            add_listing("ar", author_path, story["author"][0], f"مقالات {story['author'][0]}",
                        [s for s in ar_linked if s["author"][0] == story["author"][0]])

    about_en = ('<div class="about"><p>The Levant Ledger is an independent news service covering Jordan, '
                'Lebanon, Syria and the wider region in English and Arabic.</p><h2 id="contact">Contact</h2>'
                '<p>newsroom@levantledger.example</p><h2 id="privacy">Privacy</h2><p>We keep reader data for '
                'no longer than twelve months.</p></div>')
    write(page_file("/en/about/"), listing_page("en", "About us", "About the Levant Ledger", [], about_en, "", "/en/about/"))
    about_ar = ('<div class="about"><p>ليفانت ليدجر موقع إخباري مستقل يغطي شؤون الأردن ولبنان وسوريا والمنطقة '
                'باللغتين العربية والإنجليزية.</p></div>')
    write(page_file("/ar/about/"), listing_page("ar", "من نحن", "من نحن", [], about_ar, "", "/ar/about/"))
    non_articles += ["/en/about/", "/ar/about/"]

    # Homepages.
    top_en = sorted(en_linked, key=when, reverse=True)[:6]
    top_ar = sorted(ar_linked, key=when, reverse=True)[:4]
    home_extra = (f'<div class="trending"><h2>Trending on X</h2><ul><li><a href="{encoded(tracked)}">'
                  f'{e(BY_KEY["en-border"]["title"])}</a></li></ul></div>'
                  f'<div class="from-arabic" lang="ar" dir="rtl"><h2>من النسخة العربية</h2><ul>'
                  + "".join(f'<li><a href="{href(s, raw=i % 2 == 0)}">{e(s["title"])}</a></li>' for i, s in enumerate(top_ar))
                  + '</ul></div><div class="investigations"><h2>Coming soon</h2><ul>'
                  f'<li><a href="{private_story["path"]}">{e(private_story["title"])}</a></li></ul></div>'
                  '<p class="feeds"><a href="/feed.xml">RSS feed</a> · <a href="/en/regional/">Regional desk</a></p>')
    write("index.html", listing_page("en", "Levant Ledger", "Top stories", top_en, "", home_extra, "/").replace(
        f"<title>Levant Ledger | {SITE_EN}</title>", f"<title>{SITE_EN} – News from Jordan, Lebanon and Syria</title>"))
    write(page_file("/ar/"), listing_page("ar", "الرئيسية", "أهم الأخبار", top_ar, "", "", "/ar/"))
    non_articles += ["/", "/ar/"]

    # Discovery files.
    write("robots.txt", "# robots.txt for the Levant Ledger\nUser-agent: *\nDisallow: /private/\n"
          "Disallow: /search\nAllow: /\n\n"
          f"Sitemap: {BASE}/sitemap_index.xml\nSitemap: {BASE}/news-sitemap.xml\n")
    write("sitemap_index.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
          f'  <sitemap><loc>{BASE}/sitemap-en.xml</loc><lastmod>2025-06-13T10:00:00+03:00</lastmod></sitemap>\n'
          f'  <sitemap><loc>{BASE}/sitemap-ar.xml.gz</loc><lastmod>2025-06-13T12:10:00+03:00</lastmod></sitemap>\n'
          '</sitemapindex>\n')

    def urlset(entries: list[tuple[str, str]]) -> str:
        rows = "".join(f"  <url><loc>{BASE}{e(loc)}</loc><lastmod>{lastmod}</lastmod></url>\n" for loc, lastmod in entries)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n')

    def in_sitemap(pool: list[dict]) -> list[tuple[str, str]]:
        return [(encoded(s["path"]), s.get("modified", s["published"])) for s in pool if "sitemap" in s["reach"]]

    write("sitemap-en.xml", urlset([("/", "2025-06-13T10:00:00+03:00"), ("/en/about/", "2025-01-15T09:00:00+03:00")]
                                   + in_sitemap(STORIES_EN) + [(republished_path, "2025-06-03T08:00:00+03:00")]))
    (HERE / "sitemap-ar.xml.gz").write_bytes(gzip.compress(urlset(in_sitemap(STORIES_AR)).encode("utf-8"), mtime=0))
    news_rows = "".join(
        f"  <url>\n    <loc>{BASE}{encoded(s['path'])}</loc>\n    <news:news>\n"
        f"      <news:publication><news:name>{SITE_EN if s['lang'] == 'en' else SITE_AR}</news:name>"
        f"<news:language>{s['lang']}</news:language></news:publication>\n"
        f"      <news:publication_date>{s['published']}</news:publication_date>\n"
        f"      <news:title>{e(s['title'])}</news:title>\n    </news:news>\n  </url>\n"
        for s in sorted(ALL, key=when, reverse=True) if "news" in s["reach"]
    )
    write("news-sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + news_rows + "</urlset>\n")
    items = "".join(
        f"<item>\n  <title>{e(s['title'])}</title>\n"
        f"  <link>{BASE}{encoded(s['path'])}?utm_source=rss&amp;utm_medium=feed</link>\n"
        f"  <guid isPermaLink=\"false\">ledger-{s['key']}</guid>\n"
        f"  <pubDate>{format_datetime(when(s))}</pubDate>\n"
        f"  <dc:creator>{e(s['author'][0])}</dc:creator>\n"
        f"  <category>{e(s['section'])}</category>\n"
        f"  <description>{e(s['standfirst'])}</description>\n</item>\n"
        for s in sorted(ALL, key=when, reverse=True) if "feed" in s["reach"]
    )
    write("feed.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">\n'
          f"<channel>\n<title>{SITE_EN}</title>\n<link>{BASE}/</link>\n"
          f'<atom:link href="{BASE}/feed.xml" rel="self" type="application/rss+xml"/>\n'
          "<description>News from Jordan, Lebanon and Syria</description>\n<language>en</language>\n"
          f"<lastBuildDate>{format_datetime(datetime(2025, 6, 13, 12, 30, tzinfo=UTC))}</lastBuildDate>\n"
          + items + "</channel>\n</rss>\n")
    write("static/site.css", "body{font-family:Georgia,serif;margin:0}.cookie-banner,.gdpr-cookie-notice{position:fixed;bottom:0}\n"
          "[dir=rtl] body{font-family:'Noto Naskh Arabic',serif}\n")
    write("_routes.json", json.dumps(routes, ensure_ascii=False, indent=2) + "\n")

    expected = {
        "_about": "Truth for the demo site, written by _build.py. Paths are percent-encoded as on the wire; "
                  "articles are the pages that must be stored, duplicates must not be stored a second time, "
                  "non_articles and disallowed must not be stored (disallowed must not even be fetched). "
                  "published_at is UTC; pages with only a visible byline date use site.timezone.",
        "site": {"name": SITE_EN, "name_ar": SITE_AR, "timezone": SITE_TZ, "start_paths": ["/"],
                 "robots": "/robots.txt", "sitemap_index": "/sitemap_index.xml", "news_sitemap": "/news-sitemap.xml",
                 "feed": "/feed.xml"},
        "articles": expected_articles,
        "non_articles": non_articles,
        "disallowed": disallowed,
        "duplicates": [dict(d, path=encoded(d["path"]), duplicate_of=encoded(d["duplicate_of"])) for d in duplicates],
    }
    write("expected.json", json.dumps(expected, ensure_ascii=False, indent=2) + "\n")
    return expected


if __name__ == "__main__":
    result = build()
    print(f"{len(result['articles'])} articles, {len(result['non_articles'])} non-article pages, "
          f"{len(result['duplicates'])} duplicates written to {HERE}")
