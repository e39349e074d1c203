"""MENA news crawler: Scrapy discovery, trafilatura extraction, SQLite storage."""

__version__ = "0.1.0"
