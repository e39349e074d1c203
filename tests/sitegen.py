"""Build small news sites in a temporary folder, for crawl tests that need their own fixture site.

Pages look like a real CMS's output (menu, byline, related list, comments, footer), so the
extractor has the same work to do as on a real site.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Story:
    path: str  # URL path, e.g. /news/2025/06/02/water-deal-signed
    title: str
    paragraphs: list[str]
    published: str = "2025-06-02T10:15:00+03:00"
    author: str = "Jane Doe"
    lang: str = "en"
    canonical: str | None = None  # path or absolute URL for rel=canonical; None: none
    lastmod: str | None = None
    extra_head: str = ""


@dataclass
class SiteBuilder:
    root: Path
    name: str = "Gulf Courier"
    chrome: str = "a"  # "a" or "b": two different page templates
    stories: list[Story] = field(default_factory=list)
    homepage_links: list[str] = field(default_factory=list)
    # An RSS feed of every story (``/feed.xml``, items dated by ``published`` only, as
    # WordPress's), declared in the home page's head for autodiscovery; off by default.
    feed: bool = False

    def add(self, story: Story) -> Story:
        self.stories.append(story)
        return story

    def page(self, story: Story) -> str:
        esc = html.escape
        canonical = ""
        if story.canonical:
            href = story.canonical if "://" in story.canonical else "__BASE_URL__" + story.canonical
            canonical = f'<link rel="canonical" href="{href}">'
        body = "\n".join(f"<p>{esc(p)}</p>" for p in story.paragraphs)
        related = "".join(
            f'<li><a href="{s.path}">{esc(s.title)}</a></li>' for s in self.stories if s is not story
        )
        if self.chrome == "a":
            return f"""<!doctype html><html lang="{story.lang}"><head><meta charset="utf-8">
<title>{esc(story.title)} | {esc(self.name)}</title>{canonical}{story.extra_head}
<meta property="article:published_time" content="{story.published}">
<meta property="og:site_name" content="{esc(self.name)}"></head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main><article><h1>{esc(story.title)}</h1><div class="byline">By {esc(story.author)}</div>
<div class="article-body">{body}</div>
<div class="share">Share this article on Facebook Twitter WhatsApp</div></article>
<aside class="related"><h3>Related stories</h3><ul>{related}</ul></aside>
<section class="comments"><h3>Comments</h3><p>Great reporting, thank you from a reader.</p></section>
</main><footer>© 2025 {esc(self.name)}. All rights reserved.</footer></body></html>"""
        return f"""<!DOCTYPE html><html lang="{story.lang}"><head><meta charset="utf-8">
<title>{esc(self.name)} - {esc(story.title)}</title>{canonical}{story.extra_head}
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"{esc(story.title)}","datePublished":"{story.published}","author":{{"@type":"Person","name":"{esc(story.author)}"}}}}</script>
</head><body><div id="top-bar">Breaking: markets open higher | Weather: 31°C</div>
<div class="layout"><div class="main-col"><div class="post"><h1 class="post-title">{esc(story.title)}</h1>
<span class="post-author">{esc(story.author)}</span><div class="entry-content">{body}
<div class="newsletter">Subscribe to our daily newsletter for the top stories.</div></div></div>
<div class="more-news"><h4>More news</h4><ul>{related}</ul></div></div>
<div class="sidebar"><h4>Most read</h4><ul><li><a href="/">Home</a></li></ul></div></div>
<div class="footer">Copyright 2025 {esc(self.name)}. Follow us on Twitter.</div></body></html>"""

    def write(self) -> Path:
        for story in self.stories:
            target = self.root / story.path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.page(story), encoding="utf-8")
        links = "".join(f'<li><a href="{href}">{href}</a></li>' for href in self.homepage_links)
        feed_link = ('<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                     if self.feed else "")
        (self.root / "index.html").write_text(
            f"<!doctype html><html><head><title>{self.name}</title>{feed_link}</head><body><h1>{self.name}</h1>"
            f"<ul>{links}</ul></body></html>", encoding="utf-8")
        if self.feed:
            self._write_feed()
        (self.root / "robots.txt").write_text(
            "User-agent: *\nDisallow: /private/\nSitemap: __BASE_URL__/sitemap.xml\n", encoding="utf-8")
        entries = "".join(
            f"<url><loc>__BASE_URL__{s.path}</loc>"
            + (f"<lastmod>{s.lastmod}</lastmod>" if s.lastmod else "") + "</url>"
            for s in self.stories if s.lastmod is not None
        )
        (self.root / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n',
            encoding="utf-8")
        return self.root

    def _write_feed(self) -> None:
        from datetime import datetime
        from email.utils import format_datetime

        items = "".join(
            f"<item><title>{html.escape(s.title)}</title><link>__BASE_URL__{s.path}</link>"
            f"<pubDate>{format_datetime(datetime.fromisoformat(s.published))}</pubDate></item>"
            for s in self.stories
        )
        (self.root / "feed.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{html.escape(self.name)}</title><link>__BASE_URL__/</link>{items}</channel></rss>\n",
            encoding="utf-8")


_WORDS = (
    "minister council budget water energy border talks agreement port farmers prices market election "
    "parliament court ruling protest hospital school road project funding investors tourism season "
    "harvest drought rainfall pipeline electricity grid solar wind refinery exports imports customs "
    "inflation salaries workers union strike negotiations delegation summit ceasefire refugees camp aid "
    "convoy crossing governor municipality council district village city capital coast valley desert "
    "airport airline flights passengers railway station bridge tunnel housing rents contractors permits"
).split()


def filler(topic: str, n: int = 6, words: int = 45) -> list[str]:
    """``n`` paragraphs of text unique to ``topic`` (deterministic), so that stories built from
    different topics share almost no word shingles and are never near-duplicates."""
    import random

    rng = random.Random(topic)
    paragraphs = []
    for i in range(n):
        chosen = [rng.choice(_WORDS) for _ in range(words)]
        chosen[0] = chosen[0].capitalize()
        paragraphs.append(f"On the {topic}, " + " ".join(chosen) + ".")
    return paragraphs


def build_trap_site(root: Path, stories: int = 4, months: int = 12) -> tuple[list[Story], list[str]]:
    """A home page linking ``stories`` articles, then ``months`` pages of an events calendar (the
    crawl trap an operator stops with an ``exclude`` pattern): returns the stories and the
    calendar paths. Each page is written under ``root``, with a robots.txt allowing all."""
    articles = [Story(path=f"/news/2025/06/0{n}/trap-site-story-{n}", title=f"Trap site story number {n}",
                      paragraphs=filler(f"trap site story {n}")) for n in range(1, stories + 1)]
    for story in articles:
        target = root / story.path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")
    calendar = [f"/calendar/2019/{month:02d}/" for month in range(1, months + 1)]
    for path in calendar:
        target = root / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('<html><body><h1>Events</h1><a href="/">home</a></body></html>', encoding="utf-8")
    links = "".join(f'<a href="{path}">{path}</a>' for path in [s.path for s in articles] + calendar)
    (root / "index.html").write_text(f"<html><body><h1>Trap</h1>{links}</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    return articles, calendar


# --- one signed article page, for the extraction rule tests ----------------------------------------
COURIER_STORY = {
    "en": ["The cabinet approved on Monday a draft law that would allow municipalities to issue bonds to finance "
           "water and transport projects, the government spokesman said after the weekly meeting.",
           "The draft, which now goes to parliament, caps each municipality's borrowing at a share of its annual "
           "revenue and requires approval from the finance ministry for every issue.",
           "Mayors have long asked for the power to borrow directly, saying transfers from the central budget "
           "arrive late and cover only part of their spending on roads and networks.",
           "Economists said the first issues were unlikely before next year, once the finance ministry has "
           "published the rules that each municipality must follow to rate its debt."],
    "ar": ["وافق مجلس الوزراء في جلسته الأسبوعية على مشروع قانون يسمح للبلديات بإصدار سندات لتمويل مشاريع المياه "
           "والنقل، بحسب ما أعلنه الناطق الرسمي باسم الحكومة عقب الجلسة.",
           "ويحدد المشروع، الذي أحيل إلى مجلس النواب، سقفا لاقتراض كل بلدية بنسبة من إيراداتها السنوية، ويشترط "
           "موافقة وزارة المالية على كل إصدار.",
           "وطالب رؤساء البلديات منذ سنوات بصلاحية الاقتراض المباشر، مؤكدين أن التحويلات من الموازنة العامة تصل "
           "متأخرة ولا تغطي سوى جزء من نفقاتهم على الطرق والشبكات.",
           "ويتوقع اقتصاديون ألا تصدر أولى السندات قبل العام المقبل، بعد أن تنشر وزارة المالية القواعد التي "
           "يتعين على كل بلدية اتباعها لتصنيف ديونها."],
    "fr": ["Le conseil de gouvernement a adopté jeudi un projet de loi autorisant les communes à émettre des "
           "obligations pour financer leurs projets d'eau et de transport, a annoncé le porte-parole du gouvernement.",
           "Le texte, transmis au Parlement, plafonne l'endettement de chaque commune à une part de ses recettes "
           "annuelles et soumet chaque émission à l'accord du ministère des Finances.",
           "Les maires réclament depuis longtemps le droit d'emprunter directement, estimant que les transferts "
           "du budget central arrivent tard et ne couvrent qu'une partie de leurs dépenses.",
           "Les économistes jugent peu probable une première émission avant l'an prochain, le temps que le "
           "ministère publie les règles de notation que chaque commune devra suivre."],
}
"""A municipal-bonds story in English, Arabic and French, four paragraphs each."""


def courier_page(lang: str, headline: str, body: str, *, byline: str = "", holder: str = '<div class="entry-content">',
                 sidebar: str = "", head: str = "", og_article: bool = True) -> str:
    """A signed WordPress-like article page of "The Courier": ``body`` (HTML) in the story's
    container ``holder``, ``byline`` under the headline, ``sidebar`` after the article, ``head``
    after the title; ``og_article``: the page declares ``og:type`` "article"."""
    direction = "rtl" if lang == "ar" else "ltr"
    og = '<meta property="og:type" content="article">\n' if og_article else ""
    return f"""<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">
<title>{headline} - The Courier</title>{head}
{og}<meta property="article:published_time" content="2025-06-02T10:00:00+03:00"></head><body>
<nav><a href="/">Home</a> <a href="/politics/">Politics</a> <a href="/opinion/">Opinion</a></nav>
<main><article class="post"><h1 class="entry-title">{headline}</h1>
<div class="entry-meta">{byline}</div>
{holder}{body}</div></article>{sidebar}</main>
<footer>© 2025 The Courier</footer></body></html>"""
