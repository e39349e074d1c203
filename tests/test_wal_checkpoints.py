"""Write-ahead log checkpoints: during a crawl (StorePipeline, STORAGE_WAL_CHECKPOINT_INTERVAL)
and at its end (pipelines.store.empty_wal_or_warn), cronqa review finding 2."""

from __future__ import annotations

import dataclasses
import logging
import sqlite3

from crawler.fixture_server import FixtureServer
from crawler.storage import checkpoint_wal, open_database
from pipelines.store import empty_wal_or_warn
from tests.conftest import crawl_site, crawl_stats
from tests.sitegen import SiteBuilder, Story, filler


def wal_with_writes(tmp_path):
    database = tmp_path / "news.db"
    db = open_database(database)
    db.execute("CREATE TABLE notes (x TEXT)")
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("SELECT COUNT(*) FROM sqlite_master").fetchall()  # keeps the log from going on close
    db.execute("INSERT INTO notes VALUES ('one')")
    return database, db, reader


def test_an_end_checkpoint_a_reader_holds_back_is_a_warning_that_says_what_to_do(tmp_path, caplog):
    database, db, reader = wal_with_writes(tmp_path)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM notes").fetchall()  # a read transaction, still open
    db.execute("INSERT INTO notes VALUES ('two')")
    with caplog.at_level(logging.WARNING, logger="pipelines.store"):
        assert empty_wal_or_warn(database, wait=0.1) is False
    [line] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "could not be emptied" in line and "PRAGMA wal_checkpoint(TRUNCATE)" in line
    reader.execute("COMMIT")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pipelines.store"):
        assert empty_wal_or_warn(database, wait=0.1) is True
    assert caplog.records == []
    reader.close()
    db.close()


def test_a_restart_checkpoint_sends_the_next_writes_to_the_head_of_the_log(tmp_path):
    database, db, reader = wal_with_writes(tmp_path)
    assert checkpoint_wal(database, wait=0.1, mode="RESTART") is True
    db.execute("INSERT INTO notes VALUES ('two')")
    # the log starts again: one frame (the page written), not the frames before the checkpoint
    assert reader.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1] == 1
    reader.close()
    db.close()


def test_the_crawl_restarts_the_log_every_interval(tmp_path):
    site = SiteBuilder(tmp_path / "site")
    for n in range(5):
        site.add(Story(f"/news/2025/06/0{n + 1}/story-number-{n}-of-the-week", f"Story {n}", filler(f"topic {n}"),
                       lastmod=f"2025-06-0{n + 1}T10:00:00+03:00"))
    site.write()
    with FixtureServer(site.root) as server:
        # The stories one at a time, 0.3 s apart: batches written back to back in the writer
        # thread are answered on a loaded event loop within the same millisecond, and only the
        # first of them found the interval over (one checkpoint, seen on clean clones with three
        # stories 0.2 s apart, the suite's other processes busy); five give two such bursts room.
        for story in site.stories:
            server.add_handler(story.path, lambda ctx: dataclasses.replace(ctx.default_response(), delay=0.3))
        result = crawl_site(f"{server.base_url}/", tmp_path / "news.db", CRAWL_GUESS_SITEMAPS="False",
                            CONCURRENT_REQUESTS_PER_DOMAIN="1",
                            STORE_BATCH_SIZE="1", STORAGE_WAL_CHECKPOINT_INTERVAL="0.001")
    stats = crawl_stats(result)
    assert stats.get("store/wal_checkpoints", 0) + stats.get("store/wal_checkpoints/incomplete", 0) >= 2
