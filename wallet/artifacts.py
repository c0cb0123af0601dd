"""Load the committed contract artifacts (ABI and bytecode) without needing the compiler."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eth_typing import ABI

BUILD_DIR = Path(__file__).resolve().parent / "contracts" / "build"


@dataclass(frozen=True, slots=True)
class Artifact:
    name: str
    abi: ABI
    bytecode: bytes
    bytecode_runtime: bytes


@cache
def load(name: str) -> Artifact:
    """The artifact ``build/<name>.json``; ``name`` is ``RewardToken`` or ``Distributor``."""
    data = json.loads((BUILD_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return Artifact(
        name=name,
        abi=data["abi"],
        bytecode=bytes.fromhex(data["bytecode"].removeprefix("0x")),
        bytecode_runtime=bytes.fromhex(data["bytecode_runtime"].removeprefix("0x")),
    )
