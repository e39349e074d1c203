"""The schema contract: a database written by an older version is upgraded in place when it is
opened (data kept, never recreated), ``PRAGMA user_version`` says the schema version, and a
reader's read-only open changes nothing.
"""

from __future__ import annotations

import multiprocessing
import queue
import sqlite3
import threading

import pytest

from crawler.dedup import body_fingerprint
from crawler.errors import NotACrawlerDatabase, StorageError
from crawler.items import ArticleItem
from crawler.migrations import migrations
from crawler.storage import ArticleStore, check_writable_database, open_database, schema_version
from sqlite_utils import Database, Migrations
from tests.test_shortened_copies import CUT_COPY, WIRE_STORY

ALL_MIGRATIONS = [m.name for m in migrations.pending(Database(memory=True))]
LATEST = len(ALL_MIGRATIONS)


def old_database(path, stop_before: str) -> None:
    """A file as an older crawler left it: migrations up to ``stop_before``, one article."""
    db = Database(sqlite3.connect(path, isolation_level=None))
    migrations.apply(db, stop_before=stop_before)
    version = len(migrations.applied(db))
    db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO articles (url, canonical_url, site, title, body, content_hash, fetched_at, first_seen_at, updated_at)"
        " VALUES ('https://x.test/a', 'https://x.test/a', 'x', 'Old title', 'old body words', 'h1',"
        " '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')")
    db.close()


def test_database_at_version_3_is_upgraded_in_place(tmp_path):
    path = tmp_path / "news.db"
    old_database(path, stop_before="0004_crawl_runs")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        inode_before = path.stat().st_ino

    db = open_database(path)
    assert schema_version(db) == LATEST >= 4
    assert db["crawl_runs"].exists()
    assert [r["title"] for r in db.query("SELECT title FROM articles")] == ["Old title"]
    # Full-text index and view of the old file still work after the upgrade.
    assert db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'old'").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM latest_articles").fetchone()[0] == 1
    assert [m.name for m in migrations.applied(db)] == ALL_MIGRATIONS
    db.close()
    assert path.stat().st_ino == inode_before  # the same file, not a recreated one


def test_a_database_a_newer_crawler_migrated_is_refused_for_writing_but_readable(tmp_path):
    # A deployment rolled back after the newer crawler had migrated the file: this code does
    # not know what that migration added, so it writes nothing rather than guess.
    path = tmp_path / "news.db"
    old_database(path, stop_before="9999")  # every migration this crawler knows, one article
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('crawler', '0999_from_a_newer_crawler', '2027-01-01')")
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(StorageError, match=r"schema is newer than this crawler \(migration "
                                           r"0999_from_a_newer_crawler unknown; this crawler knows \d+\): upgrade"):
        ArticleStore(path)
    reader = open_database(path, readonly=True)
    assert schema_version(reader) == LATEST + 1
    assert [row["title"] for row in reader.query("SELECT title FROM articles")] == ["Old title"]
    reader.close()


def test_articles_saved_after_the_fts_trigger_is_dropped_are_indexed_once(tmp_path):
    """Version 5 indexed new rows by trigger; from version 6 the store indexes each batch. A
    file upgraded across that change must index a new article exactly once (a trigger left in
    place would index it twice), and FTS5's integrity check compares the index with the table."""
    path = tmp_path / "news.db"
    old_database(path, stop_before="0006_fts_indexed_per_batch")
    store = ArticleStore(path)
    outcomes = store.save_batch([
        ArticleItem(url=f"https://x.test/{n}", site="x", title=f"Story {n}", body=f"zebra crossing {n} " * 30)
        for n in range(3)
    ])
    assert [o.status for o in outcomes] == ["new"] * 3
    db = store.db
    assert db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'zebra'").fetchone()[0] == 3
    assert db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'old'").fetchone()[0] == 1
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    store.close()


def test_version_6_file_gets_arabic_spellings_and_a_rebuilt_index(tmp_path):
    """Version 7 indexes folded spellings beside the text: an upgraded file fills them in for
    the articles it already holds, so الاردن finds a story stored as الأردن before the upgrade."""
    path = tmp_path / "news.db"
    old_database(path, stop_before="0007_search_spellings")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO articles (url, canonical_url, site, title, body, content_hash, fetched_at,"
                     " first_seen_at, updated_at) VALUES ('https://x.test/ar', 'https://x.test/ar', 'x', 'مياه',"
                     " 'قال الوزير إن الأردن سيوقع الاتفاقية', 'h2', '2025-01-01', '2025-01-01', '2025-01-01')")
        article_id = conn.execute("SELECT id FROM articles WHERE site = 'x' AND title = 'مياه'").fetchone()[0]
        conn.execute("INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles WHERE id = ?",
                     [article_id])
    db = open_database(path)
    assert db.execute("SELECT search_spellings FROM articles WHERE id = ?", [article_id]).fetchone()[0] \
        == "اتفاقيه اردن ان وزير"
    match = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
    assert [r[0] for r in db.execute(match, ['"اردن"'])] == [article_id]  # the stem of الأردن
    assert db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'old'").fetchone()[0] == 1
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    db.execute("UPDATE articles SET body = 'وقال إن الأردن والعراق وقعا الاتفاقية' WHERE id = ?", [article_id])
    assert [r[0] for r in db.execute(match, ['"والعراق"'])] == [article_id]
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    db.close()


def test_upgraded_database_takes_new_writes(tmp_path):
    path = tmp_path / "news.db"
    old_database(path, stop_before="0002_duplicates_revisions_seen")
    store = ArticleStore(path)
    outcome = store.save(ArticleItem(url="https://x.test/b", site="x", title="New",
                                     body="a new article body " * 20))
    assert outcome.status == "new"
    assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    store.close()


def test_opening_twice_applies_nothing_twice(tmp_path):
    path = tmp_path / "news.db"
    open_database(path).close()
    db = open_database(path)
    assert schema_version(db) == LATEST
    assert len(migrations.applied(db)) == LATEST
    db.close()


def test_readonly_open_neither_creates_nor_migrates(tmp_path):
    with pytest.raises(StorageError, match="no database at"):
        open_database(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()
    path = tmp_path / "news.db"
    old_database(path, stop_before="0004_crawl_runs")
    reader = open_database(path, readonly=True)
    assert not reader["crawl_runs"].exists()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.execute("DELETE FROM articles")
    reader.close()


def test_wal_mode_and_busy_timeout(tmp_path):
    db = open_database(tmp_path / "news.db", busy_timeout=7)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 7000
    db.close()


def _open_when_all_are_ready(path, barrier, results) -> None:
    barrier.wait()
    try:
        db = open_database(path)
        results.put((schema_version(db), len(migrations.applied(db))))
        db.close()
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(repr(exc))


def test_processes_opening_a_new_database_at_once_create_the_schema_once(tmp_path):
    """Two crawls (or a crawl and ``crawler ingest``) started together on a new file: each
    applies the migrations it finds pending, under the write lock, so each is applied once."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    processes = [context.Process(target=_open_when_all_are_ready, args=(tmp_path / "news.db", barrier, results))
                 for _ in range(4)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert outcomes == [(LATEST, LATEST)] * 4


def test_switching_a_file_to_wal_waits_for_another_connections_write(tmp_path):
    # While another connection writes the file in rollback-journal mode, SQLite refuses the
    # switch to WAL at once ("database is locked", no busy wait). Connections creating a new
    # database at the same moment meet this state: 3 of 800 opens failed (8 threads at once,
    # 100 times) before the switch was retried, none after.
    path = tmp_path / "news.db"
    first = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    first.execute("BEGIN IMMEDIATE")
    first.execute("CREATE TABLE early (x)")
    threading.Timer(0.3, first.execute, ("COMMIT",)).start()
    db = open_database(path, busy_timeout=10)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(db) == LATEST
    db.close()
    first.close()


def test_threads_opening_a_new_database_at_once_create_the_schema_once(tmp_path):
    """The spiders of one process (``crawler crawl --concurrent``) open the database at once,
    each from its store's writer thread."""
    barrier, results = threading.Barrier(4), queue.Queue()
    threads = [threading.Thread(target=_open_when_all_are_ready, args=(tmp_path / "news.db", barrier, results))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [results.get_nowait() for _ in threads] == [(LATEST, LATEST)] * 4


def test_a_store_opening_while_another_sets_up_the_near_duplicate_index_waits_for_it(tmp_path):
    """``crawler crawl --concurrent`` on a new file: each spider's store opens it from its writer
    thread and then sets up the near-duplicate index, whose first store writes the index's
    layout (three ``minhash_params`` rows). A second store opening the file between those rows
    found ``num_perm`` without ``bands``, and its site's crawl ended at start (``KeyError:
    'bands'``, recorded "interrupted"; 2 CLI runs in ~200 on a loaded machine). Forced here: the
    second store opens while the first is stopped after its first layout row."""
    from crawler.dedup import NearDuplicateIndex

    path = tmp_path / "news.db"
    first = open_database(path)  # what ArticleStore does before it builds its index
    second: dict = {}

    def open_second_store() -> None:
        try:
            store = ArticleStore(path, busy_timeout=30)
            second["layout"] = (store.near_index.bands, store.near_index.rows)
            store.close()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            second["error"] = exc

    thread = threading.Thread(target=open_second_store)
    layout_rows = []

    def after_each_statement_starts(sql: str) -> None:
        if "INTO minhash_params" in sql:
            layout_rows.append(sql)
            if len(layout_rows) == 2:  # the first row is written, the others not yet
                thread.start()
                thread.join(timeout=2)  # done at once if it does not wait for this layout

    first.conn.set_trace_callback(after_each_statement_starts)
    index = NearDuplicateIndex(first)
    first.conn.set_trace_callback(None)
    thread.join(timeout=60)
    assert len(layout_rows) >= 2, "the layout was not written row by row: the interleaving was not forced"
    assert second == {"layout": (index.bands, index.rows)}
    first.close()


def test_an_article_stored_before_seen_urls_existed_is_marked_gone(tmp_path):
    # A version-1 file had no seen_urls: its articles have no key there until fetched again,
    # and a 404 on one's own address is found through its canonical_url.
    from crawler.fetch_errors import FetchError, record_fetch_error
    from crawler.storage import write_transaction

    path = tmp_path / "news.db"
    old_database(path, stop_before="0002_duplicates_revisions_seen")
    store = ArticleStore(path)
    assert store.db.execute("SELECT COUNT(*) FROM seen_urls").fetchone()[0] == 0
    with write_transaction(store.db):  # a tracking variant of it is not its own address
        record_fetch_error(store.db, FetchError(site="x", url="https://x.test/a?utm_source=feed", kind="http_4xx",
                                                status=404), "2025-06-04T00:00:00+00:00")
    assert store.db.execute("SELECT gone_at FROM articles").fetchone()[0] is None
    with write_transaction(store.db):
        record_fetch_error(store.db, FetchError(site="x", url="https://x.test/a/", kind="http_4xx", status=404),
                           "2025-06-05T00:00:00+00:00")
    assert store.db.execute("SELECT gone_at FROM articles").fetchone()[0] == "2025-06-05T00:00:00+00:00"
    store.close()


def test_version_8_file_keys_its_articles_and_takes_shortened_copies(tmp_path):
    """Version 9 finds cut copies by their lead paragraphs: an upgraded file keys the articles it
    already holds, so a cut copy of a story stored before the upgrade is found, and its
    ``duplicates`` rows (rebuilt for the new kind) keep their ids."""
    path = tmp_path / "news.db"
    old_database(path, stop_before="0009_shortened_copies")
    with sqlite3.connect(path) as conn:
        article_id = conn.execute(
            "INSERT INTO articles (url, canonical_url, site, title, body, content_hash, fetched_at, first_seen_at,"
            " updated_at) VALUES ('https://petra.test/1', 'https://petra.test/1', 'petra', 'Aqaba plant', ?, 'h3',"
            " '2025-01-01', '2025-01-01', '2025-01-01')", ["\n\n".join(WIRE_STORY)]).lastrowid
        conn.execute("INSERT INTO duplicates (id, url, duplicate_of, kind, similarity, seen_at)"
                     " VALUES (7, 'https://copy.test/1', ?, 'near', 0.8, '2025-01-01')", [article_id])
    store = ArticleStore(path)
    copy = store.save(ArticleItem(url="https://courier.test/2", canonical_url="https://courier.test/2", site="courier",
                                  title="Cabinet approves Red Sea water plant", body="\n\n".join(CUT_COPY),
                                  fetched_at="2025-06-02T10:00:00+00:00"))
    store.close()
    assert (copy.status, copy.article_id, copy.duplicate_kind) == ("duplicate", article_id, "shortened")
    db = open_database(path)
    assert schema_version(db) == LATEST >= 9
    assert [(r["id"], r["kind"]) for r in db.query("SELECT id, kind FROM duplicates ORDER BY id")][0] == (7, "near")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_version_8_file_with_a_users_views_and_triggers_on_duplicates_is_upgraded(tmp_path):
    """Version 9 rebuilds ``duplicates`` (a CHECK constraint widened). A reader's own view over
    it (and a view over that view), a trigger on it, a trigger elsewhere that reads it and an
    index on it made the rename at the end of the rebuild fail ("error in view ...: no such table:
    main.duplicates"), and the file then failed to open at every start; they are kept, working."""
    path = tmp_path / "news.db"
    old_database(path, stop_before="0009_shortened_copies")
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            INSERT INTO duplicates (id, url, duplicate_of, kind, similarity, seen_at)
                VALUES (7, 'https://copy.test/1', 1, 'near', 0.8, '2025-01-01');
            CREATE VIEW duplicate_counts AS SELECT kind, COUNT(*) AS n FROM duplicates GROUP BY kind;
            CREATE VIEW near_count AS SELECT n FROM duplicate_counts WHERE kind = 'near';
            CREATE TABLE my_log (what TEXT);
            CREATE TRIGGER my_duplicates_ai AFTER INSERT ON duplicates BEGIN
              INSERT INTO my_log (what) VALUES ('duplicate ' || new.kind);
            END;
            CREATE TRIGGER my_articles_au AFTER UPDATE OF gone_at ON articles BEGIN
              INSERT INTO my_log (what) SELECT 'gone, copies: ' || COUNT(*) FROM duplicates WHERE duplicate_of = new.id;
            END;
            CREATE INDEX my_duplicates_site ON duplicates(site);
        """)
    db = open_database(path)
    assert schema_version(db) == LATEST >= 9
    assert db.execute("SELECT kind, n FROM duplicate_counts").fetchall() == [("near", 1)]
    assert db.execute("SELECT n FROM near_count").fetchall() == [(1,)]
    db.execute("INSERT INTO duplicates (url, duplicate_of, kind, similarity, seen_at)"
               " VALUES ('https://copy.test/2', 1, 'shortened', 1.0, '2025-01-02')")
    db.execute("UPDATE articles SET gone_at = '2025-01-03' WHERE id = 1")
    assert [r[0] for r in db.execute("SELECT what FROM my_log")] == ["duplicate shortened", "gone, copies: 2"]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'duplicates'")}
    assert {"my_duplicates_site", "idx_duplicates_duplicate_of"} <= indexes
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("PRAGMA legacy_alter_table").fetchone()[0] == 0
    db.close()


# --- version 10: an article deleted by SQL takes its rows along; latest_articles is indexed ----
README_LATEST_QUERY = "SELECT site, title, published_at FROM latest_articles LIMIT 10"  # README.md
ARTICLE_ROWS = {"seen_urls": "article_id", "duplicates": "duplicate_of", "article_revisions": "article_id",
                "minhash_signatures": "article_id", "minhash_bands": "article_id", "lead_keys": "article_id"}


def rows_of(conn, article_id: int) -> dict[str, int]:
    """The rows each table that refers to articles holds for ``article_id``."""
    return {table: conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [article_id]).fetchone()[0]
            for table, column in ARTICLE_ROWS.items()}


def assert_reads_the_latest_index_in_order(conn, sql: str) -> None:
    """SQLite's plan for ``sql`` walks ``idx_articles_latest`` in order, without sorting (the plan
    without it: ``SCAN articles``, ``USE TEMP B-TREE FOR ORDER BY``)."""
    plan = " / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    assert "USING INDEX idx_articles_latest" in plan and "TEMP B-TREE" not in plan, plan


BEFORE_VERSION_10 = ALL_MIGRATIONS[1:ALL_MIGRATIONS.index("0010_delete_cascade_and_latest_index") + 1]


@pytest.mark.parametrize("stop_before", BEFORE_VERSION_10)  # versions 1 to 9
def test_each_older_version_gets_the_delete_cascade_and_the_latest_index(tmp_path, stop_before):
    """From every version before 10: the upgraded file lists the newest article through the
    index, and a delete by SQL of the article it held, or of one stored after the upgrade,
    leaves no row that refers to it."""
    path = tmp_path / "news.db"
    old_database(path, stop_before=stop_before)
    store = ArticleStore(path)
    assert schema_version(store.db) == LATEST >= 10
    new = store.save(ArticleItem(url="https://x.test/new", site="x", title="New", body=" ".join(WIRE_STORY)))
    store.save(ArticleItem(url="https://y.test/copy", site="y", title="New", body=" ".join(WIRE_STORY)))
    store.close()
    with sqlite3.connect(path) as conn:
        assert_reads_the_latest_index_in_order(conn, README_LATEST_QUERY)
        assert [r[0] for r in conn.execute("SELECT title FROM latest_articles")] == ["New", "Old title"]
        assert rows_of(conn, new.article_id) == {**{table: 0 for table in ARTICLE_ROWS}, "seen_urls": 2,
                                                 "duplicates": 1, "minhash_signatures": 1, "minhash_bands": 20,
                                                 "lead_keys": 1}
        # old_database's article, inserted without the full-text index from version 7 on (the
        # store indexes its batches), must be in it for the index's delete trigger.
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        conn.execute("DELETE FROM articles")
        assert rows_of(conn, new.article_id) == {table: 0 for table in ARTICLE_ROWS}
        assert conn.execute("SELECT COUNT(*) FROM seen_urls").fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


@pytest.mark.parametrize("foreign_keys", ["OFF", "ON"])
def test_an_article_deleted_by_sql_is_fetched_and_stored_again(tmp_path, foreign_keys):
    """A retention job deletes an article with SQL (foreign keys off, as in the sqlite3 shell, or
    on). Its addresses, signature, band buckets, lead keys, versions and copies went with it: the
    crawl asks for its URL again and stores it as a new article, and a copy of it stored before
    or after is an article too. Before version 10 the rows stayed: the URL was skipped as stored,
    storing a near copy or the page again failed with "FOREIGN KEY constraint failed", and with
    foreign keys on the delete itself failed."""
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    story = "\n\n".join(WIRE_STORY)
    article = store.save(ArticleItem(url="https://petra.test/water", site="petra", title="Aqaba plant", body=story))
    store.save(ArticleItem(url="https://petra.test/water", site="petra", title="Aqaba plant approved", body=story))
    copy = store.save(ArticleItem(url="https://courier.test/2", site="courier", title="Aqaba plant",
                                  body="\n\n".join(CUT_COPY + WIRE_STORY[4:])))
    assert (copy.status, copy.article_id) == ("duplicate", article.article_id)
    store.close()

    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute(f"PRAGMA foreign_keys = {foreign_keys}")
        before = rows_of(conn, article.article_id)
        assert all(before.values()), before  # every table held something of it
        conn.execute("DELETE FROM articles WHERE id = ?", [article.article_id])
        assert rows_of(conn, article.article_id) == {table: 0 for table in ARTICLE_ROWS}
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")

    store = ArticleStore(path)
    assert store.stored_url("https://petra.test/water") is None  # the pre-download check: not stored
    again = store.save(ArticleItem(url="https://petra.test/water", site="petra", title="Aqaba plant", body=story))
    # a new id (since version 19 none is given twice: SQLite alone gave the deleted one again, and
    # rows left behind would then have named this article)
    assert (again.status, again.article_id) == ("new", article.article_id + 1)
    near = store.save(ArticleItem(url="https://daily.test/7", site="daily", title="Aqaba plant",
                                  body=story.replace("on Sunday", "on Sunday evening", 1)))
    assert (near.status, near.duplicate_kind, near.article_id) == ("duplicate", "near", again.article_id)
    assert store.save(ArticleItem(url="https://courier.test/2", site="courier", title="Aqaba plant",
                                  body="\n\n".join(CUT_COPY + WIRE_STORY[4:]))).article_id == again.article_id
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    store.close()


def test_rows_left_by_deletes_before_version_10_are_removed_by_the_upgrade(tmp_path):
    """A version-9 file where an article was deleted by SQL keeps its rows (nothing deleted them
    then); the upgrade removes them, and the rows of the articles still there stay."""
    path = tmp_path / "news.db"
    old_database(path, stop_before="0010_delete_cascade_and_latest_index")
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            INSERT INTO seen_urls VALUES ('//x.test/a', 1, NULL, '2025-01-01'),
                                         ('//x.test/gone', 2, NULL, '2025-01-01');
            INSERT INTO duplicates (url, duplicate_of, kind, similarity, seen_at)
                VALUES ('https://c.test/1', 1, 'exact', 1.0, '2025-01-01'),
                       ('https://c.test/2', 2, 'exact', 1.0, '2025-01-01');
            INSERT INTO article_revisions (article_id, version, body, content_hash, fetched_at, replaced_at)
                VALUES (1, 1, 'b', 'h', '2025-01-01', '2025-01-01'), (2, 1, 'b', 'h', '2025-01-01', '2025-01-01');
            INSERT INTO minhash_signatures VALUES (1, x'00'), (2, x'00');
            INSERT INTO minhash_bands VALUES (0, 11, 1), (0, 12, 2), (1, 13, 2);
            INSERT INTO lead_keys VALUES (21, 1), (22, 2);
        """)  # article 2 was deleted: no row in articles
    db = open_database(path)
    assert rows_of(db.conn, 2) == {table: 0 for table in ARTICLE_ROWS}
    assert rows_of(db.conn, 1) == {table: 1 for table in ARTICLE_ROWS}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_a_version_10_file_gets_crawl_runs_gone_withheld_its_old_rows_zero(tmp_path):
    path = tmp_path / "news.db"
    old_database(path, stop_before="0011_crawl_runs_gone_withheld")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO crawl_runs (site, started_at, status) VALUES ('x', '2025-06-01T00:00:00+00:00', 'finished')")
    conn.commit()
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 10
    conn.close()
    db = open_database(path)
    assert schema_version(db) == LATEST >= 11
    assert db.execute("SELECT site, gone_withheld FROM crawl_runs").fetchall() == [("x", 0)]
    run = db.execute("INSERT INTO crawl_runs (site, started_at, gone_withheld) VALUES ('x', '2025-06-02', 12)").lastrowid
    assert db.execute("SELECT gone_withheld FROM crawl_runs WHERE id = ?", [run]).fetchone() == (12,)
    db.close()


def test_a_version_11_file_keeps_its_copies_and_new_copies_keep_their_text(tmp_path):
    """Version 12: ``duplicates`` keeps each copy's body, dates, authors and language. A copy
    recorded before the upgrade keeps its row (its text was never stored: NULL), is still found
    as a copy when fetched again, and then gets its text."""
    path = tmp_path / "news.db"
    wire = "\n\n".join(WIRE_STORY)
    old_database(path, stop_before="0012_duplicates_keep_their_text")
    with sqlite3.connect(path) as conn:
        article_id = conn.execute(
            "INSERT INTO articles (url, canonical_url, site, title, body, content_hash, fetched_at, first_seen_at,"
            " updated_at) VALUES ('https://petra.test/1', 'https://petra.test/1', 'petra', 'Aqaba plant', ?, ?,"
            " '2025-01-01', '2025-01-01', '2025-01-01')", [wire, body_fingerprint(wire)]).lastrowid
        conn.executemany("INSERT INTO duplicates (id, url, duplicate_of, kind, similarity, title, seen_at)"
                         " VALUES (?, ?, ?, 'exact', 1.0, 'Old copy', '2025-01-01')",
                         [(7, "https://courier.test/2", article_id), (8, "https://other.test/9", article_id)])
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 11
    conn.close()
    store = ArticleStore(path)
    again = store.save(ArticleItem(url="https://courier.test/2", canonical_url="https://courier.test/2", site="courier",
                                   title="Cabinet approves Red Sea water plant", body=wire,
                                   published_at="2025-06-02", authors=["Staff"], language="en",
                                   fetched_at="2025-06-02T10:00:00+00:00"))
    store.close()
    assert (again.status, again.article_id, again.duplicate_kind) == ("duplicate", article_id, "exact")
    db = open_database(path)
    assert schema_version(db) == LATEST >= 12
    copies = db.execute("SELECT id, title, body, published_at, authors, language FROM duplicates ORDER BY id").fetchall()
    assert copies == [(7, "Cabinet approves Red Sea water plant", wire, "2025-06-02", '["Staff"]', "en"),
                      (8, "Old copy", None, None, None, None)]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_a_version_12_file_has_its_asp_keys_folded_as_url_key_folds_them(tmp_path):
    from crawler.urls import url_key

    path = tmp_path / "news.db"
    old_database(path, stop_before="0013_seen_urls_iis_case")
    old_keys = ["//s.ma/News/Details.aspx?Id=4521", "//s.ma/news/details.aspx?id=4521",  # one page, met twice
                "//s.ma/Ar/Default.ASP?NewsID=7&Cat=Sport", "//s.ma/%D8%AE/Story.aspx",
                "//s.ma/News/Details.php?Id=4521", "//s.ma/a/Page.aspx.html"]
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO seen_urls (url_key, article_id, fetched_at) VALUES (?, 1, '2025-06-01')",
                     [[key] for key in old_keys])
    conn.commit()
    conn.close()
    db = open_database(path)
    assert schema_version(db) == LATEST >= 13
    keys = {row[0] for row in db.execute("SELECT url_key FROM seen_urls").fetchall()}
    db.close()
    assert keys == {url_key("http:" + key) for key in old_keys}
    assert keys == {"//s.ma/news/details.aspx?id=4521", "//s.ma/ar/default.asp?cat=Sport&newsid=7",
                    "//s.ma/%D8%AE/story.aspx", "//s.ma/News/Details.php?Id=4521", "//s.ma/a/Page.aspx.html"}


def _v13_fold(text: str) -> str:
    """``crawler.dedup``'s folding before version 14: ؤ kept, ئ -> ي, Latin letters as written."""
    import unicodedata
    from collections import ChainMap

    import crawler.dedup as dedup

    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = {cp: cp for cp in map(ord, set(folded))
            if cp == 0x0624 or 0x0300 <= cp <= 0x036F or (cp > 0x7F and unicodedata.name(chr(cp), "").startswith("LATIN"))}
    table = ChainMap(kept, {0x0626: "\u064a"}, dedup._HASH_CHAR_MAP)
    return dedup._WHITESPACE_RE.sub(" ", folded.translate(table)).strip()


def _refold_caches() -> None:
    import crawler.dedup as dedup

    for cached in (dedup.normalize_for_hash, dedup._paragraphs, dedup._alignment, dedup.band_buckets):
        cached.cache_clear()


def test_a_version_13_file_has_what_it_made_from_the_folding_made_again(tmp_path, monkeypatch):
    """Version 14: the body hash reads a hamza on any seat and Latin letters without accents. A
    file a version 13 crawler wrote (its hashes, signatures, lead keys and search spellings made by
    the folding of then) is made again on upgrade: a copy fetched after it, spelled the other
    way, is an ``exact`` copy of the article stored before; a story of its own is still new."""
    import crawler.dedup as dedup
    import crawler.storage
    from tests.test_spelling_variants import (EGYPTIAN_SPELLING, FRENCH_STORY, HAMZA_PARAGRAPH,
                                              OTHER_FRENCH_STORY, respelled, without_accents)
    from tests.test_shortened_copies import ARABIC_STORY

    path = tmp_path / "news.db"
    french, arabic = "\n\n".join(FRENCH_STORY), "\n\n".join([*ARABIC_STORY, HAMZA_PARAGRAPH])
    english = "\n\n".join(WIRE_STORY)
    edited_arabic = arabic + "\n\nوأكد الوزير أهمية المشروع."
    version_13 = Migrations("crawler")
    version_13._migrations = migrations._migrations[:13]
    assert version_13._migrations[-1].name == "0013_seen_urls_iis_case"  # what a version 13 crawler ran

    def item(url, body, title, site="a", fetched_at="2025-06-02T10:00:00+00:00"):
        return ArticleItem(url=url, canonical_url=url, site=site, title=title, body=body, fetched_at=fetched_at)

    with monkeypatch.context() as old_crawler:
        old_crawler.setattr(crawler.storage, "migrations", version_13)
        old_crawler.setattr(crawler.storage, "_NEXT_ARTICLE_ID", "NULL")  # SQLite's own id, as then
        old_crawler.setattr(dedup, "_fold", _v13_fold)
        _refold_caches()
        store = ArticleStore(path)
        stored = [store.save(item("https://lorient.test/1", french, "Le Premier ministre reçu à l'Élysée")),
                  store.save(item("https://petra.test/1", arabic, "محطة تحلية في العقبة")),
                  store.save(item("https://petra.test/2", english, "Aqaba plant")),
                  # an exact copy recorded before version 12 kept no text: made so below
                  store.save(item("https://courier.test/7", french, "Reçu à l'Élysée", site="b"))]
        # the article edited since: its first text is a version
        edited = store.save(item("https://petra.test/1", edited_arabic, "محطة تحلية في العقبة",
                                 fetched_at="2025-06-03T10:00:00+00:00"))
        store.close()
        assert [s.status for s in stored] == ["new", "new", "new", "duplicate"] and edited.status == "updated"
    _refold_caches()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 13
    conn.execute("UPDATE duplicates SET body = NULL")  # as a version 11 crawler recorded it
    before = dict(conn.execute("SELECT id, content_hash FROM articles").fetchall())
    english_signature = conn.execute("SELECT signature FROM minhash_signatures WHERE article_id = ?",
                                     [stored[2].article_id]).fetchone()[0]
    conn.commit()
    conn.close()

    db = open_database(path)
    assert schema_version(db) == LATEST >= 14
    french_id, arabic_id, english_id = (s.article_id for s in stored[:3])
    assert dict(db.execute("SELECT id, content_hash FROM articles").fetchall()) == {
        french_id: body_fingerprint(french), arabic_id: body_fingerprint(edited_arabic),
        english_id: before[english_id]}  # English text: folded as before
    assert before[french_id] != body_fingerprint(french)
    assert db.execute("SELECT content_hash FROM article_revisions WHERE article_id = ?",
                      [arabic_id]).fetchone()[0] == body_fingerprint(arabic)
    assert db.execute("SELECT content_hash FROM duplicates").fetchall() == [(body_fingerprint(french),)]
    signatures = dict(db.execute("SELECT article_id, signature FROM minhash_signatures").fetchall())
    assert signatures[french_id] == dedup.minhash_signature(french)
    assert signatures[english_id] == english_signature == dedup.minhash_signature(english)
    layout = dict(db.execute("SELECT name, value FROM minhash_params").fetchall())
    for article_id, signature in signatures.items():
        bands = db.execute("SELECT band, bucket FROM minhash_bands WHERE article_id = ?", [article_id]).fetchall()
        assert sorted(bands) == sorted(dedup.band_buckets(signature, layout["bands"], layout["rows"]))
    assert {row[0] for row in db.execute("SELECT key FROM lead_keys WHERE article_id = ?", [arabic_id])} \
        == set(dedup.lead_paragraph_keys(edited_arabic))
    from crawler.spellings import search_spellings
    spellings = dict(db.execute("SELECT id, search_spellings FROM articles").fetchall())
    assert spellings[french_id] == search_spellings("Le Premier ministre reçu à l'Élysée", french) == "oeuvre"
    # the full-text index reads the new spellings: a search for "مسئول" finds the story that writes "مسؤول"
    assert db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ['"مسءول"']).fetchall() \
        == [(arabic_id,)]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()

    store = ArticleStore(path)
    results = [store.save(item("https://agence.test/9", without_accents(french), "Recu a l'Elysee", site="c")),
               store.save(item("https://masr.test/2", respelled(arabic, EGYPTIAN_SPELLING), "محطة تحلية", site="c")),
               store.save(item("https://masr.test/3", respelled(edited_arabic, EGYPTIAN_SPELLING), "محطة تحلية",
                               site="c")),
               store.save(item("https://courier.test/7", french, "Reçu à l'Élysée", site="b")),
               store.save(item("https://agence.test/10", without_accents("\n\n".join(OTHER_FRENCH_STORY)),
                               "Inondations", site="c"))]
    store.close()
    outcomes = [(r.status, r.duplicate_kind, r.article_id) for r in results]
    assert outcomes[:4] == [("duplicate", "exact", french_id), ("duplicate", "near", arabic_id),
                            ("duplicate", "exact", arabic_id), ("duplicate", "exact", french_id)]
    assert outcomes[4][0] == "new"


def test_a_version_14_file_has_its_mobile_host_keys_folded_as_url_key_folds_them(tmp_path):
    """Version 15: ``m.site/x`` and ``mobile.site/x`` are keyed as ``site/x``. Two stored keys that
    fold into one keep the row of the article stored first; no article is deleted."""
    from crawler.urls import url_key

    path = tmp_path / "news.db"
    old_database(path, stop_before="0015_seen_urls_mobile_hosts")
    conn = sqlite3.connect(path)
    for n in (2, 3):
        conn.execute("INSERT INTO articles (id, url, canonical_url, body, content_hash, fetched_at, first_seen_at,"
                     " updated_at) VALUES (?, ?, ?, 'b', 'h', '2025-06-01', '2025-06-01', '2025-06-01')",
                     [n, f"https://m.s.ma/news/{n}", f"https://m.s.ma/news/{n}"])
    old_rows = [("//m.s.ma/news/1", 2),   # the mobile copy of article 1, stored as an article of its own
                ("//s.ma/news/1", 1),
                ("//m.s.ma/news/2", 2), ("//mobile.s.ma/news/2", 3),  # two mobile hosts, no desktop key
                ("//mobile.s.ma/news/3?id=4", 3), ("//m.s.ma:8080/p", 1),
                ("//m.me/story", 1), ("//s.ma/m/news/5", 1), ("//mm.s.ma/a", 1)]  # not mobile hosts
    conn.executemany("INSERT INTO seen_urls (url_key, article_id, fetched_at) VALUES (?, ?, '2025-06-01')", old_rows)
    conn.commit()
    conn.close()
    db = open_database(path)
    assert schema_version(db) == LATEST >= 15
    keys = dict(db.execute("SELECT url_key, article_id FROM seen_urls").fetchall())
    articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    db.close()
    assert keys == {"//s.ma/news/1": 1, "//s.ma/news/2": 2, "//s.ma/news/3?id=4": 3, "//s.ma:8080/p": 1,
                    "//m.me/story": 1, "//s.ma/m/news/5": 1, "//mm.s.ma/a": 1}
    assert set(keys) == {url_key("https:" + key) for key, _ in old_rows}
    assert articles == 3


def test_a_new_database_lists_the_latest_articles_through_the_index(tmp_path):
    db = open_database(tmp_path / "news.db")
    assert_reads_the_latest_index_in_order(db.conn, README_LATEST_QUERY)
    db.close()


def test_migrations_hold_their_own_statements(monkeypatch):
    """A shipped migration must not change when the code it once called does: its DDL is its own
    (the ensure_*_schema functions and sqlite-utils' enable_fts are not called). The backfills of
    0007 and 0009 call search_spellings and lead_paragraph_keys on purpose (see there)."""
    import crawler.dedup
    from sqlite_utils.db import Table

    def refuse(*args, **kwargs):
        raise AssertionError("a migration called code outside crawler/migrations.py for its DDL")

    for name in ("ensure_near_duplicate_schema", "ensure_lead_key_schema"):
        monkeypatch.setattr(crawler.dedup, name, refuse)
    monkeypatch.setattr(Table, "enable_fts", refuse)
    db = Database(memory=True)
    migrations.apply(db)
    assert [m.name for m in migrations.applied(db)] == ALL_MIGRATIONS


# --- another application's file ---------------------------------------------------------------
def test_another_applications_sqlite_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as conn:
        conn.executescript("CREATE TABLE t (x); INSERT INTO t VALUES (1); CREATE VIEW v AS SELECT x FROM t;")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotACrawlerDatabase, match=rf"^{path} is not a crawler database \(tables t, v, none of the "
                                                  r"crawler's: another application's SQLite file\); left unchanged"):
        open_database(path)
    with pytest.raises(NotACrawlerDatabase):
        ArticleStore(path)
    with pytest.raises(NotACrawlerDatabase):
        check_writable_database(path)
    assert path.read_bytes() == before  # no table added, still in rollback-journal mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]


def test_a_file_with_another_applications_migrations_is_refused(tmp_path):
    # sqlite-utils' migrations table is shared: another application's set is not ours.
    path = tmp_path / "app.db"
    other = Database(sqlite3.connect(path, isolation_level=None))
    other_migrations = Migrations("another_app")
    other_migrations(name="0001_notes")(lambda db: db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text)"))
    other_migrations.apply(other)
    other.close()
    with pytest.raises(NotACrawlerDatabase, match="tables notes, none of the crawler's"):
        open_database(path)


def test_an_empty_file_and_a_crawler_database_are_opened(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()  # `touch news.db` before the first crawl
    check_writable_database(empty)
    db = open_database(empty)
    assert schema_version(db) == LATEST
    db.close()
    check_writable_database(empty)
    check_writable_database(tmp_path / "missing.db")
    path = tmp_path / "old.db"
    old_database(path, stop_before="0002_duplicates_revisions_seen")
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE my_notes (article_id INTEGER)")  # a reader's own table beside ours
    conn.close()
    check_writable_database(path)
    db = open_database(path)
    assert schema_version(db) == LATEST
    db.close()


def test_a_user_version_beyond_the_known_migrations_is_refused_and_left_as_it_is(tmp_path):
    # No unknown migration recorded, only the version ahead (a newer crawler, or a tool, set it):
    # it was lowered to this crawler's count without a word.
    path = tmp_path / "news.db"
    old_database(path, stop_before="9999")
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StorageError, match=rf"schema is newer than this crawler \(user_version {LATEST + 1}; "
                                           rf"this crawler knows {LATEST} migrations\): upgrade"):
        open_database(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    conn.close()
