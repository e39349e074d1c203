"""Run bookkeeping of ``crawler crawl`` (cron QA review of 3605a78, findings 1, 3, 4, 8, 9 and 15):
one lock and one resume folder per database file whatever path names it, a run that cannot record
itself fails, the summary shows this run's figures, and a database that cannot be opened stops
the run before any site starts, with the cause in its ``Error:`` line.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from crawler.commands.crawl import summary_table
from crawler.lock import EXIT_LOCKED, CrawlLock, LockHeld, database_lock, lock_path_for
from crawler.runner import SiteRun
from crawler.runs import failure_reason
from crawler.storage import open_database
from pipelines.resume import frontier_dir
from tests.conftest import PROJECT_ROOT, rows
from tests.test_cli_crawl import crawler_cli
from tests.test_migrations import LATEST


# --- finding 1: a symlinked --db ------------------------------------------------------------------
def linked_database(tmp_path):
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "news.db"
    link = tmp_path / "link.db"
    link.symlink_to("real/news.db")  # relative, dangling until the crawl creates the file
    return real, link


def test_a_symlink_to_the_database_names_the_same_lock_and_resume_folder(tmp_path):
    real, link = linked_database(tmp_path)
    assert lock_path_for(link) == lock_path_for(real) == real.parent / "news.db.lock"
    assert frontier_dir(link, "gulf") == frontier_dir(real, "gulf") == real.parent / "news.db.jobs" / "gulf"
    # through a symlinked folder too
    (tmp_path / "data").symlink_to("real")
    assert lock_path_for(tmp_path / "data" / "news.db") == lock_path_for(real)
    lock = database_lock(real)
    try:
        with pytest.raises(LockHeld, match=rf"another crawl is writing {link}, nothing done"):
            database_lock(link)
    finally:
        lock.release()


@pytest.mark.slow
def test_a_crawl_through_a_symlink_while_the_file_is_crawled_exits_75(tmp_path):
    real, link = linked_database(tmp_path)
    with CrawlLock(lock_path_for(real)):  # a crawl of real/news.db is running
        result = crawler_cli("crawl", "--url", "http://127.0.0.1:9/", "--db", str(link))
    assert result.returncode == EXIT_LOCKED, result.stderr[-3000:]
    assert not real.exists()


# --- a hard link or a bind mount of the database file (opsleft, item 2) ----------------------------
def hard_linked_database(tmp_path):
    """A real crawler database and a hard link to it in another folder: another path to the same
    file (as a bind mount of the file is), which no realpath resolves."""
    real = tmp_path / "real" / "news.db"
    real.parent.mkdir()
    open_database(real).close()
    (tmp_path / "other").mkdir()
    link = tmp_path / "other" / "copy.db"
    os.link(real, link)
    assert lock_path_for(link) != lock_path_for(real) and os.path.samefile(real, link)
    return real, link


def test_a_hard_link_to_the_database_is_refused_the_lock_its_file_is_crawled_under(tmp_path):
    real, link = hard_linked_database(tmp_path)
    lock = database_lock(real)
    try:
        with pytest.raises(LockHeld, match=rf"{link} is locked by pid {os.getpid()} .*another crawl is "
                                           rf"writing {link}, nothing done"):
            database_lock(link)
        assert not lock_path_for(link).read_text()  # the refused run let its lock file go
    finally:
        lock.release()
    database_lock(link).release()  # free again, by either path
    database_lock(real).release()


def test_the_database_files_lock_names_another_process_holding_it(tmp_path):
    real, link = hard_linked_database(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from crawler.lock import database_lock; "
         f"lock = database_lock({str(real)!r}); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld, match=rf"locked by pid {holder.pid} \(a crawl given another path to the "
                                           r"same file: a hard link or a bind mount\)"):
            database_lock(link)
    finally:
        holder.kill()
        holder.wait()
    database_lock(link).release()  # the kernel let the dead holder's lock go


def test_taking_and_releasing_the_lock_keeps_sqlites_own_locks_on_the_file(tmp_path):
    """Closing any descriptor of a file drops the process's POSIX locks on it, SQLite's too: the
    descriptor the lock flocks is never closed, so a transaction open across a lock's life keeps
    its write lock."""
    path = tmp_path / "news.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("BEGIN IMMEDIATE")  # a RESERVED lock (fcntl) on news.db
    try:
        database_lock(path).release()
        other = subprocess.run([sys.executable, "-c", "import sqlite3, sys; "
                                f"c = sqlite3.connect({str(path)!r}, timeout=0, isolation_level=None)\n"
                                "try: c.execute('BEGIN IMMEDIATE')\n"
                                "except sqlite3.OperationalError as e: sys.exit(str(e))"],
                               capture_output=True, text=True)
        assert other.returncode == 1 and "database is locked" in other.stderr
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_the_lock_on_the_database_file_does_not_block_sqlite(tmp_path):
    """The file's flock is not one of SQLite's (POSIX) locks: another process reads and writes it."""
    path = tmp_path / "news.db"
    open_database(path).close()
    lock = database_lock(path)
    try:
        other = subprocess.run([sys.executable, "-c", "import sqlite3; "
                                f"c = sqlite3.connect({str(path)!r}, timeout=0); "
                                "c.execute('CREATE TABLE t (x)'); c.commit(); "
                                "print(c.execute('SELECT COUNT(*) FROM articles').fetchone()[0])"],
                               capture_output=True, text=True)
    finally:
        lock.release()
    assert other.returncode == 0 and other.stdout.strip() == "0", other.stderr


@pytest.mark.slow
def test_a_crawl_through_a_hard_link_while_the_file_is_crawled_exits_75_having_written_nothing(tmp_path):
    real, link = hard_linked_database(tmp_path)
    lock = database_lock(real)  # a crawl of real/news.db is running
    try:
        result = crawler_cli("crawl", "--url", "http://127.0.0.1:9/", "--db", str(link))
    finally:
        lock.release()
    assert result.returncode == EXIT_LOCKED, result.stderr[-3000:]
    assert "a hard link or a bind mount" in result.stderr
    assert rows(real, "SELECT id FROM crawl_runs") == []
    assert not (tmp_path / "other" / "copy.db.jobs").exists()


# --- finding 3: a run whose own record or error rows are lost --------------------------------------
def project_crawler(**overrides):
    """A crawler with the project's settings (``overrides`` on top) and a spider named gulf."""
    from crawler.runner import project_settings

    settings = project_settings({name: str(value) for name, value in overrides.items()})
    crawler = get_crawler(Spider, {name: settings[name] for name in settings
                                   if name.startswith(("RUNS_", "FETCH_ERRORS_", "GONE_", "BLOCKED_", "STORAGE_"))
                                   or name == "DATABASE"})
    crawler.spider = Spider(name="gulf")
    return crawler


def runs_extension(database):
    from pipelines.runs import CrawlRunsExtension

    crawler = project_crawler(DATABASE=database, RUNS_PROGRESS_INTERVAL=0)
    return crawler, CrawlRunsExtension.from_crawler(crawler)


STATS = {"start_time": 1, "finish_reason": "finished", "downloader/request_count": 412,
         "downloader/response_status_count/200": 410, "downloader/response_status_count/404": 2,
         "articles/new": 400, "runs/pages_ok": 410, "errors/not_found": 2}


def test_a_run_whose_crawl_runs_row_cannot_be_completed_fails_and_its_summary_has_its_figures(tmp_path):
    """The database became read-only during the crawl (the store's connection, opened before,
    kept writing): the run exited 0 with a summary of zeros, its row left `running`."""
    database = tmp_path / "news.db"
    crawler, extension = runs_extension(database)
    extension.spider_opened(crawler.spider)
    run_id = crawler.stats.get_value("runs/id")
    assert rows(database, "SELECT id, status FROM crawl_runs") == [{"id": run_id, "status": "running"}]
    for key, value in STATS.items():
        crawler.stats.set_value(key, value)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    extension.database = str(blocker / "news.db")  # no new connection can open it now
    extension.spider_closed(crawler.spider, "finished")

    run = SiteRun("gulf", crawler.stats.get_stats())
    assert run.status == "failed"
    assert run.failure.startswith("its crawl_runs row could not be written: cannot open database ")
    assert crawler.stats.get_value("runs/unrecorded") == 1
    # the row still says running: the summary reads this run's stats instead
    line = summary_table(str(database), [run]).splitlines()[-1]
    assert line.split()[:10] == ["gulf", "failed", "412", "410/0/2/0", "400", "0", "0", "0", "-", "2"]


def test_fetch_errors_rows_lost_at_the_close_fail_the_run(tmp_path):
    from pipelines.errors import FetchErrorsExtension

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    crawler = project_crawler(DATABASE=blocker / "news.db")
    extension = FetchErrorsExtension.from_crawler(crawler)
    extension.error_recorded("https://gulf.test/a", "not_found", 404, "404", spider=crawler.spider)
    extension.error_recorded("https://gulf.test/b", "timeout", None, "timed out", spider=crawler.spider)
    extension.spider_closed(crawler.spider, "finished")
    stats = crawler.stats.get_stats()
    assert (stats["fetch_errors/lost"], stats["gone/lost"]) == (2, 1)
    assert failure_reason({**stats, "runs/pages_ok": 5}, "finished") == \
        "2 fetch_errors row(s) and 1 gone mark(s) could not be stored"


@pytest.mark.parametrize("stats, reason, expected", [
    ({"runs/pages_ok": 3, "fetch_errors/lost": 4, "gone/lost": 0}, "finished",
     "4 fetch_errors row(s) and 0 gone mark(s) could not be stored"),
    ({"runs/pages_ok": 3, "articles/failed/storage": 2, "fetch_errors/lost": 1, "gone/lost": 1}, "shutdown",
     "2 article(s) could not be stored; 1 fetch_errors row(s) and 1 gone mark(s) could not be stored"),
    ({"runs/pages_ok": 3, "fetch_errors/lost": 1}, "storage_failed",
     "crawl closed: storage_failed (1 fetch_errors row(s) and 0 gone mark(s) could not be stored)"),
])
def test_failure_reason_names_lost_fetch_errors_rows(stats, reason, expected):
    assert failure_reason(stats, reason) == expected


# --- finding 4: the summary shows this run's row, not the site's last of this pid ------------------
def test_the_summary_reads_the_row_this_run_opened_and_never_an_earlier_runs(tmp_path):
    database = tmp_path / "news.db"
    db = open_database(database)
    for requests in (99, 7):  # an earlier run of the same pid (a container's pid 1), then this run's
        db.execute("INSERT INTO crawl_runs (site, started_at, status, pid, requests, articles_new) "
                   "VALUES ('gulf', '2025-06-01', 'finished', ?, ?, 5)", [os.getpid(), requests])
    earlier, this_run = (row[0] for row in db.execute("SELECT id FROM crawl_runs ORDER BY id"))
    db.execute("UPDATE crawl_runs SET id = 1000 WHERE id = ?", [earlier])  # the earlier has the higher id
    db.close()
    [line] = summary_table(str(database), [SiteRun("gulf", {**STATS, "runs/id": this_run})]).splitlines()[2:]
    assert line.split()[2] == "7"
    # A run that opened no row (refused before it started) shows its own stats, not the earlier row.
    [line] = summary_table(str(database), [SiteRun("gulf", {"start_time": 1, "finish_reason": "finished",
                                                            "downloader/request_count": 0})]).splitlines()[2:]
    assert line.split()[2] == "0"
    # Not started at all: nothing.
    [line] = summary_table(str(database), [SiteRun("gulf", {})]).splitlines()[2:]
    assert line.split()[1:3] == ["not", "run"] and "99" not in line


# --- finding 8: no space for the lock file -----------------------------------------------------------
def test_a_full_disk_before_the_run_starts_exits_1_not_as_a_usage_error(tmp_path, monkeypatch, capsys):
    import crawler.commands.crawl as crawl_command
    from crawler.cli import main

    def no_space(database):
        raise OSError(errno.ENOSPC, "No space left on device", f"{database}.lock")

    monkeypatch.setattr(crawl_command, "database_lock", no_space)
    database = tmp_path / "news.db"
    assert main(["crawl", "--url", "http://127.0.0.1:9/", "--db", str(database)]) == 1
    err = capsys.readouterr().err
    assert err == (f"Error: cannot use database {database}: No space left on device: {database}.lock; "
                   f"nothing crawled\n")


# --- finding 9: a database that cannot be opened stops the run before any site -----------------------
def newer_database(path) -> None:
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
                     " VALUES ('crawler', '0999_from_a_newer_crawler', '2027-01-01')")
    conn.close()


@pytest.mark.slow
def test_a_database_of_a_newer_crawler_stops_the_run_before_any_site_with_the_cause(tmp_path):
    database = tmp_path / "news.db"
    newer_database(database)
    result = crawler_cli("crawl", "--url", "http://127.0.0.1:9/", "--url", "http://127.0.0.2:9/",
                         "--db", str(database))
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot open database {database}: its schema is newer than this crawler (migration "
        f"0999_from_a_newer_crawler unknown; this crawler knows {LATEST}): upgrade the crawler, or give it "
        f"another database; nothing crawled")
    assert "storage_unavailable" not in result.stderr and "ERROR" not in result.stderr
    assert result.stdout == ""  # no site started: no summary
    assert rows(database, "SELECT COUNT(*) AS n FROM crawl_runs") == [{"n": 0}]


@pytest.mark.slow
def test_the_summary_counts_articles_fetched_again_unchanged(tmp_path):
    """A recrawl fetches the stored stories again, unchanged: the summary's columns add up to the
    pages fetched (the old table had no such column: 6 pages fetched, none counted anywhere)."""
    from crawler.fixture_server import FixtureServer
    from tests.sitegen import SiteBuilder, Story, filler

    site = SiteBuilder(tmp_path / "site")
    for i in range(6):
        site.add(Story(path=f"/news/2025/06/0{i + 1}/long-story-{i}", title=f"Long story {i}",
                       paragraphs=filler(f"long {i}"), lastmod="2025-06-02T10:00:00+00:00"))
    site.homepage_links = [s.path for s in site.stories]
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(tmp_path / "site") as server:
        args = ["crawl", "--url", f"{server.base_url}/", "--db", str(database), "-s", "AUTOTHROTTLE_START_DELAY=0.01"]
        assert crawler_cli(*args).returncode == 0
        again = crawler_cli(*args, "-s", "CRAWL_RECRAWL=True")
    assert again.returncode == 0, again.stderr[-3000:]
    header = next(line for line in again.stdout.splitlines() if line.startswith("site "))
    line = next(line for line in again.stdout.splitlines() if line.startswith("site_"))
    assert header.split()[4:8] == ["new", "updated", "unchanged", "dup"]
    assert line.split()[4:8] == ["0", "0", "6", "0"]
