"""Receiving one uploaded file (multipart/form-data, field `file`) onto disk, refused once it passes the cap."""

from __future__ import annotations

import asyncio
import secrets
import shutil
from pathlib import Path

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.types import Message, Receive

from web.requesters.problems import Problem

SUFFIXES = (".jsonl", ".csv", ".zip")


async def receive_file(request: Request, uploads_dir: Path, max_bytes: int) -> Path:
    """The upload saved as `items<suffix>` in a fresh folder under `uploads_dir` (the caller removes it)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "multipart/form-data":
        raise Problem(415, "Upload the file as multipart/form-data, in a field named 'file'.", slug="upload")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + 64 * 1024:
        raise Problem(413, f"An upload may hold at most {max_bytes} bytes.", slug="too-large")
    counted = Request(request.scope, _counting(request, max_bytes))
    try:
        form = await counted.form(max_files=1, max_fields=5)
    except Problem:
        raise
    except Exception:  # python-multipart's refusals of a malformed body
        raise Problem(400, "The multipart body could not be read.", slug="upload") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise Problem(422, "Send the items in a file field named 'file'.", slug="upload")
        suffix = Path(upload.filename or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise Problem(422, f"The file must be one of {', '.join(SUFFIXES)} (by its name).", slug="upload")
        folder = uploads_dir / secrets.token_hex(8)
        folder.mkdir(parents=True)
        target = folder / f"items{suffix}"
        await asyncio.to_thread(_copy, upload, target)
        return target
    finally:
        await form.close()


def _copy(upload: UploadFile, target: Path) -> None:
    upload.file.seek(0)
    with target.open("wb") as out:
        shutil.copyfileobj(upload.file, out, 1024 * 1024)


def _counting(request: Request, max_bytes: int) -> Receive:
    """The request's receive, refusing the body once it passes `max_bytes` (a declared length can lie)."""
    seen = 0
    receive = request.receive

    async def counting() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > max_bytes + 64 * 1024:  # the multipart framing around the file
            raise Problem(413, f"An upload may hold at most {max_bytes} bytes.", slug="too-large")
        return message

    return counting
