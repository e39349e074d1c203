"""``crawler extract``: the operator's view of what would be stored for a page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import DEMO_SITE, PROJECT_ROOT
from tests.server_error_pages import WORDPRESS_DB

ARTICLE = DEMO_SITE / "en" / "news" / "2025" / "06" / "02" / "jordan-water-deal-signed" / "index.html"


def crawler_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=120)


@pytest.fixture(scope="module")
def article_file() -> Path:
    if not ARTICLE.exists():  # the sample site's file layout is the fixture server's business
        pytest.fail(f"sample article missing: {ARTICLE}")
    return ARTICLE


def test_json_output_has_the_stored_columns_and_source(article_file):
    result = crawler_cli("extract", str(article_file), "--json", "--url",
                         "https://levant-ledger.example/en/news/2025/06/02/jordan-water-deal-signed")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["source"] == str(article_file)
    assert record["title"].startswith("Amman and Damascus sign")
    assert record["url"].startswith("https://levant-ledger.example/")
    assert record["published_at"] == "2025-06-02T07:15:00+00:00"
    assert record["language"] == "en"
    assert record["authors"] == ["Jane Doe"]
    assert "Meteorologists warn" not in record["body"]
    for column in ("canonical_url", "body", "content_hash", "word_count", "modified_at", "tags", "image"):
        assert column in record
    assert record["body_from"] == "page"


def test_a_script_rendered_page_says_its_body_came_from_the_page_s_data():
    page = PROJECT_ROOT / "tests" / "golden" / "extraction" / "ar_script_rendered_next_flight.html"
    result = crawler_cli("extract", str(page), "--url", "https://citynews.example/news/2025/06/01/brt")
    assert result.returncode == 0, result.stderr
    assert "body from: script (the page's HTML has no article; read from its data)" in result.stdout
    assert "بدأت أمانة عمّان الكبرى" in result.stdout


def test_text_output_for_a_url_served_locally(article_file):
    with FixtureServer(DEMO_SITE) as server:
        result = crawler_cli("extract", server.url("/en/news/2025/06/02/jordan-water-deal-signed"))
    assert result.returncode == 0, result.stderr
    assert "title: Amman and Damascus sign" in result.stdout
    assert "Jordanian and Syrian officials signed a five-year agreement" in result.stdout


def test_bad_inputs_give_one_error_line_each_and_good_ones_still_print(article_file, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(bytes(range(256)) * 64)
    with FixtureServer(tmp_path) as server:
        server.add_handler("/gone", lambda ctx: Response(status=500, body=b"oops"))
        dead_url = server.url("/gone")
        result = crawler_cli("extract", str(tmp_path / "missing.html"), str(empty), str(binary),
                             dead_url, "http://127.0.0.1:9/unreachable", str(article_file), "--json")
    assert result.returncode != 0
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 5, result.stderr
    assert all(line.startswith("Error: ") for line in errors)
    assert "missing.html" in errors[0] and "empty.html" in errors[1] and "image.html" in errors[2]
    assert "/gone" in errors[3] and "127.0.0.1:9" in errors[4]
    assert "Traceback" not in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1  # the good page still printed


def test_the_word_floor_comes_from_the_profile_unless_the_command_line_names_one(tmp_path):
    brief = ("عاجل: أعلنت مديرية الأمن العام إغلاق طريق المطار في الاتجاهين لمدة ساعتين مساء اليوم بسبب حادث "
             "سير، وطلبت من السائقين استخدام الطرق البديلة.")  # 24 words
    page = tmp_path / "brief.html"
    page.write_text(f"<html><head><title>إغلاق طريق المطار</title></head><body><article><h1>إغلاق طريق المطار"
                    f"</h1><p>{brief}</p></article></body></html>", encoding="utf-8")
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "briefs"\nstart_url = "https://briefs.example/"\nlanguage = "ar"\n'
                     "min_words = 15\n", encoding="utf-8")
    common = ("extract", str(page), "--url", "https://briefs.example/a/1", "--sites", str(sites), "--site", "briefs")
    from_profile = crawler_cli(*common)
    assert from_profile.returncode == 0, from_profile.stderr
    assert "أعلنت مديرية الأمن العام" in from_profile.stdout
    overridden = crawler_cli(*common, "--min-words", "30")
    assert "أعلنت مديرية الأمن العام" not in overridden.stdout
    assert "too_short" in overridden.stdout + overridden.stderr


def test_a_folder_or_a_fifo_is_named_for_what_it_is_not_a_missing_file(article_file, tmp_path):
    """`crawler extract /tmp/w` said `Error: no such file: /tmp/w` of a folder that exists
    (QA report, item 9)."""
    import os

    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    result = crawler_cli("extract", str(tmp_path), str(fifo), str(article_file), "--json")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path} is a folder: give the saved pages in it (e.g. {tmp_path / '*.html'}) or an http(s) URL",
        f"Error: {fifo} is not a regular file: give a saved page or an http(s) URL",
    ]
    assert len(result.stdout.strip().splitlines()) == 1  # the page given with them still printed


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux's /proc")
def test_a_file_that_cannot_be_read_is_one_error_line_and_the_others_still_print(article_file):
    """An OSError reading a file (permissions, an I/O error) ended the command in a traceback.
    Provoked with ``/proc/self/mem``: a regular file to ``stat``, whose read at offset 0 fails
    with EIO (address 0 is not mapped), for root too — unlike a file chmod 000."""
    result = crawler_cli("extract", "/proc/self/mem", str(article_file), "--json")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["Error: cannot read /proc/self/mem: Input/output error"]
    assert len(result.stdout.strip().splitlines()) == 1  # the readable page still printed


def test_a_page_with_unreadable_urls_prints_its_article_and_an_unreadable_url_is_one_error_line(tmp_path):
    # "//[x" in a page (urljoin: "Invalid IPv6 URL") was a 23-line traceback
    page = ARTICLE.read_text(encoding="utf-8").replace(
        "<head>", "<head><base href='//[x/'><link rel='canonical' href='//[x'><meta property='og:image' content='//[y'>", 1)
    page = page.replace("<body>", "<body><a href='//[bad'>x</a>", 1)
    saved = tmp_path / "hostile.html"
    saved.write_text(page, encoding="utf-8")
    url = "https://news.example/en/news/2025/06/02/jordan-water-deal-signed"
    result = crawler_cli("extract", str(saved), "--url", url, "--json")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    record = json.loads(result.stdout)
    assert (record["canonical_url"], record["image"]) == (url, None) and record["body"]
    unreadable = crawler_cli("extract", "http://[bad/news/1", str(ARTICLE))
    assert unreadable.returncode == 1 and "Traceback" not in unreadable.stderr
    assert unreadable.stderr == "Error: cannot fetch http://[bad/news/1: Invalid IPv6 URL\n"
    bad_url = crawler_cli("extract", str(saved), "--url", "http://[bad/news/1")
    assert (bad_url.returncode, bad_url.stderr) == (2, "Error: --url 'http://[bad/news/1' is not a readable http(s) URL\n")


def test_a_url_with_arabic_in_its_path_is_fetched_as_the_crawl_sends_it(article_file, tmp_path):
    """An IRI is sent as a URI (percent-encoded UTF-8), as ``scrapy.Request`` sends it:
    urllib refused it with "'ascii' codec can't encode … ordinal not in range(128)"."""
    story = tmp_path / "ar" / "أخبار" / "مقال-تجريبي.html"
    story.parent.mkdir(parents=True)
    story.write_bytes(article_file.read_bytes())
    with FixtureServer(tmp_path) as server:
        result = crawler_cli("extract", server.url("/ar/أخبار/مقال-تجريبي.html"), "--json")
        asked = server.requested_paths()
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"].startswith("Amman and Damascus sign")
    encoded = "/ar/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1/%D9%85%D9%82%D8%A7%D9%84-%D8%AA%D8%AC%D8%B1%D9%8A%D8%A8%D9%8A.html"
    assert asked == [encoded]
    assert record["url"] == server.url(encoded)


def test_a_redirect_loop_is_one_error_line_naming_the_crawl_s_limit(article_file, tmp_path):
    """urllib's loop error is three lines ("…infinite loop.\\nThe last 30x error message
    was:\\nFound"); the crawl gives up after REDIRECT_MAX_TIMES (5) and records redirect_loop."""
    with FixtureServer(tmp_path) as server:
        server.add_handler("/loop", lambda ctx: Response(status=302, headers={"Location": "/loop"}))
        server.add_handler("/round", lambda ctx: Response(status=302, headers={
            "Location": f"/round?n={int(ctx.query.partition('=')[2] or 0) + 1}"}))
        loop, round_ = server.url("/loop"), server.url("/round")
        result = crawler_cli("extract", loop, round_, str(article_file), "--json")
        asked_round = [path for path in server.requested_paths() if path.startswith("/round")]
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot fetch {loop}: redirect_loop: more than 5 redirects",
        f"Error: cannot fetch {round_}: redirect_loop: more than 5 redirects",
    ]
    assert len(asked_round) == 6  # the first request and 5 redirects, as RedirectMiddleware allows
    assert len(result.stdout.strip().splitlines()) == 1


def test_a_body_the_server_gzipped_unasked_is_decoded_and_a_bad_one_named(article_file, tmp_path):
    """A ``Content-Encoding`` the server applies is undone as the crawl's HttpCompressionMiddleware
    undoes it, asked for or not (a ``.gz`` served as text/html): it was "not an article (binary)".
    A cut gzip is ``truncated`` and one that expands past DOWNLOAD_MAXSIZE ``too_large``, as in
    the crawl."""
    import gzip
    import zlib

    page = article_file.read_bytes()
    packed = gzip.compress(page)
    html = {"Content-Type": "text/html; charset=utf-8"}
    with FixtureServer(tmp_path) as server:
        server.add_handler("/story.html.gz", lambda ctx: Response(
            headers={**html, "Content-Encoding": "gzip"}, body=packed))
        server.add_handler("/deflated", lambda ctx: Response(
            headers={**html, "Content-Encoding": "deflate"}, body=zlib.compress(page)))
        server.add_handler("/cut", lambda ctx: Response(
            headers={**html, "Content-Encoding": "gzip"}, body=packed[: len(packed) // 2]))
        server.add_handler("/bomb", lambda ctx: Response(
            headers={**html, "Content-Encoding": "gzip"}, body=gzip.compress(b" " * (11 * 1024 * 1024))))
        urls = [server.url(path) for path in ("/story.html.gz", "/deflated", "/cut", "/bomb")]
        result = crawler_cli("extract", *urls, "--json")
    assert result.returncode == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["source"] for record in records] == urls[:2]
    assert all(record["title"].startswith("Amman and Damascus sign") for record in records)
    errors = result.stderr.splitlines()
    assert errors[0] == f"Error: cannot fetch {urls[2]}: truncated: gzip body of {len(packed) // 2} bytes ends before its trailer"
    assert errors[1].startswith(f"Error: cannot fetch {urls[3]}: too_large: body larger than DOWNLOAD_MAXSIZE "
                                "(10485760 bytes): ")
    assert len(errors) == 2


def test_a_page_over_the_crawl_s_size_limit_is_refused_as_too_large(article_file, tmp_path):
    """The crawl records a body over DOWNLOAD_MAXSIZE (10 MB) as too_large; extract printed
    what its first 10 MB made. Announced or counted, fetched or saved, it is an error line now,
    and the other inputs still print."""
    big = b"<html><body><article>" + b"<p>" + b"word " * (11 * 1024 * 1024 // 5) + b"</p></article></body></html>"

    def unannounced(ctx):  # no Content-Length: only counting the bytes read finds it
        ctx.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n")
        ctx.wfile.write(big)
        return None

    saved = tmp_path / "saved-big.html"
    with saved.open("wb") as handle:  # sparse: the size is what counts
        handle.truncate(10 * 1024 * 1024 + 1)
    with FixtureServer(tmp_path) as server:
        server.add_handler("/announced", lambda ctx: Response(headers={"Content-Type": "text/html"}, body=big))
        server.add_handler("/unannounced", unannounced)
        announced, counted = server.url("/announced"), server.url("/unannounced")
        result = crawler_cli("extract", announced, counted, str(saved), str(article_file), "--json")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: cannot fetch {announced}: too_large: body larger than DOWNLOAD_MAXSIZE (10485760 bytes): "
        f"{len(big)} bytes announced",
        f"Error: cannot fetch {counted}: too_large: body larger than DOWNLOAD_MAXSIZE (10485760 bytes)",
        f"Error: {saved} is too_large: body larger than DOWNLOAD_MAXSIZE (10485760 bytes): 10485761 bytes",
    ]
    assert len(result.stdout.strip().splitlines()) == 1  # the article given with them still printed


_PHP_FATAL = (b"<br />\n<b>Fatal error</b>:  Allowed memory size of 134217728 bytes exhausted (tried to allocate "
              b"20480 bytes) in <b>/var/www/html/wp-includes/formatting.php</b> on line <b>2481</b><br />\n")


def test_a_page_cut_by_a_server_error_is_said_to_be_so_not_printed_as_an_article(article_file, tmp_path):
    """The crawl records such a page as ``http_5xx`` and never stores it; ``crawler extract``
    printed the cut story, the error its last paragraph, to the operator debugging the site."""
    page = article_file.read_bytes()
    cut = page[:page.rindex(b"</p>") + 4] + _PHP_FATAL  # the last paragraph or comment written
    saved = tmp_path / "cut.html"
    saved.write_bytes(cut)
    quoting = tmp_path / "quoting.html"  # a story about an outage that quotes the error text
    quoting.write_bytes(page.replace(b"</p>", b" Readers saw: Fatal error: Allowed memory size exhausted in "
                                     b"/var/www/index.php on line 12.</p>", 1))
    with FixtureServer(tmp_path) as server:
        server.add_handler("/cut", lambda ctx: Response(200, {"Content-Type": "text/html"}, cut))
        server.add_handler("/down", lambda ctx: Response(200, {"Content-Type": "text/html"}, WORDPRESS_DB))
        result = crawler_cli("extract", server.url("/cut"), server.url("/down"), str(saved), str(quoting),
                             server.url("/quoting.html"), "--json")
    errors = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(errors) == 3, result.stderr
    assert errors[0].startswith(f"Error: cannot fetch {server.url('/cut')}: http_5xx: page cut by a server error: "
                                f"Fatal error: Allowed memory size")
    assert "http_5xx: page cut by a server error: Error establishing a database connection" in errors[1]
    assert errors[2].startswith(f"Error: {saved} is http_5xx: page cut by a server error: Fatal error:")
    printed = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(printed) == 2 and all("Readers saw: Fatal error" in record["body"] for record in printed)


def test_a_page_refused_as_too_short_says_its_words_the_floor_and_how_to_change_it(tmp_path):
    """"is not an article (too_short)" left the operator counting words and looking for the
    floor; the line now says both, and which option moves the floor."""
    brief = ("Police closed the airport road in both directions for two hours this evening after a "
             "crash and asked drivers to take the other roads.")  # 24 words
    page = tmp_path / "brief.html"
    page.write_text(f"<html><head><title>Airport road closed</title></head><body><article><h1>Airport road "
                    f"closed</h1><p>{brief}</p></article></body></html>", encoding="utf-8")
    result = crawler_cli("extract", str(page), "--url", "https://briefs.example/a/1", "--min-words", "30")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line == (f"Error: {page} is not an article (too_short: 24 words, fewer than 30; "
                    "--min-words or the site profile's min_words sets the floor)")
    # control: at a floor it reaches, the same page is the article
    shown = crawler_cli("extract", str(page), "--url", "https://briefs.example/a/1", "--min-words", "20")
    assert shown.returncode == 0, shown.stderr
    assert "Police closed the airport road" in shown.stdout


def test_a_page_refused_as_not_an_article_says_what_it_was_taken_for(tmp_path):
    video = tmp_path / "video.html"
    video.write_text(
        '<html><head><title>Watch: floods in the Jordan Valley</title><meta property="og:type" content="video.other">'
        '</head><body><main><article><h1>Watch: floods in the Jordan Valley</h1><video src="/clips/floods.mp4"></video>'
        "<p>Heavy rain flooded farms near Deir Alla on Sunday.</p><p>Duration 02:14</p></article></main></body></html>",
        encoding="utf-8")
    result = crawler_cli("extract", str(video), "--url", "https://courier.example/video/2025/06/01/floods")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line == f"Error: {video} is not an article (not_article: a video page: a clip and a line or two about it)"


def test_an_unknown_site_profile_names_the_known_ones(article_file, tmp_path):
    sites = tmp_path / "sites.toml"
    sites.write_text('[[site]]\nname = "ammonnews"\nstart_url = "https://www.ammonnews.net/"\nlanguage = "ar"\n',
                     encoding="utf-8")
    result = crawler_cli("extract", str(article_file), "--sites", str(sites), "--site", "ammonews")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["Error: no site profile named 'ammonews' (known: ammonnews)"]
