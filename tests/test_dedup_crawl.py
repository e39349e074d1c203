"""Deduplication across crawls and sites, end to end (issue 4).

Each test builds a small news site in a temp folder, serves it on 127.0.0.1, crawls it with
real ``scrapy crawl`` processes into a real SQLite file, and asserts on the database and on
the server's request log.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, unquote

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import crawl_stats, rows, run_scrapy
from tests.sitegen import SiteBuilder, Story, filler

pytestmark = pytest.mark.slow

AGENCY_STORY = [
    "AMMAN (Agencies) - Jordan and Syria agreed on Monday to reopen the Jaber-Nassib border crossing "
    "to cargo trucks after a three-month closure, officials from both countries said in a joint statement.",
    "The crossing is the main land route for Jordanian exports to Lebanon, Turkey and Europe, and its "
    "closure had stranded hundreds of refrigerated trucks carrying vegetables and fruit on both sides.",
    "Under the agreement, customs teams will work in two shifts and trucks will be inspected with new "
    "scanners paid for by a regional development fund, the Jordanian transport ministry said.",
    "Truck drivers waiting near the border welcomed the decision but said fees charged on the Syrian "
    "side remained too high for many small exporters to resume regular trips this season.",
    "The two governments also agreed to form a technical committee that will meet every month to review "
    "traffic at the crossing and settle disputes over transit fees and insurance requirements.",
    "Economists in Amman said the reopening could lift Jordanian agricultural exports by as much as a "
    "fifth this year if the crossing stays open through the summer harvest season.",
]


def crawl(server: FixtureServer, database, *args: str, **settings):
    result = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/", *args],
                        settings={"DATABASE": str(database), "CRAWL_GUESS_SITEMAPS": "False", **settings})
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def article_fetches(server: FixtureServer, path: str) -> int:
    return sum(1 for r in server.requests if unquote(r.path).split("?")[0].split(";")[0].rstrip("/")
               in (path, path + "/amp"))


def test_changed_article_with_newer_lastmod_is_refetched_updated_and_revision_kept(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    other = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                           filler("port expansion"), lastmod="2025-06-03T09:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        first = rows(database, "SELECT id, body, version FROM articles WHERE url LIKE ?", [f"%{story.path}"])[0]
        assert first["version"] == 1

        # The newsroom corrects the story and the sitemap says so; the other story is untouched.
        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        story.lastmod = "2025-06-02T18:30:00+03:00"
        site.write()
        server.clear_requests()
        result = crawl(server, database)

        assert article_fetches(server, story.path) == 1
        assert article_fetches(server, other.path) == 0
    stats = crawl_stats(result)
    assert stats["articles/updated"] == 1 and stats.get("articles/new", 0) == 0
    updated = rows(database, "SELECT * FROM articles WHERE id = ?", [first["id"]])[0]
    assert updated["version"] == 2
    assert "Correction: the deal covers seven years" in updated["body"]
    assert updated["modified_at"] is not None
    revisions = rows(database, "SELECT * FROM article_revisions WHERE article_id = ?", [first["id"]])
    assert [(r["version"], r["body"]) for r in revisions] == [(1, first["body"])]
    assert rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 2
    # The full-text index follows the update.
    hits = rows(database, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Correction'")
    assert [h["rowid"] for h in hits] == [first["id"]]
    integrity_check = sqlite3.connect(database)
    integrity_check.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    integrity_check.close()


def test_operator_recrawl_fetches_stored_articles_again(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        server.clear_requests()
        crawl(server, database)
        assert article_fetches(server, story.path) == 0
        result = crawl(server, database, CRAWL_RECRAWL="True")
        assert article_fetches(server, story.path) == 1
    stats = crawl_stats(result)
    assert stats["articles/unchanged"] == 1
    assert rows(database, "SELECT version FROM articles")[0]["version"] == 1


def test_syndicated_story_on_two_sites_is_one_article_and_one_near_duplicate(tmp_path):
    first_site = SiteBuilder(tmp_path / "a", name="Gulf Courier", chrome="a")
    first_site.add(Story("/news/2025/06/02/jordan-syria-reopen-border-crossing", "Jordan and Syria reopen border crossing",
                         AGENCY_STORY, lastmod="2025-06-02T12:00:00+03:00"))
    first_site.add(Story("/news/2025/06/02/cabinet-approves-budget-amendments", "Cabinet approves budget",
                         filler("budget amendment"), lastmod="2025-06-02T12:00:00+03:00"))
    first_site.write()
    # The second outlet runs the agency copy with its own lead sentence and one sentence changed.
    edited = list(AGENCY_STORY)
    edited[0] = ("Jordan and Syria agreed on Monday to reopen the Jaber-Nassib border crossing to cargo "
                 "trucks after a three-month closure, officials from both countries said in a joint statement.")
    edited[3] = ("Drivers queuing at the border welcomed the move but complained that Syrian fees were still "
                 "too high for many small exporters to resume regular trips this season.")
    second_site = SiteBuilder(tmp_path / "b", name="Levant Wire", chrome="b")
    second_site.add(Story("/world/2025/06/02/border-crossing-reopens-for-trucks-98765", "Border crossing reopens for trucks",
                          edited, author="Staff writer", lastmod="2025-06-02T13:00:00+03:00",
                          published="2025-06-02T13:00:00+03:00"))
    second_site.add(Story("/world/2025/06/02/football-league-final-postponed-55555", "League final postponed",
                          filler("football final"), lastmod="2025-06-02T13:00:00+03:00"))
    second_site.write()

    database = tmp_path / "news.db"
    with FixtureServer(first_site.root) as first, FixtureServer(second_site.root) as second:
        crawl(first, database)
        result = crawl(second, database)
    stats = crawl_stats(result)
    assert stats["articles/duplicate/near"] == 1
    articles = rows(database, "SELECT id, title FROM articles ORDER BY id")
    assert len(articles) == 3  # the agency story once, plus each site's own story
    duplicates = rows(database, "SELECT * FROM duplicates")
    assert len(duplicates) == 1
    (duplicate,) = duplicates
    original = [a for a in articles if a["title"] == "Jordan and Syria reopen border crossing"][0]
    assert duplicate["kind"] == "near"
    assert duplicate["duplicate_of"] == original["id"]
    assert duplicate["url"].endswith("/world/2025/06/02/border-crossing-reopens-for-trucks-98765")
    assert 0.7 <= duplicate["similarity"] < 1.0


def test_an_agency_story_another_outlet_cut_after_four_paragraphs_is_one_article_and_a_shortened_copy(tmp_path):
    from tests.test_shortened_copies import CUT_COPY, WIRE_STORY

    agency = SiteBuilder(tmp_path / "a", name="Petra Wire", chrome="a")
    agency.add(Story("/news/2025/12/07/aqaba-desalination-plant-approved", "Jordan approves Aqaba desalination plant",
                     WIRE_STORY, lastmod="2025-12-07T12:00:00+03:00"))
    agency.write()
    outlet = SiteBuilder(tmp_path / "b", name="Levant Wire", chrome="b")
    outlet.add(Story("/local/2025/12/07/red-sea-water-plant-approved-4411", "Cabinet approves Red Sea water plant",
                     CUT_COPY, author="Staff writer", lastmod="2025-12-07T13:00:00+03:00"))
    outlet.add(Story("/local/2025/12/07/football-league-final-postponed-55555", "League final postponed",
                     filler("football final"), lastmod="2025-12-07T13:00:00+03:00"))
    outlet.write()

    database = tmp_path / "news.db"
    with FixtureServer(agency.root) as first, FixtureServer(outlet.root) as second:
        crawl(first, database)
        result = crawl(second, database)
    stats = crawl_stats(result)
    assert stats["articles/duplicate/shortened"] == 1 and stats["articles/new"] == 1
    articles = rows(database, "SELECT id, title FROM articles ORDER BY id")
    assert [a["title"] for a in articles] == ["Jordan approves Aqaba desalination plant", "League final postponed"]
    (duplicate,) = rows(database, "SELECT * FROM duplicates")
    assert (duplicate["kind"], duplicate["duplicate_of"]) == ("shortened", articles[0]["id"])
    assert duplicate["url"].endswith("/local/2025/12/07/red-sea-water-plant-approved-4411")
    (run,) = rows(database, "SELECT * FROM crawl_runs WHERE site LIKE 'site_127%' ORDER BY id DESC LIMIT 1")
    assert run["articles_duplicate"] == 1


def test_url_variants_of_one_article_are_fetched_at_most_once_and_stored_once(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    path = "/news/2025/06/02/jordan-water-deal-signed"
    site.add(Story(path, "Jordan signs water deal", filler("water deal"), canonical=path))
    # Another address of the same article (a section alias) whose page names the canonical one.
    site.add(Story("/economy/water-deal-signed-12345", "Jordan signs water deal", filler("water deal"),
                   canonical=path))
    site.homepage_links = [
        path + "?utm_source=facebook&utm_medium=social&fbclid=IwAR0abc",
        path + "/amp",
        path + "?amp=1",
        path + ";jsessionid=A1B2C3D4E5F6A7B8C9D0E1F2",
        path + "?PHPSESSID=0123456789abcdef0123456789abcdef",
        path + "#comments",
        "/economy/water-deal-signed-12345?utm_campaign=newsletter",
    ]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        requested = [unquote(r.path) for r in server.requests]
    assert sum(1 for p in requested if p.startswith(path)) == 1, requested
    assert not any("utm_" in p or "fbclid" in p or "SESSID" in p.upper() for p in requested)
    articles = rows(database, "SELECT canonical_url FROM articles")
    assert len(articles) == 1 and articles[0]["canonical_url"].endswith(path)
    # The section alias names the article as canonical. Which address is fetched first is up to
    # the scheduler: if the alias comes first, the article's own URL is then known as stored and
    # never fetched; if it comes second, it is recorded as a `url` duplicate of the article.
    duplicates = rows(database, "SELECT url, kind FROM duplicates")
    assert len(duplicates) <= 1
    assert all(d["kind"] == "url" for d in duplicates)
    urls = [d["url"] for d in duplicates] + [a["url"] for a in rows(database, "SELECT url FROM articles")]
    assert any(u.endswith("/economy/water-deal-signed-12345") for u in urls)


def test_stored_article_urls_survive_as_seen_keys(tmp_path):
    """The skip-before-download check reads SQLite, not memory: a new process still skips."""
    site = SiteBuilder(tmp_path / "site")
    site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                   filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        keys = rows(database, "SELECT url_key, lastmod FROM seen_urls")
        assert len(keys) == 1 and keys[0]["url_key"].startswith("//127.0.0.1:")
        assert keys[0]["lastmod"] == "2025-06-02T10:00:00+03:00"
        result = crawl(server, database)
    assert crawl_stats(result)["dedup/skipped_stored"] == 1
    assert json.loads(json.dumps(rows(database, "SELECT COUNT(*) AS n FROM articles")))[0]["n"] == 1


def test_recrawling_a_syndicated_copy_leaves_the_original_article_as_it_was(tmp_path):
    first_site = SiteBuilder(tmp_path / "a", name="Gulf Courier", chrome="a")
    first_site.add(Story("/news/2025/06/02/jordan-syria-reopen-border-crossing", "Jordan and Syria reopen border crossing",
                         AGENCY_STORY, lastmod="2025-06-02T12:00:00+03:00"))
    first_site.write()
    edited = list(AGENCY_STORY)
    edited[3] = ("Drivers queuing at the border welcomed the move but complained that Syrian fees were still "
                 "too high for many small exporters to resume regular trips this season.")
    second_site = SiteBuilder(tmp_path / "b", name="Levant Wire", chrome="b")
    second_site.add(Story("/world/2025/06/02/border-crossing-reopens-for-trucks-98765", "Border crossing reopens",
                          edited, lastmod="2025-06-02T13:00:00+03:00"))
    second_site.write()
    database = tmp_path / "news.db"
    with FixtureServer(first_site.root) as first, FixtureServer(second_site.root) as second:
        crawl(first, database)
        crawl(second, database)
        before = rows(database, "SELECT * FROM articles")
        result = crawl(second, database, CRAWL_RECRAWL="True")  # the copy is fetched again
        assert article_fetches(second, "/world/2025/06/02/border-crossing-reopens-for-trucks-98765") == 2
    assert crawl_stats(result)["articles/duplicate/near"] == 1
    assert rows(database, "SELECT * FROM articles") == before  # not rewritten with the copy's text
    assert rows(database, "SELECT COUNT(*) AS n FROM article_revisions")[0]["n"] == 0
    assert [d["kind"] for d in rows(database, "SELECT kind FROM duplicates")] == ["near"]


def test_articles_whose_canonical_names_their_section_are_each_stored(tmp_path):
    # A template that prints the section's address as every article's canonical.
    site = SiteBuilder(tmp_path / "site")
    for slug, topic in (("faisaly-beat-wehdat", "football derby"), ("gold-prices-rise", "gold prices"),
                        ("road-accident-on-desert-highway", "desert highway accident")):
        site.add(Story(f"/ar/news/2025/06/02/{slug}", topic.title(), filler(topic), canonical="/ar/news/",
                       lastmod="2025-06-02T12:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
    stored = rows(database, "SELECT canonical_url, version FROM articles ORDER BY canonical_url")
    assert [r["canonical_url"].rsplit("/", 1)[1] for r in stored] == \
        ["faisaly-beat-wehdat", "gold-prices-rise", "road-accident-on-desert-highway"]
    assert all(r["version"] == 1 for r in stored)


def test_a_story_linked_from_the_home_page_is_refetched_when_its_sitemap_lastmod_is_newer(tmp_path):
    # The home page (fetched with robots.txt, before the sitemap) links the story being
    # updated: its link reached the stored-article check before the sitemap's new lastmod.
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    other = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                           filler("port expansion"), lastmod="2025-06-03T09:00:00+03:00"))
    site.homepage_links = [story.path, other.path]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        assert article_fetches(server, story.path) == 1 and article_fetches(server, other.path) == 1

        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        story.lastmod = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()  # after the first fetch
        site.write()
        server.clear_requests()
        result = crawl(server, database)
        assert article_fetches(server, story.path) == 1
        assert article_fetches(server, other.path) == 0
    assert crawl_stats(result)["articles/updated"] == 1
    assert "Correction: the deal covers seven years" in rows(
        database, "SELECT body FROM articles WHERE url LIKE ?", [f"%{story.path}"])[0]["body"]


def test_a_sitemap_lastmod_without_a_time_is_compared_with_the_stored_fetch_time(tmp_path):
    # sitemaps.org allows a lastmod of a day only ("2025-06-02"). A story first stored from a
    # home-page link has its fetch time (with a zone) to compare with: the day was read naive, the
    # comparison raised TypeError, and every later run recorded an error for the story and never
    # fetched its updates.
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal")))  # not in the sitemap yet: stored from the link
    site.homepage_links = [story.path]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        story.lastmod = "2025-06-02"
        site.write()
        server.clear_requests()
        result = crawl(server, database)  # the same day-only lastmod, older than the fetch: skipped
        assert article_fetches(server, story.path) == 0
        assert crawl_stats(result).get("dedup/skipped_stored", 0) >= 1

        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        story.lastmod = (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat()
        site.write()
        server.clear_requests()
        result = crawl(server, database)
        assert article_fetches(server, story.path) == 1
    assert crawl_stats(result)["articles/updated"] == 1
    assert rows(database, "SELECT url, kind, message FROM fetch_errors WHERE url LIKE ?", [f"%{story.path}"]) == []
    assert "TypeError" not in result.stderr


def test_a_new_story_linked_from_the_home_page_and_in_the_sitemap_is_fetched_once(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    site.homepage_links = [story.path]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        assert article_fetches(server, story.path) == 1


def test_a_story_first_met_in_the_feed_is_refetched_when_its_sitemap_lastmod_is_newer(tmp_path):
    # WordPress with /feed/ and a Yoast sitemap: the feed (found on the home page, before the
    # slow sitemap) names the newest stories first, dated by their pubDate only. That date is
    # not a modification date: an edit the sitemap's lastmod announces later must be fetched,
    # and a new story still fetched once.
    site = SiteBuilder(tmp_path / "site", feed=True)
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    other = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                           filler("port expansion"), published="2025-06-03T08:00:00+03:00",
                           lastmod="2025-06-03T09:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        server.add_handler("/sitemap.xml", lambda ctx: replace(ctx.default_response(), delay=2.0))
        crawl(server, database)
        assert "/feed.xml" in server.requested_paths()
        assert article_fetches(server, story.path) == 1 and article_fetches(server, other.path) == 1

        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        story.lastmod = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()  # after the first fetch
        site.write()
        server.clear_requests()
        result = crawl(server, database)
        assert article_fetches(server, story.path) == 1
        assert article_fetches(server, other.path) == 0
    stats = crawl_stats(result)
    assert stats["articles/updated"] == 1 and stats.get("articles/new", 0) == 0
    assert "Correction: the deal covers seven years" in rows(
        database, "SELECT body FROM articles WHERE url LIKE ?", [f"%{story.path}"])[0]["body"]


def test_a_new_story_in_the_feed_then_the_sitemap_is_fetched_once_even_with_a_lastmod_ahead_of_the_clock(tmp_path):
    # The sitemap's entry (newer than the feed item's missing lastmod) asks for the story again
    # after its first fetch was stored; a lastmod ahead of the crawler's clock (local time
    # written as UTC) is newer than that fetch too. Fetched in this crawl already: not again.
    site = SiteBuilder(tmp_path / "site", feed=True)
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"),
                           lastmod=(datetime.now(timezone.utc) + timedelta(hours=3)).isoformat()))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        server.add_handler("/sitemap.xml", lambda ctx: replace(ctx.default_response(), delay=2.0))
        result = crawl(server, database, STORE_BATCH_SIZE="1")  # stored before the sitemap is read
        assert article_fetches(server, story.path) == 1
    stats = crawl_stats(result)
    assert stats["discovery/lastmod_recheck"] == 1 and stats["dedup/recheck_fetched"] == 1


def test_an_article_taken_down_is_marked_gone_and_kept_and_unmarked_when_it_is_back(tmp_path):
    from dataclasses import replace

    site = SiteBuilder(tmp_path / "site")
    removed = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                             filler("water deal"), lastmod="2025-06-02T10:00:00+03:00"))
    withdrawn = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                               filler("port expansion"), lastmod="2025-06-03T09:00:00+03:00"))
    site.add(Story("/news/2025/06/04/league-final-postponed-after-storm", "League final postponed",
                          filler("league final"), lastmod="2025-06-04T09:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        server.add_handler(removed.path, lambda ctx: replace(ctx.default_response(), status=404, body=b"Not found"))
        server.add_handler(withdrawn.path, lambda ctx: replace(ctx.default_response(), status=410, body=b"Gone"))
        crawl(server, database, CRAWL_RECRAWL="True")
        gone = {r["title"]: r for r in rows(database, "SELECT title, body, gone_at FROM articles")}
        assert gone["Jordan signs water deal"]["gone_at"] and gone["Port expansion approved"]["gone_at"]
        assert gone["League final postponed"]["gone_at"] is None
        assert "On the water deal" in gone["Jordan signs water deal"]["body"]  # the text is kept
        first_marked = gone["Jordan signs water deal"]["gone_at"]

        crawl(server, database, CRAWL_RECRAWL="True")  # still gone: the first date stays
        assert rows(database, "SELECT gone_at FROM articles WHERE title = 'Jordan signs water deal'")[0][
            "gone_at"] == first_marked

        server.remove_handler(removed.path)  # the publisher put it back
        crawl(server, database, CRAWL_RECRAWL="True")
    back = {r["title"]: r["gone_at"] for r in rows(database, "SELECT title, gone_at FROM articles")}
    assert back == {"Jordan signs water deal": None, "Port expansion approved": gone["Port expansion approved"]["gone_at"],
                    "League final postponed": None}


def _redirect(server: FixtureServer, old_path: str, new_path: str) -> None:
    from crawler.fixture_server import Response

    server.add_handler(old_path, lambda ctx: Response(status=301, headers={"Location": server.url(new_path)}))


def test_a_story_the_site_moved_with_a_301_follows_its_new_address_and_keeps_its_edits(tmp_path):
    # The old address answers 301 and is still linked from the home page; an operator's recrawl
    # asks for it and lands on the new one: the article moves there, and later edits are versions.
    site = SiteBuilder(tmp_path / "site")
    old_path, new_path = "/news/2025/06/02/jordan-water-deal-signed", "/business/2025/06/02/jordan-water-deal-signed"
    story = site.add(Story(old_path, "Jordan signs water deal", filler("water deal"), canonical=old_path))
    site.homepage_links = [old_path]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        (first,) = rows(database, "SELECT id, url FROM articles")
        assert first["url"].endswith(old_path)

        story.path, story.canonical = new_path, new_path
        site.write()
        _redirect(server, old_path, new_path)
        moved = crawl_stats(crawl(server, database, CRAWL_RECRAWL="True"))

        site.homepage_links = [new_path]
        story.title = "Jordan signs seven-year water deal"
        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        site.write()
        edited = crawl_stats(crawl(server, database, CRAWL_RECRAWL="True"))
    assert moved["articles/unchanged"] == 1 and "articles/new" not in moved
    assert edited["articles/updated"] == 1 and "articles/new" not in edited
    (stored,) = rows(database, "SELECT * FROM articles")
    assert stored["id"] == first["id"] and stored["url"].endswith(new_path)
    assert stored["canonical_url"].endswith(new_path)
    assert (stored["title"], stored["version"]) == ("Jordan signs seven-year water deal", 2)
    assert "Correction: the deal covers seven years" in stored["body"]
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0
    aliases = {r["url_key"]: r["article_id"] for r in rows(database, "SELECT * FROM seen_urls")}
    assert aliases[f"//127.0.0.1:{server.port}{old_path}"] == first["id"]


def test_edits_of_a_story_moved_to_an_address_only_the_sitemap_names_reach_the_article(tmp_path):
    # The daily probe: the sitemap lists only the new address, the old one (301) is never asked
    # for again. On the move day the page is an exact copy; its headline edit and its body edits
    # later must become versions of the one article, not a copy's title or a second article.
    site = SiteBuilder(tmp_path / "site")
    old_path, new_path = "/news/2025/06/02/jordan-water-deal-signed", "/news/2025/06/02/jordan-water-deal-signed-moved"
    story = site.add(Story(old_path, "Jordan signs water deal", filler("water deal"), canonical=old_path,
                           lastmod="2025-06-02T10:00:00+03:00"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        (first,) = rows(database, "SELECT id FROM articles")

        story.path, story.canonical, story.lastmod = new_path, new_path, "2025-06-03T10:00:00+03:00"
        site.write()
        _redirect(server, old_path, new_path)
        copied = crawl_stats(crawl(server, database))

        story.title, story.lastmod = "Jordan signs water deal (updated)", "2025-06-04T10:00:00+03:00"
        site.write()
        retitled = crawl_stats(crawl(server, database))

        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        story.lastmod = "2025-06-05T10:00:00+03:00"
        site.write()
        edited = crawl_stats(crawl(server, database))

        story.paragraphs = story.paragraphs[:-2] + ["Parliament will vote on the deal next month, the minister said.",
                                                    story.paragraphs[-1]]
        story.lastmod = "2025-06-06T10:00:00+03:00"
        site.write()
        edited_again = crawl_stats(crawl(server, database))
    assert copied["articles/duplicate/exact"] == 1
    assert [s.get("articles/updated") for s in (retitled, edited, edited_again)] == [1, 1, 1]
    assert not any("articles/new" in s for s in (copied, retitled, edited, edited_again))
    (stored,) = rows(database, "SELECT * FROM articles")
    assert stored["id"] == first["id"] and stored["url"].endswith(new_path)
    assert (stored["title"], stored["version"]) == ("Jordan signs water deal (updated)", 4)
    assert "Parliament will vote on the deal" in stored["body"]
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0


def test_an_articles_declared_shortlink_is_not_fetched_in_this_crawl_nor_the_next(tmp_path):
    # A WordPress news site: each story declares <link rel="shortlink" href="/?p=N"> and shows it
    # in a "short link" box (رابط مختصر), and /?p=N answers a 301 to the story. Each box cost
    # a request in the first crawl; in the next, a home page that links the stories by their
    # short links cost one request per story (a 301 to a stored story). The shortlink is now
    # known with the story's links, and kept in seen_urls as another address of the story.
    site = SiteBuilder(tmp_path / "site")
    stories = [site.add(Story(f"/news/2025/06/0{n}/story-number-{n}-of-the-day", f"Story number {n} of the day",
                              filler(f"short link story {n}"),
                              extra_head=f"<link rel='shortlink' href='__BASE_URL__/?p={100 + n}'>"))
               for n in (1, 2, 3)]
    site.homepage_links = [s.path for s in stories]
    site.write()
    for n, story in enumerate(stories, start=1):
        page = site.root / story.path.lstrip("/") / "index.html"
        box = f'<div class="short-link">رابط مختصر: <a href="__BASE_URL__/?p={100 + n}">__BASE_URL__/?p={100 + n}</a></div>'
        page.write_text(page.read_text(encoding="utf-8").replace("</article>", box + "</article>"), encoding="utf-8")
    pretty = {str(100 + n): story.path for n, story in enumerate(stories, start=1)}

    def short_link(ctx):
        post = dict(parse_qsl(ctx.query)).get("p")
        if post is None:
            return ctx.default_response()
        return Response(status=301, headers={"Location": ctx.base_url + pretty[post]})

    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        server.add_handler("/", short_link)
        result = crawl(server, database)
        assert [r.path for r in server.requests if r.path.startswith("/?p=")] == []
        assert all(article_fetches(server, s.path) == 1 for s in stories)
        seen = rows(database, "SELECT s.url_key, a.url FROM seen_urls s JOIN articles a ON a.id = s.article_id"
                              " WHERE s.url_key LIKE '%?p=%'")
        host = server.base_url.split("://", 1)[1]
        assert {r["url_key"]: r["url"] for r in seen} == {
            f"//{host}/?p={post}": server.base_url + path for post, path in pretty.items()}
        assert crawl_stats(result)["discovery/shortlinks"] == 3

        (site.root / "index.html").write_text(
            "<html><body>" + "".join(f'<a href="/?p={post}">story</a>' for post in pretty) + "</body></html>",
            encoding="utf-8")
        server.clear_requests()
        result = crawl(server, database)
        assert [r.path for r in server.requests if r.path.startswith("/?p=")] == []
    assert crawl_stats(result)["dedup/skipped_stored"] == 3
    assert rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 3


def test_a_story_whose_sitemap_lastmod_was_in_the_future_is_fetched_again_once_it_is_corrected(tmp_path):
    # A CMS wrote a lastmod years ahead (a wrong zone or a mistyped year); the site later corrects
    # it and edits the story. The stored future lastmod was what new lastmods were compared with,
    # so the story stayed at its first version until that date (cronqa review, finding 5).
    site = SiteBuilder(tmp_path / "site")
    story = site.add(Story("/news/2025/06/02/jordan-water-deal-signed", "Jordan signs water deal",
                           filler("water deal"), lastmod="2031-06-01T00:00:00Z"))
    other = site.add(Story("/news/2025/06/03/port-expansion-approved-by-cabinet", "Port expansion approved",
                           filler("port expansion"), lastmod="2031-06-01T00:00:00Z"))
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        crawl(server, database)
        assert article_fetches(server, story.path) == 1

        # the corrected date is before the first fetch: it still differs from the wrong one
        story.paragraphs = story.paragraphs[:-1] + ["Correction: the deal covers seven years, not five."]
        story.lastmod = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
        site.write()
        server.clear_requests()
        result = crawl(server, database)
        assert article_fetches(server, story.path) == 1
        assert article_fetches(server, other.path) == 0  # the same wrong date: nothing new
        assert crawl_stats(result)["articles/updated"] == 1

        server.clear_requests()
        crawl(server, database)  # the corrected date again: compared as any stored lastmod
        assert article_fetches(server, story.path) == 0
    assert "Correction: the deal covers seven years" in rows(
        database, "SELECT body FROM articles WHERE url LIKE ?", [f"%{story.path}"])[0]["body"]
