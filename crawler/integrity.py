"""A damaged database file: telling it apart from other errors, and checking a file for damage.

A file whose pages were overwritten or cut short (a disk or file system fault, a copy taken
mid-write, a power cut on storage that lies about flushing) still opens: SQLite finds the damage
only on the page a query reads, and then fails that query with "database disk image is
malformed" (``SQLITE_CORRUPT``) or, when the header is gone, "file is not a database"
(``SQLITE_NOTADB``). Readers (``crawler stats|export|search``) turn that into one ``Error:`` line
naming the file and what to do (:func:`reading`), as they do for a file they cannot read for its storage (a disk I/O error, a
full disk: :class:`DatabaseUnreadable`, exit 1 too); ``crawler check`` reads every page
(:func:`check_database`). Recovery is in docs/deployment.md, "A damaged database".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from crawler.errors import StorageError

# The result codes that mean the file's content is damaged, not that it is busy, read-only or
# full (https://www.sqlite.org/rescode.html). The low byte: extended codes such as
# SQLITE_CORRUPT_INDEX share it.
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})

# quick_check/integrity_check stop after this many problems: the first few say the file is
# damaged and where, and a badly damaged file could list one per page.
MAX_PROBLEMS = 100

RECOVERY_HINT = ("stop the crawls into it, keep a copy, then recover it with sqlite3's .recover "
                 "or restore a backup (docs/deployment.md, \"A damaged database\")")


# Result codes of a file that could not be read for the storage under it (an I/O error, a full
# disk on which the reader's -shm file cannot be made, memory): not a usage error either.
UNREADABLE_CODES = frozenset({sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_NOMEM})


class DatabaseUnreadable(StorageError):
    """The database could not be read for a fault of its storage (disk I/O error, disk full)."""

    exit_code = 1  # README's exit codes: the database could not be read, not a usage error


def is_unreadable(exc: BaseException | None) -> bool:
    """Whether ``exc`` is SQLite failing for its storage (:data:`UNREADABLE_CODES`)."""
    return (isinstance(exc, sqlite3.DatabaseError)
            and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in UNREADABLE_CODES)


class DatabaseDamaged(StorageError):
    """The database file is damaged (malformed pages, no SQLite header): no command can trust it."""

    exit_code = 1  # README's exit codes: the database could not be read, not a usage error


def is_damage(exc: BaseException | None) -> bool:
    """Whether ``exc`` is SQLite saying the file's content is damaged."""
    return (isinstance(exc, sqlite3.DatabaseError)
            and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in DAMAGE_CODES)


def damaged(database: str | Path | None, exc: BaseException | str) -> DatabaseDamaged:
    """The error to report for ``database`` after SQLite failed with ``exc`` (or what a check found)."""
    name = f"database {database}" if database is not None else "the database"
    return DatabaseDamaged(f"{name} is damaged ({exc}): {RECOVERY_HINT}")


@contextmanager
def reading(database: str | Path) -> Iterator[None]:
    """Queries of ``database`` inside this block that find damage raise :class:`DatabaseDamaged`
    instead of a bare :class:`sqlite3.DatabaseError` (a traceback, after part of an export).
    An error raised while opening it (:class:`StorageError` caused by the damage) is turned
    into one too. Other errors pass unchanged."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise damaged(database, exc) from None
        if is_unreadable(exc):
            raise DatabaseUnreadable(f"cannot read database {database}: {exc}") from None
        raise
    except StorageError as exc:
        if not isinstance(exc, DatabaseDamaged) and is_damage(exc.__cause__):
            raise damaged(database, exc.__cause__) from None
        if type(exc) is StorageError and is_unreadable(exc.__cause__):
            # "cannot open database …: disk I/O error": the storage failed, exit 1 as for damage
            raise DatabaseUnreadable(str(exc)) from None
        raise


def check_database(database: str | Path, *, full: bool = False,
                   max_problems: int = MAX_PROBLEMS) -> list[str]:
    """The problems SQLite finds in ``database``; ``[]`` when it finds none.

    ``PRAGMA quick_check`` by default: every page of every table and index is read and its
    structure checked, in time proportional to the file's size. ``full=True`` runs
    ``integrity_check``, which also checks that each index matches its table's rows (several
    times slower). Opened read-only: safe while a crawl writes, whose committed state it checks
    (a WAL snapshot), though a long check holds back checkpoints while it reads.

    :raises StorageError: no file at ``database``.
    """
    path = Path(database)
    if not path.is_file():
        raise StorageError(f"no database at {path}")
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30,
                               isolation_level=None)
    except sqlite3.Error as exc:  # cannot be opened at all (permissions): not damage
        raise StorageError(f"cannot open database {path}: {exc}") from exc
    try:
        rows = conn.execute(f"PRAGMA {pragma}({int(max_problems)})").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):  # damage in the schema itself, or no SQLite header
            return [str(exc)]
        raise
    finally:
        conn.close()
    problems = [row[0] for row in rows]
    return [] if problems == ["ok"] else problems
