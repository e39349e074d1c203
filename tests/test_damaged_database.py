"""A damaged database file (pages overwritten with random bytes, the file cut short, its header
gone): ``crawler check`` says so and exits 1; readers (``stats``, ``export``, ``search``) print
one ``Error:`` line naming the file and the recovery, exit 1, never a traceback. Real damaged
SQLite files, made as a disk fault or a half-copied file would leave them."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest

from crawler.integrity import check_database
from crawler.storage import ArticleStore
from tests.test_cli_crawl import crawler_cli
from tests.test_readers import article

ARTICLES = 300  # about one 4 KB page each (bodies of ~2 KB): a damaged page loses a few, not all


@pytest.fixture(scope="module")
def healthy_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("healthy") / "news.db"
    store = ArticleStore(path)
    store.save_batch([article(n, "gulf" if n % 2 else "levant", f"2025-05-{1 + n % 28:02d}T08:00:00+00:00")
                      for n in range(ARTICLES)])
    store.close()  # checkpointed: everything is in news.db, no -wal left
    return path


def _articles_leaf_page(path) -> tuple[int, int]:
    """(page number, page size) of a leaf page in the middle of table ``articles``."""
    conn = sqlite3.connect(path)
    try:
        pages = [n for (n,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf' ORDER BY pageno")]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return pages[len(pages) // 2], page_size


def overwrite_an_articles_page(path) -> None:
    page, page_size = _articles_leaf_page(path)
    with open(path, "r+b") as file:  # past the page's 8-byte header: its cells become noise
        file.seek(page_size * (page - 1) + 8)
        file.write(random.Random(6).randbytes(page_size - 8))


def cut_in_half(path) -> None:
    with open(path, "r+b") as file:
        file.truncate(path.stat().st_size // 2)


def overwrite_the_header(path) -> None:
    with open(path, "r+b") as file:
        file.write(random.Random(6).randbytes(100))


DAMAGE = [
    pytest.param(overwrite_an_articles_page, id="random bytes in one page of articles"),
    pytest.param(cut_in_half, id="file cut in half"),
    pytest.param(overwrite_the_header, id="header overwritten"),
]


@pytest.fixture(params=DAMAGE)
def damaged_database(request, healthy_database, tmp_path):
    path = tmp_path / "news.db"
    shutil.copyfile(healthy_database, path)
    request.param(path)
    return path


def test_check_says_ok_of_a_healthy_database(healthy_database):
    assert check_database(healthy_database) == []
    assert check_database(healthy_database, full=True) == []
    result = crawler_cli("check", "--db", str(healthy_database))
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{healthy_database}: ok\n", "")


def test_check_lists_the_problems_of_a_damaged_database_and_exits_1(damaged_database):
    problems = check_database(damaged_database)
    assert problems and problems != ["ok"]
    for flags in ([], ["--full"]):
        result = crawler_cli("check", "--db", str(damaged_database), *flags)
        assert result.returncode == 1, result.stderr
        assert result.stdout.startswith(f"{damaged_database}: ") and "ok\n" not in result.stdout
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"Error: database {damaged_database} is damaged (")
        assert ".recover" in result.stderr and "Traceback" not in result.stderr


def test_check_of_a_missing_file_is_a_usage_error(tmp_path):
    result = crawler_cli("check", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and result.stderr == f"Error: no database at {tmp_path / 'none.db'}\n"
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("damage", [DAMAGE[1], DAMAGE[2]])  # every query fails on these
@pytest.mark.parametrize("command", [["export"], ["export", "--format", "csv"], ["stats"], ["stats", "--json"],
                                     ["search", "story"]])
def test_readers_of_a_damaged_database_print_one_error_line_and_exit_1(healthy_database, tmp_path, damage,
                                                                        command):
    path = tmp_path / "news.db"
    shutil.copyfile(healthy_database, path)
    damage(path)
    before = path.read_bytes()
    result = crawler_cli(*command, "--db", str(path))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: database {path} is damaged (")
    assert ("database disk image is malformed" in result.stderr or "file is not a database" in result.stderr)
    assert ".recover" in result.stderr
    assert path.read_bytes() == before  # a reader never writes


def test_export_of_a_damaged_database_fails_rather_than_end_short(healthy_database, tmp_path):
    path = tmp_path / "news.db"
    shutil.copyfile(healthy_database, path)
    overwrite_an_articles_page(path)
    result = crawler_cli("export", "--db", str(path))
    assert result.returncode == 1 and result.stderr.startswith(f"Error: database {path} is damaged (")
    assert 0 < len(result.stdout.splitlines()) < ARTICLES  # the rows before the damage, then the error


def test_an_export_into_a_file_from_a_damaged_database_leaves_no_file(healthy_database, tmp_path):
    # A downstream job must not take the rows before the damage for the whole export.
    path = tmp_path / "news.db"
    shutil.copyfile(healthy_database, path)
    overwrite_an_articles_page(path)
    output = tmp_path / "export.jsonl"
    result = crawler_cli("export", "--db", str(path), "--output", str(output))
    assert result.returncode == 1 and result.stderr.startswith(f"Error: database {path} is damaged (")
    assert not output.exists() and not (tmp_path / "export.jsonl.part").exists()
    # and an earlier complete export there is left as it was
    output.write_text("earlier export\n")
    assert crawler_cli("export", "--db", str(path), "--output", str(output)).returncode == 1
    assert output.read_text() == "earlier export\n"
    result = crawler_cli("export", "--db", str(healthy_database), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert len(output.read_text().splitlines()) == ARTICLES


def test_a_damaged_page_met_by_a_command_that_does_not_expect_it_is_still_one_line(
        healthy_database, tmp_path, monkeypatch, capsys):
    """crawler.cli's last guard: a query outside crawler.integrity.reading that hits damage."""
    from crawler import cli
    from crawler.commands import stats

    path = tmp_path / "news.db"
    shutil.copyfile(healthy_database, path)
    overwrite_an_articles_page(path)

    def read_every_article(args):
        sqlite3.connect(args.db).execute("SELECT body FROM articles").fetchall()
        return 0

    monkeypatch.setattr(stats, "stats_command", read_every_article)
    assert cli.main(["stats", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Error: database {path} is damaged (database disk image is malformed)")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["stats"], ["export"], ["search", "story"]])
def test_readers_of_a_database_on_a_full_disk_exit_1_not_2(tmp_path, command):
    """A reader that cannot make its -shm file on a full disk gets "disk I/O error" from SQLite:
    the storage failed (exit 1, as for a damaged file); 2 says the command line was wrong."""
    from crawler.storage import open_database
    from tests.conftest import tiny_tmpfs

    with tiny_tmpfs(tmp_path / "mnt", "1m") as mount:
        database = mount / "news.db"
        open_database(database).close()
        for leftover in mount.glob("news.db-*"):
            leftover.unlink()
        with pytest.raises(OSError), open(mount / "filler", "wb") as filler:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        result = crawler_cli(*command, "--db", str(database))
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot open database {database}: disk I/O error")
