"""Built ``latin_fold_v14.json`` (``python -m tests.golden.folding.make_latin_fold_v14 OUT``) from
the code before the Latin-accent fold was made one function (commit 3059772): the outputs
``tests/test_latin_fold.py`` holds the code to. Never run it again to make a test pass; its
FOLDS, CALLERS and digest are what the test runs on the code of today.
"""

import hashlib
import json
import sys
import unicodedata

from crawler import dedup, migrations, spellings

RANGES = [(0x0000, 0x024F), (0x0300, 0x036F), (0x0600, 0x06FF), (0x1E00, 0x1EFF)]
def points():
    return [cp for lo, hi in RANGES for cp in range(lo, hi + 1)]
def strings():
    words = ["Œuvre d'Étienne", "cæsium CÆSIUM", "e\u0301te\u0301", "ǅemal Ǆ ǆ", "straße STRASSE ẞ", "ﬁn ﬀ",
             "İstanbul ı", "Ærø Ǣ ǣ ǽ", "Łódź Đakovo", "Nguyễn Tấn Dũng", "Ĳssel ĳ ŉ ǰ ẛ", "\u212bngström \u212a",
             "مُحمّد الأردن مسئول شيء مسؤول هيئة", "Ø ø œ\u0301 Œ\u0323\u0301", "Ελλάδα Ἀθῆναι", "Йошкар-Ола ё",
             "한국어", "ﻻ ﷲ", "२०२५ ٢٠٢٥", "x\u0300\u0323y", "A\u0363B", "ſ ſt"]
    for base in "aeiouncyAEIOUNCY":
        for mark in range(0x0300, 0x0370):
            words.append(base + chr(mark))
    return words
# what each of the three Latin folds does to one character, on its own
FOLDS = {
    "hash_table": lambda c: c.translate(dedup._HASH_CHAR_MAP),
    "unicode61_table": lambda c: c.translate(spellings._UNICODE61_ACCENTS),
    "as_folded_letters": lambda c: dedup._as_folded_letters(c),
}
# what their callers make of a text: the values stored or compared
CALLERS = {
    "normalize_for_hash": lambda s: dedup.normalize_for_hash(s),
    "as_tokenized": lambda s: " ".join(spellings._as_tokenized(s)),
    "as_folded_letters": lambda s: dedup._as_folded_letters(s),
    "folded_before_0014": lambda s: migrations._folded_before_0014(s),
}
DIGEST_RANGES = [(0x0000, 0x1FFFF), (0x2F800, 0x2FA1F), (0xE0000, 0xE01EF)]
def digest_points():
    return [cp for lo, hi in DIGEST_RANGES for cp in range(lo, hi + 1) if not 0xD800 <= cp <= 0xDFFF]
def digest(fn):
    h = hashlib.sha256()
    for cp in digest_points():
        h.update(fn(chr(cp)).encode("utf-8") + b"\n")
    return h.hexdigest()
if __name__ == "__main__":
    data = {
        "about": "Outputs of the Latin-accent folds and their callers before they were made one function "
                 "(crawler.dedup.fold_latin); built by the code of schema v14's folding. Never regenerate.",
        "unicode_version": unicodedata.unidata_version,
        "per_code_point": {f"U+{cp:04X}": {name: fn(chr(cp)) for name, fn in {**FOLDS, **{"caller_" + k: v for k, v in CALLERS.items()}}.items()}
                           for cp in points()},
        "per_string": {s: {name: fn(s) for name, fn in CALLERS.items()} for s in strings()},
        "digest_ranges": [[f"U+{lo:04X}", f"U+{hi:04X}"] for lo, hi in DIGEST_RANGES],
        "digest_sha256": {name: digest(fn) for name, fn in {**FOLDS, **CALLERS}.items()},
    }
    columns = [*FOLDS, *("caller_" + k for k in CALLERS)]
    data["per_code_point_columns"] = columns
    data["per_code_point"] = {k: [v[c] for c in columns] for k, v in data["per_code_point"].items()}
    data["per_string_columns"] = list(CALLERS)
    data["per_string"] = [[s, *v.values()] for s, v in data["per_string"].items()]

    def dumps(value):
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for key, value in data.items():
        if key == "per_code_point":
            rows = [f"  {dumps(k)}: {dumps(v)}" for k, v in value.items()]
            lines.append(f" {dumps(key)}: {{\n" + ",\n".join(rows) + "\n },")
        elif key == "per_string":
            rows = [f"  {dumps(v)}" for v in value]
            lines.append(f" {dumps(key)}: [\n" + ",\n".join(rows) + "\n ],")
        else:
            lines.append(f" {dumps(key)}: {dumps(value)},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
