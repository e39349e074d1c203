"""One spider class per entry of the site profiles file, generated from the data.

``scrapy list`` shows them; ``scrapy crawl <name>`` crawls that site. The profiles file is
``crawler/sites.toml`` unless ``CRAWLER_SITES_FILE`` names another (spider classes are built
when Scrapy imports this module, before settings such as ``SITES_FILE`` are read). With ``-s
SITES_FILE=F`` the crawled site's whole profile is read from F instead, which must have it
(``NewsSpider.profile_for``), and a site that only F has gets its spider from
:class:`SitesFileSpiderLoader` (``SPIDER_LOADER_CLASS``): ``scrapy crawl new_site -s
SITES_FILE=draft.toml`` tries a site before it is added to ``crawler/sites.toml``.
"""

from __future__ import annotations

import sys

from scrapy.spiderloader import SpiderLoader

from crawler.errors import ProfileError
from crawler.sites import load_profiles
from spiders.news import NewsSpider


def _class_name(site_name: str) -> str:
    return "".join(part.capitalize() for part in site_name.split("_")) + "Spider"


try:
    _profiles = load_profiles()
except ProfileError as _error:
    # One line naming the site and the field, not a traceback through Scrapy's spider loader.
    print(f"Error: {_error}", file=sys.stderr)
    raise SystemExit(2) from None


def _spider_class(profile) -> type:
    return type(
        _class_name(profile.name),
        (NewsSpider,),
        {"name": profile.name, "profile": profile, "profile_from_sites_file": True, "__module__": __name__,
         "__doc__": f"Crawl {profile.description or profile.name} ({', '.join(profile.start_urls)})."},
    )


# No loop variable is left behind: Scrapy would find a class bound to two module names twice (and warn
# of two spiders of one name); a file without a profile (empty, or comments only) binds none,
# leaving the ad-hoc `site` spider.
globals().update({cls.__name__: cls for cls in map(_spider_class, _profiles.values())})
del _profiles


class SitesFileSpiderLoader(SpiderLoader):
    """Scrapy's spider loader (the spiders of ``SPIDER_MODULES``: this module's, and ``site``),
    plus a spider for each profile of the ``SITES_FILE`` setting's file that they lack.

    This module's classes come from the file read at import (``CRAWLER_SITES_FILE`` or the shipped
    one), before Scrapy reads any setting: a site only in a draft given with ``-s SITES_FILE``
    was unknown to ``scrapy crawl``. A ``SITES_FILE`` that does not load adds nothing here;
    ``scrapy crawl`` reports why in one line (``crawler/scrapy_commands/crawl.py``).
    """

    def __init__(self, settings):
        super().__init__(settings)
        self._sites_file_spiders: dict[str, type] = {}
        sites_file = settings.get("SITES_FILE")
        if not sites_file:
            return
        try:
            profiles = load_profiles(sites_file)
        except ProfileError:
            return
        known = set(super().list())
        self._sites_file_spiders = {name: _spider_class(profile) for name, profile in profiles.items()
                                    if name not in known}

    def load(self, spider_name: str) -> type:
        if spider_name in self._sites_file_spiders:
            return self._sites_file_spiders[spider_name]
        return super().load(spider_name)

    def list(self) -> list[str]:
        return super().list() + list(self._sites_file_spiders)

    def find_by_request(self, request) -> list[str]:
        return super().find_by_request(request) + [
            name for name, cls in self._sites_file_spiders.items() if cls.handles_request(request)]
