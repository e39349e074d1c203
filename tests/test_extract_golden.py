"""Golden extraction cases: realistic pages written for the project, one per kind of chrome and date form.

Each case is ``tests/golden/extraction/<case>.html`` (the page as served, bytes) and
``<case>.json``: ``params`` (url, languages, default_tz), then the expected fields. A case either
expects ``reason`` (the page is rejected) or an article with some of: ``title``, ``published_at``,
``modified_at``, ``authors``, ``language``, ``site_name``, ``shortlink`` (the page's declared
``rel=shortlink``, absolute), ``body`` (exact), ``starts_with``,
``must_contain`` (real content that must stay), ``must_not_contain`` (chrome that must go) and
``count`` (snippets that must appear exactly that many times). Every field is its own test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extract import extract_article

GOLDEN = Path(__file__).parent / "golden" / "extraction"
CASES = sorted(p.stem for p in GOLDEN.glob("*.json"))
FIELDS = ("reason", "title", "published_at", "modified_at", "authors", "language", "site_name", "shortlink",
          "body", "starts_with", "must_contain", "must_not_contain", "count")


def _expected(case: str) -> dict:
    return json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))


_results: dict[str, object] = {}


def _extract(case: str):
    if case not in _results:
        expected = _expected(case)
        params = expected["params"]
        html = (GOLDEN / f"{case}.html").read_bytes()
        _results[case] = extract_article(html, params["url"], languages=params.get("languages", ()),
                                         default_tz=params.get("default_tz"), encoding=params.get("encoding"),
                                         raise_errors=True)
    return _results[case]


def test_golden_folder_has_cases():
    assert len(CASES) >= 6
    for case in CASES:
        assert (GOLDEN / f"{case}.html").exists(), f"{case}.json has no {case}.html"
        expected = _expected(case)
        assert "reason" in expected or expected.get("must_contain") and expected.get("must_not_contain"), (
            f"{case}: an article case must list must_contain and must_not_contain")


@pytest.mark.parametrize(("case", "field"), [(c, f) for c in CASES for f in FIELDS if f in _expected(c)])
def test_golden_field(case: str, field: str):
    expected = _expected(case)
    result = _extract(case)
    if field == "reason":
        assert result.article is None
        assert result.reason == expected["reason"]
        return
    article = result.article
    assert article is not None, f"{case}: rejected as {result.reason}"
    body = article.body
    if field in {"title", "published_at", "modified_at", "authors", "language", "site_name", "shortlink", "body"}:
        assert getattr(article, field) == expected[field]
    elif field == "starts_with":
        assert body.startswith(expected[field]), body[:200]
    elif field == "must_contain":
        missing = [s for s in expected[field] if s not in body]
        assert not missing, f"real content lost: {missing}"
    elif field == "must_not_contain":
        present = [s for s in expected[field] if s in body]
        assert not present, f"chrome kept: {present}"
    elif field == "count":
        for snippet, times in expected[field].items():
            assert body.count(snippet) == times, snippet
