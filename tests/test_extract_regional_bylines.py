"""Specifications of regional bylines and credits that name who wrote a story under another label
(audit of the metadata rules, issue #3 items 3-4).

Arabic newsrooms sign with what the desk did ("متابعة:", "تقرير:") or with a CMS's "حرر بواسطة"
(posted by); the English press of South Asia and the Gulf credits wires "with inputs from
agencies". Each test has its look-alike: a label alone names no one, a headline opening with
"تقرير" is news, not a byline, and a person named beside the wire credit stays the author.
"""

from __future__ import annotations

import html

import pytest

from crawler.boilerplate import clean_authors
from crawler.extract import extract_article

AR = [
    "قال المتحدث باسم الوزارة إن الطرفين اتفقا على تبادل ألف أسير من كل جانب في أكبر عملية تبادل منذ بداية "
    "الحرب، على أن تبدأ المرحلة الأولى خلال الأيام المقبلة بإشراف اللجنة الدولية للصليب الأحمر.",
    "وأضاف أن الاجتماع الذي استمر أقل من ساعتين ركز على الملفات الإنسانية وعلى ترتيبات وقف إطلاق النار، "
    "مشيرا إلى أن الوسطاء سيعقدون جولة جديدة من المحادثات في الأسبوع المقبل لاستكمال التفاصيل.",
]
EN = [
    "The ministry said on Monday that exports of fertilisers rose by ten percent in the first quarter, driven by "
    "demand from South Asian buyers and by the rise in world prices over the winter months.",
    "Unions welcomed the figures while recalling that miners' wages had not kept pace with prices for three "
    "years, and they called for negotiations to open before the summer holidays begin.",
]
H1_AR = "الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية"
H1_EN = "Government unveils new support plan for farmers in rural areas"


def _page(title: str, byline: str, paragraphs: list[str], *, lang: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head><body><header><nav><a href="/">Home</a></nav></header><main><article>'
            f'<h1>{html.escape(title)}</h1>{byline}<div class="article-body">{body}</div></article></main>'
            f'<footer>© 2025</footer></body></html>')


def _authors(page: str) -> list[str]:
    result = extract_article(page, "https://news.example/news/story-123", min_words=5, raise_errors=True)
    assert result.article is not None, result.reason
    return list(result.article.authors)


@pytest.mark.parametrize("byline, expected", [
    ('<div class="byline">متابعة: رنا العبادي</div>', ["رنا العبادي"]),
    ('<div class="byline">تقرير: خالد المحمود وسامي يوسف</div>', ["خالد المحمود", "سامي يوسف"]),
    ('<div class="byline">حرر بواسطة: منى أحمد</div>', ["منى أحمد"]),
    ('<span class="author">نشر بواسطة هالة سعيد</span>', ["هالة سعيد"]),
])
def test_arabic_desk_labels_before_the_reporters_name_are_no_part_of_it(byline, expected):
    # trafilatura's byline guess drops the colon: "متابعة رنا العبادي" was the author's name
    assert _authors(_page(H1_AR, byline, AR, lang="ar")) == expected


@pytest.mark.parametrize("raw", ["متابعات", "تقرير خاص", "خاص", "متابعة"])
def test_an_arabic_label_alone_names_no_one(raw):
    assert clean_authors([raw]) == []


def test_a_headline_like_line_opening_with_report_is_not_read_as_a_byline():
    # control: "تقرير" opens news too; only an author field loses it, a line of the page is not a byline
    line = '<p class="lead">تقرير أممي يحذر من تفاقم أزمة الغذاء في المنطقة</p>'
    page = _page(H1_AR, line, AR, lang="ar")
    result = extract_article(page, "https://news.example/news/story-123", min_words=5, raise_errors=True)
    assert result.article.authors == []
    assert "تقرير أممي يحذر من تفاقم أزمة الغذاء في المنطقة" in result.article.body


@pytest.mark.parametrize("raw, expected", [
    ("With inputs from agencies", ["agencies"]),
    ("Jane Doe, with additional inputs from Reuters", ["Jane Doe"]),
    ("Jane Doe (with inputs from Reuters)", ["Jane Doe"]),
    ("By Omar Haddad with input from Reuters", ["Omar Haddad"]),
])
def test_inputs_from_a_wire_is_a_wire_credit(raw, expected):
    # before, "With inputs from agencies" credited a person called "inputs"
    assert clean_authors([raw]) == expected


def test_a_byline_with_inputs_from_agencies_credits_the_reporter_on_the_page():
    page = _page(H1_EN, '<div class="byline">By Lina Kassem, with inputs from agencies</div>', EN, lang="en")
    assert _authors(page) == ["Lina Kassem"]


@pytest.mark.parametrize("raw, expected", [
    ("Omar Input", ["Omar Input"]),  # a surname is no credit
    ("With agencies", ["agencies"]),
    ("بواسطة سامي يوسف", ["سامي يوسف"]),
])
def test_lookalikes_of_the_credit_labels_keep_their_names(raw, expected):
    assert clean_authors([raw]) == expected


@pytest.mark.parametrize("byline, expected", [
    # a compound label that trafilatura's guess leaves without its colon: "وتحرير" was a name's first word
    ('<div class="byline">إعداد وتحرير: هالة سعيد</div>', ["هالة سعيد"]),
    # a list's last name with the "و" written onto it after the comma: "ومحمد علي" was an author
    ('<div class="byline">تحرير: أحمد محمود، سارة خليل، ومحمد علي</div>', ["أحمد محمود", "سارة خليل", "محمد علي"]),
])
def test_arabic_compound_labels_and_a_lists_last_and(byline, expected):
    assert _authors(_page(H1_AR, byline, AR, lang="ar")) == expected


def test_the_and_before_a_given_name_that_opens_with_its_letter_doubles():
    # "ووليد": the conjunction, then وليد
    assert clean_authors(["أحمد محمود، ووليد خالد"]) == ["أحمد محمود", "وليد خالد"]


@pytest.mark.parametrize("raw, expected", [
    # a given name that opens with و keeps it; so does a one-word wire after a dash
    ("أحمد محمود، وليد خالد", ["أحمد محمود", "وليد خالد"]),
    ("عمان - وكالات", ["وكالات"]),
    ("سيد أحمد ولد محمد", ["سيد أحمد ولد محمد"]),
])
def test_lookalikes_of_a_joined_and_keep_their_names(raw, expected):
    assert clean_authors([raw]) == expected


def test_a_columns_byline_after_a_title_of_address_leaves_the_headline():
    # "الكاتب الصحفي/ …" with its slash was read; without it the five words before "يكتب:" were
    # too many for a name, and the byline stayed in the title
    title = f"الكاتب الصحفي محمود عبد الحليم يكتب: {H1_AR}"
    page = _page(title, '<div class="byline">محمود عبد الحليم</div>', AR, lang="ar")
    result = extract_article(page, "https://news.example/news/story-123", min_words=5, raise_errors=True)
    assert (result.article.title, result.article.authors) == (H1_AR, ["محمود عبد الحليم"])


@pytest.mark.parametrize("title", [
    # a title of address before a surname alone, or before nothing, is no columnist's byline
    f"الكاتب الصحفي حمدي يكتب: {H1_AR}",
    f"الرئيس تبون يكتب: {H1_AR}",
])
def test_lookalikes_of_a_titled_columnist_keep_their_headline(title):
    page = _page(title, '<div class="byline">محمود عبد الحليم</div>', AR, lang="ar")
    result = extract_article(page, "https://news.example/news/story-123", min_words=5, raise_errors=True)
    assert result.article.title == title


# --- review of the rules above (revm): what they must not take for a label or a conjunction ------

@pytest.mark.parametrize("raw, expected", [
    # an office or a body after "، " opens with و as a word of its own: no "and" to take off
    ("أحمد محمود، وزير الخارجية", ["أحمد محمود", "وزير الخارجية"]),
    ("أحمد محمود، وكيل وزارة الصحة", ["أحمد محمود", "وكيل وزارة الصحة"]),
    ("أحمد محمود، ولي العهد", ["أحمد محمود", "ولي العهد"]),
    ("أحمد محمود، وحدة التحقيقات", ["أحمد محمود", "وحدة التحقيقات"]),
    # a wire after the comma is a wire, whole ("كالة الأنباء الأردنية" was left as a name)
    ("أحمد محمود، وكالة الأنباء الأردنية", ["أحمد محمود"]),
    ("أحمد محمود، وكالات الأنباء", ["أحمد محمود", "وكالات الأنباء"]),
    # given names that open with و, as the list of them did not hold
    ("أحمد محمود، وجدان علي", ["أحمد محمود", "وجدان علي"]),
    ("أحمد محمود، واصف حداد", ["أحمد محمود", "واصف حداد"]),
])
def test_a_word_that_opens_with_waw_after_a_comma_is_kept_whole(raw, expected):
    assert clean_authors([raw]) == expected


@pytest.mark.parametrize("raw, expected", [
    # controls: the conjunction before a name still goes, and before a wire joined to it
    ("أحمد محمود، ومحمد علي", ["أحمد محمود", "محمد علي"]),
    ("أحمد محمود، ووكالة الأنباء الأردنية", ["أحمد محمود"]),
    ("أحمد محمود، ومراسل الجزيرة", ["أحمد محمود"]),
])
def test_lookalikes_the_and_before_a_name_still_goes(raw, expected):
    assert clean_authors([raw]) == expected


@pytest.mark.parametrize("raw, expected", [
    # the desk's label joined to a second label: "وتحرير" stood as a name beside a one-word one
    ("متابعة وتحرير: رنا", ["رنا"]),
    ("تقرير وإعداد: سامي", ["سامي"]),
])
def test_a_desk_label_joined_to_another_label_goes_whole(raw, expected):
    assert clean_authors([raw]) == expected


@pytest.mark.parametrize("title", [
    # the title of address with the adjective of its field: "السياسي" was read as the name's first word
    f"المحلل السياسي سامي يوسف يكتب: {H1_AR}",
    f"الباحثة الاقتصادية منى أحمد تكتب: {H1_AR}",
])
def test_a_titled_columnists_byline_with_the_field_of_the_title_leaves_the_headline(title):
    name = title.split(" ")[2] + " " + title.split(" ")[3]
    page = _page(title, f'<div class="byline">{name}</div>', AR, lang="ar")
    result = extract_article(page, "https://news.example/news/story-123", min_words=5, raise_errors=True)
    assert (result.article.title, result.article.authors) == (H1_AR, [name])


@pytest.mark.parametrize("title", [
    # controls: the page's byline names someone else (a story about the analyst's column), and an
    # office with its adjective is a statesman's op-ed, the news
    f"المحلل السياسي سامي يوسف يكتب: {H1_AR}",
    f"الرئيس الفلسطيني محمود عباس يكتب: {H1_AR}",
])
def test_lookalikes_a_titled_writer_the_byline_does_not_name_keeps_the_headline(title):
    page = _page(title, '<div class="byline">رنا العبادي</div>', AR, lang="ar")
    result = extract_article(page, "https://news.example/news/story-123", min_words=5, raise_errors=True)
    assert result.article.title == title


@pytest.mark.parametrize("raw, expected", [
    # the credit in brackets alone: the bracket went whole, and the wire with it
    ("(With inputs from IANS)", ["IANS"]),
    ("(with inputs from PTI)", ["PTI"]),
    # controls: a person beside the bracketed credit is the author; a bracketed role is no credit
    ("Lina Kassem (with inputs from PTI)", ["Lina Kassem"]),
    ("Omar Haddad (Inputs Editor)", ["Omar Haddad"]),
])
def test_a_bracketed_inputs_credit_is_read_as_the_wire(raw, expected):
    assert clean_authors([raw]) == expected
