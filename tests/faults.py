"""A hostile, broken news site for the fault tests, served by ``FixtureServer`` on 127.0.0.1.

:func:`build_fault_site` writes a small site (a few good articles, a homepage, robots.txt,
sitemaps) into a folder and :func:`install_faults` registers one handler per fault on a
started server. The homepage and robots.txt reach every fault, so one crawl of the site meets
them all and the tests check each outcome *and* that the good articles were still stored.

Each fault is named by its URL path in :data:`FAULTS` (path -> the ``fetch_errors.kind`` the
crawl must record, or ``None`` when the fault must end in a stored article). Handlers that
need the wire write to the socket themselves (reset, stall, drip, endless body).
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crawler.fixture_server import FixtureServer, RequestContext, Response
from tests.sitegen import SiteBuilder, Story, filler

GOOD_STORIES = [
    Story("/news/2025/06/02/water-deal-signed-at-border", "Water deal signed at the border",
          filler("water deal"), lastmod="2025-06-02T10:00:00+00:00"),
    Story("/news/2025/06/02/port-expansion-approved-by-council", "Port expansion approved by council",
          filler("port expansion"), lastmod="2025-06-02T11:00:00+00:00"),
    Story("/news/2025/06/02/solar-farm-opens-in-desert", "Solar farm opens in the desert",
          filler("solar farm"), lastmod="2025-06-02T12:00:00+00:00"),
    Story("/news/2025/06/02/railway-line-reaches-coast", "Railway line reaches the coast",
          filler("railway line")),
]
# Articles behind a transient fault: the crawl must end up storing them.
FLAKY_503 = Story("/news/2025/06/02/flaky-server-story-after-two-errors", "Flaky server story",
                  filler("flaky server"))
RATE_LIMITED = Story("/news/2025/06/02/rate-limited-story-with-retry-after", "Rate limited story",
                     filler("rate limit"))

CP1256_PATH = "/ar/2025/06/02/arabic-page-without-declared-charset"
CP1256_TITLE = "افتتاح محطة جديدة للطاقة الشمسية في الصحراء"
CP1256_PARAGRAPHS = [
    "أعلنت وزارة الطاقة اليوم عن افتتاح محطة جديدة للطاقة الشمسية في الصحراء الشرقية، "
    "وقال الوزير إن المحطة ستزود أكثر من مئة ألف منزل بالكهرباء النظيفة خلال العام المقبل.",
    "وأضاف أن المشروع استغرق ثلاث سنوات من العمل المتواصل، وشارك فيه مئات المهندسين والعمال "
    "من أبناء المنطقة، وأن الحكومة تخطط لبناء محطتين إضافيتين قبل نهاية العقد الحالي.",
    "ورحب سكان القرى المجاورة بالمشروع، مؤكدين أن انقطاع التيار الكهربائي كان يعطل أعمالهم "
    "ومدارس أبنائهم، وأنهم يأملون أن تنخفض فواتير الكهرباء بعد تشغيل المحطة بكامل طاقتها.",
]
# A UTF-8 story (declared so) whose "most read" list is included from a windows-1256 template.
MIXED_PATH = "/ar/2025/06/02/utf8-story-with-windows-1256-most-read-list"
MIXED_TITLE = "بدء تشغيل خط الحافلات السريعة بين العاصمة والمدن المجاورة"
MIXED_PARAGRAPHS = [
    "بدأت هيئة النقل البري صباح اليوم تشغيل خط الحافلات السريعة الذي يربط العاصمة بالمدن المجاورة، "
    "بعد سنوات من الأشغال التي شملت إنشاء مسارات خاصة ومحطات انتظار مكيفة على طول الطريق.",
    "وقال مدير الهيئة إن الخط سينقل نحو أربعين ألف راكب يوميا في مرحلته الأولى، وإن الرحلة التي كانت "
    "تستغرق ساعة ونصف الساعة في أوقات الذروة لن تتجاوز الآن خمسا وثلاثين دقيقة.",
    "وأضاف أن أسعار التذاكر ستبقى في متناول الطلبة والموظفين، وأن الهيئة ستطلق تطبيقا إلكترونيا "
    "لمتابعة مواعيد الحافلات ودفع الأجرة دون نقود خلال الأسابيع المقبلة.",
]
MIXED_MOST_READ = ["ارتفاع أسعار الذهب في السوق المحلية", "منتخب الشباب يتأهل إلى النهائي",
                   "البنك المركزي يبقي أسعار الفائدة دون تغيير"]
# A script-rendered page: an empty shell, the story in Next.js flight data (the golden page).
SCRIPT_RENDERED_PATH = "/ar/2025/06/01/script-rendered-story"
SCRIPT_RENDERED_PAGE = Path(__file__).parent / "golden" / "extraction" / "ar_script_rendered_next_flight.html"

# path -> kind recorded in fetch_errors (None: the article must be stored).
FAULTS: dict[str, str | None] = {
    FLAKY_503.path: None,
    RATE_LIMITED.path: None,
    CP1256_PATH: None,
    MIXED_PATH: None,
    SCRIPT_RENDERED_PATH: None,
    "/news/2025/06/02/never-finishing-response-story": "timeout",
    "/news/2025/06/02/slow-drip-response-story": "timeout",
    "/news/2025/06/02/connection-reset-by-server-story": "connection",
    "/news/2025/06/02/redirect-chain-that-never-ends": "redirect_loop",
    "/news/2025/06/02/redirect-cycle-between-two-pages": "redirect_loop",
    "/news/2025/06/02/moved-to-another-host-story": "offsite_redirect",
    "/news/2025/06/02/redirect-to-cloud-metadata-story": "offsite_redirect",
    "/news/2025/06/02/forty-megabyte-body-story": "too_large",
    "/news/2025/06/02/endless-body-without-length-story": "too_large",
    "/news/2025/06/02/binary-served-as-html-story": "binary",
    "/news/2025/06/02/truncated-gzip-body-story": "truncated",
    "/news/2025/06/02/plain-body-declared-gzip-story": "bad_encoding",
    "/news/2025/06/02/empty-ok-response-story": "empty",
    "/news/2025/06/02/forbidden-by-the-server-story": "blocked",
    "/news/2025/06/02/challenge-page-instead-of-story": "blocked",
    "/news/2025/06/02/missing-page-story-not-found": "http_4xx",
    "/news/2025/06/02/server-always-failing-story": "http_5xx",
    "/sitemap-broken.xml": "bad_sitemap",  # recovered: its complete entries are used, the cut one is not
    "/sitemap-not-xml.xml": "bad_sitemap",
    "/sitemap-entity-bomb.xml": "bad_sitemap",
    "/sitemap-huge.xml.gz": "bad_sitemap",
    "/feed.xml": "bad_feed",
    "/feed-truncated.xml": "bad_feed",  # recovered: its complete item is used, the cut one is not
}
# Links to other hosts (on the homepage and in the good sitemap): never requested.
OFFSITE_LINKS = ["http://localhost:{port}/news/2025/06/02/offsite-link-on-homepage",
                 "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                 "http://10.0.0.1/news/2025/06/02/private-network-story"]
CALENDAR_START = "/calendar/2025/06/02"
SESSION_START = "/sid-aaaa/world"

BINARY_BODY = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
MEGABYTE = 1024 * 1024


@dataclass
class FaultLog:
    """What the fault handlers saw (the server's request log has the rest)."""

    hits: Counter = field(default_factory=Counter)
    hit_times: dict[str, list[float]] = field(default_factory=dict)
    # path -> seconds the client kept a stalled/dripping/endless connection open
    held_open: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, path: str) -> int:
        with self.lock:
            self.hits[path] += 1
            self.hit_times.setdefault(path, []).append(time.monotonic())
            return self.hits[path]


def cp1256_page() -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in CP1256_PARAGRAPHS)
    html = (f"<html dir=\"rtl\" lang=\"ar\"><head><title>{CP1256_TITLE}</title></head><body>"
            f"<header><a href=\"/\">الرئيسية</a></header><article><h1>{CP1256_TITLE}</h1>"
            f"{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>")
    return html.encode("cp1256")


def mixed_charset_page() -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in MIXED_PARAGRAPHS)
    story = (f"<html dir=\"rtl\" lang=\"ar\"><head><meta charset=\"utf-8\"><title>{MIXED_TITLE}</title></head>"
             f"<body><header><a href=\"/\">الرئيسية</a></header><article><h1>{MIXED_TITLE}</h1>"
             f"{paragraphs}</article><aside class=\"most-read\"><ul>")
    most_read = "".join(f"<li><a href=\"/news/\">{headline}</a></li>" for headline in MIXED_MOST_READ)
    return (story.encode("utf-8") + most_read.encode("cp1256")
            + "</ul></aside><footer>جميع الحقوق محفوظة</footer></body></html>".encode("utf-8"))


def build_fault_site(root: Path) -> Path:
    """Write the static part of the fault site into ``root``."""
    builder = SiteBuilder(root, name="Hostile Herald")
    for story in [*GOOD_STORIES, FLAKY_503, RATE_LIMITED]:
        builder.add(story)
    builder.write()
    # the article template's menu links here, and the script-rendered page's menu and footer
    for section in ("news", "sport", "local", "economy", "privacy"):
        (root / section).mkdir(exist_ok=True)
        (root / section / "index.html").write_text(
            f"<html><body><h1>{section}</h1><a href='/'>Home</a></body></html>", encoding="utf-8")
    trap_links = [CALENDAR_START + "/", SESSION_START + "/"]
    links = [s.path for s in GOOD_STORIES] + [p for p in FAULTS if not p.endswith((".xml", ".gz"))]
    links += trap_links + OFFSITE_LINKS
    items = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    (root / "index.html").write_text(
        "<!doctype html><html><head><title>Hostile Herald</title>"
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/feed-truncated.xml"></head>'
        f"<body><h1>Hostile Herald</h1><ul>{items}</ul></body></html>", encoding="utf-8")
    (root / "robots.txt").write_text(
        "User-agent: *\nDisallow: /private/\n"
        + "".join(f"Sitemap: __BASE_URL__{p}\n" for p in
                  ("/sitemap.xml", "/sitemap-broken.xml", "/sitemap-not-xml.xml", "/sitemap-entity-bomb.xml",
                   "/sitemap-huge.xml.gz")),
        encoding="utf-8")
    # The good sitemap also lists an off-site entry, which must not be requested.
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    (root / "sitemap.xml").write_text(sitemap.replace(
        "</urlset>", "<url><loc>http://169.254.169.254/news/2025/06/02/sitemap-entry-elsewhere</loc></url></urlset>"),
        encoding="utf-8")
    return root


# -- handlers ----------------------------------------------------------------------------------
def _wait_for_client_close(ctx: RequestContext, limit: float = 30.0) -> float:
    """Block until the client hangs up (or ``limit`` s); return how long that took."""
    started = time.monotonic()
    ctx.connection.settimeout(limit)
    try:
        while ctx.connection.recv(4096):
            pass
    except OSError:
        pass
    return time.monotonic() - started


def _stream_until_closed(ctx: RequestContext, chunk: bytes, pause: float, limit: float = 30.0) -> float:
    started = time.monotonic()
    try:
        while time.monotonic() - started < limit:
            ctx.wfile.write(chunk)
            ctx.wfile.flush()
            if pause:
                time.sleep(pause)
    except OSError:  # the client hung up: what we wait for
        pass
    return time.monotonic() - started


def install_faults(server: FixtureServer) -> FaultLog:
    """Register every fault handler on ``server`` (already started); return the fault log."""
    log = FaultLog()

    def flaky(ctx: RequestContext) -> Response:
        if log.hit(ctx.path) <= 2:
            return Response(503, {"Content-Type": "text/html"}, "<h1>Service Unavailable</h1>")
        return ctx.default_response()

    def rate_limited(ctx: RequestContext) -> Response:
        if log.hit(ctx.path) == 1:
            return Response(429, {"Content-Type": "text/html", "Retry-After": "1"}, "<h1>Slow down</h1>")
        return ctx.default_response()

    def cp1256(ctx: RequestContext) -> Response:
        return Response(200, {"Content-Type": "text/html"}, cp1256_page())

    def never_finishes(ctx: RequestContext) -> None:
        log.hit(ctx.path)
        ctx.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: 5000\r\n\r\n<html><body><p>Half a")
        ctx.wfile.flush()
        log.held_open[ctx.path] = _wait_for_client_close(ctx)

    def slow_drip(ctx: RequestContext) -> None:
        log.hit(ctx.path)
        ctx.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: 100000\r\n\r\n")
        log.held_open[ctx.path] = _stream_until_closed(ctx, b"<p>drip</p>", pause=0.2)

    def reset(ctx: RequestContext) -> None:
        log.hit(ctx.path)
        # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
        ctx.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        ctx.connection.close()

    def endless_chain(ctx: RequestContext) -> Response:
        step = log.hit("/redirect-chain")
        return Response(302, {"Location": f"/redirect-chain/step-{step}"})

    def cycle_a(ctx: RequestContext) -> Response:
        log.hit(ctx.path)
        return Response(302, {"Location": "/redirect-cycle-b"})

    def cycle_b(ctx: RequestContext) -> Response:
        log.hit(ctx.path)
        return Response(301, {"Location": "/news/2025/06/02/redirect-cycle-between-two-pages"})

    def to_other_host(ctx: RequestContext) -> Response:
        return Response(301, {"Location": f"http://localhost:{server.port}/news/2025/06/02/landed-elsewhere"})

    def to_metadata(ctx: RequestContext) -> Response:
        return Response(302, {"Location": "http://169.254.169.254/latest/meta-data/"})

    def forty_megabytes(ctx: RequestContext) -> None:
        log.hit(ctx.path)
        ctx.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        + f"Content-Length: {40 * MEGABYTE}\r\n\r\n".encode())
        log.held_open[ctx.path] = _stream_until_closed(ctx, b"<p>" + b"x" * 65536 + b"</p>", pause=0)

    def endless_body(ctx: RequestContext) -> None:
        log.hit(ctx.path)
        # No Content-Length: the body ends when the connection does (HTTP/1.0 style).
        ctx.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Connection: close\r\n\r\n")
        log.held_open[ctx.path] = _stream_until_closed(ctx, b"<p>" + b"y" * 65536 + b"</p>", pause=0)

    def binary(ctx: RequestContext) -> Response:
        return Response(200, {"Content-Type": "text/html; charset=utf-8"}, BINARY_BODY)

    def truncated_gzip(ctx: RequestContext) -> Response:
        log.hit(ctx.path)
        page = SiteBuilder(server.root).page(Story(ctx.path, "Cut short", filler("truncated gzip")))
        packed = gzip.compress(page.encode("utf-8"))
        return Response(200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                        packed[: len(packed) // 2])

    def plain_declared_gzip(ctx: RequestContext) -> Response:
        log.hit(ctx.path)
        page = SiteBuilder(server.root).page(Story(ctx.path, "Not gzip", filler("plain gzip")))
        return Response(200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                        page.encode("utf-8"))

    def empty(ctx: RequestContext) -> Response:
        log.hit(ctx.path)
        return Response(200, {"Content-Type": "text/html; charset=utf-8"}, b"")

    def forbidden(ctx: RequestContext) -> Response:
        return Response(403, {"Content-Type": "text/html"}, "<h1>403 Forbidden</h1>")

    def challenge(ctx: RequestContext) -> Response:
        return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                        "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
                        "<noscript>Enable JavaScript and cookies to continue</noscript>"
                        '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'
                        "</body></html>")

    def always_500(ctx: RequestContext) -> Response:
        log.hit(ctx.path)
        return Response(500, {"Content-Type": "text/html"}, "<h1>Internal Server Error</h1>")

    def broken_sitemap(ctx: RequestContext) -> Response:
        # Cut off mid-entry (a truncated download): the complete entry is usable, the cut one is not.
        return Response(200, {"Content-Type": "application/xml"},
                        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"<url><loc>{server.base_url}{GOOD_STORIES[3].path}</loc></url>"
                        f"<url><loc>{server.base_url}/news/2025/06/02/never-listed</loc><lastmod>2025-")

    def not_xml_sitemap(ctx: RequestContext) -> Response:
        # A CMS error page answered with 200 where the sitemap should be.
        return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                        "<!doctype html><html><head><title>Oops</title></head><body><h1>Something went "
                        "wrong</h1><p>Please try again later.</p></body></html>")

    def entity_bomb(ctx: RequestContext) -> Response:
        entities = '<!ENTITY lol "lol">' + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        return Response(200, {"Content-Type": "application/xml"},
                        f'<?xml version="1.0"?><!DOCTYPE urlset [{entities}]>'
                        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        "<url><loc>&lol9;</loc></url></urlset>")

    def huge_gzip_sitemap(ctx: RequestContext) -> Response:
        entry = f"<url><loc>{server.base_url}/news/2025/06/02/padding-entry-0000000</loc></url>"
        xml = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               + entry * 40000 + "</urlset>")
        return Response(200, {"Content-Type": "application/x-gzip"}, gzip.compress(xml.encode(), mtime=0))

    def html_feed(ctx: RequestContext) -> Response:
        return Response(200, {"Content-Type": "application/rss+xml"},
                        "<!doctype html><html><head><title>Feed moved</title></head>"
                        "<body><p>Our feed moved. <a href='/'>Home</a></p></body></html>")

    def truncated_feed(ctx: RequestContext) -> Response:
        # Cut off mid-item (a truncated download): the complete item is usable, the cut one is not.
        return Response(200, {"Content-Type": "application/rss+xml"},
                        '<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title>'
                        f"<item><title>Complete</title><link>{server.base_url}{GOOD_STORIES[2].path}</link></item>"
                        f"<item><title>Cut</title><link>{server.base_url}/news/2025/06/02/never-in-a-feed")

    def calendar(ctx: RequestContext) -> Response:
        log.hit("/calendar")
        year, month, day = (int(part) for part in ctx.path.strip("/").split("/")[1:4])
        nxt = f"/calendar/{year}/{month:02d}/{day + 1:02d}/" if day < 28 else f"/calendar/{year}/{month + 1:02d}/01/"
        prev = f"/calendar/{year}/{month:02d}/{max(1, day - 1):02d}/"
        return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                        f"<html><body><h1>Events {year}-{month}-{day}</h1><a href='{prev}'>previous day</a>"
                        f"<a href='{nxt}'>next day</a><a href='/calendar/{year + 1}/{month:02d}/{day:02d}/'>"
                        "next year</a></body></html>")

    def session_trap(ctx: RequestContext) -> Response:
        count = log.hit("/sid")
        token = ctx.path.split("/")[1]
        links = "".join(f"<a href='/{token}{chr(97 + (count + i) % 26)}/world/'>world</a>" for i in range(6))
        return Response(200, {"Content-Type": "text/html; charset=utf-8"},
                        f"<html><body><h1>World</h1>{links}</body></html>")

    handlers = {
        FLAKY_503.path: flaky,
        RATE_LIMITED.path: rate_limited,
        CP1256_PATH: cp1256,
        MIXED_PATH: lambda ctx: Response(200, {"Content-Type": "text/html; charset=utf-8"}, mixed_charset_page()),
        SCRIPT_RENDERED_PATH: lambda ctx: Response(200, {"Content-Type": "text/html; charset=utf-8"},
                                                   SCRIPT_RENDERED_PAGE.read_bytes()),
        "/news/2025/06/02/never-finishing-response-story": never_finishes,
        "/news/2025/06/02/slow-drip-response-story": slow_drip,
        "/news/2025/06/02/connection-reset-by-server-story": reset,
        "/news/2025/06/02/redirect-chain-that-never-ends": endless_chain,
        "/redirect-chain/*": endless_chain,
        "/news/2025/06/02/redirect-cycle-between-two-pages": cycle_a,
        "/redirect-cycle-b": cycle_b,
        "/news/2025/06/02/moved-to-another-host-story": to_other_host,
        "/news/2025/06/02/redirect-to-cloud-metadata-story": to_metadata,
        "/news/2025/06/02/forty-megabyte-body-story": forty_megabytes,
        "/news/2025/06/02/endless-body-without-length-story": endless_body,
        "/news/2025/06/02/binary-served-as-html-story": binary,
        "/news/2025/06/02/truncated-gzip-body-story": truncated_gzip,
        "/news/2025/06/02/plain-body-declared-gzip-story": plain_declared_gzip,
        "/news/2025/06/02/empty-ok-response-story": empty,
        "/news/2025/06/02/forbidden-by-the-server-story": forbidden,
        "/news/2025/06/02/challenge-page-instead-of-story": challenge,
        "/news/2025/06/02/server-always-failing-story": always_500,
        "/sitemap-broken.xml": broken_sitemap,
        "/sitemap-not-xml.xml": not_xml_sitemap,
        "/sitemap-entity-bomb.xml": entity_bomb,
        "/sitemap-huge.xml.gz": huge_gzip_sitemap,
        "/feed.xml": html_feed,
        "/feed-truncated.xml": truncated_feed,
        "/calendar/*": calendar,
        "/sid-*": session_trap,
    }
    for path, handler in handlers.items():
        server.add_handler(path, handler)
    return log
