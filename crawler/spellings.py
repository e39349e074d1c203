"""Spelling variants for full-text search: what SQLite's ``unicode61`` tokenizer does not fold.

``unicode61`` lower-cases and strips Latin accents, but Arabic is written many ways for one word:
with or without hamza on the alef (الأردن / الاردن), ى or ي and ة or ه at word ends, Persian
ی and ک, Arabic-Indic digits, and now and then with harakat (مُحمّد), which the tokenizer even
treats as word breaks (مُحمّد is indexed as م, حم, د). A reader searching الاردن found none
of the articles that write الأردن.

The fix keeps the text as it is and indexes, beside it, the folded spelling of every word whose
folding differs from what the tokenizer reads (``articles.search_spellings``, schema version 7):
the folding is :func:`crawler.dedup.normalize_for_hash`, the one exact-duplicate hashing uses.
A query word is then searched as typed **or** folded (:func:`query_spelling`), so either
spelling finds both. Text that folding does not change (most Latin text) adds nothing.

Pure functions, no SQLite: used by the extraction workers, the store and ``crawler search``.
"""

from __future__ import annotations

import re

from crawler.dedup import normalize_for_hash

# The tokens unicode61 makes: runs of letters and digits (Python's \w without "_"); harakat,
# punctuation and format characters break words.
_TOKEN = re.compile(r"[^\W_]+")


def _as_tokenized(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def search_spellings(*texts: str | None) -> str:
    """The folded words of ``texts`` that the tokenizer would not find as written, sorted,
    space-separated ("" when there is none): the value of ``articles.search_spellings``."""
    folded: set[str] = set()
    as_written: set[str] = set()
    for text in texts:
        if text:
            # each text on its own: the body's folding is cached from its content hash
            folded.update(normalize_for_hash(text).split())
            as_written.update(_as_tokenized(text))
    return " ".join(sorted(folded - as_written))


def query_spelling(word: str) -> str | None:
    """The folded spelling to search beside ``word`` as typed, or ``None`` when folding does
    not change how the tokenizer reads it (``"الأردن"`` -> ``"الاردن"``; ``"water"`` -> ``None``)."""
    folded = normalize_for_hash(word)
    if not folded or folded.split() == _as_tokenized(word):
        return None
    return folded
