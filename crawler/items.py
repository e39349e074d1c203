"""The article item: what one stored article is, field by field.

Pipelines read and write it through ``itemadapter.ItemAdapter``; the pure extraction
code in :mod:`crawler.extract` returns one of these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(repr=False)
class ArticleItem:
    url: str
    """Final URL of the fetched page (after redirects). The only required field."""

    canonical_url: str | None = None
    """Canonical form of the article's address (see ``crawler.urls.canonicalize_url``):
    the page's ``rel=canonical``/``og:url`` when it points inside the same site, else ``url``."""

    site: str | None = None
    """Name of the site profile the page was crawled for (``sites.toml``), or the host for ad-hoc crawls."""

    title: str | None = None
    """Headline without the site-name prefix/suffix."""

    body: str = ""
    """Article text: trimmed paragraphs separated by a blank line (``\\n\\n``), chrome removed."""

    authors: list[str] = field(default_factory=list)
    """Person names (or a wire agency when no person is named), without "By" or job titles."""

    published_at: str | None = None
    """Publication time, ISO 8601; in UTC (``...+00:00``) when the page or profile gives a zone.
    ``None`` when unknown — never the crawl time."""

    published_at_raw: str | None = None
    """The publication date as the page gave it (meta value or visible text)."""

    modified_at: str | None = None
    """Last modification time as the page states it, same format as ``published_at``."""

    language: str | None = None
    """ISO 639-1 code (``ar``, ``en``, ``fr``), declared by the page or detected from the text."""

    description: str | None = None
    """Standfirst / meta description."""

    site_name: str | None = None
    """Publisher name as the page states it (``og:site_name``)."""

    tags: list[str] = field(default_factory=list)
    """Keywords / tags / categories the page declares."""

    image: str | None = None
    """Absolute URL of the main image."""

    word_count: int = 0
    """Number of whitespace-separated words in ``body``."""

    content_hash: str | None = None
    """SHA-256 hex of the normalised body (``crawler.dedup.body_fingerprint``)."""

    fetched_at: str | None = None
    """When the page was downloaded, ISO 8601 UTC."""

    search_spellings: str | None = None
    """Folded, prefix-less forms of the title's and body's words that full-text search would
    miss (``crawler.spellings.search_spellings``); computed by the store when ``None``."""

    minhash: bytes | None = None
    """Serialised MinHash signature of the body (``crawler.dedup``); not stored in ``articles``."""

    lead_keys: list[int] | None = None
    """Keys of the body's first paragraphs (``crawler.dedup.lead_paragraph_keys``), computed in
    the extraction worker; not stored in ``articles`` (the ``lead_keys`` table holds them).
    Computed by the store when ``None``."""

    sitemap_lastmod: str | None = None
    """``lastmod`` of the sitemap entry, or ``<updated>`` of the feed item, that led to the page
    (ISO 8601); a feed's publication date is not a modification date."""

    redirect_urls: list[str] = field(default_factory=list)
    """The addresses the fetch was redirected from, the requested one first (Scrapy's
    ``redirect_urls``); empty when ``url`` answered itself. The store reads it to follow an
    article its site moved (a 301 from the article's stored address); not stored as such."""

    shortlink: str | None = None
    """The short address the page declares for itself (``<link rel="shortlink">``: WordPress's
    ``/?p=4521``, Drupal's ``/node/4521``), canonicalised; ``None`` when it declares none, or one
    outside the site's domains or not shaped like an article's address
    (``crawler.urls.usable_shortlink``). Kept in ``seen_urls`` as another address of the
    article, so that links to it are skipped before download; not stored in ``articles``."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __repr__(self) -> str:
        # Scrapy logs the items it drops ("Dropped: …") and scrapes: the whole body (and the
        # MinHash bytes) on one log line, every time.
        return (f"<ArticleItem {self.url} site={self.site} title={_shortened(self.title)!r} "
                f"body={len(self.body)} chars>")


@dataclass(repr=False)
class PageItem:
    """A fetched page on its way to extraction (spider -> ExtractPipeline).

    The spider yields one for every page that may be an article; the extraction pipeline
    turns it into an :class:`ArticleItem` or drops it as "not an article" with a reason.
    """

    url: str
    """Final URL after redirects."""

    body: bytes
    """Raw response body, undecoded."""

    site: str
    """Site profile name."""

    encoding: str | None = None
    """Charset from the HTTP Content-Type header, if any."""

    status: int = 200
    fetched_at: str | None = None
    """ISO 8601 UTC download time."""

    sitemap_entry: dict[str, str | None] | None = None
    """Sitemap/feed fields of the entry that led here: ``lastmod``, ``news_title``, ``news_publication_date``."""

    redirect_urls: list[str] = field(default_factory=list)
    """The addresses the fetch was redirected from, the requested one first (Scrapy's
    ``redirect_urls``); carried to :attr:`ArticleItem.redirect_urls`."""

    links: Any = field(default=None, compare=False)
    """The spider callback waiting for the page's links from extraction: a
    ``pipelines.extract.PageLinks`` (``None``: the callback followed them itself). It stays in
    the crawl process: it pickles as ``None``."""

    def __repr__(self) -> str:
        # Scrapy logs the items it drops: the raw HTML was KBs on one line per dropped page.
        return f"<PageItem {self.url} site={self.site} status={self.status} body={len(self.body)} bytes>"


def asked_url(item: ArticleItem | PageItem) -> str:
    """The address the crawl asked for: the first of the item's redirect chain, else its ``url``
    (what the next run's checks look up, and what a fetch error names)."""
    return item.redirect_urls[0] if item.redirect_urls else item.url


def _shortened(text: str | None, limit: int = 60) -> str | None:
    return text if text is None or len(text) <= limit else text[:limit - 1] + "…"
