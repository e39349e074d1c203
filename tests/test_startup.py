"""What a process of the crawler does before its first request: start-up CPU.

Specification: every ``scrapy crawl <site>`` and ``crawler crawl`` pays its start-up before it
fetches anything, and the test suite pays it in every crawl subprocess. ``crawler --help`` (and
the argument parsing of every ``crawler`` command) imports none of Scrapy, numpy, sqlite-utils or
the extractor. A crawl process imports Scrapy's TLS modules (whose deprecated aliases walk the
call stack over every loaded module) before the spider's modules, and runs start-up with the
crawl's garbage-collector thresholds; it never imports the extractor, datasketch or, without
``REDIS_URL``, redis. What it stores is the same.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import FAST_CRAWL, PROJECT_ROOT, crawl_stats, rows, run_scrapy

RECORDING = {"STATS_CLASS": "tests.recording_components.StartUpRecordingStats"}

# Modules the `crawler` command's argument parsing must not import: each is 0.05-0.5 s of CPU.
HEAVY_MODULES = ("scrapy", "twisted", "numpy", "sqlite_utils", "datasketch", "trafilatura", "lxml", "redis",
                 "crawler.dedup", "crawler.dates")


def imported_by(code: str) -> list[str]:
    """The modules of :data:`HEAVY_MODULES` that ``code``, run in a fresh interpreter in the
    project directory, left imported."""
    script = (f"{code}\nimport sys, json\n"
              f"print(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_crawler_help_imports_neither_scrapy_nor_numpy_nor_the_extractor():
    # `crawler search` folded queries with crawler.spellings, imported with the command's module:
    # crawler.dedup, and with it numpy and sqlite-utils (0.2 s of the 0.37 s of `crawler --help`).
    code = ("import contextlib, io\nfrom crawler.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    main(['--help'])")
    assert imported_by(code) == []


def test_every_command_parses_its_arguments_without_heavy_imports():
    code = ("from crawler.cli import build_parser\nparser = build_parser()\n"
            "for argv in (['crawl', '--all'], ['stats'], ['export'], ['search', 'x'], ['check'],\n"
            "             ['restore-copy', '7'], ['extract', 'x.html'], ['demo'], ['ingest']):\n"
            "    parser.parse_args(argv)")
    assert imported_by(code) == []


def test_the_query_folding_of_search_needs_no_numpy():
    # Control: the query is still searched in every spelling (crawler.spellings, imported when
    # the query is built).
    code = ("from crawler.commands.search import fts_query\n"
            "assert fts_query('الأردن') == '(\"الأردن\" OR \"الاردن\" OR \"اردن\")', fts_query('الأردن')")
    assert imported_by(code) == ["crawler.dedup", "crawler.dates"]


def test_signatures_are_made_and_compared_with_numpy_imported_on_first_use():
    # Control: the module alone no longer imports numpy; its signatures are what they were.
    code = ("import crawler.dedup as d\nimport sys\nassert 'numpy' not in sys.modules\n"
            "a = d.minhash_signature('one two three four five six seven eight nine ten')\n"
            "assert len(a) == 512 and d.estimate_similarity(a, a) == 1.0\n"
            "assert d.estimate_similarity(d.minhash_signature(''), a) == 0.0")
    assert "numpy" in imported_by(code)


def test_the_crawl_command_module_imports_scrapys_tls_modules_before_the_engine():
    # `crawler crawl` imports crawler.runner first: the TLS modules' stack walks then see ~150
    # modules, not the ~1,000 loaded when the engine built the downloader.
    code = ("import sys\nimport crawler.runner\norder = list(sys.modules)\n"
            "print(order.index('scrapy.core.downloader.contextfactory') < order.index('scrapy.core.engine'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True"]


def crawler_crawl(server, database, *settings: str) -> subprocess.CompletedProcess:
    fast = [a for key, value in FAST_CRAWL.items() for a in ("-s", f"{key}={value}")]
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "crawl", "--url", f"{server.base_url}/", "--timezone", "Asia/Amman",
         "--db", str(database), *fast, *settings],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-4000:]
    return done


def scrapy_crawl(server, database, *settings: str) -> subprocess.CompletedProcess:
    extra = dict(setting.split("=", 1) for setting in settings[1::2])
    done = run_scrapy(["crawl", "site", "-a", f"url={server.base_url}/", "-a", "timezone=Asia/Amman"],
                      settings={"DATABASE": str(database), **extra})
    assert done.returncode == 0, done.stderr[-4000:]
    return done


@pytest.mark.parametrize("crawl", [scrapy_crawl, crawler_crawl], ids=["scrapy crawl", "crawler crawl"])
def test_a_crawl_process_starts_with_its_gc_thresholds_and_scrapys_tls_modules_first(
        crawl, demo_server, demo_expected, tmp_path):
    database = tmp_path / "news.db"
    stats = crawl_stats(crawl(demo_server, database, "-s", f"STATS_CLASS={RECORDING['STATS_CLASS']}"))
    # GC_THRESHOLDS (10000, ...) from the command's start: Python's 700 made start-up ~230 young and
    # two or three full collections.
    assert stats["test/start_up/gc_threshold0"] == 10000
    # Imported before the spider's modules, so their inspect.stack() walks fewer modules and frames.
    assert {key: value for key, value in stats.items() if key.startswith("test/start_up/tls_before/")} == {
        "test/start_up/tls_before/spiders.news": True,
        "test/start_up/tls_before/pipelines.store": True,
        "test/start_up/tls_before/crawler.storage": True,
    }
    # Never imported by the crawl process: the workers extract, no Redis without REDIS_URL.
    assert {key: value for key, value in stats.items() if key.startswith("test/start_up/imported/")} == {
        "test/start_up/imported/trafilatura": False,
        "test/start_up/imported/datasketch": False,
        "test/start_up/imported/redis": False,
    }
    # Control: the crawl is the same crawl.
    assert stats["articles/new"] == len(demo_expected["articles"])
    assert len(rows(database, "SELECT id FROM articles")) == len(demo_expected["articles"])


def test_an_empty_gc_thresholds_setting_keeps_pythons_collector_during_start_up(demo_server, tmp_path):
    # Control: "empty: Python's defaults" holds from the start too.
    stats = crawl_stats(scrapy_crawl(demo_server, tmp_path / "news.db", "-s", "GC_THRESHOLDS=",
                                     "-s", f"STATS_CLASS={RECORDING['STATS_CLASS']}"))
    assert stats["test/start_up/gc_threshold0"] == 700
