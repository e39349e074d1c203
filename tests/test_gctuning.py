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


def test_a_crawl_process_freezes_what_is_alive_at_exit_so_shutdown_does_not_collect_it():
    # The interpreter's shutdown ran full collections over the whole heap: seconds of a crawl
    # process's exit after its last "Spider closed" line, for garbage the exit frees anyway.
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    script = (
        "import atexit, gc\n"
        # registered first, so it runs last among the exit handlers
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0, flush=True))\n"
        "from scrapy import signals\n"
        "from scrapy.utils.test import get_crawler\n"
        "from pipelines.gctuning import GarbageCollectorTuning\n"
        "crawler = get_crawler(settings_dict={'GC_THRESHOLDS': [10000, 10, 10]})\n"
        "tuning = GarbageCollectorTuning.from_crawler(crawler)  # signals hold it weakly\n"
        "crawler.signals.send_catch_log(signals.spider_opened, spider=None)\n"
        "assert gc.get_freeze_count() > 0\n"
        "crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason='finished')\n"
        "assert gc.get_freeze_count() == 0  # given back when the spider closed, as before\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "frozen at exit: True"


def test_a_process_whose_tuning_never_began_is_not_frozen_at_exit():
    # control: with GC_THRESHOLDS empty nothing is registered, Python's shutdown is untouched
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0, flush=True))\n"
        "from scrapy.exceptions import NotConfigured\n"
        "from scrapy.utils.test import get_crawler\n"
        "from pipelines.gctuning import GarbageCollectorTuning\n"
        "try:\n"
        "    GarbageCollectorTuning.from_crawler(get_crawler(settings_dict={'GC_THRESHOLDS': []}))\n"
        "except NotConfigured:\n"
        "    pass\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "frozen at exit: False"


def test_the_extraction_forkserver_preloads_the_freeze_at_exit():
    # the forkserver imported the extractor (trafilatura, lxml...): its own exit ran the same
    # collections, and the crawl's stderr pipe stayed open (a test's subprocess.run waited) until
    # it was done
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    script = (
        "from multiprocessing import forkserver\n"
        "from crawler.processing import analyse_page\n"
        "from crawler.workers import start_forkserver\n"
        "start_forkserver(analyse_page)\n"
        "print(sorted(forkserver._forkserver._preload_modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "['crawler.exitgc', 'crawler.processing']"
