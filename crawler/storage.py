"""SQLite storage: open (WAL, busy timeout, migrations) and save articles with deduplication.

The decision "new, updated, unchanged or duplicate" and the writes that follow from it happen
in one transaction per batch, so a killed writer leaves no partial row and two copies of a
story never both become articles. A story its site moved to another address stays one article
and follows it (``ArticleStore._moved_here``; docs/schema.md, "Moved stories").

Settings: ``DATABASE``, ``STORAGE_BUSY_TIMEOUT``, ``STORAGE_LOCK_RETRIES``,
``DEDUP_NEAR_ENABLED``, ``DEDUP_NEAR_THRESHOLD``, ``DEDUP_NUM_PERM``, ``DEDUP_SHORTENED_MIN_SHARE``.
"""

from __future__ import annotations

import dataclasses
import grp
import json
import logging
import os
import pwd
import re
import sqlite3
import stat
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from sqlite_utils import Database
from tenacity import (
    before_sleep_log,
    retry,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
)

from crawler.dedup import (
    SHORTENED_MIN_WORDS,
    NearDuplicateIndex,
    body_fingerprint,
    containment,
    estimated_containment,
    lead_paragraph_keys,
    minhash_signature,
    paragraph_of_its_own,
    story_difference,
    word_shingles,
)
from crawler.errors import CopyNotRestorable, NotACrawlerDatabase, StorageError, StorageFailure, StorageLocked
from crawler.items import ArticleItem, asked_url
from crawler.language import count_words
from crawler.migrations import migrations
from crawler.spellings import search_spellings
from crawler.urls import canonicalize_url, url_as_written, url_key

logger = logging.getLogger(__name__)


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _is_locked(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()


# SQLite result codes after which no later write can succeed: retrying or going on would
# only lose every following article one by one (https://www.sqlite.org/rescode.html).
_FATAL_SQLITE_CODES = {
    sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT,
    sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CANTOPEN,
}


def _is_fatal(exc: sqlite3.Error) -> bool:
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _FATAL_SQLITE_CODES


def open_database(path: str | Path, *, busy_timeout: float = 30, readonly: bool = False,
                  check_same_thread: bool = True) -> Database:
    """Open (creating folders and file) a crawl database, in WAL mode, migrated to the latest schema.

    A file, ``-wal`` or ``-shm`` this process may not write is refused with a
    :class:`StorageError` naming it and its owner (:func:`database_write_problem`); in a setgid
    folder a new file is created group-writable as the umask allows (:func:`_create_in_shared_folder`).

    ``readonly=True`` is for readers (``crawler stats|export|search``): the file must exist, it
    is opened ``mode=ro`` and neither migrated nor changed, so a reader never takes a write lock.
    ``check_same_thread=False`` lets another thread than the one that opened it use the
    connection (as :mod:`sqlite3`'s option; the caller keeps the uses apart).

    Another application's SQLite file (tables, none of them the crawler's) is refused with
    :class:`~crawler.errors.NotACrawlerDatabase` before anything is changed; an empty file is
    made a crawler database, as a new one is.
    """
    path = Path(path)
    if readonly:
        return _open_readonly(path, busy_timeout)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot open database {path}: {exc}") from exc
    problem = database_write_problem(path)
    if problem is not None:
        raise StorageError(f"cannot write database {path}: {problem}")
    conn = None
    try:
        _create_in_shared_folder(path)
        conn = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None,
                               check_same_thread=check_same_thread)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        db = Database(conn)
        _refuse_foreign(db, path)  # before the switch to WAL, which is written into the file
        _enable_wal(db, busy_timeout)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL makes NORMAL crash-safe for committed data
        # The per-article lookups (LSH bands, hashes, seen URLs) touch index pages all over a
        # multi-GB file at 1M articles: a 16 MB page cache (per connection, allocated only as
        # used; SQLite's default is 2 MB) keeps the hot ones in memory. No mmap: an I/O error on a mapped page is a
        # SIGBUS, a crash, where read() gives SQLite an error to report.
        db.execute("PRAGMA cache_size = -16384")
        migrate(db)
    except NotACrawlerDatabase:
        conn.close()
        raise
    except (sqlite3.Error, OSError, StorageError) as exc:
        if conn is not None:
            conn.close()
        raise StorageError(f"cannot open database {path}: {exc}") from exc
    return db


# os.access with the effective uid and groups, as the kernel checks an open(): the crawler may be
# started through a setuid or setgid wrapper.
_ACCESS_EFFECTIVE_IDS = os.access in os.supports_effective_ids


def _user_name(uid: int) -> str | None:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a uid without an account (a container's, a deleted user's)
        return None


def _user(uid: int) -> str:
    name = _user_name(uid)
    return f"{name} (uid {uid})" if name else f"uid {uid}"


def _group(gid: int) -> str:
    try:
        return f"{grp.getgrgid(gid).gr_name} (gid {gid})"
    except KeyError:
        return f"gid {gid}"


def database_write_problem(path: str | Path) -> str | None:
    """Why this process cannot write the database at ``path``, or ``None`` when it can (files
    not created yet included). Checks the file and its ``-wal``/``-shm`` companions.

    SQLite opens a database file or companion it may not write read-only, without a word, and
    every write then fails with "attempt to write a readonly database": a crawl ran, stored
    nothing and could not even record its run in ``crawl_runs``. The usual cause is a reader
    running as another user: SQLite deletes ``-wal``/``-shm`` when the last connection closes,
    and a reader that opens the file then creates them again, owned by itself, with the
    database file's mode (0644 unless the operator changed it). The check is the kernel's
    (``os.access``): ACLs count, and root may write anything.
    """
    path = Path(path)
    unwritable: list[tuple[Path, os.stat_result]] = []
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = file.stat()
        except OSError:
            continue  # not there (yet); any other error SQLite reports when it opens the file
        if not os.access(file, os.W_OK, effective_ids=_ACCESS_EFFECTIVE_IDS):
            unwritable.append((file, info))
    if not unwritable:
        return None
    file, info = unwritable[0]
    try:
        if os.statvfs(file).f_flag & os.ST_RDONLY:
            return f"{file} is on a read-only file system"
    except OSError:
        pass
    me = os.geteuid()
    why = (f"{file} belongs to {_user(info.st_uid)}, group {_group(info.st_gid)}, mode "
           f"{stat.S_IMODE(info.st_mode):04o}, and this process runs as {_user(me)}, which cannot write it")
    chown = f"chown {_user_name(me) or me} {' '.join(str(f) for f, _ in unwritable)}"
    if file == path:
        return f"{why}; give it to this user ({chown})"
    return (f"{why}: most likely a reader running as another user created it again after the last "
            f"connection had removed it. Give it to this user ({chown}) and set readers up as "
            f"docs/deployment.md says (\"Readers running as another user\")")


def _create_in_shared_folder(path: Path) -> None:
    """Create a new database file in a setgid folder as programs create files, ``0666`` less the
    umask (``0664`` under ``UMask=0002``), where SQLite would create it ``0644`` whatever the umask.

    A setgid folder is the operator's way of sharing the database with readers of its group
    (docs/deployment.md), and SQLite gives the ``-wal``/``-shm`` files whoever creates them the
    database file's mode: with a group-writable file, the companions a reader creates stay
    writable by the crawler. An existing file's mode is never changed (the operator's choice).
    """
    if path.exists():
        return
    try:
        shared = bool(path.parent.stat().st_mode & stat.S_ISGID)
    except OSError:
        return
    if not shared:
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:  # another process created it first: its mode stands
        pass


def _foreign_tables(db: Database) -> list[str]:
    """The tables and views of another application's SQLite file: those of a file that has some
    and no crawler migration recorded (every crawler database has them all: its migrations are
    applied, and recorded, in one transaction). Empty for a crawler database or an empty file."""
    names = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        " AND name != ? ORDER BY rowid", [migrations.migrations_table])]
    if not names or migrations.applied(db):
        return []
    return names


def _refuse_foreign(db: Database, path: Path) -> None:
    foreign = _foreign_tables(db)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise NotACrawlerDatabase(f"{path} is not a crawler database (tables {shown}, none of the crawler's: "
                                  f"another application's SQLite file); left unchanged: give the crawler a new "
                                  f"file, or one it made")


def check_writable_database(path: str | Path) -> None:
    """Raise :class:`~crawler.errors.NotACrawlerDatabase` when ``path`` is another application's
    SQLite file, changing nothing: what :func:`open_database` would refuse, checked by the
    commands that crawl before they start, so the operator gets one line and exit 2 instead of a
    failed run. A missing or empty file passes (a crawl creates it); so does one SQLite cannot
    read, which the crawl reports as it did (``storage_unavailable``)."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    except (OSError, sqlite3.Error):
        return
    try:
        _refuse_foreign(Database(conn), path)
    except sqlite3.Error:
        return
    finally:
        conn.close()


def _enable_wal(db: Database, busy_timeout: float) -> None:
    """Switch the file to WAL (kept in the file: a no-op on every later open).

    The switch needs every other connection out of the file, and while one is in (crawls and
    ``crawler ingest`` creating the database at the same moment) SQLite answers "database is
    locked" at once, without waiting the busy timeout; so the switch is retried until then.
    """
    retry(
        retry=retry_if_exception(_is_locked),
        stop=stop_after_delay(busy_timeout),
        wait=wait_exponential(multiplier=0.005, max=0.1),
        reraise=True,
    )(db.enable_wal)()


def readonly_uri(path: str | Path) -> str:
    """The SQLite URI that opens ``path`` read-only. The path is percent-encoded: written into
    ``file:{path}?mode=ro`` as it is, a ``#`` or ``?`` in it ends the file name early (and a
    ``?`` opens, creating it, the file named by what comes before), a ``%`` reads as an escape."""
    return f"{Path(path).resolve().as_uri()}?mode=ro"


def _open_readonly(path: Path, busy_timeout: float) -> Database:
    if not path.is_file():
        raise StorageError(f"no database at {path}")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True, timeout=busy_timeout, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # fails now if not SQLite
        has_articles = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles'").fetchone()
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open database {path}: {exc}") from exc
    if not has_articles:
        # Every schema version has `articles` (the first migration): without it the file is an
        # empty one or another application's SQLite file, and every query would fail on it.
        conn.close()
        raise NotACrawlerDatabase(f"{path} is not a crawler database (no articles table: an empty file, "
                                  f"or another application's SQLite file)")
    return Database(conn)


def checkpoint_wal(path: str | Path, *, wait: float = 1.0, mode: str = "TRUNCATE") -> bool:
    """Copy the write-ahead log into the database file and empty it; ``True`` when complete.

    SQLite does this itself when the last connection to the file closes. A reader still
    connected when a crawl ends (a dashboard, a notebook) prevents that, and the run's last
    writes then live only in ``news.db-wal``, where a copy of ``news.db`` or an
    ``immutable=1`` reader does not see them, and the log keeps its size. A reader in the
    middle of a read transaction holds back what it may still read: waited for ``wait``
    seconds at most, then left to SQLite's next checkpoint.

    ``mode`` is ``TRUNCATE`` (also shrinks the file to nothing: the end of a crawl) or ``RESTART``
    (the next writes start again at the head of the log, whose file keeps its size: checkpoints
    during a crawl). ``PASSIVE`` cannot bound the log: it never waits for readers, and while
    writes go on and short reads overlap, some reader always holds a point in the log, so the
    log never starts again at its head (measured: the same 53 MB as with no checkpoint at all,
    two readers each holding 2 s reads 1 s apart; 6 MB with RESTART every 3 s waiting 3 s)."""
    if mode not in ("TRUNCATE", "RESTART", "FULL", "PASSIVE"):
        raise ValueError(f"unknown checkpoint mode {mode!r}")
    try:
        conn = sqlite3.connect(str(path), timeout=wait, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        busy, _log, _done = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return busy == 0
    except sqlite3.Error as exc:
        logger.info("could not checkpoint %s: %s", path, exc)
        return False
    finally:
        conn.close()


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One transaction that takes the write lock first (``BEGIN IMMEDIATE``), rolled back on
    any error. While another connection holds the lock, waiting for it happens here, up to the
    connection's busy timeout. A transaction that reads before it writes (plain ``BEGIN``, as
    ``db.atomic()``) is refused at its first write with "database is locked" at once: SQLite
    cannot let a reader wait for the write lock without risking a deadlock."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise


# Held while a connection of this process checks and migrates the schema: the spiders of one
# process (`crawler crawl --concurrent`) open the same database at once, each from its store's
# writer thread, and two of them creating the schema of a new file collided.
_MIGRATING = threading.Lock()


_KNOWN_MIGRATIONS = frozenset(migration.name for migration in migrations.pending(Database(memory=True)))


def migrate(db: Database) -> int:
    """Apply pending migrations; return the schema version (number of applied migrations).

    Pending migrations are found again, and applied, under the write lock (``BEGIN
    IMMEDIATE``), so two connections opening a new or older database at the same time, in
    one process or two, apply each migration once. A file a newer crawler migrated is refused
    before anything is written (:func:`_refuse_newer_schema`)."""
    with _MIGRATING:
        _refuse_newer_schema(db)
        if migrations.pending(db):
            with write_transaction(db):
                migrations.apply(db)
        version = len(migrations.applied(db))
        if schema_version(db) != version:
            db.execute(f"PRAGMA user_version = {version}")
    return version


def _refuse_newer_schema(db: Database) -> None:
    """Raise :class:`StorageError` when a newer crawler migrated this file (a deployment rolled
    back): it recorded a migration this code does not know, or set ``user_version`` beyond the
    migrations this code knows. This code does not know the columns, constraints or triggers
    those migrations added, so it must not write. A ``user_version`` ahead with no unknown
    migration recorded was silently lowered to this crawler's count (cron QA review, finding 15)."""
    unknown = [migration.name for migration in migrations.applied(db) if migration.name not in _KNOWN_MIGRATIONS]
    if unknown:
        raise StorageError(f"its schema is newer than this crawler (migration {', '.join(unknown)} "
                           f"unknown; this crawler knows {len(_KNOWN_MIGRATIONS)}): upgrade the "
                           f"crawler, or give it another database")
    version = schema_version(db)
    if version > len(_KNOWN_MIGRATIONS):
        raise StorageError(f"its schema is newer than this crawler (user_version {version}; this crawler "
                           f"knows {len(_KNOWN_MIGRATIONS)} migrations): upgrade the crawler, or give it "
                           f"another database")


def schema_version(db: Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def clean_text(value: str | None) -> str | None:
    """Text SQLite and downstream readers can hold: no NUL bytes, no lone surrogates."""
    if value is None:
        return None
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


@dataclass(frozen=True)
class SaveOutcome:
    """What storage did with one article."""

    status: str  # "new" | "updated" | "unchanged" | "duplicate" | "wall"
    article_id: int
    duplicate_kind: str | None = None  # "url" | "exact" | "near" | "shortened" when status == "duplicate"
    similarity: float | None = None
    moved_from: str | None = None
    """The article's previous address when this page moved it (its site moved the story)."""
    walled: tuple[str, ...] = ()
    """``status == "wall"``, when this page made its text a wall (:data:`WALL_ADDRESSES`): the
    addresses saved with that text before it in this session (asked for, before redirects), whose
    articles and copies were removed again; ``walled_new`` of them had been stored as new."""
    walled_new: int = 0


WALL_ADDRESSES = 3
"""Addresses of one site naming different stories (:func:`_story_keys`) that one session of the
store saw answer the same page, text and headline alike, without a date of its own on different
days (:meth:`ArticleStore._wall_outcome`): a page the site answers for any story's address (a
subscription or login wall long enough to pass for a story, a placeholder), not a story. Fewer
is one story at several addresses (its section paths, a republication), a bulletin whose every
day's page declares its day is each day's story."""
_SESSION_TEXTS = 10_000  # texts whose addresses a session remembers for that test (oldest forgotten)
_WALL_WINDOW = 24 * 3600.0
"""Seconds a session remembers a text for that test from when it first saved it: a crawl's run.
A writer that runs for days (``crawler ingest`` until stopped) would otherwise take one text
saved days apart for a wall and remove articles its readers have long had."""
_NEXT_ARTICLE_ID = ("(SELECT MAX(COALESCE((SELECT MAX(id) FROM articles), 0), "
                    "COALESCE((SELECT last_id FROM articles_high_water), 0)) + 1)")
"""A new article's id, as SQL: one above the highest id stored and the highest ever deleted
(``articles_high_water``, migration 0019), so that no id is given twice."""
_clock = time.monotonic


@dataclass
class _SessionText:
    """The addresses one store session saved a site's text under (stored as new, or as its exact
    copy)."""

    title: str | None
    asked: list[str]  # the addresses asked for (before redirects)
    keys: set[tuple[str, ...]]  # what names their stories (:func:`_story_keys`)
    stories: int  # how many of them name a story none of the others names
    days: set[str]  # the days of the dates the pages declared themselves (:func:`_own_day`)
    article_ids: list[int]  # the articles stored from it in this session
    since: float = dataclasses.field(default_factory=lambda: _clock())  # when first saved (:data:`_WALL_WINDOW`)
    copies: list[tuple[int, str, list[str]]] = dataclasses.field(default_factory=list)
    """Its exact copies recorded in this session: (the article copied, the copy's address, the
    ``seen_urls`` keys written for it), removed with the wall even when the article is of an
    earlier run (so that those addresses are asked for again)."""
    slugs: set[frozenset[str]] = dataclasses.field(default_factory=set)
    """The slugs of its addresses that name a story other than its headline (:func:`_other_story_slug`)."""


def _story_keys(url: str) -> frozenset[tuple[str, ...]]:
    """What in an address names its story: its query's ids (a value with three digits or more:
    ``?id=4521``, ``?p=4521``), a path segment of five digits or more (``/news/45210/…``, not a
    year), else its last path segment with its query (``plant`` in ``/world/2025/06/02/plant``).
    Two addresses that share one are one story's (its section paths, another parameter beside its
    id); a site's wall answers addresses that share none."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    keys = {("path", segment) for segment in segments if segment.isdigit() and len(segment) >= 5}
    ids = {("query", name.lower(), value) for name, value in parse_qsl(parts.query)
           if sum(ch.isdigit() for ch in value) >= 3}
    keys |= ids
    if not ids:
        keys.add(("last", f"{segments[-1] if segments else ''}?{parts.query}"))
    return frozenset(keys)


_LETTERS = re.compile(r"[^\W\d_]+")
_EXTENSION = re.compile(r"\.[a-z0-9]{2,5}$", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    """The words of ``text`` (letters only, two or more), case and accents folded: the slug
    ``la-secheresse`` and the headline's "La sécheresse" share theirs, as ``استئناف`` and
    ``إستئناف`` do."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return frozenset(word for word in _LETTERS.findall(folded) if len(word) >= 2)


def _other_story_slug(url: str, title: str | None) -> frozenset[str] | None:
    """The words of the address's slug (the address asked for, before a redirect to the wall's
    own; its path segment of most words, two at least, numbers
    and an extension left out) when they name a story other than the page's headline (fewer than
    half of them are its words), else ``None``: an address without a slug (``/news/123456``,
    ``?id=123456``, ``/world``) or whose slug is the headline's is no sign that the page answered
    for another story. One site's wire story filed in three sections gets three numeric ids;
    a wall answered at story addresses with slugs names none of them."""
    best: frozenset[str] = frozenset()
    for segment in unquote(urlsplit(url).path).split("/"):
        words = _words(_EXTENSION.sub("", segment))
        if len(words) >= len(best):
            best = words
    if len(best) < 2:
        return None
    if 2 * len(best & _words(title or "")) >= len(best):
        return None
    return best


def _own_day(article: ArticleItem) -> str | None:
    """The day of the date the page declares itself, or ``None``: none, or one read from its
    address (``/news/2025/06/02/…``), which any page served there would get."""
    raw = article.published_at_raw
    if not article.published_at or not raw or raw in article.url:
        return None
    return article.published_at[:10]


# Two texts under one canonical URL at least this similar (estimated Jaccard of 5-word
# shingles) may be versions of one story: an AMP copy or an update shares most of it, while
# two different stories score below 0.1 (crawler/dedup.py).
SAME_STORY_MIN_SIMILARITY = 0.25
_STORY_CHECKS = 5
SHORTENED_MAX_LENGTH = 0.9
"""A shortened copy has at most this share of the article's shingles: a page about as long as the
article that shares most of its text is a near copy or an edit, which MinHash judges."""
# How far below DEDUP_SHORTENED_MIN_SHARE the containment the signatures estimate may be and the
# texts still be compared: the estimate's error is a few hundredths at 128 values.
_CONTAINMENT_ESTIMATE_MARGIN = 0.2


@dataclass(frozen=True)
class _StoredRow:
    COLUMNS = "id, content_hash, version, url, canonical_url, title, gone_at, site"

    id: int
    content_hash: str
    version: int
    url: str
    canonical_url: str
    title: str | None
    gone_at: str | None
    site: str | None


def _own_canonical(url: str) -> str:
    try:
        return canonicalize_url(url)
    except ValueError:
        return url


@dataclass(frozen=True)
class RestoredCopy:
    """A copy made an article by :meth:`ArticleStore.restore_copy`."""

    article_id: int
    url: str
    kind: str
    """What the copy had been recorded as: ``exact``, ``near`` or ``shortened``."""
    was_copy_of: int
    """The article it had been merged into (left as it was)."""


@dataclass(frozen=True)
class StoredUrl:
    article_id: int
    lastmod: str | None
    fetched_at: str


def _authors_json(article: ArticleItem) -> str:
    """``articles.authors`` / ``duplicates.authors``: the cleaned names as a JSON array."""
    return json.dumps([clean_text(a) for a in article.authors], ensure_ascii=False)


class ArticleStore:
    """Deduplicating article writer over one SQLite database."""

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout: float = 30,
        lock_retries: int = 5,
        near_enabled: bool = True,
        near_threshold: float = 0.7,
        num_perm: int = 128,
        shortened_min_share: float = 0.8,
        check_same_thread: bool = True,
    ) -> None:
        self.path = Path(path)
        self.db = open_database(self.path, busy_timeout=busy_timeout, check_same_thread=check_same_thread)
        self.num_perm = num_perm
        self.shortened_min_share = shortened_min_share
        try:
            self.near_index = (
                NearDuplicateIndex(self.db, threshold=near_threshold, num_perm=num_perm)
                if near_enabled
                else None
            )
        except (sqlite3.Error, ValueError) as exc:
            # A StorageError, as from open_database: the crawl then closes as storage_unavailable
            # and `crawler ingest` says it in one line. Anything else out of the constructor made
            # Scrapy close the spider as "shutdown", read as an interrupted run (a file built with
            # another DEDUP_NUM_PERM; a layout read half written, see NearDuplicateIndex).
            self.db.close()
            raise StorageError(f"cannot open database {self.path}: {exc}") from exc
        self._write = retry(
            retry=retry_if_exception(_is_locked),
            stop=stop_after_attempt(max(1, lock_retries)),
            wait=wait_exponential(multiplier=0.2, max=5),
            before_sleep=before_sleep_log(logger, logging.WARNING),
            reraise=True,
        )(self._save_batch_once)
        self._unindexed: set[int] = set()
        """Articles inserted by the batch being written, not yet in the full-text index."""
        self._texts: dict[tuple[str | None, str], _SessionText] = {}
        """(site, content hash) -> the addresses this session saved it under (:meth:`_wall_outcome`)."""
        self._walls: set[tuple[str | None, str]] = set()
        """(site, content hash) of the texts this session found to be walls."""

    # -- reads -------------------------------------------------------------------------------
    def stored_url(self, url: str) -> StoredUrl | None:
        """The stored article a URL (any variant of it) already led to, via the primary key."""
        row = self.db.execute(
            "SELECT article_id, lastmod, fetched_at FROM seen_urls WHERE url_key = ?", [url_key(url)]
        ).fetchone()
        return StoredUrl(*row) if row else None

    # -- writes ------------------------------------------------------------------------------
    def save(self, article: ArticleItem) -> SaveOutcome:
        return self.save_batch([article])[0]

    def save_batch(self, articles: Iterable[ArticleItem], *,
                   then: Callable[[Database], object] | None = None) -> list[SaveOutcome]:
        """Save articles in one transaction (retried, bounded, when the database is locked).

        :raises StorageLocked: another connection still held the write lock after
            ``lock_retries`` attempts of ``busy_timeout`` seconds each; nothing was written.
        :raises StorageFailure: the database takes no more writes (disk full, read-only...).
        :raises StorageError: any other SQLite error; nothing was written.

        :param then: more writes for the same transaction, after the articles': called with the
            database inside it and the articles' outcomes, again on each retried attempt (the
            failed one rolled back).
            ``crawler ingest`` records the crawler processes' fetch errors, gone marks and run
            reports there,
            so that a batch is committed, or left in Redis, whole.
        """
        articles = list(articles)
        if not articles and then is None:
            return []
        try:
            return self._write(articles, then)
        except sqlite3.Error as exc:
            error = StorageFailure if _is_fatal(exc) else StorageLocked if _is_locked(exc) else StorageError
            raise error(f"cannot write {len(articles)} article(s) to {self.path}: {exc}") from exc

    def _save_batch_once(self, articles: list[ArticleItem],
                         then: Callable[[Database], object] | None = None) -> list[SaveOutcome]:
        self._unindexed = set()  # a retried attempt starts again from a rolled-back transaction
        texts = {key: dataclasses.replace(text, asked=list(text.asked), keys=set(text.keys),
                                          days=set(text.days), article_ids=list(text.article_ids),
                                          slugs=set(text.slugs), copies=list(text.copies))
                 for key, text in self._texts.items()}
        walls = set(self._walls)
        try:
            with write_transaction(self.db):
                outcomes = [self._save_one(article) for article in articles]
                self._index_unindexed()
                if then is not None:
                    then(self.db, outcomes)
                return outcomes
        except BaseException:
            self._texts, self._walls = texts, walls  # as the rolled-back transaction left the file
            raise

    def _index_unindexed(self) -> None:
        """Add the batch's new articles to the full-text index, in its transaction. One statement
        for many rows: FTS5 flushes its pending index at every statement that writes it, so
        per-row inserts (the old AFTER INSERT trigger) wrote and merged a segment per article
        (migration 0006)."""
        article_ids, self._unindexed = sorted(self._unindexed), set()
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            self.db.execute(
                f"INSERT INTO articles_fts (rowid, title, body, search_spellings)"
                f" SELECT id, title, body, search_spellings FROM articles"
                f" WHERE id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )

    def _save_one(self, article: ArticleItem) -> SaveOutcome:
        now = utc_now()
        body = clean_text(article.body) or ""
        content_hash = article.content_hash or body_fingerprint(body)
        canonical = article.canonical_url or article.url
        fetched_at = article.fetched_at or now
        signature = None
        row, by_canonical = self._stored_article(article, canonical)
        if row is not None and by_canonical and row.content_hash != content_hash \
                and url_key(article.url) != url_key(row.url):
            # Another page under a stored article's canonical, with another text. An AMP copy
            # or an update shares most of the story; a canonical that a template points at
            # the section for every article does not: this page is a story of its own. Nor
            # does a sibling from one template (the gold prices of the 6th and of the 7th, both
            # declaring the section /gold), which shares most words: when neither page is at
            # the canonical itself, the same-story check a near copy gets decides too.
            signature = self._signature(article, body)
            if not self._may_be_same_story(row.id, signature) \
                    or (self._canonical_names_neither(canonical, article, row)
                        and self._story_difference(row.id, article, body) is not None):
                canonical = _own_canonical(article.url)
                row, _ = self._stored_article(article, canonical)
        if row is None:
            # Not one of a stored article's own addresses: has the site moved one here?
            moved = self._moved_here(article, body, content_hash)
            if moved is not None:
                return self._move(moved, article, canonical, body, content_hash, fetched_at, now)
            former = self._former_address_of(article, content_hash)
            if former is not None:
                # The article's former address still showing its earlier text: that page is
                # the article as it was, not a copy of it or of another story.
                self._remember_urls(article, former.id, now)
                return SaveOutcome("unchanged", former.id)
        if row is not None:
            title = clean_text(article.title)
            # a new headline is a revision when the article's own page shows it; another page of
            # it (its AMP copy) may title it otherwise every time
            same_page = url_as_written(article.url) == url_as_written(row.url)
            if row.content_hash == content_hash and (not title or title == row.title or not same_page):
                if url_key(article.url) != url_key(row.url):
                    self._record_duplicate(article, body, row.id, "url", 1.0, content_hash, now)
                if row.gone_at is not None:  # back online after a 404/410
                    self.db.execute("UPDATE articles SET gone_at = NULL, updated_at = ? WHERE id = ?",
                                    [now, row.id])
                self._remember_urls(article, row.id, now)
                return SaveOutcome("unchanged", row.id)
            # a changed body, or a new headline over the same body: a revision either way
            self._update(row.id, row.version, article, body, content_hash, fetched_at, now)
            self._remember_urls(article, row.id, now)
            return SaveOutcome("updated", row.id)

        if (wall := self._wall_outcome(article, content_hash)) is not None:
            return wall
        # the first stored article of this text that this page may be a copy of: not one whose
        # headline or date is of another day (the same bulletin, word for word, of each day)
        exact = next((row for row in self.db.execute(
            "SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT ?", [content_hash, _STORY_CHECKS]
        ).fetchall() if self._story_difference(row[0], article, body) is None), None)
        if exact is not None:
            if (original := self._gone_from_site(exact[0], article)) is not None:
                return self._move(original, article, canonical, body, content_hash, fetched_at, now)
            self._record_duplicate(article, body, exact[0], "exact", 1.0, content_hash, now)
            self._remember_urls(article, exact[0], now)
            self._saved_text(article, content_hash, None, copy_of=exact[0])
            return SaveOutcome("duplicate", exact[0], "exact", 1.0)

        if self.near_index is not None:
            signature = signature or self._signature(article, body)
            # the closest few: each check reads and folds a stored body
            for near_id, similarity in self.near_index.query(signature)[:_STORY_CHECKS]:
                if self._story_difference(near_id, article, body) is not None:
                    continue  # a bulletin or protocol story from the same template: another story
                if (original := self._gone_from_site(near_id, article)) is not None:
                    return self._move(original, article, canonical, body, content_hash, fetched_at, now)
                self._record_duplicate(article, body, near_id, "near", similarity, content_hash, now)
                self._remember_urls(article, near_id, now)
                return SaveOutcome("duplicate", near_id, "near", similarity)

            lead_keys = self._lead_keys(article, body)
            shortened = self._shortened_copy_of(article, body, lead_keys, signature)
            if shortened is not None:
                original_id, share = shortened
                self._record_duplicate(article, body, original_id, "shortened", share, content_hash, now)
                self._remember_urls(article, original_id, now)
                return SaveOutcome("duplicate", original_id, "shortened", share)

        article_id = self._insert(article, canonical, body, content_hash, fetched_at, now)
        if self.near_index is not None and signature is not None:
            self.near_index.add(article_id, signature, lead_keys)
        self._remember_urls(article, article_id, now)
        self._saved_text(article, content_hash, article_id)
        return SaveOutcome("new", article_id)

    # -- walls: one page answered for any story's address ------------------------------------------
    def _saved_text(self, article: ArticleItem, content_hash: str, article_id: int | None,
                    copy_of: int | None = None) -> None:
        """Remember that this session saved ``content_hash`` under the article's address (as
        the new article ``article_id``, or as an exact copy)."""
        key = (article.site, content_hash)
        text = self._texts.get(key)
        if text is not None and _clock() - text.since > _WALL_WINDOW:
            del self._texts[key]  # saved long ago: this is another run's page of it
            text = None
        if text is None:
            if len(self._texts) >= _SESSION_TEXTS:
                del self._texts[next(iter(self._texts))]
            text = self._texts[key] = _SessionText(clean_text(article.title), [], set(), 0, set(), [])
        story = _story_keys(article.url)
        if not story & text.keys:
            text.stories += 1
        text.keys |= story
        text.asked.append(asked_url(article))
        if (slug := _other_story_slug(asked_url(article), text.title)) is not None:
            text.slugs.add(slug)
        if (day := _own_day(article)) is not None:
            text.days.add(day)
        if article_id is not None:
            text.article_ids.append(article_id)
        if copy_of is not None:
            keys = [url_key(url) for url in {article.url, article.canonical_url} - {None}]
            text.copies.append((copy_of, article.url, keys))

    def _wall_outcome(self, article: ArticleItem, content_hash: str) -> SaveOutcome | None:
        """``SaveOutcome("wall")`` when the page is a wall (:data:`WALL_ADDRESSES`): the same
        text and headline this session saved under addresses of the same site naming other
        stories (:func:`_story_keys`), this one making them ``WALL_ADDRESSES``, and no two of
        them dated two days by the pages themselves. The articles stored from it in this session
        are removed (their addresses and copies with them, by the delete trigger), so that the
        next run asks for those stories again; the page is not saved. A text found a wall is one
        for the rest of the session."""
        key = (article.site, content_hash)
        if key in self._walls:
            return SaveOutcome("wall", 0)
        text = self._texts.get(key)
        if text is None or _clock() - text.since > _WALL_WINDOW or text.title != clean_text(article.title) \
                or _story_keys(article.url) & text.keys or text.stories + 1 < WALL_ADDRESSES:
            return None
        slug = _other_story_slug(asked_url(article), text.title)
        if len(text.slugs | ({slug} if slug is not None else set())) < WALL_ADDRESSES:
            return None  # nothing shows the addresses are of other stories: one story's ids
        days = text.days | ({day} if (day := _own_day(article)) is not None else set())
        if len(days) > 1:
            return None  # each day's page of a bulletin that does not change (a currency peg)
        self._index_unindexed()  # the delete trigger takes a row out of the full-text index: in it first
        removed = 0
        for article_id in text.article_ids:
            # still the wall's text (not since revised into a story by a later page of it)
            removed += self.db.execute("DELETE FROM articles WHERE id = ? AND content_hash = ?",
                                       [article_id, content_hash]).rowcount
        for copy_of, url, keys in text.copies:
            # the copies of an article stored before this session are not taken by the delete
            # trigger: remove them and their addresses too, or those stories are never asked for again
            self.db.execute("DELETE FROM duplicates WHERE url = ? AND duplicate_of = ? AND content_hash = ?",
                            [url, copy_of, content_hash])
            for seen in keys:
                self.db.execute("DELETE FROM seen_urls WHERE url_key = ? AND article_id = ?", [seen, copy_of])
        del self._texts[key]
        self._walls.add(key)
        logger.debug("%s: the same page as %d other addresses: a wall; articles %s removed",
                     article.url, len(text.asked), text.article_ids)
        return SaveOutcome("wall", 0, walled=tuple(text.asked), walled_new=removed)

    def _stored_article(self, article: ArticleItem, canonical: str) -> tuple[_StoredRow | None, bool]:
        """The stored article this page is a version of, and whether its canonical found it.

        A URL that led to a stored article before (``seen_urls``) finds it too, when the page
        is that article's own address: its canonical may have changed since (http to https).
        A URL seen as a *copy* of another article (``duplicates``) is not that article: it is
        compared again like a new page, or its text would overwrite the original's."""
        row = self.db.execute(f"SELECT {_StoredRow.COLUMNS} FROM articles WHERE canonical_url = ?",
                              [canonical]).fetchone()
        if row is not None:
            return _StoredRow(*row), True
        seen = self.stored_url(canonical) or self.stored_url(article.url)
        if seen is None:
            return None, False
        stored = self._article_row(seen.article_id)
        if stored is None:
            return None, False
        own = {url_key(stored.url), url_key(stored.canonical_url)}
        if url_key(article.url) in own or url_key(canonical) in own:
            return stored, False
        return None, False

    def _signature(self, article: ArticleItem, body: str) -> bytes:
        return article.minhash or minhash_signature(body, num_perm=self.num_perm)

    @staticmethod
    def _lead_keys(article: ArticleItem, body: str) -> tuple[int, ...]:
        # computed in the extraction worker; items from elsewhere (Redis, older producers) here
        return tuple(article.lead_keys) if article.lead_keys is not None else lead_paragraph_keys(body)

    # -- restoring a copy the deduplicator merged by mistake ----------------------------------
    def restore_copy(self, copy_id: int) -> RestoredCopy:
        """Store the copy of ``duplicates`` row ``copy_id`` as an article of its own, in one
        transaction: the ``articles`` row (from the copy's own text, title, dates, authors and
        language, kept since schema version 12), its full-text, MinHash and lead-key rows, its
        addresses in ``seen_urls`` (so the next crawl finds the page stored as itself, compares it
        with its own text and records an edit as a revision, never merging it again), and the
        ``duplicates`` row deleted. The article it had been merged into is left as it was.

        :raises CopyNotRestorable: no such row; a ``url`` copy (another address of the same
            article, not another story); a row written before version 12 (its text was never
            stored: it is, when the page is fetched again); an address already stored as an article.
        """
        try:
            with write_transaction(self.db):
                return self._restore_copy(copy_id)
        except sqlite3.Error as exc:
            error = StorageFailure if _is_fatal(exc) else StorageLocked if _is_locked(exc) else StorageError
            raise error(f"cannot restore copy {copy_id} in {self.path}: {exc}") from exc

    def _restore_copy(self, copy_id: int) -> RestoredCopy:
        row = self.db.execute(
            "SELECT url, canonical_url, site, duplicate_of, kind, title, body, published_at, modified_at,"
            " authors, language, content_hash, seen_at FROM duplicates WHERE id = ?", [copy_id]).fetchone()
        if row is None:
            raise CopyNotRestorable(f"no copy {copy_id} in the duplicates table of {self.path}")
        (url, canonical, site, duplicate_of, kind, title, body, published_at, modified_at,
         authors, language, content_hash, seen_at) = row
        if kind == "url":
            raise CopyNotRestorable(
                f"copy {copy_id} ({url}) is another address of article {duplicate_of} with the same text,"
                f" not another story: nothing to restore")
        if body is None:
            raise CopyNotRestorable(
                f"copy {copy_id} ({url}) was recorded before schema version 12, without its text: it is"
                f" kept with its text the next time its page is fetched (CRAWL_RECRAWL), then it can be restored")
        taken = "SELECT id FROM articles WHERE canonical_url = ?"
        if canonical is None or self.db.execute(taken, [canonical]).fetchone() is not None:
            # The copy declared the article's canonical (a template's, pointing at a section or
            # at the first day's bulletin): the copy's own address is its canonical.
            canonical = _own_canonical(url)
        stored = self.db.execute(taken, [canonical]).fetchone()
        if stored is not None:
            raise CopyNotRestorable(f"copy {copy_id} ({url}): its address is already stored as article {stored[0]}")
        now = utc_now()
        article = ArticleItem(url=url, canonical_url=canonical, site=site, title=title, body=body,
                              authors=json.loads(authors or "[]"), published_at=published_at,
                              modified_at=modified_at, language=language, fetched_at=seen_at)
        article_id = self._insert(article, canonical, body, content_hash, seen_at, now)
        self._index_unindexed()
        if self.near_index is not None:
            self.near_index.add(article_id, self._signature(article, body), self._lead_keys(article, body))
        self._remember_urls(article, article_id, now)
        self.db.execute("DELETE FROM duplicates WHERE id = ?", [copy_id])
        logger.info("copy %d (%s, a %s copy of article %d) restored as article %d",
                    copy_id, url, kind, duplicate_of, article_id)
        return RestoredCopy(article_id, url, kind, duplicate_of)

    # -- moves: a story its site moved to another address ------------------------------------
    #
    # The article follows its new address (url, canonical_url; the old ones stay in seen_urls,
    # so they still lead to it) when the page is on the article's own site and one of:
    #   1. the fetch was redirected from one of the article's addresses (a 301 from the
    #      stored URL: the site says where the story went), and the page is still the same
    #      story (same text, or estimated similarity >= SAME_STORY_MIN_SIMILARITY);
    #   2. the page's address was recorded as a copy of the article, its title or text has
    #      changed since (the story is edited at its new address: an edit there must become a
    #      version of the article, not only the copy row's text), and it is still a copy by the check a new page
    #      gets (same text, or near-duplicate threshold and story_difference): a copy's address
    #      may since show another story of the same template;
    #   3. the page is an exact or near copy of the article and the article's own address
    #      answered 404/410 (gone_at): the story is no longer where it was.
    # A same-site copy at a new address without one of these stays a copy: the same story
    # under two sections, both online, is common, and nothing says which one the site keeps.
    # A former address of the article still showing a text the article had before is the
    # article ("unchanged"), not a copy (_former_address_of).

    def _moved_here(self, article: ArticleItem, body: str, content_hash: str) -> _StoredRow | None:
        """The stored article of this site that moved to ``article.url`` (rules 1 and 2)."""
        for address in article.redirect_urls or ():
            row = self._article_at(address)
            if row is not None and self._same_site(row, article) \
                    and self._copy_row(row.id, address) is None \
                    and self._same_story(row, article, body, content_hash):
                return row
        row = self._article_at(article.url)
        if row is None or not self._same_site(row, article):
            return None
        copy = self._copy_row(row.id, article.url)
        if copy is None:
            return None
        copy_hash, copy_title = copy
        title = clean_text(article.title)
        edited = copy_hash != content_hash or (title is not None and title != copy_title)
        if edited and (row.content_hash != content_hash or (title and title != row.title)) \
                and self._still_a_copy(row, article, body, content_hash):
            return row
        return None

    def _former_address_of(self, article: ArticleItem, content_hash: str) -> _StoredRow | None:
        """The article of this site that moved away from ``article.url`` (its old address stays
        in ``seen_urls``, not recorded as a copy) when the page still shows a text the article
        had before (a version in ``article_revisions``). Compared like a new page, that text
        would be recorded as a copy of the article, or of whichever story it now resembles most,
        and a later edit there would move the article back (rule 2)."""
        row = self._article_at(article.url)
        if row is None or row.content_hash == content_hash or not self._same_site(row, article) \
                or self._copy_row(row.id, article.url) is not None:
            return None
        earlier = self.db.execute(
            "SELECT 1 FROM article_revisions WHERE article_id = ? AND content_hash = ? LIMIT 1",
            [row.id, content_hash]).fetchone()
        return row if earlier else None

    def _gone_from_site(self, article_id: int, article: ArticleItem) -> _StoredRow | None:
        """The article ``article_id`` when it is of this page's site and its own address answered
        404/410 (rule 3): a copy of it at a new address is where the story went."""
        stored = self._article_row(article_id)
        if stored is None:
            return None
        return stored if stored.gone_at is not None and self._same_site(stored, article) else None

    def _article_at(self, url: str) -> _StoredRow | None:
        try:
            seen = self.stored_url(url)
        except ValueError:
            return None
        return None if seen is None else self._article_row(seen.article_id)

    def _article_row(self, article_id: int) -> _StoredRow | None:
        row = self.db.execute(f"SELECT {_StoredRow.COLUMNS} FROM articles WHERE id = ?", [article_id]).fetchone()
        return _StoredRow(*row) if row else None

    @staticmethod
    def _same_site(row: _StoredRow, article: ArticleItem) -> bool:
        return row.site is not None and row.site == article.site

    def _copy_row(self, article_id: int, url: str) -> tuple[str | None, str | None] | None:
        """``(content_hash, title)`` of the ``duplicates`` row recording ``url`` as a copy of the
        article, ``None`` when ``url`` is not recorded as one (an address of the article itself).
        Read through the ``(url, duplicate_of)`` unique index: an agency story may have thousands
        of copies."""
        row = self.db.execute(
            "SELECT content_hash, title FROM duplicates WHERE url IN (?, ?) AND duplicate_of = ? LIMIT 1",
            [url, url_as_written(url), article_id]).fetchone()
        return (row[0], row[1]) if row else None

    def _same_story(self, row: _StoredRow, article: ArticleItem, body: str, content_hash: str) -> bool:
        if row.content_hash == content_hash:
            return True
        if self.near_index is None:
            return True  # nothing to compare with: trust the redirect
        return self._may_be_same_story(row.id, self._signature(article, body))

    def _still_a_copy(self, row: _StoredRow, article: ArticleItem, body: str, content_hash: str) -> bool:
        """Whether the edited page at an address recorded as a copy of ``row`` (rule 2) is still a
        copy of it by the full check a new page gets: the same text, or the near-duplicate
        threshold and :func:`crawler.dedup.story_difference`. The record alone is no evidence: a
        page that was a copy may since show another story from the same template (a daily
        bulletin's fixed address), and moving the article there would replace its text."""
        if row.content_hash == content_hash:
            return True
        if self.near_index is not None:
            similarity = self.near_index.similarity(row.id, self._signature(article, body))
            if similarity is not None and similarity < self.near_index.threshold:
                return False
        return self._story_difference(row.id, article, body) is None

    def _move(self, row: _StoredRow, article: ArticleItem, canonical: str, body: str,
              content_hash: str, fetched_at: str, now: str) -> SaveOutcome:
        """The article ``row`` follows its new address: ``url`` and ``canonical_url`` become the
        page's, its old addresses stay in ``seen_urls`` (and lead to it), a new text or headline
        is a version, and the page is no longer recorded as a copy of it."""
        for old in {row.url, row.canonical_url}:  # kept as aliases (a v1 file had no seen_urls)
            try:
                self.db.execute(
                    "INSERT INTO seen_urls (url_key, article_id, lastmod, fetched_at) VALUES (?, ?, NULL, ?)"
                    " ON CONFLICT (url_key) DO NOTHING", [url_key(old), row.id, now])
            except ValueError:
                continue
        taken = self.db.execute("SELECT 1 FROM articles WHERE canonical_url = ? AND id != ?",
                                [canonical, row.id]).fetchone()
        if taken is None:  # (another article's canonical: never, as that finds the article first)
            self.db.execute("UPDATE articles SET canonical_url = ? WHERE id = ?", [canonical, row.id])
        for copy_id, copy_url in self.db.execute(
                "SELECT id, url FROM duplicates WHERE duplicate_of = ?", [row.id]).fetchall():
            try:
                if url_key(copy_url) in {url_key(article.url), url_key(canonical)}:
                    self.db.execute("DELETE FROM duplicates WHERE id = ?", [copy_id])
            except ValueError:
                continue
        title = clean_text(article.title)
        if row.content_hash != content_hash or (title and title != row.title):
            self._update(row.id, row.version, article, body, content_hash, fetched_at, now)
            status = "updated"
        else:
            self.db.execute("UPDATE articles SET url = ?, gone_at = NULL, updated_at = ? WHERE id = ?",
                            [article.url, now, row.id])
            status = "unchanged"
        self._remember_urls(article, row.id, now)
        logger.info("article %d moved from %s to %s", row.id, row.url, article.url)
        return SaveOutcome(status, row.id, moved_from=row.url)

    @staticmethod
    def _canonical_names_neither(canonical: str, article: ArticleItem, row: _StoredRow) -> bool:
        """Whether neither the page nor the stored article was fetched at ``canonical``: the
        canonical may then be a section or a template's, not the story's own page. A page under
        the stored article's own address (its AMP or mobile copy, an older cached state) is a
        version of that article, whatever figures changed: a developing story's toll."""
        try:
            key = url_key(canonical)
            return key not in {url_key(article.url), url_key(row.url)}
        except ValueError:
            return True

    def _may_be_same_story(self, article_id: int, signature: bytes) -> bool:
        if self.near_index is None:
            return True  # nothing to compare with: trust the canonical
        similarity = self.near_index.similarity(article_id, signature)
        return similarity is None or similarity >= SAME_STORY_MIN_SIMILARITY

    def _shortened_copy_of(self, article: ArticleItem, body: str, lead_keys: tuple[int, ...],
                           signature: bytes) -> tuple[int, float] | None:
        """``(article id, share)`` of the stored article this page is a shortened copy of: it
        shares a lead paragraph with it (:func:`crawler.dedup.lead_paragraph_keys`), at least
        ``shortened_min_share`` of its 5-shingles are in the article's text, it is at most
        :data:`SHORTENED_MAX_LENGTH` of the article's length, and no substitution says it is
        another story (:func:`crawler.dedup.story_difference`). ``None`` when there is none.

        Only the shorter page can be the copy: an outlet's full story fetched after its cut
        copy is a story of its own (the cut copy stays stored; rows are never rewritten).

        Cheap tests first, as articles of one template share their opening paragraph: the stored
        word count, then the containment the two MinHash signatures estimate; the texts are
        shingled only for a candidate that passes both (shingling a page and five stored bodies
        cost a fifth of the crawl process on a site of templated stories)."""
        if not self.shortened_min_share or not lead_keys:
            return None
        words = article.word_count or count_words(body)
        if words < SHORTENED_MIN_WORDS:
            return None
        own: set[str] | None = None
        for candidate in self.near_index.lead_candidates(lead_keys, limit=_STORY_CHECKS):
            stored = self.db.execute("SELECT word_count FROM articles WHERE id = ?", [candidate]).fetchone()
            if stored is None or (stored[0] and words > stored[0] * SHORTENED_MAX_LENGTH):
                continue  # (0: not counted) an article too short to hold the page
            similarity = self.near_index.similarity(candidate, signature)
            if similarity is not None and stored[0] and estimated_containment(
                    similarity, words, stored[0]) < self.shortened_min_share - _CONTAINMENT_ESTIMATE_MARGIN:
                continue
            (stored_body,) = self.db.execute("SELECT body FROM articles WHERE id = ?", [candidate]).fetchone()
            own = own if own is not None else word_shingles(body)
            theirs = word_shingles(stored_body)
            share = containment(own, theirs)
            if share < self.shortened_min_share or len(own) > len(theirs) * SHORTENED_MAX_LENGTH \
                    or paragraph_of_its_own(body, theirs) \
                    or self._story_difference(candidate, article, body) is not None:
                continue
            return candidate, share
        return None

    def _story_difference(self, article_id: int, article: ArticleItem, body: str) -> str | None:
        """Why the page is another story than the stored article its text resembles
        (:func:`crawler.dedup.story_difference`), ``None`` when it may be a copy of it."""
        row = self.db.execute("SELECT title, body, site, url, published_at FROM articles WHERE id = ?",
                              [article_id]).fetchone()
        if row is None:
            return None
        title, stored_body, site, url, published_at = row
        same_site = site is not None and site == article.site
        reason = None
        if same_site and url_key(url) != url_key(article.url) and published_at and article.published_at \
                and published_at[:10] != article.published_at[:10]:
            # one site's two pages dated two days: the bulletin of each day, even word for word
            reason = f"published another day: {published_at[:10]} / {article.published_at[:10]}"
        reason = reason or story_difference(stored_body, body, title_a=title, title_b=clean_text(article.title),
                                            same_site=same_site)
        if reason is not None:
            logger.debug("%s is not a copy of article %d: %s", article.url, article_id, reason)
        return reason

    def _columns(self, article: ArticleItem, body: str, content_hash: str) -> dict:
        title = clean_text(article.title)
        return {
            "url": article.url,
            "site": article.site,
            "title": title,
            "body": body,
            # Folded in the extraction worker; items from elsewhere (Redis, older producers)
            # are folded here.
            "search_spellings": (article.search_spellings if article.search_spellings is not None
                                 else search_spellings(title, body)),
            "authors": _authors_json(article),
            "published_at": article.published_at,
            "published_at_raw": clean_text(article.published_at_raw),
            "modified_at": article.modified_at,
            "language": article.language,
            "description": clean_text(article.description),
            "site_name": clean_text(article.site_name),
            "tags": json.dumps([clean_text(t) for t in article.tags], ensure_ascii=False),
            "image": article.image,
            "content_hash": content_hash,
            # Counted by the extractor (in a worker process); NUL and surrogate cleaning leave
            # the count as it was.
            "word_count": article.word_count or count_words(body),
            "gone_at": None,  # fetched: online (again)
        }

    def _insert(self, article, canonical, body, content_hash, fetched_at, now) -> int:
        values = self._columns(article, body, content_hash)
        values.update(canonical_url=canonical, fetched_at=fetched_at, first_seen_at=now, updated_at=now)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        # One above the highest id ever given (articles_high_water, migration 0019): SQLite alone
        # would give a deleted newest article's id again, and a reader following `id` miss this one.
        cursor = self.db.execute(f"INSERT INTO articles (id, {names}) VALUES ({_NEXT_ARTICLE_ID}, {marks})",
                                 list(values.values()))
        self._unindexed.add(cursor.lastrowid)
        return cursor.lastrowid

    def _update(self, article_id, version, article, body, content_hash, fetched_at, now) -> None:
        if article_id in self._unindexed:
            # Stored earlier in this batch: the update trigger deletes the old text from the
            # index, which must therefore hold it ("database disk image is malformed" else).
            self._index_unindexed()
        self.db.execute(
            """
            INSERT INTO article_revisions
                (article_id, version, title, body, content_hash, published_at, modified_at, fetched_at, replaced_at)
            SELECT id, version, title, body, content_hash, published_at, modified_at, fetched_at, ?
            FROM articles WHERE id = ?
            """,
            [now, article_id],
        )
        values = self._columns(article, body, content_hash)
        # A changed body is a modification we observed: when the page states no modified
        # date, the fetch time is the best bound we have (the published date is untouched).
        values["modified_at"] = article.modified_at or fetched_at
        values.update(version=version + 1, fetched_at=fetched_at, updated_at=now)
        assignments = ", ".join(f"{name} = ?" for name in values)
        self.db.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", [*values.values(), article_id]
        )
        if self.near_index is not None:
            self.near_index.add(article_id, self._signature(article, body), self._lead_keys(article, body))

    def _record_duplicate(self, article, body, duplicate_of, kind, similarity, content_hash, now) -> None:
        """``body``: the copy's cleaned text (as :meth:`_save_one` computed it)."""
        self.db.execute(
            """
            INSERT INTO duplicates (url, canonical_url, site, duplicate_of, kind, similarity, title, content_hash,
                                    seen_at, body, published_at, modified_at, authors, language)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (url, duplicate_of) DO UPDATE SET seen_at = excluded.seen_at,
                kind = excluded.kind, similarity = excluded.similarity, title = excluded.title,
                content_hash = excluded.content_hash, canonical_url = excluded.canonical_url,
                body = excluded.body, published_at = excluded.published_at,
                modified_at = excluded.modified_at, authors = excluded.authors, language = excluded.language
            """,
            [
                article.url,
                article.canonical_url,
                article.site,
                duplicate_of,
                kind,
                round(similarity, 4),
                clean_text(article.title),
                content_hash,
                now,
                # The copy's own text and dates (schema version 12): what restoring it as an
                # article needs when the match was wrong. Kept once per copy, as last seen.
                body,
                article.published_at,
                article.modified_at,
                _authors_json(article),
                article.language,
            ],
        )

    def _remember_urls(self, article: ArticleItem, article_id: int, now: str) -> None:
        for url in {article.url, article.canonical_url} - {None}:
            self.db.execute(
                """
                INSERT INTO seen_urls (url_key, article_id, lastmod, fetched_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (url_key) DO UPDATE SET article_id = excluded.article_id,
                    lastmod = COALESCE(excluded.lastmod, seen_urls.lastmod), fetched_at = excluded.fetched_at
                """,
                [url_key(url), article_id, article.sitemap_lastmod, article.fetched_at or now],
            )
        if not article.shortlink:
            return
        try:
            key = url_key(article.shortlink)
        except ValueError:  # an item from another producer (Redis)
            return
        # The page's own short address (/?p=4521) leads to the article too, so a link to it is
        # skipped before download; it never takes a key that leads to another article (a
        # page's own address, or the same shortlink a broken template declares on another page).
        self.db.execute(
            """
            INSERT INTO seen_urls (url_key, article_id, lastmod, fetched_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (url_key) DO UPDATE SET
                lastmod = COALESCE(excluded.lastmod, seen_urls.lastmod), fetched_at = excluded.fetched_at
            WHERE seen_urls.article_id = excluded.article_id
            """,
            [key, article_id, article.sitemap_lastmod, article.fetched_at or now],
        )

    def close(self) -> None:
        self.db.close()
