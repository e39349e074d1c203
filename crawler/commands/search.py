"""``crawler search "query"``: full-text search (SQLite FTS5) over titles and bodies."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from collections.abc import Iterator

from crawler.errors import CrawlerError

# FTS5 marks its matches in the snippet with these; they become [ ] once we know it marked one
# (a body may well contain brackets of its own).
_MATCH_START, _MATCH_END = "\x02", "\x03"
SNIPPET_WORDS = 16

# The snippet is taken from the body (column 1): the title is printed anyway, and the other
# indexed column, search_spellings, is a sorted list of folded stems, not text to show.
SEARCH_SQL = """
SELECT a.id, a.site, a.published_at, a.title, a.url,
       snippet(articles_fts, 1, char(2), char(3), '…', 16) AS snippet, a.body
FROM articles_fts
JOIN articles a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH ? {site_filter}
ORDER BY rank
LIMIT ?
"""


# What makes a query FTS5 syntax rather than plain words: quotes, grouping, prefix and
# initial-token marks, the operators (FTS5 reads them only in capitals), a column filter
# (``title:``, ``{title body}:``).
_FTS_SYNTAX = re.compile(r'["()*^]|\b(?:AND|OR|NOT|NEAR)\b|(?:^|[\s(])-?(?:title|body|\{[\w\s]*\})\s*:')

# FTS5's query tokens (https://www.sqlite.org/fts5.html#full_text_query_syntax): a quoted string
# ("" is a quote inside it), a bareword (non-ASCII characters, ASCII letters and digits, "_" and
# U+001A), white space, or one character of syntax.
_FTS_TOKEN = re.compile(r'"(?:[^"]|"")*"?|[A-Za-z0-9_\x1a\u0080-\U0010ffff]+|\s+|.', re.S)
_OPERATORS = {"AND", "OR", "NOT"}


def fts_query(query: str) -> str:
    """The FTS5 query for what the user typed.

    Plain words (no FTS5 syntax) are each quoted: FTS5 reads ``covid-19`` as a column filter,
    ``Al-Bawaba`` as "Al NOT Bawaba" and chokes on ``U.S.``, ``it's`` or ``عمان:``; quoted, each
    is the phrase of its tokens, which is what was meant. Queries in FTS5 syntax (``"a phrase"``,
    ``a OR b``, ``title:word``, ``prefix*``) keep their operators, phrases and column filters.

    In both, a word that folding respells (Arabic hamza, ى/ي, ة/ه, harakat, Arabic-Indic digits)
    or that carries an Arabic prefix (ال، وال، بال، لل، و …) is searched in every form,
    ``("بالأردن" OR "بالاردن" OR "اردن")``: the index holds every article's folded spellings and
    prefix-less stems (``articles.search_spellings``), so any spelling finds all of them. In FTS5
    syntax that is every bare term, prefix terms included (``الاردن*`` -> ``(الاردن* OR "اردن"*)``);
    a quoted phrase, a term inside ``NEAR(…)``, one after ``^`` or joined by ``+`` is searched as
    written. A column filter applies to the forms too, and only the unfiltered query reaches the
    ``search_spellings`` column: ``title:الاردن`` finds titles that write ``الاردن`` (or the bare
    stem ``اردن``), not ``الأردن`` nor ``والأردن``.
    """
    from crawler.spellings import query_spellings

    if not _FTS_SYNTAX.search(query):
        return " ".join(_with_spellings(_quoted(word), query_spellings(word)) for word in query.split())
    parts = []
    for kind, text in _fts_parts(query):
        if kind in ("term", "prefix_term"):
            star = "*" if kind == "prefix_term" else ""
            variants = [_quoted(v) for v in query_spellings(text)]
            parts.append(_with_spellings(text + star, [v + star for v in variants], quote=False))
        else:
            parts.append(text)
    return "".join(parts)


def _with_spellings(term: str, variants: list[str], *, quote: bool = True) -> str:
    forms = [term, *(_quoted(v) if quote else v for v in variants)]
    return f"({' OR '.join(forms)})" if len(forms) > 1 else term


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _fts_parts(query: str) -> Iterator[tuple[str, str]]:
    """The FTS5 query as ``(kind, text)``: ``term`` (a bare word searched as a word),
    ``prefix_term`` (one followed by ``*``, the star swallowed), ``phrase`` (a quoted string)
    or ``syntax`` (operators, column names, NEAR groups, white space, punctuation: kept as is)."""
    tokens = _FTS_TOKEN.findall(query)
    significant = [i for i, token in enumerate(tokens) if not token.isspace()]

    def neighbour(i: int, step: int) -> str:
        position = significant.index(i) + step
        return tokens[significant[position]] if 0 <= position < len(significant) else ""

    in_near = in_column_set = False
    skip_to = -1
    for i, token in enumerate(tokens):
        if i <= skip_to:
            continue
        if token == "NEAR" and neighbour(i, 1) == "(":
            in_near = True
        elif token == ")" and in_near:
            in_near = False
        elif token in ("{", "}"):
            in_column_set = token == "{"
        if token.startswith('"'):
            yield ("syntax" if in_near else "phrase"), token
        elif (_is_bareword(token) and not (in_near or in_column_set) and token not in _OPERATORS and token != "NEAR"
              and neighbour(i, 1) not in (":", "+") and neighbour(i, -1) not in ("^", "+")):
            if neighbour(i, 1) == "*":
                skip_to = significant[significant.index(i) + 1]
                yield "prefix_term", token
            else:
                yield "term", token
        else:
            yield "syntax", token


def _is_bareword(token: str) -> bool:
    return token[0] == "\x1a" or token[0] == "_" or token[0].isalnum() or ord(token[0]) > 127


def query_words(query: str) -> list[str]:
    """The words a query searches for (phrases' words included; no operator or column name)."""
    if not _FTS_SYNTAX.search(query):
        return query.split()
    words = []
    for kind, text in _fts_parts(query):
        if kind == "phrase":
            words += text.strip('"').replace('""', '"').split()
        elif kind != "syntax":
            words.append(text)
    return words


def spelling_snippet(body: str, forms: set[str], size: int = SNIPPET_WORDS) -> str | None:
    """About ``size`` words of ``body`` around its first word that shares a form with the query
    (:func:`crawler.spellings.word_forms`), each such word in ``[ ]``; ``None`` when none does.

    For articles found through ``search_spellings``: FTS5 marks only tokens as the tokenizer
    reads them, so a body that writes ``الأردن`` gets no mark from a search for ``الاردن``."""
    from crawler.spellings import word_forms

    words = body.split()
    first = next((i for i, word in enumerate(words) if word_forms(word) & forms), None)
    if first is None:
        return None
    start = max(0, min(first - size // 4, len(words) - size))
    window = [f"[{word}]" if word_forms(word) & forms else word for word in words[start:start + size]]
    return ("…" if start else "") + " ".join(window) + ("…" if start + size < len(words) else "")


def _snippet(fts_snippet: str, body: str | None, forms: set[str]) -> str:
    if _MATCH_START not in fts_snippet:  # matched in the title or through search_spellings only
        fts_snippet = spelling_snippet(body or "", forms) or fts_snippet
    return fts_snippet.replace(_MATCH_START, "[").replace(_MATCH_END, "]")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("search", help="full-text search of stored articles (FTS5 query syntax)")
    p.add_argument("query", nargs="+",
                   help='words (covid-19, Al-Bawaba and U.S. are words too; several are joined by spaces), '
                        'or an FTS5 query: "a phrase", a OR b, title:word, prefix*')
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.add_argument("--site", help="only this site's articles")
    p.add_argument("--limit", type=int, default=20, help="most results shown (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object per result, one per line")
    p.set_defaults(func=search_command)


def search_articles(db, query: str, *, site: str | None = None, limit: int = 20) -> list[dict]:
    """Best matches first. :raises CrawlerError: on a malformed query."""
    from crawler.spellings import word_forms

    sql = SEARCH_SQL.format(site_filter="AND a.site = ?" if site else "")
    params = [fts_query(query), *([site] if site else []), limit]
    forms = set().union(*map(word_forms, query_words(query)))
    results = []
    try:
        cursor = db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        for row in cursor:  # one body in memory at a time
            result = dict(zip(names, row))
            result["snippet"] = _snippet(result["snippet"], result.pop("body"), forms)
            results.append(result)
    except sqlite3.OperationalError as exc:
        raise CrawlerError(f"bad search query {query!r}: {exc}") from None
    return results


def search_command(args: argparse.Namespace) -> int:
    from crawler.integrity import reading
    from crawler.storage import open_database

    query = " ".join(args.query)
    with reading(args.db):  # a damaged file: one Error: line naming it (exit 1)
        db = open_database(args.db, readonly=True)
        try:
            results = search_articles(db, query, site=args.site, limit=args.limit)
        finally:
            db.close()
    for result in results:
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(f"{result['published_at'] or '-':25}  {result['site']}  {result['title'] or '-'}")
            print(f"    {result['url']}")
            print(f"    {' '.join(result['snippet'].split())}")
    if not args.json and not results:
        print("no match")
    return 0
