"""Shortened copies: an outlet runs an agency story cut after its first paragraphs. The cut copy
shares too few shingles with the whole story for MinHash (half the story is J=0.5), so the store
finds it by its lead paragraphs and verifies that its text is contained in the story's (a real
SQLite file; ``crawler.dedup.lead_paragraph_keys``, ``containment``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.dedup import containment, lead_paragraph_keys, word_shingles
from crawler.items import ArticleItem
from crawler.storage import ArticleStore
from tests.conftest import rows

WIRE_STORY = [
    "AMMAN (Petra) -- The Jordanian government on Sunday approved a plan to build a desalination plant on "
    "the Red Sea coast at Aqaba and a 450-kilometre pipeline carrying its water to Amman and the northern "
    "governorates, the Minister of Water and Irrigation said at a news conference.",
    "The plant is to produce 300 million cubic metres of drinking water a year once it is completed, about "
    "a third of the kingdom's household needs, and is to be built and run by a private consortium under a "
    "twenty-six-year concession awarded after an international tender.",
    "The minister said the project would end the rationing that has left many neighbourhoods of the capital "
    "with piped water only once a week during the summer months, and would allow the ministry to stop "
    "pumping from aquifers that are being drained faster than rain can refill them.",
    "Jordan is one of the most water-scarce countries in the world, with annual renewable resources of less "
    "than 100 cubic metres per person, far below the threshold of absolute scarcity used by the United Nations.",
    "Construction of the intake, the plant and the pumping stations is to begin early next year, and the first "
    "water is expected to reach Amman in 2029, according to the timetable presented at the conference.",
    "The cost of the project, estimated at nearly three billion dollars, will be covered by the consortium "
    "with loans from development banks, and the government will buy the water at a fixed price per cubic metre.",
    "Members of parliament from the southern governorates asked that towns along the pipeline's route be "
    "connected to it, and the minister said branch lines to Maan and Tafileh were part of the design.",
    "Environmental groups welcomed the plan but urged the ministry to publish the full impact study of the "
    "brine the plant will return to the Gulf of Aqaba, home to some of the region's most valued coral reefs.",
    "The ministry said the study would be published before construction begins and that the outfall had been "
    "designed to dilute the brine quickly in deep water far from the reefs and the public beaches.",
    "The government has also launched a campaign to cut water lost to leaks and illegal connections, which "
    "officials estimate at almost half of the water pumped into the network every year.",
]
# Another outlet's copy: its own dateline, the first four paragraphs, nothing else.
CUT_COPY = ["The Jordanian government on Sunday approved a plan to build a desalination plant on the Red Sea "
            "coast at Aqaba and a 450-kilometre pipeline carrying its water to Amman and the northern "
            "governorates, the Minister of Water and Irrigation said at a news conference.",
            *WIRE_STORY[1:4]]

ARABIC_STORY = [
    "عمان 7 كانون الأول (بترا) - وافق مجلس الوزراء خلال جلسته التي عقدها اليوم الأحد برئاسة رئيس الوزراء على "
    "خطة لإنشاء محطة لتحلية مياه البحر الأحمر في العقبة وخط ناقل بطول 450 كيلومترا ينقل المياه إلى عمان "
    "والمحافظات الشمالية، وفق ما أعلن وزير المياه والري في مؤتمر صحفي.",
    "وقال الوزير إن المحطة ستنتج 300 مليون متر مكعب من مياه الشرب سنويا عند اكتمالها، أي ما يعادل ثلث "
    "احتياجات المملكة المنزلية، وسيتولى تحالف من القطاع الخاص بناءها وتشغيلها بموجب امتياز لمدة ستة وعشرين عاما.",
    "وأضاف أن المشروع سينهي برنامج توزيع المياه الذي يحرم كثيرا من أحياء العاصمة من المياه إلا مرة واحدة "
    "في الأسبوع خلال أشهر الصيف، وسيسمح للوزارة بوقف الضخ الجائر من الأحواض الجوفية.",
    "ويعد الأردن من أفقر دول العالم مائيا، إذ تقل حصة الفرد من الموارد المائية المتجددة فيه عن 100 متر "
    "مكعب سنويا، وهو أدنى بكثير من خط الفقر المائي المطلق الذي تعتمده الأمم المتحدة.",
    "ومن المقرر أن تبدأ أعمال إنشاء المأخذ والمحطة ومحطات الضخ مطلع العام المقبل، على أن تصل أولى كميات "
    "المياه إلى عمان عام 2029 وفق الجدول الزمني الذي عرض خلال المؤتمر.",
    "وتقدر كلفة المشروع بنحو ثلاثة مليارات دولار يغطيها التحالف بقروض من بنوك التنمية، على أن تشتري "
    "الحكومة المياه بسعر ثابت للمتر المكعب طوال مدة الامتياز.",
]


def item(url: str, paragraphs: list[str], *, title: str = "Jordan approves Aqaba desalination plant",
         site: str = "courier") -> ArticleItem:
    return ArticleItem(url=url, canonical_url=url, site=site, title=title,
                       body="\n\n".join(paragraphs), fetched_at="2025-06-02T10:00:00+00:00")


def test_an_agency_story_cut_after_four_paragraphs_is_a_shortened_copy(tmp_path: Path):
    store = ArticleStore(tmp_path / "news.db")
    original = store.save(item("https://petra.test/news/2025/12/07/aqaba-desalination", WIRE_STORY, site="petra"))
    copy = store.save(item("https://courier.test/local/water-plant-approved-4411", CUT_COPY,
                           title="Cabinet approves Red Sea water plant"))
    store.close()

    assert original.status == "new"
    assert (copy.status, copy.article_id, copy.duplicate_kind) == ("duplicate", original.article_id, "shortened")
    assert 0.9 < copy.similarity <= 1.0
    assert rows(tmp_path / "news.db", "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 1
    (duplicate,) = rows(tmp_path / "news.db", "SELECT * FROM duplicates")
    assert (duplicate["url"], duplicate["kind"], duplicate["duplicate_of"]) == (
        "https://courier.test/local/water-plant-approved-4411", "shortened", original.article_id)


def test_an_arabic_story_cut_to_its_lead_is_a_shortened_copy(tmp_path: Path):
    store = ArticleStore(tmp_path / "news.db")
    original = store.save(item("https://petra.test/ar/news/2025/12/07/1", ARABIC_STORY, site="petra",
                               title="الحكومة تقر مشروع تحلية مياه العقبة"))
    # another outlet: no dateline, the article written without hamza, three paragraphs
    cut = [ARABIC_STORY[0].split(" - ", 1)[1], ARABIC_STORY[1].replace("أي", "اي"), ARABIC_STORY[2]]
    copy = store.save(item("https://courier.test/ar/2025/12/07/88", cut, title="إقرار مشروع محطة التحلية"))
    store.close()
    assert (copy.status, copy.duplicate_kind, copy.article_id) == ("duplicate", "shortened", original.article_id)


def test_the_full_story_fetched_after_its_cut_copy_is_an_article_of_its_own(tmp_path: Path):
    store = ArticleStore(tmp_path / "news.db")
    cut = store.save(item("https://courier.test/local/water-plant-approved-4411", CUT_COPY))
    full = store.save(item("https://petra.test/news/2025/12/07/aqaba-desalination", WIRE_STORY, site="petra"))
    store.close()
    # only the shorter page can be the copy; rows are never rewritten
    assert (cut.status, full.status) == ("new", "new")


def test_a_follow_up_that_reuses_the_lead_and_adds_its_own_story_is_a_new_article(tmp_path: Path):
    store = ArticleStore(tmp_path / "news.db")
    store.save(item("https://petra.test/news/2025/12/07/aqaba-desalination", WIRE_STORY, site="petra"))
    follow_up = WIRE_STORY[:2] + [
        "On Monday the consortium named its chief engineer and said survey ships had begun mapping the seabed "
        "off the southern coast where the intake pipes will be laid, a task expected to take four months.",
        "Residents of Aqaba asked at a public hearing whether the plant would sell water to hotels in the "
        "special economic zone, and the company said the first phase would serve only the national network.",
        "The hearing was the first of six the company must hold in the governorates along the pipeline's route "
        "before the environment ministry can issue the licence for the intake and the outfall.",
    ]
    second = store.save(item("https://courier.test/local/aqaba-plant-survey-begins-5120", follow_up,
                             title="Survey for Aqaba water plant begins"))
    store.close()
    assert second.status == "new"


def test_a_cut_bulletin_of_another_day_is_another_story(tmp_path: Path):
    template = [
        "The Ministry of Health said on {day} that {cases} new cases of measles had been recorded in the past "
        "week in the northern governorates, most of them among children under five who had not been vaccinated.",
        "The ministry urged parents to take their children to the nearest health centre to receive the two doses "
        "of the vaccine, which are given free of charge in all public clinics across the kingdom.",
        "Teams of nurses will visit schools and refugee camps in Irbid, Mafraq and Jerash over the coming weeks "
        "to check the vaccination records of pupils and to vaccinate those who missed a dose.",
        "The ministry said the situation was under control and that no deaths had been recorded since the start "
        "of the outbreak, which was first reported in the spring among families who had recently arrived.",
    ]
    store = ArticleStore(tmp_path / "news.db")
    store.save(item("https://moh.test/news/1", [p.format(day="Monday", cases=42) for p in template],
                    site="moh", title="42 new measles cases"))
    # the next bulletin: another day and figure, the closing paragraph left out
    later = store.save(item("https://moh.test/news/2", [p.format(day="Thursday", cases=57) for p in template[:3]],
                            site="moh", title="57 new measles cases"))
    store.close()
    assert later.status == "new"


def test_a_brief_of_one_short_paragraph_is_not_judged_a_copy(tmp_path: Path):
    store = ArticleStore(tmp_path / "news.db")
    store.save(item("https://petra.test/news/2025/12/07/aqaba-desalination", WIRE_STORY, site="petra"))
    brief = store.save(item("https://courier.test/briefs/7", [WIRE_STORY[0].split(" -- ", 1)[1][:160]]))
    store.close()
    assert brief.status == "new"


def test_the_check_is_off_with_a_share_of_zero(tmp_path: Path):
    store = ArticleStore(tmp_path / "news.db", shortened_min_share=0)
    store.save(item("https://petra.test/news/2025/12/07/aqaba-desalination", WIRE_STORY, site="petra"))
    copy = store.save(item("https://courier.test/local/water-plant-approved-4411", CUT_COPY))
    store.close()
    assert copy.status == "new"


def test_an_update_of_the_article_replaces_its_lead_keys(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    url = "https://petra.test/news/2025/12/07/aqaba-desalination"
    original = store.save(item(url, WIRE_STORY, site="petra"))
    # the story rewritten as the project moves on: a new lead, the background kept
    rewritten = [
        "AMMAN (Petra) -- The consortium building the Aqaba desalination plant signed its financing agreements "
        "with four development banks on Tuesday, clearing the way for construction to begin in the spring.",
        "The agreements cover loans of nearly three billion dollars over twenty years, the Minister of Water and "
        "Irrigation said at the signing ceremony, attended by the ambassadors of the lending countries.",
        "The minister said the first water would still reach Amman in 2029 as planned, and that the tender for "
        "the branch lines to Maan and Tafileh would be announced before the end of the year.",
        *WIRE_STORY[3:],
    ]
    assert store.save(item(url, rewritten, site="petra")).status == "updated"
    # a cut copy of the old text no longer finds the article; one of the new text does
    assert store.save(item("https://courier.test/a/1", CUT_COPY)).status == "new"
    cut_new = [rewritten[0].split(" -- ", 1)[1], *rewritten[1:4]]
    copy = store.save(item("https://courier.test/a/2", cut_new))
    store.close()
    assert (copy.status, copy.article_id) == ("duplicate", original.article_id)
    keys = rows(database, "SELECT key FROM lead_keys WHERE article_id = ?", [original.article_id])
    assert {k["key"] for k in keys} == set(lead_paragraph_keys("\n\n".join(rewritten)))


def test_the_extraction_worker_computes_the_lead_keys_and_the_store_takes_them(tmp_path: Path):
    from crawler.items import PageItem
    from crawler.processing import PageContext, analyse_page
    from crawler.sites import adhoc_profile

    html = ("<html><head><title>Jordan approves Aqaba desalination plant</title></head><body><article>"
            "<h1>Jordan approves Aqaba desalination plant</h1>"
            + "".join(f"<p>{paragraph}</p>" for paragraph in WIRE_STORY) + "</article></body></html>")
    url = "https://petra.test/news/2025/12/07/aqaba-desalination"
    context = PageContext.for_profile(adhoc_profile(url, name="petra"))
    article = analyse_page(PageItem(url=url, body=html.encode(), site="petra"), context).article
    assert article.lead_keys == list(lead_paragraph_keys(article.body)) and len(article.lead_keys) == 3
    # the store indexes the keys the item carries (per-article hashing is the workers' work)
    article.lead_keys = [7, 8]
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    saved = store.save(article)
    store.close()
    assert {r["key"] for r in rows(database, "SELECT key FROM lead_keys WHERE article_id = ?",
                                   [saved.article_id])} == {7, 8}


@pytest.mark.parametrize("paragraphs, expected", [
    (["AMMAN (Petra) --", WIRE_STORY[1], "Short line.", WIRE_STORY[2], WIRE_STORY[3], WIRE_STORY[4]], 3),
    (["Too short to key.", "Also short."], 0),
])
def test_lead_keys_are_the_first_three_paragraphs_of_twelve_words_or_more(paragraphs, expected):
    keys = lead_paragraph_keys("\n\n".join(paragraphs))
    assert len(keys) == expected
    if expected:
        # the same paragraphs, reflowed and respelt as the body hash ignores, give the same keys
        assert keys == lead_paragraph_keys("\n".join(p.upper() for p in WIRE_STORY[1:4]))


def test_containment_counts_the_cut_copy_against_its_own_length():
    own, theirs = word_shingles("\n\n".join(CUT_COPY)), word_shingles("\n\n".join(WIRE_STORY))
    assert containment(own, theirs) > 0.95 and len(own) < len(theirs) / 2
    assert containment(word_shingles(""), word_shingles("anything")) == 0.0


def test_the_containment_estimated_from_similarity_and_sizes():
    from crawler.dedup import estimated_containment

    # a copy of half the story: J = 0.5, wholly contained
    assert estimated_containment(0.5, 50, 100) == pytest.approx(1.0)
    # two stories of one length sharing a tenth: little of either is in the other
    assert estimated_containment(0.1, 100, 100) == pytest.approx(0.18, abs=0.01)
    assert estimated_containment(0.3, 0, 100) == 0.0
