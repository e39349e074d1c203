"""Docs are part of the contract: every setting, table column and site profile is documented."""

import re
import sqlite3
from pathlib import Path

from crawler import settings as project_settings
from crawler.sites import load_profiles
from crawler.storage import open_database

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented():
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    names = [n for n in vars(project_settings) if n.isupper()]
    missing = [n for n in names if f"`{n}`" not in doc]
    assert not missing, f"document these settings in docs/settings.md: {missing}"


def test_every_table_and_column_is_documented(tmp_path):
    doc = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    db = open_database(tmp_path / "news.db")
    conn: sqlite3.Connection = db.conn
    tables = [
        name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE 'articles_fts%' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        )
    ]
    missing = []
    for table in tables:
        section = re.search(rf"^## `{table}`\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
        if not section:
            missing.append(table)
            continue
        for (column,) in conn.execute(f"SELECT name FROM pragma_table_info('{table}')"):
            if f"`{column}`" not in section.group(1):
                missing.append(f"{table}.{column}")
    assert not missing, f"document these in docs/schema.md: {missing}"


def test_every_shipped_site_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in load_profiles() if f"`{name}`" not in readme]
    assert not missing, f"list these sites in README.md's site table: {missing}"
