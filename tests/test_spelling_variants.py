"""Two copies of one story that differ only in how an outlet spells its letters (the seat of an
Arabic hamza, French accents left out) are one article and an ``exact`` copy, in a real SQLite
file; two different stories written that way are still two (``crawler.dedup.normalize_for_hash``,
schema version 14).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from crawler.items import ArticleItem
from crawler.storage import ArticleStore
from tests.test_shortened_copies import ARABIC_STORY

FRENCH_STORY = [
    "Le président de la République a reçu mercredi à l'Élysée le Premier ministre libanais, avec qui il a "
    "évoqué la situation économique et la reconstruction du port de Beyrouth, a indiqué la présidence.",
    "Les deux responsables ont également abordé l'élection présidentielle prévue au printemps et le rôle de "
    "l'armée dans le sud du pays, selon un communiqué publié à l'issue de l'entretien.",
    "La France s'est engagée à soutenir les réformes exigées par le Fonds monétaire international, notamment "
    "dans le secteur bancaire et l'électricité, et à mobiliser ses partenaires européens lors d'une conférence "
    "prévue à Paris le mois prochain.",
    "Le Premier ministre a remercié son hôte pour son soutien constant, soulignant que cette œuvre de longue "
    "haleine exigeait une coopération étroite et des gestes concrets avant l'été.",
]
OTHER_FRENCH_STORY = [
    "Des pluies torrentielles se sont abattues jeudi sur le nord du Maroc, provoquant des inondations dans "
    "plusieurs quartiers de Tétouan et coupant la route nationale vers Chefchaouen, ont rapporté les autorités.",
    "La protection civile a évacué une centaine de familles dont les maisons avaient été envahies par les eaux, "
    "et les écoles de la région resteront fermées vendredi par mesure de précaution.",
    "La météorologie nationale a prévu d'autres averses orageuses jusqu'à samedi et appelé les automobilistes à "
    "éviter les routes de montagne, où des éboulements ont été signalés.",
]
# The same story as an Egyptian desk spells it: the hamza seated on ي (مسئول, شئون), a final
# "يء" written "ئ" (شئ), "جزؤ" for "جزء".
HAMZA_PARAGRAPH = ("وقال مسؤول في الوزارة إن شؤون المشروع جزء من خطة وطنية لإدارة الموارد المائية، وإن رؤساء "
                   "البلديات سيشاركون في متابعته، ولا شيء يمنع البدء في أعماله مطلع العام.")
EGYPTIAN_SPELLING = {"مسؤول": "مسئول", "شؤون": "شئون", "جزء": "جزؤ", "شيء": "شئ", "رؤساء": "رءساء"}


def without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).replace("œ", "oe")


def respelled(text: str, spellings: dict[str, str]) -> str:
    for word, other in spellings.items():
        text = text.replace(word, other)
    return text


def item(url: str, body: str, *, title: str, site: str) -> ArticleItem:
    return ArticleItem(url=url, canonical_url=url, site=site, title=title, body=body,
                       fetched_at="2026-12-07T10:00:00+00:00")


def saved(tmp_path: Path, *items: ArticleItem) -> list:
    store = ArticleStore(tmp_path / "news.db")
    try:
        return [store.save(each) for each in items]
    finally:
        store.close()


def test_a_french_story_copied_without_its_accents_is_an_exact_copy(tmp_path: Path):
    # it was stored as a new article: every accented word broke its shingles
    story = "\n\n".join(FRENCH_STORY)
    first, copy = saved(tmp_path,
                        item("https://lorient.test/1", story, title="Le Premier ministre reçu à l'Élysée", site="a"),
                        item("https://agence.test/9", without_accents(story),
                             title="Le Premier ministre recu a l'Elysee", site="b"))
    assert first.status == "new"
    assert (copy.status, copy.duplicate_kind, copy.article_id) == ("duplicate", "exact", first.article_id)


def test_an_arabic_story_with_its_hamzas_seated_otherwise_is_an_exact_copy(tmp_path: Path):
    # it was a near copy (the similarity of the shingles the respelled words are in)
    story = "\n\n".join([*ARABIC_STORY, HAMZA_PARAGRAPH])
    first, copy = saved(tmp_path, item("https://petra.test/1", story, title="محطة تحلية في العقبة", site="a"),
                        item("https://masr.test/2", respelled(story, EGYPTIAN_SPELLING),
                             title="محطة تحلية في العقبة", site="b"))
    assert (copy.status, copy.duplicate_kind, copy.article_id) == ("duplicate", "exact", first.article_id)


def test_a_short_arabic_paragraph_respelled_is_still_a_shortened_copy(tmp_path: Path):
    # the lead keys read the respelled lead as the stored one
    lead = "\n\n".join([HAMZA_PARAGRAPH, *ARABIC_STORY])
    cut = respelled("\n\n".join([HAMZA_PARAGRAPH, *ARABIC_STORY[:3]]), EGYPTIAN_SPELLING)
    first, copy = saved(tmp_path, item("https://petra.test/1", lead, title="محطة تحلية في العقبة", site="a"),
                        item("https://masr.test/2", cut, title="محطة تحلية في العقبة", site="b"))
    assert (copy.status, copy.article_id) == ("duplicate", first.article_id)
    assert copy.duplicate_kind in {"shortened", "near"}


def test_two_french_stories_without_accents_are_two_articles(tmp_path: Path):
    results = saved(tmp_path,
                    item("https://lorient.test/1", "\n\n".join(FRENCH_STORY), title="Beyrouth", site="a"),
                    item("https://agence.test/2", without_accents("\n\n".join(OTHER_FRENCH_STORY)),
                         title="Inondations a Tetouan", site="b"))
    assert [result.status for result in results] == ["new", "new"]
