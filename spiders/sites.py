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
