"""Tag, author and topic pages whose address looks like a headline are listings, in Arabic with or
without the definite article (``/ar/الوسوم/…`` as ``/ar/وسوم/…``) and in French (``/fr/auteur/…``,
``/fr/mot-cle/…``): read for links, never stored. Articles whose section is named with the article
(``/ar/الاقتصاد/…``) and a writer's dated column stay articles."""

from __future__ import annotations

import random
from urllib.parse import quote, unquote

import pytest

from crawler.discovery import entry_is_listing, looks_like_article_url
from crawler.fixture_server import FixtureServer
from tests.conftest import crawl_site, rows
from tests.sitegen import SiteBuilder, Story

_AR = ("الحكومة الوزير المجلس الموازنة المياه الطاقة الحدود المحادثات الاتفاق الميناء الأسعار السوق البرلمان "
       "المحكمة المستشفى المدرسة الطريق المشروع التمويل السياحة الموسم الحصاد الجفاف الأمطار الكهرباء").split()


def _arabic(seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_AR) for _ in range(45)) + "." for _ in range(6)]


def _write(root, path: str, html: str) -> None:
    target = root / path.lstrip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def _term_page(title: str, stories: list[Story]) -> str:
    """A CMS's term page: the og:type "article" many stamp on every page, and a long teaser of
    each of its few stories (a new tag's three: fewer cards than extraction needs to see a
    listing, enough text to take the list for a body)."""
    items = "".join(f'<div class="views-row"><h2><a href="{quote(s.path)}">{s.title}</a></h2>'
                    f'<div class="field-summary"><p>{" ".join(s.paragraphs[0].split()[:60])}</p></div>'
                    '<span class="date">02/06/2025</span></div>' for s in stories)
    return (f"<!doctype html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>{title}</title>"
            "<meta property='og:type' content='article'></head><body><nav><a href='/'>الرئيسية</a></nav>"
            f"<h1>{title}</h1><div class='view-content'>{items}</div></body></html>")


def test_an_arabic_tag_page_named_with_the_definite_article_is_read_for_links_not_stored(tmp_path):
    # Before: /ar/الوسوم/<headline-like slug> was fetched as an article and its teaser list
    # (three stories) stored as one.
    root = tmp_path / "site"
    stories = [Story("/ar/news/2025/06/02/الحكومة-تقر-مشروع-قانون-الموازنة-العامة", "الحكومة تقر مشروع قانون الموازنة العامة",
                     _arabic(1), lang="ar"),
               Story("/ar/الاقتصاد/ارتفاع-أسعار-الخضار-في-الأسواق-المحلية", "ارتفاع أسعار الخضار في الأسواق المحلية",
                     _arabic(2), lang="ar")]  # control: a section named with the article
    linked_from_tag_only = Story("/ar/news/2025/06/04/مجلس-النواب-يناقش-قانون-الانتخاب", "مجلس النواب يناقش قانون الانتخاب",
                                 _arabic(3), lang="ar")
    for story in [*stories, linked_from_tag_only]:
        _write(root, story.path, SiteBuilder(root, stories=[story]).page(story))
    tag = "/ar/الوسوم/الحكومة-الأردنية-تقر-مشروع-قانون"
    _write(root, tag, _term_page("الحكومة الأردنية", [*stories, linked_from_tag_only]))
    (root / "index.html").write_text(
        "<html><body>" + "".join(f'<a href="{quote(p)}">x</a>' for p in [stories[0].path, stories[1].path, tag])
        + "</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = [unquote(p) for p in server.requested_paths()]
    stored = {unquote("/" + r["url"].split("/", 3)[3]) for r in rows(database, "SELECT url FROM articles")}
    assert stored == {stories[0].path, stories[1].path, linked_from_tag_only.path}
    assert tag in fetched  # read for its links
    assert not rows(database, "SELECT url FROM duplicates")


@pytest.mark.parametrize("path", [
    "/ar/الوسوم/الحكومة-الأردنية-تقر-مشروع-قانون",
    "/ar/%D8%A7%D9%84%D9%88%D8%B3%D9%88%D9%85/%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9-%D8%AA%D9%82%D8%B1-%D9%85%D8%B4%D8%B1%D9%88%D8%B9",
    "/ar/الكاتب/محمد-أحمد-الخطيب-كاتب",
    "/ar/كتّاب/محمد-أحمد-الخطيب-كاتب",
    "/ar/المواضيع/أزمة-المياه-في-وادي-الأردن",
    "/ar/مواضيع/أزمة-المياه-في-وادي-الأردن",
    "/ar/التصنيفات/أخبار-محلية-وعربية",
    "/fr/auteur/mohammed-ahmed-correspondant-principal-a-rabat",
    "/fr/mot-cle/crise-de-l-eau-dans-la-vallee-du-draa",
    "/fr/mots-cl%C3%A9s/secheresse-et-agriculture-au-maroc",
    "/fr/etiquette/politique-monetaire-de-bank-al-maghrib",
    "/fr/chroniqueurs/karim-alaoui-chroniqueur-economique",
])
def test_arabic_and_french_taxonomy_pages_are_listings(path):
    url = "https://site.example" + path
    assert not looks_like_article_url(url)
    assert entry_is_listing(url)


@pytest.mark.parametrize("path", [
    "/ar/الاقتصاد/ارتفاع-أسعار-الخضار-في-الأسواق-المحلية",  # a section named with the article
    "/ar/الأخبار/الحكومة-تقر-مشروع-قانون-الموازنة",
    "/ar/الكاتب/محمد-أحمد/2025/06/02/مقال-عن-الموازنة",  # a writer's dated column
    "/ar/الوسوم-والأخبار/الحكومة-تقر-مشروع-قانون-الموازنة",  # a marker inside a longer name is none
    "/fr/auteur/mohammed-ahmed/la-chronique-du-lundi-sur-l-eau",  # the author's column
    "/fr/economie/l-auteur-du-rapport-sur-l-eau-parle",
    "/ar/قسم/سياسة/123456",
])
def test_articles_beside_those_words_stay_articles(path):
    assert looks_like_article_url("https://site.example" + path)
