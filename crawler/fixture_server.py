"""A threaded loopback HTTP server that serves a directory of fixture files.

It serves the offline demo site (``crawler/demo_site/``) for ``make demo`` and for the
end-to-end tests, and any other directory laid out the same way.

Mapping of request paths to files, in order:

1. a registered handler (:meth:`FixtureServer.add_handler`) for the exact path with its
   query string, then for the path alone;
2. a route: the ``routes`` argument merged over ``_routes.json`` in the root, a JSON object
   mapping a URL path (optionally with ``?query``) to a file relative to the root. Routes
   give distinct pages to URLs that differ only by query (``/en/news/?page=2``);
3. the file system: the percent-decoded path under the root, ``index.html`` for a
   directory (with or without the trailing slash). The query string is ignored here.

Anything else is a 404. Path segments that start with ``_`` or ``.`` are never served
from the file system (build scripts, route tables, routed pages), only through routes.

Text files (HTML, XML, plain text, JSON...) have the literal token ``__BASE_URL__``
replaced by :attr:`FixtureServer.base_url`, because sitemaps, feeds and canonical links
need absolute URLs and the port is only known at start. ``.gz`` files are sent as the raw
gzip bytes (``Content-Type: application/x-gzip``, no ``Content-Encoding``); when the
compressed text contains the token it is substituted and re-compressed.

No settings: everything is passed to :class:`FixtureServer`. Request lines are logged at
DEBUG level only, so tests stay quiet.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import mimetypes
import re
import signal
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO, Self
from urllib.parse import unquote_to_bytes, urlsplit

logger = logging.getLogger(__name__)

BASE_URL_TOKEN = b"__BASE_URL__"
ROUTES_FILE = "_routes.json"

# Content types for the kinds of files a news site serves; anything else falls back to
# the standard library's guess. Text types carry an explicit charset because crawlers
# (and Scrapy's response class selection) read it from the header.
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".gz": "application/x-gzip",
}
_TEXT_SUFFIXES = {".html", ".htm", ".xml", ".rss", ".atom", ".txt", ".json", ".css", ".js", ".svg"}


@dataclass(frozen=True)
class RequestRecord:
    """One request the server received, as logged after it was answered."""

    method: str
    path: str
    """Request target as sent, query included, percent-encoding untouched
    (raw UTF-8 bytes in the request line are decoded as UTF-8)."""
    host: str | None
    """The ``Host`` header, or ``None`` when the client sent none."""
    status: int | None
    """Status sent, or ``None`` when a handler wrote to the socket itself."""
    time: float
    """``time.time()`` when the request line was read."""
    headers: dict[str, str] = field(default_factory=dict)
    """All request headers (last value wins for repeated names)."""

    @property
    def user_agent(self) -> str | None:
        return self.headers.get("User-Agent")


@dataclass
class Response:
    """What a handler returns: the server sends it after waiting ``delay`` seconds.

    ``body`` may be ``str`` (encoded as UTF-8). ``Content-Length`` is added unless the
    headers already set it or ``Transfer-Encoding``; give a wrong one on purpose to
    simulate truncation. ``substitute_base_url`` applies the ``__BASE_URL__`` token rule.
    """

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | str = b""
    delay: float = 0.0
    substitute_base_url: bool = False


@dataclass
class RequestContext:
    """Everything a handler may need about one request.

    A handler that wants full control of the wire (a reset, a slow drip, a malformed
    status line) writes to ``wfile`` or ``connection`` itself and returns ``None``; the
    server then closes the connection without sending anything else.
    """

    method: str
    path: str
    """Percent-decoded path without the query, e.g. ``/ar/politics/1/خبر``."""
    query: str
    """Raw query string without the ``?`` (``""`` when absent)."""
    raw_path: str
    """Request target as sent (see :attr:`RequestRecord.path`)."""
    headers: Message
    body: bytes
    base_url: str
    wfile: BinaryIO
    connection: socket.socket
    default_response: Callable[[], Response]
    """Builds the response the server would send without the handler (file, route or
    404), so a handler can wrap or corrupt it."""


Handler = Callable[[RequestContext], Response | None]


class FixtureServer:
    """Serve ``root`` on ``host:port`` from a background thread.

    :param root: directory holding the site.
    :param host: address to bind; keep it on loopback.
    :param port: ``0`` picks a free port; read :attr:`base_url` after :meth:`start`.
    :param routes: URL path (optionally ``path?query``) → file relative to ``root``,
        merged over ``root/_routes.json`` when that file exists.
    """

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        routes: Mapping[str, str] | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise NotADirectoryError(f"fixture root is not a directory: {self.root}")
        self.host = host
        self.port = port
        self.routes: dict[str, str] = {}
        routes_file = self.root / ROUTES_FILE
        if routes_file.is_file():
            self.routes.update(json.loads(routes_file.read_text(encoding="utf-8")))
        if routes:
            self.routes.update(routes)
        self._handlers: dict[str, Handler] = {}
        self._records: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> Self:
        if self._httpd is not None:
            raise RuntimeError("fixture server already started")
        httpd = ThreadingHTTPServer((self.host, self.port), _make_request_handler(self))
        httpd.daemon_threads = True
        self._httpd = httpd
        self.port = httpd.server_address[1]
        # serve_forever's default poll interval (0.5 s) is how long stop() waits for the loop to
        # notice shutdown(): half a second per server, hundreds of servers in the test suite
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"fixture-server-{self.port}", daemon=True
        )
        self._thread.start()
        logger.debug("fixture server for %s listening on %s", self.root, self.base_url)
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._httpd is None and self.port == 0:
            raise RuntimeError("base_url is known only after start()")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL for ``path`` (which starts with ``/``) on this server."""
        return self.base_url + path

    # -- handlers and the request log --------------------------------------------------

    def add_handler(self, path: str, handler: Handler) -> None:
        """Answer requests for ``path`` with ``handler`` instead of the files.

        ``path`` is matched after percent-decoding; ``/x?a=1`` matches only that query,
        ``/x`` matches any query, and ``/x/*`` matches every path that starts with ``/x/``
        (the longest such prefix wins, after exact paths) — for traps that invent endless
        URLs. A later call for the same path replaces the handler.
        """
        with self._lock:
            self._handlers[_decode_target(path)[0] + _query_suffix(path)] = handler

    def remove_handler(self, path: str) -> None:
        with self._lock:
            self._handlers.pop(_decode_target(path)[0] + _query_suffix(path), None)

    @property
    def requests(self) -> list[RequestRecord]:
        """A snapshot of every request answered so far, oldest first."""
        with self._lock:
            return list(self._records)

    def clear_requests(self) -> None:
        with self._lock:
            self._records.clear()

    def requested_paths(self) -> list[str]:
        """Raw request targets (with query) in arrival order."""
        return [record.path for record in self.requests]

    def _record(self, record: RequestRecord, index: int | None = None) -> int:
        """Append ``record``, or replace the one at ``index``; return its position."""
        with self._lock:
            if index is None:
                self._records.append(record)
                return len(self._records) - 1
            if index < len(self._records):  # clear_requests() may have emptied the log
                self._records[index] = record
            return index

    def _find_handler(self, path: str, query: str) -> Handler | None:
        with self._lock:
            if query and (handler := self._handlers.get(f"{path}?{query}")):
                return handler
            if handler := self._handlers.get(path):
                return handler
            prefixes = [key for key in self._handlers if key.endswith("*") and path.startswith(key[:-1])]
            return self._handlers[max(prefixes, key=len)] if prefixes else None

    # -- default responses ------------------------------------------------------------

    def resolve(self, path: str, query: str = "") -> Path | None:
        """File that answers the decoded ``path`` (and ``query``), or ``None``."""
        for key in _route_keys(path, query):
            if key in self.routes:
                routed = (self.root / self.routes[key]).resolve()
                return routed if routed.is_file() and routed.is_relative_to(self.root) else None
        relative = path.lstrip("/")
        if any(part.startswith(("_", ".")) for part in relative.split("/") if part):
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def file_response(self, path: str, query: str = "") -> Response:
        """The response for a file-system or routed path: the file, or a 404 page."""
        file_path = self.resolve(path, query)
        if file_path is None:
            return Response(
                status=404,
                headers={"Content-Type": "text/html; charset=utf-8"},
                body="<!doctype html><title>404 Not Found</title><h1>Not Found</h1>",
            )
        suffix = file_path.suffix.lower()
        body = file_path.read_bytes()
        content_type = _CONTENT_TYPES.get(suffix) or (
            mimetypes.guess_type(file_path.name)[0] or "application/octet-stream"
        )
        if suffix == ".xml" and b"<rss" in body[:500]:
            content_type = "application/rss+xml; charset=utf-8"
        if suffix == ".gz":
            body = self._substitute_in_gzip(body)
        elif suffix in _TEXT_SUFFIXES:
            body = self.substitute_base_url(body)
        return Response(status=200, headers={"Content-Type": content_type}, body=body)

    def substitute_base_url(self, body: bytes) -> bytes:
        return body.replace(BASE_URL_TOKEN, self.base_url.encode("ascii"))

    def _substitute_in_gzip(self, body: bytes) -> bytes:
        try:
            text = gzip.decompress(body)
        except (OSError, EOFError):
            return body  # a deliberately broken archive is served as it is
        if BASE_URL_TOKEN not in text:
            return body
        # mtime=0 keeps the bytes stable for one base URL
        return gzip.compress(self.substitute_base_url(text), mtime=0)


def _query_suffix(target: str) -> str:
    query = urlsplit(target).query
    return f"?{query}" if query else ""


def _decode_target(target: str) -> tuple[str, str]:
    """Split a request target into (percent-decoded UTF-8 path, raw query)."""
    parts = urlsplit(target)
    path = unquote_to_bytes(parts.path).decode("utf-8", errors="replace") or "/"
    return path, parts.query


def _route_keys(path: str, query: str) -> list[str]:
    variants = [path]
    if path != "/":
        variants.append(path[:-1] if path.endswith("/") else path + "/")
    keys = [f"{variant}?{query}" for variant in variants] if query else []
    return keys + variants


def _make_request_handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class _FixtureRequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FixtureServer/1.0"

        def parse_request(self) -> bool:
            # http.server decodes the request line as latin-1 and splits it on any
            # whitespace, which includes U+0085 -- a byte inside many raw UTF-8 Arabic
            # paths. Percent-encode non-ASCII bytes first; keep the target as sent for the log.
            self.raw_target: str | None = None
            raw_line = self.raw_requestline
            if any(byte > 127 for byte in raw_line):
                parts = raw_line.split(b" ")
                if len(parts) >= 2:
                    self.raw_target = parts[1].decode("utf-8", errors="replace")
                self.raw_requestline = re.sub(
                    rb"[\x80-\xff]", lambda match: b"%%%02X" % match.group()[0], raw_line
                )
            return super().parse_request()

        def do_GET(self) -> None:
            self._answer()

        def do_HEAD(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def _answer(self) -> None:
            self.started = time.time()
            self.target = self.raw_target or self.path
            path, query = _decode_target(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request_body = self.rfile.read(length) if length else b""
            handler = server._find_handler(path, query)
            if handler is None:
                if self.command == "POST":
                    self._send(Response(status=405, headers={"Allow": "GET, HEAD"}))
                else:
                    self._send(server.file_response(path, query))
                return
            context = RequestContext(
                method=self.command,
                path=path,
                query=query,
                raw_path=self.target,
                headers=self.headers,
                body=request_body,
                base_url=server.base_url,
                wfile=self.wfile,
                connection=self.connection,
                default_response=lambda: server.file_response(path, query),
            )
            # Recorded before the handler runs: it may write to the socket itself, and a
            # client must find the request in the log as soon as it has any answer.
            record_index = self._record(None)
            response = handler(context)
            if response is None:
                self.close_connection = True
            else:
                self._send(response, record_index)

        def _record(self, status: int | None, index: int | None = None) -> int:
            record = RequestRecord(
                method=self.command,
                path=self.target,
                host=self.headers.get("Host"),
                status=status,
                time=self.started,
                headers=dict(self.headers.items()),
            )
            return server._record(record, index)

        def _send(self, response: Response, record_index: int | None = None) -> None:
            if response.delay:
                time.sleep(response.delay)
            body = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
            if response.substitute_base_url:
                body = server.substitute_base_url(body)
            self._record(response.status, record_index)
            self.send_response(response.status)
            header_names = {name.lower() for name in response.headers}
            for name, value in response.headers.items():
                self.send_header(name, value)
            if not header_names & {"content-length", "transfer-encoding"}:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and response.status not in (204, 304):
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    logger.debug("client went away before %s was sent", self.target)

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s " + format, self.address_string(), *args)

    return _FixtureRequestHandler


def serve_forever_cli(argv: list[str] | None = None) -> None:
    """``python -m crawler.fixture_server ROOT [--port N] [--host H]``: serve until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(description="Serve a fixture site on loopback.")
    parser.add_argument("root", type=Path, help="directory to serve (e.g. crawler/demo_site)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    args = parser.parse_args(argv)
    server = FixtureServer(args.root, host=args.host, port=args.port).start()
    try:
        wait_for_stop_signal(ready_message=server.base_url)
    finally:
        server.stop()


class _StopSignal(Exception):
    """Raised in the main thread by :func:`wait_for_stop_signal`'s handler."""


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def wait_for_stop_signal(ready_message: str | None = None) -> str:
    """Block the main thread (the server runs in its own) until Ctrl-C (SIGINT) or SIGTERM;
    return the signal's name. The previous handlers are back when it returns.

    Both signals are caught here, not left to Python's defaults: SIGTERM (``kill``, systemd,
    ``timeout``) would end the process without stopping the server, and a SIGINT inherited
    as ignored (a job started in the background by a script) would not stop it at all.

    :param ready_message: printed (and flushed) once the handlers are in place, so that whoever
        reads it may signal at once: printed before, a quick Ctrl-C met Python's default handler.
    """
    def stop(signum, frame):
        # A second signal while the caller stops the server must not raise out of its cleanup.
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise _StopSignal(signum)

    previous = {}
    try:
        for sig in STOP_SIGNALS:
            previous[sig] = signal.signal(sig, stop)
        if ready_message is not None:
            print(ready_message, flush=True)
        while True:
            time.sleep(3600)
    except _StopSignal as stopped:
        return signal.Signals(stopped.args[0]).name
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    serve_forever_cli()
