"""Specifications found by writing pages in the manner of MENA and Maghreb outlets no golden page
covered yet (issue 3): a writer's initials signing the story, the outlet's own syndication or
subscription notice closing it, a player's title left by its player, and a publisher the
JSON-LD names as the author in the script of the page's <title>.

Each test builds a small page showing the layout, and a look-alike the rule must leave alone. The
review of these rules added the look-alikes they first took (a wire's abbreviation sharing the
writer's initials, a notice quoted in a story about it, a compound of the video word opening a
caption, a live entry that is a video and its title, an organisation the title names beside
another site name) and forms they missed ("VIDÉO. …", "… (فيديو)", "republish our articles").
"""

from __future__ import annotations

import pytest

from crawler.extract import extract_article

LEDE = ("The port authority said on Monday that container traffic rose by a fifth in the first half of the "
        "year, helped by new shipping lines to East Africa and lower handling fees.")
MIDDLE = ("Officials expect the new terminal, built with a loan from a regional development bank, to open to "
          "ships in the spring after two years of delays caused by disputes over land.")
LAST = ("Unions welcomed the figures but warned that dock workers' wages had not kept pace with prices, and "
        "said they would press for a new agreement before the end of the year.")
URL = "https://news.example/port-traffic"


def _page(inner: str, head: str = "", title: str = "Port traffic rises") -> str:
    return (f"<html><head><title>{title}</title>{head}</head><body>"
            f"<header><nav><a href='/'>Home</a></nav></header>{inner}<footer>Contact</footer></body></html>")


def _story(*closing: str, head: str = "", between: str = "") -> object:
    inner = (f"<article><h1>Port traffic rises</h1><div class='entry-content'><p>{LEDE}</p>{between}<p>{MIDDLE}</p>"
             f"<p>{LAST}</p>{''.join(closing)}</div></article>")
    result = extract_article(_page(inner, head), URL, min_words=5, raise_errors=True)
    assert result.article is not None, result.reason
    return result.article


# -- the writer's initials under the story -------------------------------------------------------

@pytest.mark.parametrize("initials", ["I. B.", "I.B.", "I. B", "(I. B.)", "— I.B."])
@pytest.mark.parametrize("tag", ["p", "em", "strong"])
def test_the_writers_initials_alone_under_the_story_are_the_signature_not_text(initials, tag):
    closing = f"<p>{initials}</p>" if tag == "p" else f"<p><{tag}>{initials}</{tag}></p>"
    article = _story(closing, head='<meta name="author" content="Imed Bahri">')
    assert article.body.split("\n\n") == [LEDE, MIDDLE, LAST]
    assert article.authors == ["Imed Bahri"]


def test_initials_of_a_writer_with_a_compound_name_sign_with_its_first_and_last_names():
    for initials in ("M. B. A.", "M. A."):
        article = _story(f"<p><em>{initials}</em></p>", head='<meta name="author" content="Mohamed Ben Ali">')
        assert article.body.split("\n\n") == [LEDE, MIDDLE, LAST], initials


def test_initials_that_are_not_the_writers_stay_and_so_do_initials_on_a_page_naming_no_author():
    # someone else's initials, an abbreviation, the desk's: they are not the byline's signature
    for closing in ("J. M.", "I. B. M.", "B. I."):
        article = _story(f"<p><em>{closing}</em></p>", head='<meta name="author" content="Imed Bahri">')
        assert article.body.split("\n\n")[-1] == closing, closing
    # with no author known, initials name no one: the line stays text
    article = _story("<p><em>I. B.</em></p>")
    assert article.body.split("\n\n")[-1] == "I. B."
    # initials inside the story's last sentence are the story's
    sentence = "The report was signed by I. B., the authority's chief engineer, on Monday."
    article = _story(f"<p>{sentence}</p>", head='<meta name="author" content="Imed Bahri">')
    assert article.body.split("\n\n")[-1] == sentence


@pytest.mark.parametrize(("closing", "author"), [
    # a wire's credit in a script without capitals, whose letters the writer's name happens to share
    ("(أ.ف.ب)", "أحمد فؤاد بدر"),
    ("(أ.ب)", "أيمن بركات"),
    ("(د.ب.أ)", "داود بكر أحمد"),
    # a wire's credit in capitals
    ("(A.P.)", "Anna Peters"),
])
def test_a_wires_abbreviation_under_the_story_stays_when_the_writers_initials_match_it(closing, author):
    article = _story(f"<p>{closing}</p>", head=f'<meta name="author" content="{author}">')
    assert article.body.split("\n\n") == [LEDE, MIDDLE, LAST, closing]
    assert article.authors == [author]


def test_the_writers_initials_in_capitals_still_sign_in_any_of_their_forms():
    for initials, author in (("Ph. M.", "Philippe Martin"), ("J.-P. D.", "Jean-Pierre Dupont"),
                             ("M.B.A.", "Mohamed Ben Ali")):
        article = _story(f"<p><strong>{initials}</strong></p>", head=f'<meta name="author" content="{author}">')
        assert article.body.split("\n\n") == [LEDE, MIDDLE, LAST], initials


# -- the outlet's own syndication or subscription notice under the story -------------------------

MEE_NOTE = ("Middle East Eye delivers independent and unrivalled coverage and analysis of the Middle East, North "
            "Africa and beyond. To learn more about republishing this content and the associated fees, please fill "
            "out this form. More about MEE can be found here.")
AGENCY_NOTE_AR = ("الموقع الإلكتروني لوكالة الأناضول يعرض فقط جزءاً من الأخبار التي تُقدم للمشتركين في نظام البث "
                  "الإخباري (HAS)، وبشكل ملخص. للاشتراك يُرجى التواصل معنا.")
AGENCY_NOTE_EN = ("This website only displays part of the news stories offered to subscribers of the agency's "
                  "news feed, in summarised form. Please contact us for subscription options.")
AGENCY_NOTE_FR = ("Ce site ne publie qu'une partie des dépêches proposées aux abonnés de notre fil d'information. "
                  "Pour vous abonner, contactez-nous.")
REPUBLISH_FR = ("Pour toute demande de republication de cet article, veuillez contacter notre service "
                "commercial.")


@pytest.mark.parametrize("note", [MEE_NOTE, AGENCY_NOTE_AR, AGENCY_NOTE_EN, AGENCY_NOTE_FR, REPUBLISH_FR])
@pytest.mark.parametrize("emphasis", [True, False])
def test_the_outlets_syndication_or_subscription_notice_under_the_story_goes(note, emphasis):
    closing = f"<p><em>{note}</em></p>" if emphasis else f"<p>{note}</p>"
    assert _story(closing).body.split("\n\n") == [LEDE, MIDDLE, LAST]


@pytest.mark.parametrize("sentence", [
    # the story's own sentences about republishing, subscribers or a site's excerpts
    "The newspaper said it would republish the cartoons this week and asked readers to contact its ombudsman.",
    "To learn more about the tender, please contact the port authority, which will republish its terms in May.",
    "وقال المتحدث إن الموقع يعرض فقط جزءا من الوثائق، وإن النسخة الكاملة متاحة للباحثين عند الطلب.",
    "The platform only displays part of the data to subscribers, the regulator said, and must open it by June.",
    "Le ministère a indiqué que la reproduction de cet article de loi sera affichée dans toutes les mairies.",
])
def test_story_sentences_about_republishing_or_subscribers_stay(sentence):
    assert _story(f"<p>{sentence}</p>").body.split("\n\n")[-1] == sentence


@pytest.mark.parametrize("sentence", [
    # the notice quoted or reported in a story about it: someone's words, not the outlet's
    ("Police urged the public not to share or republish this content online, saying: \"Please report any copies "
     "of the video to us.\""),
    ("Since Monday the newspaper's website has carried a notice reading: \u201cTo republish this article, please "
     "contact our syndication desk.\u201d"),
    ("The paper's website only displays part of each story to non-subscribers, and editors said readers should "
     "please contact the circulation desk."),
    ("ودعت وزارة الداخلية المواطنين إلى عدم إعادة نشر هذا المحتوى، وقالت في بيانها: يرجى الإبلاغ عن أي حساب "
     "يتداوله."),
    "وحذرت النيابة العامة من إعادة نشر هذا المحتوى، داعية المواطنين إلى التواصل معنا عبر الخط الساخن.",
    ("Le tribunal a interdit la reproduction de cet article et a ordonné au site : « veuillez retirer la "
     "publication sous 48 heures »."),
])
def test_a_syndication_notice_quoted_or_reported_in_the_story_stays(sentence):
    assert _story(f"<p>{sentence}</p>").body.split("\n\n") == [LEDE, MIDDLE, LAST, sentence]


@pytest.mark.parametrize("note", [
    # the notice in the outlet's voice, in other words than the xaudit pages'
    "For permission to republish our articles, please contact us.",
    "Republishing this content requires written permission. Please contact our syndication desk.",
    ("Toute reproduction de cet article, même partielle, est interdite sans l'accord de la rédaction. Veuillez "
     "nous contacter."),
    "يُمنع إعادة نشر هذا المقال دون إذن مسبق، للاستفسار يرجى التواصل معنا.",
])
def test_the_outlets_notice_in_other_words_goes(note):
    assert _story(f"<p><em>{note}</em></p>").body.split("\n\n") == [LEDE, MIDDLE, LAST]


# -- a player's title, left in the story by its player -------------------------------------------

AMP_PLAYER = '<amp-youtube data-videoid="xyz123" layout="responsive" width="480" height="270"></amp-youtube>'
IFRAME_PLAYER = '<iframe src="https://www.youtube.com/embed/xyz123"></iframe>'
VIDEO_PLAYER = '<video controls src="/media/launch.mp4"></video>'


@pytest.mark.parametrize(("label", "player"), [
    ("فيديو: لحظة إطلاق القمر الصناعي", AMP_PLAYER),
    ("فيديو: لحظة إطلاق القمر الصناعي", IFRAME_PLAYER),
    ("بالفيديو.. لحظة إطلاق القمر الصناعي", IFRAME_PLAYER),
    ("Video: Floods sweep through a displacement camp", IFRAME_PLAYER),
    ("Watch: Floods sweep through a displacement camp", AMP_PLAYER),
    ("Vidéo : les images du lancement", VIDEO_PLAYER),
    ("Vidéo | les images du lancement", '<amp-video src="/m.mp4" width="480" height="270" layout="responsive"></amp-video>'),
])
def test_a_players_title_in_a_box_holding_only_the_player_goes_with_it(label, player):
    box = f"<div class='inline-media'><p class='media-label'>{label}</p>{player}</div>"
    assert _story(between=box).body.split("\n\n") == [LEDE, MIDDLE, LAST]


def test_a_video_labelled_line_that_heads_more_text_or_stands_without_a_player_stays():
    label = "Video: Floods sweep through a displacement camp"
    entry = "Rescue teams pulled three families from a flooded tent on Sunday morning, the civil defence said."
    # an entry of a live blog: the label heads the entry's text in the same box
    box = f"<div class='entry'><h3>{label}</h3>{IFRAME_PLAYER}<p>{entry}</p></div>"
    assert _story(between=box).body.split("\n\n") == [LEDE, label, entry, MIDDLE, LAST]
    # a subheading of the story with no player beside it
    box = f"<div class='section'><h3>{label}</h3></div>"
    assert label in _story(between=box).body.split("\n\n")
    # the label of another kind of box: a picture's box keeps its words to the picture rules
    box = f"<div class='inline-media'><p>Le port de Sfax, un matin d'hiver</p>{IFRAME_PLAYER}</div>"
    assert "Le port de Sfax, un matin d'hiver" in _story(between=box).body


@pytest.mark.parametrize("label", [
    "VIDÉO. Les images du lancement",
    "شاهد بالفيديو: لحظة إطلاق القمر الصناعي",
    "لحظة إطلاق القمر الصناعي (فيديو)",
    "[VIDEO] Floods sweep through a displacement camp",
    "Floods sweep through a displacement camp (video)",
    "Watch the video: Floods sweep through a displacement camp",
    "Regardez la vidéo : les images du lancement",
])
def test_a_players_title_in_other_forms_goes_with_it(label):
    box = f"<div class='inline-media'><p class='media-label'>{label}</p>{IFRAME_PLAYER}</div>"
    assert _story(between=box).body.split("\n\n") == [LEDE, MIDDLE, LAST]


@pytest.mark.parametrize("caption", [
    # a compound word opening a caption: its hyphen is no separator
    "Video-assisted review overturned the penalty in the 89th minute",
    "Vidéo-surveillance : la mairie installe vingt caméras au centre-ville",
])
def test_a_caption_opening_with_a_compound_of_the_video_word_stays(caption):
    box = f"<div class='inline-media'><p>{caption}</p>{VIDEO_PLAYER}</div>"
    assert _story(between=box).body.split("\n\n") == [LEDE, caption, MIDDLE, LAST]


def test_a_live_entry_that_is_a_video_and_its_title_keeps_the_title():
    title = "Video: Rescuers pull a child from the rubble in the old city"
    other = "Twelve trucks carrying flour and medicine crossed into the north on Sunday, the UN said."
    for entry in (f"<div id='p2' data-sort-time='2'><h3>{title}</h3>{AMP_PLAYER}</div>",
                  (f"<div id='p2' data-sort-time='2'><time>10:42</time><div class='media'><h3>{title}</h3>"
                   f"{AMP_PLAYER}</div></div>"),
                  (f"<div itemprop='liveBlogUpdate' itemscope><div class='media'><h3>{title}</h3>{IFRAME_PLAYER}</div>"
                   f"</div>")):
        live = (f"<amp-live-list id='live' data-poll-interval='15000' data-max-items-per-page='5'><div items>{entry}"
                f"<div id='p1' data-sort-time='1'><h3>Aid convoy reaches the north</h3><p>{other}</p></div></div>"
                f"</amp-live-list>")
        body = _story(between=live).body.split("\n\n")
        assert title in body and other in body, entry
    # an entry that says more: its player's title is the player's caption, and goes with it
    entry = (f"<div id='p2' data-sort-time='2'><h3>Aid convoy reaches the north</h3><p>{other}</p>"
             f"<div class='media'><p>{title}</p>{AMP_PLAYER}</div></div>")
    body = _story(between=f"<amp-live-list id='live'><div items>{entry}</div></amp-live-list>").body.split("\n\n")
    assert title not in body and other in body


# -- the publisher named as the author in the script of the page's <title> -----------------------

ROYA_LEDE = ("تتأثر المملكة اعتبارا من يوم الثلاثاء بمنخفض جوي مصحوب بكتلة هوائية باردة، يرافقه هطول أمطار غزيرة "
             "أحيانا ورعدية، بحسب دائرة الأرصاد الجوية في نشرتها اليومية.")
ROYA_MORE = ("وحذرت الدائرة من خطر تشكل السيول في الأودية والمناطق المنخفضة، ومن تدني مدى الرؤية الأفقية بسبب "
             "الضباب والغبار، داعية السائقين إلى توخي الحذر.")
ROYA_HEADLINE = "منخفض جوي يؤثر على المملكة الثلاثاء"


def _arabic_page_authors(ld_author: dict, title_part: str, site: str = "Roya News") -> list[str]:
    import json
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": ROYA_HEADLINE,
          "datePublished": "2025-12-07T16:20:00+03:00", "author": ld_author,
          "publisher": {"@type": "Organization", "name": site}}
    head = (f'<meta property="og:site_name" content="{site}"><meta property="og:title" content="{ROYA_HEADLINE}">'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    inner = f"<article><h1>{ROYA_HEADLINE}</h1><div class='content'><p>{ROYA_LEDE}</p><p>{ROYA_MORE}</p></div></article>"
    page = _page(inner, head, title=f"{ROYA_HEADLINE} | {title_part}")
    result = extract_article(page, "https://royanews.example/news/298765", min_words=5, raise_errors=True)
    assert result.article is not None, result.reason
    return result.article.authors


def test_an_organization_author_the_title_names_as_the_site_is_the_publisher_in_its_other_script():
    # og:site_name in Latin letters, the <title> and the JSON-LD's author organisation in Arabic
    assert _arabic_page_authors({"@type": "Organization", "name": "رؤيا الإخباري"}, "رؤيا الإخباري") == []
    assert _arabic_page_authors([{"@type": "NewsMediaOrganization", "name": "رؤيا الإخباري"}], "رؤيا الإخباري") == []


def test_a_person_the_title_names_and_an_organization_the_title_does_not_stay_authors():
    # a writer's name after the headline in the <title> is no second name of the site
    assert _arabic_page_authors({"@type": "Person", "name": "سارة خليل"}, "سارة خليل") == ["سارة خليل"]
    # an agency credited as the author, while the title names the site
    authors = _arabic_page_authors({"@type": "Organization", "name": "وكالة الأنباء الأردنية"}, "رؤيا الإخباري")
    assert authors == ["وكالة الأنباء الأردنية"]


@pytest.mark.parametrize(("ld_author", "title_part", "site"), [
    # an aggregator carrying another outlet's story: its name in og:site_name's script
    ({"@type": "Organization", "name": "اليوم السابع"}, "اليوم السابع", "نبض"),
    # a wire credited as the author and named in the title, in og:site_name's script or the other
    ({"@type": "Organization", "name": "Reuters"}, "Reuters", "Zawya"),
    ({"@type": "NewsMediaOrganization", "name": "رويترز"}, "رويترز", "Asharq Al-Awsat"),
    # an NGO's report and a ministry's statement on a portal that publishes them
    ({"@type": "Organization", "name": "Human Rights Watch"}, "Human Rights Watch", "ReliefWeb"),
    ({"@type": "GovernmentOrganization", "name": "وزارة الداخلية"}, "وزارة الداخلية", "البوابة الرسمية"),
])
def test_an_organization_author_the_title_names_beside_another_site_name_stays_the_author(ld_author, title_part,
                                                                                          site):
    assert _arabic_page_authors(ld_author, title_part, site=site) == [ld_author["name"]]
