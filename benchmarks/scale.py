"""Does a crawl stay flat over 100,000 URLs? Memory and per-page cost at scale (issue 7).

Usage::

    python benchmarks/scale.py [--pages 100000]

A generated site (no files: a handler builds each page from its number) of ``--pages`` small
article pages (about 300 words, Arabic and English, a few related links) listed in two
sitemaps, served by a threaded Python server in its own process on 127.0.0.1. The product's
full crawl (``scrapy crawl site``, extraction pool, dedup, SQLite in batches) runs with a
request budget above the page count. The server logs when each article was requested; the
benchmark reports the article rate over the first and last 10% of articles and the peak RSS
of the crawl's process tree (crawl process, forkserver, workers), sampled from ``/proc``.

Targets: last-10% rate within 20% of the first-10% rate; peak RSS < 500 MB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawl import run_crawl
from newssite import SENTENCES, TITLES, free_port

SITEMAP_SIZE = 50_000


def article_path(i: int) -> str:
    return f"/en/news/2025/06/{1 + i % 28:02d}/item-{i}" if i % 2 == 0 else f"/ar/news/{200000 + i}/خبر-{i}"


def page(i: int, n: int) -> bytes:
    rng = random.Random(i)
    lang = "en" if i % 2 == 0 else "ar"
    body = "".join(f"<p>{' '.join(rng.sample(SENTENCES[lang], 3))} ({i}.{p})</p>" for p in range(5))
    related = "".join(f'<li><a href="{article_path((i + k * 977) % n)}">more</a></li>' for k in range(1, 4))
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{TITLES[lang][i % 12]} {i}'
            f'</title><meta property="article:published_time" content="2025-06-{1 + i % 28:02d}T10:00:00+03:00">'
            f'</head><body><nav><a href="/">Home</a></nav><article><h1>{TITLES[lang][i % 12]} {i}</h1>{body}'
            f"</article><ul>{related}</ul><footer>© 2025</footer></body></html>").encode()


def serve(port: int, n: int, ready) -> None:
    from urllib.parse import unquote

    times: list[float] = []
    paths = {article_path(i): i for i in range(n)}
    base = f"http://127.0.0.1:{port}"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            path = unquote(self.path)
            kind = "text/html; charset=utf-8"
            if path == "/robots.txt":
                body, kind = f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n".encode(), "text/plain"
            elif path == "/sitemap_index.xml":
                body = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        + "".join(f"<sitemap><loc>{base}/sitemap-{k}.xml</loc></sitemap>"
                                  for k in range(0, n, SITEMAP_SIZE)) + "</sitemapindex>").encode()
                kind = "application/xml"
            elif path.startswith("/sitemap-"):
                start = int(path[len("/sitemap-"):-4])
                body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        + "".join(f"<url><loc>{base}{article_path(i)}</loc></url>"
                                  for i in range(start, min(n, start + SITEMAP_SIZE))) + "</urlset>").encode()
                kind = "application/xml"
            elif path == "/__times":
                body, kind = json.dumps(times).encode(), "application/json"
            elif path in paths:
                times.append(time.monotonic())
                body = page(paths[path], n)
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    ready.set()
    server.serve_forever()


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 and times[-1] > times[0] else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    options = parser.parse_args(argv)
    n = options.pages
    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, n, ready), daemon=True)
    server.start()
    ready.wait(30)
    work = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    try:
        run = run_crawl(["crawl", "site", "-a", f"url=http://127.0.0.1:{port}/"],
                        {"DATABASE": work / "scale.db", "AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO",
                         "CRAWL_MAX_REQUESTS": n * 2 + 100, "DEPTH_LIMIT": 0}, work / "scale.log")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__times") as response:
            times = sorted(json.load(response))
    finally:
        server.terminate()
    tenth = max(2, len(times) // 10)
    first, last = rate(times[:tenth]), rate(times[-tenth:])
    stats = run.stats
    print(f"pages requested {len(times)}, extracted {stats.get('pages/extracted', 0)}, "
          f"new {stats.get('articles/new', 0)}, duplicates "
          f"{sum(v for k, v in stats.items() if k.startswith('articles/duplicate/'))}, in {run.elapsed:.0f} s")
    print(f"first 10%: {first:.0f} pages/s   last 10%: {last:.0f} pages/s   last/first = {last / first:.2f} "
          f"(target >= 0.80)")
    print(f"peak memory of the crawl's process tree: PSS {run.peak_pss / 2**20:.0f} MB (target < 500 MB; "
          f"shared pages counted once), RSS summed {run.peak_rss / 2**20:.0f} MB; "
          f"crawl process alone (Scrapy memusage/max): {stats.get('memusage/max', 0) / 2**20:.0f} MB")
    print(f"README: | {n:,} URLs | {first:.0f} | {last:.0f} | {last / first:.2f} | "
          f"{run.peak_pss / 2**20:.0f} MB PSS ({run.peak_rss / 2**20:.0f} MB RSS summed) |")


if __name__ == "__main__":
    main()
