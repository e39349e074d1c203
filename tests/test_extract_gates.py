"""The cheap tests put in front of the extractor's costliest work give the answers the work gives.

A search gated by its words (:class:`crawler.boilerplate._GatedPattern`, ``_GatedRegex``) runs its
pattern only where the text's lower case holds one of the words every Latin-script match holds,
or the text has Arabic letters; a glued teaser's pattern (``_AfterSentenceEndPattern``) is tried
only right after a sentence end or an Arabic comma, where each of its alternatives' lookbehinds
looks; the page's byline elements are walked only when trafilatura's byline guess is not trusted.
Each must change nothing but the time (the extraction benchmark's 216 pages gave the same fields,
reasons and links before and after them), so each is checked here against the ungated work.
"""

from __future__ import annotations

import sys
from re import _casefix  # type: ignore[attr-defined]

import pytest

from crawler import boilerplate, extract
from crawler.boilerplate import (
    _CONSENT_ASK,
    _CONSENT_CONTENT,
    _DEFAULT_TEASERS,
    _READER_ADDRESS,
    _SERVICE_TITLE_WORD,
    _UNGATED_CHARS,
    ArabicTolerantPattern,
    _AfterSentenceEndPattern,
    _GatedPattern,
    _GatedRegex,
    _is_consent_placeholder,
    _teaser_pattern,
    is_syndication_notice,
)
from crawler.extract import _READ_MORE_END, extract_article

_GATED = {
    "_READER_ADDRESS": _READER_ADDRESS,
    "_CONSENT_CONTENT": _CONSENT_CONTENT,
    "_CONSENT_ASK": _CONSENT_ASK,
    "_SERVICE_TITLE_WORD": _SERVICE_TITLE_WORD,
    "_READ_MORE_END": _READ_MORE_END,
}

# Texts the gates must pass on (each holds a match, in any case, or in the letters ``re`` folds onto
# Latin ones), texts they may stop (no match), and look-alikes of both.
_TEXTS = [
    "To learn more about republishing this content, please fill out this form.",
    "PLEASE CONTACT US to republish this article.",
    "Pour toute demande, veuillez contacter la rédaction.",
    "Écrivez-nous à redaction@example.com.",
    "pleaſe contact us",
    "PLEASE",
    "İ agree to the cookies",
    "The newspaper said it would republish the cartoons.",
    "The police urged the public to stay home.",
    "This video is blocked until you accept cookies. Click here to show the content.",
    "Ce contenu est bloqué : cliquez ici pour l'afficher, vous acceptez les traceurs.",
    "Externer Inhalt: Mit dem Laden des Inhalts bin ich einverstanden, personenbezogene Daten …",
    "The minister spoke about the cookie rules of the European Union in Brussels.",
    "يرجى التواصل معنا لإعادة نشر هذا المحتوى",
    "هذا المحتوى يتطلب الموافقة على ملفات تعريف الارتباط",
    "Gold prices rose on Monday",
    "Taux de CHANGE du jour",
    "Horaires de PRIÈRE",
    "Prayer times",
    "L’OR à Paris",
    "مواقيت الصلاة في الرباط",
    "أسعار العملات اليوم",
    "The exchange of prisoners",
    "Read more »",
    "lire la suite ›\n",
    "Continue Reading",
    "… وإليكم التفاصيل",
    "المزيد",
    "A story that reads more like a novel.",
    "Nothing to see here: a plain sentence of the story, with no label at all.",
    "",
    "ﬁne ſtory",
    "Kelvin K",
]


def test_the_letters_re_takes_for_a_gates_letter_that_str_lower_does_not_make_it_are_ungated():
    """A text holding a letter that IGNORECASE matches to a letter of a gate's words, but whose
    ``str.lower`` is another letter (dotted capital I, dotless i, long s), is searched whole: the
    set is derived here from ``re``'s own case tables (simple lower case and its extra cases)."""
    import _sre

    needle_chars = {char for gate in _GATED.values() for needle in gate.needles for char in needle}
    assert all(needle == needle.lower() for gate in _GATED.values() for needle in gate.needles)
    lowered = {_sre.unicode_tolower(ord(char)) for char in needle_chars}
    must_ungate = set()
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        simple = _sre.unicode_tolower(code)
        if simple in lowered and chr(code).lower() != chr(simple):
            must_ungate.add(chr(code))
    for code in lowered:
        for extra in _casefix._EXTRA_CASES.get(code, ()):
            if chr(extra).lower() != chr(code):
                must_ungate.add(chr(extra))
    assert must_ungate == {"\u0130", "\u0131", "\u017f"}
    assert all(_UNGATED_CHARS.search(char) for char in must_ungate)


@pytest.mark.parametrize("name", sorted(_GATED))
def test_a_gated_search_answers_as_its_pattern(name):
    gate = _GATED[name]
    assert isinstance(gate, (_GatedPattern, _GatedRegex))
    if isinstance(gate, _GatedPattern):
        whole = ArabicTolerantPattern.__new__(ArabicTolerantPattern)
        whole.compiled = gate.compiled
        search = whole.search
    else:
        search = gate.compiled.search
    found = 0
    for text in (
        _TEXTS + [text.upper() for text in _TEXTS] + [text.replace("s", "ſ") for text in _TEXTS]
    ):
        expected, got = search(text), gate.search(text)
        assert (got is None) == (expected is None), text
        if got is not None:
            found += 1
            assert got.start() == expected.start() and got.end() == expected.end(), text
    assert found  # (the look-alikes hold matches of every gated pattern)


def test_the_gated_checks_keep_their_verdicts():
    assert is_syndication_notice(
        "To learn more about republishing this content, please fill out this form."
    )
    assert is_syndication_notice("PLEASE CONTACT US TO REPUBLISH THIS ARTICLE.")
    assert not is_syndication_notice(
        "The newspaper said it would republish the cartoons, please note."
    )
    assert _is_consent_placeholder(
        "This video is blocked until you accept cookies. Click here to show it."
    )
    assert _is_consent_placeholder("THIS VIDEO IS BLOCKED UNTIL YOU ACCEPT COOKIES.")
    assert not _is_consent_placeholder(
        "The minister spoke about the cookie rules of the European Union."
    )


_GLUED_TEXTS = [
    "The talks ended on Monday, officials said. Also Read Ukraine launches a new offensive",
    "The talks ended on Monday, officials said. Also read the statement in full here",
    "… a été inauguré en milieu rural.Lire aussi : Croissance des exportations",
    "… se poursuivra en 2023.Related costs are not known",
    "… في أغسطس المقبل، طالع أيضا: موعد صرف المعاشات",
    "والسوق. تابع أيضا المجلس أشغال الدورة",
    "The ministers met on Friday. (Read also: The summit's agenda)",
    "He said: “We will go on.” READ MORE: Protests spread",
    "A story with no label. And no teaser either, only sentences.",
    "Lire aussi : une phrase qui ouvre le paragraphe",
    "",
]


@pytest.mark.parametrize("phrases", [(), ("Lisez encore", "شاهد كمان")])
def test_a_glued_teaser_is_found_where_a_search_of_every_position_finds_it(phrases):
    glued = (
        _teaser_pattern(list(boilerplate.TEASER_PHRASES) + list(phrases))[1]
        if phrases
        else _DEFAULT_TEASERS[1]
    )
    assert isinstance(glued, _AfterSentenceEndPattern)
    whole = ArabicTolerantPattern.__new__(ArabicTolerantPattern)
    whole.compiled = glued.compiled
    found = 0
    for text in _GLUED_TEXTS + [text + " Lisez encore : Un titre" for text in _GLUED_TEXTS]:
        expected, got = whole.search(text), glued.search(text)
        assert (got is None) == (expected is None), text
        if got is not None:
            found += 1
            assert (got.start(), got.end(), got.group("rest")) == (
                expected.start(),
                expected.end(),
                expected.group("rest"),
            ), text
    assert found >= 4


_TRUSTED_GUESS_PAGE = """<html><head><title>Rains flood the valley</title></head><body><article>
<h1>Rains flood the valley</h1><div class="author">Jane Doe</div>
<p>Heavy rains flooded the valley on Monday, cutting roads and forcing families to leave their homes
for higher ground, officials said, as rescue teams worked through the night to reach villages.</p>
<p>The storm is expected to move east on Tuesday, the weather service said in its latest bulletin.</p>
</article></body></html>"""


def test_the_byline_elements_are_not_walked_when_trafilaturas_guess_is_trusted(monkeypatch):
    calls = []
    walk = extract._byline_texts
    monkeypatch.setattr(extract, "_byline_texts", lambda tree: calls.append(1) or walk(tree))
    result = extract_article(
        _TRUSTED_GUESS_PAGE, "https://example.com/news/rains", min_words=0, raise_errors=True
    )
    assert result.article.authors == ["Jane Doe"]
    assert calls == []


def test_the_byline_elements_are_walked_once_when_the_guess_runs_names_together(monkeypatch):
    page = _TRUSTED_GUESS_PAGE.replace(
        '<div class="author">Jane Doe</div>',
        '<div class="author"><a href="/author/lina">Lina Kassem</a>'
        '<a href="/author/omar">Omar Haddad</a></div>',
    )
    calls = []
    walk = extract._byline_texts
    monkeypatch.setattr(extract, "_byline_texts", lambda tree: calls.append(1) or walk(tree))
    result = extract_article(page, "https://example.com/news/rains", min_words=0, raise_errors=True)
    assert result.article.authors == ["Lina Kassem", "Omar Haddad"]
    assert len(calls) == 1
