"""One crawl per database: an exclusive lock file beside it (``<database>.lock``).

``crawler crawl``, ``crawler demo`` and ``scrapy crawl`` take the lock before they open the
database, so a second run started by cron while the first is still going, or an operator's
``scrapy crawl`` into the database cron is writing, exits at once (code 75, ``EX_TEMPFAIL``:
"try again later") having written nothing: two crawls of one site would also share (and the
second would empty) the site's on-disk request queue and resume journal beside the database.
A crawler process of a distributed crawl (``REDIS_URL``) writes no database and takes none.

The lock is an ``fcntl.flock`` on the file, which the kernel releases when the holding process
dies however it dies (SIGKILL, OOM, power-off of a container), so a stale lock file never
blocks the next run. The holder's pid and start time are written inside
only so that the refused run can say who holds it.

No settings. POSIX only (``fcntl``).
"""

from __future__ import annotations

import fcntl
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from crawler.errors import CrawlerError

# sysexits.h EX_TEMPFAIL: cron wrappers and systemd treat it as "temporary, try later".
EXIT_LOCKED = 75

# A holder writes its name just after it takes the lock; a run refused in between finds the
# file empty and waits this long for the name (two crawls started by the same cron minute).
_HOLDER_NAME_WAIT = 1.0


def process_alive(pid: int | None) -> bool:
    """Whether process ``pid`` exists on this host (one of another user counts): the holder of
    a lock or a running crawl whose record names it."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


class LockHeld(CrawlerError):
    """Another live process holds the database's crawl lock."""


# Lock files this process holds (resolved paths): see held_here.
_HELD_HERE: set[Path] = set()


def held_here(database: str | os.PathLike[str]) -> bool:
    """Whether this process holds ``database``'s crawl lock, so that no other process crawls
    into it (``crawler.runs.start_run`` then knows every other ``running`` row is dead)."""
    return lock_path_for(database).resolve() in _HELD_HERE


def beside_database(database: str | os.PathLike[str], suffix: str) -> Path:
    """``news.db`` -> ``news.db<suffix>`` beside the file the path names, whatever path names it:
    symlinks (of the file or of a folder on the way) and relative paths resolved, as SQLite
    resolves them to open the file. Built from the path as given, a crawl of ``link.db`` (a
    symlink to ``real/news.db``) took ``link.db.lock`` while a crawl of ``real/news.db`` held
    ``real/news.db.lock``: both ran, into one file, and the second marked the first's
    ``crawl_runs`` row ``killed`` (cron QA review, finding 1)."""
    return Path(f"{os.path.realpath(os.fspath(database))}{suffix}")


def lock_path_for(database: str | os.PathLike[str]) -> Path:
    """``news.db`` -> ``news.db.lock`` (beside the database, on the same file system; a symlink's
    target's: :func:`beside_database`)."""
    return beside_database(database, ".lock")


def database_lock(database: str | os.PathLike[str]) -> CrawlLock:
    """The crawl lock of ``database``, taken.

    :raises LockHeld: another live process crawls into ``database``; the message names it and
        says nothing was done.
    :raises OSError: the database's folder cannot be created or written.
    """
    try:
        return CrawlLock(lock_path_for(database)).acquire()
    except LockHeld as exc:
        raise LockHeld(f"{exc}; another crawl is writing {os.fspath(database)}, nothing done") from None


class CrawlLock:
    """Exclusive, non-blocking lock on ``path``; use as a context manager.

    :raises LockHeld: on :meth:`acquire` when a live process holds it; the message names
        that process ("locked by pid 1234 (since 2025-06-02T07:15:00+00:00)").
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self) -> Self:
        if not self.path.parent.exists():  # a file in the folder's place: os.open says "Not a directory"
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND-free, no O_TRUNC: the holder's pid must survive a refused open.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder_name(fd) or "another process"
            os.close(fd)
            raise LockHeld(f"{self.path} is locked by {holder}") from None
        since = datetime.now(UTC).replace(microsecond=0).isoformat()
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} (since {since})\n".encode(), 0)
        self._fd = fd
        _HELD_HERE.add(self.path.resolve())
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD_HERE.discard(self.path.resolve())
        # Emptied before unlocking, so a reader never names a process that has let go. The
        # file itself stays: unlinking a lock file races with a process about to lock it.
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> Self:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def _holder_name(fd: int) -> str:
    """What the lock's holder wrote in the file ("pid 1234 (since …)"), or "" when it wrote
    nothing within :data:`_HOLDER_NAME_WAIT` (it is releasing the lock, or is not a CrawlLock)."""
    deadline = time.monotonic() + _HOLDER_NAME_WAIT
    while True:
        name = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
        if name or time.monotonic() >= deadline:
            return name
        time.sleep(0.01)
