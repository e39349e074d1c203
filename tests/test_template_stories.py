"""Stories written from one template are not copies of each other (a real SQLite file each).

A site's daily bulletin can repeat yesterday's text word for word; a brief can share its standing
lead with the previous one and report another event in its one sentence of news; a condolence
cable or a credentials story names another person in the same slot; a toll may be spelled in
words; a breaking follow-up repeats the lead and adds one fact. Each is a story of its own, stored
as an article. The real copies next to them — the bulletin fetched twice, an agency copy on
another site, a cut copy — are still recorded as copies.
"""

from __future__ import annotations

from pathlib import Path

from crawler.dedup import comparison_tokens, story_difference
from crawler.items import ArticleItem
from crawler.storage import ArticleStore
from tests.conftest import rows


def item(url: str, paragraphs: list[str], title: str, *, site: str = "s1", published: str | None = None,
         language: str = "ar") -> ArticleItem:
    return ArticleItem(url=url, canonical_url=url, site=site, title=title, language=language,
                       body="\n\n".join(paragraphs), published_at=published,
                       fetched_at=published or "2026-12-07T10:00:00+00:00")


def saved(tmp_path: Path, *items: ArticleItem) -> list:
    store = ArticleStore(tmp_path / "news.db")
    try:
        return [store.save(each) for each in items]
    finally:
        store.close()


def article_count(tmp_path: Path) -> int:
    return rows(tmp_path / "news.db", "SELECT COUNT(*) AS n FROM articles")[0]["n"]


# --- the same bulletin word for word, on another day ------------------------------------------

GOLD = [
    "شهدت أسعار الذهب في السوق المصرية تعاملات اليوم وسط ترقب من التجار والمستهلكين لتحركات الأوقية في "
    "البورصة العالمية وسعر صرف الدولار في البنوك.",
    "وسجل سعر جرام الذهب عيار 24 نحو 4120 جنيه، فيما سجل سعر جرام الذهب عيار 21 الأكثر انتشارا نحو 3605 "
    "جنيه، وبلغ سعر جرام الذهب عيار 18 نحو 3090 جنيه.",
    "وسجل سعر الجنيه الذهب نحو 28840 جنيه، وهو يزن ثمانية جرامات من الذهب عيار 21.",
    "وقال عدد من التجار إن حركة البيع والشراء تشهد هدوءا نسبيا في الأسواق خلال الأيام الأخيرة، مع إقبال "
    "محدود على شراء المشغولات الذهبية استعدادا لموسم الأعراس.",
]
PEG = [
    "استقر سعر صرف الدولار الأمريكي مقابل الريال السعودي في تعاملات اليوم عند مستوى 3.75 ريال للشراء و3.76 "
    "ريال للبيع في البنوك العاملة بالمملكة.",
    "ويرتبط الريال السعودي بالدولار الأمريكي بسعر صرف ثابت منذ عقود، وهو ما يفسر استقرار سعره أمام العملة "
    "الأمريكية في مختلف البنوك ومحلات الصرافة.",
    "وسجل سعر اليورو نحو 4.05 ريال، فيما سجل الجنيه الإسترليني نحو 4.74 ريال، وبلغ سعر الدرهم الإماراتي "
    "1.02 ريال في نهاية تعاملات البنوك.",
]


def test_the_same_bulletin_word_for_word_under_another_days_headline_is_another_article(tmp_path: Path):
    friday, saturday = saved(
        tmp_path,
        item("https://x.eg/gold/1", GOLD, "أسعار الذهب اليوم الجمعة 4 ديسمبر 2026"),
        item("https://x.eg/gold/2", GOLD, "أسعار الذهب اليوم السبت 5 ديسمبر 2026"),
    )
    assert (friday.status, saturday.status) == ("new", "new")
    assert article_count(tmp_path) == 2
    assert rows(tmp_path / "news.db", "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0


def test_one_sites_two_pages_of_one_text_published_on_two_days_are_two_articles(tmp_path: Path):
    sunday, monday = saved(
        tmp_path,
        item("https://x.sa/fx/1", PEG, "سعر الدولار اليوم", published="2026-12-06T08:00:00+00:00"),
        item("https://x.sa/fx/2", PEG, "سعر الدولار اليوم", published="2026-12-07T08:00:00+00:00"),
    )
    assert (sunday.status, monday.status) == ("new", "new")


def test_the_bulletin_fetched_again_at_another_address_of_its_day_is_an_exact_copy(tmp_path: Path):
    first, again = saved(
        tmp_path,
        item("https://x.eg/gold/1", GOLD, "أسعار الذهب اليوم الجمعة 4 ديسمبر 2026", published="2026-12-04T08:00:00+00:00"),
        item("https://x.eg/economy/gold/1", GOLD, "أسعار الذهب اليوم الجمعة 4 ديسمبر 2026",
             published="2026-12-04T09:30:00+00:00"),
    )
    assert (again.status, again.duplicate_kind, again.article_id) == ("duplicate", "exact", first.article_id)


def test_another_outlets_copy_under_its_own_headline_and_date_is_an_exact_copy(tmp_path: Path):
    # a copy keeps its headline's date or leaves it out; another site may publish it a day later
    first, copy = saved(
        tmp_path,
        item("https://x.eg/gold/1", GOLD, "أسعار الذهب اليوم الجمعة 4 ديسمبر 2026", published="2026-12-04T08:00:00+00:00"),
        item("https://y.eg/eco/77", GOLD, "الذهب يستقر في السوق المصرية", site="s2",
             published="2026-12-05T01:00:00+00:00"),
    )
    assert (copy.status, copy.duplicate_kind, copy.article_id) == ("duplicate", "exact", first.article_id)


def test_two_headlines_are_read_for_another_day_only_when_written_from_one_template():
    # story_difference reads the two headlines only when they come from one template
    assert story_difference("x", "x", title_a="طقس الغد الأحد", title_b="طقس الغد الاثنين") is not None
    assert story_difference("x", "x", title_a="Gold prices on Sunday", title_b="Gold steady as markets rest") is None
    assert story_difference("x", "x", title_a="أسعار الذهب اليوم الأحد", title_b="أسعار الذهب اليوم") is None


# --- briefs that share a standing lead ------------------------------------------------------

POLICE_LEAD = ("الرباط (ومع) - أفاد بلاغ صادر عن المديرية العامة للأمن الوطني، اليوم، بأن عناصر الشرطة "
               "القضائية تمكنت، بتنسيق وثيق مع مصالح المديرية العامة لمراقبة التراب الوطني، من توقيف مشتبه "
               "فيه ينحدر من مدينة فاس.")
POLICE_CUSTODY = ("وقد تم إخضاع المشتبه فيه لتدبير الحراسة النظرية رهن إشارة البحث القضائي الذي تشرف عليه "
                  "النيابة العامة المختصة، وذلك للكشف عن جميع ظروف وملابسات هذه القضية.")
FRAUD = [POLICE_LEAD, POLICE_CUSTODY, "ويشتبه في تورطه في النصب والاحتيال عبر الإنترنت."]
DRUGS = [POLICE_LEAD, POLICE_CUSTODY, "ويشتبه في ارتباطه بشبكة إجرامية تنشط في الاتجار الدولي في المخدرات."]

CABINET_LEAD = ("RIYADH, Dec 7 (SPA) - The Council of Ministers held its weekly session on Tuesday in Riyadh, "
                "chaired by the Crown Prince and Prime Minister, and reviewed a number of regional and "
                "international developments and the Kingdom's efforts to support security and stability in the region.")


def test_two_briefs_of_one_site_sharing_their_lead_and_reporting_two_arrests_are_two_articles(tmp_path: Path):
    fraud, drugs = saved(tmp_path, item("https://x.ma/b1", FRAUD, "توقيف مشتبه فيه"),
                         item("https://x.ma/b2", DRUGS, "توقيف مشتبه فيه"))
    assert (fraud.status, drugs.status) == ("new", "new")


def test_two_briefs_whose_replaced_sentence_holds_each_headlines_subject_are_two_articles(tmp_path: Path):
    # two sites: the replaced sentence names, on each side, what that page's headline names
    governor, grid = saved(
        tmp_path,
        item("https://a.test/b1", [CABINET_LEAD, "The council approved the appointment of a new governor for the central bank."],
             "Saudi cabinet names new central bank governor", site="a", language="en"),
        item("https://b.test/b2", [CABINET_LEAD, "The council approved an electricity interconnection agreement with Egypt."],
             "Saudi cabinet approves electricity link with Egypt", site="b", language="en"),
    )
    assert (governor.status, grid.status) == ("new", "new")


def test_an_agency_brief_on_another_site_without_its_dateline_and_with_a_credit_is_still_a_copy(tmp_path: Path):
    undated = FRAUD[0].split(" - ", 1)[1]
    first, copy = saved(tmp_path, item("https://x.ma/b1", FRAUD, "توقيف مشتبه فيه"),
                        item("https://y.ma/news/4411", [undated, *FRAUD[1:], "المصدر: وكالة المغرب العربي للأنباء"],
                             "توقيف مشتبه فيه بالنصب عبر الإنترنت", site="s2"))
    assert (copy.status, copy.duplicate_kind, copy.article_id) == ("duplicate", "near", first.article_id)


def test_the_same_brief_reposted_by_its_site_is_an_exact_copy(tmp_path: Path):
    first, repost = saved(tmp_path, item("https://x.ma/b1", FRAUD, "توقيف مشتبه فيه"),
                          item("https://x.ma/societe/b1", FRAUD, "توقيف مشتبه فيه"))
    assert (repost.status, repost.duplicate_kind, repost.article_id) == ("duplicate", "exact", first.article_id)


# --- a template naming another person ------------------------------------------------------

def condolences(name: str, post: str) -> list[str]:
    return [
        f"بعث رئيس الدولة برقية تعزية ومواساة إلى أسرة الفقيد {name} {post}، الذي وافته المنية بعد مسيرة حافلة "
        "بالعطاء في خدمة الوطن.",
        "وأعرب رئيس الدولة في برقيته عن أحر التعازي وأصدق مشاعر المواساة لأسرة الفقيد وذويه، سائلا المولى عز "
        "وجل أن يتغمده بواسع رحمته ويسكنه فسيح جناته.",
        "وأشاد رئيس الدولة بما قدمه الراحل من خدمات جليلة للوطن خلال مسيرته المهنية، وبما عرف عنه من إخلاص "
        "ونزاهة وتفان في أداء الواجب.",
        "ودعا الله أن يلهم أهله وذويه الصبر والسلوان، وإنا لله وإنا إليه راجعون.",
    ]


def test_two_condolence_cables_of_one_site_for_two_people_are_two_articles(tmp_path: Path):
    first, second = saved(
        tmp_path,
        item("https://x.ma/1", condolences("محمد بن عبد الله العلوي", "الوزير السابق للصحة"), "برقية تعزية ومواساة من رئيس الدولة"),
        item("https://x.ma/2", condolences("أحمد الصديقي", "السفير السابق في باريس"), "برقية تعزية ومواساة من رئيس الدولة"),
    )
    assert (first.status, second.status) == ("new", "new")


def test_the_cable_with_the_name_respelled_is_still_a_copy(tmp_path: Path):
    first, again = saved(
        tmp_path,
        item("https://x.ma/1", condolences("محمد بن عبد الله العلوي", "الوزير السابق للصحة"), "برقية تعزية ومواساة من رئيس الدولة"),
        item("https://x.ma/royal/1", condolences("محمد بن عبدالله العلوي", "الوزير السابق للصحة"), "برقية تعزية من رئيس الدولة"),
    )
    assert (again.status, again.article_id) == ("duplicate", first.article_id)


def condoleances(name: str) -> list[str]:
    return [
        f"Le chef de l'État a adressé un message de condoléances à la famille de feu {name}, ancien "
        "ministre, décédé après une longue carrière au service de la nation.",
        "Dans ce message, le chef de l'État exprime ses sincères condoléances et sa compassion à la famille "
        "du défunt, priant Dieu de lui accorder sa miséricorde.",
        "Il y salue les services rendus par le regretté au pays tout au long de sa carrière, ainsi que son "
        "dévouement et son intégrité dans l'exercice de ses fonctions.",
    ]


def test_two_french_cables_of_one_site_for_two_people_with_accented_names_are_two_articles(tmp_path: Path):
    # the folded name ("etienne") is looked for, capitalised, in a text that writes "Étienne"
    first, second = saved(
        tmp_path,
        item("https://x.ma/fr/1", condoleances("Étienne Gérard"), "Message de condoléances", language="fr"),
        item("https://x.ma/fr/2", condoleances("Hélène Sébastien"), "Message de condoléances", language="fr"),
    )
    assert (first.status, second.status) == ("new", "new")


def test_the_french_cable_copied_without_accents_is_still_a_copy(tmp_path: Path):
    cable = condoleances("Étienne Gérard")
    plain = [line.replace("É", "E").replace("é", "e").replace("è", "e").replace("ô", "o") for line in cable]
    first, again = saved(tmp_path, item("https://x.ma/fr/1", cable, "Message de condoléances", language="fr"),
                         item("https://x.ma/fr/archive/1", plain, "Message de condoleances", language="fr"))
    assert (again.status, again.article_id) == ("duplicate", first.article_id)


# --- numbers written as words --------------------------------------------------------------

def health(cases: str, deaths: str) -> list[str]:
    return [
        f"أعلنت وزارة الصحة والسكان اليوم تسجيل {cases} حالات إصابة جديدة بالحمى النزفية في المحافظات الجنوبية، "
        f"إلى جانب {deaths} حالات وفاة بين المصابين.",
        "وأوضحت الوزارة في بيان أن الفرق الطبية تتابع المخالطين وتطبق إجراءات العزل والتقصي الوبائي في القرى "
        "التي ظهرت فيها الإصابات.",
        "ودعت الوزارة المواطنين إلى التوجه فورا إلى أقرب مستشفى عند ظهور الأعراض، وعدم التعامل مع الحيوانات "
        "النافقة، والالتزام بإرشادات الوقاية الصادرة عنها.",
        "وأكدت الوزارة توفر الأدوية والمستلزمات الطبية اللازمة في جميع المستشفيات، مشيرة إلى أنها ستواصل إصدار "
        "بيانات دورية حول الوضع الوبائي.",
    ]


def bombing(wounded: str) -> list[str]:
    return [
        f"Three people were killed and {wounded} others wounded on Sunday when a car bomb exploded near a market "
        "in the northern city, police and hospital sources said.",
        "The explosion caused heavy damage to shops and parked vehicles, and security forces sealed off the area "
        "while ambulances took the wounded to the city's main hospital.",
        "No group immediately claimed responsibility for the attack, the latest in a series of bombings that have "
        "hit the region in recent months.",
        "The interior ministry said an investigation had been opened and called on residents to report any "
        "suspicious vehicles to the security services.",
    ]


def test_counts_written_in_words_are_numbers():
    assert comparison_tokens("تسجيل ثلاث حالات وخمسة وفيات") == ("تسجيل", "3", "حالات", "5", "وفيات")
    assert comparison_tokens("twelve others; douze blessés") == ("12", "others", "12", "blesses")
    # words as often something else are left alone: "one", "un", "neuf" (new), "لست" (I am not)
    assert comparison_tokens("one of un immeuble neuf لست") == ("one", "of", "un", "immeuble", "neuf", "لست")


def test_the_health_bulletin_of_another_day_with_counts_in_words_is_another_article(tmp_path: Path):
    first, second = saved(tmp_path,
                          item("https://x.ye/h/1", health("ثلاث", "أربع"), "الصحة تعلن حصيلة جديدة للإصابات بالحمى النزفية"),
                          item("https://x.ye/h/2", health("خمس", "ثلاث"), "الصحة تعلن حصيلة جديدة للإصابات بالحمى النزفية"))
    assert (first.status, second.status) == ("new", "new")


def test_a_toll_changed_in_words_is_not_a_copy_and_a_figure_in_digits_for_words_is(tmp_path: Path):
    first, corrected, same = saved(
        tmp_path,
        item("https://a.test/1", bombing("twelve"), "Car bomb kills three in northern city", site="a", language="en"),
        item("https://b.test/1", bombing("twenty"), "Car bomb kills three in northern city", site="b", language="en"),
        item("https://c.test/1", bombing("12"), "Car bomb kills three in northern city", site="c", language="en"),
    )
    assert corrected.status == "new"
    assert (same.status, same.duplicate_kind, same.article_id) == ("duplicate", "near", first.article_id)


# --- a breaking follow-up is not a cut copy --------------------------------------------------

COLLAPSE = [
    "انهار مبنى سكني من خمسة طوابق فجر اليوم في حي شعبي بالمدينة، ما أسفر عن سقوط قتلى وجرحى بين السكان، "
    "وفق ما أعلنت مصادر في الدفاع المدني التي هرعت فرقها إلى المكان.",
    "وقالت المصادر إن فرق الإنقاذ انتشلت جثث خمسة أشخاص بينهم طفلان، ونقلت سبعة مصابين إلى المستشفى "
    "الجامعي، فيما تتواصل عمليات البحث عن مفقودين تحت الأنقاض.",
    "وأوضح شهود عيان أن المبنى انهار بشكل مفاجئ بعد سماع صوت تشققات في جدرانه، وأن عددا من السكان تمكنوا "
    "من الفرار قبل سقوطه بدقائق.",
    "وفرضت قوات الأمن طوقا أمنيا حول موقع الحادث، ومنعت الاقتراب من المباني المجاورة خشية انهيارها، فيما "
    "أمر المحافظ بإخلاء مبنيين ملاصقين.",
    "وقال مسؤول في البلدية إن المبنى كان قد صدر بحقه قرار إزالة قبل عامين لم ينفذ، وإن مالكه أضاف طابقين دون "
    "ترخيص، مشيرا إلى أن النيابة العامة استدعته للتحقيق.",
    "وشهدت المدينة خلال السنوات الماضية حوادث انهيار مماثلة، ما دفع الحكومة إلى إطلاق حملة لحصر المباني "
    "الآيلة للسقوط وإخلائها من السكان.",
    "وطالب نواب في البرلمان بمحاسبة المسؤولين عن التقصير في تنفيذ قرارات الإزالة، وبتعويض الأسر المتضررة "
    "وتوفير مساكن بديلة لها في أقرب وقت.",
]


def test_a_follow_up_that_repeats_the_lead_and_adds_one_fact_is_an_article(tmp_path: Path):
    arrest = "عاجل: النيابة العامة تأمر بحبس مالك العقار أربعة أيام على ذمة التحقيق."
    story, follow_up = saved(tmp_path, item("https://x.eg/news/123", COLLAPSE, "انهيار مبنى سكني"),
                             item("https://x.eg/news/900", [*COLLAPSE[:2], arrest], "عاجل: حبس مالك العقار المنهار"))
    assert (story.status, follow_up.status) == ("new", "new")


def test_a_cut_copy_with_its_own_short_credit_line_is_still_a_shortened_copy(tmp_path: Path):
    story, cut = saved(tmp_path, item("https://x.eg/news/123", COLLAPSE, "انهيار مبنى سكني"),
                       item("https://y.eg/a/5", [*COLLAPSE[:3], "المصدر: وكالات"], "انهيار عقار سكني", site="s2"))
    assert (cut.status, cut.duplicate_kind, cut.article_id) == ("duplicate", "shortened", story.article_id)
