"""The Telegram webhook route on the one HTTP app: only Telegram (the secret) gets in, bad bodies are refused."""

from __future__ import annotations

import httpx
from telegram.ext import ApplicationBuilder

from web.app import build_app
from web.telegram import MAX_UPDATE_BYTES, SECRET_HEADER, routes

SECRET = "k3Zt9_Qm2-XwLp7Rv4Ns8Yb1Hd6Fg0Jc5Ue"
UPDATE = {
    "update_id": 7,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 5, "type": "private", "first_name": "Ann"},
        "from": {"id": 5, "is_bot": False, "first_name": "Ann"},
        "text": "/start",
    },
}


async def test_the_route_checks_the_secret_then_the_body() -> None:
    application = ApplicationBuilder().token("123:abc").build()
    app = build_app(routes(application, "/telegram", SECRET))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot") as client:
        ok = {SECRET_HEADER: SECRET}
        assert (await client.post("/telegram", json=UPDATE)).status_code == 403
        assert (await client.post("/telegram", json=UPDATE, headers={SECRET_HEADER: SECRET[:-1]})).status_code == 403
        assert (await client.post("/telegram", content=b"x", headers=ok)).status_code == 415
        json_type = {**ok, "content-type": "application/json"}
        assert (await client.post("/telegram", content=b"{not json", headers=json_type)).status_code == 400
        too_big = b"[" + b"0," * MAX_UPDATE_BYTES + b"0]"
        assert (await client.post("/telegram", content=too_big, headers=json_type)).status_code == 413
        assert (await client.get("/telegram", headers=ok)).status_code == 405
        assert application.update_queue.empty()  # nothing refused reached the bot
        assert (await client.post("/telegram", json=UPDATE, headers=ok)).status_code == 200
    update = application.update_queue.get_nowait()
    assert update.update_id == 7 and update.message.text == "/start"
