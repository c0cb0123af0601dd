"""Fetching one image link from an untrusted upload, without letting it reach the host's own network.

The name is resolved once; every address it gives is checked, and the connection goes to the checked address (a
second lookup could answer differently: DNS rebinding). Each redirect hop is checked the same way. The whole fetch
runs under one deadline, not a per-read timeout a trickling server could stretch without end.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from core.content.limits import UploadLimits

MAX_REDIRECTS = 3
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SCHEMES = {"http": 80, "https": 443}
# IPv6 forms ending in an IPv4 address that a NAT64 gateway, a translator or the host itself would reach on our
# behalf: NAT64's well-known prefix, IPv4-compatible and IPv4-translated addresses (6to4 is read separately).
EMBEDS_IPV4 = tuple(ipaddress.ip_network(n) for n in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96"))
# NAT64 prefixes for local use only (RFC 8215), never a public host.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchError(ValueError):
    """The link gave no acceptable image; the message is the reason."""


@dataclass(frozen=True, slots=True)
class Fetched:
    content_type: str
    body: bytes


def is_public(address: IPAddress) -> bool:
    """Whether an address is globally reachable, looking through the IPv6 forms that wrap an IPv4 one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address in LOCAL_NAT64:
            return False
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and any(address in network for network in EMBEDS_IPV4):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    return address.is_global


def pinned_address(host: str, port: int, allow_private: bool) -> str:
    """Resolve `host` once and return the address to connect to; every answer must pass the check."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"host {host[:80]!r} cannot be resolved") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise FetchError(f"host {host[:80]!r} cannot be resolved")
    if not allow_private and not all(is_public(address) for address in addresses):
        raise FetchError(f"host {host[:80]!r} is a private or local address")
    return str(addresses[0])


def _checked(url: str) -> tuple[SplitResult, int]:
    try:
        parts = urlsplit(url)
        port = parts.port or SCHEMES.get(parts.scheme.lower(), 0)
    except ValueError as exc:
        raise FetchError(f"url {url[:80]!r} is malformed") from exc
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise FetchError(f"url {url[:80]!r} is not an http(s) link")
    if parts.username is not None or parts.password is not None:
        raise FetchError("url must not carry credentials")
    return parts, port


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.001, self.ends - time.monotonic())

    def passed(self) -> bool:
        return time.monotonic() >= self.ends


def _cut(connection: http.client.HTTPConnection) -> None:
    # Shutting the socket down wakes a read blocked on a server that trickles bytes.
    if connection.sock is not None:
        with contextlib.suppress(OSError):
            connection.sock.shutdown(socket.SHUT_RDWR)


def _get(parts: SplitResult, port: int, address: str, limits: UploadLimits, deadline: _Deadline) -> Fetched | str:
    """One request to the pinned address: the image, or the Location of a redirect."""
    kind = http.client.HTTPSConnection if parts.scheme.lower() == "https" else http.client.HTTPConnection
    connection = kind(parts.hostname or "", port, timeout=deadline.remaining())

    def connect(target: tuple[str, int], timeout: float, source: object = None) -> socket.socket:
        return socket.create_connection((address, target[1]), timeout)

    # http.client's own hook for opening the socket; TLS still verifies the certificate against the name.
    connection._create_connection = connect  # type: ignore[attr-defined]
    timer = threading.Timer(deadline.remaining(), _cut, (connection,))
    timer.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": "chatlabel-pack-loader", "Accept": "image/*"})
        response = connection.getresponse()
        if response.status in REDIRECT_STATUSES:
            location = response.getheader("Location")
            if not location:
                raise FetchError(f"HTTP {response.status} without a Location")
            return location
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}")
        content_type = response.headers.get_content_type()
        if not content_type.startswith("image/"):
            raise FetchError(f"content type {content_type[:60]!r} is not an image")
        length = response.getheader("Content-Length") or ""
        if length.isascii() and length.isdigit() and int(length) > limits.max_download_bytes:
            raise FetchError(f"image is {length[:20]} bytes, more than {limits.max_download_bytes}")
        body = response.read(limits.max_download_bytes + 1)
    except (http.client.HTTPException, OSError, ValueError) as exc:
        # Whatever a hostile server makes the client raise (BadStatusLine, LineTooLong, InvalidURL ...); a cut
        # connection shows as any of them, so the deadline is the reason when it has passed.
        if deadline.passed():
            raise FetchError(f"took longer than {deadline.seconds:g} s") from exc
        if isinstance(exc, FetchError):
            raise
        raise FetchError(f"cannot fetch: {type(exc).__name__}") from exc
    finally:
        timer.cancel()
        connection.close()
    if deadline.passed():
        raise FetchError(f"took longer than {deadline.seconds:g} s")
    if len(body) > limits.max_download_bytes:
        raise FetchError(f"image is more than {limits.max_download_bytes} bytes")
    if length.isascii() and length.isdigit() and len(body) < int(length):
        raise FetchError(f"image was cut short: {len(body)} of {length} bytes")
    return Fetched(content_type, body)


def fetch_url(url: str, limits: UploadLimits) -> Fetched:
    """GET an image: http(s) only, no proxies, checked and pinned addresses, few redirects, capped bytes and time."""
    deadline = _Deadline(limits.fetch_timeout_s)
    for _ in range(MAX_REDIRECTS + 1):
        parts, port = _checked(url)
        address = pinned_address(parts.hostname or "", port, limits.allow_private_urls)
        result = _get(parts, port, address, limits, deadline)
        if isinstance(result, Fetched):
            return result
        url = urljoin(url, result)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
