"""The Arabic, English and French editions of one story on one host are three articles, each in
its own language under its own address, even when a multilingual plugin points every edition's
``rel=canonical`` at the English one. A canonical in the page's own language is still followed."""

from __future__ import annotations

from urllib.parse import quote, unquote

from crawler.discovery import language_alternates
from crawler.fixture_server import FixtureServer
from crawler.urls import canonical_names_another_language
from tests.conftest import crawl_site, rows
from tests.sitegen import SiteBuilder, Story, filler

_AR = ("الحكومة الوزير المجلس الموازنة المياه الطاقة الحدود المحادثات الاتفاق الميناء الأسعار السوق البرلمان "
       "المحكمة المستشفى المدرسة الطريق المشروع التمويل السياحة الموسم الحصاد الجفاف الأمطار الكهرباء").split()
_FR = [f"La Jordanie et la Syrie ont signé un accord sur le partage de l'eau du fleuve Yarmouk, point {i}, "
       "après des mois de négociations entre les deux ministères et les agriculteurs de la vallée." for i in range(6)]


def _arabic(seed: int) -> list[str]:
    import random

    rng = random.Random(seed)
    return [" ".join(rng.choice(_AR) for _ in range(40)) + "." for _ in range(6)]


PATHS = {"en": "/en/news/2025/06/02/water-sharing-deal", "ar": "/ar/news/2025/06/02/اتفاق-تقاسم-المياه",
         "fr": "/fr/news/2025/06/02/accord-sur-l-eau"}


def _write(root, story: Story) -> None:
    target = root / story.path.lstrip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SiteBuilder(root, stories=[story]).page(story), encoding="utf-8")


def _site(root, *, canonical_of) -> None:
    alternates = "".join(f'<link rel="alternate" hreflang="{lang}" href="__BASE_URL__{quote(path)}">'
                         for lang, path in PATHS.items())
    texts = {"en": ("Jordan and Syria sign water sharing deal", filler("water deal en")),
             "ar": ("الأردن وسوريا يوقعان اتفاق تقاسم المياه", _arabic(3)),
             "fr": ("La Jordanie et la Syrie signent un accord sur l'eau", _FR)}
    for lang, path in PATHS.items():
        _write(root, Story(path, texts[lang][0], texts[lang][1], lang=lang, canonical=canonical_of(lang),
                           extra_head=alternates))
    # Only the Arabic edition is linked: the crawl stores it first and meets the others
    # through its hreflang alternates.
    (root / "index.html").write_text(f'<html><body><a href="{quote(PATHS["ar"])}">خبر</a></body></html>',
                                     encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


def _stored(database) -> dict[str, tuple[str, str]]:
    return {unquote("/" + r["url"].split("/", 3)[3]): (r["language"], unquote("/" + r["canonical_url"].split("/", 3)[3]))
            for r in rows(database, "SELECT url, canonical_url, language FROM articles")}


def test_editions_whose_canonical_names_the_english_one_are_stored_apart_in_their_languages(tmp_path):
    # Before: the Arabic edition took the English address as its key; the English story then
    # became its revision (version 2, the Arabic text only in article_revisions).
    root = tmp_path / "site"
    _site(root, canonical_of=lambda lang: PATHS["en"])
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    assert _stored(database) == {path: (lang, path) for lang, path in PATHS.items()}
    assert rows(database, "SELECT MAX(version) AS v FROM articles")[0]["v"] == 1


def test_a_canonical_in_the_pages_own_language_is_still_followed(tmp_path):
    # Control: an edition's second address (/ar/news/...?ref=app, a mobile path) declares the
    # Arabic edition, listed as the "ar" alternate: one Arabic article under that address.
    root = tmp_path / "site"
    _site(root, canonical_of=lambda lang: PATHS[lang])
    copy = Story("/ar/m/news/2025/06/02/اتفاق-تقاسم-المياه", "الأردن وسوريا يوقعان اتفاق تقاسم المياه", _arabic(3),
                 lang="ar", canonical=quote(PATHS["ar"]),
                 extra_head="".join(f'<link rel="alternate" hreflang="{lang}" href="{quote(path)}">'
                                    for lang, path in PATHS.items()))
    _write(root, copy)
    (root / "index.html").write_text(f'<html><body><a href="{quote(copy.path)}">خبر</a></body></html>',
                                     encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    stored = _stored(database)
    assert sorted(lang for lang, _ in stored.values()) == ["ar", "en", "fr"]
    assert ("ar", PATHS["ar"]) in stored.values()
    assert copy.path not in {canonical for _, canonical in stored.values()}


def test_language_alternates_are_read_from_the_head_resolved_and_lower_cased():
    html = ('<html><head><base href="https://s.ma/fr/"><!-- <link rel="alternate" hreflang="de" href="/de/x"> -->'
            '<link hreflang="AR" rel="alternate" href="/ar/x">'
            "<link rel='alternate' hreflang='fr-MA' href='x'>"
            '<link rel="alternate" hreflang="x-default" href="https://s.ma/en/x">'
            '<link rel="alternate" type="application/rss+xml" href="/feed"></head>'
            '<body><link rel="alternate" hreflang="es" href="/es/x"></body></html>')
    assert language_alternates(html, "https://s.ma/fr/x") == [
        ("ar", "https://s.ma/ar/x"), ("fr-ma", "https://s.ma/fr/x"), ("x-default", "https://s.ma/en/x")]
    assert language_alternates("<html><head><title>t</title></head><body></body></html>", "https://s.ma/") == []


def test_a_canonical_is_another_languages_only_when_declared_for_another_language_and_not_this_one():
    alternates = [("en", "https://s.ma/en/x"), ("ar", "https://s.ma/ar/x"), ("fr-MA".lower(), "https://s.ma/fr/x"),
                  ("x-default", "https://s.ma/en/x")]
    assert canonical_names_another_language("https://s.ma/en/x", "ar", alternates)
    assert canonical_names_another_language("http://www.s.ma/en/x/", "fr", alternates)  # same key
    assert not canonical_names_another_language("https://s.ma/ar/x", "ar", alternates)
    assert not canonical_names_another_language("https://s.ma/fr/x", "fr-MA", alternates)  # region ignored
    assert not canonical_names_another_language("https://s.ma/en/x", None, alternates)  # language unknown
    assert not canonical_names_another_language("https://s.ma/other", "ar", alternates)  # not an alternate
    assert not canonical_names_another_language("https://s.ma/en/x", "ar", [("x-default", "https://s.ma/en/x")])
    # one address declared for two languages, the page's among them: not another language's
    assert not canonical_names_another_language("https://s.ma/x", "ar", [("en", "https://s.ma/x"), ("ar", "https://s.ma/x")])
