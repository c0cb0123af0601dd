"""when the platform last confirmed a moderator; notices addressed to one identity

Revision ID: 0011
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("membership") as batch:
        batch.add_column(sa.Column("moderator_checked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("platform", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("external_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.drop_column("external_id")
        batch.drop_column("platform")
    with op.batch_alter_table("membership") as batch:
        batch.drop_column("moderator_checked_at")
