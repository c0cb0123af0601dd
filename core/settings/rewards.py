"""Paying out: claims, batches and the chain they are paid on."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, model_validator

from core.settings.base import Positive, Section


class RewardSettings(Section):
    """Claims: points -> tokens, and when the batch payout runs (see [rewards] in config.toml)."""

    tokens_per_point: Annotated[Decimal, Field(gt=0, le=10**9)] = Decimal("0.01")
    token_decimals: Annotated[int, Field(ge=0, le=36)] = 18
    min_points: Positive = 100
    cooldown_hours: Annotated[float, Field(ge=0, le=24 * 365)] = 24.0
    proof_required: bool = True
    nonce_ttl_minutes: Positive = 15
    batch_minutes: Positive = 10
    batch_trigger: Positive = 50
    max_batch: Annotated[int, Field(ge=1, le=500)] = 500


class ChainSettings(Section):
    """Where payouts go (see [chain] in config.toml); an empty rpc means the embedded in-process chain."""

    rpc: str = ""
    contract: str = ""
    confirmations: Annotated[int, Field(ge=1, le=1000)] = 3
    fee_cap_gwei: Annotated[float, Field(gt=0)] = 500.0
    stuck_after_seconds: Annotated[float, Field(gt=0)] = 180.0
    reconcile_seconds: Annotated[float, Field(gt=0, le=3600)] = 15.0
    rpc_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 10.0
    lease_seconds: Annotated[float, Field(gt=0, le=3600)] = 120.0
    node_retry_max_seconds: Annotated[float, Field(gt=0, le=3600)] = 300.0
    explorer_tx_url: str = ""
    recheck_blocks: Annotated[int, Field(ge=0, le=100_000)] = 256
    # Whole tokens minted to the embedded chain's Distributor at its start (its treasury); a real chain is funded
    # by the operator. At most 2**96 - 1 base units (the payment word's amount field).
    dev_treasury_tokens: Annotated[Decimal, Field(ge=0, le=10**10)] = Decimal(1_000_000)

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.rpc and not self.rpc.startswith(("http://", "https://")):
            raise ValueError("rpc must be empty (embedded chain) or an http(s):// URL")
        if self.rpc and not self.contract:
            raise ValueError("contract is required when rpc names a node")
        if self.explorer_tx_url and "{tx}" not in self.explorer_tx_url:
            raise ValueError("explorer_tx_url must contain {tx}")
        return self
