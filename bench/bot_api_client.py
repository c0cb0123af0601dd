"""The bot's CPU per Bot API call: the library's httpx client against the product's aiohttp one, side by side.

A local server (its own process, so its work is not counted) answers every call at once; each client makes the
same form-encoded `answerCallbackQuery` calls, 20 in flight, and the figure is this process's CPU time per
call (CPU time, not wall time, so a loaded machine moves it less). Rounds alternate between the clients.

    .venv/bin/python bench/bot_api_client.py [--calls 3000 --rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

# bench/telegram.py would shadow the `telegram` package: import from the repository root, not from bench/.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from aiohttp import web  # noqa: E402
from telegram.request import BaseRequest, HTTPXRequest, RequestData  # noqa: E402
from telegram.request._requestparameter import RequestParameter  # noqa: E402

from bot.telegram.request import BotApiRequest  # noqa: E402

IN_FLIGHT = 20


async def serve(port: int) -> None:
    async def answer(request: web.Request) -> web.Response:
        await request.post()
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    await asyncio.Event().wait()


async def cpu_per_call(request: BaseRequest, url: str, calls: int) -> float:
    params = {"callback_query_id": "4242", "text": "Recorded", "show_alert": False}
    data = RequestData([RequestParameter.from_input(k, v) for k, v in params.items()])
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> None:
        async with gate:
            code, _ = await request.do_request(url, "POST", data)
            assert code == 200

    await request.initialize()
    try:
        await asyncio.gather(*(one() for _ in range(200)))  # connections opened, code paths warm
        started = time.process_time()
        await asyncio.gather(*(one() for _ in range(calls)))
        return (time.process_time() - started) / calls
    finally:
        await request.shutdown()


async def measure(args: argparse.Namespace, port: int) -> dict[str, object]:
    url = f"http://127.0.0.1:{port}/bot123:bench/answerCallbackQuery"
    figures: dict[str, list[float]] = {"httpx": [], "aiohttp": []}
    for _ in range(args.rounds):
        figures["httpx"].append(await cpu_per_call(HTTPXRequest(connection_pool_size=256), url, args.calls))
        figures["aiohttp"].append(await cpu_per_call(BotApiRequest(), url, args.calls))
    httpx_us, aiohttp_us = (statistics.median(v) * 1e6 for v in figures.values())
    return {
        "httpx_cpu_us_per_call": round(httpx_us, 1),
        "aiohttp_cpu_us_per_call": round(aiohttp_us, 1),
        "httpx_over_aiohttp": round(httpx_us / aiohttp_us, 2),
        "calls": args.calls,
        "rounds": args.rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve))
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        print(json.dumps(asyncio.run(measure(args, port))))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
