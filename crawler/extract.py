"""Article extraction: HTML page -> :class:`crawler.items.ArticleItem`, chrome removed.

trafilatura finds the main text; around it this module adds the DOM and text clean-up of
:mod:`crawler.boilerplate`, JSON-LD/meta metadata reading (title, authors, dates, type),
date normalisation through :mod:`crawler.dates`, decoding through :mod:`crawler.encoding` and
language choice through :mod:`crawler.language`.

``canonical_url`` is the page's own ``rel=canonical`` (else ``og:url``) made absolute, or the
page URL when it has neither; choosing between them and the fetched URL against the site's
domains is the caller's job (``crawler.urls.choose_canonical``). ``shortlink`` is the page's
``rel=shortlink`` made absolute, as declared; whether it is kept is the caller's job too
(``crawler.urls.usable_shortlink``).

Settings: none read here. Per-site :class:`ExtractionHints` come from the site profile;
``languages``, ``default_tz`` and ``min_words`` from the profile / pipeline settings.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import unicodedata
import urllib.parse
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

import trafilatura
import trafilatura.settings
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction
from lxml.html import fromstring as _html_fromstring
from trafilatura.utils import is_dubious_html, repair_faulty_html

from crawler.analysis import ExtractionHints, ExtractionResult  # noqa: F401 - this module's API too
from crawler.author_guess import trafilatura_author as _trafilatura_byline
from crawler.boilerplate import (
    _GatedRegex,
    attach_footnotes,
    EMAIL_ADDRESS,
    GENRE_LABEL,
    HANDLE,
    OTHER_BY_WORDS,
    RELATIVE_TIME,
    SOURCE_LABEL,
    TITLE_SOURCES,
    clean_authors,
    clean_dom,
    clean_paragraphs,
    clean_title,
    compact,
    drop_appended_stories,
    drop_headline_chrome,
    interviewer_credit,
    is_consent_wall,
    is_dateline,
    is_person_like,
    is_wire_name,
    leading_byline,
    lost_editor_note,
    lost_key_points,
    lost_caption_lede,
    lost_standfirst,
    mark_story_container,
    merge_split_bodies,
    names_beside_place,
    open_photo_essay,
    opens_with_by_word,
    prose_blocks,
    shown_text,
    tells_story_in_captions,
    trailing_credit,
    unescape_complete_references,
    without_invisible_controls,
    without_media_label,
    writes_prefix,
)
from crawler.dates import (
    WEEKDAYS,
    DateOnly,
    NumericDate,
    find_date_in_text,
    language_tag,
    later_than_fetch,
    numeric_dates,
    page_languages,
    parse_date,
    shows_unread_date,
    to_utc_iso,
)
from crawler.discovery import page_links, tree_links
from crawler.embedded import embedded_article, record_dates
from crawler.encoding import decode_html, looks_binary
from crawler.items import ArticleItem
from crawler.language import choose_language, count_words, letter_words, normalise_language_code
from crawler.urls import host_of, in_domains, is_front_page, join_url, split_url

logger = logging.getLogger(__name__)

__all__ = ["ExtractionHints", "ExtractionResult", "extract_article"]

MAX_HTML_CHARS = 4_000_000
"""Pages longer than this are cut before parsing (lxml copes with the truncated markup)."""

_parsers = threading.local()  # an lxml parser must not be shared between threads


def _html_parser() -> HTMLParser:
    """trafilatura's parser options, with the element classes chosen inside lxml: lxml.html's
    own lookup calls back into Python for every element object made, thousands per page as the
    tree is walked here and in trafilatura (1.3-2 ms of a page's 19-21 ms). The classes differ
    only for form controls, which nothing here uses. One parser per thread."""
    parser = getattr(_parsers, "html", None)
    if parser is None:
        parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                            remove_pis=True)
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
        _parsers.html = parser
    return parser


def _parse_html(html: str) -> HtmlElement | None:
    """trafilatura's ``load_html`` for a decoded page, with :func:`_html_parser`: the same
    repairs, the same fallback to bytes, the same rejection of a page that is not HTML."""
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    parser = _html_parser()
    tree = None
    try:
        tree = _html_fromstring(html, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        pass
    except Exception as exc:  # noqa: BLE001 - as load_html: any parser failure means "try the bytes"
        logger.debug("lxml could not parse the page: %s", exc)
    if tree is None or len(tree) < 1:
        try:
            tree = _html_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
        except Exception as exc:  # noqa: BLE001 - as load_html: no tree, the caller records it
            logger.debug("lxml could not parse the page's bytes: %s", exc)
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "socialmediaposting",
    "techarticle", "scholarlyarticle", "report", "askpublicnewsarticle", "satiricalarticle", "webpage_article",
}
NOT_ARTICLE_TYPES = {"collectionpage", "website", "profilepage", "searchresultspage", "itemlist", "aboutpage",
                     "contactpage", "faqpage", "person"}
LISTING_PAGE_TYPES = {"collectionpage", "searchresultspage", "profilepage"}
# The JSON-LD types that, with no article type, are the page's own word over og:type "article"
# and a publication time: no story is a contact or about page. A FAQ may be a story's part (FAQ
# markup on a post): FAQPage beats og:type alone, not a publication time.
OWN_WORD_TYPES = LISTING_PAGE_TYPES | {"contactpage", "aboutpage"}
NOT_ARTICLE_OG_TYPES = {"website", "profile", "books.author", "video.tv_show", "video.other", "video.movie",
                        "video.episode"}
# A page that is a gallery of pictures or videos by its JSON-LD, and no article: its text is
# captions, whatever og:type the CMS puts on every page.
GALLERY_TYPES = {"imagegallery", "mediagallery", "videogallery"}

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "og:published_time", "published_time", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "date.available", "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created",
    "dc.date.created", "sailthru.date", "parsely-pub-date", "article.published", "article_date_original",
    "cxenseparse:recs:publishtime", "datecreated", "date", "original-publish-date", "og:pubdate",
    "nv:date", "rnews:datepublished",
)
_MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "lastmod", "article.updated", "modified_time", "updated_time",
)
_AUTHOR_META = ("author", "article:author", "og:article:author", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "byl", "twitter:creator_name", "cxenseparse:author")
# ("created": Drupal's node field, "field--name-created", holds the published date and time)
_DATE_CLASS = re.compile(r"date|time|publish|posted|created|byline|meta|info|timestamp|تاريخ", re.IGNORECASE)


@dataclass
class _PageMeta:
    """What the page declares about itself (JSON-LD, meta tags, link rels)."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    ld_types: set[str] = field(default_factory=set)
    ld_article: dict[str, Any] = field(default_factory=dict)
    ld_authors: list[str] = field(default_factory=list)
    ld_publisher: str | None = None
    ld_organization_authors: list[str] = field(default_factory=list)
    """The JSON-LD authors typed as an organisation (a publisher, a wire, a desk), by name."""
    canonical: str | None = None
    shortlink: str | None = None
    html_lang: str | None = None
    post_items: list[HtmlElement] = field(default_factory=list)
    """Microdata items typed as a post or an article (``itemscope itemtype=…BlogPosting``)."""

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value and value.strip():
                    return value.strip()
        return None

    def all(self, *names: str) -> list[str]:
        return [v.strip() for name in names for v in self.meta.get(name, ()) if v and v.strip()]


def extract_article(
    html: str | bytes,
    url: str,
    *,
    encoding: str | None = None,
    hints: ExtractionHints | None = None,
    languages: Sequence[str] = (),
    default_tz: str | None = None,
    sitemap_entry: Mapping[str, str | None] | None = None,
    min_words: int = 40,
    raise_errors: bool = False,
    fetched_at: str | None = None,
) -> ExtractionResult:
    """Extract one article from a page; never raises on bad input (returns a ``reason`` instead).

    :param html: the page, as bytes (decoded here) or text.
    :param url: the final URL of the page.
    :param encoding: the HTTP header charset, if any.
    :param hints: per-site knobs from the profile.
    :param languages: the profile's languages; a hint, the page and text decide first.
    :param default_tz: IANA zone of the site, for dates given without a zone.
    :param sitemap_entry: ``{"news_title", "news_publication_date", "lastmod"}`` of the sitemap
        entry that led to the page.
    :param min_words: bodies shorter than this are rejected as ``too_short``.
    :param raise_errors: re-raise unexpected exceptions (tests) instead of returning
        ``parser_error`` (production).
    :param fetched_at: when the page was fetched (ISO 8601), if known: a published or modified
        date more than a day later (:func:`crawler.dates.later_than_fetch`, a scheduled post's date,
        a mistyped year) gives way to the next source of that date, e.g. the date the page shows.
        When no source gives an earlier one the later date is still returned, for the caller to
        leave out (:func:`crawler.processing.analyse_page`).
    """
    try:
        return _extract(html, url, encoding=encoding, hints=hints or ExtractionHints(), languages=languages,
                        default_tz=default_tz, sitemap_entry=sitemap_entry or {}, min_words=min_words,
                        fetched_at=fetched_at)
    except Exception:
        if raise_errors:
            raise
        logger.exception("extraction failed for %s", url)
        return ExtractionResult(None, "parser_error")


def _extract(html, url, *, encoding, hints, languages, default_tz, sitemap_entry, min_words,
             fetched_at=None) -> ExtractionResult:
    if isinstance(html, bytes):
        if not html.strip():
            return ExtractionResult(None, "empty_body")
        if looks_binary(html):
            return ExtractionResult(None, "binary")
        html = decode_html(html, encoding)
    if not html or not html.strip():
        return ExtractionResult(None, "empty_body")
    if "\x00" in html[:2048]:
        return ExtractionResult(None, "binary")
    if not re.search(r"<(html|body|p|div|article|head|title|h1)\b", html[:200_000], re.IGNORECASE):
        return ExtractionResult(None, "not_html")
    whole = None
    if len(html) > MAX_HTML_CHARS:
        logger.info("page %s has %d characters; extracting from the first %d", url, len(html), MAX_HTML_CHARS)
        whole, html = html, html[:MAX_HTML_CHARS]
    tree = _parse_html(html)
    if tree is None:
        return ExtractionResult(None, "parser_error")
    # Before anything cleans the tree; the links past the cut of a huge page are links too.
    links = tree_links(tree, url) if whole is None else page_links(whole, url)
    result = _extract_from_tree(tree, url, hints=hints, languages=languages, default_tz=default_tz,
                                sitemap_entry=sitemap_entry, min_words=min_words, fetched_at=fetched_at,
                                source=html)
    result.links = links
    return result


def _extract_from_tree(tree, url, *, hints, languages, default_tz, sitemap_entry, min_words,
                       fetched_at=None, source: str | None = None) -> ExtractionResult:
    """``source``: the markup ``tree`` was parsed from, if known (checks for a rare attribute read
    it before they walk the tree)."""
    _demote_logo_headings(tree, url)
    _promote_headline_over_story(tree, url)
    _decode_protected_emails(tree, source)
    page = _read_page_meta(tree)
    host = (parts.hostname or "") if (parts := split_url(url)) is not None else ""
    site_name = page.first("og:site_name", "application-name", "twitter:site:name") or page.ld_publisher
    if site_name:
        site_name = site_name.lstrip("@").strip()

    # the site's name as the titles write it in the other script than og:site_name's ("… - هسبريس"
    # on "Hespress", "Echorouk Online | …" on "الشروق أونلاين"): a suffix or prefix like the others
    other_script_names = _title_ends_across_scripts(
        (page.first("og:title"), page.first("twitter:title"), _html_title(tree)),
        [name for name in (site_name, page.ld_publisher) if name])

    def titles(writers: Sequence[str] | None = None) -> tuple[str | None, list[str]]:
        return _choose_title(tree, page, sitemap_entry, lambda value: clean_title(
            value, site_name=site_name or page.ld_publisher, host=host,
            extra_suffixes=[s for s in (page.ld_publisher, *hints.title_suffixes, *other_script_names) if s],
            writers=writers),
            preferred=hints.title_sources)

    title, title_versions = titles()
    description = page.first("og:description", "description", "twitter:description") or _ld_str(
        page.ld_article.get("description"))

    shown = _ShownDates(tree, page, url, languages)
    passed_over: list[str] = []  # dates given way for reading later than the fetch
    published_raw, published_at = _published_date(tree, page, sitemap_entry, languages, default_tz, url, shown,
                                                  fetched_at, passed_over)
    modified_at = _modified_date(page, languages, default_tz, shown, fetched_at, passed_over)
    title_site = _site_name_from_title(_html_title(tree), title)
    author_site = site_name or title_site
    # the site's names, as its og:site_name and its <title> give them: a publisher's byline may
    # use the other one ("هسبريس من الرباط" on a site whose og:site_name is "Hespress")
    # (or an organisation the JSON-LD names as the author: "رؤيا الإخباري" after the headline and
    # as the author organisation, "Roya News" as og:site_name, is the site; a writer is a Person;
    # another name in og:site_name's script, "اليوم السابع" on an aggregator "نبض", or a wire's,
    # "Reuters", "بترا", is the outlet whose story the page carries)
    author_sites = [name for name in (site_name, title_site) if name
                    if name is site_name or not site_name or _spelled_alike_across_scripts(name, site_name)
                    or _across_scripts(name, site_name) and not is_wire_name(name)
                    and compact(name) in {compact(org) for org in page.ld_organization_authors}]
    authors = _authors(tree, page, author_sites, host) or _meta_line_author(
        tree, page, shown, published_raw, author_sites, host)
    if any(writes_prefix(version) for version in (page.first("og:title"), _h1_text(tree)) if version):
        # "Emmanuel Macron écrit : « … »" over a story its reporter signs, or over none: the
        # letter's writer is not known to be the page's, and the headline keeps the words
        title, title_versions = titles(writers=[author for author in authors if is_person_like(author)])

    opinion = _is_opinion_page(url, page, tree)

    # body: clean a copy of the DOM, then let trafilatura pick the main text
    def clean(found: list[str], link_texts: list[str]) -> list[str]:
        return clean_paragraphs(found, title=title, description=description, other_titles=title_versions,
                                teaser_phrases=hints.teaser_phrases, link_texts=link_texts, authors=authors,
                                opinion=opinion)

    paragraphs, link_texts = _body_paragraphs(tree, url, hints, declared=bool(page.ld_article))
    paragraphs = clean(paragraphs, link_texts)
    if lede := lost_caption_lede(tree, paragraphs):
        # the story's first sentence written only as its lead photo's caption, the body opening
        # with the sentence after it ("وقال …"): put back above that sentence
        paragraphs.insert(*lede)
    if standfirst := lost_standfirst(tree, description, paragraphs):
        # after the cleaning, which drops a headline trafilatura put first: the standfirst
        # goes above the story, not above a headline left in second place
        paragraphs.insert(0, standfirst)
    # the byline is the story's first line, or its second under the standfirst ("Web Desk")
    first = 1 if len(paragraphs) > 2 and (paragraphs[0] == standfirst or description and compact(
        paragraphs[0]) == compact(description)) else 0
    credit = leading_byline(paragraphs[first], site_name=author_site, host=host) if len(paragraphs) > first else None
    while len(paragraphs) > first + 1 and credit == [] \
            and not is_dateline(paragraphs[first], [], site_name=author_site, host=host, authors=authors):
        # a byline naming no one ("Web Desk"), also under the same label set as the story's
        # kicker: "Publi-reportage" over "Par Publi-reportage"
        paragraphs.pop(first)
        credit = leading_byline(paragraphs[first], site_name=author_site, host=host)
    if credit is not None and not (
            credit and names_beside_place(paragraphs[first])
            and not _set_apart_as_byline(tree, paragraphs[first], credit, authors)):
        # ("Climate Summit - Dubai", "قمة عربية طارئة - القاهرة": a kicker over the story, which is
        # text; "سالم الدوسري - الدمام" in the page's writer cell is the byline)
        # "عنب بلدي – حليم محمد" written as the story's first line: the byline, not text; "عمان -
        # الرأي نيوز", "Rabat - MAP" (a place and the site or a wire): the dateline, which is text
        if not is_dateline(paragraphs[first], credit, site_name=author_site, host=host, authors=authors):
            paragraphs.pop(first)
        authors = authors or credit
    elif len(paragraphs) > first + 1 and authors and _is_byline_of(paragraphs[first], authors):
        # "كتب محمود عبد الرحمن" written into the story's container: the byline the authors came from
        paragraphs.pop(first)
    elif (top := next((i for i, p in enumerate(paragraphs[:min(3, len(paragraphs) - 1)]) if interviewer_credit(p)),
                      None)) is not None:
        # an interview's "Propos recueillis par …" under its standfirst: the byline, not text (at
        # the end of the story it signs it off, and stays: see trailing_credit below)
        authors = authors or interviewer_credit(paragraphs.pop(top)) or []
    if note := lost_editor_note(tree, paragraphs):
        # the editor's note over the story, under its standfirst (after the byline rules, which
        # read the story's first lines)
        paragraphs.insert(1 if standfirst and paragraphs and paragraphs[0] == standfirst else 0, note)
    if points := lost_key_points(tree, paragraphs):
        # the story's key points between the headline and its container: over the story, under
        # its standfirst and editor's note
        at = next((i for i, p in enumerate(paragraphs[:2]) if p not in (standfirst, note)), len(paragraphs[:2]))
        paragraphs[at:at] = points
    if not authors or all(is_wire_name(author) for author in authors):
        # "Propos recueillis par …", "Avec AFP et Reuters", "(Reporting by …; Editing by …)" closing
        # the story; reporters it names replace a wire credit
        site_names = [author_site] if author_site else []
        credit = next((credit for paragraph in paragraphs[-2:][::-1]
                       if (credit := trailing_credit(paragraph, site_names=site_names, host=host))), [])
        if not authors or any(is_person_like(name) for name in credit):
            authors = credit or authors
    if not authors and len(paragraphs) > 1 and (signed := _closing_signature(tree, paragraphs[-1])):
        # the writer's name alone under a story whose page names no author ("<p><strong>Kamel
        # Benelkadi</strong></p>", "<p class="signature">…"): the byline, set at the end
        authors = [signed]
        paragraphs.pop()
    elif len(paragraphs) > 1 and authors and _is_signature_of(paragraphs[-1], authors):
        # the writer's name alone under the story ("Latif Belhedi", "— Jane Doe", "Par Jane Doe"):
        # the signature of a byline the authors already hold, not text
        paragraphs.pop()
    body = "\n\n".join(paragraphs)
    word_count = count_words(body)
    body_from = "page"
    short = word_count < max(min_words, _SHORT_BODY_WORDS)
    if _declares_article(page) and (short or _cut_short(paragraphs) or _behind_paywall(page)) and (
            script := _script_body(tree, page, url, hints, title_versions, clean, more_than=word_count)) and (
            short or _continues(script[2], paragraphs)):
        # a script-rendered page: the article travels in a data script the browser renders
        paragraphs, link_texts, body, word_count, record = script
        body_from = "script"
        # the page's tags may carry no date either; the record the body came from does
        published, modified = record_dates(record)
        if published_at is None and published and (normalised := _normalise_date(published, languages, default_tz)):
            published_raw, published_at = published, normalised
        if modified_at is None and modified:
            modified_at = _normalise_date(modified, languages, default_tz)

    if is_consent_wall(paragraphs) and _in_consent_container(tree, paragraphs):
        # the consent wall a site shows before the story: its words are all the page holds
        return ExtractionResult(None, "consent_wall")
    if _is_listing(page, paragraphs, link_texts) or _is_listing_by_sight(tree, page, title, paragraphs, url, min_words=min_words):
        return ExtractionResult(None, "not_article", detail="a listing: a section, tag, author or search page")
    if _is_gallery_by_sight(tree, body, word_count, essay_declared=_declares_dated_article(page)):
        return ExtractionResult(None, "not_article", detail="a photo gallery: its text is mostly captions")
    if _is_service_page(page, paragraphs):
        return ExtractionResult(None, "not_article",
                                detail="a service page: short lines of figures (prayer times, rates, weather)")
    if _is_video_page(page, paragraphs):
        return ExtractionResult(None, "not_article", detail="a video page: a clip and a line or two about it")
    if not body.strip():
        return ExtractionResult(None, "empty_body")
    if word_count < min_words:
        return ExtractionResult(None, "too_short", detail=f"{word_count} words, fewer than {min_words}")

    declared_language = _declared_language(page)
    # block quotes are left out of the detection: an Arabic story quoting English statements
    quoted = [key for element in tree.iter("blockquote") if (key := compact(shown_text(element)))]
    quotes = [p for p in paragraphs if quoted and (key := compact(p)) and any(key in q for q in quoted)]
    language = choose_language(body, declared_language, tuple(languages), quotes=quotes)

    canonical = page.canonical or page.first("og:url")
    item = ArticleItem(
        url=url,
        # an unreadable one ("//[x") is no canonical: the page's own URL, as without one
        canonical_url=(join_url(url, canonical) or url) if canonical else url,
        title=(without_invisible_controls(title) or None) if title else title,
        body=body,
        authors=[name for author in authors if (name := without_invisible_controls(author))],
        published_at=published_at,
        published_at_raw=published_raw,
        modified_at=modified_at,
        language=language,
        description=description,
        site_name=site_name,
        tags=_tags(page),
        image=_image(page, url),
        word_count=word_count,
        shortlink=join_url(url, page.shortlink) if page.shortlink else None,
    )
    if sitemap_entry.get("lastmod"):
        item.sitemap_lastmod = _normalise_date(sitemap_entry["lastmod"], languages, default_tz)
    return ExtractionResult(item, body_from=body_from, dates_after_fetch=tuple(passed_over))


# ---------------------------------------------------------------------------------------------
# page metadata


def _declared_language(page: _PageMeta) -> str | None:
    """The language the page declares: ``<html lang>``, og:locale, content-language, JSON-LD
    ``inLanguage``."""
    return page.html_lang or page.first("og:locale", "content-language", "language", "dc.language") \
        or _ld_str(page.ld_article.get("inLanguage"))


def _ld_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value:
        return _ld_str(value[0])
    if isinstance(value, dict):
        return _ld_str(value.get("name") or value.get("@value") or value.get("url"))
    return None


def _ld_objects(data: Any):
    if isinstance(data, list):
        for entry in data:
            yield from _ld_objects(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            yield from _ld_objects(main)


def _types(obj: Mapping[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower().rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


_MICRODATA = etree.XPath("//@itemprop | //@itemtype")
_MICRODATA_DATES = {"datePublished", "dateModified", "dateCreated"}
_POST_TYPE = re.compile(r"BlogPosting|NewsArticle|schema\.org/Article\b")


def _read_page_meta(tree: HtmlElement) -> _PageMeta:
    page = _PageMeta()
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                page.meta.setdefault(key.strip().lower(), []).append(content)
    for element in tree.iter("time"):
        if element.get("itemprop") and element.get("datetime"):
            page.meta.setdefault(element.get("itemprop").lower(), []).append(element.get("datetime"))
    # Microdata, in one pass (an XPath over every element's attributes costs a few tenths of a
    # millisecond each): dates in other elements' attributes (Blogger's <abbr
    # itemprop="datePublished" title="2025-05-13T13:47:00+03:00">, <span itemprop="dateModified"
    # content="…">), and the items typed as posts (see _shows_several_posts).
    for attribute in _MICRODATA(tree):
        element = attribute.getparent()
        if attribute.attrname == "itemprop":
            if attribute in _MICRODATA_DATES and element.tag not in ("meta", "time"):
                value = element.get("content") or element.get("title")
                if value and _ISO_DATE_START.match(value) and not _in_comments(element):
                    page.meta.setdefault(attribute.lower(), []).append(value)
        elif element.get("itemscope") is not None and _POST_TYPE.search(attribute):
            page.post_items.append(element)
    for link in tree.iter("link"):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        rel = (link.get("rel") or "").lower()
        if rel == "canonical" and page.canonical is None:
            page.canonical = href
        elif "shortlink" in rel.split() and page.shortlink is None:
            # WordPress's <link rel='shortlink' href='https://site/?p=4521'>, Drupal's /node/4521
            page.shortlink = href
    root = tree if tree.tag == "html" else tree.getroottree().getroot()
    page.html_lang = root.get("lang") or root.get("xml:lang")

    nodes: dict[str, dict] = {}  # JSON-LD nodes by @id, for the references to them
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):  # malformed, or nested deeper than the parser goes
            continue
        for obj in _ld_objects(data):
            types = _types(obj)
            page.ld_types |= types
            if types & ARTICLE_TYPES and not page.ld_article:
                page.ld_article = obj
            if isinstance(obj.get("@id"), str) and "name" in obj:
                nodes.setdefault(obj["@id"], obj)
    article = page.ld_article
    if article:
        def resolved(value: Any) -> Any:
            # Yoast's @graph names the author once, as its own node: "author": {"@id": "…#/schema/person/…"}
            if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
                return nodes.get(value["@id"], value)
            return value

        authors = article.get("author") or article.get("creator") or []
        for author in authors if isinstance(authors, list) else [authors]:
            author = resolved(author)
            if isinstance(author, str):
                page.ld_authors.append(author)
            elif isinstance(author, dict):
                name = _ld_str(author.get("name"))
                if name:
                    page.ld_authors.append(name)
                    if any("organization" in kind.casefold() for kind in _types(author)):
                        page.ld_organization_authors.append(name)
        page.ld_publisher = _ld_str(resolved(article.get("publisher")))
    return page


def _decoded_cloudflare_email(encoded: str) -> str | None:
    """The address Cloudflare's e-mail obfuscation hides in ``data-cfemail``: hex bytes, the first
    the key that each of the others is XOR-ed with (UTF-8 once decoded); ``None`` if malformed."""
    try:
        data = bytes.fromhex(encoded.strip())
    except ValueError:
        return None
    if len(data) < 2:
        return None
    try:
        address = bytes(byte ^ data[0] for byte in data[1:]).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return address if EMAIL_ADDRESS.fullmatch(address) else None


# the attribute's name as the page's markup may spell it (the parser lower-cases it): a search from
# its "-" (a literal the regex engine looks for at C speed; a case-insensitive search looks at
# every character) takes a third of the time of the XPath over every element
_CFEMAIL_NAME = re.compile(r"-[cC][fF][eE][mM][aA][iI][lL]")


def _decode_protected_emails(tree: HtmlElement, source: str | None = None) -> None:
    """Write out the addresses Cloudflare hides from scrapers (``<a class="__cf_email__"
    data-cfemail="…">[email protected]</a>``, on by default for the sites it serves): the page shows
    them once its script ran, and the text "[email protected]" is no one's words. A writer's address
    alone under a column then goes like any (``_is_author_note``), and one in a story's sentence
    ("… إلى البريد الإلكتروني complaints@moe.gov.ae …") reads as the reader saw it. ``source``,
    the markup ``tree`` was parsed from: a page that never writes the attribute's name has none."""
    if source is not None and _CFEMAIL_NAME.search(source) is None:
        return
    for element in tree.xpath("//*[@data-cfemail]"):
        address = _decoded_cloudflare_email(element.get("data-cfemail") or "")
        if address is None:
            continue
        tail = element.tail
        for child in list(element):
            element.remove(child)
        element.text = address
        element.tail = tail


def _links_home(href: str | None, url: str) -> bool:
    """Whether ``href`` (on the page at ``url``) is the site's home page (:func:`is_front_page`: the
    root, an index file, a language edition's root, "/?lang=ar") on the page's host or another host
    of the same site, one the other's subdomain as :func:`in_domains` reads them ("www.", "m.")."""
    if href is None:
        return False
    target = join_url(url, href.strip())  # None: "http://[::1" in a page's markup
    if target is None or not is_front_page(target):
        return False
    page_host, target_host = host_of(url), host_of(target)
    return bool(page_host and target_host) and (in_domains(target, [page_host]) or in_domains(url, [target_host]))


def _demote_logo_headings(tree: HtmlElement, url: str) -> None:
    """Make an ``<h1>`` that is only the site's logo a ``<div>``: its link to the home page, with the
    site's name or its image and nothing else ("<h1 class="logo"><a href="/">صحيفة البلقاء</a></h1>",
    the headline in an ``<h2>`` further down, as old templates and many WordPress themes set every
    page). Read as the headline, the site's name was the title (it also cut the ``<title>``
    "Site - Headline" down to itself) and dates were looked for around the logo. A headline that
    links to its own story, or to anything but the home page, stays."""
    for h1 in list(tree.iter("h1")):
        # the link inside the heading, or the heading inside the link (Bootstrap's "<a
        # class="navbar-brand" href="/"><h1>Site</h1></a>")
        links = h1.xpath(".//a[@href]") or h1.xpath("ancestor::a[@href][1]")
        if len(links) != 1 or not _links_home(links[0].get("href"), url):
            continue
        link = links[0]
        if shown_text(link) != shown_text(h1):
            continue  # words outside the link: a headline with a link in it
        if not shown_text(link) and next(link.iter("img", "svg", "picture"), None) is None:
            continue
        h1.tag = "div"


def _names_only_the_site(tree: HtmlElement, url: str, html_title: str) -> bool:
    """Whether ``html_title`` is the site's name alone: the text (or logo image's alt) of a link to
    the home page, or the declared og:site_name / application-name."""
    title = compact(html_title)
    declared = tree.xpath("//meta[@property='og:site_name' or @name='application-name']/@content")
    if any(compact(name) == title for name in declared):
        return True
    for link in tree.iter("a"):
        if _links_home(link.get("href"), url):
            names = [shown_text(link), *(img.get("alt") or "" for img in link.iter("img"))]
            if any(compact(name) == title for name in names):
                return True
    return False


_STORY_PARAGRAPH_CHARS = 150


def _promote_headline_over_story(tree: HtmlElement, url: str) -> None:
    """Make the headline of a page that names it nowhere else an ``<h1>``: a page with no ``<h1>``
    (a logo's is demoted first), no og:title and no JSON-LD headline, whose ``<title>`` is the
    site's name alone, and whose story opens under a heading classed as a title ("<h3
    class="card-title">" in a Bootstrap card, "entry-title", "post-title", "news-title"). That
    heading, the nearest one above the story's first paragraph (150 characters or more, outside
    the page's header, nav, aside and footer), with no link to another page, is the headline: the
    title, the place its date line is looked for, the line the body does not repeat. Before, the
    site's name was the title and the date line under the heading went unread."""
    if next(tree.iter("h1"), None) is not None or tree.xpath("//meta[@property='og:title']"):
        return
    if tree.xpath("//script[@type='application/ld+json'][contains(., 'headline')]"):
        return
    html_title = _html_title(tree)
    if not html_title or not _names_only_the_site(tree, url, html_title):
        return
    for paragraph in tree.iter("p"):
        if len(shown_text(paragraph)) < _STORY_PARAGRAPH_CHARS or paragraph.xpath(
                "ancestor::header or ancestor::nav or ancestor::aside or ancestor::footer"):
            continue
        heading = next(iter(paragraph.xpath("preceding::*[self::h2 or self::h3 or self::h4][1]")), None)
        if heading is None:
            return
        names = " ".join(filter(None, (heading.get("class"), heading.get("id"))))
        text = shown_text(heading)
        linked = [href for href in heading.xpath(".//a/@href") if join_url(url, href.strip()) != url]
        if names and _HEADLINE_CLASS.search(names) and 3 <= len(text.split()) <= 30 and not linked:
            heading.tag = "h1"
        return


_KICKER_CLASS = re.compile(r"kicker|overline|eyebrow|dachzeile|topline|roofline|label|flag|category|rubric|"
                           r"surtitle|supertitle|pretitle|subtitle|spitzmarke|sr-only|visually-hidden", re.IGNORECASE)
# No match starts inside a run of spaces (one starting a space earlier is found first): a long
# run is then read once, not once from each of its spaces (quadratic). Same matches.
_KICKER_SEPARATOR = re.compile(r"(?:(?<!\s)|(?!\s))\s*(?::|\s[-–—|]|\s?[|｜])\s+")


_HEADLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:title|headline|heading)(?:$|[\s_-])", re.IGNORECASE)


def _visible_headline(tree: HtmlElement, html_title: str | None) -> str | None:
    """For a page without ``<h1>`` or og:title (old table layouts), the element its class names a
    title ("<span class="title">", "news_title") whose text is a part of the ``<title>``: it
    tells the headline from the site name around it ("الأهرام - <headline>") when the site's
    name is not spelled like its host; else an element showing exactly one end of the
    ``<title>`` whose other end is a short name after a separator. Never a headline the
    ``<title>`` does not contain."""
    html_title = " ".join((html_title or "").split())
    if not html_title:
        return None
    for element in tree.iter(etree.Element):
        names = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if not names or element.tag in {"title", "head", "body", "html"} or not _HEADLINE_CLASS.search(names):
            continue
        text = shown_text(element)
        if 3 <= len(text.split()) <= 30 and text != html_title and text in html_title:
            return text
    # no class says it: an element that shows exactly one end of the <title>, the rest of which
    # is a short name ("صدى المحروسة - <headline>" over a "<center><font><b><headline>")
    for element in tree.iter("b", "strong", "font", "center", "td", "h2", "h3", "div", "span", "p"):
        text = shown_text(element)
        if not 3 <= len(text.split()) <= 30 or text == html_title:
            continue
        if html_title.endswith(text):
            rest = html_title[: len(html_title) - len(text)]
        elif html_title.startswith(text):
            rest = html_title[len(text):]
        else:
            continue
        if re.search(r"[-–—|:»«]", rest) and 0 < len(rest.strip(" -–—|:»«").split()) <= 5:
            return text
    return None


def _html_title(tree: HtmlElement) -> str | None:
    element = tree.find(".//title")
    return shown_text(element) if element is not None else None


# "Headline | Site", "Site - Headline": the separator between a <title>'s headline and the rest.
_TITLE_SITE_SEPARATOR = re.compile(r"^\s*[|｜\-–—·•:«»]\s*|\s*[|｜\-–—·•:«»]\s*$")
_TITLE_SITE_PART_MAX_WORDS = 4


def _site_name_from_title(html_title: str | None, headline: str | None) -> str | None:
    """The site's name as the page's ``<title>`` gives it beside the headline ("Headline | هسبريس"
    -> "هسبريس"), for pages that declare no og:site_name or JSON-LD publisher: a byline
    naming the publisher ("هسبريس من الرباط") is then told from a person's. Only a single short
    part set apart by a separator; "Headline | Section | Site" and titles that do not hold the
    headline whole give nothing."""
    if not html_title or not headline:
        return None
    html_title = " ".join(html_title.split())
    if html_title.startswith(headline):
        rest = html_title[len(headline):]
        separated = _TITLE_SITE_SEPARATOR.match(rest)
    elif html_title.endswith(headline):
        rest = html_title[: len(html_title) - len(headline)]
        separated = _TITLE_SITE_SEPARATOR.search(rest)
    else:
        return None
    if separated is None:
        return None
    rest = (rest[separated.end():] if separated.start() == 0 else rest[:separated.start()]).strip()
    if not rest or len(rest.split()) > _TITLE_SITE_PART_MAX_WORDS or _KICKER_SEPARATOR.search(rest) \
            or re.search(r"[|｜]", rest):
        return None
    return rest


# The consonants of a name written in Arabic and in Latin letters, folded to what both scripts
# write the same way: vowels and long-vowel letters are not written ("Jazeera", "الجزيرة"), "p"
# and "v" are Arabic's "ب" and "ف", "s", "z" and "sh" one sibilant ("News", "نيوز").
_ARABIC_CONSONANTS = str.maketrans({
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "s", "س": "s",
    "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "ة": "", "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "و": "",
    "ي": "", "ى": "", "گ": "g", "چ": "s", "پ": "b", "ڤ": "f"})
_LATIN_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                   ("ck", "k"))
_LATIN_CONSONANTS = str.maketrans({"p": "b", "v": "f", "z": "s", "c": "k", "q": "k", "x": "ks", "a": "", "e": "",
                                   "i": "", "o": "", "u": "", "y": "", "w": "", "'": "", "’": "", "-": ""})


def _consonant_skeleton(name: str) -> str:
    """``name``'s consonants as both scripts write them (see :data:`_ARABIC_CONSONANTS`)."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and not ch.isspace())
    for digraph, single in _LATIN_DIGRAPHS:
        text = text.replace(digraph, single)
    text = text.translate(_ARABIC_CONSONANTS).translate(_LATIN_CONSONANTS)
    text = re.sub(r"[^a-z]", "", text)
    return re.sub(r"(.)\1+", r"\1", text)


def _across_scripts(one: str, other: str) -> bool:
    """One of ``one`` and ``other`` is written in Arabic letters only, the other in Latin letters."""
    arabic = [bool(re.search(r"[\u0600-\u06ff]", name)) for name in (one, other)]
    return arabic[0] != arabic[1] and not any(
        re.search(r"[a-zA-Z]", name) for name, is_ar in zip((one, other), arabic) if is_ar)


def _spelled_alike_across_scripts(one: str, other: str) -> bool:
    """``one`` and ``other`` are one name written in Arabic and in Latin letters ("هسبريس" and
    "Hespress", "الجزيرة نت" and "Al Jazeera Net"): their consonants agree, three at least. A
    name in the same script as the other is not this (a writer's name after the headline in the
    ``<title>`` is no second name of the site)."""
    if not _across_scripts(one, other):
        return False
    skeletons = [_consonant_skeleton(name) for name in (one, other)]
    # with or without the article: "الشروق" and "Echorouk" (its "l" assimilated, as "ash-")
    bare = [skeleton.removeprefix("l") for skeleton in skeletons]
    return len(bare[0]) >= 3 and (skeletons[0] == skeletons[1] or bare[0] == bare[1])


# A site separator that sets a name apart at a title's end: a bar, a double colon, a guillemet or a
# spaced dash (a colon sets a kicker apart, and is left to `clean_title`'s own rules).
_TITLE_END_SEPARATOR = re.compile(r"\s+(?:\||::|«|»|-|–|—)\s+|\s*\|\s*")


def _title_ends_across_scripts(titles: Sequence[str | None], site_names: Sequence[str]) -> list[str]:
    """The first or last part of the page's titles that is one of ``site_names`` written in the
    other script (:func:`_spelled_alike_across_scripts`: "هسبريس" for "Hespress", "الشروق أونلاين"
    for "Echorouk Online"), at most four words, for :func:`clean_title` to strip as it strips the
    declared name. A first part, where kickers stand, must agree in four consonants or more
    without the article: "مصر - السودان: …" on a site called "Masrawy" (three, "msr") keeps its
    kicker, as the same-script rule keeps it on "مصراوي"."""
    found: list[str] = []
    for title in titles:
        if not title:
            continue
        parts = _TITLE_END_SEPARATOR.split(" ".join(title.split()))
        if len(parts) < 2:
            continue
        for index, part in ((-1, parts[-1]), (0, parts[0])):
            part = part.strip()
            if not part or len(part.split()) > 4 or part in found:
                continue
            if index == 0 and len(_consonant_skeleton(part).removeprefix("l")) < 4:
                continue
            if any(_spelled_alike_across_scripts(part, name) and _ends_alike_across_scripts(part, name)
                   for name in site_names):
                found.append(part)
    return found


# A name's last sound is a vowel: Arabic writes a long vowel's letter ("مصراوي", "روداو"; its
# feminine ending, "الجزيرة", "الحياة", goes either way), Latin a vowel, "y" or "w", or the "-ah"/"-eh" of a feminine
# ending ("Madinah"); a final "e" after a consonant is French's and English's silent one ("Presse",
# "Online"), no sound, and so is French's "-que", "-gue" ("Numérique").
_ARABIC_VOWEL_END = re.compile(r"[اويىءئؤأإآ]$")
_LATIN_VOWEL_END = re.compile(r"(?:[aiouyw]|(?<![qg])[aeiouy]e|[ae]h)$", re.IGNORECASE)


def _ends_alike_across_scripts(one: str, other: str) -> bool:
    """``one`` and ``other``, a name in Arabic and in Latin letters, both end on a vowel or both on
    a consonant ("Masrawy" is not "مصر", whose consonants agree with it, "msr"; "Masrawy" and
    "مصراوي", "Annahar" and "النهار", "Al Jazeera" and "الجزيرة" agree)."""
    arabic, latin = (one, other) if re.search(r"[\u0600-\u06ff]", one) else (other, one)
    arabic_word = re.sub(r"[^\u0600-\u06ff]+$", "", arabic.strip())
    latin_word = re.sub(r"[^a-zA-Z]+$", "", unicodedata.normalize("NFKD", latin.strip()))
    if not arabic_word or not latin_word or arabic_word[-1] in "ةه":
        return True  # the feminine ending is written "-a", "-ah" and "-at" alike ("Al Hayat", "الحياة")
    return bool(_ARABIC_VOWEL_END.search(arabic_word)) == bool(_LATIN_VOWEL_END.search(latin_word))


def _h1_text(tree: HtmlElement) -> str | None:
    """The first non-empty ``<h1>``, without kicker/overline children ("Eskalation" above the headline)."""
    for h1 in tree.iter("h1"):
        whole = shown_text(h1)
        if not whole:
            continue
        parts: list[str] = [h1.text or ""]
        for child in h1:
            names = " ".join(filter(None, (child.get("class"), child.get("id"))))
            if child.tag == "br":
                parts.append(" ")  # a headline set on two lines: "Réforme de la Moudawana :<br>ce que …"
            elif not (isinstance(child.tag, str) and names and _KICKER_CLASS.search(names)
                      and 0 < len(shown_text(child)) < len(whole)):
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        text = re.sub(r"\s+", " ", "".join(parts)).strip().lstrip("-–—|: ")
        return text or whole
    return None


def _choose_title(tree: HtmlElement, page: _PageMeta, sitemap_entry: Mapping[str, str | None],
                  clean: Callable[[str | None], str | None],
                  preferred: Sequence[str] = ()) -> tuple[str | None, list[str]]:
    """The headline, from the page's own sources (metadata headline, og:title, visible h1, <title>).

    Each source is cleaned of site names first. Where sources disagree only by a trailing part
    (section, site, date: "Headline | Europe | DW | 28.04.2023") the shortest wins; where they
    share a headline after differing kickers ("Kicker A: Headline" / "Kicker B - Headline") the
    shared part wins. Otherwise og:title (the headline the publisher declares for sharing; on
    the Fundus set it is the headline of record more often than JSON-LD or the h1), then the
    JSON-LD headline, then the h1; a site profile's ``title_sources`` (``preferred``) go first.
    Also returns every source's version, cleaned.
    """
    og_title, html_title = page.first("og:title"), _html_title(tree)
    h1 = _h1_text(tree)
    # on a page without <h1>, the headline shown in a title-classed element: the h1's stand-in
    # when there is no og:title, else only a version to cut the others by (a site suffix that
    # og:site_name spells in Latin letters, "… - الأسبوع"), never chosen over og:title, and only
    # when it is most of the og:title (not the site's name in the page's header)
    shown = None if h1 else _visible_headline(tree, html_title)
    if og_title and shown and not (shown in (og := " ".join(og_title.split())) and 2 * len(shown) > len(og)):
        shown = None
    raw = {
        "ld": _ld_str(page.ld_article.get("headline")) or _ld_str(page.ld_article.get("name")),
        "og": og_title,
        "h1": h1 or (None if og_title else shown),
        "twitter": page.first("twitter:title"),
        "sitemap": sitemap_entry.get("news_title"),
        "html": html_title,
        "shown": shown if og_title else None,
    }
    titles = {key: clean(unescape_complete_references(value)) for key, value in raw.items() if value and value.strip()}
    titles = {key: value for key, value in titles.items() if value}
    if not titles:
        return None, []
    versions = list(dict.fromkeys(titles.values()))
    values = list(titles.values())
    for key, value in titles.items():
        titles[key] = _untruncated(value, values)
    values = list(titles.values())
    for key, value in titles.items():
        titles[key] = _without_extra_tail(value, values)
    values = list(titles.values())
    for key, value in titles.items():
        titles[key] = _without_kicker(value, values)
    chosen = next(titles[key] for key in (*preferred, *TITLE_SOURCES, "shown") if key in titles)
    # (the page read for pictures only when the headline opens with a bare "صور": every page's title passes here)
    return without_media_label(chosen, gallery=lambda: _is_photo_story(tree, page)), versions


# A story told mostly in pictures (the "صور: …" of a photo report): at least this many distinct
# images in the article's element, and no fewer than its paragraphs of prose (a report with a
# photo or two is not one). Lighter than _is_gallery_by_sight, which rejects the page.
_PHOTO_STORY_MIN_IMAGES = 3


def _is_photo_story(tree: HtmlElement, page: _PageMeta) -> bool:
    """Whether the page is a photo report or gallery: declared so (og:type, a JSON-LD
    ImageGallery), or its ``<article>`` (else ``<main>``) holds at least _PHOTO_STORY_MIN_IMAGES
    distinct images and no more paragraphs of prose than images."""
    declared = " ".join(filter(None, (page.first("og:type"), *sorted(page.ld_types))))
    if re.search(r"gallery|photo|album", declared, re.IGNORECASE):
        return True
    for container in tree.xpath("(//article | //main)[1]"):
        images = {img.get("src") or img.get("data-src") for img in container.iter("img")} - {None, ""}
        prose = [p for p in container.iter("p") if len(p.text_content().split()) >= 12]
        return len(images) >= _PHOTO_STORY_MIN_IMAGES and len(images) >= len(prose)
    return False


_ELLIPSIS_END = re.compile(r"\s*(?:\.{3,}|…)\s*$")


def _untruncated(title: str, others: Sequence[str]) -> str:
    """The whole headline when ``title`` is it cut short with an ellipsis ("… الت...", a
    JSON-LD headline limited to 110 characters) and another source has it whole."""
    match = _ELLIPSIS_END.search(title)
    if match is None:
        return title
    stem = title[:match.start()]
    if len(compact(stem)) < 10:
        return title
    longer = [other for other in others if len(other) > len(stem) + 1 and other.startswith(stem)
              and not _ELLIPSIS_END.search(other)]
    return min(longer, key=len) if longer else title


def _without_extra_tail(title: str, others: Sequence[str]) -> str:
    """``title`` cut to another source found in it followed by a separator and more parts
    ("Headline – DW – date", "Topic: Headline | Section")."""
    best = title
    for other in others:
        if len(compact(other)) < 10 or len(other) >= len(best):
            continue
        position = best.find(other)
        if position < 0 or not re.match(r"\s*[-–—|｜:·•/ㅣ]", best[position + len(other):]):
            continue
        if position == 0 or re.search(r"[-–—|｜:·•/ㅣ]\s*$", best[:position]):
            best = other
    return best


_SECTION_PREFIX_MAX_WORDS = 4  # "أخبار مصر", "World News": a section's name, not a headline's words


def _without_kicker(title: str, others: Sequence[str]) -> str:
    """The part after a kicker ("Kicker: Headline") when another source has the same headline under
    a different kicker (then neither kicker is part of the headline), or has the bare headline
    and the kicker is a genre label or a short section's name set off by a bar or a spaced dash
    ("أخبار مصر | Headline"; a colon sets apart words of the headline as often as a kicker)."""
    for match in _KICKER_SEPARATOR.finditer(title):
        head, tail = title[: match.start()], title[match.end():]
        if len(compact(tail)) < 10 or len(head.split()) > 8:
            continue
        for other in others:
            if other == title or not other.endswith(tail):
                continue
            if other == tail and GENRE_LABEL.match(head):
                return tail  # "Tribune – Headline", "OPINION: Headline" beside the bare headline
            if other == tail and ":" not in match.group() and len(head.split()) <= _SECTION_PREFIX_MAX_WORDS \
                    and len(tail.split()) > len(head.split()):
                return tail  # "أخبار مصر | Headline" beside the h1's bare "Headline"
            other_head = other[: len(other) - len(tail)]
            head_key, other_key = compact(head), compact(other_head)
            if other_key and head_key not in other_key and other_key not in head_key \
                    and _KICKER_SEPARATOR.search(other_head[-4:]) is not None:
                return tail
    return title


def _authors(tree: HtmlElement, page: _PageMeta, site_name: str | Sequence[str] | None, host: str) -> list[str]:
    """Authors from JSON-LD, then author meta tags, then the page's byline elements, then
    trafilatura's byline guess, then a wire credit; guessed names must look like a person."""
    authors = clean_authors(page.ld_authors, site_name=site_name, host=host)
    if not authors:
        # none in JSON-LD, or only the publisher ("@type": "Organization"): the meta tags
        authors = clean_authors([a for a in page.all(*_AUTHOR_META) if not a.startswith(("http", "@"))],
                                site_name=site_name, host=host)
    if not authors:
        guessed = _trafilatura_byline_in_story(tree)
        marked = None  # the page's byline elements' texts: a walk of every element, read when asked
        if len(guessed.split()) >= 4 and (names := _names_run_together(guessed, marked := _byline_texts(tree))) \
                and not _writes_name_parts(tree):
            # the byline's names in elements of their own ("<div class="byline"><a>Lina Kassem</a>
            # <a>Omar Haddad</a></div>"): trafilatura's guess ran them into one name
            guessed = "; ".join(names)
        for guess in ([guessed], None):
            if guess is None:
                guess = marked if marked is not None else _byline_texts(tree)
            authors = clean_authors(guess, site_name=site_name, host=host)
            # a guess is trusted when it names at least one person (or is a wire credit)
            if any(is_person_like(a) for a in authors) or authors and all(is_wire_name(a) for a in authors):
                break
            authors = []
    if not authors:
        authors = _wire_credit(tree)
    return authors


# The separators of a meta line's parts: "اسم الكاتب · 2025-06-03 14:20 · 1,234 مشاهدة".
_META_LINE_SEPARATOR = re.compile(r"\s+[·•|｜]\s+")
_META_LINE_MAX_CHARS = 120


# Words of a section's name, which no one's name holds: the meta line under a headline often opens
# with the story's section ("أخبار محلية · 2025-03-02", "Faits Divers · 02/03/2025").
_SECTION_WORDS = frozenset(compact(word) for word in (
    "أخبار", "اخبار", "شؤون", "مقالات", "مقال", "قراءة", "قراءات", "تقارير", "تقرير", "رأي", "آراء", "الرأي",
    "اقتصاد", "الاقتصاد", "رياضة", "الرياضة", "منوعات", "ثقافة", "الثقافة", "فنون", "محليات", "حوادث",
    "تحقيقات", "ملفات", "قضايا", "متابعات", "صحة", "سياسة", "السياسة", "مجتمع", "المجتمع", "تكنولوجيا", "علوم",
    "تعليم", "فيديو", "صور", "حوارات", "عاجل", "دولي", "دولية", "عالمية", "محلية",
    "news", "opinion", "opinions", "sport", "sports", "politics", "business", "economy", "world", "local",
    "culture", "lifestyle", "health", "tech", "technology", "science", "entertainment", "breaking", "editorial",
    "analysis", "features", "société", "politique", "économie", "monde", "international", "nationale",
    "national", "régions", "actualité", "actualités", "faits", "divers", "chroniques", "chronique", "santé",
    "idées", "débats", "environnement", "reportages"))
# Where a page names its sections: its menus and its breadcrumb trail
_SECTION_CONTAINERS = etree.XPath(
    "//nav | //*[@role='navigation'] | //ul[contains(@class, 'menu')] | //*[contains(@class, 'breadcrumb')]"
    "[not(self::html or self::body or self::main or self::article)]")


# An opinion page's word in the section it declares (not its menus, which every page shares):
# "Opinion", "Tribunes", "آراء", "Chroniques"; and an opinion section's segment in its address:
# "/opinion/", "/tribunes/", "/رأي/", "/opinion-articles/" (a slug "opinion-poll-shows-…" is not one)
_OPINION_SECTION = re.compile(r"opinion|op-?ed|tribune|chronique|column|editorial|éditorial|رأي|اراء|آراء|مقالات",
                              re.IGNORECASE)
_OPINION_SEGMENT = re.compile(r"(opinions?|op-?eds?|tribunes?|chroniques?|columns?|columnists?|editorials?|"
                              r"éditoriaux|(ال)?رأي|اراء|آراء|مقالات|مقالات-الرأي|opinion-\w+|kuttab|araa)",
                              re.IGNORECASE)


# (not a bare "column" or "columns": the grid classes of Bulma, Foundation and their kind put every
# page's headline in one; "column" beside a writer's word names a writer's column: "writer-column",
# "author_column", "column-writer", "kateb-column", "writerColumn")
_OPINION_CLASS = re.compile(r"(?<![a-z])(opinion|opinions|op-ed|columnists?|column-article|tribune|chronique|editorial|"
                            r"maqal|kuttab|writer-article|author-article|"
                            r"(?:writers?|authors?|auteurs?|kateb|katib)[-_]?columns?|columns?[-_]?(?:writers?|authors?|"
                            r"auteurs?|kateb|katib))(?![a-z])", re.IGNORECASE)


def _is_opinion_page(url: str, page: _PageMeta, tree: HtmlElement) -> bool:
    """An opinion page (a column, a tribune): JSON-LD ``OpinionNewsArticle``, an ``og:type`` or
    a declared section (article:section, JSON-LD articleSection) naming opinion, or an opinion
    section's segment in the address's path, or a box around the headline named so (its
    class or id). The writer's unstarred note under the text is taken for these only."""
    if "opinionnewsarticle" in page.ld_types or "opinion" in (page.first("og:type") or "").lower():
        return True
    declared = page.ld_article.get("articleSection")
    sections = [*page.meta.get("article:section", []),
                *(value for value in (declared if isinstance(declared, list) else [declared]) if isinstance(value, str))]
    if any(_OPINION_SECTION.search(section) for section in sections):
        return True
    parts = split_url(url)
    path = urllib.parse.unquote(parts.path) if parts is not None else ""
    if any(_OPINION_SEGMENT.fullmatch(segment) for segment in path.split("/") if segment):
        return True
    # the story's own box named so: "<div class="opinion-article"><h1>…", "<article class="column">"
    headline = next(tree.iter("h1"), None)
    return headline is not None and any(
        _OPINION_CLASS.search(" ".join(filter(None, (box.get("class"), box.get("id")))))
        for box in headline.iterancestors() if box.tag not in {"body", "html"})


def _section_names(tree: HtmlElement, page: _PageMeta) -> set[str]:
    """The compacted names the page gives its sections: article:section, JSON-LD articleSection,
    and every text in its menus and breadcrumb trail (linked or not)."""
    names = {compact(value) for value in page.meta.get("article:section", [])}
    declared = page.ld_article.get("articleSection")
    for value in declared if isinstance(declared, list) else [declared]:
        if isinstance(value, str):
            names.add(compact(value))
    for container in _SECTION_CONTAINERS(tree):
        names.update(compact(text) for text in container.itertext())
    return names - {""}


def _meta_line_author(tree: HtmlElement, page: _PageMeta, shown: _ShownDates, published_raw: str | None,
                      site_name: str | Sequence[str] | None, host: str) -> list[str]:
    """The name opening the meta line under the headline, its parts set apart by "·", "•" or "|"
    ("<p class="text-muted">محمد السقاف · 2025-06-03 14:20 · 1,234 مشاهدة</p>", as Bootstrap and
    many blog templates write a post's meta), for a page that names its author nowhere else: the
    first part, when a later one holds the date the page was read as published, and the first
    names a person (two to five words, no digits) that is no link's text on the page and no
    section's name: not the page's section (article:section, JSON-LD articleSection), no text of
    its menus or breadcrumb trail ("عربي ودولي" is in its menu), and no words a section's name is
    made of (:data:`_SECTION_WORDS`: "أخبار محلية", "مقالات الرأي", "Faits Divers").

    A line break sets the parts apart too when the first opens with a by-word ("<p>By Jane
    Doe<br>Published: 12 May 2025</p>", a print view's meta block): without one, the line over a
    date line is as often a kicker or the section's name."""
    blocks = shown.after_headline_elements
    if not published_raw or not blocks:
        return []
    line = " ".join(blocks[0][1].split())
    if len(line) > _META_LINE_MAX_CHARS:
        return []
    parts = _META_LINE_SEPARATOR.split(line)
    if len(parts) < 2 and isinstance(blocks[0][0].tag, str) and opens_with_by_word(
            (lines := _lines_at_breaks(blocks[0][0]) or [""])[0]):
        parts = lines
    if len(parts) < 2 or not any(published_raw in part for part in parts[1:]):
        return []
    if published_raw in parts[0]:
        return []
    # without a by-word, and never a desk ("Par Rédaction"): as any byline is cleaned
    names = clean_authors([parts[0].strip()], site_name=site_name, host=host)
    link_texts = {compact(shown_text(link)) for link in tree.iter("a")}
    if len(names) != 1 or not is_person_like(names[0]) or compact(names[0]) in link_texts:
        return []
    if any(compact(word) in _SECTION_WORDS for word in names[0].split()) or \
            compact(names[0]) in _section_names(tree, page):
        return []
    return names


# The parts of one name in elements of their own: "<span class="author-first">Abdul Rahman</span>
# <span class="author-last">Al Rashed</span>", "first-name", "family_name", itemprop="givenName".
_NAME_PART_NAMES = re.compile(r"(?:first|last|given|family|middle|sur)[-_]?name|(?:author|writer|byline)[-_]?"
                              r"(?:first|last)(?![a-z])", re.IGNORECASE)


def _writes_name_parts(tree: HtmlElement) -> bool:
    """Whether the page writes a name's parts in elements of their own (``_NAME_PART_NAMES``): the
    byline elements it joins are then one name, not several."""
    return any(_NAME_PART_NAMES.search(" ".join(filter(None, (element.get("class"), element.get("itemprop")))))
               for element in tree.xpath("//*[@class or @itemprop]"))


def _names_run_together(guess: str, marked: Sequence[str]) -> Sequence[str] | None:
    """The texts of consecutive byline elements (``marked``: :func:`_byline_texts`), two or more,
    that make up ``guess`` between them, or ``None``."""
    key = compact(guess)
    return next((marked[start:end] for start in range(len(marked)) for end in range(start + 2, len(marked) + 1)
                 if compact("".join(marked[start:end])) == key), None)


# The elements whose first text node holds $name ("//*[contains(text(), $name)]": the same nodes, a
# third of libxml2's time)
_HOLDING_AS_TEXT = etree.XPath("/descendant::*[contains(text(), $name)]")


def _trafilatura_byline_in_story(tree: HtmlElement) -> str:
    """trafilatura's byline guess, unless the page writes it only in its comment section or in
    the cards of other stories (its author XPaths match WordPress's "comment-author", and a
    sidebar's "writer" card of another columnist, as they match the story's "author"), or
    beside an e-mail address, also in a link, or a handle (the guess reads "name@site.com" as more
    name: "Lina Kassem Com"), or in a credit line under a source label ("المصدر: وكالة …"): the page's own
    byline is then read with the address or the label taken out."""
    guess = _trafilatura_byline(tree) or ""
    if guess:
        holders = _HOLDING_AS_TEXT(tree, name=guess.split()[0])
        _, h1_depths, story_depth = _headline_context(tree)
        if holders and all(_in_comments(holder) or _in_date_chrome(holder, h1_depths, story_depth, before_h1=False)
                           for holder in holders):
            return ""
        if any(EMAIL_ADDRESS.search(text := holder.text or "") or holder.tag != "script" and (
                len(text) <= 200 and (HANDLE.search(text) or SOURCE_LABEL.match(text.strip()))
                or len(whole := holder.text_content()) <= 300 and EMAIL_ADDRESS.search(whole)
                or _handle_beside(holder)) for holder in holders):
            # "… naeemalhakim@", "المصدر: وكالة …": read from the page's own byline; also an address in
            # a link of the byline's ("Rana Haddad | <a href="mailto:…">rana.haddad@…</a>", or the
            # one Cloudflare hid, written out: :func:`_decode_protected_emails`)
            return ""
        guess = "; ".join(_once(_without_mail_link_words(name, tree), tree) for name in guess.split("; "))
        words = guess.split()
        if len(words) > 2 and words[-1].casefold() in {"le", "on", "am", "du", "vom", "el"} and any(
                re.search(rf"(?<!\w){re.escape(words[-1])}\s*\d", _date_text(holder)) for holder in holders):
            # "Par <span>Mohamed Alaoui</span><span>Le 13/05/2025</span>": the guess took the date's
            # "Le" into the name and left the date out
            guess = " ".join(words[:-1])
        guess = "; ".join(_as_written(name, holders) for name in guess.split("; "))
    return guess


def _held_alone(text: str, tree: HtmlElement) -> bool:
    """Whether an element of the page holds ``text`` and nothing else (spaces aside)."""
    return bool(tree.xpath("boolean(//*[normalize-space(.) = $text])", text=text))


def _once(name: str, tree: HtmlElement) -> str:
    """``name`` written once: the guess joins a byline block's name and its link repeating it
    ("<span>Lina Kassem</span> <a>Lina Kassem</a>" gave "Lina Kassem Lina Kassem"). Only a name of
    two words or more that an element of the page holds alone: "Abdullah Abdullah", "محمد علي محمد
    علي" in one element are names."""
    words = name.split()
    half = len(words) // 2
    if half < 2 or len(words) % 2 or words[:half] != words[half:]:
        return name
    single = " ".join(words[:half])
    return single if _held_alone(single, tree) else name


def _without_mail_link_words(name: str, tree: HtmlElement) -> str:
    """``name`` without the label of a mail link that closes it, the name standing alone in an
    element before it: the guess joins the two ("<span>سارة العتيبي</span> <a href="mailto:…">راسلي
    الكاتبة</a>" gave "سارة العتيبي راسلي الكاتبة"). A co-author's name in the link ("بقلم سارة
    العتيبي و<a href="mailto:…">فهد البقمي</a>") follows no name of its own element."""
    for link in tree.xpath("//a[starts-with(normalize-space(@href), 'mailto:')]"):
        label = " ".join(link.text_content().split())
        rest = name[:-len(label)].strip() if label and name.endswith(" " + label) else ""
        if len(rest.split()) >= 2 and _held_alone(rest, tree):
            return rest
    return name


def _handle_beside(holder: HtmlElement) -> bool:
    """Whether the writer's handle stands in its own element beside the name, in the byline's
    short block ("<span>فهد البقمي (جدة)</span> <a href="https://x.com/…">fahad_okaz@</a>"): the
    guess reads the handle as more name ("فهد البقمي Fahad Okaz")."""
    parent = holder.getparent()
    if parent is None or holder.tag == "script":
        return False
    block = parent.text_content()
    return len(block) <= 200 and HANDLE.search(block) is not None and HANDLE.search(holder.text_content()) is None


def _as_written(name: str, holders: Sequence[HtmlElement]) -> str:
    """``name`` as the page writes it: trafilatura's guess drops the period of an initial
    ("Doaa A. Moneim" became "Doaa A Moneim"); the page's spelling, with the periods between the
    same words, is taken back."""
    words = name.split()
    if len(words) < 2 or not any(len(word) == 1 for word in words):
        return name
    written = re.compile(r"(?<!\w)" + r"\.?\s*".join(re.escape(word) for word in words) + r"(?!\w)")
    for holder in holders:
        if holder.tag != "script" and (found := written.search(holder.text or "")):
            return re.sub(r"\s+", " ", found.group())
    return name


# An element its class names as the byline: "author", "byline", and the words Arabic CMSs use
# ("reporter-name", "kateb", "katib", "writer", "correspondent"); not "editor" (an editor is not
# an author) nor "writers" (a list of columnists).
_AUTHOR_ELEMENT = re.compile(r"(?:^|[\s_-])(?:author|authors|byline|autor|auteur|writer|reporter|kateb|katib|"
                             r"correspondent)(?:$|[\s_-])", re.IGNORECASE)
# (and the writer's job under the name: "<p class="writer-job">كاتب وباحث سياسي، أستاذ …</p>")
_NOT_A_BYLINE = re.compile(r"bio|desc|about|avatar|image|img|photo|date|time|social|follow|box|wrap|url|more|"
                           r"job|occupation|fonction", re.IGNORECASE)


_AUTHOR_PAGE = re.compile(r"/(?:authors?|autor(?:en)?|auteurs?|journalists?|writers?|columnists?|kuttab|katib)/[^/?#]+",
                          re.IGNORECASE)


# The text of a link to the author's page that is not the name.
_MORE_BY = re.compile(r"^(?:all|more|view|see|read|voir|tous|toutes|plus|lire|جميع|كل|المزيد|مزيد|عرض|اقرأ)\b\W*\w",
                      re.IGNORECASE)


@functools.lru_cache(maxsize=2048)  # a page's elements repeat a few hundred class/id pairs
def _names_a_byline(names: str) -> bool:
    """An element's classes and id (joined) name it as the byline."""
    return bool(_AUTHOR_ELEMENT.search(names)) and not _NOT_A_BYLINE.search(names)


_NO_ATTRIBUTES: dict[str, str] = {}


def _byline_texts(tree: HtmlElement) -> list[str]:
    """Texts of the elements the page marks as its byline (rel=author, itemprop=author,
    class "author"/"byline", links to an author page, a labelled field) or that open with a
    by-word above the story, innermost first, each short enough to be names."""
    texts: list[str] = []
    story_started = False
    headline_context = None
    story_share = None
    for element in tree.iter(etree.Element):
        # (this walks every element of the page: its tag and attributes are read once each, lxml
        # making a new string at every read)
        tag = element.tag
        if tag in {"meta", "link", "script", "style", "img"}:
            continue
        get = dict(attributes).get if (attributes := element.items()) else _NO_ATTRIBUTES.get
        classes, element_id = get("class"), get("id")
        names = f"{classes} {element_id}" if classes and element_id else classes or element_id or ""
        marked = (get("rel") == "author" or (get("itemprop") or "").lower() == "author"
                  or (names and _names_a_byline(names))
                  or tag == "a" and _AUTHOR_PAGE.search(get("href") or ""))
        if marked and _in_comments(element):
            continue  # a reader's name: "<div class="comment-author vcard"><b class="fn">Name</b> dit :"
        if marked:
            headline_context = headline_context or _headline_context(tree)
            story_share = story_share or _story_share(tree)
            if _in_another_article(element, headline_context[0]):
                continue  # the next story an infinite scroll appended below, with its own byline
            if _in_date_chrome(element, headline_context[1], headline_context[2], before_h1=False,
                               story_share=story_share):
                continue  # another story's card: a sidebar's "<span class="writer">" of another columnist
        if not marked:
            label = (element.text or "").strip()
            if tag == "p" and not story_started and not _in_overlay_or_header(element):
                story_started = len(label) >= 150 or len(shown_text(element)) >= 150
            if (label and not story_started and tag in _BYLINE_LINE_TAGS and _BYLINE_OPENING.match(label)
                    and 3 <= len(text := _date_text(element)) <= 80 and text not in texts):
                # a line above the story that opens with its by-word: "<span class="writeBy">كتبت
                # منى أحمد</span>"; below it, such lines are other stories' teasers
                texts.append(text)
                continue
            if label and len(label) <= 20 and _BYLINE_LABEL.match(label):
                if len(element) and tag not in _LABEL_TAGS | {"dd", "td"}:
                    if story_started:
                        continue  # below the story: another story's card
                    # the label and the name in one element: "<div class="submitted">By <a>Name</a></div>",
                    # often with dates after the name ("Publié par … le 04/11/2024 à 09h15 · Mis à jour …")
                    labelled, longest = _date_text(element), 120
                elif tag in _LABEL_TAGS:
                    # a labelled field: "<strong>Autorin/Autor</strong> Name", "<dt>الكاتب</dt><dd>…"
                    following = element.getnext()
                    labelled = (element.tail or "").strip(" :\n\t") or (_date_text(following) if following is not None else "")
                    longest = 80
                else:
                    continue
                if 3 <= len(labelled) <= longest and labelled not in texts:
                    texts.append(labelled)
            continue
        # children apart: "<span>Name</span><span>Le 13/05/2025</span>" is a name and a date
        text = _date_text(element)
        if _MORE_BY.match(text):
            continue  # "جميع مقالات الكاتب", "All articles by …": a link to the author's page, not a name
        if 3 <= len(text) <= 80 and text not in texts:
            texts.append(text)
        if len(texts) >= 6:
            break
    # the innermost elements name the people; their containers add labels and dates
    return [t for t in texts if not any(t != other and other in t for other in texts)][:3]


# The page's chrome around the story, whose paragraphs do not start it: a cookie or consent
# banner at the top of <body> ("didomi-host", "cookie-banner"), a pop-up, the site's header.
_OVERLAY_TOKENS = frozenset({"consent", "cookie", "cookies", "gdpr", "didomi", "onetrust", "cmp", "banner", "popup",
                             "modal", "overlay", "dialog", "header", "masthead", "topbar", "nav", "navbar", "menu"})
_OVERLAY_ROLES = frozenset({"dialog", "alertdialog", "banner", "navigation"})


def _in_another_article(element: HtmlElement, headline: HtmlElement | None) -> bool:
    """Whether ``element`` lies in an ``<article>`` other than the one holding the headline: the
    next story a theme's infinite scroll loads below the first (WordPress "auto load next post",
    Jannah's and JNews's autoload), a whole article with its own headline and byline. ``False``
    when the headline is in no ``<article>``."""
    if headline is None:
        return False
    own = next(headline.iterancestors("article"), None)
    if own is None:
        return False
    other = next(element.iterancestors("article"), None)
    return other is not None and other is not own and own not in set(other.iterancestors())


def _in_overlay_or_header(element: HtmlElement) -> bool:
    """True when ``element`` is in (or is) a consent banner, a pop-up or the page's header."""
    for node in (element, *element.iterancestors()):
        if node.tag in {"header", "nav", "dialog"} or (node.get("role") or "").lower() in _OVERLAY_ROLES:
            return True
        names = " ".join(filter(None, (node.get("class"), node.get("id"))))
        if names and _names_overlay(names):
            return True
    return False


@functools.lru_cache(maxsize=1024)  # (asked of the ancestors of every paragraph above the story)
def _names_overlay(names: str) -> bool:
    """Whether these classes and id name a consent banner, a pop-up or the header (_OVERLAY_TOKENS)."""
    return bool({t.lower() for t in re.split(r"[\s\-_]+", names) if t} & _OVERLAY_TOKENS)


# The comment sections of CMS templates (WordPress "comment-author vcard", "commentlist",
# "comments-area", Disqus, "#respond"); "commentary" (an opinion rubric) is not one.
_COMMENTS_NAME = re.compile(r"(?<![a-z])(?:comments?|commentlist|commentaires?|disqus|respond|reactions?)(?![a-z])",
                            re.IGNORECASE)


def _in_comments(element: HtmlElement) -> bool:
    """True when ``element`` is in (or is) a comment section."""
    while element is not None:
        names = element.get("class") or ""
        if element.get("id"):
            names += " " + element.get("id")
        if names and _COMMENTS_NAME.search(names):
            return True
        element = element.getparent()
    return False


_LABEL_TAGS = {"strong", "b", "dt", "th", "span", "label"}
_BYLINE_LABEL = re.compile(r"^(?:authors?|autor(?:in)?(?:/autor)?|autoren|auteurs?|written by|posted by|submitted by|soumis par|by|par|"
                           r"(?:publié|rédigé|écrit)e?s?\s+par|von|"
                           r"بقلم|بواسطة|الكاتب|الكاتبة|كتب|كتبت|إعداد|المؤلف)\s*[:,،]?$", re.IGNORECASE)


# A by-word and then a name, in an element that is not a story paragraph ("كتب الوزير …" opens news).
_BYLINE_OPENING = re.compile(r"^(?:by|par|von|بقلم|بواسطة|كتب|كتبت|كتبه)\s*[:\-–—ـ/]?\s+[^\W\d_]", re.IGNORECASE)
_BYLINE_LINE_TAGS = {"div", "span", "small", "address", "em", "i", "strong", "b", "h4", "h5", "h6", "font"}


_BYLINE_CLASS = re.compile(r"author|byline|writer|source|credit|meta", re.IGNORECASE)


def _wire_credit(tree: HtmlElement) -> list[str]:
    """A wire agency credited in a short byline/meta line ("وكالات - الخميس 15 مايو 2025")."""
    for element in tree.iter("p", "div", "span", "small"):
        names = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if not names or not _BYLINE_CLASS.search(names):
            continue
        if _PICTURE_CLASS.search(names) or next(element.iterancestors("figure", "figcaption"), None) is not None:
            continue  # a photo's credit ("رويترز" under a picture) is not the story's
        text = shown_text(element)
        if not text or len(text) > 120:
            continue
        for part in re.split(r"\s+[-–—|·/]\s+|\s*[|·]\s*", text):
            part = SOURCE_LABEL.sub("", part.strip(" :"))  # "المصدر: وكالات", "Source : AFP"
            if is_wire_name(part):
                return [part]
    return []


_PICTURE_CLASS = re.compile(r"photo|image|img|picture|caption|gallery", re.IGNORECASE)


# The day of the Unix epoch: a CMS's unset timestamp (0) rendered as a date, in UTC or in the site's zone
_EPOCH_DAY = date(1970, 1, 1)


def _is_unset_timestamp(parsed: datetime) -> bool:
    """``parsed`` (a date field's value) falls on the Unix epoch's day, by its own clock or in UTC
    ("1970-01-01T00:00:00+00:00", "1970-01-01T03:00:00+03:00", "1969-12-31T19:00:00-05:00",
    "1970-01-01"): a CMS's unset timestamp (0), not a date the page was published or modified on."""
    if parsed.date() == _EPOCH_DAY:
        return True
    return parsed.tzinfo is not None and parsed.utcoffset() is not None \
        and parsed.astimezone(UTC).date() == _EPOCH_DAY


def _normalise_date(value: str | None, languages: Sequence[str], default_tz: str | None) -> str | None:
    """A date field's value (JSON-LD, meta tag, attribute, sitemap) as UTC ISO 8601; ``None`` for a
    value that is no date, or the Unix epoch's day (:func:`_is_unset_timestamp`)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit() and len(value) in (10, 13):
        # epoch seconds or milliseconds: unambiguous in a field declared as a date (parse_date
        # refuses them, being also given visible text, where such a number is an id)
        moment = datetime.fromtimestamp(int(value[:10]), UTC)
        return to_utc_iso(moment, default_tz) if 2000 <= moment.year < 2100 else None
    parsed = parse_date(value, languages=tuple(languages), default_tz=default_tz)
    if parsed is None or _is_unset_timestamp(parsed):
        return None
    return to_utc_iso(parsed, default_tz)


# The text nodes of the headlines and paragraphs ("//h1//text() | //p//text()": the same nodes, in
# less of libxml2's time)
_HEADLINE_AND_PARAGRAPH_TEXTS = etree.XPath("/descendant::h1/descendant::text() | /descendant::p/descendant::text()")


class _ShownDates:
    """Where the page shows its dates, read once for the published and the modified date (both
    fall back to them on a page without date metadata), the order it writes its numeric dates in
    (:meth:`day_first`) and the profile's languages as they speak for its dates
    (:attr:`date_languages`)."""

    def __init__(self, tree: HtmlElement, page: _PageMeta | None = None, url: str | None = None,
                 languages: Sequence[str] = ()) -> None:
        self.tree = tree
        self.page = page
        self.url = url
        self.languages = languages

    @cached_property
    def date_languages(self) -> tuple[str, ...]:
        """The profile's languages for this page's dates: a region ("en-US") holds only when the
        page is in its language, and the page's language speaks too (:func:`crawler.dates.page_languages`;
        a profile ``("ar", "en-US")`` reads an Arabic page's "06/03/2025" day first, and Kurmanji
        month names are read on a Kurdish page only). The page's language is chosen as for the
        article (:func:`crawler.language.choose_language`), from its declaration and the text of
        its headline and paragraphs (its whole text when it has few): the body is not extracted
        yet. It is chosen only where it can change a reading: under a profile with a region, or
        on a page declared Kurdish under a profile that is not (Kurmanji, in Latin letters, is
        known by its declaration only)."""
        declared = _declared_language(self.page) if self.page is not None else None
        regional = any("-" in tag for tag in (language_tag(lang) or "" for lang in self.languages))
        kurdish = normalise_language_code(declared) == "ku" \
            and all(normalise_language_code(lang) != "ku" for lang in self.languages)
        if not regional and not kurdish:
            return tuple(self.languages)
        text = " ".join(_HEADLINE_AND_PARAGRAPH_TEXTS(self.tree))
        if len(text) < 500:
            text = " ".join(self.tree.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))
        text = text[:20_000]
        return page_languages(self.languages, choose_language(text, declared, tuple(self.languages)))

    @cached_property
    def _numeric_orders(self) -> dict[str, set[bool]]:
        return _numeric_date_orders(self.tree, self.page, self.url)

    def day_first(self, separator: str) -> bool | None:
        """The order of the page's numeric dates written with ``separator`` that read both ways
        ("06/03/2025"), as its date elements tell it (:func:`_numeric_date_orders`), or ``None``:
        a page that tells nothing, or both orders. Asked only when such a date is read; with
        ``None``, :mod:`crawler.dates` reads :attr:`date_languages` (day first, unless the page is
        in the language of a profile's US region)."""
        told = self._numeric_orders.get(separator, set())
        return next(iter(told)) if len(told) == 1 else None

    @cached_property
    def texts(self) -> list[str]:
        return _visible_date_texts(self.tree)

    @cached_property
    def after_headline_elements(self) -> list[tuple[HtmlElement, str]]:
        return _after_headline_elements(self.tree)

    @cached_property
    def after_headline_blocks(self) -> list[str]:
        return [chunk for _, chunk in self.after_headline_elements]

    @cached_property
    def after_headline(self) -> str:
        return " ".join(self.after_headline_blocks)[:800].strip()

    @cached_property
    def before_headline(self) -> list[str]:
        return _before_headline_lines(self.tree)

    @cached_property
    def zoned_moments(self) -> list[datetime]:
        """The times the page shows with a zone written beside them ("10:00 بتوقيت مكة",
        "05:39 GMT"), in its date elements and around its headline (chrome left out); after the
        headline only as the page's own date is read there (:func:`_on_a_date_line`,
        :func:`_in_a_line_before_the_prose`): a kick-off "at 10:00 AM (KSA)" in the lede is an
        event's time, no word on the clock of the page's date fields."""
        moments: list[datetime] = []
        after = self.after_headline
        for text in [*self.texts, *self.before_headline, after]:
            start = 0
            while start < len(text) and (found := find_date_in_text(text[start:], languages=tuple(
                    self.date_languages))):
                moment, raw = found
                if isinstance(moment, datetime) and not isinstance(moment, DateOnly) \
                        and moment.tzinfo is not None and (
                            text is not after or _on_a_date_line(raw, self.after_headline_blocks)
                            or _in_a_line_before_the_prose(raw, self.after_headline_blocks)):
                    moments.append(moment)
                position = text.find(raw, start)
                if position < 0:
                    break
                start = position + len(raw)
        return moments


def _zoned_as_shown(value: str, shown: _ShownDates) -> str | None:
    """A date field's value written without a zone ("datePublished": "2025-06-02T10:00:00"), in
    UTC ISO 8601 by the zone the page writes beside the same day and time where it shows its
    date ("2 يونيو 2025 10:00 بتوقيت مكة", "10:00 (GMT+3)") — the page's own word on that clock,
    before the site profile's zone; ``None`` when the value has a zone of its own or the page
    shows that time with none. (A value in UTC that the page shows at the same clock time in
    another zone, "…T10:00:00Z" over "10:00 بتوقيت مكة", stays UTC: either may be the one that is
    wrong, a CMS writing local time as UTC or a template labelling UTC times with the local zone.)"""
    parsed = parse_date(value.strip(), languages=tuple(shown.date_languages))
    if not isinstance(parsed, datetime) or parsed.tzinfo is not None or isinstance(parsed, DateOnly):
        return None
    for moment in shown.zoned_moments:
        if moment.replace(tzinfo=None, second=0, microsecond=0) == parsed.replace(second=0, microsecond=0):
            return to_utc_iso(moment, None)
    return None


def _published_date(tree, page: _PageMeta, sitemap_entry, languages, default_tz,
                    url: str | None, shown: _ShownDates, fetched_at: str | None = None,
                    passed_over: list[str] | None = None) -> tuple[str | None, str | None]:
    """``(raw, UTC ISO)`` of the story's publication date: metadata, then the title's and the shown
    dates, the dates around the headline and the address. A date more than a day after
    ``fetched_at`` (:func:`crawler.dates.later_than_fetch`: "datePublished": "2031-…") gives way to
    the next source (and "published" is added to ``passed_over``); it is returned only when no
    source gives an earlier one."""
    later: tuple[str, str] | None = None  # the first date later than the fetch
    for found in _published_dates(tree, page, sitemap_entry, default_tz, url, shown):
        if not later_than_fetch(found[1], fetched_at):
            if later is not None and passed_over is not None:
                passed_over.append("published")
            return found
        later = later or found
    return later or (None, None)


def _published_dates(tree, page: _PageMeta, sitemap_entry, default_tz, url: str | None, shown: _ShownDates):
    """The candidates for :func:`_published_date`, ``(raw, UTC ISO)``, in order of trust."""
    languages = shown.date_languages  # (the profile's, its region only for a page in its language)
    candidates: list[str] = []
    for key in ("datePublished", "dateCreated", "uploadDate"):
        value = _ld_str(page.ld_article.get(key))
        if value:
            candidates.append(value)
    candidates += page.all(*_PUBLISHED_META)
    if machine := _machine_date(tree):
        candidates.append(machine)
    if sitemap_entry.get("news_publication_date"):
        candidates.append(sitemap_entry["news_publication_date"])
    for value in candidates:
        normalised = _normalise_date(value, languages, default_tz)
        if normalised:
            yield value, _zoned_as_shown(value, shown) or normalised
    # a date the page writes into its own title ("Headline | DW | 28.04.2023") beats dates
    # shown on the page, which may belong to teasers of other stories
    titles = [t for t in (page.first("og:title"), _html_title(tree)) if t]
    for index, text in enumerate(titles + shown.texts):
        found = _first_date_not_updated(text, languages, default_tz, shown)
        if found:
            if index < len(titles):
                # a day in the headline ("أسعار الذهب اليوم الأحد 12 مايو", "مواعيد مباريات الإثنين
                # 13 مايو": tomorrow's fixtures) gives way to the time the page shows it was
                # published, within a day of it; and to the page's own date line further away (the
                # headline announces an exam "يوم 12 يونيو 2025" or recalls an earthquake)
                found = _shown_time_near(found, shown.texts, languages, default_tz, shown)
                if found is None:
                    continue
            moment, raw = found
            normalised = to_utc_iso(moment, default_tz)
            if normalised:
                yield raw, normalised
    # the date in the page's address ("/2024/04/21/…") is the publisher's, a day without a time;
    # the dates around the headline (a date line above it, the text after it, which may be the
    # story's own prose with the dates of the events it reports) only refine it, with the time
    # of that same day ("/2024-05-12/…" and "نشر في: 12 مايو 2024 | 09:15 ص")
    from_url = _url_date(url)
    for moment, raw in _headline_zone_dates(shown, languages, default_tz):
        if from_url is not None and (isinstance(moment, DateOnly) or moment.date().isoformat() != from_url[1]):
            continue
        if normalised := to_utc_iso(moment, default_tz):
            yield raw, normalised
    if from_url is not None:
        yield from_url


_BY_WORD_START = re.compile(r"^(?:by|par|von|بقلم|كتب|كتبت|إعداد|" + OTHER_BY_WORDS + r")\s*[:：\-–]?\s+",
                            re.IGNORECASE)


_SIGNATURE_MAX_WORDS = 4
# class words of a signature's element: "signature", "author-name", "post-byline" (whole words:
# "design" or "assignment" is no "sign")
_SIGNATURE_CLASS_WORDS = frozenset({"sign", "signature", "signed", "author", "auteur", "byline", "writer",
                                    "kateb", "katib"})
_CLASS_WORD_SPLIT = re.compile(r"[\s_\-]+")
# Capitalised closing lines that are a page's furniture, not a person: "Follow Us", "Read More",
# "The End", "Lire aussi".
_NOT_NAME_WORDS = frozenset({
    "the", "end", "follow", "us", "read", "more", "share", "this", "subscribe", "now", "here", "click", "related",
    "news", "article", "articles", "story", "stories", "comments", "comment", "tags", "top", "back", "next",
    "previous", "source", "sources", "photo", "photos", "video", "videos", "all", "rights", "reserved", "contact",
    "home", "page", "lire", "aussi", "suivez", "nous", "partager", "plus", "voir", "fin", "suite"})
_EMPHASIS_TAGS = frozenset({"strong", "b", "em", "i"})
# A wish or a salute closing a story, capitalised like a name and shown alone in bold as a signature
# is: a feast's greeting ("Eid Mubarak", "Aïd Moubarak Saïd", "Ramadan Kareem" — its words are also
# given names and surnames, so the greeting is read as a whole line) or a line that wishes ("Vive le
# Roi", "Long Live the King", "Happy New Year", "Bonne fête"). (With its "!", no line is read as a name.)
_CLOSING_WISH = re.compile(
    r"^(?:(?:eid|aid|aïd|ramadan|ramadhan|ramdan)\s+(?:al[- ]\w+\s+)?(?:mubarak|moubarak|moubarek|kareem|karim|"
    r"sa[iï]d|saeed)(?:\s+\w+)?|(?:vive|vivent|long live|happy|merry|bonne|bon|joyeux|joyeuse|heureuse)\s.+)$",
    re.IGNORECASE)


def _closing_signature(tree: HtmlElement, line: str) -> str | None:
    """The writer's name closing the story as its signature, on a page that names no author: a
    line of two to four words that reads as a person's name, shown on its own in bold or italics
    or in an element classed as a signature or byline. ``None`` otherwise (a name in a sentence,
    a place in plain text)."""
    name = line.strip(" \t-–—*_")
    words = name.split()
    if len(words) > _SIGNATURE_MAX_WORDS or not is_person_like(name) or re.search(r"[.!?؟:،,;]", name):
        return None
    if clean_authors([name]) != [name]:
        return None  # a wire, a publisher, a desk or a title, not a person's name
    if _CLOSING_WISH.match(name):
        return None  # a wish or a salute closing the story in bold ("Eid Mubarak", "Vive le Roi")
    # Bold or italics alone say "a name" only where capitals do too: in Arabic any two to four
    # words pass is_person_like ("حفظ الله الأردن", "انتهى الخبر"), and "Follow Us" is capitalised.
    cased = any(ch.isupper() for ch in name) and not any(word.casefold() in _NOT_NAME_WORDS for word in words)
    # (the elements whose own text holds the name's first word, then their parents: cheap)
    for holder in tree.xpath("//body//*[text()[contains(., $word)]]", word=words[0]):
        for element in (holder, holder.getparent()):
            if element is None or shown_text(element).strip(" -–—*_") != name:
                continue
            if _SIGNATURE_CLASS_WORDS & set(_CLASS_WORD_SPLIT.split((element.get("class") or "").lower())):
                return name
            if cased and (element.tag in _EMPHASIS_TAGS or (
                    len(element) == 1 and element[0].tag in _EMPHASIS_TAGS and not (element.text or "").strip())):
                return name
    return None


def _set_apart_as_byline(tree: HtmlElement, line: str, credit: Sequence[str], authors: Sequence[str]) -> bool:
    """Whether the page says that a first line of the bare "Name - City" form (``credit``: the name)
    is the byline: its element, or one of the two around it holding nothing else, is classed as a
    byline, signature or writer ("<td class="writer"><b>سالم الدوسري - الدمام</b>"), or the page's
    authors name the same person. Capitals and word counts cannot tell a reporter from an event
    or a subject over its city ("Climate Summit - Dubai", "مؤتمر المانحين - بروكسل"): with nothing
    from the page, the line is the story's kicker, and stays text."""
    if {compact(name) for name in credit} & {compact(author) for author in authors}:
        return True
    shown = line.strip()
    words = shown.split()
    if not words:
        return False
    for holder in tree.xpath("//body//*[text()[contains(., $word)]]", word=words[0]):
        if compact(shown_text(holder)) != compact(shown):
            continue
        for element in [holder, *list(holder.iterancestors())[:2]]:
            if compact(shown_text(element)) != compact(shown):
                break  # (a wrapper of more than the line: "post-author-article" around the story)
            if _SIGNATURE_CLASS_WORDS & set(_CLASS_WORD_SPLIT.split((element.get("class") or "").lower())):
                return True
    return False


def _is_signature_of(line: str, authors: Sequence[str]) -> bool:
    """``line`` is the name of one of the persons among ``authors`` alone, or a by-word and their
    names; not a wire ("AFP" alone under the story is its credit, and stays)."""
    persons = [author for author in authors if not is_wire_name(author)]
    if not persons:
        return False
    named = compact(line.strip(" \t-–—*_.،,"))
    return (any(named == compact(person) for person in persons) or _is_byline_of(line, persons)
            or _is_initials_of(line, persons))


# A writer's initials signing the story, alone on the last line: "I. B.", "(I.B.)", "— J.-P. D.",
# "Ch. B." (a letter or two a part, each part capitalised, a full stop after the first)
_INITIALS_LINE = re.compile(r"^(?:[^\W\d_]{1,2}\.(?:\s*+-)?\s*+){1,3}[^\W\d_]{1,2}\.?$")


def _is_initials_of(line: str, persons: Sequence[str]) -> bool:
    """``line`` is the initials of one of ``persons`` alone ("I. B." under a story Imed Bahri signs):
    the first letters of all of the name's parts, or of its first and last ("M. A." or "M. B. A."
    for Mohamed Ben Ali). Initials of no author ("J. M.", "U.S.") are the story's, or another's.
    Initials are capital letters: a script without capitals writes a wire's abbreviation this way,
    which is the story's credit ("(أ.ف.ب)", "(أ.ب)" under a story أحمد بدر signs), as is a wire's
    in capitals ("A.P.")."""
    shown = line.strip(" \t-–—*_()[]")
    if len(shown) > 16 or not _INITIALS_LINE.match(shown) or is_wire_name(shown):
        return False
    parts = re.findall(r"[^\W\d_]+", shown)
    if not all(part[0].isupper() for part in parts):
        return False
    letters = "".join(part[0] for part in parts).casefold()
    for person in persons:
        # the name's parts, a hyphen's included ("Jean-Pierre"); particles in lower case are no part
        names = [part for part in re.findall(r"[^\W\d_]+", person) if not part[0].islower()]
        if len(names) < 2:
            continue
        if letters in {"".join(part[0] for part in names).casefold(), (names[0][0] + names[-1][0]).casefold()}:
            return True
    return False


# A link to the comments closing a byline's line, with their count: "… | Commentaires (3)",
# "· 12 comments", "| التعليقات (٣)".
_COMMENT_COUNT_TAIL = re.compile(
    r"\s+[|·•]\s*(?:[\d٠-٩]+\s+)?(?:commentaires?|comments?|réactions?|(?:ال)?تعليقات|تعليق)"
    r"(?:\s*\(\s*[\d٠-٩]+\s*\))?\s*$", re.IGNORECASE)


def _is_byline_of(line: str, authors: Sequence[str]) -> bool:
    """``line`` is a by-word and the names of ``authors``, and nothing else (its date and the count
    of its comments aside: "Par Nadya Jennene - Publié le 14/05/2025 à 10h15 | Commentaires (3)")."""
    line = _COMMENT_COUNT_TAIL.sub("", line)
    if len(line.split()) > 10 or not _BY_WORD_START.match(line):
        return False
    named = clean_authors([line])
    return bool(named) and {compact(name) for name in named} <= {compact(author) for author in authors}


def _shown_time_near(found: tuple, texts: Sequence[str], languages, default_tz, order: _ShownDates) -> tuple | None:
    """A date from the title (``found``) against the page's shown dates: ``None`` when the first
    of them is more than a day away (that one is the page's date; the headline's is an event's);
    else the first shown date with a time of day within a day of it when ``found`` has none;
    else ``found``."""
    day = found[0].date()
    first = True
    for text in texts:
        shown = _first_date_not_updated(text, languages, default_tz, order)
        if shown is None:
            continue
        if abs((shown[0].date() - day).days) > 1:
            return None if first else found
        first = False
        if not isinstance(shown[0], DateOnly):
            return shown if isinstance(found[0], DateOnly) else found
    return found


def _headline_zone_dates(shown: _ShownDates, languages, default_tz):
    """Dates written next to the headline, in order of trust: a short line above it that is
    mostly a date (:func:`_is_date_line`), then the first date in the text after it — but a
    date with its time of day below the headline beats a bare day above it (a kicker such as
    "قمة 12 مايو 2024" over "نشر في: 15 مايو 2024 - 09:15 ص"). When the page shows a date line
    of its own that gives no date (:func:`_shows_unread_date_line`), a date after the headline
    is read only from a block that is mostly dates: elsewhere it is the story's prose (an
    election "يوم الثلاثاء 17 مارس 2026" in the lede). Without one, it is read from such a
    block or from a short line before the story's first sentence (a byline with its date,
    "By Jane Doe, 2 March 2025, Beirut"), never from the prose: a court ruling "الصادر في 12
    يناير 2019" in the lede is no publication date (:func:`_in_a_line_before_the_prose`)."""
    above = [found for line in shown.before_headline
             if (found := _first_date_not_updated(line, languages, default_tz, shown))
             and _is_date_line(line, found[1])]
    below = None
    if window := shown.after_headline:
        below = _first_date_not_updated(window, languages, default_tz, shown)
        if below is not None and not _on_a_date_line(below[1], shown.after_headline_blocks) \
                and (_shows_unread_date_line(shown, window[:max(window.find(below[1]), 0)])
                     or not _in_a_line_before_the_prose(below[1], shown.after_headline_blocks)):
            below = None
    below_first = below is not None and not isinstance(below[0], DateOnly) \
        and all(isinstance(m, DateOnly) for m, _ in above)
    if below_first:
        yield below
    yield from above
    if below is not None and not below_first:
        yield below


# A block after the headline with at least this many words is the story's prose, not a byline
# or a date line
_PROSE_BLOCK_WORDS = 20
# What may stand before the date that opens a story (its dateline): nothing ("April 21, 2024
# (KHARTOUM) – …"), a place set off by a comma or a dash ("ABU DHABI, 3rd June, 2025 (WAM) --"),
# a credit ("Soumis par APS le mar 03/06/2025 - 09:40 …", "By Jane Doe, 2 March 2025"), or
# "today" and its weekday, as agencies write the day they file ("المكلا - سبأ: افتتح محافظ
# حضرموت، اليوم الأحد 8 ذو الحجة 1446هـ الموافق 4 مايو 2025م، …")
_DATELINE_PLACE = re.compile(r"^\W*(?:[^\s,،:\-–—]+\s+){0,2}[^\s,،:\-–—]+\s*[,،:\-–—]+\s*$")
_DATELINE_CREDIT = re.compile(r"^\W*(?:\w+\s+)?(?:by|par|von|بقلم|كتب|كتبت|إعداد)\s", re.IGNORECASE)
_DATELINE_CREDIT_WORDS = 6
_FILED_TODAY = re.compile(r"(?<!\w)(?:اليوم|today|aujourd['’]hui)(?!\w)(?:\s+\S+){0,6}\s*$", re.IGNORECASE)


def _in_a_line_before_the_prose(raw: str, blocks: Sequence[str]) -> bool:
    """The date ``raw`` stands in a block after the headline that is no paragraph of prose (fewer
    than _PROSE_BLOCK_WORDS words) before the story's first paragraph, or in the dateline that
    opens that paragraph (:data:`_DATELINE_PLACE`, :data:`_DATELINE_CREDIT`,
    :data:`_FILED_TODAY`); a date further into the prose is an event's."""
    for block in blocks:
        prose = len(letter_words(block)) >= _PROSE_BLOCK_WORDS
        if raw in block:
            if not prose:
                return True
            head = block[:block.index(raw)]
            return (not head.strip() or bool(_DATELINE_PLACE.match(head)) or bool(_FILED_TODAY.search(head))
                    or bool(_DATELINE_CREDIT.match(head)) and len(head.split()) <= _DATELINE_CREDIT_WORDS)
        if prose:
            return False
    return False


def _shows_unread_date_line(shown: _ShownDates, before: str) -> bool:
    """The page shows its own date line, and it gives no date: a relative time ("منذ 4 ساعات",
    "3 hours ago") or a date :mod:`crawler.dates` cannot read ("۱۲ آذر ۱۴۰۴، ۱۱:۴۵" in the Solar
    Hijri calendar, "05.12.25, 14:30", a Hijri-only or Hebrew-calendar date, a month named in a
    language it does not know) in a date element, a line above the headline, or the text after
    the headline ``before`` the date found there (its short blocks, for an unread date: a date
    line, not prose). A date in the story's prose is then an event's, not the page's."""
    lines = (*shown.texts, *shown.before_headline)
    if any(RELATIVE_TIME.search(text) for text in (*lines, before)):
        return True
    blocks = []
    for block in shown.after_headline_blocks:
        if not before.startswith(block):  # from the block that holds the date on
            break
        before = before[len(block):].lstrip()
        blocks.append(block)
    return any(len(text) <= _ABOVE_HEADLINE_LINE and shows_unread_date(text) for text in (*lines, *blocks))


def _on_a_date_line(raw: str, blocks: Sequence[str]) -> bool:
    """The date ``raw`` stands in a block that is mostly dates (:func:`_is_date_line`, relative
    times set aside: "آخر تحديث: منذ ساعتين | نشر في: 12 مايو 2024"), not in the story's prose."""
    block = next((block for block in blocks if raw in block), None)
    return block is not None and _is_date_line(RELATIVE_TIME.sub(" ", block), raw)


# A machine-readable date in an attribute: <time datetime>, <abbr title> / <time title> (hAtom,
# "timeago"), RDFa's content on dc:date / dc:created (Drupal 7).
_ISO_DATE_START = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


# RDFa dates: the elements with a content whose property names a date ("dc:date", "dc:created"),
# found from the property attributes (a walk of the page's attributes of that name takes two
# thirds of the time of one that tests every element for two attributes)
_RDFA_DATES = etree.XPath("//@property[contains(., 'dc:date') or contains(., 'dc:created')]/parent::*[@content]")


def _machine_date(tree: HtmlElement) -> str | None:
    """The first date the page gives in an attribute, outside comment sections and the cards of
    other stories: ``<time>`` and ``<abbr>`` in page order, then RDFa."""
    _, h1_depths, story_depth = _headline_context(tree)
    marked = [(element, element.get("datetime") or element.get("title"), bool(element.get("datetime")))
              for element in tree.iter("time", "abbr")]
    # an XPath: checking the attributes of every span and div in Python cost half a millisecond
    marked += [(element, element.get("content"), False) for element in _RDFA_DATES(tree)]
    for element, value, declared in marked:
        if not value or not declared and not _ISO_DATE_START.match(value):
            continue  # a title attribute may be any tooltip
        if element.tag != "meta" and (_in_comments(element) or _in_date_chrome(element, h1_depths, story_depth,
                                                                               before_h1=False)):
            continue
        return value
    return None


def _headline_element(tree: HtmlElement) -> HtmlElement | None:
    """The page's headline: its first ``<h1>``; on a page without one, the first ``<h2>`` whose
    text is a part of the ``<title>`` or og:title (ASP.NET and print templates set the headline
    in an h2, under a header with the site's "today" date)."""
    h1 = next(tree.iter("h1"), None)
    if h1 is not None:
        return h1
    declared = compact(" ".join([_html_title(tree) or "", *tree.xpath("//meta[@property='og:title']/@content")]))
    if not declared:
        return None
    return next((h2 for h2 in tree.iter("h2") if len(text := compact(h2.text_content())) >= 10 and text in declared),
                None)


def _headline_context(tree: HtmlElement) -> tuple[HtmlElement | None, dict, int | None]:
    """The headline element (:func:`_headline_element`), its ancestors with their distance from
    it, and the distance of the nearest ``<article>``/``<main>`` among them (see
    :func:`_in_date_chrome`)."""
    h1 = _headline_element(tree)
    depths = {ancestor: depth for depth, ancestor in enumerate(h1.iterancestors())} if h1 is not None else {}
    story_depth = next((depth for ancestor, depth in depths.items() if ancestor.tag in {"article", "main"}), None)
    return h1, depths, story_depth


_URL_DATE = re.compile(r"/(20\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")


def _url_date(url: str | None) -> tuple[str, str] | None:
    """``(raw, "YYYY-MM-DD")`` from a path like "/tunisie/2024/04/21/…" (a date only: the day the
    publisher filed the story under)."""
    if not url or (parts := split_url(url)) is None or not (match := _URL_DATE.search(parts.path)):
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return match.group(0).strip("/-"), date(year, month, day).isoformat()
    except ValueError:
        return None


def _shown_date(text: str, languages, default_tz, order: _ShownDates | None) -> tuple | None:
    """The first date in a text the page shows (:func:`find_date_in_text`), a numeric one that
    reads both ways ("06/03/2025") read in the order the page writes them (``order.day_first``),
    when it tells one."""
    found = find_date_in_text(text, languages=tuple(languages), default_tz=default_tz)
    if found is not None and order is not None and (numeric := numeric_dates(found[1])) \
            and (day_first := order.day_first(numeric[0].separator)) is not None:
        found = find_date_in_text(text, languages=tuple(languages), default_tz=default_tz, day_first=day_first) \
            or found
    return found


def _first_date_not_updated(text: str, languages, default_tz, order: _ShownDates | None = None) -> tuple | None:
    """The first date in ``text`` that is not an update's: "Last updated: … 3:48 PM Published:
    … 9:32 AM" and "Mis à jour le … (publié le …)" put the update first; nor a date labelled as
    never the publication's (:data:`_NOT_PUBLICATION_LABEL_BEFORE`: a print view's "تاريخ الطباعة",
    a birth date, "born 4 March 1980")."""
    start = 0
    while (found := _shown_date(text[start:], languages, default_tz, order)):
        position = text.find(found[1], start)
        if position < 0:
            return found
        before = text[max(start, position - 40):position]
        label = _UPDATED_LABEL_BEFORE.search(before) or _NOT_PUBLICATION_LABEL_BEFORE.search(before)
        if label is None:
            return found
        start = position + len(found[1])
    return None


# A numeric date's shape, looked for before the element holding it is judged (:func:`_date_evidence`);
# crawler.dates.numeric_dates then reads it (any digits: \d is Unicode's).
_NUMERIC_DATE_SHAPE = re.compile(r"\d\d?\s?[/.\-]\s?\d\d?\s?[/.\-]\s?\d{4}")
_DATE_EVIDENCE_OTHER_WORDS = 2  # a label, a weekday: "Published: 17/05/2025", "الخميس 05/06/2025"


def _numeric_date_orders(tree: HtmlElement, page: _PageMeta | None, url: str | None) -> dict[str, set[bool]]:
    """How the page writes its numeric dates, by separator: day first (``True``), month first
    (``False``) or both, as its date elements tell (:func:`_date_evidence`: the story's date line,
    ``<time>``, date- or meta-classed elements, the dates on the cards of related stories; not
    the comments, nor a date the story's sentences cite, "The filing, dated 05/28/2024 in a New
    York court"). A date whose first part is over 12 is day first ("17/06/2025"), one whose
    second is month first ("05/28/2025", a related story's card on a US template); a date that
    reads both ways tells its order when only one reading falls on a day the page declares
    (JSON-LD, meta tags, a ``<time datetime>``, the address: "/2025/06/03/"). The site profile's
    region and the page's ``lang`` are no facts of the page's writing: the profile's region comes
    after these (:attr:`_ShownDates.date_languages`), and a declared ``lang="en-US"`` is not
    read, as WordPress stamps it on every English site that kept its default, the region's
    day-first press among them."""
    declared: set[date] = set()
    if page is not None:
        for value in ([_ld_str(page.ld_article.get(key)) for key in ("datePublished", "dateModified")]
                      + page.all(*_PUBLISHED_META, *_MODIFIED_META) + [_machine_date(tree)]):
            if value and (parsed := parse_date(value)) is not None:
                declared.add(parsed.date())
    if (from_url := _url_date(url)) is not None:
        declared.add(date.fromisoformat(from_url[1]))
    facts: dict[str, set[bool]] = {}
    for written in _date_evidence(tree):
        order = written.order
        if order is None and declared and written.first != written.second:
            on_day = [day_first for day_first in (True, False) if written.reading(day_first) in declared]
            order = on_day[0] if len(on_day) == 1 else None
        if order is not None:
            facts.setdefault(written.separator, set()).add(order)
    return facts


def _date_evidence(tree: HtmlElement) -> list[NumericDate]:
    """The numeric dates the page writes in its date elements (:func:`crawler.dates.numeric_dates`):
    in a ``<time>`` or an element whose class or id names a date, a time or the story's meta
    (``_DATE_CLASS``, up to two levels up, a short one), or in an element that holds little else
    than the date (a label, a weekday: a related story's card, a date line without a class).
    Never in a comment section, and never in the story's sentences."""
    body = tree.find(".//body")
    found = []
    for text in (body if body is not None else tree).xpath(
            ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"):
        if not _NUMERIC_DATE_SHAPE.search(text):
            continue
        holder = text.getparent()
        if holder is not None and text.is_tail:
            holder = holder.getparent()
        if holder is None or _in_comments(holder) or not _shows_a_date(holder):
            continue
        found += numeric_dates(text)
    return found


def _shows_a_date(element: HtmlElement) -> bool:
    """``element`` is one of the page's date elements (see :func:`_date_evidence`)."""
    node = element
    for _ in range(3):
        if node is None or not isinstance(node.tag, str):
            break
        names = " ".join(filter(None, (node.get("class"), node.get("id"))))
        if (node.tag == "time" or names and _DATE_CLASS.search(names)) and not _longer_than(node, 200):
            return True
        node = node.getparent()
    return len(letter_words(_NUMERIC_DATE_SHAPE.sub(" ", _date_text(element)))) <= _DATE_EVIDENCE_OTHER_WORDS


# A site's current-date strip, by its label or its name: "اليوم: الجمعة 5 ديسمبر 2025", "امروز: ۱۴ آذر
# ۱۴۰۴", "Today: …", "Bugün: …", "היום: …", or the label and a weekday ("اليوم الجمعة 5 ديسمبر 2025");
# <span class="today-date">, "current-date". It shows the day of the visit, wherever it stands.
_TODAY_LABEL = re.compile(
    r"^\W*(?:today|aujourd['’]hui|heute|hoy|oggi|bugün|اليوم|امروز|ئەمڕۆ|آج|היום|îro)\s*(?:[:：]|\s(?:"
    + "|".join(sorted((re.escape(day) for days in WEEKDAYS.values() for day in days), key=len, reverse=True))
    + r")(?!\w))", re.IGNORECASE)
_TODAY_NAMES = re.compile(r"(?<![a-z])(?:today|todays|current)[-_]?date|(?<![a-z])date[-_]?(?:today|now)(?![a-z])",
                          re.IGNORECASE)


def _is_today_strip(text: str, names: str = "") -> bool:
    """A site's current-date strip (``_TODAY_LABEL``, ``_TODAY_NAMES``): not the story's date."""
    return bool(_TODAY_LABEL.match(text) or names and _TODAY_NAMES.search(names))


def _visible_date_texts(tree: HtmlElement) -> list[str]:
    """Short texts where a page shows its date: <time>, date/byline-classed nodes and table
    cells. Dates in the page's chrome are not the story's: a "today" widget in the site header
    above the h1 or labelled as today's anywhere, the cards of related and most-read lists,
    comments."""
    h1, h1_depths, story_depth = _headline_context(tree)
    texts: list[str] = []
    passed_h1 = h1 is None
    for element in tree.iter("time", "span", "div", "p", "li", "small", "abbr", "td", "h1"):
        if element is h1:
            passed_h1 = True
            continue
        names = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if element.tag != "time" and (not names or not _DATE_CLASS.search(names)):
            continue
        if _in_date_chrome(element, h1_depths, story_depth, before_h1=not passed_h1):
            continue
        text = _date_text(element)
        if _is_today_strip(text, names):
            continue
        if element.tag == "time" or 4 <= len(text) <= 200:
            texts.append(text)
        if len(texts) > 30:
            break
    return [t for t in texts if t]


def _after_headline_elements(tree: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """The blocks that follow the headline (its siblings, then its parent's), about 600
    characters, without chrome blocks, each with its text: where a page without date markup
    writes its date line — or the story's own first sentences. A picture and its caption
    (:func:`_is_picture`) are left out, on their own or inside a block."""
    h1 = _headline_element(tree)
    if h1 is None:
        return []
    window, budget = [], 600
    parent = h1.getparent()
    following = [h1.itersiblings()] + ([parent.itersiblings()] if parent is not None else [])
    for siblings in following:
        for element in siblings:
            if _is_date_chrome(element, before_h1=False) or _is_headline_list(element) or _is_picture(element):
                continue
            chunk = _date_text(element)
            if isinstance(element.tag, str) and any(map(_is_picture, element.iterdescendants())):
                chunk = _text_outside_pictures(element)
            window.append((element, chunk))
            budget -= len(chunk)
            if budget <= 0:
                break
        if budget <= 0:
            break
    return window


def _lines_at_breaks(element: HtmlElement) -> list[str]:
    """The element's text cut at its ``<br>`` tags, each line's whitespace collapsed, empty
    lines left out ("By Jane Doe<br>Published: 12 May 2025" -> two lines)."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.tag == "br":
            pieces.append("\n")
            return
        if isinstance(node.tag, str) and node.tag not in {"script", "style"}:
            pieces.append(node.text or "")
            for child in node:
                walk(child)
                pieces.append(child.tail or "")

    walk(element)
    return [line for raw in "".join(pieces).split("\n") if (line := " ".join(raw.split()))]


# A picture and its caption: "صورة أرشيفية بتاريخ 12 مارس 2019", "Le président à Alger, le 12 mars 2019"
# under the headline is the picture's date, not the story's
_PICTURE_TAGS = ("figure", "figcaption", "picture")
_CAPTION_NAMES = re.compile(r"caption|l[ée]gende", re.IGNORECASE)


def _text_outside_pictures(element: HtmlElement) -> str:
    """The element's text without its pictures' and captions' (:func:`_is_picture`, the one test
    of a caption: a ``wp-caption`` block wrapped in the story's lead is one as well), scripts' and
    styles', whitespace collapsed."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.tag in ("script", "style") or _is_picture(node):
            return
        pieces.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            pieces.append(child.tail or "")

    walk(element)
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def _is_picture(element: HtmlElement) -> bool:
    """A picture or its caption (``_PICTURE_TAGS``, a "caption"/"légende" class or id: WordPress's
    ``wp-caption``), whose text is the picture's."""
    if not isinstance(element.tag, str):
        return False
    names = " ".join(filter(None, (element.get("class"), element.get("id"))))
    return element.tag in _PICTURE_TAGS or bool(names and _CAPTION_NAMES.search(names))


def _is_headline_list(element: HtmlElement) -> bool:
    """A block of other stories' linked headlines, whatever its classes (a "آخر الأخبار" column
    beside the story): two links of four or more words or more, and links half its text."""
    if not isinstance(element.tag, str):
        return False
    links = list(element.iter("a"))
    if len([link for link in links if len(letter_words(_date_text(link))) >= _CARD_HEADLINE_WORDS]) < 2:
        return False
    return 2 * sum(len(_date_text(link)) for link in links) >= len(_date_text(element))


_ABOVE_HEADLINE_LEVELS = 3  # the headline's siblings, its parent's, its grandparent's
_ABOVE_HEADLINE_LINE = 120  # characters: a kicker or a date line, not a paragraph or a list of cards
_ABOVE_HEADLINE_BUDGET = 300  # characters read upwards before giving up
# not read, but passed over: no text of the page, or another story's heading (a teaser's date)
_NOT_ABOVE = {"script", "style", "noscript", "template", "svg", "iframe", "h2", "h3", "h4", "h5", "h6"}


def _before_headline_lines(tree: HtmlElement) -> list[str]:
    """The short texts right above the headline, nearest first (the kicker and date zone:
    "<div class="pub">الأحد 12/مايو/2024 - 03:25 م</div><h1>", an unclassed table cell of an old
    layout). Read upwards through the headline's preceding siblings, then its parent's and
    grandparent's, without leaving the ``<article>``/``<main>`` that holds it; the walk stops at
    the page's chrome (a header, nav, menu, related or widget block) and at the first long text
    (a paragraph, a sidebar), so a "today" date further up and the cards of other stories are
    never read."""
    h1 = _headline_element(tree)
    if h1 is None:
        return []
    lines: list[str] = []
    budget = _ABOVE_HEADLINE_BUDGET

    def take(text: str | None) -> bool:
        """Add a line; False when the walk must stop."""
        nonlocal budget
        text = re.sub(r"\s+", " ", text or "").strip()
        if not text:
            return True
        if len(text) > _ABOVE_HEADLINE_LINE or _is_today_strip(text):
            return False  # a paragraph or a sidebar; the site's current-date strip
        lines.append(text)
        budget -= len(text)
        return budget > 0

    node = h1
    for _ in range(_ABOVE_HEADLINE_LEVELS):
        for element in node.itersiblings(preceding=True):
            if not take(element.tail):
                return lines
            if not isinstance(element.tag, str) or element.tag in _NOT_ABOVE:
                continue
            if _is_date_chrome(element, before_h1=True) or not take(_date_text(element)):
                return lines
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html", "article", "main"} or not take(parent.text):
            break
        node = parent
    return lines


_HIJRI_DATE = re.compile(r"\d{1,2}\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s+1[34]\d\d\s*هـ?")
_DATE_LINE_OTHER_WORDS = 4  # a label, a weekday, an issue number: "نشر في:", "الأحد … - العدد 20345"


def _is_date_line(line: str, raw: str) -> bool:
    """A line that is mostly its date (``raw``): at most a few other words beside it, once a Hijri
    date written with it is set aside ("الأحد 4 ذو القعدة 1445هـ - 12 مايو 2024م - العدد 20345");
    not a headline or a sentence that mentions a date."""
    rest = _HIJRI_DATE.sub(" ", line.replace(raw, " ", 1))
    return len(letter_words(rest)) <= _DATE_LINE_OTHER_WORDS


def _date_text(element: HtmlElement) -> str:
    """An element's text with its children's texts apart: "<span>21/4/2024</span><span>10:45</span>"
    is a date and a time, not "21/4/202410:45"."""
    return re.sub(r"\s+", " ", " ".join(element.itertext())).strip()


# Containers of other stories' cards and of the site's own widgets.
# ("sidebar" is not one: "single-sidebar-left" holds a WordPress theme's byline and date)
_DATE_CHROME_NAMES = re.compile(r"related|similar|recommend|popular|most-?read|trending|more-?news|read-?more|also|"
                                r"widget|teaser|ticker|" + _TODAY_NAMES.pattern, re.IGNORECASE)
# (an old template's "<div id="top">" above the headline, the logo and today's date, is its header)
_PAGE_HEADER_NAMES = re.compile(r"header|en-?t[eê]te|bandeau|top-?bar|tool-?bar|masthead|nav|menu|(?:^|\s)top(?:$|\s)",
                                re.IGNORECASE)


def _in_date_chrome(element: HtmlElement, h1_depths: dict, story_depth: int | None, *, before_h1: bool,
                    story_share: Callable[[HtmlElement], float] | None = None) -> bool:
    """A date element that belongs to the page's chrome: in a teaser heading (h2-h6), an aside,
    nav or footer, a related/most-read/widget container; above the h1 and outside the
    <article>/<main> that holds it, in a header, nav or menu block (the site's "today" date).

    :param h1_depths: the h1's ancestors -> their distance from it.
    :param story_depth: the distance of the h1's nearest <article>/<main>, if any.
    :param story_share: for a byline (:func:`_story_share`): a block named as chrome that holds
        most of the page's prose is the story's wrapper (Blogger's "<div class="widget Blog">"
        around the post and its "Posted by" footer), and a ``<footer>`` of the ``<article>`` that
        holds it is the story's own (Drupal's "<footer class="node__meta">Soumis par …"; HTML's
        footer "typically contains information about its section such as who wrote it").
    """
    branch = []
    passed_li = False
    for ancestor in element.iterancestors():
        if ancestor in h1_depths:
            # reached the block that also holds the headline
            if before_h1 and (story_depth is None or h1_depths[ancestor] > story_depth):
                return any(_is_date_chrome(block, before_h1=True) for block in branch)
            return False
        if ancestor.tag in {"h2", "h3", "h4", "h5", "h6"}:
            return True
        if _is_date_chrome(ancestor, before_h1=False) and not (story_share is not None and (
                story_share(ancestor) > 0.5 or ancestor.tag == "footer" and story_share(
                    next(ancestor.iterancestors("article"), None)) > 0.5)):
            return True
        if (ancestor.tag == "li" and not passed_li or _repeats_its_template(ancestor)) \
                and _is_story_card(ancestor, element):
            return True
        passed_li = passed_li or ancestor.tag == "li"
        branch.append(ancestor)
    return False


def _story_share(tree: HtmlElement) -> Callable[[HtmlElement | None], float]:
    """A function giving the share of the page's prose (:func:`prose_blocks`) an element holds
    (0 for ``None``, and on a page without prose)."""
    prose = prose_blocks(tree)
    total = sum(prose.values())

    def share(element: HtmlElement | None) -> float:
        if element is None or not total:
            return 0.0
        held = sum(chars for block, chars in prose.items() if block is element or element in block.iterancestors())
        return held / total

    return share


_CARD_MAX_CHARS = 500  # a headline, a date, a line of summary: not a block of the story's prose
_CARD_HEADLINE_WORDS = 4  # a linked headline, not a section's or an author's name


def _repeats_its_template(block: HtmlElement) -> bool:
    """``block`` has a sibling of the same tag and class: one of a list of cards ("<div
    class="item">" after "<div class="item">"). Called only on blocks outside the headline's."""
    names = block.get("class")
    if not names:
        return False
    return any(sibling.tag == block.tag and sibling.get("class") == names for sibling in _siblings(block))


def _is_story_card(block: HtmlElement, date_element: HtmlElement) -> bool:
    """``block`` (a list item, or a block its siblings repeat) is another story's card: short,
    and holding a link with a headline's words besides ``date_element``'s text ("<li><a
    href="/n/91">رئيس الوزراء يتفقد …</a><span class="date">…</span></li>" in a "latest news"
    column whose classes name nothing). A link to an author's page or a section's name is not a
    headline, so the story's own meta line stays; nor is a link that reads as a person's name
    ("محمد عبد الرحمن السيد" beside the story's date), unless the block's siblings hold linked
    headlines too (a list of cards, some of whose short headlines read like names)."""
    links = _card_links(block, set(letter_words(_date_text(date_element))))
    if not links:
        return False
    if any(not is_person_like(text) for text in links):
        return True
    return any(sibling.tag == block.tag and _card_links(sibling, set()) for sibling in _siblings(block))


def _siblings(block: HtmlElement):
    """``block``'s siblings, those after it first."""
    yield from block.itersiblings()
    yield from block.itersiblings(preceding=True)


def _longer_than(block: HtmlElement, limit: int) -> bool:
    """Whether ``block``'s text is longer than ``limit`` characters, read only that far (the
    ancestors tested as cards go up to the page's layout blocks)."""
    length = -1  # as _date_text counts: words joined by single spaces
    for text in block.itertext():
        for word in text.split():
            length += len(word) + 1
        if length > limit:
            return True
    return False


def _card_links(block: HtmlElement, leave_out: set[str]) -> list[str]:
    """The texts of ``block``'s links of four or more words (``leave_out`` aside) that do not
    lead to an author's page, when ``block`` is short enough to be a card."""
    if _longer_than(block, _CARD_MAX_CHARS):
        return []
    found = []
    for link in block.iter("a"):
        if not link.get("href") or _AUTHOR_PAGE.search(link.get("href") or ""):
            continue
        text = _date_text(link)
        if len([w for w in letter_words(text) if w not in leave_out]) >= _CARD_HEADLINE_WORDS:
            found.append(text)
    return found


def _is_date_chrome(element: HtmlElement, *, before_h1: bool) -> bool:
    """An aside, nav, footer, a related/widget block or a comment section; above the h1 also a
    header or menu."""
    tag = element.tag
    if tag in {"aside", "nav", "footer"} or before_h1 and tag == "header":
        return True
    names = " ".join(filter(None, (element.get("class"), element.get("id"))))
    return bool(names) and bool(_DATE_CHROME_NAMES.search(names) or _COMMENTS_NAME.search(names)
                                or before_h1 and _PAGE_HEADER_NAMES.search(names))


# The label a page puts before its visible update date.
# ("Mise à jour le" / "Dernière mise à jour :" as well as "Mis à jour le"; "Last modified", "Modified:",
# "Last edited"; "تم تحديثه في", "التحديث:", "آخر تعديل:", "تاريخ التعديل": with an update label the
# parser did not know, the update shown first was taken for the published date. Not a bare "modified
# on" nor "تم تعديله في": a sentence of the story says so of a law or a contract, with its date)
_UPDATED_LABEL = re.compile(
    r"\b(?:last\s+)?updated?(?:\s+on|\s+at)?\b|\blast\s+(?:modified|edited)(?:\s+on|\s+at)?\b|\bmodified\s*:"
    r"|\bmise?\s+[àa]\s+jour(?:\s+le)?\b|\bmodifi[ée]\s+le\b|\bderni[èe]re\s+modification\b"
    r"|\bactualis[ée]\s+le\b|[آا]خر\s+(?:تحديث|تعديل)|تم\s+(?:ال)?تحديث(?:ه|ها)?(?!\w)"
    r"|تاريخ\s+(?:التحديث|التعديل)|(?<!\w)التحديث(?!\w)|محدث(?:ة)?", re.IGNORECASE)
_UPDATED_LABEL_GAP = 6  # ": ", " le ", " - " between the label and its date
# An update label right before a date (the gap included).
_UPDATED_LABEL_BEFORE = re.compile(r"(?:" + _UPDATED_LABEL.pattern + r")\W{0,4}(?:le|on|في)?\W{0,3}$", re.IGNORECASE)
# Labels of dates that are never the story's publication: the day a print view was printed, i.e.
# the visit ("تاريخ الطباعة: 8 ديسمبر 2025", "Date d'impression : …", "Printed on …"), and a person's
# birth in an author box under the headline ("John Smith (born 4 March 1980) is a reporter", "né le
# …", "من مواليد …", "وُلد في …")
_NOT_PUBLICATION_LABEL = re.compile(
    r"تاريخ\s+ال?طباع[ةه]|تاريخ\s+الطبع|\bdate\s+d['’]\s?impression|\bimprim[ée]e?\s+le\b"
    r"|\bprinted(?:\s+on)?\b|\bprint(?:ed|ing)?\s+date\b|\bdate\s+(?:printed|of\s+printing)\b"
    r"|\bborn(?:\s+on|\s+in)?\b|\bnée?(?:\s+(?:le|en))?\b|\bnee?\s+le\b|\bdate\s+of\s+birth\b"
    r"|\bdate\s+de\s+naissance\b"
    r"|مواليد|تاريخ\s+الميلاد|(?<!\w)وُ?لِ?دَ?(?:تْ?)?(?!\w)|(?<!\w)المولود[ةه]?(?!\w)", re.IGNORECASE)
_NOT_PUBLICATION_LABEL_BEFORE = re.compile(
    r"(?:" + _NOT_PUBLICATION_LABEL.pattern + r")\W{0,4}(?:le|on|في|بتاريخ)?\W{0,3}$", re.IGNORECASE)


def _modified_date(page: _PageMeta, languages, default_tz, shown: _ShownDates,
                   fetched_at: str | None = None, passed_over: list[str] | None = None) -> str | None:
    """Modified from JSON-LD and meta tags, then a visible date labelled as an update
    ("Last updated: May 12, 2024 19:05", "Mis à jour le …", "آخر تحديث: …") in the places
    the published date is looked for. A date more than a day after ``fetched_at`` gives way to
    the next source, as for the published date (:func:`_published_date`)."""
    later = None
    for normalised in _modified_dates(page, default_tz, shown):
        if not later_than_fetch(normalised, fetched_at):
            if later is not None and passed_over is not None:
                passed_over.append("modified")
            return normalised
        later = later or normalised
    return later


def _modified_dates(page: _PageMeta, default_tz, shown: _ShownDates):
    """The candidates for :func:`_modified_date`, UTC ISO, in order of trust."""
    languages = shown.date_languages  # (the profile's, its region only for a page in its language)
    candidates = [v for v in (_ld_str(page.ld_article.get("dateModified")),) if v] + page.all(*_MODIFIED_META)
    for value in candidates:
        normalised = _normalise_date(value, languages, default_tz)
        if normalised:
            yield _zoned_as_shown(value, shown) or normalised
    for text in [*shown.texts, *shown.before_headline, shown.after_headline]:
        label = _UPDATED_LABEL.search(text)
        if label is None:
            continue
        # the date right after the label (the published date usually comes before it), not a
        # date further on in a sentence that merely says "updated"
        after = text[label.end():label.end() + 80]
        found = _shown_date(after, languages, default_tz, shown)
        if found and 0 <= after.find(found[1]) <= _UPDATED_LABEL_GAP:
            normalised = to_utc_iso(found[0], default_tz)
            if normalised:
                yield normalised


def _tags(page: _PageMeta) -> list[str]:
    raw = page.all("article:tag", "news_keywords", "keywords", "parsely-tags")
    keywords = page.ld_article.get("keywords")
    if isinstance(keywords, list):
        raw += [k for k in keywords if isinstance(k, str)]
    elif isinstance(keywords, str):
        raw.append(keywords)
    tags: list[str] = []
    seen: set[str] = set()
    for value in raw:
        for tag in re.split(r"\s*[,;،]\s*", value):
            key = tag.strip().casefold()
            if tag.strip() and key not in seen:
                seen.add(key)
                tags.append(tag.strip())
    return tags


def _image(page: _PageMeta, url: str) -> str | None:
    image = page.first("og:image", "og:image:url", "twitter:image", "twitter:image:src") or _ld_str(
        page.ld_article.get("image"))
    return join_url(url, image) if image else None  # None for an unreadable one: "//[x"


# ---------------------------------------------------------------------------------------------
# body


def _body_paragraphs(tree: HtmlElement, url: str, hints: ExtractionHints, *,
                     declared: bool = False) -> tuple[list[str], list[str]]:
    """The body's paragraphs and the page's link texts; ``declared``: the page declares an
    article in JSON-LD (a photo essay's captions are then its story: see open_photo_essay)."""
    work = _subtree_for(tree, hints.body_selectors) if hints.body_selectors else None
    if work is None:
        work = _copy(tree)
    if declared:
        open_photo_essay(work)
    link_texts = [shown_text(a) for a in work.iter("a")]
    unlinked: list[str] = []
    clean_dom(work, hints.drop_selectors, unlinked=unlinked)
    for text in unlinked:
        # the story's list of links, now text (see clean_dom): not lines to drop as links
        if (own := re.sub(r"\s+", " ", text).strip()) in link_texts:
            link_texts.remove(own)
    drop_appended_stories(work)
    merge_split_bodies(work)
    attach_footnotes(work)
    drop_headline_chrome(work)
    mark_story_container(work)
    document = trafilatura.bare_extraction(
        work, url=url, include_comments=False, include_tables=True, with_metadata=False, favor_precision=False,
        config=_TRAFILATURA_CONFIG,
    )
    if document is None or document.body is None:
        return [], link_texts
    return _render(document.body), link_texts


# trafilatura's settings, its defaults but one: MIN_EXTRACTED_SIZE. Below it (250 characters by
# default) trafilatura throws away the body it found and falls back to its baseline, the whole
# text of the page's <article> (or <body>) as one line: a brief of two short paragraphs came out
# as "headline + text" in one paragraph, and counted the headline's words towards min_words. The
# DOM stage has already chosen and cleaned the container, so a short body is taken as found.
_MIN_EXTRACTED_CHARS = 50
_TRAFILATURA_CONFIG = trafilatura.settings.use_config()
_TRAFILATURA_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(_MIN_EXTRACTED_CHARS))


_SHORT_BODY_WORDS = 40
"""A page declared an article whose DOM body is shorter than this is checked for an embedded body."""


def _cut_short(paragraphs: Sequence[str]) -> bool:
    """The page shows a teaser of its story, cut with an ellipsis ("… the minister said ..."),
    and may carry the whole of it in a data script (JSON-LD ``articleBody``)."""
    return bool(paragraphs) and paragraphs[-1].rstrip().endswith(("...", "…"))


def _behind_paywall(page: _PageMeta) -> bool:
    """The page says its story is for subscribers (JSON-LD ``isAccessibleForFree: false``, on the
    article or a ``hasPart`` section): what it shows is a teaser, and the whole story may travel in
    its data scripts (Arc XP's Fusion content, a Next.js state), which search engines are given."""
    parts = page.ld_article.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts] if isinstance(parts, dict) else []
    return any(str(holder.get("isAccessibleForFree")).strip().lower() == "false"
               for holder in (page.ld_article, *parts) if isinstance(holder, dict))


def _continues(script_body: str, paragraphs: Sequence[str]) -> bool:
    """The script's body starts as the page's teaser does and goes on well beyond it."""
    teaser = compact(" ".join(paragraphs)).rstrip(".…")
    whole = compact(script_body)
    return len(whole) >= 1.5 * len(teaser) and whole.startswith(teaser[:80])


def _script_body(tree: HtmlElement, page: _PageMeta, url: str, hints: ExtractionHints, titles: Sequence[str],
                 clean: Callable[[list[str], list[str]], list[str]], *, more_than: int
                 ) -> tuple[list[str], list[str], str, int, Mapping[str, Any]] | None:
    """The article carried in the page's data scripts (see ``crawler.embedded``), through the same
    DOM and paragraph rules as a page: its paragraphs, link texts, body, word count and the data
    record it came from; ``None`` unless it has more than ``more_than`` words."""
    embedded = embedded_article(tree, _ld_str(page.ld_article.get("articleBody")), titles)
    if embedded is None:
        return None
    document = _parse_html(f"<html><body><article>{embedded.html}</article></body></html>")
    if document is None:
        return None
    paragraphs, link_texts = _body_paragraphs(document, url, replace(hints, body_selectors=()))
    paragraphs = clean(paragraphs, link_texts)
    body = "\n\n".join(paragraphs)
    words = count_words(body)
    return (paragraphs, link_texts, body, words, embedded.record) if words > more_than else None


def _copy(tree: HtmlElement) -> HtmlElement:
    from copy import deepcopy

    return deepcopy(tree)


def _subtree_for(tree: HtmlElement, selectors: Sequence[str]) -> HtmlElement | None:
    from crawler.boilerplate import _select

    nodes: list[HtmlElement] = []
    for selector in selectors:
        nodes += _select(tree, selector)
    if not nodes:
        return None
    order = {element: index for index, element in enumerate(tree.iter())}
    nodes = sorted(set(nodes), key=lambda n: order.get(n, 0))
    # drop nodes nested in other selected nodes
    nodes = [n for n in nodes if not any(a in nodes for a in n.iterancestors())]
    from copy import deepcopy

    from lxml.html import fromstring

    document = fromstring("<html><head></head><body><article></article></body></html>")
    container = document.find(".//article")
    for node in nodes:
        copied = deepcopy(node)
        copied.tail = None
        container.append(copied)
    return document


_BLOCKS = {"p", "head", "quote", "code", "item", "row", "cell"}
_CELL_BLOCKS = {"p", "head", "list", "quote", "table"}


def _render(body: etree._Element) -> list[str]:
    """trafilatura's XML body to paragraphs: one per block, list item or table row; <lb/> splits."""
    paragraphs: list[str] = []
    _add_loose_text(body.text, paragraphs)
    for element in body:
        _render_block(element, paragraphs)
        # text right after a block (a heading followed by bare text) is a paragraph of its own
        _add_loose_text(element.tail, paragraphs)
    return paragraphs


# whitespace of the page's source: inside a block, a newline there is a space (trafilatura keeps
# the source's newlines beside its <lb/>; an old CMS's "<br><br>" page wraps its sentences there)
_SOURCE_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_LINE_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def _add_loose_text(text: str | None, out: list[str]) -> None:
    """Text between blocks: a paragraph per line. Unlike a block's text, loose text has lost its
    markup: trafilatura keeps no <lb/> there ("Voir aussi : …<br><br><b>Intertitre</b>" between
    two paragraphs comes as one tail), so its newlines are the only trace of its line breaks."""
    for line in (text or "").split("\n"):
        line = _LINE_SPACE.sub(" ", line).strip()
        if line:
            out.append(line)


def _render_block(element: etree._Element, out: list[str]) -> None:
    tag = element.tag
    if tag in {"list", "quote", "table"} and any(child.tag in {"item", "p", "row", "list", "head"} for child in element):
        if element.text and element.text.strip():
            out.append(re.sub(r"\s+", " ", element.text).strip())
        for child in element:
            _render_block(child, out)
            _add_loose_text(child.tail, out)
        return
    if tag == "row":
        if any(child.tag in _CELL_BLOCKS for cell in element for child in cell):
            # a layout table (old CMSs set the whole page in one): its cells hold paragraphs,
            # each its own; joined as data cells, their words ran together ("الدلتاالأحد")
            for cell in element:
                _render_block(cell, out)
            return
        cells = [shown_text(cell) for cell in element]
        line = " | ".join(c for c in cells if c)
        if line:
            out.append(line)
        return
    if tag == "graphic":
        return
    pieces: list[str] = []
    parent = element.getparent()
    # lines break at <lb/> and block starts; the source's newlines are spaces, except in code and
    # in trafilatura's last resort (its whole-page dump: one childless <p>, a text node a line)
    keep_newlines = tag == "code" or (tag == "p" and not len(element) and parent is not None
                                      and parent.tag == "body" and len(parent) == 1)
    _collect(element, pieces, keep_newlines)
    for line in "".join(pieces).split("\n"):
        line = _LINE_SPACE.sub(" ", line).strip()
        if line:
            out.append(line)


def _collect(element: etree._Element, pieces: list[str], keep_newlines: bool = False) -> None:
    # a heading is a line of its own wherever trafilatura put it: in a story written as loose text
    # and <br> in one <div>, it nests the <h2> in the <p> it makes of the text ("[03/يونيو/2025]
    # <head>Headline</head>صنعاء - سبأ :<lb/>…"), and the heading ran into the line before it
    if element.tag == "lb" or (element.tag in {"item", "p", "row", "head"} and pieces):
        pieces.append("\n")
    if element.text:
        pieces.append(element.text if keep_newlines else _SOURCE_SPACE.sub(" ", element.text))
    for child in element:
        _collect(child, pieces, keep_newlines)
        if child.tag == "head":
            pieces.append("\n")  # (and the text after it is not the heading's either)
        if child.tail:
            if element.tag == "cell" and child.tag == "p" and child.tail.strip():
                # a layout table's cell: text loose after a paragraph ("</p>ووجه …<br>") is a
                # line of its own (inside a paragraph, a nested <p> is inline markup, and its
                # tail goes on the same sentence)
                pieces.append("\n")
            # text after a nested block is loose text, whose newlines are its line breaks (see
            # _add_loose_text); after <lb/> or inline markup they are the source's
            loose = keep_newlines or child.tag in _BLOCKS or child.tag in {"list", "table"}
            pieces.append(child.tail if loose else _SOURCE_SPACE.sub(" ", child.tail))


# ---------------------------------------------------------------------------------------------
# article or not


def _declares_article(page: _PageMeta) -> bool:
    """The page says it is an article: a JSON-LD article type, og:type article or a publication
    time — unless its JSON-LD calls it a collection, search results, a profile, a contact or an
    about page and no article: that is the page's own word, the og:type is what the CMS stamps on
    every page (a FAQPage beats the og:type, not a publication time); nor does a page whose
    og:type is a video ("video.other") and that has no JSON-LD article type."""
    if page.ld_types & ARTICLE_TYPES:
        return True
    if page.ld_types & OWN_WORD_TYPES:
        return False
    og_type = (page.first("og:type") or "").lower()
    if og_type.startswith("video."):
        # a video page's own word (no CMS stamps it on every page): its publication time is the clip's
        return False
    if page.first("article:published_time") is not None:
        return True
    return og_type in {"article", "news", "newsarticle"} and "faqpage" not in page.ld_types


def _declares_dated_article(page: _PageMeta) -> bool:
    """The page declares an article in JSON-LD, or an article with its publication time in its
    meta tags (og:type "article" and article:published_time: WordPress without an SEO plugin,
    and many Arabic CMSs, say no more)."""
    return bool(page.ld_article) or _declares_article(page) and page.first("article:published_time") is not None


# The titles of search results, error pages served with 200, and tag/archive pages.
_LISTING_TITLE = re.compile(
    r"^\W*(?:search results?|results for|résultats? (?:de (?:la )?recherche|pour)|recherche\s*:|نتائج البحث|"
    r"page (?:not found|introuvable|non trouvée)|404\b|not found|الصفحة غير موجودة|الصفحة المطلوبة غير موجودة|"
    r"عفوا\W+الصفحة|خطأ 404|tag\s*:|tags?\s*[-–|]|archives?\s*:|وسم\s*:|الوسم\s*:|كلمات دلالية\s*:)",
    re.IGNORECASE)
# WordPress's archive titles: "Category: …", "Author: …", "Catégorie : …", "التصنيف: …", before a
# section's or a person's name of a few words; a headline may open so too ("Author: Arab youth
# are the region's biggest opportunity", "الكاتب: الرواية العربية تعيش أزهى عصورها").
# One to four whitespace-separated words: ``\s+`` between them, as ``(?:\S+\s*){1,4}`` tried every
# way of cutting one long token in four (a title "Author: <200 characters> will visit…" took 8 s).
_ARCHIVE_LABEL = re.compile(r"^\W*(?:category|author|catégorie|auteur|étiquette|التصنيف|الكاتب|الكاتبة)\s*:"
                            r"\s*\S+(?:\s+\S+){0,3}\s*$", re.IGNORECASE)
# Yoast's archive titles: "Rana Haddad, Author at The Amman Observer", "Sahara Archives - Hespress"
# (a name of one or two words before "Archives", capitalised as the template writes it, then the
# site's name: "Jordan Opens National Archives - Site" is a headline).
# A search page titled with the word alone (its title, not any <h1>: a search overlay may have one).
_SEARCH_TITLE = re.compile(r"^\W*(?:search|recherche|بحث|البحث)\W*$", re.IGNORECASE)
_ARCHIVE_TITLE = re.compile(r",\s(?:[Aa]uthor at|[Aa]uteur(?:/autrice)? (?:à|sur)|[Aa]utor en)\s"
                            r"|^\W*(?:[^\W\d_][\w'’.-]*\s){1,2}Archives\s*[-–—|»]")
_LISTING_QUERY_MAX_WORDS = 4  # "Tag : Maroc", "Search results for: port of Tangier"; a headline goes on
_LISTING_TAIL_SEPARATOR = re.compile(r"\s[|–—»-]\s")  # before the site's name in the HTML title


def _is_label_and_query(rest: str) -> bool:
    """What follows a listing title's word ("Recherche :", "Tags -", "404") is a query, a tag's
    name or a not-found phrase (up to four words, the site's name after a separator aside), not
    the rest of a headline."""
    separators = list(_LISTING_TAIL_SEPARATOR.finditer(rest))
    rest = rest[:separators[-1].start()] if separators else rest
    return len([word for word in rest.split() if any(ch.isalnum() for ch in word)]) <= _LISTING_QUERY_MAX_WORDS


_LISTING_HEADLINE_MAX_WORDS = 3  # a section's name ("اقتصاد وبورصة", "Economie"); headlines are longer
_LISTING_MIN_CARDS = 5  # headings that link to other pages


def _is_listing_by_sight(tree: HtmlElement, page: _PageMeta, title: str | None, paragraphs: Sequence[str],
                         url: str, *, min_words: int = 40) -> bool:
    """A section, tag, search or error page the metadata checks let through: titled as search
    results, a missing page or a tag, whatever it declares (many CMSs put og:type "article" on
    every page); or, declaring no article, titled with a section's name of a few words over
    cards whose headings link to other pages; or, declaring an article by its og:type alone,
    with a body made of such cards' texts (:func:`_body_in_cards`); or, declaring no dated article
    and no author in its metadata, with a body made of the texts of two or more repeated cards and too
    little text of its own for a story (:func:`_body_in_few_cards`)."""
    h1 = next((shown_text(h) for h in tree.iter("h1")), "")
    html_title = _html_title(tree)
    titles = [text for text in (title, h1, html_title) if text]
    dated_article = bool(page.ld_types & ARTICLE_TYPES or page.first("article:published_time"))
    if any((match := _LISTING_TITLE.match(text)) and (not dated_article or _is_label_and_query(text[match.end():]))
           for text in titles):
        # a dated article's headline may open with the word ("Recherche : un laboratoire met au
        # point…", "404 migrants rescued…", "Archives : quand Hassan II recevait…"): on such a page
        # the title is a listing's only when the word is followed by a query or a name, no headline
        return True
    if any(_ARCHIVE_LABEL.match(text) for text in titles):
        return True
    if not page.ld_types & ARTICLE_TYPES and any(_ARCHIVE_TITLE.search(text) for text in titles):
        # "Ottoman Archives - Gulf Daily" may be a story's title; its JSON-LD then says so
        return True
    if any(_SEARCH_TITLE.match(text) for text in (title, html_title) if text):
        return True
    if page.ld_types & GALLERY_TYPES and not page.ld_types & ARTICLE_TYPES:
        return True
    if _shows_several_posts(page.post_items, title):
        return True
    if not dated_article and not _declares_author(page) and _body_in_few_cards(tree, paragraphs, title, url, min_words=min_words):
        # a young tag or dossier page: two to four cards and little text of its own
        return True
    if _declares_article(page):
        # og:type "article" alone is what many Arabic CMSs stamp on every page, tag pages included
        return not dated_article and _body_in_cards(tree, paragraphs, title, url)
    if not title or len(title.split()) > _LISTING_HEADLINE_MAX_WORDS and (
            page.first("og:type") or "").lower() not in {"profile", "books.author"}:
        # a section's name is short; a profile page (its own word) is titled with a name and more
        return False
    linked = {a.get("href") for a in tree.xpath(
        "//h2//a[@href] | //h3//a[@href] | //h4//a[@href] | //a[@href][.//h2 or .//h3 or .//h4]")}
    return len(linked) >= _LISTING_MIN_CARDS and not _story_beside_cards(tree, paragraphs)


_STORY_MIN_PARAGRAPHS = 3  # a section's introduction is one paragraph


def _story_beside_cards(tree: HtmlElement, paragraphs: Sequence[str]) -> bool:
    """The page's <h1> and three or more paragraphs of the body (of a sentence or more each) share
    a container that holds no heading linking elsewhere: a story with a column of linked headings
    beside it ("Most read"), not a section page, whose texts sit in the cards under its name."""
    texts = [key for paragraph in paragraphs if len(key := compact(paragraph)) >= _CARD_PARAGRAPH_CHARS]
    h1 = next(tree.iter("h1"), None)
    if h1 is None or len(texts) < _STORY_MIN_PARAGRAPHS:
        return False
    for container in h1.iterancestors():
        held = compact(shown_text(container))
        if sum(text in held for text in texts) >= _STORY_MIN_PARAGRAPHS:
            return not _LINKED_HEADINGS_WITHIN(container)
    return False


_LINKED_HEADINGS = etree.XPath("//h2[.//a[@href]] | //h3[.//a[@href]] | //h4[.//a[@href]] "
                               "| //a[@href][.//h2 or .//h3 or .//h4]")
_LINKED_HEADINGS_WITHIN = etree.XPath(".//h2[.//a[@href]] | .//h3[.//a[@href]] | .//h4[.//a[@href]] "
                                      "| .//a[@href][.//h2 or .//h3 or .//h4]")
_CARD_PARAGRAPH_CHARS = 40  # a teaser's summary; a date or a "read more" is shorter


def _body_in_cards(tree: HtmlElement, paragraphs: Sequence[str], title: str | None, url: str) -> bool:
    """The body is the texts of a listing's cards: most of its paragraphs (by length) lie in
    five or more cards, a card being the largest box around a heading that links to another
    page of the site and around no other such heading, nor the page's <h1>; a heading that is
    the page's headline, or links within the page (a live blog's entries), makes no card. A
    story's paragraphs are in one box: its own."""
    if len(paragraphs) < _LISTING_MIN_CARDS:
        return False
    headline = compact(title or "")
    page_url = split_url(url) or split_url("")
    headings = []
    for heading in _LINKED_HEADINGS(tree):
        link = heading if heading.tag == "a" else next(heading.iter("a"))
        target = split_url((link.get("href") or "").strip())
        if (target is None or not target.path.strip("/") or target.hostname and target.hostname != page_url.hostname
                or target.path.rstrip("/") == page_url.path.rstrip("/") or headline and compact(shown_text(heading)) == headline):
            continue
        headings.append(heading)
    if len(headings) < _LISTING_MIN_CARDS:
        return False
    held: dict[HtmlElement, int] = {}
    for heading in headings:
        for ancestor in heading.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + 1
    for h1 in tree.iter("h1"):
        for ancestor in h1.iterancestors():
            held[ancestor] = held.get(ancestor, 0) + 2
    cards = {}
    for heading in headings:
        card = heading
        while (parent := card.getparent()) is not None and held.get(parent) == 1:
            card = parent
        cards[card] = compact(shown_text(card))
    if len(cards) < _LISTING_MIN_CARDS:
        return False
    found: set[HtmlElement] = set()
    in_cards = 0
    for paragraph in paragraphs:
        text = compact(paragraph)
        if len(text) < _CARD_PARAGRAPH_CHARS:
            continue
        card = next((card for card, card_text in cards.items() if text in card_text), None)
        if card is not None:
            found.add(card)
            in_cards += len(paragraph)
    return len(found) >= _LISTING_MIN_CARDS and in_cards >= 0.5 * sum(len(p) for p in paragraphs)


def _declares_author(page: _PageMeta) -> bool:
    """The page names its writer in its metadata (a JSON-LD author, ``article:author``): a story's
    byline, which no tag or section page has. A plain ``author`` meta is left out: many CMSs put
    the site's name there on every page."""
    return bool(page.ld_authors) or page.first("article:author", "og:article:author") is not None


_FEW_CARDS = 2  # a young tag's or dossier's cards; one card and a text is a story and its teaser
_FEW_CARDS_MAX = 4  # five cards or more are :func:`_body_in_cards`' and the five-card check's to judge
_FEW_CARDS_NAME_WORDS = 5  # a tag's, dossier's, section's or author's name; a story's headline is a sentence
_TEASER_MAX_WORDS = 50  # a teaser's text beside its linked headline: a summary, a date, a label
_TEASER_KICKER_WORDS = 6  # a teaser's text ahead of its headline: a label, a date, "12 photos"
_CARD_TITLE_WORDS = 3  # a link whose text is a headline ("Truce talks resume in Cairo"), not "More"
_FEW_CARDS_SHARE = 0.6  # of the body's characters: the cards' texts, an intro line beside them
# Headline-like links a page of a few cards may hold (menus, footers, "most read" lists); a page
# with more is no young tag's, and the other checks judge it: the work here grows with them
_FEW_CARDS_MAX_LINKS = 2000
_CARD_HEADINGS = frozenset({"h2", "h3", "h4"})
_CARD_HEADING_WITHIN = etree.XPath(".//h2 | .//h3 | .//h4")


def _body_in_few_cards(tree: HtmlElement, paragraphs: Sequence[str], title: str | None, url: str, *,
                       min_words: int) -> bool:
    """The body is the texts of a few teaser cards (a young tag, dossier, author, search or section
    page with two to four stories, titled with a name of a few words, not a headline): a card being
    the largest box around the links to one other page of the site (a picture and a headline, the
    headline a link of three words or more or a linked <h2>-<h4>, a line of its own:
    :func:`_stands_alone`) that holds no link to another such page nor the page's <h1>, and that
    is a teaser's size and shape (:func:`_is_teaser`: its headline ahead of its text, a summary of
    a few lines); two or more of them siblings of one tag under one parent (repeated blocks, as a
    listing's template writes them), two to four of them holding the body's text, each linking to
    a page of its own; 60% of the body's characters lie in such cards, and what lies outside them
    (the term's description, "3 results", and the text of boxes larger than a teaser) is shorter
    than a story (``min_words``). A link to the page itself, with another query or fragment (a
    live blog's entries), makes no card. A story's paragraphs sit in its own box, apart from the
    related cards under or beside it; a story split into boxes that each close on a "Read more"
    link has boxes that open on its text, or hold more than a teaser; a story made of linked
    items ("Four reads for the weekend") sets each item's heading and text side by side in that
    box, in no card of their own."""
    texts = [(key, paragraph) for paragraph in paragraphs if len(key := compact(paragraph)) >= _CARD_PARAGRAPH_CHARS]
    if len(texts) < _FEW_CARDS:
        return False
    headline = compact(title or "")
    h1 = next((shown_text(h) for h in tree.iter("h1")), "") or title or ""
    if count_words(h1) > _FEW_CARDS_NAME_WORDS:
        return False  # a headline ("Botola Pro: the results of the 12th round"), no tag's name
    page_url = split_url(url) or split_url("")
    host = (page_url.hostname or "").lower()
    page_path = page_url.path.rstrip("/")
    paths: dict[str, str | None] = {}  # href: the path of the other page of the site it links to
    state: dict[HtmlElement, object] = {}  # box: the one target it holds, or _MANY
    links: list[HtmlElement] = []
    for link in tree.iter("a"):
        href = (link.get("href") or "").strip()
        if href not in paths:
            path = _site_path(href, host)
            paths[href] = path if path is None or path.partition("?")[0] != page_path else None
        if (path := paths[href]) is None:
            continue
        text = link.text_content()
        block = link.getparent()
        while block is not None and block.tag in _INLINE_TAGS:
            block = block.getparent()
        if len(text.split()) < _CARD_TITLE_WORDS and (block is None or block.tag not in _CARD_HEADINGS) \
                or headline and compact(text) == headline:
            continue
        if block is not None and not _stands_alone(block, text):
            continue  # a link in a sentence (a CMS links its tags' names in the story's text)
        links.append(link)
        if len(links) > _FEW_CARDS_MAX_LINKS:
            return False
        # each box's state, climbing from the link: one pass over the tree in all (a box holding
        # another target, or the <h1>, holds many; so do the boxes around it, already marked)
        for ancestor in link.iterancestors():
            held = state.get(ancestor)
            if held is None:
                state[ancestor] = path
            elif held is _MANY or held == path:
                break
            else:
                state[ancestor] = _MANY
    if len({paths[(link.get("href") or "").strip()] for link in links}) < _FEW_CARDS:
        return False
    for h1 in tree.iter("h1"):
        for ancestor in h1.iterancestors():
            if state.get(ancestor) is _MANY:
                break
            state[ancestor] = _MANY  # a box that holds the <h1> is no card
    boxes: dict[HtmlElement, None] = {}
    for link in links:
        card = link
        while (parent := card.getparent()) is not None and state.get(parent, _MANY) is not _MANY:
            card = parent
        if card is not link and card not in boxes:
            boxes[card] = link
    # a box larger than a teaser, or opening on its text and closing on its link, is the page's own
    # text: a story's part with its "Read more"
    boxes = {card: link for card, link in boxes.items() if _is_teaser(card, link)}
    siblings: dict[tuple[HtmlElement | None, str], int] = {}
    for card in boxes:
        siblings[(card.getparent(), card.tag)] = siblings.get((card.getparent(), card.tag), 0) + 1
    repeated = {card for card in boxes if siblings[(card.getparent(), card.tag)] >= 2}
    if len(repeated) < _FEW_CARDS:
        return False
    # a section front's hero, alone in its box over the repeated cards, is a card if it has a
    # heading (a link in a story's paragraph makes none)
    cards = {card: compact(shown_text(card)) for card in boxes if card in repeated or _CARD_HEADING_WITHIN(card)}
    found: set[HtmlElement] = set()
    in_cards = outside = 0
    for key, paragraph in texts:
        card = next((card for card, card_text in cards.items() if key in card_text), None)
        if card is None:
            outside += count_words(paragraph)
        else:
            found.add(card)
            in_cards += len(paragraph)
    outside += sum(count_words(p) for p in paragraphs if len(compact(p)) < _CARD_PARAGRAPH_CHARS)
    targets = {paths[(boxes[card].get("href") or "").strip()] for card in found}
    return (len(found & repeated) >= _FEW_CARDS and len(found) <= _FEW_CARDS_MAX and len(targets) == len(found)
            and outside < min_words and in_cards >= _FEW_CARDS_SHARE * sum(len(p) for p in paragraphs))


def _is_teaser(card: HtmlElement, headline: HtmlElement) -> bool:
    """``card``, the box around the link ``headline`` (its first headline-like link), is a
    teaser's: the headline comes first, behind a label or a date at most (:data:`_TEASER_KICKER_WORDS`),
    and the text beside the card's links is a summary's (:data:`_TEASER_MAX_WORDS`), not a story's
    paragraphs."""
    text = " ".join(_SHOWN_TEXTS(card))  # a space between blocks: a headline's last word is no summary's first
    words = [key for word in text.split() if (key := compact(word))]
    title = [key for word in headline.text_content().split() if (key := compact(word))]
    start = next((i for i in range(min(len(words) - len(title), _TEASER_KICKER_WORDS) + 1)
                  if words[i:i + len(title)] == title), None) if title else None
    if start is None:
        return False
    links = sum(count_words(link.text_content()) for link in card.iter("a"))
    return count_words(text) - links <= _TEASER_MAX_WORDS


_SHOWN_TEXTS = etree.XPath(".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")
_MANY = object()  # a box holding links to two or more pages, or the <h1>
_INLINE_TAGS = frozenset({"a", "b", "strong", "em", "i", "span", "font", "u", "small", "mark", "abbr", "time"})


def _stands_alone(block: HtmlElement, text: str) -> bool:
    """A link of ``text`` in ``block`` (the nearest of its ancestors that is no inline element) is a
    line of its own, as a card's headline is: its text is at least half of the block's inline text
    (a heading's, a card's text box's; the blocks within it left out), not a few words in a
    sentence of a paragraph."""
    line = len((block.text or "").strip())
    for child in block:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            line += len(child.text_content().strip())
        line += len((child.tail or "").strip())
    return 2 * len(text.strip()) >= line


def _site_path(href: str, host: str) -> str | None:
    """The path (with its query) of the page of the site ``host`` that ``href`` links to, without
    a trailing slash; ``None`` for the home page, another site, a fragment or a ``mailto:``.
    String work only: it runs on every link of an undated page (:func:`split_url` took 0.1 ms a
    link)."""
    if not href or href[0] == "#":
        return None
    if href.startswith("//"):
        netloc, _, rest = href[2:].partition("/")
    elif (scheme := href.partition(":")[0]) and scheme.isalpha() and href[len(scheme):len(scheme) + 3] == "://":
        netloc, _, rest = href[len(scheme) + 3:].partition("/")
    elif ":" in href.split("/", 1)[0]:
        return None  # mailto:, javascript:, tel:
    else:
        netloc, rest = "", href.lstrip("/")
    if netloc and netloc.rpartition("@")[2].partition(":")[0].lower() != host:
        return None
    path = "/" + rest.partition("#")[0]
    path = path.split("?")[0].rstrip("/") + ("?" + query if (query := path.partition("?")[2]) else "")
    return path if path.strip("/") else None


_GALLERY_MIN_FIGURES = 5
# a caption-classed element beside a photo ("photo-caption", "caption", "wp-caption-text"); the
# class is matched as a substring (a " photo-caption " token, which the XPath also asked for, is
# one: that test, with its normalize-space of every element's class, took half its time)
_CAPTION_BESIDE_PHOTO = etree.XPath("/descendant::*[contains(@class, 'caption')][preceding-sibling::img "
                                    "or following-sibling::img or ../img or ../../img or ..//picture]")



def _is_gallery_by_sight(tree: HtmlElement, body: str, body_words: int, *, essay_declared: bool = False) -> bool:
    """A photo gallery that declares itself an article (og:type "article" on every page of the
    CMS): five or more captioned figures, and a body made mostly of their captions (two thirds
    of its words). A story illustrated by a series of photos is mostly prose; the captions of
    other stories' cards are not in the body at all. A photo essay, whose story is told in its
    captions, is an article: when the page declares a dated article (``essay_declared``: in JSON-LD,
    or by its og:type with a publication time) and its
    captions are paragraphs (25 words or more for the median one: a gallery's say what each
    photo shows in 10 to 20), it is not a gallery."""
    captions = tree.xpath("//figure//figcaption")
    paragraphs = body.split("\n\n")
    if len(captions) < _GALLERY_MIN_FIGURES and len(paragraphs) >= _GALLERY_MIN_FIGURES \
            and body_words <= 30 * len(paragraphs):
        # galleries built of divs, a caption-classed element beside each photo (looked for only
        # in a body of short paragraphs: the search costs 2 ms a page)
        captions = _CAPTION_BESIDE_PHOTO(tree)
        if len(captions) < _GALLERY_MIN_FIGURES:
            # or of slides: sibling boxes that each hold a photo and a line of text, whatever its class
            captions = _slide_texts(tree)
    if len(captions) < _GALLERY_MIN_FIGURES:
        return False
    whole = compact(body)
    texts = [text for caption in captions
             if (text := caption if isinstance(caption, str) else shown_text(caption)) and compact(text) in whole]
    if essay_declared and tells_story_in_captions(texts):
        return False  # a photo essay: its captions are the story's paragraphs
    return sum(len(text.split()) for text in texts) >= 2 / 3 * body_words


_SLIDE_MAX_WORDS = 60  # a caption; a card's teaser with its headline and summary may be longer, a story is
_IMAGE_WRAPPERS = {"a", "picture", "span"}


def _slide_texts(tree: HtmlElement) -> list[str]:
    """The captions of a gallery's slides: the most numerous set, five or more, of sibling boxes
    that each hold an image and text of 60 words or fewer, the caption being the longest text of
    a child of the box ("<div class='slide'><img><p>caption</p><span>3 / 10</span></div>"). The
    photos of a story sit among its paragraphs in one container, not in boxes of their own."""
    boxes: dict[HtmlElement, dict[HtmlElement, None]] = {}
    for image in tree.iter("img"):
        box = image.getparent()
        while box is not None and box.tag in _IMAGE_WRAPPERS:
            box = box.getparent()
        parent = box.getparent() if box is not None else None
        if parent is not None:
            boxes.setdefault(parent, {})[box] = None
    best: list[str] = []
    for siblings in boxes.values():
        if len(siblings) < max(_GALLERY_MIN_FIGURES, len(best) + 1):
            continue
        texts = []
        for box in siblings:
            lines = [text for child in box if isinstance(child.tag, str) and child.tag != "img" and (text := shown_text(child))]
            caption = max(lines, key=len, default="")
            if caption and len(shown_text(box).split()) <= _SLIDE_MAX_WORDS:
                texts.append(caption)
        if len(texts) >= _GALLERY_MIN_FIGURES and len(texts) > len(best):
            best = texts
    return best


_CONSENT_NAMES = frozenset({"consent", "cookie", "cookies", "cookiewall", "gdpr", "rgpd", "didomi", "onetrust",
                            "cmp", "cookiebot", "usercentrics"})


def _in_consent_container(tree: HtmlElement, paragraphs: Sequence[str]) -> bool:
    """The body's first paragraph is the text of a container whose class or id names a consent
    tool ("gdpr-wall", "cookie-consent", "didomi-popup", "qc-cmp2-ui"). Searched only when the
    body's words are a consent wall's (see :func:`crawler.boilerplate.is_consent_wall`)."""
    first = compact(paragraphs[0])
    for element in tree.xpath("//*[@class or @id]"):
        names = " ".join(filter(None, (element.get("class"), element.get("id"))))
        if {t.lower() for t in re.split(r"[\s\-_]+", names) if t} & _CONSENT_NAMES and first in compact(
                shown_text(element)):
            return True
    return False


_PROSE_LINE_WORDS = 10  # a sentence of a story; a table row, a label, a time or a day's forecast is shorter
_PROSE_MIN_WORDS = 30  # a brief of two sentences has more (the shortest stories measured: 46 words)
_SERVICE_MIN_LINES = 8  # the rows of a table of prices or times, the days of a forecast
_DIGIT = re.compile(r"\d")


def _prose_words(paragraphs: Sequence[str]) -> int:
    """Words in the body's sentences: its lines of ten words or more that are not table rows
    (cells joined by " | ")."""
    return sum(words for paragraph in paragraphs
               if " | " not in paragraph and (words := count_words(paragraph)) >= _PROSE_LINE_WORDS)


def _is_video_page(page: _PageMeta, paragraphs: Sequence[str]) -> bool:
    """A video's page: og:type "video.*" or a JSON-LD ``VideoObject``, no JSON-LD article type,
    and under 30 words of sentences (the clip's one-line description, its duration, other clips'
    titles). A story with a video embedded in it is told in sentences, or declares its article
    type beside the video's."""
    if page.ld_types & ARTICLE_TYPES or not (
            "videoobject" in page.ld_types or (page.first("og:type") or "").lower().startswith("video.")):
        return False
    return _prose_words(paragraphs) < _PROSE_MIN_WORDS


def _declares_publication(page: _PageMeta) -> bool:
    return page.first("article:published_time", "og:article:published_time", "datepublished") is not None


def _is_service_page(page: _PageMeta, paragraphs: Sequence[str]) -> bool:
    """A service page (prayer times, exchange rates, a weather forecast): a body of eight lines or
    more, table rows and short lines, half of them holding figures, with under 30 words of
    sentences, on a page that declares neither a JSON-LD article type nor a publication time
    (og:type "article" is what such CMSs stamp on every page). A story set around a table has an
    intro of sentences (the shortest measured: 64 words); a breaking brief of two or three lines
    is too few lines; a poem's short lines hold no figures."""
    if len(paragraphs) < _SERVICE_MIN_LINES or page.ld_types & ARTICLE_TYPES or _declares_publication(page):
        return False
    prose = _prose_words(paragraphs)
    return (prose < _PROSE_MIN_WORDS and sum(count_words(p) for p in paragraphs) >= 3 * prose
            and 2 * sum(1 for p in paragraphs if _DIGIT.search(p)) >= len(paragraphs))


_FULL_POST_WORDS = 80


def _shows_several_posts(items: Sequence[HtmlElement], title: str | None) -> bool:
    """A label, archive or home page of a blog that shows several whole posts, each marked up as
    a schema.org post (Blogger's ``/search/label/…``): two or more such items of 80 words or
    more, none headed by the page's own headline (a story with the next one appended below it
    by an infinite scroll stays an article). Related cards marked up the same way hold a
    headline and a line, not a post."""
    if len(items) < 2:
        return False
    outermost = [item for item in items if not any(ancestor in items for ancestor in item.iterancestors())]
    full = [item for item in outermost if len(shown_text(item).split()) >= _FULL_POST_WORDS]
    if len(full) < 2:
        return False
    headline = compact(title or "")
    for item in full:
        heading = next(item.iter("h1", "h2", "h3"), None)
        if headline and heading is not None and compact(shown_text(heading)) == headline:
            return False
    return True


# A card's excerpt ends with its link to the story: "… la saison estivale.Lire la suite »".
_READ_MORE_END = _GatedRegex(re.compile(r"(?:lire la suite|read more|continue reading|en savoir plus|اقرأ المزيد|"
                                        r"المزيد|التفاصيل|تابع القراءة)\s*[»›>→…]*\s*$", re.IGNORECASE),
                             ("lire la suite", "read more", "continue reading", "en savoir plus"))
_EXCERPTS_MIN = 3


def _read_more_excerpts(paragraphs: list[str], link_texts: list[str]) -> int:
    """How many ``paragraphs`` end with a read-more link: the label ending the paragraph is a link
    of the page ("… Lire la suite »" with "Lire la suite »" linked), or ends one (a card linked
    whole), one link for each such excerpt. The label's words are also a story's ("… وإليكم
    التفاصيل", "… دون أن يكشف عن المزيد": Arabic paragraphs often end with no full stop); a page's
    one "المزيد" menu link makes no dossier of them."""
    labels = [compact(found.group()) for paragraph in paragraphs if (found := _READ_MORE_END.search(paragraph))]
    if len(labels) < _EXCERPTS_MIN:
        return 0
    linked = [key for text in link_texts if (found := _READ_MORE_END.search(text)) and (key := compact(found.group()))]
    return sum(1 for label in labels if label and linked.count(label) >= _EXCERPTS_MIN)


def _is_linked(paragraph: str, links: set[str]) -> bool:
    """The paragraph is a link's text, or most of it: a card's link that also holds its duration,
    date or section ("02:10 <headline>", "<headline> منذ ساعتين"). A link around a whole story
    (an old template's anchor) holds many paragraphs, each a small part of it."""
    if paragraph in links:
        return True
    size = len(paragraph)
    return size >= 15 and any(size < len(link) <= 2 * size and paragraph in link for link in links)


def _is_listing(page: _PageMeta, paragraphs: list[str], link_texts: list[str]) -> bool:
    """True for section, tag, author and search pages: declared so, or a body made of link texts,
    or of excerpts that each end with a link to the story ("… Lire la suite »", a dossier or
    hub page, whatever og:type it carries)."""
    if _read_more_excerpts(paragraphs, link_texts) >= _EXCERPTS_MIN:
        return True
    if _declares_article(page):
        return False
    og_type = (page.first("og:type") or "").lower()
    declared_listing = bool(page.ld_types & NOT_ARTICLE_TYPES) or og_type in NOT_ARTICLE_OG_TYPES
    if not paragraphs:
        return declared_listing
    links = {compact(t) for t in link_texts if len(t) >= 15}
    linked = sum(len(p) for p in paragraphs if _is_linked(compact(p), links))
    link_share = linked / max(sum(len(p) for p in paragraphs), 1)
    if link_share >= 0.5:
        return True
    return declared_listing and (link_share >= 0.3 or page.ld_types & (OWN_WORD_TYPES | {"faqpage"}) != set())
