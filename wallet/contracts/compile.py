"""Regenerate the compiled artifacts in ``build/`` from the Vyper sources.

Run with ``python -m wallet.contracts.compile``. The artifacts are committed so that the product never needs
the compiler; a test rebuilds them and checks they are byte-identical to what is committed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

# The compiler version is pinned: bytecode differs between versions, and the committed artifacts must be
# reproducible from the sources.
VYPER_VERSION = "0.4.3"
CONTRACTS_DIR = Path(__file__).resolve().parent
BUILD_DIR = CONTRACTS_DIR / "build"
CONTRACT_NAMES = ("RewardToken", "Distributor")


def compile_contract(name: str) -> dict[str, object]:
    """Compile one contract and return its artifact (ABI, creation and runtime bytecode, provenance)."""
    import vyper  # imported here: only building needs the compiler
    from vyper.compiler.settings import OptimizationLevel, Settings

    if vyper.__version__ != VYPER_VERSION:
        raise RuntimeError(f"rebuilding needs vyper {VYPER_VERSION}, found {vyper.__version__}")
    source_path = CONTRACTS_DIR / f"{name}.vy"
    source = source_path.read_text(encoding="utf-8")
    out = vyper.compile_code(
        source,
        contract_path=source_path.name,
        output_formats=["abi", "bytecode", "bytecode_runtime"],
        settings=Settings(optimize=OptimizationLevel.GAS),
    )
    return {
        "contract_name": name,
        "compiler": f"vyper-{VYPER_VERSION}",
        "optimize": "gas",
        "source_sha256": hashlib.sha256(source.encode("utf-8")).hexdigest(),
        "abi": out["abi"],
        "bytecode": out["bytecode"],
        "bytecode_runtime": out["bytecode_runtime"],
    }


def render(artifact: dict[str, object]) -> str:
    """Serialise an artifact the same way every time, so a rebuild can be compared byte for byte."""
    return json.dumps(artifact, indent=2, sort_keys=True) + "\n"


def build_all(out_dir: Path = BUILD_DIR) -> list[Path]:
    """Write every artifact into ``out_dir`` and return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in CONTRACT_NAMES:
        path = out_dir / f"{name}.json"
        path.write_text(render(compile_contract(name)), encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    for path in build_all():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
