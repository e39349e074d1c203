"""One article, one row and one request, however its links are spelled: an Arabic slug linked
percent-encoded in upper- and lower-case hex and raw (UTF-8 in the href), its AMP twins
(``/amp``, ``?amp=1``), its print view and tag/author pages whose addresses look like
headlines. A link garbled by a page served in another charset than its server declares is not
requested at all."""

from __future__ import annotations

from urllib.parse import quote, unquote

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story

_AR = ("الحكومة الوزير المجلس الموازنة المياه الطاقة الحدود المحادثات الاتفاق الميناء الأسعار السوق البرلمان "
       "المحكمة المستشفى المدرسة الطريق المشروع التمويل السياحة الموسم الحصاد الجفاف الأمطار الكهرباء").split()


def _arabic_paragraphs(seed: int) -> list[str]:
    """Six paragraphs of words drawn at random (deterministic per ``seed``): two seeds share no
    run of words, so their stories are never near-copies."""
    import random

    rng = random.Random(seed)
    return [" ".join(rng.choice(_AR) for _ in range(40)) + "." for _ in range(6)]


def _write(root, path: str, html: str) -> None:
    target = root / path.lstrip("/") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def _listing(links: list[str]) -> str:
    items = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return f"<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>قائمة</title></head><body><ul>{items}</ul></body></html>"


def test_an_arabic_slug_linked_in_every_spelling_amp_and_print_is_one_article_and_one_request(tmp_path):
    root = tmp_path / "site"
    story = Story("/news/2025/06/02/الحكومة-تقر-مشروع-قانون-الموازنة-العامة", "الحكومة تقر مشروع قانون الموازنة العامة",
                  _arabic_paragraphs(1), lang="ar")
    other = Story("/news/2025/06/03/ارتفاع-أسعار-الخضار-في-الأسواق-المحلية", "ارتفاع أسعار الخضار في الأسواق المحلية",
                  _arabic_paragraphs(5), lang="ar")
    for s in (story, other):
        _write(root, s.path, SiteBuilder(root, stories=[s]).page(s))
    upper = quote(story.path)
    lower = "".join(ch.lower() if i and upper[i - 1] == "%" or i > 1 and upper[i - 2] == "%" else ch
                    for i, ch in enumerate(upper))
    assert lower != upper and unquote(lower) == story.path
    amp = Story(story.path + "/amp", story.title, story.paragraphs, lang="ar", canonical=upper)
    _write(root, amp.path, SiteBuilder(root, stories=[amp]).page(amp))
    taxonomy = ["/tag/الحكومة-الأردنية-تقر-مشروع-قانون-الموازنة-العامة",
                "/author/mohammad-ahmad-senior-economic-affairs-correspondent"]
    for path in taxonomy:
        _write(root, path, _listing([story.path, other.path]))
    _write(root, "/", _listing([upper, story.path, lower, other.path, story.path + "/amp", upper + "?amp=1",
                                story.path + "?print=1", story.path + "/print/", *taxonomy]))
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = [unquote(path) for path in server.requested_paths()]
    stored = rows(database, "SELECT url, language FROM articles")
    assert sorted(unquote(r["url"].split("/", 3)[3]) for r in stored) == sorted(p[1:] for p in (story.path, other.path))
    assert {r["language"] for r in stored} == {"ar"}
    assert fetched.count(story.path) == 1
    assert not [p for p in fetched if "amp" in p or "print" in p]
    assert set(taxonomy) <= set(fetched)  # read for links, not stored


def test_a_link_garbled_by_a_page_in_another_charset_than_declared_is_not_requested(tmp_path):
    # A windows-1256 page served as "charset=utf-8" (a server default): its raw Arabic hrefs
    # decode to U+FFFD runs, requested as /ar/news/%EF%BF%BD... (404s) before. Its ASCII and
    # percent-encoded links still work and are followed (the control).
    root = tmp_path / "site"
    slug = "الحكومة-تقر-مشروع-قانون-الموازنة-العامة"
    story = Story(f"/ar/news/{slug}", "الحكومة تقر مشروع قانون الموازنة العامة", _arabic_paragraphs(2), lang="ar")
    ascii_story = Story("/ar/news/123456", "ارتفاع أسعار الخضار في الأسواق المحلية", _arabic_paragraphs(9), lang="ar")
    for s in (story, ascii_story):
        _write(root, s.path, SiteBuilder(root, stories=[s]).page(s))
    garbled_only = "/ar/news/مجلس-النواب-يناقش-قانون-الانتخاب-الجديد"
    home = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1256'>"
            "<title>الرئيسية</title></head><body>"
            f"<a href='{garbled_only}'>x</a> <a href='/ar/news/{quote(slug)}'>y</a> <a href='{ascii_story.path}'>z</a>"
            "</body></html>").encode("cp1256")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        server.add_handler("/", lambda ctx: Response(200, {"Content-Type": "text/html; charset=utf-8"}, home))
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        fetched = server.requested_paths()
    assert not [path for path in fetched if "%EF%BF%BD" in path.upper() or "\ufffd" in path]
    stored = sorted(unquote(r["url"].split("/", 3)[3]) for r in rows(database, "SELECT url FROM articles"))
    assert stored == sorted([story.path[1:], ascii_story.path[1:]])
    assert crawl_stats(result)["discovery/link_skipped/undecodable"] == 1
