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
