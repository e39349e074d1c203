"""The stored-article check's lastmod comparison (pipelines.middlewares._is_newer): a stored
date later than the fetch, or a fetch time later than now, is no date to compare with."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipelines.middlewares import _is_newer

NOW = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)
FETCHED = "2026-12-06T10:00:00+00:00"


@pytest.mark.parametrize(("lastmod", "stored_lastmod", "fetched_at", "newer"), [
    # an ordinary stored lastmod (before the fetch) is what a new one is compared with
    ("2026-12-06T12:00:00Z", "2026-12-06T09:00:00Z", FETCHED, True),
    ("2026-12-06T09:00:00Z", "2026-12-06T09:00:00Z", FETCHED, False),
    # no stored lastmod: the fetch time; a day alone counts as its end
    ("2026-12-06T11:00:00Z", None, FETCHED, True),
    ("2026-12-06T09:00:00Z", None, FETCHED, False),
    ("2026-12-06", None, FETCHED, True),
    # a stored lastmod later than the fetch (2031): corrected to any other date, fetched again
    ("2026-12-05T00:00:00Z", "2031-06-01T00:00:00Z", FETCHED, True),
    ("2026-12-07T01:00:00Z", "2031-06-01T00:00:00Z", FETCHED, True),
    # ... but the same wrong date again says nothing new
    ("2031-06-01T00:00:00Z", "2031-06-01T00:00:00Z", FETCHED, False),
    # a day-only lastmod of the fetch's own day, stored: the same day again is not newer
    ("2026-12-06", "2026-12-06", FETCHED, False),
    # a fetch time later than now (clock forward when stored): fetched again
    ("2026-12-06T09:00:00Z", None, "2031-01-01T00:00:00+00:00", True),
    # nothing readable: not newer
    (None, None, FETCHED, False),
    ("not a date", "2031-06-01T00:00:00Z", FETCHED, False),
])
def test_a_lastmod_is_newer_than_a_stored_copy(lastmod, stored_lastmod, fetched_at, newer):
    assert _is_newer(lastmod, stored_lastmod, fetched_at, now=NOW) is newer
