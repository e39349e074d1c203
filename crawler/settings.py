"""Every setting of the project, with its default, grouped by component prefix.

Scrapy reads this module (``scrapy.cfg``: ``default = crawler.settings``). Each setting is
documented once in ``docs/settings.md`` (a test fails when one is missing there). Override
any of them on the command line (``scrapy crawl albawaba_en -s DATABASE=/tmp/x.db``), per
site in ``crawler/sites.toml`` where the profile has a field for it, or per request through
``Request.meta`` where Scrapy supports it.
"""

# --- Scrapy core -----------------------------------------------------------------------
BOT_NAME = "mena-news-crawler"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# Scrapy's spider loader plus a spider for each site of the SITES_FILE setting's file, so that
# `scrapy crawl new_site -s SITES_FILE=draft.toml` finds a site that is only in the draft.
SPIDER_LOADER_CLASS = "spiders.sites.SitesFileSpiderLoader"
# Scrapy's commands with the project's changes (crawl: the database's crawl lock, one error line
# for an unknown site; parse: a throwaway database, a default callback).
COMMANDS_MODULE = "crawler.scrapy_commands"
# An honest, contactable user agent; sites block anonymous "python" agents first.
USER_AGENT = "mena-news-crawler/0.1 (+https://example.org/mena-news-crawler; news research crawler)"
ROBOTSTXT_OBEY = True
# The first 500 KiB of a robots.txt are its rules (RFC 9309 2.5), the rest is not downloaded.
ROBOTSTXT_MAX_SIZE = 500 * 1024
# A robots.txt's Crawl-delay for this crawler (or for every crawler) is the site's least delay
# between requests, up to this many seconds; 0: Crawl-delay is not read.
ROBOTSTXT_CRAWL_DELAY_MAX = 30.0
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 opens, by default, an HTTP server on localhost that runs any Python code sent with
# its token, and writes the token to a job file under ~/.local/state/scrapy/job_files (left
# behind whenever a crawl is killed). An unattended crawler needs neither.
REMOTE_CONTROL_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Outputs of one callback processed in parallel. Scrapy starts this many asyncio tasks for every
# response (default 100: a third of the crawl process's CPU on an article site); a page yields
# one item and its links, and items wait for the extraction pool, not for each other.
CONCURRENT_ITEMS = 4
# Scrapy 2.19 warns when a callback yields a request carrying a response's internal meta keys;
# the spider's retry of an empty 200 does so on purpose: its retry count is how retries end.
META_COPY_WARN_SKIP_KEYS = ["retry_times"]
# Python's cyclic garbage collector in the crawl process (pipelines/gctuning.py): start-up's
# objects frozen when the spider opens, then these thresholds (Python's: 700, 10, 10; with them
# the crawl process spent 7-9% of its CPU collecting). Empty: Python's defaults.
GC_THRESHOLDS = [10000, 10, 10]
# Scrapy's on-disk request queue (used with CRAWL_DISK_QUEUE), resolving callbacks by name from a
# table made once instead of scanning the spider for every request (pipelines/queues.py).
# First in, first out (Scrapy's default is last in, first out): within one priority the crawl goes
# breadth-first, so the home page's section links are fetched before the tag pages found on the
# sections' articles, and a sitemap index's children in the order the spider yields them (newest
# first). Priorities still order kinds: sitemaps and feeds (20), articles (10), listings (0-5).
SCHEDULER_DISK_QUEUE = "pipelines.queues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
# Scrapy's downloader, holding each site to CONCURRENT_REQUESTS_PER_DOMAIN / the profile's
# concurrency: Scrapy 2.19's own exceeds it up to CONCURRENT_REQUESTS (pipelines/downloader.py).
DOWNLOADER = "pipelines.downloader.SlotLimitedDownloader"
# Scrapy's stats collector without the deprecation wrapper it puts around every call (10-20x the
# cost of an increment), and its log formatter without building the per-response and per-item
# DEBUG lines no handler takes at LOG_LEVEL INFO (pipelines/scrapylog.py; issue 7).
STATS_CLASS = "pipelines.scrapylog.PlainStatsCollector"
LOG_FORMATTER = "pipelines.scrapylog.QuietLogFormatter"

# --- Politeness and bounds ---------------------------------------------------------------
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
# Average parallel requests per site AutoThrottle aims for.
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_TIMEOUT = 30
# News pages are < 1 MB; anything past 10 MB is a trap or a file, not an article.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Links longer than this are not requested, each recorded as a url_too_long fetch error
# (pipelines.middlewares.LongUrlMiddleware). Scrapy's 2,083 (an old Internet Explorer's) dropped
# Arabic stories whose slug percent-encodes past it; RFC 9110 4.1 asks for at least 8,000.
URLLENGTH_LIMIT = 8000
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
# Depth counted from the start page; calendars and endless pagination stop here.
DEPTH_LIMIT = 4
DEPTH_PRIORITY = 0

# --- Discovery (spiders/news.py) ------------------------------------------------------------
# Hard cap of requests one site's crawl may schedule (profile field ``max_requests`` overrides).
CRAWL_MAX_REQUESTS = 2000
# Sitemap documents (indexes, urlsets, news sitemaps) fetched at most per crawl, counted apart
# from CRAWL_MAX_REQUESTS so that sitemaps cannot eat the article budget; an index's children are
# taken newest first (by lastmod), so the oldest archives are the ones left out. 0 = no limit.
CRAWL_MAX_SITEMAPS = 500
# Later pages of one listing (/news/page/N, ?page=N, ?start=N) followed at the depth of the page
# that links them, per listing and crawl; beyond, each counts as one level deeper (DEPTH_LIMIT).
# 0: none. A later page that shows no link met before ends its pager whatever this says.
CRAWL_MAX_LISTING_PAGES = 50
# Sitemap index nesting followed at most (index -> index -> urlset).
CRAWL_SITEMAP_MAX_DEPTH = 3
# Largest sitemap/feed body parsed, after gzip decompression (bytes).
CRAWL_SITEMAP_MAX_SIZE = 50 * 1024 * 1024
# Sitemap entries older than this many days are not followed (0 = no limit); news
# sites keep decades of archives in their sitemaps.
CRAWL_SITEMAP_MAX_AGE_DAYS = 0
# Also try /sitemap.xml etc. when robots.txt names no sitemap.
CRAWL_GUESS_SITEMAPS = True
# Re-fetch and re-store articles that are already in the database.
CRAWL_RECRAWL = False
# Keep pending requests in Scrapy's on-disk queue (<DATABASE>.jobs/<site>/queue, emptied at
# each start) instead of memory, so a site with 100,000 sitemap entries crawls in flat memory.
CRAWL_DISK_QUEUE = True

# --- Extraction (pipelines/extract.py) ------------------------------------------------------
EXTRACT_ENABLED = True
# Pages whose body has fewer words are "not an article" (stats: pages/skipped/too_short).
EXTRACT_MIN_WORDS = 40
# "record": a parser failure is logged and counted; "raise": it propagates (tests).
EXTRACT_ERRORS = "record"
# Worker processes for extraction; None = one per CPU, 0 = inline in the crawl's thread.
EXTRACT_WORKERS = None
# How workers start: "forkserver" (safe with the reactor's threads), "spawn" or "fork".
EXTRACT_START_METHOD = "forkserver"
# The per-page function the workers run: (PageItem, PageContext) -> ExtractionResult.
EXTRACT_PAGE_FUNCTION = "crawler.processing.analyse_page"
# Seconds a worker may spend on one page before it is killed and replaced and the page recorded
# as an extraction failure (fetch_errors kind extract_timeout). Pages take 30 ms on average and
# under 1 s at worst on the benchmark pages (216, up to 1.5 MB): 30 s only catches a page that would never end
# (a pathological regex case). 0: no limit. Not enforced with EXTRACT_WORKERS = 0 (inline: nothing
# can stop a page in the crawl's own thread; a WARNING line at start says so). The time a worker
# waits for a CPU on a loaded machine is not counted (crawler.workers, Linux).
EXTRACT_PAGE_TIMEOUT = 30.0
# A page whose extraction ran over EXTRACT_PAGE_TIMEOUT in this many runs (its fetch_errors row:
# kind extract_timeout, attempts >= this) is not fetched again, as a stored article is not: until
# its sitemap lastmod is newer than its last timeout, or with CRAWL_RECRAWL. 0: always fetched.
EXTRACT_TIMEOUT_GIVE_UP_AFTER = 3
# A page extraction refused (not_article, too_short, empty_body, binary: table refused_pages) is
# not fetched again, as a stored article is not, for this many seconds after the refusal; each
# refusal in a row doubles the wait, up to REFUSED_RECHECK_MAX. too_short and empty_body (a stub
# that may grow into an article) start at REFUSED_RECHECK_SHORT_AFTER. A sitemap lastmod newer than
# the refusal, or CRAWL_RECRAWL, fetches it at once. 0: refused pages are fetched in every run.
REFUSED_RECHECK_AFTER = 86400.0
REFUSED_RECHECK_SHORT_AFTER = 3 * 3600.0
REFUSED_RECHECK_MAX = 30 * 86400.0
# Seconds the pages already fetched still get once the crawl is told to stop (SIGTERM, Ctrl-C);
# then the workers are killed and the pages not done are left for the next run.
EXTRACT_SHUTDOWN_TIMEOUT = 10.0
# Article pages' links come from the extraction worker that parses them (the spider awaits
# them); False: the crawl process scans each page itself. `scrapy parse` sets False.
EXTRACT_LINKS = True

# --- Validation (pipelines/validate.py) ----------------------------------------------------
# Bodies longer than this (characters) are rejected, not stored: no news article is 2 MB of text.
VALIDATE_MAX_BODY_CHARS = 2_000_000

# --- Storage (pipelines/store.py, crawler/storage.py) -------------------------------------
# SQLite file the crawl writes; relative paths are relative to the working directory.
DATABASE = "output/news.db"
# Site profiles file; None means the one shipped in crawler/sites.toml.
SITES_FILE = None
# Seconds a writer waits on a locked database before tenacity retries.
STORAGE_BUSY_TIMEOUT = 30
# Attempts at a write that hits "database is locked".
STORAGE_LOCK_RETRIES = 5
# Seconds to wait, when the crawl ends (pipelines.store.WalCheckpointExtension) and when `crawler
# ingest` stops or idles (crawler.distributed.Ingester), for readers in a read transaction before
# the write-ahead log is emptied into the database file; 0: no checkpoint.
# 5, not 1: a checkpoint during the crawl completes only once every reader that began before it
# has ended, and two pollers holding 2 s reads 1 s apart always had one with more than 1 s left.
STORAGE_WAL_CHECKPOINT_WAIT = 5.0
# Seconds between checkpoints during a crawl (PRAGMA wal_checkpoint(RESTART), after a batch is
# written, waiting STORAGE_WAL_CHECKPOINT_WAIT for readers): without them, short reads that
# overlap (two dashboards polling) kept SQLite's own checkpoints from ever restarting the log,
# which grew without limit (78 MB beside a 10 MB database). 0: none during the crawl.
STORAGE_WAL_CHECKPOINT_INTERVAL = 60.0
# Articles written per SQLite transaction, and the longest (s) one waits for its batch.
STORE_BATCH_SIZE = 100
STORE_BATCH_MAX_DELAY = 2.0

# --- Deduplication (crawler/dedup.py) ----------------------------------------------------
DEDUP_NEAR_ENABLED = True
# Estimated Jaccard similarity of 5-word shingles at or above which two bodies are one story.
# 0.7, not 0.8: an agency copy with a new dateline and one reworded sentence measures
# 0.75-0.80 true Jaccard (MinHash estimate ~0.76 +/- 0.04), so 0.8 misses many syndicated
# copies, while unrelated stories score below 0.1 (tests/test_dedup.py, benchmarks/dedup.py).
DEDUP_NEAR_THRESHOLD = 0.7
DEDUP_NUM_PERM = 128
# A page of at least 40 words that shares a lead paragraph with a stored article, is at most 90%
# of its length and has at least this share of its 5-shingles in the article's text is a shortened
# copy of it (an agency story cut after a few paragraphs). 0 turns the check off.
DEDUP_SHORTENED_MIN_SHARE = 0.8
# Skip requests for article URLs already stored (checked against SQLite before download).
DEDUP_SKIP_STORED = True

# --- Distributed mode (crawler/distributed.py, pipelines/redis_*.py) ----------------------------
# Redis shared by all crawler processes and the writer, e.g. "redis://10.0.0.5:6379/0".
# None: single-process mode, no Redis needed. Set: the DistributedMode add-on swaps in the
# scrapy-redis scheduler, the Redis item pipeline and the Redis "already stored" check.
REDIS_URL = None
# Redis list the crawler processes push extracted articles to, for `crawler ingest`.
REDIS_ITEMS_KEY = "crawler:items"
# Redis hash of stored URL keys that crawler processes consult: written only by `crawler ingest`,
# rebuilt from seen_urls at its start and updated after each commit (docs/deployment.md).
REDIS_STORED_URLS_KEY = "crawler:stored_urls"
# A crawler process finishes once the shared queue has stayed empty this long (s).
REDIS_IDLE_TIMEOUT = 30
# Seconds without a heartbeat after which the other crawler processes take one for dead: they put
# back into the shared queue the requests it had taken (its leases) and stop waiting for it. A
# process that was only stalled this long (a long GC pause, a stopped container, a paused VM)
# then has its pages fetched a second time; the writer stores no second copy. Beats come every
# 10 s (a quarter of this when that is shorter). A property of the run: the process that begins a
# run publishes its value in Redis (<spider>:heartbeat_timeout), and the processes that join use it
# (one WARNING line when their own differs).
REDIS_HEARTBEAT_TIMEOUT = 120  # pipelines.redis_frontier.WORKER_STALE_AFTER when unset or 0
# Seconds a crawler process waits for a Redis that fails (down, restarting, full under maxmemory)
# before it closes its spider (reason redis_unavailable / redis_out_of_memory: a failed run);
# at its close, also the longest it tries to push its end-of-run report (and at most 10 s).
# Kept at the other workers' staleness limit (REDIS_HEARTBEAT_TIMEOUT, 120 s): a process cut off
# from Redis for longer has no heartbeat there and the others already count it gone.
REDIS_UNAVAILABLE_TIMEOUT = 120
# Seconds a crawler process waits for Redis to answer one call before counting it failed (an
# outage, ridden out as above). Its calls run in the reactor's thread: a Redis that hangs (paused
# VM, partition without reset) holds the whole process, SIGTERM included, this long per call.
# `crawler ingest` keeps 60 s: it is stopped between batches, not by the reactor.
REDIS_SOCKET_TIMEOUT = 5  # crawler.distributed.CRAWLER_SOCKET_TIMEOUT when unset or 0
# Articles `crawler ingest` writes per SQLite transaction.
INGEST_BATCH_SIZE = 100
# Seconds the writer lock (<REDIS_ITEMS_KEY>:writer) outlives a writer that died without
# releasing it; the running writer renews it every third of this. A writer killed on the same
# host is taken over at once (its pid is gone); one on another host blocks a new writer this long.
INGEST_LOCK_TTL = 30
ADDONS = {"crawler.distributed.DistributedMode": 0}

# --- Unattended operation (crawler/runs.py, pipelines/runs.py, pipelines/resume.py) -----------
# Record a crawl_runs row per site per crawl (counts, errors, extraction health) and log progress.
RUNS_ENABLED = True
# Seconds between progress lines (pages and articles per minute); 0 turns them off.
RUNS_PROGRESS_INTERVAL = 60
# Health is judged only against past runs that stored at least this many articles...
RUNS_HEALTH_MIN_ARTICLES = 5
# ...and only for a run that fetched at least this many candidate pages.
RUNS_HEALTH_MIN_PAGES = 5
# How many of the site's recent runs make up "usual" (their median).
RUNS_HEALTH_HISTORY = 5
# A figure below this fraction of its usual value flags the site as degraded.
RUNS_HEALTH_DROP_RATIO = 0.5
# A run that stores nothing new, this many hours after the site's last run that did, flags the
# site as degraded (its sitemaps, feeds or links moved); 0: never.
RUNS_HEALTH_STALE_HOURS = 48.0
# Commit every scheduled request to <DATABASE>.jobs/<site>/frontier.sqlite so a killed crawl resumes.
RESUME_ENABLED = True
# Folder for the per-site frontier files; None: "<DATABASE>.jobs" beside the database.
RESUME_DIR = None

# --- Faults and safety (pipelines/errors.py, middlewares.py, retry.py, safety.py) ---------------
# Record every failed URL in table fetch_errors (kind, status, attempts) besides errors/<kind> stats.
FETCH_ERRORS_ENABLED = True
# fetch_errors rows buffered before one write (all pending rows are written when the spider closes).
FETCH_ERRORS_FLUSH_SIZE = 20
# An article's address redirected to the site's home page (a 3xx, or a 200 page that only
# refreshes there) is a story taken down: not followed, recorded as a home_redirect fetch error,
# and a stored article at that address marked gone_at.
HOME_REDIRECT_ENABLED = True
# Stored articles are marked gone_at when the run ends, unless its failures that say a page is
# gone (404/410, redirects to the home page) are at least this share of its responses...
GONE_STORM_SHARE = 0.5
# ...and at least this many (0: marks are never withheld): a site answering every request with 404
# or sending every request home is down or broken, not removing its stories. Below 10, a run is
# taken at its word: a few taken-down stories are marked whatever else it fetched.
GONE_STORM_MIN_ANSWERS = 10
# A site whose blocked answers (401/403/challenge pages) reach this share of its responses...
BLOCKED_SITE_SHARE = 0.5
# ...over at least this many responses is reported as blocked (stat blocked/site, WARNING).
BLOCKED_SITE_MIN_RESPONSES = 5
# Wait before the n-th retry: RETRY_BACKOFF_BASE * 2**(n-1) seconds, at most RETRY_BACKOFF_MAX.
RETRY_BACKOFF_BASE = 1.0
RETRY_BACKOFF_MAX = 30.0
# Retry-After is honoured up to this many seconds; an answer asking for longer is final.
RETRY_AFTER_MAX = 120.0
# A host is given up, for the rest of the crawl, once this many of its requests failed DNS with
# their retries spent and it never answered: its other requests fail at once. 0 = never.
DNS_GIVE_UP_AFTER = 2
# A request whose connection failed before any answer (refused, TLS handshake), its retries spent,
# is asked once more with the other scheme (https <-> http) when that origin answers pages in this
# crawl: the URL is asked once, in the spelling first met, and a broken https lost the story.
SCHEME_FALLBACK_ENABLED = True
# Never connect to loopback/private/link-local/metadata addresses for a public site.
NETGUARD_ENABLED = True
# Host names allowed to resolve to private addresses (an intranet mirror); empty for the web.
NETGUARD_ALLOWED_HOSTS = []
# Scrapy's caching resolver that refuses private answers for public names (pipelines/safety.py).
TWISTED_DNS_RESOLVER = "pipelines.safety.GuardedResolver"

# --- Components ---------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Before everything else: a request outside the site's domains is never sent.
    "pipelines.middlewares.SiteDomainsMiddleware": 50,
    # Scrapy's own offsite filter, in its place (50) and on request_scheduled: with no
    # allowed_domains (the spiders set none: SiteDomainsMiddleware knows ports, see
    # pipelines/middlewares.py) it lets every request through, and only cost the crawl process
    # a URL parse and a regex per request, twice (issue 7: 1-2% of its CPU).
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # Every request of the site (robots.txt, retries, redirects too) in one download slot named
    # after the site, which carries the profile's delay and concurrency (DOWNLOAD_SLOTS).
    "pipelines.politeness.SiteSlotMiddleware": 60,
    # Below RetryMiddleware (550), so it sees robots.txt's last answer: a 5xx robots.txt disallows all.
    "pipelines.middlewares.UnavailableRobotsTxtMiddleware": 95,
    # After Scrapy's RobotsTxtMiddleware (100): the spider's robots.txt request gets the answer
    # Scrapy's own request got, instead of a second download.
    "pipelines.middlewares.SharedRobotsTxtMiddleware": 101,
    # Above the shared answer: a robots.txt cut to ROBOTSTXT_MAX_SIZE, an HTML one read as empty.
    "pipelines.middlewares.RobotsTxtBodyMiddleware": 102,
    # Before the download: a sitemap still queued once the request budget is spent is not fetched.
    "pipelines.middlewares.DiscoveryBudgetMiddleware": 110,
    # Before the download, after robots: stored articles are not fetched again.
    "pipelines.middlewares.SkipStoredArticlesMiddleware": 120,
    # Above RetryMiddleware (550): a private address refused by the resolver is not retried.
    "pipelines.safety.PrivateAddressMiddleware": 560,
    # Scrapy's retry plus a wait (backoff, Retry-After) before each retry.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "pipelines.retry.BackoffRetryMiddleware": 550,
    # Below the retry middleware: it sees a DNS failure once its retries are spent.
    "pipelines.middlewares.UnresolvableHostMiddleware": 540,
    # Below the retry middleware too: a connection that failed before any answer, retries spent,
    # is tried once with the other scheme (a broken https; SCHEME_FALLBACK_ENABLED).
    "pipelines.middlewares.SchemeFallbackMiddleware": 530,
    # Above RedirectMiddleware (600): sees an article's redirect to the home page before it becomes
    # a request the duplicate filter drops (the home page is the start page); refuses and records it.
    "pipelines.middlewares.HomeRedirectMiddleware": 610,
    # Above RedirectMiddleware (600) too: a redirect to a login page (a paywall) is refused and
    # recorded, not fetched as the article, nor dropped unrecorded as a duplicate request.
    "pipelines.middlewares.LoginRedirectMiddleware": 620,
    # Above RedirectMiddleware (600) too: a start page redirected to another domain (a domain
    # move) adds that host to an ad-hoc crawl's domains, or is recorded naming it for a profile.
    "pipelines.middlewares.StartRedirectMiddleware": 630,
    # Scrapy's redirects, plus one pass through a cookie check: a redirect back to the URL itself
    # that sets a cookie is followed once (the duplicate filter dropped it as a loop).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "pipelines.middlewares.CookieCheckRedirectMiddleware": 600,
    # Scrapy's meta refresh redirects, after a cheap check that the page mentions one (issue 7).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "pipelines.middlewares.PrecheckedMetaRefreshMiddleware": 580,
    # Below the meta refresh: the start page's answer that no redirect (3xx, refresh, script)
    # follows ends its redirect chain; the hosts it only passed through stop being domains.
    "pipelines.middlewares.StartRedirectEndMiddleware": 570,
    # Above HttpCompressionMiddleware (590), which decompresses a cut gzip body "as much as possible".
    "pipelines.safety.TruncatedGzipMiddleware": 595,
    # Scrapy's response counts, without the robots.txt answer given twice (SharedRobotsTxtMiddleware).
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    "pipelines.middlewares.DownloadedResponseStats": 850,
}

# Lowest number: it records the requests that survive every other spider middleware
# (depth, offsite) - exactly what Scrapy will schedule.
SPIDER_MIDDLEWARES = {
    "pipelines.resume.ResumeFrontierMiddleware": 10,
    # DepthMiddleware, where a listing's next page keeps its depth (same order as Scrapy's: 900)
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "pipelines.middlewares.PaginationDepthMiddleware": 900,
    # Scrapy's UrlLengthMiddleware (same place, 800), recording each URL it drops (url_too_long).
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "pipelines.middlewares.LongUrlMiddleware": 800,
}

EXTENSIONS = {
    # Scrapy's, with a full disk at the close one WARNING line instead of a traceback.
    "scrapy.extensions.spiderstate.SpiderState": None,
    "pipelines.queues.JobDirSpiderState": 0,
    # First: the extraction workers' forkserver imports the extractor while Scrapy builds the rest.
    "pipelines.extract.ExtractionWarmUp": 0,
    # Scrapy's AutoThrottle, with a site profile's download_delay as its slot's floor: Scrapy's
    # lowered every slot's delay to DOWNLOAD_DELAY (0) at the first response.
    "scrapy.extensions.throttle.AutoThrottle": None,
    "pipelines.politeness.SiteAutoThrottle": 0,
    # Before CrawlRunsExtension: blocked/share and blocked/site are set when crawl_runs reads stats.
    "pipelines.errors.FetchErrorsExtension": 400,
    # Before CrawlRunsExtension too: refused/recorded is in the run's stats.
    "pipelines.refused.RefusedPagesExtension": 450,
    "pipelines.runs.CrawlRunsExtension": 500,
    "pipelines.runs.CrawlProgressExtension": 510,
    "pipelines.gctuning.GarbageCollectorTuning": 900,
    "pipelines.store.WalCheckpointExtension": 950,
}

# Order matters: extraction turns a fetched page into an article; validation drops
# what is not one; storage deduplicates and writes in one transaction per batch.
ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.store.StorePipeline": 500,
}
