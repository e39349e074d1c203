"""Scrapy's on-disk request queue without its per-request scan of the spider.

Writing a request to disk stores its callback and errback by name: ``Request.to_dict`` finds
each name with ``inspect.getmembers(spider)``, which reads every attribute of the spider —
twice per request, for the disk queue and again for the resume journal
(``pipelines/resume.py``). Both give ``to_dict`` a table of the spider's methods made once
instead (:class:`SpiderMethods`); what is written and read back is exactly Scrapy's format.

A full disk: the queue lives beside the database, and Scrapy's queue lets the ``OSError`` of a
write escape into the scraper, whose task dies with it and leaves the engine waiting forever.
Here a write that fails is undone (the file is truncated back, so the queue stays whole) and
reported as the ``ValueError`` Scrapy's scheduler expects from a request it cannot keep on
disk: that request waits in memory instead (stat ``scheduler/unserializable``), and the crawl
goes on — or ends cleanly, when the database cannot be written either.

Setting: ``SCHEDULER_DISK_QUEUE`` (``crawler/settings.py``) names :class:`PickleLifoDiskQueue`.
"""

from __future__ import annotations

import inspect
import os

from scrapy import squeues


class SpiderMethods:
    """Stands for the spider where Scrapy resolves callbacks: an object whose only attributes
    are the spider's methods, bound to it (names of methods defined after it is made are not
    found; Scrapy then keeps that request in memory, as for any unserialisable request)."""

    def __init__(self, spider) -> None:
        for name, _function in inspect.getmembers(type(spider), inspect.isfunction):
            setattr(self, name, getattr(spider, name))

    def __dir__(self) -> list[str]:
        # What Scrapy's lookup (inspect.getmembers) walks: the methods only, not object's dunders.
        return list(self.__dict__)


class PickleLifoDiskQueue(squeues.PickleLifoDiskQueue):
    def __init__(self, crawler, key: str):
        try:
            super().__init__(crawler, key)
            # Unbuffered, so that a failed write fails at once and can be undone (a buffered
            # one fails at a later flush, half written).
            self.f.flush()
            unbuffered = open(self.path, "rb+", buffering=0)  # noqa: SIM115 - the queue keeps it open
        except OSError as exc:
            raise ValueError(f"cannot create the on-disk request queue {key}: {exc}") from exc
        unbuffered.seek(0, os.SEEK_END)
        self.f.close()
        self.f = unbuffered
        # push: request.to_dict(spider=self.spider); pop: request_from_dict(d, spider=self.spider)
        self.spider = SpiderMethods(self.spider)

    def push(self, request) -> None:
        end = self.f.tell()
        try:
            super().push(request)
        except OSError as exc:
            os.ftruncate(self.f.fileno(), end)
            self.f.seek(end)
            raise ValueError(f"the on-disk request queue cannot grow: {exc}") from exc
