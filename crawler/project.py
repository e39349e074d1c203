"""The project's Scrapy settings, for commands that need them without crawling.

In a module of its own: ``crawler.runner`` imports Scrapy's engine and download handler (0.3 s
of CPU), which ``crawler ingest`` and ``crawler restore-copy`` do not use.
"""

from __future__ import annotations

import os


def project_settings(overrides: dict | None = None):
    """Scrapy settings of this project, wherever the command is run from, plus overrides."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings
