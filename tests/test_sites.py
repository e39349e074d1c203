"""Site profiles are data: the shipped file loads, and a broken one fails with one line naming site and field."""

import json
import subprocess
import sys

import pytest

from crawler.errors import ProfileError
from crawler.sites import adhoc_profile, load_profiles, read_sites_file
from crawler.urls import in_domains


def write(tmp_path, text):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profiles_cover_the_seed_outlets():
    profiles = load_profiles()
    assert {"albawaba_en", "albawaba_ar", "ammonnews"} <= set(profiles)
    assert len(profiles) >= 6
    assert profiles["albawaba_ar"].language == "ar"
    assert profiles["ammonnews"].timezone == "Asia/Amman"
    for profile in profiles.values():
        assert profile.start_urls and profile.domains and profile.languages


def test_minimal_profile_needs_only_name_start_url_and_language(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "x_news"\nstart_url = "https://www.x-news.example/"\nlanguage = "fr"\n')
    profile = load_profiles(path)["x_news"]
    assert profile.domains == ("x-news.example",)
    assert profile.languages == ("fr",)


def test_a_language_may_carry_its_region(tmp_path):
    # "en-US": the site writes its numeric dates month first (crawler.dates reads the US tag)
    path = write(tmp_path, '[[site]]\nname = "x_news"\nstart_url = "https://www.x-news.example/"\nlanguage = "en-US"\n')
    assert load_profiles(path)["x_news"].languages == ("en-US",)


@pytest.mark.parametrize("written", ["en_us", "en_US", "EN-us"])
def test_a_languages_region_is_read_as_crawler_dates_reads_it_and_normalised(tmp_path, written):
    # crawler.dates takes "en_US" and "en-us" for US English: so does the profile, written one way
    path = write(tmp_path, f'[[site]]\nname = "x_news"\nstart_url = "https://www.x-news.example/"\n'
                           f'languages = ["ar", "{written}"]\n')
    assert load_profiles(path)["x_news"].languages == ("ar", "en-US")


@pytest.mark.parametrize(
    "body, message",
    [
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nfoo = 1',
         "site 'a_b': field 'foo': unknown field"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\ninclude = ["("]',
         "site 'a_b': field 'include': bad regex"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "arabic"',
         "site 'a_b': field 'languages': 'arabic' is not an ISO 639-1 code"),
        ('name = "a_b"\nstart_url = "ftp://a.example/"\nlanguage = "ar"',
         "site 'a_b': field 'start_urls/sitemaps/feeds'"),
        ('name = "a_b"\nlanguage = "ar"', "site 'a_b': field 'start_urls'"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\ndomains = ["b.example"]',
         "site 'a_b': field 'domains': 'https://a.example/' is outside b.example"),
        ('name = "a_b"\nstart_url = "https://www.a.example/"\nlanguage = "ar"\nsitemaps = ["https://cdn.c.example/s.xml"]',
         "site 'a_b': field 'domains': 'https://cdn.c.example/s.xml' is outside a.example"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nexclude = ["/tag/", "^https://a\\\\.example/$"]',
         "site 'a_b': field 'exclude': '^https://a\\\\.example/$' matches 'https://a.example/', which the crawl must request"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nfeeds = ["https://a.example/rss/all.xml"]\n'
         'exclude = ["/rss/"]',
         "site 'a_b': field 'exclude': '/rss/' matches 'https://a.example/rss/all.xml', which the crawl must request"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\ntimezone = "Mars/Olympus"',
         "site 'a_b': field 'timezone': unknown zone"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nmax_requests = "many"',
         "site 'a_b': field 'max_requests': wrong type"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nmin_words = -5',
         "site 'a_b': field 'min_words': must not be negative"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nstale_hours = -24',
         "site 'a_b': field 'stale_hours': must be a number of hours, 0 or more (0: never stale), not -24"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nstale_hours = nan',
         "site 'a_b': field 'stale_hours': must be a number of hours, 0 or more (0: never stale), not nan"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nstale_hours = "weekly"',
         "site 'a_b': field 'stale_hours': wrong type str"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\nconcurrency = 0',
         "site 'a_b': field 'concurrency': must be at least 1"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\nbody_xpath = ["//p"]',
         "site 'a_b': field 'extraction.body_xpath': unknown field"),
        ('name = "Bad Name"\nstart_url = "https://a.example/"\nlanguage = "ar"', "field 'name'"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'drop_selectors = ["div.share", "div[[["]',
         "site 'a_b': field 'extraction.drop_selectors': bad 'div[[[': CSS selector:"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'drop_selectors = ["p::first-line"]',
         "site 'a_b': field 'extraction.drop_selectors': bad 'p::first-line': CSS selector: Pseudo-elements"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         "body_selectors = ['//div[@id=\"story\"']",
         "site 'a_b': field 'extraction.body_selectors': bad '//div[@id=\"story\"': XPath:"),
        # Selectors that parse but can never select an element of a page:
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         "drop_selectors = [\"//div[@id='story']//aside[contain(@class, 'related')]\"]",
         "site 'a_b': field 'extraction.drop_selectors': bad \"//div[@id='story']//aside[contain(@class, 'related')]\": "
         "XPath: unknown function contain() (did you mean contains()?)"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'body_selectors = ["//div/@class"]',
         "site 'a_b': field 'extraction.body_selectors': bad '//div/@class': XPath: selects attribute values, not elements"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'drop_selectors = ["//div[@class]/text()"]',
         "site 'a_b': field 'extraction.drop_selectors': bad '//div[@class]/text()': XPath: selects text, not elements"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'drop_selectors = ["(//p)[1] | //div/comment()"]',
         "field 'extraction.drop_selectors': bad '(//p)[1] | //div/comment()': XPath: selects comments, not elements"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'body_selectors = ["(count(//p))"]',
         "site 'a_b': field 'extraction.body_selectors': bad '(count(//p))': XPath: gives a number, not elements"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'drop_selectors = ["//svg:g"]',
         "site 'a_b': field 'extraction.drop_selectors': bad '//svg:g': XPath: Undefined namespace prefix"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'drop_selectors = ["div.share", "nav a:hover"]',
         "site 'a_b': field 'extraction.drop_selectors': bad 'nav a:hover': CSS selector: :hover never matches a "
         "fetched page"),
        ('name = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n[site.extraction]\n'
         'title_sources = ["h1", "headline"]',
         "site 'a_b': field 'extraction.title_sources': unknown source 'headline' (one of og, ld, h1,"),
    ],
)
def test_broken_profile_fails_with_one_line_naming_site_and_field(tmp_path, body, message):
    path = write(tmp_path, "[[site]]\n" + body + "\n")
    with pytest.raises(ProfileError) as err:
        load_profiles(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_sites_own_staleness_window_loads_and_defaults_to_the_setting(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "weekly_review"\nstart_url = "https://a.example/"\nlanguage = "ar"\n'
                           'stale_hours = 192\n[[site]]\nname = "daily_news"\nstart_url = "https://b.example/"\n'
                           'language = "ar"\n[[site]]\nname = "archive_only"\nstart_url = "https://c.example/"\n'
                           'language = "ar"\nstale_hours = 0\n')
    profiles = load_profiles(path)
    assert profiles["weekly_review"].stale_hours == 192.0
    assert profiles["daily_news"].stale_hours is None  # RUNS_HEALTH_STALE_HOURS holds
    assert profiles["archive_only"].stale_hours == 0.0  # never stale


def test_selectors_that_can_select_elements_load(tmp_path):
    selectors = ["//div[contains(@class, 'share') and not(@id)]", "(//aside)[1]", "//*[local-name()='section']",
                 "//figure[.//img]", "//div[@data-type='related']/following-sibling::ul",
                 "//div[starts-with(@id, 'ad-')] | //ins", "//child::div[@class='a(b)']",
                 "div.share", "a:first-child", "li:nth-child(2)", "div:not(.story) > p", "a:link", "p:lang(ar)"]
    path = write(tmp_path, '[[site]]\nname = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n'
                           f'[site.extraction]\ndrop_selectors = {json.dumps(selectors)}\n')
    assert load_profiles(path)["a_b"].extraction.drop_selectors == tuple(selectors)


def test_duplicate_site_is_rejected(tmp_path):
    site = '[[site]]\nname = "dup"\nstart_url = "https://a.example/"\nlanguage = "ar"\n'
    with pytest.raises(ProfileError, match="site 'dup': field 'name': duplicate site"):
        load_profiles(write(tmp_path, site + site))


def test_each_profile_is_validated_on_its_own_and_the_valid_ones_load(tmp_path):
    """`crawler crawl --all` crawls the valid profiles of a file with one typo: read_sites_file
    gives them, and each invalid table with its one line; load_profiles (scrapy, extract) still
    refuses the file with the first of those lines, as it did."""
    path = write(tmp_path, '[[site]]\nname = "gulf_news"\nstart_url = "https://a.example/"\nlanguage = "ar"\n'
                           '[[site]]\nname = "bad_budget"\nstart_url = "https://b.example/"\nlanguage = "ar"\n'
                           'max_requests = -1\n'
                           '[[site]]\nstart_url = "https://c.example/"\nlanguage = "ar"\n'
                           '[[site]]\nname = "levant_daily"\nstart_url = "https://d.example/"\nlanguage = "en"\n')
    sites = read_sites_file(path)
    assert list(sites.profiles) == ["gulf_news", "levant_daily"]
    assert [(e.site, e.problem) for e in sites.invalid] == [
        ("bad_budget", "field 'max_requests': must not be negative"),
        (None, "site without a name: field 'name': must match ^[a-z][a-z0-9_]{1,40}$")]
    assert sites.invalid[0].message == "sites.toml: site 'bad_budget': field 'max_requests': must not be negative"
    with pytest.raises(ProfileError) as err:
        load_profiles(path)
    assert str(err.value) == sites.invalid[0].message


def test_a_site_named_twice_is_invalid_whichever_table_is_valid(tmp_path):
    # nobody can say which of the two the operator meant: neither is crawled
    site = '[[site]]\nname = "dup"\nstart_url = "https://a.example/"\nlanguage = "ar"\n'
    other = '[[site]]\nname = "other"\nstart_url = "https://b.example/"\nlanguage = "ar"\n'
    sites = read_sites_file(write(tmp_path, site + other + site.replace('"ar"', '"arabic"')))
    assert list(sites.profiles) == ["other"]
    assert [(e.site, e.problem) for e in sites.invalid] == [
        ("dup", "field 'languages': 'arabic' is not an ISO 639-1 code (or one with its region: \"en-US\")")]
    sites = read_sites_file(write(tmp_path, site + other + site))
    assert list(sites.profiles) == ["other"]
    assert [(e.site, e.problem) for e in sites.invalid] == [("dup", "field 'name': duplicate site")]


def test_a_file_that_does_not_parse_has_no_profile_to_trust(tmp_path):
    with pytest.raises(ProfileError, match="not valid TOML"):
        read_sites_file(write(tmp_path, '[[site]]\nname = "a_b"\nstart_url = "https://a.example/"\n'
                                        'language = "ar"\n[[site]\nname='))


def test_invalid_toml_is_one_line(tmp_path):
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profiles(write(tmp_path, "[[site]\nname="))


@pytest.mark.parametrize("content, message", [
    (b'[site]\nname = "a_b"\nstart_url = "https://a.example/"\nlanguage = "ar"\n',
     "sites.toml: 'site' must be an array of tables: write each profile under [[site]] (double brackets), not [site]"),
    (b'site = ["a_b"]\n', "sites.toml: 'site' must be an array of tables"),
    (b'[[site]]\nname = "caf\xe9"\n', "sites.toml: not UTF-8 text (byte 0xe9 at offset 20)"),
])
def test_a_sites_file_of_the_wrong_shape_or_encoding_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "sites.toml"
    path.write_bytes(content)
    with pytest.raises(ProfileError) as err:
        load_profiles(path)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_a_folder_given_as_the_sites_file_is_one_line_naming_it(tmp_path):
    with pytest.raises(ProfileError) as err:
        load_profiles(tmp_path)
    assert str(err.value) == f"{tmp_path}: cannot read sites file: Is a directory"


@pytest.mark.parametrize("text", ["", "# profiles go here\n"])
def test_a_sites_file_without_profiles_loads_as_none(tmp_path, text):
    assert load_profiles(write(tmp_path, text)) == {}


def test_adhoc_profile_keeps_the_port_and_detects_language():
    profile = adhoc_profile("http://127.0.0.1:8123/news/")
    assert profile.domains == ("127.0.0.1:8123",)
    assert profile.language is None


@pytest.mark.parametrize(("url", "domain"), [
    ("http://site.ma:80/", "site.ma"), ("https://www.site.ma:443/ar/", "site.ma"), ("https://site.ma:80/", "site.ma:80"),
])
def test_adhoc_profile_drops_an_explicit_default_port(url, domain):
    # pinned to "site.ma:80", the site's usual redirect to https://site.ma/ was off-site
    profile = adhoc_profile(url)
    assert profile.domains == (domain,)
    assert profile.adhoc
    assert in_domains("https://site.ma/news/1", profile.domains) is (domain == "site.ma")


def test_scrapy_list_shows_one_spider_per_profile(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "only_one"\nstart_url = "https://a.example/"\nlanguage = "ar"\n')
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True,
                         env={"CRAWLER_SITES_FILE": str(path), "PATH": ""}, check=True,
                         cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert out.stdout.split() == ["only_one", "site"]


def test_scrapy_list_with_a_sites_file_without_profiles_shows_the_adhoc_spider(tmp_path):
    path = write(tmp_path, "# no profile yet\n")
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True,
                         env={"CRAWLER_SITES_FILE": str(path), "PATH": ""},
                         cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["site"]


def test_scrapy_list_with_a_broken_profile_file_says_which_field(tmp_path):
    path = write(tmp_path, '[[site]]\nname = "b_c"\nstart_url = "https://a.example/"\nlanguage = "xx1"\n')
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True,
                         env={"CRAWLER_SITES_FILE": str(path), "PATH": ""},
                         cwd=str(__import__("pathlib").Path(__file__).parent.parent))
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "Error: sites.toml: site 'b_c': field 'languages': 'xx1' is not an ISO 639-1 code "
        "(or one with its region: \"en-US\")"
    ]


def test_scrapy_list_with_a_broken_s_sites_file_says_which_field(tmp_path):
    """An operator checks a draft with `scrapy list -s SITES_FILE=draft.toml` before crawling it:
    a draft that does not load printed the shipped spiders and exited 0."""
    cwd = str(__import__("pathlib").Path(__file__).parent.parent)
    draft = tmp_path / "draft.toml"
    draft.write_text('[[site]]\nname = "b_c"\nstart_url = "https://a.example/"\nlanguage = "ar"\n'
                     'max_requets = 5\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scrapy", "list", "-s", f"SITES_FILE={draft}"],
                         capture_output=True, text=True, cwd=cwd)
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr.strip().splitlines() == ["scrapy: error: draft.toml: site 'b_c': field 'max_requets': unknown field"]
    # The draft fixed: its site listed beside the shipped ones.
    draft.write_text('[[site]]\nname = "b_c"\nstart_url = "https://a.example/"\nlanguage = "ar"\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scrapy", "list", "-s", f"SITES_FILE={draft}"],
                         capture_output=True, text=True, cwd=cwd)
    assert out.returncode == 0 and {"b_c", "ammonnews", "site"} <= set(out.stdout.split()), out.stderr


def test_extraction_hints_of_a_profile_reach_the_page_analysis(tmp_path):
    from crawler.items import PageItem
    from crawler.processing import PageContext, analyse_page

    path = write(tmp_path, '[[site]]\nname = "x_news"\nstart_url = "https://x-news.example/"\nlanguage = "en"\n'
                           '[site.extraction]\ntitle_sources = ["h1"]\ntitle_suffixes = ["X News Daily"]\n'
                           'drop_selectors = ["div.promo"]\n')
    story = ("The port authority said on Monday that container traffic rose by a fifth in the first half of "
             "the year, helped by new shipping lines to East Africa and lower handling fees.")
    html = ('<html><head><title>Port traffic rises | X News Daily</title>'
            '<meta property="og:title" content="Ports boom"></head><body><article>'
            f'<h1>Port traffic rises by a fifth</h1><p>{story}</p><div class="promo"><p>{story.upper()}</p></div>'
            '</article></body></html>')
    context = PageContext.for_profile(load_profiles(path)["x_news"], min_words=5)
    article = analyse_page(PageItem(url="https://x-news.example/a", body=html.encode(), site="x_news"),
                           context).article
    assert article.title == "Port traffic rises by a fifth"
    assert article.body == story


def test_a_site_that_publishes_briefs_sets_its_own_word_floor(tmp_path):
    from crawler.items import PageItem
    from crawler.processing import PageContext, analyse_page

    brief = ("عاجل: أعلنت مديرية الأمن العام إغلاق طريق المطار في الاتجاهين لمدة ساعتين مساء اليوم بسبب حادث "
             "سير، وطلبت من السائقين استخدام الطرق البديلة.")  # 24 words: a flash item
    html = (f"<html><head><title>إغلاق طريق المطار</title></head><body><article><h1>إغلاق طريق المطار</h1>"
            f"<p>{brief}</p></article></body></html>").encode()
    path = write(tmp_path, '[[site]]\nname = "briefs"\nstart_url = "https://briefs.example/"\nlanguage = "ar"\n'
                           'min_words = 15\n[[site]]\nname = "plain"\nstart_url = "https://plain.example/"\n'
                           'language = "ar"\n')
    profiles = load_profiles(path)
    assert profiles["briefs"].min_words == 15 and profiles["plain"].min_words is None

    def analyse(site):
        context = PageContext.for_profile(profiles[site], min_words=40)  # EXTRACT_MIN_WORDS
        return analyse_page(PageItem(url=f"https://{site}.example/a/1", body=html, site=site), context)

    assert analyse("briefs").article.body == brief
    assert analyse("plain").article is None and analyse("plain").reason == "too_short"


def test_an_idn_host_names_its_ad_hoc_site_by_its_ascii_form_whichever_spelling_is_given():
    from crawler.sites import site_name_for

    assert site_name_for("http://موقع.مصر/") == "xn_4gbrim_xn_wgbh1c"  # was "site": its letters stripped
    assert site_name_for("https://www.xn--4gbrim.xn--wgbh1c/") == "xn_4gbrim_xn_wgbh1c"
    assert site_name_for("http://موقع.مصر:8080/") == "xn_4gbrim_xn_wgbh1c_8080"
    assert site_name_for("https://www.Example.com:8080/") == "example_com_8080"  # the control: ASCII as before
