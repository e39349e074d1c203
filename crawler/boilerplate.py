"""Boilerplate removal around trafilatura, for English, Arabic and French news pages.

Two stages, both pure:

* DOM stage (before trafilatura): :func:`clean_dom` drops containers whose class/id/role names
  them as chrome (related stories, share bars, newsletter boxes, comments, embedded posts),
  ``<aside>``, and the site profile's ``drop_selectors``, and marks a story spread over blocks
  of one kind (a live blog's entries) as the article's body; :func:`merge_split_bodies` joins an
  article body that in-article ads split into sibling containers.
* Text stage (after trafilatura): :func:`clean_paragraphs` drops or trims teaser lines
  ("Also Read …", "اقرأ أيضاً …", "Lire aussi …"), follow/share/newsletter prompts, copyright
  lines, embedded-tweet residue and the headline repeated as the first paragraph.

Helpers for metadata: :func:`clean_title` (site-name prefix/suffix) and :func:`clean_authors`
(bylines to person names, publisher and wire rules).

Settings: none directly; per-site ``ExtractionHints`` (``drop_selectors``, ``teaser_phrases``,
``title_suffixes``) come from the site profile.
"""

from __future__ import annotations

import bisect
import copy as copy_module
import difflib
import functools
import html
import itertools
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import urljoin

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.xpaths import BODY_XPATH

from crawler.dates import find_date_in_text, shows_unread_date
from crawler.discovery import looks_like_article_url
from crawler.language import ARABIC_SCRIPT, letter_words
from crawler.profile_selectors import SELECTOR_ERRORS, is_xpath

logger = logging.getLogger(__name__)

__all__ = [
    "TEASER_PHRASES",
    "WIRE_NAMES",
    "clean_authors",
    "clean_dom",
    "clean_paragraphs",
    "clean_title",
    "compact",
    "is_consent_wall",
    "is_dateline",
    "is_person_like",
    "is_wire_name",
    "leading_byline",
    "names_beside_place",
    "writes_prefix",
    "lost_standfirst",
    "trailing_credit",
    "merge_split_bodies",
    "attach_footnotes",
    "open_photo_essay",
    "drop_headline_chrome",
    "lost_key_points",
    "opens_with_by_word",
    "GENRE_LABEL",
]

# ---------------------------------------------------------------------------------------------
# DOM stage

# class/id tokens that name a chrome container. Matched against tokens of class/id split on
# "-", "_" and spaces, so "related-posts" and "postRelated" both hit but "unrelated" does not.
_CHROME_TOKENS = {
    "related", "relatedposts", "relatedarticles", "related_articles", "readmore", "read_more", "alsoread",
    "also_read", "more_stories", "morestories", "recommended", "recommendations", "share", "sharing",
    "sharebar", "social", "socials", "newsletter", "newsletters", "subscribe", "subscription", "comments",
    "comment", "disqus", "outbrain", "taboola", "promo", "advert", "advertisement", "ads", "ad", "sponsored",
    "popular", "trending", "mostread", "most_read", "breadcrumb", "breadcrumbs", "tags", "tag_list",
    "author_bio", "authorbio", "nav", "navigation", "footer", "sidebar", "widget", "jp_relatedposts",
    "signup", "consent", "cookie", "cookies", "gdpr", "paywall", "abonnement", "abonnes", "premium_box",
    "donate", "donation", "donations", "membership", "support", "reactions", "réactions",
    "soutenir", "soutien",
}
# Layout names, not kinds of chrome: every block of an Elementor page is an "elementor-widget"
# (its text, its subheadings, its pictures), and themes call a column "sidebar". Beside the
# story they are chrome; the blocks the story itself is built of stay (see _in_story_layout).
_LAYOUT_TOKENS = frozenset({"widget", "sidebar"})
_CHROME_PHRASES = ("related", "read-more", "readmore", "also-read", "share", "social", "newsletter",
                   "comment", "outbrain", "taboola", "recommend", "more-stories", "most-read", "trending")
_TOKEN_SPLIT = re.compile(r"[\s\-_]+|(?<=[a-z])(?=[A-Z])")
# (WordPress's "wp-embedded-content": the card another post of the site is embedded as)
# (Facebook's "fb-xfbml-parse-ignore": the post's blockquote, also without its "fb-post" wrapper)
_EMBED_CLASSES = ("twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "fb-video", "twitter-timeline",
                  "wp-embedded-content", "fb-xfbml-parse-ignore")
_KEEP_TAGS = {"html", "body", "main", "article", "head"}
_HIDEABLE_TAGS = {"div", "section", "span", "p", "ul", "ol", "figure", "header", "table"}
# A writer's bio is named by two words, one for the writer and one for the bio ("writer-desc",
# "author-description", "about-author"): either alone names the byline or a story's summary.
_WRITER_TOKENS = frozenset({"author", "writer", "auteur", "columnist", "kateb", "katib"})
_BIO_TOKENS = frozenset({"bio", "biography", "desc", "description", "about"})
# "writer-box" names the writer's box of photo, name, bio and links, and as often a columnist's
# story held in the writer's box (its lede under the writer's name): a bio box only with the
# writer's photo in it (:func:`_is_writer_card`)
_WRITER_BOX_TOKEN = "box"
_WRITER_WORD = re.compile("|".join(sorted(_WRITER_TOKENS)), re.IGNORECASE)
# hover cards inside prose ("rollover-people-block": a name's bio and headline links)
_POPUP_TOKENS = {"rollover", "tooltip", "popover", "hovercard"}


def _tokens(value: str) -> set[str]:
    return {t.lower() for t in _TOKEN_SPLIT.split(value) if t}


_KIND = "kind"  # of chrome: related, share, newsletter, comments, ads, navigation …
_LAYOUT = "layout"  # a layout word only: widget, sidebar


# The classes WordPress's post_class() puts on a post's wrapper that name the post's subject or
# state, not a part of the page: "category-social", "tag-reactions", "tag-salah-ad-din",
# "format-standard", "status-publish", "type-post", "post-77", "hentry". A story filed under
# "Social" or tagged "donations" is a story; read, they named its wrapper as chrome. Left out only
# beside the signature of such a list ("hentry", "post-77", "status-publish"): elsewhere a
# "tag-list" or "tag-cloud" is the page's tags.
_TAXONOMY_CLASS = re.compile(r"^(?:(?:category|tag|post_tag|post-tag|format|status|type)-\S+|post-\d+|hentry)$",
                             re.IGNORECASE)
_POST_CLASS_SIGN = re.compile(r"^(?:hentry|post-\d+|status-[a-z]+)$", re.IGNORECASE)


# Where a text's lower case (``str.lower``) may not hold what a pattern compiled with IGNORECASE
# matches in it: Arabic letters (a pattern's Arabic words are not gated), and the letters that
# ``re`` takes for an ASCII one but ``str.lower`` does not make it (dotted capital I, dotless i,
# long s: ``tests/test_extract_units.py`` derives them from ``re``'s own case tables).
_UNGATED_CHARS = re.compile("[\u0600-\u06ff\u0130\u0131\u017f]")


class _GatedRegex:
    """A compiled pattern (with IGNORECASE) whose every match holds one of ``needles`` (lower
    case, Latin script) unless it is a match of its Arabic words: ``search`` runs it only where a
    needle is in the text's lower case or the text has Arabic letters (see :class:`_GatedPattern`),
    with the same answer as its own ``search``."""

    __slots__ = ("compiled", "needles")

    def __init__(self, compiled: re.Pattern[str], needles: tuple[str, ...]) -> None:
        self.compiled, self.needles = compiled, needles

    def search(self, text: str) -> re.Match[str] | None:
        if _UNGATED_CHARS.search(text) is None:
            lowered = text.lower()
            if not any(needle in lowered for needle in self.needles):
                return None
        return self.compiled.search(text)


def _layout_classes(classes: str | None) -> str | None:
    """``classes`` without the post's taxonomy and state classes when they are a WordPress
    post's (:data:`_TAXONOMY_CLASS`)."""
    if not classes:
        return classes
    words = classes.split()
    if not any(_POST_CLASS_SIGN.match(word) for word in words):
        return classes
    return " ".join(word for word in words if not _TAXONOMY_CLASS.match(word))


def _chrome_naming(element: HtmlElement, *, by_role: bool = True) -> str | None:
    """How the element's role, label or classes name it as chrome: ``_KIND``, ``_LAYOUT`` when
    only a layout word does ("elementor-widget", see ``_LAYOUT_TOKENS``), or ``None``."""
    # (the attributes read in one call: this runs on most blocks of every page, and many have none,
    # which names nothing)
    if not (attributes := element.items()):
        return None
    get = dict(attributes).get
    return _attributes_naming(get("class"), get("id"), get("role"), get("aria-label"), by_role)


@functools.lru_cache(maxsize=4096)  # a page's elements repeat a few hundred class/id/role/label sets
def _attributes_naming(classes: str | None, element_id: str | None, role: str | None, aria: str | None,
                       by_role: bool) -> str | None:
    """:func:`_chrome_naming` of an element with these attributes (it reads no other)."""
    names = " ".join(filter(None, (_layout_classes(classes), element_id)))
    role = (role or "").lower()
    aria = (aria or "").lower()
    if by_role and role in {"complementary", "navigation", "contentinfo", "banner"}:
        return _KIND
    if aria and any(p in aria for p in ("related", "share", "newsletter", "comment", "social")):
        return _KIND
    if not names:
        return None
    lowered = names.lower()
    if any(cls in lowered for cls in _EMBED_CLASSES):
        return _KIND
    tokens = _tokens(names)
    named = tokens & _CHROME_TOKENS
    if named - _LAYOUT_TOKENS or _names_a_writer_bio(tokens):
        return _KIND
    if any(phrase in lowered for phrase in _CHROME_PHRASES) and not any(
            t in lowered for t in ("article-body", "post-content", "entry-content", "story-body")):
        return _KIND
    return _LAYOUT if named else None


ESSAY_MIN_CAPTIONS = 5
ESSAY_CAPTION_WORDS = 25
_CREDIT_NAMES = frozenset({"credit", "credits", "copyright", "photographer", "byline"})


def tells_story_in_captions(captions: Sequence[str]) -> bool:
    """Whether these captions tell a story: five or more, the median one of 25 words or more (a
    gallery's say what each photo shows in 10 to 20), and fewer than half of them closed by a
    wire's credit. A wire photo's caption is long too, and says what its photo shows, where and
    when, then credits the agency ("… Friday, June 6, 2025. (AP Photo/Amr Nabil)", "…
    REUTERS/Mohammed Salem"): a gallery of wire photos is a gallery, whatever it declares; an
    essay's captions are its reporter's paragraphs, its own photographer credited beside them."""
    ordered = sorted(len(caption.split()) for caption in captions)
    return len(ordered) >= ESSAY_MIN_CAPTIONS and ordered[len(ordered) // 2] >= ESSAY_CAPTION_WORDS \
        and 2 * sum(map(_credits_a_wire, captions)) < len(captions)


# Photo credits. One vocabulary for every rule that reads one: a caption's closing credit
# (:func:`_credits_a_wire`), a credit line of its own (:data:`_PHOTO_CREDIT_LINE`), a credit closing a
# caption left in the body (:data:`_CAPTION_CREDIT_TAIL`) or glued to a sentence
# (:data:`_CREDIT_AFTER_SENTENCE`), and whether a credit names someone (:func:`_names_a_credit`).
#
# The label before a photo's credit: "Photo:", "Crédit photo :", "صورة:", "تصوير".
_PHOTO_LABEL = r"photos?|crédits?\s+photos?|photo\s+credits?|images?|foto|الصورة|صورة|تصوير"
# The words around an agency's name inside a credit ("AP Photo/…", "Photo by … / AFP", "AFP via Getty
# Images", "File photo", "Pool", "Handout"): separators, like its slashes, when the credit's names are read.
_CREDIT_LABEL_WORDS = re.compile(r"(?i)\b(?:" + _PHOTO_LABEL + r"|pictures?|file|pool|handout|via|by|credits?)\b|[:：]")
# Photo agencies and picture libraries: a photo credited to one is not the page's own photographer's.
_PHOTO_AGENCIES: tuple[str, ...] = ("EPA", "EPA-EFE", "Getty Images", "Getty", "Shutterstock", "iStock", "Unsplash")
# How many characters a credit closing a text takes at most, whitespace collapsed: its label and name
# (60 at most), its brackets or the sentence end or dash before it, a final full stop.
_CREDIT_TAIL_CHARS = 90
# The credit closing a caption: in brackets ("(AP Photo/Amr Nabil)", "(رويترز)"), or after its last
# sentence or a dash or bar ("… June 6, 2025. REUTERS/Mohammed Salem", "… - تصوير: الأناضول"). Read
# only on the last :data:`_CREDIT_TAIL_CHARS` characters of the caption, whitespace collapsed first,
# and with possessive quantifiers: a caption of 300 &nbsp; before an unclosed bracket made an
# unbounded ``\s+`` and the credit's characters backtrack against each other for minutes.
_CLOSING_CREDIT = re.compile(r"(?:\(([^()]{2,60}+)\)|(?:[.!?؟]|\s[-–—|])\s([^.!?؟()]{2,60}+))\s?\.?\s?$")


def _credits_a_wire(caption: str) -> bool:
    """The caption closes with a news or photo agency's credit: "(AP Photo/Amr Nabil)",
    "REUTERS/Mohammed Salem", "(Photo by Said Khatib / AFP)", "EPA-EFE/Mohammed Saber", "(رويترز)".
    A staff photographer's "(Staff photo)" and a bare "(Agencies)" name no agency."""
    found = _CLOSING_CREDIT.search(" ".join(caption.split())[-_CREDIT_TAIL_CHARS:])
    return found is not None and _names_an_agency(found.group(1) or found.group(2))


def _names_an_agency(credit: str) -> bool:
    """Whether one of the names of a photo's credit is a news agency or a photo agency
    (:func:`_is_agency`): the credit is read apart at its slashes, commas, bars, dashes and label
    words ("AP Photo/Amr Nabil", "Photo by Said Khatib / AFP", "AFP via Getty Images",
    "EPA-EFE/Mohammed Saber")."""
    parts = re.split(r"\s*[/,|]\s*|(?<=\w)-(?=\w)|\s+[-–—]\s+", _CREDIT_LABEL_WORDS.sub("|", credit))
    return any(_is_agency(part.strip()) for part in parts if part.strip())


def open_photo_essay(root: HtmlElement) -> bool:
    """A photo essay's captions as the story's paragraphs: five or more ``<figcaption>`` whose
    median one has 25 words or more (a gallery's say what each photo shows in 10 to 20; an
    essay tells its story in them). trafilatura skips figures, found too little text around
    them and fell back to the whole page as one line; each figure becomes a block and its
    caption a paragraph, without the photographer's credit beside it (a credit-classed element,
    "تصوير: …" under each photo). Called only for pages that declare an article in JSON-LD.
    Returns whether it did.

    The captions must also hold as many words as the page's paragraphs outside figures and page
    chrome: a story illustrated with five wire photos captioned at 35 words each ("… (AP
    Photo/…)") is a story, and its captions are no paragraphs of it. Nor is a story of its own,
    with as many paragraphs of prose length as half the captions, that a gallery of long
    captions follows (an event's or a royal activity's photos under a short story)."""
    captions = list(root.iter("figcaption"))
    if len(captions) < ESSAY_MIN_CAPTIONS:
        return False
    texts = [_all_text(caption) for caption in captions]
    if not tells_story_in_captions(texts):
        return False
    outside = [text for p in root.iter("p")
               if not any(ancestor.tag in {"figure", "figcaption", "nav", "footer", "aside", "header"}
                          for ancestor in p.iterancestors()) and (text := _all_text(p))]
    if sum(len(text.split()) for text in texts) < sum(len(text.split()) for text in outside):
        return False
    if 2 * sum(len(text.strip()) >= _STORY_PARAGRAPH_CHARS for text in outside) >= len(captions):
        # a story of its own (as many paragraphs as half the photos) with a gallery of long
        # captions after it: the photos illustrate it; an essay's text is a line or two
        return False
    for caption in captions:
        for credit in [node for node in caption.iterdescendants()
                       if isinstance(node.tag, str) and _tokens(node.get("class") or "") & _CREDIT_NAMES]:
            credit.drop_tree()
        blocks = any(isinstance(node.tag, str) and node.tag in {"p", "div", "ul", "ol"}
                     for node in caption.iterdescendants())
        caption.tag = "div" if blocks else "p"
        figure = caption.getparent()
        if figure is not None and figure.tag == "figure":
            figure.tag = "div"
    return True


def _names_writer_bio(element: HtmlElement) -> bool:
    """Whether the element's classes name it as the writer's bio ("writer-desc", "author-description",
    "auteur-bio", "about-author"): a writer word and a bio word together."""
    names = element.get("class")
    # (its class only, and a substring test first: this runs on every <p> and <span>)
    if not names or not _WRITER_WORD.search(names):
        return False
    return _names_a_writer_bio(_tokens(names))


def _is_writer_card(element: HtmlElement) -> bool:
    """A writer's card ("writer-box", "writerBox"): a writer word and "box" in its classes, and
    the writer's photo in it. The same class over the story's own paragraphs, with no picture, is
    a columnist's layout."""
    names = element.get("class")
    if not names or not _WRITER_WORD.search(names):
        return False
    tokens = _tokens(names)
    return bool(tokens & _WRITER_TOKENS and _WRITER_BOX_TOKEN in tokens
                and next(element.iter("img", "picture"), None) is not None)


def _names_a_writer_bio(class_tokens: set[str]) -> bool:
    """A writer word and a bio word among an element's class words."""
    return bool(class_tokens & _WRITER_TOKENS and class_tokens & _BIO_TOKENS)


def _is_chrome_container(element: HtmlElement, *, by_role: bool = True) -> bool:
    """Named as chrome by its role, label or classes (see :func:`_chrome_naming`)."""
    return _chrome_naming(element, by_role=by_role) is not None


def _text_length(element: HtmlElement) -> int:
    return len(_all_text(element).strip())


def _select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    """Nodes matching a CSS selector, or an XPath when the selector starts with "/" or "("."""
    try:
        if is_xpath(selector):
            return [n for n in tree.xpath(selector) if isinstance(n, etree.ElementBase)]
        return tree.cssselect(selector)
    except SELECTOR_ERRORS as exc:
        logger.warning("invalid extraction selector %r: %s", selector, exc)
        return []


def _drop(element: HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    # keep the tail text (it belongs to the parent), drop the element and its content
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


_PULL_QUOTE = re.compile(r"pull-?_?quote", re.IGNORECASE)


def drop_repeated_pull_quotes(tree: HtmlElement) -> int:
    """Remove pull quotes (blockquotes or figures classed pullquote / pull-quote, WordPress's
    ``wp-block-pullquote``) whose words the story's paragraphs already hold: the same sentence
    in large type, and its ``<cite>``. A quote printed only there is the story's, and stays
    (a figure around it becomes a ``<div>``). Returns how many went."""
    # (set as a blockquote, or a figure around one: an XPath over every element's class cost
    # most of a millisecond a page)
    quotes = [element for element in tree.iter("blockquote", "figure")
              if _PULL_QUOTE.search(element.get("class") or "")]
    quotes = [quote for quote in quotes if not any(ancestor in quotes for ancestor in quote.iterancestors())]
    if not quotes:
        return 0
    prose = compact(" ".join(_all_text(p) for p in tree.iter("p") if not any(
        ancestor in quotes for ancestor in p.iterancestors())))
    removed = 0
    for quote in quotes:
        # its words without the attribution (compact drops spacing, so the texts join as written)
        said = _all_text(quote)
        for cite in quote.iter("cite", "footer", "figcaption"):
            said = said.replace(_all_text(cite), " ")
        key = compact(said)
        if len(key) >= 20 and key[:120] in prose:
            _drop(quote)
            removed += 1
        elif quote.tag == "figure":
            # WordPress's current markup, <figure class="wp-block-pullquote"><blockquote>:
            # trafilatura drops every <figure>, and with it the only copy of the quote
            quote.tag = "div"
    return removed


def _drop_amp_stand_ins(tree: HtmlElement) -> int:
    """On an AMP page (``<html amp>`` or ``<html ⚡>``), the stand-ins of its components: a child
    marked ``fallback`` is shown when the component cannot load ("Your browser doesn't support
    HTML5 video.", "Sorry, this post could not be loaded."), one marked ``placeholder`` while it
    loads ("Loading map…"); neither is the story's text. amp-twitter's ``<blockquote
    placeholder>`` holds the tweet's words, which stay as an embedded tweet's do."""
    root = tree.getroottree().getroot()
    if root is None or not {"amp", "⚡"} & set(root.attrib):
        return 0
    stand_ins = [element for element in root.xpath("//*[@fallback or @placeholder]")
                 if element.tag != "blockquote" and (element.getparent() is not None)
                 and str(element.getparent().tag).startswith("amp-")]
    for element in stand_ins:
        _drop(element)
    return len(stand_ins)


def clean_dom(tree: HtmlElement, drop_selectors: Sequence[str] = (), *, unlinked: list[str] | None = None) -> int:
    """Remove chrome containers from ``tree`` in place; returns how many were removed.

    A container holding most of the page's paragraph text is never removed: a class like
    "post-with-comments" on the article wrapper must not delete the article; nor are the
    blocks a story is laid out in when only a layout word names them ("elementor-widget").
    A story spread over sibling blocks of one kind gets its container marked as the body
    (:func:`_mark_spread_story`). A list the story's sentence announces ("… through these
    programmes:") loses its links, whose texts go to ``unlinked`` (see :func:`_announces_list`).
    """
    removed = 0
    for selector in drop_selectors:
        for node in _select(tree, selector):
            _drop(node)
            removed += 1
    # scripts and styles first: their text would distort the size checks below
    for element in list(tree.iter("script", "style", "noscript", "template")):
        _drop(element)
    removed += _drop_amp_stand_ins(tree)
    for element in list(tree.iter("blockquote")):
        if "twitter-tweet" in (element.get("class") or ""):
            _keep_tweet_text(element)
    removed += drop_repeated_pull_quotes(tree)
    body = tree.find(".//body")
    root = body if body is not None else tree
    prose = prose_blocks(root)
    total_prose = sum(prose.values())
    headline = next(root.iter("h1"), None)
    candidates: list[HtmlElement] = []
    hidden: set[HtmlElement] = set()
    layout_named: set[HtmlElement] = set()  # chrome by a layout name only (see _in_story_layout)
    announced: list[HtmlElement] = []
    headings: list[HtmlElement] = []
    pictures: list[HtmlElement] = []
    service_labels: list[HtmlElement] = []  # (for _service_boxes, gathered in this walk too)
    for element in root.iter(etree.Element):
        tag = element.tag  # (a string: the walk yields elements only)
        if tag in _KEEP_TAGS:
            continue
        if tag in _SERVICE_LABEL_TAGS and (tag in _SERVICE_HEADING_TAGS or (
                (own := element.text) and len(own) <= _SERVICE_LABEL_MAX_CHARS and _SERVICE_TITLE_WORD.search(own))):
            service_labels.append(element)
        if tag in _CARD_PARTS:
            # (gathered in this walk for _inline_story_cards, which needs no walk of its own)
            (pictures if tag in _PICTURE_TAGS else headings).append(element)
        if tag in _HIDEABLE_TAGS and _is_hidden(element):
            hidden.add(element)
            candidates.append(element)
        elif tag == "aside" and _is_story_fact_box(element, prose):
            # a fact box between the story's paragraphs ("… in numbers": a heading and a list):
            # trafilatura drops every <aside>, so it goes on as a <div>
            element.tag = "div"
        elif (tag == "aside" or (tag == "blockquote" and _is_chrome_container(element))
              or (tag == "span" and _is_innermost_popup(element))):
            candidates.append(element)
        elif tag in {"div", "section", "ul", "ol", "nav", "footer", "figure", "form", "header"}:
            naming = _chrome_naming(element)
            if naming is not None:
                candidates.append(element)
                if naming is _LAYOUT:
                    layout_named.add(element)
            elif _is_writer_card(element):
                candidates.append(element)  # the writer's photo, name and bio in a "writer-box"
            elif tag in {"ul", "ol"} and (above := _previous_element(element)) is not None and above.tag == "p" \
                    and (_announces_list(above) or _labels_list_within_story(above, element)):
                announced.append(element)
        elif tag in {"iframe", "svg"}:
            candidates.append(element)
        elif tag in {"p", "span"} and (names := element.get("class")) and _WRITER_WORD.search(names) \
                and _names_writer_bio(element):
            candidates.append(element)  # "<p class="writer-desc">" in the writer's card
        elif tag == "pre":
            _break_pre_lines(element)
    for listing in announced:
        # the story's own list of links, which its sentence above announces: plain text, or
        # the headline-list rule below, trafilatura's link-density filter and the text stage's
        # runs of linked lines (hence ``unlinked``) each drop it as other stories' headlines
        if unlinked is not None:
            unlinked.extend(_all_text(link) for link in listing.iter("a"))
        etree.strip_tags(listing, "a")
    # a sign-up box whatever its class: the block around an e-mail form, with its heading and blurb
    # ("La newsletter Économie" / "… dans votre boîte mail."), which trafilatura keeps once the
    # <form> goes; the prose guard below still applies
    candidates.extend(_sign_up_boxes(root))
    # Headed by what they are and mostly links: dropped even when the cards' summaries
    # outweigh a short story's prose (the guard below is for misleading class names).
    for element in (_headed_link_blocks(root) + _headline_lists(root) + _comment_sections(root, prose)
                    + _labelled_video_boxes(root) + _inline_story_cards(headings, pictures)
                    + _service_boxes(root, service_labels, prose, headline)):
        if _still_attached(element, root):
            _drop(element)
            removed += 1
    story: tuple[HtmlElement | None, set[HtmlElement]] | None = None  # when a candidate needs it
    laid_out: list[HtmlElement] = []
    for element in candidates:
        if element.getparent() is None:
            continue
        if not _still_attached(element, root):
            continue
        if element in layout_named and total_prose:
            if story is None:
                holder, held_by, story_prose = _story_holder(root, prose)
                story = holder, _story_layout_blocks(holder, held_by, story_prose)
            if _in_story_layout(element, *story):
                laid_out.append(element)  # one of the blocks the story is laid out in
                continue
        held = sum(prose.get(p, 0) for p in element.iter())
        if element in hidden:
            # A hidden copy of the article (schema.org microdata) may hold half the prose: hidden
            # blocks stay only when they hold nearly all of it, or go on with the story. A page
            # wrapper a consent dialog hid from screen readers only (aria-hidden on everything
            # behind the modal: still on screen) holds the headline, and stays whatever the
            # dialog's text weighs.
            if ((total_prose and held > 0.8 * total_prose) or (held and _hidden_continuation(element, prose))
                    or held and _only_aria_hidden(element) and headline is not None
                    and headline in element.iter("h1")):
                continue
        elif total_prose and held > 0.3 * total_prose and (held > 300 or held > 0.6 * total_prose):
            continue
        elif held and _story_box(element, prose) and not _is_writer_card(element):
            continue
        _drop(element)
        removed += 1
    # (once every candidate is judged: the names tell the story's layout blocks from the rest)
    # Their layout names go: trafilatura discards every block classed "…widget…", and keeps them
    # only when that would leave almost nothing of the container it took.
    for element in laid_out:
        _drop_layout_names(element)
    _show_quiz_choices(root)
    _mark_spread_story(root, prose)
    return removed


def _formless_radios(root: HtmlElement) -> list[HtmlElement]:
    """The radio buttons outside any ``<form>`` (a script sends the vote or checks the answer),
    in the page's order: what :func:`_formless_polls` and :func:`_show_quiz_choices` read."""
    return [radio for radio in root.iter("input") if (radio.get("type") or "").strip().lower() == "radio"
            and not any(ancestor.tag == "form" for ancestor in radio.iterancestors())]


def _show_quiz_choices(root: HtmlElement) -> None:
    """A quiz's answer choices (radio buttons of several groups outside forms, which
    :func:`_formless_polls` leaves as the story's) as lines of text: trafilatura drops every
    ``<label>``, and the choices with them. A label holding a radio button, or naming one
    (``for``), becomes a paragraph (its list item's text, in a list). One group of radio buttons
    (a poll's, gone with its box by now; a map's year switch) is left as it is."""
    radios = _formless_radios(root)
    if len({radio.get("name") for radio in radios}) < 2:
        return
    by_id = {radio.get("id"): radio for radio in radios if radio.get("id")}
    for label in list(root.iter("label")):
        radio = next((node for node in label.iter("input") if node in radios), None)
        if radio is None:
            radio = by_id.get(label.get("for"))
        if radio is None or not _all_text(label).strip():
            continue
        quiz = False
        for ancestor in radio.iterancestors():
            if ancestor.tag in ("body", "html"):
                break
            if len({node.get("name") for node in ancestor.iter("input") if node in radios}) >= 2:
                # a reader's feedback survey ("Was this article helpful?" Yes/No, then a rating or
                # the reader's age) asks about the page, not the story's questions
                quiz = not _asks_for_feedback(ancestor)
                break
        if not quiz:
            continue
        parent = label.getparent()
        if parent is not None and parent.tag == "li":
            label.drop_tag()
        else:
            label.tag = "p"


# Class words that name chrome and, as often, a story's own box: "expert-comment", "commentary",
# "box-commentaire" (an analyst's quote), "market-shares", "recommendations" (a report's),
# "reactions", "social" (affairs), "promo-text", "support-text", French "soutien" ("soutien-psy":
# the help a story lists). Matched as a word's start.
_AMBIGUOUS_STEMS = ("comment", "share", "sharing", "social", "recommend", "reaction", "réaction", "promo", "support",
                    "donat", "soutien", "soutenir")
# what a box of chrome holds and a story's box does not: controls, a player, a frame
_CONTROL_TAGS = ("form", "input", "button", "select", "textarea", "iframe", "video", "embed", "object")
_STORY_BOX_MAX_LINK_SHARE = 0.25


def _story_box(element: HtmlElement, prose: dict[HtmlElement, int]) -> bool:
    """``element``, named as chrome only by a word that also names a story's own box (see
    :data:`_AMBIGUOUS_STEMS`), is one: it sits between two of the story's paragraphs, its
    siblings, holds text of its own, and shows none of chrome's second signs: a control or
    a frame (a comment form, share buttons, a player), links for a quarter of its text or more
    (a related box), a heading that labels teasers ("Read also") or closes a page ("Comments").
    A real box of chrome between two paragraphs (an inline "Read also", a share bar, an ad)
    shows one; reader comments close the page."""
    if element.tag not in {"div", "section"} or not _named_by_ambiguous_words_only(element):
        return False
    before, after = _previous_element(element), element.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    if before not in prose or after not in prose:
        return False  # (paragraphs themselves: a box after the story's text field is not inside it)
    if next(element.iter(*_CONTROL_TAGS), None) is not None:
        return False
    text = _visible_chars(element)
    if not text or sum(_visible_chars(link) for link in element.iter("a")) >= _STORY_BOX_MAX_LINK_SHARE * text:
        return False
    return not any(_TERMINAL_HEADINGS.match(label := shown_text(heading)) or _is_teaser_label(label)
                   for heading in element.iter("h2", "h3", "h4", "h5", "h6", "strong", "b"))


def _named_by_ambiguous_words_only(element: HtmlElement) -> bool:
    """Its classes and id name it as chrome, and would not without their words of
    :data:`_AMBIGUOUS_STEMS`."""
    names = " ".join(filter(None, (_layout_classes(element.get("class")), element.get("id"))))
    kept = " ".join(word for word in _TOKEN_SPLIT.split(names) if word and not word.lower().startswith(_AMBIGUOUS_STEMS))
    probe = etree.Element("div", {"class": kept}) if kept else etree.Element("div")
    return _chrome_naming(probe) is None


_STORY_SHARE = 0.8  # of the page's prose: the story's container holds this much of it


def _story_holder(root: HtmlElement, prose: dict[HtmlElement, int]
                  ) -> tuple[HtmlElement | None, dict[HtmlElement, int], int]:
    """The innermost element holding most of the page's prose (``_STORY_SHARE`` of the prose
    blocks still in the page), the prose each element holds, and the total. Summed up the
    ancestors of the prose blocks: a few hundred steps, not a walk of the page."""
    top = root.getroottree().getroot()
    held: dict[HtmlElement, int] = {}
    total = 0
    # up from the blocks' parents: a story's paragraphs share a few
    parents: dict[HtmlElement, int] = {}
    for block, length in prose.items():
        if (parent := block.getparent()) is not None:
            parents[parent] = parents.get(parent, 0) + length
    for parent, length in parents.items():
        ancestors = [parent, *parent.iterancestors()]
        if ancestors[-1] is not top:
            continue  # inside chrome that went
        total += length
        for element in ancestors:
            held[element] = held.get(element, 0) + length
    for block, length in prose.items():
        if block.getparent() in held:
            held[block] = held.get(block, 0) + length
    if not total:
        return None, held, total
    # the elements holding over half the prose are one chain of ancestors: down it from the top
    holder, wanted = top, _STORY_SHARE * total
    while (inner := next((child for child in holder if held.get(child, 0) >= wanted), None)) is not None:
        holder = inner
    return holder, held, total


def _in_story_layout(element: HtmlElement, holder: HtmlElement | None, blocks: set[HtmlElement]) -> bool:
    """``element``, named by a layout word only (see ``_LAYOUT_TOKENS``), is one of the blocks
    the story is laid out in: it sits in the story's container (``holder``, see
    :func:`_story_holder`), and the outermost layout-named block around it there (Elementor's
    column "elementor-widget-wrap" around its "elementor-widget-text-editor" and "-heading"
    blocks) is one of the story's (``blocks``, see :func:`_story_layout_blocks`). A sidebar's widgets, in a
    column of their own or in a page wrapper holding story and sidebar, hold little of it."""
    if holder is None:
        return False
    outermost = None
    for node in (element, *element.iterancestors()):
        names = " ".join(filter(None, (node.get("class"), node.get("id"))))
        if _has_layout_name(names):
            outermost = node
        if node is holder:
            return outermost is not None and outermost in blocks
    return False


def _story_layout_blocks(holder: HtmlElement | None, held: dict[HtmlElement, int], total: int) -> set[HtmlElement]:
    """The outermost layout-named blocks inside ``holder`` that the story is laid out in: the
    ones holding the most prose, taken in that order while those taken hold less than
    ``_STORY_SHARE`` of the page's prose, when they come to hold that much; otherwise the
    one holding more than half of it, if any. A story split over two page-builder sections (the
    headline and lede in one, the rest after a picture in another) is two blocks, neither
    holding half the prose, and both are the story's; a sidebar's widget in the same wrapper
    comes once the story's blocks hold most of the prose."""
    if holder is None:
        return set()
    outermost: list[HtmlElement] = []
    stack = [holder]  # (the holder itself may be the layout block: the column around the story)
    while stack:
        node = stack.pop()
        if not isinstance(node.tag, str):
            continue
        if _has_layout_name(" ".join(filter(None, (node.get("class"), node.get("id"))))):
            outermost.append(node)
        else:
            stack.extend(node)
    taken: set[HtmlElement] = set()
    share = 0
    for block in sorted(outermost, key=lambda node: held.get(node, 0), reverse=True):
        if share >= _STORY_SHARE * total or not held.get(block, 0):
            break
        taken.add(block)
        share += held[block]
    if share >= _STORY_SHARE * total:
        return taken
    # the story is not laid out in such blocks (they are a few related rows or captioned pictures
    # beside it): only one holding most of the prose by itself is the story's
    return {block for block in outermost if held.get(block, 0) > 0.5 * total}


# trafilatura's first and strongest choice of the body: the first element whose class or id
# names one ("entry-content", "post-text", itemprop="articleBody")
_TRAFILATURA_BODY = BODY_XPATH[0]
_FIRST_ARTICLE = BODY_XPATH[1]  # "(.//article)[1]", trafilatura's choice when no class names a body
_SPREAD_MIN_BLOCKS = 3
_SPREAD_BLOCK_TAGS = frozenset({"div", "section", "article"})
# what trafilatura's first body expression takes: an article, div, main or section
_BODY_MARK_TAGS = frozenset({"article", "div", "main", "section"})


def _mark_spread_story(root: HtmlElement, prose: dict[HtmlElement, int]) -> HtmlElement | None:
    """Mark as the article's body (``itemprop="articleBody"``) the container whose prose is
    spread over at least three sibling blocks of one kind, none holding most of it: a live
    blog's entries ("div.post-item": a time, a heading, a text block), a page builder's text
    blocks between its heading blocks. ``prose``: the page's prose blocks (see
    :func:`prose_blocks`); those inside chrome that went do not count.

    trafilatura takes the first element whose class names a body ("post-text", "entry-content"):
    in such a story that is the first block, and the rest of the story comes after it, without
    its headings, or not at all. The container is the innermost element holding most of the
    page's prose (``_STORY_SHARE``); marking it <article> would not do, as trafilatura's
    class names outrank the first <article>. Returns the element, or ``None``."""
    holder, held, total = _story_holder(root, prose)
    if holder is None or holder.tag not in _BODY_MARK_TAGS or holder.get("itemprop"):
        return None
    kinds: dict[tuple[str, str], list[HtmlElement]] = {}
    for child in holder:
        if isinstance(child.tag, str) and child.tag in _SPREAD_BLOCK_TAGS and held.get(child):
            kinds.setdefault((child.tag, next(iter((child.get("class") or "").split()), "")), []).append(child)
    spread = [block for blocks in kinds.values() if len(blocks) >= _SPREAD_MIN_BLOCKS
              and sum(held[block] for block in blocks) >= 0.5 * total
              and max(held[block] for block in blocks) <= 0.5 * total for block in blocks]
    if not spread:
        return None
    # Only when trafilatura would take one of the blocks for the body: elsewhere it finds the
    # story's container itself, or one holding the standfirst beside it, as it did before.
    first = next(iter(_TRAFILATURA_BODY(holder)), None)
    if first is None and not _TRAFILATURA_BODY(root):
        # no element anywhere has a body's class: trafilatura's next choice is the first
        # <article>, which may be the first of the blocks themselves (a live blog's entries as
        # <article class="block">: the rest were lost). An <article> inside a block (a card)
        # leaves things as they were.
        article = next(iter(_FIRST_ARTICLE(root)), None)
        if article is not None and any(block is article for block in spread):
            first = article
    if first is None or not any(block is first or block in first.iterancestors() for block in spread):
        return None
    holder.set("itemprop", "articleBody")
    return holder


def _has_layout_name(names: str) -> bool:
    lowered = names.lower()  # (a substring test first: most names hold neither word)
    return ("widget" in lowered or "sidebar" in lowered) and bool(_tokens(names) & _LAYOUT_TOKENS)


def _drop_layout_names(element: HtmlElement) -> None:
    """``element`` without the class names that carry a layout word ("elementor-widget-heading")."""
    kept = [name for name in (element.get("class") or "").split() if not _has_layout_name(name)]
    if kept:
        element.set("class", " ".join(kept))
    else:
        element.attrib.pop("class", None)


_PRE_INLINE_TAGS = frozenset({"br", "b", "i", "em", "strong", "a", "u", "small", "mark", "sup", "sub"})
_CODE_SIGNS = ("{", '("', "('", ";\n")


def _break_pre_lines(pre: HtmlElement) -> None:
    """A ``<pre>`` of text, not code (WordPress's verse block, ``<pre class="wp-block-verse">``:
    a poem, one line a verse): its newlines become ``<br>``. trafilatura reads a ``<pre>`` that
    does not look like code as a quote, whose source newlines are spaces, and the poem came out
    as one line. A ``<pre>`` with markup beyond inline formatting, or with code's braces,
    calls or semicolons, is left as it is."""
    if any(node.tag not in _PRE_INLINE_TAGS for node in pre.iterdescendants()):
        return
    text = _all_text(pre)
    if "\n" not in text.strip() or any(sign in text for sign in _CODE_SIGNS):
        return
    for node in list(pre.iter()):
        if node is not pre and node.tail and "\n" in node.tail:
            node.tail, *lines = node.tail.split("\n")
            anchor = node
            for line in lines:
                anchor.addnext(br := etree.Element("br"))
                br.tail, anchor = line, br
        if node.tag != "br" and node.text and "\n" in node.text:
            node.text, *lines = node.text.split("\n")
            for offset, line in enumerate(lines):
                node.insert(offset, br := etree.Element("br"))
                br.tail = line


_SIGN_UP_MAX_OTHER_WORDS = 40
_SIGN_UP_MAX_FORM_WORDS = 60
_SIGN_UP_MAX_BLURB_WORDS = 25
_SIGN_UP_BLOCK_TAGS = {"div", "section", "aside", "footer", "header", "figure", "ul", "ol", "li", "p", "span", "table",
                       "tbody", "tr", "td"}


def _asks_the_reader(form: HtmlElement) -> bool:
    """A form for the reader's address (``input[type=email]``: a newsletter), vote (radio buttons:
    a poll) or message (a ``<textarea>``: a comment or condolence form)."""
    return next(form.iter("textarea"), None) is not None or any(
        (field.get("type") or "").strip().lower() in ("email", "radio") for field in form.iter("input"))


def _formless_polls(root: HtmlElement) -> list[HtmlElement]:
    """A poll's choices outside any ``<form>`` (a script sends the vote): the smallest block
    holding two or more of the radio buttons of no form, as a form would hold them. A poll asks
    one question: radio buttons of several groups (their ``name``) outside forms are a quiz's, the
    story's questions, when the block and its neighbours hold them (a list of choices: its
    question's block and its neighbours; a radio switch elsewhere on the
    page, in the header or a consent box, leaves a poll one); and a block holding a paragraph of
    over 25 words is the story's text beside a switch (a map's years), not a poll's box."""
    in_order = _formless_radios(root)
    radios = set(in_order)
    blocks: list[HtmlElement] = []
    for radio in in_order:  # in the page's order: the blocks found, whatever the set's order
        for ancestor in radio.iterancestors():
            if ancestor.tag in ("label", "span", "li"):
                continue
            if ancestor.tag in ("body", "html"):
                break
            if sum(node in radios for node in ancestor.iter("input")) >= 2:
                parent = ancestor.getparent()
                beside = ancestor if parent is None else parent
                if ancestor.tag in ("ul", "ol") and parent is not None and parent.getparent() is not None:
                    # the choices in a list under their question: the other questions are beside
                    # the question's block
                    beside = parent.getparent()
                if ancestor not in blocks and not any(block in ancestor.iterancestors() for block in blocks) \
                        and (len({node.get("name") for node in beside.iter("input") if node in radios}) == 1
                             or _asks_for_feedback(ancestor)) \
                        and not any(len(_all_text(block).split()) > _SIGN_UP_MAX_BLURB_WORDS
                                    for block in ancestor.iter("p")):
                    blocks.append(ancestor)
                break
    return blocks


def _asks_for_feedback(block: HtmlElement) -> bool:
    """A block of radio buttons that asks the reader about the page ("Was this article helpful?"
    Yes/No, then a rating or the reader's age): a feedback survey, whatever else it asks, and no
    quiz of the story's."""
    return any(_FEEDBACK_QUESTION.match(shown_text(node))
               for node in block.iter("p", "div", "span", "legend", "label", "strong", "h2", "h3", "h4", "h5", "h6")
               if node is not block)


def _sign_up_boxes(root: HtmlElement) -> list[HtmlElement]:
    """The boxes around the reader's forms (:func:`_asks_the_reader`: a newsletter's sign-up, a
    poll, a comment or condolence form): from such a ``<form>`` (a
    form of at most 60 words: not an ASP.NET form around the whole page), up through the blocks
    whose text besides the form's is at most 40 words (a heading and a blurb), never into one
    that holds an ``<h1>`` or a paragraph of over 25 words beside the box (the story's)."""
    boxes = []
    for form in [form for form in root.iter("form") if _asks_the_reader(form)] + _formless_polls(root):
        form_words = len(_all_text(form).split())
        if form_words > _SIGN_UP_MAX_FORM_WORDS or next(form.iter("h1"), None) is not None:
            continue
        box = form
        for ancestor in form.iterancestors():
            if (ancestor.tag not in _SIGN_UP_BLOCK_TAGS
                    or len(_all_text(ancestor).split()) - form_words > _SIGN_UP_MAX_OTHER_WORDS
                    or next(ancestor.iter("h1"), None) is not None
                    or any(len(_all_text(block).split()) > _SIGN_UP_MAX_BLURB_WORDS for block in ancestor.iter("p", "li")
                           if box not in block.iterancestors() and block is not box)):
                break
            box = ancestor
        boxes.append(box)
    return boxes


_FACT_BOX_MIN_CHARS = 40
_FACT_BOX_MAX_LINK_SHARE = 0.3
_FACT_BOX_FORBIDDEN_TAGS = {"form", "input", "button", "iframe", "nav", "script", "ins", "video", "audio"}


def _is_story_fact_box(aside: HtmlElement, prose: dict[HtmlElement, int]) -> bool:
    """An ``<aside>`` that belongs to the story: it sits inside the story's text container, with
    prose paragraphs among its siblings before it (a box may close the story: "Key figures"
    after the last paragraph), holds a list or a table, carries no
    chrome marker (related, ad, newsletter, share, sidebar … in its own or a descendant's class),
    no form or player, and is mostly text, not links ("Lebanon's banking crisis in numbers" over
    a list of figures).
    A sidebar, beside the story's container rather than in it, has no such siblings."""
    if not any(prose.get(sibling) for sibling in aside.itersiblings(preceding=True)):
        return False
    for node in aside.iter(etree.Element):
        # an <aside>'s own role (complementary) is no marker: its classes and labels are
        if node.tag in _FACT_BOX_FORBIDDEN_TAGS or _is_chrome_container(node, by_role=node is not aside):
            return False
    # a fact box's shape: a list or a table of figures (boxes of prose paragraphs still go:
    # on fundus-dev their truth leaves them out, see docs/extraction.md)
    if next(aside.iter("ul", "ol", "table", "dl"), None) is None:
        return False
    text = _all_text(aside)
    if len(text) < _FACT_BOX_MIN_CHARS:
        return False
    linked = sum(len(_all_text(link)) for link in aside.iter("a"))
    return linked <= _FACT_BOX_MAX_LINK_SHARE * len(text)


def _headed_link_blocks(root: HtmlElement) -> list[HtmlElement]:
    """Blocks of other stories under a heading that says so ("You might also like", "اقرأ
    أيضاً", "Lire aussi"), whatever their classes: the heading's container, when the heading
    opens it and most of the rest of its text is links."""
    blocks = []
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        label = shown_text(heading)
        if not (_TERMINAL_HEADINGS.match(label) or _is_teaser_label(label) or _SECTION_MORE_HEADING.match(label)):
            continue
        container = heading.getparent()
        if container is None or container.tag not in {"div", "section", "ul", "ol", "aside", "nav"} \
                or _in_page_chrome(container):
            continue
        first = next((child for child in container if isinstance(child.tag, str) and _visible_chars(child)), None)
        if first is not heading:
            # the heading below the story, over linked headlines to the container's end ("<h4>Most
            # read</h4><p><a>…</a></p><p><a>…</a></p>" closing a body trafilatura does not know):
            # trafilatura dropped the heading and kept the first headline as the story's last line
            blocks.extend(_closing_headline_run(heading))
            continue  # the heading closes or sits inside something else
        own_links = set(heading.iter("a"))
        rest = _visible_chars(container) - _visible_chars(heading)
        others = [a for a in container.iter("a") if a not in own_links]
        linked = sum(_visible_chars(a) for a in others)
        if not (_TERMINAL_HEADINGS.match(label) or _is_teaser_label(label)) \
                and len({a.get("href") for a in others}) < 2 and not _story_cards(container, heading):
            # "Plus de détails" over the story's sentence citing one linked source: a "more in
            # <section>" box links several stories
            continue
        if rest > 0 and (linked >= 0.5 * rest or _story_cards(container, heading)):
            blocks.append(container)
    return blocks


_RUN_HEADLINE_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6"})
_RUN_HEADLINE_MIN_WORDS = 3
_RUN_HEADLINE_MAX_WORDS = 30
_RUN_HEADLINE_LINK_SHARE = 0.6  # of the block's text: the headline, perhaps a date or kicker beside it


def _linked_headline(block: HtmlElement) -> bool:
    """A block that is another story's linked headline: its links lead to one page, and their
    text is most of its few words. A sentence with a link in it ("The <a>report</a>, published
    on Monday, …") is not."""
    if block.tag not in _RUN_HEADLINE_TAGS:
        return False
    links = list(block.iter("a"))
    if not links or len({(a.get("href") or "").strip() for a in links}) != 1:
        return False
    words = _all_text(block).split()
    if not _RUN_HEADLINE_MIN_WORDS <= len(words) <= _RUN_HEADLINE_MAX_WORDS:
        return False
    return sum(_visible_chars(a) for a in links) >= _RUN_HEADLINE_LINK_SHARE * sum(map(len, words))


def _closing_headline_run(heading: HtmlElement) -> list[HtmlElement]:
    """``heading`` (a terminal heading or a teaser's label) and the blocks after it, when those
    are one or more linked headlines that run to the end of its container, no text between
    them: a "Most read" / "الأكثر قراءة" / "Les plus lus" box written into the story's own
    container. Anything else after the heading (a paragraph of the story, a sentence with a
    link) leaves it all in place: the text stage judges the heading then."""
    if (heading.tail or "").strip():
        return []
    run: list[HtmlElement] = []
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if not _visible_chars(sibling):
            continue  # an emptied ad slot, a <br>
        if not _linked_headline(sibling) or (sibling.tail or "").strip():
            return []
        run.append(sibling)
    return [heading, *run] if run else []


# A reader service's box title (prayer times, exchange rates, gold prices), each
# with the stems a headline about that service would use: a story about the service keeps its box.
# (Stems, matched inside words: "prayers", "prières", "صلوات", "الذهبية", "بالدولار"; any currency's
# name counts, for a story about the lira or the dirham reports its rates. A stem that matches too
# much only keeps a box.) A story about the markets ("Amman stocks close the week higher", "بورصة عمان
# تغلق على ارتفاع", "La Bourse de Casablanca termine en hausse") reports the day's rates and gold price
# beside its shares: its rates or gold table is its own. The market's words are read whole and in a
# market's phrase: "stocks", "shares" as the market's noun ("stock market", "share prices", "Amman
# stocks close higher", "the main index"), not the verb ("Minister shares plan"); "بورصة", "الأسهم"
# as words ("أسهمت" is "contributed"); the French "Bourse" as the exchange ("la Bourse de
# Casablanca", "en bourse"), not "bourses d'études", a scholarship.
_MARKET_MOVES = (r"close[sd]?|closing|end(?:s|ed)?|open(?:s|ed)?|r[io]se|rises|rising|f[ae]ll|falls|falling|gain(?:s|ed)?|"
                 r"drop(?:s|ped)?|slip(?:s|ped)?|slid(?:e|es)?|climb(?:s|ed)?|jump(?:s|ed)?|surge[sd]?|soar(?:s|ed)?|"
                 r"tumble[sd]?|plunge[sd]?|sink|sank|sinks|rall(?:y|ies|ied)|rebound(?:s|ed)?|recover(?:s|ed)?|"
                 r"edge[sd]?|extend(?:s|ed)?|higher|lower|mixed|steady|flat")
_MARKET_TOPIC = (r"(?<!\w)(?:(?:stock|share|equity|bond)s? (?:markets?|exchanges?|index|indices|indexes|prices?|trading)|"
                 r"(?:stocks|shares|equities|bourse) (?:(?:\w+ )?|(?:of|in) (?:[\w'’&.-]+ ){1,3})(?:" + _MARKET_MOVES + r")|"
                 r"(?:stock|main|benchmark|market|composite|general|all-share) index|wall street|nasdaq|dow jones|"
                 r"(?-i:Bourse|Borsa)|(?:the|la|à la|a la|en|on the) bourse(?! d['’]?(?:études|etudes|excellence)))(?!\w)|"
                 r"(?<!\w)(?:و|ف)?(?:ب|ل|ك)?(?:ال)?بورص(?:ة|ه|ات)(?!\w)|(?<!\w)(?:و|ف)?(?:ب)?(?:ال|لل)أسهم(?!\w)|"
                 r"الأوراق المالية|سوق المال|أسواق المال")
_SERVICE_KINDS = (
    (r"مواقيت الصلاة|مواقيت الصلوات|أوقات الصلاة|مواعيد الصلاة|مواقيت الأذان|prayer times?|salah times|"
     r"horaires? (?:de la |des |de )?pri[èe]res?|heures? (?:de la |des |de )?pri[èe]res?",
     r"صلا|صلو|مواقيت|أذان|اذان|إمساكية|امساكية|رمضان|تراويح|prayer|salah|salat|ramadan|pri[èe]re"),
    (r"أسعار العملات|اسعار العملة|أسعار الصرف|سعر الصرف|أسعار صرف العملات|العملات الأجنبية|currency rates|"
     r"exchange rates|currency exchange|currencies|cours des devises|taux de change|devises",
     r"عملات|عملة|صرف|دولار|يورو|ليرة|جنيه|دينار|درهم|ريال|شيكل|فرنك|currenc|exchange|forex|dollar|euro|lira|"
     r"pound|dinar|dirham|riyal|rial|franc|shekel|yen|yuan|rupee|sterling|livre|devise|change|" + _MARKET_TOPIC),
    (r"أسعار الذهب|سعر الذهب|أسعار المعادن|gold prices?|gold rates?|prix de l['’]or|cours de l['’]or",
     r"ذهب|معادن|gold|l['’]or|" + _MARKET_TOPIC),
)


@functools.cache
def _service_patterns() -> tuple[ArabicTolerantPattern, list[ArabicTolerantPattern]]:
    """The box titles (one named group ``k<i>`` per kind) and each kind's topic stems."""
    titles = "|".join(f"(?P<k{i}>{title})" for i, (title, _) in enumerate(_SERVICE_KINDS))
    return (_arabic_tolerant(r"^\W{0,3}(?:" + titles + r")(?!\w)", re.IGNORECASE),
            [_arabic_tolerant(r"(?:" + topic + r")", re.IGNORECASE) for _, topic in _SERVICE_KINDS])


_SERVICE_LABEL_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "caption", "strong", "b", "span", "p", "div",
                                 "header", "a"})
# A word every box title holds, looked for in a block's own text in clean_dom's walk of the page
# (folding every text for the titles themselves, or reading each block's whole text, cost more)
_SERVICE_TITLE_WORD = _GatedRegex(re.compile(
    r"الصلا|الأذان|الاذان|أسعار|اسعار|سعر|العملات|prayer|salah|pri[èe]re|currenc|exchange|devises|change|gold|l['’]or",
    re.IGNORECASE), ("prayer", "salah", "prière", "priere", "currenc", "change", "devises", "gold", "l'or", "l’or"))
# (a table's column header, "<th>Devises</th>", is not a box's title: a story's own table has them)
_SERVICE_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "caption"})
_SERVICE_LABEL_MAX_WORDS = 8
_SERVICE_LABEL_MAX_CHARS = 80
_SERVICE_BOX_MAX_WORDS = 150
_SERVICE_MIN_FIGURES = 3
_SERVICE_FIGURE = re.compile(r"[\d٠-٩]+(?:[.,:٫][\d٠-٩]+)?")  # a time, a rate, a price (cells run together)
_SERVICE_BOX_TAGS = frozenset({"div", "section", "table", "ul", "ol", "aside", "figure", "li"})
# A class or id word that names a service widget ("widget_prayer_times", "currency-box", "goldPrice",
# "prayertimes"): read whole, as the tokens of the name (see _tokens), a service's word perhaps run
# together with what it lists and the box's own words, and a number ("currencyratesbox",
# "goldpricestable", "goldrate24"). A word that only holds one names something else: "golden-visa",
# "exchange" after "stock" (the bourse a market story's own table is about: "stock-exchange").
_SERVICE_WIDGET_TOKEN = re.compile(r"(?:widgets?|sidebar|prayers?|salat|salah|mawaqit|awqat|currenc(?:y|ies)|forex|"
                                   r"exchange|gold|dahab)(?:times?|rates?|prices?|boxe?s?|tables?|lists?|widgets?|"
                                   r"blocks?|panels?|wrap(?:per)?|container|module|ticker)*\d*")
_BOURSE_TOKENS = frozenset({"stock", "stocks", "securities", "bourse", "borsa"})


def _capped_words(node: HtmlElement, cap: int, counted: dict[HtmlElement, int]) -> int:
    """The words of ``node``'s text (its tail aside), counted up to ``cap + 1`` and no further,
    once per node (``counted``): the climbs from many labels share their ancestors."""
    if (known := counted.get(node)) is not None:
        return known
    count = 0
    for element in node.iter():
        if isinstance(element.tag, str) and element.text:
            count += len(element.text.split())
        if element is not node and element.tail:
            count += len(element.tail.split())
        if count > cap:
            break
    counted[node] = count = min(count, cap + 1)
    return count


def _service_boxes(root: HtmlElement, candidates: Sequence[HtmlElement], prose: dict[HtmlElement, int],
                   headline: HtmlElement | None) -> list[HtmlElement]:
    """A reader service's widget set in or beside the story: prayer times ("مواقيت الصلاة" over
    the five prayers' times), exchange rates ("أسعار العملات", "Taux de change" over a table of
    rates), gold prices ("سعر الذهب اليوم"). Its title opens it (a heading, a table's caption, a
    bold line of eight words at most; not a table's column header), it holds three figures or
    more and no prose paragraph, and the widest block around the title that holds no prose goes
    (the box, or the sidebar column of such boxes) when it is clearly a widget: outside the
    container of the story's paragraphs, or named one by a class or id ("widget", "prayer",
    "currency", "gold" ...) there. A table, figure or section inside the story's container
    with no such name is the story's own data and stays. A box the story is about stays too:
    the headline names its topic ("تعرف على مواقيت الصلاة في رمضان", "Le dirham se stabilise").

    Linear in the page: each element's prose flag and (capped) word count are worked out once,
    whatever the number of labels climbing through it."""
    title_pattern, topics = _service_patterns()
    headline_text = shown_text(headline) if headline is not None else ""
    about = [bool(headline_text) and topic.search(headline_text) is not None for topic in topics]
    holder, held, total = _story_holder(root, prose) if prose else (None, {}, 0)
    layout_blocks: set[HtmlElement] | None = None  # the story's (see _story_layout_blocks), when needed
    # the elements holding a prose paragraph: the paragraphs and their ancestors, each added once
    holding: set[HtmlElement] = set()
    for block, length in prose.items():
        if not length:
            continue
        for element in (block, *block.iterancestors()):
            if element in holding:
                break
            holding.add(element)
    counted: dict[HtmlElement, int] = {}
    boxes: list[HtmlElement] = []
    taken: set[HtmlElement] = set()
    for label in candidates:
        if label.tag in _SERVICE_HEADING_TAGS:
            # a heading's whole text; another block's own text (its children's would make every
            # <div> of the page read the text under it)
            text = shown_text(label) if _SERVICE_TITLE_WORD.search(_all_text(label)) is not None else ""
        else:
            text = (label.text or "").strip()
        if not text or len(text.split()) > _SERVICE_LABEL_MAX_WORDS:
            continue
        found = title_pattern.match(text)
        if found is None:
            continue
        kind = next(i for i in range(len(_SERVICE_KINDS)) if found.group(f"k{i}") is not None)
        if about[kind]:
            continue
        box = None
        node = label if label.tag == "caption" else label.getparent()
        while node is not None and node is not root and node.tag not in _KEEP_TAGS:
            if node in holding or _capped_words(node, _SERVICE_BOX_MAX_WORDS, counted) > _SERVICE_BOX_MAX_WORDS:
                break
            if node.tag in _SERVICE_BOX_TAGS:
                box = node
            node = node.getparent()
        if box is None or any(element in taken for element in (box, *box.iterancestors())):
            continue
        if len(_SERVICE_FIGURE.findall(_all_text(box))) < _SERVICE_MIN_FIGURES:
            continue
        if holder is None or _in_story_container(box, holder):
            named = None
            for element in (box, *box.iterancestors()):
                if element is holder:
                    break
                widget = _service_widget_naming(element)
                if widget is _LAYOUT:
                    # "elementor-widget-html": a page builder's name for every block, the story's own
                    # among them (see _in_story_layout)
                    if layout_blocks is None:
                        layout_blocks = _story_layout_blocks(holder, held, total)
                    widget = None if _in_story_layout(element, holder, layout_blocks) else widget
                if widget is not None:
                    named = element
                    break
            if named is None:
                continue  # the story's own table or fact box
        boxes.append(box)
        taken.add(box)
    return boxes


def _service_widget_naming(element: HtmlElement) -> str | None:
    """How ``element``'s class and id name it a service widget (see :data:`_SERVICE_WIDGET_TOKEN`):
    ``_KIND`` by a service's word ("prayer-times", "currency-rates", "gold_price"), ``_LAYOUT`` by
    a layout word only ("widget", "sidebar"), or ``None``."""
    names = " ".join(filter(None, (element.get("class"), element.get("id"))))
    if not names:
        return None
    naming = None
    previous = ""
    for token in (t.lower() for t in _TOKEN_SPLIT.split(names) if t):
        if _SERVICE_WIDGET_TOKEN.fullmatch(token) and not (token.startswith("exchange") and previous in _BOURSE_TOKENS):
            if not token.startswith(("widget", "sidebar")):
                return _KIND
            naming = _LAYOUT
        previous = token
    return naming


def _in_story_container(element: HtmlElement, holder: HtmlElement) -> bool:
    """``element`` sits inside ``holder``, the container of the story's paragraphs."""
    return any(ancestor is holder for ancestor in element.iterancestors())


# A video player in the page: HTML's, an embed's frame, and AMP's players
_PLAYER_TAGS = ("iframe", "video", "amp-youtube", "amp-video", "amp-iframe", "amp-dailymotion", "amp-vimeo",
                "amp-brightcove", "amp-jwplayer", "amp-video-iframe")
# A player's own title over it: a video word, a separator, then what the video shows ("فيديو: لحظة
# إطلاق القمر الصناعي", "بالفيديو.. …", "شاهد بالفيديو: …", "Watch: Floods sweep through …",
# "Vidéo | les images …", "VIDÉO. Les images …", "[VIDEO] …"), or the video word in brackets after
# it ("لحظة إطلاق القمر الصناعي (فيديو)"). A hyphen or a full stop separates only before a space:
# "Video-assisted review …", "Vidéo-surveillance : …" are words of a caption.
_PLAYER_TITLE = re.compile(
    r"^\W{0,3}(?:(?:شاهد|شاهدوا) (?:بالفيديو|الفيديو)|فيديو|بالفيديو|شاهد|شاهدوا|watch the video|video|vidéo|watch|"
    r"regardez(?: la vidéo)?|en vidéo)\s*+(?:[:：|–—\])]|-(?=\s)|\.(?:\.|(?=\s)))\s*+\S"
    r"|^[^\W\d_].*\s[(\[](?:فيديو|بالفيديو|video|vidéo)[)\]]\W{0,2}$",
    re.IGNORECASE)
_PLAYER_TITLE_MAX_WORDS = 15
# A live blog's entry: AMP's live list gives each its sort time; schema.org microdata names it
_LIVE_ENTRY_XPATH = ("ancestor-or-self::*[@data-sort-time or contains(translate(@itemprop, 'LIVEBOGUPDATE', "
                     "'livebogupdate'), 'liveblogupdate')][1]")


def _labelled_video_boxes(root: HtmlElement) -> list[HtmlElement]:
    """Another story's video set in the body under a teaser label ("<div><span>شاهد أيضاً</span>
    <div><iframe …><p>بالفيديو.. جولة في …</p></div></div>"): the block around the player that
    opens with the label and holds at most a caption besides. Also the story's own player with
    its title as all the block holds besides ("<div><p>فيديو: لحظة إطلاق …</p><amp-youtube …>"):
    the title is the player's caption, which goes with it; a title that heads more text in its
    block stays, and so does the title that is all a live blog's entry says besides its time
    ("<div data-sort-time=…><h3>Video: Rescuers pull …</h3><amp-youtube …>": the entry's text)."""
    boxes = []
    for player in root.iter(*_PLAYER_TAGS):
        for container in list(player.iterancestors())[:3]:
            if container.tag not in {"div", "section", "figure", "aside"}:
                break
            first = next((child for child in container if isinstance(child.tag, str) and _visible_chars(child)), None)
            if first is None or next(first.iter(*_PLAYER_TAGS), None) is not None:
                continue
            label = shown_text(first)
            if _is_teaser_label(label) and len(_all_text(container).split()) <= 40:
                boxes.append(container)
                break
            if (len(label.split()) <= _PLAYER_TITLE_MAX_WORDS and _PLAYER_TITLE.match(label.strip())
                    and compact(_all_text(container)) == compact(label) and not _entry_says_only(container, label)):
                boxes.append(container)
                break
    return boxes


_LIVE_ENTRY_TIME_WORDS = 4


def _entry_says_only(element: HtmlElement, label: str) -> bool:
    """``element`` is in a live blog's entry that says nothing but ``label`` and its time ("10:42",
    "il y a 5 min")."""
    entry = next(iter(element.xpath(_LIVE_ENTRY_XPATH)), None)
    return entry is not None and len(_all_text(entry).split()) - len(label.split()) <= _LIVE_ENTRY_TIME_WORDS


_CARD_SUMMARY_WORDS = 40
_CARD_BOX_TAGS = frozenset({"div", "section", "article", "li", "figure"})
_INLINE_CARDS_MAX = 3
_PICTURE_TAGS = frozenset({"img", "picture"})
_CARD_PARTS = frozenset({"h2", "h3", "h4", "h5", "h6"}) | _PICTURE_TAGS
_CARD_MAX_DEPTH = 4


def _inline_story_cards(headings: Sequence[HtmlElement], pictures: Sequence[HtmlElement]) -> list[HtmlElement]:
    """Other stories' cards set among the story's paragraphs whatever their classes ("<div
    class="story-card"><a href=x><img></a><a href=x><h4>headline</h4></a><p>summary</p></div>"):
    the largest box around a heading that links to another page and a picture linked to the same
    page, holding no other heading and at most a summary of 40 words besides the headline. A
    story's subheadings link nowhere or have no picture beside them; a live blog's entries link
    within the page. More than three such cards are a listing's, left to the listing rules.
    ``headings``: the page's h2-h6; ``pictures``: its ``<img>`` and ``<picture>`` elements."""
    cards: list[HtmlElement] = []
    # the pages that a picture links to, first: most linked headings have none beside them
    pictured: dict[str, list[HtmlElement]] = {}
    for picture in pictures:
        around = picture.getparent()
        for _ in range(3):  # (the link around a card's picture is close: "<a><picture><img>")
            if around is None or around.tag == "a":
                break
            around = around.getparent()
        if around is not None and around.tag == "a" and (href := (around.get("href") or "").strip()):
            pictured.setdefault(href, []).append(around)
    if not pictured:
        return cards
    for heading in headings:
        link = heading.find(".//a")
        if link is None:
            link = next((a for a in heading.iterancestors("a")), None)
        href = (link.get("href") or "").strip() if link is not None else ""
        if href not in pictured or href.startswith(("#", "javascript:")):
            continue
        heading_words = len(_all_text(heading).split())
        box = None
        for depth, ancestor in enumerate(heading.iterancestors()):
            if depth > _CARD_MAX_DEPTH:
                break  # (a card is a few levels around its heading: the walk stays cheap)
            if ancestor.tag == "a":
                continue
            if ancestor.tag not in _CARD_BOX_TAGS or next(ancestor.iter("h1"), None) is not None \
                    or any(other is not heading for other in ancestor.iter("h2", "h3", "h4", "h5", "h6")) \
                    or len(_all_text(ancestor).split()) - heading_words > _CARD_SUMMARY_WORDS:
                break
            box = ancestor
        # (the link's shape last: reading it costs more than the walk, and most boxes fail first)
        if box is None or not any(a is box or box in a.iterancestors() for a in pictured[href]) \
                or not _links_a_story(href):
            continue
        cards.append(box)
        if len(cards) > _INLINE_CARDS_MAX:
            return []
    return cards


_CARD_LINK_BASE = "https://site.invalid/"  # a card's link is judged by its path: any host will do


def _links_a_story(href: str) -> bool:
    """``href`` has an article's shape (a date, an id, a long slug: see
    :func:`crawler.discovery.looks_like_article_url`): a person's, a tag's or a section's page
    ("/people/leila-benali", "/tag/maroc") is what a story's own cards link to (the finalists
    of a prize, the members of a government), not another story."""
    try:
        return looks_like_article_url(urljoin(_CARD_LINK_BASE, href))
    except ValueError:  # an unreadable link ("http://[x"): no story's
        return False


def _story_cards(container: HtmlElement, heading: HtmlElement) -> bool:
    """Under its heading, ``container`` holds other stories' cards: linked headlines (in a
    heading tag) with a summary each, whose summaries may outweigh the links, and no paragraph
    long enough to be the story's own."""
    # the link inside the heading, or around it ("<a href=…><h3>headline</h3></a>", HTML5's block link)
    linked_headings = [h for h in container.iter("h2", "h3", "h4", "h5", "h6")
                       if h is not heading and (h.find(".//a") is not None
                                                or any(a.get("href") and container in a.iterancestors()
                                                       for a in h.iterancestors("a")))]
    if not linked_headings:
        return False
    return all(len(_all_text(p).split()) <= 40 for p in container.iter("p"))


_LABEL_CANDIDATE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong", "b", "header",
                         "label", "legend", "dt"}


def _comment_sections(root: HtmlElement, prose: dict[HtmlElement, int]) -> list[HtmlElement]:
    """Readers' comments under their label ("التعليقات (5)", "3 Comments", "Commentaires"), whatever
    the classes ("c-wrap"): the container the label opens, when prose of the page comes before
    it and it holds no headline. Comments can outweigh a short story, so unlike a class-named
    block their share of the page's prose is no guard; the story before them is."""
    sections = []
    for label in root.iter(*_LABEL_CANDIDATE_TAGS):
        # cheap tests first: every wrapper div with white space before its children gets here
        text = label.text
        if not text or len(text) > 40 or not text.strip() and not len(label) or len(label) > 3:
            continue
        # (the first shown character is the label's own text's when it has one that is not white space)
        first = stripped[0] if (stripped := text.lstrip()) else _first_shown_char(label)
        if not _COMMENTS_LABEL_START.candidates(_fold_arabic.__wrapped__(first)):
            continue  # (most labels: the text is not serialised when its first letter tells)
        full = shown_text(label)
        if len(full) > 40 or not _COMMENTS_LABEL.match(full) or next(label.iter("a"), None) is not None:
            continue
        container = _opened_by(label)
        if container is None or container.tag not in {"div", "section", "ol", "ul", "form"} \
                or next(container.iter("h1"), None) is not None:
            continue
        inside = set(container.iter())
        # the story comes first: some prose of the page before the comments
        first_prose = next((block for block in prose if block not in inside), None)
        if first_prose is None or not _precedes(first_prose, container):
            continue
        if not _comment_shaped(container) and _story_goes_on(container, prose, inside):
            continue  # a section of the story headed "Commentaires" / "تعليقات": its text goes on after it
        sections.append(container)
    return sections


_COMMENT_ITEM_TAGS = frozenset({"li", "div", "article", "section"})


def _comment_shaped(container: HtmlElement) -> bool:
    """``container`` looks like readers' comments: a form or text box to write one, an element
    whose class or id names comments, or two or more items (list items or boxes) side by side."""
    if next(container.iter("form", "textarea"), None) is not None:
        return True
    for element in container.iter(etree.Element):
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if "comment" in names or "respond" in names:
            return True
        if sum(isinstance(child.tag, str) and child.tag in _COMMENT_ITEM_TAGS for child in element) >= 2 \
                and element.tag not in {"body", "html"}:
            return True
    return False


def _story_goes_on(container: HtmlElement, prose: dict[HtmlElement, int], inside: set[HtmlElement]) -> bool:
    """Prose of the page follows ``container`` within its parent: the story goes on after it
    (readers' comments close the story)."""
    parent = container.getparent()
    if parent is None:
        return False
    return any(block not in inside and parent in block.iterancestors() and _precedes(container, block)
               for block in prose)


def _opened_by(label: HtmlElement) -> HtmlElement | None:
    """The outermost-but-one container whose text starts with ``label``: the first ancestor that
    holds more than the label, provided nothing comes before the label in it."""
    node = label
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in _KEEP_TAGS:
            return None
        if (parent.text or "").strip() or any(
                isinstance(sibling.tag, str) and _visible_chars(sibling) for sibling in node.itersiblings(preceding=True)):
            return None
        if _visible_chars(parent) > _visible_chars(node):
            return parent
        node = parent


def _in_page_chrome(element: HtmlElement) -> bool:
    """Inside a navigation bar, footer or aside: trafilatura removes those whole anyway."""
    return any(ancestor.tag in {"nav", "footer", "aside"} for ancestor in element.iterancestors())


def _headline_lists(root: HtmlElement) -> list[HtmlElement]:
    """Lists of other stories' headlines ("<li><strong>Kicker:</strong> <a>Headline</a>"), with
    the label right above them: every item links one page, and its link text (the headline)
    is a good part of its short text (the rest a kicker or a one-line summary).
    A story's own bullet points are sentences, with a link now and then."""
    found = []
    for listing in root.iter("ul", "ol"):
        items = [li for li in listing if isinstance(li.tag, str)]
        if len(items) < 2 or any(li.tag != "li" for li in items) or _in_page_chrome(listing):
            continue
        above = _previous_element(listing)
        if above is not None and _SOURCES_LABEL.match(shown_text(above)):
            continue  # the story's sources, each linked: "المصادر:", "References"
        for li in items:
            links = list(li.iter("a"))
            # one story per item: a card links its picture and its headline to the same page
            if not links or len({(a.get("href") or "").strip() for a in links}) != 1:
                break
            words = _all_text(li).split()
            headline = max((_all_text(a).split() for a in links), key=len)
            if not words or len(words) > 30 or len(headline) < 3:
                break
            tail = (links[-1].tail or "").strip()
            if tail[:1].islower() and words[-1].endswith((".", "!", "?")):
                break  # a sentence the link is part of: "<a>Log in with your UAE Pass</a> account."
            # a card: its headline is a linked heading, its summary beside it
            if sum(map(len, headline)) < 0.3 * sum(map(len, words)) and not any(
                    heading.find(".//a") is not None for heading in li.iter("h2", "h3", "h4", "h5", "h6")):
                break
        else:
            found.append(listing)
            # its label ("Related news", a heading in a title div): left alone, it would read as
            # a heading over the story's next paragraphs, or end the story there
            label = _previous_element(listing)
            if label is not None and not (label.tail or "").strip() and next(label.iter("a"), None) is None \
                    and 0 < len(_all_text(label).split()) <= 8:
                found.append(label)
    return found


def _announces_list(above: HtmlElement) -> bool:
    """A paragraph of the story that announces the list after it: a sentence of prose length
    (``_STORY_PARAGRAPH_CHARS``) ending in a colon ("Households that want to install solar panels
    can apply for grants and soft loans through these programmes:" over the programmes' names,
    each linked to its site). A label over other stories' headlines is a few words ("Read
    more:", "More on this:")."""
    if (above.tail or "").strip():
        return False
    text = _all_text(above).strip()
    return len(text) >= _STORY_PARAGRAPH_CHARS and text.endswith((":", "："))


def _labels_list_within_story(above: HtmlElement, listing: HtmlElement) -> bool:
    """A short label of the story's own list ("وفيما يلي لائحة الأعمال الفائزة:", "The list of the
    2025 laureates:"): it ends in a colon, names no teaser ("Lire aussi :", "Read more:"), and
    the list stands between two prose paragraphs of one container, the story going on after it
    (other stories' headlines close the story, or come under a heading)."""
    if (above.tail or "").strip() or (listing.tail or "").strip():
        return False
    text = _all_text(above).strip()
    if not text.endswith((":", "：")) or _DEFAULT_TEASERS[0].search(text) is not None:
        return False
    before = _previous_element(above)
    after = listing.getnext()
    while after is not None and not isinstance(after.tag, str):
        after = after.getnext()
    return all(block is not None and block.tag == "p" and len(_all_text(block).strip()) >= _STORY_PARAGRAPH_CHARS
               for block in (before, after))


_SOURCES_LABEL = re.compile(r"^(?:المصادر|المراجع|مصادر|المصدر|sources?|references|références|bibliographie|"
                            r"further reading|notes)\s*[:：]?$", re.IGNORECASE)


def _keep_tweet_text(blockquote: HtmlElement) -> None:
    """An embedded post keeps its words (a quoted statement) and loses its "— Name (@handle) date" credit.

    The blockquote becomes a plain quote of its ``<p>`` paragraphs, so the chrome-class
    removal below no longer matches it.
    """
    paragraphs = [p for p in blockquote if isinstance(p.tag, str) and p.tag == "p"]
    if not paragraphs:
        _drop(blockquote)
        return
    for child in list(blockquote):
        if child not in paragraphs:
            blockquote.remove(child)
    for paragraph in paragraphs:
        paragraph.tail = None
    blockquote.text = None
    blockquote.attrib.pop("class", None)
    # unwrap the embed's own wrappers ("social-media-embed"), which chrome rules would remove
    words = compact(_all_text(blockquote))
    parent = blockquote.getparent()
    while (parent is not None and parent.tag in {"div", "figure", "section", "span"}
           and parent.getparent() is not None and compact(_all_text(parent)) == words):
        blockquote.tail, parent.tail = parent.tail, None
        parent.getparent().replace(parent, blockquote)
        parent = blockquote.getparent()


def _all_text(element: HtmlElement) -> str:
    """The text of ``element`` and its descendants, as ``"".join(element.itertext())`` gives it,
    without its tail: serialised by libxml2 in one call, several times faster than joining
    lxml's text iterator (this runs on most elements of every page)."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def shown_text(element: HtmlElement) -> str:
    """The element's text with its white space runs made single spaces, stripped."""
    return " ".join(_all_text(element).split())


def _first_shown_char(element: HtmlElement) -> str:
    """The first character of the element's :func:`shown_text` (``""`` when it has none), read
    from its first text that is not white space only."""
    for piece in element.itertext():
        if stripped := piece.lstrip():
            return stripped[0]
    return ""


def _hidden_continuation(element: HtmlElement, prose: dict[HtmlElement, int]) -> bool:
    """A hidden block that goes on with the story rather than copying it: the rest of the text
    behind a client-side paywall or a "read more" toggle, right after a visible paragraph.

    A copy (schema.org microdata) repeats words already on the page; a continuation does not.
    The toggle itself may sit between the paragraph and the hidden block: a ``<button>``, a
    link of a few words ("<div><a>اقرأ المزيد</a></div>", "Continue reading").
    """
    previous = _previous_element(element)
    for _ in range(_TOGGLE_MAX_STEPS):
        if previous is None or previous in prose or not _is_toggle(previous):
            break
        previous = _previous_element(previous)
    if previous is None or previous not in prose or _is_hidden(previous):
        return False
    own = [block for block in element.iter() if block in prose]
    if not own:
        return False
    sample = compact(_all_text(max(own, key=prose.get)))[:120]
    visible = compact(" ".join(_all_text(block) for block in prose if not _still_attached(block, element)))
    return sample not in visible


_TOGGLE_MAX_STEPS = 3
_TOGGLE_MAX_WORDS = 6


def _is_toggle(element: HtmlElement) -> bool:
    """A control between a story's visible part and its hidden rest: a button, or a few words
    all in links or buttons, or a chrome container of a few words; or nothing shown at all."""
    words = _all_text(element).split()
    if len(words) > _TOGGLE_MAX_WORDS:
        return False
    if not words or element.tag == "button" or _is_chrome_container(element):
        return True
    controls = sum(_visible_chars(control) for control in element.iter("a", "button"))
    return controls >= sum(map(len, words))


def _previous_element(element: HtmlElement) -> HtmlElement | None:
    """The element sibling before ``element``, skipping comments and processing instructions."""
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    return previous


def _is_popup(element: HtmlElement) -> bool:
    return _classes_name_a_popup(element.get("class") or "")


@functools.lru_cache(maxsize=1024)  # asked of every <span> of a page, whose classes repeat
def _classes_name_a_popup(classes: str) -> bool:
    return bool(_tokens(classes) & _POPUP_TOKENS)


def _is_innermost_popup(span: HtmlElement) -> bool:
    """A hover card, not its wrapper: the wrapper also holds the linked name the card is about
    ("<span class=rollover-people><a>Name</a><span class=rollover-people-block>…")."""
    return _is_popup(span) and not any(_is_popup(inner) for inner in span.iter("span") if inner is not span)


def _only_aria_hidden(element: HtmlElement) -> bool:
    """Hidden from assistive technology, not from the screen."""
    style = (element.get("style") or "").replace(" ", "").lower()
    return (element.get("aria-hidden") == "true" and element.get("hidden") is None
            and "display:none" not in style and "visibility:hidden" not in style)


def _is_hidden(element: HtmlElement) -> bool:
    """Hidden by its own markup: ``hidden``, ``aria-hidden`` or an inline ``display:none``."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if not (style := element.get("style")):
        return False  # (most elements: this runs on every block of every page)
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def prose_blocks(root: HtmlElement, min_chars: int = 80) -> dict[HtmlElement, int]:
    """The article's prose: elements whose own text (not their children's) is sentence-long.

    Counts ``<p>`` paragraphs and also text written straight into a ``<div>`` between
    ``<br>`` tags (blog engines), but not menu or card labels, which are short.
    """
    blocks: dict[HtmlElement, int] = {}
    # (one pass over each element's children; most elements of a page have none: this walk runs
    # over every element of every page, twice on some)
    for element in root.iter(etree.Element):
        tag = element.tag
        if tag in _NOT_PROSE_BLOCK_TAGS:
            continue  # inline text counts towards its block
        if tag == "p":
            length = len(_all_text(element).strip())
        elif not len(element):
            text = element.text
            length = len(text.strip()) if text else 0
        else:
            # its own text and the tails of its inline children (and of comments), joined by
            # spaces, and its inline children's whole text
            own = [element.text or ""]
            inline = 0
            for child in element:
                child_tag = child.tag
                if not isinstance(child_tag, str):
                    own.append(child.tail or "")
                elif child_tag in _INLINE_TAGS:
                    own.append(child.tail or "")
                    inline += len(_all_text(child).strip())
            length = len(" ".join(own).strip()) + inline
        if length >= min_chars:
            blocks[element] = length
    return blocks


_INLINE_TAGS = {"a", "b", "i", "em", "strong", "br", "span", "u", "sup", "sub", "abbr", "cite", "q", "mark", "small",
                "font", "code", "time"}
_NOT_PROSE_BLOCK_TAGS = frozenset(_INLINE_TAGS | {"script", "style"})


def _still_attached(element: HtmlElement, root: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is root:
            return True
    return False


_CONTAINER_TAGS = {"div", "section"}


_STORY_PARAGRAPH_CHARS = 80
_STORY_PARTS = frozenset({"h2", "h3", "h4", "ul", "ol"})
_STORY_HOLDER_SHARE = 0.8  # of the page's prose paragraph text


def mark_story_container(tree: HtmlElement) -> HtmlElement | None:
    """On a page without ``<article>``, make the element that holds most of the story's
    paragraphs an ``<article>`` when subheadings or lists sit between them.

    trafilatura looks for the body by tag and class names; when none matches (a CMS's own class,
    "news-body"), it keeps the page's paragraphs and drops the story's subheadings and lists.
    Only a parent of at least three prose paragraphs (``_STORY_PARAGRAPH_CHARS``) qualifies, and
    only when an ``<h2>``-``<h4>``, ``<ul>`` or ``<ol>`` child, or a box of the story holding one
    (:func:`_story_box_part`), lies between its first and last one, or a list the last line
    announces closes it. Returns the element, or ``None``."""
    if next(tree.iter("article"), None) is not None:
        return None
    counts: dict[HtmlElement, int] = {}
    chars: dict[HtmlElement, int] = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        length = _text_length(paragraph)
        if parent is not None and length >= _STORY_PARAGRAPH_CHARS:
            counts[parent] = counts.get(parent, 0) + 1
            chars[parent] = chars.get(parent, 0) + length
    if not counts:
        return None
    holder, count = max(counts.items(), key=lambda item: item[1])
    # A story split among several containers is left to trafilatura: marking one part would
    # make it the whole body.
    if count < 3 or holder.tag not in {"div", "section", "td"} \
            or chars[holder] < _STORY_HOLDER_SHARE * sum(chars.values()):
        return None
    children = [child for child in holder if isinstance(child.tag, str)]
    prose = [i for i, child in enumerate(children)
             if child.tag == "p" and _text_length(child) >= _STORY_PARAGRAPH_CHARS]
    if not any(child.tag in _STORY_PARTS or _story_box_part(child) for child in children[prose[0] + 1:prose[-1]]) \
            and not any(_announced_closing_list(children, i) for i in range(prose[-1] + 1, len(children))):
        return None
    # The headline's block usually holds the standfirst too: the article starts there when
    # headline and paragraphs meet below the page's body.
    h1 = next(tree.iter("h1"), None)
    if h1 is not None and holder not in h1.iterancestors():
        ancestors = set(holder.iterancestors())
        common = next((a for a in h1.iterancestors() if a in ancestors), None)
        if common is not None and common.tag in {"div", "section", "main", "td"}:
            _keep_from_headline_to_story(common, h1, holder)
            holder = common
    holder.tag = "article"
    return holder


_ANNOUNCED_LIST_MAX_LINK_SHARE = 0.3
_STORY_BOX_PART_MAX_WORDS = 150


def _story_box_part(child: HtmlElement) -> bool:
    """A box of the story between its paragraphs: a ``<div>``/``<section>`` holding a subheading or
    a list (prayer times in a story about them, a fact box: "<div class="box"><h3>مواقيت
    الصلاة</h3><ul>…</ul></div>"), short, with few links and no chrome name. clean_dom has already
    taken away the boxes that are not the story's (service boxes beside another story, other
    stories' headlines); trafilatura, left to find the body itself, dropped this one."""
    if child.tag not in _CONTAINER_TAGS or _chrome_naming(child) is not None:
        return False
    if next(child.iter(*_STORY_PARTS), None) is None:
        return False
    text = _all_text(child).strip()
    if not text or len(text.split()) > _STORY_BOX_PART_MAX_WORDS:
        return False
    return sum(len(_all_text(a)) for a in child.iter("a")) <= _ANNOUNCED_LIST_MAX_LINK_SHARE * len(text)


def _announced_closing_list(children: Sequence[HtmlElement], index: int) -> bool:
    """``children[index]`` is a list that closes the story, announced by the paragraph right
    before it: a line ending in a colon that names no teaser ("The victims were named as:",
    "والضحايا هم:", "Les victimes sont :"), over items that are not mostly links (a "Read more:"
    list of other stories' headlines is). Left out of the marked container, trafilatura kept
    the label and dropped the list (names of victims, the measures, the results)."""
    listing = children[index]
    if listing.tag not in {"ul", "ol"} or index == 0 or children[index - 1].tag != "p":
        return False
    label = _all_text(children[index - 1]).strip()
    if not label.endswith((":", "：")) or _DEFAULT_TEASERS[0].search(label) is not None \
            or _TAG_LINE_LABEL.match(label) is not None:
        return False
    if _is_prompt(label) or _is_share_bar(label) or _is_teaser_label(label):
        # "Partager :", "تابعونا على:", "Download our app:", "Sign up for our newsletters:": the
        # label of a share, follow, app or newsletter box, whose list is its buttons
        return False
    text = _all_text(listing).strip()
    linked = sum(len(_all_text(a)) for a in listing.iter("a"))
    return bool(text) and linked <= _ANNOUNCED_LIST_MAX_LINK_SHARE * len(text)


def _keep_from_headline_to_story(block: HtmlElement, h1: HtmlElement, story: HtmlElement) -> None:
    """Move out of ``block`` what lies before the headline ``h1`` and after the ``story``
    container, in place, just before and after ``block``.

    ``block`` is widened from the story's container to the headline's for the standfirst
    between them. A page column also holds what comes after the story (the "recommended" teasers,
    the date/author/topics/tags list, the feedback and print links) and its kicker above the
    headline: inside the ``<article>`` trafilatura kept them all (a DW-style column). Outside it,
    they are where they were when the story's container alone was marked."""
    before: list[HtmlElement] = []
    node = h1
    while node is not block:
        before[:0] = [s for s in node.itersiblings(preceding=True) if isinstance(s.tag, str)][::-1]
        node = node.getparent()
    after: list[HtmlElement] = []
    node = story
    goes_on = True  # the story's own closing blocks, right after its container, stay in the article
    while node is not block:
        for sibling in node.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            goes_on = goes_on and _closes_story(sibling)
            if not goes_on:
                after.append(sibling)
        node = node.getparent()
    for element in before:
        _move_keeping_tail(element, block.addprevious)
    anchor = block
    for element in after:
        _move_keeping_tail(element, anchor.addnext)
        anchor = element


_CLOSING_ITEM_WORDS = 5  # a list's item that is a measure or a finding, not a "Date"/"Author" line


def _closes_story(element: HtmlElement) -> bool:
    """A block right after the story's container that is still the story: a prose paragraph (in
    its own ``<div>`` or not), a table, or a list of sentences, no name marking it as chrome and
    few links (a CMS's separate body fields: the closing paragraph, the results, the measures).
    A heading, a chrome-named or link-dense block, or a list of short lines (the date, author
    and topics of a page column) is not."""
    if _chrome_naming(element) is not None:
        return False
    text = _all_text(element).strip()
    if not text or sum(len(_all_text(a)) for a in element.iter("a")) > 0.3 * len(text):
        return False
    if element.tag == "table":
        return True
    if element.tag in {"ul", "ol"}:
        items = [li for li in element if isinstance(li.tag, str)]
        return bool(items) and all(li.tag == "li" for li in items) \
            and sum(len(_all_text(li).split()) for li in items) >= _CLOSING_ITEM_WORDS * len(items)
    if element.tag == "p":
        return len(text) >= _STORY_PARAGRAPH_CHARS
    if element.tag in {"div", "section"}:
        children = [child for child in element if isinstance(child.tag, str)]
        return bool(children) and all(child.tag == "p" for child in children) \
            and all(len(_all_text(child).strip()) >= _STORY_PARAGRAPH_CHARS for child in children)
    return False


def _move_keeping_tail(element: HtmlElement, place) -> None:
    """Move ``element`` with ``place`` (a neighbour's ``addprevious``/``addnext``); the text after
    it stays where it was, as lxml would otherwise carry it along."""
    tail, element.tail = element.tail, None
    if tail and tail.strip():
        previous = element.getprevious()
        parent = element.getparent()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        elif parent is not None:
            parent.text = (parent.text or "") + tail
    place(element)


_STANDFIRST_MIN_CHARS = 40  # Arabic subtitles are short: "المشروع بكلفة 128 مليار درهم …" (56)
_BLOCK_TAGS = {"p", "div", "h2", "h3", "section", "header", "td", "li", "blockquote", "figure"}


def lost_standfirst(tree: HtmlElement, description: str | None, paragraphs: Sequence[str]) -> str | None:
    """The standfirst the page shows below its headline when the body left it out: a block after
    the h1 whose text is the page's description ("<div class="chapo">", a summary field, an
    ``<h2>`` under the h1), outside the container the story was taken from. ``None`` when the
    body already has it (most pages: the description is the lede), when the page does not
    show it below the h1, or shows it only in a hidden or chrome element. A page whose
    description is its lede, not its standfirst, marks the standfirst by its class instead
    (:func:`_classed_standfirst`)."""
    described = _described_standfirst(tree, description, paragraphs)
    return described if described is not None else _classed_standfirst(tree, paragraphs)


# The classes of a standfirst block: "standfirst", "chapo", "lead", "article-intro", "summary", "dek",
# "lead-text". Not when a word after it says the block is something else of the lead or the intro:
# "intro-auteur" (the writer's line), "lead-time" (the reading time), "lead-image", "intro-meta".
_STANDFIRST_QUALIFIERS = (r"time|times|temps|date|dates|author|authors|auteur|auteurs|writer|byline|by|meta|info|"
                          r"image|images|img|photo|photos|media|video|videos|picture|figure|caption|credit|icon|"
                          r"read|reading|lecture|title|label|share|tags?")
_STANDFIRST_CLASS = re.compile(r"(?:^|[\s_-])(?:standfirst|chapo|chapeau|lead|lede|intro|summary|excerpt|dek|deck|brief|"
                               r"subtitle|sub-title|subheadline|sub-headline|abstract|nabza|mulakhas)"
                               r"(?![_-]+(?:" + _STANDFIRST_QUALIFIERS + r")(?:$|[\s_-]))(?:$|[\s_-])",
                               re.IGNORECASE)
_STANDFIRST_MAX_CHARS = 500
_MEDIA_TAGS = ("img", "picture", "video", "figure", "amp-img", "iframe")


def _blocks_after_headline(tree: HtmlElement, count: int) -> list[HtmlElement]:
    """The first ``count`` siblings after the first h1, then the first ``count`` after its
    parent: where a standfirst or an editor's note sits between the headline and the story."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return []
    parent = h1.getparent()
    return [*h1.itersiblings()][:count] + ([*parent.itersiblings()][:count] if parent is not None else [])


def _classed_standfirst(tree: HtmlElement, paragraphs: Sequence[str]) -> str | None:
    """The block classed as a standfirst in the few elements right after the h1 (its siblings and
    its parent's), shown, not chrome, that the body does not already hold."""
    if not paragraphs:
        return None
    for block in _blocks_after_headline(tree, 4):
        if not isinstance(block.tag, str) or not _STANDFIRST_CLASS.search(block.get("class") or ""):
            continue
        if block.tag == "figure" or next(block.iter(*_MEDIA_TAGS), None) is not None:
            continue  # a lead image ("figure.lead-art", "div.lead-media"): its caption is no standfirst
        if next(block.iter("ul", "ol"), None) is not None:
            # a list ("ul.summary-list", "<div class="article-summary"><h2>ملخص</h2><ul><li>…"):
            # key points, one a line (lost_key_points), not one text
            continue
        shown = _text_beside_label(block)
        if not _STANDFIRST_MIN_CHARS <= len(shown) <= _STANDFIRST_MAX_CHARS or len(block.xpath(".//a")) > 1:
            continue
        if _is_hidden(block) or _is_chrome_container(block):
            continue
        key = compact(shown)[:60]
        if any(key in compact(p) for p in paragraphs) or _restated_in_lede(shown, paragraphs):
            return None  # the body has it, first or further down, or reworded as its lede
        return shown
    return None


_RESTATED_MIN_RATIO = 0.8  # of the words in common, in order, between a standfirst and a lede
_RESTATED_LENGTH = (0.75, 1.33)  # the lede's words over the standfirst's
_RESTATED_LEDES = 3


def _restated_in_lede(standfirst: str, paragraphs: Sequence[str]) -> bool:
    """Whether one of the body's first paragraphs is ``standfirst`` reworded: as long, within a
    quarter, and the same words in the same order but a spelling or two ("The 30km line will
    connect 14 stations …" over a lede "The 30-kilometre line will connect 14 stations …",
    "… 62.4 ديناراً" and "…، 62.4 ديناراً"). A lede that goes on past the standfirst's words
    ("Fleet of 120 buses will serve 40 routes by next summer, as Saudi Arabia launched …") or
    tells the same news in its own words is the story's, and the standfirst is put over it."""
    wanted = [word.casefold() for word in letter_words(standfirst)]
    if len(wanted) < 5:
        return False
    for paragraph in paragraphs[:_RESTATED_LEDES]:
        words = [word.casefold() for word in letter_words(paragraph)]
        if not _RESTATED_LENGTH[0] <= len(words) / len(wanted) <= _RESTATED_LENGTH[1]:
            continue
        if difflib.SequenceMatcher(None, wanted, words, autojunk=False).ratio() >= _RESTATED_MIN_RATIO:
            return True
    return False


def _text_beside_label(block: HtmlElement) -> str:
    """The block's shown text; a heading inside it beside other text is the box's label ("<div
    class="summary"><h3>En bref</h3><p>…</p></div>"), not the standfirst's words, and was run
    into them ("En brefLe gouvernement …") as libxml2 serialises text without separators."""
    headings = [h for h in block.iter("h2", "h3", "h4", "h5", "h6") if h is not block]
    if not headings:
        return shown_text(block)
    rest = copy_module.deepcopy(block)
    for heading in [h for h in rest.iter("h2", "h3", "h4", "h5", "h6") if h is not rest]:
        _drop(heading)
    return shown_text(rest) or shown_text(block)


# An editor's note over a story: "ملاحظة المحرر: …", "تنويه: …", "Editor's note: …", "NDLR : …".
_EDITOR_NOTE = re.compile(r"^\W{0,3}(?:ملاحظة (?:من )?المحرر|تنويه|توضيح|editor[’']?s'? note|note de la rédaction|"
                          r"n\.?d\.?l\.?r\.?|correction)\s*[:：]", re.IGNORECASE)


def lost_editor_note(tree: HtmlElement, paragraphs: Sequence[str]) -> str | None:
    """An editor's note shown between the headline and the story's container, which the body
    left out (trafilatura takes the container): among the few blocks after the h1, one that
    opens with an editor's-note label, shown, not chrome, not already in the body."""
    if not paragraphs:
        return None
    for block in _blocks_after_headline(tree, 6):
        if not isinstance(block.tag, str):
            continue
        shown = shown_text(block)
        if not _EDITOR_NOTE.match(shown) or len(shown) > 2 * _STANDFIRST_MAX_CHARS:
            continue
        if _is_hidden(block) or _is_chrome_container(block):
            continue
        if any(compact(shown)[:60] in compact(p) for p in paragraphs):
            return None
        return shown
    return None


# A key-points box between the headline and the story's container ("أبرز النقاط", "Key points",
# "L'essentiel" over a list of the story's facts): a short label, then two to eight items that are
# sentences of five words or more, none linked.
_KEY_POINT_MIN_WORDS = 5
_KEY_POINTS_MAX_ITEMS = 8
_KEY_POINTS_MAX_LABEL_WORDS = 6


def _repeated_in(key: str, held: Sequence[str]) -> bool:
    """``key`` (compacted) is one of the paragraphs ``held``, or the opening of one when it is of
    60 characters or more: a point that only shares words with a sentence is not the sentence."""
    return any(key == paragraph or len(key) >= 60 and paragraph.startswith(key[:60]) for paragraph in held)


# The classes of a kicker (surtitre) over a headline: "<p class="surtitre">Analyse</p><h1>",
# "eyebrow", "overline", "rubrique", "supertitle", "Dachzeile"
_KICKER_NAMES = re.compile(r"kicker|sur-?titre|sur-?title|super-?title|over-?(?:line|title)|eyebrow|pre-?title|"
                           r"rubri(?:que|c)|dachzeile|spitzmarke|topline|roofline", re.IGNORECASE)
# A story's genre set over its headline, unclassed: "Analyse", "Opinion", "Exclusive", "تحليل", "رأي", "حصري"
GENRE_LABEL = re.compile(
    r"^\W*(?:opinion|op-ed|comment|analysis|analyse|tribune|chronique|éditorial|editorial|entretien|interview|"
    r"exclusive|exclusif|reportage|explainer|décryptage|enquête|investigation|point de vue|"
    r"رأي|تحليل|مقال|حوار|خاص|تقرير|حصري|حصريا|تحقيق|"
    # sponsored content's label: "Publi-reportage : …", "Sponsored: …", "محتوى مدعوم | …"
    r"publi-?reportage|publi-?rédactionnel|advertorial|sponsored|sponsorisé|"
    r"محتوى\s+(?:مدعوم|ممول|إعلاني|ترويجي))\W*$", re.IGNORECASE)
_KICKER_MAX_WORDS = 4
_HEADLINE_BLOCK_LEVELS = 2  # the headline's siblings, then its parent's


def drop_headline_chrome(tree: HtmlElement) -> int:
    """Remove, in place, what stands right above the page's headline (the first ``<h1>``) and is
    the headline's, not the story's; returns how many elements went:

    - its kicker (surtitre): a short text (four words at most) classed as one
      (:data:`_KICKER_NAMES`: "<p class="surtitre">Analyse</p>", "eyebrow", "overline") or
      unclassed and a genre label (:data:`GENRE_LABEL`: "Opinion", "تحليل"), read upwards from the
      headline through its preceding siblings, then its parent's (not past an ``<article>``,
      ``<main>`` or ``<body>``), up to the first other text. trafilatura keeps it as the body's
      first line when it takes the headline's block with the story (a SPIP "cartouche" beside
      its notes); a story container marked by :func:`mark_story_container` already leaves it out;
    - the site's name written beside its logo above the headline (a print view's "<div
      class="print-header"><img alt="Oman Observer" src="/logo-print.png"><p>Oman Observer</p>"):
      the smallest block around a logo image (``logo`` in its address, class, id or alt, or its
      link's) whose text is the image's alt text and nothing else.

    Dates and authors are read from the page before this (the body is extracted from a copy)."""
    h1 = next(tree.iter("h1"), None)
    if h1 is None:
        return 0
    doomed: list[HtmlElement] = []
    node = h1
    for _ in range(_HEADLINE_BLOCK_LEVELS):
        stopped = False
        for sibling in node.itersiblings(preceding=True):
            if (sibling.tail or "").strip():
                stopped = True
                break
            if not isinstance(sibling.tag, str) or sibling.tag in {"script", "style", "img", "picture", "br", "hr"}:
                continue
            text = shown_text(sibling)
            if not text:
                continue
            if _is_headline_kicker(sibling, text):
                doomed.append(sibling)
                continue
            stopped = True
            break
        parent = node.getparent()
        if stopped or parent is None or parent.tag in _KEEP_TAGS or (parent.text or "").strip():
            break
        node = parent
    doomed.extend(_logo_site_names(tree, h1))
    for element in doomed:
        _drop(element)
    return len(doomed)


def _is_headline_kicker(element: HtmlElement, text: str) -> bool:
    """A kicker over the headline (see :func:`drop_headline_chrome`)."""
    if len(text.split()) > _KICKER_MAX_WORDS or re.search(r"[.!?؟]\s*\S", text) or next(element.iter("h1"), None) \
            is not None:
        return False
    names = " ".join(filter(None, (element.get("class"), element.get("id"))))
    inner = " ".join(filter(None, (f"{e.get('class') or ''} {e.get('id') or ''}" for e in element.iterdescendants())))
    return bool(names and _KICKER_NAMES.search(names) or inner and _KICKER_NAMES.search(inner)
                or GENRE_LABEL.match(text))


def _logo_site_names(tree: HtmlElement, h1: HtmlElement) -> list[HtmlElement]:
    """The blocks above ``h1`` that hold a logo and the site's name it shows as its alt text."""
    above = set()
    for element in tree.iter():
        if element is h1:
            break
        above.add(element)
    h1_ancestors = set(h1.iterancestors())
    found = []
    for image in tree.iter("img"):
        if image not in above:
            break
        alt = compact(image.get("alt") or "")
        link = next(image.iterancestors("a"), None)
        where = " ".join(filter(None, (image.get("src"), image.get("class"), image.get("id"), image.get("alt"),
                                       link.get("class") if link is not None else None)))
        if not alt or "logo" not in where.lower():
            continue
        block = image.getparent()
        while block is not None and block not in h1_ancestors and block.tag not in _KEEP_TAGS:
            text = compact(shown_text(block))
            if text:
                if text == alt and block not in found:
                    found.append(block)
                break
            block = block.getparent()
    return found


def lost_key_points(tree: HtmlElement, paragraphs: Sequence[str]) -> list[str] | None:
    """The story's key points shown between the headline and the story's container, which the
    body left out (trafilatura takes the container): among the few blocks after the h1 and before
    the block showing the body's last paragraph of prose, a list, or a block holding one list
    and at most a short label, whose two to eight items are each a sentence of five words or
    more, with no link, picture, form or button in the block; shown, not chrome, none of its
    items already a paragraph of the body (or the opening of one). Returned as the label (when
    there is one) then the items, one a line. A related-headlines list (its items are links), a
    tag list or a table of contents (short items, or links within the page) is not one."""
    if not paragraphs:
        return None
    closing: HtmlElement | None = None
    for block in _blocks_after_headline(tree, 6):
        if not isinstance(block.tag, str) or block.tag not in {"div", "section", "ul", "ol"}:
            continue
        # (the block's own tag is none of those looked for below it: lxml's walks, not XPaths)
        lists = [block] if block.tag in {"ul", "ol"} else list(block.iter("ul", "ol"))
        if len(lists) != 1 or next(block.iter("a", "img", "picture", "video", "iframe", "form", "button", "input"),
                                   None) is not None:
            continue
        items = [" ".join(shown_text(item).split()) for item in lists[0].iterchildren("li")]
        if not 2 <= len(items) <= _KEY_POINTS_MAX_ITEMS or any(
                len(item.split()) < _KEY_POINT_MIN_WORDS for item in items):
            continue
        label = " ".join(shown_text(block).split())
        for item in items:
            label = label.replace(item, " ", 1)
        label = " ".join(label.split())
        if len(label.split()) > _KEY_POINTS_MAX_LABEL_WORDS:
            continue
        path = [lists[0]]
        while path[-1] is not block:
            path.append(path[-1].getparent())
        if any(_is_hidden(node) or _is_chrome_container(node) for node in path):
            continue
        # the block showing the body's last paragraph of prose (its first may be a standfirst
        # shown above the box), looked for once a box qualifies
        if closing is None and (closing := _lede_block(tree, paragraphs[-5:][::-1])) is None:
            return None
        if not _precedes(block, closing):
            continue  # after the story: its readers' comments, a box closing the page
        held = [compact(paragraph) for paragraph in paragraphs]
        if any(_repeated_in(compact(item), held) for item in items):
            return None  # the body has them (a "highlights" box whose sentence the story opens with)
        return ([label] if label else []) + items
    return None


def _described_standfirst(tree: HtmlElement, description: str | None, paragraphs: Sequence[str]) -> str | None:
    """A block after the h1 whose text is the page's description (see :func:`lost_standfirst`)."""
    if not description or len(description) < _STANDFIRST_MIN_CHARS:
        return None
    wanted = compact(description.rstrip(" .…").removesuffix("..."))
    if not wanted:
        return None
    start = " ".join(description.split()[:4])
    # the body has it (most pages: the description is the lede); compacting the whole body cost
    # 0.4 ms a page, so only the paragraphs that may hold it are compacted
    maybe = [p for p in paragraphs if start in p] or paragraphs[:3]
    if any(wanted[:60] in compact(p) for p in maybe) or _restated_in_lede(description, paragraphs):
        return None
    h1 = next(tree.iter("h1"), None)
    # (the text of scripts, which often carry the description again in data, is not shown)
    for text in _SHOWN_TEXTS_WITH(tree, start=start):
        holder = text.getparent()
        if holder is not None and text.is_tail:
            holder = holder.getparent()
        while holder is not None and holder.tag not in _BLOCK_TAGS:
            holder = holder.getparent()
        if holder is None:
            continue
        shown = shown_text(holder)
        key = compact(shown)
        # the description may be the standfirst cut short ("…")
        if key != wanted and not (key.startswith(wanted[:max(40, len(wanted) - 5)]) and len(key) <= 2 * len(wanted)):
            continue
        if h1 is not None and not _precedes(h1, holder):
            continue  # above the headline: not the standfirst
        if (lede := _lede_block(tree, paragraphs)) is not None and not _precedes(holder, lede):
            continue  # below the story's opening: a site-wide description shown in the page's bottom
        if any(_is_hidden(node) or _is_chrome_container(node) or node.tag == "footer"
               for node in (holder, *holder.iterancestors())):
            continue
        return shown
    return None


_LEDE_MIN_WORDS = 12


def _lede_block(tree: HtmlElement, paragraphs: Sequence[str]) -> HtmlElement | None:
    """The block after the h1 that shows the body's first paragraph of prose there (of
    :data:`_LEDE_MIN_WORDS` words or more: not a date or a kicker line), or ``None`` when none
    is found as written (a paragraph the text stage joined or cut)."""
    h1 = next(tree.iter("h1"), None)
    for paragraph in paragraphs[:5]:
        if len(paragraph.split()) < _LEDE_MIN_WORDS:
            continue
        start = " ".join(paragraph.split()[:6])
        for text in _TEXTS_WITH(tree, start=start):
            holder = text.getparent()
            if holder is not None and text.is_tail:
                holder = holder.getparent()
            while holder is not None and holder.tag not in _BLOCK_TAGS:
                holder = holder.getparent()
            if holder is not None and (h1 is None or _precedes(h1, holder)):
                return holder
    return None


def _precedes(first: HtmlElement, second: HtmlElement) -> bool:
    """True when ``first`` comes before ``second`` in document order and does not contain it."""
    first_chain = [first, *first.iterancestors()]
    for node in (second, *second.iterancestors()):
        parent = node.getparent()
        if parent is None:
            return False
        for other in first_chain:
            if other.getparent() is parent:
                return other is not node and parent.index(other) < parent.index(node)
    return False


def drop_appended_stories(tree: HtmlElement) -> int:
    """Remove the next stories an infinite scroll appended below the page's own: blocks that
    repeat the template of the block holding the first ``<h1>`` (same tag, same class) and hold
    an ``<h1>`` of their own ("<div class="story-wrap">" twice, the second with the next story's
    headline, byline and text). An ``<h1>`` misused for a subheading inside the story sits in a
    block of another kind, and stays. Returns the number of blocks removed."""
    headlines = list(tree.iter("h1"))
    if len(headlines) < 2:
        return 0
    first = headlines[0]
    first_path = {ancestor: child for child, ancestor in zip([first, *first.iterancestors()], first.iterancestors())}
    removed: list[HtmlElement] = []
    for later in headlines[1:]:
        block = later
        for ancestor in later.iterancestors():
            if ancestor in first_path:
                first_block = first_path[ancestor]
                if (block is not first_block and block.tag == first_block.tag and block.get("class")
                        and block.get("class") == first_block.get("class") and block not in removed):
                    ancestor.remove(block)
                    removed.append(block)
                break
            block = ancestor
    return len(removed)


# A note's call in the text: "1", "[2]", "(3)", "*", "†", "iv".
_NOTE_CALL = re.compile(r"[\[(]?(?:\d{1,3}|[*†‡]{1,3}|[ivx]{1,4})[\])]?", re.IGNORECASE)
_NOTES_MAX_WORDS = 1500


# What XPath's normalize-space() takes for white space (not Python's wider idea of it)
_XPATH_SPACE_CHARS = " \t\r\n"
_XPATH_SPACE = re.compile("[ \t\r\n]+")
# The page's text nodes holding $start, outside scripts and styles (also noscript and template:
# "shown"); "/descendant::" rather than "//", the same nodes at a third of libxml2's time
_TEXTS_WITH = etree.XPath("/descendant::body/descendant::text()[contains(., $start)]"
                          "[not(parent::script or parent::style)]")
_SHOWN_TEXTS_WITH = etree.XPath("/descendant::body/descendant::text()[contains(., $start)]"
                                "[not(parent::script or parent::style or parent::noscript or parent::template)]")


def attach_footnotes(tree: HtmlElement) -> int:
    """Move the story's notes into the container of its text when they sit after it: a block
    holding the target of a note's call (a link inside a paragraph, its text a number or a mark,
    to ``#id``) that links back to that call (SPIP's ``<div class="notes">``, WordPress's and
    Markdown's footnotes: ``href="#fnref:1"``, ``#x-link``), outside the paragraph's container
    and after it, not chrome, without an ``<h1>``, of at most 1,500 words. trafilatura takes the
    container and left the notes out (and drops notes that open with their link back: those
    links become their text). A link to a part of the page (a table of contents, "back to
    top") has no link back, and stays where it is. Returns the number of blocks moved."""
    moved = 0
    # (the links to "#…" of at most five characters, what the XPath "//a[starts-with(@href, '#') and
    # string-length(@href) > 1 and string-length(normalize-space()) <= 5]" selects: in Python, as
    # that XPath cost a millisecond or more a page)
    calls = [call for call in tree.getroottree().iter("a") if (href := call.get("href")) and len(href) > 1
             and href[0] == "#" and len(_XPATH_SPACE.sub(" ", call.text_content()).strip(_XPATH_SPACE_CHARS)) <= 5]
    for call in calls:
        if not _NOTE_CALL.fullmatch(call.text_content().strip()):
            continue
        target_id = call.get("href", "")[1:]
        paragraph = next((node for node in call.iterancestors() if node.tag in ("p", "li")), None)
        container = paragraph.getparent() if paragraph is not None else None
        if container is None:
            continue
        targets = tree.xpath("//*[@id=$name or @name=$name]", name=target_id)
        if len(targets) != 1 or container in targets[0].iterancestors():
            continue  # no such note, or already in the container
        target = targets[0]
        # the call's ids: its own, its <sup>'s, its paragraph's; not the page's (a "back to top"
        # link to <body id="top"> or to the container's id is no link back)
        call_ids = set()
        for node in (call, *call.iterancestors()):
            if node.get("id"):
                call_ids.add(node.get("id"))
            if node is paragraph:
                break
        if not any(back.get("href", "")[1:] in call_ids for back in target.iter("a")):
            continue  # no link back to the call: not a note
        around = set(container.iterancestors())
        block = target
        while (parent := block.getparent()) is not None and parent not in around:
            block = parent
        if block.tag in _KEEP_TAGS or not _precedes(container, block) or next(block.iter("h1"), None) is not None:
            continue
        if any(_is_chrome_container(node) for node in (block, *target.iterancestors()) if block is node
               or block in node.iterancestors()) or len(_all_text(block).split()) > _NOTES_MAX_WORDS:
            continue
        _move_keeping_tail(block, container.append)
        for back in [a for a in block.iter("a") if a.get("href", "").startswith("#")]:
            # the notes' links to their calls, which made trafilatura drop the notes: a number
            # ("[1]") stays as text, a return mark ("↩", "^") goes
            if _NOTE_CALL.fullmatch(back.text_content().strip()):
                back.drop_tag()
            else:
                back.drop_tree()
        moved += 1
    return moved


def merge_split_bodies(tree: HtmlElement, min_paragraph_chars: int = 200) -> int:
    """Join article bodies split into sibling containers (same tag and class) by ads in between.

    The content of each later sibling is moved, in order, into the first one, so extractors
    that keep a single best container (trafilatura) see the whole body. When every part wraps
    its text in the same layers (grid row > grid item > body wrapper), the text moves between
    the innermost ones (:func:`_prose_holder`); subheadings and pull quotes between the parts
    move with them. Only containers whose
    paragraphs carry real prose (``min_paragraph_chars`` each) qualify, which leaves
    card grids of listing pages alone. Returns the number of containers merged away.
    """
    merged = 0
    for parent in list(tree.iter("div", "section", "article", "main")):
        children = [c for c in parent if isinstance(c.tag, str) and c.tag in _CONTAINER_TAGS and c.get("class")]
        if len(children) < 2:
            continue
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in children:
            groups.setdefault((child.tag, child.get("class", "").strip()), []).append(child)
        for members in groups.values():
            members = [m for m in members if m.getparent() is parent]  # not moved with another group
            if len(members) < 2:
                continue
            prose = [m for m in members if sum(_text_length(p) for p in m.iter("p")) >= min_paragraph_chars]
            if len(prose) < 2 or len(prose) < len(members) / 2:
                continue
            # Page builders wrap each part in the same few layers (grid row > grid item > body):
            # the parts are joined where their paragraphs are, or they stay separate containers
            # of which an extractor keeps the first.
            holders = [_prose_holder(m) for m in members]
            if len({(h.tag, h.get("class")) for h in holders}) != 1:
                holders = members
            # Shallow parts side by side are one body to an extractor already: joined only when
            # something else (an ad slot, a widget) sits between them.
            positions = [parent.index(m) for m in members]
            if positions[-1] - positions[0] + 1 == len(members) and len(members) == len(children) \
                    and holders == members:
                continue
            first, last = members[0], members[-1]
            classes = set(first.get("class", "").split()) & set(last.get("class", "").split())
            holder_of = dict(zip(members, holders))
            target = holders[0]
            between = [c for c in parent[parent.index(first) + 1:parent.index(last) + 1] if isinstance(c.tag, str)]
            for other in between:
                if other in holder_of:
                    holder = holder_of[other]
                    for node in list(holder):
                        target.append(node)
                    if holder.text and holder.text.strip():
                        paragraph = etree.SubElement(target, "p")
                        paragraph.text = holder.text
                    _drop(holder)
                    if holder is not other and not compact(_all_text(other)):
                        _drop(other)
                    merged += 1
                elif other.tag in _BODY_PIECE_TAGS or classes & set((other.get("class") or "").split()):
                    # A subheading or pull quote between the parts, or a part styled as a
                    # variant of them ("block heading" beside "block"): it moves with them, or
                    # it would end up after the whole joined body.
                    tail, other.tail = other.tail, None
                    target.append(other)
                    if tail and tail.strip():
                        other.tail = tail
    return merged


_BODY_PIECE_TAGS = {"h2", "h3", "h4", "h5", "h6", "p", "blockquote", "figure", "ul", "ol", "table"}


def _prose_holder(container: HtmlElement) -> HtmlElement:
    """The innermost element of ``container`` that holds all its text but a few characters
    (emptied ad rails): where its paragraphs are, below the layout wrappers. A part with its
    own heading or date beside its text (a live blog's entry) is its own holder."""
    holder = container
    while True:
        total = _visible_chars(holder)
        first = next((child for child in holder if isinstance(child.tag, str) and _visible_chars(child)), None)
        if not total or first is None or first.tag not in _CONTAINER_TAGS or _visible_chars(first) < total - 40:
            return holder
        holder = first


def _visible_chars(element: HtmlElement) -> int:
    """Characters of text other than white space."""
    return sum(len(word) for word in _all_text(element).split())


# ---------------------------------------------------------------------------------------------
# Text stage

# Arabic is written many ways for one word: with or without hamza on the alef, ى or ي, ة or ه,
# Persian ی and ک, with harakat or tatweel anywhere (أيضاً and أيضًا put the tanween on different
# letters). Patterns for Arabic words therefore run on a folded copy of the text, where each
# variant is one letter and each mark a tatweel: one character for one, so a match has the same
# span in the original text (a teaser glued to a paragraph is cut where it starts). Spelling the
# variants out in the pattern instead, a character class after every Arabic letter, made these
# patterns take half a second to compile in every process that imports this module.
_ARABIC_VARIANTS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ی", "ي"), ("ة", "ه"), ("ک", "ك"))
_ARABIC_MARK_CHARS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670"]  # harakat, tanween, superscript alef
_ARABIC_MARK = re.compile("[\u064b-\u065f\u0670]")
_MARKS_TO_TATWEEL = str.maketrans(dict.fromkeys(_ARABIC_MARK_CHARS, "\u0640"))


@functools.lru_cache(maxsize=256)  # a paragraph is tried against several patterns in a row
def _fold_arabic(text: str) -> str:
    """``text`` with Arabic letter variants folded to one letter and marks to tatweel, one
    character for one. A chain of ``str.replace`` scans: ``str.translate`` of the whole text
    costs ten times as much on Arabic."""
    if text.isascii():
        return text
    for variant, letter in _ARABIC_VARIANTS:
        if variant in text:
            text = text.replace(variant, letter)
    if _ARABIC_MARK.search(text):
        text = text.translate(_MARKS_TO_TATWEEL)
    return text


def _folded_source(pattern: str) -> str:
    """``pattern`` (regex source) for :func:`_fold_arabic`'s text: its Arabic letters folded, a
    tatweel allowed after each, its own marks dropped. No Arabic letter may sit in a character
    class of ``pattern``."""
    out = []
    for char in pattern:
        if "\u064b" <= char <= "\u065f" or char in "\u0670\u0640":
            continue  # written marks become optional after every letter
        if "\u0621" <= char <= "\u064a" or char in "\u0671\u06a9\u06cc":
            out.append(_fold_arabic(char) + "\u0640*")
        else:
            out.append(char)
    return "".join(out)


class _SpanOfOriginal:
    """A match on folded text, read on the original text it was folded from."""

    __slots__ = ("_match", "_text")

    def __init__(self, match: re.Match[str], text: str) -> None:
        self._match, self._text = match, text

    def start(self, group: int | str = 0) -> int:
        return self._match.start(group)

    def end(self, group: int | str = 0) -> int:
        return self._match.end(group)

    def group(self, group: int | str = 0) -> str | None:
        start, end = self._match.span(group)
        return None if start < 0 else self._text[start:end]

    def named_group(self, name: str) -> str | None:
        """The group ``name``'s text, ``None`` also when the pattern has no such group."""
        return self.group(name) if name in self._match.re.groupindex else None


class ArabicTolerantPattern:
    """A compiled pattern whose Arabic words match however they are spelled (see
    :func:`_fold_arabic`); ``search``, ``match`` and ``fullmatch`` take and report on the text
    as written."""

    __slots__ = ("compiled",)

    def __init__(self, folded_source: str, flags: int = 0) -> None:
        self.compiled = re.compile(folded_source, flags)

    def search(self, text: str) -> _SpanOfOriginal | None:
        match = self.compiled.search(_fold_arabic(text))
        return _SpanOfOriginal(match, text) if match else None

    def match(self, text: str) -> _SpanOfOriginal | None:
        match = self.compiled.match(_fold_arabic(text))
        return _SpanOfOriginal(match, text) if match else None

    def fullmatch(self, text: str) -> _SpanOfOriginal | None:
        match = self.compiled.fullmatch(_fold_arabic(text))
        return _SpanOfOriginal(match, text) if match else None


def _arabic_tolerant(pattern: str, flags: int = 0) -> ArabicTolerantPattern:
    """``re.compile(pattern, flags)``, matching Arabic words however they are spelled."""
    return ArabicTolerantPattern(_folded_source(pattern), flags)


class _GatedPattern(ArabicTolerantPattern):
    """An :class:`ArabicTolerantPattern` (compiled with IGNORECASE) whose every match holds one of
    ``needles`` unless it is a match of its Arabic words: ``search`` first looks for the needles
    (lower case, Latin script) in the text's lower case, and runs the pattern only where one is
    there or the text has Arabic letters. The same answer as the pattern's own search, at a
    tenth of its cost on most paragraphs: an alternation of words under IGNORECASE gives ``re``
    nothing to skip ahead by, so it tries every word at every position."""

    __slots__ = ("needles",)

    def __init__(self, folded_source: str, flags: int, needles: tuple[str, ...]) -> None:
        super().__init__(folded_source, flags)
        self.needles = needles

    def search(self, text: str) -> _SpanOfOriginal | None:
        if _UNGATED_CHARS.search(text) is None:
            lowered = text.lower()
            if not any(needle in lowered for needle in self.needles):
                return None
        return super().search(text)


def _gated(pattern: str, flags: int, needles: tuple[str, ...]) -> _GatedPattern:
    """:func:`_arabic_tolerant` for a pattern every non-Arabic match of which holds one of
    ``needles`` as written (lower case): see :class:`_GatedPattern`."""
    return _GatedPattern(_folded_source(pattern), flags | re.IGNORECASE, needles)


class _AfterSentenceEndPattern(ArabicTolerantPattern):
    """An :class:`ArabicTolerantPattern` whose every alternative opens with a lookbehind for a
    sentence end or an Arabic comma (:data:`_GLUE_POINT`): ``search`` tries a match only right
    after one of them, in the text's order, which gives the leftmost match a search of every
    position gives (a paragraph has a few such places and some hundreds of positions)."""

    __slots__ = ()

    def search(self, text: str) -> _SpanOfOriginal | None:
        folded = _fold_arabic(text)
        match_at = self.compiled.match
        for point in _GLUE_POINT.finditer(folded):
            if (match := match_at(folded, point.end())) is not None:
                return _SpanOfOriginal(match, text)
        return None


TEASER_PHRASES: tuple[str, ...] = (
    # English
    "Also Read", "Read Also", "Read More", "Read more:", "Related", "Related Articles", "Related Stories",
    "Related News", "Related Content", "Related Coverage", "See Also", "Also See", "Don't Miss", "Do not miss",
    "Recommended", "Recommended Stories", "More on this", "More from", "Also on", "Must Read", "You may also like",
    "You might also like", "Trending", "Watch", "WATCH:", "Click here", "See more", "Don’t Miss", "Read Next",
    "Further reading",
    # Arabic
    "اقرأ أيضاً", "اقرأ أيضا", "اقرأ ايضا", "اقرأ ايضاً", "إقرأ أيضاً", "إقرأ أيضا", "اقرأ المزيد", "إقرأ المزيد",
    "شاهد أيضاً", "شاهد أيضا", "شاهد ايضا", "طالع أيضا", "طالع أيضاً", "اقرأ كذلك", "مواضيع ذات صلة",
    "أخبار ذات صلة", "مقالات ذات صلة", "ذات صلة", "لمزيد من الأخبار", "شاهد:", "اقرأ:", "قد يهمك أيضاً",
    "قد يهمك", "قد يعجبك أيضاً", "قد يعجبك", "اخترنا لك", "موضوعات متعلقة", "مواضيع متعلقة", "أخبار متعلقة",
    "مقالات متعلقة", "للمزيد:", "المزيد:", "ننصحك بقراءة", "طالع:", "مواضيع قد تهمك", "أخبار قد تهمك",
    "أخبار ذات علاقة", "مواضيع ذات علاقة", "روابط ذات صلة", "يمكنك أيضاً قراءة", "يمكنك أيضا قراءة",
    "تابع أيضاً", "تابع أيضا",
    # French
    "Lire aussi", "À lire aussi", "A lire aussi", "Lire également", "À lire également", "A lire également",
    "Voir aussi", "À voir aussi", "A voir aussi", "Sur le même sujet", "À lire", "A lire", "Lire la suite",
    "En savoir plus", "Découvrir aussi", "Ne manquez pas", "LIRE AUSSI", "Vous aimerez aussi",
    "Vous aimerez peut-être aussi", "Vous aimerez aussi lire", "Sur le même thème", "À découvrir aussi",
    "A découvrir aussi", "Découvrez aussi", "Articles similaires", "Articles liés", "Notre dossier",
    "Également sur notre site", "Egalement sur notre site", "Sur notre site",
)
# Phrases that start a teaser only when followed by a separator (they are common words otherwise).
_NEEDS_SEPARATOR = {"related", "recommended", "trending", "watch", "watch:", "à lire", "a lire", "click here",
                    "ذات صلة", "more from", "also on", "قد يهمك", "قد يهمك أيضاً", "قد يعجبك", "قد يعجبك أيضاً",
                    "اخترنا لك", "read next", "further reading", "vous aimerez aussi", "vous aimerez peut-être aussi",
                    "vous aimerez aussi lire", "découvrez aussi", "à découvrir aussi", "a découvrir aussi",
                    "sur le même thème", "sur le même sujet", "articles similaires", "articles liés",
                    "notre dossier", "également sur notre site", "egalement sur notre site", "sur notre site"}

# Where a prompt sends the reader: a platform, "our" channel/app/page, a newsletter. Arabic
# imperatives are spelled like past tenses ("اشترك الطلاب في تطبيق": the students joined an
# app), so a bare "channel" or "app" is not enough there: "قناة السويس" is the Suez Canal.
_PROMPT_PLACES = (r"(whatsapp|telegram|youtube|facebook|instagram|tiktok|twitter|google news|google actualit[ée]s|"
                  r"channel|chaîne|app\b|"
                  r"application|newsletter|notifications?|واتساب|واتس اب|تلغرام|تليغرام|تيليجرام|تليجرام|تلجرام|يوتيوب|فيسبوك|"
                  r"فيس بوك|تويتر|انستغرام|إنستغرام|تيك توك|قناتنا|تطبيقنا|صفحتنا|حسابنا|نشرتنا|موقعنا|"
                  r"النشرة البريدية|الإشعارات|أخبار جوجل|جوجل نيوز|منصة إكس|منصة اكس|منصة x(?=\s*[.!]?\s*$))")
_MESSAGING_PLATFORMS = r"(واتساب|واتس اب|تلغرام|تليغرام|تليجرام|تيليجرام|telegram|whatsapp)"
# "Our" channel, page, app or site: a line that names one addresses the site's readers.
_OUR_PLACES = r"(قناتنا|صفحتنا|صفحاتنا|حسابنا|حساباتنا|تطبيقنا|موقعنا|نشرتنا|مجموعتنا|منصاتنا)(?!\w)"
# Where a prompt addressed to the reader sends them, for the Arabic calls whose imperative is
# spelled like the past tense: "our" channel or page, "click here", or a platform ending the line
# (perhaps with "here", "now", "moment by moment" or a link): "انضموا إلى قناة عمون على تلغرام",
# "لمتابعة آخر الأخبار اشترك في النشرة البريدية", "تابعوا آخر الأخبار عبر فيسبوك لحظة بلحظة". A
# story's sentence goes on after the platform ("… عبر فيسبوك خلال الأسبوع الأول من إطلاقها").
_READER_PLACE = (r"(" + _OUR_PLACES + r"|اضغط هنا|انقر هنا|" + _PROMPT_PLACES
                 + r"\s*(?:[:،,.-]\s*)?(?:(?:اضغط|اضغطوا|انقر|انقروا)\s+هنا|من\s+هنا|هنا|الآن|مجانا|عبر\s+الرابط|"
                 r"لحظة\s+بلحظة|أولا\s+بأول|أولاً\s+بأول|"
                 r"(?:https?://|www\.)\S+)?\s*[.!:]?\s*$)")
# An app's name (up to four words, no preposition, no number) ending the line after "تطبيق".
_APP_NAME_ENDS = (r"(\s+(?!(إلى|الى|في|من|على|عن|منذ|خلال|أكثر|اكثر|بعد|قبل|لدى)(?!\w))[^\s\d]+){0,4}"
                  r"\s*[.!]?$")
# The app stores a download prompt names.
_APP_STORES = (r"(أندرويد|اندرويد|آندرويد|آيفون|ايفون|آي أو إس|ios|android|iphone|app store|google play|"
               r"جوجل بلاي|غوغل بلاي|قوقل بلاي|آب ستور|اب ستور|آبل ستور|هواوي|huawei|appgallery)(?!\w)")
# The purpose clause a closing prompt may open with: "لمتابعة آخر الأخبار …", "ولكي تصلكم آخر الأخبار …"
_PURPOSE_LEAD_IN = r"(لمتابعة|للمتابعة|للمزيد|لمزيد|للاطلاع|لمعرفة|ليصلكم|ليصلك|لتصلكم|لتصلك|لكي تصلكم|لكي يصلكم)"
# The calls that send the reader elsewhere (follow, join, subscribe, click here, download, "stay
# informed"): the only prompts looked for glued to the end of a story's paragraph
# (:func:`_without_glued_prompt`). A label (comments, share, author, a badge, "try our") opening a
# story's sentence is prose there: "… in Muscat. Comments on the app were largely positive."
_CALL_PROMPTS: tuple[str, ...] = (
    # the outlet, a handle or the writer after the verb ("Follow The National on …", "Follow her on
    # X @janedoe"): "Follow counts on WhatsApp channels have grown …" is a story's sentence
    r"^(please\s+)?follow\s+(us|our|me|him|her|them|(?-i:[@A-Z0-9])[\w.\- ]{0,40})\s+on\b",
    r"^(تابعونا|للمتابعة)\b.{0,80}(على|عبر)",
    r"^تابعونا(\s|\s*[.!:]?$)",
    # "تابعنا"/"تابعوا" also read "we followed"/"they followed" ("تابعنا خلال الأيام الماضية النقاش
    # …", a column's opening): only with where they send the reader, as the singular below
    # and the platform ending the line, as for the calls below ("تابعوا النقاش على فيسبوك طوال الليل
    # قبل إعلان النتائج": they followed)
    r"^(تابعوا|تابعنا)\s.{0,80}\b(على|عبر)\s.{0,60}" + _READER_PLACE,
    # the singular imperative also reads "followed" (past tense): only with where it sends the
    # reader ("تابع آخر الأخبار عبر حساب سبق على منصة إكس وقناتها على واتساب")
    r"^(تابع|تابعي)\s.{0,80}\b(عبر|على)\s.{0,60}" + _READER_PLACE,
    # the same after a short lead-in: "للمزيد من الأخبار تابعونا على …", "For more news, follow us on …"
    r"^(for more|pour plus d|للمزيد من|لمزيد من|للمزيد|لمتابعة المزيد|لمعرفة المزيد|ليصلكم|لتصلكم|لكي تصلكم|لكي يصلكم)\b.{0,50}?"
    r"\b(follow us|suivez[- ]nous|تابعونا|تابعنا)\b",
    r"^suivez[- ]nous\b",
    r"^suivez\s+[\w.’'\- ]{1,40}\s+sur\s+((notre|nos)\s+)?" + _PROMPT_PLACES,  # "Suivez TSA sur Google News …"
    # Channel and app prompts name where they send the reader: "انضموا إلى قناتنا على واتساب",
    # "للاشتراك في قناتنا على تلغرام", "حمّل تطبيق …", "اضغط هنا لمتابعة قناتنا", "Click here to
    # follow us on …", "Pour suivre l'actualité, abonnez-vous à notre chaîne …". An Arabic
    # imperative is followed by its preposition, a past tense by its subject ("انضم مئات الآلاف").
    # The past tense reads the same ("انضم إلى المبادرة أكثر من خمسمئة متطوع عبر فيسبوك خلال …",
    # "لمتابعة تنفيذ المشروع، أنشأت الوزارة صفحة على فيسبوك يتم تحديثها …"): the line must be
    # addressed to the reader, "our" channel or "click here", or end with the platform.
    r"^((انضم|انضموا|انضمي|اشترك|اشتركوا|اشتركي)\s+(إلى|الى|في|ب|عبر|على|الآن|مجانا)|للانضمام|للاشتراك|لمتابعة)"
    r"\s.{0,80}" + _READER_PLACE,
    # "حمّل تطبيق …": the imperative takes its object first, and the app's name ends the line, or
    # it is "our" app, or "click here"; "حمل التطبيق الجديد اسم «سند» وسيتيح …" (the app bore the
    # name) and "نزل التطبيق إلى المتاجر يوم الاثنين" (it came out) tell the news
    r"^(حمل|حملوا|نزل|نزلوا|لتحميل)\s+(ال)?تطبيق(نا(?!\w)|" + _APP_NAME_ENDS
    + r"|.{0,60}(اضغط هنا|انقر هنا|من هنا|عبر الرابط))",
    # the same after a purpose clause: the plural imperative, the app's name ending the line
    # ("لمتابعة آخر المستجدات لحظة بلحظة حمّلوا تطبيق بيروت نيوز"), or "our" app. The singular is
    # spelled as a past or passive tense: "لمتابعة حالة الطقس حُمّل تطبيق الأرصاد أكثر من مليون
    # مرة", "لمعرفة مواعيد الحافلات نزل تطبيق الهيئة إلى المتاجر …" tell the news.
    r"^" + _PURPOSE_LEAD_IN + r"\s.{0,60}?\s(حملوا|نزلوا)\s+(ال)?تطبيق" + _APP_NAME_ENDS,
    r"^" + _PURPOSE_LEAD_IN + r"\s.{0,60}?\s(حمل|حملوا|نزل|نزلوا)\s+تطبيقنا(?!\w)",
    # the singular too when the app stores end the line right after the app's name: "لمتابعة آخر
    # الأخبار حمّل تطبيق الموقع على أندرويد و iOS" (a count or a date after the name tells the news:
    # "… حُمّل تطبيق الأرصاد أكثر من مليون مرة على أندرويد")
    r"^" + _PURPOSE_LEAD_IN + r"\s.{0,60}?\s(حمل|نزل)\s+(ال)?تطبيق(\s+(?!(إلى|الى|في|من|على|عن|أكثر|اكثر)(?!\w))"
    r"[^\s\d]+){0,3}\s+(على|عبر|من)\s+((متجر|متجري|متاجر)\s+)?" + _APP_STORES
    + r"(\s*(و|،|,|/)\s*((متجر|متجري)\s+)?" + _APP_STORES + r")*\s*[.!]?$",
    # the reader told what they can do with "our" channel, page or app, or to follow us: "ولمزيد
    # من الأخبار يمكنكم متابعة صفحتنا على فيسبوك" ("ويمكنكم الاشتراك في خدمة التذكير بمواعيد
    # التطعيم عبر واتساب على الرقم …" is a ministry's service, "يمكنك متابعة سجل مشاهدة أطفالك على
    # يوتيوب …" an explainer's step)
    r"^([^.!?؟]{0,60}?[\s،,])?(يمكنكم|يمكنك|بإمكانكم|بإمكانك)\s+(متابعتنا\s.{0,60}" + _PROMPT_PLACES
    + r"|(متابعة|الاشتراك|الانضمام|تحميل|تنزيل)\s.{0,60}" + _OUR_PLACES + r")",
    r"^(click here|tap here|اضغط هنا|انقر هنا|cliquez ici)\b.{0,80}" + _PROMPT_PLACES,
    # the imperative right after the purpose clause, and "our" or "us", or the platform ending the
    # line, perhaps with its name or "here" ("…, abonnez-vous à la newsletter de TelQuel ici"):
    # "To get the new ID card, citizens must download the Tawakkalna application and book an
    # appointment online" and "For the latest figures, traders follow the central bank's app …" are
    # the news
    r"^(pour (suivre|ne rien manquer|ne rien rater|ne rien louper|recevoir|rester informée?s?|être informée?s?)|"
    r"to (get|receive|follow|stay)|for the latest)\b[^,;:.!?—–]{0,80}(?:[,;:—–]\s*|\s)"
    r"(abonnez|inscrivez|rejoignez|téléchargez|suivez|subscribe|sign up|join|follow|download)\b"
    r"(?=.{0,60}\b(our|us|notre|nos|nous)\b|.{0,40}" + _PROMPT_PLACES
    + r"(\s+[^\s.!?]+){0,3}\s*[.!:]?\s*$).{0,40}" + _PROMPT_PLACES,
    # an explainer's step ("Sign up with your Emirates ID; registration is free", "Inscrivez-vous
    # … avec une adresse e-mail valide") names no newsletter of the site's
    (r"^(sign\s*up|subscribe|inscrivez[- ]vous|abonnez[- ]vous)\b.{0,120}"
     r"(newsletter|lettre d'information|infolettre|inbox|(our|notre|nos) (e-?mails?|updates|alerts)|"
     r"daily (newsletter|briefing|digest))"),
    # "سجل" is also "recorded" ("سجل قطاع البريد السريع نموا …", "… وهو ما توقعته النشرة
    # الإنذارية"), "اشترك" "took part": the reader's newsletter or mailbox, not a bulletin or the post
    (r"^(اشترك|اشتركوا|اشتركي|سجل|سجلوا|سجلي)\s.{0,120}(النشرة البريدية|النشرة الإخبارية البريدية|نشرتنا|"
     r"قائمتنا البريدية|بريدك|بريدكم)(?!\w)"),
    # the same promising the news in a purpose clause, and nothing more: "اشترك لتصلك أهم الأخبار",
    # "سجل بريدك الإلكتروني ليصلك كل جديد" ("اشترك لتصلك الرسالة في وقتها كان شرط الشركة …" goes on).
    # Between the verb and the clause only "now", "free" or the reader's mailbox: "سجل في نسك لتصلك
    # جميع تحديثات الحج", "اشتركوا في الباقة لتصلكم أحدث العروض" are a service's explainer
    (r"^(اشترك|اشتركوا|اشتركي|سجل|سجلوا|سجلي)(\s+(بريدك|بريدكم)(\s+(الإلكتروني|الالكتروني))?)?"
     r"\s+((الآن|مجانا|مجاناً|معنا)\s+)?"
     r"(لتصلك|ليصلك|لتصلكم|ليصلكم|لكي تصلك|لكي يصلك|لكي تصلكم|لكي يصلكم)\s+"
     r"(أهم|آخر|أحدث|أبرز|كل|جميع|الأخبار|أخبار|النشرة|نشرتنا|جديد)(\s+[^\s.!?؟]+){0,3}\s*[.!]?$"),
    r"^(get|receive|recevez|recevoir)\s.{0,60}(newsletter|in your inbox|delivered|lettre d'information|"
    r"infolettre|boîte (mail|e-mail|de réception))",
    # a short line that ends by sending the reader elsewhere: "لقراءة المزيد من الأخبار اضغط هنا"
    r"^.{0,60}(اضغط هنا|انقر هنا|click here|cliquez ici)\s*[.!:]?$",
    r"^(join|rejoignez)(-nous)?\s.{0,40}(whatsapp|telegram|channel|chaîne|newsletter)",
    # "our" channel or page on a platform: "Subscribe to our YouTube channel", "Abonnez-vous à notre
    # chaîne Telegram", "Get the latest news on our WhatsApp channel" ("Subscribe to the ministry's
    # channel …" is an explainer's step: only "our")
    r"^(subscribe|abonnez[- ]vous|inscrivez[- ]vous)\s+(to|à)\s+(our|notre|nos)\b.{0,40}" + _PROMPT_PLACES,
    r"^(get|receive|recevez|retrouvez)\s+(the |all the |our |toute l'|l'|les )?(latest|breaking|top|actualité|"
    r"dernières|infos?)\b.{0,60}\b(on|via|through|sur|via)\s+(our|notre|nos)\b.{0,30}" + _PROMPT_PLACES,
    # the latest news on a platform that ends the line, perhaps after a short exclamation ("Don't
    # miss it! Get the latest news on WhatsApp.", "Stay informed! Get breaking news on Telegram"):
    # "Residents get the latest news on WhatsApp from the municipality" opens with its subject,
    # and "Get the latest news on the storm here" names no platform
    # ("Get the latest news updates on your WhatsApp. Follow Gulf News channel": two nouns, "your"
    # platform, and the call to follow that names no platform again)
    r"^(?:[^.!?]{1,30}!\s+)?(get|receive)\s+(the\s+|all\s+the\s+)?(latest|breaking|top)\s+(news\s+)?(news|updates|"
    r"stories|headlines|alerts)\s+(on|via)\s+(your\s+)?" + _PROMPT_PLACES + r"(\s+[^\s.!?]+){0,2}"
    r"(\s*[.!]\s+(follow|join|subscribe to)\s[^.!?]{1,50})?\s*[.!]?$",
    # a channel named after a lead-in: "Stay updated … by joining the Times of Oman WhatsApp
    # channel here", "لمزيد من الأخبار، اضغط هنا للاشتراك في قناة الراية على واتساب"
    # (the verb opening a clause or after "by", and "our" channel or the channel ending the line:
    # "Following the leak, the ministry shut down dozens of Telegram channels used to sell exam
    # answers", "… residents should follow the instructions published on its WhatsApp channel" are
    # the news)
    r"(?:^|[.!:,;—–]\s*|\bby\s+)(join(ing)?|follow(ing)?|subscrib(e|ing))\b"
    r"(?:.{0,60}\bour\b.{0,30}\b(whatsapp|telegram) (channels?|groups?)\b|"
    r"(?!.{0,60}\b(its|their|his|her)\b).{0,60}\b(whatsapp|telegram) (channels?|groups?)"
    r"(\s+(here|now|today|for (the latest|more|updates|news)\b.{0,30}))?\s*[.!:]?\s*$)",
    # a second sentence that prompts: "Stay up to date with the latest news. Follow Gulf News on …",
    # after a question about the news too ("Want to stay ahead of the news? Join MWN on WhatsApp …",
    # "Vous voulez suivre l'actualité ? Rejoignez …"): a feature's question before its answer is
    # the story's ("Is it worth it? Follow the example of Karim, who moved his orders to WhatsApp")
    r"^(?:.{0,80}[.!]|[^.!?؟]{0,80}\b(?:news|updates|headlines|informed|actualités?|actu|infos?|الأخبار|أخبار)\b"
    r"[^.!?؟]{0,40}[?؟])\s+"
    # the call addresses the reader with the outlet's own channel: its name, "us" or "our" (or the
    # writer's "her") after the verb, or "our" before the place ("Follow the latest news on our WhatsApp channel");
    # "… on WhatsApp. Follow the steps below to join a channel." tells how (the Arabic plural
    # imperatives address the reader)
    r"(?:(?:follow|join)\s+(?=(?-i:[@A-Z0-9])|(?:us|our|me|him|her|them)\b|.{0,60}\bour\b)"
    r"|(?:suivez|rejoignez)\s+(?=(?-i:[@A-Z0-9À-Ý])|(?:nous|notre|nos)\b|.{0,60}\b(?:notre|nos)\b)"
    r"|(?:تابعونا|تابعوا|انضموا)(?![-\w])).{0,60}"
    r"\b(on|sur|على|عبر|to|à)\b.{0,40}" + _PROMPT_PLACES,
    # the same after a lead-in of at most four words and a dash ("Stay informed — follow Kuwait
    # Daily on Google News"): a clause before the dash is a story's ("Thousands are expected at the
    # Corniche for the parade — join the celebrations …")
    r"^[^\s:—–.!?]+(\s+[^\s:—–.!?]+){0,3}\s[—–]\s+(follow|join|suivez|rejoignez|تابعونا|تابعوا|انضموا)\b.{0,60}"
    r"\b(on|sur|على|عبر|to|à)\b.{0,40}" + _PROMPT_PLACES,
    # a channel or group on a messaging platform, from the line's start ("وانضم لقناة الوزارة على
    # تلغرام أكثر من مليون مستخدم" tells the news): "our" channel ("انضموا إلى قناتنا على واتساب"),
    # or a line that ends with the platform, perhaps with "click here" or a link ("انضم لقناة اليوم
    # السابع على واتساب"; "انضم لقناة السويس الرياضية على واتساب أكثر من مئة ألف مشجع" goes on to
    # say who joined). The preposition may be written onto the noun ("انضم لقناتنا", "اشترك بقناتنا");
    # a short lead-in may come first ("لمزيد من الأخبار، اضغط هنا للاشتراك في قناة الراية على واتساب").
    r"^(?:[^.!?؟]{0,50}?(?:[،,:]|اضغط هنا|انقر هنا)\s*)?"
    r"(للاشتراك|اشترك|اشتركوا|انضم|انضموا|للانضمام)\s+(?:(?:في|إلى|الى|ب)\s*|ل)?"
    r"(?:(قناتنا|مجموعتنا)\b.{0,40}" + _MESSAGING_PLATFORMS + r"|(قناة|مجموعة)\b.{0,40}" + _MESSAGING_PLATFORMS
    + r"\s*(?:[:،,.-]\s*)?(?:(?:اضغط|اضغطوا|انقر|انقروا)\s+هنا|من\s+هنا|هنا|عبر\s+الرابط|من\s+خلال\s+الرابط|"
    r"(?:https?://|www\.)\S+)?\s*[.!:]?\s*$)",
    # the site's own app ("Download our app", "Download the Gulf News app now"); an explainer's
    # step ("Download the UAE Pass app from the App Store") goes on to say where
    r"^(download|télécharge[zr])\s+(our|notre|nos)\b.{0,40}\b(app|apps|application)\b",
    r"^(download|télécharge[zr])\s+(the|l')\s*[\w’' ]{1,30}\b(app|application)(\s+(now|today|here|maintenant))?"
    r"(\s+(for|pour|to (get|receive|stay))\b.{0,40}\b(news|updates|latest|alerts|actualités|infos))?\s*[.!:]?$",
)
# A paywall's offer closing its line: "… and get unlimited access to all our journalism", "… et
# accéder à tous nos contenus", "… واحصل على وصول غير محدود": access to the site's content or its
# letters, or its price, then the rest of the sentence ("Sign up to read more than 200 e-books and
# get a library card" is a library's). (The spaces around its joining word are read once, possessive:
# after the line's free "[^.!?؟]{0,20}", two "\s*" in a row made a run of spaces cubic.)
_PAYWALL_PRICE = (r"(?:[$€£]\s?[\d٠-٩]+(?:[.,][\d٠-٩]+)?|[\d٠-٩]+(?:[.,][\d٠-٩]+)?\s?(?:€|\$|£|euros?|dollars?|"
                  r"dirhams?|dinars?|riyals?|pounds?|dh|mad|tnd|usd|eur|درهم|دراهم|دينار|دنانير|دولار|ريال|جنيه|يورو)(?!\w))")
_PAYWALL_OFFER = (r"(?:\s*+(?:,|،|-|–|—|and|et|&)?\s*+(?:(?:get|enjoy|unlock|gain)\s+(?:(?:unlimited|full|premium|exclusive|"
                  r"digital|instant)\s+){1,2}access|access\s+(?:to\s+)?(?:all|our|every|unlimited)|"
                  r"(?:accéde[rz]|profite[rz]|bénéficie[rz]) (?:à|de) (?:tous|toutes|l['’]ensemble de) (?:nos|vos)|"
                  r"(?:get|receive|recevez|recevoir) (?:our|nos) (?:newsletters?|premium)|"
                  r"و?(?:احصل|استمتع|تمتع)\s+(?:على|ب)\s*(?:وصول|اشتراك|كامل|جميع|كل)|"
                  # its price: "… à partir de 1 € le premier mois", "… for just $1", "… بـ 1 دينار شهريا"
                  r"(?:à partir de|dès|pour (?:seulement )?|for (?:just |only )?|from (?:just |only )?|starting (?:at|from)|"
                  r"only|just|seulement|مقابل|بسعر|بـ?)\s*+" + _PAYWALL_PRICE + r")"
                  r"(?:[^.!?؟]|(?<=[\d٠-٩])\.(?=[\d٠-٩])){0,80})")

# A box's heading alone on its line: a list's ("Most viewed", "Les plus lus", "الأكثر قراءة") or a
# breaking story's badge ("Breaking news", "Urgent", "عاجل", with or without its colon)
_LIST_WIDGET_HEADING = (r"most (read|popular|viewed|shared)|trending( now)?|les plus (lus|partagés|commentés|populaires|"
                        r"consultés)|(ال)?أكثر (قراءة|مشاهدة|تداولا|تعليقا|شعبية)")
_BREAKING_BADGE = r"breaking( news)?|urgent|flash info|alerte info|dernière (minute|heure)|عاجل( جدا)?|خبر عاجل|أخبار عاجلة"
_WIDGET_HEADING = rf"^({_LIST_WIDGET_HEADING}|{_BREAKING_BADGE})\s*[:：]?\s*$"
_WIDGET_HEADING_ALONE = _arabic_tolerant(_WIDGET_HEADING, re.IGNORECASE)
_BREAKING_BADGE_ALONE = _arabic_tolerant(rf"^({_BREAKING_BADGE})\s*[:：]?\s*$", re.IGNORECASE)

_PROMPT_PATTERNS = [
    _arabic_tolerant(p, re.IGNORECASE)
    for p in _CALL_PROMPTS + (
        # the object or the platform right after the verb: "Share this article", "Partager sur
        # Facebook" ("Share prices on the Dubai market rose", "Partager le fardeau" are prose)
        r"^(share|partager)\s+(this|these|the (story|article|post)|cet|ce|cette|l'article|on|via|sur)\b.{0,40}$",
        r"^(share|partager)\s*[:：]?\s*$",
        # the exclamation over a channel's prompt, alone once the prompt went: "Don't miss it!"
        r"^(don['’]?t miss (it|out|this)|ne (le |la )?manquez pas|ne ratez rien)\s*[!.]?\s*$",
        # "شارك" is also "took part": the imperative is followed by its object or the platform
        # ("شارك هذا العام أكثر من ثلاثة آلاف عداء …": this year)
        r"^(شارك|شاركوا|شاركي)\s+(الخبر|المقال|(هذا|هذه)\s+(الخبر|المقال|المقالة|الموضوع|القصة|التقرير|الفيديو|"
        r"المنشور)|القصة|(عبر|على)\s+" + _PROMPT_PLACES + ")",
        # a text-to-speech widget's label: "Listen to this article 4 min", "Écouter cet article",
        # "Écoutez l'article", "استمع للخبر" (the preposition written onto the noun), "الاستماع إلى المقال"
        r"^(listen to (this |the )?(article|story)|écoute[rz]? (cet |l['’] ?)article|"
        r"(استمع|استمعوا|الاستماع) ((إلى|الى) (هذا |هذه )?(المقال|الخبر|المقالة)|(للمقال|للخبر|للمقالة)))\b.{0,20}$",
        # an audio player's label and the recording's length, alone: "Listen | 3:12", "Écouter · 4:05",
        # "استمع | 3:12", "Listen now 12 min" (a duration in minutes and seconds, or in minutes)
        r"^(listen( now)?|écoute[rz]?|(استمع|استمعوا|الاستماع|استماع)( الآن)?)\s*[|:：·•\-–—]?\s*"
        r"([\d٠-٩]{1,2}[:：][0-5٠-٥][\d٠-٩]([:：][0-5٠-٥][\d٠-٩])?|[\d٠-٩]{1,3}\s*(min|mins|minutes?|mn|دقائق|دقيقة|د))"
        r"\.?\s*$",
        # a reading-time label and its duration alone: "Temps de lecture : 3 min", "5 min read",
        # "وقت القراءة: 3 دقائق", "Reading time: 4 minutes", "3 minutes de lecture"
        r"^((estimated |est\.? )?(reading|read) time|temps de lecture|durée de lecture|temps de lecture estimé|"
        r"وقت القراءة|مدة القراءة|زمن القراءة|الوقت المقدر للقراءة)\s*[:：]?\s*(about |environ |~\s*|حوالي |نحو )?"
        r"[\d٠-٩]+(\s*[-–]\s*[\d٠-٩]+)?\s*(min|mins|minutes?|mn|دقائق|دقيقة|د)\.?\s*$",
        r"^[\d٠-٩]+(\s*[-–]\s*[\d٠-٩]+)?\s*(min|mins|minutes?|mn)\.?\s+(read|reading|de lecture|lecture)\s*$",
        r"^[\d٠-٩]+\s*(دقائق|دقيقة) (للقراءة|قراءة)\s*$",
        # … with a short label: "Lecture : 4 min", "قراءة 3 دقيقة" (a clock pictogram's: _CLOCK_DURATION)
        r"^(lecture|reading|read|قراءة|القراءة)\s*[:：]?\s*[\d٠-٩]{1,2}\s*(min|mins|minutes?|mn|دقائق|دقيقة)\.?\s*$",
        # the story's video on a platform, where its player went: "شاهد الفيديو على يوتيوب"
        r"^(شاهد|شاهدوا|شاهدي|مشاهدة) (الفيديو|المقطع|الحلقة) (على|عبر|في) (يوتيوب|youtube)\s*[:：.]?$",
        r"^this video (can ?not|can['’]t|could not) be played\b.{0,60}$",
        # a registration or sign-in wall's line: "Register for free to continue reading", "Sign in to
        # continue reading", "Create a free account to keep reading", "Connectez-vous pour lire la
        # suite", "Inscrivez-vous gratuitement pour continuer la lecture", "سجل الدخول لمتابعة القراءة"
        # ("Please log in to continue reading", "يرجى الاشتراك لمتابعة القراءة")
        r"^(please |veuillez |merci de |يرجى |الرجاء )?"
        r"(register|sign in|sign up|log in|login|create (a |an )?(free )?account|connectez[- ]vous|identifiez[- ]vous|"
        r"inscrivez[- ]vous|créez (un )?compte|abonnez[- ]vous|vous (connecter|abonner|inscrire|identifier)|subscribe|"
        r"سجل الدخول|سجل دخولك|قم بتسجيل الدخول|تسجيل الدخول|الاشتراك|سجل|أنشئ حسابا|اشترك)\b.{0,30}\b(to (continue|keep) reading|to read (the (full|rest|whole)|this|more|on)\b|"
        r"pour (lire (la suite|l['’]intégralité|cet article|l['’]article)|(continuer|poursuivre) (la|votre) lecture|"
        r"accéder à (la suite|l['’]article|cet article|l['’]intégralité))|(لمتابعة|لإكمال|لاستكمال|لمواصلة) القراءة|"
        r"لقراءة (المقال|الخبر|المادة|التقرير|(باقي|بقية) (المقال|الخبر|المادة|التقرير|القصة)))"
        # (the whole line: "Sign up to read more than 200 e-books …", "Sign in to read the full
        # list of successful candidates …", "سجل الدخول لقراءة باقي النتائج على موقع الوزارة" go on;
        # the wall's own offer may close it: "… and get unlimited access to all our journalism")
        r"[^.!?؟]{0,20}" + _PAYWALL_OFFER + r"?[.!…]?$",
        # "للاطلاع على المقال كاملا يرجى الاشتراك", "لقراءة الخبر كاملاً سجل الدخول"
        r"^(للاطلاع على|لقراءة|لمتابعة قراءة|لإكمال قراءة) (المقال|الخبر|التقرير|المادة|المحتوى)( كامل[اً]?)?\s*[،,]?\s*"
        r"(يرجى |يجب |عليك |الرجاء )?(الاشتراك|اشترك|تسجيل الدخول|سجل الدخول)\b.{0,30}$",
        # an ad slot's label with its continuation line: "ADVERTISEMENT - CONTINUE READING BELOW",
        # "Publicité - Suite de l'article ci-dessous", "إعلان - تابع القراءة أدناه"
        r"^(advertisement|advert|ad|publicité|pub|إعلان)\s*[-–—:|·]\s*((continue|keep) reading below|(the )?(story|article) "
        r"continues below|scroll (down )?to continue( reading)?|(la )?suite (de l['’]article|du texte|de la lecture)?\s*"
        r"(ci-dessous|plus bas|après)|l['’]article continue (ci-dessous|plus bas)|(يتبع|تابع القراءة|تكملة (الخبر|المقال)) ?"
        r"(أدناه|بالأسفل|أسفل|بعد الإعلان)?)\s*[.…]?$",
        r"^(ad|sponsorisé|contenu sponsorisé|contenu sponsorisé par|محتوى مدعوم|محتوى ممول|مادة إعلانية)\s*$",
        r"^scroll down to continue( reading)?\s*[.…]?$",
        # a page tool's link with its object: "Email this article", "Imprimer l'article", "طباعة الخبر",
        # "إرسال لصديق", "Envoyer par e-mail", "رابط مختصر" (alone or with its address)
        r"^(print|email|e-mail|send|imprimer|envoyer|طباعة|اطبع|إرسال|ارسال|أرسل|ارسل) (this |the |cet |cette |l['’] ?|"
        r"هذا |هذه )?(article|story|page|الخبر|المقال|الموضوع|الصفحة)\s*$",
        r"^(إرسال|ارسال|أرسل|ارسل) (ل|إلى |الى )صديق\s*$",
        r"^(envoyer|partager) par (e-?mail|courriel|mail)\s*$",
        r"^(الرابط المختصر|رابط مختصر|short ?link|lien court)\s*[:：]?\s*((https?://|www\.)\S+)?\s*$",
        r"^(show|view|hide|see|load|read) (all |the )?comments( \(\d+\))?\s*$",
        r"^réagir( \(\d+\))?\s*$",
        # "report an error" links and their question: "أبلغ عن خطأ", "Signaler une erreur", "Report a
        # correction", "Spotted an error? Let us know.", "Vous avez repéré une faute ? Signalez-la",
        # "وجدت خطأ في الخبر؟ أبلغنا" ("Auditors found an error in the figures" goes on: no question)
        r"^(report (an? )?(error|mistake|typo|correction)|submit a correction|suggest a correction|"
        r"signaler (une |un )?(erreur|faute|coquille|problème)|(أبلغ|بلغ|أبلغوا|الإبلاغ) عن (خطأ|خطا)|"
        r"(أبلغ|بلغ|الإبلاغ) عن (خطأ|خطا) (في |ب)(ال)?(خبر|مقال|موضوع))\s*[.!]?$",
        r"^(spotted|found|see|noticed|notice) (an? )?(error|mistake|typo)( in (this|the) (article|story))?\s*\?"
        r"(\s*(let us know|tell us|contact us|report it|write to us|click here)\b.{0,20})?$",
        r"^vous avez (repéré|remarqué|trouvé|vu|constaté) une (erreur|faute|coquille)( dans (cet|l['’]) ?article)?\s*\?"
        r"(\s*(signalez[- ]la|signalez[- ]le|dites[- ]le[- ]nous|contactez[- ]nous|écrivez[- ]nous)\b.{0,20})?$",
        r"^(هل )?(وجدت|لاحظت|رأيت|اكتشفت) (خطأ|خطا)( (في |ب)(ال)?(خبر|مقال|موضوع|نص))?\s*[؟?]"
        r"(\s*(أبلغنا|ابلغنا|بلغنا|أخبرنا|اخبرنا|راسلنا|تواصل معنا|اضغط هنا)(?!\w).{0,20})?$",
        # a rating widget's label: "Rate this article:", "Notez cet article", "قيم هذا الخبر"
        r"^(rate this (article|story|post)|(notez|évaluez) cet article|(قيم|قيّم|قيموا|قيمي) (هذا |هذه )?(الخبر|المقال|"
        r"الموضوع|المقالة))\s*[:：]?\s*$",
        # a download call alone: "Get the app", "Download our app", "Téléchargez l'application"
        r"^(get|download) (the|our) (free |news )?app\s*[.!]?$",
        r"^téléchargez (l['’] ?application|notre application|l['’]appli)\s*[.!]?$",
        # a list's or a box's heading left alone on its line: "Most Read", "Trending Now", "Les plus
        # lus", "الأكثر قراءة", "Breaking News", "Dernière minute" (clean_paragraphs keeps one that
        # heads the story's own list: _heads_own_list)
        _WIDGET_HEADING,
        # a line of hashtags only: "#الأردن #المياه #السدود", "#Maroc #Autoroute" (read without its
        # first "#", which goes with the line's leading symbols)
        r"^#?[^\s#]+(\s+#[^\s#]+)+\s*$",
        # a video's label left when its player went: "شاهد الفيديو:", "Watch the video:"
        r"^(شاهد|شاهدوا|شاهدي) (الفيديو|الفيديو التالي|المقطع)\s*[:：]?$",
        r"^(watch|regardez|voir) (the |la )?(video|vidéo)\s*[:：]?$",
        # a player's fallback text: "يتعذر تشغيل الفيديو على هذا المتصفح", "Your browser does not support …"
        r"^(يتعذر|تعذر|لا يمكن|لا يمكنك) (تشغيل|عرض) (الفيديو|المقطع|الفيديوهات)\b.{0,60}$",
        # … and the audio player's: "متصفحك لا يدعم تشغيل الصوت", "المتصفح لا يدعم عنصر الصوت"
        r"^(متصفحك|متصفحكم|المتصفح|المستعرض)( الحالي)? لا (يدعم|يدعمان) (تشغيل |عنصر |وسم )?(الصوت|الصوتيات|الفيديو|"
        r"المقطع|الملف الصوتي|الملفات الصوتية|(هذا|هذه) (الملف|المقطع|الفيديو|الملفات)|audio|video)\b.{0,30}$",
        r"^(your browser does not support|this video (is unavailable|cannot be played)|video unavailable|"
        r"votre navigateur ne (prend pas en charge|supporte pas))\b.{0,60}$",
        r"^(try our|essayez (notre|nos))\b",  # "Essayez de boire deux litres d'eau …" is advice
        # the comments' label alone or with its count ("Comments (3)", "Commentaires : 0", "3
        # تعليقات"), and the comment box's formulas, whole ("Comments are closed.", "Les commentaires
        # sont fermés.", "التعليقات مغلقة", "No comments yet", "Leave a comment"): a clause after the
        # label is a story's sentence ("Comments close on October 31.", "Commentaires bienvenus
        # jusqu'au 30 novembre.", "التعليقات مفتوحة حتى …"; "Comment l'expliquez-vous ?" is French)
        r"^([\d٠-٩]+\s+)?(comments?|commentaires?|التعليقات|تعليقات)\s*(\(\s*[\d٠-٩]+\s*\)|[:：]?\s*[\d٠-٩]+)?"
        r"\s*[:：]?$",
        r"^([\d٠-٩]+\s+تعليق|تعليق\s*(\(\s*[\d٠-٩]+\s*\)|[:：]\s*[\d٠-٩]+))\s*$",  # "تعليق" alone is an opinion kicker
        r"^(the )?comments?( section)? (is|are) (now )?(closed|disabled|turned off)\s*[.!]?$",
        r"^(les )?commentaires (sont )?(fermés|clos|désactivés)\s*[.!]?$",
        r"^(التعليقات|التعليق) (مغلقة|مغلق|متوقفة|معطلة)\s*[.!]?$",
        r"^((there are )?no comments( yet)?|be the first to (comment|leave a comment)|leave a (comment|reply)|"
        r"add a comment|post a comment|comment on this (story|article|post)|aucun commentaire|"
        r"soyez (le premier|la première) à (commenter|réagir)|lais(ser|sez) un commentaire|ajouter un commentaire|"
        r"لا توجد تعليقات|كن أول من يعلق|أضف تعليق|أضف تعليقك|اترك تعليقا|اكتب تعليقك)"
        r"(\s*[.!:：]?\s*(be the first to comment|soyez (le premier|la première) à (commenter|réagir)|كن أول من يعلق))?"
        r"\s*[.!:：]?$",
        r"^(les commentaires|vos commentaires|comments|التعليقات) (sont soumis|are (moderated|subject)|تخضع)\b",
        r"^(vos )?réactions\s*(\(\d+\))?\s*:?$",
        r"^(hashtags?|tags?|keywords|mots[- ]clés|الكلمات المفتاحية|الكلمات الدالة|كلمات دالة|الوسوم)\s*:?\s*$",
        # a Facebook post embed's credit line, the post's page and its date ending the line: "Posted by
        # Public Security Directorate on Tuesday, June 10, 2025", "Publiée par … sur mardi 10 juin
        # 2025", "تم النشر بواسطة … في الثلاثاء، 10 يونيو 2025" ("Posted by the ministry on its page on
        # Tuesday, June 10, the statement drew …" goes on: a story's sentence)
        r"^posted by\s+[^.!?]{1,80}?\s+on\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
        r"[a-z]+\s+\d{1,2},?\s+\d{4}\s*$",
        r"^publiée? par\s+[^.!?]{1,80}?\s+(sur|le)\s+(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"
        r"\d{1,2}(er)?\s+[^\s\d]+\s+\d{4}\s*$",
        r"^تم النشر بواسطة\s+[^.!?؟]{1,80}?\s+في\s+(ال)?(سبت|أحد|اثنين|إثنين|ثلاثاء|أربعاء|خميس|جمعة)\s*[،,]?\s*"
        r"[\d٠-٩]{1,2}\s+[^\s\d]+\s+[\d٠-٩]{4}\s*$",
        # an ad slot's label alone: "Advertisement", "إعلان", and the slot's placeholder text or
        # house ad ("إضافة إعلان" where no ad was booked, "أعلن معنا", "Advertise with us")
        r"^(advertisements?|publicité|إعلان|إعلانات|إعلان تجاري|مساحة إعلانية|sponsored|annonce|إضافة إعلان|أعلن معنا|"
        r"للإعلان معنا|"
        r"advertise with us|annoncez (chez|avec) nous)[\s\-–—_·•|*]*$",
        # a badge alone on its line: "Live" over a live blog's headline, "Pinned" over an entry
        r"^(live|pinned|breaking|exclusive|updated|en direct|exclusif|épinglé|مباشر|عاجل|حصري|مثبت)\s*$",
        # a pager's label: "Page 2 of 3", "Page 2/3", "الصفحة 2 من 3"
        r"^(page|الصفحة|صفحة)\s*\d+\s*((of|sur|من|/)\s*\d+)?\s*$",
        # a pager's link alone: "Next page", "Suivant »", "‹ Previous", "الصفحة التالية", "التالي"
        r"^([‹<]\s*)?(next( page)?|previous( page)?|page (suivante|précédente)|suivante?|précédente?|"
        r"الصفحة (التالية|السابقة)|التالي|السابق)\s*[»›>→]*\s*$",
        # … or with the next page's title after a colon: "Page suivante : « Le dessalement … » »",
        # "الصفحة التالية: …"; after the bare "Next:"/"Suivant :"/"التالي:", a title only (no full
        # stop, not opening in lower case): "Next: the minister flies to Paris." is a sentence
        r"^(next page|page suivante|الصفحة التالية)\s*[:：]\s*\S.{0,150}$",
        r"^(next|suivant|التالي)\s*[:：]\s*(?-i:[^a-zà-öø-ÿ\s])[^.!?؟]{2,120}[?؟»\"”]?(\s*[»›>])*\s*$",
        # its numbers: "1 2 3 Next »", "Pages : 1 2 3"
        r"^([\d٠-٩]{1,3}\s+){1,10}(next|suivant|التالي)\s*[»›>]*\s*$",
        r"^(pages?|الصفحات)\s*[:：]?\s*[\d٠-٩]{1,3}(\s+[\d٠-٩]{1,3}){1,9}\s*$",
        # a print story's jump line: "Continued on page 2", "Lire la suite en page 2", "يتبع في الصفحة التالية"
        r"^\(?(continue[ds]? (to|on|reading on) (the )?(next page|page \d+)|(lire la )?suite (en |à la |sur la )?"
        r"page( suivante| \d+)|(يتبع|تتمة|التتمة|البقية) (في|على) الصفحة (التالية|[\d٠-٩]+))\s*[.…»›>]*\)?\s*$",
        # a live blog's or a long page's buttons alone on their line: "Load more updates", "Voir
        # plus de posts", "عرض المزيد", "Refresh", "Back to top", "العودة للأعلى"; "تحديث" alone only
        # ("تحديث: …" is an update note)
        r"^(load more|show more|see more updates|view more|charger plus|voir plus|afficher plus)"
        r"( (updates|posts|entries|stories|news|articles|de (posts|publications|articles|mises à jour|contenus)))?"
        r"\s*[.…]*\s*$",
        r"^(تحميل المزيد|عرض المزيد|المزيد من التحديثات|refresh|actualiser|rafraîchir|تحديث)"
        r"( (the page|this page|la page|الصفحة))?\s*$",
        r"^(back to top|scroll to top|retour en haut( de (la )?page)?|haut de page|"
        r"(العودة )?(للأعلى|إلى الأعلى|لأعلى الصفحة|إلى أعلى الصفحة))\s*[↑▲^]?\s*$",
        # a byline block's labelled lines taken into the body: "Author, Name", "Role, correspondent"
        # (the Arabic label with a colon and no clause after it: "المؤلف، الذي رحل العام الماضي، ترك …"
        # and "الكاتب، وهو من مواليد طنجة، نشر …" are a culture page's sentences)
        r"^(author|role|reporting from)\s*[,:]\s*[^\s,;.!?][^,;.!?]{0,60}$",
        r"^(الكاتب|المؤلف)\s*:\s*[^\s،,؛.!?؟][^،,؛.!?؟]{0,60}$",
        # a related-news widget's button: "اظهار أخبار متعلقة"
        r"^(اظهار|إظهار|عرض|show) (أخبار|مواضيع|مقالات|related)( (متعلقة|ذات صلة|news|stories))?\s*$",
        # a page tool's link left alone on its line
        r"^(طباعة|print|imprimer|إرسال|أرسل لصديق|send to a friend|envoyer à un ami|حفظ|save|copy link|نسخ الرابط|"
        r"نسخة للطباعة|نسخة الطباعة|النسخة المطبوعة للصفحة|version imprimable|printer[- ]friendly( version)?|"
        r"print (version|this (article|page|story)))\s*$",
        r"^(scroll to continue|continue reading|continuer la lecture|story continues below)",
        # the line an ad slot leaves: "La suite après cette publicité", "L'article continue sous la
        # publicité", "Article continues after the advertisement", "تستمر القصة أسفل الإعلان", "يتبع
        # بعد الإعلان" (a whole line: the continuation, where it is, and the ad)
        r"^(la |l['’]|votre )?(suite|article continue|lecture continue|texte continue|article à suivre|à suivre)"
        r"( (de l['’]article|de cet article|"
        r"du texte|de la lecture|de l['’]entretien))? (après|sous|ci-dessous|"
        r"en dessous de)\s+(cette |la |l['’]|une |ce )?(publicité|pub|annonce|encart publicitaire)\s*[.…:]?$",
        r"^(the )?(article|story|text|content|reading|report) (continues?|resumes?) (below|after|under)\s+"
        r"(the |this )?(ad|advert|advertisement|sponsored content)s?\s*[.…:]?$",
        r"^(continue reading|keep reading|read on) (below|after|under) (the |this )?(ad|advert|advertisement)\s*[.…:]?$",
        r"^(تستمر|يستمر|تتواصل|يتواصل|يتبع|تتبع|تتمة|تكملة|باقي|بقية|تابع|تابعوا|أكمل|أكملوا|استكمال)"
        r"( (قراءة )?(القصة|المقال|المقالة|الخبر|القراءة|الموضوع|النص|المادة|التقرير))? "
        r"(بعد|أسفل|تحت|عقب) (هذا |هذه )?(الإعلان|إعلان|الإعلانات)\s*[.…:]?$",
        # paywall boxes: "La suite de cet article est réservée aux abonnés", "Déjà abonné ?
        # Connectez-vous", "Already have an account? Log in", "هذا المحتوى متاح للمشتركين فقط"
        # ("Le reste des places est réservé aux abonnés du club.", "La suite des matches se jouera
        # devant les seuls abonnés.": a sports or telecom story's "abonnés")
        r"^(la suite|le reste) (de cet article|de l['’]article)\b.{0,40}\babonnés",
        r"^(la suite|le reste) (est|sera) (réservée?|accessible|disponible) (aux|à nos) (seuls )?abonnés\s*[.!…]?$",
        # the share of the story left to read: "Il vous reste 80% de cet article à lire"
        r"^il (vous )?reste [\d٠-٩]{1,3} ?% (de cet article|de l['’]article|à lire)",
        r"^(cet article|ce contenu|cet entretien) est réservé aux abonnés",
        r"^((subscribe|subscribe now|je m['’]abonne|s['’]abonner|abonnez-vous|اشترك|اشترك الآن)\s*[|•·]?\s*)?"
        r"(déjà abonné|already (a subscriber|have an account)|vous êtes abonné)\s*[?？]?\s*"
        r"((log ?in|sign ?in|se connecter|connectez[- ]vous|identifiez[- ]vous|connexion|click here)\b.{0,50})?[.!]?$",
        # (after the question, a login call only: "لديك اشتراك؟ ستدفع السعر الجديد ابتداء من تموز." is
        # an explainer's line)
        r"^(هل )?(لديك|لديكم|عندك) (بالفعل )?(اشتراك|حساب)( بالفعل)?\s*[؟?]\s*"
        r"((سجل|سجّل|قم بتسجيل|تسجيل|ادخل|اشترك)\b.{0,40})?$",
        r"^(هل )?(أنت|انت) مشترك( بالفعل)?\s*[؟?]\s*((سجل|سجّل|قم بتسجيل|تسجيل|ادخل|اشترك)\b.{0,40})?$",
        r"^(subscribe|abonnez-vous|اشترك)\b.{0,40}\b(to continue reading|to read the full|to read more|to keep reading|"
        r"pour lire la suite|pour continuer|لمتابعة القراءة|لقراءة المقال)[^.!?؟]{0,20}" + _PAYWALL_OFFER + r"?[.!…]?$",
        # the call after the reason: "Pour lire la suite, abonnez-vous.", "To continue reading, please
        # sign in.", "لمتابعة القراءة، سجل الدخول"
        # ("To continue reading this article, please log in or register.", "لمتابعة القراءة يرجى الاشتراك",
        # "لمتابعة القراءة، يرجى تسجيل الدخول": the call as a verbal noun after "please")
        r"^(pour (lire la suite|continuer (la|votre) lecture|lire l['’]intégralité)( de cet article)?|to (continue|keep) "
        r"reading( this (article|story)| the (full |whole |rest of the )?(article|story))?|to read the (full|whole) "
        r"(article|story)|(لمتابعة|لإكمال|لمواصلة|لاستكمال) (القراءة|قراءة (المقال|الخبر)))\s*[,،]?\s*"
        r"(please |merci de |veuillez |يرجى |الرجاء |عليك )?"
        r"(abonnez[- ]vous|connectez[- ]vous|inscrivez[- ]vous|identifiez[- ]vous|vous abonner|vous connecter|"
        r"subscribe|sign in|log in|register|اشترك|سجل الدخول|سجل|الاشتراك|تسجيل الدخول|قم بتسجيل الدخول)\b"
        r"[^.!?؟]{0,20}" + _PAYWALL_OFFER + r"?[.!…]?$",
        r"^(subscribe|abonnez-vous) (now|today|maintenant|dès maintenant)\s*[.!]?$",
        r"^(get|unlock|enjoy) (unlimited|full|premium) access\b.{0,120}\b(subscri\w*|premium|members?|pro|plus|"
        r"digital|journalism|articles?)\b.{0,100}$",
        r"^(this (article|content|story|report|interview) is (only )?((available|reserved|exclusively) )?(to|for) "
        r"(paying |premium |our )?(subscribers|members)( only)?|"
        r"هذا (المحتوى|المقال|الخبر|التقرير) (متاح|مخصص|حصري) (فقط )?(للمشتركين|للأعضاء)( فقط)?)\s*[.!]?"
        r"(\s*(subscribe|sign in|log in|already a subscriber|اشترك|سجل الدخول)\b[^.!?؟]{0,60}[.!]?)?$",
        # appeals for readers' money: "Become a member today and help us keep reporting",
        # "Soutenez une information indépendante", "ادعم الصحافة المستقلة"
        r"^(become a (member|supporter|subscriber)|support (our|independent|quality) journalism|"
        r"\S+( \S+){0,3} (depends|relies) on (your|readers'?) support|help us keep (reporting|going)|"
        r"soutenez (notre|une|l')|faites un don)\b",
        # "تبرع" is also "donated" ("تبرع رجل أعمال محلي بمبلغ …"): the appeal names "us", "now" or the
        # journalism it asks money for ("ادعم الصحافة المستقلة", "تبرعوا الآن", "ادعموا موقعنا")
        r"^(ادعم|ادعموا|ادعمي|تبرع|تبرعوا|تبرعي)\s+(الآن|لنا|(ل|ب)?(موقعنا|صحافتنا|عملنا|استقلالنا)|"
        r"(ال)?(صحافة|إعلام|اعلام) (المستقلة|الحرة|المستقل|الحر))(?!\w)",
        # an opinion piece's disclaimer: "The views expressed in this article belong to the author …"
        r"^(the )?(views|opinions) expressed (in this|here|in the)\b.{0,200}\b(author|writer|necessarily)",
        r"^(les )?(opinions|propos) exprimée?s (dans|ici)\b.{0,200}\b(n'engagent|auteur|n'engage)",
        r"^(الآراء|المقالات) (الواردة|المنشورة)\b.{0,120}\b(تعبر|لا تعبر|رأي كاتبها|أصحابها)",
        # "المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي …", "This column reflects the views of its author"
        r"^(هذا )?(المقال|المقالة|النص) (يعبر|يعبّر|تعبر|يمثل|لا يعبر|لا يعبّر)\b.{0,40}\b(رأي|وجهة نظر) "
        r"(كاتبه|كاتبها|الكاتب|صاحبه|صاحبها)",
        r"^(this|the) (article|column|piece|op-ed) (reflects|represents|expresses) (only )?(the )?(views?|opinions?) "
        r"of (the|its) (author|writer)",
        r"^(cet |l')(article|tribune|chronique) (n'engage que|reflète|exprime)\b.{0,60}\b(auteur|signataire)",
        # "Disclaimer: Views expressed by writers … do not necessarily reflect …", "This article was
        # provided by our partner and does not necessarily reflect the views of …"
        # (a reported sentence - "the survey results do not necessarily reflect the views of all
        # businesses" - opens with neither a label nor the piece itself)
        r"^(disclaimer\s*[:：]|(the )?(views|opinions) (expressed|in this)|(this|the) (article|content|column|piece|"
        r"opinion|op-ed|post)\b).{0,160}\bdo(es)? not necessarily (reflect|represent)\b.{0,80}"
        r"\b(views?|opinions?|position|point of view|editorial)\b",
        r"^(avertissement\s*[:：]|(les )?(opinions|propos|points de vue) (exprimé|émis)|(cet|l') ?(article|tribune|"
        r"contenu|chronique)\b).{0,160}\bne (reflète|reflètent|représente|représentent|traduit|traduisent) pas "
        r"(nécessairement|forcément)\b.{0,80}\b(opinion|position|point de vue|ligne|rédaction|journal)",
    )
]


# Which patterns a line may match by its first character. Nearly all the prompt patterns read a
# line from its start ("^(share|partager)…"), and a line opens with one character: trying only
# the patterns that can start with it gives the same answer as trying them all, in a fifth of
# the searches (this runs on every paragraph of every page: 120 searches each, a fiftieth of
# the product's time). A pattern's first characters are read off its parsed form. The lookup is
# made for the characters of _INDEXED_CHARS only (ASCII and the Arabic block, whose case the
# regex engine and str.lower agree on); a class, "\d" or "." is read as the characters of that
# range it takes. Any construct not followed here (a back reference, an inline flag, a wide
# range, a pattern not anchored at the start) puts the pattern among those tried on every line.
try:
    from re import _casefix as _re_casefix
    from re import _constants as _re_constants
    from re import _parser as _re_parser
except ImportError:  # (another Python's regex internals: every pattern is tried on every line)
    _re_parser = None

_INDEXED_CHARS = frozenset(chr(code) for code in (*range(128), *range(0x0600, 0x0700)))


def _indexed_class(source: str) -> frozenset[str]:
    """The characters of _INDEXED_CHARS that the one-character regex ``source`` matches."""
    pattern = re.compile(source, re.DOTALL)
    return frozenset(char for char in _INDEXED_CHARS if pattern.fullmatch(char))


_CATEGORY_CLASSES = {} if _re_parser is None else {
    getattr(_re_constants, name): _indexed_class(source) for name, source in (
        ("CATEGORY_DIGIT", r"\d"), ("CATEGORY_NOT_DIGIT", r"\D"), ("CATEGORY_SPACE", r"\s"),
        ("CATEGORY_NOT_SPACE", r"\S"), ("CATEGORY_WORD", r"\w"), ("CATEGORY_NOT_WORD", r"\W"))}


def _class_characters(items) -> set[str] | None:
    """The characters a parsed class (``[…]``) takes: all of them for its literals and narrow
    ranges, those of _INDEXED_CHARS for a category ("\\s"); for a negated class, those of
    _INDEXED_CHARS it does not list (a superset under ``re.IGNORECASE``, which also leaves out
    the listed characters' other case). ``None`` for a wide range."""
    c = _re_constants
    chars: set[str] = set()
    negated = False
    for kind, item in items:
        if kind is c.NEGATE:
            negated = True
        elif kind is c.LITERAL:
            chars.add(chr(item))
        elif kind is c.RANGE and item[1] - item[0] < 256:
            chars.update(map(chr, range(item[0], item[1] + 1)))
        elif kind is c.CATEGORY and item in _CATEGORY_CLASSES:
            chars |= _CATEGORY_CLASSES[item]
        else:
            return None
    return set(_INDEXED_CHARS - chars) if negated else chars


def _first_characters(items) -> tuple[set[str] | None, bool]:
    """The characters a match of the parsed ``items`` (a sequence of regex opcodes) can start
    with (see _class_characters), ``None`` when not known, and whether the sequence can match
    the empty string."""
    c = _re_constants
    found: set[str] = set()
    for op, value in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: what follows gives the first character (a superset of it)
        if op is c.LITERAL:
            return found | {chr(value)}, False
        if op in (c.ANY, c.NOT_LITERAL):
            return found | _INDEXED_CHARS, False
        if op is c.IN:
            chars = _class_characters(value)
            return (None if chars is None else found | chars), False
        if op is c.SUBPATTERN:
            if value[1] or value[2]:
                return None, False  # an inline flag
            alternatives = [value[3]]
            least = 1
        elif op is c.BRANCH:
            alternatives = value[1]
            least = 1
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
            alternatives = [value[2]]
            least = value[0]
        elif op is getattr(c, "ATOMIC_GROUP", None):
            alternatives = [value]
            least = 1
        else:
            return None, False  # a back reference, a conditional group …
        empty = False
        for alternative in alternatives:
            chars, alternative_empty = _first_characters(alternative)
            if chars is None:
                return None, False
            found |= chars
            empty = empty or alternative_empty
        if least and not empty:
            return found, False
    return found, True


@functools.cache  # (a pattern in two indexes is read once)
def _first_keys(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The lower-cased first characters of every match of ``pattern`` when it is anchored at the
    text's start, with the characters ``re.IGNORECASE`` takes for them ("s" for "ſ"); ``None``
    when the pattern may start anywhere or its first characters are not known."""
    if _re_parser is None or pattern.flags & (re.MULTILINE | re.LOCALE | re.VERBOSE):
        return None
    try:
        parsed = list(_re_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - unknown to this reading: tried on every line
        return None
    if not parsed or parsed[0] != (_re_constants.AT, _re_constants.AT_BEGINNING):
        return None
    chars, empty = _first_characters(parsed)
    if chars is None or empty:
        return None
    keys: set[str] = set()
    for char in chars:
        lowered = char.lower()
        if len(lowered) != 1:
            return None  # ("İ": the regex engine's simple lower case is not str.lower's)
        keys.add(lowered)
        keys.update(chr(extra).lower() for extra in _re_casefix._EXTRA_CASES.get(ord(lowered), ()))
    return frozenset(keys & _INDEXED_CHARS)


class _FirstCharIndex:
    """Compiled patterns looked up by a text's first character (see :func:`_first_keys`).
    ``candidates(text)`` gives, in their order, every pattern that may match ``text``: those
    that may start with its first character and those whose first characters are not known. A
    text opening with a character outside _INDEXED_CHARS gets every pattern."""

    __slots__ = ("_all", "_by_key", "_unknown")

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._all = tuple(patterns)
        keyed = [(pattern, _first_keys(pattern)) for pattern in self._all]
        self._unknown = tuple(pattern for pattern, keys in keyed if keys is None)
        self._by_key = {key: tuple(pattern for pattern, keys in keyed if keys is None or key in keys)
                        for key in _INDEXED_CHARS if key == key.lower()}

    def candidates(self, text: str) -> tuple[re.Pattern[str], ...]:
        if not text:
            return self._unknown
        return self._by_key.get(text[0].lower(), self._all) if text[0] in _INDEXED_CHARS else self._all


_PROMPT_INDEX = _FirstCharIndex([p.compiled for p in _PROMPT_PATTERNS])
# A caption left in the body, known by the credit it ends with: "… (Photo : Archives BN)",
# "ارتفاع درجات الحرارة - صورة أرشيفية", "… | Photo: Reuters".
_CAPTION_CREDIT_TAIL_PATTERN = _arabic_tolerant(
    r"(?:\(|\s[-–—|/]\s*|(?<=[.!?»])\s+)\s*(?:" + _PHOTO_LABEL + r")"
    r"(?:(?:\s*[:：]|\s+(?:أرشيفية|ارشيفية|تعبيرية)\b)[^()]{0,50}|\s+(?:by|de|par)\s+(?P<credit>[^()]{1,50}?))"
    r"\)?\s*\.?$"
    # "d’" only with a credit word ("Photo d’archives", "Photo d'illustration : AFP") or an agency
    # ("Photo d'APS"): "Images d’une rare violence diffusées en boucle." is a sentence
    r"|(?:\(|\s[-–—|/]\s*|(?<=[.!?»])\s+)\s*(?:photos?|images?)\s+d['’]\s?(?:(?:archives?|illustration)"
    r"(?:\s*[:：/|–-]\s*[^()]{1,50}|\s+(?-i:[A-Z][\w.&-]*)(?:\s+(?-i:[A-Z][\w.&-]*)){0,3})?"
    r"|(?-i:[A-Z]{2,6})\b)\)?\s*\.?$"
    r"|\s[-–—|/]\s*(?:صورة|صور)\s+(?:أرشيفية|ارشيفية|تعبيرية)\)?\s*$"
    # the bare adjective after a dash on a short line with no sentence end: "وزير التعليم العالي - أرشيفية"
    # (not after a slash, "or" between two adjectives: "الصورة قديمة / أرشيفية")
    r"|^[^.!?؟()\d]{3,80}\s[-–—|]\s*(?:أرشيفية|ارشيفية)\s*$"
    # "صورة «أرشيف الرياض»": the archive's photo, credited in guillemets after a caption with no
    # sentence end and no number before it ("… وقع عام 1950 (أرشيف الدولة)" is a sentence)
    r"|^[^\d.!?؟]{3,80}\s«\s*(?:أرشيف|ارشيف)\s[^«»]{1,30}»\s*$"
    # a bare "(أرشيف)", "(صورة أرشيفية)", "(File photo)" closing a short line with no sentence end:
    # an archive photo's caption ("محطة كهرباء جنوبي العراق (أرشيف)")
    r"|^[^.!?؟()]{3,100}\s\(\s*(?:(?:صورة\s+)?(?:أرشيف|ارشيف|أرشيفية|ارشيفية)|(?:file|archives?)(?:\s+(?:photo|image))?)"
    r"\s*\)\s*$", re.IGNORECASE)


class _CaptionCreditTail:
    """:data:`_CAPTION_CREDIT_TAIL_PATTERN` whose ``search`` also asks that a credit after "by",
    "de" or "par" credit someone (:func:`_names_a_credit`, as :data:`_PHOTO_CREDIT` does): "…
    Images de l'inauguration diffusées par la télévision." is the story's sentence."""

    def search(self, text: str) -> _SpanOfOriginal | None:
        found = _CAPTION_CREDIT_TAIL_PATTERN.search(text)
        if found is None:
            return None
        credit = found.group("credit")
        return found if credit is None or _names_a_credit(credit) else None


# A consent placeholder: the box an embed (post, video, chart) shows until the reader accepts
# cookies or third-party content. Three parts must all be there, so that a news sentence about
# cookie rules is not taken for one: the embedded content, consent/cookie words (or "click to
# show"), and words addressed to the reader.
_CONSENT_CONTENT = _gated(
    r"\b(?:this|the following|external|embedded|third[- ]party)\s+(?:content|embed|video|post|tweet|element|"
    r"graphic|media|map|player)|\b(?:ce|cet|le|un)\s+(?:contenu|élément|média|tweet|post|lecteur)|"
    r"contenus? (?:externes?|tiers|additionnels?)|\bexterne[nrs]?\s+inhalt|\bdiese[nrs]?\s+inhalt|"
    r"هذا المحتوى|المحتوى الخارجي|محتوى خارجي", re.IGNORECASE,
    # (each Latin alternative's content word: "conten" for content, contenu and contenus)
    ("conten", "embed", "video", "post", "tweet", "element", "élément", "graphic", "media", "média", "map", "player",
     "lecteur", "inhalt"))
_CONSENT_ASK = _gated(
    r"cookie|consent|personal data|privacy settings|einverstanden|zustimm|einwillig|datenschutz|personenbezogen|"
    r"consentement|traceurs|paramètres de confidentialité|données personnelles|ملفات تعريف الارتباط|الكوكيز|"
    r"إعدادات الخصوصية|"
    r"\b(?:click|klick|cliquez|cliquer)\w*\b.{0,60}\b(?:show|display|view|load|anzeig|lade|afficher|charger)|"
    r"(?:انقر|اضغط).{0,40}(?:لعرض|لتحميل)", re.IGNORECASE,
    ("cookie", "consent", "personal data", "privacy settings", "einverstanden", "zustimm", "einwillig", "datenschutz",
     "personenbezogen", "traceurs", "paramètres de confidentialité", "données personnelles", "click", "klick",
     "cliquez", "cliquer"))
_CONSENT_READER = _arabic_tolerant(
    r"\b(?:you|your|please|i agree|vous|votre|veuillez|j'accepte|sie|ihre|ich)\b|يرجى|الرجاء|لعرض|أوافق|يمكنك",
    re.IGNORECASE)


# A photo or video credit left as a line of its own when its caption was dropped: "Photo: AFP",
# "(Photo by Jane Doe/Getty Images)", "Crédit photo : AFP", "تصوير: محمد علي", "صورة أرشيفية".
_PHOTO_CREDIT_LINE = _arabic_tolerant(
    r"^\(?\s*(?:(?:photos?|photograph|images?|pictures?|videos?|foto|fotos|crédits?\s+photos?|"
    r"photo\s+credits?|image\s+credits?|illustration|الصورة|صورة|الصور|تصوير|فيديو)"
    # ("Photo d’archives : AFP", "Photo d'illustration : AFP", "Image archives : Reuters")
    r"(?:\s+(?:by|de|par|credit|d['’]\s?(?:archives?|illustration)|archives?|file))?\s*[:：|/–-]\s*|"
    r"(?:photo|image|picture)\s+(?:by|de|par)\s+)"
    # (an initial keeps its period: "Photo : M. Alaoui"; a sentence's full stop ends the credit)
    r"(?P<credit>(?:[^.!?:]|(?<=(?<!\w)\w)\.){1,60})\)?\.?$|^\(?(?:صورة|صور)\s+(?:أرشيفية|ارشيفية|تعبيرية|من الأرشيف)\)?$"
    r"|^\(?(?:photos?|images?)\s+d['’]\s?(?:archives?|illustration)\)?\.?$", re.IGNORECASE)
# Words of a credit that is not a name: "Photo: courtesy of the ministry", "Image: file", "DR" (an
# agency's name is read by _names_an_agency).
_CREDIT_WORDS = re.compile(r"\b(?:courtesy|supplied|file|archives?|handout|screenshot|screengrab|dr|d\.r\.|"
                           r"social media|agencies|wires)\b", re.IGNORECASE)
_CREDIT_SMALL_WORDS = {"of", "the", "and", "for", "de", "du", "des", "la", "le", "les", "et", "d", "l", "via", "by"}


# An Arabic credit that is not a name: archives, social media, agencies ("من أرشيف الوزارة",
# "مواقع التواصل الاجتماعي"), in a short credit ("صورة: أرشيف المتحف الوطني في عمّان").
_ARABIC_CREDIT_WORDS = _arabic_tolerant(r"(?<!\w)(?:ال)?(?:أرشيف|أرشيفية|متداول|متداولة|وكالات)(?!\w)"
                                        r"|مواقع التواصل|الإنترنت|الانترنت")
_ARABIC_CREDIT_WORDS_MAX_WORDS = 6
# Words a headline has and a name or an agency has not: prepositions, particles, relatives (as
# written, not folded: folded, "على" (on) would be the name "علي").
_ARABIC_HEADLINE_WORDS = frozenset((
    "في", "من", "على", "إلى", "الى", "عن", "مع", "بعد", "قبل", "خلال", "حتى", "عند", "بين", "لا", "لم", "لن",
    "قد", "أن", "إن", "ان", "التي", "الذي", "الذين", "هل", "ما", "كيف", "لماذا", "منذ", "رغم", "وسط", "أمام", "امام"))
_ARABIC_CREDIT_MAX_WORDS = 3  # a name's parts: "محمد علي", "عبد الله محمد علي", "وكالة …" is a wire
_ARABIC_NAME_JOINERS = frozenset(("عبد", "أبو", "ابو", "بن", "بنت", "آل"))


def _names_a_credit(credit: str) -> bool:
    """Whether the text after "Photo:" / "Video:" credits someone (a name, an agency, "Getty
    Images", "Reuters/Mohammed Salem", "courtesy of …") rather than saying what the photo or
    video shows ("Video: Hailstorm hits Al Ain", a live blog's entry heading). Arabic has no
    capitals to tell a name by: a credit there is a wire, a slash, a credit word ("أرشيف",
    "مواقع التواصل") or a name's few words (three at most, none a headline's preposition or
    particle); "فيديو: مئات الشاحنات تنتظر عند معبر رفح" heads a live blog's entry."""
    credit = credit.strip(" ()")
    if "/" in credit or _CREDIT_WORDS.search(credit) or is_wire_name(credit) or _names_an_agency(credit):
        return True
    if ARABIC_SCRIPT.search(credit):
        words = credit.split()
        if len(words) <= _ARABIC_CREDIT_WORDS_MAX_WORDS and _ARABIC_CREDIT_WORDS.search(credit):
            return True
        # "عبد الله", "أبو علي", "بن سلمان": one part of a name each
        parts = len(words) - sum(word in _ARABIC_NAME_JOINERS for word in words[:-1])
        return (parts <= _ARABIC_CREDIT_MAX_WORDS and not any(char.isdigit() for char in credit)
                and not any(word in _ARABIC_HEADLINE_WORDS for word in words))
    words = [word for word in re.findall(r"[^\W\d_][\w'’.-]*", credit)]
    return bool(words) and all(word[0].isupper() or word.casefold() in _CREDIT_SMALL_WORDS
                               or re.split(r"[-'’]", word.casefold(), maxsplit=1)[0] in _JOINED_PARTICLES
                               for word in words)


class _PhotoCreditPattern:
    """:data:`_PHOTO_CREDIT_LINE` whose ``match`` also asks that the line credit someone."""

    def match(self, text: str) -> _SpanOfOriginal | None:
        found = _PHOTO_CREDIT_LINE.match(text)
        if found is None:
            return None
        credit = found.group("credit")  # as written: an Arabic credit is read word by word
        return found if credit is None or _names_a_credit(credit) else None


_CAPTION_CREDIT_TAIL = _CaptionCreditTail()


# "Photo: AFP", "(Photo by Jane Doe/Getty Images)", "تصوير: محمد علي", "صورة أرشيفية" on a line of
# their own; "Video: Hailstorm hits Al Ain" heads a live blog's entry and stays.
_PHOTO_CREDIT = _PhotoCreditPattern()


# The reader's choice a consent wall asks for: accept, refuse, or subscribe instead.
_CONSENT_CHOICE = _arabic_tolerant(
    r"\b(?:accept\w*|agree|reject\w*|refus\w*|decline|subscrib\w*|accepte\w*|acceptant|refuse\w*|abonn\w*)\b|"
    r"قبول|أقبل|أوافق|موافق|رفض|أرفض|اشترك|الاشتراك", re.IGNORECASE)
_CONSENT_WALL_MAX_WORDS = 300


def is_consent_wall(paragraphs: Sequence[str]) -> bool:
    """The words of a consent wall and nothing else: a short body (300 words at most) whose
    paragraphs, four fifths of its words at least, each speak of cookies, consent or personal
    data or of the choice (accept, refuse, subscribe), that asks the reader ("vous", "you") and
    names both. A story about cookie rules is told in the third person, and its other
    paragraphs speak of other things; the caller also asks that the text sit in a container
    named for consent."""
    words = [len(paragraph.split()) for paragraph in paragraphs]
    total = sum(words)
    if not total or total > _CONSENT_WALL_MAX_WORDS:
        return False
    body = "\n".join(paragraphs)
    if not (_CONSENT_ASK.search(body) and _CONSENT_CHOICE.search(body) and _CONSENT_READER.search(body)):
        return False
    said = sum(count for paragraph, count in zip(paragraphs, words)
               if _CONSENT_ASK.search(paragraph) or _CONSENT_CHOICE.search(paragraph))
    return said >= 0.8 * total


def _is_consent_placeholder(paragraph: str) -> bool:
    """All three parts of a consent placeholder (the caller bounds the paragraph to 90 words);
    the cheapest search first, the costliest last (this runs on most paragraphs of every page):
    the two gated by their words (:class:`_GatedPattern`), the consent words, rare in a story,
    before the content words."""
    return (bool(_CONSENT_ASK.search(paragraph)) and bool(_CONSENT_CONTENT.search(paragraph))
            and bool(_CONSENT_READER.search(paragraph)))


_COPYRIGHT = re.compile(
    # "copyright" as a notice: opening the line, or before the sign or a year ("Copyright © 2024",
    # "copyright 2024 Ahram"); "the copyright to the recordings belongs to …" is a sentence
    r"(©|\(c\)\s*\d{4}|^\W*copyright\b|\bcopyright\s*(?:©|\(c\)|\d{4}))",
    re.IGNORECASE,
)
# The notice's phrase, which a sentence may also hold (see _is_copyright)
_RIGHTS_RESERVED = re.compile(r"all rights reserved|tous droits réservés|جميع الحقوق محفوظة|حقوق (النشر|الطبع) محفوظة",
                              re.IGNORECASE)
# What may come before it in a notice: nothing, a year, or a sentence end or separator
_SET_APART = re.compile(r"(?:^|[.!|·•:\-–—/]|(?<!\w)\d{4})[\W\d]*$")
_TERMINAL_HEADINGS = _arabic_tolerant(
    r"^(related articles|related stories|related news|related posts|read next|more stories|more from .{1,40}|"
    r"you may also like|you might also like|recommended( for you)?|most read|most popular|trending now|comments|"
    r"no comments yet.*|hashtags|مقالات ذات صلة|أخبار ذات صلة|مواضيع ذات صلة|موضوعات ذات صلة|مقالات متعلقة|"
    r"أخبار متعلقة|موضوعات متعلقة|مواضيع متعلقة|قد يهمك( أيضا)?|قد يعجبك( أيضا)?|اخترنا لك|الأكثر قراءة|"
    r"(الأخبار|المقالات) الأكثر قراءة|(مواضيع|أخبار) قد تهمك|(أخبار|مواضيع) ذات علاقة|روابط ذات صلة|"
    r"المزيد من الأخبار|المزيد من (?:أخبار|مقالات|مواضيع|موضوعات|قصص|تقارير)(?: [^.!?؟]{1,40})?|"
    r"الأكثر مشاهدة|التعليقات|sur le même sujet|sur le même thème|les plus lus|commentaires|"
    r"dans la même rubrique|articles similaires|articles liés|vous aimerez aussi|"
    r"ces articles peuvent vous intéresser|(les )?articles les plus lus|(nos )?derniers articles|"
    r"vous pourriez aussi aimer|latest news|latest stories|more news|top stories|breaking news|"
    r"أخبار عاجلة|آخر الأخبار|dernières infos|dernières actualités|"
    # "top stories" in Arabic and French ("أهم الأخبار", "أبرز العناوين", "À la une")
    r"(?:أهم|أبرز) (?:الأخبار|العناوين)|(?:à|a) la une|"
    # the writer's bio under the story: "About the author", "À propos de l'auteur", "نبذة عن الكاتب"
    r"about the (?:author|authors|writer|columnist|reporter)|(?:à|a) propos de l['’] ?(?:auteure?|autrice)|"
    # the writer's other pieces: "مقالات أخرى للكاتب", "Du même auteur", "More by this author"
    r"(?:مقالات|كتابات|أعمدة) (?:أخرى )?(?:للكاتب|للكاتبة|لنفس الكاتب|للمؤلف)|du même auteur|"
    r"(?:plus|autres articles) de l['’] ?(?:auteure?|autrice)|more (?:by|from) (?:the|this) (?:author|writer|columnist)|"
    r"(?:نبذة )?عن (?:الكاتب|الكاتبة|المؤلف|المؤلفة|الكاتب والمقال))\s*:?$",
    re.IGNORECASE,
)
# Terminal headings that also badge an entry of a live blog or a story ("Breaking news"): they end
# the story only when what follows is not prose.
_NEWS_BADGE = _arabic_tolerant(
    r"^(breaking news|latest news|latest stories|top stories|more news|أخبار عاجلة|آخر الأخبار|"
    r"(?:أهم|أبرز) (?:الأخبار|العناوين)|(?:à|a) la une|dernières infos|dernières actualités)\s*:?$", re.IGNORECASE)
# "Top stories" in Arabic and French, which also head a press review's list of the day's front
# pages: they end the story only over a box's linked headlines (clean_paragraphs)
_FRONT_PAGE_HEADING = _arabic_tolerant(r"^((?:أهم|أبرز) (?:الأخبار|العناوين)|(?:à|a) la une)\s*:?$", re.IGNORECASE)
# A "more from <section>" box's heading, whatever the section ("More in Business", "Plus de
# Économie", "Plus d'articles", "المزيد من اقتصاد"): the same words head a story's own section
# ("More in the minister's speech", "Plus de 300 blessés", "المزيد من التفاصيل"), so they end the
# story only over a link's text (clean_paragraphs), or a block of links (_headed_link_blocks)
_SECTION_MORE_HEADING = _arabic_tolerant(
    r"^(more in [^.!?]{1,40}|plus d['’] ?(?:articles|actualités|actus|infos|vidéos)|plus de (?!\d)[^.!?]{1,40}|"
    r"(?:ال)?مزيد من (?!\d)[^.!?؟]{1,40})\s*:?$",
    re.IGNORECASE,
)
# the label over readers' comments, with or without their count (clean_dom)
_COMMENTS_LABEL = _arabic_tolerant(
    r"^(?:(?:\d+\s+)?(?:comments|reader comments|leave a (?:comment|reply)|add a comment|commentaires|"
    r"laisser un commentaire|ajouter un commentaire|التعليقات|تعليقات|تعليقات القراء|أضف تعليق|أضف تعليقك|"
    r"اترك تعليقا|اكتب تعليقك)(?:\s*\(\d+\)|\s+\d+)?"
    # the singular with its count only: "Comment" alone is also the kicker of an opinion piece
    r"|\d+\s+(?:comment|commentaire|تعليق)|(?:comment|commentaire|تعليق)\s*\(\d+\))\s*:?$",
    re.IGNORECASE,
)
_COMMENTS_LABEL_START = _FirstCharIndex([_COMMENTS_LABEL.compiled])
# a WordPress shortcode the theme did not render: "[button link=…]Send us your review[/button]"
_SHORTCODE = re.compile(r"^\[(\w+)(?:\s[^\]]*)?\].{0,200}\[/\1\]$|^\[\w+(?:\s+\w+=[^\]]*)+\]$", re.DOTALL)
# A paragraph that is only a message PHP printed into the page (display_errors on): "Warning:
# mysqli_fetch_assoc() expects parameter 1 to be mysqli_result, boolean given in
# /home/site/public_html/news.php on line 45" — the script's, not the story's.
_PHP_MESSAGE = re.compile(r"^(?:PHP\s+)?(?:Warning|Notice|Deprecated|Strict Standards|Fatal error|Parse error|"
                          r"Catchable fatal error)\s*:\s+\S.{0,600}?\sin\s+(?:[A-Za-z]:\\|/)\S{1,300}?\.php"
                          r"(?::\d+)?\s+on\s+line\s+\d+\s*$", re.DOTALL)
# a template token a script replaces with an ad or widget: "$$ARTICLEAD$$", "{{ad_slot}}", "%%WIDGET%%"
_PLACEHOLDER = re.compile(r"^(?:\$\$|%%|\{\{|\[\[)\s*[\w.:-]{1,60}\s*(?:\$\$|%%|\}\}|\]\])$")
_MONTHS_EN = (r"(January|February|March|April|May|June|July|August|September|October|November|December)")
# "— Name (@handle) June 2, 2025" left when an embedded tweet is flattened
_TWEET_RESIDUE = re.compile(
    r"\s*[—–-]{1,2}\s*[^\n()—–]{1,80}\(@\w{1,30}\)\s*(" + _MONTHS_EN + r"\s+\d{1,2},\s+\d{4}|\d{1,2}\s+\w+\s+\d{4})?\s*$"
)
# "— Page Name on Monday, July 14, 2025" left when a Facebook post's embed is flattened; the name
# is checked apart (:func:`_strip_embed_residue`): "— which began on Monday, July 14, 2025" is prose
_FACEBOOK_RESIDUE = re.compile(
    r"(?:^|\s+)[—–]\s*(?P<name>[^\n—–]{1,80}?)\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+"
    + _MONTHS_EN + r"\s+\d{1,2},\s+\d{4}\s*$")
# a social post's address alone on its line: the residue of an embed, wherever it sits
_EMBED_URL_LINE = re.compile(
    r"^\W{0,2}(?:https?://)?(?:(?:www|m|mobile|web|vm)\.)?(?:t\.me|telegram\.me|instagram\.com|facebook\.com|"
    r"fb\.watch|tiktok\.com|x\.com|twitter\.com|youtube\.com|youtu\.be|threads\.net)/\S*?\W{0,2}$", re.IGNORECASE)
# The lines an Instagram (or other social) embed leaves once its markup lost its class: the
# call to open the post ("View this post on Instagram", "Voir cette publication sur Instagram",
# "عرض هذا المنشور على Instagram"), the player's link ("Watch on YouTube") and the credit under
# the post, which always gives the account's handle ("A post shared by Dubai Police (@dubaipolicehq)",
# "Une publication partagée par …", "تمت مشاركة منشور بواسطة …"). A sentence about a post ("A post
# shared by the ministry on Monday showed …") has no handle in brackets, or goes on after it.
_EMBED_PLATFORMS = (r"(?:instagram|facebook|tiktok|threads|youtube|x|twitter|spotify|soundcloud|apple podcasts|deezer|"
                    r"anghami|انستغرام|إنستغرام|فيسبوك|تيك توك|يوتيوب|سبوتيفاي|ساوند كلاود|أنغامي)")
_EMBED_CALL_LINE = _arabic_tolerant(
    r"^\W{0,3}(?:(?:view|see) (?:this|the) (?:post|reel|photo|video|profile)|voir (?:cette|la) (?:publication|photo|"
    r"vidéo)|voir ce (?:post|reel|profil)|(?:عرض|شاهد|مشاهدة) (?:هذا|هذه) (?:المنشور|المنشورة|المشاركة|الصورة|"
    r"الفيديو)|watch|regarder|voir|شاهد|مشاهدة|المشاهدة|listen|écouter|استمع|استمعوا|الاستماع)\s+(?:on|sur|على|عبر)\s+"
    + _EMBED_PLATFORMS
    + r"\s*[.!]?\W{0,3}$", re.IGNORECASE)
_EMBED_CREDIT_LINE = _arabic_tolerant(
    r"^\W{0,3}(?:a post shared by|une publication partagée par|publication partagée par|"
    r"تمت مشاركة (?:منشور|مشاركة) (?:بواسطة|من قبل)|منشور تمت مشاركته (?:بواسطة|من قبل)|منشور (?:مشترك|شاركه)"
    r"(?: من قبل| بواسطة)?)\s+(?P<name>[^()\n]{1,80})\(@[\w.]{1,30}\)\W{0,3}"
    # the older embed's date: "… (@expocitydubai) on Dec 7, 2025 at 10:15am PST"
    r"(?:\s+(?:on|le|في)\s+[^()\n]{1,40})?$", re.IGNORECASE)
_EMBED_NAME_MAX_WORDS = 8
# A feedback widget's question, perhaps with its answers, alone on its line: "Was this article
# helpful? Yes No", "Cet article vous a-t-il été utile ?", "هل كان هذا المقال مفيداً؟ نعم لا" (its
# buttons' words may be text). Not a prompt: "a-t-il" reads as reported speech there.
_FEEDBACK_QUESTION = _arabic_tolerant(
    r"^(was this (article|story|page|post|information) (helpful|useful)|did you find this (article|story|page|post) "
    r"(helpful|useful)|(cet|l') ?article vous a(-t-il)? (été )?(utile|plu)|avez-vous trouvé cet article utile|"
    r"هل (كان|كانت) (هذا|هذه) (المقال|الخبر|المقالة|المعلومات|الصفحة) (مفيدا|مفيدة)|هل (أفادك|افادك|أعجبك|اعجبك) "
    r"(هذا|هذه) (المقال|الخبر|المقالة)|هل وجدت (هذا|هذه) (المقال|الخبر|المقالة) (مفيدا|مفيدة))\s*[?؟]?"
    r"(\s*(yes|no|oui|non|نعم|لا)\b){0,2}\s*$", re.IGNORECASE)
_PIC_TWITTER = re.compile(r"\s*(https?://)?pic\.twitter\.com/\w+")
_TWITTER_STATUS = re.compile(r"\s*https?://(t\.co|twitter\.com|x\.com)/\S+")
_SENTENCE_END = r"[.!?؟…»\"”’)\]]"
_GLUE_POINT = re.compile(_SENTENCE_END + "|،")  # (where a glued teaser's lookbehinds look)


@functools.lru_cache(maxsize=1024)  # a page asks for ~300 distinct strings
def compact(text: str) -> str:
    """Casefolded letters and digits only: for comparing strings that differ in spacing/punctuation.

    Cached: one page asks for the same paragraphs and link texts from a dozen rules."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        # Arabic diacritics and tatweel dropped, hamza-carrying alefs read as a bare alef
        text = _HAMZA_ALEF.sub("ا", _DIACRITICS_TATWEEL.sub("", text))
    return _NOT_ALNUM.sub("", text)  # \w is str.isalnum() plus "_"


_DIACRITICS_TATWEEL = re.compile(r"[\u064b-\u0652\u0640]")
_HAMZA_ALEF = re.compile(r"[أإآ]")
_NOT_ALNUM = re.compile(r"[\W_]+")


def _teaser_pattern(phrases: Iterable[str]) -> tuple[ArabicTolerantPattern, ArabicTolerantPattern]:
    """The teaser patterns for ``phrases``: (own, glued). ``own`` finds a label opening a
    paragraph, ``glued`` one after a paragraph's last sentence (its ``rest`` group is what the
    label leads to). A label set apart by nothing but a space reports it in the ``bare`` group
    (Latin script) or ``bare_ar`` (Arabic), whose headline the caller still has to check
    (:func:`_bare_label_leads_headline`)."""
    phrases = list(phrases)
    with_sep, free, free_ar = [], [], []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        stem = _folded_source(re.escape(phrase.rstrip(":").strip()))
        if phrase.lower().rstrip(":") in _NEEDS_SEPARATOR or phrase.endswith(":"):
            with_sep.append(stem)
        elif _ARABIC_LETTER.search(phrase):
            free_ar.append(stem)
        else:
            free.append(stem)
    separator = r"\s*(?::|：|-|–|—|\||»|>|›|\.{2,3}|…)\s*"
    # A label without a separator is followed by the teased headline, which starts with a capital
    # in Latin script ("Also Read Ukraine launches …"); a lower-case word after it is a sentence
    # ("See more than 40 exhibitors …", "Don't miss the grace period: …", "Voir aussi la carte …").
    # The test is case-sensitive inside the pattern compiled with IGNORECASE (without the local
    # flag, [a-z] would also match every capital and the form would never be read).
    headline_next = r"(?P<bare>\s+)(?-i:(?![a-zà-öø-ÿ]))"
    # Arabic has no capitals: there the caller checks what follows (a link's text)
    own = ArabicTolerantPattern(
        r"^\W{0,3}(?:(?:" + "|".join(free or ["(?!)"]) + r")(?:" + separator + r"|" + headline_next + r"|\W{0,3}$)"
        r"|(?:" + "|".join(free_ar or ["(?!)"]) + r")(?:" + separator + r"|\W{0,3}$|(?P<bare_ar>\s+))"
        r"|(?:" + "|".join(with_sep or ["(?!)"]) + r")(?:" + separator + r"|\W{0,3}$))",
        re.IGNORECASE,
    )
    # glued at the end of a paragraph, after a sentence end; Latin phrases must be capitalised
    # as a lead ("… by Al Arabiya. Also Read Ukraine launches …", or "READ MORE: …"), so prose
    # "also read" stays
    shouted = [_folded_source(re.escape(phrase.rstrip(":").strip().upper())) for phrase in phrases
               if phrase.upper() != phrase]
    # or in sentence case, as a label set in bold is written ("… for at least 15 years. Also read
    # How to renew …", "… of the fasting month. Read also: Ramadan 2026 …"): only a label written
    # in title case ("Also Read") is listed so, and the same rules hold (a separator where the
    # phrase needs one, a capital or a link's text after a bare one)
    sentence_free, sentence_sep = [], []
    for phrase in phrases:
        bare = phrase.rstrip(":").strip()
        sentence = bare[:1] + bare[1:].lower()
        if _ARABIC_LETTER.search(phrase) or sentence in (bare, bare.upper()):
            continue
        stem = _folded_source(re.escape(sentence))
        if phrase.lower().rstrip(":") in _NEEDS_SEPARATOR or phrase.endswith(":"):
            sentence_sep.append(stem)
        else:
            sentence_free.append(stem)
    free_glued = free + shouted + sentence_free
    # or after an Arabic comma, with the label's colon ("… أغسطس المقبل، طالع أيضا: موعد …")
    # The phrases that need a separator need it here too: "… the statistics centre said. Related
    # costs, such as …", "… in 2023. Watch what happens …", "Also on Sunday, the minister …".
    # Without a separator, the word after a Latin label must be capitalised like a headline's ("…
    # au musée. Ne manquez pas l'exposition …", "… this weekend. See more than 40 exhibitors …"
    # are the story's last sentence), and an Arabic label's words must be a link's text (the
    # caller's check: "… والسوق. تابع أيضا المجلس أشغال …" is "the council also followed up").
    labels = "|".join(free + free_ar + with_sep + shouted + sentence_free + sentence_sep)
    # An opening mark may come before the label: a bracket the teaser closes ("… ministers. (Read
    # also: …)", "[Also read: …]", "« Lire aussi : … »") or a pictogram (">> Lire aussi :", "► Read
    # more: …").
    opening = r"(?P<opening>[(\[«<>►▶▸➤•■●]{1,3}\s*)?"
    glued = _AfterSentenceEndPattern(
        r"(?:(?<=" + _SENTENCE_END + r")\s+" + opening + r"(?:(?:" + "|".join(free_glued + free_ar) + r")" + separator +
        r"|(?:" + "|".join(free_glued or ["(?!)"]) + r")(?P<bare>\s+)(?![a-zà-öø-ÿ])"
        r"|(?:" + "|".join(free_ar or ["(?!)"]) + r")(?P<bare_ar>\s+)"
        r"|(?:" + "|".join(with_sep + sentence_sep or ["(?!)"]) + r")" + separator + r")"
        # or with no space after the sentence end, as when the teaser's own element was rendered
        # into the paragraph ("… en milieu rural.Lire aussi : Croissance …"): then only with the
        # label's separator, so "… 2023.Related costs" stays
        r"|(?<=" + _SENTENCE_END + r")(?:" + labels + r")" + separator +
        r"|(?<=،)\s*(?:" + labels + r")\s*[:：]\s*)(?P<rest>.+)$"
    )
    return own, glued


_UNENDED_TAIL_CHARS = 250  # where a label and the headline it leads to close a paragraph


@functools.lru_cache(maxsize=8)
def _unended_teaser_pattern(extra_phrases: tuple[str, ...] = ()) -> ArabicTolerantPattern:
    """A teaser label and its colon glued to a paragraph with no sentence end before it (Arabic
    paragraphs often close without one: "… بمشاركة وزراء الخارجية العرب اقرأ أيضاً: <a>…</a>";
    "… with Arab foreign ministers READ ALSO: <a>…</a>"): the labels of :func:`_teaser_pattern`
    as written, in capitals or in sentence case; in lower case after a sentence's end too ("…
    networks. related: <a>…</a>"). The caller takes it only when what follows is a
    link's text on the page, and looks only in a paragraph's tail that holds a colon (searched at
    every space, the labels cost more than the rest of the glued check)."""
    phrases = list(TEASER_PHRASES) + list(extra_phrases)
    forms = set()
    for phrase in phrases:
        bare = phrase.rstrip(":").strip()
        forms.add(bare)
        if not _ARABIC_LETTER.search(bare):
            forms.update({bare.upper(), bare[:1] + bare[1:].lower()})
    labels = "|".join(_folded_source(re.escape(form)) for form in sorted(forms, key=len, reverse=True))
    # in lower case too, after a sentence's end (perhaps its closing quote or bracket): "… on roads
    # and networks. related: <a>…</a>", a theme's label that the glued pattern, wanting a lead's
    # capital, does not read. Inside a sentence the lower-case word is the story's own: "The two
    # inquiries are not related: <a>the audit of the water utility</a>", "the one law it
    # recommended: <a>…</a>"
    lower = "|".join(sorted({re.escape(phrase.rstrip(":").strip().lower()) for phrase in phrases
                             if not _ARABIC_LETTER.search(phrase)}, key=len, reverse=True))
    return ArabicTolerantPattern(r"(?:(?<![.!?؟…،\s])\s+(?:" + labels + r")"
                                 r"|(?:(?<=[.!?…])|(?<=[.!?…][)\]»”\"’']))\s+(?:" + lower + r"))"
                                 r"\s*[:：]\s*(?P<rest>.+)$")


# a paragraph of the story's prose, longer than a box's blurb under its headline (Arabic
# paragraphs run shorter: 20-odd words)
_STORY_GOES_ON_MIN_WORDS = 15


def _story_goes_on_under(following: Sequence[str], links: set[str]) -> bool:
    """Whether the lines under a "more in <section>" heading are the story's own: one link's
    text (the story's source: "Plus de détails" over "<a>Le rapport de la Cour des comptes</a>")
    and then a paragraph of prose that is no link. A section's box links several stories (their
    headlines, perhaps a short blurb each), and whatever follows it is no longer the story's."""
    linked = [compact(line) in links for line in following]
    if sum(linked) != 1:
        return False
    after = following[linked.index(True) + 1:]
    return any(compact(line) not in links and len(line.split()) >= _STORY_GOES_ON_MIN_WORDS for line in after)


def _without_unended_teaser(paragraph: str, links: set[str], extra_phrases: tuple[str, ...]) -> str:
    """``paragraph`` without a teaser glued to it after no sentence end (see
    :func:`_unended_teaser_pattern`): the label and a headline that is a link's text."""
    tail_start = max(0, len(paragraph) - _UNENDED_TAIL_CHARS)
    if not links or (":" not in paragraph[tail_start:] and "：" not in paragraph[tail_start:]):
        return paragraph
    match = _unended_teaser_pattern(extra_phrases).search(paragraph[tail_start:])
    if match is None or compact(match.group("rest")) not in links:
        return paragraph
    return paragraph[: tail_start + match.start()].rstrip()


_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


_CLOSING_MARKS = ")]»”\"’' \u00a0"  # after a sentence's end: its bracket or quotation closing


def _bare_label_leads_headline(label: _SpanOfOriginal, rest: str, links: set[str]) -> bool:
    """Whether a teaser label that no separator sets apart (``label``, from :func:`_teaser_pattern`)
    leads to a teased headline (``rest``, the words after it) rather than opening a sentence of the
    story. A label with a separator, or alone, always does. Without one, the headline is a link's
    text on the page; or, in Latin script (whose capital the pattern checked), words with no
    closing full stop: a headline has none, a sentence has one ("Do not miss The Crown, which
    returns on Friday." is the story's). In Arabic, with no capitals to go by, only a link's
    text: "تابع أيضا المجلس الجماعي أشغال …" is "the council also followed up the works"."""
    if label.group("bare") is None and label.group("bare_ar") is None:
        return True
    rest = rest.strip()
    if compact(rest) in links:
        return True
    if label.named_group("opening"):
        # behind a bracket or a guillemet, the label's words with no link after them are an aside
        # or a quotation of the story's: "(See also Appendix B)", "« Ne manquez pas Marrakech »"
        return False
    # a sentence's end inside its closing bracket or quotation mark counts ("(Also read Mahfouz's
    # Cairo Trilogy, which she called his best.)", "… “his best.”"); a question mark does not, as a
    # teased headline may ask ("Also Read Will fuel prices rise again in July?")
    return label.group("bare") is not None and not rest.rstrip(_CLOSING_MARKS).endswith((".", "؟", "!"))


_DEFAULT_TEASERS = _teaser_pattern(TEASER_PHRASES)


_SHOUTED_LABEL = re.compile(r"^\W{0,3}([^\W\d_][^.:|]{1,30}?)\s*\.\s+\S")


def _is_shouted_label(paragraph: str) -> bool:
    """A teaser label in capitals closed by a full stop: "LIRE AUSSI. Le ministre …" (a full
    stop after a label in lower case would be a sentence)."""
    match = _SHOUTED_LABEL.match(paragraph)
    return bool(match) and match.group(1).isupper() and _is_teaser_label(match.group(1))


def _is_teaser_label(text: str) -> bool:
    """An inline teaser's label on its own: "Also read", "اقرأ أيضاً", "À lire aussi :"."""
    # (alone: a label that a space sets apart from other words is one only before a headline)
    return (len(text.split()) <= 4 and (label := _DEFAULT_TEASERS[0].search(text)) is not None
            and label.group("bare") is None and label.group("bare_ar") is None)


def _is_prompt(paragraph: str) -> bool:
    # without a pictogram before it ("📲 Rejoignez la chaîne WhatsApp …", "► Suivez-nous"), and
    # folded once for all the patterns (each pattern's own search folds the text again: two
    # thirds of this check's time)
    folded = _fold_arabic(_LEADING_SYMBOLS.sub("", paragraph))
    if any(p.search(folded) for p in _PROMPT_INDEX.candidates(folded)):
        return True
    unjoined = _without_joining_conjunction(folded)
    return unjoined is not None and any(p.search(unjoined) for p in _PROMPT_INDEX.candidates(unjoined))


# Arabic closers often open with "and" ("ولمتابعة آخر الأخبار اشتركوا في قناتنا على واتساب",
# "وتابعونا أيضاً عبر تطبيق نبض"), as a story's sentences do ("ولمتابعة تنفيذ القرار أطلقت الوزارة
# قناة على واتساب" is news). A plural imperative is spelled as the past tense ("وتابعونا بسياراتهم
# حتى مدخل القرية": they followed us; "واشتركوا في حملة على فيسبوك": they took part), so it is no
# sign of a prompt: the conjunction is read past only before a call's opening words, in a line
# addressed to the reader in words a story does not use of others ("you can", "to reach you",
# "our" channel, page or app), or that ends "follow us on" a platform or an app.
_JOINED_CALL = re.compile(_folded_source(
    r"^(?:و|ف)(?=(لمتابعة|للمتابعة|للمزيد|لمزيد|للاطلاع|لمعرفة|للاشتراك|للانضمام|لتحميل|ليصلكم|لتصلكم|لكي|"
    r"تابعونا|تابعوا|اشتركوا|انضموا|حملوا|نزلوا|يمكنكم|يمكنك|بإمكانكم|بإمكانك)(?!\w))"))
_ADDRESSES_READER = re.compile(_folded_source(
    r"(?<!\w)(?:و|ف|ل|ب)?((يمكنكم|يمكنك|بإمكانكم|بإمكانك|يصلكم|تصلكم|متابعتنا)(?!\w)|" + _OUR_PLACES + r")"
    r"|(?<!\w)(?:و|ف)?تابعونا(\s+\S+){0,3}?\s+(على|عبر)\s+(" + _PROMPT_PLACES
    + r"|(ال)?(تطبيق|قناة|صفحة|حساب|موقع|منصة))(\s+\S+){0,3}\s*[.!]?$"), re.IGNORECASE)


def _without_joining_conjunction(folded: str) -> str | None:
    """``folded`` (a line as :func:`_fold_arabic` gives it) without the "و"/"ف" that joins a
    prompt to the story (see ``_JOINED_CALL``), or ``None`` when it opens with none or the line
    is not addressed to the reader."""
    joined = _JOINED_CALL.match(folded)
    if joined is None or _ADDRESSES_READER.search(folded) is None:
        return None
    return folded[joined.end():]


_LEADING_SYMBOLS = re.compile(r"^[^\w\s«\"'“(\[]+\s*(?=\w)")

# Prompts glued to the end of a story's last paragraph after a sentence end ("… حيز التنفيذ.
# للاشتراك في قناة الغد على تليجرام اضغط هنا", "… a précisé le ministère. Suivez-nous sur Google
# News"). Only the calls of :data:`_CALL_PROMPTS` that read a line from its start: an unanchored one
# ("… follow its Telegram channel") would take a reported sentence, a label ("Comments on the app
# were largely positive", "التعليقات على فيسبوك جاءت غاضبة") a story's sentence. A cheap look for
# where a prompt sends the reader comes first, as this runs on every paragraph (substrings of the
# folded, lower-cased text: a regex of these alternatives took ten times as long).
_ANCHORED_PROMPT_PATTERNS = [p.compiled for p in _PROMPT_PATTERNS[:len(_CALL_PROMPTS)]
                             if p.compiled.pattern.startswith("^")]
_ANCHORED_PROMPT_INDEX = _FirstCharIndex(_ANCHORED_PROMPT_PATTERNS)
_SENDS_READER_WORDS = tuple(_fold_arabic(word) for word in (
    "whatsapp", "telegram", "youtube", "facebook", "instagram", "tiktok", "twitter", "google news",
    "google actualités", "google actualites", "channel", "chaîne", " app ", " app.", " apps", "app store",
    "application", "newsletter", "notification", "click here",
    "tap here", "cliquez ici", "inbox", "boîte", "infolettre", "lettre d", "واتساب", "واتس اب", "تلغرام", "تليغرام",
    "تيليجرام", "تليجرام", "تلجرام", "يوتيوب", "فيسبوك", "فيس بوك", "تويتر", "انستغرام", "إنستغرام", "تيك توك",
    "قناتنا", "تطبيقنا", "صفحتنا", "حسابنا", "نشرتنا", "موقعنا", "النشرة", "الإشعارات", "أخبار جوجل", "جوجل نيوز",
    "منصة إكس", "منصة اكس", "منصة x", "اضغط هنا", "انقر هنا"))


def _sends_reader(text: str) -> bool:
    """Whether ``text`` names where a prompt sends the reader (a platform, the site's channel,
    app or newsletter, "click here"), however its Arabic is spelled."""
    folded = _fold_arabic(text).lower()
    if "\u0640" in folded:
        folded = folded.replace("\u0640", "")
    return any(word in folded for word in _SENDS_READER_WORDS)
_GLUED_TAIL_START = re.compile(r"(?<=[.!?؟…])[»\"”’)\]]*\s+(?=\S)")
# a short lead-in before a dash or colon: "Stay informed — follow …", "À ne pas manquer : …"
_TAIL_LEAD_IN = re.compile(r"^[^\s:—–]+(?:\s+[^\s:—–]+){0,3}\s*[:—–]\s+")
# a quote or reported speech: the prompt is someone's words ("Suivez-nous sur Facebook, a-t-il
# lancé", "« Rejoignez notre chaîne », a dit …", "… follow us on X, he said")
_QUOTE_MARKS = re.compile(r"[«»\"“”„]")
_REPORTED_SPEECH = re.compile(
    r"\b(?:said|says|added|told|urged|asked|wrote|advised|explained|recommended|warned|stressed|according to|"
    r"a-t-il|a-t-elle|a-t-on|a déclaré|a ajouté|a affirmé|a indiqué|a lancé|a écrit|a conseillé|a recommandé|"
    r"a expliqué|a précisé|a souligné|selon)\b|"
    # French puts the speaker after the words: "…, suivez la page Facebook de la commune, conseille le maire."
    r",\s*(?:conseille|recommande|invite|appelle|explique|précise|souligne|rappelle|insiste|estime|ajoute|"
    r"indique|affirme|déclare|lance|écrit)(?:-t-(?:il|elle|on)\b|\s+(?:le|la|les|l['’]|un|une|des|son|sa|ses)\b)|"
    r"(?<!\w)و?(?:قال|قالت|أضاف|أضافت|بحسب|وفق|حسب|دعا|دعت|أكد|أكدت|"
    r"أوضح|أوضحت|كتب|كتبت)(?!\w)", re.IGNORECASE)


def _without_glued_prompt(paragraph: str, max_words: int = 25) -> str:
    """``paragraph`` without the prompts glued to its end after a sentence end, each of at most
    ``max_words`` words, the last first. The shortest tail that names where a prompt sends the
    reader decides: a prompt is cut, anything else (a quote, reported speech, a sentence that
    mentions a channel) ends the search, so no earlier sentence goes with it."""
    while True:
        parts = paragraph.rsplit(maxsplit=max_words)
        region = len(parts[0]) if len(parts) > max_words else 0
        if not _sends_reader(paragraph[region:]):
            return paragraph
        for found in reversed(list(_GLUED_TAIL_START.finditer(paragraph, region))):
            tail = paragraph[found.end():]
            if not _sends_reader(tail):
                continue  # "… Follow us on Telegram. Thank you."
            if _QUOTE_MARKS.search(tail) or _REPORTED_SPEECH.search(tail) or _open_quote(paragraph[:found.end()]):
                return paragraph
            unlabelled = _TAIL_LEAD_IN.sub("", tail, count=1)
            if not (_is_anchored_prompt(tail) or unlabelled != tail and _is_anchored_prompt(unlabelled)):
                return paragraph
            paragraph = paragraph[:found.start()].rstrip()
            break
        else:
            return paragraph


def _is_anchored_prompt(text: str) -> bool:
    folded = _fold_arabic(_LEADING_SYMBOLS.sub("", text))
    if any(p.search(folded) for p in _ANCHORED_PROMPT_INDEX.candidates(folded)):
        return True
    unjoined = _without_joining_conjunction(folded)
    return unjoined is not None and any(p.search(unjoined) for p in _ANCHORED_PROMPT_INDEX.candidates(unjoined))


def _open_quote(text: str) -> bool:
    """Whether ``text`` ends inside a quotation (more opening than closing marks)."""
    return (text.count("«") > text.count("»") or text.count("“") > text.count("”")
            or text.count('"') % 2 == 1)


# A tag line with its values: "Mots-clés : budget, dette, FMI", "Tags: CBB, Fintech, Banking",
# "الكلمات الدالة: المنيا، ملوي" (the label alone is a prompt pattern above).
_TAG_LINE_LABEL = _arabic_tolerant(
    r"^\W{0,3}(?:hashtags?|tags?|tagged(?: with)?|keywords|topics|mots[- ]cl[ée]s|tags associés|étiquettes|"
    r"الكلمات الدالة|كلمات دالة|الكلمات المفتاحية|كلمات مفتاحية|الكلمات الدلالية|كلمات دلالية|الوسوم|وسوم)"
    r"(?P<sep>\s*[:：|»›]\s*|\s+(?=\S))", re.IGNORECASE)
# (a hyphen inside a word joins it; a separator is looked for from a run of spaces' first space
# only, where the leftmost match starts anyway: from every space of a long run it was quadratic)
_TAG_SEPARATOR = re.compile(r"(?<!\s)(?:\s*[,،|;·•/]\s*|\s+[-–]\s+)")


def _is_tag_line(paragraph: str, links: set[str]) -> bool:
    """A tag label and its values: each value a link text of the page (also side by side, with
    no separator: "الكلمات الدالة: المنيا ملوي"), or, after the label's colon, two or more short
    values apart by , ، | and no sentence ("Tags: the new rules apply to imports" stays)."""
    label = _TAG_LINE_LABEL.match(paragraph)
    if label is None:
        return False
    rest = paragraph[label.end():].strip()
    if not rest or len(rest.split()) > 30:
        return False
    items = [item for item in _TAG_SEPARATOR.split(rest) if item]
    if links and (all(compact(item) in links for item in items) or _covered_by_links(rest.split(), links)):
        return True
    return (label.group("sep").strip() != "" and len(items) >= 2 and all(len(item.split()) <= 3 for item in items)
            and not re.search(r"[.!?؟]", rest))


def _covered_by_links(words: list[str], links: set[str]) -> bool:
    """Whether ``words`` are link texts side by side, each of one to four words."""
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + 4), start, -1):
            if compact(" ".join(words[start:end])) in links:
                start = end
                break
        else:
            return False
    return True


def _is_copyright(paragraph: str) -> bool:
    """A copyright notice: "copyright" or the © sign as a notice, or "all rights reserved" opening
    the line or set apart from what comes before it ("© 2024 Al-Ahram. All rights reserved.",
    "Le360 - Tous droits réservés", "2024 جميع الحقوق محفوظة"). Inside a sentence the phrase is
    the story's ("The broadcaster said all rights reserved for the tournament would be enforced …",
    "وأكدت الشركة أن جميع الحقوق محفوظة للمؤلف …")."""
    if len(paragraph.split()) > 30:
        return False
    if _COPYRIGHT.search(paragraph):
        return True
    found = _RIGHTS_RESERVED.search(paragraph)
    return found is not None and _SET_APART.search(paragraph[:found.start()]) is not None


# The outlet's own notice about its copy, set under the story (an agency's or a magazine's page
# template): republishing its content ("To learn more about republishing this content and the
# associated fees, please fill out this form.", "Pour toute demande de republication de cet
# article, veuillez contacter …"), or the site showing only part of what its subscribers receive
# ("الموقع الإلكتروني لوكالة … يعرض فقط جزءاً من الأخبار التي تُقدم للمشتركين …، للاشتراك يُرجى
# التواصل معنا", "This website only displays part of the news stories offered to subscribers …").
# Each needs its subject and an address to the reader (please, contact us, يرجى, veuillez): "The
# newspaper said it would republish the cartoons …", "the reproduction of this article of the law
# will be posted …" and "The platform only displays part of the data to subscribers, the
# regulator said" are the story's. The outlet speaks in its own voice: a notice quoted or reported
# (quotation marks, "said", "urged", "قالت", "حذرت", "داعية", "a ordonné") is someone's words in
# the story ("Police urged the public not to republish this content, saying: "Please report …"",
# "وحذرت النيابة من إعادة نشر هذا المحتوى، داعية المواطنين إلى التواصل معنا").
_REPUBLISHING_OUR_COPY = _arabic_tolerant(
    r"\b(?:republish\w*|republication|reprint\w*|syndicat\w*|reproduc\w*|reprodu\w*|reprise)\b[^.!?]{0,40}?"
    r"\b(?:(?:this|our)\s+(?:content|article|story|stories|material|report|piece|work)s?|"
    r"(?:cet|ce|cette|nos|notre)\s+(?:article|contenu|dépêche|papier|reportage|contenus|articles)s?)\b"
    r"|(?:إعادة|اعادة) (?:نشر|النشر|إنتاج|انتاج)[^.!?؟]{0,30}?(?:هذا|هذه) (?:المحتوى|المقال|المقالة|الخبر|المادة|"
    r"التقرير)|(?:إعادة|اعادة) نشر (?:محتوانا|موادنا|مقالاتنا|أخبارنا)",
    re.IGNORECASE)
_PART_FOR_SUBSCRIBERS = _arabic_tolerant(
    r"\b(?:only\s+(?:shows|displays|publishes|carries|features)|(?:shows|displays|publishes|carries)\s+only)\s+"
    r"(?:a\s+)?(?:part|portion|selection|summary|some)\b[^.!?]{0,80}?\bsubscri"
    r"|\bne\s+(?:publie|présente|affiche|propose|reprend|diffuse)\s+qu['’]\s?(?:une|un)\s+(?:partie|sélection|"
    r"extrait|résumé)\b[^.!?]{0,80}?\babonn"
    r"|(?:يعرض|ينشر|يقدم|يتيح) (?:فقط )?(?:جزء|جزءا|جزءاً|بعض|ملخصا|ملخصاً)[^.!?؟]{0,80}?(?:المشتركين|للمشتركين)",
    re.IGNORECASE)
_READER_ADDRESS = _gated(
    r"\b(?:please|contact us|get in touch|fill (?:out|in)|e-?mail us|write to us|veuillez|contactez|"
    r"écrivez-nous|merci de)\b|(?:يرجى|يُرجى|الرجاء|نرجو) |(?:تواصل|تواصلوا|اتصل|اتصلوا) (?:معنا|بنا)|راسلونا",
    re.IGNORECASE,
    ("please", "contact us", "get in touch", "fill ", "mail us", "write to us", "veuillez", "contactez",
     "écrivez-nous", "merci de"))
_NOTICE_MAX_WORDS = 80
# Reporting verbs beside :data:`_REPORTED_SPEECH`'s that tell a notice someone else gave, reported
# in the story: a warning, an appeal, an order ("warned", "called on", "a ordonné", "حذرت", "داعية")
_NOTICE_REPORTED = _arabic_tolerant(
    r"\b(?:warn(?:s|ed|ing)|call(?:s|ed|ing) on|order(?:s|ed)|demand(?:s|ed)|appeal(?:s|ed)|announc(?:es|ed)|"
    r"saying|a (?:ordonné|demandé|appelé|exhorté|averti|prévenu|annoncé|interdit)|ont (?:ordonné|demandé|appelé|"
    r"averti|annoncé))\b|(?<!\w)و?(?:حذر|حذرت|محذرا|محذرة|محذراً|محذرةً|داعيا|داعياً|داعية|طالب|طالبت|مطالبا|مطالباً|"
    r"ناشد|ناشدت|أعلن|أعلنت|أفاد|أفادت|شدد|شددت|أشار|أشارت|تابع|تابعت|يقول|تقول)(?!\w)",
    re.IGNORECASE)


def is_syndication_notice(paragraph: str) -> bool:
    """The outlet's notice about republishing its copy, or about the part of its subscribers'
    service the site shows, addressed to the reader (see :data:`_REPUBLISHING_OUR_COPY`); not
    such a notice quoted or reported in the story."""
    if len(paragraph.split()) > _NOTICE_MAX_WORDS or not _READER_ADDRESS.search(paragraph):
        return False
    if _QUOTE_MARKS.search(paragraph) or _REPORTED_SPEECH.search(paragraph) or _NOTICE_REPORTED.search(paragraph):
        return False
    return bool(_REPUBLISHING_OUR_COPY.search(paragraph) or _PART_FOR_SUBSCRIBERS.search(paragraph))


# A credit closing a caption's last sentence: "… vit toujours sous une tente. © M. Alaoui", or
# glued to it when the credit's own element was rendered without a space ("… habillés de pisé.©
# M. Alaoui", "… sous des chapiteaux.Photo : M. Alaoui"; with a space, "… clients. Photo : Samir
# Sid" is a caption left whole, see _CAPTION_CREDIT_TAIL). The sentence is the story's (a photo
# essay's captions carry it); the credit goes. A © line with no sentence before it is a notice.
_CREDIT_AFTER_SENTENCE = _arabic_tolerant(
    r"(?<=[.!?؟…»\"”])\s*(?:(?:photos?|crédits?(?:\s+photos?)?|credits?|images?)\s*)?©\s*"
    # a label between the sign and the name: "© Copyright : Le360", "© Crédit photo : M. Alaoui"
    r"(?:(?:copyright|crédits?(?:\s+photos?)?|credits?|photos?)\s*[:：]\s*)?"
    r"(?P<sign>[^©!?؟]{1,50}?)\s*\.?$"
    r"|(?<=[.!?؟…»\"”])(?:" + _PHOTO_LABEL + r")\s*[:：]\s*"
    r"(?P<glued>[^!?:：؟]{1,50}?)\s*\.?$", re.IGNORECASE)  # (initials keep their period: "M. Alaoui")


def _without_credit_tail(paragraph: str) -> str:
    """``paragraph`` without a credit after its last sentence (see :data:`_CREDIT_AFTER_SENTENCE`)
    that names someone (:func:`_names_a_credit`; a year after © is not read): "… sous une
    tente. © M. Alaoui" keeps its sentence; "… de pisé. © 2024 Tous droits réservés" is left to
    the copyright rule."""
    tail = paragraph[-_CREDIT_TAIL_CHARS:]
    if "©" not in tail and ":" not in tail and "：" not in tail:
        return paragraph  # (cheap: this runs on every paragraph)
    found = _CREDIT_AFTER_SENTENCE.search(tail)
    if found is None:
        return paragraph
    credit = found.group("sign") if found.group("sign") is not None else found.group("glued")
    credit = re.sub(r"^(?:\d{4}\s*[-–]\s*)?\d{4}\b[\s,]*", "", credit.strip())  # "© 2024 Reuters"
    if not credit or not _names_a_credit(credit):
        return paragraph
    return paragraph[:len(paragraph) - len(tail) + found.start()].rstrip()


# A paragraph that goes on from a sentence before it: a reporting verb joined by "و" ("وقال …",
# "وأضاف …"), "كما أكد …", "من جهته، …"; "He said …", "She added …"; "Il a ajouté …", "De son côté, …".
# A story does not open so: its first sentence was left elsewhere (a lead photo's caption).
_CONTINUATION_OPENING = _arabic_tolerant(
    r"^(?:و|كما\s+)(?:قال|قالت|يقول|تقول|أضاف|أضافت|يضيف|تضيف|أكد|أكدت|أوضح|أوضحت|أشار|أشارت|تابع|تابعت|"
    r"بين|بينت|لفت|لفتت|ذكر|ذكرت|أفاد|أفادت|شدد|شددت|أردف|أردفت|أعرب|أعربت|نقل|نقلت|أعلن|أعلنت|كشف|كشفت)(?!\w)"
    r"|^من\s+(?:جهته|جهتها|جهتهم|جانبه|جانبها|جانبهم)(?!\w)"
    r"|^(?:he|she|they|it)(?:\s+(?:also|further|later))?\s+(?:said|says|added|adds|told|stressed|noted|explained|"
    r"continued|went on|pointed out|warned|insisted|urged)\b"
    r"|^(?:il|elle|ils|elles)\s+(?:a|ont)(?:\s+(?:également|aussi|encore|ensuite|par ailleurs))?\s+(?:ajouté|précisé|"
    r"souligné|indiqué|déclaré|expliqué|affirmé|poursuivi|assuré|rappelé|estimé|insisté|annoncé|noté|relevé)\b"
    r"|^(?:de son côté|selon (?:lui|elle))\b", re.IGNORECASE)
# A lead photo's caption that holds the story's first sentence: a sentence of 12 words or more,
# ended. A photo's description ("وزير الصحة خلال الافتتاح") is shorter or has no sentence end.
_CAPTION_LEDE_MIN_WORDS = 12
_CAPTION_LEDE_MAX_WORDS = 120
_CAPTION_CLASS = re.compile(r"caption|l[eé]gende", re.IGNORECASE)


def starts_mid_story(paragraph: str) -> bool:
    """Whether ``paragraph`` goes on from a sentence before it (:data:`_CONTINUATION_OPENING`):
    "وقال الوزير …", "He said …", "Il a ajouté …"."""
    return _CONTINUATION_OPENING.match(paragraph.lstrip(" \u200f\u200e\"«“")) is not None


def lost_caption_lede(tree: HtmlElement, paragraphs: Sequence[str]) -> tuple[int, str] | None:
    """The story's first sentence when the page wrote it only as its lead photo's caption, and
    where it goes: ``(index, text)``. Some Arabic CMSs put the lede under the photo and start the
    body with the sentence after it ("وقال …"); trafilatura drops captions, so the story began
    mid-way. Only when the body's first paragraph (or its second, under a dateline or byline
    line of at most eight words) goes on from a sentence before it (:func:`starts_mid_story`),
    and the nearest caption before that paragraph on the page (``<figcaption>`` or an element
    classed caption / légende, after the h1, shown, not chrome) is a sentence of 12 to 120
    words, ended, that credits no photographer or agency and is no archive photo's caption
    ("… (AFP)", "… - صورة أرشيفية", "Photo : …"), its credit-classed elements left out.
    ``None`` otherwise, and when the body already holds it."""
    at = next((index for index, paragraph in enumerate(paragraphs[:2])
               if starts_mid_story(paragraph) and (index == 0 or (
                   len(paragraphs[0].split()) <= 8 and not re.search(_SENTENCE_END + r"$", paragraphs[0])))), None)
    if at is None:
        return None
    start = " ".join(paragraphs[at].split()[:4])
    holder = next((text.getparent() if not text.is_tail else text.getparent().getparent()
                   for text in _SHOWN_TEXTS_WITH(tree, start=start)), None)
    if holder is None:
        return None
    h1 = next(tree.iter("h1"), None)
    caption = None
    for element in tree.iter(etree.Element):
        if element is holder:
            break
        if element.tag == "figcaption" or _CAPTION_CLASS.search(element.get("class") or ""):
            if not any(ancestor.tag == "figcaption" or _CAPTION_CLASS.search(ancestor.get("class") or "")
                       for ancestor in element.iterancestors()):
                caption = element
    if caption is None or (h1 is not None and not _precedes(h1, caption)) or holder in set(caption.iterancestors()):
        return None
    if any(_is_hidden(node) or _is_chrome_container(node) for node in (caption, *caption.iterancestors())):
        return None
    copy = copy_module.deepcopy(caption)
    copy.tail = None
    for credit in [node for node in copy.iterdescendants()
                   if isinstance(node.tag, str) and _tokens(node.get("class") or "") & _CREDIT_NAMES]:
        credit.drop_tree()
    text = shown_text(copy)
    words = len(text.split())
    if not _CAPTION_LEDE_MIN_WORDS <= words <= _CAPTION_LEDE_MAX_WORDS or not re.search(_SENTENCE_END + r"$", text):
        return None
    if (_credits_a_wire(text) or _CAPTION_CREDIT_TAIL.search(text) or _PHOTO_CREDIT_LINE.match(text)
            or _CREDIT_AFTER_SENTENCE.search(text)):
        return None  # a photo's caption, known by its credit
    key = compact(text)[:60]
    if any(key in compact(p) for p in paragraphs):
        return None
    return at, text


# A page's view or read counter: "12,430 مشاهدة", "عدد القراءات: 1520", "3452 قراءة", "| 845 views".
_VIEW_COUNT = re.compile(
    r"عدد\s+(?:القراءات|المشاهدات|الزيارات)\s*[:：]?\s*[\d٠-٩][\d٠-٩,.]*"
    r"|[\d٠-٩][\d٠-٩,.]*\s*(?:[kKمألف]\s*)?(?:مشاهدة|مشاهدات|قراءة|قراءات|زيارة|views?|reads?|vues?|lectures?)(?!\w)",
    re.IGNORECASE)


def _is_view_count_line(paragraph: str) -> bool:
    """A counter line, perhaps with the date beside it: "2024-04-21 14:20 12,430 مشاهدة"."""
    if len(paragraph.split()) > 12 or not _VIEW_COUNT.search(paragraph):
        return False
    rest = _VIEW_COUNT.sub(" ", paragraph).strip(" |·•-–—:،,")
    return not re.search(r"[^\W\d_]", rest) or _is_metadata_line(rest)


def _is_date_label_alone(paragraph: str) -> bool:
    """A publication label whose date went elsewhere (inside a ``<time>`` the extractor left
    out): "Publié le :", "Modifié le :", "Published on:", "Updated:", "نشر في:"."""
    label = _DATE_LINE_LABEL.match(paragraph)
    return label is not None and not paragraph[label.end():].strip(" :：")


# A time given relative to now ("منذ ساعتين", "3 hours ago", "il y a 2 heures"): a page's
# date line before its script rewrites it, never a story's words on a line of its own.
RELATIVE_TIME = re.compile(
    r"منذ\s+(?:[\d٠-٩]+\s+)?(?:ثانية|ثوان|ثواني|دقيقة|دقيقتين|دقائق|ساعة|ساعتين|ساعات|يوم|يومين|أيام|ايام|"
    r"أسبوع|اسبوع|أسبوعين|أسابيع|شهر|شهرين|أشهر)"
    r"|\b(?:\d+|an?|one)\s*(?:seconds?|secs?|mins?|minutes?|hours?|hrs?|h|days?|weeks?|months?)\s+ago\b"
    r"|\bil\s+y\s+a\s+(?:\d+|une?)\s*(?:secondes?|min(?:utes?)?|heures?|h|jours?|semaines?|mois)\b",
    re.IGNORECASE)


def _is_relative_time_line(paragraph: str) -> bool:
    """A line that is relative times with at most three words of label ("منذ ساعتين آخر تحديث:
    منذ 45 دقيقة", "Updated 3 hours ago")."""
    if len(paragraph.split()) > 12 or not RELATIVE_TIME.search(paragraph):
        return False
    return len(letter_words(RELATIVE_TIME.sub(" ", paragraph))) <= 3


_HIJRI_MONTHS = ("محرم", "صفر", "ربيع الأول", "ربيع الاول", "ربيع الآخر", "ربيع الثاني", "جمادى الأولى",
                 "جمادى الاولى", "جمادى الآخرة", "جمادى الثانية", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة",
                 "ذي القعدة", "ذو الحجة", "ذي الحجة")
_HIJRI_DATE = re.compile(r"[\d٠-٩]{1,2}\s+(?:" + "|".join(_HIJRI_MONTHS) + r")\s+1[34][\d٠-٩]{2}\s*(?:هـ|ه)?")
_CLOCK_TEXT = re.compile(r"[\d٠-٩]{1,2}[:：][\d٠-٩]{2}(?:[:：][\d٠-٩]{2})?\s*(?:ص|م|am|pm|صباحا|مساء)?", re.IGNORECASE)
_LONE_SEPARATOR = re.compile(r"^[|¦·•/\\:,;]{1,3}$")
# A share bar written as plain text: "Print | Email | Share", "Partager : Facebook X WhatsApp",
# "شارك: فيسبوك تويتر واتساب": only share, print and email labels and platforms' names between
# separators, one label at least ("Facebook, WhatsApp" alone may be a story's list item; "Share
# your photos with us on Facebook" is a sentence).
_SHARE_LABELS = (r"share this|share on|share via|share|partager sur|partager|partagez|imprimer|print|email|"
                 r"e-mail|mail|courriel|envoyer|send|tweet|copy link|copier le lien|شارك عبر|شارك|شاركوا|"
                 r"مشاركة عبر|مشاركة|طباعة|اطبع|البريد الإلكتروني|البريد الالكتروني|بريد إلكتروني|إرسال|ارسال|"
                 r"نسخ الرابط")
_SHARE_PLATFORMS = (r"facebook|x|twitter|whatsapp|telegram|linkedin|pinterest|reddit|messenger|threads|viber|"
                    r"فيسبوك|فيس بوك|تويتر|إكس|اكس|واتساب|واتس اب|تلغرام|تليغرام|تيليجرام|تليجرام|لينكد إن|لينكدإن")
_SHARE_SEPARATOR = r"(?:\s*[|•·,،:：;/]\s*|\s+)"
_SHARE_BAR = _arabic_tolerant(
    rf"(?:(?:{_SHARE_PLATFORMS}){_SHARE_SEPARATOR})*(?:{_SHARE_LABELS})"
    rf"(?:{_SHARE_SEPARATOR}(?:{_SHARE_LABELS}|{_SHARE_PLATFORMS}))+\s*[:：|]?", re.IGNORECASE)
# An audio or video player's time display alone on its line, as the server renders it: "00:00 /
# 03:12", "0:00 / 4:05" (a lone "00:00" may head a live blog's midnight entry; "10:00 / 12:00" is
# a schedule)
_PLAYER_TIME = re.compile(r"[0٠]?[0٠][:：][0٠]{2}\s*/\s*-?[\d٠-٩]{1,2}(?:[:：][0-5٠-٥][\d٠-٩]){1,2}")
# A reading time behind a clock pictogram: "⏱ 4 min", "🕒 3 دقائق" (the pictogram tells it from a
# live blog's "45 min" marker)
_CLOCK_DURATION = re.compile(r"[⏱⏲⌚⏰⌛⏳\U0001F550-\U0001F567]\uFE0F?\s*[\d٠-٩]{1,2}\s*(?:min|mins|minutes?|mn|دقائق|دقيقة)"
                             r"\.?(?:\s+(?:read|de lecture|lecture|قراءة|للقراءة))?\s*", re.IGNORECASE)


# A font-size and page-tools row as text, alone on its line ("A+ A-", "تكبير الخط تصغير الخط",
# "حجم الخط A+ A-", "Taille du texte A+ A-", "Imprimer Envoyer", "طباعة | إرسال"): the tools' labels
# and nothing else, two at least, one of them a font-size label or a print action (a story's list
# item is no run of these words). No label is two others in a row (a bare "الخط" would make
# "تكبير الخط" also "تكبير" then "الخط": two readings a pair, exponential on a long line), and
# only short lines are tried.
# (The bare "a" comes last: each label is taken whole, atomic, and an "a" tried first would take the
# "A" of "Agrandir | Réduire" and never give it back.)
# (A verb with its object comes before the verb alone: "Agrandir le texte | Réduire le texte".)
_TOOL_LABEL = (r"(?:a\s?[+\-−]|[+\-−]\s?a|تكبير الخط|تصغير الخط|تكبير النص|تصغير النص|تكبير|تصغير|حجم الخط|حجم النص|"
               r"font size|text size|taille du texte|taille de (?:la )?police|"
               r"(?:agrandir|réduire|augmenter|diminuer) (?:le texte|la police|les caractères|la taille du texte)|"
               r"taille|agrandir|réduire|print|imprimer|طباعة|اطبع|"
               r"إرسال|ارسال|أرسل|envoyer|send|e-?mail|courriel|a)")
# (each label taken whole and each separator-and-label step kept once taken, atomic groups and a
# possessive repeat: "a -" is a label and also "a" then a separator, and "a - a - … !" backtracked
# through every way of reading it, exponential in its length)
_TOOL_ROW = _arabic_tolerant(r"^\W{0,2}(?:(?>" + _TOOL_LABEL + r")(?:(?>\s*+[|•·:/\-–]\s*+|\s++)(?>" + _TOOL_LABEL
                             + r"))++|حجم الخط|حجم النص|font size|text size|taille du texte|taille de (?:la )?police)"
                             r"\s*[:|]?$", re.IGNORECASE)
_TOOL_ROW_KEY = _arabic_tolerant(r"(?:a\s?[+\-−]|[+\-−]\s?a|تكبير|تصغير|حجم الخط|حجم النص|font size|text size|"
                                 r"taille|agrandir|réduire|(?:augmenter|diminuer) (?:le texte|la police|les caractères)|print|"
                                 r"imprimer|طباعة|اطبع)", re.IGNORECASE)
_TOOL_ROW_MAX_WORDS = 10


def _is_tool_row(paragraph: str) -> bool:
    """A font-size and page-tools row written as text (:data:`_TOOL_ROW`)."""
    if not (len(paragraph) <= 100 and len(paragraph.split()) <= _TOOL_ROW_MAX_WORDS
            and _TOOL_ROW.search(paragraph) is not None and _TOOL_ROW_KEY.search(paragraph) is not None):
        return False
    # a bare "A" is a text-size widget's letter beside a font-size label only ("Text size A A A";
    # "A print" is no row of tools)
    return _BARE_A.search(paragraph) is None or _FONT_SIZE_LABEL.search(paragraph) is not None


_BARE_A = re.compile(r"(?<![\w+\-−])[aA](?![\w+\-−])")
_FONT_SIZE_LABEL = _arabic_tolerant(r"a\s?[+\-−]|[+\-−]\s?a|تكبير|تصغير|حجم الخط|حجم النص|font size|text size|taille|"
                                    r"agrandir|réduire|augmenter|diminuer", re.IGNORECASE)


# One item of a header's meta bar besides its date: a share or print action ("طباعة", "أرسل
# لصديق", "Send to a friend", "Imprimer") or a view counter (see _is_meta_bar).
_META_BAR_ACTION = _arabic_tolerant(
    rf"(?:{_SHARE_LABELS}|{_SHARE_PLATFORMS}|أرسل|ارسل)(?:\s+(?:لصديق|إلى صديق|الى صديق|to a friend|à un ami|"
    r"this article|cet article|المقال|الخبر))?\s*[:：]?", re.IGNORECASE)
_META_BAR_SEPARATOR = re.compile(r"\s+[|•·]\s+")
_META_BAR_MAX_WORDS = 30


def _is_meta_bar(paragraph: str) -> bool:
    """A header's meta bar taken along as one line: its date and, set apart by spaced bars or
    dots, view counters or share and print actions (one at least) and other dates ("تاريخ النشر:
    03/06/2025 - 13:40 | عدد القراءات: 2210 | طباعة | أرسل لصديق", "Published: 12 May 2024 | 845
    views | Print")."""
    if "|" not in paragraph and "•" not in paragraph and "·" not in paragraph \
            or len(paragraph.split()) > _META_BAR_MAX_WORDS:
        return False
    items = [item for item in _META_BAR_SEPARATOR.split(paragraph.strip()) if item.strip()]
    if len(items) < 2:
        return False
    dated = [item for item in items if _is_metadata_line(item)]
    # (dates alone are no bar: "29 November 2018 | 20 January 2019" is an event's dates)
    return 0 < len(dated) < len(items) and all(
        item in dated or _is_view_count_line(item) or _META_BAR_ACTION.fullmatch(item.strip()) for item in items)


# A chart embed's footer, written as text under it (Datawrapper's, Flourish's): credits between
# bullets and the tool's own links. "Chart: Jane Doe • Source: World Bank • Get the data • Created
# with Datawrapper"; "Graphique : … • Source : INSEE • Télécharger les données • Créé avec Datawrapper".
_CHART_TOOL_ACTION = re.compile(
    r"(?:get|download) (?:the )?data|embed|(?:created|made) with (?:datawrapper|flourish|infogram)|a flourish "
    r"(?:chart|map|data visualization)|(?:obtenir|télécharger) les données|intégrer|(?:créé|réalisé) avec "
    r"(?:datawrapper|flourish|infogram)|(?:تحميل|تنزيل) البيانات|(?:صمم|أنشئ) (?:باستخدام|بواسطة) datawrapper",
    re.IGNORECASE)
_CHART_CREDIT = re.compile(
    r"(?:chart|graphic|graphics|map|table|source|sources|data|note|notes|design|graphique|carte|tableau|données|"
    r"المصدر|المصادر|رسم بياني|الرسم البياني|خريطة|البيانات|جدول|تصميم)\s*[:：]\s*\S.{0,120}",
    re.IGNORECASE)
_CHART_CREDIT_MAX_WORDS = 40


def _is_chart_credit_line(paragraph: str) -> bool:
    """A chart embed's footer as text (:data:`_CHART_TOOL_ACTION`): two parts or more between
    spaced bullets or bars, one of them the tool's link ("Get the data", "Created with
    Datawrapper"), the others credits ("Chart: …", "Source: …") or such links. A source line alone
    ("Source: Department of Statistics") or credits without the tool's link stay."""
    if len(paragraph.split()) > _CHART_CREDIT_MAX_WORDS:
        return False
    parts = [part.strip() for part in _META_BAR_SEPARATOR.split(paragraph.strip()) if part.strip()]
    if len(parts) < 2:
        return False
    actions = [part for part in parts if _CHART_TOOL_ACTION.fullmatch(part)]
    return bool(actions) and all(part in actions or _CHART_CREDIT.fullmatch(part) for part in parts)


# A newswire's pointer under a release it syndicates ("View original content:https://…", "View
# original content to download multimedia:https://…"): the link alone, the same on every release.
_WIRE_ORIGINAL_LINK = re.compile(r"view original content(?: to download multimedia)?\s*:\s*(?:https?://\S+)?",
                                 re.IGNORECASE)


def _is_share_bar(paragraph: str) -> bool:
    """A share bar as plain text (:data:`_SHARE_BAR`) of three to ten words, one of them a share,
    print or copy label: "Email, Telegram, Messenger" may be a story's list of channels, "Share X"
    a phrase."""
    words = len(paragraph.split())
    return 3 <= words <= 10 and _SHARE_BAR.fullmatch(paragraph.strip()) is not None \
        and _SHARE_ACTION.search(paragraph) is not None


_SHARE_ACTION = _arabic_tolerant(r"share|partag|imprim|print|tweet|copy link|copier le lien|شارك|مشاركة|طباعة|اطبع|"
                                 r"نسخ الرابط", re.IGNORECASE)
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _is_dated_sentence(line: str) -> bool:
    """A story's closing sentence that holds a date ("Registration closes on May 30, 2024."): its
    words before the date are a clause with a verb, not a template's label ("Updated:", "Publié
    le", "آخر تحديث")."""
    found = find_date_in_text(line)
    if found is None or not line.rstrip().endswith((".", "!")):
        return False
    label = line[:line.find(found[1])].strip(" :：-–—|")
    return len(label.split()) >= 2 and not _DATE_LINE_LABEL.match(label) and not _LABEL_ONLY.search(label)


def _is_labelled_date_fact(line: str) -> bool:
    """A story's closing "label: date" line ("Prochaine audience : 12 mai 2025", "Deadline for
    applications: 30 June 2025", "موعد الجلسة المقبلة: 12 مايو 2025"): a label of its own words
    before a colon, not a page's publication label ("Updated:", "Publié le :", "آخر تحديث:",
    "تاريخ النشر:", "Date :")."""
    found = find_date_in_text(line)
    if found is None:
        return False
    label = line[:line.find(found[1])].rstrip()
    if not label.endswith((":", "：")):
        return False
    label = label.rstrip(" :：")
    return bool(letter_words(label)) and not _DATE_LINE_LABEL.match(label) and not _PUBLICATION_WORDS.search(label)


# The words of a page's date label (publication, update, edition, date, the source credited
# beside it): "Mise en ligne", "Dernière modification", "تاريخ الإضافة", "آخر تعديل", "Source".
_PUBLICATION_WORDS = re.compile(
    r"\b(?:publi\w*|post(?:ed|é)|updated?|modifi\w*|mis(?:e)? (?:à jour|en ligne)|cré(?:é|ation)|created|written|"
    r"écrit|edited|parution|édition|edition|issue|date|time|heure|source)\b|(?<!\w)(?:ال)?(?:تاريخ|نشر|تحديث|تعديل|"
    r"إضافة|اضافة|أضيف|اضيف|العدد|عدد|الساعة|التوقيت|مصدر)(?!\w)", re.IGNORECASE)


# A date line's label that reads like a clause: "Published on", "Last updated", "Mis à jour le".
_LABEL_ONLY = re.compile(r"\b(published|posted|updated|modified|publié|mis à jour|modifié|dernière mise à jour|"
                         r"last update|date)\b", re.IGNORECASE)


# A URL alone or behind a label of at most three words ("Short link: https://…", "Lien court : …").
# The words are whitespace-separated runs (``\s+`` between them, not ``\s*``): a run of letters
# then has one way to be read, where ``(?:[^\W\d_]+\s*){0,3}`` tried every way of cutting it in
# three (cubic: a paragraph of 800 letters took 14 s). Same matches.
# The spaces before the URL are possessive: a colon or the URL follows, never a space.
_LABELLED_URL = re.compile(r"(?:[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*+)?[:：]?\s*+(?:https?://|www\.)\S+")
_ISSUE_NUMBER = re.compile(r"(?<!\w)(?:العدد|عدد|issue|n[o°º]\.?|numéro)\s*[:：]?\s*\d{2,6}(?!\d)", re.IGNORECASE)


# What an agency writes around its release's dates: the joining words ("الموافق", "في", "on") and the
# era marks ("هـ", "م"), and the punctuation around its name ("(واس)", "/ وام /", " - ").
_DATED_DATELINE_FILLER = re.compile(r"(?<!\w)(?:الموافق|في|le|on|هـ|ه|م)(?!\w)|[^\w\s]", re.IGNORECASE)
_DATED_DATELINE_MAX_WORDS = 16


def dated_dateline(paragraph: str) -> str | None:
    """The wire of an agency's dated dateline standing on its own line, or ``None``: the place,
    the release's dates (Hijri, Gregorian or both) and the agency, in that order ("الرياض 12 جمادى
    الأولى 1447 هـ الموافق 3 نوفمبر 2025 م واس", "جدة 5 ربيع الآخر 1447هـ الموافق 27 سبتمبر 2025م
    (واس)", "Tunis, le 3 novembre 2025 (TAP)"). The dates taken out, what is left is a place
    (:func:`_reads_as_place`) then a wire: the dateline "الرياض - واس" with its dates, which stays
    in the body as every dateline does. A date with a label ("آخر تحديث: …"), or a place and a
    date with no wire, is no such line."""
    if len(paragraph.split()) > _DATED_DATELINE_MAX_WORDS or not re.search(r"[\d٠-٩]", paragraph) \
            or SOURCE_LABEL.match(paragraph.strip()):
        return None  # ("Source : MAP, 12/05/2025": a credit line's label, not a place)
    rest = _HIJRI_DATE.sub(" ", paragraph)
    if (found := find_date_in_text(rest)) is not None:
        rest = rest.replace(found[1], " ", 1)
    if rest == paragraph or re.search(r"[\d٠-٩]", rest):
        return None  # no date, or digits the dates did not hold
    words = _DATED_DATELINE_FILLER.sub(" ", rest).split()
    for size in (1, 2, 3):
        if len(words) > size and _is_wire(wire := " ".join(words[-size:])) \
                and len(words) - size <= 3 and _reads_as_place(" ".join(words[:-size])):
            return wire
    return None


# A header's line of two dates with their labels ("نشر في: الأربعاء ١٤ مايو ٢٠٢٥ - ٢:١٥ م | آخر
# تحديث: الأربعاء ١٤ مايو ٢٠٢٥ - ٣:٤٠ م"): up to this many words, the separators not counted.
_TWO_DATE_LINE_MAX_WORDS = 20


def _word_tokens(tokens: list[str]) -> int:
    """How many of ``tokens`` hold a letter or a digit (a bare "-" or "|" is no word)."""
    return sum(1 for token in tokens if any(char.isalnum() for char in token))


def _is_metadata_line(paragraph: str) -> bool:
    """A paragraph that is only a URL, a machine timestamp (leaked from metadata markup) or a
    visible date with at most a short label ("الأحد 12-05-2024 10:30 AM", "Published: 12 May
    2024", "آخر تحديث: 2024/05/12"), the date line of a header the extractor took along."""
    if _LABELLED_URL.fullmatch(paragraph) or _ISO_TIMESTAMP.match(paragraph):
        return True  # also behind a short label: "Short link: https://…", "Lien court : …"
    tokens = paragraph.split()
    if len(tokens) > 16 and (len(tokens) > 26 or _word_tokens(tokens) > _TWO_DATE_LINE_MAX_WORDS):
        return False  # (a line of two dates, each with its label, weekday and clock, runs longer)
    if not any(char.isdigit() for char in paragraph):
        return False
    original = paragraph
    if _HIJRI_DATE.search(paragraph):
        # "12 شوال 1445 هـ 10:32 ص", also beside its Gregorian date ("… هـ الموافق 21 أبريل 2024 م"):
        # the Hijri date is no sentence's words either
        paragraph = _HIJRI_DATE.sub(" ", paragraph).replace("الموافق", " ")
        rest = _CLOCK_TEXT.sub(" ", paragraph)
        if not any(char.isdigit() for char in rest) and len(letter_words(rest)) <= 3:
            # (an agency's dated dateline, "الرياض 12 جمادى الأولى 1447 هـ الموافق 3 نوفمبر 2025 م
            # واس", is no header's date line: a dateline, which stays)
            return dated_dateline(original) is None
    found = find_date_in_text(paragraph)
    if found is None:
        # a date line crawler/dates.py cannot read ("۱۲ آذر ۱۴۰۴، ۱۱:۴۵", "05.12.25, 14:30"), with
        # at most a short label: no sentence either
        return shows_unread_date(paragraph) and len(letter_words(_CLOCK_TEXT.sub(" ", paragraph))) <= 3 \
            and not re.search(r"[.!?؟]\s+\S", paragraph)
    # what is left is a label ("Published:", "آخر تحديث", a dateline city), not a sentence's words;
    # "Publié le … - Modifié le …" holds two dates
    label = paragraph.replace(found[1], " ", 1)
    label = _ISSUE_NUMBER.sub(" ", label)  # a print edition's number beside its date: "العدد 20345"
    label_words = 3
    if (second := find_date_in_text(label)) is not None:
        # only with its labels: a bare "29 November 2018 | 20 January 2019" is an event's dates
        label = label.replace(second[1], " ", 1)
        if not re.search(r"[^\W\d_]{3,}", label):
            return False
        if len(tokens) > 16 and not _PUBLICATION_WORDS.search(label):
            # the longer line only with a page's date labels: "Match aller : samedi 17 mai 2025 à
            # 21h00 | Match retour : samedi 24 mai 2025 à 21h00" is a story's schedule
            return False
        label_words = 6
    elif len(tokens) > 16:
        return False
    return (len(letter_words(label)) <= label_words and not any(char.isdigit() for char in label)
            and not re.search(r"[.!?؟]\s+\S", label)) and dated_dateline(original) is None


def _strip_embed_residue(paragraph: str) -> str:
    original = paragraph
    # (each pattern only where its literal part is: they scan every position of every paragraph)
    if "pic.twitter.com" in paragraph:
        paragraph = _PIC_TWITTER.sub("", paragraph)
    if "://" in paragraph:
        paragraph = _TWITTER_STATUS.sub("", paragraph)
    if "(@" in paragraph:
        paragraph = _TWEET_RESIDUE.sub("", paragraph)
    embed = paragraph != original  # a tweet's residue stripped: the line is an embed's
    paragraph = paragraph.strip()
    if (("—" in paragraph or "–" in paragraph)
            and (found := _FACEBOOK_RESIDUE.search(paragraph)) and _names_a_page(found.group("name"))
            # the credit line alone (the post's text was its own paragraph), or after the post's
            # quoted text: after a clause it is the story's ("… signed in Riyadh by the two foreign
            # ministers — Saudi Arabia and Iran on Friday, March 10, 2023")
            and (found.start() == 0 or embed or paragraph[:found.start()].rstrip().endswith(_CLOSING_QUOTES))):
        paragraph = paragraph[:found.start()].strip()
    return paragraph


_CLOSING_QUOTES = ("»", "”", '"')


def _is_embed_residue_line(paragraph: str) -> bool:
    """An embedded post's call or credit line left alone on its line (:data:`_EMBED_CALL_LINE`,
    :data:`_EMBED_CREDIT_LINE`)."""
    if len(paragraph.split()) > 25:
        return False
    line = without_bidi_controls(paragraph)
    if _EMBED_CALL_LINE.search(line) is not None:
        return True
    credit = _EMBED_CREDIT_LINE.search(line) if "(@" in line else None
    # the account's name: a few words ("… by the ministry on Monday showed the minister (@…)" is a sentence)
    return credit is not None and len(credit.group("name").split()) <= _EMBED_NAME_MAX_WORDS


# A breadcrumb trail as plain text inside the story's container (a theme's "post-path" line that
# no chrome class names): the home page's label, then the section and perhaps the headline, apart
# by the trail's arrows ("الرئيسية » أخبار محلية » …", "Accueil > Maroc > Société", "Home › UAE");
# a slash only between three parts or more ("Home / Jordan / Business": "Home/away" is a word).
# A bar is a menu's, not a trail's (link bars have their own rule).
_HOME_LABEL = (r"home|home ?page|accueil|page d['’]accueil|الرئيسية|الصفحة الرئيسية|خانه|صفحه اصلی|anasayfa|"
               r"ana sayfa|דף הבית|ראשי|سەرەکی|پەڕەی سەرەکی")
# (the parts are stripped after the split: "\s*" around the arrow scanned a run of spaces
# quadratically, see docs/extraction.md's "Regex safety")
_BREADCRUMB_ARROW = re.compile(r"[»«›‹>＞<→←]")
_BREADCRUMB_SLASH = re.compile(r"(?<=\s)/(?=\s)")
_BREADCRUMB_HOME = _arabic_tolerant(r"^\W{0,2}(?:" + _HOME_LABEL + r")\W{0,2}$", re.IGNORECASE)
_BREADCRUMB_MAX_WORDS = 40
_BREADCRUMB_PART_MAX_WORDS = 20  # the last part may be the headline


def _is_breadcrumb_line(paragraph: str) -> bool:
    """A breadcrumb trail alone on its line (see :data:`_BREADCRUMB_ARROW`)."""
    if len(paragraph) > 400 or len(paragraph.split()) > _BREADCRUMB_MAX_WORDS:
        return False
    parts = [part for part in _BREADCRUMB_ARROW.split(paragraph) if part.strip()]
    if len(parts) < 2:
        parts = [part for part in _BREADCRUMB_SLASH.split(paragraph) if part.strip()]
        if len(parts) < 3:
            return False
    if not _BREADCRUMB_HOME.search(parts[0].strip()):
        return False
    # the trail's parts are names, not sentences: no sentence ends inside it
    return all(len(part.split()) <= _BREADCRUMB_PART_MAX_WORDS for part in parts) \
        and not re.search(r"[.!?؟]\s+\S", paragraph)


def _names_a_page(name: str) -> bool:
    """A Facebook page's or person's name: no Latin word in lower case but a particle ("— which
    began on Monday, …" is a clause)."""
    return not any(word[0].islower() and word.casefold() not in _CREDIT_SMALL_WORDS
                   and re.split(r"[-'’]", word.casefold(), maxsplit=1)[0] not in _JOINED_PARTICLES
                   for word in re.findall(r"[A-Za-zÀ-ÿ][\w'’.-]*", name))


# "Watch: …" heading a live blog's entry ("Watch: Aid trucks queue at Rafah crossing", then the
# entry's text), not a teaser for another page's video.
_WATCH_LABEL = _arabic_tolerant(r"^\W{0,3}(?:watch|شاهد)\s*[:：]\s*(?P<rest>\S.*)$", re.IGNORECASE)


def _is_watch_heading(paragraph: str, following: Sequence[str], links: set[str]) -> bool:
    """A "Watch:"/"شاهد:" line that heads what follows it: its words are no link's text (a
    teaser links the other page's video) and a sentence of prose comes right under it (a video
    embed's "Watch: Petra by night" at the story's end, over a prompt or nothing, goes)."""
    found = _WATCH_LABEL.match(paragraph)
    return (found is not None and compact(found.group("rest")) not in links
            and any(_is_prose_sentence(line) for line in following))


def _heads_more_story(following: Sequence[str], links: set[str]) -> bool:
    """Whether the two paragraphs under a heading (``following``) are more of the story: both
    sentences of prose (:func:`_is_prose_sentence`), neither a link's text. Under a "related" or
    "comments" heading come linked headlines, their short summaries, readers' names, or nothing;
    a writer's bio under "About the author" is one paragraph, before the page's end or its links."""
    following = [p.strip() for p in following]
    return len(following) == 2 and all(_is_prose_sentence(p) and compact(p) not in links for p in following)


_OWN_LIST_MAX_ITEMS = 15
# the items of a list a dropped prompt announces ("Sign up for our newsletter and get:"), dropped with it
_PROMPT_LIST_ITEM_MAX_WORDS = 6
_OWN_LIST_ITEM_MAX_WORDS = 8
_OWN_LIST_SENTENCE_MIN_WORDS = 10


def _heads_own_list(following: Sequence[str], links: set[str]) -> bool:
    """Whether the lines under a heading spelled like a widget's ("Most viewed", "الأكثر مشاهدة")
    are the story's own list and its text after it: one to fifteen short lines, none a link's
    text nor a sentence ("Al-Hashashin", "Bab al-Hara 14"), then a sentence of ten words or more, no
    link's text either ("Egyptian productions took six of the ten places …"). A widget's list is
    its linked headlines, with the page's end or more chrome after them."""
    items = 0
    for line in (p.strip() for p in following):
        if len(line.split()) >= _OWN_LIST_SENTENCE_MIN_WORDS and line.endswith((".", "!", "?", "؟", "”", '"')):
            return items > 0 and compact(line) not in links
        if not line or len(line.split()) > _OWN_LIST_ITEM_MAX_WORDS or compact(line) in links \
                or line.endswith((".", "!", "?", "؟")):
            return False
        items += 1
    return False


# A prompt that offers a letter, a subscription or the site's app ("Sign up for our newsletter and
# get:", "Inscrivez-vous à notre newsletter :", "اشترك في نشرتنا البريدية:", "Download our app:"):
# the only ones whose list is theirs (a channel's "Rejoignez notre chaîne WhatsApp :" announces
# nothing, and the story's own list may follow it)
_OFFERING_PROMPT = _arabic_tolerant(
    r"newsletters?|news ?letters?|briefing|digest|bulletin|infolettre|lettre d['’]information|subscri\w*|sign up|"
    r"inscri\w*|abonn\w*|(?<!\w)(?:apps?|application|appli)(?!\w)|النشرة|نشرة|نشرتنا|اشترك|الاشتراك|للاشتراك|تطبيق",
    re.IGNORECASE)
# What a letter or an app gives its readers, in a perk's words: "Breaking news alerts", "The
# morning briefing", "Exclusive analysis", "Les alertes info", "Nos enquêtes", "موجز الصباح";
# or where the app is: "App Store", "Google Play"
_PERK_WORDS = _arabic_tolerant(
    r"(?<!\w)(?:news|alerts?|briefings?|newsletters?|digests?|analys[ie]s|exclusives?|offers?|updates?|stories|"
    r"long ?reads?|reads|podcasts?|events?|invitations?|insights?|highlights|headlines|editions?|morning|evening|"
    r"daily|weekly|weekend|actualités|actus?|infos?|alertes?|enquêtes?|exclusivités?|offres?|décryptages?|éditions?|"
    r"matin|soir|hebdo\w*|quotidien\w*|sélection|app store|google play|appgallery|android|ios|iphone)(?!\w)|"
    r"أخبار|الأخبار|عاجل|العاجلة|موجز|ملخص|تقارير|تحليلات|تحليل|حصري|حصرية|عروض|تحديثات|تنبيهات|إشعارات|الصباح|المساء|"
    r"الأسبوع|يومي|يومية|أسبوعي|أسبوعية|آب ستور|جوجل بلاي|غوغل بلاي|أندرويد|آيفون",
    re.IGNORECASE)
_FIGURE = re.compile(r"[\d٠-٩]")


def _prompt_list_items(prompt: str, following: Sequence[str], links: set[str]) -> int:
    """The number of lines at the head of ``following`` that are the list a dropped prompt
    announced (short, no sentence): two or more, or all the lines left; one short line that
    prose follows is the heading of the story's next section, and stays. Only a prompt that
    offers a letter, a subscription or an app has a list (:data:`_OFFERING_PROMPT`), and only one
    of its perks: half the items or more in a perk's words (:data:`_PERK_WORDS`) or a link's text
    (the signup's, the app stores'), and no figure outside a link ("12 municipalities", "300
    million dinars" are the story's facts, and the story's list under a prompt stays)."""
    if _OFFERING_PROMPT.search(prompt) is None:
        return 0
    items: list[str] = []
    for line in (p.strip() for p in following):
        if not line or len(line.split()) > _PROMPT_LIST_ITEM_MAX_WORDS or line.endswith((".", "!", "?", "؟", ":", "：")):
            break
        items.append(line)
    if not (len(items) >= 2 or items and len(items) == len(following)):
        return 0
    linked = [compact(item) in links for item in items]
    if any(_FIGURE.search(item) and not link for item, link in zip(items, linked)):
        return 0
    perks = sum(link or _PERK_WORDS.search(item) is not None for item, link in zip(items, linked))
    return len(items) if 2 * perks >= len(items) else 0


_AD_WORD_ALONE = _arabic_tolerant(r"^(?:ad|ads|advert|advertisement|publicité|pub|إعلان|إعلانات)$", re.IGNORECASE)
# the ad labels that are also words of a list ("Ad" a letter code, "Pub" a place, "إعلان" a notice
# or a declaration); "Advertisement", "Publicité" are a slot's label wherever they stand
_AMBIGUOUS_AD_WORD = _arabic_tolerant(r"^(?:ad|ads|pub|إعلان|إعلانات)$", re.IGNORECASE)


def _is_list_item_among_items(line: str, kept: Sequence[str], following: Sequence[str]) -> bool:
    """An ad slot's ambiguous one-word label ("Ad", "إعلان", :data:`_AMBIGUOUS_AD_WORD`) that is
    an item of the story's list: the two lines kept before it and the line after it are items too
    (short, no sentence, no list's label), as in a list of letter codes ("Ac", "Ad", "Ae") or of
    documents ("شهادة عدم محكومية", "إعلان", "إقرار الذمة المالية"). A slot's label sits between
    paragraphs, or alone in a list; "Advertisement" among a list's items is the slot's all the same."""
    def item(text: str) -> bool:
        text = text.strip()
        return 0 < len(text.split()) <= _PROMPT_LIST_ITEM_MAX_WORDS and _AD_WORD_ALONE.search(text) is None \
            and not text.endswith((".", "!", "?", "؟", ":", "：")) and not _is_prompt(text)
    return _AMBIGUOUS_AD_WORD.search(line) is not None and len(kept) >= 2 and bool(following) \
        and item(kept[-2]) and item(kept[-1]) and item(following[0])


def _is_prose_sentence(line: str) -> bool:
    """A paragraph of fifteen words or more ending a sentence: an entry's text under its heading."""
    return len(line.split()) >= 15 and line.rstrip().endswith((".", "!", "?", "؟", "”", '"'))


_SHORT_SENTENCE_MIN_WORDS = 6
# A box of headlines under a breaking badge: three or more in a row, each a short sentence
_BOX_HEADLINES_MIN = 3
_BOX_HEADLINE_MAX_WORDS = 20
# A sentence that goes on from the one before it, as no box's headline opens: a pronoun, a
# linking word, a reporting verb joined to "and" ("He had been in office …", "Il avait …", "وأضاف …")
_CONTINUING_OPENER = _arabic_tolerant(
    r"^(?:he|she|it|they|this|these|those|his|her|its|their|but|and|also|however|il|elle|ils|elles|mais|et|"
    r"cette|ces|son|sa|ses|leur|leurs|toutefois|cependant|"
    r"وقال|وقالت|وأضاف|وأضافت|وأكد|وأكدت|وأوضح|وأوضحت|وأشار|وأشارت|وتابع|وتابعت|وجاء|وكان|وكانت|ويأتي|"
    r"وتأتي|ويتوقع|وتوقع|ولفت|ولفتت|وبين|وبينت)(?!\w)", re.IGNORECASE)


def _is_headline_box(following: Sequence[str], links: set[str]) -> bool:
    """Whether the lines under a breaking badge (``following``, to the page's end) are its box of
    headlines: three short sentences or more in a row (:func:`_is_short_sentence`, twenty words at
    most, none opening as a sentence that goes on from the one before it), ending the page's text
    or followed by chrome (a box's heading, a link's text, a notice). One short paragraph under a
    badge, or short ones before more of the story, are the story's."""
    items = 0
    for line in (p.strip() for p in following):
        if not line:
            continue
        if _is_short_sentence(line) and len(line.split()) <= _BOX_HEADLINE_MAX_WORDS \
                and _CONTINUING_OPENER.search(line) is None and compact(line) not in links:
            items += 1
            continue
        return items >= _BOX_HEADLINES_MIN and (
            compact(line) in links or _TERMINAL_HEADINGS.match(line) is not None
            or _WIDGET_HEADING_ALONE.search(line) is not None or _COMMENTS_LABEL.match(line) is not None
            or _is_copyright(line) or _is_prompt(line))
    return items >= _BOX_HEADLINES_MIN


def _is_short_sentence(line: str) -> bool:
    """A paragraph of six words or more ending a sentence: a breaking story's one paragraph, which
    a widget's headline (no full stop) is not."""
    return len(line.split()) >= _SHORT_SENTENCE_MIN_WORDS and line.rstrip().endswith((".", "!", "?", "؟", "”", '"'))


def clean_paragraphs(
    paragraphs: Sequence[str],
    *,
    title: str | None = None,
    description: str | None = None,
    teaser_phrases: Sequence[str] = (),
    link_texts: Iterable[str] = (),
    max_teaser_words: int = 30,
    other_titles: Iterable[str] = (),
    authors: Sequence[str] = (),
    opinion: bool = False,
) -> list[str]:
    """Drop chrome paragraphs and cut teasers glued to paragraph ends; keep everything else in order.

    :param title: the headline; a first paragraph equal to it is dropped.
    :param description: the standfirst; a paragraph equal to it is dropped when the body
        repeats it (so a description that is simply the lede stays once).
    :param teaser_phrases: the site's extra lead phrases, on top of :data:`TEASER_PHRASES`.
    :param link_texts: texts of the page's links; a glued tail equal to one is a teaser even
        without a lead phrase capitalised as one.
    :param other_titles: the page's other versions of its headline (h1, og:title, JSON-LD), which
        a first paragraph may repeat instead of the chosen title.
    :param authors: the page's authors; the story's last paragraphs that present one of them ("Jane
        Doe is a Beirut-based journalist …") are the writer's bio, not the story.
    :param opinion: the page is an opinion page (a column, a tribune): its last paragraph may be
        the writer's unstarred note ("كاتب وباحث في شؤون المياه"); a news story's last paragraph
        presenting someone (an obituary's, an appointee's) is the story's.
    """
    own, glued = _teaser_pattern(list(TEASER_PHRASES) + list(teaser_phrases)) if teaser_phrases else _DEFAULT_TEASERS
    link_texts = list(link_texts)
    links = {compact(t) for t in link_texts if len(t.split()) >= 3}
    menu_links = {compact(t) for t in link_texts if 0 < len(t.split()) <= 3}
    all_links = links | menu_links
    result: list[str] = []
    label_only = False
    prompt_list = 0  # the items left of a list a dropped prompt announced ("Sign up for our newsletter and get:")
    prose_seen = False  # a paragraph of over twelve words kept: header residue is above it
    header_texts = {compact(t) for t in (title, description, *other_titles) if t}
    for index, raw in enumerate(paragraphs):
        paragraph = _strip_embed_residue(raw.strip())
        if not paragraph or _LONE_SEPARATOR.match(paragraph):
            continue  # "|" between a header's date and author spans ("***" and "___" break a story)
        paragraph = _without_credit_tail(paragraph)  # a caption's "… sous une tente. © M. Alaoui"
        if prompt_list:
            prompt_list -= 1
            continue  # the prompt's list: its perks or buttons ("Breaking news alerts", "The morning briefing")
        if _PLAYER_TIME.fullmatch(paragraph) or _CLOCK_DURATION.fullmatch(paragraph) or _is_share_bar(paragraph) \
                or _is_tool_row(paragraph) \
                or _is_chart_credit_line(paragraph) or _WIRE_ORIGINAL_LINK.fullmatch(paragraph):
            # a player's "00:00 / 03:12"; "Print | Email | Share" as plain text, anywhere; a
            # chart's "Chart: … • Source: … • Get the data • Created with Datawrapper"; a newswire's
            # "View original content:https://…"
            continue
        if _is_view_count_line(paragraph) or _EMBED_URL_LINE.match(paragraph):
            continue  # (a social post's address alone: "https://t.me/club/18842")
        if (_is_embed_residue_line(paragraph) or _is_breadcrumb_line(paragraph)
                or _FEEDBACK_QUESTION.match(paragraph)):
            # "View this post on Instagram"; "الرئيسية » أخبار محلية » …"; "Was this article helpful?"
            continue
        if not prose_seen and _is_metadata_line(paragraph) or _is_date_label_alone(paragraph) \
                or _is_meta_bar(paragraph) \
                or _is_relative_time_line(paragraph):
            continue  # a URL or timestamp above the first paragraph of prose is header residue
        words = len(paragraph.split())
        if not prose_seen and words <= 3 and compact(paragraph) in menu_links:
            continue  # the section's name above the headline ("اقتصاد"), a link of the site's menu
        if not prose_seen and _is_dated_menu_line(paragraph, menu_links):
            continue  # a layout table's top bar: "الأحد … 12 مايو 2024 | النسخة الورقية | الأرشيف"
        if len(result) >= 2 and words <= 6 and _SECTION_MORE_HEADING.match(paragraph) \
                and not _TERMINAL_HEADINGS.match(paragraph) \
                and any(compact(line) in all_links for line in paragraphs[index + 1:index + 3]) \
                and not _story_goes_on_under(paragraphs[index + 1:], all_links):
            break  # "More in Business", "المزيد من اقتصاد" over the box's linked headlines
        if len(result) >= 2 and (_TERMINAL_HEADINGS.match(paragraph)
                                 or words <= 4 and _WIDGET_HEADING_ALONE.search(paragraph) is not None):
            # (a list widget's heading too: "Most viewed" over the widget's unlinked headlines ends
            # the story as "Les plus lus" does)
            following = paragraphs[index + 1:index + 3]
            if _FRONT_PAGE_HEADING.match(paragraph) and following \
                    and not any(compact(line) in all_links for line in following):
                # "À la une", "أبرز العناوين" over a press review's front pages, plain text: the
                # story's subheading (a "top stories" box's headlines are links); over prose, a
                # badge, which goes as the others do, and the story goes on
                if not any(_is_prose_sentence(p) for p in following):
                    result.append(paragraph)
                continue
            breaking = _BREAKING_BADGE_ALONE.search(paragraph) is not None
            if (breaking or _NEWS_BADGE.match(paragraph)) and _is_headline_box(paragraphs[index + 1:], all_links):
                break  # "Breaking news" over its box's headlines, each a short sentence: the end of the story
            if (breaking or _NEWS_BADGE.match(paragraph)) and any(_is_prose_sentence(p) for p in following):
                # "Breaking news" over a live blog's entry (its heading, then its text): a badge,
                # and the story goes on; over a list of headlines, the end of the story
                continue
            if breaking and following and _is_short_sentence(following[0]) and compact(following[0]) not in all_links:
                # "Urgent", "عاجل" over the story's one paragraph of news, however short ("The finance
                # minister resigned on Monday evening, state television said."): the badge goes
                continue
            if _WIDGET_HEADING_ALONE.search(paragraph) is not None and following \
                    and _is_short_sentence(following[0]) and compact(following[0]) not in all_links:
                # a widget's label left in the story when its box went ("Les plus lus", "الأكثر
                # قراءة" over the story's next paragraph), or the story's own subheading spelled
                # like one ("Most viewed" over "The Egyptian drama Al-Hashashin was the top title of
                # the month."): a sentence under it, however short, is the story's, which goes on;
                # the label goes. Over the widget's headlines (no full stop), the end of the story
                continue
            if _heads_more_story(following, all_links) \
                    or _heads_own_list(paragraphs[index + 1:index + 2 + _OWN_LIST_MAX_ITEMS], all_links):
                # a subheading of the story spelled like one ("More from the interview", "About
                # the author" in a book review, "المزيد من قصص النجاح", "Commentaires"): the story
                # goes on under it, kept with it (a breaking badge goes, its story kept)
                if not breaking:
                    result.append(paragraph)
                continue
            break  # before the teaser rules: "Related articles" alone on its line ends the story
        # (a long paragraph's label is in its first words: only they are folded and searched)
        if (label := own.search(paragraph if words <= max_teaser_words else paragraph[:120])) and (
                story := _story_after_linked_headline(paragraph[label.end():], link_texts)):
            # "<strong>Lire aussi : <a>Headline</a></strong> L'Office des céréales a annoncé …": a
            # teaser set at the head of a paragraph of the story, which goes on after its headline
            paragraph, words = story, len(story.split())
        elif (words <= max_teaser_words
                and (label and _bare_label_leads_headline(label, paragraph[label.end():], links)
                     or _is_shouted_label(paragraph))
                and not _is_watch_heading(paragraph, paragraphs[index + 1:index + 2], all_links)):
            # an inline teaser's label alone on its line ("Also read", "اقرأ أيضاً") takes the
            # linked headline under it along; the story goes on after them
            label_only = words <= 4
            continue
        if label_only and links and compact(paragraph) in links:
            continue  # the label's linked headlines, one or several
        label_only = False
        unlabelled = _LEADING_LABEL.sub("", paragraph, count=1)
        if (words <= 25 and (_is_prompt(paragraph) or (unlabelled != paragraph and _is_prompt(unlabelled)))
                and not _QUOTE_MARKS.match(paragraph) and not _REPORTED_SPEECH.search(paragraph)
                # ("Most viewed programmes" over the story's own list of them and its text after)
                and not (words <= 1 and _is_list_item_among_items(paragraph, result, paragraphs[index + 1:index + 2]))
                and not (words <= 4 and _WIDGET_HEADING_ALONE.search(paragraph) is not None
                         and _heads_own_list(paragraphs[index + 1:index + 2 + _OWN_LIST_MAX_ITEMS], all_links))):
            # (not someone's words, quoted or reported: "Registration opens on Monday — join the
            # programme on the Sanad application, the ministry said."; a name in quotation marks
            # is the site's: "تابعوا آخر الأخبار من «المصري اليوم» عبر Google News")
            # also behind a short label: "Ground Game: Sign up for our newsletter"; a sentence of ten
            # words or more before a glued prompt is the story's ("… حيز التنفيذ. للاشتراك في …"), unless
            # it gives an address: a reporter's contact line ("Have a tip? … may be reached at
            # name@paper.com. Follow her on Twitter …") goes whole
            head = _without_glued_prompt(paragraph)
            if head == paragraph or len(head.split()) < 10 or "@" in head or "://" in head or _is_prompt(head):
                if head == paragraph and paragraph.endswith((":", "：")):
                    prompt_list = _prompt_list_items(paragraph, paragraphs[index + 1:index + 1 + _OWN_LIST_MAX_ITEMS],
                                                     all_links)
                continue
            paragraph = head
        if (_is_copyright(paragraph) or _SHORTCODE.match(paragraph) or _PLACEHOLDER.match(paragraph)
                or _PHP_MESSAGE.match(paragraph) or words <= _NOTICE_MAX_WORDS and is_syndication_notice(paragraph)
                or words <= 30 and _is_tag_line(paragraph, all_links)
                or words <= 90 and _is_consent_placeholder(paragraph)
                or words <= 8 and _PHOTO_CREDIT.match(paragraph)
                # (at the story's top only here, its end below: "Translation: An Invisible Art"
                # or "ترجمة: صالح علماني" among a book review's data lines is the story's)
                or words <= 12 and not prose_seen and _is_translator_credit(paragraph)
                or words <= 30 and _CAPTION_CREDIT_TAIL.search(paragraph)):
            continue
        if links and (_is_labelled_link(paragraph, links) or _is_shouted_link(paragraph, links)):
            continue
        if menu_links and _is_menu_line(paragraph, menu_links):
            continue
        match = glued.search(paragraph)
        if match and (story := _story_after_linked_headline(match.group("rest"), link_texts)):
            # "… la saison précédente. Lire aussi : <a>Headline</a> Les pluies abondantes …": the
            # teaser set inside the paragraph, which goes on after its headline
            paragraph = paragraph[: match.start()].rstrip() + " " + story
        elif match and len(match.group("rest").split()) <= max_teaser_words:
            rest = match.group("rest")
            # (a teased headline opens with a capital: the label's words then a sentence going on
            # in lower case are the story's, "… Don't miss: the new gallery on the first floor.",
            # "(Read more: the court's ruling)", unless they are a link's text)
            if (not re.search(_SENTENCE_END + r"\s+\S", rest) or compact(rest) in links) \
                    and _bare_label_leads_headline(match, rest, links) \
                    and not (rest.lstrip()[:1].islower() and compact(rest) not in links):
                paragraph = paragraph[: match.start()].rstrip().removesuffix("،").rstrip()
        elif not match:
            paragraph = _without_unended_teaser(paragraph, links, tuple(teaser_phrases))
        if paragraph:
            head = _without_glued_prompt(paragraph)  # "… a précisé le ministère. Suivez-nous sur Google News"
            if head != paragraph and len(head.split()) <= 25 and _is_prompt(head):
                continue  # the prompt's own lead-in, left once its calls went: "Don't miss it! <calls>"
            paragraph = head
        if paragraph:
            result.append(paragraph)
            # the headline and the standfirst above the story do not end its header
            prose_seen = prose_seen or len(paragraph.split()) > 12 and compact(paragraph) not in header_texts
    # "Updated: April 21, 2024, 10:02 AM" closing the story: the date line of a page template;
    # a news agency's desk marks under its copy ("// انتهى //", "18:42 ت م", "--(بترا) ر ع/ س ص")
    # an opinion writer's note and address under the column ("* كاتب وصحفي أردني", "name@paper.jo")
    desk_marks = False  # (a rule drawn over the desk's marks goes with them; one closing a story stays)
    writer_note = False  # (one unstarred note at most: the paragraphs before it are the story's)
    while len(result) > 1:
        unstarred = False
        if _is_desk_mark(result[-1]) or _closes_agency_copy(result[-2], result[-1]) \
                or _initials_under_wire_copy(result[0], result[-1]):
            desk_marks = True
        elif desk_marks and _RULE_LINE.match(result[-1].strip()):
            pass
        elif (head := _GLUED_DESK_END.sub("", result[-1])) != result[-1]:
            result[-1] = head.rstrip()  # KUNA's "… grid. (end) ajs.gb"
            desk_marks = True
            continue
        elif not (_is_metadata_line(result[-1]) and not _is_dated_sentence(result[-1])
                  and not _is_labelled_date_fact(result[-1])
                  # a note under the column, not the last of the story's starred points
                  or _is_author_note(result[-1]) and not (result[-1].lstrip().startswith("*")
                                                          and result[-2].lstrip().startswith("*"))
                  # the writer's bio, unstarred and with no heading: "Jane Doe is a …"
                  or authors and _is_author_bio(result[-1], authors)
                  # "كاتب وباحث في شؤون المياه …" under a signed column (an opinion page's only)
                  or (unstarred := opinion and authors and not writer_note
                      and _is_unstarred_writer_note(result[-1]))
                  # a translator's credit under the story
                  or len(result[-1].split()) <= 12 and _is_translator_credit(result[-1])):
            break
        writer_note = writer_note or bool(unstarred)
        result.pop()
    result = drop_media_contact_box(result)
    result = _drop_link_runs(result, links)
    result = _drop_repeated_heading(result, title, description, other_titles)
    return _without_repeated_paragraphs(result)


def _story_after_linked_headline(rest: str, link_texts: Sequence[str]) -> str | None:
    """What follows a teaser's label (``rest``) after the headline it links, when that is the story
    going on in the same paragraph: a sentence of six words or more, ending like one, not opening
    in lower case ("Sécheresse : les barrages remplis à 40 % Les pluies abondantes de mars …
    du pays."). The headline is a link's whole text (three words or more) on the page, so where it
    ends is known; ``None`` when ``rest`` holds no such headline or nothing of the story after it.
    What a separator sets apart from the headline ("Headline — its summary") or another link's
    text is the teaser's, not the story's."""
    key = compact(rest)
    headlines = sorted({t for t in link_texts if len(t.split()) >= 3}, key=len, reverse=True)
    for text in headlines:
        headline = compact(text)
        if not headline or len(headline) >= len(key) or not key.startswith(headline):
            continue
        for word in re.finditer(r"\S+", rest):
            prefix = compact(rest[:word.end()])
            if prefix == headline:
                after = rest[word.end():].strip()
                # the headline's own closing marks, which compact() does not see ("… à 40 %")
                for mark in re.search(r"[\W_]*$", text).group().split():
                    if after.startswith(mark):
                        after = after[len(mark):].lstrip()
                if len(after.split()) >= 6 and not after[:1].islower() and not re.match(r"[-–—:|»›>]", after) \
                        and re.search(_SENTENCE_END + r"\W*$", after) \
                        and not any(compact(after).startswith(compact(other)) for other in headlines):
                    return after
                break
            if len(prefix) > len(headline):
                break
    return None


_REPEATED_RUN = 3  # paragraphs in a row, two of them ten words or more


def _without_repeated_paragraphs(paragraphs: list[str]) -> list[str]:
    """The body without a second copy of the story: a page that prints it twice (a desktop and a
    mobile version, one hidden by a responsive class; an AMP body beside the canonical one) gave
    every paragraph twice. Only the story starting over goes — three or more paragraphs from its
    first ones, repeated in order, covering most of what came before: single lines and short runs
    repeat in real stories (a recipe's "Portion: 1 cup", a meal plan's days)."""
    keys = [" ".join(paragraph.split()) for paragraph in paragraphs]
    first_seen: dict[str, int] = {}
    for later, key in enumerate(keys):
        earlier = first_seen.setdefault(key, later)
        if earlier == later or len(key.split()) < 10:
            continue
        run = 0
        while later + run < len(keys) and earlier + run < later and keys[earlier + run] == keys[later + run]:
            run += 1
        # the story starting over: the copy repeats most of what came before it, from its first
        # paragraphs (a meal plan's days share runs of lines too, but not most of the story)
        if (run >= max(_REPEATED_RUN, 0.6 * later) and earlier <= 2
                and sum(len(k.split()) >= 10 for k in keys[later:later + run]) >= 2):
            # the copy goes; what follows it may hold another copy's rest
            return _without_repeated_paragraphs(paragraphs[:later] + paragraphs[later + run:])
    return paragraphs


# The marks a news agency's desk puts under its copy: the end mark ("// انتهى //", "-انتهى-",
# "(END)"), the filing time and serial ("18:42 ت م", "0142"), the agency and the desk's initials
# or names ("--(بترا) ر ع/ س ص", "WAM/Esraa Ismail/Tariq alfaham", "(و م ع) م ب").
_DESK_END = re.compile(r"^\W*(?:انتهى|انتهي|النهاية|ends?|fin)\W*$", re.IGNORECASE)
_DESK_TIME_OR_SERIAL = re.compile(r"^(?:\d{1,2}:\d{2}(?:\s*(?:ت\s*م\s*ـ?|ت\.\s*م\.?|gmt|utc|tmg))?|\d{3,6})\.?$",
                                  re.IGNORECASE)
_DESK_INITIALS = re.compile(r"^(?:[^\W\d_]{1,3}\.?\s?){1,4}(?:/\s?(?:[^\W\d_]{1,3}\.?\s?){1,4})*$")
# One desk's initials, each of one to three letters set apart by a full stop or a space ("ي.ع",
# "ajs.gb", "م ع ح"), and the desks' apart by slashes ("ع خ / أ ع"); "Reuters" is no initials.
_ONE_DESK = r"[^\W\d_]{1,3}(?:(?:\.\s?|\s)[^\W\d_]{1,3}){0,3}\.?"
_INITIALS = rf"{_ONE_DESK}(?:\s*/\s*{_ONE_DESK})*"
_INITIALS_ALONE = re.compile(rf"^{_INITIALS}$")
# Under a rule, an end mark or a credit, initials are letters alone or in pairs ("ع خ", "م ع ح"):
# a signature of three-letter words ("علي حسن", "Sam Lee") is a name.
_SHORT_INITIALS = re.compile(r"^[^\W\d_]{1,2}(?:[.\s/]\s*[^\W\d_]{1,2}){0,7}\.?$")
# The end mark set apart by brackets, slashes or dashes, then the desk's initials: KUNA's "(end)
# ajs.gb" and "(النهاية) م ع ح / ع ا ب", "-انتهى- ع.م"; a rule drawn under the copy, then the
# initials ("ـــــ" over "ي.ع/ ر.ح" at WAFA, "==============ج.ع" at NNA). Only set apart so: "End
# to war" or "Fin de partie" alone on a line are a story's words.
_END_MARK = r"(?:\(\s*(?:end|النهاية|انتهى)\s*\)|//\s*انتهى\s*//|-{1,2}\s*انتهى\s*-{1,2})"
_DESK_END_WITH_INITIALS = re.compile(rf"^{_END_MARK}\s*{_INITIALS}\s*$", re.IGNORECASE)
_RULE_LINE = re.compile(r"^[=ـ_\-–—~*]{3,}$")
_RULE_AND_INITIALS = re.compile(rf"^[=ـ_\-–—~]{{3,}}\s*{_INITIALS}\s*$")
# The end mark (and initials) glued to the story's last sentence: "… on the Gulf interconnection
# grid. (end) ajs.gb"; the rest of the paragraph is the story's.
_GLUED_DESK_END = re.compile(rf"(?<={_SENTENCE_END})\s*{_END_MARK}(?:\s*{_INITIALS})?\s*$", re.IGNORECASE)


# A label that sends the reader to the writer's address: a call to reach the writer ("للتواصل
# مع الكاتب:", "للتواصل مع الكاتب عبر البريد الإلكتروني:", "Email the author at", "Pour contacter
# l'auteur :") or the writer's address named ("البريد الإلكتروني للكاتب:", "Writer's email:",
# "Courriel de l'auteur :"). A label that names the writer only ("Commandes auprès de l'auteur :
# karim.benali@…" under a story about a novel) or no writer ("للاستفسار: info@expo.ae") is a story's.
_WRITER_ADDRESS_LABEL = _arabic_tolerant(
    r"^\W{0,3}(?:"
    r"(?:للتواصل|تواصل|تواصلوا|للمراسلة|لمراسلة|راسل|راسلوا)\s+(?:مع\s+)?(?:ال)?(?:كاتبة|كاتب)(?:\s+المقال)?"
    r"(?:\s+(?:عبر|على|من خلال)\s+(?:البريد الإلكتروني|البريد|الإيميل))?"
    r"|(?:البريد الإلكتروني|بريد|الإيميل|إيميل)\s+(?:لل|ال)(?:كاتبة|كاتب)"
    r"|(?:e-?mail|contact|reach|write to)\s+(?:the\s+)?(?:author|writer|columnist)(?:\s+at)?"
    r"|(?:the\s+)?(?:author|writer|columnist)(?:'s|’s)?\s+e-?mail(?:\s+address)?"
    r"|(?:the\s+)?(?:author|writer|columnist)\s+(?:can|may)\s+be\s+(?:reached|contacted)(?:\s+by\s+e-?mail)?\s+at"
    r"|(?:pour\s+)?(?:contacter|joindre|écrire\s+à)\s+(?:l['’]\s?(?:auteur|autrice)|(?:le|la)\s+journaliste)"
    r"|(?:e-?mail|courriel)\s+de\s+l['’]\s?(?:auteur|autrice)"
    r")\s*[:：]?\s*", re.IGNORECASE)


# A starred note that tells how the story was made, which is the story's: its sources' names
# withheld or changed, a pen name, what was checked and with whom, a survey's sample and margin
# of error ("* The author is a pseudonym shared by three doctors …; their accounts were checked
# with two aid groups", "* Sondage réalisé du 2 au 9 mai auprès de 1 200 personnes …").
_METHOD_NOTE = _arabic_tolerant(
    r"\b(?:pseudonyms?|pen names?|pseudonymes?|nom de plume|names? (?:(?:has|have) been|were|was|are) (?:changed|withheld)|"
    r"withheld (?:for|at)|(?:checked|verified|corroborated) (?:with|by|against|independently)|margin of error|"
    r"marge d['’]erreur|prénoms? (?:ont été |a été )?(?:modifiés?|changés?)|échantillon|"
    r"اسم مستعار|أسماء مستعارة|اسما مستعارا|تم تغيير (?:الاسم|الأسماء|اسم)|هامش (?:ال)?خطأ|عينة (?:من|عشوائية))",
    re.IGNORECASE)


def _is_author_note(line: str) -> bool:
    """The note under a column about its writer: an asterisked line with a job word ("* كاتب
    وصحفي أردني", "*Professor of economics at …"), or the writer's e-mail address alone or behind
    a label that sends the reader to the writer ("للتواصل مع الكاتب: salem@…", ``_WRITER_ADDRESS_LABEL``)."""
    line = line.strip()
    if EMAIL_ADDRESS.fullmatch(line.strip(" .:()<>")):
        return True
    if (label := _WRITER_ADDRESS_LABEL.match(line)) and EMAIL_ADDRESS.fullmatch(line[label.end():].strip(" .()<>")):
        return True
    if not line.startswith(("*", "(*)")) or _METHOD_NOTE.search(line):
        return False
    words = len(line.split())
    # "* The writer is a professor of water policy at the University of Jordan and a former
    # adviser to …" (24 words): a note that says whom it presents may run on; one that only holds
    # a trade or title somewhere is held to a short line
    return words <= 20 and bool(
        _NOTE_TRADE.search(" ".join(line.split()[:_NOTE_TRADE_WORDS])) or _BIO_WORDS.search(line)
        or _ARABIC_BIO_WORDS.search(line) or _NOTE_PRESENTS_WRITER.match(line)) \
        or words <= _PRESENTED_NOTE_MAX_WORDS and bool(_NOTE_NAMES_WRITER.match(line))


# Arabic titles a byline or a writer's note gives, one list each for the patterns that read them
# (_BIO_TRADE, _ARABIC_BIO_WORDS, _JOB_WORDS): the press's trades, and a columnist's academic or
# expert titles (also as keyboards without hamza type them).
_ARABIC_PRESS_TITLES = ("صحفي", "صحفية", "صحافي", "صحافية", "كاتب", "كاتبة", "مراسل", "مراسلة", "محرر", "محررة")
_ARABIC_SCHOLAR_TITLES = ("أستاذ", "أستاذة", "استاذ", "استاذة", "باحث", "باحثة", "محلل", "محللة", "أكاديمي",
                          "أكاديمية", "اكاديمي", "اكاديمية")


# What a writer's bio says right after the name: a verb that presents ("is a", "est", "هي"), or
# the trade itself, after a comma or none ("Jane Doe, a Beirut-based journalist", "جين دو صحفية").
_BIO_VERB = _arabic_tolerant(r"^\W{0,2}\s*(?:(?:is|was) (?:a|an|the)\s|(?:est|était)\s|(?:هو|هي|وهو|وهي)\s)",
                             re.IGNORECASE)
_BIO_TRADE = _arabic_tolerant(
    r"^(?:\s*[,،]\s*(?:(?:a|an|the|une?|la|le)\s+)?(?:[\w'’-]+\s+){0,2}?|\s+)"
    r"(?:journalists?|reporter|correspondent|editor|writer|columnist|analyst|photographer|producer|contributor|"
    r"journaliste|correspondante?|rédact(?:eur|rice)|chroniqueu(?:r|se)|éditorialiste|analyste|"
    + "|".join(_ARABIC_PRESS_TITLES + ("محلل", "محللة")) + r")(?!\w)", re.IGNORECASE)
_BIO_MAX_WORDS = 80


def _is_author_bio(line: str, authors: Sequence[str]) -> bool:
    """A bio of one of the page's ``authors`` closing the story: the author's full name (two
    words or more) opens the line, and a presenting verb or the writer's trade follows ("Jane Doe
    is a Beirut-based journalist covering …", "Nadia Lamlili est journaliste à …", "سارة خليل
    صحفية مقيمة في عمّان"). A sentence about someone else ("Ayman Safadi is the foreign minister
    …"), or one in which the author does something ("Jane Doe told the journalist …"), stays."""
    words = line.split()
    if len(words) > _BIO_MAX_WORDS:
        return False
    for author in authors:
        size = len(author.split())
        if size < 2 or len(words) <= size or compact(" ".join(words[:size])) != compact(author):
            continue
        # the rest as written after the name's last word (a comma glued to it stays in the rest)
        last = list(itertools.islice(re.finditer(r"\S+", line), size))[-1]
        rest = line[last.end() - (len(last.group()) - len(last.group().rstrip(",،"))):]
        if _BIO_VERB.match(rest) or _BIO_TRADE.match(rest):
            return True
    return False


# Words of a writer's note besides job titles: academic posts and "author of" (Arabic's:
# _ARABIC_BIO_WORDS).
_BIO_WORDS = re.compile(r"\b(?:professor|lecturer|researcher|author of|professeur|chercheur|chercheuse|auteur de)\b",
                        re.IGNORECASE)
# A note that opens by presenting the writer: "The author is", "L'auteur est", or the trade or
# office of a columnist an opinion page invites ("* Économiste, ancien directeur général au
# ministère de l'Agriculture.", "* Former minister of planning …"). Only as the note's first words:
# a story's footnote may name a trade further on ("* Le nom de l'avocat a été modifié.").
_NOTE_PRESENTS_WRITER = re.compile(
    r"^\(?\*\)?\s*(?:(?:the\s+)?(?:author|writer)\s+is\b|l['’]\s?(?:auteur|autrice)\s+est\b|"
    r"(?:former\s+|ex-|ancien(?:ne)?\s+)?(?:economist|économiste|academic|universitaire|political scientist|"
    r"politologue|sociologist|sociologue|historian|historien(?:ne)?|diplomat|diplomate|lawyer|avocate?|"
    r"consultante?|enseignante?|minister|ministre|ambassador|ambassad(?:eur|rice)|director|direct(?:eur|rice)|"
    r"governor|gouverneur|adviser|advisor|conseill(?:er|ère)|mp|député(?:e)?|haut fonctionnaire)\b)",
    re.IGNORECASE)


# Arabic writes "and" onto the word ("وزير تخطيط سابق وكاتب اقتصادي"): a post, an office, a trade.
_ARABIC_BIO_WORDS = re.compile(
    r"(?<!\w)و?(?:وزير|وزيرة|سفير|سفيرة|نائب|نائبة|خبير|خبيرة|مؤلف|مؤلفة|إعلامي|إعلامية|مستشار|مستشارة|"
    + "|".join(_ARABIC_PRESS_TITLES + _ARABIC_SCHOLAR_TITLES) + r")(?!\w)")


# A starred note that opens with "The writer is", "The author is", "L'auteur est" (_NOTE_PRESENTS_WRITER's
# first branch): it says whom it presents, so it is read up to this many words.
_PRESENTED_NOTE_MAX_WORDS = 50
_NOTE_NAMES_WRITER = re.compile(
    r"^\(?\*\)?\s*(?:(?:the\s+)?(?:author|writer)\s+is\s+(?:a|an|the)\s|l['’]\s?(?:auteur|autrice)\s+est\s)",
    re.IGNORECASE)


# The writer's note with no asterisk under a column, as Arabic opinion pages print it: the line
# opens with the writer's trade or title, alone or joined by "و" to another ("كاتب وباحث في شؤون
# المياه، وأستاذ سابق في الجامعة الأردنية."), and is a description, not a sentence that reports
# something: no reporting word, no "أن/إن" clause, no colon or quotation, no digits. A story's
# last paragraph that opens with a title is a sentence about someone named in it ("أستاذ العلوم
# السياسية محمد فلان يرى أن …") and stays.
_ARABIC_WRITER_NOTE_OPENING = _arabic_tolerant(
    r"^(?:" + "|".join(_ARABIC_PRESS_TITLES + _ARABIC_SCHOLAR_TITLES + ("خبير", "خبيرة", "إعلامي", "إعلامية"))
    + r")(?:\s+و(?:" + "|".join(_ARABIC_PRESS_TITLES + _ARABIC_SCHOLAR_TITLES + ("خبير", "خبيرة", "إعلامي", "إعلامية"))
    + r"))?(?:\s+(?:أردني|أردنية|مصري|مصرية|فلسطيني|فلسطينية|لبناني|لبنانية|سوري|سورية|عراقي|عراقية|سعودي|سعودية|"
    r"مغربي|مغربية|تونسي|تونسية|جزائري|جزائرية|يمني|يمنية|كويتي|كويتية|إماراتي|إماراتية|ليبي|ليبية|سوداني|سودانية|عربي|عربية)"
    r"|\s+(?:في|متخصص|متخصصة|مختص|مختصة|سابق|سابقة|ومحلل|ومحللة))(?!\w)")
_REPORTING_WORDS = _arabic_tolerant(
    r"(?<!\w)(?:أن|إن|أنه|إنه|قال|قالت|يقول|تقول|أكد|أكدت|يرى|ترى|أوضح|أوضحت|أشار|أشارت|أضاف|أضافت|اعتبر|اعتبرت)(?!\w)")
_WRITER_NOTE_MAX_WORDS = 30


def _is_unstarred_writer_note(line: str) -> bool:
    """The writer's note under an Arabic column, without the asterisk (see
    ``_ARABIC_WRITER_NOTE_OPENING``); called on the story's last paragraph of a page with an author."""
    line = line.strip()
    return (len(line.split()) <= _WRITER_NOTE_MAX_WORDS and bool(_ARABIC_WRITER_NOTE_OPENING.match(line))
            and not _REPORTING_WORDS.search(line) and not re.search(r"[:：«»\"“”\d٠-٩]", line))


# A translator's credit alone on its line, above or under the story ("Translated from Arabic by
# Mona Farid", "Traduit de l'anglais par Claire Martin", "ترجمة: منى فريد", "Translation: …"): a
# credit like a photographer's, not the story's text; the writer stays the author. A sentence
# that goes on after the name ("Translated by Mona Farid, the novel won …") is text.
_TRANSLATOR_CREDIT = _arabic_tolerant(
    r"^\W{0,2}(?:translated(?:\s+from\s+(?:the\s+)?[A-Z][a-z]+)?\s+by|translation(?:\s+by|\s*[:：–-])|"
    r"tradu(?:it|ite)(?:\s+de\s+l['’]\s?[a-zé]+|\s+de\s+l['’]\s?\w+|\s+du\s+\w+)?\s+par|traduction\s*(?:[:：–-]|par)|"
    r"(?:ترجمة|ترجمه|نقله إلى العربية|نقلته إلى العربية)(?:\s+و(?:تحرير|إعداد|اعداد|تصرف))?\s*[:：–-])\s*"
    r"(?P<name>[^.!?؟:،,;\d]{2,60}?)\W{0,2}$", re.IGNORECASE)


def _is_translator_credit(line: str) -> bool:
    """A translator's credit alone on its line (:data:`_TRANSLATOR_CREDIT`): a name of at most six
    words after the label, capitalised in Latin script."""
    match = _TRANSLATOR_CREDIT.match(line.strip())
    if match is None:
        return False
    name = match.group("name").split()
    return 0 < len(name) <= 6 and (not name[0][0].isascii() or name[0][0].isupper())


# A press release's contact box ("Media Contact:", "Press contact", "Contact presse :", "للتواصل
# الإعلامي:"): the label, and under it the contact's lines (a name, a job, a phone number, an
# address, a web address), each short and none a sentence. Only a box that gives a phone number
# or an e-mail address is one: "Media contact: the ministry refused to answer." is a sentence.
_MEDIA_CONTACT_LABEL = _arabic_tolerant(
    r"^\W{0,2}(?:(?:media|press|investor|news)\s+(?:contacts?|enquiries|inquiries|relations)|for\s+(?:media|press)\s+"
    r"(?:enquiries|inquiries)|contacts?\s+(?:presse|médias?)|"
    r"relations?\s+(?:presse|médias)|(?:للتواصل|للاستفسارات|للاستفسار)\s+(?:الإعلامي|الإعلامية|الصحفي|الصحفية)|"
    r"(?:جهة|جهات)\s+الاتصال(?:\s+(?:الإعلامي|الإعلامية|الصحفي|الصحفية))?|المكتب\s+الإعلامي)\s*[:：]?\s*",
    re.IGNORECASE)
# A phone number: eight digits or more, each group set apart by at most one space, dot, dash or
# bracket ("+962 6 555 0123", "(06) 555-0123"); a span of years, "2019 - 2025", has a spaced dash.
_CONTACT_PHONE = re.compile(r"(?<!\d)(?:\+|00)?\(?\d(?:[\s().-]?\d){7,}(?!\d)")
_CONTACT_LINE_MAX_WORDS = 10
# The release's lines that may follow its contact box: the newswire's source line, the company's
# "About" heading, a "###" or "-ends-" end mark.
_AFTER_CONTACT_BOX = _arabic_tolerant(
    r"^\W{0,2}(?:source\b|sources?\s*:|المصدر|about\s|à propos (?:de|d['’])|a propos (?:de|d['’])|نبذة عن|عن\s|###|-?\s*ends?\s*-?$)",
    re.IGNORECASE)


_WEB_ADDRESS_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
# A contact box's line that names the contact's job or body ("Communications manager", "Chargée
# des relations presse", "مدير الاتصال", "Aqaba Development Corporation", "Groupe OCP", "هيئة
# الاستثمار"), not a section's heading.
_CONTACT_ROLE_OR_BODY = _arabic_tolerant(
    r"(?<!\w)(?:manager|director|officer|head of|chief|spokes(?:person|man|woman)|coordinator|specialist|executive|"
    r"advis[eo]r|consultant|associate|assistant|representative|president|secretary|communications?|public relations|"
    r"media relations|pr|marketing|directeur|directrice|responsable|chargée?|attachée?|porte-parole|conseill(?:er|ère)|"
    r"chef|gérante?|coordinat(?:eur|rice)|relations (?:presse|publiques|médias)|"
    r"corporation|corp|company|co|group|authority|ministry|bank|agency|council|association|foundation|institute|"
    r"university|ltd|llc|inc|plc|s\.?a|holdings?|commission|department|office|fund|organi[sz]ation|"
    r"société|groupe|agence|ministère|fondation|banque|autorité|conseil|institut|université|direction|sarl|sas)(?!\w)|"
    r"مدير|مديرة|مسؤول|مسؤولة|المتحدث|الناطق|متحدث|ناطق|منسق|منسقة|رئيس|رئيسة|أخصائي|مستشار|العلاقات العامة|"
    r"الاتصال|الإعلام|شركة|الشركة|مؤسسة|المؤسسة|هيئة|وزارة|مجموعة|بنك|سلطة|صندوق|دائرة|مجلس|جامعة|منظمة|مكتب|جمعية",
    re.IGNORECASE)


def _is_contact_line(line: str) -> bool:
    """A line of a contact box: a phone number or an address, or a name or a job, short and with
    no sentence in it; not the release's own lines after the box ("SOURCE Aqaba Green Energy",
    "About Aqaba Green Energy", :data:`_AFTER_CONTACT_BOX`)."""
    words = len(line.split())
    if not 0 < words <= _CONTACT_LINE_MAX_WORDS or len(line) > 200 or _AFTER_CONTACT_BOX.match(line):
        return False
    if _gives_contact(line) or _WEB_ADDRESS_LINE.match(line):
        return True
    return words <= 8 and not re.search(_SENTENCE_END + r"(?:\s|$)", line.rstrip(".") + " ")


def _gives_contact(line: str) -> bool:
    """``line`` holds an e-mail address or a phone number."""
    return bool(EMAIL_ADDRESS.search(line) or _CONTACT_PHONE.search(line))


def drop_media_contact_box(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without a press release's contact box (:data:`_MEDIA_CONTACT_LABEL` and the
    contact lines under it, :func:`_is_contact_line`) in the story's second half: the label, alone
    or with the contact after it on its line, and what follows up to the first line that is not a
    contact's. The box must give a phone number or an e-mail address. "About <company>" above it is
    the release's text and stays, so does the newswire's "SOURCE <company>" under it. Short lines
    after the box's last number or address that a prose paragraph follows are the heading of the
    story's next section ("Media contact: Dana …, +962 …", "Background", "Aqaba has attracted …"),
    and stay."""
    for start in range(len(paragraphs) // 2, len(paragraphs)):
        label = _MEDIA_CONTACT_LABEL.match(paragraphs[start])
        if label is None:
            continue
        rest = paragraphs[start][label.end():].strip()
        if rest and not _is_contact_line(rest):
            continue
        end = start + 1
        while end < len(paragraphs) and _is_contact_line(paragraphs[end]):
            end += 1
        box = [rest, *paragraphs[start + 1:end]]
        giving = [i for i, line in enumerate(box) if len(line) <= 200 and _gives_contact(line)]
        if not giving:
            continue
        if end < len(paragraphs) and len(paragraphs[end].split()) > _CONTACT_LINE_MAX_WORDS \
                and not _AFTER_CONTACT_BOX.match(paragraphs[end]):
            # the box's lines after its last number or address, then prose: the last of them, right
            # above the prose, may head the story's next section ("Background"); a job or a body's
            # name is the box's ("Communications manager", "Aqaba Development Corporation")
            last = start + 1 + max([*giving, *(i for i, line in enumerate(box) if _WEB_ADDRESS_LINE.match(line))])
            if last < end and _CONTACT_ROLE_OR_BODY.search(paragraphs[end - 1]) is None:
                return paragraphs[:start] + paragraphs[end - 1:]
        return paragraphs[:start] + paragraphs[end:]
    return paragraphs


def _is_desk_mark(line: str) -> bool:
    """One of a news agency's desk marks under its copy (see the patterns above); a wire's
    credit alone ("(AFP)") is not one."""
    line = line.strip()
    if len(line) > 80:
        return False
    if _DESK_END.match(line) or _DESK_TIME_OR_SERIAL.match(line) or _DESK_END_WITH_INITIALS.match(line) \
            or _RULE_AND_INITIALS.match(line) or _is_dotted_initials(line):
        return True
    # an agency, in parentheses or before slashes, then only initials or slash-separated names
    match = re.match(r"^[\W_]*\(\s*([^()]{2,30}?)\s*\)[\s\-–—/]*(.*)$", line) or re.match(r"^([^/()]{2,30}?)\s*/\s*(.+)$", line)
    if match is None or not is_wire_name(match.group(1)):
        return False
    rest = match.group(2).strip(" -–—/.")
    if not rest or all(is_wire_name(part.strip()) for part in rest.split("/")):
        return False  # "(AFP)", "AFP/Reuters" alone: the story's credit (see trailing_credit), kept
    if _DESK_INITIALS.match(rest):
        return True
    # "WAM/Esraa Ismail/Tariq alfaham", "Reuters/Ahmed Jadallah": names between slashes, no sentence
    return "/" in line and all(0 < len(part.split()) <= 3 for part in rest.split("/"))


def _is_dotted_initials(line: str) -> bool:
    """The desk's initials alone, written so that no story line reads like them: with a slash
    between two desks ("ع خ / أ ع") or a full stop between letters ("ي.ع", "ajs.gb"). Initials
    apart by spaces only ("ع خ") are read under a rule, an end mark or a wire's credit
    (:func:`_closes_agency_copy`): alone, "لا" or "Yes" may answer an interview's last question.
    The desks may be set between slashes as the agency sets its own name ("/ع ع/ح ب/" under
    "الدوحة في … /قنا/"): the outer slashes are the same marks."""
    bare = line.strip()
    if bare.startswith("/") or bare.endswith("/"):
        inner = bare.strip("/ ")
        if "/" in inner:
            line = inner
    return bool(_INITIALS_ALONE.match(line)) and ("/" in line or re.search(r"[^\W\d_]\.[^\W\d_]", line) is not None)


def _closes_agency_copy(before: str, line: str) -> bool:
    """``line``, the story's last, is the desk's initials under a rule ("ـــــ"), an end mark
    ("(النهاية)") or the agency's credit on its own line ("/العُمانية/", "(بترا)")."""
    line, before = line.strip(), before.strip()
    if len(line) > 40 or not _SHORT_INITIALS.match(line):
        return False
    return bool(_RULE_LINE.match(before) or _DESK_END.match(before) or _is_wire_credit_line(before))


# A wire's dateline opening its copy: "Sfax, 15 nov (TAP) - …", "عمان 9 آذار (بترا)- …".
_WIRE_DATELINE_MARK = re.compile(r"\(\s*([^()]{2,20}?)\s*\)\s*[-–—:]")
_WIRE_DATELINE_REACH = 120  # characters: the place and the date before the credit
# A desk's initials in capitals, as TAP, MAP and APS sign their French copy: "AMH", "ASM/HB".
_CAPITAL_INITIALS = re.compile(r"^[A-Z]{2,4}(?:\s*/\s*[A-Z]{2,4})*\.?$")


def _initials_under_wire_copy(first: str, line: str) -> bool:
    """``line``, the story's last, is the desk's initials alone under a wire's copy, the story
    opening with the wire's dateline ("Sfax, 15 nov (TAP) - …" closed by "AMH", "عمان … (بترا)-
    …" by "ر ع"): initials in capitals, or two groups of one or two Arabic letters. Elsewhere a
    short line may be a story's ("UGTT", "لا" answering an interview's last question)."""
    head = first[:_WIRE_DATELINE_REACH]
    if not any(_is_wire(found.group(1)) for found in _WIRE_DATELINE_MARK.finditer(head)):
        return False
    line = line.strip()
    if _CAPITAL_INITIALS.match(line):
        return True
    return bool(ARABIC_SCRIPT.search(line)) and bool(_SHORT_INITIALS.match(line)) \
        and len(re.findall(r"[^\W\d_]+", line)) >= 2


def _is_wire_credit_line(line: str) -> bool:
    """A line that only credits wires: "(AFP)", "/العُمانية/", "AFP/Reuters"."""
    match = _WIRE_CREDIT.match(line.strip())
    if match is None:
        return False
    parts = [part.strip() for part in _AUTHOR_SPLIT.split(match.group("wires")) if part.strip()]
    return bool(parts) and all(_is_wire(part) for part in parts)


_LABEL_SEPARATOR = re.compile(r"\s*(?:\||:|»|›|>|–|—|-)\s+")


_LEADING_LABEL = re.compile(r"^[^\s:]+(?:\s+[^\s:]+){0,3}:\s+")


_MENU_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+/\s+")


def _is_menu_line(paragraph: str, menu_links: set[str]) -> bool:
    """A navigation bar flattened into a line: two or more short links and nothing else,
    between bars or bullets ("الرئيسية | اقتصاد | رياضة"), as layout tables leave them."""
    if not any(separator in paragraph for separator in "|•·/"):
        return False  # one part (the split's own scan of a long paragraph cost ~0.5 ms a page)
    parts = _menu_parts(paragraph)
    return len(parts) >= 2 and all(compact(part) in menu_links for part in parts)


def _menu_parts(paragraph: str) -> list[str]:
    return [part for part in _MENU_SEPARATOR.split(paragraph) if part.strip()]


def _is_dated_menu_line(paragraph: str, menu_links: set[str]) -> bool:
    """A page's top bar flattened into a line: the day's date, then links of the site's menu."""
    if not menu_links or len(paragraph) > 300 or not any(sep in paragraph for sep in "|•·/"):
        return False
    parts = _menu_parts(paragraph)
    if len(parts) < 3 or not _is_metadata_line(parts[0]):
        return False
    return all(compact(part) in menu_links for part in parts[1:])


def _is_shouted_link(paragraph: str, links: set[str]) -> bool:
    """Another story's headline in capitals, alone on its line and linked: the inline teaser of
    sites that set them in upper case ("2 NY RESIDENTS ALLEGEDLY RAN SECRET POLICE STATION")."""
    return len(paragraph.split()) >= 4 and paragraph.isupper() and compact(paragraph) in links


def _has_cased_letter(text: str) -> bool:
    return any(char.isupper() or char.islower() for char in text)


def _is_labelled_link(paragraph: str, links: set[str]) -> bool:
    """A short label set apart as one (capitals, or a bar or chevron after it), then another
    story's linked headline, in any language: "READ ANOTHER STORY HERE | Headline", "SEE MORE:
    Headline". A sentence leading to a link ("Pro tip: Get more ideas here!") stays."""
    for match in _LABEL_SEPARATOR.finditer(paragraph):
        label = paragraph[:match.start()]
        words = len(label.split())
        if words > 6:
            break
        if not words:
            continue
        # capitals set a label apart; a script without case (Arabic) sets it apart with a colon
        set_apart = label.isupper() or match.group().strip() in {"|", "»", "›", ">"} or (
            match.group().strip() == ":" and words <= 4 and not _has_cased_letter(label))
        if set_apart and len((rest := paragraph[match.end():]).split()) >= 3 and compact(rest) in links:
            return True
    return False


def _is_link_line(text: str, links: set[str], lengths: Sequence[int]) -> bool:
    """A link's whole text, perhaps with a short label after it ("Headline [VIDEO]").
    ``lengths``: the distinct lengths of ``links``, sorted."""
    if text in links:
        return True
    start = bisect.bisect_left(lengths, 0.8 * len(text))
    return any(text[:length] in links for length in lengths[start:bisect.bisect_left(lengths, len(text))])


def _drop_link_runs(paragraphs: list[str], links: set[str], min_run: int = 2) -> list[str]:
    """Drop runs of ``min_run`` or more consecutive paragraphs that are each one link's whole text.

    Such runs are related-story headline lists left inside the article container; a single
    linked line between prose paragraphs (a product name heading a review) stays.
    """
    if not links:
        return paragraphs
    lengths = sorted({len(link) for link in links})
    is_link = [len(p.split()) >= 3 and _is_link_line(compact(p), links, lengths) for p in paragraphs]
    out: list[str] = []
    index = 0
    while index < len(paragraphs):
        end = index
        while end < len(paragraphs) and is_link[end]:
            end += 1
        if end - index >= min_run:
            index = end
            continue
        if end > index:
            out.extend(paragraphs[index:end])
            index = end
        else:
            out.append(paragraphs[index])
            index += 1
    return out


_HEADLINE_SLIP = 4  # paragraphs above a repeated headline that may precede it


_RUN_IN_BY_WORD = re.compile(r"^(?:by|par|von|بقلم|كتب|كتبت|إعداد)\s*[:：]?\s+", re.IGNORECASE)


def _after_run_in_header(paragraph: str, title: str) -> str | None:
    """The story after the headline, its byline and its date at the start of ``paragraph``;
    ``None`` unless the headline is followed by a date, or a by-word, a name and a date (a lede
    that starts with the headline's words goes on with the story, not with a date)."""
    text = " ".join(paragraph.split())
    title = " ".join(title.split())
    if len(title) < 10 or not text.casefold().startswith(title.casefold() + " "):
        return None
    rest = text[len(title):].strip(" |·-–—:")
    by_word = _RUN_IN_BY_WORD.match(rest)
    window = rest[by_word.end():] if by_word else rest
    dated = find_date_in_text(window[:120])
    if dated is None:
        return None
    date_at = window.find(dated[1])
    before = window[:date_at].strip(" |·-–—,")
    if date_at < 0 or (before if not by_word else len(before.split()) > 5 or not before):
        return None  # text before the date that is not a byline: the lede
    after = window[date_at + len(dated[1]):]
    story = after.strip(" |·-–—,")
    if not by_word and not re.match(r"\s*[|·\-–—]", after) and not story[:1].isupper():
        return None  # "Dubai Airshow opens November 17, 2025 with a record …": the lede, dated
    return story if len(story.split()) >= 3 else None


def _drop_repeated_heading(paragraphs: list[str], title: str | None, description: str | None,
                           other_titles: Iterable[str] = ()) -> list[str]:
    if not paragraphs:
        return paragraphs
    compact_title = compact(title or "")
    compact_description = compact(description or "")
    headlines = {compact_title} | {compact(t) for t in other_titles if len(t) >= 10}
    headlines.discard("")
    out = list(paragraphs)
    # a breaking-news label, which titles lose, does not make the page's headline another text
    def as_headline(paragraph: str) -> str:
        return compact(_BREAKING_LABEL.sub("", paragraph, count=1))

    # the headline, in any of its versions, as the first paragraph
    while out and headlines and as_headline(out[0]) in headlines:
        out.pop(0)
    # the page's header run into the story's first line ("Headline By Name Nov 3, 2025 Story…"):
    # an extractor's fallback on a short page (a flash item) joins them into one block
    if out and title and (story := _after_run_in_header(out[0], title)):
        out[0] = story
    # the page's header (headline, byline, date) emitted after the story, as an extractor does
    # with text written straight into the container: the headline and short lines after it
    if compact_title and len(out) > 1:
        for index in range(1, len(out)):
            if len(out[index]) <= 2 * len(title) + 20 and as_headline(out[index]) == compact_title:
                if all(len(line.split()) <= 8 for p in out[index + 1:] for line in p.splitlines()):
                    del out[index:]
                break
    # the headline a few paragraphs down, the story going on after it: an extractor that began
    # with a block above the headline (a live blog's first entry, a caption) kept it in between
    for index in range(1, min(_HEADLINE_SLIP, len(out))):
        if headlines and as_headline(out[index]) in headlines:
            del out[index]
            break
    if out and compact_description and len(compact_description) > 20:
        first = compact(out[0])
        if first == compact_description or (len(first) > 20 and compact_description.startswith(first)):
            repeated_later = any(compact_description in compact(p) or compact(p) == first for p in out[1:])
            if repeated_later:
                out.pop(0)
    # the standfirst printed again further down: keep one copy (recipes and fact boxes
    # legitimately repeat other lines, so only the standfirst is deduplicated)
    if compact_description and len(compact_description) > 40:
        copies = [i for i, p in enumerate(out)
                  if len(compact_description) <= len(p) <= 3 * len(description) and compact(p) == compact_description]
        for index in reversed(copies[1:]):
            out.pop(index)
    return out


# ---------------------------------------------------------------------------------------------
# Titles

_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|«|»|·|•|/)\s+|\s*\|\s*")


def _looks_like_site(part: str, site_names: Sequence[str], host: str | None) -> bool:
    key = compact(part)
    if not key:
        return False
    words = [w for w in re.findall(r"\w+", part.casefold()) if len(w) > 1]
    for name in site_names:
        if words and set(words) <= set(re.findall(r"\w+", name.casefold())):
            return True  # "Ilanga D" for the site "Ilanga News": the site's account
        name_key = compact(name)
        if name_key and (key == name_key or (len(key) >= 3 and (key in name_key or name_key in key)
                                              and len(part.split()) <= 5)):
            return True
    if host:
        labels = [compact(label) for label in host.lower().split(".") if label not in {"www", "com", "net", "org",
                                                                                         "co", "news", "ar", "fr",
                                                                                         "en", "m", "amp"}]
        for label in labels:
            if len(label) >= 3 and (key == label or (key.startswith(label) or label.startswith(key))
                                    and len(part.split()) <= 4 and len(key) >= 3):
                return True
        if key == compact(host) or key == compact(host.removeprefix("www.")):
            return True
    return False


# Words an outlet adds to its name when it signs as its own desk or edition ("Hespress FR", "Al
# Arabiya English", "Saba News Agency", "فريق الشرق", "الشرق أونلاين", "موقع العرب"): they name no
# person, and an author who is only the site's name with them is the publisher.
_PUBLISHER_WORDS = frozenset(compact(word) for word in (
    "the", "news", "online", "digital", "english", "arabic", "français", "francais", "fr", "en", "ar", "agency",
    "agence", "staff", "team", "desk", "newsroom", "tv", "net", "web", "info", "actualités", "nachrichten",
    "صحيفة", "جريدة", "موقع", "وكالة", "قناة", "بوابة", "فريق", "أسرة", "تحرير", "أونلاين", "نت", "نيوز",
    "الإلكترونية", "الإلكتروني"))
_HOST_GENERIC_LABELS = frozenset(("www", "com", "net", "org", "co", "news", "ar", "fr", "en", "m", "amp"))


def _publisher_keys(text: str) -> set[str]:
    """``text`` compacted, also without any of :data:`_PUBLISHER_WORDS` at its ends ("n-tv
    Nachrichten": "ntvnachrichten", "ntv", "n")."""
    words = [compact(word) for word in re.findall(r"\w+", text.casefold())]
    keys = {"".join(words)}
    for start in range(len(words)):
        if start and words[start - 1] not in _PUBLISHER_WORDS:
            break
        for end in range(len(words), start, -1):
            keys.add("".join(words[start:end]))
            if words[end - 1] not in _PUBLISHER_WORDS:
                break
    return keys - {""}


def names_publisher(name: str, site_names: Sequence[str], host: str | None) -> bool:
    """Whether an author credit ``name`` is the publisher: the site's name or its host's label
    (compacted), perhaps with a desk's or an edition's words (:data:`_PUBLISHER_WORDS`), only
    whole words of the site's name ("Ilanga" for "Ilanga News"), or a site's name of two words or
    more, whole, with a label of one or two words ("Gulf News Report"). A part of a word is no match: a
    surname built on the site's one-word name ("محمد العربي" on العرب, "أحمد الشرقاوي" on الشرق)
    and a given name the host's label starts ("Sabah Mohammed" on saba.ye, "Inas Jabbar" on
    ina.iq) are persons. (:func:`_looks_like_site`, which finds a site's name in a title's parts,
    is looser.)"""
    keys = _publisher_keys(name)
    if not keys:
        return False
    words = [w for w in re.findall(r"\w+", name.casefold()) if len(w) > 1]
    for site in site_names:
        if not compact(site):
            continue
        if keys & _publisher_keys(site):
            return True
        site_words = re.findall(r"\w+", site.casefold())
        if words and set(words) <= set(site_words):
            return True  # "Ilanga D" for the site "Ilanga News": the site's account
        # the site's whole name, words whole, then or after a label of one or two words: "Gulf News
        # Report"; a one-word name only with a desk's words ("Assabah" beside "Saba Ali" is no match)
        named, site_words = [compact(w) for w in re.findall(r"\w+", name.casefold())], [compact(w) for w in site_words]
        size = len(site_words)
        for rest in ((named[size:] if named[:size] == site_words else None),
                     (named[:-size] if named[-size:] == site_words else None)):
            if rest and len(rest) <= 2 and (size >= 2 or all(w in _PUBLISHER_WORDS for w in rest)):
                return True
    labels: set[str] = set()
    if host:
        host = host.lower().removeprefix("www.")
        labels = set(_host_labels(host))
        if keys & labels or compact(name) == compact(host):
            return True
    # the brand in capitals, as the site's name or host label, before an edition or a region of
    # one or two words: "MDR THÜRINGEN" on mdr.de, "SANA English"; a given name the brand is
    # written as ("Saba Ali" on saba.ye) is not set in capitals
    first, *rest = name.split()
    if rest and len(rest) <= 2 and first.isupper() and len(compact(first)) >= 2 and (
            compact(first) in {compact(site) for site in site_names} or host and compact(first) in labels):
        return True
    return False


# Words an outlet's name may carry beside the host's label: "Hespress FR" (hespress.com), "Al
# Arabiya.net" (alarabiya.net), "France 24 Arabic", "Ammon News". A headline's first part that
# is the host's label with only these (or digits) added is the site. Only ever *added* to a
# whole label or name: a name with one of them taken away is not the site ("Jordan" is not
# "Jordan News", and "Jordan - Syria: …" is a kicker).
_SITE_NAME_EXTRAS = frozenset(compact(word) for word in (
    "news", "online", "net", "com", "tv", "live", "info", "infos", "english", "arabic", "french", "français",
    "francais", "arabe", "ar", "en", "fr", "نت", "أونلاين", "اونلاين", "نيوز"))


def _host_labels(host: str) -> list[str]:
    return [compact(label) for label in host.lower().split(".") if label not in _HOST_GENERIC_LABELS]


def _names_the_site(part: str, site_names: Sequence[str], host: str | None) -> bool:
    """Whether a headline's *first* part (before a separator or a colon) is the site: the site's
    whole name (alone or inside a longer part), the host's whole label alone or with the words an
    outlet's name carries (_SITE_NAME_EXTRAS), or the host itself. Stricter than :func:`_looks_like_site`, which
    also takes a piece of the name for a trailing part ("| Ilanga" for "Ilanga News"): a
    headline opens with its kicker, and the kicker is often the country or city the outlet
    is named after ("Tunisie - Libye : …" on La Presse de Tunisie, "Tunisie : …" on
    tunisienumerique.com, "Oran - …" on Le Quotidien d'Oran, "مصر - السودان: …" on مصراوي)."""
    key = compact(part)
    if not key or len(part.split()) > 6:
        return False

    def whole_with_extras(brand: str) -> bool:
        # the brand's letters whole, with nothing but extra words or digits around them
        head, found, tail = key.partition(brand)
        return bool(found) and _only_extras(head) and _only_extras(tail)

    for name in site_names:
        name_key = compact(name)
        if name_key and (key == name_key or (name_key in key and len(part.split()) <= 5)):
            return True
    if host:
        if key in {compact(host), compact(host.removeprefix("www."))}:
            return True
        return any(len(label) >= 3 and whole_with_extras(label) for label in _host_labels(host))
    return False


def _only_extras(piece: str) -> bool:
    """Whether ``piece`` (compact letters) is made only of _SITE_NAME_EXTRAS words and digits."""
    piece = piece.lstrip("0123456789")
    return not piece or any(piece.startswith(extra) and _only_extras(piece[len(extra):])
                            for extra in _SITE_NAME_EXTRAS)


TITLE_SOURCES = ("og", "ld", "h1", "twitter", "sitemap", "html")
"""Where ``crawler.extract`` reads a headline from, in the generic order of preference:
og:title, the JSON-LD headline, the visible h1, twitter:title, the news sitemap entry, the
``<title>`` (a site profile's ``title_sources`` name its own order)."""


def clean_title(title: str | None, *, site_name: str | None = None, host: str | None = None,
                extra_suffixes: Sequence[str] = (), writers: Sequence[str] | None = None) -> str | None:
    """Strip a site-name prefix or suffix from a headline ("Headline | Site", "Site - Headline").

    A part is stripped only when it looks like the site (matches ``site_name``, the host, or
    an ``extra_suffixes`` entry), never just because it is short. ``writers``: the persons the
    page's byline names, when known; a column's "<Name> writes:" before the headline goes only
    when it may be one of them (see :func:`_may_name_a_writer`), and stays when the list is
    empty (no byline: nothing says the name is the page's writer).
    """
    if not title:
        return title
    title = re.sub(r"\s+", " ", title).strip()
    names = [n for n in (site_name, *extra_suffixes) if n]
    for suffix in extra_suffixes:
        for sep in (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", ": "):
            if title.endswith(sep + suffix):
                title = title[: -len(sep + suffix)].strip()
            if title.startswith(suffix + sep):
                title = title[len(suffix + sep):].strip()
    for _ in range(2):
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            break
        if _looks_like_site(parts[-1], names, host):
            cut = list(_TITLE_SEPARATORS.finditer(title))[-1]
            title = title[: cut.start()].strip()
        elif _names_the_site(parts[0], names, host):
            cut = next(_TITLE_SEPARATORS.finditer(title))
            title = title[cut.end():].strip()
        else:
            break
    # "Ammon News : Headline": a colon is not a site separator (it sets a kicker apart), but a
    # part before it that is the site's name is the site
    # ("Oran: la corniche …" on Le Quotidien d'Oran: a city the site is named after is a kicker,
    # so the part must be the site's whole name, not a word of it)
    # ("Tunisie : …" on tunisienumerique.com, "Libya: …" on libyaobserver.ly: nor a word the
    # host's label starts with)
    if (match := _COLON_PREFIX.match(title)) and (
            compact(match.group(1)) in {compact(n) for n in names} or _names_the_site(match.group(1), (), host)):
        title = match.group(2)
    # "عاجل | Headline", "BREAKING: Headline": the label of a breaking story, not its headline
    title = _BREAKING_LABEL.sub("", title, count=1)
    # "حسين الرواشدة يكتب: …", "Name writes: …": the column's byline set before its headline; a
    # columnist signs with a full name, so a surname or an office before "writes" is the news
    # ("Macron écrit : « … »", "الرئيس تبون يكتب: …": a statesman's letter or op-ed, the headline)
    # (``writers`` empty: the page names no one, and an op-ed a statesman signs often runs so:
    # the headline keeps the words; ``None``: not known, the prefix goes)
    if (writes := writes_prefix(title)) and (writers is None or writers and _may_name_a_writer(writes[0], writers)):
        title = title[writes[1]:]
    # og:title set to the site's name on every page is no headline
    if names and compact(title) in {compact(n) for n in names}:
        return None
    return title or None


_MEDIA_LABEL = re.compile(r"^(?:بالفيديو والصور|بالصور والفيديو|بالفيديو|بالصور|بالتفاصيل|فيديو|(?P<bare>صور)|شاهد)"
                          r"\s*(?:\.{2,}|…|[|:：\-–—])\s*(?=\S)")


# Characters that change how text is shown but are no part of it: bidi marks and embeddings
# (U+200E/F, the Arabic letter mark U+061C, U+202A-E, U+2066-9: "\u200fالأمم المتحدة\u200f"
# around an Arabic title), a stray BOM, and the invisible separators a CMS leaves at a
# headline's ends (zero-width space U+200B, word joiner U+2060, U+180E). Soft hyphens are the
# page's typography and stay, as zero-width (non-)joiners do inside a name (they carry meaning
# in Persian; at its ends they go: _JOINERS_AT_ENDS); search folds all of them away
# (crawler.spellings).
_BIDI_CONTROLS = re.compile("[\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_JOINERS_AT_ENDS = re.compile("^[\u200c\u200d\\s]+|[\u200c\u200d\\s]+$")


_COMPLETE_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def unescape_complete_references(value: str) -> str:
    """Character references left in already decoded text (a CMS that escapes twice: a title
    "AT&amp;T", a JSON-LD ``articleBody`` with "&quot;"), decoded when complete with their
    semicolon; "&copy deal" is text."""
    return _COMPLETE_REFERENCE.sub(lambda match: html.unescape(match.group(0)), value) if "&" in value else value


def without_bidi_controls(text: str) -> str:
    """``text`` without bidi marks, embeddings and BOMs: a title or an author name stored with
    them ("\u200fرنا العبادي\u200f") is not equal to the same name written without."""
    return _BIDI_CONTROLS.sub("", text)


def without_invisible_controls(text: str) -> str:
    """A title or an author name as shown: without bidi controls and invisible separators
    (:func:`without_bidi_controls`), its whitespace collapsed again where they stood between
    spaces ("\u200f الحكومة …") and stripped, and without a zero-width joiner or non-joiner at
    its ends. Inside, ZWNJ and ZWJ shape letters (Persian "می‌شود") and stay."""
    return _JOINERS_AT_ENDS.sub("", re.sub(r"\s+", " ", without_bidi_controls(text)))


def without_media_label(title: str, *, gallery: bool | Callable[[], bool] = False) -> str:
    """The headline without the label of the story's media before it ("بالفيديو.. …", "بالتفاصيل
    .. …", "فيديو: …"). Applied to the chosen title only: the page's other versions keep the
    label, so that a first paragraph repeating the labelled headline is still recognised.

    A bare "صور:" (photos) is also the city of Tyre, which Lebanese outlets set before their
    local news as any dateline ("صور: غارة على …"): it goes only on a ``gallery`` page (its
    story mostly pictures, or declared a gallery; a callable is asked only for a bare label);
    "بالصور" is never a place and always goes."""
    match = _MEDIA_LABEL.match(title)
    if not match or (match.group("bare") and not (gallery() if callable(gallery) else gallery)):
        return title
    return title[match.end():]
# (the name may follow a title of address closed by a slash, as the Egyptian press writes it:
# "الكاتب الصحفي/ محمود عبد الحليم يكتب: …", "د/ …", "المستشار/ …")
def writes_prefix(title: str) -> tuple[str, int] | None:
    """A column's byline set before its headline ("حسين الرواشدة يكتب: …", "Rami Khouri writes:
    …"): the name, and where the headline starts; ``None`` for any other title. The name is a
    full one, as a columnist signs (:func:`_signs_a_name`, after a title of address): a surname or
    an office before "writes" is the news ("Macron écrit : « … »", "الرئيس تبون يكتب: …")."""
    # a title of address before the name, without the slash some papers close it with: "الكاتب
    # الصحفي محمود عبد الحليم يكتب: …" (with it, "الكاتب الصحفي/ …", _WRITES_PREFIX takes it),
    # and the field it names after it ("المحلل السياسي …", "الباحث الاقتصادي …")
    titled = _TITLE_OF_ADDRESS.match(title)
    for offset in ((titled.end(), 0) if titled else (0,)):
        writes = _WRITES_PREFIX.match(title[offset:])
        if writes is not None and _signs_a_name(name := without_honorific(writes.group("name").strip())):
            return name, offset + writes.end()
    return None


def _may_name_a_writer(name: str, writers: Sequence[str]) -> bool:
    """Whether ``name`` (before "writes:" in a headline) may be one of ``writers`` (the persons a
    page's byline names): it shares a word with one of them, or none is written in its script, so
    that nothing tells ("Rami Khouri" beside "رامي خوري"). "Emmanuel Macron écrit :" over a story
    signed "Jane Doe" is a statesman's letter, the news."""
    def words(text: str) -> set[str]:
        return {key.removeprefix("ال") for word in text.split() if len(key := compact(word)) > 1}

    script = bool(ARABIC_SCRIPT.search(name))
    same_script = [writer for writer in writers if bool(ARABIC_SCRIPT.search(writer)) == script]
    return not same_script or any(words(name) & words(writer) for writer in same_script)


_WRITES_PREFIX = re.compile(r"^(?:(?:[^\s:/]+\s+){0,2}[^\s:/]+/\s*)?(?P<name>(?:[^\s:/]+\s+){1,4})"
                            r"(?:يكتب|تكتب|كتب|كتبت|writes|écrit)\s*:\s+(?=\S)", re.IGNORECASE)
_COLON_PREFIX = re.compile(r"^([^:|]{2,40}?)\s*:\s+(\S.*)$")
_BREAKING_LABEL = re.compile(r"^(?:عاجل|عاجل جدا|breaking(?: news)?|urgent|dernière minute|flash)"
                             r"\s*(?:\.{2,}|…|[|:：\-–—])\s*(?=\S)",
                             re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Authors

# The news agencies by name (a photo's credit is a wire's only when it names one of these or a
# photo agency: see _names_an_agency)
_AGENCY_NAMES: tuple[str, ...] = (
    "AFP", "Agence France-Presse", "Agence France Presse", "Reuters", "AP", "Associated Press", "Anadolu",
    "Anadolu Agency", "AA", "dpa", "EFE", "ANSA", "Xinhua", "MENA", "Petra", "QNA", "WAM", "SPA", "KUNA", "BNA",
    "ONA", "SANA", "IRNA", "APS", "MAP", "TAP", "Wafa", "UPI", "Bloomberg", "رويترز",
    "فرانس برس", "أ ف ب", "أ.ف.ب", "الأناضول", "وكالة الأناضول", "أسوشيتد برس", "د ب أ", "واس", "وام", "قنا",
    "كونا", "بترا", "سانا", "وفا", "و م ع", "و.م.ع", "أ ش أ", "أ.ش.أ", "واج", "وات", "AFP/Reuters",
    # Oman News Agency's Arabic name, as its datelines and closing lines write it ("مسقط في 3 يونيو
    # /العُمانية/")
    "العمانية",
    # the state agencies of Yemen (Saba), Sudan (SUNA), Iraq (INA, "واع"), Lebanon (NNA) and
    # Bahrain's Arabic "بنا", credited as Petra or SANA are ("المكلا - سبأ:", "الخرطوم (سونا)")
    "Saba", "سبأ", "SUNA", "سونا", "INA", "واع", "NNA", "بنا",
)
# The state agencies' Arabic names with their Latin ones, which their sites' hosts carry ("واس" on
# spa.gov.sa, "وام" on wam.ae): on its own site, an agency credited in Arabic is the publisher.
_WIRE_LATIN_NAMES: dict[str, str] = {compact(arabic): latin for arabic, latin in (
    ("واس", "SPA"), ("وام", "WAM"), ("قنا", "QNA"), ("كونا", "KUNA"), ("بترا", "Petra"), ("سانا", "SANA"),
    ("وفا", "Wafa"), ("سبأ", "Saba"), ("سونا", "SUNA"), ("واع", "INA"), ("بنا", "BNA"), ("وات", "TAP"),
    ("واج", "APS"), ("و م ع", "MAP"), ("أ ش أ", "MENA"))}
# Wire credits that name no agency: "Agencies", "وكالات", a staff credit.
WIRE_NAMES: tuple[str, ...] = _AGENCY_NAMES + (
    "وكالات", "وكالة", "Agences", "wires", "News Agencies", "Agencies", "Staff")
_WIRE_KEYS = {compact(n) for n in WIRE_NAMES}
_AGENCY_KEYS = {compact(n) for n in _AGENCY_NAMES + _PHOTO_AGENCIES}
def _sorani_spellings(words: str) -> str:
    """``words`` (regex source) also as Sorani's older spelling writes them: ه and a zero-width
    non-joiner for ە ("په‌یامنێری" for "پەیامنێری")."""
    return words.replace("ە", "(?:ە|ه\u200c?)")


# A title of the press or of a columnist (_ARABIC_PRESS_TITLES, _ARABIC_SCHOLAR_TITLES, and a
# delegate's), perhaps with its article: "مراسل الجزيرة", "المحللة الاقتصادية".
_ARABIC_DEFINITE_TITLE = (r"(?<!\w)(?:ال)?(?:" + "|".join(_ARABIC_PRESS_TITLES + _ARABIC_SCHOLAR_TITLES + ("مندوب",))
                          + r")(?!\w)")
# Such titles with their article before a name, as a title of address: "الباحث محمد علي", "الكاتب
# الصحفي سامي يوسف".
_LEADING_ARABIC_TITLES = re.compile(r"^(?:ال(?:" + "|".join(_ARABIC_PRESS_TITLES + _ARABIC_SCHOLAR_TITLES)
                                    + r")\s+)+")
# A press or scholar title before a columnist's name, with the adjective of its field ("المحلل
# السياسي", "الباحث الاقتصادي", "الكاتب الصحفي"): a relative adjective, "ال…ي" / "ال…ية".
_TITLE_OF_ADDRESS = re.compile(_LEADING_ARABIC_TITLES.pattern + r"(?:ال\S{2,}(?:ي|ية)\s+)?")
_ARABIC_PREPOSITIONS = frozenset(("في", "من", "عن", "على", "إلى", "الى", "لدى", "مع", "ب"))


# By-words of the region's other languages: Persian "نویسنده" (writer), "به قلم" (by the pen of),
# "نگارش"; Sorani "نووسەر", "نووسینی"; Urdu "تحریر"; Turkish "Yazar", "Hazırlayan" ("Yazan" only
# with its colon: Yazan is an Arabic given name); Kurmanji "Nivîskar"; Hebrew "מאת" (by).
OTHER_BY_WORDS = (r"نویسنده|نويسنده|به قلم|نگارش|" + _sorani_spellings("نووسەر") + r"|نووسینی|تحریر|yazar|hazırlayan|"
                  r"yazan(?=\s*[:：])|nivîskar|מאת")
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:written|reported|(?:additional\s+)?reporting|text|words|story|posted|edited|compiled)\s+by|"
    r"(?:publié|rédigé|écrit|édité)e?s?\s+par|by|par|por|von|authors?|autor|autorin|auteure?|redaktion|"
    r"(?:(?:حرر|حررت|حرره|نشر|نشرت|نشره|كتب|كتبت|كتبه|تحرير|إعداد|اعداد)\s+)?بواسطة|"
    r"(?:إعداد|اعداد|تحرير)\s+و(?:تحرير|إعداد|اعداد|تقديم|متابعة)|"
    r"بقلم|كتب|كتبت|كتبه|إعداد|اعداد|تحرير|المحرر(?!\s+ال\S+(?:\s+ال\S+)?\s*(?:$|[,،]))|حاوره|حاورها|حاورهم|حاورته|حاورتها|حاورتهم|"
    r"أجرى الحوار|أجرت الحوار|اجرى الحوار|حوار|من|" + OTHER_BY_WORDS + r")\s*[:：\-–—ـ]*\s+",
    re.IGNORECASE,
)


# The label of an Arabic byline that says what the newsroom did rather than who wrote: "متابعة:"
# (followed up by), "تقرير:" (report by). In an author field, where trafilatura's byline guess drops
# the colon ("متابعة رنا العبادي"), it goes with or without one; neither word is a name. It is no
# by-word of a line in the page (`opens_with_by_word`): "تقرير الأمم المتحدة يحذر …" opens news.
# Joined by "و" to another desk's label ("متابعة وتحرير:", "تقرير وإعداد:"), the pair goes whole.
_ARABIC_DESK_BY_LABEL = re.compile(r"^\s*(?:متابعة|تقرير)(?:\s+و(?:تحرير|إعداد|اعداد|تقديم|متابعة))?"
                                   r"\s*[:：\-–—ـ]*\s+(?=\S)")


def opens_with_by_word(text: str) -> bool:
    """Whether ``text`` opens with a byline's by-word and a name after it ("By Jane Doe",
    "Par Jean Dupont", "بقلم …")."""
    return _BYLINE_PREFIX.match(text + " ") is not None and bool(_BYLINE_PREFIX.sub("", text, count=1).strip())


_JOB_WORDS = re.compile(
    r"\b(correspondent|reporter|editor|editors|writer|columnist|contributor|journalist|staff|desk|"
    r"bureau|chief|senior|producer|analyst|photographer|photos?|video|service|envoyé|envoyée|spécial|spéciale|"
    r"journaliste|rédaction|rédacteur|rédactrice|correspondant|correspondante|chroniqueur|"
    r"رئيس|مدير|خاص|فريق|"
    # Persian, Urdu, Sorani, Turkish, Kurmanji, Hebrew: reporter, correspondent, editor (Sorani
    # writes the ezafe onto the title before what it governs: "پەیامنێری شار لە سلێمانی")
    r"خبرنگار|گزارشگر|سردبیر|دبیر|نامہ نگار|نمائندہ|رپورٹر|"
    + _sorani_spellings(r"پەیامنێری?|سەرنووسەری?|ڕۆژنامەنووسی?") + r"|"
    r"muhabir|muhabiri|editör|editörü|"
    r"nûçegihan|כתב|כתבת|עורך|עורכת)\b"
    # the press's trades and a columnist's academic or expert titles, also with the article the
    # title takes after a name ("ريم الخطيب، المحللة الاقتصادية", "زياد حداد، أستاذ العلوم السياسية")
    r"|" + _ARABIC_DEFINITE_TITLE,
    re.IGNORECASE,
)

# The trade a columnist's note gives, in its first words (after the star, perhaps the name:
# "* كاتب وصحفي أردني", "* Jane Doe, journalist at …"): the press's trades and a desk's head, not
# the words a byline's job list also holds (service, photos, video, staff, desk, bureau,
# rédaction, خاص, فريق), which a story's footnote uses ("* Photos fournies par la famille",
# "*Prices … exclude the service charge", "* … à la demande de la rédaction").
_NOTE_TRADE = re.compile(
    r"\b(?:correspondent|reporter|editor|editors|writer|columnist|contributor|journalist|chief|senior|producer|"
    r"analyst|photographer|envoyée?|spéciale?|journaliste|rédacteur|rédactrice|correspondante?|chroniqueur|"
    r"رئيس|مدير)\b|" + _ARABIC_DEFINITE_TITLE, re.IGNORECASE)
_NOTE_TRADE_WORDS = 6
# Commas (also Arabic "،"), list words, and dashes with spaces around them ("Name - Amman",
# "عمان - بترا"); a dash inside a name ("Al-Khatib", "Jean-Pierre") has none.
# "avec"/"with" join a wire or a co-author: "Par Ali B. avec APS", "By Sam Lee with AFP"; the
# Arabic "و" ("and") too, except as the first letter of MAP's credit "و م ع".
# A colon with a space after it sets a dateline apart ("بيروت: نذير رضا"), and Arabic pages
# draw their dash with tatweel ("عمان ـ بترا", "كتبت ــ عفاف أحمد").
# "and", "et", "avec", "with" in any case ("With agencies", "Par Ali B. Avec AFP"), but not as part
# of a hyphenated name ("Et-Tahiri"); "und" and "og" stay lower-case only.
# Runs before a separator are possessive (no separator starts with a space): giving spaces back
# never made a match and cost super-quadratic time on a long run of spaces. No match starts
# inside a run of spaces (``(?:(?<!\s)|(?!\s))``): one starting a space earlier is found first,
# so each run is read once, not once from each of its spaces.
_AUTHOR_SPLIT = re.compile(r"(?:(?<!\s)|(?!\s))(?:\s*+(?:,|،|;|\||/|&|(?<![-'’])\b(?i:and|et|avec|with)\b(?![-'’])|\bund\b|\bog\b|"
                           r"(?<=\s)و(?=\s)(?!\sم\sع\b))\s*"
                           r"|\s++[-–—ـ]++\s+|(?<=[^\s\-–—ـ])[-–—ـ]++\s+|\s*+:\s+)")
# A wire's dateline: the place, its credit in brackets, a dash ("Sidi Bouzid (TAP) -", "Tataouine (TAP) –").
_PLACE_WIRE_DASH = re.compile(r"(?P<place>[^\W\d_][^()\d]{0,40}?)\s*\(\s*(?P<wire>[^()]{2,30}?)\s*\)\s*[-–—ـ:]\s*")
# A credit in parentheses that names a wire: "Par Le360 (avec MAP)", "Sara M. (AFP)", "(و م ع)".
_WIRE_IN_PARENTHESES = re.compile(r"\s*\(\s*(?:(?:avec|with|مع)\s+)?([^()]+?)\s*\)")
# The newsroom's word for its own reporter before the name, and where the reporter files from:
# "Par notre envoyé spécial à Rafah Karim Ali", "De notre correspondante à Alger, Amina B.", "Par
# nos envoyés spéciaux à Gaza Karim Ali et Sami Haddad", "From our correspondent in Cairo". The
# French press writes the name after the place with a comma or without one; without one, the
# job words made the whole line go, and the byline named no one (see _without_our_reporter).
_OUR_REPORTER = re.compile(
    r"^(?:(?:de|from)\s+)?(?:notre|nos|our)\s+"
    r"(?:envoy[ée]e?s?\s+(?:sp[ée]ciale?s?|sp[ée]ciaux|permanente?s?)|correspondante?s?(?:\s+permanente?s?)?"
    r"|(?:special\s+|own\s+)?(?:correspondents?|envoys?|reporters?))(?P<rest>(?:\s|,).*)?$", re.IGNORECASE)
_PLACE_PREPOSITION = re.compile(r"^(?:à|au|aux|en|dans|in|at|from)$", re.IGNORECASE)
_PLACE_ARTICLE = re.compile(r"^(?:la|le|les|the)$|^l['’]", re.IGNORECASE)
# First words of the region's place names in Latin letters, which take the next word along
# ("Charm el-Cheikh", "Sidi Bouzid", "Tizi Ouzou", "Abou Dhabi", "Ras Jedir", "Aïn Defla").
_LATIN_PLACE_FIRST_WORDS = frozenset(compact(w) for w in (
    "Sidi", "Tizi", "Ain", "Aïn", "Ras", "Bir", "Bordj", "Oued", "Wadi", "Charm", "Sharm", "Port", "Abou", "Abu",
    "Deir", "Beit", "Khan", "Tel", "Kafr", "Hassi", "Oum", "Umm", "Ksar", "Bab", "Mers", "Al", "El", "Le", "La",
    "San", "Saint", "New"))
# Words that join a place name's parts and take the next word along too: "Bordj Bou Arreridj",
# "Sidi Bel Abbès", "Oum El Bouaghi", "Bab El Oued".
_LATIN_PLACE_JOINING_WORDS = frozenset(("bou", "bel", "el", "al", "ed", "er", "es", "ez", "ben"))


def _without_our_reporter(text: str) -> str:
    """A byline without the newsroom's word for its reporter and the place the reporter files
    from (:data:`_OUR_REPORTER`): the name that follows, or nothing when none does ("Par notre
    correspondant à Tunis"). A place runs to the comma after it; without one it is a known
    dateline city of one to three words, a place named by its first word ("Sidi Bouzid"), a
    lower-case phrase ("à la frontière libyenne") or one capitalised word, and the name is what
    follows, two words or more. Other bylines are returned as they are."""
    found = _OUR_REPORTER.match(text.strip())
    if found is None:
        return text
    rest = (found.group("rest") or "").strip()
    if rest.startswith(","):
        return rest[1:].strip()  # "…, Amina B." (no place: the name after the comma)
    words = rest.split()
    if not words or not _PLACE_PREPOSITION.match(words[0]):
        return rest  # "Par notre envoyé spécial Karim Ali"
    if "," in rest:
        return rest.split(",", 1)[1].strip()  # "… à Beyrouth, Amina Belkacem"
    at = 1
    while at < len(words) and _PLACE_ARTICLE.match(words[at]) and not words[at][:1].isupper():
        at += 1
    if at < len(words) and words[at][:1].islower():
        # "à la frontière libyenne", "dans le nord du Mali": the phrase, and the name after "du …"
        while at < len(words) and words[at][:1].islower():
            at += 1
        if words[at - 1].casefold() in {"de", "du", "des", "of"} and at < len(words):
            at += 1
    elif at < len(words):
        known = next((size for size in (3, 2) if compact(" ".join(words[at:at + size])) in DATELINE_PLACES), None)
        if known:
            at += known
        elif compact(words[at]) in _LATIN_PLACE_FIRST_WORDS and at + 1 < len(words):
            at += 2
            # "Bordj Bou Arreridj": a joining word takes the next one, while two are left for the name
            while words[at - 1].casefold() in _LATIN_PLACE_JOINING_WORDS and at + 2 < len(words):
                at += 1
        else:
            at += 1
    name = words[at:]
    return " ".join(name) if len(name) >= 2 else ""


# The Arabic newsroom's word for its reporter, then where the reporter files from, then the name:
# "مراسلنا في بيروت علي حسن", "موفدتنا الخاصة إلى غزة - سارة يوسف", "مندوبنا في الخرطوم".
_OUR_REPORTER_ARABIC = re.compile(
    r"^(?:من\s+)?(?:مراسل|مراسلة|موفد|موفدة|مندوب|مندوبة)(?:نا|تنا)(?:\s+(?:ال)?(?:خاص|خاصة|دائم|دائمة))?"
    r"(?P<rest>\s.*)?$")
_ARABIC_PLACE_PREPOSITION = re.compile(r"^(?:في|فى|من|إلى|الى|ب)$")


def _without_our_arabic_reporter(text: str) -> str:
    """An Arabic byline without its "مراسلنا في <place>" (:data:`_OUR_REPORTER_ARABIC`): the name
    after the place, or nothing when none follows. A place runs to a dash, a colon or a comma;
    without one it is a known dateline city of one or two words, or one word and the words after
    it that carry the article "ال" ("شرم الشيخ", "القدس المحتلة": a given name does not), while
    two are left for the name. Other bylines are returned as they are."""
    found = _OUR_REPORTER_ARABIC.match(text.strip())
    if found is None:
        return text
    rest = (found.group("rest") or "").strip()
    words = rest.split()
    # "في بيروت", or the preposition joined to a known city: "ببيروت"
    joined = bool(words) and words[0].startswith("ب") and compact(words[0][1:]) in DATELINE_PLACES
    if words and (joined or _ARABIC_PLACE_PREPOSITION.match(words[0])):
        if separated := re.search(r"(?:[-–—ـ:،,]\s|\s[-–—ـ:،,])\s*", rest):
            return rest[separated.end():].strip()  # "… في بيروت - علي حسن"
        at = 1 if joined else \
            1 + next((size for size in (2, 1) if compact(" ".join(words[1:1 + size])) in DATELINE_PLACES), 1)
        while at < len(words) and words[at].startswith("ال") and len(words) - at > 2:
            at += 1  # "القدس المحتلة", "شرم الشيخ"
        words = words[at:]
    else:
        words = re.sub(r"^[-–—ـ:،,\s]+", "", rest).split()
    return " ".join(words) if len(words) >= 2 else ""


# A place after the name: "Omar Haddad in Amman", "… à Tunis", "… from Gaza", "… في عمان".
_BYLINE_PLACE = re.compile(r"\s+(?:in|from|à|depuis|في|من)\s+[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*)?$")
# A date line, not a byline: it opens with a publication label ("Posted by …" is a byline).
_DATE_LINE_LABEL = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|posted|updated)|publié|mis à jour|modifié|نشر|نُشر|تاريخ النشر|"
    r"آخر تحديث)(?:\s+(?:on|le|في))?\s*[:：]?(?!\s*(?:by|par|بواسطة)\b)(?=\s|$)",
    re.IGNORECASE)
# A weekday between the joining word and the date, in French and English, whole or abbreviated:
# Drupal's default "Soumis par APS le mar 03/06/2025 - 09:40", "Submitted by … on Tue, 06/03/2025".
_BYLINE_WEEKDAY = (r"(?:lun(?:di)?|mar(?:di)?|mer(?:credi)?|jeu(?:di)?|ven(?:dredi)?|sam(?:edi)?|dim(?:anche)?|"
                   r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|"
                   r"sun(?:day)?)\.?,?")
# A date after the name, with the word that joins it ("le", "on", "am", "بتاريخ"), cut before the
# list split, which would take its slashes and dots for separators; a particle ends no name.
# Linear: spaces before a separator, a word or a digit are possessive, and no match starts inside
# a run of spaces (one starting a space earlier is found first); cubic on a long run before.
_BYLINE_DATE = re.compile(
    r"(?:(?<!\s)|(?!\s))(?:"
    r"\s*+[,·|]?\s*+(?:\b(?:le|on|am|el|du|vom|published|updated|publié|mis à jour)\s++"
    rf"(?:{_BYLINE_WEEKDAY}\s++)?"
    r"|بتاريخ\s*+|في\s++)?"
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})\b.*$"
    # or only the joining word left, when an earlier cleaner took the date ("Yassine Benali le",
    # "APS le mar"); "Nguyen Van Le" keeps its capitalised surname, "Jean le Marec" his name
    rf"|(?-i:\s+(?:le|on|am|du|vom|بتاريخ))(?:\s++{_BYLINE_WEEKDAY})?$)",
    re.IGNORECASE,
)
_LAST_INITIAL = re.compile(r"\s[^\W\d_]$")
# Labels a CMS puts in the author field that name no person and no wire: sponsored or partner
# content, a press release, a desk or a team ("Partner Content", "Press Release", "Web Desk",
# "Editorial Team", "Staff Reporter", "Contenu sponsorisé", "بيان صحفي", "المحرر الرياضي", "قسم
# الأخبار", "Équipe éditoriale"). Authors are persons,
# and wires only when no person is named; a desk is neither.
NOT_A_PERSON = re.compile(
    r"^(?:(?:partner|sponsored|paid|branded|promoted|advertising|advertiser|commercial|native)\s+"
    r"(?:content|post|feature|story|article)s?|(?:content|brand|commercial)\s+(?:partner|studio)s?|"
    r"press\s+releases?|news\s+releases?|media\s+releases?|communiqués?(?:\s+de\s+presse)?|"
    r"contenus?\s+(?:sponsorisés?|partenaires?|de\s+partenaires?|de\s+marque|promotionnels?)|"
    r"publi-?(?:reportages?|rédactionnels?|informations?)|"
    r"(?:(?:the|our|web|news|online|digital|city|metro|foreign|business|sports?|social\s+media|editorial|"
    r"content|features?|opinion|multimedia)\s+)?(?:desk|team|staff|newsroom|board)|"
    # an outlet's news desk under its name, "newsdesk" in one word or two ("Naharnet Newsdesk",
    # "Kuwait Times News Desk", "The Peninsula Web Desk"), its newsroom or news centre ("Naharnet
    # Newsroom", "ARN News Centre"): no person's name ends so (a "… Team" stays: Fundus's truth
    # keeps Wired's "Gear Team" as the author)
    r"(?:[^\W\d_][\w'’&.-]*\s+){1,3}(?:news\s*desk|web\s*desk|online\s+desk|digital\s+desk|news\s*room|"
    r"news\s+cent(?:re|er))|newsdesk|webdesk|"
    r"(?:staff|special|our|own|a)\s+(?:reporters?|writers?|correspondents?)|"
    r"(?:محتوى|مادة)\s+(?:ممول|ممولة|مدفوع|مدفوعة|مدعوم|مدعومة|إعلاني|اعلاني|إعلانية|اعلانية|ترويجي|ترويجية|برعاية|شريك)|"
    r"(?:بيان|بلاغ)\s+(?:صحفي|صحافي|صحفى)|"
    # a desk: "the sports editor" (an adjective or a noun with its article after "المحرر", not a
    # name: "المحرر الرياضي", "المحررة الاقتصادية"), a department ("قسم الأخبار"), a team
    # ("Équipe éditoriale", "L'équipe de la rédaction")
    r"(?:ال)?محرر[ةه]?(?:\s+ال\S+){1,2}|(?:قسم|دائرة|شعبة)(?:\s+\S+){1,2}|"
    r"(?:l['’])?équipe\s+(?:éditoriale|rédactionnelle|de\s+(?:la\s+)?rédaction|web|digitale|numérique)|"
    # a desk in the region's other languages: Turkish "Haber Merkezi" (news centre), "Dış Haberler
    # Servisi"; Urdu "ویب ڈیسک", "نیوز ڈیسک"; Persian "تحریریه"; Hebrew "מערכת ynet" (the editors)
    r"(?:[^\W\d_]+\s+)?haber(?:ler)?\s+(?:merkezi|servisi)|(?:ویب|نیوز)\s+ڈیسک|تحریریه|מערכת(?:\s+\S+)?)$",
    re.IGNORECASE)
# An outlet's online desk: its name, then "Digital" or "Online" in any script ("Rudaw Digital",
# "ڕووداو دیجیتاڵ", "سكاي نيوز عربية أونلاين"); see _is_online_desk.
_ONLINE_DESK = re.compile(r"^(?P<outlet>[^\W\d_]+(?:\s+[^\W\d_]+){0,2})\s+"
                          r"(?:digital|online|دیجیتاڵ|دیجیتال|ديجيتال|ديجيتل|أونلاين|اونلاين|آنلاین)$", re.IGNORECASE)
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")


def _is_online_desk(name: str, site_names: Sequence[str], host: str | None) -> bool:
    """An outlet's online desk (:data:`_ONLINE_DESK`), which names no author. In Latin letters the
    words before "Digital"/"Online" must be a name, capitalised (:func:`is_person_like`), and the
    site's (its name or host: "Rudaw Digital" on rudaw.net): "Customs goes digital" and "Ramadan
    shopping moves online" open stories. Written in another script ("ڕووداو دیجیتاڵ" beside the
    Latin og:site_name "Rudaw"), the outlet's name cannot be matched to the site's, and is taken
    as written."""
    found = _ONLINE_DESK.match(name.strip())
    if found is None:
        return False
    if not _LATIN_LETTER.search(found["outlet"]):
        return True
    return is_person_like(name) and _looks_like_site(found["outlet"], site_names, host)


_PLACEHOLDER_ACCOUNT = re.compile(r"^\s*(?:super\s*user|administrator|admin|webmaster|site\s*admin|root|"
                                  r"default\s*user|editor1|user|المحرر|محرر الموقع|إدارة الموقع|ادارة الموقع|"
                                  r"التحرير|هيئة التحرير|فريق التحرير|الإدارة)\s*$", re.IGNORECASE)
_OTHER_CREDIT = re.compile(r"\s*(?:[/|،,;-]\s*)?(?:تصوير|ترجمة|translated by|translation by|traduit par|traduction|"
                           r"photos?\s*(?:by|:)|crédit photo)\s*[:：\-–—ـ]?\s*.*$", re.IGNORECASE)
# "Lina Kassem @linakassem"; right-to-left bylines show the @ last ("… naeemalhakim@")
HANDLE = re.compile(r"(?<![\w@])@\w{2,30}\b|(?<![\w@.])\w{2,30}@(?![\w.@])")
EMAIL_ADDRESS = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
# A courtesy or academic title before a name: a site writes "د. خالد المحمود" on one page and
# "خالد المحمود" on the next, and an author index must see one person. Not "Cheikh", "Sheikh",
# "الشيخ" or "السيد" before a given name: they are given names too ("Cheikh Tidiane Diop" in
# Senegal and Mauritania, "السيد عبد الفتاح" in Egypt, "الشيخ ولد بيه"), and a Gulf "Sheikh Ahmed
# Al Thani" is kept as signed; before a kunya ("الشيخ أبو عبد السلام …", "Sheikh Abu Bakr …")
# the shaykh is the cleric's title, as no given name stands before a kunya.
_HONORIFIC = re.compile(
    r"^(?:(?:(?:dr|prof|pr|mr|mrs|ms|mme|mlle|eng)\.|[أاد]\s?\.(?:\s?د\s?\.)?|م\s?\.)\s*"
    r"|(?:dr|prof|pr|mr|mrs|ms|mme|mlle|eng|د|الدكتور[ةه]?|ال[أا]ستاذ[ةه]?|المهندس[ةه]?|السيد[ةه])\s+"
    r"|(?:sheikh|shaikh|cheikh|الشيخ[ةه]?)\s+(?=(?:abu|abou|أبو|ابو|أم|ام)\s))"
    r"(?![^\W\d_]\s)(?=[^\W\d_][\w'’.-]*\s+[^\W\d_])", re.IGNORECASE)


def without_honorific(name: str) -> str:
    """``name`` without the titles before it ("Dr.", "Prof. Dr.", "Mme", "د.", "أ.د.", "الأستاذ",
    "المهندس"), when at least two words of name remain ("Dr Smith" stays as written)."""
    for _ in range(2):
        name = _HONORIFIC.sub("", name, count=1)
    return name


_PLACE_PART = re.compile(r"^(?:in|from|à|depuis|في|من)\s+\S", re.IGNORECASE)
# First words of Arabic place names ("شرم الشيخ", "وادي موسى", "سيدي بلعباس", "كفر الشيخ"):
# none starts a person's name.
_PLACE_FIRST_WORDS = frozenset(compact(w) for w in (
    "شرم", "وادي", "سيدي", "عين", "جبل", "كفر", "رأس", "البحر", "دير", "بيت", "بني", "تل", "خان", "مرسى",
    "برج", "حي", "مدينة", "محافظة", "ولاية", "جزيرة", "ميناء", "مخيم", "قرية",
    # "بنت جبيل", "أم درمان", "أم الفحم", "أم قصر": "بنت" joins a name's parts inside it ("فاطمة
    # بنت محمد") and never opens a byline's full name, nor does "أم" ("بن" does, in the Maghreb's
    # surname-first "بن زيان محمد": "بن قردان" is left to the list)
    "بنت", "أم"))


def _is_place(text: str) -> bool:
    """A place a byline files from: a known dateline city, or an Arabic place name by its
    first word. "Omar Haddad - Lina Kassem" names two people."""
    words = text.split()
    return bool(words) and (compact(text) in DATELINE_PLACES or compact(words[0]) in _PLACE_FIRST_WORDS)


# A kicker or a label a newsroom sets beside its name ("Port News - Exclusive"): no place.
_LABEL_WORDS = frozenset(("exclusive", "analysis", "opinion", "update", "updated", "breaking", "interview", "report",
                          "feature", "review", "comment", "editorial", "explainer", "live", "video", "photos", "news",
                          "exclusif", "analyse", "tribune", "entretien", "reportage", "direct", "vidéo"))


def _reads_as_place(text: str) -> bool:
    """A part of a dateline beside the source that names a place: a known one (:func:`_is_place`),
    before a country after a comma ("Amman, Jordan"), or a capitalised Latin word that names no
    person, desk, job or label ("Marrakech - MAP", "Mosul - Reuters": the wires' cities are more
    than any list holds). Arabic has no capitals to tell a place by: there the place is a known one, or one that no
    name could be (:func:`_reads_as_arabic_place`: "الجنينة - أخبار السودان", "زالنجي – سونا")."""
    text = text.strip()
    if _is_place(text) or _is_place(text.split(",")[0]) or _reads_as_arabic_place(text):
        return True
    words = text.split()
    return len(words) == 1 and bool(re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ'’-]+", text)) and not (
        text.casefold() in _LABEL_WORDS or _JOB_WORDS.search(text) or NOT_A_PERSON.match(text)
        or _BYLINE_PREFIX.match(text + " "))


# Arabic words set beside a newsroom's name that name no place: labels and desks ("خاص - الجزيرة نت",
# "متابعات - أخبار السودان").
_ARABIC_LABEL_WORDS = frozenset(compact(w) for w in (
    "خاص", "خاصة", "حصري", "حصريا", "عاجل", "متابعات", "متابعة", "تقرير", "تقارير", "ترجمة", "رصد", "تحليل",
    "فيديو", "بالفيديو", "صور", "بالصور", "تحقيق", "حوار", "رأي", "مقال", "تحرير", "إعداد", "محليات", "اقتصاد",
    "رياضة", "سياسة", "ثقافة", "منوعات", "تكنولوجيا", "صحة", "دولي", "عربي", "المحرر", "التحرير", "الموقع",
    "المراسل", "مراسل", "مراسلة", "الكاتب", "الكاتبة"))


# Given names that carry the article "ال", common in Sudan and the Maghreb ("الطيب صالح", "الهادي
# إدريس", "الحبيب الجملي", "المختار ولد داداه"): a part opening with one of them is a person, not a
# place "ال" would otherwise make it (Arabic has no capitals to tell them apart).
_ARTICLE_LED_GIVEN_NAMES = frozenset(compact(w) for w in (
    "الحسن", "الحسين", "الطيب", "الصادق", "الهادي", "المهدي", "الأمين", "الحبيب", "المختار", "العربي",
    "الطاهر", "البشير", "الخضر", "المنصف", "الناصر", "العباس", "الزبير", "الفاتح", "المعتصم", "النور",
    "الشريف", "المصطفى", "الخليل", "الفاضل", "المكي", "العادل", "الشاذلي", "السعيد", "الصافي", "الرشيد",
    "المنذر", "الوليد", "الحارث", "المثنى", "العيد", "الجيلاني", "العوض", "الأخضر", "المولدي", "المبروك",
    "الناجي", "الطيبي", "الصديق", "الماحي", "الباقر", "السني", "الحاج", "الأزهر", "الهاشمي", "البخاري",
    # given names that are also titles of address, kept in author names (see _HONORIFIC)
    "الشيخ", "السيد"))


def _reads_as_arabic_place(text: str) -> bool:
    """An Arabic part of a dateline, beside the newsroom or a wire, that no one's name could be, so
    a place the list of :data:`DATELINE_PLACES` does not hold: one word ("زالنجي – سونا": an
    Arabic byline gives a full name), or up to three words the first of which carries the article
    "ال" ("الجنينة", "القدس المحتلة": no given name does), not a label or a desk
    (:data:`_ARABIC_LABEL_WORDS`), a wire or a job title."""
    words = text.split()
    if not 1 <= len(words) <= 3 or not ARABIC_SCRIPT.search(text) or re.search(r"[^\w\s]|\d", text):
        return False
    if compact(words[0]) in _ARABIC_LABEL_WORDS or _is_wire(text) or _JOB_WORDS.search(text) \
            or _LEADING_ARABIC_TITLES.match(text):
        return False
    return len(words) == 1 or _article_led_arabic(text)


def _article_led_arabic(name: str) -> bool:
    """An Arabic part whose first word carries the article "ال": a place or an outlet
    ("القدس المحتلة", "الجنينة"), not a person, whose given name does not (titles such as
    "الدكتور" are read off before)."""
    words = name.split()
    return bool(words) and ARABIC_SCRIPT.search(words[0]) is not None and words[0].startswith("ال") \
        and compact(words[0]) not in _ARTICLE_LED_GIVEN_NAMES \
        and not _is_wire(name) and not _LEADING_ARABIC_TITLES.match(name)


_NAME_DASH_PLACE = re.compile(r"(?P<name>[^-–—|,،;/()]+?)\s+[-–—]\s+(?P<place>[^\W\d_][^-–—|,،;/()\d]*?)\s*")
# "Source: AFP", "المصدر: وكالات": the label of a credit line
SOURCE_LABEL = re.compile(r"^(?:sources?|المصدر|مصدر|المصادر)\s*[:：]\s*", re.IGNORECASE)
# The label of a credit line before its colon, other than a by-word: who answers a reader's
# question, who prepared a report, who wrote the words and took the photos.
_CREDIT_LABEL = re.compile(
    r"^(?:يجيب عنها|يجيب عنه|أجاب عنها|أجاب عنه|أعد التقرير|أعدت التقرير|أعدّ التقرير|إعداد|تحرير|تقديم|"
    r"answered by|compiled by|prepared by|text and (?:photos?|pictures)|words and (?:photos?|pictures)|"
    r"texte et photos?|textes? et images?)\s*[:：]\s+", re.IGNORECASE)
# A wire credit as the South Asian and Gulf English press writes it: "With inputs from agencies",
# "(with inputs from PTI)", "Jane Doe, with additional inputs from Reuters": read as "with" and the
# wire, so the wire is kept only when no person is named (before, "inputs" was the author).
_INPUTS_FROM = re.compile(r"(?:\bwith\s+)?\b(?:additional\s+)?inputs?\s+(?:from|by)\s+", re.IGNORECASE)
_INPUTS_IN_BRACKETS = re.compile(r"\(\s*((?:with\s+)?(?:additional\s+)?inputs?\s+(?:from|by)\s+[^()]+?)\s*\)",
                                 re.IGNORECASE)
_AGENCY_WITH_ACRONYM = re.compile(
    r"(?:وكالة|agence|agency|news agency)\b[^()]{0,60}?\(\s*([^()]+?)\s*\)", re.IGNORECASE)


def _names_the_host(text: str, host: str) -> bool:
    """True when ``text`` contains a domain name that is the page's own site."""
    site = host.lower().removeprefix("www.")
    for domain in re.findall(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", text.lower()):
        domain = domain.removeprefix("www.")
        if domain == site or site.endswith("." + domain) or domain.endswith("." + site):
            return True
    return False


_NAME_PARTICLES = {"von", "van", "der", "den", "de", "du", "da", "di", "dos", "das", "del", "la", "le", "al", "el",
                   "bin", "ibn", "ben", "abu", "y", "e", "zu", "ter", "ten", "st"}
_JOINED_PARTICLES = _NAME_PARTICLES | {"d", "l"}  # "d'Estaing", "l'Aouinet"


def is_person_like(name: str) -> bool:
    """Whether a byline guessed from page text names a person: two to five words, no digits, and
    in cased scripts every word capitalised except particles ("von", "de", "al"). "Folgen",
    "Amw", "Eddie", "05. November 2024" and "Please enter your name here" are not."""
    words = name.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in name):
        return False
    # "al-Mahmoud", "el-Sisi", "d'Estaing": a particle joined to the capitalised name
    return all(not word[0].isalpha() or not word[0].islower() or word.casefold() in _NAME_PARTICLES
               or re.split(r"[-'’]", word.casefold(), maxsplit=1)[0] in _JOINED_PARTICLES
               for word in words)


def is_wire_name(name: str) -> bool:
    """True for a news agency credit (AFP, Reuters, وكالات, "وكالة الأنباء …")."""
    return bool(name) and _is_wire(name)


def _is_wire(name: str) -> bool:
    key = compact(name)
    return key in _WIRE_KEYS or key.startswith(compact("وكالة")) or bool(_WIRES_TOGETHER.fullmatch(name.strip()))


_WIRES_TOGETHER = re.compile(r"(?i)(afp|reuters|ap|aa|dpa)([\s/,-]+(afp|reuters|ap|aa|dpa))*")


def _is_agency(name: str) -> bool:
    """A news or photo agency by name (:data:`_AGENCY_NAMES`, :data:`_PHOTO_AGENCIES`, "وكالة
    الأنباء …"); not a credit that names none ("Agencies", "وكالات", "Staff")."""
    key = compact(name)
    return key in _AGENCY_KEYS or key.startswith(compact("وكالة")) and len(name.split()) > 1 \
        or bool(_WIRES_TOGETHER.fullmatch(name.strip()))


_LEADING_BYLINE_MAX_WORDS = 7
# Cities a story's first line may open with before its reporter's name ("دبي: محمد إبراهيم").
DATELINE_PLACES: frozenset[str] = frozenset(compact(name) for name in (
    "دبي", "أبوظبي", "أبو ظبي", "الشارقة", "عجمان", "العين", "الرياض", "جدة", "مكة المكرمة", "المدينة المنورة",
    "الدمام", "القاهرة", "الإسكندرية", "عمان", "عمّان", "إربد", "الزرقاء", "بيروت", "دمشق", "حلب", "بغداد",
    "البصرة", "أربيل", "الموصل", "الدوحة", "الكويت", "المنامة", "مسقط", "الخرطوم", "تونس", "صفاقس", "الجزائر",
    "وهران", "الرباط", "الدار البيضاء", "طنجة", "مراكش", "طرابلس", "بنغازي", "صنعاء", "عدن", "غزة", "القدس",
    "رام الله", "نابلس", "الخليل", "نواكشوط", "إسطنبول", "أنقرة", "طهران", "واشنطن", "نيويورك", "لندن", "باريس",
    "موسكو", "بروكسل", "جنيف", "برلين", "بكين",
    # places whose first word is also a given name ("الشيخ": read as a person by its shape)
    "الشيخ زويد", "الشيخ جراح", "الشيخ عثمان",
    # Yemen's and Sudan's towns their agencies and papers file from ("المكلا - سبأ:", "بورتسودان (سونا)")
    "تعز", "الحديدة", "المكلا", "مأرب", "سيئون", "بورتسودان", "ود مدني", "كسلا", "الفاشر", "نيالا", "عطبرة",
    "Taiz", "Hodeidah", "Mukalla", "Marib", "Port Sudan", "Wad Madani", "Kassala", "El Fasher", "Nyala",
    "Dubai", "Abu Dhabi", "Sharjah", "Ajman", "Al Ain", "Riyadh", "Jeddah", "Mecca", "Makkah", "Dammam", "Cairo",
    "Alexandria", "Amman", "Irbid", "Zarqa", "Beirut", "Damascus", "Aleppo", "Baghdad", "Basra", "Erbil", "Mosul",
    "Doha", "Kuwait City", "Manama", "Muscat", "Khartoum", "Tunis", "Sfax", "Algiers", "Oran", "Rabat",
    "Casablanca", "Tangier", "Marrakech", "Tripoli", "Benghazi", "Sanaa", "Aden", "Gaza", "Jerusalem", "Ramallah",
    "Nablus", "Hebron", "Nouakchott", "Istanbul", "Ankara", "Tehran", "Washington", "New York", "London", "Paris",
    "Moscow", "Brussels", "Geneva", "Berlin", "Beijing",
    "Le Caire", "Beyrouth", "Damas", "Bagdad", "Alger", "Jérusalem", "Genève", "Bruxelles", "Moscou", "Londres",
))
_PUNCTUATED_BY_WORD = re.compile(r"^(?:كتب|كتبت|كتبه|بقلم|إعداد|اعداد|حاوره|حاورها|تقرير|by|par)\s*[:\-–—ـ/]+\s*[^\W\d_]",
                                 re.IGNORECASE)
# "By Sami Zaptia.": a Latin by-word, a name and at most a full stop.
# (a colon or a slash: after a dash, "غزة – اليوم التالي" is as often a subheading)
def _signs_a_name(name: str) -> bool:
    """A person's name after a city in a byline or signature. Arabic has no capitals to tell
    one, so a first word with the article ("اليوم التالي") is not a given name."""
    if ARABIC_SCRIPT.search(name):
        words = name.split()
        return 2 <= len(words) <= 4 and not words[0].startswith("ال")
    return is_person_like(name)


_NAME_THEN_PLACE = re.compile(r"^(?P<name>[^\W\d_][^()]{2,40}?)\s*\((?P<place>[^()]{2,25})\)$")
_PLACE_THEN_NAME = re.compile(r"^(?P<place>[^\W\d_][^:/\-–—ـ]{1,25}?)\s*[:/]\s*(?P<name>[^\W\d_][^:]{2,60})$")
_BY_NAME_LINE = re.compile(r"^(?:by|par)\s+(?P<name>[^\W\d_][^.:;!?]{2,60}?)\.?$", re.IGNORECASE)


def _names_after_city(line: str, *, site_name: str | None = None, host: str | None = None,
                      wires: bool = False) -> list[str] | None:
    """The names ``line`` signs after a city of :data:`DATELINE_PLACES` and a colon or slash
    ("دبي: محمد إبراهيم"); ``[]`` for such a line that names no person (or wire, with
    ``wires``); ``None`` for any other line."""
    signed = _PLACE_THEN_NAME.match(line)
    if signed is None or compact(signed.group("place")) not in DATELINE_PLACES:
        return None
    names = clean_authors([signed.group("name")], site_name=site_name, host=host)
    return names if names and all(_signs_a_name(name) or wires and _is_wire(name) for name in names) else []


def _source_parts(line: str, *, site_name: str | None, host: str | None) -> tuple[list[str], list[bool]]:
    """A first line's parts between spaced dashes ("الدوحة - الراية:" without its colon), and for
    each whether it names the story's source: the site or a wire (:func:`leading_byline` and
    :func:`is_dateline` read a line alike)."""
    parts = re.split(r"\s+[-–—ـ]+\s+", line.strip().rstrip(":").rstrip())
    names = [site_name] if site_name else []
    bare = [part.strip("()«»\"“” ") for part in parts]
    return parts, [bool(name) and (_is_wire(name) or _looks_like_site(name, names, host)) for name in bare]


_PLACE_REPORTER_SOURCE_PLACE_WORDS = 3


def _place_reporter_source(line: str, *, site_name: str | None, host: str | None) -> list[str] | None:
    """The reporter a wire's dateline names between slashes, in the order place, reporter, wire
    or site ("جناق قلعة / أحمد يلدز / الأناضول", "Gaziantep / Ali Demir / AA", as Anadolu and the
    agencies that copy its form write it); ``None`` for any other line. No list holds every
    town: the place is told by its position and its size (three words at most), the reporter
    by :func:`_signs_a_name`, the source by being a wire or the site."""
    parts = [part.strip() for part in re.split(r"\s*/\s*", line.strip())]
    if len(parts) != 3 or not all(parts) or re.search(r"\d", line):
        return None
    place, name, source = parts
    if _CREDIT_LABEL_WORDS.search(place) or re.search(r"(?i)\b(?:videos?|fotoğraf|فيديو)\b", place):
        return None  # "صورة / أحمد يلدز / الأناضول", "Photo / Ali Demir / AA": the photographer's credit
    if len(place.split()) > _PLACE_REPORTER_SOURCE_PLACE_WORDS \
            or not (_is_wire(source) or _looks_like_site(source, [site_name] if site_name else [], host)):
        return None
    names = clean_authors([name], site_name=site_name, host=host)
    return names if names and all(_signs_a_name(n) for n in names) else None


def leading_byline(paragraph: str, *, site_name: str | None = None, host: str | None = None) -> list[str] | None:
    """The authors of a story's first line when that line is its byline: the newsroom or a
    place, a spaced dash and the reporter or a wire ("عنب بلدي – حليم محمد", "القاهرة - أ ش أ",
    "Business News - Imen Nouira"). One side must be the site or a wire, so that a short
    subheading with a dash ("غزة – اليوم التالي") stays text. ``None`` when it is not a byline;
    the list (possibly empty) of the names it credits when it is."""
    if (wire := dated_dateline(paragraph)) is not None:
        # an agency's dated dateline ("الرياض 12 جمادى الأولى 1447 هـ الموافق 3 نوفمبر 2025 م واس"):
        # as "الرياض - واس", it credits the wire (unless the wire is the site)
        return clean_authors([wire], site_name=site_name, host=host)
    if (dated := _BYLINE_THEN_DATE.match(paragraph)) and find_date_in_text(dated.group("date")):
        paragraph = dated.group("byline")  # "كتب: أحمد عبد الفتاح | الخميس 13 مارس 2025 - 11:30 ص"
    elif (undated := _without_trailing_date(paragraph)) is not None:
        paragraph = undated  # "Par Soufiane Chahid - Casablanca Le 12 mai 2024 à 10h32"
    unprefixed = _BYLINE_PREFIX.sub("", paragraph.strip()).strip(" .:")
    if NOT_A_PERSON.match(unprefixed) or _is_online_desk(unprefixed, [site_name] if site_name else [], host):
        return []  # "Web Desk", "By Staff Reporter", "Partner Content", "Rudaw Digital": a byline naming no one
    if len(re.findall(r"[^\W_ـ]+", paragraph)) > _LEADING_BYLINE_MAX_WORDS or re.search(r"[\d!?؟؛]", paragraph):
        return None
    if _PUNCTUATED_BY_WORD.match(paragraph):
        # "كتب- مصطفى عيد:", "كتبت: منى أحمد": the by-word set apart by a dash or colon (a
        # news sentence runs on from it: "كتب الوزير على حسابه …")
        return clean_authors([paragraph.rstrip(" :")], site_name=site_name, host=host)
    if (signed := _NAME_THEN_PLACE.match(paragraph.strip()) or _NAME_DASH_PLACE.fullmatch(paragraph.strip())) \
            and _is_place(signed.group("place")) and _signs_a_name(signed.group("name")) \
            and not _ARABIC_BIO_WORDS.search(signed.group("name")) \
            and not any(_source_parts(signed.group("name"), site_name=site_name, host=host)[1]):
        # ("وزير الخارجية - عمان" is a heading; "Gulf News - Dubai", the site and its city, a dateline)
        # "هالة سعيد (أبوظبي)", "سالم الدوسري - الدمام": the reporter and where they file from
        return [_BYLINE_PREFIX.sub("", signed.group("name"))]  # "Par Soufiane Chahid - Casablanca"
    if (by_name := _BY_NAME_LINE.match(paragraph.strip())) and is_person_like(by_name.group("name")):
        return clean_authors([by_name.group("name")], site_name=site_name, host=host)
    paragraph = paragraph.strip().rstrip(":").rstrip()  # "الدوحة - الراية:"
    if named := _names_after_city(paragraph, site_name=site_name, host=host, wires=True):
        return named  # "دبي: محمد إبراهيم", "Beirut / Rana Haddad": a city, then the reporter
    if (named := _place_reporter_source(paragraph, site_name=site_name, host=host)) is not None:
        return named  # "جناق قلعة / أحمد يلدز / الأناضول": a place, the reporter, the wire
    if re.search(r"[.:]", paragraph):
        return None
    parts, sources = _source_parts(paragraph, site_name=site_name, host=host)
    if len(parts) not in (2, 3) or not all(parts):  # "تونس ـ «القدس العربي» ـ من حسن سلمان"
        return None
    if not any(sources):
        return None
    # "الدوحة - الراية": a place and the newsroom name no one (nor does a place beside a wire,
    # "شرم الشيخ - أ ش أ", "Al Ain - WAM": clean_authors leaves places out)
    credited = clean_authors([paragraph], site_name=site_name, host=host)
    return [name for name in credited if is_person_like(name) or _is_wire(name)]


def names_beside_place(line: str) -> bool:
    """Whether ``line`` is the bare form :func:`leading_byline` reads as a reporter and their city,
    "Name - City" or "Name (City)", with no by-word: a form that an event or a subject over its
    city also takes ("Climate Summit - Dubai", "قمة عربية طارئة - القاهرة"). Only the page tells
    the two apart (see ``extract._set_apart_as_byline``)."""
    line = line.strip()
    signed = _NAME_THEN_PLACE.match(line) or _NAME_DASH_PLACE.fullmatch(line)
    return bool(signed) and compact(signed.group("place")) in DATELINE_PLACES \
        and not _BYLINE_PREFIX.match(signed.group("name"))


def is_dateline(paragraph: str, credited: Sequence[str], *, site_name: str | None = None,
                host: str | None = None, authors: Sequence[str] = ()) -> bool:
    """Whether a first line that :func:`leading_byline` read as a byline (``credited``: the names
    it gave) is the story's dateline: where the story is filed from and its source, the site or a
    wire, and no one else ("عمان - الرأي نيوز", "الدوحة - الراية:", "تونس - وات", "Rabat - MAP",
    "Amman, Jordan - Petra", "شرم الشيخ - أ ش أ", "Marrakech - MAP"). The other part is the place
    (:func:`_reads_as_place`): a city of :data:`DATELINE_PLACES` or a place named by its first
    word ("شرم", "كفر", "بيت" …), perhaps before a country after a comma, or a capitalised Latin
    word that names no person, desk or label. A dateline is the story's text: news wires and the
    benchmarks' truths keep it ("BAAR, SWITZERLAND" alone on its line, "WASHINGTON (AP) —"). A
    line that names a reporter ("عنب بلدي – حليم محمد", "دبي: محمد إبراهيم") is the byline, and
    "Port News – Web Desk" names no place. On a page whose byline names its authors elsewhere
    (``authors``: a person among them), a line that credits none of them beside the site or a wire
    is the dateline whatever its place ("ود مدني - أخبار النيلين" over a blog post signed by its
    writer: no list holds every town)."""
    if all(_is_wire(name) for name in credited) and dated_dateline(paragraph) is not None:
        return True  # the place, the release's dates and the wire: "الرياض 12 جمادى الأولى … م واس"
    parts, sources = _source_parts(paragraph, site_name=site_name, host=host)
    if credited and len(parts) == 2 and sources.count(True) == 1 and any(is_person_like(a) for a in authors) \
            and not {compact(name) for name in credited} & {compact(author) for author in authors}:
        return True
    if any(not _is_wire(name) for name in credited):
        return False  # a person: the byline
    return len(parts) == 2 and sources.count(True) == 1 \
        and _reads_as_place(parts[sources.index(False)].strip("()«»\"“” "))


# A line that opens with a by-word ("By Jane Doe on May 12, 2024", "Par … Le 12 mai 2024 à 10h32").
_LEADING_BY_WORD = re.compile(r"^(?:by|par|von|بقلم|بواسطة|كتب|كتبت|كتبه)\b\s*[:\-–—ـ/]?\s*[^\W\d_]", re.IGNORECASE)
# What joins the date to the name before it: "le", "on", a comma, a bar, a dash, a label.
# Linear: the separator run is possessive inside a possessive repeat (``[…]+`` inside ``(…)*``
# tried every split of a run of dashes: 26 s for 24 dashes, x4 for each 2 more), and a match
# cannot start right after a separator (the one starting on that separator is leftmost anyway),
# so a long run is not rescanned from each of its characters. Separators and words share no
# character, so the possessive reading is the only reading: same matches.
_DATE_JOINER = re.compile(r"(?<![\s,·|:–—-])(?:[\s,·|:–—-]++|\b(?:le|on|am|published|posted|updated|publié|"
                          r"publiée|mis à jour|بتاريخ|في)\b)*+$", re.IGNORECASE)


def _without_trailing_date(line: str) -> str | None:
    """A by-word line without the date that ends it ("Par Soufiane Chahid - Casablanca Le 12 mai
    2024 à 10h32" -> "Par Soufiane Chahid - Casablanca"), when the date holds all its digits;
    ``None`` for any other line."""
    if not _LEADING_BY_WORD.match(line) or not re.search(r"[\d٠-٩]", line) \
            or not (dated := find_date_in_text(line)):
        return None
    start = line.rfind(dated[1])
    if start <= 0 or line[start + len(dated[1]):].strip(" .)|"):
        return None
    named = _DATE_JOINER.sub("", line[:start]).strip()
    return named if named and not re.search(r"[\d٠-٩]", named) else None


# A byline line with its date after a bar: "كتب: أحمد عبد الفتاح | الخميس 13 مارس 2025 - 11:30 ص".
_BYLINE_THEN_DATE = re.compile(r"^(?P<byline>[^|]{3,60}?)\s*\|\s*(?P<date>[^|]{6,60})$")
_INTERVIEW_CREDIT = re.compile(
    r"^(?:propos recueillis par|entretien réalisé par|interview(?:ed)? by|interview\s*:|das gespräch führte|"
    r"حاوره|حاورها|حاورته|أجرى الحوار|أجرت الحوار)\s*:?\s*(?P<names>[^.!?]{3,80}?)\s*\.?$", re.IGNORECASE)
_REPORTING_CREDIT = re.compile(r"^\(?\s*(?:additional\s+)?(?:reporting|writing|reported)\s+by\s+(?P<names>[^;)]{3,120}?)"
                               r"\s*(?:;.*)?\)?\s*\.?$", re.IGNORECASE)
_WIRE_CREDIT = re.compile(r"^[-–—ـ]?\s*\(?\s*(?:(?:avec|with|source|sources|مع|المصدر)\s*:?\s+)?(?P<wires>[^()]{2,50}?)\s*+\)?\s*+\.?$",
                          re.IGNORECASE)


def interviewer_credit(paragraph: str) -> list[str] | None:
    """The interviewer a line credits ("Propos recueillis par Samira Ben Ali", "Interview by …",
    "حاوره …"), or ``None``."""
    if len(paragraph.split()) > 12 or not (match := _INTERVIEW_CREDIT.match(paragraph.strip())):
        return None
    names = clean_authors([match.group("names")])
    return names if any(is_person_like(name) for name in names) else None


def trailing_credit(paragraph: str, *, site_names: Sequence[str] = (), host: str | None = None) -> list[str] | None:
    """The authors a story's closing line credits: an interviewer ("Propos recueillis par
    Christophe Boisbouvier", "Interview by …", "حاوره …"), a signature after a city
    ("الجزائر: زينب بن عزوز") or wires ("Avec AFP et Reuters", "With AFP", "(Reuters)"); a wire
    on its own site (``site_names``, ``host``: "/العُمانية/" on the Oman News Agency's pages) is
    the publisher and credits no one.
    ``None`` when the line is not such a credit. The line stays in the body (it is the page's
    text); the credit names the authors of a page that names none."""
    if len(paragraph.split()) <= 40 and (match := _REPORTING_CREDIT.match(paragraph.strip())):
        # Reuters' "(Reporting by A and B in London; Editing by C)": the reporters, not the editors
        names = clean_authors([match.group("names")])
        if any(is_person_like(name) for name in names):
            return names
    if len(paragraph.split()) > 12:
        return None
    if (names := interviewer_credit(paragraph)) is not None:
        return names
    if (signed := _names_after_city(paragraph.strip().rstrip("."))) is not None:
        return signed or None  # the Maghreb press's closing signature: "الجزائر: زينب بن عزوز"
    if match := _WIRE_CREDIT.match(paragraph.strip()):
        parts = [part.strip() for part in _AUTHOR_SPLIT.split(match.group("wires")) if part.strip()]
        wires = [part for part in parts if not (site_names or host) or not _looks_like_site(part, site_names, host)]
        if wires and all(_is_wire(part) for part in wires):
            return wires
    return None


# Given names that open with و ("and" in Arabic, written joined to the next word): a name after
# the conjunction doubles it ("ووليد"); "وليد" alone is the name.
_WAW_NAMES = frozenset("وليد وائل وفاء وسام وديع وحيد وجدي وداد ولاء وعد وهيب وهبة ورد وردة وصفي وضاح وسيم وئام "
                       "وجيه وجيهة وصال وفيق وفيقة وهبي وديعة وسيلة ودود ولید وجدان ورود وليم واصف واصل واثق وافي وسن "
                       "وحيدة وسيمة وليدة".split())
# Offices and bodies whose own word opens with و ("وزير الخارجية", "وكيل الوزارة", "ولي العهد",
# "وحدة التحقيقات", "وكالة الأنباء"): after a list's comma they are a part as written, not "and"
# and a name ("زير الخارجية").
_WAW_NOUNS = frozenset(("وزير", "وزيرة", "وزراء", "وزارة", "وكيل", "وكيلة", "والي", "ولي", "وحدة", "وكالة", "وكالات",
                        "وفد"))
# Name particles that open with و: the Mauritanian nasab "ولد" (son of: "سيد أحمد ولد محمد"), a
# link inside one name, never "و" (and) before a second name ("لد محمد").
_WAW_PARTICLES = frozenset(("ولد",))


# Hebrew given names that open with ו, its "and" written onto the next word as in Arabic.
_VAV_NAMES = frozenset("ורד ורדה ויקי ויקטור ויקטוריה ולדימיר ואדים ויטלי ויולט וילי וולף ואיל וליד".split())
_HEBREW_SCRIPT = re.compile(r"[\u05d0-\u05ea]")


def _split_joined_and(part: str) -> list[str]:
    """Two Arabic names joined by "و" written onto the second ("عمر صالح ونادية فاروق"), or two
    Hebrew names by "ו" ("יוסי לוי ונועה ברק"): split when both sides are at least two words and
    at most four. "محمد أحمد وليد خالد" is one name, and so is "سيد أحمد ولد محمد" (a particle:
    :data:`_WAW_PARTICLES`)."""
    words = part.split()
    if not 4 <= len(words) <= 8:
        return [part]
    if ARABIC_SCRIPT.search(part):
        conjunction, names = "و", _WAW_NAMES
    elif _HEBREW_SCRIPT.search(part):
        conjunction, names = "ו", _VAV_NAMES
    else:
        return [part]
    for i in range(2, len(words) - 1):
        word = words[i]
        if (word.startswith(conjunction) and len(word) > 2 and word not in names and word not in _WAW_PARTICLES
                and i <= 4 and len(words) - i <= 4):
            return [" ".join(words[:i]), " ".join([word[1:], *words[i + 1:]])]
    return [part]


def _without_joined_and(part: str) -> str:
    """A later name of a list without the "و" ("and") written onto it after the comma, as Arabic
    writes a list's last item ("أحمد محمود، سارة خليل، ومحمد علي" -> "محمد علي"; Hebrew's "ו"
    the same); a given name that opens with the letter (:data:`_WAW_NAMES`: "، وليد خالد") or a
    one-word part (a wire, "وكالات") keeps it, and so does an office or a body whose word opens
    with it (:data:`_WAW_NOUNS`: "، وزير الخارجية", "، وكالة الأنباء الأردنية")."""
    words = part.split()
    if not 2 <= len(words) <= 4:
        return part
    if ARABIC_SCRIPT.search(part):
        conjunction, names = "و", _WAW_NAMES
    elif _HEBREW_SCRIPT.search(part):
        conjunction, names = "ו", _VAV_NAMES
    else:
        return part
    first = words[0]
    if first.startswith(conjunction) and len(first) > 2 and first not in names and first not in _WAW_PARTICLES \
            and first not in _WAW_NOUNS:
        return " ".join([first[1:], *words[1:]])
    return part


def _job_in_name(name: str) -> re.Match[str] | None:
    """The first job title (:data:`_JOB_WORDS`) in an author part, not counting a press or scholar
    title with its article as the part's last word after a name: "سعاد الكاتب", "ياسين الباحث",
    "عبد الله المحلل" end with a family name (Al-Kateb, Al-Bahith). As a job the title is set
    apart by a comma ("ريم الخطيب، المحللة الاقتصادية", split before this), takes a complement
    ("سامي يوسف الكاتب الصحفي", "مراسل الجزيرة") or opens the part ("المحللة الاقتصادية")."""
    for job in _JOB_WORDS.finditer(name):
        if (job.group().startswith("ال") and not name[job.end():].strip() and name[:job.start()].strip()
                and ARABIC_SCRIPT.search(job.group())):
            continue
        return job
    return None


def clean_authors(raw_authors: Iterable[str], *, site_name: str | Sequence[str] | None = None,
                  host: str | None = None) -> list[str]:
    """Person names from raw bylines: no "By", no job titles, no publisher; split lists; dedupe.

    Wire agencies (AFP, Reuters, وكالات …) are kept only when no person is named. ``site_name``
    may be several names of the site (its og:site_name and the name its ``<title>`` gives, which
    may be written in another script: "Hespress" and "هسبريس").
    """
    people: list[str] = []
    wires: list[str] = []
    seen: set[str] = set()
    publisher_names = [n for n in ((site_name,) if isinstance(site_name, str) else site_name or ()) if n]
    for raw in raw_authors:
        if not raw or not isinstance(raw, str):
            continue
        text = re.sub(r"\s+", " ", raw).strip()
        if not text or text.startswith(("http://", "https://", "/")):
            continue
        if "@" in text:
            # "By Lina Kassem | lina.kassem@site.com": the address goes, the name stays (and the
            # address's domain, the site's own, must not make the line read as the publisher)
            text = HANDLE.sub("", EMAIL_ADDRESS.sub("", text)).strip(" |,;-–—ـ:<>").removesuffix("(").strip()
            if not text:
                continue
        if host and _names_the_host(text, host):
            continue  # "Deutsche Welle (www.dw.com)", "Redaktion hessenschau.de": the publisher
        if _DATE_LINE_LABEL.match(text):
            continue  # "Published April 20th, 2024 - 06:00 GMT" in an author-classed element
        if _PLACEHOLDER_ACCOUNT.match(text):
            continue  # the CMS's default account ("Super User" in Joomla, "admin" in WordPress)
        # a photographer's or translator's credit after the writer's: "… / تصوير - عبدالله الخان",
        # "بقلم: جدعون ليفي ترجمة: رنا حداد", "…, translated by …"
        text = _CREDIT_LABEL.sub("", text)  # "يجيب عنها: الشيخ …", "Text and photos: Jane Doe"
        # "Jane Doe, with inputs from agencies"; in brackets, the credit is unwrapped first, or the
        # bracket went whole with the wire ("(With inputs from IANS)" named no one)
        text = _INPUTS_FROM.sub(" with ", _INPUTS_IN_BRACKETS.sub(r", \1", text)).strip(" ,")
        text = _OTHER_CREDIT.sub("", text).strip()
        if not text:
            continue
        if any(ch.isdigit() for ch in text) and (dated := find_date_in_text(text)):
            # "Par Jean Dupont, le 21 avril 2024 à 10h15", "By Jane Doe on April 21, 2024": the
            # name is before the date (the joining word left behind goes with _BYLINE_DATE)
            text = text[:text.find(dated[1])].rstrip(" ,·|-–—")
        text = _BYLINE_PREFIX.sub("", _ARABIC_DESK_BY_LABEL.sub("", text))
        text = _without_our_reporter(text)  # "Par notre envoyé spécial à Rafah Karim Ali"
        text = _without_our_arabic_reporter(text)  # "مراسلنا في بيروت علي حسن"
        if not text:
            continue
        text = SOURCE_LABEL.sub("", text)  # "المصدر: وكالة الأنباء الأردنية (بترا)", "Source : AFP"
        # an agency's full name with its short one: one wire ("وكالة الأنباء الأردنية (بترا)")
        text = _AGENCY_WITH_ACRONYM.sub(lambda m: m.group(1) if _is_wire(m.group(1)) else m.group(0), text)
        # a brand label before the by-word: "Capital Von Jemima Kelly", "Opinion By Sam Lee"
        text = re.sub(r"^[\w.-]+(?:\s[\w.-]+)?\s+(?:Von|von|By|by|Par|par)\s+(?=[^\W\d_])(?=[A-ZÀ-Ý])", "", text)
        if (wired := _PLACE_WIRE_DASH.fullmatch(text)) and _is_wire(wired["wire"]):
            # "Sidi Bouzid (TAP) -", "TATAOUINE (TAP) —": a wire's dateline, the place then its
            # credit in brackets and a dash, whatever the place (a person is not written so)
            text = wired["wire"]
        text = _WIRE_IN_PARENTHESES.sub(lambda m: ", " + m.group(1) if _is_wire(m.group(1)) else m.group(0), text)
        text = re.sub(r"\s*\([^()]*\)", "", text)  # "Name (abc)" initials, roles
        text = re.sub(r"\s*[-–—|]\s*(?:\d{1,2}\s|\w+\s\d{1,2},|\d{4}).*$", "", text)  # "Name - June 2, 2025"
        text = _BYLINE_DATE.sub("", text)  # "Name le 04/11/2024 à 09h15", "Name on 12.05.2024"
        if (dateline := _NAME_DASH_PLACE.fullmatch(text)) and len(dateline["name"].split()) >= 2 \
                and len(dateline["place"].split()) <= 3 and _is_place(dateline["place"]) \
                and not _is_wire(dateline["name"]) \
                and not (publisher_names and _looks_like_site(dateline["name"], publisher_names, host)):
            # "هالة سعيد - شرم الشيخ", "Omar Haddad - Abu Dhabi": the reporter, then where from
            # (co-authors are joined by "and", "و" or commas, not a spaced dash)
            text = dateline["name"]
        parts = [piece for part in _AUTHOR_SPLIT.split(text) for piece in _split_joined_and(part)
                 if piece.strip(" .:-–—ـ()[]\"'«»")]
        parts = parts[:1] + [_without_joined_and(part) for part in parts[1:]]
        # A one-word part beside a full name or a wire is a dateline or a brand, not a person:
        # "Omar Haddad - Amman", "عمان - رويترز", "AFP - Omar Haddad".
        beside = len(parts) > 1 and any(len(p.split()) > 1 or _is_wire(p.strip()) for p in parts)
        for part in parts:
            name = _BYLINE_PREFIX.sub("", part.strip(" .:-–—ـ()[]\"'«»"))
            if _LAST_INITIAL.search(name) and part.rstrip(" :-–—ـ()[]\"'«»").endswith(name + "."):
                name += "."  # "Ali B.": the period of an initial is part of the name
            name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
            name = without_honorific(name)
            name = _BYLINE_PLACE.sub("", name) if len(name.split()) > 2 else name
            if not name or len(name) > 60 or len(name) < 2 or _PLACE_PART.match(name):
                continue
            # a dateline city: alone ("دبي - البيان" once the outlet went), or run into the name
            # when the colon after it was lost ("الرياض سارة العتيبي" from a byline guess)
            if _is_place(name) or beside and _article_led_arabic(name) and not any(
                    _is_place(other.strip(" .:-–—ـ()[]\"'«»")) for other in parts if other is not part):
                # ("شرم الشيخ - أ ش أ", "بنت جبيل – علي حسن": a place named by its first word, beside
                # the wire or the reporter, or alone where a byline guess cut the line at its dash;
                # "القدس المحتلة - علي حسن": a place with the article, beside a name; beside a known
                # place, the part with the article is the reporter: "الخرطوم - الطيب صالح")
                continue
            if len(name.split()) <= 3 and _DATE_LINE_LABEL.match(name):
                continue  # "تاريخ النشر" left beside the name once the date after it went
            if NOT_A_PERSON.match(name) or _is_online_desk(name, publisher_names, host):
                continue  # "Partner Content", "Press Release", "Editorial Team": no person, no wire
            first, _, rest = name.partition(" ")
            if rest and len(rest.split()) >= 2 and compact(first) in DATELINE_PLACES and ARABIC_SCRIPT.search(first):
                # (in Arabic script only, where the region's cities are no given names; in Latin
                # letters they are: "Sanaa El Aji", "Doha Mohamed Salem" are whole names)
                name = rest
            if beside and len(name.split()) == 1 and not _is_wire(name):
                continue
            key = compact(name)
            if not key or key in seen or key.isdigit() or key in _ARABIC_LABEL_WORDS:
                continue  # (a label alone names no one: "متابعات", "خاص", "تقرير")
            if names_publisher(name, publisher_names, None):
                continue  # also a wire's name on the wire's own site ("وكالة الأنباء السعودية" on spa.gov.sa)
            if host and (latin := _WIRE_LATIN_NAMES.get(key)) and _looks_like_site(latin, (), host):
                continue  # the wire's Arabic name on its own site: "واس" on spa.gov.sa is the publisher
            if _is_wire(name):
                seen.add(key)
                wires.append(name)
                continue
            if (titled := _LEADING_ARABIC_TITLES.match(name)) and (after := name[titled.end():].split()) \
                    and not after[0].startswith("ال") and after[0] not in _ARABIC_PREPOSITIONS:
                # a title with its article before the name, as a title of address ("الباحث محمد علي");
                # before an adjective or a place it is a title alone ("المحللة الاقتصادية")
                name = " ".join(after)
            if job := _job_in_name(name):
                # Arabic puts the title after the name and the beat after the title ("محمد علي
                # مراسل الجزيرة"); in English the words before a title are as often a beat
                # ("Middle East correspondent"), so there the whole part goes.
                name = name[:job.start()].strip(" ,.-–—")
                if not ARABIC_SCRIPT.search(name) or len(name.split()) < 2 or _job_in_name(name):
                    continue
                key = compact(name)
                if key in seen:
                    continue
            if names_publisher(name, publisher_names, host):
                continue
            if len(name.split()) > 6:
                continue
            seen.add(key)
            people.append(name)
    return people if people else wires
