"""Responses that must not be stored as articles: anti-bot challenges, refusals, binary payloads.

Pure functions over bytes/str and plain header mappings (no Scrapy imports), used by the
spider before it hands a page to extraction (``spiders/news.py``) and by the fault tests.

* :func:`looks_like_challenge` names the anti-bot wall a response is (a 401/403 refusal, a
  Cloudflare / Sucuri / Incapsula / DataDome / PerimeterX / Akamai challenge, a captcha or
  "enable JavaScript and cookies" interstitial served with 200), or returns ``None``.
  A real article that merely *mentions* Cloudflare or a captcha is not a challenge, nor one
  that loads a bot manager's detection script: a page of a dozen paragraphs is never a wall,
  the generic phrases count only on a short page, and vendor markers are structural (script
  paths, element ids, response headers), not prose.
* :func:`server_error_at_end` finds the error a server prints where its page stops being
  written (PHP's ``<b>Fatal error</b>: Allowed memory size … on line <b>2481</b>`` or its
  ``mysqli_connect(): … Too many connections`` warning, a Java stack trace, ASP.NET's "Server
  Error in '/' Application." page), nothing after it but end tags, or the short page that is
  nothing but a server's error page (WordPress's "Error establishing a database connection",
  Tomcat's "HTTP Status 500", Laravel's "Whoops, looks like something went wrong.", Django's
  "Server Error (500)"): a page served with 200 but cut by a server failure, or made of nothing
  else. Text quoting such an error in a story that goes on after it is not one.
* :func:`looks_like_binary` says whether a body is a file (PDF, image, archive...) or
  otherwise not text, whatever its ``Content-Type`` claims.
* :func:`gzip_is_complete` says whether a gzip stream ends properly (a truncated
  ``Content-Encoding: gzip`` body decompresses "successfully" to a cut page);
  :func:`gzip_body_problem` names what is wrong with a body declared gzip (``truncated``,
  ``bad_encoding``), :func:`encoded_body_problem` with one declared gzip, deflate, br or zstd,
  for the crawl (``pipelines/safety.py::TruncatedGzipMiddleware``) and for
  ``crawler extract`` (``crawler/page_fetch.py``) alike.
* :func:`html_cut_short` says whether an HTML page stops before its end: it opened ``<html>``
  or ``<body>``, closes neither, and its last byte is not the end of a tag (trailing spaces, a
  BOM, ``^Z`` aside), nor did its story container (``<article>``, ``<main>``) close before a
  last line, nor is that line a short one after a block (a timing line). A server that
  declares fewer bytes than it sends (a ``Content-Length`` counted in characters on an Arabic
  page), or that closes a page sent without a length mid-way, hands over a page the HTTP
  client takes as whole: stored, the story was cut without a sign.

No settings.
"""

from __future__ import annotations

import bisect
import re
import zlib
from collections import Counter
from collections.abc import Mapping

from crawler.encoding import looks_binary

# Bytes of the body examined: challenge pages and file signatures are all at the start.
_SNIFF_BYTES = 64 * 1024
# Bytes read to measure a page's visible text (a larger page is long whatever its markup).
_TEXT_BYTES = 1024 * 1024
# A page with this many <p> tags is not an interstitial.
_MANY_PARAGRAPHS = 12
# "<p>" and "<p ", not "<path" (an inline SVG icon has dozens) or "<param".
_PARAGRAPH_TAG = {bytes: re.compile(rb"<p[ >]", re.IGNORECASE), str: re.compile(r"<p[ >]", re.IGNORECASE)}
# A page with less visible text than this is "short": an interstitial, not an article.
_SHORT_PAGE_CHARS = 1500

# Structural markers of anti-bot vendors: script paths, element ids, form actions. These
# do not occur in article prose, so they count on a page of any length.
_VENDOR_MARKERS: tuple[tuple[str, re.Pattern[bytes]], ...] = (
    ("cloudflare", re.compile(rb"/cdn-cgi/challenge-platform/|cf-browser-verification|"
                              rb"id=[\"']cf-(?:wrapper|challenge|error-details)|"
                              rb"__cf_chl_(?:opt|tk|rt_tk|f_tk)|cf_chl_opt", re.I)),
    ("sucuri", re.compile(rb"sucuri_cloudproxy_js|Sucuri WebSite Firewall - Access Denied|"
                          rb"cloudproxy@sucuri\.net", re.I)),
    ("incapsula", re.compile(rb"_Incapsula_Resource|Incapsula incident ID|incap_ses_", re.I)),
    ("datadome", re.compile(rb"captcha-delivery\.com|geo\.captcha-delivery|dd_captcha|"
                            rb"window\.ddjskey", re.I)),
    ("perimeterx", re.compile(rb"px-captcha|_pxCaptcha|perimeterx\.net|window\._pxAppId", re.I)),
    ("akamai", re.compile(rb"_abck=|ak_bmsc|Reference&#32;&#35;[0-9a-f.]+", re.I)),
)

# Lower-case literals, one of which occurs wherever the vendor's marker regex can match.
_VENDOR_HINTS: dict[str, tuple[bytes, ...]] = {
    "cloudflare": (b"/cdn-cgi/challenge-platform/", b"cf-browser-verification", b"cf-wrapper",
                   b"cf-challenge", b"cf-error-details", b"cf_chl_"),
    "sucuri": (b"sucuri",),
    "incapsula": (b"incapsula", b"incap_ses_"),
    "datadome": (b"captcha-delivery", b"dd_captcha", b"ddjskey"),
    "perimeterx": (b"px-captcha", b"_pxcaptcha", b"perimeterx", b"_pxappid"),
    "akamai": (b"_abck=", b"ak_bmsc", b"reference&#32;&#35;"),
}

# Phrases of challenge and refusal pages (en/fr/ar). They count only on a short page.
_CHALLENGE_PHRASES = re.compile(
    r"just a moment\.\.\.|checking (?:if the site connection is secure|your browser)|"
    r"enable javascript and cookies to continue|please (?:enable|turn on) (?:javascript|cookies)|"
    r"(?:javascript|cookies) (?:is|are) (?:required|disabled)|verify(?:ing)? (?:that )?you are "
    r"(?:a )?human|are you a robot|i'?m not a robot|complete the (?:security check|captcha)|"
    r"access denied|access to this page has been denied|request (?:unsuccessful|blocked)|"
    r"you have been blocked|attention required!|ddos protection by|"
    r"activez (?:le )?javascript|veuillez activer (?:le )?javascript|accès refusé|"
    r"vérification (?:de sécurité|que vous êtes humain)|"
    r"يرجى تفعيل (?:جافا ?سكريبت|الجافاسكريبت|ملفات تعريف الارتباط)|تم رفض الوصول|"
    r"التحقق من أنك (?:إنسان|لست روبوت)",
    re.I,
)
# Captcha widgets embedded in a page.
_CAPTCHA_WIDGET = re.compile(rb"g-recaptcha|h-captcha|hcaptcha\.com/1/api|cf-turnstile|"
                             rb"challenges\.cloudflare\.com/turnstile", re.I)

_TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S | re.I)
_SPACE = re.compile(r"\s+")

# Response headers set by anti-bot layers on their challenge responses.
_CHALLENGE_HEADERS = {
    "cf-mitigated": "cloudflare",  # "cf-mitigated: challenge"
    "x-datadome": "datadome",
    "x-sucuri-block": "sucuri",
    "x-px-block": "perimeterx",
}

def _first_value(value) -> str:
    """A header's (first) value as text; Scrapy's ``Headers`` give lists of bytes."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else b""
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def visible_text(html: str) -> str:
    """The page's text without tags, scripts and styles, whitespace collapsed (a cheap view)."""
    return _SPACE.sub(" ", _TAG.sub(" ", html)).strip()


def _has_many_paragraphs(body: bytes | str) -> bool:
    """At least ``_MANY_PARAGRAPHS`` paragraph tags in the first ``_TEXT_BYTES``. Stops at the
    dozenth: on an article that is a few kilobytes in, where counting them all (on a lowered
    copy) cost more than the rest of the spider's work on the page."""
    tags = _PARAGRAPH_TAG[str if isinstance(body, str) else bytes].finditer(body, 0, _TEXT_BYTES)
    return sum(1 for _ in zip(range(_MANY_PARAGRAPHS), tags)) >= _MANY_PARAGRAPHS


def looks_like_challenge(body: bytes | str, status: int = 200,
                         headers: Mapping | None = None) -> str | None:
    """Why this response is an anti-bot wall or a refusal, or ``None`` when it is a page.

    :param body: the response body (raw bytes or decoded text); only its first 64 KiB are read.
    :param status: HTTP status; 401 and 403 are refusals whatever the body says.
    :param headers: response headers (any mapping; bytes or str keys and values).
    :returns: a short reason such as ``"http_403"``, ``"cloudflare"``, ``"captcha"`` or
        ``"challenge_text"``.
    """
    if status in (401, 403):
        return f"http_{status}"
    if headers:
        # one pass over the headers (a handful of names against every header costs per page)
        for key, value in headers.items():
            name = key.decode("latin-1") if isinstance(key, bytes) else str(key)
            vendor = _CHALLENGE_HEADERS.get(name.lower())
            if vendor and _first_value(value):
                return vendor
    # A page with a dozen paragraphs is a page, whatever scripts it carries: interstitials have
    # a handful of elements. Checked first because it is the answer for every article (the
    # vendor scan below cost more CPU than downloading the page), and because sites behind a
    # bot manager load its detection script (Cloudflare's /cdn-cgi/challenge-platform/
    # scripts/jsd/main.js) on every ordinary page too. Counted on the whole page: a real
    # article may open with 64 KiB of inline scripts and JSON.
    if _has_many_paragraphs(body):
        return None
    raw = body[:_SNIFF_BYTES]
    raw_bytes = raw.encode("utf-8", "replace") if isinstance(raw, str) else raw
    lowered = raw_bytes.lower()
    for vendor, marker in _VENDOR_MARKERS:
        # A substring test (C speed) first, and the case-insensitive regex (~1.5 ms per
        # 64 KiB each) only where a marker may be.
        if any(hint in lowered for hint in _VENDOR_HINTS[vendor]) and marker.search(raw_bytes):
            return vendor
    whole = body[:_TEXT_BYTES]
    text = visible_text(whole if isinstance(whole, str) else whole.decode("utf-8", "replace"))
    if len(text) >= _SHORT_PAGE_CHARS:
        return None
    if _CAPTCHA_WIDGET.search(raw_bytes):
        return "captcha"
    if _CHALLENGE_PHRASES.search(text):
        return "challenge_text"
    return None


# Bytes at the end of a page searched for a server's fatal error (its stack trace included).
_SERVER_ERROR_TAIL = 8 * 1024
# Bytes searched for ASP.NET's error page, which carries its styles and its stack trace.
_ASPNET_TAIL = 48 * 1024
# PHP's report of a fatal error, printed where the page was being written when the script died
# (display_errors on: the status, sent with the first bytes, stays 200), and nothing after it
# but line breaks and end tags: "<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728
# bytes exhausted … in <b>/var/www/html/wp-includes/formatting.php</b> on line <b>2481</b><br />",
# "PHP Fatal error:  Uncaught PDOException: … Stack trace: … thrown in /var/www/db.php on line 8".
# A warning or notice does not stop the script (the page goes on after it), and a page that
# quotes such an error goes on after it too.
_PHP_FATAL_AT_END = re.compile(
    rb"(?:<b>\s*)?(?:PHP\s+)?(?:Fatal|Parse|Catchable fatal)\s+error(?:\s*</b>)?\s*:"
    rb"(?P<what>[^\x00]{1,7000}?)\son\s+line\s+(?:<b>\s*)?\d+(?:\s*</b>)?"
    rb"(?:\s|<br\s*/?>|</[a-z]+\s*>)*\Z",
    re.IGNORECASE)


# The PHP function a warning that the database could not be reached names: a connection, never
# another mysqli / PDO call (``mysqli_fetch_assoc()``'s warning does not stop the script).
_PHP_DB_CONNECT = r"(?:mysqli?_(?:p|real_)?connect|mysqli::(?:__construct|real_connect)|PDO::__construct)\(\)"
# A PHP warning that the database could not be reached (``mysqli_connect(): (HY000/1040): Too many
# connections``), the last thing the page holds but a line the script printed as it gave up
# (``die("Database Error")``) and end tags: the script stopped there. Another warning is not
# one (the page goes on after it), nor one that a page quotes (its story goes on).
_PHP_DB_WARNING_AT_END = re.compile(
    rb"(?:<b>\s*)?(?:PHP\s+)?Warning(?:\s*</b>)?\s*:\s*" + _PHP_DB_CONNECT.encode() +
    rb"(?:[^<>\n]|</?b>){0,600}?\son\s+line\s+(?:<b>\s*)?\d+(?:\s*</b>)?"
    rb"(?:[^<>]|<br\s*/?>){0,300}\Z",  # searched in the page's end without its end tags
    re.IGNORECASE)
# The first text of a page that is nothing but a server's error page, served with 200 (behind a
# cache or a proxy that rewrites the status): WordPress's "Error establishing a database
# connection", ASP.NET's "Server Error in '/' Application.", Tomcat's "HTTP Status 500 – Internal
# Server Error", Laravel's "Whoops, looks like something went wrong." and "500 | Server Error",
# Django's "Server Error (500)", a PHP CMS's "Database Error" or its mysqli / PDO warning that it
# could not connect (``_PHP_DB_CONNECT``).
# The whole first block of the page must be the heading, on a short page.
_ERROR_PAGE_HEADING = re.compile(
    r"Error establishing a database connection\.?"
    r"|Server Error in '[^']{0,200}' Application\.?"
    r"|HTTP Status 5\d\d(?:\s*[–—-]\s*[A-Za-z ]{0,60})?"
    r"|Whoops,? looks like something went wrong\.?"
    r"|Server Error \(5\d\d\)|5\d\d \|? ?Server Error"
    r"|Database (?:connection )?error(?:\s*:[^<>]{0,300})?"
    r"|Too many connections"
    r"|(?:PHP )?(?:Warning|Fatal error)\s*:\s*" + _PHP_DB_CONNECT + r"[^<>]{0,400}"
    r"|SQLSTATE\[\w+\][^<>]{0,400}",
    re.IGNORECASE)
# Cheap test that a page may hold one of them (lower-cased bytes).
_ERROR_PAGE_HINTS = (b"database", b"server error", b"http status 5", b"whoops", b"too many connections",
                     b"mysql", b"pdo::", b"sqlstate")
# An error page is small: a page larger than this, or with a dozen paragraphs, is not one.
_ERROR_PAGE_BYTES = 64 * 1024
# What is not the page's own text: the head, comments, scripts, styles, and <pre> (a stack trace).
_HIDDEN_ELEMENTS = ((b"<!--", b"-->"), (b"<head", b"</head"), (b"<title", b"</title"),
                    (b"<script", b"</script"), (b"<style", b"</style"), (b"<pre", b"</pre"))


def _without_hidden(data: bytes) -> bytes:
    """``data`` without the elements of ``_HIDDEN_ELEMENTS``; one left open runs to the end.
    Found by substring search, each opening's next position kept: linear whatever the markup
    (a regex's ``<head\b.*?</head>`` read to the end of the page from each unclosed ``<head``:
    1.4 s for 5,000 of them)."""
    lowered = data.lower()
    following = [lowered.find(opening) for opening, _ in _HIDDEN_ELEMENTS]
    parts = []
    position = 0
    while True:
        for index, (opening, _) in enumerate(_HIDDEN_ELEMENTS):
            if 0 <= following[index] < position:
                following[index] = lowered.find(opening, position)
        candidates = [(start, index) for index, start in enumerate(following) if start >= 0]
        if not candidates:
            parts.append(data[position:])
            break
        start, index = min(candidates)
        opening, closing = _HIDDEN_ELEMENTS[index]
        after = lowered[start + len(opening):start + len(opening) + 1]
        if index and after and after not in b"> \t\r\n/":  # <header>, <pretext>: another tag
            parts.append(data[position:start + 1])
            position = start + 1
            continue
        parts.append(data[position:start])
        parts.append(b" ")
        end = lowered.find(closing, start + len(opening))
        if end < 0:
            break
        end = end + len(closing) if not index else lowered.find(b">", end)
        if end < 0:
            break
        position = end + (0 if not index else 1)
    return b"".join(parts)


_BLOCK_TAG = re.compile(r"</?(?:h[1-6]|p|div|br|hr|li|ul|ol|table|tr|td|th|body|html|main|section|article|"
                        r"header|footer|center|form|blockquote|dl|dt|dd)\b[^>]*>", re.I)
# ASP.NET's error page ("yellow screen"), also written after what a page had already sent: its
# heading, and after it a description, the page's end, and its stack trace in a comment.
_ASPNET_HEADING = re.compile(rb"<h1>\s*Server Error in '[^'<>]{0,200}' Application\.?", re.I)
_ASPNET_TEXT_AFTER = 4000
# A Java stack trace as a servlet or JSP prints it when it dies: ``java.lang.NullPointerException``
# then ``at com.example.Foo.bar(Foo.java:42)`` lines (``Caused by: …``, ``... 12 more``).
_JAVA_FRAME = re.compile(r"at\s+[\w$]+(?:\.[\w$<>]+)+\((?:[\w$]+\.java:\d+|Native Method|Unknown Source)\)")
_JAVA_EXCEPTION = re.compile(r"(?:^|[\s>])((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::[^<>]*)?")
_JAVA_OTHER_LINE = re.compile(r"\.\.\.\s*\d+\s+(?:more|common frames omitted)|(?:Caused by|Suppressed):\s*\S.*")
_QUOTED_CODE = re.compile(r"<(?:pre|code|blockquote|q)\b[^>]*>\s*\Z", re.I)
_TAGS = re.compile(r"<[^>]*>")


def _one_line(text: str, tag: str = " ") -> str:
    """``text`` without its tags (each replaced by ``tag``), on one line, at most 200 characters."""
    text = " ".join(_TAGS.sub(tag, text).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _error_page_heading(body: bytes) -> str | None:
    """The heading of the server error page ``body`` is, when the page holds nothing else
    (a short page whose first block is that heading)."""
    if len(body) > _ERROR_PAGE_BYTES or _has_many_paragraphs(body):
        return None
    lowered = body.lower()
    if not any(hint in lowered for hint in _ERROR_PAGE_HINTS):
        return None
    html = _without_hidden(body).decode("utf-8", "replace")
    blocks = [" ".join(_TAGS.sub("", block).replace("&nbsp;", " ").split()) for block in _BLOCK_TAG.split(html)]
    blocks = [block for block in blocks if block]
    if not blocks or sum(len(block) for block in blocks) >= _SHORT_PAGE_CHARS:
        return None
    # the heading, or a status and its name in two blocks (Laravel's "500" "Server Error")
    if _ERROR_PAGE_HEADING.fullmatch(blocks[0]) or _ERROR_PAGE_HEADING.fullmatch(" ".join(blocks[:2])):
        return _one_line(" ".join(blocks[:2]))
    return None


def _aspnet_error_at_end(tail: bytes) -> str | None:
    """ASP.NET's error page ending ``tail`` (the whole page, or written after its start)."""
    found = None
    for found in _ASPNET_HEADING.finditer(tail):
        pass
    if found is None:
        return None
    rest = tail[found.end():]
    if b"Description:" not in rest:
        return None
    text = visible_text(_without_hidden(rest).decode("utf-8", "replace"))
    if len(text) > _ASPNET_TEXT_AFTER:
        return None
    return _one_line(found.group(0).decode("utf-8", "replace") + " " + text)


def _last_end_tags(data: bytes) -> bytes:
    """The run of end tags, line breaks and comments ``data`` ends with."""
    position = len(data)
    while True:
        stripped = data[:position].rstrip()
        if stripped.endswith(b"-->"):
            start = stripped.rfind(b"<!--")
            if start < 0:
                break
            position = start
            continue
        if stripped.endswith(b">"):
            start = stripped.rfind(b"<")
            tag = stripped[start:].lower()
            if start >= 0 and (tag.startswith(b"</") or tag.startswith(b"<br")) and b" " not in tag[:4]:
                position = start
                continue
        position = len(stripped)
        break
    return data[position:]


def _java_trace_at_end(tail: bytes) -> str | None:
    """The Java exception whose stack trace ends ``tail`` (nothing after it but end tags)."""
    if b".java:" not in tail and b"Native Method" not in tail and b"Unknown Source" not in tail:
        return None
    text = tail[:len(tail) - len(_last_end_tags(tail))].decode("utf-8", "replace")
    lines = re.split(r"\n|<br\s*/?>", text)
    frames = 0
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if _JAVA_FRAME.fullmatch(line):
            frames += 1
            continue
        if _JAVA_OTHER_LINE.fullmatch(line):
            continue
        exception = _JAVA_EXCEPTION.search(line)
        if frames < 2 or exception is None or exception.end() != len(line):
            return None
        # a trace set in <pre> or <code> is one a story quotes, not one a server printed
        before = "\n".join(lines[max(0, index - 3):index]) + "\n" + line[:exception.start(1)]
        if _QUOTED_CODE.search(before):
            return None
        return _one_line(line[exception.start(1):])
    return None


def server_error_at_end(body: bytes) -> str | None:
    """The error a server printed at the end of ``body`` (on one line, tags removed, shortened),
    or ``None``: the page stops there, cut by a failure of the server (memory exhausted, a
    database with too many connections, the time limit), or holds nothing else.

    PHP's fatal error or its warning that the database cannot be reached, a Java stack trace,
    ASP.NET's error page, ending the page (nothing after them but end tags); or a short page
    that is nothing but a server's error page (WordPress's "Error establishing a database
    connection", Tomcat's "HTTP Status 500", Laravel's "Whoops, looks like something went
    wrong.", Django's "Server Error (500)", a "Database Error"). A page that merely quotes such
    an error goes on after it, or holds more than it, and is not one."""
    tail = body[-_SERVER_ERROR_TAIL:].rstrip()
    # Substring tests (C speed) before each regex: the regexes, whose start is optional markup,
    # are tried at every position of the tail (0.8 ms a page for the fatal error's alone, when
    # "rror" of a script's "onerror" was its test).
    lowered = tail.lower()
    if b"fatal error" in lowered or b"parse error" in lowered:
        found = _PHP_FATAL_AT_END.search(tail)
        if found is not None:
            return _one_line(found.group(0).decode("utf-8", "replace"), "")
    if ((b"connect()" in lowered or b"::__construct()" in lowered)
            and (found := _PHP_DB_WARNING_AT_END.search(tail, 0, len(tail) - len(_last_end_tags(tail))))):
        return _one_line(found.group(0).decode("utf-8", "replace"), "")
    if error := _java_trace_at_end(tail):
        return error
    if body.find(b"Server Error in '", max(0, len(body) - _ASPNET_TAIL)) >= 0:
        if error := _aspnet_error_at_end(body[-_ASPNET_TAIL:]):
            return error
    return _error_page_heading(body)


def server_error_message(error: str) -> str:
    """The crawl's wording for a page cut by a server error (``fetch_errors`` kind ``http_5xx``,
    ``status`` 200), ``error`` being what :func:`server_error_at_end` found; ``crawler extract``
    says the same."""
    return f"page cut by a server error: {error}"


# A document that opens its <html> or <body> element (the start tag, in its first bytes).
_DOCUMENT_START = re.compile(rb"<(?:html|body)[\s>]", re.I)
_DOCUMENT_END = re.compile(rb"</(?:body|html)\s*>", re.I)


def html_cut_short(body: bytes) -> str | None:
    """Where an HTML page that stops before its end was cut (its last characters, for the
    message), or ``None`` for a page that ends.

    Cut short: the page opens an ``<html>`` or ``<body>`` element in its first 64 KiB, has
    neither's end tag anywhere, and its last byte is not a tag's ``>``. HTML lets a page leave out
    ``</body></html>`` (a minifier's ``removeOptionalTags``), but such a page still ends with a
    whole element (``</script>``, ``</div>``); one that stops in the middle of a word or a tag was
    cut. A page whose last byte is a tag's ``>`` was cut when that tag opens an element that holds
    content (``<div>``, ``<p>``), or when two or more block elements whose end tag HTML requires
    (``<div>``, ``<section>``, ``<article>``, ``<ul>`` …) are still open at its end: the cut fell
    between two tags of the story (``…</p>``); a whole page closes its blocks, a minifier keeps
    their end tags; a page with no text after its last ``</footer>``, or after the end of its last
    block named a page footer (``<div id="footer">``, ``<div class="site-footer">``, a name from a
    list; not a card's, an entry's or a photo's footer, nor one inside an open ``<article>`` or
    ``<main>``), only tags, scripts, comments (analytics, a cache stamp), is whole however
    many wrappers its template leaves open, as the story came before its footer. An XHTML-style ``<div/>`` opens nothing; a ``<textarea>``'s
    markup is text; ``<frame>`` is void. Not HTML (no ``<html``/``<body`` start
    tag), UTF-16/32 (NUL bytes) or empty: ``None``.

    Not cut either (review 1, finding 3), since the story is whole:

    * a page whose last bytes after its last tag are spaces, no-break spaces, a byte order mark
      (a PHP include saved with one echoes it), a DOS end-of-file ``^Z`` or NULs;
    * a page whose story container closed: every ``<article>`` and ``<main>`` it opens has its
      end tag, and they hold more text than what follows (a minifier's last ``<p>© 2025 Site``
      without its ``</p>``);
    * a page without an open story container whose last tag is a comment's end or a block's end
      tag (``</div>``, ``</footer>``) and whose last line after it is short, 80 bytes at most
      (``Page generated in 0.03 s`` printed after the template): a cut falls inside the story's
      text, after its ``<p>`` or an inline tag. A story set as bare text after a ``</div>``, cut
      within its first 80 bytes, is not seen.
    """
    # (searched in place: a copy of the first 64 KiB, and of the whole page to strip it, cost
    # more than the searches, issue 7)
    if not body or body.isspace() or b"\x00" in body[:1024] or not _DOCUMENT_START.search(body, 0, _SNIFF_BYTES):
        return None
    tail = _without_trailing_filler(body[-_TAIL_BYTES:])
    # the end tags sit in the page's last bytes, where the search starts (issue 7's cost: a
    # whole-body search on every page), in its last kilobyte first (the regex is tried at every
    # "<" it passes); the whole body only when they are not there
    end = len(body)
    if (not tail or _DOCUMENT_END.search(body, max(0, end - _END_NEAR_BYTES))
            or _DOCUMENT_END.search(body, max(0, end - _END_SEARCH_BYTES)) or _DOCUMENT_END.search(body)):
        return None
    if tail.endswith(b">"):
        if not _ends_opening_an_element(tail) and (
                _unclosed_blocks(markup := _visible_markup(body)) < _UNCLOSED_BLOCKS_CUT
                or _ends_with_its_footer(markup)):
            return None
    else:
        containers = _containers(body)
        if containers == "closed" or (containers != "open" and _tail_after_a_block(tail)):
            return None
    return tail[-60:].decode("utf-8", "replace").split(">")[-1].strip()[-40:] or tail[-40:].decode("utf-8", "replace")


_TAIL_BYTES = 4096
# How far from its end a page's </body> or </html> is looked for first, then second.
_END_NEAR_BYTES = 1024
_END_SEARCH_BYTES = 8192
# What may follow a page's last tag without being part of it: ASCII spaces, DOS's end-of-file ^Z,
# NULs, and UTF-8 no-break spaces and byte order marks.
_FILLER_BYTES = b" \t\r\n\f\v\x00\x1a"
_FILLER_SEQUENCES = (b"\xc2\xa0", b"\xef\xbb\xbf")
_CONTAINER_TAG = re.compile(rb"<(/?)(article|main)[\s>]", re.I)
_CODE_START = re.compile(rb"<(script|style)\b")
_ANY_TAG = re.compile(rb"<[^<>]*>")
# The last tag of a tail (a comment whole, or its end) and the text after it.
_LAST_TAG = re.compile(rb"(-->|<[^<>]*>)([^<>]*)\Z")
_BLOCK_END = re.compile(
    rb"</(?:div|section|footer|header|aside|nav|table|ul|ol|dl|form|center|main|article)\s*>\Z", re.I)
# The most a line printed after the page's last block may be (a timing line, a build stamp).
_TRAILER_MAX_BYTES = 80


# Elements whose end tag HTML requires (a minifier never leaves it out): a whole page closes them.
# The third group is the "/" of an XHTML-style empty element (<div class="clear"/>), which
# opens nothing.
_REQUIRED_END_BLOCK = re.compile(
    rb"<(/?)(div|section|article|main|aside|header|footer|nav|ul|ol|table|form|figure|blockquote)"
    rb"(?:[\s/][^<>]*?)?(/?)>")
# Comments, scripts, styles and a <textarea>'s text (a comment form's markup) hold no elements.
_HIDDEN_START = re.compile(rb"<!--|<(script|style|textarea)\b")
# As many such elements left open at a page's end mean it stopped before its end: a page's story
# sits two or more blocks deep (a wrapper, a column, the story's own box), and whole pages close
# theirs (432 of 433 real pages of the benchmark corpora left at most one open at </body>).
_UNCLOSED_BLOCKS_CUT = 2
# Elements without content (no end tag): a page may end with one (a tracking pixel's <img>).
_VOID_ELEMENTS = frozenset(b"area base br col embed frame hr img input keygen link meta param source track wbr".split())
_LAST_START_TAG = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>\Z")


def _ends_opening_an_element(tail: bytes) -> bool:
    """Whether ``tail`` ends with the start tag of an element that holds content (``<div>``,
    ``<p class=lead>``): a page does not end by opening one."""
    found = _LAST_START_TAG.search(tail)
    return (found is not None and not found.group(0).endswith(b"/>")
            and found.group(1).lower() not in _VOID_ELEMENTS)


def _visible_markup(body: bytes) -> bytes:
    """``body`` lower-cased, its comments, scripts, styles and ``<textarea>`` s' text left out
    (they hold no elements); in linear time (an unclosed one ends the markup)."""
    lowered, parts, at = body.lower(), [], 0
    while (found := _HIDDEN_START.search(lowered, at)) is not None:
        parts.append(lowered[at:found.start()])
        if found.group(1) is None:
            end = lowered.find(b"-->", found.end())
            at = end + 3
        else:  # past its end tag's ">"
            end = lowered.find(b"</" + found.group(1), found.end())
            at = lowered.find(b">", end) + 1
        if end < 0 or at <= 0:
            at = len(lowered)
            break
    parts.append(lowered[at:])
    return b"".join(parts)


def _unclosed_blocks(markup: bytes) -> int:
    """How many block elements with a required end tag (``<div>``, ``<section>``, ``<article>``,
    ``<ul>``, ``<table>`` …) ``markup`` (:func:`_visible_markup`) opens and does not close, each
    name counted on its own (an extra ``</div>`` does not make up for an open ``<article>``)."""
    depth = Counter((slash, name) for slash, name, empty in _REQUIRED_END_BLOCK.findall(markup) if not empty)
    names = {name for _, name in depth}
    return sum(max(0, depth[b"", name] - depth[b"/", name]) for name in names)


# What the text after a page's footer leaves out: comments (a cache stamp), <noscript> (a
# tracking pixel, "enable JavaScript").
_NOT_TEXT_AFTER_FOOTER = re.compile(rb"<!--.*?(?:-->|\Z)|<noscript\b.*?(?:</noscript\s*>|\Z)", re.I | re.S)


def _ends_with_its_footer(markup: bytes) -> bool:
    """Whether no text follows the page footer that ends ``markup`` (:func:`_visible_markup`):
    its last ``</footer>``, or the end of its last block named a page footer (``<div
    id="footer">``, ``<div class="site-footer">``: :func:`_footer_block_ends`), only tags,
    comments, scripts, styles after it (analytics, an empty ad slot, a cache stamp). A sloppy
    template may leave wrapper ``<div>`` s open, but the story came before its footer, and a cut
    within it (after a ``</p>``, an ``</a>``) leaves text after any footer of a teaser card.
    A footer inside an open ``<article>`` or ``<main>`` is a part of the story (a quote's
    ``<footer>``, a photo's credit box), not the page's (review C2, finding 1)."""
    opened = _open_containers(markup)
    ends = _footer_block_ends(markup, opened)
    if (at := markup.rfind(b"</footer")) >= 0 and not opened(at):
        ends.append(at)
    return any(_text_length(_NOT_TEXT_AFTER_FOOTER.sub(b"", markup[end:])) == 0 for end in ends)


# A block whose id or class names the page's footer, a whole class or id from a list (allowed, not
# guessed: a deny-list of parts' names let "photo-footer", "quote-footer", "embed-footer" pass):
# "footer", "site-footer", "page-footer", "mainFooter", "footer-wrapper", WordPress's
# "colophon", French "pied-de-page"; compared without case, "-" and "_". Not a part's footer
# ("card-footer", "entry-footer", "photo-footer", "section-footer"), with the page's text after it.
_FOOTER_START = re.compile(rb"<(div|section|footer|aside|center|table|nav)\b([^<>]*(?:footer|colophon|pied|page)[^<>]*)>")
_CLASS_OR_ID = re.compile(rb"""\b(?:id|class)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_PAGE_FOOTER_NAMES = frozenset(
    b"footer sitefooter pagefooter mainfooter globalfooter bottomfooter layoutfooter lfooter regionfooter "
    b"footerwrapper footerwrap footercontainer footerouter footermain footerarea footersite footerpage "
    b"colophon pieddepage piedpage pieddesite basdepage".split())
# The last footer blocks looked at (an outer footer may hold more text after an inner one).
_FOOTER_CANDIDATES = 4


def _names_page_footer(attributes: bytes) -> bool:
    """Whether an element's ``id`` or ``class`` (``attributes``, lower-cased) names the page
    footer: one of its tokens is in :data:`_PAGE_FOOTER_NAMES` once its ``-`` and ``_`` are
    left out."""
    for found in _CLASS_OR_ID.finditer(attributes):
        for token in (found.group(1) or found.group(2) or found.group(3) or b"").split():
            if token.replace(b"-", b"").replace(b"_", b"") in _PAGE_FOOTER_NAMES:
                return True
    return False


def _open_containers(markup: bytes):
    """A function telling whether an ``<article>`` or ``<main>`` of ``markup`` is open at a
    position (more start tags than end tags before it, each name on its own); one pass."""
    positions, states = [], []
    depth = {b"article": 0, b"main": 0}
    for found in _CONTAINER_TAG.finditer(markup):
        slash, name = found.groups()
        depth[name.lower()] += -1 if slash else 1
        positions.append(found.start())
        states.append(any(value > 0 for value in depth.values()))

    def opened(at: int) -> bool:
        index = bisect.bisect_left(positions, at)
        return index > 0 and states[index - 1]
    return opened


def _footer_block_ends(markup: bytes, opened) -> list[int]:
    """Where the last blocks of ``markup`` named a page footer (:func:`_names_page_footer`) and
    outside an open story container (``opened``, :func:`_open_containers`) end (after their end
    tag, found by counting the same element's start and end tags), the last
    :data:`_FOOTER_CANDIDATES` looked at; one left open has none."""
    starts = [found for found in _FOOTER_START.finditer(markup)
              if _names_page_footer(found.group(2)) and not opened(found.start())]
    ends = []
    for start in starts[-_FOOTER_CANDIDATES:]:
        name = start.group(1)
        depth = 1
        for tag in re.finditer(rb"<(/?)" + name + rb"[\s>/]", markup[start.end():]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                ends.append(start.end() + tag.end())
                break
    return ends


def _without_trailing_filler(tail: bytes) -> bytes:
    while True:
        stripped = tail.rstrip(_FILLER_BYTES)
        for sequence in _FILLER_SEQUENCES:
            stripped = stripped.removesuffix(sequence)
        if stripped == tail:
            return tail
        tail = stripped


def _containers(body: bytes) -> str:
    """The state of the page's story containers, ``<article>`` and ``<main>``: ``"open"`` when
    one has no end tag; ``"closed"`` when every one closed and they hold more text than what
    follows the last (a footer); ``""`` when there are none, or they hold less text than what
    follows them (teaser cards in a "trending" strip before the story)."""
    opened = {b"article": 0, b"main": 0}
    closed = {b"article": 0, b"main": 0}
    first = last = None
    for found in _CONTAINER_TAG.finditer(body):
        slash, name = found.groups()
        (closed if slash else opened)[name.lower()] += 1
        if first is None:
            first = found.start()
        if slash:
            last = found.end()
    if first is None:
        return ""
    if last is None or any(closed[name] < opened[name] for name in opened):
        return "open"
    return "closed" if _text_length(body[first:last]) > _text_length(body[last:]) else ""


def _text_length(markup: bytes) -> int:
    """The non-space bytes of ``markup``'s text, its tags, scripts and styles left out (in linear
    time: an unclosed ``<script`` ends the text)."""
    lowered, parts, at = markup.lower(), [], 0
    while (found := _CODE_START.search(lowered, at)) is not None:
        parts.append(markup[at:found.start()])
        end = lowered.find(b"</" + found.group(1), found.end())
        if end < 0:
            at = len(markup)
            break
        at = end
    parts.append(markup[at:])
    return sum(len(b"".join(_ANY_TAG.sub(b" ", part).split())) for part in parts)


def _tail_after_a_block(tail: bytes) -> bool:
    """Whether the text after the page's last tag is a short line after a comment or a block's end."""
    found = _LAST_TAG.search(tail)
    if found is None:
        return False
    tag, text = found.groups()
    return ((tag.endswith(b"-->") or _BLOCK_END.search(tag) is not None)
            and len(text.strip()) <= _TRAILER_MAX_BYTES and b"\n" not in text.strip())


def cut_short_message(body: bytes, where: str) -> str:
    """The crawl's wording for a page cut short (``fetch_errors`` kind ``truncated``, status
    200); ``crawler extract`` says the same."""
    return f"page cut short: the {len(body)}-byte HTML stops before its end, at {where!r}"


def looks_like_binary(body: bytes) -> bool:
    """True when ``body`` is a file or binary data rather than text (whatever its Content-Type):
    :func:`crawler.encoding.looks_binary` over the first 1 KiB, binary past 10% control bytes
    (that function says why the spider and extraction read two limits).
    """
    return looks_binary(body, head_bytes=1024, max_control_share=0.10)


def gzip_is_complete(data: bytes, max_output: int = 0) -> bool:
    """True when ``data`` is a gzip stream that ends with its trailer (not cut short).

    Decompresses in bounded chunks without keeping the output, so its memory use is small
    whatever the stream expands to. ``max_output`` (bytes, 0: no limit) bounds its time too:
    a stream that expands past it is not read to its end and counts as complete, since the
    size limit refuses it anyway (``HttpCompressionMiddleware``, ``DOWNLOAD_MAXSIZE``). A
    9 MB gzip bomb expanding to 9.6 GB held the crawl's reactor for 50 s per response.
    """
    try:
        return _zlib_is_complete(data, 31, max_output)  # wbits 31: a gzip header and trailer
    except zlib.error:
        return False


def gzip_body_problem(content_encoding: list[bytes], body: bytes, max_output: int = 0) -> tuple[str, str] | None:
    """``(fetch_errors kind, message)`` when a body whose last ``Content-Encoding`` is gzip is
    not a whole gzip stream, else ``None`` (not declared gzip, empty, or complete).

    ``truncated``: the stream stops before its trailer (a retry may get the whole body);
    ``bad_encoding``: the body is not gzip at all, whatever the header says, or a gzip stream
    whose data or checksum is damaged (a retry gets the same; such a stream was reported as
    ending before its trailer, which it need not). Checked before decompression, which makes
    what it can of a cut stream; a stream is inflated only up to ``max_output`` bytes (0: no
    limit, see :func:`gzip_is_complete`).
    """
    if not content_encoding or content_encoding[-1].strip().lower() not in (b"gzip", b"x-gzip"):
        return None
    if not body:
        return None
    if not body.startswith(b"\x1f\x8b"):
        if gzip_is_complete(body, max_output=max_output):
            return None
        return "bad_encoding", f"declared gzip, but the {len(body)}-byte body is not gzip"
    try:
        if _zlib_is_complete(body, 31, max_output):
            return None
    except zlib.error as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return "bad_encoding", f"declared gzip, but the {len(body)}-byte gzip stream is damaged: {reason}"
    return "truncated", f"gzip body of {len(body)} bytes ends before its trailer"


# The decoders HttpCompressionMiddleware uses for these codings (scrapy.utils._compression), when
# installed: a coding whose library is missing is not accepted by the crawl, nor checked here.
try:
    import brotli
except ImportError:  # pragma: no cover - depends on the environment
    try:
        import brotlicffi as brotli
    except ImportError:
        brotli = None
try:
    from compression import zstd  # Python 3.14+
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from backports import zstd
    except ImportError:
        zstd = None

_CHUNK = 64 * 1024


def _deflate_is_complete(data: bytes, max_output: int) -> bool:
    # zlib-wrapped, or raw deflate as Microsoft servers send it (Scrapy's _inflate tries both)
    try:
        return _zlib_is_complete(data, zlib.MAX_WBITS, max_output)
    except zlib.error:
        return _zlib_is_complete(data, -zlib.MAX_WBITS, max_output)


def _zlib_is_complete(data: bytes, wbits: int, max_output: int) -> bool:
    decompressor = zlib.decompressobj(wbits=wbits)
    pending, produced = data, 0
    while not decompressor.eof:
        chunk = decompressor.decompress(pending, _CHUNK)  # zlib.error: not that coding
        produced += len(chunk)
        if max_output and produced > max_output:
            return True
        pending = decompressor.unconsumed_tail
        if not chunk and not pending:
            break
    return decompressor.eof


def _brotli_is_complete(data: bytes, max_output: int) -> bool:
    decompressor = brotli.Decompressor()
    chunk = decompressor.process(data, output_buffer_limit=_CHUNK)  # brotli.error: not brotli
    produced = len(chunk)
    while not decompressor.is_finished():
        if max_output and produced > max_output:
            return True
        chunk = decompressor.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            return False  # every byte read, the stream not ended: cut short
        produced += len(chunk)
    return True


def _zstd_is_complete(data: bytes, max_output: int) -> bool:
    produced = 0
    while data:  # a zstd body may hold several frames, one after another
        decompressor = zstd.ZstdDecompressor()
        pending = data
        while True:
            chunk = decompressor.decompress(pending, _CHUNK)  # ZstdError: not zstd
            pending = b""
            produced += len(chunk)
            if max_output and produced > max_output:
                return True
            if decompressor.eof:
                break
            if decompressor.needs_input:
                return False  # every byte read, the frame not ended: cut short
        data = decompressor.unused_data
    return True


# coding -> (its stream is complete: True, cut short: False, not that coding: raises)
_STREAM_CHECKS = {b"deflate": _deflate_is_complete}
if brotli is not None:
    _STREAM_CHECKS[b"br"] = _brotli_is_complete
if zstd is not None:
    _STREAM_CHECKS[b"zstd"] = _zstd_is_complete


def encoded_body_problem(content_encoding: list[bytes], body: bytes, max_output: int = 0) -> tuple[str, str] | None:
    """``(fetch_errors kind, message)`` when a body is not a whole stream of the coding its
    ``Content-Encoding`` names last (the one applied last, undone first), else ``None``: as
    :func:`gzip_body_problem` for gzip, and the same for ``deflate``, ``br`` and ``zstd``.

    ``truncated``: the stream stops before its end (a retry may get the whole body);
    ``bad_encoding``: the body does not decode (plain text sent with the header, another coding).
    Scrapy's decoders make what they can of a cut zstd or deflate stream, and a zstd body that
    is no zstd at all failed as ``other`` (``ZstdError``), where a gzip one was ``bad_encoding``.
    A stream is decoded in chunks that are not kept, up to ``max_output`` bytes (0: no limit):
    past that it counts as whole, left to the size limit (``too_large``).
    """
    codings = [c.strip().lower() for value in content_encoding for c in value.split(b",") if c.strip()]
    if not codings or not body:
        return None
    coding = codings[-1]
    if coding in (b"gzip", b"x-gzip"):
        return gzip_body_problem([coding], body, max_output)
    check = _STREAM_CHECKS.get(coding)
    if check is None:
        return None
    name = coding.decode("ascii", "replace")
    try:
        if check(body, max_output):
            return None
    except Exception as exc:  # zlib.error, brotli.error, ZstdError...: not that coding
        reason = " ".join(str(exc).split()) or type(exc).__name__
        return "bad_encoding", f"declared {name}, but the {len(body)}-byte body is not {name}: {reason}"
    return "truncated", f"{name} body of {len(body)} bytes ends before its stream does"
