"""Subcommands of the ``crawler`` CLI, one module each.

A command module exposes ``add_parser(subparsers)``: it adds its parser with
``subparsers.add_parser(...)``, its arguments, and ``set_defaults(func=<callable(args) -> int>)``.
To add a command, write the module and list it in ``crawler.cli.COMMANDS``.

Errors an operator can cause raise :class:`crawler.errors.CrawlerError` (or print one
``Error:`` line themselves) and return a non-zero exit code; they never print a traceback.
"""
