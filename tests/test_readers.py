"""The database as downstream tools see it: ``crawler stats``, ``crawler export`` (streamed),
``crawler search`` (FTS5; a malformed query is one ``Error:`` line), writers that retry a locked
database (bounded, logged), and a reader that queries throughout a crawl without one error.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc

import pytest

from crawler.commands.export import export_articles
from crawler.errors import StorageError
from crawler.items import ArticleItem
from crawler.lock import database_lock
from crawler.runs import RunRecord, Verdict, finish_run, run_record, start_run
from crawler.runs import HealthFigures
from crawler.storage import ArticleStore, open_database
from tests.conftest import PROJECT_ROOT, rows
from tests.sitegen import filler
from tests.test_cli_crawl import crawl_args, crawler_cli, slow_down_articles


def article(n: int, site: str, published: str | None, language: str = "en", **fields) -> ArticleItem:
    topic = fields.pop("topic", f"story {n} of {site}")
    return ArticleItem(url=f"https://{site}.test/news/story-{n}", site=site, title=f"Title {n} of {site}",
                       body="\n\n".join(filler(topic)), published_at=published, language=language,
                       authors=["Jane Doe"], tags=["water"], fetched_at="2025-06-03T00:00:00+00:00",
                       **fields)


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    store.save_batch([
        article(1, "gulf", "2025-05-01T08:00:00+00:00"),
        article(2, "gulf", "2025-06-02T08:00:00+00:00", topic="desalination plant"),
        article(3, "levant", None, language="ar", topic="olive harvest"),
    ])
    db = store.db
    ok = start_run(db, "gulf", "2025-06-01T00:00:00+00:00")
    finish_run(db, ok, RunRecord(site="gulf", started_at="2025-06-01T00:00:00+00:00",
                                 finished_at="2025-06-01T00:10:00+00:00", finish_reason="finished",
                                 status="finished", requests=50, error_count=5))
    bad = start_run(db, "gulf", "2025-06-02T00:00:00+00:00")
    finish_run(db, bad, run_record("gulf", {"downloader/request_count": 10, "runs/pages_ok": 10,
                                            "errors/timeout": 1}, HealthFigures(),
                                   started_at="2025-06-02T00:00:00+00:00",
                                   finished_at="2025-06-02T00:10:00+00:00", finish_reason="finished",
                                   verdict=Verdict(True, "share of articles with a date 0% (usually 100%)")))
    store.close()
    return path


# --- stats ---------------------------------------------------------------------------------------------
def test_stats_per_site(database):
    result = crawler_cli("stats", "--db", str(database), "--json")
    assert result.returncode == 0, result.stderr
    sites = {s["site"]: s for s in map(json.loads, result.stdout.splitlines())}
    # the table's health column (its last run is of 2025: not crawled since)
    health = sites["gulf"].pop("health")
    assert health.startswith("NOT CRAWLED FOR ") and health.endswith(
        " h; DEGRADED: share of articles with a date 0% (usually 100%)")
    assert sites["gulf"] == {
        "site": "gulf", "articles": 2, "newest_article": "2025-06-02T08:00:00+00:00",
        "last_run": "2025-06-02T00:00:00+00:00", "last_status": "finished",
        "last_success": "2025-06-02T00:00:00+00:00", "error_rate": 0.1, "degraded": True,
        "degraded_reason": "share of articles with a date 0% (usually 100%)", "running_since": None,
        "last_failure": None, "gone_withheld": 0,
    }
    assert sites["levant"]["articles"] == 1 and sites["levant"]["last_run"] is None
    table = crawler_cli("stats", "--db", str(database)).stdout
    assert "DEGRADED: share of articles with a date" in table and "levant" in table


def test_stats_show_a_site_whose_last_run_failed_as_failed_with_the_reason(tmp_path):
    path = tmp_path / "news.db"
    db = open_database(path)
    failure = "no page could be fetched (18 requests: 18 connection)"
    run = start_run(db, "sahel", "2025-06-03T05:00:00+00:00")
    finish_run(db, run, RunRecord(site="sahel", started_at="2025-06-03T05:00:00+00:00",
                                  finished_at="2025-06-03T05:01:00+00:00", finish_reason="finished",
                                  status="failed", failure=failure, requests=18, error_count=1))
    db.close()
    table = crawler_cli("stats", "--db", str(path)).stdout
    assert f"FAILED: {failure}" in table
    sites = {s["site"]: s for s in map(json.loads, crawler_cli("stats", "--db", str(path), "--json").stdout.splitlines())}
    assert sites["sahel"]["last_failure"] == failure and sites["sahel"]["last_status"] == "failed"


def test_stats_show_a_site_no_crawl_ran_for_two_days_as_not_crawled(tmp_path):
    """Crawls that stop altogether (the cron line lost in a move, every run refused for a typo in
    the sites file: exit 2 in a log nobody reads) left every site "ok", its last run days old."""
    from datetime import datetime, timedelta, timezone

    def ago(hours: float) -> str:
        return (datetime.now(timezone.utc) - timedelta(hours=hours)).isoformat(timespec="seconds")

    path = tmp_path / "news.db"
    db = open_database(path)
    for site, started, status, failure in (("sahel", ago(72.2), "finished", None), ("gulf", ago(1), "finished", None),
                                          ("levant", ago(100.2), "failed", "no page could be fetched")):
        run = start_run(db, site, started)
        finish_run(db, run, RunRecord(site=site, started_at=started, finished_at=started, finish_reason="finished",
                                      status=status, failure=failure, requests=15))
    db.close()
    table = {line.split()[0]: line for line in crawler_cli("stats", "--db", str(path)).stdout.splitlines()[2:]}
    sahel_run = rows(path, "SELECT started_at FROM crawl_runs WHERE site = 'sahel'")[0]["started_at"]
    assert (f"NOT CRAWLED FOR 72 h: no run since {sahel_run}; is its timer or cron job still running?"
            in table["sahel"])
    assert "NOT CRAWLED FOR 100 h; FAILED: no page could be fetched" in table["levant"]
    assert "  ok" in table["gulf"] and "NOT CRAWLED" not in table["gulf"]  # crawled an hour ago
    # a monitor reading --json sees the same verdicts (the JSON had no sign of a run missing)
    health = {s["site"]: s["health"] for s in map(json.loads, crawler_cli("stats", "--db", str(path), "--json")
                                                   .stdout.splitlines())}
    assert health == {
        "sahel": f"NOT CRAWLED FOR 72 h: no run since {sahel_run}; is its timer or cron job still running?",
        "gulf": "ok",
        "levant": "NOT CRAWLED FOR 100 h; FAILED: no page could be fetched",
    }
    quiet = crawler_cli("stats", "--db", str(path), "--stale-hours", "0").stdout
    assert "NOT CRAWLED" not in quiet and "FAILED: no page could be fetched" in quiet
    assert "NOT CRAWLED FOR 72 h" in crawler_cli("stats", "--db", str(path), "--stale-hours", "72").stdout


def test_stats_show_a_crawl_running_for_longer_than_the_staleness_window_as_running_that_long(tmp_path):
    """A crawl stuck for days holds the lock: every cron run exits 75 (systemd's SuccessExitStatus=75:
    a success), no run fails, and the health column read "ok" beside its "crawling since"."""
    import os
    from datetime import UTC, datetime, timedelta

    def ago(hours: float) -> str:
        return (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")

    path = tmp_path / "news.db"
    db = open_database(path)
    for site, hours in (("sahel", 75.2), ("gulf", 1)):
        start_run(db, site, ago(hours + 1))  # an earlier, finished run
        db.execute("UPDATE crawl_runs SET status = 'finished', finished_at = started_at WHERE site = ?", [site])
        start_run(db, site, ago(hours), pid=os.getpid())  # the crawl in progress: its process is alive
    db.close()
    started = rows(path, "SELECT started_at FROM crawl_runs WHERE site = 'sahel' AND status = 'running'")[0]["started_at"]
    lock = database_lock(path)  # the stuck crawl holds the database's crawl lock, as every local crawl does
    try:
        health = {s["site"]: s["health"] for s in map(json.loads, crawler_cli("stats", "--db", str(path), "--json")
                                                       .stdout.splitlines())}
        assert health["sahel"] == (f"RUNNING FOR 75 h: the crawl started {started} still runs, and every run "
                                   "started since exited 75; is it stuck?")
        assert health["gulf"] == "ok"  # a crawl of an hour: its timer's business
        assert "RUNNING FOR 75 h" in crawler_cli("stats", "--db", str(path)).stdout
    finally:
        lock.release()


def test_stats_do_not_call_a_dead_run_whose_pid_is_in_use_again_a_stuck_crawl(tmp_path):
    """A run SIGKILLed (OOM, a reboot, `docker kill`) leaves its crawl_runs row "running"; its
    pid may be alive again, another process's (a container's crawler is always pid 1), and no run
    started since to mark it killed. Nobody holds the crawl lock, which every local crawl holds
    while it runs: nothing is stuck and no run exited 75, the site is simply not crawled."""
    import os
    from datetime import UTC, datetime, timedelta

    def ago(hours: float) -> str:
        return (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")

    path = tmp_path / "news.db"
    db = open_database(path)
    for site, hours in (("sahel", 75.2), ("gulf", 1)):
        start_run(db, site, ago(hours + 1))
        db.execute("UPDATE crawl_runs SET status = 'finished', finished_at = started_at WHERE site = ?", [site])
        start_run(db, site, ago(hours), pid=os.getpid())  # a live pid, but not a crawl's
    db.close()
    database_lock(path).release()  # a crawl took it and released it: the lock file is left behind
    started = rows(path, "SELECT started_at FROM crawl_runs WHERE site = 'sahel' AND status = 'running'")[0]["started_at"]
    health = {s["site"]: s["health"] for s in map(json.loads, crawler_cli("stats", "--db", str(path), "--json")
                                                   .stdout.splitlines())}
    assert health["sahel"] == (f"NOT CRAWLED FOR 75 h: the run started {started} died without closing its "
                               "crawl_runs row (no crawl holds the lock), and no run started since; is its timer "
                               "or cron job still running?")
    assert "is it stuck" not in crawler_cli("stats", "--db", str(path)).stdout
    assert health["gulf"] == "ok"  # within the window: not judged either way


def test_stats_show_a_site_whose_last_run_withheld_its_gone_marks(tmp_path):
    # A run whose answers were mostly 404/410 or redirects home marks nothing gone (the site looked
    # down or broken); its extraction figures, from the few pages that came, read "ok".
    path = tmp_path / "news.db"
    db = open_database(path)
    for started, withheld in (("2025-06-03T05:00:00+00:00", 0), ("2025-06-04T05:00:00+00:00", 12)):
        run = start_run(db, "sahel", started)
        finish_run(db, run, RunRecord(site="sahel", started_at=started, finished_at=started, finish_reason="finished",
                                      status="finished", requests=15, gone_withheld=withheld))
    db.close()
    table = crawler_cli("stats", "--db", str(path)).stdout
    assert "GONE MARKS WITHHELD: 12 answers said gone (404/410, home redirects); site down or broken?" in table
    [site] = map(json.loads, crawler_cli("stats", "--db", str(path), "--json").stdout.splitlines())
    assert site["gone_withheld"] == 12 and site["degraded"] is False


def test_stats_read_a_version_10_file_whose_crawl_runs_has_no_gone_withheld(tmp_path):
    from tests.test_migrations import old_database

    path = tmp_path / "news.db"
    old_database(path, stop_before="0011_crawl_runs_gone_withheld")
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO crawl_runs (site, started_at, status, requests) VALUES ('x', '2025-06-03T05:00:00+00:00',"
                 " 'finished', 3)")
    conn.commit()
    conn.close()
    result = crawler_cli("stats", "--db", str(path), "--json")  # read-only: the file is not migrated
    assert result.returncode == 0, result.stderr
    [site] = map(json.loads, result.stdout.splitlines())
    assert site["gone_withheld"] == 0 and site["last_status"] == "finished"
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 10


def test_stats_show_a_first_crawl_in_progress_and_ignore_one_whose_process_died(tmp_path):
    path = tmp_path / "news.db"
    db = open_database(path)
    start_run(db, "maghreb", "2025-06-03T06:00:00+00:00")  # this process: alive, nothing stored yet
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    start_run(db, "sahel", "2025-06-03T05:00:00+00:00", pid=int(dead.stdout))  # its process has exited
    db.close()
    result = crawler_cli("stats", "--db", str(path), "--json")
    sites = {s["site"]: s for s in map(json.loads, result.stdout.splitlines())}
    assert set(sites) == {"maghreb"}
    assert sites["maghreb"]["running_since"] == "2025-06-03T06:00:00+00:00" and sites["maghreb"]["articles"] == 0
    table = crawler_cli("stats", "--db", str(path)).stdout
    assert "maghreb" in table and "2025-06-03T06:00:00+00:00" in table and "no crawl runs yet" not in table


def test_readers_on_a_missing_database_print_one_error_line(tmp_path):
    for command in (["stats"], ["export"], ["search", "x"]):
        result = crawler_cli(*command, "--db", str(tmp_path / "none.db"))
        assert result.returncode == 2 and result.stderr.startswith("Error: no database at")
        assert result.stderr.count("\n") == 1
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("make_file", [
    pytest.param(lambda path: path.write_bytes(b""), id="zero-byte file"),
    pytest.param(lambda path: sqlite3.connect(path).executescript("CREATE TABLE notes (text TEXT);"),
                 id="another application's SQLite file"),
])
def test_readers_on_a_file_that_is_not_a_crawler_database_print_one_error_line(tmp_path, make_file):
    path = tmp_path / "other.db"
    make_file(path)
    before = path.read_bytes()
    for command in (["stats"], ["export"], ["search", "x"]):
        result = crawler_cli(*command, "--db", str(path))
        assert result.returncode == 2, result.stderr
        assert result.stderr == (f"Error: {path} is not a crawler database (no articles table: an empty file, "
                                 f"or another application's SQLite file)\n")
    assert path.read_bytes() == before


# --- export ------------------------------------------------------------------------------------------
def test_export_jsonl_filters_by_site_and_date(database):
    result = crawler_cli("export", "--db", str(database), "--site", "gulf", "--since", "2025-06-01")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in records] == ["Title 2 of gulf"]
    assert records[0]["authors"] == ["Jane Doe"] and records[0]["body"].startswith("On the desalination")
    # An undated article counts from when it was first stored (this test run: after the date).
    result = crawler_cli("export", "--db", str(database), "--since", "2025-06-01T12:00:00+03:00")
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == \
        ["Title 2 of gulf", "Title 3 of levant"]


def test_export_of_a_site_without_articles_warns_naming_the_known_sites(database):
    result = crawler_cli("export", "--db", str(database), "--site", "gulf", "--site", "gluf")
    assert result.returncode == 0  # an empty export can be legitimate: a site not crawled yet
    assert [json.loads(line)["site"] for line in result.stdout.splitlines()] == ["gulf", "gulf"]
    assert result.stderr == f"Warning: no article of site 'gluf' in {database} (sites with articles: gulf, levant)\n"
    assert crawler_cli("export", "--db", str(database), "--site", "levant").stderr == ""


def test_export_csv_to_a_file(database, tmp_path):
    target = tmp_path / "out.csv"
    result = crawler_cli("export", "--db", str(database), "--format", "csv", "--output", str(target))
    assert result.returncode == 0 and "3 article(s) written" in result.stderr
    with target.open(newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert len(records) == 3 and json.loads(records[0]["tags"]) == ["water"]
    assert "\n\n" in records[0]["body"]  # paragraphs survive the CSV quoting


def test_export_bad_date_is_one_error_line(database):
    result = crawler_cli("export", "--db", str(database), "--since", "June")
    assert result.returncode == 2 and result.stderr.startswith("Error: --since 'June'")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_into_a_reader_that_left_exits_quietly(database, fmt):
    # `crawler export | head -1`: the reader closing the pipe is not an error of the export.
    from tests.test_cli_crawl import crawler_cmd

    process = subprocess.Popen(crawler_cmd("export", "--db", str(database), "--format", fmt), cwd=PROJECT_ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()  # before the export writes its first line
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_export_streams_in_constant_memory(tmp_path):
    path = tmp_path / "big.db"
    db = open_database(path)
    body = "word " * 2000  # 10 kB per article, 30 MB in all
    with db.atomic():
        for n in range(3000):
            db.execute("INSERT INTO articles (url, canonical_url, body, content_hash, fetched_at, first_seen_at,"
                       " updated_at) VALUES (?, ?, ?, ?, 'x', 'x', 'x')", [f"u{n}", f"u{n}", body, f"h{n}"])

    class CountingSink(io.TextIOBase):
        written = 0

        def write(self, text):
            self.written += len(text)
            return len(text)

    sink = CountingSink()
    tracemalloc.start()
    try:
        count = export_articles(db, sink, fmt="jsonl")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    db.close()
    assert count == 3000 and sink.written > 30_000_000
    assert peak < 2_000_000, f"export held {peak} bytes at once"


# --- search ---------------------------------------------------------------------------------------------
def test_search_finds_by_words_best_first(database):
    result = crawler_cli("search", "desalination", "--db", str(database), "--json")
    results = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in results] == ["Title 2 of gulf"]
    assert "[desalination]" in results[0]["snippet"]
    assert crawler_cli("search", "olive", "--db", str(database), "--site", "gulf").stdout.strip() == "no match"


@pytest.mark.parametrize("query", ["covid-19", "Al-Bawaba", "U.S.", "it's", "(Reuters)", "عمّان:"])
def test_plain_words_with_punctuation_are_searched_as_words(tmp_path, query):
    # FTS5 would read covid-19 as a column filter and Al-Bawaba as "Al NOT Bawaba".
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    store.save_batch([article(1, "levant", None, topic="Al-Bawaba said (Reuters) covid-19 cases in the U.S. "
                                                      "fell and it's over in عمّان: officials")])
    store.close()
    result = crawler_cli("search", query, "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Title 1 of levant"]


ARABIC_STORIES = {
    # title: body; each story spells its key word one way
    "hamza": "قال وزير المياه إن الأردن سيوقع اتفاقية الماء مع الجيران في عام ٢٠٢٥ بعد مفاوضات طويلة",
    "plain": "أعلنت الحكومة أن الاردن يواجه نقصا في المياه هذا الصيف بسبب قلة الأمطار في الشتاء الماضي",
    "harakat": "قال مُحمّد العلي مدير المستشفى إن قسم الطوارئ الجديد سيفتح أبوابه للمرضى الشهر المقبل",
    "undotted": "قال محمد العلي إن مستشفى الجامعة افتتح قسما جديدا للطوارئ يعمل على مدار الساعة",
    "prefixed": "وقعت مصر والأردن اتفاقية للربط الكهربائي تتيح للأردن تصدير الفائض من الطاقة الشمسية",
    "seated on ya": "صرح مسئول في وزارة الري إن شئون الفلاحين تتطلب خطة جديدة لمواجهة الجفاف",
    "seated on waw": "أكد مسؤول في البلدية أن شؤون النظافة ستتحسن بعد وصول الآليات الجديدة",
    "ligature": "Le musée présente une œuvre inédite du peintre, prêtée par une collection privée",
}


def arabic_database(tmp_path):
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    store.save_batch([ArticleItem(url=f"https://levant.test/news/{key}", site="levant", title=key,
                                  body=" ".join([text] * 6), language="ar",
                                  fetched_at="2025-06-03T00:00:00+00:00")
                      for key, text in ARABIC_STORIES.items()])
    store.close()
    return path


@pytest.mark.parametrize("query, titles", [
    ("الاردن", {"hamza", "plain", "prefixed"}),   # typed without hamza: finds the story that writes it
    ("الأردن", {"hamza", "plain", "prefixed"}),   # and the other way round; والأردن and للأردن too
    ("الإردن", {"hamza", "plain", "prefixed"}),   # any alef
    ("بالأردن", {"hamza", "plain", "prefixed"}),  # any prefix
    ("محمد", {"harakat", "undotted"}),            # harakat split the word for the tokenizer
    ("مُحمّد", {"harakat", "undotted"}),
    ("مستشفي", {"harakat", "undotted"}),          # ى / ي at the end; المستشفى is the same word
    ("2025", {"hamza"}),                          # Arabic-Indic digits
    ("الماء", {"hamza"}),                         # a word without variants finds only itself
    ("مسئول", {"seated on ya", "seated on waw"}),  # a hamza on any seat (schema version 14)
    ("والمسؤول", {"seated on ya", "seated on waw"}),
    ("شؤون", {"seated on ya", "seated on waw"}),
    ("oeuvre", {"ligature"}),                     # œ as oe; the accents the tokenizer takes off itself
    ("musee", {"ligature"}),
])
def test_arabic_words_are_found_whatever_their_spelling(tmp_path, query, titles):
    path = arabic_database(tmp_path)
    result = crawler_cli("search", query, "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["title"] for line in result.stdout.splitlines()} == titles


def test_several_words_are_one_query(database):
    # `crawler search desalination plant`, as the README's `crawler search covid-19 Al-Bawaba`
    result = crawler_cli("search", "desalination", "plant", "--db", str(database), "--json")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Title 2 of gulf"]


@pytest.mark.parametrize("query, titles", [
    ("الاردن OR zzz", {"hamza", "plain", "prefixed"}),       # each bare term in every spelling
    ("قال NOT الاردن", {"harakat", "undotted"}),             # NOT excludes every spelling too
    ("الأرد*", {"hamza", "plain", "prefixed"}),              # a prefix term's forms are prefixes too
    ('"الأردن" OR zzz', {"hamza"}),                          # a quoted phrase is searched as written
    ("(مستشفي OR zzz) AND محمد", {"harakat", "undotted"}),
])
def test_arabic_words_inside_fts5_queries_are_found_whatever_their_spelling(tmp_path, query, titles):
    path = arabic_database(tmp_path)
    result = crawler_cli("search", query, "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert {json.loads(line)["title"] for line in result.stdout.splitlines()} == titles


def test_a_column_filter_applies_to_the_spellings_searched_in_that_column(tmp_path):
    path = tmp_path / "news.db"
    store = ArticleStore(path)
    store.save_batch([ArticleItem(url=f"https://levant.test/news/{n}", site="levant", title=title,
                                  body="\n\n".join(filler(f"story {n}")), fetched_at="2025-06-03T00:00:00+00:00")
                      for n, title in enumerate(["الأردن يوقع اتفاقية", "الاردن يوقع اتفاقية", "والأردن يوقع",
                                                 "مصر توقع اتفاقية"])])
    store.close()

    def titles(query):
        result = crawler_cli("search", query, "--db", str(path), "--json")
        assert result.returncode == 0, result.stderr
        return {json.loads(line)["title"] for line in result.stdout.splitlines()}

    # the forms are searched in the title as written: الأردن finds its folded spelling there ...
    assert titles("title:الأردن") == {"الأردن يوقع اتفاقية", "الاردن يوقع اتفاقية"}
    # ... but no filtered term reaches search_spellings, where the other spellings are
    assert titles("title:الاردن") == {"الاردن يوقع اتفاقية"}
    assert titles("الاردن") == {"الأردن يوقع اتفاقية", "الاردن يوقع اتفاقية", "والأردن يوقع"}


@pytest.mark.parametrize("query, expected", [
    ("الاردن OR zzz", '(الاردن OR "اردن") OR zzz'),
    ("title:الاردن", 'title:(الاردن OR "اردن")'),
    ("{title body}:الاردن", '{title body}:(الاردن OR "اردن")'),
    ("بالأردن* AND x", '(بالأردن* OR "بالاردن"* OR "اردن"*) AND x'),
    ('"الأردن" NOT مُحمّد', '"الأردن" NOT (مُحمّد OR "محمد")'),
    ("NEAR(الاردن water, 5)", "NEAR(الاردن water, 5)"),      # a NEAR group takes phrases, not OR
    ("^الاردن OR a + الاردن", "^الاردن OR a + الاردن"),      # positions mean nothing in search_spellings
    ("الاردن zzz", '("الاردن" OR "اردن") "zzz"'),             # plain words: each quoted
])
def test_fts5_queries_keep_their_syntax_and_add_the_spellings_of_bare_terms(query, expected):
    from crawler.commands.search import fts_query

    assert fts_query(query) == expected


def test_a_match_found_through_another_spelling_is_marked_in_the_snippet(tmp_path):
    path = arabic_database(tmp_path)
    result = crawler_cli("search", "الاردن", "--db", str(path), "--json")
    snippets = {r["title"]: r["snippet"] for r in map(json.loads, result.stdout.splitlines())}
    assert "[الاردن]" in snippets["plain"]                    # as typed: FTS5 marks it
    assert "[الأردن]" in snippets["hamza"]                    # another spelling: marked all the same
    assert "[والأردن]" in snippets["prefixed"] and "[للأردن]" in snippets["prefixed"]
    assert snippets["hamza"].startswith("قال وزير المياه إن [الأردن] سيوقع") and snippets["hamza"].endswith("…")


def test_the_index_matches_the_table_after_arabic_stories_are_updated(tmp_path):
    path = arabic_database(tmp_path)
    store = ArticleStore(path)
    outcome = store.save(ArticleItem(url="https://levant.test/news/plain", site="levant", title="plain",
                                     body=" ".join(["تراجعت صادرات الأسمدة من العقبة"] * 6), language="ar"))
    assert outcome.status == "updated"
    db = store.db
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    store.close()
    found = crawler_cli("search", "الاسمده", "--db", str(path), "--json").stdout.splitlines()
    assert [json.loads(line)["title"] for line in found] == ["plain"]
    found = crawler_cli("search", "الاردن", "--db", str(path), "--json").stdout.splitlines()
    assert {json.loads(line)["title"] for line in found} == {"hamza", "prefixed"}  # not the old text of "plain"


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "title:(", "body:", "x NEAR("])
def test_malformed_query_is_one_error_line(database, query):
    result = crawler_cli("search", query, "--db", str(database))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: bad search query") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


# --- writers retry a locked database -------------------------------------------------------------------
def hold_write_lock(path, seconds: float | None) -> tuple[sqlite3.Connection, threading.Thread | None]:
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    thread = None
    if seconds is not None:
        thread = threading.Timer(seconds, other.execute, ["COMMIT"])
        thread.start()
    return other, thread


def test_locked_database_is_retried_with_backoff_and_logged(tmp_path, caplog):
    path = tmp_path / "news.db"
    store = ArticleStore(path, busy_timeout=0.05, lock_retries=8)
    other, timer = hold_write_lock(path, 0.6)
    with caplog.at_level(logging.WARNING, logger="crawler.storage"):
        outcome = store.save(article(1, "gulf", None))
    timer.join()
    other.close()
    assert outcome.status == "new"
    retries = [r for r in caplog.records if r.name == "crawler.storage" and "Retrying" in r.getMessage()]
    assert retries and all(r.levelno == logging.WARNING for r in retries)
    assert "locked" in retries[0].getMessage()
    store.close()


def test_lock_retries_are_bounded(tmp_path, caplog):
    path = tmp_path / "news.db"
    store = ArticleStore(path, busy_timeout=0.01, lock_retries=2)
    other, _ = hold_write_lock(path, None)
    try:
        with pytest.raises(StorageError, match="locked"):
            store.save(article(1, "gulf", None))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len([r for r in caplog.records if "Retrying" in r.getMessage()]) == 1
    assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0  # nothing half-written
    store.close()


# --- a reader throughout a crawl ---------------------------------------------------------------------------
READER = r"""
import sqlite3, sys, time
path, stop = sys.argv[1], sys.argv[2]
queries = ["SELECT COUNT(*) FROM articles", "SELECT id, title FROM latest_articles LIMIT 20",
           "SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'water'",
           "SELECT site, status, articles_new FROM crawl_runs ORDER BY id DESC LIMIT 5",
           "SELECT COUNT(*) FROM duplicates"]
ok = errors = 0
import os
while not os.path.exists(stop):
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        for sql in queries:
            conn.execute(sql).fetchall()
        conn.close()
        ok += 1
    except sqlite3.Error as exc:
        errors += 1
        print("error:", exc, flush=True)
print(f"ok={ok} errors={errors}", flush=True)
"""


@pytest.mark.slow
def test_a_reader_querying_throughout_a_crawl_never_gets_an_error(demo_server, demo_expected, tmp_path):
    database = tmp_path / "news.db"
    open_database(database).close()  # the schema exists before the reader starts
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(database), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    slow_down_articles(demo_server, demo_expected, 0.05)
    result = crawler_cli(*crawl_args(demo_server, database, "-s", "STORE_BATCH_SIZE=2"))
    time.sleep(0.3)
    stop.touch()
    output, _ = reader.communicate(timeout=30)
    assert result.returncode == 0, result.stderr[-3000:]
    assert output.strip().startswith("ok=") and output.strip().endswith("errors=0"), output[-2000:]
    assert int(output.split("ok=")[1].split()[0]) > 20  # it really did read throughout


def test_a_reader_connected_when_the_crawl_ends_does_not_keep_its_writes_out_of_the_file(
        demo_server, demo_expected, tmp_path):
    # SQLite empties the write-ahead log into the file when its last connection closes; a
    # dashboard still connected prevented that, and a copy of news.db (or an immutable=1
    # reader) missed the run's last articles and its finished crawl_runs row.
    database = tmp_path / "news.db"
    open_database(database).close()
    dashboard = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    dashboard.execute("SELECT COUNT(*) FROM articles").fetchone()
    try:
        result = crawler_cli(*crawl_args(demo_server, database))
        assert result.returncode == 0, result.stderr[-3000:]
        live = dashboard.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert live == len(demo_expected["articles"])
        assert (tmp_path / "news.db-wal").stat().st_size == 0
        file_only = sqlite3.connect(f"{database.resolve().as_uri()}?immutable=1", uri=True)
        assert file_only.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == live
        assert file_only.execute("SELECT status FROM crawl_runs").fetchall() == [("finished",)]
        file_only.close()
    finally:
        dashboard.close()
