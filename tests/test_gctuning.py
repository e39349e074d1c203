"""The crawl process's garbage-collector tuning (pipelines/gctuning.py): start-up's objects are
frozen and the thresholds set while a spider runs, and everything is as before once the last
spider of the process has closed."""

from __future__ import annotations

import gc
import logging

import pytest
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from pipelines.gctuning import GarbageCollectorTuning


@pytest.fixture
def python_defaults():
    """Each test starts and ends with Python's own collector settings."""
    before = gc.get_threshold()
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def tuning(thresholds) -> tuple:
    crawler = get_crawler(settings_dict={"GC_THRESHOLDS": thresholds})
    return crawler, GarbageCollectorTuning.from_crawler(crawler)


def test_start_up_objects_are_frozen_and_thresholds_set_while_the_spider_runs(python_defaults):
    crawler, _ = tuning([10000, 10, 10])
    crawler.signals.send_catch_log(signals.spider_opened, spider=None)
    assert gc.get_threshold() == (10000, 10, 10)
    assert gc.get_freeze_count() > 1000  # this test process's modules, classes, functions...
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0


def test_spiders_of_one_process_share_the_tuning_until_the_last_one_closes(python_defaults):
    first, _ = tuning([10000, 10, 10])
    second, _ = tuning([10000, 10, 10])
    first.signals.send_catch_log(signals.spider_opened, spider=None)
    second.signals.send_catch_log(signals.spider_opened, spider=None)
    first.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert gc.get_threshold() == (10000, 10, 10) and gc.get_freeze_count() > 0
    second.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    assert gc.get_threshold() == (700, 10, 10) and gc.get_freeze_count() == 0


def test_empty_setting_keeps_python_defaults(python_defaults):
    with pytest.raises(NotConfigured):
        tuning([])


@pytest.mark.parametrize("bad", [["many"], [1, 2, 3, 4], [-1]])
def test_an_invalid_setting_is_named_and_python_defaults_kept(python_defaults, bad, caplog):
    with caplog.at_level(logging.WARNING), pytest.raises(NotConfigured):
        tuning(bad)
    assert any("GC_THRESHOLDS" in record.getMessage() for record in caplog.records)
    assert gc.get_threshold() == (700, 10, 10)
