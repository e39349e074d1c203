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


def case_problems(expected: dict) -> list[str]:
    """What makes ``expected`` (a case's JSON) unusable by this harness; empty when it is fine.
    ``params.url`` is required (extraction resolves links, the canonical URL and the site name
    against it); ``languages``, ``default_tz`` and ``encoding`` are optional, as are the fields."""
    problems = []
    params = expected.get("params")
    if not isinstance(params, dict) or not isinstance(params.get("url"), str) or not params["url"]:
        problems.append('no "params" with the page\'s "url" (optional: "languages", "default_tz", "encoding")')
    if "reason" not in expected and not (expected.get("must_contain") and expected.get("must_not_contain")):
        problems.append("an article case must list must_contain and must_not_contain")
    if not any(field in expected for field in FIELDS):
        problems.append(f"no expected field (one of {', '.join(FIELDS)})")
    return problems


_results: dict[str, object] = {}


def _extract(case: str):
    if case not in _results:
        expected = _expected(case)
        problems = case_problems(expected)
        if problems:  # a KeyError: 'params' said nothing of the fix
            pytest.fail(f"{case}.json: {'; '.join(problems)}")
        _results[case] = extract_with_params((GOLDEN / f"{case}.html").read_bytes(), expected["params"])
    return _results[case]


def extract_with_params(html: bytes, params: dict):
    """The extraction a case's ``params`` ask for."""
    return extract_article(html, params["url"], languages=params.get("languages", ()),
                           default_tz=params.get("default_tz"), encoding=params.get("encoding"),
                           raise_errors=True)


def test_golden_folder_has_cases():
    assert len(CASES) >= 6
    for case in CASES:
        assert (GOLDEN / f"{case}.html").exists(), f"{case}.json has no {case}.html"
        problems = case_problems(_expected(case))
        assert not problems, f"{case}.json: {'; '.join(problems)}"


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
