"""Turn downloaded bytes into text: charset resolution and binary sniffing.

Resolution order in :func:`decode_html`:

1. a byte-order mark;
2. strict UTF-8 when the bytes are valid UTF-8 and contain multi-byte sequences — such bytes
   are almost never valid in a legacy charset by accident, so this beats a wrong declaration;
2a. UTF-8 with legacy runs when valid multi-byte characters clearly outnumber invalid sequences
   (a UTF-8 story with a windows-1256 "most read" include or byline): the valid text stays UTF-8
   and each invalid run is read by the ``"legacy-runs"`` error handler, as windows-1256 when it
   reads as Arabic, else windows-1252. A real windows-1256 page has a few byte pairs that are
   valid UTF-8 by accident ("ب،" is C8 A1), about one per 20-30 invalid sequences, so the rule
   asks for twice as many valid characters as invalid sequences and leaves such a page to 3-4;
3. the declared charset (HTTP header, then ``<meta charset>`` / ``http-equiv``), except that a
   declared Western charset (latin-1, cp1252, ascii) on bytes that decode as Arabic in
   windows-1256 / ISO-8859-6 is treated as a server default and overridden;
4. undeclared legacy bytes: windows-1256 or ISO-8859-6 when they decode as Arabic, else
   charset-normalizer's guess, else windows-1252. A page declared UTF-8 with no valid
   multi-byte sequence at all and an invalid byte is not UTF-8 (a windows-1252 "airline\x92s"
   under ``<meta charset="utf-8">``): it is read as windows-1252 after the Arabic sniff.

No settings affect this module.
"""

from __future__ import annotations

import codecs
import logging
import re

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

logger = logging.getLogger(__name__)

__all__ = ["decode_html", "looks_binary", "detect_legacy_arabic", "stray_nuls_in_markup"]

# Magic numbers of formats that are sometimes served as text/html by mistake.
_BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # zip, docx, xlsx, epub
    b"\x1f\x8b",  # gzip (undecoded Content-Encoding)
    b"BZh",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"RIFF",  # webp, wav, avi
    b"OggS",
    b"ID3",  # mp3
    b"\x00\x00\x00\x18ftyp",
    b"\x00\x00\x00\x1cftyp",
    b"\x00\x00\x00 ftyp",  # mp4 family
    b"\x7fELF",
    b"7z\xbc\xaf",
    b"Rar!",
    b"MZ",  # windows executables
    b"\xd0\xcf\x11\xe0",  # ms office (ole)
    b"wOFF",
    b"wOF2",
)
_WESTERN_CHARSETS = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "cp1252", "windows-1252", "ascii", "us-ascii"}
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# C0 bytes that no text holds: all but tab, LF, VT, FF, CR (9-13) and ESC (27)
_CONTROL_BYTES = bytes(sorted(frozenset(range(0, 9)) | frozenset(range(14, 32)) - {27}))


def looks_binary(body: bytes, *, head_bytes: int = 2048, max_control_share: float = 0.05) -> bool:
    """True when ``body`` is not text: a known file signature, or NUL or control bytes in its
    first ``head_bytes``. UTF-16/32 text that starts with its byte-order mark is text; so is a page
    that opens as HTML and holds a few stray NULs (:func:`stray_nuls_in_markup`). Control bytes
    are C0 bytes other than tab, LF, VT, FF, CR and ESC (ISO-2022-JP switches its character sets
    with ESC); more than ``max_control_share`` of the head make it binary.

    The one binary sniff, with two readers. Extraction (:func:`crawler.extract.extract_article`,
    a ``binary`` refusal that ``refused_pages`` remembers) reads the defaults, 2 KiB and 5%. The
    spider's check of every response before anything else (``crawler.blocked.looks_like_binary``,
    a ``binary`` row in ``fetch_errors``) reads the first 1 KiB and lets up to 10% through, as it
    did since its first version: a body between the two passes the spider and is refused by
    extraction. No real page or file falls between them (``tests/test_binary_bodies.py``); both
    limits are kept so that no verdict changes.
    """
    if not body:
        return False
    head = body[:head_bytes]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    if head.lstrip().startswith(_BINARY_SIGNATURES) or head.startswith(_BINARY_SIGNATURES):
        return True
    if b"\x00" in head and not stray_nuls_in_markup(head):
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C
    return controls > len(head) * max_control_share


# A page that opens as HTML does (a BOM, a doctype, <html>, <head>, an XML declaration, a comment)
_MARKUP_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|head|\?xml|!--|meta|title)\b", re.IGNORECASE)


def stray_nuls_in_markup(head: bytes) -> bool:
    """``head``, the first bytes of a body, opens as an HTML page and holds a few NUL bytes (at
    most one in a hundred): NULs a database or a template let into the page's text (a title, a
    description), not a file — UTF-16 text without a BOM has one every other byte, a file opens
    with its own signature. Such a page was taken for a binary file and the article lost; its
    text is read without them (:func:`decode_html`)."""
    return head.count(b"\x00") <= len(head) // 100 and _MARKUP_START.match(head) is not None


def _arabic_share(text: str) -> float:
    """Share of Arabic letters among the non-ASCII letters of ``text``."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin_extended = len(re.findall(r"[\u00c0-\u024f]", text))
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))  # C speed; a loop over chars is 50x slower
    other = non_ascii - arabic - latin_extended
    total = arabic + latin_extended + max(other, 0)
    return arabic / total if total else 0.0


_ASCII_BYTES = bytes(range(0x80))
_ARABIC_LETTER_BYTES = bytes(range(0xC1, 0xDB))


def detect_legacy_arabic(body: bytes) -> str | None:
    """``"cp1256"`` or ``"iso8859-6"`` when the non-ASCII bytes of ``body`` read as Arabic letters.

    windows-1256 keeps French accented letters at their latin-1 positions, so a French
    windows-1252 page scores low here and an Arabic page scores high.
    """
    high = body.translate(None, _ASCII_BYTES)  # bytes.translate: C speed, a generator is 100x slower
    if len(high) < 8:
        return None
    # Arabic text in either charset is mostly letters at 0xC1-0xDA (alef, ba, ta, ...); French
    # text lives at 0xE0-0xFC, where ISO-8859-6 also maps Arabic letters (é -> ى)
    if len(high) - len(high.translate(None, _ARABIC_LETTER_BYTES)) < 0.3 * len(high):
        return None
    best, best_share = None, 0.0
    for codec in ("cp1256", "iso8859-6"):
        text = high.decode(codec, errors="replace")
        share = _arabic_share(text)
        if share > best_share + 0.02:
            best, best_share = codec, share
    return best if best_share >= 0.6 else None


def _normalise_codec(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)
    if resolved:
        return resolved
    try:
        return codecs.lookup(name).name
    except LookupError:
        logger.debug("unknown declared charset %r", name)
        return None


_MISLABELLED_MIN_INVALID = 3  # invalid UTF-8 sequences before a declared UTF-8 page is doubted
_UTF8_MIN_VALID = 20  # characters of real UTF-8 text that outweigh a broken sequence or two
# Valid multi-byte characters per invalid sequence for a page to stay UTF-8 with its invalid runs
# read as legacy text. Measured on windows-1256 text (Arabic, Persian, Urdu, with their commas
# and guillemets), accidental valid pairs are 0.03-0.06 per invalid sequence (whole windows-1256
# pages: 5-8 valid against 1,000-1,240 invalid), so 2 leaves a margin of 30 or more; a UTF-8
# story with a six-headline windows-1256 widget has 4.5 (952 valid, 210 invalid).
_UTF8_VALID_PER_INVALID = 2
_LEGACY_RUNS_ERRORS = "legacy-runs"  # codecs error handler registered below
_LATIN_RUNS_ERRORS = "legacy-runs-latin"  # the same for pages with no Arabic: windows-1252 only


def _lenient_utf8(body: bytes) -> tuple[str, int, int]:
    """``body`` decoded as UTF-8 with its broken sequences replaced, how many were broken, and
    how many non-ASCII characters decoded."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    return text, invalid, sum(1 for char in text if ord(char) > 127) - invalid


def _utf8_length(data: bytes, at: int) -> int:
    """Length of the valid UTF-8 sequence starting at ``data[at]`` (a non-ASCII byte), 0 if none."""
    lead = data[at]
    size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if 0xF0 <= lead <= 0xF4 else 0
    if not size:
        return 0
    try:
        data[at:at + size].decode("utf-8")
    except UnicodeDecodeError:
        return 0
    return size


def _legacy_run_end(data: bytes, start: int, arabic: bool) -> int:
    """End of the run of legacy bytes at ``start``: non-ASCII bytes that begin no valid UTF-8
    sequence. In an Arabic run, a valid two-byte pair outside the Arabic block (lead byte below
    D8 or above DB) is one of the accidental pairs of windows-1256 text ("ب،" = C8 A1, "ر»" =
    D1 BB) and belongs to the run; UTF-8 Arabic letters (D8-DB leads) end it, and so do C2 pairs:
    the no-break space, « and » a UTF-8 template writes around an include (as windows-1256,
    "آ" before a punctuation mark, which Arabic text hardly writes)."""
    end, size = start, len(data)
    while end < size and data[end] >= 0x80:
        length = _utf8_length(data, end)
        if not length:
            end += 1
        elif arabic and length == 2 and not 0xD8 <= data[end] <= 0xDB and data[end] != 0xC2:
            end += 2
        else:
            break
    return end


def _legacy_runs(error: UnicodeError, *, arabic_page: bool = True) -> tuple[str, int]:
    """Codecs error handler for UTF-8 pages with legacy includes: the invalid run at the error,
    read as windows-1256 when it reads as Arabic there (and the page has Arabic), else as
    windows-1252. A sequence cut by the end of the body, or cut and glued to the next UTF-8
    character, is replaced, as by ``"replace"``."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data = error.object if isinstance(error.object, bytes) else bytes(error.object)
    if error.end >= len(data) and error.reason == "unexpected end of data":
        return "\ufffd", error.end
    end = _legacy_run_end(data, error.start, arabic=False)
    if end == error.end and error.reason == "invalid continuation byte" and end < len(data) and data[end] >= 0x80:
        # a UTF-8 character that lost its last bytes, glued to the next UTF-8 character: legacy
        # text is not written inside a UTF-8 word
        return "\ufffd", end
    if arabic_page and _arabic_share(data[error.start:end].decode("cp1256", errors="replace")) >= 0.5:
        end = _legacy_run_end(data, error.start, arabic=True)
        return data[error.start:end].decode("cp1256", errors="replace"), end
    return data[error.start:end].decode("cp1252", errors="replace"), end


codecs.register_error(_LEGACY_RUNS_ERRORS, _legacy_runs)
codecs.register_error(_LATIN_RUNS_ERRORS, lambda error: _legacy_runs(error, arabic_page=False))


def _utf8_with_legacy_runs(body: bytes, lenient: str) -> str:
    """``body`` as UTF-8 with its invalid runs read as legacy text (see :func:`_legacy_runs`)."""
    errors = _LEGACY_RUNS_ERRORS if _ARABIC_LETTER.search(lenient) else _LATIN_RUNS_ERRORS
    return body.decode("utf-8", errors=errors)


def _is_multibyte_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not body.isascii()


def decode_html(body: bytes, declared_encoding: str | None = None) -> str:
    """Decode an HTML page to text, and undo a double encoding of its text (:func:`repair_mojibake`).

    :param body: the raw response body.
    :param declared_encoding: the charset of the HTTP ``Content-Type`` header, either bare
        (``"windows-1256"``) or as the whole header value (``"text/html; charset=..."``); ``None``
        when the server declared none.
    """
    text = repair_mojibake(_decode_html(body, declared_encoding))
    # a stray NUL (stray_nuls_in_markup) is no character of the page; lxml refuses a text holding one
    return text.replace("\x00", "") if "\x00" in text else text


# UTF-8 Arabic read as windows-1252 and written again as UTF-8: every letter becomes "Ø" or "Ù"
# and a windows-1252 character ("Ø§Ù„Ù…ØºØ±Ø¨" for "المغرب"), a site whose database was converted
# twice. Looked for only when the page holds 20 "Ø"/"Ù" at least (counted in C).
_MOJIBAKE_PAIR = re.compile("[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                            "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
                            "\u2039\u203a\u20ac\u2122]")
_MOJIBAKE_MIN_PAIRS = 20  # a story's words, not a Danish name or a stray "Ø"


def repair_mojibake(text: str) -> str:
    """``text`` with doubly encoded Arabic repaired by ftfy (``fix_encoding``, which undoes only
    encoding mix-ups), when it holds at least :data:`_MOJIBAKE_MIN_PAIRS` of its letter pairs;
    otherwise ``text`` itself. Such a page was stored as unreadable text, or rejected as
    too short, its Arabic taken for no words."""
    if text.count("\u00d8") + text.count("\u00d9") < _MOJIBAKE_MIN_PAIRS:
        return text  # the pairs' search costs 0.5 ms on a 90 KB page
    pairs = len(_MOJIBAKE_PAIR.findall(text))
    if pairs < _MOJIBAKE_MIN_PAIRS or pairs < len(_ARABIC_LETTER.findall(text)):
        # a page whose Arabic is readable and that quotes some mojibake (an explainer) is left as is
        return text
    import ftfy  # only for such pages: its import costs more than the check

    return ftfy.fix_encoding(text)


def _decode_html(body: bytes, declared_encoding: str | None = None) -> str:
    # w3lib returns the BOM's bytes (older releases were documented as returning its length)
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        return body[len(bom):].decode(bom_encoding, errors="replace")
    if _is_multibyte_utf8(body):
        return body.decode("utf-8")
    # UTF-8 text with broken sequences (a page cut mid-character, a windows-1256 widget, byline
    # or ticker included in a UTF-8 template) stays UTF-8: Arabic UTF-8 bytes read as
    # windows-1256 make letters too, so the legacy sniffers must not see such a page. Its
    # invalid runs are read as legacy text, run by run.
    lenient, invalid, valid = _lenient_utf8(body)
    if valid >= _UTF8_MIN_VALID and invalid * _UTF8_VALID_PER_INVALID <= valid:
        return _utf8_with_legacy_runs(body, lenient)

    header_codec = None
    if declared_encoding:
        header_codec = _normalise_codec(
            http_content_type_encoding(declared_encoding) if "=" in declared_encoding else declared_encoding
        )
    meta_codec = _normalise_codec(html_body_declared_encoding(body[:4096]))
    declared = header_codec or meta_codec

    if declared and declared.replace("_", "-") not in _WESTERN_CHARSETS and not declared.startswith("utf"):
        try:
            return body.decode(declared)
        except (UnicodeDecodeError, LookupError):
            logger.debug("declared charset %s does not fit the bytes; sniffing", declared)
    if body.isascii():
        return body.decode("ascii")

    arabic_codec = detect_legacy_arabic(body)
    if arabic_codec:
        return body.decode(arabic_codec, errors="replace")
    if declared and declared.replace("_", "-") in _WESTERN_CHARSETS:
        return body.decode("cp1252", errors="replace")
    if declared and declared.startswith("utf"):
        # Declared UTF-8 but invalid. A page with no valid multi-byte sequence at all, or whose
        # non-ASCII bytes are mostly invalid, is in a Western legacy charset its old template
        # mislabels ("r\xe9serves", "airline\x92s" declared UTF-8), which cp1252 reads: one or
        # two curly apostrophes are as telling as many when nothing else is UTF-8. Otherwise
        # the page is UTF-8 and its few invalid runs are read as legacy text.
        if declared.replace("_", "-") not in ("utf-8", "utf8"):
            return body.decode(declared, errors="replace")
        if valid == 0 or invalid >= _MISLABELLED_MIN_INVALID and invalid > valid:
            return body.decode("cp1252", errors="replace")
        return _utf8_with_legacy_runs(body, lenient)
    return _guess_legacy(body)


def _guess_legacy(body: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer ships with requests/scrapy deps
        return body.decode("cp1252", errors="replace")
    best = from_bytes(body[:65536]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace")
    return body.decode("cp1252", errors="replace")
