"""The committed contract artifacts are exactly what the pinned compiler makes of the sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from wallet import artifacts
from wallet.contracts import compile as build


def test_rebuilt_artifacts_are_byte_identical(tmp_path: Path) -> None:
    vyper = pytest.importorskip("vyper", reason="the Vyper compiler is a development dependency")
    if vyper.__version__ != build.VYPER_VERSION:
        pytest.skip(f"artifacts are built with vyper {build.VYPER_VERSION}, found {vyper.__version__}")
    for rebuilt in build.build_all(tmp_path):
        committed = build.BUILD_DIR / rebuilt.name
        assert committed.read_bytes() == rebuilt.read_bytes(), f"{committed} is stale: rerun the build"


def test_the_artifacts_load_without_the_compiler() -> None:
    for name in build.CONTRACT_NAMES:
        artifact = artifacts.load(name)
        functions = {item["name"] for item in artifact.abi if item["type"] == "function"}
        assert {"pay_batch", "paid", "owner"} <= functions
        assert artifact.bytecode and artifact.bytecode_runtime
