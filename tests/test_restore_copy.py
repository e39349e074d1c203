"""`crawler restore-copy ID`: a copy the deduplicator merged by mistake becomes an article of its own.

An editor reading the `duplicates` table finds a page recorded as a copy that is another story
(another day's bulletin, another brief written from one template). The row kept the copy's own
text, title, dates, authors and language (schema version 12); the command stores them as an
article — searchable, deduplicated against later pages — and the next crawl finds the page stored
as itself, never merging it again. A real SQLite file each.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from crawler import cli
from crawler.errors import CopyNotRestorable
from crawler.items import ArticleItem
from crawler.storage import ArticleStore
from tests.conftest import rows

STORY = [
    "The ministry of water announced on Sunday a plan to repair the northern pipeline that carries "
    "drinking water to four governorates after a month of cuts that left villages without supply.",
    "Engineers will replace forty kilometres of old pipe and build two pumping stations along the "
    "route, the minister told reporters at a press conference in the capital on Sunday afternoon.",
    "The work is expected to take eight months and will be paid for by a loan from a regional "
    "development fund, which approved the financing at its board meeting last week in Amman.",
    "Residents of the affected villages have been buying water from private tankers at prices "
    "that tripled over the summer, according to a survey published by a local aid group.",
]
# The same text on another outlet, with a paragraph of its own: a near copy by MinHash. Here the
# editor has decided it is a story of its own (the test only needs a copy the store recorded).
COPY = STORY + ["The aid group said it would distribute water vouchers to four hundred families in "
                "the northern villages until the repairs are finished next summer."]


def item(url: str, paragraphs: list[str], title: str, *, site: str,
         published: str = "2026-12-06T08:00:00+00:00") -> ArticleItem:
    return ArticleItem(url=url, canonical_url=url, site=site, title=title, language="en",
                       authors=["Rana Haddad"], body="\n\n".join(paragraphs), published_at=published,
                       fetched_at="2026-12-07T10:00:00+00:00")


ORIGINAL = item("https://a.example/news/1", STORY, "Ministry to repair northern pipeline", site="a")
OTHER = item("https://b.example/2026/12/06/pipeline", COPY, "Water vouchers for northern villages", site="b",
             published="2026-12-06T11:30:00+00:00")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    try:
        assert store.save(ORIGINAL).status == "new"
        outcome = store.save(OTHER)
        assert (outcome.status, outcome.duplicate_kind) == ("duplicate", "near")
    finally:
        store.close()
    return path


def copy_id(db: Path, url: str) -> int:
    return rows(db, "SELECT id FROM duplicates WHERE url = ?", [url])[0]["id"]


def test_a_restored_copy_is_an_article_with_its_own_text_dates_and_authors(db: Path, capsys):
    restored = copy_id(db, OTHER.url)

    assert cli.main(["restore-copy", "--db", str(db), str(restored)]) == 0

    out = capsys.readouterr().out
    article = rows(db, "SELECT * FROM articles WHERE url = ?", [OTHER.url])[0]
    assert out.strip() == (f"copy {restored} restored as article {article['id']}: {OTHER.url}"
                           f" (had been recorded as a near copy of article 1)")
    assert article["title"] == "Water vouchers for northern villages"
    assert article["body"] == OTHER.body
    assert (article["site"], article["canonical_url"], article["language"]) == ("b", OTHER.url, "en")
    assert article["published_at"] == "2026-12-06T11:30:00+00:00"
    assert article["authors"] == '["Rana Haddad"]'
    assert article["word_count"] > 0
    assert rows(db, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0
    # searchable, and its address leads to it, not to the article it had been merged into
    assert [r["rowid"] for r in rows(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'vouchers'")] \
        == [article["id"]]
    assert {r["article_id"] for r in rows(db, "SELECT article_id FROM seen_urls")} == {1, article["id"]}
    # the original is untouched
    assert rows(db, "SELECT title, version FROM articles WHERE id = 1") == \
        [{"title": "Ministry to repair northern pipeline", "version": 1}]


def test_the_next_crawl_finds_the_restored_page_stored_as_itself(db: Path):
    store = ArticleStore(db)
    try:
        restored = store.restore_copy(copy_id(db, OTHER.url))
        # fetched again, unchanged: its own article, not a copy of the first one again
        assert (store.save(OTHER).status, store.save(OTHER).article_id) == ("unchanged", restored.article_id)
        # edited by its site: a revision of the restored article
        edited = item(OTHER.url, COPY + ["The ministry said the first station would open in March."],
                      OTHER.title, site="b", published=OTHER.published_at)
        outcome = store.save(edited)
        assert (outcome.status, outcome.article_id) == ("updated", restored.article_id)
        # a third outlet's word-for-word copy of it is a copy of it (its MinHash and hash are stored)
        third = item("https://c.example/water", edited.body.split("\n\n"), "Vouchers for villages", site="c")
        outcome = store.save(third)
        assert (outcome.status, outcome.article_id) == ("duplicate", restored.article_id)
    finally:
        store.close()
    assert rows(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 2


def test_copies_that_cannot_be_restored_are_named_and_the_others_restored(db: Path, capsys):
    store = ArticleStore(db)
    try:
        # another address of the first article, same text: a `url` copy
        assert store.save(replace(ORIGINAL, url="https://a.example/politics/ministry-to-repair-pipeline")).status == "unchanged"
    finally:
        store.close()
    url_copy = copy_id(db, "https://a.example/politics/ministry-to-repair-pipeline")
    assert rows(db, "SELECT kind FROM duplicates WHERE id = ?", [url_copy]) == [{"kind": "url"}]
    near_copy = copy_id(db, OTHER.url)

    code = cli.main(["restore-copy", "--db", str(db), "999", str(url_copy), str(near_copy)])

    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.splitlines() == [
        f"Error: no copy 999 in the duplicates table of {db}",
        f"Error: copy {url_copy} (https://a.example/politics/ministry-to-repair-pipeline) is another address of article 1 with the same"
        f" text, not another story: nothing to restore",
    ]
    assert "restored as article" in captured.out
    assert rows(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 2


def test_a_copy_recorded_before_version_12_says_its_text_comes_with_the_next_fetch(db: Path):
    import sqlite3

    with sqlite3.connect(db) as conn:  # as a row migrated from version 11 holds it
        conn.execute("UPDATE duplicates SET body = NULL, authors = NULL, published_at = NULL")
    store = ArticleStore(db)
    try:
        with pytest.raises(CopyNotRestorable, match="before schema version 12, without its text"):
            store.restore_copy(copy_id(db, OTHER.url))
    finally:
        store.close()
    assert rows(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 1
    assert rows(db, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 1


def test_a_copy_that_declared_the_articles_canonical_is_stored_at_its_own_address(tmp_path: Path):
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    try:
        store.save(ORIGINAL)
        # a template canonical: the copy's page declares the first article's address
        copy = item(OTHER.url, COPY, OTHER.title, site="b")
        store.save(copy)
        recorded = copy_id(path, OTHER.url)
        store.db.execute("UPDATE duplicates SET canonical_url = ? WHERE id = ?", [ORIGINAL.url, recorded])
        restored = store.restore_copy(recorded)
    finally:
        store.close()
    assert rows(path, "SELECT canonical_url FROM articles WHERE id = ?", [restored.article_id]) == \
        [{"canonical_url": OTHER.url}]


def test_a_missing_database_is_an_error_and_no_file_is_created(tmp_path: Path, capsys):
    missing = tmp_path / "typo.db"

    assert cli.main(["restore-copy", "--db", str(missing), "1"]) == 2

    assert capsys.readouterr().err.strip() == f"Error: no database at {missing}"
    assert not missing.exists()
