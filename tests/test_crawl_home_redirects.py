"""A story taken down by redirecting its address to the site's home page (a common way CMSs remove
one: 301/302 to ``/``, ``/index.php`` or the language root), end to end: real crawls of fixture
sites into a real SQLite file.

The crawl followed such a redirect like any other: the home page, already scheduled as the start
page, was dropped as a duplicate request, or fetched as the article and rejected. No
``fetch_errors`` row, and a stored article at that address was not marked ``gone_at`` as a
404/410 marks it. Redirects of the home page itself, of listings, to a section front and to
another article (a moved story, a trailing slash) are followed as before.
"""

from __future__ import annotations

import socket
from urllib.parse import unquote, urlsplit

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_site, crawl_stats, rows, run_scrapy
from tests.sitegen import SiteBuilder, Story, filler

pytestmark = pytest.mark.slow


def redirect(server: FixtureServer, path: str, location: str, status: int = 301) -> None:
    """``path`` (with or without its trailing slash) answers ``status`` to ``location``, a path of
    the site or a URL as the server would write it."""
    target = server.url(location) if location.startswith("/") else location
    for variant in (path, path.rstrip("/") + "/"):
        server.add_handler(variant, lambda ctx: Response(status=status, headers={"Location": target}))


def asked_paths(server: FixtureServer) -> list[str]:
    return [unquote(urlsplit(r.path).path) for r in server.requests]


def test_a_stored_story_redirected_to_the_home_page_is_marked_gone_and_unmarked_when_back(tmp_path):
    # The daily cron crawl: the sitemap's newer lastmod makes the crawl check the stored story
    # again, and its address now answers 301 to the home page.
    site = SiteBuilder(tmp_path / "site")
    removed = site.add(Story("/news/2025/06/02/minister-resigns-over-water-deal", "Minister resigns over water deal",
                             filler("minister resigns"), lastmod="2025-06-02T10:00:00+03:00"))
    kept = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                          filler("port expansion"), lastmod="2025-06-03T09:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {removed.title, kept.title}

        removed.lastmod = "2025-06-04T08:00:00+03:00"
        site.write()
        redirect(server, removed.path, "/")
        server.clear_requests()
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        assert asked_paths(server).count("/") == 1  # as the start page only, never as the story
        articles = {r["title"]: r for r in rows(database, "SELECT title, url, body, gone_at FROM articles")}
        errors = rows(database, "SELECT url, kind, status, message FROM fetch_errors WHERE kind != 'http_4xx'")

        # The publisher puts it back: the next check finds it and clears the mark.
        removed.lastmod = "2025-06-05T08:00:00+03:00"
        site.write()
        server.remove_handler(removed.path)
        server.remove_handler(removed.path + "/")
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        back = {r["title"]: r["gone_at"] for r in rows(database, "SELECT title, gone_at FROM articles")}

    assert set(articles) == {removed.title, kept.title}  # the home page is no article
    assert articles[removed.title]["gone_at"] and articles[kept.title]["gone_at"] is None
    assert "On the minister resigns" in articles[removed.title]["body"]  # the text is kept
    assert errors == [{"url": f"{server.base_url}{removed.path}", "kind": "home_redirect", "status": 301,
                       "message": f"redirected to the home page: {server.base_url}/"}]
    stats = crawl_stats(result)
    assert stats["errors/home_redirect"] == 1 and "articles/new" not in stats
    assert back == {removed.title: None, kept.title: None}


def test_new_entries_and_links_redirected_to_the_home_page_are_recorded_and_no_home_page_is_stored(tmp_path):
    # A sitemap entry, a link on the home page and an old PHP link, each already taken down when
    # first met: to "/", to the Arabic edition's root (never scheduled before: the crawl fetched
    # it as the article), and to "/index.php?msg=removed" (the home page, with a CMS's notice).
    site = SiteBuilder(tmp_path / "site")
    live = site.add(Story("/news/2025/06/02/desalination-plant-opens", "Desalination plant opens",
                          filler("desalination plant"), lastmod="2025-06-02T10:00:00+03:00"))
    in_sitemap = "/news/2025/06/04/cabinet-reshuffle-announced-this-morning"
    arabic_link = "/ar/news/2025/06/04/تعديل-وزاري-جديد-4521"
    php_link = "/news.php?id=4522"
    site.homepage_links = [live.path, arabic_link, php_link]
    root = site.write()
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    (root / "sitemap.xml").write_text(sitemap.replace(
        "</urlset>", f"<url><loc>__BASE_URL__{in_sitemap}</loc><lastmod>2025-06-04</lastmod></url></urlset>"),
        encoding="utf-8")
    # The Arabic edition's front page: its lead story's opening paragraphs, enough words to be
    # taken for an article when fetched as one.
    (root / "ar").mkdir()
    (root / "ar" / "index.html").write_text(
        '<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>الصفحة الرئيسية</title></head><body>'
        "<main><h1>أهم الأخبار</h1>" + "".join(f"<p>{p}</p>" for p in filler("arabic front page")) +
        "</main></body></html>", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        redirect(server, in_sitemap, "/", status=302)
        redirect(server, arabic_link, "/ar/", status=302)
        server.add_handler(php_link, lambda ctx: Response(status=301, headers={"Location": "/index.php?msg=removed"}))
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = asked_paths(server)

    assert {r["title"]: r["url"] for r in rows(database, "SELECT title, url FROM articles")} == {
        live.title: f"{server.base_url}{live.path}"}
    assert "/ar/" not in asked and "/index.php" not in asked and asked.count("/") == 1
    errors = {unquote(r["url"].removeprefix(server.base_url)): (r["kind"], r["status"], r["message"])
              for r in rows(database, "SELECT url, kind, status, message FROM fetch_errors")
              if r["kind"] != "http_4xx"}  # the template's menu links to /news/ and /sport/ 404 here
    assert errors == {
        in_sitemap: ("home_redirect", 302, f"redirected to the home page: {server.base_url}/"),
        arabic_link: ("home_redirect", 302, f"redirected to the home page: {server.base_url}/ar/"),
        php_link: ("home_redirect", 301, f"redirected to the home page: {server.base_url}/index.php?msg=removed"),
    }
    assert crawl_stats(result)["errors/home_redirect"] == 3


def test_redirects_of_the_home_page_listings_sections_and_moved_stories_are_followed_as_before(tmp_path):
    # The home page moved to its English edition, a section to its new name, one story to a new
    # slug and one to its address with a trailing slash: all crawled as before. A story sent to
    # its section's front is not counted as removed either (see HomeRedirectMiddleware's reasons).
    site = SiteBuilder(tmp_path / "site")
    moved = site.add(Story("/news/2025/06/02/jordan-signs-water-deal-with-syria", "Jordan signs water deal",
                           filler("water deal")))
    slashed = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet/", "Port expansion approved",
                             filler("port expansion")))
    in_section = site.add(Story("/economy/2025/06/03/central-bank-holds-interest-rates", "Central bank holds rates",
                                filler("central bank")))
    old_slug = "/news/2025/06/02/jordan-water-deal"
    unslashed = slashed.path.rstrip("/")
    to_section = "/economy/2025/06/01/budget-deficit-narrows-in-first-quarter"
    site.homepage_links = ["/economie/", old_slug, unslashed, to_section]
    root = site.write()
    (root / "en").mkdir()
    (root / "index.html").rename(root / "en" / "index.html")
    (root / "economy").mkdir(exist_ok=True)
    (root / "economy" / "index.html").write_text(
        f'<html><body><h1>Economy</h1><a href="{in_section.path}">{in_section.title}</a></body></html>',
        encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        server.add_handler("/", lambda ctx: Response(status=301, headers={"Location": server.url("/en/")}))
        redirect(server, "/economie/", "/economy/")
        redirect(server, old_slug, moved.path)
        server.add_handler(unslashed, lambda ctx: Response(status=301, headers={"Location": server.url(slashed.path)}))
        redirect(server, to_section, "/economy/", status=302)
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)

    stored = {r["title"]: r["url"] for r in rows(database, "SELECT title, url FROM articles")}
    assert stored == {moved.title: f"{server.base_url}{moved.path}",
                      slashed.title: f"{server.base_url}{slashed.path}",
                      in_section.title: f"{server.base_url}{in_section.path}"}
    assert rows(database, "SELECT url, kind FROM fetch_errors WHERE kind NOT IN ('http_4xx')") == []
    assert "errors/home_redirect" not in crawl_stats(result)


def refresh_page(target: str, delay: int = 0, *, upper: bool = False) -> str:
    """What a PHP CMS serves, with a 200, at the address of a story it removed: a stub whose
    ``<meta http-equiv="refresh">`` sends the reader on (``target`` as the page writes it)."""
    meta = (f'<META HTTP-EQUIV="REFRESH" CONTENT="{delay}; URL={target}">' if upper
            else f'<meta http-equiv="refresh" content="{delay};url={target}">')
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>Redirecting</title>{meta}</head>'
            f"<body><p>This page has moved.</p></body></html>")


def test_a_story_whose_address_now_refreshes_to_the_home_page_is_marked_gone_but_not_one_sent_to_its_section(tmp_path):
    # The 200 answer of a removed story on many PHP CMSs: a page that only refreshes to the home
    # page. The same rule as a 3xx (HomeRedirectMiddleware): to the home page is a removal; to a
    # section front it is followed as any redirect.
    site = SiteBuilder(tmp_path / "site")
    removed = site.add(Story("/news/2025/06/02/minister-resigns-over-water-deal", "Minister resigns over water deal",
                             filler("minister resigns"), lastmod="2025-06-02T10:00:00+03:00"))
    sectioned = site.add(Story("/economy/2025/06/02/central-bank-holds-interest-rates", "Central bank holds rates",
                               filler("central bank"), lastmod="2025-06-02T11:00:00+03:00"))
    kept = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                          filler("port expansion"), lastmod="2025-06-03T09:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        assert len(rows(database, "SELECT id FROM articles")) == 3

        removed.lastmod = sectioned.lastmod = "2025-06-04T08:00:00+03:00"
        root = site.write()
        (root / "economy").mkdir(exist_ok=True)
        (root / "economy" / "index.html").write_text(
            "<html><body><h1>Economy</h1><p>Latest economy news.</p></body></html>", encoding="utf-8")
        # A new sitemap entry already removed when first met, its stub written by another CMS
        # (an absolute URL, upper case, a delay under METAREFRESH_MAXDELAY, the index file).
        new_entry = "/news/2025/06/04/cabinet-reshuffle-announced-this-morning"
        sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
        (root / "sitemap.xml").write_text(sitemap.replace(
            "</urlset>", f"<url><loc>__BASE_URL__{new_entry}</loc><lastmod>2025-06-04</lastmod></url></urlset>"),
            encoding="utf-8")
        for path, body in ((removed.path, refresh_page("/")),
                           (sectioned.path, refresh_page("/economy/")),
                           (new_entry, refresh_page(server.url("/index.php"), delay=3, upper=True))):
            for variant in (path, path + "/"):
                server.add_handler(variant, lambda ctx, body=body: Response(
                    status=200, headers={"Content-Type": "text/html; charset=utf-8"}, body=body))
        server.clear_requests()
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked = asked_paths(server)

    gone = {r["title"]: r["gone_at"] for r in rows(database, "SELECT title, gone_at FROM articles")}
    assert gone[removed.title] and gone[sectioned.title] is None and gone[kept.title] is None
    assert asked.count("/") == 1 and "/index.php" not in asked  # the home page only as the start page
    assert "/economy/" in asked  # the section front is followed
    errors = {r["url"].removeprefix(server.base_url): (r["kind"], r["status"], r["message"])
              for r in rows(database, "SELECT url, kind, status, message FROM fetch_errors WHERE kind != 'http_4xx'")}
    assert errors == {
        removed.path: ("home_redirect", 200, f"meta refresh to the home page: {server.base_url}/"),
        new_entry: ("home_redirect", 200, f"meta refresh to the home page: {server.base_url}/index.php"),
    }
    assert crawl_stats(result)["errors/home_redirect"] == 2


def _moved_site(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    stories = [site.add(Story(f"/news/2025/06/0{i}/story-{i}-on-the-new-domain", f"Story {i} on the new domain",
                              filler(f"moved story {i}"))) for i in range(1, 3)]
    site.homepage_links = [s.path for s in stories]
    return site.write(), stories


def test_an_adhoc_start_url_redirected_to_another_domain_crawls_the_site_there(tmp_path):
    # A domain move (elwatan.com -> elwatan-dz.com): the start page's 301 to the new host was
    # refused as off-site, and the whole site failed ("no page could be fetched")
    root, stories = _moved_site(tmp_path)
    database = tmp_path / "news.db"
    (tmp_path / "empty").mkdir(exist_ok=True)
    with FixtureServer(root) as new, FixtureServer(tmp_path / "empty") as old:
        old.add_handler("/*", lambda ctx: Response(301, {"Location": new.url(ctx.path)}))
        old.add_handler("/", lambda ctx: Response(301, {"Location": new.url("/")}))
        result = crawl_site(f"{old.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked_old = {unquote(urlsplit(r.path).path) for r in old.requests}
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert all(r["url"].startswith(new.base_url) for r in rows(database, "SELECT url FROM articles"))
    assert asked_old <= {"/", "/robots.txt"}
    assert crawl_stats(result).get("discovery/start_redirect_domain") == 1
    assert f"redirects to another domain, {new.base_url}/" in result.stderr


def test_a_host_the_start_pages_redirects_only_pass_through_does_not_become_one_of_the_sites_domains(tmp_path):
    # old -> hop (a tracker, a shortener) -> new: both hosts became domains, so the hop's pages
    # that the site links were crawled as the site's. Only the host that answers the start page stays.
    root, stories = _moved_site(tmp_path)
    (tmp_path / "empty").mkdir(exist_ok=True)
    hop_root = SiteBuilder(tmp_path / "hop")
    hop_story = hop_root.add(Story("/news/2025/06/03/a-story-on-the-tracker-host", "A story on the tracker host",
                                   filler("tracker story")))
    hop_root.write()
    database = tmp_path / "news.db"
    with FixtureServer(root) as new, FixtureServer(tmp_path / "hop") as hop, \
            FixtureServer(tmp_path / "empty") as old:
        home = (root / "index.html").read_text(encoding="utf-8")
        new.add_handler("/", lambda ctx: Response(200, {"Content-Type": "text/html; charset=utf-8"}, home.replace(
            "</body>", f'<a href="{hop.url(hop_story.path)}">{hop_story.title}</a></body>')))
        old.add_handler("/", lambda ctx: Response(301, {"Location": hop.url("/r/1")}))
        hop.add_handler("/r/1", lambda ctx: Response(302, {"Location": new.url("/")}))
        result = crawl_site(f"{old.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked_hop = {unquote(urlsplit(r.path).path) for r in hop.requests}
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert asked_hop <= {"/r/1", "/robots.txt"}, asked_hop
    assert crawl_stats(result).get("discovery/start_redirect_domain") == 1
    assert f"redirects to another domain, {new.base_url}/" in result.stderr
    assert f"only passed through 127.0.0.1:{hop.port}" in result.stderr


def test_a_start_page_redirected_through_another_host_back_to_its_own_keeps_only_its_own_domain(tmp_path):
    # the same for a consent hop on another host that sends the start page back home: no domain added
    # (the single-hop domain move above is the control: its new host stays)
    root, stories = _moved_site(tmp_path)
    (tmp_path / "empty").mkdir(exist_ok=True)
    database = tmp_path / "news.db"
    with FixtureServer(root) as site, FixtureServer(tmp_path / "empty") as hop:
        home = (root / "index.html").read_text(encoding="utf-8")
        site.add_handler("/", lambda ctx: Response(302, {"Location": hop.url("/consent")})
                         if "seen=1" not in ctx.query else
                         Response(200, {"Content-Type": "text/html; charset=utf-8"}, home.replace(
                             "</body>", f'<a href="{hop.url("/news/2025/06/04/elsewhere")}">Elsewhere</a></body>')))
        hop.add_handler("/consent", lambda ctx: Response(302, {"Location": site.url("/?seen=1")}))
        result = crawl_site(f"{site.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked_hop = {unquote(urlsplit(r.path).path) for r in hop.requests}
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert asked_hop <= {"/consent", "/robots.txt"}, asked_hop
    assert "discovery/start_redirect_domain" not in crawl_stats(result)
    assert "redirects to another domain" not in result.stderr


def _follow_start_chain(start_url: str, answers: dict[str, tuple[int, str | None]]):
    """The start page of an ad-hoc crawl of ``start_url`` through the crawl's real middlewares
    (StartRedirectMiddleware, then the project's RedirectMiddleware, which makes the next request
    of the chain with its meta, and StartRedirectEndMiddleware at the answer): ``answers`` maps
    each URL to its status and ``Location``. Returns the spider (its profile's domains after the
    chain) and the crawl's stats. For hosts a loopback server cannot stand for: names on default
    ports, one a subdomain of another."""
    from scrapy import Request, Spider
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from crawler.sites import adhoc_profile
    from pipelines.middlewares import (
        CookieCheckRedirectMiddleware,
        StartRedirectEndMiddleware,
        StartRedirectMiddleware,
    )

    crawler = get_crawler(Spider)
    crawler.spider = spider = Spider("site")
    spider.profile = adhoc_profile(start_url)
    crawler.stats.open_spider()
    start = StartRedirectMiddleware.from_crawler(crawler)
    redirects = CookieCheckRedirectMiddleware.from_crawler(crawler)
    end = StartRedirectEndMiddleware.from_crawler(crawler)
    request = Request(start_url, meta={"start_page": True})
    for _ in range(len(answers)):
        status, location = answers[request.url]
        response = HtmlResponse(request.url, status=status, request=request, body=b"<html></html>",
                                headers={"Location": location} if location else {})
        answer = redirects.process_response(request, start.process_response(request, response))
        if not isinstance(answer, Request):
            end.process_response(request, answer)
            break
        request = answer
    return spider, crawler.stats.get_stats()


def test_a_start_page_moved_to_a_new_domain_and_on_to_its_edition_subdomain_keeps_the_new_domain():
    # old-news.com -> new-news.com -> en.new-news.com: the new domain (which covers its edition)
    # was taken for a host the chain only passed through and dropped, so every link of the start
    # page, on en.new-news.com, was refused as off-site and the site failed
    from crawler.urls import in_domains

    spider, stats = _follow_start_chain("https://old-news.com/", {
        "https://old-news.com/": (301, "https://new-news.com/"),
        "https://new-news.com/": (302, "https://en.new-news.com/"),
        "https://en.new-news.com/": (200, None)})
    assert in_domains("https://en.new-news.com/news/2025/06/03/a-story", spider.profile.domains)
    assert spider.profile.domains == ("old-news.com", "new-news.com")
    assert stats.get("discovery/start_redirect_domain") == 1
    # control: through a tracker to the new domain's www. host, the tracker is dropped
    spider, stats = _follow_start_chain("https://old-news.com/", {
        "https://old-news.com/": (301, "https://trk.example.net/r?u=1"),
        "https://trk.example.net/r?u=1": (302, "https://www.new-news.com/"),
        "https://www.new-news.com/": (200, None)})
    assert spider.profile.domains == ("old-news.com", "new-news.com")
    assert stats.get("discovery/start_redirect_domain") == 1


def test_a_start_page_whose_new_domain_answers_5xx_then_200_counts_the_domain_move_once(tmp_path):
    # old -> new, whose start page is busy once (503, retried): the move was counted and logged
    # at each answer of the chain's last host
    root, stories = _moved_site(tmp_path)
    (tmp_path / "empty").mkdir(exist_ok=True)
    database = tmp_path / "news.db"
    with FixtureServer(root) as new, FixtureServer(tmp_path / "empty") as old:
        home = (root / "index.html").read_text(encoding="utf-8")
        answered = []

        def front(ctx):
            answered.append(ctx.path)
            if len(answered) == 1:
                return Response(503, {"Content-Type": "text/html"}, "<html><body>Busy</body></html>")
            return Response(200, {"Content-Type": "text/html; charset=utf-8"}, home)

        new.add_handler("/", front)
        old.add_handler("/", lambda ctx: Response(301, {"Location": new.url("/")}))
        result = crawl_site(f"{old.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    assert len(answered) == 2
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert crawl_stats(result).get("discovery/start_redirect_domain") == 1
    assert result.stderr.count("redirects to another domain") == 1


def test_a_host_the_start_pages_redirects_pass_through_is_dropped_when_the_chain_ends_in_a_failure(tmp_path):
    # old -> hop -> new, and new never answers (connection refused): the chain ended without an
    # answer, and the hop stayed one of the site's domains for the rest of the crawl (its
    # sitemaps, found on the old host, then fetched the hop's pages as the site's)
    (tmp_path / "empty").mkdir(exist_ok=True)
    database = tmp_path / "news.db"
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    with FixtureServer(tmp_path / "empty") as hop, FixtureServer(tmp_path / "empty") as old:
        old.add_handler("/", lambda ctx: Response(301, {"Location": hop.url("/r/1")}))
        hop.add_handler("/r/1", lambda ctx: Response(302, {"Location": f"http://127.0.0.1:{dead_port}/"}))
        result = crawl_site(f"{old.base_url}/", database, exit_code=1, CRAWL_GUESS_SITEMAPS=False)
    assert f"only passed through 127.0.0.1:{hop.port}" in result.stderr
    assert "discovery/start_redirect_domain" not in crawl_stats(result)


def test_a_configured_profiles_start_url_redirected_to_another_domain_is_recorded_naming_the_new_host(tmp_path):
    # never fetched outside a profile's domains: the error says which host to add
    root, _stories = _moved_site(tmp_path)
    database = tmp_path / "news.db"
    (tmp_path / "empty").mkdir(exist_ok=True)
    with FixtureServer(root) as new, FixtureServer(tmp_path / "empty") as old:
        old.add_handler("/", lambda ctx: Response(301, {"Location": new.url("/")}))
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "moved_news"\nstart_url = "{old.base_url}/"\nlanguage = "en"\n',
                         encoding="utf-8")
        run_scrapy(["crawl", "moved_news"], settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": False},
                   env={"CRAWLER_SITES_FILE": str(sites)})
        assert new.requests == []
    new_host = urlsplit(new.base_url).netloc
    [error] = rows(database, "SELECT url, kind, message FROM fetch_errors WHERE url LIKE ?", [f"{old.base_url}/%"])
    assert error["kind"] == "offsite_redirect"
    assert f'add "{new_host}" to the profile\'s domains' in error["message"]
    assert rows(database, "SELECT title FROM articles") == []


def moved_by_page(target: str, how: str) -> str:
    """A parked old domain's start page, answered 200, that sends the reader to ``target``: by
    ``<meta http-equiv="refresh">`` or by the script redirect the crawl follows."""
    if how == "refresh":
        return refresh_page(target)
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>Moved</title>'
            f'<script>window.location.replace("{target}");</script></head><body></body></html>')


def serve_page(server: FixtureServer, path: str, body: str) -> None:
    server.add_handler(path, lambda ctx: Response(200, {"Content-Type": "text/html; charset=utf-8"}, body))


@pytest.mark.parametrize("how", ["refresh", "script"])
def test_an_adhoc_start_page_that_moves_by_meta_refresh_or_script_crawls_the_site_there(tmp_path, how):
    # The same domain move as the 301 above, written in the old domain's page: the refreshed
    # request to the new host was refused as off-site and the site failed ("no page could be fetched")
    root, stories = _moved_site(tmp_path)
    database = tmp_path / "news.db"
    (tmp_path / "empty").mkdir(exist_ok=True)
    with FixtureServer(root) as new, FixtureServer(tmp_path / "empty") as old:
        serve_page(old, "/", moved_by_page(new.url("/"), how))
        result = crawl_site(f"{old.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked_old = {unquote(urlsplit(r.path).path) for r in old.requests}
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert all(r["url"].startswith(new.base_url) for r in rows(database, "SELECT url FROM articles"))
    assert asked_old <= {"/", "/robots.txt"}
    assert crawl_stats(result).get("discovery/start_redirect_domain") == 1
    assert result.stderr.count("redirects to another domain") == 1
    assert f"redirects to another domain, {new.base_url}/" in result.stderr


def test_a_host_the_start_pages_refreshes_only_pass_through_is_dropped(tmp_path):
    # old (refresh) -> hop (refresh) -> new: only the host that answers the start page stays
    root, stories = _moved_site(tmp_path)
    (tmp_path / "empty").mkdir(exist_ok=True)
    hop_root = SiteBuilder(tmp_path / "hop")
    hop_story = hop_root.add(Story("/news/2025/06/03/a-story-on-the-parking-host", "A story on the parking host",
                                   filler("parking story")))
    hop_root.write()
    database = tmp_path / "news.db"
    with FixtureServer(root) as new, FixtureServer(tmp_path / "hop") as hop, \
            FixtureServer(tmp_path / "empty") as old:
        home = (root / "index.html").read_text(encoding="utf-8")
        serve_page(new, "/", home.replace("</body>", f'<a href="{hop.url(hop_story.path)}">{hop_story.title}</a></body>'))
        serve_page(old, "/", moved_by_page(hop.url("/park"), "refresh"))
        serve_page(hop, "/park", moved_by_page(new.url("/"), "script"))
        result = crawl_site(f"{old.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        asked_hop = {unquote(urlsplit(r.path).path) for r in hop.requests}
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert asked_hop <= {"/park", "/robots.txt"}, asked_hop
    assert crawl_stats(result).get("discovery/start_redirect_domain") == 1
    assert result.stderr.count("redirects to another domain") == 1
    assert f"only passed through 127.0.0.1:{hop.port}" in result.stderr


def test_an_articles_meta_refresh_to_another_host_is_still_refused_in_an_adhoc_crawl(tmp_path):
    # control: only the start page's chain moves the site; a story's refresh off-site is refused
    root, stories = _moved_site(tmp_path)
    (tmp_path / "empty").mkdir(exist_ok=True)
    database = tmp_path / "news.db"
    with FixtureServer(root) as site, FixtureServer(tmp_path / "empty") as other:
        serve_page(site, stories[0].path, refresh_page(other.url("/elsewhere")))
        result = crawl_site(f"{site.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        assert other.requests == []
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {stories[1].title}
    errors = rows(database, "SELECT url, kind FROM fetch_errors WHERE kind != 'http_4xx'")
    assert errors == [{"url": site.url(stories[0].path), "kind": "offsite_redirect"}]
    assert "discovery/start_redirect_domain" not in crawl_stats(result)


def test_a_start_page_refresh_to_its_own_host_is_followed_as_before(tmp_path):
    # control: a refresh to the edition's path on the same host adds no domain, logs no move
    root, stories = _moved_site(tmp_path)
    (root / "en").mkdir()
    (root / "index.html").rename(root / "en" / "index.html")
    database = tmp_path / "news.db"
    with FixtureServer(root) as site:
        serve_page(site, "/", refresh_page("/en/"))
        result = crawl_site(f"{site.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert "discovery/start_redirect_domain" not in crawl_stats(result)
    assert "redirects to another domain" not in result.stderr


@pytest.mark.parametrize("how", ["refresh", "script"])
def test_a_configured_profiles_start_page_that_moves_by_refresh_is_recorded_naming_the_new_host(tmp_path, how):
    # control: a configured profile fetches nothing outside its domains, as for a 3xx
    root, _stories = _moved_site(tmp_path)
    database = tmp_path / "news.db"
    (tmp_path / "empty").mkdir(exist_ok=True)
    with FixtureServer(root) as new, FixtureServer(tmp_path / "empty") as old:
        serve_page(old, "/", moved_by_page(new.url("/"), how))
        sites = tmp_path / "sites.toml"
        sites.write_text(f'[[site]]\nname = "moved_news"\nstart_url = "{old.base_url}/"\nlanguage = "en"\n',
                         encoding="utf-8")
        run_scrapy(["crawl", "moved_news"], settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": False},
                   env={"CRAWLER_SITES_FILE": str(sites)})
        assert new.requests == []
    new_host = urlsplit(new.base_url).netloc
    [error] = rows(database, "SELECT url, kind, status, message FROM fetch_errors WHERE url LIKE ?",
                   [f"{old.base_url}/%"])
    assert (error["url"], error["kind"], error["status"]) == (f"{old.base_url}/", "offsite_redirect", 200)
    assert f'add "{new_host}" to the profile\'s domains' in error["message"]
    assert rows(database, "SELECT title FROM articles") == []


def _cut_chain_sites(tmp_path):
    """An old domain whose stories are still listed in its sitemap (reached after the start page
    fails), one of them linking a story on ``hop``, and a tracker/parking ``hop`` host that
    carries a story of its own."""
    old_root = SiteBuilder(tmp_path / "old")
    old_stories = [old_root.add(Story(f"/news/2025/06/0{i}/story-{i}-still-on-the-old-domain",
                                      f"Story {i} still on the old domain", filler(f"old story {i}"),
                                      lastmod="2025-06-05T10:00:00+00:00")) for i in (1, 2)]
    old_root = old_root.write()
    hop_root = SiteBuilder(tmp_path / "hop")
    hop_story = hop_root.add(Story("/news/2025/06/03/a-story-on-the-parking-host", "A story on the parking host",
                                   filler("parking story")))
    hop_root.write()
    return old_root, old_stories, hop_story


@pytest.mark.parametrize("how", ["refresh", "script", "301"])
def test_a_start_page_chain_cut_by_the_redirect_limit_leaves_no_host_it_passed_through_a_domain(tmp_path, how):
    # old (301) -> hop (refresh, script or 302) -> new, cut at the hop by REDIRECT_MAX_TIMES=1: the
    # cut (IgnoreRequest "max redirections reached") skipped the chain's end, so the hop host (and,
    # for a 302, the new host too) stayed one of the site's domains for the rest of the crawl: the
    # hop's story that an old page links was crawled and stored as the site's.
    old_root, old_stories, hop_story = _cut_chain_sites(tmp_path)
    new_root, _stories = _moved_site(tmp_path)
    database = tmp_path / "news.db"
    with FixtureServer(old_root) as old, FixtureServer(tmp_path / "hop") as hop, \
            FixtureServer(new_root) as new:
        page = (old_root / old_stories[0].path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        serve_page(old, old_stories[0].path, page.replace(
            "</main>", f'<a href="{hop.url(hop_story.path)}">{hop_story.title}</a></main>'))
        old.add_handler("/", lambda ctx: Response(301, {"Location": hop.url("/park")}))
        if how == "301":
            hop.add_handler("/park", lambda ctx: Response(302, {"Location": new.url("/")}))
        else:
            serve_page(hop, "/park", moved_by_page(new.url("/"), how))
        result = crawl_site(f"{old.base_url}/", database, REDIRECT_MAX_TIMES=1)
        asked_hop = {unquote(urlsplit(r.path).path) for r in hop.requests}
        asked_new = {unquote(urlsplit(r.path).path) for r in new.requests}
    titles = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert titles == {s.title for s in old_stories}
    assert asked_hop <= {"/park", "/robots.txt"}, asked_hop
    assert asked_new == set(), asked_new
    assert "discovery/start_redirect_domain" not in crawl_stats(result)
    assert "redirects to another domain" not in result.stderr
    hop_host = f"127.0.0.1:{hop.port}"
    assert f"only passed through {hop_host}" in result.stderr
    [error] = rows(database, "SELECT url, kind, message FROM fetch_errors WHERE kind = 'redirect_loop'")
    assert error["url"] == f"{old.base_url}/"
    assert error["message"] == f"more than 1 redirects (cut at {hop.url('/park')})"


def test_the_same_start_page_chain_under_the_redirect_limit_still_moves_the_site(tmp_path):
    # control: the chain above, not cut (REDIRECT_MAX_TIMES 5): the new host answers the start
    # page and stays the site's, the hop is dropped, no redirect_loop is recorded
    old_root, old_stories, hop_story = _cut_chain_sites(tmp_path)
    new_root, new_stories = _moved_site(tmp_path)
    database = tmp_path / "news.db"
    with FixtureServer(old_root) as old, FixtureServer(tmp_path / "hop") as hop, \
            FixtureServer(new_root) as new:
        page = (old_root / old_stories[0].path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        serve_page(old, old_stories[0].path, page.replace(
            "</main>", f'<a href="{hop.url(hop_story.path)}">{hop_story.title}</a></main>'))
        old.add_handler("/", lambda ctx: Response(301, {"Location": hop.url("/park")}))
        serve_page(hop, "/park", moved_by_page(new.url("/"), "refresh"))
        result = crawl_site(f"{old.base_url}/", database)
        asked_hop = {unquote(urlsplit(r.path).path) for r in hop.requests}
    titles = {r["title"] for r in rows(database, "SELECT title FROM articles")}
    assert titles == {s.title for s in old_stories + new_stories}
    assert asked_hop <= {"/park", "/robots.txt"}, asked_hop
    assert crawl_stats(result).get("discovery/start_redirect_domain") == 1
    assert f"only passed through 127.0.0.1:{hop.port}" in result.stderr
    assert rows(database, "SELECT url FROM fetch_errors WHERE kind = 'redirect_loop'") == []


def test_a_start_page_chain_refused_at_a_login_page_on_another_host_leaves_that_host_no_domain(tmp_path):
    # old (301) -> hop -> (302) a login page on an accounts host: LoginRedirectMiddleware refuses the
    # redirect (blocked) after StartRedirectMiddleware had taken the accounts host as a domain, and
    # the refusal, raised on the answer's way up, never reached the chain's end: the hop and the
    # accounts host stayed the site's domains, and the hop's story linked from the old site was stored
    old_root, old_stories, hop_story = _cut_chain_sites(tmp_path)
    (tmp_path / "accounts").mkdir()
    database = tmp_path / "news.db"
    with FixtureServer(old_root) as old, FixtureServer(tmp_path / "hop") as hop, \
            FixtureServer(tmp_path / "accounts") as accounts:
        page = (old_root / old_stories[0].path.lstrip("/") / "index.html").read_text(encoding="utf-8")
        serve_page(old, old_stories[0].path, page.replace(
            "</main>", f'<a href="{hop.url(hop_story.path)}">{hop_story.title}</a></main>'))
        old.add_handler("/", lambda ctx: Response(301, {"Location": hop.url("/park")}))
        hop.add_handler("/park", lambda ctx: Response(302, {"Location": accounts.url("/login?next=/")}))
        result = crawl_site(f"{old.base_url}/", database)
        asked_hop = {unquote(urlsplit(r.path).path) for r in hop.requests}
        asked_accounts = list(accounts.requests)
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in old_stories}
    assert asked_hop <= {"/park", "/robots.txt"}, asked_hop
    assert asked_accounts == []
    assert f"only passed through 127.0.0.1:{hop.port}, 127.0.0.1:{accounts.port}" in result.stderr
    [error] = rows(database, "SELECT url, kind FROM fetch_errors WHERE kind = 'blocked'")
    assert error["url"] == f"{old.base_url}/"


@pytest.mark.parametrize("how", ["robots.txt refuses the front page", "front page drops the connection"])
def test_a_start_page_moved_to_a_host_whose_front_page_never_answers_keeps_that_host_a_domain(tmp_path, how):
    # old (301) -> new, whose front page alone never answers: its robots.txt refuses it ("Disallow: /$"),
    # or its server closes the connection without an answer, retry included. The old host's sitemap still lists the stories at
    # their old addresses, each redirected to the new host. The chain's final failure dropped the new
    # host it had reached (the hosts a chain cut on an answer only passed through are dropped), so every
    # story's redirect there was refused as offsite_redirect, and the start page recorded as one too.
    root, stories = _moved_site(tmp_path)
    (tmp_path / "empty").mkdir(exist_ok=True)
    database = tmp_path / "news.db"
    with FixtureServer(root) as new, FixtureServer(tmp_path / "empty") as old:
        sitemap = ('<?xml version="1.0" encoding="UTF-8"?>'
                   '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                   + "".join(f"<url><loc>{old.url(s.path)}</loc></url>" for s in stories) + "</urlset>")
        old.add_handler("/robots.txt", lambda ctx: Response(200, {"Content-Type": "text/plain"},
                                                           f"User-agent: *\nSitemap: {old.url('/sitemap.xml')}\n"))
        # the sitemap answers after the start page's last try has failed
        old.add_handler("/sitemap.xml", lambda ctx: Response(200, {"Content-Type": "application/xml"}, sitemap,
                                                            delay=0 if how.startswith("robots") else 2))
        old.add_handler("/*", lambda ctx: Response(301, {"Location": new.url(ctx.path)}))
        old.add_handler("/", lambda ctx: Response(301, {"Location": new.url("/")}))
        if how.startswith("robots"):
            new.add_handler("/robots.txt", lambda ctx: Response(200, {"Content-Type": "text/plain"},
                                                               "User-agent: *\nDisallow: /$\n"))
        else:
            new.add_handler("/", lambda ctx: None)  # the connection closed, nothing sent
        result = crawl_site(f"{old.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, RETRY_TIMES=1)
    assert {r["title"] for r in rows(database, "SELECT title FROM articles")} == {s.title for s in stories}
    assert rows(database, "SELECT url FROM fetch_errors WHERE kind = 'offsite_redirect'") == []
    assert "only passed through" not in result.stderr
    if how.endswith("connection"):
        [error] = rows(database, "SELECT url, kind FROM fetch_errors WHERE url = ?", (f"{old.base_url}/",))
        assert error["kind"] == "connection"


def test_a_start_page_chain_whose_last_host_never_answered_keeps_and_announces_that_host():
    # the final failure of old -> (301) new, new refusing the connection: new stays a domain and is
    # announced (start_page_moved: a distributed run's other processes crawl it too); the same
    # chain cut on an answer (the 301 refused on its way up) keeps nothing and announces nothing
    from scrapy import Request, Spider
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler
    from twisted.internet.error import ConnectionRefusedError

    from crawler.sites import adhoc_profile
    from pipelines.middlewares import (
        CookieCheckRedirectMiddleware,
        StartRedirectMiddleware,
        start_chain_failed,
        start_page_moved,
    )

    def chain(fail_at_answer: bool):
        crawler = get_crawler(Spider)
        crawler.spider = spider = Spider("site")
        spider.profile = adhoc_profile("https://old-news.com/")
        crawler.stats.open_spider()
        announced = []
        crawler.signals.connect(lambda hosts: announced.append(hosts), signal=start_page_moved, weak=False)
        start = StartRedirectMiddleware.from_crawler(crawler)
        request = Request("https://old-news.com/", meta={"start_page": True})
        moved = HtmlResponse(request.url, status=301, request=request, headers={"Location": "https://new-news.com/"})
        hop = CookieCheckRedirectMiddleware.from_crawler(crawler).process_response(
            request, start.process_response(request, moved))
        if fail_at_answer:  # the redirect refused after StartRedirectMiddleware saw it (a login page, the limit)
            start_chain_failed(crawler, request)
        else:
            start.process_exception(hop, ConnectionRefusedError())
            start_chain_failed(crawler, hop)
        return spider.profile.domains, announced

    assert chain(fail_at_answer=False) == (("old-news.com", "new-news.com"), [("new-news.com",)])
    assert chain(fail_at_answer=True) == (("old-news.com",), [])
