"""Shared fixtures: the sample site on a loopback server, and real crawls in subprocesses.

Crawls run as real ``scrapy crawl`` processes (Twisted's reactor cannot be restarted inside
the test process), against servers on 127.0.0.1 that the tests start themselves.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.fixture_server import FixtureServer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_SITE = PROJECT_ROOT / "crawler" / "demo_site"

# Loopback servers need no politeness delay; keep crawls fast and deterministic.
FAST_CRAWL = {
    "AUTOTHROTTLE_START_DELAY": "0.01",
    "AUTOTHROTTLE_MAX_DELAY": "0.2",
    "LOG_LEVEL": "INFO",
}


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    return json.loads((DEMO_SITE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_server():
    with FixtureServer(DEMO_SITE) as server:
        yield server


def run_scrapy(args: list[str], *, settings: dict | None = None, env: dict | None = None,
               timeout: float = 180) -> subprocess.CompletedProcess:
    """Run ``scrapy <args>`` in the project directory with ``-s`` overrides."""
    command = [sys.executable, "-m", "scrapy", *args]
    for key, value in {**FAST_CRAWL, **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def crawl_site(url: str, database: Path, **settings) -> subprocess.CompletedProcess:
    """``scrapy crawl site -a url=URL -s DATABASE=...``; fails the test if scrapy fails."""
    result = run_scrapy(["crawl", "site", "-a", f"url={url}"],
                        settings={"DATABASE": str(database), **settings})
    assert result.returncode == 0, result.stderr[-4000:]
    return result


def rows(database: Path, sql: str, params=()) -> list[dict]:
    conn = sqlite3.connect(database)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def crawl_stats(result: subprocess.CompletedProcess) -> dict:
    """The 'Dumping Scrapy stats' dict from a crawl's log."""
    import ast
    import re

    match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n(?=\d{4}-|\Z)", result.stderr, re.S)
    assert match, result.stderr[-2000:]
    text = re.sub(r"datetime\.datetime\([^)]*\)", "None", match.group(1))
    return ast.literal_eval(text)
