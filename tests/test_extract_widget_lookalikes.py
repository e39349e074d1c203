"""Widgets and boxes a story's page carries (fifth probe): a key-points box over the story, a poll
or a comment form, a chart's credit line, a newswire's link, a French support box. Each rule is
checked both ways: the chrome goes (or the content is found), and its innocent twin stays."""

from __future__ import annotations

from lxml import html as lxml_html

from crawler.boilerplate import attach_footnotes, clean_paragraphs
from crawler.extract import extract_article

P1 = ("The port authority said on Monday that container traffic rose by a fifth in the first half of the "
      "year, helped by new shipping lines to East Africa and lower handling fees.")
P2 = ("Officials expect the new terminal, built with a loan from a regional development bank, to open to "
      "ships in the spring after two years of delays caused by disputes over land.")
P3 = ("Unions welcomed the figures but warned that dock workers' wages had not kept pace with prices, and "
      "said they would press for a new agreement before the end of the year.")
FR1 = ("Le ministère a annoncé lundi que les exportations de phosphates ont augmenté de dix pour cent au "
       "premier trimestre, portées par la demande des pays d'Asie du Sud.")
FR2 = ("Les syndicats ont salué ces chiffres tout en rappelant que les salaires des mineurs n'avaient pas "
       "suivi la hausse des prix depuis trois ans.")
FR3 = ("La direction a promis d'ouvrir des négociations avant la fin de l'année, sans donner de date ni de "
       "chiffre, selon un communiqué publié mardi soir.")
HEAD = ('<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2025-06-02T08:00:00Z">')


def _page(between: str, body: str, after: str = "", title: str = "Port traffic rises by a fifth") -> str:
    return (f"<html><head><title>{title}</title>{HEAD}</head><body><header><nav><a href='/'>Home</a>"
            f"<a href='/economy'>Economy</a></nav></header><main><div class='story'><h1>{title}</h1>"
            f"<div class='meta'>June 2, 2025</div>{between}<div class='article-body' itemprop='articleBody'>{body}</div>{after}</div>"
            f"</main><footer>Contact us</footer></body></html>")


def _body(html: str, url: str = "https://news.example/economy/2025/06/02/port-traffic-rises") -> list[str]:
    result = extract_article(html, url, min_words=20, raise_errors=True)
    assert result.article is not None, result.reason
    return result.article.body.split("\n\n")


STORY = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"

# --- key points between the headline and the story's container ------------------------------------

POINTS = ["Container traffic rose by a fifth in the first half.", "New lines now link the port to East Africa.",
          "The new terminal should open next spring."]


def test_a_key_points_box_between_the_headline_and_the_story_is_put_over_the_story():
    box = "<div class='article-highlights'><h3>Key points</h3><ul>" + "".join(f"<li>{p}</li>" for p in POINTS) + "</ul></div>"
    assert _body(_page(box, STORY)) == ["Key points", *POINTS, P1, P2, P3]
    # without a label too
    bare = "<ul class='summary-list'>" + "".join(f"<li>{p}</li>" for p in POINTS) + "</ul>"
    assert _body(_page(bare, STORY)) == [*POINTS, P1, P2, P3]


def test_lists_between_the_headline_and_the_story_that_are_no_key_points_stay_out():
    # other stories' headlines (links), a tag list (short items), a table of contents (links within the page)
    related = ("<div class='more'><h3>Read next</h3><ul><li><a href='/economy/2025/06/01/dock-workers-vote-to-strike'>"
               "Dock workers vote to strike over their pay</a></li><li><a href='/economy/2025/05/30/new-cranes-arrive'>"
               "New cranes arrive at the container terminal</a></li></ul></div>")
    tags = "<div class='topics'><ul><li>Ports</li><li>Shipping</li><li>East Africa</li></ul></div>"
    toc = ("<div class='toc'><h3>In this article</h3><ul><li><a href='#traffic'>How much the traffic grew this year</a></li>"
           "<li><a href='#terminal'>When the new terminal will finally open</a></li></ul></div>")
    for between in (related, tags, toc):
        assert _body(_page(between, STORY)) == [P1, P2, P3]


def test_key_points_the_story_repeats_are_not_added_twice():
    # a "highlights" box whose sentence the story's container also opens with (Al Bawaba's standfirst)
    box = f"<div class='highlights'><h4>Highlights</h4><ul><li>{P1}</li><li>{P2}</li></ul></div>"
    assert _body(_page(box, STORY)) == [P1, P2, P3]


# --- the reader's forms: a poll, a comment or condolence form --------------------------------------

def test_a_poll_box_goes_with_its_question_and_its_count():
    poll = ("<div class='poll-box'><h4>Poll: Should the port open at night?</h4><form><label><input type='radio' "
            "name='v' value='1'> Yes</label><label><input type='radio' name='v' value='2'> No</label>"
            "<button>Vote</button></form><p>2,310 votes</p></div>")
    body = f"<p>{P1}</p><p>{P2}</p>{poll}<p>{P3}</p>"
    assert _body(_page("", body)) == [P1, P2, P3]


def test_a_message_form_s_heading_and_blurb_go():
    box = ("<div class='guestbook'><h2>Registre de condoléances</h2><p>Laissez un message à la famille</p>"
           "<form><input type='text' name='nom'><textarea name='message'></textarea><input type='submit' "
           "value='Envoyer'></form></div>")
    body = _body(_page("", f"<p>{FR1}</p><p>{FR2}</p><p>{FR3}</p>", after=box, title="Décès d'un ancien mineur"),
                 url="https://news.example/societe/2025/06/02/deces-ancien-mineur")
    assert body == [FR1, FR2, FR3]


def test_a_page_wide_form_holding_a_comment_box_keeps_the_story():
    # an ASP.NET page is one <form> around everything, the comment box's textarea included
    html = _page("", STORY, after="<div class='add'><textarea name='c'></textarea><input type='submit'></div>")
    html = html.replace("<body>", "<body><form id='aspnetForm' method='post'>").replace("</body>", "</form></body>")
    assert _body(html) == [P1, P2, P3]


# --- a chart's credit line -------------------------------------------------------------------------

def test_a_chart_embed_s_credit_line_goes():
    for line in ("Chart: Rania Khoury • Source: Department of Statistics • Get the data • Created with Datawrapper",
                 "Graphique : L. Martin · Source : INSEE · Télécharger les données · Créé avec Datawrapper",
                 "Source: IMF | Get the data"):
        assert clean_paragraphs([P1, line, P2]) == [P1, P2], line


def test_source_lines_and_sentences_about_charts_stay():
    for line in ("Source: Department of Statistics", "Source: World Bank • Data: IMF, 2024",
                 "The ministry's chart, created with Datawrapper, shows the fall in prices since March.",
                 "Get the data • the ministry's portal publishes it every quarter."):
        assert clean_paragraphs([P1, line, P2]) == [P1, line, P2], line


# --- a newswire's link under a syndicated release --------------------------------------------------

def test_a_newswire_s_view_original_content_line_goes_and_a_sentence_stays():
    link = "View original content to download multimedia:https://www.wire.example/news-releases/port-302411187.html"
    assert clean_paragraphs([P1, P2, link]) == [P1, P2]
    sentence = "View original content: the museum's catalogue lists 400 items from the old port."
    assert clean_paragraphs([P1, P2, sentence]) == [P1, P2, sentence]


# --- a French support box --------------------------------------------------------------------------

def test_a_support_box_classed_in_french_goes():
    box = ("<div class='soutenir'><h3>Soutenez Le Journal du Port</h3><p>Le Journal du Port est un média "
           "indépendant, gratuit et sans publicité. Pour continuer, nous avons besoin de vous.</p>"
           "<a class='btn' href='/dons/'>Faire un don</a></div>")
    body = _body(_page("", f"<p>{FR1}</p><p>{FR2}</p><p>{FR3}</p>", after=box, title="Les exportations de phosphates"),
                 url="https://news.example/economie/2025/06/02/exportations-phosphates")
    assert body == [FR1, FR2, FR3]


def test_a_story_s_own_box_named_soutien_between_its_paragraphs_stays():
    box = ("<div class='soutien-psy'><p>Une cellule de soutien psychologique est ouverte aux familles des "
           "mineurs, au numéro vert 3030, tous les jours de 8 heures à 20 heures.</p></div>")
    body = _body(_page("", f"<p>{FR1}</p><p>{FR2}</p>{box}<p>{FR3}</p>", title="Les exportations de phosphates"),
                 url="https://news.example/economie/2025/06/02/exportations-phosphates")
    assert any("cellule de soutien psychologique" in p for p in body)


# --- notes after the story's container ------------------------------------------------------------

NOTES = ["Loi n° 2024-9 du 7 février 2024, Journal officiel.", "Institut national de la statistique, rapport 2024."]


def test_notes_after_the_text_s_container_that_link_back_to_their_calls_are_the_story_s():
    text = (f"<p>{FR1}<sup id='fnref:1'><a href='#fn:1'>1</a></sup></p><p>{FR2}<sup id='fnref:2'>"
            f"<a href='#fn:2'>2</a></sup></p><p>{FR3}</p>")
    notes = ("<div class='footnotes'><h3>Notes</h3><ol>" + "".join(
        f"<li id='fn:{i}'>{note} <a href='#fnref:{i}'>↩</a></li>" for i, note in enumerate(NOTES, 1)) + "</ol></div>")
    body = _body(_page("", text, after=notes, title="Les exportations de phosphates"),
                 url="https://news.example/economie/2025/06/02/exportations-phosphates")
    assert body[-3:] == ["Notes", *NOTES]  # the notes' return marks ("↩") go


def test_a_numbered_link_to_a_block_after_the_story_that_links_nowhere_back_is_no_note():
    # the comment count beside the byline, "12", linking to the readers' comments below the story
    text = f"<p>{FR1} <a href='#comments'>12</a></p><p>{FR2}</p><p>{FR3}</p>"
    comments = ("<div id='comments'><p>Encore des promesses avant les élections, on a déjà vu ce genre de plan il y a "
                "trois ans et rien n'a changé pour les petits commerçants.</p></div>")
    body = _body(_page("", text, after=comments, title="Les exportations de phosphates"),
                 url="https://news.example/economie/2025/06/02/exportations-phosphates")
    assert not any("Encore des promesses" in p for p in body)


def _part_two_page(call_id: str = "", back_to: str = "top") -> str:
    call = f"<a{call_id} href='#p2'>II</a>"
    return (f"<html><body id='top'><div id='page'><div class='texte'><p>{FR1} Voir la partie {call} "
            f"plus bas.</p><p>{FR2}</p></div><section id='p2'><h2>Partie II</h2><p>{FR3}</p>"
            f"<a href='#{back_to}'>Haut de page</a></section></div></body></html>")


def test_a_link_to_a_later_part_whose_back_to_top_link_names_the_page_is_no_note():
    """A "back to top" link to ``<body id="top">`` (or the page's wrapper) is no link back to
    the call: only the call's own ids, up to its paragraph, are."""
    for back_to in ("top", "page"):
        tree = lxml_html.fromstring(_part_two_page(back_to=back_to))
        assert attach_footnotes(tree) == 0, back_to
        assert tree.xpath("//section[@id='p2']")[0].getparent().get("id") == "page"


def test_a_part_that_links_back_to_the_call_itself_is_still_a_note():
    tree = lxml_html.fromstring(_part_two_page(call_id=" id='r2'", back_to="r2"))
    assert attach_footnotes(tree) == 1
    assert tree.xpath("//section[@id='p2']")[0].getparent().get("class") == "texte"
