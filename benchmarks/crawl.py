"""Crawl throughput, measured side by side in one run (issue 7).

Usage::

    python benchmarks/crawl.py [--pages 2000] [--rounds 1] [--no-nginx] [--no-inline] [--keep DIR]

Generates a local news site of ``--pages`` article pages of about 90 KB (Arabic and English,
with chrome, sitemaps and a feed: ``benchmarks/newssite.py``), serves it on 127.0.0.1 (nginx
when installed, else the Python FixtureServer; the output names which), then measures:

(a) raw Scrapy fetch rate: a bare spider (this file's ``BareSpider``) requests every article
    URL and does nothing with the response;
(b) single-process extraction rate of this product's per-page work
    (``crawler.processing.analyse_page``: extraction, dates, canonical, hash, MinHash) over
    the same pages read from disk;
(c) the product's full crawl (``scrapy crawl site``: robots -> sitemaps/feed -> pages ->
    extraction pool -> dedup -> SQLite in batches): article pages/s, CPU utilisation and peak
    RSS of the whole process tree (crawl process, forkserver and workers);
(d) unless ``--no-inline``: the same crawl with extraction inline and one write per article
    (``EXTRACT_WORKERS=0``, ``STORE_BATCH_SIZE=1``), the design this replaces.

On a shared machine the CPU cost of the same work drifts by 15% and more within minutes, so a
(b) measured a minute before (c) can be off by that much. Each round therefore brackets (c):
(a) and (b) run before it and again after it ((b) on one half of the pages each time), and the
ratios use their means. ``--rounds N`` repeats the round N times and reports the median of each
ratio with its range.

CPU and RSS come from ``/proc`` (psutil is not a dependency), sampled every 0.1 s for every
process of the crawl's tree (PSS every second: reading it is costly), from "Spider opened" to
the end. The CPU limit of a crawl is
``cores / (CPU per page of (a) + CPU per page of (b))``; the target is (c) >= 0.85 x that.
Politeness is off for all crawls (loopback): ``AUTOTHROTTLE_ENABLED=False``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import scrapy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# (a) is Scrapy itself: none of the project's components.
BARE = {name: "{}" for name in ("ITEM_PIPELINES", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES",
                                "EXTENSIONS", "ADDONS")}


class BareSpider(scrapy.Spider):
    """(a): fetch every URL of ``-a urls_file=...``; no parsing, no items."""

    name = "bare"

    async def start(self):
        for url in Path(self.urls_file).read_text().split():
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response):
        return None


# -- process-tree accounting from /proc ------------------------------------------------------------
# The sampler shares the machine with the crawl it measures, so it must cost next to nothing:
# walking all of /proc for the tree and reading smaps_rollup (PSS: the kernel walks the page
# tables) for every process ten times a second took 20 ms of CPU per tick, a fifth of a core,
# a tenth of the 2-core reference machine taken from the crawl being timed.

PSS_INTERVAL = 1.0  # seconds between PSS readings; memory changes slowly, CPU is cumulative


# Kernels built without CONFIG_PROC_CHILDREN have no per-thread children lists.
_CHILDREN_LISTS = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists()


def _children(pid: int) -> list[int]:
    """Children of ``pid``, from each of its threads' ``children`` list (a process started from a
    helper thread, like the forkserver, is listed under that thread)."""
    found: list[int] = []
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for thread in threads:
        try:
            found += [int(child) for child in Path(f"/proc/{pid}/task/{thread}/children").read_text().split()]
        except OSError:
            continue
    return found


def _children_map() -> dict[int, list[int]]:
    """Every process's children, from a walk of all of ``/proc`` (the slow fallback)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    if _CHILDREN_LISTS:
        children = _children
    else:
        table = _children_map()
        children = lambda parent: table.get(parent, [])
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += children(current)
    return tree


def _pss(pid: int) -> int:
    """Proportional set size: shared pages divided among the processes that share them. Summed
    RSS over a forkserver and its workers counts their shared (copy-on-write) pages N times."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _cpu_and_rss(pid: int) -> tuple[float, int] | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS, rss_pages * PAGE_SIZE


@dataclass
class CrawlRun:
    stats: dict
    cpu_seconds: float
    peak_rss: int
    log: str
    peak_pss: int = 0
    main_cpu_seconds: float = 0.0  # the crawl process alone (Scrapy, spider, pipelines, SQLite)

    @property
    def elapsed(self) -> float:
        return self.stats["elapsed_time_seconds"]


def run_crawl(args: list[str], settings: dict, log_path: Path) -> CrawlRun:
    """Run ``scrapy <args>``, sampling the CPU and RSS of its process tree every 0.1 s and its
    PSS every :data:`PSS_INTERVAL` while it crawls."""
    command = [sys.executable, "-m", "scrapy", *args]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    baseline: dict[int, float] | None = None
    last: dict[int, float] = {}
    peak_rss = peak_pss = 0
    next_pss = 0.0
    while process.poll() is None:
        time.sleep(0.1)
        samples = {pid: s for pid in process_tree(process.pid) if (s := _cpu_and_rss(pid))}
        if baseline is None:
            if "Spider opened" not in log_path.read_text(errors="replace"):
                continue
            baseline = {pid: cpu for pid, (cpu, _rss) in samples.items()}
        for pid, (cpu, _rss) in samples.items():
            last[pid] = cpu
        peak_rss = max(peak_rss, sum(rss for _cpu, rss in samples.values()))
        if time.monotonic() >= next_pss:
            next_pss = time.monotonic() + PSS_INTERVAL
            peak_pss = max(peak_pss, sum(_pss(pid) for pid in samples))
    text = log_path.read_text(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"crawl failed ({process.returncode}):\n{text[-3000:]}")
    cpu = sum(value - (baseline or {}).get(pid, 0.0) for pid, value in last.items())
    main_cpu = last.get(process.pid, 0.0) - (baseline or {}).get(process.pid, 0.0)
    return CrawlRun(parse_stats(text), cpu, peak_rss, text, peak_pss, main_cpu)


def parse_stats(text: str) -> dict:
    import ast

    match = re.search(r"Dumping Scrapy stats:\n(\{.*?\})\n(?=\d{4}-|\Z)", text, re.DOTALL)
    if not match:
        raise RuntimeError(f"no stats in crawl log:\n{text[-3000:]}")
    return ast.literal_eval(re.sub(r"datetime\.datetime\([^)]*\)", "None", match.group(1)))


# -- (b) extraction from disk ----------------------------------------------------------------------

def extraction_rate(site: Path, urls: list[str], base_url: str) -> tuple[float, int]:
    """CPU seconds per page of analyse_page over the pages on disk, and the pages counted."""
    from urllib.parse import unquote

    from crawler.items import PageItem
    from crawler.processing import PageContext, analyse_page
    from crawler.sites import adhoc_profile

    context = PageContext.for_profile(adhoc_profile(base_url + "/", name="site"))
    pages = [PageItem(url=url, body=(site / unquote(url[len(base_url) + 1:]) / "index.html").read_bytes(),
                      site="site", encoding="utf-8") for url in urls]
    analyse_page(pages[0], context)  # imports and caches warm, as in a long-running worker
    started = time.process_time()
    articles = sum(analyse_page(page, context).article is not None for page in pages)
    cpu = time.process_time() - started
    if articles != len(pages):
        raise RuntimeError(f"only {articles} of {len(pages)} pages extracted as articles")
    return cpu / len(pages), len(pages)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class Round:
    """One measurement of (a), (b) and (c), taken back to back."""

    rate_a: float
    cpu_a: float
    cpu_b: float
    full: CrawlRun
    articles: int
    cores: int

    @property
    def rate_b(self) -> float:
        return 1 / self.cpu_b

    @property
    def rate_c(self) -> float:
        return self.articles / self.full.elapsed

    @property
    def utilisation(self) -> float:
        return self.full.cpu_seconds / self.full.elapsed / self.cores

    @property
    def limit(self) -> float:
        return self.cores / (self.cpu_a + self.cpu_b)

    @property
    def ratios(self) -> dict[str, float]:
        return {"c/a": self.rate_c / self.rate_a, "c/(cores x b)": self.rate_c / (self.cores * self.rate_b),
                "c/limit": self.rate_c / self.limit}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure (a), (b), (c) this many times, back to back, and report the "
                             "median of each ratio (the speed of a shared machine drifts by 15%% "
                             "and more within minutes)")
    parser.add_argument("--no-nginx", action="store_true", help="serve with the Python FixtureServer")
    parser.add_argument("--no-inline", action="store_true", help="skip (d), the inline single-write crawl")
    parser.add_argument("--keep", type=Path, help="build the site and databases here and keep them")
    options = parser.parse_args(argv)

    from newssite import build_site, chrome_links, free_port, serve

    work = options.keep or Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # mkdtemp makes a 0700 folder; nginx's workers (www-data) must be able to read the site,
    # or every page is a 403 and both crawls measure error pages.
    work.chmod(0o755)
    site = work / "site"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    print(f"building {options.pages} pages in {site} ...", flush=True)
    urls = build_site(site, options.pages, base_url)
    sizes = [p.stat().st_size for p in site.rglob("index.html")]
    (work / "urls.txt").write_text("\n".join(urls))
    common = {"AUTOTHROTTLE_ENABLED": "False", "LOG_LEVEL": "INFO", "TELNETCONSOLE_ENABLED": "False"}
    n = cores()
    rounds: list[Round] = []
    inline = None
    with serve(site, port, prefer_nginx=not options.no_nginx) as (served_url, server_name):
        assert served_url == base_url
        print(f"server: {server_name} on {base_url}; {n} cores; mean page {sum(sizes) / len(sizes) / 1024:.0f} KB",
              flush=True)

        def product(name: str, **settings) -> CrawlRun:
            database = work / f"{name}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            return run_crawl(["crawl", "site", "-a", f"url={base_url}/"],
                             # The budget counts requests as they are scheduled: the chrome's
                             # links, found on the first pages, must not use up the articles' share.
                             {**common, "DATABASE": database,
                              "CRAWL_MAX_REQUESTS": options.pages * 3 + chrome_links(),
                              **settings}, work / f"{name}.log")

        def raw_fetch() -> tuple[float, float]:
            """(a): pages/s and CPU seconds per page of Scrapy fetching every article URL."""
            bare = run_crawl(["runspider", str(Path(__file__).resolve()), "-a", f"urls_file={work / 'urls.txt'}"],
                             {**common, **BARE}, work / "a.log")
            fetched = bare.stats.get("downloader/response_status_count/200", 0)
            if fetched < len(urls):
                raise SystemExit(f"(a) got {fetched} pages with status 200 of {len(urls)}: the server is "
                                 f"not serving the site (see {work / 'a.log'})")
            return fetched / bare.elapsed, bare.cpu_seconds / fetched

        def raw_fetch_and_extraction(when: str, pages: list[str]) -> tuple[float, float, float]:
            """(a) over every URL and (b) over ``pages``: rate and CPU per page of (a), CPU per page of (b)."""
            rate_a, cpu_a = raw_fetch()
            cpu_b, counted = extraction_rate(site, pages, base_url)
            print(f"(a) raw fetch, {when} (c): {rate_a:.0f} pages/s ({cpu_a * 1000:.2f} ms CPU/page)", flush=True)
            print(f"(b) extraction, one process, {when} (c): {1 / cpu_b:.0f} pages/s "
                  f"({cpu_b * 1000:.1f} ms CPU/page, {counted} pages)", flush=True)
            return rate_a, cpu_a, cpu_b

        half = len(urls) // 2
        for number in range(1, options.rounds + 1):
            if options.rounds > 1:
                print(f"-- round {number} of {options.rounds}", flush=True)
            before = raw_fetch_and_extraction("before", urls[:half])
            full = product("c")
            # (a) and (b) again after (c), on the other half of the pages for (b): the means
            # bracket the crawl, so a drift of the machine's speed during the round biases
            # neither side of the ratio.
            after = raw_fetch_and_extraction("after", urls[half:])
            rate_a, cpu_a, cpu_b = ((first + second) / 2 for first, second in zip(before, after))
            articles = full.stats.get("pages/extracted", 0)
            measured = Round(rate_a, cpu_a, cpu_b, full, articles, n)
            rounds.append(measured)
            print(f"(c) product crawl: {measured.rate_c:.0f} article pages/s ({articles} articles, "
                  f"{full.stats.get('articles/new', 0)} new, {full.stats.get('response_received_count', 0)} "
                  f"responses in {full.elapsed:.1f} s), CPU {measured.utilisation:.0%} of {n} cores, "
                  f"peak RSS {full.peak_rss / 2**20:.0f} MB (PSS {full.peak_pss / 2**20:.0f} MB)", flush=True)
            print(f"    CPU per article page: crawl process {full.main_cpu_seconds / articles * 1000:.1f} ms "
                  f"(raw Scrapy: {cpu_a * 1000:.1f}), extraction workers "
                  f"{(full.cpu_seconds - full.main_cpu_seconds) / articles * 1000:.1f} ms "
                  f"(one process from disk: {cpu_b * 1000:.1f})", flush=True)
            print("    " + "   ".join(f"{name} = {value:.2f}" for name, value in measured.ratios.items())
                  + f"   CPU limit = cores/(cpu_a + cpu_b) = {measured.limit:.0f} pages/s", flush=True)

        if not options.no_inline:
            inline = product("d", EXTRACT_WORKERS=0, STORE_BATCH_SIZE=1)
            rate_d = inline.stats.get("pages/extracted", 0) / inline.elapsed
            print(f"(d) inline extraction, one write per article: {rate_d:.0f} article pages/s, "
                  f"CPU {inline.cpu_seconds / inline.elapsed / n:.0%} of {n} cores, "
                  f"peak RSS {inline.peak_rss / 2**20:.0f} MB", flush=True)

    print()
    summary = {name: [r.ratios[name] for r in rounds] for name in rounds[0].ratios}
    def spread(values: list[float]) -> str:
        return f" (rounds: {min(values):.2f}-{max(values):.2f})" if len(values) > 1 else ""

    print("   ".join(f"{name} = {median(values):.2f}{spread(values)}" for name, values in summary.items())
          + "   (target c/limit >= 0.85)" + ("   medians of the rounds" if len(rounds) > 1 else ""))
    typical = sorted(rounds, key=lambda r: r.ratios["c/limit"])[(len(rounds) - 1) // 2]
    inline_part = f"; inline single-write crawl {rate_d:.0f}/s" if inline else ""
    print(f"README: | {options.pages} pages, {sum(sizes) / len(sizes) / 1024:.0f} KB, {server_name.split()[0]}, {n} cores"
          f"{f', median of {len(rounds)} rounds' if len(rounds) > 1 else ''} | {median([r.rate_a for r in rounds]):.0f} "
          f"| {median([r.rate_b for r in rounds]):.0f} | {median([r.rate_c for r in rounds]):.0f} "
          f"({typical.utilisation:.0%} CPU, {typical.full.peak_rss / 2**20:.0f} MB) | {median(summary['c/a']):.2f} "
          f"| {median(summary['c/(cores x b)']):.2f} | {median(summary['c/limit']):.2f}{inline_part} |")


if __name__ == "__main__":
    main()
