"""A site gets no more parallel requests than its limit (pipelines/downloader.py), and a profile's
``download_delay`` and ``concurrency`` hold with AutoThrottle on (pipelines/politeness.py).

The sample site on a loopback server whose every page takes a while to answer; the server
counts the requests it is answering at once and logs when each arrived. Without the project's
downloader, Scrapy 2.19 on the asyncio reactor starts a site's whole download queue at once.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

import pytest

from crawler.fixture_server import FixtureServer
from tests.conftest import DEMO_SITE, crawl_site, crawl_stats, rows, run_scrapy
from tests.recording_components import dispatches


class ConcurrencyProbe:
    """A handler for every path: answers as the server would, after ``delay`` seconds, and
    remembers the most requests it was answering at the same time."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most = 0
        self.peers: set = set()  # client (address, port) pairs: one per TCP connection

    def __call__(self, context):
        with self.lock:
            self.peers.add(context.connection.getpeername())
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        try:
            time.sleep(self.delay)
            return context.default_response()
        finally:
            with self.lock:
                self.in_flight -= 1


@pytest.mark.parametrize("limit", [1, 2])
def test_a_site_never_gets_more_parallel_requests_than_its_limit(demo_expected, tmp_path, limit):
    probe = ConcurrencyProbe(delay=0.15)
    with FixtureServer(DEMO_SITE) as server:
        for article in demo_expected["articles"]:
            server.add_handler(article["path"].split("?")[0], probe)
        result = crawl_site(f"{server.base_url}/", tmp_path / "news.db",
                            AUTOTHROTTLE_ENABLED="False",  # no delay: the downloader alone decides
                            CONCURRENT_REQUESTS="16", CONCURRENT_REQUESTS_PER_DOMAIN=str(limit))
    assert crawl_stats(result)["articles/new"] > 10
    assert probe.most == limit


# --- a profile's download_delay and concurrency -------------------------------------------------
# A site of its own (not `scrapy crawl site`): a profile file named by CRAWLER_SITES_FILE, whose
# site is served on 127.0.0.1:PORT. AutoThrottle stays on, as it is by default.

def write_profile(path, base_url: str, **fields) -> str:
    """A sites file with one site, ``polite_news``, crawling the sample site at ``base_url``."""
    lines = ['[[site]]', 'name = "polite_news"', f'start_url = "{base_url}/"', 'language = "en"',
             'timezone = "Asia/Amman"']
    for key, value in fields.items():
        if isinstance(value, dict):  # an inline table
            value = "{" + ", ".join(f'"{k}" = "{v}"' for k, v in value.items()) + "}"
        lines.append(f"{key} = {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def crawl_named_site(sites_file: str, database, **settings):
    result = run_scrapy(["crawl", "polite_news"], settings={"DATABASE": str(database), **settings},
                        env={"CRAWLER_SITES_FILE": sites_file})
    assert result.returncode == 0, result.stderr[-4000:]
    return result


# The delay is counted between the moments the crawl takes a site's requests off its download
# slot (Scrapy's Slot.lastseen). The server's clock adds each request's way there (connecting,
# writing, a handler thread getting the CPU), which differs from one request to the next: on a
# loaded machine the first request of a crawl took 0.2-0.4 s more than the next one, and two
# requests dispatched 0.47 s apart arrived 0.20 s apart. So the gaps are read from the crawl's
# own log (tests/recording_components.py), and the server confirms the requests it got.
RECORD_DISPATCHES = {"DOWNLOADER": "tests.recording_components.DispatchLoggingDownloader"}


def gaps(result) -> list[float]:
    """Seconds between consecutive requests the crawl sent, in the order it sent them."""
    times = [when for when, _slot, _url in dispatches(result.stderr)]
    return [round(b - a, 3) for a, b in zip(times, times[1:], strict=False)]


def sent_and_received(result, server) -> tuple[list[str], list[str]]:
    """The paths the crawl dispatched and those the server received, each sorted."""
    sent = sorted(urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
                  for _when, _slot, url in dispatches(result.stderr))
    return sent, sorted(record.path for record in server.requests)


def test_a_profile_delay_holds_with_autothrottle_on_for_a_site_on_a_port(tmp_path):
    # AutoThrottle recomputed the slot's delay with the global DOWNLOAD_DELAY (0) as its floor,
    # and the profile's slot was keyed "127.0.0.1:PORT" where Scrapy's key is "127.0.0.1": the
    # requests went out back to back. The run's AUTOTHROTTLE_MAX_DELAY (0.2 s) is below the
    # profile's delay: the profile's delay is a floor AutoThrottle cannot go under.
    with FixtureServer(DEMO_SITE) as server:
        sites = write_profile(tmp_path / "sites.toml", server.base_url, download_delay=0.4, max_requests=7)
        result = crawl_named_site(sites, tmp_path / "news.db", **RECORD_DISPATCHES)
    sent, received = sent_and_received(result, server)
    assert sent == received
    assert len(gaps(result)) >= 5
    assert min(gaps(result)) >= 0.4 * 0.85, gaps(result)


def test_a_profile_concurrency_of_one_holds_with_autothrottle_on(demo_expected, tmp_path):
    probe = ConcurrencyProbe(delay=0.2)
    with FixtureServer(DEMO_SITE) as server:
        for article in demo_expected["articles"]:
            server.add_handler(article["path"].split("?")[0], probe)
        sites = write_profile(tmp_path / "sites.toml", server.base_url, concurrency=1, max_requests=20)
        result = crawl_named_site(sites, tmp_path / "news.db")
    assert crawl_stats(result)["articles/new"] >= 5, (crawl_stats(result), probe.most)
    assert probe.most == 1
    # The connection-reusing downloader (pipelines/downloader.py) works on the site's slot: the
    # articles came over one kept-alive connection, not one connection each.
    assert len(probe.peers) == 1, probe.peers


def test_a_sites_file_given_with_s_sites_file_applies_its_delay(tmp_path):
    # The spider exists in the shipped-like file without a delay; the file of -s SITES_FILE has
    # one. Its start URL and budget were honoured, its delay, concurrency and headers were not.
    with FixtureServer(DEMO_SITE) as server:
        spiders = write_profile(tmp_path / "spiders.toml", server.base_url)
        chosen = write_profile(tmp_path / "chosen.toml", server.base_url, download_delay=0.4, max_requests=6,
                               headers={"X-Profile": "chosen"})
        result = crawl_named_site(spiders, tmp_path / "news.db", SITES_FILE=chosen, **RECORD_DISPATCHES)
    sent, received = sent_and_received(result, server)
    assert sent == received
    assert len(gaps(result)) >= 4
    assert min(gaps(result)) >= 0.4 * 0.85, gaps(result)
    assert {record.headers.get("X-Profile") for record in server.requests} == {"chosen"}


def test_a_site_only_in_the_file_of_s_sites_file_is_crawled_from_it(tmp_path):
    # The README's way to try a new site: `scrapy crawl <site> -s SITES_FILE=draft.toml`. Spiders
    # came only from CRAWLER_SITES_FILE (or the shipped file): "no spider or site profile named".
    database = tmp_path / "news.db"
    with FixtureServer(DEMO_SITE) as server:
        draft = write_profile(tmp_path / "draft.toml", server.base_url, max_requests=20)
        result = run_scrapy(["crawl", "polite_news"], settings={"DATABASE": str(database), "SITES_FILE": draft})
    assert result.returncode == 0, result.stderr[-3000:]
    assert [run["site"] for run in rows(database, "SELECT site FROM crawl_runs")] == ["polite_news"]
    assert rows(database, "SELECT COUNT(*) AS n FROM articles")[0]["n"] >= 1
    listed = run_scrapy(["list"], settings={"SITES_FILE": draft})
    assert "polite_news" in listed.stdout.split() and "ammonnews" in listed.stdout.split()


@pytest.mark.parametrize("chosen_text, expected", [
    ('[[site]]\nname = "polite_news"\nstart_url = "http://127.0.0.1:9/"\nlanguage = "en"\ntimezone = "Asia/Aman"\n',
     "chosen.toml: site 'polite_news': field 'timezone': unknown zone 'Asia/Aman'"),
    ('[[site]]\nname = "other_news"\nstart_url = "http://127.0.0.1:9/"\nlanguage = "en"\n',
     "no site profile named 'polite_news'"),
])
def test_an_unusable_sites_file_is_one_error_line(tmp_path, chosen_text, expected):
    (tmp_path / "chosen.toml").write_text(chosen_text, encoding="utf-8")
    spiders = write_profile(tmp_path / "spiders.toml", "http://127.0.0.1:9")
    result = run_scrapy(["crawl", "polite_news"],
                        settings={"DATABASE": tmp_path / "news.db", "SITES_FILE": tmp_path / "chosen.toml"},
                        env={"CRAWLER_SITES_FILE": spiders})
    assert result.returncode == 2, result.stderr[-3000:]
    [line] = result.stderr.splitlines()  # no version banner, no usage block
    assert line.startswith("scrapy: error: ") and expected in line
    assert not (tmp_path / "news.db").exists()


# --- the pieces: the site's slot and the throttle's floor -----------------------------------------

def test_every_host_of_a_site_shares_the_slot_that_carries_its_profile(tmp_path):
    # Scrapy keys a request's slot by its bare host; the profile's domains drop "www." and may
    # carry a port, so DOWNLOAD_SLOTS keyed by them matched nothing (albawaba.com vs
    # www.albawaba.com, 127.0.0.1:8801 vs 127.0.0.1).
    from scrapy import Request
    from scrapy.crawler import Crawler

    from crawler.runner import project_settings
    from crawler.sites import load_profiles
    from pipelines.politeness import SiteSlotMiddleware
    from spiders.news import NewsSpider

    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "bawaba_news"\nstart_url = "https://www.bawaba.example/"\nlanguage = "en"\n'
                     'domains = ["bawaba.example", "bawaba.example:8801"]\ndownload_delay = 2.0\nconcurrency = 1\n')
    profile = load_profiles(sites)["bawaba_news"]
    spidercls = type("BawabaNewsSpider", (NewsSpider,), {"name": "bawaba_news", "profile": profile})
    crawler = Crawler(spidercls, project_settings({"DATABASE": str(tmp_path / "news.db")}))
    crawler.spider = spidercls.from_crawler(crawler)
    assert crawler.settings.getdict("DOWNLOAD_SLOTS") == {"bawaba_news": {"delay": 2.0, "jitter": 0.0, "concurrency": 1}}
    middleware = SiteSlotMiddleware.from_crawler(crawler)
    for url in ("https://www.bawaba.example/news/1", "https://bawaba.example/robots.txt",
                "http://bawaba.example:8801/feed.xml"):
        request = Request(url)
        middleware.process_request(request)
        assert request.meta["download_slot"] == "bawaba_news"  # the key Scrapy's downloader uses
    chosen = Request("https://www.bawaba.example/x", meta={"download_slot": "elsewhere"})
    middleware.process_request(chosen)
    assert chosen.meta["download_slot"] == "elsewhere"


def test_autothrottle_lowers_a_slot_to_its_profile_delay_and_no_further():
    from unittest.mock import Mock

    from scrapy import Request
    from scrapy.core.downloader import Slot
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from pipelines.politeness import SiteAutoThrottle

    crawler = get_crawler(settings_dict={"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_MAX_DELAY": 0.2,
                                         "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0,
                                         "DOWNLOAD_SLOTS": {"polite_news": {"delay": 0.5}}})
    crawler.engine = Mock()
    site, other = Slot(1, 0.5, 0), Slot(8, 1.0, 0)
    crawler.engine.downloader.slots = {"polite_news": site, "other": other}
    # as Scrapy's Downloader holds them (the floor is read there: a Crawl-delay raises it)
    crawler.engine.downloader.per_slot_settings = crawler.settings.getdict("DOWNLOAD_SLOTS")
    throttle = SiteAutoThrottle.from_crawler(crawler)
    throttle._spider_opened(None)

    def answer(slot: str, latency: float) -> None:
        request = Request("http://127.0.0.1/", meta={"download_slot": slot, "download_latency": latency})
        throttle._response_downloaded(Response(request.url, request=request), request, None)

    answer("polite_news", 0.01)
    answer("other", 0.01)
    assert site.delay == 0.5  # Scrapy's AutoThrottle: 0.0025 (DOWNLOAD_DELAY 0 is its only floor)
    assert other.delay < 0.5  # a slot without a profile delay is Scrapy's, as before
    throttle.maxdelay = 30.0
    answer("polite_news", 4.0)  # a slow server: slower than the profile asks, never faster
    assert site.delay == 1.0  # latency / AUTOTHROTTLE_TARGET_CONCURRENCY
