"""Safe storage: hostile text is stored verbatim or cleaned, never executed or half-written;
a database that takes no more writes (disk full, read-only) stops the crawl with one clear
error line and leaves no partial row.

A full disk is simulated portably with SQLite's ``PRAGMA max_page_count`` (the write fails
with SQLITE_FULL exactly as on a full disk) and, where the test may mount one, with a tiny
tmpfs; a read-only database with ``PRAGMA query_only`` (SQLITE_READONLY) — file permissions
cannot be used, since tests may run as root, which ignores them.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.test import get_crawler

from crawler import settings as project_settings
from crawler.errors import StorageError, StorageFailure
from crawler.items import ArticleItem
from crawler.storage import ArticleStore
from pipelines.store import StorePipeline
from pipelines.validate import ValidatePipeline
from tests.conftest import DEMO_SITE, crawl_stats, rows, run_scrapy, tiny_tmpfs

STORY = " ".join(f"word{i} of the port agreement signed in Aqaba on Monday" for i in range(30))


def article(url: str, body: str = STORY, **fields) -> ArticleItem:
    return ArticleItem(url=url, canonical_url=url, site="demo", title=fields.pop("title", "A story"),
                       body=body, fetched_at="2025-06-02T10:00:00+00:00", **fields)


def distinct_story(name: str, words: int = 3000) -> str:
    """A long body sharing no 5-word shingle with STORY or another name's story."""
    return " ".join(f"{name}w{i}" for i in range(words))


def counts(database: Path) -> dict[str, int]:
    return {table: rows(database, f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
            for table in ("articles", "seen_urls", "duplicates", "minhash_signatures", "articles_fts")}


# -- hostile text ------------------------------------------------------------------------------
def test_quotes_and_sql_in_every_text_field_are_stored_verbatim(tmp_path):
    hostile = "O'Brien said \"no\"; '); DROP TABLE articles; -- ` \\ %s ? :name"
    store = ArticleStore(tmp_path / "news.db")
    store.save(article("http://news.test/2025/06/02/quotes-story", f"{hostile}\n\n{STORY}",
                       title=hostile, authors=[hostile], tags=[hostile], description=hostile))
    store.close()
    row = rows(tmp_path / "news.db", "SELECT * FROM articles")[0]
    assert row["title"] == hostile and row["description"] == hostile
    assert row["body"].startswith(hostile)
    assert json.loads(row["authors"]) == [hostile] and json.loads(row["tags"]) == [hostile]
    assert counts(tmp_path / "news.db")["articles"] == 1  # the table is still there


def test_nul_bytes_and_lone_surrogates_are_cleaned_not_fatal(tmp_path):
    store = ArticleStore(tmp_path / "news.db")
    store.save(article("http://news.test/2025/06/02/nul-story", "Before\x00after \ud800 end. " + STORY,
                       title="Title\x00 with \udfff surrogate"))
    store.close()
    row = rows(tmp_path / "news.db", "SELECT title, body FROM articles")[0]
    assert "\x00" not in row["title"] + row["body"]
    assert row["body"].startswith("Beforeafter ") and STORY in row["body"]
    row["body"].encode("utf-8")  # valid UTF-8 for every reader
    assert row["title"].startswith("Title with ")


def test_a_one_megabyte_body_is_stored_whole(tmp_path):
    body = ("ثلاثون كلمة عن الميناء الجديد في العقبة. " * 30000)[:1_000_000]
    store = ArticleStore(tmp_path / "news.db")
    outcome = store.save(article("http://news.test/2025/06/02/long-story", body))
    store.close()
    assert outcome.status == "new"
    assert rows(tmp_path / "news.db", "SELECT body FROM articles")[0]["body"] == body


def test_a_body_over_validate_max_body_chars_is_rejected_cleanly():
    crawler = get_crawler(settings_dict={"VALIDATE_MAX_BODY_CHARS": 1_000_000})
    crawler._apply_settings()
    pipeline = ValidatePipeline.from_crawler(crawler)
    pipeline.process_item(article("http://news.test/ok", "x " * 400_000))
    with pytest.raises(DropItem, match="body_too_large"):
        pipeline.process_item(article("http://news.test/huge", "x " * 600_000))
    assert crawler.stats.get_value("articles/invalid/body_too_large") == 1


# -- a database that takes no more writes ----------------------------------------------------------
def _fill_up(store: ArticleStore) -> None:
    """Make the next write fail with SQLITE_FULL, as on a full disk."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


@pytest.mark.parametrize("make_unwritable, message", [
    (_fill_up, "full"),
    (lambda store: store.db.execute("PRAGMA query_only = ON"), "readonly"),
], ids=["disk_full", "read_only"])
def test_a_full_or_read_only_database_raises_storage_failure_and_keeps_no_partial_row(
        tmp_path, make_unwritable, message):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(article("http://news.test/2025/06/02/first-story"))
    before = counts(database)
    make_unwritable(store)
    long_bodies = [distinct_story(f"s{n}", 5000) for n in range(3)]
    with pytest.raises(StorageFailure, match=message) as raised:
        store.save_batch([article(f"http://news.test/2025/06/02/story-{n}", body)
                          for n, body in enumerate(long_bodies)])
    assert isinstance(raised.value, StorageError)
    store.close()
    assert counts(database) == before


def test_an_ordinary_error_is_not_a_storage_failure(tmp_path):
    store = ArticleStore(tmp_path / "news.db")
    store.db.execute("CREATE TRIGGER no_x BEFORE INSERT ON articles WHEN NEW.title = 'x' "
                     "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END")
    with pytest.raises(StorageError) as raised:
        store.save(article("http://news.test/2025/06/02/x-story", title="x"))
    assert not isinstance(raised.value, StorageFailure)
    store.close()


def test_a_store_whose_near_duplicate_index_cannot_be_set_up_is_a_storage_error(tmp_path, caplog):
    """Any failure to open the store is a ``StorageError``, which the pipeline turns into
    ``storage_unavailable`` (a failed run, one ERROR line). An error of the index's set-up (a
    file built with another ``DEDUP_NUM_PERM``; a layout read half written, before it was
    written in one transaction) escaped as itself: Scrapy closed the spider as "shutdown", the
    run was recorded "interrupted" with three tracebacks, and ``crawler ingest`` printed one."""
    database = tmp_path / "news.db"
    ArticleStore(database, num_perm=64).close()
    with pytest.raises(StorageError, match=rf"cannot open database {database}: .*num_perm=64, not 128"):
        ArticleStore(database)
    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(settings_dict={**base, "DATABASE": str(database)})
    crawler._apply_settings()
    with pytest.raises(CloseSpider) as closed:
        asyncio.run(StorePipeline.from_crawler(crawler).open_spider())
    assert closed.value.reason == "storage_unavailable"
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "DEDUP_NUM_PERM" in errors[0]


class _EngineStub:
    """Records the close the pipeline asks for (the only engine call it makes)."""

    def __init__(self):
        self.reasons: list[str] = []

    async def close_spider_async(self, *, reason: str) -> None:
        self.reasons.append(reason)


def test_the_store_pipeline_stops_the_crawl_on_a_full_database(tmp_path, caplog):
    database = tmp_path / "news.db"
    base = {name: getattr(project_settings, name) for name in dir(project_settings) if name.isupper()}
    crawler = get_crawler(settings_dict={**base, "DATABASE": str(database), "STORE_BATCH_SIZE": 2})
    crawler._apply_settings()
    crawler.engine = engine = _EngineStub()

    async def crawl():
        pipeline = StorePipeline.from_crawler(crawler)
        await pipeline.open_spider()
        await pipeline.process_item(article("http://news.test/2025/06/02/kept-story"))
        await pipeline.flush()
        _fill_up(pipeline.store)
        for name in "abc":
            await pipeline.process_item(article(f"http://news.test/2025/06/02/{name}-story", distinct_story(name)))
        await pipeline.close_spider()
        await asyncio.sleep(0)

    asyncio.run(crawl())
    assert engine.reasons == ["storage_failed"]
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "storage failed" in errors[0].getMessage()
    assert "full" in errors[0].getMessage() and "\n" not in errors[0].getMessage()
    assert crawler.stats.get_value("articles/failed/storage") == 3
    assert [r["url"] for r in rows(database, "SELECT url FROM articles")] == [
        "http://news.test/2025/06/02/kept-story"]


@pytest.mark.slow
def test_a_crawl_onto_a_full_disk_ends_with_one_clear_error_and_no_partial_row(tmp_path, demo_server):
    """A real full disk: a 400 KB tmpfs."""
    with tiny_tmpfs(tmp_path / "tiny", "400k") as disk:
        database = disk / "news.db"
        result = run_scrapy(["crawl", "site", "-a", f"url={demo_server.base_url}/"],
                            settings={"DATABASE": str(database), "STORE_BATCH_SIZE": 1, "EXTRACT_WORKERS": 0,
                                      "RESUME_ENABLED": False, "RUNS_ENABLED": False},
                            timeout=120)
        stats = crawl_stats(result)
        assert stats["finish_reason"] == "storage_failed", result.stderr[-3000:]
        failures = [line for line in result.stderr.splitlines() if "storage failed" in line]
        assert len(failures) == 1 and "full" in failures[0], failures
        stored = rows(database, "SELECT * FROM articles")
        assert len(stored) < len(list(DEMO_SITE.rglob("*.html")))
        for row in stored:  # every row that is there is whole
            assert row["body"] and row["content_hash"] and row["fetched_at"]
        seen = rows(database, "SELECT COUNT(DISTINCT article_id) AS n FROM seen_urls")[0]["n"]
        assert seen == len(stored)


# -- ids: a reader following new articles by id -------------------------------------------------


def test_a_reader_following_new_articles_by_id_misses_none_after_the_newest_is_deleted(tmp_path):
    # A retention or moderation job deletes the newest article; SQLite alone gives its id to the
    # next one, which a reader that had read up to that id (`WHERE id > :last_id`) never sees.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(article("http://news.test/2025/06/02/first-story", distinct_story("first")))
    store.save(article("http://news.test/2025/06/02/second-story", distinct_story("second")))
    store.close()
    last_id = max(row["id"] for row in rows(database, "SELECT id FROM articles"))  # the reader's mark
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("DELETE FROM articles WHERE id = ?", [last_id])
    conn.close()
    store = ArticleStore(database)
    store.save(article("http://news.test/2025/06/03/third-story", distinct_story("third")))
    store.close()
    new = rows(database, "SELECT id, url FROM articles WHERE id > ?", [last_id])
    assert [row["url"] for row in new] == ["http://news.test/2025/06/03/third-story"]
    assert [row["id"] for row in rows(database, "SELECT id FROM articles ORDER BY id")] == [1, last_id + 1]


def test_ids_follow_on_one_by_one_when_nothing_or_an_older_article_is_deleted(tmp_path):
    # controls: the mark skips no id while nothing is deleted, and the delete of an older article
    # (not the newest) leaves the next id where SQLite put it, one above the newest
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    for name in ("budget", "harbour", "drought"):
        store.save(article(f"http://news.test/2025/06/02/{name}-story", distinct_story(name)))
    store.close()
    assert [row["id"] for row in rows(database, "SELECT id FROM articles ORDER BY id")] == [1, 2, 3]
    conn = sqlite3.connect(database)
    with conn:
        conn.execute("DELETE FROM articles WHERE id = 2")
    conn.close()
    store = ArticleStore(database)
    store.save(article("http://news.test/2025/06/03/election-story", distinct_story("election")))
    store.close()
    assert [row["id"] for row in rows(database, "SELECT id FROM articles ORDER BY id")] == [1, 3, 4]


def test_every_writer_gives_an_id_above_the_deleted_newest_and_the_full_text_index_stays_whole(tmp_path):
    # The other paths that insert articles: a copy restored as an article (`crawler
    # restore-copy`), and a second writer on the file (a crawl beside `crawler ingest`), each in
    # its own BEGIN IMMEDIATE transaction. Arabic and French stories, as a crawl stores them.
    database = tmp_path / "news.db"
    crawl, ingest = ArticleStore(database), ArticleStore(database)
    try:
        original = crawl.save(article("https://watan.test/ar/2025/06/02/سد-النهضة", distinct_story("سد النهضة")))
        copy = ingest.save(ArticleItem(url="https://autre.test/fr/2025/06/02/barrage", site="autre",
                                       canonical_url="https://autre.test/fr/2025/06/02/barrage", title="A story",
                                       body=distinct_story("سد النهضة")))
        assert (copy.status, copy.article_id) == ("duplicate", original.article_id)
        newest = ingest.save(article("https://watan.test/fr/2025/06/02/budget-vote", distinct_story("vote du budget")))
        crawl.db.execute("BEGIN IMMEDIATE")
        crawl.db.execute("DELETE FROM articles WHERE id = ?", [newest.article_id])
        crawl.db.execute("COMMIT")
        copy_id = rows(database, "SELECT id FROM duplicates")[0]["id"]
        restored = crawl.restore_copy(copy_id)
        assert restored.article_id == newest.article_id + 1
        crawl.db.execute("BEGIN IMMEDIATE")
        crawl.db.execute("DELETE FROM articles WHERE id = ?", [restored.article_id])
        crawl.db.execute("COMMIT")
        after = ingest.save(article("https://watan.test/ar/2025/06/03/الانتخابات", distinct_story("الانتخابات"),
                                    title="الانتخابات البلدية"))
        assert after.article_id == restored.article_id + 1
        crawl.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        crawl.close()
        ingest.close()
    found = rows(database, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'البلدية'")
    assert found == [{"rowid": after.article_id}]
    assert [row["id"] for row in rows(database, "SELECT id FROM articles ORDER BY id")] == [1, after.article_id]


def test_a_database_of_the_previous_version_gives_no_id_twice_once_upgraded(tmp_path):
    # A file written before migration 0019 (no high-water table, user_version 18) is upgraded on
    # open: the mark starts at its highest id, and from then on its newest article's id is not
    # given again once deleted. (An id deleted before the upgrade cannot be known.)
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    for name in ("one", "two", "three"):
        store.save(article(f"http://news.test/2025/06/02/{name}-story", distinct_story(name)))
    store.close()
    conn = sqlite3.connect(database)
    with conn:  # back to what version 18 wrote
        conn.execute("DROP TRIGGER articles_delete_keeps_high_water")
        conn.execute("DROP TABLE articles_high_water")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0019_article_ids_never_given_twice'")
        conn.execute("PRAGMA user_version = 18")
    conn.close()
    store = ArticleStore(database)
    store.close()
    conn = sqlite3.connect(database)
    with conn:
        assert conn.execute("SELECT last_id FROM articles_high_water").fetchone() == (3,)
        conn.execute("DELETE FROM articles WHERE id = 3")  # the newest, right after the upgrade
    conn.close()
    store = ArticleStore(database)
    store.save(article("http://news.test/2025/06/03/four-story", distinct_story("four")))
    store.close()
    assert [row["id"] for row in rows(database, "SELECT id FROM articles ORDER BY id")] == [1, 2, 4]
