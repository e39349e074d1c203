"""Spelling variants for full-text search: what SQLite's ``unicode61`` tokenizer does not fold.

``unicode61`` lower-cases and strips Latin accents, but Arabic is written many ways for one word:
with or without hamza on the alef (الأردن / الاردن), ى or ي and ة or ه at word ends, Persian
ی and ک, Arabic-Indic digits, and now and then with harakat (مُحمّد), which the tokenizer even
treats as word breaks (مُحمّد is indexed as م, حم, د). And Arabic writes the article and the
short conjunctions and prepositions onto the word: الأردن, والأردن, بالأردن and للأردن are four
tokens. A reader searching الاردن found none of the articles that write الأردن, and searching
الأردن missed every والأردن.

The fix keeps the text as it is and indexes, beside it (``articles.search_spellings``, schema
version 7), the folded spelling of every word whose folding differs from what the tokenizer
reads — the folding is :func:`crawler.dedup.normalize_for_hash`, the one exact-duplicate hashing
uses — with the prefix of an Arabic word taken off (the prefix list of the "light10" stemmer of
Larkey et al., also Lucene's ArabicStemmer: ال، وال، بال، كال، فال، لل، و; suffixes are left
alone, they change meaning more often). A query word is searched as typed, folded and stemmed
(:func:`query_spellings`), so any spelling with any prefix finds the others. Text that folding
does not change (most Latin text) adds nothing; Arabic text adds about 29% of its size.

Pure functions, no SQLite: used by the extraction workers, the store and ``crawler search``.
"""

from __future__ import annotations

import re

from crawler.dedup import ARABIC_ARTICLE_PREFIXES, CodePointTable, fold_latin, normalize_for_hash

# The tokens unicode61 makes: runs of letters and digits (Python's \w without "_"); harakat,
# punctuation and format characters break words.
_TOKEN = re.compile(r"[^\W_]+")


# ``str.translate`` table of what ``unicode61`` (``remove_diacritics 1``, its default) does to a
# Latin letter: its base letter ("é" -> "e"), no ligature taken apart (fold_latin says why).
_UNICODE61_ACCENTS = CodePointTable(lambda code_point: fold_latin(chr(code_point), ligatures=False) or code_point)


def _as_tokenized(text: str) -> list[str]:
    # accents off as the tokenizer takes them off: a French word the folding writes without its
    # accents ("président" -> "president") is found as written, and is not added
    return _TOKEN.findall(text.casefold().translate(_UNICODE61_ACCENTS))


def arabic_stem(token: str) -> str:
    """``token`` (folded) without a leading article or clitic: والاردن, بالاردن, للاردن and الاردن
    -> اردن; وقال -> قال. At least two letters stay (three after و), as in light10."""
    if not token or not "\u0621" <= token[0] <= "\u064a":
        return token
    for prefix in ARABIC_ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix):]
    if token.startswith("و") and len(token) > 3:
        return token[1:]
    return token


def search_spellings(*texts: str | None) -> str:
    """The folded, prefix-less form of each word of ``texts`` that the tokenizer would not find
    as written, sorted, space-separated ("" when there is none): the value of
    ``articles.search_spellings``. A prefixed word is indexed by its stem only (الأردن by اردن,
    not also by الاردن): every query searches the stem, and the stem alone costs 29% of an
    Arabic body's size where folded form and stem cost 41%."""
    folded: set[str] = set()
    as_written: set[str] = set()
    for text in texts:
        if text:
            # each text on its own: the body's folding is cached from its content hash
            folded.update(normalize_for_hash(text).split())
            as_written.update(_as_tokenized(text))
    return " ".join(sorted({arabic_stem(token) for token in folded} - as_written))


def query_spellings(word: str) -> list[str]:
    """What to search beside ``word`` as typed: its folded spelling and the stem of its folded
    words, when they differ from how the tokenizer reads it (``"بالأردن"`` -> ``["بالاردن",
    "اردن"]``; ``"water"`` -> ``[]``)."""
    folded = normalize_for_hash(word)
    as_typed = " ".join(_as_tokenized(word))
    variants = [folded, " ".join(arabic_stem(token) for token in folded.split())]
    return [v for v in dict.fromkeys(variants) if v and v != as_typed]


def word_forms(word: str) -> set[str]:
    """The forms under which the index finds ``word`` as written in a text: its folded words and
    their prefix-less stems (``"والأردن،"`` -> ``{"والاردن", "اردن"}``; ``"Water"`` ->
    ``{"water"}``). Two words share a form when a search for one finds the other."""
    folded = normalize_for_hash(word).split()
    return {*folded, *(arabic_stem(token) for token in folded)}
