"""Checks of the selectors a site profile gives (``drop_selectors``, ``body_selectors``).

A selector is an XPath when it starts with "/" or "(", CSS otherwise; the extractor applies it
to every page of the site (``crawler.boilerplate``) and uses the elements it selects. A selector
that parses can still never select an element, and then it only warns on every page, or does
nothing at all, for the whole crawl. :func:`selector_error` finds that when the profile loads:

* an XPath function XPath 1.0 does not have (``contain(…)``): lxml looks functions up only when
  it evaluates them, on a page with the element in front of the call;
* an XPath whose result is not elements: attribute values (``//div/@class``), text
  (``//div/text()``), a number or a string (``count(//p)``);
* a CSS pseudo-class of the browser's state (``a:hover``, ``:focus``, ``:visited``, ``:active``,
  ``:target``), which cssselect translates to "never matches";
* anything lxml or cssselect refuses (syntax, a CSS pseudo-element, an unknown pseudo-class,
  an undefined namespace prefix or variable).

The result type is found by evaluating the XPath on a small document made of what it names:
its element names nested in the order they appear, each carrying every attribute it names and
some text, so that the steps and predicates that do not compare values are reached.

Pure functions; no settings.
"""

from __future__ import annotations

import difflib
import re

from cssselect import SelectorError
from cssselect.xpath import ExpressionError
from lxml import etree
from lxml.cssselect import CSSSelector, LxmlHTMLTranslator

# What lxml and cssselect raise for a selector that does not parse or cannot be translated.
SELECTOR_ERRORS = (etree.XPathError, SelectorError, ValueError)

# XPath 1.0's function library (https://www.w3.org/TR/xpath-10/#corelib): the extractor
# evaluates profile XPaths without extension namespaces, so these are all it can call.
_XPATH_FUNCTIONS = frozenset({
    "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string", "concat",
    "starts-with", "contains", "substring-before", "substring-after", "substring", "string-length",
    "normalize-space", "translate", "boolean", "not", "true", "false", "lang", "number", "sum",
    "floor", "ceiling", "round",
})
# Node tests and operators that are written like a call: text(), (a) and (b).
_XPATH_CALL_LIKE = frozenset({"node", "text", "comment", "processing-instruction", "and", "or", "div", "mod"})
_XPATH_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")
_XPATH_AXIS = re.compile(r"\b([a-z-]+)\s*::")
_XPATH_CALL = re.compile(r"(?<![\w.@$:-])([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_XPATH_NAME = re.compile(r"(?<![\w.$:-])(@?)([A-Za-z_][\w.-]*)(?![\w.-]|\s*\(|:)")


def is_xpath(selector: str) -> bool:
    return selector.startswith(("/", "("))


def selector_error(selector: str) -> str | None:
    """Why a profile's selector cannot select elements of a page, in one line, or ``None``."""
    try:
        return _xpath_error(selector) if is_xpath(selector) else _css_error(selector)
    except SELECTOR_ERRORS as exc:
        return f"{'XPath' if is_xpath(selector) else 'CSS selector'}: {exc}"


def _xpath_error(selector: str) -> str | None:
    compiled = etree.XPath(selector)
    code = _XPATH_LITERAL.sub("''", selector)
    for name in _XPATH_CALL.findall(code):
        if name not in _XPATH_FUNCTIONS and name not in _XPATH_CALL_LIKE:
            close = difflib.get_close_matches(name, _XPATH_FUNCTIONS, n=1, cutoff=0.8)
            return f"XPath: unknown function {name}()" + (f" (did you mean {close[0]}()?)" if close else "")
    result = compiled(_document_named_by(code))
    if not isinstance(result, list):
        kind = {bool: "true or false", float: "a number"}.get(type(result), "a string")
        return f"XPath: gives {kind}, not elements"
    for node in result:
        if getattr(node, "is_attribute", False):
            return "XPath: selects attribute values, not elements"
        if isinstance(node, etree._Comment):
            return "XPath: selects comments, not elements"
        if not (isinstance(node, etree._Element) and isinstance(node.tag, str)):
            return "XPath: selects text, not elements"
    return None


def _document_named_by(code: str) -> etree._Element:
    """Elements named by the XPath ``code`` (string literals blanked), nested in order, each
    with every attribute it names, some text and a comment."""
    code = _XPATH_AXIS.sub(lambda m: "@" if m.group(1) == "attribute" else "", code)
    names = _XPATH_NAME.findall(code)
    attributes = {name: "x" for at, name in names if at}
    root = None
    parent = None
    for element_name in [name for at, name in names if not at and name not in ("and", "or", "mod")] or ["div"]:
        element = etree.Element(element_name, attributes) if parent is None else \
            etree.SubElement(parent, element_name, attributes)
        element.text = "x"
        element.append(etree.Comment("x"))
        root = element if root is None else root
        parent = element
    return root


def _never_in_a_fetched_page(pseudo_class: str):
    def refuse(self, xpath):
        raise ExpressionError(f":{pseudo_class} never matches a fetched page (a state of the reader's browser)")
    return refuse


class _ProfileTranslator(LxmlHTMLTranslator):
    """The translator pages are selected with (``HtmlElement.cssselect``), refusing the
    pseudo-classes it would translate to "never matches"."""

    xpath_hover_pseudo = _never_in_a_fetched_page("hover")
    xpath_active_pseudo = _never_in_a_fetched_page("active")
    xpath_focus_pseudo = _never_in_a_fetched_page("focus")
    xpath_visited_pseudo = _never_in_a_fetched_page("visited")
    xpath_target_pseudo = _never_in_a_fetched_page("target")


def _css_error(selector: str) -> str | None:
    CSSSelector(selector, translator=_ProfileTranslator())
    return None
