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
goes on — or ends cleanly, when the database cannot be written either. At the close, the
queue's state file and the spider's state (``active.json``, ``spider.state`` in ``JOBDIR``)
cannot be written on that disk either: :class:`JobDirScheduler` and :class:`JobDirSpiderState`
say so in one WARNING line each (Scrapy logged two tracebacks), and the close goes on. The
queue of a ``crawler crawl``/``scrapy crawl`` run is scratch, emptied at its next start
(``spiders.news.fresh_queue_dir``), so nothing is lost; a ``JOBDIR`` given by hand loses its
pause state, as the line says. :class:`JobDirScheduler` is set by ``NewsSpider.update_settings``
just above Scrapy's default priority (any ``SCHEDULER`` set elsewhere, e.g. distributed mode's, wins).

Setting: ``SCHEDULER_DISK_QUEUE`` (``crawler/settings.py``) names :class:`PickleFifoDiskQueue`
(breadth-first); :class:`PickleLifoDiskQueue` is kept for a crawl that asks for depth-first.
Stats: ``discovery/dropped_from_queue/<reason>`` (:class:`JobDirScheduler`, see
``pipelines/queued_scope.py``).
"""

from __future__ import annotations

import errno
import inspect
import logging
import os
import struct

from scrapy import squeues
from scrapy.core.scheduler import Scheduler
from scrapy.extensions.spiderstate import SpiderState

from crawler.errors import os_error_reason
from pipelines.queued_scope import QueuedScope

logger = logging.getLogger(__name__)


class SpiderMethods:
    """Stands for the spider where Scrapy resolves callbacks: an object whose only attributes
    are the spider's methods, bound to it (names of methods defined after it is made are not
    found; Scrapy then keeps that request in memory, as for any unserialisable request).

    :meth:`request_to_dict` is ``request.to_dict(spider=...)`` with each callback's name taken
    from a table: ``to_dict``'s lookup (``inspect.getmembers``) still reads every method of the
    spider, fifty and more, per request; here it reads the one or two the request names."""

    def __init__(self, spider) -> None:
        self._names: dict = {}
        """A method's function -> its name; the first in ``getmembers``' (sorted) order for a
        function known under two names, as Scrapy's lookup finds it."""
        for name, function in inspect.getmembers(type(spider), inspect.isfunction):
            setattr(self, name, getattr(spider, name))
            self._names.setdefault(function, name)

    def __dir__(self) -> list[str]:
        # What Scrapy's lookup (inspect.getmembers) walks: the methods only, not object's dunders.
        return [name for name in self.__dict__ if name != "_names"]

    def request_to_dict(self, request) -> dict:
        """``request.to_dict(spider=self)``, the same dict (or the same ``ValueError``)."""
        return request.to_dict(spider=_RequestMethods(self, request))


class _RequestMethods:
    """What ``Request.to_dict`` looks a request's callback and errback up in: the spider's
    methods among those two only."""

    def __init__(self, methods: SpiderMethods, request) -> None:
        self._found: list[str] = []
        for function in (request.callback, request.errback):
            name = methods._names.get(getattr(function, "__func__", None))
            if name is not None and name not in self._found:
                self._found.append(name)
                setattr(self, name, getattr(methods, name))

    def __dir__(self) -> list[str]:
        return self._found


class PickleLifoDiskQueue(squeues.PickleLifoDiskQueue):
    """Last in, first out (Scrapy's default order), for ``-s SCHEDULER_DISK_QUEUE=...``."""

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
            # Scrapy's push, with the callbacks' names from the table (SpiderMethods)
            super(squeues.PickleLifoDiskQueue, self).push(self.spider.request_to_dict(request))
        except OSError as exc:
            os.ftruncate(self.f.fileno(), end)
            self.f.seek(end)
            raise ValueError(f"the on-disk request queue cannot grow: {exc}") from exc


class PickleFifoDiskQueue(squeues.PickleFifoDiskQueue):
    """First in, first out: the crawl goes breadth-first (``SCHEDULER_DISK_QUEUE``'s default).

    queuelib's FIFO queue is a folder of chunk files written with ``os.write`` (unbuffered);
    a push that fails is undone the same way as above: the head chunk is truncated back and
    the queue's counters, only advanced after a successful write, are restored.
    """

    def __init__(self, crawler, key: str):
        try:
            super().__init__(crawler, key)
        except OSError as exc:
            raise ValueError(f"cannot create the on-disk request queue {key}: {exc}") from exc
        self.spider = SpiderMethods(self.spider)

    def push(self, request) -> None:
        head, size = list(self.info["head"]), self.info["size"]
        end = os.lseek(self.headf.fileno(), 0, os.SEEK_END)
        try:
            # Scrapy's push, with the callbacks' names from the table (SpiderMethods)
            super(squeues.PickleFifoDiskQueue, self).push(self.spider.request_to_dict(request))
            # os.write on a nearly full disk writes part of the record and raises nothing.
            self._check_written(head[0], end)
        except OSError as exc:
            if self.headf.closed:  # the write went through, opening the next chunk failed
                self.headf = self._openchunk(head[0], "ab+")
            if self.info["head"][0] != head[0]:  # rolled over to a new chunk: back to the old one
                self.headf.close()
                self.headf = self._openchunk(head[0], "ab+")
            os.truncate(self._chunk_path(head[0]), end)
            self.info["head"], self.info["size"] = head, size
            raise ValueError(f"the on-disk request queue cannot grow: {exc}") from exc

    def _chunk_path(self, number: int) -> str:
        return os.path.join(self.path, f"q{number:05d}")

    def _check_written(self, chunk: int, start: int) -> None:
        path = self._chunk_path(chunk)
        if self.info["head"][0] == chunk:  # the usual case: no new chunk, no open() per push
            fd = self.headf.fileno()
            header, length = os.pread(fd, self.szhdr_size, start), os.fstat(fd).st_size
        else:
            with open(path, "rb") as written:
                header, length = os.pread(written.fileno(), self.szhdr_size, start), os.fstat(written.fileno()).st_size
        if len(header) < self.szhdr_size \
                or length < start + self.szhdr_size + struct.unpack(self.szhdr_format, header)[0]:
            raise OSError(errno.ENOSPC, "short write", path)

    def close(self) -> None:
        # The read position is saved in info.json, a new file: on a full disk it cannot be
        # written. The queue is emptied at every start (spiders/news.py), so that loses nothing.
        try:
            super().close()
        except OSError as exc:
            for chunk in (self.headf, self.tailf):
                chunk.close()
            logger.warning("on-disk request queue %s not closed cleanly: %s", self.path, exc)


class JobDirScheduler(Scheduler):
    """Scrapy's scheduler; an ``OSError`` saving its disk queue's state or its dupefilter's
    seen-requests file at the close (disk full) is one WARNING line each, and the close goes on.

    A request it takes out that the site's current profile no longer covers is dropped
    (``pipelines.queued_scope``): a crawl paused with a ``JOBDIR`` given by hand and resumed after
    the operator added an ``exclude`` pattern does not fetch what the pattern now excludes (at most
    ``QueuedScope.max_drops`` dropped per call: then ``None``, and the engine asks again soon)."""

    def open(self, spider):
        self.scope = QueuedScope(self.crawler)
        return super().open(spider)

    def next_request(self):
        return self.scope.first_kept(super().next_request)

    def close(self, reason: str):
        if (scope := getattr(self, "scope", None)) is not None:  # None: closed without being opened
            scope.log_dropped("the request queue")
        try:
            return super().close(reason)
        except OSError as exc:
            logger.warning("cannot save the request queue's state in %s (a paused crawl could not resume "
                           "from it): %s", self.dqdir, os_error_reason(exc))
        try:  # not reached when the queue's state was written: super().close closed it
            return self.df.close(reason)
        except OSError as exc:
            logger.warning("cannot save the seen requests of the crawl in %s: %s", self.dqdir, os_error_reason(exc))
            return None


class JobDirSpiderState(SpiderState):
    """Scrapy's ``SpiderState``; an ``OSError`` writing ``spider.state`` at the close (disk
    full) is one WARNING line."""

    def spider_closed(self, spider) -> None:
        try:
            super().spider_closed(spider)
        except OSError as exc:
            logger.warning("cannot save the spider's state in %s: %s", self.jobdir, os_error_reason(exc))
