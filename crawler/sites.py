"""Site profiles: the data that tells the generic spider how to crawl one outlet.

Profiles live in one TOML file (``crawler/sites.toml`` unless the ``SITES_FILE`` setting or
the ``CRAWLER_SITES_FILE`` environment variable names another). Loading validates every
field and fails with one :class:`~crawler.errors.ProfileError` line that names the site and
the field, e.g. ``sites.toml: site 'ammon': field 'include': bad regex '[': ...``.

A profile needs little more than a name, a start URL and a language: domains default to
the start URL's host, and discovery (robots.txt sitemaps, feeds, section pages) is generic.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.dates import language_tag
from crawler.errors import ProfileError
from crawler.profile_selectors import selector_error
from crawler.urls import in_domains, is_http_url

DEFAULT_SITES_FILE = Path(__file__).with_name("sites.toml")

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


@dataclass(frozen=True)
class ExtractionProfile:
    """Per-site extraction hints; generic rules come first, these only where they fail."""

    drop_selectors: tuple[str, ...] = ()
    body_selectors: tuple[str, ...] = ()
    teaser_phrases: tuple[str, ...] = ()
    title_suffixes: tuple[str, ...] = ()
    title_sources: tuple[str, ...] = ()
    """Where this site's headline of record is, in order ("h1", "ld", "og", "twitter",
    "sitemap", "html"): for a site whose og:title is a social headline, say."""


@dataclass(frozen=True)
class SiteProfile:
    name: str
    start_urls: tuple[str, ...]
    domains: tuple[str, ...]
    languages: tuple[str, ...]
    timezone: str | None = None
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    max_requests: int | None = None
    max_depth: int | None = None
    download_delay: float | None = None
    concurrency: int | None = None
    min_words: int | None = None
    stale_hours: float | None = None
    """Hours without a new article (or without a run, in ``crawler stats``) after which the site
    reads stale; ``None``: the ``RUNS_HEALTH_STALE_HOURS`` setting; 0: never."""
    extraction: ExtractionProfile = ExtractionProfile()
    description: str = ""
    adhoc: bool = False
    """An ad-hoc profile (``-a url=…``, ``crawler crawl --url``): its domains are the start URL's
    host only, and may take the host its start page redirects to (``StartRedirectMiddleware``)."""

    @property
    def language(self) -> str | None:
        """The default language; ``None`` for ad-hoc sites, where the text decides."""
        return self.languages[0] if self.languages else None

    def out_of_scope_reason(self, url: str) -> str | None:
        """Why this profile does not cover ``url`` (``off_domain``: not http(s), or outside
        ``domains``; ``excluded``: an ``exclude`` pattern matches), or ``None`` when it does."""
        if not is_http_url(url) or not in_domains(url, self.domains):
            return "off_domain"
        if any(pattern.search(url) for pattern in self.exclude):
            return "excluded"
        return None


_FIELDS = {
    "name": str,
    "start_urls": list,
    "domains": list,
    "languages": list,
    "timezone": str,
    "sitemaps": list,
    "feeds": list,
    "include": list,
    "exclude": list,
    "headers": dict,
    "max_requests": int,
    "max_depth": int,
    "download_delay": (int, float),
    "concurrency": int,
    "min_words": int,
    "stale_hours": (int, float),
    "extraction": dict,
    "description": str,
    # Convenience spellings of the list fields for one value.
    "start_url": str,
    "language": str,
}
_EXTRACTION_FIELDS = ("drop_selectors", "body_selectors", "teaser_phrases", "title_suffixes", "title_sources")


# letters (any script: an internationalised name), digits, hyphens and dots, an IPv4 address too
_HOST_NAME_RE = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.?$")


def _host(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if ":" in parts.hostname:
        # a domain entry is "host[:port]": "::1:8080" could not be told from a port, so the
        # profile's domains were refused with an error that named neither the URL nor the cause
        raise ValueError(f"an IPv6 address cannot be a site's host (use a host name): {url!r}")
    if not _HOST_NAME_RE.match(parts.hostname):
        # urlsplit takes anything between "//" and the path: "http://exa mple.com/" was a site
        # whose every request failed
        raise ValueError(f"not a host name: {parts.hostname!r} in {url!r}")
    host = parts.hostname.lower()
    # an explicit default port (http://site.ma:80/) is the host itself: pinned to ":80", the
    # site's usual redirect to https was off-site
    if parts.port and parts.port != {"http": 80, "https": 443}[parts.scheme]:
        host = f"{host}:{parts.port}"
    return host[4:] if host.startswith("www.") else host


def _str_list(value: list, where: str) -> tuple[str, ...]:
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ProfileError(f"{where}: must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def profile_from_dict(data: dict[str, Any], *, source: str = "profile") -> SiteProfile:
    """Validate one profile table; raise ProfileError naming the site and the field."""
    name = data.get("name")
    label = f"{source}: site {name!r}" if isinstance(name, str) else f"{source}: site without a name"
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ProfileError(f"{label}: field 'name': must match {_NAME_RE.pattern}")
    for key, value in data.items():
        expected = _FIELDS.get(key)
        if expected is None:
            raise ProfileError(f"{label}: field {key!r}: unknown field")
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ProfileError(f"{label}: field {key!r}: wrong type {type(value).__name__}")

    def strings(key: str, single: str | None = None) -> tuple[str, ...]:
        values = list(data.get(key, []))
        if single and single in data:
            values.insert(0, data[single])
        return _str_list(values, f"{label}: field {key!r}")

    start_urls = strings("start_urls", "start_url")
    if not start_urls:
        raise ProfileError(f"{label}: field 'start_urls': at least one start URL is required")
    try:
        start_hosts = [_host(u) for u in start_urls]
        for u in strings("sitemaps") + strings("feeds"):
            _host(u)
    except ValueError as exc:
        raise ProfileError(f"{label}: field 'start_urls/sitemaps/feeds': {exc}") from None
    domains = tuple(d.lower().removeprefix("www.") for d in strings("domains")) or tuple(
        dict.fromkeys(start_hosts)
    )
    # The crawl never requests a URL outside the domains: a start URL, sitemap or feed there
    # would be dropped silently, and the site crawled from nothing.
    for url in start_urls + strings("sitemaps") + strings("feeds"):
        if not in_domains(url, domains):
            raise ProfileError(f"{label}: field 'domains': {url!r} is outside {', '.join(domains)}; "
                               f"add its host to 'domains'")

    languages = strings("languages", "language")
    if not languages:
        raise ProfileError(f"{label}: field 'languages': at least one ISO 639-1 code is required")
    # An ISO 639-1 code, perhaps with its region, as crawler.dates reads it and normalised ("en_us" is
    # "en-US": the site writes numeric dates month first, on its pages in that language; a region
    # changes nothing else)
    tags = []
    for lang in languages:
        if (tag := language_tag(lang)) is None:
            raise ProfileError(f"{label}: field 'languages': {lang!r} is not an ISO 639-1 code "
                               f"(or one with its region: \"en-US\")")
        tags.append(tag)
    languages = tuple(tags)

    timezone = data.get("timezone")
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ProfileError(f"{label}: field 'timezone': unknown zone {timezone!r}") from None

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for pattern in strings(key):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise ProfileError(f"{label}: field {key!r}: bad regex {pattern!r}: {exc}") from None
        return tuple(compiled)

    exclude = patterns("exclude")
    # Excluded URLs are never requested, these included: the crawl would fetch nothing.
    for url in start_urls + strings("sitemaps") + strings("feeds"):
        if matching := next((p for p in exclude if p.search(url)), None):
            raise ProfileError(f"{label}: field 'exclude': {matching.pattern!r} matches {url!r}, "
                               f"which the crawl must request")

    for key in ("max_requests", "max_depth", "concurrency", "min_words"):
        if key in data and data[key] < 0:
            raise ProfileError(f"{label}: field {key!r}: must not be negative")
    if data.get("concurrency") == 0:  # a download slot of 0 never sends a request: the crawl hangs
        raise ProfileError(f"{label}: field 'concurrency': must be at least 1")
    if data.get("download_delay", 0) < 0:
        raise ProfileError(f"{label}: field 'download_delay': must not be negative")
    # nan or inf (TOML has both) compare false with everything: a window never reached, or always
    if "stale_hours" in data and not 0 <= data["stale_hours"] < math.inf:
        raise ProfileError(f"{label}: field 'stale_hours': must be a number of hours, 0 or more "
                           f"(0: never stale), not {data['stale_hours']!r}")

    extraction = data.get("extraction", {})
    for key in extraction:
        if key not in _EXTRACTION_FIELDS:
            raise ProfileError(f"{label}: field 'extraction.{key}': unknown field")
    hints = ExtractionProfile(
        **{
            key: _str_list(extraction.get(key, []), f"{label}: field 'extraction.{key}'")
            for key in _EXTRACTION_FIELDS
            if isinstance(extraction.get(key, []), list)
            or _raise(f"{label}: field 'extraction.{key}': must be a list")
        }
    )
    if hints.title_sources:
        # imported here: crawler.boilerplate (and trafilatura) cost `crawler stats`, which reads
        # the profiles for their stale_hours, most of a second
        from crawler.boilerplate import TITLE_SOURCES
    for title_source in hints.title_sources:
        if title_source not in TITLE_SOURCES:
            raise ProfileError(f"{label}: field 'extraction.title_sources': unknown source {title_source!r} "
                               f"(one of {', '.join(TITLE_SOURCES)})")
    for key in ("drop_selectors", "body_selectors"):
        for selector in getattr(hints, key):
            if (error := selector_error(selector)) is not None:
                raise ProfileError(f"{label}: field 'extraction.{key}': bad {selector!r}: {error}")
    headers = data.get("headers", {})
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
        raise ProfileError(f"{label}: field 'headers': must map strings to strings")

    return SiteProfile(
        name=name,
        start_urls=start_urls,
        domains=domains,
        languages=languages,
        timezone=timezone,
        sitemaps=strings("sitemaps"),
        feeds=strings("feeds"),
        include=patterns("include"),
        exclude=exclude,
        headers=dict(headers),
        max_requests=data.get("max_requests"),
        max_depth=data.get("max_depth"),
        download_delay=data.get("download_delay"),
        concurrency=data.get("concurrency"),
        min_words=data.get("min_words"),
        stale_hours=float(data["stale_hours"]) if "stale_hours" in data else None,
        extraction=hints,
        description=data.get("description", ""),
    )


def _raise(message: str):
    raise ProfileError(message)


def site_name_for(url_or_host: str) -> str:
    """A valid profile name for an ad-hoc site: ``https://www.Example.com:8080/`` -> ``example_com_8080``."""
    host = _host(url_or_host) if "://" in url_or_host else url_or_host.lower()
    # An IDN host by its ASCII (punycode) form: "موقع.مصر" and "xn--4gbrim.xn--wgbh1c" are one
    # site, and a name of Unicode letters alone was stripped to "site", shared by every such site.
    name, _, port = host.partition(":")
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:  # not a valid IDN: its letters are dropped, as before
            pass
    host = f"{name}:{port}" if port else name
    name = re.sub(r"[^a-z0-9]+", "_", host).strip("_")[:40] or "site"
    return name if name[0].isalpha() else f"site_{name}"[:41]


def sites_file_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The profiles file: the argument, else ``$CRAWLER_SITES_FILE``, else the shipped one."""
    chosen = path or os.environ.get("CRAWLER_SITES_FILE")
    return Path(chosen) if chosen else DEFAULT_SITES_FILE


@dataclass(frozen=True)
class InvalidProfile:
    """A ``[[site]]`` table of a sites file that does not validate."""

    site: str | None
    """Its ``name`` as written (``None``: it has none, or not a string)."""
    message: str
    """The one line :func:`profile_from_dict` gives: file, site, field and problem."""
    problem: str
    """The message without its file and site: ``field 'max_requests': must not be negative``."""


@dataclass(frozen=True)
class SitesFile:
    """A sites file as read: its valid profiles, keyed by name (file order), and its tables that
    do not validate (file order). A site named by two tables is invalid (``duplicate site``):
    neither is crawled, as nobody can say which the operator meant."""

    profiles: dict[str, SiteProfile]
    invalid: tuple[InvalidProfile, ...] = ()


def read_sites_file(path: str | os.PathLike[str] | None = None) -> SitesFile:
    """Read a sites file, validating each profile on its own (:func:`profile_from_dict`).

    A profile that does not validate is left out and recorded in ``invalid``; the others load:
    ``crawler crawl --all`` crawls them (one typo in one of 200 profiles stopped every site's
    cron). A file that cannot be read or parsed, or that is not an array of ``[[site]]`` tables,
    has no profile to trust.

    :raises ProfileError: naming the file, for a file that cannot be read or is not TOML, an
        unknown top-level key, or ``[site]`` written for ``[[site]]``.
    """
    file = sites_file_path(path)
    source = file.name
    data = _read_toml(file)
    unknown = set(data) - {"site"}
    if unknown:
        raise ProfileError(f"{source}: unknown top-level key {sorted(unknown)[0]!r} (expected [[site]] tables)")
    tables = data.get("site", [])
    # `[site]` (one table, not an array of tables) parses, and would be iterated as its keys.
    if not isinstance(tables, list) or not all(isinstance(table, dict) for table in tables):
        raise ProfileError(f"{source}: 'site' must be an array of tables: write each profile under "
                           f"[[site]] (double brackets), not [site]")
    profiles: dict[str, SiteProfile] = {}
    invalid: list[InvalidProfile] = []
    named: set[str] = set()
    for table in tables:
        name = table.get("name") if isinstance(table.get("name"), str) else None
        label = f"{source}: site {name!r}: " if name is not None else f"{source}: "
        try:
            profile = profile_from_dict(table, source=source)
        except ProfileError as exc:
            invalid.append(InvalidProfile(name, str(exc), str(exc).removeprefix(label)))
        else:
            if name in named:
                invalid.append(InvalidProfile(name, f"{label}field 'name': duplicate site", "field 'name': duplicate site"))
            else:
                profiles[profile.name] = profile
        if name is not None:
            named.add(name)
    broken = {entry.site for entry in invalid}
    return SitesFile({name: profile for name, profile in profiles.items() if name not in broken}, tuple(invalid))


def load_profiles(path: str | os.PathLike[str] | None = None) -> dict[str, SiteProfile]:
    """Load and validate every profile of a sites file, keyed by name (file order).

    :raises ProfileError: for the file (:func:`read_sites_file`), or for its first profile that
        does not validate (whole-file validation: ``scrapy list``/``crawl``, ``crawler extract``).
    """
    sites = read_sites_file(path)
    if sites.invalid:
        raise ProfileError(sites.invalid[0].message)
    return sites.profiles


def _read_toml(file: Path) -> dict[str, Any]:
    """The parsed sites file; any reason it cannot be read is one ProfileError naming it."""
    try:
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{file}: sites file not found") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{file.name}: not UTF-8 text (byte {exc.object[exc.start]:#04x} "
                           f"at offset {exc.start})") from None
    except OSError as exc:  # a directory, no permission
        raise ProfileError(f"{file}: cannot read sites file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{file.name}: not valid TOML: {exc}") from None


def adhoc_profile(url: str, *, name: str = "site", language: str | None = None,
                  timezone: str | None = None) -> SiteProfile:
    """A profile for ``scrapy crawl site -a url=...``: the URL's host, generic discovery."""
    try:
        host = _host(url)
    except ValueError as exc:
        raise ProfileError(f"ad-hoc site: field 'url': {exc}") from None
    profile = profile_from_dict(
        {"name": name, "start_urls": [url], "domains": [host], "languages": [language or "en"],
         **({"timezone": timezone} if timezone else {})},
        source="ad-hoc",
    )
    # Without a declared language the extractor detects it from each page's text.
    return dataclasses.replace(profile, languages=profile.languages if language else (), adhoc=True)
