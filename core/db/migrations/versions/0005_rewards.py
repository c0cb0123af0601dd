"""rewards: wallet links, link nonces, claims, payout batches and their transactions, chain record, job lease

Revision ID: 0005
Revises: 0002
Written by hand (other feature branches add revisions in parallel).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString
When = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "wallet_link",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), primary_key=True),
        sa.Column("address", Text(length=42), nullable=False),
        sa.Column("proven", sa.Boolean(), nullable=False),
        sa.Column("linked_at", When(), nullable=False),
    )
    op.create_index("ix_wallet_link_address", "wallet_link", ["address"])
    op.create_table(
        "wallet_nonce",
        sa.Column("nonce", Text(length=32), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("address", Text(length=42), nullable=False),
        sa.Column("message", Text(length=1000), nullable=False),
        sa.Column("expires_at", When(), nullable=False),
        sa.Column("used_at", When(), nullable=True),
    )
    op.create_index("ix_wallet_nonce_open", "wallet_nonce", ["account_id", "used_at"])
    op.create_table(
        "payout_batch",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chain_batch_id", Text(length=66), nullable=False),
        sa.Column("status", Text(length=16), nullable=False),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.Integer(), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.Column("tx_hash", Text(length=66), nullable=True),
        sa.Column("block_number", sa.Integer(), nullable=True),
        sa.Column("gas_used", sa.Integer(), nullable=True),
    )
    op.create_index("ix_payout_batch_chain_batch_id", "payout_batch", ["chain_batch_id"])
    op.create_index("ix_payout_batch_status", "payout_batch", ["status", "id"])
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("address", Text(length=42), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("amount", Text(length=40), nullable=False),
        sa.Column("status", Text(length=16), nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("payout_batch.id"), nullable=True),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("paid_at", When(), nullable=True),
        sa.Column("tx_hash", Text(length=66), nullable=True),
    )
    op.create_index("ix_claim_status", "claim", ["status", "id"])
    op.create_index("ix_claim_account", "claim", ["account_id", "created_at"])
    op.create_index("ix_claim_batch_id", "claim", ["batch_id"])
    op.create_table(
        "batch_tx",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("payout_batch.id"), nullable=False),
        sa.Column("tx_hash", Text(length=66), nullable=False, unique=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.Integer(), nullable=False),
        sa.Column("max_fee", Text(length=40), nullable=False),
        sa.Column("priority_fee", Text(length=40), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("broadcast_at", When(), nullable=True),
    )
    op.create_index("ix_batch_tx_batch_id", "batch_tx", ["batch_id"])
    op.create_table(
        "chain_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("namespace", Text(length=64), nullable=False),
        sa.Column("chain_id", sa.BigInteger(), nullable=False),
        sa.Column("genesis_hash", Text(length=66), nullable=False),
        sa.Column("contract", Text(length=42), nullable=False),
        sa.Column("code_hash", Text(length=66), nullable=True),
        sa.Column("recorded_at", When(), nullable=False),
        sa.Column("reset_detected_at", When(), nullable=True),
        sa.Column("reset_detail", Text(length=500), nullable=True),
    )
    op.create_table(
        "job_lease",
        sa.Column("name", Text(length=32), primary_key=True),
        sa.Column("holder", Text(length=64), nullable=False),
        sa.Column("expires_at", When(), nullable=False),
    )


def downgrade() -> None:
    for table in ("job_lease", "chain_record", "batch_tx", "claim", "payout_batch", "wallet_nonce", "wallet_link"):
        op.drop_table(table)
