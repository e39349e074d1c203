"""Docs are part of the contract: every setting, table column and site profile is documented."""

import json
import re
import shlex
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

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


def test_the_golden_case_example_in_adding_a_site_is_accepted_by_the_harness():
    """Step 4's JSON had no ``params``: a case written from it failed with ``KeyError: 'params'``."""
    from tests.test_extract_golden import FIELDS, case_problems, extract_with_params

    doc = (ROOT / "docs" / "adding-a-site.md").read_text(encoding="utf-8")
    step = re.search(r"^4\. \*\*Golden file\.\*\*(.*?)(?=^\d+\. \*\*)", doc, re.S | re.M)
    assert step, "docs/adding-a-site.md: step 4 (Golden file) not found"
    blocks = re.findall(r"```json\n(.*?)```", step.group(1), re.S)
    assert len(blocks) == 1, "step 4 should show one example case (```json)"
    example = json.loads(blocks[0])
    assert case_problems(example) == []
    unknown = set(example) - set(FIELDS) - {"params"}
    assert not unknown, f"fields tests/test_extract_golden.py does not read: {unknown}"
    page = (f"<html><head><title>{example['title']}</title></head><body><article><h1>{example['title']}</h1>"
            + "".join(f"<p>{snippet} {'كلمة ' * 30}</p>" for snippet in example["must_contain"])
            + "</article></body></html>").encode()
    result = extract_with_params(page, example["params"])
    assert result.article is not None, result.reason


def sqlite3_commands() -> list[tuple[str, str]]:
    """``(document, command)`` for each ``sqlite3`` shell command the README and docs give on a
    database file: lines of code blocks and inline code."""
    commands = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        if doc.name == "CHANGELOG.md":
            continue
        text = doc.read_text(encoding="utf-8")
        found = re.findall(r"^sqlite3 .*$", text, re.M) + [
            " ".join(span.split()) for span in re.findall(r"`(sqlite3 [^`]*)`", text)]
        commands += [(doc.name, command) for command in found if ".db" in command]
    return commands


def test_every_sqlite3_recipe_opens_the_file_read_only_with_a_busy_timeout():
    # The sqlite3 shell sets no busy timeout: 23 of 4,127 runs of a README query failed with
    # "database is locked (5)" while a crawl wrote, none of 3,382 with `.timeout 5000`. A
    # read-write shell that is the last connection also deletes news.db-wal/-shm on close.
    commands = sqlite3_commands()
    assert len(commands) >= 6, commands
    wrong = [(doc, command) for doc, command in commands
             if not command.startswith('sqlite3 -readonly -cmd ".timeout 5000" ')]
    assert not wrong, f'start these with `sqlite3 -readonly -cmd ".timeout 5000"`: {wrong}'


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell on PATH")
def test_the_sqlite3_recipes_run_on_a_crawl_database(tmp_path):
    database = tmp_path / "news.db"
    open_database(database).close()
    for doc, command in sqlite3_commands():
        if "…" in command:  # a pattern, not a recipe
            continue
        args = shlex.split(command)
        args = [str(database) if arg.endswith("news.db") and not arg.startswith(".") else arg for arg in args]
        result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0 and not result.stderr, (doc, command, result.stderr)


def test_the_readmes_datasette_metadata_names_the_full_text_index_of_articles(tmp_path):
    # Datasette 0.65 does not detect an FTS table declared content='articles' (schema v7 on):
    # without this file `?_search=` on `articles` is ignored and lists every row.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "datasette /var/lib/mena-news/news.db -m datasette.json" in readme
    block = re.search(r"```json\n(\{\"databases\".*?)\n```", readme, re.S)
    assert block, "README: the datasette.json block"
    tables = json.loads(block.group(1))["databases"]["news"]["tables"]  # news.db is database "news"
    db = open_database(tmp_path / "news.db")
    for table, options in tables.items():
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [options["fts_table"]]).fetchone()[0]
        assert f"content='{table}'" in sql
        assert db.execute(f"SELECT pk FROM pragma_table_info('{table}') WHERE name = ?",
                          [options["fts_pk"]]).fetchone() == (1,)
    db.close()


def test_the_storage_constants_keep_their_own_docstrings():
    # An attribute docstring is the string right after the assignment (Sphinx, IDEs): a constant
    # written between another constant and its docstring takes that docstring over.
    import ast

    tree = ast.parse((ROOT / "crawler" / "storage.py").read_text(encoding="utf-8"))
    documented = {}
    for node, after in zip(tree.body, tree.body[1:]):
        if isinstance(node, ast.Assign) and isinstance(after, ast.Expr) \
                and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str):
            documented[node.targets[0].id] = after.value.value
    assert documented["WALL_ADDRESSES"].startswith("Addresses of one site naming different stories")
    assert "article's id" in documented["_NEXT_ARTICLE_ID"]
