"""A small, dependency-free language identifier for article text (ISO 639-1 codes).

Arabic-script text is told apart by script share (Persian/Urdu by their own letters);
Latin-script text by counts of very frequent function words for a handful of languages, once
Arabic written in Latin letters ("Arabizi") is set aside as no language.
Declared page languages (``<html lang>``, ``og:locale``) are trusted when the text agrees
or when the detector cannot tell (a Latin-script one only when the text may be in it).

No settings affect this module.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter

logger = logging.getLogger(__name__)

__all__ = ["detect_language", "normalise_language_code", "choose_language"]

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Persian's own letters: پ چ ژ گ. Its ی and ک are no such evidence alone: an Arabic site typed
# on a Persian keyboard writes them for ي/ى and ك ("الخارجیة", "أکد"), and keeps the ة Persian has not.
_PERSIAN_ONLY = re.compile(r"[\u067e\u0686\u0698\u06af]")  # پ چ ژ گ
_PERSIAN_YEH_KAF = re.compile(r"[\u06cc\u06a9]")  # ی ک
# ی/ک per Arabic-only letter above which the text is Persian all the same: Arabic typed on a Persian
# keyboard has about three (ي ى ك to ة), Persian almost none of ة ي ك ى (a quoted Arabic name).
_PERSIAN_YEH_KAF_RATIO = 10
_ARABIC_ONLY = re.compile(r"[\u0629\u064a\u0643\u0649]")  # ة ي ك ى
_URDU_ONLY = re.compile(r"[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]")
_KURDISH_ONLY = re.compile(r"[\u06d5\u06ce\u06c6\u0695\u06b5]")  # ە ێ ۆ ڕ ڵ (Sorani)
_PASHTO_ONLY = re.compile(r"[\u069a\u067c\u0689\u0685\u0681\u0696\u0693\u06d0\u06cd\u06ab\u06bc]")
# Persian words that Arabic never writes alone: evidence also where Persian is typed with the
# Arabic ي and ك (Afghan and older Iranian sites), or quotes Arabic at length.
_PERSIAN_WORDS = frozenset("را است از که كه می مي های هاي برای براي این اين شده بود نیز نيز".split()) - {"اين"}
# Arabic written in Latin letters ("Arabizi": "za7meh ktir 3a tari2 el matar", Darija's "b9ina
# 9adrin"): digits stand inside words for the sounds Latin letters lack (2 ء, 3 ع, 5 خ, 7 ح, 9 ق).
# Lower case only: "G7", "Q3", "5G", "B2B" are names; ordinals and units ("2nd", "3e", "5km",
# "9am", "2x") are no such words.
_ARABIZI_WORD = re.compile(r"[^\W\d_]*[23579][^\W\d_]+|[^\W\d_]+[23579][^\W\d_]*")
_ARABIZI_DIGIT = re.compile(r"[23579]")  # (found first, then their words: a scan for the words cost 0.7 ms a page)
_NOT_ARABIZI = re.compile(r"\d(?:st|nd|rd|th|e|er|re|ème|eme|km|kg|mg|mm|cm|ml|m|h|hr|hrs|min|s|am|pm|x|g|d|k|bn|b|l)$")
_ARABIZI_MIN_WORDS = 5
_ARABIZI_SHARE = 0.05  # of the words (_WORD's, split at digits): Lebanese and Moroccan stories measured 18-22%
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_NOT_LETTERS = re.compile(r"[\W\d_]+", re.UNICODE)  # _LETTER's complement
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_LETTER_RUN = re.compile(r"[^\W\d_]+")

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is that for it was on with as by at from he his are be this have an "
        "has were which not but they their said had its who been would will".split()
    ),
    "fr": frozenset(
        "le la les de des du et un une est que qui dans pour pas sur au aux par il elle ne se "
        "ce avec plus a été sont son sa ses lui leur mais ou où nous vous cette".split()
    ),
    "es": frozenset("el la los las de del y en que un una es por con para se no su al lo como más pero sus le".split()),
    "pt": frozenset("o a os as de do da dos das e em que um uma é para com não no na por se ao mais foi".split()),
    "it": frozenset("il la di che e è un una per non in del della con sono le gli da al si ha anche".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch es an".split()),
    "tr": frozenset("ve bir bu için ile olarak daha gibi çok olan ama sonra kadar değil ancak göre ise ya şu".split()),
}
_SCRIPT_LANGUAGES = (
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    # Tifinagh (Tamazight): a known language with no ISO 639-1 code; "" says so, so that a
    # template's lang="ar" is not stored for it
    (re.compile(r"[\u2d30-\u2d7f]"), ""),
)
# any letter of those scripts: most texts have none, and one search tells (each script's count
# is a scan of the text of its own)
_SCRIPT_LANGUAGES_ANY = re.compile("[" + "".join(pattern.pattern[1:-1] for pattern, _ in _SCRIPT_LANGUAGES) + "]")


# Chinese and Japanese write words without spaces: their ideographs and kana are counted apart.
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Characters per word in unspaced scripts (Chinese words average about 1.5-2 characters).
_CHARACTERS_PER_WORD = 2


def count_words(text: str) -> int:
    """Words in ``text``: whitespace-separated tokens, with runs of Chinese/Japanese characters
    counted as one word per two characters (so a 40-word minimum means the same in every script)."""
    unspaced = len(_UNSPACED_SCRIPT.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = len(_UNSPACED_SCRIPT.sub(" ", text).split())
    return spaced + unspaced // _CHARACTERS_PER_WORD


def letter_words(text: str) -> list[str]:
    """The runs of letters in ``text`` ("Gaza's 3 hospitals" -> Gaza, s, hospitals): the words of a
    short line or label, its numbers and punctuation left out. (``count_words`` counts whitespace
    tokens, for a page's length.)"""
    return _LETTER_RUN.findall(text)


def normalise_language_code(value: str | None) -> str | None:
    """``"en-US"``/``"fr_FR"``/``"AR"`` -> ``"en"``/``"fr"``/``"ar"``, ``"ckb"``/``"kmr"`` -> ``"ku"``,
    ``"iw"`` -> ``"he"``, ``"ara"``/``"Arabic"`` -> ``"ar"`` (``_CODE_ALIASES``); ``None`` for empty or odd
    values ("x-default")."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    code = _CODE_ALIASES.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else None


# Codes pages declare for a language ISO 639-1 names otherwise: Kurdish's varieties and its
# ISO 639-2 code (Sorani "ckb", Kurmanji "kmr", Southern "sdh", "kur"), Hebrew's withdrawn "iw", the
# region's languages by their ISO 639-2 codes ("ara", "fra"/"fre", "eng", as some CMSs write
# lang and og:locale) and by their English names ("arabic", "French")
_CODE_ALIASES = {"ckb": "ku", "kmr": "ku", "sdh": "ku", "kur": "ku", "iw": "he",
                 "ara": "ar", "fra": "fr", "fre": "fr", "eng": "en", "fas": "fa", "per": "fa", "urd": "ur",
                 "tur": "tr", "heb": "he", "pus": "ps",
                 "arabic": "ar", "french": "fr", "english": "en", "persian": "fa", "turkish": "tr"}


# each stop word's languages, in :data:`_STOPWORDS`' order (which breaks ties between counts)
_STOPWORD_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _code, _words in _STOPWORDS.items():
    for _word in _words:
        _STOPWORD_LANGUAGES[_word] = (*_STOPWORD_LANGUAGES.get(_word, ()), _code)
del _code, _words, _word


def detect_language(text: str, *, min_letters: int = 20) -> str | None:
    """Best guess of the language of ``text`` as an ISO 639-1 code, ``None`` when unsure (also for
    Arabic written in Latin letters, whose function words read as Spanish or French), or ``""``
    for a language known to have no ISO 639-1 code (Tamazight in Tifinagh)."""
    sample = text[:20000]
    # (counted as what is left once the rest is taken out: a list of every letter cost twice that)
    letters = len(_NOT_LETTERS.sub("", sample))
    if letters < min_letters:
        return None
    arabic = len(sample) - len(ARABIC_SCRIPT.sub("", sample))
    if arabic / letters >= 0.4:
        persian, yeh_kaf, urdu, arabic_only, kurdish, pashto = (len(p.findall(sample)) for p in (
            _PERSIAN_ONLY, _PERSIAN_YEH_KAF, _URDU_ONLY, _ARABIC_ONLY, _KURDISH_ONLY, _PASHTO_ONLY))
        # Sorani's own vowels and consonants (ISO 639-1 has one code for Kurdish), outnumbering
        # the letters Sorani does not write (ة ي ك ى): a party's or a city's name in Kurdish
        # spelling ("«گۆڕان»", "هەولێر") in an Arabic story leaves it Arabic
        if kurdish > 5 and kurdish >= 0.01 * letters and kurdish > arabic_only:
            return "ku"
        if pashto > 5 and pashto >= 0.01 * letters:
            return "ps"
        if urdu > arabic_only and urdu > 5:
            return "ur"
        words = sample.split()
        persian_words = sum(1 for word in words if word.strip(".,،؛:!?؟«»()\"'") in _PERSIAN_WORDS)
        if persian > 2 * arabic_only and persian > 5 or persian_words >= 3 and persian_words >= 0.04 * len(words) \
                or yeh_kaf > 5 and yeh_kaf > _PERSIAN_YEH_KAF_RATIO * arabic_only:
            return "fa"
        return "ar"
    for pattern, code in _SCRIPT_LANGUAGES if _SCRIPT_LANGUAGES_ANY.search(sample) else ():
        if len(pattern.findall(sample)) / letters >= 0.3:
            return code
    words = list(map(str.lower, _WORD.findall(sample)))
    if len(words) < 5 or _is_arabizi(sample, len(words)):
        return None
    # (each stop word's languages counted in one call, in the words' order as a loop counted
    # them: the order breaks ties)
    counts: Counter[str] = Counter(itertools.chain.from_iterable(filter(None, map(_STOPWORD_LANGUAGES.get, words))))
    if not counts:
        return None
    (best, best_count), *rest = counts.most_common(2) + [("", 0)]
    runner_up = rest[0][1]
    # require the winner to be clearly ahead, and stopwords to be a plausible share of words
    if best_count >= 3 and best_count >= 1.3 * runner_up and best_count / len(words) >= 0.08:
        return best
    return None


def _is_arabizi(sample: str, words: int) -> bool:
    """Whether ``sample`` (Latin-script text of ``words`` words) is Arabic written in Latin letters
    (:data:`_ARABIZI_WORD`)."""
    found = 0
    end = 0
    for digit in _ARABIZI_DIGIT.finditer(sample):
        position = digit.start()
        if position < end or not (sample[position - 1:position].isalpha() or sample[position + 1:position + 2].isalpha()):
            continue  # a number's digit, or one of a word already counted
        start = position
        while start and sample[start - 1].isalnum():
            start -= 1
        end = position + 1
        while end < len(sample) and sample[end].isalnum():
            end += 1
        word = sample[start:end]
        if _ARABIZI_WORD.fullmatch(word) and not word.isupper() and not _NOT_ARABIZI.search(word):
            found += 1
    return found >= _ARABIZI_MIN_WORDS and found >= _ARABIZI_SHARE * words


# The script of each language written in one other than Latin: a page declaring one of them
# keeps it when that script is a substantial share of its letters (an Arabic story quoting
# English at length), whatever the detector says of the rest. Latin letters are no such sign:
# names, brands and addresses in Latin letters fill Arabic stories too.
_LANGUAGE_SCRIPTS: dict[str, re.Pattern[str]] = {
    **{code: ARABIC_SCRIPT for code in ("ar", "fa", "ur", "ps", "ku")},
    **{code: pattern for pattern, code in _SCRIPT_LANGUAGES if code},
}
_DECLARED_SCRIPT_SHARE = 0.2
# The other way round: a declared Latin-script language is kept against a detector reading
# another script when its Latin-script paragraphs, read alone, are that language and make this
# share of the letters or more (a French brief quoting a ministry's Arabic communiqué at length;
# higher than _DECLARED_SCRIPT_SHARE, as Latin names and brands fill non-Latin stories too)
_DECLARED_LATIN_SHARE = 0.3
# Letters the text must keep without its quotes for them to be left out of the detection.
_UNQUOTED_MIN_LETTERS = 200


# A declared Latin-script language the detector cannot confirm is doubted on this many words or
# more, when few of them are its function words (English and French prose: 20-40%; a recipe's
# lists or a results table may have 1-3%) and its letters are not that language's: Kurmanji under
# a template's lang="en" or "tr" writes ê, î, û, ş and, unlike Turkish, q, w, x (9-11% of its
# letters); a name's "ğ" or "é" in an English story is well under 1%.
_DECLARED_DOUBT_MIN_WORDS = 50
_DECLARED_STOPWORD_SHARE = 0.05
_FOREIGN_LETTER_SHARE = 0.02
_ALPHABETS: dict[str, frozenset[str]] = {
    code: frozenset(letters) for code, letters in {
        "en": "abcdefghijklmnopqrstuvwxyz",
        "fr": "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ",
        "es": "abcdefghijklmnopqrstuvwxyzáéíóúüñ",
        "pt": "abcdefghijklmnopqrstuvwxyzáâãàçéêíóôõú",
        "it": "abcdefghijklmnopqrstuvwxyzàèéìíîòóùú",
        "de": "abcdefghijklmnopqrstuvwxyzäöüß",
        "tr": "abcçdefgğhıijklmnoöprsştuüvyzâîû",
    }.items()
}
_LATIN_LETTER = re.compile(r"[a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


def _speaks(text: str, code: str) -> bool:
    """Whether ``text`` may be in the Latin-script language ``code`` it was declared in, though the
    detector could not tell: not Arabic in Latin letters (:func:`_is_arabizi`), and too short to
    doubt, or with a plausible share of that language's function words, or written in its
    letters. True for a language without a list of function words."""
    stopwords = _STOPWORDS.get(code)
    if stopwords is None:
        return True
    sample = text[:20000]
    words = [w.lower() for w in _WORD.findall(sample)]
    if _is_arabizi(sample, len(words)):
        return False
    if len(words) < _DECLARED_DOUBT_MIN_WORDS \
            or sum(1 for word in words if word in stopwords) >= _DECLARED_STOPWORD_SHARE * len(words):
        return True
    letters = _LATIN_LETTER.findall(sample.lower())
    foreign = sum(1 for letter in letters if letter not in _ALPHABETS[code])
    return foreign < _FOREIGN_LETTER_SHARE * len(letters)


def _latin_part_is(text: str, code: str) -> bool:
    """Whether the paragraphs of ``text`` written mostly in Latin letters make
    _DECLARED_LATIN_SHARE of its letters or more and read as the language ``code`` on their own."""
    latin = [p for p in text.split("\n\n") if _script_share(p, _LATIN_LETTER) >= 0.5]
    part = "\n\n".join(latin)
    total = len(_LETTER.findall(text[:20000]))
    return bool(total) and len(_LATIN_LETTER.findall(part[:20000])) >= _DECLARED_LATIN_SHARE * total \
        and detect_language(part) == code


def _script_share(text: str, pattern: re.Pattern[str]) -> float:
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    return len(pattern.findall(sample)) / letters if letters else 0.0


def _without_quotes(text: str, quotes: tuple[str, ...] | list[str]) -> str:
    """``text`` without its paragraphs that are block quotes (an English statement quoted in an
    Arabic story), when enough of it is left to tell its language; else ``text``."""
    if not quotes:
        return text
    left_out = set(quotes)
    paragraphs = text.split("\n\n")
    rest = "\n\n".join(p for p in paragraphs if p not in left_out)
    return rest if len(rest) < len(text) and len(_LETTER.findall(rest[:20000])) >= _UNQUOTED_MIN_LETTERS else text


def choose_language(text: str, declared: str | None, hints: tuple[str, ...] | list[str] = (), *,
                    quotes: tuple[str, ...] | list[str] = ()) -> str | None:
    """The article language: the declared one when the text agrees or is inconclusive, else the detected one.

    The text is read without its block quotes (``quotes``: an Arabic story quoting English
    statements at length), and a declared language written in a script other than Latin is kept
    when its script makes a fifth of the letters of that same text or more (a template's lang="ar"
    on a French page has no Arabic letters, nor an English page whose Arabic is a quoted
    statement; a wrong lang="en" on an Arabic page is still overruled); a declared Latin-script
    language is kept when its paragraphs in Latin letters are that language and make
    _DECLARED_LATIN_SHARE of the letters (a French brief quoting an Arabic communiqué). When the text cannot be
    told, a declared Latin-script language with a list of function words is kept unless the text
    is Arabic in Latin letters or has few of its function words and many letters foreign to it
    (:func:`_speaks`): Kurmanji or Arabizi under a template's lang="en", "tr" or "fr" has no
    language stored.

    :param declared: the page's own declaration (``<html lang>``, ``og:locale``, JSON-LD ``inLanguage``).
    :param hints: the site profile's languages, used only when neither page nor text tells.
    :param quotes: the paragraphs of ``text`` that are block quotes.
    """
    declared_code = normalise_language_code(declared)
    unquoted = _without_quotes(text, quotes)
    detected = detect_language(unquoted)
    if detected == "":
        return None  # a language with no ISO 639-1 code: not the template's declared one either
    if detected:
        if declared_code and declared_code != detected:
            script = _LANGUAGE_SCRIPTS.get(declared_code)
            # (measured on the text the detector read: an English story quoting an Arabic
            # statement in a block quote is not Arabic for its quote's letters)
            if script is not None and script is not _LANGUAGE_SCRIPTS.get(detected) \
                    and _script_share(unquoted, script) >= _DECLARED_SCRIPT_SHARE:
                return declared_code  # its own script is a good part of the text: quotes in another
            if script is None and _LANGUAGE_SCRIPTS.get(detected) is not None \
                    and _latin_part_is(unquoted, declared_code):
                return declared_code  # a Latin-script story quoting another script at length
            logger.debug("declared language %s disagrees with text (%s); using the text", declared_code, detected)
        return detected
    if declared_code:
        return declared_code if _speaks(unquoted, declared_code) and _written_in_its_script(unquoted, declared_code) \
            else None
    hint_codes = [c for c in (normalise_language_code(h) for h in hints) if c]
    return hint_codes[0] if len(hint_codes) == 1 and _speaks(unquoted, hint_codes[0]) \
        and _written_in_its_script(unquoted, hint_codes[0]) else None


def _written_in_its_script(text: str, code: str) -> bool:
    """Whether ``text``, too short for the detector, may be in the language ``code`` by its letters:
    a fifth of them or more in that language's script (_DECLARED_SCRIPT_SHARE; Latin for the
    languages of ``_ALPHABETS``), or no letters to tell. A short English brief under a template's
    lang="ar" ("The ministry published the exam results.") is not Arabic, nor "عاجل: انفجار في
    بيروت" under lang="en" English; "iPhone 16 مراجعة" is Arabic. True for a language whose script
    is not known here."""
    script = _LANGUAGE_SCRIPTS.get(code) or (_LATIN_LETTER if code in _ALPHABETS else None)
    if script is None or not _LETTER.search(text[:20000]):
        return True
    return any(_script_share(text, pattern) >= _DECLARED_SCRIPT_SHARE
               for pattern in (script, *_SECOND_SCRIPTS.get(code, ())))


# The languages written in a second script: Kurdish is Sorani in Arabic letters and Kurmanji in Latin
_SECOND_SCRIPTS: dict[str, tuple[re.Pattern[str], ...]] = {"ku": (_LATIN_LETTER,)}
