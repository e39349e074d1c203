"""The article a script-rendered page ships in its data, for pages whose HTML has none.

Sites built with React frameworks often send an empty shell plus the article in a data script
that the browser renders: Next.js app-router "flight" chunks (``self.__next_f.push([1, "..."])``,
where long HTML travels as a text row ``24:T1b7b,<p>…`` that the article record points to as
``"contentHtml": "$24"``), Next.js pages-router / Nuxt JSON (``<script type="application/json">``,
``__NEXT_DATA__``) or a state literal (``window.__INITIAL_STATE__ = {…}``) with the body as an
HTML string, or JSON-LD's ``articleBody``. Neither trafilatura nor any DOM rule sees that text.
These pure functions find the largest such body, and the record that holds it (where the
article's dates are), so that extraction can run on it like on any page.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement

from crawler.boilerplate import compact, unescape_complete_references

_FLIGHT_PUSH = re.compile(r"self\.__next_f\.push\((\[.*\])\)\s*;?\s*$", re.DOTALL)
# a flight row: "<id>:" then either "T<length in hex>," and <length> UTF-8 bytes of text, or
# a line of JSON (or of a type-tagged value: "I[…]", "HL[…]") up to the newline
_FLIGHT_ROW = re.compile(rb"([0-9a-f]*):(?:T([0-9a-f]+),)?")
# a server-rendered app's state handed to the browser as a JSON literal:
# "window.__INITIAL_STATE__ = {…};", "window.__PRELOADED_STATE__ = {…}", "var appData = {…}"
_STATE_ASSIGNMENT = re.compile(
    r"\s*(?:window\.|self\.|globalThis\.|var\s+|let\s+|const\s+)?"
    r"(?:__[A-Za-z0-9_$]+__|[A-Za-z_$][\w$]*(?:State|STATE|Data|DATA|Props|PROPS))\s*=\s*(?=[\[{])")
# Arc XP (Fusion) assigns the story's content record among other statements of one script:
# "window.Fusion=…;Fusion.globalContent={…};Fusion.globalContentConfig=…"
_FUSION_CONTENT = re.compile(r"Fusion\.globalContent\s*=\s*(?=\{)")
_JAVASCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")
# Nuxt 2's state: a JavaScript literal returned by a function, the values used twice or more passed
# as its arguments ("window.__NUXT__=(function(a,b){return {data:[{article:{title:"…",body:"<p>…"}}]}}(…))"):
# not JSON (bare keys, variables), so its string literals are read one by one.
_FUNCTION_STATE = re.compile(r"\s*(?:window\.|self\.|globalThis\.)?__[A-Za-z0-9_$]+__\s*=\s*\(?\s*function\s*\(")
# the tokens of such a literal: a double-quoted string, a bracket, a bare key and its colon
_JS_TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"(\s*:)?|([{}\[\]])|([A-Za-z_$][\w$]*)\s*:')
_JS_HEX_ESCAPE = re.compile(r"\\x([0-9A-Fa-f]{2})")
# A body given as blocks: Editor.js / Next.js CMS blocks ({"type": "paragraph", "data": {"text": …}}),
# Arc XP's content_elements ({"type": "text", "content": …}); headers and lists go along, images
# and embeds do not.
_TEXT_BLOCK_TYPES = {"paragraph", "text", "p", "header", "heading", "subheading", "subhead", "quote", "blockquote"}
# A list block: Arc XP's {"type": "list", "list_type": "unordered", "items": [{"type": "text",
# "content": …}]} and Editor.js's {"type": "list", "data": {"style": "ordered", "items": ["…"]}}
# (its nested lists give items as {"content": …, "items": […]}).
_LIST_BLOCK_TYPES = {"list", "bulleted_list", "numbered_list", "ordered_list", "unordered_list"}
_MAX_LIST_DEPTH = 4
# Contentful's rich-text blocks ("paragraph", "heading-2", "blockquote", "unordered-list"): their
# words are in "content" lists of text nodes; "embedded-entry-block" and the like are not text.
_RICH_TEXT_NODES = ("paragraph", "heading", "blockquote", "unordered-list", "ordered-list")
_PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_MIN_PARAGRAPHS = 2
_MAX_SCRIPT_CHARS = 5_000_000

# Keys of an article record that hold its dates, compared without case, "_" and "-".
_PUBLISHED_KEYS = frozenset({"datepublished", "publishedat", "publisheddate", "publishdate", "publishedon",
                             "publishedtime", "publishtime", "pubdate", "firstpublished", "firstpublishedat",
                             "publicationdate", "releasedate"})
_MODIFIED_KEYS = frozenset({"datemodified", "modifiedat", "modifieddate", "updatedat", "updateddate",
                            "lastmodified", "lastupdated"})
# Keys of an article record that hold its headline ("name" is too often a section's or a person's).
_TITLE_KEYS = ("title", "headline")
# A record's metadata objects, where headless CMSs keep its headline ({"seo": {"title": …}, "content":
# {"html": …}}: Strapi's and Contentful's SEO components, Sanity's "seo", a "meta" or "metadata" block).
_META_KEY_PARTS = ("seo", "meta", "opengraph")


@dataclass
class EmbeddedArticle:
    html: str
    """The body as HTML (JSON-LD's plain ``articleBody`` becomes one ``<p>`` per line)."""
    record: Mapping[str, Any] = field(default_factory=dict)
    """The data object the body came from: ``{"title": …, "contentHtml": "$24", "publishedAt": …}``."""
    lineage: tuple[Mapping[str, Any], ...] = ()
    """The objects around ``record`` in the data, the nearest first: a body in ``{"content": {"html":
    …}}`` belongs to the story whose record holds that ``content``."""


def embedded_article(tree: HtmlElement, article_body: str | None = None,
                     titles: Sequence[str] = ()) -> EmbeddedArticle | None:
    """The longest article body carried in the page's data scripts, or ``None``.

    Candidates are HTML strings with at least two paragraphs (``<p>``) found in Next.js flight
    chunks and JSON data scripts, and ``article_body`` (JSON-LD's plain ``articleBody``), whose
    lines become paragraphs. A candidate whose record names another headline than any of
    ``titles`` (the page's own: og:title, h1, ...) is another story, prefetched for a "read
    next" box; of the rest, the one with the most visible text wins.
    """
    page_titles = [key for key in map(compact, titles) if key]
    candidates = [candidate for candidate in _script_bodies(tree) if _same_story(candidate, page_titles)]
    if article_body and article_body.strip():
        # a CMS that escaped its text before putting it in JSON ("&quot;", "&#039;"): decoded once
        candidates.append(EmbeddedArticle("".join(
            f"<p>{html_lib.escape(unescape_complete_references(line.strip()), quote=False)}</p>"
            for line in article_body.splitlines() if line.strip())))
    best, best_chars = None, 0
    for candidate in candidates:
        chars = len(_TAG.sub("", candidate.html).strip())
        if chars > best_chars:
            best, best_chars = candidate, chars
    return best


def json_ld_article_body(tree: HtmlElement) -> str | None:
    """The ``articleBody`` (or ``text``) of the first JSON-LD object typed as an article
    (``NewsArticle``, ``Article``, ``BlogPosting``…; in a list, an ``@graph`` or a
    ``mainEntity`` too) that has one, for :func:`embedded_article` where no extraction read
    the page's JSON-LD (``crawler.discovery.page_carries_article``)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):  # malformed, or nested deeper than the parser goes
            continue
        pending = [data]
        while pending:
            node = pending.pop()
            if isinstance(node, list):
                pending.extend(reversed(node[:100]))
                continue
            if not isinstance(node, dict):
                continue
            types = node.get("@type")
            names = [t.rsplit("/", 1)[-1].lower() for t in (types if isinstance(types, list) else [types])
                     if isinstance(t, str)]
            body = node.get("articleBody") or node.get("text")
            if any(name.endswith("article") or name in ("blogposting", "liveblogposting", "report")
                   for name in names) and isinstance(body, str) and body.strip():
                return body
            pending.extend(value for key in ("mainEntity", "@graph")
                           if isinstance(value := node.get(key), (dict, list)))
    return None


def _same_story(candidate: EmbeddedArticle, page_titles: Sequence[str]) -> bool:
    """False when the nearest record around the body that names a headline (the one holding it,
    else the objects around it, a headline read from the record's own title keys or from its
    metadata object's: ``{"seo": {"title": …}, "content": {"html": …}}``) names none that one of
    the page's titles contains or is contained in, at half its length or more."""
    if not page_titles:
        return True
    for record in (candidate.record, *candidate.lineage):
        headlines = _headlines(record)
        if headlines:
            return any(_names_page(compact(headline), page_titles) for headline in headlines)
    return True


def _headlines(record: Mapping[str, Any]) -> list[str]:
    """The headline a record names under its own title keys, else those its metadata objects name."""
    own = [value for key in _TITLE_KEYS if isinstance(value := record.get(key), str) and value.strip()]
    if own:
        return own[:1]
    return [value for name, meta in record.items()
            if isinstance(name, str) and isinstance(meta, dict) and any(part in name.lower() for part in _META_KEY_PARTS)
            for key in _TITLE_KEYS if isinstance(value := meta.get(key), str) and value.strip()]


def _names_page(key: str, page_titles: Sequence[str]) -> bool:
    # one inside the other and of like length: "Headline" in "Headline | Site", but a section
    # front's title ("اقتصاد") is no headline of a story it lists ("الاقتصاد المصري ينمو …")
    return not key or any((key in title or title in key) and min(len(key), len(title)) >= 0.5 * max(len(key), len(title))
                          for title in page_titles)


def record_dates(record: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """``(published, modified)`` as written in an article record (ISO text, or epoch seconds or
    milliseconds turned into ISO UTC), ``None`` where the record has no such key."""
    found: dict[str, str] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        name = key.lower().replace("_", "").replace("-", "")
        kind = "published" if name in _PUBLISHED_KEYS else "modified" if name in _MODIFIED_KEYS else None
        if kind and kind not in found and (text := _date_text(value)):
            found[kind] = text
    return found.get("published"), found.get("modified")


def _date_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        seconds = value / 1000 if value > 100_000_000_000 else value  # milliseconds after 1973
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _script_bodies(tree: HtmlElement) -> Iterator[EmbeddedArticle]:
    flight: list[str] = []
    for script in tree.iter("script"):
        text = script.text
        if not text or len(text) > _MAX_SCRIPT_CHARS:
            continue
        kind = (script.get("type") or "").lower()
        state = (_STATE_ASSIGNMENT.match(text) or _FUSION_CONTENT.search(text)) if kind in _JAVASCRIPT_TYPES else None
        if kind == "application/json" or script.get("id") == "__NEXT_DATA__" or state:
            try:
                # the value assigned, whatever statements follow it
                data = json.JSONDecoder(strict=False).raw_decode(text, state.end())[0] if state else json.loads(text)
            except (ValueError, RecursionError):  # malformed, or nested deeper than the parser goes
                continue
            # one walk of the document for both kinds of body; block bodies after HTML strings
            blocks = []
            for node, value in _walk(data):
                if isinstance(value, str):
                    if _is_body_html(value):
                        yield EmbeddedArticle(value, node[0], _lineage(node))
                elif (html := _block_body(value)) is not None:
                    blocks.append(EmbeddedArticle(html, node[0], _lineage(node)))
            yield from blocks
        elif kind in _JAVASCRIPT_TYPES and (call := _FUNCTION_STATE.match(text)):
            yield from _function_state_bodies(text, call.end())
        elif "__next_f" in text[:40]:
            match = _FLIGHT_PUSH.search(text.strip())
            if not match:
                continue
            try:
                chunk = json.loads(match.group(1))
            except (ValueError, RecursionError):  # malformed, or nested deeper than the parser goes
                continue
            if isinstance(chunk, list) and len(chunk) > 1 and chunk[0] == 1 and isinstance(chunk[1], str):
                flight.append(chunk[1])
    if flight:
        yield from _flight_bodies("".join(flight))


def _function_state_bodies(text: str, start: int) -> list[EmbeddedArticle]:
    """The HTML bodies among the string literals of a state a function returns (Nuxt 2's
    ``window.__NUXT__=(function(a,b){return {…}}(…))``), each with the object literal that holds
    it (its other string values under bare or quoted keys: ``title``, ``published_at``) and the
    objects around that one, the nearest first. Values passed as the function's arguments (a
    variable in the literal) are not read."""
    found: list[EmbeddedArticle] = []
    objects: list[dict[str, Any] | None] = []  # the open literals; None for an array
    key: str | None = None
    for token in _JS_TOKEN.finditer(text, start):
        string, is_key, bracket, bare_key = token.groups()
        if bracket:
            if bracket in "{[":
                objects.append({} if bracket == "{" else None)
            elif objects:
                objects.pop()
            key = None
        elif bare_key is not None or is_key:
            key = bare_key if bare_key is not None else string
        elif string is not None:
            try:
                value = _js_string(string)
            except ValueError:
                key = None
                continue
            holder = objects[-1] if objects else None
            if holder is not None and key is not None:
                holder[key] = value
            if _is_body_html(value):
                around = tuple(item for item in reversed(objects[:-1]) if item is not None)
                found.append(EmbeddedArticle(value, holder if holder is not None else {}, around))
            key = None
    return found


def _js_string(raw: str) -> str:
    """A double-quoted JavaScript string's value (its inside as written): JSON's escapes, plus
    JavaScript's ``\\xHH`` and ``\\'``. Raises ``ValueError`` for what neither reads."""
    return json.loads('"' + _JS_HEX_ESCAPE.sub(r"\\u00\1", raw).replace("\\'", "'") + '"')


def _block_body(blocks: list[Any]) -> str | None:
    """A body given as a list of text blocks (``"content_elements": [{"type": "text", "content":
    …}, …]``), joined as paragraphs; ``None`` when the list is not one."""
    paragraphs = [text for block in blocks if (text := _block_text(block))]
    if len(paragraphs) < _MIN_PARAGRAPHS:
        return None
    # a block's text may hold inline markup ("<b>", "<a>"); plain text is escaped
    html = "".join(text if text.lstrip().startswith(("<p", "<ul", "<ol")) else
                   f"<p>{text if _TAG.search(text) else html_lib.escape(text, quote=False)}</p>"
                   for text in paragraphs)
    return html if _is_body_html(html) else None


def _block_text(block: Any) -> str | None:
    """The text of one block of a block-structured body, or ``None`` for an image, an embed or
    anything else that is not text."""
    if isinstance(block, dict) and str(block.get("type", "")).lower() in _LIST_BLOCK_TYPES:
        return _list_html(block)
    if isinstance(block, dict) and (rich := _rich_text_block(block)) is not None:
        return rich
    if not isinstance(block, dict) or str(block.get("type", "")).lower() not in _TEXT_BLOCK_TYPES:
        return None
    inner = block.get("data") if isinstance(block.get("data"), dict) else block
    text = next((value for key in ("text", "content", "html", "value") if isinstance(value := inner.get(key), str)), None)
    return text.strip() if text and text.strip() else None


def _rich_text_block(block: Mapping[str, Any]) -> str | None:
    """The text of a rich-text block whose words are in inline children: Sanity's Portable Text
    (``{"_type": "block", "style": "normal", "children": [{"_type": "span", "text": …}]}``, a
    list item marked ``"listItem"``) and Contentful's rich text (``{"nodeType": "paragraph",
    "content": [{"nodeType": "text", "value": …}]}``, ``heading-2``, ``blockquote``); ``None`` for
    other blocks (images, embeds, references to other stories), and ``""`` for an empty one."""
    if block.get("_type") == "block" and isinstance(block.get("children"), list):
        children = block["children"]
    elif str(block.get("nodeType", "")).startswith(_RICH_TEXT_NODES) and isinstance(block.get("content"), list):
        children = block["content"]
    else:
        return None
    if str(block.get("nodeType", "")).endswith("list"):
        items = [html_lib.escape(text, quote=False) for item in children if (text := _inline_text(item).strip())]
        return f"<ul>{''.join(f'<li>{item}</li>' for item in items)}</ul>" if items else ""
    text = html_lib.escape(_joined_text(children).strip(), quote=False)
    if not text:
        return ""
    return f"<ul><li>{text}</li></ul>" if block.get("listItem") else f"<p>{text}</p>"


def _inline_text(node: Any, depth: int = 0) -> str:
    """The text of a rich-text block's inline child (a span, a text node, a link around them)."""
    if not isinstance(node, dict) or depth > _MAX_LIST_DEPTH:
        return ""
    if isinstance(node.get("text"), str):
        return node["text"]
    if isinstance(node.get("value"), str):
        return node["value"]
    children = node.get("children", node.get("content"))
    return _joined_text(children, depth + 1) if isinstance(children, list) else ""


def _joined_text(children: list, depth: int = 0) -> str:
    """The text of rich-text children: inline ones (text, links) run on; block ones (the
    paragraphs of a Contentful quote or list item) are set apart by a space."""
    blocks = any(isinstance(child, dict) and str(child.get("nodeType", "")).startswith(_RICH_TEXT_NODES + ("list-item",))
                 for child in children)
    return (" " if blocks else "").join(_inline_text(child, depth) for child in children)


def _list_html(block: Mapping[str, Any], depth: int = 0) -> str | None:
    """A list block as ``<ul>``/``<ol>`` with one ``<li>`` per item that has text, or ``None``."""
    inner = block.get("data") if isinstance(block.get("data"), dict) else block
    items = inner.get("items")
    if not isinstance(items, list) or depth > _MAX_LIST_DEPTH:
        return None
    style = " ".join(str(inner.get(key, "")) for key in ("list_type", "style", "type")).lower()
    tag = "ol" if "ordered" in style.replace("unordered", "") or "numbered" in style else "ul"
    rendered = []
    for item in items:
        if isinstance(item, str):
            text, nested = item.strip(), None
        elif isinstance(item, dict):
            text = next((value.strip() for key in ("content", "text", "html", "value")
                         if isinstance(value := item.get(key), str)), "")
            nested = _list_html(item, depth + 1) if isinstance(item.get("items"), list) else None
        else:
            continue
        if text and not _TAG.search(text):
            text = html_lib.escape(text, quote=False)
        if text or nested:
            rendered.append(f"<li>{text}{nested or ''}</li>")
    return f"<{tag}>{''.join(rendered)}</{tag}>" if rendered else None


def _flight_bodies(payload: str) -> Iterator[EmbeddedArticle]:
    """Text rows of a Next.js flight payload that hold a body, each with the record that refers
    to it (``"$<row id>"``)."""
    texts: dict[str, str] = {}
    rows: list[str] = []
    for row_id, is_text, content in _flight_rows(payload):
        if is_text:
            if _is_body_html(content):
                texts[row_id] = content
        elif content[:1] in ("[", "{"):
            rows.append(content)
    if not texts:
        return
    # only now parse the JSON rows (most of a large payload), to find the records that point to the texts
    references = {f"${row_id}" for row_id in texts}
    owners: dict[str, _Node] = {}
    for row in rows:
        if not any(reference in row for reference in references):
            continue
        try:
            data = json.loads(row)
        except (ValueError, RecursionError):  # malformed, or nested deeper than the parser goes
            continue
        for node, value in _walk(data):
            if isinstance(value, str) and value in references:
                owners.setdefault(value[1:], node)
    for row_id, content in texts.items():
        node = owners.get(row_id, ({}, None))
        yield EmbeddedArticle(content, node[0], _lineage(node))


def _flight_rows(payload: str) -> Iterator[tuple[str, bool, str]]:
    """``(row id, is a text row, content)`` of a flight payload; text rows are cut at their length
    in UTF-8 bytes, other rows at the newline."""
    data = payload.encode("utf-8")
    position = 0
    while position < len(data):
        match = _FLIGHT_ROW.match(data, position)
        if match is None or match.end() == position + 1 and not match.group(1):
            end = data.find(b"\n", position)
            if end < 0:
                return
            position = end + 1
            continue
        row_id = match.group(1).decode("ascii")
        if match.group(2):
            end = match.end() + int(match.group(2), 16)
            yield row_id, True, data[match.end():end].decode("utf-8", "replace")
            position = end
        else:
            end = data.find(b"\n", match.end())
            end = len(data) if end < 0 else end
            yield row_id, False, data[match.end():end].decode("utf-8", "replace")
            position = end + 1


# An object of a JSON document and the node of the object around it (``None`` at the top).
_Node = tuple[Mapping[str, Any], "_Node | None"]


def _walk(data: Any) -> Iterator[tuple[_Node, str | list[Any]]]:
    """Every string and list of a JSON document with the node of the object that holds it
    (``{}`` for those in lists outside any object)."""
    stack: list[tuple[_Node, Any]] = [(({}, None), data)]
    while stack:
        node, value = stack.pop()
        if isinstance(value, str):
            yield node, value
        elif isinstance(value, dict):
            inner = (value, node)
            stack.extend((inner, item) for item in value.values())
        elif isinstance(value, list):
            yield node, value
            stack.extend((node, item) for item in value)


def _lineage(node: _Node) -> tuple[Mapping[str, Any], ...]:
    """The objects around a node's, the nearest first."""
    around = []
    parent = node[1]
    while parent is not None:
        around.append(parent[0])
        parent = parent[1]
    return tuple(around)


def _is_body_html(value: str) -> bool:
    return len(value) > 200 and len(_PARAGRAPH_TAG.findall(value)) >= _MIN_PARAGRAPHS
