"""What the store keeps when a page comes back, or a page resembles a stored one: versions of
one article, copies of another, and canonicals that do not name the story (a real SQLite file).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from crawler.dedup import body_fingerprint
from crawler.items import ArticleItem
from crawler.storage import ArticleStore
from tests.conftest import rows

PETRA_STORY = [
    "AMMAN (Petra) -- Jordan and Syria agreed on Monday to reopen the Jaber-Nassib border crossing to cargo "
    "trucks after a three-month closure, officials from both countries said in a joint statement.",
    "The crossing is the main land route for Jordanian exports to Lebanon, Turkey and Europe, and its closure "
    "had stranded hundreds of refrigerated trucks carrying vegetables and fruit on both sides.",
    "Under the agreement, customs teams will work in two shifts and trucks will be inspected with new scanners "
    "paid for by a regional development fund, the Jordanian transport ministry said.",
    "Truck drivers waiting near the border welcomed the decision but said fees charged on the Syrian side "
    "remained too high for many small exporters to resume regular trips this season.",
    "The two governments also agreed to form a technical committee that will meet every month to review "
    "traffic at the crossing and settle disputes over transit fees and insurance requirements.",
]
# Another outlet's copy: its own lead, one sentence reworded (MinHash similarity ~0.75).
OUTLET_COPY = ["Jordan and Syria agreed on Monday to reopen the Jaber-Nassib border crossing to cargo trucks "
               "after a three-month closure, officials from both countries said in a joint statement.",
               *PETRA_STORY[1:3],
               "Drivers queuing at the border welcomed the move but complained that Syrian fees were still too "
               "high for many small exporters to resume regular trips this season.",
               PETRA_STORY[4]]

LEAGUE_TEMPLATE = [
    "{home} beat {away} {score} on Friday in the ninth round of the Jordanian Pro League, played at the "
    "King Abdullah II Stadium in Amman in front of a large crowd of supporters of both clubs.",
    "The league committee said the remaining matches of the round will be played next week, and that the "
    "updated table will be published on its website once the referees' reports have been approved.",
    "Tickets for the next round go on sale on Sunday at the stadium and through the federation's website, "
    "the committee added, urging fans to buy them early and to arrive at the gates in good time.",
]


def item(url: str, paragraphs: list[str], *, title: str = "Border crossing reopens", site: str = "courier",
         canonical: str | None = None) -> ArticleItem:
    return ArticleItem(url=url, canonical_url=canonical or url, site=site, title=title,
                       body="\n\n".join(paragraphs), fetched_at="2025-06-02T10:00:00+00:00")


def league_report(home: str, away: str, score: str) -> list[str]:
    return [p.format(home=home, away=away, score=score) for p in LEAGUE_TEMPLATE]


def test_a_copy_fetched_again_stays_a_copy_and_never_overwrites_the_original(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    original = store.save(item("https://petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
    near = store.save(item("https://courier.test/world/border-crossing-reopens-98765", OUTLET_COPY,
                           title="Border crossing reopens for trucks"))
    exact = store.save(item("https://courier.test/world/jaber-crossing-open-98766", PETRA_STORY,
                            title="Jaber crossing open again"))
    assert (near.status, near.duplicate_kind, exact.status, exact.duplicate_kind) == ("duplicate", "near", "duplicate", "exact")

    # A recrawl (or a newer lastmod) fetches both copies again, unchanged.
    again = [store.save(item("https://courier.test/world/border-crossing-reopens-98765", OUTLET_COPY,
                             title="Border crossing reopens for trucks")),
             store.save(item("https://courier.test/world/jaber-crossing-open-98766", PETRA_STORY,
                             title="Jaber crossing open again"))]
    store.close()

    assert [(o.status, o.duplicate_kind, o.article_id) for o in again] == \
        [("duplicate", "near", original.article_id), ("duplicate", "exact", original.article_id)]
    (stored,) = rows(database, "SELECT * FROM articles")
    assert (stored["site"], stored["version"]) == ("petra", 1)
    assert stored["url"] == "https://petra.test/news/2025/06/02/border-reopens"
    assert stored["body"].startswith("AMMAN (Petra)")
    assert rows(database, "SELECT COUNT(*) AS n FROM article_revisions")[0]["n"] == 0
    assert sorted((d["kind"], d["url"].rsplit("/", 1)[1]) for d in rows(database, "SELECT * FROM duplicates")) == \
        [("exact", "jaber-crossing-open-98766"), ("near", "border-crossing-reopens-98765")]


def test_a_copy_that_became_another_story_is_stored_as_one(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(item("https://petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
    store.save(item("https://courier.test/world/border-98765", OUTLET_COPY))
    # The outlet later replaced the page's text with its own, unrelated report.
    rewritten = league_report("Faisaly", "Wehdat", "2-1")
    outcome = store.save(item("https://courier.test/world/border-98765", rewritten, title="Faisaly beat Wehdat"))
    store.close()
    assert outcome.status == "new"
    stored = {r["url"]: r for r in rows(database, "SELECT * FROM articles")}
    assert stored["https://petra.test/news/2025/06/02/border-reopens"]["body"].startswith("AMMAN (Petra)")
    assert stored["https://courier.test/world/border-98765"]["title"] == "Faisaly beat Wehdat"


def test_match_reports_written_from_one_template_are_different_stories(tmp_path: Path):
    # Two thirds of the words are the league's boilerplate: MinHash rates them near-copies
    # (~0.7-0.8), but the teams, the score and the numbers differ.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item("https://courier.test/sport/faisaly-wehdat", league_report("Faisaly", "Wehdat", "2-1"),
                            title="Faisaly beat Wehdat"))
    second = store.save(item("https://courier.test/sport/ramtha-hussein", league_report("Ramtha", "Hussein", "3-0"),
                             title="Ramtha beat Hussein"))
    store.close()
    assert (first.status, second.status) == ("new", "new")
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0


def test_different_stories_under_one_canonical_are_kept_apart(tmp_path: Path):
    # A CMS that printed the same (article-like) canonical on every page: each story is kept,
    # under its own address, and a later fetch of each finds its own row.
    database = tmp_path / "news.db"
    shared = "https://courier.test/news/2025/06/01/latest-headlines-today"
    store = ArticleStore(database)
    border = store.save(item("https://courier.test/news/2025/06/02/border-reopens", PETRA_STORY, canonical=shared))
    match = store.save(item("https://courier.test/sport/2025/06/02/faisaly-wehdat",
                            league_report("Faisaly", "Wehdat", "2-1"), title="Faisaly beat Wehdat",
                            canonical=shared))
    again = store.save(item("https://courier.test/sport/2025/06/02/faisaly-wehdat",
                            league_report("Faisaly", "Wehdat", "2-1"), title="Faisaly beat Wehdat",
                            canonical=shared))
    store.close()
    assert (border.status, match.status, again.status) == ("new", "new", "unchanged")
    assert again.article_id == match.article_id
    stored = rows(database, "SELECT canonical_url, title, version FROM articles ORDER BY id")
    assert [(r["canonical_url"], r["version"]) for r in stored] == \
        [(shared, 1), ("https://courier.test/sport/2025/06/02/faisaly-wehdat", 1)]


def test_an_update_of_the_story_under_its_canonical_is_a_new_version(tmp_path: Path):
    # The AMP page of the same story, corrected: same canonical, most of the text shared.
    database = tmp_path / "news.db"
    canonical = "https://petra.test/news/2025/06/02/border-reopens"
    store = ArticleStore(database)
    store.save(item(canonical, PETRA_STORY, site="petra"))
    corrected = [*PETRA_STORY[:-1], "Correction: the committee will meet every two months, not every month."]
    outcome = store.save(item(canonical + "/amp", corrected, site="petra", canonical=canonical))
    store.close()
    assert outcome.status == "updated"
    assert rows(database, "SELECT version FROM articles")[0]["version"] == 2


def test_a_new_headline_over_the_same_text_is_a_new_version(tmp_path: Path):
    database = tmp_path / "news.db"
    url = "https://petra.test/news/2025/06/02/border-reopens"
    store = ArticleStore(database)
    store.save(item(url, PETRA_STORY, title="Border crossing to reopen"))
    edited = store.save(item(url, PETRA_STORY, title="Jordan and Syria reopen Jaber crossing to trucks"))
    unchanged = store.save(item(url, PETRA_STORY, title="Jordan and Syria reopen Jaber crossing to trucks"))
    store.close()
    assert (edited.status, unchanged.status) == ("updated", "unchanged")
    (stored,) = rows(database, "SELECT title, version FROM articles")
    assert stored == {"title": "Jordan and Syria reopen Jaber crossing to trucks", "version": 2}
    assert [(r["version"], r["title"]) for r in rows(database, "SELECT * FROM article_revisions")] == \
        [(1, "Border crossing to reopen")]
    assert [r["rowid"] for r in rows(database, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Jaber'")] \
        == [1]


def test_the_amp_copy_titled_otherwise_is_no_new_version(tmp_path: Path):
    # The AMP page of the same story carries a shorter headline: fetched in turn with the page,
    # it must not add a revision each time.
    database = tmp_path / "news.db"
    url = "https://petra.test/news/2025/06/02/border-reopens"
    store = ArticleStore(database)
    store.save(item(url, PETRA_STORY, title="Jordan and Syria reopen Jaber crossing to trucks"))
    outcomes = [store.save(item(url + "/amp", PETRA_STORY, title="Jaber crossing reopens", canonical=url)),
                store.save(item(url, PETRA_STORY, title="Jordan and Syria reopen Jaber crossing to trucks"))]
    store.close()
    assert [o.status for o in outcomes] == ["unchanged", "unchanged"]
    assert rows(database, "SELECT version, url FROM articles") == [{"version": 1, "url": url}]


def test_copies_that_write_thousands_or_add_their_own_date_are_still_copies(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(item("https://petra.test/news/border", PETRA_STORY + ["The crossing handled 1,500 trucks a day."],
                    site="petra"))
    copy = [f"Published 13/05/2024. {PETRA_STORY[0]}", *PETRA_STORY[1:], "The crossing handled 1500 trucks a day."]
    outcome = store.save(item("https://courier.test/world/border-98765", copy))
    store.close()
    assert (outcome.status, outcome.duplicate_kind) == ("duplicate", "near")


def test_a_404_marks_only_the_article_whose_own_address_answered_it(tmp_path: Path):
    from crawler.fetch_errors import FetchError, record_fetch_error
    from crawler.storage import write_transaction

    database = tmp_path / "news.db"
    story = "https://petra.test/news/2025/06/02/border-reopens"
    store = ArticleStore(database)
    store.save(item(story, PETRA_STORY, site="petra"))
    store.save(item(story + "/amp", PETRA_STORY, site="petra", canonical=story))  # its AMP copy, seen
    with write_transaction(store.db):
        # the site dropped its AMP pages: the story itself is still online
        record_fetch_error(store.db, FetchError(site="petra", url=story + "/amp", kind="http_4xx", status=404),
                           "2025-06-05T00:00:00+00:00")
    assert rows(database, "SELECT gone_at FROM articles") == [{"gone_at": None}]
    with write_transaction(store.db):
        record_fetch_error(store.db, FetchError(site="petra", url=story, kind="http_4xx", status=410),
                           "2025-06-06T00:00:00+00:00")
    store.close()
    # gone since the 410 was seen; updated when the mark was written (test_gone_marks)
    [row] = rows(database, "SELECT gone_at, updated_at FROM articles")
    assert row["gone_at"] == "2025-06-06T00:00:00+00:00" and row["updated_at"] > "2025-06-06T00:00:00+00:00"


def test_a_declared_shortlink_leads_to_its_article_but_never_away_from_another(tmp_path: Path):
    from crawler.fetch_errors import FetchError, record_fetch_error
    from crawler.storage import write_transaction

    database = tmp_path / "news.db"
    story = "https://petra.test/news/2025/06/02/border-reopens"
    other = "https://petra.test/news/2025/06/02/league-round-nine"
    store = ArticleStore(database)
    first = store.save(replace(item(story, PETRA_STORY, site="petra"), shortlink="https://petra.test/?p=4521"))
    assert store.stored_url("http://www.petra.test/?p=4521").article_id == first.article_id
    # another page declaring the same shortlink (a template bug) does not take it; nor does a
    # shortlink that is another article's own address
    second = store.save(replace(item(other, league_report("Faisaly", "Wehdat", "2-1"), site="petra",
                                     title="Faisaly beat Wehdat"), shortlink="https://petra.test/?p=4521"))
    third = store.save(replace(item("https://petra.test/news/2025/06/03/port-expansion", OUTLET_COPY[:1] * 3,
                                    site="petra", title="Port"), shortlink=other))
    assert second.status == "new" and third.status in ("new", "duplicate")
    assert store.stored_url("https://petra.test/?p=4521").article_id == first.article_id
    assert store.stored_url(other).article_id == second.article_id
    # the story fetched again refreshes its alias; a 404 at the alias is not the story's own address
    store.save(replace(item(story, PETRA_STORY, site="petra"), shortlink="https://petra.test/?p=4521",
                       fetched_at="2025-06-04T10:00:00+00:00"))
    assert store.stored_url("https://petra.test/?p=4521").fetched_at == "2025-06-04T10:00:00+00:00"
    with write_transaction(store.db):
        record_fetch_error(store.db, FetchError(site="petra", url="https://petra.test/?p=4521", kind="http_4xx",
                                                status=404), "2025-06-05T00:00:00+00:00")
    store.close()
    assert rows(database, "SELECT gone_at FROM articles WHERE url = ?", [story]) == [{"gone_at": None}]


def test_a_redirect_of_its_address_to_the_home_page_marks_the_article_gone_like_a_404(tmp_path: Path):
    from crawler.fetch_errors import FetchError, record_fetch_error
    from crawler.storage import write_transaction

    database = tmp_path / "news.db"
    story = "https://petra.test/news/2025/06/02/border-reopens"
    store = ArticleStore(database)
    store.save(item(story, PETRA_STORY, site="petra"))
    with write_transaction(store.db):
        # any other failure of the address, a redirect among them, says nothing of the story
        record_fetch_error(store.db, FetchError(site="petra", url=story, kind="redirect_loop", status=302),
                           "2025-06-05T00:00:00+00:00")
    assert rows(database, "SELECT gone_at FROM articles") == [{"gone_at": None}]
    with write_transaction(store.db):
        record_fetch_error(store.db, FetchError(site="petra", url=story, kind="home_redirect", status=301,
                                                message="redirected to the home page: https://petra.test/"),
                           "2025-06-06T00:00:00+00:00")
    assert rows(database, "SELECT gone_at FROM articles") == [{"gone_at": "2025-06-06T00:00:00+00:00"}]
    back = store.save(item(story, PETRA_STORY, site="petra"))  # the site put it back
    store.close()
    assert back.status == "unchanged"
    assert rows(database, "SELECT gone_at FROM articles") == [{"gone_at": None}]


# -- a story its site moved to another address ------------------------------------------------------
OLD_ADDRESS = "https://courier.test/news/2025/06/02/border-reopens"
NEW_ADDRESS = "https://courier.test/world/2025/06/02/jaber-border-crossing-reopens"
EDITED_STORY = [*PETRA_STORY[:3], "Drivers queuing at the border welcomed the move but complained that Syrian "
                "fees were still too high for many small exporters to resume regular trips this season.",
                PETRA_STORY[4]]


def moved(paragraphs: list[str], *, title: str = "Border crossing reopens", redirected: bool = False) -> ArticleItem:
    page = item(NEW_ADDRESS, paragraphs, title=title)
    if redirected:
        page.redirect_urls = [OLD_ADDRESS]
    return page


def test_a_story_moved_with_a_301_follows_its_new_address_and_its_edits_are_versions(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item(OLD_ADDRESS, PETRA_STORY))
    move = store.save(moved(PETRA_STORY, redirected=True))  # the old URL answered 301 to the new one
    retitled = store.save(moved(PETRA_STORY, title="Jordan and Syria reopen Jaber crossing"))
    edited = store.save(moved(EDITED_STORY, title="Jordan and Syria reopen Jaber crossing"))
    old_key = store.stored_url(OLD_ADDRESS)
    store.close()

    assert (move.status, move.article_id, move.moved_from) == ("unchanged", first.article_id, OLD_ADDRESS)
    assert [(o.status, o.article_id) for o in (retitled, edited)] == [("updated", first.article_id)] * 2
    (stored,) = rows(database, "SELECT * FROM articles")
    assert (stored["url"], stored["canonical_url"], stored["version"]) == (NEW_ADDRESS, NEW_ADDRESS, 3)
    assert stored["title"] == "Jordan and Syria reopen Jaber crossing" and "Drivers queuing" in stored["body"]
    assert old_key.article_id == first.article_id  # the old address is an alias of the article
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0
    assert [r["title"] for r in rows(database, "SELECT title FROM article_revisions ORDER BY version")] == \
        ["Border crossing reopens", "Jordan and Syria reopen Jaber crossing"]


def test_a_same_site_copy_edited_at_its_address_becomes_the_article_not_a_second_one(tmp_path: Path):
    # The probe's daily site: the sitemap lists only the new address, the old one (which would
    # answer 301) is never asked for again. On the move day the page is an exact copy; its edits
    # later must reach the article, and never make a second article of the story.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item(OLD_ADDRESS, PETRA_STORY))
    copy = store.save(moved(PETRA_STORY))
    again = store.save(moved(PETRA_STORY))
    retitled = store.save(moved(PETRA_STORY, title="Border crossing reopens (updated)"))
    edited = store.save(moved(EDITED_STORY, title="Border crossing reopens (updated)"))
    corrected = [*EDITED_STORY[:-1], "Correction: the committee will meet every two months, not every month."]
    rewritten = store.save(moved(corrected, title="Border crossing reopens (updated)"))
    store.close()

    assert [(o.status, o.duplicate_kind) for o in (copy, again)] == [("duplicate", "exact")] * 2
    assert (retitled.status, retitled.moved_from) == ("updated", OLD_ADDRESS)
    assert [o.status for o in (edited, rewritten)] == ["updated", "updated"]
    assert {o.article_id for o in (copy, again, retitled, edited, rewritten)} == {first.article_id}
    (stored,) = rows(database, "SELECT * FROM articles")
    assert (stored["url"], stored["title"], stored["version"]) == (NEW_ADDRESS, "Border crossing reopens (updated)", 4)
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0  # the page is the article now


def test_a_story_under_two_sections_stays_one_article_and_one_copy(tmp_path: Path):
    # The same story under two sections, both online and unchanged: no move, fetched in turn.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(item(OLD_ADDRESS, PETRA_STORY))
    outcomes = [store.save(moved(PETRA_STORY, title="Jaber crossing open")), store.save(item(OLD_ADDRESS, PETRA_STORY)),
                store.save(moved(PETRA_STORY, title="Jaber crossing open")), store.save(item(OLD_ADDRESS, PETRA_STORY))]
    store.close()
    assert [o.status for o in outcomes] == ["duplicate", "unchanged", "duplicate", "unchanged"]
    assert rows(database, "SELECT url, version FROM articles") == [{"url": OLD_ADDRESS, "version": 1}]
    assert [(d["url"], d["kind"]) for d in rows(database, "SELECT * FROM duplicates")] == [(NEW_ADDRESS, "exact")]


def test_a_copy_fetched_again_keeps_its_newest_title_and_hash(tmp_path: Path):
    # Another site's copy (never a move) retitled and edited: its row says what it shows now.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    original = store.save(item("https://petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
    copy_url = "https://courier.test/world/border-crossing-reopens-98765"
    store.save(item(copy_url, PETRA_STORY, title="Border crossing reopens"))
    again = store.save(item(copy_url, OUTLET_COPY, title="Border crossing reopens for trucks"))
    store.close()
    assert (again.status, again.duplicate_kind, again.article_id) == ("duplicate", "near", original.article_id)
    (copy,) = rows(database, "SELECT * FROM duplicates")
    assert (copy["kind"], copy["title"]) == ("near", "Border crossing reopens for trucks")
    assert copy["content_hash"] == body_fingerprint("\n\n".join(OUTLET_COPY))
    assert rows(database, "SELECT site, version FROM articles") == [{"site": "petra", "version": 1}]


def test_a_copy_keeps_its_own_text_dates_and_authors_so_it_can_be_restored(tmp_path: Path):
    # Schema version 12: a wrong merge can be undone from the duplicates row alone.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(item("https://petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
    copy = replace(item("https://courier.test/world/border-98765", OUTLET_COPY, title="Border crossing reopens\x00"),
                   published_at="2025-06-02T09:30:00+00:00", modified_at="2025-06-02T11:00:00+00:00",
                   authors=["Rana Haddad"], language="en")
    exact = replace(item("https://courier.test/world/border-98766", PETRA_STORY), published_at="2025-06-03")
    outcomes = [store.save(copy), store.save(exact)]
    store.close()
    assert [o.duplicate_kind for o in outcomes] == ["near", "exact"]
    near_row, exact_row = rows(database, "SELECT * FROM duplicates ORDER BY id")
    assert near_row["body"] == "\n\n".join(OUTLET_COPY)
    assert (near_row["published_at"], near_row["modified_at"], near_row["authors"], near_row["language"]) == \
        ("2025-06-02T09:30:00+00:00", "2025-06-02T11:00:00+00:00", '["Rana Haddad"]', "en")
    assert near_row["title"] == "Border crossing reopens"
    # an exact copy's date is its own, not the article's
    assert (exact_row["body"], exact_row["published_at"], exact_row["authors"]) == \
        ("\n\n".join(PETRA_STORY), "2025-06-03", "[]")


def test_the_schema_docs_query_lists_a_sites_copies_with_their_text(tmp_path: Path):
    import re
    import sqlite3

    doc = (Path(__file__).resolve().parent.parent / "docs" / "schema.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Restoring a copy"):]
    query = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    original = store.save(item("https://petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
    store.save(replace(item("https://courier.test/world/border-98765", OUTLET_COPY, title="Border crossing reopens"),
                       published_at="2025-06-02"))
    store.close()
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    listed = [dict(r) for r in conn.execute(query, {"site": "courier"})]
    conn.close()
    assert [(r["url"], r["kind"], r["published_at"], r["article_id"]) for r in listed] == \
        [("https://courier.test/world/border-98765", "near", "2025-06-02", original.article_id)]
    assert listed[0]["body"] == "\n\n".join(OUTLET_COPY)


def test_a_copy_fetched_again_keeps_its_newest_text(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(item("https://petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
    copy_url = "https://courier.test/world/border-crossing-reopens-98765"
    store.save(item(copy_url, PETRA_STORY))
    store.save(replace(item(copy_url, OUTLET_COPY), modified_at="2025-06-03T08:00:00+00:00"))
    store.close()
    (copy,) = rows(database, "SELECT kind, body, modified_at FROM duplicates")
    assert copy == {"kind": "near", "body": "\n\n".join(OUTLET_COPY), "modified_at": "2025-06-03T08:00:00+00:00"}


GOLD_PRICES_EGYPT = [
    "شهدت أسعار الذهب في السوق المصرية تعاملات اليوم وسط ترقب من التجار والمستهلكين لتحركات الأوقية في "
    "البورصة العالمية وسعر صرف الدولار في البنوك.",
    "وسجل سعر جرام الذهب عيار 24 نحو {p24} جنيه، فيما سجل سعر جرام الذهب عيار 21 الأكثر انتشارا نحو {p21} "
    "جنيه، وبلغ سعر جرام الذهب عيار 18 نحو {p18} جنيه.",
    "وسجل سعر الجنيه الذهب نحو {pound} جنيه، وهو يزن ثمانية جرامات من الذهب عيار 21.",
    "وقال عدد من التجار إن حركة البيع والشراء تشهد هدوءا نسبيا في الأسواق خلال الأيام الأخيرة، مع إقبال محدود "
    "على شراء المشغولات الذهبية استعدادا لموسم الأعراس.",
    "ويتابع المتعاملون في السوق المحلية قرارات البنك المركزي بشأن أسعار الفائدة، إذ تؤثر بشكل مباشر على توجهات "
    "المستثمرين نحو الذهب كملاذ آمن.",
]


def test_bulletins_of_two_days_whose_canonical_is_the_section_are_two_articles(tmp_path: Path):
    # Both pages declare the section page as canonical; they share most words (J ~0.6), so the
    # similarity test alone took the 7th for a version of the 6th, kept only in article_revisions.
    database = tmp_path / "news.db"
    section = "https://x.eg/gold"
    store = ArticleStore(database)
    outcomes = [
        store.save(item(f"{section}/{number}", from_template(GOLD_PRICES_EGYPT, **prices), title=title, site="x",
                        canonical=section))
        for number, title, prices in (
            (1, "أسعار الذهب اليوم الأحد", dict(p24="4120", p21="3605", p18="3090", pound="28840")),
            (2, "أسعار الذهب اليوم الاثنين", dict(p24="4135", p21="3618", p18="3101", pound="28944")))]
    store.close()
    assert [o.status for o in outcomes] == ["new", "new"]
    assert [(r["url"], r["title"], r["version"]) for r in rows(database, "SELECT * FROM articles ORDER BY id")] == \
        [(f"{section}/1", "أسعار الذهب اليوم الأحد", 1), (f"{section}/2", "أسعار الذهب اليوم الاثنين", 1)]
    assert rows(database, "SELECT COUNT(*) AS n FROM article_revisions") == [{"n": 0}]


def test_a_page_under_the_articles_own_address_with_a_new_figure_is_a_version(tmp_path: Path):
    # The mobile page of a developing story, with the toll raised: the canonical is the stored
    # article's own address, so the page is that story, whatever figure changed.
    database = tmp_path / "news.db"
    story = "https://petra.test/news/2025/06/02/border-reopens"
    store = ArticleStore(database)
    store.save(item(story, PETRA_STORY + ["Officials said 300 trucks crossed on the first day."], site="petra"))
    outcome = store.save(item("https://m.petra.test/news/2025/06/02/border-reopens",
                              PETRA_STORY + ["Officials said 450 trucks crossed on the first day."], site="petra",
                              canonical=story))
    store.close()
    assert outcome.status == "updated"
    assert rows(database, "SELECT COUNT(*) AS n, MAX(version) AS v FROM articles") == [{"n": 1, "v": 2}]


def test_a_redirect_to_another_story_or_from_a_copy_moves_nothing(tmp_path: Path):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    store.save(item(OLD_ADDRESS, PETRA_STORY))
    # the site sends the old address to another story (a soft 404 to its newest report)
    other = item("https://courier.test/sport/faisaly-wehdat", league_report("Faisaly", "Wehdat", "2-1"),
                 title="Faisaly beat Wehdat")
    other.redirect_urls = [OLD_ADDRESS]
    # another site's copy of the story, reached through a redirect from the stored address
    elsewhere = item("https://wire.test/2025/06/02/border", PETRA_STORY, site="wire")
    elsewhere.redirect_urls = [OLD_ADDRESS]
    outcomes = [store.save(other), store.save(elsewhere)]
    store.close()
    assert [o.status for o in outcomes] == ["new", "duplicate"]
    assert rows(database, "SELECT url FROM articles ORDER BY id")[0]["url"] == OLD_ADDRESS


def test_a_copy_of_an_article_gone_from_its_address_is_where_it_moved(tmp_path: Path):
    from crawler.fetch_errors import FetchError, record_fetch_error
    from crawler.storage import write_transaction

    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item(OLD_ADDRESS, PETRA_STORY))
    with write_transaction(store.db):
        record_fetch_error(store.db, FetchError(site="courier", url=OLD_ADDRESS, kind="http_4xx", status=404),
                           "2025-06-05T00:00:00+00:00")
    outcome = store.save(moved(PETRA_STORY))
    store.close()
    assert (outcome.status, outcome.article_id, outcome.moved_from) == ("unchanged", first.article_id, OLD_ADDRESS)
    assert rows(database, "SELECT url, gone_at FROM articles") == [{"url": NEW_ADDRESS, "gone_at": None}]


# -- stories written from one template ---------------------------------------------------------------
# Agencies and sites publish many stories from one text: the day's gold prices, the month's fuel
# prices, one press release per governorate, "the King received X". Two of them share 70-95% of
# their 5-word shingles (a near copy by MinHash) and, when the figures did not move, every number.
# What differs is a weekday, a month, or the person or place the headline names.

GOLD_BULLETIN = [
    "استقرت أسعار الذهب في السوق المحلية اليوم {day}، وفق النشرة الصادرة عن النقابة العامة لأصحاب محلات "
    "تجارة وصياغة الحلي والمجوهرات.",
    "وبلغ سعر بيع غرام الذهب عيار 21، الأكثر طلبا بين المواطنين، 68.60 دينار، مقابل سعر شراء من محلات "
    "الصاغة بلغ 66.40 دينار للغرام الواحد.",
    "وسجل سعر بيع غرام الذهب عيار 24 نحو 78.20 دينار، وعيار 18 نحو 60.30 دينار للغرام، فيما بلغ سعر بيع "
    "الليرة الرشادية 520 دينارا والليرة الإنجليزية 545 دينارا.",
    "وقال نقيب تجار الحلي والمجوهرات إن الأسعار المحلية تتبع حركة الأونصة في البورصات العالمية وسعر صرف "
    "الدولار، وإن الطلب في السوق ما يزال ضعيفا مقارنة بالمواسم السابقة.",
    "ودعا النقيب المواطنين إلى الحصول على فاتورة نظامية عند الشراء تتضمن العيار والوزن وأجور الصياغة، وعدم "
    "الانجرار وراء إعلانات تروج لأسعار أقل من النشرة الرسمية.",
]
FUEL_PRICES = [
    "AMMAN (Petra) -- The fuel pricing committee on Thursday decided to keep the prices of oil derivatives "
    "unchanged for the month of {month}, the Ministry of Energy and Mineral Resources said in a statement.",
    "Under the decision, a litre of unleaded 90-octane gasoline stays at 850 fils, 95-octane at 1,095 fils and "
    "diesel and kerosene at 620 fils, while a household gas cylinder remains at JD7.",
    "The committee said it reviewed the average international prices of oil derivatives during {previous}, "
    "which showed mixed movements, along with freight and insurance costs of shipments arriving at Aqaba.",
    "The ministry said the government would continue to absorb part of the cost of the household gas "
    "cylinder in order to protect low-income households from global price fluctuations.",
    "Transport sector representatives welcomed the decision, saying stable diesel prices helped operators of "
    "public transport and trucking companies plan their costs.",
]
VACCINATION_CAMPAIGN = [
    "{upper} (Petra) -- The {place} Health Directorate on Monday launched a campaign to vaccinate children "
    "under five against measles and polio, as part of the Ministry of Health's plan to raise immunisation "
    "coverage in all governorates.",
    "Director of {place} Health, Dr {director}, said the campaign would run for ten days through all health "
    "centres and mobile teams that will visit remote villages, schools and kindergartens.",
    "He said the vaccines were safe and free of charge for all children regardless of nationality or previous "
    "vaccination status, urging parents to bring their children's vaccination cards.",
    "He called on community leaders, mosque imams and school principals to encourage families to take part, "
    "stressing that vaccination protects children from diseases that had been eliminated.",
]
ROYAL_AUDIENCE = [
    "عمان (بترا)- استقبل جلالة الملك عبدالله الثاني، في قصر الحسينية اليوم، {visitor}، وبحث معه سبل تعزيز "
    "العلاقات الثنائية بين الأردن و{country} في مختلف المجالات.",
    "وتناول اللقاء فرص توسيع التعاون في المجالات الاقتصادية والاستثمارية والتجارية، بما يخدم مصالح البلدين "
    "والشعبين الصديقين.",
    "وأكد جلالة الملك حرص الأردن على تعزيز علاقاته التاريخية مع البلد الصديق، والبناء على التنسيق الوثيق "
    "بين البلدين حيال مختلف القضايا ذات الاهتمام المشترك.",
    "وتطرق اللقاء إلى آخر التطورات في المنطقة، إذ شدد جلالته على ضرورة تكثيف الجهود الدولية للتوصل إلى "
    "تهدئة شاملة، وضمان إيصال المساعدات الإنسانية دون عوائق.",
    "وجدد جلالة الملك التأكيد على أهمية التوصل إلى سلام عادل وشامل على أساس حل الدولتين، الذي يضمن قيام "
    "الدولة الفلسطينية المستقلة وعاصمتها القدس الشرقية، لتنعم شعوب المنطقة بالأمن والاستقرار.",
    "من جهته، أعرب الضيف عن تقديره لدور الأردن في تعزيز الأمن والاستقرار الإقليميين، مؤكدا حرص {country} "
    "على تطوير التعاون مع المملكة.",
]
APPOINTMENT = [
    "AMMAN (Petra) -- The Cabinet, in its session on Sunday, approved the appointment of {name} as "
    "Secretary-General of the Ministry of {ministry}, based on the recommendation of the Minister of {ministry}.",
    "{name} succeeds {predecessor}, who was referred to retirement earlier this month after completing the "
    "legal service period, the government said in a statement.",
    "The Cabinet also approved a number of decisions related to facilitating investment procedures and "
    "improving public services, including a system regulating electronic payments for government fees.",
    "The Prime Minister stressed the importance of following up on the implementation of the economic "
    "modernisation vision, directing ministers to conduct regular field visits to the governorates.",
    "He also called on ministries and government institutions to accelerate the digital transformation of "
    "their services, to keep to the timetables set for executive programmes, and to report quarterly on "
    "their progress to the Prime Ministry's performance unit.",
    "The Cabinet session was attended by the ministers of finance, planning and international cooperation, "
    "and public sector development, who presented reports on the progress of the government's plans.",
]
COURT_VERDICT = [
    "قضت محكمة أمن الدولة، اليوم الإثنين، بوضع متهم بالاتجار بالمواد المخدرة بالأشغال المؤقتة مدة 15 عاما، "
    "وتغريمه 10 آلاف دينار، بعد أن جرمته بتهمة حيازة مواد مخدرة بقصد الاتجار.",
    "وجاء في قرار الحكم أن المتهم ضبط في منطقة {place} وبحوزته كمية من مادة {drug}، إثر معلومات توفرت لإدارة "
    "مكافحة المخدرات حول قيامه بترويج المواد المخدرة وبيعها.",
    "وبينت المحكمة أن النيابة العامة قدمت بينات كافية لإدانة المتهم، من بينها تقرير المختبر الجنائي "
    "وإفادات أفراد الضابطة العدلية، في حين لم تقنع بينات الدفاع هيئة المحكمة.",
    "وقررت المحكمة مصادرة المضبوطات وإتلافها حسب الأصول، وتضمين المتهم الرسوم والمصاريف، بموجب قرار وجاهي "
    "قابل للتمييز.",
]


def from_template(template: list[str], **slots: str) -> list[str]:
    return [paragraph.format(**slots) for paragraph in template]


TEMPLATE_PAIRS = {
    "gold prices unchanged, Tuesday and Wednesday": (
        ("استقرار أسعار الذهب محليا", from_template(GOLD_BULLETIN, day="الثلاثاء")),
        ("استقرار أسعار الذهب محليا", from_template(GOLD_BULLETIN, day="الأربعاء"))),
    "fuel prices unchanged for July and for August": (
        ("Fuel prices unchanged for July", from_template(FUEL_PRICES, month="July", previous="June")),
        ("Fuel prices unchanged for August", from_template(FUEL_PRICES, month="August", previous="July"))),
    "one press release for two governorates": (
        ("Irbid launches measles, polio vaccination campaign",
         from_template(VACCINATION_CAMPAIGN, upper="IRBID", place="Irbid", director="Ahmad Rousan")),
        ("Mafraq launches measles, polio vaccination campaign",
         from_template(VACCINATION_CAMPAIGN, upper="MAFRAQ", place="Mafraq", director="Saleh Khalidi"))),
    "the King received two visitors": (
        ("الملك يستقبل وزير الدفاع الإيطالي",
         from_template(ROYAL_AUDIENCE, visitor="وزير الدفاع الإيطالي غويدو كروسيتو", country="إيطاليا")),
        ("الملك يستقبل وزيرة الخارجية اليابانية",
         from_template(ROYAL_AUDIENCE, visitor="وزيرة الخارجية اليابانية يوكو كاميكاوا", country="اليابان"))),
    "two appointments": (
        ("Al-Omari appointed water ministry secretary-general",
         from_template(APPOINTMENT, name="Mohammad Al-Omari", ministry="Water and Irrigation",
                       predecessor="Jihad Al-Mahamid")),
        ("Al-Majali appointed social development secretary-general",
         from_template(APPOINTMENT, name="Rana Al-Majali", ministry="Social Development",
                       predecessor="Barq Al-Dmour"))),
    "one sentence for two defendants": (
        ("الأشغال 15 عاما لتاجر مخدرات في الرصيفة", from_template(COURT_VERDICT, place="الرصيفة", drug="الحشيش")),
        ("الأشغال 15 عاما لتاجر مخدرات في الرمثا", from_template(COURT_VERDICT, place="الرمثا", drug="الكريستال"))),
}


@pytest.mark.parametrize("first, second", TEMPLATE_PAIRS.values(), ids=TEMPLATE_PAIRS.keys())
def test_stories_written_from_one_template_with_the_same_figures_are_two_articles(tmp_path: Path, first, second):
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    outcomes = [store.save(item(f"https://petra.test/news/{number}", paragraphs, title=title, site="petra"))
                for number, (title, paragraphs) in enumerate((first, second), start=1)]
    store.close()
    assert [o.status for o in outcomes] == ["new", "new"]
    assert [r["title"] for r in rows(database, "SELECT title FROM articles ORDER BY id")] == [first[0], second[0]]
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0


def test_prayer_times_of_two_days_whose_minutes_trade_places_are_two_articles(tmp_path: Path):
    # Near the solstice fajr gets a minute earlier as asr gets one later: 04:13 and 16:12 one day,
    # 04:12 and 16:13 the next. Read as separate numbers (04, 13, 16, 12) the two days agreed.
    template = ["Prayer times in Amman today: Fajr {fajr}, sunrise 05:35, Dhuhr 12:31, Asr {asr}, Maghrib 19:46 "
                "and Isha 21:21, according to the calendar of the Ministry of Awqaf and Islamic Affairs.",
                "Two minutes are added for Irbid, Jerash, Ajloun and Mafraq, one minute is subtracted for Zarqa, "
                "and three minutes are added for Karak, Tafileh and Maan, and four minutes for Aqaba.",
                "The ministry urged worshippers to follow the call to prayer announced in mosques and to refer to "
                "its official calendar, prepared with the Royal Jordanian Geographic Centre."]
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    outcomes = [store.save(item(f"https://petra.test/prayer/{day}", from_template(template, fajr=fajr, asr=asr),
                                title="Prayer times in Amman", site="petra"))
                for day, fajr, asr in ((17, "04:13", "16:12"), (18, "04:12", "16:13"))]
    store.close()
    assert [o.status for o in outcomes] == ["new", "new"]


AGENCY_WIRE = [
    "CAIRO (AFP) - Egypt's annual urban inflation slowed to 16.8 percent in May from 24 percent in April, "
    "official data showed on Tuesday, extending a decline that began early last year.",
    "Monthly inflation eased to 1.9 percent from 1.3 percent, the state statistics agency CAPMAS said, as food "
    "prices rose more slowly than in previous months.",
    "The central bank has kept its overnight deposit rate at 24.0 percent since April, after a cumulative "
    "increase of 19 percentage points since early 2022.",
    "Analysts said the slowdown reflected a favourable base effect and a stronger pound after the country "
    "secured an expanded loan programme with the International Monetary Fund.",
    "The government is also preparing to cut fuel subsidies further under the programme, which could push "
    "prices up again in the second half of the year, economists warned.",
]


def test_a_copy_with_its_own_teaser_or_credit_line_is_still_a_copy(tmp_path: Path):
    # The agency is not crawled: one outlet inserted a numbered "Read also" teaser, another a
    # copyright line. Neither number was replaced in the story: the two pages are one story.
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item("https://ahram.test/News/523311.aspx",
                            [*AGENCY_WIRE[:3], "Read also: 5 things to know about Egypt's IMF programme",
                             *AGENCY_WIRE[3:]], title="Egypt urban inflation eases", site="ahram"))
    second = store.save(item("https://dailynews.test/2025/06/10/inflation", [*AGENCY_WIRE, "© 2025 AFP"],
                             title="Egypt inflation slows again", site="dailynews"))
    store.close()
    assert (second.status, second.duplicate_kind, second.article_id) == ("duplicate", "near", first.article_id)


def test_a_copy_writing_thousands_with_a_plain_space_is_still_a_copy(tmp_path: Path):
    # French writes 12 500 with a narrow no-break space; a copy typed with a plain one, and its own lead.
    wire = ["Rabat - Le ministère de l'Agriculture a annoncé mardi un programme d'irrigation localisée portant "
            "sur 12\u202f500 hectares dans les régions du Souss-Massa et de l'Oriental, pour un coût de 1\u202f850 "
            "millions de dirhams.",
            "Le programme doit permettre d'économiser près de 3\u202f200 mètres cubes d'eau par hectare et par an, "
            "selon le ministère, qui prévoit de l'achever d'ici la fin de l'année 2027.",
            "Les agriculteurs bénéficiaires recevront une subvention couvrant jusqu'à 100 % du coût des équipements "
            "pour les petites exploitations de moins de cinq hectares, a précisé la même source.",
            "Cette opération s'inscrit dans le cadre du plan national de l'eau, qui vise à faire face à la "
            "sécheresse que connaît le Royaume depuis six années consécutives."]
    copy = [wire[0].replace("Rabat - Le ministère de l'Agriculture a annoncé mardi",
                            "Le ministère de l'Agriculture, de la Pêche maritime et du Développement rural a "
                            "annoncé, mardi à Rabat,").replace("\u202f", " "),
            *(paragraph.replace("\u202f", " ") for paragraph in wire[1:])]
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item("https://mapexpress.test/fr/irrigation", wire, title="Irrigation localisée", site="map"))
    second = store.save(item("https://le360.test/economie/irrigation", copy, title="Un programme d'irrigation",
                             site="le360"))
    store.close()
    assert (second.status, second.duplicate_kind, second.article_id) == ("duplicate", "near", first.article_id)


def test_an_address_that_was_a_copy_and_now_shows_another_days_bulletin_does_not_take_the_article(tmp_path: Path):
    # The site's fixed "today's gold prices" page shows Tuesday's bulletin (an exact copy of the
    # day's article), then Wednesday's, unchanged prices. Wednesday's is another story: the
    # article keeps Tuesday's text at its address, and fetching it again changes nothing.
    database = tmp_path / "news.db"
    tuesday_url, today_url = "https://alrai.test/article/gold-301", "https://alrai.test/gold-prices-today"
    tuesday = from_template(GOLD_BULLETIN, day="الثلاثاء")
    wednesday = from_template(GOLD_BULLETIN, day="الأربعاء")
    store = ArticleStore(database)
    first = store.save(item(tuesday_url, tuesday, title="استقرار أسعار الذهب محليا", site="alrai"))
    copy = store.save(item(today_url, tuesday, title="أسعار الذهب اليوم", site="alrai"))
    next_day = store.save(item(today_url, wednesday, title="أسعار الذهب اليوم", site="alrai"))
    again = store.save(item(tuesday_url, tuesday, title="استقرار أسعار الذهب محليا", site="alrai"))
    store.close()

    assert (copy.status, copy.duplicate_kind) == ("duplicate", "exact")
    assert (next_day.status, next_day.moved_from) == ("new", None)
    assert (again.status, again.article_id) == ("unchanged", first.article_id)
    stored = rows(database, "SELECT url, body, version FROM articles ORDER BY id")
    assert [(r["url"], r["version"]) for r in stored] == [(tuesday_url, 1), (today_url, 1)]
    assert "الثلاثاء" in stored[0]["body"] and "الأربعاء" in stored[1]["body"]
    assert rows(database, "SELECT COUNT(*) AS n FROM article_revisions")[0]["n"] == 0


def test_a_moved_storys_old_address_still_showing_its_text_is_the_article_not_a_copy(tmp_path: Path):
    # The story is edited at its new address (rule 2 moves the article there); its old address,
    # still online with the text as it was, is fetched again. It is the article's own page: were
    # it recorded as a copy, an edit there would move the article back (rule 2 again).
    database = tmp_path / "news.db"
    store = ArticleStore(database)
    first = store.save(item(OLD_ADDRESS, PETRA_STORY))
    store.save(moved(PETRA_STORY))
    edited = store.save(moved(EDITED_STORY))
    old_page = store.save(item(OLD_ADDRESS, PETRA_STORY))
    store.close()
    assert (edited.status, edited.moved_from) == ("updated", OLD_ADDRESS)
    assert (old_page.status, old_page.article_id) == ("unchanged", first.article_id)
    assert rows(database, "SELECT url, version FROM articles") == [{"url": NEW_ADDRESS, "version": 2}]
    assert rows(database, "SELECT COUNT(*) AS n FROM duplicates")[0]["n"] == 0


def test_a_stories_mobile_address_is_stored_with_it_and_not_fetched_again(tmp_path: Path):
    # the desktop page names m.petra.test/<same path> as its mobile copy and the site links both:
    # the mobile address was a key of its own, so it was downloaded again (and recorded as a copy)
    store = ArticleStore(tmp_path / "news.db")
    try:
        first = store.save(item("https://www.petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
        for mobile in ("https://m.petra.test/news/2025/06/02/border-reopens",
                       "http://mobile.petra.test/news/2025/06/02/border-reopens/"):
            assert store.stored_url(mobile).article_id == first.article_id  # the pre-download check
        # the mobile page fetched anyway (first met in this crawl) is the article, unchanged
        again = store.save(item("https://m.petra.test/news/2025/06/02/border-reopens", PETRA_STORY, site="petra"))
        assert (again.status, again.article_id) == ("unchanged", first.article_id)
        # another story at another path of the mobile host is its own
        other = "https://m.petra.test/news/2025/06/02/league-round-nine"
        assert store.stored_url(other) is None
    finally:
        store.close()
