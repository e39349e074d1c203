"""Benchmark: per-article cost of deduplicating and storing one article as the database grows.

Run on demand::

    .venv/bin/python benchmarks/dedup.py [--sizes 10000,100000,1000000] [--measure 500]

For each size a real crawl database (``crawler.storage.open_database``: the production schema
with its indexes and FTS triggers, in a temp dir) is filled up to that many articles, then
``--measure`` new synthetic articles (Arabic and English, ~300 words, 10% of them near-copies of
already stored articles) are measured twice:

- ``check+add``: ``NearDuplicateIndex.query`` + ``add`` alone (the MinHash-LSH part);
- ``save``: the whole ``ArticleStore.save`` path a crawl runs per article — canonical-URL and
  seen-URL lookups, exact-hash lookup, LSH query, insert with FTS triggers, LSH add —
  each in its own transaction (a crawl batches several per transaction, so this is an upper bound).

It prints the mean costs, the MinHash time separately, recall on the near-copies and peak RSS.

Filling uses a fast path: "background" articles get a short unique body and a random signature
(what unrelated texts look like to MinHash), written with ``executemany`` in one transaction per
chunk into ``articles``, ``seen_urls`` and the MinHash tables; the band buckets are computed by the
production :func:`crawler.dedup.band_buckets`. A few thousand real-text articles are stored through
the normal API first, and the near-copies measured are copies of those.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.dedup import (  # noqa: E402
    NearDuplicateIndex,
    band_buckets,
    body_fingerprint,
    minhash_signature,
)
from crawler.items import ArticleItem  # noqa: E402
from crawler.storage import ArticleStore  # noqa: E402
from crawler.urls import url_key  # noqa: E402

LATIN_SYLLABLES = ["ka", "lo", "mi", "ran", "te", "sul", "dor", "ne", "pa", "vis", "ur", "gen", "ti", "mar", "os"]
ARABIC_SYLLABLES = ["كا", "لو", "مي", "ران", "ت", "سول", "در", "ن", "با", "وس", "ع", "جن", "تي", "مار", "ح"]
REAL_TEXT_ARTICLES = 2000
FILL_CHUNK = 50_000


def make_vocabulary(syllables: list[str], size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def make_article(vocabulary: list[str], rng: random.Random, words: int = 300) -> str:
    sentences = []
    remaining = words
    while remaining > 0:
        length = min(remaining, rng.randint(12, 25))
        sentences.append(" ".join(rng.choice(vocabulary) for _ in range(length)) + ".")
        remaining -= length
    return " ".join(sentences)


def near_copy(text: str, vocabulary: list[str], rng: random.Random) -> str:
    """Rewrite the lead (first 12 words) and one more sentence-sized run of 15 words."""
    tokens = text.split()
    tokens[:12] = [rng.choice(vocabulary) for _ in range(12)]
    start = rng.randrange(20, len(tokens) - 15)
    tokens[start : start + 15] = [rng.choice(vocabulary) for _ in range(15)]
    return " ".join(tokens)


def article_url(article_id: int) -> str:
    return f"https://news.example/world/2025/06/02/story-number-{article_id}"


def bulk_fill(db: sqlite_utils.Database, index: NearDuplicateIndex, first_id: int, count: int) -> None:
    rng = np.random.default_rng(first_id)
    for chunk_start in range(first_id, first_id + count, FILL_CHUNK):
        chunk_ids = range(chunk_start, min(chunk_start + FILL_CHUNK, first_id + count))
        signatures = rng.integers(0, 2**32 - 1, size=(len(chunk_ids), index.num_perm), dtype=np.uint32)
        signature_rows = []
        band_rows = []
        article_rows = []
        seen_rows = []
        for article_id, values in zip(chunk_ids, signatures):
            signature = values.astype("<u4").tobytes()
            signature_rows.append((article_id, signature))
            band_rows.extend((band, bucket, article_id) for band, bucket in band_buckets(signature, index.bands, index.rows))
            url = article_url(article_id)
            body = f"Background story {article_id} about {int(values[0])} and {int(values[1])}."
            article_rows.append((article_id, url, url, "bench", f"Story {article_id}", body,
                                 body_fingerprint(body), "2025-06-02T00:00:00+00:00"))
            seen_rows.append((url_key(url), article_id, "2025-06-02T00:00:00+00:00"))
        band_rows.sort()  # index order: B-tree appends are cheaper than random inserts
        with db.conn:
            db.conn.executemany(
                "INSERT INTO articles (id, url, canonical_url, site, title, body, content_hash, fetched_at,"
                " first_seen_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?8, ?8)", article_rows)
            # The store indexes what it inserts (schema 6); rows written here are indexed the same way.
            db.conn.execute("INSERT INTO articles_fts (rowid, title, body) SELECT id, title, body FROM articles"
                            " WHERE id BETWEEN ? AND ?", (min(chunk_ids), max(chunk_ids)))
            db.conn.executemany("INSERT INTO seen_urls (url_key, article_id, fetched_at) VALUES (?, ?, ?)", seen_rows)
            db.conn.executemany("INSERT INTO minhash_signatures (article_id, signature) VALUES (?, ?)", signature_rows)
            db.conn.executemany("INSERT INTO minhash_bands (band, bucket, article_id) VALUES (?, ?, ?)", band_rows)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated index sizes")
    parser.add_argument("--measure", type=int, default=500, help="new articles timed per size")
    parser.add_argument("--threshold", type=float, default=0.7)
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))

    rng = random.Random(20240501)
    vocabularies = [make_vocabulary(LATIN_SYLLABLES, 5000, rng), make_vocabulary(ARABIC_SYLLABLES, 5000, rng)]

    with tempfile.TemporaryDirectory() as tmp:
        store = ArticleStore(Path(tmp) / "bench.db", near_threshold=args.threshold)
        db, index = store.db, store.near_index
        print(f"LSH layout: {index.bands} bands x {index.rows} rows, threshold {index.threshold}")

        def item(article_id: int, text: str) -> ArticleItem:
            url = article_url(article_id)
            # headed by words near_copy leaves alone, so a copy has its source's headline (a
            # numbered "Story N" made each pair two headlines of one template naming another
            # figure: another story by crawler.dedup.story_difference)
            return ArticleItem(url=url, canonical_url=url, site="bench", title=" ".join(text.split()[12:18]),
                               body=text, fetched_at="2025-06-02T00:00:00+00:00")

        real_texts = []
        for article_id in range(1, REAL_TEXT_ARTICLES + 1):
            vocabulary = vocabularies[article_id % 2]
            text = make_article(vocabulary, rng)
            real_texts.append((text, vocabulary))
        store.save_batch(item(i, text) for i, (text, _v) in enumerate(real_texts, start=1))
        indexed = REAL_TEXT_ARTICLES
        next_id = 10_000_000  # measured articles live above the filled id range

        results = []
        for size in sizes:
            started = time.perf_counter()
            if size > indexed:
                next_free = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM articles").fetchone()[0]
                bulk_fill(db, index, next_free, size - indexed)
                indexed = size
            fill_seconds = time.perf_counter() - started

            hash_seconds = check_add_seconds = save_seconds = 0.0
            copies = found = false_matches = 0
            for i in range(args.measure):
                if i % 10 == 0:
                    source_text, vocabulary = rng.choice(real_texts)
                    text, is_copy = near_copy(source_text, vocabulary, rng), True
                else:
                    text, is_copy = make_article(vocabularies[i % 2], rng), False
                t0 = time.perf_counter()
                signature = minhash_signature(text)
                t1 = time.perf_counter()
                with db.conn:
                    matches = index.query(signature)
                    index.add(next_id, signature)
                t2 = time.perf_counter()
                next_id += 1
                index.remove(next_id - 1)  # the full save below indexes it again, as a crawl would
                t3 = time.perf_counter()
                outcome = store.save(item(next_id - 1, text))
                t4 = time.perf_counter()
                assert outcome.status == ("duplicate" if matches else "new"), outcome
                hash_seconds += t1 - t0
                check_add_seconds += t2 - t1
                save_seconds += t4 - t3
                copies += is_copy
                found += bool(matches) and is_copy
                false_matches += bool(matches) and not is_copy
            results.append(
                (size, fill_seconds, 1000 * check_add_seconds / args.measure, 1000 * hash_seconds / args.measure,
                 1000 * save_seconds / args.measure,
                 found, copies, false_matches, peak_rss_mb(), (Path(tmp) / "bench.db").stat().st_size / 2**20)
            )
            print(
                f"{size:>9,} articles: fill {fill_seconds:7.1f}s  check+add {results[-1][2]:6.3f} ms/article  "
                f"save {results[-1][4]:6.3f} ms  minhash {results[-1][3]:6.3f} ms  near-copies found {found}/{copies}  "
                f"false matches {false_matches}  peak RSS {results[-1][8]:6.0f} MB  db {results[-1][9]:7.0f} MB",
                flush=True,
            )
        store.close()

    print()
    print("| stored articles | LSH check+add ms | full save ms | minhash ms | near-copies found | false matches | peak RSS MB | db MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, _fill, cost, hash_cost, save_cost, found, copies, false_matches, rss, db_mb in results:
        print(f"| {size:,} | {cost:.3f} | {save_cost:.3f} | {hash_cost:.3f} | {found}/{copies} | {false_matches} | {rss:.0f} | {db_mb:.0f} |")
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"\nLSH check+add: cost({last[0]:,}) / cost({first[0]:,}) = {last[2] / first[2]:.2f}x (target <= 2x)")
        print(f"full save:     cost({last[0]:,}) / cost({first[0]:,}) = {last[4] / first[4]:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
