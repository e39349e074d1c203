"""One spider class per entry of the site profiles file, generated from the data.

``scrapy list`` shows them; ``scrapy crawl <name>`` crawls that site. The profiles file is
``crawler/sites.toml`` unless ``CRAWLER_SITES_FILE`` names another (spider classes are built
when Scrapy imports this module, before settings such as ``SITES_FILE`` are read). With ``-s
SITES_FILE=F`` the crawled site's whole profile is read from F instead, which must have it
(``NewsSpider.profile_for``).
"""

import sys

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

for _profile in _profiles.values():
    _cls = type(
        _class_name(_profile.name),
        (NewsSpider,),
        {"name": _profile.name, "profile": _profile, "profile_from_sites_file": True, "__module__": __name__,
         "__doc__": f"Crawl {_profile.description or _profile.name} ({', '.join(_profile.start_urls)})."},
    )
    globals()[_cls.__name__] = _cls

del _profile, _profiles, _cls
