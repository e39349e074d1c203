"""The database schema, as forward migrations (the schema is a public contract: docs/schema.md).

Each migration is a function registered on :data:`migrations`, applied once, in order, in its
own transaction, when storage opens a database (``crawler.storage.open_database``). A database
written by an older version is upgraded in place, never recreated. Never edit a migration that
has shipped: add a new one, bump nothing by hand — ``PRAGMA user_version`` is set to the number
of applied migrations, and that number is the ``schema_version`` readers can check.
"""

from __future__ import annotations

import re

from sqlite_utils import Database, Migrations

migrations = Migrations("crawler")


@migrations(name="0001_articles")
def m0001_articles(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            site TEXT,
            title TEXT,
            body TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',
            published_at TEXT,
            published_at_raw TEXT,
            modified_at TEXT,
            language TEXT,
            description TEXT,
            site_name TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            image TEXT,
            content_hash TEXT NOT NULL,
            word_count INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL DEFAULT 1,
            fetched_at TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_articles_content_hash ON articles(content_hash)")
    db.execute("CREATE INDEX idx_articles_site_published ON articles(site, published_at)")
    db.execute("CREATE INDEX idx_articles_published ON articles(published_at)")
    db.execute("CREATE INDEX idx_articles_updated ON articles(updated_at)")
    # Full-text search on title and body, kept in sync by triggers. The statements sqlite-utils
    # 4's ``enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61")`` ran when
    # this migration shipped, written out: a later sqlite-utils must not change a shipped step.
    db.execute('CREATE VIRTUAL TABLE "articles_fts" USING FTS5 (\n'
               '    "title", "body",\n'
               "    tokenize='unicode61',\n"
               '    content="articles"\n'
               ")")
    db.execute('INSERT INTO "articles_fts" (rowid, "title", "body")\n'
               '    SELECT rowid, "title", "body" FROM "articles";')
    db.execute('CREATE TRIGGER "articles_ai" AFTER INSERT ON "articles" BEGIN\n'
               '  INSERT INTO "articles_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");\n'
               "END;")
    db.execute('CREATE TRIGGER "articles_ad" AFTER DELETE ON "articles" BEGIN\n'
               '  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "body")'
               """ VALUES('delete', old.rowid, old."title", old."body");\n"""
               "END;")
    db.execute('CREATE TRIGGER "articles_au" AFTER UPDATE ON "articles" BEGIN\n'
               '  INSERT INTO "articles_fts" ("articles_fts", rowid, "title", "body")'
               """ VALUES('delete', old.rowid, old."title", old."body");\n"""
               '  INSERT INTO "articles_fts" (rowid, "title", "body") VALUES (new.rowid, new."title", new."body");\n'
               "END;")


@migrations(name="0002_duplicates_revisions_seen")
def m0002_duplicates_revisions_seen(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE duplicates (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT,
            site TEXT,
            duplicate_of INTEGER NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL CHECK (kind IN ('url', 'exact', 'near')),
            similarity REAL NOT NULL,
            title TEXT,
            content_hash TEXT,
            seen_at TEXT NOT NULL,
            UNIQUE (url, duplicate_of)
        )
        """
    )
    db.execute("CREATE INDEX idx_duplicates_duplicate_of ON duplicates(duplicate_of)")
    db.execute(
        """
        CREATE TABLE article_revisions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            title TEXT,
            body TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            published_at TEXT,
            modified_at TEXT,
            fetched_at TEXT NOT NULL,
            replaced_at TEXT NOT NULL,
            UNIQUE (article_id, version)
        )
        """
    )
    # Every URL that led to a stored article or duplicate, by its canonical key: the
    # "already fetched" check before download reads this through its primary key.
    db.execute(
        """
        CREATE TABLE seen_urls (
            url_key TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            lastmod TEXT,
            fetched_at TEXT NOT NULL
        ) WITHOUT ROWID
        """
    )
    # The near-duplicate index (crawler.dedup.NearDuplicateIndex), as
    # crawler.dedup.ensure_near_duplicate_schema created it when this migration shipped.
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_signatures ("
        "article_id INTEGER PRIMARY KEY, signature BLOB NOT NULL)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_bands ("
        "band INTEGER NOT NULL, bucket INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (band, bucket, article_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_params (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
    )


@migrations(name="0003_latest_articles_view")
def m0003_latest_articles_view(db: Database) -> None:
    db.execute(
        """
        CREATE VIEW latest_articles AS
        SELECT id, site, url, canonical_url, title, authors, published_at, modified_at,
               language, description, tags, image, word_count, version, first_seen_at, updated_at
        FROM articles
        ORDER BY COALESCE(published_at, first_seen_at) DESC
        """
    )


@migrations(name="0004_crawl_runs")
def m0004_crawl_runs(db: Database) -> None:
    # One row per site per crawl: inserted 'running' when the crawl opens, completed when it
    # closes (crawler/runs.py). A row left 'running' by a dead process is later marked 'killed'.
    db.execute(
        """
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            finish_reason TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'finished', 'interrupted', 'failed', 'killed')),
            failure TEXT,
            pid INTEGER,
            requests INTEGER NOT NULL DEFAULT 0,
            responses_2xx INTEGER NOT NULL DEFAULT 0,
            responses_3xx INTEGER NOT NULL DEFAULT 0,
            responses_4xx INTEGER NOT NULL DEFAULT 0,
            responses_5xx INTEGER NOT NULL DEFAULT 0,
            articles_new INTEGER NOT NULL DEFAULT 0,
            articles_updated INTEGER NOT NULL DEFAULT 0,
            articles_unchanged INTEGER NOT NULL DEFAULT 0,
            articles_duplicate INTEGER NOT NULL DEFAULT 0,
            pages_fetched INTEGER NOT NULL DEFAULT 0,
            pages_not_articles INTEGER NOT NULL DEFAULT 0,
            error_count INTEGER NOT NULL DEFAULT 0,
            errors TEXT NOT NULL DEFAULT '{}',
            articles_checked INTEGER NOT NULL DEFAULT 0,
            date_share REAL,
            author_share REAL,
            title_share REAL,
            median_words REAL,
            rejected_share REAL,
            degraded INTEGER NOT NULL DEFAULT 0,
            degraded_reason TEXT
        )
        """
    )
    db.execute("CREATE INDEX idx_crawl_runs_site ON crawl_runs(site, id)")


@migrations(name="0005_fetch_errors")
def m0005_fetch_errors(db: Database) -> None:
    # One row per failed URL of a site (pipelines/errors.py): a failure seen again in a later
    # crawl bumps ``attempts`` and ``last_seen`` instead of adding a row.
    db.execute(
        """
        CREATE TABLE fetch_errors (
            id INTEGER PRIMARY KEY,
            site TEXT NOT NULL,
            url TEXT NOT NULL,
            kind TEXT NOT NULL,
            status INTEGER,
            message TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            UNIQUE (site, url)
        )
        """
    )
    db.execute("CREATE INDEX idx_fetch_errors_site_kind ON fetch_errors(site, kind)")


@migrations(name="0006_fts_indexed_per_batch")
def m0006_fts_indexed_per_batch(db: Database) -> None:
    # New articles are indexed by ArticleStore with one INSERT ... SELECT per written batch,
    # in the batch's transaction. The AFTER INSERT trigger indexed them one statement at a
    # time, and FTS5 writes its pending index to disk at every statement that touches it: a
    # segment per article, merged again and again (2.5x the CPU of indexing the batch at
    # once). The update and delete triggers stay: those are rare.
    db.execute('DROP TRIGGER IF EXISTS "articles_ai"')


@migrations(name="0007_search_spellings")
def m0007_search_spellings(db: Database) -> None:
    # Arabic spelling variants become searchable (crawler/spellings.py): each article keeps,
    # beside its text, the folded, prefix-less form of the words SQLite's unicode61 tokenizer
    # reads differently (الأردن and بالأردن -> اردن, مُحمّد -> محمد), and the full-text index
    # covers that column too. Existing rows are filled in here and the index is rebuilt once.
    # The fill calls the live search_spellings on purpose: the column must hold what the store
    # writes for new articles and what crawler search's query forms expect; a change of that
    # folding needs a migration of its own that fills the column again.
    from crawler.spellings import search_spellings

    db.execute("ALTER TABLE articles ADD COLUMN search_spellings TEXT NOT NULL DEFAULT ''")
    for trigger in ("articles_ai", "articles_au", "articles_ad"):
        db.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
    last_id = 0
    while rows := db.execute("SELECT id, title, body FROM articles WHERE id > ? ORDER BY id LIMIT 500",
                             [last_id]).fetchall():
        db.conn.executemany("UPDATE articles SET search_spellings = ? WHERE id = ?",
                            [(search_spellings(title, body), article_id) for article_id, title, body in rows])
        last_id = rows[-1][0]
    db.execute("DROP TABLE IF EXISTS articles_fts")
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, search_spellings, "
               "tokenize='unicode61', content='articles')")
    db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    # New rows are indexed per written batch by the store (0006); these keep updates and
    # deletes in sync, and fire only when an indexed column changes.
    db.execute(
        """
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, title, body, search_spellings)
          VALUES ('delete', old.id, old.title, old.body, old.search_spellings);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER articles_au AFTER UPDATE OF title, body, search_spellings ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, title, body, search_spellings)
          VALUES ('delete', old.id, old.title, old.body, old.search_spellings);
          INSERT INTO articles_fts (rowid, title, body, search_spellings)
          VALUES (new.id, new.title, new.body, new.search_spellings);
        END
        """
    )


@migrations(name="0008_articles_gone_at")
def m0008_articles_gone_at(db: Database) -> None:
    # A stored article whose address now answers 404 or 410 (a publisher's takedown) is marked,
    # never deleted: its text stays, and readers can tell what is no longer online.
    db.execute("ALTER TABLE articles ADD COLUMN gone_at TEXT")


@migrations(name="0009_shortened_copies")
def m0009_shortened_copies(db: Database) -> None:
    # Shortened copies (an agency story cut to its first paragraphs by another outlet) share too
    # few shingles with the story for MinHash; they share its lead paragraphs word for word.
    # Every stored article is keyed here, so a cut copy of an article stored before the upgrade
    # is found too; and duplicates.kind takes 'shortened' (a CHECK constraint: the table is
    # rebuilt, rows and ids kept).
    # The table as crawler.dedup.ensure_lead_key_schema created it when this migration shipped.
    # The keys are computed by the live lead_paragraph_keys on purpose: the store looks a page's
    # keys up with that function, so keys of another making would never match; a change of it
    # needs a migration of its own that keys the articles again.
    from crawler.dedup import lead_paragraph_keys

    db.execute(
        "CREATE TABLE IF NOT EXISTS lead_keys ("
        "key INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_lead_keys_article ON lead_keys(article_id)")
    last_id = 0
    while rows := db.execute("SELECT id, body FROM articles WHERE id > ? ORDER BY id LIMIT 500",
                             [last_id]).fetchall():
        db.conn.executemany("INSERT OR IGNORE INTO lead_keys (key, article_id) VALUES (?, ?)",
                            [(key, article_id) for article_id, body in rows for key in lead_paragraph_keys(body)])
        last_id = rows[-1][0]
    db.execute(
        """
        CREATE TABLE duplicates_0009 (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT,
            site TEXT,
            duplicate_of INTEGER NOT NULL REFERENCES articles(id),
            kind TEXT NOT NULL CHECK (kind IN ('url', 'exact', 'near', 'shortened')),
            similarity REAL NOT NULL,
            title TEXT,
            content_hash TEXT,
            seen_at TEXT NOT NULL,
            UNIQUE (url, duplicate_of)
        )
        """
    )
    columns = "id, url, canonical_url, site, duplicate_of, kind, similarity, title, content_hash, seen_at"
    db.execute(f"INSERT INTO duplicates_0009 ({columns}) SELECT {columns} FROM duplicates")
    _replace_table(db, "duplicates", "duplicates_0009")


def _replace_table(db: Database, table: str, rebuilt: str) -> None:
    """Replace ``table`` by ``rebuilt`` (its new form, rows already copied), keeping what a
    reader built on it: SQLite's generalized ALTER TABLE procedure (lang_altertable.html, "making
    other kinds of table schema changes"), steps 3 and 6-8, inside the migration's transaction.

    The indexes and triggers *on* ``table`` (ours, and any a reader added) go with ``DROP TABLE``:
    their SQL is read first and run again, in creation order, once ``rebuilt`` has the name.
    Views and triggers elsewhere that read ``table`` by name are not dropped, and read the rebuilt
    table afterwards; but ``ALTER TABLE ... RENAME`` (SQLite 3.26+) checks every view and trigger
    of the schema first, and one that names a table that is gone for the moment fails it ("error
    in view v: no such table: main.duplicates"). So the rename runs with ``legacy_alter_table``
    on, which renames only ``rebuilt`` itself (nothing refers to that temporary name), and the
    setting is put back as it was.
    """
    attached = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        " ORDER BY rowid", [table]).fetchall()
    db.execute(f'DROP TABLE "{table}"')
    legacy = db.execute("PRAGMA legacy_alter_table").fetchone()[0]
    db.execute("PRAGMA legacy_alter_table = ON")
    try:
        db.execute(f'ALTER TABLE "{rebuilt}" RENAME TO "{table}"')
    finally:
        db.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")
    for (sql,) in attached:
        db.execute(sql)


@migrations(name="0010_delete_cascade_and_latest_index")
def m0010_delete_cascade_and_latest_index(db: Database) -> None:
    # Deleting an article by SQL (a retention job, a cleanup by hand: docs/schema.md allows it)
    # left its rows in the other tables. A crawl then took its addresses for stored (seen_urls)
    # and failed on the foreign keys storing a copy of it (the near-duplicate index still held
    # it) or fetching it again; and SQLite gives the largest id again after that row is deleted,
    # so the leftovers could also come to name another article. The trigger deletes them with
    # the article, whatever the connection's foreign_keys setting (the sqlite3 shell's is off;
    # with it on, the delete used to fail).
    #
    # Its deletes go through indexes: seen_urls and minhash_bands had none on article_id (the
    # crawl reads them by URL key and by band bucket), and a scan of both per deleted article
    # took 0.27 s at 200,000 articles. duplicates (duplicate_of), article_revisions (article_id,
    # version), lead_keys and minhash_signatures have theirs.
    db.execute("CREATE INDEX idx_seen_urls_article ON seen_urls(article_id)")
    db.execute("CREATE INDEX idx_minhash_bands_article ON minhash_bands(article_id)")
    # Rows left by deletes before this version go now. Each table's article ids are read once,
    # from the index on them, and looked up in articles: looking up each of minhash_bands' 20
    # rows per article took 20 s at 200,000 articles, this under 1 s.
    for table, column in (("seen_urls", "article_id"), ("duplicates", "duplicate_of"),
                          ("article_revisions", "article_id"), ("lead_keys", "article_id"),
                          ("minhash_bands", "article_id"), ("minhash_signatures", "article_id")):
        db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT {column} FROM (SELECT DISTINCT {column} "
                   f"FROM {table}) WHERE {column} NOT IN (SELECT id FROM articles))")
    db.execute(
        """
        CREATE TRIGGER articles_delete_cascade AFTER DELETE ON articles BEGIN
          DELETE FROM seen_urls WHERE article_id = old.id;
          DELETE FROM duplicates WHERE duplicate_of = old.id;
          DELETE FROM article_revisions WHERE article_id = old.id;
          DELETE FROM lead_keys WHERE article_id = old.id;
          DELETE FROM minhash_bands WHERE article_id = old.id;
          DELETE FROM minhash_signatures WHERE article_id = old.id;
        END
        """
    )
    # latest_articles orders by this expression (0003): without an index on it, every query of
    # the view read and sorted the whole table (187 ms at 200,000 articles; 0.4 ms with it).
    db.execute("CREATE INDEX idx_articles_latest ON articles(COALESCE(published_at, first_seen_at))")


@migrations(name="0011_crawl_runs_gone_withheld")
def m0011_crawl_runs_gone_withheld(db: Database) -> None:
    # A run whose answers were mostly 404/410 or redirects home (a site down or broken: a "gone
    # storm", GONE_STORM_SHARE) marks no article gone; only a log line and the crawl's Warning:
    # line said so, and a dashboard reading crawl_runs saw a run like any other. Older rows get 0:
    # whether their marks were withheld was not recorded.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN gone_withheld INTEGER NOT NULL DEFAULT 0")


@migrations(name="0012_duplicates_keep_their_text")
def m0012_duplicates_keep_their_text(db: Database) -> None:
    # A page judged a copy kept only its URL, title and hash: its text, dates and authors were
    # stored nowhere, so a wrong merge (another day's bulletin, another brief from one template)
    # could not be undone. A copy now keeps what an editor needs to restore it as an article.
    # Rows written before this version have NULL there: their text was never stored. ADD COLUMN
    # only: no table rebuild, no backfill, so the upgrade takes no time whatever the file's size.
    for column in ("body", "published_at", "modified_at", "authors", "language"):
        db.execute(f"ALTER TABLE duplicates ADD COLUMN {column} TEXT")


_IIS_PAGE_KEY = re.compile(r"^//[^/?]*(/[^?]*\.aspx?)(?:\?(.*))?$", re.IGNORECASE)
_KEY_PERCENT_ESCAPE = re.compile(r"%[0-9a-f]{2}")


def _iis_folded_key(key: str) -> str:
    """``key`` as ``crawler.urls.url_key`` keys it since version 13: an ``.asp``/``.aspx`` page's
    path and parameter names in lower case (percent-escapes upper-case), parameters sorted by
    name and value. Frozen here, as this migration shipped."""
    match = _IIS_PAGE_KEY.match(key)
    if match is None:
        return key
    upper = lambda m: m.group(0).upper()  # noqa: E731
    netloc = key[:match.start(1)]
    path = _KEY_PERCENT_ESCAPE.sub(upper, match.group(1).lower())
    query = match.group(2)
    if not query:
        return netloc + path
    pairs = []
    for piece in query.split("&"):
        name, equals, value = piece.partition("=")
        pairs.append((_KEY_PERCENT_ESCAPE.sub(upper, name.lower()), equals, value))
    pairs.sort(key=lambda pair: (pair[0], pair[2]))
    return netloc + path + "?" + "&".join(name + equals + value for name, equals, value in pairs)


@migrations(name="0013_seen_urls_iis_case")
def m0013_seen_urls_iis_case(db: Database) -> None:
    # An ASP/ASP.NET page's key no longer depends on the case of its path and parameter names
    # (IIS serves /News/Details.aspx?Id=1 and /news/details.aspx?id=1 as one page): the keys
    # stored before are re-keyed so that the "already stored" check still finds them. Two old
    # keys that fold into one keep the row already there (the one the crawl met first).
    rows = db.execute("SELECT url_key FROM seen_urls WHERE url_key LIKE '%.asp%'").fetchall()
    for (key,) in rows:
        folded = _iis_folded_key(key)
        if folded == key:
            continue
        db.execute("UPDATE OR IGNORE seen_urls SET url_key = ? WHERE url_key = ?", [folded, key])
        db.execute("DELETE FROM seen_urls WHERE url_key = ?", [key])


def _folded_before_0014(text: str) -> str:
    """``text`` as ``crawler.dedup.normalize_for_hash`` folded it before version 14: the live
    folding without what 0014 added (ؤ kept, ئ -> ي, no final يء -> ء, Latin letters as written).
    Tells the texts whose folding 0014 changed, whatever later migrations change besides."""
    import unicodedata
    from collections import ChainMap

    from crawler.dedup import _HASH_CHAR_MAP, _WHITESPACE_RE

    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = {code_point: code_point for code_point in map(ord, set(folded))
            if code_point == 0x0624 or 0x0300 <= code_point <= 0x036F
            or (code_point > 0x7F and unicodedata.name(chr(code_point), "").startswith("LATIN"))}
    return _WHITESPACE_RE.sub(" ", folded.translate(ChainMap(kept, {0x0626: "\u064a"}, _HASH_CHAR_MAP))).strip()


@migrations(name="0014_hash_folding_hamza_seats_and_accents")
def m0014_hash_folding_hamza_seats_and_accents(db: Database) -> None:
    # crawler.dedup.normalize_for_hash now reads a hamza the same on any seat (ؤ, ئ -> ء; a
    # final "يء" as "ئ") and Latin letters without their accents (é -> e, œ -> oe): two copies
    # of one story spelled so were a near copy, or, a French copy without its accents, a new
    # article. Everything stored that was made from that folding is made again, so that a page
    # fetched after the upgrade compares equal with the rows stored before it: content_hash of
    # articles, of their revisions and of copies whose text is kept (version 12 on), the
    # MinHash signatures and their LSH bands, the lead paragraph keys, search_spellings (and
    # the full-text index through its update trigger). Like 0007 and 0009, this calls the live
    # functions on purpose: the columns must hold what the store writes and looks up; another
    # change of the folding needs a migration of its own. A text whose folding this change does
    # not touch (English) is left as it is: its hash, signature and keys.
    from crawler.dedup import (band_buckets, body_fingerprint, lead_paragraph_keys, minhash_signature,
                               normalize_for_hash)
    from crawler.spellings import search_spellings

    def refolded(body: str) -> bool:
        return _folded_before_0014(body) != normalize_for_hash(body)

    layout = dict(db.execute("SELECT name, value FROM minhash_params").fetchall())
    bands, rows_per_band = layout.get("bands"), layout.get("rows")
    # each article's hashes before and after, for copies recorded without their text
    db.execute("CREATE TEMP TABLE refolded_0014 (article_id INTEGER NOT NULL, old TEXT NOT NULL, new TEXT NOT NULL)")
    last_id = 0
    while rows := db.execute("SELECT id, title, body, content_hash, search_spellings FROM articles WHERE id > ?"
                             " ORDER BY id LIMIT 500", [last_id]).fetchall():
        last_id = rows[-1][0]
        for article_id, title, body, old_hash, old_spellings in rows:
            spellings = search_spellings(title, body)
            if spellings != old_spellings:
                db.execute("UPDATE articles SET search_spellings = ? WHERE id = ?", [spellings, article_id])
            if not refolded(body):
                continue
            new_hash = body_fingerprint(body)
            db.execute("UPDATE articles SET content_hash = ? WHERE id = ?", [new_hash, article_id])
            db.execute("INSERT INTO refolded_0014 VALUES (?, ?, ?)", [article_id, old_hash, new_hash])
            keyed = db.execute("SELECT 1 FROM lead_keys WHERE article_id = ? LIMIT 1", [article_id]).fetchone()
            signed = db.execute("SELECT signature FROM minhash_signatures WHERE article_id = ?",
                                [article_id]).fetchone()
            if keyed or signed:  # an article the near-duplicate index holds: keyed again
                db.execute("DELETE FROM lead_keys WHERE article_id = ?", [article_id])
                db.conn.executemany("INSERT OR IGNORE INTO lead_keys (key, article_id) VALUES (?, ?)",
                                    [(key, article_id) for key in lead_paragraph_keys(body)])
            # (a signature of the wrong length is not one the store wrote: left as it is)
            if signed and signed[0] and len(signed[0]) % 4 == 0:
                old_signature = signed[0]
                signature = minhash_signature(body, num_perm=len(old_signature) // 4)
                if signature == old_signature:
                    continue
                db.execute("UPDATE minhash_signatures SET signature = ? WHERE article_id = ?",
                           [signature, article_id])
                if bands and rows_per_band:
                    db.execute("DELETE FROM minhash_bands WHERE article_id = ?", [article_id])
                    db.conn.executemany(
                        "INSERT OR IGNORE INTO minhash_bands (band, bucket, article_id) VALUES (?, ?, ?)",
                        [(band, bucket, article_id)
                         for band, bucket in band_buckets(signature, bands, rows_per_band)])
    last_id = 0
    while rows := db.execute("SELECT id, article_id, body, content_hash FROM article_revisions WHERE id > ?"
                             " ORDER BY id LIMIT 500", [last_id]).fetchall():
        last_id = rows[-1][0]
        for revision_id, article_id, body, old_hash in rows:
            if refolded(body):
                new_hash = body_fingerprint(body)
                db.execute("UPDATE article_revisions SET content_hash = ? WHERE id = ?", [new_hash, revision_id])
                db.execute("INSERT INTO refolded_0014 VALUES (?, ?, ?)", [article_id, old_hash, new_hash])
    last_id = 0
    while rows := db.execute("SELECT id, body FROM duplicates WHERE id > ? AND body IS NOT NULL"
                             " ORDER BY id LIMIT 500", [last_id]).fetchall():
        last_id = rows[-1][0]
        db.conn.executemany("UPDATE duplicates SET content_hash = ? WHERE id = ?",
                            [(body_fingerprint(body), copy_id) for copy_id, body in rows if refolded(body)])
    # A copy recorded before version 12 kept its hash, not its text: a `url` or `exact` copy's
    # hash is its article's (or one of its versions'), and takes the new hash of that text. A
    # `near` or `shortened` copy's hash was of its own text, which is not stored: it stays.
    db.execute("CREATE INDEX temp.idx_refolded_0014 ON refolded_0014(article_id, old)")
    db.execute(
        """
        UPDATE duplicates SET content_hash = (
            SELECT new FROM refolded_0014 r WHERE r.article_id = duplicates.duplicate_of
            AND r.old = duplicates.content_hash ORDER BY r.rowid LIMIT 1)
        WHERE body IS NULL AND EXISTS (
            SELECT 1 FROM refolded_0014 r WHERE r.article_id = duplicates.duplicate_of
            AND r.old = duplicates.content_hash)
        """
    )
    db.execute("DROP TABLE temp.refolded_0014")


_MOBILE_KEY = re.compile(r"^//(?:m|mobile)\.(?=[^./:\[\]]+\.[^./:\[\]])")


def _mobile_folded_key(key: str) -> str:
    """``key`` as ``crawler.urls.url_key`` keys it since version 15: without a leading ``m.`` or
    ``mobile.`` on a host with two labels after it. Frozen here, as this migration shipped."""
    return _MOBILE_KEY.sub("//", key, count=1)


@migrations(name="0015_seen_urls_mobile_hosts")
def m0015_seen_urls_mobile_hosts(db: Database) -> None:
    # A site's mobile host (m.site, mobile.site) at the same path is its desktop address: the
    # keys stored before are re-keyed so that the "already stored" check finds them under the
    # key url_key now gives both. Two old keys that fold into one (the desktop and the mobile
    # address, stored as two articles when the mobile page named no canonical and the copy was
    # not caught) keep the row of the article stored first (the lower id; the row already at the
    # folded key when both name one article); the other key is dropped, as 0013 did. No article
    # is deleted or merged: each keeps its canonical_url, by which the store finds it first.
    # (a key has no "www." before it: url_key always took that off)
    rows = db.execute("SELECT url_key, article_id FROM seen_urls WHERE url_key LIKE '//m.%'"
                      " OR url_key LIKE '//mobile.%' ORDER BY article_id, url_key").fetchall()
    for key, article_id in rows:
        folded = _mobile_folded_key(key)
        if folded == key:
            continue
        there = db.execute("SELECT article_id FROM seen_urls WHERE url_key = ?", [folded]).fetchone()
        if there is not None and there[0] > article_id:
            db.execute("DELETE FROM seen_urls WHERE url_key = ?", [folded])
            there = None
        if there is None:
            db.execute("UPDATE seen_urls SET url_key = ? WHERE url_key = ?", [folded, key])
        else:
            db.execute("DELETE FROM seen_urls WHERE url_key = ?", [key])


@migrations(name="0016_crawl_runs_distributed")
def m0016_crawl_runs_distributed(db: Database) -> None:
    # A distributed crawl (crawler processes + `crawler ingest`) left no crawl_runs row: no last
    # run, no last success, health "ok" for want of runs. The writer now keeps one row per site
    # and distributed run id, merged from the processes' reports. Local rows have NULL in both.
    db.execute("ALTER TABLE crawl_runs ADD COLUMN distributed_run TEXT")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN processes TEXT")
    db.execute("CREATE INDEX idx_crawl_runs_distributed ON crawl_runs(site, distributed_run)")


@migrations(name="0017_refused_pages")
def m0017_refused_pages(db: Database) -> None:
    # One row per page the extractor refused (not_article, too_short, empty_body, binary): the
    # crawl leaves it alone until next_look_at, a delay that doubles with each refusal in a row
    # (crawler/refused.py). Keyed as seen_urls is (url_key), so the check is one primary-key read.
    db.execute(
        """
        CREATE TABLE refused_pages (
            url_key TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            url TEXT NOT NULL,
            reason TEXT NOT NULL,
            refusals INTEGER NOT NULL DEFAULT 1,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            next_look_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX idx_refused_pages_site ON refused_pages(site, next_look_at)")


@migrations(name="0018_crawl_runs_running_index")
def m0018_crawl_runs_running_index(db: Database) -> None:
    # The running rows (`status = 'running'`: a crawl in progress, or one whose process died) are a
    # handful among every run ever recorded: `crawler stats`' "crawling since" and each crawl's
    # start (marking the dead ones killed) read them by a scan of the whole table, 0.46 s at
    # 400,000 rows (200 sites crawled every few hours for a year). A partial index holds only
    # them, in run order (`ORDER BY id`, "last" being the order rows were written).
    db.execute("CREATE INDEX idx_crawl_runs_running ON crawl_runs(id) WHERE status = 'running'")


@migrations(name="0019_article_ids_never_given_twice")
def m0019_article_ids_never_given_twice(db: Database) -> None:
    # SQLite gives a table without AUTOINCREMENT its highest id again once that row is deleted: a
    # reader that follows new articles by `WHERE id > :last_id` and had read the newest article
    # before a delete (a wall's removal, crawler.storage.WALL_ADDRESSES; a retention or moderation
    # job) missed the next article, which took its id. The highest id ever deleted is kept here (one
    # row), and a new article's id is one above both it and MAX(id) (ArticleStore._insert).
    # AUTOINCREMENT would need the table, its full-text index and triggers rebuilt.
    db.execute(
        "CREATE TABLE articles_high_water (only_row INTEGER PRIMARY KEY CHECK (only_row = 1), last_id INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO articles_high_water (only_row, last_id) SELECT 1, COALESCE(MAX(id), 0) FROM articles")
    db.execute(
        """
        CREATE TRIGGER articles_delete_keeps_high_water AFTER DELETE ON articles
        WHEN OLD.id > (SELECT last_id FROM articles_high_water)
        BEGIN
            UPDATE articles_high_water SET last_id = OLD.id;
        END
        """
    )
