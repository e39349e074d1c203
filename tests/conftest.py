"""Shared fixtures: the sample site on a loopback server, and real crawls in subprocesses.

Crawls run as real ``scrapy crawl`` processes (Twisted's reactor cannot be restarted inside
the test process), against servers on 127.0.0.1 that the tests start themselves.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.fixture_server import FixtureServer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_SITE = PROJECT_ROOT / "crawler" / "demo_site"

# Loopback servers need no politeness delay; keep crawls fast and deterministic. A retry (a 5xx,
# a timeout, a reset) waits 0.05 s, 0.1 s instead of 1 s, 2 s: the tests of the backoff itself
# give RETRY_BACKOFF_BASE their own value.
FAST_CRAWL = {
    "AUTOTHROTTLE_START_DELAY": "0.01",
    "AUTOTHROTTLE_MAX_DELAY": "0.2",
    "RETRY_BACKOFF_BASE": "0.05",
    "LOG_LEVEL": "INFO",
}


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    return json.loads((DEMO_SITE / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_server():
    with FixtureServer(DEMO_SITE) as server:
        yield server


def scrapy_command(args: list[str], settings: dict | None = None) -> list[str]:
    """``scrapy <args>`` with ``-s`` overrides of :data:`FAST_CRAWL` and ``settings``."""
    command = [sys.executable, "-m", "scrapy", *args]
    for key, value in {**FAST_CRAWL, **(settings or {})}.items():
        command += ["-s", f"{key}={value}"]
    return command


def run_scrapy(args: list[str], *, settings: dict | None = None, env: dict | None = None,
               timeout: float = 180) -> subprocess.CompletedProcess:
    """Run ``scrapy <args>`` in the project directory with ``-s`` overrides."""
    return subprocess.run(scrapy_command(args, settings), cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def start_scrapy(args: list[str], *, settings: dict | None = None, env: dict | None = None,
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> subprocess.Popen:
    """Start ``scrapy <args>`` as :func:`run_scrapy` runs it, for a test that signals it or
    watches it while it runs."""
    return subprocess.Popen(scrapy_command(args, settings), cwd=PROJECT_ROOT, stdout=stdout, stderr=stderr,
                            text=True, env={**os.environ, **(env or {})})


class StreamLines:
    """The lines a running process writes to one of its pipes (``start_scrapy``'s stderr: the
    crawl's log), read in a thread as they come, so that a test waits for what the process says
    instead of sleeping a fixed time."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self.closed = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._reader.start()

    def _read(self, stream) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_for(self, condition: Callable[[str], bool], timeout: float) -> bool:
        """Whether ``condition(text so far)`` came true within ``timeout`` seconds; checked at
        each new line and every 50 ms (the condition may look at other things too). False at
        once when the stream has ended without it."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not condition("".join(self.lines)):
                if self.closed or time.monotonic() > deadline:
                    return condition("".join(self.lines))
                self._changed.wait(0.05)
        return True

    def text(self, timeout: float = 60) -> str:
        """Everything the process wrote, once the stream has ended (the process exited)."""
        self._reader.join(timeout)
        assert self.closed, "the stream did not end"
        return "".join(self.lines)


def crawl_site(url: str, database: Path, *, exit_code: int = 0, **settings) -> subprocess.CompletedProcess:
    """``scrapy crawl site -a url=URL -s DATABASE=...``; fails the test unless scrapy exits with
    ``exit_code`` (1: the site failed, e.g. not one page fetched)."""
    result = run_scrapy(["crawl", "site", "-a", f"url={url}"],
                        settings={"DATABASE": str(database), **settings})
    assert result.returncode == exit_code, result.stderr[-4000:]
    return result


@contextlib.contextmanager
def tiny_tmpfs(mount_point: Path, size: str):
    """A real full disk to write to: a tmpfs of ``size`` mounted at ``mount_point`` (needs
    root and mount rights; the test is skipped elsewhere), unmounted afterwards."""
    mount_point.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                             check=False, capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False, capture_output=True)


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
