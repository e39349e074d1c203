"""What stands right above a page's headline and is the headline's, not the story's: a kicker
(surtitre) and the site's name beside its logo (see ``crawler.boilerplate.drop_headline_chrome``),
and a print view's byline written over its date line. Each rule with its innocent twin."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article

HEADLINE = "Tunisia draws on its reserves to repay its foreign debt"
LEDE = ("The government has repaid every foreign loan that fell due this year without the IMF's help, drawing on "
        "the central bank's reserves and on loans from local banks, officials said on Monday.")
MIDDLE = ("Economists warn that the strategy crowds out private investment, as banks lend to the state rather than "
          "to companies, and that imports of coffee, sugar and medicines have been rationed to save currency.")
LAST = ("The finance ministry said the budget for next year would again rely on domestic borrowing, and that no new "
        "talks with the fund were planned before the spring.")
NOTES = ('<div class="notes"><h2>Notes</h2><div id="nb1"><p><a href="#nh1">[1]</a> The programme had been agreed '
         'at staff level in October 2022, then left unsigned.</p></div></div>')
AR_HEADLINE = "تونس تسدد ديونها الخارجية من احتياطيها"
AR_LEDE = "قالت الحكومة إنها سددت كل القروض الخارجية المستحقة هذا العام دون مساعدة صندوق النقد الدولي، معتمدة على احتياطي البنك المركزي."
AR_MIDDLE = "ويحذر اقتصاديون من أن هذه السياسة تزاحم الاستثمار الخاص، إذ تقرض المصارف الدولة بدلا من الشركات منذ ثلاث سنوات."
AR_LAST = "وأضافت وزارة المالية أن موازنة العام المقبل ستعتمد مجددا على الاقتراض الداخلي دون محادثات جديدة مع الصندوق."


def _page(above: str, *, headline: str = HEADLINE, story: tuple[str, ...] = (LEDE, MIDDLE, LAST), lang: str = "en",
          below: str = "") -> bytes:
    # a SPIP-like layout: the headline's block ("cartouche") and the text side by side in one wrapper,
    # the notes after the text (trafilatura takes the wrapper, headline block and all)
    ref = '<a href="#nb1" id="nh1">[1]</a>'
    paragraphs = "".join(f"<p>{p}{ref if i == 0 else ''}</p>" for i, p in enumerate(story))
    return (f'<html lang="{lang}"><head><title>{headline}</title></head><body><div class="page">'
            f'<div class="main"><div class="wrapper"><div class="cartouche">{above}<h1>{headline}</h1></div>'
            f'<div class="texte">{below}{paragraphs}</div>{NOTES}</div></div></div></body></html>').encode()


def _body(html: bytes, lang: str = "en") -> list[str]:
    result = extract_article(html, "https://news.example/2025/05/28/debt", languages=[lang], raise_errors=True)
    return result.article.body.split("\n\n")


@pytest.mark.parametrize("above", [
    '<p class="surtitre">Analyse</p>',
    '<div class="eyebrow"><a href="/economy">Economy</a></div>',
    '<span class="article-kicker">Exclusive</span>',
    '<p class="overline">Debt crisis</p>',
    '<div class="rubrique">Maghreb</div>',
    '<p>Opinion</p>',  # unclassed, a genre label
    '<p class="supertitle">Analysis</p>',
])
def test_a_kicker_above_the_headline_is_not_the_body_s_first_line(above):
    body = _body(_page(above))
    assert body[0].startswith(LEDE)  # (its note's call kept: "[1]")


@pytest.mark.parametrize("kicker", ["تحليل", "رأي", "حصري"])
def test_an_arabic_genre_kicker_above_the_headline_is_not_the_body_s_first_line(kicker):
    body = _body(_page(f"<p>{kicker}</p>", headline=AR_HEADLINE, story=(AR_LEDE, AR_MIDDLE, AR_LAST), lang="ar"), "ar")
    assert body[0].startswith(AR_LEDE)


@pytest.mark.parametrize("below", [
    '<p class="kicker">Opinion</p>',  # inside the story's text, below the headline: the story's line
    '<h3>Analysis</h3>',  # a subheading spelled like a genre label
])
def test_a_kicker_like_line_below_the_headline_in_the_story_stays(below):
    body = _body(_page("", below=below))
    text = below.split(">")[1].split("<")[0]
    assert text in body


def test_an_unclassed_line_above_the_headline_that_is_no_genre_label_is_not_dropped_by_the_kicker_rule():
    # a short unclassed line that is neither classed a kicker nor a genre ("Port of Tunis"): left as
    # it was (the rule reads classes and genre labels, not any short line)
    from lxml import html as lxml_html

    from crawler.boilerplate import drop_headline_chrome

    tree = lxml_html.fromstring(_page('<p>Port of Tunis</p><p class="kicker">Analysis of the whole budget year</p>'))
    assert drop_headline_chrome(tree) == 0
    assert "Port of Tunis" in tree.text_content()


# --- the site's name beside its logo ----------------------------------------------------------------

def _print_page(header: str, meta: str = "By Jane Doe<br>Published: 12 May 2025, 10:20") -> bytes:
    story = "".join(f"<p>{p}</p>" for p in (LEDE, MIDDLE, LAST))
    return (f'<html lang="en"><head><title>{HEADLINE}</title></head><body><div class="print-page">{header}'
            f'<h1>{HEADLINE}</h1><p class="print-meta">{meta}</p><div class="print-body">{story}</div>'
            f'</div></body></html>').encode()


def _article(html: bytes):
    return extract_article(html, "https://news.example/print/1171203", languages=["en"], raise_errors=True).article


def test_the_site_name_beside_its_logo_above_the_headline_is_not_the_body_s_first_line():
    article = _article(_print_page('<div class="print-header"><img src="/images/logo-print.png" alt="Gulf Daily">'
                                   '<p>Gulf Daily</p></div>'))
    assert article.body.split("\n\n")[0] == LEDE


def test_a_picture_above_the_headline_whose_caption_repeats_its_alt_text_is_no_logo():
    # the same structure around a photo (no "logo" anywhere): not the site's name, left alone
    from lxml import html as lxml_html

    from crawler.boilerplate import drop_headline_chrome

    tree = lxml_html.fromstring(_print_page('<div class="hero"><img src="/uploads/port.jpg" alt="The port of Rades">'
                                            '<p>The port of Rades</p></div>'))
    assert drop_headline_chrome(tree) == 0
    # ... nor a logo block holding more than the name (a tagline is text to judge elsewhere)
    tree = lxml_html.fromstring(_print_page('<div class="print-header"><img src="/logo.png" alt="Gulf Daily">'
                                            '<p>Gulf Daily, the voice of the Gulf since 1978</p></div>'))
    assert drop_headline_chrome(tree) == 0


# --- a byline over the date line, set apart by a line break --------------------------------------------

@pytest.mark.parametrize("meta", [
    "By Jane Doe<br>Published: 12 May 2025, 10:20",
    "By Jane Doe | 12 May 2025",
])
def test_a_byline_over_its_date_line_gives_the_author(meta):
    article = _article(_print_page("", meta))
    assert article.authors == ["Jane Doe"]
    assert "Published" not in article.body


@pytest.mark.parametrize("meta", [
    "Local Economy<br>Published: 12 May 2025, 10:20",  # a section's name over the date: no by-word
    "Gulf Markets<br>12 May 2025",
    "By the numbers<br>12 May 2025",  # a by-word, but no one's name
])
def test_a_line_over_the_date_line_without_a_by_word_and_a_name_gives_no_author(meta):
    assert _article(_print_page("", meta)).authors == []
