"""End to end: a real ``scrapy crawl`` of the sample site served on 127.0.0.1 into SQLite.

Specification: every sample article is stored exactly once with title, body, date and language;
no chrome in the bodies; no section/tag/author page stored; nothing robots.txt disallows is
requested; no request leaves the site; the republished copy is recorded as a duplicate; a
second crawl downloads no stored article again and adds no row.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess
from urllib.parse import unquote, urlsplit

import pytest

from crawler.fixture_server import FixtureServer, RequestRecord
from tests.conftest import DEMO_SITE, crawl_stats, rows, run_scrapy

pytestmark = pytest.mark.slow


def _path(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) + (f"?{parts.query}" if parts.query else "")


def crawl_demo(server, database, **settings):
    result = run_scrapy(
        ["crawl", "site", "-a", f"url={server.base_url}/", "-a", "timezone=Asia/Amman"],
        settings={"DATABASE": str(database), **settings},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return result


@dataclass(frozen=True)
class FirstCrawl:
    """A crawl of the sample site into an empty database, as it was when the crawl ended."""

    server: FixtureServer
    database: Path
    result: CompletedProcess
    requests: tuple[RequestRecord, ...]
    """What the server received during this crawl (later crawls in this module clear the
    server's own list)."""


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory):
    """One crawl of the sample site for the whole module: each test asserts on its own part of
    the same run (a crawl is most of a test's time). Under pytest-xdist each worker that runs a
    test of this module makes its own."""
    with FixtureServer(DEMO_SITE) as server:
        database = tmp_path_factory.mktemp("first_crawl") / "news.db"
        result = crawl_demo(server, database)
        yield FirstCrawl(server, database, result, tuple(server.requests))


def test_every_article_stored_once_with_clean_text_and_metadata(first_crawl, demo_expected):
    database = first_crawl.database
    stored = rows(database, "SELECT * FROM articles")
    by_path = {_path(r["canonical_url"]): r for r in stored}
    # original -> its copies at other addresses (a tracking-parameter variant is the same address)
    copies = {}
    for duplicate in demo_expected["duplicates"]:
        copy_path, original = unquote(duplicate["path"]).split("?")[0], unquote(duplicate["duplicate_of"])
        if copy_path != original:
            copies.setdefault(original, []).append(copy_path)

    assert len(stored) == len(demo_expected["articles"])
    assert len({r["canonical_url"] for r in stored}) == len(stored)
    problems = []
    for article in demo_expected["articles"]:
        path = unquote(article["path"])
        row = by_path.get(path)
        if row is None:
            # A republished copy may be reached first; then it is the stored article.
            row = next((by_path[p] for p in copies.get(path, ()) if p in by_path), None)
        if row is None:
            problems.append(f"{path}: not stored")
            continue
        for field in ("title", "language", "published_at"):
            if row[field] != article[field]:
                problems.append(f"{path}: {field} {row[field]!r} != {article[field]!r}")
        if json.loads(row["authors"]) != article["authors"]:
            problems.append(f"{path}: authors {row['authors']} != {article['authors']}")
        for snippet in article["must_contain"]:
            if snippet not in row["body"]:
                problems.append(f"{path}: body lacks {snippet[:60]!r}")
        for snippet in article["must_not_contain"]:
            if snippet in row["body"]:
                problems.append(f"{path}: chrome left in body: {snippet[:60]!r}")
        if row["word_count"] < 100 or not row["content_hash"] or not row["fetched_at"]:
            problems.append(f"{path}: incomplete row")
    assert not problems, "\n".join(problems)


def test_no_listing_page_stored_no_disallowed_or_offsite_request(first_crawl, demo_expected):
    database, result = first_crawl.database, first_crawl.result
    stored_paths = {_path(r["url"]) for r in rows(database, "SELECT url FROM articles")}
    non_articles = {unquote(p) for p in demo_expected["non_articles"]}
    assert not stored_paths & non_articles

    requested = [unquote(r.path) for r in first_crawl.requests]
    for disallowed in demo_expected["disallowed"]:
        assert not any(p.startswith(unquote(disallowed)) for p in requested), disallowed
    # Every request reached this server, on its own host:port.
    host = urlsplit(first_crawl.server.base_url).netloc
    assert {r.host for r in first_crawl.requests} == {host}
    stats = crawl_stats(result)
    assert stats["robotstxt/forbidden"] >= 1
    assert stats["pages/skipped/listing"] >= 10
    assert stats.get("offsite/filtered", 0) == 0  # share links are filtered before scheduling


def test_url_variants_and_republished_copy_are_stored_once(first_crawl, demo_expected):
    database = first_crawl.database
    duplicates = rows(database, "SELECT d.url, d.kind, a.canonical_url AS of FROM duplicates d"
                                " JOIN articles a ON a.id = d.duplicate_of")
    republished = [d for d in demo_expected["duplicates"] if d["kind"] == "same_body_other_url"][0]
    pair = {unquote(republished["path"]), unquote(republished["duplicate_of"])}
    assert any({_path(d["url"]), _path(d["of"])} == pair and d["kind"] == "exact" for d in duplicates), duplicates
    # The tracking-parameter link was canonicalised before scheduling: fetched once, stored once.
    tracked = [d for d in demo_expected["duplicates"] if d["kind"] == "tracking_parameters"][0]
    clean_path = unquote(tracked["duplicate_of"])
    fetches = [r for r in first_crawl.requests if unquote(r.path).split("?")[0] == clean_path]
    assert len(fetches) == 1
    assert not any("utm_" in r.path for r in first_crawl.requests)


def test_second_crawl_fetches_no_stored_article_and_adds_no_row(first_crawl, demo_expected, tmp_path):
    # the first crawl's files as it left them (database, WAL if any, resume folder), in a copy
    # this test may change
    shutil.copytree(first_crawl.database.parent, tmp_path / "copy")
    database = tmp_path / "copy" / first_crawl.database.name
    demo_server = first_crawl.server
    before = rows(database, "SELECT id, canonical_url, version, body FROM articles ORDER BY id")
    duplicates_before = rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"]
    demo_server.clear_requests()

    result = crawl_demo(demo_server, database)
    after = rows(database, "SELECT id, canonical_url, version, body FROM articles ORDER BY id")
    assert after == before
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == duplicates_before
    article_paths = {unquote(a["path"]) for a in demo_expected["articles"]}
    refetched = [r.path for r in demo_server.requests if unquote(r.path).split("?")[0] in article_paths]
    assert refetched == []
    stats = crawl_stats(result)
    assert stats.get("articles/new", 0) == 0
    assert stats["dedup/skipped_stored"] >= len(article_paths) - 1
    # Discovery itself still runs: robots, sitemaps and the feed are fetched again.
    paths = {r.path for r in demo_server.requests}
    assert {"/robots.txt", "/sitemap_index.xml", "/feed.xml"} <= paths


def test_the_debug_log_says_why_each_refused_page_was_dropped(tmp_path):
    """An operator running ``scrapy crawl <site> -L DEBUG`` to see why a page was not stored read
    "Dropped: not an article (too_short)": now the words and the floor too, as ``crawler extract``
    prints them."""
    with FixtureServer(DEMO_SITE) as server:
        result = crawl_demo(server, tmp_path / "news.db", LOG_LEVEL="DEBUG")
    dropped = [line for line in result.stderr.splitlines() if "Dropped: not an article" in line]
    assert any(line.endswith(f"Dropped: not an article (too_short: 33 words, fewer than 40): {server.base_url}/en/about/")
               for line in dropped), dropped
