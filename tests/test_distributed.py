"""Distributed mode (issue 8): a shared frontier in Redis for many crawler processes, one writer.

The end-to-end test runs a real ``redis-server`` on 127.0.0.1 (started here, in a temp dir),
two ``scrapy crawl`` processes and ``crawler ingest`` against a generated 120-article site.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from crawler.dedup import minhash_signature
from crawler.distributed import (
    _ACK_SCRIPT,
    LOCAL_DATABASE_FEATURES,
    DistributedError,
    DistributedMode,
    FetchReport,
    Ingester,
    decode_article,
    decode_item,
    encode_article,
    encode_fetch_report,
)
from crawler.errors import StorageError
from crawler.fetch_errors import FetchError
from crawler.fixture_server import FixtureServer, Response
from crawler.items import ArticleItem
from crawler.redis_server import RedisServer, redis_server_binary
from crawler.runner import project_settings
from crawler.sites import site_name_for
from crawler.storage import ArticleStore
from crawler.urls import url_key
from tests.conftest import PROJECT_ROOT, rows, start_scrapy
from tests.sitegen import SiteBuilder, Story, build_trap_site, filler

needs_redis = pytest.mark.skipif(redis_server_binary() is None,
                                 reason="redis-server is not on PATH (apt-get install redis-server)")

ARTICLES = 120
# Per-article latency of the fixture site (the articles also wait for the second crawler process
# to join: serve_once_joined): the crawl is still going when the writer is killed.
ARTICLE_DELAY = 0.05


def article(n: int, **changes) -> ArticleItem:
    body = "\n\n".join(filler(f"story {n}", 3))
    item = ArticleItem(url=f"https://news.example/a/{n}", canonical_url=f"https://news.example/a/{n}",
                       site="example", title=f"Story {n}", body=body, authors=["Jane Doe"], tags=["x"],
                       fetched_at="2025-06-02T10:00:00+00:00", minhash=minhash_signature(body),
                       sitemap_lastmod="2025-06-01T00:00:00+00:00")
    return dataclasses.replace(item, **changes)


# --- pure parts ----------------------------------------------------------------------------
def test_an_article_survives_the_trip_through_redis_including_its_minhash_bytes():
    item = article(1, title="عنوان الخبر", lead_keys=[2**63 - 1, 0])
    assert decode_article(encode_article(item)) == item


def test_an_article_hashed_by_an_older_release_is_hashed_again_by_the_writer():
    # a crawler process not yet upgraded (or an item left in Redis across the upgrade) folded the
    # text otherwise (before schema 14: accents, hamza seats): its hashes match no row stored since
    import json

    item = article(1, content_hash="0" * 64, lead_keys=[7], search_spellings="old")
    envelope = json.loads(encode_article(item))
    del envelope["folding"]
    decoded = decode_article(json.dumps(envelope).encode())
    assert (decoded.content_hash, decoded.minhash, decoded.lead_keys, decoded.search_spellings) == (None,) * 4
    assert decoded.body == item.body
    assert decode_article(encode_article(item)).content_hash == "0" * 64  # this release's: kept


@pytest.mark.parametrize("payload", [b"not json", b'{"format": 99, "article": {}}',
                                     b'{"format": 1, "article": {"url": "u", "colour": "red"}}',
                                     b'{"format": 1, "article": {"title": "no url"}}',
                                     # a foreign producer's types: each raised in the writer's
                                     # transaction on every restart, holding every item behind it
                                     b'{"format": 1, "article": {"url": 42}}',
                                     b'{"format": 1, "article": {"url": "not a url"}}',
                                     b'{"format": 1, "article": {"url": "https://a.example/x", "tags": null}}',
                                     b'{"format": 1, "article": {"url": "https://a.example/x", "authors": "Jane Doe"}}',
                                     b'{"format": 1, "article": {"url": "https://a.example/x", "word_count": "12"}}',
                                     # a lead key SQLite cannot hold raised inside the transaction
                                     b'{"format": 1, "article": {"url": "https://a.example/x", '
                                     b'"lead_keys": [9223372036854775808]}}',
                                     b'{"format": 1, "article": {"url": "https://a.example/x", "lead_keys": ["1"]}}'])
def test_an_item_that_is_not_an_encoded_article_is_refused_with_a_reason(payload):
    with pytest.raises(DistributedError, match="undecodable item"):
        decode_article(payload)


def test_without_redis_url_the_local_components_stay():
    settings = project_settings()
    DistributedMode().update_settings(settings)
    assert "StorePipeline" in str(settings.getdict("ITEM_PIPELINES"))
    assert "SkipStoredArticlesMiddleware" in str(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    assert "redis" not in str(settings.get("SCHEDULER")).lower()


def test_redis_url_swaps_in_the_shared_scheduler_item_queue_and_stored_check():
    settings = project_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    DistributedMode().update_settings(settings)
    assert settings.get("SCHEDULER") == "pipelines.redis_frontier.SharedFrontierScheduler"
    assert settings.get("DUPEFILTER_CLASS") == "scrapy_redis.dupefilter.RFPDupeFilter"
    pipelines = {getattr(k, "__name__", k): v for k, v in settings.getdict("ITEM_PIPELINES").items()}
    assert pipelines["RedisItemsPipeline"] == 500 and "pipelines.store.StorePipeline" not in pipelines
    middlewares = {getattr(k, "__name__", k): v for k, v in settings.getdict("DOWNLOADER_MIDDLEWARES").items()}
    assert middlewares["SharedSkipStoredMiddleware"] == 120
    assert "pipelines.middlewares.SkipStoredArticlesMiddleware" not in middlewares
    # Crawler machines have no database file: nothing else writes SQLite there either.
    assert [name for name in LOCAL_DATABASE_FEATURES if settings.getbool(name)] == []


def test_redis_url_leaves_out_the_components_of_the_local_features_it_turns_off():
    def enabled(settings) -> set[str]:
        return {getattr(k, "__name__", k).rpartition(".")[2] for name in ("EXTENSIONS", "SPIDER_MIDDLEWARES")
                for k, order in settings.getdict(name).items() if order is not None}

    local = project_settings()
    assert {"CrawlRunsExtension", "CrawlProgressExtension", "ResumeFrontierMiddleware"} <= enabled(local)
    settings = project_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    DistributedMode().update_settings(settings)
    assert not {"CrawlRunsExtension", "CrawlProgressExtension", "ResumeFrontierMiddleware"} & enabled(settings)
    # turned back on from the command line: kept
    settings = project_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    settings.set("RUNS_ENABLED", True, "cmdline")
    DistributedMode().update_settings(settings)
    assert {"CrawlRunsExtension", "CrawlProgressExtension"} <= enabled(settings)
    assert "ResumeFrontierMiddleware" not in enabled(settings)


def test_redis_url_sends_fetch_errors_to_the_writer_instead_of_turning_them_off():
    # The extension was off in crawler processes (they have no database): no fetch_errors row and
    # no gone_at mark was ever written for a distributed crawl.
    settings = project_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    DistributedMode().update_settings(settings)
    extensions = {getattr(k, "__name__", k): v for k, v in settings.getdict("EXTENSIONS").items()}
    assert extensions["RedisFetchErrorsExtension"] == 400 and "pipelines.errors.FetchErrorsExtension" not in extensions
    assert settings.getbool("FETCH_ERRORS_ENABLED")


def test_a_fetch_report_survives_the_trip_through_redis_and_is_no_article():
    errors = ((FetchError("gulf", "https://news.example/a/1", "http_4xx", 404, "HTTP 404"), "2025-06-05T10:00:00+00:00"),
              (FetchError("gulf", "https://news.example/a/2", "timeout", None, "مهلة", attempts=3),
               "2025-06-05T10:00:01+00:00"))
    gone = (("https://news.example/a/1", "2025-06-05T10:00:00+00:00"),)
    assert decode_item(encode_fetch_report(errors, gone)) == FetchReport(errors, gone)
    assert decode_item(encode_fetch_report(errors)) == FetchReport(errors, ())
    with pytest.raises(DistributedError, match="a report, not an article"):
        decode_article(encode_fetch_report(errors))


_ERROR = {"site": "gulf", "url": "https://news.example/a/1", "kind": "http_4xx", "status": 404, "message": "HTTP 404",
          "attempts": 1, "seen_at": "2025-06-05T10:00:00+00:00"}


@pytest.mark.parametrize("report", [
    {"fetch_errors": [{**_ERROR, "status": "404"}]},
    {"fetch_errors": [{**_ERROR, "attempts": 0}]},
    {"fetch_errors": [{**_ERROR, "attempts": True}]},
    {"fetch_errors": [{**_ERROR, "url": None}]},
    {"fetch_errors": [{**_ERROR, "seen_at": "yesterday"}]},
    {"fetch_errors": [{k: v for k, v in _ERROR.items() if k != "kind"}]},
    {"fetch_errors": [], "gone": [{"url": "news.example/a/1", "seen_at": "2025-06-05T10:00:00+00:00"}]},
    {"fetch_errors": [], "gone": [{"url": "https://news.example/a/1", "seen_at": 1749117600}]},
    {"fetch_errors": "not a list"},
])
def test_a_fetch_report_of_the_wrong_shape_is_refused_with_a_reason(report):
    # inside the writer's transaction it would raise on every restart, holding every item behind it
    import json

    with pytest.raises(DistributedError, match="undecodable item"):
        decode_item(json.dumps({"format": 1, **report}).encode())


def test_an_explicit_command_line_setting_wins_over_distributed_mode():
    settings = project_settings({"REDIS_URL": "redis://127.0.0.1:6379/0", "RUNS_ENABLED": True})
    DistributedMode().update_settings(settings)
    assert settings.getbool("RUNS_ENABLED")


def run_ingest_command(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    return subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", *args], check=False, cwd=PROJECT_ROOT,
                          capture_output=True, text=True, env={**environment, **(env or {})}, timeout=60)


def test_ingest_without_a_redis_url_is_a_one_line_error_naming_both_ways_to_give_it(tmp_path):
    result = run_ingest_command("--db", str(tmp_path / "x.db"), "--idle-timeout", "0")
    assert result.returncode == 2
    assert result.stderr.strip() == ("Error: no Redis to read items from: give --redis redis://HOST:PORT/DB "
                                     "or -s REDIS_URL=redis://HOST:PORT/DB")
    assert not (tmp_path / "x.db").exists()


def test_ingest_says_a_redis_url_environment_variable_is_not_read(tmp_path):
    # REDIS_URL is a Scrapy setting: "set REDIS_URL" sent operators to `export REDIS_URL=...`,
    # which Scrapy never reads (only its own SCRAPY_* variables), and the same error came back.
    result = run_ingest_command("--db", str(tmp_path / "x.db"), "--idle-timeout", "0",
                                env={"REDIS_URL": "redis://127.0.0.1:9/0"})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.strip().endswith("-s REDIS_URL=redis://HOST:PORT/DB; "
                                          "the REDIS_URL environment variable is not read")
    assert not (tmp_path / "x.db").exists()


def test_ingest_takes_its_redis_url_as_a_setting_on_the_command_line(redis_server, tmp_path):
    result = run_ingest_command("--db", str(tmp_path / "x.db"), "--idle-timeout", "0",
                                "-s", f"REDIS_URL={redis_server.url}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ingested 0 article(s)")


def test_ingest_refuses_a_misspelt_setting_on_the_command_line_in_one_line(tmp_path):
    result = run_ingest_command("--db", str(tmp_path / "x.db"), "--idle-timeout", "0",
                                "-s", "REDIS_UR=redis://127.0.0.1:9/0")
    assert result.returncode == 2
    assert result.stderr.strip() == ("Error: -s REDIS_UR='redis://127.0.0.1:9/0': no such setting; "
                                     "did you mean REDIS_URL?")
    assert not (tmp_path / "x.db").exists()


@pytest.mark.parametrize(("command", "named"), [
    (["crawler.cli", "ingest", "--idle-timeout", "0", "--db", "{db}", "--redis", "notaurl"], "--redis 'notaurl'"),
    (["crawler.cli", "crawl", "--url", "http://127.0.0.1:9/", "--db", "{db}", "--redis", "10.0.0.5:6379"],
     "--redis '10.0.0.5:6379'"),
    (["crawler.cli", "crawl", "--url", "http://127.0.0.1:9/", "--db", "{db}", "-s", "REDIS_URL=10.0.0.5:6379"],
     "REDIS_URL '10.0.0.5:6379'"),
    (["scrapy", "crawl", "site", "-a", "url=http://127.0.0.1:9/", "-s", "DATABASE={db}",
      "-s", "REDIS_URL=10.0.0.5:6379"], "REDIS_URL '10.0.0.5:6379'"),
])
def test_a_redis_url_without_its_scheme_is_a_usage_error_naming_the_option(tmp_path, command, named):
    """They gave a traceback (`ValueError: Redis URL must specify one of the following schemes`)
    and exit 1; `crawler crawl` also a misleading "no page could be fetched" (QA report, item 4)."""
    module, *args = [arg.replace("{db}", str(tmp_path / "news.db")) for arg in command]
    result = subprocess.run([sys.executable, "-m", module, *args], check=False, cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    expected = (f"{named} is not a Redis URL: "
                "write it as redis://HOST:PORT/DB (or rediss://... for TLS, unix:///path/to/redis.sock)")
    if module == "crawler.cli":
        assert result.stderr == f"Error: {expected}\n"
    else:  # Scrapy's usage-error line
        assert result.stderr.splitlines()[-1].lower().endswith(f"error: {expected}".lower())
    assert list(tmp_path.iterdir()) == []  # nothing started


@pytest.mark.parametrize("url", ["redis://10.0.0.5:6379/0", "REDIS://10.0.0.5", "rediss://:pw@redis.example:6380/2",
                                 "unix:///run/redis/redis.sock", "redis://[::1]:6379/0"])
def test_the_redis_urls_redis_py_reads_are_accepted(url):
    from crawler.distributed import check_redis_url

    check_redis_url(url, "--redis")


@pytest.mark.parametrize(("url", "reason"), [
    ("redis:10.0.0.5", "is not a Redis URL"),
    ("http://10.0.0.5:6379", "is not a Redis URL"),
    ("redis://writer:s3cret@10.0.0.5:63x9/0", "Port could not be cast to integer value as '63x9'"),
    ("writer:s3cret@10.0.0.5:6379", "is not a Redis URL"),
])
def test_a_redis_url_redis_py_cannot_read_is_refused_without_its_password(url, reason):
    from crawler.distributed import RedisUrlError, check_redis_url

    with pytest.raises(RedisUrlError, match=reason) as refused:
        check_redis_url(url, "--redis")
    assert "s3cret" not in str(refused.value) and str(refused.value).startswith("--redis ")


def test_ingest_from_a_redis_that_does_not_answer_is_a_one_line_error_and_creates_nothing(tmp_path):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--db", str(tmp_path / "x.db"),
                             "--redis", f"redis://127.0.0.1:{port}/0", "--idle-timeout", "0"], check=False,
                            cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: cannot reach Redis at redis://127.0.0.1:{port}/0: ")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "x.db").exists()


# --- the writer, on a real Redis ------------------------------------------------------------
@pytest.fixture
def redis_server(tmp_path):
    if redis_server_binary() is None:
        pytest.skip("redis-server is not on PATH (apt-get install redis-server)")
    with RedisServer(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def redis_client(redis_server):
    import redis

    client = redis.Redis.from_url(redis_server.url)
    yield client
    client.close()


def oom_refusals(client) -> int:
    """Commands Redis has refused for want of memory (``maxmemory``) since it started."""
    return client.info("errorstats").get("errorstat_OOM", {}).get("count", 0)


@contextlib.contextmanager
def redis_full(client):
    """Redis at its ``maxmemory`` under ``noeviction``: every write refused with OOM, reads served."""
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", "1")
    try:
        yield
    finally:
        client.config_set("maxmemory", "0")


@pytest.fixture
def store(tmp_path):
    store = ArticleStore(tmp_path / "news.db")
    yield store
    store.close()


@pytest.mark.redis
def test_items_a_killed_writer_took_but_did_not_acknowledge_are_stored_on_restart(redis_client, store):
    # A writer killed between BLMOVE and the acknowledgement leaves its batch here.
    redis_client.lpush("crawler:items:processing", *(encode_article(article(n)) for n in range(3)))
    redis_client.lpush("crawler:items", encode_article(article(3)))
    report = Ingester(store, redis_client, batch_size=2).run(idle_timeout=0.2)
    assert report.requeued == 3
    assert report.stored == Counter(new=4)
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
    assert redis_client.llen("crawler:items") == redis_client.llen("crawler:items:processing") == 0


@pytest.mark.redis
def test_a_batch_whose_transaction_fails_stays_in_redis(redis_client, store, monkeypatch):
    redis_client.lpush("crawler:items", encode_article(article(1)))
    ingester = Ingester(store, redis_client)

    def locked(articles):
        raise StorageError("database is locked")

    monkeypatch.setattr(store, "save_batch", locked)
    with pytest.raises(StorageError):
        ingester.store_batch(ingester.take_batch(block_seconds=0), report=None)
    assert redis_client.lrange("crawler:items:processing", 0, -1) == [encode_article(article(1))]


@pytest.mark.redis
def test_a_writer_stops_when_its_idle_timeout_runs_out_not_at_the_end_of_a_one_second_wait(
        redis_client, store, monkeypatch):
    # Each take waited up to 1 s for an item: `--idle-timeout 0.2` stopped after 1 s without items.
    import threading

    waits = []
    take_batch = Ingester.take_batch

    def recorded(self, block_seconds):
        waits.append(block_seconds)
        return take_batch(self, block_seconds)

    monkeypatch.setattr(Ingester, "take_batch", recorded)
    # control: an item that arrives while the writer waits is still taken and stored
    arrives = threading.Timer(0.1, lambda: redis_client.lpush("crawler:items", encode_article(article(1))))
    arrives.start()
    try:
        report = Ingester(store, redis_client).run(idle_timeout=0.3)
    finally:
        arrives.join()
    assert report.stored == Counter(new=1)
    assert waits and max(waits) <= 0.3, waits
    assert 0 in waits or min(waits) >= 0.01  # never a wait BLMOVE reads as "for ever"
    waits.clear()
    Ingester(store, redis_client).run(should_stop=lambda: bool(waits))  # no idle timeout: 1 s takes, as before
    assert waits == [1]


@pytest.mark.redis
def test_undecodable_items_are_set_aside_and_the_rest_of_the_batch_is_stored(redis_client, store):
    redis_client.lpush("crawler:items", b"garbage", encode_article(article(1)))
    report = Ingester(store, redis_client).run(idle_timeout=0.2)
    assert report.failed == 1 and report.stored == Counter(new=1)
    assert redis_client.lrange("crawler:items:failed", 0, -1) == [b"garbage"]
    assert redis_client.llen("crawler:items:processing") == 0


@pytest.mark.redis
def test_the_writer_mirrors_stored_urls_from_sqlite_into_redis(redis_client, store):
    store.save(article(1, url="https://news.example/a/1?utm_source=x"))
    redis_client.lpush("crawler:items", encode_article(article(2, sitemap_lastmod=None)))
    Ingester(store, redis_client).run(idle_timeout=0.2)
    stored = redis_client.hgetall("crawler:stored_urls")
    assert stored[url_key("https://news.example/a/1").encode()] == b"2025-06-01T00:00:00+00:00"
    assert stored[url_key("https://news.example/a/2").encode()] == b"2025-06-02T10:00:00+00:00"


@pytest.mark.redis
def test_the_writer_drops_stored_marks_whose_rows_are_gone_when_it_starts(redis_client, store):
    # Marks without rows: a database restored from a backup, or articles the writer never
    # stored. They were only ever added to, so those articles were skipped by every crawl.
    store.save(article(1))
    ghost = url_key("https://news.example/a/99")
    redis_client.hset("crawler:stored_urls", ghost, "2025-06-01T00:00:00+00:00")
    redis_client.hset("crawler:stored_urls:rebuilding", "left-by-a-killed-writer", "x")
    report = Ingester(store, redis_client).run(idle_timeout=0)
    assert report.seeded == 1
    assert set(redis_client.hkeys("crawler:stored_urls")) == {url_key("https://news.example/a/1").encode()}
    assert not redis_client.exists("crawler:stored_urls:rebuilding")


@pytest.mark.redis
def test_a_writer_on_an_empty_database_leaves_no_stored_marks(redis_client, store):
    redis_client.hset("crawler:stored_urls", url_key("https://news.example/a/99"), "x")
    assert Ingester(store, redis_client).run(idle_timeout=0).seeded == 0
    assert not redis_client.exists("crawler:stored_urls")


@pytest.mark.redis
def test_the_writer_records_fetch_errors_and_gone_marks_with_the_batch(redis_client, store):
    store.save(article(1))
    store.save(article(2))
    seen = "2025-06-05T10:00:00+00:00"
    redis_client.lpush("crawler:items", encode_fetch_report(
        [(FetchError("example", "https://news.example/a/1", "http_4xx", 404, "HTTP 404"), seen),
         (FetchError("example", "https://news.example/a/9", "timeout", None, "slow", attempts=3), seen)]))
    redis_client.lpush("crawler:items", encode_article(article(3)))
    # the end of a crawler process's run: its last rows and the marks it decided
    redis_client.lpush("crawler:items", encode_fetch_report(
        [(FetchError("example", "https://news.example/a/2", "home_redirect", 302,
                      "redirected to the home page: https://news.example/"), seen)],
        [("https://news.example/a/1", seen), ("https://news.example/a/2", seen)]))
    report = Ingester(store, redis_client, batch_size=2).run(idle_timeout=0.2)

    assert report.stored == Counter(new=1) and report.failed == 0
    assert (report.fetch_errors, report.gone_marked) == (3, 2)
    gone = dict(store.db.execute("SELECT url, gone_at FROM articles").fetchall())
    assert gone == {"https://news.example/a/1": seen, "https://news.example/a/2": seen, "https://news.example/a/3": None}
    assert store.db.execute("SELECT url, kind, status, attempts FROM fetch_errors ORDER BY url").fetchall() == [
        ("https://news.example/a/1", "http_4xx", 404, 1), ("https://news.example/a/2", "home_redirect", 302, 1),
        ("https://news.example/a/9", "timeout", None, 3)]
    assert redis_client.llen("crawler:items") == redis_client.llen("crawler:items:processing") == 0


class _KilledBeforeTheAcknowledgement(Exception):
    """Stands for a writer killed between its SQLite commit and its Redis acknowledgement."""


@pytest.mark.redis
def test_a_fetch_report_replayed_after_its_commit_adds_no_attempts_twice(redis_client, store, monkeypatch):
    """The writer committed a batch and was killed before acknowledging it: at its restart the
    batch is stored again. Its articles came out "unchanged", but the fetch report's attempts
    were added a second time (3 -> 6); the same when a crawler process pushes a report again
    after a push that timed out but reached Redis."""
    seen = "2025-06-05T10:00:00+00:00"
    report = encode_fetch_report(
        [(FetchError("example", "https://news.example/a/9", "http_5xx", 503, "HTTP 503", attempts=3), seen)])
    redis_client.lpush("crawler:items", report)
    first = Ingester(store, redis_client)

    real_eval = redis_client.eval

    def killed_at_the_acknowledgement(script, *args):
        if script.endswith(_ACK_SCRIPT):
            raise _KilledBeforeTheAcknowledgement
        return real_eval(script, *args)  # the writer lock's scripts

    monkeypatch.setattr(redis_client, "eval", killed_at_the_acknowledgement)
    with pytest.raises(_KilledBeforeTheAcknowledgement):
        first.run(idle_timeout=0.2)
    monkeypatch.undo()
    assert store.db.execute("SELECT attempts FROM fetch_errors").fetchall() == [(3,)]  # committed

    restarted = Ingester(store, redis_client).run(idle_timeout=0.2)
    redis_client.lpush("crawler:items", report)  # pushed again by a crawler process
    again = Ingester(store, redis_client).run(idle_timeout=0.2)
    assert (restarted.requeued, restarted.fetch_errors, again.fetch_errors) == (1, 1, 1)
    assert store.db.execute("SELECT attempts, last_seen FROM fetch_errors").fetchall() == [(3, seen)]
    # a later failure of the same URL still counts
    redis_client.lpush("crawler:items", encode_fetch_report(
        [(FetchError("example", "https://news.example/a/9", "timeout", None, "slow", attempts=2),
          "2025-06-06T10:00:00+00:00")]))
    Ingester(store, redis_client).run(idle_timeout=0.2)
    assert store.db.execute("SELECT kind, attempts FROM fetch_errors").fetchall() == [("timeout", 5)]


@pytest.mark.redis
def test_a_fetch_report_whose_transaction_fails_stays_in_redis_with_the_batch(redis_client, store, monkeypatch):
    report = encode_fetch_report([(FetchError("example", "https://news.example/a/1", "http_4xx", 404, "HTTP 404"),
                                   "2025-06-05T10:00:00+00:00")])
    redis_client.lpush("crawler:items", encode_article(article(1)), report)
    ingester = Ingester(store, redis_client)
    monkeypatch.setattr(store.db, "execute", _failing_on("INSERT INTO fetch_errors", store.db.execute))
    with pytest.raises(StorageError):
        ingester.store_batch(ingester.take_batch(block_seconds=0), report=None)
    assert redis_client.llen("crawler:items:processing") == 2
    monkeypatch.undo()
    assert store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0  # rolled back with it


def _failing_on(prefix: str, execute):
    def failing(sql, *args, **kwargs):
        if sql.lstrip().startswith(prefix):
            raise sqlite3.OperationalError("disk I/O error")
        return execute(sql, *args, **kwargs)
    return failing


@pytest.mark.redis
def test_ingest_refuses_another_applications_sqlite_file_and_leaves_it_unchanged(redis_server, tmp_path):
    # It used to add the crawler's tables to it and switch it to WAL.
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = database.read_bytes()
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--db", str(database), "--redis",
                             redis_server.url, "--idle-timeout", "0"], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr[-3000:]
    assert result.stderr.startswith(f"Error: {database} is not a crawler database (tables t, ")
    assert database.read_bytes() == before


@pytest.mark.redis
def test_an_article_is_marked_stored_only_once_the_writer_committed_it(redis_server, redis_client, store):
    # Marked at push time, an article the writer then set aside (or lost) stayed hidden.
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from pipelines.redis_items import RedisItemsPipeline

    crawler = get_crawler(Spider, {"REDIS_URL": redis_server.url, "REDIS_ITEMS_KEY": "crawler:items",
                                   "REDIS_STORED_URLS_KEY": "crawler:stored_urls"})
    pipeline = RedisItemsPipeline.from_crawler(crawler)
    pipeline.open_spider()
    asyncio.run(pipeline.process_item(article(1)))
    assert redis_client.llen("crawler:items") == 1
    assert not redis_client.exists("crawler:stored_urls")
    Ingester(store, redis_client).run(idle_timeout=0.2)
    assert redis_client.hexists("crawler:stored_urls", url_key("https://news.example/a/1"))


def file_only_count(database: Path) -> int:
    """Articles in the database file itself, without its write-ahead log: what a copy of
    ``news.db`` or an ``immutable=1`` reader sees."""
    conn = sqlite3.connect(f"{database.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.redis
@pytest.mark.parametrize("stopped_by", ["idle_timeout", "signal"])
def test_the_writer_empties_the_write_ahead_log_into_the_file_when_it_stops(redis_client, store, stopped_by):
    # With a reader still connected (a dashboard), closing the writer's connection does not
    # empty the log: the last batches stayed in news.db-wal only, after the writer had stopped.
    dashboard = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True)
    dashboard.execute("SELECT COUNT(*) FROM articles").fetchone()
    redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(5)))
    ingester = Ingester(store, redis_client)
    try:
        if stopped_by == "signal":  # what SIGTERM/SIGINT set in `crawler ingest`
            ingester.run(should_stop=lambda: store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5)
        else:
            ingester.run(idle_timeout=0.2)
        assert Path(f"{store.path}-wal").stat().st_size == 0
        assert file_only_count(store.path) == 5
    finally:
        dashboard.close()


@pytest.mark.redis
def test_the_running_writer_empties_the_log_once_idle_after_a_long_read_ends(redis_client, store):
    # ingest_wal.py: a reader inside one read transaction during the writes (a long export) held
    # the log back; after it ended the log kept its 18 MB, and the articles written meanwhile
    # were not in the file, for as long as the writer ran.
    wal = Path(f"{store.path}-wal")
    reader = sqlite3.connect(f"{store.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM articles").fetchone()
    redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(5)))
    ingester = Ingester(store, redis_client, checkpoint_wait=0.1)
    ingester.checkpoint_idle = 0.3
    seen = {}
    deadline = time.monotonic() + 20

    def should_stop() -> bool:  # asked once per take (1 s when Redis has no item)
        now = time.monotonic()
        if "stored" not in seen and store.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5:
            seen["stored"] = now
        elif reader.in_transaction and "stored" in seen and now - seen["stored"] > 1.5:
            seen["held"] = wal.stat().st_size  # idle, with the read still open: tried, held back
            reader.execute("COMMIT")  # the read ends; the reader stays connected
        elif not reader.in_transaction and wal.stat().st_size == 0:
            seen["emptied"] = file_only_count(store.path)
            return True
        return now > deadline

    try:
        ingester.run(should_stop=should_stop)
    finally:
        reader.close()
    assert seen.get("held", 0) > 0
    assert seen.get("emptied") == 5, seen  # while the writer still ran


# --- end to end: two crawler processes, one writer killed and restarted --------------------------
class NeighbourLinkedSite(SiteBuilder):
    """Each article's "related" list holds its six neighbours, not every other article:
    pages stay small, and each link still reaches the crawl from several pages."""

    def page(self, story: Story) -> str:
        i = self.stories.index(story)
        neighbours = SiteBuilder(self.root, self.name, self.chrome, self.stories[max(0, i - 3):i + 4])
        return neighbours.page(story)


def build_site(root: Path, articles: int = ARTICLES) -> SiteBuilder:
    site = NeighbourLinkedSite(root, name="Shared Frontier Times")
    for n in range(articles):
        site.add(Story(path=f"/news/2025/06/story-{n:03d}/", title=f"Story number {n} of the shared frontier",
                       paragraphs=filler(f"shared frontier story {n}", n=3, words=30),
                       lastmod="2025-06-02T10:00:00+00:00"))
    # Discovery through the sitemap (all articles, with lastmod) and through links (the home
    # page's ten, each article's neighbours): the same URL reaches both processes many times.
    site.homepage_links = [s.path for s in site.stories[:10]]
    return site


def serve_slowly(server: FixtureServer, site: SiteBuilder, delay: float) -> None:
    def slow(ctx):
        return dataclasses.replace(ctx.default_response(), delay=delay)

    for story in site.stories:  # handlers match exact paths: with and without the final slash
        server.add_handler(story.path, slow)
        server.add_handler(story.path.rstrip("/"), slow)


# A crawler process that has no other to wait for (the only one of its run) may finish as soon
# as its engine is idle: a shorter idle timeout than start_crawler's, which lets a second process
# join before the first one finishes.
ALONE = {"REDIS_IDLE_TIMEOUT": "0.5"}


def serve_once_joined(server: FixtureServer, site: SiteBuilder, delay: float, processes: int) -> None:
    """:func:`serve_slowly`, and no article is answered before ``processes`` crawler processes
    (told apart by their User-Agent) have each asked for one: on a loaded machine one process can
    start seconds after the other and find every article already taken, however large the site.
    Waiting only for the second process to register in ``<site>:workers`` was not enough: it
    registers before its engine asks for its first request, and in that gap (a second on CI) the
    first process fetched every article of the 120-article test site."""
    import threading

    asking: set[str] = set()
    lock = threading.Lock()
    joined = threading.Event()

    def slow(ctx):
        with lock:
            asking.add(ctx.headers.get("User-Agent", ""))
            if len(asking) >= processes:
                joined.set()  # for good: a process killed later does not hold them again
        # only a process that never starts holds the pages this long
        joined.wait(120)
        return dataclasses.replace(ctx.default_response(), delay=delay)

    for story in site.stories:
        server.add_handler(story.path, slow)
        server.add_handler(story.path.rstrip("/"), slow)


def start_crawler(base_url: str, redis_url: str, name: str, database: Path,
                  **overrides: str) -> subprocess.Popen:
    """``scrapy crawl site -a url=...`` in distributed mode; ``name`` is its User-Agent."""
    settings = {"REDIS_URL": redis_url, "REDIS_IDLE_TIMEOUT": "2", "USER_AGENT": name,
                "CONCURRENT_REQUESTS_PER_DOMAIN": "4", "AUTOTHROTTLE_ENABLED": "False",
                "DATABASE": str(database), **overrides}
    return start_scrapy(["crawl", "site", "-a", f"url={base_url}/"], settings=settings, stdout=subprocess.DEVNULL)


def start_writer(database: Path, redis_url: str, idle_timeout: float) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "ingest", "--db", str(database), "--redis", redis_url,
         "--idle-timeout", str(idle_timeout), "--batch-size", "7"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def article_count(database: Path) -> int:
    try:
        conn = sqlite3.connect(database, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # not created / not migrated yet
        return 0


def pushed_articles(client, key: str = "crawler:items") -> int:
    """Articles waiting in the item list (not the processes' fetch and run reports)."""
    return sum(1 for raw in client.lrange(key, 0, -1) if b'"article"' in raw)


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def finish(process: subprocess.Popen, timeout: float = 60) -> str:
    _, stderr = process.communicate(timeout=timeout)
    assert process.returncode == 0, stderr[-4000:]
    return stderr


@pytest.mark.redis
@pytest.mark.slow
def test_a_second_sigterm_stops_a_crawler_process_whose_redis_hangs(tmp_path, redis_server, redis_client):
    """Redis stops answering (a paused VM, a partition without reset): every call of a crawler
    process waited 60 s (scrapy-redis' clients 30 s, twice) in the reactor's thread, so neither
    SIGTERM was acted on, and the process ran on until Redis came back (153 s in the review).
    Now a call waits REDIS_SOCKET_TIMEOUT (5 s), and the second signal ends the process
    FORCED_STOP_GRACE (5 s) after it is handled, whatever the reactor is doing."""
    site = build_site(tmp_path / "site", articles=40)  # at 0.5 s a page: crawling when Redis hangs
    site.write()
    with FixtureServer(site.root) as server:
        serve_slowly(server, site, 0.5)
        crawler = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db",
                                REDIS_IDLE_TIMEOUT="60", LOG_LEVEL="INFO")
        redis_pid = redis_server.process.pid
        try:
            wait_for(lambda: pushed_articles(redis_client) >= 2, 60, "the first articles pushed")
            os.kill(redis_pid, signal.SIGSTOP)
            time.sleep(1)
            crawler.send_signal(signal.SIGTERM)
            time.sleep(1)
            crawler.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            try:
                _, stderr = crawler.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                pytest.fail("the crawler process still ran 30 s after the second SIGTERM")
            stopped_after = time.monotonic() - signalled
        finally:
            os.kill(redis_pid, signal.SIGCONT)
            if crawler.poll() is None:
                crawler.kill()
                crawler.communicate()
    assert stopped_after < 5 + 5 + 5, stderr[-3000:]  # REDIS_SOCKET_TIMEOUT + FORCED_STOP_GRACE + slack
    assert "Received SIGTERM" in stderr or "after the second SIGTERM" in stderr, stderr[-3000:]


@pytest.mark.redis
@pytest.mark.slow
def test_two_crawlers_and_a_killed_writer_store_every_article_once_and_fetch_each_url_once(
        tmp_path, redis_server, redis_client):
    site = build_site(tmp_path / "site")
    site.write()
    database = tmp_path / "news.db"
    crawler_database = tmp_path / "crawler-machine" / "must-not-exist.db"
    with FixtureServer(site.root) as server:
        serve_once_joined(server, site, ARTICLE_DELAY, processes=2)
        writer = start_writer(database, redis_server.url, idle_timeout=600)
        crawlers = [start_crawler(server.base_url, redis_server.url, name, crawler_database)
                    for name in ("crawler-a", "crawler-b")]
        try:
            # Kill the writer once it has committed some batches, with the crawl still going.
            wait_for(lambda: article_count(database) >= 30, 60, "the first stored articles")
            writer.send_signal(signal.SIGKILL)
            writer.wait()
            killed_at = article_count(database)
            assert killed_at < ARTICLES, "the crawl ended before the writer was killed"
            wait_for(lambda: pushed_articles(redis_client) > 10, 30, "items waiting for the writer")
            writer = start_writer(database, redis_server.url, idle_timeout=600)
            crawl_logs = [finish(c) for c in crawlers]
            # A crawler process pushes its last fetch-error report when it closes, REDIS_IDLE_TIMEOUT
            # and more after its last article: the writer is stopped once it has taken everything.
            wait_for(lambda: redis_client.llen("crawler:items") == redis_client.llen("crawler:items:processing") == 0,
                     60, "the writer to store every item")
            writer.send_signal(signal.SIGTERM)
            writer_output, writer_log = writer.communicate(timeout=60)
            assert writer.returncode == 0, writer_log[-4000:]
        finally:
            for process in (*crawlers, writer):
                if process.poll() is None:
                    process.kill()
        requests = server.requests
        port = server.port

    assert not crawler_database.exists(), "crawler processes must not write SQLite in distributed mode"
    stored = rows(database, "SELECT url FROM articles")
    # `url` is the address as linked (trailing slash kept), the canonical form has none
    expected = {f"{server.base_url}{s.path}".rstrip("/") for s in site.stories}
    assert Counter(r["url"].rstrip("/") for r in stored) == Counter(expected), "every article stored exactly once"
    assert rows(database, "SELECT count(*) AS n FROM duplicates")[0]["n"] == 0
    assert redis_client.llen("crawler:items") == redis_client.llen("crawler:items:processing") == 0
    assert "ingested" in writer_output

    # Each crawler process reads robots.txt for itself (RobotsTxtMiddleware, outside the
    # frontier); every other URL is fetched once across both processes.
    fetched = Counter(r.path for r in requests if r.path != "/robots.txt")
    assert [path for path, n in fetched.items() if n > 1] == []
    by_crawler = Counter(r.user_agent for r in requests if "/news/" in r.path)
    assert by_crawler["crawler-a"] > 0 and by_crawler["crawler-b"] > 0, by_crawler
    assert all("storage_unavailable" not in log for log in crawl_logs)

    # Next run, on a Redis that lost its stored-URL hash: the writer seeds it from SQLite at
    # start; a new crawl fetches the start page and sitemap again (new run, fresh dupefilter)
    # but no stored article.
    redis_client.delete("crawler:stored_urls")
    finish(start_writer(database, redis_server.url, idle_timeout=0.1))
    assert redis_client.hlen("crawler:stored_urls") >= ARTICLES
    with FixtureServer(site.root, port=port) as server:  # same host:port, same URL keys
        finish(start_crawler(server.base_url, redis_server.url, "crawler-a", crawler_database, **ALONE))
        paths = [r.path for r in server.requests]
    assert "/" in paths and "/sitemap.xml" in paths
    assert [p for p in paths if p.startswith("/news/")] == []


@pytest.mark.redis
@pytest.mark.slow
def test_crawler_crawl_with_redis_takes_no_lock_writes_no_database_and_ingest_stores_it(
        tmp_path, redis_server):
    from crawler.lock import CrawlLock, lock_path_for

    site = build_site(tmp_path / "site", articles=5)
    site.write()
    database = tmp_path / "news.db"
    # Another crawl holds the database's lock: a distributed crawler process does not need it.
    held = CrawlLock(lock_path_for(str(database)))
    held.acquire()
    try:
        with FixtureServer(site.root) as server:
            crawl = subprocess.run(
                [sys.executable, "-m", "crawler.cli", "crawl", "--url", server.base_url + "/",
                 "--redis", redis_server.url, "--db", str(database),
                 "-s", "REDIS_IDLE_TIMEOUT=0.5", "-s", "AUTOTHROTTLE_START_DELAY=0.01"],
                check=False, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    finally:
        held.release()
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert not database.exists()
    # The components distributed mode turns off are left out, not built to log three WARNING
    # lines ("Disabled pipelines.runs.CrawlRunsExtension: RUNS_ENABLED is off", ...) every run.
    assert "WARNING: Disabled" not in crawl.stderr, crawl.stderr[-3000:]
    writer = start_writer(database, redis_server.url, idle_timeout=0.5)
    finish(writer)
    assert article_count(database) == 5


@pytest.mark.redis
@pytest.mark.slow
def test_a_crawler_process_of_all_sites_crawls_the_valid_profiles_and_names_the_invalid_one(tmp_path, redis_server):
    # as `crawler crawl --all` without Redis: one typo in one profile stops no other site
    site = build_site(tmp_path / "site", articles=3)
    site.write()
    sites = tmp_path / "sites.toml"
    with FixtureServer(site.root) as server:
        sites.write_text(f'[[site]]\nname = "good_news"\nstart_url = "{server.base_url}/"\nlanguage = "en"\n\n'
                         f'[[site]]\nname = "other_news"\nstart_url = "https://other.example/"\nlanguage = "en"\n'
                         f'download_delay = -2\n', encoding="utf-8")
        crawl = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "crawl", "--all", "--sites", str(sites), "--redis", redis_server.url,
             "-s", "REDIS_IDLE_TIMEOUT=1", "-s", "AUTOTHROTTLE_START_DELAY=0.01"],
            check=False, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert crawl.returncode == 2, crawl.stderr[-3000:]
    message = "sites.toml: site 'other_news': field 'download_delay': must not be negative"
    assert crawl.stderr.splitlines()[0] == f"Error: {message}"
    assert crawl.stderr.splitlines()[-1] == f"Error: not crawled, its profile is invalid: {message}"
    assert crawl.stdout.splitlines() == ["good_news: finished"]


@pytest.mark.redis
@pytest.mark.slow
def test_a_distributed_crawl_records_its_fetch_errors_and_marks_stories_taken_down(tmp_path, redis_server):
    # Crawler processes have no database: their fetch errors, and with them every gone_at mark,
    # were dropped. They now reach the writer through Redis, as the articles do.
    from crawler.fixture_server import Response

    site = build_site(tmp_path / "site", articles=4)
    # Found through the sitemap only, so each is stored with its lastmod, which a newer one beats
    # (reached first through a link, a story is stored with its fetch time: later than any lastmod here).
    site.homepage_links = []
    site.write()
    database = tmp_path / "news.db"
    crawler_database = tmp_path / "crawler-machine" / "must-not-exist.db"
    with FixtureServer(site.root) as server:
        finish(start_crawler(server.base_url, redis_server.url, "crawler-a", crawler_database, **ALONE))
        finish(start_writer(database, redis_server.url, idle_timeout=0.5))
        assert article_count(database) == 4

        removed, sent_home = site.stories[:2]
        for story in (removed, sent_home):
            story.lastmod = "2025-06-05T10:00:00+00:00"  # checked again
        site.write()
        for path in (removed.path, removed.path.rstrip("/")):
            server.add_handler(path, lambda ctx: Response(status=404, body=b"Not found"))
        for path in (sent_home.path, sent_home.path.rstrip("/")):
            server.add_handler(path, lambda ctx: Response(status=302, headers={"Location": server.url("/")}))
        finish(start_crawler(server.base_url, redis_server.url, "crawler-a", crawler_database, **ALONE))
        writer = start_writer(database, redis_server.url, idle_timeout=0.5)
        output, log = writer.communicate(timeout=60)
        assert writer.returncode == 0, log[-3000:]

    assert not crawler_database.exists()
    errors = {r["url"].removeprefix(server.base_url): (r["kind"], r["status"])
              for r in rows(database, "SELECT url, kind, status FROM fetch_errors WHERE url LIKE '%story-%'")}
    assert errors == {removed.path: ("http_4xx", 404), sent_home.path: ("home_redirect", 302)}
    gone = {r["title"] for r in rows(database, "SELECT title FROM articles WHERE gone_at IS NOT NULL")}
    assert gone == {removed.title, sent_home.title}
    assert "marked gone 2" in output


# --- finishing: the scheduler's idle rule, on a real Redis -----------------------------------
def open_frontier(redis_url: str, monkeypatch, **settings):
    """A shared-frontier scheduler of spider ``frontier-site``, opened (joined) on ``redis_url``."""
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from pipelines.redis_frontier import SharedFrontierScheduler

    crawler = get_crawler(Spider, {"REDIS_URL": redis_url, "REDIS_IDLE_TIMEOUT": 0,
                                   "REDIS_UNAVAILABLE_TIMEOUT": 60,
                                   "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter", **settings})
    spider = Spider.from_crawler(crawler, name="frontier-site")
    crawler.spider = spider
    # No reactor runs in a unit test: the heartbeat and the idle poll are never started.
    monkeypatch.setattr("pipelines.redis_frontier.create_looping_call", lambda function: _NotRunning())
    scheduler = SharedFrontierScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return scheduler


@pytest.fixture
def frontier(redis_server, redis_client, monkeypatch):
    scheduler = open_frontier(redis_server.url, monkeypatch)
    yield scheduler
    scheduler.close("finished")


class _NotRunning:
    running = False

    def start(self, *args, **kwargs):
        pass

    def stop(self):
        pass


@pytest.mark.redis
def test_an_idle_worker_finishes_when_the_queue_is_empty_and_nobody_else_is_busy(frontier):
    frontier.spider_idle()  # no DontCloseSpider: the engine may close the spider


@pytest.mark.redis
def test_an_idle_worker_stays_open_while_another_live_worker_has_requests_in_flight(frontier, redis_client):
    from scrapy.exceptions import DontCloseSpider

    redis_client.hset("frontier-site:busy", "other-machine:123:abc", time.time())
    with pytest.raises(DontCloseSpider):
        frontier.spider_idle()
    # A worker killed while busy stops holding the others once its mark is stale.
    redis_client.hset("frontier-site:busy", "other-machine:123:abc", time.time() - 3600)
    frontier.spider_idle()


class _Nextcall:
    def __init__(self) -> None:
        self.scheduled = 0

    def schedule(self) -> None:
        self.scheduled += 1


@pytest.mark.redis
def test_an_idle_worker_wakes_its_engine_once_its_idle_time_is_up_not_at_the_next_5_s_heartbeat(
        redis_server, redis_client, monkeypatch):
    # The idle poll (every second) woke the engine only for a queued request: a worker whose idle
    # time ran out waited for Scrapy's 5 s heartbeat to be asked again, and finished up to 5 s late.
    from scrapy import Request
    from scrapy.exceptions import DontCloseSpider

    worker = open_frontier(redis_server.url, monkeypatch, REDIS_IDLE_TIMEOUT=0.3)
    nextcall = _Nextcall()
    worker.crawler.engine = type("Engine", (), {"_slot": type("Slot", (), {"nextcall": nextcall})()})()
    try:
        with pytest.raises(DontCloseSpider):
            worker.spider_idle()  # idle from now
        worker.wake_when_queued()
        assert nextcall.scheduled == 0  # control: idle time not up yet
        time.sleep(0.35)
        worker.wake_when_queued()
        assert nextcall.scheduled == 1
        worker.spider_idle()  # what the woken engine asks: it may close the spider now
        worker.wake_when_queued()
        assert nextcall.scheduled == 1  # once per idle stretch, not every second after it
        # control: a request queued by another worker wakes it at once, as before
        redis_client.zadd("frontier-site:requests", {b"queued-by-another": 0})
        worker.wake_when_queued()
        assert nextcall.scheduled == 2
        redis_client.delete("frontier-site:requests")
        assert worker.enqueue_request(Request("http://127.0.0.1:1/a"))  # (leaves the queue as found)
        worker.acknowledge(worker.next_request())
    finally:
        worker.close("finished")


@pytest.mark.redis
def test_a_worker_marks_itself_busy_while_it_has_taken_requests_and_not_after(frontier, redis_client):
    from scrapy import Request

    assert frontier.enqueue_request(Request("http://127.0.0.1:1/a"))
    assert frontier.next_request() is not None
    assert redis_client.hexists("frontier-site:busy", frontier.worker_id)
    frontier.spider_idle()
    assert not redis_client.hexists("frontier-site:busy", frontier.worker_id)


@pytest.mark.redis
def test_a_run_after_a_killed_one_fetches_its_start_pages_again_and_no_queued_url_twice(
        redis_server, redis_client, monkeypatch, caplog):
    # The killed run's dupefilter was kept when its queue was: the next cron run found its
    # sitemap "seen", fetched only the leftovers, and missed every article published since.
    from scrapy import Request

    killed = open_frontier(redis_server.url, monkeypatch)
    assert killed.enqueue_request(Request("http://127.0.0.1:1/sitemap.xml"))
    assert killed.next_request().url == "http://127.0.0.1:1/sitemap.xml"
    assert killed.enqueue_request(Request("http://127.0.0.1:1/news/1"))
    assert killed.enqueue_request(Request("http://127.0.0.1:1/news/2"))
    # SIGKILL: no close(); its heartbeat and busy mark grow old
    redis_client.zadd("frontier-site:workers", {killed.worker_id: time.time() - 3600})
    redis_client.hset("frontier-site:busy", killed.worker_id, time.time() - 3600)

    with caplog.at_level(logging.INFO):
        next_run = open_frontier(redis_server.url, monkeypatch)
    try:
        # The sitemap the killed run had taken (leased) and not finished is queued again too, and
        # so seen: fetched once, as the start page of the new run.
        assert not next_run.enqueue_request(Request("http://127.0.0.1:1/sitemap.xml"))
        assert next_run.enqueue_request(Request("http://127.0.0.1:1/"))
        assert not next_run.enqueue_request(Request("http://127.0.0.1:1/news/1"))
        assert "1 request(s) taken by dead worker(s)" in caplog.text
        assert "resuming 3 request(s) a killed run left queued" in caplog.text
        assert not redis_client.exists("frontier-site:busy")
        assert sorted(r.url for r in iter(next_run.next_request, None)) == [
            "http://127.0.0.1:1/", "http://127.0.0.1:1/news/1", "http://127.0.0.1:1/news/2",
            "http://127.0.0.1:1/sitemap.xml"]
        # a process joining a live run keeps that run's dupefilter
        joining = open_frontier(redis_server.url, monkeypatch)
        assert not joining.enqueue_request(Request("http://127.0.0.1:1/"))
        joining.close("finished")
    finally:
        next_run.close("finished")


@pytest.mark.redis
def test_a_killed_runs_dupefilter_is_rebuilt_from_a_long_queue_page_by_page_past_a_damaged_entry(
        redis_server, redis_client, monkeypatch, caplog):
    # The whole queue was read with one ZRANGE 0 -1 and every fingerprint sent as an argument of
    # one EVAL; an entry that could not be unpickled crashed the join.
    import redis
    from scrapy import Request

    page = 1000  # pipelines.redis_frontier.REBUILD_PAGE
    killed = open_frontier(redis_server.url, monkeypatch)
    assert killed.enqueue_request(Request("http://127.0.0.1:1/sitemap.xml"))
    sitemap = killed.next_request()
    assert sitemap.url == "http://127.0.0.1:1/sitemap.xml"
    killed.acknowledge(sitemap)  # fetched and done with before the kill
    queued = 2 * page + 500
    for n in range(queued):
        killed.queue.push(Request(f"http://127.0.0.1:1/news/{n}"))
    killed.queue.push(Request("http://127.0.0.1:1/feed", dont_filter=True))
    redis_client.zadd("frontier-site:requests", {b"\x80\x05not a pickle": 0})
    redis_client.zadd("frontier-site:workers", {killed.worker_id: time.time() - 3600})  # SIGKILL

    ranges = []
    zrange = redis.Redis.zrange
    monkeypatch.setattr(redis.Redis, "zrange", lambda self, key, start, end, *a, **kw: (
        ranges.append((start, end)), zrange(self, key, start, end, *a, **kw))[1])
    with caplog.at_level(logging.INFO):
        next_run = open_frontier(redis_server.url, monkeypatch)
    try:
        assert next_run.joined
        assert f"resuming {queued + 2} request(s) a killed run left queued" in caplog.text
        assert "1 queued request(s) could not be read back" in caplog.text
        assert all(0 <= start <= end < start + page for start, end in ranges) and len(ranges) >= 3
        assert redis_client.scard("frontier-site:dupefilter") == queued
        assert redis_client.ttl("frontier-site:dupefilter") == -1  # no expiry taken from the rebuilt key
        assert redis_client.keys("frontier-site:dupefilter:*") == []
        assert next_run.enqueue_request(Request("http://127.0.0.1:1/sitemap.xml"))
        assert not next_run.enqueue_request(Request(f"http://127.0.0.1:1/news/{queued - 1}"))
    finally:
        redis_client.delete("frontier-site:requests")
        next_run.close("finished")


@pytest.mark.redis
def test_the_heartbeat_survives_a_failing_redis_and_beats_again_after_it(frontier, redis_client, caplog):
    # An exception escaping beat() stopped its looping call for good: the worker, alive, looked
    # dead to the others two minutes later.
    with redis_full(redis_client):
        frontier.beat()
        frontier.beat()
    warnings = [r for r in caplog.records if r.name == "pipelines.redis_outage"]
    assert len(warnings) == 1 and "sending the worker heartbeat" in warnings[0].getMessage()
    assert "out of memory" in warnings[0].getMessage()
    before = time.time()
    frontier.beat()
    assert redis_client.zscore("frontier-site:workers", frontier.worker_id) >= before
    assert "takes writes again" in caplog.records[-1].getMessage()
    assert not frontier.outage.gave_up


@pytest.mark.redis
def test_requests_redis_refuses_are_held_back_and_queued_once_it_takes_writes_again(frontier, redis_client):
    from scrapy import Request
    from scrapy.exceptions import DontCloseSpider

    with redis_full(redis_client):
        assert frontier.enqueue_request(Request("http://127.0.0.1:1/a"))
        assert frontier.enqueue_request(Request("http://127.0.0.1:1/b"))
        assert frontier.has_pending_requests()
        with pytest.raises(DontCloseSpider):  # not "finished" while requests wait for Redis
            frontier.spider_idle()
        assert frontier.next_request() is None  # nothing queued in Redis yet, and no exception
    assert [r.url for r in iter(frontier.next_request, None)] == ["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"]
    assert frontier.held_back == []
    # the dupefilter recorded each once: neither is taken for a duplicate of itself, nor queued twice
    assert not frontier.enqueue_request(Request("http://127.0.0.1:1/a"))
    assert frontier.stats.get_value("scheduler/enqueued/redis") == 2


@pytest.mark.redis
def test_a_redis_that_stays_down_makes_the_scheduler_give_up_with_the_reason(frontier, redis_server, caplog):
    from scrapy import Request
    from scrapy.exceptions import DontCloseSpider

    frontier.outage.timeout = 0.3
    redis_server.stop()
    assert frontier.enqueue_request(Request("http://127.0.0.1:1/a"))
    assert frontier.next_request() is None and frontier.has_pending_requests()
    time.sleep(0.4)
    frontier.beat()
    assert frontier.outage.gave_up_reason == "redis_unavailable"
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "closing the spider (redis_unavailable)" in errors[0]
    assert "Traceback" not in caplog.text
    with pytest.raises(DontCloseSpider):  # closing with the outage's reason, not as "finished"
        frontier.spider_idle()


@pytest.mark.redis
def test_the_shared_stored_check_sends_no_lastmod_recheck_of_a_url_it_let_through(redis_server, redis_client):
    # A stored story whose sitemap lastmod is ahead of the stored one is fetched once: the
    # recheck the spider sends when a second entry is newer still does not download it again.
    from scrapy import Request, Spider
    from scrapy.exceptions import IgnoreRequest
    from scrapy.utils.test import get_crawler

    from crawler.urls import url_key
    from pipelines.redis_frontier import SharedSkipStoredMiddleware

    crawler = get_crawler(Spider, {"REDIS_URL": redis_server.url, "DEDUP_SKIP_STORED": True,
                                   "REDIS_STORED_URLS_KEY": "news:stored_urls"})
    middleware = SharedSkipStoredMiddleware.from_crawler(crawler)
    url = "https://news.example/2025/06/02/story"
    redis_client.hset(crawler.settings.get("REDIS_STORED_URLS_KEY"), url_key(url), "2025-06-01T00:00:00Z")
    newer = {"lastmod": "2025-06-03T00:00:00Z"}
    assert middleware.process_request(Request(url, meta={"article_candidate": True, "sitemap_entry": newer})) is None
    recheck = Request(url, meta={"article_candidate": True, "lastmod_recheck": True,
                                 "sitemap_entry": {"lastmod": "2025-06-04T00:00:00Z"}})
    with pytest.raises(IgnoreRequest):
        middleware.process_request(recheck)
    # a URL this process did not let through is still decided by its lastmod
    other = "https://news.example/2025/06/02/other-story"
    redis_client.hset(crawler.settings.get("REDIS_STORED_URLS_KEY"), url_key(other), "2025-06-01T00:00:00Z")
    assert middleware.process_request(Request(other, meta={"article_candidate": True, "lastmod_recheck": True,
                                                          "sitemap_entry": newer})) is None


def _shared_skip_middleware(redis_server, site: str, **settings):
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from pipelines.redis_frontier import SharedSkipStoredMiddleware

    crawler = get_crawler(Spider, {"REDIS_URL": redis_server.url, "DEDUP_SKIP_STORED": True,
                                   "REDIS_STORED_URLS_KEY": "crawler:stored_urls", "EXTRACT_TIMEOUT_GIVE_UP_AFTER": 2,
                                   **settings})
    crawler.spider = type("Spider", (), {"name": site})()
    return crawler, SharedSkipStoredMiddleware.from_crawler(crawler)


@pytest.mark.redis
def test_crawler_processes_leave_alone_the_pages_given_up_after_repeated_extraction_timeouts(
        redis_server, redis_client, store):
    """A local crawl leaves a page that hung the extractor in EXTRACT_TIMEOUT_GIVE_UP_AFTER runs
    alone (crawler.fetch_errors.given_up_pages); crawler processes have no database, and fetched
    it (and lost a worker to it) in every run. The writer mirrors such rows into Redis."""
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest

    from crawler.fetch_errors import record_fetch_error

    hangs, hangs_once, slow = (f"https://news.example/a/{name}" for name in ("hangs", "hangs-once", "slow"))
    for run in range(2):  # two earlier runs' timeouts, in the database
        record_fetch_error(store.db, FetchError("example", hangs, "extract_timeout", 200, "page_timeout"),
                           f"2025-06-04T00:00:0{run}+00:00")
    record_fetch_error(store.db, FetchError("example", slow, "timeout", None, "slow", attempts=3),
                       "2025-06-04T00:00:00+00:00")
    # this run's report: a first timeout of another page
    redis_client.lpush("crawler:items", encode_fetch_report(
        [(FetchError("example", hangs_once, "extract_timeout", 200, "page_timeout"), "2025-06-05T00:00:00+00:00")]))
    Ingester(store, redis_client).run(idle_timeout=0.2)

    crawler, middleware = _shared_skip_middleware(redis_server, "example")
    meta = {"article_candidate": True}
    with pytest.raises(IgnoreRequest, match="given up after repeated extraction timeouts"):
        middleware.process_request(Request(hangs, meta=meta))
    assert crawler.stats.get_value("dedup/skipped_given_up") == 1
    for url in (hangs_once, slow):  # one timeout so far; another kind of failure
        assert middleware.process_request(Request(url, meta=meta)) is None
    # a sitemap lastmod newer than the last timeout: the page changed, one more try
    newer = {"article_candidate": True, "sitemap_entry": {"lastmod": "2025-06-06T00:00:00+00:00"}}
    assert middleware.process_request(Request(hangs, meta=newer)) is None
    assert crawler.stats.get_value("dedup/refetch_given_up") == 1
    # another site's crawl, and the check turned off, fetch it
    assert _shared_skip_middleware(redis_server, "levant")[1].process_request(Request(hangs, meta=meta)) is None
    off = _shared_skip_middleware(redis_server, "example", EXTRACT_TIMEOUT_GIVE_UP_AFTER=0)[1]
    assert off.process_request(Request(hangs, meta=meta)) is None


@pytest.mark.redis
def test_the_writer_keeps_the_given_up_mirror_to_the_fetch_errors_rows(redis_client, store):
    from crawler.distributed import given_up_from_hash
    from crawler.fetch_errors import record_fetch_error

    hangs, gone = "https://news.example/a/hangs", "https://news.example/a/deleted"
    for run in range(2):
        record_fetch_error(store.db, FetchError("example", hangs, "extract_timeout", 200, "page_timeout"),
                           f"2025-06-04T00:00:0{run}+00:00")
    redis_client.hset("crawler:stored_urls:given_up", gone, '["example", 5, "2025-01-01T00:00:00+00:00"]')
    Ingester(store, redis_client).run(idle_timeout=0.2)
    mirror = lambda: given_up_from_hash(redis_client.hgetall("crawler:stored_urls:given_up"), "example", 1)  # noqa: E731
    # rebuilt at start: a row deleted since (the retention job) leaves no entry
    assert mirror() == {hangs: "2025-06-04T00:00:01+00:00"}
    # a third timeout adds up; then a failure of another kind replaces the row's kind
    for kind, seen in (("extract_timeout", "2025-06-05T00:00:00+00:00"), ("http_5xx", "2025-06-06T00:00:00+00:00")):
        redis_client.lpush("crawler:items", encode_fetch_report([(FetchError("example", hangs, kind, 503, "x"), seen)]))
        Ingester(store, redis_client).run(idle_timeout=0.2)
        if kind == "extract_timeout":
            assert given_up_from_hash(redis_client.hgetall("crawler:stored_urls:given_up"), "example", 3) == {hangs: seen}
    assert mirror() == {}


@pytest.mark.parametrize("exc", [
    # a Lua script on Redis 6 (the refusal arrives as the script's error, no OOM code)
    "ResponseError: command not allowed when used memory > 'maxmemory'.",
    # redis-py's own class for "-OOM ...", whose message has lost its "OOM" code
    "OutOfMemoryError: command not allowed when used memory > 'maxmemory'.",
])
def test_a_full_redis_is_told_apart_the_same_way_by_the_writer_and_the_crawler_processes(exc):
    import redis.exceptions

    from crawler.distributed import redis_full
    from pipelines.redis_outage import OUT_OF_MEMORY_REASON, UNAVAILABLE_REASON, close_reason

    cls, message = exc.split(": ", 1)
    error = getattr(redis.exceptions, cls)(message)
    assert redis_full(error)
    assert close_reason(error) == OUT_OF_MEMORY_REASON
    refused = redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    assert not redis_full(refused)
    assert close_reason(refused) == UNAVAILABLE_REASON


def test_a_redis_password_never_appears_in_a_message():
    from crawler.distributed import redacted

    assert redacted("redis://:s3cret@10.0.0.5:6379/0") == "redis://:***@10.0.0.5:6379/0"
    assert redacted("redis://writer:s3cret@10.0.0.5:6379/0") == "redis://writer:***@10.0.0.5:6379/0"
    assert redacted("redis://10.0.0.5:6379/0") == "redis://10.0.0.5:6379/0"


@pytest.mark.redis
def test_an_article_redis_refuses_counts_as_lost_and_fails_the_run(redis_server, redis_client):
    # Redis full (maxmemory, noeviction) or restarting: the push fails. The article was counted
    # nowhere and the run finished "ok" with it missing; now it fails the run like a local write.
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from crawler.runs import STORAGE_LOST_STAT, failure_reason
    from pipelines.redis_items import RedisItemsPipeline

    crawler = get_crawler(Spider, {"REDIS_URL": redis_server.url, "REDIS_ITEMS_KEY": "news:items",
                                   "REDIS_UNAVAILABLE_TIMEOUT": 0})
    pipeline = RedisItemsPipeline.from_crawler(crawler)
    pipeline.open_spider()
    asyncio.run(pipeline.process_item(article(1)))
    with redis_full(redis_client):
        asyncio.run(pipeline.process_item(article(2)))
    stats = crawler.stats.get_stats()
    assert stats["distributed/items_pushed"] == 1 and stats[STORAGE_LOST_STAT] == 1
    assert redis_client.llen("news:items") == 1
    assert failure_reason(stats, "finished") == "1 article(s) could not be stored"


@pytest.mark.redis
def test_a_closing_process_tries_its_end_report_no_longer_than_its_redis_unavailable_timeout(
        redis_server, redis_client):
    # A process that gave up on a full or down Redis after REDIS_UNAVAILABLE_TIMEOUT (1 s) then
    # tried its end-of-run report for a fixed 10 s more before it exited.
    import threading

    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from crawler.distributed_runs import RUN_ID_STAT, WORKER_ID_STAT, run_report_from_envelope
    from pipelines.redis_runs import RedisRunReportExtension

    def closing_process(timeout):
        crawler = get_crawler(Spider, {"REDIS_URL": redis_server.url, "REDIS_ITEMS_KEY": "news:items",
                                       **({} if timeout is None else {"REDIS_UNAVAILABLE_TIMEOUT": timeout})})
        crawler.stats.set_value(RUN_ID_STAT, "r1")
        crawler.stats.set_value(WORKER_ID_STAT, "w1")
        spider = Spider.from_crawler(crawler, name="gulf")
        extension = RedisRunReportExtension.from_crawler(crawler)
        extension.spider_opened(spider)
        return crawler, spider, extension

    for default in (None, 120):  # unset, and the shipped default: 10 s, as before
        assert closing_process(default)[2].end_report_wait == 10
    crawler, spider, extension = closing_process(1.5)
    with redis_full(redis_client):
        started = time.monotonic()
        extension.spider_closed(spider, "redis_out_of_memory")
        took = time.monotonic() - started
    assert 1.4 < took < 4, took
    assert crawler.stats.get_value("distributed/run_report_lost") == 1
    # control: a Redis that takes writes again within the wait gets the report
    crawler, spider, extension = closing_process(3)
    with redis_full(redis_client):
        lifted = threading.Timer(0.5, lambda: redis_client.config_set("maxmemory", "0"))
        lifted.start()
        extension.spider_closed(spider, "finished")
        lifted.join()
    assert crawler.stats.get_value("distributed/run_report_lost") is None
    events = [run_report_from_envelope(json.loads(raw)).event for raw in redis_client.lrange("news:items", 0, -1)]
    assert sorted(events) == ["end", "start", "start", "start", "start"]


def test_an_outage_wakes_the_engine_when_it_reaches_the_unavailable_timeout(monkeypatch):
    # A process gave up only at its next Redis call after REDIS_UNAVAILABLE_TIMEOUT: with nothing
    # to download, the engine's 5 s heartbeat ("has failed for 5 s" with a 1 s timeout).
    import redis.exceptions
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from pipelines.redis_outage import RedisOutage

    crawler = get_crawler(Spider, {"REDIS_URL": "redis://127.0.0.1:1/0", "REDIS_UNAVAILABLE_TIMEOUT": 1.5})
    nextcall = _Nextcall()
    crawler.engine = type("Engine", (), {"running": True, "spider": None,
                                         "_slot": type("Slot", (), {"nextcall": nextcall})()})()
    later = []
    monkeypatch.setattr("pipelines.redis_outage.call_later", lambda delay, *call: later.append((delay, call)))
    outage = RedisOutage(crawler)
    refused = redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    outage.failed(refused, "taking a request from the shared queue")
    outage.failed(refused, "sending the worker heartbeat")  # the same outage: one wake
    assert [delay for delay, _ in later] == [1.5]
    function, *args = later[0][1]
    function(*args)
    assert nextcall.scheduled == 1
    # control: an outage over before its deadline wakes nothing, nor does one already given up
    outage.wrote()
    function(*args)
    assert nextcall.scheduled == 1
    outage.failed(refused, "pushing an article")
    outage.gave_up_reason = "redis_unavailable"
    function, *args = later[1][1]
    function(*args)
    assert nextcall.scheduled == 1
    # and a crawler whose engine does not run (not crawling yet) schedules nothing
    idle = get_crawler(Spider, {"REDIS_URL": "redis://127.0.0.1:1/0", "REDIS_UNAVAILABLE_TIMEOUT": 1.5})
    RedisOutage(idle).failed(refused, "joining")
    assert len(later) == 2


# --- a Redis that fails under a running crawl, end to end ------------------------------------
def start_distributed_crawl(base_url: str, redis_url: str, *settings: str) -> subprocess.Popen:
    """``crawler crawl --url ... --redis ...``: the operator's command, with its exit code."""
    command = [sys.executable, "-m", "crawler.cli", "crawl", "--url", base_url + "/", "--redis", redis_url,
               "-s", "REDIS_IDLE_TIMEOUT=1", "-s", "AUTOTHROTTLE_ENABLED=False"]
    for setting in settings:
        command += ["-s", setting]
    return subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize(("outage", "reason"), [("down", "redis_unavailable"), ("full", "redis_out_of_memory")])
def test_a_crawler_process_gives_up_on_a_redis_that_stays_down_or_full_and_fails_the_run(
        tmp_path, redis_server, redis_client, outage, reason):
    # It never exited: a traceback per request and per heartbeat while Redis was down, and a
    # full Redis stopped the crawl as a "shutdown" (interrupted) at the first refused request.
    site = build_site(tmp_path / "site", articles=40)
    site.write()
    with FixtureServer(site.root) as server:
        serve_slowly(server, site, 0.2)
        crawl = start_distributed_crawl(server.base_url, redis_server.url, "REDIS_UNAVAILABLE_TIMEOUT=2",
                                        "CONCURRENT_REQUESTS_PER_DOMAIN=2")
        try:
            wait_for(lambda: pushed_articles(redis_client) >= 3, 60, "the first pushed articles")
            if outage == "down":
                redis_server.stop()
            else:
                redis_client.config_set("maxmemory-policy", "noeviction")
                redis_client.config_set("maxmemory", "1")
            started = time.monotonic()
            stdout, stderr = crawl.communicate(timeout=60)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    # REDIS_UNAVAILABLE_TIMEOUT, plus up to one engine heartbeat (5 s), plus closing
    assert time.monotonic() - started < 20
    assert crawl.returncode == 1, stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    assert stderr.count(f"closing the spider ({reason})") == 1
    assert f"(crawl closed: {reason}" in stderr.splitlines()[-1]
    assert ": failed" in stdout


@pytest.mark.redis
@pytest.mark.slow
def test_a_crawler_process_rides_out_a_short_redis_outage_without_losing_an_article(
        tmp_path, redis_server, redis_client):
    # Redis full for a few seconds (an operator raises maxmemory): requests and articles it
    # refused wait in the process and go through once it takes writes again.
    articles = 40
    site = build_site(tmp_path / "site", articles=articles)
    site.write()
    with FixtureServer(site.root) as server:
        serve_slowly(server, site, 0.1)
        crawl = start_distributed_crawl(server.base_url, redis_server.url, "REDIS_UNAVAILABLE_TIMEOUT=60",
                                        "CONCURRENT_REQUESTS_PER_DOMAIN=2")
        try:
            wait_for(lambda: pushed_articles(redis_client) >= 3, 60, "the first pushed articles")
            with redis_full(redis_client):
                refused = oom_refusals(redis_client)
                wait_for(lambda: oom_refusals(redis_client) >= refused + 3, 30, "the crawl's writes refused")
            stdout, stderr = crawl.communicate(timeout=120)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    assert crawl.returncode == 0, stderr[-3000:]
    assert ": finished" in stdout
    assert "Traceback" not in stderr
    assert stderr.count("waiting up to 60 s for it") == 1 and stderr.count("takes writes again") == 1
    pushed = {item.url.rstrip("/") for raw in redis_client.lrange("crawler:items", 0, -1)
              if isinstance(item := decode_item(raw), ArticleItem)}  # not the fetch-error reports
    assert pushed == {f"{server.base_url}{s.path}".rstrip("/") for s in site.stories}


@pytest.mark.redis
def test_scrapy_crawl_of_a_crawler_process_that_gives_up_on_redis_exits_1(tmp_path, redis_server):
    # The README's recipe runs `scrapy crawl <site> -s REDIS_URL=...` on each crawler machine:
    # Scrapy's command exited 0 when the process gave up on a Redis that stayed down.
    site = build_site(tmp_path / "site", articles=3)
    site.write()
    redis_server.stop()
    with FixtureServer(site.root) as server:
        crawl = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db",
                              REDIS_UNAVAILABLE_TIMEOUT="1")
        _, stderr = crawl.communicate(timeout=60)
    assert crawl.returncode == 1, stderr[-3000:]
    assert stderr.splitlines()[-1] == f"Error: {site_name_for(server.base_url)} failed: crawl closed: redis_unavailable"


@pytest.mark.redis
@pytest.mark.parametrize(("state", "reason", "message"), [
    ("full", "redis_out_of_memory", "out of memory (maxmemory reached)"),
    ("down", "redis_unavailable", "cannot join the shared frontier: Redis at redis://127.0.0.1:"),
])
def test_a_redis_full_or_down_when_a_crawler_process_starts_is_reported_as_such(
        tmp_path, redis_server, redis_client, state, reason, message):
    # Full: stopped as a "shutdown" (interrupted) at the first refused request. Down: a
    # traceback from building the downloader, and "not run".
    site = build_site(tmp_path / "site", articles=3)
    site.write()
    if state == "full":
        redis_client.config_set("maxmemory-policy", "noeviction")
        redis_client.config_set("maxmemory", "1")
    else:
        redis_server.stop()
    with FixtureServer(site.root) as server:
        crawl = start_distributed_crawl(server.base_url, redis_server.url, "REDIS_UNAVAILABLE_TIMEOUT=1")
        try:
            stdout, stderr = crawl.communicate(timeout=60)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.communicate()
    assert crawl.returncode == 1, stderr[-3000:]
    assert "Traceback" not in stderr and "shutdown" not in stderr, stderr[-3000:]
    assert message in stderr
    assert f"(crawl closed: {reason})" in stderr.splitlines()[-1]
    assert ": failed" in stdout


# --- one writer at a time (D9) -----------------------------------------------------------------
@pytest.mark.redis
def test_a_second_writer_refuses_to_start_naming_the_first_and_starts_once_its_lock_expired(
        tmp_path, redis_server, redis_client):
    # Nothing stopped it: the second writer re-queued the first one's batch in hand, and both
    # wrote the same items into the database.
    database = tmp_path / "news.db"
    redis_client.set("crawler:items:writer", "host other-machine pid 4242 (since 2025-06-02T07:00:00+00:00) "
                     "writing /data/news.db [abcd1234]", px=60_000)  # a live writer renews it
    redis_client.lpush("crawler:items:processing", encode_article(article(1)))  # the other's batch
    refused = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--db", str(database),
                              "--redis", redis_server.url, "--idle-timeout", "0"], check=False,
                             cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith("Error: another writer holds Redis key crawler:items:writer: "
                                      "host other-machine pid 4242 ")
    assert "nothing done" in refused.stderr
    assert not database.exists()
    assert redis_client.llen("crawler:items:processing") == 1  # its batch was left alone
    # The other writer was killed: it renews its lock no more, and the lock expires (shortened
    # here: a 2 s lock set before the refused writer started expired, under load, before that
    # writer looked at it).
    redis_client.pexpire("crawler:items:writer", 100)
    time.sleep(0.2)
    finish(start_writer(database, redis_server.url, idle_timeout=0.1))
    assert article_count(database) == 1
    assert not redis_client.exists("crawler:items:writer")  # released on a clean stop


@pytest.mark.redis
def test_a_second_writer_into_the_same_database_from_other_redis_keys_is_refused(tmp_path, redis_server,
                                                                                 redis_client):
    import os

    from crawler.lock import CrawlLock

    database = tmp_path / "news.db"
    # A writer of another Redis (or REDIS_ITEMS_KEY) writes this file: it holds the file's lock.
    held = CrawlLock(f"{database}.ingest.lock")
    held.acquire()
    try:
        refused = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--db", str(database),
                                  "--redis", redis_server.url, "--idle-timeout", "0"], check=False,
                                 cwd=PROJECT_ROOT, capture_output=True, text=True)
    finally:
        held.release()
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith(f"Error: another writer writes {database}: {database}.ingest.lock is locked "
                                     f"by pid {os.getpid()} ")
    assert not database.exists()
    assert not redis_client.exists("crawler:items:writer")  # its Redis lock, taken first, given back


@pytest.mark.redis
def test_a_running_writer_keeps_its_lock_past_its_ttl_and_a_second_one_is_refused(redis_client, store, tmp_path):
    from crawler.distributed import WriterLockHeld

    started = time.monotonic()
    seen = []

    def check_from_inside_the_run() -> bool:  # the writer's should_stop: runs in its loop
        if time.monotonic() - started < 1:  # more than three TTLs: renewed, not expired
            return False
        holder = redis_client.get("crawler:items:writer").decode()
        assert holder.startswith(f"host {socket.gethostname()} pid ") and str(store.path) in holder
        other = ArticleStore(tmp_path / "other.db")
        try:
            with pytest.raises(WriterLockHeld, match="another writer holds Redis key crawler:items:writer"):
                Ingester(other, redis_client).run(idle_timeout=0)
        finally:
            other.close()
        seen.append(holder)
        return True

    Ingester(store, redis_client, lock_ttl=0.3).run(should_stop=check_from_inside_the_run)
    assert seen
    assert not redis_client.exists("crawler:items:writer")


@pytest.mark.redis
def test_a_writer_whose_lock_was_taken_by_another_stops_instead_of_writing_beside_it(redis_client, store):
    # Its lock expired under it (Redis restarted, or unreachable longer than the TTL) and another
    # writer took it: two writers would run at once.
    started = time.monotonic()

    def another_writer_takes_the_lock() -> bool:
        if time.monotonic() - started > 0.2:
            redis_client.set("crawler:items:writer", "host other-machine pid 7 (since …) [ffff0000]")
        return time.monotonic() - started > 10  # the writer must stop long before

    with pytest.raises(DistributedError, match="lost the writer lock crawler:items:writer"):
        Ingester(store, redis_client, lock_ttl=0.3).run(should_stop=another_writer_takes_the_lock)
    assert time.monotonic() - started < 5
    assert redis_client.get("crawler:items:writer").startswith(b"host other-machine")  # not released: not its own


OTHER_WRITER = b"host other-machine pid 7 (since 2025-06-02T07:00:00+00:00) [ffff0000]"


def take_the_lock_from_the_writer(redis_client) -> None:
    """The writer's lock expired under it (a stall longer than its TTL: a VM paused, swapping;
    Redis unreachable or restarted) and a second writer took it."""
    redis_client.set("crawler:items:writer", OTHER_WRITER)


@pytest.mark.redis
def test_a_writer_that_loses_its_lock_during_a_batch_commits_none_of_it(redis_client, store, monkeypatch):
    # The lock was checked only at the top of the writer's loop (and by the renewing thread, every
    # third of the TTL): a batch in hand when another writer took the lock was committed beside it.
    redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(3)))
    save_one = store._save_one
    taken = []

    def long_batch(item):
        if not taken:  # during the batch, after the loop's check
            take_the_lock_from_the_writer(redis_client)
            taken.append(item.url)
        return save_one(item)

    monkeypatch.setattr(store, "_save_one", long_batch)
    with pytest.raises(DistributedError, match="lost the writer lock crawler:items:writer"):
        Ingester(store, redis_client).run(idle_timeout=5)
    assert taken
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 0  # rolled back
    assert redis_client.llen("crawler:items:processing") == 3  # left for the writer holding the lock
    assert redis_client.get("crawler:items:writer") == OTHER_WRITER


@pytest.mark.redis
def test_a_writer_that_loses_its_lock_while_it_rebuilds_the_stored_hash_leaves_the_new_writers_in_place(
        redis_client, store, monkeypatch):
    # The rebuild at the writer's start swapped its hash in with a plain RENAME: a writer that lost
    # its lock during a long rebuild replaced the hash the writer that took the lock keeps.
    store.save_batch([article(n) for n in range(2)])
    redis_client.hset("crawler:stored_urls", mapping={"kept-by-the-new-writer": "1"})
    hset = redis_client.hset

    def slow_rebuild(*args, **kwargs):
        take_the_lock_from_the_writer(redis_client)  # meanwhile
        return hset(*args, **kwargs)

    monkeypatch.setattr(redis_client, "hset", slow_rebuild)
    with pytest.raises(DistributedError, match="lost the writer lock crawler:items:writer"):
        Ingester(store, redis_client).run(idle_timeout=5)
    assert redis_client.hgetall("crawler:stored_urls") == {b"kept-by-the-new-writer": b"1"}
    assert not redis_client.exists("crawler:stored_urls:rebuilding")
    assert redis_client.get("crawler:items:writer") == OTHER_WRITER


@pytest.mark.redis
@pytest.mark.parametrize("full", [False, True], ids=["taken", "drained"])
def test_a_writer_that_loses_its_lock_after_a_commit_leaves_the_batch_in_redis(redis_client, store, monkeypatch,
                                                                               full):
    # Its acknowledgement removed the batch from the processing list, which the writer that took the
    # lock had re-queued and may hold in its own batch: lost if that one is killed before its commit.
    items = [encode_article(article(n)) for n in range(2)]
    redis_client.lpush("crawler:items", *items)
    save_batch = store.save_batch

    def lost_after_the_commit(articles, **kwargs):
        outcomes = save_batch(articles, **kwargs)
        take_the_lock_from_the_writer(redis_client)
        return outcomes

    monkeypatch.setattr(store, "save_batch", lost_after_the_commit)
    ingester = Ingester(store, redis_client)
    if full:  # Redis full: the batch is read, committed, then popped from the item list itself
        monkeypatch.setattr(ingester, "take_batch", lambda block_seconds: ingester._full(True) or [])
    with pytest.raises(DistributedError, match="its last batch, committed, is left in Redis"):
        ingester.run(idle_timeout=5)
    assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    left = redis_client.lrange("crawler:items" if full else "crawler:items:processing", 0, -1)
    assert sorted(left) == sorted(items)
    assert redis_client.get("crawler:items:writer") == OTHER_WRITER


@pytest.mark.redis
def test_the_lock_of_a_writer_killed_on_this_host_is_taken_over_at_once(redis_client, store):
    # Killed and restarted by systemd on the same machine: its pid is gone, no need to wait.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)
    redis_client.set("crawler:items:writer", f"host {socket.gethostname()} pid {int(dead.stdout)} "
                     "(since 2025-06-02T07:00:00+00:00) [abcd1234]", px=60_000)
    redis_client.lpush("crawler:items:processing", encode_article(article(1)))
    report = Ingester(store, redis_client).run(idle_timeout=0.2)
    assert report.requeued == 1 and report.stored == Counter(new=1)


# --- the current profile's scope applies to queued requests (D12) ------------------------------
@pytest.mark.redis
def test_requests_queued_before_an_exclude_pattern_was_added_are_dropped_when_taken(frontier, redis_client,
                                                                                   caplog):
    # A crawl trap queued under the old profile: the exclude pattern the operator added stopped
    # its new URLs being scheduled, but every queued one was still fetched.
    import re

    from scrapy import Request

    from crawler.sites import SiteProfile

    for url in ("http://127.0.0.1:1/calendar/2020/01", "http://127.0.0.1:1/news/1",
                "http://elsewhere.example/news/2", "http://127.0.0.1:1/calendar/2020/02"):
        assert frontier.enqueue_request(Request(url))
    redirected = Request("http://127.0.0.1:1/calendar/moved", meta={"redirect_urls": ["http://127.0.0.1:1/n/3"]})
    assert frontier.enqueue_request(redirected)
    # a process started with the new profile
    frontier.crawler.spider.profile = SiteProfile(
        name="frontier-site", start_urls=("http://127.0.0.1:1/",), domains=("127.0.0.1:1",), languages=("en",),
        exclude=(re.compile(r"/calendar/\d{4}/"),))
    with caplog.at_level(logging.INFO):
        taken = list(iter(frontier.next_request, None))
        for request in taken:  # done with (the engine's acknowledgement)
            frontier.acknowledge(request)
        frontier.close("finished")
    taken = [r.url for r in taken]
    assert sorted(taken) == ["http://127.0.0.1:1/calendar/moved", "http://127.0.0.1:1/news/1"]
    assert redis_client.zcard("frontier-site:requests") == 0  # dropped, not left for another worker
    stats = frontier.stats.get_stats()
    assert stats["discovery/dropped_from_queue/excluded"] == 2
    assert stats["discovery/dropped_from_queue/off_domain"] == 1
    assert stats["scheduler/dequeued/redis"] == 2
    lines = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert lines == [("frontier-site: 3 request(s) in the shared queue dropped: out of the site's current scope "
                      "(excluded: 2, off_domain: 1)")]


@pytest.mark.redis
def test_a_call_to_the_shared_queue_drops_at_most_its_cap_then_the_engine_asks_again(frontier, redis_client):
    # A million queued trap URLs were dropped in one next_request call: the reactor stood still
    # for minutes and the heartbeat stopped, so the other workers took this one for dead.
    import re

    from scrapy import Request

    from crawler.sites import SiteProfile
    from tests.test_queues import _Engine

    for n in range(5):
        assert frontier.enqueue_request(Request(f"http://127.0.0.1:1/calendar/2020/{n}", priority=1))
    assert frontier.enqueue_request(Request("http://127.0.0.1:1/news/1"))
    frontier.crawler.spider.profile = SiteProfile(
        name="frontier-site", start_urls=("http://127.0.0.1:1/",), domains=("127.0.0.1:1",), languages=("en",),
        exclude=(re.compile(r"/calendar/\d{4}/"),))
    frontier.crawler.engine = engine = _Engine()
    frontier.scope.max_drops = 2
    assert frontier.next_request() is None
    assert redis_client.zcard("frontier-site:requests") == 4 and engine.asked == 1
    assert frontier.has_pending_requests()
    assert frontier.next_request() is None
    assert frontier.next_request().url == "http://127.0.0.1:1/news/1"
    assert redis_client.zcard("frontier-site:requests") == 0 and engine.asked == 2
    assert frontier.stats.get_value("discovery/dropped_from_queue/excluded") == 5
    assert frontier.next_request() is None and engine.asked == 2


@pytest.mark.redis
@pytest.mark.slow
def test_a_distributed_crawl_restarted_with_an_exclude_pattern_fetches_none_of_the_queued_trap(
        tmp_path, redis_server, redis_client):
    # End to end: the crawler processes killed while the shared queue holds a trap's URLs, the
    # operator adds an exclude pattern and starts them again: they fetched every queued one.
    stories, calendar = build_trap_site(tmp_path / "site")
    delay = [0.4]  # slow while the killed run goes through the site, then none
    with FixtureServer(tmp_path / "site") as server:
        for path in [s.path for s in stories] + calendar:
            server.add_handler(path, lambda ctx: dataclasses.replace(ctx.default_response(), delay=delay[0]))
        sites = tmp_path / "sites.toml"
        profile = (f'[[site]]\nname = "trap"\nstart_urls = ["{server.base_url}/"]\n'
                   f'domains = ["127.0.0.1:{server.port}"]\nlanguage = "en"\n')
        sites.write_text(profile, encoding="utf-8")
        command = [sys.executable, "-m", "crawler.cli", "crawl", "trap", "--sites", str(sites),
                   "--redis", redis_server.url, "-s", "REDIS_IDLE_TIMEOUT=1", "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", "CRAWL_GUESS_SITEMAPS=False", "-s", "CONCURRENT_REQUESTS=1"]
        killed = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: pushed_articles(redis_client) >= 1, 60, "the first pushed article")
        finally:
            killed.kill()
            killed.wait()
        queued = [path for path in calendar if path not in {r.path for r in server.requests}]
        assert len(queued) >= 6, "the crawl went through the calendar before it was killed; slow it down"
        delay[0] = 0
        redis_client.delete("trap:busy", "trap:workers")  # its marks, stale 120 s later
        first_run = len(server.requests)
        sites.write_text(profile + "exclude = ['/calendar/']\n", encoding="utf-8")  # the operator's fix
        rerun = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120, check=False)
        fetched = [r.path for r in server.requests[first_run:]]
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert [path for path in fetched if path.startswith("/calendar/")] == []
    assert "request(s) in the shared queue dropped: out of the site's current scope (excluded: " in rerun.stderr
    assert redis_client.zcard("trap:requests") == 0
    pushed = {item.title for raw in redis_client.lrange("crawler:items", 0, -1)
              if isinstance(item := decode_item(raw), ArticleItem)}  # not the fetch-error reports
    assert pushed == {s.title for s in stories}


# --- a full Redis is drained by the writer (D6) ---------------------------------------------------
@pytest.mark.redis
def test_a_writer_drains_a_redis_that_is_full_and_redis_takes_writes_again(tmp_path):
    # maxmemory reached under noeviction: LMOVE (taking a batch, re-queueing a killed writer's)
    # and MULTI are refused, so `crawler ingest` failed at start with "Redis failed during
    # ingest" and the items that filled Redis stayed there, with every crawler process refused.
    import redis

    if redis_server_binary() is None:
        pytest.skip("redis-server is not on PATH (apt-get install redis-server)")
    with RedisServer(tmp_path / "redis", None, "--maxmemory", "2mb", "--maxmemory-policy", "noeviction") as server:
        client = redis.Redis.from_url(server.url)
        # a killed writer's batch in hand, and an item no writer can decode
        client.lpush("crawler:items:processing", *(encode_article(article(n)) for n in range(3)))
        client.lpush("crawler:items", b"garbage")
        pushed = 3
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            while True:  # crawler processes push until Redis refuses
                client.lpush("crawler:items", encode_article(article(pushed)))
                pushed += 1
        assert pushed > 300
        database = tmp_path / "news.db"
        writer = subprocess.run([sys.executable, "-m", "crawler.cli", "ingest", "--db", str(database),
                                 "--redis", server.url, "--idle-timeout", "1"], check=False, cwd=PROJECT_ROOT,
                                capture_output=True, text=True, timeout=300)
        assert writer.returncode == 0, writer.stderr[-3000:]
        assert "Traceback" not in writer.stderr
        assert writer.stderr.count("refuses LMOVE: draining crawler:items instead") == 1
        assert article_count(database) == pushed
        assert client.llen("crawler:items") == client.llen("crawler:items:processing") == 0
        assert client.lrange("crawler:items:failed", 0, -1) == [b"garbage"]
        assert client.hlen("crawler:stored_urls") == pushed  # marked once Redis took writes again
        assert not client.exists("crawler:items:writer")
        assert client.lpush("crawler:items", encode_article(article(0)))  # takes writes again
        client.close()


# --- a MinHash signature of the wrong length --------------------------------------------------------
@pytest.mark.parametrize("signature_bytes", [3, 64 * 4, 129 * 4])
def test_an_item_whose_minhash_is_not_num_perm_signature_is_refused_with_a_reason(signature_bytes):
    item = article(1, minhash=b"\x01" * signature_bytes)
    with pytest.raises(DistributedError, match=rf"undecodable item: minhash is {signature_bytes} bytes, "
                                               r"not 512 \(DEDUP_NUM_PERM 128 x 4\)"):
        decode_article(encode_article(item))


def test_a_minhash_is_checked_against_the_writers_num_perm():
    item = article(1, minhash=b"\x01" * 64 * 4)
    assert decode_article(encode_article(item), num_perm=64) == item
    assert decode_article(encode_article(article(2, minhash=None))).minhash is None


@pytest.mark.redis
def test_an_item_with_a_minhash_of_another_length_is_set_aside_and_the_batch_is_stored(redis_client, store):
    # A producer with another DEDUP_NUM_PERM (or a truncated signature): the store raised inside
    # the batch's transaction, on every restart, and held every item behind it.
    wrong = encode_article(article(1, minhash=article(1).minhash[:256]))
    redis_client.lpush("crawler:items", wrong, encode_article(article(2)))
    report = Ingester(store, redis_client).run(idle_timeout=0.2)
    assert report.failed == 1 and report.stored == Counter(new=1)
    assert redis_client.lrange("crawler:items:failed", 0, -1) == [wrong]
    assert redis_client.llen("crawler:items:processing") == redis_client.llen("crawler:items") == 0


@pytest.mark.redis
def test_a_writer_drains_while_redis_is_full_then_takes_batches_as_before_once_it_is_not(
        redis_client, store, caplog):
    redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(5)))
    steps = []

    def operator_raises_maxmemory_then_more_items_arrive() -> bool:
        if redis_client.llen("crawler:items") == 0 and not steps:
            assert not redis_client.exists("crawler:stored_urls")  # marks wait while Redis is full
            redis_client.config_set("maxmemory", "0")
            redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(5, 7)))
            steps.append("raised")
        return bool(steps) and redis_client.llen("crawler:items") == 0

    with redis_full(redis_client), caplog.at_level(logging.INFO):
        report = Ingester(store, redis_client, batch_size=2).run(
            should_stop=operator_raises_maxmemory_then_more_items_arrive)
    assert report.stored == Counter(new=7) and report.drained == 5
    assert redis_client.llen("crawler:items:processing") == 0
    assert redis_client.hlen("crawler:stored_urls") == 7  # the waiting marks went in with the next batch
    messages = [r.getMessage() for r in caplog.records if r.name == "crawler.distributed"]
    assert sum("refuses LMOVE: draining crawler:items instead" in m for m in messages) == 1
    assert sum("Redis takes LMOVE again" in m for m in messages) == 1
    assert sum("stored articles are marked in crawler:stored_urls once it takes writes again" in m
               for m in messages) == 1


@pytest.mark.redis
def test_marks_a_full_redis_refuses_wait_capped_and_are_retried_every_few_seconds(redis_client, store, caplog,
                                                                                  monkeypatch):
    # The keys waiting for a full Redis grew without bound, and every batch read all of them back
    # from SQLite and sent them in one HSET again.
    articles = [article(n) for n in range(6)]
    store.save_batch(articles)
    ingester = Ingester(store, redis_client)
    ingester.unmirrored_cap = 3
    ingester.full = True  # LMOVE refused: draining
    tries = []
    hset = redis_client.hset
    monkeypatch.setattr(redis_client, "hset", lambda *a, **kw: (tries.append(1), hset(*a, **kw))[1])
    with redis_full(redis_client), caplog.at_level(logging.WARNING):
        ingester._mirror_stored_urls(articles[:2])
        assert len(tries) == 1 and len(ingester.unmirrored) == 2
        ingester._mirror_stored_urls(articles[2:4])  # within the retry interval: no HSET
        ingester._mirror_stored_urls(articles[4:])
        assert len(tries) == 1 and len(ingester.unmirrored) == 3  # capped
        ingester._mirror_refused_at -= ingester.mirror_retry_interval
        ingester._mirror_stored_urls(())
        assert len(tries) == 2 and len(ingester.unmirrored) == 3
    messages = [r.getMessage() for r in caplog.records if r.name == "crawler.distributed"]
    assert sum("further ones are not kept" in m for m in messages) == 1
    assert sum("marked in crawler:stored_urls once it takes writes again" in m for m in messages) == 1
    ingester.full = False  # LMOVE went through: Redis takes writes, tried at once
    ingester._mirror_stored_urls(())
    assert len(tries) == 3 and not ingester.unmirrored
    assert redis_client.hlen("crawler:stored_urls") == 3  # the rest: rebuilt at the writer's next start


# --- Redis restarted under a running crawl (the audit of 2026-12) -------------------------------
class WriterThread:
    """An :class:`Ingester` run in a thread on ``database`` until :meth:`stop`; its outcome (the
    report, or the exception that ended it) in :attr:`outcome`."""

    def __init__(self, database: Path, redis_url: str, *, unavailable_timeout: float) -> None:
        import threading

        self.database, self.redis_url, self.unavailable_timeout = database, redis_url, unavailable_timeout
        self.stopping = threading.Event()
        self.outcome = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import redis

        store = ArticleStore(self.database)
        client = redis.Redis.from_url(self.redis_url, socket_timeout=5, socket_connect_timeout=1)
        ingester = Ingester(store, client, batch_size=5)
        ingester.unavailable_timeout = self.unavailable_timeout  # REDIS_UNAVAILABLE_TIMEOUT
        ingester.outage_poll = 0.1
        try:
            self.outcome = ingester.run(should_stop=self.stopping.is_set)
        except Exception as exc:  # noqa: BLE001 - handed to the test
            self.outcome = exc
        finally:
            store.close()
            client.close()

    def __enter__(self) -> WriterThread:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopping.set()
        self.thread.join(30)

    def alive(self) -> bool:
        return self.thread.is_alive()


@pytest.mark.redis
def test_the_writer_rides_out_a_redis_restarted_without_its_data_and_rebuilds_the_stored_hash(
        tmp_path, redis_server, redis_client, caplog):
    # It stopped with "Error: Redis failed during ingest: Connection closed by server." at the first
    # failed call (exit 2), while the crawler processes rode the restart out and went on pushing
    # articles nobody stored; restarted by hand, it would have found its lock gone and stopped again.
    database = tmp_path / "news.db"
    with caplog.at_level(logging.WARNING, logger="crawler.distributed"), \
            WriterThread(database, redis_server.url, unavailable_timeout=30) as writer:
        redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(3)))
        wait_for(lambda: redis_client.hlen("crawler:stored_urls") == 3, 20, "the first articles stored")
        redis_server.stop()  # --save '' --appendonly no: it comes back empty
        time.sleep(0.5)
        redis_server.start()
        redis_client.lpush("crawler:items", *(encode_article(article(n)) for n in range(3, 5)))
        # stored, and the hash the restart emptied rebuilt from the database: all five marked
        wait_for(lambda: redis_client.hlen("crawler:stored_urls") == 5 or not writer.alive(), 20,
                 "the articles pushed after the restart stored")
        assert writer.alive(), writer.outcome
        assert redis_client.get("crawler:items:writer") is not None  # its lock, taken again
    report = writer.outcome
    assert not isinstance(report, Exception), report
    assert report.stored == Counter(new=5) and report.outages >= 1
    assert article_count(database) == 5
    assert "waiting up to 30 s for it" in caplog.text and "taken again" in caplog.text
    assert not redis_client.exists("crawler:items:writer")  # released when it stopped


@pytest.mark.redis
def test_a_writer_gives_up_on_a_redis_that_stays_down_with_exit_1_and_stops_at_once_when_asked(
        tmp_path, redis_server, redis_client):
    with WriterThread(tmp_path / "news.db", redis_server.url, unavailable_timeout=1.5) as writer:
        redis_client.lpush("crawler:items", encode_article(article(1)))
        wait_for(lambda: redis_client.hlen("crawler:stored_urls") == 1, 20, "the writer to store an article")
        redis_server.stop()
        started = time.monotonic()
        writer.thread.join(20)
    assert isinstance(writer.outcome, DistributedError), writer.outcome
    assert "redis_unavailable" in str(writer.outcome), writer.outcome
    assert writer.outcome.exit_code == 1  # a failed run, not a usage error (2)
    assert time.monotonic() - started < 10
    # SIGTERM while it waits: it stops without waiting the outage out
    redis_server.start()
    with WriterThread(tmp_path / "news.db", redis_server.url, unavailable_timeout=600) as writer:
        wait_for(lambda: redis_client.exists("crawler:items:writer"), 20, "the writer to start")
        redis_server.stop()
        time.sleep(1)
        writer.stopping.set()
        writer.thread.join(10)
    assert not writer.alive() and not isinstance(writer.outcome, Exception), writer.outcome


@pytest.mark.redis
def test_a_writer_whose_lock_another_took_during_an_outage_still_stops(tmp_path, redis_server, redis_client):
    # The rule the writer lock is for: taken again only when nobody holds it.
    with WriterThread(tmp_path / "news.db", redis_server.url, unavailable_timeout=30) as writer:
        wait_for(lambda: redis_client.exists("crawler:items:writer"), 20, "the writer to start")
        redis_server.stop()
        time.sleep(0.5)
        redis_server.start()
        redis_client.set("crawler:items:writer", OTHER_WRITER)
        writer.thread.join(20)
    assert isinstance(writer.outcome, DistributedError), writer.outcome
    assert "lost the writer lock crawler:items:writer" in str(writer.outcome)
    assert redis_client.get("crawler:items:writer") == OTHER_WRITER


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)
    return int(done.stdout)


@pytest.mark.redis
def test_a_worker_killed_on_this_host_is_dead_at_once_for_the_next_process(redis_server, redis_client,
                                                                          monkeypatch, caplog):
    # Killed (SIGKILL, OOM) and started again at once: the new process joined the dead run as a live
    # one (its start pages filtered as seen) and waited for the dead one's busy mark to be 120 s old.
    from scrapy import Request
    from scrapy.exceptions import DontCloseSpider

    from pipelines.redis_frontier import pid_namespace

    host = socket.gethostname()
    dead = f"{host}:{dead_pid()}:abcd1234.{pid_namespace()}"
    redis_client.zadd("frontier-site:workers", {dead: time.time()})
    redis_client.hset("frontier-site:busy", dead, time.time())
    redis_client.sadd("frontier-site:dupefilter", "stale-fingerprint")
    with caplog.at_level(logging.INFO):
        restarted = open_frontier(redis_server.url, monkeypatch)
    try:
        assert "new distributed run" in caplog.text  # not "joined a running distributed crawl"
        assert restarted.enqueue_request(Request("http://127.0.0.1:1/sitemap.xml"))
        assert restarted.next_request() is not None
        restarted.spider_idle()  # finished: no DontCloseSpider for the dead worker's mark
        # A worker of this host that still runs, and one of another host, still count.
        live = f"{host}:{os.getppid()}:live0000.{pid_namespace()}"
        # (a container of this host's name in another pid namespace: its pid cannot be checked here)
        other_namespace = f"{host}:{dead_pid()}:abcd1234.1"
        for worker in (live, "other-machine:123:abc", other_namespace):
            redis_client.hset("frontier-site:busy", worker, time.time())
            with pytest.raises(DontCloseSpider):
                restarted.spider_idle()
            redis_client.hdel("frontier-site:busy", worker)
        restarted.spider_idle()
    finally:
        restarted.close("finished")


@pytest.mark.redis
def test_a_worker_taken_for_dead_says_so_once(frontier, redis_client, caplog):
    # Silent for WORKER_STALE_AFTER (a paused VM): another worker removed its registration.
    frontier.beat()
    assert frontier.stats.get_value("distributed/frontier_lost") is None
    redis_client.zrem("frontier-site:workers", frontier.worker_id)
    with caplog.at_level(logging.WARNING):
        frontier.beat()
        frontier.beat()
    assert frontier.stats.get_value("distributed/frontier_lost") == 1
    assert caplog.text.count("registration in frontier-site:workers was gone") == 1
    assert frontier.reseed_since is None  # the run's queue and dupefilter are still there


@pytest.mark.redis
def test_a_worker_whose_run_redis_lost_waits_for_the_writers_rebuild_then_reseeds_the_run(
        frontier, redis_client, caplog, monkeypatch):
    # Redis restarted without its data under a running crawl: queue and dupefilter gone, the run
    # ended "finished" with a fraction of its pages (reported, not recovered).
    from scrapy.exceptions import DontCloseSpider

    from twisted.internet.defer import succeed

    run_id = frontier.run_id
    reseeded = []
    # No reactor runs here: the re-seed's coroutine (the spider's start requests) is not run.
    monkeypatch.setattr(frontier, "reseed", lambda: "start requests")
    monkeypatch.setattr("pipelines.redis_frontier.deferred_from_coro",
                        lambda coroutine: reseeded.append(coroutine == "start requests") or succeed(0))
    redis_client.flushdb()
    with caplog.at_level(logging.WARNING):
        frontier.beat()
        frontier.beat()
    assert caplog.text.count("Redis lost the run's data") == 1
    assert redis_client.get("frontier-site:run").decode() == run_id  # the run keeps its id
    assert redis_client.get("frontier-site:heartbeat_timeout") == b"120.0"  # and its heartbeat timeout
    with pytest.raises(DontCloseSpider):  # not finished: waiting for the writer's rebuild
        frontier.spider_idle()
    assert reseeded == []
    redis_client.set("crawler:stored_urls:rebuilt", "2026-12-07T10:00:00+00:00")
    frontier.beat()
    assert reseeded == [True] and frontier.reseed_since is None
    frontier.spider_idle()  # re-seeded (and nothing queued): may finish
    assert reseeded == [True]


@pytest.mark.redis
@pytest.mark.slow
def test_a_crawler_process_killed_and_restarted_at_once_finishes_the_run_in_seconds(tmp_path, redis_server,
                                                                                     redis_client):
    site = build_site(tmp_path / "site", articles=16)
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        serve_slowly(server, site, 0.3)
        first = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db",
                              CONCURRENT_REQUESTS_PER_DOMAIN="2")
        try:
            wait_for(lambda: pushed_articles(redis_client) >= 4, 60, "the first articles pushed")
        finally:
            first.kill()
            first.communicate()
        restarted = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db", **ALONE)
        started = time.monotonic()
        try:
            _, log = restarted.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            restarted.kill()
            pytest.fail("the restarted process still ran 60 s later (waiting for the killed one's busy mark)")
        took = time.monotonic() - started
        finish(start_writer(database, redis_server.url, idle_timeout=0.5))
    assert restarted.returncode == 0
    assert took < 40, took
    # The killed process's taken requests are not lost for the run: the restart is a new run that
    # fetches the start pages again.
    assert article_count(database) == 16


@pytest.mark.redis
def test_a_writer_rides_out_a_redis_that_fails_while_it_starts_and_still_rebuilds_its_hashes(
        redis_client, store, monkeypatch):
    import redis

    store.save_batch([article(1)])
    failed = []
    rebuild = Ingester.rebuild_stored_urls

    def fails_once(self):  # Redis restarted between the writer lock and the rebuild
        if not failed:
            failed.append(True)
            raise redis.ConnectionError("Connection closed by server.")
        return rebuild(self)

    monkeypatch.setattr(Ingester, "rebuild_stored_urls", fails_once)
    ingester = Ingester(store, redis_client)
    ingester.outage_poll = 0.05
    report = ingester.run(idle_timeout=0.3)
    assert failed and report.outages == 1
    assert redis_client.hexists("crawler:stored_urls", url_key(article(1).url))


# --- the reliable queue: leases on taken requests ------------------------------------------------
def leased(client, key: str) -> list[bytes]:
    """The requests in one worker's lease set: a sorted set beside the priority queue, a list
    beside scrapy-redis' list queues (FifoQueue, LifoQueue)."""
    return client.lrange(key, 0, -1) if client.type(key) == b"list" else client.zrange(key, 0, -1)


def lease_owners(client, site: str = "frontier-site") -> dict[str, int]:
    return {owner.decode(): len(leased(client, f"{site}:inflight:{owner.decode()}"))
            for owner in client.smembers(f"{site}:inflight")}


def process_leases(client, site: str, process: subprocess.Popen) -> list[bytes]:
    """The requests crawler process ``process`` holds (its worker id names its pid)."""
    owners = [o.decode() for o in client.smembers(f"{site}:inflight") if f":{process.pid}:" in o.decode()]
    return [raw for o in owners for raw in leased(client, f"{site}:inflight:{o}")]


def kill_worker(client, worker, site: str = "frontier-site") -> str:
    """Make ``worker`` (an open scheduler) look like a process of this host killed with its leases:
    its lease set and registration moved to the id of a pid that is gone. Returns that id."""
    from pipelines.redis_frontier import pid_namespace

    dead = f"{socket.gethostname()}:{dead_pid()}:abcd1234.{pid_namespace()}"
    client.rename(f"{site}:inflight:{worker.worker_id}", f"{site}:inflight:{dead}")
    client.srem(f"{site}:inflight", worker.worker_id)
    client.sadd(f"{site}:inflight", dead)
    client.zrem(f"{site}:workers", worker.worker_id)
    client.zadd(f"{site}:workers", {dead: time.time()})
    return dead


@pytest.mark.redis
def test_a_taken_request_is_leased_until_acknowledged_and_nothing_is_put_back_in_the_normal_case(
        frontier, redis_client):
    from scrapy import Request

    assert frontier.reliable
    assert frontier.enqueue_request(Request("http://127.0.0.1:1/a"))
    assert frontier.enqueue_request(Request("http://127.0.0.1:1/b"))
    taken = frontier.next_request()
    assert redis_client.zcard("frontier-site:requests") == 1
    assert lease_owners(redis_client) == {frontier.worker_id: 1}
    frontier.acknowledge(taken)
    assert lease_owners(redis_client) == {frontier.worker_id: 0}
    # a live worker's lease is not taken from it, by itself or by another worker
    second = frontier.next_request()
    assert frontier.reclaim() == 0 and redis_client.zcard("frontier-site:requests") == 0
    frontier.acknowledge(second)
    frontier.acknowledge(second)  # twice: nothing more
    assert frontier.next_request() is None
    assert frontier.stats.get_value("distributed/requests_reclaimed") is None


@pytest.mark.redis
def test_the_requests_a_killed_worker_had_taken_go_back_to_the_queue_for_the_same_run(
        redis_server, redis_client, monkeypatch, caplog):
    # scrapy-redis pops with ZRANGE + ZREMRANGEBYRANK: a process killed (SIGKILL, OOM) lost the
    # requests it had taken; marked seen, they were fetched by no process of the run.
    from scrapy import Request

    from pipelines.redis_frontier import pid_namespace

    survivor = open_frontier(redis_server.url, monkeypatch)
    try:
        for n in range(3):
            assert survivor.enqueue_request(Request(f"http://127.0.0.1:1/news/{n}", priority=n))
        # another process of this host took two requests, then was killed
        dead = f"{socket.gethostname()}:{dead_pid()}:abcd1234.{pid_namespace()}"
        victim = open_frontier(redis_server.url, monkeypatch)
        victim_leases = f"frontier-site:inflight:{victim.worker_id}"
        assert [victim.next_request().url for _ in range(2)] == ["http://127.0.0.1:1/news/2",
                                                                  "http://127.0.0.1:1/news/1"]
        redis_client.rename(victim_leases, f"frontier-site:inflight:{dead}")
        redis_client.srem("frontier-site:inflight", victim.worker_id)
        redis_client.sadd("frontier-site:inflight", dead)
        redis_client.zrem("frontier-site:workers", victim.worker_id)
        redis_client.zadd("frontier-site:workers", {dead: time.time()})
        with caplog.at_level(logging.WARNING):
            survivor.beat()
        assert "2 request(s) taken by dead worker(s)" in caplog.text
        assert survivor.stats.get_value("distributed/requests_reclaimed") == 2
        # with their priority: the higher one first, and none lost or doubled
        assert [r.url for r in iter(survivor.next_request, None)] == [
            "http://127.0.0.1:1/news/2", "http://127.0.0.1:1/news/1", "http://127.0.0.1:1/news/0"]
        assert dead not in lease_owners(redis_client)
    finally:
        survivor.close("finished")


@pytest.mark.redis
def test_a_worker_of_another_host_keeps_its_leases_until_its_heartbeat_is_stale(frontier, redis_client):
    from scrapy.exceptions import DontCloseSpider

    other = "other-machine:123:abc.1"
    redis_client.sadd("frontier-site:inflight", other)
    redis_client.zadd(f"frontier-site:inflight:{other}", {b"request-bytes": -1})
    redis_client.zadd("frontier-site:workers", {other: time.time()})
    frontier.spider_idle()  # alive and not busy: its lease stays, this one may finish
    assert redis_client.zcard("frontier-site:requests") == 0
    redis_client.zadd("frontier-site:workers", {other: time.time() - 3600})
    with pytest.raises(DontCloseSpider):  # stale: its request is this run's to fetch
        frontier.spider_idle()
    assert redis_client.zrange("frontier-site:requests", 0, -1) == [b"request-bytes"]
    redis_client.delete("frontier-site:requests")


@pytest.mark.redis
def test_a_worker_that_closes_with_requests_unfinished_puts_them_back(redis_server, redis_client, monkeypatch):
    from scrapy import Request

    worker = open_frontier(redis_server.url, monkeypatch)
    assert worker.enqueue_request(Request("http://127.0.0.1:1/a"))
    assert worker.next_request() is not None
    worker.close("shutdown")
    assert redis_client.zcard("frontier-site:requests") == 1
    assert lease_owners(redis_client) == {}
    redis_client.delete("frontier-site:requests")


@pytest.mark.redis
@pytest.mark.parametrize(("queue_class", "taken", "after"), [
    ("scrapy_redis.queue.FifoQueue", ["a", "b"], ["a", "b", "c"]),
    ("scrapy_redis.queue.LifoQueue", ["c", "b"], ["c", "b", "a"]),
])
def test_a_list_queues_requests_a_killed_worker_had_taken_go_back_to_its_head_for_the_same_run(
        redis_server, redis_client, monkeypatch, caplog, queue_class, taken, after):
    # With SCHEDULER_QUEUE_CLASS set to one of scrapy-redis' list queues, requests were popped
    # (RPOP / LPOP) without a lease: a process killed lost the ones it had taken for the run.
    from scrapy import Request

    survivor = open_frontier(redis_server.url, monkeypatch, SCHEDULER_QUEUE_CLASS=queue_class)
    try:
        for name in "abc":
            assert survivor.enqueue_request(Request(f"http://127.0.0.1:1/news/{name}"))
        victim = open_frontier(redis_server.url, monkeypatch, SCHEDULER_QUEUE_CLASS=queue_class)
        assert victim.reliable
        held = [victim.next_request() for _ in range(2)]
        assert [r.url[-1] for r in held] == taken
        assert redis_client.llen("frontier-site:requests") == 1
        dead = kill_worker(redis_client, victim)
        with caplog.at_level(logging.WARNING):
            survivor.beat()
            # (a victim that was only stalled finishes them later, and learns they were put back)
            victim.acknowledge(held[0])
        assert "2 request(s) taken by dead worker(s)" in caplog.text
        assert victim.stats.get_value("distributed/leases_put_back_by_others") == 1
        assert "1 request(s) this worker finished were no longer in its lease set: put back" in caplog.text
        # back at the head, in the order they were taken: none lost or doubled
        again = list(iter(survivor.next_request, None))
        assert [r.url[-1] for r in again] == after
        assert dead not in lease_owners(redis_client)
        # control: a live worker's leases stay; acknowledged ones are gone, unfinished ones go back when it leaves
        assert survivor.reclaim() == 0 and redis_client.llen("frontier-site:requests") == 0
        for request in again[:2]:
            survivor.acknowledge(request)
        assert lease_owners(redis_client) == {survivor.worker_id: 1}
    finally:
        survivor.close("finished")
    assert redis_client.lrange("frontier-site:requests", 0, -1) != []
    assert lease_owners(redis_client) == {}
    redis_client.delete("frontier-site:requests")


@pytest.mark.redis
def test_a_killed_runs_list_queue_is_resumed_by_the_next_run(redis_server, redis_client, monkeypatch, caplog):
    # The dupefilter of a killed run was rebuilt from its queue with ZRANGE: WRONGTYPE on a list
    # queue, and the next process could not join the shared frontier at all.
    from scrapy import Request

    fifo = {"SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue"}
    killed = open_frontier(redis_server.url, monkeypatch, **fifo)
    for name in "ab":
        assert killed.enqueue_request(Request(f"http://127.0.0.1:1/news/{name}"))
    redis_client.zadd("frontier-site:workers", {killed.worker_id: time.time() - 3600})  # SIGKILL
    with caplog.at_level(logging.INFO):
        resumed = open_frontier(redis_server.url, monkeypatch, **fifo)
    try:
        assert resumed.joined
        assert "resuming 2 request(s) a killed run left queued" in caplog.text
        assert redis_client.scard("frontier-site:dupefilter") == 2
        assert [r.url[-1] for r in iter(resumed.next_request, None)] == ["a", "b"]
    finally:
        resumed.close("finished")


@pytest.mark.redis
def test_a_request_queued_twice_in_a_list_queue_is_leased_and_acknowledged_twice(redis_server, redis_client,
                                                                                 monkeypatch):
    from scrapy import Request

    worker = open_frontier(redis_server.url, monkeypatch, SCHEDULER_QUEUE_CLASS="scrapy_redis.queue.FifoQueue")
    try:
        for _ in range(2):  # dont_filter: the same serialized request twice in the queue
            assert worker.enqueue_request(Request("http://127.0.0.1:1/feed", dont_filter=True))
        first, second = worker.next_request(), worker.next_request()
        assert lease_owners(redis_client) == {worker.worker_id: 2}
        worker.acknowledge(first)
        assert lease_owners(redis_client) == {worker.worker_id: 1}
        worker.acknowledge(second)
        assert lease_owners(redis_client) == {worker.worker_id: 0}
    finally:
        worker.close("finished")
    assert redis_client.llen("frontier-site:requests") == 0


@pytest.mark.redis
def test_the_heartbeat_timeout_is_a_setting_and_a_shorter_one_beats_more_often(redis_server, redis_client,
                                                                                monkeypatch):
    # A stalled process (GC pause, stopped container) was taken for dead after a fixed 120 s.
    worker = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=6)
    try:
        assert (worker.stale_after, worker.heartbeat_interval) == (6, 1.5)
        other = "other-machine:123:abc.1"
        redis_client.sadd("frontier-site:inflight", other)
        redis_client.zadd(f"frontier-site:inflight:{other}", {b"request-bytes": -1})
        redis_client.zadd("frontier-site:workers", {other: time.time() - 4})
        assert worker.reclaim() == 0  # silent 4 s: alive under a 6 s limit (control)
        redis_client.zadd("frontier-site:workers", {other: time.time() - 7})
        assert worker.reclaim() == 1
        assert redis_client.zrange("frontier-site:requests", 0, -1) == [b"request-bytes"]
        redis_client.delete("frontier-site:requests")
    finally:
        worker.close("finished")
    for value in (None, 0):  # the default, also for a value that is no time
        settings = {} if value is None else {"REDIS_HEARTBEAT_TIMEOUT": value}
        default = open_frontier(redis_server.url, monkeypatch, **settings)
        default.close("finished")
        assert (default.stale_after, default.heartbeat_interval) == (120, 10)



def _silent_worker_with_a_lease(redis_client, silent_for: float) -> str:
    """A worker of another machine that took one request and has been silent ``silent_for`` s."""
    other = "other-machine:123:abc.1"
    redis_client.sadd("frontier-site:inflight", other)
    redis_client.zadd(f"frontier-site:inflight:{other}", {b"request-bytes": -1})
    redis_client.zadd("frontier-site:workers", {other: time.time() - silent_for})
    return other


@pytest.mark.redis
@pytest.mark.parametrize("first, second", [(6, 120), (120, 6)])
def test_every_worker_of_a_run_judges_heartbeats_by_the_timeout_of_the_process_that_began_it(
        redis_server, redis_client, monkeypatch, caplog, first, second):
    # Crawl-side leftovers, 3: each process judged the others by its own REDIS_HEARTBEAT_TIMEOUT, so
    # two started with 6 s and 120 s disagreed on when a stalled one's requests were put back (after
    # 6 s by one, 120 s by the other), and the 6 s one even took the live 120 s one, which beats
    # every 10 s, for dead between two of its beats. The first process publishes its timeout as
    # the run's; one that joins judges and beats by it, and says so in one line.
    with caplog.at_level(logging.WARNING, logger="pipelines.redis_frontier"):
        began = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=first,
                              REDIS_UNAVAILABLE_TIMEOUT=5)
        joined = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=second,
                               REDIS_UNAVAILABLE_TIMEOUT=5)
    try:
        assert joined.run_id == began.run_id
        said = [r.getMessage() for r in caplog.records]  # on opening
        _silent_worker_with_a_lease(redis_client, 7)  # silent 7 s: dead under 6 s, alive under 120 s
        assert joined.reclaim() == (1 if first == 6 else 0)
        assert began.reclaim() == 0  # put back once, or by neither
        assert (joined.stale_after, joined.heartbeat_interval) == (first, min(10, first / 4))
        assert said == [f"frontier-site: REDIS_HEARTBEAT_TIMEOUT is {second:g} s here but {first:g} s in the run this "
                        "worker joined (set by the process that began it, frontier-site:heartbeat_timeout): the "
                        "run's is used, so every worker takes a silent one for dead after the same time"]
        assert redis_client.get("frontier-site:heartbeat_timeout") == repr(float(first)).encode()
    finally:
        joined.close("finished")
        began.close("finished")


@pytest.mark.redis
def test_a_restart_with_a_shorter_heartbeat_timeout_resumes_a_killed_run_at_once(
        redis_server, redis_client, monkeypatch, caplog):
    # Review C2, finding 2: the run's published heartbeat timeout outlives its processes. A run
    # begun with 3600 s, killed on another machine 10 minutes ago, was judged by 3600 s when
    # started again with 120 s: its dead worker taken for alive, the new process joined the dead
    # run (its dupefilter kept: start pages filtered) and waited an hour. The shorter timeout
    # judges whether the run is alive.
    from scrapy import Request
    fifo = {"SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue"}
    killed = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=3600, **fifo)
    for name in "ab":
        assert killed.enqueue_request(Request(f"http://127.0.0.1:1/news/{name}"))
    redis_client.zrem("frontier-site:workers", killed.worker_id)
    redis_client.zadd("frontier-site:workers", {"other-machine:123:abc.1": time.time() - 600})
    with caplog.at_level(logging.INFO, logger="pipelines.redis_frontier"):
        restarted = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=120, **fifo)
    try:
        assert "resuming 2 request(s) a killed run left queued" in caplog.text
        assert restarted.run_id != killed.run_id
        assert (restarted.stale_after, restarted.heartbeat_interval) == (120, 10)
        assert redis_client.get("frontier-site:heartbeat_timeout") == b"120.0"
        assert redis_client.zrange("frontier-site:workers", 0, -1) == [restarted.worker_id.encode()]
    finally:
        restarted.close("finished")


@pytest.mark.redis
def test_a_process_with_a_shorter_heartbeat_timeout_joins_a_live_run_and_judges_by_its_timeout(
        redis_server, redis_client, monkeypatch):
    # Control: a run begun with 3600 s whose worker beat 5 s ago is alive by 120 s too: a process
    # started with 120 s joins it, and judges its silent workers by the run's 3600 s (one silent
    # 10 minutes keeps its request), as every worker of the run does.
    began = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=3600, REDIS_UNAVAILABLE_TIMEOUT=5)
    redis_client.zadd("frontier-site:workers", {began.worker_id: time.time() - 5})
    silent = _silent_worker_with_a_lease(redis_client, 600)
    joined = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=120, REDIS_UNAVAILABLE_TIMEOUT=5)
    try:
        assert joined.run_id == began.run_id
        assert joined.stale_after == 3600
        assert joined.reclaim() == 0
        assert redis_client.zscore("frontier-site:workers", silent) is not None
        assert redis_client.get("frontier-site:heartbeat_timeout") == b"3600.0"
    finally:
        joined.close("finished")
        began.close("finished")


@pytest.mark.redis
def test_workers_started_with_the_same_heartbeat_timeout_say_nothing_and_the_next_run_takes_its_own(
        redis_server, monkeypatch, caplog):
    # Control: the same setting everywhere says nothing; a run that ended leaves its timeout, and
    # the next run's first process takes its own (no warning: it begins the run).
    with caplog.at_level(logging.WARNING, logger="pipelines.redis_frontier"):
        workers = [open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=30,
                                 REDIS_UNAVAILABLE_TIMEOUT=5) for _ in range(2)]
        assert [w.stale_after for w in workers] == [30, 30]
        for worker in workers:
            worker.close("finished")
        later = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=8, REDIS_UNAVAILABLE_TIMEOUT=5)
        later.close("finished")
    assert caplog.text == ""
    assert later.run_id != workers[0].run_id
    assert (later.stale_after, later.heartbeat_interval) == (8, 2)


@pytest.mark.redis
def test_an_unavailable_timeout_longer_than_the_heartbeat_timeout_is_warned_of_once(redis_server, monkeypatch, caplog):
    # Review C, finding 5: with REDIS_UNAVAILABLE_TIMEOUT above REDIS_HEARTBEAT_TIMEOUT, a worker
    # cut off from Redis waits on while the others take it for dead and put its requests back;
    # nothing said so. Control: the defaults (60 s of outage, 120 s of silence) say nothing.
    with caplog.at_level(logging.WARNING, logger="pipelines.redis_frontier"):
        worker = open_frontier(redis_server.url, monkeypatch, REDIS_HEARTBEAT_TIMEOUT=6)
        worker.close("finished")
    said = [r.getMessage() for r in caplog.records if "REDIS_UNAVAILABLE_TIMEOUT" in r.getMessage()]
    assert len(said) == 1
    assert said[0].startswith("REDIS_UNAVAILABLE_TIMEOUT (60 s) is longer than REDIS_HEARTBEAT_TIMEOUT (6 s)")
    assert "fetched twice" in said[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pipelines.redis_frontier"):
        default = open_frontier(redis_server.url, monkeypatch)
        default.close("finished")
    assert "REDIS_UNAVAILABLE_TIMEOUT" not in caplog.text


@pytest.mark.redis
def test_an_acknowledgement_sent_again_after_its_reply_was_lost_is_named_and_counted(
        redis_server, redis_client, monkeypatch, caplog):
    # Review C, finding 6: an acknowledgement applied by Redis whose reply was lost stays
    # pending and is sent again (acknowledge_pending after a RedisError); its lease is gone, and
    # the warning said only "put back by another worker". It now names that possibility, and
    # the close gives the total. Control: acknowledgements answered the first time say nothing.
    from scrapy import Request

    worker = open_frontier(redis_server.url, monkeypatch)
    for name in "abc":
        assert worker.enqueue_request(Request(f"http://127.0.0.1:1/news/{name}"))
    taken = [worker.next_request() for _ in range(3)]
    with caplog.at_level(logging.WARNING, logger="pipelines.redis_frontier"):
        worker.acknowledge(taken[0])
        assert caplog.text == ""
        for request in taken[1:]:
            raw = worker.leases[request]
            worker.acknowledge(request)  # applied; its reply lost, the client sends it again:
            worker.unacknowledged.append(raw)
            worker.acknowledge_pending()
        worker.close("finished")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2, lines
    assert lines[0].startswith("frontier-site: 1 request(s) this worker finished were no longer in its lease set")
    assert "an acknowledgement sent again after its first reply was lost" in lines[0]
    assert lines[1].startswith("frontier-site: 2 request(s) in all that this worker finished were no longer")
    assert worker.stats.get_value("distributed/leases_put_back_by_others") == 2


@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.parametrize("queue_class", [None, "scrapy_redis.queue.FifoQueue"], ids=["priority", "fifo"])
def test_a_crawler_process_killed_mid_run_loses_none_of_its_taken_requests_for_the_same_run(
        tmp_path, redis_server, redis_client, queue_class):
    # The other process went on and the run ended without the pages the killed one had taken from
    # the shared queue (marked seen, popped): only the next run fetched them. With a list queue
    # (SCHEDULER_QUEUE_CLASS) requests were popped without a lease until 2026-12.
    articles = 40
    queue = {"SCHEDULER_QUEUE_CLASS": queue_class} if queue_class else {}
    site = build_site(tmp_path / "site", articles=articles)
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        serve_once_joined(server, site, 0.4, processes=2)
        name = site_name_for(server.base_url)
        victim = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db",
                               CONCURRENT_REQUESTS_PER_DOMAIN="3", **queue)
        survivor = start_crawler(server.base_url, redis_server.url, "crawler-b", tmp_path / "unused.db",
                                 CONCURRENT_REQUESTS_PER_DOMAIN="3", REDIS_IDLE_TIMEOUT="3", **queue)
        try:
            def victim_leases() -> list[bytes]:
                return process_leases(redis_client, name, victim)

            wait_for(lambda: pushed_articles(redis_client) >= 4
                     and sum(b"/news/" in raw for raw in victim_leases()) >= 2, 120,
                     "the first process to hold article requests")
            victim.kill()
            victim.communicate()
            taken_when_killed = len(victim_leases())
            _, log = survivor.communicate(timeout=120)
            assert survivor.returncode == 0, log[-3000:]
            finish(start_writer(database, redis_server.url, idle_timeout=0.5))
        finally:
            for process in (victim, survivor):
                if process.poll() is None:
                    process.kill()
                    process.communicate()
        requests = server.requests
    assert taken_when_killed >= 2
    assert "taken by dead worker(s)" in log
    # every article of the site stored by this run, none twice
    assert article_count(database) == articles
    stored = rows(database, "SELECT url FROM articles")
    assert len({r["url"].rstrip("/") for r in stored}) == articles
    # only what the killed process had in hand is fetched a second time
    fetched = Counter((r.path, r.user_agent) for r in requests if r.path.startswith("/news/"))
    by_path = Counter(path for path, _ in fetched)
    twice = [path for path, n in by_path.items() if n > 1]
    assert len(twice) <= taken_when_killed
    assert all(n == 1 for n in fetched.values())  # neither process fetched a page twice itself
    assert redis_client.exists(f"{name}:requests") == 0


@pytest.mark.redis
@pytest.mark.slow
def test_a_crawler_process_stalled_past_the_heartbeat_timeout_has_its_pages_fetched_again_and_stored_once(
        tmp_path, redis_server, redis_client):
    # A process stalled (a long GC pause, a stopped container: SIGSTOP here) for longer than
    # REDIS_HEARTBEAT_TIMEOUT is taken for dead and its leases go back to the queue; when it resumes
    # it finishes what it had taken and pushes those articles too: the writer stores one copy.
    articles = 24
    site = build_site(tmp_path / "site", articles=articles)
    site.write()
    database = tmp_path / "news.db"
    short = {"REDIS_HEARTBEAT_TIMEOUT": "6", "CONCURRENT_REQUESTS_PER_DOMAIN": "3"}
    story = re.compile(r"/news/2025/06/story-\d{3}")
    with FixtureServer(site.root) as server:
        serve_once_joined(server, site, 0.4, processes=2)
        name = site_name_for(server.base_url)
        stalled = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db", **short)
        other = start_crawler(server.base_url, redis_server.url, "crawler-b", tmp_path / "unused.db",
                              REDIS_IDLE_TIMEOUT="3", **short)
        try:
            def held() -> set[str]:
                """The paths of every request the stalled process holds: stories and listing pages
                (the /news/ section its stories link), each put back and fetched again alike."""
                from urllib.parse import urlsplit

                from scrapy_redis import picklecompat

                return {urlsplit(picklecompat.loads(raw)["url"]).path.rstrip("/")
                        for raw in process_leases(redis_client, name, stalled)}

            wait_for(lambda: pushed_articles(redis_client) >= 2 and sum(bool(story.fullmatch(p)) for p in held()) >= 2,
                     120, "the first process to hold article requests")
            stalled.send_signal(signal.SIGSTOP)
            held_when_stopped = held()
            wait_for(lambda: not process_leases(redis_client, name, stalled), 30,
                     "the other process to put back the stalled one's requests")
            wait_for(lambda: any(r.user_agent == "crawler-b" and r.path.rstrip("/") in held_when_stopped
                                 for r in server.requests), 30, "a page of the stalled process fetched again")
            stalled.send_signal(signal.SIGCONT)
            stalled_log = finish(stalled, timeout=120)
            other_log = finish(other, timeout=120)
            writer = start_writer(database, redis_server.url, idle_timeout=0.5)
            writer_output, writer_log = writer.communicate(timeout=120)
            assert writer.returncode == 0, writer_log[-3000:]
        finally:
            for process in (stalled, other):
                if process.poll() is None:
                    process.send_signal(signal.SIGCONT)
                    process.kill()
                    process.communicate()
        requests = server.requests
    assert "taken by dead worker(s)" in other_log
    assert "this worker finished were no longer in its lease set: put back in the shared queue by another worker" in stalled_log
    fetched = Counter((r.path.rstrip("/"), r.user_agent) for r in requests if r.path.startswith("/news/"))
    twice = {path for path, n in Counter(path for path, _ in fetched).items() if n > 1}
    assert twice and twice <= held_when_stopped  # only what the stalled process held, fetched by both
    # one copy of each article: the stalled process's late copies are stored "unchanged"
    assert article_count(database) == articles
    assert len({r["url"].rstrip("/") for r in rows(database, "SELECT url FROM articles")}) == articles
    assert rows(database, "SELECT count(*) AS n FROM duplicates")[0]["n"] == 0
    assert re.search(r"\b[1-9]\d* unchanged\b", writer_output), writer_output


@pytest.mark.redis
@pytest.mark.slow
def test_every_way_scrapy_is_done_with_a_taken_request_removes_its_lease(tmp_path, redis_server, redis_client):
    # Scrapy sends no public signal for "done with this request" in every case (none for a request a
    # downloader middleware ignores or redirects, none once a callback's items are through): the
    # engine slot's remove_request is wrapped. A case it missed would hold its lease until the
    # process leaves, which then puts the request back for another process to fetch again.
    from crawler.fixture_server import Response

    site = build_site(tmp_path / "site", articles=6)
    stored, parsed = site.stories[0], site.stories[1:]
    missing, failing, moved = "/news/2025/06/story-missing/", "/news/2025/06/story-failing/", "/news/2025/06/old/"
    forbidden = "/private/news/2025/06/story-secret/"
    site.homepage_links = [s.path for s in site.stories] + [missing, failing, moved, forbidden]
    site.write()
    with FixtureServer(site.root) as server:
        server.add_handler(failing, lambda ctx: Response(status=503, body="busy"))
        server.add_handler(moved, lambda ctx: Response(status=301, headers={"Location": parsed[0].path}))
        name = site_name_for(server.base_url)
        redis_client.hset("crawler:stored_urls", url_key(f"{server.base_url}{stored.path}"),
                          "2025-06-02T10:00:00+00:00")  # as the writer mirrors a stored article
        crawl = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db",
                              RETRY_BACKOFF_BASE="0.05", REDIS_IDLE_TIMEOUT="1")
        log = finish(crawl, timeout=120)
        paths = Counter(r.path for r in server.requests)
    # each way was taken: parsed (with and without items), ignored by a downloader middleware
    # (robots.txt; the stored check), a 404, a 503 retried then given up, a redirect. (A duplicate
    # the shared dupefilter refuses is never queued, so never leased. The stored check's second
    # look at a URL, dedup/recheck_fetched, is not asserted: whether the sitemap's entry or the
    # home page's link comes second depends on which answer comes first, and on a loaded machine
    # the second is the dupefilter's; it is one more IgnoreRequest of the same middleware.)
    assert pushed_articles(redis_client) == len(parsed)
    assert paths[stored.path] == 0 and paths[forbidden] == 0 and "'dedup/skipped_stored'" in log
    assert "'robotstxt/forbidden': 1" in log
    assert "'downloader/exception_type_count/scrapy.exceptions.IgnoreRequest'" in log
    assert paths[missing] == 1 and paths[failing] == 3 and paths[moved] == 1
    # and each lease was removed when Scrapy was done: nothing put back when the process left
    assert "had taken and not finished put back" not in log
    assert redis_client.exists(f"{name}:requests") == 0
    assert lease_owners(redis_client, name) == {}


# --- refused pages in distributed mode ----------------------------------------------------------
REFUSAL_DELAYS = (86400.0, 3 * 3600.0, 30 * 86400.0)


def test_a_refusal_report_survives_the_trip_through_redis_and_is_no_article():
    from crawler.distributed import RefusalReport, encode_refusal_report
    from crawler.refused import Refusal

    refusal = Refusal("gulf", "https://news.example/video/1", url_key("https://news.example/video/1"), "not_article",
                      "2025-06-05T10:00:00+00:00")
    report = decode_item(encode_refusal_report([refusal], ["https://news.example/a/2"]))
    assert report == RefusalReport((refusal,), ("https://news.example/a/2",))
    with pytest.raises(DistributedError, match="a report, not an article"):
        decode_article(encode_refusal_report([refusal]))
    for bad in ({"site": "gulf", "url": "ftp://x/1", "reason": "binary", "seen_at": "2025-06-05T10:00:00+00:00"},
                {"site": "gulf", "url": "https://x/1", "reason": 3, "seen_at": "2025-06-05T10:00:00+00:00"},
                {"site": "gulf", "url": "https://x/1", "reason": "binary", "seen_at": "yesterday"}):
        with pytest.raises(DistributedError):
            decode_item(json.dumps({"format": 1, "refused_pages": [bad], "accepted": []}))


@pytest.mark.redis
def test_the_writer_records_refusals_with_the_local_delay_policy_and_mirrors_them(redis_client, store):
    from crawler.distributed import encode_refusal_report, refused_from_marker
    from crawler.refused import Refusal, recheck_delay

    def refusal(n: int, reason: str, seen_at: str) -> Refusal:
        url = f"https://news.example/video/{n}"
        return Refusal("gulf", url, url_key(url), reason, seen_at)

    ingester = Ingester(store, redis_client, refusal_delays=REFUSAL_DELAYS)
    first = encode_refusal_report([refusal(1, "not_article", "2025-06-05T10:00:00+00:00"),
                                   refusal(2, "too_short", "2025-06-05T10:00:00+00:00")])
    redis_client.lpush("crawler:items", first, encode_article(article(1)))
    report = ingester.run(idle_timeout=0.2)
    assert report.refusals == 2 and report.stored["new"] == 1
    mirror = {k.decode(): refused_from_marker(v)
              for k, v in redis_client.hgetall("crawler:stored_urls:refused").items()}
    key1, key2 = url_key("https://news.example/video/1"), url_key("https://news.example/video/2")
    # the delays are crawler.refused.recheck_delay's, counted from the refusal's own time
    assert mirror == {key1: ("not_article", "2025-06-05T10:00:00+00:00", "2025-06-06T10:00:00+00:00", 1),
                      key2: ("too_short", "2025-06-05T10:00:00+00:00", "2025-06-05T13:00:00+00:00", 1)}
    assert recheck_delay("too_short", 1, first=REFUSAL_DELAYS[0], short_first=REFUSAL_DELAYS[1],
                         cap=REFUSAL_DELAYS[2]) == 3 * 3600
    # The same report replayed (a writer killed between commit and acknowledgement) counts nothing
    # twice; a later refusal doubles the wait; a page that became an article loses its row.
    redis_client.lpush("crawler:items", first, encode_refusal_report(
        [refusal(1, "not_article", "2025-06-08T10:00:00+00:00")], ["https://news.example/video/2"]))
    ingester.run(idle_timeout=0.2)
    assert rows(store.path, "SELECT url, refusals, next_look_at FROM refused_pages") == [
        {"url": "https://news.example/video/1", "refusals": 2, "next_look_at": "2025-06-10T10:00:00+00:00"}]
    assert set(redis_client.hkeys("crawler:stored_urls:refused")) == {key1.encode()}
    # rebuilt from the table at the writer's start: rows deleted since (retention) leave no entry
    store.db.execute("DELETE FROM refused_pages")
    store.db.conn.commit()
    Ingester(store, redis_client, refusal_delays=REFUSAL_DELAYS).run(idle_timeout=0.1)
    assert not redis_client.exists("crawler:stored_urls:refused")


@pytest.mark.redis
def test_a_writer_that_remembers_no_refusals_sets_their_reports_aside_silently_and_empties_the_mirror(
        redis_client, store):
    from crawler.distributed import encode_refusal_report
    from crawler.refused import Refusal

    redis_client.hset("crawler:stored_urls:refused", "stale", "[]")
    url = "https://news.example/video/1"
    redis_client.lpush("crawler:items", encode_refusal_report(
        [Refusal("gulf", url, url_key(url), "binary", "2025-06-05T10:00:00+00:00")]))
    report = Ingester(store, redis_client, refusal_delays=None).run(idle_timeout=0.2)  # REFUSED_RECHECK_AFTER = 0
    assert report.refusals == 0 and report.failed == 0
    assert rows(store.path, "SELECT count(*) AS n FROM refused_pages")[0]["n"] == 0
    assert not redis_client.exists("crawler:stored_urls:refused")
    assert redis_client.llen("crawler:items") == 0


def test_redis_url_sends_refused_pages_to_the_writer_instead_of_turning_them_off():
    settings = project_settings({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    DistributedMode().update_settings(settings)
    extensions = {getattr(k, "__name__", k): v for k, v in settings.getdict("EXTENSIONS").items()}
    assert extensions["RedisRefusedPagesExtension"] == 450
    assert "pipelines.refused.RefusedPagesExtension" not in extensions


def _refused_rows(database) -> dict[str, tuple[str, int]]:
    return {r["url"].rsplit("/", 1)[1]: (r["reason"], r["refusals"])
            for r in rows(database, "SELECT url, reason, refusals FROM refused_pages")}


@pytest.mark.redis
@pytest.mark.slow
def test_a_distributed_crawl_leaves_refused_pages_alone_until_their_next_look_as_a_local_one(
        tmp_path, redis_server, redis_client):
    # Crawler processes had no refused_pages rows to read and wrote none: every distributed run
    # fetched every video page and stub of the site again.
    import re

    from tests.test_refused_pages import _make_due, _site

    root = tmp_path / "site"
    _site(root)
    database = tmp_path / "news.db"

    def run(server) -> tuple[str, list[str]]:
        before = len(server.requests)
        log = finish(start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db", **ALONE))
        finish(start_writer(database, redis_server.url, idle_timeout=0.5))
        return log, [r.path for r in server.requests[before:]]

    def skipped(log: str) -> int:
        found = re.search(r"'dedup/skipped_refused': (\d+)", log)
        return int(found.group(1)) if found else 0

    with FixtureServer(root) as server:
        _, first = run(server)
        videos = {f"video-clip-{i}": ("too_short", 1) for i in range(4)}
        assert _refused_rows(database) == videos
        assert redis_client.hlen("crawler:stored_urls:refused") == 4
        # Nothing new: the refused pages are not fetched again; the articles stay stored.
        quiet, paths = run(server)
        assert skipped(quiet) == 4, quiet[-3000:]
        assert [p for p in paths if "video-clip" in p] == []
        assert _refused_rows(database) == videos
        # Their next look has come (the writer mirrors the table at its start): fetched, refused
        # again, the next wait twice as long.
        _make_due(database)
        finish(start_writer(database, redis_server.url, idle_timeout=0.1))
        due, paths = run(server)
        assert skipped(due) == 0 and len([p for p in paths if "video-clip" in p]) == 4
        assert _refused_rows(database) == {k: ("too_short", 2) for k in videos}
        # Control: a stub that grew into an article, its sitemap lastmod newer, is fetched before its
        # next look and stored, and its row dropped.
        _site(root, grown=True)
        run(server)
    assert "video-clip-0" not in _refused_rows(database)
    assert rows(database, "SELECT COUNT(*) AS n FROM articles WHERE url LIKE '%video-clip-0'")[0]["n"] == 1
    assert rows(database, "SELECT COUNT(*) AS n FROM articles WHERE url LIKE '%long-story-%'")[0]["n"] == 6
    assert not redis_client.hexists("crawler:stored_urls:refused",
                                    url_key(f"{server.base_url}/news/2025/06/01/video-clip-0"))


@pytest.mark.redis
@pytest.mark.slow
def test_a_run_whose_redis_lost_its_data_is_reseeded_and_fetches_no_stored_article_again(
        tmp_path, redis_server, redis_client):
    # FLUSHALL (or a restart without persistence) under a running crawl: the queue, the dupefilter
    # and the items in transit were gone, the run ended "finished" without the rest of the site.
    articles = 30
    site = build_site(tmp_path / "site", articles=articles)
    site.write()
    database = tmp_path / "news.db"
    with FixtureServer(site.root) as server:
        serve_slowly(server, site, 0.3)
        writer = start_writer(database, redis_server.url, idle_timeout=600)
        crawler = start_crawler(server.base_url, redis_server.url, "crawler-a", tmp_path / "unused.db",
                                CONCURRENT_REQUESTS_PER_DOMAIN="2")
        try:
            wait_for(lambda: article_count(database) >= 8, 60, "the first stored articles")
            redis_client.flushall()
            flushed_at = len(server.requests)
            stored_before = {r["url"].removeprefix(server.base_url).rstrip("/")
                             for r in rows(database, "SELECT url FROM articles")}
            _, log = crawler.communicate(timeout=180)
            assert crawler.returncode == 0, log[-3000:]
            wait_for(lambda: redis_client.llen("crawler:items") == redis_client.llen("crawler:items:processing") == 0,
                     60, "the writer to store every item")
            writer.send_signal(signal.SIGTERM)
            _, writer_log = writer.communicate(timeout=60)
            assert writer.returncode == 0, writer_log[-3000:]
        finally:
            for process in (crawler, writer):
                if process.poll() is None:
                    process.kill()
                    process.communicate()
        after = [r.path.rstrip("/") for r in server.requests[flushed_at:]]
    assert "Redis lost the run's data" in log and "run re-seeded after Redis lost its data" in log
    assert "/sitemap.xml" in after  # discovery started again
    assert article_count(database) == articles  # the whole site, in the same run
    # what the writer had stored before the loss was left alone (the rebuilt stored-URL hash)
    assert [p for p in after if p in stored_before] == []


@pytest.mark.redis
def test_a_full_redis_refuses_a_lease_without_losing_the_request(frontier, redis_client):
    from scrapy import Request

    assert frontier.enqueue_request(Request("http://127.0.0.1:1/a"))
    with redis_full(redis_client):
        assert frontier.next_request() is None  # refused: an outage, the request stays queued
        assert redis_client.zcard("frontier-site:requests") == 1
    taken = frontier.next_request()
    assert taken.url == "http://127.0.0.1:1/a"
    frontier.acknowledge(taken)


def test_a_stored_article_check_decided_by_the_scheduling_process_is_counted_once(redis_server, redis_client):
    # Review 1, finding 4: in a distributed crawl the spider of one process decides on an article
    # request before scheduling it (NewsSpider._skipped_before_download: a stored page whose
    # sitemap lastmod is newer, "dedup/refetch_newer"), and the request goes to the shared queue;
    # the process that pops and downloads it had not decided it, so it decided, and counted,
    # again: the run's dedup/* figures grew with the number of processes. The decision now
    # travels in the request's meta, through the queue's serialization.
    from scrapy import Request, Spider
    from scrapy.exceptions import IgnoreRequest
    from scrapy.utils.request import request_from_dict
    from scrapy.utils.test import get_crawler
    from scrapy_redis import picklecompat

    from pipelines.redis_frontier import SharedSkipStoredMiddleware

    class Site(Spider):
        name = "gulf"

    def process():
        crawler = get_crawler(Site, {"REDIS_URL": redis_server.url, "REDIS_STORED_URLS_KEY": "crawler:stored_urls",
                                     "DEDUP_SKIP_STORED": True, "CRAWL_RECRAWL": False})
        crawler.spider = Site()
        return crawler, SharedSkipStoredMiddleware.from_crawler(crawler)

    updated, stored = "https://gulf.example/news/2025/06/02/port-reopens", "https://gulf.example/news/2025/06/01/rates"
    redis_client.hset("crawler:stored_urls", url_key(updated), "2025-06-01T08:00:00+00:00")
    redis_client.hset("crawler:stored_urls", url_key(stored), "2025-06-01T08:00:00+00:00")
    (scheduler, at_scheduling), (downloader, at_download) = process(), process()
    request = Request(updated, meta={"article_candidate": True, "sitemap_entry": {"lastmod": "2025-06-02T09:00:00+00:00"}})
    assert at_scheduling.process_request(request) is None  # let through, counted
    popped = request_from_dict(picklecompat.loads(picklecompat.dumps(request.to_dict())))  # scrapy_redis.queue
    assert at_download.process_request(popped) is None
    counted = [crawler.stats.get_value("dedup/refetch_newer", 0) for crawler in (scheduler, downloader)]
    assert counted == [1, 0]
    # Control: a redirect of that request (its meta, the decision's mark included, goes along)
    # names another URL, which is decided (and counted) anew: here a stored article, not fetched again.
    redirected = popped.replace(url=stored, meta={**popped.meta, "sitemap_entry": {}})
    assert redirected.meta["stored_check_done"] == url_key(updated)
    with pytest.raises(IgnoreRequest, match="already stored"):
        at_download.process_request(redirected)
    assert downloader.stats.get_value("dedup/skipped_stored") == 1
    # nor does a lastmod recheck of the URL pass on the scheduling process's word
    recheck = popped.replace(meta={**popped.meta, "lastmod_recheck": True})
    assert at_download.process_request(recheck) is None
    assert downloader.stats.get_value("dedup/refetch_newer") == 1


def serve_once_both_ask(server: FixtureServer, site: SiteBuilder, delay: float, wait: float = 30) -> set[str]:
    """Every article of ``site`` answered after ``delay``, and none before two crawler processes
    (told apart by their User-Agent) have each asked for one, or ``wait`` seconds have passed; the
    User-Agents that asked for an article are returned (filled as they ask)."""
    import threading

    asking: set[str] = set()
    lock = threading.Lock()
    joined = threading.Event()
    deadline = time.monotonic() + wait

    def slow(ctx):
        with lock:
            asking.add(ctx.headers.get("User-Agent", ""))
            if len(asking) >= 2:
                joined.set()
        joined.wait(max(0.0, deadline - time.monotonic()))
        return dataclasses.replace(ctx.default_response(), delay=delay)

    for story in site.stories:
        server.add_handler(story.path, slow)
        server.add_handler(story.path.rstrip("/"), slow)
    return asking


@pytest.mark.redis
@pytest.mark.slow
def test_every_crawler_process_of_the_run_crawls_the_domain_the_start_page_moved_to(tmp_path, redis_server):
    # An ad-hoc distributed crawl of old/ whose start page answers 301 to new/ (a domain move):
    # only the process that followed the redirect took new as one of the site's domains; the
    # others dropped the new host's queued requests as off-site ("dropped_from_queue/off_domain"),
    # or refused the redirect itself, and those articles were lost for the run.
    site = build_site(tmp_path / "site", articles=60)
    site.homepage_links = [s.path for s in site.stories]  # all of them one link from the start page
    site.write()
    (tmp_path / "empty").mkdir()
    database = tmp_path / "news.db"
    crawler_database = tmp_path / "crawler-machine" / "unused.db"
    with FixtureServer(site.root) as new, FixtureServer(tmp_path / "empty") as old:
        old.add_handler("/", lambda ctx: Response(301, {"Location": new.url("/")}))
        asking = serve_once_both_ask(new, site, 0.1, wait=20)
        # each log to a file: two processes logging INFO to pipes read one after the other block
        crawlers = [start_crawler(old.base_url, redis_server.url, name, crawler_database,
                                  CRAWL_GUESS_SITEMAPS="False", LOG_LEVEL="INFO", LOG_FILE=str(tmp_path / name))
                    for name in ("crawler-a", "crawler-b")]
        try:
            for process in crawlers:
                finish(process, timeout=120)
            logs = [(tmp_path / name).read_text(encoding="utf-8") for name in ("crawler-a", "crawler-b")]
        finally:
            for process in crawlers:
                if process.poll() is None:
                    process.kill()
        finish(start_writer(database, redis_server.url, idle_timeout=0.5))
        new_requests = list(new.requests)
    stored = {r["url"].rstrip("/") for r in rows(database, "SELECT url FROM articles")}
    assert stored == {new.url(s.path).rstrip("/") for s in site.stories}
    assert asking == {"crawler-a", "crawler-b"}, "both processes fetched articles on the new domain"
    fetched = Counter(r.path for r in new_requests if r.path != "/robots.txt")
    assert [path for path, n in fetched.items() if n > 1] == []
    for log in logs:
        assert "dropped_from_queue/off_domain" not in log
        assert "refused off-site request" not in log
    # the move is said once, by the process that followed the redirect; the other says it took it
    assert sum(log.count("redirects to another domain") for log in logs) == 1
    assert sum(log.count("moved to another domain in this run") for log in logs) == 1


@pytest.mark.redis
@pytest.mark.parametrize(("adhoc", "url", "kept"), [
    (True, "https://new.example/news/a-story", True),
    # controls: a host the start page did not move to; a configured profile, which never moves
    (True, "https://elsewhere.example/news/a-story", False),
    (False, "https://new.example/news/a-story", False),
])
def test_a_queued_request_on_the_domain_the_runs_start_page_moved_to_is_kept_by_every_process(
        frontier, redis_client, adhoc, url, kept):
    import dataclasses as dc

    from scrapy import Request

    from crawler.sites import adhoc_profile

    profile = adhoc_profile("https://old.example/", name="frontier_site")
    frontier.spider.profile = profile if adhoc else dc.replace(profile, adhoc=False)
    # published by another process of the run, which followed the start page's 301
    redis_client.sadd("frontier-site:moved_domains", "new.example")
    assert frontier.enqueue_request(Request(url))
    taken = frontier.next_request()
    assert (taken is not None and taken.url == url) is kept
    assert ("new.example" in frontier.spider.profile.domains) is adhoc
    dropped = frontier.stats.get_value("discovery/dropped_from_queue/off_domain")
    assert dropped == (None if kept else 1)


@pytest.mark.redis
def test_a_new_run_forgets_the_domains_an_earlier_runs_start_page_moved_to(redis_server, redis_client, monkeypatch):
    redis_client.sadd("frontier-site:moved_domains", "new.example")
    scheduler = open_frontier(redis_server.url, monkeypatch)
    try:
        assert redis_client.exists("frontier-site:moved_domains") == 0
    finally:
        scheduler.close("finished")


@pytest.mark.redis
def test_the_process_that_follows_the_start_pages_move_publishes_it_for_the_run(frontier, redis_client):
    from scrapy import Request

    from pipelines.middlewares import START_REDIRECT_ADDED_META, start_page_moved

    frontier.crawler.signals.send_catch_log(start_page_moved, hosts=("new.example",))
    assert redis_client.smembers("frontier-site:moved_domains") == {b"new.example"}
    # the chain's next hop stays in this process, not in the shared queue another would take it from
    hop = Request("https://new.example/", meta={"start_page": True, START_REDIRECT_ADDED_META: ("new.example",)})
    assert frontier.enqueue_request(hop)
    assert redis_client.zcard("frontier-site:requests") == 0
    assert frontier.has_pending_requests()
    assert frontier.next_request() is hop
