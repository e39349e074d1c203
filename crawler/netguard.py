"""Which addresses a crawl may connect to: no loopback, private, link-local or metadata
addresses for a public site (server-side request forgery guard).

A site is *local* when every host its profile names is itself local (``127.0.0.1``,
``localhost``, ``10.0.0.5``... as in tests and intranet demos); such a site may reach its
own hosts only, which ``SiteDomainsMiddleware`` already enforces. A *public* site may never
reach a non-global address: not by a URL whose host is a literal private IP, not by a name
that resolves to one (DNS rebinding, a hostile subdomain, ``169.254.169.254``).

Pure functions over strings and :mod:`ipaddress` (no Scrapy imports); the Scrapy glue is
``pipelines/safety.py`` (a downloader middleware for URLs, a resolver for DNS answers).
No settings here; ``NETGUARD_ALLOWED_HOSTS`` is passed in by the callers.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def parse_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address ``host`` is written as (``[::1]`` and ``::ffff:10.0.0.1`` included), or ``None``."""
    host = host.strip().strip("[]")
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_forbidden_address(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for any address that is not globally routable unicast: loopback, private (RFC 1918,
    unique-local), link-local (incl. the cloud metadata address 169.254.169.254), carrier-grade
    NAT, multicast, reserved, unspecified. An unparseable address is forbidden too."""
    ip = parse_ip(address) if isinstance(address, str) else address
    if ip is None:
        return True
    return not ip.is_global or ip.is_multicast


def host_of(url_or_host: str) -> str:
    """Lower-case host without port or brackets, from a URL or a ``host[:port]`` string."""
    if "://" not in url_or_host:
        if (ip := parse_ip(url_or_host)) is not None:  # a bare IPv6 address has colons but no port
            return str(ip)
        url_or_host = "http://" + url_or_host
    try:
        return (urlsplit(url_or_host).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def is_local_host(host: str) -> bool:
    """True for a host that names the local machine or a private network by itself:
    ``localhost`` (and ``*.localhost``) or a literal non-global IP address."""
    ip = parse_ip(host)
    if ip is None:
        host = host_of(host)
        if host in LOCAL_NAMES or host.endswith(".localhost"):
            return True
        ip = parse_ip(host)
    return ip is not None and is_forbidden_address(ip)


def site_is_local(domains: Iterable[str]) -> bool:
    """True when the site's hosts are all local: it may then reach those hosts (and only them)."""
    hosts = [host_of(domain) for domain in domains]
    return bool(hosts) and all(is_local_host(host) for host in hosts)


def refused_host_reason(url: str, domains: Iterable[str], allowed_hosts: Iterable[str] = ()) -> str | None:
    """Why a request for ``url`` must not be sent for a site with these ``domains``, or ``None``.

    Only the URL is judged here (its host as written); what a name resolves to is judged by
    :func:`refused_answer_reason` at DNS time.
    """
    host = host_of(url)
    if not host:
        return "no host"
    if host in {host_of(h) for h in allowed_hosts}:
        return None
    domains = list(domains)
    if not is_local_host(host):
        return None
    if site_is_local(domains) and host in {host_of(d) for d in domains}:
        return None
    return f"{host} is a local or private address and the site is not"


def refused_answer_reason(name: str, address: str, allowed_hosts: Iterable[str] = ()) -> str | None:
    """Why the DNS answer ``address`` for ``name`` must not be connected to, or ``None``.

    A name that is itself local (``localhost``, a literal IP) may resolve to a local address;
    any other name may not, unless it is in ``allowed_hosts`` (``NETGUARD_ALLOWED_HOSTS``).
    """
    host = host_of(name)
    if not is_forbidden_address(address):
        return None
    if is_local_host(host) or host in {host_of(h) for h in allowed_hosts}:
        return None
    return f"{host} resolves to {address}, a local or private address"
