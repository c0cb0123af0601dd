"""a campaign's model as one more worker: the option, the model's weights and its predictions

Revision ID: 0027_model_assist
Revises: 0026

Off for every existing campaign.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0027_model_assist"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.add_column(sa.Column("model_assist", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "campaignmodel",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("weights", sa.LargeBinary(), nullable=True),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("trained_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("confusion", sa.JSON(), nullable=True),
        sa.Column("confusion_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"]),
        sa.PrimaryKeyConstraint("campaign_id"),
    )
    op.create_table(
        "modelprediction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("choice", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "version"),
    )
    op.create_index(op.f("ix_modelprediction_item_id"), "modelprediction", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_modelprediction_item_id"), table_name="modelprediction")
    op.drop_table("modelprediction")
    op.drop_table("campaignmodel")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_column("model_assist")
