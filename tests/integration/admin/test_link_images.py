"""Link packs: images are fetched by the scheduled job from a real HTTP server, never inside a transaction."""

from __future__ import annotations

import dataclasses
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from core.content.limits import DEFAULT_LIMITS
from core.db.tables import Item
from core.game.game import Game
from core.game.link_images import fetch_pending
from tests.fakes.hostile_http import HostileServer, raw, trickle
from tests.integration.admin.conftest import ADMIN, png_bytes
from tests.integration.admin.test_imports import image_campaign

LOCAL = dataclasses.replace(DEFAULT_LIMITS, allow_private_urls=True, fetch_timeout_s=2.0)


@pytest.fixture
def image_server(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "cat.png").write_bytes(png_bytes("orange", (40, 30)))
    (tmp_path / "fake.png").write_text("<html>not an image</html>")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


async def test_link_images_are_fetched_and_bad_links_withdrawn(
    admin_game: Game, tmp_path: Path, image_server: str
) -> None:
    pets = await image_campaign(admin_game)
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,known_answer,gold\n"
        f"1,{image_server}/cat.png,cat,0\n"
        f"2,{image_server}/fake.png,dog,0\n"
        f"3,{image_server}/missing.png,dog,0\n"
    )
    await admin_game.campaigns.import_pack(ADMIN, pets, links, form="url_csv")
    report = await fetch_pending(admin_game.deps, limits=LOCAL)
    assert (report.fetched, report.withdrawn) == (1, 2)
    rows = await admin_game.deps.db.transaction(
        lambda s: s.execute(select(Item.external_id, Item.image, Item.status).order_by(Item.external_id))
    )
    by_id = {external: (image, status) for external, image, status in rows}
    assert by_id["1"][1] == "open" and by_id["1"][0] and Path(by_id["1"][0]).exists()
    assert by_id["2"] == (None, "withdrawn") and by_id["3"] == (None, "withdrawn")
    assert await fetch_pending(admin_game.deps, limits=LOCAL) == type(report)(0, 0)  # nothing left to do


async def test_private_addresses_are_refused_by_default(admin_game: Game, tmp_path: Path, image_server: str) -> None:
    pets = await image_campaign(admin_game)
    links = tmp_path / "links.csv"
    links.write_text(f"id,url,known_answer,gold\n1,{image_server}/cat.png,cat,0\n")
    await admin_game.campaigns.import_pack(ADMIN, pets, links, form="url_csv")
    report = await fetch_pending(admin_game.deps)  # the product's limits: no loopback or private hosts
    assert (report.fetched, report.withdrawn) == (0, 1)


async def test_link_items_are_served_only_once_their_image_is_here(
    admin_game: Game, tmp_path: Path, image_server: str
) -> None:
    from sqlalchemy import update

    from core.db.tables import Account
    from core.errors import NoTasks
    from tests.support import user

    await admin_game.campaigns.create(
        ADMIN, name="Links", kind="image_binary", question="A cat?", choices="yes=Yes,no=No", gold_rate=0
    )
    links = tmp_path / "links.csv"
    links.write_text(f"id,url,known_answer,gold\n1,{image_server}/cat.png,yes,0\n")
    await admin_game.campaigns.import_pack(ADMIN, "Links", links, form="url_csv")
    await admin_game.campaigns.start(ADMIN, "Links")
    admin_game.deps.campaigns.invalidate()
    await admin_game.start(user(7))
    await admin_game.deps.db.transaction(lambda s: s.execute(update(Account).values(level=1)))  # an image checker
    # Nothing to serve yet: the image has not been fetched.
    with pytest.raises(NoTasks):
        await admin_game.next_task(user(7))
    await fetch_pending(admin_game.deps, limits=LOCAL)
    prompt = await admin_game.next_task(user(7))
    assert prompt.image is not None and prompt.image.exists()


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    server = HostileServer(
        {
            "/garbage": raw(b"garbage\r\n\r\n"),
            "/long-header": raw(b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n"),
            "/trickle.png": trickle(
                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 99\r\n\r\n", 0.2, 99
            ),
        }
    ).start()
    yield server
    server.close()


async def test_one_broken_link_withdraws_only_its_item(
    admin_game: Game, tmp_path: Path, image_server: str, hostile: HostileServer
) -> None:
    pets = await image_campaign(admin_game)
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,known_answer,gold\n"
        f"1,{hostile.base}/garbage,cat,0\n"
        f"2,{hostile.base}/long-header,dog,0\n"
        f"3,{hostile.base}/a%20b/../x y.png,dog,0\n"
        f"4,{image_server}/cat.png,cat,0\n"
    )
    await admin_game.campaigns.import_pack(ADMIN, pets, links, form="url_csv")
    report = await fetch_pending(admin_game.deps, limits=LOCAL)
    rows = await admin_game.deps.db.transaction(
        lambda s: s.execute(
            select(Item.external_id, Item.status, Item.image, Item.withdrawn_reason).order_by(Item.external_id)
        )
    )
    by_id = {external: (status, image, reason) for external, status, image, reason in rows}
    assert by_id["4"][0] == "open" and by_id["4"][1] and by_id["4"][2] is None
    assert [by_id[i][0] for i in ("1", "2", "3")] == ["withdrawn"] * 3
    reasons = [by_id[i][2] for i in ("1", "2", "3")]
    assert reasons == [
        f"link gave no image: cannot fetch: {name}" for name in ("BadStatusLine", "LineTooLong", "InvalidURL")
    ]
    assert (report.fetched, report.withdrawn) == (1, 3)


async def test_a_job_run_stays_within_its_budget(admin_game: Game, tmp_path: Path, hostile: HostileServer) -> None:
    pets = await image_campaign(admin_game)
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,known_answer,gold\n" + "".join(f"{n},{hostile.base}/trickle.png,cat,0\n" for n in range(5))
    )
    await admin_game.campaigns.import_pack(ADMIN, pets, links, form="url_csv")
    limits = dataclasses.replace(LOCAL, fetch_timeout_s=0.5, fetch_budget_s=1.2)
    started = time.monotonic()
    report = await fetch_pending(admin_game.deps, limits=limits)
    assert time.monotonic() - started < 2.5  # each trickle would last 20 s
    assert (report.fetched, report.withdrawn) == (0, 2)
    statuses = await admin_game.deps.db.transaction(lambda s: s.scalars(select(Item.status)))
    assert sorted(statuses) == ["open"] * 3 + ["withdrawn"] * 2  # the rest wait for the next run
