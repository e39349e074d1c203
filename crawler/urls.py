"""URL canonicalisation: one spelling per article address, and domain membership tests.

Pure functions over ``str``; no Scrapy imports. Percent-encoding, IDN, dot-segment and query
sorting rules come from :func:`w3lib.url.canonicalize_url` (Scrapy's own URL toolkit); this module
adds the news-specific rules on top of it (tracking/session parameters, AMP variants, default
ports, trailing slashes).

The canonical form, rule by rule (see :func:`canonicalize_url`):

* only absolute ``http``/``https`` URLs have one; anything else (empty, relative, ``mailto:``,
  ``javascript:``, no host, a non-numeric or out-of-range port) raises :class:`ValueError`.
  Use :func:`is_http_url` to test first when the input is untrusted markup.
* the scheme is kept as given (lower-cased): fixture sites are served over plain ``http`` on
  127.0.0.1, so ``http`` -> ``https`` rewriting would produce URLs that do not resolve.
  :func:`url_key` is the scheme-less (and ``www.``-, ``m.``- and ``mobile.``-less) key used for
  uniqueness instead.
* host lower-cased, trailing dot removed, IDN hosts in ASCII (punycode) form, an ``amp.``
  host prefix removed; default ports (80 for http, 443 for https) removed, others kept;
  user:password removed (credentials never belong in a stored key).
* path: percent-encoded UTF-8 with upper-case hex (``/ar/خبر`` and ``/ar/%d8%ae%d8%a8%d8%b1``
  both become ``/ar/%D8%AE%D8%A8%D8%B1``); unreserved characters decoded (``%7E`` -> ``~``);
  ``.``/``..`` segments resolved; ``;jsessionid=…`` style path parameters and ASP.NET's
  cookieless session segment (``/(S(…))/``) removed; AMP
  variants mapped to the article (``amp`` path segments removed, ``x.amp.html`` -> ``x.html``,
  ``x.amp`` -> ``x``); trailing slash removed except on the root ``/``.
* query: tracking and session parameters removed (:data:`TRACKING_PARAMS`,
  :data:`TRACKING_PARAM_PREFIXES`, :data:`SESSION_PARAMS`, :data:`SESSION_PARAM_PREFIXES`, and ``sid``/``s`` only when their
  value looks like a session token — ``s`` is WordPress's search parameter and ``sid`` is a
  section id on some sites); AMP switches ``amp`` and ``outputType``/``output``/``format``/``view`` ``=amp`` removed;
  print switches (``print=1``, ``output=print``…), ``replytocom`` and type-size switches
  (``fontsize``, ``font_size``, ``textsize``: :data:`VIEW_SWITCH_PARAMS`) removed; ``from``/``src``
  and the short referral names ``ref``/``ocid``/``ito``/``icid``/``ncid``/``cmpid``
  (:data:`WORD_ONLY_TRACKING_PARAMS`) removed unless numeric, ``_`` removed when numeric (a cache buster); remaining
  parameters sorted, blank values kept (``?a=&b`` -> ``?a=&b=``).
* fragment removed.

Invalid percent-escapes (``%zz``) are left as they are rather than rejected: the same bad input
always yields the same output, which is all a key needs.

Settings: none. Callers pass per-site exceptions through ``keep_params`` (a profile's list of
query parameters that select content even though their name looks like a tracker, e.g. ``ref``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from urllib.parse import SplitResult, unquote_plus, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

logger = logging.getLogger(__name__)

TRACKING_PARAMS = frozenset(
    {
        # click ids of ad/social networks
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok",
        # referral / campaign markers used by news sites and their syndication partners
        "ref", "ref_src", "ref_url", "referrer", "cmpid", "ocid", "ito", "xtor", "smid", "smtyp",
        "icid", "ncid", "s_cid", "soc_src", "soc_trk", "ftag", "spm", "guccounter",
        "guce_referrer", "guce_referrer_sig", "__twitter_impression",
        "fb_action_ids", "fb_action_types", "fb_ref", "fb_source",
        "action_object_map", "action_type_map", "action_ref_map",
    }
)
"""Query parameters (lower-case) that only record how a reader arrived."""

TRACKING_PARAM_PREFIXES = (
    "utm_",  # Google Analytics campaigns
    "at_",  # BBC/AT Internet: at_medium, at_campaign, at_custom1…
    "ns_",  # comScore: ns_mchannel, ns_source…
    "pk_",  # Piwik
    "mtm_",  # Matomo
    "hsa_",  # HubSpot ads
    "oly_",  # Omeda
    "vero_",  # Vero
    "itm_",
)
"""Prefixes of tracking parameter names (lower-case)."""

SESSION_PARAMS = frozenset(
    {"phpsessid", "jsessionid", "sessionid", "session_id", "sessid", "cfid", "cftoken",
     "oscsid",  # osCommerce: ?osCsid=…
     "zenid"}  # Zen Cart: ?zenid=…
)
"""Query parameters (lower-case) that carry a server session id."""

SESSION_PARAM_PREFIXES = ("aspsessionid",)
"""Prefixes of session parameter names (lower-case): classic ASP's ``ASPSESSIONIDQACTSRDB=…``
(eight letters after the prefix that change with the server process)."""

TOKEN_ONLY_SESSION_PARAMS = frozenset({"sid", "s"})
"""Dropped only when the value looks like a session token (see :func:`_looks_like_session_token`):
``?s=gaza`` is a WordPress search and ``?sid=12`` a section id, ``?s=3f2a…(32 hex)`` is a session."""

VIEW_SWITCH_PARAMS = frozenset(
    {"replytocom", "fontsize", "font_size", "font-size", "textsize", "text_size", "text-size"}
)
"""Parameters that show the same page in another state: WordPress's ``?replytocom=123`` is the
article with one comment's reply form open (one copy per comment); ``?fontsize=18`` (old PHP
CMSs' "A+ A-" buttons: ``news.php?id=4521&fontsize=18``) is the article in larger type."""

WORD_ONLY_TRACKING_PARAMS = frozenset({"from", "src", "ref", "ocid", "ito", "icid", "ncid", "cmpid"})
"""Dropped unless the value is a number: ``?from=related`` and ``?src=most-read`` say which
box a link sat in; ``?from=20`` is a listing's offset. The short referral names of
:data:`TRACKING_PARAMS` (``ref``, ``ocid``, ``ito``, ``icid``, ``ncid``, ``cmpid``) follow the same
rule: ``?ref=hp`` and ``?ocid=msedgntp`` are trackers, but an old PHP site's ``/news.php?ref=4601``
names the article, and dropping it requested ``/news.php`` for every story (since 2026-12). Click
ids (``dclid``, ``yclid``…) and prefixed names (``utm_``, ``at_``…) are dropped whatever their value."""

_SWITCH_ON = frozenset({"", "1", "true", "yes", "on"})
_SESSION_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,}")
_SESSION_PATH_PARAM_RE = re.compile(
    r";(?:jsessionid|phpsessid|sessionid|sid)=[^/;?#]*"
    # ASP.NET's cookieless session (and auth/anonymous id) segment: /(S(lit3py55t21z5v55vlm25s55))/x.aspx,
    # /(X(1)S(…))/x.aspx; the same page under a new segment for every visitor
    r"|/\((?:[A-Z]\([A-Za-z0-9_-]*\))+\)(?=/|$)")
_URL_INVISIBLES_RE = re.compile(r"[\t\r\n]")  # the WHATWG URL parser drops these too
_DEFAULT_PORTS = {"http": 80, "https": 443}


def join_url(base: str | None, ref: str) -> str | None:
    """``ref`` resolved against ``base`` (:func:`urllib.parse.urljoin`), or ``None`` when either
    cannot be read as a URL: an unbalanced ``[`` or ``]`` in the host (``//[bad``, ``http://[x/``)
    or a bracketed host that is no IP address (``http://[placeholder]/``), on which ``urljoin``
    raises ``ValueError: Invalid IPv6 URL``. Every URL a page, feed, sitemap or robots.txt
    supplies is resolved through this: one such link lost the page's other links, or the page.
    Never raises."""
    try:
        joined = urljoin(base, ref) if base else ref
        urlsplit(joined)  # urljoin returns some inputs unread ("" base, a scheme of its own)
    except ValueError:
        return None
    return joined


def split_url(url: str) -> SplitResult | None:
    """:func:`urllib.parse.urlsplit` of ``url``, or ``None`` when it cannot be read (as
    :func:`join_url`). The port is not checked: read ``.port`` under ``try`` where it matters
    (:func:`is_http_url` checks it). Never raises."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def is_http_url(url: str) -> bool:
    """True when ``url`` is an absolute http(s) URL that :func:`canonicalize_url` accepts."""
    return isinstance(url, str) and _is_http_url(url)


# Asked of one URL several times on its way through a crawl (the link's scope, its request's,
# the queue's at its turn): cached as the canonical forms are (issue 7: each answer cost a
# URL split, its host and its port, ~5 us).
@functools.lru_cache(maxsize=8192)
def _is_http_url(url: str) -> bool:
    try:
        _split_http_url(url)
    except ValueError:
        return False
    return True


def canonicalize_url(url: str, *, keep_params: Iterable[str] = ()) -> str:
    """Return the canonical spelling of an absolute http(s) URL (rules in the module docstring).

    :param url: absolute ``http``/``https`` URL, raw or percent-encoded, surrounding
        whitespace allowed.
    :param keep_params: query parameter names (case-insensitive) to keep even though they
        match a tracking/session rule.
    :raises ValueError: when ``url`` is not an absolute http(s) URL with a host and valid port.
    """
    return _canonicalize_url(url, frozenset(name.lower() for name in keep_params))


# One URL is canonicalised several times on its way through a crawl (discovery, the stored
# check, storage, its links on other pages): a small cache answers the repeats, at about 2 MB.
@functools.lru_cache(maxsize=8192)
def _canonicalize_url(url: str, keep: frozenset[str]) -> str:
    parts = _split_http_url(url)
    netloc = _canonical_netloc(parts)
    path = _SESSION_PATH_PARAM_RE.sub("", parts.path)
    path = _amp_path_to_article(path)
    query = _clean_query(parts.query, keep)
    try:
        canonical = w3lib_canonicalize_url(urlunsplit((parts.scheme, netloc, path, query, "")))
    except (UnicodeError, ValueError) as exc:  # e.g. an IDN label that cannot be encoded
        raise ValueError(f"cannot canonicalize URL {url[:200]!r}: {exc}") from exc
    canonical_parts = urlsplit(canonical)
    canonical_path = canonical_parts.path.rstrip("/") or "/"
    return urlunsplit(canonical_parts._replace(path=canonical_path))


def url_as_written(url: str | None) -> str:
    """``url`` without its fragment and final slash, nothing else changed: to tell whether two
    URLs are the same address as written (an AMP copy or a variant canonicalisation would fold
    is another one)."""
    return (url or "").split("#", 1)[0].rstrip("/")


def request_url(url: str, *, keep_params: Iterable[str] = ()) -> str:
    """The address to request for a link: the URL as linked, minus what only tracks the reader.

    :func:`canonicalize_url` is a *key* (the crawl's "already scheduled" set, the stored
    ``canonical_url``); this is the *request form*. It removes the fragment, the parameters
    :func:`canonicalize_url` drops (tracking, session, AMP, print and type-size switches,
    ``replytocom``)
    and ``;jsessionid=`` path parameters, maps AMP paths to the article, and normalises the
    host (lower case, no default port, no credentials, no ``amp.`` prefix); it keeps the path's
    trailing slash and the order and spelling of the remaining parameters. Requesting
    ``/slug`` for a link to ``/slug/`` cost a 301 per article on WordPress sites, and the
    article itself on servers that answer 404 to the slashless form.

    :raises ValueError: as :func:`canonicalize_url`.
    """
    return _request_url(url, frozenset(name.lower() for name in keep_params))


@functools.lru_cache(maxsize=8192)
def _request_url(url: str, keep: frozenset[str]) -> str:
    parts = _split_http_url(url)
    path = _amp_path_to_article(_SESSION_PATH_PARAM_RE.sub("", parts.path)) or "/"
    return urlunsplit((parts.scheme, _canonical_netloc(parts), path, _clean_query(parts.query, keep), ""))


@functools.lru_cache(maxsize=8192)
def url_key(url: str) -> str:
    """The stored unique key of an article URL: ``//host[:port]/path?query``.

    :func:`canonicalize_url` without the scheme, and without a leading ``www.``, ``m.`` or
    ``mobile.`` on the host, so ``http``/``https`` and ``www.``/bare/mobile copies of one address
    collide; an ``.asp``/``.aspx`` page's path and parameter names in lower case
    (:func:`fold_iis_case`).

    A mobile host is its site's separate mobile edition at the same path: the pattern search
    engines document for separate mobile URLs (the desktop page names ``m.site/same/path`` in its
    ``<link rel="alternate" media="only screen …">``, the mobile page names the desktop one as its
    canonical), so ``m.site/news/1`` is fetched once, with ``site/news/1``. Only the key folds it:
    the canonical and request forms keep the host as written (a mobile edition with its own paths
    is fetched where it is linked). Like ``amp.``, only a host with two labels after it
    (``m.example.com``, not ``m.me``). Since schema version 15 (which re-keys ``seen_urls``).
    :raises ValueError: as :func:`canonicalize_url`.
    """
    parts = urlsplit(canonicalize_url(url))
    netloc = _site_host(parts.netloc)
    path, query = fold_iis_case(parts.path, parts.query)
    return urlunsplit(("", netloc, path, query, "")) if netloc else ""


# "m." or "mobile." before at least two more labels (the netloc is lower case, "[…]" for IPv6)
_MOBILE_HOST = re.compile(r"^(?:m|mobile)\.(?=[^.:\[\]]+\.[^.:\[\]])")


def _site_host(netloc: str) -> str:
    """``netloc`` without a leading ``www.`` and then ``m.``/``mobile.``: the host that
    :func:`url_key` and :func:`is_later_page_of` compare (one site's editions)."""
    return _MOBILE_HOST.sub("", netloc.removeprefix("www."), count=1)
_IIS_PAGE = re.compile(r"\.aspx?$", re.IGNORECASE)
_PERCENT_ESCAPE = re.compile(r"%[0-9a-f]{2}")


def fold_iis_case(path: str, query: str) -> tuple[str, str]:
    """``(path, query)`` of a canonical URL as :func:`url_key` keys it: for an ASP or ASP.NET page
    (the path ends in ``.asp`` or ``.aspx``, any case), the path and the parameter names in lower
    case (percent-escapes kept upper-case) and the parameters sorted again; anything else as given.

    IIS, which serves those pages, reads paths and parameter names in any case, and its sites link
    one story as ``/News/Details.aspx?Id=4521`` and ``/news/details.aspx?id=4521``: two keys, two
    downloads. Parameter values keep their case (a value may be a case-sensitive token). Since
    schema version 13 (which re-keys ``seen_urls``)."""
    if not _IIS_PAGE.search(path):
        return path, query
    path = _PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), path.lower())
    if query:
        pairs = []
        for piece in query.split("&"):
            name, equals, value = piece.partition("=")
            pairs.append((_PERCENT_ESCAPE.sub(lambda m: m.group(0).upper(), name.lower()), equals, value))
        query = "&".join(name + equals + value for name, equals, value in
                         sorted(pairs, key=lambda pair: (pair[0], pair[2])))
    return path, query


def _http_parts(url: str) -> tuple[SplitResult, str, int | None] | None:
    """``(parts, lower-cased scheme, explicit port or None)`` of an http(s) URL with a host;
    ``None`` for other or unreadable URLs. Never raises."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts, scheme, port


def other_scheme_url(url: str) -> str | None:
    """``url`` spelled with the other of ``http``/``https`` (the same URL for :func:`url_key`):
    an explicit port stays unless it is the old scheme's default (``https://h:443/x`` ->
    ``http://h/x``). ``None`` for any other scheme or an unreadable URL. Never raises."""
    if (http := _http_parts(url)) is None:
        return None
    parts, scheme, port = http
    other = "http" if scheme == "https" else "https"
    netloc = parts.netloc
    if port is not None and port == _DEFAULT_PORTS[scheme]:
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((other, netloc, parts.path, parts.query, parts.fragment))


def origin_of(url: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an http(s) URL, host lower-cased and the scheme's default port
    filled in (``http://Site.com/`` and ``http://site.com:80/x`` are one origin); ``None`` for
    other URLs. Never raises."""
    if (http := _http_parts(url)) is None:
        return None
    parts, scheme, port = http
    return scheme, parts.hostname.lower().rstrip("."), port if port is not None else _DEFAULT_PORTS[scheme]


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without port, trailing dot or leading ``www.``; IDN as punycode.

    Returns ``""`` for URLs without a host (relative, ``mailto:``, empty). Never raises.
    """
    try:
        hostname = urlsplit(_URL_INVISIBLES_RE.sub("", url).strip()).hostname
    except ValueError:  # e.g. an unbalanced "[" in the netloc
        return ""
    return _normalize_host(hostname or "").removeprefix("www.")


def in_domains(url: str, domains: Iterable[str]) -> bool:
    """True when the host of ``url`` equals, or is a subdomain of, one of ``domains``.

    ``www.`` is ignored on both sides. A domain written with a port (``127.0.0.1:8080``) must
    match host and port exactly (the URL's default port counts when it gives none); a domain
    may also be written as a URL (``https://example.com/``). Never raises.
    """
    host, url_port = _host_and_port(url)
    if not host:
        return False
    for domain in domains:
        domain_host, domain_port = _split_domain(domain)
        if not domain_host:
            continue
        if domain_port is not None:
            if host == domain_host and url_port == domain_port:
                return True
        elif host == domain_host or host.endswith("." + domain_host):
            return True
    return False


def choose_canonical(
    page_url: str, rel_canonical: str | None, og_url: str | None, domains: Iterable[str]
) -> str:
    """Pick the article's canonical URL and return it canonicalised.

    Resolution order: ``rel=canonical``, then ``og:url``, then ``page_url``. A declared URL is
    resolved against ``page_url`` and wins only when it is http(s), inside ``domains`` (the
    page's own host, port included, when ``domains`` is empty), not the site's front page
    (``/``, ``/index.php``, ``/ar/``, ``/?lang=ar``) while the page itself is not, and not a
    listing page above the page's own path (``/ar/news/`` on ``/ar/news/2025/06/02/story``), and
    not the page's own script without its article id (``news.php``, ``news.php?id=`` or
    ``news.php?cat=3`` on ``news.php?id=4521``) —
    CMS templates that point every article's canonical at the home or section page would
    otherwise collapse all articles into one key.

    :raises ValueError: when ``page_url`` itself is not an absolute http(s) URL.
    """
    page_canonical = canonicalize_url(page_url)
    site_domains = list(domains) or [urlsplit(page_canonical).netloc]
    page_is_front = is_front_page(page_canonical)
    for declared in (rel_canonical, og_url):
        if not declared or not declared.strip():
            continue
        try:
            candidate = canonicalize_url(urljoin(page_url.strip(), declared.strip()))
        except ValueError:
            logger.debug("ignoring unusable canonical %r on %s", declared, page_url)
            continue
        if not in_domains(candidate, site_domains):
            logger.debug("ignoring off-site canonical %s on %s", candidate, page_url)
            continue
        if is_front_page(candidate) and not page_is_front:
            logger.debug("ignoring front-page canonical %s on %s", candidate, page_url)
            continue
        if _is_section_of(candidate, page_canonical):
            logger.debug("ignoring section-page canonical %s on %s", candidate, page_url)
            continue
        if _drops_the_article_id(candidate, page_canonical):
            logger.debug("ignoring canonical %s without the article id of %s", candidate, page_url)
            continue
        if is_later_page_of(page_canonical, candidate):
            logger.debug("ignoring canonical %s: %s is a later page of that article", candidate, page_url)
            continue
        return candidate
    return page_canonical


def canonical_names_another_language(canonical: str, language: str | None,
                                     alternates: Iterable[tuple[str, str]]) -> bool:
    """Whether ``canonical`` is one of the page's language alternates (``(hreflang, url)`` pairs,
    :func:`crawler.discovery.language_alternates`) declared for another language than the
    page's own ``language`` (ISO 639-1; a region is ignored: ``fr-MA`` is ``fr``), and for none
    in its language. A multilingual plugin that points every edition's ``rel=canonical`` at the
    English one (``/ar/news/…`` declaring ``/en/news/…``) would otherwise store the Arabic story
    under the English address, and the English story, fetched later, as its revision.
    ``x-default`` names no language. ``False`` when ``language`` is unknown."""
    if not language:
        return False
    own = language.lower().replace("_", "-").split("-")[0]
    try:
        key = url_key(canonical)
    except ValueError:
        return False
    declared = set()
    for hreflang, url in alternates:
        try:
            if url_key(url) == key and hreflang != "x-default":
                declared.add(hreflang.replace("_", "-").split("-")[0])
        except ValueError:
            continue
    return bool(declared) and own not in declared


def usable_shortlink(page_url: str, canonical_url: str | None, shortlink: str | None,
                     domains: Iterable[str]) -> str | None:
    """The short address a page declares for itself (``<link rel="shortlink">``), canonicalised,
    when it can be kept as another address of the page's article; else ``None``.

    Kept when it is http(s), inside ``domains`` (the page's own host, port included, when
    ``domains`` is empty), another address than the page's and its canonical's, and shaped like
    an article's (:func:`crawler.discovery.looks_like_article_url`: WordPress's ``/?p=4521``,
    Drupal's ``/node/4521``). Never a home, section or tag page: WordPress declares the home page
    as the shortlink of a static front page, Drupal ``/taxonomy/term/12`` on a tag page, and a
    listing taken for an article's address would be skipped as that article. Jetpack's
    ``wp.me`` links are another host: not links the crawl follows, so nothing to skip.
    """
    if not shortlink or not shortlink.strip():
        return None
    from crawler.discovery import looks_like_article_url  # discovery is the heavier module

    try:
        candidate = canonicalize_url(urljoin(page_url.strip(), shortlink.strip()))
        own = {url_key(page_url), url_key(canonical_url or page_url)}
    except ValueError:
        return None
    site_domains = list(domains) or [urlsplit(canonicalize_url(page_url)).netloc]
    if url_key(candidate) in own or not in_domains(candidate, site_domains) \
            or not looks_like_article_url(candidate):
        return None
    return candidate


def _split_http_url(url: str) -> SplitResult:
    if not isinstance(url, str):
        raise ValueError(f"URL must be a string, got {type(url).__name__}")
    cleaned = _URL_INVISIBLES_RE.sub("", url).strip()
    try:
        parts = urlsplit(cleaned)
        hostname = parts.hostname
        port = parts.port  # raises ValueError for non-numeric or out-of-range ports
    except ValueError as exc:
        raise ValueError(f"invalid URL {cleaned[:200]!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {cleaned[:200]!r}")
    if not hostname:
        raise ValueError(f"URL has no host: {cleaned[:200]!r}")
    del port
    return parts._replace(scheme=scheme)


def _normalize_host(hostname: str) -> str:
    host = hostname.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:  # not a valid IDN; keep the Unicode spelling rather than fail
        return host


def _canonical_netloc(parts: SplitResult) -> str:
    host = _normalize_host(parts.hostname or "")
    # amp.example.com serves the AMP edition of example.com's articles
    if host.startswith("amp.") and host.count(".") >= 2:
        host = host.removeprefix("amp.")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        return f"{host}:{port}"
    return host


def _amp_path_to_article(path: str) -> str:
    segments = [segment for segment in path.split("/") if segment.lower() != "amp"]
    last = segments[-1] if segments else ""
    lowered = last.lower()
    if lowered.endswith(".amp.html"):
        last = last[: -len(".amp.html")] + ".html"
    elif lowered.endswith(".amp") and len(last) > len(".amp"):  # BBC style: /news/x-123.amp
        last = last[: -len(".amp")]
    if segments:
        segments[-1] = last
    rebuilt = "/".join(segments)
    if path.startswith("/") and not rebuilt.startswith("/"):
        rebuilt = "/" + rebuilt
    return rebuilt


def _looks_like_session_token(value: str) -> bool:
    return bool(_SESSION_TOKEN_RE.fullmatch(value)) and any(ch.isdigit() for ch in value)


def _is_dropped_param(name: str, value: str, keep: frozenset[str]) -> bool:
    if name in keep:
        return False
    if name in WORD_ONLY_TRACKING_PARAMS:
        return not value.isdigit()  # ?from=home is a marker, ?from=20 an offset, ?ref=4601 an id
    if name in TRACKING_PARAMS or name in SESSION_PARAMS or name == "amp":
        return True
    if name.startswith(TRACKING_PARAM_PREFIXES) or name.startswith(SESSION_PARAM_PREFIXES):
        return True
    if name in ("outputtype", "output", "format", "view") and value.lower() == "amp":
        return True  # ?outputType=amp (Arc XP), ?output=amp, ?format=amp, ?view=amp
    if name in TOKEN_ONLY_SESSION_PARAMS:
        return _looks_like_session_token(value)
    if name in VIEW_SWITCH_PARAMS:
        return True
    if name in ("print", "printable") and value.lower() in _SWITCH_ON:
        return True  # ?print=1: the article in the print template
    if name in ("output", "format", "view", "template") and value.lower() == "print":
        return True
    if name == "_":
        return value.isdigit()  # jQuery's cache buster: ?_=1718000000000
    return False


def _clean_query(query: str, keep: frozenset[str]) -> str:
    # Work on the raw pieces so their encoding reaches w3lib untouched; decoding and
    # re-encoding here would lose invalid escapes and non-UTF-8 bytes.
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        raw_name, _, raw_value = piece.partition("=")
        name = unquote_plus(raw_name).strip().lower()
        if not _is_dropped_param(name, unquote_plus(raw_value), keep):
            kept.append(piece)
    return "&".join(kept)


@functools.lru_cache(maxsize=8192)
def _host_and_port(url: str) -> tuple[str, int | None]:
    """:func:`host_of` and :func:`_effective_port` of ``url``, cached (see :func:`_is_http_url`):
    :func:`in_domains` is asked of every link, request and queued request."""
    host = host_of(url)
    return host, (_effective_port(url) if host else None)


def _effective_port(url: str) -> int | None:
    try:
        parts = urlsplit(_URL_INVISIBLES_RE.sub("", url).strip())
        port = parts.port
    except ValueError:
        return None
    return port if port is not None else _DEFAULT_PORTS.get(parts.scheme.lower())


@functools.lru_cache(maxsize=256)  # a crawl's few domains, split for every URL checked
def _split_domain(domain: str) -> tuple[str, int | None]:
    text = domain.strip()
    if "://" not in text:
        text = "//" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return "", None
    return _normalize_host(parts.hostname or "").removeprefix("www."), port


# The file a server answers the folder with: Apache's and nginx's index files, IIS's default
# document (/Default.aspx).
_INDEX_FILE = re.compile(r"(?:index|default)\.(?:php|html?|aspx?|jsp|cfm)", re.IGNORECASE)


def is_front_page(url: str) -> bool:
    """Whether ``url`` is the site's front page in one of its spellings: ``/``, an index file
    (``/index.php``, ``/Default.aspx``), a language root (``/ar/``, ``/fr/index.php``; not
    ``/tv/``), with or without a query that picks no page of its own: a language switch
    (``/?lang=ar``), tracking parameters, or a note a CMS adds when it sends a reader home
    (``/index.php?msg=removed``, ``/?error=404``). A query that names a page makes it that page:
    WordPress's ``/?p=4521``, ``/index.php?id=4521``, Drupal's ``/?q=node/12``, Joomla's
    ``option``/``view``, a search or a page of results (:func:`crawler.discovery.query_picks_page`).

    Any string; ``False`` for one that is not an absolute http(s) URL.
    """
    # discovery is the heavier module (lxml), as in _is_section_of
    from crawler.discovery import is_language_segment, query_picks_page

    try:
        parts = urlsplit(canonicalize_url(url))
    except ValueError:
        return False
    segments = [segment for segment in parts.path.split("/") if segment]
    if segments and _INDEX_FILE.fullmatch(segments[-1]):
        segments.pop()
    if len(segments) == 1 and is_language_segment(segments[0]):
        segments.pop()
    return not segments and not query_picks_page(parts.query)


_QUERY_ID_VALUE = re.compile(r"\d+(?::[^&]*)?")  # 4521, Joomla's 4521:the-minister


def _query_ids(query: str) -> set[tuple[str, str]]:
    """``(lower-cased key, value)`` of the article-id parameters of ``query`` (``id``, ``p``,
    ``NewsID``… as :func:`crawler.discovery.looks_like_article_url` knows them) with a number,
    of any length, as value."""
    from crawler.discovery import _ARTICLE_ID_QUERY_KEY  # discovery is the heavier module

    ids = set()
    for piece in query.split("&"):
        key, _, value = piece.partition("=")
        key, value = unquote_plus(key).strip().lower(), unquote_plus(value).strip()
        if _ARTICLE_ID_QUERY_KEY.match(key) and _QUERY_ID_VALUE.fullmatch(value):
            ids.add((key, value))
    return ids


def _drops_the_article_id(candidate: str, page: str) -> bool:
    """``candidate`` has ``page``'s path but not the article id its query names: a PHP or ASP.NET
    template's canonical (``news.php`` or ``news.php?id=`` or ``news.php?cat=3`` on
    ``news.php?id=4521``, ``NewsDetails.aspx?NewsID=`` on ``NewsDetails.aspx?NewsID=7001``) that
    would give every article of the script one key. Another id (the story moved) is a canonical."""
    candidate_parts, page_parts = urlsplit(candidate), urlsplit(page)
    if candidate_parts.path.lower() != page_parts.path.lower():
        return False
    page_ids = _query_ids(page_parts.query)
    if not page_ids:
        return False
    candidate_keys = {key for key, _value in _query_ids(candidate_parts.query)}
    return not candidate_keys & {key for key, _value in page_ids}


# A paginated article's later page as WordPress (``<!--nextpage-->``) and many Arabic CMSs address
# it: the first page's address plus the page's number as a last segment ("/story/2/",
# "/article/88231/3").
_LATER_PAGE_SEGMENT = re.compile(r"^(?P<first>.+?)/(?P<page>[2-9]|[1-9]\d{1,2})/?$")
_FIRST_PAGE_SEGMENT = re.compile(r"^(?P<first>.+?)/1$")


def is_later_page_of(page: str, first: str) -> bool:
    """``page`` (canonical form) is page 2 or later of the paginated article at ``first``: its
    address plus the page's number, as a last segment ("/story/2/", "/article/88231/3") or a
    pager's parameter or segment (``?page=1`` on Drupal, ``?paged=2``, ``/page/2``:
    :func:`crawler.discovery.listing_page`). Such a page often declares its first page as
    canonical, and taking it would store page 2 as a new version of page 1, replacing its text
    (docs/extraction.md, "Paginated articles")."""
    from crawler.discovery import listing_page  # discovery is the heavier module

    page_parts, first_parts = urlsplit(page), urlsplit(first)
    # the same site's host: "www." and a mobile edition's "m." aside (a page of m.site declaring
    # www.site's first page)
    host = _site_host(page_parts.netloc)
    if host != _site_host(first_parts.netloc):
        return False
    first_path = first_parts.path.rstrip("/")
    # page 1 written out ("/article/88231/1") under an address of two segments at least
    if (written := _FIRST_PAGE_SEGMENT.match(first_path)) and written.group("first").count("/") >= 2:
        first_path = written.group("first")
    if page_parts.query == first_parts.query and (match := _LATER_PAGE_SEGMENT.match(page_parts.path)) \
            and match.group("first").rstrip("/") == first_path:
        return True
    later = listing_page(urlunsplit(page_parts._replace(netloc=host)))
    return later is not None and later[1] >= 1 and listing_page(first) is None \
        and later[0] == f"{host}{first_path}?{first_parts.query}"


def _is_section_of(candidate: str, page: str) -> bool:
    """``candidate`` is a listing page above ``page`` in its path (``/ar/news/`` over
    ``/ar/news/2025/06/02/story``): a template's canonical pointing at the section."""
    from crawler.discovery import looks_like_listing_url  # discovery is the heavier module

    above = [segment for segment in urlsplit(candidate).path.split("/") if segment]
    below = [segment for segment in urlsplit(page).path.split("/") if segment]
    return len(above) < len(below) and below[:len(above)] == above \
        and looks_like_listing_url(candidate) and not looks_like_listing_url(page)
