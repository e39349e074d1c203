"""Benchmark: articles per second with 1, 2 and 4 crawler processes sharing one Redis frontier.

Run on demand (needs ``redis-server`` on PATH)::

    .venv/bin/python benchmarks/distributed.py [--articles 400] [--latency 0.2] [--processes 1,2,4]

For each process count: a fresh ``redis-server`` on 127.0.0.1, a generated site of
``--articles`` small articles (the test suite's ``tests/test_distributed.py`` site) served by
``FixtureServer`` with every article answered after ``--latency`` seconds, one
``crawler ingest`` writer, and N ``scrapy crawl site -a url=... -s REDIS_URL=...`` processes,
each with ``--concurrency`` parallel requests to the site (AutoThrottle off). The latency and
the per-process concurrency make the fetch side the limit, as on real news sites, rather than
this machine's CPUs.

Figures per run:
- ``fetch/s``: articles fetched per second, from the first to the last article request the
  server logged;
- ``stored/s``: articles per second from the first request the server logged to the moment the
  writer had committed all of them (the end-to-end figure);
- the ratio of each to the one-process run.
Process start-up (Python, Scrapy, the extraction pool) is outside both windows.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.fixture_server import FixtureServer
from crawler.redis_server import RedisServer, redis_server_binary
from tests.test_distributed import (
    article_count,
    build_site,
    serve_slowly,
    start_crawler,
    start_writer,
)


def run_once(workdir: Path, site, processes: int, latency: float, concurrency: int) -> dict:
    database = workdir / "news.db"
    articles = len(site.stories)
    with RedisServer(workdir / "redis") as redis, FixtureServer(site.root) as server:
        serve_slowly(server, site, latency)
        writer = start_writer(database, redis.url, idle_timeout=600)
        crawlers = [start_crawler(server.base_url, redis.url, f"bench-{i}", workdir / "none.db",
                                  CONCURRENT_REQUESTS_PER_DOMAIN=str(concurrency),
                                  CONCURRENT_REQUESTS=str(concurrency),
                                  REDIS_IDLE_TIMEOUT="1", LOG_LEVEL="WARNING")
                    for i in range(processes)]
        crawlers_done_at = None
        while article_count(database) < articles:
            if crawlers_done_at is None and all(c.poll() is not None for c in crawlers):
                crawlers_done_at = time.monotonic()
            if crawlers_done_at is not None and time.monotonic() - crawlers_done_at > 30:
                break  # some articles were never stored: reported as stored < articles
            time.sleep(0.02)
        stored_at = time.time()
        stored = article_count(database)
        for crawler in crawlers:
            crawler.wait(timeout=120)
        writer.send_signal(signal.SIGTERM)
        writer.communicate(timeout=60)
        records = server.requests
    article_times = sorted(r.time for r in records if "/news/" in r.path)
    first = min(r.time for r in records)
    fetch_span = article_times[-1] - article_times[0]
    per_process = {}
    for record in records:
        if "/news/" in record.path:
            per_process[record.user_agent] = per_process.get(record.user_agent, 0) + 1
    return {
        "processes": processes,
        "stored": stored,
        "fetched": len(article_times),
        "fetch_rate": len(article_times) / fetch_span if fetch_span else float("nan"),
        "stored_rate": stored / (stored_at - first),
        "split": sorted(per_process.values(), reverse=True),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--latency", type=float, default=0.2, help="seconds per article response")
    parser.add_argument("--concurrency", type=int, default=2, help="parallel requests per process")
    parser.add_argument("--processes", default="1,2,4", help="comma-separated process counts")
    args = parser.parse_args(argv)
    if redis_server_binary() is None:
        print("Error: redis-server is not on PATH", file=sys.stderr)
        return 2
    counts = [int(n) for n in args.processes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        site = build_site(Path(tmp) / "site", articles=args.articles)
        site.write()
        for n in counts:
            workdir = Path(tmp) / f"run-{n}"
            result = run_once(workdir, site, n, args.latency, args.concurrency)
            results.append(result)
            shutil.rmtree(workdir, ignore_errors=True)
            print(f"{n} process(es): {result['stored']}/{args.articles} stored, "
                  f"{result['fetch_rate']:.1f} fetch/s, {result['stored_rate']:.1f} stored/s, "
                  f"articles per process {result['split']}", flush=True)
    base = results[0]
    print(f"\n{args.articles} articles, {args.latency * 1000:.0f} ms per article response, "
          f"{args.concurrency} requests in flight per process")
    print("| processes | fetch articles/s | ratio | stored articles/s (end to end) | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['processes']} | {r['fetch_rate']:.1f} | {r['fetch_rate'] / base['fetch_rate']:.2f} "
              f"| {r['stored_rate']:.1f} | {r['stored_rate'] / base['stored_rate']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
