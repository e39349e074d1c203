"""Links of article pages, read by the extraction workers (issue 7).

- ``crawler.discovery.tree_links`` reads from a parsed page the links ``page_links`` finds by
  scanning it: the same list, on tricky pages, on the golden pages and on the sample site.
- Extraction returns them for every page it parsed (an article or not), read before the page
  is cleaned, past the cut of a huge page too.
- ``ExtractPipeline`` hands them back to the spider callback (``PageLinks``) on every path, and
  holds an article until its links are passed on; the callback yields their requests without
  decoding the page, and scans it itself when none come (a crash, a timeout, a drop).
- ``ResumeFrontierMiddleware`` passes an item on at once, so the callback's wait is not a deadlock.
- End to end: links found only on an article, or on a page at an article's address that is
  not one, are followed; so are those of a page that kills its worker.
"""

from __future__ import annotations

import asyncio
import copy
import pickle
from pathlib import Path

import pytest
from scrapy import Request, signals
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

import crawler.extract as extract_module
import crawler.settings as project_settings
from crawler.discovery import page_links, tree_links
from crawler.encoding import decode_html
from crawler.extract import ExtractionHints, _parse_html, extract_article
from crawler.fixture_server import FixtureServer
from crawler.items import ArticleItem, PageItem
from crawler.processing import PageContext, analyse_page
from crawler.sites import adhoc_profile
from crawler.workers import PagePool
from pipelines.extract import ExtractPipeline, PageLinks
from pipelines.resume import ResumeFrontierMiddleware
from tests.conftest import DEMO_SITE, PROJECT_ROOT, crawl_site, crawl_stats, rows, run_scrapy
from tests.faulty_analysers import CRASH_ENV, RAISE_ENV
from tests.sitegen import SiteBuilder, Story, filler

URL = "https://news.example/ar/news/2025/06/02/budget"
STORY_TEXT = "".join(f"<p>{paragraph}</p>" for paragraph in filler("budget talks"))


def parsed_links(html: str, url: str = URL) -> list[str]:
    tree = _parse_html(html)
    assert tree is not None
    return tree_links(tree, url)


# -- tree_links is page_links ----------------------------------------------------------------------

TRICKY_PAGES = {
    "base_and_every_kind_of_href": """<html><head><base href="https://news.example/world/"></head><body>
    <A HREF='/a?x=1&amp;y=2'>quoted, entity</A> <a class=teaser href=2025/story>unquoted relative</a>
    <a href="https://other.example/z">absolute</a> <area shape=rect href="/map"> <a href="../up">up</a>
    <a href="//cdn.example/p">scheme-relative</a> <a href="?page=2">query</a> <a href="/a/./b/../c">dots</a>
    <a href="/ar/%D9%85%D9%82%D8%A7%D9%84">encoded</a> <a href="/ar/مقال">raw Arabic</a>
    <a href="/a?x=1&amp;y=2">a duplicate, kept</a></body></html>""",
    "relative_base": """<html><head><base href="/fr/"></head><body><a href="article-1">1</a>
    <a href="/root">2</a></body></html>""",
    "base_without_href_then_with_one": """<html><head><base target="_blank"><base href="https://news.example/en/">
    </head><body><a href="x">x</a></body></html>""",
    "legacy_entities": """<html><body><a href="/article.php?id=1234&region=gulf">1</a>
    <a href="/a?id=1&section=world&copy=2">2</a> <a href="/b?x=1&amp;para=2">3</a>
    <a href="/c?q=caf&eacute;">4</a> <a href="/d?x=&#49;">5</a> <a href="/e?x=&#x41;&lt;">6</a>
    <a href="/f?a=1&amp;amp;b=2">7</a></body></html>""",
    "not_links": """<html><body><!-- <a href="/commented-out">old</a> -->
    <script>document.write('<a href="/from-script">x</a>');</script><style>a[href="/css"]{}</style>
    <a name="top">anchor</a> <a data-href="/data-attr" href="/real">real</a> <abbr href="/abbr">x</abbr>
    <a href="#top">same page</a> <a href="javascript:void(0)">js</a> <a href="mailto:a@b.c">mail</a>
    <a href="tel:+962">tel</a> <a href="whatsapp://send?text=x">wa</a> <a href="data:text/html,x">data</a>
    <a href="">empty</a> <a href>no value</a> <a href=" /spaced ">spaced</a>
    <noscript><a href="/noscript">no script</a></noscript></body></html>""",
    "language_versions_in_the_head": """<html><head><link rel="canonical" href="/ar/news/2025/06/02/budget">
    <link rel="alternate" hreflang="fr" href="/fr/actualites/2025/06/02/budget">
    <link href='https://news.example/en/news/2025/06/02/budget' hreflang='en' rel='alternate'>
    <link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss.xml">
    <link rel="alternate" hreflang="x-default" href="/">
    </head><body><a href="/ar/news/2025/06/01/other">other</a>
    <link rel="alternate" hreflang="de" href="/de/in-the-body"></body></html>""",
    "an_article": f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>Budget</title>
    <link rel="alternate" hreflang="en" href="/en/news/2025/06/02/budget"></head><body>
    <nav><a href="/">Home</a> <a href="/ar/economy/">Economy</a></nav>
    <article><h1>Budget passed</h1>{STORY_TEXT}<p>Read <a href="/ar/news/2025/06/01/debate">the debate</a>.</p></article>
    <aside class="related"><a href="/ar/news/2025/05/30/deficit">Deficit</a></aside>
    <script>var next = "<a href='/ar/never'>";</script><footer><a href="/ar/about/">About</a></footer></body></html>""",
    "truncated_in_a_script": """<html><body><a href="/one">1</a><script>var a = "<a href=/never""",
    "base_on_another_site": """<html><head><base href="http://old-courier.example/"></head><body>
    <a href="ar/news/2025/06/01/other">relative</a> <a href="/ar/economy/">root</a></body></html>""",
    "base_on_a_subdomain": """<html><head><base href="https://static.news.example/ar/"></head><body>
    <a href="news/2025/06/01/other">relative</a></body></html>""",
}


@pytest.mark.parametrize("name", TRICKY_PAGES)
def test_tree_links_are_page_links_on_tricky_pages(name):
    html = TRICKY_PAGES[name]
    assert parsed_links(html) == page_links(html, URL)


def test_a_base_href_on_another_site_is_not_where_links_lead():
    """A site that moved keeps its old domain's <base href> in its template: every relative link
    named the old domain, outside the crawl's domains, and nothing past the start page was found.
    They resolve against the page's own address; a base on the site's own domains still counts."""
    assert page_links(TRICKY_PAGES["base_on_another_site"], "https://news.example/") == [
        "https://news.example/ar/news/2025/06/01/other", "https://news.example/ar/economy/"]
    assert page_links(TRICKY_PAGES["base_on_a_subdomain"], URL) == [
        "https://static.news.example/ar/news/2025/06/01/other"]
    assert page_links('<base href="https://www.news.example/fr/"><a href="x">x</a>', URL) == [
        "https://www.news.example/fr/x"]


def test_tree_links_resolve_skip_and_order_as_page_links_say():
    # not only equal: what both say (tests/test_discovery.py specifies page_links on the same pages)
    assert parsed_links(TRICKY_PAGES["base_and_every_kind_of_href"], "https://news.example/page") == [
        "https://news.example/a?x=1&y=2", "https://news.example/world/2025/story", "https://other.example/z",
        "https://news.example/map", "https://news.example/up", "https://cdn.example/p",
        "https://news.example/world/?page=2", "https://news.example/a/c",
        "https://news.example/ar/%D9%85%D9%82%D8%A7%D9%84", "https://news.example/ar/مقال",
        "https://news.example/a?x=1&y=2"]
    assert parsed_links(TRICKY_PAGES["legacy_entities"], "https://news.example/") == [
        "https://news.example/article.php?id=1234&region=gulf", "https://news.example/a?id=1&section=world&copy=2",
        "https://news.example/b?x=1&para=2", "https://news.example/c?q=café", "https://news.example/d?x=1",
        "https://news.example/e?x=A<", "https://news.example/f?a=1&amp;b=2"]
    assert parsed_links(TRICKY_PAGES["not_links"], "https://news.example/") == [
        "https://news.example/real", "https://news.example/spaced", "https://news.example/noscript"]
    assert parsed_links(TRICKY_PAGES["language_versions_in_the_head"]) == [
        "https://news.example/fr/actualites/2025/06/02/budget", "https://news.example/en/news/2025/06/02/budget",
        "https://news.example/", "https://news.example/ar/news/2025/06/01/other"]
    assert parsed_links(TRICKY_PAGES["relative_base"]) == [
        "https://news.example/fr/article-1", "https://news.example/root"]


def _sample_pages() -> list[Path]:
    golden = sorted((PROJECT_ROOT / "tests" / "golden" / "extraction").glob("*.html"))
    sample = sorted(DEMO_SITE.rglob("*.html"))
    return golden + sample


@pytest.mark.parametrize("path", _sample_pages(), ids=lambda path: path.parent.name + "/" + path.name)
def test_tree_links_are_page_links_on_the_golden_and_sample_pages(path):
    html = decode_html(path.read_bytes())
    tree = _parse_html(html)
    assert tree is not None
    assert tree_links(tree, URL) == page_links(html, URL)


def test_tree_links_follow_html_where_the_scan_only_approximates_it():
    # Text that looks like markup is text in a textarea or a title; ">" may be inside a quoted
    # value; "&notit;" in an attribute is not "¬it;" (a browser reads it so); the scan gets these wrong.
    html = """<html><head><title>a <a href="/in-title">b</a></title></head><body>
    <textarea><a href="/in-textarea">x</a></textarea><a title="1 > 0" href="/after-gt">gt</a>
    <a href="/q?a&notit;">ref</a></body></html>"""
    assert parsed_links(html, "https://n.example/") == ["https://n.example/after-gt", "https://n.example/q?a&notit;"]


# -- what extraction returns ------------------------------------------------------------------------

def test_extraction_returns_the_links_of_every_page_it_parsed():
    article = extract_article(TRICKY_PAGES["an_article"].encode(), URL)
    assert article.article is not None
    assert article.links == page_links(TRICKY_PAGES["an_article"], URL)
    assert "https://news.example/ar/news/2025/05/30/deficit" in article.links  # in a related box
    assert "https://news.example/ar/never" not in article.links  # in a script

    listing = """<html><head><title>Economy</title></head><body><h1>Economy</h1><ul>
    <li><a href="/ar/news/2025/06/02/budget">Budget</a></li><li><a href="/ar/news/2025/06/01/debate">Debate</a></li>
    </ul></body></html>"""
    not_article = extract_article(listing.encode(), "https://news.example/ar/news/2025/06/02/economy")
    assert not_article.article is None and not_article.reason in {"too_short", "not_article", "empty_body"}
    assert not_article.links == ["https://news.example/ar/news/2025/06/02/budget",
                                 "https://news.example/ar/news/2025/06/01/debate"]

    for body, reason in ((b"", "empty_body"), (b"%PDF-1.4 binary", "binary"), (b"just some words", "not_html")):
        result = extract_article(body, URL)
        assert (result.reason, result.links) == (reason, None)


def test_links_are_read_before_the_page_is_cleaned():
    hints = ExtractionHints(drop_selectors=["aside.related", "nav", "footer"], body_selectors=["article"])
    result = extract_article(TRICKY_PAGES["an_article"].encode(), URL, hints=hints)
    assert result.article is not None and "Deficit" not in result.article.body
    assert result.links == page_links(TRICKY_PAGES["an_article"], URL)


def test_the_links_past_the_cut_of_a_huge_page_are_kept(monkeypatch):
    page = (f"<html><body><article><h1>Budget</h1>{STORY_TEXT}<a href='/before-the-cut'>a</a>"
            + "<p>" + "filler words " * 400 + "</p><a href='/past-the-cut'>b</a></article></body></html>")
    monkeypatch.setattr(extract_module, "MAX_HTML_CHARS", page.index("/past-the-cut") - 100)
    result = extract_article(page.encode(), "https://n.example/x")
    assert result.links == page_links(page, "https://n.example/x")
    assert result.links[-1] == "https://n.example/past-the-cut"


def test_links_travel_back_from_a_worker_and_the_hand_off_never_leaves_the_crawl_process():
    async def main():
        links = PageLinks()
        page = PageItem(url=URL, body=TRICKY_PAGES["an_article"].encode(), site="news", links=links)
        # the hand-off holds futures of this loop: it pickles and copies as None
        assert pickle.loads(pickle.dumps(page)).links is None
        assert copy.deepcopy(page).links is None and page.links is links
        pool = PagePool(1, analyse_page)
        try:
            return await pool.run(page, PageContext(domains=("news.example",)))
        finally:
            await pool.aclose()

    result = asyncio.run(main())
    assert result.article is not None
    assert result.links == page_links(TRICKY_PAGES["an_article"], URL)


# -- the pipeline hands them back -------------------------------------------------------------------

class _Spider:
    """What ExtractPipeline reads of the spider: its profile, and record_error."""

    def __init__(self):
        self.profile = adhoc_profile("https://news.example/")
        self.errors = []

    def record_error(self, url, kind, status, message, log_level=None):
        self.errors.append((url, kind))


async def extract_pipeline(**settings) -> ExtractPipeline:
    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(settings_dict={**base, "EXTRACT_WORKERS": 0, **settings})
    crawler._apply_settings()
    crawler.spider = _Spider()
    pipeline = ExtractPipeline.from_crawler(crawler)
    await pipeline.open_spider()
    return pipeline


def page(html: str = TRICKY_PAGES["an_article"], url: str = URL) -> PageItem:
    return PageItem(url=url, body=html.encode(), site="news", links=PageLinks())


def test_the_pipeline_hands_the_links_back_and_holds_the_article_until_they_are_followed():
    async def main():
        pipeline = await extract_pipeline()
        item = page()
        processing = asyncio.ensure_future(pipeline.process_item(item))
        links = await item.links.wait(5)
        await asyncio.sleep(0.05)
        held = not processing.done()
        item.links.followed()
        return links, held, await processing

    links, held, article = asyncio.run(main())
    assert links == page_links(TRICKY_PAGES["an_article"], URL)
    assert held  # the resume journal records the links before the article can be stored
    assert isinstance(article, ArticleItem)


def test_the_pipeline_gives_the_articles_shortlink_with_its_links():
    html = TRICKY_PAGES["an_article"].replace(
        "<title>Budget</title>", "<title>Budget</title><link rel='shortlink' href='https://news.example/?p=4521'>")

    async def main():
        pipeline = await extract_pipeline()
        item = page(html)
        processing = asyncio.ensure_future(pipeline.process_item(item))
        links = await item.links.wait(5)
        item.links.followed()
        return links, item.links.shortlink, await processing

    links, shortlink, article = asyncio.run(main())
    assert links == page_links(html, URL)
    assert shortlink == article.shortlink == "https://news.example/?p=4521"


def test_the_pipeline_gives_the_links_of_a_page_that_is_not_an_article_and_none_when_extraction_fails(monkeypatch):
    monkeypatch.setenv(RAISE_ENV, "/broken")

    async def main():
        pipeline = await extract_pipeline(EXTRACT_PAGE_FUNCTION="tests.faulty_analysers.analyse_or_fail")
        listing = page("<html><body><h1>Economy</h1><a href='/ar/news/2025/06/02/budget'>Budget</a></body></html>",
                       url="https://news.example/ar/news/2025/06/02/economy")
        broken = page(url="https://news.example/broken")
        outcomes = []
        for item in (listing, broken):
            try:
                await pipeline.process_item(item)
            except DropItem as exc:
                outcomes.append(str(exc))
        return [await item.links.wait(0) for item in (listing, broken)], outcomes, pipeline.crawler.spider.errors

    given, outcomes, errors = asyncio.run(main())
    assert given == [["https://news.example/ar/news/2025/06/02/budget"], None]
    assert outcomes[0].startswith("not an article") and outcomes[1] == "extraction failed: ValueError"
    assert errors == [("https://news.example/broken", "extract_failed")]


def test_an_article_waits_a_bounded_time_for_its_links_to_be_followed(monkeypatch):
    monkeypatch.setattr(ExtractPipeline, "FOLLOW_WAIT", 0.05)

    async def main():
        pipeline = await extract_pipeline()
        return await pipeline.process_item(page()), pipeline.crawler.stats.get_stats()

    article, stats = asyncio.run(main())
    assert isinstance(article, ArticleItem)
    assert stats["extract/links_follow_timeout"] == 1


# -- the spider follows them ------------------------------------------------------------------------

class _UndecodedResponse(HtmlResponse):
    """A page whose text must not be read: the crawl process no longer decodes article pages."""

    @property
    def text(self):
        raise AssertionError("the crawl process decoded the page")


def news_spider(**settings):
    from spiders.site import SiteSpider

    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(SiteSpider, {**base, "CRAWL_DISK_QUEUE": False, **settings})
    crawler._apply_settings()
    crawler.spider = spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
    return spider


def article_response(cls=HtmlResponse) -> HtmlResponse:
    request = Request(URL, meta={"depth": 1})
    return cls(url=URL, body=TRICKY_PAGES["an_article"].encode(), headers={"Content-Type": "text/html; charset=utf-8"},
               request=request)


async def run_callback(spider, response, give=None, *, hand_back=True, shortlink=None):
    """The callback's outputs, with ``give`` (and ``shortlink``) handed back for its page."""
    outputs = []
    callback = spider.parse_article(response)
    async for output in callback:
        outputs.append(output)
        if isinstance(output, PageItem) and output.links is not None and hand_back:
            output.links.give(give, shortlink=shortlink)
    return outputs


def requested(outputs) -> list[str]:
    return [output.url for output in outputs if isinstance(output, Request)]


def test_the_callback_follows_the_links_extraction_gives_without_decoding_the_page():
    spider = news_spider()
    given = ["https://news.example/ar/news/2025/06/01/debate", "https://news.example/ar/economy/",
             "https://elsewhere.example/x"]

    async def main():
        return await run_callback(spider, article_response(_UndecodedResponse), given)

    outputs = asyncio.run(main())
    assert isinstance(outputs[0], PageItem)  # the page first, then its links
    assert requested(outputs) == ["https://news.example/ar/news/2025/06/01/debate", "https://news.example/ar/economy/"]
    assert outputs[0].links._followed.done()
    assert spider.crawler.stats.get_value("discovery/article_links/extraction") == 1


def test_a_link_to_the_articles_own_shortlink_is_not_requested_here_or_on_a_later_page():
    spider = news_spider()
    shortlink = "https://news.example/?p=4521"
    given = [shortlink, "https://news.example/ar/news/2025/06/01/debate"]  # its "short link" box

    async def main():
        return await run_callback(spider, article_response(_UndecodedResponse), given, shortlink=shortlink)

    assert requested(asyncio.run(main())) == ["https://news.example/ar/news/2025/06/01/debate"]
    later = HtmlResponse(url="https://news.example/ar/economy/", request=Request("https://news.example/ar/economy/"),
                         body=b'<a href="http://www.news.example/?p=4521">x</a><a href="/?p=4522">y</a>')
    assert [r.url for r in spider.parse_listing(later)] == ["https://news.example/?p=4522"]
    assert spider.crawler.stats.get_value("discovery/shortlinks") == 1


def test_without_links_from_extraction_the_callback_scans_the_page_itself(monkeypatch):
    # what a listing's callback requests for the same page
    scanned = requested(news_spider().follow_links(article_response()))
    assert "https://news.example/ar/news/2025/05/30/deficit" in scanned

    async def main(spider, **kwargs):
        return await run_callback(spider, article_response(), None, **kwargs)

    # a worker crash, a parser failure: the pipeline gives None
    spider = news_spider()
    assert requested(asyncio.run(main(spider))) == scanned
    assert spider.crawler.stats.get_value("discovery/article_links/scanned") == 1

    # nothing given at all (a page kept by some spider middleware): the wait has a bound
    monkeypatch.setattr(type(spider), "LINKS_WAIT", 0.05)
    spider = news_spider()
    outputs = asyncio.run(main(spider, hand_back=False))
    assert requested(outputs) == scanned
    assert spider.crawler.stats.get_value("discovery/article_links/wait_timeout") == 1

    # the page left the item pipelines without them (dropped before the extraction pipeline)
    spider = news_spider()

    async def dropped():
        outputs = []
        async for output in spider.parse_article(article_response()):
            outputs.append(output)
            if isinstance(output, PageItem):
                spider.crawler.signals.send_catch_log(signals.item_dropped, item=output, response=None,
                                                      exception=DropItem("no"), spider=spider)
        return outputs

    assert requested(asyncio.run(dropped())) == scanned
    assert spider.crawler.stats.get_value("discovery/article_links/scanned") == 1


@pytest.mark.parametrize("settings", [{"EXTRACT_ENABLED": False}, {"CONCURRENT_ITEMS": 1}])
def test_without_the_extraction_pipeline_or_with_one_output_at_a_time_links_come_first(settings):
    spider = news_spider(**settings)
    outputs = asyncio.run(run_callback(spider, article_response()))
    assert isinstance(outputs[-1], PageItem) and outputs[-1].links is None
    assert requested(outputs)


def test_the_resume_journal_passes_an_item_on_at_once(tmp_path):
    crawler = get_crawler(settings_dict={"RESUME_ENABLED": True, "DATABASE": str(tmp_path / "news.db")})
    middleware = ResumeFrontierMiddleware.from_crawler(crawler)
    released = asyncio.Event()

    async def callback():
        yield Request("https://news.example/before")
        yield PageItem(url=URL, body=b"<html></html>", site="news")
        await released.wait()  # the callback waits for its links, as parse_article does
        yield Request("https://news.example/after")

    async def main():
        seen = []
        async for output in middleware.process_spider_output_async(None, callback()):
            seen.append(output)
            if isinstance(output, PageItem):
                released.set()
        return seen

    outputs = asyncio.run(asyncio.wait_for(main(), 5))
    assert [type(o).__name__ for o in outputs] == ["Request", "PageItem", "Request"]


# -- end to end -------------------------------------------------------------------------------------

def linked_from_articles_site(root: Path) -> tuple[SiteBuilder, dict[str, Story]]:
    """A home page that links one story; the story's page links two more (its related list);
    one of them is a page of links at an article's address, linking the last story."""
    site = SiteBuilder(root)
    stories = {name: site.add(Story(f"/news/2025/06/02/{name}", name.replace("-", " ").capitalize(),
                                    filler(name)))
               for name in ("water-deal-signed", "port-reopens-after-storm")}
    site.homepage_links = [stories["water-deal-signed"].path]
    site.write()
    # reached only through the stories' related lists: an article address, a page of links
    roundup = root / "news/2025/06/02/weekly-roundup-of-the-desk"
    roundup.mkdir(parents=True)
    last = Story("/news/2025/06/03/grain-silos-expanded", "Grain silos expanded", filler("grain silos"))
    (roundup / "index.html").write_text(
        f"<html><head><title>Roundup</title></head><body><h1>Roundup</h1><ul><li><a href='{last.path}'>Silos</a>"
        "</li></ul></body></html>", encoding="utf-8")
    lone = SiteBuilder(root)
    lone.add(last)
    (root / last.path.lstrip("/")).mkdir(parents=True)
    (root / last.path.lstrip("/") / "index.html").write_text(lone.page(last), encoding="utf-8")
    for story in stories.values():
        (root / story.path.lstrip("/") / "index.html").write_text(
            site.page(story).replace("</ul></aside>", f"<li><a href='/{roundup.relative_to(root)}/'>Roundup</a></li>"
                                                      "</ul></aside>"), encoding="utf-8")
    return site, {**stories, "grain-silos-expanded": last}


@pytest.mark.slow
@pytest.mark.parametrize("workers", [0, 2])
def test_links_found_only_on_articles_are_followed_from_the_workers_trees(tmp_path, workers):
    _site, stories = linked_from_articles_site(tmp_path / "site")
    database = tmp_path / "news.db"
    with FixtureServer(tmp_path / "site") as server:
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, EXTRACT_WORKERS=workers)
    stored = {r["url"].removeprefix(server.base_url) for r in rows(database, "SELECT url FROM articles")}
    assert stored == {story.path for story in stories.values()}
    stats = crawl_stats(result)
    # every article page's links came from its extraction (the roundup's too: not an article)
    assert stats["discovery/article_links/extraction"] == 4
    assert "discovery/article_links/scanned" not in stats


@pytest.mark.slow
def test_the_links_of_a_page_that_kills_its_worker_are_still_followed(tmp_path):
    _site, stories = linked_from_articles_site(tmp_path / "site")
    crash = stories["water-deal-signed"].path
    database = tmp_path / "news.db"
    with FixtureServer(tmp_path / "site") as server:
        result = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/"],
                            settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": False, "EXTRACT_WORKERS": 2,
                                      "EXTRACT_PAGE_FUNCTION": "tests.faulty_analysers.analyse_or_fail"},
                            env={CRASH_ENV: crash})
    assert result.returncode == 0, result.stderr[-3000:]
    stats = crawl_stats(result)
    assert stats["extract/failed/worker_crashed"] == 1
    assert stats["discovery/article_links/scanned"] == 1  # the crashed page, scanned in the crawl process
    stored = {r["url"].removeprefix(server.base_url) for r in rows(database, "SELECT url FROM articles")}
    # the crashed story is not stored; everything it alone linked to is
    assert stored == {story.path for name, story in stories.items() if story.path != crash}


def test_scrapy_parse_of_an_article_page_does_not_wait_for_links_from_extraction(demo_server):
    # `scrapy parse` collects the callback's whole output before any item reaches a pipeline:
    # the callback waited its full LINKS_WAIT (60 s) for links no pipeline would hand back.
    import time

    from tests.conftest import run_scrapy

    url = f"{demo_server.base_url}/en/culture/2025/06/05/petra-night-festival-returns/"
    started = time.monotonic()
    result = run_scrapy(["parse", "--spider=site", "-a", f"url={demo_server.base_url}/", "-c", "parse_article",
                         url], settings={"LOG_LEVEL": "INFO"}, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert time.monotonic() - started < 40
    assert "no links from extraction" not in result.stderr
    assert "/en/" in result.stdout and "Requests" in result.stdout  # the page's links, as requests
