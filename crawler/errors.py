"""Project exception classes."""


class CrawlerError(Exception):
    """Base class of the project's own errors."""


def os_error_reason(exc: OSError) -> str:
    """``Not a directory: /data/news.db`` — an OS error in one line, naming the file when the
    OS gives one."""
    return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else f"{exc.strerror or exc}"


class ProfileError(CrawlerError):
    """A site profile file is invalid; the message names the site and the field."""


class ExtractionError(CrawlerError):
    """A page could not be turned into an article (parser failure, not 'not an article')."""


class PageFetchError(CrawlerError):
    """A page could not be fetched by ``crawler extract``; ``kind`` is the ``fetch_errors`` kind
    the crawl would record (``too_large``, ``redirect_loop``...), ``None`` when it has none."""

    def __init__(self, kind: str | None, message: str):
        super().__init__(message)
        self.kind = kind


class StorageError(CrawlerError):
    """The database cannot be opened or written."""


class NotACrawlerDatabase(StorageError):
    """The file is another application's SQLite file (or, to a reader, an empty one): left alone."""


class StorageLocked(StorageError):
    """Another connection held the database's write lock past the retries; nothing was written."""


class StorageFailure(StorageError):
    """The database takes no more writes (disk full, read-only, I/O error): the crawl must stop."""


class CopyNotRestorable(CrawlerError):
    """A ``duplicates`` row that ``crawler restore-copy`` cannot make an article; the message
    says why (no such row, another address of the same article, a text never stored...)."""
