"""``crawler extract``: the operator's view of what would be stored for a page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.fixture_server import FixtureServer, Response
from tests.conftest import DEMO_SITE, PROJECT_ROOT

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
