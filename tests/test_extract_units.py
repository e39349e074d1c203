"""Specifications of the extraction helpers: decoding, language, titles, authors, teasers, bad input."""

from __future__ import annotations

import pytest

from crawler.boilerplate import clean_authors, clean_paragraphs, clean_title
from crawler.encoding import decode_html, looks_binary
from crawler.extract import ExtractionHints, extract_article
from crawler.language import choose_language, count_words, detect_language, normalise_language_code

ARABIC = "قالت وزارة الصحة في بيان صدر اليوم إن عدد المستشفيات العاملة في المحافظات الجنوبية ارتفع"
FRENCH = "Le gouvernement a présenté mardi un plan de soutien aux agriculteurs touchés par la sécheresse"
PROSE = ("The central bank kept its main interest rate unchanged on Thursday, citing persistent inflation "
         "in food and housing costs across the region, and said it would watch price data over the summer.")
SECOND_PROSE = ("Economists expect the first cut of the year in September, once food prices have eased "
                "and the currency has held steady against the dollar through the summer.")


def _page(body: str, head: str = "", charset: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}{head}<title>T</title></head><body><article>{body}</article></body></html>"


# --- decoding -----------------------------------------------------------------------------------

def test_windows_1256_without_any_declaration_decodes_as_arabic():
    raw = _page(f"<p>{ARABIC}</p>").encode("cp1256")
    text = decode_html(raw)
    assert ARABIC in text


def test_windows_1256_is_not_mistaken_for_latin1_even_when_the_server_says_latin1():
    raw = _page(f"<p>{ARABIC}</p>").encode("cp1256")
    assert ARABIC in decode_html(raw, "text/html; charset=ISO-8859-1")


@pytest.mark.parametrize("codec", ["cp1256", "iso8859-6"])
def test_declared_arabic_charset_in_header_or_meta(codec):
    raw = _page(f"<p>{ARABIC}</p>", charset=codec).encode(codec)
    assert ARABIC in decode_html(raw)
    assert ARABIC in decode_html(_page(f"<p>{ARABIC}</p>").encode(codec), codec)


def test_iso_8859_6_without_declaration_decodes_as_arabic():
    raw = _page(f"<p>{ARABIC}</p>").encode("iso8859-6")
    assert ARABIC in decode_html(raw)


def test_utf8_wins_over_a_wrong_declaration():
    raw = _page(f"<p>{ARABIC} {FRENCH}</p>", charset="windows-1252").encode("utf-8")
    text = decode_html(raw, "ISO-8859-1")
    assert ARABIC in text and FRENCH in text


def test_french_windows_1252_without_declaration_stays_french():
    raw = _page(f"<p>{FRENCH} à l'été, où ça?</p>").encode("cp1252")
    assert FRENCH in decode_html(raw)


@pytest.mark.parametrize("charset", ["utf-8", "windows-1256"])
def test_a_byte_order_mark_decides_the_encoding(charset):
    # IIS and ASP.NET servers often send one; it wins over a meta charset (as in browsers)
    raw = b"\xef\xbb\xbf" + _page(f"<p>{ARABIC}</p><p>{PROSE}</p>", charset=charset).encode("utf-8")
    assert decode_html(raw).startswith("<html>") and ARABIC in decode_html(raw)
    article = extract_article(raw, "https://example.org/a", min_words=5, raise_errors=True).article
    assert ARABIC in article.body
    utf16 = "\ufeff" + _page(f"<p>{ARABIC}</p>")
    assert ARABIC in decode_html(utf16.encode("utf-16-le"))


def test_a_western_legacy_page_declared_utf8_is_read_as_windows_1252():
    page = _page(f"<p>{FRENCH} à l'été, où ça ? Les réserves ont progressé.</p>", charset="utf-8")
    assert f"{FRENCH} à l'été, où ça ?" in decode_html(page.encode("cp1252"))
    assert f"{FRENCH} à l'été" in decode_html(page.encode("cp1252"), "text/html; charset=utf-8")
    # real UTF-8 with one character cut stays UTF-8
    raw = _page(f"<p>{ARABIC}</p><p>{ARABIC}</p>", charset="utf-8").encode("utf-8")
    cut = raw.index(ARABIC.encode("utf-8")) + 1
    assert ARABIC in decode_html(raw[:cut] + raw[cut + 1:])


def test_a_page_declared_utf8_with_one_or_two_windows_1252_characters_and_no_utf8_is_windows_1252():
    # no valid multi-byte UTF-8 at all: one or two curly apostrophes are as telling as many
    page = _page(f"<p>{PROSE} The airline’s chief said it didn’t disclose the price.</p>", charset="utf-8")
    for declared in (None, "text/html; charset=utf-8"):
        text = decode_html(page.encode("cp1252"), declared)
        assert "airline’s chief" in text and "didn’t disclose" in text and "\ufffd" not in text
    one = _page("<p>The airline’s chief spoke.</p>", charset="utf-8").encode("cp1252")
    assert "airline’s chief" in decode_html(one, "utf-8")


MOST_READ = ["ارتفاع أسعار الذهب في السوق المحلية مع بداية الأسبوع",
             "الأرصاد: أجواء حارة نسبيا وغبار في المناطق الصحراوية",
             "البنك المركزي يبقي أسعار الفائدة دون تغيير"]


def test_a_utf8_page_with_a_windows_1256_include_keeps_the_story_and_reads_the_include_as_arabic():
    # a UTF-8 story with a "most read" list and a byline included from a windows-1256 template:
    # far more invalid sequences than a cut character, far fewer than valid characters
    story = "".join(f"<p>{ARABIC}</p>" for _ in range(4))
    widget = "".join(f"<li>{headline}</li>" for headline in MOST_READ)
    raw = (_page(story, charset="utf-8").replace("</article>", "</article><ul>").encode("utf-8")
           .replace(b"</body>", widget.encode("cp1256") + b"</ul><p class=by>" + "كتب: جورج حداد".encode("cp1256")
                    + b"</p><p>" + "Réserves d’été".encode("cp1252") + b"</p></body>"))
    for declared in (None, "text/html; charset=utf-8", "windows-1256"):
        text = decode_html(raw, declared)
        assert text.count(ARABIC) == 4, declared
        assert all(headline in text for headline in MOST_READ) and "كتب: جورج حداد" in text
        assert "Réserves d’été" in text and "\ufffd" not in text


def test_a_windows_1256_name_the_utf8_template_quotes_keeps_the_template_s_quotes():
    # review: a legacy byline followed at once by the template's UTF-8 no-break space and "«"
    # read them as windows-1256 ("محمد عليآ آ«")
    story = "".join(f"<p>{ARABIC}</p>" for _ in range(4))
    raw = (_page(story, charset="utf-8").encode("utf-8")
           .replace(b"</body>", b"<p>" + "«".encode("utf-8") + "محمد علي".encode("cp1256")
                    + " » قال".encode("utf-8") + b"</p></body>"))
    assert "«محمد علي » قال" in decode_html(raw, "text/html; charset=utf-8")


def test_a_windows_1256_page_with_pairs_that_are_valid_utf8_by_accident_stays_windows_1256():
    # "ب،" (C8 A1), "ر»" (D1 BB), "ک" after a letter: valid two-byte UTF-8, a few per hundred
    # invalid sequences of real windows-1256 text, which must not make the page UTF-8
    text = "قالت الوزارة في بيان «رسمي»، إن عدد المستشفيات ارتفع، وأضاف: ما العمل؟ نعم، سنعمل. " * 8
    raw = _page(f"<p>{text}</p>").encode("cp1256")
    lenient = raw.decode("utf-8", errors="replace")
    assert "\ufffd" in lenient and any(ord(char) > 127 and char != "\ufffd" for char in lenient)
    for declared in (None, "windows-1256", "text/html; charset=utf-8"):
        assert text in decode_html(raw, declared), declared


def test_a_page_whose_arabic_was_encoded_twice_is_repaired():
    # UTF-8 Arabic read as windows-1252 and stored again as UTF-8 ("Ø§Ù„Ù…ØºØ±Ø¨"): stored as
    # unreadable text, or rejected as too short (its words were no Arabic words)
    import ftfy.bad_codecs  # noqa: F401 - registers "sloppy-windows-1252": windows-1252 keeping 0x81 & co

    story = "".join(f"<p>{ARABIC}</p>" for _ in range(4))
    doubled = _page(story, charset="utf-8").encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")
    result = extract_article(doubled, "https://news.example/2025/06/02/story", encoding="utf-8", languages=("ar",),
                             min_words=5)
    assert result.article is not None and ARABIC in result.article.body
    assert result.article.language == "ar"
    # a page that merely holds an "Ø" (a Danish name), or readable Arabic quoting some mojibake
    # (an explainer, review), is left as it is
    danish = _page(f"<p>{ARABIC}</p><p>Søren Ørsted, Ø, ØÙ.</p>", charset="utf-8")
    assert decode_html(danish.encode("utf-8"), "utf-8") == danish
    explainer = _page("".join(f"<p>{ARABIC}</p>" for _ in range(8)) + "<pre>" + "Ø§Ù„Ù…ØºØ±Ø¨ " * 6 + "</pre>",
                      charset="utf-8")
    assert decode_html(explainer.encode("utf-8"), "utf-8") == explainer


def test_binary_bodies_are_recognised():
    assert looks_binary(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary")
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert looks_binary(b"\x00\x01\x02\x03" * 100)
    assert not looks_binary(_page(f"<p>{ARABIC}</p>").encode("cp1256"))
    assert not looks_binary("<html>é</html>".encode("utf-16"))


def test_an_html_page_with_a_few_stray_nul_bytes_is_text_and_read_without_them():
    # a NUL a database let into the title or the description: the page was taken for a file
    page = _page(f"<p>{ARABIC}</p>").encode("utf-8").replace(b"<title>", b"<title>\x00", 1)
    assert not looks_binary(page)
    assert "\x00" not in decode_html(page, "utf-8")
    # a file, or UTF-16 without its byte-order mark, is still not a page
    assert looks_binary(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"<html>")
    assert looks_binary("<html><head><title>x</title></head></html>".encode("utf-16-le"))
    assert looks_binary(b"<html>" + b"\x00\x01" * 300)


# --- language -----------------------------------------------------------------------------------

def test_language_detection_by_script_and_stopwords():
    assert detect_language(ARABIC) == "ar"
    assert detect_language(FRENCH + " et les éleveurs de la région sont dans une situation difficile") == "fr"
    assert detect_language(PROSE) == "en"
    assert detect_language("12 34") is None


SORANI = ("حکوومەتی هەرێمی کوردستان ڕایگەیاند کە پڕۆژەی نوێی ئاو لە هەولێر دەست پێدەکات و "
          "تێچووی پڕۆژەکە زیاتر لە سەد ملیۆن دۆلارە و لە ماوەی دوو ساڵدا تەواو دەبێت")
# Persian typed with the Arabic ي and ك, as Afghan and older Iranian sites do
PERSIAN_ARABIC_LETTERS = ("وزارت خارجه ايران روز دوشنبه اعلام كرد كه مذاكرات هسته اي در هفته آينده از سر "
                          "گرفته مي شود و هيئت ايراني براي اين دور از گفتگوها به وين سفر خواهد كرد و "
                          "سخنگوي وزارت گفت كه تهران آماده است و اين موضوع را پيگيري مي كند")
TURKISH = ("Dışişleri Bakanı bugün yaptığı açıklamada, iki ülke arasındaki ticaretin bu yıl daha da artacağını "
           "ve yeni bir anlaşma için görüşmelerin sürdüğünü söyledi. Bakan, bölgedeki gelişmeler ile ilgili "
           "olarak da değerlendirmelerde bulundu ancak ayrıntı vermedi.")
TIFINAGH = "ⴰⵎⴰⵣⵉⵖ ⵏ ⵜⵎⴰⵣⵖⴰ ⵉⵙⵙⵓⴼⵖ ⴰⵙⵏⵉⵍⵙ ⴰⵎⴰⵢⵏⵓ ⵉ ⵜⵓⵜⵍⴰⵢⵜ ⵏ ⵜⵎⴰⵣⵉⵖⵜ ⴳ ⵜⵖⵔⵉⵡⵉⵏ"


def test_languages_of_the_region_written_in_arabic_script_or_in_their_own():
    assert detect_language(SORANI) == "ku"  # ISO 639-1 has one code for Kurdish
    assert detect_language(PERSIAN_ARABIC_LETTERS) == "fa"
    assert detect_language(TURKISH) == "tr"
    assert detect_language(ARABIC) == "ar"
    # Tamazight in Tifinagh has no ISO 639-1 code: none is stored, not the template's "ar"
    assert detect_language(TIFINAGH) == ""
    assert choose_language(TIFINAGH, "ar") is None
    assert choose_language(SORANI, "ar") == "ku"


def test_words_are_counted_alike_in_spaced_and_unspaced_scripts():
    assert count_words("Amman and Damascus sign a deal") == 6
    assert count_words("وقع الأردن وسوريا اتفاقاً") == 4
    # Chinese and Japanese: two characters to a word, so a short Japanese article is not "too short"
    assert count_words("促进航天技术更好惠及人民") == 6
    assert count_words("フジテレビ問題でスポーツ界 2025年") == 1 + 14 // 2  # "2025" and 14 kana/kanji


def test_a_japanese_article_without_spaces_is_long_enough_to_keep():
    paragraph = "フジテレビ問題でスポーツ界にも大激震が走っている。協賛企業の撤退が相次ぎ、各競技団体は対応に追われている。"
    page = f"<html><body><article><h1>見出し</h1><p>{paragraph}</p><p>{paragraph[::-1]}</p></article></body></html>"
    result = extract_article(page, "https://news.example.jp/a/1", raise_errors=True)
    assert result.article is not None, result.reason


def test_wrong_declared_language_is_overridden_by_the_text_and_missing_one_is_detected():
    assert choose_language(ARABIC, "en-US") == "ar"
    assert choose_language(PROSE, None) == "en"
    assert choose_language(PROSE, "en-GB") == "en"
    assert choose_language("", "fr_FR") == "fr"


AR_NARRATION = [
    "أعلنت الشركة عن نموذج لغوي جديد قالت إنه يحقق أداء أفضل في اللغة العربية ولهجاتها. وقال الرئيس التنفيذي في بيان:",
    "وأضافت الشركة أن النموذج سيتاح للمطورين عبر واجهة البرمجة خلال الأسابيع المقبلة.",
    "ويرى خبراء أن المنافسة على السوق العربية تشتد مع إطلاق شركات إقليمية نماذج خاصة بها.",
]
EN_QUOTES = [PROSE + " " + SECOND_PROSE + " " + PROSE, SECOND_PROSE + " " + PROSE]


def test_an_arabic_story_quoting_english_at_length_keeps_its_declared_language():
    body = "\n\n".join([AR_NARRATION[0], EN_QUOTES[0], AR_NARRATION[1], EN_QUOTES[1], AR_NARRATION[2]])
    assert detect_language(body) == "en"  # English letters are most of the text
    # the declared language's own script is a good part of the letters: quotes in another language
    assert choose_language(body, "ar") == "ar"
    # or the block quotes are left out of the detection, whatever the page declares
    assert choose_language(body, None, quotes=EN_QUOTES) == "ar"
    assert choose_language(body, "en", quotes=EN_QUOTES) == "ar"
    # a template's wrong declaration is still overruled: French under lang="ar", Arabic under lang="en"
    french = " ".join([FRENCH, "et les éleveurs de la région sont dans une situation difficile", "(مرسوم رقم 12)"])
    assert choose_language(french, "ar") == "fr"
    assert choose_language(" ".join(AR_NARRATION + ["Reuters", "OpenAI"]), "en") == "ar"
    # Latin letters are no sign of a declared Latin-script language: an Arabic story stays Arabic
    assert choose_language(" ".join(AR_NARRATION + [PROSE]), "en") == "ar"


# Lebanese Arabizi: its "el", "la", "se", "de", "a" read as Spanish or French function words
LEBANESE_ARABIZI = (
    "El yom el sob7 kén fi za7meh ktir 3a tari2 el matar, w ktir nés ma 2deret tousal 3a wa2et la sefreta. "
    "El 2amn el 3am sakkar jeser el Cola la se3tén bala ma ye3ref 7ada lesh. Sar elna se3a w nes wa2fin bel "
    "sayyara, w ma fi wala shorte 3am yfasser shi, 2alet Rima, wa7de men el rekkab yalli kénet ray7a 3a Dubai. "
    "Ba3d el dohr, wezaret el dékhliye 2alet enno kén fi shakk b sayyara, bas ba3d el taftish tbayyan enno ma fi "
    "shi w reje3 fata7 el tari2. Kel sene bi hal wa2et, el za7meh 3al matar btekbar ktir la2an el mghtarbin "
    "byerj3o 3al 3id, w nés ktir 3am betlob men el dawle t7el hal moshkle.")
DARIJA_ARABIZI = (
    "Lyoum f Casablanca, bzaf dyal nass tkhal3o mn lghla dyal lmazot w l'essence. F la station li f Ain Sebaa, "
    "taman wsel l 14 dirham w nass walaw kay3ammro ghir b chwiya. Wallah ma b9ina 9adrin nkhalsou had chi, kulla "
    "nhar kayzid, gal lina Hassan, wa7ed sa7eb taxi kbir li khddam f lmdina mn 3icharin 3am. Chi wa7din kaygoulo "
    "belli l7oukouma khassha t9ad l'aide l les transporteurs, w akhrin kaytsaw9o belli lprix ghadi yb9a tal3 7ta "
    "l3id. F ljiha dyal Rabat, syadna dyal taxiyat tjem3o f la gare w 3lno 3la grève dyal nhar wa7ed.")
KURMANJI = (
    "Parlamentoya Herêma Kurdistanê îro di civîneke awarte de li ser budceya sala 2026an nîqaş kir û gelek "
    "parlamenteran rexne li hikûmetê girtin. Serokê parlamentoyê ragihand ku divê heta dawiya mehê budce were "
    "pejirandin, da ku mûçeyên karmendan bi dereng nekevin û xizmetên giştî neyên rawestandin. Li gorî agahiyên "
    "ku gihîştine ajansa me, hikûmet plan dike ku di sala nû de ji bo projeyên avahîsaziyê, rê û dibistanan "
    "zêdetir pere veqetîne. Endamekî komîsyona darayî got ku ew ê bi baldarî li her xalekê binêrin.")
# An English results table: few function words, all in English letters
RESULTS = ("GIRLS BASKETBALL Palm Bay d. Rockledge 70-44 Rockledge 14 11 6 15 Palm Bay 18 22 13 17 Palm Bay (1-0): "
           "Tolivert 25 points. Davis 17 points. Burgher 10 points. Bozeman 10 points. Bean-Laing 5 points. Moore 3 "
           "points. Rockledge (0-1): Blakely 15 points. Devoe 2 points. Baker 6 points. Brown 8 points. Smith 4 "
           "points. Jones 9 points. BOYS SOCCER Viera 3, Rockledge 0 Goals: Ortiz 2, Lee. Saves: Grant 7. Records: "
           "Viera 5-0-1, Rockledge 2-3. Melbourne 2, Eau Gallie 1 Goals: Perez, Diaz; Wilson. Saves: Young 9, Hall 6.")


def test_arabic_written_in_latin_letters_is_no_latin_script_language():
    # digits inside words for the letters Latin lacks (3a, za7meh, tari2): not Spanish, not the template's en/fr
    assert detect_language(LEBANESE_ARABIZI) is None
    assert choose_language(LEBANESE_ARABIZI, "en") is None
    assert choose_language(DARIJA_ARABIZI, "fr-FR") is None
    assert choose_language(DARIJA_ARABIZI, None, ("fr",)) is None  # nor the site profile's one language
    # names, ordinals and units with digits are no such words
    english = PROSE + " The G7 and B2B 5G Q3 results, the 2nd and 3rd 5km races at 9am, 2x faster. " + SECOND_PROSE
    assert detect_language(english) == "en"


def test_a_declared_latin_script_language_the_text_does_not_speak_is_not_stored():
    # Kurmanji under a template's lang="en" or "tr": few of their function words, letters foreign to them
    assert detect_language(KURMANJI) is None
    assert choose_language(KURMANJI, "en-US") is None
    assert choose_language(KURMANJI, "tr") is None
    assert choose_language(KURMANJI, "ku") == "ku"
    # a list-like English page in English letters keeps its declaration
    assert detect_language(RESULTS) is None
    assert choose_language(RESULTS, "en") == "en"


def test_an_english_story_quoting_arabic_in_a_block_quote_is_english_whatever_its_template_says():
    quote = ("إن ما يشهده قطاع غزة من كارثة إنسانية غير مسبوقة يضع المجتمع الدولي أمام مسؤولية تاريخية وأخلاقية، ولا "
             "يمكن أن يستمر الصمت أمام معاناة الأبرياء من الأطفال والنساء وكبار السن، ولا بد من وقف فوري لإطلاق النار.")
    body = "\n\n".join([PROSE, "Speaking in Arabic, the King said:", quote, SECOND_PROSE])
    # the Arabic script's share is measured on the text the detector read, without the quote
    assert choose_language(body, "ar", quotes=[quote]) == "en"
    # unmarked, the same Arabic is a good part of the letters: the declaration stands
    assert choose_language(body, "ar") == "ar"


def test_persian_letters_ye_and_kaf_alone_do_not_make_arabic_persian():
    # an Arabic site typing on a Persian keyboard: ی for ي/ى, ک for ك, and Arabic's ة
    arabic_persian_keys = ("أکد وزیر الخارجیة الإیرانی فی اتصال هاتفی مع نظیره العمانی علی أهمیة الحوار بین دول "
                           "المنطقة لحل الخلافات بالطرق السلمیة، وتعزیز التعاون الاقتصادی والتجاری بین البلدین. وقال "
                           "الوزیر إن العلاقات بین طهران ومسقط تاریخیة ومتجذرة، مشیرا إلی أن سلطنة عمان لعبت دورا مهما.")
    assert detect_language(arabic_persian_keys) == "ar"
    # Persian: its own letters (پ چ ژ گ), its function words, or ی/ک without Arabic's letters
    assert detect_language(PERSIAN_ARABIC_LETTERS) == "fa"
    persian = "وزیر امور خارجه ایران در سفر به مسقط با همتای عمانی خود درباره روابط دو کشور و تحولات منطقه دیدار کرد"
    assert detect_language(persian) == "fa"


@pytest.mark.parametrize(("declared", "code"), [
    ("ckb", "ku"), ("ckb-IQ", "ku"), ("kmr", "ku"), ("kur", "ku"), ("iw", "he"), ("iw-IL", "he"), ("he", "he"),
    ("en-US", "en"), ("xyz", None),
])
def test_kurdish_variety_codes_and_the_withdrawn_hebrew_code_are_normalised(declared, code):
    assert normalise_language_code(declared) == code


# --- titles and authors -------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "site", "host", "expected"), [
    ("Talks resume in Istanbul | Al Bawaba", "Al Bawaba", "www.albawaba.com", "Talks resume in Istanbul"),
    ("Al Bawaba - Talks resume in Istanbul", None, "www.albawaba.com", "Talks resume in Istanbul"),
    ("محادثات إسطنبول - صحيفة الشرق", "صحيفة الشرق", "alsharq.example", "محادثات إسطنبول"),
    ("Sécheresse : un plan – Le Matin", "Le Matin", None, "Sécheresse : un plan"),
    # the other part is not the site: nothing is stripped
    ("Iran - Israel: what comes next", "Gulf Herald", "gulfherald.example", "Iran - Israel: what comes next"),
    # a colon sets a kicker apart ("Gaza: …"), but the site's own name before it is the site
    ("Ammon News : Jordan, Iraq sign energy deal", None, "en.ammonnews.net", "Jordan, Iraq sign energy deal"),
    ("Gaza: Ceasefire talks resume in Cairo", None, "en.ammonnews.net", "Gaza: Ceasefire talks resume in Cairo"),
    # a breaking-news label is not part of the headline; the word in a headline is
    ("عاجل | سقوط أمطار غزيرة على عمان", "رؤيا", "royanews.tv", "سقوط أمطار غزيرة على عمان"),
    ("BREAKING: Jordan, Iraq sign energy deal", None, None, "Jordan, Iraq sign energy deal"),
    ("عاجل.. الملك يوجه الحكومة للإسراع في مشروع الناقل", None, None, "الملك يوجه الحكومة للإسراع في مشروع الناقل"),
    ("عاجل … انقطاع الكهرباء عن مناطق في إربد", None, None, "انقطاع الكهرباء عن مناطق في إربد"),
    ("Urgent care centres open in Amman", None, None, "Urgent care centres open in Amman"),
])
def test_title_site_name_is_stripped_only_when_it_is_the_site(raw, site, host, expected):
    assert clean_title(raw, site_name=site, host=host) == expected


def test_a_title_that_is_only_the_site_name_is_no_title():
    # og:title set to the site's name on every page
    assert clean_title("صحيفة عكاظ", site_name="صحيفة عكاظ", host="okaz.com.sa") is None
    assert clean_title("Okaz", site_name="صحيفة عكاظ", host="www.okaz.com.sa") == "Okaz"


def test_title_extra_suffix_from_profile():
    assert clean_title("Headline here :: Daily News Online", extra_suffixes=["Daily News Online"]) == "Headline here"


@pytest.mark.parametrize(("raw", "expected"), [
    (["By Rahma Ahmad, Senior Editor"], ["Rahma Ahmad"]),
    (["Omar Khalil and Sara Nasser"], ["Omar Khalil", "Sara Nasser"]),
    (["بقلم: أحمد سعيد و ليلى حداد"], ["أحمد سعيد", "ليلى حداد"]),
    (["Par Sophie Martin et Karim Benali"], ["Sophie Martin", "Karim Benali"]),
    (["Omar Khalil", "omar khalil", "Reuters"], ["Omar Khalil"]),
    (["AFP"], ["AFP"]),
    (["وكالات"], ["وكالات"]),
    (["Gulf Herald"], []),
    # the reporter, then the place filed from, after a spaced dash; a publisher before the name stays out
    (["هالة سعيد - شرم الشيخ"], ["هالة سعيد"]),
    (["Omar Haddad - Abu Dhabi"], ["Omar Haddad"]),
    (["Gulf Herald - Omar Haddad"], ["Omar Haddad"]),
    # "د ب أ" is dpa, not "Dr." before two letters
    (["برلين - (د ب أ)"], ["د ب أ"]),
    # a handle written with its @ last, as right-to-left bylines show it
    (["نعيم تميم الحكيم (جدة) naeemtamimalhakim@"], ["نعيم تميم الحكيم"]),
    # a source label, and an agency's full name with its short one
    (["المصدر: وكالة الأنباء الأردنية (بترا)"], ["بترا"]),
    (["Source : AFP"], ["AFP"]),
    # the label of a credit line before its colon
    (["يجيب عنها: الشيخ أبو عبد السلام عبد المجيد"], ["أبو عبد السلام عبد المجيد"]),
    (["Answered by: Jane Doe"], ["Jane Doe"]),
    (["Text and photos: Jane Doe"], ["Jane Doe"]),
])
def test_author_cleaning(raw, expected):
    assert clean_authors(raw, site_name="Gulf Herald", host="gulfherald.example") == expected


# --- authors: names that look like a conjunction, the publisher, a title or a desk ---------------

@pytest.mark.parametrize(("raw", "expected"), [
    # Mauritanian names: "ولد" (son of) is a particle inside the name, not "و" (and) before "لد"
    (["سيد أحمد ولد محمد"], ["سيد أحمد ولد محمد"]),
    (["بقلم: أحمد سالم ولد محمد"], ["أحمد سالم ولد محمد"]),
    (["محمد الأمين ولد الشيخ سيدي"], ["محمد الأمين ولد الشيخ سيدي"]),
    # two names joined by "و" are still two, also when the first holds "ولد"
    (["عمر صالح ونادية فاروق"], ["عمر صالح", "نادية فاروق"]),
    (["سيد أحمد ولد محمد وعمر صالح"], ["سيد أحمد ولد محمد", "عمر صالح"]),
    (["الشيخ محمد ولد أحمد وسيد أحمد ولد محمد"], ["الشيخ محمد ولد أحمد", "سيد أحمد ولد محمد"]),
])
def test_ould_in_a_mauritanian_name_is_no_conjunction(raw, expected):
    assert clean_authors(raw, site_name="الأخبار", host="alakhbar.info") == expected


@pytest.mark.parametrize(("author", "site", "host", "expected"), [
    # a surname built on the site's one-word name holds it, but is no publisher
    ("محمد العربي", "العرب", "alarab.co.uk", ["محمد العربي"]),
    ("أحمد الشرقاوي", "الشرق", "al-sharq.com", ["أحمد الشرقاوي"]),
    ("محمد الصباحي", "الصباح", "www.assabah.com.tn", ["محمد الصباحي"]),
    ("خديجة الرياضي", "الرياض", "www.alriyadh.com", ["خديجة الرياضي"]),
    # a name the host's short label starts (an agency's: saba.ye, ina.iq, sana.sy)
    ("Sabah Mohammed", "Saba News Agency", "www.saba.ye", ["Sabah Mohammed"]),
    ("Inas Jabbar", "INA", "ina.iq", ["Inas Jabbar"]),
    ("Sanaa Ibrahim", None, "sana.sy", ["Sanaa Ibrahim"]),
    ("Saba Ali", "Saba", "www.saba.ye", ["Saba Ali"]),
    # the publisher itself, its name or host, perhaps with a desk's or an edition's word
    ("Hespress", "Hespress", "www.hespress.com", []),
    ("Hespress", None, "www.hespress.com", []),
    ("Hespress FR", "Hespress", "fr.hespress.com", []),
    ("Saba News Agency", None, "www.saba.ye", []),
    ("وكالة الأنباء السعودية", "وكالة الأنباء السعودية", "www.spa.gov.sa", []),
    ("العرب", "العرب", "alarab.co.uk", []),
    ("Al Arabiya English", "Al Arabiya", "english.alarabiya.net", []),
    ("Morocco World News", None, "www.moroccoworldnews.com", []),
    ("Gulf News Report", "Gulf News", "gulfnews.com", []),
    ("فريق الشرق", "الشرق", "al-sharq.com", []),
    ("SANA English", None, "sana.sy", []),
    ("INA Baghdad", None, "ina.iq", []),
])
def test_an_author_is_the_publisher_only_when_named_as_the_site(author, site, host, expected):
    assert clean_authors([author], site_name=site, host=host) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # given names that are also titles of address: Cheikh (Senegal, Mauritania), السيد (Egypt)
    ("Cheikh Tidiane Diop", "Cheikh Tidiane Diop"),
    ("السيد عبد الفتاح", "السيد عبد الفتاح"),
    ("الشيخ ولد بيه", "الشيخ ولد بيه"),
    ("Sheikh Ahmed Al Thani", "Sheikh Ahmed Al Thani"),
    # before a kunya ("أبو …"), الشيخ is the cleric's title; academic and courtesy titles go
    ("الشيخ أبو عبد السلام عبد المجيد", "أبو عبد السلام عبد المجيد"),
    ("Sheikh Abu Bakr Al-Saqqaf", "Abu Bakr Al-Saqqaf"),
    ("د. خالد المحمود", "خالد المحمود"),
    ("الدكتور سامي يوسف", "سامي يوسف"),
    ("السيدة فاطمة علي", "فاطمة علي"),
    ("Mme Leila Benali", "Leila Benali"),
])
def test_sheikh_cheikh_and_sayyid_stay_as_given_names(raw, expected):
    assert clean_authors([raw], site_name="Gulf Herald", host="gulfherald.example") == [expected]


@pytest.mark.parametrize(("raw", "expected"), [
    # a desk: "the sports editor", "the news department", "the editorial team"
    (["المحرر الرياضي"], []),
    (["المحررة الاقتصادية"], []),
    (["محرر الشؤون المحلية"], []),
    (["قسم الأخبار"], []),
    (["Équipe éditoriale"], []),
    (["L'équipe de la rédaction"], []),
    # "المحرر" before a colon is still the by-word
    (["المحرر: سامي يوسف"], ["سامي يوسف"]),
])
def test_a_desk_credit_names_no_author(raw, expected):
    assert clean_authors(raw, site_name="Gulf Herald", host="gulfherald.example") == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # a family name that is a title of the press or of scholars: Al-Kateb, Al-Bahith, Al-Muhallil
    (["سعاد الكاتب"], ["سعاد الكاتب"]),
    (["ياسين الباحث"], ["ياسين الباحث"]),
    (["عبد الله المحلل"], ["عبد الله المحلل"]),
    # the title after a comma, with its complement, or indefinite before its paper is the job
    (["ريم الخطيب، المحللة الاقتصادية"], ["ريم الخطيب"]),
    (["سامي يوسف الكاتب الصحفي"], ["سامي يوسف"]),
    (["محمد علي مراسل الجزيرة"], ["محمد علي"]),
    (["زياد حداد، أستاذ العلوم السياسية"], ["زياد حداد"]),
])
def test_a_surname_that_is_a_press_title_is_kept(raw, expected):
    assert clean_authors(raw, site_name="Gulf Herald", host="gulfherald.example") == expected


@pytest.mark.parametrize(("title", "author", "expected_title", "expected_author"), [
    ("\u200f الحكومة تعلن خطة طارئة للمياه \u200f", "\u200fرنا العبادي\u200e", "الحكومة تعلن خطة طارئة للمياه",
     "رنا العبادي"),
    ("\u061cميناء طنجة يسجل نموا\u061c", "\u061cكريم العلوي\u061c", "ميناء طنجة يسجل نموا", "كريم العلوي"),
    ("\u200bالمغرب يرفع صادرات الفوسفات \u200b", "\u00a0يوسف بنعلي\u200d\u2060", "المغرب يرفع صادرات الفوسفات",
     "يوسف بنعلي"),
    ("\u180eMinistry opens\u2060 new port", "Jane\u200b Doe", "Ministry opens new port", "Jane Doe"),
    # inside a word, the zero-width non-joiner shapes Persian letters and stays
    ("\u200cبرنامه\u200cها اعلام شد\u200c", "مریم\u200cالسادات کریمی", "برنامه\u200cها اعلام شد",
     "مریم\u200cالسادات کریمی"),
])
def test_invisible_characters_are_taken_out_of_title_and_authors_and_the_ends_trimmed(
        title, author, expected_title, expected_author):
    page = _page(f"<h1>{title}</h1><p>{PROSE}</p><p>{SECOND_PROSE}</p>",
                 head=f'<meta property="og:title" content="{title}"><meta name="author" content="{author}">')
    article = extract_article(page.encode("utf-8"), "https://example.org/a", min_words=5, raise_errors=True).article
    assert article.title == expected_title
    assert article.authors == [expected_author]


# --- addresses the page declares -----------------------------------------------------------------


@pytest.mark.parametrize(("head", "canonical", "shortlink"), [
    # WordPress: canonical, then shortlink
    ("<link rel='canonical' href='/2025/06/02/rates-held/'><link rel='shortlink' href='/?p=4521'>",
     "https://news.example/2025/06/02/rates-held/", "https://news.example/?p=4521"),
    # Drupal 7: shortlink first, rel in capitals
    ('<link rel="Shortlink" href="/node/4521"><link rel="canonical" href="/economy/rates-held">',
     "https://news.example/economy/rates-held", "https://news.example/node/4521"),
    # one token among others; an empty one is skipped
    ('<link rel="shortlink" href=" "><link rel="nofollow shortlink" href="https://news.example/?p=7">',
     "https://news.example/2025/06/02/rates-held/", "https://news.example/?p=7"),
    ("", "https://news.example/2025/06/02/rates-held/", None),
])
def test_the_pages_canonical_and_shortlink_are_read_as_declared_and_made_absolute(head, canonical, shortlink):
    html = _page(f"<h1>Rates held</h1><p>{PROSE}</p><p>{SECOND_PROSE}</p>", head=head)
    article = extract_article(html, "https://news.example/2025/06/02/rates-held/", min_words=10).article
    assert (article.canonical_url, article.shortlink) == (canonical, shortlink)


# --- text clean-up ------------------------------------------------------------------------------

def test_teasers_are_cut_but_prose_mentioning_also_read_stays():
    paragraphs = [
        PROSE,
        "Also Read: Oil prices climb after OPEC+ meeting",
        "Readers who also read the report were unconvinced by its forecasts for the year ahead.",
        SECOND_PROSE + " Read more: Gold steadies as investors await jobs data",
        "اقرأ أيضا: أسعار الذهب ترتفع",
        "Voir aussi : Le prix du blé recule",
        "Don't miss: the best photos of the week",
    ]
    cleaned = clean_paragraphs(paragraphs, teaser_phrases=["Don't miss"])
    assert cleaned == [PROSE, paragraphs[2], SECOND_PROSE]


def test_an_arabic_teaser_glued_after_a_comma_is_cut_prose_after_a_comma_stays():
    story = "وأعلنت الوزارة أن الامتحانات التكميلية ستعقد في شهر أغسطس المقبل في جميع المحافظات والمدارس المعتمدة"
    glued = story + "، طالع أيضا: موعد إعلان نتيجة الشهادة الإعدادية بالقاهرة"
    prose = story + "، وتابع المتحدث أن على الطلبة اقرأ أيضا التعليمات المنشورة على موقع الوزارة قبل التسجيل"
    assert clean_paragraphs([PROSE, glued]) == [PROSE, story]
    assert clean_paragraphs([PROSE, prose]) == [PROSE, prose]


def test_headline_repeated_as_first_paragraph_is_dropped():
    assert clean_paragraphs(["Central bank holds rates", PROSE], title="Central bank holds rates") == [PROSE]


def test_a_description_that_is_the_lede_is_kept_once():
    assert clean_paragraphs([PROSE, "Second paragraph of the story."], description=PROSE) == [
        PROSE, "Second paragraph of the story."]


# --- whole extraction on bad input --------------------------------------------------------------

@pytest.mark.parametrize(("payload", "reason"), [
    (b"", "empty_body"),
    (b"%PDF-1.5\n\x00\x01\x02binary", "binary"),
    (b'{"json": "not a page"}', "not_html"),
    (_page("<p>Too short.</p>").encode(), "too_short"),
])
def test_bad_input_gives_a_reason_not_an_exception(payload, reason):
    result = extract_article(payload, "https://example.org/a")
    assert result.article is None and result.reason == reason


def test_truncated_and_huge_pages_do_not_raise():
    page = _page("".join(f"<p>{PROSE}</p>" for _ in range(5)))
    truncated = extract_article(page[: len(page) // 2], "https://example.org/a")
    assert truncated.article is not None and PROSE in truncated.article.body
    huge = extract_article("<html><body>" + "<div><p>" + PROSE + "</p></div>" * 30000, "https://example.org/b")
    assert huge.article is not None or huge.reason


def test_hints_drop_selectors_and_body_selectors():
    page = _page(f'<div class="story"><p>{PROSE}</p></div><div class="promo-box"><p>{FRENCH} promo</p></div>'
                 f'<div class="story"><p>{PROSE.upper()}</p></div>')
    dropped = extract_article(page, "https://example.org/a", min_words=5,
                              hints=ExtractionHints(drop_selectors=["div.promo-box"]))
    assert "promo" not in dropped.article.body
    taken = extract_article(page, "https://example.org/a", min_words=5,
                            hints=ExtractionHints(body_selectors=["//div[@class='story']"]))
    assert taken.article.body.split("\n\n") == [PROSE, PROSE.upper()]


def test_hint_title_sources_names_the_site_s_headline_of_record():
    # og:title is this site's shorter social headline; its profile says the h1 is the headline
    head = ('<meta property="og:title" content="Ports go electric">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Gulf ports race to '
            'electrify cranes"}</script>')
    page = (f"<html><head><title>Gulf ports | Site</title>{head}</head><body><article>"
            f"<h1>Gulf ports race to electrify cranes as lines demand cleaner terminals</h1><p>{PROSE}</p>"
            f"</article></body></html>")
    generic = extract_article(page, "https://example.org/a", min_words=5)
    assert generic.article.title == "Ports go electric"
    chosen = extract_article(page, "https://example.org/a", min_words=5,
                             hints=ExtractionHints(title_sources=["h1", "ld"]))
    assert chosen.article.title == "Gulf ports race to electrify cranes as lines demand cleaner terminals"
    # a page without the named sources falls back to the generic order
    bare = page.replace("<h1>Gulf ports race to electrify cranes as lines demand cleaner terminals</h1>", "")
    fallback = extract_article(bare, "https://example.org/a", min_words=5,
                               hints=ExtractionHints(title_sources=["h1", "twitter"]))
    assert fallback.article.title == "Ports go electric"


def test_json_ld_nested_deeper_than_the_parser_goes_is_ignored_not_fatal():
    # a hostile or broken page: JSON-LD nested 100,000 deep made json raise RecursionError,
    # and the whole article was lost as parser_error
    ld = "[" * 100_000 + '{"@type": "NewsArticle"}' + "]" * 100_000
    page = _page(f"<p>{PROSE}</p>", head=f'<script type="application/ld+json">{ld}</script>')
    result = extract_article(page, "https://example.org/a", min_words=5, raise_errors=True)
    assert result.article is not None and PROSE in result.article.body


def test_the_site_name_beside_the_headline_in_title_is_one_short_part():
    from crawler.extract import _site_name_from_title

    assert _site_name_from_title("الحكومة تصادق على المشروع | هسبريس", "الحكومة تصادق على المشروع") == "هسبريس"
    assert _site_name_from_title("Gulf News - UAE announces new rules", "UAE announces new rules") == "Gulf News"
    # a section between headline and site, a long tail, or a title that does not hold the headline whole
    assert _site_name_from_title("Headline | Europe | DW", "Headline") is None
    assert _site_name_from_title("Headline - and what it means for the region", "Headline") is None
    assert _site_name_from_title("Headlines | X", "Headline") is None
    assert _site_name_from_title("Headline", "Headline") is None


_UPDATED_PAGE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<div class="post-meta">{meta}</div>
<p>{para}</p><p>{para} (2)</p><p>{para} (3)</p></article></body></html>"""


@pytest.mark.parametrize(("meta", "language", "modified"), [
    ("Publié le 12 mai 2024 à 10h15 | Mis à jour le 13 mai 2024 à 11h20", "fr", "2024-05-13T10:20:00+00:00"),
    ("نشر في 12 مايو 2024 - 10:15 | آخر تحديث: 13 مايو 2024 - 11:20", "ar", "2024-05-13T10:20:00+00:00"),
    ("Published: May 12, 2024 10:15 Updated: May 13, 2024 11:20", "en", "2024-05-13T10:20:00+00:00"),
    # no update label, or "updated" in a sentence: no modified date
    ("Published: May 12, 2024 10:15", "en", None),
    ("Published: May 12, 2024 10:15. The ministry updated its guidance on 3 March 2024.", "en", None),
])
def test_a_visible_date_labelled_as_an_update_is_the_modified_date(meta, language, modified):
    para = {"fr": "Le gouvernement a présenté mardi un projet de loi sur la réforme du code des investissements, "
                  "qui prévoit de simplifier les procédures pour les entreprises étrangères.",
            "ar": "قدمت الحكومة يوم الثلاثاء مشروع قانون لإصلاح مدونة الاستثمار ينص على تبسيط الإجراءات أمام "
                  "الشركات الأجنبية وتقليص آجال دراسة الملفات.",
            "en": "The government presented a bill on Tuesday to reform the investment code, which would simplify "
                  "procedures for foreign companies and shorten the time taken to review applications."}[language]
    page = _UPDATED_PAGE.format(title="Headline of the story", meta=meta, para=para)
    article = extract_article(page, "https://news.example/a/1", languages=[language], default_tz="Africa/Tunis").article
    assert article.published_at == "2024-05-12T09:15:00+00:00"
    assert article.modified_at == modified


@pytest.mark.parametrize(("raw", "expected"), [
    # by-words of Persian, Sorani, Urdu, Turkish, Kurmanji and Hebrew go like "By" and "بقلم"
    (["نویسنده: مریم احمدی"], ["مریم احمدی"]),
    (["نویسنده مریم احمدی"], ["مریم احمدی"]),
    (["به قلم حسین کریمی"], ["حسین کریمی"]),
    (["نووسەر ئاراس محەمەد"], ["ئاراس محەمەد"]),
    (["تحریر: عائشہ خان"], ["عائشہ خان"]),
    (["Yazar: Ahmet Yılmaz"], ["Ahmet Yılmaz"]),
    (["Yazar Ahmet Yılmaz"], ["Ahmet Yılmaz"]),  # trafilatura's guess loses the colon
    (["Yazan: Ahmet Yılmaz"], ["Ahmet Yılmaz"]),
    (["Nivîskar: Rojda Amed"], ["Rojda Amed"]),
    (["מאת דנה כהן"], ["דנה כהן"]),
    # Hebrew's "and" written onto the second name, as Arabic's و
    (["מאת יוסי לוי ונועה ברק"], ["יוסי לוי", "נועה ברק"]),
    # job titles and desks
    (["سارا محمدی، خبرنگار گروه اقتصادی"], ["سارا محمدی"]),
    (["Ahmet Yılmaz, AA Muhabiri"], ["Ahmet Yılmaz"]),
    (["דנה כהן, כתבת כלכלה"], ["דנה כהן"]),
    # Sorani writes the ezafe onto the title before its outlet and place
    (["نووسینی: ئاراس محەمەد، پەیامنێری شار لە سلێمانی"], ["ئاراس محەمەد"]),
    (["ئاراس محەمەد سەرنووسەری ڕۆژنامەی هاوڵاتی"], ["ئاراس محەمەد"]),
    # and in the older spelling, ه and a zero-width non-joiner for ە
    (["نووسینی: ئاراس محه\u200cمه\u200cد، په\u200cیامنێری شار له\u200c سلێمانی"], ["ئاراس محه\u200cمه\u200cد"]),
    (["نووسه\u200cر: ئاراس محه\u200cمه\u200cد"], ["ئاراس محه\u200cمه\u200cد"]),
    (["Haber Merkezi"], []),
    (["Dış Haberler Servisi"], []),
    (["ویب ڈیسک"], []),
    (["מערכת ynet"], []),
    # an outlet's online desk, its name written in Kurdish or Arabic letters that the page's Latin
    # og:site_name does not match
    (["ڕووداو دیجیتاڵ"], []),
    (["سكاي نيوز عربية أونلاين"], []),
])
def test_bylines_of_the_regions_other_languages_lose_their_by_words_jobs_and_desks(raw, expected):
    assert clean_authors(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    (["Rudaw Digital"], []),
    (["Sami Haddad, Rudaw Digital"], ["Sami Haddad"]),
])
def test_an_online_desk_in_latin_letters_is_the_sites_own(raw, expected):
    # in Latin letters the desk is known by the site's name (or host) before "Digital"/"Online"
    assert clean_authors(raw, host="www.rudaw.net") == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # "Yazan" is an Arabic given name: a by-word only with its colon; the surname "Yazar" stays
    (["By Yazan Al-Saadi"], ["Yazan Al-Saadi"]),
    (["Yazan Al-Saadi"], ["Yazan Al-Saadi"]),
    (["Mehmet Yazar"], ["Mehmet Yazar"]),
    # a Hebrew given name that opens with ו is no conjunction (as "محمد أحمد وليد خالد" is one name)
    (["דנה כהן ורדה לוי"], ["דנה כהן ורדה לוי"]),
])
def test_names_that_look_like_the_new_by_words_stay(raw, expected):
    assert clean_authors(raw) == expected


def test_a_date_line_in_an_author_field_names_no_one_but_posted_by_does():
    assert clean_authors(["Published April 20th, 2024 - 06:00 GMT"]) == []
    assert clean_authors(["Updated: 12 May 2024"]) == []
    assert clean_authors(["نشر في 12 مايو 2024"]) == []
    assert clean_authors(["Posted by Jane Doe"]) == ["Jane Doe"]
    assert clean_authors(["Publié par Karim Ben Ali"]) == ["Karim Ben Ali"]


# --- prompts glued to a paragraph, tag lines (cleaning units) ------------------------------------

@pytest.mark.parametrize(("paragraph", "kept"), [
    # a story sentence of ten words or more before the prompt is the story's, in a short paragraph too
    ("Les associations réclament l'ouverture de l'importation aux particuliers, a précisé le ministère. "
     "Suivez-nous sur Google News",
     "Les associations réclament l'ouverture de l'importation aux particuliers, a précisé le ministère."),
    ("مطالبة الحكومة بمراجعة الشرائح قبل دخولها حيز التنفيذ في الشهر المقبل. للاشتراك في قناتنا على تليجرام اضغط هنا",
     "مطالبة الحكومة بمراجعة الشرائح قبل دخولها حيز التنفيذ في الشهر المقبل."),
    # a prompt's own lead-in sentence goes with it
    ("Stay up to date with the latest news. Follow Gulf News on WhatsApp Channels.", None),
    ("Follow us on Facebook. Join our WhatsApp channel.", None),
])
def test_a_glued_prompt_leaves_the_story_sentence_before_it(paragraph, kept):
    assert clean_paragraphs([PROSE, paragraph, SECOND_PROSE]) == [PROSE] + ([kept] if kept else []) + [SECOND_PROSE]


def test_tag_values_must_be_the_page_s_link_texts_when_set_side_by_side():
    line = "Tags CBB Fintech"
    assert clean_paragraphs([PROSE, SECOND_PROSE, line], link_texts=["CBB", "Fintech"]) == [PROSE, SECOND_PROSE]
    assert clean_paragraphs([PROSE, SECOND_PROSE, line], link_texts=["CBB"]) == [PROSE, SECOND_PROSE, line]
    assert clean_paragraphs([PROSE, SECOND_PROSE, line]) == [PROSE, SECOND_PROSE, line]


def test_a_reporter_s_contact_line_before_a_follow_prompt_goes_whole():
    line = ("Have a tip? Jane Doe may be reached at jdoe@dailypaper.com. "
            "Follow her on Twitter @janedoe or on Facebook.")
    assert clean_paragraphs([PROSE, SECOND_PROSE, line]) == [PROSE, SECOND_PROSE]


# --- unreadable URLs in a page ------------------------------------------------------------------
# "//[x" (an unbalanced "[" in the host) made urljoin raise "Invalid IPv6 URL": the article was
# not stored (parser_error). An unreadable URL is no canonical, image, shortlink or base.

@pytest.mark.parametrize("head", [
    "<link rel='canonical' href='//[x'>",
    "<meta property='og:url' content='http://[x/'>",
    "<meta property='og:image' content='//[x'>",
    "<link rel='shortlink' href='//[x'>",
    "<base href='//[x/'>",
    '<script type="application/ld+json">{"@type":"NewsArticle","url":"http://[x","image":"//[y",'
    '"mainEntityOfPage":"//[z"}</script>',
])
def test_an_unreadable_url_in_the_head_leaves_the_article_stored_without_it(head):
    url = "https://news.example/ar/news/2025/06/02/rate-decision"
    body = f"<p>{PROSE}</p><p>{SECOND_PROSE}</p><p><a href='//[bad'>x</a> <a href='/news/4522'>y</a></p>"
    result = extract_article(_page(body, head), url, raise_errors=True)
    article = result.article
    assert article is not None, result.reason
    assert PROSE in article.body
    assert (article.canonical_url, article.image, article.shortlink) == (url, None, None)
    assert result.links == ["//[bad", "https://news.example/news/4522"]


def test_an_unreadable_page_url_is_no_crash():
    result = extract_article(_page(f"<p>{PROSE}</p><p>{SECOND_PROSE}</p><a href='/x'>x</a>"),
                             "http://[bad/news/2025/06/02/x", raise_errors=True)
    assert result.article is not None and PROSE in result.article.body
