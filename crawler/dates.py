"""Strict date parsing for Arabic, French and English news pages (and Turkish and Kurdish month names): pure functions.

Public API (called by :mod:`crawler.extract` and the pipelines):

* :func:`parse_date` — one date *value* (a meta/JSON-LD/feed value or a short visible date
  string) to a :class:`~datetime.datetime`, or ``None``.
* :func:`find_date_in_text` — the first Gregorian date expression inside a longer visible
  text (byline, dateline), with the raw substring the page had.
* :func:`to_utc_iso` — a parsed value to the string stored in ``ArticleItem.published_at``.
* :func:`shows_unread_date` — whether a short line has the shape of a date this module does
  not read (Solar Hijri, Hijri only, Hebrew calendar, a two-digit year, an unknown month name).
* :func:`numeric_dates` — the numeric dates of a text ("06/03/2025", "٠٦/٠٣/٢٠٢٥", "06 / 03 /
  2025") as :class:`NumericDate` values, and the order each can only be read in.
* :func:`language_tag` — a language with its region as ``languages`` may give it ("en_us" ->
  "en-US"), normalised, or ``None``; :func:`page_languages` — a site's languages as they speak
  for a page in one of them (a region holds for pages in its own language only), with the
  page's own.
* :data:`MONTHS` — the month-name tables, by language; :class:`DateOnly`.

No settings affect this module; callers pass ``default_tz`` (an IANA name such as
``"Asia/Amman"``, from the site profile) and ``languages`` (ISO 639-1 codes).

Rules
-----
* **Day, month and year must all be present** (4-digit year, 1900-2099) and form a real
  calendar date; ``"2025"``, ``"June 2025"``, ``"31 February 2025"`` give ``None``.
  Nothing is guessed from the crawl date and there is no fuzzy parsing: a candidate is a
  whole date expression found by one of a few precompiled regexes, then validated.
* Text is normalised before matching, with an index map back to the original for the raw
  substring: Arabic-Indic (٠-٩) and Persian (۰-۹) digits become ASCII, case is folded,
  accents and Arabic diacritics / hamza seats / tatweel / bidi marks are dropped (so
  ``fevrier`` = ``février``, ``الاثنين`` = ``الإثنين``, ``مساءً`` = ``مساء``).
* Accepted shapes: ``D Month Y`` (``2 June 2025``, ``1er juillet 2025``, ``٢ حزيران ٢٠٢٥``,
  ``2 حزيران/يونيو 2025`` — both names must agree), ``Month D, Y`` (``June 2nd, 2025``),
  ``Y-M-D`` / ``Y/M/D`` / ``Y.M.D`` (ISO 8601 and its time part, ``T``/space separated,
  fractional seconds, ``Z``/``+03:00``/``+0300``), numeric ``D/M/Y`` (``/ . -``), and
  ``Y weekday D Month`` (``2024 الأحد 12 مايو``, the weekday required). ``D من Month Y`` and
  ``D من شهر Month Y`` are ``D Month Y``.
  RFC 2822 (``Mon, 02 Jun 2025 08:15:00 +0300``) is ``D Month Y`` + time + zone.
  Month names of all three languages are always recognised whatever ``languages`` says,
  because MENA pages mix them (an Arabic page with English meta dates); Arabic covers the
  Egyptian/Gulf, Levantine/Iraqi (two-word ``كانون الثاني``…) and Maghreb/Moroccan families.
  Turkish month names are recognised the same way (full names only, ``02 Haziran 2025``), and
  so are Sorani's Gregorian months, with the ezafe after day and month (``٣ی حوزەیرانی ٢٠٢٥``,
  also in the older spelling with ه and a zero-width non-joiner for ە: ``٣ی حوزه‌یرانی ٢٠٢٥``).
  Kurmanji's month names (``3 Hezîran 2025``) are words of other languages ("12 kanun 2024" is
  twelve laws in Turkish, "14 Adar 2024" a Hebrew-calendar date): they are read only when
  ``languages`` names Kurdish (``ku``, or ``ckb``/``kmr`` as pages declare it).
  Weekday names and prefixes ("Published", "Publié le", "نُشر في") are simply not part of
  the match; a weekday right before the date is included in the raw substring only.
* **Numeric ambiguity** (``02/06/2025``): when only one of D/M/Y and M/D/Y is a real date
  (``06/13/2025``) that one is used, whatever the language. When both are, day-first wins
  (Arabic and French sites, and the region's English press, write D/M/Y); month-first is
  used only when ``languages`` carries a US tag (``en-US``, also written ``en_us``: see
  :func:`language_tag`) or the caller passes ``day_first=False`` (:mod:`crawler.extract` does for
  a page that shows its order in its date elements: another date "05/28/2025", a reading that
  alone falls on a day its metadata declares; and it gives a profile's region only to pages in
  that region's language, :func:`page_languages`). :func:`numeric_dates` lists a text's numeric
  dates as this module reads them.
* **Hijri** dates are never read as Gregorian: a year followed by ``هـ`` rejects that
  candidate (a Hijri-only value gives ``None``; :func:`find_date_in_text` keeps looking,
  e.g. for the ``الموافق 2 يونيو 2025م`` that follows), Hijri month names are not in the
  tables and Hijri years (14xx) are out of range. A ``م`` after the year is the Gregorian
  marker and is consumed.
* **Time** (optional, after the date — a comma, dash or ``": "`` between — or right before it,
  the weekday and a zone may stand between: ``08:10 م الأحد 12 مايو 2024``, ``GMT 13:20 2024
  الأحد 12 مايو``): ``10:15``, ``10:15:30.123``,
  ``10h15``/``10h``, 12-hour clocks with ``AM/PM``, ``a.m.``, ``ص/م``, ``صباحاً/مساءً``,
  ``ظهراً/عصراً``, ``بعد الظهر``, ``du matin``/``du soir``/``de l'après-midi``/``de la nuit``. An hour alone counts only with an AM/PM word or French ``h``.
* **Zone** (only after a time): ``Z``, ``+03:00``/``+0300``/``+3``, ``GMT+3``/``UTC+03:00`` (an offset
  without minutes followed by a word is a count, "10:15 +3 comments", and no zone),
  abbreviations in :data:`ZONE_ABBREVIATIONS` (``AST`` is Arabia Standard Time, +03:00, as
  in this region), ``بتوقيت غرينتش``/``ت.غ`` = UTC, ``بتوقيت مكة المكرمة`` = +03:00.
  A marker that names a place in :data:`ZONE_PLACES` — ``بتوقيت أبوظبي``, ``بتوقيت القدس``,
  ``(Cairo time)``, ``heure de Beyrouth``, ``heure du Caire``, ``Makkah time`` — is that place's IANA zone
  (with its summer time).
  The "local" markers ``بتوقيت عمان`` (Amman and Oman), ``local time``, ``heure
  locale`` mean the site's own zone, i.e. ``default_tz``. A marker naming a place the table
  does not hold (``بتوقيت نيودلهي``, ``heure de Dakar``) is another zone, unknown here: the
  value is its day only, a :class:`DateOnly` (in the site's zone it would be hours off).

Return values
-------------
* A value with an explicit zone gives an aware datetime with a fixed offset.
* A value with a time but no zone gives a datetime in ``default_tz`` (a ``ZoneInfo``, so
  DST is right for that date), or a naive one when ``default_tz`` is ``None``.
* A value without a time gives a :class:`DateOnly` (a naive ``datetime`` at midnight):
  a calendar date has no zone, and shifting its midnight to UTC would move it to the
  previous day for every zone east of Greenwich. :func:`to_utc_iso` renders it as
  ``YYYY-MM-DD``. An explicit ``T00:00:00`` is a time, not a date-only value.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.language import normalise_language_code

logger = logging.getLogger(__name__)

__all__ = [
    "MONTHS",
    "ZONE_ABBREVIATIONS",
    "ZONE_NAMES",
    "DateOnly",
    "NumericDate",
    "find_date_in_text",
    "language_tag",
    "numeric_dates",
    "page_languages",
    "parse_date",
    "shows_unread_date",
    "to_utc_iso",
]


class DateOnly(datetime):
    """A calendar date without a time of day (naive, at midnight); see the module docstring."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"DateOnly({self.year}, {self.month}, {self.day})"


# --------------------------------------------------------------------------------------
# Tables. Keys are written as pages write them; they are normalised when compiled.
# --------------------------------------------------------------------------------------

# fmt: off
MONTHS: dict[str, dict[str, int]] = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
        "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
        "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
        "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "fr": {
        "janvier": 1, "janv": 1, "février": 2, "févr": 2, "fév": 2, "mars": 3,
        "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8,
        "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
        "décembre": 12, "déc": 12,
    },
    "ar": {
        # Egyptian / Gulf (transliterated Latin names), with common spellings.
        "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4,
        "مايو": 5, "مايس": 5, "يونيو": 6, "يونية": 6, "يوليو": 7, "يولية": 7, "أغسطس": 8,
        "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
        # Levantine / Iraqi (Syriac names); two-word names with and without the article.
        "كانون الثاني": 1, "كانون ثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4,
        "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
        "تشرين الأول": 10, "تشرين أول": 10, "تشرين الثاني": 11, "تشرين ثاني": 11,
        "كانون الأول": 12, "كانون أول": 12,
        # Maghreb (French-derived: Algeria, Tunisia) and Moroccan forms.
        "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7,
        "جويليه": 7, "أوت": 8, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11,
        "دجنبر": 12,
    },
    "tr": {
        # Turkish full names only: the three-letter forms ("Oca", "Kas", "Ara") are words elsewhere.
        # The dotless ı has no accent to drop, and "KASIM" lowers to "kasim": both spellings.
        "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "mayis": 5, "haziran": 6,
        "temmuz": 7, "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "kasim": 11,
        "aralık": 12, "aralik": 12,
    },
    "ku": {
        # Sorani, as the Kurdistan Region's press writes Gregorian months (the Syriac names, as in
        # Levantine Arabic), with spelling variants (and the older spelling's ه for ە, folded when
        # the text is normalised); the ezafe "ی" a date puts after the day and the month ("٣ی
        # حوزەیرانی ٢٠٢٥") is read by the patterns. The Kurdish solar calendar's months
        # (خاکەلێوە, جۆزەردان …, with a 27xx year) are another calendar and stay unread.
        "کانوونی دووەم": 1, "کانونی دووەم": 1, "شوبات": 2, "شووبات": 2, "ئازار": 3, "نیسان": 4,
        "ئایار": 5, "حوزەیران": 6, "تەممووز": 7, "تەمموز": 7, "ئاب": 8, "ئەیلوول": 9, "ئەیلول": 9,
        "تشرینی یەکەم": 10, "تشرینی دووەم": 11, "کانوونی یەکەم": 12, "کانونی یەکەم": 12,
        # Kurmanji, in Latin letters: "3 Hezîran 2025" (Nîsan is Turkish's Nisan, also April);
        # read only on a Kurdish page (``_LANGUAGE_ONLY_MONTHS``)
        "çile": 1, "sibat": 2, "adar": 3, "nîsan": 4, "gulan": 5, "hezîran": 6, "tîrmeh": 7,
        "tebax": 8, "îlon": 9, "cotmeh": 10, "mijdar": 11, "kanûn": 12,
    },
}
"""Month names by language (as written; matching ignores case, accents and hamza seats)."""

WEEKDAYS: dict[str, dict[str, int]] = {
    # Numbered as datetime.weekday(): Monday is 0.
    "en": {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
           "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
           "sat": 5, "sunday": 6, "sun": 6},
    "fr": {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    "ar": {"الإثنين": 0, "الاثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
           "الأحد": 6, "يوم الإثنين": 0, "يوم الاثنين": 0, "يوم الثلاثاء": 1, "يوم الأربعاء": 2,
           "يوم الخميس": 3, "يوم الجمعة": 4, "يوم السبت": 5, "يوم الأحد": 6},
    "tr": {"pazartesi": 0, "salı": 1, "sali": 1, "çarşamba": 2, "perşembe": 3, "cuma": 4, "cumartesi": 5,
           "pazar": 6},
    # Sorani, in one word or two ("سێشەممە", "سێ شەممە"; the older spelling's ه for ە is folded when
    # the text is normalised), and Kurmanji in Latin letters ("Sêşem"; Friday "În" is left out: it
    # is also a word). Without them a time written first lost its date's weekday and then its time
    # ("١٠:٢٠ سێشەممە ٣ی حوزەیرانی ٢٠٢٥" was 3 June with no time).
    "ku": {"دووشەممە": 0, "دوو شەممە": 0, "سێشەممە": 1, "سێ شەممە": 1, "چوارشەممە": 2, "چوار شەممە": 2,
           "پێنجشەممە": 3, "پێنج شەممە": 3, "هەینی": 4, "شەممە": 5, "یەکشەممە": 6, "یەک شەممە": 6,
           "duşem": 0, "sêşem": 1, "çarşem": 2, "pêncşem": 3, "înî": 4, "şemî": 5, "yekşem": 6},
}
"""Weekday names by language, as ``datetime.weekday()`` numbers. Dates read them only to take a
leading weekday into the matched text; the near-duplicate check compares them
(:func:`crawler.dedup.story_difference`)."""

ZONE_ABBREVIATIONS: dict[str, int] = {
    # Offsets in minutes. Only abbreviations that are unambiguous for this region's press:
    # AST is Arabia Standard Time here, not Atlantic; IST (Israel/India/Ireland) is left out.
    "gmt": 0, "utc": 0, "ut": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120,
    "eet": 120, "eest": 180, "ast": 180, "msk": 180, "trt": 180, "gst": 240, "irst": 210,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420,
}
# fmt: on
"""Zone abbreviations accepted after a time, as offsets from UTC in minutes."""

# US English is the only month-first convention we follow on ambiguous numeric dates.
_MONTH_FIRST_LANGUAGE_TAGS = frozenset({"en-US"})  # as language_tag writes them
_LANGUAGE_TAG = re.compile(r"([a-z]{2})(?:[-_]([a-z]{2}))?", re.IGNORECASE)

_MIN_YEAR, _MAX_YEAR = 1900, 2099


# --------------------------------------------------------------------------------------
# Normalisation with an index map back to the original text.
# --------------------------------------------------------------------------------------

_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
# (the Arabic semicolon sets a time apart like a comma: "09 مايو / أيار 2024؛ 11:45 مساءً")
# (ة and ه end words interchangeably: "يونيه" / "يونية", "القاهره"; the patterns below are
# written in the folded spelling)
# (Sorani's ە is written ه, with a zero-width non-joiner after it, in its older spelling: "حوزه‌یران"
# for "حوزەیران"; the joiner goes with the other format characters)
_LETTER_FOLDS = {"ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه", "ە": "ه", "ـ": "", "−": "-", "‐": "-", "‑": "-", "؛": ","}
_char_cache: dict[str, str] = {}


def _normalise_char(ch: str) -> str:
    folded = _char_cache.get(ch)
    if folded is not None:
        return folded
    if ch in _LETTER_FOLDS:
        folded = _LETTER_FOLDS[ch]
    elif ord(ch) in _DIGITS:
        folded = _DIGITS[ord(ch)]
    elif unicodedata.category(ch) == "Cf":  # RLM/LRM/ALM, zero-width joiners
        folded = ""
    else:
        decomposed = unicodedata.normalize("NFKD", ch).lower()
        folded = "".join(
            c for c in decomposed if not unicodedata.combining(c) and c != "ـ"
        ).translate(_DIGITS)
    if len(_char_cache) < 20_000:
        _char_cache[ch] = folded
    return folded


def _normalise_word(word: str) -> str:
    return "".join(_normalise_char(ch) for ch in word)


@dataclass(frozen=True, slots=True)
class _Normalised:
    text: str
    index: list[int] | None  # original index of each char of ``text``; None = identity

    def original_span(self, original: str, start: int, end: int) -> tuple[int, int]:
        if self.index is None:
            return start, end
        o_start = self.index[start]
        o_end = self.index[end - 1] + 1
        # Keep trailing diacritics (the tanween of مساءً) inside the raw substring.
        while o_end < len(original) and unicodedata.combining(original[o_end]):
            o_end += 1
        return o_start, o_end


def _normalise(text: str) -> _Normalised:
    if text.isascii():
        return _Normalised(text.lower(), None)
    parts: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _normalise_char(ch)
        if folded:
            parts.append(folded)
            index.extend([i] * len(folded))
    return _Normalised("".join(parts), index)


# --------------------------------------------------------------------------------------
# Patterns (over normalised text).
# --------------------------------------------------------------------------------------

_MONTH_LOOKUP: dict[str, int] = {}
_LANGUAGE_ONLY_MONTHS: dict[str, str] = {}
"""Month names (normalised) read only when ``languages`` names their language: Kurmanji's, in
Latin letters, are other languages' words ("kanun", a law in Turkish; "Adar", a Hebrew-calendar
month). Sorani's, in Arabic letters, are Kurdish only, and always read."""
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
for _language, _table in MONTHS.items():
    for _name, _number in _table.items():
        _key = re.sub(r"\s+", " ", _normalise_word(_name))
        if _language == "ku" and not _ARABIC_LETTER.search(_name):
            if _key not in _MONTH_LOOKUP:  # ("nîsan" is also Turkish's "nisan", read on any page)
                _LANGUAGE_ONLY_MONTHS[_key] = _language
        elif _language == "ku":
            _MONTH_LOOKUP[_key + _normalise_word("ی")] = _number  # the ezafe: "حوزەیرانی ٢٠٢٥"
        _MONTH_LOOKUP.setdefault(_key, _number)


def _alternation(words: Sequence[str]) -> str:
    # Longest first so "september" wins over "sep" and two-word Arabic names stay whole.
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


_MONTH = rf"(?:{_alternation(list(_MONTH_LOOKUP))})(?!\w)"
_WEEKDAY = _alternation([_normalise_word(w) for ws in WEEKDAYS.values() for w in ws])
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
# (Sorani writes the ezafe "ی" after the day, folded to "ي": "٣ی حوزەیرانی ٢٠٢٥")
_ORDINAL = r"(?:st|nd|rd|th|er|ي)"
_YEAR = r"(?:19|20)\d\d"
_NO_DIGIT_BEFORE = r"(?<![\w:/.+\-])"

_DAY_MONTH_YEAR = re.compile(
    # "2nd of June", "12 من مايو", "12 من شهر مايو", "3 شهر أيار"
    # ("03 - يونيو - 2025": spaced dashes on both sides of the month's name, as around numbers;
    # "Chapter 3 - May 2025" is no date)
    rf"{_NO_DIGIT_BEFORE}(?P<day>{_DAY}){_ORDINAL}?(?!\w)(?:[\s.]+|[\-/]|(?P<spaced>\s+[\-/]\s+))"
    rf"(?:(?:of|de|من(?:\s+شهر)?|شهر)\s+)?"
    rf"(?P<month>{_MONTH})(?:\s*[/(\\\-]\s*(?P<month2>{_MONTH})\s*\)?)?\.?(?(spaced)\s+[\-/]\s+|[\s,،.\-/]*)"
    rf"(?P<year>{_YEAR})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<!\w)(?P<month>{_MONTH})\.?[\s\-]*(?P<day>{_DAY}){_ORDINAL}?(?!\w)[\s,،.\-]*"
    rf"(?P<year>{_YEAR})(?!\d)"
)
_YEAR_MONTH_DAY = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?P<year>{_YEAR})(?P<sep>[/.\-])(?P<month>\d\d?)(?P=sep)"
    r"(?P<day>\d\d?)(?!\d)(?![/.\-]\d)"
)
_NUMERIC_DMY = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?P<first>\d\d?)(?P<sep>[/.\-]| [/\-] )(?P<second>\d\d?)(?P=sep)"
    rf"(?P<year>{_YEAR})(?!\d)(?![/.\-]\d)"
)
# The year written first, then the weekday, day and month, with no year after them: "2024 الأحد
# 12 مايو" (after "GMT 13:20", as some Arabic portals print it). The weekday is required: a year
# then a day and a month alone is too often a count or a list.
_YEAR_WEEKDAY_DAY_MONTH = re.compile(
    rf"{_NO_DIGIT_BEFORE}(?P<year>{_YEAR})[\s,،\-]+(?:{_WEEKDAY})[\s,،\-]+(?P<day>{_DAY})(?!\w)\s+"
    rf"(?P<month>{_MONTH})(?![\s,،.\-/]*\d)"
)
_DATE_PATTERNS = (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _YEAR_MONTH_DAY, _NUMERIC_DMY, _YEAR_WEEKDAY_DAY_MONTH)

_HIJRI_MARK = re.compile(r"\s*ه(?!\w)")
_GREGORIAN_MARK = re.compile(r"\s*م(?!\w)")

# (the part of the day in words after the time: "8h30 du soir", "2h15 de l'après-midi", "8:15 بعد الظهر"
# were read as the morning's 8:30, 2:15 and 8:15)
_AMPM = (r"(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?|du\s+soir|du\s+matin|de\s+l['’]\s?apres[\s\-]midi|de\s+la\s+nuit"
         r"|بعد\s+الظهر(?:يه)?|صباحا|صباح|مساءا|مساء|ظهرا|عصرا|ليلا|ص|م)(?!\w)")
# The part of the day an AM/PM word in words names, as the one-letter marks do ("p": afternoon or
# evening, "a": morning, "ل": night, as "ليلاً")
_AMPM_WORDS = {"du soir": "p", "du matin": "a", "de la nuit": "ل"}


def _ampm_kind(ampm: str) -> str:
    """The part of the day an AM/PM mark names, by the first letter of the one-word marks ("p" for
    "p.m.", "م" for "مساءً", "ظ" for "ظهراً"), ``_AMPM_WORDS`` for the French words."""
    words = " ".join(ampm.split())
    if words in _AMPM_WORDS:
        return _AMPM_WORDS[words]
    if words.startswith(("de l", "بعد")):  # "de l'après-midi", "بعد الظهر"
        return "p"
    return ampm[0]
_CLOCK = (
    r"(?P<hour>[01]?\d|2[0-3])"
    r"(?:(?P<colon>:)(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)(?:[.,](?P<frac>\d{1,9}))?)?"
    # "14h30", "14 h", "à 8h": not "12 hostages", "10 habitants"
    r"|\s?(?P<h>h)(?:\s?(?P<hminute>[0-5]\d)|(?![^\W\d_])))?(?![\d:])"
    rf"(?:\s*{_AMPM})?"
)
# (a colon followed by a space also sets the time apart: "12 مايو ,2024: 09:15 ص GST")
_TIME_AFTER = re.compile(
    r"(?:t(?=\d)|\s*(?:(?:[,،|\-–—·•@.]|:(?=\s))\s*)?(?:(?:at|a|vers|le|on|علي\s+الساعه|في\s+تمام\s+الساعه|الساعه|"
    r"ساعه|في)\s*)?)" + _CLOCK
)
# A time written before the date ("10:15 AM (Amman time), June 2, 2025"): the tail between
# the clock and the date may hold only a zone and a separator (checked in ``_complete``).
_TIME_BEFORE = re.compile(_NO_DIGIT_BEFORE + _CLOCK + r"(?P<tail>\D{0,30})$")
_RELATIVE_BEFORE = re.compile(r"(?:il\s+y\s+a|منذ)\s*$")
_WEEKDAY_BEFORE = re.compile(rf"(?<!\w)(?:{_WEEKDAY})\.?[\s,،\-]*$")
# Between a time written first and its date: a separator, "on"/"le"/"في", and the weekday
# ("08:10 م الأحد 12 مايو 2024", "10:15 AM, Sunday, May 12, 2024").
# Possessive runs (``*+``): what follows each never starts with a space, so giving spaces back
# never made a match, but tried every split of a long run of spaces (cubic: 3 s for 4,000).
_BEFORE_DATE_SEPARATOR = re.compile(
    rf"\s*+(?:[,،|\-–—·•]\s*+)?(?:(?:on|le|في)\s++)?(?:(?<!\w)(?:{_WEEKDAY})\.?[\s,،\-]*+)?$")
# A UTC marker written before a time that comes first: "GMT 13:20 2024 الأحد 12 مايو".
_UTC_BEFORE = re.compile(r"(?<!\w)(?:gmt|utc|ت\s?\.?\s?غ)\s*$")

# Zones by their full names, as offsets from UTC in minutes (the standard or the summer time
# they name, as ZONE_ABBREVIATIONS does) or, for a country's time ("heure marocaine"), its IANA
# zone. ("Eastern Time" and other names without "standard"/"summer" are left out: two offsets.)
ZONE_NAMES: dict[str, int | str] = {
    **dict.fromkeys(("greenwich mean time", "coordinated universal time", "universal time", "western european time",
                     "temps universel", "temps universel coordonné", "heure tu", "heure gmt", "heure utc",
                     "heure normale d'europe de l'ouest", "heure d'europe de l'ouest"), 0),
    **dict.fromkeys(("british summer time", "western european summer time", "central european time",
                     "central european standard time", "heure d'été d'europe de l'ouest",
                     "heure normale d'europe centrale", "heure d'europe centrale"), 60),
    **dict.fromkeys(("central european summer time", "eastern european time", "eastern european standard time",
                     "heure d'été d'europe centrale", "heure avancée d'europe centrale",
                     "heure normale d'europe de l'est", "heure d'europe de l'est"), 120),
    **dict.fromkeys(("eastern european summer time", "arabia standard time", "arabian standard time",
                     "moscow standard time", "heure d'été d'europe de l'est"), 180),
    "iran standard time": 210, "gulf standard time": 240,
    "eastern standard time": -300, "eastern daylight time": -240, "central standard time": -360,
    "central daylight time": -300, "mountain standard time": -420, "mountain daylight time": -360,
    "pacific standard time": -480, "pacific daylight time": -420,
    "heure marocaine": "Africa/Casablanca", "heure tunisienne": "Africa/Tunis", "heure algérienne": "Africa/Algiers",
    "heure égyptienne": "Africa/Cairo", "heure libanaise": "Asia/Beirut", "heure française": "Europe/Paris",
    "heure saoudienne": "Asia/Riyadh", "heure mauritanienne": "Africa/Nouakchott", "heure libyenne": "Africa/Tripoli",
    "heure turque": "Europe/Istanbul", "heure iranienne": "Asia/Tehran", "heure qatarie": "Asia/Qatar",
    "heure syrienne": "Asia/Damascus", "heure irakienne": "Asia/Baghdad", "heure jordanienne": "Asia/Amman",
    "heure émiratie": "Asia/Dubai", "heure koweïtienne": "Asia/Kuwait", "heure palestinienne": "Asia/Hebron",
}
"""Full zone names accepted after a time (after ZONE_ABBREVIATIONS' "GMT", "CEST", before the
place markers of ZONE_PLACES): fixed offsets in minutes, or an IANA zone name."""
_ZONE_NAME_KEYS = {" ".join(_normalise_word(name).split()): zone for name, zone in ZONE_NAMES.items()}
# ("d'été", "d’été", "d' été")
_ZONE_NAME_ALTERNATION = _alternation(list(_ZONE_NAME_KEYS)).replace("'", r"['’]\s?")

_FRENCH_WORD_ZONES = ("est", "cet")
# Country codes written after a time as its zone (see _ZONE's "named" branch)
_COUNTRY_CODE_ZONES = {"ksa": "Asia/Riyadh", "uae": "Asia/Dubai"}
# The leading spaces are possessive: no alternative starts with a space, and splitting a run of
# spaces between the two ``\s*`` cost cubic time (9 s for 4,000 spaces).
_ZONE = re.compile(
    r"\s*+[(\[]?\s*+(?:"
    r"(?P<z>z)(?!\w)"
    r"|(?:(?:heure\s+)?(?:gmt|utc)|ut|ت\s?\.?\s?غ|(?:ب?توقيت\s+)?[غج]رين(?:ي|و|وي)?تش)\s*(?P<sign>[+\-])\s*(?P<oh>\d\d?)"
    r"(?::?(?P<om>[0-5]\d))?(?!\d)"
    # (an offset without its minutes is not followed by a word: "10:15 +3 comments", "à 10h15 +12
    # commentaires" count something; "10:15 +3", "10:15 (+03)" and "10:15 +0300" are offsets)
    r"|(?P<bsign>[+\-])(?P<boh>\d\d)(?::?(?P<bom>[0-5]\d)(?![\d:])|(?![\d:])(?!\s*[^\W\d_]))"
    r"|\+(?P<ph>\d\d?)(?![\d:])(?!\s*[^\W\d_])"
    r"|(?P<gmt>(?:حسب\s+)?(?:ب?توقيت\s+)?[غج]رين(?:ي|و|وي)?تش|ت\s?\.\s?غ|ت\sغ(?!\w))"
    r"|(?P<mecca>(?:حسب\s+)?(?:ب?توقيت\s+)?مكه(?:\s+المكرمه)?(?!\w))"
    # a zone's full name ("Central European Summer Time", "heure marocaine", "heure GMT", "10h15 TU"),
    # before the "<word> time" and "heure de …" markers below; "tu" followed by a word is French's
    # "you" ("à 10h15 tu pars")
    rf"|(?P<named>(?:{_ZONE_NAME_ALTERNATION})(?!\w)|tu(?!\w)(?!\s*[^\W\d_])"
    # the Gulf press's country code after the time, alone on its line or in brackets: "10:15 AM
    # (KSA)", "10:15 UAE" ("10:15 UAE officials said" goes on with a word, "10:15 UAE-based firms"
    # joins one: no zone there)
    rf"|(?:{'|'.join(_COUNTRY_CODE_ZONES)})(?!\w)(?!\s*[^\W\d_]|[-‐‑]\w))"
    # "EST"/"CET" followed by a word are French ("à 14h est reporté", "à 8h cet après-midi")
    rf"|(?P<abbr>{_alternation([a for a in ZONE_ABBREVIATIONS if a not in _FRENCH_WORD_ZONES])}"
    rf"|(?:{'|'.join(_FRENCH_WORD_ZONES)})(?!\s+[^\W\d_]))(?!\w)"
    r"|(?P<local>(?:حسب\s+)?ب?توقيت\s+[^\W\d]+|(?:[^\W\d]+\s+){0,2}time(?!\w)"
    r"|heure\s+(?:locale|du\s+[^\W\d]+|de\s+[^\W\d]+|d['’]\s*[^\W\d]+))"
    r")\s*[)\]]?"
)

_LOCAL = "local"
# A "local time" marker that names a place ZONE_PLACES does not hold ("بتوقيت نيودلهي", "heure
# de Dakar"): the time is that place's, not the site's, and its zone is not known here, so the
# value is read as its day only (a time read in the site's zone would be hours off)
_ELSEWHERE = "elsewhere"
# The words of a marker that mean the site's own zone, and the place names that are two places
# (عمان is Amman and Oman, طرابلس Tripoli of Libya and of Lebanon): the site's zone
_SITE_ZONE_WORDS_WRITTEN = ("local", "locale", "محلي", "المحلي", "عمان", "عمّان", "طرابلس", "tripoli")

# The place a "local time" marker names, when it names a zone unambiguously: "بتوقيت أبوظبي",
# "(Cairo time)", "heure de Beyrouth". Ambiguous names stay the site's own zone: عمان is Amman
# and Oman, طرابلس Tripoli of Libya and of Lebanon.
ZONE_PLACES: dict[str, str] = {
    **dict.fromkeys(("أبوظبي", "أبو ظبي", "دبي", "الإمارات", "abu dhabi", "dubai", "uae"), "Asia/Dubai"),
    **dict.fromkeys(("الرياض", "السعودية", "riyadh", "saudi", "riyad", "ksa", "mecca", "makkah", "la mecque"),
                    "Asia/Riyadh"),
    **dict.fromkeys(("القاهرة", "مصر", "cairo", "egypt", "le caire", "caire"), "Africa/Cairo"),
    **dict.fromkeys(("القدس", "jerusalem", "jérusalem"), "Asia/Jerusalem"),
    **dict.fromkeys(("غزة", "gaza"), "Asia/Gaza"),
    **dict.fromkeys(("بيروت", "لبنان", "beirut", "lebanon", "beyrouth"), "Asia/Beirut"),
    **dict.fromkeys(("دمشق", "سوريا", "damascus", "damas"), "Asia/Damascus"),
    **dict.fromkeys(("بغداد", "العراق", "baghdad", "bagdad"), "Asia/Baghdad"),
    **dict.fromkeys(("الدوحة", "قطر", "doha", "qatar"), "Asia/Qatar"),
    **dict.fromkeys(("الكويت", "kuwait", "koweït"), "Asia/Kuwait"),
    **dict.fromkeys(("المنامة", "البحرين", "manama", "bahrain"), "Asia/Bahrain"),
    **dict.fromkeys(("مسقط", "muscat", "mascate"), "Asia/Muscat"),
    **dict.fromkeys(("الأردن", "amman", "jordan"), "Asia/Amman"),
    **dict.fromkeys(("الخرطوم", "السودان", "khartoum"), "Africa/Khartoum"),
    **dict.fromkeys(("تونس", "tunis", "tunisia"), "Africa/Tunis"),
    **dict.fromkeys(("الجزائر", "algiers", "alger"), "Africa/Algiers"),
    **dict.fromkeys(("الرباط", "المغرب", "rabat", "casablanca", "morocco", "maroc"), "Africa/Casablanca"),
    **dict.fromkeys(("صنعاء", "اليمن", "sanaa", "yemen"), "Asia/Aden"),
    **dict.fromkeys(("أنقرة", "إسطنبول", "اسطنبول", "تركيا", "ankara", "istanbul", "turkey", "turquie"),
                    "Europe/Istanbul"),
    **dict.fromkeys(("طهران", "إيران", "ايران", "tehran", "téhéran", "iran"), "Asia/Tehran"),
    **dict.fromkeys(("فلسطين", "رام الله", "palestine", "ramallah"), "Asia/Hebron"),
    **dict.fromkeys(("ليبيا", "بنغازي", "libya", "libye", "benghazi"), "Africa/Tripoli"),
    **dict.fromkeys(("نواكشوط", "موريتانيا", "nouakchott", "mauritania", "mauritanie"), "Africa/Nouakchott"),
    **dict.fromkeys(("algeria", "algérie"), "Africa/Algiers"),
    **dict.fromkeys(("الإسكندرية", "alexandria"), "Africa/Cairo"),
    **dict.fromkeys(("paris",), "Europe/Paris"),
    # the countries' adjectives, as in "(Moroccan time)"
    **{adjective: zone for zone, adjectives in (
        ("Africa/Casablanca", ("moroccan",)), ("Africa/Tunis", ("tunisian",)), ("Africa/Algiers", ("algerian",)),
        ("Africa/Cairo", ("egyptian",)), ("Asia/Beirut", ("lebanese",)), ("Asia/Dubai", ("emirati",)),
        ("Asia/Qatar", ("qatari",)), ("Asia/Kuwait", ("kuwaiti",)), ("Asia/Bahrain", ("bahraini",)),
        ("Asia/Muscat", ("omani",)), ("Asia/Amman", ("jordanian",)), ("Asia/Baghdad", ("iraqi",)),
        ("Asia/Damascus", ("syrian",)), ("Europe/Istanbul", ("turkish",)), ("Asia/Tehran", ("iranian",)),
        ("Africa/Tripoli", ("libyan",)), ("Africa/Khartoum", ("sudanese",)), ("Asia/Aden", ("yemeni",)),
        ("Asia/Hebron", ("palestinian",)), ("Africa/Nouakchott", ("mauritanian",)))
       for adjective in adjectives},
}
_ZONE_PLACE_KEYS = {_normalise_word(name): zone for name, zone in ZONE_PLACES.items()}
# The words of a "local time" marker that are no place ("حسب توقيت", "time", "heure de")
_MARKER_WORDS = frozenset(_normalise_word(word) for word in ("حسب", "توقيت", "بتوقيت", "time", "heure", "de", "d",
                                                               "du", "the", "at"))
_SITE_ZONE_WORDS = frozenset(_normalise_word(word) for word in _SITE_ZONE_WORDS_WRITTEN)
_ZONE_PLACE = re.compile(r"(?<!\w)(" + _alternation(list(_ZONE_PLACE_KEYS)) + r")(?!\w)")


# The end of a time range written onto its start: "10:00-11:00", "10h-11h30".
_RANGE_END = re.compile(r"-(\d\d?)(?::[0-5]\d|h)")


def _range_end_hour(text: str, pos: int) -> int:
    """The hour a range written at ``pos`` ends at ("-11:00" -> 11), or -1."""
    m = _RANGE_END.match(text, pos)
    return int(m.group(1)) if m else -1


def _match_zone(text: str, pos: int, *, after_range_start: bool = False) -> tuple[tzinfo | str | None, int]:
    """Zone right after ``pos``: fixed offset, ``_LOCAL`` or ``None``; and the end position.

    ``after_range_start``: the caller found at ``pos`` the end of a time range written onto its
    start ("10:00-11:00", :func:`_range_end_hour`), so the bare "-HH:MM" there is not a UTC offset."""
    m = _ZONE.match(text, pos)
    if not m:
        return None, pos
    g = m.group
    if after_range_start and g("bsign") == "-":
        return None, pos
    if g("z") or g("gmt"):
        return UTC, m.end()
    if g("mecca"):
        return timezone(timedelta(hours=3)), m.end()
    if g("named"):
        # spaces collapsed first: "d'\tété" and "d' été" are "d'été"
        key = re.sub(r"['’]\s*", "'", " ".join(g("named").split()))
        zone = 0 if key == "tu" else _ZONE_NAME_KEYS.get(key, _COUNTRY_CODE_ZONES.get(key))
        if zone is None:  # a name the table does not hold is no zone, never UTC
            return None, pos
        return (_fixed_offset(zone) if isinstance(zone, int) else _zone_by_name(zone)), m.end()
    if g("abbr"):
        return _fixed_offset(ZONE_ABBREVIATIONS[g("abbr")]), m.end()
    if g("local"):
        # "بتوقيت أبو ظبي": a two-word place goes on after the one word the pattern takes
        marker_start = m.start("local")
        found = _ZONE_PLACE.search(text, marker_start, m.end() + 12)
        if found is None or found.start() >= m.end():  # only a place the marker itself names
            named = re.findall(r"[^\W\d]+", g("local"))
            place = [word for word in named if word not in _MARKER_WORDS]
            if not place or any(word in _SITE_ZONE_WORDS for word in named):
                return _LOCAL, m.end()
            return _ELSEWHERE, m.end()
        return _zone_by_name(_ZONE_PLACE_KEYS[" ".join(found.group(1).split())]), max(m.end(), found.end())
    if g("sign"):
        sign, hours, minutes = g("sign"), g("oh"), g("om")
    elif g("bsign"):
        sign, hours, minutes = g("bsign"), g("boh"), g("bom")
    else:
        sign, hours, minutes = "+", g("ph"), None
    total = int(hours) * 60 + int(minutes or 0)
    if total > 14 * 60:
        return None, pos
    return _fixed_offset(-total if sign == "-" else total), m.end()


def _fixed_offset(minutes: int) -> tzinfo:
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


@dataclass(frozen=True, slots=True)
class _Clock:
    hour: int
    minute: int
    second: int
    microsecond: int


def _read_clock(m: re.Match[str]) -> _Clock | None:
    """Validated time of day from a ``_CLOCK`` match, or None if it is not a time."""
    hour = int(m.group("hour"))
    minute_text = m.group("minute") or m.group("hminute")
    ampm = m.group("ampm")
    # A bare number is a time only with an AM/PM word (never the one-letter ص/م, which
    # also ends ordinary words and marks Gregorian years).
    if minute_text is None and not m.group("h") and (ampm is None or ampm in ("ص", "م")):
        return None
    if ampm:
        kind = _ampm_kind(ampm)
        if hour > 12:
            # "14:25 PM", "20h du soir": a 24-hour clock with a redundant afternoon mark; "14:25 AM" is no time
            return _Clock(hour, int(minute_text or 0), int(m.group("second") or 0), 0) \
                if (minute_text is not None or m.group("h")) and kind in "pمظعل" else None
        if kind == "ظ":
            hour += 12 if hour <= 6 else 0  # "11:30 ظهراً" is before noon, "2 ظهراً" after it
        elif kind == "ل":
            hour = (hour + 12) % 24 if hour >= 6 else hour  # "10:30 ليلاً" is 22:30, "2 ليلاً" 02:00
        elif kind in "pمع" and hour < 12:
            hour += 12
        elif kind in "aص" and hour == 12:
            hour = 0
    frac = m.group("frac") or ""
    return _Clock(
        hour=hour,
        minute=int(minute_text or 0),
        second=int(m.group("second") or 0),
        microsecond=int(frac[:6].ljust(6, "0")) if frac else 0,
    )


# --------------------------------------------------------------------------------------
# Candidate search.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    value: datetime
    start: int  # in normalised text
    end: int


def _resolve_tz(default_tz: str | tzinfo | None) -> tzinfo | None:
    if default_tz is None or isinstance(default_tz, tzinfo):
        return default_tz
    return _zone_by_name(default_tz)


@lru_cache(maxsize=64)
def _zone_by_name(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (expected an IANA name)") from exc


def _wants_day_first(languages: Sequence[str], day_first: bool | None) -> bool:
    if day_first is not None:
        return day_first
    return not any(language_tag(lang) in _MONTH_FIRST_LANGUAGE_TAGS for lang in languages)


def _calendar_date(m: re.Match[str], day_first: bool, weekday: int | None = None,
                   languages: Sequence[str] = ()) -> tuple[int, int, int] | None:
    """(year, month, day) of a date-pattern match, or None if it is not a real date, or its month
    is named in a language ``languages`` does not name (``_LANGUAGE_ONLY_MONTHS``).
    ``weekday`` (Monday 0), written before an ambiguous numeric date, picks the reading that
    falls on it ("Tue, 06/03/2025" is 3 June, a Tuesday, on a Drupal site's month-first
    format; 6 March 2025 was a Thursday); otherwise ``day_first`` decides."""
    groups = m.groupdict()
    year = int(groups["year"])
    if "first" in groups:
        first, second = int(groups["first"]), int(groups["second"])
        readings = [(second, first), (first, second)]  # (month, day): D/M/Y, then M/D/Y
        valid = [(mo, d) for mo, d in readings if _is_real_date(year, mo, d)]
        if not valid:
            return None
        if len(valid) == 2 and valid[0] != valid[1] and weekday is not None:
            on_day = [(mo, d) for mo, d in valid if datetime(year, mo, d).weekday() == weekday]
            if len(on_day) == 1:
                return year, *on_day[0]
        if len(valid) == 2 and valid[0] != valid[1] and not day_first:
            month, day = valid[1]
        else:
            month, day = valid[0]
        return year, month, day
    month_text = groups["month"]
    if month_text.isdigit():
        month = int(month_text)
    else:
        month_key = re.sub(r"\s+", " ", month_text)
        if month_key in _LANGUAGE_ONLY_MONTHS and not _speaks(languages, _LANGUAGE_ONLY_MONTHS[month_key]):
            return None  # "12 kanun 2024" on a Turkish page: twelve laws
        month = _MONTH_LOOKUP[month_key]
        # "2 حزيران/يونيو 2025": both spellings must name the same month.
        month2 = groups.get("month2")
        if month2 and _MONTH_LOOKUP[re.sub(r"\s+", " ", month2)] != month:
            return None
    day = int(groups["day"])
    return (year, month, day) if _is_real_date(year, month, day) else None


def _speaks(languages: Sequence[str], language: str) -> bool:
    """Whether ``languages`` (as callers give them: "ku", "ckb", "kmr-TR") names ``language``
    (an ISO 639-1 code)."""
    return any(normalise_language_code(tag) == language for tag in languages)


# Weekday names by number (Monday 0), normalised as the text is ("يوم" is taken off before the lookup).
_WEEKDAY_NUMBERS: dict[str, int] = {
    _normalise_word(word): number for names in WEEKDAYS.values() for word, number in names.items()
}


_DAY_WORD = re.compile(r"^" + re.escape(_normalise_word("يوم")) + r"\s+")  # "يوم الأحد"


def _weekday_before(norm: str, start: int) -> tuple[int, int | None] | None:
    """The weekday written right before ``start`` ("Tue, ", "يوم الأحد "): where it starts in
    ``norm`` and its number (Monday 0), or ``None`` when there is none."""
    found = _WEEKDAY_BEFORE.search(norm, max(0, start - 30), start)
    if found is None:
        return None
    word = re.sub(r"[\s,،.\-]+$", "", found.group())
    return found.start(), _WEEKDAY_NUMBERS.get(_DAY_WORD.sub("", word))


def _is_real_date(year: int, month: int, day: int) -> bool:
    if not (_MIN_YEAR <= year <= _MAX_YEAR and 1 <= month <= 12):
        return False
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def _candidates(text: str) -> list[re.Match[str]]:
    matches = [m for pattern in _DATE_PATTERNS for m in pattern.finditer(text)]
    # Earliest first; at the same start, the longest (most complete) expression.
    matches.sort(key=lambda m: (m.start(), -m.end()))
    return matches


def _complete(
    text: str, m: re.Match[str], ymd: tuple[int, int, int], tz: tzinfo | None
) -> _Found | None:
    """Add the time and zone around a date match; None if the date is marked Hijri."""
    start, end = m.start(), m.end()
    if _HIJRI_MARK.match(text, end):
        return None
    gregorian = _GREGORIAN_MARK.match(text, end)
    if gregorian:
        end = gregorian.end()

    clock: _Clock | None = None
    time_match = _TIME_AFTER.match(text, end)
    if time_match:
        clock = _read_clock(time_match)
        if clock:
            end = time_match.end()
    zone: tzinfo | str | None = None
    if clock is None:
        window_start = max(0, start - 60)
        window = text[window_start:start]
        before = _TIME_BEFORE.search(window)
        if before and _RELATIVE_BEFORE.search(window, 0, before.start()):
            before = None  # "il y a 2 h · 5 mai 2025", "منذ 3 ساعات": a time ago, not the time
        if before:
            zone, zone_end = _match_zone(window, before.start("tail"))
            if not _BEFORE_DATE_SEPARATOR.match(window, zone_end):
                before = None
        if before:
            clock = _read_clock(before)
            if clock:
                start = window_start + before.start()
                if zone is None and (utc_before := _UTC_BEFORE.search(window, 0, before.start())):
                    zone, start = UTC, window_start + utc_before.start()

    year, month, day = ymd
    if clock is None:
        return _Found(DateOnly(year, month, day), start, end)

    if zone is None:
        # ISO's "T10:00-05:00" and "10:00:00-05:00" carry an offset; a visible "10:00-11:00"
        # is a time range (its end read as UTC-11 moved the date by a day).
        # A range ends later than it starts ("22:30-04:00" is an offset) and is not written
        # after a numeric year-first date ("2024-05-12 10:00-05:00" is ISO with a space).
        range_start = time_match is not None and clock is not None and end == time_match.end() \
            and not time_match.group("second") and not time_match.group(0).startswith("t") \
            and m.re is not _YEAR_MONTH_DAY and _range_end_hour(text, end) > clock.hour
        zone, zone_end = _match_zone(text, end, after_range_start=range_start)
        if zone is not None:
            end = zone_end
    if zone == _ELSEWHERE:
        return _Found(DateOnly(year, month, day), start, end)
    if zone is None or zone == _LOCAL:
        zone = tz
    value = datetime(
        year,
        month,
        day,
        clock.hour,
        clock.minute,
        clock.second,
        clock.microsecond,
        tzinfo=zone,  # type: ignore[arg-type]
    )
    return _Found(value, start, end)


def _find(
    norm: str, languages: Sequence[str], tz: tzinfo | None, day_first: bool | None
) -> _Found | None:
    wants_day_first = _wants_day_first(languages, day_first)
    for m in _candidates(norm):
        weekday = _weekday_before(norm, m.start()) if m.re is _NUMERIC_DMY else None
        ymd = _calendar_date(m, wants_day_first, weekday[1] if weekday else None, languages)
        if ymd is None:
            continue
        found = _complete(norm, m, ymd, tz)
        if found is not None:
            return found
    return None


# --------------------------------------------------------------------------------------
# Public API.
# --------------------------------------------------------------------------------------


_COMPACT_ISO = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+\-]\d{2}:?\d{2})?", re.IGNORECASE)


def parse_date(
    value: str,
    *,
    languages: Sequence[str] = (),
    default_tz: str | tzinfo | None = None,
    day_first: bool | None = None,
) -> datetime | None:
    """Parse one date value (machine or short human form); ``None`` unless D, M and Y are found.

    :param value: a meta/JSON-LD/feed value (ISO 8601, RFC 2822, ``2025-06-02 10:15:00``) or
        a short visible date string in Arabic, French or English. Epoch numbers are refused.
    :param languages: ISO 639-1 codes (optionally with region) of the page; only a US
        English tag changes anything (month-first for ambiguous numeric dates).
    :param default_tz: the site's zone (IANA name or tzinfo) for times without a zone and
        for "local time" markers. ``None`` leaves such times naive.
    :param day_first: overrides the numeric-ambiguity rule; ``None`` = from ``languages``.
    :returns: an aware datetime when the value gives a zone or ``default_tz`` is set, a
        naive one otherwise, a :class:`DateOnly` when the value has no time, else ``None``.
    :raises ValueError: if ``default_tz`` is not a known IANA zone name.
    """
    if not value:
        return None
    tz = _resolve_tz(default_tz)
    if compact := _COMPACT_ISO.fullmatch(value.strip()):
        # "20250505T143000Z" (ISO 8601's basic format, in some feeds): the extended form
        y, mo, d, h, mi, sec, zone = compact.groups()
        value = f"{y}-{mo}-{d}T{h}:{mi}:{sec or '00'}{zone or ''}"
    found = _find(_normalise(value).text, languages, tz, day_first)
    return found.value if found else None


def find_date_in_text(
    text: str,
    *,
    languages: Sequence[str] = (),
    default_tz: str | tzinfo | None = None,
    day_first: bool | None = None,
) -> tuple[datetime, str] | None:
    """Find the first Gregorian date expression in a longer visible text.

    Same rules and parameters as :func:`parse_date`. Hijri dates are skipped.

    :returns: ``(datetime, raw)`` where ``raw`` is the expression as the page wrote it
        (with a leading weekday, time and zone when present), or ``None``.
    """
    if not text:
        return None
    tz = _resolve_tz(default_tz)
    norm = _normalise(text)
    found = _find(norm.text, languages, tz, day_first)
    if found is None:
        return None
    start = found.start
    if weekday := _weekday_before(norm.text, start):
        start = weekday[0]
    o_start, o_end = norm.original_span(text, start, found.end)
    return found.value, text[o_start:o_end].strip(" \t\n,،|-–—")


@lru_cache(maxsize=256)
def language_tag(value: str) -> str | None:
    """A language as ``languages`` gives it, normalised: an ISO 639-1 code, perhaps with its region
    ("ar", "en-US"; "en_us", "EN-us" and "en_US" are read as "en-US"), or ``None`` for anything
    else. Only a US region changes how dates are read (month first)."""
    found = _LANGUAGE_TAG.fullmatch(value.strip()) if value else None
    if found is None:
        return None
    return found[1].lower() + (f"-{found[2].upper()}" if found[2] else "")


def page_languages(languages: Sequence[str], language: str | None) -> tuple[str, ...]:
    """``languages`` (a site profile's) as they speak for the dates of a page in ``language`` (an
    ISO 639-1 code, ``None`` when the page's language is not known): a region holds for pages in
    its own language only, and the page's language speaks too. A profile ``("ar", "en-US")``
    reads an English page's "06/03/2025" as 3 June and an Arabic page's as 6 March (``("ar",
    "en")``); a Kurdish page under a profile ``("ar",)`` reads Kurmanji month names (``("ar",
    "ku")``)."""
    tags = [language_tag(lang) or lang for lang in languages]
    spoken = tuple(tag if tag.split("-")[0] == language else tag.split("-")[0] for tag in tags)
    if language is None or any(tag.split("-")[0] == language for tag in spoken):
        return spoken
    return (*spoken, language)


class NumericDate(NamedTuple):
    """A numeric date as written, day and month in either order (:func:`numeric_dates`)."""

    first: int
    second: int
    year: int
    separator: str
    """"/", "." or "-": the same whether spaces surround it ("06 / 03 / 2025") or not."""

    def reading(self, day_first: bool) -> date | None:
        """The calendar day it names read day first (``True``) or month first, if it is one."""
        day, month = (self.first, self.second) if day_first else (self.second, self.first)
        return date(self.year, month, day) if _is_real_date(self.year, month, day) else None

    @property
    def order(self) -> bool | None:
        """The only order it reads in (``True``: day first, "17/06/2025"; ``False``: month first,
        "05/28/2025"), or ``None`` when it reads both ways ("06/03/2025") or neither."""
        readings = [self.reading(True), self.reading(False)]
        if (readings[0] is None) == (readings[1] is None):
            return None
        return readings[0] is not None


def numeric_dates(text: str) -> list[NumericDate]:
    """The numeric dates of ``text`` as :func:`find_date_in_text` finds them: Arabic-Indic and
    Persian digits read as ASCII, separators spaced or not ("06/03/2025", "٠٦/٠٣/٢٠٢٥",
    "06 / 03 / 2025", "3.6.2025"), a year of 1900-2099."""
    if not text:
        return []
    return [NumericDate(int(m["first"]), int(m["second"]), int(m["year"]), m["sep"].strip())
            for m in _NUMERIC_DMY.finditer(_normalise(text).text)]


# The shapes of a date written in a calendar or a language this module does not read (digits
# made ASCII first): a day's number, a month's name and a year of one of the region's calendars
# (Gregorian 19xx/20xx, Hijri and Solar Hijri 13xx/14xx, Kurdish 27xx, Amazigh 29xx, Hebrew
# 57xx/58xx: "۱۲ آذر ۱۴۰۴", "12 جمادى الآخرة 1447هـ", "5 دسمبر 2025", "14 בכסלו 5786"); a
# numeric date with a two-digit year ("05.12.25") or a Hijri/Solar year ("1404/09/12",
# "12/09/1404"); a Hebrew-calendar day and month ('י"ד בכסלו').
_CALENDAR_YEAR = r"(?:1[34]|19|20|27|29|5[78])\d\d"
_NUMERIC_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_NUMERIC_MONTH = r"(?:0?[1-9]|1[0-2])"
_HEBREW_MONTH = "תשרי|מרחשוון|חשוון|חשון|כסלו|כסליו|טבת|שבט|אדר|ניסן|אייר|סיוון|סיון|תמוז|אב|אלול"
_UNREAD_DATE_SHAPE = re.compile(
    rf"(?<![\d.,:/])\d{{1,2}}(?![\d.,:/])\D{{0,12}}?[^\W\d_]\D{{0,20}}?(?<![\d.,]){_CALENDAR_YEAR}(?!\d)"
    rf"|(?<![\w.:/\-]){_NUMERIC_DAY}(?P<sep>[./\-]){_NUMERIC_MONTH}(?P=sep)\d\d(?![\w.:/\-])"
    rf"|(?<![\w.:/\-])1[34]\d\d(?P<sep2>[./\-]){_NUMERIC_MONTH}(?P=sep2){_NUMERIC_DAY}(?!\d)"
    rf"|(?<![\w.:/\-]){_NUMERIC_DAY}(?P<sep3>[./\-]){_NUMERIC_MONTH}(?P=sep3)1[34]\d\d(?!\d)"
    rf"|(?:\d{{1,2}}|(?<![\u05d0-\u05ea])[\u05d0-\u05ea]{{1,2}}[\"'\u05f3\u05f4][\u05d0-\u05ea]?)\s+ב(?:{_HEBREW_MONTH})"
    r"(?![\u05d0-\u05ea])"
)


def shows_unread_date(text: str) -> bool:
    """Whether ``text`` (a short line: a page's date element, a line by its headline) has the
    shape of a date that :func:`find_date_in_text` does not read — a Solar Hijri, Hijri-only or
    Hebrew-calendar date, a month named in another language, a two-digit year (see
    ``_UNREAD_DATE_SHAPE``). Such a line is the page's own date line, which the caller cannot
    know; a line with any date this module reads is not one."""
    return bool(text) and _UNREAD_DATE_SHAPE.search(text.translate(_DIGITS)) is not None \
        and find_date_in_text(text) is None


def to_utc_iso(dt: datetime | None, default_tz: str | tzinfo | None = None) -> str | None:
    """Render a parsed value for storage.

    * aware -> UTC, ``YYYY-MM-DDTHH:MM:SS+00:00`` (fractional seconds dropped);
    * naive + ``default_tz`` -> localised in that zone (DST of that date), then UTC;
    * naive, no ``default_tz`` -> ``YYYY-MM-DDTHH:MM:SS`` (no zone is invented);
    * :class:`DateOnly` -> ``YYYY-MM-DD`` whatever the zone (see the module docstring);
    * ``None`` -> ``None``.

    :raises ValueError: if ``default_tz`` is not a known IANA zone name.
    """
    if dt is None:
        return None
    if isinstance(dt, DateOnly):
        return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    dt = dt.replace(microsecond=0)
    if dt.tzinfo is None or dt.utcoffset() is None:
        tz = _resolve_tz(default_tz)
        if tz is None:
            return dt.replace(tzinfo=None).isoformat(timespec="seconds")
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(UTC).isoformat(timespec="seconds")


# A page is published before it is fetched. Its date may still read later than the fetch time by a
# zone error, at most 14 h (UTC+14 read as UTC); a day more than that is no zone error.
AFTER_FETCH_TOLERANCE = timedelta(days=1)


def later_than_fetch(value: str | None, fetched_at: str | None, *,
                     tolerance: timedelta = AFTER_FETCH_TOLERANCE) -> bool:
    """Whether the ISO 8601 date ``value`` (an article's ``published_at`` or ``modified_at``) is
    more than ``tolerance`` after ``fetched_at``, the time its page was downloaded: such a date is
    wrong (a mistyped year, a scheduled-post date, an event date taken for the publication) and
    is not to be trusted. ``False`` when either is missing or unreadable. A date without a zone is
    UTC; a day alone is its start, the earliest instant it can mean."""
    if not value or not fetched_at:
        return False
    try:
        date_value, fetched = datetime.fromisoformat(value), datetime.fromisoformat(fetched_at)
    except ValueError:
        return False
    if date_value.tzinfo is None:
        date_value = date_value.replace(tzinfo=UTC)
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return date_value - fetched > tolerance
