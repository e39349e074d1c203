"""The loopback fixture server and the demo site it serves (crawler/demo_site)."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import lxml.html
import pytest

from crawler.fixture_server import FixtureServer, RequestContext, Response

DEMO_SITE = Path(__file__).resolve().parents[1] / "crawler" / "demo_site"
EXPECTED = json.loads((DEMO_SITE / "expected.json").read_text(encoding="utf-8"))


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


def page_text(body: bytes) -> str:
    return " ".join(lxml.html.document_fromstring(body).text_content().split())


@pytest.fixture(scope="module")
def demo_server():
    with FixtureServer(DEMO_SITE) as server:
        yield server


@pytest.fixture
def tmp_site(tmp_path: Path):
    (tmp_path / "index.html").write_text("<p>home __BASE_URL__/x</p>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("plain", encoding="utf-8")
    with FixtureServer(tmp_path) as server:
        yield server


def test_article_page_is_served_as_utf8_html(demo_server):
    status, headers, body = fetch(demo_server.url("/en/news/2025/06/02/jordan-water-deal-signed"))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    assert b"Amman and Damascus sign five-year water-sharing deal" in body
    assert f'href="{demo_server.base_url}/en/news/2025/06/02/jordan-water-deal-signed"'.encode() in body
    assert b"__BASE_URL__" not in body


def test_robots_txt_names_the_sitemaps_with_the_base_url(demo_server):
    status, headers, body = fetch(demo_server.url("/robots.txt"))
    assert status == 200
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    text = body.decode()
    assert f"Sitemap: {demo_server.base_url}/sitemap_index.xml" in text
    assert "Disallow: /private/" in text


def test_gzipped_sitemap_is_served_as_raw_gzip_with_substituted_urls(demo_server):
    status, headers, body = fetch(demo_server.url("/sitemap-ar.xml.gz"))
    assert status == 200
    assert headers["Content-Type"] == "application/x-gzip"
    assert "Content-Encoding" not in headers
    xml = gzip.decompress(body).decode("utf-8")
    assert xml.startswith("<?xml")
    assert f"<loc>{demo_server.base_url}/ar/politics/10231/%D8%A7" in xml
    assert "__BASE_URL__" not in xml


def test_feed_is_rss_with_escaped_tracking_parameters(demo_server):
    status, headers, body = fetch(demo_server.url("/feed.xml"))
    assert status == 200
    assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert b"?utm_source=rss&amp;utm_medium=feed</link>" in body
    assert fetch(demo_server.url("/sitemap-en.xml"))[1]["Content-Type"] == "application/xml; charset=utf-8"


def test_unknown_paths_and_hidden_files_are_404(demo_server):
    assert fetch(demo_server.url("/en/news/2025/06/02/no-such-story"))[0] == 404
    assert fetch(demo_server.url("/_build.py"))[0] == 404
    assert fetch(demo_server.url("/_pages/en-news-page-2.html"))[0] == 404
    assert fetch(demo_server.url("/../pyproject.toml"))[0] == 404


def test_percent_encoded_and_raw_utf8_arabic_paths_resolve_to_the_same_page(demo_server):
    path = "/ar/politics/10231/الحكومة-تقر-موازنة-تكميلية"
    status, _, encoded_body = fetch(demo_server.url(quote(path)))
    assert status == 200
    # urllib refuses non-ASCII URLs, so send the raw UTF-8 request line by hand
    with socket.create_connection(("127.0.0.1", demo_server.port), timeout=5) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        raw = b"".join(iter(lambda: sock.recv(65536), b""))
    assert raw.startswith(b"HTTP/1.1 200")
    assert raw.split(b"\r\n\r\n", 1)[1] == encoded_body


def test_query_string_is_ignored_for_files_but_routes_can_match_it(demo_server):
    clean = fetch(demo_server.url("/en/news/2025/06/12/syria-border-crossing-reopens"))[2]
    tracked = fetch(demo_server.url("/en/news/2025/06/12/syria-border-crossing-reopens?utm_source=twitter"))[2]
    assert clean == tracked
    first = fetch(demo_server.url("/en/news/"))[2]
    second = fetch(demo_server.url("/en/news/?page=2"))
    assert second[0] == 200 and second[2] != first
    assert b'href="/en/news/?page=3"' in second[2]


def test_directories_serve_index_html_with_or_without_trailing_slash(demo_server):
    assert fetch(demo_server.url("/en/news"))[2] == fetch(demo_server.url("/en/news/"))[2]
    assert b"Top stories" in fetch(demo_server.url("/"))[2]


def test_custom_handler_controls_status_headers_body_and_sees_the_request(tmp_site):
    seen: list[RequestContext] = []

    def flaky(context: RequestContext) -> Response:
        seen.append(context)
        return Response(status=503, headers={"Retry-After": "1"}, body="down for __BASE_URL__",
                        substitute_base_url=True)

    tmp_site.add_handler("/flaky", flaky)
    status, headers, body = fetch(tmp_site.url("/flaky?attempt=1"))
    assert (status, headers["Retry-After"]) == (503, "1")
    assert body.decode() == f"down for {tmp_site.base_url}"
    assert seen[0].path == "/flaky" and seen[0].query == "attempt=1"
    tmp_site.remove_handler("/flaky")
    assert fetch(tmp_site.url("/flaky"))[0] == 404


def test_handler_can_wrap_the_default_response_or_write_to_the_socket(tmp_site):
    def truncated(context: RequestContext) -> Response:
        response = context.default_response()
        response.headers["X-Wrapped"] = "yes"
        return response

    def hang_up(context: RequestContext) -> None:
        context.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")

    tmp_site.add_handler("/notes.txt", truncated)
    tmp_site.add_handler("/broken", hang_up)
    status, headers, body = fetch(tmp_site.url("/notes.txt"))
    assert (status, headers["X-Wrapped"], body) == (200, "yes", b"plain")
    with pytest.raises(http.client.IncompleteRead):  # 5 bytes of the 100 announced
        fetch(tmp_site.url("/broken"))
    assert tmp_site.requests[-1].status is None


def test_request_log_records_method_raw_path_host_and_status(tmp_site):
    fetch(tmp_site.url("/?utm_source=x"))
    fetch(tmp_site.url("/missing"), method="HEAD")
    records = tmp_site.requests
    assert [(r.method, r.path, r.status) for r in records] == [
        ("GET", "/?utm_source=x", 200),
        ("HEAD", "/missing", 404),
    ]
    assert records[0].host == f"127.0.0.1:{tmp_site.port}"
    assert records[0].time <= records[1].time
    assert "Python-urllib" in (records[0].user_agent or "")
    tmp_site.clear_requests()
    assert tmp_site.requests == []


def test_request_log_is_complete_under_concurrent_requests(tmp_site):
    threads = [threading.Thread(target=fetch, args=(tmp_site.url(f"/?n={n}"),)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tmp_site.requested_paths()) == sorted(f"/?n={n}" for n in range(20))


def test_explicit_routes_override_files(tmp_path):
    (tmp_path / "a.html").write_text("A", encoding="utf-8")
    with FixtureServer(tmp_path, routes={"/story?id=7": "a.html"}) as server:
        assert fetch(server.url("/story?id=7"))[2] == b"A"
        assert fetch(server.url("/story?id=8"))[0] == 404


def test_base_url_is_known_after_start_and_stop_is_idempotent(tmp_path):
    server = FixtureServer(tmp_path)
    with pytest.raises(RuntimeError):
        _ = server.base_url
    server.start()
    assert urlsplit(server.base_url).hostname == "127.0.0.1" and server.port > 0
    server.stop()
    server.stop()


# -- expected.json agrees with the pages --------------------------------------------------

ARTICLES = EXPECTED["articles"]


def test_demo_site_has_enough_articles_in_both_languages():
    languages = [a["language"] for a in ARTICLES]
    assert languages.count("en") >= 12 and languages.count("ar") >= 12
    assert all(a["published_at"] and a["published_at"].endswith("+00:00") for a in ARTICLES)
    assert len({a["path"] for a in ARTICLES}) == len(ARTICLES)


@pytest.mark.parametrize("article", ARTICLES, ids=[a["path"][:50] for a in ARTICLES])
def test_expected_article_snippets_match_the_served_page(demo_server, article):
    status, _, body = fetch(demo_server.url(article["path"]))
    assert status == 200
    text = page_text(body)
    document = lxml.html.document_fromstring(body)
    assert document.get("lang") == article["language"]
    assert document.findtext(".//title").startswith(article["title"] + " | ")
    for snippet in article["must_contain"]:
        assert snippet in text, snippet
    # chrome that must be stripped really is on the page, so the expectation is meaningful
    for snippet in article["must_not_contain"]:
        assert snippet in text, snippet
    for author in article["authors"]:
        assert author in text


@pytest.mark.parametrize("path", EXPECTED["non_articles"] + [d["path"] for d in EXPECTED["duplicates"]]
                         + EXPECTED["disallowed"])
def test_every_listed_page_resolves(demo_server, path):
    assert fetch(demo_server.url(path))[0] == 200


def test_duplicate_republication_has_the_same_body_and_no_canonical(demo_server):
    republished = next(d for d in EXPECTED["duplicates"] if d["kind"] == "same_body_other_url")
    copy = lxml.html.document_fromstring(fetch(demo_server.url(republished["path"]))[2])
    original = lxml.html.document_fromstring(fetch(demo_server.url(republished["duplicate_of"]))[2])
    body = "//div[@class='article-body']"
    assert copy.xpath(body)[0].text_content() == original.xpath(body)[0].text_content()
    assert copy.xpath("//link[@rel='canonical']") == []


def test_disallowed_page_is_linked_from_the_homepage_and_blocked_by_robots(demo_server):
    home = fetch(demo_server.url("/"))[2].decode()
    robots = fetch(demo_server.url("/robots.txt"))[2].decode()
    for path in EXPECTED["disallowed"]:
        assert f'href="{path}"' in home
        assert any(path.startswith(line.split(":", 1)[1].strip())
                   for line in robots.splitlines() if line.startswith("Disallow:"))


def test_discovery_files_list_what_expected_json_says(demo_server):
    sitemap_text = fetch(demo_server.url("/sitemap-en.xml"))[2].decode() + gzip.decompress(
        fetch(demo_server.url("/sitemap-ar.xml.gz"))[2]).decode()
    news = fetch(demo_server.url("/news-sitemap.xml"))[2].decode()
    feed = fetch(demo_server.url("/feed.xml"))[2].decode()
    base = demo_server.base_url
    for article in ARTICLES:
        url = f"{base}{article['path']}"
        via = article["discovered_via"]
        assert (f"<loc>{url}</loc>" in sitemap_text) == ("sitemap" in via), article["path"]
        assert (f"<loc>{url}</loc>" in news) == ("news" in via), article["path"]
        assert (f"<link>{url}?utm_source=rss" in feed) == ("feed" in via), article["path"]
    assert "<news:publication_date>" in news and "<news:title>" in news


def test_feed_only_articles_are_linked_from_no_page(demo_server):
    feed_only = [a for a in ARTICLES if a["discovered_via"] == ["feed"]]
    assert feed_only
    for path in EXPECTED["non_articles"] + [a["path"] for a in ARTICLES]:
        html_text = unquote(fetch(demo_server.url(path))[2].decode())
        for article in feed_only:
            assert f'href="{article["path_decoded"]}' not in html_text, path
