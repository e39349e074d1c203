"""Specifications of the embedded-body fallback: script-rendered pages whose HTML has no article.

A React site may serve an empty shell and ship the story in a data script (Next.js flight chunks,
``__NEXT_DATA__`` JSON, JSON-LD ``articleBody``). The golden pages ``ar_script_rendered_next_flight``
and ``fr_script_rendered_next_data`` show whole pages; these tests pin the edges.
"""

from __future__ import annotations

import json

from lxml.html import fromstring

from crawler.embedded import embedded_article, record_dates
from crawler.extract import extract_article

P1 = ("The port authority said on Monday that container traffic rose by a fifth in the first half of the year, "
      "helped by new shipping lines to East Africa and lower handling fees.")
P2 = ("Officials expect the new terminal, built with a loan from a regional development bank, to open to ships "
      "in the spring after two years of delays caused by disputes over land.")
P3 = ("Unions welcomed the figures but warned that dock workers' wages had not kept pace with prices, and said "
      "they would press for a new agreement before the end of the year.")
ARTICLE_HEAD = ('<meta property="og:type" content="article">'
                '<meta property="article:published_time" content="2025-06-02T08:00:00Z">')


def _page(body: str, head: str = ARTICLE_HEAD, scripts: str = "") -> str:
    return (f"<html><head><title>Port traffic rises</title>{head}</head><body><header><nav><a href='/'>Home</a>"
            f"</nav></header><main>{body}</main><footer>Contact us</footer>{scripts}</body></html>")


def _flight(*rows: str) -> str:
    return "".join(f"<script>self.__next_f.push({json.dumps([1, row])})</script>" for row in rows)


def _extract(html: str):
    return extract_article(html, "https://news.example/port-traffic", min_words=20, raise_errors=True)


def test_a_flight_text_row_is_cut_at_its_length_in_utf8_bytes():
    story = f"<p>{P1}</p><p>قال المتحدث إن الميناء سيعمل على مدار الساعة.</p><p>{P2}</p>"
    after = '\n7:["$","div",null,{"children":"<p>not the story</p><p>another row</p>"}]'
    tree = fromstring(_page("", scripts=_flight(f"6:T{len(story.encode()):x},", story[:50], story[50:] + after)))
    assert embedded_article(tree).html == story


def test_next_data_json_body_and_json_ld_article_body_are_found():
    data = {"props": {"pageProps": {"post": {"content": f"<p>{P1}</p><p>{P2}</p>", "excerpt": f"<p>{P1}</p>"}}}}
    tree = fromstring(_page("", scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
                                        f"</script>"))
    assert embedded_article(tree).html == f"<p>{P1}</p><p>{P2}</p>"
    # JSON-LD articleBody is plain text: each line becomes a paragraph, and the longer body wins
    assert embedded_article(tree, f"{P1}\n{P2}\n{P3}").html == f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"


def test_an_empty_shell_declared_an_article_takes_its_json_ld_article_body():
    ld = json.dumps({"@type": "NewsArticle", "headline": "Port traffic rises", "articleBody": f"{P1}\n\n{P2}\n{P3}"})
    result = _extract(_page("<div id='root'>Loading…</div>", head=f'<script type="application/ld+json">{ld}</script>'))
    assert result.article is not None, result.reason
    assert result.article.body.split("\n\n") == [P1, P2, P3]


def test_a_page_with_its_own_body_keeps_it_whatever_its_scripts_carry():
    other = f"<p>{P3}</p><p>{P3} {P3}</p><p>{P2} {P1}</p>"
    data = json.dumps({"props": {"related": [{"html": other}]}})
    result = _extract(_page(f"<article><p>{P1}</p><p>{P2}</p></article>",
                            scripts=f'<script id="__NEXT_DATA__" type="application/json">{data}</script>'))
    assert result.article.body.split("\n\n") == [P1, P2]


def test_a_page_that_does_not_declare_an_article_is_not_rebuilt_from_its_scripts():
    # a section front whose data script lists teaser summaries stays a non-article
    data = json.dumps({"props": {"teasers": f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"}})
    result = _extract(_page("<ul><li><a href='/a'>Port traffic rises</a></li></ul>", head="",
                            scripts=f'<script id="__NEXT_DATA__" type="application/json">{data}</script>'))
    assert result.article is None


def test_malformed_data_scripts_are_ignored():
    scripts = ('<script id="__NEXT_DATA__" type="application/json">{"props": <p>broken</script>'
               '<script>self.__next_f.push([1, "6:T40,<p>cut</p>)</script>'
               '<script>self.__next_f.push([1, "6:Tzz,<p>x</p>"])</script>'
               '<script>self.__next_f.push([1, "6:Tffff,<p>short</p><p>row</p>"])</script>')
    result = _extract(_page("<div id='root'></div>", scripts=scripts))
    assert result.article is None and result.reason in {"empty_body", "too_short"}


def test_the_date_of_a_script_rendered_article_comes_from_its_own_record():
    # the shell has no date; the flight payload has the article record (pointing to its text row
    # as "$6") and a related story's record with another date
    story = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
    article = {"title": "Port traffic rises", "contentHtml": "$6", "published_at": "2025-06-02T08:30:00+03:00",
               "updatedAt": 1748866200000}
    related = {"title": "Dockers strike", "summary": "<p>x</p>", "publishedAt": "2024-01-01T00:00:00Z"}
    rows = ['1:"$Sreact.fragment"\n', '7:' + json.dumps({"related": related}) + "\n", f"6:T{len(story.encode()):x},",
            story, '5:["$","$L3",null,' + json.dumps({"data": article}) + "]\n"]
    result = _extract(_page("<div id='root'></div>", head='<meta property="og:type" content="article">',
                            scripts=_flight(*rows)))
    assert result.article.body.split("\n\n") == [P1, P2, P3]
    assert result.article.published_at == "2025-06-02T05:30:00+00:00"
    assert result.article.modified_at == "2025-06-02T12:10:00+00:00"


def test_record_dates_reads_the_usual_key_spellings_and_epochs():
    assert record_dates({"datePublished": "2025-06-02", "date_modified": "2025-06-03"}) == ("2025-06-02", "2025-06-03")
    assert record_dates({"publish-date": 1748851200}) == ("2025-06-02T08:00:00+00:00", None)
    assert record_dates({"pubDate": "", "title": "2025-06-02", "created": True}) == (None, None)


def test_a_longer_story_prefetched_for_a_read_next_box_is_not_taken_for_the_page_s_own():
    own = {"title": "Port traffic rises", "body": f"<p>{P1}</p><p>{P2}</p>"}
    other = {"title": "Dock workers vote to strike over pay", "body": f"<p>{P3}</p><p>{P3}</p><p>{P2} {P1}</p>"}
    data = json.dumps({"props": {"pageProps": {"article": own, "readNext": [other]}}})
    result = _extract(_page("<div id='root'></div>", head=ARTICLE_HEAD + '<meta property="og:title" '
                            'content="Port traffic rises | The Harbour Times">',
                            scripts=f'<script id="__NEXT_DATA__" type="application/json">{data}</script>'))
    assert result.article.body.split("\n\n") == [P1, P2]


def test_data_scripts_nested_deeper_than_the_parser_goes_are_ignored():
    deep = "[" * 100_000 + "]" * 100_000
    scripts = (f'<script id="__NEXT_DATA__" type="application/json">{deep}</script>'
               + _flight(f"5:{deep}\n", f"6:T{len(P1):x},{P1}"))
    result = extract_article(_page("<div id='root'></div>", scripts=scripts), "https://news.example/a",
                             min_words=20, raise_errors=True)
    assert result.article is None and result.reason in {"empty_body", "too_short"}


def test_a_state_literal_handed_to_the_browser_carries_the_body_and_its_date():
    state = {"article": {"title": "Port traffic rises", "content": f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>",
                         "publishDate": "2025-06-02T08:30:00Z"}}
    scripts = (f"<script>window.__INITIAL_STATE__ = {json.dumps(state)};</script>"
               "<script>window.dataLayer = window.dataLayer || [];</script>")
    result = _extract(_page("<div id='app'></div>", scripts=scripts))
    assert result.article.body.split("\n\n") == [P1, P2, P3]
    assert result.article.published_at == "2025-06-02T08:00:00+00:00"  # the page's own tag wins


def test_an_article_body_escaped_by_its_cms_is_decoded_once():
    ld = json.dumps({"@type": "NewsArticle", "headline": "Port traffic rises",
                     "articleBody": f"{P1}\n&quot;We are ready,&quot; the port&#039;s director said.\n{P2}"})
    html = _page("<div id='root'>Loading…</div>", ARTICLE_HEAD + f'<script type="application/ld+json">{ld}</script>')
    body = _extract(html).article.body
    assert "\"We are ready,\" the port's director said." in body and "&quot;" not in body


def test_a_section_fronts_short_title_inside_a_listed_storys_headline_is_not_that_story():
    # a Next.js section front ("اقتصاد") prefetches the stories it lists, each with its body
    data = {"props": {"pageProps": {"story": {"title": "الاقتصاد المصري ينمو بأسرع وتيرة منذ عامين",
                                              "body": f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"}}}}
    html = (f"<html><head><title>اقتصاد</title>{ARTICLE_HEAD}</head><body><h1>اقتصاد</h1>"
            f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script></body></html>")
    tree = fromstring(html)
    assert embedded_article(tree, None, ["اقتصاد"]) is None
    assert embedded_article(tree, None, ["الاقتصاد المصري ينمو بأسرع وتيرة منذ عامين | Site"]) is not None


def test_a_body_given_as_text_blocks_is_joined_as_paragraphs():
    # a CMS's block editor in __NEXT_DATA__: paragraphs and a header are text, the image is not
    blocks = [{"type": "paragraph", "data": {"text": P1}}, {"type": "image", "data": {"file": {"url": "/a.jpg"}}},
              {"type": "header", "data": {"text": "The new terminal", "level": 2}},
              {"type": "paragraph", "data": {"text": f"<b>Officials</b> {P2[10:]}"}}]
    data = {"props": {"pageProps": {"article": {"title": "Port traffic rises", "blocks": blocks}}}}
    tree = fromstring(_page("", scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
                                        f"</script>"))
    found = embedded_article(tree, None, ["Port traffic rises"])
    assert found.html == f"<p>{P1}</p><p>The new terminal</p><p><b>Officials</b> {P2[10:]}</p>"
    assert found.record["title"] == "Port traffic rises"


def test_an_arc_xp_content_record_among_other_statements_is_read():
    content = {"type": "story", "headlines": {"basic": "Port traffic rises"},
               "content_elements": [{"type": "text", "content": P1}, {"type": "text", "content": P2},
                                    {"type": "text", "content": P3}]}
    script = (f'<script id="fusion-metadata" type="application/javascript">window.Fusion=window.Fusion||{{}};'
              f'Fusion.arcSite="portnews";Fusion.globalContent={json.dumps(content)};'
              f'Fusion.globalContentConfig={{"source":"content-api"}};</script>')
    result = _extract(_page("<div id='fusion-app'></div>", scripts=script))
    assert result.article is not None and result.body_from == "script"
    assert result.article.body.split("\n\n") == [P1, P2, P3]


def test_list_blocks_of_a_block_body_are_rendered_as_lists():
    # Arc XP's list element among content_elements: its items are the story's bullet points
    items = ["Traffic rose by a fifth.", "Handling fees fell.", "Two new shipping lines opened."]
    content = {"type": "story", "headlines": {"basic": "Port traffic rises"},
               "content_elements": [{"type": "text", "content": P1},
                                    {"type": "list", "list_type": "unordered",
                                     "items": [{"type": "text", "content": item} for item in items]},
                                    {"type": "text", "content": P2}, {"type": "text", "content": P3}]}
    script = f'<script>Fusion.globalContent={json.dumps(content)};</script>'
    result = _extract(_page("<div id='fusion-app'></div>", scripts=script))
    assert result.article is not None and result.body_from == "script"
    assert result.article.body.split("\n\n") == [P1, *items, P2, P3]
    # Editor.js: items as strings, an ordered list, and a nested list's items
    blocks = [{"type": "paragraph", "data": {"text": P1}},
              {"type": "list", "data": {"style": "ordered", "items": ["First step", "Second & last step"]}},
              {"type": "list", "data": {"style": "unordered", "items": [
                  {"content": "Cranes", "items": [{"content": "Two new ones", "items": []}]}]}},
              {"type": "paragraph", "data": {"text": P2}}]
    data = {"props": {"pageProps": {"article": {"title": "Port traffic rises", "blocks": blocks}}}}
    tree = fromstring(_page("", scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
                                        f"</script>"))
    assert embedded_article(tree, None, ["Port traffic rises"]).html == (
        f"<p>{P1}</p><ol><li>First step</li><li>Second &amp; last step</li></ol>"
        f"<ul><li>Cranes<ul><li>Two new ones</li></ul></li></ul><p>{P2}</p>")


def test_a_story_for_subscribers_takes_the_whole_text_its_data_script_carries():
    # The page shows two paragraphs and a "subscribe" box; JSON-LD says isAccessibleForFree false
    # and Arc's Fusion content carries all of it (what search engines are given).
    p4 = ("The authority also plans a rail link to the industrial zone, which it says would take a "
          "thousand lorries a day off the coastal road once it opens.")
    content = {"type": "story", "headlines": {"basic": "Port traffic rises"},
               "content_elements": [{"type": "text", "content": text} for text in (P1, P2, P3, p4)]}
    script = f'<script>Fusion.globalContent={json.dumps(content)};</script>'
    teaser = (f"<article><h1>Port traffic rises</h1><div class='article-body'><p>{P1}</p><p>{P2}</p></div>"
              "<div class='paywall'>Subscribe to continue reading. <a href='/login'>Log in</a></div></article>")

    def ld(free: bool) -> str:
        return ARTICLE_HEAD + ('<script type="application/ld+json">' + json.dumps(
            {"@type": "NewsArticle", "headline": "Port traffic rises", "isAccessibleForFree": free}) + "</script>")

    result = _extract(_page(teaser, head=ld(False), scripts=script))
    assert result.article is not None and result.body_from == "script"
    assert result.article.body.split("\n\n") == [P1, P2, P3, p4]
    # a free story is read from the page, as before
    free = _extract(_page(teaser, head=ld(True), scripts=script))
    assert free.body_from == "page" and free.article.body.split("\n\n")[:2] == [P1, P2]


def test_rich_text_bodies_of_headless_cmss_are_read_from_their_inline_children():
    # Sanity's Portable Text (Next.js sites): a block's words are in its spans; marks and links
    # do not split the paragraph; an image and a reference to another story are not text; a
    # list item is a list's item
    portable = [
        {"_type": "block", "style": "normal", "markDefs": [], "children": [{"_type": "span", "text": P1}]},
        {"_type": "imageWithCaption", "asset": {"_ref": "image-1"}, "caption": "The new cranes"},
        {"_type": "block", "style": "h2", "children": [{"_type": "span", "text": "The new terminal"}]},
        {"_type": "block", "style": "normal", "markDefs": [{"_type": "link", "_key": "l1", "href": "/bank"}],
         "children": [{"_type": "span", "text": P2[:40]}, {"_type": "span", "text": P2[40:], "marks": ["l1"]}]},
        {"_type": "relatedArticle", "reference": {"_ref": "art-551", "title": "Dockers strike"}},
        {"_type": "block", "style": "normal", "listItem": "bullet", "children": [{"_type": "span", "text": "Fees & dues"}]},
        {"_type": "block", "style": "normal", "children": [{"_type": "span", "text": P3}]},
    ]
    data = {"props": {"pageProps": {"post": {"title": "Port traffic rises", "body": portable}}}}
    tree = fromstring(_page("", scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
                                        f"</script>"))
    assert embedded_article(tree, None, ["Port traffic rises"]).html == (
        f"<p>{P1}</p><p>The new terminal</p><p>{P2}</p><ul><li>Fees &amp; dues</li></ul><p>{P3}</p>")
    # Contentful's rich text: "content" lists of text nodes, a hyperlink around some, and lists
    # of list items
    contentful = {"nodeType": "document", "content": [
        {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": P1, "marks": []}]},
        {"nodeType": "embedded-asset-block", "data": {"target": {"sys": {"id": "img"}}}, "content": []},
        {"nodeType": "heading-2", "content": [{"nodeType": "text", "value": "The new terminal"}]},
        {"nodeType": "paragraph", "content": [
            {"nodeType": "text", "value": P2[:40]},
            {"nodeType": "hyperlink", "data": {"uri": "/bank"}, "content": [{"nodeType": "text", "value": P2[40:]}]}]},
        {"nodeType": "unordered-list", "content": [
            {"nodeType": "list-item", "content": [{"nodeType": "paragraph", "content": [
                {"nodeType": "text", "value": "Cranes"}]}]},
            {"nodeType": "list-item", "content": [{"nodeType": "paragraph", "content": [
                {"nodeType": "text", "value": "Berths"}]}]}]},
        {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": P3}]}]}
    data = {"props": {"pageProps": {"article": {"title": "Port traffic rises", "body": {"json": contentful}}}}}
    tree = fromstring(_page("", scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
                                        f"</script>"))
    assert embedded_article(tree, None, ["Port traffic rises"]).html == (
        f"<p>{P1}</p><p>The new terminal</p><p>{P2}</p><ul><li>Cranes</li><li>Berths</li></ul><p>{P3}</p>")
    # and a page showing only its lede takes the whole story
    result = _extract(_page(f"<h1>Port traffic rises</h1><div class='post-body'><p>{P1}</p></div>",
                            scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>'))
    assert result.article is not None and result.body_from == "script"
    assert result.article.body.split("\n\n") == [P1, "The new terminal", P2, "Cranes", "Berths", P3]


def test_the_paragraphs_of_a_contentful_quote_or_list_item_are_not_glued_together():
    contentful = {"nodeType": "document", "content": [
        {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": P1}]},
        {"nodeType": "blockquote", "content": [
            {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": "We will open in the spring."}]},
            {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": "The cranes are here."}]}]},
        {"nodeType": "unordered-list", "content": [
            {"nodeType": "list-item", "content": [
                {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": "Cranes"}]},
                {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": "from Shanghai"}]}]}]},
        {"nodeType": "paragraph", "content": [{"nodeType": "text", "value": P2}]}]}
    data = {"props": {"pageProps": {"article": {"title": "Port traffic rises", "body": {"json": contentful}}}}}
    tree = fromstring(_page("", scripts=f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}'
                                        f"</script>"))
    assert embedded_article(tree, None, ["Port traffic rises"]).html == (
        f"<p>{P1}</p><p>We will open in the spring. The cranes are here.</p>"
        f"<ul><li>Cranes from Shanghai</li></ul><p>{P2}</p>")


def _nuxt2(state: str, args: str = '"Economy",null') -> str:
    # Nuxt 2 hands its state over as a function's return value, values used twice as its arguments
    return f"<script>window.__NUXT__=(function(a,b){{return {state}}}({args}));</script>"


def test_a_nuxt2_state_returned_by_a_function_carries_the_body_and_its_date():
    body = json.dumps(f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>").replace("<", "\\u003C")
    state = (f'{{layout:"default",data:[{{article:{{id:8812,title:"Port traffic rises",category:a,'
             f'published_at:"2025-06-02T08:30:00Z","body":{body},tags:[a]}}}}],error:b,serverRendered:true}}')
    result = _extract(_page("<div id='__nuxt'></div>", head='<meta property="og:type" content="article">',
                            scripts=_nuxt2(state)))
    assert result.article.body.split("\n\n") == [P1, P2, P3]
    assert result.body_from == "script"
    assert result.article.published_at == "2025-06-02T08:30:00+00:00"  # the body's own record's date


def test_a_nuxt2_state_s_prefetched_other_story_is_not_taken_and_a_broken_one_is_ignored():
    other = json.dumps(f"<p>{P3}</p><p>{P3}</p><p>{P2} {P1}</p>")
    state = (f'{{data:[{{article:{{title:"Port traffic rises",summary:"Short"}},'
             f'readNext:[{{title:"Dock workers vote to strike over pay",body:{other}}}]}}]}}')
    head = ARTICLE_HEAD + '<meta property="og:title" content="Port traffic rises">'
    shell = _page(f"<div id='__nuxt'><p>{P1}</p></div>", head=head, scripts=_nuxt2(state))
    result = extract_article(shell, "https://news.example/port-traffic", min_words=5, raise_errors=True)
    assert result.article.body == P1 and result.body_from == "page"
    # a string with an escape JSON does not read ("\\q"), or a state cut off mid-way: no body, no error
    for broken in (f'{{data:[{{article:{{title:"Port traffic rises",body:"<p>{P1}</p>\\q<p>{P2}</p>"}}}}]}}',
                   f'{{data:[{{article:{{title:"Port traffic rises",body:"<p>{P1}'):
        assert _extract(_page("<div id='__nuxt'></div>", scripts=_nuxt2(broken, args=""))).article is None
