"""``crawler search "query"``: full-text search (SQLite FTS5) over titles and bodies."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3

from crawler.errors import CrawlerError
from crawler.spellings import query_spellings

SEARCH_SQL = """
SELECT a.id, a.site, a.published_at, a.title, a.url,
       snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet
FROM articles_fts
JOIN articles a ON a.id = articles_fts.rowid
WHERE articles_fts MATCH ? {site_filter}
ORDER BY rank
LIMIT ?
"""


# What makes a query FTS5 syntax rather than plain words: quotes, grouping, prefix and
# initial-token marks, the operators (FTS5 reads them only in capitals), a column filter.
_FTS_SYNTAX = re.compile(r'["()*^]|\b(?:AND|OR|NOT|NEAR)\b|(?:^|[\s(])-?(?:title|body)\s*:')


def fts_query(query: str) -> str:
    """The FTS5 query for what the user typed.

    Queries written in FTS5 syntax (``"a phrase"``, ``a OR b``, ``title:word``, ``prefix*``) are
    kept as they are. Anything else is plain words, and each word is quoted: FTS5 reads
    ``covid-19`` as a column filter, ``Al-Bawaba`` as "Al NOT Bawaba" and chokes on ``U.S.``,
    ``it's`` or ``عمان:``; quoted, each is the phrase of its tokens, which is what was meant.
    A word that folding respells (Arabic hamza, ى/ي, ة/ه, harakat, Arabic-Indic digits) or that
    carries an Arabic prefix (ال، وال، بال، لل، و …) is searched in every form,
    ``("بالأردن" OR "بالاردن" OR "اردن")``: the index holds every article's folded spellings and
    prefix-less stems (``articles.search_spellings``), so any spelling finds all of them.
    """
    if _FTS_SYNTAX.search(query):
        return query
    terms = []
    for word in query.split():
        variants = [_quoted(v) for v in (word, *query_spellings(word))]
        terms.append(f"({' OR '.join(variants)})" if len(variants) > 1 else variants[0])
    return " ".join(terms)


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("search", help="full-text search of stored articles (FTS5 query syntax)")
    p.add_argument("query", help='words (covid-19, Al-Bawaba and U.S. are words too), or an FTS5 query: '
                                 '"a phrase", a OR b, title:word, prefix*')
    p.add_argument("--db", default="output/news.db", help="database file (default: output/news.db)")
    p.add_argument("--site", help="only this site's articles")
    p.add_argument("--limit", type=int, default=20, help="most results shown (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object per result, one per line")
    p.set_defaults(func=search_command)


def search_articles(db, query: str, *, site: str | None = None, limit: int = 20) -> list[dict]:
    """Best matches first. :raises CrawlerError: on a malformed query."""
    sql = SEARCH_SQL.format(site_filter="AND a.site = ?" if site else "")
    params = [fts_query(query), *([site] if site else []), limit]
    try:
        cursor = db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    except sqlite3.OperationalError as exc:
        raise CrawlerError(f"bad search query {query!r}: {exc}") from None


def search_command(args: argparse.Namespace) -> int:
    from crawler.storage import open_database

    db = open_database(args.db, readonly=True)
    try:
        results = search_articles(db, args.query, site=args.site, limit=args.limit)
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
