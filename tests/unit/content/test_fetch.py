"""The link fetcher against hostile servers of the test's own on 127.0.0.1, and a resolver that changes its mind."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterator

import pytest

from core.content import FetchError, UploadLimits, fetch_url
from core.content.fetch import is_public
from tests.fakes.hostile_http import HostileServer, raw, trickle
from tests.unit.content.conftest import png_bytes

PNG = png_bytes((20, 10))
IMAGE = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n" % len(PNG) + PNG
LOCAL = UploadLimits(allow_private_urls=True, fetch_timeout_s=2.0)


def redirect(location: str) -> bytes:
    return f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer(
        {
            "/cat.png": raw(IMAGE),
            "/moved.png": raw(redirect("/cat.png")),
            "/loop.png": raw(redirect("/loop.png")),
            "/to-file.png": raw(redirect("file:///etc/passwd")),
            "/garbage": raw(b"garbage\r\n\r\n"),
            "/long-header": raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n"),
            "/short-body": raw(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 5000\r\n\r\nabc"),
            "/trickle.png": trickle(
                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 40\r\n\r\n", 0.25, 40
            ),
            "/trickle-head": trickle(b"HTTP/1.1 200 OK\r\nX-Slow: ", 0.25, 40),
        }
    ).start()
    yield hostile
    hostile.close()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[list[str]]]:
    """Names under .test resolve to the next listed answer; the last answer repeats; anything else is refused."""
    table: dict[str, list[list[str]]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list[tuple]:
        if not str(host).endswith(".test"):
            return real(host, port, *args, **kwargs)
        queue = table.get(str(host))
        if not queue:
            raise socket.gaierror(socket.EAI_NONAME, "unknown name")
        addresses = queue.pop(0) if len(queue) > 1 else queue[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "unknown name")
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[ipaddress.ip_address(a).version], socket.SOCK_STREAM, 6, "", (a, int(port or 0))) for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


def port_of(server: HostileServer) -> str:
    return server.base.rsplit(":", 1)[1]


def test_the_checked_address_is_the_one_connected_to(server: HostileServer, answers: dict) -> None:
    # A rebinding name: its second answer differs from the first (here: it does not resolve at all any more).
    answers["images.test"] = [["127.0.0.1"], []]
    fetched = fetch_url(f"http://images.test:{port_of(server)}/cat.png", LOCAL)
    assert fetched.body == PNG
    assert b"Host: images.test:" in server.requests[0]  # the name still goes to the server, only DNS is pinned


def test_one_private_answer_among_public_ones_is_refused(server: HostileServer, answers: dict) -> None:
    answers["mixed.test"] = [["8.8.8.8", "127.0.0.1"]]
    with pytest.raises(FetchError, match="private or local"):
        fetch_url(f"http://mixed.test:{port_of(server)}/cat.png", UploadLimits())
    assert server.requests == []


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",
        "64:ff9b::a00:5",
        "2002:7f00:1::1",
        "2002:c0a8:101::",
        "::7f00:1",
        "::ffff:0:a9fe:a9fe",
        "64:ff9b:1::7f00:1",
    ],
)
def test_nat64_and_6to4_forms_of_private_addresses_are_refused(
    server: HostileServer, answers: dict, address: str
) -> None:
    answers["wrapped.test"] = [[address]]
    with pytest.raises(FetchError, match="private or local"):
        fetch_url(f"http://wrapped.test:{port_of(server)}/cat.png", UploadLimits())
    assert not is_public(ipaddress.ip_address(address))


def test_public_addresses_stay_public() -> None:
    for address in ("8.8.8.8", "64:ff9b::808:808", "2002:808:808::", "2606:4700:4700::1111"):
        assert is_public(ipaddress.ip_address(address)), address


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/x.png", "http://user:pw@127.0.0.1/x.png"])
def test_the_fetcher_checks_the_scheme_itself(url: str) -> None:
    with pytest.raises(FetchError, match=r"http\(s\) link|credentials"):
        fetch_url(url, LOCAL)


def test_redirects_are_followed_hop_by_hop(server: HostileServer, answers: dict) -> None:
    assert fetch_url(server.base + "/moved.png", LOCAL).body == PNG
    with pytest.raises(FetchError, match=r"not an http\(s\) link"):
        fetch_url(server.base + "/to-file.png", LOCAL)
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch_url(server.base + "/loop.png", LOCAL)


def test_every_redirect_hop_is_resolved_and_checked(server: HostileServer, answers: dict) -> None:
    server.routes["/away.png"] = raw(redirect(f"http://inside.test:{port_of(server)}/cat.png"))
    answers["inside.test"] = [["10.0.0.7"]]
    with pytest.raises(FetchError, match="private or local"):
        fetch_url(server.base + "/away.png", UploadLimits(allow_private_urls=False, fetch_timeout_s=2.0))
    # The first hop is itself local, so with private addresses allowed the refusal must come from the second hop.
    answers["inside.test"] = [[]]
    with pytest.raises(FetchError, match=r"inside\.test.*cannot be resolved"):
        fetch_url(server.base + "/away.png", LOCAL)


@pytest.mark.parametrize(
    "path", ["/garbage", "/long-header", "/short-body", "/a b.png", "/\x00.png", "/cat.png\r\nX-Injected: 1"]
)
def test_broken_servers_and_urls_give_a_reason(server: HostileServer, path: str) -> None:
    with pytest.raises(FetchError):
        fetch_url(server.base + path, LOCAL)


@pytest.mark.parametrize("url", ["http://[::1/x.png", "http://127.0.0.1:99999/x.png", "http://127.0.0.1:abc/x.png"])
def test_malformed_links_give_a_reason(url: str) -> None:
    with pytest.raises(FetchError):
        fetch_url(url, LOCAL)


@pytest.mark.parametrize("path", ["/trickle.png", "/trickle-head"])
def test_a_trickling_server_is_cut_at_the_total_deadline(server: HostileServer, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 s"):
        fetch_url(server.base + path, UploadLimits(allow_private_urls=True, fetch_timeout_s=1.0))
    assert time.monotonic() - started < 2.0  # the server would trickle for 10 s
