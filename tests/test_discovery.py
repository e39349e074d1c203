"""Specification of crawler.discovery: robots Sitemap lines, sitemaps, feeds, feed
autodiscovery and the article/listing URL heuristics. All inputs are inline."""

from __future__ import annotations

import gzip
import io
import json
import re
import time
import tracemalloc

import pytest

from crawler.discovery import (
    DiscoveryError,
    FeedEntry,
    Sitemap,
    SitemapEntry,
    feed_urls_from_html,
    looks_like_article_url,
    looks_like_listing_url,
    maybe_gunzip,
    page_links,
    parse_feed,
    parse_sitemap,
    read_feed,
    sitemap_urls_from_robots,
    is_next_listing_page,
    is_taxonomy_sitemap,
    listing_page,
    load_more_links,
    tree_links,
)
from crawler.errors import CrawlerError

SM_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


# ----------------------------------------------------------------------------- robots


def test_robots_sitemap_lines_any_case_resolved_deduplicated_in_order():
    robots = (
        "\ufeffUser-agent: *\n"
        "Disallow: /search\n"
        "Sitemap: https://www.example.com/sitemap_index.xml\n"
        "sitemap:/news-sitemap.xml   # Google News\n"
        "SITEMAP :  https://www.example.com/sitemap_index.xml\n"
        "  Sitemap: https://cdn.example.com/ar/sitemap.xml.gz\r\n"
        "# Sitemap: https://www.example.com/commented-out.xml\n"
        "Sitemap: ftp://www.example.com/not-http.xml\n"
    )
    assert sitemap_urls_from_robots(robots, "https://www.example.com/robots.txt") == [
        "https://www.example.com/sitemap_index.xml",
        "https://www.example.com/news-sitemap.xml",
        "https://cdn.example.com/ar/sitemap.xml.gz",
    ]


def test_robots_without_sitemap_lines_or_served_as_html_gives_nothing():
    assert sitemap_urls_from_robots("User-agent: *\nDisallow:\n", "https://x.com/robots.txt") == []
    assert sitemap_urls_from_robots("<html><body>Not found</body></html>", "https://x.com/") == []


# ----------------------------------------------------------------------------- gzip


def test_maybe_gunzip_decompresses_by_magic_bytes_and_passes_plain_bodies_through():
    xml = b"<urlset/>"
    assert maybe_gunzip(gzip.compress(xml), max_size=1000) == xml
    assert maybe_gunzip(xml, max_size=1000) == xml


def test_maybe_gunzip_reads_concatenated_members():
    body = gzip.compress(b"first ") + gzip.compress(b"second")
    assert maybe_gunzip(body, max_size=1000) == b"first second"


def test_maybe_gunzip_rejects_a_body_already_over_the_limit():
    with pytest.raises(DiscoveryError, match=r"^sitemap exceeds 10 bytes$"):
        maybe_gunzip(b"x" * 11, max_size=10)


def test_gzip_bomb_is_rejected_without_allocating_it():
    # 200 MB of zeros compresses to ~200 KB; built in pieces so the test itself stays small.
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as archive:
        zeros = bytes(1024 * 1024)
        for _ in range(200):
            archive.write(zeros)
    bomb = buffer.getvalue()
    assert len(bomb) < 1024 * 1024

    tracemalloc.start()
    try:
        with pytest.raises(
            DiscoveryError, match=r"^sitemap exceeds 1048576 bytes after decompression$"
        ):
            maybe_gunzip(bomb, max_size=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"peak allocation {peak} bytes"


def test_parse_sitemap_rejects_gzip_bomb_with_the_sitemap_error():
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    with pytest.raises(DiscoveryError, match="after decompression"):
        parse_sitemap(bomb, max_size=100_000)


def test_corrupt_gzip_is_a_discovery_error():
    with pytest.raises(DiscoveryError, match="not valid gzip"):
        maybe_gunzip(b"\x1f\x8b\x08\x00garbage-not-deflate", max_size=1000)


def test_truncated_gzip_yields_what_was_decompressed():
    body = gzip.compress(b"https://example.com/a-long-article-slug-here\n" * 200)
    partial = maybe_gunzip(body[: len(body) // 2], max_size=100_000)
    assert 0 < len(partial) < 200 * 45


def test_discovery_error_is_a_value_error_and_a_crawler_error():
    assert issubclass(DiscoveryError, ValueError)
    assert issubclass(DiscoveryError, CrawlerError)


# ----------------------------------------------------------------------------- sitemaps


def test_urlset_with_whitespace_bom_and_lastmod_kept_as_given():
    body = (
        "\ufeff  <?xml version='1.0' encoding='UTF-8'?>\n"
        f'<urlset xmlns="{SM_NS}">\n'
        "  <url>\n    <loc>\n      https://www.example.com/news/2025/06/02/first-story\n    </loc>\n"
        "    <lastmod>2025-06-02T10:15:00+03:00</lastmod>\n  </url>\n"
        "  <!-- a comment between entries -->\n"
        "  <url><loc>/relative/second-story</loc></url>\n"
        "  <url><loc>https://www.example.com/news/2025/06/02/first-story</loc></url>\n"
        "  <url><loc>   </loc></url>\n"
        "  <url><loc>javascript:alert(1)</loc></url>\n"
        "</urlset>"
    ).encode()
    sitemap = parse_sitemap(body, base_url="https://www.example.com/sitemap.xml")
    assert sitemap == Sitemap(
        kind="urlset",
        entries=[
            SitemapEntry(
                loc="https://www.example.com/news/2025/06/02/first-story",
                lastmod="2025-06-02T10:15:00+03:00",
            ),
            SitemapEntry(loc="https://www.example.com/relative/second-story"),
        ],
        without_loc=2,  # the blank <loc> and the javascript: one
    )


def test_sitemap_index_gzipped_without_gz_name():
    body = gzip.compress(
        f'<sitemapindex xmlns="{SM_NS}">'
        "<sitemap><loc>https://example.com/sitemap-news.xml</loc><lastmod>2025-06-02</lastmod></sitemap>"
        "<sitemap><loc>https://example.com/sitemap-2025-06.xml.gz</loc></sitemap>"
        "</sitemapindex>".encode()
    )
    sitemap = parse_sitemap(body, base_url="https://example.com/sitemap.xml")
    assert sitemap.kind == "index"
    assert [(e.loc, e.lastmod) for e in sitemap.entries] == [
        ("https://example.com/sitemap-news.xml", "2025-06-02"),
        ("https://example.com/sitemap-2025-06.xml.gz", None),
    ]


def test_google_news_sitemap_keeps_news_and_image_fields():
    body = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.example.com/ar/news/2025/06/02/قمة-عربية-طارئة</loc>
    <news:news>
      <news:publication><news:name>المثال</news:name><news:language>ar</news:language></news:publication>
      <news:publication_date>2025-06-02T08:00:00+03:00</news:publication_date>
      <news:title> قمة عربية طارئة في القاهرة </news:title>
    </news:news>
    <image:image><image:loc>/images/summit.jpg</image:loc></image:image>
    <image:image><image:loc>https://cdn.example.com/second.jpg</image:loc></image:image>
  </url>
</urlset>""".encode()
    [entry] = parse_sitemap(body, base_url="https://www.example.com/news-sitemap.xml").entries
    assert entry == SitemapEntry(
        loc="https://www.example.com/ar/news/2025/06/02/قمة-عربية-طارئة",
        lastmod=None,
        news_title="قمة عربية طارئة في القاهرة",
        news_publication_date="2025-06-02T08:00:00+03:00",
        news_language="ar",
        image="https://www.example.com/images/summit.jpg",
    )


@pytest.mark.parametrize(
    "root_open",
    [
        "<urlset>",  # no namespace at all
        '<urlset xmlns="http://www.google.com/schemas/sitemap/0.84">',  # Google's old namespace
        '<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">',  # prefixed
    ],
)
def test_sitemap_in_any_namespace(root_open):
    prefix = "sm:" if root_open.startswith("<sm:") else ""
    body = (
        f"{root_open}<{prefix}url><{prefix}loc>https://example.com/a</{prefix}loc></{prefix}url>"
        f"</{prefix}urlset>"
    ).encode()
    assert parse_sitemap(body).entries == [SitemapEntry(loc="https://example.com/a")]


def test_plain_text_sitemap_one_url_per_line():
    body = b"https://example.com/one\r\n\nhttps://example.com/two  \nnot a url\nhttps://example.com/one\n"
    sitemap = parse_sitemap(body)
    assert sitemap.kind == "urlset"
    assert [e.loc for e in sitemap.entries] == [
        "https://example.com/one",
        "https://example.com/two",
    ]


def test_text_that_is_not_a_sitemap_is_rejected():
    with pytest.raises(DiscoveryError, match="^sitemap is not XML and lists no URLs$"):
        parse_sitemap(b"Service temporarily unavailable")


def test_empty_sitemap_is_rejected():
    with pytest.raises(DiscoveryError, match="^sitemap is empty$"):
        parse_sitemap(b"  \n")


def test_billion_laughs_sitemap_is_rejected_fast():
    levels = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol0 "lol">' + levels + "]>"
        "<urlset><url><loc>https://example.com/&lol9;</loc></url></urlset>"
    ).encode()
    started = time.process_time()  # CPU time: load stretches the wall clock
    with pytest.raises(DiscoveryError, match="^entity declarations are not allowed$"):
        parse_sitemap(body)
    assert time.process_time() - started < 0.5


def test_entity_declaration_in_utf16_is_rejected_too():
    body = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE u [<!ENTITY x "y">]><urlset/>'
    with pytest.raises(DiscoveryError, match="entity declarations are not allowed"):
        parse_sitemap(body.encode("utf-16"))


def test_utf16_sitemap_without_entities_parses():
    body = '<?xml version="1.0" encoding="UTF-16"?><urlset><url><loc>https://e.com/a</loc></url></urlset>'
    assert [e.loc for e in parse_sitemap(body.encode("utf-16")).entries] == ["https://e.com/a"]


def test_sitemap_over_max_size_is_rejected_before_parsing():
    with pytest.raises(DiscoveryError, match="^sitemap exceeds 100 bytes$"):
        parse_sitemap(b"<urlset>" + b" " * 200 + b"</urlset>", max_size=100)


def test_truncated_sitemap_keeps_complete_entries_and_drops_the_cut_one():
    body = (
        f'<urlset xmlns="{SM_NS}">'
        "<url><loc>https://example.com/a</loc><lastmod>2025-06-01</lastmod></url>"
        "<url><loc>https://example.com/b</loc></url>"
        "<url><loc>https://example.com/c-cut-in-the-midd"
    ).encode()
    sitemap = parse_sitemap(body)
    assert [e.loc for e in sitemap.entries] == [
        "https://example.com/a",
        "https://example.com/b",
    ]
    assert sitemap.recovered_from  # the damage is reported, for the crawl to record
    assert parse_sitemap(body[: body.index(b"<url><loc>https://example.com/c")] + b"</urlset>").recovered_from is None


def test_unescaped_ampersand_in_loc_is_tolerated_without_mangling_the_query():
    body = (
        b"<urlset><url><loc>https://example.com/article.php?id=12345&lang=ar&para=2</loc></url>"
        b"<url><loc>https://example.com/b?x=1&amp;y=2</loc></url>"
        b"<url><loc><![CDATA[https://example.com/c?x=1&y=2]]></loc></url></urlset>"
    )
    assert [e.loc for e in parse_sitemap(body).entries] == [
        "https://example.com/article.php?id=12345&lang=ar&para=2",
        "https://example.com/b?x=1&y=2",
        "https://example.com/c?x=1&y=2",
    ]


def test_html_error_page_served_as_sitemap_is_rejected():
    body = b"<!DOCTYPE html><html><head><title>404</title></head><body><p>Not found</body></html>"
    with pytest.raises(DiscoveryError, match=r"^sitemap root is <html>"):
        parse_sitemap(body)


_PHP_NOTICE = (b"<br />\n<b>Notice</b>:  Undefined index: lang in <b>/var/www/html/sitemap.php</b> on line "
               b"<b>12</b><br />\n")


@pytest.mark.parametrize("before", [
    _PHP_NOTICE,
    b"Warning: session_start(): Cannot send session cache limiter in /var/www/sitemap.php on line 3\n",
    _PHP_NOTICE * 3 + b"\n\n",
])
@pytest.mark.parametrize("document", [
    f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{SM_NS}"><url><loc>https://s.ma/news.php?id=4601</loc>'
    f"</url></urlset>".encode(),
    f'<urlset xmlns="{SM_NS}"><url><loc>https://s.ma/news.php?id=4601</loc></url></urlset>'.encode(),
])
def test_a_php_notice_printed_before_the_sitemap_is_cut_and_recorded(before, document):
    # "sitemap root is <br>" rejected the whole document: a news sitemap that is a site's only
    # way to its unlinked stories lost them all
    sitemap = parse_sitemap(before + document)
    assert [entry.loc for entry in sitemap.entries] == ["https://s.ma/news.php?id=4601"]
    assert sitemap.leading_junk.startswith(f"{len(before.lstrip())} bytes before the XML document cut")
    assert sitemap.recovered_from == sitemap.leading_junk


def test_a_php_notice_before_a_windows_1256_sitemap_leaves_its_declared_encoding_read():
    # The notice hid the XML declaration from the encoding check: the document was turned into
    # UTF-8 by the server's charset, then parsed by its declaration's windows-1256 (mojibake)
    loc = "https://s.ma/أخبار/السياسة-4601"
    document = (f'<?xml version="1.0" encoding="windows-1256"?><urlset xmlns="{SM_NS}"><url><loc>{loc}</loc>'
                f"</url></urlset>").encode("cp1256")
    for body in (document, _PHP_NOTICE + document):
        sitemap = parse_sitemap(body, encoding="windows-1256")
        assert [entry.loc for entry in sitemap.entries] == [loc]
    assert parse_sitemap(_PHP_NOTICE + document, encoding="windows-1256").leading_junk is not None


def test_a_php_notice_printed_before_a_feed_is_cut_and_recorded():
    feed = read_feed(_PHP_NOTICE + b'<?xml version="1.0"?><rss version="2.0"><channel><item>'
                                   b"<link>https://s.ma/news.php?id=4601</link></item></channel></rss>")
    assert [entry.link for entry in feed.entries] == ["https://s.ma/news.php?id=4601"]
    assert "Notice" in feed.leading_junk and feed.recovered_from == feed.leading_junk


def test_a_well_formed_sitemap_has_nothing_cut_and_an_html_page_with_xml_inside_is_still_rejected():
    assert parse_sitemap(f'<urlset xmlns="{SM_NS}"><url><loc>https://s.ma/a</loc></url></urlset>'.encode()
                         ).leading_junk is None
    page = b"<html><body><pre>&lt;?xml</pre><p><?xml version='1.0'?><urlset></urlset></p></body></html>"
    with pytest.raises(DiscoveryError, match=r"^sitemap root is <html>"):
        parse_sitemap(page)
    with pytest.raises(DiscoveryError, match="^feed is HTML"):
        read_feed(page)


def test_garbage_starting_with_angle_bracket_is_not_xml():
    with pytest.raises(DiscoveryError, match="^sitemap is not XML"):
        parse_sitemap(b"<<<>>> \x00\x01")


def test_rss_feed_submitted_as_sitemap_gives_its_links():
    body = (
        b"<rss version='2.0'><channel><item><link>https://e.com/x</link>"
        b"<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    assert parse_sitemap(body).entries == [
        SitemapEntry(loc="https://e.com/x", lastmod="Mon, 02 Jun 2025 10:00:00 GMT")
    ]


# ----------------------------------------------------------------------------- feeds

RSS2 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel><title>Example</title><link>https://www.example.com/</link>
  <item>
    <title><![CDATA[Gaza: talks &amp; truce]]></title>
    <link>
      https://www.example.com/news/2025/06/02/talks-and-truce
    </link>
    <pubDate>Mon, 02 Jun 2025 10:00:00 +0300</pubDate>
  </item>
  <item>
    <title>Double-escaped link</title>
    <link>https://www.example.com/article.php?id=12345&amp;amp;lang=fr</link>
    <dc:date>2025-06-02T09:00:00Z</dc:date>
  </item>
  <item>
    <title>Relative link</title>
    <link>/fr/article/98765</link>
  </item>
  <item>
    <title>Via FeedBurner</title>
    <link>https://feeds.feedburner.com/~r/example/~3/abc/</link>
    <feedburner:origLink>https://www.example.com/news/original-article-slug-here</feedburner:origLink>
  </item>
  <item><title>No link, only a permalink guid</title>
    <guid isPermaLink="true">https://www.example.com/news/guid-link-123456</guid></item>
  <item><title>Nothing usable</title><guid isPermaLink="false">abc-123</guid></item>
</channel></rss>"""


def test_feed_items_without_a_usable_link_are_counted():
    assert read_feed(RSS2.encode(), base_url="https://www.example.com/feed/").without_link == 1


def test_rss2_entries_links_titles_dates():
    entries = parse_feed(RSS2.encode(), base_url="https://www.example.com/feed/")
    assert entries == [
        FeedEntry(
            link="https://www.example.com/news/2025/06/02/talks-and-truce",
            title="Gaza: talks & truce",
            published="Mon, 02 Jun 2025 10:00:00 +0300",
        ),
        FeedEntry(
            link="https://www.example.com/article.php?id=12345&lang=fr",
            title="Double-escaped link",
            published="2025-06-02T09:00:00Z",
        ),
        FeedEntry(link="https://www.example.com/fr/article/98765", title="Relative link"),
        FeedEntry(
            link="https://www.example.com/news/original-article-slug-here", title="Via FeedBurner"
        ),
        FeedEntry(
            link="https://www.example.com/news/guid-link-123456",
            title="No link, only a permalink guid",
        ),
    ]


def test_feed_link_unescaping_leaves_legacy_entity_names_in_queries_alone():
    # html.unescape would turn "&para=" into "¶=" and "&copy=" into "©=".
    body = (
        b"<rss><channel><item><link>https://e.com/a?x=1&amp;para=2&amp;amp;copy=3</link>"
        b"</item></channel></rss>"
    )
    assert [e.link for e in parse_feed(body)] == ["https://e.com/a?x=1&para=2&copy=3"]


def test_feed_with_bare_ampersands_and_html_entities_still_parses():
    body = (
        b"<rss><channel><item><title>Caf&eacute; &amp; th&#233;&nbsp;!</title>"
        b"<link>https://e.com/a?x=1&y=2</link></item></channel></rss>"
    )
    assert parse_feed(body) == [FeedEntry(link="https://e.com/a?x=1&y=2", title="Café & thé !")]


def test_rss1_rdf_feed():
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://e.com/"><title>E</title><link>https://e.com/</link></channel>
  <item rdf:about="https://e.com/a"><title>A</title><link>https://e.com/a</link>
    <dc:date>2025-06-02T10:00:00+01:00</dc:date></item>
</rdf:RDF>"""
    assert parse_feed(body) == [
        FeedEntry(link="https://e.com/a", title="A", published="2025-06-02T10:00:00+01:00")
    ]


def test_atom_prefers_alternate_link_and_honours_xml_base():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://www.example.fr/">
  <entry>
    <title type="html">Le &lt;b&gt;budget&lt;/b&gt;</title>
    <link rel="self" href="https://www.example.fr/api/entries/1"/>
    <link rel="alternate" type="text/html" href="politique/2025/06/02/le-budget-adopte"/>
    <published>2025-06-02T08:00:00+02:00</published>
    <updated>2025-06-02T09:30:00+02:00</updated>
  </entry>
  <entry>
    <title>Sans rel</title>
    <link href="https://www.example.fr/culture/article-sans-rel"/>
  </entry>
  <entry>
    <title>Seulement self</title>
    <link rel="self" href="https://www.example.fr/only-self-link"/>
  </entry>
</feed>"""
    entries = parse_feed(body, base_url="https://feeds.example.fr/atom.xml")
    assert entries == [
        FeedEntry(
            link="https://www.example.fr/politique/2025/06/02/le-budget-adopte",
            title="Le <b>budget</b>",
            published="2025-06-02T08:00:00+02:00",
            updated="2025-06-02T09:30:00+02:00",
        ),
        FeedEntry(link="https://www.example.fr/culture/article-sans-rel", title="Sans rel"),
        FeedEntry(link="https://www.example.fr/only-self-link", title="Seulement self"),
    ]


def test_rss_item_link_text_wins_over_an_enclosure_href():
    body = (
        b'<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><item>'
        b'<atom:link rel="enclosure" href="https://e.com/audio.mp3"/>'
        b"<link>https://e.com/story-page</link></item></channel></rss>"
    )
    assert [e.link for e in parse_feed(body)] == ["https://e.com/story-page"]


def test_json_feed():
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
        b'{"id": "1", "url": "/a", "title": " A ", "date_published": "2025-06-02T10:00:00Z"},'
        b'{"id": "2"}]}'
    )
    assert parse_feed(body, base_url="https://e.com/feed.json") == [
        FeedEntry(link="https://e.com/a", title="A", published="2025-06-02T10:00:00Z")
    ]


def test_json_feed_nested_deeper_than_the_parser_goes_is_a_bad_feed():
    # RecursionError, not ValueError: it escaped as a spider error instead of a bad_feed record
    body = b'{"items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(DiscoveryError, match="nested deeper"):
        parse_feed(body)


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Home</title></head><body></body></html>",
        b"\xef\xbb\xbf\n  <!doctype HTML>\n<html lang='ar'>",
        b"<html><body>Feed moved</body></html>",
        b"<!-- cached page --><html><body></body></html>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
    ],
)
def test_html_served_as_feed_is_rejected(body):
    with pytest.raises(DiscoveryError, match=r"^feed is HTML, not RSS/Atom$"):
        parse_feed(body)


def test_feed_with_entity_declarations_is_rejected():
    body = b'<!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel><item><link>&a;</link></item></channel></rss>'
    with pytest.raises(DiscoveryError, match="^entity declarations are not allowed$"):
        parse_feed(body)


def test_feed_size_cap_applies_after_decompression():
    body = gzip.compress(b"<rss><channel>" + b" " * 10_000 + b"</channel></rss>")
    with pytest.raises(DiscoveryError, match="^feed exceeds 1000 bytes after decompression$"):
        parse_feed(body, max_size=1000)


def test_truncated_feed_keeps_complete_items():
    body = (
        b"<rss><channel><item><link>https://e.com/a</link></item>"
        b"<item><link>https://e.com/b</link></item><item><link>https://e.com/c-cu"
    )
    assert [e.link for e in parse_feed(body)] == ["https://e.com/a", "https://e.com/b"]
    assert read_feed(body).recovered_from  # the damage is reported, for the crawl to record
    assert read_feed(body[: body.index(b"<item><link>https://e.com/c")] + b"</channel></rss>").recovered_from is None


def test_xml_that_is_not_a_feed_is_rejected():
    with pytest.raises(DiscoveryError, match=r"^feed root is <urlset>"):
        parse_feed(b"<urlset><url><loc>https://e.com/a</loc></url></urlset>")


# ----------------------------------------------------------------------------- autodiscovery


def test_feed_autodiscovery_from_link_tags():
    page = """<!DOCTYPE html><html lang="fr"><head>
<meta charset="utf-8">
<link rel="alternate" type="application/rss+xml" title="Flux" href="/rss/une.xml">
<link rel="ALTERNATE" type="Application/Atom+XML; charset=utf-8" href="https://www.example.fr/atom">
<link rel="alternate" type="application/feed+json" href="feed.json">
<link rel="alternate" type="application/rss+xml" title="Commentaires" href="/2025/06/02/x/comments/feed/">
<link rel="alternate" type="application/json+oembed" href="/oembed?url=x">
<link rel="alternate" hreflang="ar" href="https://www.example.fr/ar/">
<link rel="stylesheet" type="text/css" href="/style.css">
<link rel="alternate" type="application/rss+xml" href="/rss/une.xml">
</head><body><a href="/rss/other.xml">RSS</a></body></html>"""
    assert feed_urls_from_html(page, "https://www.example.fr/politique/") == [
        "https://www.example.fr/rss/une.xml",
        "https://www.example.fr/atom",
        "https://www.example.fr/politique/feed.json",
    ]


def test_feed_autodiscovery_honours_base_href_and_xml_declaration():
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><base href="https://cdn.example.com/ar/">'
        '<link rel="alternate" type="application/rss+xml" href="rss.xml"></head></html>'
    )
    assert feed_urls_from_html(page, "https://www.example.com/") == [
        "https://cdn.example.com/ar/rss.xml"
    ]


def test_feed_autodiscovery_on_empty_or_featureless_pages():
    assert feed_urls_from_html("", "https://e.com/") == []
    assert feed_urls_from_html("<p>no head</p>", "https://e.com/") == []


# ----------------------------------------------------------------------------- URL heuristics

ARTICLE_URLS = [
    # dates in the path
    "https://www.aljazeera.com/news/2025/6/2/israel-strikes-gaza-as-talks-stall",
    (
        "https://www.aljazeera.net/news/2025/6/2/%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%84%D8%A7%D9%84-"
        "%D9%8A%D9%88%D8%B3%D8%B9-%D8%B9%D9%85%D9%84%D9%8A%D8%A7%D8%AA%D9%87"
    ),
    "https://www.thenationalnews.com/news/mena/2025/06/02/saudi-arabia-announces-new-visa/",
    "https://www.alarabiya.net/ar/arab-and-world/2025/06/02/عنوان-الخبر-هنا",
    "https://www.france24.com/fr/moyen-orient/20250602-gaza-les-négociations-piétinent",
    "https://www.reuters.com/world/middle-east/iran-says-talks-constructive-2025-06-02/",
    "https://www.annahar.com/arabic/news/politics/lebanon/02-06-2025/short",
    "https://www.example.com/2025-06-02/x",
    # numeric ids
    "https://www.bbc.com/news/world-middle-east-68912345",
    "https://www.lemonde.fr/international/article/2025/06/02/le-liban-face-a-la-crise_6610000_3210.html",
    "https://www.youm7.com/story/2025/6/2/وزير-الخارجية-يستقبل-نظيره/7012345",
    "https://www.hespress.com/الحكومة-تصادق-على-مشروع-قانون-1234567.html",
    "https://english.ahram.org.eg/News/545123.aspx",
    "https://www.lorientlejour.com/article/1456789/le-parlement-vote-la-loi.html",
    "https://www.jeuneafrique.com/1678901/politique/tunisie-le-president-limoge-son-ministre/",
    "https://aawsat.com/node/5150000",
    "https://www.arabnews.com/node/2603000/middle-east",
    "https://www.skynewsarabia.com/middle-east/1790000-%D8%A7%D9%84%D8%B3%D8%B9%D9%88%D8%AF%D9%8A%D8%A9",
    "https://arabic.rt.com/middle_east/1650000-عنوان-الخبر/",
    "https://www.enabbaladi.net/archives/745123",
    "https://www.masrawy.com/news/news_egypt/details/2025/6/2/2781234/عنوان",
    "https://www.almasryalyoum.com/news/details/3456789",
    "https://www.example.com/article.php?id=12345",
    "https://www.example.com/news/details.aspx?NewsID=98765",
    "https://www.example.com/?p=4567",
    # long slugs
    "https://www.tsa-algerie.com/le-prix-du-petrole-chute-fortement-sur-les-marches/",
    "https://www.middleeasteye.net/news/iran-israel-war-ceasefire-holds-fragile",
    (
        "https://www.example.ma/%D8%A7%D9%84%D9%85%D9%84%D9%83-%D9%8A%D8%B3%D8%AA%D9%82%D8%A8%D9%84-"
        "%D8%A7%D9%84%D8%B1%D8%A6%D9%8A%D8%B3"
    ),
    "https://www.example.dz/ar/الرئيس-يستقبل-وفدا-برلمانيا",
    # slug pages with an extension
    "https://www.example.fr/politique/la-reforme.html",
    "https://www.example.com/news/oil-prices.php",
    # AMP versions are articles too
    "https://www.example.com/amp/news/2025/06/02/some-article",
    "https://www.example.com/news/some-long-article-slug-here/amp",
]

NOT_ARTICLE_URLS = [
    "https://www.aljazeera.com/",
    "https://www.example.com",
    "https://www.example.com/?utm_source=twitter",
    "https://www.example.com/en/",
    "https://www.example.com/ar/news",
    "https://www.lemonde.fr/international/",
    "https://www.bbc.com/news/world-middle-east",
    "https://www.example.com/arab-and-world",
    "https://www.example.com/science-and-technology",
    "https://www.aljazeera.com/tag/gaza/",
    "https://www.example.com/tags/%D8%BA%D8%B2%D8%A9",
    "https://www.example.com/category/politics/page/2",
    "https://www.example.com/categories/economy-and-business-news",
    "https://www.example.com/section/world-news-from-the-region",
    "https://www.example.com/author/john-smith-jones",
    "https://www.example.com/authors/12345",
    "https://www.example.com/writer/ahmed-el-masri-columnist",
    "https://www.example.com/search?q=gaza",
    "https://www.example.com/recherche/les-dernieres-nouvelles-du-jour",
    "https://www.example.com/news?page=3",
    "https://www.example.com/page/2",
    "https://www.example.com/news/2025/06/02/",
    "https://www.example.com/archives/2025/06",
    "https://www.example.com/feed/",
    "https://www.example.com/rss",
    "https://www.example.com/contact-us",
    "https://www.example.com/privacy-policy",
    "https://www.example.fr/politique-de-confidentialite-et-cookies",
    "https://www.example.com/about-us",
    "https://www.example.com/login?next=/news/123456",
    "https://www.example.com/subscribe/digital-premium-offer-2025",
    "https://www.example.ma/ar/اتصل-بنا",
    "https://www.example.com/wp-content/uploads/2025/06/photo-of-the-event.jpg",
    "https://www.example.com/files/report-2025-annual-budget.pdf",
    "https://www.example.com/media/2025/06/02/clip-123456.mp4",
    "https://www.example.com/sitemap-news.xml",
    "https://www.example.com/static/app-bundle-12345.js",
    "https://www.example.com/index.php",
    "https://www.example.com/news/2025",
    "mailto:desk@example.com",
    # decision: video, gallery and podcast pages carry too little text
    "https://www.aljazeera.com/video/newsfeed/2025/6/2/video-shows-rescue-of-children",
    "https://www.example.com/gallery/2025/06/02/photos-of-the-flooding",
]


@pytest.mark.parametrize("url", ARTICLE_URLS)
def test_article_url_shapes(url):
    assert looks_like_article_url(url)


@pytest.mark.parametrize("url", NOT_ARTICLE_URLS)
def test_non_article_url_shapes(url):
    assert not looks_like_article_url(url)


def test_exclude_pattern_wins_over_heuristic_and_include():
    url = "https://www.example.com/news/2025/06/02/sponsored-content-for-our-partners"
    assert looks_like_article_url(url)
    assert not looks_like_article_url(url, exclude=[r"/sponsored-"])
    assert not looks_like_article_url(url, include=[r"/news/"], exclude=[re.compile("sponsored")])


def test_include_patterns_decide_when_given():
    assert looks_like_article_url("https://www.example.com/video/clip-1", include=[r"/video/"])
    assert not looks_like_article_url(
        "https://www.example.com/news/2025/06/02/a-real-article",
        include=[re.compile(r"/story/\d+")],
    )


LISTING_URLS = [
    "https://www.example.com/",
    "https://www.example.com/ar/news",
    "https://www.example.com/politics",
    "https://www.bbc.com/news/world-middle-east",
    "https://www.example.com/tag/gaza",
    "https://www.example.com/category/politics/page/3",
    "https://www.example.com/author/john-smith-jones",
    "https://www.example.com/search?q=gaza",
    "https://www.example.com/news?page=2",
    "https://www.example.com/2025/06/02/",
    "https://www.example.com/news/2025/06/",
    "https://www.example.com/archives/2025/06",
]

NOT_LISTING_URLS = [
    "https://www.aljazeera.com/news/2025/6/2/israel-strikes-gaza-as-talks-stall",
    "https://aawsat.com/node/5150000",
    "https://www.example.com/contact-us",
    "https://www.example.com/feed/",
    "https://www.example.com/logo.png",
]


@pytest.mark.parametrize("url", LISTING_URLS)
def test_listing_url_shapes(url):
    assert looks_like_listing_url(url)


@pytest.mark.parametrize("url", NOT_LISTING_URLS)
def test_non_listing_url_shapes(url):
    assert not looks_like_listing_url(url)


# --- links of a page ---------------------------------------------------------------------------
def test_page_links_resolves_every_anchor_and_area_against_the_base_in_page_order():
    html = """<html><head><base href="https://news.example/world/"></head><body>
    <A HREF='/a?x=1&amp;y=2'>quoted, entity</A> <a class=teaser href=2025/story>unquoted relative</a>
    <a href="https://other.example/z">absolute</a> <area shape=rect href="/map"> <a href="../up">up</a>
    <a href="/ar/%D9%85%D9%82%D8%A7%D9%84">encoded</a> <a href="/ar/مقال">raw Arabic</a></body></html>"""
    assert page_links(html, "https://news.example/page") == [
        "https://news.example/a?x=1&y=2", "https://news.example/world/2025/story",
        "https://other.example/z", "https://news.example/map", "https://news.example/up",
        "https://news.example/ar/%D9%85%D9%82%D8%A7%D9%84", "https://news.example/ar/مقال"]


def test_page_links_keep_parameters_that_start_like_legacy_entities():
    # written with a bare "&", as many CMSs do: a browser leaves "&region=" alone in an
    # attribute; html.unescape made "®ion=" of it, and every such link a 404
    html = """<a href="/article.php?id=1234&region=gulf">1</a> <a href="/a?id=1&section=world&copy=2">2</a>
    <a href="/b?x=1&amp;para=2">3</a> <a href="/c?q=caf&eacute;">4</a> <a href="/d?x=&#49;">5</a>"""
    assert page_links(html, "https://news.example/") == [
        "https://news.example/article.php?id=1234&region=gulf", "https://news.example/a?id=1&section=world&copy=2",
        "https://news.example/b?x=1&para=2", "https://news.example/c?q=café", "https://news.example/d?x=1"]


def test_page_links_ignores_non_links_comments_scripts_and_other_attributes():
    html = """<body><!-- <a href="/commented-out">old</a> -->
    <script>document.write('<a href="/from-script">x</a>');</script><style>a[href="/css"]{}</style>
    <a name="top">anchor</a> <a data-href="/data-attr" href="/real">real</a> <abbr href="/abbr">x</abbr>
    <a href="#top">same page</a> <a href="javascript:void(0)">js</a> <a href="mailto:a@b.c">mail</a>
    <a href="tel:+962">tel</a> <a href=" /spaced ">spaced</a></body>"""
    assert page_links(html, "https://news.example/") == ["https://news.example/real", "https://news.example/spaced"]


def test_page_links_include_the_language_versions_the_head_declares():
    # A trilingual site links a story's other editions only from <head> (hreflang alternates);
    # stylesheets, feeds and the canonical are not pages to crawl from here.
    html = """<html><head><link rel="canonical" href="/ar/news/2025/06/02/budget">
    <link rel="alternate" hreflang="fr" href="/fr/actualites/2025/06/02/budget">
    <link href='https://news.example/en/news/2025/06/02/budget' hreflang='en' rel='alternate'>
    <link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="/rss.xml">
    </head><body><a href="/ar/news/2025/06/01/other">other</a></body></html>"""
    assert page_links(html, "https://news.example/ar/news/2025/06/02/budget") == [
        "https://news.example/fr/actualites/2025/06/02/budget", "https://news.example/en/news/2025/06/02/budget",
        "https://news.example/ar/news/2025/06/01/other"]


def test_page_links_of_a_truncated_page_or_of_text_that_is_not_html():
    assert page_links('<a href="/one">1</a><script>var a = "<a href=/never', "https://n.example/") == \
        ["https://n.example/one"]
    assert page_links("\x00\x01 binary garbage <a", "https://n.example/") == []


# --- sitemap dates, order and age ---------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    ("2015-02-28", "2015-02-28T23:59:59.999999+00:00"),  # a bare date: the end of that day
    ("2015-06", "2015-06-30T23:59:59.999999+00:00"),  # YYYY-MM: the end of that month
    ("2015-12", "2015-12-31T23:59:59.999999+00:00"),
    ("2015", "2015-12-31T23:59:59.999999+00:00"),
    ("2015-02-28T10:00:00+03:00", "2015-02-28T07:00:00+00:00"),
    ("2015-02-28 10:00:00", "2015-02-28T10:00:00+00:00"),  # no zone: UTC
    ("Sat, 28 Feb 2015 10:00:00 GMT", "2015-02-28T10:00:00+00:00"),
])
def test_every_w3c_lastmod_precision_is_read_as_the_latest_instant_it_can_mean(value, expected):
    from crawler.discovery import lastmod_datetime

    assert lastmod_datetime(value).isoformat() == expected


@pytest.mark.parametrize("value", [None, "", "soon", "2015-13", "0000"])
def test_an_unreadable_lastmod_has_no_date(value):
    from crawler.discovery import lastmod_datetime

    assert lastmod_datetime(value) is None


def test_sitemap_entries_are_ordered_newest_first_with_undated_ones_last_in_document_order():
    from crawler.discovery import SitemapEntry, newest_first

    entries = [SitemapEntry("https://s/a", "2015-02-28"), SitemapEntry("https://s/undated-1"),
               SitemapEntry("https://s/b", "2024-06"), SitemapEntry("https://s/c", "2024-06-30T10:00:00Z"),
               SitemapEntry("https://s/d", "junk"), SitemapEntry("https://s/e", "2010-01-01",
                                                                   news_publication_date="2025-01-01")]
    assert [e.loc.rsplit("/", 1)[1] for e in newest_first(entries)] == ["e", "b", "c", "a", "undated-1", "d"]


@pytest.mark.parametrize(("lastmod", "too_old"), [
    ("2015-02-28", True), ("2015-06", True), ("2015", True), ("2015-02-28T10:00:00Z", True),
    ("NOW_DAY", False), ("NOW_MONTH", False), (None, False), ("junk", False),
])
def test_the_sitemap_age_limit_applies_to_date_only_and_year_month_lastmods(lastmod, too_old):
    from datetime import UTC, datetime

    from scrapy.utils.test import get_crawler

    from spiders.site import SiteSpider

    now = datetime.now(UTC)
    lastmod = {"NOW_DAY": f"{now:%Y-%m-%d}", "NOW_MONTH": f"{now:%Y-%m}"}.get(lastmod, lastmod)
    crawler = get_crawler(SiteSpider, {"CRAWL_DISK_QUEUE": False, "CRAWL_SITEMAP_MAX_AGE_DAYS": 30})
    spider = SiteSpider.from_crawler(crawler, url="https://news.example/")
    assert spider._too_old(lastmod) is too_old


@pytest.mark.parametrize(("url", "reason"), [
    ("https://s/files/report.pdf", "media"), ("https://s/uploads/photo.JPG", "media"),
    ("https://s/app/news.apk", "media"), ("https://s/about/", "utility"),
    ("https://s/privacy-policy/", "utility"), ("https://s/wp-login.php?redirect_to=/2025/06/02/a-b-c/", "utility"),
    ("https://s/share?url=https://s/x", "utility"), ("https://s/2025/06/02/story-slug/print/", "print"),
    ("https://s/story?print=1", "print"), ("https://s/2025/06/02/story/?replytocom=12", "reply"),
    ("https://s/news/", None), ("https://s/tag/water/", None), ("https://s/news/page/2/", None),
])
def test_links_that_are_files_utility_print_or_reply_pages_are_named(url, reason):
    from crawler.discovery import link_skip_reason

    assert link_skip_reason(url) == reason


@pytest.mark.parametrize(("url", "expected"), [
    ("https://s.example/news/page/3/", ("s.example/news?", 3)),
    ("https://s.example/news?page=3", ("s.example/news?", 3)),
    ("https://s.example/news?cat=2&page=3", ("s.example/news?cat=2", 3)),
    # by the offset of the first item: Joomla's SEF pager, "load more" buttons and endpoints
    ("https://s.example/politics?start=20", ("s.example/politics?", 20)),
    ("https://s.example/ajax/more?cat=5&start=30", ("s.example/ajax/more?cat=5", 30)),
    ("https://s.example/news?offset=40", ("s.example/news?", 40)),
    ("https://s.example/news/", None),
    ("https://s.example/2025/06/02/story-12345", None),
])
def test_a_listing_page_is_its_listing_and_its_number(url, expected):
    assert listing_page(url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://s.example/Section.aspx?id=5&PageIndex=2", ("s.example/Section.aspx?id=5", 2)),
    ("https://s.example/news.aspx?pageNumber=3", ("s.example/news.aspx?", 3)),
    ("https://s.example/list.php?cat=3&pn=4", ("s.example/list.php?cat=3", 4)),
    ("https://s.example/default.aspx?tabid=7&currentpage=2", ("s.example/default.aspx?tabid=7", 2)),
    ("https://s.example/news/page-2", ("s.example/news?", 2)),
    ("https://s.example/ar/اخبار/صفحة-3/", ("s.example/ar/اخبار?", 3)),
    # WordPress's post id, and a slug that starts with "page-", are no pages of a listing
    ("https://s.example/?p=12", None),
    ("https://s.example/news/page-2-of-the-report", None),
    ("https://s.example/pages-2025", None),
])
def test_aspnet_and_php_pagers_are_pages_of_their_listing(url, expected):
    assert listing_page(url) == expected


def test_the_next_page_of_an_aspnet_or_php_pager_is_the_listings_next_page():
    assert is_next_listing_page("https://s.example/Section.aspx?id=5&PageIndex=2", "https://s.example/Section.aspx?id=5")
    assert is_next_listing_page("https://s.example/Section.aspx?id=5&PageIndex=1", "https://s.example/Section.aspx?id=5")
    assert is_next_listing_page("https://s.example/list.php?cat=3&pn=3", "https://s.example/list.php?cat=3&pn=2")
    assert is_next_listing_page("https://s.example/news/page-3", "https://s.example/news/page-2")
    assert is_next_listing_page("https://s.example/news/page-2", "https://s.example/news/")
    assert not is_next_listing_page("https://s.example/Section.aspx?id=6&PageIndex=2", "https://s.example/Section.aspx?id=5")
    assert not is_next_listing_page("https://s.example/news/page-1", "https://s.example/news/page-2")


def test_only_a_later_page_of_the_same_listing_is_its_next_page():
    assert is_next_listing_page("https://s.example/news/page/2/", "https://s.example/news/")
    assert is_next_listing_page("https://s.example/news?page=4", "https://s.example/news?page=3")
    assert not is_next_listing_page("https://s.example/news/page/1/", "https://s.example/news/page/2/")
    assert not is_next_listing_page("https://s.example/sport/page/2/", "https://s.example/news/")
    assert is_next_listing_page("https://s.example/politics?start=20", "https://s.example/politics")
    assert is_next_listing_page("https://s.example/ajax/more?start=20", "https://s.example/ajax/more?start=10")
    assert not is_next_listing_page("https://s.example/ajax/more?start=0", "https://s.example/ajax/more?start=10")
    assert not is_next_listing_page("https://s.example/ajax/more?start=10", "https://s.example/sport/")


def test_drupals_first_pager_link_is_the_listings_next_page():
    # Drupal's views pager counts from 0: "?page=1" is the second page, linked from the unmarked first
    assert is_next_listing_page("https://s.example/news?page=1", "https://s.example/news")
    assert is_next_listing_page("https://s.example/news?type=1&page=1", "https://s.example/news?type=1")
    assert is_next_listing_page("https://s.example/news?page=2", "https://s.example/news?page=1")
    # its first page, the same page, an earlier one, another listing, and the first page of
    # pagers that count from 1 ("/page/1", WordPress's "?paged=1") stay out
    assert not is_next_listing_page("https://s.example/news?page=0", "https://s.example/news")
    assert not is_next_listing_page("https://s.example/news?page=1", "https://s.example/news?page=1")
    assert not is_next_listing_page("https://s.example/news?page=1", "https://s.example/news?page=3")
    assert not is_next_listing_page("https://s.example/sport?page=1", "https://s.example/news")
    assert not is_next_listing_page("https://s.example/news/page/1/", "https://s.example/news/")
    assert not is_next_listing_page("https://s.example/news?paged=1", "https://s.example/news")


@pytest.mark.parametrize(("url", "taxonomy"), [
    ("https://s.example/post_tag-sitemap.xml", True),
    ("https://s.example/post_tag-sitemap12.xml", True),
    ("https://s.example/category-sitemap.xml", True),
    ("https://s.example/author-sitemap.xml", True),
    ("https://s.example/page-sitemap.xml", True),
    ("https://s.example/wp-sitemap-taxonomies-category-1.xml", True),
    ("https://s.example/wp-sitemap-users-1.xml", True),
    ("https://s.example/sitemap-tags.xml.gz", True),
    ("https://s.example/sitemaps/sitemap_authors_2.xml", True),
    ("https://s.example/post-sitemap.xml", False),
    ("https://s.example/post-sitemap45.xml", False),
    ("https://s.example/news-sitemap.xml", False),
    ("https://s.example/wp-sitemap-posts-post-3.xml", False),
    ("https://s.example/sitemap-category-5.xml", False),  # may list the category's articles
    ("https://s.example/sitemaps/2025-06-02.xml", False),
    ("https://s.example/tags/sitemap.xml", False),
    # the "XML Sitemap Generator for Google" plugin's names, and a folder of sitemaps named by type
    ("https://s.example/sitemap-tax-category.xml", True),
    ("https://s.example/sitemap-tax-post_tag.xml.gz", True),
    ("https://s.example/sitemap-pt-page-2025-06.xml", True),
    ("https://s.example/sitemap-archives.xml", True),
    ("https://s.example/sitemaps/tags.xml", True),
    ("https://s.example/sitemap/categories2.xml", True),
    ("https://s.example/ar/sitemaps/authors.xml", True),
    ("https://s.example/sitemap-pt-post-2025-06.xml", False),
    ("https://s.example/sitemap-pt-post-p2-2025-06.xml", False),
    ("https://s.example/sitemap-misc.xml", False),
    ("https://s.example/sitemaps/news.xml", False),
    ("https://s.example/sitemaps/2025-06.xml", False),
])
def test_tag_category_author_and_static_page_sitemaps_are_recognised_by_their_generators_names(url, taxonomy):
    from crawler.discovery import is_taxonomy_sitemap

    assert is_taxonomy_sitemap(url) is taxonomy


@pytest.mark.parametrize("children, skipped", [
    # the plugin's home page child is no article child: its static pages and categories are read
    (["sitemap-misc.xml", "sitemap-pt-page-2025-06.xml", "sitemap-tax-category.xml"], [False, False, False]),
    (["sitemap-misc.xml.gz", "sitemap-archives.xml"], [False, False]),
    (["sitemap-misc.xml", "sitemap-externals.xml", "sitemap-pt-page-2014-01.xml"], [False, False, False]),
    (["sitemap-archives.xml"], [False]),
    # another generator's archives child, without the plugin's children beside it, may list articles
    (["sitemap-news.xml", "sitemap-archives.xml"], [False, False]),
    (["sitemap-news.xml", "sitemap-archives.xml", "sitemap-tags.xml"], [False, False, True]),
    (["page-sitemap.xml", "category-sitemap.xml"], [False, False]),
    # controls: beside a posts' child (or any other), taxonomy children are skipped, misc read
    (["sitemap-misc.xml", "sitemap-pt-post-2025-06.xml", "sitemap-pt-page-2025-06.xml", "sitemap-archives.xml"],
     [False, False, True, True]),
    (["news-sitemap.xml", "sitemap-misc.xml", "sitemap-tax-post_tag.xml"], [False, False, True]),
    (["sitemaps/misc.xml", "sitemaps/tags.xml"], [False, True]),  # a misc child of another name may list articles
    # static pages newer than every article child are the site's stories: all their children read
    (["sitemap-pt-post-2025-04.xml@2025-04-28", "sitemap-pt-page-2025-06.xml@2025-06-02",
      "sitemap-pt-page-2025-01.xml@2025-01-10", "sitemap-tax-category.xml@2025-06-02"], [False, False, False, True]),
    (["post-sitemap.xml@2025-04-28T08:00:00+00:00", "page-sitemap.xml@2025-06-02T08:00:00+00:00"], [False, False]),
    # controls: no newer than the posts (the same day, older, or either undated), they are skipped
    (["post-sitemap.xml@2025-06-02", "page-sitemap.xml@2025-06-02"], [False, True]),
    (["post-sitemap.xml@2025-06-02", "page-sitemap.xml@2024-11-02"], [False, True]),
    (["post-sitemap.xml", "page-sitemap.xml@2025-06-02"], [False, True]),
    (["post-sitemap.xml@2025-04-28", "news-sitemap.xml", "page-sitemap.xml@2025-06-02"], [False, False, True]),
    (["post-sitemap.xml@2025-04-28", "page-sitemap.xml"], [False, True]),
    # a newer tag or category child is still a listing of listings
    (["post-sitemap.xml@2025-04-28", "post_tag-sitemap.xml@2025-06-02"], [False, True]),
])
def test_taxonomy_children_are_skipped_only_beside_a_child_that_may_list_articles(children, skipped):
    from crawler.discovery import taxonomy_children_to_skip

    names = [child.partition("@") for child in children]
    assert taxonomy_children_to_skip([f"https://s.example/{name}" for name, _, _ in names],
                                     [lastmod or None for _, _, lastmod in names]) == skipped


# --- defects of the CMS probe (fix-disc2) ------------------------------------------------------
@pytest.mark.parametrize("url", [
    "https://s.example/news.php?id=4521&cat=3",
    "https://s.example/news.php?cat=5&id=4528",
    "https://s.example/Articles/details.aspx?NewsID=98765&section=2",
    "https://s.example/index.php?ArticleID=123&tag=gaza",
    "https://s.example/?p=4567&author=3",
    "https://s.example/node.php?nid=812&category=economy",
])
def test_an_article_id_query_key_outranks_a_category_tag_author_or_section_key(url):
    # A cat/tag/author key made every ID URL of an old PHP CMS a listing; 30 of 38 stories lost.
    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/section.php?cat=3",
    "https://s.example/news.php?id=12&cat=3",  # not an article id: 2 digits
    "https://s.example/news.php?id=4521&page=2",  # page/s/q keys always make a listing
    "https://s.example/?p=4567&s=gaza",
    "https://s.example/list.php?tag=gaza&author=3",
])
def test_a_page_search_key_or_a_taxonomy_key_without_an_article_id_still_makes_a_listing(url):
    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/fr/article/bank-al-maghrib-908",
    "https://s.example/article/bank-al-maghrib-908",
    "https://s.example/ar/news/rain-in-rabat-771",
    "https://s.example/fr/actualites/le-dirham-monte-315/",
    "https://s.example/akhbar/jordan-budget-482",
    "https://s.example/ar/أخبار/الحكومة-تقر-الموازنة-512",
])
def test_a_short_slug_with_an_id_under_an_article_segment_is_an_article(url):
    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/fr/article/bank-al-maghrib",  # no id: a short slug alone decides nothing
    "https://s.example/fr/economie/bank-al-maghrib-908",  # not under an article-like segment
    "https://s.example/news/world-cup-2022",  # a year is not an id
    "https://s.example/news/page-12",  # one word
    "https://s.example/news/local-news-12",  # two digits: an old CMS's section number (review)
    "https://s.example/news/top-stories-10",
    "https://s.example/news/",
])
def test_an_id_suffix_needs_a_multi_word_slug_under_an_article_segment(url):
    assert not looks_like_article_url(url)


@pytest.mark.parametrize(("url", "marker"), [
    ("https://s.example/", True),
    ("https://s.example/fr", True),
    ("https://s.example/tag/gaza/", True),
    ("https://s.example/category/politics/page/2", True),
    ("https://s.example/section.php?cat=3", True),
    ("https://s.example/news?page=2", True),
    ("https://s.example/2025/06/", True),
    ("https://s.example/ar/taxonomy/term/45", True),
    ("https://s.example/politics", False),  # a short path is not a marker: a sitemap knows better
    ("https://s.example/fr/article/bank-deal", False),
    ("https://s.example/news.php?id=4521&cat=3", False),
    ("https://s.example/about/", False),
    ("https://s.example/logo.png", False),
])
def test_an_explicit_listing_marker_is_told_apart_from_a_short_path(url, marker):
    from crawler.discovery import has_listing_marker

    assert has_listing_marker(url) is marker


@pytest.mark.parametrize("url", [
    "https://s.example/ar/taxonomy/term/45",
    "https://s.example/taxonomy/term/1234",
    "https://s.example/fr/taxonomy/term/46?page=1",
])
def test_drupal_taxonomy_term_pages_are_listings(url):
    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/sendfriend.php?id=4529",
    "https://s.example/Articles/sendfriend.php?id=123500",
    "https://s.example/send-to-friend/4529",
    "https://s.example/news/send-to-friend?nid=45291",
    "https://s.example/comment.php?id=4529",
    "https://s.example/addcomment.asp?NewsID=45291",
    "https://s.example/fr/comment/reply/node/1027/comment",
    "https://s.example/comment/reply/10271",
    "https://s.example/fr/user/10",
    "https://s.example/user/login",
])
def test_send_to_friend_comment_forms_and_user_pages_are_utility_pages(url):
    from crawler.discovery import link_skip_reason

    assert not looks_like_article_url(url)
    assert not looks_like_listing_url(url)
    assert link_skip_reason(url) == "utility"


@pytest.mark.parametrize("url", [
    "https://s.example/comment/2025/06/02/the-budget-is-a-missed-chance",  # an opinion section
    "https://s.example/news/comment-on-the-budget-vote-2025-06-02",
    "https://s.example/users-guide-to-the-new-tax-rules-explained",
])
def test_a_comment_section_or_a_slug_with_those_words_stays_an_article(url):
    assert looks_like_article_url(url)


@pytest.mark.parametrize(("url", "listing"), [
    ("https://s.example/", True),
    ("https://s.example/tag/gaza/", True),
    ("https://s.example/ar/taxonomy/term/45", True),
    ("https://s.example/business/", True),  # Arc XP's section sitemap
    ("https://s.example/world/mena/", True),
    ("https://s.example/ar/سياسة", True),
    ("https://s.example/video/1789702-مجلس-النواب-يطلق-موازنة", True),  # not articles, by decision
    ("https://s.example/fr/article/bank-deal", False),  # a two-word slug: the sitemap's article
    ("https://s.example/fr/economie/le-dirham-recule", False),
    ("https://s.example/fr/article/bank-al-maghrib-908", False),
    ("https://s.example/news.php?id=4521&cat=3", False),
    ("https://s.example/about/", False),
])
def test_a_sitemap_entry_is_a_listing_by_its_marker_a_one_word_section_path_or_a_media_section(url, listing):
    from crawler.discovery import entry_is_listing

    assert entry_is_listing(url) is listing


# --- defects of the site-structure probe (sites19) -------------------------------------------
@pytest.mark.parametrize(("url", "reason"), [
    ("https://s.example/print/10271", "print"),  # Drupal's print module
    ("https://s.example/print/node/10271", "print"),
    ("https://s.example/printpdf/10271", "print"),
    ("https://s.example/ar/print/10271", "print"),
    ("https://s.example/fr/imprimer/305500", "print"),
    ("https://s.example/ar/طباعة/48100", "print"),
    ("https://s.example/comment/5011", "utility"),  # Drupal's comment permalink
    ("https://s.example/comments/12345", "utility"),
    ("https://s.example/fr/commentaires/305500", "utility"),
    ("https://s.example/ar/تعليقات/48100", "utility"),
    ("https://s.example/printmail/10271", "utility"),  # Drupal's "send by e-mail"
    ("https://s.example/fr/envoyer-a-un-ami/305500", "utility"),
    ("https://s.example/ar/ارسل-لصديق/48100", "utility"),
    ("https://s.example/partager?url=/fr/actualites/le-wali-inaugure-305500.html", "utility"),
])
def test_print_comment_and_send_pages_named_before_the_id_and_french_or_arabic_ones_are_skipped(url, reason):
    # A print, comment or "send to a friend" word before the article's id (/print/10271,
    # /imprimer/305500) and the French and Arabic words for them were not known: each such
    # link was fetched as an article (the id made it one), 80 of 185 requests on a French site.
    from crawler.discovery import link_skip_reason

    assert link_skip_reason(url) == reason


@pytest.mark.parametrize("url", [
    "https://s.example/comment/2025/06/02/the-budget-is-a-missed-chance",  # an opinion section
    "https://s.example/comment/10271/the-budget-is-a-missed-chance",
    "https://s.example/news/printing-press-workers-strike-in-cairo-10271",
    "https://s.example/fr/actualites/l-imprimerie-nationale-recrute-305500.html",
    "https://s.example/print/2025/06/02/todays-front-page-in-pictures",
])
def test_a_print_or_comment_word_followed_by_more_than_an_id_stays_an_article(url):
    from crawler.discovery import link_skip_reason

    assert looks_like_article_url(url)
    assert link_skip_reason(url) is None


@pytest.mark.parametrize(("url", "login"), [
    ("https://s.example/user/login?destination=/premium/x", True),
    ("https://s.example/user", True),
    ("https://s.example/wp-login.php?redirect_to=/x", True),
    ("https://s.example/fr/connexion?redirect=/fr/abonnes/x", True),
    ("https://s.example/subscribe?returnTo=/x", True),
    ("https://s.example/ar/تسجيل-الدخول", True),
    ("https://s.example/account/sign-in", True),
    ("https://s.example/user/12", False),  # a profile page: skipped as a link, not a login wall
    ("https://s.example/news/2025/06/02/how-to-register-to-vote", False),
    ("https://s.example/fr/abonnes/enquete-exclusive-305590.html", False),
    ("https://s.example/", False),
])
def test_a_login_registration_or_subscription_page_is_told_by_its_path(url, login):
    from crawler.discovery import is_login_url

    assert is_login_url(url) is login


def test_a_feed_without_an_encoding_declaration_is_read_in_the_charset_its_server_names():
    # An old Arabic CMS writes its RSS in windows-1256 and says so only in the Content-Type
    # header: read as UTF-8 (XML's default), every title was U+FFFD and every raw Arabic link a
    # 404, the feed recorded as malformed.
    items = ("<item><title><![CDATA[الحكومة تقر الموازنة]]></title>"
             "<link>https://s.example/ar/أخبار/الحكومة-تقر-الموازنة-512?utm_source=rss&amp;utm_medium=feed</link></item>")
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode("cp1256")
    feed = read_feed(body, base_url="https://s.example/rss.xml", encoding="windows-1256")
    assert feed.recovered_from is None
    [entry] = feed.entries
    assert entry.title == "الحكومة تقر الموازنة"
    assert entry.link == "https://s.example/ar/أخبار/الحكومة-تقر-الموازنة-512?utm_source=rss&utm_medium=feed"
    # the document's own declaration wins over the header (servers add "utf-8" to everything)
    declared = f'<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel>{items}</channel></rss>'
    assert read_feed(declared.encode("cp1256"), encoding="utf-8").entries[0].title == "الحكومة تقر الموازنة"
    # and a body that is valid UTF-8 is UTF-8, whatever the header says (Apache's old ISO-8859-1 default)
    utf8 = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    assert read_feed(utf8, encoding="iso-8859-1").entries[0].title == "الحكومة تقر الموازنة"
    assert read_feed(body, encoding="no-such-charset").recovered_from  # unknown: as before


def test_a_sitemap_without_an_encoding_declaration_is_read_in_the_charset_its_server_names():
    body = (f'<?xml version="1.0"?><urlset xmlns="{SM_NS}"><url><loc>https://s.example/ar/أخبار/خبر-512</loc>'
            "</url></urlset>").encode("cp1256")
    sitemap = parse_sitemap(body, base_url="https://s.example/sitemap.xml", encoding="windows-1256")
    assert [entry.loc for entry in sitemap.entries] == ["https://s.example/ar/أخبار/خبر-512"]
    assert sitemap.recovered_from is None


J = "https://s.example/index.php?option=com_content"


@pytest.mark.parametrize("url", [
    f"{J}&view=article&id=2310:the-minister-receives-a-delegation&catid=101&Itemid=45",  # Joomla's id:alias
    f"{J}&view=article&id=2310%3Athe-minister-receives-a-delegation&catid=101&Itemid=45",
    f"{J}&view=article&id=2310&catid=101&Itemid=45",
    f"{J}&task=view&id=2310&Itemid=45",  # Joomla 1.0
])
def test_a_joomla_article_link_with_its_alias_after_the_id_is_an_article(url):
    # Joomla links an article as id=<id>:<alias>: the id key's value was not a number, so half
    # the articles of a Joomla agency were fetched as listings and never stored.
    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    f"{J}&view=category&id=101&Itemid=46",  # a category blog: intro texts of its articles
    f"{J}&view=category&layout=blog&id=101&Itemid=46&limitstart=4",
    f"{J}&view=featured&Itemid=101",
    f"{J}&view=archive&year=2025&month=6",
    "https://s.example/index.php?option=com_content&task=blogcategory&id=101&Itemid=46",
    "https://s.example/index.php?option=com_tags&view=tag&id=345",
])
def test_a_joomla_category_featured_archive_or_tag_view_is_a_listing_whatever_its_id(url):
    # view=category&id=101 has a 3-digit id: the category blog page was stored as an article.
    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url)


@pytest.mark.parametrize(("url", "reason"), [
    (f"{J}&view=article&id=2310:the-minister&catid=101&Itemid=45&tmpl=component&layout=default&page=", "print"),
    ("https://s.example/index.php?option=com_mailto&tmpl=component&template=protostar&link=abc2310", "utility"),
    ("https://s.example/index.php?option=com_users&view=login", "utility"),
])
def test_joomlas_print_popup_mail_to_a_friend_and_login_pages_are_skipped(url, reason):
    # The print link loses its print=1 in its request form and kept tmpl=component: a popup copy
    # of the article, fetched as a listing for its empty page= key.
    from crawler.discovery import link_skip_reason

    assert link_skip_reason(url) == reason


def test_joomlas_limitstart_pages_are_a_listings_later_pages():
    assert listing_page(f"{J}&view=category&id=101&limitstart=8") == (
        "s.example/index.php?option=com_content&view=category&id=101", 8)
    assert is_next_listing_page(f"{J}&view=category&id=101&limitstart=4", f"{J}&view=category&id=101")


# ----------------------------------------------------------------------------- unreadable URLs
# One "//[bad" or "http://[placeholder]/" (an unbalanced "[", a bracketed host that is no IP
# address) made urljoin/urlsplit raise "Invalid IPv6 URL": the page's, sitemap's or feed's other
# URLs were lost with it.

def test_a_sitemap_entry_whose_loc_cannot_be_read_is_skipped_and_counted():
    body = (f'<urlset xmlns="{SM_NS}"><url><loc>https://example.com/news/1-a.html</loc></url>'
            "<url><loc>http://[placeholder]/news/1-x.html</loc></url>"
            "<url><loc>//[bad/news/2</loc></url>"
            "<url><loc>https://example.com/news/2-b.html</loc><image:image xmlns:image="
            '"http://www.google.com/schemas/sitemap-image/1.1"><image:loc>//[x/i.jpg</image:loc></image:image></url>'
            "</urlset>").encode()
    sitemap = parse_sitemap(body, base_url="https://example.com/sitemap.xml")
    assert [e.loc for e in sitemap.entries] == ["https://example.com/news/1-a.html", "https://example.com/news/2-b.html"]
    assert sitemap.entries[1].image is None
    assert sitemap.without_loc == 2
    text = parse_sitemap(b"https://example.com/news/1-a.html\nhttp://[x/news/2\n", base_url="https://example.com/s.txt")
    assert ([e.loc for e in text.entries], text.without_loc) == (["https://example.com/news/1-a.html"], 1)
    assert not is_taxonomy_sitemap("http://[x/post_tag-sitemap.xml")


def test_robots_feeds_and_autodiscovery_skip_unreadable_urls():
    robots = "Sitemap: http://[placeholder]/sitemap.xml\nSitemap: /news-sitemap.xml\n"
    assert sitemap_urls_from_robots(robots, "https://example.com/robots.txt") == ["https://example.com/news-sitemap.xml"]
    rss = ("<rss><channel><item><title>A</title><link>//[bad</link></item>"
           "<item><title>B</title><link>/news/2-b.html</link></item></channel></rss>").encode()
    feed = read_feed(rss, base_url="https://example.com/feed")
    assert ([e.link for e in feed.entries], feed.without_link) == (["https://example.com/news/2-b.html"], 1)
    page = ('<html><head><base href="//[x/"><link rel="alternate" type="application/rss+xml" href="//[y">'
            '<link rel="alternate" type="application/rss+xml" href="feed.xml"></head><body></body></html>')
    # the unreadable <base href> is ignored, as browsers ignore it
    assert feed_urls_from_html(page, "https://example.com/ar/") == ["https://example.com/ar/feed.xml"]


@pytest.mark.parametrize("base", ["", '<base href="//[x/">'])
def test_page_links_keep_the_other_links_of_a_page_with_an_unreadable_one(base):
    from lxml import html as lxml_html

    page = (f"<html><head>{base}</head><body><a href='//[bad'>x</a><a href='http://[x/'>y</a>"
            "<a href='story-1.html'>a</a><a href='/news/2-b.html'>b</a><a href='//cdn.example/c'>c</a></body></html>")
    expected = ["//[bad", "http://[x/", "https://example.com/ar/story-1.html", "https://example.com/news/2-b.html",
                "https://cdn.example/c"]  # the unreadable two as written: the spider counts and drops them
    assert page_links(page, "https://example.com/ar/") == expected
    assert tree_links(lxml_html.document_fromstring(page), "https://example.com/ar/") == expected


def test_listing_pages_of_unreadable_urls_are_none():
    assert listing_page("http://[x/news/page/2") is None
    assert not is_next_listing_page("https://example.com/news?page=2", "http://[x/news")


# -- entries per sitemap: the sitemaps.org limit, read incrementally ---------------------------------
def _big_urlset(count: int, *, prefix: str = "", tail: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns{':' + prefix if prefix else ''}"
    entries = "".join(f"<{p}url><{p}loc>https://e.com/news/{n}-story-number-{n}</{p}loc>"
                      f"<{p}lastmod>2025-06-02T{n % 24:02d}:00:00Z</{p}lastmod></{p}url>\n" for n in range(count))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- generator -->\n'
            f'<{p}urlset {xmlns}="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}{tail}</{p}urlset>').encode()


def test_a_sitemap_is_read_to_the_sitemaps_org_limit_and_the_rest_counted():
    from crawler.discovery import MAX_SITEMAP_ENTRIES

    assert MAX_SITEMAP_ENTRIES == 50_000
    sitemap = parse_sitemap(_big_urlset(MAX_SITEMAP_ENTRIES + 7))
    assert len(sitemap.entries) == MAX_SITEMAP_ENTRIES and sitemap.entries_over_limit == 7
    assert sitemap.entries[-1].loc == f"https://e.com/news/{MAX_SITEMAP_ENTRIES - 1}-story-number-{MAX_SITEMAP_ENTRIES - 1}"
    within = parse_sitemap(_big_urlset(30))
    assert len(within.entries) == 30 and within.entries_over_limit == 0 and within.recovered_from is None


@pytest.mark.parametrize("prefix", ["", "sm"])
def test_a_sitemap_is_not_parsed_past_its_entry_limit(prefix):
    # Broken XML after the limit is never reached: the document is read no further.
    p = f"{prefix}:" if prefix else ""
    body = _big_urlset(12, prefix=prefix, tail=f"<{p}url><{p}loc>https://e.com/cut & broken")
    sitemap = parse_sitemap(body, max_entries=10)
    assert [e.loc for e in sitemap.entries] == [f"https://e.com/news/{n}-story-number-{n}" for n in range(10)]
    assert sitemap.entries_over_limit == 3 and sitemap.recovered_from is None
    # no limit: read to its end, and recovered
    unlimited = parse_sitemap(body, max_entries=0)
    assert len(unlimited.entries) == 12 and unlimited.recovered_from


def test_the_entry_limit_holds_for_indexes_and_text_sitemaps_and_keeps_news_fields():
    children = "".join(f"<sitemap><loc>https://e.com/sitemap-{n}.xml</loc></sitemap>" for n in range(5))
    index = parse_sitemap(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}'
                          "</sitemapindex>".encode(), max_entries=2)
    assert index.kind == "index" and len(index.entries) == 2 and index.entries_over_limit == 3
    text = parse_sitemap("\n".join(f"https://e.com/news/{n}-story" for n in range(5)).encode(), max_entries=4)
    assert len(text.entries) == 4 and text.entries_over_limit == 1
    news = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(f"<url><loc>https://e.com/news/{n}-story</loc><news:news><news:title>Story {n}</news:title>"
                      f"<news:publication_date>2025-06-0{n + 1}</news:publication_date></news:news></url>"
                      for n in range(3)) + "</urlset>").encode()
    read = parse_sitemap(news, max_entries=2)
    assert [(e.news_title, e.news_publication_date) for e in read.entries] == [("Story 0", "2025-06-01"),
                                                                                ("Story 1", "2025-06-02")]
    assert read.entries_over_limit == 1


# --- a page's own word that it is an article (the fallback of parse_listing) -----------------------
@pytest.mark.parametrize(("head", "dated_only", "declares"), [
    ('<meta property="og:type" content="article">', False, True),
    ("<meta content='article' property='og:type' />", False, True),  # attributes in any order
    ('<meta property="og:type" content="article">', True, False),  # what some CMSs stamp everywhere
    ('<meta property="article:published_time" content="2025-06-02T10:00:00+01:00">', True, True),
    ('<meta property="article:published_time" content="">', False, False),
    ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle"}</script>',
     True, True),
    ('<script type="application/ld+json">{"@graph":[{"@type":["WebPage"]},{"@type":["Article","Report"]}]}'
     '</script>', True, True),
    ('<script type="application/ld+json">{"@type":"http://schema.org/ReportageNewsArticle"}</script>', True, True),
    ('<script type="application/ld+json">{"@type":"BlogPosting"}</script>', True, True),
    ('<meta property="og:type" content="website">', False, False),
    ('<script type="application/ld+json">{"@type":"CollectionPage"}</script>', False, False),
    ('<meta name="description" content="article">', False, False),
    ("", False, False),
])
def test_a_page_declares_an_article_by_its_json_ld_its_publication_time_or_its_og_type(head, dated_only, declares):
    from crawler.discovery import page_declares_article

    html = f"<!doctype html><html><head><title>T</title>{head}</head><body><p>x</p></body></html>"
    assert page_declares_article(html, dated_only=dated_only) is declares


def test_only_the_head_of_a_long_page_is_read_for_a_declaration():
    from crawler.discovery import page_declares_article

    # a listing whose 300 KB of cards embed a story's JSON-LD far down
    html = ("<html><head><title>Sports</title></head><body>" + "<p>card</p>" * 30_000
            + '<script type="application/ld+json">{"@type":"NewsArticle"}</script></body></html>')
    assert not page_declares_article(html)


# --- URL rules that lost whole sites' articles (URL audit, findings 1-5) -----------------------------
@pytest.mark.parametrize("url", [
    "https://s.example/writers/ahmed-karim/2025/12/07/a-column-on-the-new-budget",
    "https://s.example/columnists/ahmed-karim/12345",
    "https://s.example/author/ahmed/12345-title-of-column",
    "https://s.example/opinion/writers/ahmed-karim/the-budget-and-the-poor",  # a person's column
    "https://s.example/ar/section/politics/2025/12/07/minister-visits-town",
    "https://s.example/news/category/politics/12345-minister-visits",
    "https://s.example/topic/gaza/2025/12/07/ceasefire-talks-resume-in-cairo",
    "https://s.example/ar/قسم/سياسة/12345",
    "https://s.example/ar/كاتب/أحمد-كريم/2025/12/07/الموازنة-والفقراء",
])
def test_an_article_under_a_listing_segment_and_its_name_is_an_article_in_links_and_sitemaps(url):
    from crawler.discovery import entry_is_listing, has_listing_marker

    # Arabic outlets put every column under /writers/<name>/…, some CMSs every story under
    # /section/<name>/…: the listing word vetoed the date, id or slug after it, sitemap included.
    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url)
    assert not has_listing_marker(url) and not entry_is_listing(url)


@pytest.mark.parametrize("url", [
    "https://s.example/writers/ahmed-karim",
    "https://s.example/writers/ahmed-karim/page/3",
    "https://s.example/writers/ahmed-karim/opinion",  # a word after the name: no article signal
    "https://s.example/authors/12345",  # an author archive by number: the name segment
    "https://s.example/section/world-news-from-the-region",
    "https://s.example/category/politics/page/3",
    "https://s.example/category/politics/2025/06",  # a month of a category
    "https://s.example/category/world/middle-east",
    "https://s.example/tag/gaza/page/2",
    "https://s.example/search/2025/06/02/some-query-words-long-enough",  # a search: its query
    "https://s.example/taxonomy/term/1234",
])
def test_a_listing_segment_with_only_a_name_a_pager_or_a_date_archive_after_it_stays_a_listing(url):
    from crawler.discovery import entry_is_listing

    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url) and entry_is_listing(url)


@pytest.mark.parametrize("url", [
    "https://s.example/index.php?page=article&id=4521",
    "https://s.example/index.php?page=news&id=4521",
    "https://s.example/index.php?id=4521&page=read",
])
def test_a_page_key_with_a_word_is_a_php_routers_page_name_not_a_page_of_results(url):
    from crawler.discovery import entry_is_listing

    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url) and not entry_is_listing(url)


@pytest.mark.parametrize("url", [
    "https://s.example/news?page=2",
    "https://s.example/news.php?id=4521&page=2",
    "https://s.example/index.php?page=news",  # the router's news page: no id, a listing by shape
    "https://s.example/?paged=3",
])
def test_a_page_key_with_a_number_still_makes_a_listing(url):
    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/archives/1234",
    "https://s.example/archives/123",
    "https://s.example/ar/archives/7",
    "https://s.example/ar/archives/123456",
    "https://s.example/أرشيف/812",
])
def test_wordpress_numeric_permalinks_are_articles_whatever_the_number_of_digits(url):
    from crawler.discovery import entry_is_listing

    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url) and not entry_is_listing(url)


@pytest.mark.parametrize("url", [
    "https://s.example/archives/2025",  # a year's archive
    "https://s.example/archives/2025/06",
    "https://s.example/archives/",
    "https://s.example/archives/category/politics",
])
def test_an_archive_of_a_year_a_month_or_a_category_stays_a_listing(url):
    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/index.php?option=com_content&view=article&id=45",
    "https://s.example/index.php?option=com_content&view=article&id=45:the-minister&catid=8&Itemid=101",
    "https://s.example/index.php?option=com_content&task=view&id=7&Itemid=2",
    "https://s.example/article.php?nid=98",
    "https://s.example/details.php?id=42",
    "https://s.example/read.php?id=45",
    "https://s.example/NewsDetails.aspx?NewsID=7",
    "https://s.example/news/452",
    "https://s.example/article/452",
    "https://s.example/ar/news/452.html",
    "https://s.example/post/452",
])
def test_short_ids_of_a_small_site_are_articles_where_the_url_names_an_article_page(url):
    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/news/2",  # a pager's page 2
    "https://s.example/ar/news/12",
    "https://s.example/?p=2",
    "https://s.example/news.php?id=12&cat=3",  # a category's page
    "https://s.example/page.php?id=4",  # a static page of the CMS
    "https://s.example/index.php?option=com_content&view=category&id=45",
    "https://s.example/news/2025",
])
def test_short_numbers_elsewhere_stay_listings(url):
    assert not looks_like_article_url(url)
    assert looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/modules.php?name=News&file=article&sid=4522",  # PHP-Nuke
    "https://s.example/article.php?sid=4521",
    "https://s.example/article.php?news=4521",
    "https://s.example/show.asp?newsno=4521",
    "https://s.example/article.php?no=4521",
    "https://s.example/article.aspx?art=4521",
    "https://s.example/a.php?a=4521",
    "https://s.example/index.php?n=4521",
])
def test_an_old_cms_id_key_on_a_page_script_is_an_article_id(url):
    assert looks_like_article_url(url)
    assert not looks_like_listing_url(url)


@pytest.mark.parametrize("url", [
    "https://s.example/news/?no=4521",  # not a page script: the key decides nothing
    "https://s.example/list.php?no=12",  # two digits on a listing script
    "https://s.example/search.php?n=4521&q=gaza",
])
def test_an_old_cms_id_key_elsewhere_or_with_a_short_value_makes_no_article(url):
    assert not looks_like_article_url(url)


@pytest.mark.parametrize("html", [
    "<meta property=og:type " * 9000,  # thousands of unclosed tags
    '<script type="application/ld+json">{"@type":"X"' * 4000,  # thousands of unclosed scripts
    '<script type="application/ld+json">' + '"@type": [' * 20000,  # unclosed type lists
])
def test_a_page_of_unclosed_tags_is_read_for_a_declaration_in_linear_time(html):
    from crawler.discovery import page_declares_article

    # asked of every page fetched as a listing, in the crawl process: 1 s and 3.4 s a page before
    # the tags and scripts were read with bounds
    started = time.process_time()  # CPU time: load stretches the wall clock
    assert not page_declares_article(html)
    assert time.process_time() - started < 0.5


def test_a_feed_is_read_to_its_first_max_entries_items_and_the_others_counted():
    items = "".join(f"<item><title>Story {n}</title><link>https://site.example/news/story-{n}</link></item>"
                    for n in range(25))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    feed = read_feed(body, base_url="https://site.example/feed", max_entries=10)
    assert [e.link for e in feed.entries] == [f"https://site.example/news/story-{n}" for n in range(10)]
    assert feed.entries_over_limit == 15
    whole = read_feed(body, base_url="https://site.example/feed", max_entries=0)  # the control: no limit
    assert len(whole.entries) == 25 and whole.entries_over_limit == 0
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom">' + "".join(
        f'<entry><link href="https://site.example/a/{n}"/></entry>' for n in range(12)) + "</feed>").encode()
    assert read_feed(atom, base_url="https://site.example/", max_entries=10).entries_over_limit == 2
    # a feed submitted as a sitemap keeps the sitemap's limit, counted the same way
    sitemap = parse_sitemap(body, base_url="https://site.example/feed", max_entries=20)
    assert len(sitemap.entries) == 20 and sitemap.entries_over_limit == 5


def test_json_links_reads_the_addresses_a_json_answer_lists_and_nothing_from_other_documents():
    from crawler.discovery import json_links
    answer = json.dumps({"items": [{"url": "/news/2025/06/01/port-reopens", "title": "Port reopens",
                                    "image": "https://cdn.example.com/p.jpg"}],
                         "html": '<div class="card"><a href="/news/2025/05/31/budget-vote">Budget vote</a></div>',
                         "next": "?page=3", "count": 20, "summary": "The port / the budget"}).encode()
    assert json_links(b"\xef\xbb\xbf" + answer, "https://news.example.com/api/articles?page=2") == [
        "https://news.example.com/news/2025/06/01/port-reopens", "https://cdn.example.com/p.jpg",
        "https://news.example.com/news/2025/05/31/budget-vote"]
    # not JSON: an HTML page, a feed, a JSON scalar, broken or endlessly nested JSON
    for body in (b"<!doctype html><html><body><a href='/x'>x</a></body></html>", b"<?xml version='1.0'?><rss/>",
                 b'"/news/x"', b'{"url": "/news/x"', b"[" * 100_000):
        assert json_links(body, "https://news.example.com/") is None, body[:30]


@pytest.mark.parametrize("paths", [
    ["/news/2025/06/01/a-story", "/news/2025/06/02/b"],
    ["/ar/أخبار/2025/06/01/افتتاح-الميناء", "/ar/%D8%AE%D8%A8%D8%B1/123"],
    ["/actualites/politique/article.php?id=5", "/fr/monde/la-reouverture-du-port.html"],
    ["/2025/06/01/a-story", "https://news.example.com/sport/final"],  # a WordPress date path, an absolute address
])
def test_a_top_level_json_array_of_page_paths_is_a_list_of_addresses(paths):
    # Crawl-side leftovers, 2: ["/news/2025/06/01/a-story", …] answered by a "latest stories"
    # endpoint was not followed (a root path was an address only under a key naming one), while
    # the same paths under "url" were.
    from crawler.discovery import json_links
    links = json_links(json.dumps(paths, ensure_ascii=False), "https://news.example.com/api/latest")
    assert links == [p if "://" in p else "https://news.example.com" + p for p in paths]


@pytest.mark.parametrize("values", [
    ["/uploads/2025/06/photo.jpg", "/uploads/2025/06/chart.webp"],   # images
    ["/Date(1717200000000)/", "/Date(1717286400000)/"],               # ASP.NET dates
    ["/2025/06/01", "/2025/06/02"],                                   # bare dates as paths
    ["/4817/site/news", "/21775744923/site/article_0"],               # ad units
    ["/_next/image?url=%2Fuploads%2F1.jpg&w=640", "/Images/x.ashx?id=0"],
    ["/news/2025/06/01/a-story", "/uploads/2025/06/photo.jpg"],      # not all of them pages
    ["politics", "sport"], [],
])
def test_a_top_level_json_array_of_image_paths_dates_or_ad_units_is_not_a_list_of_addresses(values):
    # Control: only a list whose every string is a page's address is read as one.
    from crawler.discovery import json_links
    assert json_links(json.dumps(values), "https://news.example.com/api/latest") == []


@pytest.mark.parametrize("values", [
    ["/admin/*", "/search/*", "/user/login"],                  # robots.txt-like globs
    ["/news/.*", "/sport/[0-9]+"],                             # route regexes
    ["/news/{slug}", "/sport/{id}"],                            # route templates
    ["/news/breaking-news-today$", "/world|/sport-and-more-news"], ["/news/story-\\d+-of-today"],
    ["/data/items/0/title", "/data/items/12/body"],            # JSON pointers
    ["/meta/total", "/data/items"],
    ["/offline", "/app-shell", "/manifest"],                   # a service worker's precached routes
    ["/help", "/subscribe", "/unsubscribe"],                   # chat commands
    ["/wp-json/wp/v2/posts", "/wp-json/wp/v2/users"],          # REST endpoints
    ["/etc/passwd", "/var/log/nginx"],                         # file paths
    ["/img/resize/800/600/a1b2c3", "/img/resize/400/300/d4e5f6"],  # an image proxy's sizes
])
def test_a_top_level_json_array_of_patterns_pointers_or_routes_is_not_a_list_of_addresses(values):
    # Review C2, finding 3: each of these was read as a list of page paths and its strings
    # requested. A page's path names a story: a page extension, a date (a year and more), a slug
    # of three words or more, or one number of three digits or more (an id) after its first
    # segment; no glob, regex or route template characters, no JSON pointer's bare index.
    from crawler.discovery import json_links
    assert json_links(json.dumps(values), "https://news.example.com/api/latest") == [], values


@pytest.mark.parametrize("paths", [
    ["/port-reopens-after-dredging/", "/la-reouverture-du-port/"],   # WordPress "postname" paths
    ["/ar/news/123456", "/fr/article/98765/la-reouverture"],          # ids
    ["/news/world/ministers-meet-in-rabat", "/sport/football/le-match-de-samedi"],
    ["/ar/أخبار/افتتاح-ميناء-طنجة-المتوسط", "/ar/أخبار/2025/06/01/افتتاح"],
])
def test_a_top_level_json_array_of_slug_or_id_paths_is_still_a_list_of_addresses(paths):
    # Control for the rule above: stories' paths without a date or an extension are followed.
    from crawler.discovery import json_links
    links = json_links(json.dumps(paths, ensure_ascii=False), "https://news.example.com/api/latest")
    assert links == ["https://news.example.com" + p for p in paths]


# ----------------------------------------------------------------------------- load more buttons


def test_a_load_more_buttons_endpoint_in_a_data_attribute_is_a_listings_link():
    html = ('<ul><li><a href="/news/a">A</a></li></ul>'
            '<button class="load-more" data-url="/ajax/more?start=10&amp;cat=4">Load more</button>'
            "<a href='#' class='more' data-href='/news/page/2/'>المزيد</a>"
            '<div class="pager" data-next="?page=2"></div>'
            '<span data-next-url="https://www.site.example/api/list?offset=20">Voir plus</span>')
    assert load_more_links(html, "https://www.site.example/news/") == [
        "https://www.site.example/ajax/more?start=10&cat=4",
        "https://www.site.example/news/page/2/",
        "https://www.site.example/news/?page=2",
        "https://www.site.example/api/list?offset=20",
    ]


def test_data_attributes_that_name_no_pager_page_are_not_load_more_endpoints():
    # a share button's story, a poll's vote (even with page=1), comments, a bare page number,
    # an endpoint in a script or a comment, an attribute that is not a link's
    html = ('<button class="share" data-url="https://site.example/news/2025/06/02/a-story">Share</button>'
            '<div class="poll" data-url="/poll/vote?id=7"><button data-url="/poll/vote?id=7&page=1">Vote</button></div>'
            '<button data-url="/comments/more?story=2&page=2">More comments</button>'
            '<button data-next-page="2">More</button>'
            '<script>var b = \'<button data-url="/ajax/more?start=10">\';</script>'
            '<!-- <button data-url="/ajax/more?start=20"> -->'
            '<div data-id="/ajax/more?start=30" data-src="/ajax/more?start=40"></div>')
    assert load_more_links(html, "https://site.example/news/") == []


def test_a_load_more_endpoint_is_resolved_against_the_pages_base_href():
    html = '<head><base href="https://site.example/ar/"></head><button data-url="more?page=2">المزيد</button>'
    # a value relative to the folder is not read: a bare word or number there is as likely
    assert load_more_links(html, "https://site.example/ar/news/") == []
    html = '<head><base href="https://site.example/ar/"></head><button data-url="?page=2">المزيد</button>'
    assert load_more_links(html, "https://site.example/ar/news/") == ["https://site.example/ar/?page=2"]


@pytest.mark.parametrize("widget", [
    # French and Arabic widgets, and reactions/bookmarks, carry page= too: not a listing's pager
    '<div class="commentaires" data-url="/commentaires/liste?article=55&page=2">Voir plus de commentaires</div>',
    '<div data-url="/sondage/resultats?id=7&page=1">Résultats</div>',
    '<a class="partage" data-href="/partager?article=55&page=1">Partager</a>',
    '<div data-url="/connexion?page=2">Se connecter</div>',
    '<div data-url="/ar/%D8%AA%D8%B9%D9%84%D9%8A%D9%82%D8%A7%D8%AA?article=55&page=2">المزيد من التعليقات</div>',
    '<button data-url="/ajax/%D8%AA%D8%B5%D9%88%D9%8A%D8%AA?id=7&page=1">صوّت</button>',
    '<div class="reactions" data-url="/api/reactions?article=5&page=1"></div>',
    '<button data-url="/user/bookmark?id=5&page=1">Save</button>',
])
def test_a_french_or_arabic_widgets_endpoint_with_a_page_number_is_not_a_load_more_endpoint(widget):
    assert load_more_links(widget, "https://site.example/fr/actualites/") == []


@pytest.mark.parametrize("button", [
    # controls: listings' own load-more buttons, in French and Arabic sections
    '<button class="load-more" data-url="/fr/actualites/page/2/">Charger plus</button>',
    '<button class="load-more" data-url="/ar/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1?page=2">المزيد</button>',
    '<button class="voir-plus" data-next="/fr/ajax/rubrique?id=4&page=2">Voir plus</button>',
])
def test_a_french_or_arabic_listings_load_more_endpoint_is_still_followed(button):
    assert len(load_more_links(button, "https://site.example/fr/actualites/")) == 1


@pytest.mark.parametrize(("listing", "endpoint"), [
    # a section or tag named like a widget ("Comment", polls, share market, interest rate, sondages,
    # تعليقات): its own load-more button names its own path, and is its pager
    ("https://site.example/comment/", "/comment/page/2/"),
    ("https://site.example/elections/polls/", "/elections/polls/page/2/"),
    ("https://site.example/tag/interest-rate/", "/tag/interest-rate/page/2/"),
    ("https://site.example/business/share-market", "/business/share-market?page=2"),
    ("https://site.example/politique/sondages/", "/ajax/rubrique/politique/sondages?page=2"),
    ("https://site.example/ar/%D8%AA%D8%B9%D9%84%D9%8A%D9%82%D8%A7%D8%AA/", "/ar/%D8%AA%D8%B9%D9%84%D9%8A%D9%82%D8%A7%D8%AA?page=2"),
])
def test_a_sections_load_more_endpoint_is_followed_when_the_section_is_named_like_a_widget(listing, endpoint):
    from urllib.parse import urljoin

    html = f'<button class="load-more" data-url="{endpoint}">Load more</button>'
    assert load_more_links(html, listing) == [urljoin(listing, endpoint)]


def test_a_widgets_endpoint_on_a_section_named_like_a_widget_is_still_not_followed():
    # control: on the "Comment" section, a poll's vote and a story's comments are still widgets
    html = ('<button data-url="/poll/vote?id=7&page=1">Vote</button>'
            '<button data-url="/comments/more?story=2&page=2">More comments</button>')
    assert load_more_links(html, "https://site.example/comment/") == []
