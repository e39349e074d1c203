"""What the crawl process and its extraction workers hand each other: a page's
:class:`PageContext` (the site's domains, languages, extraction hints and the settings that
shape the per-page work) going out, an :class:`ExtractionResult` coming back.

Plain picklable dataclasses in a module of their own, which imports no extraction code: the
crawl process builds the one and unpickles the other without importing the extractor
(trafilatura, lxml's cleaning, :mod:`crawler.boilerplate`'s hundreds of patterns: about half a
second of CPU at every crawl's start), which only the workers run. :mod:`crawler.extract` and
:mod:`crawler.processing` export them too.

Settings: none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.items import ArticleItem
    from crawler.sites import SiteProfile


@dataclass
class ExtractionHints:
    """Per-site extraction knobs from the site profile; all optional."""

    drop_selectors: Sequence[str] = ()
    """CSS selectors or XPaths (starting with "/" or "(") removed before extraction."""
    body_selectors: Sequence[str] = ()
    """Take the body from these nodes (document order, joined) when any matches."""
    teaser_phrases: Sequence[str] = ()
    """Extra inline-teaser lead phrases for this site ("Don't miss:")."""
    title_suffixes: Sequence[str] = ()
    """Extra site-name strings to strip from titles."""
    title_sources: Sequence[str] = ()
    """The site's headline of record first: names from :data:`crawler.boilerplate.TITLE_SOURCES`,
    in order; the generic order follows for pages that lack them."""


@dataclass
class ExtractionResult:
    article: ArticleItem | None
    """The article, or ``None`` when the page is not one (see ``reason``)."""
    reason: str | None = None
    """Why ``article`` is ``None``: ``empty_body``, ``too_short``, ``not_article``, ``consent_wall``,
    ``binary``, ``not_html`` or ``parser_error`` (used as a stats key)."""
    detail: str | None = None
    """What made it so, for a person reading why a page was dropped (``crawler extract``, the
    crawl's DEBUG "Dropped:" line): ``24 words, fewer than 40`` for ``too_short``, which check
    found a ``not_article`` (a listing, a gallery, a service page, a video page); ``None`` when
    the reason says it all. Not a stats key."""
    body_from: str = "page"
    """Where the body was found: ``page`` (the HTML) or ``script`` (a data script of a
    script-rendered page, see ``crawler.embedded``)."""
    links: list[str] | None = None
    """The page's links (:func:`crawler.discovery.page_links`), read from the parsed page before
    any cleaning, whatever the outcome; ``None`` when the page was not parsed (empty, binary,
    not HTML, a parser failure). The crawl follows them (``pipelines/extract.py``)."""
    dates_after_fetch: tuple[str, ...] = ()
    """The article's dates left out for reading more than a day after its page was fetched
    (``published``, ``modified``): passed over for the next source of that date when
    ``extract_article`` is given ``fetched_at``, or set to ``None`` by
    :func:`crawler.processing.analyse_page` when there is none; counted and logged by
    ``pipelines/extract.py``."""


@dataclass(frozen=True)
class PageContext:
    """What the per-page work needs to know about the site and the settings (picklable)."""

    domains: tuple[str, ...]
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    hints: ExtractionHints | None = None
    min_words: int = 40
    num_perm: int = 128
    with_minhash: bool = True

    @classmethod
    def for_profile(cls, profile: SiteProfile, *, min_words: int = 40, num_perm: int = 128,
                    with_minhash: bool = True) -> "PageContext":
        hints = profile.extraction
        return cls(
            domains=profile.domains,
            languages=profile.languages,
            timezone=profile.timezone,
            hints=ExtractionHints(
                drop_selectors=list(hints.drop_selectors),
                body_selectors=list(hints.body_selectors),
                teaser_phrases=list(hints.teaser_phrases),
                title_suffixes=list(hints.title_suffixes),
                title_sources=list(hints.title_sources),
            ),
            # a site that publishes briefs sets its own floor; else EXTRACT_MIN_WORDS
            min_words=profile.min_words if profile.min_words is not None else min_words,
            num_perm=num_perm,
            with_minhash=with_minhash,
        )
