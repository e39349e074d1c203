"""From a fetched page to a storable article: every per-page CPU step in one pure function.

``analyse_page`` runs extraction, canonical-URL and shortlink choice (a canonical that is
another language edition's address, by the page's ``hreflang`` alternates, is not the page's),
body hashing and the MinHash signature. It takes and returns plain picklable data, so the same function runs inline
or in a pool of worker processes.

It is also where a page's fetch time meets its dates: extraction is given the fetch time, so a
metadata date more than a day after it (``crawler.dates.later_than_fetch``) gives way to the next
source, the date the page shows; a ``published_at`` or ``modified_at`` still later than the fetch
(no other source) is set to ``None``, and named in ``ExtractionResult.dates_after_fetch``.
Stored, a publication date in 2030 kept the article at the top of every newest-first list for
years and made a stale site look fresh (cronqa review, finding 11). ``published_at_raw`` keeps what the page said.
"""

from __future__ import annotations

from dataclasses import replace

from crawler.analysis import ExtractionResult, PageContext  # noqa: F401 - PageContext: this module's API too
from crawler.dates import later_than_fetch
from crawler.dedup import body_fingerprint, lead_paragraph_keys, minhash_signature
from crawler.discovery import language_alternates
from crawler.extract import extract_article
from crawler.items import PageItem
from crawler.spellings import search_spellings
from crawler.urls import (
    canonical_names_another_language,
    canonicalize_url,
    choose_canonical,
    is_http_url,
    usable_shortlink,
)


def _head_text(page: PageItem) -> str:
    """The page's first 100 KB as text, enough for its head's ``<link>`` tags."""
    try:
        return page.body[:100_000].decode(page.encoding or "utf-8", "replace")
    except LookupError:  # a charset name Python does not know
        return page.body[:100_000].decode("utf-8", "replace")


def analyse_page(page: PageItem, context: PageContext) -> ExtractionResult:
    """Extract, canonicalise and fingerprint one page. Never raises on bad input."""
    result = extract_article(
        page.body,
        page.url,
        encoding=page.encoding,
        hints=context.hints,
        languages=context.languages,
        default_tz=context.timezone,
        sitemap_entry=page.sitemap_entry,
        min_words=context.min_words,
        fetched_at=page.fetched_at,
    )
    article = result.article
    if article is None:
        return result
    article.url = page.url
    article.site = page.site
    article.fetched_at = page.fetched_at
    # (the dates extraction passed over for an earlier source, and those it found no other source for)
    dates_after_fetch = list(result.dates_after_fetch)
    if later_than_fetch(article.published_at, page.fetched_at):
        article.published_at = None
        dates_after_fetch.append("published")
    if later_than_fetch(article.modified_at, page.fetched_at):
        article.modified_at = None
        dates_after_fetch.append("modified")
    if dates_after_fetch:
        kinds = ("published", "modified")
        result = replace(result, dates_after_fetch=tuple(kind for kind in kinds if kind in dates_after_fetch))
    article.redirect_urls = list(page.redirect_urls or ())
    if is_http_url(page.url):
        article.canonical_url = choose_canonical(page.url, article.canonical_url, None, context.domains)
        if article.canonical_url != (own := canonicalize_url(page.url)) and canonical_names_another_language(
                article.canonical_url, article.language, language_alternates(_head_text(page), page.url)):
            article.canonical_url = own  # another edition's address: this page is a story of its own
        article.shortlink = usable_shortlink(page.url, article.canonical_url, article.shortlink, context.domains)
    else:  # a local file given to `crawler extract` without --url
        article.canonical_url = page.url
        article.shortlink = None
    article.content_hash = body_fingerprint(article.body)
    article.search_spellings = search_spellings(article.title, article.body)
    if context.with_minhash:
        article.minhash = minhash_signature(article.body, num_perm=context.num_perm)
        # per-article hashing belongs in the worker (issue 7): in the store it cost the crawl
        # process a twentieth of its CPU
        article.lead_keys = list(lead_paragraph_keys(article.body))
    if page.sitemap_entry:
        article.sitemap_lastmod = page.sitemap_entry.get("lastmod")
    return result
