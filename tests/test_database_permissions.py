"""The database shared with readers that run as other users (docs/deployment.md, "Readers running
as another user").

SQLite deletes ``news.db-wal`` and ``news.db-shm`` when the last connection closes; a reader that
opens the file then creates them again, owned by itself, with the database file's mode. A
crawler that cannot write them opened the file read-only without a word, and every write failed
("attempt to write a readonly database") while ``crawl_runs`` showed nothing wrong. Now the
writer refuses such a file with one line naming the file and its owner; and in a setgid folder
it creates the database group-writable (``0666`` less the umask), so that the files a reader of
the group creates stay writable by the crawler.

Root ignores file permissions, and the tests run as root here: the crawler and the reader are
child processes that import what they need as root, then drop to unprivileged uids
(:func:`run_as`), so the kernel checks their access as it does a real crawler's. Those tests
are skipped when the suite does not run as root; :func:`test_a_database_file_this_process_cannot_write_is_refused_naming_it`
covers the check there instead.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from crawler.errors import StorageError
from crawler.storage import database_write_problem, open_database
from tests.conftest import PROJECT_ROOT, tiny_tmpfs

CRAWLER_UID = 65534  # nobody: the crawler's user
READER_UID = 65533  # a reader's user, without an account
SHARED_GID = 65532  # the group crawler and readers share

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="changing users needs root")

# Run in a child process: import as root (the interpreter and the venv may be in a folder only
# root can read, as /root here), become `uid` with the groups `gids` and the umask, then run BODY.
_CHILD = r"""
import json, os, sqlite3, sys
import crawler.cli, crawler.commands.crawl, crawler.runner, crawler.storage, crawler.lock, crawler.sites
from crawler.errors import StorageError
from crawler.items import ArticleItem
from crawler.storage import ArticleStore, open_database
crawler.runner.project_settings()  # imports the settings module and Scrapy's settings code
# The write path imports some modules on first use (datasketch, numpy.random), which comes after
# the switch below: one article is written as root first, to a database thrown away.
import tempfile
with tempfile.TemporaryDirectory() as warm_up:
    _store = ArticleStore(os.path.join(warm_up, "news.db"))
    _store.save(ArticleItem(url="https://warm.up/a/1", canonical_url="https://warm.up/a/1", site="demo",
                            title="Warm up", body=" ".join(f"w{i}" for i in range(300)),
                            fetched_at="2025-06-02T10:00:00+00:00"))
    _store.close()
uid, gids, umask, body, args = json.loads(sys.argv[1])
os.setgroups(gids)
os.setgid(gids[0] if gids else uid)
os.setuid(uid)
os.umask(umask)
exec(body)
"""


def run_as(uid: int, body: str, *args, gids: tuple[int, ...] = (), umask: int = 0o022) -> subprocess.CompletedProcess:
    """Run the Python statements ``body`` as ``uid`` (``args`` as the list ``args``); its
    output is returned."""
    # Run from "/", the project on the path: the checkout may be a folder only root can read (a
    # clone into `mktemp -d`, a home folder), and Scrapy looks for scrapy.cfg from the working folder.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-c", _CHILD, json.dumps([uid, list(gids), umask, body, list(args)])],
                          cwd="/", env=env, capture_output=True, text=True, timeout=120)


OPEN_AND_WRITE = """
try:
    store = ArticleStore(args[0])
    store.save(ArticleItem(url=args[1], canonical_url=args[1], site="demo", title="A story",
                           body=" ".join(f"{args[1].rsplit('/', 1)[1]}w{i}" for i in range(300)),
                           fetched_at="2025-06-02T10:00:00+00:00"))
    store.close()
    print("stored")
except StorageError as exc:
    print(f"StorageError: {exc}")
"""
READ = """
conn = sqlite3.connect(f"file:{args[0]}?mode=ro", uri=True, timeout=5)
print(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
conn.close()
"""


@pytest.fixture
def shared_folder():
    """A folder others may enter (pytest's own tmp folders are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="news-shared-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def account(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@needs_root
def test_wal_files_a_reader_of_another_user_recreated_stop_the_writer_with_one_line_naming_their_owner(
        shared_folder):
    # The setup the README described until 2026-12: the reader may write the folder, not the file.
    database = shared_folder / "news.db"
    crawl = run_as(CRAWLER_UID, OPEN_AND_WRITE, str(database), "https://news.test/2025/06/02/first")
    assert crawl.stdout.strip() == "stored", crawl.stderr[-3000:]
    assert not Path(f"{database}-wal").exists()  # removed by the crawler's last close
    read = run_as(READER_UID, READ, str(database))
    assert read.stdout.strip() == "1", read.stderr[-3000:]
    wal = Path(f"{database}-wal")
    assert (wal.stat().st_uid, mode(wal)) == (READER_UID, 0o644)  # SQLite: the reader's, the file's mode

    crawl = run_as(CRAWLER_UID, OPEN_AND_WRITE, str(database), "https://news.test/2025/06/02/second")
    assert crawl.stdout.startswith("StorageError: cannot write database"), crawl.stdout + crawl.stderr[-3000:]
    message = crawl.stdout
    assert f"{wal} belongs to uid {READER_UID}" in message
    assert "mode 0644" in message and f"(uid {CRAWLER_UID}), which cannot write it" in message
    assert f"chown {account(CRAWLER_UID)} {wal} {database}-shm" in message and "Readers running as another user" in message
    assert run_as(READER_UID, READ, str(database)).stdout.strip() == "1"


@needs_root
def test_a_crawler_sharing_a_setgid_folder_with_its_readers_creates_the_file_group_writable_and_keeps_writing(
        shared_folder):
    # docs/deployment.md: one group, the folder setgid to it, the crawler under UMask=0002.
    os.chown(shared_folder, CRAWLER_UID, SHARED_GID)
    shared_folder.chmod(0o2775)
    database = shared_folder / "news.db"
    crawl = run_as(CRAWLER_UID, OPEN_AND_WRITE, str(database), "https://news.test/2025/06/02/first",
                   gids=(SHARED_GID,), umask=0o002)
    assert crawl.stdout.strip() == "stored", crawl.stderr[-3000:]
    assert (database.stat().st_gid, mode(database)) == (SHARED_GID, 0o664)
    read = run_as(READER_UID, READ, str(database), gids=(SHARED_GID,), umask=0o022)
    assert read.stdout.strip() == "1", read.stderr[-3000:]
    for companion in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        assert (companion.stat().st_uid, companion.stat().st_gid, mode(companion)) == (READER_UID, SHARED_GID, 0o664)

    crawl = run_as(CRAWLER_UID, OPEN_AND_WRITE, str(database), "https://news.test/2025/06/02/second",
                   gids=(SHARED_GID,), umask=0o002)
    assert crawl.stdout.strip() == "stored", crawl.stdout + crawl.stderr[-3000:]
    assert run_as(READER_UID, READ, str(database), gids=(SHARED_GID,)).stdout.strip() == "2"


CRAWL = """
sys.exit(crawler.cli.main(["crawl", "--url", "http://127.0.0.1:9/", "--db", args[0]]))
"""


@needs_root
def test_crawler_crawl_on_wal_files_it_cannot_write_exits_1_with_one_error_line_before_crawling(shared_folder):
    database = shared_folder / "news.db"
    assert run_as(CRAWLER_UID, OPEN_AND_WRITE, str(database), "https://news.test/a/1").stdout.strip() == "stored"
    assert run_as(READER_UID, READ, str(database)).stdout.strip() == "1"
    result = run_as(CRAWLER_UID, CRAWL, str(database))
    assert result.returncode == 1, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and errors[0].startswith(f"Error: cannot write database {database}: {database}-wal "
                                                     f"belongs to uid {READER_UID}"), result.stderr[-3000:]
    assert errors[0].endswith("; nothing crawled")
    assert "Spider opened" not in result.stderr  # refused before any site started
    assert result.stdout == ""


@needs_root
def test_an_existing_database_file_keeps_its_mode_and_a_plain_folder_keeps_sqlites(shared_folder):
    plain = shared_folder / "plain"
    plain.mkdir(mode=0o777)
    plain.chmod(0o777)
    assert run_as(CRAWLER_UID, OPEN_AND_WRITE, str(plain / "news.db"), "https://news.test/a/1",
                  umask=0o002).stdout.strip() == "stored"
    assert mode(plain / "news.db") == 0o644  # no setgid folder: SQLite's mode, whatever the umask
    shared = shared_folder / "shared"
    shared.mkdir()
    os.chown(shared, CRAWLER_UID, SHARED_GID)
    shared.chmod(0o2775)
    assert run_as(CRAWLER_UID, OPEN_AND_WRITE, str(shared / "news.db"), "https://news.test/a/1",
                  gids=(SHARED_GID,), umask=0o022).stdout.strip() == "stored"
    assert mode(shared / "news.db") == 0o644  # the umask denies the group write
    (shared / "news.db").chmod(0o640)
    assert run_as(CRAWLER_UID, OPEN_AND_WRITE, str(shared / "news.db"), "https://news.test/a/2",
                  gids=(SHARED_GID,), umask=0o002).stdout.strip() == "stored"
    assert mode(shared / "news.db") == 0o640  # an existing file is the operator's


def test_a_database_file_this_process_cannot_write_is_refused_naming_it(tmp_path):
    database = tmp_path / "news.db"
    open_database(database).close()
    assert database_write_problem(database) is None
    if os.geteuid() == 0:
        pytest.skip("root writes any file (the tests above check this as another user)")
    shm = Path(f"{database}-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)
    with pytest.raises(StorageError, match=rf"cannot write database .*news\.db: {shm} belongs to .* mode 0444"):
        open_database(database)


def test_a_database_on_a_read_only_file_system_is_refused_saying_so(tmp_path):
    with tiny_tmpfs(tmp_path / "mnt", "4m") as mount:
        open_database(mount / "news.db").close()
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True, text=True)
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remounted.stderr.strip()}")
        with pytest.raises(StorageError, match=r"news\.db is on a read-only file system"):
            open_database(mount / "news.db")
        # readers still read it
        reader = sqlite3.connect(f"file:{mount / 'news.db'}?immutable=1", uri=True)
        assert reader.execute("SELECT COUNT(*) FROM articles").fetchone() == (0,)
        reader.close()
