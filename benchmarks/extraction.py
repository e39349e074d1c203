"""Extraction benchmark: this product's extractor and plain trafilatura, side by side.

Usage::

    python benchmarks/extraction.py DATASET_DIR [--limit N] [--quiet] [--lost] [--extra]

``DATASET_DIR`` is either an article-extraction-benchmark folder (``ground-truth.json`` +
``html/<id>.html.gz``) or a Fundus fixture folder (``manifest.jsonl`` + ``<id>.html.gz`` +
``<id>.json``). Scores use the article-extraction-benchmark metric: ``\\w+`` tokens,
multisets of overlapping 4-token shingles, corpus precision/recall as means of per-page
figures, F1 the harmonic mean of the two means. For Fundus pages it also reports title exact
match, publication date same-day match and exact author lists.

Plain trafilatura is ``trafilatura.extract(html, include_comments=False)``, the product is
``crawler.extract.extract_article(html_bytes, url, min_words=0)``: the scores judge the text it
keeps, not the crawl's length gate. Each page is also extracted at the crawl's own minimum
(``crawler.settings.EXTRACT_MIN_WORDS``), in a third process whose time is not counted, and the
pages refused there (too short, or a rule that weighs the body against ``min_words``, as the
few-card listing check does) are counted under the table, and marked on their page's line.

Timing (:class:`Side`): each side runs in a process of its own, forked from this one once the
pages are loaded, and the two are handed each page in turn, plain first on even pages and the
product first on odd ones; each times its own call in CPU time (``time.process_time``). In one
process, the side run second on a page found trafilatura's string caches (``trim``,
``line_processing``) filled with that page's strings by the first (the product's calls hit 97%
of the time after plain's), and paid for garbage collections the other's allocations had
brought due; on a shared machine wall time also counts the other processes' turns.

``--lost`` prints, under each page, the truth passages plain trafilatura keeps and the product
drops (:func:`lost_passages`): where to start a recall audit of the product's own rules.
``--extra`` is its mirror: the passages the product keeps that are neither in the truth nor in
plain trafilatura's text (:func:`extra_passages`), where a precision audit starts.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import logging
import multiprocessing
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import trafilatura

from crawler.boilerplate import clean_authors
from crawler.extract import extract_article
from crawler.settings import EXTRACT_MIN_WORDS

_TOKEN = re.compile(r"\w+")


@dataclass
class Page:
    id: str
    url: str
    html: bytes
    body: str
    title: str | None = None
    authors: list[str] | None = None
    published: str | None = None


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i: i + n]) for i in range(len(tokens) - n + 1))


def page_scores(predicted: str, truth: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; precision is None for an empty prediction, recall for empty truth."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    precision = tp / (tp + fp) if pred else None
    recall = (tp / (tp + fn) if tp + fn else 1.0) if true else None
    return precision, recall


_LOST_PASSAGE_CHARS = 300


def lost_passages(truth: str, kept: str, predicted: str, n: int = 4) -> list[str]:
    """The passages of ``truth`` that ``kept`` has and ``predicted`` lacks, in truth order: maximal
    runs of truth tokens whose ``n``-token shingles are counted in ``kept`` and not in
    ``predicted``, as the metric counts them (a shingle the truth holds twice and ``predicted``
    once is lost once), each as its tokens joined by spaces ("Story continues below gallery A
    Bartholomew": a passage runs over its neighbours' first and last ``n - 1`` tokens, whose
    shingles straddle it). A truth shorter than ``n`` tokens gives none."""
    tokens = _TOKEN.findall(truth or "")
    return _flagged_runs(tokens, [in_kept and not in_predicted for in_kept, in_predicted
                                  in _shingles_held(tokens, shingles(kept, n), shingles(predicted, n), n)], n)


def extra_passages(truth: str, plain: str, predicted: str, n: int = 4) -> list[str]:
    """The passages of ``predicted`` that neither ``truth`` nor ``plain`` has, in ``predicted``
    order: maximal runs of its tokens whose ``n``-token shingles are counted in neither, as the
    metric counts them (a shingle the product holds twice and the truth once is extra once).
    The mirror of :func:`lost_passages`: text the product adds where plain trafilatura does not,
    which lowers its precision below plain's; each passage runs over its neighbours' first and
    last ``n - 1`` tokens."""
    tokens = _TOKEN.findall(predicted or "")
    return _flagged_runs(tokens, [not in_truth and not in_plain for in_truth, in_plain
                                  in _shingles_held(tokens, shingles(truth, n), shingles(plain, n), n)], n)


def _shingles_held(tokens: list[str], first, second, n: int) -> list[tuple[bool, bool]]:
    """For each ``n``-token shingle of ``tokens`` in order, whether each of two shingle counts
    (``first``, ``second``) still holds it, taking one from a count that does (a shingle
    ``tokens`` has twice and a count once is held once: the metric's multiset)."""
    held: list[tuple[bool, bool]] = []
    for i in range(len(tokens) - n + 1):
        shingle = tuple(tokens[i: i + n])
        in_first, in_second = first[shingle] > 0, second[shingle] > 0
        first[shingle] -= in_first
        second[shingle] -= in_second
        held.append((in_first, in_second))
    return held


def _flagged_runs(tokens: list[str], flags: list[bool], n: int) -> list[str]:
    """Each maximal run of flagged shingles (``flags[i]`` for the shingle starting at token
    ``i``) as the tokens it covers, joined by spaces."""
    passages: list[str] = []
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            passages.append(" ".join(tokens[start: i - 1 + n]))
            start = None
    return passages


def load_pages(dataset: Path) -> Iterator[Page]:
    if (dataset / "ground-truth.json").exists():
        truth = json.loads((dataset / "ground-truth.json").read_text())
        for page_id in sorted(truth):
            path = dataset / "html" / f"{page_id}.html.gz"
            if path.exists():
                yield Page(page_id, truth[page_id].get("url") or "", gzip.decompress(path.read_bytes()),
                           truth[page_id]["articleBody"])
    elif (dataset / "manifest.jsonl").exists():
        for line in (dataset / "manifest.jsonl").read_text().splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            expected = json.loads((dataset / f"{entry['id']}.json").read_text())
            html = gzip.decompress((dataset / f"{entry['id']}.html.gz").read_bytes())
            yield Page(entry["id"], expected.get("url") or entry.get("url") or "", html, expected.get("body_text") or
                       "\n\n".join(expected.get("body_paragraphs") or []), expected.get("title"),
                       expected.get("authors") or [], expected.get("publishing_date"))
    else:
        raise SystemExit(f"Error: {dataset} has neither ground-truth.json nor manifest.jsonl")


class Side:
    """One extractor, timed in a process of its own: ``Side(run, pages)(index)`` runs
    ``run(pages[index])`` there and returns its output and the CPU seconds the call took.

    Its own process keeps its caches, its garbage collector's state and the interpreter's
    compiled-regex cache to itself, as an extraction worker does: nothing one side leaves
    behind (a page's strings in trafilatura's caches, objects for the collector to scan)
    is found, or paid for, by the other."""

    def __init__(self, run: Callable[[Page], Any], pages: list[Page]) -> None:
        here, there = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("fork").Process(target=_serve, args=(run, pages, there),
                                                                   daemon=True)
        self._process.start()
        there.close()
        self._connection = here

    def __call__(self, index: int) -> tuple[Any, float]:
        self._connection.send(index)
        return self._connection.recv()

    def close(self) -> None:
        self._connection.send(None)
        self._process.join()


def _serve(run: Callable[[Page], Any], pages: list[Page], connection) -> None:
    while (index := connection.recv()) is not None:
        started = time.process_time()
        output = run(pages[index])
        connection.send((output, time.process_time() - started))


def _plain(page: Page) -> str:
    return trafilatura.extract(page.html.decode("utf-8", errors="replace"), include_comments=False) or ""


def _product(page: Page):
    return extract_article(page.html, page.url, min_words=0)


def _refused_at_crawl_words(page: Page) -> str | None:
    """Why the crawl (its ``EXTRACT_MIN_WORDS``) would refuse the page; ``None`` if it stores it."""
    result = extract_article(page.html, page.url, min_words=EXTRACT_MIN_WORDS)
    return None if result.article is not None else str(result.reason)


def same_day(predicted: str | None, truth: str | None) -> bool:
    if not truth:
        return not predicted
    if not predicted:
        return False
    try:
        expected = datetime.fromisoformat(truth.replace(" ", "T"))
        got = datetime.fromisoformat(predicted)
    except ValueError:
        return predicted[:10] == truth[:10]
    if expected.tzinfo and got.tzinfo:
        # compare in the page's own zone: a UTC conversion may cross midnight
        got = got.astimezone(expected.tzinfo)
    return got.date() == expected.date()


def _norm_title(value: str | None) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


class Totals:
    def __init__(self) -> None:
        self.precisions: list[float] = []
        self.recalls: list[float] = []
        self.exact = 0
        self.pages = 0
        self.seconds = 0.0

    def add(self, predicted: str, truth: str, seconds: float) -> tuple[float | None, float | None]:
        precision, recall = page_scores(predicted, truth)
        if precision is not None:
            self.precisions.append(precision)
        if recall is not None:
            self.recalls.append(recall)
        self.exact += _TOKEN.findall(predicted or "") == _TOKEN.findall(truth)
        self.pages += 1
        self.seconds += seconds
        return precision, recall

    def summary(self) -> dict[str, float]:
        precision = sum(self.precisions) / len(self.precisions) if self.precisions else 0.0
        recall = sum(self.recalls) / len(self.recalls) if self.recalls else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "accuracy": self.exact / max(self.pages, 1),
                "ms_per_page": 1000 * self.seconds / max(self.pages, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--quiet", action="store_true", help="print only the overall figures")
    parser.add_argument("--lost", action="store_true",
                        help="under each page, the truth passages plain trafilatura keeps and the product drops")
    parser.add_argument("--extra", action="store_true",
                        help="under each page, the passages the product keeps that are neither in the truth nor in "
                             "plain trafilatura's text")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    plain, product = Totals(), Totals()
    titles = dates = authors = metadata_pages = deliberate = authors_deliberate_ok = 0
    pages = list(itertools.islice(load_pages(args.dataset), args.limit))
    plain_side, product_side = Side(_plain, pages), Side(_product, pages)
    crawl_side = Side(_refused_at_crawl_words, pages)  # its time is not counted
    refused_at_crawl_words: Counter[str] = Counter()
    for index, page in enumerate(pages):
        # each side first on every other page
        if index % 2:
            result, product_seconds = product_side(index)
            plain_text, plain_seconds = plain_side(index)
        else:
            plain_text, plain_seconds = plain_side(index)
            result, product_seconds = product_side(index)
        article = result.article
        product_text = article.body if article else ""
        p_prec, p_rec = plain.add(plain_text, page.body, plain_seconds)
        o_prec, o_rec = product.add(product_text, page.body, product_seconds)
        line = (f"{page.id:<45} plain P={_fmt(p_prec)} R={_fmt(p_rec)}  product P={_fmt(o_prec)} R={_fmt(o_rec)}"
                f"{'' if article else '  [' + str(result.reason) + ']'}")
        crawl_reason, _ = crawl_side(index)
        if crawl_reason is not None:
            refused_at_crawl_words[crawl_reason] += 1
            if article is not None:
                line += f"  [min_words={EXTRACT_MIN_WORDS}: {crawl_reason}]"
        if page.title is not None:
            metadata_pages += 1
            title_ok = article is not None and _norm_title(article.title) == _norm_title(page.title)
            date_ok = same_day(article.published_at if article else None, page.published)
            authors_ok = article is not None and article.authors == page.authors
            titles += title_ok
            dates += date_ok
            authors += authors_ok
            if article is not None and _rules_disagree(page.authors or [], article, page.url):
                deliberate += 1
                authors_deliberate_ok += authors_ok
            line += f"  title={'ok' if title_ok else 'NO'} date={'ok' if date_ok else 'NO'} authors={'ok' if authors_ok else 'NO'}"
            if not args.quiet and not (title_ok and date_ok and authors_ok) and article is not None:
                if not title_ok:
                    line += f"\n      title {article.title!r} != {page.title!r}"
                if not date_ok:
                    line += f"\n      date {article.published_at!r} != {page.published!r}"
                if not authors_ok:
                    line += f"\n      authors {article.authors!r} != {page.authors!r}"
        if args.lost and not args.quiet:
            for passage in lost_passages(page.body, plain_text, product_text):
                shown = passage if len(passage) <= _LOST_PASSAGE_CHARS else passage[:_LOST_PASSAGE_CHARS] + "…"
                line += f"\n      lost: {shown}"
        if args.extra and not args.quiet:
            for passage in extra_passages(page.body, plain_text, product_text):
                shown = passage if len(passage) <= _LOST_PASSAGE_CHARS else passage[:_LOST_PASSAGE_CHARS] + "…"
                line += f"\n      extra: {shown}"
        if not args.quiet:
            print(line)

    plain_side.close()
    product_side.close()
    crawl_side.close()
    print()
    print(f"{'':<10} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>8} {'ms/page':>8}")
    for name, totals in (("plain", plain), ("product", product)):
        s = totals.summary()
        print(f"{name:<10} {s['precision']:>9.4f} {s['recall']:>7.4f} {s['f1']:>7.4f} {s['accuracy']:>8.3f}"
              f" {s['ms_per_page']:>8.1f}")
    ratio = product.summary()["ms_per_page"] / max(plain.summary()["ms_per_page"], 1e-9)
    print(f"time ratio product/plain: {ratio:.2f}x over {product.pages} pages (CPU time, each side in its own process)")
    reasons = ", ".join(f"{reason} {count}" for reason, count in refused_at_crawl_words.most_common()) or "none"
    print(f"refused at the crawl's min_words={EXTRACT_MIN_WORDS} (the scores use 0): "
          f"{sum(refused_at_crawl_words.values())} of {product.pages} pages ({reasons})")
    if metadata_pages:
        print(f"title exact {titles / metadata_pages:.1%}  date same-day {dates / metadata_pages:.1%}  "
              f"authors exact {authors / metadata_pages:.1%}  ({metadata_pages} pages)")
        kept = metadata_pages - deliberate
        print(f"authors exact excluding {deliberate} pages whose truth the issue's author rules deliberately "
              f"change (publisher, wire or dateline place beside a person, job title, honorific): "
              f"{(authors - authors_deliberate_ok) / max(kept, 1):.1%} ({kept} pages)")
    return 0


def _rules_disagree(truth: list[str], article, url: str) -> bool:
    """True when the issue's author rules, applied to the truth itself, change it: the truth names
    the publisher, a wire beside a person, a dateline place beside the names ("Anna Martel, Lea
    Wagner, Nairobi", read as the byline it was), or keeps a job title or an honorific ("Dr."),
    which the product removes on purpose."""
    host = urlsplit(url).hostname or ""
    return any(clean_authors(raw, site_name=article.site_name, host=host) != truth
               for raw in (truth, [", ".join(truth)]) if truth)


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
