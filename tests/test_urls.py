"""Specification of crawler.urls: one canonical spelling per article address."""

from __future__ import annotations

import pytest

from crawler.urls import (
    canonicalize_url,
    choose_canonical,
    host_of,
    in_domains,
    is_front_page,
    is_http_url,
    join_url,
    origin_of,
    other_scheme_url,
    request_url,
    split_url,
    url_key,
    usable_shortlink,
)


class TestCanonicalizeUrl:
    def test_fragment_is_dropped(self):
        assert canonicalize_url("https://example.com/news/a#comments") == "https://example.com/news/a"

    @pytest.mark.parametrize(
        "param",
        [
            "utm_source=rss", "utm_medium=social", "utm_campaign=x", "fbclid=IwAR0x", "gclid=abc",
            "dclid=1", "mc_cid=9", "mc_eid=8", "igshid=z", "_ga=2.1", "ref=hp", "ref_src=twsrc",
            "cmpid=x", "ocid=msn", "at_medium=RSS", "at_campaign=64", "ns_source=fb", "xtor=RSS-1",
        ],
    )
    def test_tracking_params_are_dropped(self, param):
        assert canonicalize_url(f"https://example.com/a?id=5&{param}") == "https://example.com/a?id=5"

    def test_tracking_param_names_are_case_insensitive(self):
        assert canonicalize_url("https://example.com/a?UTM_Source=x&FBCLID=y") == "https://example.com/a"

    @pytest.mark.parametrize(
        "param",
        ["PHPSESSID=abc", "jsessionid=abc", "sessionid=1", "session_id=1", "sid=0a1b2c3d4e5f60718293a4b5c6d7e8f9"],
    )
    def test_session_params_are_dropped(self, param):
        assert canonicalize_url(f"https://example.com/a?{param}&p=2") == "https://example.com/a?p=2"

    def test_jsessionid_path_parameter_is_dropped(self):
        assert (
            canonicalize_url("http://example.com/news/a;jsessionid=0A1B2C3D?page=2")
            == "http://example.com/news/a?page=2"
        )

    @pytest.mark.parametrize(
        "param",
        ["osCsid=3f2a9b7c1d0e4f5a6b7c8d9e0f1a2b3c", "zenid=9kq3l1v0b7e2", "ASPSESSIONIDQACTSRDB=KJHGFDSAQWERTYUIOP"],
    )
    def test_oscommerce_zen_cart_and_classic_asp_session_params_are_dropped(self, param):
        url = f"https://shop.example/news.php?id=4521&{param}"
        assert canonicalize_url(url) == "https://shop.example/news.php?id=4521"
        assert request_url(url) == "https://shop.example/news.php?id=4521"

    @pytest.mark.parametrize("segment", ["(S(lit3py55t21z5v55vlm25s55))", "(X(1)S(lit3py55t21z5v55vlm25s55))"])
    def test_aspnet_cookieless_session_segment_is_dropped(self, segment):
        url = f"https://news.example/{segment}/ar/story.aspx?id=4521"
        assert canonicalize_url(url) == "https://news.example/ar/story.aspx?id=4521"
        assert request_url(url) == "https://news.example/ar/story.aspx?id=4521"

    def test_parentheses_in_a_path_that_are_no_session_segment_stay(self):
        for url in ("https://news.example/wiki/Gaza_(city)/x", "https://news.example/a/Foo_(S(bar))/x"):
            assert canonicalize_url(url) == url

    def test_short_s_and_sid_are_content_not_sessions(self):
        # ?s= is WordPress search, ?sid= a section id on some sites; only token-like values go
        assert canonicalize_url("https://example.com/?s=gaza") == "https://example.com/?s=gaza"
        assert canonicalize_url("https://example.com/list?sid=12") == "https://example.com/list?sid=12"
        assert canonicalize_url("https://example.com/a?s=9f86d081884c7d659a2feaa0c55ad015") == "https://example.com/a"

    def test_keep_params_overrides_tracking_rules(self):
        url = "https://example.com/story?ref=123&utm_source=x"
        assert canonicalize_url(url, keep_params=["REF"]) == "https://example.com/story?ref=123"

    def test_content_params_are_kept_and_sorted(self):
        assert (
            canonicalize_url("https://example.com/article.php?page=2&id=77")
            == "https://example.com/article.php?id=77&page=2"
        )

    def test_scheme_and_host_are_lowercased_path_case_kept(self):
        assert canonicalize_url("HTTPS://News.Example.COM/World/Story") == "https://news.example.com/World/Story"

    def test_scheme_is_not_changed(self):
        assert canonicalize_url("http://127.0.0.1:8080/a").startswith("http://")

    def test_default_ports_dropped_other_ports_kept(self):
        assert canonicalize_url("http://example.com:80/a") == "http://example.com/a"
        assert canonicalize_url("https://example.com:443/a") == "https://example.com/a"
        assert canonicalize_url("http://127.0.0.1:8080/a") == "http://127.0.0.1:8080/a"
        assert canonicalize_url("https://example.com:80/a") == "https://example.com:80/a"

    def test_arabic_path_raw_and_percent_encoded_are_one_form(self):
        raw = canonicalize_url("https://example.com/ar/خبر")
        lower_hex = canonicalize_url("https://example.com/ar/%d8%ae%d8%a8%d8%b1")
        upper_hex = canonicalize_url("https://example.com/ar/%D8%AE%D8%A8%D8%B1")
        assert raw == lower_hex == upper_hex == "https://example.com/ar/%D8%AE%D8%A8%D8%B1"

    def test_arabic_query_values_are_percent_encoded_utf8(self):
        assert canonicalize_url("https://example.com/search?q=غزة") == "https://example.com/search?q=%D8%BA%D8%B2%D8%A9"

    def test_unreserved_characters_are_decoded(self):
        assert canonicalize_url("https://example.com/%7Euser/a%2Db") == "https://example.com/~user/a-b"

    def test_dot_segments_are_resolved(self):
        assert canonicalize_url("https://example.com/a/./b/../c") == "https://example.com/a/c"

    def test_trailing_slash_removed_except_root(self):
        assert canonicalize_url("https://example.com/news/a/") == canonicalize_url("https://example.com/news/a")
        assert canonicalize_url("https://example.com/") == "https://example.com/"
        assert canonicalize_url("https://example.com") == "https://example.com/"

    @pytest.mark.parametrize(
        "amp_url",
        [
            "https://example.com/amp/news/story-1",
            "https://example.com/news/amp/story-1",
            "https://example.com/news/story-1/amp",
            "https://example.com/news/story-1/amp/",
            "https://example.com/news/story-1?amp=1",
            "https://example.com/news/story-1?amp",
            "https://example.com/news/story-1?outputType=amp",
            "https://example.com/news/story-1?output=amp",
            "https://example.com/news/story-1?format=amp",
            "https://amp.example.com/news/story-1",
        ],
    )
    def test_amp_variants_map_to_the_article(self, amp_url):
        assert canonicalize_url(amp_url) == "https://example.com/news/story-1"

    def test_output_and_format_parameters_that_are_not_amp_stay(self):
        assert canonicalize_url("https://example.com/feed?format=rss") == "https://example.com/feed?format=rss"

    def test_amp_html_suffix_maps_to_html(self):
        assert canonicalize_url("https://example.com/2024/05/story.amp.html") == "https://example.com/2024/05/story.html"

    def test_amp_suffix_maps_to_article(self):
        assert canonicalize_url("https://www.example.co.uk/news/world-123.amp") == "https://www.example.co.uk/news/world-123"

    def test_output_type_other_than_amp_is_kept(self):
        assert canonicalize_url("https://example.com/a?outputType=print") == "https://example.com/a?outputType=print"

    def test_amp_host_label_alone_is_not_stripped(self):
        # "amp.com" is a registrable domain, not an AMP edition of ".com"
        assert canonicalize_url("https://amp.com/a") == "https://amp.com/a"

    def test_idn_host_unicode_and_punycode_agree(self):
        assert canonicalize_url("https://موقع.وزارة-الاتصالات.مصر/خبر") == canonicalize_url(
            "https://xn--4gbrim.xn----ymcbaaajlc6dj7bxne2c.xn--wgbh1c/%D8%AE%D8%A8%D8%B1"
        )
        assert canonicalize_url("http://Bücher.de/x") == "http://xn--bcher-kva.de/x"

    def test_credentials_are_dropped(self):
        assert canonicalize_url("https://user:secret@example.com/a") == "https://example.com/a"

    def test_spaces_are_encoded_and_surrounding_whitespace_stripped(self):
        assert canonicalize_url("  https://example.com/a b\n") == "https://example.com/a%20b"

    def test_invalid_percent_escape_is_kept_stable(self):
        assert canonicalize_url("https://example.com/a%zz%2") == canonicalize_url("https://example.com/a%zz%2")
        assert canonicalize_url("https://example.com/a%zz%2").startswith("https://example.com/a")

    def test_very_long_url(self):
        long_url = "https://example.com/" + "خ" * 20_000 + "?x=" + "y" * 20_000
        assert canonicalize_url(long_url).startswith("https://example.com/%D8%AE")

    def test_idempotent(self):
        once = canonicalize_url("HTTP://Amp.Example.com:80/ar/خبر/amp/?utm_source=x&b=2&a=1#top")
        assert canonicalize_url(once) == once

    @pytest.mark.parametrize(
        "bad",
        ["", "   ", "javascript:void(0)", "mailto:desk@example.com", "/relative/path", "news/a",
         "ftp://example.com/a", "http://", "http://example.com:99999/", "http://[::1/a", "tel:+20123"],
    )
    def test_non_http_or_malformed_input_raises_value_error(self, bad):
        with pytest.raises(ValueError):
            canonicalize_url(bad)
        assert is_http_url(bad) is False

    def test_is_http_url_accepts_absolute_http_urls(self):
        assert is_http_url("http://127.0.0.1:8080/a")
        assert is_http_url("https://example.com")


class TestUrlKey:
    def test_scheme_and_www_do_not_matter(self):
        assert (
            url_key("http://www.example.com/news/a/")
            == url_key("https://example.com/news/a?utm_source=x")
            == "//example.com/news/a"
        )

    def test_keeps_non_default_port_and_query(self):
        assert url_key("http://127.0.0.1:8080/a?id=3") == "//127.0.0.1:8080/a?id=3"

    def test_distinct_articles_have_distinct_keys(self):
        assert url_key("https://example.com/a?id=1") != url_key("https://example.com/a?id=2")

    def test_raises_like_canonicalize_url(self):
        with pytest.raises(ValueError):
            url_key("mailto:a@example.com")

    def test_a_sites_mobile_host_is_its_desktop_address(self):
        # a desktop page names its mobile copy at the same path (<link rel="alternate"
        # media="only screen …" href="https://m.site/…">) and links to it: two keys were two
        # downloads of one story
        assert url_key("https://m.example.com/news/world/article-14848176.php") \
            == url_key("https://mobile.example.com/news/world/article-14848176.php") \
            == url_key("https://www.example.com/news/world/article-14848176.php") \
            == "//example.com/news/world/article-14848176.php"
        assert url_key("http://m.example.co.uk:8080/a?id=3") == "//example.co.uk:8080/a?id=3"
        # only the key: the mobile page is requested and stored where it was linked
        assert canonicalize_url("https://m.example.com/news/1") == "https://m.example.com/news/1"
        assert request_url("https://m.example.com/news/1") == "https://m.example.com/news/1"

    @pytest.mark.parametrize("url", ["https://m.me/story", "https://mobile.ma/news/1", "https://mm.example.com/a",
                                     "https://m1.example.com/a", "https://news.m.example.com/a",
                                     "https://example.com/m/news/1"])
    def test_a_host_that_only_starts_or_contains_m_keeps_its_key(self, url):
        # "m.me" is a domain of its own, "mm.", "m1." and "news.m." other hosts
        assert url_key(url) == "//" + url.split("://", 1)[1]


class TestHostOf:
    @pytest.mark.parametrize(
        ("url", "host"),
        [
            ("https://WWW.Example.com:8443/a", "example.com"),
            ("http://127.0.0.1:8080/a", "127.0.0.1"),
            ("https://news.example.com/", "news.example.com"),
            ("https://Bücher.de/", "xn--bcher-kva.de"),
            ("https://example.com./a", "example.com"),
            ("mailto:a@example.com", ""),
            ("/relative", ""),
            ("", ""),
            ("http://[::1", ""),
        ],
    )
    def test_host_of(self, url, host):
        assert host_of(url) == host


class TestInDomains:
    def test_exact_and_subdomain_match(self):
        assert in_domains("https://example.com/a", ["example.com"])
        assert in_domains("https://news.example.com/a", ["example.com"])
        assert in_domains("https://www.example.com/a", ["example.com"])
        assert in_domains("https://example.com/a", ["www.example.com"])

    def test_lookalike_domains_do_not_match(self):
        assert not in_domains("https://notexample.com/a", ["example.com"])
        assert not in_domains("https://example.com.evil.net/a", ["example.com"])
        assert not in_domains("https://com/a", ["example.com"])

    def test_domain_with_port_must_match_host_and_port(self):
        assert in_domains("http://127.0.0.1:8080/a", ["127.0.0.1:8080"])
        assert not in_domains("http://127.0.0.1:8081/a", ["127.0.0.1:8080"])
        assert not in_domains("http://127.0.0.1/a", ["127.0.0.1:8080"])
        assert in_domains("https://example.com/a", ["example.com:443"])

    def test_domain_written_as_url_and_idn(self):
        assert in_domains("https://example.com/a", ["https://example.com/"])
        assert in_domains("https://xn--bcher-kva.de/a", ["bücher.de"])

    def test_no_domains_or_no_host(self):
        assert not in_domains("https://example.com/a", [])
        assert not in_domains("mailto:a@example.com", ["example.com"])
        assert not in_domains("", ["example.com"])


class TestChooseCanonical:
    SITE = ["example.com"]

    def test_rel_canonical_wins_when_on_site(self):
        assert (
            choose_canonical("https://example.com/a?utm_source=x", "https://www.example.com/news/a/", None, self.SITE)
            == "https://www.example.com/news/a"
        )

    def test_relative_rel_canonical_is_resolved_against_page(self):
        assert (
            choose_canonical("http://127.0.0.1:8080/x/amp/story", "../story", None, ["127.0.0.1:8080"])
            == "http://127.0.0.1:8080/x/story"
        )

    def test_og_url_used_when_rel_canonical_missing_or_unusable(self):
        page = "https://example.com/amp/a"
        og = "https://example.com/news/a"
        assert choose_canonical(page, None, og, self.SITE) == og
        assert choose_canonical(page, "   ", og, self.SITE) == og
        assert choose_canonical(page, "javascript:void(0)", og, self.SITE) == og

    def test_off_site_declarations_are_ignored(self):
        page = "https://example.com/news/a"
        assert choose_canonical(page, "https://aggregator.net/a", "https://evil.example.org/a", self.SITE) == page

    def test_front_page_canonical_on_an_article_is_ignored(self):
        page = "https://example.com/news/a"
        assert choose_canonical(page, "https://example.com/", None, self.SITE) == page
        assert choose_canonical("https://example.com/", "https://example.com/", None, self.SITE) == "https://example.com/"

    @pytest.mark.parametrize("front", ["/index.php", "/index.html", "/ar/", "/?lang=ar", "/en/index.aspx"])
    def test_other_spellings_of_the_front_page_are_ignored_on_an_article(self, front):
        page = "https://example.com/ar/news/2025/06/02/faisaly-beat-wehdat"
        assert choose_canonical(page, front, None, self.SITE) == page

    @pytest.mark.parametrize(("url", "front"), [
        ("https://example.com/", True), ("https://www.example.com/index.php", True), ("https://example.com/ar/", True),
        ("https://example.com/?lang=ar", True), ("https://example.com/ar/index.cfm", True),
        ("https://example.com/?utm_source=x", True),
        ("https://example.com/eco/", False), ("https://example.com/biz", False), ("https://example.com/news/a", False),
        ("https://example.com/?p=123", False), ("mailto:a@example.com", False), ("/", False), ("", False),
    ])
    def test_the_front_page_in_any_of_its_spellings(self, url, front):
        # (the one reading of a home page: the extractor's logo check asks it too)
        assert is_front_page(url) is front

    def test_a_section_canonical_above_the_article_is_ignored(self):
        # A template that names the section as every article's canonical would merge them all.
        page = "https://example.com/ar/news/2025/06/02/faisaly-beat-wehdat"
        assert choose_canonical(page, "/ar/news/", None, self.SITE) == page
        assert choose_canonical(page, "/ar/news/2025/06/", None, self.SITE) == page

    @pytest.mark.parametrize(("page", "declared"), [
        ("https://example.com/news.php?id=4521", "/news.php"),
        ("https://example.com/news.php?id=4521", "/news.php?id="),
        ("https://example.com/news.php?id=45", "/news.php?id="),
        ("https://example.com/news.php?id=4521&cat=3", "/news.php?cat=3"),
        ("https://example.com/NewsDetails.aspx?NewsID=7001", "/NewsDetails.aspx?NewsID="),
        ("https://example.com/index.php?option=com_content&view=article&id=2310:budget", "/index.php?option=com_content"),
    ])
    def test_a_template_canonical_that_drops_the_pages_article_id_is_ignored(self, page, declared):
        # every article of the script would get the one key of its template's canonical
        assert choose_canonical(page, declared, None, self.SITE) == canonicalize_url(page)

    def test_a_same_script_canonical_that_keeps_or_changes_the_id_is_a_canonical(self):
        page = "https://example.com/news.php?id=4521&cat=3&page=2"
        assert choose_canonical(page, "/news.php?id=4521", None, self.SITE) == "https://example.com/news.php?id=4521"
        assert choose_canonical(page, "/news.php?id=4530", None, self.SITE) == "https://example.com/news.php?id=4530"
        assert choose_canonical("https://example.com/news.php?id=4521", "/2025/06/02/budget-approved", None,
                                self.SITE) == "https://example.com/2025/06/02/budget-approved"

    def test_an_article_id_above_its_slug_is_a_canonical(self):
        page = "https://example.com/news/123456/cabinet-approves-budget"
        assert choose_canonical(page, "/news/123456", None, self.SITE) == "https://example.com/news/123456"
        assert choose_canonical("https://example.com/?p=123", "/2025/06/02/budget-approved/", None,
                                self.SITE) == "https://example.com/2025/06/02/budget-approved"
        assert choose_canonical("https://example.com/ar/news/", "/ar/news/", None, self.SITE) \
            == "https://example.com/ar/news"

    def test_without_domains_the_page_host_and_port_define_the_site(self):
        page = "http://127.0.0.1:8080/news/a"
        assert choose_canonical(page, "/news/a-canonical", None, []) == "http://127.0.0.1:8080/news/a-canonical"
        assert choose_canonical(page, "http://127.0.0.1:9999/news/b", None, []) == page

    def test_page_url_is_canonicalized_when_nothing_wins(self):
        assert choose_canonical("https://Example.com/a/#x", None, None, self.SITE) == "https://example.com/a"

    def test_invalid_page_url_raises_value_error(self):
        with pytest.raises(ValueError):
            choose_canonical("mailto:a@example.com", None, None, self.SITE)


@pytest.mark.parametrize(("url", "other"), [
    ("https://site.example/news/a?x=1#c", "http://site.example/news/a?x=1#c"),
    ("http://www.site.example/ar/خبر", "https://www.site.example/ar/خبر"),
    ("https://site.example:443/a", "http://site.example/a"),  # the old default port goes
    ("HTTP://site.example:80/a", "https://site.example/a"),
    ("https://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),  # any other port stays
    ("ftp://site.example/a", None), ("mailto:desk@site.example", None), ("/relative", None),
    ("http://[::1/a", None),
])
def test_the_other_schemes_spelling_of_a_url_is_the_same_url(url, other):
    assert other_scheme_url(url) == other
    if other is not None:
        assert url_key(other) == url_key(url)


def test_an_origin_is_scheme_host_and_port_with_the_default_port_filled_in():
    assert origin_of("http://Site.example/x") == origin_of("http://site.example:80/") == ("http", "site.example", 80)
    assert origin_of("https://site.example/x") == ("https", "site.example", 443)
    assert origin_of("http://127.0.0.1:8080/x") == ("http", "127.0.0.1", 8080)
    assert origin_of("mailto:a@site.example") is None and origin_of("http://[::1/a") is None


class TestUsableShortlink:
    SITE = ["example.com"]
    PAGE = "https://www.example.com/news/2025/06/02/budget-approved/"

    @pytest.mark.parametrize(("declared", "kept"), [
        ("https://example.com/?p=4521", "https://example.com/?p=4521"),  # WordPress
        ("/?p=4521", "https://www.example.com/?p=4521"),  # resolved against the page
        ("/node/4521", "https://www.example.com/node/4521"),  # Drupal
        ("/ar/node/48100#top", "https://www.example.com/ar/node/48100"),
        (" http://www.example.com/?p=4521&utm_source=x ", "http://www.example.com/?p=4521"),
    ])
    def test_an_article_shaped_short_address_on_the_site_is_kept_canonicalised(self, declared, kept):
        assert usable_shortlink(self.PAGE, self.PAGE, declared, self.SITE) == kept

    @pytest.mark.parametrize("declared", [
        None, "", "   ", "https://wp.me/p9x2Kq-4Ad",  # Jetpack's short host: another site
        "https://example.com/",  # WordPress's shortlink of a static front page
        "/taxonomy/term/12", "/tag/water/", "/news/",  # a listing, never an article's alias
        "mailto:desk@example.com", "javascript:void(0)",
        "https://example.com/news/2025/06/02/budget-approved",  # the page itself
    ])
    def test_another_host_a_listing_the_page_itself_or_no_url_is_not(self, declared):
        assert usable_shortlink(self.PAGE, self.PAGE, declared, self.SITE) is None

    def test_the_pages_canonical_is_not_an_alias_of_it_and_without_domains_the_host_decides(self):
        page = "http://127.0.0.1:8080/?p=4521"
        canonical = "http://127.0.0.1:8080/news/2025/06/02/budget-approved"
        assert usable_shortlink(canonical, canonical, "/?p=4521", []) == page
        assert usable_shortlink(page, canonical, "/?p=4521", []) is None  # fetched at it
        assert usable_shortlink(canonical, page, "/?p=4521", []) is None
        assert usable_shortlink(canonical, canonical, "http://127.0.0.1:9999/?p=4521", []) is None


# --- request form and the view/print/tracking parameters ------------------------------------


@pytest.mark.parametrize(("url", "expected"), [
    ("https://News.example/2025/06/02/slug/#comments", "https://news.example/2025/06/02/slug/"),
    ("https://news.example/slug/?utm_source=x&b=2&a=1", "https://news.example/slug/?b=2&a=1"),
    ("https://news.example/slug/?replytocom=12", "https://news.example/slug/"),
    ("https://news.example/slug/?print=1", "https://news.example/slug/"),
    ("https://news.example/x/amp/", "https://news.example/x/"),
    ("https://news.example:443/a;jsessionid=1A2B/", "https://news.example/a/"),
    ("https://news.example", "https://news.example/"),
])
def test_the_request_form_keeps_the_link_as_written_except_fragment_and_tracking(url, expected):
    from crawler.urls import request_url

    assert request_url(url) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://s.example/a/?replytocom=12", "https://s.example/a"),
    ("https://s.example/a?print=1", "https://s.example/a"),
    ("https://s.example/a?output=print", "https://s.example/a"),
    ("https://s.example/a?from=home&src=most-read", "https://s.example/a"),
    ("https://s.example/a?_=1718000000000", "https://s.example/a"),
    ("https://s.example/list?from=20", "https://s.example/list?from=20"),  # an offset, kept
    ("https://s.example/list?_=x", "https://s.example/list?_=x"),
    ("https://s.example/a?print=page", "https://s.example/a?print=page"),
])
def test_reply_print_and_word_tracking_parameters_are_not_part_of_the_canonical_url(url, expected):
    assert canonicalize_url(url) == expected


def test_an_asp_pages_key_ignores_the_case_of_its_path_and_parameter_names():
    # IIS serves /News/Details.aspx?Id=4521 and /news/details.aspx?id=4521 as one page: two keys
    # were two downloads and, without a canonical, two rows
    key = url_key("https://www.s.example/News/Details.aspx?Id=4521&Cat=Sport")
    assert key == url_key("http://s.example/news/DETAILS.ASPX?cat=Sport&id=4521") \
        == "//s.example/news/details.aspx?cat=Sport&id=4521"
    assert url_key("https://s.example/Ar/%d8%ae/Default.asp?NewsID=7") == "//s.example/ar/%D8%AE/default.asp?newsid=7"
    # values keep their case; other servers' paths and names keep theirs, as the canonical URL does
    assert url_key("https://s.example/x.aspx?id=AbC") == "//s.example/x.aspx?id=AbC"
    assert url_key("https://s.example/News/Details.php?Id=4521") == "//s.example/News/Details.php?Id=4521"
    assert canonicalize_url("https://s.example/News/Details.aspx?Id=4521") == "https://s.example/News/Details.aspx?Id=4521"


@pytest.mark.parametrize("url", [
    "https://s.example/news.php?ref=4601",
    "https://s.example/show.php?ocid=4521",
    "https://s.example/article.asp?ncid=77&icid=3",
])
def test_a_tracker_named_parameter_with_a_number_is_the_articles_identity_and_is_kept(url):
    # old PHP/ASP sites name the story with ?ref=4601: dropping it requested /news.php for
    # every story (a 404) and collapsed all of them into one key
    assert request_url(url) == url
    assert canonicalize_url(url) == url.replace("ncid=77&icid=3", "icid=3&ncid=77")
    assert url_key("https://s.example/news.php?ref=4601") != url_key("https://s.example/news.php?ref=4602")


@pytest.mark.parametrize("param", ["ref=hp", "ref=rss", "ocid=msedgntp", "ito=newsletter", "cmpid=x",
                                   "yclid=12345678901234", "dclid=1"])
def test_a_tracker_named_parameter_with_a_word_and_any_click_id_are_still_dropped(param):
    assert canonicalize_url(f"https://s.example/a/4521?{param}") == "https://s.example/a/4521"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://s.example/news.php?id=4529&cat=7&fontsize=18", "https://s.example/news.php?cat=7&id=4529"),
    ("https://s.example/a?font_size=2", "https://s.example/a"),
    ("https://s.example/a?textsize=large&id=4", "https://s.example/a?id=4"),
    ("https://s.example/a?FontSize=14", "https://s.example/a"),
])
def test_type_size_switches_are_not_part_of_the_canonical_url_nor_of_the_request(url, expected):
    from crawler.urls import request_url

    # news.php?id=4529&fontsize=18: the "A+" button's copy of the article, one more download each
    assert canonicalize_url(url) == expected
    assert "size" not in request_url(url).lower()


class TestIsFrontPage:
    # Where a CMS sends a story it took down, and where a template's canonical points: the site's
    # front page, under any of its spellings.
    @pytest.mark.parametrize("path", [
        "/", "", "/index.php", "/index.html", "/Default.aspx", "/ar/", "/ar", "/fr/index.php", "/en-gb/",
        "/?lang=ar", "/?utm_source=article&utm_medium=redirect", "/index.php?msg=removed", "/?error=404",
        "/?404=/news/old-story",
    ])
    def test_the_front_page_in_its_spellings(self, path):
        assert is_front_page(f"https://www.example.com{path}")

    @pytest.mark.parametrize("path", [
        "/?p=4521",  # WordPress's address of a post
        "/?page_id=12", "/?name=minister-resigns",
        "/index.php?id=4521", "/?NewsID=98765",
        "/?q=node/12",  # Drupal without clean URLs
        "/index.php?option=com_content&view=article&id=2310", "/index.php?option=com_content&view=featured",
        "/index.php?mod=news&act=view", "/?s=water", "/?page=2", "/?cat=3",
        "/news/", "/ar/news/", "/tv/", "/news/2025/06/02/minister-resigns", "/home/index.php",
    ])
    def test_a_page_of_its_own_is_not_the_front_page(self, path):
        assert not is_front_page(f"https://www.example.com{path}")

    @pytest.mark.parametrize("url", ["/", "", "mailto:desk@example.com", "https://", "not a url"])
    def test_what_is_no_http_url_is_no_front_page(self, url):
        assert not is_front_page(url)


@pytest.mark.parametrize(("base", "ref"), [
    ("https://news.example/a/b", "//[bad"),  # an unbalanced "[" in the host
    ("https://news.example/a/b", "http://[x/"),
    ("https://news.example/a/b", "http://[placeholder]/news/1-x.html"),  # a bracketed host that is no IP
    (None, "http://[x"),
    ("http://[x/", "/a"),  # an unreadable base
])
def test_an_unreadable_url_joins_to_none_instead_of_raising(base, ref):
    assert join_url(base, ref) is None
    assert split_url(ref) is None or split_url(base or "") is None


def test_readable_urls_join_as_urljoin_joins_them():
    assert join_url("https://news.example/a/b", "c?x=1") == "https://news.example/a/c?x=1"
    assert join_url("https://news.example/a/b", "//cdn.example/i.jpg") == "https://cdn.example/i.jpg"
    assert join_url("https://news.example/a/b", "http://[::1]:8080/x") == "http://[::1]:8080/x"
    assert join_url(None, "https://news.example/x") == "https://news.example/x"
    assert split_url("https://news.example/x?y").query == "y"


# -- scope answers, asked of one URL several times in a crawl, are cached (issue 7) ------------
SCOPE_CASES = [
    # (url, domains, in_domains, is_http_url)
    ("https://www.news.example/a", ("news.example",), True, True),
    ("https://cdn.news.example/a", ("news.example",), True, True),
    ("https://news.example.evil.test/a", ("news.example",), False, True),
    ("http://127.0.0.1:8080/a", ("127.0.0.1:8080",), True, True),
    ("http://127.0.0.1:8081/a", ("127.0.0.1:8080",), False, True),
    ("http://127.0.0.1/a", ("127.0.0.1:80",), True, True),  # the scheme's default port counts
    ("https://127.0.0.1/a", ("127.0.0.1:80",), False, True),
    ("http://news.example:99999/a", ("news.example",), True, False),  # a bad port: still its host
    ("http://news.example:99999/a", ("news.example:80",), False, False),
    ("http://[bad/a", ("news.example",), False, False),
    ("https://BÜCHER.example/a", ("xn--bcher-kva.example",), True, True),
    ("https://news.example\u200b/a", ("news.example",), True, True),  # an invisible character
    ("mailto:desk@news.example", ("news.example",), False, False),
    ("", ("news.example",), False, False),
]


@pytest.mark.parametrize("url, domains, inside, http", SCOPE_CASES)
def test_scope_answers_are_the_same_when_asked_again(url, domains, inside, http):
    for _ in range(2):  # the second answer comes from the cache
        assert in_domains(url, domains) is inside
        assert in_domains(url, list(domains)) is inside
        assert is_http_url(url) is http


def test_a_url_asked_again_is_not_split_again():
    from crawler import urls

    url = "https://news.example/news/2025/06/02/asked-twice"
    in_domains(url, ("news.example",))
    is_http_url(url)
    hits = urls._host_and_port.cache_info().hits, urls._is_http_url.cache_info().hits
    assert in_domains(url, ("news.example",)) and is_http_url(url)
    assert (urls._host_and_port.cache_info().hits, urls._is_http_url.cache_info().hits) == (hits[0] + 1, hits[1] + 1)


def test_is_http_url_of_what_is_no_string_is_false():
    assert not is_http_url(None) and not is_http_url(["https://news.example/"]) and not is_http_url(b"https://x.example/")
