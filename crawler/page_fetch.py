"""Fetch one page outside a crawl, by the crawl's rules (``crawler extract``).

The crawl downloads through Scrapy. A command that looks at one page does not start a reactor
for it, but it must get the bytes the crawl would get and refuse what the crawl refuses:

* the URL is sent as ``scrapy.Request`` sends it: an IRI (an Arabic path or query, a non-ASCII
  host) becomes a URI (``w3lib.url.safe_url_string``); ``http.client`` refused it with
  "'ascii' codec can't encode characters … ordinal not in range(128)";
* the crawl's ``Accept-Encoding`` is sent, and a ``Content-Encoding`` the server applied, asked
  for or not, is decoded by the decoders of Scrapy's ``HttpCompressionMiddleware``, within
  ``DOWNLOAD_MAXSIZE``; a body declared gzip (deflate, br, zstd) that is cut short or is not
  of that coding is refused first
  (:func:`crawler.blocked.encoded_body_problem`, as ``TruncatedGzipMiddleware`` does);
* a body larger than ``DOWNLOAD_MAXSIZE``, announced or counted, or decompressing past it, is
  ``too_large``;
* more than ``REDIRECT_MAX_TIMES`` redirects is a ``redirect_loop``;
* a page served with 200 that a server error cut short, or that is nothing but a server's error
  page (:func:`crawler.blocked.server_error_at_end`: PHP's ``Fatal error: … on line 2481`` ending
  it, WordPress's "Error establishing a database connection"…), is ``http_5xx``, as the crawl
  records it (``NewsSpider._unusable_page``): the cut story was printed as an article;
* an HTML page that stops before its end (:func:`crawler.blocked.html_cut_short`: a
  ``Content-Length`` smaller than the page, a connection closed mid-way) is ``truncated``.

Failures raise :class:`~crawler.errors.PageFetchError`, whose ``kind`` is the ``fetch_errors``
kind the crawl would record (``None`` for a failure it names otherwise: a refused connection,
an HTTP error status) and whose message is one line.

Settings (their defaults in ``crawler/settings.py``; no Scrapy settings object here):
``USER_AGENT``, ``DOWNLOAD_MAXSIZE``, ``REDIRECT_MAX_TIMES``.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass

from scrapy.downloadermiddlewares.httpcompression import ACCEPTED_ENCODINGS, HttpCompressionMiddleware
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from w3lib.url import safe_url_string

from crawler.blocked import (
    cut_short_message,
    encoded_body_problem,
    html_cut_short,
    server_error_at_end,
    server_error_message,
)
from crawler.errors import PageFetchError
from crawler.settings import DOWNLOAD_MAXSIZE, REDIRECT_MAX_TIMES, USER_AGENT


@dataclass(frozen=True)
class FetchedPage:
    """A page as the crawl would hand it to extraction."""

    body: bytes
    """The body, its ``Content-Encoding`` decoded."""
    charset: str | None
    """The ``Content-Type`` header's charset, ``None`` when it declares none."""
    url: str
    """Final URL, after redirects, as sent (a URI: non-ASCII percent-encoded)."""


def too_large_message(max_size: int, detail: str = "") -> str:
    """The crawl's wording for a body over ``DOWNLOAD_MAXSIZE`` (``fetch_errors`` kind
    ``too_large``), with the limit in bytes and what showed it."""
    return f"body larger than DOWNLOAD_MAXSIZE ({max_size} bytes)" + (f": {detail}" if detail else "")


def refuse_cut_page(body: bytes) -> None:
    """Raise ``PageFetchError("truncated", …)`` when the HTML ``body`` stops before its end
    (:func:`~crawler.blocked.html_cut_short`), as the crawl refuses to store it."""
    if where := html_cut_short(body):
        raise PageFetchError("truncated", cut_short_message(body, where))


def refuse_server_error_page(body: bytes) -> None:
    """Raise ``PageFetchError("http_5xx", …)`` when ``body`` is cut by a server error or is
    nothing but a server's error page, as the crawl refuses to store it."""
    if error := server_error_at_end(body):
        raise PageFetchError("http_5xx", server_error_message(error))


def one_line(text: str) -> str:
    """``text`` with its line breaks and runs of spaces collapsed: a server's or a library's
    message (urllib's redirect-loop error is three lines) must not break the one-line ``Error:``."""
    return " ".join(str(text).split())


def decode_content_encoding(content_encoding: list[bytes], body: bytes, max_size: int) -> bytes:
    """``body`` with the codings of its ``Content-Encoding`` header values undone, last applied
    first, as the crawl's ``HttpCompressionMiddleware`` does (its own decoders, so a page decodes
    the same in both); a coding Scrapy does not know, and any before it, is left as it is.

    :raises PageFetchError: ``truncated`` or ``bad_encoding`` for a body whose last coding
        (gzip, deflate, br, zstd) is cut short or is not that coding; ``too_large`` when it
        decompresses past ``max_size``;
        ``bad_encoding`` when a decoder fails on it.
    """
    problem = encoded_body_problem(content_encoding, body, max_size)
    if problem is not None:
        raise PageFetchError(*problem)
    # Private helpers of the middleware: what it runs in process_response, minus the Response
    # objects. A Scrapy upgrade that renames them fails tests/test_page_fetch.py.
    to_decode, _kept = HttpCompressionMiddleware._split_encodings(content_encoding)
    for coding in to_decode:
        try:
            body = HttpCompressionMiddleware._decode(body, coding, max_size)
        except _DecompressionMaxSizeExceeded as exc:
            raise PageFetchError("too_large", too_large_message(
                max_size, f"{exc.decompressed_size} bytes once decompressed ({coding.decode()})")) from None
        except Exception as exc:  # zlib.error, brotli.error, OSError, EOFError...: not that coding
            raise PageFetchError("bad_encoding",
                                 f"declared {coding.decode()}, but the body does not decode: {one_line(exc)}") from None
    return body


class _CrawlRedirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, limited as the crawl's ``RedirectMiddleware`` is: past
    ``REDIRECT_MAX_TIMES`` (5) redirects the next is refused (urllib's own limits are 10
    redirects, and 4 visits of one URL)."""

    max_redirections = REDIRECT_MAX_TIMES
    max_repeats = REDIRECT_MAX_TIMES


def fetch_page(url: str, *, timeout: float, max_size: int = DOWNLOAD_MAXSIZE) -> FetchedPage:
    """Download ``url`` (http or https) as the crawl would, without Scrapy's downloader.

    :param timeout: seconds to wait for the connection and for each read.
    :param max_size: largest body accepted, before and after decompression; by default the
        crawl's ``DOWNLOAD_MAXSIZE``.
    :raises PageFetchError: the page cannot be had; see the module docstring for the kinds.
    """
    opener = urllib.request.build_opener(_CrawlRedirects)
    try:
        request = urllib.request.Request(safe_url_string(url), headers={  # as scrapy.Request makes it
            "User-Agent": USER_AGENT,
            "Accept-Encoding": b", ".join(ACCEPTED_ENCODINGS).decode(),  # HttpCompressionMiddleware's
        })
        with opener.open(request, timeout=timeout) as response:
            announced = response.headers.get("Content-Length", "")
            if announced.strip().isdigit() and int(announced) > max_size:
                raise PageFetchError("too_large", too_large_message(max_size, f"{int(announced)} bytes announced"))
            body = response.read(max_size + 1)
            if len(body) > max_size:
                raise PageFetchError("too_large", too_large_message(max_size))
            content_encoding = [value.encode("latin-1") for value in response.headers.get_all("Content-Encoding", [])]
            charset = response.headers.get_content_charset()
            final_url = response.geturl()
    except urllib.error.HTTPError as exc:
        if exc.msg and str(exc.msg).startswith(_CrawlRedirects.inf_msg):
            raise PageFetchError("redirect_loop", f"more than {REDIRECT_MAX_TIMES} redirects") from None
        raise PageFetchError(None, one_line(exc.reason)) from None
    # No answer, a bad URL, an answer that is not HTTP (BadStatusLine is no OSError).
    except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
        raise PageFetchError(None, one_line(getattr(exc, "reason", exc))) from None
    body = decode_content_encoding(content_encoding, body, max_size)
    refuse_server_error_page(body)
    refuse_cut_page(body)
    return FetchedPage(body, charset, final_url)
