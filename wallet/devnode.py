"""A local anvil dev node on a free port, for the test suite and the gas benchmark (never the product's chain).

The binary comes from the npm package `@foundry-rs/anvil-linux-amd64`, which `.ci/install-anvil` puts in `.tools/`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from wallet.chain import ChainClient

REPO = Path(__file__).resolve().parents[1]
START_SECONDS = 15.0


def anvil_binary() -> str | None:
    """``$ANVIL_BIN``, else the copy ``.ci/install-anvil`` puts in ``.tools/``, else one on PATH."""
    candidates = [
        os.environ.get("ANVIL_BIN"),
        str(REPO / ".tools/node_modules/.bin/anvil"),
        str(REPO / ".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"),
        shutil.which("anvil"),
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Anvil:
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_anvil(binary: str, port: int | None = None) -> Anvil:
    """Start anvil and return once it answers JSON-RPC (RuntimeError if it does not within 15 s)."""
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--host", "127.0.0.1", "--port", str(port), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    node = Anvil(f"http://127.0.0.1:{port}", process)
    probe = ChainClient.from_url(node.url, timeout=1)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            probe.web3.eth.chain_id  # noqa: B018 - the call is the readiness probe
            return node
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                node.stop()
                raise RuntimeError(f"anvil did not start on port {port}") from None
            time.sleep(0.05)
