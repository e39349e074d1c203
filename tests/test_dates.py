"""Specification of crawler.dates: strict multilingual date parsing.

The golden cases (one per supported form, plus garbage that must give nothing) live in
``tests/golden/dates/cases.toml``; the tests below pin the API contract around them.
"""

from __future__ import annotations

import time
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crawler.dates import (
    MONTHS,
    DateOnly,
    NumericDate,
    find_date_in_text,
    language_tag,
    numeric_dates,
    page_languages,
    parse_date,
    shows_unread_date,
    to_utc_iso,
)

GOLDEN = tomllib.loads(
    (Path(__file__).parent / "golden" / "dates" / "cases.toml").read_text(encoding="utf-8")
)


def _case_id(case: dict) -> str:
    return case.get("form") or case["value"] or "<empty>"


@pytest.mark.parametrize("case", GOLDEN["parse"], ids=_case_id)
def test_parse_date_golden(case):
    tz = case.get("tz")
    parsed = parse_date(case["value"], languages=case.get("languages", ()), default_tz=tz)
    assert to_utc_iso(parsed, tz) == case["expected"]


@pytest.mark.parametrize("case", GOLDEN["garbage"], ids=_case_id)
def test_garbage_gives_none(case):
    languages = case.get("languages", ())
    assert parse_date(case["value"], languages=languages) is None
    assert find_date_in_text(case["value"], languages=languages) is None


@pytest.mark.parametrize("case", GOLDEN["find"], ids=_case_id)
def test_find_date_in_text_golden(case):
    tz = case.get("tz")
    found = find_date_in_text(case["text"], languages=case.get("languages", ()), default_tz=tz)
    assert found is not None
    value, raw = found
    assert (to_utc_iso(value, tz), raw) == (case["expected"], case["raw"])
    assert raw in case["text"]


def test_golden_file_covers_every_language_and_has_garbage():
    forms = " ".join(case["form"] for case in GOLDEN["parse"])
    for prefix in ("iso", "rfc2822", "en:", "fr:", "ar:"):
        assert prefix in forms
    assert len(GOLDEN["garbage"]) >= 10


# --- return types ----------------------------------------------------------------------


class TestReturnTypes:
    def test_explicit_zone_gives_aware_fixed_offset(self):
        parsed = parse_date("2025-06-02T08:39:00+03:00")
        assert parsed == datetime(2025, 6, 2, 8, 39, tzinfo=timezone(timedelta(hours=3)))
        assert parsed.utcoffset() == timedelta(hours=3)

    def test_time_without_zone_takes_default_tz_as_zoneinfo(self):
        parsed = parse_date("2 June 2025 10:15", default_tz="Africa/Cairo")
        assert parsed.tzinfo == ZoneInfo("Africa/Cairo")
        assert parsed.utcoffset() == timedelta(hours=3)  # Egypt's summer time (since 2023)

    def test_default_tz_may_be_a_tzinfo(self):
        parsed = parse_date("2 June 2025 10:15", default_tz=ZoneInfo("Asia/Beirut"))
        assert to_utc_iso(parsed) == "2025-06-02T07:15:00+00:00"

    def test_time_without_zone_and_no_default_is_naive(self):
        parsed = parse_date("2 June 2025 10:15")
        assert parsed == datetime(2025, 6, 2, 10, 15)
        assert parsed.tzinfo is None

    def test_date_without_time_is_date_only_and_naive(self):
        parsed = parse_date("2 June 2025", default_tz="Asia/Amman")
        assert isinstance(parsed, DateOnly)
        assert isinstance(parsed, datetime)
        assert parsed.tzinfo is None
        assert (parsed.year, parsed.month, parsed.day) == (2025, 6, 2)

    def test_explicit_midnight_is_not_date_only(self):
        assert not isinstance(parse_date("2025-06-02T00:00:00Z"), DateOnly)

    def test_fractional_seconds_are_kept_in_the_datetime(self):
        assert parse_date("2025-06-02T05:39:07.25Z").microsecond == 250000

    def test_local_time_marker_without_default_tz_stays_naive(self):
        # "بتوقيت عمان" is Amman's time and Oman's: it names no zone, only the site's own
        parsed = parse_date("2 يونيو 2025 10:15 بتوقيت عمان")
        assert parsed == datetime(2025, 6, 2, 10, 15)


# --- to_utc_iso --------------------------------------------------------------------------


class TestToUtcIso:
    def test_none_is_none(self):
        assert to_utc_iso(None) is None

    def test_aware_is_converted_to_utc(self):
        dt = datetime(2025, 6, 2, 8, 15, tzinfo=timezone(timedelta(hours=3)))
        assert to_utc_iso(dt, "America/New_York") == "2025-06-02T05:15:00+00:00"

    def test_naive_with_default_tz_is_localised_with_that_dates_dst(self):
        assert (
            to_utc_iso(datetime(2025, 1, 15, 10, 0), "Asia/Beirut") == "2025-01-15T08:00:00+00:00"
        )
        assert (
            to_utc_iso(datetime(2025, 7, 15, 10, 0), "Asia/Beirut") == "2025-07-15T07:00:00+00:00"
        )

    def test_naive_without_default_tz_invents_no_zone(self):
        assert to_utc_iso(datetime(2025, 6, 2, 10, 15, 30, 999)) == "2025-06-02T10:15:30"

    def test_date_only_stays_a_date_even_with_a_zone_east_of_greenwich(self):
        assert to_utc_iso(DateOnly(2025, 6, 2), "Asia/Amman") == "2025-06-02"

    def test_unknown_zone_name_is_a_loud_error(self):
        with pytest.raises(ValueError, match="Mars/Olympus"):
            to_utc_iso(datetime(2025, 6, 2, 10, 0), "Mars/Olympus")
        with pytest.raises(ValueError, match="Mars/Olympus"):
            parse_date("2 June 2025 10:00", default_tz="Mars/Olympus")


# --- ambiguity and strictness -----------------------------------------------------------


class TestNumericAmbiguity:
    @pytest.mark.parametrize("languages", [(), ("ar",), ("fr",), ("en",)])
    def test_ambiguous_is_day_first_by_default(self, languages):
        assert to_utc_iso(parse_date("03/04/2025", languages=languages)) == "2025-04-03"

    def test_us_english_hint_is_month_first(self):
        assert to_utc_iso(parse_date("03/04/2025", languages=("en-US",))) == "2025-03-04"

    def test_day_first_argument_overrides_the_language_hint(self):
        assert to_utc_iso(parse_date("03/04/2025", day_first=False)) == "2025-03-04"
        assert to_utc_iso(parse_date("03/04/2025", languages=("en-US",), day_first=True)) == (
            "2025-04-03"
        )

    def test_unambiguous_value_is_read_the_only_possible_way(self):
        assert to_utc_iso(parse_date("25/12/2024", languages=("en-US",))) == "2024-12-25"
        assert to_utc_iso(parse_date("12/25/2024", languages=("fr",))) == "2024-12-25"

    def test_same_day_and_month_is_not_ambiguous(self):
        assert to_utc_iso(parse_date("05/05/2025", languages=("en-US",))) == "2025-05-05"

    @pytest.mark.parametrize("tag", ["en-US", "en_us", "EN-us", "en_US", " en-US "])
    def test_a_us_tag_is_read_however_it_is_written(self, tag):
        assert language_tag(tag) == "en-US"
        assert to_utc_iso(parse_date("03/04/2025", languages=(tag,))) == "2025-03-04"

    @pytest.mark.parametrize("value", ["arabic", "en-USA", "e", "en-", "xx1", ""])
    def test_a_language_tag_is_an_iso_639_1_code_and_perhaps_a_region(self, value):
        assert language_tag(value) is None

    def test_a_region_holds_for_pages_in_its_own_language_only(self):
        # a profile ("ar", "en-US"): its English pages write month first, its Arabic ones day first
        assert page_languages(("ar", "en-US"), "ar") == ("ar", "en")
        assert page_languages(("ar", "en_us"), "en") == ("ar", "en-US")
        assert page_languages(("en-US",), None) == ("en",)
        assert to_utc_iso(parse_date("06/03/2025", languages=page_languages(("ar", "en-US"), "ar"))) == "2025-03-06"


@pytest.mark.parametrize(("text", "expected"), [
    ("06/03/2025 - 17:39", [NumericDate(6, 3, 2025, "/")]),
    # spaced separators and Arabic-Indic digits are the same date, as find_date_in_text reads them
    ("06 / 03 / 2025 - 17:39", [NumericDate(6, 3, 2025, "/")]),
    ("٠٦/٠٣/٢٠٢٥ - ١٧:٣٩", [NumericDate(6, 3, 2025, "/")]),
    ("۰۶.۰۳.۲۰۲۵", [NumericDate(6, 3, 2025, ".")]),
    ("من 17-05-2025 إلى 05/28/2025", [NumericDate(17, 5, 2025, "-"), NumericDate(5, 28, 2025, "/")]),
    ("2025/06/03 and 06/03/25", []),
])
def test_numeric_dates_are_listed_as_the_date_reader_finds_them(text, expected):
    assert numeric_dates(text) == expected
    if expected:
        assert find_date_in_text(text) is not None


def test_a_numeric_date_tells_its_order_when_only_one_reading_is_a_date():
    assert [written.order for written in numeric_dates("17/06/2025 05/28/2025 06/03/2025")] == [True, False, None]


class TestStrictness:
    def test_a_number_after_the_date_is_not_a_time(self):
        found = find_date_in_text("Posted 2 June 2025 10 people died")
        assert found == (DateOnly(2025, 6, 2), "2 June 2025")

    def test_arabic_word_starting_with_meem_is_not_pm(self):
        assert find_date_in_text("2 يونيو 2025 - 5 مدن") == (DateOnly(2025, 6, 2), "2 يونيو 2025")

    def test_impossible_time_is_dropped_not_guessed(self):
        assert to_utc_iso(parse_date("2 June 2025 13:15 AM")) == "2025-06-02"

    def test_a_24_hour_time_with_a_redundant_afternoon_mark_is_that_time(self):
        # "Tue 13-05-2025 14:25 PM" (WAM): the hour and the mark agree
        assert to_utc_iso(parse_date("Tue 13-05-2025 14:25 PM")) == "2025-05-13T14:25:00"

    def test_a_period_between_the_date_and_its_time(self):
        assert parse_date("الاثنين 12 أيار / مايو 2025. 12:05 صباحاً", default_tz="Asia/Amman") == \
            datetime(2025, 5, 12, 0, 5, tzinfo=ZoneInfo("Asia/Amman"))

    def test_numeric_dates_with_spaced_separators(self):
        assert find_date_in_text("نشر في: 13 - 5 - 2025 | 14:25")[1] == "13 - 5 - 2025 | 14:25"

    def test_the_first_date_wins(self):
        _, raw = find_date_in_text("Updated 3 June 2025; first published 2 June 2025")
        assert raw == "3 June 2025"

    def test_dual_month_names_must_agree(self):
        assert parse_date("2 حزيران/تموز 2025") is None


# --- tables ------------------------------------------------------------------------------


def test_every_month_table_names_all_twelve_months():
    for language, table in MONTHS.items():
        assert set(table.values()) == set(range(1, 13)), language


@pytest.mark.parametrize(
    ("name", "month"),
    [(name, month) for name, month in MONTHS["ar"].items()],
)
def test_every_arabic_month_name_parses_to_its_month(name, month):
    assert parse_date(f"7 {name} 2024") == DateOnly(2024, month, 7)


@pytest.mark.parametrize(
    ("name", "month"),
    [(name, month) for name, month in MONTHS["tr"].items()],
)
def test_every_turkish_month_name_parses_to_its_month(name, month):
    assert parse_date(f"7 {name} 2024") == DateOnly(2024, month, 7)
    assert parse_date(f"7 {name.upper()} 2024") == DateOnly(2024, month, 7)


_SORANI_MONTHS = [(name, month) for name, month in MONTHS["ku"].items() if "\u0600" <= name[0] <= "\u06ff"]
_KURMANJI_MONTHS = [(name, month) for name, month in MONTHS["ku"].items() if (name, month) not in _SORANI_MONTHS]


@pytest.mark.parametrize(("name", "month"), _SORANI_MONTHS)
def test_every_sorani_month_name_parses_to_its_month(name, month):
    assert parse_date(f"7 {name} 2024") == DateOnly(2024, month, 7)
    # the ezafe after the day and the month, Eastern Arabic digits
    assert parse_date(f"٧ی {name}ی ٢٠٢٤") == DateOnly(2024, month, 7)
    # the older spelling: ه and a zero-width non-joiner for ە ("حوزه‌یرانی")
    older = name.replace("ە", "ه\u200c")
    assert parse_date(f"٧ی {older}ی ٢٠٢٤") == DateOnly(2024, month, 7)


@pytest.mark.parametrize(("name", "month"), _KURMANJI_MONTHS)
@pytest.mark.parametrize("languages", [("ku",), ("ar", "ckb"), ("kmr",)])
def test_every_kurmanji_month_name_parses_to_its_month_on_a_kurdish_page(name, month, languages):
    assert parse_date(f"7 {name} 2024", languages=languages) == DateOnly(2024, month, 7)


@pytest.mark.parametrize("text", [
    "Meclis'te kabul edilen 12 kanun 2024 yılında yürürlüğe girdi.",  # Turkish: twelve laws
    "Purim fell on 14 Adar 2024 this year",  # the Hebrew calendar's month
    "7 Gulan 2024",
])
@pytest.mark.parametrize("languages", [(), ("tr",), ("en", "ar")])
def test_kurmanji_month_names_are_not_read_on_a_page_in_another_language(text, languages):
    # Kurmanji's months are other languages' words: read only when the page or profile is Kurdish
    assert parse_date(text, languages=languages) is None
    assert find_date_in_text(text, languages=languages) is None


def test_a_kurdish_page_under_another_profile_reads_kurmanji_month_names():
    assert page_languages(("ar",), "ku") == ("ar", "ku")
    assert parse_date("3 Hezîran 2025", languages=page_languages(("ar",), "ku")) == DateOnly(2025, 6, 3)


# --- dates this module does not read ---------------------------------------------------------


@pytest.mark.parametrize("text", [
    "۱۲ آذر ۱۴۰۴، ۱۱:۴۵",  # Solar Hijri
    "۱۴۰۴/۰۹/۱۴",
    "12/09/1404",
    "الأربعاء 12 جمادى الآخرة 1447هـ",  # Hijri only
    "05.12.25, 14:30",  # a two-digit year
    "פורסם: 05.12.25 | 14:30",
    'י"ד בכסלו תשפ"ו',  # the Hebrew calendar
    "14 בכסלו 5786",
    "5 בדצמבר 2025",  # Gregorian, month named in Hebrew
    "جمعہ 5 دسمبر 2025 ، 14 جمادی الثانی 1447ھ",  # in Urdu
    "١٤ی سەرماوەزی ٢٧٢٥ی کوردی",  # the Kurdish calendar
])
def test_a_date_shape_this_module_cannot_read_is_told(text):
    assert find_date_in_text(text) is None
    assert shows_unread_date(text)


@pytest.mark.parametrize("text", [
    "2 June 2025", "02 Haziran 2025 14:30", "الأحد 4 ذو القعدة 1445هـ - 12 مايو 2024م",  # read
    "منذ 4 ساعات", "14:30", "5 comments", "Page 2 of 12", "© 2024", "3 min read", "Score 3-2-1", "",
])
def test_a_readable_date_or_no_date_shape_is_no_unread_date(text):
    assert not shows_unread_date(text)


# --- speed ---------------------------------------------------------------------------------


def test_long_dateless_text_is_scanned_quickly():
    # Regression guard against catastrophic backtracking: ~100 KB of number-rich prose.
    sentence = "قتل 25 شخصا في 3 مدن، وقال 12 مسؤولا إن 2025 عام صعب. Page 2 of 12, 3,500 JD. "
    text = sentence * 1200
    started = time.process_time()  # CPU time: load stretches the wall clock
    assert find_date_in_text(text, languages=("ar",)) is None
    assert time.process_time() - started < 2.0
