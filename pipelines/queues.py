"""Scrapy's on-disk request queue without its per-request scan of the spider.

Writing a request to disk stores its callback and errback by name: ``Request.to_dict`` finds
each name with ``inspect.getmembers(spider)``, which reads every attribute of the spider —
twice per request, for the disk queue and again for the resume journal
(``pipelines/resume.py``). Both give ``to_dict`` a table of the spider's methods made once
instead (:class:`SpiderMethods`); what is written and read back is exactly Scrapy's format.

Setting: ``SCHEDULER_DISK_QUEUE`` (``crawler/settings.py``) names :class:`PickleLifoDiskQueue`.
"""

from __future__ import annotations

import inspect

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
        super().__init__(crawler, key)
        # push: request.to_dict(spider=self.spider); pop: request_from_dict(d, spider=self.spider)
        self.spider = SpiderMethods(self.spider)
