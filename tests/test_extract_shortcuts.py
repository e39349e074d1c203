"""The extraction's shortcuts give the answers of the work they skip (twenty-sixth session).

Each shortcut skips work whose answer it can tell beforehand: the prompt patterns that cannot
start with a line's first character, the comment-label search on an element whose first shown
character starts no label, the Cloudflare e-mail walk on a page whose markup never names the
attribute, the script counts of language detection on a text that has none of those scripts.
Each is checked here against the work it skips, on the golden pages' lines in Arabic, English
and French, and on look-alikes chosen to trip it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml.html import fromstring

from crawler.boilerplate import (
    _COMMENTS_LABEL,
    _COMMENTS_LABEL_START,
    _PROMPT_INDEX,
    _PROMPT_PATTERNS,
    _first_shown_char,
    _FirstCharIndex,
    _fold_arabic,
    _is_prompt,
    shown_text,
)
from crawler.extract import extract_article
from crawler.language import detect_language

GOLDEN = Path(__file__).parent / "golden" / "extraction"


def _golden_lines() -> list[str]:
    lines: set[str] = set()
    for path in sorted(GOLDEN.glob("*.html")):
        tree = fromstring(path.read_bytes())
        for element in tree.iter():
            if isinstance(element.tag, str) and element.tag not in ("script", "style") \
                    and (text := " ".join((element.text_content() or "").split())):
                lines.add(text[:300])
    return sorted(lines)


LINES = _golden_lines()
# the prompts' own look-alikes, upper-cased, with a letter the regex engine folds to ASCII
LOOKALIKES = ["Share this article", "SHARE THIS ARTICLE", "ſhare this article", "Suivez-nous sur Facebook",
              "SUIVEZ-NOUS", "تابعونا على فيسبوك", "وتابعونا على تطبيق نبض", "3 min read", "٣ دقائق للقراءة",
              "#Maroc #Autoroute", "Page 2 of 3", "« Suivez-nous »", "", " ", "Écoutez l'article",
              "ÉCOUTER CET ARTICLE", "İnstagram", "Kelvin"]


def test_the_golden_pages_give_enough_lines_to_check():
    assert len(LINES) > 2000
    assert any(_is_prompt(line) for line in LINES)  # some lines are prompts, most are not


def test_the_prompt_index_answers_as_every_pattern_does():
    missed = []
    for text in LINES + LOOKALIKES:
        folded = _fold_arabic(text)
        for line in (folded, folded.upper(), folded.lower()):
            candidates = set(_PROMPT_INDEX.candidates(line))
            missed += [(line, p.compiled.pattern[:60]) for p in _PROMPT_PATTERNS
                       if p.compiled.search(line) and p.compiled not in candidates]
    assert missed == []


def test_the_index_leaves_out_patterns_that_cannot_start_the_line():
    index = _FirstCharIndex([re.compile(r"^(share|partager)\b", re.IGNORECASE),
                             re.compile(r"^[\d٠-٩]+ min", re.IGNORECASE),
                             re.compile(r"(?:^|\bby\s+)join", re.IGNORECASE)])
    share, minutes, join = index._all
    assert index.candidates("Share this") == (share, join)
    assert index.candidates("PARTAGER") == (share, join)
    assert index.candidates("ſhare") == (share, minutes, join)  # outside the indexed range: all
    assert index.candidates("٣ min") == (minutes, join)
    assert index.candidates("4 min") == (minutes, join)
    assert index.candidates("The story") == (join,)  # not anchored: tried on every line
    assert index.candidates("") == (join,)


def test_a_pattern_of_a_letter_the_regex_engine_folds_is_found_for_the_ascii_letter():
    # re.IGNORECASE matches "ſ" (long s) with "s": a pattern written with it is tried on "s…"
    index = _FirstCharIndex([re.compile(r"^ſhare", re.IGNORECASE), re.compile(r"^\S+ here", re.IGNORECASE)])
    long_s, not_space = index._all
    assert long_s.search("share") and long_s in index.candidates("share")
    assert not_space in index.candidates("click here") and not_space not in index.candidates(" here")


@pytest.mark.parametrize("html", [
    "<div><h3>Comments (3)</h3></div>", "<div><h3> <span>3</span> Comments</h3></div>",
    "<div><h3>التعليقات</h3></div>", "<div><h3>أضف تعليق</h3></div>", "<div><h3>Commentaires : 2</h3></div>",
    "<div><h3>Commented on</h3></div>", "<div><h3>  </h3></div>", "<div><h3>The story <b>goes on</b></h3></div>",
])
def test_a_comment_label_is_skipped_only_when_its_first_shown_character_starts_none(html):
    label = fromstring(html).find(".//h3")
    first = _fold_arabic(_first_shown_char(label))
    matched = _COMMENTS_LABEL.match(shown_text(label)) is not None
    assert first == _fold_arabic(shown_text(label)[:1])
    assert not matched or _COMMENTS_LABEL_START.candidates(first)


EMAIL_PAGE = ("<html><head><title>Contact</title></head><body><article><h1>Write to the desk</h1>"
              "<p>The ministry asked parents to send their questions to the address "
              '<a href="/cdn-cgi/l/email-protection" class="__cf_email__" {attribute}="{hex}">[email&#160;protected]'
              "</a> before the end of the month, when the new school calendar is published.</p>"
              + "<p>Officials said every message would be answered within a week of its arrival.</p>" * 3
              + "</article></body></html>")


def _cloudflare_hex(address: str, key: int = 0x42) -> str:
    return f"{key:02x}" + "".join(f"{ord(char) ^ key:02x}" for char in address)


@pytest.mark.parametrize("attribute", ["data-cfemail", "DATA-CFEMAIL", "Data-CfEmail"])
def test_a_protected_address_is_written_out_however_the_attribute_is_spelled(attribute):
    page = EMAIL_PAGE.format(attribute=attribute, hex=_cloudflare_hex("desk@example.org"))
    article = extract_article(page, "https://example.org/news/contact-desk", min_words=0).article
    assert "desk@example.org" in article.body
    assert "[email" not in article.body


def test_a_page_without_the_attribute_keeps_its_text():
    page = EMAIL_PAGE.format(attribute="data-email", hex=_cloudflare_hex("desk@example.org"))
    article = extract_article(page, "https://example.org/news/contact-desk", min_words=0).article
    assert "desk@example.org" not in article.body


@pytest.mark.parametrize("text, expected", [
    ("Правительство объявило во вторник о новых мерах поддержки для фермеров региона", "ru"),
    ("Η κυβέρνηση ανακοίνωσε την Τρίτη νέα μέτρα στήριξης για τους αγρότες της περιοχής", "el"),
    (("The government announced on Tuesday that the new support plan for the farmers of the region "
      "would be in force by the end of the month"), "en"),
    (("The government announced on Tuesday (Правительство) that the support plan for the farmers of the region "
      "would be in force by the end of the month"), "en"),
    ("قالت وزارة الصحة في بيان صدر اليوم إن عدد المستشفيات العاملة في المحافظات الجنوبية ارتفع", "ar"),
])
def test_language_detection_after_its_counts_changed(text, expected):
    assert detect_language(text) == expected


XPATH_PAGE = """<html><head><meta property="dc:date" content="2025-06-02">
<meta property="og:title" content="Title"><meta property="dc:created"></head><body>
<span property="dc:date dc:created" content="2025-06-01T10:00">1 June</span><span content="x">no property</span>
<div><img src="a.jpg"><p class=" photo-caption ">A</p></div><div><img src="b.jpg"><p class="wp-caption-text">B</p></div>
<div><p class="caption">C, no photo</p></div><figure><picture></picture><div><span class="Caption">D</span></div></figure>
<div><picture></picture><span class="captioned">E</span></div></body></html>"""


def test_the_rdfa_date_xpath_finds_what_the_element_walk_found():
    from crawler.extract import _RDFA_DATES

    tree = fromstring(XPATH_PAGE)
    old = tree.xpath("//*[@content][contains(@property, 'dc:date') or contains(@property, 'dc:created')]")
    assert [element.get("content") for element in _RDFA_DATES(tree)] == ["2025-06-02", "2025-06-01T10:00"]
    assert _RDFA_DATES(tree) == old


def test_the_caption_xpath_finds_what_it_found_with_its_token_test():
    from crawler.extract import _CAPTION_BESIDE_PHOTO

    tree = fromstring(XPATH_PAGE)
    old = tree.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' photo-caption ') "
                     "or contains(@class, 'caption')][preceding-sibling::img or following-sibling::img "
                     "or ../img or ../../img or ..//picture]")
    assert [element.text for element in _CAPTION_BESIDE_PHOTO(tree)] == ["A", "B", "E"]
    assert _CAPTION_BESIDE_PHOTO(tree) == old
