"""Subcommands of the ``crawler`` CLI, one module each.

A command module exposes ``add_parser(subparsers)``: it adds its parser with
``subparsers.add_parser(...)``, its arguments, and ``set_defaults(func=<callable(args) -> int>)``.
To add a command, write the module and list it in ``crawler.cli.COMMANDS``.

Errors an operator can cause raise :class:`crawler.errors.CrawlerError` (or print one
``Error:`` line themselves) and return a non-zero exit code; they never print a traceback.
"""

from __future__ import annotations

import re

# reST markup of docstrings: ``literal``, :role:`target` and `~module.name`.
_RST_MARKUP = re.compile(r"(?::\w+:)?`+~?([^`]+?)`+")


def help_text(docstring: str) -> str:
    """A docstring's first paragraph as ``--help`` shows it: plain text, reST markup taken off
    (``The ``crawler`` command`` -> ``The crawler command``), lines joined (argparse re-wraps them)."""
    first_paragraph = docstring.strip().split("\n\n")[0]
    return " ".join(_RST_MARKUP.sub(r"\1", first_paragraph).split())
