"""One binary sniff, two readers: ``crawler.encoding.looks_binary`` (extraction: the first 2 KiB,
binary past 5% control bytes) and ``crawler.blocked.looks_like_binary`` (the spider's check of
every response: the first 1 KiB, past 10%), which calls it. Each reader gives the verdicts it gave
when they were two functions, on files served as pages and on pages of every encoding the crawl
meets; the verdicts were recorded from the two functions before they were made one.
"""

from __future__ import annotations

import codecs
import gzip
import io
import random
import struct
import zipfile
import zlib

import pytest

from crawler.blocked import looks_like_binary
from crawler.encoding import looks_binary

ARABIC = "قال وزير الخارجية الأردني إن المملكة ستواصل دعمها للجهود الدولية الرامية إلى وقف الحرب في المنطقة. "
FRENCH = "Le président de la République a reçu mercredi à l'Élysée le Premier ministre libanais. "


def _page(text: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>Titre</title></head>'
            "<body><article><h1>Titre</h1>" + "".join(f"<p>{text}</p>" for _ in range(20)) + "</article></body></html>")


def _random(seed: int, size: int) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(size))


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(64 * 3)) for y in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    stream = zlib.compress(b"BT /F1 12 Tf 72 712 Td (" + FRENCH.encode("latin-1") * 20 + b") Tj ET")
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            + b"4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
            + stream + b"\nendstream\nendobj\n%%EOF\n")


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", _page(FRENCH))
    return out.getvalue()


def _stray_nuls() -> bytes:
    html = _page(FRENCH).encode()
    return html[:300] + b"\x00" + html[300:600] + b"\x00\x00" + html[600:]


def _iso_2022_jp() -> bytes:
    text = "東京都は七日、新たに感染者を確認したと発表した。" * 5 + " (AFP) "
    return _page(text * 4, "iso-2022-jp").encode("iso-2022-jp")


# name: (body, the spider's verdict, extraction's verdict), as the two functions gave them
BODIES = {
    "empty": (b"", False, False),
    "whitespace only": (b" \r\n\t ", False, False),
    "png": (_png(), True, True),
    "pdf": (_pdf(), True, True),
    "pdf after a line break": (b"\r\n" + _pdf(), True, True),
    "gzip of a page (undecoded Content-Encoding)": (gzip.compress(_page(FRENCH).encode(), mtime=0), True, True),
    "docx": (_docx(), True, True),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + _random(1, 3000), True, True),
    "gif": (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
            b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;", True, True),
    "webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x000\x01\x00\x9d\x01\x2a\x01\x00\x01\x00" + _random(3, 500),
             True, True),
    "mp4": (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + _random(4, 2000), True, True),
    "woff2": (b"wOF2\x00\x01\x00\x00" + _random(5, 2000), True, True),
    "mp3": (b"ID3\x04\x00\x00\x00\x00\x00\x23" + _random(12, 800), True, True),
    "zstd frame": (b"\x28\xb5\x2f\xfd\x24\x10\x81\x00" + _random(7, 800), True, True),
    "7z": (b"7z\xbc\xaf\x27\x1c\x00\x04" + _random(8, 800), True, True),
    "rar": (b"Rar!\x1a\x07\x01\x00" + _random(9, 800), True, True),
    "elf": (b"\x7fELF\x02\x01\x01\x00" + bytes(8) + _random(10, 800), True, True),
    "ole .doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + _random(11, 800), True, True),
    "compressed bytes without a signature (brotli)": (_random(6, 4000), True, True),
    "utf-8 page": (_page(FRENCH).encode(), False, False),
    "utf-8 page with BOM": (codecs.BOM_UTF8 + _page(FRENCH).encode(), False, False),
    "utf-16-le page with BOM": (_page(FRENCH, "utf-16").encode("utf-16"), False, False),
    "utf-16-be page with BOM": (codecs.BOM_UTF16_BE + _page(FRENCH, "utf-16").encode("utf-16-be"), False, False),
    "utf-16-le page without BOM": (_page(FRENCH, "utf-16").encode("utf-16-le"), True, True),
    "utf-32-le page with BOM": (_page(FRENCH, "utf-32").encode("utf-32"), False, False),
    "windows-1256 page": (_page(ARABIC, "windows-1256").encode("cp1256"), False, False),
    "iso-8859-6 page": (_page(ARABIC, "iso-8859-6").encode("iso8859-6", "replace"), False, False),
    "windows-1252 page": (_page(FRENCH, "windows-1252").encode("cp1252"), False, False),
    "page with stray NULs": (_stray_nuls(), False, False),
    "iso-2022-jp page (ESC switches)": (_iso_2022_jp(), False, False),
    "page with form feeds and tabs": (_page(FRENCH + "\t\f").encode(), False, False),
    "plain text": ((FRENCH * 30).encode(), False, False),
    "json": (b'{"title": "Titre", "body": "' + FRENCH.encode() * 10 + b'"}', False, False),
    "text opening with MZ": (b"MZ is a page that starts with MZ " + _page(FRENCH).encode(), True, True),
    # where the two limits part, as they did before: the spider lets through what extraction refuses
    "7% control bytes": (b"<html>" + (b"\x01" + b"a" * 13) * 200, False, True),
    "NULs after the first KiB": (_page(FRENCH).encode()[:1100] + b"\x00\x01" * 400, False, True),
}


@pytest.mark.parametrize("name", list(BODIES))
def test_each_reader_gives_its_verdict_as_before(name: str):
    body, spider, extraction = BODIES[name]
    assert (looks_like_binary(body), looks_binary(body)) == (spider, extraction)


@pytest.mark.parametrize("body", [
    codecs.BOM_UTF32_BE + _page(FRENCH, "utf-32").encode("utf-32-be"),
    b"<html>" + b"\x1b[0m ab" * 300,
    b"<html>" + b"\x0b text b" * 300,
    b"\x89PNG is a word " + _page(FRENCH).encode(),
], ids=["utf-32-be with BOM", "ESC bytes", "VT bytes", "89 PNG then text"])
def test_the_spider_reads_text_as_extraction_does(body: bytes):
    # made-up bodies on which the spider's own copy differed from extraction (its BOMs, control
    # bytes and signatures): it called them binary, extraction read them
    assert not looks_like_binary(body)
    assert not looks_binary(body)
