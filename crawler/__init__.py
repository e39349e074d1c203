"""MENA news crawler: Scrapy discovery, trafilatura extraction, SQLite storage."""

import os

__version__ = "0.1.0"

# Scrapy's cookie middleware splits domains with tldextract, which downloads the Public Suffix
# List from publicsuffix.org (then GitHub) the first time a cookie is set, with a WARNING line
# each when the machine may not reach them: a request off every crawled site's domains. Its own
# bundled copy is used instead; an operator who wants the download sets this variable (tldextract's
# documented one) to the list's URLs.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
