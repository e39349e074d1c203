"""A throwaway ``redis-server`` on 127.0.0.1, for the distributed-mode tests and benchmark.

It listens on a free port, keeps its files in a given directory and saves nothing
(``--save '' --appendonly no``): the tests need a real Redis, not durable data. Production
Redis is the operator's (see ``docs/deployment.md``). No settings.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Self

from crawler.errors import CrawlerError


def redis_server_binary() -> str | None:
    """Path of ``redis-server`` on PATH, or ``None``."""
    return shutil.which("redis-server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """``with RedisServer(tmp_path) as redis: redis.url`` -> ``redis://127.0.0.1:PORT/0``."""

    def __init__(self, directory: Path, port: int | None = None, *options: str) -> None:
        """``options``: more ``redis-server`` arguments (``"--maxmemory", "2mb"``)."""
        self.directory = Path(directory)
        self.port = port or _free_port()
        self.options = options
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10) -> Self:
        binary = redis_server_binary()
        if binary is None:
            raise CrawlerError("redis-server is not on PATH")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.directory),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes", *self.options],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CrawlerError(f"redis-server exited with status {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise CrawlerError(f"redis-server did not answer on port {self.port} within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
