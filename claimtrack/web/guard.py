"""The SSRF guard: URLs come from untrusted claim data, so only public http(s) hosts are fetched.

A URL passes when its scheme is http or https and *every* address its host
resolves to is a global unicast address. Loopback, private (RFC 1918, ULA),
IPv6 site-local (``fec0::/10``, deprecated but still routed by some networks),
link-local (169.254.0.0/16, which holds cloud metadata services), multicast,
reserved, shared (CGNAT) and unspecified addresses are refused. The check runs
after DNS resolution and again on every redirect hop. The connection is then
made to an address the check approved (:mod:`claimtrack.web.pinning`), so a DNS
answer that changes between the check and the connect (DNS rebinding) never
reaches the internal host; the address the connection reached is checked once
more before the body is read (for injected transports and proxies, which
connect by themselves).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable

import anyio
import attrs

from claimtrack.web.errors import BlockedAddressError, ConnectionFailedError, InvalidUrlError

__all__ = ["ALLOWED_SCHEMES", "AddressGuard", "Resolver", "is_public_address", "system_resolver"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""``async resolver(host, port) -> [address, ...]``; injectable so tests can play DNS."""

ALLOWED_SCHEMES = frozenset({"http", "https"})
_CACHE_ENTRIES = 4096


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve ``host`` with the system resolver (getaddrinfo in a worker thread)."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _unmapped(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def is_public_address(address: str | IPAddress) -> bool:
    """True for a global unicast address; False for loopback, private, site-local, link-local, multicast..."""
    ip = _unmapped(ipaddress.ip_address(address) if isinstance(address, str) else address)
    site_local = isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback or site_local)


def _networks(values: Iterable[str | IPNetwork]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(v, strict=False) if isinstance(v, str) else v for v in values)


@attrs.define
class AddressGuard:
    """Decides whether a host may be fetched; ``allow_private`` turns the address check off.

    ``allowed_networks`` exempts named networks (for example an intranet
    fact-check database) while keeping the guard on for everything else.
    Resolutions are remembered for ``cache_seconds`` (by the monotonic clock)
    so a batch to one host resolves it once.
    """

    allow_private: bool = False
    allowed_networks: tuple[IPNetwork, ...] = attrs.field(default=(), converter=_networks)
    resolver: Resolver = system_resolver
    cache_seconds: float = 60.0
    _cache: dict[tuple[str, int], tuple[float, tuple[str, ...]]] = attrs.field(factory=dict, init=False)

    def check_scheme(self, url: str, scheme: str, host: str) -> None:
        """Refuse anything but http(s) URLs with a host."""
        if scheme not in ALLOWED_SCHEMES:
            raise BlockedAddressError(f"scheme {scheme or '(none)'!r} is not fetched; only http and https", url=url)
        if not host:
            raise InvalidUrlError("URL has no host", url=url)

    @staticmethod
    def literal(host: str) -> str | None:
        """The IP address ``host`` spells (``[::1]`` included), or None for a name."""
        return _literal(host)

    def allows(self, address: str) -> bool:
        """True when ``address`` may be connected to under this guard."""
        if self.allow_private:
            return True
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if is_public_address(ip):
            return True
        return any(_unmapped(ip) in net for net in self.allowed_networks)

    async def check_host(self, url: str, host: str, port: int) -> tuple[str, ...]:
        """Resolve ``host`` and refuse it unless every address is allowed; returns the addresses."""
        if self.allow_private:
            return ()
        literal = _literal(host)
        if literal is not None:
            addresses: tuple[str, ...] = (literal,)
        else:
            addresses = await self._resolve(url, host, port)
        for address in addresses:
            if not self.allows(address):
                raise BlockedAddressError(
                    f"host {host!r} resolves to non-public address {address}; refused by the SSRF guard "
                    "(pass allow_private=True to fetch it)",
                    url=url,
                    address=address,
                )
        return addresses

    def check_peer(self, url: str, address: str | None) -> None:
        """Refuse a connection that reached a non-public address (DNS rebinding)."""
        if address is None or self.allow_private:
            return
        if not self.allows(address):
            raise BlockedAddressError(
                f"connection reached non-public address {address}; refused by the SSRF guard",
                url=url,
                address=address,
            )

    async def _resolve(self, url: str, host: str, port: int) -> tuple[str, ...]:
        key = (host.lower(), port)
        now = anyio.current_time()
        hit = self._cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        try:
            found = tuple(dict.fromkeys(await self.resolver(host, port)))
        except OSError as exc:
            raise ConnectionFailedError(f"cannot resolve host {host!r}: {exc}", url=url) from None
        except (UnicodeError, ValueError) as exc:  # a name the resolver cannot encode (a label over 63 bytes...)
            raise InvalidUrlError(f"host {host[:100]!r} is not a valid name: {exc}", url=url) from None
        if not found:
            raise ConnectionFailedError(f"host {host!r} resolves to no address", url=url)
        if len(self._cache) >= _CACHE_ENTRIES:  # a batch over many hosts: forget what has expired
            self._cache = {k: v for k, v in self._cache.items() if v[0] > now}
        self._cache[key] = (now + self.cache_seconds, found)
        return found


def _literal(host: str) -> str | None:
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        return str(ipaddress.ip_address(bare.split("%", 1)[0]))
    except ValueError:
        return None
