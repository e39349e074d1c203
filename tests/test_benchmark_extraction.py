"""benchmarks/extraction.py's audit aids: the truth passages plain trafilatura keeps and the
product drops (``--lost``), and the passages the product keeps that neither the truth nor plain
trafilatura has (``--extra``). Inline texts only: tests never read the benchmark datasets."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("benchmark_extraction", _SCRIPT)
    module = importlib.util.module_from_spec(spec)
    # registered while it loads: its dataclass reads its own module's namespace
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


TRUTH = ("Police arrested six people on Monday. Officers stopped a car near the bridge, the spokesman said.\n\n"
         "Story continues below gallery\n\n"
         "A sheriff's dog later found drugs in the vehicle, the spokesman said.")


def test_a_line_the_product_drops_and_plain_keeps_is_lost_with_its_straddling_tokens(bench):
    plain = TRUTH
    product = TRUTH.replace("Story continues below gallery\n\n", "")
    assert bench.lost_passages(TRUTH, plain, product) == [
        "the spokesman said Story continues below gallery A sheriff s"]


def test_text_plain_drops_too_is_not_lost(bench):
    both = TRUTH.replace("Story continues below gallery\n\n", "")
    assert bench.lost_passages(TRUTH, both, both) == []


def test_text_only_the_product_keeps_is_not_lost(bench):
    plain = TRUTH.replace("Story continues below gallery\n\n", "")
    assert bench.lost_passages(TRUTH, plain, TRUTH) == []


def test_a_passage_the_truth_holds_twice_and_the_product_once_is_lost_once(bench):
    # as the metric counts shingles: a repeated standfirst the product keeps once
    lede = "The minister opened the new terminal on Sunday."
    truth = f"{lede}\n\n{lede}\n\nTravellers welcomed the shorter queues at passport control."
    product = f"{lede}\n\nTravellers welcomed the shorter queues at passport control."
    assert bench.lost_passages(truth, truth, product) == [
        "terminal on Sunday The minister opened the new terminal on Sunday"]


def test_a_truth_shorter_than_a_shingle_has_no_passages(bench):
    assert bench.lost_passages("Breaking news", "Breaking news", "") == []


NEWSLETTER = "Sign up for our daily newsletter to get the headlines first"


def test_text_only_the_product_keeps_is_extra_with_its_straddling_tokens(bench):
    product = TRUTH.replace("Story continues below gallery", NEWSLETTER)
    assert bench.extra_passages(TRUTH, TRUTH, product) == [
        "the spokesman said " + " ".join(NEWSLETTER.split()) + " A sheriff s"]


def test_text_plain_keeps_too_is_not_extra(bench):
    product = TRUTH + "\n\n" + NEWSLETTER
    assert bench.extra_passages(TRUTH, product, product) == []


def test_a_passage_the_product_holds_twice_and_the_truth_once_is_extra_once(bench):
    lede = "The minister opened the new terminal on Sunday."
    truth = f"{lede}\n\nTravellers welcomed the shorter queues at passport control."
    product = f"{lede}\n\n{truth}"
    assert bench.extra_passages(truth, truth.replace(lede, ""), product) == [
        "terminal on Sunday The minister opened the new terminal on Sunday"]


def test_truth_text_is_never_extra(bench):
    assert bench.extra_passages(TRUTH, "", TRUTH) == []


# ---------------------------------------------------------------------------------------------
# timing: each side in a process of its own


_STORY = ("<html><head><title>Port reopens after storm</title></head><body><nav><a href='/'>Home</a></nav>"
          "<article><h1>Port reopens after storm</h1>"
          "<p>The city's port reopened on Tuesday after a storm closed it for three days, the harbour "
          "authority said in a statement.</p>"
          "<p>Ships that had waited off the coast began to unload grain and fuel in the morning, and the "
          "authority said all berths would be working again by the end of the week.</p>"
          "<p>Fishermen said the storm had damaged dozens of boats moored in the old harbour.</p>"
          "</article></body></html>")


def _page(bench, page_id: str = "p1"):
    return bench.Page(page_id, f"https://news.example/{page_id}", _STORY.encode(), "The city's port reopened.")


def _trim_hits_after_trimming(page) -> int:
    """trafilatura's ``trim`` of the page's truth, and how many times its cache was hit so far."""
    from trafilatura.utils import trim

    trim(page.body + " (trimmed by a side)")
    return trim.cache_info().hits


def test_a_side_does_not_find_the_other_sides_cached_strings(bench):
    pages = [_page(bench)]
    first, second = bench.Side(_trim_hits_after_trimming, pages), bench.Side(_trim_hits_after_trimming, pages)
    try:
        hits_first, _ = first(0)
        hits_second, seconds = second(0)
        again, _ = first(0)
    finally:
        first.close()
        second.close()
    # the second side trims the same string as the first, in a cache of its own: no hit
    assert hits_second == hits_first
    assert again == hits_first + 1  # (the first side's own cache does hold it)
    assert seconds >= 0


def test_in_one_process_the_second_call_finds_the_strings_of_the_first(bench):
    """The control: what the separate processes are for. In one process (the benchmark's old
    timing), the side run second on a page hit trafilatura's cache on the first side's strings."""
    page = _page(bench, "p2")
    hits_first = _trim_hits_after_trimming(page)
    assert _trim_hits_after_trimming(page) == hits_first + 1


def test_the_benchmark_scores_both_sides_on_a_dataset(bench, tmp_path, capsys):
    import gzip
    import json

    (tmp_path / "html").mkdir()
    truth = {}
    for page_id in ("a", "b", "c"):
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(_STORY.encode()))
        truth[page_id] = {"url": f"https://news.example/{page_id}", "articleBody": (
            "The city's port reopened on Tuesday after a storm closed it for three days, the harbour authority "
            "said in a statement.\n\nShips that had waited off the coast began to unload grain and fuel in the "
            "morning, and the authority said all berths would be working again by the end of the week.\n\n"
            "Fishermen said the storm had damaged dozens of boats moored in the old harbour.")}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    assert bench.main([str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    # the same figures as the extractors give in this process: the split changes the timing only
    plain_text = bench._plain(bench.Page("a", truth["a"]["url"], _STORY.encode(), truth["a"]["articleBody"]))
    precision, recall = bench.page_scores(plain_text, truth["a"]["articleBody"])
    plain_line = next(line for line in out.splitlines() if line.startswith("plain "))
    assert plain_line.split()[1:3] == [f"{precision:.4f}", f"{recall:.4f}"]
    product_line = next(line for line in out.splitlines() if line.startswith("product "))
    assert product_line.split()[1:4] == ["1.0000", "1.0000", "1.0000"]
    assert "time ratio product/plain:" in out and "over 3 pages" in out


_BRIEF = ("<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
          "<p>The city's port reopened on Tuesday after a storm closed it for three days, the harbour "
          "authority said.</p></article></body></html>")


def test_pages_the_crawl_s_minimum_would_refuse_are_counted_and_still_scored(bench, tmp_path, capsys):
    """The scores take the product's text at ``min_words=0``; a page shorter than the crawl's
    ``EXTRACT_MIN_WORDS`` is scored all the same, and counted and marked as one the crawl refuses."""
    import gzip
    import json

    (tmp_path / "html").mkdir()
    brief = "The city's port reopened on Tuesday after a storm closed it for three days, the harbour authority said."
    story = ("The city's port reopened on Tuesday after a storm closed it for three days, the harbour authority "
             "said in a statement.\n\nShips that had waited off the coast began to unload grain and fuel in the "
             "morning, and the authority said all berths would be working again by the end of the week.\n\n"
             "Fishermen said the storm had damaged dozens of boats moored in the old harbour.")
    truth = {"brief": {"url": "https://news.example/brief", "articleBody": brief},
             "story": {"url": "https://news.example/story", "articleBody": story}}
    (tmp_path / "html" / "brief.html.gz").write_bytes(gzip.compress(_BRIEF.encode()))
    (tmp_path / "html" / "story.html.gz").write_bytes(gzip.compress(_STORY.encode()))
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth))
    assert bench.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    minimum = bench.EXTRACT_MIN_WORDS
    brief_line = next(line for line in out.splitlines() if line.startswith("brief "))
    assert "product P=1.000 R=1.000" in brief_line and brief_line.endswith(f"[min_words={minimum}: too_short]")
    story_line = next(line for line in out.splitlines() if line.startswith("story "))
    assert "min_words=" not in story_line
    product_line = next(line for line in out.splitlines() if line.startswith("product "))
    assert product_line.split()[1:4] == ["1.0000", "1.0000", "1.0000"]
    assert f"refused at the crawl's min_words={minimum} (the scores use 0): 1 of 2 pages (too_short 1)" in out
