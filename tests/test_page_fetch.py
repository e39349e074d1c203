"""``crawler.page_fetch``: one page fetched by the crawl's rules, outside Scrapy's downloader."""

from __future__ import annotations

import gzip
import random
import zlib

import brotli
import pytest

from crawler.blocked import encoded_body_problem, gzip_body_problem
from crawler.errors import PageFetchError
from crawler.fixture_server import FixtureServer, Response
from crawler.page_fetch import decode_content_encoding, fetch_page, one_line

PAGE = ("<html><body>" + "<p>وزير الطاقة يفتتح محطة شمسية</p>" * 20 + "</body></html>").encode()


@pytest.mark.parametrize(("header", "body"), [
    ([b"gzip"], gzip.compress(PAGE)),
    ([b"x-gzip"], gzip.compress(PAGE)),
    ([b"deflate"], zlib.compress(PAGE)),
    ([b"br"], brotli.compress(PAGE)),
    ([b"deflate, gzip"], gzip.compress(zlib.compress(PAGE))),  # last applied, first undone
    ([b"deflate", b"gzip"], gzip.compress(zlib.compress(PAGE))),
    ([], PAGE),
])
def test_content_encodings_are_undone_as_the_crawl_undoes_them(header, body):
    assert decode_content_encoding(header, body, 10_000) == PAGE


def test_an_unknown_coding_is_left_as_it_is():
    assert decode_content_encoding([b"compress"], b"\x1f\x9dsomething", 10_000) == b"\x1f\x9dsomething"


def test_a_body_decompressing_past_the_limit_is_too_large():
    with pytest.raises(PageFetchError) as caught:
        decode_content_encoding([b"gzip"], gzip.compress(b" " * 300_000), 100_000)
    assert caught.value.kind == "too_large"
    assert str(caught.value).startswith("body larger than DOWNLOAD_MAXSIZE (100000 bytes): ")


@pytest.mark.parametrize(("header", "body", "kind"), [
    ([b"gzip"], gzip.compress(PAGE, mtime=0)[:-10], "truncated"),  # mtime 0: the same test id in every process (xdist)
    ([b"gzip"], PAGE, "bad_encoding"),
    ([b"deflate"], PAGE, "bad_encoding"),
    ([b"zstd"], PAGE, "bad_encoding"),
    ([b"br"], PAGE, "bad_encoding"),
])
def test_a_body_that_is_not_what_its_coding_says_is_named(header, body, kind):
    with pytest.raises(PageFetchError) as caught:
        decode_content_encoding(header, body, 10_000)
    assert caught.value.kind == kind
    assert "\n" not in str(caught.value)


def test_gzip_body_problem_is_none_unless_the_last_coding_is_gzip_and_the_body_is_not_whole():
    packed = gzip.compress(PAGE)
    assert gzip_body_problem([], packed[:10]) is None
    assert gzip_body_problem([b"br"], packed[:10]) is None
    assert gzip_body_problem([b"gzip"], packed) is None
    assert gzip_body_problem([b"gzip"], b"") is None
    assert gzip_body_problem([b"GZIP "], packed[:10])[0] == "truncated"
    assert gzip_body_problem([b"x-gzip"], PAGE)[0] == "bad_encoding"


def _zstd():
    try:
        from compression import zstd
    except ImportError:
        from backports import zstd
    return zstd


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
def test_encoded_body_problem_names_a_body_that_is_not_its_coding_or_is_cut_short(coding):
    pack = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress,
            "zstd": _zstd().compress}[coding]
    packed = pack(PAGE)
    name = coding.encode()
    assert encoded_body_problem([name], packed) is None  # the control: a whole stream
    assert encoded_body_problem([b"identity, " + name.upper()], packed) is None
    assert encoded_body_problem([name], packed[: len(packed) // 2])[0] == "truncated"
    kind, message = encoded_body_problem([name], PAGE)
    assert kind == "bad_encoding" and message.startswith(f"declared {coding}, but the {len(PAGE)}-byte body is not")
    assert "\n" not in message
    # a stream read past max_output is left to the size limit (a bomb is not inflated to its end)
    large = pack(random.Random(7).randbytes(200_000))  # incompressible: half decodes to ~100 KB
    assert encoded_body_problem([name], large[: len(large) // 2], max_output=1000) is None
    assert encoded_body_problem([name], large[: len(large) // 2])[0] == "truncated"
    assert encoded_body_problem([name], b"") is None


def test_encoded_body_problem_reads_raw_deflate_and_several_zstd_frames_as_whole():
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert encoded_body_problem([b"deflate"], raw.compress(PAGE) + raw.flush()) is None  # as IIS sends it
    zstd = _zstd()
    assert encoded_body_problem([b"zstd"], zstd.compress(PAGE[:100]) + zstd.compress(PAGE[100:])) is None
    assert encoded_body_problem([b"compress"], PAGE) is None  # a coding the crawl does not decode


def test_fetch_holds_the_body_to_max_size_and_sends_the_crawl_s_accept_encoding(tmp_path):
    with FixtureServer(tmp_path) as server:
        server.add_handler("/page", lambda ctx: Response(
            headers={"Content-Type": "text/html; charset=windows-1256", "Content-Encoding": "gzip"},
            body=gzip.compress(PAGE)))
        page = fetch_page(server.url("/page"), timeout=10, max_size=len(PAGE))
        with pytest.raises(PageFetchError) as caught:
            fetch_page(server.url("/page"), timeout=10, max_size=len(PAGE) - 1)
        accept = server.requests[0].headers.get("Accept-Encoding", "")
    assert (page.body, page.charset, page.url) == (PAGE, "windows-1256", server.url("/page"))
    assert caught.value.kind == "too_large"
    assert {"gzip", "deflate", "br"} <= {coding.strip() for coding in accept.split(",")}


def test_an_unreachable_url_has_no_kind_and_a_one_line_message():
    with pytest.raises(PageFetchError) as caught:
        fetch_page("http://127.0.0.1:9/x", timeout=5)
    assert caught.value.kind is None
    assert "\n" not in str(caught.value)
    assert one_line("The HTTP server returned\nThe last 30x error message was:\nFound") == (
        "The HTTP server returned The last 30x error message was: Found")


def test_a_malformed_answer_is_a_one_line_error_not_a_traceback(tmp_path):
    """``http.client.BadStatusLine`` is no ``OSError``: ``crawler extract`` ended in a traceback."""
    def garbage(ctx):
        ctx.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
        return None

    with FixtureServer(tmp_path) as server:
        server.add_handler("/garbage", garbage)
        with pytest.raises(PageFetchError) as caught:
            fetch_page(server.url("/garbage"), timeout=10)
    assert caught.value.kind is None
    assert "NOT HTTP AT ALL" in str(caught.value) and "\n" not in str(caught.value)
