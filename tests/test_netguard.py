"""No connection to loopback, private, link-local or metadata addresses for a public site —
by a literal-IP URL or by a DNS answer; a site whose own host is local may reach that host only.
And the crawl itself listens on no port (Scrapy's remote-control server is off).

The end-to-end tests crawl a profile that claims a public name (``news.example.com``) whose
DNS answer is 127.0.0.1. DNS is the one thing mocked: a ``sitecustomize`` module on the crawl
subprocess's ``PYTHONPATH`` makes ``socket.gethostbyname`` answer 127.0.0.1 for
``*.example.com`` (what Scrapy's threaded resolver calls), everything else is real.
"""

from __future__ import annotations

import os
import textwrap

import pytest
from twisted.internet.error import DNSLookupError

from crawler.netguard import (
    is_forbidden_address,
    is_local_host,
    refused_answer_reason,
    refused_host_reason,
    site_is_local,
)
from crawler.sites import site_name_for
from pipelines.safety import REFUSED_NAMES, GuardedResolver
from tests.conftest import crawl_stats, rows, run_scrapy


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "not-an-ip",
])
def test_non_global_addresses_are_forbidden(address):
    assert is_forbidden_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::6810:85e5"])
def test_global_addresses_are_allowed(address):
    assert not is_forbidden_address(address)


def test_local_hosts_and_sites():
    assert is_local_host("localhost") and is_local_host("api.localhost") and is_local_host("[::1]:8080")
    assert is_local_host("127.0.0.1:5000") and not is_local_host("example.com")
    assert site_is_local(["127.0.0.1:5000"]) and not site_is_local(["example.com", "127.0.0.1"])


def test_a_public_site_may_not_request_a_literal_private_address():
    public = ["example.com"]
    for url in ("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1/", "http://[::1]/",
                "http://10.0.0.1:8080/x", "http://localhost/admin"):
        assert refused_host_reason(url, public), url
    assert refused_host_reason("https://www.example.com/news/1", public) is None


def test_a_local_site_may_request_its_own_host_only():
    local = ["127.0.0.1:5000"]
    assert refused_host_reason("http://127.0.0.1:5000/news", local) is None
    assert refused_host_reason("http://169.254.169.254/", local)
    assert refused_host_reason("http://192.168.0.10:5000/", local)


def test_allowed_hosts_open_an_exception():
    assert refused_host_reason("http://10.0.0.5/", ["example.com"], allowed_hosts=["10.0.0.5"]) is None
    assert refused_answer_reason("mirror.corp", "10.0.0.5", allowed_hosts=["mirror.corp"]) is None


def test_a_public_name_resolving_to_a_private_address_is_refused():
    assert "127.0.0.1" in refused_answer_reason("news.example.com", "127.0.0.1")
    assert refused_answer_reason("evil.example.com", "169.254.169.254")
    assert refused_answer_reason("news.example.com", "93.184.216.34") is None
    assert refused_answer_reason("localhost", "127.0.0.1") is None


def test_the_resolver_refuses_a_private_answer_and_remembers_the_name():
    resolver = GuardedResolver(reactor=None, cache_size=0, timeout=1)
    REFUSED_NAMES.pop("rebind.example.com", None)
    assert resolver._check_answer("93.184.216.34", "rebind.example.com") == "93.184.216.34"
    with pytest.raises(DNSLookupError, match="127.0.0.1"):
        resolver._check_answer("127.0.0.1", "rebind.example.com")
    failures = []
    resolver.getHostByName("rebind.example.com").addErrback(failures.append)
    assert failures and failures[0].check(DNSLookupError)
    REFUSED_NAMES.pop("rebind.example.com", None)


# -- end to end ------------------------------------------------------------------------------------
FAKE_DNS = textwrap.dedent('''
    """Test-only DNS: *.example.com resolves to 127.0.0.1 (tests/test_netguard.py)."""
    import socket

    _real_gethostbyname = socket.gethostbyname

    def gethostbyname(name):
        if name.rstrip(".").lower().endswith("example.com"):
            return "127.0.0.1"
        return _real_gethostbyname(name)

    socket.gethostbyname = gethostbyname
''')


# Names under gone.example.com do not exist (as during an outage, or for an expired domain);
# answered at once, so the test does not depend on the machine's resolver.
GONE_DNS = textwrap.dedent('''
    """Test-only DNS: *.gone.example.com does not resolve (tests/test_netguard.py)."""
    import socket

    _real_gethostbyname = socket.gethostbyname

    def gethostbyname(name):
        if name.rstrip(".").lower().endswith("gone.example.com"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return _real_gethostbyname(name)

    socket.gethostbyname = gethostbyname
''')


def _dns_env(tmp_path, source: str) -> dict[str, str]:
    folder = tmp_path / "fake_dns"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(source, encoding="utf-8")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(folder), os.environ.get("PYTHONPATH")]))}


@pytest.fixture
def fake_dns_env(tmp_path):
    return _dns_env(tmp_path, FAKE_DNS)


def _crawl_public_name(server, database, env, *, exit_code=0, **settings):
    url = f"http://news.example.com:{server.port}/"
    result = run_scrapy(["crawl", "site", "-a", f"url={url}"],
                        settings={"DATABASE": str(database), "EXTRACT_WORKERS": 0, "RETRY_TIMES": 1,
                                  **settings}, env=env, timeout=120)
    assert result.returncode == exit_code, result.stderr[-3000:]
    return result


@pytest.mark.slow
def test_a_public_site_whose_dns_points_at_loopback_is_never_connected_to(demo_server, fake_dns_env, tmp_path):
    database = tmp_path / "news.db"
    result = _crawl_public_name(demo_server, database, fake_dns_env, exit_code=1)  # nothing fetched: failed
    assert demo_server.requests == []
    errors = rows(database, "SELECT url, kind, message FROM fetch_errors")
    assert errors and {e["kind"] for e in errors} == {"private_address"}, errors
    assert all("127.0.0.1" in e["message"] for e in errors)
    stats = crawl_stats(result)
    assert stats["errors/private_address"] == len(errors)
    assert "retry/count" not in stats  # a refusal is not retried


@pytest.mark.slow
def test_the_same_crawl_reaches_the_server_when_the_name_is_allowed(demo_server, fake_dns_env, tmp_path):
    """Control for the test above: the fake DNS works, so the refusal came from the guard."""
    _crawl_public_name(demo_server, tmp_path / "news.db", fake_dns_env,
                       NETGUARD_ALLOWED_HOSTS="news.example.com", CRAWL_MAX_REQUESTS=5)
    hosts = {record.host for record in demo_server.requests}
    assert hosts == {f"news.example.com:{demo_server.port}"}


def test_a_crawl_opens_no_remote_control_server_and_leaves_no_token_file(demo_server, tmp_path):
    """Scrapy 2.19 enables by default an HTTP server that runs Python code sent with a token it
    writes under the user's state directory; an unattended crawler opens no such door."""
    state = tmp_path / "state"
    result = run_scrapy(["crawl", "site", "-a", f"url={demo_server.base_url}/"],
                        settings={"DATABASE": str(tmp_path / "news.db"), "CLOSESPIDER_PAGECOUNT": "3"},
                        env={"XDG_STATE_HOME": str(state)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "RemoteControl" not in result.stderr
    assert "Remote control" not in result.stderr
    assert not list(state.rglob("*.json"))


# -- names that do not resolve -----------------------------------------------------------------------
@pytest.mark.slow
def test_a_host_that_does_not_resolve_is_given_up_after_two_failed_requests(demo_server, tmp_path):
    env = _dns_env(tmp_path, GONE_DNS)
    url = f"http://news.gone.example.com:{demo_server.port}/"

    def crawl(name, **settings):
        database = tmp_path / f"{name}.db"
        # Without robots.txt: a robots.txt whose name does not resolve disallows its host before any
        # other request is sent (RFC 9309, checked at the end), so no second request would fail DNS.
        # One request at a time (it was robots.txt's wait that put the others after it): the
        # spider's robots.txt, then the sitemap guesses its failure schedules, the host given up
        # after the first guess's retry, before the other guesses and the start page are sent.
        result = run_scrapy(["crawl", "site", "-a", f"url={url}"],
                            settings={"DATABASE": str(database), "EXTRACT_WORKERS": 0, "RETRY_TIMES": 1,
                                      "RETRY_BACKOFF_BASE": 0.01, "ROBOTSTXT_OBEY": False,
                                      "CONCURRENT_REQUESTS": 1, **settings},
                            env=env, timeout=120)
        # nothing could be fetched: the site failed, and `scrapy crawl` says so
        assert result.returncode == 1 and f"Error: {site_name_for(url)} failed: no page could be fetched" in result.stderr, \
            result.stderr[-3000:]
        return crawl_stats(result), result.stderr, database

    stats, log, database = crawl("given_up")
    assert stats["dns/hosts_given_up"] == 1 and stats["dns/refused"] >= 1
    assert "news.gone.example.com does not resolve (2 requests failed DNS after their retries)" in log
    lookups = stats["downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError"]
    # The site failed, for the reason it had, and the refusals are no download error of their own.
    assert "no page could be fetched" in stats["runs/failure"] and "FetchRefused" not in stats["runs/failure"]
    assert {row["kind"] for row in rows(database, "SELECT kind FROM fetch_errors")} == {"dns"}

    control, _log, _db = crawl("control", DNS_GIVE_UP_AFTER=0)
    assert "dns/hosts_given_up" not in control and "dns/refused" not in control
    # each refused request would have been tried, with its retry
    assert control["downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError"] \
        >= lookups + 2 * stats["dns/refused"]

    obeying, log, database = crawl("robots", ROBOTSTXT_OBEY=True)
    assert obeying["robotstxt/unavailable"] == 1 and "dns/hosts_given_up" not in obeying
    # robots.txt and its retry: nothing else was sent
    assert obeying["downloader/exception_type_count/scrapy.exceptions.CannotResolveHostError"] == 2
    assert rows(database, "SELECT kind FROM fetch_errors") == [{"kind": "dns"}]
    assert demo_server.requests == []
