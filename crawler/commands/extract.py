"""``crawler extract``: print what the product would store for pages (files or URLs)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from pathlib import Path

from crawler.errors import CrawlerError, PageFetchError
from crawler.items import PageItem
from crawler.settings import DOWNLOAD_MAXSIZE

logger = logging.getLogger(__name__)

# Columns printed by ``crawler extract --json``: the stored ones, plus ``source`` and
# ``body_from`` ("page", or "script" for a body read from a script-rendered page's data).
EXTRACT_COLUMNS = (
    "url", "canonical_url", "site", "title", "body", "authors", "published_at", "modified_at",
    "language", "description", "site_name", "tags", "image", "content_hash", "word_count", "fetched_at",
)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("extract", help="print what the product would store for pages (files or URLs)")
    p.add_argument("sources", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--url", help="the page's address, when a single local file is read")
    p.add_argument("--json", action="store_true", help="one JSON object per page, one per line")
    p.add_argument("--site", help="use this site profile's hints, languages and time zone")
    p.add_argument("--sites", help="site profiles file (default: crawler/sites.toml)")
    p.add_argument("--min-words", type=int, default=None,
                   help="shorter bodies are not articles (default: the profile's min_words, else 40)")
    p.add_argument("--timeout", type=float, default=30, help="seconds to wait for a URL")
    p.set_defaults(func=extract_command)


def _read_source(source: str, timeout: float) -> tuple[bytes, str | None, str | None]:
    """(body, header charset, final URL or None) of a file path or an http(s) URL, held to the
    crawl's download rules (``crawler.page_fetch``): a body over ``DOWNLOAD_MAXSIZE`` is refused,
    as the crawl refuses it (``too_large``), not extracted from its first bytes; a page cut by a
    server error (PHP's ``Fatal error: …`` ending it) is refused as the crawl refuses it
    (``http_5xx``), not printed as an article."""
    from crawler.page_fetch import fetch_page, refuse_server_error_page, too_large_message  # imports Scrapy

    if source.startswith(("http://", "https://")):
        try:
            page = fetch_page(source, timeout=timeout)
        except PageFetchError as exc:
            kind = f"{exc.kind}: " if exc.kind else ""
            raise CrawlerError(f"cannot fetch {source}: {kind}{exc}") from None
        return page.body, page.charset, page.url
    path = Path(source)
    try:
        if path.is_dir():  # a folder of saved pages: "no such file" sent the operator looking for a typo
            raise CrawlerError(f"{source} is a folder: give the saved pages in it (e.g. {path / '*.html'}) "
                               f"or an http(s) URL")
        if not path.exists():
            raise CrawlerError(f"no such file: {source}")
        if not path.is_file():  # a FIFO or a device would block or never end
            raise CrawlerError(f"{source} is not a regular file: give a saved page or an http(s) URL")
        size = path.stat().st_size
        if size > DOWNLOAD_MAXSIZE:  # the crawl never extracts such a page: it records too_large
            raise CrawlerError(f"{source} is too_large: {too_large_message(DOWNLOAD_MAXSIZE, f'{size} bytes')}")
        body = path.read_bytes()
        try:
            refuse_server_error_page(body)
        except PageFetchError as exc:
            raise CrawlerError(f"{source} is {exc.kind}: {exc}") from None
        return body, None, None
    except OSError as exc:  # unreadable (permissions, an I/O error): a traceback ended the command
        raise CrawlerError(f"cannot read {source}: {exc.strerror or exc}") from None


def refusal(result) -> str:
    """Why a page is not an article, as ``crawler extract`` words it: the reason (the crawl's
    ``pages/skipped/<reason>`` stat and ``refused_pages.reason``), what found it, and for a short
    body how to see it anyway: ``too_short: 24 words, fewer than 40; --min-words or the site
    profile's min_words sets the floor``. "too_short" alone sent the operator counting words."""
    text = result.reason or "not an article"
    if detail := getattr(result, "detail", None):  # a plugged-in EXTRACT_PAGE_FUNCTION's may lack it
        text = f"{text}: {detail}"
    if result.reason == "too_short":
        text += "; --min-words or the site profile's min_words sets the floor"
    return text


def extract_command(args: argparse.Namespace) -> int:
    from crawler.processing import PageContext, analyse_page
    from crawler.sites import adhoc_profile, load_profiles, site_name_for
    from crawler.storage import utc_now
    from crawler.urls import is_http_url

    # Crawl commands log through Scrapy's own handler (LOG_LEVEL); extract has none.
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.url and len(args.sources) > 1:
        print("Error: --url names the address of a single input; give one file with it", file=sys.stderr)
        return 2
    if args.url and "://" in args.url and not is_http_url(args.url):
        print(f"Error: --url {args.url!r} is not a readable http(s) URL", file=sys.stderr)
        return 2
    profiles = load_profiles(args.sites) if args.site else {}
    if args.site and args.site not in profiles:
        print(f"Error: no site profile named {args.site!r} (known: {', '.join(profiles) or 'none'})", file=sys.stderr)
        return 2
    failures = 0
    for source in args.sources:
        try:
            body, charset, final_url = _read_source(source, args.timeout)
            url = args.url or final_url or Path(source).resolve().as_uri()
            if not body.strip():
                raise CrawlerError(f"{source} is empty")
            profile = profiles[args.site] if args.site else (
                adhoc_profile(url, name=site_name_for(url)) if url.startswith("http")
                else None
            )
            context = (
                PageContext.for_profile(profile) if profile else PageContext(domains=())
            )
            if args.min_words is not None:  # the command line beats the profile
                context = dataclasses.replace(context, min_words=args.min_words)
            page = PageItem(url=url, body=body, site=profile.name if profile else "file",
                            encoding=charset, fetched_at=utc_now())
            result = analyse_page(page, context)
        except CrawlerError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            failures += 1
            continue
        if result.article is None:
            print(f"Error: {source} is not an article ({refusal(result)})", file=sys.stderr)
            failures += 1
            continue
        record = {key: getattr(result.article, key) for key in EXTRACT_COLUMNS}
        record["source"] = source
        record["body_from"] = result.body_from
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            _print_article(record)
    return 1 if failures else 0


def _print_article(record: dict) -> None:
    for key in EXTRACT_COLUMNS:
        if key == "body":
            continue
        value = record[key]
        if isinstance(value, list):
            value = ", ".join(value)
        print(f"{key:>14}: {value if value not in (None, '') else '-'}")
    if record["body_from"] != "page":
        print(f"{'body from':>14}: {record['body_from']} (the page's HTML has no article; read from its data)")
    print()
    print(record["body"])
    print()
