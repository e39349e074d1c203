"""The article body a script-rendered page ships in its data, for pages whose HTML has none.

Sites built with React frameworks often send an empty shell plus the article in a data script
that the browser renders: Next.js app-router "flight" chunks (``self.__next_f.push([1, "..."])``,
where long HTML travels as a text row ``24:T1b7b,<p>…``), Next.js pages-router / Nuxt JSON
(``<script type="application/json">``, ``__NEXT_DATA__``) with the body as an HTML string, or
JSON-LD's ``articleBody``. Neither trafilatura nor any DOM rule sees that text. These pure
functions find the largest such body so that extraction can run on it like on any page.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

_FLIGHT_PUSH = re.compile(r"self\.__next_f\.push\((\[.*\])\)\s*;?\s*$", re.DOTALL)
# a flight text row: "<id>:T<length in hex>," then <length> UTF-8 bytes of text
_FLIGHT_TEXT_ROW = re.compile(r"(?:^|\n)[0-9a-f]+:T([0-9a-f]+),")
_PARAGRAPH_TAG = re.compile(r"<p[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_MIN_PARAGRAPHS = 2
_MAX_SCRIPT_CHARS = 5_000_000


def embedded_body_html(tree: HtmlElement, article_body: str | None = None) -> str | None:
    """The longest article body (as HTML) carried in the page's data scripts, or ``None``.

    Candidates are HTML strings with at least two paragraphs (``<p>``) found in Next.js flight
    chunks and JSON data scripts, and ``article_body`` (JSON-LD's plain ``articleBody``), whose
    lines become paragraphs. The one with the most visible text wins.
    """
    candidates = list(_script_html_strings(tree))
    if article_body and article_body.strip():
        candidates.append("".join(f"<p>{html_lib.escape(line.strip(), quote=False)}</p>"
                                  for line in article_body.splitlines() if line.strip()))
    best, best_chars = None, 0
    for candidate in candidates:
        chars = len(_TAG.sub("", candidate).strip())
        if chars > best_chars:
            best, best_chars = candidate, chars
    return best


def _script_html_strings(tree: HtmlElement) -> Iterator[str]:
    flight: list[str] = []
    for script in tree.iter("script"):
        text = script.text
        if not text or len(text) > _MAX_SCRIPT_CHARS:
            continue
        kind = (script.get("type") or "").lower()
        if kind == "application/json" or script.get("id") == "__NEXT_DATA__":
            try:
                data = json.loads(text)
            except ValueError:
                continue
            yield from (value for value in _strings(data) if _is_body_html(value))
        elif "__next_f" in text[:40]:
            match = _FLIGHT_PUSH.search(text.strip())
            if not match:
                continue
            try:
                chunk = json.loads(match.group(1))
            except ValueError:
                continue
            if isinstance(chunk, list) and len(chunk) > 1 and chunk[0] == 1 and isinstance(chunk[1], str):
                flight.append(chunk[1])
    if flight:
        yield from _flight_html_strings("".join(flight))


def _flight_html_strings(payload: str) -> Iterator[str]:
    """Text rows of a Next.js flight payload that hold a body; their length counts UTF-8 bytes."""
    data = payload.encode("utf-8")
    for match in _FLIGHT_TEXT_ROW.finditer(payload):
        start = len(payload[: match.end()].encode("utf-8"))
        text = data[start: start + int(match.group(1), 16)].decode("utf-8", "replace")
        if _is_body_html(text):
            yield text


def _strings(data: Any) -> Iterator[str]:
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _is_body_html(value: str) -> bool:
    return len(value) > 200 and len(_PARAGRAPH_TAG.findall(value)) >= _MIN_PARAGRAPHS
