"""consensus: reputation, campaign workers, receipts, label changes, item log-posteriors

Revision ID: 0008
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Stamp = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "reputation",
        sa.Column("community_key", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("settled", sa.Integer(), nullable=False),
        sa.Column("agreed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("community_key", "account_id"),
    )
    op.create_table(
        "campaignworker",
        sa.Column("campaign_id", sa.Integer(), sa.ForeignKey("campaign.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("confusion", sa.JSON(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("reason", String(length=200), nullable=False),
        sa.Column("updated_at", Stamp(), nullable=False),
        sa.PrimaryKeyConstraint("campaign_id", "account_id"),
    )
    op.create_table(
        "receipt",
        sa.Column("assignment_id", sa.Integer(), sa.ForeignKey("assignment.id"), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("item.id"), nullable=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), nullable=False),
        sa.Column("label", String(length=64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("agreed", sa.Boolean(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("reputation", sa.Float(), nullable=False),
        sa.Column("earned", sa.BigInteger(), nullable=False),
        sa.Column("formula", String(length=300), nullable=False),
        sa.Column("settled_at", Stamp(), nullable=False),
        sa.PrimaryKeyConstraint("assignment_id"),
    )
    op.create_index("ix_receipt_item_id", "receipt", ["item_id"])
    op.create_index("ix_receipt_account", "receipt", ["account_id", "settled_at"])
    op.create_table(
        "labelchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("item.id"), nullable=False),
        sa.Column("old_label", String(length=64), nullable=True),
        sa.Column("new_label", String(length=64), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("changed_at", Stamp(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_labelchange_item_id", "labelchange", ["item_id"])
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("log_posterior", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_column("log_posterior")
    op.drop_table("labelchange")
    op.drop_table("receipt")
    op.drop_table("campaignworker")
    op.drop_table("reputation")
