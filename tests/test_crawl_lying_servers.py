"""Real crawls of fixture sites whose servers lie about what they answer (hostile-input audit 4):
a page that is no HTML under ``Content-Type: text/html`` must leave a record, not vanish."""

from __future__ import annotations

from itertools import pairwise

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_site, crawl_stats, rows
from tests.sitegen import SiteBuilder, Story, filler

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _stored_paths(database) -> set[str]:
    return {"/" + r["url"].split("/", 3)[3] for r in rows(database, "SELECT url FROM articles")}


def test_article_addresses_answered_with_text_that_is_no_html_are_recorded_not_lost(tmp_path):
    # A storage bucket's XML error, a plain-text maintenance notice, a CSV: served with 200 as
    # text/html where a story was linked. Extraction refused them ("not_html") with one DEBUG
    # line: no fetch_errors row, no refused_pages row, nothing in the log at INFO: the story was
    # lost without a sign. Controls: a story stored, and a story whose page omits <html>,
    # <head> and <body> (a bare fragment of <p> paragraphs) stored too.
    site = SiteBuilder(tmp_path / "site")
    names = ("xml-error", "plain-notice", "csv-export")
    lost = {name: site.add(Story(f"/news/2025/06/02/story-answered-with-{name}", f"Story {name}", filler(name)))
            for name in names}
    whole = site.add(Story("/news/2025/06/02/story-served-whole", "Story served whole", filler("served whole")))
    bare = site.add(Story("/news/2025/06/02/story-served-as-bare-paragraphs", "Story served as bare paragraphs",
                          filler("bare paragraphs")))
    site.homepage_links = [s.path for s in (*lost.values(), whole, bare)]
    root = site.write()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    bodies = {
        "xml-error": b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code>'
                     b"<Message>The specified key does not exist.</Message></Error>",
        "plain-notice": "Site under maintenance, back soon.\nالموقع قيد الصيانة".encode(),
        "csv-export": b"id,title,date\n4521,Water deal signed,2025-06-02\n",
    }
    bare_page = "".join(f"<p>{p}</p>\n" for p in bare.paragraphs)
    with FixtureServer(root) as server:
        for name, body in bodies.items():
            server.add_handler(lost[name].path, lambda ctx, body=body: Response(200, HTML, body))
        server.add_handler(bare.path, lambda ctx: Response(200, HTML, bare_page))
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    assert _stored_paths(database) == {whole.path, bare.path}
    errors = {r["url"].rsplit("-with-", 1)[1]: r for r in
              rows(database, "SELECT url, kind, status, message FROM fetch_errors WHERE url LIKE '%-with-%'")}
    assert set(errors) == set(names)
    for name, error in errors.items():
        assert (error["kind"], error["status"]) == ("not_html", 200), error
        assert error["message"].startswith(f"not a page: no HTML markup in its {len(bodies[name])} bytes"), error
    assert "NoSuchKey" in errors["xml-error"]["message"]  # what the server said instead
    assert "\n" not in errors["plain-notice"]["message"]  # one line
    assert crawl_stats(result)["errors/not_html"] == 3
    assert " ERROR: " not in result.stderr and "Traceback" not in result.stderr


def _crawl_with_robots(tmp_path, robots: str, stories: int = 4, **settings):
    """Crawl a site of ``stories`` stories whose robots.txt is ``robots``: the crawl's log and the
    times of the requests after robots.txt's, in the order they came."""
    site = SiteBuilder(tmp_path / "site")
    built = [site.add(Story(f"/news/2025/06/02/paced-story-{n}", f"Paced story {n}", filler(f"paced {n}")))
             for n in range(1, stories + 1)]
    site.homepage_links = [s.path for s in built]
    root = site.write()
    (root / "robots.txt").write_text(robots, encoding="utf-8")
    for section in ("news", "sport"):  # the template's menu: pages, not 404s
        (root / section).mkdir(exist_ok=True)
        (root / section / "index.html").write_text("<html><body><h1>Section</h1></body></html>", encoding="utf-8")
    with FixtureServer(root) as server:
        database = tmp_path / "news.db"
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, **settings)
        times = [r.time for r in server.requests if r.path != "/robots.txt"]
    assert len(rows(database, "SELECT id FROM articles")) == stories
    return result, [later - earlier for earlier, later in pairwise(times)]


def test_a_robots_txt_crawl_delay_for_every_crawler_paces_the_sites_requests(tmp_path):
    # "Crawl-delay: 1" in robots.txt's group for every crawler: the crawl sent the site's pages
    # as fast as AutoThrottle let it (milliseconds apart), as if the line were not there.
    result, gaps = _crawl_with_robots(tmp_path, "User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n")
    assert len(gaps) >= 6 and min(gaps) >= 0.9, gaps
    assert crawl_stats(result)["robotstxt/crawl_delay"] == 1.0
    assert "asks for 1 s between requests (Crawl-delay)" in result.stderr


def test_a_crawl_delay_longer_than_the_settings_limit_paces_the_crawl_at_the_limit(tmp_path):
    result, gaps = _crawl_with_robots(tmp_path, "\ufeffUser-agent: *\nCrawl-delay: 3600\n", stories=2,
                                      ROBOTSTXT_CRAWL_DELAY_MAX=0.6)
    assert min(gaps) >= 0.55 and sorted(gaps)[len(gaps) // 2] < 2, gaps  # (a pause while the workers start aside)
    assert crawl_stats(result)["robotstxt/crawl_delay"] == 0.6
    assert "asks for 3600 s between requests (Crawl-delay); waits 0.6 s (ROBOTSTXT_CRAWL_DELAY_MAX)" in result.stderr


@pytest.mark.parametrize("robots", [
    "User-agent: *\nDisallow: /private/\n",  # no Crawl-delay
    "User-agent: bingbot\nCrawl-delay: 5\n\nUser-agent: *\nDisallow: /private/\n",  # another crawler's
    "User-agent: *\nCrawl-delay: soon\n",  # not a number
])
def test_a_robots_txt_without_a_crawl_delay_for_this_crawler_leaves_the_pace_alone(tmp_path, robots):
    result, gaps = _crawl_with_robots(tmp_path, robots)
    assert sorted(gaps)[len(gaps) // 2] < 0.3, gaps  # (a pause while the extraction workers start aside)
    assert "robotstxt/crawl_delay" not in crawl_stats(result)


def test_crawl_delay_is_ignored_when_its_limit_is_zero(tmp_path):
    result, gaps = _crawl_with_robots(tmp_path, "User-agent: *\nCrawl-delay: 2\n", ROBOTSTXT_CRAWL_DELAY_MAX=0)
    assert sorted(gaps)[len(gaps) // 2] < 0.3, gaps
    assert "robotstxt/crawl_delay" not in crawl_stats(result)


_PITCH = ("Independent journalism costs money to produce, and our reporters work every day across the region to "
          "bring you verified news from the capitals, the courts, the markets and the villages that others overlook.")
WALL = ("<!doctype html><html><head><title>Subscribe to continue reading | Gulf Courier</title></head><body>"
        "<nav><a href='/'>Home</a></nav><main><h1>Subscribe to continue reading</h1>"
        + "".join(f"<p>{_PITCH} Reason {n} why your subscription matters to the newsroom and its readers.</p>"
                  for n in range(8))
        + "<p><a href='/subscribe'>Subscribe now</a> or <a href='/login'>sign in</a>.</p></main></body></html>")


@pytest.mark.parametrize("days", ["one-day", "four-days"])
def test_a_subscription_wall_answered_for_every_story_is_recorded_not_stored_nor_its_stories_lost(tmp_path, days):
    # A paywall of a few hundred words served with 200 at every story's address. Stories of one
    # day: the first was stored as an article ("Subscribe to continue reading"), the others
    # recorded as its exact copies, and all of them entered seen_urls as that article: never
    # fetched again, the stories lost for good and the wall kept as one. Stories of four days
    # (dated by their addresses only): four articles of the wall. Control: a story the wall
    # does not cover.
    site = SiteBuilder(tmp_path / "site")
    walled = [site.add(Story(f"/news/2025/06/0{n if days == 'four-days' else 2}/walled-story-{word}",
                             f"Walled story {word}", filler(f"walled {word}")))
              for n, word in enumerate(("budget", "harbour", "election", "drought"), 1)]
    open_story = site.add(Story("/news/2025/06/05/story-outside-the-wall", "Story outside the wall", filler("open")))
    site.homepage_links = [s.path for s in (*walled, open_story)]
    root = site.write()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        for story in walled:
            server.add_handler(story.path, lambda ctx: Response(200, HTML, WALL))
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
        assert _stored_paths(database) == {open_story.path}
        assert rows(database, "SELECT url FROM duplicates") == []
        assert not [r for r in rows(database, "SELECT url_key FROM seen_urls") if "walled" in r["url_key"]]
        errors = rows(database, "SELECT url, kind, status, message FROM fetch_errors WHERE url LIKE '%walled%'")
        assert sorted(e["url"].split("/", 3)[3] for e in errors) == sorted(s.path[1:] for s in walled)
        for error in errors:
            assert (error["kind"], error["status"]) == ("blocked", 200), error
            assert "the same page ('Subscribe to continue reading'" in error["message"], error
        stats = crawl_stats(result)
        assert stats["articles/walled"] == 4
        assert stats["articles/new"] == 1 and stats.get("articles/duplicate/exact", 0) == 0, stats
        assert result.stderr.count("answered for 3 addresses of different stories") == 1
        assert " ERROR: " not in result.stderr
        # the wall lifted: the next crawl fetches the stories and stores them
        for story in walled:
            server.remove_handler(story.path)
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    assert _stored_paths(database) == {s.path for s in (*walled, open_story)}


def test_one_story_at_several_addresses_or_republished_once_is_stored_once_with_its_copies(tmp_path):
    # Controls: exact copies that are one story: the same slug under three sections, and the
    # same text republished under a second slug. Stored once, the others its copies, as before.
    # And a bulletin that does not change (a currency peg), one page a day under one headline,
    # each page dated by itself: one article a day, as before.
    site = SiteBuilder(tmp_path / "site")
    peg = [site.add(Story(f"/economy/riyal-against-the-dollar-{day}", "Riyal steady against the dollar",
                          filler("currency peg"), published=f"2025-06-0{day}T08:00:00+03:00")) for day in (1, 2, 3, 4)]
    story = site.add(Story("/news/2025/06/02/minister-opens-desalination-plant", "Minister opens plant",
                           filler("desalination plant")))
    twice = site.add(Story("/news/2025/06/02/council-approves-budget", "Council approves budget", filler("budget")))
    root = site.write()
    page = (root / story.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    for section in ("world", "economy"):
        target = root / section / "2025/06/02/minister-opens-desalination-plant" / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(page, encoding="utf-8")
    copy = root / "news/2025/06/02/council-approves-budget-2" / "index.html"
    copy.parent.mkdir(parents=True)
    copy.write_text((root / twice.path.lstrip("/") / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    site.homepage_links = [story.path, "/world/2025/06/02/minister-opens-desalination-plant",
                           "/economy/2025/06/02/minister-opens-desalination-plant", twice.path, twice.path + "-2",
                           *(s.path for s in peg)]
    (root / "index.html").write_text("<html><body><h1>Home</h1>" + "".join(
        f'<a href="{href}">{href}</a>' for href in site.homepage_links) + "</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    stored = _stored_paths(database) - {s.path for s in peg}  # whichever address of each came first
    assert len(stored) == 2 and len(stored & {twice.path, twice.path + "-2"}) == 1, stored
    assert {s.path for s in peg} <= _stored_paths(database)
    assert len(rows(database, "SELECT url FROM duplicates WHERE kind = 'exact'")) == 3
    assert "articles/walled" not in crawl_stats(result)
    assert rows(database, "SELECT url FROM fetch_errors WHERE kind = 'blocked'") == []


def test_a_damaged_gzip_body_is_recorded_as_damaged_not_as_cut_short(tmp_path):
    # A gzip stream whose data is corrupt ("invalid block type") or whose checksum is wrong was
    # recorded "gzip body of N bytes ends before its trailer", retried as a cut download: the
    # message said the opposite of what was wrong. Control: a stream cut short keeps its record.
    site = SiteBuilder(tmp_path / "site")
    names = ("corrupt-data", "wrong-checksum", "cut-short")
    stories = {name: site.add(Story(f"/news/2025/06/02/gzip-{name}", f"Gzip {name}", filler(name))) for name in names}
    whole = site.add(Story("/news/2025/06/02/gzip-whole", "Gzip whole", filler("gzip whole")))
    site.homepage_links = [s.path for s in (*stories.values(), whole)]
    root = site.write()
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    import gzip

    packed = {name: gzip.compress(site.page(story).encode("utf-8"), mtime=0) for name, story in stories.items()}
    bodies = {
        "corrupt-data": packed["corrupt-data"][:10] + bytes(b ^ 0x5A for b in packed["corrupt-data"][10:40])
        + packed["corrupt-data"][40:],
        "wrong-checksum": packed["wrong-checksum"][:-8] + b"\0\0\0\0" + packed["wrong-checksum"][-4:],
        "cut-short": packed["cut-short"][: len(packed["cut-short"]) // 2],
    }
    gzipped = {**HTML, "Content-Encoding": "gzip"}
    with FixtureServer(root) as server:
        for name, body in bodies.items():
            server.add_handler(stories[name].path, lambda ctx, body=body: Response(200, gzipped, body))
        database = tmp_path / "news.db"
        crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False, RETRY_TIMES=1)
    assert _stored_paths(database) == {whole.path}
    errors = {r["url"].rsplit("/gzip-", 1)[1]: r for r in
              rows(database, "SELECT url, kind, message, attempts FROM fetch_errors WHERE url LIKE '%/gzip-%'")}
    assert (errors["corrupt-data"]["kind"], errors["corrupt-data"]["attempts"]) == ("bad_encoding", 1)
    assert errors["corrupt-data"]["message"] == (
        f"declared gzip, but the {len(bodies['corrupt-data'])}-byte gzip stream is damaged: "
        "Error -3 while decompressing data: invalid block type")
    assert errors["wrong-checksum"]["kind"] == "bad_encoding"
    assert errors["wrong-checksum"]["message"].endswith("gzip stream is damaged: "
                                                        "Error -3 while decompressing data: incorrect data check")
    assert (errors["cut-short"]["kind"], errors["cut-short"]["attempts"]) == ("truncated", 2)
    assert errors["cut-short"]["message"] == f"gzip body of {len(bodies['cut-short'])} bytes ends before its trailer"


# --- the wall rule in the store itself (one store session, a real SQLite file) -----------------


def _article(url: str, *, site: str = "s1", title: str = "Subscribe to continue reading",
             published: str | None = None, raw: str | None = None):
    from crawler.items import ArticleItem

    return ArticleItem(url=url, canonical_url=url, site=site, title=title, body="\n\n".join(filler("the pitch")),
                       published_at=published, published_at_raw=raw or published, language="en",
                       fetched_at="2026-12-07T10:00:00+00:00")


def _saved(tmp_path, *articles):
    from crawler.storage import ArticleStore

    store = ArticleStore(tmp_path / "news.db")
    try:
        return [store.save(each).status for each in articles]
    finally:
        store.close()


def test_the_store_takes_one_text_under_three_stories_addresses_of_one_site_for_a_wall(tmp_path):
    statuses = _saved(tmp_path, _article("https://x.ma/news/45210/budget-vote"), _article("https://x.ma/news/45211/harbour-opens"),
                      _article("https://x.ma/news/45213/drought-spreads"), _article("https://x.ma/article.php?id=45212"))
    assert statuses == ["new", "duplicate", "wall", "wall"]
    assert rows(tmp_path / "news.db", "SELECT id FROM articles") == []
    assert rows(tmp_path / "news.db", "SELECT url_key FROM seen_urls") == []
    assert rows(tmp_path / "news.db", "SELECT url FROM duplicates") == []


def test_one_story_under_its_id_with_other_parameters_is_one_story_not_a_wall(tmp_path):
    # an old PHP site links one story with other parameters beside its id; a section path before
    # its slug or its numeric id
    for name, urls in {"id": ["https://x.ma/news.php?id=4521", "https://x.ma/news.php?id=4521&cat=3",
                              "https://x.ma/news.php?sec=world&id=4521"],
                       "slug": ["https://x.ma/world/2025/06/02/plant", "https://x.ma/eco/2025/06/02/plant",
                                "https://x.ma/news/2025/06/02/plant"],
                       "number": ["https://x.ma/news/45210", "https://x.ma/ar/45210/x", "https://x.ma/world/45210"]}.items():
        (tmp_path / name).mkdir()
        assert _saved(tmp_path / name, *map(_article, urls)) == ["new", "duplicate", "duplicate"], name


def test_one_wire_story_on_three_sites_is_no_wall(tmp_path):
    statuses = _saved(tmp_path, *(_article(f"https://{host}/news/{n}-ceasefire", site=host.split(".")[0], title="Ceasefire")
                                  for n, host in enumerate(("a.ma", "b.jo", "c.eg"))))
    assert statuses == ["new", "duplicate", "duplicate"]


def test_one_text_and_headline_dated_by_each_page_on_other_days_is_no_wall(tmp_path):
    statuses = _saved(tmp_path, *(_article(f"https://x.sa/fx/rate-{day}", title="Riyal steady",
                                           published=f"2026-12-0{day}T08:00:00+00:00") for day in (1, 2, 3)))
    assert statuses == ["new", "new", "new"]
    # dated by their addresses only, under slugs naming other stories, they are a wall again
    (tmp_path / "dated").mkdir()
    statuses = _saved(tmp_path / "dated", *(_article(f"https://x.sa/2026/12/0{day}/{slug}", published=f"2026-12-0{day}",
                                                     raw=f"2026/12/0{day}")
                                            for day, slug in ((1, "port-reopens"), (2, "budget-vote"), (3, "oil-output-cut"))))
    assert statuses == ["new", "new", "wall"]
    # one bulletin's page a day (rate-1, rate-2, …: no other story named), stored each day
    (tmp_path / "bulletin").mkdir()
    statuses = _saved(tmp_path / "bulletin", *(_article(f"https://x.sa/2026/12/0{day}/rate-{day}", published=f"2026-12-0{day}",
                                                        raw=f"2026/12/0{day}") for day in (1, 2, 3)))
    assert statuses == ["new", "new", "new"]


# --- look-alikes of a wall that are one real story (review of the wall rule) -----------------------
# One site's same text and headline under three addresses is no proof of a wall when nothing in
# the addresses names another story: a wire story (AFP, Reuters, وكالات) filed by the site in
# three sections gets three numeric ids; a story's AMP and print pages without a canonical link
# carry its slug. The wall rule removed such a story from the store, every run.

_WIRE = "Ceasefire talks resume in Cairo"


@pytest.mark.parametrize("urls", [
    pytest.param(["https://x.ma/news/123456", "https://x.ma/news/123457", "https://x.ma/news/123458"], id="numeric-ids"),
    pytest.param([f"https://x.jo/article.php?id={n}" for n in (88123, 88124, 88125)], id="query-ids"),
    pytest.param(["https://x.eg/politics/123456-ceasefire-talks-resume-in-cairo",
                  "https://x.eg/world/123457-ceasefire-talks-resume-in-cairo",
                  "https://x.eg/arab/123458-ceasefire-talks-resume-in-cairo-afp"], id="ids-before-one-slug"),
    pytest.param(["https://x.lb/ar/123456-%D8%A7%D8%B3%D8%AA%D8%A6%D9%86%D8%A7%D9%81-%D9%85%D8%AD%D8%A7%D8%AF%D8%AB%D8%A7%D8%AA",
                  "https://x.lb/ar/123457-%D8%A7%D8%B3%D8%AA%D8%A6%D9%86%D8%A7%D9%81-%D9%85%D8%AD%D8%A7%D8%AF%D8%AB%D8%A7%D8%AA",
                  "https://x.lb/ar/123458-%D8%A7%D8%B3%D8%AA%D8%A6%D9%86%D8%A7%D9%81-%D9%85%D8%AD%D8%A7%D8%AF%D8%AB%D8%A7%D8%AA"],
                 id="arabic-slug-after-ids"),
    pytest.param(["https://x.tn/fr/actualites/reprise-des-pourparlers-au-caire",
                  "https://x.tn/fr/actualites/reprise-des-pourparlers-au-caire/amp",
                  "https://x.tn/fr/actualites/reprise-des-pourparlers-au-caire?output=print"], id="amp-and-print-pages"),
])
def test_one_wire_story_under_three_addresses_of_one_site_is_stored_not_taken_for_a_wall(tmp_path, urls):
    from crawler.urls import url_key

    statuses = _saved(tmp_path, *(_article(url, title=_WIRE) for url in urls))
    assert statuses[0] == "new" and "wall" not in statuses, statuses  # its copies: duplicate, or unchanged (AMP)
    assert len(rows(tmp_path / "news.db", "SELECT id FROM articles")) == 1
    assert len(rows(tmp_path / "news.db", "SELECT url_key FROM seen_urls")) == len({url_key(url) for url in urls})


def test_a_wall_needs_addresses_whose_slugs_name_other_stories_than_its_headline(tmp_path):
    # the wall: three addresses whose slugs name three stories, none of them its headline; a
    # numeric address among them rides along once the wall is found
    walled = _saved(tmp_path, _article("https://x.ma/news/45210/budget-vote-delayed"),
                    _article("https://x.ma/article.php?id=45212"),
                    _article("https://x.ma/news/45211/harbour-expansion-opens"),
                    _article("https://x.ma/fr/45213/la-secheresse-menace-les-recoltes"),
                    _article("https://x.ma/news/45214/port-strike-ends"))
    assert walled == ["new", "duplicate", "duplicate", "wall", "wall"]
    assert rows(tmp_path / "news.db", "SELECT id FROM articles") == []
    # a story whose slug was changed twice: each slug names its headline, one story
    (tmp_path / "slugs").mkdir()
    slugs = _saved(tmp_path / "slugs", *(_article(f"https://x.ma/news/{n}/{slug}", title="Parliament approves the 2026 budget")
                                         for n, slug in ((45210, "parliament-approves-budget"),
                                                         (45211, "parliament-approves-2026-budget"),
                                                         (45212, "parliament-finally-approves-the-budget"))))
    assert slugs == ["new", "duplicate", "duplicate"]


def test_a_wire_story_a_site_files_under_three_numeric_ids_is_stored_in_a_real_crawl(tmp_path):
    # An Arabic site whose addresses carry only ids (/news/details/123456) files one agencies'
    # story (وكالات) in three sections the same day: one text, one headline, three ids. It is
    # one story, stored once with its two copies; the wall rule removed it and recorded its
    # three addresses as blocked, run after run. Control: a story of its own stored beside it.
    site = SiteBuilder(tmp_path / "site")
    wire = site.add(Story("/news/details/123456", "استئناف محادثات وقف إطلاق النار في القاهرة",
                          filler("وكالات وقف إطلاق النار"), lang="ar", author="وكالات"))
    own = site.add(Story("/news/details/123460", "Parliament approves the budget", filler("budget")))
    root = site.write()
    page = (root / wire.path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    copies = ["/world/details/123457", "/arab/details/123458"]
    for path in copies:
        target = root / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text(page, encoding="utf-8")
    site.homepage_links = [wire.path, *copies, own.path]
    (root / "index.html").write_text("<html><body><h1>Home</h1>" + "".join(
        f'<a href="{href}">{href}</a>' for href in site.homepage_links) + "</body></html>", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    database = tmp_path / "news.db"
    with FixtureServer(root) as server:
        result = crawl_site(f"{server.base_url}/", database, CRAWL_GUESS_SITEMAPS=False)
    stored = _stored_paths(database)
    assert own.path in stored and len(stored & {wire.path, *copies}) == 1, stored
    assert len(rows(database, "SELECT url FROM duplicates WHERE kind = 'exact'")) == 2
    assert "articles/walled" not in crawl_stats(result)
    assert rows(database, "SELECT url FROM fetch_errors WHERE kind = 'blocked'") == []


def test_a_wall_found_in_a_later_run_releases_this_runs_copies_of_the_earlier_runs_article(tmp_path):
    # The wall answered one address at the end of yesterday's run (stored: one page is no wall).
    # Today its text answers three more story addresses: the first two were recorded as exact
    # copies of yesterday's article, the third makes it a wall. Those two copies and their
    # seen_urls rows must go with it (recorded as blocked, asked for again next run); they
    # stayed, and their stories were never fetched again.
    from crawler.storage import ArticleStore

    assert _saved(tmp_path, _article("https://x.ma/news/45210/budget-vote-delayed")) == ["new"]
    store = ArticleStore(tmp_path / "news.db")
    try:
        today = [store.save(_article(f"https://x.ma/news/{n}/{slug}"))
                 for n, slug in ((45211, "harbour-expansion-opens"), (45212, "drought-spreads-south"),
                                 (45213, "port-strike-ends"))]
    finally:
        store.close()
    assert [each.status for each in today] == ["duplicate", "duplicate", "wall"]
    assert rows(tmp_path / "news.db", "SELECT url FROM duplicates") == []
    assert [r["url_key"] for r in rows(tmp_path / "news.db", "SELECT url_key FROM seen_urls")] == [
        "//x.ma/news/45210/budget-vote-delayed"]  # yesterday's article, left as stored
    assert today[2].walled_new == 0 and len(today[2].walled) == 2


def test_a_wall_does_not_remove_an_article_revised_since_into_a_story(tmp_path):
    # An address stored with the wall's text, then fetched again in the same session (a second
    # producer's batch) with its story: a revision. The wall found later removes the wall's
    # articles, not that story.
    statuses = _saved(tmp_path, _article("https://x.ma/news/45210/budget-vote-delayed"),
                      _revised("https://x.ma/news/45210/budget-vote-delayed"),
                      _article("https://x.ma/news/45211/harbour-expansion-opens"),
                      _article("https://x.ma/news/45212/drought-spreads-south"),
                      _article("https://x.ma/news/45213/port-strike-ends"))
    assert statuses[:2] == ["new", "updated"] and "wall" in statuses, statuses
    stored = rows(tmp_path / "news.db", "SELECT url, title FROM articles")
    assert [(r["url"], r["title"]) for r in stored] == [("https://x.ma/news/45210/budget-vote-delayed", "Budget vote delayed")]


def _revised(url: str):
    article = _article(url, title="Budget vote delayed")
    article.body = "\n\n".join(filler("budget vote delayed"))
    return article


def test_a_wall_reached_by_redirects_from_story_addresses_is_found_by_the_addresses_asked_for(tmp_path):
    # each story's address redirects to the wall's own page, which names the story in its query
    # (/subscribe?next=/news/45210/budget-vote-delayed): the slugs that name the stories are
    # the addresses asked for
    def redirected(n: int, slug: str):
        article = _article(f"https://x.ma/subscribe?next=/news/{n}/{slug}")
        article.redirect_urls = [f"https://x.ma/news/{n}/{slug}"]
        return article

    statuses = _saved(tmp_path, *(redirected(n, slug) for n, slug in (
        (45210, "budget-vote-delayed"), (45211, "harbour-expansion-opens"), (45212, "drought-spreads-south"))))
    assert statuses == ["new", "duplicate", "wall"]


def test_a_writer_running_for_days_takes_no_text_saved_days_apart_for_a_wall(tmp_path, monkeypatch):
    # `crawler ingest` stores batches until stopped: days in one store session. A story stored
    # on Monday and the same text under two more addresses on Thursday (a republication under
    # other slugs) is no wall: Monday's article, long exported, must not be removed. Control:
    # within the day the same three addresses are a wall.
    import crawler.storage

    now = [1_000_000.0]
    monkeypatch.setattr(crawler.storage, "_clock", lambda: now[0], raising=False)
    urls = [f"https://x.ma/news/{n}/{slug}" for n, slug in (
        (45210, "budget-vote-delayed"), (45211, "harbour-expansion-opens"), (45212, "drought-spreads-south"))]
    store = crawler.storage.ArticleStore(tmp_path / "news.db")
    try:
        statuses = [store.save(_article(urls[0])).status]
        now[0] += 3 * 24 * 3600
        statuses += [store.save(_article(url)).status for url in urls[1:]]
    finally:
        store.close()
    assert statuses == ["new", "duplicate", "duplicate"]
    assert len(rows(tmp_path / "news.db", "SELECT id FROM articles")) == 1
    (tmp_path / "day").mkdir()
    assert _saved(tmp_path / "day", *map(_article, urls)) == ["new", "duplicate", "wall"]


def test_a_batch_that_fails_after_a_walls_removals_leaves_the_store_as_it_was(tmp_path):
    # The removals are in the batch's transaction: a failure before its commit (a crash, a
    # lock past the retries) leaves the articles, copies and addresses stored before, and the
    # next attempt finds the wall again from the session's memory as the file left it.
    from crawler.storage import ArticleStore

    urls = [f"https://x.ma/news/{n}/{slug}" for n, slug in (
        (45210, "budget-vote-delayed"), (45211, "harbour-expansion-opens"), (45212, "drought-spreads-south"))]
    database = tmp_path / "news.db"
    counts = "SELECT (SELECT COUNT(*) FROM articles) AS a, (SELECT COUNT(*) FROM duplicates) AS d, " \
             "(SELECT COUNT(*) FROM seen_urls) AS s"

    def crash(db, outcomes):
        raise RuntimeError("killed before the commit")

    store = ArticleStore(database)
    try:
        assert [o.status for o in store.save_batch([_article(urls[0]), _article(urls[1])])] == ["new", "duplicate"]
        with pytest.raises(RuntimeError):
            store.save_batch([_article(urls[2])], then=crash)
        assert rows(database, counts) == [{"a": 1, "d": 1, "s": 2}]
        assert [o.status for o in store.save_batch([_article(urls[2])])] == ["wall"]
    finally:
        store.close()
    assert rows(database, counts) == [{"a": 0, "d": 0, "s": 0}]


def test_the_story_stored_after_a_walls_removal_does_not_take_the_walls_id(tmp_path):
    # the wall was the newest article when the store removed it: a reader that read it by id
    # (`WHERE id > :last_id`) would never see the next story, had it taken the same id
    from crawler.items import ArticleItem

    story = ArticleItem(url="https://x.ma/news/45300/port-deal", canonical_url="https://x.ma/news/45300/port-deal",
                        site="s1", title="Port deal signed", body="\n\n".join(filler("the port deal")),
                        language="en", fetched_at="2026-12-07T10:00:00+00:00")
    statuses = _saved(tmp_path, _article("https://x.ma/news/45210/budget-vote"),
                      _article("https://x.ma/news/45211/harbour-opens"), _article("https://x.ma/news/45213/drought-spreads"),
                      story)
    assert statuses == ["new", "duplicate", "wall", "new"]
    assert rows(tmp_path / "news.db", "SELECT id, url FROM articles") == [{"id": 2, "url": story.url}]
