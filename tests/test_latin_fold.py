"""The Latin-accent fold is one function (:func:`crawler.dedup.fold_latin`) with three users, and
each user makes today what it made when the fold was written three times (schema version 14's
folding): ``normalize_for_hash`` (content hashes, MinHash, lead keys, search spellings: stored
values), ``spellings._as_tokenized`` (what SQLite's unicode61 tokenizer reads) and
``dedup._as_folded_letters`` (a Latin name looked for in a body, case kept).

``tests/golden/folding/latin_fold_v14.json`` holds the outputs of the code before the change, built
by ``tests/golden/folding/make_latin_fold_v14.py``: per code point of U+0000–U+024F, the combining
marks U+0300–U+036F, the Arabic block U+0600–U+06FF and U+1E00–U+1EFF; per string for letters with
combining marks and mixed texts; and a SHA-256 of every caller's output for each code point of
planes 0 and 1 (and the compatibility ideographs and variation selectors). It is never made again.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from crawler import dedup, migrations, spellings
from tests.golden.folding.make_latin_fold_v14 import CALLERS, FOLDS, digest

FROZEN = json.loads((Path(__file__).parent / "golden" / "folding" / "latin_fold_v14.json").read_text(encoding="utf-8"))
COLUMNS = FROZEN["per_code_point_columns"]
# The hash table's raw entries for the two capital ligatures: "Œ" and "Æ" never reach it (casefold
# has made them "œ", "æ" first), and the one fold writes them "Oe", "Ae" as _as_folded_letters did.
_UNREACHED = {("hash_table", "U+0152"): "Oe", ("hash_table", "U+00C6"): "Ae"}


def test_the_frozen_table_was_made_by_this_unicode_version():
    assert FROZEN["unicode_version"] == unicodedata.unidata_version


@pytest.mark.parametrize("column", COLUMNS)
def test_each_fold_and_each_caller_writes_every_code_point_as_before(column: str):
    fold = FOLDS.get(column) or CALLERS[column.removeprefix("caller_")]
    index = COLUMNS.index(column)
    changed = {}
    for key, row in FROZEN["per_code_point"].items():
        expected = _UNREACHED.get((column, key), row[index])
        if (got := fold(chr(int(key[2:], 16)))) != expected:
            changed[key] = (row[index], got)
    assert changed == {}


@pytest.mark.parametrize("caller", list(CALLERS))
def test_each_caller_writes_accented_and_mixed_texts_as_before(caller: str):
    index = FROZEN["per_string_columns"].index(caller) + 1
    changed = {row[0]: (row[index], got) for row in FROZEN["per_string"] if (got := CALLERS[caller](row[0])) != row[index]}
    assert changed == {}


@pytest.mark.parametrize("name", ["unicode61_table", *CALLERS])
def test_each_caller_writes_all_of_planes_0_and_1_as_before(name: str):
    assert digest(FOLDS.get(name) or CALLERS[name]) == FROZEN["digest_sha256"][name]


def test_where_the_three_folds_agree_and_differ():
    """The record of what the three uses share and where they part, on purpose."""
    hashing, tokenizer, letters = (FOLDS[name] for name in ("hash_table", "unicode61_table", "as_folded_letters"))
    for code_point in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code_point)
        base = unicodedata.normalize("NFD", char)[0]
        if unicodedata.name(char, "").startswith("LATIN") and base != char and base.isascii():
            # an accented Latin letter: its base letter, for all three
            assert hashing(char) == tokenizer(char) == letters(char) == base, char
    # the ligatures: two letters for the hash and the name search, one letter for unicode61
    assert [hashing("œ"), hashing("æ"), letters("Œ"), letters("Æ")] == ["oe", "ae", "Oe", "Ae"]
    assert [tokenizer(c) for c in "œæŒÆ"] == list("œæŒÆ")
    # a combining accent on its own: dropped by the hash and the name search (but the grapheme
    # joiner U+034F, of combining class 0, which NFD does not count as a mark); unicode61 reads
    # it as a word break (its token regex), so its table leaves it
    for code_point in range(0x0300, 0x0370):
        assert hashing(chr(code_point)) == ""
        assert letters(chr(code_point)) == ("\u034f" if code_point == 0x034F else "")
        assert tokenizer(chr(code_point)) == chr(code_point)
    # a Latin letter whose base is not ASCII: kept by the hash and unicode61, the name search
    # takes its mark off (NFD): "ǣ" -> "æ", "ǿ" -> "ø", "ẛ" -> "ſ"
    for char, stripped in zip("ǢǣǼǽǾǿǮǯẛ", "ÆæÆæØøƷʒſ"):
        assert hashing(char) == tokenizer(char) == char
        assert letters(char) == stripped
    # letters without a decomposition stay for all three
    for char in "øØłŁđĐıħŧŋ":
        assert hashing(char) == tokenizer(char) == letters(char) == char


def test_the_folding_of_stored_values_is_still_version_14():
    # a change of normalize_for_hash's output needs a migration and a new FOLDING_VERSION
    assert dedup.FOLDING_VERSION == 14
    assert migrations._folded_before_0014("Œuvre d'Étienne") == "œuvre d étienne"
    assert dedup.normalize_for_hash("Œuvre d'Étienne") == "oeuvre d etienne"
    assert spellings.search_spellings("Œuvre d'Étienne") == "oeuvre"
    assert dedup._as_folded_letters("Œuvre d'Étienne") == "Oeuvre d'Etienne"
