"""trafilatura's byline guess (``trafilatura.metadata.extract_author``), same answer, a fraction of the cost.

trafilatura finds a page's author with three XPaths over every element (``//*[self::a or …][@rel=
'author' or … or re:test(@class, 'author|…')]``), on a copy of the page from which two more XPaths
have pruned comments, sidebars, dates and figures. libxml2 evaluates such a predicate-heavy
``//*`` at 1-3 µs per element and expression: on a news page the guess cost about a tenth of the
whole extraction (py-spy over aeb-dev: 8% of the samples; 6-8 ms of XPath per page on a loaded
machine, where a Python pass over the page's ~800 elements takes about 1 ms).

So the five expressions are evaluated here in one pass over the page's elements, as Python
tests of the same attributes (every regular expression in them is an alternation of literal
words, some anchored at the start), and the pruning is not done on a copy: an element pruned
away (one the discard expressions match, or inside one) is no candidate, and a candidate whose
subtree loses nothing to the pruning has the same text on the pruned copy as on the page. Only
when the first candidate that would be read has something pruned inside it (a ``<time>`` in the
byline) is trafilatura's own ``extract_author`` run, copy and all.

The rewrite is used only while trafilatura's XPaths are the ones it was written from
(:data:`_TRANSLATED_FROM`, a digest of their source): another trafilatura version gets its own
``extract_author``, whatever it does then. ``tests/test_author_guess.py`` compares both on every
golden page and on a page per alternative.
"""

from __future__ import annotations

import functools
import hashlib

from lxml.html import HtmlElement
from trafilatura.metadata import extract_author, normalize_authors
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

# trafilatura 2.3.1's AUTHOR_XPATHS (three, tried in order) and AUTHOR_DISCARD_XPATHS
# (trafilatura/xpaths.py), their regular expressions spelled out as words: "author-?name" is
# "authorname" or "author-name", "[Aa]uthor" is "Author" or "author", "^[Cc]omments" a start,
# "article-(?:share|support)" two words.
_TAGS_0 = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_CLASS_0 = ("authorname", "author-name", "AuthorName", "authorName")
_TESTIDS_0 = ("AuthorCard", "AuthorURL")
_TAGS_1 = frozenset({"a", "div", "h3", "h4", "p", "span"})
_CLASSES_1 = frozenset({"byline", "username", "byl", "BBL"})
_ID_1 = ("author", "zuozhe", "bianji", "xiaobian")
_CLASS_1 = ("author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by", "posted-by", "journalist-name")
_ID_2 = ("Author", "author")
_CLASS_2 = ("Author", "author", "screenname", "writer", "Byline", "byline")
_DISCARD_TAGS = frozenset({"a", "div", "section", "span"})
_DISCARD_ID_START = ("comments",)
_DISCARD_ID = ("commentlist", "comment-list", "ProductReviews")
_DISCARD_CLASS_START = ("Comments", "comments")
_DISCARD_CLASS = ("commentlist", "comments-list", "sidebar", "is-hidden", "quote", "embedly-instagram",
                  "article-share", "article-support", "print", "category", "meta-date", "meta-reviewer")
_DISCARD_1_TAGS = frozenset({"time", "figure"})
_LEN_LIMIT = 120  # extract_author's len_limit for extract_metainfo

# The digest of the XPaths the tests above were written from (their source text, in order).
_TRANSLATED_FROM = "25bd9dc701d833cf3cf1eccf12c4f97299053490f81b81f498fa621ab0b3719a"


def _digest(expressions) -> str:
    return hashlib.sha256("\x00".join(expression.path for expression in expressions).encode()).hexdigest()


REWRITE_APPLIES = _digest([*AUTHOR_XPATHS, *AUTHOR_DISCARD_XPATHS]) == _TRANSLATED_FROM
"""Whether the installed trafilatura's author XPaths are those this module evaluates."""


def _has(value: str | None, words: tuple[str, ...]) -> bool:
    return value is not None and any(word in value for word in words)


def _starts(value: str | None, words: tuple[str, ...]) -> bool:
    return value is not None and value.startswith(words)


def _rel_me(element: HtmlElement) -> bool:
    # the first expression's "rel='me'" (as trafilatura writes it): a child element <rel> whose text is "me"
    return any(child.tag == "rel" and child.text_content() == "me" for child in element)


@functools.lru_cache(maxsize=4096)  # a page's elements repeat a few hundred sets of these attributes
def _marks(tag: str, klass: str | None, ident: str | None, itemprop: str | None, rel: str | None,
           testid: str | None, component: str | None) -> tuple[bool, bool, bool, bool]:
    """What the three author expressions and the first discard expression test of an element
    with this tag and these attributes: whether each matches it (the first one's child
    ``<rel>`` test apart, which reads the element's children)."""
    first = tag == "author" or tag in _TAGS_0 and (
        rel == "author" or ident == "author" or klass == "author" or itemprop == "author name"
        or testid in _TESTIDS_0 or _has(klass, _CLASS_0))
    second = tag in _TAGS_1 and (klass in _CLASSES_1 or _has(itemprop, ("author",)) or _has(ident, _ID_1)
                                 or _has(klass, _CLASS_1))
    third = _has(component, ("Byline",)) or _has(itemprop, ("author",)) or _has(ident, _ID_2) \
        or _has(klass, _CLASS_2)
    discard = tag in _DISCARD_TAGS and (
        ident == "comments" or klass in ("comments", "title", "date") or _starts(ident, _DISCARD_ID_START)
        or _has(ident, _DISCARD_ID) or _starts(klass, _DISCARD_CLASS_START) or _has(klass, _DISCARD_CLASS)
        or _has(component, ("Figure",)))
    return first, second, third, discard


def trafilatura_author(tree: HtmlElement) -> str | None:
    """What ``trafilatura.metadata.extract_author(tree)`` returns (see the module's docstring)."""
    if not REWRITE_APPLIES:
        return extract_author(tree)
    has_rel = tree.find(".//rel") is not None
    candidates: tuple[list, list, list] = ([], [], [])
    discarded: list[HtmlElement] = []
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions: no element for //*
        # (its attributes read in one call: most elements have none, and lxml makes a new string
        # at every read of one)
        if attributes := element.items():
            get = dict(attributes).get
            first, second, third, discard = _marks(tag, get("class"), get("id"), get("itemprop"), get("rel"),
                                                   get("data-testid"), get("data-component"))
        else:
            first, second, third, discard = _marks(tag, None, None, None, None, None, None)
        if first or tag in _TAGS_0 and has_rel and _rel_me(element):
            candidates[0].append(element)
        if second:
            candidates[1].append(element)
        if third:
            candidates[2].append(element)
        if discard:
            discarded.append(element)
    if not any(candidates):
        return None
    pruned = set(discarded)
    # the second discard expression runs once the first's matches are gone: a <time> or <figure>
    # inside one of them is already gone with it
    pruned.update(element for element in tree.iter(*_DISCARD_1_TAGS)
                  if not any(ancestor in pruned for ancestor in element.iterancestors()))
    for found in candidates:
        for element in found:
            if element in pruned or any(ancestor in pruned for ancestor in element.iterancestors()):
                continue  # not on the pruned copy
            if any(inner in pruned for inner in element.iterdescendants()):
                # its text on the pruned copy is not its text here (a tail joined to another text)
                return extract_author(tree)
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < _LEN_LIMIT:
                return normalize_authors(None, content)
    return None
