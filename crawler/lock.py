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

The lock file is named after the database's real path, which a hard link or a bind mount of
the file does not share: two cron lines naming one file by two such paths both crawled into it.
So :func:`database_lock` also takes an ``flock`` on the database file itself, which every path
to the file reaches: a second crawl is refused whatever path it was given. Only a file that
exists: nothing is created before the crawl's own checks (a refused setting leaves no file),
and no other path can name a file that does not exist yet (a bind mount needs the file, a hard
link too; one made to the new file while its first crawl still runs is the one case left).
Nor anything but a regular file (a folder in its place: the crawl's checks say so). That lock is not SQLite's: SQLite locks byte ranges
with ``fcntl`` (POSIX) locks, which on Linux are separate from ``flock`` locks, so readers and
the crawl's own connections are not blocked. POSIX locks have one trap: closing *any*
descriptor of a file drops every POSIX lock the process holds on it, SQLite's included (a
connection's SHARED lock, which tells another process's last connection not to delete the
write-ahead log). So the descriptor opened for the ``flock`` is never closed: released, it is
unlocked and kept for the next lock of the same file (one descriptor per database file per
process). A network file system (NFS) may emulate ``flock`` with POSIX locks; SQLite's WAL
mode needs a local file system anyway (docs/deployment.md).

No settings. POSIX only (``fcntl``); the database file's ``flock`` as on Linux.
"""

from __future__ import annotations

import fcntl
import os
import stat
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
        return CrawlLock(lock_path_for(database), database=os.path.realpath(os.fspath(database))).acquire()
    except LockHeld as exc:
        raise LockHeld(f"{exc}; another crawl is writing {os.fspath(database)}, nothing done") from None


# Per database file (st_dev, st_ino): the descriptor this process opened to flock it, never
# closed (closing it would drop the process's SQLite locks on the file: see the module's doc).
_FILE_DESCRIPTORS: dict[tuple[int, int], int] = {}
# The database files (st_dev, st_ino) whose flock this process holds now.
_FILES_HELD: set[tuple[int, int]] = set()


def _file_descriptor(path: str) -> tuple[tuple[int, int], int] | None:
    """The identity of the regular file at ``path`` and this process's kept descriptor of it;
    ``None`` when there is none (not created yet, a folder in its place) or it cannot be read
    (the crawl's own checks say why). An open descriptor keeps its file's inode number from
    being reused, so a kept one is found again by the file's identity."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    if (info.st_dev, info.st_ino) in _FILE_DESCRIPTORS:
        key = (info.st_dev, info.st_ino)
        return key, _FILE_DESCRIPTORS[key]
    try:
        fd = os.open(path, os.O_RDONLY)
    except (FileNotFoundError, PermissionError):
        return None
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino)
    # Another path's descriptor of this file opened meanwhile: this one stays open too, unused.
    return key, _FILE_DESCRIPTORS.setdefault(key, fd)


def _flock_holder(key: tuple[int, int]) -> str:
    """``pid 1234``: the process holding an flock on the file ``key`` (/proc/locks, Linux), or ""."""
    device, inode = key
    wanted = f"{os.major(device):02x}:{os.minor(device):02x}:{inode}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF" (a waiter's line has "->")
                if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted:
                    # 0: a process of another pid namespace (another container)
                    return f"pid {fields[4]}" if fields[4] != "0" else "a process of another container"
    except OSError:
        pass
    return ""


def crawl_lock_held(database: str | os.PathLike[str]) -> bool | None:
    """Whether a process holds ``database``'s crawl lock now, read from ``/proc/locks`` without
    touching the lock (trying it would refuse a crawl starting at that moment): ``None`` where it
    cannot be told (no ``/proc/locks``). A local crawl holds it as long as it runs, so a
    ``crawl_runs`` row still ``running`` while nobody holds it is a run that died (SIGKILL, OOM,
    a reboot) and whose pid is in use again (a container's crawler is always pid 1)."""
    try:
        info = os.stat(lock_path_for(database))
    except FileNotFoundError:
        return False
    except OSError:
        return None
    if not os.path.exists("/proc/locks"):
        return None
    return bool(_flock_holder((info.st_dev, info.st_ino)))


class CrawlLock:
    """Exclusive, non-blocking lock on ``path``; use as a context manager.

    :raises LockHeld: on :meth:`acquire` when a live process holds it; the message names
        that process ("locked by pid 1234 (since 2025-06-02T07:15:00+00:00)").
    """

    def __init__(self, path: str | os.PathLike[str], *, database: str | None = None) -> None:
        self.path = Path(path)
        self.database = database
        """With a database file: its own flock is taken too, after the lock file's (module doc)."""
        self._fd: int | None = None
        self._file: tuple[int, int] | None = None

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
        if self.database is not None:
            try:
                self._lock_file(self.database)
            except BaseException:
                self.release()
                raise
        return self

    def _lock_file(self, database: str) -> None:
        """flock the database file itself: held by a crawl given another path to it (a hard
        link, a bind mount of the file), this raises :class:`LockHeld`."""
        found = _file_descriptor(database)
        if found is None:
            return
        key, fd = found
        if key in _FILES_HELD:  # this process's own lock, through another path
            raise LockHeld(f"{database} is locked by pid {os.getpid()} (this process, through another path)")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _flock_holder(key) or "another process"
            raise LockHeld(f"{database} is locked by {holder} (a crawl given another path to the same file: "
                           "a hard link or a bind mount)") from None
        _FILES_HELD.add(key)
        self._file = key

    def release(self) -> None:
        if self._fd is None:
            return
        if self._file is not None:  # its descriptor stays open (module doc)
            key, self._file = self._file, None
            fcntl.flock(_FILE_DESCRIPTORS[key], fcntl.LOCK_UN)
            _FILES_HELD.discard(key)
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
