"""Item pipelines and downloader middlewares: thin Scrapy glue over the pure ``crawler`` core."""
