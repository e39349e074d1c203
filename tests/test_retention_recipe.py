"""docs/deployment.md's retention job runs under ``flock <db>.lock``, the crawl lock's own file
(crawler/lock.py takes an ``fcntl.flock`` on it): a crawl started while the job runs is refused
(exit 75) and the job waits for a running crawl. Both directions, with the util-linux ``flock``
the recipe uses."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from crawler.lock import EXIT_LOCKED, CrawlLock, lock_path_for
from tests.test_cli_crawl import crawler_cli

pytestmark = pytest.mark.skipif(shutil.which("flock") is None, reason="util-linux flock(1) not installed")


def test_a_crawl_started_while_the_retention_job_holds_the_lock_is_refused(tmp_path):
    database = tmp_path / "news.db"
    job = subprocess.Popen(["flock", str(lock_path_for(database)), "sh", "-c", "echo held; sleep 60"],
                           stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert job.stdout.readline() == "held\n"
        result = crawler_cli("crawl", "--url", "http://127.0.0.1:9/", "--db", str(database))
    finally:
        os.killpg(job.pid, 9)  # flock, its shell and the shell's sleep (job.kill left the last two)
        job.wait()
    assert result.returncode == EXIT_LOCKED, result.stderr
    assert "is locked by" in result.stderr and not database.exists()  # nothing written


def test_the_retention_job_waits_for_a_running_crawl(tmp_path):
    database = tmp_path / "news.db"
    with CrawlLock(lock_path_for(database)):  # what a running crawl holds
        refused = subprocess.run(["flock", "-n", str(lock_path_for(database)), "true"])
        timed_out = subprocess.run(["flock", "-w", "0.5", str(lock_path_for(database)), "true"])
    assert refused.returncode == 1 and timed_out.returncode == 1
    assert subprocess.run(["flock", "-w", "0.5", str(lock_path_for(database)), "true"]).returncode == 0


def test_a_job_holding_the_database_file_itself_refuses_a_crawl_given_any_path_to_it(tmp_path):
    """`flock news.db …` takes the lock every crawl takes on the database file itself, which a
    crawl given a hard link (or a bind mount) of the file reaches too; `news.db.lock` it does not."""
    from crawler.storage import open_database

    database = tmp_path / "news.db"
    open_database(database).close()
    (tmp_path / "other").mkdir()
    link = tmp_path / "other" / "copy.db"
    os.link(database, link)
    job = subprocess.Popen(["flock", str(database), "sh", "-c", "echo held; sleep 60"],
                           stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert job.stdout.readline() == "held\n"
        result = crawler_cli("crawl", "--url", "http://127.0.0.1:9/", "--db", str(link))
    finally:
        os.killpg(job.pid, 9)  # flock, its shell and the shell's sleep
        job.wait()
    assert result.returncode == EXIT_LOCKED, result.stderr
    assert "a hard link or a bind mount" in result.stderr
