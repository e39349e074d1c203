"""Duplicate detection keys: exact body fingerprints and MinHash near-duplicate search.

Pure functions over ``str``/``bytes`` plus :class:`NearDuplicateIndex`, a MinHash-LSH index kept
in the crawl's SQLite database so that near-copies (the same agency story republished by several
sites, or re-crawled after small edits) are caught across runs and across sites.

How similarity is measured
    Bodies are normalised with :func:`normalize_for_hash`, split into overlapping 5-word
    shingles (:func:`word_shingles`), and summarised by a 128-value MinHash signature
    (:func:`minhash_signature`; datasketch, ``scheme="affine32"``, seed 1, so signatures are
    stable across processes and releases of this module). The fraction of equal signature
    values estimates the Jaccard similarity of the two shingle sets (standard error
    ``sqrt(J(1-J)/num_perm)``: about 0.04 at J=0.7 with 128 values).

Threshold
    Default 0.7 on 5-word shingles. Each edited run of *m* words changes about *m+4* shingles,
    so the typical republished agency copy — dateline/credit added to the lead, one sentence
    reworded — measures J≈0.75–0.80 on a 150–250-word story (see ``tests/test_dedup.py``) and
    its 128-value estimate is ~0.76 (±0.04); 0.8 would miss a large share of those. Two
    different reports of one event (same facts, own wording) score below 0.1, so 0.7 keeps a
    wide margin against false matches. What 0.7 does merge: an article and an update of it that
    added up to ~40% new text.

Verification
    Similar is not yet the same story: a bulletin of another day, the same press release for
    another governorate or "the King received X" for another visitor share 70-95% of their
    shingles with the first. :func:`story_difference` looks for what such stories change in
    place (a figure, a weekday or month, the subject the headline names); the store runs it on
    the few candidates at or above the threshold, never on the whole index.

Index layout
    ``minhash_signatures`` holds each article's signature; ``minhash_bands`` holds one row per
    LSH band with a 63-bit bucket hash of that band's values. The band/row split is chosen by
    :func:`lsh_band_layout` for (threshold, num_perm), weighting missed duplicates 9:1 over
    spurious candidates (a candidate costs one primary-key read to verify; a miss is permanent),
    and is stored in ``minhash_params`` on first use so later runs keep using the same bands.

Settings (read by the pipeline that builds the index): ``DEDUP_NEAR_THRESHOLD``,
``DEDUP_NUM_PERM``.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import importlib
import importlib.util
import logging
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

from crawler.dates import MONTHS, WEEKDAYS, find_date_in_text

if TYPE_CHECKING:
    import numpy as np
    import sqlite_utils

# numpy is imported where signatures are made or compared, not with the module: the text
# normalisation here is also what `crawler search` folds queries with (crawler.spellings), and
# numpy is 0.1 s of CPU at a command's start.

logger = logging.getLogger(__name__)

MINHASH_SEED = 1
"""Seed of the MinHash permutations; changing it invalidates every stored signature."""

MINHASH_SCHEME = "affine32"
"""datasketch MinHash scheme: 32-bit hash values, so a signature is ``num_perm * 4`` bytes."""

SHINGLE_SIZE = 5
"""Words per shingle used by :func:`minhash_signature`."""

_SIGNATURE_DTYPE = "<u4"
_SIGNATURE_ITEMSIZE = 4
_EMPTY_HASH_VALUE = 0xFFFFFFFF  # what an un-updated MinHash holds

# --- text normalisation ------------------------------------------------------------------

_ARABIC_LETTER_MAP = {
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0622": "\u0627",  # آ -> ا
    "\u0671": "\u0627",  # ٱ (wasla) -> ا
    "\u0672": "\u0627",  # ٲ -> ا
    "\u0673": "\u0627",  # ٳ -> ا
    "\u0649": "\u064a",  # ى (alef maksura) -> ي: spelled interchangeably at word ends (Egypt)
    # The hamza's seat: ؤ and ئ -> ء. Style guides seat a medial hamza differently (Egyptian
    # "مسئول", "شئون", "رءوس" for "مسؤول", "شؤون", "رؤوس"; "جزؤ" for "جزء"), and Egypt writes a
    # final "يء" as "ئ" ("شئ", "بطئ", "مجئ": see _FINAL_YEH_HAMZA). The hamza itself is kept:
    # dropping ء would make "ماء" (water) "ما" (what), and "سماء" "سما", for search_spellings and
    # crawler search's query forms as well as for the hash. So a hamza left out altogether
    # ("مسوول", "شي") is not folded, nor Iraq's "هيأة" for "هيئة" (أ -> ا is the commoner fold).
    "\u0624": "\u0621",  # ؤ -> ء (before schema version 14: kept)
    "\u0626": "\u0621",  # ئ -> ء (before schema version 14: -> ي)
    "\u06cc": "\u064a",  # Persian yeh ی -> ي
    "\u06a9": "\u0643",  # Persian keheh ک -> ك
    "\u0629": "\u0647",  # ة -> ه
}
_ARABIC_REMOVED_RANGES = (
    (0x0610, 0x061A),  # honorifics and small Quranic signs
    (0x064B, 0x065F),  # harakat: tanween, fatha, damma, kasra, shadda, sukun, maddah, hamza marks
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation marks
)
_TATWEEL = 0x0640
# Latin letters written as two in the other spelling: "œuvre"/"oeuvre", "cæsium"/"caesium" (NFKC
# leaves them alone; casefold makes "ß" "ss").
_LATIN_LIGATURES = {"\u0153": "oe", "\u00e6": "ae", "\u0152": "Oe", "\u00c6": "Ae"}
_COMBINING_LOW, _COMBINING_HIGH = 0x0300, 0x036F  # Combining Diacritical Marks (Latin, Greek, Cyrillic)
# A word-final hamza after yeh ("شيء", "بطيء", "مجيء", "سيء") -> ء, as "شئ", "بطئ", "مجئ", "سيئ"
# fold (ئ -> ء).
_FINAL_YEH_HAMZA = re.compile("\u064a\u0621(?!\\w)")
_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x07C0, 0x0966, 0xFF10)  # Arabic-Indic, Persian, NKo, Devanagari, fullwidth


def fold_latin(char: str, *, ligatures: bool = True) -> str | None:
    """``char`` written without its accents, case kept, or ``None`` when it is not an accented
    Latin letter: the base letter of a Latin letter that Unicode decomposes into an ASCII letter
    and accents ("é" -> "e", "Ç" -> "C", "ǖ" -> "u", "ẞ" stays); with ``ligatures``, "œ", "æ" ->
    "oe", "ae" ("Œ" -> "Oe"). Letters without a decomposition ("ø", "ł", "đ", "ı") and those
    whose base is not ASCII ("ǣ" is "æ" with a macron, "ẛ" a long s) are no accented letter.

    The one Latin-accent fold; what outlets and copy-paste drop (headlines in capitals, SMS-style
    feeds): a French body stripped of its accents shares no shingle with the original. Its three
    uses, and where they part on purpose (``tests/test_latin_fold.py`` holds them to what they
    wrote before they shared it, schema version 14's folding):

    * :func:`normalize_for_hash` (stored values: ``content_hash``, MinHash, ``lead_keys``,
      ``search_spellings``), after NFKC and ``casefold``, with the ligatures; it also drops a
      combining accent left on its own (U+0300–U+036F).
    * ``crawler.spellings._as_tokenized``: what SQLite's ``unicode61`` tokenizer
      (``remove_diacritics 1``) reads, after ``casefold``, without the ligatures (its table
      maps a letter to one letter) and with combining accents left (they break its tokens).
    * :func:`_as_folded_letters` (a Latin name looked for in a body), case kept, with the
      ligatures; it then takes every mark NFD leaves off, of any script and on any base ("ǣ" ->
      "æ", "أ" -> "ا"): harmless for the Latin words it finds, and kept as it was.
    """
    if ligatures and char in _LATIN_LIGATURES:
        return _LATIN_LIGATURES[char]
    if char > "\x7f" and unicodedata.name(char, "").startswith("LATIN"):
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            return base
    return None


class CodePointTable(dict):
    """``str.translate`` table filled per code point on first use by ``mapping(code_point)`` (the
    full Unicode range would take a second to build at import time)."""

    def __init__(self, mapping: Callable[[int], str | int | None]) -> None:
        super().__init__()
        self._mapping = mapping

    def __missing__(self, code_point: int) -> str | int | None:
        value = self[code_point] = self._mapping(code_point)
        return value


def _hash_char(code_point: int) -> str | int | None:
    char = chr(code_point)
    if code_point == _TATWEEL:
        return None
    for low, high in _ARABIC_REMOVED_RANGES:
        if low <= code_point <= high:
            return None
    if char in _ARABIC_LETTER_MAP:
        return _ARABIC_LETTER_MAP[char]
    if (plain := fold_latin(char)) is not None:  # é, è, ç, à, ñ ... -> e, e, c, a, n; œ -> oe
        return plain
    if _COMBINING_LOW <= code_point <= _COMBINING_HIGH:  # a combining accent left after NFKC
        return None
    for zero in _DIGIT_BLOCKS:
        if zero <= code_point <= zero + 9:
            return str(code_point - zero)
    category = unicodedata.category(char)
    if category == "Cf":  # zero-width joiners, bidi marks, soft hyphen: invisible
        return None
    if category[0] in "PSZ" or category == "Cc":  # punctuation, symbols, separators
        return " "
    return code_point


_HASH_CHAR_MAP = CodePointTable(_hash_char)
_WHITESPACE_RE = re.compile(r"\s+")


# The schema version whose migration last changed normalize_for_hash (0014: hamza seats, Latin
# accents): what an item made elsewhere (Redis) says it was hashed with. The writer hashes again
# the items of an older folding, or of a producer that does not say.
FOLDING_VERSION = 14


@functools.lru_cache(maxsize=8)
def normalize_for_hash(text: str) -> str:
    """Return ``text`` reduced to what two copies of one article always share. For hashing only.

    Steps: Unicode NFKC (also folds Arabic presentation forms), ``casefold``; Arabic tatweel,
    harakat (U+064B–U+065F), superscript alef (U+0670) and Quranic marks removed; alef variants
    (أ إ آ ٱ) -> ا; ى and Persian ی -> ي; ک -> ك; ة -> ه; the hamza's seat not read: ؤ, ئ -> ء,
    and a word-final يء -> ء ("مسؤول"/"مسئول", "شيء"/"شئ" are one word); Latin letters without
    their accents ("é" -> "e", "ç" -> "c"), "œ", "æ" -> "oe", "ae"; Arabic-Indic, Persian and other
    decimal digit blocks -> ASCII digits; punctuation and symbols -> space; invisible format
    characters removed; whitespace collapsed to single spaces and trimmed.

    Stored values are made from this: ``content_hash``, MinHash signatures and their bands,
    ``lead_keys``, ``search_spellings``. A change of it needs a migration that makes them again
    (``crawler/migrations.py``, 0014), or pages fetched later no longer match the rows stored.

    The input is not modified (strings are immutable); store the original text, hash this.
    The last few results are cached: one body is normalised for its hash, its MinHash and its
    search spellings (0.5 ms for 5 KB of Arabic each time; a str caches its own hash).
    """
    return _fold(text)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_HASH_CHAR_MAP)
    if "\u064a\u0621" in folded:
        folded = _FINAL_YEH_HAMZA.sub("\u0621", folded)
    return _WHITESPACE_RE.sub(" ", folded).strip()


def body_fingerprint(text: str) -> str:
    """SHA-256 hex digest of :func:`normalize_for_hash` of ``text``: equal for exact copies that
    differ only in whitespace, punctuation, case, tatweel, diacritics or letter variants."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


# --- are two similar bodies one story? ----------------------------------------------------
#
# A republished copy differs from its source by insertions and deletions (a dateline, a credit,
# a "Read also" teaser, a paragraph added or cut) and by a reworded sentence here and there. Two
# stories written from one template (a bulletin of another day, a protocol story with another
# visitor, a release for another governorate) differ by *substitutions* at the template's slots: a
# figure, a weekday or month, the name or place the story is about. So the two bodies are aligned
# (paragraphs, then the words of the paragraphs that differ) and the short in-place substitutions
# are read; insertions and deletions never are. Only for the few stored articles MinHash already
# found similar: about a millisecond for two 500-word bodies.

# A thousands separator between digit groups: "1,500", "1٬500", "12 500" (French: a no-break,
# narrow or plain space), when the first group has at most three digits and each later one three.
_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:[,\u066c\u00a0\u202f ]\d{3})+(?!\d)")
_GROUP_SEPARATOR = re.compile(r"[,\u066c\u00a0\u202f ]")
# What is left between two digits is a decimal mark ("1.5", "1,5", "٣٫٥") or a time's colon.
_DECIMAL_COMMA = re.compile(r"(?<=\d)[,\u066b](?=\d)")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?::\d+)+|\d+(?:\.\d+)?")
_ASCII_DIGITS = {zero + n: str(n) for zero in _DIGIT_BLOCKS for n in range(10)}
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
_MOST_DATES_REMOVED = 10
# The longest substitution read as a template's slot (words on either side). Longer replaced runs
# are a sentence an outlet rewrote or each outlet's own paragraph (teaser, credit, lead), whose
# numbers and names say nothing about the story.
_SLOT_WORDS = 8
# Two differing paragraphs at one place are one paragraph edited when at least half their words
# align (difflib's ratio; a template's paragraph with a slot filled otherwise keeps 80-95%), or
# when both are as short as a slot (a dateline line: "Tuesday 17 June" / "Wednesday 18 June").
_SAME_PARAGRAPH = 0.5
# Levantine month names are two words ("كانون الثاني", "تشرين الأول", also without the article:
# "كانون ثاني"): kept as one token, or January for December would read as "الثاني" for "الاول".
_TWO_WORD_MONTHS = frozenset({"كانون", "تشرين"})
_MONTH_ORDINALS = frozenset({"الاول", "الثاني", "اول", "ثاني"})


# Numbers written as words, as :func:`normalize_for_hash` spells them, with their value: counts
# are spelled out as often as not in Arabic news ("ثلاثة قتلى", "خمس حالات"), and English and
# French style guides spell the small ones. Left out: words that are as often something else —
# "one"/"un"/"une" and "واحد" (an article, a pronoun, "في آن واحد"), "neuf" (new), "seize" (the
# English verb), "اثنين" (Monday without its article).
_NUMBER_WORD_VALUES = {
    3: "ثلاث ثلاثة", 4: "أربع أربعة", 5: "خمس خمسة", 6: "ست ستة", 7: "سبع سبعة",
    8: "ثمان ثماني ثمانية", 9: "تسع تسعة", 10: "عشر عشرة", 2: "اثنان اثنتان اثنتين",
    20: "عشرون عشرين", 30: "ثلاثون ثلاثين", 40: "أربعون أربعين", 50: "خمسون خمسين",
    60: "ستون ستين", 70: "سبعون سبعين", 80: "ثمانون ثمانين", 90: "تسعون تسعين",
    100: "مئة مائة", 1000: "ألف",
}
_NUMBER_WORDS_LATIN = (
    (2, "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty"),
    (2, "deux trois quatre cinq six sept huit"),
    (10, "dix onze douze treize quatorze quinze"),
)
_TENS_LATIN = ((30, "thirty forty fifty sixty seventy eighty ninety"), (20, "vingt trente quarante cinquante soixante"))


def _number_words() -> dict[str, str]:
    words = {_fold(word): str(value) for value, spelled in _NUMBER_WORD_VALUES.items() for word in spelled.split()}
    for first, spelled in _NUMBER_WORDS_LATIN:
        words.update((word, str(first + offset)) for offset, word in enumerate(spelled.split()))
    for first, spelled in _TENS_LATIN:
        words.update((word, str(first + 10 * offset)) for offset, word in enumerate(spelled.split()))
    return words


_NUMBER_WORDS = _number_words()


def _number_word(token: str) -> str:
    """The value of a number written as a word ("خمسة", "وخمس", "twelve", "vingt"), else the token."""
    if (value := _NUMBER_WORDS.get(token)) is not None:
        return value
    if len(token) > 3 and token[0] in "وبلف":  # "وثلاثة", "بخمس"; not "لست" (I am not)
        return _NUMBER_WORDS.get(token[1:], token)
    return token


def _canonical_number(raw: str) -> str:
    """One spelling per number: no leading zeros ("04:13" and "4:13" are one time)."""
    head, separator, rest = raw.partition(":" if ":" in raw else ".")
    return (head.lstrip("0") or "0") + separator + rest


def _ungrouped(match: re.Match[str]) -> str:
    start = match.start()
    if start and match.string[start - 1] in "0123456789.,":  # inside a longer number: "2024 500"
        return match[0]
    return _GROUP_SEPARATOR.sub("", match[0])


def _paragraph_tokens(paragraph: str) -> tuple[str, ...]:
    if not _DIGIT.search(paragraph):
        return _with_two_word_months([_number_word(token) for token in _fold(paragraph).split()])
    text = _DECIMAL_COMMA.sub(".", _GROUPED_NUMBER.sub(_ungrouped, paragraph))
    tokens: list[str] = []
    position = 0
    for match in _NUMBER.finditer(text):
        tokens.extend(map(_number_word, _fold(text[position:match.start()]).split()))
        tokens.append(_canonical_number(match[0]))
        position = match.end()
    tokens.extend(map(_number_word, _fold(text[position:]).split()))
    return _with_two_word_months(tokens)


def _with_two_word_months(tokens: list[str]) -> tuple[str, ...]:
    if _TWO_WORD_MONTHS.isdisjoint(tokens):
        return tuple(tokens)
    merged: list[str] = []
    for token in tokens:
        if merged and token in _MONTH_ORDINALS and merged[-1] in _TWO_WORD_MONTHS:
            merged[-1] += " " + token
        else:
            merged.append(token)
    return tuple(merged)


@functools.lru_cache(maxsize=8)  # one new body is compared with up to five stored ones
def _paragraphs(text: str) -> tuple[tuple[str, ...], ...]:
    text = unicodedata.normalize("NFKC", text).translate(_ASCII_DIGITS)
    return tuple(tokens for paragraph in _PARAGRAPH_BREAK.split(text)
                 if (tokens := _paragraph_tokens(paragraph)))


def comparison_tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` as :func:`normalize_for_hash` spells them, with each number one token:
    digits of any block as ASCII, thousands separators removed ("1,500", "1 500" -> 1500), a
    decimal comma or "٫" written "." ("1,5" -> 1.5), a time kept whole ("04:13" -> 4:13, not 04
    and 13), no leading zeros."""
    return tuple(token for paragraph in _paragraphs(text) for token in paragraph)


def _is_number(token: str) -> bool:
    return token[0].isdigit()


def body_numbers(text: str) -> Counter[str]:
    """The numbers written in ``text``, with how often each is written, as
    :func:`comparison_tokens` spells them, dates left out: each outlet writes its own dateline or
    publication date."""
    for _ in range(_MOST_DATES_REMOVED):
        if (found := find_date_in_text(text)) is None:
            break
        text = text.replace(found[1], " ", 1)
    return Counter(token for token in comparison_tokens(text) if _is_number(token))


_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")


def _same_number(a: str, b: str) -> bool:
    if a == b:
        return True
    if ":" in a or ":" in b:
        return False
    if float(a) == float(b):  # "79.10" and "79.1"
        return True
    # "12.500" is 12500 where a dot groups thousands (Maghreb French), 12.5 elsewhere
    return any(_DOT_GROUPED.fullmatch(x) and x.replace(".", "") == y for x, y in ((a, b), (b, a)))


def _numbers_differ(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Both sides of a substitution write numbers, and not the same ones."""
    numbers_old = [token for token in old if _is_number(token)]
    numbers_new = [token for token in new if _is_number(token)]
    if not numbers_old or not numbers_new:
        return False  # "three" for "3", or a figure one outlet adds: no evidence
    if len(numbers_old) != len(numbers_new):
        return True
    unmatched = list(numbers_new)
    for number in numbers_old:
        same = next((other for other in unmatched if _same_number(number, other)), None)
        if same is None:
            return True
        unmatched.remove(same)
    return False


Substitution = tuple[tuple[str, ...], tuple[str, ...]]


# A replaced run longer than a slot: (words of a, words of b, whether it is in a body's opening
# paragraph, where each outlet writes its own lead).
Passage = tuple[tuple[str, ...], tuple[str, ...], bool]


# Equal words around a slot: fewer in a row are a coincidence inside a rewritten sentence ("في").
_SLOT_ANCHOR_WORDS = 3


def _word_edits(words_a: tuple[str, ...], words_b: tuple[str, ...], opening: bool,
                slots: list[Substitution], passages: list[Passage],
                regions: list[Substitution] | None = None) -> None:
    # difflib's default "autojunk" only acts on runs of 200 words or more (a paragraph-less body):
    # it skips their most frequent words as anchors, which keeps a 10,000-word run under 0.1 s.
    matcher = difflib.SequenceMatcher(None, words_a, words_b)
    if max(len(words_a), len(words_b)) > _SLOT_WORDS and matcher.ratio() < _SAME_PARAGRAPH:
        # two paragraphs of their own (each outlet's teaser, credit or lead, or another event)
        if words_a and words_b:
            passages.append((words_a, words_b, opening))
        return
    opcodes = matcher.get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "replace":
            continue
        if i2 - i1 <= _SLOT_WORDS and j2 - j1 <= _SLOT_WORDS:
            slots.append((words_a[i1:i2], words_b[j1:j2]))
        else:
            passages.append((words_a[i1:i2], words_b[j1:j2], opening))
    if regions is None:
        return
    # the edits between two runs of equal words: one slot of a template when short on both sides
    # ("محمد بن عبد الله العلوي الوزير السابق للصحة" / "أحمد الصديقي السفير السابق في باريس"), a
    # rewritten sentence when longer, however difflib cuts it up
    start = None
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes + [("equal", len(words_a), len(words_a), len(words_b), len(words_b))]):
        anchor = tag == "equal" and (i2 - i1 >= _SLOT_ANCHOR_WORDS or i2 == len(words_a) or i1 == 0)
        if not anchor:
            if start is None:
                start = (i1, j1)
            continue
        if start is not None:
            (a1, b1), start = start, None
            if 0 < i1 - a1 <= _SLOT_WORDS and 0 < j1 - b1 <= _SLOT_WORDS:
                regions.append((words_a[a1:i1], words_b[b1:j1]))


@functools.lru_cache(maxsize=8)  # story_difference reads them once per check; numbers_agree too
def _alignment(text_a: str, text_b: str) -> tuple[tuple[Substitution, ...], tuple[Passage, ...],
                                                 tuple[Substitution, ...]]:
    paragraphs_a, paragraphs_b = _paragraphs(text_a), _paragraphs(text_b)
    slots: list[Substitution] = []
    passages: list[Passage] = []
    regions: list[Substitution] = []
    matcher = difflib.SequenceMatcher(None, paragraphs_a, paragraphs_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        opening = i1 == 0 or j1 == 0
        if i2 - i1 == j2 - j1:  # paragraph for paragraph: each one edited
            pairs = [(words_a, words_b, opening and n == 0)
                     for n, (words_a, words_b) in enumerate(zip(paragraphs_a[i1:i2], paragraphs_b[j1:j2]))]
        else:
            pairs = [(tuple(chain.from_iterable(paragraphs_a[i1:i2])),
                      tuple(chain.from_iterable(paragraphs_b[j1:j2])), opening)]
        for words_a, words_b, first in pairs:
            _word_edits(words_a, words_b, first, slots, passages, regions)
    return tuple(slots), tuple(passages), tuple(regions)


def substitutions(text_a: str, text_b: str) -> tuple[Substitution, ...]:
    """The short in-place substitutions (at most eight words a side) that turn ``text_a`` into
    ``text_b``, as ``(words of a, words of b)`` pairs of :func:`comparison_tokens`. Paragraphs are
    aligned first (difflib) and equal ones skipped; the words of each run of differing paragraphs
    are then aligned (paragraph by paragraph when both runs have as many), unless they have less
    than half their words in common: then they are two paragraphs of their own, not one edited.
    Insertions and deletions, of words or paragraphs, are not substitutions."""
    return _alignment(text_a, text_b)[0]


def numbers_agree(text_a: str, text_b: str) -> bool:
    """Whether two similar bodies can be copies of one story as far as their numbers go: no number
    is replaced by another in place. A copy adds a dateline's date, a credit ("© 2025 AFP") or a
    teaser ("Read also: 5 …"), it does not change a score, a price, a toll or a prayer time; two
    bulletins or match reports written from one template share most of their words (MinHash
    similarity 0.7-0.9) and differ in exactly those."""
    return not any(_numbers_differ(old, new) for old, new in substitutions(text_a, text_b))


# The calendar's names of the press's three languages, each mapped to one key per weekday or
# month, so that an outlet writing the month its own way (Levantine "حزيران", Egyptian "يونيو",
# Maghreb "جوان", "juin", "June") still writes the same month. From the date parser's tables,
# without their abbreviations ("mar", "sept", "déc" are other words often enough in a story) and
# without Turkish ("Kasim" is a name, "Ekim" a word, in the stories these languages tell).
# Spelled as normalize_for_hash leaves them, and accents dropped too ("fevrier", "aout").
_CALENDAR_LANGUAGES = ("en", "fr", "ar")


def _calendar_names(kind: str, table: dict[str, dict[str, int]]) -> dict[str, tuple[str, int]]:
    names: dict[str, tuple[str, int]] = {}
    for language in _CALENDAR_LANGUAGES:
        spelled = {normalize_for_hash(name): number for name, number in table[language].items()}
        for name, number in spelled.items():
            if not _is_latin(name):
                names[name] = (kind, number)
            elif not any(other.startswith(name) and other != name and spelled[other] == number for other in spelled):
                # (an abbreviation is the start of a longer name of the same month or day)
                names[name] = names[_without_accents(name)] = (kind, number)
    return names


def _is_latin(word: str) -> bool:
    return unicodedata.name(word[0], "").startswith("LATIN")


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


_CALENDAR = {**_calendar_names("weekday", WEEKDAYS), **_calendar_names("month", MONTHS)}
# Arabic one-letter prefixes glued to a word: "و" (and), "ب" (in), "ل" (for), "ف" (then).
_ARABIC_CLITICS = "وبلف"
ARABIC_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
"""The Arabic article with the clitics written onto it, as folded text spells them (the prefix list
of the "light10" stemmer of Larkey et al., also Lucene's ArabicStemmer)."""


def _calendar_key(token: str) -> tuple[str, int] | None:
    if token in _CALENDAR:
        return _CALENDAR[token]
    if token[0] in _ARABIC_CLITICS:  # "وحزيران", "لشباط"; "للثلاثاء" is ل + الثلاثاء
        return _CALENDAR.get(token[1:]) or _CALENDAR.get("ا" + token[1:])
    return None


def _calendar_differs(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Both sides of a substitution name a weekday (or both a month), and not the same: bulletins
    of two days (gold prices, weather, prayer times) are one text with another day in it."""
    keys_old = {key for token in old if (key := _calendar_key(token))}
    keys_new = {key for token in new if (key := _calendar_key(token))}
    for kind in ("weekday", "month"):
        named_old = {n for k, n in keys_old if k == kind}
        named_new = {n for k, n in keys_new if k == kind}
        if named_old and named_new and named_old != named_new:
            return True
    return False


# Words too common to name what a story is about, even in its headline.
_FUNCTION_WORDS = frozenset(normalize_for_hash(" ".join((
    "a an the of in on at to for by with from and or but as is are was were be been has have had will "
    "would its his her their this that these those it after before over new says said",
    "le la les l de des du d un une et ou en au aux pour par sur dans avec est sont a été qui que se sa son ses",
    "في من على الى إلى عن مع ان أن او أو ثم قال وقال اضاف وأضاف كما التي الذي هذا هذه ذلك اليوم امس أمس "
    "يوم خلال بعد قبل حول لدى عند",
))).split())
# Arabic prefixes taken off before two words are compared: the article and the clitics before it,
# or one clitic alone.
_ARABIC_PREFIX = re.compile(rf"^(?:{'|'.join(ARABIC_ARTICLE_PREFIXES)}|[{_ARABIC_CLITICS}])(?=\w{{3}})")


def _stem(token: str) -> str:
    return _ARABIC_PREFIX.sub("", token)


def _headline_words(title: str | None) -> frozenset[str]:
    return frozenset(_stem(token) for token in comparison_tokens(title or "")
                     if token not in _FUNCTION_WORDS and not _is_number(token))


def _spelling_variant(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """The substitution respells one name ("Jafar"/"Jaafar", "الاردن"/"بالاردن"), not another."""
    spelled_old, spelled_new = " ".join(map(_stem, old)), " ".join(map(_stem, new))
    return difflib.SequenceMatcher(None, spelled_old, spelled_new, autojunk=False).ratio() >= 0.8


BRIEF_MAX_WORDS = 150
"""A body shorter than this is a brief: its one news sentence is a fifth of it, and a copy of it
does not replace that sentence (:func:`story_difference`, same site only)."""

_PASSAGE_MIN_WORDS = 5  # a replaced sentence, not a credit line ("(ومع)" / "Source: SPA")
_NAME_MIN_WORDS = 2  # an Arabic name has two words or more ("أحمد الصديقي", "جمهورية تشيلي")


def _headline_difference(title_a: str | None, title_b: str | None) -> str | None:
    """Two headlines written from one template (half their words or more in common) that name
    another day, month or figure in place: "أسعار الذهب اليوم الأحد 6 ديسمبر" / "… الاثنين 7 ديسمبر".
    A copy keeps its headline's date or leaves it out; it does not change it. Two outlets' own
    headlines of one story share fewer words, and are not read."""
    words_a, words_b = comparison_tokens(title_a or ""), comparison_tokens(title_b or "")
    if not words_a or not words_b:
        return None
    matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
    if matcher.ratio() < _SAME_PARAGRAPH:
        return None
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = words_a[i1:i2], words_b[j1:j2]
        if tag == "replace" and (_numbers_differ(old, new) or _calendar_differs(old, new)):
            return f"headlines of another day or figure: {' '.join(old)} / {' '.join(new)}"
    return None


def _stems(text: str) -> frozenset[str]:
    return frozenset(_stem(token) for token in comparison_tokens(text))


def _content_word(token: str) -> bool:
    return token not in _FUNCTION_WORDS and not _is_number(token) and _calendar_key(token) is None


_LATIN_LETTERS = CodePointTable(lambda code_point: fold_latin(chr(code_point)) or code_point)


@functools.lru_cache(maxsize=4)
def _as_folded_letters(text: str) -> str:
    """``text`` with its Latin letters as :func:`normalize_for_hash` writes them, case kept
    ("Étienne" -> "Etienne", "Œuvre" -> "Oeuvre"): a folded token, capitalised, is found in it."""
    if text.isascii():
        return text
    return _without_accents(text.translate(_LATIN_LETTERS))


def _names_someone_else(words: tuple[str, ...], text: str, other_stems: frozenset[str]) -> bool:
    """``words`` (of a substitution in ``text``) name a person or place the other body never
    names: a capitalised Latin word, or two Arabic words in a row that are not function words
    (Arabic script has no capitals), none of them anywhere in the other body."""
    run = 0
    for token in words:
        if not _content_word(token) or _stem(token) in other_stems:
            run = 0
            continue
        if _is_latin(token):
            if token[:1].upper() + token[1:] in _as_folded_letters(text):
                return True
            run = 0
            continue
        run += 1
        if run >= _NAME_MIN_WORDS:
            return True
    return False


def story_difference(text_a: str, text_b: str, *, title_a: str | None = None,
                     title_b: str | None = None, same_site: bool = False) -> str | None:
    """Why two bodies that MinHash found similar are two stories written from one template, or
    ``None`` when they can be copies of one story. Reads the in-place replacements
    (:func:`substitutions`, and the longer replaced passages of the same alignment); a copy's insertions and deletions never
    count. Different when

    * the two headlines, written from one template, name another weekday, month or figure in
      place (the same bulletin, word for word, of another day);
    * a substitution writes other numbers on both sides (a price, a score, a time, a count written
      in words: :func:`numbers_agree`);
    * a substitution names another weekday or month on both sides (the same bulletin for another
      day);
    * a substitution puts, on each side, a word of that page's headline that the other headline
      lacks: the person, place or body the story is about (the visitor the King received, the
      appointee, the governorate), unless it only respells the same name;
    * a replaced passage after the opening paragraph holds, on each side, a word of that page's
      headline that the other headline and the other body lack (two briefs that share a standing
      lead and report two events);
    * ``same_site`` only (two pages of one site are not an agency story and an outlet's rewrite
      of it): a substitution names, on each side, a person or place the other body never names
      (two condolence cables, two ambassadors), or both bodies are briefs (under
      :data:`BRIEF_MAX_WORDS` words) and a sentence after the opening paragraph is replaced by
      another.

    :param title_a: headline of the page of ``text_a`` (each outlet may title a copy its own way:
        only a word of the headline that is also replaced in the body counts, or a headline of the
        same template).
    """
    if (reason := _headline_difference(title_a, title_b)) is not None:
        return reason
    only_a = _headline_words(title_a) - _headline_words(title_b)
    only_b = _headline_words(title_b) - _headline_words(title_a)
    slots, passages, regions = _alignment(text_a, text_b)
    stems_a = stems_b = frozenset()
    if passages or (same_site and regions):
        stems_a, stems_b = _stems(text_a), _stems(text_b)
    for old, new in slots:
        if _numbers_differ(old, new):
            return f"other figures: {' '.join(old)} / {' '.join(new)}"
        if _calendar_differs(old, new):
            return f"another day or month: {' '.join(old)} / {' '.join(new)}"
        if only_a and only_b and {_stem(t) for t in old} & only_a and {_stem(t) for t in new} & only_b \
                and not _spelling_variant(old, new):
            return f"another subject: {' '.join(old)} / {' '.join(new)}"
    for old, new in regions if same_site else ():
        if _names_someone_else(old, text_a, stems_b) and _names_someone_else(new, text_b, stems_a) \
                and not _spelling_variant(old, new):
            return f"another person or place: {' '.join(old)} / {' '.join(new)}"
    briefs = same_site and max(len(comparison_tokens(text_a)), len(comparison_tokens(text_b))) < BRIEF_MAX_WORDS
    for old, new, opening in passages:
        if opening:
            continue  # each outlet writes its own lead
        if only_a and only_b and ({_stem(t) for t in old} & only_a) - stems_b \
                and ({_stem(t) for t in new} & only_b) - stems_a:
            return f"another subject: {' '.join(old)} / {' '.join(new)}"
        if briefs and min(len(old), len(new)) >= _PASSAGE_MIN_WORDS:
            return f"another event in a brief: {' '.join(old)} / {' '.join(new)}"
    return None


def word_shingles(text: str, k: int = SHINGLE_SIZE) -> set[str]:
    """Set of ``k``-word shingles (space-joined) over the normalised tokens of ``text``.

    A text of fewer than ``k`` tokens yields one shingle of all its tokens, so the set is empty
    only when the normalised text has no tokens at all (empty or punctuation-only input).
    """
    if k < 1:
        raise ValueError(f"shingle size must be positive, got {k}")
    tokens = normalize_for_hash(text).split()
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


# --- shortened copies ------------------------------------------------------------------

LEAD_PARAGRAPHS = 3
"""Paragraphs of a body, from its start, that key it in ``lead_keys``."""

LEAD_PARAGRAPH_MIN_WORDS = 12
"""Shorter paragraphs (a dateline, a subheading, "AMMAN (Petra) --") are not lead keys."""

SHORTENED_MIN_WORDS = 40
"""A page shorter than this is a brief, not evidence of a shortened copy."""

LEAD_KEY_FANOUT = 20
"""Articles read per lead key when looking for the story a page is a shortened copy of."""


def lead_paragraph_keys(text: str) -> tuple[int, ...]:
    """63-bit keys of the first :data:`LEAD_PARAGRAPHS` paragraphs of ``text`` that have at least
    :data:`LEAD_PARAGRAPH_MIN_WORDS` words, each normalised as for the body hash.

    An outlet that runs an agency story cut short keeps its first paragraphs (news is written
    most important first) and drops the rest: its copy shares too few shingles with the whole
    story for MinHash (a copy of half the story is J=0.5), but it shares these paragraphs word
    for word, dateline edits to the first one aside. ``lead_keys`` finds the candidates; the
    store verifies them with :func:`containment`.
    """
    keys = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        words = normalize_for_hash(paragraph).split()
        if len(words) < LEAD_PARAGRAPH_MIN_WORDS:
            continue
        digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)  # 63 bits: a valid SQLite INTEGER
        if len(keys) == LEAD_PARAGRAPHS:
            break
    return tuple(dict.fromkeys(keys))


def estimated_containment(similarity: float, part_size: int, whole_size: int) -> float:
    """The share of a text of ``part_size`` shingles contained in one of ``whole_size`` shingles,
    from their Jaccard ``similarity`` (estimated by MinHash): the intersection is
    J × |A ∪ B| = J × (|A| + |B|) / (1 + J). Word counts serve as sizes."""
    if part_size <= 0:
        return 0.0
    return min(1.0, similarity * (part_size + whole_size) / ((1 + similarity) * part_size))


def containment(part: set[str], whole: set[str]) -> float:
    """The share of the shingles of ``part`` that ``whole`` has (0 for an empty ``part``):
    containment, not Jaccard, as a copy of half a story is wholly contained in it."""
    return len(part & whole) / len(part) if part else 0.0


def paragraph_of_its_own(text: str, whole: set[str]) -> bool:
    """Whether ``text`` has a paragraph of :data:`LEAD_PARAGRAPH_MIN_WORDS` words or more that is
    not in the text of the shingle set ``whole`` (less than half of its 5-shingles are): a new
    fact, not a cut. A cut copy only removes text (its dateline or a credit line aside, both
    shorter); a follow-up that repeats the lead and adds one sentence of news is another story,
    however little of it that sentence is."""
    for paragraph in _PARAGRAPH_BREAK.split(text):
        if len(normalize_for_hash(paragraph).split()) >= LEAD_PARAGRAPH_MIN_WORDS \
                and containment(word_shingles(paragraph), whole) < 0.5:
            return True
    return False


@cache
def _minhash_class() -> type:
    """datasketch's ``MinHash``, imported without running ``datasketch/__init__.py``.

    The package's ``__init__`` imports every sketch it ships, and through ``MinHashLSH`` and
    ``AsyncMinHashLSH`` scipy and redis: 0.5-0.9 s of CPU in every process that imports it (the
    crawl and each pool's forkserver), for a class that needs numpy alone. So the module
    ``datasketch.minhash`` is imported under a bare package entry that is removed again at once:
    a later ``import datasketch`` anywhere runs the real ``__init__``, which finds the same
    ``datasketch.minhash`` module (same class) already loaded. Imported on first use, so a
    process that only compares stored signatures (the crawl) never loads it.
    """
    if "datasketch" in sys.modules:
        return importlib.import_module("datasketch.minhash").MinHash
    spec = importlib.util.find_spec("datasketch")
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError("datasketch is not installed")
    sys.modules["datasketch"] = importlib.util.module_from_spec(spec)
    try:
        return importlib.import_module("datasketch.minhash").MinHash
    finally:
        del sys.modules["datasketch"]


@cache
def _permutations(num_perm: int) -> np.ndarray:
    MinHash = _minhash_class()
    return MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def warm_up_minhash(num_perm: int = 128) -> None:
    """Import numpy and datasketch's ``MinHash`` and make the permutations of ``num_perm`` now,
    not at the first :func:`minhash_signature` (~80 ms of CPU, most of it numpy's import). The
    extraction workers' forkserver does it once (``crawler.minhash_preload``) for every worker
    forked from it."""
    _permutations(num_perm)


def minhash_signature(text: str, num_perm: int = 128) -> bytes:
    """MinHash of the 5-word shingles of ``text``, as ``num_perm`` little-endian uint32 values.

    Deterministic (seed :data:`MINHASH_SEED`). A text without tokens gives the "empty" signature
    (all values 0xFFFFFFFF), which :func:`estimate_similarity` scores 0.0 against anything and
    :class:`NearDuplicateIndex` neither stores nor matches.
    """
    minhash = _minhash_class()(
        num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, permutations=_permutations(num_perm)
    )
    minhash.update_batch([shingle.encode("utf-8") for shingle in word_shingles(text)])
    return minhash.hashvalues.astype(_SIGNATURE_DTYPE, copy=False).tobytes()


def _signature_values(signature: bytes) -> np.ndarray:
    import numpy as np

    if not signature or len(signature) % _SIGNATURE_ITEMSIZE:
        raise ValueError(f"not a MinHash signature: {len(signature)} bytes")
    return np.frombuffer(signature, dtype=_SIGNATURE_DTYPE)


def _is_empty_signature(values: np.ndarray) -> bool:
    return bool((values == _EMPTY_HASH_VALUE).all())  # a numpy array's own, numpy not imported here


def estimate_similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity (0.0–1.0) of the shingle sets behind two signatures.

    :raises ValueError: when the signatures differ in length or are not signatures.
    """
    import numpy as np

    values_a, values_b = _signature_values(sig_a), _signature_values(sig_b)
    if values_a.shape != values_b.shape:
        raise ValueError(f"signature lengths differ: {len(sig_a)} and {len(sig_b)} bytes")
    if _is_empty_signature(values_a) or _is_empty_signature(values_b):
        return 0.0
    return float(np.count_nonzero(values_a == values_b)) / values_a.size


# --- the persisted LSH index -------------------------------------------------------------


@cache
def lsh_band_layout(
    threshold: float,
    num_perm: int,
    false_positive_weight: float = 0.1,
    false_negative_weight: float = 0.9,
) -> tuple[int, int]:
    """(bands, rows) minimising the weighted areas of false positives below ``threshold`` and
    false negatives above it — datasketch's ``MinHashLSH`` optimisation, reimplemented because
    that function is private. Defaults favour recall (see module docstring)."""
    import numpy as np

    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    below = np.linspace(0.0, threshold, 201)
    above = np.linspace(threshold, 1.0, 201)
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_pos = np.trapezoid(1 - (1 - below**rows) ** bands, below)
            false_neg = np.trapezoid((1 - above**rows) ** bands, above)
            error = false_positive_weight * false_pos + false_negative_weight * false_neg
            if best is None or error < best[0]:
                best = (error, bands, rows)
    assert best is not None
    return best[1], best[2]


def ensure_near_duplicate_schema(db: sqlite_utils.Database) -> None:
    """Create the near-duplicate tables if missing (idempotent): for a database no migration
    built (an in-memory index in tests). A crawl database has them from migration 0002, which
    holds its own copy of these statements, as a shipped migration must not change.

    * ``minhash_signatures(article_id INTEGER PRIMARY KEY, signature BLOB NOT NULL)``
    * ``minhash_bands(band, bucket, article_id)``, all ``INTEGER NOT NULL``. Its primary key
      ``(band, bucket, article_id)`` is the ``(band, bucket)`` lookup index; ``WITHOUT ROWID``
      stores each row once, in index order, instead of a table plus an index copy. (A crawl
      database also has ``idx_minhash_bands_article``, from migration 0010: the rows of an
      article deleted by SQL are found by it.)
    * ``minhash_params(name TEXT PRIMARY KEY, value INTEGER NOT NULL)``: ``num_perm``, ``bands``,
      ``rows`` fixed on first use.
    """
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_signatures ("
        "article_id INTEGER PRIMARY KEY, signature BLOB NOT NULL)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_bands ("
        "band INTEGER NOT NULL, bucket INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (band, bucket, article_id)) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS minhash_params (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"
    )


def ensure_lead_key_schema(db: sqlite_utils.Database) -> None:
    """Create ``lead_keys`` if missing (idempotent; a crawl database has it from migration 0009,
    which holds its own copy of these statements): one row per lead paragraph
    key of an article (:func:`lead_paragraph_keys`). Its primary key ``(key, article_id)`` is the
    lookup; ``idx_lead_keys_article`` finds an article's keys when its text changes."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS lead_keys ("
        "key INTEGER NOT NULL, article_id INTEGER NOT NULL, "
        "PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_lead_keys_article ON lead_keys(article_id)")


@functools.lru_cache(maxsize=64)  # a new article's signature is queried, then added
def band_buckets(signature: bytes, bands: int, rows: int) -> tuple[tuple[int, int], ...]:
    """``(band, bucket)`` pairs of a signature: bucket is a 63-bit BLAKE2b hash of the band's
    ``rows`` values, non-negative so it fits SQLite's signed 64-bit INTEGER."""
    values = _signature_values(signature)
    if values.size < bands * rows:
        raise ValueError(f"signature has {values.size} values, layout needs {bands * rows}")
    raw = values.tobytes()
    width = rows * _SIGNATURE_ITEMSIZE
    pairs = []
    for band in range(bands):
        digest = hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=8).digest()
        pairs.append((band, int.from_bytes(digest, "little") >> 1))  # 63 bits: always a valid INTEGER
    return tuple(pairs)


# The rows of ``minhash_params``: the layout is whole only with all three.
_LAYOUT_NAMES = frozenset({"num_perm", "bands", "rows"})


class NearDuplicateIndex:
    """MinHash-LSH index persisted in the crawl's SQLite database, so near-copies are caught
    across runs and sites.

    Candidates come only from indexed ``(band, bucket)`` lookups and are verified against their
    stored signatures, so the cost of a query does not grow with the number of articles.
    Methods execute statements and never commit: callers wrap writes in ``with db.conn:`` (or
    ``db.atomic()``). The only exception is the one-time ``minhash_params`` record written by the
    constructor of a new index, committed by itself when no transaction is open.

    :param db: the crawl database.
    :param threshold: minimum estimated Jaccard similarity of 5-word shingles for a match
        (default 0.7, see the module docstring; the pipeline passes ``DEDUP_NEAR_THRESHOLD``).
    :param num_perm: signature length (``DEDUP_NUM_PERM``); must equal what the database was
        created with.
    :param max_candidates: most candidates verified per query, those sharing most bands first;
        bounds the cost of a query when one story was indexed thousands of times.
    """

    def __init__(
        self,
        db: sqlite_utils.Database,
        *,
        threshold: float = 0.7,
        num_perm: int = 128,
        max_candidates: int = 500,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.db = db
        self.threshold = threshold
        self.num_perm = num_perm
        self.max_candidates = max_candidates
        ensure_near_duplicate_schema(db)
        ensure_lead_key_schema(db)
        self.bands, self.rows = self._load_or_store_layout()
        # One statement per query shape, prepared once: each OR term is a primary-key lookup.
        self._candidates_sql = (
            "SELECT article_id, COUNT(*) AS shared FROM minhash_bands WHERE "
            + " OR ".join(["(band = ? AND bucket = ?)"] * self.bands)
            + " GROUP BY article_id ORDER BY shared DESC, article_id LIMIT ?"
        )

    def _load_or_store_layout(self) -> tuple[int, int]:
        stored = self._stored_layout()
        if not _LAYOUT_NAMES <= stored.keys():
            stored = self._store_layout()
        if stored["num_perm"] != self.num_perm:
            raise ValueError(
                f"near-duplicate index was built with num_perm={stored['num_perm']}, "
                f"not {self.num_perm}; keep DEDUP_NUM_PERM or rebuild the index"
            )
        return int(stored["bands"]), int(stored["rows"])

    def _stored_layout(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT name, value FROM minhash_params").fetchall())

    def _store_layout(self) -> dict[str, int]:
        """Write the layout rows the file lacks, all in one transaction that holds the write
        lock, and return the layout the file then holds.

        One transaction: the rows used to be committed one by one, and a store opening the
        file between two commits (the other spider of ``crawler crawl --concurrent`` on a new
        database) read ``num_perm`` without ``bands`` and its crawl died at start. The write
        lock first, then the read: a layout another connection stored meanwhile is the one
        its buckets were built with, so it wins over the one computed here. Missing rows only:
        an older crawler killed between its commits left ``num_perm`` alone."""
        bands, rows = lsh_band_layout(min(self.threshold, 0.99), self.num_perm)
        params = [("num_perm", self.num_perm), ("bands", bands), ("rows", rows)]
        conn = self.db.conn
        own = not conn.in_transaction  # inside the caller's transaction, its commit covers the rows
        if own:
            conn.execute("BEGIN IMMEDIATE")  # waits for the lock up to the busy timeout
        written = 0
        try:
            stored = self._stored_layout()
            # A layout of another num_perm is refused by the caller, not completed with this one's.
            if stored.get("num_perm", self.num_perm) == self.num_perm:
                written = conn.executemany(
                    "INSERT OR IGNORE INTO minhash_params (name, value) VALUES (?, ?)", params).rowcount
                stored = self._stored_layout()
            if own:
                conn.execute("COMMIT")
        except BaseException:
            if own and conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        if written:
            logger.info("near-duplicate index created: %d bands of %d rows", stored["bands"], stored["rows"])
        return stored

    def _checked(self, signature: bytes) -> np.ndarray:
        values = _signature_values(signature)
        if values.size != self.num_perm:
            raise ValueError(f"signature has {values.size} values, index uses {self.num_perm}")
        return values

    def query(self, signature: bytes, *, exclude: int | None = None) -> list[tuple[int, float]]:
        """Indexed articles whose estimated similarity to ``signature`` is at least the threshold,
        as ``(article_id, similarity)`` pairs, most similar first (ties by lower id).

        :param exclude: an article id to leave out (the article itself, when re-checking it).
        """
        import numpy as np

        values = self._checked(signature)
        if _is_empty_signature(values):
            return []
        params: list[int] = [n for pair in band_buckets(signature, self.bands, self.rows) for n in pair]
        params.append(self.max_candidates)
        candidate_ids = [
            article_id
            for article_id, _shared in self.db.execute(self._candidates_sql, params).fetchall()
            if article_id != exclude
        ]
        if not candidate_ids:
            return []
        placeholders = ",".join("?" * len(candidate_ids))
        rows = self.db.execute(
            f"SELECT article_id, signature FROM minhash_signatures WHERE article_id IN ({placeholders})",
            candidate_ids,
        ).fetchall()
        matches = []
        for article_id, stored in rows:
            stored_values = np.frombuffer(stored, dtype=_SIGNATURE_DTYPE)
            if stored_values.size != values.size:
                continue
            similarity = float(np.count_nonzero(stored_values == values)) / values.size
            if similarity >= self.threshold:
                matches.append((article_id, similarity))
        matches.sort(key=lambda match: (-match[1], match[0]))
        return matches

    def similarity(self, article_id: int, signature: bytes) -> float | None:
        """Estimated similarity of ``signature`` to the indexed article ``article_id``; ``None``
        when that article is not indexed (an empty body, or stored before the index)."""
        row = self.db.execute("SELECT signature FROM minhash_signatures WHERE article_id = ?",
                              [article_id]).fetchone()
        return estimate_similarity(row[0], signature) if row else None

    def lead_candidates(self, lead_keys: tuple[int, ...], *, limit: int) -> list[int]:
        """Articles sharing a lead paragraph with a body of these ``lead_keys``, those sharing
        most first (ties by lower id, the first stored), at most ``limit``. Each key is read for
        its :data:`LEAD_KEY_FANOUT` newest articles only: a paragraph every article of a site
        opens with (a standing editor's note) must not make each query read them all."""
        shared: Counter[int] = Counter()
        for key in lead_keys:
            shared.update(row[0] for row in self.db.execute(
                "SELECT article_id FROM lead_keys WHERE key = ? ORDER BY article_id DESC LIMIT ?",
                [key, LEAD_KEY_FANOUT]))
        return sorted(shared, key=lambda article_id: (-shared[article_id], article_id))[:limit]

    def add(self, article_id: int, signature: bytes, lead_keys: tuple[int, ...] = ()) -> None:
        """Index ``article_id`` under ``signature`` and its ``lead_keys``
        (:func:`lead_paragraph_keys` of its body), replacing what that id had.

        Empty signatures (texts without tokens) are not indexed: they carry no evidence.
        """
        values = self._checked(signature)
        self.remove(article_id)
        self.db.conn.executemany("INSERT OR IGNORE INTO lead_keys (key, article_id) VALUES (?, ?)",
                                 [(key, article_id) for key in lead_keys])
        if _is_empty_signature(values):
            return
        self.db.execute(
            "INSERT INTO minhash_signatures (article_id, signature) VALUES (?, ?)",
            [article_id, signature],
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO minhash_bands (band, bucket, article_id) VALUES (?, ?, ?)",
            [(band, bucket, article_id) for band, bucket in band_buckets(signature, self.bands, self.rows)],
        )

    def remove(self, article_id: int) -> None:
        """Forget ``article_id`` (no error if it is not indexed). Its band rows are found from its
        stored signature, so deletion uses the primary keys only."""
        self.db.execute("DELETE FROM lead_keys WHERE article_id = ?", [article_id])
        row = self.db.execute(
            "SELECT signature FROM minhash_signatures WHERE article_id = ?", [article_id]
        ).fetchone()
        if row is None:
            return
        self.db.conn.executemany(
            "DELETE FROM minhash_bands WHERE band = ? AND bucket = ? AND article_id = ?",
            [(band, bucket, article_id) for band, bucket in band_buckets(row[0], self.bands, self.rows)],
        )
        self.db.execute("DELETE FROM minhash_signatures WHERE article_id = ?", [article_id])
