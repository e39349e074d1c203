"""``scrapy crawl site -a url=https://example.com/ [-a language=ar]``: any site, generic discovery."""

from crawler.sites import adhoc_profile, site_name_for
from spiders.news import NewsSpider


class SiteSpider(NewsSpider):
    """Ad-hoc crawl of the site of ``-a url=...`` (its host is the only allowed domain).

    The crawl is named after the host, as ``crawler crawl --url`` names it
    (``https://www.Example.com:8080/`` -> ``example_com_8080``): its articles' ``site``, its
    ``crawl_runs`` rows and its resume state stay apart from another site crawled the same way
    into the same database. (They were all "site": a crawl of one site replayed, refused as
    off-site and then deleted the interrupted crawl of another.)
    """

    name = "site"

    @classmethod
    def profile_for(cls, settings=None, /, *, url: str | None = None, language: str | None = None,
                    timezone: str | None = None, **other):
        if url is None:
            return super().profile_for(settings, url=url, language=language, timezone=timezone, **other)
        try:
            name = site_name_for(url)
        except ValueError:  # "ftp://…", "http://": adhoc_profile says what is wrong in one line
            name = "site"
        return adhoc_profile(url, name=name, language=language, timezone=timezone)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = self.profile.name
