"""discord level roles and quiz channels

Revision ID: 0006
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "discord_level_role",
        sa.Column("guild_id", sa.String(length=32), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("role_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "level"),
    )
    op.create_table(
        "discord_guild_settings",
        sa.Column("guild_id", sa.String(length=32), nullable=False),
        sa.Column("quiz_channel_id", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("guild_id"),
    )


def downgrade() -> None:
    op.drop_table("discord_guild_settings")
    op.drop_table("discord_level_role")
