"""Page functions that fail on purpose, for the worker-pool tests (``EXTRACT_PAGE_FUNCTION``).

They run inside worker processes, so they are module-level (picklable by reference) and read
which page to fail on from the environment, which a crawl subprocess passes on to its workers.
"""

from __future__ import annotations

import os

from crawler.processing import analyse_page

CRASH_ENV = "CRAWLER_TEST_CRASH_ON"
RAISE_ENV = "CRAWLER_TEST_RAISE_ON"
HANG_ENV = "CRAWLER_TEST_HANG_ON"
# A file the worker creates as it starts hanging: the test knows the page is being analysed.
HANG_MARK_ENV = "CRAWLER_TEST_HANG_MARK"


def analyse_or_fail(page, context):
    """``analyse_page``, except that a page whose URL contains ``$CRAWLER_TEST_CRASH_ON`` kills
    the worker process (as a segfault in a C parser would) and one containing
    ``$CRAWLER_TEST_RAISE_ON`` makes the parser raise; one containing ``$CRAWLER_TEST_HANG_ON``
    never ends (as a regex that backtracks for hours would not), after writing the worker's pid
    to the file ``$CRAWLER_TEST_HANG_MARK`` if that is set."""
    crash_on, raise_on = os.environ.get(CRASH_ENV), os.environ.get(RAISE_ENV)
    hang_on = os.environ.get(HANG_ENV)
    if crash_on and crash_on in page.url:
        os._exit(70)
    if hang_on and hang_on in page.url:
        _hang()
    if raise_on and raise_on in page.url:
        raise ValueError(f"parser choked on {page.url}")
    return analyse_page(page, context)


def double_or_fail(value: str) -> str:
    """``value * 2``; ``"crash"`` kills the worker, ``"raise"`` raises ValueError."""
    if value == "crash":
        os._exit(70)
    if value == "raise":
        raise ValueError("asked to raise")
    return value * 2


def _hang() -> None:
    if mark := os.environ.get(HANG_MARK_ENV):
        with open(mark, "a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
    while True:  # busy, as a backtracking regex is: no signal or timer of its own ends it
        sum(range(100_000))


def double_or_hang(value: str) -> str:
    """``value * 2``; ``"hang"`` never returns."""
    if value == "hang":
        _hang()
    return value * 2


def work_or_hang(value: str) -> str:
    """``value`` back after ``float(value)`` seconds of the worker's own CPU time (a page that
    needs that much work, however long a loaded machine makes it wait); ``"hang"`` never returns
    (busy), ``"sleep"`` never returns either, blocked (a worker stuck on a lock burns no CPU)."""
    import time

    if value == "hang":
        _hang()
    if value == "sleep":
        while True:
            time.sleep(60)
    until = time.process_time() + float(value)
    while time.process_time() < until:
        sum(range(10_000))
    return value


def worker_pid(_value: str) -> int:
    return os.getpid()


def slow_pid(_value: str) -> int:
    """The worker's pid, after a second: a page still being analysed when the test kills it."""
    import time

    time.sleep(1)
    return os.getpid()


def _refuse_to_load():
    raise RuntimeError("this page function cannot be loaded here (a broken install)")


class UnloadableInWorkers:
    """A page function that pickles in the crawl process but cannot be unpickled in a worker,
    which therefore dies as it starts, like a worker of a broken installation."""

    def __call__(self, value: str) -> str:
        return value

    def __reduce__(self):
        return (_refuse_to_load, ())


def pid_after_a_moment(_value: str) -> int:
    """The worker's pid, after a fifth of a second: pages given out together overlap."""
    import time

    time.sleep(0.2)
    return os.getpid()


def answer_then_exit(value: str, directory: str) -> str:
    """``value * 2``, each call noted in the file ``directory/value``. The worker process exits
    50 ms after answering ``"exit-after-answer"`` (idle, as when the OOM killer picks it), and
    ``"crash-once"`` kills the first worker that analyses it (later ones answer it)."""
    import threading
    import time
    from pathlib import Path

    calls = Path(directory, value)
    first_call = not calls.exists()
    with calls.open("a", encoding="utf-8") as file:
        file.write(f"{os.getpid()}\n")
    if value == "exit-after-answer":
        threading.Thread(target=lambda: (time.sleep(0.05), os._exit(9)), daemon=True).start()
    if value == "crash-once" and first_call:
        os._exit(70)
    return value * 2


# The crawl's workers note their pid here, one line per page they analyse.
WORKER_LOG_ENV = "CRAWLER_TEST_WORKER_LOG"


def analyse_noting_worker(page, context):
    """``analyse_page``, after a tenth of a second (pages overlap, as real ones of ~20 ms do
    on a busy crawl), noting the worker's pid in ``$CRAWLER_TEST_WORKER_LOG``."""
    import time

    with open(os.environ[WORKER_LOG_ENV], "a", encoding="utf-8") as file:
        file.write(f"{os.getpid()}\n")
    time.sleep(0.1)
    return analyse_page(page, context)


def preloaded(_value: str) -> dict:
    """What the worker had before its first page: numpy imported, MinHash permutations made."""
    import sys

    from crawler.dedup import _permutations

    return {"numpy": "numpy" in sys.modules, "permutations": _permutations.cache_info().currsize}
