"""Specification of crawler.dedup: exact fingerprints and the persisted near-duplicate index."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import sqlite_utils
import pytest

from crawler.dedup import (
    NearDuplicateIndex,
    body_fingerprint,
    body_numbers,
    ensure_near_duplicate_schema,
    estimate_similarity,
    minhash_signature,
    normalize_for_hash,
    numbers_agree,
    story_difference,
    word_shingles,
)

DEFAULT_THRESHOLD = 0.7  # the module docstring explains why 0.7 and not 0.8

ENGLISH_STORY = """\
The central bank raised its main interest rate by 200 basis points on Thursday, the third \
increase this year, as the government tries to rein in inflation that reached a five-year high \
last month.

The monetary policy committee said in a statement that the decision was meant to anchor \
expectations and to support the local currency, which has lost nearly a fifth of its value \
against the dollar since January.

Annual urban consumer price inflation rose to 32.7 percent in September from 26.4 percent in \
August, driven mainly by food prices, according to the official statistics agency.

Economists polled before the meeting had expected a smaller increase of 100 basis points, and \
several said the larger move suggested the bank was preparing for a further devaluation under \
a new financing programme with the International Monetary Fund.

The country has been negotiating for months over a loan package worth several billion dollars, \
and talks were expected to resume in Washington next week, two officials familiar with the \
discussions said.

Shares on the main stock exchange fell 1.8 percent after the announcement, with banking stocks \
leading the decline, while yields on short-term treasury bills rose at an auction later in the day.

The bank said it would continue to monitor developments closely and would not hesitate to use \
all available tools to bring inflation back within its target range over the medium term."""

ENGLISH_AGENCY_COPY = (
    ENGLISH_STORY.replace("The central bank raised", "CAIRO - The central bank on Thursday raised")
    .replace("by 200 basis points on Thursday,", "by 200 basis points,")
    .replace(
        "Shares on the main stock exchange fell 1.8 percent after the announcement",
        "The benchmark stock index dropped 1.8 percent following the decision",
    )
)

UNRELATED_ENGLISH = """\
Heavy rain caused flash floods in several southern villages overnight, cutting roads and forcing \
hundreds of families to leave their homes, the civil defence authority said on Sunday. Rescue \
teams used boats to reach residents trapped on rooftops, and at least four people were reported \
missing after their car was swept away near a dry riverbed that filled within minutes. The \
meteorological office warned that more storms were expected until Tuesday and urged drivers to \
avoid mountain roads. Schools in the affected districts will remain closed for two days while \
engineers inspect bridges and power lines damaged by the water and by falling rocks."""

ARABIC_STORY = """\
أعلنت وزارة الصحة، اليوم الأحد، عن افتتاح مستشفى جديد في المدينة بسعة مئتي سرير، في إطار خطة \
الحكومة لتطوير الخدمات الطبية في المحافظات الجنوبية وتخفيف الضغط عن المستشفيات القائمة.

وقال وزير الصحة خلال حفل الافتتاح إن المستشفى يضم أقساماً متخصصة في أمراض القلب والأورام \
وطب الأطفال، إضافة إلى وحدة للعناية المركزة مجهزة بأحدث الأجهزة الطبية.

وأضاف أن تكلفة المشروع بلغت نحو خمسين مليون دولار، بتمويل مشترك بين الحكومة وصندوق تنموي \
إقليمي، وأن العمل فيه استغرق ثلاث سنوات رغم الصعوبات التي واجهت توريد المعدات.

وأشار الوزير إلى أن الوزارة تعتزم افتتاح ثلاثة مستشفيات أخرى قبل نهاية العام المقبل، مؤكداً أن \
تحسين الرعاية الصحية في المناطق الريفية يمثل أولوية للحكومة خلال المرحلة المقبلة.

من جهته، رحب محافظ المدينة بافتتاح المستشفى، وقال إن السكان كانوا يضطرون إلى السفر مسافات \
طويلة لتلقي العلاج، وإن المشروع سيوفر أيضاً مئات من فرص العمل للأطباء والممرضين من أبناء المنطقة."""

ARABIC_AGENCY_COPY = ARABIC_STORY.replace(
    "أعلنت وزارة الصحة، اليوم الأحد،", "القاهرة (رويترز) - أعلنت وزارة الصحة يوم الأحد"
).replace(
    "مؤكداً أن تحسين الرعاية الصحية في المناطق الريفية يمثل أولوية للحكومة",
    "موضحاً أن الاهتمام بصحة سكان الأرياف يأتي في مقدمة أولويات الحكومة",
)

UNRELATED_ARABIC = """\
فاز المنتخب الوطني لكرة القدم على نظيره بهدفين مقابل هدف واحد في المباراة التي أقيمت مساء \
السبت على الاستاد الدولي، ضمن التصفيات المؤهلة لكأس العالم. وسجل المهاجم الهدف الأول في \
الدقيقة العشرين من ضربة رأس، قبل أن يعادل الفريق الضيف النتيجة في بداية الشوط الثاني، ثم \
أحرز لاعب الوسط هدف الفوز من ركلة جزاء قبل نهاية المباراة بعشر دقائق. وبهذا الفوز يتصدر \
المنتخب مجموعته برصيد سبع نقاط، ويستعد لمواجهة صعبة خارج أرضه الشهر المقبل."""


class TestNormalizeForHash:
    def test_nfkc_casefold_whitespace_and_punctuation(self):
        assert normalize_for_hash("  Hello,\u00a0WORLD!\n\n“Quoted” — ﬁne…  ") == "hello world quoted fine"

    def test_arabic_alef_variants_unify(self):
        assert normalize_for_hash("أحمد إلى آخر ٱلكتاب") == normalize_for_hash("احمد الى اخر الكتاب")

    def test_arabic_yeh_and_teh_marbuta_unify(self):
        assert normalize_for_hash("على مستشفى") == normalize_for_hash("علي مستشفي")
        assert normalize_for_hash("مدرسة") == normalize_for_hash("مدرسه")

    def test_the_seat_of_a_hamza_is_not_read(self):
        # Egyptian style guides seat a medial hamza on ي where others seat it on و, and write a
        # final "يء" as "ئ"
        assert normalize_for_hash("مسؤول شؤون رؤوس يقرؤون جزء شيء بطيء سيء") \
            == normalize_for_hash("مسئول شئون رءوس يقرءون جزؤ شئ بطئ سيئ")

    def test_a_bare_hamza_is_a_letter(self):
        # dropped, "ماء" (water) would be "ما" (what) for search_spellings too
        assert normalize_for_hash("ماء سماء") == "ماء سماء"
        assert normalize_for_hash("شيئا هيئة") == "شيءا هيءه"

    def test_latin_accents_and_ligatures_fold(self):
        assert normalize_for_hash("À l'Élysée, le président a reçu ŒUVRE, cœur, naïve, Æther") \
            == normalize_for_hash("A l'Elysee, le president a recu oeuvre, coeur, naive, aether") \
            == "a l elysee le president a recu oeuvre coeur naive aether"
        assert normalize_for_hash("e\u0301te\u0301") == "ete"  # decomposed accents too

    def test_letters_without_a_base_letter_stay(self):
        assert normalize_for_hash("Ørsted Łódź") == "ørsted łodz"

    def test_arabic_tatweel_and_diacritics_removed(self):
        assert normalize_for_hash("الـــعـــربـــيـــة") == normalize_for_hash("العربية")
        assert normalize_for_hash("كَتَبَ الطَّالِبُ دَرْسًا") == normalize_for_hash("كتب الطالب درسا")
        assert normalize_for_hash("هٰذا") == normalize_for_hash("هذا")

    def test_arabic_punctuation_removed(self):
        assert normalize_for_hash("قال: «نعم»، ثم؟ غادر؛") == "قال نعم ثم غادر"

    def test_arabic_indic_and_persian_digits_become_ascii(self):
        assert normalize_for_hash("عام ٢٠٢٤ و۱۴۰۳") == "عام 2024 و1403"

    def test_presentation_forms_fold_to_letters(self):
        assert normalize_for_hash("\ufefb") == normalize_for_hash("لا")  # lam-alef ligature

    def test_invisible_format_characters_removed(self):
        assert normalize_for_hash("news\u200bpaper \u200fعربي\u200e") == "newspaper عربي"

    def test_input_string_is_not_changed(self):
        original = "أَخْبَارُ اليَوْمِ"
        copy = str(original)
        normalize_for_hash(original)
        assert original == copy


class TestBodyFingerprint:
    def test_is_sha256_hex(self):
        fingerprint = body_fingerprint("text")
        assert len(fingerprint) == 64 and int(fingerprint, 16) >= 0

    def test_exact_copy_with_whitespace_tatweel_and_diacritics_is_equal(self):
        decorated = (
            ARABIC_STORY.replace(" ", "   ").replace("الصحة", "الصـــحة").replace("جديد", "جَدِيد")
            .replace("\n\n", "\n \n\n")
        )
        assert body_fingerprint(decorated) == body_fingerprint(ARABIC_STORY)
        assert body_fingerprint(ENGLISH_STORY.upper()) == body_fingerprint(ENGLISH_STORY)

    def test_different_text_differs(self):
        assert body_fingerprint(ENGLISH_STORY) != body_fingerprint(ENGLISH_AGENCY_COPY)


class TestWordShingles:
    def test_five_word_shingles(self):
        assert word_shingles("one two three four five six") == {"one two three four five", "two three four five six"}

    def test_short_text_gives_one_shingle(self):
        assert word_shingles("Breaking: ceasefire") == {"breaking ceasefire"}

    def test_only_tokenless_text_gives_no_shingles(self):
        assert word_shingles("") == set()
        assert word_shingles(" … — !! ") == set()

    def test_normalised_tokens(self):
        assert word_shingles("أَحمد وإلى", k=2) == {"احمد والي"}


class TestMinhashSignature:
    def test_deterministic_and_compact(self):
        signature = minhash_signature(ENGLISH_STORY)
        assert signature == minhash_signature(ENGLISH_STORY)
        assert len(signature) == 128 * 4
        assert len(minhash_signature(ENGLISH_STORY, num_perm=64)) == 64 * 4

    def test_near_copies_are_similar_unrelated_are_not(self):
        for story, copy, unrelated in [
            (ENGLISH_STORY, ENGLISH_AGENCY_COPY, UNRELATED_ENGLISH),
            (ARABIC_STORY, ARABIC_AGENCY_COPY, UNRELATED_ARABIC),
        ]:
            assert story != copy
            assert estimate_similarity(minhash_signature(story), minhash_signature(copy)) >= DEFAULT_THRESHOLD
            assert estimate_similarity(minhash_signature(story), minhash_signature(unrelated)) < 0.1

    def test_estimate_tracks_true_jaccard(self):
        a, b = word_shingles(ENGLISH_STORY), word_shingles(ENGLISH_AGENCY_COPY)
        jaccard = len(a & b) / len(a | b)
        estimate = estimate_similarity(minhash_signature(ENGLISH_STORY), minhash_signature(ENGLISH_AGENCY_COPY))
        assert abs(estimate - jaccard) < 0.1

    def test_is_datasketch_minhash_of_the_shingles(self):
        # The signature is datasketch's own MinHash (seed 1, affine32), however it was imported:
        # stored signatures stay comparable across versions of this module.
        from datasketch import MinHash

        reference = MinHash(num_perm=128, seed=1, scheme="affine32")
        reference.update_batch([shingle.encode("utf-8") for shingle in word_shingles(ARABIC_STORY)])
        assert minhash_signature(ARABIC_STORY) == reference.hashvalues.astype("<u4").tobytes()

    def test_processes_that_analyse_pages_do_not_load_scipy_or_redis(self):
        # datasketch's package __init__ imports scipy and redis (0.5-0.9 s of CPU per process
        # start, in the crawl and in every worker pool); MinHash needs neither.
        code = (
            "import sys, crawler.processing, crawler.dedup as d; d.minhash_signature('a b c d e f'); "
            "print(sorted(m for m in ('scipy', 'redis', 'datasketch.lsh') if m in sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "[]"

    def test_empty_text_matches_nothing(self):
        empty = minhash_signature("")
        assert estimate_similarity(empty, empty) == 0.0

    def test_mismatched_signatures_raise(self):
        with pytest.raises(ValueError):
            estimate_similarity(minhash_signature("a b c", num_perm=64), minhash_signature("a b c"))
        with pytest.raises(ValueError):
            estimate_similarity(b"abc", b"abc")


@pytest.fixture
def db():
    return sqlite_utils.Database(memory=True)


def _add(db, index, article_id, text):
    with db.conn:
        index.add(article_id, minhash_signature(text))


class TestNearDuplicateIndex:
    def test_default_threshold_is_documented_value(self, db):
        assert NearDuplicateIndex(db).threshold == DEFAULT_THRESHOLD

    def test_schema_is_idempotent_and_indexed(self, db):
        ensure_near_duplicate_schema(db)
        ensure_near_duplicate_schema(db)
        assert {"minhash_signatures", "minhash_bands"} <= set(db.table_names())
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT article_id FROM minhash_bands WHERE band = 1 AND bucket = 2"
        ).fetchall()
        assert any("PRIMARY KEY (band=? AND bucket=?)" in row[-1] for row in plan)

    @pytest.mark.parametrize(
        ("story", "copy", "unrelated"),
        [
            (ENGLISH_STORY, ENGLISH_AGENCY_COPY, UNRELATED_ENGLISH),
            (ARABIC_STORY, ARABIC_AGENCY_COPY, UNRELATED_ARABIC),
        ],
        ids=["english", "arabic"],
    )
    def test_near_copy_found_unrelated_not(self, db, story, copy, unrelated):
        index = NearDuplicateIndex(db)
        _add(db, index, 1, story)
        _add(db, index, 2, unrelated)
        matches = index.query(minhash_signature(copy))
        assert [article_id for article_id, _ in matches] == [1]
        assert matches[0][1] >= index.threshold
        assert index.query(minhash_signature(unrelated)) == [(2, 1.0)]

    def test_results_best_first_and_exclude(self, db):
        index = NearDuplicateIndex(db)
        _add(db, index, 10, ENGLISH_AGENCY_COPY)
        _add(db, index, 11, ENGLISH_STORY)
        matches = index.query(minhash_signature(ENGLISH_STORY))
        assert [article_id for article_id, _ in matches] == [11, 10]
        assert matches[0][1] == 1.0 > matches[1][1]
        assert [article_id for article_id, _ in index.query(minhash_signature(ENGLISH_STORY), exclude=11)] == [10]

    def test_remove(self, db):
        index = NearDuplicateIndex(db)
        _add(db, index, 1, ARABIC_STORY)
        with db.conn:
            index.remove(1)
            index.remove(999)  # unknown ids are fine
        assert index.query(minhash_signature(ARABIC_STORY)) == []
        assert db.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == 0

    def test_add_replaces_previous_signature(self, db):
        index = NearDuplicateIndex(db)
        _add(db, index, 1, ARABIC_STORY)
        _add(db, index, 1, ENGLISH_STORY)
        assert index.query(minhash_signature(ARABIC_STORY)) == []
        assert [a for a, _ in index.query(minhash_signature(ENGLISH_STORY))] == [1]
        assert db.execute("SELECT COUNT(*) FROM minhash_bands").fetchone()[0] == index.bands

    def test_empty_texts_are_not_indexed_or_matched(self, db):
        index = NearDuplicateIndex(db)
        _add(db, index, 1, "")
        assert index.query(minhash_signature("")) == []
        assert db.execute("SELECT COUNT(*) FROM minhash_signatures").fetchone()[0] == 0

    def test_methods_do_not_commit(self, tmp_path):
        path = tmp_path / "crawl.db"
        db = sqlite_utils.Database(path)
        index = NearDuplicateIndex(db)
        index.add(1, minhash_signature(ENGLISH_STORY))
        assert db.conn.in_transaction
        db.conn.rollback()
        assert index.query(minhash_signature(ENGLISH_STORY)) == []

    def test_persists_across_reopen(self, tmp_path):
        path = tmp_path / "crawl.db"
        first = sqlite_utils.Database(path)
        index = NearDuplicateIndex(first)
        _add(first, index, 7, ARABIC_STORY)
        _add(first, index, 8, ENGLISH_STORY)
        first.close()

        reopened = sqlite_utils.Database(path)
        index = NearDuplicateIndex(reopened)
        assert [a for a, _ in index.query(minhash_signature(ARABIC_AGENCY_COPY))] == [7]
        assert [a for a, _ in index.query(minhash_signature(ENGLISH_AGENCY_COPY))] == [8]
        reopened.close()

    def test_band_layout_is_fixed_by_the_first_run(self, tmp_path):
        path = tmp_path / "crawl.db"
        first = sqlite_utils.Database(path)
        layout = (NearDuplicateIndex(first).bands, NearDuplicateIndex(first).rows)
        _add(first, NearDuplicateIndex(first), 1, ENGLISH_STORY)
        first.close()
        reopened = sqlite_utils.Database(path)
        stricter = NearDuplicateIndex(reopened, threshold=0.95)
        assert (stricter.bands, stricter.rows) == layout
        assert [a for a, _ in stricter.query(minhash_signature(ENGLISH_STORY))] == [1]
        with pytest.raises(ValueError, match="num_perm"):
            NearDuplicateIndex(reopened, num_perm=64)
        reopened.close()

    def test_another_connection_never_sees_half_a_layout(self, tmp_path):
        """Two spiders of ``crawler crawl --concurrent`` build their index on a new database at
        once. The three layout rows used to be committed one by one: the other connection, reading
        between two commits, got ``num_perm`` without ``bands`` and its crawl died at start with
        ``KeyError: 'bands'`` (recorded "interrupted"). Here the other connection reads the table
        at every statement the first one runs while storing the layout."""
        path = tmp_path / "news.db"
        writer = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
        writer.execute("PRAGMA journal_mode = WAL")  # as open_database: readers are not blocked
        ensure_near_duplicate_schema(writer)
        reader = sqlite3.connect(path, isolation_level=None)
        seen = []
        writer.conn.set_trace_callback(
            lambda _sql: seen.append(dict(reader.execute("SELECT name, value FROM minhash_params").fetchall())))
        index = NearDuplicateIndex(writer)
        writer.conn.set_trace_callback(None)
        layout = {"num_perm": 128, "bands": index.bands, "rows": index.rows}
        assert seen
        assert [view for view in seen if view not in ({}, layout)] == []
        assert dict(reader.execute("SELECT name, value FROM minhash_params").fetchall()) == layout
        # and a second index opened now uses that layout
        other = NearDuplicateIndex(sqlite_utils.Database(sqlite3.connect(path, isolation_level=None)))
        assert (other.bands, other.rows) == (index.bands, index.rows)
        reader.close()
        writer.close()

    def test_a_layout_left_half_written_is_completed(self, tmp_path):
        # An older crawler killed between its layout's row commits left `num_perm` alone: every
        # later open failed with KeyError: 'bands'. The missing rows are written on the next open.
        path = tmp_path / "news.db"
        first = sqlite_utils.Database(path)
        ensure_near_duplicate_schema(first)
        with first.conn:
            first.execute("INSERT INTO minhash_params (name, value) VALUES ('num_perm', 128)")
        first.close()
        reopened = sqlite_utils.Database(path)
        index = NearDuplicateIndex(reopened)
        assert dict(reopened.execute("SELECT name, value FROM minhash_params").fetchall()) == {
            "num_perm": 128, "bands": index.bands, "rows": index.rows}
        _add(reopened, index, 1, ENGLISH_STORY)
        assert [a for a, _ in index.query(minhash_signature(ENGLISH_AGENCY_COPY))] == [1]
        reopened.close()

    def test_wrong_signature_length_raises(self, db):
        index = NearDuplicateIndex(db)
        with pytest.raises(ValueError):
            index.query(minhash_signature(ENGLISH_STORY, num_perm=64))


class TestNumbersAgree:
    """Two bodies MinHash finds similar are copies of one story only if their numbers agree."""

    TEMPLATE = ("{home} beat {away} {score} on Friday in the ninth round of the Jordanian Pro League "
                "at the King Abdullah II Stadium in Amman, in front of a crowd of supporters. The league "
                "committee said the round will be completed next week and that the table will be "
                "published on its website after the referees' reports are approved.")

    def test_an_agency_copy_with_a_dateline_date_added_agrees(self):
        original = ENGLISH_STORY
        copy = "AMMAN, June 2, 2025 (Petra) -- " + ENGLISH_STORY
        assert numbers_agree(original, copy) and numbers_agree(copy, original)

    def test_arabic_indic_digits_are_the_same_numbers(self):
        assert numbers_agree("سجل الفيصلي ٣ أهداف في الدقيقة ٤٥", "سجل الفيصلي 3 أهداف في الدقيقة 45")

    def test_match_reports_from_one_template_do_not_agree(self):
        first = self.TEMPLATE.format(home="Faisaly", away="Wehdat", score="2-1")
        second = self.TEMPLATE.format(home="Ramtha", away="Hussein", score="3-0")
        assert not numbers_agree(first, second)

    @pytest.mark.parametrize("first, second", [
        ("Inflation reached 1.5% in May, the statistics department said.",
         "Inflation reached 15% in May, the statistics department said."),
        ("The death toll rose to 5 on Monday.", "The death toll rose to 9 on Monday."),
        ("Fajr 04:12 Dhuhr 12:31 Asr 16:09", "Fajr 04:13 Dhuhr 12:31 Asr 16:09"),
    ])
    def test_a_changed_figure_is_another_story(self, first, second):
        assert not numbers_agree(first, second)

    def test_texts_without_numbers_agree(self):
        assert numbers_agree("No figures here at all.", "Nor here.")

    def test_a_time_a_decimal_and_a_grouped_number_are_one_number_each(self):
        assert body_numbers("Fajr 04:13, 1,5 million, 12 500 ha, 1,500 trucks, ٣٫٥ %, le 2 juin") == \
            {"4:13": 1, "1.5": 1, "12500": 1, "1500": 1, "3.5": 1, "2": 1}

    def test_prayer_times_whose_minutes_trade_places_do_not_agree(self):
        # Read as separate numbers, both days wrote 04, 12, 13 and 16.
        assert not numbers_agree("Fajr 04:13 Dhuhr 12:31 Asr 16:12 Maghrib 19:46",
                                 "Fajr 04:12 Dhuhr 12:31 Asr 16:13 Maghrib 19:46")

    def test_a_teaser_or_credit_one_copy_adds_leaves_the_numbers_in_agreement(self):
        # Each outlet adds its own line: the numbers in it replace none of the story's.
        paragraphs = ENGLISH_STORY.split("\n\n")
        with_teaser = "\n\n".join([*paragraphs[:3], "Read also: 5 things to know about the IMF loan", *paragraphs[3:]])
        with_credit = "\n\n".join([*paragraphs, "© 2025 AFP"])
        assert numbers_agree(with_teaser, with_credit) and numbers_agree(with_credit, with_teaser)

    @pytest.mark.parametrize("written", ["12 500", "12\u00a0500", "12500", "12,500", "12.500"])
    def test_thousands_written_with_a_space_comma_or_dot_are_the_same_number(self, written):
        original = "Le programme porte sur 12\u202f500 hectares dans les régions du Souss-Massa et de l'Oriental."
        assert numbers_agree(original, original.replace("12\u202f500", written))

    def test_a_number_replaced_inside_a_rewritten_passage_is_not_read(self):
        # Two outlets' own teasers at the same place: a whole line each, not a template's slot.
        story = ENGLISH_STORY.split("\n\n")
        first = "\n\n".join([*story[:3], "Read also: 5 things to know about the IMF loan", *story[3:]])
        second = "\n\n".join([*story[:3], "READ MORE: Gold edges up 0.4% as the dollar slips", *story[3:]])
        assert numbers_agree(first, second)


class TestStoryDifference:
    """Two similar bodies are two stories when an in-place substitution changes what a template
    leaves open: a figure, the day or month, the subject the headline names."""

    GOLD = ("استقرت أسعار الذهب في السوق المحلية اليوم {day}، وفق النشرة الصادرة عن النقابة العامة لأصحاب "
            "محلات الحلي والمجوهرات، وبلغ سعر بيع غرام الذهب عيار 21 نحو 68.60 دينار.")
    FUEL = ("أبقت لجنة تسعير المشتقات النفطية على أسعار البنزين والسولار لشهر {month} دون تغيير، بحسب بيان "
            "وزارة الطاقة والثروة المعدنية.")
    RELEASE = ("{place} (Petra) -- The {place} Health Directorate on Monday launched a campaign to vaccinate "
               "children under five against measles and polio, the directorate's director said.")

    @pytest.mark.parametrize("first, second", [
        (GOLD.format(day="الثلاثاء"), GOLD.format(day="الأربعاء")),
        (GOLD.format(day="الخميس"), GOLD.format(day="يوم الجمعة")),
        ("Fuel prices stay unchanged for July, the committee said.",
         "Fuel prices stay unchanged for August, the committee said."),
        ("Les prix restent inchangés ce mardi, selon le comité.", "Les prix restent inchangés ce mercredi, selon le comité."),
        (FUEL.format(month="كانون الثاني"), FUEL.format(month="كانون الأول")),  # Levantine: two words
        (FUEL.format(month="كانون ثاني"), FUEL.format(month="كانون أول")),  # ... also without the article
        (FUEL.format(month="مايس"), FUEL.format(month="حزيران")),  # Iraqi May
        ("Les prix restent inchangés pour fevrier, selon le comité.", "Les prix restent inchangés pour mars, selon le comité."),
    ])
    def test_the_same_bulletin_for_another_day_or_month_is_another_story(self, first, second):
        assert story_difference(first, second) is not None

    @pytest.mark.parametrize("first, second", [
        (FUEL.format(month="حزيران"), FUEL.format(month="يونيو")),
        (FUEL.format(month="أيار"), FUEL.format(month="مايس")),
        (FUEL.format(month="كانون ثاني"), FUEL.format(month="يناير")),
        ("Les prix restent inchangés pour février, selon le comité.", "Les prix restent inchangés pour fevrier, selon le comité."),
    ])
    def test_an_outlet_naming_the_month_its_own_way_writes_the_same_month(self, first, second):
        assert story_difference(first, second) is None

    @pytest.mark.parametrize("word, other", [("mar", "apr"), ("sept", "oct"), ("sat", "sun")])
    def test_abbreviations_of_the_calendar_are_other_words_in_a_story(self, word, other):
        # "Mar" (a bishop), "sept" (seven), "sat" (the verb): no day or month to compare
        assert story_difference(f"The committee {word} on the report, it said.",
                                f"The committee {other} on the report, it said.") is None

    def test_a_substitution_of_what_each_headline_names_is_another_story(self):
        irbid, mafraq = self.RELEASE.format(place="Irbid"), self.RELEASE.format(place="Mafraq")
        assert story_difference(irbid, mafraq, title_a="Irbid launches vaccination campaign",
                                title_b="Mafraq launches vaccination campaign") is not None
        # the headlines are the evidence: a name swapped alone may be an outlet's correction
        assert story_difference(irbid, mafraq) is None
        assert story_difference(irbid, mafraq, title_a="Vaccination campaign launched",
                                title_b="Vaccination campaign launched") is None

    @pytest.mark.parametrize("original, copy, title_a, title_b", [
        (ENGLISH_STORY, ENGLISH_AGENCY_COPY, "Central bank raises rate by 200 bps", "Egypt hikes interest rates again"),
        (ARABIC_STORY, ARABIC_AGENCY_COPY, "افتتاح مستشفى جديد", "وزارة الصحة تفتتح مستشفى بسعة مئتي سرير"),
        ("Director of the Office of His Majesty Jafar Hassan attended the meeting in Amman.",
         "Director of the Office of His Majesty Jaafar Hassan attended the meeting in Amman.",
         "King meets Jafar Hassan", "King meets Jaafar Hassan"),
    ])
    def test_an_agency_copy_under_the_outlets_own_headline_is_no_other_story(self, original, copy, title_a, title_b):
        assert story_difference(original, copy, title_a=title_a, title_b=title_b) is None
        assert story_difference(copy, original, title_a=title_b, title_b=title_a) is None
