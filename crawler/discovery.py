"""Discovery parsers: robots.txt ``Sitemap:`` lines, sitemaps, feeds, feed autodiscovery,
and a generic "does this URL look like an article?" heuristic.

Everything here is a pure function over ``str``/``bytes``; the generic spider adapts Scrapy
responses to it. Untrusted XML is parsed defensively:

* the body is never read past ``max_size`` bytes, before or after gzip decompression, and a
  gzip bomb never allocates more than ``max_size`` plus one decompression chunk;
* documents that declare entities (``<!ENTITY``, the billion-laughs family) are rejected
  before parsing, and the lxml parser neither resolves entities, loads DTDs nor touches the
  network;
* a malformed document is parsed again after escaping bare ``&`` (the commonest sitemap and
  feed bug: ``<loc>https://site/?a=1&b=2</loc>``), then with lxml's ``recover=True`` (entities
  are still refused). Recovered entries whose element was never closed (a truncated download)
  are dropped, since their URL may be cut short.

Why not Scrapy's ``scrapy.utils.sitemap.Sitemap``: it drops the Google News fields
(``news:title``, ``news:publication_date``, ``news:language``) that we use to date and
filter articles before fetching them.

Settings: none are read here; callers pass ``max_size`` (the spider passes its
``DOWNLOAD_MAXSIZE``-derived limit) and ``include``/``exclude`` patterns from the site profile.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape as html_unescape
from html.entities import html5
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html

from crawler.dates import DateOnly, parse_date
from crawler.errors import CrawlerError
from crawler.urls import join_url, split_url

logger = logging.getLogger(__name__)

DEFAULT_MAX_SIZE = 50 * 1024 * 1024
"""50 MiB: the sitemaps.org limit for an uncompressed sitemap."""

MAX_SITEMAP_ENTRIES = 50_000
"""Entries read from one sitemap at most: the sitemaps.org limit. A 52 MB sitemap of 450,000
entries took the crawl from 200 to 630 MB and 29 s of parsing in the reactor thread."""

MAX_FEED_ENTRIES = 10_000
"""Items read from one feed at most. A feed lists a site's latest stories (WordPress sends 10,
large sites a few hundred); its archive is the sitemaps' work. A feed of 100,000 items (16 MB,
under ``CRAWL_SITEMAP_MAX_SIZE``) held the reactor thread for 14 s and 130 MB while every item
was read, 300,000 items for 41 s and 460 MB, though the request budget stopped the crawl after
its first few thousand; the first 10,000 are read in about 1.5 s."""

_GZIP_MAGIC = b"\x1f\x8b"
_DECOMPRESS_CHUNK = 64 * 1024


class DiscoveryError(CrawlerError, ValueError):
    """A sitemap, feed or robots body cannot be used; the message says what is wrong in one line."""


@dataclass
class SitemapEntry:
    loc: str
    """Absolute URL of the page (``urlset``) or of the child sitemap (``index``)."""
    lastmod: str | None = None
    """``<lastmod>`` exactly as given (W3C datetime, usually)."""
    news_title: str | None = None
    """``<news:news><news:title>``."""
    news_publication_date: str | None = None
    """``<news:news><news:publication_date>`` as given."""
    news_language: str | None = None
    """``<news:news><news:publication><news:language>`` as given (ISO 639 code)."""
    image: str | None = None
    """First ``<image:image><image:loc>``, absolute."""


@dataclass
class Sitemap:
    kind: str
    """``"index"`` (entries are sitemaps) or ``"urlset"`` (entries are pages)."""
    entries: list[SitemapEntry]
    recovered_from: str | None = None
    """Why the document was malformed (a truncated download, broken XML) when ``entries`` are
    what lxml recovered from it; ``None`` for a well-formed sitemap."""
    without_loc: int = 0
    """Entries skipped for want of a usable ``<loc>``: none, not http(s), or one that cannot be
    read as a URL (``http://[placeholder]/news/1.html``, a template's unfilled host)."""
    entries_over_limit: int = 0
    """Entries of the document past the first ``max_entries`` (``MAX_SITEMAP_ENTRIES``), which
    are not read: 0 for a sitemap within the sitemaps.org limit."""
    leading_junk: str | None = None
    """What came before the XML document and was cut (a PHP notice printed before ``<?xml``),
    described; also in ``recovered_from``. ``None`` when the document started the body."""


@dataclass
class FeedEntry:
    link: str
    """Absolute URL of the item's page."""
    title: str | None = None
    """Item title as plain text (HTML entities decoded, whitespace collapsed)."""
    published: str | None = None
    """``pubDate`` / ``published`` / ``dc:date`` / ``issued`` as given."""
    updated: str | None = None
    """``updated`` / ``modified`` / ``dcterms:modified`` as given."""


# --------------------------------------------------------------------------------------
# robots.txt

_ROBOTS_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE)


def sitemap_urls_from_robots(robots_txt: str, base_url: str) -> list[str]:
    """Return the URLs of ``Sitemap:`` lines (any case), resolved against ``base_url``,
    deduplicated, in file order. Only http(s) URLs are kept. Obeying the rules is left to
    Scrapy's ``RobotsTxtMiddleware``."""
    urls: list[str] = []
    for line in robots_txt.lstrip("\ufeff").splitlines():
        line = line.split("#", 1)[0]
        match = _ROBOTS_SITEMAP_LINE.match(line)
        if not match:
            continue
        url = _absolute_http_url(match.group(1), base_url)
        if url and url not in urls:
            urls.append(url)
    return urls


def crawl_delay_from_robots(robots_txt: str, user_agent: str) -> float | None:
    """Seconds between requests that robots.txt's ``Crawl-delay`` asks of ``user_agent`` (in its
    own group, else in the group of every crawler, ``*``, as Scrapy's parser, Protego, matches
    them), or ``None``: no such line, or not a positive finite number (``Crawl-delay: soon``).
    A BOM before the first line is read past."""
    from protego import Protego  # Scrapy's robots.txt parser (ROBOTSTXT_PARSER)

    try:
        delay = Protego.parse(robots_txt.lstrip("\ufeff")).crawl_delay(user_agent)
    except Exception:  # noqa: BLE001 - a robots.txt the parser cannot read asks for nothing
        return None
    if delay is None or not 0 < float(delay) < float("inf"):
        return None
    return float(delay)


# --------------------------------------------------------------------------------------
# Size limits and gzip


def maybe_gunzip(body: bytes, *, max_size: int, what: str = "sitemap") -> bytes:
    """:func:`_gunzip`'s body (its whole description there)."""
    return _gunzip(body, max_size=max_size, what=what)[0]


def _gunzip(body: bytes, *, max_size: int, what: str = "sitemap") -> tuple[bytes, str | None]:
    """Decompress ``body`` if it starts with the gzip magic bytes, else return it unchanged.

    The decision is made on content, not on the file name or Content-Type (servers label
    ``.xml.gz`` files every possible way). Decompression is a bounded loop: at most
    ``max_size`` + one chunk is ever held, so a gzip bomb costs nothing.
    Concatenated gzip members are all decompressed. A truncated gzip stream yields what was
    decompressed (the XML parser then recovers what it can), and says so in the second value
    (``None`` for a whole stream or a body that is not gzip): the record of the damaged document
    names the cut stream, not only the XML it left unfinished.

    :param max_size: largest accepted size in bytes, compressed or not.
    :param what: the noun used in error messages ("sitemap", "feed").
    :raises DiscoveryError: past ``max_size``, or when the gzip stream is corrupt.
    """
    if len(body) > max_size:
        raise DiscoveryError(f"{what} exceeds {max_size} bytes")
    if not body.startswith(_GZIP_MAGIC):
        return body, None
    output = bytearray()
    cut = None
    pending = body
    try:
        while pending.startswith(_GZIP_MAGIC):
            decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            while pending and not decompressor.eof:
                chunk = decompressor.decompress(pending, _DECOMPRESS_CHUNK)
                output += chunk
                if len(output) > max_size:
                    raise DiscoveryError(f"{what} exceeds {max_size} bytes after decompression")
                pending = decompressor.unconsumed_tail
                if not chunk and not pending:
                    break
            # Drain whatever zlib still buffers, a chunk at a time (never flush() unbounded).
            while not decompressor.eof:
                chunk = decompressor.decompress(b"", _DECOMPRESS_CHUNK)
                if not chunk:
                    break
                output += chunk
                if len(output) > max_size:
                    raise DiscoveryError(f"{what} exceeds {max_size} bytes after decompression")
            if not decompressor.eof:
                logger.warning(
                    "%s gzip stream is truncated; using %d decompressed bytes", what, len(output)
                )
                cut = f"gzip stream cut short ({len(body)} bytes, {len(output)} decompressed)"
                break
            pending = decompressor.unused_data
    except zlib.error as exc:
        raise DiscoveryError(f"{what} is not valid gzip: {exc}") from None
    return bytes(output), cut


# --------------------------------------------------------------------------------------
# Hardened XML parsing

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
# A "&" that does not start one of XML's five predefined entities or a character reference.
# CDATA sections and comments are matched first so that they are left untouched.
_BARE_AMPERSAND_OR_SKIPPED = re.compile(
    rb"(<!\[CDATA\[.*?\]\]>|<!--.*?-->)|&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)",
    re.DOTALL,
)
_ENTRY_NAMES = frozenset({"url", "sitemap", "item", "entry"})


def _xml_parser_options(recover: bool) -> dict:
    return {
        "resolve_entities": False,
        "no_network": True,
        "huge_tree": False,
        "load_dtd": False,
        "dtd_validation": False,
        "recover": recover,
    }


_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=", re.IGNORECASE)


def _prepare_xml_body(body: bytes, *, max_size: int, what: str,
                      encoding: str | None = None) -> tuple[bytes, str | None, str | None]:
    """Apply the size cap, gunzip (a stream cut short described in the third value, else
    ``None``), cut text printed before the document (:func:`_cut_leading_junk`, described in the
    second value, else ``None``), normalise BOM/encoding, and refuse entity declarations. The
    cut of leading text comes before the encoding is read:
    a PHP notice before ``<?xml … encoding="windows-1256"?>`` hid the declaration, and the
    document was decoded by the server's charset but parsed by its declaration's (mojibake).

    ``encoding`` is the charset the server named (``Content-Type``): it is used only for a
    document that names none itself (no BOM, no ``encoding=`` in its XML declaration) and is
    not valid UTF-8, XML's default — a header that says ``iso-8859-1`` over UTF-8 text is the
    more common lie (Apache's old default), a windows-1256 feed named only by its header the
    case it serves."""
    body, stream_cut = _gunzip(body, max_size=max_size, what=what)
    junk = None
    if not body.startswith(_UTF16_BOMS):
        bom = _UTF8_BOM if body.startswith(_UTF8_BOM) else b""
        cut, junk = _cut_leading_junk(body[len(bom):].lstrip())
        if junk is not None:
            body = bom + cut
    if encoding and not body.startswith((_UTF8_BOM, *_UTF16_BOMS)) and not _DECLARED_ENCODING.match(body):
        body = _decode_by_header(body, encoding)
    if body.startswith(_UTF16_BOMS):
        # Rare, but legal. Re-encode as UTF-8 so that the byte-level checks below see the text.
        text = body.decode("utf-16", errors="replace")
        body = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    body = body.removeprefix(_UTF8_BOM).lstrip()
    if not body:
        raise DiscoveryError(f"{what} is empty ({stream_cut})" if stream_cut else f"{what} is empty")
    if _ENTITY_DECLARATION.search(body):
        raise DiscoveryError("entity declarations are not allowed")
    return body, junk, stream_cut


# Where an XML document starts: its declaration, or the start tag of a sitemap's or feed's root.
_XML_START = re.compile(rb"<\?xml[\s?]|<(?:[\w.-]+:)?(?:urlset|sitemapindex|rss|feed|RDF)[\s>/]")
_DOCUMENT_START = re.compile(rb"<(?:\?xml[\s?]|!--|!doctype|\?xml-stylesheet|(?:[\w.-]+:)?(?:urlset|sitemapindex|rss|feed|RDF)[\s>/])",
                             re.IGNORECASE)
_PAGE_MARKUP = re.compile(rb"<(?:html|body|head)[\s>]", re.IGNORECASE)
_LEADING_JUNK_WINDOW = 64 * 1024


def _cut_leading_junk(body: bytes) -> tuple[bytes, str | None]:
    """``body`` from its XML declaration or root start tag on, and what was cut, described
    (``None`` when nothing was): a badly configured PHP site prints its notices and warnings
    (``<br />\n<b>Notice</b>: Undefined index …``), or a stray line, before ``<?xml``; the
    parser then took the first ``<br>`` for the root and the whole document was rejected.

    Only text in the first 64 KB is cut, and never an HTML page (``<html>``, ``<head>`` or
    ``<body>`` before the start): that is a page served in place of the document, and stays an
    error. A plain-text sitemap (no declaration, no root tag) is left as it is."""
    if _DOCUMENT_START.match(body):
        return body, None
    found = _XML_START.search(body, 0, _LEADING_JUNK_WINDOW)
    if found is None:
        return body, None
    junk = body[:found.start()]
    if _PAGE_MARKUP.search(junk):
        return body, None
    shown = _one_line(junk[:120].decode("utf-8", errors="replace"))
    return body[found.start():], f"{len(junk)} bytes before the XML document cut: {shown!r}"


def _decode_by_header(body: bytes, encoding: str) -> bytes:
    """``body`` as UTF-8, read in ``encoding`` if it is not UTF-8 already and the codec exists."""
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    try:
        codec = codecs.lookup(encoding.strip().strip("\"'"))
    except LookupError:
        return body
    return body.decode(codec.name, errors="replace").encode("utf-8")


def _escape_bare_ampersands(body: bytes) -> bytes:
    return _BARE_AMPERSAND_OR_SKIPPED.sub(lambda m: m.group(1) or b"&amp;", body)


def _parse_xml(
    body: bytes, *, base_url: str | None, what: str
) -> tuple[etree._Element, Callable[[etree._Element], bool], str | None]:
    """Parse ``body`` with the hardened parser.

    Returns the root, a predicate telling whether an entry element (url, sitemap, item,
    entry) was closed in the source (always true unless lxml had to recover), and the
    parser's complaint when it had to recover (``None`` for a well-formed document).
    """
    first_error: etree.XMLSyntaxError | None = None
    candidates = [body]
    escaped = _escape_bare_ampersands(body)
    if escaped != body:
        candidates.append(escaped)
    for candidate in candidates:
        try:
            parser = etree.XMLParser(**_xml_parser_options(recover=False))
            root = etree.fromstring(candidate, parser, base_url=base_url)
        except etree.XMLSyntaxError as exc:
            first_error = first_error or exc
            continue
        if candidate is not body:
            logger.debug("%s at %s parsed after escaping bare '&'", what, base_url)
        _refuse_entities(root)
        return root, lambda element: True, None

    # Recover what we can. Entry elements whose end tag is only synthesised when the parser is
    # closed were cut off by truncation: their text may be incomplete, so they are dropped.
    pull_parser = etree.XMLPullParser(
        events=("end",), base_url=base_url, **_xml_parser_options(recover=True)
    )
    try:
        pull_parser.feed(candidates[-1])
        for _event, _element in pull_parser.read_events():
            pass
        root = pull_parser.close()
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        reason = _one_line(str(first_error)) if first_error else "no root element"
        raise DiscoveryError(f"{what} is not XML: {reason}")
    unclosed = [
        element
        for _event, element in pull_parser.read_events()
        if _localname(element) in _ENTRY_NAMES
    ]
    _refuse_entities(root)
    problem = _one_line(str(first_error)) if first_error else "malformed XML"
    logger.warning("%s at %s is malformed (%s); using what lxml recovered", what, base_url, problem)
    return root, lambda element: not any(element is cut for cut in unclosed), problem


def _refuse_entities(root: etree._Element) -> None:
    # Second line of defence for encodings the byte-level scan cannot read (e.g. UTF-32).
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise DiscoveryError("entity declarations are not allowed")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _localname(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(element: etree._Element, name: str) -> Iterable[etree._Element]:
    return (child for child in element if _localname(child) == name)


def _child(element: etree._Element, *names: str) -> etree._Element | None:
    """First direct child whose local name is one of ``names``, in the order of ``names``."""
    for name in names:
        for child in _children(element, name):
            return child
    return None


def _child_text(element: etree._Element, *names: str) -> str | None:
    """Stripped text of the first matching child that has some, else None."""
    for name in names:
        for child in _children(element, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


# --------------------------------------------------------------------------------------
# URLs inside documents


_CHARACTER_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def unescape_attribute(value: str) -> str:
    """An HTML attribute's value with its character references decoded as a browser decodes
    them in an attribute: a named reference without its semicolon stays text when letters,
    digits or "=" follow it, so ``?id=1&region=gulf`` and ``&copy=3`` keep their parameters
    (``html.unescape`` turns them into "®ion" and "©=3", and the link into a 404)."""
    if "&" not in value:
        return value

    def decoded(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#") or name.endswith(";"):
            return html_unescape(match.group(0))
        following = value[match.end():match.end() + 1]
        return html5[name] if name in html5 and following != "=" else match.group(0)

    return _CHARACTER_REFERENCE.sub(decoded, value)


def _unescape_url(raw: str) -> str:
    """Undo extra rounds of ``&amp;`` escaping (``&amp;amp;`` in the source, seen in feeds).

    Only ``&amp;`` and its numeric forms are replaced: ``html.unescape`` would also turn
    legacy entities without a semicolon into characters and break query strings such as
    ``?a=1&para=2`` or ``&copy=3``; hence no ``html.unescape`` on URLs.
    """
    text = raw.strip()
    for _ in range(5):
        unescaped = text.replace("&amp;", "&").replace("&#38;", "&").replace("&#x26;", "&")
        if unescaped == text:
            break
        text = unescaped
    return text


def _absolute_http_url(raw: str, base_url: str | None) -> str | None:
    """``raw`` cleaned and resolved against ``base_url``; None unless it is http(s)."""
    text = _unescape_url(raw)
    # Whitespace inside a URL is always an artefact (wrapped lines in hand-written XML).
    text = re.sub(r"[\t\r\n]+", "", text)
    if not text:
        return None
    url = join_url(base_url, text)
    parts = split_url(url) if url is not None else None  # None: "http://[placeholder]/x"
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# --------------------------------------------------------------------------------------
# Sitemaps


def parse_sitemap(
    body: bytes, *, base_url: str | None = None, max_size: int = DEFAULT_MAX_SIZE,
    encoding: str | None = None, max_entries: int = MAX_SITEMAP_ENTRIES,
) -> Sitemap:
    """Parse a sitemap (``urlset``), a sitemap index, a plain-text sitemap (one URL per line)
    or an RSS/Atom feed submitted as a sitemap (sitemaps.org allows it).

    Any namespace is accepted (sitemaps.org 0.9, Google's old 0.84 namespace, none), gzipped
    or not. URLs are resolved against ``base_url`` (the sitemap's own URL) and deduplicated;
    entries without an http(s) ``loc`` are skipped.

    ``encoding``: the charset the server named, for a document that names none and is not UTF-8.

    ``max_entries`` (0: no limit): entries read at most, in document order; the others are
    only counted (``entries_over_limit``). A well-formed ``urlset`` or index is read
    incrementally, each entry's elements freed once read, so its memory use is that of its
    entries, not of its whole tree.

    :raises DiscoveryError: too large, entity declarations, not a sitemap, nothing usable.
    """
    body, junk, cut = _prepare_xml_body(body, max_size=max_size, what="sitemap", encoding=encoding)
    try:
        sitemap = _parse_sitemap_body(body, base_url, max_entries)
    except DiscoveryError as exc:
        raise DiscoveryError(f"{cut}: {exc}") if cut else exc from None
    if junk:
        sitemap = _with_leading_junk(sitemap, junk)
    return _with_cut_stream(sitemap, cut) if cut else sitemap


def _with_cut_stream(document, cut: str):
    """``document`` (a :class:`Sitemap` or :class:`Feed`) read from a gzip stream cut short: its
    damage recorded, naming the cut first."""
    document.recovered_from = f"{cut}; {document.recovered_from}" if document.recovered_from else cut
    return document


def _with_leading_junk(document, junk: str):
    """``document`` (a :class:`Sitemap` or :class:`Feed`) with the text cut before it recorded."""
    document.leading_junk = junk
    document.recovered_from = f"{document.recovered_from}; {junk}" if document.recovered_from else junk
    return document


def _parse_sitemap_body(body: bytes, base_url: str | None, max_entries: int) -> Sitemap:
    if not body.startswith(b"<"):
        entries, without_loc = _parse_text_sitemap(body, base_url)
        over = max(0, len(entries) - max_entries) if max_entries else 0
        return Sitemap(kind="urlset", entries=entries[:max_entries] if over else entries,
                       without_loc=without_loc, entries_over_limit=over)
    if _ROOT_ELEMENT.match(body) and (streamed := _stream_sitemap(body, base_url, max_entries)):
        return streamed

    root, is_complete, recovered_from = _parse_xml(body, base_url=base_url, what="sitemap")
    root_name = _localname(root)
    if root_name in ("rss", "RDF", "feed"):
        # a feed submitted as a sitemap: the sitemap's limit (every item was read before)
        feed_entries, without_link, over = _feed_entries(root, is_complete, base_url, max_entries)
        entries = [
            SitemapEntry(loc=entry.link, lastmod=entry.updated or entry.published)
            for entry in feed_entries
        ]
        return Sitemap(kind="urlset", entries=entries, recovered_from=recovered_from, without_loc=without_link,
                       entries_over_limit=over)
    if root_name == "urlset":
        kind, entry_name = "urlset", "url"
    elif root_name == "sitemapindex":
        kind, entry_name = "index", "sitemap"
    else:
        raise DiscoveryError(f"sitemap root is <{root_name}>, not <urlset> or <sitemapindex>")

    collected = _SitemapEntries(base_url)
    over = 0
    for element in _children(root, entry_name):
        if not is_complete(element):
            logger.debug("dropping truncated sitemap entry in %s", base_url)
            continue
        if max_entries and collected.read >= max_entries:
            over += 1
            continue
        collected.add(element)
    return Sitemap(kind=kind, entries=collected.entries, recovered_from=recovered_from,
                   without_loc=collected.without_loc, entries_over_limit=over)


class _SitemapEntries:
    """The entries of one sitemap as its ``<url>``/``<sitemap>`` elements are read, by the tree
    parser or the pull parser: each ``<loc>`` once, in document order; elements without a usable
    ``<loc>`` counted."""

    def __init__(self, base_url: str | None):
        self.base_url = base_url
        self.entries: list[SitemapEntry] = []
        self.seen: set[str] = set()
        self.read = 0  # entry elements read, usable or not
        self.without_loc = 0

    def add(self, element) -> None:
        self.read += 1
        entry = _sitemap_entry(element, self.base_url)
        if entry is None:
            self.without_loc += 1
        elif entry.loc not in self.seen:
            self.seen.add(entry.loc)
            self.entries.append(entry)


# The document's first element is a <urlset> or <sitemapindex> (any prefix), after an optional
# XML declaration, comments and processing instructions: the documents read incrementally.
_ROOT_ELEMENT = re.compile(
    rb"(?:\s|<\?.*?\?>|<!--.*?-->)*<(?:[\w.-]+:)?(?:urlset|sitemapindex)[\s>/]", re.DOTALL)
_STREAM_CHUNK = 1024 * 1024
_STREAMED_ENTRIES = {"urlset": "url", "sitemapindex": "sitemap"}


def _stream_sitemap(body: bytes, base_url: str | None, max_entries: int) -> Sitemap | None:
    """A well-formed ``urlset`` or sitemap index read with lxml's pull parser, a chunk at a time:
    each entry is read when its end tag is parsed, then freed with the elements before it. Past
    ``max_entries`` entries are only counted. ``None`` when the document is not one of those or
    is not well-formed: the tree parser then reads it, and recovers what it can."""
    parser = etree.XMLPullParser(events=("start", "end"), tag=("{*}urlset", "{*}sitemapindex", "{*}url", "{*}sitemap"),
                                 base_url=base_url, **_xml_parser_options(recover=False))
    root: etree._Element | None = None
    entry_name = ""
    collected = _SitemapEntries(base_url)
    try:
        for offset in range(0, len(body), _STREAM_CHUNK):
            parser.feed(body[offset:offset + _STREAM_CHUNK])
            for event, element in parser.read_events():
                if root is None:
                    if event != "start" or _localname(element) not in _STREAMED_ENTRIES:
                        return None
                    root = element
                    entry_name = _STREAMED_ENTRIES[_localname(root)]
                    _refuse_entities(root)
                    continue
                if event != "end" or element.getparent() is not root or _localname(element) != entry_name:
                    continue
                collected.add(element)
                # Freed: the entry, and whatever came before it in the root (comments, others).
                element.clear()
                while element.getprevious() is not None:
                    del root[0]
                if max_entries and collected.read >= max_entries:
                    # The rest is not parsed, only its entries' start tags counted (in C).
                    kind = "index" if entry_name == "sitemap" else "urlset"
                    over = max(0, _count_start_tags(body, entry_name, root.prefix) - collected.read)
                    return Sitemap(kind=kind, entries=collected.entries, without_loc=collected.without_loc,
                                   entries_over_limit=over)
        parser.close()
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    return Sitemap(kind="index" if entry_name == "sitemap" else "urlset", entries=collected.entries,
                   without_loc=collected.without_loc)


def _count_start_tags(body: bytes, name: str, prefix: str | None) -> int:
    """How many ``<name>`` start tags (with the root's namespace prefix) ``body`` holds, counted
    with ``bytes.count``: a regex took a second over 50 MB."""
    tag = f"<{prefix}:{name}" if prefix else f"<{name}"
    return sum(body.count(tag.encode() + end) for end in (b">", b" ", b"\n", b"\r", b"\t"))


_YEAR_MONTH = re.compile(r"\s*(\d{4})(?:-(\d{2}))?\s*")


def lastmod_datetime(value: str | None) -> datetime | None:
    """A sitemap or feed date as a zone-aware UTC datetime, read leniently: the *latest* instant
    the value can mean, so that an age cut-off never drops a page the value may call recent.

    Every W3C datetime precision counts (sitemaps.org): a full datetime as given (no zone: UTC);
    a bare date (``2015-02-28``) as the end of that day; ``YYYY-MM`` (``2015-06``) as the end of
    that month; ``YYYY`` as the end of that year. Other forms go through
    :func:`crawler.dates.parse_date` (RFC 2822 in feeds). ``None`` when nothing is readable.
    """
    if not value:
        return None
    if match := _YEAR_MONTH.fullmatch(value):
        year = int(match.group(1))
        month = int(match.group(2) or 12)
        if not (1 <= month <= 12 and 1 <= year < 9999):
            return None
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        return datetime(*following, 1, tzinfo=UTC) - timedelta(microseconds=1)
    date = parse_date(value, default_tz="UTC")
    if date is None:
        return None
    if isinstance(date, DateOnly):
        return datetime(date.year, date.month, date.day, tzinfo=UTC) + timedelta(days=1, microseconds=-1)
    if date.tzinfo is None:
        return date.replace(tzinfo=UTC)
    return date.astimezone(UTC)


# A child named after what it lists: Yoast, Rank Math and AIOSEO write "<type>-sitemap<N>.xml"
# with WordPress's type names (post_tag, category, author, page: static pages); WordPress's
# own sitemaps "wp-sitemap-taxonomies-…" and "wp-sitemap-users-…"; other CMSs
# "sitemap-tags.xml", or a folder of sitemaps named by type ("sitemaps/tags.xml"); the "XML
# Sitemap Generator for Google" plugin "sitemap-tax-<taxonomy>.xml", "sitemap-pt-page-<month>.xml"
# (static pages) and "sitemap-archives.xml" (monthly archive pages). "sitemap-category-5.xml" is
# not here: such a child may list the category's articles.
_TAXONOMY_SITEMAP = re.compile(
    r"(?:^|/)(?:(?:post_tag|tags?|category|categories|authors?|users?|page|product_cat|product_tag|post_format)"
    r"-sitemap\d*|wp-sitemap-(?:taxonomies|users)-[\w-]*|sitemap[-_](?:tags|categories|authors|users|taxonomies)"
    r"(?:[-_]\w+)?|sitemap-tax-[\w-]+|sitemap-pt-page(?:-[\w-]+)?|sitemap-archives"
    r"|sitemaps?/(?:tags|categories|authors|users|taxonomies)\d*)\.xml(?:\.gz)?$", re.IGNORECASE)


def is_taxonomy_sitemap(url: str) -> bool:
    """Whether a sitemap index's child ``url`` lists tag, category, author or static pages
    rather than articles, by the names CMS sitemap generators give such children. On a
    WordPress site its thousands of tag pages, scheduled as listings, spent the request
    budget before the posts' sitemap was read."""
    parts = split_url(url)
    return parts is not None and bool(_TAXONOMY_SITEMAP.search(parts.path))


# The "XML Sitemap Generator for Google" plugin's "sitemap-misc.xml" (the home page, in every
# index it writes) and "sitemap-externals.xml" (the addresses its user added by hand). No
# article child: beside them, a site that publishes its stories as static pages lists them in
# "sitemap-pt-page-<month>.xml" only.
_HOME_PAGE_SITEMAP = re.compile(r"(?:^|/)sitemap-(?:misc|externals)\.xml(?:\.gz)?$", re.IGNORECASE)
# The plugin's other children: its "sitemap-archives.xml" lists monthly archive pages, but
# another generator's, without these beside it, may list the site's older articles.
_PLUGIN_SITEMAP = re.compile(r"(?:^|/)sitemap-(?:pt-[\w-]+|tax-[\w-]+|misc|externals)\.xml(?:\.gz)?$",
                             re.IGNORECASE)
_ARCHIVES_SITEMAP = re.compile(r"(?:^|/)sitemap-archives\.xml(?:\.gz)?$", re.IGNORECASE)
# The static pages' children among the taxonomy ones (Yoast's, Rank Math's, AIOSEO's and the plugin's).
_STATIC_PAGE_SITEMAP = re.compile(r"(?:^|/)(?:page-sitemap\d*|sitemap-pt-page(?:-[\w-]+)?)\.xml(?:\.gz)?$",
                                  re.IGNORECASE)


def taxonomy_children_to_skip(urls: Sequence[str], lastmods: Sequence[str | None] | None = None) -> list[bool]:
    """For each child of a sitemap index (its ``urls``, their ``lastmods``), whether it is
    skipped: a taxonomy child (:func:`is_taxonomy_sitemap`) when the index has another child
    that may list articles.

    The plugin's home page child ``sitemap-misc.xml`` and its hand-added addresses'
    ``sitemap-externals.xml`` are none: an index of them, static pages and categories is read
    whole, as one of static pages and categories alone is. ``sitemap-archives.xml`` is the
    plugin's list of monthly archives only beside its other children (``sitemap-pt-*``,
    ``sitemap-tax-*``, ``sitemap-misc.xml``); another generator's may list older articles, and is
    read. The static pages' children (``page-sitemap.xml``, ``sitemap-pt-page-<month>.xml``) are
    read when one of them is newer than every article child (all dated): the site's latest
    stories are its pages (a small site that publishes them so), not its about and contact pages."""
    paths = [parts.path if (parts := split_url(url)) is not None else "" for url in urls]
    dates = [lastmod_datetime(lastmod) for lastmod in (lastmods or [None] * len(urls))]
    plugin_index = any(_PLUGIN_SITEMAP.search(path) for path in paths)
    taxonomy = [is_taxonomy_sitemap(url) and (plugin_index or not _ARCHIVES_SITEMAP.search(path))
                for url, path in zip(urls, paths)]
    article_dates = [date for path, is_taxonomy, date in zip(paths, taxonomy, dates)
                     if not is_taxonomy and not _HOME_PAGE_SITEMAP.search(path)]
    if not article_dates:
        return [False] * len(urls)
    static = [bool(_STATIC_PAGE_SITEMAP.search(path)) for path in paths]
    newest_article = max((date for date in article_dates if date is not None), default=None)
    pages_newer = newest_article is not None and None not in article_dates and any(
        is_static and date is not None and date > newest_article for is_static, date in zip(static, dates))
    return [is_taxonomy and not (is_static and pages_newer) for is_taxonomy, is_static in zip(taxonomy, static)]


# The period a URL is named after: a year and a month, perhaps a day, with one separator between
# them (sitemap-2025-06.xml, sitemap_2025_06_02.xml, /2025/06/02/slug, Youm7's /2025/6/2/…). Not
# preceded or followed by another digit, so an id (/news/20250612345) names no date.
_URL_PERIOD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})([-_/.])(0?[1-9]|1[0-2])(?:\2(0?[1-9]|[12]\d|3[01]))?(?!\d)")
# A sitemap file named by a compact month or a year (sitemap-202506.xml, post-sitemap-2024.xml):
# read in a file name ending in .xml only, where a run of digits is no article id.
_SITEMAP_FILE_PERIOD = re.compile(
    r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])?(?!\d)[^/]*\.xml(?:\.gz)?$", re.IGNORECASE)


def url_period_end(url: str) -> datetime | None:
    """The end of the period ``url``'s path is named after, as :func:`lastmod_datetime` reads a
    ``lastmod`` of that precision: ``sitemap-2025-06.xml`` is 30 June 2025 23:59:59.999999 UTC,
    ``/2025/06/02/slug`` the end of 2 June, ``sitemap-2024.xml`` the end of 2024. ``None`` when the
    path names no year and month (a year alone counts only as a sitemap file's name).

    A sitemap index whose children carry no ``lastmod`` (one child a month, listed oldest
    first) is ordered by these dates: without them the crawl read 2019's sitemaps first and
    spent its budget there (:func:`newest_first`)."""
    parts = split_url(url)
    if parts is None:
        return None
    path = unquote(parts.path)
    found = None
    for found in _URL_PERIOD.finditer(path):
        pass  # the last one: /archive/2019/sitemap-2025-06.xml is June 2025
    if found is not None:
        year, _sep, month, day = found.groups()
        month = month.zfill(2)
        return lastmod_datetime(f"{year}-{month}-{day.zfill(2)}" if day else f"{year}-{month}")
    if match := _SITEMAP_FILE_PERIOD.search(path.rsplit("/", 1)[-1]):
        year, month = match.groups()
        return lastmod_datetime(f"{year}-{month}" if month else year)
    return None


# WordPress's own sitemaps (5.5+): an index of "wp-sitemap-posts-<type>-<N>.xml" pages without
# lastmod, each listing its posts by id ascending without lastmod (WP_Sitemaps_Posts queries
# orderby ID, order ASC): page 1 holds the oldest posts, the last page and its last entry the newest.
_WP_CORE_POSTS_SITEMAP = re.compile(r"(?:^|/)wp-sitemap-posts-([\w-]+?)-(\d+)\.xml$", re.IGNORECASE)


def wp_core_posts_page(url: str) -> tuple[str, int] | None:
    """``(post type, page number)`` of a WordPress core posts sitemap
    (``/wp-sitemap-posts-post-3.xml``: ``("post", 3)``), else ``None``."""
    parts = split_url(url)
    match = _WP_CORE_POSTS_SITEMAP.search(parts.path) if parts is not None else None
    return (match.group(1).lower(), int(match.group(2))) if match else None


def newest_first(entries: Sequence[SitemapEntry], *, listed_oldest_first: bool = False) -> list[SitemapEntry]:
    """``entries`` ordered by date, newest first (a news sitemap's ``publication_date``, else
    ``lastmod``, read by :func:`lastmod_datetime`, else the period the entry's URL is named
    after, :func:`url_period_end`); entries without any date come last, in document order, or
    in reverse document order when the sitemap is known to list them ``listed_oldest_first``
    (a WordPress core posts sitemap, :func:`wp_core_posts_page`). Undated WordPress core posts
    pages of an index come highest page first. A sitemap index of 2,000 daily children lists
    them oldest first as often as not, with or without ``lastmod``: under a request budget, the
    crawl must reach this week's articles first."""
    dated: list[tuple[datetime, int, SitemapEntry]] = []
    undated: list[SitemapEntry] = []
    for position, entry in enumerate(entries):
        when = lastmod_datetime(entry.news_publication_date or entry.lastmod) or url_period_end(entry.loc)
        if when is None:
            undated.append(entry)
        else:
            dated.append((when, -position, entry))
    dated.sort(key=lambda item: item[:2], reverse=True)  # same date: document order
    if listed_oldest_first:
        undated.reverse()
    else:
        # each post type's pages, highest first, in the places its pages held (each entry's
        # address read once: an undated urlset holds up to 50,000 of them)
        pages = [(entry, wp_core_posts_page(entry.loc)) for entry in undated]
        if any(page for _entry, page in pages):
            by_type: dict[str, list[SitemapEntry]] = {}
            for entry, page in sorted((item for item in pages if item[1]), key=lambda item: item[1][1], reverse=True):
                by_type.setdefault(page[0], []).append(entry)
            undated = [by_type[page[0]].pop(0) if page else entry for entry, page in pages]
    return [entry for _when, _position, entry in dated] + undated


def _sitemap_entry(element: etree._Element, base_url: str | None) -> SitemapEntry | None:
    loc = _child_text(element, "loc")
    url = _absolute_http_url(loc, base_url) if loc else None
    if url is None:
        return None
    entry = SitemapEntry(loc=url, lastmod=_child_text(element, "lastmod"))
    news = _child(element, "news")
    if news is not None:
        entry.news_title = _child_text(news, "title")
        entry.news_publication_date = _child_text(news, "publication_date")
        publication = _child(news, "publication")
        if publication is not None:
            entry.news_language = _child_text(publication, "language")
    for image in _children(element, "image"):
        image_loc = _child_text(image, "loc")
        image_url = _absolute_http_url(image_loc, base_url) if image_loc else None
        if image_url:
            entry.image = image_url
            break
    return entry


def _parse_text_sitemap(body: bytes, base_url: str | None) -> tuple[list[SitemapEntry], int]:
    """The entries of a text sitemap, and how many of its URL lines cannot be read as URLs."""
    text = body.decode("utf-8", errors="replace")
    entries: list[SitemapEntry] = []
    seen: set[str] = set()
    without_loc = 0
    for line in text.splitlines():
        line = line.strip()
        # The text format requires absolute URLs; anything else means this is not a sitemap.
        if not re.match(r"(?i)https?://\S+$", line):
            continue
        url = _absolute_http_url(line, base_url)
        if url is None:
            without_loc += 1
        elif url not in seen:
            seen.add(url)
            entries.append(SitemapEntry(loc=url))
    if not entries:
        raise DiscoveryError("sitemap is not XML and lists no URLs")
    return entries, without_loc


# --------------------------------------------------------------------------------------
# Feeds

_HTML_START = re.compile(
    rb"^(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)


@dataclass
class Feed:
    entries: list[FeedEntry]
    recovered_from: str | None = None
    """Why the document was malformed (a truncated download, broken XML) when ``entries`` are
    what lxml recovered from it; ``None`` for a well-formed feed."""
    without_link: int = 0
    """Items skipped for want of a usable link (none, not http(s), a guid that is no permalink)."""
    leading_junk: str | None = None
    """As :attr:`Sitemap.leading_junk`."""
    entries_over_limit: int = 0
    """Items with a link past the first ``max_entries`` (:data:`MAX_FEED_ENTRIES`), counted and
    not read; 0 for a feed within the limit."""


def parse_feed(
    body: bytes, *, base_url: str | None = None, max_size: int = DEFAULT_MAX_SIZE,
    max_entries: int = MAX_FEED_ENTRIES,
) -> list[FeedEntry]:
    """The entries of :func:`read_feed`."""
    return read_feed(body, base_url=base_url, max_size=max_size, max_entries=max_entries).entries


def read_feed(
    body: bytes, *, base_url: str | None = None, max_size: int = DEFAULT_MAX_SIZE,
    encoding: str | None = None, max_entries: int = MAX_FEED_ENTRIES,
) -> Feed:
    """Parse an RSS 2.0, RSS 1.0 (RDF), Atom 0.3/1.0 or JSON Feed body into entries.

    Links are XML-unescaped (and extra ``&amp;`` rounds undone), stripped, resolved against
    ``xml:base`` / ``base_url`` and kept only if http(s); items without a link are skipped.
    FeedBurner's ``feedburner:origLink`` is preferred to its redirecting ``link``.
    Dates are kept as strings. ``encoding``: the charset the server named, for a document that
    names none and is not UTF-8 (:func:`_prepare_xml_body`). ``max_entries`` (0: no limit):
    entries read at most, in document order; the other items are only counted
    (``entries_over_limit``, :data:`MAX_FEED_ENTRIES`).

    :raises DiscoveryError: too large, HTML instead of a feed, entity declarations, not a feed.
    """
    body, junk, cut = _prepare_xml_body(body, max_size=max_size, what="feed", encoding=encoding)
    try:
        feed = _read_feed_body(body, base_url, max_entries)
    except DiscoveryError as exc:
        raise DiscoveryError(f"{cut}: {exc}") if cut else exc from None
    if junk:
        feed = _with_leading_junk(feed, junk)
    return _with_cut_stream(feed, cut) if cut else feed


def _read_feed_body(body: bytes, base_url: str | None, max_entries: int) -> Feed:
    if _HTML_START.match(body):
        raise DiscoveryError("feed is HTML, not RSS/Atom")
    if body.startswith(b"{"):
        entries = _parse_json_feed(body, base_url)
        over = max(0, len(entries) - max_entries) if max_entries else 0
        return Feed(entries[:max_entries] if over else entries, entries_over_limit=over)
    root, is_complete, recovered_from = _parse_xml(body, base_url=base_url, what="feed")
    root_name = _localname(root)
    if root_name == "html":
        raise DiscoveryError("feed is HTML, not RSS/Atom")
    if root_name not in ("rss", "RDF", "feed", "channel"):
        raise DiscoveryError(f"feed root is <{root_name}>, not <rss>, <rdf:RDF> or <feed>")
    entries, without_link, over = _feed_entries(root, is_complete, base_url, max_entries)
    return Feed(entries, recovered_from, without_link, entries_over_limit=over)


def _feed_entries(
    root: etree._Element, is_complete: Callable[[etree._Element], bool], base_url: str | None,
    max_entries: int = 0,
) -> tuple[list[FeedEntry], int, int]:
    """The feed's entries (at most ``max_entries``, 0: all), how many items had no usable link,
    and how many items were past the limit (counted, their links not read)."""
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    without_link = 0
    items_before = 0  # item and entry elements met before the current one
    for element in root.iter():
        if _localname(element) not in ("item", "entry"):
            continue
        if max_entries and len(entries) >= max_entries:
            # The rest are only counted, by lxml's own walk: reading each item's link (resolving,
            # unescaping) is what costs, and even this loop's test of each element is slow.
            items = sum(1 for _ in root.iter("{*}item", "{*}entry"))
            return entries, without_link, items - items_before
        items_before += 1
        if not is_complete(element):
            continue
        link = _feed_item_link(element, base_url)
        if link is None:
            without_link += 1
            continue
        if link in seen:
            continue
        seen.add(link)
        title = _child_text(element, "title")
        entries.append(
            FeedEntry(
                link=link,
                title=" ".join(html_unescape(title).split()) if title else None,
                published=_child_text(element, "pubDate", "published", "issued", "date", "created"),
                updated=_child_text(element, "updated", "modified"),
            )
        )
    return entries, without_link, 0


def _feed_item_link(item: etree._Element, base_url: str | None) -> str | None:
    def resolve(raw: str | None, element: etree._Element) -> str | None:
        # element.base folds in xml:base attributes (Atom) on top of the document URL.
        return _absolute_http_url(raw, element.base or base_url) if raw else None

    original = _child(item, "origLink")
    if original is not None and (url := resolve(original.text, original)):
        return url
    links = list(_children(item, "link"))
    # Atom: rel="alternate" (the default when rel is absent) first.
    for link in links:
        href = link.get("href")
        rel = (link.get("rel") or "alternate").strip().lower()
        if href and rel == "alternate" and (url := resolve(href, link)):
            return url
    # RSS: the element's text (before any rel="enclosure"/"self" href in an RSS item).
    for link in links:
        if link.get("href") is None and (url := resolve("".join(link.itertext()), link)):
            return url
    # Atom without an alternate link: the first link with an href.
    for link in links:
        if (href := link.get("href")) and (url := resolve(href, link)):
            return url
    guid = _child(item, "guid", "id")
    if guid is not None and (guid.get("isPermaLink") or "true").lower() != "false":
        return resolve(guid.text, guid)
    return None


def _parse_json_feed(body: bytes, base_url: str | None) -> list[FeedEntry]:
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiscoveryError(f"feed is not RSS/Atom XML nor JSON: {_one_line(str(exc))}") from None
    except RecursionError:
        raise DiscoveryError("feed is JSON nested deeper than the parser goes") from None
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise DiscoveryError("feed is JSON but has no 'items' list")
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        raw = item.get("url") or item.get("external_url")
        link = _absolute_http_url(raw, base_url) if isinstance(raw, str) else None
        if link is None or link in seen:
            continue
        seen.add(link)
        title = item.get("title")
        entries.append(
            FeedEntry(
                link=link,
                title=" ".join(title.split()) if isinstance(title, str) and title.strip() else None,
                published=item.get("date_published") or None,
                updated=item.get("date_modified") or None,
            )
        )
    return entries


# --------------------------------------------------------------------------------------
# Feed autodiscovery

_FEED_TYPES = re.compile(r"^application/(?:rss|atom|rdf|feed)\+(?:xml|json)$")
# WordPress links a comments feed next to the posts feed; it lists comments, not articles.
_COMMENTS_FEED = re.compile(r"/comments/feed|[?&]feed=comments", re.IGNORECASE)


def feed_urls_from_html(html: str, base_url: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="application/rss+xml|atom+xml|
    rdf+xml|feed+json">`` in a page, resolved against ``<base href>`` / ``base_url``,
    deduplicated, in page order. Comments feeds are skipped."""
    if not html.strip():
        return []
    try:
        document = lxml_html.document_fromstring(
            html.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError):
        return []
    base = base_url
    for base_element in document.iter("base"):
        if base_element.get("href"):
            # an unreadable <base href> is ignored, as browsers ignore it
            base = join_url(base_url, base_element.get("href").strip()) or base_url
            break
    urls: list[str] = []
    for link in document.iter("link"):
        rel_tokens = (link.get("rel") or "").lower().split()
        media_type = (link.get("type") or "").split(";", 1)[0].strip().lower()
        href = link.get("href")
        if "alternate" not in rel_tokens or not _FEED_TYPES.match(media_type) or not href:
            continue
        url = _absolute_http_url(href, base)
        if url and not _COMMENTS_FEED.search(url) and url not in urls:
            urls.append(url)
    return urls


# Link discovery reads every fetched page in the crawl process, where an lxml parse of a 90 KB
# news page (1.5 ms) cost more CPU than Scrapy's download of it. A scan of the markup for
# <a>/<area> href attributes (as Heritrix's HTML extractor does) finds the same links for a
# tenth of that; comments, scripts and styles are skipped first so their markup is not followed.
_HREF = re.compile(
    r"""<(?:a|area)(?=\s)[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_NOT_MARKUP_START = re.compile(r"<!--|<(script|style)\b", re.IGNORECASE)
_NOT_MARKUP_END = {"script": re.compile(r"</script", re.IGNORECASE), "style": re.compile(r"</style", re.IGNORECASE)}
# A page's other language versions: <link rel="alternate" hreflang="fr" href="…"> (any order)
_LANGUAGE_ALTERNATE = re.compile(r"<link(?=\s)(?=[^>]*\shreflang\s*=)(?=[^>]*\srel\s*=\s*[\"']?alternate)[^>]*>",
                                 re.IGNORECASE)
_HREF_OF_TAG = re.compile(r"""\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_BASE_HREF = re.compile(r"""<base(?=\s)[^>]*?\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _without_comments_scripts_styles(html: str) -> str:
    """``html`` with comments, scripts and styles cut out (up to the end of the page when one
    is not closed). A find loop: a lazy DOTALL regex, or lower-casing, a 90 KB page costs
    half a millisecond."""
    parts = []
    position = 0
    while match := _NOT_MARKUP_START.search(html, position):
        parts.append(html[position:match.start()])
        if match.group(1) is None:
            end = html.find("-->", match.end())
            position = end + 3
        else:
            closing = _NOT_MARKUP_END[match.group(1).lower()].search(html, match.end())
            end = closing.start() if closing else -1
            position = end
        if end < 0:
            return "".join(parts)
    if not parts:
        return html
    parts.append(html[position:])
    return "".join(parts)


def _attribute_value(match: re.Match[str]) -> str:
    """The value an ``_HREF``/``_BASE_HREF`` match captured: double-quoted, single-quoted or bare."""
    return match.group(1) or match.group(2) or match.group(3) or ""


_NOT_PAGE_LINKS = ("#", "javascript:", "mailto:", "tel:", "whatsapp:", "data:")

# Two ways to the same links, because two kinds of page reach the crawl: a page the extraction
# workers parse anyway (a possible article) has its links read from that tree there
# (tree_links, issue 7: the crawl process then neither decodes nor scans it); every other page
# (start and section pages, and an article whose tree is not to be had: a worker crash, a page
# cut at MAX_HTML_CHARS) is scanned in the crawl process (page_links), where an lxml parse
# would cost three times the scan. Both find the href attributes their own way and share
# everything after (_absolute_links): what is skipped, how it is resolved, the order.


# An href written relative to the page's own folder (``news/``, ``sport.php?id=3``, ``../world/``):
# not absolute, not from the root, not a query or fragment of the page itself.
_FOLDER_RELATIVE = re.compile(r"(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|\?|#)\S")


def folder_relative_links(html: str, base_url: str) -> tuple[frozenset[str], frozenset[str]]:
    """The hrefs of a page's links written relative to its folder, as written, and the addresses
    they resolve to on this page (as :func:`page_links` gives them): the links that name another
    address on a copy of the page served at another address. Empty when a ``<base href>`` fixes
    where they resolve."""
    html = _without_comments_scripts_styles(html)
    if _BASE_HREF.search(html[:20_000]):
        return frozenset(), frozenset()
    written = set()
    for double_quoted, single_quoted, bare in _HREF.findall(html):
        href = (double_quoted or single_quoted or bare).strip()
        if href and _FOLDER_RELATIVE.match(href):
            written.add(unescape_attribute(href) if "&" in href else href)
    return frozenset(written), frozenset(_absolute_links(written, base_url))


def _links_base(page_url: str, base_href: str) -> str:
    """What a page's relative links resolve against, given its ``<base href>``: the base, unless
    it cannot be read (ignored, as by browsers) or names another site than the page's own
    (another host that is neither a subdomain nor a parent domain of the page's, ``www.`` aside):
    then the page's address. A site that moved keeps its old domain's ``<base href>`` in its
    template (the old domain redirects browsers to the new one); every relative link then named
    an address outside the site's domains, and a crawl found nothing past the start page,
    without a word."""
    base = join_url(page_url, base_href)
    if base is None:
        return page_url
    base_host, page_host = _site_host(base), _site_host(page_url)
    if base_host and page_host and base_host != page_host and not (
            base_host.endswith("." + page_host) or page_host.endswith("." + base_host)):
        return page_url
    return base


def _site_host(url: str) -> str | None:
    parts = split_url(url)
    if parts is None or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def page_links(html: str, base_url: str) -> list[str]:
    """The ``href`` of every ``<a>`` and ``<area>`` of a page, and of its ``<link rel="alternate"
    hreflang>`` language versions (a story's French edition linked only from the head),
    entity-decoded and resolved against ``<base href>`` / ``base_url``, in page order
    (duplicates kept: callers cache). Links inside comments, scripts and styles are not links.
    :func:`tree_links` reads the same links from a parsed page."""
    html = _without_comments_scripts_styles(html)
    base = base_url
    if match := _BASE_HREF.search(html[:20_000]):
        base = _links_base(base_url, unescape_attribute(_attribute_value(match).strip()))
    hrefs = _HREF.findall(html)
    head_end = html.find("<body")
    head = html[:head_end if head_end > 0 else 50_000]
    if "hreflang" in head:
        hrefs = [_HREF_OF_TAG.search(tag).groups() for tag in _LANGUAGE_ALTERNATE.findall(head)
                 if _HREF_OF_TAG.search(tag)] + hrefs
    # findall's tuples: a sixth less than match objects on a page of 200 links
    values = []
    for double_quoted, single_quoted, bare in hrefs:
        href = (double_quoted or single_quoted or bare).strip()
        values.append(unescape_attribute(href) if "&" in href else href)
    return _absolute_links(values, base)


# "Load more" buttons that name their endpoint in a data attribute instead of an href
# (<button class="load-more" data-url="/ajax/more?start=10">, <a href="#" data-href="/news/page/2/">,
# <div data-next="/api/section?page=2">): the attribute names load-more scripts read, in lower
# case as sites write them. The attribute alone, not its tag, and a literal first: the regex
# engine looks for "data-" fast (a tag-wide pattern, IGNORECASE or a look-behind made the scan of
# a 190 KB section page cost several times page_links'); the space before it is checked after.
_LOAD_MORE_ATTRIBUTE = re.compile(
    r"""data-(?:url|href|next|next-?url|next-?page|more-?url|load-?more|ajax-?url)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# An endpoint of a page widget, not of a listing: a poll's vote, a rating, a like, a story's
# comments, reactions, a bookmark, a share or subscription form (they may carry page=1 too); in
# English, French and Arabic (matched on the decoded path: تعليقات is written percent-encoded).
_WIDGET_ENDPOINT = re.compile(
    r"(?:^|[/_.?&=-])(?:vote|votes|voting|poll|polls|survey|rate|rating|ratings|like|likes|comment|comments"
    r"|reaction|reactions|bookmark|bookmarks"
    r"|share|subscribe|newsletter|login|signin|cart|captcha"
    r"|commentaire|commentaires|sondage|sondages|partage|partager|abonnement|connexion|inscription"
    r"|تعليق|تعليقات|تصويت|استطلاع|اشتراك)(?=$|[/_.?&=-])", re.IGNORECASE)


def load_more_links(html: str, base_url: str) -> list[str]:
    """The endpoints of a listing's "load more" buttons written in a data attribute (``data-url``,
    ``data-href``, ``data-next``...) rather than an ``href``, resolved as :func:`page_links`
    resolves links, in page order. Only an address (``/…``, ``?…``, ``//…``, ``http(s)://…``; not a
    bare page number) that is a page of a pager (:func:`listing_page`: ``?start=10``, ``?page=2``,
    ``/page/2``) counts, and not a widget's (a poll's vote, comments, a share button): these
    attributes also hold a share button's story address and a poll's vote URL (a path segment the
    listing's own address has is its section's name, not a widget's). Not inside
    comments, scripts or styles. Read on listing pages only; a pager's bounds
    (``CRAWL_MAX_LISTING_PAGES``, depth) apply to what is followed."""
    if not _load_more_values(html):
        return []  # most pages: no such attribute naming a pager's page, and no markup stripped
    html = _without_comments_scripts_styles(html)
    base = base_url
    if match := _BASE_HREF.search(html[:20_000]):
        base = _links_base(base_url, unescape_attribute(_attribute_value(match).strip()))
    # The listing's own path names its section or tag, not a widget: "Comment", "polls",
    # /tag/interest-rate/, /politique/sondages/ are sections whose own pager names them too.
    own = split_url(base_url)
    own_segments = {seg.lower() for seg in unquote(own.path).split("/") if seg} if own else set()
    links = []
    for url in _absolute_links(_load_more_values(html), base):
        parts = split_url(url)
        if parts is None or listing_page(url) is None:
            continue
        path = "/".join(seg for seg in unquote(parts.path).split("/") if seg.lower() not in own_segments)
        if _WIDGET_ENDPOINT.search(f"/{path}?{unquote(parts.query)}"):
            continue
        links.append(url)
    return links


def _load_more_values(html: str) -> list[str]:
    """The values of the load-more attributes of ``html`` that may name a pager's page: an
    address (not a bare number or word) with a page marker somewhere in it."""
    values = []
    for match in _LOAD_MORE_ATTRIBUTE.finditer(html):
        if match.start() == 0 or not html[match.start() - 1].isspace():
            continue  # part of another attribute's name or value (x-data-url, "…data-url=…")
        value = (match.group(1) or match.group(2) or match.group(3) or "").strip()
        if "&" in value:
            value = unescape_attribute(value)
        if value.startswith(("/", "?", "http://", "https://")) and any(
                ch.isdigit() for ch in value):
            values.append(value)
    return values


# JSON answers ("load more" endpoints): at most this many values are read, and a string value
# is taken for an address when it has no space and is at most this long.
_JSON_MAX_VALUES = 50_000
_JSON_URL_MAX = 2_000
_JSON_ABSOLUTE_URL = re.compile(r"(?:https?:)?//[^\s<>\"']+\Z", re.IGNORECASE)
_JSON_PATH = re.compile(r"/(?!/)[^\s<>\"']+\Z")
# A root-relative path ("/news/x") is an address only under a key that names one: the words of
# the keys that real load-more APIs put their pages' addresses under (WordPress REST "link",
# Drupal JSON:API "path": {"alias"}, Next.js "href"/"as"/"url", Arc "canonical_url" and
# "website_url", "permalink", "slug", pagers' "next"/"nextPage", AMP's "amp_url"), not one
# naming an image, a media file or an ad unit ("image_url", "thumb", "ad_unit_path"). Other
# strings starting with "/" are not addresses: ASP.NET dates ("/Date(1717200000000)/"), ad-unit
# paths ("/21775744923/site/article"), image proxies ("/_next/image?url=…").
_JSON_URL_KEY_WORDS = frozenset({
    "url", "urls", "uri", "href", "link", "links", "permalink", "path", "pathname", "alias",
    "slug", "canonical", "next", "prev", "previous", "more", "amp", "amphtml", "location", "as"})
_JSON_NOT_URL_KEY_WORDS = frozenset({
    "image", "images", "img", "thumb", "thumbnail", "photo", "picture", "icon", "avatar", "logo",
    "video", "audio", "poster", "media", "file", "download", "src", "ad", "ads", "unit", "embed",
    "cdn", "asset", "assets", "font", "css", "js", "script", "style"})
_KEY_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def _json_url_key(key: str) -> bool:
    """Whether a JSON object's key names a page's address (:data:`_JSON_URL_KEY_WORDS`):
    ``url``, ``Url``, ``canonical_url``, ``nextPage``, ``permalink``; not ``image_url``,
    ``AdUnit``, ``PublishedOn``."""
    words = {word.lower() for word in _KEY_WORD.findall(key)}
    return not words.isdisjoint(_JSON_URL_KEY_WORDS) and words.isdisjoint(_JSON_NOT_URL_KEY_WORDS)


# A top-level JSON array of strings is a list of addresses when every one is an absolute address or
# a page's path from the site's root (:func:`_json_page_path`): ["/news/2025/06/01/a-story", …].
# A page's path: it names something with a letter (not "/2025/06/01"), its extension, if any, is a
# page's, its first segment is not a framework's ("/_next/…"), nor a number other than a year (an
# ad unit's network code, "/4817/site/news"), and it holds no parenthesis ("/Date(1717200000000)/").
# It holds no glob's, regex's or route template's characters ("/admin/*", "/news/.*",
# "/sport/[0-9]+", "/news/{slug}"), no JSON pointer's index ("/data/items/0/title": a number of
# one or two digits inside the path, not a date's month or day), and it names a story (review C2,
# finding 3; not "/offline", "/app-shell", "/meta/total", "/wp-json/wp/v2/posts"): a page's
# extension, a date (a year and more after it), a slug of three words or more
# ("la-reouverture-du-port"), or an id: its one number, of three digits or more, after its first
# segment (not an image proxy's sizes, "/img/resize/800/600/a1b2c3").
_JSON_PAGE_EXTENSIONS = frozenset({"html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "jspx", "cfm"})
_JSON_YEAR = re.compile(r"(?:19|20)[0-9]{2}\Z")
_JSON_EXTENSION = re.compile(r"\.([a-z0-9]*[a-z][a-z0-9]*)\Z", re.IGNORECASE)
_JSON_PATTERN_CHARACTERS = re.compile(r"[*\[\]+\\^$|{}]|\.\*")
_JSON_SLUG_WORDS = 3
_JSON_ID_DIGITS = 3


def _json_page_path(value: str) -> bool:
    """Whether a JSON string is a page's path from the site's root (see :data:`_JSON_PAGE_EXTENSIONS`)."""
    if len(value) > _JSON_URL_MAX or not _JSON_PATH.match(value):
        return False
    path = value.split("#", 1)[0].split("?", 1)[0]
    segments = [segment for segment in path.split("/") if segment]
    if not segments or "(" in path or ")" in path or segments[0].startswith(("_", ".")):
        return False
    if segments[0].isdigit() and not (_JSON_YEAR.match(segments[0]) and len(segments) > 1):
        return False
    if not any(not segment.isdigit() for segment in segments) or _JSON_PATTERN_CHARACTERS.search(path):
        return False
    extension = _JSON_EXTENSION.search(segments[-1])
    if extension is not None:
        return extension.group(1).lower() in _JSON_PAGE_EXTENSIONS
    dated, ids = False, []
    for index, segment in enumerate(segments):
        if _JSON_YEAR.match(segment) and index + 1 < len(segments):
            dated = True
        elif segment.isdigit() and not dated:
            if len(segment) < _JSON_ID_DIGITS and index + 1 < len(segments):
                return False  # a JSON pointer's index
            ids.append(index)
    # one id, after the first segment (not an image proxy's sizes, "/img/resize/800/600/a1b2c3")
    return (dated or (len(ids) == 1 and ids[0] > 0 and len(segments[ids[0]]) >= _JSON_ID_DIGITS)
            or any(len([word for word in re.split(r"[-_]+", segment) if word]) >= _JSON_SLUG_WORDS
                   for segment in segments))


def _json_list_of_addresses(document: object) -> bool:
    """Whether ``document`` is a JSON array of strings each an absolute address or a page's path
    (:func:`_json_page_path`): a "latest stories" endpoint that answers its addresses alone."""
    return (isinstance(document, list) and bool(document) and len(document) <= _JSON_MAX_VALUES
            and all(isinstance(value, str) and (_JSON_ABSOLUTE_URL.match(value) or _json_page_path(value))
                    for value in document))


def json_links(body: bytes | str, base_url: str) -> list[str] | None:
    """The addresses a JSON answer lists (a "load more" endpoint, ``/api/articles?page=2``), in
    order, made absolute against ``base_url``; ``None`` when ``body`` is not a JSON object or
    array (an HTML page, a feed, text). Give it the response's decoded text (a JSON answer in
    windows-1256 is not UTF-8); bytes are read as JSON's own encodings (UTF-8, -16, -32).

    A string value that is an absolute address (``http(s)://``, ``//host/…``) is one link,
    whatever its key; a path from the site's root (``/news/x``) is one only under a key naming
    an address (:func:`_json_url_key`: ``url``, ``link``, ``href``, ``permalink``, ``path`` …,
    the key of a list for its items), as other strings starting with ``/`` are dates
    (``/Date(…)/``), ad-unit or image-proxy paths; the paths of a top-level array of strings are
    links when every one of them is an address or a page's path (:func:`_json_list_of_addresses`:
    ``["/news/2025/06/01/a-story", …]``; not a list of image paths, dates or ad-unit paths). A
    string holding HTML markup with links
    (``{"html": "<article><a href=…>"}``, what WordPress's ``admin-ajax.php`` answers) gives its
    :func:`page_links`, whatever its key. The caller judges them as any page's links (scope,
    file extensions, article or listing), so an image's or another site's address is not
    followed. At most 50,000 values are read."""
    if isinstance(body, str):
        if not body[:64].lstrip("\ufeff \t\r\n").startswith(("{", "[")):
            return None
        body = body.lstrip("\ufeff")
    elif not body[:64].lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, (dict, list)):
        return None
    links: list[str] = []
    stack: list[tuple[object, bool]] = [(document, _json_list_of_addresses(document))]
    read = 0
    while stack and read < _JSON_MAX_VALUES:
        value, url_key = stack.pop()
        read += 1
        if isinstance(value, dict):
            stack.extend((item, isinstance(key, str) and _json_url_key(key))
                         for key, item in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((item, url_key) for item in reversed(value))
        elif isinstance(value, str) and value:
            if len(value) <= _JSON_URL_MAX and (
                    _JSON_ABSOLUTE_URL.match(value) or (url_key and _JSON_PATH.match(value))):
                links.extend(_absolute_links([value], base_url))
            elif "href" in value and "<" in value:
                links.extend(page_links(value, base_url))
    return links


_HREFLANG_OF_TAG = re.compile(r"""\shreflang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def language_alternates(html: str, base_url: str) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of each ``<link rel="alternate" hreflang>`` in a page's head,
    the language lower-cased as written (``ar``, ``fr-ma``, ``x-default``), the URL resolved as
    :func:`page_links` resolves it. Empty for a page that declares none."""
    head_end = html.find("<body")
    head = _without_comments_scripts_styles(html[:head_end if head_end > 0 else 50_000])
    if "hreflang" not in head.lower():
        return []
    base = base_url
    if match := _BASE_HREF.search(head):
        base = _links_base(base_url, unescape_attribute(_attribute_value(match).strip()))
    alternates = []
    for tag in _LANGUAGE_ALTERNATE.findall(head):
        href, lang = _HREF_OF_TAG.search(tag), _HREFLANG_OF_TAG.search(tag)
        if href is None or lang is None:
            continue
        value = unescape_attribute(next(v for v in href.groups() if v is not None).strip())
        language = next(v for v in lang.groups() if v is not None).strip().lower()
        if language and (url := next(iter(_absolute_links([value], base)), None)):
            alternates.append((language, url))
    return alternates


def tree_links(tree: etree._Element, base_url: str) -> list[str]:
    """:func:`page_links` of a page parsed by lxml's HTML parser (any element of its tree), read
    from the tree: the parser has decoded the entities, and comments, scripts and styles hold
    no elements. Read it before anything changes the tree.

    Where the two differ, the tree follows HTML's own rules and the scan approximates them: a
    ``<base>`` or a language alternate further into the page than the scan looks (20,000
    characters; the head), markup written as text inside ``<textarea>``, ``<title>``,
    ``<iframe>``, ``<xmp>``, ``<noembed>`` or ``<noframes>`` (not links), an attribute value
    holding ``>``, a legacy reference followed by letters (``&notit;`` stays text, as in a
    browser), a ``rel`` that lists ``alternate`` after another word."""
    root = tree.getroottree().getroot()
    base = base_url
    for element in root.iter("base"):
        if (href := element.get("href")) is not None:
            base = _links_base(base_url, href.strip())
            break
    values = []
    head = root.find("head")
    if head is not None:
        for element in head.iter("link"):
            if (element.get("hreflang") is not None and (href := element.get("href")) is not None
                    and "alternate" in (element.get("rel") or "").lower().split()):
                values.append(href.strip())
    for element in root.iter("a", "area"):
        if (href := element.get("href")) is not None:
            values.append(href.strip())
    return _absolute_links(values, base)


def _absolute_links(hrefs: Iterable[str], base: str) -> list[str]:
    """The decoded, stripped ``hrefs`` that name a page, in order, made absolute against
    ``base``: no fragment-only, ``javascript:``, ``mailto:``, ``tel:``, ``whatsapp:`` or
    ``data:`` links, no empty ones. An href that cannot be resolved (``//[bad``: an unbalanced
    ``[`` in its host, on which ``urljoin`` raises) is kept as written, as an unreadable absolute
    one (``http://[x/``) is: the caller drops and counts them (``discovery/link_skipped/invalid_url``),
    and the page's other links are not lost with it."""
    parts = split_url(base)
    origin = f"{parts.scheme}://{parts.netloc}" if parts is not None else None
    links = []
    for href in hrefs:
        if not href or href.startswith(_NOT_PAGE_LINKS):
            continue
        # urljoin costs more than the scan; most hrefs are absolute or root-relative.
        if href.startswith(("http://", "https://")):
            links.append(href)
        elif origin is not None and href.startswith("/") and not href.startswith("//") and "/." not in href:
            links.append(origin + href)
        else:
            links.append(join_url(base, href) or href)
    return links


# --------------------------------------------------------------------------------------
# Pagination

# /page/3, and a last segment page-3 or page_3 (/news/page-2: some PHP CMSs' rewritten pagers)
_PAGE_SEGMENT = re.compile(r"/(?:(?:page|pages|صفحة)/|(?:page|صفحة)[-_](?=\d+/?$))(\d{1,5})(?=/|$)",
                           re.IGNORECASE)
# By the page's number: WordPress (paged), most PHP CMSs (page, pg, pn: Discuz and phpBB-style
# boards, pagenum, page_no, pageno), ASP.NET (PageIndex, pageNumber, CurrentPage: GridView,
# DotNetNuke). By the offset of the first item too: Joomla's category blog (limitstart=4, its SEF
# URLs' start=20), "load more" buttons and their AJAX endpoints (/ajax/more?start=20, ?offset=20).
# Not ?p=: WordPress's post id.
_PAGE_PARAMETER = re.compile(
    r"(?:^|(?<=&))(?:page|paged|pg|pn|pagenum|page_?no|page_?number|page_?index|current_?page"
    r"|limitstart|start|offset)=(\d{1,5})(?=&|$)", re.IGNORECASE)
# Page-number keys that some pagers count from 0 (Drupal's ?page=1 is the second page, as
# ASP.NET's GridView PageIndex=1).
_ZERO_BASED_PAGE_KEYS = frozenset({"page", "pageindex", "page_index"})


def listing_page(url: str) -> tuple[str, int] | None:
    """``(listing, page number)`` for the page of a paginated listing (``/news/page/3/``,
    ``/news/page-3``, ``/news?page=3``, ``Section.aspx?id=5&PageIndex=3``, ``?pn=3``,
    ``?currentpage=3``; the first page is page 1): the listing is the URL with the page number
    taken out. ``None`` for a URL without a page marker, or one that cannot be read."""
    if (parts := split_url(url)) is None:
        return None
    path, query = parts.path.rstrip("/"), parts.query
    if match := _PAGE_SEGMENT.search(path):
        return f"{parts.netloc}{path[:match.start()]}{path[match.end():]}?{query}", int(match.group(1))
    if query and (match := _PAGE_PARAMETER.search(query)):
        rest = (query[:match.start()] + query[match.end():]).replace("&&", "&").strip("&")
        return f"{parts.netloc}{path}?{rest}", int(match.group(1))
    return None


def is_next_listing_page(url: str, listing_url: str) -> bool:
    """``url`` is a later page of the listing ``listing_url`` is a page of (its first page has
    no marker): "next" and numbered pager links, not an older page or another listing."""
    target = listing_page(url)
    if target is None:
        return False
    current = listing_page(listing_url)
    if current is None:
        # the unmarked first page: page 1, or page 0 of a pager that counts from 0 (Drupal's
        # views pager: "?page=1" is the second page), so that any "?page=N" is a later page
        if (parts := split_url(listing_url)) is None:
            return False
        current = (f"{parts.netloc}{parts.path.rstrip('/')}?{parts.query}", 0 if _counts_from_zero(url) else 1)
    return target[0] == current[0] and target[1] > current[1]


def _counts_from_zero(url: str) -> bool:
    """``url``'s page number is a ``page`` query parameter (Drupal counts it from 0; sites that
    count from 1 link their first page unmarked too), not a ``/page/N`` segment nor WordPress's
    ``paged``."""
    parts = split_url(url)
    if parts is None or _PAGE_SEGMENT.search(parts.path.rstrip("/")):
        return False
    match = _PAGE_PARAMETER.search(parts.query)
    return match is not None and match.group(0).split("=", 1)[0].lower() in _ZERO_BASED_PAGE_KEYS


# --------------------------------------------------------------------------------------
# URL heuristics

Pattern = re.Pattern[str] | str

_LANGUAGE_SEGMENT = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$")
# Two letters that are a site's section or an id path, not a language edition: /tv/, /id/12345.
_NOT_LANGUAGE_SEGMENTS = frozenset(["tv", "id"])
_MEDIA_EXTENSIONS = frozenset(
    [
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "svg",
        "ico",
        "bmp",
        "tif",
        "tiff",
        "avif",
        "heic",
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "mp3",
        "mp4",
        "m4a",
        "m4v",
        "mov",
        "avi",
        "wmv",
        "webm",
        "ogg",
        "ogv",
        "oga",
        "wav",
        "flac",
        "mkv",
        "zip",
        "rar",
        "7z",
        "gz",
        "tgz",
        "tar",
        "bz2",
        "xz",
        "xml",
        "json",
        "css",
        "js",
        "mjs",
        "map",
        "rss",
        "atom",
        "txt",
        "csv",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        "apk",
        "exe",
        "dmg",
        "iso",
        "epub",
        "swf",
    ]
)
_PAGE_EXTENSIONS = frozenset(["html", "htm", "shtml", "xhtml", "php", "asp", "aspx", "jsp", "cms"])
_GENERIC_PAGE_STEMS = frozenset(
    [
        "index",
        "default",
        "home",
        "main",
        "search",
        "list",
        "listing",
        "archive",
        "archives",
        "category",
        "categories",
        "tag",
        "tags",
        "section",
        "sections",
        "contact",
        "about",
        "login",
        "register",
        "rss",
        "feed",
        "sitemap",
    ]
)
# Segments that mark listing pages (tag/category/author/search...): never articles.
_LISTING_SEGMENTS = frozenset(
    [
        "tag",
        "tags",
        "category",
        "categories",
        "section",
        "sections",
        "author",
        "authors",
        "writer",
        "writers",
        "columnist",
        "columnists",
        "topic",
        "topics",
        "keyword",
        "keywords",
        "hashtag",
        "label",
        "labels",
        "search",
        "recherche",
        "page",
        "pages",
        "archive",
        "archives",
        # Drupal's /taxonomy/term/45: a term's page lists the articles filed under it
        "taxonomy",
    ]
    # French: author, keyword, tag, columnist pages (Drupal and French CMSs translate the path)
    + ["auteur", "auteurs", "mot-cle", "mots-cles", "mot-clé", "mots-clés", "etiquette", "etiquettes",
       "étiquette", "étiquettes", "chroniqueur", "chroniqueurs"]
    # Arabic: writer, writers (كتّاب with its shadda; bare كتاب is also "book"), tag(s),
    # section(s), category/categories, topics, search, archive. A segment with the definite
    # article (الوسوم, الكاتب, المواضيع) is read as the word without it (_url_shape).
    + ["كاتب", "الكتاب", "كتّاب", "وسم", "وسوم", "قسم", "أقسام", "تصنيف", "تصنيفات", "مواضيع",
       "موضوعات", "بحث", "أرشيف", "الأرشيف"]
)
# Listing segments naming a person: what follows the person's name is one of their columns.
_PERSON_SEGMENTS = frozenset(
    ["author", "authors", "writer", "writers", "columnist", "columnists", "auteur", "auteurs",
     "chroniqueur", "chroniqueurs", "كاتب", "الكتاب", "كتّاب"]
)
# Listing segments whatever follows: a search's query, Drupal's /taxonomy/term/1234.
_ALWAYS_LISTING_SEGMENTS = frozenset(["search", "recherche", "بحث", "taxonomy"])
# Pages that are neither articles nor listings.
_UTILITY_SEGMENTS = frozenset(
    [
        "feed",
        "feeds",
        "rss",
        "atom",
        "login",
        "log-in",
        "signin",
        "sign-in",
        "logout",
        "signup",
        "sign-up",
        "register",
        "registration",
        "subscribe",
        "subscription",
        "subscriptions",
        "account",
        "my-account",
        "profile",
        "newsletter",
        "newsletters",
        "contact",
        "contact-us",
        "contactus",
        "about",
        "about-us",
        "aboutus",
        "privacy",
        "privacy-policy",
        "cookies",
        "cookie-policy",
        "terms",
        "terms-of-use",
        "terms-of-service",
        "terms-and-conditions",
        "disclaimer",
        "advertise",
        "advertising",
        "careers",
        "sitemap",
        "cart",
        "shop",
        "connexion",
        "inscription",
        "abonnement",
        "abonnements",
        "contactez-nous",
        "qui-sommes-nous",
        "mentions-legales",
        "cgu",
        "cgv",
        # WordPress's admin and API, share dialogs (/share?url=..., /sharer.php)
        "wp-login",
        "wp-admin",
        "wp-json",
        "xmlrpc",
        "share",
        "sharer",
        # "send to a friend" forms of old PHP CMSs (/sendfriend.php?id=4521, /send-to-friend/4521)
        "sendfriend",
        "send-friend",
        "send-to-friend",
        "sendtofriend",
        "tell-a-friend",
        "tellafriend",
        "email-to-friend",
        # Drupal's account and author profile pages: /user/12, /user/login
        "user",
        # the same in French and Arabic (/partager?url=…, /envoyer-a-un-ami/305500,
        # /ar/ارسل-لصديق/48100), and Drupal's print module's "send by e-mail" (/printmail/1027)
        "partager",
        "envoyer-a-un-ami",
        "envoyer-à-un-ami",
        "printmail",
    ]
    + [
        "من-نحن",
        "اتصل-بنا",
        "اتصل-بنا",
        "سياسة-الخصوصية",
        "شروط-الاستخدام",
        "تسجيل-الدخول",
        "اشترك",
        "ارسل-لصديق",
        "أرسل-لصديق",
        "ارسال-لصديق",
        "إرسال-لصديق",
    ]
)
# File stems (``comment.php?id=4521``, ``addcomment.asp?id=``) of a page's comment form: the
# article's id in a form, not the article. Only as a script's name: /comment/ is an opinion
# section on some sites.
_UTILITY_PAGE_STEMS = frozenset(
    ["comment", "comments", "addcomment", "add-comment", "add_comment", "postcomment", "post-comment"]
)
# A page's comments under their own address: Drupal's comment permalink (/comment/5011), a
# comments page (/comments/12345, /fr/commentaires/305500). Only followed by an id and nothing
# else: /comment/2025/06/02/slug is an opinion section's article.
_COMMENT_SEGMENTS = frozenset(["comment", "comments", "commentaire", "commentaires", "تعليق", "تعليقات"])
_UTILITY_PREFIXES = (
    "privacy",
    "terms-",
    "cookie",
    "politique-de-confidentialite",
    "conditions-generales",
    "mentions-legales",
)
# Decision: video, gallery and podcast pages carry little or no text for trafilatura; they
# are not treated as articles (a profile's ``include`` can still select them).
_MEDIA_SECTION_SEGMENTS = frozenset(
    [
        "video",
        "videos",
        "gallery",
        "galleries",
        "photos",
        "photo-gallery",
        "photo-galleries",
        "podcast",
        "podcasts",
        "diaporama",
        "diaporamas",
        "galerie",
    ]
    + ["فيديو", "فيديوهات", "صور"]
)
# Keys that always make a listing: a page of results, a search, a comment form.
_LISTING_QUERY_KEYS = frozenset(
    ["page", "paged", "pg", "s", "q", "query", "search", "replytocom"]
)
# Listing keys that mark a listing only with a number: ``?page=2``, not ``index.php?page=news``.
_PAGE_NUMBER_KEYS = frozenset(["page", "paged", "pg"])
# Keys that name the listing a URL belongs to: a listing by themselves (/section.php?cat=3), not
# beside an article id (/news.php?id=4521&cat=3 is article 4521 of category 3). ``section`` and
# ``category`` are not markers at all (/story.php?NewsID=98765&section=2 was never a listing).
_TAXONOMY_QUERY_KEYS = frozenset(["cat", "tag", "author"])
# A ``view`` or ``task`` key naming a page of many articles, whatever the id beside it: Joomla's
# index.php?option=com_content&view=category&id=101 (a category blog: its articles' intro texts),
# view=featured, view=archive, com_tags' view=tag, Joomla 1.0's task=blogcategory.
_LISTING_VIEWS = frozenset(
    ["category", "categories", "section", "featured", "frontpage", "archive", "tag", "tags", "search",
     "blogcategory", "blogsection", "archivecategory", "archivesection"]
)
# Query keys with which a CMS's router picks the page to show, whatever their value: WordPress's
# query variables (/?p=4521, /?page_id=12, /?name=slug, /?m=202506: a month's archive), Drupal's
# path without clean URLs (/?q=node/12), Joomla's component and menu item (option, view, task,
# Itemid), and the module and action keys of older PHP news systems (index.php?mod=news&act=view).
_ROUTING_QUERY_KEYS = frozenset(
    ["p", "page_id", "pagename", "name", "attachment_id", "post_type", "m", "year", "monthnum",
     "q", "option", "view", "task", "itemid", "mod", "module", "act", "action", "op", "do", "show"]
)
# Query keys and values of a component that is no page of the site's own: Joomla's "e-mail
# this link" form and its login and registration pages.
_UTILITY_QUERY_VALUES = frozenset([("option", "com_mailto"), ("option", "com_users"), ("option", "com_user")])
# An article id's value: digits, perhaps with the article's alias after a colon (Joomla's
# id=2310:the-minister-receives-a-delegation).
_ARTICLE_ID_VALUE = re.compile(r"\d{3,}(?::[^&]*)?")
_ARTICLE_ID_QUERY_KEY = re.compile(
    r"^(?:id|p|nid|aid|artid|(?:\w*(?:news|article|story|post|content|node|item|entry)_?id))$",
    re.IGNORECASE,
)
# On a page script, old CMSs' article id keys (PHP-Nuke's sid, ?no=, ?news=, ?art=).
_SCRIPT_EXTENSIONS = frozenset(["php", "asp", "aspx", "jsp", "cms"])
_SCRIPT_ID_QUERY_KEY = re.compile(r"^(?:sid|no|n|a|art|news|newsno|news_no)$", re.IGNORECASE)
# A query that names an article page (Joomla's), and page scripts named for one: beside them an
# id of any length is an article's.
_ARTICLE_VIEWS = frozenset([("view", "article"), ("task", "view")])
_ARTICLE_SCRIPT_STEM = re.compile(r"news|article|detail|story|khabar|akhbar|^(?:show|view|read|post)")
_SHORT_ID_VALUE = re.compile(r"\d+(?::[^&]*)?")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "et",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "en",
        "au",
        "aux",
    ]
)
_YEAR = r"(?:19[89]\d|20\d\d)"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_COMPACT_DATE = rf"{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# 2025-06-02, 20250602 or 02-06-2025, alone or as a word of a slug.
_DATE_IN_SEGMENT = re.compile(
    rf"(?:^|[-_])(?:{_YEAR}-{_MONTH}-{_DAY}|{_COMPACT_DATE}|{_DAY}-{_MONTH}-{_YEAR})(?:[-_]|$)"
)
_NUMERIC_ID_IN_SEGMENT = re.compile(r"(?:^|[-_.])(\d{4,})(?:$|[-_.])")
# Segments under which a slug is one article: /fr/article/bank-al-maghrib-908, /akhbar/x-12.
_ARTICLE_SEGMENTS = frozenset(
    ["article", "articles", "news", "story", "stories", "actualite", "actualites", "akhbar", "khabar"]
    + ["خبر", "اخبار", "أخبار", "الأخبار", "مقال", "مقالات"]
)
# A slug ending in a number of 3+ digits: "bank-al-maghrib-908".
_SLUG_WITH_ID = re.compile(r"(?P<slug>.+)[-_](?P<id>\d{3,})")


_ARABIC_MARKER_WORDS = frozenset(
    word for word in _LISTING_SEGMENTS | _MEDIA_SECTION_SEGMENTS | _UTILITY_SEGMENTS
    if word and "\u0600" <= word[0] <= "\u06ff" and not word.startswith("ال"))


@dataclass
class _UrlShape:
    segments: list[str]  # decoded, lowercased, language and AMP segments removed
    query: list[tuple[str, str]]
    extension: str


def _url_shape(url: str) -> _UrlShape | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", ""):
        return None
    path = unquote(parts.path, errors="replace").lower()
    segments = [segment for segment in path.split("/") if segment]
    extension = ""
    if segments and "." in segments[-1]:
        stem, _, extension = segments[-1].rpartition(".")
        if extension in _PAGE_EXTENSIONS or extension in _MEDIA_EXTENSIONS:
            segments[-1] = stem
        else:
            extension = ""
    # AMP pages are the article in another template: /amp/... or .../amp.
    segments = [segment for segment in segments if segment != "amp"]
    if segments and is_language_segment(segments[0]):
        segments = segments[1:]
    # Arabic writes a section's name with or without the definite article: /ar/الوسوم/x is /ar/وسوم/x.
    segments = [segment[2:] if segment.startswith("ال") and segment[2:] in _ARABIC_MARKER_WORDS else segment
                for segment in segments]
    query = parse_qsl(parts.query, keep_blank_values=True)
    return _UrlShape(segments=[s for s in segments if s], query=query, extension=extension)


def is_language_segment(segment: str) -> bool:
    """Whether a path segment names a language edition (``ar``, ``fr``, ``en-gb``, ``pt_br``; any
    case), not a two-letter section (``tv``) or an id path (``/id/12345``)."""
    lowered = segment.lower()
    return _LANGUAGE_SEGMENT.match(lowered) is not None and lowered not in _NOT_LANGUAGE_SEGMENTS


def _matches(patterns: Sequence[Pattern], url: str) -> bool:
    return any(
        (pattern.search(url) if isinstance(pattern, re.Pattern) else re.search(pattern, url))
        for pattern in patterns
    )


def _slug_words(segment: str) -> list[str]:
    return [word for word in re.split(r"[-_+\s,]+", segment) if any(ch.isalpha() for ch in word)]


def _is_long_slug(segment: str) -> bool:
    """Three or more words; for ASCII slugs, also 20+ characters and three non-stopwords, so
    that section names such as ``world-middle-east`` or ``science-and-technology`` are not
    mistaken for headlines."""
    words = _slug_words(segment)
    if len(words) < 3:
        return False
    if not segment.isascii():
        return True
    content_words = [word for word in words if word not in _STOPWORDS]
    return len(content_words) >= 3 and len(segment) >= 20


def _is_year(text: str) -> bool:
    return re.fullmatch(_YEAR, text) is not None


def _date_then_more(segments: list[str]) -> bool:
    """A /YYYY/MM[/DD]/ run, a /YYYY-MM-DD/ or /YYYYMMDD/ segment, followed by another
    segment; or a date embedded in a slug segment (``20250602-title``, ``title-2025-06-02``).
    A date with nothing after it is a daily archive, not an article."""
    for index, segment in enumerate(segments):
        if (
            _is_year(segment)
            and index + 1 < len(segments)
            and re.fullmatch(_MONTH, segments[index + 1])
        ):
            rest = index + 2
            if rest < len(segments) and re.fullmatch(_DAY, segments[rest]):
                rest += 1
            if rest < len(segments):
                return True
        elif _DATE_IN_SEGMENT.search(segment):
            is_pure_date = re.fullmatch(r"[\d_-]+", segment) is not None
            if not is_pure_date or index + 1 < len(segments):
                return True
    return False


def _has_numeric_id(shape: _UrlShape) -> bool:
    """4+ digits delimited by the segment edges or ``-_.``, other than a year or a bare
    compact date (``/20250602/`` is a daily archive); or an id-like query key with 3+ digits
    (small WordPress sites have ``?p=123``)."""
    for segment in shape.segments:
        for match in _NUMERIC_ID_IN_SEGMENT.finditer(segment):
            digits = match.group(1)
            if _is_year(digits) or (digits == segment and re.fullmatch(_COMPACT_DATE, digits)):
                continue
            return True
    return _has_article_id_query(shape)


def _has_article_id_query(shape: _UrlShape) -> bool:
    """An article id in the query: an id-like key (:data:`_ARTICLE_ID_QUERY_KEY`) with 3+ digits;
    on a page script (``.php``, ``.asp``, ``.aspx``…), also an old CMS's id key (``sid``, ``no``,
    ``news``, ``art``, ``a``, ``n``: PHP-Nuke's ``modules.php?name=News&file=article&sid=4522``);
    and a short id (1+ digits) where the URL names an article page: Joomla's
    ``view=article&id=45`` (or ``task=view``), or a script named for one (``details.php?id=42``,
    ``read.php?id=45``, ``NewsDetails.aspx?NewsID=7``), without a category, tag, author or page
    key beside it (``news.php?id=12&cat=3`` is a category's page). ``?p=2`` alone is no short id:
    a pager's."""
    script = shape.extension in _SCRIPT_EXTENSIONS
    if any(
        (_ARTICLE_ID_QUERY_KEY.match(key) or script and _SCRIPT_ID_QUERY_KEY.match(key))
        and _ARTICLE_ID_VALUE.fullmatch(value) is not None
        for key, value in shape.query
    ):
        return True
    keys = {key.lower() for key, _ in shape.query}
    if keys & (_TAXONOMY_QUERY_KEYS | _LISTING_QUERY_KEYS):
        return False
    names_article = any((key.lower(), value.lower()) in _ARTICLE_VIEWS for key, value in shape.query) or (
        bool(shape.segments) and shape.extension in _PAGE_EXTENSIONS
        and _ARTICLE_SCRIPT_STEM.search(shape.segments[-1]) is not None)
    return names_article and any(
        key.lower() != "p" and (_ARTICLE_ID_QUERY_KEY.match(key) or script and _SCRIPT_ID_QUERY_KEY.match(key))
        and _SHORT_ID_VALUE.fullmatch(value) is not None
        for key, value in shape.query
    )


def _has_short_path_id(shape: _UrlShape) -> bool:
    """A 3-digit id as the last segment, right under an article-like segment: ``/news/452``,
    ``/article/452.html``, ``/post/452`` (a small site's first thousand stories; 4+ digits are
    ids anywhere). One or two digits are not: ``/news/2`` is a pager's page 2."""
    segments = shape.segments
    return (len(segments) >= 2 and re.fullmatch(r"\d{3,}", segments[-1]) is not None
            and not _is_year(segments[-1]) and segments[-2] in _ARTICLE_SEGMENTS | {"post", "posts"})


def _has_id_suffixed_slug(shape: _UrlShape) -> bool:
    """The last segment is a slug of two or more words ending in ``-<digits>`` (3+, not a
    year: "/news/top-stories-10" and "/news/local-news-12" are an old CMS's sections), under an article-like segment (:data:`_ARTICLE_SEGMENTS`):
    ``/fr/article/bank-al-maghrib-908`` is article 908, where a short slug with a 3-digit id
    passed neither the long-slug nor the 4-digit-id test."""
    segments = shape.segments
    if len(segments) < 2 or not any(segment in _ARTICLE_SEGMENTS for segment in segments[:-1]):
        return False
    match = _SLUG_WITH_ID.fullmatch(segments[-1])
    return bool(match) and not _is_year(match.group("id")) and len(_slug_words(match.group("slug"))) >= 2


def _is_numeric_permalink(segments: list[str], index: int) -> bool:
    """``segments[index]`` is an archive word followed by a post's number: WordPress's "Numeric"
    permalinks (``/archives/123456``, ``/archives/123`` last: a small site's posts), not a year
    (``/archives/2025/06`` is a month's archive)."""
    following = segments[index + 1 :]
    if not following or not following[0].isdigit():
        return False
    return re.fullmatch(r"\d{5,}", following[0]) is not None or (
        len(following) == 1 and not _is_year(following[0]))


def _article_under_listing(segments: list[str], index: int) -> bool:
    """What follows the listing segment ``segments[index]`` and its one name segment is an
    article's address: a date and more (``/writers/ahmed-karim/2025/12/07/a-column``), a numeric
    id of 4+ digits (``/columnists/ahmed-karim/12345``, ``/ar/قسم/سياسة/12345``), a long slug; or,
    under a person (author, writer, columnist), a slug of three or more words
    (``/writers/ahmed-karim/the-budget-and-the-poor``: a person has no sub-sections). The
    listing segment alone, or with one name after it (``/tag/gaza``, ``/authors/12345``,
    ``/section/world-news-from-the-region``), is the listing; a search or a Drupal taxonomy term
    (``/taxonomy/term/1234``) is one whatever follows."""
    if segments[index] in _ALWAYS_LISTING_SEGMENTS:
        return False
    rest = segments[index + 2 :]
    if not rest:
        return False
    if _date_then_more(rest) or _is_long_slug(rest[-1]):
        return True
    if any(not _is_year(digits) and not (digits == segment and re.fullmatch(_COMPACT_DATE, digits))
           for segment in rest for digits in _NUMERIC_ID_IN_SEGMENT.findall(segment)):
        return True
    return segments[index] in _PERSON_SEGMENTS and len(_slug_words(rest[-1])) >= 3


def _has_listing_marker(shape: _UrlShape) -> bool:
    segments = shape.segments
    for index, segment in enumerate(segments):
        if segment in ("archive", "archives", "أرشيف", "الأرشيف"):
            if _is_numeric_permalink(segments, index):
                continue
            return True
        if segment in ("page", "pages"):
            following = segments[index + 1 :]
            if not following or following[0].isdigit():
                return True
            continue
        if segment in _LISTING_SEGMENTS:
            if _article_under_listing(segments, index):
                continue  # the article under that listing; later segments are still read
            return True
    keys = {key.lower() for key, _ in shape.query}
    if any(key.lower() in _LISTING_QUERY_KEYS
           and (key.lower() not in _PAGE_NUMBER_KEYS or value.strip().isdigit())
           for key, value in shape.query):
        # ?page=2 is a page of results; ?page=article, ?page=news name a PHP router's page
        return True
    if any(key.lower() in ("view", "task") and value.lower() in _LISTING_VIEWS for key, value in shape.query):
        return True
    # ?cat=3 alone is a section; beside an article id (?id=4521&cat=3) it only says where the
    # article is filed.
    return bool(keys & _TAXONOMY_QUERY_KEYS) and not _has_article_id_query(shape)


def query_picks_page(query: str) -> bool:
    """Whether a URL's raw ``query`` names a page of its own, which the front page's address with
    that query then is (``/?p=4521``, ``/index.php?option=com_content&view=article&id=12``): an
    article id key (``id``, ``nid``, ``NewsID``…, whatever its value), a listing key (``page``,
    ``s``, ``q``, ``cat``, ``tag``, ``author``…) or a CMS's routing key (WordPress's ``page_id``,
    ``name``, Joomla's ``option``, ``view``, ``Itemid``, ``mod``/``act`` of older PHP systems). A
    language switch (``lang=ar``), tracking parameters and a note a CMS adds when it sends a
    reader home (``msg=removed``, ``error=404``) name none."""
    for key, _ in parse_qsl(query, keep_blank_values=True):
        key = key.strip().lower()
        if (key in _ROUTING_QUERY_KEYS or key in _LISTING_QUERY_KEYS or key in _TAXONOMY_QUERY_KEYS
                or _ARTICLE_ID_QUERY_KEY.match(key)):
            return True
    return False


def _is_utility(shape: _UrlShape) -> bool:
    segments = shape.segments
    if any((key.lower(), value.lower()) in _UTILITY_QUERY_VALUES for key, value in shape.query):
        return True  # index.php?option=com_mailto&tmpl=component&link=…
    if segments and shape.extension in _PAGE_EXTENSIONS and segments[-1] in _UTILITY_PAGE_STEMS:
        return True  # comment.php?id=4521
    for index, segment in enumerate(segments):
        if segment in _UTILITY_SEGMENTS or segment.startswith(_UTILITY_PREFIXES):
            return True
        if segment == "comment" and segments[index + 1 : index + 2] == ["reply"]:
            return True  # Drupal's reply form: /comment/reply/node/1027/comment
        if segment in _COMMENT_SEGMENTS and _only_an_id(segments[index + 1:]):
            return True  # /comment/5011, /fr/commentaires/305500
    return False


def _only_an_id(segments: list[str]) -> bool:
    """``segments`` name a node by its number only: ``["10271"]``, ``["node", "10271"]``."""
    return bool(segments) and len(segments) <= 2 and segments[-1].isdigit() \
        and all(segment.isdigit() or segment == "node" for segment in segments)


def _has_article_signal(shape: _UrlShape) -> bool:
    if _date_then_more(shape.segments) or _has_numeric_id(shape) or _has_id_suffixed_slug(shape):
        return True
    if _has_short_path_id(shape):
        return True
    segments = shape.segments
    for index, segment in enumerate(segments):
        if segment in _LISTING_SEGMENTS and _article_under_listing(segments, index):
            return True  # /opinion/writers/ahmed-karim/the-budget-and-the-poor
        if segment in ("archive", "archives", "أرشيف", "الأرشيف") and _is_numeric_permalink(segments, index):
            return True  # /archives/123
    if any(_is_long_slug(segment) for segment in shape.segments[-2:]):
        return True
    if shape.extension in _PAGE_EXTENSIONS and shape.segments:
        stem = shape.segments[-1]
        if stem not in _GENERIC_PAGE_STEMS and len(_slug_words(stem)) >= 2:
            return True
    return False


def looks_like_article_url(
    url: str, *, include: Sequence[Pattern] = (), exclude: Sequence[Pattern] = ()
) -> bool:
    """Guess whether ``url`` is an article page of a news site, from its shape alone.

    Profile patterns come first: if any ``exclude`` pattern matches (``re.search`` on the
    whole URL) the answer is False; otherwise, if ``include`` is given, the answer is whether
    one of its patterns matches. Only without ``include`` does the heuristic decide:

    * never: non-http(s) URLs, media/file extensions, the homepage, listing pages (tag,
      category, section, author, writer, topic, taxonomy, search, and their French and Arabic
      names, an Arabic one with or without its definite article: ``/fr/mot-cle/…``,
      ``/ar/الوسوم/…``; ``/page/N``, ``?page=N``
      (not ``?page=news``), ``?s=``, archives (not WordPress's ``/archives/123``); a listing
      segment is not one when a date and more, a 4+-digit id or a long slug follows it and its
      one name segment, ``/writers/ahmed-karim/2025/12/07/a-column``, or, under a person, any
      slug of three words or more; ``?cat=``/``?tag=``/``?author=`` unless beside an article id; a ``view`` or
      ``task`` key naming a listing, as Joomla's ``view=category&id=101``),
      utility pages (login, subscribe, contact, about, privacy, terms, feeds, user pages,
      comment and "send to a friend" forms) and video/gallery/podcast pages;
    * yes when one of: a date followed by more path (``/2025/06/02/slug``, ``/2025-06-02/x``,
      ``/20250602-slug``), a numeric id of 4+ digits (not a year) as a segment, prefix or
      suffix or in an id-like query key (``?id=``, ``?p=``, ``?NewsID=``, 3+ digits, perhaps
      followed by ``:alias`` as Joomla writes ``id=2310:the-minister``; on a page script also
      ``sid``, ``no``, ``news``, ``art``, ``a``, ``n``), a short id where the URL names an
      article page (Joomla's ``view=article&id=45``, ``details.php?id=42``, ``/news/452``), a
      multi-word slug ending in ``-<digits>`` under an article-like segment
      (``/fr/article/bank-al-maghrib-908``), a long slug (3+ words, Arabic or Latin), or a
      ``.html``/``.php``/``.aspx`` page named by a slug;
    * otherwise no (``/en/``, ``/ar/news``, ``/politics``).

    AMP URLs (``/amp/…``, ``…/amp``) are judged like the article they render.
    """
    if exclude and _matches(exclude, url):
        return False
    if include:
        return _matches(include, url)
    shape = _url_shape(url)
    if shape is None or shape.extension in _MEDIA_EXTENSIONS or not (shape.segments or shape.query):
        return False
    if _has_listing_marker(shape) or _is_utility(shape):
        return False
    if any(segment in _MEDIA_SECTION_SEGMENTS for segment in shape.segments):
        return False
    return _has_article_signal(shape)


# -- a page's own word that it is an article ------------------------------------------------------
# The head of a page is read for these, not the whole page: a listing's cards may embed
# their stories' JSON-LD further down.
_DECLARATION_SCAN_CHARS = 200_000
# Tags and scripts read with bounds: a page of unclosed "<meta" or "<script" is read in linear time.
_META_TAG = re.compile(r"<meta\b[^<>]{0,2000}>", re.IGNORECASE)
_TAG_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LD_JSON_OPENING = re.compile(r"<script\b[^<>]{0,500}?application/ld\+json[^<>]{0,500}>", re.IGNORECASE)
_LD_JSON_MAX_SCRIPTS = 20
_LD_JSON_MAX_CHARS = 100_000
_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]{0,500}\]|"[^"]{0,200}")')
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_LD_ARTICLE_TYPES = frozenset(["blogposting", "liveblogposting", "report"])


def page_declares_article(html: str, *, dated_only: bool = False) -> bool:
    """Whether a page's markup says it is an article: a JSON-LD ``@type`` that is an article
    (``NewsArticle``, ``Article``, ``ReportageNewsArticle``, ``BlogPosting``…), an
    ``article:published_time`` meta tag with a value, or ``og:type`` ``article``. With
    ``dated_only``, ``og:type`` alone does not count (many Arabic CMSs stamp it on every page,
    tag pages included). Read from the page's first 200,000 characters, by patterns, not a
    parse: the crawl process asks it of every page fetched as a listing
    (``spiders/news.py`` ``parse_listing``), and extraction has the last word."""
    head = html[:_DECLARATION_SCAN_CHARS]
    for count, opening in enumerate(_LD_JSON_OPENING.finditer(head)):
        if count >= _LD_JSON_MAX_SCRIPTS:
            break
        closing = _SCRIPT_END.search(head, opening.end(), opening.end() + _LD_JSON_MAX_CHARS)
        script = head[opening.end():closing.start() if closing else opening.end() + _LD_JSON_MAX_CHARS]
        for declared in _LD_TYPE.finditer(script):
            for name in re.findall(r'"([^"]*)"', declared.group(1)):
                name = name.strip().lower().rpartition("/")[2]
                if name.endswith("article") or name in _LD_ARTICLE_TYPES:
                    return True
    for tag in _META_TAG.finditer(head):
        attributes = {name.lower(): next((v for v in values if v), "")
                      for name, *values in _TAG_ATTRIBUTE.findall(tag.group(0))}
        name = (attributes.get("property") or attributes.get("name") or "").strip().lower()
        content = attributes.get("content", "").strip().lower()
        if name == "article:published_time" and content:
            return True
        if name == "og:type" and content == "article" and not dated_only:
            return True
    return False


_PRINT_SEGMENTS = frozenset(["print", "printable", "print-version", "printpdf", "imprimer", "طباعة"])
# A print view's script or path word made of "print" and what it prints, either way round:
# PrintNews.aspx?id=4521, NewsPrint.aspx?id=4521, /printarticle/98765, /article-print/98765,
# print_article.php?id=12, /printfriendly/98765. Not blueprint, fingerprint, sprint, printer.
_PRINT_COMPOUND = re.compile(
    r"print[-_]?(?:news|article|story|page|post|item|details?|version|friendly|view)"
    r"|(?:news|article|story|page|post|item|details?)[-_]?print")
_UTILITY_QUERY_KEYS = frozenset(["replytocom", "print", "printable", "share", "redirect_to"])
# Keys with which a PHP or ASP router names the page it shows (index.php?page=article&id=4521,
# ?action=print&id=4521, ?do=sendfriend&id=4521, ?mode=print, ?format=print): a value that names
# a print view, a form or a utility page makes that page, whatever the article id beside it.
_ROUTER_PAGE_KEYS = frozenset(
    ["page", "view", "task", "layout", "tmpl", "mod", "module", "act", "action", "op", "do", "show", "mode",
     "format", "output"])
# Router values of a "send to a friend" or e-mail form beyond the utility words of paths.
_ROUTER_FORM_VALUES = frozenset(["send", "email", "mail", "emailfriend", "email-friend", "send_friend"])


def link_skip_reason(url: str) -> str | None:
    """Why a link that is not an article is not worth fetching as a listing either, or ``None``.

    ``"media"``: a file, not a page (``.pdf``, ``.jpg``, ``.apk``… a full download each);
    ``"utility"``: login, share, about, contact, privacy, terms, feeds, user pages, comment and
    "send to a friend" forms (:data:`_UTILITY_SEGMENTS`, :data:`_UTILITY_PAGE_STEMS`), a page's
    comments under their own address (:data:`_COMMENT_SEGMENTS` before an id only);
    ``"print"``: a print version (last path segment ``print``, ``?print=1``, a print segment
    before the id only: ``/print/10271``, ``/imprimer/305500``; Joomla's ``tmpl=component``
    popup; a router key naming one: ``index.php?page=print&id=4521``, ``?action=print``);
    WordPress's paged comments (``/slug/comment-page-2/``) are ``"utility"``, its attachment
    pages (``/slug/attachment/photo-1/``, ``/?attachment_id=77``) ``"media"``;
    ``"reply"``: a comment reply form (``?replytocom=``). A router key naming a form or utility page
    (``?page=sendfriend&id=4521``, ``?do=comment&id=4521``) is ``"utility"``. The caller decides
    first whether ``url`` is an article (a profile's ``include`` overrides all of this).
    """
    shape = _url_shape(url)
    if shape is None:
        return "utility"
    if shape.extension in _MEDIA_EXTENSIONS:
        return "media"
    if _is_utility(shape):
        return "utility"
    keys = {key.lower() for key, _ in shape.query}
    if "replytocom" in keys:
        return "reply"
    if _is_print_version(shape.segments) or keys & {"print", "printable"}:
        return "print"
    if any(key.lower() == "tmpl" and value.lower() == "component" for key, value in shape.query):
        return "print"  # Joomla's print popup (…&tmpl=component&print=1, whose print=1 the request form drops)
    if keys & _UTILITY_QUERY_KEYS:
        return "utility"
    if _WP_COMMENT_PAGE.fullmatch(shape.segments[-1] if shape.segments else ""):
        return "utility"  # WordPress's paged comments: /slug/comment-page-2/, the article again
    if "attachment_id" in keys or _is_wp_attachment_page(shape.segments):
        return "media"  # WordPress's page of one uploaded file: /slug/attachment/photo-1/
    return _router_page_reason(shape.query)


# WordPress's paged comments (its "Older comments" links, its recent comments widget's
# /slug/comment-page-2/#comment-17): the whole article again, under a canonical of its own.
_WP_COMMENT_PAGE = re.compile(r"comment-page-\d{1,5}")


def _is_wp_attachment_page(segments: list[str]) -> bool:
    """WordPress's attachment page: ``/<post-slug>/attachment/<file-slug>/``, a page showing one
    uploaded image (linked from the image in the post). Not a first segment ``attachment``."""
    return len(segments) >= 3 and segments[-2] == "attachment"


def _router_page_reason(query: list[tuple[str, str]]) -> str | None:
    """``"print"`` or ``"utility"`` when a router key (:data:`_ROUTER_PAGE_KEYS`) names a print
    view (``index.php?page=print&id=4521``, ``?action=printarticle``) or a form or utility page
    (``?page=sendfriend&id=4521``, ``?do=comment&id=4521``, ``?page=contact``); ``None`` for any
    other value (``?page=article``, ``?page=news``, ``?action=view``, ``?page=printing-costs``)."""
    for key, value in query:
        if key.lower() not in _ROUTER_PAGE_KEYS:
            continue
        value = value.strip().lower()
        if value in _PRINT_SEGMENTS or _PRINT_COMPOUND.fullmatch(value):
            return "print"
        if (value in _UTILITY_SEGMENTS or value in _UTILITY_PAGE_STEMS or value in _COMMENT_SEGMENTS
                or value in _ROUTER_FORM_VALUES):
            return "utility"
    return None


def _is_print_version(segments: list[str]) -> bool:
    """The print version of a page: ``…/story/print/`` (a last segment ``print``), or the print
    word before the article's id only (Drupal's print module's ``/print/10271``,
    ``/print/node/10271``, ``/fr/imprimer/305500``); the print word may be a compound naming
    what it prints (``PrintNews.aspx?id=4521``, ``/printarticle/98765``: :data:`_PRINT_COMPOUND`)."""
    return any((segment in _PRINT_SEGMENTS or _PRINT_COMPOUND.fullmatch(segment))
               and (index == len(segments) - 1 or _only_an_id(segments[index + 1:]))
               for index, segment in enumerate(segments))


# Where a site sends a reader it will not show a page to: its login, registration or
# subscription page (a paywall's "/user/login?destination=…", "/connexion?redirect=…").
_LOGIN_SEGMENTS = frozenset(
    ["login", "log-in", "signin", "sign-in", "signup", "sign-up", "register", "registration",
     "subscribe", "subscription", "subscriptions", "account", "my-account", "wp-login",
     "connexion", "se-connecter", "inscription", "abonnement", "abonnements", "s-abonner"]
    + ["تسجيل-الدخول", "تسجيل-دخول", "دخول", "اشترك", "الاشتراك"]
)


def is_login_url(url: str) -> bool:
    """Whether ``url`` is a login, registration or subscription page (``/user/login``,
    ``/wp-login.php``, ``/connexion``, ``/subscribe``, Drupal's bare ``/user``): never an
    article, whatever redirected there."""
    shape = _url_shape(url)
    if shape is None:
        return False
    segments = shape.segments
    if segments[:1] == ["user"] and (len(segments) == 1 or segments[1] in ("login", "register", "password")):
        return True
    return any(segment in _LOGIN_SEGMENTS for segment in segments)


def looks_like_listing_url(url: str) -> bool:
    """Guess whether ``url`` is a page that lists articles: the homepage, a section
    (``/politics``, ``/ar/news``), a tag/category/author/topic/search/archive page, a
    paginated listing (``/page/2``, ``?page=2``) or a date archive (``/2025/06/02/``).

    Media files, utility pages (login, contact, feeds...) and URLs that look like articles
    are not listings. Sections deeper than two segments without a listing marker are not
    recognised (too easily confused with articles).
    """
    shape = _url_shape(url)
    if not _is_page_shape(shape):
        return False
    if _has_listing_marker(shape) or _is_date_archive(shape):
        return True
    if _has_article_signal(shape):
        return False
    return len(shape.segments) <= 2


def _is_date_archive(shape: _UrlShape) -> bool:
    """/2025/, /news/2025/06/, /2025/06/02/: a year, then at most a month and a day, last."""
    trailing_numbers = 0
    for segment in reversed(shape.segments):
        if not re.fullmatch(r"\d{1,4}", segment):
            break
        trailing_numbers += 1
    return 1 <= trailing_numbers <= 3 and _is_year(shape.segments[-trailing_numbers])


def has_listing_marker(url: str) -> bool:
    """Whether ``url`` says outright that it is a listing: the home page or a language root
    (``/``, ``/fr``), a tag, category, section, author, topic, search, archive or taxonomy
    segment, a page of results (``/page/2``, ``?page=2``, ``?s=``), a section key without an
    article id (``?cat=3``), or a date archive (``/2025/06/``).

    Narrower than :func:`looks_like_listing_url`, which also takes any short path without an
    article signal for a section (``/politics``, ``/fr/article/bank-deal``): a sitemap or a
    feed that names such a URL as an entry knows better than its shape.
    """
    shape = _url_shape(url)
    return _says_listing(shape) if _is_page_shape(shape) else False


def _is_page_shape(shape: _UrlShape | None) -> bool:
    """A URL of a page worth reading at all: not a file, nor a utility page."""
    return shape is not None and shape.extension not in _MEDIA_EXTENSIONS and not _is_utility(shape)


def _says_listing(shape: _UrlShape) -> bool:
    if not shape.segments and not shape.query:
        return True  # the front page, a language root
    return _has_listing_marker(shape) or _is_date_archive(shape)


def entry_is_listing(url: str) -> bool:
    """Whether a sitemap or feed entry's ``url`` is a page to read for its links rather than an
    article, whatever the document that names it says: a URL with an explicit listing marker
    (:func:`has_listing_marker`); a section path whose every segment is a single word, without
    a query (``/business/``, ``/world/mena/``: Arc XP's section sitemap lists them); a video,
    gallery or podcast page (not articles, by decision; see :func:`looks_like_article_url`).

    Any other entry is an article candidate, however short: ``/fr/article/bank-deal`` is one
    for its two-word slug, where :func:`looks_like_listing_url` took it for a section.
    """
    shape = _url_shape(url)
    if not _is_page_shape(shape):
        return False
    if _says_listing(shape):
        return True
    if any(segment in _MEDIA_SECTION_SEGMENTS for segment in shape.segments):
        return True
    return not shape.query and not shape.extension and all(
        len(_slug_words(segment)) == 1 and not any(ch.isdigit() for ch in segment)
        for segment in shape.segments
    )


# A script that only sends the reader elsewhere: "location.href = '/new/path'",
# "window.location.replace(\"…\")", "top.location = '…'", "document.location.assign('…')", with a
# quoted literal URL (an expression, "'/m' + path", is code we do not run).
_JS_LOCATION = re.compile(
    r"""(?:\b(?:window|document|top|self|parent)\s*\.\s*)?\blocation\s*"""
    r"""(?:(?:\.\s*href\s*)?=(?!=)\s*|\.\s*(?:replace|assign)\s*\(\s*)"""
    r"""(?P<quote>["'])(?P<url>[^"'<>\s\\]{1,2048})(?P=quote)[ \t]*(?=[;)<}\r\n]|$)""")
_SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?\s*([^"'\s>]*)""", re.I)
# Scripts a browser runs; a data script (JSON, JSON-LD, a template) is text, whatever it says.
_JS_SCRIPT_TYPES = frozenset(["", "text/javascript", "application/javascript", "module",
                              "text/ecmascript", "application/ecmascript", "application/x-javascript"])
_HIDDEN_BLOCKS = re.compile(r"<(script|style|noscript|template|head)\b.*?</\1\s*>", re.I | re.S)
_ANY_TAG = re.compile(r"<[^>]*>")
_H1_OR_ARTICLE = re.compile(r"<h1\b[^>]*>\s*[^<\s]|<article[\s>]", re.I)
# The words after which a statement on the next line goes on the same one ("else\n location…").
_JS_CONTINUING_WORDS = frozenset(["else", "do", "return", "typeof", "new", "void", "in", "of", "case",
                                  "yield", "await", "delete", "instanceof"])
# At most this much visible text beside the script: "Redirecting…", "Click here if you are not
# redirected"; a story that also runs a location script (an AMP or mobile switch) has far more.
_JS_REDIRECT_MAX_TEXT = 200
# A redirect stub is small; a larger page is not decoded and scanned for one.
JS_REDIRECT_MAX_BYTES = 32 * 1024


def js_redirect_target(html: str, base_url: str) -> str | None:
    """The address a page that does nothing but send the reader elsewhere by script sends it to
    (``<script>window.location.replace("/new/path")</script>``, ``location.href='…'``), resolved
    against ``base_url``; ``None`` for any other page.

    The script is read, never run: only a quoted literal URL counts, every location change in
    the page's scripts must name the same address, and at least one of them must be a statement
    of its own at the top level of a script, which runs as the page loads: not inside a function,
    a callback, an ``if``/``else`` or a condition (``function login(){ location.href="/login" }``,
    ``if (screen.width < 700) location.replace("https://m.…")`` never run on their own); an event
    handler attribute (``onclick="location.href=…"``) is not a script at all. The page must show at
    most a line of text besides (a story with a mobile-site switch in its scripts is a story), and
    must not carry an article: a script-rendered story is an empty shell whose text is in its data
    (JSON-LD ``articleBody``, ``__NEXT_DATA__``, a state script: :func:`page_carries_article`).
    A ``javascript:`` or ``data:`` target, or one that cannot be read, is none."""
    scripts = [code for attributes, code in _SCRIPT_BLOCK.findall(html) if _runs_as_script(attributes)]
    if not scripts:
        return None
    changes = [(code, m) for code in scripts for m in _JS_LOCATION.finditer(code)]
    targets = {m.group("url") for _, m in changes}
    if len(targets) != 1 or not any(_runs_on_load(code, m.start()) for code, m in changes):
        return None
    text = " ".join(html_unescape(_ANY_TAG.sub(" ", _HIDDEN_BLOCKS.sub(" ", html))).split())
    if len(text) > _JS_REDIRECT_MAX_TEXT:
        return None
    if page_carries_article(html):
        return None
    target = join_url(base_url, targets.pop())
    if target is None or urlsplit(target).scheme.lower() not in ("http", "https"):
        return None
    return target


def _runs_as_script(attributes: str) -> bool:
    found = _SCRIPT_TYPE.search(attributes)
    return (found.group(1).strip().lower() if found else "") in _JS_SCRIPT_TYPES


def _runs_on_load(code: str, at: int) -> bool:
    """Whether the statement starting at ``code[at]`` stands at the top level of the script, on
    its own: outside any bracket (a function's or a callback's body, a call's arguments), and
    not the body of an ``if``, ``else`` or loop nor the end of an expression (``ok && location…``).
    Read by scanning ``code`` up to ``at`` for strings, comments and brackets; a regular
    expression literal holding a bracket may mislead it, towards not following."""
    depth = 0
    statement = []  # the code of the statement before ``at`` at the top level, comments left out
    i = 0
    while i < at:
        ch = code[i]
        if ch in "\"'`":
            end = i + 1
            while end < at and code[end] != ch:
                end += 2 if code[end] == "\\" else 1
            if depth == 0:
                statement.append(code[i:end + 1])
            i = end + 1
            continue
        if code.startswith("//", i) or code.startswith("<!--", i):
            end = code.find("\n", i)
            i = at if end < 0 or end > at else end
            continue
        if code.startswith("/*", i):
            end = code.find("*/", i + 2)
            i = at if end < 0 or end > at else end + 2
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
            if depth == 0 and ch == "}":
                # the end of a block ("if (…) {…}", "function f() {…}") ends its statement
                statement = []
                i += 1
                continue
        elif depth == 0 and ch == ";":
            statement = []
            i += 1
            continue
        elif depth == 0 and ch == "\n" and _statement_ends_at_line_end("".join(statement)):
            statement = []
            i += 1
            continue
        if depth == 0:
            statement.append(ch)
        i += 1
    return depth == 0 and not "".join(statement).strip()


def _statement_ends_at_line_end(statement: str) -> bool:
    """Whether a line break after ``statement`` (its top-level code: what brackets hold is left
    out, ``if (a)`` reads ``if )``) ends it, JavaScript's automatic semicolon as far as a
    redirect needs it: after a name, a number, a string, a ``]`` or a call's ``)``, but not after
    ``if (…)``/``while (…)``/``for (…)``, ``else``, an operator or a ``=``."""
    statement = statement.rstrip()
    if not statement:
        return True
    if statement.endswith(")"):
        return not re.search(r"\b(?:if|while|for|with)\s*\)$", statement)
    if not (statement[-1] in "\"'`]_$" or statement[-1].isalnum()):
        return False
    return re.search(r"[\w$]*$", statement).group(0) not in _JS_CONTINUING_WORDS


def page_carries_article(html: str) -> bool:
    """Whether a small page holds an article of its own, though it shows next to no text: a
    JSON-LD article with its ``articleBody``, an article body in a data script (Next.js, Nuxt,
    a state literal: :func:`crawler.embedded.embedded_article`), or a page that declares itself
    an article (:func:`page_declares_article`) and shows a headline (an ``<h1>`` with text) or an
    ``<article>`` element. Extraction reads such a script-rendered shell as the story; it is no
    redirect stub, whatever one of its scripts does with ``location``."""
    # imported here: crawler.embedded imports crawler.boilerplate, which imports this module
    from crawler.embedded import embedded_article, json_ld_article_body  # noqa: PLC0415

    if page_declares_article(html) and _H1_OR_ARTICLE.search(html):
        return True
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):  # an empty document, or one lxml cannot read
        return False
    return embedded_article(tree, json_ld_article_body(tree)) is not None
