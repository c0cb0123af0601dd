"""group quizzes and community options

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "community_options",
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("daily_quiz", sa.Boolean(), nullable=False),
        sa.Column("quiz_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.PrimaryKeyConstraint("community_id"),
    )
    op.create_table(
        "group_quiz",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("posted_by", sa.Integer(), nullable=True),
        sa.Column("daily_day", sa.Date(), nullable=True),
        sa.Column("posted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closes_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("message_ref", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"]),
        sa.ForeignKeyConstraint(["posted_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "daily_day"),
    )
    with op.batch_alter_table("group_quiz", schema=None) as batch_op:
        batch_op.create_index("ix_group_quiz_community_id", ["community_id"], unique=False)
        batch_op.create_index("ix_group_quiz_due", ["closed_at", "closes_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("group_quiz", schema=None) as batch_op:
        batch_op.drop_index("ix_group_quiz_due")
        batch_op.drop_index("ix_group_quiz_community_id")
    op.drop_table("group_quiz")
    op.drop_table("community_options")
