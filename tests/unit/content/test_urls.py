"""The link loader against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.content import (
    FetchError,
    UploadLimits,
    fetch_image,
    fetch_url,
    load_url_csv,
)
from tests.unit.content.conftest import LINKS_MANIFEST, png_bytes

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/cat.png": (200, "image/png", png_bytes((40, 30))),
    "/page.html": (200, "text/html", b"<html></html>"),
    "/big.png": (200, "image/png", b"\x89PNG" + b"0" * 5000),
    "/fake.png": (200, "image/png", b"not an image at all"),
}
LOCAL = UploadLimits(allow_private_urls=True, fetch_timeout_s=2.0)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, content_type, body = ROUTES.get(self.path, (404, "text/plain", b"missing"))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def write_csv(path: Path, base: str) -> Path:
    path.write_text(
        "id,url,known_answer,gold\n"
        f"1,{base}/cat.png,yes,1\n"
        f"2,{base}/page.html,no,0\n"
        "3,ftp://example.com/x.png,no,0\n"
        "4,file:///etc/passwd,no,0\n"
        "5,http://user:pw@example.com/x.png,no,0\n"
        "6,images/local.png,no,0\n"
    )
    return path


def test_rows_are_checked_without_fetching(tmp_path: Path, server: str) -> None:
    report = load_url_csv(write_csv(tmp_path / "links.csv", server), LINKS_MANIFEST)
    assert [i.external_id for i in report.pack.items] == ["1", "2"]
    assert all(i.image is None and i.url for i in report.pack.items)
    assert [r.where for r in report.rejected] == ["links.csv:4", "links.csv:5", "links.csv:6", "links.csv:7"]


def test_fetch_image_reencodes_into_the_cache(tmp_path: Path, server: str) -> None:
    item = load_url_csv(write_csv(tmp_path / "links.csv", server), LINKS_MANIFEST).pack.items[0]
    fetched = fetch_image(item, tmp_path / "cache", LOCAL)
    assert fetched.image is not None and fetched.image.parent == (tmp_path / "cache").resolve()
    assert fetched.image.read_bytes().startswith(b"\x89PNG")
    assert fetch_image(fetched, tmp_path / "cache", LOCAL) is fetched


@pytest.mark.parametrize(
    ("path", "limits", "reason"),
    [
        ("/page.html", LOCAL, "not an image"),
        ("/big.png", UploadLimits(allow_private_urls=True, max_download_bytes=1000), "more than 1000"),
        ("/fake.png", LOCAL, "not a readable image"),
        ("/missing.png", LOCAL, "HTTP 404"),
        ("/cat.png", UploadLimits(), "private or local"),
    ],
)
def test_bad_links_raise_a_named_reason(
    tmp_path: Path, server: str, path: str, limits: UploadLimits, reason: str
) -> None:
    from dataclasses import replace

    item = load_url_csv(write_csv(tmp_path / "links.csv", server), LINKS_MANIFEST).pack.items[0]
    with pytest.raises(FetchError, match=reason):
        fetch_image(replace(item, url=server + path), tmp_path / "cache", limits)


def test_timeout_is_reported(server: str) -> None:
    import socket

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        limits = UploadLimits(allow_private_urls=True, fetch_timeout_s=0.3)
        with pytest.raises(FetchError, match=r"took longer than 0\.3 s"):
            fetch_url(f"http://127.0.0.1:{silent.getsockname()[1]}/x.png", limits)
    finally:
        silent.close()


def test_the_fetcher_can_be_replaced(tmp_path: Path) -> None:
    from core.content import Fetched

    calls: list[str] = []

    def fake(url: str, limits: UploadLimits) -> Fetched:
        calls.append(url)
        return Fetched("image/png", png_bytes())

    item = load_url_csv(write_csv(tmp_path / "l.csv", "https://img.example"), LINKS_MANIFEST).pack.items[0]
    assert fetch_image(item, tmp_path / "c", UploadLimits(), fetch=fake).image.is_file()
    assert calls == ["https://img.example/cat.png"]


def test_a_broken_link_rejects_its_row(tmp_path: Path) -> None:
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,known_answer\n"
        "1,http://[::1,yes\n"
        "2,http://example.com:99999/x.png,no\n"
        "3,http://example.com:port/x.png,no\n"
        "4,https://example.com/cat.png,yes\n"
    )
    report = load_url_csv(links, LINKS_MANIFEST)
    assert [i.external_id for i in report.pack.items] == ["4"]
    assert [(r.where, "malformed" in r.reason) for r in report.rejected] == [
        ("links.csv:2", True),
        ("links.csv:3", True),
        ("links.csv:4", True),
    ]
