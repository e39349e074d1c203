"""The on-disk request queue stores what Scrapy's own stores, and gives requests back with
their callbacks, without scanning the spider for every request."""

from __future__ import annotations

import pytest
import scrapy
from scrapy import squeues
from scrapy.utils.test import get_crawler

from pipelines.queues import PickleFifoDiskQueue, PickleLifoDiskQueue
from spiders.site import SiteSpider
from tests.conftest import tiny_tmpfs


def make_queue(tmp_path, queue_class=PickleLifoDiskQueue):
    crawler = get_crawler(SiteSpider, {"CRAWL_DISK_QUEUE": False})
    crawler.spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
    return crawler.spider, queue_class.from_crawler(crawler, str(tmp_path / "queue"))


def test_the_default_disk_queue_is_first_in_first_out_so_the_crawl_goes_breadth_first(tmp_path):
    from crawler import settings

    assert settings.SCHEDULER_DISK_QUEUE == "pipelines.queues.PickleFifoDiskQueue"
    assert settings.SCHEDULER_MEMORY_QUEUE == "scrapy.squeues.FifoMemoryQueue"
    spider, queue = make_queue(tmp_path, PickleFifoDiskQueue)
    for n in range(3):
        queue.push(scrapy.Request(f"https://news.example/section-{n}", callback=spider.parse_listing))
    popped = [queue.pop() for _ in range(3)]
    queue.close()
    assert [r.url for r in popped] == [f"https://news.example/section-{n}" for n in range(3)]
    assert all(r.callback == spider.parse_listing for r in popped)


def test_a_request_comes_back_from_disk_with_its_callback_errback_and_meta(tmp_path):
    spider, queue = make_queue(tmp_path)
    request = scrapy.Request("https://news.example/ar/news/2025/06/02/خبر", callback=spider.parse_article,
                             errback=spider.request_failed, priority=10,
                             meta={"article_candidate": True, "sitemap_entry": {"lastmod": "2025-06-02"}})
    queue.push(request)
    queue.push(scrapy.Request("https://news.example/world", callback=spider.parse_listing))
    assert len(queue) == 2
    listing, article = queue.pop(), queue.pop()  # last in, first out
    queue.close()
    assert listing.callback == spider.parse_listing and listing.errback is None
    assert article.url == request.url and article.priority == 10 and article.meta == request.meta
    assert article.callback == spider.parse_article and article.errback == spider.request_failed


def test_the_bytes_on_disk_are_scrapys_own_format(tmp_path):
    spider, queue = make_queue(tmp_path)
    request = scrapy.Request("https://news.example/a", callback=spider.parse_feed, errback=spider.robots_failed)
    queue.push(request)
    queue.close()
    crawler = get_crawler(SiteSpider, {"CRAWL_DISK_QUEUE": False})
    crawler.spider = spider
    reopened = squeues.PickleLifoDiskQueue.from_crawler(crawler, str(tmp_path / "queue"))
    again = reopened.pop()  # Scrapy's own queue reads what ours wrote
    reopened.close()
    assert again.to_dict(spider=spider) == request.to_dict(spider=spider)


@pytest.mark.parametrize("queue_class", [PickleLifoDiskQueue, PickleFifoDiskQueue])
def test_on_a_full_disk_a_push_is_refused_as_unserialisable_and_the_queue_stays_whole(tmp_path, queue_class):
    # Scrapy keeps a request whose push raises ValueError in memory; an OSError would kill the
    # scraper task and hang the crawl.
    with tiny_tmpfs(tmp_path / "tiny", "64k") as disk:
        spider, queue = make_queue(disk, queue_class)
        try:
            pushed = []
            with pytest.raises(ValueError, match="cannot grow"):
                for n in range(10_000):
                    request = scrapy.Request(f"https://news.example/a/{n}?pad={'x' * 500}",
                                             callback=spider.parse_article)
                    queue.push(request)
                    pushed.append(request.url)
            assert 10 < len(pushed) < 10_000 and len(queue) == len(pushed)
            popped = [queue.pop().url for _ in range(len(pushed))]
            expected = pushed[::-1] if queue_class is PickleLifoDiskQueue else pushed
            assert popped == expected and queue.pop() is None
        finally:
            queue.close()  # an open file would keep the tmpfs from being unmounted


def test_a_paused_crawl_resumed_after_an_exclude_pattern_was_added_drops_what_it_excludes(tmp_path, caplog):
    # scrapy crawl ... -s JOBDIR=...: stopped with Ctrl-C, the operator adds an exclude pattern
    # for a crawl trap, resumes; the queued trap URLs were all fetched.
    import dataclasses
    import logging
    import re

    from pipelines.queues import JobDirScheduler

    def scheduler_for(exclude=()):
        crawler = get_crawler(SiteSpider, {"CRAWL_DISK_QUEUE": False, "JOBDIR": str(tmp_path / "job"),
                                           "SCHEDULER_DISK_QUEUE": "pipelines.queues.PickleFifoDiskQueue",
                                           # the default one asks the engine, which a unit test has not
                                           "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"})
        crawler.spider = spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
        spider.profile = dataclasses.replace(spider.profile, exclude=exclude)
        scheduler = JobDirScheduler.from_crawler(crawler)
        scheduler.open(spider)
        return crawler, scheduler

    _, paused = scheduler_for()
    for path in ("/archive/2019/01/01", "/news/1", "/archive/2019/01/02", "/news/2"):
        assert paused.enqueue_request(scrapy.Request(f"https://news.example{path}"))
    paused.close("shutdown")

    crawler, resumed = scheduler_for(exclude=(re.compile(r"/archive/\d{4}/"),))
    with caplog.at_level(logging.INFO):
        taken = [r.url for r in iter(resumed.next_request, None)]
        resumed.close("finished")
    assert taken == ["https://news.example/news/1", "https://news.example/news/2"]
    assert crawler.stats.get_value("discovery/dropped_from_queue/excluded") == 2
    assert f"{crawler.spider.name}: 2 request(s) in the request queue dropped: out of the site's current scope " \
        "(excluded: 2)" in [
        r.getMessage() for r in caplog.records]


class _Engine:
    """What QueuedScope.ask_again_soon reaches: the engine's next call, counted."""

    def __init__(self) -> None:
        self.asked = 0
        self._slot = self
        self.nextcall = self

    def schedule(self, delay: float = 0) -> None:
        self.asked += 1


def test_a_call_drops_at_most_its_cap_of_out_of_scope_requests_then_the_engine_asks_again(tmp_path):
    # A million excluded requests were all dropped inside one next_request call: the reactor
    # stood still for minutes.
    import dataclasses
    import re

    from pipelines.queues import JobDirScheduler

    crawler = get_crawler(SiteSpider, {"CRAWL_DISK_QUEUE": False, "JOBDIR": str(tmp_path / "job"),
                                       "SCHEDULER_DISK_QUEUE": "pipelines.queues.PickleFifoDiskQueue",
                                       "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.ScrapyPriorityQueue"})
    crawler.spider = spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
    spider.profile = dataclasses.replace(spider.profile, exclude=(re.compile(r"/archive/"),))
    crawler.engine = engine = _Engine()
    scheduler = JobDirScheduler.from_crawler(crawler)
    scheduler.open(spider)
    scheduler.scope.max_drops = 3
    for n in range(7):
        assert scheduler.enqueue_request(scrapy.Request(f"https://news.example/archive/{n}"))
    assert scheduler.enqueue_request(scrapy.Request("https://news.example/news/1"))
    try:
        assert scheduler.next_request() is None  # 3 dropped
        assert (crawler.stats.get_value("discovery/dropped_from_queue/excluded"), engine.asked) == (3, 1)
        assert scheduler.has_pending_requests()  # so the engine does not close the spider as finished
        assert scheduler.next_request() is None  # 3 more
        assert scheduler.next_request().url == "https://news.example/news/1"  # the last one dropped first
        assert (crawler.stats.get_value("discovery/dropped_from_queue/excluded"), engine.asked) == (7, 2)
        assert scheduler.next_request() is None and not scheduler.has_pending_requests()
        assert engine.asked == 2
    finally:
        scheduler.close("finished")


def _scrapys_lookup_count(monkeypatch) -> list[int]:
    """How many members Scrapy's callback lookup (``inspect.getmembers`` in ``Request.to_dict``)
    reads, per call."""
    import inspect

    from scrapy.http import request as scrapy_request

    counts: list[int] = []
    real = inspect.getmembers

    def counting(obj, predicate=None):
        members = real(obj, predicate)
        counts.append(len(dir(obj)))
        return members

    monkeypatch.setattr(scrapy_request.inspect, "getmembers", counting)
    return counts


@pytest.mark.parametrize("queue_class", [PickleLifoDiskQueue, PickleFifoDiskQueue])
def test_a_push_looks_up_only_the_requests_own_callbacks_and_writes_scrapys_dict(tmp_path, queue_class, monkeypatch):
    # Scrapy's to_dict walked every method of the spider (fifty and more) per callback, per push:
    # a fifth of the queue's CPU on the throughput benchmark (issue 7). What is written is the same.
    spider, queue = make_queue(tmp_path, queue_class)
    counts = _scrapys_lookup_count(monkeypatch)
    request = scrapy.Request("https://news.example/ar/news/2025/06/02/خبر", callback=spider.parse_article,
                             errback=spider.request_failed, priority=10, meta={"article_candidate": True})
    queue.push(request)
    assert counts and max(counts) <= 2
    back = queue.pop()
    queue.close()
    assert back.to_dict(spider=spider) == request.to_dict(spider=spider)


def test_a_request_whose_callback_is_no_spider_method_is_still_refused_as_scrapy_refuses_it(tmp_path):
    # the look-alike: Scrapy's ValueError (the scheduler then keeps the request in memory)
    spider, queue = make_queue(tmp_path)

    def elsewhere(response):
        return None

    for callback in (elsewhere, lambda response: None, scrapy.Spider("other").parse):
        request = scrapy.Request("https://news.example/a", callback=callback)
        with pytest.raises(ValueError):
            request.to_dict(spider=spider)
        with pytest.raises(ValueError):
            queue.push(request)
    assert len(queue) == 0
    # another object's method whose function is the spider's: Scrapy names it, and so does the queue
    borrowed = scrapy.Request("https://news.example/b", callback=SiteSpider.from_crawler(
        get_crawler(SiteSpider, {"CRAWL_DISK_QUEUE": False}), url="https://other.example/").parse_article)
    queue.push(borrowed)
    assert queue.pop().callback == spider.parse_article
    queue.close()


def test_a_method_known_under_two_names_is_written_under_the_name_scrapy_picks(tmp_path):
    class Aliased(SiteSpider):
        def zz_parse(self, response):
            return None

        aa_parse = zz_parse  # the same function under a name sorted first

    crawler = get_crawler(Aliased, {"CRAWL_DISK_QUEUE": False})
    spider = crawler.spider = Aliased.from_crawler(crawler, url="https://news.example/")
    queue = PickleLifoDiskQueue.from_crawler(crawler, str(tmp_path / "queue"))
    request = scrapy.Request("https://news.example/a", callback=spider.zz_parse)
    assert request.to_dict(spider=spider)["callback"] == "aa_parse"
    assert queue.spider.request_to_dict(request) == request.to_dict(spider=spider)
    queue.close()
