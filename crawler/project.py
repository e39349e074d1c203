"""The project's Scrapy settings, and the check of ``-s NAME=VALUE`` overrides, for commands
that need them before they crawl or without crawling.

In a module of its own: ``crawler.runner`` imports Scrapy's engine and download handler (0.3 s
of CPU), which ``crawler ingest`` and ``crawler restore-copy`` do not use, and which
``crawler crawl`` imports once its garbage-collector thresholds are set (``GC_THRESHOLDS``).
"""

from __future__ import annotations

import os
import re

from crawler.errors import CrawlerError


def project_settings(overrides: dict | None = None):
    """Scrapy settings of this project, wherever the command is run from, plus overrides."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


# Settings whose default (None) does not show the type of the values they take.
_TYPES_OF_UNSET = {"EXTRACT_WORKERS": int}
# Numbers that are a duration or a size, by the name Scrapy's and ours give them
# (DOWNLOAD_TIMEOUT, DOWNLOAD_DELAY, DOWNLOAD_MAXSIZE, CRAWL_SITEMAP_MAX_SIZE...): never negative.
# -s DOWNLOAD_TIMEOUT=-5 passed, then every request failed on an assertion deep in Twisted
# (recorded as "download/AssertionError", robots.txt among them).
_NON_NEGATIVE_SETTING = re.compile(r"(?:TIMEOUT|DELAY|SIZE)$")


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two neighbours counts one), or ``limit + 1``
    once it is over ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _misspelt_setting(name: str, defaults) -> str | None:
    """The setting ``name`` misspells (``CLOSESPIDER_TIMOUT``, ``LOG_LEVLE``, ``log_level``): a
    known one at most two letters away (or the same but for case), else ``None``. A name far from
    every known one passes: an add-on's own setting is no typo."""
    upper = name.upper()
    if upper != name and upper in defaults:
        return upper
    if len(name) < 6:
        return None
    best = min(((d, known) for known in defaults if len(known) >= 6
                and (d := _edit_distance(upper, known, 2)) <= 2), default=None)
    return best[1] if best else None


_LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def check_log_level(value) -> None:
    """A ``LOG_LEVEL`` that :mod:`logging` does not know (``warning``: its names are upper case)
    made Scrapy's log set-up fail with a traceback, before the crawl started."""
    import logging

    if not isinstance(value, str) or value in logging.getLevelNamesMapping():
        return
    hint = f"; did you mean {value.upper()}?" if value.upper() in logging.getLevelNamesMapping() else ""
    raise CrawlerError(f"-s LOG_LEVEL={value!r}: LOG_LEVEL takes one of {', '.join(_LOG_LEVELS)}{hint}")


def check_override_types(overrides: dict[str, str], defaults) -> None:
    """Refuse, in one line, a ``-s NAME=VALUE`` naming no setting but one or two letters away
    from one (``-s CLOSESPIDER_TIMOUT=3000`` ran without its bound, ``-s LOG_LEVLE=WARNING`` at
    INFO, exit 0: a cron line's typo went unnoticed for good), or one the crawl would fail on
    once a component reads it (``-s CLOSESPIDER_TIMEOUT=1h`` gave a traceback from deep in Scrapy and a failed site): a
    value that is not a number, a boolean or JSON where the setting's default is one, or a
    negative duration or size (a name ending in ``TIMEOUT``, ``DELAY`` or ``SIZE``). Read as
    Scrapy reads it; whole numbers are not demanded where the default is one, because Scrapy
    reads some of those with ``getfloat``."""
    from scrapy.settings import BaseSettings

    for name, value in overrides.items():
        if name not in defaults and (known := _misspelt_setting(name, defaults)):
            raise CrawlerError(f"-s {name}={value!r}: no such setting; did you mean {known}?")
        if name == "LOG_LEVEL":
            check_log_level(value)
            continue
        default = defaults.get(name)
        if default is None and value in ("", None):  # unset, as by default
            continue
        kind = _TYPES_OF_UNSET.get(name) or (dict if isinstance(default, (dict, BaseSettings)) else type(default))
        single = BaseSettings({name: value})
        try:
            if kind is bool:
                single.getbool(name)
            elif kind in (int, float):
                if single.getfloat(name) < 0 and _NON_NEGATIVE_SETTING.search(name):
                    raise CrawlerError(f"-s {name}={value!r}: {name} cannot be negative")
            elif kind is dict:
                single.getdict(name)
        except (ValueError, TypeError):
            expected = {bool: "True or False", int: "a number", float: "a number", dict: "a JSON object"}[kind]
            raise CrawlerError(f"-s {name}={value!r}: {name} takes {expected}") from None
