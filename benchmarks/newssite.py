"""Generate a local news site for the throughput benchmarks, and serve it on 127.0.0.1.

``build_site(root, n, base_url)`` writes ``n`` article pages of about 90 KB each — half English,
half Arabic — shaped like a CMS's output: inline CSS and scripts, a long menu, JSON-LD, a
byline and date, a body of 10-14 paragraphs (500-900 words), related links, most-read list, comments and a
footer. Body sentences are drawn (seeded, so the site is the same every time) from the
sample site's stories (``crawler/demo_site/_content_*.py``) so each page is a distinct story
for the deduplicator. The site has ``robots.txt`` naming a sitemap index, one sitemap per
language, an RSS feed of the latest 50 articles and a homepage.

``serve(root)`` is a context manager that serves the folder with nginx when it is installed
(started as a subprocess with a temporary config on 127.0.0.1), else with the project's
threaded ``FixtureServer``; it yields ``(base_url, server_name)``.
"""

from __future__ import annotations

import contextlib
import html
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "crawler" / "demo_site"))

from _content_ar import STORIES_AR
from _content_en import STORIES_EN

SECTIONS = {"en": ["news", "business", "culture", "sport", "tech", "health", "regional"],
            "ar": ["politics", "economy", "society", "sport", "culture", "health", "tech"]}
SITE_NAME = {"en": "Levant Bench Times", "ar": "تايمز ليفانت"}


def _sentences(stories) -> list[str]:
    out = []
    for story in stories:
        for paragraph in story["paragraphs"]:
            if isinstance(paragraph, str):
                out += [s.strip() for s in paragraph.replace("؟", ".").split(".") if len(s.split()) > 4]
    return out


SENTENCES = {"en": _sentences(STORIES_EN), "ar": _sentences(STORIES_AR)}
TITLES = {"en": [s["title"] for s in STORIES_EN], "ar": [s["title"] for s in STORIES_AR]}
AUTHORS = {"en": [s["author"][0] for s in STORIES_EN], "ar": [s["author"][0] for s in STORIES_AR]}


def article_path(i: int) -> str:
    lang = "en" if i % 2 == 0 else "ar"
    section = SECTIONS[lang][i % 7]
    if lang == "en":
        return f"/en/{section}/2025/{1 + i % 12:02d}/{1 + i % 28:02d}/story-{i}-regional-update"
    return f"/ar/{section}/{100000 + i}/خبر-{i}"


def _published(i: int) -> str:
    return f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+03:00"


def _chrome_css(rng: random.Random) -> str:
    rules = [f".c{rng.randrange(10**6)} {{ margin: {rng.randrange(40)}px; color: #{rng.randrange(16**6):06x}; "
             f"font: {rng.randrange(10, 30)}px/1.4 sans-serif; }}" for _ in range(330)]
    return "<style>" + "\n".join(rules) + "</style>"


def _chrome_script(rng: random.Random) -> str:
    calls = [f"window.dataLayer.push({{event:'slot{n}',id:{rng.randrange(10**9)},sizes:[[300,250],[728,90]]}});"
             for n in range(380)]
    return "<script>window.dataLayer=window.dataLayer||[];" + "".join(calls) + "</script>"


TOPICS_PER_SECTION = 14  # menu links under each section
FOOTER_LINKS = 60


def chrome_links() -> int:
    """Distinct links of the pages' chrome that are not articles (section and topic menus,
    footer), whatever the number of pages: none of them exists on the site (404)."""
    return sum(len(sections) * (1 + TOPICS_PER_SECTION) + FOOTER_LINKS for sections in SECTIONS.values())


def article_page(i: int, n: int, base_url: str) -> str:
    rng = random.Random(i)
    lang = "en" if i % 2 == 0 else "ar"
    esc = html.escape
    title = f"{rng.choice(TITLES[lang])} ({i})"
    author = rng.choice(AUTHORS[lang])
    url = base_url + article_path(i)
    pool = SENTENCES[lang]
    paragraphs = []
    for p in range(rng.randrange(10, 15)):
        sentences = rng.sample(pool, rng.randrange(2, 4))
        paragraphs.append(f"<p>{esc('. '.join(sentences))} ({i}.{p}).</p>")
    menu = "".join(f'<li><a href="/{lang}/{s}/">{s.title()}</a><ul>'
                   + "".join(f'<li><a href="/{lang}/{s}/topic-{t}/">Topic {t}</a></li>'
                             for t in range(TOPICS_PER_SECTION))
                   + "</ul></li>" for s in SECTIONS[lang])
    related = "".join(f'<li><a href="{article_path((i + k * 7) % n)}">{esc(rng.choice(TITLES[lang]))}</a></li>'
                      for k in range(1, 16))
    most_read = "".join(f'<li><a href="{article_path((i * 13 + k) % n)}">{esc(rng.choice(TITLES[lang]))}</a></li>'
                        for k in range(1, 11))
    comments = "".join(f'<div class="comment"><b>reader{rng.randrange(999)}</b><p>{esc(rng.choice(pool))}</p></div>'
                       for _ in range(12))
    footer = "".join(f'<a href="/{lang}/page-{k}/">Footer link {k}</a> ' for k in range(FOOTER_LINKS))
    icons = "".join(f'<svg class="icon i{k}" viewBox="0 0 24 24"><path d="M{rng.randrange(24)} {rng.randrange(24)}'
                    f'l{rng.randrange(9)} {rng.randrange(9)}h{rng.randrange(9)}z"/></svg>' for k in range(150))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": _published(i), "author": {"@type": "Person", "name": author},
                     "mainEntityOfPage": url}, ensure_ascii=False)
    direction = ' dir="rtl"' if lang == "ar" else ""
    return f"""<!DOCTYPE html><html lang="{lang}"{direction}><head><meta charset="utf-8">
<title>{esc(title)} | {SITE_NAME[lang]}</title><link rel="canonical" href="{url}">
<meta property="og:title" content="{esc(title)}"><meta property="og:site_name" content="{SITE_NAME[lang]}">
<meta property="article:published_time" content="{_published(i)}">
<script type="application/ld+json">{ld}</script>{_chrome_css(rng)}{_chrome_script(rng)}</head>
<body><header><div class="top">{icons}</div><nav><ul class="menu">{menu}</ul></nav></header>
<main><article><h1>{esc(title)}</h1><div class="byline"><span class="author">{esc(author)}</span>
<time datetime="{_published(i)}">{_published(i)[:10]}</time></div>
<div class="article-body">{"".join(paragraphs)}</div></article>
<aside class="related"><h3>Related</h3><ul>{related}</ul></aside>
<section class="comments"><h3>Comments</h3>{comments}</section></main>
<aside class="sidebar"><h3>Most read</h3><ol>{most_read}</ol><div class="ad">Advertisement</div></aside>
<footer>{footer}<p>© 2025 {SITE_NAME[lang]}</p></footer></body></html>"""


def build_site(root: Path, n: int, base_url: str) -> list[str]:
    """Write the site under ``root``; return the article URLs."""
    urls = []
    for i in range(n):
        path = root / article_path(i).lstrip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_page(i, n, base_url), encoding="utf-8")
        urls.append(base_url + article_path(i))
    for lang in ("en", "ar"):
        entries = "".join(f"<url><loc>{html.escape(base_url + article_path(i))}</loc>"
                          f"<lastmod>{_published(i)}</lastmod></url>"
                          for i in range(n) if (i % 2 == 0) == (lang == "en"))
        (root / f"sitemap-{lang}.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{entries}</urlset>\n', encoding="utf-8")
    (root / "sitemap_index.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9">' + "".join(f"<sitemap><loc>{base_url}/sitemap-{lang}.xml</loc></sitemap>"
                                  for lang in ("en", "ar")) + "</sitemapindex>\n", encoding="utf-8")
    items = "".join(f"<item><title>{html.escape(TITLES['en'][i % 12])}</title>"
                    f"<link>{html.escape(base_url + article_path(i))}</link></item>" for i in range(min(n, 50)))
    (root / "feed.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{SITE_NAME["en"]}'
        f"</title><link>{base_url}/</link>{items}</channel></rss>\n", encoding="utf-8")
    (root / "robots.txt").write_text(f"User-agent: *\nDisallow: /private/\nSitemap: {base_url}/sitemap_index.xml\n",
                                     encoding="utf-8")
    latest = "".join(f'<li><a href="{article_path(i)}">story {i}</a></li>' for i in range(min(n, 50)))
    (root / "index.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"><title>{SITE_NAME["en"]}</title>'
        f'<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><ul>{latest}</ul>'
        "</body></html>", encoding="utf-8")
    return urls


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include {mime};
    types {{ application/xml xml; }}
    charset utf-8;
    charset_types text/html application/xml text/xml text/plain application/rss+xml;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


@contextlib.contextmanager
def serve(root: Path, port: int | None = None, *, prefer_nginx: bool = True):
    """Serve ``root``; yields ``(base_url, "nginx" | "FixtureServer (Python, threaded)")``."""
    nginx = shutil.which("nginx") or (Path("/usr/sbin/nginx").is_file() and "/usr/sbin/nginx")
    port = port or free_port()
    if prefer_nginx and nginx:
        with tempfile.TemporaryDirectory() as tmp:
            mime = "/etc/nginx/mime.types"
            conf = Path(tmp) / "nginx.conf"
            conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root, mime=mime))
            process = subprocess.Popen([nginx, "-c", str(conf), "-p", tmp], stderr=subprocess.PIPE)
            try:
                _wait_for_port(port, process)
                yield f"http://127.0.0.1:{port}", "nginx"
            finally:
                process.terminate()
                process.wait(timeout=10)
        return
    from crawler.fixture_server import FixtureServer

    with FixtureServer(root, port=port) as server:
        yield server.base_url, "FixtureServer (Python, threaded)"


def _wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("nginx did not start listening")
