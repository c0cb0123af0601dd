"""Packs whose images are links: rows are checked at import, each image fetched when first needed."""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from core.content.collect import collect
from core.content.images import ImageRejected, reencode
from core.content.items import RowRejected
from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.content.pack import ImportReport, PackItem, PackManifest, failed
from core.content.rows import ItemsFileError, iter_rows, read_text


class FetchError(ValueError):
    """The link gave no acceptable image; the message is the reason."""


@dataclass(frozen=True, slots=True)
class Fetched:
    content_type: str
    body: bytes


Fetcher = Callable[[str, UploadLimits], Fetched]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead past the address check below, to the host's own network.
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def check_host(url: str, allow_private: bool) -> None:
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"host {host!r} cannot be resolved") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not allow_private and not address.is_global:
            raise FetchError(f"host {host!r} is a private or local address")


def fetch_url(url: str, limits: UploadLimits) -> Fetched:
    """GET an image with a timeout, no redirects, no proxies, and a hard cap on the bytes read."""
    check_host(url, limits.allow_private_urls)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())
    request = urllib.request.Request(url, headers={"User-Agent": "chatlabel-pack-loader"})
    try:
        with opener.open(request, timeout=limits.fetch_timeout_s) as response:
            content_type = response.headers.get_content_type()
            if not content_type.startswith("image/"):
                raise FetchError(f"content type {content_type!r} is not an image")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.max_download_bytes:
                raise FetchError(f"image is {length} bytes, more than {limits.max_download_bytes}")
            body = response.read(limits.max_download_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"cannot fetch: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > limits.max_download_bytes:
        raise FetchError(f"image is more than {limits.max_download_bytes} bytes")
    return Fetched(content_type, body)


def load_url_csv(csv_path: Path, manifest: PackManifest, limits: UploadLimits = DEFAULT_LIMITS) -> ImportReport:
    """Check a CSV (or JSONL) of image links; nothing is fetched until `fetch_image` is called."""

    def no_files(name: str) -> Path:
        raise RowRejected(f"image file {name!r} given where a url is expected")

    path = Path(csv_path)
    try:
        text = read_text(path, limits.max_file_bytes)
        return collect(manifest, iter_rows(path, text), no_files, limits, root=path.parent)
    except (ItemsFileError, OSError) as exc:
        return failed(path.name, str(exc))


def fetch_image(item: PackItem, cache_dir: Path, limits: UploadLimits, fetch: Fetcher = fetch_url) -> PackItem:
    """The item with its image fetched, checked and re-encoded into `cache_dir`; raises FetchError."""
    if item.image is not None or item.url is None:
        return item
    fetched = fetch(item.url, limits)
    try:
        clean, suffix = reencode(fetched.body, max_pixels=limits.max_pixels, max_side=limits.max_side)
    except ImageRejected as exc:
        raise FetchError(str(exc)) from exc
    target = Path(cache_dir).resolve() / (hashlib.sha256(clean).hexdigest()[:24] + suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(clean)
    return replace(item, image=target)
