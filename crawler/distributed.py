"""Distributed mode: many crawler processes share one frontier in Redis; one writer owns SQLite.

Off by default. Setting ``REDIS_URL`` (``scrapy crawl <site> -s REDIS_URL=redis://host:6379/0``,
or ``crawler crawl --redis URL``) switches a crawl to it through the :class:`DistributedMode`
add-on (listed in ``ADDONS``), which swaps components only when the URL is set:

- ``SCHEDULER`` -> ``pipelines.redis_frontier.SharedFrontierScheduler`` (scrapy-redis'
  scheduler: the request queue and the request dupefilter live in Redis, so every process
  crawling the same site takes requests from one frontier and each URL is fetched once);
- ``StorePipeline`` -> ``pipelines.redis_items.RedisItemsPipeline`` (extracted, validated
  articles are pushed to a Redis list instead of SQLite);
- ``SkipStoredArticlesMiddleware`` -> ``pipelines.redis_frontier.SharedSkipStoredMiddleware``
  (the "already stored" check reads a Redis hash mirrored from ``seen_urls``);
- ``FetchErrorsExtension`` -> ``pipelines.redis_errors.RedisFetchErrorsExtension`` (the
  ``fetch_errors`` rows and the run's ``gone_at`` marks are pushed to the item list, for the
  writer, instead of written to SQLite).

``crawler ingest`` runs :class:`Ingester`: it moves items from the list into a processing
list (``BLMOVE``), stores them through :meth:`crawler.storage.ArticleStore.save_batch` (the
same deduplication as a local crawl) and removes them from the processing list only after
the SQLite transaction committed. The list also carries the crawler processes' fetch errors
(:class:`FetchReport`, pushed by ``pipelines.redis_errors.RedisFetchErrorsExtension``: the
``fetch_errors`` rows as the failures come, and at the end of each process's run the ``gone_at``
marks it decided), which the writer records in the same transaction as the batch's articles:
crawler machines have no database, and without them no stored article was ever marked gone in
distributed mode. Items left in the processing list by a killed writer are
put back at start, so nothing is lost; an item stored twice is "unchanged" the second time.
The writer is the only process that marks URL keys in the Redis hash the crawler processes
consult, so a mark always stands for a committed row: it rebuilds the hash from the whole
``seen_urls`` table at start (replacing it atomically, which drops marks whose rows are gone)
and adds the keys of each batch after its commit. It mirrors the same way, into the hash
``<REDIS_STORED_URLS_KEY>:given_up`` (:func:`given_up_key`), the ``fetch_errors`` rows of the
kinds that leave a page alone once repeated (``crawler.fetch_errors.GIVEN_UP_KINDS``: a page that
hung the extractor), with their site, attempts and last failure: crawler processes read it once
per crawl and skip the pages a local crawl skips (``EXTRACT_TIMEOUT_GIVE_UP_AFTER``). The pages
extraction refused come as :class:`RefusalReport` items (``pipelines.redis_refused``): the writer
records them with ``crawler.refused.record_refusals`` (the local delay policy) and mirrors
``refused_pages`` into ``<REDIS_STORED_URLS_KEY>:refused`` (:func:`refused_key`). Once the hashes
are rebuilt it sets ``<REDIS_STORED_URLS_KEY>:rebuilt`` (:func:`rebuilt_key`), which crawler
processes that found Redis's data lost wait for before they re-seed their run.

Without ``REDIS_URL`` nothing here is loaded and no Redis is needed.

A full Redis (``maxmemory`` under ``noeviction``) refuses ``LMOVE``: the writer then drains it
(:meth:`Ingester.drain_batch`: read a batch, commit it, then ``RPOP`` it, which frees memory),
and acknowledges with Lua scripts flagged ``allow-oom`` (Redis 7+), since it is what empties
a full Redis.

One writer at a time: :class:`WriterLock` keeps the key ``<items key>:writer`` while a writer
runs (``SET NX PX``, renewed by the writer, expiring ``INGEST_LOCK_TTL`` seconds after it died);
a second writer on the same keys refuses to start and names the first. The writer confirms the
lock inside each batch's transaction, just before the commit (:meth:`WriterLock.confirm`), and
its acknowledgement scripts remove a batch from Redis only while the lock is its own: a writer
whose lock was lost during a batch writes and removes nothing more. ``crawler ingest`` also
holds ``<database>.ingest.lock`` (an ``flock``, :class:`crawler.lock.CrawlLock`): a second writer
into the same file, fed from other keys, refuses too.

A Redis the writer cannot reach (down, restarting, loading: :func:`redis_outage`) is waited for,
as the crawler processes do, for ``REDIS_UNAVAILABLE_TIMEOUT`` seconds (:meth:`Ingester._recover`),
then the writer stops with :class:`RedisUnavailable` (exit 1). Back in time, it keeps its lock, or
takes it again if nobody holds it (:meth:`WriterLock.retake`: Redis restarted without its data;
the stored-URL and given-up hashes are then rebuilt), re-queues its processing list and carries
on; a lock another writer holds still stops it (:class:`WriterLockLost`).

Settings: ``REDIS_URL``, ``REDIS_ITEMS_KEY``, ``REDIS_STORED_URLS_KEY``, ``REDIS_IDLE_TIMEOUT``,
``REDIS_SOCKET_TIMEOUT`` (crawler processes' calls), ``REDIS_UNAVAILABLE_TIMEOUT`` (also the writer's),
``INGEST_BATCH_SIZE``, ``INGEST_LOCK_TTL``, ``REFUSED_RECHECK_AFTER``, ``REFUSED_RECHECK_SHORT_AFTER``,
``REFUSED_RECHECK_MAX`` (the writer's record of refused pages), ``STORAGE_WAL_CHECKPOINT_WAIT`` (the writer empties the
write-ahead log into the database file when it stops and when idle: :class:`Ingester`).
"""

from __future__ import annotations

import base64
import json
import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from crawler.dedup import FOLDING_VERSION
from crawler.distributed_runs import RunReport, record_runs, run_report_from_envelope
from crawler.errors import CrawlerError
from crawler.fetch_errors import GIVEN_UP_KIND_IS, GIVEN_UP_KINDS, FetchError, write_fetch_errors
from crawler.items import ArticleItem
from crawler.lock import CrawlLock, LockHeld, process_alive
from crawler.refused import Refusal, forget_refusals, record_refusals, refusal_settings, refused_rows
from crawler.runs import HealthSettings
from crawler.storage import ArticleStore, checkpoint_wal
from crawler.urls import url_key

logger = logging.getLogger(__name__)

# Version of the item encoding; a writer refuses items of a version it does not know.
ITEM_FORMAT = 1
_ARTICLE_FIELDS = {f.name for f in fields(ArticleItem)}
# Flags of crawl components that write the local SQLite file (or files beside it): run records
# (crawl_runs), the resume journal. Off in crawler processes of a distributed crawl unless set on
# the command line. (The fetch-error log goes to the writer through Redis instead.)
LOCAL_DATABASE_FEATURES = ("RUNS_ENABLED", "RESUME_ENABLED")
# The components each of those flags switches on: left out of their component dict when
# distributed mode turns the flag off, rather than built to raise NotConfigured, which Scrapy logs
# as a WARNING ("Disabled ...: RUNS_ENABLED is off"): three expected "warnings" in every run of
# every crawler process, at the LOG_LEVEL=WARNING a cron job runs at.
LOCAL_DATABASE_COMPONENTS = {
    "RUNS_ENABLED": (("EXTENSIONS", "pipelines.runs.CrawlRunsExtension"),
                     ("EXTENSIONS", "pipelines.runs.CrawlProgressExtension")),
    "RESUME_ENABLED": (("SPIDER_MIDDLEWARES", "pipelines.resume.ResumeFrontierMiddleware"),),
}
# Lock file beside the database that one `crawler ingest` holds while it writes it.
DATABASE_WRITER_LOCK_SUFFIX = ".ingest.lock"
# Rows per HSET when rebuilding the stored-URL hash from SQLite.
SEED_CHUNK = 5000


class DistributedError(CrawlerError):
    """Redis cannot be reached, or an item in it cannot be decoded."""


class RedisUrlError(DistributedError):
    """A Redis URL (``--redis``, ``REDIS_URL``) that redis-py cannot read: a usage error."""


class WriterLockHeld(DistributedError):
    """Another ``crawler ingest`` holds the writer lock of these Redis keys."""


class WriterLockLost(DistributedError):
    """The writer lock expired under the running writer, or another writer took it."""


class RedisUnavailable(DistributedError):
    """Redis stayed unreachable for ``REDIS_UNAVAILABLE_TIMEOUT`` seconds while the writer ran: a
    failed run (exit 1), not a usage error."""

    exit_code = 1


def redis_outage(exc: BaseException) -> bool:
    """``exc`` says Redis cannot be reached right now (down, restarting, loading its data, a
    replica promoted or demoted under the client), as opposed to refusing what was asked."""
    from redis.exceptions import ConnectionError, ReadOnlyError, TimeoutError

    return isinstance(exc, (ConnectionError, TimeoutError, ReadOnlyError))


# --- item encoding ------------------------------------------------------------------------
def encode_article(article: ArticleItem, run: str | None = None) -> bytes:
    """JSON bytes of an article for the Redis item list (``minhash`` bytes as base64), with the
    id of the distributed run that fetched it (``run``), when there is one."""
    data = article.to_dict()
    if data["minhash"] is not None:
        data["minhash"] = base64.b64encode(data["minhash"]).decode("ascii")
    envelope = {"format": ITEM_FORMAT, "article": data, "folding": FOLDING_VERSION}
    if run is not None:
        envelope["run"] = run
    return json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def article_run(payload: bytes | str) -> str | None:
    """The distributed run id an encoded article's envelope names (``None``: none, or not a string)."""
    try:
        run = json.loads(payload).get("run")
    except (ValueError, AttributeError):
        return None
    return run if isinstance(run, str) else None


@dataclass(frozen=True)
class FetchReport:
    """Fetch errors of a crawler process, and the ``gone_at`` marks its run decided, for the
    writer to record (:func:`crawler.fetch_errors.write_fetch_errors`)."""

    errors: tuple[tuple[FetchError, str], ...] = ()
    """``(error, seen_at)``: the ``fetch_errors`` rows."""
    gone: tuple[tuple[str, str], ...] = ()
    """``(url, seen_at)``: addresses whose stored article is marked gone (sent once, when the
    process's run ends, empty when its answers were mostly gone: ``GONE_STORM_SHARE``)."""


def encode_fetch_report(errors, gone=()) -> bytes:
    """JSON bytes of a :class:`FetchReport` for the Redis item list (beside the articles)."""
    return json.dumps({"format": ITEM_FORMAT, "fetch_errors": [
        {"site": e.site, "url": e.url, "kind": e.kind, "status": e.status, "message": e.message,
         "attempts": e.attempts, "seen_at": seen_at} for e, seen_at in errors],
        "gone": [{"url": url, "seen_at": seen_at} for url, seen_at in gone]},
        ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class RefusalReport:
    """Pages a crawler process's extraction refused, and pages it accepted as articles, for the
    writer to record in ``refused_pages`` (``pipelines.redis_refused``)."""

    refused: tuple[Refusal, ...] = ()
    """Each with its site, URL as asked, reason and :attr:`~crawler.refused.Refusal.seen_at`."""
    accepted: tuple[str, ...] = ()
    """URLs (as asked) of pages that became articles: their rows, if any, are dropped."""


def encode_refusal_report(refused: Iterable[Refusal], accepted: Iterable[str] = ()) -> bytes:
    """JSON bytes of a :class:`RefusalReport` for the Redis item list (beside the articles)."""
    return json.dumps({"format": ITEM_FORMAT, "refused_pages": [
        {"site": r.site, "url": r.url, "reason": r.reason, "seen_at": r.seen_at} for r in refused],
        "accepted": list(accepted)}, ensure_ascii=False).encode("utf-8")


def _refusal_report(envelope: dict) -> RefusalReport:
    """The report in ``envelope``, every field checked (see :func:`_fetch_report`)."""
    refused = []
    for entry in envelope["refused_pages"]:
        if not all(isinstance(entry[name], str) for name in ("site", "url", "reason")):
            raise ValueError("a refused page's site, url or reason is not a string")
        url = _http_url(entry["url"])
        refused.append(Refusal(entry["site"], url, url_key(url), entry["reason"], _timestamp(entry["seen_at"])))
    accepted = tuple(_http_url(url) for url in envelope.get("accepted", ()))
    for url in accepted:
        url_key(url)  # ValueError for an address that has none
    return RefusalReport(tuple(refused), accepted)


def decode_item(payload: bytes | str, num_perm: int = 128) -> ArticleItem | FetchReport | RunReport | RefusalReport:
    """The article, fetch report, run report or refusal report :func:`encode_article` /
    :func:`encode_fetch_report` / :func:`crawler.distributed_runs.encode_run_report` /
    :func:`encode_refusal_report` encoded; :class:`DistributedError` if it is
    none of them. An article's distributed run id is in its envelope: :func:`article_run`.

    :param num_perm: MinHash permutations the writer's store uses (``DEDUP_NUM_PERM``, whose
        default is 128): a ``minhash`` that is not ``num_perm`` × 4 bytes is refused.
    """
    try:
        envelope = json.loads(payload)
        if envelope.get("format") != ITEM_FORMAT:
            raise ValueError(f"unknown item format {envelope.get('format')!r}")
        if "fetch_errors" in envelope:
            return _fetch_report(envelope)
        if "refused_pages" in envelope:
            return _refusal_report(envelope)
        if "run_report" in envelope:
            return run_report_from_envelope(envelope)
        article = _article(envelope["article"], num_perm)
        if envelope.get("folding") != FOLDING_VERSION:
            # Made by a crawler process of another release (one not yet upgraded, or an item left
            # in Redis across the upgrade): its hash, MinHash, lead keys and search spellings
            # were folded otherwise, and would match none of the rows stored since: made again.
            article.content_hash = article.minhash = article.lead_keys = article.search_spellings = None
        return article
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DistributedError(f"undecodable item: {exc}") from exc


def decode_article(payload: bytes | str, num_perm: int = 128) -> ArticleItem:
    """The article :func:`encode_article` encoded; :class:`DistributedError` if it is not one
    (see :func:`decode_item`)."""
    item = decode_item(payload, num_perm)
    if not isinstance(item, ArticleItem):
        raise DistributedError("undecodable item: a report, not an article")
    return item


def _fetch_report(envelope: dict) -> FetchReport:
    """The report in ``envelope``, every field checked: a wrong type raised inside the writer's
    transaction on every restart, holding every item behind it (see :func:`_check_field_types`)."""
    errors = []
    for entry in envelope["fetch_errors"]:
        status, attempts = entry["status"], entry["attempts"]
        if not all(isinstance(entry[name], str) for name in ("site", "url", "kind", "message")):
            raise ValueError("a fetch error's site, url, kind or message is not a string")
        if status is not None and (not isinstance(status, int) or isinstance(status, bool)):
            raise ValueError("a fetch error's status is not an integer")
        if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 1:
            raise ValueError("a fetch error's attempts is not a positive integer")
        errors.append((FetchError(entry["site"], entry["url"], entry["kind"], status, entry["message"], attempts),
                       _timestamp(entry["seen_at"])))
    gone = tuple((_http_url(entry["url"]), _timestamp(entry["seen_at"])) for entry in envelope.get("gone", ()))
    return FetchReport(tuple(errors), gone)


def _timestamp(value) -> str:
    """``value`` if it is an ISO 8601 time (what ``gone_at`` and ``last_seen`` hold)."""
    if not isinstance(value, str):
        raise ValueError("seen_at is not a string")
    datetime.fromisoformat(value)  # ValueError if it is not a time
    return value


def _http_url(value) -> str:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ValueError("a gone mark's url is not an http(s) URL")
    return value


def _article(data: dict, num_perm: int) -> ArticleItem:
    """The article of an envelope's ``article`` (see :func:`decode_item`); ``ValueError`` and
    the like when it is not one."""
    unknown = set(data) - _ARTICLE_FIELDS
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if data.get("minhash") is not None:
        data["minhash"] = base64.b64decode(data["minhash"])
    _check_field_types(data)
    # Another producer's DEDUP_NUM_PERM, or a truncated signature: the near-duplicate index
    # raised inside the batch's transaction, on every restart of the writer.
    if data.get("minhash") is not None and len(data["minhash"]) != num_perm * 4:
        raise ValueError(f"minhash is {len(data['minhash'])} bytes, not {num_perm * 4} "
                         f"(DEDUP_NUM_PERM {num_perm} x 4)")
    return ArticleItem(**data)


# What each annotation of ArticleItem's fields allows (``from __future__ import annotations``
# keeps them as strings).
_FIELD_TYPES = {"str": (str,), "str | None": (str, type(None)), "int": (int,), "bytes | None": (bytes, type(None))}


def _check_field_types(data: dict) -> None:
    """A ``ValueError`` for a field of the wrong type: a foreign producer's item (a URL that is
    not a string, ``tags: null``, a three-byte MinHash) reached the writer's SQLite transaction
    and raised there on every restart, a poison pill holding every item behind it."""
    for spec in fields(ArticleItem):
        if spec.name not in data:
            continue
        value = data[spec.name]
        if spec.type == "list[str]":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{spec.name} is not a list of strings")
        elif spec.type == "list[int] | None":
            # lead keys are 63-bit SQLite integers: a larger one raised inside the transaction
            if value is not None and (not isinstance(value, list) or not all(
                    isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**63 for v in value)):
                raise ValueError(f"{spec.name} is not a list of 63-bit keys")
        elif spec.type in _FIELD_TYPES and (not isinstance(value, _FIELD_TYPES[spec.type])
                                            or isinstance(value, bool)):
            raise ValueError(f"{spec.name} is not {spec.type}")
    if not str(data.get("url", "")).startswith(("http://", "https://")):
        raise ValueError("url is not an http(s) URL")


def given_up_key(stored_urls_key: str) -> str:
    """The hash of the pages repeated failures leave alone, beside the stored-URL hash."""
    return f"{stored_urls_key}:given_up"


def given_up_marker(site: str, attempts: int, last_seen: str) -> str:
    """Value kept per URL (as the crawl asked for it) in the :func:`given_up_key` hash."""
    return json.dumps([site, attempts, last_seen])


def given_up_from_hash(entries: dict, site: str, after: int) -> dict[str, str]:
    """What :func:`crawler.fetch_errors.given_up_pages` reads from SQLite, read from the
    :func:`given_up_key` hash (``HGETALL``): ``site``'s pages whose failures reached ``after``,
    each with when it last failed. An entry that cannot be read is left out (fetched)."""
    pages = {}
    if after <= 0:
        return pages
    for url, value in entries.items():
        try:
            entry_site, attempts, last_seen = json.loads(value)
            if entry_site == site and int(attempts) >= after and isinstance(last_seen, str):
                pages[url.decode("utf-8") if isinstance(url, bytes) else url] = last_seen
        except (ValueError, TypeError):
            continue
    return pages


def rebuilt_key(stored_urls_key: str) -> str:
    """The key the writer sets (to the time) once it has rebuilt the stored-URL hash and the
    hashes beside it from the database: a crawler process that found Redis's data lost waits for
    it before it discovers the site again (``pipelines.redis_frontier``)."""
    return f"{stored_urls_key}:rebuilt"


def refused_key(stored_urls_key: str) -> str:
    """The hash of the pages extraction refused (``refused_pages`` rows), beside the stored-URL
    hash: field the URL key, value :func:`refused_marker`."""
    return f"{stored_urls_key}:refused"


def refused_marker(row: tuple[str, str, str, int]) -> str:
    """Value kept per URL key in the :func:`refused_key` hash: the row's ``(reason, last_seen,
    next_look_at, refusals)``, as :func:`crawler.refused.refused_page` gives it."""
    return json.dumps(list(row))


def refused_from_marker(value: bytes | str | None) -> tuple[str, str, str, int] | None:
    """The row a :func:`refused_marker` holds; ``None`` for none, or one that cannot be read
    (the page is fetched)."""
    if value is None:
        return None
    try:
        reason, last_seen, next_look_at, refusals = json.loads(value)
        if not all(isinstance(v, str) for v in (reason, last_seen, next_look_at)):
            return None
        return reason, last_seen, next_look_at, int(refusals)
    except (ValueError, TypeError):
        return None


def stored_marker(lastmod: str | None, fetched_at: str | None) -> str:
    """Value kept per URL key in the stored-URL hash: what the local check compares with
    a sitemap ``lastmod`` (``seen_urls.lastmod``, else ``fetched_at``)."""
    return lastmod or fetched_at or ""


# --- the settings switch ------------------------------------------------------------------
class DistributedMode:
    """Scrapy add-on: with ``REDIS_URL`` set, swap in the shared-frontier components."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls()

    def update_settings(self, settings) -> None:
        if not settings.get("REDIS_URL"):
            return
        from scrapy.settings import SETTINGS_PRIORITIES

        from pipelines.errors import FetchErrorsExtension
        from pipelines.middlewares import SkipStoredArticlesMiddleware
        from pipelines.redis_errors import RedisFetchErrorsExtension
        from pipelines.redis_frontier import SharedSkipStoredMiddleware
        from pipelines.redis_items import RedisItemsPipeline
        from pipelines.redis_refused import RedisRefusedPagesExtension
        from pipelines.redis_runs import RedisRunReportExtension
        from pipelines.refused import RefusedPagesExtension
        from pipelines.runs import CrawlRunsExtension
        from pipelines.store import StorePipeline

        # "addon" priority: an explicit -s SCHEDULER=... on the command line still wins.
        settings.set("SCHEDULER", "pipelines.redis_frontier.SharedFrontierScheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        # scrapy-redis' own clients (queue, dupefilter): the same bound as ours, and no second
        # wait (its default retry_on_timeout doubled every call's 30 s against a hung Redis).
        timeout = crawler_socket_timeout(settings)
        settings.set("REDIS_PARAMS", {**settings.getdict("REDIS_PARAMS"), "socket_timeout": timeout,
                                      "socket_connect_timeout": min(10, timeout), "retry_on_timeout": False},
                     "addon")
        # Crawler machines have no database file: components that write SQLite next to it
        # are off (the Redis queue is the persistent frontier here). Run records go to the
        # writer instead, at the local extension's place (pipelines/redis_runs.py).
        runs_priority = settings.getpriority("RUNS_ENABLED")
        if runs_priority is None or runs_priority <= SETTINGS_PRIORITIES["project"]:
            _replace_component(settings, "EXTENSIONS", CrawlRunsExtension, RedisRunReportExtension)
        for name in LOCAL_DATABASE_FEATURES:
            if settings.getpriority(name) is None or settings.getpriority(name) <= SETTINGS_PRIORITIES["project"]:
                settings.set(name, False, "project")
                for component_setting, path in LOCAL_DATABASE_COMPONENTS[name]:
                    _leave_out(settings, component_setting, path)
        _replace_component(settings, "ITEM_PIPELINES", StorePipeline, RedisItemsPipeline)
        _replace_component(settings, "DOWNLOADER_MIDDLEWARES", SkipStoredArticlesMiddleware,
                           SharedSkipStoredMiddleware)
        _replace_component(settings, "EXTENSIONS", FetchErrorsExtension, RedisFetchErrorsExtension)
        # Refused pages go to the writer, which records them in refused_pages and mirrors the rows
        # into Redis for the stored check (until 2026-12 crawler processes fetched them every run).
        _replace_component(settings, "EXTENSIONS", RefusedPagesExtension, RedisRefusedPagesExtension)


def _leave_out(settings, name: str, path: str) -> None:
    """Disable the component ``path`` in the component dict ``name`` (order ``None``), if listed."""
    from scrapy.utils.misc import load_object

    target = load_object(path)
    if any(order is not None and (key == path or load_object(key) is target if isinstance(key, str) else key is target)
           for key, order in settings.getdict(name).items()):
        settings.set_in_component_priority_dict(name, target, None)


def _replace_component(settings, name: str, old_cls: type, new_cls: type) -> None:
    """``new_cls`` at ``old_cls``'s order in a component dict, if ``old_cls`` is enabled there."""
    from scrapy.utils.misc import load_object

    enabled = settings.getdict(name)
    if any(order is not None and load_object(path) is old_cls for path, order in enabled.items()):
        settings.replace_in_component_priority_dict(name, old_cls, new_cls)

def redacted(url: str) -> str:
    """``url`` with its password hidden, for messages: ``redis://:***@host:6379/0``."""
    if "://" not in url and "@" in url:  # "writer:s3cret@10.0.0.5:6379", which urlsplit cannot read
        credentials, _, host = url.rpartition("@")
        return f"{credentials.partition(':')[0]}:***@{host}"
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


# A Redis URL as redis-py reads it (``redis.connection.parse_url``); it refuses anything else
# with a ValueError, which surfaced as a traceback from inside a crawl or the writer.
REDIS_URL_PREFIXES = ("redis://", "rediss://", "unix://")
REDIS_URL_FORM = "redis://HOST:PORT/DB (or rediss://... for TLS, unix:///path/to/redis.sock)"


def check_redis_url(url: str, option: str) -> None:
    """Refuse, in one line naming ``option`` (``--redis``, ``REDIS_URL``), a Redis URL redis-py
    cannot read: no scheme (``10.0.0.5:6379``), another scheme, a port that is not a number.
    Each command calls it once it has its settings, before anything starts.

    :raises RedisUrlError: saying what a valid URL looks like.
    """
    # redis-py's own test (scheme names are case-insensitive; "redis:host" is refused too).
    if not url.lower().startswith(REDIS_URL_PREFIXES):
        raise RedisUrlError(f"{option} {redacted(url)!r} is not a Redis URL: write it as {REDIS_URL_FORM}")
    try:
        from redis.connection import parse_url
    except ImportError:  # without the `redis` extra the crawl says what is missing itself
        return
    try:
        parse_url(url)
    except ValueError as exc:  # "Port could not be cast to integer value as 'x'"
        raise RedisUrlError(f"{option} {redacted(url)!r}: {str(exc).rstrip('.')}; "
                            f"write it as {REDIS_URL_FORM}") from None


def redis_client(url: str, *, ping: bool = True, socket_timeout: float = 60):
    """A Redis client for ``url`` that has answered a PING (unless ``ping`` is false).

    :param socket_timeout: seconds one call waits for an answer before it fails; crawler
        processes pass ``REDIS_SOCKET_TIMEOUT`` (:func:`crawler_redis_client`).
    """
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=min(10, socket_timeout), socket_timeout=socket_timeout)
    if not ping:
        return client
    try:
        client.ping()
    except redis.RedisError as exc:
        raise DistributedError(f"cannot reach Redis at {redacted(url)}: {exc}") from exc
    return client


CRAWLER_SOCKET_TIMEOUT = 5.0
"""``REDIS_SOCKET_TIMEOUT``'s default (crawler/settings.py), for settings that lack it."""


def crawler_socket_timeout(settings) -> float:
    """``REDIS_SOCKET_TIMEOUT``: seconds a crawler process's Redis call may wait (0 would make its
    socket non-blocking, every call failing at once: the default instead)."""
    return settings.getfloat("REDIS_SOCKET_TIMEOUT", CRAWLER_SOCKET_TIMEOUT) or CRAWLER_SOCKET_TIMEOUT


def crawler_redis_client(settings):
    """The Redis client of a crawler process's component: ``REDIS_URL``, not pinged (a Redis
    that is down at start is reported once, by the shared frontier), each call bounded by
    ``REDIS_SOCKET_TIMEOUT``: it runs in the reactor's thread, which a hung Redis would hold,
    signals included, for as long."""
    return redis_client(settings.get("REDIS_URL"), ping=False, socket_timeout=crawler_socket_timeout(settings))


# --- a full Redis ----------------------------------------------------------------------------
def redis_full(exc: BaseException) -> bool:
    """``exc`` is Redis refusing a write at ``maxmemory`` under ``noeviction``.

    The one test of "Redis is out of memory", for the writer (which then drains) and for the
    crawler processes (``pipelines.redis_outage``: close reason ``redis_out_of_memory``). Redis
    answers "-OOM command not allowed when used memory > 'maxmemory'."; redis-py maps that to
    ``OutOfMemoryError`` and strips the "OOM" code from the message, and the same refusal inside
    a Lua script (Redis 6) or from an older client arrives as a plain ``ResponseError`` whose
    message is the rest of the sentence. So: the class, or the sentence.
    """
    from redis.exceptions import OutOfMemoryError

    return isinstance(exc, OutOfMemoryError) or "used memory > 'maxmemory'" in str(exc)


# A script with this first line runs, and may write, when Redis is full (Redis 7+ script flags):
# the writer must take its lock and set items aside there to free memory.
ALLOW_OOM = "#!lua flags=allow-oom\n"


def script_flags_supported(server) -> bool:
    """Whether Redis understands ``#!lua flags=...`` (7.0 and later)."""
    version = str(server.info("server").get("redis_version", "0"))
    try:
        return int(version.split(".")[0]) >= 7
    except ValueError:
        return False


# --- the single-writer guard ----------------------------------------------------------------
def writer_lock_key(items_key: str) -> str:
    """The Redis key of the writer lock of the item list ``items_key`` (:class:`WriterLock`)."""
    return f"{items_key}:writer"


# KEYS: lock. ARGV: this writer's value, TTL in ms. 1 if the lock is still this writer's (and
# its expiry was pushed back), 0 if it expired or another writer took it.
_LOCK_REFRESH_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
# KEYS: lock. ARGV: this writer's value. Deletes the lock only if it is still this writer's.
_LOCK_RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
# KEYS: lock. ARGV: this writer's value, TTL in ms. SET NX PX, for a Redis that is full.
_LOCK_SET_SCRIPT = """
return redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
"""
# KEYS: lock. ARGV: the dead holder's value, this writer's value, TTL in ms. Takes the lock over
# only if it still holds the value read (no third writer got it in between).
_LOCK_TAKEOVER_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
"""


class WriterLock:
    """The one-writer guard of ``crawler ingest``: a Redis key set with ``SET NX PX``.

    Its value names the holder (``host <name> pid <n> (since <time>) writing <database>``, plus a
    token); a thread of the running writer pushes its expiry back every third of ``ttl``, so the
    key outlives the writer by at most ``ttl`` seconds however it dies. A writer that finds the
    key held refuses to start (:class:`WriterLockHeld`, naming the holder) — except when the
    holder is a process of this host that no longer exists (killed and restarted on the same
    machine): that lock is taken over at once instead of waiting for it to expire.

    :param server: a ``redis.Redis`` client.
    :param key: the lock key (``<REDIS_ITEMS_KEY>:writer``).
    :param ttl: seconds the key lives without being renewed (``INGEST_LOCK_TTL``).
    :param database: the database the writer writes, named in the lock's value.
    """

    def __init__(self, server, key: str, ttl: float, database: str = "") -> None:
        self.server = server
        self.key = key
        self.ttl_ms = max(1, int(ttl * 1000))
        self.host = socket.gethostname()
        since = datetime.now(UTC).replace(microsecond=0).isoformat()
        self.value = (f"host {self.host} pid {os.getpid()} (since {since})"
                      f"{' writing ' + database if database else ''} [{uuid.uuid4().hex[:8]}]")
        self.lost = False
        """The key expired or another writer took it while this one ran: stop writing."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def acquire(self) -> WriterLock:
        """Take the lock and start renewing it; :class:`WriterLockHeld` if another writer holds it.

        A full Redis (``maxmemory``, ``noeviction``) refuses ``SET``: the lock is then taken by a
        script flagged ``allow-oom`` (Redis 7+), since the writer is what empties a full Redis.
        """
        if not self._set_nx():
            holder = self.server.get(self.key)
            if holder is None or not self._take_over_dead(holder.decode("utf-8", "replace")):
                if holder is None:  # expired between SET and GET: try once more
                    if self._set_nx():
                        return self._started()
                    holder = self.server.get(self.key) or b"another writer"
                ttl = self.server.pttl(self.key)
                expiry = f"; its lock expires within {ttl / 1000:.0f} s unless it renews it" if ttl > 0 else ""
                raise WriterLockHeld(f"another writer holds Redis key {self.key}: "
                                     f"{holder.decode('utf-8', 'replace')}{expiry}; nothing done")
        return self._started()

    def _set_nx(self) -> bool:
        import redis

        try:
            return bool(self.server.set(self.key, self.value, nx=True, px=self.ttl_ms))
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise
        if not script_flags_supported(self.server):
            raise DistributedError(f"Redis is full (maxmemory reached) and refuses the writer lock {self.key}; "
                                   "before Redis 7 nothing lets it through: raise maxmemory for the writer to "
                                   "drain it") from None
        return bool(self._eval(_LOCK_SET_SCRIPT, self.value, self.ttl_ms))

    def _eval(self, script: str, *args):
        """Run a lock script that writes, allowed on a full Redis where Redis supports it."""
        if script_flags_supported(self.server):
            script = ALLOW_OOM + script
        return self.server.eval(script, 1, self.key, *args)

    def _take_over_dead(self, holder: str) -> bool:
        """Take the lock of a holder that was a process of this host and is gone."""
        parts = holder.split()
        if len(parts) < 4 or parts[0] != "host" or parts[1] != self.host or parts[2] != "pid":
            return False
        try:
            pid = int(parts[3])
        except ValueError:
            return False
        if pid == os.getpid() or process_alive(pid):
            return False
        if not self._eval(_LOCK_TAKEOVER_SCRIPT, holder, self.value, self.ttl_ms):
            return False
        logger.warning("took over the writer lock %s of a writer that is gone (%s)", self.key, holder)
        return True

    def _started(self) -> WriterLock:
        self._thread = threading.Thread(target=self._renew, name="ingest-writer-lock", daemon=True)
        self._thread.start()
        return self

    def _renew(self) -> None:
        import redis

        while not self._stop.wait(self.ttl_ms / 3000):
            try:
                still_ours = self.server.eval(_LOCK_REFRESH_SCRIPT, 1, self.key, self.value, self.ttl_ms)
            except redis.RedisError as exc:  # the main loop meets the same failure and reports it
                logger.debug("cannot renew the writer lock %s: %s", self.key, exc)
                continue
            if not still_ours:
                self.lost = True
                logger.warning("the writer lock %s expired or was taken by another writer", self.key)
                return

    def confirm(self) -> None:
        """Renew the lock now, from the calling thread, or raise :class:`DistributedError` if it
        is no longer this writer's (it expired, or another writer took it): the check the writer
        makes inside each batch's transaction, just before its commit. The renewing thread looks
        only every third of the TTL, and the writer's loop only between batches: a batch in hand
        when the lock was lost was committed beside the new writer's."""
        if not self.server.eval(_LOCK_REFRESH_SCRIPT, 1, self.key, self.value, self.ttl_ms):
            self.lost = True
        if self.lost:
            raise WriterLockLost(lost_lock_message(self.key, self.ttl_ms / 1000))

    def retake(self) -> str | None:
        """After the lock was lost (:attr:`lost`), or Redis was unreachable: keep it if it is
        still this writer's (``"kept"``), or take it again if nobody holds it (``"retaken"``:
        ``SET NX``, as at the start; Redis restarted without its data, or the key expired while
        Redis could not be reached, or while this writer stalled, and no other writer took it);
        ``None`` if another writer holds it."""
        holder = self.server.get(self.key)
        if holder is not None and holder.decode("utf-8", "replace") != self.value:
            return None
        if holder is None and not self._set_nx():
            return None
        # A renewing thread that saw the key gone has ended; one still waiting is replaced.
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._stop = threading.Event()
        self.lost = False
        self._started()
        return "kept" if holder is not None else "retaken"

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        try:
            self.server.eval(_LOCK_RELEASE_SCRIPT, 1, self.key, self.value)
        except Exception as exc:  # noqa: BLE001 - the key expires by itself
            logger.warning("cannot release the writer lock %s (it expires by itself): %s", self.key, exc)


def lost_lock_message(key: str, ttl: float) -> str:
    return (f"lost the writer lock {key} (Redis restarted, or unreachable for more than {ttl:.0f} s, or this "
            "writer stalled that long); stopped so that two writers never run at once")


# --- the writer ---------------------------------------------------------------------------
@dataclass
class IngestReport:
    """What one ``crawler ingest`` run did."""

    requeued: int = 0
    """Items a previous, killed writer had taken but not acknowledged, put back at start."""
    seeded: int = 0
    """URL keys the stored-URL hash was rebuilt with from ``seen_urls`` at start."""
    stored: Counter = field(default_factory=Counter)
    """Outcomes of :meth:`ArticleStore.save_batch` (``new``, ``updated``, ``unchanged``, ``duplicate``)."""
    failed: int = 0
    """Undecodable items, moved to the ``<items key>:failed`` list."""
    drained: int = 0
    """Items taken from a full Redis by reading, committing and then popping them (no ``LMOVE``)."""
    batches: int = 0
    fetch_errors: int = 0
    """``fetch_errors`` rows recorded from the crawler processes' reports."""
    gone_marked: int = 0
    """Stored articles those reports marked gone (newly)."""
    outages: int = 0
    """Times Redis could not be reached and the writer waited for it (``REDIS_UNAVAILABLE_TIMEOUT``)."""
    runs_completed: int = 0
    """Distributed runs whose ``crawl_runs`` row this writer completed (every process reported its end)."""
    refusals: int = 0
    """``refused_pages`` rows written from the crawler processes' refusal reports."""

    @property
    def items(self) -> int:
        return sum(self.stored.values())


# KEYS: processing list, failed list, writer lock. ARGV: the writer lock's value ("": no lock),
# number of undecodable items, those items, then every item of the batch. Unless the lock is no
# longer this writer's (0: nothing done), sets the undecodable ones aside and removes the batch
# from the processing list, atomically (a MULTI would do the same, but Redis refuses every MULTI
# when it is full). A writer that lost its lock must not remove anything: the writer that took
# it re-queued the processing list, and may hold the same items in its own batch.
_ACK_SCRIPT = """
if ARGV[1] ~= '' and redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return 0
end
local undecodable = tonumber(ARGV[2])
for i = 3, undecodable + 2 do
  redis.call('LPUSH', KEYS[2], ARGV[i])
end
for i = undecodable + 3, #ARGV do
  redis.call('LREM', KEYS[1], 1, ARGV[i])
end
return 1
"""
# KEYS: the list drained, failed list, writer lock. ARGV: the writer lock's value ("": no lock),
# number of items to pop from its pop end, then the undecodable items among them. Unless the
# lock is no longer this writer's (0), pops them (freeing their memory) and sets the undecodable
# aside.
_DRAIN_ACK_SCRIPT = """
if ARGV[1] ~= '' and redis.call('GET', KEYS[3]) ~= ARGV[1] then
  return 0
end
redis.call('RPOP', KEYS[1], ARGV[2])
for i = 3, #ARGV do
  redis.call('LPUSH', KEYS[2], ARGV[i])
end
return 1
"""

# KEYS: the rebuilt hash, the hash it replaces, writer lock. ARGV: the writer lock's value ("": no
# lock). Unless the lock is no longer this writer's (0: nothing done, the rebuilt hash deleted),
# swaps the rebuilt hash in (RENAME), or deletes the old one when nothing was rebuilt (RENAME
# needs an existing key). A writer that lost its lock during a long rebuild at its start must not
# replace the hash the writer that took it keeps.
_SWAP_IN_SCRIPT = """
if ARGV[1] ~= '' and redis.call('GET', KEYS[3]) ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 0
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
else
  redis.call('DEL', KEYS[2])
end
return 1
"""


class Ingester:
    """Move articles from the Redis item list into SQLite, one committed batch at a time, with the
    fetch errors and gone marks the crawler processes reported (:class:`FetchReport`).

    While Redis is full, the URL keys of stored batches wait in memory to be marked in the
    stored-URL hash (:attr:`unmirrored`): at most :attr:`unmirrored_cap` of them (beyond that they
    are dropped, with one WARNING line: the hash is rebuilt from ``seen_urls`` at the writer's next
    start), retried at most every :attr:`mirror_retry_interval` seconds while ``LMOVE`` is refused,
    at once when it goes through again, and once more when the writer stops.

    :param store: the database writer (same deduplication as a local crawl).
    :param server: a ``redis.Redis`` client.
    :param items_key: list the crawler processes ``LPUSH`` to; ``<items_key>:processing``
        holds the batch being written, ``<items_key>:failed`` undecodable items.
    :param stored_urls_key: hash of URL key -> lastmod/fetched_at mirrored from ``seen_urls``.
    :param batch_size: articles per SQLite transaction.
    :param lock_ttl: seconds the writer lock ``<items_key>:writer`` outlives a writer that died
        (:class:`WriterLock`).
    :param checkpoint_wait: seconds a checkpoint of the database's write-ahead log waits for
        readers inside a read transaction (``STORAGE_WAL_CHECKPOINT_WAIT``); ``0``: none.
    :param refusal_delays: ``(first, short_first, cap)`` of :func:`crawler.refused.record_refusals`
        (:func:`crawler.refused.refusal_settings`: ``REFUSED_RECHECK_*``); ``None``
        (``REFUSED_RECHECK_AFTER = 0``): refusal reports are not recorded, and the mirror is emptied.

    The writer empties the write-ahead log into the database file (``PRAGMA
    wal_checkpoint(TRUNCATE)``, :func:`crawler.storage.checkpoint_wal`) when it stops, SIGTERM
    included, and once no item has arrived for :attr:`checkpoint_idle` seconds after a write,
    as a crawl does when it ends (``pipelines.store.WalCheckpointExtension``). SQLite's own
    checkpoints after commits cannot go past a reader's read transaction, never shrink the log,
    and need a next commit: after a long read the log held the last batches, tens of MB of it,
    for as long as the writer ran and after it stopped, where a copy of ``news.db`` or an
    ``immutable=1`` reader missed them.
    """

    unmirrored_cap = 100_000
    """URL keys kept waiting for a full Redis to take their marks (about 100 bytes each)."""
    mirror_retry_interval = 5.0
    """Seconds between attempts to mark the waiting keys while Redis refuses ``LMOVE``."""
    checkpoint_idle = 10.0
    """Seconds without an item, after a write, before the write-ahead log is emptied; as long
    again before another try when a reader's read transaction held it back."""

    outage_poll = 1.0
    """Seconds between the writer's looks at a Redis it cannot reach."""

    def __init__(self, store: ArticleStore, server, *, items_key: str = "crawler:items",
                 stored_urls_key: str = "crawler:stored_urls", batch_size: int = 100,
                 lock_ttl: float = 30, checkpoint_wait: float = 1.0, unavailable_timeout: float = 120,
                 health: HealthSettings = HealthSettings(),
                 refusal_delays: tuple[float, float, float] | None = None) -> None:
        self.store = store
        self.refusal_delays = refusal_delays
        self.health = health
        self.server = server
        self.items_key = items_key
        self.processing_key = f"{items_key}:processing"
        self.failed_key = f"{items_key}:failed"
        self.stored_urls_key = stored_urls_key
        self.given_up_key = given_up_key(stored_urls_key)
        self.refused_key = refused_key(stored_urls_key)
        self.batch_size = max(1, batch_size)
        self.lock_key = writer_lock_key(items_key)
        self.lock_ttl = lock_ttl
        self.unavailable_timeout = unavailable_timeout
        self.allow_oom = None  # ALLOW_OOM when Redis supports script flags; read at the first ack
        self.full = False
        """Redis was full at the last take: items are drained (read, stored, then popped)."""
        self.unmirrored: set[str] = set()  # URL keys stored but not marked yet (Redis full)
        self._mirror_refused_at = float("-inf")  # time.monotonic() of the last HSET a full Redis refused
        self._unmirrored_overflowed = False  # keys beyond unmirrored_cap dropped in this outage
        self.checkpoint_wait = checkpoint_wait
        self._log_unemptied = False  # batches committed since the log was last emptied
        self._checkpoint_tried_at = float("-inf")  # time.monotonic() of the last try
        self._lock: WriterLock | None = None  # held by run(): confirmed before each commit and ack

    def requeue_unacknowledged(self) -> int:
        """Put items a killed writer left in the processing list back, oldest at the pop end."""
        import redis

        moved = 0
        # LEFT -> RIGHT keeps the order: the processing list's newest item goes to the
        # item list's pop end first and is overtaken by each older one after it.
        try:
            while self.server.lmove(self.processing_key, self.items_key, "LEFT", "RIGHT") is not None:
                moved += 1
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise
            # Redis is full: LMOVE needs memory. What is left is drained from the processing list
            # itself (run() stores it before anything else), in the same order.
        if moved:
            logger.warning("re-queued %d item(s) a previous writer took but did not store", moved)
        return moved

    def rebuild_stored_urls(self) -> int:
        """Replace the stored-URL hash with one built from ``seen_urls`` (crawlers on other
        machines have no database file; they consult this hash); the number of URL keys marked.

        Built under ``<key>:rebuilding`` and swapped in at once (:meth:`_rebuild`), so crawler
        processes never see it half-built. Replacing rather than adding drops marks that
        have no row any more (a database restored from a backup or replaced): left in place
        they would hide those articles from every later crawl.
        """
        cursor = self.store.db.execute("SELECT url_key, lastmod, fetched_at FROM seen_urls")
        marked = self._rebuild(self.stored_urls_key, (
            {key: stored_marker(lastmod, fetched) for key, lastmod, fetched in rows}
            for rows in iter(lambda: cursor.fetchmany(SEED_CHUNK), [])))
        if marked is not None:
            logger.info("stored-URL hash %s rebuilt from the database: %d URL key(s)", self.stored_urls_key, marked)
        return marked or 0

    def rebuild_given_up(self) -> int:
        """Replace the :func:`given_up_key` hash with one built from the ``fetch_errors`` rows of a
        :data:`~crawler.fetch_errors.GIVEN_UP_KINDS` kind, as :meth:`rebuild_stored_urls` does:
        rows deleted since (the retention job) leave no entry."""
        cursor = self.store.db.execute(
            f"SELECT site, url, attempts, last_seen FROM fetch_errors WHERE {GIVEN_UP_KIND_IS}", GIVEN_UP_KINDS)
        return self._rebuild(self.given_up_key, (
            {url: given_up_marker(site, attempts, last_seen) for site, url, attempts, last_seen in rows}
            for rows in iter(lambda: cursor.fetchmany(SEED_CHUNK), []))) or 0

    def rebuild_refused(self) -> int:
        """Replace the :func:`refused_key` hash with one built from ``refused_pages``, as
        :meth:`rebuild_stored_urls` does (emptied when refusals are not remembered)."""
        rows = refused_rows(self.store.db) if self.refusal_delays is not None else iter(())

        def chunks():
            chunk = {}
            for key, row in rows:
                chunk[key] = refused_marker(row)
                if len(chunk) >= SEED_CHUNK:
                    yield chunk
                    chunk = {}
            if chunk:
                yield chunk

        return self._rebuild(self.refused_key, chunks()) or 0

    def mark_rebuilt(self) -> None:
        """Say, in :func:`rebuilt_key`, that the hashes mirror the database: crawler processes
        that found Redis's data lost re-seed their run once it is set. Not set when a full Redis
        refused it (they re-seed after waiting instead)."""
        import redis

        try:
            self.server.set(rebuilt_key(self.stored_urls_key), datetime.now(UTC).isoformat(timespec="seconds"))
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise

    def _mirror_refused(self, reports: list[RefusalReport]) -> None:
        """After a batch's commit: the :func:`refused_key` entries of the pages its refusal reports
        name, from their rows as committed (set, or removed when the row is gone). A
        full Redis refuses it: those pages may be fetched again until the writer's next start."""
        import redis

        keys = {r.key for report in reports for r in report.refused}
        keys |= {url_key(url) for report in reports for url in report.accepted}
        if not keys:
            return
        found = {key: refused_marker(row) for key, row in refused_rows(self.store.db, keys)}
        gone = sorted(keys - set(found))
        try:
            if found:
                self.server.hset(self.refused_key, mapping=found)
            if gone:
                self.server.hdel(self.refused_key, *gone)
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise
            logger.warning("Redis is full (maxmemory reached): %d refused page(s) not marked in %s (crawler "
                           "processes may fetch them again); rebuilt at the writer's next start", len(found),
                           self.refused_key)

    def _rebuild(self, key: str, chunks: Iterable[dict[str, str]]) -> int | None:
        """Replace the hash ``key`` with the entries of ``chunks``, built under
        ``<key>:rebuilding`` and swapped in with :meth:`_swap_in`; the number of entries. A full
        Redis (maxmemory) keeps the old hash until the writer's next start (``None``, one WARNING
        line)."""
        import redis

        rebuilding_key = f"{key}:rebuilding"
        self.server.delete(rebuilding_key)  # a writer killed mid-rebuild leaves it behind
        entries = 0
        try:
            for mapping in chunks:
                self.server.hset(rebuilding_key, mapping=mapping)
                entries += len(mapping)
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise
            self.server.delete(rebuilding_key)
            logger.warning("Redis is full (maxmemory reached): %s not rebuilt, kept as it is until the writer "
                           "starts again", key)
            return None
        self._swap_in(rebuilding_key, key)  # (nothing rebuilt: the old hash is deleted)
        return entries

    def _swap_in(self, rebuilt_key: str, key: str) -> None:
        """Replace ``key`` with the hash built under ``rebuilt_key`` (or delete it when that is
        empty), atomically and only while the writer lock held by :meth:`run` is still this
        writer's (:data:`_SWAP_IN_SCRIPT`); otherwise raise :class:`DistributedError`."""
        # (allow-oom: a swap frees memory, and a full Redis must not keep a stale hash in place)
        self._fenced_eval(_SWAP_IN_SCRIPT, (rebuilt_key, key), ())

    def _fenced_eval(self, script: str, keys: tuple[str, ...], args: tuple, lost_detail: str = "") -> None:
        """Run one of the writer's lock-fenced scripts (allow-oom where Redis supports script
        flags): its keys, then the writer lock's key, and the lock's value ("" without a lock)
        before its other arguments. A script that answers 0 found the lock another writer's: the
        lock is marked lost and :class:`DistributedError` raised (``lost_detail`` added)."""
        if self.allow_oom is None:
            self.allow_oom = ALLOW_OOM if script_flags_supported(self.server) else ""
        lock = self._lock
        if not self.server.eval(self.allow_oom + script, len(keys) + 1, *keys, self.lock_key,
                                lock.value if lock is not None else "", *args):
            lock.lost = True
            raise WriterLockLost(lost_lock_message(self.lock_key, self.lock_ttl) + lost_detail)

    def _mirror_given_up(self, reports: list[FetchReport]) -> None:
        """After a batch's commit: the :func:`given_up_key` entries of the URLs its reports' errors
        name, from their rows as committed (set for a :data:`~crawler.fetch_errors.GIVEN_UP_KINDS`
        kind, removed for any other: a later failure of another kind replaces the row's kind). A
        full Redis refuses it: those pages may be fetched again until the writer's next start."""
        import redis

        failed = {(error.site, error.url) for r in reports for error, _seen in r.errors}
        if not failed:
            return
        given_up, other = {}, []
        for site, url in sorted(failed):
            row = self.store.db.execute("SELECT kind, attempts, last_seen FROM fetch_errors WHERE site = ? AND url = ?",
                                        [site, url]).fetchone()
            if row is not None and row[0] in GIVEN_UP_KINDS:
                given_up[url] = given_up_marker(site, row[1], row[2])
            else:
                other.append(url)
        try:
            if given_up:
                self.server.hset(self.given_up_key, mapping=given_up)
            if other:
                self.server.hdel(self.given_up_key, *other)
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise
            logger.warning("Redis is full (maxmemory reached): %d page(s) given up after repeated failures not "
                           "marked in %s (crawler processes may fetch them again); rebuilt at the writer's next "
                           "start", len(given_up), self.given_up_key)

    def take_batch(self, block_seconds: float) -> list[bytes]:
        """Move up to ``batch_size`` items into the processing list; wait ``block_seconds`` for the first.

        A full Redis refuses ``LMOVE`` (it may need memory): :attr:`full` is then set and the
        items already moved are returned (none, if the first move was refused).
        """
        import redis

        batch: list[bytes] = []
        try:
            first = (self.server.blmove(self.items_key, self.processing_key, block_seconds, "RIGHT", "LEFT")
                     if block_seconds > 0 else
                     self.server.lmove(self.items_key, self.processing_key, "RIGHT", "LEFT"))
            if first is None:
                self._full(False)
                return []
            batch.append(first)
            while len(batch) < self.batch_size:
                raw = self.server.lmove(self.items_key, self.processing_key, "RIGHT", "LEFT")
                if raw is None:
                    break
                batch.append(raw)
        except redis.RedisError as exc:
            if not redis_full(exc):
                raise
            self._full(True)
            return batch
        self._full(False)
        return batch

    def _full(self, full: bool) -> None:
        if full and not self.full:
            logger.warning("Redis is full (maxmemory reached) and refuses LMOVE: draining %s instead (each "
                           "batch read, committed to SQLite, then popped, which frees its memory)", self.items_key)
        elif self.full and not full:
            logger.warning("Redis takes LMOVE again: items go through %s again", self.processing_key)
        self.full = full

    def drain_batch(self, key: str, report: IngestReport) -> int:
        """Store up to ``batch_size`` items from the pop end of list ``key`` without moving them:
        read them (``LRANGE``), commit them to SQLite, then pop them (``RPOP``, which frees memory
        on a full Redis, where ``LMOVE`` is refused). Only the writer pops these lists (the writer
        lock), so the items popped are the items read. A writer killed between the commit and
        the pop stores them again at its restart ("unchanged"). Returns the number drained."""
        raw = self.server.lrange(key, -self.batch_size, -1)
        if raw:
            self.store_batch(raw[::-1], report, drained_from=key)  # oldest (pop end) first
        return len(raw)

    def store_batch(self, batch: list[bytes], report: IngestReport, *, drained_from: str | None = None) -> None:
        """Write a taken batch in one transaction, acknowledge it, then mirror its URLs.

        :param drained_from: ``None`` for a batch in the processing list (acknowledged by
            removing it there); else the list whose pop end holds the batch
            (:meth:`drain_batch`: acknowledged by popping it).
        """
        articles, reports, run_reports, runs, undecodable, refusal_reports = [], [], [], [], [], []
        order: list[RunReport | int] = []  # the run reports and the articles (their index), as the batch holds them
        for raw in batch:
            try:
                item = decode_item(raw, self.store.num_perm)
            except DistributedError as exc:
                logger.error("%s; moved to %s", exc, self.failed_key)
                undecodable.append(raw)
                continue
            if isinstance(item, RunReport):
                run_reports.append(item)
                order.append(item)
            elif isinstance(item, FetchReport):
                reports.append(item)
            elif isinstance(item, RefusalReport):
                if self.refusal_delays is not None:
                    refusal_reports.append(item)
            else:
                order.append(len(articles))
                articles.append(item)
                runs.append(article_run(raw))
        marked = []
        completed_runs = []
        refusals_written = []

        def record_refused(db) -> None:
            # With the local mode's functions and delay policy (crawler.refused); report by report,
            # in the order the crawler processes pushed them. A replayed batch counts no refusal
            # twice (record_refusals skips one no later than its row's last_seen).
            first, short_first, cap = self.refusal_delays
            written = 0
            for refusal_report in refusal_reports:
                forget_refusals(db, (url_key(url) for url in refusal_report.accepted))
                written += record_refusals(db, refusal_report.refused, datetime.now(UTC), first=first,
                                           short_first=short_first, cap=cap)
            refusals_written[:] = [written]

        def record_reports(db) -> None:
            # In the articles' transaction, after them: a mark sees an address the batch stored
            # again (online after all). A batch replayed after a crash (killed between the commit and
            # the acknowledgement) adds no attempts twice: record_fetch_error skips a failure no
            # later than its row's last_seen.
            marked[:] = [write_fetch_errors(db, [e for r in reports for e in r.errors],
                                            [g for r in reports for g in r.gone])]

        lock = self._lock

        def before_commit(db, outcomes) -> None:
            if reports:
                record_reports(db)
            if refusal_reports:
                record_refused(db)
            if run_reports or any(runs):
                events = [entry if isinstance(entry, RunReport)
                          else (articles[entry].site, runs[entry], outcomes[entry].status)
                          for entry in order if isinstance(entry, RunReport) or runs[entry]]
                completed_runs[:] = record_runs(db, events, pid=os.getpid(), health=self.health)
            if lock is not None:  # last, just before COMMIT: a lost lock rolls the batch back
                lock.confirm()

        # commits, or raises and nothing is acknowledged
        outcomes = (self.store.save_batch(articles, then=before_commit)
                    if reports or run_reports or refusal_reports or any(runs) or lock is not None
                    else self.store.save_batch(articles))
        report.runs_completed += len(completed_runs)
        report.stored.update(outcome.status for outcome in outcomes)
        report.fetch_errors += sum(len(r.errors) for r in reports)
        report.gone_marked += sum(marked)
        report.refusals += sum(refusals_written)
        report.failed += len(undecodable)
        report.batches += 1
        # allow-oom: the acknowledgement frees more than it takes (the set-aside items are part
        # of the batch it removes); on a full Redis 6 it is refused only with undecodable items.
        # Fenced by the lock too (atomically, in the script): lost between the commit and here, the
        # batch stays in Redis, for the writer that took the lock (stored again "unchanged" there).
        left = "; its last batch, committed, is left in Redis for the writer that holds the lock"
        if drained_from is None:
            self._fenced_eval(_ACK_SCRIPT, (self.processing_key, self.failed_key),
                              (len(undecodable), *undecodable, *batch), left)
        else:
            self._fenced_eval(_DRAIN_ACK_SCRIPT, (drained_from, self.failed_key), (len(batch), *undecodable), left)
        if drained_from is not None:
            report.drained += len(batch)
        self._log_unemptied = True
        self._mirror_stored_urls(articles)
        self._mirror_given_up(reports)
        self._mirror_refused(refusal_reports)

    def _mirror_stored_urls(self, articles: Iterable[ArticleItem], *, retry_now: bool = False) -> None:
        """Mark the batch's URL keys (and any a full Redis refused before) in the stored-URL hash.

        While Redis is full (:attr:`full`) and refused the last try less than
        :attr:`mirror_retry_interval` seconds ago, the keys only join :attr:`unmirrored`: each
        try reads all the waiting keys' rows back from SQLite. ``retry_now`` tries regardless.
        """
        import redis

        batch_keys = {url_key(url) for a in articles for url in (a.url, a.canonical_url) if url}
        for article in articles:  # its shortlink, which the store kept if it leads to it
            try:
                if article.shortlink:
                    batch_keys.add(url_key(article.shortlink))
            except ValueError:  # unusable, from another producer: the store kept none either
                continue
        if (self.unmirrored and self.full and not retry_now
                and time.monotonic() - self._mirror_refused_at < self.mirror_retry_interval):
            self._keep_unmirrored(batch_keys)
            return
        keys = sorted(self.unmirrored | batch_keys)
        if not keys:
            return
        rows = []
        for start in range(0, len(keys), 500):  # SQLite's bound-parameter limit
            chunk = keys[start:start + 500]
            marks = ",".join("?" for _ in chunk)
            rows += self.store.db.execute(
                f"SELECT url_key, lastmod, fetched_at FROM seen_urls WHERE url_key IN ({marks})", chunk
            ).fetchall()
        if rows:
            try:
                self.server.hset(self.stored_urls_key,
                                 mapping={key: stored_marker(lastmod, fetched) for key, lastmod, fetched in rows})
            except redis.RedisError as exc:
                if not redis_full(exc):
                    raise
                # Not marked yet: crawler processes may fetch these articles again meanwhile (stored
                # "unchanged"); retried later, rebuilt at the next start in any case.
                if not self.unmirrored:
                    logger.warning("Redis is full (maxmemory reached): stored articles are marked in %s once it "
                                   "takes writes again", self.stored_urls_key)
                self._mirror_refused_at = time.monotonic()
                self._keep_unmirrored(batch_keys)
                return
        self.unmirrored.clear()
        self._unmirrored_overflowed = False

    def _keep_unmirrored(self, keys: Iterable[str]) -> None:
        """Add ``keys`` to those waiting for a full Redis, up to :attr:`unmirrored_cap`."""
        new = sorted(set(keys) - self.unmirrored)
        room = max(0, self.unmirrored_cap - len(self.unmirrored))
        if len(new) > room:
            if not self._unmirrored_overflowed:
                logger.warning("Redis is full (maxmemory reached) and %d stored URL key(s) already wait to be "
                               "marked in %s: further ones are not kept (crawler processes may fetch those "
                               "articles again, stored \"unchanged\"); the writer rebuilds the hash from the "
                               "database at its next start", len(self.unmirrored), self.stored_urls_key)
                self._unmirrored_overflowed = True
            new = new[:room]
        self.unmirrored.update(new)

    def run(self, *, idle_timeout: float | None = None,
            should_stop: Callable[[], bool] = lambda: False, lock: WriterLock | None = None) -> IngestReport:
        """Take the writer lock, re-queue leftovers, rebuild the stored-URL hash, then store
        batches until no item has arrived for ``idle_timeout`` seconds (``None``: until
        ``should_stop()`` is true).

        :param lock: the writer lock, already taken (see :meth:`writer_lock`), which the caller
            releases; if ``None``, taken here and released on return.
        :raises WriterLockHeld: another writer runs on these keys (before anything is touched:
            re-queueing would take that writer's batch in hand).
        """
        if lock is not None:
            return self._run(lock, idle_timeout, should_stop)
        lock = self.writer_lock(os.fspath(self.store.path)).acquire()
        try:
            return self._run(lock, idle_timeout, should_stop)
        finally:
            lock.release()

    def writer_lock(self, database: str) -> WriterLock:
        """The (not yet taken) lock that keeps a second writer off these keys."""
        return WriterLock(self.server, self.lock_key, self.lock_ttl, database)

    def checkpoint_log(self) -> bool:
        """Empty the database's write-ahead log into the file; ``True`` when done (or nothing to
        do). A reader inside a read transaction holds it back: waited for ``checkpoint_wait``
        seconds, then tried again later."""
        if not self._log_unemptied or self.checkpoint_wait <= 0:
            return True
        self._checkpoint_tried_at = time.monotonic()
        if checkpoint_wal(self.store.path, wait=self.checkpoint_wait):
            self._log_unemptied = False
            logger.debug("write-ahead log of %s emptied into the file", self.store.path)
            return True
        return False

    def _start_over(self, report: IngestReport, *, rebuild: bool) -> None:
        """What the writer does when it starts, and again after Redis failed under it: put back
        what the processing list holds (the batch in hand when it failed, or a killed writer's),
        store what a full Redis kept there, and, when Redis may have lost them (at the start, or
        when the writer lock was gone: Redis restarted without its data), rebuild the stored-URL
        and given-up hashes from the database."""
        report.requeued += self.requeue_unacknowledged()
        # Left in the processing list when a full Redis refused to move them back: stored first.
        while self.drain_batch(self.processing_key, report):
            pass
        if rebuild:
            report.seeded = self.rebuild_stored_urls()
            self.rebuild_given_up()
            self.rebuild_refused()
            self.mark_rebuilt()

    def _recover(self, error: Exception, lock: WriterLock, report: IngestReport,
                 should_stop: Callable[[], bool], *, rebuild: bool = False) -> bool:
        """Carry on after ``error``: Redis could not be reached (:func:`redis_outage`), or the
        writer lock was found lost (:class:`WriterLockLost`). Waits for Redis for up to
        :attr:`unavailable_timeout` seconds, looking every :attr:`outage_poll` seconds, then keeps
        or takes the writer lock again (:meth:`WriterLock.retake`) and starts over
        (:meth:`_start_over`; the hashes rebuilt if the lock had to be taken again, or if
        ``rebuild``). ``False`` if ``should_stop()`` became true meanwhile.

        :raises WriterLockLost: another writer holds the lock (``error`` itself when it was one).
        :raises RedisUnavailable: Redis could not be reached for :attr:`unavailable_timeout` s.
        """
        import redis

        since = time.monotonic()
        outage = not isinstance(error, WriterLockLost)
        if outage:
            report.outages += 1
            logger.warning("Redis failed (%s); waiting up to %.0f s for it (REDIS_UNAVAILABLE_TIMEOUT), then "
                           "carrying on where it stopped", error, self.unavailable_timeout)
        while True:
            if outage:
                if should_stop():
                    return False
                if time.monotonic() - since >= self.unavailable_timeout:
                    raise RedisUnavailable(
                        f"Redis has failed for {time.monotonic() - since:.0f} s ({error}); stopped "
                        "(redis_unavailable): the items wait in Redis for the next writer") from None
                time.sleep(self.outage_poll)
            try:
                kept = lock.retake()
                if kept is None:
                    if isinstance(error, WriterLockLost):
                        raise error
                    raise WriterLockLost(lost_lock_message(self.lock_key, self.lock_ttl))
                if kept == "retaken":
                    logger.warning("the writer lock %s was gone (Redis restarted without its data, or the lock "
                                   "expired while Redis could not be reached or this writer stalled) and no other "
                                   "writer holds it: taken again; the stored-URL hash is rebuilt from the database",
                                   self.lock_key)
                self._start_over(report, rebuild=rebuild or kept == "retaken")
            except redis.RedisError as exc:
                if not redis_outage(exc):
                    raise
                if not outage:
                    outage, since = True, time.monotonic()
                    report.outages += 1
                error = exc
                continue
            if outage:
                logger.warning("Redis answers again after %.0f s: carrying on", time.monotonic() - since)
            return True

    def _checkpoint_when_idle(self, last_item: float) -> None:
        now = time.monotonic()
        if (self._log_unemptied and now - last_item >= self.checkpoint_idle
                and now - self._checkpoint_tried_at >= self.checkpoint_idle):
            self.checkpoint_log()

    def _run(self, lock: WriterLock, idle_timeout: float | None, should_stop: Callable[[], bool]) -> IngestReport:
        try:
            return self._store_until_stopped(lock, idle_timeout, should_stop)
        finally:
            self._lock = None
            # Also after a Redis failure: what was committed belongs in the file.
            if not self.checkpoint_log():
                logger.info("the write-ahead log of %s was not emptied before stopping (a reader inside a "
                            "read transaction); SQLite empties it at its next checkpoint", self.store.path)

    @staticmethod
    def _take_wait(idle_timeout: float | None, last_item: float) -> float:
        """Seconds a take waits for the first item: 1 (``should_stop`` is asked between takes),
        or what is left of ``idle_timeout``, so that the writer stops when it runs out, not up to a
        second later. 0 (no wait) below 10 ms: BLMOVE reads a timeout that rounds to 0 ms as
        "wait for ever"."""
        if idle_timeout is None:
            return 1
        left = min(1.0, idle_timeout - (time.monotonic() - last_item))
        return left if left >= 0.01 else 0

    def _store_until_stopped(self, lock: WriterLock, idle_timeout: float | None,
                             should_stop: Callable[[], bool]) -> IngestReport:
        import redis

        report = IngestReport()
        self._lock = lock
        try:
            self._start_over(report, rebuild=True)
        except redis.RedisError as exc:  # failed since the lock was taken: ridden out as below
            if not redis_outage(exc):
                raise
            if not self._recover(exc, lock, report, should_stop, rebuild=True):
                return report
        last_item = time.monotonic()
        while not should_stop():
            try:
                if lock.lost:
                    raise WriterLockLost(lost_lock_message(self.lock_key, self.lock_ttl))
                batch = self.take_batch(block_seconds=self._take_wait(idle_timeout, last_item))
                stored = len(batch)
                if batch:
                    self.store_batch(batch, report)
                elif self.full:  # LMOVE refused: drain instead
                    stored = self.drain_batch(self.items_key, report)
                    if not stored:
                        time.sleep(1)  # BLMOVE's wait, which a full Redis refuses too
            except WriterLockLost as exc:
                self._recover(exc, lock, report, should_stop)
                continue
            except redis.RedisError as exc:
                if not redis_outage(exc):
                    raise
                if not self._recover(exc, lock, report, should_stop):
                    break  # stopped (SIGTERM) while waiting
                last_item = time.monotonic()
                continue
            if stored:
                last_item = time.monotonic()
                logger.debug("stored a batch of %d item(s)", stored)
            elif idle_timeout is not None and time.monotonic() - last_item >= idle_timeout:
                logger.info("no item for %.0f s; stopping", idle_timeout)
                break
            else:
                self._checkpoint_when_idle(last_item)
        if self.unmirrored:  # marks a full Redis refused: one more try before stopping
            import redis

            try:
                self._mirror_stored_urls((), retry_now=True)
            except redis.RedisError as exc:  # rebuilt from the database at the next start anyway
                logger.warning("stored URL marks not written to %s: %s", self.stored_urls_key, exc)
        return report


def ingester_from_settings(settings, store: ArticleStore, client) -> Ingester:
    """The writer the settings describe, for ``crawler ingest``, reading through ``client``."""
    return Ingester(store, client, items_key=settings.get("REDIS_ITEMS_KEY"),
                    stored_urls_key=settings.get("REDIS_STORED_URLS_KEY"),
                    batch_size=settings.getint("INGEST_BATCH_SIZE"),
                    lock_ttl=settings.getfloat("INGEST_LOCK_TTL"),
                    checkpoint_wait=settings.getfloat("STORAGE_WAL_CHECKPOINT_WAIT"),
                    unavailable_timeout=settings.getfloat("REDIS_UNAVAILABLE_TIMEOUT"),
                    health=HealthSettings.from_settings(settings),
                    refusal_delays=(refusal_settings(settings) if settings.getfloat("REFUSED_RECHECK_AFTER") > 0
                                    else None))


def run_ingest(*, database: str | None = None, redis_url: str | None = None,
               idle_timeout: float | None = None, batch_size: int | None = None,
               overrides: dict | None = None) -> IngestReport:
    """``crawler ingest``: the one writer of a distributed crawl, until idle or SIGTERM/SIGINT.

    ``database``, ``redis_url`` and ``batch_size`` default to the ``DATABASE``, ``REDIS_URL``
    and ``INGEST_BATCH_SIZE`` settings, which ``overrides`` (``-s NAME=VALUE``) can set too;
    ``idle_timeout`` ``None`` runs until stopped.
    """
    import signal

    import redis

    from crawler.project import check_override_types, project_settings
    from pipelines.store import store_from_settings

    overrides = dict(overrides or {})
    overrides.update({key: value for key, value in (("DATABASE", database), ("INGEST_BATCH_SIZE", batch_size))
                      if value is not None})
    check_override_types(overrides, project_settings())
    settings = project_settings(overrides)
    stop_requested = []

    def request_stop(signum, frame):
        # Finish the batch in hand (its transaction and acknowledgement), then stop.
        logger.info("signal %d: stopping after the current batch", signum)
        stop_requested.append(signum)

    url = redis_url or settings.get("REDIS_URL")
    if not url:
        # REDIS_URL is a Scrapy setting, not an environment variable: Scrapy reads none but its
        # own SCRAPY_* ones. "set REDIS_URL" sent operators to `export REDIS_URL=...`, which
        # changed nothing.
        unread = "; the REDIS_URL environment variable is not read" if os.environ.get("REDIS_URL") else ""
        raise DistributedError("no Redis to read items from: give --redis redis://HOST:PORT/DB "
                               f"or -s REDIS_URL=redis://HOST:PORT/DB{unread}")
    check_redis_url(url, "--redis" if redis_url else "REDIS_URL")
    # Redis first: a writer that cannot read anything must not create or migrate the database.
    client = redis_client(url)
    # The writer locks next, before the database is opened: a second writer must not touch it.
    # The real path: a symlink to the file is the same database, and the same lock file.
    database_path = os.path.realpath(settings.get("DATABASE"))
    lock = WriterLock(client, writer_lock_key(settings.get("REDIS_ITEMS_KEY")), settings.getfloat("INGEST_LOCK_TTL"),
                      database_path)
    try:
        lock.acquire()
    except redis.RedisError as exc:
        raise DistributedError(f"Redis failed during ingest: {exc}") from exc
    # The database's own: a writer fed from other Redis keys (or another Redis) into the same
    # file is a second writer too. A flock: released by the kernel however the holder dies.
    file_lock = CrawlLock(f"{database_path}{DATABASE_WRITER_LOCK_SUFFIX}")
    try:
        file_lock.acquire()
    except (LockHeld, OSError) as exc:
        lock.release()
        if isinstance(exc, OSError):
            raise DistributedError(f"cannot use DATABASE {database_path}: {exc}") from None
        raise WriterLockHeld(f"another writer writes {database_path}: {exc}; nothing done") from None
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    store = None
    try:
        store = store_from_settings(settings)
        ingester = ingester_from_settings(settings, store, client)
        logger.info("writing items from Redis list %s to %s", ingester.items_key, store.path)
        return ingester.run(idle_timeout=idle_timeout, should_stop=lambda: bool(stop_requested), lock=lock)
    except redis.RedisError as exc:
        raise DistributedError(f"Redis failed during ingest: {exc}") from exc
    finally:
        lock.release()
        if store is not None:
            store.close()
        file_lock.release()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
