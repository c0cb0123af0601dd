"""The README's requester example, run as written (only its polling pause shortened) against the real app under
uvicorn while three players answer the job it posts."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from app import open_game
from core.clock import FixedClock
from core.game.money.treasury import FixedTreasury
from core.types import CampaignStatus
from tests.integration.admin.played import play
from tests.support import make_settings
from web import requesters
from web.app import build_app
from web.server import bind, serving

README = Path(__file__).resolve().parents[3] / "README.md"
pytestmark = pytest.mark.slow


def example() -> str:
    section = README.read_text().split("## Requesters: posting jobs through the API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    assert len(code.group(1).splitlines()) <= 20
    return code.group(1).replace("time.sleep(30)", "time.sleep(0.2)")


async def test_the_readme_example_posts_a_job_and_collects_its_labels(tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path / "data", f"sqlite+aiosqlite:///{tmp_path / 'readme.db'}", tasks_gold_rate="0")
    (tmp_path / "items.jsonl").write_text("".join(f'{{"id": "t{i}", "text": "text {i}"}}\n' for i in range(5)))
    (tmp_path / "example.py").write_text(example())
    async with open_game(settings, clock=clock, packs=[]) as game:
        issued = await game.requesters.add("Acme AI")
        game.economy.treasury = FixedTreasury(10**18)  # 1 token: the operator credits the requester's deposit
        await game.requesters.deposit("Acme AI", "1", game.economy.treasury)
        sock = bind("127.0.0.1", 0, shared=False)
        async with serving(build_app(requesters.routes(game, settings)), sock):
            env = {
                **os.environ,
                "CHATLABEL_URL": f"http://127.0.0.1:{sock.getsockname()[1]}",
                "CHATLABEL_KEY": issued.key,
            }
            script = await asyncio.create_subprocess_exec(
                sys.executable,
                "example.py",
                cwd=tmp_path,
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            async with asyncio.timeout(60):
                while not (jobs := await game.requesters.jobs(issued.requester)) or (
                    jobs[0].status is not CampaignStatus.ACTIVE
                ):
                    await asyncio.sleep(0.1)
                for player in range(1, 6):  # agreeing answers, up to the max overlap of 5
                    await play(game, clock, player, None)
                out, err = await script.communicate()
            money = await game.requesters.money(issued.requester, jobs[0].campaign_id)
    assert script.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert lines[0] == "5 items in; [] refused"
    assert sorted(line.split()[0] for line in lines[1:]) == [f"t{i}" for i in range(5)]
    assert pq.read_table(tmp_path / "labels.parquet").num_rows == 5
    assert (money.funded, money.deposit, money.spent + money.left) == (50, 50, 50)
