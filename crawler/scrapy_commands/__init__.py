"""Scrapy commands of the project (``COMMANDS_MODULE``): Scrapy's own, with operator-facing errors."""
